// bunny:run booted the image under QEMU from the image's own urunc metadata: the hello kernel got
// urunc's Unikraft command line and listed the initrd the plugin built.
String log = new File(basedir, 'build.log').text
def guest = log.readLines().findAll { it.startsWith('[INFO] [guest] ') }.collect { it.substring('[INFO] [guest] '.length()) }
assert guest.contains('bunny hello unikernel') : "no banner in ${guest}"
def cmdline = guest.find { it.startsWith('cmdline: ') }
assert cmdline != null
assert cmdline.endsWith('Unikraft env.vars=[ GREETING=hi ] vfs.fstab=[ "initrd0:/:extract:::" ] -- /hello --from bunny') : cmdline
int start = guest.findIndexOf { it.startsWith('initrd: ') }
int end = guest.indexOf('bunny hello: done')
assert start >= 0 && end > start : "no initrd listing in ${guest}"
assert guest.subList(start + 1, end) == ['file app.conf 4', 'dir etc', 'file etc/motd 22']
assert log.contains('Guest ended after')
assert new File(basedir, 'target/bunny/console.log').text.contains('bunny hello: done')

// The same image booted independently of bunny:run: unpacked by umoci, urunc.json decoded, the
// command line built like urunc's Unikraft path.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def guests = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'guests.groovy'))
def result = lib.checkImage(basedir, [
    tag: '1',
    cmd: ['/hello', '--from', 'bunny'],
    env: ['GREETING=hi'],
    urunc: [
        'com.urunc.unikernel.unikernelType': 'unikraft',
        'com.urunc.unikernel.hypervisor': 'qemu',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': '/hello --from bunny',
        'com.urunc.unikernel.initrd': '/.boot/rootfs',
        'com.urunc.unikernel.mountRootfs': 'false',
        'com.urunc.unikernel.useDMBlock': 'false',
    ],
])
def g = guests.guestOf(result.rootfs, result.layout.config)
def console = guests.bootQemu(g.kernel, g.initrd, guests.unikraftCmdline(g.args, g.env, true), 120).readLines()
int s = console.findIndexOf { it.startsWith('initrd: ') }
int e = console.indexOf('bunny hello: done')
assert s >= 0 && e > s : "no listing in ${console}"
assert console.subList(s + 1, e) == ['file app.conf 4', 'dir etc', 'file etc/motd 22']
