// Google Benchmark of domain 0's netback stages (vnet/engine.h) per
// forwarded 64-byte frame, rr against rtca (batch 1 and 64), in one run.
// Four senders each publish 24 frames to a sink of their own (domain
// d + 10) outside the timed region; the timed region is the three stages
// forwarding all 96 (TX copy out, softnet routing, RX copy in, responses
// and notifications). Every sink has posted enough buffers: nothing drops. The
// platform is the host fake of tests/unit/vnet (std::map lookups per grant
// copy and notification), so the figure is an upper bound on the stages'
// own cost, not a measurement of domain 0 on the hypervisor. Not a test.
#include <benchmark/benchmark.h>

#include "world.h"

namespace {

using namespace vnet;

constexpr std::uint32_t kSenders = 4;
constexpr std::uint32_t kFramesEach = 24;

void forward(benchmark::State& state, Settings settings) {
  fake::World w(1024);
  std::vector<fake::Guest*> src, sink;
  for (DomainId d = 1; d <= kSenders; ++d) {
    src.push_back(&w.add(d, std::uint8_t(d % kIdcPriorityLevels), true, kFramesEach, 4));
    sink.push_back(&w.add(d + 10, 0, true, 4, 2 * kFramesEach));
  }
  if (!w.engine.configure(settings).ok()) state.SkipWithError("bad settings");
  std::uint32_t seq = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (fake::Guest* g : sink) (void)w.drain(*g);
    for (fake::Guest* g : src) {
      g->front.reap_tx();
      for (std::uint32_t i = 0; i < kFramesEach; ++i) (void)w.send(*g, g->dom + 10, seq++);
    }
    state.ResumeTiming();
    w.run();
  }
  state.SetItemsProcessed(std::int64_t(w.engine.stats().rx_packets));
  state.counters["dropped"] = double(w.engine.stats().drops.total());
}

void BM_ForwardRr(benchmark::State& s) { forward(s, Settings{Policy::rr, 1, 600}); }
void BM_ForwardRtcaBatch1(benchmark::State& s) { forward(s, Settings{Policy::rtca, 1, 600}); }
void BM_ForwardRtcaBatch64(benchmark::State& s) { forward(s, Settings{Policy::rtca, 64, 600}); }
BENCHMARK(BM_ForwardRr);
BENCHMARK(BM_ForwardRtcaBatch1);
BENCHMARK(BM_ForwardRtcaBatch64);

}  // namespace

BENCHMARK_MAIN();
