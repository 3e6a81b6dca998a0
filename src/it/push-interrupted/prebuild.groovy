// A registry on 127.0.0.1:5709, and a watcher that kills it (SIGKILL, no graceful shutdown) once
// the registry has received the first MiB of the 64 MiB layer, in the middle of its upload.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
File big = new File(basedir, 'target/big.bin')
big.parentFile.mkdirs()
byte[] bytes = new byte[64 * 1024 * 1024]
new Random(7).nextBytes(bytes)
big.bytes = bytes
def registry = lib.startRegistry(basedir, 5709)
Thread watcher = new Thread({
  long deadline = System.currentTimeMillis() + 300_000
  while (System.currentTimeMillis() < deadline) {
    File uploads = new File(registry.dir, 'storage/docker/registry/v2/repositories/bunny/push-interrupted/_uploads')
    if (uploads.listFiles()?.any { new File(it, 'data').length() > 1024 * 1024 }) {
      ProcessHandle.of(registry.pid).ifPresent { ProcessHandle h ->
        h.descendants().forEach { it.destroyForcibly() }
        h.destroyForcibly()
      }
      new File(basedir, 'target/registry/killed').text = 'killed during the upload\n'
      return
    }
    Thread.sleep(5)
  }
} as Runnable)
watcher.daemon = true
watcher.start()
return true
