// A registry on 127.0.0.1:5707 holding, pushed by skopeo: a kraftkit-style index of the hello
// kernel for qemu/x86_64 and a stub for qemu/arm64, and a plain base image.
def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.sourceImages(basedir, new File(basedir, 'hello-unikernel.elf'))
File kernels = new File(basedir, 'target/src/kernels')
lib.umociImage(kernels, 'arm64', ['/unikraft/bin/kernel': new File(basedir, 'stub-aarch64')], [architecture: 'arm64'])
lib.writeIndex(kernels, 'kraft', ['arm64': ['qemu', 'arm64'], '1': ['qemu', 'x86_64']])
new File(basedir, 'target/pull-cache').deleteDir()
lib.startRegistry(basedir, 5707)
lib.run(['skopeo', 'copy', '--all', '--dest-tls-verify=false', "oci:${kernels}:kraft", 'docker://127.0.0.1:5707/kernels/hello:1'])
lib.run(['skopeo', 'copy', '--dest-tls-verify=false', "oci:${basedir}/target/src/base:2", 'docker://127.0.0.1:5707/library/base:2'])
// Only what the builds fetch counts below.
new File(basedir, 'target/registry/requests-before-build').text = lib.registryRequests(basedir).size().toString()
return true
