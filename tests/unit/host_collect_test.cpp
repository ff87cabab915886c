// Tests of host collection, the snapshot store and the semantic diff on real files in a
// temporary root (never the real system), and of the collector table that ties the catalogue
// to the collectors.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "airlock/catalogue/collectors.h"
#include "airlock/host/diff.h"
#include "airlock/host/parsers.h"
#include "airlock/host/snapshot.h"
#include "airlock/host/store.h"
#include "test_util.h"

namespace airlock::host {
namespace {

using testing::TempDir;

const catalogue::Catalogue& cat() {
  static const catalogue::Catalogue c = [] {
    auto r = catalogue::Catalogue::load_embedded();
    EXPECT_TRUE(r.has_value());
    return r ? *r : catalogue::Catalogue{};
  }();
  return c;
}

Snapshot snap(const TempDir& root) {
  CollectOptions o;
  o.root = root.str();
  return collect_snapshot(cat(), o);
}

const Item* find(const Snapshot& s, const std::string& path, const std::string& key) {
  for (const Item& it : s.items) {
    if (it.path == path && it.key == key) return &it;
  }
  return nullptr;
}

std::vector<Finding> diff(const Snapshot& a, const Snapshot& b) {
  return diff_findings(a, b, cat());
}

TEST(HostCollectors, EveryLinuxEntryHasACollectorThatCollects) {
  std::set<std::string> special = {"plain",   "tree",   "dist-info", "path-order",
                                   "process", "socket", "auto",      "file-mode"};
  for (const auto& c : catalogue::collectors()) {
    if (!c.linux_collects) continue;
    EXPECT_TRUE(special.count(std::string(c.name)) || is_file_parser(c.name)) << c.name;
  }
  for (const auto& e : cat().entries()) {
    if (e.platform != "linux" || e.access != "write") continue;
    std::string base = e.parser.substr(0, e.parser.find(':'));
    const auto* c = catalogue::find_collector(base);
    ASSERT_NE(c, nullptr) << e.id;
    EXPECT_TRUE(c->linux_collects) << e.id << " uses " << base;
    if (base == "auto") {
      for (const auto& p : e.paths) {
        std::string_view chosen = catalogue::auto_collector(p);
        auto cc = catalogue::find_collector(chosen.substr(0, chosen.find(':')));
        ASSERT_NE(cc, nullptr) << e.id << " " << p;
        EXPECT_TRUE(cc->linux_collects) << e.id << " " << p;
      }
    }
  }
}

TEST(HostCollectors, DocsListEveryCollector) {
  std::ifstream in(std::string(AIRLOCK_SOURCE_DIR) + "/docs/catalogue.md");
  std::stringstream ss;
  ss << in.rdbuf();
  for (const auto& c : catalogue::collectors()) {
    EXPECT_NE(ss.str().find("| `" + std::string(c.name) + "` |"), std::string::npos) << c.name;
  }
}

TEST(HostCollectors, AutoPicksByFileName) {
  EXPECT_EQ(catalogue::auto_collector("/home/u/.npmrc"), "ini");
  EXPECT_EQ(catalogue::auto_collector("/home/u/p/.git/config"), "gitconfig");
  EXPECT_EQ(catalogue::auto_collector("/home/u/.kube/config").substr(0, 5), "yaml:");
  EXPECT_EQ(catalogue::auto_collector("/etc/shadow"), "plain");
  EXPECT_EQ(catalogue::auto_collector("/etc/passwd"), "lines");
}

TEST(HostCollect, ReadsCatalogueLocationsUnderTheRoot) {
  TempDir root;
  root.write("etc/cron.d/job", "* * * * * root /usr/bin/true x\n");
  root.write("home/dev/.bashrc", "export A=1\n");
  root.write("home/dev/.config/systemd/user/a.service", "[Service]\nExecStart=/bin/a\n");
  root.write("home/dev/proj/.mcp.json", R"({"mcpServers": {"s": {"command": "x"}}})");
  root.write("home/dev/.gitconfig", "[core]\n\tfsmonitor = /bin/m\n");
  root.write("root/.profile", "echo root\n");
  root.write("etc/not-a-location", "x\n");
  Snapshot s = snap(root);
  EXPECT_TRUE(s.errors.empty()) << s.errors[0].path << ": " << s.errors[0].message;
  ASSERT_NE(find(s, "/etc/cron.d/job", "* * * * * root /usr/bin/true x"), nullptr);
  EXPECT_EQ(find(s, "/etc/cron.d/job", "* * * * * root /usr/bin/true x")->entry,
            "linux.system.cron");
  EXPECT_NE(find(s, "/home/dev/.bashrc", "export A=1"), nullptr);
  EXPECT_NE(find(s, "/home/dev/.config/systemd/user/a.service", "[Service] ExecStart"), nullptr);
  EXPECT_NE(find(s, "/home/dev/proj/.mcp.json", "mcpServers.s"), nullptr);
  EXPECT_NE(find(s, "/home/dev/.gitconfig", "core.fsmonitor"), nullptr);
  EXPECT_NE(find(s, "/root/.profile", "echo root"), nullptr);
  for (const Item& it : s.items) EXPECT_NE(it.path, "/etc/not-a-location");
  // No /proc in the root: no processes, no sockets.
  for (const Item& it : s.items) EXPECT_NE(it.collector, "process");
}

TEST(HostCollect, FileAttributesAndLinks) {
  TempDir root;
  auto p = root.write("etc/cron.daily/x", "#!/bin/sh\ntrue\n");
  ::chmod(p.c_str(), 0755);
  root.symlink("etc/systemd/system/multi-user.target.wants/a.service",
               "/etc/systemd/system/a.service");
  Snapshot s = snap(root);
  const Item* attrs = find(s, "/etc/cron.daily/x", "#attrs");
  ASSERT_NE(attrs, nullptr);
  EXPECT_TRUE(attrs->value.starts_with("mode=0755 uid="));
  const Item* link = find(s, "/etc/systemd/system/multi-user.target.wants/a.service", "");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->value, "symlink -> /etc/systemd/system/a.service");
}

TEST(HostCollect, NonRegularFilesAreNeverOpened) {
  TempDir root;
  root.mkdir("home/dev");
  ASSERT_EQ(::mkfifo(root.str("home/dev/.bashrc").c_str(), 0644), 0);
  Snapshot s = snap(root);  // would block forever on open() without O_NONBLOCK
  const Item* it = find(s, "/home/dev/.bashrc", "");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->value, "fifo");
}

TEST(HostCollect, SymlinkLoopsAndLinksOutOfTheRoot) {
  TempDir root;
  root.mkdir("home/dev/.config");
  root.symlink("home/dev/.config/systemd", "systemd");  // loop
  root.symlink("home/dev/.config/autostart", "/etc");   // out of the root
  Snapshot s = snap(root);
  for (const Item& it : s.items) {
    EXPECT_FALSE(it.path.starts_with("/home/dev/.config/autostart/")) << it.path;
    EXPECT_FALSE(it.path.starts_with("/home/dev/.config/systemd/")) << it.path;
  }
}

TEST(HostCollect, BigFilesAreReadOnlyToTheBound) {
  TempDir root;
  auto p = root.write("var/spool/cron/crontabs/u", "* * * * * /usr/bin/true first\n");
  ASSERT_EQ(::truncate(p.c_str(), 64ll << 20), 0);  // sparse
  Snapshot s = snap(root);
  EXPECT_NE(find(s, "/var/spool/cron/crontabs/u", "* * * * * /usr/bin/true first"), nullptr);
  bool noted = false;
  for (const auto& e : s.errors)
    noted = noted || e.message.find("larger than") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(HostCollect, TreesPackagesAndShadowing) {
  TempDir root;
  root.write("usr/lib/node_modules/@scope/cli/package.json",
             R"({"name":"@scope/cli","version":"2.0.0"})");
  root.write("home/dev/.claude/skills/s1/SKILL.md", "skill\n");
  root.write("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
             "Name: six\nVersion: 1.16.0\n\nbody\n");
  root.write("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5\n");
  root.write("usr/bin/sudo", "x");
  root.write("home/dev/.local/bin/sudo", "y");
  Snapshot s = snap(root);
  const Item* pkg = find(s, "/usr/lib/node_modules/@scope/cli", "");
  ASSERT_NE(pkg, nullptr);
  EXPECT_TRUE(pkg->value.starts_with("@scope/cli@2.0.0 tree:"));
  EXPECT_NE(find(s, "/home/dev/.claude/skills/s1", ""), nullptr);
  const Item* py = find(s, "/usr/lib/python3/dist-packages/six-1.16.0.dist-info", "");
  ASSERT_NE(py, nullptr);
  EXPECT_EQ(py->value, "python six==1.16.0");
  const Item* deb = find(s, "/var/lib/dpkg/status", "bash");
  ASSERT_NE(deb, nullptr);
  EXPECT_EQ(deb->value, "5");
  const Item* shadow = find(s, "path:shadowing", "/home/dev:sudo");
  ASSERT_NE(shadow, nullptr);
  EXPECT_EQ(shadow->value, "/home/dev/.local/bin/sudo shadows /usr/bin/sudo");
}

TEST(HostCollect, ProcessesAndSocketsFromProc) {
  TempDir root;
  root.symlink("proc/77/exe", "/tmp/.x/a (deleted)");
  root.write("proc/77/stat", "77 (a) S 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 999 0\n");
  root.write("proc/77/cgroup", "0::/user.slice\n");
  root.symlink("proc/77/fd/3", "socket:[555]");
  root.write("proc/net/tcp",
             "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
             "timeout inode\n   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
             "00000000     0        0 555 1 0 100 0 0 10 0\n");
  Snapshot s = snap(root);
  const Item* p = find(s, "proc:", "/tmp/.x/a");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->value, "running (deleted executable)");
  const Item* sock = find(s, "socket:", "listen tcp 127.0.0.1:8080");
  ASSERT_NE(sock, nullptr);
  EXPECT_EQ(sock->value, "/tmp/.x/a");
}

TEST(HostDiff, SemanticChangesOnly) {
  TempDir root;
  root.write("home/dev/.cursor/mcp.json", R"({"mcpServers": {"a": {"command": "x"}}})");
  root.write("etc/crontab", "* * * * * root a\n");
  Snapshot before = snap(root);
  // Reformat and touch: info at most.
  root.write("home/dev/.cursor/mcp.json",
             "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"}\n  }\n}\n");
  root.write("etc/crontab", "* * * * * root a\n");
  Snapshot same = snap(root);
  for (const Finding& f : diff(before, same)) EXPECT_EQ(f.severity, Severity::kInfo) << f.message;
  // A server added and a job added.
  root.write("home/dev/.cursor/mcp.json",
             R"({"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}})");
  root.write("etc/crontab", "* * * * * root a\n@reboot root b\n");
  Snapshot after = snap(root);
  auto findings = diff(before, after);
  auto has = [&](const std::string& evidence, Category c, Severity s) {
    for (const Finding& f : findings) {
      if (f.evidence.find(evidence) != std::string::npos && f.category == c && f.severity == s) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has("mcpServers.b", Category::kAgentRegistration, Severity::kHigh));
  EXPECT_TRUE(has("@reboot root b", Category::kPersistence, Severity::kHigh));
  // Removal is reported lower.
  auto back = diff(after, before);
  for (const Finding& f : back) EXPECT_LT(f.severity, Severity::kHigh) << f.message;
}

TEST(HostDiff, DiffItemsIsAMerge) {
  std::vector<Item> a(3), b(3);
  a[0].path = "/a";
  a[1].path = "/b";
  a[2].path = "/c";
  b[0].path = "/b";
  b[1].path = "/c";
  b[2].path = "/d";
  b[1].value = "new";
  auto changes = diff_items(a, b);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kRemoved);
  EXPECT_EQ(changes[1].kind, ChangeKind::kChanged);
  EXPECT_EQ(changes[2].kind, ChangeKind::kAdded);
}

TEST(HostStore, RoundTripAndReferences) {
  TempDir root, state;
  root.write("etc/crontab", "* * * * * root a\n");
  Snapshot s1 = snap(root);
  std::string db = state.str("s/snapshots.db");
  auto id1 = save_to_db(db, s1);
  ASSERT_TRUE(id1) << id1.error().message;
  root.write("etc/crontab", "* * * * * root b\n");
  Snapshot s2 = snap(root);
  ASSERT_TRUE(save_to_db(db, s2));
  auto latest = load_snapshot("db:latest", db);
  auto previous = load_snapshot("db:previous", db);
  auto first = load_snapshot(db + "#1", db);
  ASSERT_TRUE(latest && previous && first);
  EXPECT_EQ(latest->id, 2);
  EXPECT_EQ(previous->items.size(), s1.items.size());
  EXPECT_EQ(first->items.size(), s1.items.size());
  EXPECT_EQ(diff(*previous, *latest).size(), diff(s1, s2).size());
  std::string file = state.str("one.snapshot");
  ASSERT_TRUE(write_snapshot_file(file, s2));
  auto from_file = load_snapshot(file, "");
  ASSERT_TRUE(from_file);
  EXPECT_EQ(from_file->items.size(), s2.items.size());
  EXPECT_FALSE(std::filesystem::exists(file + ".partial"));
  EXPECT_FALSE(load_snapshot("db:7", db));
  EXPECT_FALSE(load_snapshot("db:x", db));
}

TEST(HostStore, RefusesNewerCorruptAndForeignFiles) {
  TempDir state;
  Snapshot s;
  std::string file = state.str("a.snapshot");
  ASSERT_TRUE(write_snapshot_file(file, s));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto newer = load_snapshot(file, "");
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer airlock"), std::string::npos);

  state.write("junk.snapshot", std::string(4096, 'j'));
  auto junk = load_snapshot(state.str("junk.snapshot"), "");
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("not a valid airlock snapshot store"), std::string::npos);

  std::string foreign = state.str("foreign.db");
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto f = load_snapshot(foreign, "");
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("not an airlock snapshot store"), std::string::npos);
  EXPECT_FALSE(save_to_db(foreign, s));
  EXPECT_FALSE(load_snapshot(state.str("missing"), ""));
}

}  // namespace
}  // namespace airlock::host
