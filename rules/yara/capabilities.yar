/*
 * airlock YARA rules: capabilities
 *
 * What the code CAN do: talk to the network, spawn processes, write files, read
 * files, read the environment. Almost every real package does some of these, so
 * capability rules are never reported on their own (role = "capability").
 * The engine uses them only to correlate: a "target" rule (credential path,
 * shady host, raw-IP URL, ...) found in the same file becomes a finding at its
 * full severity when one of the capabilities listed in its `needs` meta is
 * present in that file.
 *
 * Because they only gate targets, these rules aim for recall (JS/TS, Python,
 * shell and PowerShell forms) rather than precision.
 */

rule capability_network {
  meta:
    category = "exfiltration"
    role = "capability"
    capability = "network"
    severity = "info"
    attack = "T1071"
    description = "Opens network connections or sends HTTP requests"
    help = "The file uses an HTTP client, raw sockets, DNS or a download tool. Alone this is normal; it matters when the same file also references credentials, shady hosts or raw IP addresses."
  strings:
    // Node.js core modules and clients
    $js_req  = /require\(\s*['"](node:)?(https?|http2|net|tls|dgram|dns)['"]\s*\)/
    $js_imp  = /from\s+['"](node:)?(https?|http2|net|tls|dgram|dns)['"]/
    $js_http = /\bhttps?\.(request|get)\s*\(/
    $js_net  = /\bnet\.(connect|createConnection|Socket)\s*\(/
    $js_new_sock = "new net.Socket(" ascii
    $js_dns  = /\bdns\.(resolve|resolve4|resolve6|resolveTxt|resolveCname|lookup)\s*\(/
    $js_fetch = /\bfetch\(\s*['"`]https?:/
    $js_fetch2 = /\bfetch\(/
    $js_axios = /\baxios(\.(get|post|put|request))?\s*\(/
    $js_xhr  = "new XMLHttpRequest(" ascii
    $js_ws   = "new WebSocket(" ascii
    $js_mods = /require\(\s*['"](axios|node-fetch|got|request|undici|superagent|needle|ws)['"]\s*\)/
    // Python
    $py_sock = "socket.socket(" ascii
    $py_sock2 = "socket.create_connection(" ascii
    $py_url  = /\burllib(2|\.request)?\.(urlopen|urlretrieve|Request)\s*\(/
    $py_url2 = /\b(from\s+urllib\.request\s+import|import\s+urllib\.request|import\s+requests|import\s+http\.client|import\s+httpx)\b/
    $py_req  = /\brequests\.(get|post|put|request|Session)\s*\(/
    $py_httpc = /\bhttp\.client\.HTTPS?Connection\s*\(/
    $py_httpx = /\bhttpx\.(get|post|Client|AsyncClient)\s*\(/
    $py_aio  = "aiohttp.ClientSession(" ascii
    $py_dns  = "socket.gethostbyname(" ascii
    // shell / PowerShell / LOLBins (inside strings or scripts)
    $sh_curl = /\bcurl\s+(-[A-Za-z]+\s+)*['"]?https?:\/\//
    $sh_wget = /\bwget\s+(-[A-Za-z]+\s+)*['"]?https?:\/\//
    $ps_wc   = "Net.WebClient" ascii nocase
    $ps_iwr  = "Invoke-WebRequest" ascii nocase
    $ps_irm  = "Invoke-RestMethod" ascii nocase
  condition:
    any of them
}

rule capability_spawn {
  meta:
    category = "execution"
    role = "capability"
    capability = "spawn"
    severity = "info"
    attack = "T1059"
    description = "Spawns processes or runs shell commands"
    help = "The file starts child processes. Build tools do this all the time; it matters when the same file also references credential files, shells or persistence locations."
  strings:
    $js_cp   = /require\(\s*['"](node:)?child_process['"]\s*\)/
    $js_cp2  = /from\s+['"](node:)?child_process['"]/
    $js_call = /\b(execSync|execFileSync|spawnSync|execFile|spawn)\s*\(/
    $js_exec = /\bchild_process\.(exec|spawn|fork)/
    $js_execa = /require\(\s*['"](execa|cross-spawn|shelljs)['"]\s*\)/
    $py_sub  = /\bsubprocess\.(Popen|call|check_call|check_output|run|getoutput|getstatusoutput)\s*\(/
    $py_os   = /\bos\.(system|popen|execv|execve|execvp|execl|execlp|spawnv|spawnl|posix_spawn)\s*\(/
    $py_pty  = "pty.spawn(" ascii
    $py_cmd  = "commands.getoutput(" ascii
    $ps_sp   = "Start-Process" ascii nocase
  condition:
    any of them
}

rule capability_fswrite {
  meta:
    category = "persistence"
    role = "capability"
    capability = "fswrite"
    severity = "info"
    attack = "T1105"
    description = "Writes files"
    help = "The file writes to the file system. Normal for installers and build tools; it matters together with targets such as persistence or credential locations."
  strings:
    $js_w1 = /\b(writeFileSync|appendFileSync|createWriteStream|copyFileSync)\s*\(/
    $js_w2 = /\bfs(\.promises)?\.(writeFile|appendFile|copyFile)\s*\(/
    $js_w3 = /\bfsp?\.(writeFile|appendFile)\s*\(/
    $py_w1 = /\bopen\([^\n]{1,200},\s*['"](w|a|wb|ab|w\+|a\+|wb\+|x)['"]\s*[,)]/
    $py_w2 = /\.(write_text|write_bytes)\s*\(/
    $py_w3 = /\bshutil\.(copy|copy2|copyfile|copytree|move)\s*\(/
    $py_w4 = "urlretrieve(" ascii
    $ps_w  = /\b(Set-Content|Out-File|Add-Content)\b/ nocase
  condition:
    any of them
}

rule capability_fsread {
  meta:
    category = "credential-access"
    role = "capability"
    capability = "fsread"
    severity = "info"
    attack = "T1005"
    description = "Reads files or lists directories"
    help = "The file reads or enumerates files. Normal for most code; it matters when the same file references credential stores, browser profiles or wallets."
  strings:
    $js_r1 = /\b(readFileSync|readdirSync|createReadStream|existsSync|statSync)\s*\(/
    $js_r2 = /\bfs(\.promises)?\.(readFile|readdir|stat|access)\s*\(/
    $js_r3 = /\bfsp?\.(readFile|readdir)\s*\(/
    $js_glob = /require\(\s*['"](glob|fast-glob|globby)['"]\s*\)/
    $py_r1 = /\bopen\([^\n)]{1,200}\)\.read\(/
    $py_r2 = /\bwith\s+open\(/
    $py_r3 = /\.(read_text|read_bytes)\s*\(/
    $py_r4 = /\bos\.(listdir|walk|scandir)\s*\(/
    $py_r5 = /\bglob\.(glob|iglob)\s*\(/
    $py_r6 = /\bsqlite3\.connect\s*\(/
    $ps_r  = "Get-Content" ascii nocase
  condition:
    any of them
}

rule capability_envread {
  meta:
    category = "credential-access"
    role = "capability"
    capability = "envread"
    severity = "info"
    attack = "T1082"
    description = "Reads environment variables"
    help = "The file reads the process environment. Normal for configuration; it matters together with secret variable names or a network send."
  strings:
    $js  = "process.env" ascii
    $py1 = "os.environ" ascii
    $py2 = "os.getenv(" ascii
    $ps  = "$env:" ascii nocase
  condition:
    any of them
}
