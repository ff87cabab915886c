#!/usr/bin/env python3
"""End-to-end tests of `airlock snapshot`, `airlock diff` and `airlock watch` on fixture roots.

    tests/e2e/test_host.py AIRLOCK_BIN [FIXTURE_DIR]

The roots come from scripts/make-host-fixtures.py, generated into a temporary directory of this
test's own (FIXTURE_DIR is accepted for the ctest glue and not used). Checks:

  * noise (touch, identical rewrites, reformatted JSON, comments, non-exec keys) reports
    nothing at `low` or above;
  * every persistence change of the fixture script is reported at `low` or above, in the
    expected place, with the expected category and evidence; nothing else is;
  * db:ID / db:latest / db:previous and FILE references; json, sarif, ndjson, text formats;
    exit codes with --fail-on;
  * bad input: FIFOs, a symlink loop, a 1 GB (sparse) crontab, MCP configs with comments,
    trailing commas, duplicate keys and invalid UTF-8, unreadable files, a store from a newer
    airlock, corrupt SQLite files, kill -9 while a snapshot is written;
  * watch: each change reported as an ndjson finding line while it runs; SIGTERM stops it.
  * attribution: diff names the package (dpkg *.list, dist-info RECORD with its hash, install
    logs, package directories, process environments) with the expected confidence, and
    attributes nothing else; watch names the package whose install script (a real process
    with npm's lifecycle markers, working inside the watched root) is running when a change
    appears, and not one running outside the root or an `npm run` script.

Timing is never asserted: waits use generous timeouts. Standard library only; exits 1 when a
check fails.
"""

import importlib.util
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from e2e_common import Checker

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "scripts", "make-host-fixtures.py")
SEVERITIES = ["info", "low", "medium", "high", "critical"]
CHECKS = Checker()
FAILURES = CHECKS.failures  # what failed, for the summary


def load_generator():
    spec = importlib.util.spec_from_file_location("make_host_fixtures", GENERATOR)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


FX = load_generator()


check = CHECKS.check


def run(args, timeout=120):
    p = subprocess.run([AIRLOCK] + args, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def diff_json(old, new, db=None, extra=()):
    args = ["diff", old, new, "--format", "json"] + list(extra)
    if db:
        args += ["--db", db]
    rc, out, err = run(args)
    try:
        return rc, json.loads(out), err
    except json.JSONDecodeError:
        return rc, None, err


def at_least(f, level):
    return SEVERITIES.index(f["severity"]) >= SEVERITIES.index(level)


def finding_text(f):
    return f["message"] + " " + f.get("evidence", "") + " " + f["location"]["path"]


def check_changes(findings, label):
    """Every change reported where expected; every finding at low+ explained by a change."""
    for ch in FX.CHANGES:
        hits = [f for f in findings if f["location"]["path"].startswith(ch["where"])
                and at_least(f, "low") and f["category"] == ch["category"]]
        if ch["evidence"]:
            hits = [f for f in hits if ch["evidence"] in finding_text(f)]
        check(bool(hits), f"{label}: change {ch['id']} reported as {ch['category']} at "
              f"{ch['where']}" + (f" with '{ch['evidence']}'" if ch["evidence"] else ""))
    places = [ch["where"] for ch in FX.CHANGES] + [a for ch in FX.CHANGES for a in ch["also"]]
    stray = [f for f in findings if at_least(f, "low")
             and not any(f["location"]["path"].startswith(w) for w in places)]
    check(not stray, f"{label}: no finding at low+ outside the changed places "
          + "; ".join(f"{f['severity']} {f['location']['path']}" for f in stray[:5]))


def test_snapshot_diff(tmp):
    root = os.path.join(tmp, "root")
    db = os.path.join(tmp, "state", "snapshots.db")
    FX.build_base(root)
    rc, out, err = run(["snapshot", "--root", root, "--db", db])
    check(rc == 0 and "db:1" in out, f"snapshot of the base root stored as db:1 ({out.strip()} {err.strip()})")
    check(os.stat(db).st_mode & 0o077 == 0, "the store is readable by its owner only")

    FX.apply_noise(root)
    rc, _, _ = run(["snapshot", "--root", root, "--db", db])
    rc, doc, err = diff_json("db:previous", "db:latest", db, ["--fail-on", "low"])
    check(doc is not None and rc == 0, f"noise: diff exits 0 with --fail-on low (rc {rc}, {err.strip()})")
    if doc:
        loud = [f for f in doc["findings"] if at_least(f, "low")]
        check(not loud, "noise: nothing at low or above: " +
              "; ".join(f"{f['severity']} {f['location']['path']} {f['evidence'][:60]}" for f in loud[:5]))
        check(any(f["severity"] == "info" for f in doc["findings"]),
              "noise: rewritten bytes with the same meaning are info")
        check(doc["command"] == "diff" and doc["schema"] == "airlock.report/1", "diff report schema")

    for ch in FX.CHANGES:
        ch["apply"](root)
    check(len(FX.CHANGES) >= 40, f"at least 40 persistence changes ({len(FX.CHANGES)})")
    rc, out, _ = run(["snapshot", "--root", root, "--db", db])
    check(rc == 0 and "db:3" in out, "third snapshot stored as db:3")
    rc, doc, err = diff_json("db:2", "db:3", db)
    check(doc is not None and rc == 1, f"changes: diff exits 1 at the default --fail-on high (rc {rc})")
    if doc:
        check_changes(doc["findings"], "diff")
        claimed = [f for f in doc["findings"] if "attributed to" in f["message"]]
        check(not claimed and doc.get("attributions") == [],
              "changes made outside any install are attributed to nothing: "
              + "; ".join(f["message"][:120] for f in claimed[:3]))
        by_path = {f["location"]["path"]: f for f in doc["findings"] if f["severity"] != "info"}
        cron = [f for f in doc["findings"] if f["location"]["path"] == "/etc/cron.d/sysmon"
                and "cron job" in f["message"]]
        check(bool(cron) and cron[0]["severity"] == "high" and "T1053.003" in cron[0]["attack"],
              "a cron job carries the entry's severity and ATT&CK id")
        check("/etc/ld.so.preload" in by_path and by_path["/etc/ld.so.preload"]["severity"] == "critical",
              "ld.so.preload is critical")

    # The same diff from snapshot files, and the other formats.
    f_old, f_new = os.path.join(tmp, "old.snapshot"), os.path.join(tmp, "new.snapshot")
    run(["snapshot", "--root", root, "--output", f_new])
    base2 = os.path.join(tmp, "root2")
    FX.build_base(base2)
    run(["snapshot", "--root", base2, "--output", f_old])
    rc, doc, _ = diff_json(f_old, f_new)
    if doc:
        check_changes(doc["findings"], "diff of files")
    rc, doc2, _ = diff_json(f"{db}#2", f"{db}#3")
    check(doc2 is not None and len(doc2["findings"]) > 40, "FILE#ID references a snapshot in a store")
    rc, out, _ = run(["diff", f_old, f_new, "--format", "sarif"])
    sarif = json.loads(out) if out.startswith("{") else None
    check(sarif is not None and sarif["runs"][0]["results"], "sarif output has results")
    rc, out, _ = run(["diff", f_old, f_new, "--format", "ndjson"])
    lines = [json.loads(l) for l in out.splitlines() if l.strip()]
    check(any(l.get("type") == "finding" for l in lines) and lines[-1].get("type") == "summary",
          "ndjson output: finding lines and a summary")
    rc, out, _ = run(["diff", f_old, f_new, "--format", "text"])
    check(rc == 1 and "/etc/cron.d/sysmon" in out, "text output names the changed files")
    rc, out, _ = run(["diff", f_new, f_new, "--format", "json"])
    check(rc == 0 and json.loads(out)["findings"] == [], "a snapshot diffed with itself: no finding")
    rc, _, err = run(["diff", "db:99", "db:latest", "--db", db])
    check(rc == 2 and "no snapshot 99" in err, "db:99 that does not exist: exit 2 and a message")


def test_bad_input(tmp):
    root = os.path.join(tmp, "bad")
    FX.build_base(root)
    h = os.path.join(root, "home", "dev")
    # A FIFO where a shell rc file was: never opened for reading (a reader would block).
    os.unlink(os.path.join(h, ".bashrc"))
    os.mkfifo(os.path.join(h, ".bashrc"))
    os.mkfifo(os.path.join(root, "etc", "cron.d", "fifo-job"))
    # A symlink loop on the way to a location, and one as a location.
    shutil.rmtree(os.path.join(h, ".config", "systemd"))
    os.symlink("systemd", os.path.join(h, ".config", "systemd"))
    os.symlink("loop-b", os.path.join(root, "etc", "profile.d", "loop-a"))
    os.symlink("loop-a", os.path.join(root, "etc", "profile.d", "loop-b"))
    # A link out of the root must not be followed.
    os.symlink("/etc", os.path.join(h, ".config", "autostart-out"))
    shutil.rmtree(os.path.join(h, ".config", "autostart"))
    os.symlink("/etc", os.path.join(h, ".config", "autostart"))
    # A 1 GB crontab (sparse) with a job at its start.
    big = os.path.join(root, "var", "spool", "cron", "crontabs", "big")
    with open(big, "w") as f:
        f.write("* * * * * /usr/bin/true big-crontab-job\n")
    os.truncate(big, 1 << 30)
    # An MCP config with comments, trailing commas, a duplicate key and invalid UTF-8.
    with open(os.path.join(h, ".cursor", "mcp.json"), "wb") as f:
        f.write(b'{\n  // servers\n  "mcpServers": {\n    "dup": {"command": "a"},\n'
                b'    "dup": {"command": "b"},\n    "bad\xff": {"command": "x\xfe"},\n'
                b'    /* block */ "ok": {"command": "npx", "args": ["-y", "x@1.0.0",],},\n  },\n}\n')
    # Broken documents of each syntax.
    with open(os.path.join(h, ".codex", "config.toml"), "w") as f:
        f.write("[mcp_servers.x\ncommand = \n")
    with open(os.path.join(h, ".kube", "config"), "w") as f:
        f.write("users: [a, b\n  - : :\n")
    unreadable = os.path.join(root, "etc", "sudoers.d", "locked")
    with open(unreadable, "w") as f:
        f.write("dev ALL=(ALL) ALL\n")
    os.chmod(unreadable, 0)

    out_file = os.path.join(tmp, "bad.snapshot")
    start = time.monotonic()
    try:
        rc, out, err = run(["snapshot", "--root", root, "--output", out_file], timeout=120)
    except subprocess.TimeoutExpired:
        check(False, "snapshot of a root with FIFOs and loops finishes (it blocked)")
        return
    check(rc == 0, f"snapshot of a hostile root exits 0 (rc {rc})")
    check(time.monotonic() - start < 60, "the 1 GB crontab is not read whole")
    check("larger than" in err, "the 1 GB crontab: a message that only its start is compared")
    if os.geteuid() != 0:
        check("Permission denied" in err or "errors" in out, "an unreadable file is reported")
    con = sqlite3.connect(out_file)
    items = {(p, k): (v, e) for p, k, v, e in con.execute("SELECT path, key, value, evidence FROM items")}
    con.close()
    check(items.get(("/home/dev/.bashrc", ""), ("",))[0] == "fifo", "a FIFO is recorded as a fifo")
    check(("/etc/cron.d/fifo-job", "") in items, "a FIFO in cron.d is recorded")
    check(any(p == "/var/spool/cron/crontabs/big" and "big-crontab-job" in k for p, k in items),
          "the job at the start of the 1 GB crontab is collected")
    keys = [k for p, k in items if p == "/home/dev/.cursor/mcp.json"]
    check("mcpServers.ok" in keys and "mcpServers.dup" in keys,
          "JSONC MCP config with comments, trailing commas and duplicate keys is read")
    check(any("\ufffd" in k for k in keys), "invalid UTF-8 in a server name is replaced, not fatal")
    check(items.get(("/home/dev/.cursor/mcp.json", "mcpServers.dup"), ("",))[0] == '{"command":"b"}',
          "a duplicate key: the last one wins (as editors read it)")
    check(not any(p.startswith("/home/dev/.config/autostart/") for p, k in items),
          "a symlink out of the root is not followed")
    check(("/etc/profile.d/loop-a", "") in items and items[("/etc/profile.d/loop-a", "")][0].startswith("symlink"),
          "a symlink loop is recorded as a link, not followed")
    check(("/home/dev/.codex/config.toml", "") in items, "a broken TOML file is still recorded (by digest)")
    check("not valid TOML" in err or "more collection errors" in err, "a broken TOML file gets a message")

    # Stores: newer schema, corrupt files, not a store.
    newer = os.path.join(tmp, "newer.snapshot")
    shutil.copy(out_file, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    rc, _, err = run(["diff", newer, out_file])
    check(rc == 2 and "newer airlock" in err, f"a store from a newer airlock: exit 2, clear message ({err.strip()})")
    garbage = os.path.join(tmp, "garbage.snapshot")
    with open(garbage, "wb") as f:
        f.write(os.urandom(8192))
    rc, _, err = run(["diff", garbage, out_file])
    check(rc == 2 and "not a valid airlock snapshot store" in err, f"random bytes: exit 2 ({err.strip()})")
    cut = os.path.join(tmp, "cut.snapshot")
    with open(out_file, "rb") as src, open(cut, "wb") as dst:
        data = src.read()
        dst.write(data[: len(data) // 3])
    rc, _, err = run(["diff", cut, out_file])
    check(rc == 2 and err.startswith("airlock: "), f"a truncated store: exit 2 ({err.strip()[:120]})")
    other = os.path.join(tmp, "other.db")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    rc, _, err = run(["diff", other, out_file])
    check(rc == 2 and "not an airlock snapshot store" in err, "another SQLite database is refused")
    rc, _, err = run(["snapshot", "--root", root, "--db", other])
    check(rc == 2, "snapshot refuses to write into another application's database")
    rc, _, err = run(["diff", os.path.join(tmp, "missing"), out_file])
    check(rc == 2 and "no such snapshot" in err, "a missing snapshot file: exit 2")


def stop_watch(proc, stop):
    """Ends a `watch` process the way a service manager would (SIGTERM, then SIGKILL)."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    stop.set()


def test_kill_during_write(tmp):
    """kill -9 at random moments of `snapshot`: the store and the output file stay readable."""
    root = os.path.join(tmp, "killroot")
    FX.build_base(root)
    # Enough items that writing takes a while.
    for i in range(3000):
        FX.write(root, f"/etc/sudoers.d/rule{i}", f"user{i} ALL=(ALL) /usr/bin/true {i}\n" * 3)
    db = os.path.join(tmp, "kill.db")
    out = os.path.join(tmp, "kill.snapshot")
    rc, _, _ = run(["snapshot", "--root", root, "--db", db, "--quiet"])
    good = 1
    rng = random.Random(7)
    for attempt in range(8):
        for target in (["--db", db], ["--output", out]):
            p = subprocess.Popen([AIRLOCK, "snapshot", "--root", root, "--quiet"] + target,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, 0.4))
            p.send_signal(signal.SIGKILL)
            p.wait()
            if target[0] == "--db" and p.returncode == 0:
                good += 1
    con = sqlite3.connect(db)
    ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    complete = all(c == i for c, i in con.execute(
        "SELECT (SELECT count(*) FROM items WHERE snapshot = s.id), s.item_count FROM snapshots s"))
    con.close()
    check(ok and n >= good and complete, f"after kill -9: store intact, {n} complete snapshots")
    rc, _, err = run(["diff", "db:1", "db:latest", "--db", db])
    check(rc in (0, 1), f"after kill -9: the store still diffs ({err.strip()[:100]})")
    if os.path.exists(out):
        rc, _, err = run(["diff", out, out])
        check(rc == 0, "after kill -9: the output file is absent or a whole snapshot")


def read_lines(proc, sink, stop):
    for line in proc.stdout:
        sink.append(line)
        if stop.is_set():
            break


def test_watch(tmp):
    rc, out, _ = run(["watch", "--help"])
    if rc != 0:
        check(False, "airlock watch exists")
        return
    root = os.path.join(tmp, "watchroot")
    db = os.path.join(tmp, "watch.db")
    FX.build_base(root)
    proc = subprocess.Popen([AIRLOCK, "watch", "--root", root, "--db", db, "--format", "ndjson",
                             "--interval", "30"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, stop = [], threading.Event()
    reader = threading.Thread(target=read_lines, args=(proc, lines, stop), daemon=True)
    reader.start()
    ready = threading.Event()

    def read_stderr():
        for line in proc.stderr:
            if "airlock: watching" in line:
                ready.set()
    threading.Thread(target=read_stderr, daemon=True).start()

    def findings():
        out = []
        for l in list(lines):
            try:
                d = json.loads(l)
            except json.JSONDecodeError:
                continue
            if d.get("type") == "finding":
                out.append(d)
        return out

    # Ready when the first line (the target) is out.
    deadline = time.monotonic() + 60
    while not lines and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    check(bool(lines), "watch starts and announces its target")
    # Changes made before the baseline is complete would be part of it: wait for "ready"
    # (slow under sanitizers; no timing is asserted).
    check(ready.wait(timeout=300), "watch says when its baseline is in place")
    for ch in FX.CHANGES:
        ch["apply"](root)
    deadline = time.monotonic() + 240
    missing = FX.CHANGES
    while time.monotonic() < deadline:
        fs = findings()
        missing = [ch for ch in FX.CHANGES if not any(
            f["location"]["path"].startswith(ch["where"]) and f["category"] == ch["category"]
            and at_least(f, "low") for f in fs)]
        if not missing:
            break
        time.sleep(0.5)
    check(not missing, f"watch reports all {len(FX.CHANGES)} changes: missing "
          + ", ".join(ch["id"] for ch in missing[:10]))
    claimed = [f for f in findings() if "attributed to" in f["message"]]
    check(not claimed, "watch: changes made outside any install are attributed to nothing: "
          + "; ".join(f["message"][:120] for f in claimed[:3]))
    stop_watch(proc, stop)
    check(proc.returncode in (0, 1), f"watch stops cleanly on SIGTERM (rc {proc.returncode})")
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    check(n >= len(FX.CHANGES), f"watch stored its events in SQLite ({n})")


def check_attribution(findings, attributions, exp, label):
    """One expectation of the fixture's attribution scenario against a diff report."""
    at = [f for f in findings if f["location"]["path"] == exp["where"]]
    if not at:
        check(False, f"{label}: {exp['id']}: a finding at {exp['where']}")
        return
    got = [attributions[i] for i, f in enumerate(findings)
           if f["location"]["path"] == exp["where"] and i in attributions]
    if exp["confidence"] is None:
        check(not got and not any("attributed to" in f["message"] for f in at),
              f"{label}: {exp['id']}: nothing attributed at {exp['where']} "
              + "; ".join(f"{g['package']} {g['confidence']}" for g in got[:2]))
        return
    def fits(g):
        return (g["ecosystem"] == exp["ecosystem"] and g["package"] == exp["package"]
                and g["confidence"] == exp["confidence"]
                and (exp["version"] is None or g["version"] == exp["version"])
                and all(c in g["candidates"] for c in exp["candidates"]))
    ok = any(fits(g) for g in got)
    check(ok, f"{label}: {exp['id']}: {exp['where']} attributed to {exp['ecosystem']} "
          f"{exp['package']} ({exp['confidence']}); got "
          + "; ".join(f"{g['ecosystem']} {g['package']} {g['version']} {g['confidence']} {g['candidates']}"
                      for g in got[:3]))
    if ok:
        subject = exp["package"] or exp["candidates"][0]
        check(any(subject in f["message"] and f"confidence {exp['confidence']}" in f["message"]
                  for f in at), f"{label}: {exp['id']}: the finding's message names {subject}")


def test_attribution_diff(tmp):
    root = os.path.join(tmp, "root")
    FX.build_base(root)
    before, after = os.path.join(tmp, "before.snapshot"), os.path.join(tmp, "after.snapshot")
    run(["snapshot", "--root", root, "--output", before, "--quiet"])
    expectations = FX.apply_attribution(root)
    run(["snapshot", "--root", root, "--output", after, "--quiet"])
    rc, doc, err = diff_json(before, after)
    check(doc is not None and isinstance(doc.get("attributions"), list),
          f"diff json carries an attributions array ({err.strip()[:100]})")
    if not doc:
        return
    by_index = {a["finding"]: a for a in doc["attributions"]}
    check(all(set(a) == {"finding", "ecosystem", "package", "version", "event", "confidence",
                         "via", "candidates"} for a in doc["attributions"]),
          "each attribution has the documented keys")
    for exp in expectations:
        check_attribution(doc["findings"], by_index, exp, "diff")
    # The same evidence read from an explicit --root; none with --no-attribution.
    rc, doc2, _ = diff_json(before, after, extra=["--root", root])
    check(doc2 is not None and len(doc2["attributions"]) == len(doc["attributions"]),
          "diff --root reads the same evidence")
    rc, doc3, _ = diff_json(before, after, extra=["--no-attribution"])
    check(doc3 is not None and doc3["attributions"] == []
          and not any("attributed to" in f["message"] for f in doc3["findings"]),
          "diff --no-attribution attributes nothing")
    rc, out, _ = run(["diff", before, after, "--format", "text"])
    check("attributed to deb package evil-deb@2.0-1 , confidence high".replace(" ,", ",") in out,
          "text output: the message names the package and the confidence")
    # Hostile logs: garbage, invalid UTF-8 and a huge dpkg.log are read (their tail) without
    # breaking the diff.
    with open(os.path.join(root, "var", "log", "dpkg.log"), "ab") as f:
        f.write(b"\xff\xfe garbage \x00 line\n2026-13-45 99:99:99 install x\n")
        f.truncate(64 << 20)
    with open(os.path.join(root, "var", "log", "apt", "history.log"), "ab") as f:
        f.write(b"Start-Date: \xff\nInstall: (((\nEnd-Date: never\n")
    rc, doc4, err = diff_json(before, after)
    check(doc4 is not None and rc == 1, f"diff with hostile logs still reports ({err.strip()[:100]})")


def test_attribution_watch(tmp):
    """A real process with npm's lifecycle markers writes into the watched root."""
    root = os.path.join(tmp, "root")
    db = os.path.join(tmp, "watch.db")
    FX.build_base(root)
    proc = subprocess.Popen([AIRLOCK, "watch", "--root", root, "--db", db, "--format", "ndjson",
                             "--interval", "60", "--proc-interval", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, stop, ready = [], threading.Event(), threading.Event()
    threading.Thread(target=read_lines, args=(proc, lines, stop), daemon=True).start()

    def read_stderr():
        for line in proc.stderr:
            if "airlock: watching" in line:
                ready.set()
    threading.Thread(target=read_stderr, daemon=True).start()

    def wait_for(path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for l in list(lines):
                try:
                    d = json.loads(l)
                except json.JSONDecodeError:
                    continue
                if d.get("type") == "finding" and d["location"]["path"] == path and d["severity"] != "info":
                    return d
            time.sleep(0.2)
        return None

    check(ready.wait(timeout=300), "watch (attribution) says when its baseline is in place")
    home = os.path.join(root, "home", "dev")
    units = os.path.join(home, ".config", "systemd", "user")
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home}

    def writer(env, cwd, name, hold):
        target = os.path.join(units, name)
        return subprocess.Popen(["sh", "-c", 'printf "[Service]\nExecStart=/usr/bin/true %s\n" "$1" > "$2"; sleep "$3"',
                                 "writer", name, target, str(hold)], env={**base_env, **env}, cwd=cwd)

    # 1. No install running.
    FX.write(root, "/home/dev/.config/systemd/user/plain.service", "[Service]\nExecStart=/usr/bin/true plain\n")
    f = wait_for("/home/dev/.config/systemd/user/plain.service")
    check(f is not None and "attributed to" not in f["message"],
          "watch: a change with no install running is not attributed")
    # 2. An install script of another tree (working directory outside the root), and an
    #    `npm run` script inside it: neither is an install of this tree.
    marks = {"npm_lifecycle_event": "postinstall", "npm_package_name": "elsewhere-pkg",
             "npm_package_version": "9.9.9", "npm_command": "install"}
    w1 = writer(marks, tmp, "outside.service", 2)
    f = wait_for("/home/dev/.config/systemd/user/outside.service")
    check(f is not None and "attributed to" not in f["message"],
          "watch: an install script working outside the watched root is not taken for its writer")
    w1.wait()
    w2 = writer({"npm_lifecycle_event": "dev", "npm_package_name": "app", "npm_command": "run-script"},
                root, "dev.service", 2)
    f = wait_for("/home/dev/.config/systemd/user/dev.service")
    check(f is not None and "attributed to" not in f["message"],
          "watch: an `npm run dev` script is not an install")
    w2.wait()
    # 3. A postinstall of fixture-evil, working inside the root, alive while its write is seen.
    w3 = writer({**marks, "npm_package_name": "fixture-evil", "npm_package_version": "1.0.0"},
                root, "evil.service", 3)
    f = wait_for("/home/dev/.config/systemd/user/evil.service")
    check(f is not None and "attributed to npm package fixture-evil@1.0.0 (postinstall), confidence high"
          in f["message"], "watch: the change is attributed to the running postinstall of fixture-evil "
          + (f["message"][:200] if f else "(no finding)"))
    w3.wait()
    stop_watch(proc, stop)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT path, attribution FROM events WHERE attribution != ''").fetchall()
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.close()
    stored = [json.loads(a) for p, a in rows if p.endswith("/evil.service")]
    check(stored and all(a["package"] == "fixture-evil" and a["confidence"] == "high" for a in stored)
          and all(p.endswith("/evil.service") for p, a in rows),
          f"watch stores the attribution with the event, and only there ({len(rows)} rows)")
    check(version == 2, "the event store is at schema version 2")


def test_store_upgrade(tmp):
    """A version-1 store (no events.attribution) is upgraded when opened for writing."""
    root = os.path.join(tmp, "root")
    FX.build_base(root)
    db = os.path.join(tmp, "old.db")
    run(["snapshot", "--root", root, "--db", db, "--quiet"])
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE events DROP COLUMN attribution")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    rc, _, err = run(["diff", f"{db}#1", f"{db}#1"])
    check(rc == 0, f"a version-1 store is still read ({err.strip()[:100]})")
    rc, out, err = run(["snapshot", "--root", root, "--db", db, "--quiet"])
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    n = con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    con.close()
    check(rc == 0 and version == 2 and "attribution" in cols and n == 2,
          f"a version-1 store is upgraded to version 2 by a write ({err.strip()[:100]})")


def main():
    with tempfile.TemporaryDirectory(prefix="airlock-host-") as tmp:
        os.environ["HOME"] = tmp  # never the real user's store
        os.environ.pop("XDG_STATE_HOME", None)
        for name, fn in (("snapshot-diff", test_snapshot_diff), ("bad-input", test_bad_input),
                         ("kill", test_kill_during_write), ("watch", test_watch),
                         ("attribution-diff", test_attribution_diff),
                         ("attribution-watch", test_attribution_watch),
                         ("store-upgrade", test_store_upgrade)):
            d = os.path.join(tmp, name)
            os.makedirs(d)
            try:
                fn(d)
            finally:
                # chmod 000 files would stop the cleanup of a non-root run
                for dirpath, dirs, files in os.walk(d):
                    for x in files:
                        # never through a symlink: fixture /proc/N/exe links name real
                        # programs (/usr/bin/node), which must keep their modes
                        if os.path.islink(os.path.join(dirpath, x)):
                            continue
                        try:
                            os.chmod(os.path.join(dirpath, x), 0o600)
                        except OSError:
                            pass
    print(f"{len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    AIRLOCK = os.path.abspath(sys.argv[1])
    sys.exit(main())
