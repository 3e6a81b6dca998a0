def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  File layout = new File(basedir, 'target/bunny/oci-layout')
  def img = lib.readLayout(layout, '1.0')
  List<String> refs = ['1.0', 'latest', 'extra'].collect { "127.0.0.1:5701/bunny/push-basic:${it}" }

  // The registry serves exactly the layout's manifest (digest and urunc annotations) under every tag.
  lib.checkPushed(layout, '1.0', refs)

  String log = new File(basedir, 'build.log').text
  int blobs = 1 + img.manifest.layers.size()
  // Both invocations pushed all three tags: build with <push>true</push>, then bunny:push.
  assert log.count("Pushed ${refs.join(', ')} ${img.digest}") == 2
  assert log.count('[WARNING] Registry 127.0.0.1:5701 is listed in <insecureRegistries>') == 2
  assert log.contains('Registry 127.0.0.1:5701: no credentials found')

  // First push: everything uploaded, with progress lines for the 3 MiB layer.
  List<String> summaries = log.readLines().findAll { it.contains('[INFO] Uploaded ') }
  assert summaries.size() == 2
  assert summaries[0].contains("Uploaded ${blobs} blob(s)") && summaries[0].endsWith('; 0 already in the registry')
  assert log.readLines().findAll { it =~ /layer sha256:[0-9a-f]{12}: \d+% \(/ }.size() == 10 : 'one progress line per 10 %'
  assert log.contains('100% (3.0 of 3.0 MiB)')
  // Second push: nothing uploaded.
  assert summaries[1].endsWith("Uploaded 0 blob(s), 0 bytes; ${blobs} already in the registry")

  // The registry saw each blob uploaded exactly once over both pushes, and the manifest PUT per tag per push.
  List<String> requests = lib.registryRequests(basedir)
  assert requests.count { it.startsWith('PATCH /v2/bunny/push-basic/blobs/uploads/') } == blobs
  assert requests.count { it.startsWith('PUT /v2/bunny/push-basic/blobs/uploads/') } == blobs
  ['1.0', 'latest', 'extra'].each { tag ->
    assert requests.count { it.startsWith("PUT /v2/bunny/push-basic/manifests/${tag} ") } == 2
  }
} finally {
  lib.stopRegistry(basedir)
}
return true
