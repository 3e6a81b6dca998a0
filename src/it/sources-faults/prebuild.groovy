// A registry on 127.0.0.1:5708 with one amd64-only kernel image.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
File kernels = new File(basedir, 'target/src/kernels')
kernels.parentFile.deleteDir()
lib.umociImage(kernels, '1', ['/unikraft/bin/kernel': new File(basedir, 'hello-unikernel.elf')])
new File(basedir, 'target/pull-cache').deleteDir()
lib.startRegistry(basedir, 5708)
lib.run(['skopeo', 'copy', '--dest-tls-verify=false', "oci:${kernels}:1", 'docker://127.0.0.1:5708/kernels/hello:1'])
return true
