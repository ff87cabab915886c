/*
 * airlock YARA rules: credential targets
 *
 * Paths and names of secrets that stealers go after: SSH keys, cloud CLI
 * credentials, registry/VCS tokens, browser password and cookie stores, Discord
 * tokens, crypto wallets, OS credential stores, cloud instance metadata and
 * secret environment variables. Many legit tools reference these (ssh clients,
 * cloud SDKs, npm itself), so these are role = "target": reported at `low` on
 * their own, and at their severity only when the same file has one of the
 * capabilities in `needs` (reads files, uses the network, ...).
 */

rule target_ssh_private_key {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1552.004"
    description = "References SSH private key files (~/.ssh/id_rsa, id_ed25519, ...)"
    help = "Private SSH keys give access to servers and Git hosting. Stealers read ~/.ssh/id_* and send them out. SSH client libraries reference them legitimately; install-time code has no reason to."
  strings:
    $path  = /\.ssh[\/\\]{1,2}id_(rsa|dsa|ecdsa|ed25519)\b/
    $name  = /['"`]id_(rsa|dsa|ecdsa|ed25519)['"`]/
    $dir   = /['"`](~\/|\$HOME\/)?\.ssh\/?['"`]/
  condition:
    $path or ($name and $dir)
}

rule target_cloud_credentials {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1552.001"
    description = "References cloud CLI credential files (AWS, GCP, Azure, Kubernetes)"
    help = "~/.aws/credentials, gcloud application-default credentials, Azure token caches and ~/.kube/config hold long-lived cloud credentials. Cloud SDKs read them legitimately; a package that reads them during install and talks to the network is stealing them."
  strings:
    $aws   = /\.aws[\/\\]{1,2}credentials/
    $aws2  = /['"`]\.aws['"`]\s*,\s*['"`]credentials['"`]/
    $gcp1  = "application_default_credentials.json" ascii
    $gcp2  = /gcloud[\/\\]{1,2}(credentials\.db|access_tokens\.db|legacy_credentials)/
    $az1   = /\.azure[\/\\]{1,2}(accessTokens\.json|msal_token_cache|azureProfile\.json)/
    $kube  = /\.kube[\/\\]{1,2}config\b/
    $tf    = "credentials.tfrc.json" ascii
  condition:
    any of them
}

rule target_dev_tokens {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1552.001"
    description = "References package-registry or VCS token files (.npmrc, .pypirc, .git-credentials, .netrc, gh hosts.yml, docker config.json)"
    help = "These files hold npm/PyPI publish tokens, Git and Docker registry credentials. Stolen publish tokens are how package worms spread. Package managers read them legitimately; other packages, especially at install time, should not."
  strings:
    $npmrc  = /['"`\/\\~]\.npmrc\b/
    $pypirc = /['"`\/\\~]\.pypirc\b/
    $gitc   = ".git-credentials" ascii
    $netrc  = /['"`\/\\~]\.netrc['"`]/
    $gh     = /gh[\/\\]{1,2}hosts\.yml/
    $docker = /\.docker[\/\\]{1,2}config\.json/
    $yarn   = "npmAuthToken" ascii
  condition:
    any of them
}

rule target_browser_credentials {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1555.003,T1539"
    description = "References browser password/cookie stores (Chrome Login Data, Local State encrypted_key, Firefox key4.db/logins.json)"
    help = "Chromium 'Login Data', 'Web Data' and 'Cookies' plus the 'encrypted_key' in 'Local State', and Firefox key4.db/logins.json, hold saved passwords, cards and session cookies. Info-stealers copy and decrypt them (DPAPI CryptUnprotectData, 'Chrome Safe Storage'). Browser automation tools do not need them."
  strings:
    $login  = /['"`\/\\]Login Data['"`]/
    $web    = /['"`\/\\]Web Data['"`]/
    $enc    = "encrypted_key" ascii
    $state  = "Local State" ascii
    $key4   = "key4.db" ascii
    $ffprof = /Firefox[\/\\]{1,2}Profiles/
    $logins = "logins.json" ascii
    $dpapi  = "CryptUnprotectData" ascii
    $safe   = "Chrome Safe Storage" ascii
    $ck     = /User Data[\/\\]{1,2}Default[\/\\]{1,2}(Network[\/\\]{1,2})?Cookies/
  condition:
    $login or $web or ($enc and $state) or $key4 or ($ffprof and $logins) or $dpapi or $safe or $ck
}

rule target_discord_tokens {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1528,T1555"
    description = "Discord token theft markers (Discord leveldb path, token regexes, encrypted-token prefix)"
    help = "Discord stealers read Local Storage/leveldb under the Discord app data folders and grep it with the well-known token regular expressions (or the 'dQw4w9WgXcQ:' encrypted prefix), then validate tokens against /users/@me. Discord bot libraries do not read the desktop client's storage."
  strings:
    $ldb   = /discord(canary|ptb|development)?[\/\\]{1,2}Local Storage[\/\\]{1,2}leveldb/ nocase
    $re1   = /\]\{2[3-6](,2[4-8])?\}\\\.\[[^\]\n]{1,20}\]\{6\}\\\./
    $re2   = /mfa\\\.\[[^\]\n]{1,20}\]\{84\}/
    $enc   = "dQw4w9WgXcQ:" ascii
    $me    = /discord(app)?\.com\/api\/(v\d{1,2}\/)?users\/@me/
  condition:
    any of them
}

rule target_crypto_wallets {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,network"
    attack = "T1555,T1005"
    description = "References cryptocurrency wallet files or wallet browser-extension IDs"
    help = "Desktop wallet folders (Exodus, Electrum, Atomic, Ethereum keystore, wallet.dat, Solana id.json) and the Chrome extension IDs of MetaMask, Phantom, Coinbase Wallet and others are what wallet stealers enumerate. Ordinary libraries do not embed them."
  strings:
    $exodus   = "exodus.wallet" ascii nocase
    $electrum = /Electrum[\/\\]{1,2}wallets/ nocase
    $atomic   = /atomic[\/\\]{1,2}Local Storage/ nocase
    $eth      = /Ethereum[\/\\]{1,2}keystore/ nocase
    $walletdat = /['"`\/\\]wallet\.dat['"`]/
    $solana   = /solana[\/\\]{1,2}id\.json/
    $coinomi  = /Coinomi[\/\\]{1,2}Coinomi[\/\\]{1,2}wallets/ nocase
    $jaxx     = "com.liberty.jaxx" ascii
    $metamask = "nkbihfbeogaeaoehlefnkodbefgpgknn" ascii
    $phantom  = "bfnaelmomeimhlpmgjnjophhpkkoljpa" ascii
    $coinbase = "hnfanknocfeofbddgcijnmhnfnkdnaad" ascii
    $tronlink = "ibnejdfjmmkpcnlpebklmnkoeoihofec" ascii
    $binance  = "fhbohimaelbohpjbbldcngcnapndodjp" ascii
    $ronin    = "fnjhmkhhmkbjkkabndcnnogagogbneec" ascii
    $trust    = "egjidjbpglichdcondbcbdnbeeppgdph" ascii
    $keplr    = "dmkamcknogkgcdfhhbddcghachkejeap" ascii
    $rabby    = "acmacodkjbdgmoleebolmdjonilkdbch" ascii
    $okx      = "mcohilncbfahbmgdjkbpemcciiolgcge" ascii
  condition:
    any of them
}

rule target_os_credential_stores {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "fsread,spawn,network"
    attack = "T1003.008,T1555.001,T1552.003"
    description = "References OS credential stores (/etc/shadow, macOS keychain dumps, Windows credential vault, shell history)"
    help = "/etc/shadow, `security dump-keychain` / `find-generic-password`, keychain databases, `cmdkey /list` / vaultcmd and shell history files hold passwords and tokens. A dependency has no business reading them."
  strings:
    $shadow  = /['"`\s]\/etc\/(g)?shadow\b/
    $kc1     = /security\s+(dump-keychain|find-generic-password|find-internet-password)\b/
    $kc2     = "login.keychain-db" ascii
    $vault   = /\b(cmdkey\s+\/list|vaultcmd(\.exe)?\s+\/list)/ nocase
    $hist    = /['"`\/\\](\.bash_history|\.zsh_history)['"`]/
  condition:
    any of them
}

rule target_cloud_metadata {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "network"
    attack = "T1552.005"
    description = "References a cloud instance-metadata endpoint (169.254.169.254, metadata.google.internal)"
    help = "Instance-metadata services hand out temporary cloud credentials to anything on the machine. Code that queries them from a CI runner or cloud VM during install is harvesting credentials. Cloud SDKs query them legitimately."
  strings:
    $aws   = "169.254.169.254" ascii
    $ecs   = "169.254.170.2" ascii
    $gcp   = "metadata.google.internal" ascii
    $ali   = "100.100.100.200" ascii
    $aws6  = "fd00:ec2::254" ascii
  condition:
    any of them
}

rule target_secret_env_vars {
  meta:
    category = "credential-access"
    role = "target"
    severity = "medium"
    needs = "network"
    attack = "T1552.001"
    description = "Reads secret environment variables (NPM_TOKEN, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, ...)"
    help = "CI systems expose publish tokens and cloud keys as environment variables. Reading them in code that also talks to the network can exfiltrate them. Release tools and binary downloaders (for GitHub rate limits) read some of them legitimately, hence medium."
  strings:
    $js  = /process\.env(\.|\[\s*['"`])(NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|GITHUB_TOKEN|GH_TOKEN|GH_PAT|GITLAB_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AZURE_CLIENT_SECRET|GOOGLE_APPLICATION_CREDENTIALS|PYPI_TOKEN|TWINE_PASSWORD|CIRCLE_TOKEN|SLACK_TOKEN|DISCORD_TOKEN)\b/
    $py  = /os\.(environ(\.get)?\s*[\[(]\s*|getenv\(\s*)['"](NPM_TOKEN|NODE_AUTH_TOKEN|GITHUB_TOKEN|GH_TOKEN|GITLAB_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AZURE_CLIENT_SECRET|GOOGLE_APPLICATION_CREDENTIALS|PYPI_TOKEN|TWINE_PASSWORD|CIRCLE_TOKEN|SLACK_TOKEN|DISCORD_TOKEN)['"]/
  condition:
    any of them
}

rule target_cli_token_commands {
  meta:
    category = "credential-access"
    role = "target"
    severity = "high"
    needs = "spawn"
    attack = "T1528,T1552"
    description = "Runs a CLI command that prints a stored access token (gh auth token, gcloud auth print-access-token, az account get-access-token, ...)"
    help = "Developer CLIs hand out their stored tokens on request. Worms such as the 2025 Nx compromise and Shai-Hulud call `gh auth token` to obtain a GitHub token and then create repositories or push workflows with it. Credential helpers use these commands legitimately; install-time code should not."
  strings:
    $gh     = /\bgh\s+auth\s+token\b/
    $gh2    = /['"`]gh['"`]\s*,\s*\[\s*['"`]auth['"`]\s*,\s*['"`]token['"`]/
    $gcloud = /gcloud\s+auth\s+(application-default\s+)?print-(access|identity)-token/
    $az     = /\baz\s+account\s+get-access-token\b/
    $aws    = /\baws\s+(configure\s+export-credentials|sts\s+get-session-token|ecr\s+get-login-password)\b/
    $npm    = /\bnpm\s+token\s+(list|create)\b/
    $heroku = /\bheroku\s+auth:token\b/
  condition:
    any of them
}
