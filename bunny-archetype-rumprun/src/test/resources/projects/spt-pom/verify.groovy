// spt + POM configuration.
// The archetype plugin binds this IT's directory as basedir and the generated project as context.projectDir.
File projectDir = context.projectDir
def checks = new GroovyShell(this.class.classLoader).parse(new File(basedir, '../../archetype-checks.groovy'))
checks.checkProject(projectDir, [monitor: 'spt', configStyle: 'pom', artifactId: 'spt-pom', version: '1.0-SNAPSHOT', imageName: 'spt-pom'])
true // a result other than true or null fails the IT
