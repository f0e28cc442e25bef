// Netfront/netback connection state machines (vnet/netfront.h,
// vnet/netback.h) over the fake hypervisor: either side first, frames sent
// before the backend exists, orderly close and reconnect, and a frontend
// domain destroyed in the middle of I/O (everything released, everyone
// else unaffected).
#include <gtest/gtest.h>

#include "world.h"

namespace {

using namespace vnet;
using fake::World;

TEST(VnetState, BackendFirst) {
  World w;
  fake::Guest& g = w.add(1, 0, /*backend_first=*/true);
  EXPECT_EQ(g.back.state(), XenbusState::connected);
  EXPECT_EQ(g.front.state(), XenbusState::connected);
  EXPECT_EQ(w.hv.live_maps(), 2);  // the two ring pages
}

TEST(VnetState, ProbingAConnectedBackendAgainChangesNothing) {
  World w;
  fake::Guest& g = w.add(1, 0);
  g.back.probe(g.rv);
  EXPECT_EQ(g.back.state(), XenbusState::connected);
  EXPECT_EQ(w.hv.live_maps(), 2) << "the rings are not mapped twice";
}

TEST(VnetState, FrontendFirst) {
  World w;
  fake::Guest& g = w.add(1, 0, /*backend_first=*/false);
  EXPECT_EQ(g.back.state(), XenbusState::connected);
  EXPECT_EQ(g.front.state(), XenbusState::connected);
}

TEST(VnetState, BackendAloneWaitsForTheFrontend) {
  World w;
  auto g = std::make_unique<fake::Guest>(w.hv, w.dom0, 1, 0, 4, 4);
  w.engine.add(g->back);
  g->back.probe(g->rv);
  EXPECT_EQ(g->back.state(), XenbusState::init_wait);
  EXPECT_EQ(g->rv.back, XenbusState::init_wait);
  ASSERT_TRUE(g->front.start(g->rv).ok());
  EXPECT_EQ(g->rv.front, XenbusState::initialised);
  g->back.frontend_changed(g->rv);
  EXPECT_EQ(g->back.state(), XenbusState::connected);
  g->front.backend_changed(g->rv);
  EXPECT_EQ(g->front.state(), XenbusState::connected);
  w.engine.remove(g->back);
}

TEST(VnetState, FramesSentBeforeTheBackendExistsArriveAfterConnect) {
  World w;
  fake::Guest& b = w.add(2, 0);
  auto a = std::make_unique<fake::Guest>(w.hv, w.dom0, 1, 0, 8, 8);
  ASSERT_TRUE(a->front.start(a->rv).ok());
  for (std::uint32_t i = 0; i < 3; ++i) ASSERT_TRUE(a->front.send(World::frame(2, 1, i)).ok());
  w.engine.add(a->back);
  a->back.probe(a->rv);  // connect() kicks the engine: the requests are waiting
  w.sync(*a);
  w.run();
  auto got = w.drain(b);
  ASSERT_EQ(got.size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) EXPECT_EQ(got[i].seq, i);
  w.engine.remove(a->back);
}

TEST(VnetState, OrderlyCloseReleasesEverythingAndReconnects) {
  World w;
  fake::Guest& a = w.add(1, 0);
  fake::Guest& b = w.add(2, 0);
  ASSERT_TRUE(w.send(a, 2, 7));
  w.run();
  EXPECT_EQ(w.drain(b).size(), 1u);
  a.front.close(a.rv);
  w.sync(a);
  EXPECT_EQ(a.front.state(), XenbusState::closed);
  EXPECT_EQ(w.hv.live_grants(1), 0) << "the frontend revoked every grant";
  EXPECT_EQ(w.hv.open_ports(1), 0);
  EXPECT_EQ(w.hv.live_maps(), 2) << "only b's rings are still mapped";
  EXPECT_EQ(a.back.state(), XenbusState::init_wait) << "ready for a new frontend";
  ASSERT_TRUE(a.front.start(a.rv).ok());
  w.sync(a);
  EXPECT_EQ(a.back.state(), XenbusState::connected);
  ASSERT_TRUE(w.send(a, 2, 8));
  w.run();
  auto got = w.drain(b);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq, 8u);
}

TEST(VnetState, FrontendDestroyedMidIo) {
  World w;
  fake::Guest& a = w.add(1, 0);
  fake::Guest& b = w.add(2, 0);
  fake::Guest& c = w.add(3, 0);
  // a sends to b and c; b and c send to a; stop half way through the stages.
  for (std::uint32_t i = 0; i < 10; ++i) {
    ASSERT_TRUE(w.send(a, 2, i));
    ASSERT_TRUE(w.send(b, 1, i));
    ASSERT_TRUE(w.send(c, 1, i));
  }
  w.engine.tx_round();  // all 30 now wait in softnet
  ASSERT_EQ(w.engine.softnet_queued(), 30u);
  // Domain 1 disappears; the toolstack tells its netback.
  w.hv.destroy(1);
  a.rv.front = XenbusState::unknown;
  a.back.frontend_destroyed(a.rv);
  EXPECT_EQ(a.back.state(), XenbusState::closed);
  EXPECT_EQ(w.hv.live_maps(), 4) << "a's ring pages are unmapped: its memory can be reaped";
  EXPECT_EQ(w.hv.open_ports(0), 2) << "a's event channel is closed in domain 0";
  // a's 10 frames are flushed at once; b's and c's frames for a are not
  // routed yet (softnet routes them) and become no-route drops there.
  EXPECT_EQ(w.engine.softnet_queued(), 20u);
  EXPECT_EQ(w.engine.stats().drops[Drop::flushed], 10u);
  EXPECT_EQ(a.back.stats().drops[Drop::flushed], 10u);
  w.run();
  EXPECT_EQ(w.engine.stats().drops[Drop::softnet_no_route], 20u);
  EXPECT_EQ(b.back.stats().drops[Drop::softnet_no_route], 10u);
  EXPECT_EQ(c.back.stats().drops[Drop::softnet_no_route], 10u);
  EXPECT_EQ(w.pool.available(), w.pool.capacity()) << "every packet came back to the pool";
  EXPECT_EQ(w.drain(b).size(), 0u);
  // b and c still talk.
  ASSERT_TRUE(w.send(b, 3, 99));
  w.run();
  auto got = w.drain(c);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq, 99u);
  // Frames for the dead domain are no-route drops, not crashes.
  ASSERT_TRUE(w.send(b, 1, 100));
  w.run();
  EXPECT_EQ(w.engine.stats().drops[Drop::softnet_no_route], 21u);
}

TEST(VnetState, DestroyedWhileItsFramesWaitInRx) {
  World w;
  fake::Guest& a = w.add(1, 0);
  fake::Guest& b = w.add(2, 0);
  for (std::uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(w.send(a, 2, i));
  for (std::uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(w.send(b, 1, i));
  w.engine.tx_round();
  w.engine.softnet_round();
  ASSERT_EQ(w.engine.rx_queued(), 10u);
  w.hv.destroy(2);
  b.rv.front = XenbusState::unknown;
  b.back.frontend_changed(b.rv);  // the toolstack may report it as a state change
  EXPECT_EQ(b.back.state(), XenbusState::closed);
  EXPECT_EQ(w.engine.rx_queued(), 0u) << "frames to and from b are gone";
  w.run();
  EXPECT_EQ(w.pool.available(), w.pool.capacity());
  EXPECT_EQ(w.hv.live_maps(), 2);
}

}  // namespace

namespace {

TEST(VnetState, DomainDeadBeforeTheToolstackSaysSo) {
  vnet::fake::World w;
  vnet::fake::Guest& a = w.add(1, 0);
  vnet::fake::Guest& b = w.add(2, 0);
  for (std::uint32_t i = 0; i < 3; ++i) ASSERT_TRUE(w.send(a, 2, i));
  w.hv.destroy(1);  // its requests are still in the ring
  w.run();
  EXPECT_TRUE(a.back.disabled()) << "the first failed copy disables it";
  EXPECT_EQ(a.back.stats().ring_errors[static_cast<int>(vnet::RingError::bad_grant)], 1u);
  EXPECT_EQ(w.hv.live_maps(), 2) << "nothing of domain 1 stays mapped";
  EXPECT_EQ(w.pool.available(), w.pool.capacity());
  a.rv.front = vnet::XenbusState::unknown;  // the toolstack catches up
  a.back.frontend_changed(a.rv);
  EXPECT_EQ(a.back.state(), vnet::XenbusState::closed);
  ASSERT_TRUE(w.send(b, 2, 5));  // b still works (to itself)
  w.run();
  EXPECT_EQ(w.drain(b).size(), 1u);
}

}  // namespace
