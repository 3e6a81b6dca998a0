// The two Containerfiles of urunc's packaging guide build unchanged (the #syntax line included).
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))

File rump = new File(basedir, 'redis-rumprun')
def r = lib.checkImage(rump, [tag: 'test', archive: new File(rump, 'target/containerfile-redis-rumprun-1.0-oci.tar'),
    cmd: ['redis-server', '/data/conf/redis.conf'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'rumprun',
        'com.urunc.unikernel.hypervisor': 'hvt',
        'com.urunc.unikernel.binary': '/unikernel/redis.hvt',
        'com.urunc.unikernel.cmdline': 'redis-server /data/conf/redis.conf',
        'com.urunc.unikernel.mountRootfs': 'true',
        'com.urunc.unikernel.useDMBlock': 'true',
    ],
    files: ['unikernel/redis.hvt': new File(rump, 'redis.hvt'), 'conf/redis.conf': new File(rump, 'redis.conf')],
    absent: ['.boot']])

File chttp = new File(basedir, 'chttp-unikraft')
lib.checkImage(chttp, [tag: 'test', archive: new File(chttp, 'target/containerfile-chttp-unikraft-1.0-oci.tar'),
    cmd: ['/chttp'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/unikernel/kernel',
        'com.urunc.unikernel.initrd': '/unikernel/rootfs.cpio',
        'com.urunc.unikernel.cmdline': '/chttp',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
    files: ['unikernel/kernel': new File(chttp, 'app-elfloader-qemu-x86_64-initrd_qemu-x86_64'),
            'unikernel/rootfs.cpio': new File(chttp, 'rootfs.cpio')],
    absent: ['.boot']])
String log = new File(basedir, 'build.log').text
assert log.contains('no CMD: the image Cmd is taken from the com.urunc.unikernel.cmdline label')
