def lib = new GroovyShell(this.class.classLoader).parse(new File(itLib, 'checks.groovy'))
lib.checkFailure(basedir, [
    '2 problems in bunnyfile:',
    '  - bunnyfile:1:10 version: version v0.2 is newer than this plugin reads (this plugin reads bunnyfile v0.1 and earlier)\n',
    "  - bunnyfile:2:1 platfroms: is not a bunnyfile key (did you mean 'platforms'?",
])
String log = new File(basedir, 'build.log').text
assert log.indexOf('bunnyfile:1:10 version') < log.indexOf('bunnyfile:2:1 platfroms') : 'problems are not in file order'
