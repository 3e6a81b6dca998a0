// All defaults (hvt, POM configuration): package builds the image with the placeholder kernel.
// The archetype plugin binds this IT's directory as basedir and the generated project as context.projectDir.
File projectDir = context.projectDir
def checks = new GroovyShell(this.class.classLoader).parse(new File(basedir, '../../archetype-checks.groovy'))
checks.checkProject(projectDir, [monitor: 'hvt', configStyle: 'pom', artifactId: 'Redis-Hvt', version: '1.0-SNAPSHOT', imageName: 'redis-hvt'])
true // a result other than true or null fails the IT
