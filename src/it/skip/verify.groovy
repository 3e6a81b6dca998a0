String log = new File(basedir, 'build.log').text
assert log.contains('Skipping bunny:build because bunny.skip is true')
assert log.contains('Skipping bunny:build because bunny.build.skip is true')
assert !new File(basedir, 'target/bunny').exists()
assert !new File(basedir, 'target/skip-1.0-oci.tar').exists()
