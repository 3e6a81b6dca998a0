def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def digests = [:]
['a', 'b'].each { m -> ['kiritimati', 'adak'].each { tz -> digests["${m}/${tz}"] = new File(basedir, "${m}/target/${tz}.digest").text.trim() } }
assert digests.values().every { it.startsWith('sha256:') }
assert digests.values().toSet().size() == 1 : "digests differ: ${digests}"
byte[] first = new File(basedir, 'a/target/kiritimati.tar').bytes
['a/target/adak.tar', 'b/target/kiritimati.tar', 'b/target/adak.tar'].each {
  assert Arrays.equals(first, new File(basedir, it).bytes) : "archive ${it} differs from a/target/kiritimati.tar"
}
File project = new File(basedir, 'a')

def result = lib.checkImage(project, [
    digestFile: new File(project, 'target/adak.digest'),
    tag: '1',
    archive: new File(project, 'target/adak.tar'),
    cmd: ['/bin/hello', 'with space'],
    env: ['GREETING=hi'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/bin/hello with space',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
])
assert result.layout.config.config.Labels['org.opencontainers.image.title'] == 'reproducible'
// 2026-01-01T00:00:00Z everywhere: the image, every layer entry, every initrd entry.
assert result.layout.config.created == '2026-01-01T00:00:00Z'
File layoutDir = new File(project, 'target/bunny/oci-layout')
result.layout.manifest.layers.each { layer ->
  File blob = lib.blob(layoutDir, layer.digest)
  String listing = lib.run(['tar', '--numeric-owner', '--full-time', '-tvzf', blob.path])
  listing.readLines().each { line ->
    assert line.contains(' 0/0 ') : "owner is not 0:0: ${line}"
    assert line.contains('2026-01-01 00:00:00') : "mtime is not the output timestamp: ${line}"
  }
}
lib.checkInitrd(project, new File(result.rootfs, '.boot/rootfs'), ['bin', 'bin/hello', 'etc', 'etc/motd'],
    ['bin/hello': new File(project, 'rootfs/bin/hello'), 'etc/motd': new File(project, 'rootfs/etc/motd')])
assert new File(project, 'target/initrd-gnu-cpio/bin/hello').canExecute()
// -T2 in the second build: Maven lists plugins whose goals are not thread-safe; ours is not among them.
assert !new File(basedir, 'build.log').readLines().any { it.contains('* dev.bunny:bunny-maven-plugin') }
