// Credentials in MCP configurations: recognised token formats (the prefixes secret scanners
// use), secret-named keys with literal values, and their removal from arguments and URLs.
#include "mcp/secrets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "analyze/text_util.h"

namespace airlock::mcp::detail {
namespace {

using analyze::starts_with;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool token_chars(std::string_view s, std::size_t min_len) {
  if (s.size() < min_len) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

struct TokenFormat {
  std::string_view prefix;
  std::size_t min_rest;  // token characters required after the prefix
  std::string_view what;
};

// Longest prefixes first where one is a prefix of another (sk-ant- before sk-).
constexpr TokenFormat kFormats[] = {
    {"github_pat_", 20, "GitHub fine-grained token"},
    {"ghp_", 30, "GitHub token"},
    {"gho_", 30, "GitHub OAuth token"},
    {"ghu_", 30, "GitHub user token"},
    {"ghs_", 30, "GitHub app token"},
    {"ghr_", 30, "GitHub refresh token"},
    {"glpat-", 20, "GitLab token"},
    {"xoxb-", 10, "Slack bot token"},
    {"xoxp-", 10, "Slack user token"},
    {"xoxa-", 10, "Slack token"},
    {"xapp-", 10, "Slack app token"},
    {"sk-ant-", 20, "Anthropic API key"},
    {"sk-proj-", 20, "OpenAI API key"},
    {"sk-", 20, "OpenAI-style API key"},
    {"npm_", 36, "npm token"},
    {"pypi-", 50, "PyPI token"},
    {"hf_", 30, "Hugging Face token"},
    {"sk_live_", 20, "Stripe secret key"},
    {"rk_live_", 20, "Stripe restricted key"},
    {"shpat_", 20, "Shopify token"},
    {"lin_api_", 20, "Linear API key"},
    {"ntn_", 30, "Notion token"},
    {"AIza", 35, "Google API key"},
    {"dop_v1_", 40, "DigitalOcean token"},
};

bool is_jwt(std::string_view v) {
  if (!starts_with(v, "eyJ")) return false;
  auto a = v.find('.');
  if (a == std::string_view::npos) return false;
  auto b = v.find('.', a + 1);
  return b != std::string_view::npos && b + 10 < v.size() && starts_with(v.substr(a + 1), "eyJ");
}

// Values that are obviously not real credentials: documentation placeholders, switches.
bool looks_like_dummy(std::string_view v) {
  std::string l = lower(v);
  for (std::string_view w : {"your", "here", "changeme", "example", "placeholder", "dummy", "<",
                             "xxxx", "***", "redacted", "replace", "todo"}) {
    if (l.find(w) != std::string::npos) return true;
  }
  if (l == "true" || l == "false" || l == "null" || l == "none") return true;
  if (std::all_of(l.begin(), l.end(), [](char c) { return std::isdigit((unsigned char)c); }))
    return true;
  // Paths (GOOGLE_APPLICATION_CREDENTIALS=/path/creds.json) name a file, not a secret.
  return starts_with(l, "/") || starts_with(l, "~") || starts_with(l, "./") ||
         starts_with(l, "../") || starts_with(l, "http://") || starts_with(l, "https://") ||
         (l.size() > 2 && l[1] == ':' && (l[2] == '\\' || l[2] == '/'));
}

}  // namespace

bool is_placeholder(std::string_view v) {
  if (v.find("${") != std::string_view::npos || v.find("{{") != std::string_view::npos) return true;
  if (v.size() > 1 && v[0] == '$' && (std::isalpha((unsigned char)v[1]) || v[1] == '_'))
    return true;
  return v.size() > 2 && v.front() == '%' && v.back() == '%';
}

ValueKind classify_value(std::string_view v) {
  if (analyze::trim(v).empty()) return ValueKind::kEmpty;
  return is_placeholder(v) ? ValueKind::kPlaceholder : ValueKind::kLiteral;
}

std::string known_token_kind(std::string_view v) {
  v = analyze::trim(v);
  for (const TokenFormat& f : kFormats) {
    // AKIA-style and "AIza" keys are case-sensitive; the others are lower-case prefixes.
    if (starts_with(v, f.prefix) && token_chars(v.substr(f.prefix.size()), f.min_rest))
      return std::string(f.what);
  }
  if ((starts_with(v, "AKIA") || starts_with(v, "ASIA")) && v.size() == 20 &&
      std::all_of(v.begin(), v.end(), [](char c) {
        return std::isupper((unsigned char)c) || std::isdigit((unsigned char)c);
      }))
    return "AWS access key id";
  if (is_jwt(v)) return "JSON Web Token";
  if (v.find("-----BEGIN") != std::string_view::npos &&
      v.find("PRIVATE KEY") != std::string_view::npos)
    return "private key";
  return "";
}

bool secret_like_name(std::string_view name) {
  std::string u = upper(name);
  std::replace(u.begin(), u.end(), '-', '_');
  for (std::string_view w : {"TOKEN", "SECRET", "PASSW", "CREDENTIAL", "COOKIE", "APIKEY",
                             "API_KEY", "PRIVATE_KEY", "ACCESS_KEY", "AUTHORIZATION", "SESSION"}) {
    if (u.find(w) != std::string::npos) return true;
  }
  return u == "KEY" || analyze::ends_with(u, "_KEY") || u == "PAT" ||
         analyze::ends_with(u, "_PAT") || u == "AUTH" || u == "X_AUTH";
}

std::string secret_in(std::string_view name, std::string_view value, bool& known_format) {
  known_format = false;
  std::string_view v = analyze::trim(value);
  if (classify_value(v) != ValueKind::kLiteral) return "";
  // "Bearer X" / "token X" in Authorization headers: judge X.
  for (std::string_view scheme : {"Bearer ", "bearer ", "Token ", "token ", "Basic ", "basic "}) {
    if (starts_with(v, scheme)) {
      v = analyze::trim(v.substr(scheme.size()));
      if (classify_value(v) != ValueKind::kLiteral) return "";
      if (std::string k = known_token_kind(v); !k.empty()) return known_format = true, k;
      if (v.size() >= 16 && !looks_like_dummy(v)) return "credential in an Authorization header";
      return "";
    }
  }
  if (std::string k = known_token_kind(v); !k.empty()) return known_format = true, k;
  if (secret_like_name(name) && v.size() >= 8 && v.find(' ') == std::string_view::npos &&
      !looks_like_dummy(v)) {
    return "literal value of a secret-named key";
  }
  return "";
}

void redact_args(std::vector<std::string>& args, std::vector<InlineSecret>& found) {
  auto record = [&](std::size_t i, std::string what, bool known) {
    found.push_back({fmt::format("args[{}]", i), std::move(what), known});
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string& a = args[i];
    if (a == kRedacted) continue;
    bool known = false;
    if (a.find("://") != std::string::npos) {  // mcp-remote https://user:pw@host/?token=x
      std::vector<InlineSecret> in_url;
      std::string redacted = redact_url(a, in_url);
      for (InlineSecret& s : in_url) record(i, s.what + " (" + s.where + ")", s.known_format);
      a = std::move(redacted);
      continue;
    }
    // --token=X, NAME=X (docker -e, env), --header=Authorization:...
    if (auto eq = a.find('='); eq != std::string::npos && eq > 0) {
      std::string_view key(a.data(), eq);
      while (!key.empty() && key.front() == '-') key.remove_prefix(1);
      std::string what = secret_in(key, std::string_view(a).substr(eq + 1), known);
      if (!what.empty()) {
        record(i, what, known);
        a = a.substr(0, eq + 1) + std::string(kRedacted);
        continue;
      }
    }
    // "Authorization: Bearer X" given to mcp-remote --header.
    if (auto colon = a.find(':');
        colon != std::string::npos && colon > 0 && a.find("://") == std::string::npos) {
      std::string what = secret_in(analyze::trim(std::string_view(a).substr(0, colon)),
                                   analyze::trim(std::string_view(a).substr(colon + 1)), known);
      if (!what.empty() && secret_like_name(std::string_view(a).substr(0, colon))) {
        record(i, what, known);
        a = a.substr(0, colon + 1) + " " + std::string(kRedacted);
        continue;
      }
    }
    // --api-key X: the flag names the secret, the next argument is it.
    if (starts_with(a, "-") && i + 1 < args.size() && secret_like_name(a)) {
      std::string_view flag(a);
      while (!flag.empty() && flag.front() == '-') flag.remove_prefix(1);
      std::string what = secret_in(flag, args[i + 1], known);
      if (!what.empty()) {
        record(i + 1, what, known);
        args[i + 1] = std::string(kRedacted);
        ++i;
        continue;
      }
    }
    if (std::string k = known_token_kind(a); !k.empty()) {
      record(i, k, true);
      a = std::string(kRedacted);
    }
  }
}

std::string redact_url(std::string_view url, std::vector<InlineSecret>& found) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  std::size_t host_start = scheme + 3;
  std::size_t host_end = out.find_first_of("/?#", host_start);
  if (host_end == std::string::npos) host_end = out.size();
  // user:password@host
  auto at = out.rfind('@', host_end - 1);
  if (at != std::string::npos && at >= host_start && at < host_end) {
    auto colon = out.find(':', host_start);
    if (colon != std::string::npos && colon < at &&
        classify_value(std::string_view(out).substr(colon + 1, at - colon - 1)) ==
            ValueKind::kLiteral) {
      out.replace(colon + 1, at - colon - 1, kRedacted);
      found.push_back({"url", "password in the URL", false});
      host_end = out.find_first_of("/?#", host_start);
      if (host_end == std::string::npos) host_end = out.size();
    }
  }
  // Tokens in the path (https://host/ghp_xxx/sse) and secret-named query values.
  std::size_t q = out.find('?', host_end);
  std::string path =
      out.substr(host_end, q == std::string::npos ? std::string::npos : q - host_end);
  std::string rebuilt_path;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string seg =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (std::string k = known_token_kind(seg); !k.empty()) {
      found.push_back({"url", k, true});
      seg = std::string(kRedacted);
    }
    rebuilt_path += seg;
    if (slash == std::string::npos) break;
    rebuilt_path += '/';
    start = slash + 1;
  }
  std::string query = q == std::string::npos ? "" : out.substr(q + 1);
  std::string rebuilt_query;
  start = 0;
  while (q != std::string::npos && start <= query.size()) {
    std::size_t amp = query.find('&', start);
    std::string param =
        query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    auto eq = param.find('=');
    if (eq != std::string::npos) {
      bool known = false;
      std::string what = secret_in(param.substr(0, eq), param.substr(eq + 1), known);
      if (!what.empty() || secret_like_name(param.substr(0, eq))) {
        if (what.empty() && classify_value(param.substr(eq + 1)) == ValueKind::kLiteral &&
            param.size() - eq - 1 >= 8 && !looks_like_dummy(param.substr(eq + 1))) {
          what = "literal value of a secret-named query parameter";
        }
        if (!what.empty()) {
          found.push_back({fmt::format("url parameter {}", param.substr(0, eq)), what, known});
          param = param.substr(0, eq + 1) + std::string(kRedacted);
        }
      }
    }
    rebuilt_query += (rebuilt_query.empty() ? "" : "&") + param;
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out.substr(0, host_end) + rebuilt_path +
         (q == std::string::npos ? "" : "?" + rebuilt_query);
}

}  // namespace airlock::mcp::detail
