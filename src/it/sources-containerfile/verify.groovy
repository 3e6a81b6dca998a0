// FROM an OCI layout: its layers are the image's first layers, byte for byte, and the kernel the
// binary label names stays where it is in them; COPY --from an OCI archive and a local COPY add one
// layer on top.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def base = lib.readLayout(new File(basedir, 'target/src/kernels'), '1')
def result = lib.checkImage(basedir, [
    tag: '1',
    cmd: ['/hello'],
    env: ['GREETING=hi'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/unikraft/bin/kernel',
        'com.urunc.unikernel.cmdline': '/hello',
        'com.urunc.unikernel.mountRootfs': 'true',
        'com.urunc.unikernel.useDMBlock': 'true',
    ],
    files: [
        'unikraft/bin/kernel': new File(basedir, 'hello-unikernel.elf'),
        'etc/motd': new File(basedir, 'base/etc/motd'),
        'app.conf': new File(basedir, 'app.conf'),
    ],
])
def layers = result.layout.manifest.layers
assert layers.size() == base.manifest.layers.size() + 2 : "layers: ${layers}"
assert layers.subList(0, base.manifest.layers.size()).collect { it.digest } == base.manifest.layers.collect { it.digest }
assert result.layout.config.rootfs.diff_ids.subList(0, base.config.rootfs.diff_ids.size()) == base.config.rootfs.diff_ids
return true
