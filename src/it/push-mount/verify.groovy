// The image starts with the base image's layer, byte for byte; the push mounted it from
// library/base instead of uploading it, and the registry serves the image as built.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  def base = lib.readLayout(new File(basedir, 'target/src/base'), '2')
  File layout = new File(basedir, 'target/bunny/oci-layout')
  def img = lib.readLayout(layout, '1')
  String baseLayer = base.manifest.layers[0].digest
  assert img.manifest.layers[0].digest == baseLayer
  lib.checkPushed(layout, '1', ['127.0.0.1:5710/team/app:1'])

  String log = new File(basedir, 'build.log').text
  assert log.contains("layer ${baseLayer.substring(0, 19)}: mounted from 127.0.0.1:5710/library/base")
  List<String> requests = lib.registryRequests(basedir)
  assert requests.contains("POST /v2/team/app/blobs/uploads/?mount=${baseLayer}&from=library/base HTTP/1.1".toString())
  // Only our own blobs (the config, and every layer but the base one) were uploaded to team/app.
  int ownBlobs = 1 + img.manifest.layers.size() - 1
  assert requests.count { it.startsWith('PUT /v2/team/app/blobs/uploads/') } == ownBlobs
  assert log.contains("Uploaded ${ownBlobs} blob(s)")
} finally {
  lib.stopRegistry(basedir)
}
return true
