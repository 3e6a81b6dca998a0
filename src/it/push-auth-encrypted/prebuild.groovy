def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.startRegistry(basedir, 5703, [htpasswd: [bunny: 'Encrypted-s3cret']])
return true
