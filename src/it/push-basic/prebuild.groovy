def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
// 3 MiB that gzip cannot shrink, the same bytes every run.
File big = new File(basedir, 'target/big.bin')
big.parentFile.mkdirs()
byte[] bytes = new byte[3 * 1024 * 1024]
new Random(42).nextBytes(bytes)
big.bytes = bytes
lib.startRegistry(basedir, 5701)
return true
