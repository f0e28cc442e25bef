// Host-level packing, RT-Filter (minimum pCPUs) and RT-Weigher capacity.
#include "analysis/packing.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

namespace {

using namespace analysis;
using support::Errc;

// Deferrable servers (issue 11): towards the others a deferrable server is
// a periodic task with release jitter period - budget; itself it is checked
// without (its guest's PRM supply bound asks nothing of a period it
// deferred in). The ch3 U 4.7 seed 12 pair, U = 0.925: (9, 40) can run its
// 9 units in the 9 before its deadline, when (7, 10) is backlogged for the
// same deadline: 9 + 7 > 10. As periodic servers they fit.
TEST(Packing, DeferrableServersChargeTheirJitter) {
  std::array<std::uint32_t, 2> same{0, 0};
  std::array<HostVcpu, 2> seed12{HostVcpu{9, 40, 0, true}, HostVcpu{7, 10, 1, true}};
  EXPECT_FALSE(pcpu_schedulable(seed12, same, 0, HostPolicy::edf));
  // Under DM the (7, 10) server outranks (9, 40), which therefore cannot
  // take its budget in one piece ahead of it: R = 9 + ceil((R + 3) / 10) * 7
  // = 37 <= 40 with (7, 10)'s jitter 3.
  EXPECT_TRUE(pcpu_schedulable(seed12, same, 0, HostPolicy::dm));
  std::array<HostVcpu, 2> periodic{HostVcpu{9, 40, 0}, HostVcpu{7, 10, 1}};
  EXPECT_TRUE(pcpu_schedulable(periodic, same, 0, HostPolicy::edf));
  EXPECT_TRUE(pcpu_schedulable(periodic, same, 0, HostPolicy::dm));
  // (4, 10) + (5, 10): with either deferring, the other still meets its
  // deadline (at most 5 + 4 <= 10 and 4 + 5 <= 10 in any window).
  std::array<HostVcpu, 2> even{HostVcpu{4, 10, 0, true}, HostVcpu{5, 10, 1, true}};
  EXPECT_TRUE(pcpu_schedulable(even, same, 0, HostPolicy::edf));
  // Only one of them deferrable: charged for that one only.
  std::array<HostVcpu, 2> one{HostVcpu{9, 40, 0, true}, HostVcpu{7, 10, 1, false}};
  EXPECT_FALSE(pcpu_schedulable(one, same, 0, HostPolicy::edf));
  std::array<HostVcpu, 2> other{HostVcpu{9, 40, 0, false}, HostVcpu{7, 10, 1, true}};
  EXPECT_TRUE(pcpu_schedulable(other, same, 0, HostPolicy::edf));
}

TEST(Packing, EdfExactBoundAndDmResponseTime) {
  // (2, 5) + (3, 5) = 1: fits EDF; harmonic, so DM too.
  std::array<HostVcpu, 2> a{HostVcpu{2, 5, 0}, HostVcpu{3, 5, 1}};
  std::array<std::uint32_t, 2> same{0, 0};
  EXPECT_TRUE(pcpu_schedulable(a, same, 0, HostPolicy::edf));
  EXPECT_TRUE(pcpu_schedulable(a, same, 0, HostPolicy::dm));
  // (2, 4) + (3, 6) = 1, harmonic.
  std::array<HostVcpu, 2> b{HostVcpu{2, 4, 0}, HostVcpu{3, 6, 1}};
  EXPECT_FALSE(
      pcpu_schedulable(b, same, 0, HostPolicy::dm));  // 4, 6 not harmonic: R2 = 3 + 2*2 = 7 > 6
  EXPECT_TRUE(pcpu_schedulable(b, same, 0, HostPolicy::edf));
  // (1, 4) + (2, 6): RTA R2 = 2 + 1 = 3 <= 6.
  std::array<HostVcpu, 2> c{HostVcpu{1, 4, 0}, HostVcpu{2, 6, 1}};
  EXPECT_TRUE(pcpu_schedulable(c, same, 0, HostPolicy::dm));
  // Over 1: neither.
  std::array<HostVcpu, 2> d{HostVcpu{3, 5, 0}, HostVcpu{3, 5, 1}};
  EXPECT_FALSE(pcpu_schedulable(d, same, 0, HostPolicy::edf));
}

TEST(Packing, BestFitFillsWorstFitSpreads) {
  std::array<HostVcpu, 3> v{HostVcpu{4, 10, 0}, HostVcpu{2, 10, 1}, HostVcpu{3, 10, 2}};
  std::array<std::uint32_t, 3> as{};
  auto best = pack_vcpus(v, 3, HostPolicy::edf, Fit::best, as);
  ASSERT_TRUE(best.ok());
  EXPECT_TRUE(best->schedulable);
  EXPECT_EQ(best->pcpus_used, 1u);  // 0.4 + 0.2 + 0.3 all on pCPU 0
  EXPECT_EQ(as[0], 0u);
  EXPECT_EQ(as[2], 0u);
  auto worst = pack_vcpus(v, 3, HostPolicy::edf, Fit::worst, as);
  ASSERT_TRUE(worst.ok());
  EXPECT_EQ(worst->pcpus_used, 3u);
  EXPECT_EQ(as[0], 0u);
  EXPECT_EQ(as[1], 1u);
  EXPECT_EQ(as[2], 2u);
}

TEST(Packing, AvoidsSiblingsWhenPossible) {
  // Same domain: best fit would stack them, but a sibling-free pCPU exists.
  std::array<HostVcpu, 2> v{HostVcpu{2, 10, 7}, HostVcpu{2, 10, 7}};
  std::array<std::uint32_t, 2> as{};
  auto r = pack_vcpus(v, 2, HostPolicy::edf, Fit::best, as);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(as[0], as[1]);
}

TEST(Packing, OverloadGoesToLeastLoaded) {
  std::array<HostVcpu, 3> v{HostVcpu{8, 10, 0}, HostVcpu{7, 10, 1}, HostVcpu{5, 10, 2}};
  std::array<std::uint32_t, 3> as{};
  auto r = pack_vcpus(v, 2, HostPolicy::edf, Fit::best, as);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->schedulable);
  EXPECT_EQ(r->overloaded, 1u);
  EXPECT_EQ(as[2], 1u);  // 0.7 < 0.8
}

TEST(Packing, MinPcpusHandExample) {
  // Six vCPUs of bandwidth 0.6 cannot share: six pCPUs. Plus four of 0.4
  // that pair with them.
  std::vector<HostVcpu> v;
  for (int i = 0; i < 6; ++i) v.push_back(HostVcpu{6, 10, static_cast<std::uint32_t>(i)});
  for (int i = 0; i < 4; ++i) v.push_back(HostVcpu{4, 10, static_cast<std::uint32_t>(10 + i)});
  std::vector<std::uint32_t> as(v.size());
  auto need = min_pcpus(v, HostPolicy::edf, Fit::best, 16, as);
  ASSERT_TRUE(need.ok());
  ASSERT_TRUE(need->fits);
  EXPECT_EQ(need->pcpus, 6u);
  auto none = min_pcpus(v, HostPolicy::edf, Fit::best, 5, as);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->fits);
}

TEST(Packing, PropertyPackingIsValidAndMinimalAboveBound) {
  std::mt19937 rng(3);
  for (int iter = 0; iter < 200; ++iter) {
    std::vector<HostVcpu> v;
    int n = std::uniform_int_distribution<int>(1, 12)(rng);
    const Time periods[] = {10, 20, 40, 25, 50};
    for (int i = 0; i < n; ++i) {
      Time p = periods[std::uniform_int_distribution<int>(0, 4)(rng)];
      v.push_back(HostVcpu{std::uniform_int_distribution<Time>(1, p)(rng), p,
                           static_cast<std::uint32_t>(i % 3)});
    }
    std::vector<std::uint32_t> as(v.size());
    for (auto policy : {HostPolicy::edf, HostPolicy::dm}) {
      auto need = min_pcpus(v, policy, Fit::worst, 16, as);
      ASSERT_TRUE(need.ok());
      ASSERT_TRUE(need->fits);  // each vCPU alone fits, 12 <= 16
      // Every pCPU of the reported packing passes its test.
      for (std::uint32_t c = 0; c < need->pcpus; ++c)
        EXPECT_TRUE(pcpu_schedulable(v, as, c, policy));
      // And the packing with one pCPU less fails.
      if (need->pcpus > 1) {
        auto r = pack_vcpus(v, need->pcpus - 1, policy, Fit::worst, as);
        ASSERT_TRUE(r.ok());
        EXPECT_FALSE(r->schedulable);
      }
    }
  }
}

TEST(Packing, CapacityForTheWeigher) {
  std::array<HostVcpu, 3> v{HostVcpu{5, 10, 0}, HostVcpu{5, 10, 1}, HostVcpu{1, 3, 2}};
  std::array<std::uint32_t, 3> as{};
  auto cap = host_capacity(v, 4, HostPolicy::edf, Fit::worst, as);
  ASSERT_TRUE(cap.ok());
  EXPECT_TRUE(cap->admitted);
  EXPECT_EQ(cap->needed_pcpus, 2u);
  EXPECT_EQ(cap->spare_pcpus, 2);
  // 4 - (0.5 + 0.5 + 1/3) = 2.666666.. -> rounded down in millionths.
  EXPECT_EQ(cap->spare_bandwidth_ppm, 2666666);
  auto full = host_capacity(v, 1, HostPolicy::edf, Fit::worst, as);
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(full->admitted);
  EXPECT_LT(full->spare_bandwidth_ppm, 0);
}

TEST(Packing, RejectsBadInput) {
  std::array<std::uint32_t, 2> as{};
  std::array<HostVcpu, 1> over{HostVcpu{11, 10, 0}};
  EXPECT_EQ(pack_vcpus(over, 2, HostPolicy::edf, Fit::best, as).error().code, Errc::invalid);
  std::array<HostVcpu, 1> zero{HostVcpu{1, 0, 0}};
  EXPECT_EQ(pack_vcpus(zero, 2, HostPolicy::edf, Fit::best, as).error().code, Errc::invalid);
  std::array<HostVcpu, 1> ok{HostVcpu{1, 10, 0}};
  EXPECT_EQ(pack_vcpus(ok, 0, HostPolicy::edf, Fit::best, as).error().code, Errc::invalid);
  EXPECT_EQ(pack_vcpus(ok, 1, HostPolicy::edf, Fit::best, std::span<std::uint32_t>{}).error().code,
            Errc::no_space);
  EXPECT_EQ(min_pcpus(ok, HostPolicy::edf, Fit::best, 300, as).error().code, Errc::range);
}

}  // namespace
