// Shared checks for the integration tests: every produced image is inspected with real tools
// (skopeo, umoci, GNU cpio, bsdtar), never only with our own code.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.security.MessageDigest

String run(List cmd, File dir = null) {
  cmd = cmd.collect { it.toString() }
  def pb = new ProcessBuilder(cmd).redirectErrorStream(false)
  pb.environment().put('TZ', 'UTC')
  if (dir != null) {
    pb.directory(dir)
  }
  Process p
  try {
    p = pb.start()
  } catch (IOException e) {
    throw new AssertionError("cannot run ${cmd[0]} (install it: .ci/run lists the packages): ${e.message}")
  }
  def out = new ByteArrayOutputStream()
  def err = new ByteArrayOutputStream()
  p.waitForProcessOutput(out, err) // waits for both streams to drain, unlike consumeProcessOutput
  int rc = p.exitValue()
  if (rc != 0) {
    throw new AssertionError("${cmd.join(' ')} exited ${rc}: ${err.toString('UTF-8')}${out.toString('UTF-8')}")
  }
  return out.toString('UTF-8')
}

byte[] runBytes(List cmd) {
  cmd = cmd.collect { it.toString() }
  def p = new ProcessBuilder(cmd).start()
  def out = new ByteArrayOutputStream()
  def err = new ByteArrayOutputStream()
  p.waitForProcessOutput(out, err)
  assert p.exitValue() == 0 : "${cmd.join(' ')}: ${err.toString('UTF-8')}"
  return out.toByteArray()
}

String sha256(byte[] bytes) {
  return 'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
}

File blob(File layout, String digest) {
  return new File(layout, 'blobs/sha256/' + digest.substring('sha256:'.length()))
}

/** index.json -> the manifest named by tag -> config, all parsed and as raw bytes. */
Map readLayout(File layout, String tag) {
  assert new File(layout, 'oci-layout').text.contains('"imageLayoutVersion":"1.0.0"')
  def index = new JsonSlurper().parse(new File(layout, 'index.json'))
  def desc = index.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == tag }
  assert desc != null : "no manifest tagged ${tag} in ${layout}/index.json: ${index}"
  byte[] manifestBytes = blob(layout, desc.digest).bytes
  assert sha256(manifestBytes) == desc.digest
  def manifest = new JsonSlurper().parse(manifestBytes)
  byte[] configBytes = blob(layout, manifest.config.digest).bytes
  assert sha256(configBytes) == manifest.config.digest
  return [index: index, descriptor: desc, digest: desc.digest, manifestBytes: manifestBytes, manifest: manifest,
          configBytes: configBytes, config: new JsonSlurper().parse(configBytes)]
}

Map decodeUruncJson(File file) {
  def raw = new JsonSlurper().parse(file)
  def decoded = [:]
  raw.each { k, v -> decoded[k] = new String(Base64.decoder.decode(v as String), 'UTF-8') }
  return decoded
}

Map uruncSubset(Map m) {
  return (m ?: [:]).findAll { k, v -> k.startsWith('com.urunc.unikernel.') }
}

void assertSameBytes(File actual, File expected, String what) {
  assert actual.isFile() : "${what}: ${actual} missing"
  assert Arrays.equals(actual.bytes, expected.bytes) : "${what}: ${actual} differs from ${expected}"
}

/**
 * Checks a built image with skopeo and umoci.
 * expect: tag, urunc (the decoded urunc values expected), files ([imagePath: local File]),
 * absent (image paths that must not exist), archive (the OCI archive File), cmd, entrypoint, env.
 * Returns [layout: ..., rootfs: File] for further checks.
 */
Map checkImage(File basedir, Map expect) {
  File layoutDir = expect.layout ?: new File(basedir, 'target/bunny/oci-layout')
  String tag = expect.tag
  def img = readLayout(layoutDir, tag)

  // The digest file names the manifest the layout holds.
  File digestFile = expect.digestFile ?: new File(basedir, 'target/bunny/image.digest')
  assert digestFile.text.trim() == img.digest

  // skopeo reads exactly our manifest and config bytes.
  byte[] rawManifest = runBytes(['skopeo', 'inspect', '--raw', "oci:${layoutDir}:${tag}"])
  assert Arrays.equals(rawManifest, img.manifestBytes) : 'skopeo --raw manifest differs from the layout blob'
  byte[] rawConfig = runBytes(['skopeo', 'inspect', '--config', '--raw', "oci:${layoutDir}:${tag}"])
  assert Arrays.equals(rawConfig, img.configBytes)
  assert img.manifest.mediaType == 'application/vnd.oci.image.manifest.v1+json'

  // The archive holds the same image.
  if (expect.archive != null) {
    def fromArchive = new JsonSlurper().parseText(run(['skopeo', 'inspect', "oci-archive:${expect.archive}:${tag}"]))
    assert fromArchive.Digest == img.digest : "archive digest ${fromArchive.Digest} != layout ${img.digest}"
  }

  // Platform and process settings.
  assert img.config.os == 'linux'
  assert img.config.architecture == (expect.architecture ?: 'amd64')
  if (expect.containsKey('cmd')) {
    assert img.config.config.Cmd == expect.cmd
  }
  if (expect.containsKey('entrypoint')) {
    assert img.config.config.Entrypoint == expect.entrypoint
  }
  if (expect.containsKey('env')) {
    assert img.config.config.Env == expect.env
  }

  // umoci unpacks it; /urunc.json decodes to the same map the labels and annotations carry.
  File bundle = new File(basedir, 'target/umoci-bundle')
  bundle.deleteDir()
  run(['umoci', 'unpack', '--rootless', '--image', "${layoutDir}:${tag}", bundle.path])
  File rootfs = new File(bundle, 'rootfs')
  File uruncJson = new File(rootfs, 'urunc.json')
  assert uruncJson.isFile() : '/urunc.json missing from the image rootfs'
  def urunc = decodeUruncJson(uruncJson)
  assert urunc == expect.urunc : "urunc.json ${urunc} != expected ${expect.urunc}"
  assert uruncSubset(img.config.config.Labels) == expect.urunc : "labels ${img.config.config.Labels}"
  assert uruncSubset(img.manifest.annotations) == expect.urunc : "annotations ${img.manifest.annotations}"
  assert (Files.getPosixFilePermissions(uruncJson.toPath()) as Set).collect { it.toString() }.sort() ==
      ['GROUP_READ', 'OTHERS_READ', 'OWNER_READ', 'OWNER_WRITE']

  (expect.files ?: [:]).each { String path, File local -> assertSameBytes(new File(rootfs, path), local, path) }
  (expect.absent ?: []).each { String path -> assert !new File(rootfs, path).exists() : "${path} should not be in the image" }
  return [layout: img, rootfs: rootfs]
}

/**
 * Extracts an initrd with GNU cpio and with bsdtar and checks both against the expected files;
 * the listing must be exactly `names` (in order: parents first).
 */
void checkInitrd(File basedir, File initrd, List<String> names, Map<String, File> files) {
  String listing = run(['cpio', '-it', '--quiet', '-F', initrd.path])
  assert listing.readLines() == names : "cpio -t listing ${listing.readLines()} != ${names}"
  ['gnu-cpio', 'bsdtar'].each { tool ->
    File out = new File(basedir, "target/initrd-${tool}")
    out.deleteDir()
    out.mkdirs()
    if (tool == 'gnu-cpio') {
      run(['cpio', '-idm', '--quiet', '--no-absolute-filenames', '-F', initrd.path], out)
    } else {
      run(['bsdtar', '-xf', initrd.path], out)
    }
    files.each { String path, File local -> assertSameBytes(new File(out, path), local, "${tool}: ${path}") }
  }
}

/** The build log must show the failure text and no stack trace. */
void checkFailure(File basedir, List<String> expected) {
  String log = new File(basedir, 'build.log').text
  assert log.contains('BUILD FAILURE')
  expected.each { assert log.contains(it) : "build.log lacks: ${it}" }
  assert !log.contains('at dev.bunny.') : 'a stack trace from the plugin reached the user'
  File bunnyDir = new File(basedir, 'target/bunny')
  assert !bunnyDir.exists() || bunnyDir.list().length == 0 : "left behind in target/bunny: ${bunnyDir.list()}"
  assert !(new File(basedir, 'target').listFiles()?.any { it.name.endsWith('-oci.tar') }) : 'an archive was left behind'
}

return this
