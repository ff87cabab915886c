/*
 * airlock YARA rules: exfiltration and command-and-control
 *
 * Where stolen data goes and how the malware phones home:
 *  - targets: messenger webhooks (Discord/Telegram/Slack), paste/tunnel/
 *    request-capture/OAST services, URL shorteners, URLs on raw public IPs.
 *    Legit code mentions some of them (bot libraries, tunnelling CLIs), so they
 *    become findings at full severity only next to a network capability.
 *  - threats: the whole environment serialized into a request, host/user recon
 *    gathered next to a network send, data encoded into DNS query names, and a
 *    timer/loop beaconing to a raw IP.
 * Private, loopback and link-local addresses are excluded from the raw-IP logic.
 */

rule target_messenger_webhook {
  meta:
    category = "exfiltration"
    role = "target"
    severity = "high"
    needs = "network"
    attack = "T1567.004,T1102"
    description = "Sends to a messenger webhook/bot API (Discord webhook, Telegram bot, Slack incoming webhook)"
    help = "Discord webhooks, Telegram bot sendMessage/sendDocument and Slack incoming webhooks are the most common drop points for stolen tokens and host data in malicious packages: no server needed, hard to block. Bot libraries reference them legitimately; install scripts should not."
  strings:
    $discord  = /discord(app)?\.com\/api\/(v\d{1,2}\/)?webhooks\//
    $telegram = "api.telegram.org/bot" ascii
    $slack    = "hooks.slack.com/services/" ascii
    $teams    = ".webhook.office.com/webhookb2/" ascii
  condition:
    any of them
}

rule target_exfil_service {
  meta:
    category = "exfiltration"
    role = "target"
    severity = "high"
    needs = "network"
    attack = "T1567,T1071.001"
    description = "References a paste, file-drop, request-capture, tunnel or OAST service used for exfiltration and callbacks"
    help = "pastebin, transfer.sh, webhook.site, requestbin/pipedream, ngrok and other tunnels, and out-of-band testing hosts (interactsh/oast.*, Burp Collaborator, dnslog) receive data without the attacker owning infrastructure. Dependency-confusion and stealer packages post there. A few CLIs (ngrok, localtunnel) legitimately name their own service."
  strings:
    $h01 = "pastebin.com" ascii
    $h02 = /\bpaste\.ee\b/
    $h03 = "hastebin.com" ascii
    $h04 = /\btransfer\.sh\b/
    $h05 = "webhook.site" ascii
    $h06 = /requestbin\.(com|net|io)/
    $h07 = "pipedream.net" ascii
    $h08 = /\bngrok(-free)?\.(io|app|dev)\b/
    $h09 = /\binteract\.sh\b/
    $h10 = /\boast\.(fun|pro|live|site|online|me)\b/
    $h11 = "burpcollaborator.net" ascii
    $h12 = "oastify.com" ascii
    $h13 = "canarytokens.com" ascii
    $h14 = "dnslog.cn" ascii
    $h15 = /\bceye\.io\b/
    $h16 = "requestcatcher.com" ascii
    $h17 = "beeceptor.com" ascii
    $h18 = "hookbin.com" ascii
    $h19 = "trycloudflare.com" ascii
    $h20 = /\bserveo\.net\b/
    $h21 = /\bloca\.lt\b/
    $h22 = /\bbore\.pub\b/
    $h23 = /https?:\/\/file\.io\b/
    $h24 = /https?:\/\/(store\d?\.|api\.)?gofile\.io\b/
    $h25 = "anonfiles.com" ascii
    $h26 = "bashupload.com" ascii
    $h27 = /https?:\/\/temp\.sh\b/
    $h28 = /https?:\/\/0x0\.st\b/
    $h29 = "termbin.com" ascii
    $h30 = /https?:\/\/(ix\.io|sprunge\.us)\b/
    $h31 = "localhost.run" ascii
    $h32 = "rentry.co" ascii
  condition:
    any of them
}

rule target_url_shortener {
  meta:
    category = "exfiltration"
    role = "target"
    severity = "medium"
    needs = "network"
    attack = "T1105,T1608.005"
    description = "Fetches a URL-shortener link (bit.ly, tinyurl, is.gd, ...)"
    help = "Shortened links hide where a download or upload really goes and can be re-pointed after review. Documentation uses them harmlessly; code that downloads through them at install time should not."
  strings:
    $s1 = /https?:\/\/(bit\.ly|tinyurl\.com|is\.gd|cutt\.ly|rb\.gy|t\.ly|shorturl\.at|tiny\.cc|v\.gd|rebrand\.ly|s\.id)\/[A-Za-z0-9]/
  condition:
    any of them
}

rule target_raw_ip_url {
  meta:
    category = "c2"
    role = "target"
    severity = "high"
    needs = "network"
    attack = "T1071.001,T1571"
    description = "Contacts a public raw IPv4 address instead of a host name"
    help = "Malware talks to raw IPs to avoid DNS-based blocking and because throwaway servers have no names. Legit packages download from named, TLS-verified hosts. Loopback, private (RFC 1918), link-local and 0.0.0.0 addresses are ignored."
  strings:
    $url      = /(https?|wss?|tcp|ftp):\/\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/
    $url_priv = /(https?|wss?|tcp|ftp):\/\/(127\.|10\.|0\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|255\.)/
    $conn1      = /\.connect\(\s*\(?\s*['"]\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}['"]\s*,\s*\d{2,5}/
    $conn1_priv = /\.connect\(\s*\(?\s*['"](127\.|10\.|0\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|255\.)/
    $conn2      = /\.connect\(\s*\d{2,5}\s*,\s*['"]\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}['"]/
    $conn2_priv = /\.connect\(\s*\d{2,5}\s*,\s*['"](127\.|10\.|0\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|255\.)/
  condition:
    #url > #url_priv or #conn1 > #conn1_priv or #conn2 > #conn2_priv
}

rule exfil_env_dump {
  meta:
    category = "exfiltration"
    role = "threat"
    severity = "high"
    attack = "T1552.001,T1041"
    description = "Serializes the whole environment (process.env / os.environ) in a file that sends network requests"
    help = "Dumping every environment variable (JSON.stringify(process.env), json.dumps(dict(os.environ))) next to an HTTP/DNS/socket send is how install-time stealers grab CI secrets and tokens in one shot. Legit code reads the specific variables it needs."
  strings:
    $js1 = /JSON\.stringify\(\s*process\.env\s*[,)]/
    $js2 = /JSON\.stringify\(\s*\{[^\n}]{0,200}:\s*process\.env\s*[,}]/
    $js3 = /(querystring|qs)\.stringify\(\s*process\.env\s*\)/
    $js4 = /new\s+URLSearchParams\(\s*process\.env\s*\)/
    $js5 = /JSON\.stringify\(\s*\{\s*\.\.\.process\.env\s*\}/
    $py1 = /json\.dumps\(\s*(dict\(\s*)?os\.environ\b/
    $py2 = /urlencode\(\s*(dict\(\s*)?os\.environ\b/
    $py3 = /b64encode\(\s*(str|repr|json\.dumps)\(\s*(dict\(\s*)?os\.environ/
    $py4 = /\b(json|data|params)\s*=\s*(dict\(\s*)?os\.environ(\.copy\(\))?\s*\)?\s*[,)]/
    $n1 = /\bhttps?\.(request|get)\s*\(/
    $n2 = /\bfetch\(/
    $n3 = /\baxios(\.(get|post|put|request))?\s*\(/
    $n4 = /\bnet\.(connect|createConnection)\s*\(/
    $n5 = /\bdns\.(resolve\w{0,5}|lookup)\s*\(/
    $n6 = /\burlopen\s*\(/
    $n7 = /\brequests\.(get|post|put)\s*\(/
    $n8 = "socket.socket(" ascii
    $n9 = /\bhttp\.client\.HTTPS?Connection\s*\(/
    $n10 = "new XMLHttpRequest(" ascii
  condition:
    any of ($js*, $py*) and any of ($n*)
}

rule exfil_system_recon {
  meta:
    category = "exfiltration"
    role = "threat"
    severity = "high"
    attack = "T1082,T1033,T1016,T1041"
    description = "Gathers host name, user name and network/DNS details together, in a file that sends network requests"
    help = "Dependency-confusion and recon payloads collect hostname, username, home directory, network interfaces or DNS servers into one object and post it to the attacker. Legit telemetry does not collect the user name and DNS servers next to the host name. Matched only when these calls sit within a few hundred bytes of each other."
  strings:
    $host  = /\.hostname\(\)/
    $user  = /\.userInfo\(\)(\.username)?/
    $ifs   = ".networkInterfaces()" ascii
    $dnss  = /\bdns\.getServers\(\)/
    $home  = /\bos\.homedir\(\)/
    $pyhost = /\b(socket\.gethostname|platform\.node)\(\)/
    $pyuser = /\b(getpass\.getuser|os\.getlogin)\(\)/
    $pyip   = /socket\.gethostbyname\(\s*socket\.gethostname\(\)\s*\)/
    $pycwd  = /\bos\.getcwd\(\)/
    $n1 = /\bhttps?\.(request|get)\s*\(/
    $n2 = /\bfetch\(/
    $n3 = /\baxios(\.(get|post|put|request))?\s*\(/
    $n4 = /\bdns\.(resolve\w{0,5}|lookup)\s*\(/
    $n5 = /\burlopen\s*\(/
    $n6 = /\brequests\.(get|post|put)\s*\(/
    $n7 = "socket.socket(" ascii
  condition:
    any of ($n*) and (
      for any i in (1..#host) : (
        $user in (@host[i] - 400 .. @host[i] + 400) and
        ( $ifs in (@host[i] - 400 .. @host[i] + 400) or
          $dnss in (@host[i] - 400 .. @host[i] + 400) or
          $home in (@host[i] - 400 .. @host[i] + 400) )
      ) or
      for any i in (1..#pyhost) : (
        $pyuser in (@pyhost[i] - 400 .. @pyhost[i] + 400) and
        ( $pyip in (@pyhost[i] - 400 .. @pyhost[i] + 400) or
          $pycwd in (@pyhost[i] - 400 .. @pyhost[i] + 400) )
      )
    )
}

rule exfil_dns_tunnel {
  meta:
    category = "exfiltration"
    role = "threat"
    severity = "high"
    attack = "T1048.003,T1071.004"
    description = "Encodes data into DNS query names (DNS exfiltration)"
    help = "Hex/base32/base64-encoding data and resolving it as a host name leaks it through the DNS resolver, which egress filters and sandboxes usually allow. Shell forms put $(whoami) or $(hostname) into an nslookup/dig/ping name. Legit code resolves fixed host names."
  strings:
    $js  = /\bdns\.(resolve|resolve4|resolve6|resolveTxt|resolveCname|lookup)\s*\(\s*[^\n;]{0,150}toString\(\s*['"](hex|base64|base64url)['"]\s*\)/
    $py  = /\b(gethostbyname|getaddrinfo|resolver\.resolve|resolver\.query)\(\s*[^\n]{0,150}(\.hex\(\)|hexlify\(|b32encode\(|b64encode\(|urlsafe_b64encode\()/
    $sh1 = /\b(nslookup|dig|host|ping)\s[^\n]{0,80}\$\((whoami|hostname|id|uname)\b/
    $sh2 = /\$\((whoami|hostname|id\s+-un)\)\.[A-Za-z0-9-]{1,63}\./
    // a name built from an interpolated label, in a file that hex/base32-encodes or chunks data into labels
    $js_tpl = /\bdns\.(resolve|resolve4|resolve6|resolveTxt|resolveCname|lookup)\s*\(\s*`\$\{[^}\n]{1,60}\}\./
    $py_tpl = /\b(gethostbyname|getaddrinfo|resolver\.resolve|resolver\.query)\(\s*f['"]\{[^}\n]{1,60}\}\./
    $enc1 = /toString\(\s*['"](hex|base32|base64url)['"]\s*\)/
    $enc2 = /\.match\(\s*\/\.\{1,[1-6]\d\}\/g\s*\)/
    $enc3 = /(\.hex\(\)|hexlify\(|b32encode\()/
  condition:
    any of ($js, $py, $sh1, $sh2) or (($js_tpl or $py_tpl) and any of ($enc*))
}

rule c2_beacon_raw_ip {
  meta:
    category = "c2"
    role = "threat"
    severity = "high"
    attack = "T1071.001,T1029"
    description = "Periodic beacon: a timer or endless loop that contacts a public raw IP address"
    help = "setInterval (or while True + sleep) combined with HTTP/socket traffic to a raw public IP is the shape of a command-and-control beacon left running by an install script. Legit polling code talks to named hosts."
  strings:
    $timer1 = "setInterval(" ascii
    $timer2 = /while\s+True\s*:/
    $sleep  = "time.sleep(" ascii
    $url      = /(https?|wss?|tcp):\/\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/
    $url_priv = /(https?|wss?|tcp):\/\/(127\.|10\.|0\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|255\.)/
    $n1 = /\bhttps?\.(request|get)\s*\(/
    $n2 = /\bfetch\(/
    $n3 = /\baxios(\.(get|post|put|request))?\s*\(/
    $n4 = /\bnet\.(connect|createConnection)\s*\(/
    $n5 = /\burlopen\s*\(/
    $n6 = /\brequests\.(get|post|put)\s*\(/
    $n7 = "new WebSocket(" ascii
  condition:
    ($timer1 or ($timer2 and $sleep)) and #url > #url_priv and any of ($n*)
}
