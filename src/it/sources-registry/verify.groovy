// Both builds made the same image: the x86_64 kernel out of the index, the initrd from the base
// image's files plus the kernel again, as an include from the index image. The second, offline one sent no request to the registry.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
try {
  File kernel = new File(basedir, 'hello-unikernel.elf')
  def result = lib.checkImage(basedir, [
      tag: '1',
      cmd: ['/hello'],
      urunc: [
          'com.urunc.unikernel.unikernelType': 'unikraft',
          'com.urunc.unikernel.hypervisor': 'qemu',
          'com.urunc.unikernel.binary': '/.boot/kernel',
          'com.urunc.unikernel.cmdline': '/hello',
          'com.urunc.unikernel.initrd': '/.boot/rootfs',
          'com.urunc.unikernel.mountRootfs': 'false',
          'com.urunc.unikernel.useDMBlock': 'false',
      ],
      files: ['.boot/kernel': kernel],
  ])
  lib.checkInitrd(basedir, new File(result.rootfs, '.boot/rootfs'), ['app.conf', 'boot', 'boot/kernel', 'etc', 'etc/motd'], [
      'boot/kernel': kernel,
      'app.conf': new File(basedir, 'base/app.conf'),
      'etc/motd': new File(basedir, 'base/etc/motd'),
  ])

  String log = new File(basedir, 'build.log').text
  assert log.count('Using 127.0.0.1:5707/kernels/hello:1 (sha256:') == 2
  List<String> built = log.readLines().findAll { it.contains('[INFO] Built image bunny/sources-registry:1 sha256:') }
  assert built.size() == 2 && built[0] == built[1] : "both builds give the same image: ${built}"
  assert log.count('qemu/x86_64, 1 layer) for bunnyfile:16:9 kernel.from') == 2 : 'the qemu/x86_64 entry of the index is the one used'
  // Only the online build pulled; the offline one found everything in the cache.
  assert log.count('[INFO] Pulling 127.0.0.1:5707/kernels/hello:1 (1 layer') == 1
  assert log.count('[INFO] Pulling 127.0.0.1:5707/library/base:2 (1 layer') == 1

  // The registry saw the builds fetch each blob once: the first build pulled, the offline one did not ask.
  int before = new File(basedir, 'target/registry/requests-before-build').text as int
  List<String> requests = lib.registryRequests(basedir)
  List<String> fetched = requests.subList(before, requests.size())
  List<String> blobGets = fetched.findAll { it.startsWith('GET ') && it.contains('/blobs/') }
  assert blobGets.size() == blobGets.toSet().size() : "a blob was fetched twice: ${blobGets}"
  assert !blobGets.any { it.contains('arm64') }
} finally {
  lib.stopRegistry(basedir)
}
return true
