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
 * absent (image paths that must not exist), archive (the OCI archive File), cmd, entrypoint, env,
 * zstd (the layers are zstd: an umoci older than 0.5.0 unpacks a gzip copy made by skopeo).
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
  // umoci reads zstd layers only from 0.5.0 on: for an older umoci (expect.zstd), skopeo first
  // decompresses every layer and recompresses it with gzip; the config, whose diff IDs name the
  // uncompressed tars, must come through unchanged.
  String unpackFrom = "${layoutDir}:${tag}"
  if (expect.zstd && !umociReadsZstd()) {
    File copy = new File(basedir, 'target/skopeo-gzip-copy')
    copy.deleteDir()
    run(['skopeo', 'copy', '--dest-compress', '--dest-compress-format', 'gzip', "oci:${layoutDir}:${tag}", "oci:${copy}:${tag}"])
    def copiedIndex = new JsonSlurper().parse(new File(copy, 'index.json'))
    def copied = [manifest: new JsonSlurper().parse(blob(copy, copiedIndex.manifests[0].digest))]
    assert copied.manifest.config.digest == img.manifest.config.digest : 'skopeo changed the diff IDs of the zstd layers'
    assert copied.manifest.layers.every { it.mediaType == 'application/vnd.oci.image.layer.v1.tar+gzip' }
    unpackFrom = "${copy}:${tag}"
  }
  File bundle = new File(basedir, 'target/umoci-bundle')
  bundle.deleteDir()
  run(['umoci', 'unpack', '--rootless', '--image', unpackFrom, bundle.path])
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

/** umoci 0.5.0 and later unpack zstd layers; "umoci version 0.4.7+ds-3" does not. */
boolean umociReadsZstd() {
  def m = (run(['umoci', '--version']) =~ /version (\d+)\.(\d+)/)
  return m.find() && (m.group(1).toInteger() > 0 || m.group(2).toInteger() >= 5)
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

// ---------------------------------------------------------------------------------------------
// A real registry for the push ITs: Debian's docker-registry (CNCF distribution 2.8) on a fixed
// loopback port, storage under the IT's target/, stopped by verify.groovy. It runs under
// `timeout 600`, and a JVM shutdown hook stops it too, so a failed IT never leaves it running.

/**
 * Starts docker-registry on 127.0.0.1:port and waits until /v2/ answers.
 * opts: htpasswd: [user: password] (basic auth), tls: true (a self-signed certificate for 127.0.0.1).
 * Returns [dir: File, log: File, pid: long, scheme: 'http'|'https'].
 */
Map startRegistry(File basedir, int port, Map opts = [:]) {
  File dir = new File(basedir, 'target/registry')
  stopRegistry(basedir) // a registry left over from an earlier run of this IT
  dir.deleteDir()
  dir.mkdirs()
  try {
    new Socket('127.0.0.1', port).close()
    throw new AssertionError("127.0.0.1:${port} is already in use; the push ITs need it free (a leftover docker-registry?)")
  } catch (ConnectException expected) {
    // free
  }
  List<String> config = [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      "  filesystem:",
      "    rootdirectory: ${new File(dir, 'storage').absolutePath}",
      'http:',
      "  addr: 127.0.0.1:${port}",
  ]
  if (opts.tls) {
    run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
         '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', new File(dir, 'key.pem'), '-out', new File(dir, 'cert.pem')])
    config += ['  tls:', "    certificate: ${new File(dir, 'cert.pem').absolutePath}", "    key: ${new File(dir, 'key.pem').absolutePath}"]
  }
  if (opts.htpasswd) {
    File htpasswd = new File(dir, 'htpasswd')
    htpasswd.text = opts.htpasswd.collect { user, password -> run(['htpasswd', '-Bbn', user, password]).trim() }.join('\n') + '\n'
    config += ['auth:', '  htpasswd:', '    realm: bunny-it', "    path: ${htpasswd.absolutePath}"]
  }
  File configFile = new File(dir, 'config.yml')
  configFile.text = config.join('\n') + '\n'
  File log = new File(dir, 'registry.log')
  def pb = new ProcessBuilder(['timeout', '600', '/usr/bin/docker-registry', 'serve', configFile.absolutePath])
      .redirectErrorStream(true).redirectOutput(log)
  Process p
  try {
    p = pb.start()
  } catch (IOException e) {
    throw new AssertionError("cannot start docker-registry (install docker-registry: .ci/run lists the packages): ${e.message}")
  }
  new File(dir, 'pid').text = p.pid().toString()
  Runtime.runtime.addShutdownHook(new Thread({ p.destroy() } as Runnable))
  long deadline = System.currentTimeMillis() + 20_000
  while (true) {
    if (!p.alive) {
      throw new AssertionError("docker-registry exited with ${p.exitValue()}:\n${log.text}")
    }
    try {
      new Socket('127.0.0.1', port).close()
      if (log.text.contains('listening on')) {
        break
      }
    } catch (ConnectException notYet) {
      // starting
    }
    if (System.currentTimeMillis() > deadline) {
      p.destroy()
      throw new AssertionError("docker-registry did not listen on 127.0.0.1:${port} within 20 s:\n${log.text}")
    }
    Thread.sleep(100)
  }
  return [dir: dir, log: log, pid: p.pid(), scheme: opts.tls ? 'https' : 'http']
}

/** Stops the registry startRegistry started for this IT, if it still runs. */
void stopRegistry(File basedir) {
  File pidFile = new File(basedir, 'target/registry/pid')
  if (!pidFile.isFile()) {
    return
  }
  ProcessHandle.of(pidFile.text.trim() as long).ifPresent { ProcessHandle h ->
    h.destroy() // SIGTERM to timeout, which passes it on to docker-registry
    try {
      h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS)
    } catch (java.util.concurrent.TimeoutException e) {
      h.destroyForcibly()
    }
  }
  pidFile.delete()
}

/** The registry's request lines ("METHOD /v2/... HTTP/1.1") in order. */
List<String> registryRequests(File basedir) {
  return new File(basedir, 'target/registry/registry.log').readLines()
      .collect { (it =~ /"([A-Z]+ \/v2\/[^ "]* HTTP\/1\.1)"/) }.findAll { it.find() }.collect { it.group(1) }
}

/**
 * The registry serves the layout's manifest byte for byte under every name: checked with skopeo
 * (--raw bytes, digest, urunc annotations). creds: 'user:password' or null.
 */
void checkPushed(File layoutDir, String tag, List<String> references, String creds = null) {
  def img = readLayout(layoutDir, tag)
  references.each { String ref ->
    List cmd = ['skopeo', 'inspect', '--raw', '--tls-verify=false']
    if (creds) {
      cmd += ['--creds', creds]
    }
    byte[] raw = runBytes(cmd + ["docker://${ref}"])
    assert Arrays.equals(raw, img.manifestBytes) : "${ref}: the registry serves other manifest bytes than the layout's"
    assert sha256(raw) == img.digest
    def served = new JsonSlurper().parse(raw)
    assert uruncSubset(served.annotations) == uruncSubset(img.manifest.annotations) && !uruncSubset(served.annotations).isEmpty()
    List cmd2 = ['skopeo', 'inspect', '--tls-verify=false']
    if (creds) {
      cmd2 += ['--creds', creds]
    }
    def inspected = new JsonSlurper().parseText(run(cmd2 + ["docker://${ref}"]))
    assert inspected.Digest == img.digest : "${ref}: skopeo reports ${inspected.Digest}, the layout ${img.digest}"
  }
}

/** A failed push: the message is there, no stack trace, and no secret anywhere in the log. */
void checkPushFailure(File basedir, List<String> expected, List<String> secrets = []) {
  String log = new File(basedir, 'build.log').text
  assert log.contains('BUILD FAILURE')
  expected.each { assert log.contains(it) : "build.log lacks: ${it}" }
  assert !log.contains('at dev.bunny.') : 'a stack trace from the plugin reached the user'
  assert !log.contains('at com.google.cloud.tools.jib') : 'a jib-core stack trace reached the user'
  checkNoSecrets(basedir, secrets)
}

/** No secret (nor its base64 user:password form) appears in build.log. */
void checkNoSecrets(File basedir, List<String> secrets) {
  String log = new File(basedir, 'build.log').text
  secrets.each { String secret -> assert !log.contains(secret) : 'a secret reached build.log' }
}

/** The "Total time" Maven printed for each invocation, in seconds, in order. */
List<Double> invocationSeconds(File basedir) {
  return new File(basedir, 'build.log').readLines().findResults { String line ->
    def m = line =~ /Total time:\s+(?:(\d+):)?([0-9.]+) (s|min)/
    if (!m.find()) {
      return null
    }
    m.group(3) == 'min' ? (m.group(1) as double) * 60 + (m.group(2) as double) : (m.group(2) as double)
  }
}

/** podman loads the OCI archive under its name and keeps our manifest digest and the urunc labels. */
void checkPodmanLoad(File archive, String name, String digest, Map urunc) {
  String loaded = run(['podman', 'load', '-i', archive.path])
  assert loaded.contains("Loaded image: ") && loaded.contains(name) : loaded
  def inspect = new JsonSlurper().parseText(run(['podman', 'image', 'inspect', name]))[0]
  assert inspect.Digest == digest : "podman digest ${inspect.Digest} != ${digest}"
  assert uruncSubset(inspect.Labels) == urunc
  run(['podman', 'rmi', '--force', name])
}

return this

// ---------------------------------------------------------------------------------------------
// Source images for the ITs that take the kernel, the rootfs or files from images: built with
// umoci (a real OCI tool, independent of the plugin) into an OCI layout.

/**
 * Creates (or adds to) the OCI layout `layout` an image `tag` holding each local file or
 * directory of `inserts` (image path -> local path), one layer per insert; `config` may set
 * os and architecture. Returns the manifest digest.
 */
String umociImage(File layout, String tag, Map<String, File> inserts, Map config = [:]) {
  if (!new File(layout, 'index.json').isFile()) {
    run(['umoci', 'init', '--layout', layout.path])
  }
  run(['umoci', 'new', '--image', "${layout}:${tag}"])
  if (config.os || config.architecture) {
    List cmd = ['umoci', 'config', '--image', "${layout}:${tag}"]
    if (config.os) {
      cmd += ['--os', config.os]
    }
    if (config.architecture) {
      cmd += ['--architecture', config.architecture]
    }
    run(cmd)
  }
  inserts.each { String path, File local ->
    run(['umoci', 'insert', '--rootless', '--image', "${layout}:${tag}", local.path, path])
  }
  return readLayout(layout, tag).digest
}

/**
 * The two source images the sources-* ITs share: target/src/kernels:1 (an OCI layout, the hello
 * kernel at /unikraft/bin/kernel) and target/src/base.tar:2 (an OCI archive of base/ at /).
 */
void sourceImages(File basedir, File kernel) {
  File src = new File(basedir, 'target/src')
  src.deleteDir()
  umociImage(new File(src, 'kernels'), '1', ['/unikraft/bin/kernel': kernel])
  umociImage(new File(src, 'base'), '2', ['/': new File(basedir, 'base')])
  run(['skopeo', 'copy', "oci:${src}/base:2", "oci-archive:${src}/base.tar:2"])
}

/**
 * Writes a multi-platform index over images already in `layout` (tag -> [os, architecture]) and
 * names it `indexTag`, the way kraftkit or `docker buildx` publish several platforms under one tag.
 */
void writeIndex(File layout, String indexTag, Map<String, List<String>> platforms) {
  def index = new JsonSlurper().parse(new File(layout, 'index.json'))
  List manifests = platforms.collect { String tag, List<String> platform ->
    def d = index.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == tag }
    assert d != null : "no image ${tag} in ${layout}"
    [mediaType: d.mediaType, digest: d.digest, size: d.size, platform: [architecture: platform[1], os: platform[0]]]
  }
  byte[] bytes = groovy.json.JsonOutput.toJson([schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: manifests]).getBytes('UTF-8')
  String digest = sha256(bytes)
  blob(layout, digest).bytes = bytes
  index.manifests << [mediaType: 'application/vnd.oci.image.index.v1+json', digest: digest, size: bytes.length,
      annotations: ['org.opencontainers.image.ref.name': indexTag]]
  new File(layout, 'index.json').text = groovy.json.JsonOutput.toJson(index)
}
