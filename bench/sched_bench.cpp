// Scheduler-core benchmarks against the literal Algorithm 2 baseline
// (alg2_baseline.h), gEDF and pEDF with deferrable servers on 4 pCPUs, at
// 4..1024 vCPUs. Two measurements each:
//  * cycle: the vCPU current on pCPU c blocks (sleep), c decides
//    (do_schedule), the switched-out vCPU's context_saved runs, and the vCPU
//    wakes again (wake + tickle); c rotates over the pCPUs;
//  * decide: do_schedule alone on a busy pCPU (a timer tick; usually no
//    change; context_saved only when the decision switched).
// Time advances 100 ns per iteration, so period boundaries are crossed and
// replenishments happen during the run. No locking in either (NoLock).
// Run: build/bench/bench_sched --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "cycle_harness.h"

namespace {

using bench::Baseline;
using bench::CalledBaseline;
using bench::Core;
using bench::kCpus;

// One measurement: kStep (Impl::cycle or Impl::tick) on the pCPUs in turn.
template <typename Impl, bool kGlobal, auto kStep>
void BM_step(benchmark::State& state) {
  Impl impl(kGlobal, static_cast<int>(state.range(0)));
  int c = 0;
  for (auto _ : state) {
    (impl.*kStep)(c);
    c = (c + 1) % kCpus;
  }
}
template <typename Impl, bool kGlobal>
void BM_cycle(benchmark::State& state) {
  BM_step<Impl, kGlobal, &Impl::cycle>(state);
}
template <typename Impl, bool kGlobal>
void BM_decide(benchmark::State& state) {
  BM_step<Impl, kGlobal, &Impl::tick>(state);
}

#define SIZES RangeMultiplier(4)->Range(4, 1024)
BENCHMARK(BM_cycle<Core, true>)->Name("cycle/gEDF/core")->SIZES;
BENCHMARK(BM_cycle<Baseline, true>)->Name("cycle/gEDF/alg2")->SIZES;
BENCHMARK(BM_cycle<CalledBaseline, true>)->Name("cycle/gEDF/alg2-called")->SIZES;
BENCHMARK(BM_cycle<Core, false>)->Name("cycle/pEDF/core")->SIZES;
BENCHMARK(BM_cycle<Baseline, false>)->Name("cycle/pEDF/alg2")->SIZES;
BENCHMARK(BM_cycle<CalledBaseline, false>)->Name("cycle/pEDF/alg2-called")->SIZES;
BENCHMARK(BM_decide<Core, true>)->Name("decide/gEDF/core")->SIZES;
BENCHMARK(BM_decide<Baseline, true>)->Name("decide/gEDF/alg2")->SIZES;
BENCHMARK(BM_decide<Core, false>)->Name("decide/pEDF/core")->SIZES;
BENCHMARK(BM_decide<Baseline, false>)->Name("decide/pEDF/alg2")->SIZES;

}  // namespace

BENCHMARK_MAIN();
