#!/usr/bin/env python3
"""End-to-end tests of `airlock mcp` on a generated fixture host tree.

    tests/e2e/test_mcp.py AIRLOCK_BIN FIXTURE_DIR

The tree comes from scripts/make-mcp-fixtures.py, run here into a temporary directory (it
holds a FIFO and a 17 MiB file, so it is not kept). Every check runs the real binary.
Standard library only; exits 1 when a check fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from e2e_common import Checker

CHECKS = Checker()
FAILURES = CHECKS.failures  # what failed, for the summary
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE_SCRIPT = os.path.join(HERE, "..", "..", "scripts", "make-mcp-fixtures.py")
FAKE_GITHUB_TOKEN = "ghp_" + "x" * 36
FAKE_OPENAI_KEY = "sk-proj-" + "x" * 40

# (file under the fixture root, rule, server name or None for file-level findings, severity)
EXPECTED = [
    ("etc/claude-code/managed-mcp.json", "mcp-plain-http", "corp-remote", "medium"),
    ("home/alice/.config/Claude/claude_desktop_config.json", "mcp-command-in-hidden-dir",
     "index-project-helper", "medium"),
    ("home/alice/.claude.json", "mcp-unpinned-launch", "postmark", "medium"),
    ("home/alice/.claude.json", "mcp-ownership-mismatch", "io.github.acme/weather", "high"),
    ("home/alice/.claude.json", "mcp-command-in-hidden-dir", "sandworm-local", "medium"),
    ("home/alice/.claude/settings.json", "mcp-auto-approve-project-servers", None, "medium"),
    ("home/alice/.cursor/mcp.json", "mcp-duplicate-server", None, "medium"),
    ("home/alice/.config/Code/User/mcp.json", "mcp-docker-socket-mount", "gh-docker", "high"),
    ("home/alice/.config/Code/User/mcp.json", "mcp-docker-home-mount", "gh-docker", "high"),
    ("home/alice/.config/Code/User/settings.json", "mcp-plain-http", "legacy-sse", "medium"),
    ("home/alice/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/"
     "cline_mcp_settings.json", "mcp-auto-approve-all", "cline-all", "medium"),
    ("home/alice/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/"
     "mcp_settings.json", "mcp-inline-secret", "roo-ai", "medium"),
    ("home/alice/.copilot/mcp-config.json", "mcp-inline-secret", "copilot-gh", "medium"),
    ("home/alice/.codeium/windsurf/mcp_config.json", "mcp-plain-http", "ws-remote", "medium"),
    ("home/alice/.codeium/windsurf/mcp_config.json", "mcp-remote-vulnerable", "ws-proxy", "high"),
    ("home/alice/.continue/config.yaml", "name-confusion", "fetcher", None),
    ("home/alice/.continue/config.yaml", "mcp-unpinned-launch", "fetcher", "medium"),
    ("home/alice/.continue/mcpServers/shady.yaml", "mcp-command-in-temp-dir", "shady-block",
     "high"),
    ("home/alice/.config/zed/settings.json", "mcp-command-in-temp-dir", "zed-shm", "high"),
    ("home/alice/.gemini/settings.json", "mcp-auto-approve-all", "gem-trusted", "medium"),
    ("home/alice/.gemini/extensions/helper/gemini-extension.json", "mcp-command-in-hidden-dir",
     "gem-ext", "medium"),
    ("home/alice/.gemini/antigravity/mcp_config.json", "mcp-inline-secret", "ag-remote", "low"),
    ("home/alice/.codex/config.toml", "name-confusion", "docs", None),
    ("home/alice/.codex/config.toml", "mcp-unpinned-launch", "docs", "medium"),
    ("home/alice/.codex/config.toml", "mcp-inline-secret", "docs", "medium"),
    ("home/alice/.config/goose/config.yaml", "mcp-docker-home-mount", "shady-dock", "high"),
    ("home/alice/.config/opencode/opencode.json", "mcp-unpinned-launch", "oc-time", "medium"),
    ("work/proj/.mcp.json", "name-confusion", "fs", None),
    ("work/proj/.cursor/mcp.json", "mcp-command-in-temp-dir", "tmp-runner", "high"),
    ("work/proj/.vscode/mcp.json", "mcp-docker-privileged", "priv", "high"),
    ("home/carol/.claude.json", "mcp-config-duplicate-key", None, "low"),
    ("home/carol/.gemini/settings.json", "mcp-config-invalid-utf8", None, "low"),
]

# Bad input under carol's home: (file, words the error message must contain).
EXPECTED_ERRORS = [
    (".config/Claude/claude_desktop_config.json", "larger than 16 MiB"),
    (".copilot/mcp-config.json", "nested deeper than 64"),
    (".codeium/windsurf/mcp_config.json", "FIFO"),
    (".config/zed/settings.json", "directory"),
    (".continue/config.yaml", "symlink loop"),
    (".config/opencode/opencode.json", "outside --root"),
    (".config/goose/config.yaml", "more than 200000 values"),
    (".codex/config.toml", "not valid TOML (line 4)"),
    (".kiro/settings/mcp.json", "not valid JSON"),
]

# One server per client (client name, server name): every format reaches the model.
EXPECTED_SERVERS = [
    ("claude-desktop", "index-project-helper"), ("claude-code", "postmark"),
    ("claude-code", "sandworm-local"), ("claude-code", "corp-remote"), ("claude-code", "fs"),
    ("cursor", "build"), ("vscode", "gh-docker"), ("vscode", "legacy-sse"), ("vscode", "priv"),
    ("copilot-cli", "copilot-gh"), ("windsurf", "ws-remote"), ("cline", "cline-all"),
    ("roo-code", "roo-ai"), ("continue", "fetcher"), ("continue", "shady-block"),
    ("zed", "zed-shm"), ("gemini-cli", "gem-trusted"), ("gemini-cli", "gem-ext"),
    ("antigravity", "ag-remote"), ("codex", "docs"), ("goose", "shady-dock"),
    ("opencode", "oc-time"), ("cursor", "ok"), ("gemini-cli", "latin1"),
]


check = CHECKS.check


def run(args, timeout=120):
    p = subprocess.run([AIRLOCK] + args, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def mcp_json(args):
    rc, out, err = run(["mcp", "--format", "json"] + args)
    try:
        return rc, json.loads(out), err
    except json.JSONDecodeError:
        print(err)
        return rc, None, err


def main():
    tmp = tempfile.mkdtemp(prefix="airlock-mcp-")
    try:
        subprocess.run([sys.executable, FIXTURE_SCRIPT, tmp], check=True)
        root = os.path.join(tmp, "root")
        corpus = ["--corpus", "pypi=" + os.path.join(tmp, "pypi.tsv")]
        rc, rep, err = mcp_json(["--root", root] + corpus)
        check(rep is not None, "json report parses")
        if rep is None:
            return
        check(rc == 1, "malicious configurations exit 1 (got %d)" % rc)
        check(rep["schema"] == "airlock.report/1" and rep["command"] == "mcp",
              "report is airlock.report/1 from command mcp")
        check(list(rep)[-1] == "servers" and isinstance(rep["servers"], list),
              "servers array is a top-level member after the report's own")
        targets = {t["id"]: t for t in rep["targets"]}
        check(all(t["kind"] == "mcp-config" for t in targets.values()),
              "every target is an mcp-config")

        def rel(t):
            return os.path.relpath(targets[t]["path"], root)

        found = [(rel(f["target"]), f["rule"], f["message"], f["severity"], f)
                 for f in rep["findings"]]
        for path, rule, server, severity in EXPECTED:
            hits = [x for x in found if x[0] == path and x[1] == rule and
                    (server is None or ("'%s'" % server) in x[2])]
            ok = bool(hits) and (severity is None or hits[0][3] == severity)
            check(ok, "%s in %s%s" % (rule, path, " (server %s)" % server if server else ""))
            if hits:
                loc = hits[0][4].get("location", {})
                check(loc.get("path") == targets[hits[0][4]["target"]]["path"] and
                      loc.get("line", 0) > 0,
                      "%s in %s points at the config path and a line" % (rule, path))

        # The clean, pinned, benign home has configs for many clients and no finding.
        bob_targets = [t for t in targets.values() if rel(t["id"]).startswith("home/bob/")]
        check(len(bob_targets) >= 8, "bob's configurations are all read (%d)" % len(bob_targets))
        bob_findings = [x for x in found if x[0].startswith("home/bob/")]
        check(not bob_findings, "no finding for bob's clean configurations: %s" %
              [(x[0], x[1]) for x in bob_findings])
        carol_cursor = [x for x in found if x[0] == "home/carol/.cursor/mcp.json"]
        check(not carol_cursor, "comments and trailing commas are not findings")

        errors = {rel(e["target"]): e["message"] for e in rep["errors"]}
        for path, words in EXPECTED_ERRORS:
            msg = errors.get("home/carol/" + path, "")
            check(words in msg, "bad input %s: error says '%s' (%r)" % (path, words, msg))
        check(len(errors) == len(EXPECTED_ERRORS),
              "no other file failed: %s" % sorted(errors))

        servers = {(s["client"], s["name"]): s for s in rep["servers"]}
        for key in EXPECTED_SERVERS:
            check(key in servers, "server %s/%s in the inventory" % key)
        pm = servers.get(("claude-code", "postmark"), {})
        check(pm.get("launch", {}).get("runner") == "npx" and
              pm["launch"].get("package") == "postmark-mcp" and
              pm["launch"].get("version_spec") == "latest" and pm["launch"].get("auto_yes"),
              "postmark launch model: npx, postmark-mcp, latest, -y")
        local = servers.get(("claude-code", "sandworm-local"), {})
        check(local.get("scope") == "local" and local.get("project") == "/work/proj",
              "Claude Code local-scope server carries its project")
        fs_srv = servers.get(("claude-code", "fs"), {})
        check(fs_srv.get("scope") == "project", "project .mcp.json found through ~/.claude.json")
        fetch = servers.get(("codex", "fetch"), {})
        check(fetch.get("launch", {}).get("version") == "2025.4.7" and
              fetch["launch"].get("version_spec") == "pinned" and
              fetch["launch"].get("ecosystem") == "pypi", "uvx pkg==ver is pinned pypi")
        dock = servers.get(("goose", "shady-dock"), {})
        check(dock.get("launch", {}).get("docker", {}).get("mounts") == ["/home/alice"],
              "docker mounts in the launch model")
        docs = servers.get(("codex", "docs"), {})
        check([e["name"] for e in docs.get("env", [])] == ["GITHUB_TOKEN"] and
              docs["env"][0]["secret"] and docs["env"][0]["value"] == "literal",
              "env names listed, secret flagged, value not")
        check(servers.get(("gemini-cli", "gem-ext"), {}).get("scope") == "extension",
              "Gemini extension servers have scope extension")
        check(servers.get(("cursor", "build"), {}).get("launch", {}).get("runner") == "shell",
              "the later duplicate is the one in the model (sh -c pipeline)")
        ag = servers.get(("antigravity", "ag-remote"), {})
        check("abcdef0123456789" not in ag.get("url", "x") and "<redacted>" in ag.get("url", ""),
              "secret URL parameter redacted in the model")

        # Secrets never reach any output format.
        for fmt in ("text", "json", "sarif", "ndjson"):
            rc2, out, err = run(["mcp", "--root", root, "--format", fmt] + corpus)
            leaked = [s for s in (FAKE_GITHUB_TOKEN, FAKE_OPENAI_KEY, "abcdef0123456789")
                      if s in out or s in err]
            check(rc2 == 1 and not leaked, "%s output: exit 1, no secret value printed %s" %
                  (fmt, leaked))
            if fmt == "text":
                check("MCP servers:" in out and "postmark-mcp" in out,
                      "text output lists the servers")
            if fmt == "sarif":
                check(json.loads(out)["version"] == "2.1.0", "sarif output parses")

        # One home at a time.
        bob_home = os.path.join(root, "home", "bob")
        rc, rep, _ = mcp_json(["--root", root, "--home", bob_home])
        paths = {t["id"]: os.path.relpath(t["path"], root) for t in rep["targets"]}
        check(rc == 0 and len(rep["servers"]) >= 9 and
              all(paths[f["target"]].startswith("etc/") for f in rep["findings"]),
              "clean home alone (plus managed files): exit 0, servers listed, no finding in it")
        carol_home = os.path.join(root, "home", "carol")
        rc, rep, _ = mcp_json(["--root", root, "--home", carol_home])
        check(rc == 2 and rep["summary"]["verdict"] == "warn" and
              len(rep["errors"]) == len(EXPECTED_ERRORS),
              "bad-input home: errors only decide, exit 2, low findings still reported")
        rc, rep, _ = mcp_json(["--root", root, "--home", carol_home, "--fail-on", "low"])
        check(rc == 1, "--fail-on low: the duplicate-key finding decides exit 1")

        # Usage errors.
        rc, _, err = run(["mcp", "--root", os.path.join(tmp, "missing")])
        check(rc == 2 and "airlock: " in err, "--root that is not a directory: exit 2")
        rc, _, err = run(["mcp", "--root", root, "--corpus", "nonsense"])
        check(rc == 2 and "airlock: " in err, "bad --corpus: exit 2")

        # --project outside any home.
        proj = os.path.join(tmp, "standalone")
        os.makedirs(os.path.join(proj, ".vscode"))
        with open(os.path.join(proj, ".vscode", "mcp.json"), "w") as f:
            f.write('{"servers": {"w": {"type": "http", "url": "http://192.0.2.10/mcp"}}}')
        empty_root = os.path.join(tmp, "empty-root")
        os.makedirs(empty_root)
        rc, rep, _ = mcp_json(["--root", empty_root, "--project", proj])
        check(rc == 0 and [s["scope"] for s in rep["servers"]] == ["workspace"] and
              [f["rule"] for f in rep["findings"]] == ["mcp-plain-http"],
              "--project: workspace config read, plain-HTTP remote reported")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    AIRLOCK = sys.argv[1]
    main()
    print("%d failure(s)" % len(FAILURES))
    sys.exit(1 if FAILURES else 0)
