def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
File initrd = new File(basedir, 'target/bunny/initrd.cpio')
File p = new File(basedir, 'payload')
lib.checkInitrd(basedir, initrd,
    ['bin', 'bin/tool', 'blob.bin', 'usr', 'usr/share', 'usr/share/doc', 'usr/share/doc/café.txt'],
    ['bin/tool': new File(p, 'bin/tool'), 'blob.bin': new File(p, 'blob.bin'),
     'usr/share/doc/café.txt': new File(p, 'usr/share/doc/café.txt')])
assert new File(basedir, 'target/initrd-gnu-cpio/bin/tool').canExecute()
// uncompressed newc, as urunc appends to it and Unikraft cannot decompress
assert new String(initrd.bytes, 0, 6, 'US-ASCII') == '070701'
