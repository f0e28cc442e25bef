// The public ABI: fixed numbers, layouts and the inline helpers, checked
// against values worked out by hand.
#include <gtest/gtest.h>

#include <cstddef>

#include "tactus/abi.h"
#include "tactus/domctl.h"
#include "tactus/grant.h"
#include "tactus/shared_info.h"
#include "tactus/sysctl.h"

// Inside namespace tactus so `abi::` is ours, not <cxxabi.h>'s.
namespace tactus {
namespace {

TEST(Abi, KeepsTheExistingNumbers) {
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::console_write), 0x00u);
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::sched_shutdown), 0x13u);
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::evtchn_alloc_unbound), 0x20u);
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::grant_access), 0x30u);
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::domctl_create), 0x40u);
  EXPECT_EQ(static_cast<std::uint64_t>(abi::Hypercall::sysctl_cpupool_numa_split), 0x5au);
  EXPECT_EQ(abi::kErrNoSys, -38);
  EXPECT_EQ(abi::kErrInvalid, -22);
  EXPECT_EQ(abi::to_result(abi::Errno::srch), -3);
}

TEST(Abi, ErrorRangeOfRax) {
  EXPECT_TRUE(abi::is_error(static_cast<std::uint64_t>(-1)));
  EXPECT_TRUE(abi::is_error(static_cast<std::uint64_t>(-4095)));
  EXPECT_FALSE(abi::is_error(static_cast<std::uint64_t>(-4096)));
  EXPECT_FALSE(abi::is_error(0));
  EXPECT_FALSE(abi::is_error(63));
}

TEST(Abi, SharedInfoLayout) {
  EXPECT_EQ(sizeof(abi::SharedInfo), 4096u);
  EXPECT_EQ(offsetof(abi::SharedInfo, vcpu), 0u);
  EXPECT_EQ(offsetof(abi::VcpuInfo, time), 16u);
  EXPECT_EQ(offsetof(abi::SharedInfo, evtchn_pending), 16u * 64u);
  EXPECT_EQ(offsetof(abi::SharedInfo, evtchn_mask), 16u * 64u + 8u);
}

TEST(Abi, TscScaling) {
  // 3 GHz TSC: ns = tsc / 3 -> mul = 2^32 / 3 = 0x55555555, shift 0.
  EXPECT_EQ(abi::tsc_delta_to_ns(3'000'000'000ull, 0x55555555u, 0), 999'999'999ull);
  // 500 MHz: ns = 2 * tsc -> shift 1 and mul = 2^32 - 1 would be near 1; use
  // mul = 0x80000000 (0.5) with shift 2: (d << 2) * 0.5 = 2d.
  EXPECT_EQ(abi::tsc_delta_to_ns(1000, 0x80000000u, 2), 2000u);
  // Negative shift: (d >> 1) * 1.0 (mul 0xffffffff ~ 1 - 2^-32): 1000 >> 1 = 500 -> 499.
  EXPECT_EQ(abi::tsc_delta_to_ns(1000, 0xffffffffu, -1), 499u);
  // Large deltas keep full precision: 2^40 * 0.5 = 2^39.
  EXPECT_EQ(abi::tsc_delta_to_ns(1ull << 40, 0x80000000u, 0), 1ull << 39);
}

TEST(Abi, ReadTimeUsesTheRecord) {
  abi::VcpuTimeInfo t{};
  t.version = 2;
  t.tsc_timestamp = 1000;
  t.system_time_ns = 5'000;
  t.tsc_to_ns_mul = 0x80000000u;  // 2 GHz
  t.tsc_shift = 0;
  EXPECT_EQ(abi::read_time(t, 3000), 6'000u);  // 5000 + 2000 / 2
  EXPECT_EQ(abi::read_time(t, 500), 5'000u);   // TSC before the stamp: no negative time
}

TEST(Abi, CpuMaskHelpers) {
  abi::CpuMask m{};
  abi::cpu_mask_set(m, 0);
  abi::cpu_mask_set(m, 65);
  abi::cpu_mask_set(m, 256);  // ignored: out of range
  EXPECT_EQ(m.words[0], 1u);
  EXPECT_EQ(m.words[1], 2u);
  EXPECT_TRUE(abi::cpu_mask_test(m, 65));
  EXPECT_FALSE(abi::cpu_mask_test(m, 64));
  EXPECT_FALSE(abi::cpu_mask_test(m, 300));
}

TEST(Abi, GrantWindow) {
  EXPECT_EQ(abi::kGrantMapWindowGfn, 0xe0000u);
  EXPECT_TRUE(abi::in_grant_map_window(0xe0000));
  EXPECT_TRUE(abi::in_grant_map_window(0xe003f));
  EXPECT_FALSE(abi::in_grant_map_window(0xe0040));
  EXPECT_FALSE(abi::in_grant_map_window(0xdffff));
}

}  // namespace
}  // namespace tactus
