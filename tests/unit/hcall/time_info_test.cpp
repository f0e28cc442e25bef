// TSC scale from the TSC frequency and the seqlock writer, against values
// worked out by hand (ns per tick = 1e6 / kHz).
#include <gtest/gtest.h>

#include "hcall/time_info.h"

namespace hcall {
namespace {

TEST(TimeInfo, ScaleAt2GHzIsOneHalf) {
  auto s = scale_from_tsc_khz(2'000'000);
  EXPECT_EQ(s.mul, 0x80000000u);
  EXPECT_EQ(s.shift, 0);
  EXPECT_EQ(abi::tsc_delta_to_ns(2'000'000'000, s.mul, s.shift), 1'000'000'000u);
}

TEST(TimeInfo, ScaleAt3GHzShiftsRight) {
  // 1/3 is normalised to 2/3 with the delta halved: mul = floor(2^33 / 3).
  auto s = scale_from_tsc_khz(3'000'000);
  EXPECT_EQ(s.mul, 0xAAAAAAAAu);
  EXPECT_EQ(s.shift, -1);
  EXPECT_EQ(abi::tsc_delta_to_ns(3'000'000'000, s.mul, s.shift), 999'999'999u);
}

TEST(TimeInfo, ScaleAt1GHzAnd500MHzShiftsLeft) {
  auto one = scale_from_tsc_khz(1'000'000);  // 1 ns per tick = (d << 1) * 0.5
  EXPECT_EQ(one.mul, 0x80000000u);
  EXPECT_EQ(one.shift, 1);
  EXPECT_EQ(abi::tsc_delta_to_ns(12345, one.mul, one.shift), 12345u);
  auto half = scale_from_tsc_khz(500'000);  // 2 ns per tick = (d << 2) * 0.5
  EXPECT_EQ(half.mul, 0x80000000u);
  EXPECT_EQ(half.shift, 2);
  EXPECT_EQ(abi::tsc_delta_to_ns(12345, half.mul, half.shift), 24690u);
}

TEST(TimeInfo, ScaleAt2_4GHz) {
  // 1e6 / 2.4e6 = 5/12 -> 5/6 with the delta halved: floor(2^32 * 5 / 6) = 3579139413.
  auto s = scale_from_tsc_khz(2'400'000);
  EXPECT_EQ(s.mul, 3579139413u);
  EXPECT_EQ(s.shift, -1);
  EXPECT_EQ(abi::tsc_delta_to_ns(2'400'000'000, s.mul, s.shift), 999'999'999u);
}

TEST(TimeInfo, ZeroFrequencyGivesZeroScale) {
  auto s = scale_from_tsc_khz(0);
  EXPECT_EQ(s.mul, 0u);
  EXPECT_EQ(s.shift, 0);
}

TEST(TimeInfo, PublishLeavesAnEvenNewVersion) {
  abi::VcpuTimeInfo t{};
  publish_time(t, 1000, 5000, scale_from_tsc_khz(2'000'000));
  EXPECT_EQ(t.version, 2u);
  EXPECT_EQ(t.tsc_timestamp, 1000u);
  EXPECT_EQ(t.system_time_ns, 5000u);
  EXPECT_EQ(abi::read_time(t, 3000), 6000u);  // 5000 + 2000 ticks at 2 GHz
  publish_time(t, 3000, 6000, scale_from_tsc_khz(1'000'000));
  EXPECT_EQ(t.version, 4u);
  EXPECT_EQ(abi::read_time(t, 3500), 6500u);
  t.version = 5;  // a writer that died half-way
  publish_time(t, 0, 0, {});
  EXPECT_EQ(t.version, 6u);
}

}  // namespace
}  // namespace hcall
