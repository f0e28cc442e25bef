// Per-call cost of do_schedule as a distribution (p50 / p99 / max), the
// way the thesis' Table 2.1 reports RT-Xen's: the scheduler core through
// sched::Scheduler against the Algorithm 2 baseline behind the same kind of
// call boundary (alg2_called.h), gEDF and pEDF on 4 pCPUs at 4..64 vCPUs.
// The mix (cycle_harness.h, Mix): deferrable servers with budget = 40% of
// the period, so budgets run out and are replenished during the run; the
// clock advances 25 us per step; every fourth step the current vCPU blocks
// and wakes around the decision (cycle), the others are timer decisions
// (tick). Each call is timed with the fenced TSC (tsc.h), the timer's own
// cost included (printed). Each figure is the median over REPS fresh runs.
// Prints a Markdown table. Not a test.
// Run: build/bench/sched_latency [CALLS [REPS]]   (default 1000000 calls, 5 runs)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "cycle_harness.h"
#include "tsc.h"

namespace {

constexpr bench::Mix kMix{40, sched::us(25)};

// Records every do_schedule call's duration in TSC ticks once `on`.
struct Timer {
  std::vector<std::uint32_t> samples;  // reserved before `on`: no allocation while timing
  bool on = false;
  std::uint64_t t0 = 0;
  void begin() { t0 = bench::ticks(); }
  void end() {
    const std::uint64_t t = bench::ticks();
    if (on) samples.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(t - t0, ~0u)));
  }
};

struct Row {
  double p50 = 0, p99 = 0, p999 = 0, max = 0;
  double resolution = 0;  // smallest step between distinct samples (the clock's granularity)
};

Row summarize(std::vector<std::uint32_t>& s, double tpn) {
  std::sort(s.begin(), s.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(s.size() - 1));
    return static_cast<double>(s[i]) / tpn;
  };
  std::uint32_t step = ~0u;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] != s[i - 1]) step = std::min(step, s[i] - s[i - 1]);
  return {at(0.50), at(0.99), at(0.999), static_cast<double>(s.back()) / tpn,
          step == ~0u ? 0 : static_cast<double>(step) / tpn};
}

template <typename Impl>
void drive(Impl& impl, long steps) {
  int c = 0;
  for (long i = 0; i < steps; ++i) {
    if (i % 4 == 3)
      impl.cycle(c);
    else
      impl.tick(c);
    c = (c + 1) % bench::kCpus;
  }
}

template <typename Impl>
Row measure(Impl& impl, long calls, double tpn) {
  drive(impl, calls / 10);  // warm up: caches, branch predictors, first periods
  impl.probe.samples.reserve(static_cast<std::size_t>(calls));
  impl.probe.on = true;
  drive(impl, calls);
  return summarize(impl.probe.samples, tpn);
}

// Field by field, the median of the rows.
Row median(std::vector<Row> rows) {
  Row m;
  for (double Row::*f : {&Row::p50, &Row::p99, &Row::p999, &Row::max}) {
    std::sort(rows.begin(), rows.end(), [f](const Row& a, const Row& b) { return a.*f < b.*f; });
    m.*f = rows[rows.size() / 2].*f;
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const long calls = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  if (calls < 100 || reps < 1) {
    std::fprintf(stderr, "usage: sched_latency [CALLS >= 100 [REPS >= 1]]\n");
    return 2;
  }
  const double tpn = bench::ticks_per_ns();
  Timer empty;
  empty.samples.reserve(static_cast<std::size_t>(calls));
  empty.on = true;
  for (long i = 0; i < calls; ++i) {
    empty.begin();
    empty.end();
  }
  const Row timer = summarize(empty.samples, tpn);
  std::printf(
      "do_schedule per call, ns, median of %d runs of %ld calls, 4 pCPUs, EDF, deferrable servers "
      "with budget "
      "= %d%% of period, +%lld ns per step, every 4th decision after a block (sleep/wake);\n"
      "TSC %.3f ticks/ns, resolution %.1f ns; the timer's own cost (included below): p50 %.1f ns, "
      "p99 %.1f ns\n\n",
      reps, calls, kMix.budget_percent, static_cast<long long>(kMix.step), tpn, timer.resolution,
      timer.p50, timer.p99);
  std::printf(
      "| pool | vCPUs | core p50 | p99 | p99.9 | max | Alg. 2 called p50 | p99 | p99.9 | max | "
      "core: exhaustions / switches per 1000 decisions |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (bool global : {true, false})
    for (int n : {4, 16, 64}) {
      std::vector<Row> cr, br;
      std::uint64_t exhaustions = 0;
      sched::SchedulerStats st;
      for (int r = 0; r < reps; ++r) {
        bench::CoreT<Timer> core(global, n, kMix);
        cr.push_back(measure(core, calls, tpn));
        exhaustions = 0;
        for (const auto& v : core.vcpus) exhaustions += v->stats().exhaustions;
        st = core.s->stats();
        bench::CalledBaselineT<Timer> alg2(global, n, kMix);
        br.push_back(measure(alg2, calls, tpn));
      }
      const Row c = median(cr), b = median(br);
      const double per = 1000.0 / static_cast<double>(st.decisions);
      std::printf(
          "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f / %.1f |\n",
          global ? "gEDF" : "pEDF", n, c.p50, c.p99, c.p999, c.max, b.p50, b.p99, b.p999, b.max,
          static_cast<double>(exhaustions) * per, static_cast<double>(st.context_switches) * per);
      std::fflush(stdout);
    }
  std::printf(
      "| RT-Xen (thesis Table 2.1) | | 121-159 | 250-328 | | | | | | | |\n"
      "\n(max includes whatever the host OS did during a call: interrupts, preemption)\n");
  return 0;
}
