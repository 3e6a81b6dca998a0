def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def common = { Map extra -> [
    'com.urunc.unikernel.binary': '/.boot/kernel',
    'com.urunc.unikernel.mountRootfs': 'false',
    'com.urunc.unikernel.useDMBlock': 'false'] + extra }

File redis = new File(basedir, 'redis-unikraft')
def r1 = lib.checkImage(redis, [tag: 'test', archive: new File(redis, 'target/bunnyfile-redis-unikraft-1.0-oci.tar'),
    cmd: ['redis-server', '/conf/redis.conf'],
    urunc: common(['com.urunc.unikernel.unikernelType': 'unikraft', 'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.cmdline': 'redis-server /conf/redis.conf', 'com.urunc.unikernel.initrd': '/.boot/rootfs']),
    files: ['.boot/kernel': new File(redis, 'redis-qemu-x86_64-initrd_qemu-x86_64')]])
lib.checkInitrd(redis, new File(r1.rootfs, '.boot/rootfs'), ['conf', 'conf/redis.conf'], ['conf/redis.conf': new File(redis, 'redis.conf')])

File rump = new File(basedir, 'redis-rumprun')
lib.checkImage(rump, [tag: 'test', archive: new File(rump, 'target/bunnyfile-redis-rumprun-1.0-oci.tar'),
    cmd: ['redis-server', '/data/conf/redis.conf'],
    urunc: common(['com.urunc.unikernel.unikernelType': 'rumprun', 'com.urunc.unikernel.hypervisor': 'hvt',
        'com.urunc.unikernel.cmdline': 'redis-server /data/conf/redis.conf',
        'com.urunc.unikernel.mountRootfs': 'true', 'com.urunc.unikernel.useDMBlock': 'true']),
    files: ['.boot/kernel': new File(rump, 'redis.hvt'), 'conf/redis.conf': new File(rump, 'redis.conf')]])

File chttp = new File(basedir, 'chttp-unikraft')
lib.checkImage(chttp, [tag: 'test', archive: new File(chttp, 'target/bunnyfile-chttp-unikraft-1.0-oci.tar'),
    cmd: ['/chttp'],
    urunc: common(['com.urunc.unikernel.unikernelType': 'unikraft', 'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.cmdline': '/chttp', 'com.urunc.unikernel.initrd': '/.boot/rootfs']),
    files: ['.boot/kernel': new File(chttp, 'app-elfloader-qemu-x86_64-initrd_qemu-x86_64'),
            '.boot/rootfs': new File(chttp, 'rootfs.cpio')]])

// Described by a bunnyfile or by the POM, the Redis/Unikraft image is the same image, byte for byte.
String pomDigest = lib.readLayout(new File(basedir, 'redis-unikraft-pom/target/bunny/oci-layout'), 'test').digest
assert r1.layout.digest == pomDigest : "bunnyfile image ${r1.layout.digest} != POM image ${pomDigest}"
