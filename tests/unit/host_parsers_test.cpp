// Tests of the semantic parsers of the host collectors (src/host/parsers.cpp): each parser
// turns a configuration file into items of meaning, and edits that keep the meaning keep the
// items.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "airlock/host/parsers.h"

namespace airlock::host {
namespace {

std::map<std::string, std::string> as_map(const ParseResult& r) {
  std::map<std::string, std::string> m;
  for (const Record& rec : r.records) m[rec.key] = rec.value;
  return m;
}

std::vector<std::string> keys(const ParseResult& r) {
  std::vector<std::string> k;
  for (const Record& rec : r.records) k.push_back(rec.key);
  std::sort(k.begin(), k.end());
  return k;
}

TEST(HostParsers, CrontabSystemAndUserFormats) {
  auto sys = parse_file("crontab", "", "/etc/cron.d/x",
                        "# comment\nSHELL=/bin/sh\n*/5  *\t* * * root  /usr/bin/true a\n"
                        "@reboot root /usr/bin/true b\n");
  EXPECT_EQ(keys(sys),
            (std::vector<std::string>{"*/5 * * * * root /usr/bin/true a",
                                      "@reboot root /usr/bin/true b", "env SHELL=/bin/sh"}));
  EXPECT_TRUE(sys.notes.empty());
  // The same jobs re-indented: same items.
  auto again = parse_file("crontab", "", "/etc/cron.d/x",
                          "SHELL=/bin/sh\n*/5 * * * * root /usr/bin/true a\n"
                          "  @reboot   root /usr/bin/true b  \n");
  EXPECT_EQ(keys(sys), keys(again));
  // A user crontab has no user field: "* * * * *" then the command is enough.
  auto user = parse_crontab("* * * * * /usr/bin/true\nbroken\n", "/var/spool/cron/crontabs/u");
  EXPECT_EQ(user.records.size(), 2u);
  ASSERT_EQ(user.notes.size(), 1u);
  EXPECT_NE(user.notes[0].find("line 2"), std::string::npos);
}

TEST(HostParsers, SystemdUnitKeysDropInsAndResets) {
  auto r = parse_systemd_unit(
      "[Unit]\nDescription=x\n# c\n[Service]\nExecStartPre=/a\nExecStartPre=/b\n"
      "ExecStart=/usr/bin/sleep \\\n  60\n[Install]\nWantedBy=multi-user.target\n");
  auto m = as_map(r);
  EXPECT_EQ(m["[Service] ExecStartPre"], "/a\n/b");
  EXPECT_EQ(m["[Service] ExecStart"], "/usr/bin/sleep 60");
  EXPECT_EQ(m["[Install] WantedBy"], "multi-user.target");
  // An empty assignment resets the list (how drop-ins replace ExecStart).
  auto d = parse_systemd_unit("[Service]\nExecStart=\nExecStart=/evil\n");
  EXPECT_EQ(as_map(d)["[Service] ExecStart"], "/evil");
}

TEST(HostParsers, ShellRcLinesAndContinuations) {
  auto r = parse_shell_rc("# c\n\nexport A=1\nalias x='y' \\\n  z\n   echo   hi  \n");
  EXPECT_EQ(keys(r), (std::vector<std::string>{"alias x='y' z", "echo hi", "export A=1"}));
  EXPECT_EQ(r.records[0].line, 3);
  // Repeated lines stay distinct items.
  auto dup = parse_file("shell-rc", "", "/x", "echo a\necho a\n");
  EXPECT_EQ(keys(dup), (std::vector<std::string>{"echo a", "echo a (#2)"}));
}

TEST(HostParsers, AuthorizedKeysOptionsAreTheValue) {
  auto r = parse_authorized_keys(
      "ssh-ed25519 AAAAkey1 me@host\n"
      "command=\"/bin/echo a b\",no-pty ssh-rsa AAAAkey2 other\n# comment\nnot a key\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_TRUE(r.records[0].key.starts_with("ssh-ed25519 SHA256:"));
  EXPECT_EQ(r.records[0].value, "");
  EXPECT_EQ(r.records[1].value, "command=\"/bin/echo a b\",no-pty");
  EXPECT_NE(r.records[1].evidence.find("other"), std::string::npos);
  EXPECT_EQ(r.notes.size(), 1u);
  // Same key with a new comment: same item and value.
  auto again = parse_authorized_keys("ssh-ed25519 AAAAkey1 renamed\n");
  EXPECT_EQ(again.records[0].key, r.records[0].key);
}

TEST(HostParsers, RepeatedLinesGetNumbersTheFileDoesNotSpell) {
  // Found by fuzz_host_parsers: a line that spells "x (#3)" next to three lines "x" gave two
  // items the same key.
  auto r = parse_file("authorized-keys", "", "/home/u/.ssh/authorized_keys",
                      "x (#3)\nx\nx\nx\nx (#2)\n");
  std::set<std::string> keys;
  for (const Record& rec : r.records) EXPECT_TRUE(keys.insert(rec.key).second) << rec.key;
  EXPECT_EQ(keys.size(), r.records.size());
  EXPECT_TRUE(keys.count("x (#3)"));
  EXPECT_TRUE(keys.count("x (#2)"));
}

TEST(HostParsers, GitconfigExecKeysOnly) {
  auto r = parse_gitconfig(
      "[user]\n\temail = a@b.invalid\n[core]\n\tpager = \"less -R\" ; comment\n"
      "\thooksPath = ~/.hooks\n[alias]\n\tst = status\n\tup = !sh -c 'x'\n"
      "[includeIf \"gitdir:~/work/\"]\n\tpath = ~/.work.gitconfig\n[Credential]\n\thelper = "
      "store\n",
      "");
  auto m = as_map(r);
  EXPECT_EQ(m["core.pager"], "less -R");
  EXPECT_EQ(m["core.hookspath"], "~/.hooks");
  EXPECT_EQ(m["alias.up"], "!sh -c 'x'");
  EXPECT_EQ(m.count("alias.st"), 0u);  // a git command, not a program
  EXPECT_EQ(m.count("user.email"), 0u);
  EXPECT_EQ(m["includeif.gitdir:~/work/.path"], "~/.work.gitconfig");
  EXPECT_EQ(m["credential.helper"], "store");
  // The catalogue argument narrows the keys.
  EXPECT_EQ(as_map(parse_gitconfig("[core]\npager=x\nfsmonitor=y\n", "core.fsmonitor")).size(), 1u);
}

TEST(HostParsers, IniSectionsContinuationsAndSecrets) {
  auto r = parse_ini(
      "; npm\nregistry=https://registry.example.invalid/\n//r.invalid/:_authToken=secret123\n"
      "[global]\nindex-url = https://pypi.invalid/simple\nextra-index-url =\n  https://a.invalid\n"
      "  https://b.invalid\n[profile x]\ncredential_process = /bin/creds\n",
      false);
  auto m = as_map(r);
  EXPECT_EQ(m["registry"], "https://registry.example.invalid/");
  EXPECT_TRUE(m["//r.invalid/:_authToken"].starts_with("<secret sha256:"));
  EXPECT_EQ(m["//r.invalid/:_authToken"].find("secret123"), std::string::npos);
  EXPECT_EQ(m["global.extra-index-url"], "https://a.invalid\nhttps://b.invalid");
  EXPECT_EQ(m["profile x.credential_process"], "/bin/creds");
}

TEST(HostParsers, DesktopEntrySkipsTranslations) {
  auto r = parse_ini("[Desktop Entry]\nName=A\nName[de]=B\nExec=/bin/x --y\nHidden=false\n", true);
  auto m = as_map(r);
  EXPECT_EQ(m["[Desktop Entry] Exec"], "/bin/x --y");
  EXPECT_EQ(m["[Desktop Entry] Hidden"], "false");
  EXPECT_EQ(m.count("[Desktop Entry] Name[de]"), 0u);
}

TEST(HostParsers, PthImportLinesAreExec) {
  auto r = parse_pth("# c\n/opt/lib\nimport os; os.system('x')\n  import notexec\n", "/x/a.pth");
  EXPECT_EQ(keys(r), (std::vector<std::string>{"exec: import os; os.system('x')", "path: /opt/lib",
                                               "path: import notexec"}));
  auto py = parse_pth("# c\nimport site\n", "/usr/lib/python3/sitecustomize.py");
  EXPECT_EQ(keys(py), (std::vector<std::string>{"import site"}));
}

TEST(HostParsers, SshConfigBlocksAndKeywords) {
  auto r =
      parse_ssh_config("Host *.invalid\n  ProxyCommand nc %h %p\nMatch exec \"x\"\n  User=u\n");
  auto m = as_map(r);
  EXPECT_EQ(m["host *.invalid | proxycommand"], "nc %h %p");
  EXPECT_EQ(m["match exec \"x\" | user"], "u");
  EXPECT_EQ(m.count("match exec \"x\""), 1u);
}

TEST(HostParsers, SudoersKeepsIncludeDirectives) {
  auto r = parse_sudoers(
      "# comment\nDefaults env_reset\n#includedir /etc/sudoers.d\n"
      "u ALL=(ALL) \\\n NOPASSWD: ALL\n");
  EXPECT_EQ(keys(r), (std::vector<std::string>{"#includedir /etc/sudoers.d", "Defaults env_reset",
                                               "u ALL=(ALL) NOPASSWD: ALL"}));
}

TEST(HostParsers, JsoncSelectsServersByName) {
  std::string text =
      "{\n // c\n \"mcpServers\": {\"a\": {\"command\": \"npx\", \"env\": {\"API_TOKEN\": "
      "\"t0k\"}},"
      " \"b\": {\"url\": \"http://203.0.113.1\"},},\n \"other\": 1,\n}";
  auto r = parse_file("jsonc", "mcpServers.*", "/h/.cursor/mcp.json", text);
  auto m = as_map(r);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["mcpServers.b"], R"({"url":"http://203.0.113.1"})");
  EXPECT_NE(m["mcpServers.a"].find("<secret sha256:"), std::string::npos);
  EXPECT_EQ(m["mcpServers.a"].find("t0k"), std::string::npos);
  // Reformatted and reordered: the same items.
  auto again = parse_file("json", "mcpServers.*", "/h/.cursor/mcp.json",
                          R"({"other": 2, "mcpServers": {"b": {"url": "http://203.0.113.1"},
                              "a": {"env": {"API_TOKEN": "t0k"}, "command": "npx"}}})");
  EXPECT_EQ(as_map(again), m);
}

TEST(HostParsers, SelectorsFiltersAndFlatKeys) {
  auto tasks = parse_structured(
      R"({"tasks": [{"label": "build", "command": "make"},
                   {"label": "evil", "command": "x", "runOptions": {"runOn": "folderOpen"}}]})",
      "json", "tasks.*[runOptions.runOn=folderOpen]");
  ASSERT_EQ(tasks.records.size(), 1u);
  EXPECT_EQ(tasks.records[0].key, "tasks[evil]");
  auto flat = parse_structured(R"({"terminal.integrated.env.linux": {"A": "1"}, "x": 1})", "json",
                               "terminal.integrated.env.*");
  ASSERT_EQ(flat.records.size(), 1u);
  EXPECT_EQ(flat.records[0].key, "\"terminal.integrated.env.linux\"");
  auto leaves = parse_structured(R"({"a": {"b": [1, 2]}, "c": "d"})", "json", "");
  EXPECT_EQ(keys(leaves), (std::vector<std::string>{"a.b[0]", "a.b[1]", "c"}));
}

TEST(HostParsers, TomlAndYamlDocuments) {
  auto toml = parse_file("jsonc", "mcp_servers.*", "/h/.codex/config.toml",
                         "[mcp_servers.docs]\ncommand = \"npx\"\nargs = [\"-y\", \"d@1\"]\n");
  EXPECT_EQ(as_map(toml)["mcp_servers.docs"], R"({"args":["-y","d@1"],"command":"npx"})");
  auto yaml = parse_file("yaml", "users.*.user.exec", "/h/.kube/config",
                         "users:\n- name: dev\n  user:\n    exec:\n      command: /bin/k\n");
  EXPECT_EQ(as_map(yaml)["users[dev].user.exec"], R"({"command":"/bin/k"})");
  // Alias expansion bomb: bounded, not fatal.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  auto r = parse_file("yaml", "", "/x.yaml", bomb);
  EXPECT_FALSE(r.parsed);
  EXPECT_FALSE(r.notes.empty());
}

TEST(HostParsers, BrokenDocumentsAreNotParsedButNoted) {
  for (const char* syntax : {"json", "toml", "yaml"}) {
    auto r = parse_structured("{[ = : \"", syntax, "");
    EXPECT_FALSE(r.parsed) << syntax;
    EXPECT_FALSE(r.notes.empty()) << syntax;
  }
  auto deep = parse_structured(std::string(10000, '[') + std::string(10000, ']'), "json", "");
  EXPECT_FALSE(deep.parsed);
  // Binary content is never read as a config.
  EXPECT_FALSE(parse_file("lines", "", "/etc/ld.so.cache", std::string("a\0b", 3)).parsed);
}

TEST(HostParsers, InvalidUtf8IsRepairedAndNoted) {
  auto r = parse_structured("{\"mcpServers\": {\"a\xff\": {\"command\": \"x\xfe\"}}}", "json",
                            "mcpServers.*");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_NE(r.records[0].key.find("\xef\xbf\xbd"), std::string::npos);
  EXPECT_FALSE(r.notes.empty());
}

TEST(HostParsers, StripJsoncKeepsStrings) {
  EXPECT_EQ(nlohmann::json::parse(strip_jsonc(R"({"a": "// not a comment", /* c */ "b": [1,],})")),
            nlohmann::json::parse(R"({"a": "// not a comment", "b": [1]})"));
}

TEST(HostParsers, DpkgStatusInstalledPackagesOnly) {
  auto r = parse_dpkg_status(
      "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n"
      "Description: x\n long\n\nPackage: b\nStatus: deinstall ok config-files\nVersion: 2\n\n"
      "Package: c\nStatus: install ok half-configured\nArchitecture: all\nVersion: 3\n");
  auto m = as_map(r);
  EXPECT_EQ(m["a:amd64"], "1");
  EXPECT_EQ(m.count("b"), 0u);
  EXPECT_EQ(m["c:all"], "3 (install ok half-configured)");
}

TEST(HostParsers, RecordLimitAndLongLines) {
  std::string many;
  for (int i = 0; i < 6000; ++i) many += "line " + std::to_string(i) + "\n";
  auto r = parse_lines(many, "#");
  EXPECT_EQ(r.records.size(), kMaxRecordsPerFile + 1);
  EXPECT_FALSE(r.notes.empty());
  auto l = parse_lines(std::string(100000, 'x') + "\n" + std::string(100000, 'x') + "y\n", "#");
  ASSERT_EQ(l.records.size(), 2u);
  EXPECT_LE(l.records[0].key.size(), 512u);
  EXPECT_NE(l.records[0].key, l.records[1].key);  // cut, but still told apart
}

TEST(HostParsers, SecretKeys) {
  for (const char* k : {"_authToken", "password", "GITHUB_TOKEN", "Authorization", "api_key"}) {
    EXPECT_TRUE(is_secret_key(k)) << k;
  }
  for (const char* k : {"apiKeyHelper", "credential_process", "registry", "command"}) {
    EXPECT_FALSE(is_secret_key(k)) << k;
  }
}

}  // namespace
}  // namespace airlock::host
