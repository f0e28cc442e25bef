// acpi::discover: the walk from the RSDP through XSDT/RSDT to MADT, SRAT and
// HPET over a fake physical memory; every rejected table costs exactly one
// log line and is not used.
#include <gtest/gtest.h>

#include <memory>

#include "acpi_builder.h"

namespace {

using namespace acpitest;
using acpi::Platform;

constexpr std::uint64_t kRsdt = 0x7fe0000, kXsdt = 0x7fe1000, kMadt = 0x7fe2000, kSrat = 0x7fe3000,
                        kHpet = 0x7fe4000, kFacp = 0x7fe5000, kMadt2 = 0x7fe6000;

struct World {
  FakeMemory mem;
  StringSink log;
  std::unique_ptr<Platform> p = std::make_unique<Platform>();
  Blob rsdp;
  support::Status run() { return acpi::discover(mem, bytes(rsdp), *p, log); }
};

// A two-socket machine described by an ACPI 2.0 RSDP and an XSDT.
World two_nodes() {
  World w;
  w.rsdp = rsdp_v2(static_cast<std::uint32_t>(kRsdt), kXsdt);
  w.mem.map(kXsdt, xsdt({kFacp, kMadt, 0, kSrat, kHpet}));
  w.mem.map(kRsdt, rsdt({static_cast<std::uint32_t>(kMadt)}));
  w.mem.map(kMadt, madt({lapic(0, 0, 1), lapic(1, 2, 1), lapic(2, 4, 1), lapic(3, 6, 1), ioapic(8, 0xfec00000, 0)}));
  w.mem.map(kSrat, srat({srat_lapic(7, 0, 1), srat_lapic(7, 2, 1), srat_lapic(42, 4, 1), srat_lapic(42, 6, 1),
                         srat_memory(7, 0, 0x40000000, 1), srat_memory(42, 0x40000000, 0x40000000, 1)}));
  w.mem.map(kHpet, hpet(0xfed00000));
  Blob facp = table("FACP", Blob(200, 0));
  facp[100] = 1;  // deliberately bad checksum: a table we do not use is not checked
  w.mem.map(kFacp, facp);
  return w;
}

TEST(Discover, XsdtMadtSratHpet) {
  World w = two_nodes();
  auto st = w.run();
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(w.log.text, "");
  EXPECT_EQ(w.p->rsdp.revision, 2);
  EXPECT_EQ(w.p->madt.cpu_count, 4u);
  EXPECT_EQ(w.p->madt.ioapic_count, 1u);
  EXPECT_TRUE(w.p->has_srat);
  EXPECT_EQ(w.p->node_count, 2u);
  // Proximity domains 7 and 42 become nodes 0 and 1.
  EXPECT_EQ(w.p->node_of_cpu(0), 0u);
  EXPECT_EQ(w.p->node_of_cpu(2), 0u);
  EXPECT_EQ(w.p->node_of_cpu(4), 1u);
  EXPECT_EQ(w.p->node_of_cpu(6), 1u);
  EXPECT_EQ(w.p->node_of_cpu(99), 0u);  // not in the SRAT
  EXPECT_EQ(w.p->node_of_domain(42), 1u);
  EXPECT_EQ(w.p->node_of_domain(7), 0u);
  EXPECT_EQ(w.p->hpet_address, 0xfed00000u);
}

TEST(Discover, RsdtWhenRevisionZero) {
  World w;
  w.rsdp = rsdp_v1(static_cast<std::uint32_t>(kRsdt));
  w.mem.map(kRsdt, rsdt({static_cast<std::uint32_t>(kMadt)}));
  w.mem.map(kMadt, madt({lapic(0, 0, 1), lapic(1, 1, 1)}));
  w.mem.map(kXsdt, xsdt({}));  // present but not pointed to by a v1 RSDP
  auto st = w.run();
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(w.log.text, "");
  EXPECT_EQ(w.p->madt.cpu_count, 2u);
  EXPECT_FALSE(w.p->has_srat);
  EXPECT_EQ(w.p->node_count, 1u);
  EXPECT_EQ(w.p->node_of_cpu(1), 0u);
  EXPECT_EQ(w.p->hpet_address, 0u);
}

TEST(Discover, RsdtWhenRevisionTwoHasNoXsdt) {
  World w;
  w.rsdp = rsdp_v2(static_cast<std::uint32_t>(kRsdt), 0);
  w.mem.map(kRsdt, rsdt({static_cast<std::uint32_t>(kMadt)}));
  w.mem.map(kMadt, madt({lapic(0, 0, 1)}));
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.p->madt.cpu_count, 1u);
}

TEST(Discover, BadXsdtFallsBackToRsdtWithOneLogLine) {
  World w = two_nodes();
  w.mem.at(kXsdt)[40] ^= 0xff;
  auto st = w.run();
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(w.log.text, "acpi: rejected XSDT at 0x7fe1000: table checksum is wrong\n");
  EXPECT_EQ(w.p->madt.cpu_count, 4u);
  EXPECT_FALSE(w.p->has_srat);  // the RSDT lists only the MADT
}

TEST(Discover, RsdtPointingToUnmappedMemory) {
  World w;
  w.rsdp = rsdp_v1(0x12345000);
  auto st = w.run();
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "no valid RSDT or XSDT");
  EXPECT_EQ(w.log.text, "acpi: rejected RSDT at 0x12345000: table header is not mapped\n");
}

TEST(Discover, RootEntryPointingToUnmappedMemoryIsSkipped) {
  World w;
  w.rsdp = rsdp_v1(static_cast<std::uint32_t>(kRsdt));
  w.mem.map(kRsdt, rsdt({0x40000000, static_cast<std::uint32_t>(kMadt)}));
  w.mem.map(kMadt, madt({lapic(0, 0, 1)}));
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.log.text, "acpi: rejected RSDT entry at 0x40000000: table header is not mapped\n");
  EXPECT_EQ(w.p->madt.cpu_count, 1u);
}

TEST(Discover, MadtMappedOnlyUpToItsHeader) {
  World w;
  w.rsdp = rsdp_v1(static_cast<std::uint32_t>(kRsdt));
  w.mem.map(kRsdt, rsdt({static_cast<std::uint32_t>(kMadt)}));
  Blob m = madt({lapic(0, 0, 1)});
  m.resize(40);  // only 40 bytes exist at that address; the length says 52
  w.mem.map(kMadt, m);
  auto st = w.run();
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "no valid MADT");
  EXPECT_EQ(w.log.text, "acpi: rejected APIC at 0x7fe2000: table is not mapped up to its length\n");
}

TEST(Discover, MalformedTablesAreRejectedWithOneLineEach) {
  World w = two_nodes();
  w.mem.map(kMadt2, madt({lapic(0, 0, 1), lapic(1, 1, 1)}));
  w.mem.at(kXsdt) = xsdt({kMadt, kSrat, kHpet, kMadt2});
  w.mem.at(kMadt)[50] ^= 1;                              // bad checksum
  w.mem.at(kSrat) = srat({srat_lapic(0, 0, 1), Blob{0, 0}});  // entry length 0
  w.mem.at(kHpet) = hpet(0xfed00000, 1);                 // I/O space
  auto st = w.run();
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(w.log.text,
            "acpi: rejected APIC at 0x7fe2000: table checksum is wrong\n"
            "acpi: rejected SRAT at 0x7fe3000: SRAT entry length is below 2 bytes\n"
            "acpi: rejected HPET at 0x7fe4000: HPET registers are not in system memory space\n");
  EXPECT_EQ(w.log.lines(), 3u);
  EXPECT_EQ(w.p->madt.cpu_count, 2u);  // the second, valid MADT
  EXPECT_FALSE(w.p->has_srat);
  EXPECT_EQ(w.p->srat.cpu_count, 0u);
  EXPECT_EQ(w.p->node_count, 1u);
  EXPECT_EQ(w.p->node_of_cpu(1), 0u);
  EXPECT_EQ(w.p->hpet_address, 0u);
}

TEST(Discover, MissingOrInvalidMadtIsAnError) {
  World w = two_nodes();
  w.mem.at(kXsdt) = xsdt({kSrat, kHpet});
  auto st = w.run();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::not_found);
  EXPECT_STREQ(st.reason(), "no valid MADT");
  EXPECT_EQ(w.log.text, "");

  World w2 = two_nodes();
  w2.mem.at(kMadt) = madt({lapic(0, 0, 1), Blob{0, 6, 0, 0, 1, 0}});  // truncated local APIC entry
  st = w2.run();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(w2.log.text, "acpi: rejected APIC at 0x7fe2000: MADT local APIC entry is shorter than 8 bytes\n");
  EXPECT_EQ(w2.p->madt.cpu_count, 0u);
}

TEST(Discover, ImplausibleLengthsAndSmallLengths) {
  World w = two_nodes();
  set32(w.mem.at(kSrat), 4, 0x10000000);
  set32(w.mem.at(kHpet), 4, 20);
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.log.text,
            "acpi: rejected SRAT at 0x7fe3000: table length is implausibly large (over 1 MiB)\n"
            "acpi: rejected HPET at 0x7fe4000: table length is smaller than its 36-byte header\n");
}

TEST(Discover, ShortHpet) {
  World w = two_nodes();
  w.mem.at(kHpet) = table("HPET", Blob(12, 0));
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.log.text, "acpi: rejected HPET at 0x7fe4000: HPET is shorter than its 56 bytes of fixed fields\n");
}

TEST(Discover, RootWithTrailingPartialEntry) {
  World w = two_nodes();
  Blob x = xsdt({kMadt});
  x.push_back(0x55);  // half an entry
  x.push_back(0x55);
  set32(x, 4, static_cast<std::uint32_t>(x.size()));
  fix_checksum(x);
  w.mem.at(kXsdt) = x;
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.p->madt.cpu_count, 4u);
  EXPECT_FALSE(w.p->has_srat);
}

TEST(Discover, RsdpProblems) {
  World w = two_nodes();
  w.rsdp.clear();
  auto st = w.run();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::not_found);

  w.rsdp = rsdp_v2(static_cast<std::uint32_t>(kRsdt), kXsdt);
  w.rsdp[0] = 'r';
  st = w.run();
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "RSDP signature is not 'RSD PTR '");
  EXPECT_EQ(w.log.text, "");
}

TEST(Discover, SratWithoutEnabledEntriesMeansOneNode) {
  World w = two_nodes();
  w.mem.at(kSrat) = srat({srat_lapic(3, 0, 0)});
  ASSERT_TRUE(w.run().ok());
  EXPECT_TRUE(w.p->has_srat);
  EXPECT_EQ(w.p->node_count, 1u);
  EXPECT_EQ(w.p->node_of_cpu(0), 0u);
}

TEST(Discover, ManyDomainsNumberedInOrder) {
  World w = two_nodes();
  std::vector<Blob> e;
  const std::uint32_t domains[] = {9, 3, 3, 100, 0, 9, 50};
  for (std::uint32_t i = 0; i < 7; ++i) e.push_back(srat_x2apic(domains[i], i, 1));
  e.push_back(srat_memory(77, 0, 0x1000, 1));
  w.mem.at(kSrat) = srat(e);
  ASSERT_TRUE(w.run().ok());
  EXPECT_EQ(w.p->node_count, 6u);  // 0 3 9 50 77 100
  EXPECT_EQ(w.p->node_of_cpu(0), 2u);
  EXPECT_EQ(w.p->node_of_cpu(1), 1u);
  EXPECT_EQ(w.p->node_of_cpu(3), 5u);
  EXPECT_EQ(w.p->node_of_cpu(4), 0u);
  EXPECT_EQ(w.p->node_of_cpu(6), 3u);
  EXPECT_EQ(w.p->node_of_domain(77), 4u);
}

TEST(Discover, ReusedPlatformIsReset) {
  World w = two_nodes();
  ASSERT_TRUE(w.run().ok());
  ASSERT_TRUE(w.p->has_srat);
  w.rsdp = rsdp_v1(static_cast<std::uint32_t>(kRsdt));  // RSDT lists only the MADT
  ASSERT_TRUE(w.run().ok());
  EXPECT_FALSE(w.p->has_srat);
  EXPECT_EQ(w.p->node_count, 1u);
  EXPECT_EQ(w.p->hpet_address, 0u);
}

}  // namespace
