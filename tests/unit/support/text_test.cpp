// support text helpers: tokens, trimming, integers, command-line lookup.
#include "support/text.h"

#include <gtest/gtest.h>

namespace {

using support::next_token;
using support::parse_u64;

TEST(Text, Trim) {
  EXPECT_EQ(support::trim("  a b \t\n"), "a b");
  EXPECT_EQ(support::trim("   "), "");
}

TEST(Text, Tokens) {
  std::string_view rest = "  create   rt1.cfg  now ";
  EXPECT_EQ(next_token(rest), "create");
  EXPECT_EQ(next_token(rest), "rt1.cfg");
  EXPECT_EQ(next_token(rest), "now");
  EXPECT_EQ(next_token(rest), "");
  std::string_view csv = "0,1,,3";
  EXPECT_EQ(next_token(csv, ','), "0");
  EXPECT_EQ(next_token(csv, ','), "1");
  EXPECT_EQ(next_token(csv, ','), "");
  EXPECT_EQ(next_token(csv, ','), "3");
  EXPECT_TRUE(csv.empty());
}

TEST(Text, ParseU64) {
  std::uint64_t v = 7;
  EXPECT_TRUE(parse_u64("0", v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(parse_u64("18446744073709551615", v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_FALSE(parse_u64("18446744073709551616", v));
  EXPECT_TRUE(parse_u64("0xFfe0", v));
  EXPECT_EQ(v, 0xffe0u);
  EXPECT_FALSE(parse_u64("", v));
  EXPECT_FALSE(parse_u64("0x", v));
  EXPECT_FALSE(parse_u64("12a", v));
  EXPECT_FALSE(parse_u64("-1", v));
  EXPECT_FALSE(parse_u64("101", v, 100));
  EXPECT_TRUE(parse_u64("100", v, 100));
  // A digit larger than the bound must not wrap the bound check around.
  EXPECT_FALSE(parse_u64("2", v, 1));
  EXPECT_FALSE(parse_u64("9", v, 0));
  EXPECT_FALSE(parse_u64("0xf", v, 9));
  EXPECT_TRUE(parse_u64("1", v, 1));
  EXPECT_EQ(v, 1u);
}

TEST(Text, CmdlineGet) {
  std::string_view v;
  std::string_view cmd = "console=com1 selftest  shutdown=on";
  EXPECT_TRUE(support::cmdline_get(cmd, "console", v));
  EXPECT_EQ(v, "com1");
  EXPECT_TRUE(support::cmdline_get(cmd, "selftest", v));
  EXPECT_EQ(v, "");
  EXPECT_TRUE(support::cmdline_get(cmd, "shutdown", v));
  EXPECT_EQ(v, "on");
  EXPECT_FALSE(support::cmdline_get(cmd, "consol", v));
  EXPECT_FALSE(support::cmdline_get("", "x", v));
}

}  // namespace
