// The netback stages (vnet/engine.h) under rr and rtca: service order,
// round limits, batch and counter reset, per-queue limits and every drop
// counted where it happened. Domains 1..3 send to a sink (domain 9); lower
// priority numbers are higher priorities.
#include <gtest/gtest.h>

#include "world.h"

namespace {

using namespace vnet;
using fake::World;

std::vector<DomainId> senders(const std::vector<fake::Received>& got) {
  std::vector<DomainId> out;
  for (auto& r : got) out.push_back(r.from);
  return out;
}

struct Stages : ::testing::Test {
  World w;
  fake::Guest& sink = w.add(9, 7, true, 8, 48);
  fake::Guest& low = w.add(3, 2);
  fake::Guest& mid = w.add(2, 1);
  fake::Guest& high = w.add(1, 0);

  void configure(Policy p, std::uint32_t batch = kRtcaDefaultBatch,
                 std::uint32_t limit = kRtcaDefaultQueueLimit) {
    ASSERT_TRUE(w.engine.configure(Settings{p, batch, limit}).ok());
  }
  // Each of low, mid, high publishes n frames (in that order) before the
  // stages run.
  void publish(std::uint32_t n) {
    for (fake::Guest* g : {&low, &mid, &high})
      for (std::uint32_t i = 0; i < n; ++i) ASSERT_TRUE(w.send(*g, 9, i));
  }
};

TEST_F(Stages, SettingsAreValidated) {
  EXPECT_FALSE(w.engine.configure(Settings{Policy::rtca, 0, 600}).ok());
  EXPECT_FALSE(w.engine.configure(Settings{Policy::rtca, 239, 600}).ok());
  EXPECT_FALSE(w.engine.configure(Settings{Policy::rtca, 1, 0}).ok());
  EXPECT_EQ(w.engine.settings().policy, Policy::rr) << "a refused call changes nothing";
  EXPECT_TRUE(parse_policy("rtca").ok());
  EXPECT_FALSE(parse_policy("fifo").ok());
}

TEST_F(Stages, RrIsRoundRobinWithQuantumOne) {
  configure(Policy::rr);
  publish(3);
  w.run();
  // Kick order low, mid, high; one packet each per turn.
  std::vector<DomainId> want = {3, 2, 1, 3, 2, 1, 3, 2, 1};
  EXPECT_EQ(senders(w.drain(sink)), want);
}

TEST_F(Stages, RtcaServesTheHighestPriorityFirst) {
  configure(Policy::rtca, 1);
  publish(3);
  w.run();
  std::vector<DomainId> want = {1, 1, 1, 2, 2, 2, 3, 3, 3};
  EXPECT_EQ(senders(w.drain(sink)), want);
}

TEST_F(Stages, RtcaBatchBoundsTheTxRound) {
  configure(Policy::rtca, 2);
  publish(3);
  w.engine.tx_round();
  EXPECT_EQ(w.engine.stats().tx_packets, 2u);
  EXPECT_EQ(w.engine.softnet_queued(), 2u);
  configure(Policy::rr);
  w.engine.tx_round();
  EXPECT_EQ(w.engine.stats().tx_packets, 9u) << "rr takes the rest (under 238) at once";
}

TEST_F(Stages, RtcaResetsTheCounterWhenAHigherPriorityArrives) {
  configure(Policy::rtca, 2);
  for (std::uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(w.send(low, 9, i));
  // During the first copy (low's first packet), high publishes three frames.
  bool fired = false;
  w.hv.on_copy = [&] {
    if (fired) return;
    fired = true;
    for (std::uint32_t i = 0; i < 3; ++i) ASSERT_TRUE(w.send(high, 9, 10 + i));
  };
  w.engine.tx_round();
  w.hv.on_copy = nullptr;
  // low(1), then high is higher: counter reset, high(1), high(2) = batch.
  EXPECT_EQ(w.engine.stats().tx_packets, 3u);
  w.engine.softnet_round();  // serves the highest queue only: high's two
  w.engine.rx_round();
  std::vector<DomainId> want = {1, 1};
  EXPECT_EQ(senders(w.drain(sink)), want);
}

TEST_F(Stages, RtcaSoftnetServesOnlyTheHighestNonEmptyQueue) {
  configure(Policy::rr);
  publish(2);
  w.engine.tx_round();         // 6 packets into the backlog, in rr order
  configure(Policy::rtca, 4);  // migrated into the priority queues
  EXPECT_EQ(w.engine.softnet_queued(), 6u);
  w.engine.softnet_round();
  EXPECT_EQ(w.engine.rx_queued(), 2u) << "high's queue had only two";
  w.engine.softnet_round();
  EXPECT_EQ(w.engine.rx_queued(), 4u);
  w.engine.rx_round();
  std::vector<DomainId> want = {1, 1, 2, 2};
  EXPECT_EQ(senders(w.drain(sink)), want);
}

TEST_F(Stages, RxIsFifoUnderBothPolicies) {
  configure(Policy::rtca, 238);
  publish(1);
  w.engine.tx_round();
  // softnet routes one priority a round; RX keeps the order it was given.
  w.engine.softnet_round();
  w.engine.softnet_round();
  w.engine.softnet_round();
  ASSERT_EQ(w.engine.rx_queued(), 3u);
  w.engine.rx_round();
  std::vector<DomainId> want = {1, 2, 3};
  EXPECT_EQ(senders(w.drain(sink)), want);
}

// Many senders at once, for the round limits.
struct Limits : ::testing::Test {
  World w{4096};
  std::vector<fake::Guest*> src;
  fake::Guest* sink = nullptr;
  void SetUp() override {
    sink = &w.add(20, 0, true, 8, 48);
    for (DomainId d = 1; d <= 8; ++d) src.push_back(&w.add(d, std::uint8_t(d % 4), true, 32, 8));
  }
  // Every source publishes n frames for `to`.
  void publish(std::uint32_t n, DomainId to = 20) {
    for (fake::Guest* g : src) {
      g->front.reap_tx();
      for (std::uint32_t i = 0; i < n; ++i) ASSERT_TRUE(w.send(*g, to, i));
    }
  }
};

TEST_F(Limits, RrTxRoundStopsAt238) {
  publish(30);  // 240 pending
  EXPECT_TRUE(w.engine.tx_round()) << "work is left";
  EXPECT_EQ(w.engine.stats().tx_packets, kTxRoundLimit);
  EXPECT_FALSE(w.engine.tx_round());
  EXPECT_EQ(w.engine.stats().tx_packets, 240u);
}

TEST_F(Limits, RrBacklogHolds1000AndCountsTheRest) {
  std::uint64_t sent = 0;
  for (int round = 0; round < 6; ++round) {
    publish(30);
    sent += 240;
    while (w.engine.tx_round()) {
    }
  }
  EXPECT_EQ(w.engine.stats().tx_packets, sent);
  EXPECT_EQ(w.engine.softnet_queued(), kBacklogLimit);
  EXPECT_EQ(w.engine.stats().drops[Drop::softnet_backlog], sent - kBacklogLimit);
  std::uint64_t per_vif = 0;
  for (fake::Guest* g : src) per_vif += g->back.stats().drops[Drop::softnet_backlog];
  EXPECT_EQ(per_vif, sent - kBacklogLimit) << "each drop is also counted at its sender";
}

TEST_F(Limits, RrSoftnetRoundIs300AndRxRoundIs238) {
  for (int round = 0; round < 3; ++round) {
    publish(30);
    while (w.engine.tx_round()) {
    }
  }
  ASSERT_EQ(w.engine.softnet_queued(), 720u);
  EXPECT_TRUE(w.engine.softnet_round());
  EXPECT_EQ(w.engine.rx_queued(), kSoftnetRoundBudget);
  EXPECT_TRUE(w.engine.rx_round());
  EXPECT_EQ(w.engine.rx_queued(), kSoftnetRoundBudget - kRxRoundLimit);
  // The sink posted 48 buffers: the rest of the round are RX drops.
  EXPECT_EQ(w.engine.stats().rx_packets, 48u);
  EXPECT_EQ(w.engine.stats().drops[Drop::rx_no_buffer], kRxRoundLimit - 48u);
}

TEST_F(Limits, RtcaQueueLimitIsPerPriority) {
  ASSERT_TRUE(w.engine.configure(Settings{Policy::rtca, 238, 10}).ok());
  publish(5);  // 8 sources, priorities d % 4: two sources per priority, 10 frames each
  while (w.engine.tx_round()) {
  }
  EXPECT_EQ(w.engine.softnet_queued(), 40u) << "every queue holds its 10";
  publish(1);
  while (w.engine.tx_round()) {
  }
  EXPECT_EQ(w.engine.stats().drops[Drop::softnet_queue_full], 8u);
  for (std::uint32_t p = 0; p < 4; ++p) EXPECT_EQ(w.engine.stats().softnet_queue_drops[p], 2u);
}

TEST_F(Limits, UnknownDestinationIsANoRouteDrop) {
  publish(1, 77);
  w.run();
  EXPECT_EQ(w.engine.stats().drops[Drop::softnet_no_route], 8u);
  EXPECT_EQ(w.pool.available(), w.pool.capacity());
}

TEST_F(Limits, RxWithoutBuffersDrops) {
  // The sink posted 48 buffers and reads none: the rest are RX drops.
  for (int round = 0; round < 2; ++round) {
    publish(30);
    w.run();
  }
  EXPECT_EQ(sink->back.stats().rx_packets, 48u);
  EXPECT_EQ(w.engine.stats().drops[Drop::rx_no_buffer], 480u - 48u);
}

TEST_F(Limits, PolicySwitchKeepsWhatFits) {
  publish(30);
  while (w.engine.tx_round()) {
  }
  ASSERT_EQ(w.engine.softnet_queued(), 240u);
  ASSERT_TRUE(w.engine.configure(Settings{Policy::rtca, 1, 20}).ok());
  EXPECT_EQ(w.engine.softnet_queued(), 80u) << "four priorities of 20";
  EXPECT_EQ(w.engine.stats().drops[Drop::policy_switch], 160u);
  ASSERT_TRUE(w.engine.configure(Settings{Policy::rr, 1, 20}).ok());
  EXPECT_EQ(w.engine.softnet_queued(), 80u);
  w.run();
  EXPECT_EQ(w.engine.stats().rx_packets, 48u) << "the sink's 48 buffers";
  EXPECT_EQ(w.engine.stats().drops[Drop::rx_no_buffer], 32u);
  EXPECT_EQ(w.pool.available(), w.pool.capacity());
}

TEST_F(Limits, PoolExhaustionLeavesRequestsInTheRing) {
  World small{16};
  fake::Guest& s = small.add(20, 0);
  fake::Guest& a = small.add(1, 0);
  for (std::uint32_t i = 0; i < 20; ++i) ASSERT_TRUE(small.send(a, 20, i));
  EXPECT_TRUE(small.engine.tx_round());
  EXPECT_EQ(small.engine.stats().tx_packets, 16u);
  EXPECT_EQ(small.engine.stats().tx_pool_empty, 1u);
  small.run();
  EXPECT_EQ(small.drain(s).size(), 20u) << "nothing lost, only delayed";
}

}  // namespace
