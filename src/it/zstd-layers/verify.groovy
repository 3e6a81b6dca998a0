// zstd layers (<layerCompression>zstd</layerCompression>), checked with skopeo (reads them, and
// recompresses them to gzip for an umoci older than 0.5.0, which has no zstd), umoci, the zstd
// command, GNU tar, podman load and bunny:inspect.
import groovy.json.JsonSlurper

def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def urunc = [
    'com.urunc.unikernel.unikernelType': 'rumprun',
    'com.urunc.unikernel.hypervisor': 'hvt',
    'com.urunc.unikernel.binary': '/.boot/kernel',
    'com.urunc.unikernel.cmdline': 'redis-server /data/redis.conf',
    'com.urunc.unikernel.mountRootfs': 'true',
    'com.urunc.unikernel.useDMBlock': 'true',
]
File archive = new File(basedir, 'target/zstd-layers-1.0-oci.tar')
def result = lib.checkImage(basedir, [
    tag: 'test',
    archive: archive,
    cmd: ['redis-server', '/data/redis.conf'],
    urunc: urunc,
    files: ['.boot/kernel': new File(basedir, 'redis.hvt'),
            'data/redis.conf': new File(basedir, 'www/redis.conf'),
            'data/index.html': new File(basedir, 'www/index.html'),
            'data/img/lines.txt': new File(basedir, 'www/img/lines.txt')],
    absent: ['.boot/rootfs'],
    zstd: true,
])

// Every layer is zstd: media type, frame magic, `zstd -t`, and its tar is the diff ID the config names.
File layoutDir = new File(basedir, 'target/bunny/oci-layout')
def layers = result.layout.manifest.layers
assert layers.size() == 3 : "rootfs files, kernel, urunc.json: ${layers}"
layers.eachWithIndex { layer, i ->
  assert layer.mediaType == 'application/vnd.oci.image.layer.v1.tar+zstd'
  File blob = lib.blob(layoutDir, layer.digest)
  byte[] head = new byte[4]
  blob.withInputStream { it.read(head) }
  assert head == [0x28, 0xb5, 0x2f, 0xfd] as byte[] : "not a zstd frame: ${layer.digest}"
  lib.run(['zstd', '-q', '-t', blob.path])
  byte[] tar = lib.runBytes(['zstd', '-q', '-d', '-c', blob.path])
  assert lib.sha256(tar) == result.layout.config.rootfs.diff_ids[i]
  String listing = lib.run(['tar', '--zstd', '--numeric-owner', '--full-time', '-tvf', blob.path])
  listing.readLines().each { line ->
    assert line.contains(' 0/0 ') && line.contains('2026-01-01 00:00:00') : line
  }
}

// bunny:inspect decompresses them, from the layout and from the archive.
String log = new File(basedir, 'build.log').text
assert log.count('urunc keys in labels, annotations and /urunc.json: consistent') == 2 : log

// podman (containers/storage) loads an archive with zstd layers.
lib.checkPodmanLoad(archive, 'urunc/prebuilt/redis-zstd:test', result.layout.digest, urunc)
