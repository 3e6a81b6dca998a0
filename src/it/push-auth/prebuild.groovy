def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.startRegistry(basedir, 5702, [htpasswd: [bunny: 'Plain-s3cret-5702']])
return true
