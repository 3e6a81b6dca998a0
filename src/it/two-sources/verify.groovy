def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkFailure(basedir, [
    'the image is described twice: by the image configuration (<platform>, <kernel>) and by <bunnyfile>; keep one of them',
])
