// Checks shared by this archetype's ITs. The image itself is checked by the repository's
// src/it/lib/checks.groovy (skopeo, umoci, GNU cpio, bsdtar), the same checks as the plugin's ITs.

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

/** The rootfs tree as the initrd must list it: sorted paths, parents first. */
static List<Map> rootfsEntries(File rootfs) {
  def entries = []
  rootfs.eachFileRecurse { f ->
    entries << [name: rootfs.toPath().relativize(f.toPath()).toString().replace(File.separator, '/'), file: f]
  }
  return entries.sort { it.name }
}

/** Builds the image checks for a generated project; returns [image: ..., rootfs: ...]. */
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
  assert !pom.contains('${project.version}</version>') : 'the plugin version was not filled in at archetype build time'
  assert pom =~ /<artifactId>bunny-maven-plugin<\/artifactId>\s*<version>\d[^<]*<\/version>/
  String readme = new File(projectDir, 'README.md').text
  assert readme.contains("on `${p.monitor}`") && readme.contains('kernel/') && !readme.contains('$monitor')

  File kernel = new File(projectDir, 'kernel/hello-unikernel.elf')
  assert kernel.length() > 0
  def image = lib.checkImage(projectDir, [
      tag: p.version,
      archive: new File(projectDir, "target/${p.artifactId}-${p.version}-oci.tar"),
      urunc: [
          'com.urunc.unikernel.unikernelType': 'unikraft',
          'com.urunc.unikernel.hypervisor': p.monitor,
          'com.urunc.unikernel.binary': '/.boot/kernel',
          'com.urunc.unikernel.cmdline': 'app --config /etc/app.conf',
          'com.urunc.unikernel.initrd': '/.boot/rootfs',
          'com.urunc.unikernel.mountRootfs': 'false',
          'com.urunc.unikernel.useDMBlock': 'false',
      ],
      files: ['.boot/kernel': kernel],
      absent: ['etc/app.conf', 'www/index.html'],
  ])
  assert log.contains("Built image ${p.imageName}:${p.version} sha256:")

  // The initrd holds exactly src/main/bunny/rootfs/.
  def entries = rootfsEntries(new File(projectDir, 'src/main/bunny/rootfs'))
  assert entries*.name.containsAll(['etc', 'etc/app.conf', 'www', 'www/index.html'])
  File initrd = new File(image.rootfs, '.boot/rootfs')
  lib.checkInitrd(projectDir, initrd, entries*.name, entries.findAll { it.file.isFile() }.collectEntries { [it.name, it.file] })
  return [image: image, initrd: initrd, entries: entries, log: log]
}

/**
 * bunny:run booted the image: the hello kernel printed urunc's Unikraft command line and listed
 * exactly the generated project's rootfs files with their sizes.
 */
void checkGuest(Map built) {
  def guest = built.log.readLines().findAll { it.startsWith('[INFO] [guest] ') }
      .collect { it.substring('[INFO] [guest] '.length()) }
  assert guest.contains('bunny hello unikernel') : "no banner from the hello kernel in ${guest}"
  String cmdline = guest.find { it.startsWith('cmdline: ') }
  assert cmdline != null && cmdline.endsWith('-- app --config /etc/app.conf') : cmdline
  assert guest.contains("initrd: ${built.initrd.length()} bytes".toString()) : "initrd size line missing in ${guest}"
  int start = guest.findIndexOf { it.startsWith('initrd: ') }
  int end = guest.indexOf('bunny hello: done')
  assert start >= 0 && end > start : "no initrd listing in ${guest}"
  def expected = built.entries.collect { it.file.isDirectory() ? "dir ${it.name}".toString() : "file ${it.name} ${it.file.length()}".toString() }
  assert guest.subList(start + 1, end) == expected
  assert built.log.contains('Guest ended after')
}

return this
