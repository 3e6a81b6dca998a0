def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkImage(basedir, [
    tag: 'test',
    archive: new File(basedir, 'target/chttp-unikraft-prebuilt-1.0-oci.tar'),
    cmd: ['/chttp'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/chttp',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
    // the prebuilt cpio is packaged byte for byte
    files: ['.boot/kernel': new File(basedir, 'app-elfloader-qemu-x86_64-initrd_qemu-x86_64'),
            '.boot/rootfs': new File(basedir, 'rootfs.cpio')],
])
assert new File(basedir, 'build.log').text.contains('packaged as an initrd')
