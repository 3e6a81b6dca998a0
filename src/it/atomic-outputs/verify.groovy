def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
String log = new File(basedir, 'build.log').text
assert log.contains('collides with /.boot/kernel (the kernel)')
// The first build's outputs are intact and consistent; no temporary files remain.
def result = lib.checkImage(basedir, [
    tag: '1',
    archive: new File(basedir, 'target/atomic-outputs-1.0-oci.tar'),
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
])
def leftovers = new File(basedir, 'target/bunny').list().findAll { it.startsWith('.') } +
    new File(basedir, 'target').list().findAll { it.startsWith('.') }
assert leftovers.isEmpty() : "temporary files left: ${leftovers}"
