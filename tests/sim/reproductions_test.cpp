// Reproductions of the thesis' published result shapes on the real sched/
// core (issue 4). Tolerances are stated next to every check; when a shape
// does not reproduce, docs/results.md says why instead of the test being
// loosened.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sim/core_host.h"
#include "sim/experiments.h"
#include "sim/scenario.h"

using namespace sim;

namespace {
const HostFactory kHost = core_host_factory();
constexpr ServerKind kFixedPriorityServers[] = {ServerKind::sporadic, ServerKind::periodic,
                                                ServerKind::polling, ServerKind::deferrable};
}  // namespace

// Table 2.2: five domains (even share, alpha 0.7), 120 s. Normal case: no
// deadline miss in any domain under any of the four fixed-priority servers.
// Domain 3 overloaded: its miss ratio is large (the thesis: 48-50%; we ask
// >= 10%), every other domain stays at <= 0.3% (the thesis' worst other
// domain, polling: 0.28%).
TEST(Repro, Table22Isolation) {
  for (ServerKind k : kFixedPriorityServers) {
    SCOPED_TRACE(name(k));
    auto normal = table22(k, false, 1, 120 * kSec, kHost);
    ASSERT_TRUE(normal.run.ok) << normal.run.error;
    ASSERT_EQ(normal.dmr.size(), 5u);
    for (double d : normal.dmr) EXPECT_EQ(d, 0.0);
    auto over = table22(k, true, 1, 120 * kSec, kHost);
    ASSERT_TRUE(over.run.ok) << over.run.error;
    EXPECT_GE(over.dmr[2], 0.10);
    for (int d : {0, 1, 3, 4})
      EXPECT_LE(over.dmr[static_cast<std::size_t>(d)], 0.003) << "domain " << d + 1;
  }
}

// Table 4.2: one RT vCPU (4 ms / 10 ms) and 0..5 busy non-RT vCPUs on one
// pCPU for 60 s: the RT vCPU gets 40% +- 0.5%; the non-RT vCPUs share the
// rest within +-1% of each other; the pCPU is >= 99.5% busy.
TEST(Repro, Table42RtXen21Shares) {
  for (int n = 0; n <= 5; ++n) {
    SCOPED_TRACE(n);
    auto row = table42(n, 60 * kSec, kHost);
    ASSERT_TRUE(row.run.ok) << row.run.error;
    EXPECT_NEAR(row.rt, 0.40, 0.005);
    if (n > 0) {
      const auto [lo, hi] = std::minmax_element(row.others.begin(), row.others.end());
      EXPECT_LE(*hi - *lo, 0.01);
      EXPECT_GE(row.busy, 0.995);
    } else {
      EXPECT_NEAR(row.busy, 0.40, 0.005);  // nothing else is runnable
    }
  }
}

// Figures 2.7/2.8: U_W = 0.9, the three period ranges, seeds 1-5, 300 s
// (thesis: 5 minutes). The lowest-priority domain's miss ratio orders
// CRPS <= WCPS <= PTPS, and for all domains together as well. Tolerance:
// none on the order (ties allowed: seed 1, 550-650 ms ties WCPS and PTPS,
// see docs/results.md).
TEST(Repro, Fig27ServerOrdering) {
  const Time ranges[][2] = {
      {550 * kMs, 650 * kMs}, {350 * kMs, 850 * kMs}, {100 * kMs, 1100 * kMs}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed)
    for (auto& r : ranges) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " periods " + std::to_string(r[0] / kMs) + "-" +
                   std::to_string(r[1] / kMs));
      auto ptps = servers(0.9, r[0], r[1], ServerKind::periodic, seed, 300 * kSec, {}, kHost);
      auto wcps = servers(0.9, r[0], r[1], ServerKind::wcps, seed, 300 * kSec, {}, kHost);
      auto crps = servers(0.9, r[0], r[1], ServerKind::crps, seed, 300 * kSec, {}, kHost);
      ASSERT_TRUE(ptps.run.ok && wcps.run.ok && crps.run.ok)
          << ptps.run.error << wcps.run.error << crps.run.error;
      EXPECT_LE(crps.dmr.back(), wcps.dmr.back());
      EXPECT_LE(wcps.dmr.back(), ptps.dmr.back());
      EXPECT_LE(crps.dmr_all, wcps.dmr_all);
      EXPECT_LE(wcps.dmr_all, ptps.dmr_all);
      std::printf(
          "seed %llu periods %lld-%lld ms: U_W %.3f U_RM %.3f  lowest-domain DMR PTPS %.2f%% WCPS "
          "%.2f%% "
          "CRPS %.2f%%\n",
          static_cast<unsigned long long>(seed), static_cast<long long>(r[0] / kMs),
          static_cast<long long>(r[1] / kMs), ptps.u_w, ptps.u_rm, 100 * ptps.dmr.back(),
          100 * wcps.dmr.back(), 100 * crps.dmr.back());
    }
}

// Figure 2.9: periods 550-650 ms, ETF 100/50/10% for the three
// highest-priority domains (the two lowest stay at 100%), U_W 0.9 and 1.0.
// PTPS: the lowest domain's miss ratio does not change with the ETF (its
// servers burn budget whether or not the jobs use it: exactly equal here,
// the lowest domain's own jobs are identical). WCPS and CRPS: ETF 10% is
// no worse than ETF 100%, and strictly better whenever ETF 100% misses.
TEST(Repro, Fig29EtfSweep) {
  for (double uw : {0.9, 1.0}) {
    for (ServerKind k : {ServerKind::periodic, ServerKind::wcps, ServerKind::crps}) {
      SCOPED_TRACE(std::string(name(k)) + " U_W " + std::to_string(uw));
      std::vector<double> dmr;
      for (double etf : {1.0, 0.5, 0.1}) {
        auto row =
            servers(uw, 550 * kMs, 650 * kMs, k, 1, 300 * kSec, {etf, etf, etf, 1.0, 1.0}, kHost);
        ASSERT_TRUE(row.run.ok) << row.run.error;
        dmr.push_back(row.dmr.back());
      }
      std::printf("U_W %.1f %-8s lowest-domain DMR at ETF 100/50/10%%: %.2f%% %.2f%% %.2f%%\n", uw,
                  name(k), 100 * dmr[0], 100 * dmr[1], 100 * dmr[2]);
      if (k == ServerKind::periodic) {
        EXPECT_EQ(dmr[0], dmr[1]);
        EXPECT_EQ(dmr[0], dmr[2]);
      } else {
        EXPECT_LE(dmr[2], dmr[0]);
        if (dmr[0] > 0) {
          EXPECT_LT(dmr[2], dmr[0]);
        }
      }
    }
  }
}

// Figures 3.5-3.8: medium-bimodal task sets, four domains, five pCPUs.
// Whenever the compositional analysis says a set is schedulable, the
// simulation (20 s per set here; the longest task period is 850 ms) shows no
// deadline miss under the periodic server, which is what the analysis
// models. Runs a subset (utilizations 1.1..4.9 step 0.6, 4 seeds) to stay
// under a minute; `tactus-sim experiment ch3` runs 25 seeds x 20
// utilizations. The thesis also saw no miss with the deferrable server; the
// analysis does not cover it (a deferrable server is not a periodic task for
// the host's EDF test) and the full sweep finds a counterexample, kept as
// the next test. Here deferrable-server misses are only printed.
TEST(Repro, Fig35To38AnalysisVsSimulation) {
  int schedulable = 0, deferrable_violations = 0;
  for (double u = 1.1; u < 5.0; u += 0.6)
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
      for (bool gg : {false, true})
        for (bool hg : {false, true})
          for (ServerKind k : {ServerKind::periodic, ServerKind::deferrable}) {
            auto pt = ch3_point(u, seed, gg, hg, k, 20 * kSec, kHost);
            ASSERT_TRUE(pt.run.ok) << pt.run.error;
            if (!pt.analysis) continue;
            ++schedulable;
            if (k == ServerKind::deferrable) deferrable_violations += pt.missed > 0;
            EXPECT_EQ(pt.missed, 0u)
                << name(k) << " U " << u << " seed " << seed << " guest " << (gg ? "gEDF" : "pEDF")
                << " host " << (hg ? "gEDF" : "pEDF");
          }
  EXPECT_GT(schedulable, 0);  // the check must have had something to check
  std::printf("%d analysis-schedulable runs; deferrable-server runs with misses: %d\n", schedulable,
              deferrable_violations);
}

// Issue 11: the set that found the lost dispatch (U 2.3, seed 18: four
// vCPUs on five pCPUs, periodic servers, gEDF host). dom3's vCPU (8 ms /
// 10 ms) woke with a job at 8070 ms and waited 7 ms while pCPU 4 idled,
// because the pCPU its wake tickled chose an idle periodic server's budget
// hold instead and nothing tickled another pCPU for it. The set is
// analysis-schedulable for pEDF and gEDF guests: no job may miss, and the
// audit (work conservation, replenishments armed) must hold at every instant.
TEST(Repro, Ch3Seed18GlobalHostNoLostDispatch) {
  for (bool gg : {false, true}) {
    SCOPED_TRACE(gg ? "gEDF guest" : "pEDF guest");
    auto pt = ch3_point(2.3, 18, gg, true, ServerKind::periodic, 60 * kSec, kHost);
    ASSERT_TRUE(pt.run.ok) << pt.run.error;
    EXPECT_TRUE(pt.analysis);
    EXPECT_GT(pt.judged, 0u);
    EXPECT_EQ(pt.missed, 0u);
  }
}

// The full Figures 3.5-3.8 sweep (issue 11), exactly as `tactus-sim
// experiment ch3` runs it: U 1.1 ... 4.9, 25 seeds, 60 s, every guest x
// host x server column. No set the analysis admits may miss a deadline,
// the audit must hold at every instant of every run, and the analysis
// fractions keep Figure 3.5c's order (pEDF,pEDF) >= (gEDF,pEDF) >=
// (pEDF,gEDF) >= (gEDF,gEDF) (guest, host) at every U. Label `sweep`:
// `./tactus test --quick` skips it. TACTUS_SWEEP_SERVER picks the column
// group (periodic / deferrable) so the two halves run side by side.
TEST(Repro, Fig35To38FullSweep) {
  const char* only = std::getenv("TACTUS_SWEEP_SERVER");
  const ServerKind kinds[] = {ServerKind::periodic, ServerKind::deferrable};
  int admitted = 0;
  for (ServerKind k : kinds) {
    if (only != nullptr && std::string(only) != name(k)) continue;
    for (int ui = 0; ui < 20; ++ui) {
      const double u = 1.1 + 0.2 * ui;
      double fraction[2][2] = {};  // [guest global][host global]
      for (bool gg : {false, true})
        for (bool hg : {false, true}) {
          int an = 0;
          for (std::uint64_t seed = 1; seed <= 25; ++seed) {
            auto pt = ch3_point(u, seed, gg, hg, k, 60 * kSec, kHost);
            ASSERT_TRUE(pt.run.ok) << "U " << u << " seed " << seed << ": " << pt.run.error;
            if (!pt.analysis) continue;
            ++an;
            EXPECT_EQ(pt.missed, 0u)
                << name(k) << " U " << u << " seed " << seed << " guest " << (gg ? "gEDF" : "pEDF")
                << " host " << (hg ? "gEDF" : "pEDF");
          }
          fraction[gg][hg] = an / 25.0;
          admitted += an;
        }
      SCOPED_TRACE(std::string(name(k)) + " U " + std::to_string(u));
      EXPECT_GE(fraction[0][0], fraction[1][0]);
      EXPECT_GE(fraction[1][0], fraction[0][1]);
      EXPECT_GE(fraction[0][1], fraction[1][1]);
    }
  }
  EXPECT_GT(admitted, 0);
}

// The counterexample the full sweep found (docs/results.md): U = 4.7, seed
// 12, pEDF guests, pEDF host. pCPU 4 holds dom1's vCPU (9 ms / 40 ms) and
// dom4's vCPU (7 ms / 10 ms): 0.925 <= 1, schedulable by the host's EDF
// test. As a deferrable server dom1's vCPU can keep its 9 ms until 9 ms
// before its period ends and then, with the earliest deadline, take them
// in one piece: dom4's vCPU then gets less than 7 ms in one of its 10 ms
// periods, breaking the PRM supply its tasks were analysed against. As a
// periodic server the same set has no miss.
TEST(Repro, Fig38DeferrableCounterexample) {
  auto def = ch3_point(4.7, 12, false, false, ServerKind::deferrable, 60 * kSec, kHost);
  auto per = ch3_point(4.7, 12, false, false, ServerKind::periodic, 60 * kSec, kHost);
  ASSERT_TRUE(def.run.ok && per.run.ok) << def.run.error << per.run.error;
  // The host test charges the deferrable server's release jitter (issue
  // 11): it no longer admits the set that misses.
  EXPECT_FALSE(def.analysis);
  EXPECT_GT(def.missed, 0u);
  EXPECT_TRUE(per.analysis);
  EXPECT_EQ(per.missed, 0u);
}

// Figure 3.6a / 3.8c: "the gEDF scheduler at the VMM level can often
// schedule more task sets empirically than the pEDF scheduler". With all
// vCPU periods starting at 0 (harmonic, so aligned forever) it does not
// (docs/results.md); with the vCPUs' periods starting at random phases, as
// when they are created at different times, it does. pEDF guests, periodic
// server, U = 3.9, 4.1, 4.3, 25 seeds each, 30 s: the gEDF host must
// schedule strictly more sets in total than the pEDF host.
TEST(Repro, Fig36GlobalHostWithStaggeredVcpus) {
  int pedf = 0, gedf = 0;
  for (double u : {3.9, 4.1, 4.3})
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
      auto p = ch3_point(u, seed, false, false, ServerKind::periodic, 30 * kSec, kHost, true);
      auto g = ch3_point(u, seed, false, true, ServerKind::periodic, 30 * kSec, kHost, true);
      ASSERT_TRUE(p.run.ok && g.run.ok) << p.run.error << g.run.error;
      pedf += p.simulated_ok;
      gedf += g.simulated_ok;
    }
  std::printf(
      "random vCPU phases, pEDF guests, 75 sets: schedulable on a pEDF host %d, on a gEDF host "
      "%d\n",
      pedf, gedf);
  EXPECT_GT(gedf, pedf);
}

// A vCPU phase restarts the server's period at that time (set_params on the
// core). Busy vCPU, budget 2 ms / period 10 ms, phase 5 ms, 20 ms: it runs
// 0-2 (the period that started at 0), 5-7 and 15-17: 6 ms. Without the
// phase: 0-2 and 10-12: 4 ms.
TEST(Repro, VcpuPhase) {
  auto make = [](Time phase) {
    Scenario s;
    PoolSpec p;
    p.name = "Pool-0";
    p.cpus = {0};
    p.priority = PriorityScheme::edf;
    s.pools.push_back(p);
    DomainSpec d;
    d.name = "d";
    d.pool = "Pool-0";
    d.busy = true;
    VcpuSpec v;
    v.budget = 2 * kMs;
    v.period = 10 * kMs;
    v.phase = phase;
    d.vcpus.push_back(v);
    s.domains.push_back(d);
    s.duration = 20 * kMs;
    return s;
  };
  auto with = simulate(make(5 * kMs), kHost);
  auto without = simulate(make(0), kHost);
  ASSERT_TRUE(with.ok && without.ok) << with.error << without.error;
  EXPECT_EQ(with.results.vcpus[0].cpu, 6 * kMs);
  EXPECT_EQ(without.results.vcpus[0].cpu, 4 * kMs);
}

// A scenario the core refuses (period below its 100 us minimum) does not
// run; the error names the vCPU.
TEST(Repro, CoreRefusalsAreReported) {
  Scenario s;
  PoolSpec p;
  p.name = "Pool-0";
  p.cpus = {0};
  s.pools.push_back(p);
  DomainSpec d;
  d.name = "tiny";
  d.pool = "Pool-0";
  d.busy = true;
  VcpuSpec v;
  v.budget = 20 * kUs;
  v.period = 50 * kUs;
  d.vcpus.push_back(v);
  s.domains.push_back(d);
  s.duration = 1 * kMs;
  auto o = simulate(s, kHost);
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.error.find("tiny/v0"), std::string::npos) << o.error;
}

// The hand-written scenario files parse and run.
TEST(Repro, ScenarioFilesRun) {
  const char* dir = std::getenv("TACTUS_SIM_SCENARIOS");
  ASSERT_NE(dir, nullptr);
  for (const char* f : {"table4.2.json", "two_level.json"}) {
    auto p = load_scenario(std::string(dir) + "/" + f);
    ASSERT_TRUE(p.ok) << f << ": " << p.error;
    auto o = simulate(p.scenario, kHost);
    ASSERT_TRUE(o.ok) << f << ": " << o.error;
    EXPECT_GT(o.results.events, 0u);
  }
}
