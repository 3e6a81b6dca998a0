// The OCI archive is attached (classifier oci, type tar), so install puts it in the repository;
// with no <image>, the name is <artifactId>:<version>.
File installed = new File(localRepositoryPath, 'dev/bunny/it/install-attached/1.0/install-attached-1.0-oci.tar')
assert installed.isFile() : "not installed: ${installed}"
assert Arrays.equals(installed.bytes, new File(basedir, 'target/install-attached-1.0-oci.tar').bytes)
assert new File(basedir, 'build.log').text.contains('Built image install-attached:1.0 sha256:')
