// The kernel came out of the OCI layout byte for byte, the initrd holds the archive image's files
// with the local app.conf replacing the image's, plus the directory copied from the layout; the
// guest booted from it lists exactly that.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def guests = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'guests.groovy'))
File kernel = new File(basedir, 'hello-unikernel.elf')
def result = lib.checkImage(basedir, [
    tag: '1',
    cmd: ['/hello'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/hello',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
    files: ['.boot/kernel': kernel],
])
List<String> listing = ['app.conf', 'etc', 'etc/motd', 'kbin', 'kbin/kernel']
lib.checkInitrd(basedir, new File(result.rootfs, '.boot/rootfs'), listing, [
    'app.conf': new File(basedir, 'app.conf'),
    'etc/motd': new File(basedir, 'base/etc/motd'),
    'kbin/kernel': kernel,
])

String log = new File(basedir, 'build.log').text
assert log.contains('Using oci:target/src/kernels:1 (sha256:')
assert log.contains('Using oci-archive:target/src/base.tar:2 (sha256:')
def guest = log.readLines().findAll { it.startsWith('[INFO] [guest] ') }.collect { it.substring('[INFO] [guest] '.length()) }
int start = guest.findIndexOf { it.startsWith('initrd: ') }
int end = guest.indexOf('bunny hello: done')
assert start >= 0 && end > start : "no initrd listing in ${guest}"
assert guest.subList(start + 1, end) == ['file app.conf 4', 'dir etc', "file etc/motd ${new File(basedir, 'base/etc/motd').length()}",
    'dir kbin', "file kbin/kernel ${kernel.length()}"]
return true
