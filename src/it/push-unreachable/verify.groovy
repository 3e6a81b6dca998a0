def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  lib.checkPushFailure(basedir, [
      // 2
      'cannot push to 127.0.0.1:5706: nothing answers there',
      'is the registry running, and are the host and port in <image> (-Dbunny.image) right?',
      // 3 and 6
      'pushing needs the network, but Maven runs offline (-o, or <offline>true</offline> in settings.xml)',
      // 5
      'cannot push to 127.0.0.1:5705: it speaks plain HTTP, not HTTPS',
      'add it to <insecureRegistries> (-Dbunny.insecureRegistries=127.0.0.1:5705)',
  ])
  String log = new File(basedir, 'build.log').text
  assert log.count('pushing needs the network, but Maven runs offline') == 2
  // 6 failed before building: no "Built image" line after the last rebuild of 4.
  assert log.count('Built image ') == 2
  // Nothing reached the plain registry but the TLS handshake attempts (no HTTP request at all).
  assert lib.registryRequests(basedir).isEmpty()
  List<Double> seconds = lib.invocationSeconds(basedir)
  println "push-unreachable invocation times (s): ${seconds}"
  assert seconds.size() == 6
  // A push to nothing, and to a plain-HTTP registry, fails in seconds, not in jib's minute of retries.
  assert seconds[1] < 15 : "unreachable registry took ${seconds[1]} s"
  assert seconds[4] < 15 : "plain-HTTP registry took ${seconds[4]} s"
} finally {
  lib.stopRegistry(basedir)
}
return true
