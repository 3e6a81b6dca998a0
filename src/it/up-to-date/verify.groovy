// No-op rebuilds: the second `mvn package` with unchanged inputs writes nothing and says so.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))

List<String> lines = new File(basedir, 'build.log').readLines()
def events = lines.findResults { String l ->
  def built = l =~ /Built image urunc\/up-to-date:test (sha256:[0-9a-f]{64})/
  if (built.find()) {
    return "built ${built.group(1)}"
  }
  def same = l =~ /Image is up to date \((sha256:[0-9a-f]{64})\), inputs unchanged/
  return same.find() ? "up-to-date ${same.group(1)}" : null
}
assert events.size() == 4 : "one build line per run expected: ${events}"
String first = events[0] - 'built '
String changed = events[2] - 'built '
assert events == ["built ${first}", "up-to-date ${first}", "built ${changed}", "built ${changed}"].collect { it.toString() }
assert first != changed

// Runs 1 and 2 left the same outputs, byte for byte; so did 3 and the forced 4.
def files = { File dir ->
  def map = [:]
  dir.eachFileRecurse(groovy.io.FileType.FILES) { f -> map[dir.toPath().relativize(f.toPath()).toString()] = lib.sha256(f.bytes) }
  return map
}
def s1 = files(new File(basedir, 'target/snapshot-1'))
def s2 = files(new File(basedir, 'target/snapshot-2'))
def s3 = files(new File(basedir, 'target/snapshot-3'))
def s4 = files(new File(basedir, 'target/snapshot-4'))
assert s1.containsKey('up-to-date-1.0-oci.tar') && s1.containsKey('bunny/image.digest') && s1.size() > 5 : s1
assert s2 == s1
assert s4 == s3
assert s3 != s1

// The image the last run left is whole and carries the changed file.
def result = lib.checkImage(basedir, [
    tag: 'test',
    archive: new File(basedir, 'target/up-to-date-1.0-oci.tar'),
    urunc: [
        'com.urunc.unikernel.unikernelType': 'rumprun',
        'com.urunc.unikernel.hypervisor': 'hvt',
        'com.urunc.unikernel.binary': '/.boot/kernel',
        'com.urunc.unikernel.cmdline': 'app /data/motd',
        'com.urunc.unikernel.mountRootfs': 'true',
        'com.urunc.unikernel.useDMBlock': 'true',
    ],
    files: ['data/www/index.html': new File(basedir, 'www/index.html')],
])
assert new File(result.rootfs, 'data/motd').text == 'changed, unikernel\n'
assert new File(basedir, 'target/bunny/image.fingerprint').isFile()
