def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkFailure(basedir, [
    "<platform><architecture> (-Dbunny.platform.architecture): is arm64 but the kernel 'kernel.elf' is an ELF 64-bit x86-64 (amd64) (set the architecture to amd64 or package the arm64 kernel)",
])
