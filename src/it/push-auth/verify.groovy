def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  List<String> secrets = ['Plain-s3cret-5702', 'Wr0ng-pa55word',
      Base64.encoder.encodeToString('bunny:Plain-s3cret-5702'.bytes), Base64.encoder.encodeToString('bunny:Wr0ng-pa55word'.bytes)]
  // 1: no credentials: says so, and how to give them.
  lib.checkPushFailure(basedir, [
      '127.0.0.1:5702 requires credentials to check blob',
      'none were found for 127.0.0.1:5702',
      'a settings.xml <server> with <id>127.0.0.1:5702</id>',
  ], secrets)
  String log = new File(basedir, 'build.log').text
  assert log.contains("Registry 127.0.0.1:5702: no credentials found (checked -Dbunny.auth.username/-Dbunny.auth.password; <auth> in the POM;"
      + " environment BUNNY_REGISTRY_USERNAME/BUNNY_REGISTRY_PASSWORD; settings.xml <server> '127.0.0.1:5702' or '127.0.0.1'")
  // 2: explicit -D credentials come first, and wrong ones are rejected by name of their source.
  assert log.contains('Registry 127.0.0.1:5702: using credentials from -Dbunny.auth.username/-Dbunny.auth.password')
  assert log.contains('127.0.0.1:5702 rejected the credentials from -Dbunny.auth.username/-Dbunny.auth.password (HTTP 401')
  // 3: the settings.xml server.
  assert log.contains("Registry 127.0.0.1:5702: using credentials from settings.xml <server> '127.0.0.1:5702'")
  File layout = new File(basedir, 'target/bunny/oci-layout')
  lib.checkPushed(layout, '1.0', ['127.0.0.1:5702/bunny/push-auth:1.0'], 'bunny:Plain-s3cret-5702')
  assert log.count('BUILD SUCCESS') == 1 && log.count('BUILD FAILURE') == 2
} finally {
  lib.stopRegistry(basedir)
}
return true
