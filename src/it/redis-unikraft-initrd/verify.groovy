def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
File kernel = new File(basedir, 'redis-qemu-x86_64-initrd_qemu-x86_64')
def uruncExpected = [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': 'redis-server /conf/redis.conf',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ]
def result = lib.checkImage(basedir, [
    tag: 'test',
    archive: new File(basedir, 'target/redis-unikraft-initrd-1.0-oci.tar'),
    cmd: ['redis-server', '/conf/redis.conf'],
    urunc: uruncExpected,
    files: ['.boot/kernel': kernel],
    absent: ['conf/redis.conf'],
])
// The initrd holds exactly /conf and /conf/redis.conf, readable by GNU cpio and bsdtar.
lib.checkInitrd(basedir, new File(result.rootfs, '.boot/rootfs'), ['conf', 'conf/redis.conf'],
    ['conf/redis.conf': new File(basedir, 'redis.conf')])
// The archive is attached for install/deploy.
assert new File(basedir, 'build.log').text.contains('Built image urunc/prebuilt/redis-unikraft-qemu:test sha256:')
// bunny:inspect shows the decoded urunc.json, for the layout and for the archive alike.
String log = new File(basedir, 'build.log').text
def inspected = log.readLines().findAll { it.contains('com.urunc.unikernel.initrd = /.boot/rootfs') }
assert inspected.size() == 2 * 3 : "inspect output (annotations, labels, urunc.json, twice) missing:\n${inspected}"
assert log.count('urunc keys in labels, annotations and /urunc.json: consistent') == 2
assert log.contains('platform: linux/amd64')
// podman loads the archive as it is (docker load and ctr import read the same OCI layout).
lib.checkPodmanLoad(new File(basedir, 'target/redis-unikraft-initrd-1.0-oci.tar'), 'urunc/prebuilt/redis-unikraft-qemu:test',
    result.layout.digest, uruncExpected)
