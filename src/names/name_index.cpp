// NameIndex: candidate generation (symmetric-delete index + keyed maps) and scoring.
//
// Lookups never scan the corpus: every route below is a handful of hash probes followed by
// an exact check of the few candidates it returns (bench/names_bench.cpp measures it).
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "airlock/names/names.h"
#include "names/internal.h"
#include "names/key_table.h"

namespace airlock::names {

namespace {

// Popularity gates. Combosquats and 2-edit names are only flagged against targets popular
// enough to be worth imitating; both kinds are common among legitimate tail packages.
constexpr int kComboMaxRank = 2000;
constexpr int kEdit2MaxRank = 5000;
constexpr int kScopeAddMaxRank = 1000;
constexpr std::uint32_t kNoScope = 0xffffffff;
constexpr std::size_t kEdit2MinLen = 8;
constexpr std::size_t kEdit2MaxLen = 24;  // longer names: 1 edit only (bounds probes per lookup)
constexpr std::size_t kMaxProbeCandidates = 512;
// Short names (5-7 characters) of the most popular packages: a character moved by one or
// two places (rceat, degbu) is a typo there, any other 2-edit name is a different package.
constexpr int kMovedMaxRank = 1000;
constexpr std::size_t kMovedMinLen = 5;
// Names of 6-7 characters: two edits that are both typing slips (a dropped, doubled, swapped
// or neighbouring key: mogobd) are still a typo of a well-known package; two arbitrary edits
// are another name, and so is a name two letters shorter (destr / destroy, p-try / p-retry).
constexpr int kTwoTyposMaxRank = 5000;
constexpr std::size_t kTwoTyposMinLen = 6;
// Four-letter names: a neighbouring key typed (hulp) is a typo only of a popular package.
constexpr int kShortTypoMaxRank = 10000;
// Short names (2-3 characters: d3, ws, pg) with a squatter's affix (d3.js, node-pg): only
// against popular targets, whose short names are worth dressing up.
constexpr int kShortComboMaxRank = 5000;
// Glued words swapped (libhtml5 for html5lib): the delimiter-free name is a rotation of the
// target's, each part this long at least.
constexpr std::size_t kRotationMinPart = 3;
// A typo plus an affix (matplatlib-plus): the de-affixed name must be this long, the target
// among the kComboMaxRank most popular.
constexpr std::size_t kComboEditMinLen = 7;
// A scoped package whose base name other scopes publish too (@azure/core-xml,
// @journeyapps/core-xml) is still the one meant by the bare name when it is this many times
// more popular (by rank) than the next.
constexpr int kDominantScopeRatio = 4;
constexpr std::uint32_t kMaxScopesOfSpecificBase = 3;
constexpr std::size_t kSpecificBaseMinLen = 10;

// `q` is `t` with one character moved elsewhere (not a plain adjacent swap).
bool moved_character(std::string_view q, std::string_view t) {
  if (q.size() != t.size()) return false;
  std::size_t i = 0, j = q.size();
  while (i < j && q[i] == t[i]) ++i;
  while (j > i && q[j - 1] == t[j - 1]) --j;
  if (j - i < 3 || j - i > 4) return false;
  const std::string_view a = q.substr(i, j - i), b = t.substr(i, j - i);
  // rotation left or right of the differing window
  return (a.substr(1) == b.substr(0, b.size() - 1) && a[0] == b.back()) ||
         (a.substr(0, a.size() - 1) == b.substr(1) && a.back() == b[0]);
}

bool is_delim(char c) { return c == '-' || c == '_' || c == '.'; }

std::string strip_delims(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!is_delim(c)) out.push_back(c);
  }
  return out;
}

// Delimiters dropped and ASCII look-alikes folded: 0->o, 1/i->l, rn->m, vv->w, cl->d.
std::string skeleton(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_delim(c)) continue;
    const char n = i + 1 < s.size() ? s[i + 1] : '\0';
    if (c == 'r' && n == 'n') {
      out.push_back('m');
      ++i;
      continue;
    }
    if (c == 'v' && n == 'v') {
      out.push_back('w');
      ++i;
      continue;
    }
    if (c == 'c' && n == 'l') {
      out.push_back('d');
      ++i;
      continue;
    }
    if (c == '0') c = 'o';
    if (c == '1' || c == 'i') c = 'l';
    out.push_back(c);
  }
  return out;
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || is_delim(s[i])) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string sorted_tokens(std::string_view s) {
  auto t = tokens(s);
  if (t.size() < 2) return {};
  std::sort(t.begin(), t.end());
  std::string out;
  for (auto x : t) {
    if (!out.empty()) out.push_back('-');
    out.append(x);
  }
  return out;
}

// How a name sounds, roughly (Neupane et al.'s "homophonic similarity": uglyfi-js for
// uglify-js): delimiters dropped, letters that spell the same sound merged (y/i, ph/f, ck/k,
// hard c/k, q/k, z/s, soft c/s) and doubled letters written once.
std::string sound_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_delim(c)) continue;
    const char n = i + 1 < s.size() ? s[i + 1] : '\0';
    if ((c == 'p' && n == 'h') || (c == 'c' && n == 'k')) {
      c = c == 'p' ? 'f' : 'k';
      ++i;
    } else if (c == 'c') {
      c = n == 'e' || n == 'i' || n == 'y' ? 's' : 'k';
    } else if (c == 'q') {
      c = 'k';
    } else if (c == 'z') {
      c = 's';
    } else if (c == 'y') {
      c = 'i';
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// Optimal string alignment (restricted Damerau-Levenshtein) distance, or max+1 if above max.
// Only the diagonal band |i - j| <= max can hold values <= max, so only it is computed:
// O(len * max) instead of O(len^2).
int osa(std::string_view a, std::string_view b, int max) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  if (m > static_cast<int>(kMaxNameBytes)) return max + 1;
  const int big = max + 1;                        // every value is clamped here: "more than max"
  std::array<int, kMaxNameBytes + 2> r2, r1, r0;  // rows i-2, i-1, i; [0, m + 1] used
  int *p2 = r2.data(), *p1 = r1.data(), *cur = r0.data();
  for (int j = 0; j <= m + 1; ++j) {
    p1[j] = std::min(j, big);
    p2[j] = cur[j] = big;
  }
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - max), hi = std::min(m, i + max);
    cur[lo - 1] = lo == 1 ? std::min(i, big) : big;
    int row_min = cur[lo - 1];
    for (int j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({p1[j] + 1, cur[j - 1] + 1, p1[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, p2[j - 2] + 1);
      }
      cur[j] = std::min(v, big);
      row_min = std::min(row_min, cur[j]);
    }
    cur[hi + 1] = big;  // the next row reads one cell beyond this row's band
    if (row_min > max) return big;
    int* t = p2;
    p2 = p1;
    p1 = cur;
    cur = t;
  }
  return p1[m];
}

struct Keyboard {
  std::array<std::array<bool, 128>, 128> adj{};
  Keyboard() {
    const char* rows[] = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    for (int r1 = 0; r1 < 4; ++r1) {
      for (int c1 = 0; rows[r1][c1]; ++c1) {
        for (int r2 = 0; r2 < 4; ++r2) {
          for (int c2 = 0; rows[r2][c2]; ++c2) {
            // Rows are staggered by about half a key: compare positions in half keys.
            const int x1 = 2 * c1 + r1, x2 = 2 * c2 + r2;
            if (std::abs(r1 - r2) <= 1 && std::abs(x1 - x2) <= 2 && !(r1 == r2 && c1 == c2)) {
              adj[static_cast<unsigned char>(rows[r1][c1])]
                 [static_cast<unsigned char>(rows[r2][c2])] = true;
            }
          }
        }
      }
    }
  }
};
const Keyboard& keyboard() {
  static const Keyboard k;
  return k;
}
bool keyboard_neighbours(char a, char b) {
  const auto x = static_cast<unsigned char>(a), y = static_cast<unsigned char>(b);
  return x < 128 && y < 128 && keyboard().adj[x][y];
}
bool look_alike(char a, char b) {
  auto cls = [](char c) {
    return c == 'l' || c == '1' || c == 'i' ? 1
           : c == 'o' || c == '0'           ? 2
           : c == 's' || c == '5'           ? 3
           : c == 'u' || c == 'v'           ? 4
                                            : 0;
  };
  return a != b && cls(a) != 0 && cls(a) == cls(b);
}

// `typed` is `meant` with one typing slip: a key dropped, doubled, two neighbours swapped, a
// neighbouring or look-alike key instead of the right one.
// With `swap_only`, only two neighbours swapped.
bool one_slip(std::string_view typed, std::string_view meant, bool swap_only = false) {
  std::size_t i = 0;
  while (i < typed.size() && i < meant.size() && typed[i] == meant[i]) ++i;
  if (swap_only) {
    return typed.size() == meant.size() && i + 1 < typed.size() && typed[i] == meant[i + 1] &&
           typed[i + 1] == meant[i] && typed.substr(i + 2) == meant.substr(i + 2);
  }
  if (typed.size() == meant.size()) {
    if (i == typed.size()) return false;
    if (typed.substr(i + 1) == meant.substr(i + 1)) {
      return keyboard_neighbours(typed[i], meant[i]) || look_alike(typed[i], meant[i]);
    }
    return i + 1 < typed.size() && typed[i] == meant[i + 1] && typed[i + 1] == meant[i] &&
           typed.substr(i + 2) == meant.substr(i + 2);
  }
  if (typed.size() + 1 == meant.size()) return typed.substr(i) == meant.substr(i + 1);
  if (typed.size() == meant.size() + 1 && typed.substr(i + 1) == meant.substr(i)) {
    const char x = typed[i];
    return (i > 0 && typed[i - 1] == x) || (i + 1 < typed.size() && typed[i + 1] == x);
  }
  return false;
}

// `typed` is `meant` with two typing slips (one_slip twice), one of them two neighbours
// swapped: the commonest slip, and one that legitimate names a few letters apart rarely
// show (walker / walkdir, prisma / prismjs are a drop and a key apart). Either the swap came
// first (one slip from `meant` swapped) or last (`typed` with one swap undone is one slip
// from `meant`): 2 x length one_slip() checks of one copied string, no table of variants.
bool two_slips(std::string_view typed, std::string_view meant) {
  std::string v;
  auto slip_after_swap = [&](std::string_view swapped, std::string_view other, bool swap_first) {
    for (std::size_t p = 0; p + 1 < swapped.size(); ++p) {
      if (swapped[p] == swapped[p + 1]) continue;  // swapping equal letters changes nothing
      v.assign(swapped);
      std::swap(v[p], v[p + 1]);
      if (swap_first ? one_slip(other, v) : one_slip(v, other)) return true;
    }
    return false;
  };
  return slip_after_swap(meant, typed, true) || slip_after_swap(typed, meant, false);
}

// The least rotation of `s` (Booth's algorithm): equal for two strings exactly when one is
// a rotation of the other.
std::string least_rotation(std::string_view s) {
  const std::size_t n = s.size();
  if (n == 0) return {};
  std::vector<int> f(2 * n, -1);
  std::size_t k = 0;
  auto at = [&](std::size_t j) { return s[j % n]; };
  for (std::size_t j = 1; j < 2 * n; ++j) {
    int i = f[j - k - 1];
    while (i != -1 && at(j) != at(k + static_cast<std::size_t>(i) + 1)) {
      if (at(j) < at(k + static_cast<std::size_t>(i) + 1)) k = j - static_cast<std::size_t>(i) - 1;
      i = f[static_cast<std::size_t>(i)];
    }
    if (i == -1 && at(j) != at(k)) {
      if (at(j) < at(k)) k = j;
      f[j - k] = -1;
    } else {
      f[j - k] = i + 1;
    }
  }
  std::string out(n, '\0');
  for (std::size_t j = 0; j < n; ++j) out[j] = at(k + j);
  return out;
}

// `q` is `t` with its front moved to the back (html5lib -> libhtml5), each part at least
// kRotationMinPart long.
bool glued_word_swap(std::string_view q, std::string_view t) {
  if (q.size() != t.size() || q == t) return false;
  for (std::size_t p = kRotationMinPart; p + kRotationMinPart <= t.size(); ++p) {
    if (q.substr(0, t.size() - p) == t.substr(p) && q.substr(t.size() - p) == t.substr(0, p)) {
      return true;
    }
  }
  return false;
}

// Affixes attackers add to a popular name (and that legit packages rarely need), per
// ecosystem. Matched as whole tokens at the start or end of the name.
const std::unordered_set<std::string_view>& prefixes(Ecosystem eco) {
  static const std::unordered_set<std::string_view> npm = {
      "node", "js", "npm", "mcp", "server", "official", "real", "the", "get", "install"};
  static const std::unordered_set<std::string_view> pypi = {"py",  "python", "python3",  "py3",
                                                            "mcp", "server", "official", "real",
                                                            "the", "get",    "install",  "pip"};
  return eco == Ecosystem::kPypi ? pypi : npm;
}
const std::unordered_set<std::string_view>& suffixes(Ecosystem eco) {
  static const std::unordered_set<std::string_view> npm = {
      "js", "node", "cli", "utils", "util", "lib", "dev", "sdk", "api", "core", "plugin",
      "official", "mcp", "server", "user", "users", "bot", "selfbot", "client", "helper", "helpers",
      "tool", "tools", "http", "https", "async", "promise", "secure", "patched", "fixed", "fix",
      "latest", "wrapper", "plus", "pro", "npm", "beta", "next", "new", "lite", "full", "ts", "es",
      "esm",
      // Platform words: a name dressed up as a platform build of a popular package.
      "darwin", "linux", "win", "win32", "win64", "windows", "macos", "mac", "osx", "x64", "x86",
      "arm", "arm64", "amd64"};
  static const std::unordered_set<std::string_view> pypi = {
      "py", "python", "python3", "py3", "cli", "utils", "util", "lib", "dev", "sdk", "api", "core",
      "plugin", "official", "mcp", "server", "user", "bot", "client", "helper", "helpers", "tool",
      "tools", "http", "async", "secure", "patched", "fixed", "latest", "wrapper", "plus", "pro",
      "pip", "beta", "new", "lite", "full",
      // Platform words, as for npm (PyPI wheels carry the platform in the file name, not in
      // the project name).
      "darwin", "linux", "win", "win32", "win64", "windows", "macos", "mac", "osx", "x64", "x86",
      "arm", "arm64", "amd64"};
  return eco == Ecosystem::kPypi ? pypi : npm;
}

// Affixes that squatters add and that rarely make a legitimate package of a popular name's
// word: a combosquat with one of these is flagged against any corpus name, not only the
// most popular ones.
bool strong_affix(Ecosystem eco, std::string_view a) {
  static const std::unordered_set<std::string_view> npm = {
      "js",   "node",    "nodejs", "npm",    "user",    "users",  "selfbot", "proxy",  "official",
      "real", "patched", "fixed",  "fix",    "latest",  "secure", "wrapper", "new",    "beta",
      "test", "pro",     "plus",   "helper", "install", "free",   "update",  "updated"};
  static const std::unordered_set<std::string_view> pypi = {
      "py",     "python",  "python3", "py3",     "pip",     "official", "real", "patched", "fixed",
      "fix",    "latest",  "secure",  "wrapper", "new",     "beta",     "test", "pro",     "plus",
      "helper", "install", "free",    "update",  "updated", "selfbot",  "proxy"};
  return (eco == Ecosystem::kPypi ? pypi : npm).count(a) > 0;
}

// Words that name the ecosystem itself ("the d3 package for JS").
bool ecosystem_marker(Ecosystem eco, std::string_view t) {
  if (eco == Ecosystem::kPypi) return t == "py" || t == "python" || t == "python3" || t == "pip";
  return t == "js" || t == "node" || t == "nodejs" || t == "npm";
}

bool is_version_token(std::string_view t) {
  if (t.empty()) return false;
  std::size_t i = t[0] == 'v' ? 1 : 0;
  if (i == t.size()) return false;
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return true;
}

// Forms of a base name with up to two known affixes removed (not the name itself); `strong`
// when every affix removed on the way is a strong one (strong_affix) or version digits.
struct Deaffixed {
  std::string form;
  bool strong;
};
std::vector<Deaffixed> deaffixed(Ecosystem eco, std::string_view base) {
  std::vector<Deaffixed> out;
  std::vector<Deaffixed> frontier{{std::string(base), true}};
  for (int round = 0; round < 2; ++round) {
    std::vector<Deaffixed> next;
    for (const Deaffixed& fr : frontier) {
      const std::string& s = fr.form;
      const auto t = tokens(s);
      if (t.size() >= 2) {
        if (prefixes(eco).count(t.front()) || strong_affix(eco, t.front())) {
          next.push_back({s.substr(static_cast<std::size_t>(t[1].data() - s.data())),
                          fr.strong && strong_affix(eco, t.front())});
        }
        const std::string_view last = t.back();
        const bool ver = is_version_token(last);
        if (suffixes(eco).count(last) || ver || strong_affix(eco, last)) {
          std::size_t end = static_cast<std::size_t>(last.data() - s.data());
          while (end > 0 && is_delim(s[end - 1])) --end;
          next.push_back({s.substr(0, end), fr.strong && (ver || strong_affix(eco, last))});
        }
      }
      // Glued affixes: "axiosjs", "pyyaml2", "lodash4", "pyrequests", "nodemailer".
      if (s.size() > 6 && s.compare(s.size() - 2, 2, "js") == 0 && !is_delim(s[s.size() - 3])) {
        next.push_back({s.substr(0, s.size() - 2), fr.strong});
      }
      if (eco != Ecosystem::kPypi && s.size() >= 8 && s.rfind("node", 0) == 0 && !is_delim(s[4])) {
        next.push_back({s.substr(4), fr.strong});
      }
      std::size_t d = s.size();
      while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9') --d;
      if (d < s.size() && d >= 4) {
        std::size_t e = d;
        while (e > 0 && is_delim(s[e - 1])) --e;
        if (e == d) next.push_back({s.substr(0, d), fr.strong});  // delimited digits handled above
      }
      if (eco == Ecosystem::kPypi) {
        if (s.size() > 6 && s.rfind("python", 0) == 0 && !is_delim(s[6]))
          next.push_back({s.substr(6), fr.strong});
        else if (s.size() > 5 && s.rfind("py", 0) == 0 && !is_delim(s[2]))
          next.push_back({s.substr(2), fr.strong});
        if (s.size() > 5 && s.compare(s.size() - 2, 2, "py") == 0 && !is_delim(s[s.size() - 3])) {
          next.push_back({s.substr(0, s.size() - 2), fr.strong});
        }
      }
    }
    for (auto& n : next) {
      if (n.form.size() < 3) continue;
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const Deaffixed& o) { return o.form == n.form; });
      if (it == out.end())
        out.push_back(n);
      else
        it->strong = it->strong || n.strong;
    }
    frontier = std::move(next);
  }
  return out;
}

// US <-> UK spellings seen in squats (colourama, colour-string).
constexpr std::pair<std::string_view, std::string_view> kSpellings[] = {
    {"colour", "color"},        {"behaviour", "behavior"},  {"favourite", "favorite"},
    {"serialise", "serialize"}, {"normalise", "normalize"}, {"initialise", "initialize"},
    {"optimise", "optimize"},   {"analyse", "analyze"},     {"organise", "organize"},
    {"licence", "license"},     {"centre", "center"},       {"grey", "gray"},
    {"catalogue", "catalog"},   {"dialogue", "dialog"},     {"minimise", "minimize"},
    {"customise", "customize"}, {"recognise", "recognize"}, {"sanitise", "sanitize"},
    {"authorise", "authorize"}, {"visualise", "visualize"}, {"utilise", "utilize"}};

// Polynomial hashes of a string with up to two positions removed, each O(1) from prefix
// hashes (mod 2^64; collisions only cost a wasted distance check).
constexpr std::uint64_t kBase = 0x100000001b3ull;
std::uint64_t finish_hash(std::uint64_t h, std::size_t len) {
  h ^= len * 0x9e3779b97f4a7c15ull;
  h ^= h >> 31;
  h *= 0x7fb5d329728ea185ull;
  h ^= h >> 27;
  return h | 1;  // 0 marks an empty slot
}

// Calls f(hash) for `s` itself and every variant of it with one character deleted, and with
// `two` also every variant with two deleted (consecutive duplicates skipped: deleting either
// of two equal neighbours gives the same variant).
template <typename F>
void for_each_deletion(std::string_view s, bool two, F&& f, std::uint64_t salt = 0) {
  const std::size_t n = s.size();
  if (n > kMaxNameBytes) return;
  std::array<std::uint64_t, kMaxNameBytes + 2> pre, pw;  // only [0, n] is used
  pre[0] = 0;
  pw[0] = 1;
  for (std::size_t k = 0; k < n; ++k) {
    pre[k + 1] = pre[k] * kBase + static_cast<unsigned char>(s[k]) + 1;
    pw[k + 1] = pw[k] * kBase;
  }
  auto sub = [&](std::size_t a, std::size_t b) { return pre[b] - pre[a] * pw[b - a]; };
  f(finish_hash(pre[n] ^ salt, n));
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && s[i] == s[i - 1]) continue;  // same variant as deleting s[i-1]
    const std::uint64_t left = sub(0, i);
    f(finish_hash((left * pw[n - i - 1] + sub(i + 1, n)) ^ salt, n - 1));
    if (!two) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (j > i + 1 && s[j] == s[j - 1]) continue;
      f(finish_hash(((left * pw[j - i - 1] + sub(i + 1, j)) * pw[n - j - 1] + sub(j + 1, n)) ^ salt,
                    n - 2));
    }
  }
}
// Most variants for_each_deletion() produces for a query (two deletions up to
// kEdit2MaxLen + 2 characters, one deletion beyond).
constexpr std::size_t kMaxVariants =
    std::max<std::size_t>(1 + (kEdit2MaxLen + 2) * (kEdit2MaxLen + 3) / 2, 2 + kMaxNameBytes);

// What a key of the KeyTable stands for. Deletion variants use the bare polynomial hash;
// the other routes salt it so that one table holds them all without mixing them up.
enum class Route : std::uint64_t {
  kDeletion = 0,
  kExact,             // full normalised name
  kBase,              // name without its scope
  kScope,             // a scope that appears in the corpus
  kSkeleton,          // skeleton(base)
  kTokens,            // sorted_tokens(base)
  kAffix,             // a de-affixed form of base (popular names only)
  kStrippedDeletion,  // strip_delims(base) and its 1-deletion variants (bases with delimiters)
  kRotation,          // least_rotation(base): glued popular bases of kRotationMinLen or more
  kSound,             // sound_key(base): bases of kSoundMinLen or more
};
std::uint64_t route_key(Route r, std::string_view s) {
  std::uint64_t h = 0;
  for (char c : s) h = h * kBase + static_cast<unsigned char>(c) + 1;
  return finish_hash(h ^ (static_cast<std::uint64_t>(r) * 0xd6e8feb86659fd93ull),
                     s.size());  // = route_salt(r)
}

std::uint64_t route_salt(Route r) { return static_cast<std::uint64_t>(r) * 0xd6e8feb86659fd93ull; }
// Delimiter-insensitive one-edit matches need the delimiter-stripped form to be this long.
constexpr std::size_t kStrippedEditMinLen = 6;
constexpr std::size_t kRotationMinLen = 2 * kRotationMinPart + 1;
// Sound-alike names: the delimiter-stripped name at least this long (cors / kors, ky / ki are
// different packages; short sound keys collide by chance).
constexpr std::size_t kSoundMinLen = 6;

// Confidence scale by the target's rank: 1 in the top 1,000, then down by 0.05 per halving
// of popularity to 0.8 from rank 16,000 on. Ranks far apart (4,000 vs 45,000) must tell
// which of two similar targets a name imitates; a floor keeps the less popular half of the
// corpus (where many real targets sit: bitcoinjs-lib, @azure/*) detectable.
double popularity_factor(int rank) {
  if (rank <= 1000) return 1.0;
  return std::max(0.8, 1.0 - 0.05 * std::log2(rank / 1000.0));
}

// A scope with the forms scopes_look_alike() compares, computed once per corpus scope and
// once per query.
struct ScopeForms {
  std::string_view text;
  std::string stripped, skel;
  std::uint64_t letters = 0;  // which characters occur (delimiters left out), one bit each
  std::uint32_t entries = 0;  // corpus entries in this scope
  explicit ScopeForms(std::string_view s) : text(s), stripped(strip_delims(s)), skel(skeleton(s)) {
    for (char c : stripped) letters |= std::uint64_t{1} << (static_cast<unsigned char>(c) % 64);
  }
};

bool scopes_look_alike(const ScopeForms& q, const ScopeForms& c) {
  const std::string_view a = q.text, b = c.text;
  if (a == b) return false;
  if (q.stripped == c.stripped || q.skel == c.skel) return true;
  // Cheap necessary conditions first (a generic base such as "core" brings hundreds of
  // scopes): two edits change at most four of the characters that occur, and a truncated
  // name uses only characters of the longer one.
  const std::uint64_t only_q = q.letters & ~c.letters, only_c = c.letters & ~q.letters;
  if (std::popcount(only_q | only_c) > 4 && only_q != 0 && only_c != 0) return false;
  const std::size_t lo = std::min(a.size(), b.size());
  // Delimiters are free (typescript_eslinter / typescript-eslint are two edits apart).
  int d = osa(a, b, 2);
  if (d > 1 && (q.stripped.size() != a.size() || c.stripped.size() != b.size())) {
    d = std::min(d, osa(q.stripped, c.stripped, 2));
  }
  if (d == 1 && lo >= 4) return true;
  if (d == 2 && lo >= 8) return true;
  // Truncated or extended org names: modelcontext / modelcontextprotocol. The shorter keeps
  // at least half of the longer (types is not a truncation of typescript-eslint).
  const std::string_view s = a.size() < b.size() ? a : b, l = a.size() < b.size() ? b : a;
  return s.size() >= 5 && 2 * s.size() >= l.size() &&
         (l.substr(0, s.size()) == s || l.substr(l.size() - s.size()) == s);
}

}  // namespace

struct Entry {
  std::string name, scope, base;  // scope without '@', empty when unscoped
  int rank = 0;
  std::uint32_t base_id = 0;          // into NameIndexData::bases
  std::uint32_t scope_id = kNoScope;  // into NameIndexData::scopes
};

// A distinct base name and the entries that have it (@babel/core, @vue/core, ... share
// "core"): base-keyed routes store one posting per base, so a generic base is compared once.
struct Base {
  std::string_view text;           // into one of its entries
  int best_rank = 0;               // of its most popular entry
  std::uint32_t first = 0, n = 0;  // its entries: base_entries[first, first + n), by rank
};

class NameIndexData {
 public:
  Ecosystem eco = Ecosystem::kNpm;
  std::vector<Entry> entries;
  std::vector<Base> bases;
  std::vector<std::uint32_t> base_entries;
  std::vector<ScopeForms> scopes;  // distinct scopes of the corpus
  detail::KeyTable keys;  // kExact: entry indexes; kScope: scope indexes; others: base indexes
  std::unordered_set<std::string> allow, allow_scopes;

  // Calls f(index) for each entry stored under (route, s); `verify` rejects hash collisions.
  template <typename V, typename F>
  void each(Route r, std::string_view s, V&& verify, F&& f) const {
    keys.find(route_key(r, s), [&](std::uint32_t i) {
      if (verify(entries[i])) f(i);
    });
  }
  // Calls f(entry index) for each entry of each base stored under (route, s), bases that
  // `verify(base text)` rejects skipped.
  template <typename V, typename F>
  void each_by_base(Route r, std::string_view s, V&& verify, F&& f) const {
    keys.find(route_key(r, s), [&](std::uint32_t b) {
      if (!verify(bases[b].text)) return;
      for (std::uint32_t k = 0; k < bases[b].n; ++k) f(base_entries[bases[b].first + k]);
    });
  }
  std::optional<std::uint32_t> exact(std::string_view name) const {
    std::optional<std::uint32_t> out;
    each(
        Route::kExact, name, [&](const Entry& e) { return e.name == name; },
        [&](std::uint32_t i) { out = i; });
    return out;
  }
  // Corpus entries in `scope`.
  std::uint32_t scope_entries(std::string_view scope) const {
    std::uint32_t n = 0;
    keys.find(route_key(Route::kScope, scope), [&](std::uint32_t i) {
      if (scopes[i].text == scope) n = scopes[i].entries;
    });
    return n;
  }
};

namespace {

// Whether entry `i` is the one its base name stands for: the only entry with that base; or,
// for a name that is exactly the base (`allow_dominant`), the most popular by far
// (kDominantScopeRatio) among them; or, for a name that holds the base verbatim
// (`allow_specific`: core-client-1), the most popular of a long, specific base published in
// a few scopes only (core-client: @azure, @azure-rest, @storybook), which is no generic
// word: without a scope it imitates them all. `self` (the left-out entry of a leave-one-out
// check) does not count.
bool dominant_in_base(const NameIndexData& d, std::uint32_t i, std::optional<std::uint32_t> self,
                      bool allow_dominant, bool allow_specific) {
  const Base& b = d.bases[d.entries[i].base_id];
  std::optional<int> best, second;
  bool i_best = false;
  std::uint32_t others = 0;                  // entries with this base, `self` left out
  for (std::uint32_t k = 0; k < b.n; ++k) {  // by rank
    const std::uint32_t j = d.base_entries[b.first + k];
    if (self && j == *self) continue;
    ++others;
    if (!best) {
      best = d.entries[j].rank;
      i_best = j == i;
    } else if (!second) {
      second = d.entries[j].rank;
    }
  }
  if (!i_best) return false;
  if (!second) return true;
  if (allow_dominant && *second >= kDominantScopeRatio * *best) return true;
  return allow_specific && others <= kMaxScopesOfSpecificBase &&
         d.entries[i].base.size() >= kSpecificBaseMinLen;
}

bool has_type_package(const NameIndexData& d, std::string_view base,
                      std::optional<std::uint32_t> self) {
  const auto t = d.exact("@types/" + std::string(base));
  return t && (!self || *t != *self);
}

void split_scope(std::string_view name, std::string* scope, std::string* base) {
  if (!name.empty() && name[0] == '@') {
    const std::size_t slash = name.find('/');
    if (slash != std::string_view::npos && slash + 1 < name.size()) {
      *scope = std::string(name.substr(1, slash - 1));
      *base = std::string(name.substr(slash + 1));
      return;
    }
  }
  scope->clear();
  *base = std::string(name);
}

struct Candidate {
  std::uint32_t idx;
  std::vector<std::string> kinds;
  double conf;              // strength of the base-name relation
  bool base_equal;          // bases identical (the confusion, if any, is in the scope)
  bool scope_done = false;  // the scope relation is already in kinds/conf
};

// Two names alike but for one word that two edits turn into another word: at least half of
// that word's letters changed (tar-stream / bare-stream, to-buffer / is-buffer, pytest-env /
// pytest-cov). Squatters misspell the words of a name; they do not swap one for another.
bool word_replaced(std::string_view q, std::string_view t) {
  const auto qt = tokens(q), tt = tokens(t);
  if (qt.size() != tt.size() || qt.size() < 2) return false;
  std::optional<std::size_t> differing;
  for (std::size_t i = 0; i < qt.size(); ++i) {
    if (qt[i] == tt[i]) continue;
    if (differing) return false;
    differing = i;
  }
  if (!differing) return false;
  const std::string_view a = qt[*differing], b = tt[*differing];
  return 2 * static_cast<std::size_t>(osa(a, b, 8)) >= std::max(a.size(), b.size());
}

// Kinds and confidence of a base pair at OSA distance 1 or 2; conf 0 = not a confusion.
Candidate classify_edit(std::string_view q, std::string_view t, int dist, int rank) {
  Candidate c{0, {}, 0.0, false};
  const std::size_t len = t.size();
  if (dist == 2 && len >= kMovedMinLen && len < kEdit2MinLen && rank <= kMovedMaxRank &&
      moved_character(q, t)) {
    c.kinds = {"edit-distance-2", "transposition"};
    c.conf = 0.62;
    return c;
  }
  if (dist == 2 && len >= kTwoTyposMinLen && len < kEdit2MinLen && q.size() >= kMovedMinLen &&
      rank <= kTwoTyposMaxRank && q.size() + 2 != t.size() && two_slips(q, t)) {
    c.kinds = {"edit-distance-2"};
    if (q.size() < t.size()) c.kinds.push_back("omitted-character");
    c.conf = 0.6;
    return c;
  }
  if (dist == 2 && len >= kEdit2MinLen && q.size() >= kEdit2MinLen - 1 && rank > kEdit2MaxRank &&
      two_slips(q, t)) {
    // Beyond the most popular names two arbitrary edits are another package, but two typing
    // slips of which one is a swap (regenraotr) are still a typo of a long name.
    c.kinds = {"edit-distance-2", "transposition"};
    if (q.size() < t.size()) c.kinds.push_back("omitted-character");
    c.conf = 0.66;
    return c;
  }
  if (dist == 2) {
    if (len < kEdit2MinLen || q.size() < kEdit2MinLen - 1 || rank > kEdit2MaxRank) return c;
    if (word_replaced(q, t)) return c;
    c.kinds = {"edit-distance-2"};
    if (q.size() + 2 == t.size()) c.kinds.push_back("omitted-character");
    c.conf = std::min(0.7, 0.58 + 0.01 * static_cast<double>(len - kEdit2MinLen));
    return c;
  }
  if (len < 4 || q.size() < 3) return c;
  std::size_t i = 0;
  while (i < q.size() && i < t.size() && q[i] == t[i]) ++i;
  std::string kind;
  bool doubled_dropped = false;  // one of a doubled letter left out (cxt for ccxt)
  if (q.size() == t.size()) {
    if (i + 1 < q.size() && q[i] == t[i + 1] && q[i + 1] == t[i] &&
        q.substr(i + 2) == t.substr(i + 2)) {
      kind = "transposition";
    } else if (is_delim(q[i]) && is_delim(t[i])) {
      kind = "delimiter";
    } else if (look_alike(q[i], t[i])) {
      kind = "homoglyph";
    } else if (keyboard_neighbours(q[i], t[i])) {
      kind = "keyboard-neighbour";
    }
  } else if (q.size() > t.size()) {  // one character inserted at q[i]
    const char x = q[i];
    if (is_delim(x))
      kind = "delimiter";
    else if ((i > 0 && q[i - 1] == x) || (i + 1 < q.size() && q[i + 1] == x))
      kind = "repeated-character";
    else if (x == 's' && (i + 1 == q.size() || is_delim(q[i + 1])) && i >= 4)
      kind = "plural";
  } else {  // t[i] omitted
    const char x = t[i];
    doubled_dropped = (i + 1 < t.size() && t[i + 1] == x) || (i > 0 && t[i - 1] == x);
    if (is_delim(x))
      kind = "delimiter";
    else if (x == 's' && (i + 1 == t.size() || is_delim(t[i + 1])) && i >= 4)
      kind = "plural";
    else
      kind = "omitted-character";
  }
  // Short names need the structure of a real typo, not any edit. A doubled letter typed once
  // is the mirror image of one typed twice.
  if (len == 4 && kind != "transposition" && kind != "repeated-character" && kind != "homoglyph" &&
      kind != "delimiter" && !doubled_dropped &&
      !(kind == "keyboard-neighbour" && rank <= kShortTypoMaxRank)) {
    return c;
  }
  // Five letters: an edit of no typo shape is a different name, unless the target is one of
  // the most popular packages (numipy, asinc): their near names are squats far more often.
  if (len == 5 && kind.empty() && rank > kMovedMaxRank) return c;
  double base = len == 4   ? 0.6
                : len == 5 ? 0.66
                : len == 6 ? 0.72
                : len == 7 ? 0.76
                           : std::min(0.9, 0.8 + 0.01 * static_cast<double>(len - 8));
  base += kind.empty() ? -0.04 : 0.04;
  c.kinds = {"edit-distance-1"};
  if (!kind.empty()) c.kinds.push_back(kind);
  c.conf = std::min(0.95, base);
  return c;
}

}  // namespace

namespace {
// Which corpus names get their two-deletion variants indexed (the bulk of the table).
bool two_deletes(std::size_t len, int rank) {
  if (len >= kEdit2MinLen && len <= kEdit2MaxLen) return rank <= kEdit2MaxRank;
  if (len >= kTwoTyposMinLen && len < kEdit2MinLen && rank <= kTwoTyposMaxRank) return true;
  return len >= kMovedMinLen && len < kEdit2MinLen && rank <= kMovedMaxRank;
}
}  // namespace

NameIndex NameIndex::build(const Corpus& corpus, std::vector<std::string> allowlist) {
  auto d = std::make_shared<NameIndexData>();
  d->eco = corpus.ecosystem();
  const auto& src = corpus.entries();
  d->entries.reserve(src.size());
  std::size_t n_keys = 0;
  for (const CorpusEntry& e : src) {
    Entry x;
    x.name = e.name;
    x.rank = e.rank;
    split_scope(e.name, &x.scope, &x.base);
    const std::size_t l = x.base.size();
    n_keys += 7 + l;
    if (two_deletes(l, e.rank)) n_keys += l * (l - 1) / 2;
    d->entries.push_back(std::move(x));
  }
  // Distinct scopes.
  std::unordered_map<std::string_view, std::uint32_t> scope_id;
  for (Entry& e : d->entries) {
    if (e.scope.empty()) continue;
    auto [it, fresh] = scope_id.emplace(e.scope, static_cast<std::uint32_t>(d->scopes.size()));
    if (fresh) d->scopes.emplace_back(e.scope);
    e.scope_id = it->second;
    ++d->scopes[e.scope_id].entries;
  }
  // Distinct bases, numbered in order of first appearance (= by best rank).
  std::unordered_map<std::string_view, std::uint32_t> base_id;
  base_id.reserve(d->entries.size() * 2);
  std::vector<std::uint32_t> entry_base(d->entries.size());
  for (std::uint32_t i = 0; i < d->entries.size(); ++i) {
    const Entry& e = d->entries[i];
    auto [it, fresh] = base_id.emplace(e.base, static_cast<std::uint32_t>(d->bases.size()));
    if (fresh) d->bases.push_back(Base{e.base, e.rank, 0, 0});
    Base& b = d->bases[it->second];
    b.best_rank = std::min(b.best_rank, e.rank);
    ++b.n;
    entry_base[i] = it->second;
  }
  std::uint32_t next = 0;
  for (Base& b : d->bases) {
    b.first = next;
    next += b.n;
    b.n = 0;
  }
  d->base_entries.resize(d->entries.size());
  for (std::uint32_t i = 0; i < d->entries.size(); ++i) {
    Base& b = d->bases[entry_base[i]];
    d->base_entries[b.first + b.n++] = i;
  }
  for (std::uint32_t i = 0; i < d->entries.size(); ++i) {
    d->entries[i].base_id = entry_base[i];
  }

  std::vector<detail::KeyTable::KeyValue> keys;
  keys.reserve(n_keys);
  for (std::uint32_t i = 0; i < d->entries.size(); ++i) {
    const Entry& e = d->entries[i];
    keys.push_back({route_key(Route::kExact, e.name), i});
  }
  for (std::uint32_t i = 0; i < d->scopes.size(); ++i) {
    keys.push_back({route_key(Route::kScope, d->scopes[i].text), i});
  }
  for (std::uint32_t b = 0; b < d->bases.size(); ++b) {
    const std::string_view base = d->bases[b].text;
    const int rank = d->bases[b].best_rank;
    keys.push_back({route_key(Route::kBase, base), b});
    if (base.size() >= 4) {
      if (std::string sk = skeleton(base); sk.size() >= 4) {
        keys.push_back({route_key(Route::kSkeleton, sk), b});
      }
      for_each_deletion(base, two_deletes(base.size(), rank), [&](std::uint64_t h) {
        keys.push_back({h, b});
      });
    }
    if (base.find_first_of("-_.") != std::string_view::npos) {
      if (std::string st = strip_delims(base); st.size() >= kStrippedEditMinLen) {
        for_each_deletion(
            st, false,
            [&](std::uint64_t h) {
              keys.push_back({h, b});
            },
            route_salt(Route::kStrippedDeletion));
      }
    }
    if (std::string tk = sorted_tokens(base); !tk.empty()) {
      keys.push_back({route_key(Route::kTokens, tk), b});
    }
    if (std::string sk = sound_key(base); sk.size() >= kSoundMinLen - 1) {
      keys.push_back({route_key(Route::kSound, sk), b});
    }
    if (base.size() >= kRotationMinLen && rank <= kComboMaxRank &&
        base.find_first_of("-_.") == std::string_view::npos) {
      keys.push_back({route_key(Route::kRotation, least_rotation(base)), b});
    }
    if (rank <= kComboMaxRank) {
      for (const Deaffixed& f : deaffixed(d->eco, base)) {
        if (f.form.size() >= 4) keys.push_back({route_key(Route::kAffix, f.form), b});
      }
    }
  }
  d->keys.build(keys);
  for (std::string& a : allowlist) {
    if (a.size() > 3 && a[0] == '@' && a.compare(a.size() - 2, 2, "/*") == 0) {
      std::string s = a.substr(1, a.size() - 3);
      for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      d->allow_scopes.insert(std::move(s));
    } else if (auto n = normalise(d->eco, a)) {
      d->allow.insert(std::move(*n));
    }
  }
  NameIndex idx;
  idx.data_ = std::move(d);
  return idx;
}

std::size_t NameIndex::size() const { return data_ ? data_->entries.size() : 0; }
Ecosystem NameIndex::ecosystem() const { return data_ ? data_->eco : Ecosystem::kNpm; }

namespace {
std::optional<Confusion> check_in(const NameIndexData& d, std::string_view raw, bool unlisted);
}  // namespace

std::optional<Confusion> NameIndex::check(std::string_view raw) const {
  return data_ ? check_in(*data_, raw, false) : std::nullopt;
}

std::optional<Confusion> NameIndex::check_unlisted(std::string_view raw) const {
  return data_ ? check_in(*data_, raw, true) : std::nullopt;
}

namespace {

// check() and check_unlisted(): with `unlisted`, the corpus entry equal to the name (if any)
// is treated as absent (leave-one-out).
std::optional<Confusion> check_in(const NameIndexData& d, std::string_view raw, bool unlisted) {
  auto norm = detail::normalise_ex(d.eco, raw);
  if (!norm) return std::nullopt;
  const std::string& q = norm->name;
  std::string qs, qb;
  split_scope(q, &qs, &qb);
  if (d.allow.count(q) || (!qs.empty() && d.allow_scopes.count(qs))) return std::nullopt;
  std::optional<std::uint32_t> self;  // the entry left out
  if (auto i = d.exact(q)) {
    if (unlisted) {
      self = *i;
    } else {
      if (!norm->folded_homoglyph) return std::nullopt;  // popular names never flag
      const Entry& e = d.entries[*i];
      return Confusion{e.name, e.rank, {"homoglyph"}, 0.95};
    }
  }

  // Scope relation of a query scope and another corpus scope, compared once per scope
  // (candidates cluster in a few scopes: @aws-sdk/...). Used to drop candidates early: a
  // generic base such as "core" or "utils" is shared by hundreds of scoped entries.
  const bool popular_scope = !qs.empty() && d.scope_entries(qs) > (self ? 1u : 0u);
  std::optional<ScopeForms> scope_forms;
  std::vector<std::int8_t> scope_memo;  // by scope id: -1 unknown, 0/1 look-alike
  auto scope_alike = [&](const Entry& e) {
    if (!scope_forms) scope_forms.emplace(qs);
    if (scope_memo.empty()) scope_memo.assign(d.scopes.size(), -1);
    std::int8_t& alike = scope_memo[e.scope_id];
    if (alike < 0) alike = scopes_look_alike(*scope_forms, d.scopes[e.scope_id]) ? 1 : 0;
    return alike == 1;
  };
  // False when the scoring below would drop any candidate for entry `e` because of its
  // scope alone (two different scopes, the query's popular or not alike).
  auto scope_may_match = [&](const Entry& e) {
    if (qs.empty() || e.scope.empty() || e.scope == qs) return true;
    return !popular_scope && scope_alike(e);
  };
  std::vector<Candidate> cands;
  cands.reserve(32);
  // Entries stored under (route, key), verified (a hash match is not proof), turned into
  // candidates by `make`.
  auto add_list = [&](Route route, const std::string& key, auto&& make) {
    auto verify = [&](std::string_view base) {
      switch (route) {
        case Route::kBase:
          return base == key;
        case Route::kSkeleton:
          return skeleton(base) == key;
        case Route::kTokens:
          return sorted_tokens(base) == key;
        case Route::kRotation:
          return glued_word_swap(qb, base);
        case Route::kSound:
          return sound_key(base) == key;
        case Route::kAffix: {
          const auto forms = deaffixed(d.eco, base);
          return std::any_of(forms.begin(), forms.end(),
                             [&](const Deaffixed& f) { return f.form == key; });
        }
        default:
          return false;
      }
    };
    d.each_by_base(route, key, verify, [&](std::uint32_t i) {
      if (!scope_may_match(d.entries[i])) return;
      Candidate c = make(d.entries[i]);
      if (c.conf > 0) {
        c.idx = i;
        cands.push_back(std::move(c));
      }
    });
  };
  // Same base name, other scope (or none).
  add_list(Route::kBase, qb, [](const Entry&) { return Candidate{0, {}, 0.8, true}; });
  // Delimiter changes and ASCII look-alikes.
  if (std::string sk = skeleton(qb); sk.size() >= 4) {
    add_list(Route::kSkeleton, sk, [&](const Entry& e) {
      if (e.base == qb) return Candidate{0, {}, 0.0, false};
      std::vector<std::string> k;
      if (strip_delims(e.base) == strip_delims(qb)) {
        k = {"delimiter"};
      } else {
        k = {"homoglyph"};
        if (tokens(e.base).size() != tokens(qb).size()) k.push_back("delimiter");
      }
      return Candidate{0, std::move(k), 0.88, false};
    });
  }
  // Reordered words.
  if (std::string tk = sorted_tokens(qb); !tk.empty()) {
    add_list(Route::kTokens, tk, [&](const Entry& e) {
      if (strip_delims(e.base) == strip_delims(qb)) return Candidate{0, {}, 0.0, false};
      return Candidate{0, {"word-order"}, 0.85, false};
    });
  }
  // Glued words swapped.
  // Only between glued names (parse-json / jsonparse, url-parse / parseurl are common
  // legitimate pairs) and against popular targets, like other combinations of words.
  if (qb.size() >= kRotationMinLen && qb.find_first_of("-_.") == std::string::npos) {
    add_list(Route::kRotation, least_rotation(qb), [&](const Entry& e) {
      if (e.base.find_first_of("-_.") != std::string::npos || e.rank > kComboMaxRank) {
        return Candidate{0, {}, 0.0, false};
      }
      return Candidate{0, {"word-order"}, 0.8, false};
    });
  }
  // Sound-alike spellings (uglyfi-js for uglify-js): several letters differ, the sound does
  // not. Both names long enough that the sound key is not a chance collision.
  if (std::string qst = strip_delims(qb); qst.size() >= kSoundMinLen) {
    add_list(Route::kSound, sound_key(qb), [&](const Entry& e) {
      const std::string tst = strip_delims(e.base);
      // One edit apart: the edit routes name it better (axioss is a doubled letter).
      if (tst.size() < kSoundMinLen || osa(qst, tst, 1) <= 1) return Candidate{0, {}, 0.0, false};
      std::vector<std::string> k = {"alternate-spelling"};
      if (tokens(e.base).size() != tokens(qb).size()) k.push_back("delimiter");
      return Candidate{0, std::move(k), 0.74, false};
    });
  }
  // The name with known affixes removed (combosquat routes below).
  const std::vector<Deaffixed> forms = deaffixed(d.eco, qb);
  // 1-2 Damerau edits through the symmetric-delete table.
  if (qb.size() >= 3) {
    const bool two = qb.size() >= kMovedMinLen && qb.size() <= kEdit2MaxLen + 2;
    std::array<std::uint64_t, kMaxVariants + kEdit2MaxLen> variants;
    std::size_t n = 0;
    for_each_deletion(qb, two, [&](std::uint64_t h) { variants[n++] = h; });
    // Two neighbours swapped and a letter dropped (regenraotr): the name with the swap undone
    // is a one-deletion variant of the target, which the table holds for every name, while
    // two-deletion variants are only indexed for the most popular ones.
    if (qb.size() + 1 >= kEdit2MinLen && qb.size() <= kEdit2MaxLen) {
      std::string v(qb);
      for (std::size_t p = 0; p + 1 < v.size(); ++p) {
        if (v[p] == v[p + 1]) continue;
        std::swap(v[p], v[p + 1]);
        variants[n++] = route_key(Route::kDeletion, v);
        std::swap(v[p], v[p + 1]);
      }
    }
    // Hundreds of independent probes, nearly all absent: the filter (in cache) drops most;
    // the cache misses of the rest are issued together, in two waves (bucket offsets, then
    // cells), before any of them is read.
    for (std::size_t k = 0; k < n; ++k) d.keys.prefetch_filter(variants[k]);
    std::size_t kept = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (d.keys.may_contain(variants[k])) variants[kept++] = variants[k];
    }
    n = kept;
    std::array<detail::KeyTable::Range, kMaxVariants> ranges;
    for (std::size_t k = 0; k < n; ++k) d.keys.prefetch_bucket(variants[k]);
    for (std::size_t k = 0; k < n; ++k) {
      ranges[k] = d.keys.locate(variants[k]);
      d.keys.prefetch_cells(ranges[k]);
    }
    std::vector<std::uint32_t> hits;
    for (std::size_t k = 0; k < n && hits.size() < kMaxProbeCandidates; ++k) {
      d.keys.each(variants[k], ranges[k], [&](std::uint32_t v) { hits.push_back(v); });
    }
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    std::vector<Candidate> edits;
    for (std::uint32_t b : hits) {
      const Base& base = d.bases[b];
      if (base.text == qb) continue;
      const int dist = osa(qb, base.text, 2);
      if (dist < 1 || dist > 2) continue;
      for (std::uint32_t k = 0; k < base.n; ++k) {
        const std::uint32_t i = d.base_entries[base.first + k];
        if (!scope_may_match(d.entries[i])) continue;
        Candidate c = classify_edit(qb, base.text, dist, d.entries[i].rank);
        if (c.conf > 0) {
          c.idx = i;
          edits.push_back(std::move(c));
        }
      }
    }
    // A delimiter change plus one typo (bitcionjslib, ember_cli_babe): one edit apart once
    // delimiters are dropped, further apart with them.
    if (std::string qst = strip_delims(qb); qst.size() + 1 >= kStrippedEditMinLen) {
      std::vector<std::uint32_t> near;
      for_each_deletion(
          qst, false,
          [&](std::uint64_t h) {
            if (near.size() < kMaxProbeCandidates) {
              d.keys.find(h, [&](std::uint32_t v) { near.push_back(v); });
            }
          },
          route_salt(Route::kStrippedDeletion));
      std::sort(near.begin(), near.end());
      near.erase(std::unique(near.begin(), near.end()), near.end());
      for (std::uint32_t b : near) {
        const Base& base = d.bases[b];
        const std::string tst = strip_delims(base.text);
        if (tst == qst || osa(qst, tst, 1) != 1 || osa(qb, base.text, 1) <= 1) continue;
        for (std::uint32_t k = 0; k < base.n; ++k) {
          const std::uint32_t i = d.base_entries[base.first + k];
          if (!scope_may_match(d.entries[i])) continue;
          Candidate c = classify_edit(qst, tst, 1, d.entries[i].rank);
          if (c.conf <= 0) continue;
          c.kinds.push_back("delimiter");
          c.conf = std::min(0.7, c.conf - 0.04);  // two changes: as strong as two edits at most
          c.idx = i;
          edits.push_back(std::move(c));
        }
      }
    }
    // An affix added to a typo of a popular name (matplatlib-plus): one letter replaced once
    // the affix is removed. Not a letter added or dropped: with an affix that is how
    // legitimate names differ (node-schedule / scheduler, cookies-js / cookie).
    // Only the one-deletion variants matter (a replaced letter deleted on both sides); their
    // filter reads are issued together, as for the edits above.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> probes;  // (hash, index in forms)
    for (std::uint32_t fi = 0; fi < forms.size(); ++fi) {
      const std::string& form = forms[fi].form;
      if (form.size() < kComboEditMinLen || form.size() > kEdit2MaxLen) continue;
      bool whole = true;  // for_each_deletion() gives the form itself first
      for_each_deletion(form, false, [&](std::uint64_t h) {
        if (!whole) probes.emplace_back(h, fi);
        whole = false;
      });
    }
    for (const auto& pr : probes) d.keys.prefetch_filter(pr.first);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> near;  // (base, index in forms)
    for (const auto& [h, fi] : probes) {
      if (near.size() >= kMaxProbeCandidates) break;
      d.keys.find(h, [&, fi = fi](std::uint32_t v) { near.emplace_back(v, fi); });
    }
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    for (const auto& [b, fi] : near) {
      const std::string& form = forms[fi].form;
      const Base& base = d.bases[b];
      if (base.best_rank > kComboMaxRank || base.text == qb || base.text == form ||
          base.text.size() != form.size() || osa(form, base.text, 1) != 1) {
        continue;
      }
      for (std::uint32_t k = 0; k < base.n; ++k) {
        const std::uint32_t i = d.base_entries[base.first + k];
        if (d.entries[i].rank > kComboMaxRank) continue;
        if (!scope_may_match(d.entries[i])) continue;
        Candidate c = classify_edit(form, base.text, 1, d.entries[i].rank);
        if (c.conf <= 0 ||
            std::find(c.kinds.begin(), c.kinds.end(), "delimiter") != c.kinds.end()) {
          continue;
        }
        c.kinds.insert(c.kinds.begin(), "combosquat");
        c.conf = std::min(0.62, c.conf - 0.1);  // two changes, like a two-edit match
        c.idx = i;
        edits.push_back(std::move(c));
      }
    }
    // In corpus order, as if the table held entries.
    std::sort(edits.begin(), edits.end(),
              [](const Candidate& x, const Candidate& y) { return x.idx < y.idx; });
    for (Candidate& c : edits) cands.push_back(std::move(c));
  }
  // Alternate spellings.
  for (const auto& [uk, us] : kSpellings) {
    for (int dir = 0; dir < 2; ++dir) {
      const std::string_view from = dir ? us : uk, to = dir ? uk : us;
      const std::size_t p = qb.find(from);
      if (p == std::string::npos) continue;
      std::string alt = qb;
      alt.replace(p, from.size(), to);
      add_list(Route::kBase, alt, [](const Entry&) {
        return Candidate{0, {"alternate-spelling"}, 0.85, false};
      });
    }
  }
  // Combosquats: a known affix added to, removed from or swapped on a popular name.
  // Affix added to the exact popular name: weak affixes only against the most popular
  // names, strong ones (-npm, node-, -selfbot, ...) against any. Affixes swapped on both
  // sides (core-http vs core-js) are a weaker signal.
  for (const Deaffixed& f : forms) {
    if (f.form.size() < 4) continue;
    add_list(Route::kBase, f.form, [&](const Entry& e) {
      if (e.base == qb) return Candidate{0, {}, 0.0, false};
      if (e.rank <= kComboMaxRank) return Candidate{0, {"combosquat"}, 0.7, false};
      if (f.strong && e.base.size() >= 5) return Candidate{0, {"combosquat"}, 0.68, false};
      return Candidate{0, {}, 0.0, false};
    });
    add_list(Route::kAffix, f.form, [&](const Entry& e) {
      if (e.rank > kComboMaxRank || e.base == qb || f.form.size() < 5)
        return Candidate{0, {}, 0.0, false};
      return Candidate{0, {"combosquat"}, 0.62, false};
    });
  }
  // A short popular name (d3, pg, ws) with the ecosystem's own name added: d3.js, node-pg.
  if (const auto t = tokens(qb); t.size() == 2) {
    const bool front = ecosystem_marker(d.eco, t[0]), back = ecosystem_marker(d.eco, t[1]);
    const std::string_view form = front ? t[1] : t[0];
    if (front != back && form.size() >= 2 && form.size() < 4) {
      add_list(Route::kBase, std::string(form), [&](const Entry& e) {
        if (e.rank > kShortComboMaxRank) return Candidate{0, {}, 0.0, false};
        return Candidate{0, {"combosquat"}, 0.66, false};
      });
    }
  }
  // PyPI distributions named py<import name> (pysmb, pyjwt): the bare import name, even a
  // short one, stands for the distribution.
  if (d.eco == Ecosystem::kPypi && qb.size() >= 3) {
    for (std::string_view prefix : {"py", "python-"}) {
      add_list(Route::kBase, std::string(prefix) + qb, [&](const Entry& e) {
        if (e.rank > kShortComboMaxRank) return Candidate{0, {}, 0.0, false};
        return Candidate{0, {"combosquat"}, 0.66, false};
      });
    }
  }
  if (qb.size() >= 4) {
    add_list(Route::kAffix, qb, [&](const Entry& e) {
      if (e.rank > kComboMaxRank || e.base == qb) return Candidate{0, {}, 0.0, false};
      // A popular name with an affix dropped. A weak affix (-core, -tools) marks a part of a
      // project whose main package is the bare name (pydantic / pydantic-core); unscoped,
      // only a strong one dropped makes a squat (dateutil / python-dateutil). In a look-alike
      // scope any affix counts. The forms are recomputed only for the few entries here.
      if (qs.empty()) {
        const auto forms = deaffixed(d.eco, e.base);
        if (std::none_of(forms.begin(), forms.end(),
                         [&](const Deaffixed& f) { return f.form == qb && f.strong; })) {
          return Candidate{0, {}, 0.0, false};
        }
      }
      return Candidate{0, {"combosquat"}, 0.7, false};
    });
  }
  // Scope turned into a prefix: types-node for @types/node, azure-core-http.
  if (qs.empty()) {
    for (std::size_t p = 0; p < qb.size(); ++p) {
      if (!is_delim(qb[p])) continue;
      if (p < 3 || p + 3 > qb.size()) continue;
      std::string sc = "@" + qb.substr(0, p) + "/" + qb.substr(p + 1);
      if (qb.find_first_of("-_.", p + 1) != std::string::npos) continue;  // babel-preset-env
      if (auto i = d.exact(sc);
          i && (d.entries[*i].rank <= kScopeAddMaxRank || d.entries[*i].scope == "types")) {
        cands.push_back(Candidate{*i, {"delimiter"}, 0.9, false, true});
        cands.back().kinds.insert(cands.back().kinds.begin(), "scope-confusion");
      }
    }
  }

  // Scope relation, popularity, homoglyph evidence; keep the best.
  std::optional<Confusion> best;
  std::vector<Confusion> found;
  for (Candidate& c : cands) {
    if (self && c.idx == *self) continue;
    const Entry& e = d.entries[c.idx];
    double conf = c.conf;
    if (c.scope_done) {
      // kinds and confidence set by the route
    } else if (qs == e.scope) {
      if (!qs.empty()) continue;  // same scope: only its owner publishes there
    } else if (qs.empty()) {      // scope dropped: @azure/arm-storage -> arm-storage
      if (e.scope == "types" || e.base.size() < 5) continue;
      // A base name published under several scopes (@x/utils, @y/utils) is generic:
      // dropping the scope of one of them is not a confusion with it, unless the name is
      // exactly that base and one scope's package is by far the most popular.
      if (!dominant_in_base(d, c.idx, self, c.base_equal, qb.find(e.base) != std::string::npos)) {
        continue;
      }
      // An unscoped package with its own type definitions (@types/watcher) is a package in
      // its own right, not a scope dropped.
      if (c.base_equal && has_type_package(d, qb, self)) continue;
      c.kinds.insert(c.kinds.begin(), "scope-confusion");
      conf = c.base_equal ? 0.8 : conf * 0.85;
    } else if (e.scope.empty()) {  // scope added: lodash -> @evil/lodash
      if (qs == "types" || !c.base_equal || e.base.size() < 5 || e.rank > kScopeAddMaxRank ||
          popular_scope) {
        continue;
      }
      c.kinds.insert(c.kinds.begin(), "scope-confusion");
      conf = 0.6;
    } else {  // two scopes: only look-alike ones, and not a scope that is itself popular
      if (popular_scope) continue;
      if (!scope_alike(e)) continue;
      c.kinds.insert(c.kinds.begin(), "scope-confusion");
      // Imitating a corpus scope is a stronger signal than adding a scope to a popular
      // name (0.6 above): its owner's packages are what the name pretends to be.
      conf = c.base_equal ? 0.9 : conf * 0.9;
    }
    if (c.kinds.empty()) continue;
    conf *= popularity_factor(e.rank);
    if (norm->folded_homoglyph) {
      if (std::find(c.kinds.begin(), c.kinds.end(), "homoglyph") == c.kinds.end()) {
        c.kinds.push_back("homoglyph");
      }
      conf = std::max(conf, 0.9);
    }
    conf = std::clamp(conf, 0.0, 1.0);
    if (conf < kMinConfidence) continue;
    // Several routes can reach the same target (commander2: one edit and a version suffix):
    // keep the strongest confidence and every kind.
    auto same = std::find_if(found.begin(), found.end(),
                             [&](const Confusion& f) { return f.imitated == e.name; });
    if (same == found.end()) {
      found.push_back(Confusion{e.name, e.rank, std::move(c.kinds), conf});
      continue;
    }
    same->confidence = std::max(same->confidence, conf);
    for (std::string& k : c.kinds) {
      if (std::find(same->kinds.begin(), same->kinds.end(), k) == same->kinds.end()) {
        same->kinds.push_back(std::move(k));
      }
    }
  }
  for (Confusion& f : found) {
    if (!best || f.confidence > best->confidence + 1e-9 ||
        (std::abs(f.confidence - best->confidence) <= 1e-9 && f.rank < best->rank)) {
      best = std::move(f);
    }
  }
  return best;
}

}  // namespace

}  // namespace airlock::names
