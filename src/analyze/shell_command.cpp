#include "analyze/shell_command.h"

#include <cctype>

namespace airlock::analyze {
namespace {

constexpr std::size_t kMaxWords = 4096;

bool is_assignment(const std::string& w) {
  auto eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    char c = w[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::vector<Pipeline> parse_shell(std::string_view s) {
  std::vector<Pipeline> out(1);
  SimpleCommand cur;
  std::string word;
  bool in_word = false;
  std::size_t words = 0;
  auto end_word = [&] {
    if (in_word) {
      if (!(cur.words.empty() && is_assignment(word))) cur.words.push_back(word);
      ++words;
    }
    word.clear();
    in_word = false;
  };
  auto end_command = [&](bool pipe_next) {
    end_word();
    if (!cur.words.empty()) out.back().push_back(cur);
    cur = SimpleCommand{};
    cur.piped_from_previous = pipe_next;
  };
  auto end_pipeline = [&] {
    end_command(false);
    if (!out.back().empty()) out.emplace_back();
  };
  for (std::size_t i = 0; i < s.size() && words < kMaxWords; ++i) {
    char c = s[i];
    if (c == '\'') {
      in_word = true;
      std::size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) end = s.size();
      word.append(s.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      in_word = true;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        word.push_back(s[i]);
      }
    } else if (c == '\\' && i + 1 < s.size()) {
      in_word = true;
      word.push_back(s[++i]);
    } else if (c == ' ' || c == '\t') {
      end_word();
    } else if (c == '|' && i + 1 < s.size() && s[i + 1] == '|') {
      end_pipeline();
      ++i;
    } else if (c == '|') {
      end_command(true);
    } else if (c == '&' && i + 1 < s.size() && s[i + 1] == '&') {
      end_pipeline();
      ++i;
    } else if (c == ';' || c == '\n' || c == '&') {
      end_pipeline();
    } else if ((c == '(' || c == ')') && !in_word) {
      end_pipeline();
    } else {
      in_word = true;
      word.push_back(c);
    }
  }
  end_pipeline();
  if (out.back().empty()) out.pop_back();
  return out;
}

}  // namespace airlock::analyze
