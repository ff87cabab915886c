/*
 * airlock YARA rules: obfuscation
 *
 * Malicious install code hides itself: eval/exec of base64/hex/zlib-decoded
 * data, String.fromCharCode / chr() chains, hex-escaped API names, javascript-
 * obfuscator `_0x` identifiers, long encoded blobs, marshal'd Python bytecode,
 * pyarmor-protected modules. Minifiers, source maps, fonts and embedded wasm
 * produce look-alikes, so:
 *  - executing decoded data (eval(atob(...)), exec(base64.b64decode(...))) is high;
 *  - encodings alone (mangled names, long blobs, char-code chains, pyarmor,
 *    marshal) are medium: suspicious, but weighed by the engine;
 *  - base64 blobs in `data:` URIs / sourceMappingURL and known media/wasm
 *    prefixes are excluded.
 */

rule obf_eval_decoded_js {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "high"
    attack = "T1027,T1140,T1059.007"
    description = "JavaScript evaluates decoded data (eval/Function/vm of atob, Buffer.from, zlib, unescape, fromCharCode)"
    help = "Running code produced by a decoder (eval(atob(...)), new Function(Buffer.from(x,'base64').toString()), eval(zlib.inflateSync(...)), eval(String.fromCharCode(...))) hides the real payload from reviewers and scanners. Bundlers and minifiers never emit this."
  strings:
    $e1 = /\beval\s*\(\s*(window\.|globalThis\.)?atob\s*\(/
    $e2 = /\beval\s*\(\s*Buffer\.from\s*\(/
    $e3 = /\bFunction\s*\(\s*(window\.|globalThis\.)?atob\s*\(/
    $e4 = /\bFunction\s*\(\s*Buffer\.from\s*\(/
    $e5 = /\b(eval|Function)\s*\(\s*(require\(\s*['"](node:)?zlib['"]\s*\)|zlib)\.(inflateSync|gunzipSync|brotliDecompressSync|inflateRawSync|unzipSync)\s*\(/
    $e6 = /\beval\s*\(\s*unescape\s*\(/
    $e7 = /\.runIn(This|New)?Context\s*\(\s*(atob|Buffer\.from)\s*\(/
    $e8 = /\b(eval|Function)\s*\(\s*String\.fromCharCode\s*\(/
    $e9 = /\beval\s*\(\s*['"](\\x[0-9a-fA-F]{2}){10}/
  condition:
    any of them
}

rule obf_exec_decoded_py {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "high"
    attack = "T1027,T1140,T1059.006"
    description = "Python executes decoded data (exec/eval of base64, zlib, marshal, codecs, hex or chr-joined strings)"
    help = "exec(base64.b64decode(...)), exec(zlib.decompress(...)), exec(marshal.loads(...)) and the lambda/__import__ wrappers produced by Python obfuscators hide the payload of setup.py and .pth files. Legit packages ship readable source."
  strings:
    $p1 = /\b(exec|eval)\s*\(\s*(base64\.)?(b64decode|b32decode|b16decode|a85decode|b85decode|urlsafe_b64decode|decodebytes|decodestring)\s*\(/
    $p2 = /\b(exec|eval)\s*\(\s*(zlib\.decompress|bz2\.decompress|lzma\.decompress|gzip\.decompress|marshal\.loads|codecs\.decode|bytes\.fromhex|binascii\.(unhexlify|a2b_base64))\s*\(/
    $p3 = /\b(exec|eval)\s*\(\s*__import__\(\s*['"](base64|zlib|marshal|codecs|bz2|lzma|binascii)['"]\s*\)/
    $p4 = /\b(exec|eval)\s*\(\s*compile\s*\(\s*(base64\.b64decode|zlib\.decompress|marshal\.loads|__import__)/
    $p5 = /\b(exec|eval)\s*\(\s*['"]{2}\.join\(\s*(map\(\s*chr\b|\[?\s*chr\()/
    $p6 = /\bexec\s*\(\s*\(\s*_+\s*\)\s*\(\s*b?['"]/
    $p7 = /__import__\(\s*['"]zlib['"]\s*\)\.decompress\(\s*__import__\(\s*['"]base64['"]\s*\)\.b64decode\(/
  condition:
    any of them
}

rule obf_python_marshal {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "medium"
    attack = "T1027.002"
    description = "Loads embedded Python bytecode with marshal.loads from encoded or byte-literal data"
    help = "marshal.loads on a base64/zlib-decoded or literal byte string turns opaque data into a code object, a common way to ship a compiled, unreadable payload. The import system uses marshal on .pyc files, not on literals inside source files."
  strings:
    $m1 = /marshal\.loads\(\s*(base64\.|zlib\.|bz2\.|lzma\.|binascii\.|bytes\.fromhex|codecs\.decode|__import__)/
    $m2 = /marshal\.loads\(\s*b['"]\\x[0-9a-fA-F]{2}/
  condition:
    any of them
}

rule obf_pyarmor {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "medium"
    attack = "T1027.002"
    description = "Python module protected with PyArmor (encrypted bytecode)"
    help = "PyArmor-protected code (__pyarmor__, pyarmor_runtime) cannot be reviewed. Some commercial software uses it, but in an open-source package, and in install-time code especially, it mostly hides malware."
  strings:
    $a = "__pyarmor__" ascii
    $b = "pyarmor_runtime" ascii
    $c = "__pyarmor_enter" ascii
  condition:
    any of them
}

rule obf_js_mangled_hex_names {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "medium"
    attack = "T1027"
    description = "Heavily mangled JavaScript (many _0x-hex identifiers, javascript-obfuscator style)"
    help = "javascript-obfuscator and similar tools rename everything to _0xABCDEF identifiers and hide strings in rotated arrays. Minifiers (terser, esbuild, swc) never produce these names. Requires more than 20 occurrences, so a stray _0x constant does not count."
  strings:
    $hex = /\b_0x[a-f0-9]{4,6}\b/
  condition:
    #hex > 20
}

rule obf_long_base64_blob {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "medium"
    attack = "T1027,T1140"
    description = "Very long base64 literal (>= 1000 chars) passed to a decoder or encoding a script/executable/archive"
    help = "A base64 string of 1000+ characters that is decoded at run time (Buffer.from, atob, b64decode), or whose first bytes decode to a script, PE/ELF, gzip or zip, usually carries a hidden second stage. data: URIs, source maps, fonts, images and wasm are excluded."
  strings:
    $dec1 = /Buffer\.from\(\s*['"`][A-Za-z0-9+\/]{1000}/
    $dec2 = /\batob\(\s*['"`][A-Za-z0-9+\/]{1000}/
    $dec3 = /b64decode\(\s*b?['"][A-Za-z0-9+\/]{1000}/
    $media = /(Buffer\.from|atob|b64decode)\(\s*b?['"`](AGFzbQ|iVBORw0KGgo|\/9j\/|R0lGOD|d09GR|d09GMg|AAEAAA|T1RUTw|PHN2Zy|UklGR|AAAAIGZ0eX|SUQz)[A-Za-z0-9+\/]{990}/
    $pre  = /['"`](H4sI|TVqQ|f0VMR|UEsDB|IyEv|aW1wb3J0I|ZnJvbSB|ZXhlYy|ZXZhbC|cmVxdWlyZS|Y29uc3Qg|dmFyI|ZnVuY3Rpb24|KGZ1bmN0aW9u|bGV0I|KCgp|c3lzdGVt)[A-Za-z0-9+\/]{990}/
  condition:
    (#dec1 + #dec2 + #dec3) > #media or $pre
}

rule obf_charcode_chain {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "medium"
    attack = "T1027"
    description = "Builds strings from long character-code chains (String.fromCharCode / chr())"
    help = "Long runs of printable decimal character codes (String.fromCharCode(104,116,116,112,...) or chr(104)+chr(116)+...) spell out URLs, commands or code without any readable text. Legit code uses fromCharCode on computed values, hex ranges or control characters, which are not matched."
  strings:
    $js1 = /String\.fromCharCode\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*(,\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*){19}/
    $js2 = /String\.fromCharCode\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*String\.fromCharCode\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*String\.fromCharCode\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*String\.fromCharCode\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)/
    $js3 = /String\.fromCharCode\.apply\(\s*(null|String|this|void 0)?\s*,\s*\[\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*(,\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*){19}/
    $py1 = /\bchr\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*chr\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*chr\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*chr\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)\s*\+\s*chr\(\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*\)/
    $py2 = /['"]{2}\.join\(\s*(map\(\s*chr\s*,|\[?\s*chr\(\s*\w{1,10}\s*\)\s*for\s+\w{1,10}\s+in)\s*\[\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*(,\s*(3[2-9]|[4-9]\d|1[01]\d|12[0-6])\s*){19}/
  condition:
    any of them
}

rule obf_escaped_api_names {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "high"
    attack = "T1027,T1140"
    description = "Sensitive API names written as hex/unicode escapes (require, child_process, execSync, __import__, os.system, base64)"
    help = "Writing 'require', 'child_process' or '__import__' as \\x72\\x65... escapes has only one purpose: hiding from text search and review. Compilers and minifiers keep these identifiers readable."
  strings:
    $req_x  = "\\x72\\x65\\x71\\x75\\x69\\x72\\x65" ascii nocase
    $req_u  = "\\u0072\\u0065\\u0071\\u0075\\u0069\\u0072\\u0065" ascii nocase
    $cp_x   = "\\x63\\x68\\x69\\x6c\\x64\\x5f\\x70\\x72\\x6f\\x63" ascii nocase
    $cp_u   = "\\u0063\\u0068\\u0069\\u006c\\u0064\\u005f\\u0070" ascii nocase
    $es_x   = "\\x65\\x78\\x65\\x63\\x53\\x79\\x6e\\x63" ascii nocase
    $imp_x  = "\\x5f\\x5f\\x69\\x6d\\x70\\x6f\\x72\\x74\\x5f\\x5f" ascii nocase
    $os_x   = "\\x6f\\x73\\x2e\\x73\\x79\\x73\\x74\\x65\\x6d" ascii nocase
    $b64_x  = "\\x62\\x61\\x73\\x65\\x36\\x34" ascii nocase
    $sub_x  = "\\x73\\x75\\x62\\x70\\x72\\x6f\\x63\\x65\\x73\\x73" ascii nocase
  condition:
    any of them
}

rule obf_powershell_encoded_command {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "high"
    attack = "T1027.010,T1059.001"
    description = "Runs PowerShell with a literal base64 -EncodedCommand payload"
    help = "powershell -enc/-EncodedCommand followed by a literal base64 blob hides the script being run. Tools that use -EncodedCommand legitimately (e.g. to quote arguments safely) build the base64 at run time; a hard-coded blob of 40+ characters is a hidden payload."
  strings:
    $enc = /powershell(\.exe)?['"]?\s*,?\s*[^\n]{0,120}\s['"]?-(e|ec|en|enc|enco|encod|encodedcommand)['"]?\s*,?\s*['"]?[A-Za-z0-9+\/]{40}/ nocase
  condition:
    $enc
}

rule obf_invisible_unicode {
  meta:
    category = "obfuscation"
    role = "threat"
    severity = "high"
    attack = "T1027,T1140"
    description = "Long run of invisible Unicode characters (variation selectors / tag characters) hiding an encoded payload"
    help = "Sixteen or more consecutive characters from U+E0000-U+E01EF (tag characters, variation selectors supplement) or U+FE00-U+FE0F (variation selectors) render as nothing in editors and code review, yet can carry a payload that code decodes with codePointAt and evaluates (the GlassWorm technique). Emoji flag sequences use at most a handful of tag characters."
  strings:
    $run  = /(\xF3\xA0[\x80-\x87][\x80-\xBF]){16}/
    $run2 = /(\xEF\xB8[\x80-\x8F]){16}/
  condition:
    any of them
}
