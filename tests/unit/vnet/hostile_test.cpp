// Hostile frontends (vnet/netback.h): each protocol violation disables only
// that interface, logs one line and counts once, while a healthy pair keeps
// talking; bad lengths are answered with an error and counted as drops.
#include <gtest/gtest.h>

#include <functional>

#include "world.h"

namespace {

using namespace vnet;
using fake::World;
namespace abi = tactus::abi;

struct Hostile : ::testing::Test {
  World w;
  fake::Guest& a = w.add(1, 0);
  fake::Guest& b = w.add(2, 0);
  fake::Guest& h = w.add(3, 0);  // the hostile one

  // Publishes one raw request on h's TX ring, bypassing its netfront.
  void publish_raw(const abi::NetifTxRequest& r) {
    abi::NetifTxSharedRing* s = h.tx_shared();
    RingIdx prod = s->header.req_prod;
    s->slot[prod & (abi::kNetifTxRingSlots - 1)].req = r;
    s->header.req_prod = prod + 1;
    w.engine.kick(h.back);
  }
  abi::GrantRef good_tx_gref() {  // a TX buffer page h really granted
    for (abi::GrantRef r = 0; r < abi::kMaxGrants; ++r) {
      auto& g = w.hv.grants[3][r];
      if (g.live && g.page == &h.tx_buffers[0]) return r;
    }
    return 0;
  }
  void expect_disabled_once(RingError e) {
    EXPECT_TRUE(h.back.disabled());
    EXPECT_EQ(h.back.state(), XenbusState::closing);
    EXPECT_EQ(h.back.stats().ring_errors[static_cast<int>(e)], 1u);
    ASSERT_EQ(w.hv.log.size(), 1u);
    EXPECT_NE(w.hv.log[0].find("vif3.0 disabled"), std::string::npos) << w.hv.log[0];
    EXPECT_EQ(w.hv.live_maps(), 4) << "h's rings are unmapped";
    // Later kicks and events do nothing.
    w.engine.kick(h.back);
    w.run();
    EXPECT_EQ(w.hv.log.size(), 1u);
  }
  void expect_healthy_pair_works() {
    ASSERT_TRUE(w.send(a, 2, 41));
    ASSERT_TRUE(w.send(b, 1, 42));
    w.run();
    auto at_b = w.drain(b);
    auto at_a = w.drain(a);
    ASSERT_EQ(at_b.size(), 1u);
    ASSERT_EQ(at_a.size(), 1u);
    EXPECT_EQ(at_b[0].seq, 41u);
    EXPECT_EQ(at_a[0].seq, 42u);
    EXPECT_TRUE(a.back.connected() && b.back.connected());
  }
};

TEST_F(Hostile, ProducerPastTheRing) {
  abi::NetifTxSharedRing* s = h.tx_shared();
  s->header.req_prod = s->header.rsp_prod + abi::kNetifTxRingSlots + 5;
  w.engine.kick(h.back);
  w.run();
  expect_disabled_once(RingError::overrun);
  expect_healthy_pair_works();
}

TEST_F(Hostile, OutOfRangeId) {
  publish_raw({good_tx_gref(), 0, 0, std::uint16_t(abi::kNetifTxRingSlots), 64});
  w.run();
  expect_disabled_once(RingError::bad_id);
  expect_healthy_pair_works();
}

TEST_F(Hostile, GrantReferenceOutOfRange) {
  publish_raw({abi::kMaxGrants + 3, 0, 0, 1, 64});
  w.run();
  expect_disabled_once(RingError::bad_grant);
  expect_healthy_pair_works();
}

TEST_F(Hostile, GrantReferenceNotGranted) {
  publish_raw({abi::kMaxGrants - 1, 0, 0, 1, 64});
  w.run();
  expect_disabled_once(RingError::bad_grant);
  expect_healthy_pair_works();
}

TEST_F(Hostile, BufferCrossesItsPage) {
  publish_raw({good_tx_gref(), 4000, 0, 1, 200});
  w.run();
  expect_disabled_once(RingError::crosses_page);
  expect_healthy_pair_works();
}

TEST_F(Hostile, ZeroAndOversizeLengthsAreRejectedAndCounted) {
  publish_raw({good_tx_gref(), 0, 0, 1, 0});
  publish_raw({good_tx_gref(), 0, 0, 2, 13});
  publish_raw({good_tx_gref(), 0, 0, 3, std::uint16_t(abi::kEthMaxFrameBytes + 1)});
  publish_raw({good_tx_gref(), 0, 1, 4, 64});  // unknown flag
  w.run();
  EXPECT_FALSE(h.back.disabled());
  EXPECT_EQ(h.back.stats().drops[Drop::tx_bad_request], 4u);
  EXPECT_EQ(w.engine.stats().drops[Drop::tx_bad_request], 4u);
  abi::NetifTxSharedRing* s = h.tx_shared();
  EXPECT_EQ(s->header.rsp_prod, s->header.req_prod) << "every bad request was answered";
  EXPECT_EQ(s->slot[(s->header.rsp_prod - 1) & 255].rsp.status, abi::kNetifRspError);
  EXPECT_TRUE(w.hv.log.empty());
  expect_healthy_pair_works();
}

TEST_F(Hostile, RewritingARequestAfterPublishingChangesNothing) {
  // While the backend copies the frame, h rewrites the slot it came from
  // (id and size). The backend answers the id and uses the size it copied.
  abi::NetifTxSharedRing* s = h.tx_shared();
  RingIdx slot = s->header.req_prod & 255;
  w.hv.on_copy = [&] {
    s->slot[slot].req.id = 999;
    s->slot[slot].req.size = 4000;
    s->slot[slot].req.gref = 12345;
  };
  ASSERT_TRUE(w.send(h, 2, 5, 100));
  w.run();
  w.hv.on_copy = nullptr;
  EXPECT_FALSE(h.back.disabled());
  auto got = w.drain(b);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].len, 100u);
  expect_healthy_pair_works();
}

TEST_F(Hostile, NeverConsumingRxIsBounded) {
  // h never reads its RX ring: its 24 posted buffers fill, then frames for
  // it are dropped at RX (counted at the sender), nothing queues without bound.
  for (std::uint32_t i = 0; i < 60; ++i) {
    ASSERT_TRUE(w.send(a, 3, i));
    w.run();
    a.front.reap_tx();
  }
  EXPECT_EQ(h.back.stats().rx_packets, 24u);
  EXPECT_EQ(a.back.stats().drops[Drop::rx_no_buffer], 36u);
  EXPECT_EQ(w.engine.stats().drops[Drop::rx_no_buffer], 36u);
  EXPECT_EQ(w.pool.available(), w.pool.capacity());
  expect_healthy_pair_works();
}

TEST_F(Hostile, EventStormIsHarmless) {
  for (int i = 0; i < 10000; ++i) w.engine.kick(h.back);
  EXPECT_EQ(w.engine.scheduled(), 0u) << "kicks without requests schedule nothing";
  w.run();
  EXPECT_FALSE(h.back.disabled());
  expect_healthy_pair_works();
}

TEST_F(Hostile, ReconnectAfterBeingDisabled) {
  publish_raw({good_tx_gref(), 0, 0, 999, 64});
  w.run();
  ASSERT_TRUE(h.back.disabled());
  w.sync(h);  // the frontend sees closing, revokes, closes
  EXPECT_EQ(h.front.state(), XenbusState::closed);
  EXPECT_EQ(w.hv.live_grants(3), 0);
  ASSERT_TRUE(h.front.start(h.rv).ok());
  w.sync(h);
  EXPECT_TRUE(h.back.connected());
  EXPECT_FALSE(h.back.disabled());
  ASSERT_TRUE(w.send(h, 2, 77));
  w.run();
  ASSERT_EQ(w.drain(b).size(), 1u);
}

}  // namespace
