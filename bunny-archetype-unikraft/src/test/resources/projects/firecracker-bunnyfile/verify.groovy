// firecracker + bunnyfile, explicit imageName: package only (bunny:run boots qemu images only).
// The archetype plugin binds this IT's directory as basedir and the generated project as context.projectDir.
File projectDir = context.projectDir
def checks = new GroovyShell(this.class.classLoader).parse(new File(basedir, '../../archetype-checks.groovy'))
checks.checkProject(projectDir, [monitor: 'firecracker', configStyle: 'bunnyfile', artifactId: 'fc-app',
    version: '1.0-SNAPSHOT', imageName: 'team/fc-app'])
true // a result other than true or null fails the IT
