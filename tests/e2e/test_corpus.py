#!/usr/bin/env python3
"""End-to-end test of `airlock corpus update` and of corpora missing or installed.

    tests/e2e/test_corpus.py AIRLOCK_BIN [FIXTURE_DIR]

No traffic leaves the machine: the public sources are replaced, through the
AIRLOCK_CORPUS_URL_{NPM,PYPI,MCP} variables, by a small HTTP server on 127.0.0.1 that this
test runs (a fake npm registry serving an npm-high-impact tarball built here, a
top-pypi-packages JSON, an MCP registry page, and an HTML page that is not a corpus), or by
a loopback port with nothing listening (offline). Every airlock run gets its own temporary
XDG_DATA_HOME and HOME. Checks:

  * offline: exit 2, the message names the URL that failed and says nothing changed, and no
    file is left in the corpus directory (no half-written corpus);
  * npm: the tarball's lib/top.js becomes npm.tsv (ranked), followed by the shipped names it
    lacks, and `check` then uses it;
  * pypi: the JSON becomes pypi.tsv; an HTML answer is refused (exit 2) and the previous
    pypi.tsv stays byte for byte;
  * mcp: the registry's npm/PyPI packages are added after the shipped MCP names;
  * without a PyPI corpus, `check` and `scan` say so once on stderr and go on (exit 0);
    the MCP corpus ships, so `check --ecosystem mcp` needs nothing installed;
  * scripts/make-npm-corpus.py, run offline on small stand-ins for its three pinned tarballs
    (placed in its --cache directory), merges and ranks them as documented: best rank of
    downloads and npm-high-impact, lowercased and unique, the download cut honoured, the
    formerly popular names after all current ones.

Prints one line per check; exits 0 if all pass, 1 if any fail. Standard library only.
"""

import importlib.util
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading

from e2e_common import Checker

POPULAR = [f"zz-widget-{i:02d}" for i in range(60)] + ["zzfakepkg-popular"]


def top_js(names):
    body = "".join(f"  '{n}',\n" for n in names)
    return f"export const npmHighImpact = [\n{body}]\n".encode()


def tarball(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


class FakeSources(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.routes = {
            "/npm-high-impact/latest": json.dumps(
                {"name": "npm-high-impact", "version": "9.9.9",
                 "dist": {"tarball": self.base + "/npm-high-impact-9.9.9.tgz"}}).encode(),
            "/npm-high-impact-9.9.9.tgz": tarball({
                "package/package.json": b'{"name":"npm-high-impact","version":"9.9.9"}',
                "package/lib/top.js": top_js(POPULAR)}),
            "/top-pypi.json": json.dumps(
                {"last_update": "test", "rows": [{"project": n.replace("-", "_"),
                                                  "download_count": 1000 - i}
                                                 for i, n in enumerate(POPULAR)]}).encode(),
            "/not-a-corpus.json": b"<!doctype html><html><body>captive portal</body></html>",
            "/v0/servers?limit=100": json.dumps(
                {"servers": [{"server": {"name": "io.example/widget", "packages": [
                    {"registryType": "npm", "identifier": "@zz-example/mcp-widget"},
                    {"registryType": "pypi", "identifier": "zz-example-mcp-tool"},
                    {"registryType": "oci", "identifier": "docker.io/example/x"}]}}],
                 "metadata": {"count": 1}}).encode(),
        }


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server naming)
        body = self.server.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check_npm_generator(c, tmp):
    """make-npm-corpus.py on stand-in tarballs of its pinned sources, in its cache."""
    script = os.path.join(REPO, "scripts", "make-npm-corpus.py")
    spec = importlib.util.spec_from_file_location("make_npm_corpus", script)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    cache = os.path.join(tmp, "npm-cache")
    os.makedirs(cache)

    def put(pkg_version, member, data):
        pkg, version = pkg_version
        with open(os.path.join(cache, f"{pkg}-{version}.tgz"), "wb") as f:
            f.write(tarball({member: data}))

    put(gen.HIGH_IMPACT, "package/lib/top.js",
        top_js([f"hi-{i:04d}" for i in range(1000)] + ["JSONStream"] +
               ["@zzorg/a", "@zzorg/b", "@types/a", "@types/b", "@lone/a"]))
    counts = {f"dl-{i:06d}": 1_000_000 - i for i in range(100_000)}
    counts.update({"big-one": 10**9, "hi-0005": 10**8, "jsonstream": 5,
                   # the rest of the scopes: only @zzorg is popular (2 names listed) and
                   # not @types; only packages of 100+ downloads count
                   "@zzorg/deep": 500, "@zzorg/tiny": 50, "@types/deep": 500,
                   "@lone/deep": 500})
    put(gen.DOWNLOAD_COUNTS, "package/counts.json", json.dumps(counts).encode())
    names = ["mocha", "old-popular", "big-one"] + [f"zz-{i:06d}" for i in range(100_000)]
    put(gen.DEPENDENTS, "package/names.json", json.dumps(names).encode())

    out = os.path.join(tmp, "npm-generated.tsv")
    p = subprocess.run([sys.executable, script, "--downloads", "3", "--dependents", "3",
                        "--scope-min-names", "2", "--scope-min-downloads", "100",
                        "--cache", cache, "--out", out], capture_output=True, text=True,
                       timeout=300, env=dict(os.environ, npm_config_offline="true"))
    c.check(p.returncode == 0, "generator: runs offline from its cache",
            f"{p.returncode} {p.stderr}")
    lines = open(out).read().splitlines() if os.path.exists(out) else []
    rows = [l.split("\t") for l in lines]
    got = [r[0] for r in rows]
    c.check([r[1] for r in rows] == [str(i) for i in range(1, len(rows) + 1)],
            "generator: ranks are 1..n", str(rows[:3]))
    # big-one: first by downloads; hi-0000: first of npm-high-impact; hi-0005: second by
    # downloads (its best), ahead of hi-0001 (second of npm-high-impact, no downloads).
    c.check(got[:4] == ["big-one", "hi-0000", "hi-0005", "hi-0001"],
            "generator: best rank of either list, ties by downloads", str(got[:4]))
    c.check("dl-000000" in got and "dl-000001" not in got,
            "generator: only the top N by downloads are added", str(got[-5:]))
    c.check(got.count("jsonstream") == 1 and "JSONStream" not in got,
            "generator: names lowercased and unique")
    c.check("@zzorg/deep" in got and not {"@zzorg/tiny", "@types/deep", "@lone/deep"} & set(got),
            "generator: popular scopes completed down to the download floor, not @types",
            str([n for n in got if n.startswith("@")]))
    c.check(got[-2:] == ["mocha", "old-popular"] and got.count("big-one") == 1,
            "generator: formerly popular names last, names already listed not repeated",
            str(got[-3:]))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    airlock = os.path.abspath(sys.argv[1])
    c = Checker()
    server = FakeSources()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = tempfile.TemporaryDirectory(prefix="airlock-corpus-")
    data_home = os.path.join(tmp.name, "data")
    corpus_dir = os.path.join(data_home, "airlock", "corpus")

    def run(*args, env_extra=None, stdin=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRLOCK_CORPUS_URL")}
        env.update({"XDG_DATA_HOME": data_home, "HOME": tmp.name})
        env.update(env_extra or {})
        return subprocess.run([airlock, *args], env=env, input=stdin, capture_output=True,
                              text=True, timeout=120)

    try:
        # Offline: nothing listens on the port.
        url = f"http://127.0.0.1:{closed_port()}/top-pypi-packages.min.json"
        p = run("corpus", "update", "pypi", env_extra={"AIRLOCK_CORPUS_URL_PYPI": url})
        c.check(p.returncode == 2, "offline: exit 2", f"{p.returncode} {p.stderr}")
        c.check(url in p.stderr, "offline: the message names the URL", p.stderr)
        c.check("nothing was changed" in p.stderr, "offline: says nothing was changed", p.stderr)
        left = os.listdir(corpus_dir) if os.path.isdir(corpus_dir) else []
        c.check(left == [], "offline: no file written", str(left))
        p = run("corpus", "update", "npm",
                env_extra={"AIRLOCK_CORPUS_URL_NPM": f"http://127.0.0.1:{closed_port()}"})
        c.check(p.returncode == 2 and "cannot fetch" in p.stderr, "offline npm: exit 2",
                f"{p.returncode} {p.stderr}")

        # Without a PyPI corpus: said once, the run goes on.
        p = run("check", "--ecosystem", "pypi", "reqeusts", "numpyy", "--format", "json")
        c.check(p.returncode == 0, "no pypi corpus: check exits 0", f"{p.returncode} {p.stderr}")
        c.check(p.stderr.count("no pypi corpus") == 1, "no pypi corpus: said once by check",
                p.stderr)
        report = json.loads(p.stdout)
        c.check(len(report.get("targets", [])) == 2 and not report.get("findings"),
                "no pypi corpus: both names reported, nothing flagged", p.stdout[:300])
        pkgs = []
        for name in ("one", "two"):
            d = os.path.join(tmp.name, "pkgs", name)
            os.makedirs(d)
            with open(os.path.join(d, "PKG-INFO"), "w") as f:
                f.write(f"Metadata-Version: 2.1\nName: zz-{name}\nVersion: 1.0\n"
                        "Requires-Dist: zz-widget-0l\n")
            pkgs.append(d)
        p = run("scan", *pkgs, "--format", "json")
        c.check(p.returncode == 0, "no pypi corpus: scan exits 0", f"{p.returncode} {p.stderr}")
        c.check(p.stderr.count("no pypi corpus") == 1, "no pypi corpus: said once by scan",
                p.stderr)
        p = run("check", "--ecosystem", "mcp", "claud-code", "--format", "json")
        found = [f for f in json.loads(p.stdout or "{}").get("findings", [])
                 if "@anthropic-ai/claude-code" in f.get("evidence", "")]
        c.check(p.returncode in (0, 1) and "no mcp corpus" not in p.stderr and found,
                "mcp corpus ships: claud-code flagged without any install",
                f"{p.returncode} {p.stderr} {p.stdout[:300]}")

        # npm from the fake registry.
        p = run("corpus", "update", "npm", env_extra={"AIRLOCK_CORPUS_URL_NPM": server.base})
        c.check(p.returncode == 0, "npm: update exits 0", f"{p.returncode} {p.stderr}")
        npm_tsv = os.path.join(corpus_dir, "npm.tsv")
        lines = open(npm_tsv).read().splitlines() if os.path.exists(npm_tsv) else []
        c.check(lines[:2] == ["zz-widget-00\t1", "zz-widget-01\t2"] and
                lines[len(POPULAR) - 1:len(POPULAR)] == [f"zzfakepkg-popular\t{len(POPULAR)}"],
                "npm: npm.tsv holds the list first, ranked",
                str(lines[:2] + lines[len(POPULAR) - 1:len(POPULAR)]))
        shipped = [l.split("\t")[0] for l in lines[len(POPULAR):]]
        c.check(len(shipped) > 10_000 and "lodash" in shipped and "cross-env" in shipped and
                lines[-1] == f"{shipped[-1]}\t{len(lines)}",
                "npm: the shipped names the list lacks follow it, ranked on",
                f"{len(shipped)} {lines[-1:]}")
        c.check(sorted(os.listdir(corpus_dir)) == ["npm.tsv"], "npm: no temporary file left",
                str(os.listdir(corpus_dir)))
        p = run("check", "--ecosystem", "npm", "zzfakepkg-populra", "--format", "json")
        c.check(p.returncode == 1 and "zzfakepkg-popular" in p.stdout,
                "npm: check uses the updated corpus", f"{p.returncode} {p.stdout[:300]}")

        # pypi: a good list, then an HTML page that must not replace it.
        p = run("corpus", "update", "pypi",
                env_extra={"AIRLOCK_CORPUS_URL_PYPI": server.base + "/top-pypi.json"})
        c.check(p.returncode == 0, "pypi: update exits 0", f"{p.returncode} {p.stderr}")
        pypi_tsv = os.path.join(corpus_dir, "pypi.tsv")
        before = open(pypi_tsv, "rb").read() if os.path.exists(pypi_tsv) else b""
        c.check(before.startswith(b"zz-widget-00\t1\n"), "pypi: pypi.tsv normalised, ranked",
                before[:40])
        p = run("corpus", "update", "pypi",
                env_extra={"AIRLOCK_CORPUS_URL_PYPI": server.base + "/not-a-corpus.json"})
        c.check(p.returncode == 2 and "not a package-name corpus" in p.stderr,
                "pypi: an HTML answer is refused", f"{p.returncode} {p.stderr}")
        after = open(pypi_tsv, "rb").read() if os.path.exists(pypi_tsv) else b""
        c.check(after == before, "pypi: the previous corpus is unchanged")
        p = run("check", "--ecosystem", "pypi", "zz_widget_0l", "--format", "json")
        c.check(p.returncode in (0, 1) and "no pypi corpus" not in p.stderr,
                "pypi: check finds the installed corpus", p.stderr)
        p = run("corpus", "update", "pypi",
                env_extra={"AIRLOCK_CORPUS_URL_PYPI": server.base + "/missing.json"})
        c.check(p.returncode == 2 and "/missing.json" in p.stderr, "pypi: HTTP 404 is an error",
                f"{p.returncode} {p.stderr}")

        # mcp: registry packages added after the shipped names.
        p = run("corpus", "update", "mcp", env_extra={"AIRLOCK_CORPUS_URL_MCP": server.base})
        c.check(p.returncode == 0, "mcp: update exits 0", f"{p.returncode} {p.stderr}")
        mcp_tsv = os.path.join(corpus_dir, "mcp.tsv")
        names = [l.split("\t")[0] for l in open(mcp_tsv).read().splitlines()] \
            if os.path.exists(mcp_tsv) else []
        c.check("@anthropic-ai/claude-code" in names[:5] and
                names[-2:] == ["@zz-example/mcp-widget", "zz-example-mcp-tool"] and
                "docker.io/example/x" not in names,
                "mcp: shipped names first, then the registry's npm/PyPI packages", str(names[-3:]))

        p = run("corpus", "update", "cargo")
        c.check(p.returncode == 2, "unknown ecosystem: exit 2", f"{p.returncode}")

        check_npm_generator(c, tmp.name)
    finally:
        server.shutdown()
        tmp.cleanup()

    print(f"test_corpus: {'FAILED' if c.failed else 'all checks passed'}")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
