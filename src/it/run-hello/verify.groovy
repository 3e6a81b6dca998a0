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
