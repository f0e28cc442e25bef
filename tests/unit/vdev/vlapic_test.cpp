// VLapic as a guest kernel uses it (Linux's x2APIC and TSC-deadline paths)
// and as a hostile guest pokes it: every refused access is #GP and changes
// nothing.
#include "vdev/vlapic.h"

#include <gtest/gtest.h>

namespace {

using vdev::VLapic;
constexpr std::uint32_t X(std::uint32_t reg) { return 0x800 + reg; }
constexpr std::uint32_t kTpr = X(0x08), kPpr = X(0x0a), kEoi = X(0x0b), kSvr = X(0x0f),
                        kEsr = X(0x28), kIcr = X(0x30), kLvtTimer = X(0x32), kInit = X(0x38),
                        kCurrent = X(0x39), kDivide = X(0x3e), kSelfIpi = X(0x3f);

// 1 GHz TSC, 100 MHz timer input: one timer tick is 10 TSC cycles.
VLapic make(std::uint32_t id = 0, bool bsp = true) {
  VLapic a({id, bsp, 1'000'000'000, 100'000'000});
  EXPECT_FALSE(a.write_msr(kSvr, 0x1ff, 0).gp);  // software enable, spurious 0xff
  return a;
}

std::uint64_t rd(VLapic& a, std::uint32_t msr, std::uint64_t tsc = 0) {
  auto r = a.read_msr(msr, tsc);
  EXPECT_FALSE(r.gp) << std::hex << msr;
  return r.value;
}

TEST(VLapic, StartsInX2apicModeAsFirmwareLeavesIt) {
  VLapic bsp({0, true, 1, 1}), ap({17, false, 1, 1});
  EXPECT_EQ(rd(bsp, VLapic::kMsrApicBase), 0xfee00d00u);  // base | EN | EXTD | BSP
  EXPECT_EQ(rd(ap, VLapic::kMsrApicBase), 0xfee00c00u);
  EXPECT_EQ(rd(ap, X(0x02)), 17u);                     // x2APIC ID
  EXPECT_EQ(rd(ap, X(0x0d)), (1u << 16) | (1u << 1));  // LDR: cluster 1, member 1
  EXPECT_EQ(rd(ap, X(0x03)) & 0xff, 0x14u);
  EXPECT_EQ((rd(ap, X(0x03)) >> 16) & 0xff, 6u);  // seven LVT entries
  EXPECT_FALSE(ap.software_enabled());
  EXPECT_EQ(rd(ap, kLvtTimer) & (1u << 16), 1u << 16);  // LVTs start masked
}

TEST(VLapic, PriorityFollowsTprAndInService) {
  VLapic a = make();
  a.accept(0x31);
  a.accept(0x51);
  ASSERT_FALSE(a.write_msr(kTpr, 0x40, 0).gp);
  EXPECT_EQ(a.pending_vector(), 0x51);
  a.acknowledge(0x51);
  EXPECT_EQ(rd(a, kPpr), 0x50u);
  EXPECT_EQ(a.pending_vector(), -1);  // 0x31 is below the in-service class
  a.accept(0x52);                     // same class as the one in service: held
  EXPECT_EQ(a.pending_vector(), -1);
  a.accept(0x61);
  EXPECT_EQ(a.pending_vector(), 0x61);  // nests
  a.acknowledge(0x61);
  ASSERT_FALSE(a.write_msr(kEoi, 0, 0).gp);  // ends 0x61
  ASSERT_FALSE(a.write_msr(kEoi, 0, 0).gp);  // ends 0x51
  EXPECT_EQ(a.pending_vector(), 0x52);
  a.acknowledge(0x52);
  ASSERT_FALSE(a.write_msr(kEoi, 0, 0).gp);
  EXPECT_EQ(a.pending_vector(), -1);  // TPR 0x40 still holds 0x31
  a.set_cr8(0);
  EXPECT_EQ(rd(a, kTpr), 0u);
  EXPECT_EQ(a.pending_vector(), 0x31);
  a.set_cr8(0xf);
  EXPECT_EQ(rd(a, kTpr), 0xf0u);
  EXPECT_EQ(a.cr8(), 0xf);
  EXPECT_EQ(a.pending_vector(), -1);
}

TEST(VLapic, SoftwareDisabledDeliversNothingAndMasksLvts) {
  VLapic a = make();
  a.accept(0x40);
  ASSERT_FALSE(a.write_msr(kLvtTimer, 0xef, 0).gp);
  ASSERT_FALSE(a.write_msr(kSvr, 0x0ff, 0).gp);
  EXPECT_EQ(a.pending_vector(), -1);
  EXPECT_EQ(rd(a, kLvtTimer), 0xefu | (1u << 16));
  ASSERT_FALSE(a.write_msr(kLvtTimer, 0xef, 0).gp);
  EXPECT_EQ(rd(a, kLvtTimer), 0xefu | (1u << 16));  // stays masked while disabled
  ASSERT_FALSE(a.write_msr(kSvr, 0x1ff, 0).gp);
  EXPECT_EQ(a.pending_vector(), 0x40);  // held, not lost
}

TEST(VLapic, RefusedAccessesRaiseGpAndChangeNothing) {
  VLapic a = make();
  a.accept(0x80);
  a.acknowledge(0x80);
  EXPECT_TRUE(a.write_msr(kEoi, 1, 0).gp);     // EOI must be written with 0
  EXPECT_EQ(rd(a, X(0x10) + 4), 1u);           // ISR still holds 0x80
  EXPECT_TRUE(a.read_msr(kEoi, 0).gp);         // write-only
  EXPECT_TRUE(a.read_msr(kSelfIpi, 0).gp);     // write-only
  EXPECT_TRUE(a.write_msr(X(0x02), 5, 0).gp);  // ID is read-only
  EXPECT_TRUE(a.write_msr(kPpr, 0, 0).gp);
  EXPECT_TRUE(a.write_msr(kCurrent, 0, 0).gp);
  EXPECT_TRUE(a.write_msr(X(0x20), 0, 0).gp);  // IRR
  EXPECT_TRUE(a.read_msr(X(0x04), 0).gp);      // reserved register numbers
  EXPECT_TRUE(a.write_msr(X(0xff), 0, 0).gp);
  EXPECT_TRUE(a.write_msr(kTpr, 1ull << 32, 0).gp);  // upper half reserved
  EXPECT_TRUE(a.write_msr(kTpr, 0x100, 0).gp);
  EXPECT_EQ(rd(a, kTpr), 0u);
  EXPECT_TRUE(a.write_msr(kLvtTimer, 0x60000 | 0x20, 0).gp);  // reserved timer mode
  EXPECT_TRUE(a.write_msr(kLvtTimer, 1u << 12, 0).gp);        // delivery status is read-only
  EXPECT_TRUE(a.write_msr(kEsr, 1, 0).gp);
  EXPECT_TRUE(a.write_msr(kDivide, 0x4, 0).gp);
  EXPECT_TRUE(a.write_msr(kIcr, 1ull << 12 | 0x40, 0).gp);  // reserved in x2APIC
  EXPECT_TRUE(a.write_msr(kIcr, 3ull << 8 | 0x40, 0).gp);   // reserved delivery mode
  EXPECT_TRUE(a.write_msr(kSelfIpi, 0x100, 0).gp);
  EXPECT_TRUE(a.write_msr(kSvr, 0x1000, 0).gp);  // EOI broadcast suppression not offered
}

TEST(VLapic, ApicBaseRefusesXapicModeAndAllowsDisable) {
  VLapic a = make();
  EXPECT_FALSE(a.write_msr(VLapic::kMsrApicBase, 0xfee00d00, 0).gp);  // same value
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00900, 0).gp);   // xAPIC: not emulated
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfed00d00, 0).gp);   // moved base
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00c00, 0).gp);   // BSP flag changed
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00500, 0).gp);   // EN=0, EXTD=1: invalid
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00d01, 0).gp);   // reserved bit
  a.accept(0x40);
  ASSERT_FALSE(a.write_msr(VLapic::kMsrApicBase, 0xfee00100, 0).gp);  // disable
  EXPECT_EQ(rd(a, VLapic::kMsrApicBase), 0xfee00100u);
  EXPECT_TRUE(a.read_msr(kTpr, 0).gp);  // x2APIC registers are gone
  EXPECT_TRUE(a.write_msr(kTpr, 0, 0).gp);
  EXPECT_EQ(a.pending_vector(), -1);
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00d00, 0).gp);  // straight to x2APIC
  EXPECT_TRUE(a.write_msr(VLapic::kMsrApicBase, 0xfee00900, 0).gp);  // xAPIC
}

TEST(VLapic, OneShotTimerCountsDownAndFiresOnce) {
  VLapic a = make();
  ASSERT_FALSE(a.write_msr(kDivide, 0xb, 0).gp);  // divide by 1
  ASSERT_FALSE(a.write_msr(kLvtTimer, 0xec, 0).gp);
  ASSERT_FALSE(a.write_msr(kInit, 1000, 5000).gp);  // 1000 ticks = 10,000 TSC cycles
  EXPECT_EQ(a.next_timer_tsc(), 15000u);
  EXPECT_EQ(rd(a, kCurrent, 10000), 500u);
  a.run_timer(14999);
  EXPECT_EQ(a.pending_vector(), -1);
  a.run_timer(15000);
  EXPECT_EQ(a.pending_vector(), 0xec);
  EXPECT_EQ(a.next_timer_tsc(), VLapic::kNever);
  EXPECT_EQ(rd(a, kCurrent, 20000), 0u);
  EXPECT_EQ(rd(a, kInit), 1000u);
  ASSERT_FALSE(a.write_msr(kInit, 0, 20000).gp);  // 0 stops the timer
  EXPECT_EQ(a.next_timer_tsc(), VLapic::kNever);
}

TEST(VLapic, DividerScalesTheCount) {
  VLapic a = make();
  ASSERT_FALSE(a.write_msr(kDivide, 0x3, 0).gp);  // divide by 16
  ASSERT_FALSE(a.write_msr(kLvtTimer, 0xec, 0).gp);
  ASSERT_FALSE(a.write_msr(kInit, 100, 0).gp);
  EXPECT_EQ(a.next_timer_tsc(), 100u * 16 * 10);
  ASSERT_FALSE(a.write_msr(kDivide, 0x0, 8000).gp);  // halfway: 50 left, now by 2
  EXPECT_EQ(a.next_timer_tsc(), 8000u + 50 * 2 * 10);
  EXPECT_EQ(rd(a, kCurrent, 8000), 50u);
}

TEST(VLapic, PeriodicTimerReloadsAndCoalescesMissedPeriods) {
  VLapic a = make();
  ASSERT_FALSE(a.write_msr(kDivide, 0xb, 0).gp);
  ASSERT_FALSE(a.write_msr(kLvtTimer, (1u << 17) | 0xed, 0).gp);
  ASSERT_FALSE(a.write_msr(kInit, 100, 0).gp);  // period 1000 TSC cycles
  a.run_timer(1000);
  EXPECT_EQ(a.pending_vector(), 0xed);
  EXPECT_EQ(a.next_timer_tsc(), 2000u);
  EXPECT_EQ(rd(a, kCurrent, 1500), 50u);
  a.acknowledge(0xed);
  ASSERT_FALSE(a.write_msr(kEoi, 0, 0).gp);
  a.run_timer(5500);  // periods 2000..5000 passed: one interrupt
  EXPECT_EQ(a.pending_vector(), 0xed);
  EXPECT_EQ(a.next_timer_tsc(), 6000u);
}

TEST(VLapic, TscDeadlineModeArmsFiresAndDisarms) {
  VLapic a = make();
  EXPECT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 777, 0).gp);  // ignored outside the mode
  EXPECT_EQ(rd(a, VLapic::kMsrTscDeadline), 0u);
  EXPECT_EQ(a.next_timer_tsc(), VLapic::kNever);
  ASSERT_FALSE(a.write_msr(kLvtTimer, (2u << 17) | 0xee, 0).gp);
  ASSERT_FALSE(a.write_msr(kInit, 50, 0).gp);  // ignored in TSC-deadline mode
  EXPECT_EQ(rd(a, kInit), 0u);
  ASSERT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 123456, 100).gp);
  EXPECT_EQ(a.next_timer_tsc(), 123456u);
  EXPECT_EQ(rd(a, VLapic::kMsrTscDeadline), 123456u);
  a.run_timer(123455);
  EXPECT_EQ(a.pending_vector(), -1);
  a.run_timer(123456);
  EXPECT_EQ(a.pending_vector(), 0xee);
  EXPECT_EQ(rd(a, VLapic::kMsrTscDeadline), 0u);  // reads 0 once it fired
  ASSERT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 200000, 130000).gp);
  ASSERT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 0, 130000).gp);  // 0 disarms
  EXPECT_EQ(a.next_timer_tsc(), VLapic::kNever);
  ASSERT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 200000, 130000).gp);
  ASSERT_FALSE(a.write_msr(kLvtTimer, 0xee, 130000).gp);  // leaving the mode disarms
  EXPECT_EQ(a.next_timer_tsc(), VLapic::kNever);
  // A deadline in the past fires at the next check.
  ASSERT_FALSE(a.write_msr(kLvtTimer, (2u << 17) | 0xe0, 130000).gp);
  ASSERT_FALSE(a.write_msr(VLapic::kMsrTscDeadline, 5, 130000).gp);
  a.run_timer(130000);
  EXPECT_TRUE(rd(a, X(0x20) + 7) & 1u);  // IRR has 0xe0
}

TEST(VLapic, MaskedTimerRaisesNothing) {
  VLapic a = make();
  ASSERT_FALSE(a.write_msr(kLvtTimer, (1u << 16) | 0xec, 0).gp);
  ASSERT_FALSE(a.write_msr(kInit, 10, 0).gp);
  a.run_timer(1'000'000);
  EXPECT_EQ(a.pending_vector(), -1);
  EXPECT_EQ(rd(a, X(0x20) + 7), 0u);
}

TEST(VLapic, IcrWritesBecomeIpisForTheirDestinations) {
  VLapic sender = make(0);
  VLapic one({1, false, 1, 1}), seventeen({17, false, 1, 1});
  auto w = sender.write_msr(kIcr, (1ull << 32) | 0x4000 | 0x41, 0);  // fixed, physical, to 1
  ASSERT_FALSE(w.gp);
  ASSERT_TRUE(w.ipi);
  EXPECT_EQ(w.sent.vector, 0x41);
  EXPECT_EQ(w.sent.mode, VLapic::DeliveryMode::fixed);
  EXPECT_TRUE(one.accepts(w.sent, 0));
  EXPECT_FALSE(seventeen.accepts(w.sent, 0));
  EXPECT_FALSE(sender.accepts(w.sent, 0));
  EXPECT_EQ(rd(sender, kIcr), (1ull << 32) | 0x4000 | 0x41);
  // Logical: cluster 1, member bit 1 is APIC 17.
  w = sender.write_msr(kIcr, (((1ull << 16) | 2) << 32) | (1u << 11) | 0x42, 0);
  EXPECT_TRUE(seventeen.accepts(w.sent, 0));
  EXPECT_FALSE(one.accepts(w.sent, 0));
  // Broadcast destination and the shorthands.
  w = sender.write_msr(kIcr, (0xffffffffull << 32) | 0x43, 0);
  EXPECT_TRUE(one.accepts(w.sent, 0) && seventeen.accepts(w.sent, 0));
  w = sender.write_msr(kIcr, (3u << 18) | 0x44, 0);
  EXPECT_TRUE(one.accepts(w.sent, 0));
  EXPECT_FALSE(sender.accepts(w.sent, 0));
  w = sender.write_msr(kIcr, (1u << 18) | 0x45, 0);
  EXPECT_TRUE(sender.accepts(w.sent, 0));
  EXPECT_FALSE(one.accepts(w.sent, 0));
  // INIT and start-up carry their modes (the caller brings the vCPU up).
  w = sender.write_msr(kIcr, (1ull << 32) | (5u << 8) | 0x4000, 0);
  EXPECT_EQ(w.sent.mode, VLapic::DeliveryMode::init);
  w = sender.write_msr(kIcr, (1ull << 32) | (6u << 8) | 0x9a, 0);
  EXPECT_EQ(w.sent.mode, VLapic::DeliveryMode::startup);
  EXPECT_EQ(w.sent.vector, 0x9a);
  // SELF_IPI.
  w = sender.write_msr(kSelfIpi, 0x46, 0);
  ASSERT_TRUE(w.ipi);
  EXPECT_EQ(w.sent.shorthand, VLapic::Shorthand::self);
  EXPECT_TRUE(sender.accepts(w.sent, 0));
}

TEST(VLapic, IllegalVectorsAreDroppedAndShowInEsr) {
  VLapic a = make();
  auto w = a.write_msr(kIcr, (1ull << 32) | 0x05, 0);  // fixed vector 5
  EXPECT_FALSE(w.gp);
  EXPECT_FALSE(w.ipi);
  a.accept(3);
  EXPECT_EQ(a.pending_vector(), -1);
  ASSERT_FALSE(a.write_msr(kEsr, 0, 0).gp);  // latch
  EXPECT_EQ(rd(a, kEsr), (1u << 5) | (1u << 6));
  ASSERT_FALSE(a.write_msr(kEsr, 0, 0).gp);
  EXPECT_EQ(rd(a, kEsr), 0u);
  // NMI ignores the vector field.
  w = a.write_msr(kIcr, (1ull << 32) | (4u << 8), 0);
  EXPECT_TRUE(w.ipi);
  EXPECT_EQ(w.sent.mode, VLapic::DeliveryMode::nmi);
}

TEST(VLapic, HostileMsrStormKeepsTheModelConsistent) {
  VLapic a = make(3, false);
  std::uint64_t x = 88172645463325252ull;
  std::uint64_t tsc = 0;
  for (int i = 0; i < 300000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const std::uint32_t msr = (x & 7) == 0 ? VLapic::kMsrTscDeadline : 0x800 + ((x >> 3) & 0xff);
    tsc += (x >> 40) & 0xfff;
    if (x & (1ull << 20))
      a.write_msr(msr, (x >> 21) & ((x & (1ull << 30)) ? ~0ull : 0xffffffffull), tsc);
    else
      a.read_msr(msr, tsc);
    if ((x & 0x3f) == 1) a.accept(static_cast<std::uint8_t>(x >> 32));
    a.run_timer(tsc);
    const int v = a.pending_vector();
    ASSERT_TRUE(v == -1 || (v >= 16 && v < 256));
    if (v >= 0 && (x & 0x100)) a.acknowledge(static_cast<std::uint8_t>(v));
  }
  // Whatever the storm left, the guest can still take an interrupt: end
  // what is in service, open TPR, enable, and the next vector arrives.
  for (int n = 0; n < 256 && a.ppr() != a.tpr(); ++n) a.write_msr(kEoi, 0, tsc);
  ASSERT_FALSE(a.write_msr(kTpr, 0, tsc).gp);
  ASSERT_FALSE(a.write_msr(kSvr, 0x1ff, tsc).gp);
  for (int n = 0; n < 256 && a.pending_vector() >= 0; ++n) {
    a.acknowledge(static_cast<std::uint8_t>(a.pending_vector()));
    a.write_msr(kEoi, 0, tsc);
  }
  EXPECT_EQ(a.pending_vector(), -1);
  a.accept(0xfe);
  EXPECT_EQ(a.pending_vector(), 0xfe);
}

}  // namespace
