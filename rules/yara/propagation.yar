/*
 * airlock YARA rules: self-propagation (package worms)
 *
 * Worms such as Shai-Hulud steal the victim's npm/GitHub tokens during install
 * and use them to spread: enumerate the maintainer's packages, inject an install
 * hook, bump the version and `npm publish`; or push a GitHub Actions workflow
 * that dumps `${{ toJSON(secrets) }}`. A `"release": "npm publish"` script in
 * package.json is normal, so these rules need *code* that runs the publish
 * together with token handling, identity lookup, package enumeration or hook
 * injection.
 */

rule worm_npm_republish {
  meta:
    category = "self-propagation"
    role = "threat"
    severity = "high"
    attack = "T1195.002,T1528,T1080"
    description = "Code runs npm publish (or twine upload) together with token handling, identity lookup, package enumeration or install-hook injection"
    help = "Executing `npm publish` from code that also reads .npmrc/_authToken/NPM_TOKEN, calls `npm whoami`, searches the registry by maintainer or rewrites scripts.postinstall is how package worms republish themselves into the victim's packages. Release tools do some of this, but never from install-time code."
  strings:
    $pub1 = /\b(exec|execSync|execa|execaSync|spawn|spawnSync|execFile|execFileSync|system|check_call|check_output|Popen|run)\s*\(\s*['"`][^'"`\n]{0,100}\bnpm\s+publish\b/
    $pub2 = /['"`]npm['"`]\s*,\s*\[\s*['"`]publish['"`]/
    $pub3 = /\b(exec|execSync|spawn|spawnSync|system|check_call|check_output|Popen|run)\s*\(\s*\[?\s*['"`]twine['"`\s,]{1,8}['"`]?upload\b/
    $t1 = "_authToken" ascii
    $t2 = /['"`\/\\~]\.npmrc\b/
    $t3 = /\bNPM_TOKEN\b/
    $t4 = /npm\s+whoami\b/
    $t5 = "/-/whoami" ascii
    $t6 = "/-/v1/search?text=maintainer:" ascii
    $t7 = /\.scripts\.(pre|post)?install\s*=\s*['"`]/
    $t8 = /\[\s*['"](pre|post)?install['"]\s*\]\s*=\s*['"`]/
    $t9 = /['"`\/\\~]\.pypirc\b/
    $t10 = "NODE_AUTH_TOKEN" ascii
    $t11 = /npm\s+access\s+(list|ls)(\s+|-)packages/
    $t12 = /\b(pre|post)?install['"]?\s*:\s*['"`]node\s+[\w.\/-]{1,60}['"`]\s*\}/
  condition:
    any of ($pub*) and any of ($t*)
}

rule worm_github_workflow_inject {
  meta:
    category = "self-propagation"
    role = "threat"
    severity = "high"
    attack = "T1195.002,T1528,T1098"
    description = "Code writes GitHub Actions workflows and pushes them with a stolen GitHub token"
    help = "Writing into .github/workflows and pushing it (git push, the contents API or a freshly created repository) with a token taken from GITHUB_TOKEN/GH_TOKEN or `gh auth token` lets a worm run its own CI jobs in the victim's repositories and read their secrets. Project generators write workflows but do not push them with harvested tokens."
  strings:
    $wf1  = /\.github[\/\\]{1,2}workflows/
    $wf2  = /['"`]\.github['"`]\s*,\s*['"`]workflows['"`]/
    $push1 = /\bgit\s+push\b/
    $push2 = /\/repos\/[^\n'"`]{0,100}\/contents\//
    $push3 = "api.github.com/user/repos" ascii
    $push4 = /\bgh\s+repo\s+create\b/
    $tok1 = /\b(GITHUB_TOKEN|GH_TOKEN)\b/
    $tok2 = /\bgh\s+auth\s+token\b/
    $tok3 = "x-access-token:" ascii
    $tok4 = /Authorization['"`]?\s*:\s*['"`](token|Bearer)\s/
  condition:
    any of ($wf*) and any of ($push*) and any of ($tok*)
}

rule worm_actions_secrets_dump {
  meta:
    category = "exfiltration"
    role = "threat"
    severity = "high"
    attack = "T1552.001,T1567"
    description = "Contains a GitHub Actions expression that dumps every repository secret (toJSON(secrets))"
    help = "`${{ toJSON(secrets) }}` serializes all secrets of a repository into one value; worms plant workflows that send it to a webhook. Workflows reference the secrets they need by name."
  strings:
    $a = /toJSON\(\s*secrets\s*\)/
  condition:
    $a
}
