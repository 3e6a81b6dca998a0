// Each failure names the image and says what to fix; no stack trace; nothing left in target/bunny.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  lib.checkFailure(basedir, [
      // 1: 404
      'MESSAGE-404',
      // 2: wrong platform
      'MESSAGE-PLATFORM',
      // 3: offline
      'MESSAGE-OFFLINE',
      // 4: missing path
      'the image 127.0.0.1:5708/kernels/hello:1 has no file at /unikraft/bin/missing; check the path (/unikraft/bin holds: kernel)',
  ])
  assert new File(basedir, 'build.log').text.count('BUILD FAILURE') == 4
} finally {
  lib.stopRegistry(basedir)
}
return true
