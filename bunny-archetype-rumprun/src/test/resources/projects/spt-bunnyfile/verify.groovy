// spt + bunnyfile (src/main/bunny/bunnyfile, found by default), explicit imageName.
// The archetype plugin binds this IT's directory as basedir and the generated project as context.projectDir.
File projectDir = context.projectDir
def checks = new GroovyShell(this.class.classLoader).parse(new File(basedir, '../../archetype-checks.groovy'))
checks.checkProject(projectDir, [monitor: 'spt', configStyle: 'bunnyfile', artifactId: 'spt-app', version: '1.0-SNAPSHOT', imageName: 'team/spt-app'])
true // a result other than true or null fails the IT
