String log = new File(basedir, 'build.log').text
assert log.contains('Skipping bunny:build for pom-packaging: packaging is pom')
assert !new File(basedir, 'target/bunny').exists()
