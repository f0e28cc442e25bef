// The tokenizer: whitespace, quotes, escapes and its limits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell/tokenizer.h"

namespace shell {
namespace {

std::vector<std::string> tokens(std::string_view line) {
  TokenList t;
  EXPECT_TRUE(tokenize(line, t)) << line;
  std::vector<std::string> v;
  for (std::size_t i = 0; i < t.size(); ++i) v.emplace_back(t[i]);
  return v;
}

using V = std::vector<std::string>;

TEST(Tokenizer, Whitespace) {
  EXPECT_EQ(tokens("  list \t 3  "), (V{"list", "3"}));
  EXPECT_EQ(tokens(""), V{});
  EXPECT_EQ(tokens("   "), V{});
}

TEST(Tokenizer, Quotes) {
  EXPECT_EQ(tokens("create name=x 'cmdline=a b'"), (V{"create", "name=x", "cmdline=a b"}));
  EXPECT_EQ(tokens("create cmdline=\"a b\" x"), (V{"create", "cmdline=a b", "x"}));
  EXPECT_EQ(tokens("a\"b c\"d"), (V{"ab cd"}));
  EXPECT_EQ(tokens("'' \"\""), (V{"", ""}));
  EXPECT_EQ(tokens("'a\\b'"), (V{"a\\b"})) << "single quotes are literal";
  EXPECT_EQ(tokens("\"a\\\"b\\\\c\\n\""), (V{"a\"b\\c\\n"})) << "only \\\" and \\\\ escape";
  EXPECT_EQ(tokens("\"it's\""), (V{"it's"}));
}

TEST(Tokenizer, BackslashOutsideQuotes) {
  EXPECT_EQ(tokens("a\\ b c"), (V{"a b", "c"}));
  EXPECT_EQ(tokens("\\'x"), (V{"'x"}));
}

TEST(Tokenizer, Errors) {
  TokenList t;
  EXPECT_STREQ(tokenize("a 'b", t).reason(), "unterminated quote");
  EXPECT_EQ(t.size(), 0u);
  EXPECT_STREQ(tokenize("a \"b", t).reason(), "unterminated quote");
  EXPECT_STREQ(tokenize("a \"b\\\"", t).reason(), "unterminated quote");
  EXPECT_STREQ(tokenize("a\\", t).reason(), "backslash at end of line");
  std::string many;
  for (int i = 0; i < 33; ++i) many += "x ";
  EXPECT_STREQ(tokenize(many, t).reason(), "too many arguments");
  std::string exactly;
  for (int i = 0; i < 32; ++i) exactly += "x ";
  EXPECT_TRUE(tokenize(exactly, t));
  EXPECT_EQ(t.size(), 32u);
  EXPECT_STREQ(tokenize(std::string(401, 'a'), t).reason(), "line too long");
  EXPECT_TRUE(tokenize(std::string(400, 'a'), t));
}

}  // namespace
}  // namespace shell
