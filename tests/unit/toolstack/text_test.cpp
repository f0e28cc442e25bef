// Output formatting helpers of the toolstack: CPU lists, fixed point,
// durations, policy and state names. Expected values worked by hand.
#include <gtest/gtest.h>

#include "toolstack/text.h"

namespace toolstack {
namespace {

template <typename F>
std::string capture(F f) {
  support::FixedString<256> s;
  f(s.sink());
  return std::string(s.view());
}

abi::CpuMask mask_of(std::initializer_list<std::uint32_t> cpus) {
  abi::CpuMask m{};
  for (auto c : cpus) abi::cpu_mask_set(m, c);
  return m;
}

TEST(ToolstackText, CpuLists) {
  EXPECT_EQ(capture([](auto& s) { write_cpu_list(s, mask_of({0, 1, 2, 3, 5})); }), "0-3,5");
  EXPECT_EQ(capture([](auto& s) { write_cpu_list(s, mask_of({})); }), "-");
  EXPECT_EQ(capture([](auto& s) { write_cpu_list(s, mask_of({0})); }), "0");
  EXPECT_EQ(capture([](auto& s) { write_cpu_list(s, mask_of({0, 2})); }), "0,2");
  EXPECT_EQ(capture([](auto& s) { write_cpu_list(s, mask_of({63, 64, 255})); }), "63-64,255");
  EXPECT_EQ(mask_count(mask_of({1, 7, 200})), 3u);
  EXPECT_TRUE(mask_empty(mask_of({})));
}

TEST(ToolstackText, FixedPointAndDurations) {
  EXPECT_EQ(capture([](auto& s) { write_fixed(s, 125, 1); }), "12.5");
  EXPECT_EQ(capture([](auto& s) { write_fixed(s, 5, 3); }), "0.005");
  EXPECT_EQ(capture([](auto& s) { write_fixed(s, 1000, 0); }), "1000");
  EXPECT_EQ(capture([](auto& s) { write_fixed(s, 400, 3); }), "0.400");
  EXPECT_EQ(capture([](auto& s) { write_duration(s, 10'000'000); }), "10ms");
  EXPECT_EQ(capture([](auto& s) { write_duration(s, 500'000); }), "500us");
  EXPECT_EQ(capture([](auto& s) { write_duration(s, 2'000'000'000); }), "2s");
  EXPECT_EQ(capture([](auto& s) { write_duration(s, 7); }), "7ns");
  EXPECT_EQ(capture([](auto& s) { write_duration(s, 0); }), "0ns");
}

TEST(ToolstackText, PoliciesServersStates) {
  EXPECT_STREQ(policy_name(3, 0), "gedf");
  EXPECT_STREQ(policy_name(3, 1), "pedf");
  EXPECT_STREQ(policy_name(0, 1), "pfp");
  EXPECT_STREQ(policy_name(1, 0), "gdm");
  EXPECT_STREQ(policy_name(2, 1), "prm");
  EXPECT_STREQ(policy_name(4, 0), "?");
  PolicyAbi pfp = policy_to_abi(shell::PoolPolicy::pfp);
  EXPECT_EQ(pfp.priority, 0u);
  EXPECT_EQ(pfp.placement, 1u);
  PolicyAbi gedf = policy_to_abi(shell::PoolPolicy::gedf);
  EXPECT_EQ(gedf.priority, 3u);
  EXPECT_EQ(gedf.placement, 0u);
  EXPECT_STREQ(server_name(0), "deferrable");
  EXPECT_STREQ(server_name(3), "sporadic");
  EXPECT_STREQ(server_name(6), "?");
  EXPECT_STREQ(state_letters(1), "r-----");
  EXPECT_STREQ(state_letters(2), "--p---");
  EXPECT_STREQ(state_letters(4), "----c-");
}

}  // namespace
}  // namespace toolstack
