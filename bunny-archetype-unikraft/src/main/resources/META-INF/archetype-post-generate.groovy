// Batch mode (-B, -DinteractiveMode=false) does not apply the validationRegex of
// archetype-metadata.xml: check the properties here, so a wrong value fails now with the accepted
// ones instead of as a build error later. Keep the lists in step with archetype-metadata.xml.
def accepted = [
    monitor    : ['qemu|firecracker', 'qemu or firecracker (the monitors urunc runs Unikraft on)'],
    configStyle: ['pom|bunnyfile', 'pom (the image in pom.xml) or bunnyfile (src/main/bunny/bunnyfile)'],
    imageName  : ['[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*',
                  'an OCI repository name: lower-case letters, digits, and . _ - / between them'],
]
def props = request.properties
def problems = accepted.findAll { key, rule -> !((props.getProperty(key) ?: '') ==~ rule[0]) }
    .collect { key, rule -> "-D${key}=${props.getProperty(key)}: accepted: ${rule[1]}" }
if (problems) {
  File projectDir = new File(request.outputDirectory, request.artifactId)
  projectDir.deleteDir()
  throw new IllegalArgumentException('bunny-archetype-unikraft: ' + problems.join('; ') + " (${projectDir} removed)")
}
