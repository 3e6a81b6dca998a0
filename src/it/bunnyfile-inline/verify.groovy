def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def result = lib.checkImage(basedir, [
    tag: '1',
    archive: new File(basedir, 'target/bunnyfile-inline-1.0-oci.tar'),
    entrypoint: ['/app'],
    cmd: ['--greeting', 'hello world'],
    env: ['A=1', 'B=two words'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'firecracker',
        'com.urunc.unikernel.unikernelVersion': '0.17.0',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/app --greeting hello world',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
    files: ['.boot/kernel': new File(basedir, 'app.elf')],
])
// unikraft defaults to an initrd built from the includes
lib.checkInitrd(basedir, new File(result.rootfs, '.boot/rootfs'), ['etc', 'etc/hello.txt'], ['etc/hello.txt': new File(basedir, 'hello.txt')])
// POM labels join the bunnyfile's content
assert result.layout.config.config.Labels['org.opencontainers.image.source'] == 'https://example.invalid/inline'
