// One image described three ways (POM, bunnyfile, Containerfile): the same urunc map, the same
// process, the same files.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
def urunc = [
    'com.urunc.unikernel.unikernelType': 'rumprun',
    'com.urunc.unikernel.hypervisor': 'hvt',
    'com.urunc.unikernel.binary': '/.boot/kernel',
    'com.urunc.unikernel.cmdline': 'redis-server /data/conf/redis.conf',
    'com.urunc.unikernel.mountRootfs': 'true',
    'com.urunc.unikernel.useDMBlock': 'true',
]
def listings = [:]
['pom', 'bunnyfile', 'containerfile'].each { m ->
  File dir = new File(basedir, m)
  def r = lib.checkImage(dir, [tag: '1', archive: new File(dir, "target/three-ways-${m}-1.0-oci.tar"),
      cmd: ['redis-server', '/data/conf/redis.conf'], urunc: urunc,
      files: ['.boot/kernel': new File(dir, 'redis.hvt'), 'conf/redis.conf': new File(dir, 'redis.conf')]])
  def files = []
  r.rootfs.eachFileRecurse { files << r.rootfs.toPath().relativize(it.toPath()).toString() }
  listings[m] = files.sort()
}
assert listings.pom == listings.bunnyfile && listings.pom == listings.containerfile : "file sets differ: ${listings}"
// POM and bunnyfile describe exactly the same image: same bytes, same digest.
assert lib.readLayout(new File(basedir, 'pom/target/bunny/oci-layout'), '1').digest ==
    lib.readLayout(new File(basedir, 'bunnyfile/target/bunny/oci-layout'), '1').digest
