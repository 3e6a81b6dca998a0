def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  List<String> secrets = ['Encrypted-s3cret', Base64.encoder.encodeToString('bunny:Encrypted-s3cret'.bytes),
      'aSTqCXdppzMHxsGUc0ZpAamtA4MHIKbB6'] // nor the encrypted form
  // 1: wrong master password: the decryption failure is named, with what to check.
  lib.checkPushFailure(basedir, [
      "settings.xml <server> '127.0.0.1:5703': the password cannot be decrypted",
      'Check the master password in settings-security.xml',
  ], secrets)
  // 2: decrypted and pushed.
  String log = new File(basedir, 'build.log').text
  assert log.contains("Registry 127.0.0.1:5703: using credentials from settings.xml <server> '127.0.0.1:5703'")
  lib.checkPushed(new File(basedir, 'target/bunny/oci-layout'), '1.0', ['127.0.0.1:5703/bunny/push-auth-encrypted:1.0'],
      'bunny:Encrypted-s3cret')
  assert log.count('BUILD SUCCESS') == 1 && log.count('BUILD FAILURE') == 1
} finally {
  lib.stopRegistry(basedir)
}
return true
