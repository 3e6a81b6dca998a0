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
// -Dbunny.tags adds tags to the same manifest; each name resolves to the same digest.
def index = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/bunny/oci-layout/index.json'))
assert index.manifests*.annotations*.get('org.opencontainers.image.ref.name') == ['test', 'v1', 'v2']
assert index.manifests*.digest.toSet().size() == 1
assert index.manifests*.annotations*.get('io.containerd.image.name').every { it.contains('urunc/prebuilt/chttp-unikraft-qemu:') }
def v2 = new groovy.json.JsonSlurper().parseText(lib.run(['skopeo', 'inspect', "oci:${basedir}/target/bunny/oci-layout:v2"]))
assert v2.Digest == index.manifests[0].digest
