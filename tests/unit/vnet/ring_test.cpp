// The shared-ring protocol (vnet/ring.h) on a bare TX ring page: request
// and response flow, free-running indices across 2^32, the notification
// hold-off and the final re-check, and the backend's overrun checks.
#include <gtest/gtest.h>

#include "vnet/netback.h"
#include "vnet/netfront.h"

namespace {

using namespace vnet;
namespace abi = tactus::abi;

struct RingFixture : ::testing::Test {
  Page page;
  abi::NetifTxSharedRing* shared = reinterpret_cast<abi::NetifTxSharedRing*>(page.bytes);
  TxFrontRing front;
  TxBackRing back;

  void SetUp() override {
    front.init_shared(shared);
    back.attach(shared);
  }
  // Restarts both ends with every shared index at `start`.
  void start_at(RingIdx start) {
    shared->header.req_prod = shared->header.rsp_prod = start;
    shared->header.req_event = shared->header.rsp_event = start + 1;
    front.attach(shared);
    back.attach(shared);
  }
  static abi::NetifTxRequest req(std::uint16_t id) { return {7, 0, 0, id, 64}; }
};

TEST_F(RingFixture, SlotCountsArePowersOfTwoFillingAPage) {
  EXPECT_EQ(abi::kNetifTxRingSlots, 256u);
  EXPECT_EQ(abi::kNetifRxRingSlots, 256u);
  EXPECT_EQ(abi::ring_slots_for(12), 256u);  // 336 fit
  EXPECT_EQ(abi::ring_slots_for(8), 256u);   // 504 fit
  EXPECT_EQ(abi::ring_slots_for(4), 512u);   // 1008 fit
}

TEST_F(RingFixture, RequestsAndResponsesFlow) {
  EXPECT_EQ(front.free_requests(), 256u);
  front.put_request(req(1));
  front.put_request(req(2));
  EXPECT_EQ(shared->header.req_prod, 0u) << "nothing is visible before the push";
  front.push_requests();
  abi::NetifTxRequest r{};
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  EXPECT_EQ(r.id, 1);
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  EXPECT_EQ(r.id, 2);
  EXPECT_EQ(back.take_request(&r), TxBackRing::Take::empty);
  back.put_response({2, 0});
  back.put_response({1, 0});
  back.push_responses();
  EXPECT_EQ(front.unconsumed_responses(), 2u);
  EXPECT_EQ(front.take_response().id, 2);
  EXPECT_EQ(front.take_response().id, 1);
  EXPECT_EQ(front.free_requests(), 256u);
}

TEST_F(RingFixture, FreeRunningIndicesWrapAt2To32) {
  start_at(0xffffff00u);
  std::uint16_t next = 0;
  // 3 * 200 requests cross 2^32 (at 256 past the start) with up to 200 in flight.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 200; ++i) {
      ASSERT_FALSE(front.full());
      front.put_request(req(std::uint16_t(next + i)));
    }
    front.push_requests();
    abi::NetifTxRequest r{};
    for (int i = 0; i < 200; ++i) {
      ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request) << round << " " << i;
      EXPECT_EQ(r.id, std::uint16_t(next + i));
      back.put_response({r.id, 0});
    }
    EXPECT_EQ(back.take_request(&r), TxBackRing::Take::empty);
    back.push_responses();
    for (int i = 0; i < 200; ++i) EXPECT_EQ(front.take_response().id, std::uint16_t(next + i));
    next = std::uint16_t(next + 200);
  }
  EXPECT_LT(shared->header.req_prod, 0x1000u) << "the index wrapped";
  EXPECT_EQ(shared->header.req_prod, RingIdx(0xffffff00u + 600));
}

TEST_F(RingFixture, TheRingHoldsExactlyItsSlotCount) {
  start_at(0xfffffff0u);
  for (RingIdx i = 0; i < 256; ++i) front.put_request(req(std::uint16_t(i)));
  EXPECT_TRUE(front.full());
  front.push_requests();
  RingIdx pending = 0;
  EXPECT_EQ(back.peek(&pending), TxBackRing::Take::request);
  EXPECT_EQ(pending, 256u);
}

TEST_F(RingFixture, PushNotifiesOnlyWhenThePeerAskedForIt) {
  // Fresh ring: req_event = 1, so the first push notifies.
  front.put_request(req(0));
  EXPECT_TRUE(front.push_requests());
  // The backend has not re-armed: further pushes are held off.
  front.put_request(req(1));
  EXPECT_FALSE(front.push_requests());
  // The backend drains and, before sleeping, asks for the next one.
  abi::NetifTxRequest r{};
  while (back.take_request(&r) == TxBackRing::Take::request) back.put_response({r.id, 0});
  EXPECT_FALSE(back.final_check_for_requests());
  EXPECT_EQ(shared->header.req_event, back.req_cons() + 1);
  front.put_request(req(2));
  EXPECT_TRUE(front.push_requests());
  // Several requests in one push: notifies once if the event index is inside.
  while (back.take_request(&r) == TxBackRing::Take::request) back.put_response({r.id, 0});
  EXPECT_FALSE(back.final_check_for_requests());
  for (int i = 0; i < 5; ++i) front.put_request(req(std::uint16_t(10 + i)));
  EXPECT_TRUE(front.push_requests());
}

TEST_F(RingFixture, ResponsesAreHeldOffTheSameWay) {
  front.put_request(req(0));
  front.put_request(req(1));
  front.push_requests();
  abi::NetifTxRequest r{};
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  back.put_response({r.id, 0});
  EXPECT_TRUE(back.push_responses()) << "rsp_event starts at 1";
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  back.put_response({r.id, 0});
  EXPECT_FALSE(back.push_responses()) << "the frontend has not re-armed";
  EXPECT_TRUE(front.final_check_for_responses()) << "two responses wait: do not sleep";
  front.take_response();
  front.take_response();
  EXPECT_FALSE(front.final_check_for_responses());
}

TEST_F(RingFixture, FinalCheckSeesWorkPublishedBeforeTheEventWasArmed) {
  // The frontend publishes while the backend still believes the ring empty
  // (req_event is stale, so no notification is sent) ...
  abi::NetifTxRequest r{};
  front.put_request(req(0));
  front.push_requests();
  back.take_request(&r);
  back.put_response({0, 0});
  front.put_request(req(1));
  EXPECT_FALSE(front.push_requests());
  // ... and the backend's re-check before sleeping finds it.
  EXPECT_TRUE(back.final_check_for_requests());
}

TEST_F(RingFixture, AProducerPastTheRingIsAnOverrun) {
  for (RingIdx k : {1u, 2u, 1000u, 0x80000000u}) {
    SetUp();
    shared->header.req_prod = back.rsp_prod_pvt() + 256 + k;
    abi::NetifTxRequest r{};
    EXPECT_EQ(back.take_request(&r), TxBackRing::Take::overrun) << k;
    EXPECT_TRUE(back.final_check_for_requests()) << "an overrun is work: it must be seen";
  }
}

TEST_F(RingFixture, AProducerMovingBackIsAnOverrun) {
  start_at(5);
  for (int i = 0; i < 4; ++i) front.put_request(req(std::uint16_t(i)));
  front.push_requests();
  abi::NetifTxRequest r{};
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  shared->header.req_prod = 6;  // behind the two we took
  EXPECT_EQ(back.take_request(&r), TxBackRing::Take::overrun);
}

TEST_F(RingFixture, TheRequestIsCopiedOutOnce) {
  front.put_request(req(3));
  front.push_requests();
  abi::NetifTxRequest r{};
  ASSERT_EQ(back.take_request(&r), TxBackRing::Take::request);
  shared->slot[0].req.id = 999;  // the frontend rewrites the slot afterwards
  shared->slot[0].req.size = 4000;
  EXPECT_EQ(r.id, 3);
  EXPECT_EQ(r.size, 64);
}

}  // namespace

namespace {

TEST_F(RingFixture, ABackendRacingAheadIsNotBelieved) {
  front.put_request(req(0));
  front.put_request(req(1));
  front.push_requests();
  shared->header.rsp_prod = 0x7000;  // far more than the two outstanding
  EXPECT_TRUE(front.overrun_responses());
  EXPECT_EQ(front.unconsumed_responses(), 2u);
  front.take_response();
  front.take_response();
  EXPECT_EQ(front.unconsumed_responses(), 0u);
  EXPECT_FALSE(front.final_check_for_responses());
  EXPECT_EQ(front.free_requests(), 256u);
}

}  // namespace
