// Tests of attribution evidence: environment markers, package-manager command lines, package
// paths, install logs and RECORD files (pure parsers), the install tracker over a proc tree
// written into a temporary directory, and ownership and log windows read under a root.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include <ctime>
#include <string>

#include "airlock/core/hash.h"
#include "airlock/host/attribution.h"
#include "test_util.h"

namespace airlock::host {
namespace {

using namespace std::string_literals;
using testing::TempDir;

std::string env(std::initializer_list<std::string> kvs) {
  std::string out;
  for (const std::string& kv : kvs) out += kv + '\0';
  return out;
}

std::int64_t local(int y, int mo, int d, int h, int mi, int s) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

TEST(InstallMarkers, NpmInstallScriptsCountRunScriptsDoNot) {
  auto m = install_markers(env({"PATH=/usr/bin", "npm_lifecycle_event=postinstall",
                                "npm_package_name=@acme/evil", "npm_package_version=1.2.3"}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->ecosystem, "npm");
  EXPECT_EQ(m->package, "@acme/evil");
  EXPECT_EQ(m->version, "1.2.3");
  EXPECT_EQ(m->event, "postinstall");
  // `npm run dev` in a project: a long-running dev server is not an install.
  EXPECT_FALSE(install_markers(
      env({"npm_lifecycle_event=dev", "npm_package_name=app", "npm_command=run-script"})));
  // A custom script run by `npm install` (npm_command says so) counts.
  EXPECT_TRUE(install_markers(
      env({"npm_lifecycle_event=build", "npm_package_name=app", "npm_command=install"})));
  EXPECT_FALSE(install_markers(env({"HOME=/root", "npm_config_cache=/x"})));
  EXPECT_FALSE(install_markers(""));
}

TEST(InstallMarkers, DpkgAndPip) {
  auto d = install_markers(env({"DPKG_MAINTSCRIPT_PACKAGE=evil-deb",
                                "DPKG_MAINTSCRIPT_NAME=postinst", "DPKG_MAINTSCRIPT_ARCH=amd64"}));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ecosystem, "deb");
  EXPECT_EQ(d->package, "evil-deb");
  EXPECT_EQ(d->event, "postinst");
  auto p = install_markers(env({"PIP_BUILD_TRACKER=/tmp/pip-build-tracker-x",
                                "PEP517_BUILD_BACKEND=setuptools.build_meta"}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ecosystem, "pypi");
  EXPECT_EQ(p->package, "");
  // npm running inside a postinst: the innermost installer (npm) is named.
  auto both = install_markers(env({"DPKG_MAINTSCRIPT_PACKAGE=wrapper",
                                   "npm_lifecycle_event=install", "npm_package_name=inner"}));
  ASSERT_TRUE(both);
  EXPECT_EQ(both->package, "inner");
}

TEST(InstallMarkers, HostileEnvironmentIsBounded) {
  std::string big = "npm_lifecycle_event=postinstall"s + '\0' +
                    "npm_package_name=" + std::string(100000, 'a') + '\0' + "\xff\xfe=\x01" + '\0';
  auto m = install_markers(big);
  ASSERT_TRUE(m);
  EXPECT_LE(m->package.size(), 214u);
}

TEST(ManagerRun, RecognisesInstallsOfEachManager) {
  auto npm = manager_run("npm install ../", "npm install ../pkg");  // npm sets its title
  ASSERT_TRUE(npm);
  EXPECT_EQ(npm->ecosystem, "npm");
  EXPECT_EQ(npm->command, "npm install ../pkg");
  ASSERT_EQ(npm->packages.size(), 1u);
  EXPECT_EQ(npm->packages[0], "../pkg");
  auto node = manager_run("node", "/usr/bin/node\0/usr/lib/node_modules/npm/bin/npm-cli.js\0ci\0"s);
  ASSERT_TRUE(node);
  EXPECT_EQ(node->command, "npm ci");
  auto pip = manager_run("python3", "/usr/bin/python3\0-m\0pip\0install\0--user\0evil\0"s);
  ASSERT_TRUE(pip);
  EXPECT_EQ(pip->ecosystem, "pypi");
  EXPECT_EQ(pip->packages, std::vector<std::string>{"evil"});
  auto uv = manager_run("uv", "uv\0pip\0install\0evil==1.0\0"s);
  ASSERT_TRUE(uv);
  EXPECT_EQ(uv->packages, std::vector<std::string>{"evil==1.0"});
  auto apt = manager_run("apt-get", "apt-get\0install\0-y\0evil=1.0-1\0"s);
  ASSERT_TRUE(apt);
  EXPECT_EQ(apt->ecosystem, "deb");
  EXPECT_EQ(apt->packages, std::vector<std::string>{"evil"});
  auto dpkg = manager_run("dpkg",
                          "/usr/bin/dpkg\0--status-fd\0"
                          "35\0-i\0/tmp/evil_1.0_amd64.deb\0"s);
  ASSERT_TRUE(dpkg);
  EXPECT_EQ(dpkg->packages, std::vector<std::string>{"evil_1.0_amd64.deb"});
  EXPECT_TRUE(manager_run("yarn", "yarn\0"s));  // bare yarn installs
  EXPECT_TRUE(manager_run("bash", "bash\0/root/.pyenv/shims/pip\0install\0x\0"s));  // a shim
}

TEST(ManagerRun, IgnoresWhatInstallsNothing) {
  EXPECT_FALSE(manager_run("npm run dev", "npm run dev"));
  EXPECT_FALSE(manager_run("npm exec", "npm\0exec\0mcp-server\0"s));  // npx: a launch
  EXPECT_FALSE(manager_run("pip", "pip\0list\0"s));
  EXPECT_FALSE(manager_run("dpkg", "dpkg\0-l\0"s));
  EXPECT_FALSE(manager_run("apt", "apt\0search\0x\0"s));
  EXPECT_FALSE(manager_run("python3", "python3\0app.py\0install\0"s));
  EXPECT_FALSE(manager_run("node", "node\0server.js\0"s));
  EXPECT_FALSE(manager_run("", ""));
}

TEST(PackageDir, NodeModulesAndSitePackages) {
  auto a = package_dir_of("/home/u/.npm-global/lib/node_modules/@evil/tel/dist/agent.js");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ecosystem, "npm");
  EXPECT_EQ(a->package, "@evil/tel");
  EXPECT_EQ(a->dir, "/home/u/.npm-global/lib/node_modules/@evil/tel");
  auto nested = package_dir_of("/p/node_modules/a/node_modules/b/index.js");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->package, "b");
  auto npx = package_dir_of("/home/u/.npm/_npx/0a1b/node_modules/mcp-x/bin/cli.js");
  ASSERT_TRUE(npx);
  EXPECT_EQ(npx->package, "mcp-x");
  auto py = package_dir_of("/usr/local/lib/python3.11/dist-packages/evilcron/beacon.py");
  ASSERT_TRUE(py);
  EXPECT_EQ(py->ecosystem, "pypi");
  EXPECT_EQ(py->package, "evilcron");
  // Not inside a package: the directory itself, top-level files, metadata, lookalikes.
  EXPECT_FALSE(package_dir_of("/usr/lib/node_modules/npm"));
  EXPECT_FALSE(package_dir_of("/p/node_modules/.bin/tsc"));
  EXPECT_FALSE(package_dir_of("/x/site-packages/zz.pth"));
  EXPECT_FALSE(package_dir_of("/x/site-packages/evil-1.0.dist-info/RECORD"));
  EXPECT_FALSE(package_dir_of("/opt/mynode_modules/tool/run"));
  EXPECT_FALSE(package_dir_of("/srv/site-packages"));
}

TEST(PathsInText, CommandsJsonAndHome) {
  auto p = paths_in_text(R"({"command":"node","args":["/a/b.js","--x=/c/d"]})", "/home/u");
  EXPECT_EQ(p, (std::vector<std::string>{"/a/b.js", "/c/d"}));
  p = paths_in_text("*/5 * * * * ~/bin/x; $HOME/y|/z", "/home/u");
  EXPECT_EQ(p, (std::vector<std::string>{"/home/u/bin/x", "/home/u/y", "/z"}));
  EXPECT_TRUE(paths_in_text("no paths here / at all", "").empty());
  std::string many;
  for (int i = 0; i < 100; ++i) many += " /p" + std::to_string(i);
  EXPECT_EQ(paths_in_text(many, "").size(), 32u);
}

TEST(DpkgLog, OneWindowPerPackageTriggersIgnored) {
  std::string log =
      "2026-01-15 10:00:00 startup archives unpack\n"
      "2026-01-15 10:00:01 install evil:amd64 <none> 1.0-1\n"
      "2026-01-15 10:00:01 status unpacked evil:amd64 1.0-1\n"
      "2026-01-15 10:00:02 status triggers-pending man-db:amd64 2.11\n"
      "2026-01-15 10:00:03 configure evil:amd64 1.0-1 <none>\n"
      "2026-01-15 10:00:05 status installed evil:amd64 1.0-1\n"
      "2026-01-15 10:00:06 trigproc man-db:amd64 2.11 <none>\n"
      "garbage line\n"
      "2026-99-15 10:00:06 install bad:amd64 <none> 1\n"
      "2026-01-15 12:00:00 upgrade evil:amd64 1.0-1 1.1-1\n";
  std::vector<LogRun> runs = parse_dpkg_log(log);
  ASSERT_EQ(runs.size(), 2u);  // evil at 10:00, evil again at 12:00 (gap); no man-db
  EXPECT_EQ(runs[0].packages[0].name, "evil");
  EXPECT_EQ(runs[0].packages[0].version, "1.0-1");
  EXPECT_TRUE(runs[0].per_package);
  EXPECT_EQ(runs[0].start, local(2026, 1, 15, 10, 0, 1));
  EXPECT_EQ(runs[0].end, local(2026, 1, 15, 10, 0, 5));
  EXPECT_EQ(runs[1].packages[0].version, "1.1-1");
  EXPECT_EQ(runs[1].packages[0].event, "upgrade");
}

TEST(AptHistory, RequestedPackagesFirst) {
  std::string log =
      "\nStart-Date: 2026-01-15  10:00:00\n"
      "Commandline: apt-get install evil\n"
      "Install: evil:amd64 (1.0), libevil:amd64 (1.0, automatic)\n"
      "End-Date: 2026-01-15  10:00:09\n\n"
      "Start-Date: 2026-01-16  08:00:00\n"
      "Upgrade: tzdata:amd64 (2025a, 2025b)\n"
      "End-Date: 2026-01-16  08:00:02\n"
      "Start-Date: 2026-01-17  08:00:00\n"
      "Install: ((( broken\n";  // no End-Date: the run is cut short
  std::vector<LogRun> runs = parse_apt_history(log);
  ASSERT_EQ(runs.size(), 3u);
  ASSERT_EQ(runs[0].packages.size(), 1u);
  EXPECT_EQ(runs[0].packages[0].name, "evil");
  EXPECT_EQ(runs[0].command, "apt-get install evil");
  EXPECT_EQ(runs[0].end - runs[0].start, 9);
  EXPECT_EQ(runs[1].packages[0].version, "2025b");
  EXPECT_EQ(runs[2].end - runs[2].start, 600);
}

TEST(NpmDebugLog, InstallRunsWithTheirScripts) {
  std::string log =
      "0 verbose cli /usr/bin/node /usr/bin/npm\n"
      "8 verbose argv \"install\" \"-g\" \"evil\"\n"
      "18 info run @acme/evil@1.0.0 postinstall node_modules/@acme/evil node x.js\n"
      "19 info run @acme/evil@1.0.0 postinstall { code: 0, signal: null }\n"
      "20 info run app@1.0.0 test . jest\n";
  auto run = parse_npm_debug_log(log, "2026-12-05T01_43_47_918Z-debug-0.log", 0);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->command, "npm install -g evil");
  ASSERT_EQ(run->packages.size(), 1u);
  EXPECT_EQ(run->packages[0].name, "@acme/evil");
  EXPECT_EQ(run->packages[0].version, "1.0.0");
  struct tm tm {};
  tm.tm_year = 126, tm.tm_mon = 11, tm.tm_mday = 5, tm.tm_hour = 1, tm.tm_min = 43, tm.tm_sec = 47;
  EXPECT_EQ(run->start, static_cast<std::int64_t>(::timegm(&tm)));
  EXPECT_EQ(run->end, run->start);  // an mtime before the start is clamped
  EXPECT_FALSE(parse_npm_debug_log("8 verbose argv \"pack\" \"x\"\n",
                                   "2026-12-05T01_43_47_918Z-debug-0.log", 0));
  EXPECT_FALSE(parse_npm_debug_log(log, "notes.log", 0));
}

TEST(Record, PathsAndHashes) {
  auto r = parse_record(
      "evil/__init__.py,sha256=AbC_-x,12\n\"we,ird.py\",sha256=Zz,3\n../../../bin/evil,,\n\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].sha256_b64, "AbC_-x");
  EXPECT_EQ(r[1].path, "we,ird.py");
  EXPECT_EQ(r[2].path, "../../../bin/evil");
  EXPECT_EQ(r[2].sha256_b64, "");
  // sha256("") in RECORD form
  EXPECT_EQ(hex_to_b64url(sha256_hex("")), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
  EXPECT_EQ(hex_to_b64url("zz"), "");
}

// A proc tree of our own: pid directories with stat, cmdline and environ.
void fake_proc(const TempDir& t, int pid, int ppid, const std::string& comm,
               const std::string& cmdline, const std::string& environ) {
  std::string base = "proc/" + std::to_string(pid);
  t.write(base + "/stat", std::to_string(pid) + " (" + comm + ") S " + std::to_string(ppid) +
                              " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 4242 0 0\n");
  t.write(base + "/cmdline", cmdline);
  t.write(base + "/environ", environ);
}

TEST(InstallTracker, NamedScriptAliveThenEndedThenGone) {
  TempDir t;
  fake_proc(t, 100, 1, "npm install e", "npm install evil", env({"PATH=/bin"}));
  fake_proc(t, 101, 100, "sh", "sh\0-c\0node x.js\0"s,
            env({"npm_lifecycle_event=postinstall", "npm_package_name=evil",
                 "npm_package_version=1.0.0"}));
  fake_proc(t, 50, 1, "bash", "bash\0"s, env({"PATH=/bin"}));
  InstallTracker tr(t.str("proc"), "/");
  EXPECT_FALSE(tr.at(0));
  tr.scan(10);
  EXPECT_EQ(tr.sessions(), 1u);  // npm and its script are one session
  auto a = tr.at(10);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->package, "evil");
  EXPECT_EQ(a->confidence, Confidence::kHigh);
  EXPECT_NE(a->via.find("npm install evil"), std::string::npos);
  // The script ends; npm still runs: the script was running moments before.
  std::filesystem::remove_all(t.str("proc/101"));
  tr.scan(12);
  a = tr.at(12);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->package, "evil");
  EXPECT_EQ(a->confidence, Confidence::kMedium);
  // Everything ends; after the grace window nothing is claimed.
  std::filesystem::remove_all(t.str("proc/100"));
  tr.scan(14);
  EXPECT_TRUE(tr.at(12 + InstallTracker::kGraceSeconds - 1));  // last seen alive at 12
  tr.scan(30);
  EXPECT_FALSE(tr.at(30));
  EXPECT_EQ(tr.sessions(), 0u);
}

TEST(InstallTracker, ManagerWithoutScriptAndOverlappingRuns) {
  TempDir t;
  fake_proc(t, 200, 1, "pip", "/usr/bin/pip\0install\0evil\0"s, env({"PATH=/bin"}));
  InstallTracker tr(t.str("proc"), "/");
  tr.scan(1);
  auto a = tr.at(1);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->package, "");
  EXPECT_EQ(a->ecosystem, "pypi");
  EXPECT_EQ(a->confidence, Confidence::kMedium);
  fake_proc(t, 300, 1, "apt-get", "apt-get\0install\0x\0"s, env({"PATH=/bin"}));
  fake_proc(t, 301, 300, "sh", "sh\0"s,
            env({"DPKG_MAINTSCRIPT_PACKAGE=x", "DPKG_MAINTSCRIPT_NAME=postinst"}));
  tr.scan(2);
  a = tr.at(2);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->confidence, Confidence::kLow);  // two installs at once
  EXPECT_EQ(a->package, "");
  EXPECT_EQ(a->candidates, std::vector<std::string>{"x"});
}

TEST(InstallTracker, OtherRootsInstallsDoNotCount) {
  TempDir t;
  fake_proc(t, 100, 1, "sh", "sh\0"s,
            env({"npm_lifecycle_event=postinstall", "npm_package_name=e"}));
  t.mkdir("elsewhere");
  t.mkdir("root");
  t.symlink("proc/100/cwd", t.str("elsewhere"));
  InstallTracker outside(t.str("proc"), t.str("root"));
  outside.scan(1);
  EXPECT_FALSE(outside.at(1));
  std::filesystem::remove(t.str("proc/100/cwd"));
  t.symlink("proc/100/cwd", t.str("root"));
  InstallTracker inside(t.str("proc"), t.str("root"));
  inside.scan(1);
  ASSERT_TRUE(inside.at(1));
  EXPECT_EQ(inside.at(1)->package, "e");
}

// Ownership and windows under a root.
Item file_item(const std::string& path, std::int64_t mtime) {
  Item it;
  it.entry = "x";
  it.collector = "plain";
  it.path = path;
  it.value = "sha256:0";
  it.meta = "{\"size\":1,\"mtime\":" + std::to_string(mtime) + "}";
  return it;
}

TEST(Attributor, DpkgListOwnsAddedFilesOnly) {
  TempDir t;
  t.write("var/lib/dpkg/info/evil.list", "/.\n/etc/cron.d/evil\n");
  t.write("var/lib/dpkg/info/decoy.list", "/etc/cron.d/evil-old\n");
  t.write("etc/cron.d/evil", "x\n");
  Attributor at(t.str());
  std::vector<Item> items = {file_item("/etc/cron.d/evil", 1)};
  Change added{ChangeKind::kAdded, nullptr, &items[0]};
  ChangeContext ctx;
  ctx.items = &items;
  ctx.file_added = true;
  auto a = at.attribute(added, ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->package, "evil");
  EXPECT_EQ(a->confidence, Confidence::kHigh);
  // The same file edited later, with no dpkg run of the package at its mtime: not the package.
  Item old = items[0];
  Change changed{ChangeKind::kChanged, &old, &items[0]};
  ctx.file_added = false;
  EXPECT_FALSE(at.attribute(changed, ctx));
  // Nothing under a root of ""; nothing for a path the lists do not name exactly.
  Attributor none("");
  ctx.file_added = true;
  EXPECT_FALSE(none.attribute(added, ctx));
  std::vector<Item> other = {file_item("/etc/cron.d/evi", 1)};
  Change added2{ChangeKind::kAdded, nullptr, &other[0]};
  ctx.items = &other;
  EXPECT_FALSE(at.attribute(added2, ctx));
}

TEST(Attributor, LogWindowsNameThePackage) {
  TempDir t;
  t.write("var/log/dpkg.log",
          "2026-01-15 10:00:01 install evil:amd64 <none> 1.0-1\n"
          "2026-01-15 10:00:05 status installed evil:amd64 1.0-1\n");
  t.write("etc/x", "x\n");
  Attributor at(t.str());
  at.load_logs();
  ASSERT_EQ(at.log_runs().size(), 1u);
  std::vector<Item> items = {file_item("/etc/x", local(2026, 1, 15, 10, 0, 3))};
  Change added{ChangeKind::kAdded, nullptr, &items[0]};
  ChangeContext ctx;
  ctx.items = &items;
  ctx.when = local(2026, 1, 15, 10, 0, 3);
  auto a = at.attribute(added, ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->package, "evil");
  EXPECT_EQ(a->confidence, Confidence::kMedium);
  ctx.when = local(2026, 1, 15, 10, 1, 0);  // a minute later: outside (slack is 2 s)
  EXPECT_FALSE(at.attribute(added, ctx));
  ctx.when = 0;  // unknown time
  EXPECT_FALSE(at.attribute(added, ctx));
}

TEST(Attributor, LiveEvidenceAndCorroboration) {
  Attribution live;
  live.ecosystem = "npm";
  live.package = "evil";
  live.confidence = Confidence::kMedium;
  live.via = "npm install evil was running";
  Item unit;
  unit.entry = "x";
  unit.collector = "systemd-unit";
  unit.path = "/home/u/.config/systemd/user/a.service";
  unit.key = "Service.ExecStart";
  unit.value = "/usr/bin/node /home/u/node_modules/evil/agent.js";
  std::vector<Item> items = {unit};
  Change c{ChangeKind::kAdded, nullptr, &items[0]};
  ChangeContext ctx;
  ctx.items = &items;
  ctx.live = &live;
  Attributor at("");
  auto a = at.attribute(c, ctx);
  ASSERT_TRUE(a);
  // Two independent sources (the run, the command's package directory) agree: high.
  EXPECT_EQ(a->confidence, Confidence::kHigh);
  EXPECT_EQ(a->package, "evil");
  EXPECT_NE(a->sentence().find("attributed to npm package evil, confidence high"),
            std::string::npos);
  ctx.live = nullptr;
  a = at.attribute(c, ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->confidence, Confidence::kMedium);
}

}  // namespace
}  // namespace airlock::host
