// Source images made by umoci and skopeo, not by the plugin.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.sourceImages(basedir, new File(basedir, 'hello-unikernel.elf'))
return true
