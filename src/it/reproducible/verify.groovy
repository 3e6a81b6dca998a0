def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
String a = new File(basedir, 'target/bunny/image.digest').text.trim()
String b = new File(basedir, 'copy/target/bunny/image.digest').text.trim()
assert a.startsWith('sha256:')
assert a == b : "digests differ: ${a} vs ${b}"
assert Arrays.equals(new File(basedir, 'target/reproducible-1.0-oci.tar').bytes,
    new File(basedir, 'copy/target/reproducible-1.0-oci.tar').bytes) : 'archives differ'

def result = lib.checkImage(basedir, [
    tag: '1',
    archive: new File(basedir, 'target/reproducible-1.0-oci.tar'),
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
long epoch = 1767225600L
assert result.layout.config.created == '2026-01-01T00:00:00Z'
File layoutDir = new File(basedir, 'target/bunny/oci-layout')
result.layout.manifest.layers.each { layer ->
  File blob = lib.blob(layoutDir, layer.digest)
  String listing = lib.run(['tar', '--numeric-owner', '--full-time', '-tvzf', blob.path])
  listing.readLines().each { line ->
    assert line.contains(' 0/0 ') : "owner is not 0:0: ${line}"
    assert line.contains('2026-01-01 00:00:00') : "mtime is not the output timestamp: ${line}"
  }
}
lib.checkInitrd(basedir, new File(result.rootfs, '.boot/rootfs'), ['bin', 'bin/hello', 'etc', 'etc/motd'],
    ['bin/hello': new File(basedir, 'rootfs/bin/hello'), 'etc/motd': new File(basedir, 'rootfs/etc/motd')])
assert new File(basedir, 'target/initrd-gnu-cpio/bin/hello').canExecute()
