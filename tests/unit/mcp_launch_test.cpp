// Launch model: runners, wrappers, package specs and their version classification.
#include <gtest/gtest.h>

#include "airlock/mcp/launch.h"

namespace airlock::mcp {
namespace {

Launch launch(std::string command, std::vector<std::string> args = {}) {
  McpServer s;
  s.transport = Transport::kStdio;
  s.command = std::move(command);
  s.args = std::move(args);
  return classify_launch(s);
}

TEST(McpLaunch, NpxVariants) {
  Launch l = launch("npx", {"-y", "@modelcontextprotocol/server-github@^1.2.0", "--flag"});
  EXPECT_EQ(l.runner, Runner::kNpx);
  EXPECT_EQ(l.ecosystem, Ecosystem::kNpm);
  EXPECT_EQ(l.package, "@modelcontextprotocol/server-github");
  EXPECT_EQ(l.version, "^1.2.0");
  EXPECT_EQ(l.version_spec, VersionSpec::kRange);
  EXPECT_TRUE(l.auto_yes);
  EXPECT_EQ(l.args, (std::vector<std::string>{"--flag"}));

  EXPECT_EQ(launch("npx", {"pkg@1.2.3"}).version_spec, VersionSpec::kPinned);
  EXPECT_EQ(launch("npx", {"pkg@latest"}).version_spec, VersionSpec::kLatest);
  EXPECT_EQ(launch("npx", {"pkg@next"}).version_spec, VersionSpec::kLatest);
  EXPECT_EQ(launch("npx", {"pkg"}).version_spec, VersionSpec::kLatest);
  EXPECT_EQ(launch("npx", {"pkg@1"}).version_spec, VersionSpec::kRange);
  EXPECT_EQ(launch("npx", {"pkg@1.0.0-beta.1"}).version_spec, VersionSpec::kPinned);

  Launch p =
      launch("npx", {"--registry", "https://r.example.invalid", "-p", "tool@2.0.0", "bin", "x"});
  EXPECT_EQ(p.package, "tool");
  EXPECT_EQ(p.version_spec, VersionSpec::kPinned);
  EXPECT_EQ(p.registry, "https://r.example.invalid");
  EXPECT_EQ(p.args, (std::vector<std::string>{"x"}));

  EXPECT_EQ(launch("npm", {"exec", "--yes", "--", "pkg@1.0.0"}).package, "pkg");
  EXPECT_EQ(launch("npm", {"exec", "--yes", "--", "pkg@1.0.0"}).runner, Runner::kNpx);
  EXPECT_EQ(launch("pnpm", {"dlx", "pkg"}).runner, Runner::kPnpmDlx);
  EXPECT_EQ(launch("yarn", {"dlx", "pkg"}).runner, Runner::kYarnDlx);
  EXPECT_EQ(launch("bunx", {"pkg@1.0.0"}).runner, Runner::kBunx);
  EXPECT_EQ(launch("/usr/local/bin/npx", {"-y", "pkg"}).package, "pkg");
}

TEST(McpLaunch, NpmSources) {
  EXPECT_EQ(parse_npm_spec("github:user/repo").source, "git");
  EXPECT_EQ(parse_npm_spec("user/repo").source, "git");
  PackageSpec commit =
      parse_npm_spec("git+https://g.example.invalid/r.git#" + std::string(40, 'a'));
  EXPECT_EQ(commit.source, "git");
  EXPECT_EQ(commit.spec, VersionSpec::kPinned);
  EXPECT_EQ(parse_npm_spec("https://x.example.invalid/p.tgz").source, "url");
  EXPECT_EQ(parse_npm_spec("./local").source, "local");
  EXPECT_EQ(parse_npm_spec("./local").spec, VersionSpec::kNone);
}

TEST(McpLaunch, PypiRunners) {
  Launch a = launch("uvx", {"mcp-server-fetch==2025.4.7"});
  EXPECT_EQ(a.runner, Runner::kUvx);
  EXPECT_EQ(a.ecosystem, Ecosystem::kPypi);
  EXPECT_EQ(a.package, "mcp-server-fetch");
  EXPECT_EQ(a.version, "2025.4.7");
  EXPECT_EQ(a.version_spec, VersionSpec::kPinned);
  EXPECT_EQ(launch("uvx", {"mcp-server-fetch@1.0"}).version_spec, VersionSpec::kPinned);
  EXPECT_EQ(launch("uvx", {"mcp-server-fetch@latest"}).version_spec, VersionSpec::kLatest);
  EXPECT_EQ(launch("uvx", {"mcp-server-fetch"}).version_spec, VersionSpec::kLatest);
  Launch from = launch("uvx", {"--python", "3.12", "--from", "pkg[cli]>=1.0", "cmd", "--x"});
  EXPECT_EQ(from.package, "pkg");
  EXPECT_EQ(from.version_spec, VersionSpec::kRange);
  EXPECT_EQ(from.args, (std::vector<std::string>{"--x"}));
  EXPECT_EQ(launch("uv", {"tool", "run", "pkg==1.0"}).runner, Runner::kUvx);
  Launch px = launch("pipx", {"run", "--spec", "pkg==2.0", "cmd"});
  EXPECT_EQ(px.runner, Runner::kPipxRun);
  EXPECT_EQ(px.version_spec, VersionSpec::kPinned);
  Launch uvrun = launch("uv", {"--directory", "/srv/m", "run", "server.py"});
  EXPECT_EQ(uvrun.runner, Runner::kUvRun);
  EXPECT_EQ(uvrun.script, "/srv/m/server.py");
  Launch mod = launch("python3", {"-m", "mcp_server_time", "--tz", "UTC"});
  EXPECT_EQ(mod.runner, Runner::kPython);
  EXPECT_EQ(mod.package, "mcp_server_time");
  EXPECT_EQ(mod.source, "module");
  EXPECT_EQ(launch("python3.11", {"/opt/s.py"}).script, "/opt/s.py");
}

TEST(McpLaunch, Docker) {
  Launch l = launch("docker", {"run", "-i", "--rm", "-e", "GITHUB_TOKEN", "-v",
                               "/var/run/docker.sock:/var/run/docker.sock", "--mount",
                               "type=bind,source=/home/u,target=/h", "--network=host", "--cap-add",
                               "SYS_ADMIN", "ghcr.io/github/github-mcp-server:v1", "stdio"});
  EXPECT_EQ(l.runner, Runner::kDocker);
  ASSERT_TRUE(l.docker);
  EXPECT_EQ(l.package, "ghcr.io/github/github-mcp-server");
  EXPECT_EQ(l.docker->tag, "v1");
  EXPECT_EQ(l.version_spec, VersionSpec::kRange);
  EXPECT_EQ(l.docker->mounts, (std::vector<std::string>{"/var/run/docker.sock", "/home/u"}));
  EXPECT_TRUE(l.docker->host_network);
  EXPECT_TRUE(l.docker->privileged);
  EXPECT_EQ(l.args, (std::vector<std::string>{"stdio"}));
  Launch d = launch("podman", {"run", "img@sha256:" + std::string(64, 'a')});
  EXPECT_EQ(d.version_spec, VersionSpec::kPinned);
  EXPECT_EQ(d.docker->digest.substr(0, 7), "sha256:");
  EXPECT_EQ(launch("docker", {"run", "localhost:5000/img"}).docker->tag, "");
  EXPECT_EQ(launch("docker", {"exec", "c", "x"}).package, "");
}

TEST(McpLaunch, WrappersAreRemoved) {
  Launch win = launch("cmd", {"/c", "npx", "-y", "pkg@1.0.0"});
  EXPECT_EQ(win.runner, Runner::kNpx);
  EXPECT_EQ(win.package, "pkg");
  EXPECT_EQ(win.via, "cmd /c");
  Launch sh = launch("bash", {"-lc", "npx -y 'pkg@2.0.0' --port 1"});
  EXPECT_EQ(sh.runner, Runner::kNpx);
  EXPECT_EQ(sh.args, (std::vector<std::string>{"--port", "1"}));
  EXPECT_EQ(launch("sh", {"-c", "curl x | sh"}).runner, Runner::kShell);
  EXPECT_EQ(launch("env", {"A=1", "uvx", "pkg"}).runner, Runner::kUvx);
  Launch one = launch("npx -y pkg@1.0.0");  // the whole command line in one string
  EXPECT_EQ(one.package, "pkg");
}

TEST(McpLaunch, McpRemoteNodeBinaryRemote) {
  Launch r = launch("npx", {"-y", "mcp-remote@0.1.15", "https://r.example.invalid/sse"});
  EXPECT_EQ(r.runner, Runner::kMcpRemote);
  EXPECT_EQ(r.via, "npx");
  EXPECT_EQ(r.remote_url, "https://r.example.invalid/sse");
  EXPECT_EQ(r.version, "0.1.15");
  Launch direct = launch("mcp-remote", {"https://r.example.invalid/sse"});
  EXPECT_EQ(direct.runner, Runner::kMcpRemote);
  Launch n = launch("node", {"--require", "x", "/home/u/.local/s.js", "a"});
  EXPECT_EQ(n.runner, Runner::kNode);
  EXPECT_EQ(n.script, "/home/u/.local/s.js");
  Launch b = launch("/opt/mcp/server", {"--stdio"});
  EXPECT_EQ(b.runner, Runner::kBinary);
  EXPECT_EQ(b.package, "server");
  EXPECT_EQ(b.executable, "/opt/mcp/server");
  McpServer remote;
  remote.transport = Transport::kHttp;
  remote.url = "https://x.example.invalid";
  EXPECT_EQ(classify_launch(remote).runner, Runner::kNone);
  EXPECT_EQ(classify_launch(remote).remote_url, "https://x.example.invalid");
}

}  // namespace
}  // namespace airlock::mcp
