// A registry on 127.0.0.1:5710 holding a base image (pushed by skopeo) in library/base.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
File base = new File(basedir, 'target/src/base')
base.parentFile.deleteDir()
new File(basedir, 'target/pull-cache').deleteDir()
lib.umociImage(base, '2', ['/': new File(basedir, 'base')])
lib.startRegistry(basedir, 5710)
lib.run(['skopeo', 'copy', '--dest-tls-verify=false', "oci:${base}:2", 'docker://127.0.0.1:5710/library/base:2'])
return true
