def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.startRegistry(basedir, 5704, [tls: true])
return true
