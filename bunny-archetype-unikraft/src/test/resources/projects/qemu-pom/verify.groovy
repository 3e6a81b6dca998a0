// qemu + POM configuration; imageName defaults to the lower-cased artifactId. package, then bunny:run
// boots the image: the hello kernel lists exactly the generated rootfs files with their sizes.
// The archetype plugin binds this IT's directory as basedir and the generated project as context.projectDir.
File projectDir = context.projectDir
def checks = new GroovyShell(this.class.classLoader).parse(new File(basedir, '../../archetype-checks.groovy'))
def built = checks.checkProject(projectDir, [monitor: 'qemu', configStyle: 'pom', artifactId: 'Hello-Qemu',
    version: '1.0-SNAPSHOT', imageName: 'hello-qemu'])
checks.checkGuest(built)
true // a result other than true or null fails the IT
