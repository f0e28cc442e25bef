// GrantRouter under real threads: a grant's bookkeeping and its EPT entry
// change atomically with respect to every other grant operation and to the
// teardown of either domain (issue 12, item 2). ModelEpt stands for the
// grantees' EPTs; after every run it must hold exactly the mappings the
// router knows, and nothing of a granter that was torn down. The sink is
// called with the router's lock held, so it takes only its own mutex.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "hcall/grant_router.h"

namespace hcall {
namespace {

using E = abi::Errno;
using H = abi::Hypercall;
constexpr std::uint64_t kW = abi::kGrantMapWindowGfn;
constexpr abi::DomainId kGranter = 1, kMapper = 2;

// The grantees' EPTs: (mapper, window gfn) -> granter gfn. install refuses
// an occupied gfn, as ept::Ept::map does. `pause_install`, when set, runs
// inside the first install() after it is armed (the gap the bug was in).
class ModelEpt final : public GrantSink {
 public:
  Outcome install(abi::DomainId mapper, const GrantMapping& m) override {
    if (pause_armed_.exchange(false)) pause_install();
    if (widen_gap)
      for (int i = 0; i < 50; ++i) support::cpu_relax();
    std::lock_guard<std::mutex> g(mutex_);
    if (!entries_.emplace(std::make_pair(mapper, m.gfn), m.granter_gfn).second)
      return refuse(E::exist, "guest-physical page already mapped");
    return done();
  }
  void unmapped(abi::DomainId mapper, std::uint64_t gfn) override {
    std::lock_guard<std::mutex> g(mutex_);
    entries_.erase({mapper, gfn});
  }

  void arm_pause() { pause_armed_ = true; }
  std::atomic<bool> widen_gap{false};  // spin in install(): other threads run in the gap
  std::function<void()> pause_install = [] {};

  std::map<std::pair<abi::DomainId, std::uint64_t>, std::uint64_t> snapshot() {
    std::lock_guard<std::mutex> g(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::atomic<bool> pause_armed_{false};
  std::map<std::pair<abi::DomainId, std::uint64_t>, std::uint64_t> entries_;
};

Request map_request(abi::DomainId caller, abi::DomainId granter, abi::GrantRef ref) {
  Request q{};
  q.call = H::grant_map;
  q.caller = caller;
  q.grant_map = {granter, ref, false};
  return q;
}

Request unmap_request(abi::DomainId caller, std::uint64_t gfn) {
  Request q{};
  q.call = H::grant_unmap;
  q.caller = caller;
  q.grant_unmap.gfn = gfn;
  return q;
}

// The mappings the router knows, in the same shape as ModelEpt's.
std::map<std::pair<abi::DomainId, std::uint64_t>, std::uint64_t> router_view(const GrantRouter& r) {
  std::map<std::pair<abi::DomainId, std::uint64_t>, std::uint64_t> out;
  for (abi::DomainId d = 0; d < GrantRouter::kMaxDomains; ++d) {
    const MapTable* maps = r.maps(d);
    if (maps == nullptr) continue;
    for (std::uint32_t s = 0; s < abi::kGrantMapSlots; ++s) {
      const MapSlot& slot = maps->slots[s];
      if (!slot.in_use) continue;
      const GrantTable* g = r.grants(slot.granter);
      out[{d, MapTable::gfn_of(s)}] = g != nullptr ? g->entries[slot.ref].gfn : ~0ull;
    }
  }
  return out;
}

struct GrantRaceTest : ::testing::Test {
  ModelEpt ept;
  GrantRouter router{ept};
  GrantTable g1, g2;
  MapTable m1, m2;

  void SetUp() override {
    ASSERT_TRUE(router.attach(kGranter, g1, m1).ok());
    ASSERT_TRUE(router.attach(kMapper, g2, m2).ok());
  }

  // Runs `other` on a second thread while the first grant_map sits in
  // install(): `other` gets 200 ms to finish there (it cannot when the
  // router holds its lock across install, which is the fix).
  Reply<std::uint64_t> map_with_gap(std::function<void()> other) {
    std::mutex m;
    std::condition_variable cv;
    bool in_gap = false, other_done = false;
    ept.pause_install = [&] {
      std::unique_lock<std::mutex> l(m);
      in_gap = true;
      cv.notify_all();
      cv.wait_for(l, std::chrono::milliseconds(200), [&] { return other_done; });
    };
    ept.arm_pause();
    std::thread racer([&] {
      {
        std::unique_lock<std::mutex> l(m);
        cv.wait(l, [&] { return in_gap; });
      }
      other();
      std::lock_guard<std::mutex> l(m);
      other_done = true;
      cv.notify_all();
    });
    auto r = router.execute(map_request(kMapper, kGranter, 0));
    racer.join();
    return r;
  }
};

// The race: the mapper's second vCPU unmaps the slot that the first
// has claimed but not yet installed. Before the fix the EPT entry installed
// afterwards was tracked by nothing (ModelEpt kept it, the router did not).
TEST_F(GrantRaceTest, UnmapFromASecondVcpuCannotCompleteInsideTheMapGap) {
  ASSERT_EQ(router.grant(kGranter, kMapper, 0x42, false).value, 0u);
  Reply<std::uint64_t> unmapped = refuse(E::nosys, "not run");
  auto mapped = map_with_gap([&] { unmapped = router.execute(unmap_request(kMapper, kW)); });
  ASSERT_TRUE(mapped.ok()) << mapped.reason();
  EXPECT_EQ(mapped.value, kW);
  ASSERT_TRUE(unmapped.ok()) << unmapped.reason();  // it ran after the map, so it found it
  EXPECT_EQ(ept.snapshot(), router_view(router));
  EXPECT_TRUE(ept.snapshot().empty());
  EXPECT_TRUE(router.revoke(kGranter, 0).ok());
}

// The same gap against the granter's teardown: nothing of the torn-down
// granter may stay in the mapper's EPT.
TEST_F(GrantRaceTest, GranterTeardownCannotCompleteInsideTheMapGap) {
  ASSERT_EQ(router.grant(kGranter, kMapper, 0x42, false).value, 0u);
  auto mapped = map_with_gap([&] { router.teardown(kGranter); });
  ASSERT_TRUE(mapped.ok()) << mapped.reason();
  EXPECT_FALSE(router.attached(kGranter));
  EXPECT_EQ(ept.snapshot(), router_view(router));
  EXPECT_TRUE(ept.snapshot().empty());
}

// And against the mapper's own teardown (its other vCPU ended the domain).
TEST_F(GrantRaceTest, MapperTeardownCannotCompleteInsideTheMapGap) {
  ASSERT_EQ(router.grant(kGranter, kMapper, 0x42, false).value, 0u);
  (void)map_with_gap([&] { router.teardown(kMapper); });
  EXPECT_TRUE(ept.snapshot().empty());
  EXPECT_EQ(router.grants(kGranter)->entries[0].map_count, 0u);
}

// Four threads for a while: two "vCPUs" of the mapper mapping and unmapping
// (each also unmapping what the other may have mapped), the granter granting
// and revoking, and the granter being torn down and re-attached under the
// same id. Every granter generation grants its own gfns; once a generation
// is torn down none of them may remain in the mapper's EPT, and at the end
// the EPT model equals the router's view.
TEST_F(GrantRaceTest, MapUnmapRevokeAndTeardownOnFourThreads) {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> generation{1};
  std::atomic<std::uint32_t> stale{0};
  std::atomic<std::uint64_t> maps_ok{0}, teardowns{0};
  ept.widen_gap = true;
  auto vcpu = [&](unsigned seed) {
    std::mt19937 rng(seed);
    while (!stop.load()) {
      auto ref = static_cast<abi::GrantRef>(rng() % 4);
      if (rng() % 2 == 0) {
        if (router.execute(map_request(kMapper, kGranter, ref)).ok()) ++maps_ok;
      } else {
        (void)router.execute(unmap_request(kMapper, kW + rng() % 4));
      }
      std::this_thread::yield();  // more threads than host cores: let the others in
    }
  };
  auto granter = [&] {
    std::mt19937 rng(7);
    while (!stop.load()) {
      std::uint64_t gfn = generation.load() * 1000 + rng() % 4;
      if (rng() % 2 == 0)
        (void)router.grant(kGranter, kMapper, gfn, false);
      else
        (void)router.revoke(kGranter, static_cast<abi::GrantRef>(rng() % 4));
      std::this_thread::yield();
    }
  };
  auto reaper = [&] {
    while (!stop.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      std::uint64_t gen = generation.load();
      router.teardown(kGranter);
      for (const auto& [where, gfn] : ept.snapshot())
        if (gfn / 1000 == gen) ++stale;
      generation.store(gen + 1);
      ASSERT_TRUE(router.attach(kGranter, g1, m1).ok());
      ++teardowns;
    }
  };
  std::thread a(vcpu, 1), b(vcpu, 2), c(granter), d(reaper);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  stop = true;
  a.join(), b.join(), c.join(), d.join();
  EXPECT_EQ(stale.load(), 0u) << "EPT entries of a torn-down granter survived its teardown";
  EXPECT_EQ(ept.snapshot(), router_view(router));
  router.teardown(kGranter);
  router.teardown(kMapper);
  EXPECT_TRUE(ept.snapshot().empty());
  EXPECT_GT(maps_ok.load(), 0u);
  EXPECT_GT(teardowns.load(), 0u);
}

}  // namespace
}  // namespace hcall
