def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkImage(basedir, [
    tag: 'test',
    archive: new File(basedir, 'target/bunix-style-1.0-oci.tar'),
    cmd: ['hello'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'rumprun',
        'com.urunc.unikernel.hypervisor': 'hvt',
        'com.urunc.unikernel.binary': '/unikernel/redis.hvt',
        'com.urunc.unikernel.cmdline': 'hello',
        'com.urunc.unikernel.mountRootfs': 'true',
        'com.urunc.unikernel.useDMBlock': 'true',
    ],
    files: ['unikernel/redis.hvt': new File(basedir, 'redis.hvt'), 'conf/redis.conf': new File(basedir, 'redis.conf')],
    absent: ['.boot'],
])
return true
