String log = new File(basedir, 'build.log').text
assert log.contains('Skipping bunny:build for pom-packaging: packaging is pom')
assert !new File(basedir, 'target/bunny').exists()
['bunny:build', 'bunny:initrd', 'bunny:inspect', 'bunny:push', 'bunny:run', 'bunny:help'].each {
  assert log.contains(it) : "bunny:help does not list ${it}"
}
return true
