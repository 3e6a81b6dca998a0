def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkImage(basedir, [
    tag: 'test',
    archive: new File(basedir, 'target/redis-rumprun-raw-1.0-oci.tar'),
    cmd: ['redis-server', '/data/conf/redis.conf'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'rumprun',
        'com.urunc.unikernel.hypervisor': 'hvt',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': 'redis-server /data/conf/redis.conf',
        'com.urunc.unikernel.mountRootfs': 'true',
        'com.urunc.unikernel.useDMBlock': 'true',
    ],
    files: ['.boot/kernel': new File(basedir, 'redis.hvt'), 'conf/redis.conf': new File(basedir, 'conf/redis.conf')],
    absent: ['.boot/rootfs'],
])
String log = new File(basedir, 'build.log').text
assert log.contains('devmapper') : 'the raw-rootfs-on-rumprun warning is missing'
