// Boots what an image carries the way urunc's QEMU path does, independently of the plugin's own
// bunny:run: unpacked with umoci, /urunc.json decoded like urunc, the command line built here.
import groovy.json.JsonSlurper

/** Runs QEMU (TCG, no reboot, serial on stdout) and returns the console text; fails on timeout. */
String bootQemu(File kernel, File initrd, String append, int timeoutSeconds) {
  def cmd = ['timeout', "${timeoutSeconds}", 'qemu-system-x86_64', '-machine', 'pc', '-accel', 'tcg', '-m', '256M',
             '-no-reboot', '-display', 'none', '-serial', 'stdio', '-monitor', 'none',
             '-kernel', kernel.path, '-append', append]
  if (initrd != null) {
    cmd += ['-initrd', initrd.path]
  }
  cmd = cmd.collect { it.toString() }
  def p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File('/dev/null')).start()
  def out = new ByteArrayOutputStream()
  p.waitForProcessOutput(out, out)
  String console = out.toString('UTF-8').replace('\r', '')
  assert p.exitValue() != 124 : "QEMU did not stop within ${timeoutSeconds} s; console:\n${console}"
  return console
}

/** urunc's Linux guest command line (unikernels/linux.go), without the network part. */
String linuxCmdline(List<String> args, List<String> env, boolean initrd) {
  def parts = ['panic=-1', 'console=ttyS0']
  parts += initrd ? ['root=/dev/ram0', 'rw', "rdinit=${args[0]}"] : ['root=/dev/vda', 'rw', "init=${args[0]}"]
  parts += env
  if (args.size() > 1) {
    parts += ['--'] + args.subList(1, args.size()).collect { it.contains(' ') ? "'${it}'" : it }
  }
  return parts.join(' ')
}

/** urunc's Unikraft command line (unikernels/unikraft.go, version >= 0.16.1 or unset), no network. */
String unikraftCmdline(List<String> args, List<String> env, boolean initrd) {
  def parts = ['Unikraft']
  if (!env.isEmpty()) {
    parts << "env.vars=[ ${env.join(' ')} ]"
  }
  if (initrd) {
    parts << 'vfs.fstab=[ "initrd0:/:extract:::" ]'
  }
  parts << '--'
  parts += args
  return parts.join(' ')
}

/** The unpacked rootfs' urunc config and the image process, as urunc would see them. */
Map guestOf(File rootfs, Map config) {
  def raw = new JsonSlurper().parse(new File(rootfs, 'urunc.json'))
  def urunc = [:]
  raw.each { k, v -> urunc[k] = new String(Base64.decoder.decode(v as String), 'UTF-8') }
  def args = (config.config.Entrypoint ?: []) + (config.config.Cmd ?: [])
  return [urunc: urunc, args: args, env: config.config.Env ?: [],
          kernel: new File(rootfs, urunc['com.urunc.unikernel.binary']),
          initrd: urunc['com.urunc.unikernel.initrd'] ? new File(rootfs, urunc['com.urunc.unikernel.initrd']) : null]
}

return this
