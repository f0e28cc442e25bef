// PagedGuestMemory: ownership checks and page-crossing copies.
#include <gtest/gtest.h>

#include "fake_memory.h"

namespace hcall {
namespace {

using test::FakeMemory;

TEST(GuestMemory, OwnsOnlyPresentPages) {
  FakeMemory m(4);  // [0, 0x4000)
  EXPECT_TRUE(m.owns(0, 0x4000));
  EXPECT_TRUE(m.owns(0x3fff, 1));
  EXPECT_TRUE(m.owns(0x1000, 0));
  EXPECT_FALSE(m.owns(0x3fff, 2));
  EXPECT_FALSE(m.owns(0x4000, 0));
  m.remove_page(2);
  EXPECT_FALSE(m.owns(0x1fff, 2));  // crosses into the hole
  EXPECT_TRUE(m.owns(0x1000, 0x1000));
}

TEST(GuestMemory, RefusesWrappingHugeAndWindowRanges) {
  FakeMemory m(4);
  EXPECT_FALSE(m.owns(0xffff'ffff'ffff'f000ull, 0x2000));
  EXPECT_FALSE(m.owns(0x1000, ~0ull));
  EXPECT_FALSE(m.owns(0, kMaxGuestBuffer + 1));
  EXPECT_FALSE(m.owns(abi::kGrantMapWindowGpa, 8));
}

TEST(GuestMemory, CopiesAcrossPages) {
  FakeMemory m(4);
  for (int i = 0; i < 8; ++i) *m.at(0x0ffc + i) = static_cast<std::uint8_t>(i + 1);
  std::uint8_t buf[8] = {};
  ASSERT_TRUE(m.copy_in(0x0ffc, buf).ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(buf[i], i + 1);
  const std::uint8_t out[3] = {9, 8, 7};
  ASSERT_TRUE(m.copy_out(0x1fff, out).ok());
  EXPECT_EQ(*m.at(0x1fff), 9);
  EXPECT_EQ(*m.at(0x2000), 8);
  EXPECT_EQ(*m.at(0x2001), 7);
}

TEST(GuestMemory, RefusedCopyChangesNothing) {
  FakeMemory m(2);
  m.remove_page(1);
  const std::uint8_t out[4] = {1, 2, 3, 4};
  auto r = m.copy_out(0x0ffe, out);
  EXPECT_EQ(r.error(), abi::Errno::fault);
  EXPECT_EQ(*m.at(0x0ffe), 0);
  EXPECT_EQ(*m.at(0x0fff), 0);
  std::uint8_t in[4] = {5, 5, 5, 5};
  EXPECT_EQ(m.copy_in(0x0ffe, in).error(), abi::Errno::fault);
  EXPECT_EQ(in[0], 5);
}

}  // namespace
}  // namespace hcall
