// support bytes: bounds-checked little-endian reads never go past the range.
#include "support/bytes.h"

#include <gtest/gtest.h>

#include <array>

namespace {

TEST(Bytes, ReadLittleEndian) {
  const std::array<std::uint8_t, 6> raw{0x78, 0x56, 0x34, 0x12, 0xaa, 0xbb};
  support::Bytes b(raw);
  std::uint32_t v32 = 0;
  EXPECT_TRUE(support::read_le(b, 0, v32));
  EXPECT_EQ(v32, 0x12345678u);
  std::uint16_t v16 = 0;
  EXPECT_TRUE(support::read_le(b, 4, v16));
  EXPECT_EQ(v16, 0xbbaau);
  EXPECT_FALSE(support::read_le(b, 5, v16));
  EXPECT_FALSE(support::read_le(b, 7, v16));
  EXPECT_FALSE(support::read_le(b, SIZE_MAX, v16));
}

TEST(Bytes, SubRangeAndChecksum) {
  const std::array<std::uint8_t, 4> raw{1, 2, 3, 250};
  support::Bytes b(raw), out;
  EXPECT_TRUE(support::sub_range(b, 1, 3, out));
  EXPECT_EQ(out.size(), 3u);
  EXPECT_FALSE(support::sub_range(b, 2, 3, out));
  EXPECT_EQ(support::byte_sum(b), 0);
  EXPECT_EQ(support::align_up(0x1001, 0x1000), 0x2000u);
  EXPECT_EQ(support::align_down(0x1fff, 0x1000), 0x1000u);
}

}  // namespace
