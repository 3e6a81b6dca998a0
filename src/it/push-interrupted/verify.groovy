// The push failed with a message saying the registry went away, after retrying; the image the
// build wrote is complete (the push does not touch it).
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  assert new File(basedir, 'target/registry/killed').isFile() : 'the watcher never saw the upload under way'
  lib.checkPushFailure(basedir, [
      '127.0.0.1:5709 dropped the connection (',
      'retrying in 1 s (attempt 2 of 4)',
      'to 127.0.0.1:5709/bunny/push-interrupted after 4 attempts: cannot upload blob sha256:',
      'Blobs already sent stay in the registry (a new push skips them); no tag was changed unless logged as pushed above',
  ])
  String log = new File(basedir, 'build.log').text
  assert log.contains('Built image 127.0.0.1:5709/bunny/push-interrupted:1.0 sha256:')
  File layout = new File(basedir, 'target/bunny/oci-layout')
  def img = lib.readLayout(layout, '1.0')
  img.manifest.layers.each { assert lib.blob(layout, it.digest).length() == it.size }
  assert new File(basedir, 'target/bunny/image.digest').text.trim() == img.digest
} finally {
  lib.stopRegistry(basedir)
}
return true
