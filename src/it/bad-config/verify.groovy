def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkFailure(basedir, [
    '5 problems in the bunny-maven-plugin configuration:',
    "<platform><monitor> (-Dbunny.platform.monitor): urunc cannot run unikraft on 'hvt' (urunc runs unikraft on: qemu, firecracker, hyperlight-unikraft)",
    "<platform><architecture> (-Dbunny.platform.architecture): 'sparc' is not an architecture urunc images run on",
    "<kernel> (-Dbunny.kernel): file '",
    "missing-kernel' does not exist",
    "<rootfs><includes><include> #1: source '",
    "<rootfs><includes><include> #2: destination '../../etc/passwd' leaves the image root",
])
