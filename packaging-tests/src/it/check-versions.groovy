// Shared post-build check of the consumer projects (each verify.groovy evaluates this file).
// Reads target/resolved.txt (dependency:list of the runtime classpath, absolute file names) and asserts:
//  * every io.netty artifact has one version, the bom's netty.version (a Netty 4.1 artifact with no 4.2 counterpart,
//    e.g. pulled in by netty-socketio, is another version and fails here);
//  * every com.fasterxml.jackson.* artifact belongs to one Jackson release, the bom's jackson.version
//    (since 2.20 jackson-annotations is versioned major.minor: 2.23 goes with 2.23.0);
//  * the Roomcast artifacts come from this build (target/it-repo), not from another build installed in ~/.m2;
//  * the consumer ran (its main printed the handshake).
// Variables from the invoker: basedir, checkScript, itRepo, nettyVersion, jacksonVersion.

def resolvedFile = new File(basedir, 'target/resolved.txt')
assert resolvedFile.isFile() : "no ${resolvedFile}: dependency:list did not run"

// "   io.netty:netty-buffer:jar:4.2.18.Final:compile:/path/netty-buffer-4.2.18.Final.jar -- module io.netty.buffer"
def artifacts = []
resolvedFile.eachLine { line ->
    def m = line.trim() =~ /^([^:\s]+):([^:\s]+):([^:\s]+)(?::([^:\s]+))?:([^:\s]+):(compile|runtime|provided|system|test):(\S+)/
    if (m.find()) {
        artifacts << [group: m.group(1), artifact: m.group(2), classifier: m.group(4), version: m.group(5), file: m.group(7)]
    }
}
assert !artifacts.isEmpty() : "nothing parsed from ${resolvedFile}:\n${resolvedFile.text}"

def describe = { Map<String, List> byVersion ->
    byVersion.collect { v, list -> "${v} (${list.collect { it.artifact }.unique().join(', ')})" }.join('; ')
}
def failures = []

def netty = artifacts.findAll { it.group == 'io.netty' }
def nettyVersions = netty.groupBy { it.version }
if (netty.isEmpty()) {
    failures << 'no io.netty artifact resolved'
} else if (nettyVersions.size() != 1) {
    failures << "${nettyVersions.size()} Netty versions resolved: ${describe(nettyVersions)}"
} else if (!nettyVersions.containsKey(nettyVersion)) {
    failures << "Netty ${nettyVersion} expected (the bom's netty.version), resolved ${describe(nettyVersions)}"
}

def jackson = artifacts.findAll { it.group.startsWith('com.fasterxml.jackson') }
def annotations = jackson.findAll { it.artifact == 'jackson-annotations' }
def jacksonVersions = (jackson - annotations).groupBy { it.version }
if (jacksonVersions.size() != 1) {
    failures << "${jacksonVersions.size()} Jackson versions resolved: ${describe(jacksonVersions)}"
} else if (!jacksonVersions.containsKey(jacksonVersion)) {
    failures << "Jackson ${jacksonVersion} expected (the bom's jackson.version), resolved ${describe(jacksonVersions)}"
}
def jacksonMinor = jacksonVersion.tokenize('.').take(2).join('.')
annotations.findAll { it.version != jacksonMinor && it.version != jacksonVersion }.each {
    failures << "jackson-annotations ${it.version} does not belong to Jackson ${jacksonVersion} (expected ${jacksonMinor})"
}

def repo = new File(itRepo).canonicalPath
def roomcast = artifacts.findAll { it.group == 'io.roomcast' }
if (roomcast.isEmpty()) {
    failures << 'no io.roomcast artifact resolved'
}
roomcast.findAll { !new File(it.file).canonicalPath.startsWith(repo) }.each {
    failures << "${it.artifact} resolved from ${it.file}, not from this build's ${repo}"
}

def log = new File(basedir, 'build.log').text
if (!log.contains('consumer handshake OK: 0{"sid"')) {
    failures << 'the consumer did not print its handshake (see build.log)'
}

if (failures) {
    throw new AssertionError("${basedir.name}: " + failures.join('\n  ') + "\nresolved:\n" +
            artifacts.collect { "  ${it.group}:${it.artifact}${it.classifier ? ':' + it.classifier : ''}:${it.version}" }.join('\n'))
}
println "${basedir.name}: one Netty (${nettyVersion}, ${netty.size()} artifacts), one Jackson (${jacksonVersion}, ${jackson.size()} artifacts), ran"
return true
