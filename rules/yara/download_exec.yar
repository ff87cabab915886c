/*
 * airlock YARA rules: download and execute
 *
 * Install-time code that fetches a second stage and runs it is the core of
 * SAFE-T1006: the published package looks small and clean, the payload lives on
 * a server the attacker controls. Legit packages (esbuild, sharp, prisma,
 * puppeteer, electron) also download at install time, but they download data or
 * a pinned binary and verify it; they do not pipe a script into an interpreter
 * or eval a response body. So these rules match the *execute the download*
 * shapes only: `curl | sh`, `sh -c "$(curl ...)"`, download + chmod + run,
 * PowerShell download cradles, Windows LOLBin downloaders, and eval/exec of an
 * HTTP response in JS and Python.
 *
 * Context decides severity: the command lines are `high` when they sit in an
 * exec/spawn/system call, an npm install hook or a #! script; the same text in
 * a plain code string is `medium` (download_exec_command_string: bun's
 * postinstall, for one, prints `curl ... | bash` as install advice); READMEs and
 * Markdown prose (code fences, `$ curl ...` prompts) match nothing.
 */

rule download_exec_pipe_shell {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1059.004"
    description = "Runs a command that downloads a script and pipes it into a shell or interpreter"
    help = "A command fetches remote content with curl or wget and feeds it directly to sh/bash/python/node (`curl URL | sh`, `sh -c \"$(curl URL)\"`, `bash <(curl URL)`). Whatever the server returns at install time runs with the user's rights, and the published package never shows it. Legit installers download a pinned artifact, verify its checksum and never execute a response body. Matched when the command sits in an exec/spawn/system call, after an argv-style \"-c\" (e.g. a binding.gyp action), in a gyp <!(...) expansion, in an npm install/prepare hook, or at line start of a #! script; the same text in a plain string or a README is download-exec-command-string (medium) or nothing."
  strings:
    $sink_curl = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)curl\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $sink_wget = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)wget\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $sink_sub  = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)sh\s+(-c\s+['"\\]{1,3}\$\(|<\(\s*)(curl|wget)\s/
    $hook_curl = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}curl\s[^"\n|]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $hook_wget = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}wget\s[^"\n|]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $hook_sub  = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}sh\s+(-c\s+\\?['"]?\$\(|<\(\s*)(curl|wget)\s/
    // at the start of a line: only counted in shell scripts (file starts with #!)
    $l_curl  = /\n[ \t]*(sudo\s+)?curl\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $l_wget  = /\n[ \t]*(sudo\s+)?wget\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $l_sub   = /\n[ \t]*(ba|z|da)?sh\s+(-c\s+['"\\]{1,3}\$\(|<\(\s*)(curl|wget)\s/
    $l_eval  = /\n[ \t]*eval\s+['"]?\$\((curl|wget)\s/
  condition:
    any of ($sink_*, $hook_*) or (uint16(0) == 0x2123 and any of ($l_*))
}

rule download_exec_chmod_run {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1222.002,T1059.004"
    description = "Runs a command that downloads a file, makes it executable and starts it"
    help = "A single command chain downloads a file (curl/wget), marks it executable and immediately starts it, typically from /tmp. This is the classic dropper pattern. Legit packages that ship native tools fetch them from the package registry and verify them instead of running an unverified download. Matched in exec/spawn/system calls, npm install hooks and #! scripts."
  strings:
    $sink_curl = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)curl\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $sink_wget = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)wget\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $hook_curl = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}curl\s[^"\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $hook_wget = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}wget\s[^"\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $l_curl = /\n[ \t]*curl\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $l_wget = /\n[ \t]*wget\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    // multi-line form in #! scripts: download to a file, chmod it, run something from ./ or /tmp within a few lines
    $s_dl    = /\n[ \t]*(curl|wget)(\s[^\n]{0,300})?\s(-o|-O|--output|--output-document)[ =]?\S/
    $s_chmod = /\n[ \t]*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s/
    $s_run   = /\n[ \t]*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|nohup\s|setsid\s)/
  condition:
    any of ($sink_*, $hook_*) or
    (uint16(0) == 0x2123 and (any of ($l_*) or
      for any i in (1..#s_dl) : (
        $s_chmod in (@s_dl[i] .. @s_dl[i] + 800) and $s_run in (@s_dl[i] .. @s_dl[i] + 1200))))
}

rule download_exec_powershell_cradle {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1059.001"
    description = "Runs a PowerShell download cradle (downloaded script passed to Invoke-Expression)"
    help = "IEX/Invoke-Expression applied to DownloadString or to the output of Invoke-WebRequest/Invoke-RestMethod executes remote code in memory. Matched when the cradle sits in an exec/spawn/system call or an npm install hook; the same text as a plain string (e.g. install instructions in an error message) is download-exec-command-string (medium)."
  strings:
    $sink1 = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)(iex|invoke-expression)\b[^\n]{0,100}downloadstring\s*\(/ nocase
    $sink2 = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)downloadstring\s*\([^\n]{0,300}\|\s*(iex|invoke-expression)\b/ nocase
    $sink3 = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)(iwr|irm|invoke-webrequest|invoke-restmethod)\s[^\n|]{0,300}\|\s*(iex|invoke-expression)\b/ nocase
    $sink4 = /(\b(exec|execSync|execa|execaSync|execFile|execFileSync|spawn|spawnSync|system|popen|Popen|check_call|check_output|call|run|getoutput|getstatusoutput)\s*\([^\n]{0,80}|['"]-c['"]\s*,\s*['"][ \t]*|<!@?\([ \t]*)downloadfile\s*\([^\n]{0,300}(start-process|invoke-item)\b/ nocase
    $hook1 = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}(iex|invoke-expression)\b[^"\n]{0,100}downloadstring\s*\(/ nocase
    $hook2 = /"(pre|post)?(install|prepare)"\s*:\s*"([^"\\\n]|\\.){0,200}(iwr|irm|invoke-webrequest|invoke-restmethod)\s[^\n|]{0,300}\|\s*(iex|invoke-expression)\b/ nocase
  condition:
    any of them
}

rule download_exec_command_string {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "medium"
    attack = "T1105,T1059"
    description = "A code string holds a download-and-execute command line (curl|sh, download+chmod+run, PowerShell cradle)"
    help = "A quoted string in code contains a complete download-and-run command. It may be executed later through a variable, or it may only be printed as install instructions (some legit installers do that in error messages), so this is medium; the same command inside an exec call or install hook is a high finding of its own. Markdown/README text outside code strings is not matched."
  strings:
    $q_curl  = /(['"]|[(=:,][ \t]*`|&&|\|\||;)[ \t]*(sudo\s+)?curl\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $q_wget  = /(['"]|[(=:,][ \t]*`|&&|\|\||;)[ \t]*(sudo\s+)?wget\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]{1,12}\s{1,4}){0,3})?(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|python[23]?|perl|node|ruby)\b/
    $q_sub   = /(['"]|[(=:,][ \t]*`|&&|\|\||;)[ \t]*(ba|z|da)?sh\s+(-c\s+['"\\]{1,3}\$\(|<\(\s*)(curl|wget)\s/
    $q_chmod_curl = /(['"]|[(=:,][ \t]*`|&&|\|\||;)[ \t]*curl\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $q_chmod_wget = /(['"]|[(=:,][ \t]*`|&&|\|\||;)[ \t]*wget\s[^\n]{0,300}(&&|;)\s*chmod\s+(\+x|a\+x|u\+x|[0-7]?[157][0-7][0-7])\s[^\n]{0,200}(&&|;)\s*(\.\/|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$|nohup\s|setsid\s)/
    $q_ps1 = /['"`][ \t]*(powershell(\.exe)?\s[^\n]{0,60})?(iwr|irm|invoke-webrequest|invoke-restmethod)\s[^\n|]{0,300}\|\s*(iex|invoke-expression)\b/ nocase
    $q_ps2 = /['"`][ \t]*(powershell(\.exe)?\s[^\n]{0,60})?(iex|invoke-expression)\b[^\n]{0,100}downloadstring\s*\(/ nocase
  condition:
    any of them and not download_exec_pipe_shell and not download_exec_chmod_run and not download_exec_powershell_cradle
}

rule download_exec_windows_lolbin {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1218"
    description = "Uses a Windows system binary (certutil, bitsadmin, mshta, regsvr32, rundll32) to fetch or run remote code"
    help = "certutil -urlcache, bitsadmin /transfer, mshta http://..., regsvr32 /i:http://... and rundll32 javascript: are living-off-the-land tricks used to download or run payloads while evading defenses. Packages have no legitimate install-time use for them."
  strings:
    $certutil = /certutil(\.exe)?\s[^\n]{0,80}-urlcache\b/ nocase
    $bits     = /bitsadmin(\.exe)?\s[^\n]{0,80}\/transfer\s/ nocase
    $mshta    = /mshta(\.exe)?\s+['"]?(https?:|vbscript:|javascript:)/ nocase
    $regsvr   = /regsvr32(\.exe)?\s[^\n]{0,80}\/i:\s*https?:/ nocase
    $rundll   = /rundll32(\.exe)?\s[^\n]{0,60}javascript:/ nocase
  condition:
    any of them
}

rule download_exec_python_remote_exec {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1059.006"
    description = "Python code executes the body of an HTTP response (exec/eval of urlopen/requests)"
    help = "exec() or eval() applied to the result of urllib/requests runs whatever the server returns. In setup.py or a .pth file this executes at install or at every interpreter start. Legit packages never execute downloaded source."
  strings:
    $inline1 = /\b(exec|eval)\s*\(\s*(urllib\.request\.|urllib2\.|request\.)?urlopen\s*\(/
    $inline2 = /\b(exec|eval)\s*\(\s*requests\.(get|post)\s*\(/
    $inline3 = /\b(exec|eval)\s*\(\s*__import__\(\s*['"](urllib|urllib\.request|urllib2|requests)['"]\s*\)/
    $body1   = /[\s;:]exec\s*\(\s*[A-Za-z_]\w{0,30}\.(text|content)\s*[,)]/
    $body2   = /[\s;:]exec\s*\(\s*(r|res|resp|response|req|u|page|conn|reply)\.read\(\)(\.decode\([^)\n]{0,20}\))?\s*[,)]/
    $net1    = /\burlopen\s*\(/
    $net2    = /\brequests\.(get|post)\s*\(/
    // two-step: body = urlopen(...).read() ... exec(body) a few lines later
    $exec_var = /[\s;:]exec\s*\(\s*[A-Za-z_]\w{0,30}\s*[,)]/
  condition:
    any of ($inline*) or (any of ($body*) and any of ($net*)) or
    for any i in (1..#net1) : ($exec_var in (@net1[i] .. @net1[i] + 400)) or
    for any i in (1..#net2) : ($exec_var in (@net2[i] .. @net2[i] + 400))
}

rule download_exec_js_remote_eval {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1059.007"
    description = "JavaScript evaluates the body of an HTTP response (eval/new Function/vm of fetched code)"
    help = "The response of an HTTP request is passed to eval, new Function or the vm module, so the server decides what runs. Malicious install scripts use this to keep the real payload off the registry. Legit packages do not evaluate downloaded code."
  strings:
    $end_eval = /\.on\(\s*['"]end['"]\s*,\s*(async\s+)?(function\s*\w{0,20}\s*\(\s*\)|\(\s*\)\s*=>)\s*\{?\s*(eval|new\s+Function|Function|vm\.runInThisContext|vm\.runInNewContext)\s*\(/
    $then_eval = /\.then\(\s*(eval|Function|new\s+Function)\s*\)/
    $then_eval2 = /\.then\(\s*\(?\s*[A-Za-z_$][\w$]{0,20}\s*\)?\s*=>\s*\{?\s*(eval|new\s+Function|Function)\s*\(\s*[A-Za-z_$][\w$]{0,20}(\.data)?\s*\)/
    $await_eval = /\b(eval|Function)\s*\(\s*\(?\s*await\s+\(?\s*(await\s+)?(fetch|axios\.get|axios|got|needle)\s*\(/
  condition:
    any of them
}

rule download_exec_drop_and_spawn {
  meta:
    category = "download-exec"
    role = "threat"
    severity = "high"
    attack = "T1105,T1222,T1059,T1564"
    description = "Downloads a file, makes it executable and starts it as a detached/silent background process"
    help = "Within a few lines, code fetches data over HTTP, writes it, sets the executable bit and launches it detached (spawn with detached/unref, Popen with start_new_session/DEVNULL). That is a dropper. Binary-shipping packages such as esbuild also download and chmod, but they verify the binary and run it in the foreground (e.g. --version); they do not leave it running in the background."
  strings:
    $js_dl1 = /\bhttps?\.(get|request)\s*\(/
    $js_dl2 = /\bfetch\(/
    $js_dl3 = /\baxios(\.get)?\s*\(/
    $js_chmod = /\bchmod(Sync)?\s*\([^\n)]{1,120},\s*(0o?7[0-7][0-7]|['"]7[0-7][0-7]['"]|4[89]3|511|0o?5[0-7][0-7])\s*[,)]/
    $js_detached = /detached\s*:\s*(true|!0)/
    $js_unref = ".unref()" ascii
    $py_dl1 = /\burlopen\s*\(/
    $py_dl2 = /\burlretrieve\s*\(/
    $py_dl3 = /\brequests\.get\s*\(/
    $py_chmod = /\bos\.chmod\s*\([^\n]{1,120},\s*(0o?7[0-7][0-7]|0o?5[0-7][0-7]|4[89]3|511|[^\n]{0,60}S_IX(USR|GRP|OTH)|[^\n]{0,60}S_IEXEC)/
    $py_bg1 = /start_new_session\s*=\s*True/
    $py_bg2 = /preexec_fn\s*=\s*os\.setsid/
    $py_bg3 = "DETACHED_PROCESS" ascii
    $py_bg4 = /stdout\s*=\s*(subprocess\.)?DEVNULL/
    $py_popen = "Popen(" ascii
  condition:
    // the chmod is followed within 600 bytes by the detached/background start,
    // and preceded within 3000 bytes by the download
    for any i in (1..#js_chmod) : (
      ($js_detached in (@js_chmod[i] .. @js_chmod[i] + 600) or $js_unref in (@js_chmod[i] .. @js_chmod[i] + 600)) and
      ($js_dl1 in (@js_chmod[i] - 3000 .. @js_chmod[i]) or $js_dl2 in (@js_chmod[i] - 3000 .. @js_chmod[i]) or
       $js_dl3 in (@js_chmod[i] - 3000 .. @js_chmod[i]))) or
    for any i in (1..#py_chmod) : (
      $py_popen in (@py_chmod[i] .. @py_chmod[i] + 600) and
      ($py_bg1 in (@py_chmod[i] .. @py_chmod[i] + 800) or $py_bg2 in (@py_chmod[i] .. @py_chmod[i] + 800) or
       $py_bg3 in (@py_chmod[i] .. @py_chmod[i] + 800) or $py_bg4 in (@py_chmod[i] .. @py_chmod[i] + 800)) and
      ($py_dl1 in (@py_chmod[i] - 3000 .. @py_chmod[i]) or $py_dl2 in (@py_chmod[i] - 3000 .. @py_chmod[i]) or
       $py_dl3 in (@py_chmod[i] - 3000 .. @py_chmod[i])))
}
