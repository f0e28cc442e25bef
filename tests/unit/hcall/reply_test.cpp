// support::Errc -> ABI errno mapping and the Reply helpers.
#include <gtest/gtest.h>

#include "hcall/reply.h"

namespace hcall {
namespace {

TEST(Reply, MapsEverySupportCode) {
  using support::Errc;
  EXPECT_EQ(to_errno(Errc::ok), abi::Errno::ok);
  EXPECT_EQ(to_errno(Errc::permission), abi::Errno::perm);
  EXPECT_EQ(to_errno(Errc::not_found), abi::Errno::noent);
  EXPECT_EQ(to_errno(Errc::io), abi::Errno::io);
  EXPECT_EQ(to_errno(Errc::no_memory), abi::Errno::nomem);
  EXPECT_EQ(to_errno(Errc::fault), abi::Errno::fault);
  EXPECT_EQ(to_errno(Errc::busy), abi::Errno::busy);
  EXPECT_EQ(to_errno(Errc::exists), abi::Errno::exist);
  EXPECT_EQ(to_errno(Errc::invalid), abi::Errno::inval);
  EXPECT_EQ(to_errno(Errc::no_space), abi::Errno::nospc);
  EXPECT_EQ(to_errno(Errc::range), abi::Errno::range);
  EXPECT_EQ(to_errno(Errc::unsupported), abi::Errno::opnotsupp);
  EXPECT_EQ(to_errno(static_cast<Errc>(999)), abi::Errno::io);
}

TEST(Reply, RefusalFromSupportErrorKeepsTheReason) {
  auto r = refusal_from(support::make_error(support::Errc::busy, "pool has domains"));
  EXPECT_EQ(r.error, abi::Errno::busy);
  EXPECT_STREQ(r.reason, "pool has domains");
}

TEST(Reply, RaxValue) {
  Reply<int> good(7);
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(to_rax(good, 7), 7);
  Reply<int> bad(refuse(abi::Errno::fault, "x"));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(to_rax(bad, 7), -14);
}

}  // namespace
}  // namespace hcall
