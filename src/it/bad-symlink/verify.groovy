def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkFailure(basedir, [
    '/etc/passwd (from <rootfs><includes><include> #2 pom.xml:/etc/passwd) would be written through the symlink /etc -> /etc',
    'which could place it outside the image root',
])
