// support error values: Status and Result carry either a value or a reason.
#include "support/error.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using support::Errc;

support::Result<int> half(int v) {
  if (v % 2 != 0) return support::make_error(Errc::invalid, "odd value");
  return v / 2;
}

TEST(Error, ResultValueAndError) {
  auto a = half(8);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 4);
  auto b = half(3);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, Errc::invalid);
  EXPECT_STREQ(b.error().reason, "odd value");
  EXPECT_EQ(b.status().code(), Errc::invalid);
}

TEST(Error, ResultCopiesNonTrivialValues) {
  support::Result<std::string> r(std::string("pool"));
  support::Result<std::string> c = r;
  EXPECT_EQ(*c, "pool");
  c = support::Result<std::string>(support::make_error(Errc::busy, "in use"));
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(*r, "pool");
}

TEST(Error, StatusAndNames) {
  support::Status ok;
  EXPECT_TRUE(ok.ok());
  support::Status bad = support::make_error(Errc::permission, "not privileged");
  EXPECT_FALSE(bad.ok());
  EXPECT_STREQ(bad.reason(), "not privileged");
  EXPECT_STREQ(support::errc_name(Errc::not_found), "not found");
}

}  // namespace
