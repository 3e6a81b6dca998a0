// Each failure names the image and says what to fix; no stack trace; nothing left in target/bunny.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  lib.checkFailure(basedir, [
      '<kernel><from> (-Dbunny.kernel.from): image 127.0.0.1:5708/kernels/missing:1 not found (HTTP 404 from'
          + ' 127.0.0.1:5708): check the name and tag',
      "<kernel><from> (-Dbunny.kernel.from): '127.0.0.1:5708/kernels/hello:1' is a single-platform image for"
          + ' linux/amd64; the build needs linux/arm64 or qemu/arm64: set platform.architecture or pick another image',
      '<kernel><from> (-Dbunny.kernel.from): Maven runs offline and 127.0.0.1:5708/kernels/hello:1 is not in the pull'
          + ' cache',
      'run once online, or use an oci:/oci-archive: reference',
      '<kernel> (-Dbunny.kernel) (/unikraft/bin/missing in 127.0.0.1:5708/kernels/hello:1): the image 127.0.0.1:5708/kernels/hello:1 has no file at /unikraft/bin/missing; check the path (/unikraft/bin holds: kernel)',
  ])
  assert new File(basedir, 'build.log').text.count('BUILD FAILURE') == 4
} finally {
  lib.stopRegistry(basedir)
}
return true
