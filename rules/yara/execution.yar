/*
 * airlock YARA rules: hidden execution
 *
 * Install-time payloads want to outlive `npm install` / `pip install`: they
 * start a detached, silent child (spawn with detached + stdio 'ignore' +
 * unref(), nohup/setsid in the background, hidden PowerShell windows, Popen
 * with start_new_session in setup.py) so the installer returns while the
 * payload keeps running. Some legit CLIs spawn detached update checkers, so the
 * JS/shell forms are medium; a detached process started from setup.py is high.
 * Also here: setup.py that does network I/O inside an install command class,
 * chained reconnaissance commands (id; uname -a; hostname), cryptominer
 * configuration, and local AI agent CLIs driven with their approval prompts
 * disabled (the 2025 Nx compromise).
 */

rule silent_spawn_detached_js {
  meta:
    category = "execution"
    role = "threat"
    severity = "medium"
    attack = "T1059.007,T1564"
    description = "Spawns a detached, silent child process that outlives the parent (detached + stdio ignore + unref)"
    help = "child_process.spawn with detached:true, stdio:'ignore' and .unref() starts a background process that survives the npm install that launched it and shows no output. Malicious install scripts use it to keep a beacon or stealer running. Some CLIs use it for background update checks; in install-time code it deserves a look."
  strings:
    $detached = /detached\s*:\s*(true|!0)/
    $ignore   = /stdio\s*:\s*(\[\s*)?['"]ignore['"]/
    $unref    = ".unref()" ascii
    $spawn    = /\b(spawn|fork|execFile)\s*\(/
  condition:
    $detached and $ignore and $unref and $spawn
}

rule silent_spawn_shell_background {
  meta:
    category = "execution"
    role = "threat"
    severity = "medium"
    attack = "T1059.004,T1564.003"
    description = "Starts a command in the background with output discarded (... >/dev/null 2>&1 &, nohup/setsid, hidden PowerShell window)"
    help = "nohup or setsid with output sent to /dev/null and a trailing &, or PowerShell with a hidden window, launches a process that survives the installer and hides its output. Install scripts of legit packages run in the foreground."
  strings:
    $nohup  = /\bnohup\s[^\n]{1,200}>\s*\/dev\/null[^\n]{0,20}&/
    $setsid = /\bsetsid\s+(-f\s+)?[^\n]{1,200}>\s*\/dev\/null[^\n]{0,20}&/
    $ps_hidden = /powershell(\.exe)?['"]?\s*,?\s*[^\n]{0,60}-(w|win|window|windowstyle)['"]?\s*,?\s*['"]?hidden\b/ nocase
    $start_hidden = /Start-Process\s[^\n]{0,200}-WindowStyle\s+Hidden/ nocase
    $bg = /(>\s*\/dev\/null\s+2>&1|&>\s*\/dev\/null)\s*&\s*(\n|['"`;)]|disown\b)/
  condition:
    any of them
}

rule silent_spawn_python_setup {
  meta:
    category = "execution"
    role = "threat"
    severity = "high"
    attack = "T1059.006,T1564"
    description = "setup.py starts a detached or silent background process"
    help = "A setuptools/distutils setup script that launches subprocess.Popen with start_new_session, os.setsid, DETACHED_PROCESS/CREATE_NO_WINDOW or with all output sent to DEVNULL starts a process that keeps running after pip returns. Legit build steps wait for their subprocesses and show their output."
  strings:
    $setup1 = "from setuptools import" ascii
    $setup2 = "from distutils.core import" ascii
    $setup3 = "import setuptools" ascii
    $popen  = "Popen(" ascii
    $f1 = /start_new_session\s*=\s*True/
    $f2 = /preexec_fn\s*=\s*os\.setsid/
    $f3 = "DETACHED_PROCESS" ascii
    $f4 = "CREATE_NO_WINDOW" ascii
    $devnull_out = /stdout\s*=\s*(subprocess\.)?DEVNULL/
    $devnull_err = /stderr\s*=\s*(subprocess\.)?(DEVNULL|STDOUT)/
  condition:
    any of ($setup*) and $popen and (any of ($f*) or ($devnull_out and $devnull_err))
}

rule setup_py_network_in_install {
  meta:
    category = "install-hook"
    role = "threat"
    severity = "medium"
    attack = "T1105,T1195.002"
    description = "setup.py overrides an install command and performs network I/O"
    help = "A setup script that registers a custom install/develop/egg_info command (cmdclass) and opens URLs or sockets runs network code during pip install. A few legit packages download build inputs this way, but it is also the standard PyPI malware entry point; prefer build backends and pinned, hashed downloads."
  strings:
    $setup1 = "from setuptools import" ascii
    $setup2 = "from distutils.core import" ascii
    $setup3 = "import setuptools" ascii
    $cmdclass = /cmdclass\s*=\s*\{/
    $cmd  = /from\s+setuptools\.command\.(install|develop|egg_info|build_py|sdist)\s+import/
    $net1 = /\burlopen\s*\(/
    $net2 = /\brequests\.(get|post|put)\s*\(/
    $net3 = "socket.socket(" ascii
    $net4 = "urlretrieve(" ascii
    $net5 = /\bhttp\.client\.HTTPS?Connection\s*\(/
  condition:
    any of ($setup*) and $cmdclass and $cmd and any of ($net*)
}

rule cryptominer_config {
  meta:
    category = "execution"
    role = "threat"
    severity = "high"
    attack = "T1496"
    description = "Cryptocurrency miner configuration (stratum pool URL, XMRig options, known mining pools)"
    help = "A stratum:// pool URL, XMRig command-line options or well-known Monero pool hosts indicate the package installs or runs a cryptominer (resource hijacking). No dependency needs this."
  strings:
    $stratum = /stratum\+(tcp|ssl|tls):\/\// nocase
    $xmrig   = "xmrig" ascii nocase
    $donate  = "--donate-level" ascii
    $cpu     = "--cpu-priority" ascii
    $pool1   = "supportxmr.com" ascii nocase
    $pool2   = "moneroocean.stream" ascii nocase
    $pool3   = "minexmr.com" ascii nocase
    $pool4   = "xmr.nanopool.org" ascii nocase
    $pool5   = "hashvault.pro" ascii nocase
    $pool6   = "c3pool.com" ascii nocase
    $pool7   = "xmrpool.eu" ascii nocase
  condition:
    $stratum or any of ($pool*) or ($xmrig and ($donate or $cpu))
}

rule ai_agent_permission_bypass {
  meta:
    category = "execution"
    role = "threat"
    severity = "high"
    attack = "T1059,T1555,T1005"
    description = "Runs a local AI coding agent CLI with its safety prompts disabled (claude --dangerously-skip-permissions, gemini --yolo, q --trust-all-tools)"
    help = "Malicious install scripts (the 2025 Nx 's1ngularity' compromise) drive the developer's own AI agent CLI with permission checks turned off and a prompt to hunt for wallets, keys and tokens. A dependency has no reason to start an agent CLI, let alone with approvals bypassed. SDKs that wrap these CLIs mention the flags, but not next to a spawn of the CLI itself."
  strings:
    $a = /['"`](claude|gemini|q|codex|cursor-agent)['"`]\s*,\s*\[[^\]\n]{0,200}['"`](--dangerously-skip-permissions|--yolo|--trust-all-tools|--dangerously-bypass-approvals-and-sandbox)['"`]/
    $b = /['"`](claude|gemini|q\s+chat|codex|codex\s+exec|cursor-agent)\s[^\n'"`]{0,120}(--dangerously-skip-permissions|--yolo|--trust-all-tools|--dangerously-bypass-approvals-and-sandbox)\b/
  condition:
    any of them
}

rule exec_recon_commands {
  meta:
    category = "execution"
    role = "threat"
    severity = "high"
    attack = "T1082,T1033,T1016"
    description = "Runs a chain of reconnaissance commands (id; uname -a; hostname; whoami; ifconfig ...)"
    help = "Several host-discovery commands chained in one command string (`id; uname -a; hostname`, `whoami && ifconfig`) is how install-time payloads fingerprint the machine before exfiltrating or choosing a second stage. Legit packages ask Node/Python APIs for the platform; they do not shell out to id/whoami chains."
  strings:
    $chain = /['"`]\s*(sh\s+-c\s+\\?['"]?)?(whoami|id|uname\s+-[a-z]{1,3}|hostname|ifconfig|ip\s+a(ddr)?|cat\s+\/etc\/passwd|printenv|ps\s+aux|netstat\s+-[a-z]{1,5})\s*(;|&&)\s*(whoami|id|uname(\s+-[a-z]{1,3})?|hostname|ifconfig|ip\s+a(ddr)?|cat\s+\/etc\/passwd|printenv|env|ps\s+aux|netstat\s+-[a-z]{1,5}|pwd)\b/
  condition:
    $chain
}
