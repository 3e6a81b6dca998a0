def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  // 1 and 2: the certificate is not trusted; the message says how to trust it or name the registry insecure.
  lib.checkPushFailure(basedir, [
      'cannot push to 127.0.0.1:5704: its TLS certificate is not trusted',
      '-Dbunny.insecureRegistries=127.0.0.1:5704',
  ])
  String log = new File(basedir, 'build.log').text
  assert log.count('cannot push to 127.0.0.1:5704: its TLS certificate is not trusted') == 2
  assert !log.contains('[WARNING] Registry 127.0.0.1:5799') && !log.contains('[WARNING] Registry localhost')
  // 3: pushed over unverified TLS, with the warning, to this registry only.
  assert log.count('[WARNING] Registry 127.0.0.1:5704 is listed in <insecureRegistries>') == 1
  lib.checkPushed(new File(basedir, 'target/bunny/oci-layout'), '1.0', ['127.0.0.1:5704/bunny/push-tls:1.0'])
  // The registry really speaks TLS: plain HTTP requests were never made to it.
  assert new File(basedir, 'target/registry/config.yml').text.contains('tls:')
  List<Double> seconds = lib.invocationSeconds(basedir)
  println "push-tls invocation times (s): ${seconds}"
} finally {
  lib.stopRegistry(basedir)
}
return true
