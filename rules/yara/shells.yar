/*
 * airlock YARA rules: reverse shells
 *
 * A reverse shell connects out to the attacker and wires a shell's stdin/stdout
 * to the socket, giving interactive control of the developer's machine or CI
 * runner. The one-liners (bash /dev/tcp, nc -e, mkfifo pipes, socat exec,
 * Python dup2 + pty, Node net.Socket piped into spawn('/bin/sh')) are distinct
 * shapes that legit packages do not contain, so they are threats. Plain uses of
 * /dev/tcp for port probes (wait-for-it style `echo > /dev/tcp/host/port`) and
 * terminals that spawn a shell without a socket are deliberately not matched.
 */

rule reverse_shell_dev_tcp {
  meta:
    category = "c2"
    role = "threat"
    severity = "critical"
    attack = "T1059.004,T1071"
    description = "Bash reverse shell through /dev/tcp"
    help = "An interactive shell (sh/bash -i) has its input and output redirected to /dev/tcp/HOST/PORT, which gives a remote attacker a shell on the machine. A TCP probe such as `echo > /dev/tcp/host/port` is not matched; an interactive shell bound to a socket has no legitimate use in a package."
  strings:
    $i_redirect = /\bsh\s+-i\s+[^\n]{0,20}>&?\s*\/dev\/(tcp|udp)\//
    $amp_redir  = /&>\s*\/dev\/(tcp|udp)\/[^\n]{1,120}(0>&1|<&1)/
    $gt_redir   = />&\s*\/dev\/(tcp|udp)\/[^\n]{1,120}0>&1/
    $exec_fd    = /exec\s+\d{1,3}<>\s*\/dev\/(tcp|udp)\/[^\n]{1,300}(while\s+read|\/bin\/(ba)?sh|\bsh\s+-i|bash\s+-i)/
  condition:
    any of them
}

rule reverse_shell_netcat {
  meta:
    category = "c2"
    role = "threat"
    severity = "critical"
    attack = "T1059.004,T1095"
    description = "Netcat/ncat/openssl reverse shell (nc -e /bin/sh, mkfifo pipe)"
    help = "netcat with -e/-c (or ncat --exec) attached to a shell, or a named pipe (mkfifo/mknod) looping a shell through nc/telnet/openssl s_client, gives a remote attacker an interactive shell. Packages never need this."
  strings:
    $nc_e     = /\b(nc|ncat|netcat)(\.traditional|\.openbsd)?\s([^\n|;]{0,100}\s)?-[ec]\s*['"]?(\/usr)?(\/bin\/)?(ba|z|da)?sh\b/
    $ncat_exec = /\bncat\s[^\n|;]{0,100}--(exec|sh-exec)\s/
    $mkfifo   = /\bmkfifo\s[^\n]{0,200}\b(sh|bash)\b[^\n]{0,100}\|\s*(nc|ncat|netcat|telnet|openssl\s+s_client)\s/
    $mknod    = /\bmknod\s[^\n]{0,60}\sp\b[^\n]{0,200}\|\s*(nc|ncat|netcat|telnet|openssl\s+s_client)\s/
  condition:
    any of them
}

rule reverse_shell_python {
  meta:
    category = "c2"
    role = "threat"
    severity = "critical"
    attack = "T1059.006,T1095"
    description = "Python reverse shell: socket connected out, fds duplicated onto it, shell spawned"
    help = "socket.connect() followed by os.dup2(sock.fileno(), 0/1/2) and pty.spawn or subprocess of /bin/sh (or a shell whose stdin/stdout are the socket) hands an interactive shell to a remote host. In setup.py it runs at install."
  strings:
    $connect = /\.connect\(\s*\(/
    $sock    = "socket(" ascii
    $dup2    = /dup2\(\s*[A-Za-z_][\w.]{0,30}\.fileno\(\)\s*,\s*[A-Za-z0-9_]{1,20}\s*\)/
    $stdfd   = /std(in|out)\s*=\s*[A-Za-z_]\w{0,30}\.fileno\(\)/
    $pty     = "pty.spawn(" ascii
    $shell   = /['"]\/bin\/(ba|z|da)?sh['"]/
    $shell2  = /['"](cmd\.exe|powershell(\.exe)?)['"]/ nocase
  condition:
    $sock and $connect and ($dup2 or $stdfd) and ($pty or $shell or $shell2)
}

rule reverse_shell_node {
  meta:
    category = "c2"
    role = "threat"
    severity = "high"
    attack = "T1059.007,T1095"
    description = "Node.js reverse shell: a TCP socket piped into a spawned shell"
    help = "net.Socket/net.connect plus child_process.spawn of /bin/sh, cmd.exe or powershell, with the socket piped into the shell's stdin and the shell's stdout piped back, gives a remote attacker an interactive shell. Terminal emulators spawn shells too, but they do not pipe them to a raw outbound socket."
  strings:
    $sock1  = "new net.Socket(" ascii
    $sock2  = /\bnet\.(connect|createConnection)\s*\(/
    $sock3  = /\.Socket\(\)[^\n]{0,200}\.connect\(\s*\d{2,5}\s*,/
    $sh1    = /spawn(Sync)?\(\s*['"](\/bin\/)?(ba|z|da)?sh['"]/
    $sh2    = /spawn(Sync)?\(\s*['"](cmd(\.exe)?|powershell(\.exe)?)['"]/ nocase
    $pipe_in  = /\.pipe\(\s*[A-Za-z_$][\w$]{0,30}\.stdin\s*\)/
    $pipe_out = /\.std(out|err)\.pipe\(\s*[A-Za-z_$][\w$]{0,30}\s*\)/
  condition:
    any of ($sock*) and any of ($sh*) and ($pipe_in or $pipe_out)
}

rule reverse_shell_oneliner {
  meta:
    category = "c2"
    role = "threat"
    severity = "high"
    attack = "T1059,T1095"
    description = "Reverse shell one-liner (perl, php, ruby, socat, gawk, PowerShell TCPClient)"
    help = "Well-known reverse shell one-liners in other interpreters: perl Socket with open(STDIN,'>&S'), php fsockopen + exec('/bin/sh'), ruby TCPSocket + /bin/sh -i, socat exec:sh, gawk /inet/tcp, PowerShell Net.Sockets.TCPClient with GetStream and Invoke-Expression."
  strings:
    $perl  = /open\(\s*STDIN\s*,\s*['"]>&/
    $php   = /fsockopen\([^\n]{0,200}(exec|shell_exec|system|passthru|proc_open|popen)\(\s*['"]\/bin\/(ba)?sh/
    $ruby  = /TCPSocket\.(new|open)\([^\n]{0,200}\/bin\/(ba)?sh\s+-i/
    $socat = /\bsocat\s[^\n]{0,200}exec:['"]?(\/bin\/)?(ba|z)?sh\b/ nocase
    $gawk  = "/inet/tcp/0/" ascii
    $ps_tcp = /Net\.Sockets\.TCPClient\s*\(/ nocase
    $ps_stream = ".GetStream()" ascii nocase
    $ps_iex = /\b(iex|invoke-expression)\b/ nocase
  condition:
    $perl or $php or $ruby or $socat or $gawk or ($ps_tcp and $ps_stream and $ps_iex)
}
