// acpi::build_guest_tables: the tables a multi-vCPU domain gets, read back
// through the hypervisor's own defensive parser (acpi::discover), and the
// FADT fields stock Linux looks at.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "acpi/build.h"
#include "acpi_builder.h"

namespace {

using namespace acpitest;

constexpr std::uint64_t kBase = 0x9f000;

struct Built {
  Blob bytes;
  acpi::GuestTables tables;
};

Built build(std::uint32_t cpus) {
  Built b;
  b.bytes.assign(acpi::guest_tables_size(cpus), 0xcc);
  auto r = acpi::build_guest_tables(b.bytes, kBase, {cpus});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().reason);
  if (r.ok()) b.tables = *r;
  return b;
}

std::uint64_t le(const Blob& b, std::size_t at, unsigned n) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= std::uint64_t{b[at + i]} << (8 * i);
  return v;
}

class GuestTablesFor : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(GuestTablesFor, ParseBackWithEveryVcpuAndNoLegacyPic) {
  const std::uint32_t n = GetParam();
  Built b = build(n);
  ASSERT_EQ(b.tables.rsdp, kBase);
  ASSERT_EQ(b.tables.size, b.bytes.size());
  FakeMemory mem;
  mem.map(kBase, b.bytes);
  StringSink log;
  auto p = std::make_unique<acpi::Platform>();
  support::Bytes rsdp(b.bytes.data(), acpi::kRsdpV2Size);
  ASSERT_TRUE(acpi::discover(mem, rsdp, *p, log).ok()) << log.text;
  EXPECT_EQ(log.text, "");  // nothing rejected
  EXPECT_EQ(p->rsdp.revision, 2);
  EXPECT_EQ(p->rsdp.rsdt_address, 0u);
  ASSERT_EQ(p->madt.cpu_count, n);
  for (std::uint32_t i = 0; i < n; ++i) {
    EXPECT_EQ(p->madt.cpus[i].apic_id, i);
    EXPECT_TRUE(p->madt.cpus[i].enabled);
  }
  EXPECT_FALSE(p->madt.has_8259);
  EXPECT_EQ(p->madt.ioapic_count, 0u);
  EXPECT_EQ(p->madt.lapic_address, 0xfee00000u);
  EXPECT_FALSE(p->has_srat);
  EXPECT_EQ(p->hpet_address, 0u);
}

INSTANTIATE_TEST_SUITE_P(Cpus, GuestTablesFor, ::testing::Values(1u, 2u, 4u, 255u));

TEST(GuestTables, FadtIsHardwareReducedWithAValidDsdt) {
  Built b = build(2);
  // Find the FADT through the XSDT.
  const std::uint64_t xsdt = le(b.bytes, 24, 8) - kBase;
  ASSERT_TRUE(acpi::validate_table(support::Bytes(b.bytes).subspan(xsdt), "XSDT").ok());
  const std::uint64_t fadt = le(b.bytes, xsdt + 36, 8) - kBase;
  support::Bytes f = support::Bytes(b.bytes).subspan(fadt);
  ASSERT_TRUE(acpi::validate_table(f, "FACP").ok());
  EXPECT_EQ(acpi::table_length(f), 276u);
  EXPECT_EQ(b.bytes[fadt + 8], 6);                  // revision 6
  EXPECT_EQ(le(b.bytes, fadt + 112, 4), 1u << 20);  // HW_REDUCED_ACPI
  EXPECT_EQ(le(b.bytes, fadt + 109, 2), 0x2cu);     // no VGA, no MSI, no CMOS RTC; no 8042
  EXPECT_EQ(le(b.bytes, fadt + 46, 2), 0u);         // no SCI
  EXPECT_EQ(le(b.bytes, fadt + 76, 4), 0u);         // no PM timer
  const std::uint64_t dsdt = le(b.bytes, fadt + 140, 8);
  EXPECT_EQ(le(b.bytes, fadt + 40, 4), dsdt);
  ASSERT_TRUE(acpi::validate_table(support::Bytes(b.bytes).subspan(dsdt - kBase), "DSDT").ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(&b.bytes[fadt + 268]), 6), "TACTUS");
}

TEST(GuestTables, RefusesWhatItCannotDescribe) {
  Blob buf(acpi::guest_tables_size(255), 0);
  EXPECT_EQ(acpi::build_guest_tables(buf, kBase, {0}).error().code, support::Errc::invalid);
  EXPECT_EQ(acpi::build_guest_tables(buf, kBase, {256}).error().code, support::Errc::invalid);
  Blob small(acpi::guest_tables_size(4) - 1, 0);
  EXPECT_EQ(acpi::build_guest_tables(small, kBase, {4}).error().code, support::Errc::no_space);
  EXPECT_EQ(acpi::build_guest_tables(buf, kBase + 8, {4}).error().code, support::Errc::invalid);
  auto high = acpi::build_guest_tables(buf, 0x100000000ull - 0x100, {4});  // would cross 4 GiB
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().code, support::Errc::invalid);
  EXPECT_GT(acpi::guest_tables_size(4), acpi::guest_tables_size(1));
}

}  // namespace
