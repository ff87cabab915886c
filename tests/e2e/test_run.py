#!/usr/bin/env python3
"""End-to-end tests of `airlock run` (issue 4) on the fixtures of scripts/make-run-fixtures.py.

    tests/e2e/test_run.py AIRLOCK_BIN FIXTURE_DIR

FIXTURE_DIR is the scan fixtures directory ctest passes; only its location is used (the run
fixtures are built next to it, in a fresh directory). For every fixture the real binary runs
`airlock run --format json -- <install command>` with HOME set to a copy of a small fake home and
the working directory a fresh project, then the test checks:
  - the verdict and category from the expectations (tests/run/expected.tsv, written by
    scripts/make-run-fixtures.py);
  - that nothing leaked onto the real system: the home, project and "outside" directories are
    byte-identical after a blocked or discarded run, no fixture file appeared in /tmp, /var/tmp or
    /dev/shm, the crontab spool is unchanged, no process carrying the fixture marker survived,
    and a canary process outside the airlock is still alive;
  - that allowed installs are committed and usable (`require`, the native addon, Python import);
  - that hostile behaviour (fork storm, full disk, endless sleep, kill -9 -1, ptrace, /proc/1/root,
    planted symlinks, mount) ends and is reported where the contract says so.
Prints SKIP and exits 0 when user namespaces are unavailable or the binary has no `run` verb.
Standard library only; exits 1 when a check fails. No timing assertions.
"""

import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from e2e_common import Checker

MARKER = "airlock-run-fixture"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HIGH = ("high", "critical")
RUN_TIMEOUT = 900  # seconds; generous, the machine may be busy (never asserted)
CHECKS = Checker()
FAILURES = CHECKS.failures  # what failed, for the summary


check = CHECKS.check


# ------------------------------------------------------------------------------------------
# Observing the real system
# ------------------------------------------------------------------------------------------
def tree_digest(root):
    """Hash of every path, type, mode, symlink target and file content under root."""
    h = hashlib.sha256()
    if not os.path.lexists(root):
        return "absent"
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            h.update(b"\0" + os.path.relpath(p, root).encode() + b"\0%o" % st.st_mode)
            if os.path.islink(p):
                h.update(os.readlink(p).encode())
            elif os.path.isfile(p):
                with open(p, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
    return h.hexdigest()


def marker_files():
    """Names carrying the fixture marker in the shared temporary directories."""
    found = set()
    for d in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            for name in os.listdir(d):
                if MARKER in name:
                    found.add(os.path.join(d, name))
        except OSError:
            pass
    return found


def user_name():
    return pwd.getpwuid(os.getuid()).pw_name


def spool_paths():
    u = user_name()
    return ["/var/spool/cron/crontabs/" + u, "/var/spool/cron/" + u]


def spool_state():
    state = {}
    for p in spool_paths():
        try:
            with open(p, "rb") as f:
                state[p] = f.read()
        except OSError:
            state[p] = None
    if shutil.which("crontab"):
        r = subprocess.run(["crontab", "-l"], capture_output=True)
        state["crontab -l"] = r.stdout
    return state


def restore_spool(before):
    for p, content in before.items():
        if p.startswith("/"):
            try:
                if content is None:
                    os.unlink(p)
                else:
                    with open(p, "wb") as f:
                        f.write(content)
            except OSError:
                pass


def marker_processes():
    """Pids whose argv or environment carries the fixture marker (the test's own excluded)."""
    pids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        for part in ("cmdline", "environ"):
            try:
                with open("/proc/%s/%s" % (entry, part), "rb") as f:
                    if MARKER.encode() in f.read():
                        pids.add(int(entry))
                        break
            except OSError:
                pass
    return pids


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ------------------------------------------------------------------------------------------
# Fixture environment
# ------------------------------------------------------------------------------------------
FAKE_HOME = {
    ".bashrc": "# fake bashrc for airlock e2e\nalias ll='ls -l'\n",
    ".profile": "# fake profile for airlock e2e\n",
    ".aws/credentials": "[default]\naws_access_key_id = AKIAE2EFAKEHOMEKEY00\n"
                        "aws_secret_access_key = e2e/fake/home/secret/not/real/000000000\n",
    ".npmrc": "//registry.npmjs.org/:_authToken=npm_e2eFakeHomeTokenNotReal000000000000\n",
    ".claude.json": json.dumps({"mcpServers": {"docs": {"command": "node", "args": ["docs.js"]}}}),
    ".cursor/mcp.json": json.dumps({"mcpServers": {}}),
    ".config/git/config": "[user]\n\tname = E2E\n",
    "notes.txt": "nothing to see\n",
}

PROJECT_NPMRC = "nodedir=/usr\naudit=false\nfund=false\nupdate-notifier=false\n"


class Case:
    """One fixture run: its directories, environment and the state before the run."""

    def __init__(self, base, name):
        self.dir = tempfile.mkdtemp(prefix=name.replace("/", "_") + "-", dir=base)
        self.home = os.path.join(self.dir, "home")
        self.proj = os.path.join(self.dir, "proj")
        self.outside = os.path.join(self.dir, "outside")
        # A real directory in the host's /tmp (private inside the airlock).
        self.outside_tmp = tempfile.mkdtemp(prefix="airlock-run-e2e-outside-")
        for rel, text in FAKE_HOME.items():
            p = os.path.join(self.home, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        os.makedirs(self.proj)
        with open(os.path.join(self.proj, "package.json"), "w") as f:
            json.dump({"name": "e2e-project", "version": "1.0.0", "private": True}, f)
        with open(os.path.join(self.proj, ".npmrc"), "w") as f:
            f.write(PROJECT_NPMRC)
        os.makedirs(self.outside)
        for d in (self.outside, self.outside_tmp):
            with open(os.path.join(d, "keep.txt"), "w") as f:
                f.write("real file outside the home\n")
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home,
            "AIRLOCK_FIXTURE_HOST_NS": "%s %s" % (os.readlink("/proc/self/ns/pid"),
                                                  os.readlink("/proc/self/ns/mnt")),
            "AIRLOCK_FIXTURE_OUTSIDE": self.outside,
            "AIRLOCK_FIXTURE_OUTSIDE_TMP": self.outside_tmp,
        })
        self.env.pop("PYTHONUSERBASE", None)

    def snapshot(self):
        return {
            "home": tree_digest(self.home),
            "proj": tree_digest(self.proj),
            "outside": tree_digest(self.outside),
            "outside_tmp": tree_digest(self.outside_tmp),
        }

    def cleanup(self):
        shutil.rmtree(self.outside_tmp, ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def airlock_run(case, command, extra=()):
    args = [AIRLOCK, "run", "--format", "json"] + list(extra) + ["--"] + command
    try:
        p = subprocess.run(args, cwd=case.proj, env=case.env, capture_output=True, text=True,
                           timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, None, "airlock run did not end within %d s" % RUN_TIMEOUT
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        report = None
    return p.returncode, report, p.stderr


def tail(text, n=300):
    """The end of a command's stderr, on one line."""
    return " | ".join(text.strip()[-n:].splitlines())


def findings_with(report, categories, severities=None):
    return [f for f in (report or {}).get("findings", [])
            if f.get("category") in categories
            and (severities is None or f.get("severity") in severities)]


def describe(report):
    """Short summary for failure messages."""
    if not report:
        return "no JSON report"
    fs = ["%s/%s/%s" % (f.get("severity"), f.get("category"), f.get("rule"))
          for f in report.get("findings", [])]
    return "verdict=%s findings=[%s] errors=%s" % (
        report.get("summary", {}).get("verdict"), ", ".join(fs[:12]),
        [e.get("message") for e in report.get("errors", [])][:3])


# ------------------------------------------------------------------------------------------
# Leak checks shared by every run
# ------------------------------------------------------------------------------------------
class Leaks:
    def __init__(self):
        self.files = marker_files()
        self.spool = spool_state()
        self.procs = marker_processes()
        self.canary = subprocess.Popen(["sleep", "600"], start_new_session=True)

    def verify(self, label):
        new_files = marker_files() - self.files
        check(not new_files, "%s: no fixture file leaked into /tmp, /var/tmp, /dev/shm %s"
              % (label, sorted(new_files) or ""))
        for p in new_files:
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    os.unlink(p)
                except OSError:
                    pass
        spool = spool_state()
        if not check(spool == self.spool, "%s: crontab spool unchanged" % label):
            restore_spool(self.spool)
        # Give a killed process tree a moment to be reaped before looking.
        leftover = set()
        for _ in range(10):
            leftover = {p for p in marker_processes() - self.procs if alive(p)}
            if not leftover:
                break
            time.sleep(0.5)
        check(not leftover, "%s: no process with the fixture marker left %s"
              % (label, sorted(leftover) or ""))
        for pid in leftover:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        check(self.canary.poll() is None, "%s: a process outside the airlock survived" % label)
        self.canary.kill()
        self.canary.wait()


# ------------------------------------------------------------------------------------------
# Per-kind commands and post-commit checks
# ------------------------------------------------------------------------------------------
def npm_package_name(artifact):
    base = os.path.basename(artifact)
    return base[: -len("-1.0.0.tgz")]


def install_command(kind, artifact):
    if kind == "npm":
        return ["npm", "install", artifact]
    if kind == "pip":
        return ["/usr/bin/python3", "-m", "pip", "install", "--user", "--break-system-packages",
                "--no-build-isolation", "--no-index", "--no-deps", artifact]
    if kind == "py":
        return ["/usr/bin/python3", artifact]
    return [artifact]


def user_site(case):
    r = subprocess.run(["/usr/bin/python3", "-m", "site", "--user-site"], env=case.env,
                       capture_output=True, text=True)
    return r.stdout.strip()


def check_committed(case, label, kind, artifact, report):
    run = (report or {}).get("run", {})
    check(run.get("committed") is True, "%s: committed (run.committed)" % label)
    for c in run.get("changes", []):
        if c.get("applied") and c.get("action") in ("create", "modify") and c.get("type") == "file":
            if not os.path.isfile(c.get("path", "")):
                check(False, "%s: applied change %s exists on disk" % (label, c.get("path")))
                break
    if kind == "npm":
        pkg = npm_package_name(artifact)
        check(os.path.isfile(os.path.join(case.proj, "node_modules", pkg, "package.json")),
              "%s: node_modules/%s/package.json committed" % (label, pkg))
        code = "const m = require(%s); console.log(typeof m.hello === 'function' ? m.hello() : m.name)" \
            % json.dumps(pkg)
        r = subprocess.run(["node", "-e", code], cwd=case.proj, env=case.env,
                           capture_output=True, text=True, timeout=120)
        expected = "hello from airlock-run-fixture addon" if "addon" in pkg else pkg
        check(r.returncode == 0 and r.stdout.strip() == expected,
              "%s: require('%s') works after commit (%s)" % (label, pkg,
                                                             (r.stdout + r.stderr).strip()[:200]))
    elif kind == "pip":
        mod = os.path.basename(artifact)[: -len("-1.0.0.tar.gz")].replace("-", "_")
        r = subprocess.run(["/usr/bin/python3", "-c", "import %s as m; print(m.add(2, 3))" % mod],
                           cwd=case.proj, env=case.env, capture_output=True, text=True, timeout=120)
        check(r.returncode == 0 and r.stdout.strip() == "5",
              "%s: import %s works after commit (%s)" % (label, mod,
                                                        (r.stdout + r.stderr).strip()[:200]))


# Files a blocked fixture writes, relative to the home: the report must list them as changes
# that were not applied (the report "lists exactly what was or would be applied").
EXPECTED_CHANGES = {
    "persist-systemd": [".config/systemd/user/airlock-run-fixture.service"],
    "persist-shellrc": [".bashrc", ".profile"],
    "pth-npm": ["{site}/airlock_run_fixture_npm.pth"],
    "pth-sdist": ["{site}/airlock_run_fixture_sdist.pth"],
}


def check_expected_changes(case, label, fixture, report):
    short = next((k for k in EXPECTED_CHANGES if MARKER + "-" + k + "-" in fixture), None)
    if not short:
        return
    changes = {c.get("path"): c for c in (report or {}).get("run", {}).get("changes", [])}
    site = user_site(case)
    for rel in EXPECTED_CHANGES[short]:
        path = rel.format(site=site) if rel.startswith("{") else os.path.join(case.home, rel)
        c = changes.get(path)
        check(c is not None and c.get("applied") is False,
              "%s: report lists %s as a change not applied" % (label, path))


# ------------------------------------------------------------------------------------------
# Running one expectation
# ------------------------------------------------------------------------------------------
EXTRA_FLAGS = {
    # Hostile behaviour runs are discarded: the point is what leaks while they run.
    "fork-storm.py": ["--discard", "--max-procs", "512"],
    "fill-disk.py": ["--discard", "--max-disk", "64"],
    "sleep-forever.py": ["--discard", "--timeout", "5"],
    "kill-all.py": ["--discard"],
    "ptrace-others.py": ["--discard"],
    "proc1-root.py": ["--discard"],
    "symlink-plant.py": ["--discard"],
    "mount-unshare.py": ["--discard"],
}


def run_fixture(base, fixtures, fixture, kind, expect, category_sets):
    """One run of a fixture; every row of the fixture (a set of categories each) is checked."""
    name = os.path.basename(fixture)
    label = "%s [%s]" % (name, expect)
    artifact = fixture if kind == "cmd" else os.path.join(fixtures, fixture)
    case = Case(base, "case")
    try:
        extra = EXTRA_FLAGS.get(os.path.basename(fixture), [])
        leaks = Leaks()
        before = case.snapshot()
        rc, report, err = airlock_run(case, install_command(kind, artifact), extra)
        after = case.snapshot()
        leaks.verify(label)
        if rc is None:
            check(False, "%s: %s" % (label, err))
            return
        if expect == "error":
            check(rc == 2, "%s: exit 2 (got %s)" % (label, rc))
            check(report is not None and len(report.get("errors", [])) > 0,
                  "%s: the report carries an error (%s)" % (label, describe(report)))
            text = err + json.dumps((report or {}).get("errors", []))
            check(fixture in text and ("not found" in text or "No such file" in text),
                  "%s: the message names the missing command (%s)" % (label, text.strip()[:300]))
            check(after == before, "%s: nothing changed" % label)
            return
        if not check(report is not None and report.get("command") == "run"
                     and isinstance(report.get("run"), dict),
                     "%s: JSON report of command run with a run member%s"
                     % (label, "" if report else " (exit %s, stderr: %s)" % (rc, tail(err)))):
            return
        run = report["run"]
        verdict = report.get("summary", {}).get("verdict")
        if expect == "block":
            check(rc == 1 and verdict == "block", "%s: blocked, exit 1 (exit %s, %s)"
                  % (label, rc, describe(report)))
            for cats in category_sets:
                check(bool(findings_with(report, cats, HIGH)),
                      "%s: a high/critical %s finding (%s)" % (label, "|".join(sorted(cats)),
                                                               describe(report)))
            check(run.get("committed") is False, "%s: not committed" % label)
            check(not any(c.get("applied") for c in run.get("changes", [])),
                  "%s: no change applied" % label)
            check_expected_changes(case, label, fixture, report)
        elif expect == "pass":
            check(rc == 0 and verdict in ("allow", "warn"), "%s: allowed, exit 0 (exit %s, %s)"
                  % (label, rc, describe(report)))
            check(not [f for f in report.get("findings", []) if f.get("severity") in HIGH],
                  "%s: nothing at high/critical" % label)
            check_committed(case, label, kind, artifact, report)
        elif expect == "report":
            for cats in category_sets:
                check(bool(findings_with(report, cats)), "%s: a %s finding (%s)"
                      % (label, "|".join(sorted(cats)), describe(report)))
        else:  # holds
            # 2 is what docs/run.md gives an install that failed, timed out or was killed.
            check(rc in (0, 1, 2) and verdict in ("allow", "warn", "block"),
                  "%s: the run ended with a report (exit %s, %s)" % (label, rc, describe(report)))
        if expect in ("block", "report", "holds"):
            for key in ("home", "proj", "outside", "outside_tmp"):
                check(after[key] == before[key], "%s: %s byte-identical after the run"
                      % (label, key))
        if "daemon" in name:
            check(run.get("leftover_processes", 0) >= 1,
                  "%s: the detached process is counted (leftover_processes=%s)"
                  % (label, run.get("leftover_processes")))
        if name == "sleep-forever.py":
            check(run.get("timed_out") is True, "%s: timed_out is true" % label)
        if name == "kill-all.py":
            check(run.get("exit_code") is not None, "%s: the tracer survived and reported the "
                  "command's exit" % label)
    finally:
        case.cleanup()


def run_symlink_commit(base, fixtures):
    """Planted symlinks must not carry a forced commit outside the home's own entries."""
    label = "symlink-plant.py [--commit --force]"
    case = Case(base, "symlink-commit")
    try:
        leaks = Leaks()
        before = case.snapshot()
        rc, report, err = airlock_run(case, ["/usr/bin/python3",
                                             os.path.join(fixtures, "hostile/symlink-plant.py")],
                                      ["--commit", "--force"])
        after = case.snapshot()
        leaks.verify(label)
        check(report is not None, "%s: JSON report%s" % (label, "" if report else
                                                         " (exit %s: %s)" % (rc, tail(err))))
        check(after["outside_tmp"] == before["outside_tmp"],
              "%s: the real /tmp directory behind the symlink is untouched" % label)
        check(not os.path.exists(os.path.join(case.outside_tmp, "escaped-link-tmp")),
              "%s: no write through the /tmp symlink reached the host" % label)
        # A write through a symlink to a real directory is a write to that directory; when it is
        # committed it must be in the report's change list, never silently.
        escaped = os.path.join(case.outside, "escaped-link-outside")
        listed = {c.get("path") for c in (report or {}).get("run", {}).get("changes", [])
                  if c.get("applied")}
        check(not os.path.exists(escaped) or escaped in listed,
              "%s: a committed write outside the home is listed as applied" % label)
    finally:
        case.cleanup()


def run_addon_rebuild(base, fixtures):
    """`npm rebuild` of an installed native addon: node-gyp deletes and recreates build/ with
    (mostly) identical files; the committed tree must still load."""
    label = "benign-addon: airlock run -- npm rebuild"
    case = Case(base, "rebuild")
    try:
        artifact = os.path.join(fixtures, "npm/%s-benign-addon-1.0.0.tgz" % MARKER)
        r = subprocess.run(["npm", "install", artifact], cwd=case.proj, env=case.env,
                           capture_output=True, text=True, timeout=RUN_TIMEOUT)
        if not check(r.returncode == 0, "%s: plain npm install of the addon%s"
                     % (label, "" if r.returncode == 0 else " (%s)" % tail(r.stderr))):
            return
        rc, report, err = airlock_run(case, ["npm", "rebuild"])
        check(rc == 0 and (report or {}).get("run", {}).get("committed") is True,
              "%s: allowed and committed (exit %s, %s)" % (label, rc, describe(report)))
        code = "console.log(require('%s-benign-addon').hello())" % MARKER
        r = subprocess.run(["node", "-e", code], cwd=case.proj, env=case.env,
                           capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, "%s: the addon still loads after the commit (%s)"
              % (label, tail(r.stdout + r.stderr)))
    finally:
        case.cleanup()


def run_credential_stores(base):
    """The user's other credential stores (beyond the fixed bait) are hidden from the command:
    a real ~/.vault-token reads as a decoy, which is reported; a real ~/.azure is empty."""
    label = "credential stores"
    case = Case(base, "credstores")
    try:
        real = {".vault-token": "hvs.E2E-REAL-VAULT-TOKEN-NOT-A-SECRET\n",
                ".azure/msal_token_cache.json": '{"E2E-REAL-AZURE-CACHE": 1}\n'}
        for rel, text in real.items():
            p = os.path.join(case.home, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        before = case.snapshot()
        rc, report, err = airlock_run(case, ["sh", "-c", "cat ~/.vault-token; "
                                             "cat ~/.azure/msal_token_cache.json; ls -A ~/.azure"])
        check(report is not None and "E2E-REAL" not in err,
              "%s: the real values never reach the command (%s)" % (label, tail(err)))
        check("airlock-decoy-" in err, "%s: the command read the decoy instead" % label)
        reads = [f for f in findings_with(report, ("credential-access",))
                 if ".vault-token" in f.get("message", "") + f.get("evidence", "")]
        check(bool(reads), "%s: the read of ~/.vault-token is credential access (%s)"
              % (label, describe(report)))
        if os.geteuid() == 0:  # fanotify names the reader only for a privileged airlock
            check(any(f.get("evidence", "").startswith("cat ") for f in reads),
                  "%s: the finding names the reader, cat (%s)"
                  % (label, [f.get("evidence") for f in reads]))
        check(case.snapshot() == before, "%s: the home is unchanged" % label)
    finally:
        case.cleanup()


def run_path_shadowing(base):
    """A command dropped early in PATH is high when it shadows a system command (ls), low
    when it is a new name (what pip --user and global npm installs do)."""
    label = "PATH shadowing"
    case = Case(base, "shadow")
    try:
        rc, report, err = airlock_run(case, ["sh", "-c", "mkdir -p ~/.local/bin && "
                                             "printf '#!/bin/sh\\n' > ~/.local/bin/ls && "
                                             "printf '#!/bin/sh\\n' > ~/.local/bin/airlock-new-tool"])
        by_name = {}
        for f in findings_with(report, ("binary-shadowing",)):
            by_name[os.path.basename(f.get("location", {}).get("path", ""))] = f
        ls, tool = by_name.get("ls"), by_name.get("airlock-new-tool")
        check(ls is not None and ls.get("severity") == "high" and "shadows /" in ls.get("message", ""),
              "%s: ~/.local/bin/ls is high and names what it shadows (%s)" % (label, describe(report)))
        check(tool is not None and tool.get("severity") == "low",
              "%s: a new command name is low (%s)" % (label, describe(report)))
    finally:
        case.cleanup()


def run_trace(base, fixtures):
    """--trace writes Sigma-style JSON lines covering processes, DNS and connections."""
    label = "cred-beacon --trace"
    case = Case(base, "trace")
    try:
        trace = os.path.join(case.dir, "trace.jsonl")
        artifact = os.path.join(fixtures, "npm/%s-cred-beacon-1.0.0.tgz" % MARKER)
        rc, report, err = airlock_run(case, ["npm", "install", artifact], ["--trace", trace])
        events = []
        try:
            with open(trace) as f:
                for line in f:
                    if line.strip():
                        events.append(json.loads(line))
        except (OSError, json.JSONDecodeError) as e:
            check(False, "%s: trace file readable as JSON lines (%s)" % (label, e))
            return
        types = {e.get("EventType") for e in events}
        check("process_creation" in types and any(e.get("Image") for e in events),
              "%s: process_creation events with Image" % label)
        check(any(e.get("EventType") == "network_connection"
                  and e.get("DestinationIp") == "203.0.113.10"
                  and str(e.get("DestinationPort")) == "8080" for e in events),
              "%s: network_connection to 203.0.113.10:8080" % label)
        check(any(e.get("EventType") == "dns_query"
                  and str(e.get("QueryName", "")).endswith(".exfil.invalid") for e in events),
              "%s: dns_query for *.exfil.invalid" % label)
    finally:
        case.cleanup()


# ------------------------------------------------------------------------------------------
def read_expectations(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or line.startswith("fixture\t") or not line.strip():
                continue
            fixture, kind, expect, category, _note = line.rstrip("\n").split("\t")
            cats = set() if category == "-" else set(category.split("|"))
            rows.append((fixture, kind, expect, cats))
    return rows


def preconditions():
    """A reason to skip, or None."""
    r = subprocess.run(["unshare", "-U", "true"], capture_output=True)
    if r.returncode != 0:
        return "user namespaces unavailable (`unshare -U true` failed: %s)" % r.stderr.decode().strip()
    r = subprocess.run([AIRLOCK, "run", "--help"], capture_output=True, text=True)
    if r.returncode != 0:
        return "this airlock binary has no `run` verb (%s)" % (r.stderr.strip()[:200])
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            return "%s not installed" % tool
    return None


def main():
    global AIRLOCK
    AIRLOCK = os.path.abspath(sys.argv[1])
    scan_fixtures = os.path.abspath(sys.argv[2])
    reason = preconditions()
    if reason:
        print("SKIP  test_run: " + reason)
        return 0
    # The working directories must not be under /tmp: it is private inside the airlock.
    parent = os.path.dirname(scan_fixtures)
    if parent == "/tmp" or parent.startswith("/tmp/"):
        parent = "/var/tmp"
    base = tempfile.mkdtemp(prefix="airlock-run-e2e-", dir=parent)
    try:
        fixtures = os.path.join(base, "fixtures")
        subprocess.run([sys.executable, os.path.join(REPO, "scripts", "make-run-fixtures.py"),
                        fixtures], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(fixtures, "expected.tsv")) as a, \
                open(os.path.join(REPO, "tests", "run", "expected.tsv")) as b:
            check(a.read() == b.read(), "tests/run/expected.tsv matches the generator "
                  "(run scripts/make-run-fixtures.py OUT --write-expected)")
        have_pip = subprocess.run(["/usr/bin/python3", "-m", "pip", "--version"],
                                  capture_output=True).returncode == 0
        seen = {}
        for fixture, kind, expect, cats in read_expectations(os.path.join(fixtures,
                                                                          "expected.tsv")):
            if kind == "pip" and not have_pip:
                print("SKIP  %s: /usr/bin/python3 has no pip" % fixture)
                continue
            # Several rows of one fixture: one run, all categories of its rows.
            seen.setdefault((fixture, kind, expect), []).append(cats)
        for (fixture, kind, expect), cat_sets in seen.items():
            run_fixture(base, fixtures, fixture, kind, expect, cat_sets)
        run_symlink_commit(base, fixtures)
        run_addon_rebuild(base, fixtures)
        run_trace(base, fixtures)
        run_credential_stores(base)
        run_path_shadowing(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print("%d check(s) failed" % len(FAILURES) if FAILURES else "all checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
