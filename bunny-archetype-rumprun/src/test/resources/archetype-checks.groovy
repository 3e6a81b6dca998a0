// Checks shared by this archetype's ITs. The image itself is checked by the repository's
// src/it/lib/checks.groovy (skopeo, umoci), the same checks as the plugin's ITs.

/** The nearest ancestor of dir holding the relative path, or an assertion error. */
static File findUp(File dir, String relative) {
  for (File d = dir.absoluteFile; d != null; d = d.parentFile) {
    File f = new File(d, relative)
    if (f.exists()) {
      return f
    }
  }
  throw new AssertionError("no ${relative} above ${dir}")
}

/** Checks the generated project and the image `package` built from it. */
Map checkProject(File projectDir, Map p) {
  def lib = new GroovyShell(this.class.classLoader).parse(findUp(projectDir, 'src/it/lib/checks.groovy'))
  String log = new File(projectDir, 'build.log').text
  assert log.contains('BUILD SUCCESS')

  // The chosen configuration style, and nothing of the other one.
  String pom = new File(projectDir, 'pom.xml').text
  File bunnyfile = new File(projectDir, 'src/main/bunny/bunnyfile')
  if (p.configStyle == 'bunnyfile') {
    assert bunnyfile.isFile()
    assert bunnyfile.text.contains("monitor: ${p.monitor}")
    assert !pom.contains('<platform>') && !pom.contains('<kernel>')
  } else {
    assert !bunnyfile.exists() : 'configStyle=pom must not generate a bunnyfile'
    assert pom.contains("<monitor>${p.monitor}</monitor>")
  }
  assert pom =~ /<artifactId>bunny-maven-plugin<\/artifactId>\s*<version>\d[^<]*<\/version>/ : 'plugin version not filled in'
  String readme = new File(projectDir, 'README.md').text
  assert readme.contains("Solo5-`${p.monitor}`") && readme.contains("rumprun-bake solo5_${p.monitor}") && readme.contains('/data')
  assert !readme.contains('$monitor') && !readme.contains('${')

  // The placeholder kernel is named after the monitor; the rootfs files land in the image itself.
  File kernel = new File(projectDir, "kernel/app.${p.monitor}")
  assert kernel.length() > 0
  File conf = new File(projectDir, 'src/main/bunny/rootfs/conf/app.conf')
  def image = lib.checkImage(projectDir, [
      tag: p.version,
      archive: new File(projectDir, "target/${p.artifactId}-${p.version}-oci.tar"),
      urunc: [
          'com.urunc.unikernel.unikernelType': 'rumprun',
          'com.urunc.unikernel.hypervisor': p.monitor,
          'com.urunc.unikernel.binary': '/.boot/kernel',
          'com.urunc.unikernel.cmdline': 'app /data/conf/app.conf',
          'com.urunc.unikernel.mountRootfs': 'true',
          'com.urunc.unikernel.useDMBlock': 'true',
      ],
      files: ['.boot/kernel': kernel, 'conf/app.conf': conf],
      absent: ['.boot/rootfs'],
  ])
  assert log.contains("Built image ${p.imageName}:${p.version} sha256:")
  assert log.contains('devmapper') : 'the raw-rootfs-on-rumprun warning is missing'
  return image
}

return this
