// Boots the image a real Linux guest, the way urunc's Linux + QEMU path would: if the initrd were
// unreadable by the kernel's unpacker (say, a directory after its children), /init would be
// missing and the marker would never print.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def guests = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'guests.groovy'))
def result = lib.checkImage(basedir, [
    tag: '1',
    archive: new File(basedir, 'target/linux-guest-boot-1.0-oci.tar'),
    cmd: ['/init', 'alpha', 'beta'],
    env: ['GREETING=hello-from-env'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'linux',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/init alpha beta',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
])
def guest = guests.guestOf(result.rootfs, result.layout.config)
String append = guests.linuxCmdline(guest.args, guest.env, guest.initrd != null)
assert append == 'panic=-1 console=ttyS0 root=/dev/ram0 rw rdinit=/init GREETING=hello-from-env -- alpha beta'
String console = guests.bootQemu(guest.kernel, guest.initrd, append, 240)
assert console.contains('BUNNY-MARKER args=[alpha beta] greeting=[hello-from-env]') : "no marker; console:\n${console}"
// the initrd stored busybox's applets as symlinks
assert lib.run(['cpio', '-itv', '--quiet', '-F', guest.initrd.path]).readLines().any { it.startsWith('l') && it.endsWith('bin/sh -> busybox') }
