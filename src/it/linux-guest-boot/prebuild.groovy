// The Debian kernel and busybox come from the machine (.ci/run installs linux-image-amd64 and
// busybox-static); copy them in, with busybox's applet links as symlinks.
import java.nio.file.Files
import java.nio.file.Paths

File kernel = new File('/vmlinuz').exists() ? new File('/vmlinuz').canonicalFile
    : new File('/boot').listFiles().findAll { it.name.startsWith('vmlinuz-') }.sort { it.name }.last()
Files.copy(kernel.toPath(), new File(basedir, 'vmlinuz').toPath())
File bin = new File(basedir, 'rootfs/bin')
bin.mkdirs()
Files.copy(Paths.get('/bin/busybox'), new File(bin, 'busybox').toPath())
['sh', 'mount', 'poweroff', 'echo', 'cat'].each { Files.createSymbolicLink(new File(bin, it).toPath(), Paths.get('busybox')) }
new File(basedir, 'rootfs/dev').mkdirs()
new File(basedir, 'rootfs/proc').mkdirs()
new File(basedir, 'rootfs/init').setExecutable(true, false)
return true
