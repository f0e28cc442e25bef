// MPR supply, the gEDF test and the vCPU mappings.
#include "analysis/gedf.h"
#include "analysis/mpr.h"
#include "analysis/prm.h"
#include "analysis/prm_edf.h"
#include "analysis/vcpu_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <vector>

#include "oracle.h"

namespace {

using namespace analysis;
using support::Errc;

// Slot-based worst case: minimal supply of a window of length t whose
// start is an integer offset, each period packing its Theta as far away
// from the window as m' processors allow.
Time slot_sbf(Time pi, Time theta, Time m, Time t) {
  auto edge = [&](Time len) { return std::max<Time>(0, theta - m * (pi - len)); };
  Time best = -1;
  for (Time o = 0; o < pi; ++o) {
    Time first = pi - o;  // part of the first period inside the window
    Time s = 0;
    if (t <= first) {
      s = std::max<Time>(0, theta - m * (pi - t));  // inside one period
    } else {
      Time rest = t - first;
      s = edge(first) + (rest / pi) * theta + edge(rest % pi);
    }
    if (best < 0 || s < best) best = s;
  }
  return best;
}

TEST(Mpr, SbfHandValues) {
  // <4, 3, 2>: blackout 2 (4 - 1.5) = 5, ramp of slope 2 up to 3, flat.
  MprInterface r{4, 3, 2};
  const Time expect[] = {0, 0, 0, 0, 0, 0, 2, 3, 3, 3, 5, 6, 6, 6, 8};
  for (Time t = 0; t < 15; ++t) EXPECT_EQ(mpr_sbf(r, t), expect[t]) << "t=" << t;
}

TEST(Mpr, SingleProcessorIsThePeriodicResource) {
  for (Time pi = 1; pi <= 10; ++pi)
    for (Time th = 1; th <= pi; ++th)
      for (Time t = 0; t <= 50; ++t) ASSERT_EQ(mpr_sbf(MprInterface{pi, th, 1}, t), sbf(pi, th, t));
}

TEST(Mpr, NeverAboveSlotWorstCase) {
  for (Time m = 1; m <= 4; ++m)
    for (Time pi = 1; pi <= 7; ++pi)
      for (Time th = 1; th <= m * pi; ++th)
        for (Time t = 0; t <= 40; ++t) {
          Time mine = mpr_sbf(MprInterface{pi, th, static_cast<std::uint32_t>(m)}, t);
          Time slot = slot_sbf(pi, th, m, t);
          ASSERT_LE(mine, slot) << pi << " " << th << " " << m << " " << t;
          // When m' divides Theta the worst case starts on a slot boundary.
          if (th % m == 0) {
            ASSERT_EQ(mine, slot) << pi << " " << th << " " << m << " " << t;
          }
        }
}

TEST(Mpr, Validation) {
  EXPECT_EQ(validate_mpr(MprInterface{10, 5, 0}).code(), Errc::invalid);
  EXPECT_EQ(validate_mpr(MprInterface{10, 31, 3}).code(), Errc::invalid);
  EXPECT_EQ(validate_mpr(MprInterface{10, 5, 65}).code(), Errc::range);
  EXPECT_TRUE(validate_mpr(MprInterface{10, 30, 3}).ok());
}

TEST(Gedf, DemandHandValues) {
  std::array<Task, 2> ts{Task::implicit(10, 2), Task::implicit(10, 2)};
  // A = 0: 2 C_k + own (0) + other job (2) = 6.
  EXPECT_EQ(gedf_demand(ts, 0, 0, 2), 6);
  // A = 5: window 15; both tasks gain a carry-in of 2, one is counted.
  EXPECT_EQ(gedf_demand(ts, 0, 5, 2), 8);
  // m' = 1 ignores carry-in increments.
  EXPECT_EQ(gedf_demand(ts, 0, 5, 1), 2 + 0 + 2);
}

TEST(Gedf, DedicatedProcessorsExample) {
  // Four tasks (10, 3) on two dedicated processors: U = 1.2.
  std::array<Task, 4> ts{Task::implicit(10, 3), Task::implicit(10, 3), Task::implicit(10, 3),
                         Task::implicit(10, 3)};
  EXPECT_TRUE(*gedf_schedulable(ts, MprInterface{10, 20, 2}));
  // Total bandwidth at or below U can never pass.
  EXPECT_FALSE(*gedf_schedulable(ts, MprInterface{10, 12, 2}));
  auto mb = gedf_min_budget(ts, 10, 2);
  ASSERT_TRUE(mb.ok());
  ASSERT_TRUE(mb->feasible);
  EXPECT_GT(mb->budget, 12);
  EXPECT_LE(mb->budget, 20);
}

// Global EDF on the slot-level worst-case MPR pattern, jobs released
// synchronously when the early supply of the first period ends.
bool simulate_gedf(const std::vector<Task>& ts, const MprInterface& r) {
  const Time m = r.parallelism, alpha = r.budget / m, beta = r.budget % m;
  const Time release = alpha + (beta ? 1 : 0);
  auto cpus = [&](Time slot) -> Time {
    Time period = slot / r.period, off = slot % r.period;
    if (period == 0) return off < alpha ? m : (off == alpha ? beta : 0);
    Time late = r.period - off;  // 1 for the last slot
    return late <= alpha ? m : (late == alpha + 1 ? beta : 0);
  };
  struct Job { Time deadline; Time left; std::size_t task; };
  std::vector<Job> jobs;
  const Time horizon = release + 8 * oracle::lcm_of(ts) + 2 * r.period;
  for (Time slot = release; slot < horizon; ++slot) {
    for (std::size_t i = 0; i < ts.size(); ++i)
      if ((slot - release) % ts[i].period == 0) jobs.push_back({slot + ts[i].deadline, ts[i].wcet, i});
    for (const Job& j : jobs)
      if (j.deadline <= slot) return false;
    std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
      return a.deadline < b.deadline || (a.deadline == b.deadline && a.task < b.task);
    });
    Time c = std::min<Time>(cpus(slot), static_cast<Time>(jobs.size()));
    for (Time i = 0; i < c; ++i) --jobs[static_cast<std::size_t>(i)].left;
    std::erase_if(jobs, [](const Job& j) { return j.left == 0; });
  }
  return true;
}

TEST(Gedf, PropertySoundAgainstSimulationAndExactUniprocessor) {
  std::mt19937 rng(11);
  int proven = 0;
  for (int iter = 0; iter < 300; ++iter) {
    auto ts = oracle::random_tasks(rng, 5, 12, iter % 3 == 0);
    Time pi = std::uniform_int_distribution<Time>(1, 6)(rng);
    auto m = static_cast<std::uint32_t>(std::uniform_int_distribution<int>(1, 3)(rng));
    auto mb = gedf_min_budget(ts, pi, m);
    ASSERT_TRUE(mb.ok()) << mb.error().reason;
    if (!mb->feasible) continue;
    MprInterface r{pi, mb->budget, m};
    EXPECT_TRUE(*gedf_schedulable(ts, r));
    if (mb->budget > 1) {
      EXPECT_FALSE(*gedf_schedulable(ts, MprInterface{pi, mb->budget - 1, m}));
    }
    EXPECT_TRUE(simulate_gedf(ts, r)) << "iter " << iter;
    if (m == 1) {
      EXPECT_TRUE(*edf_schedulable(ts, Resource::integer(pi, mb->budget))) << "iter " << iter;
    }
    ++proven;
  }
  EXPECT_GT(proven, 60);
}

TEST(Gedf, InterfaceChoosesSmallestBudget) {
  std::array<Task, 4> ts{Task::implicit(20, 6), Task::implicit(20, 6), Task::implicit(30, 9),
                         Task::implicit(40, 8)};
  auto r = gedf_interface(ts, 5, 4);
  ASSERT_TRUE(r.ok());
  for (std::uint32_t m = 1; m <= 4; ++m) {
    auto mb = gedf_min_budget(ts, 5, m);
    ASSERT_TRUE(mb.ok());
    if (mb->feasible) {
      EXPECT_GE(mb->budget, r->budget);
    }
  }
  EXPECT_GE(r->parallelism, 2u);  // U = 1.1
  EXPECT_EQ(gedf_interface(ts, 5, 0).error().code, Errc::range);
}

TEST(VcpuMap, EqualSplitAndAllButOne) {
  std::array<VcpuParams, 8> out{};
  auto n = map_equal_split(MprInterface{10, 25, 3}, out);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 3u);
  EXPECT_EQ(out[0].budget, 9);
  EXPECT_EQ(out[1].budget, 8);
  EXPECT_EQ(out[2].budget, 8);
  EXPECT_EQ(out[2].period, 10);
  n = map_all_but_one(MprInterface{10, 25, 3}, out);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 3u);
  EXPECT_EQ(out[0].budget, 10);
  EXPECT_EQ(out[1].budget, 10);
  EXPECT_EQ(out[2].budget, 5);
  // Small budgets: no zero-budget vCPUs.
  n = map_equal_split(MprInterface{10, 2, 3}, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  n = map_all_but_one(MprInterface{10, 20, 3}, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  std::array<VcpuParams, 1> tiny{};
  EXPECT_EQ(map_equal_split(MprInterface{10, 25, 3}, tiny).error().code, Errc::no_space);
}

TEST(VcpuMap, PropertyBudgetsSumToTheta) {
  std::array<VcpuParams, kMaxParallelism> out{};
  for (std::uint32_t m = 1; m <= 6; ++m)
    for (Time pi = 1; pi <= 9; ++pi)
      for (Time th = 1; th <= pi * m; ++th) {
        MprInterface r{pi, th, m};
        for (int variant = 0; variant < 2; ++variant) {
          auto n = variant == 0 ? map_equal_split(r, out) : map_all_but_one(r, out);
          ASSERT_TRUE(n.ok());
          ASSERT_LE(*n, m);
          Time sum = 0, lo = pi, hi = 0;
          for (std::size_t i = 0; i < *n; ++i) {
            ASSERT_GT(out[i].budget, 0);
            ASSERT_LE(out[i].budget, pi);
            sum += out[i].budget;
            lo = std::min(lo, out[i].budget);
            hi = std::max(hi, out[i].budget);
          }
          ASSERT_EQ(sum, th);
          if (variant == 0 && *n == m) {
            ASSERT_LE(hi - lo, 1);
          }
          if (variant == 1) {
            ASSERT_EQ(*n, static_cast<std::size_t>((th + pi - 1) / pi));
          }
        }
      }
}

}  // namespace
