def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.startRegistry(basedir, 5705) // plain HTTP, not named insecure by this IT
return true
