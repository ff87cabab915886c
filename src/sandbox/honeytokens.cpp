#include "airlock/sandbox/honeytokens.h"

#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

namespace airlock::sandbox {
namespace {

std::string random_chars(std::size_t n, std::string_view alphabet) {
  std::string bytes(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n));
  std::string out;
  for (unsigned char b : bytes) out.push_back(alphabet[b % alphabet.size()]);
  return out;
}

constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string pem_body(std::size_t lines) {
  std::string out;
  for (std::size_t i = 0; i < lines; ++i) out += random_chars(70, kBase64) + "\n";
  return out;
}

bool looks_secret_name(const std::string& name) {
  std::string up = name;
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const char* w : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "ACCESS_KEY",
                        "PRIVATE_KEY", "CREDENTIAL", "_AUTH", "SESSION"}) {
    if (up.find(w) != std::string::npos) return true;
  }
  return false;
}

bool credential_line(const std::string& line) {
  std::string low = line;
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return low.find("auth") != std::string::npos || low.find("token") != std::string::npos ||
         low.find("password") != std::string::npos || low.find("cert") != std::string::npos ||
         low.find("key") != std::string::npos;
}

}  // namespace

HoneyHome make_honey_home(const std::string& real_npmrc) {
  HoneyHome h;
  const std::string aws_id = "AKIA" + random_chars(16, kUpperDigits);
  const std::string aws_secret = random_chars(40, kAlnum);
  const std::string gh = "ghp_" + random_chars(36, kAlnum);
  const std::string gho = "gho_" + random_chars(36, kAlnum);
  const std::string npm = "npm_" + random_chars(36, kAlnum);
  const std::string pypi = "pypi-" + random_chars(60, kAlnum);
  const std::string anthropic = "sk-ant-api03-" + random_chars(80, kAlnum);
  const std::string openai = "sk-proj-" + random_chars(48, kAlnum);
  const std::string ssh = pem_body(12);
  h.tokens = {{"AWS_ACCESS_KEY_ID", aws_id},
              {"AWS_SECRET_ACCESS_KEY", aws_secret},
              {"GITHUB_TOKEN", gh},
              {"GH_OAUTH_TOKEN", gho},
              {"NPM_TOKEN", npm},
              {"PYPI_TOKEN", pypi},
              {"ANTHROPIC_API_KEY", anthropic},
              {"OPENAI_API_KEY", openai},
              {"SSH_PRIVATE_KEY", ssh.substr(0, 70)}};
  h.env = {"AWS_ACCESS_KEY_ID=" + aws_id,
           "AWS_SECRET_ACCESS_KEY=" + aws_secret,
           "GITHUB_TOKEN=" + gh,
           "NPM_TOKEN=" + npm,
           "ANTHROPIC_API_KEY=" + anthropic,
           "OPENAI_API_KEY=" + openai};

  std::string npmrc;
  std::istringstream in(real_npmrc);
  for (std::string line; std::getline(in, line);) {
    if (!credential_line(line)) npmrc += line + "\n";
  }
  npmrc += "//registry.npmjs.org/:_authToken=" + npm + "\n";

  const std::string mcp_server =
      R"({"mcpServers": {"filesystem": {"command": "npx", "args": ["-y", )"
      R"("@modelcontextprotocol/server-filesystem@2025.8.21", "~/projects"]}, "github": )"
      R"({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], )"
      R"("env": {"GITHUB_PERSONAL_ACCESS_TOKEN": ")" +
      gh +
      R"("}}}})"
      "\n";
  h.opaque_dirs = {".ssh",
                   ".aws",
                   ".gnupg",
                   ".config/gh",
                   ".docker",
                   ".kube",
                   ".config/google-chrome",
                   ".mozilla",
                   ".config/gcloud"};
  h.files = {
      {".ssh/id_rsa",
       "-----BEGIN OPENSSH PRIVATE KEY-----\n" + ssh + "-----END OPENSSH PRIVATE KEY-----\n"},
      {".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem_body(5) +
                              "-----END OPENSSH PRIVATE KEY-----\n"},
      {".ssh/config", "Host build\n  HostName build.internal.invalid\n  User deploy\n"},
      {".ssh/known_hosts", "github.com ssh-ed25519 " + random_chars(68, kBase64) + "\n"},
      {".aws/credentials", "[default]\naws_access_key_id = " + aws_id +
                               "\naws_secret_access_key = " + aws_secret + "\n"},
      {".aws/config", "[default]\nregion = us-east-1\n"},
      {".npmrc", npmrc},
      {".pypirc", "[pypi]\nusername = __token__\npassword = " + pypi + "\n"},
      {".git-credentials", "https://dev:" + gh + "@github.com\n"},
      {".netrc", "machine api.github.com login dev password " + gh + "\n"},
      {".config/gh/hosts.yml",
       "github.com:\n    oauth_token: " + gho + "\n    user: dev\n    git_protocol: https\n"},
      {".docker/config.json", R"({"auths": {"https://index.docker.io/v1/": {"auth": ")" +
                                  random_chars(40, kBase64) + "\"}}}\n"},
      {".kube/config", "apiVersion: v1\nkind: Config\nusers:\n- name: dev\n  user:\n    token: " +
                           random_chars(48, kAlnum) + "\n"},
      {".gnupg/private-keys-v1.d/" + random_chars(40, "0123456789ABCDEF") + ".key",
       "Key: (private-key (rsa (n #00" + random_chars(64, "0123456789ABCDEF") + "#)))\n"},
      {".config/gcloud/application_default_credentials.json",
       R"({"type": "authorized_user", "client_id": "764086051850-x.apps.googleusercontent.com", )"
       R"("refresh_token": "1//)" +
           random_chars(60, kAlnum) + "\"}\n"},
      {".config/google-chrome/Default/Login Data", "SQLite format 3\n"},
      {".config/google-chrome/Default/Cookies", "SQLite format 3\n"},
      {".config/google-chrome/Local State",
       R"({"os_crypt": {"encrypted_key": ")" + random_chars(60, kBase64) + "\"}}\n"},
      {".mozilla/firefox/profiles.ini", "[Profile0]\nName=default\nPath=x1.default\n"},
      {".mozilla/firefox/x1.default/logins.json", R"({"logins": []})"
                                                  "\n"},
      {".claude.json", mcp_server},
      {".cursor/mcp.json", mcp_server},
      {".config/Claude/claude_desktop_config.json", mcp_server},
      {".env", "ANTHROPIC_API_KEY=" + anthropic + "\nOPENAI_API_KEY=" + openai + "\n"},
      {kNpmUserconfigCopy, npmrc, false},
  };
  return h;
}

namespace {

// Whether `rel` is `dir` or below it.
bool at_or_under(const std::string& rel, const std::string& dir) {
  return rel == dir || (rel.size() > dir.size() && rel.compare(0, dir.size(), dir) == 0 &&
                        rel[dir.size()] == '/');
}

// Directories that hold far more than credentials: hiding one would break ordinary installs.
bool generic_directory(const std::string& rel) {
  for (std::string_view g : {".config", ".local", ".local/share", ".cache", ".var", ".var/app"}) {
    if (rel == g) return true;
  }
  return false;
}

}  // namespace

void hide_credential_stores(const std::vector<std::string>& patterns, const std::string& home,
                            HoneyHome& honey) {
  constexpr std::size_t kMaxAdded = 64;
  std::size_t added = 0;
  auto hidden = [&](const std::string& rel) {
    for (const std::string& d : honey.opaque_dirs) {
      if (at_or_under(rel, d)) return true;
    }
    for (const SandboxOptions::Decoy& d : honey.files) {
      if (d.rel_path == rel) return true;
    }
    return false;
  };
  for (const std::string& pattern : patterns) {
    if (added >= kMaxAdded) break;
    if (pattern.rfind("~/", 0) != 0) continue;
    const std::string rel = pattern.substr(2);
    if (rel.empty() || rel.find("..") != std::string::npos) continue;
    const std::size_t glob = rel.find_first_of("*?[");
    struct stat st {};
    if (glob == std::string::npos) {
      if (hidden(rel) || lstat((home + "/" + rel).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        continue;
      const std::string value = "airlock-decoy-" + random_chars(40, kAlnum);
      honey.files.push_back({rel, value + "\n", true});
      honey.tokens.push_back({"~/" + rel, value});
      ++added;
      continue;
    }
    const std::size_t slash = rel.rfind('/', glob);
    if (slash == std::string::npos) continue;  // a glob right under the home
    const std::string dir = rel.substr(0, slash);
    if (generic_directory(dir) || hidden(dir) || lstat((home + "/" + dir).c_str(), &st) != 0 ||
        !S_ISDIR(st.st_mode))
      continue;
    // A hidden directory below a new one would leave the new one's other content visible:
    // drop hidden directories under it first.
    std::erase_if(honey.opaque_dirs, [&](const std::string& d) { return at_or_under(d, dir); });
    honey.opaque_dirs.push_back(dir);
    ++added;
  }
}

std::vector<std::string> airlock_environment(char** environ_in, const HoneyHome& honey,
                                             const std::string& home) {
  std::vector<std::string> env;
  for (char** e = environ_in; e && *e; ++e) {
    std::string kv = *e;
    const std::string name = kv.substr(0, kv.find('='));
    if (looks_secret_name(name) || name == "HOME" || name == "npm_config_userconfig" ||
        name == "SSH_AUTH_SOCK" || name == "GPG_AGENT_INFO" || name == "DBUS_SESSION_BUS_ADDRESS")
      continue;
    env.push_back(std::move(kv));
  }
  env.push_back("HOME=" + home);
  env.push_back("npm_config_userconfig=" + home + "/" + kNpmUserconfigCopy);
  for (const std::string& kv : honey.env) env.push_back(kv);
  return env;
}

}  // namespace airlock::sandbox
