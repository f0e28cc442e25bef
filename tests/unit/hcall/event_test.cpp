// EventTable + EventRouter: allocation, binding, send/mask/unmask
// notification rules, close and teardown, and every misuse.
#include <gtest/gtest.h>

#include "fake_memory.h"
#include "hcall/decode.h"
#include "hcall/event_router.h"

namespace hcall {
namespace {

using E = abi::Errno;

struct EventTest : ::testing::Test {
  test::RecordingUpcalls upcalls;
  EventRouter router{upcalls};
  abi::SharedInfo shared_a{}, shared_b{}, shared_c{};
  EventTable a{shared_a}, b{shared_b}, c{shared_c};
  static constexpr abi::DomainId kA = 1, kB = 2, kC = 5;

  void SetUp() override {
    ASSERT_TRUE(router.attach(kA, a).ok());
    ASSERT_TRUE(router.attach(kB, b).ok());
    ASSERT_TRUE(router.attach(kC, c).ok());
  }
  // A's port bound to B's: returns {a_port, b_port}.
  std::pair<abi::EventPort, abi::EventPort> connect() {
    auto unbound = router.alloc_unbound(kA, kB);
    EXPECT_TRUE(unbound.ok());
    auto bound = router.bind_interdomain(kB, kA, unbound.value);
    EXPECT_TRUE(bound.ok());
    return {unbound.value, bound.value};
  }
};

TEST_F(EventTest, AttachRefusals) {
  abi::SharedInfo s{};
  EventTable t{s};
  EXPECT_EQ(router.attach(kA, t).error(), E::exist);
  EXPECT_EQ(router.attach(64, t).error(), E::srch);
  EXPECT_TRUE(router.attached(kA));
  EXPECT_FALSE(router.attached(3));
}

TEST_F(EventTest, AllocatesLowestFreePortFromOne) {
  EXPECT_EQ(router.alloc_unbound(kA, kB).value, 1u);
  EXPECT_EQ(router.alloc_unbound(kA, kB).value, 2u);
  ASSERT_TRUE(router.close(kA, 1).ok());
  EXPECT_EQ(router.alloc_unbound(kA, kC).value, 1u);
  EXPECT_EQ(a.port(1).state, PortState::unbound);
  EXPECT_EQ(a.port(1).remote, kC);
}

TEST_F(EventTest, AllocRefusals) {
  EXPECT_EQ(router.alloc_unbound(3, kB).error(), E::srch);  // caller unknown
  EXPECT_EQ(router.alloc_unbound(kA, 3).error(), E::srch);  // remote unknown
  for (int i = 1; i < 64; ++i) ASSERT_TRUE(router.alloc_unbound(kA, kB).ok());
  EXPECT_EQ(router.alloc_unbound(kA, kB).error(), E::nospc);
  EXPECT_EQ(router.bind_virq(kA, abi::Virq::timer).error(), E::nospc);
  EXPECT_EQ(router.bind_interdomain(kB, kA, 1).value, 1u);  // B still has room
}

TEST_F(EventTest, BindInterdomainLinksBothEnds) {
  auto [pa, pb] = connect();
  EXPECT_EQ(pa, 1u);
  EXPECT_EQ(pb, 1u);
  EXPECT_EQ(a.port(pa).state, PortState::interdomain);
  EXPECT_EQ(a.port(pa).remote, kB);
  EXPECT_EQ(a.port(pa).remote_port, pb);
  EXPECT_EQ(b.port(pb).remote, kA);
  EXPECT_EQ(b.port(pb).remote_port, pa);
}

TEST_F(EventTest, BindInterdomainRefusals) {
  auto u = router.alloc_unbound(kA, kB);
  EXPECT_EQ(router.bind_interdomain(kC, kA, u.value).error(), E::inval);  // not for C
  EXPECT_EQ(router.bind_interdomain(kB, kA, 2).error(), E::inval);        // free port
  EXPECT_EQ(router.bind_interdomain(kB, kA, 0).error(), E::inval);
  EXPECT_EQ(router.bind_interdomain(kB, kA, 64).error(), E::inval);
  EXPECT_EQ(router.bind_interdomain(kB, 9, 1).error(), E::srch);
  EXPECT_EQ(router.bind_interdomain(9, kA, 1).error(), E::srch);
  ASSERT_TRUE(router.bind_interdomain(kB, kA, u.value).ok());
  EXPECT_EQ(router.bind_interdomain(kB, kA, u.value).error(), E::inval);  // already bound
  EXPECT_EQ(b.port(2).state, PortState::free);  // refusals allocated nothing
}

TEST_F(EventTest, LoopbackToSelf) {
  auto u = router.alloc_unbound(kA, kA);
  ASSERT_TRUE(u.ok());
  auto p = router.bind_interdomain(kA, kA, u.value);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value, 2u);
  ASSERT_TRUE(router.send(kA, p.value).ok());
  EXPECT_TRUE(a.pending(u.value));
  EXPECT_EQ(upcalls.calls, std::vector<abi::DomainId>{kA});
  ASSERT_TRUE(router.close(kA, u.value).ok());
  EXPECT_EQ(a.port(p.value).state, PortState::unbound);
  EXPECT_EQ(a.port(p.value).remote, kA);
}

TEST_F(EventTest, SendSetsPendingAndNotifiesOnce) {
  auto [pa, pb] = connect();
  ASSERT_TRUE(router.send(kA, pa).ok());
  EXPECT_TRUE(b.pending(pb));
  EXPECT_EQ(shared_b.evtchn_pending[0], 1ull << pb);
  EXPECT_EQ(shared_b.vcpu[0].pending_sel, 1u);
  EXPECT_EQ(shared_b.vcpu[0].upcall_pending, 1);
  EXPECT_EQ(upcalls.calls, std::vector<abi::DomainId>{kB});
  ASSERT_TRUE(router.send(kA, pa).ok());  // already pending: no second upcall
  EXPECT_EQ(upcalls.calls.size(), 1u);
  EXPECT_TRUE(b.has_unmasked_pending());
  EXPECT_FALSE(a.has_unmasked_pending());
}

TEST_F(EventTest, GuestAcknowledgesThenNextSendNotifiesAgain) {
  auto [pa, pb] = connect();
  ASSERT_TRUE(router.send(kA, pa).ok());
  // The guest's handler: clear upcall_pending, pending_sel, then the port bit.
  shared_b.vcpu[0].upcall_pending = 0;
  shared_b.vcpu[0].pending_sel = 0;
  shared_b.evtchn_pending[0] = 0;
  ASSERT_TRUE(router.send(kA, pa).ok());
  EXPECT_EQ(upcalls.calls.size(), 2u);
  // Sending B -> A works in the other direction.
  ASSERT_TRUE(router.send(kB, pb).ok());
  EXPECT_TRUE(a.pending(pa));
  EXPECT_EQ(upcalls.calls.back(), kA);
}

TEST_F(EventTest, MaskedPortGetsPendingWithoutNotifyUntilUnmask) {
  auto [pa, pb] = connect();
  ASSERT_TRUE(router.mask(kB, pb).ok());
  EXPECT_TRUE(b.masked(pb));
  ASSERT_TRUE(router.send(kA, pa).ok());
  EXPECT_TRUE(b.pending(pb));
  EXPECT_TRUE(upcalls.calls.empty());
  EXPECT_EQ(shared_b.vcpu[0].upcall_pending, 0);
  EXPECT_FALSE(b.has_unmasked_pending());
  ASSERT_TRUE(router.unmask(kB, pb).ok());
  EXPECT_EQ(upcalls.calls, std::vector<abi::DomainId>{kB});
  EXPECT_EQ(shared_b.vcpu[0].upcall_pending, 1);
  ASSERT_TRUE(router.unmask(kB, pb).ok());  // unmasking again: nothing new
  EXPECT_EQ(upcalls.calls.size(), 1u);
}

TEST_F(EventTest, UnmaskWithoutPendingDoesNotNotify) {
  auto [pa, pb] = connect();
  (void)pa;
  ASSERT_TRUE(router.mask(kB, pb).ok());
  ASSERT_TRUE(router.unmask(kB, pb).ok());
  EXPECT_TRUE(upcalls.calls.empty());
}

TEST_F(EventTest, SendMisuse) {
  EXPECT_EQ(router.send(kA, 1).error(), E::noent);  // free
  EXPECT_EQ(router.send(kA, 0).error(), E::inval);
  EXPECT_EQ(router.send(kA, 64).error(), E::inval);
  EXPECT_EQ(router.send(7, 1).error(), E::srch);
  auto v = router.bind_virq(kA, abi::Virq::timer);
  EXPECT_EQ(router.send(kA, v.value).error(), E::inval);  // virq port
  auto u = router.alloc_unbound(kA, kB);
  EXPECT_TRUE(router.send(kA, u.value).ok());  // unbound: no-op
  EXPECT_FALSE(a.pending(u.value));
  EXPECT_TRUE(upcalls.calls.empty());
}

TEST_F(EventTest, MaskCloseMisuse) {
  EXPECT_EQ(router.mask(kA, 3).error(), E::noent);
  EXPECT_EQ(router.unmask(kA, 3).error(), E::noent);
  EXPECT_EQ(router.close(kA, 3).error(), E::noent);
  EXPECT_EQ(router.mask(kA, 0).error(), E::inval);
  EXPECT_EQ(router.unmask(kA, 64).error(), E::inval);
  EXPECT_EQ(router.close(kA, 64).error(), E::inval);
  EXPECT_EQ(router.close(9, 1).error(), E::srch);
  EXPECT_FALSE(a.masked(3));
}

TEST_F(EventTest, ClosingOneEndMakesThePeerUnbound) {
  auto [pa, pb] = connect();
  ASSERT_TRUE(router.send(kB, pb).ok());
  ASSERT_TRUE(router.close(kA, pa).ok());
  EXPECT_EQ(a.port(pa).state, PortState::free);
  EXPECT_FALSE(a.pending(pa));  // closed ports do not stay pending
  EXPECT_EQ(b.port(pb).state, PortState::unbound);
  EXPECT_EQ(b.port(pb).remote, kA);
  EXPECT_TRUE(router.send(kB, pb).ok());  // now a no-op
  // A may bind to B's port again.
  auto again = router.bind_interdomain(kA, kB, pb);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(b.port(pb).state, PortState::interdomain);
}

TEST_F(EventTest, ReallocatedPortStartsClean) {
  auto [pa, pb] = connect();
  (void)pa;
  ASSERT_TRUE(router.mask(kB, pb).ok());
  ASSERT_TRUE(router.send(kA, pa).ok());
  ASSERT_TRUE(router.close(kB, pb).ok());
  auto fresh = router.alloc_unbound(kB, kC);
  ASSERT_EQ(fresh.value, pb);
  EXPECT_FALSE(b.pending(pb));
  EXPECT_FALSE(b.masked(pb));
}

TEST_F(EventTest, VirqBindingAndRaise) {
  EXPECT_EQ(router.raise_virq(kA, abi::Virq::timer).error(), E::noent);
  auto p = router.bind_virq(kA, abi::Virq::timer);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(router.bind_virq(kA, abi::Virq::timer).error(), E::exist);
  EXPECT_TRUE(router.bind_virq(kA, abi::Virq::console).ok());
  EXPECT_EQ(router.bind_virq(kA, static_cast<abi::Virq>(2)).error(), E::inval);
  ASSERT_TRUE(router.raise_virq(kA, abi::Virq::timer).ok());
  EXPECT_TRUE(a.pending(p.value));
  EXPECT_EQ(upcalls.calls, std::vector<abi::DomainId>{kA});
  EXPECT_EQ(router.raise_virq(8, abi::Virq::timer).error(), E::srch);
  ASSERT_TRUE(router.close(kA, p.value).ok());
  EXPECT_EQ(router.raise_virq(kA, abi::Virq::timer).error(), E::noent);
  EXPECT_TRUE(router.bind_virq(kA, abi::Virq::timer).ok());  // may bind again
}

TEST_F(EventTest, UpcallVector) {
  EXPECT_EQ(a.upcall_vector(), 0);
  ASSERT_TRUE(router.set_upcall_vector(kA, 0xf3).ok());
  EXPECT_EQ(a.upcall_vector(), 0xf3);
  EXPECT_EQ(router.set_upcall_vector(kA, 0x1f).error(), E::inval);
  EXPECT_EQ(a.upcall_vector(), 0xf3);
  EXPECT_EQ(router.set_upcall_vector(12, 0x40).error(), E::srch);
}

TEST_F(EventTest, TeardownUnbindsPeersAndForbidsRebinding) {
  auto [pa, pb] = connect();
  (void)pa;
  auto waiting = router.alloc_unbound(kC, kA);  // C waits for A
  ASSERT_TRUE(waiting.ok());
  router.teardown(kA);
  EXPECT_FALSE(router.attached(kA));
  EXPECT_EQ(b.port(pb).state, PortState::unbound);
  EXPECT_EQ(b.port(pb).remote, abi::kDomainInvalid);
  EXPECT_EQ(c.port(waiting.value).remote, abi::kDomainInvalid);
  for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p) EXPECT_EQ(a.port(p).state, PortState::free);
  // A new domain reusing id 1 cannot pick up the old channels.
  abi::SharedInfo s{};
  EventTable fresh{s};
  ASSERT_TRUE(router.attach(kA, fresh).ok());
  EXPECT_EQ(router.bind_interdomain(kA, kB, pb).error(), E::inval);
  EXPECT_EQ(router.bind_interdomain(kA, kC, waiting.value).error(), E::inval);
  router.teardown(kA);
  router.teardown(kA);  // twice: nothing happens
}

TEST_F(EventTest, ExecuteRunsDecodedRequests) {
  test::FakeMemory memory(1);
  Scratch scratch{};
  auto run = [&](abi::DomainId who, abi::Hypercall h, std::uint64_t a0 = 0, std::uint64_t a1 = 0) {
    Registers r;
    r.number = static_cast<std::uint64_t>(h);
    r.arg[0] = a0, r.arg[1] = a1;
    auto q = decode(r, Caller{who, false, 1}, memory, scratch);
    EXPECT_TRUE(q.ok());
    return router.execute(q.value);
  };
  EXPECT_EQ(run(kA, abi::Hypercall::evtchn_alloc_unbound, kB).value, 1u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_bind_interdomain, kA, 1).value, 1u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_bind_virq, 0).value, 2u);
  EXPECT_EQ(run(kA, abi::Hypercall::evtchn_send, 1).value, 0u);
  EXPECT_TRUE(b.pending(1));
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_mask, 1).value, 0u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_unmask, 1).value, 0u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_set_upcall_vector, 0x30).value, 0u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_close, 2).value, 0u);
  EXPECT_EQ(run(kB, abi::Hypercall::evtchn_close, 2).error(), E::noent);
  EXPECT_EQ(run(kA, abi::Hypercall::sched_yield).error(), E::nosys);
}

}  // namespace
}  // namespace hcall
