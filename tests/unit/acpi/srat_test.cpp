// acpi::parse_srat: CPU and memory affinity (enabled only), 32-bit proximity
// domains split across the type-0 entry, truncation counters, malformed entries.
#include <gtest/gtest.h>

#include <memory>

#include "acpi_builder.h"

namespace {

using namespace acpitest;
using acpi::Srat;

std::unique_ptr<Srat> fresh() { return std::make_unique<Srat>(); }

TEST(Srat, TwoNodeMachine) {
  auto t = srat({srat_lapic(0, 0, 1), srat_lapic(0, 1, 1), srat_lapic(1, 2, 1), srat_lapic(1, 3, 0),
                 srat_x2apic(1, 300, 1), srat_x2apic(1, 301, 0), srat_memory(0, 0, 0xa0000, 1),
                 srat_memory(0, 0x100000, 0x3ff00000, 1), srat_memory(1, 0x40000000, 0x40000000, 3),
                 srat_memory(1, 0x80000000, 0x1000, 0), srat_memory(1, 0x90000000, 0, 1)});
  auto s = fresh();
  auto st = acpi::parse_srat(bytes(t), *s);
  ASSERT_TRUE(st.ok()) << st.reason();
  ASSERT_EQ(s->cpu_count, 4u);
  EXPECT_EQ(s->cpus[2].apic_id, 2u);
  EXPECT_EQ(s->cpus[2].node, 1u);
  EXPECT_EQ(s->cpus[3].apic_id, 300u);
  EXPECT_EQ(s->cpus[3].node, 1u);
  ASSERT_EQ(s->memory_count, 3u);  // disabled and empty ranges are skipped
  EXPECT_EQ(s->memory[1].base, 0x100000u);
  EXPECT_EQ(s->memory[1].length, 0x3ff00000u);
  EXPECT_FALSE(s->memory[1].hotplug);
  EXPECT_EQ(s->memory[2].node, 1u);
  EXPECT_TRUE(s->memory[2].hotplug);
  EXPECT_EQ(s->dropped, 0u);
}

TEST(Srat, ProximityDomainHighBytesOfTypeZero) {
  auto t = srat({srat_lapic(0x12345678, 4, 1)});
  auto s = fresh();
  ASSERT_TRUE(acpi::parse_srat(bytes(t), *s).ok());
  ASSERT_EQ(s->cpu_count, 1u);
  EXPECT_EQ(s->cpus[0].node, 0x12345678u);
}

TEST(Srat, DuplicateCpuKeepsFirstAndOverflowIsCounted) {
  std::vector<Blob> e{srat_lapic(0, 7, 1), srat_x2apic(3, 7, 1)};
  for (std::uint32_t i = 0; i < 260; ++i) e.push_back(srat_x2apic(i % 4, 1000 + i, 1));
  for (std::uint32_t i = 0; i < 70; ++i) e.push_back(srat_memory(i % 4, i * 0x100000ull, 0x100000, 1));
  e.push_back(srat_memory(0, 0xfffffffffff00000ull, 0x200000, 1));
  auto t = srat(e);
  auto s = fresh();
  ASSERT_TRUE(acpi::parse_srat(bytes(t), *s).ok());
  EXPECT_EQ(s->cpu_count, Srat::kMaxCpus);
  EXPECT_EQ(s->cpus[0].apic_id, 7u);
  EXPECT_EQ(s->cpus[0].node, 0u);
  EXPECT_EQ(s->memory_count, Srat::kMaxMemory);
  EXPECT_EQ(s->dropped, (261u - 256u) + (71u - 64u));
}

TEST(Srat, LengthClampedAtTopOfAddressSpace) {
  auto t = srat({srat_memory(0, 0xfffffffffff00000ull, 0x200000, 1), srat_memory(0, ~0ull, 0x1000, 1)});
  auto s = fresh();
  ASSERT_TRUE(acpi::parse_srat(bytes(t), *s).ok());
  ASSERT_EQ(s->memory_count, 1u);
  EXPECT_EQ(s->memory[0].length, 0xfffffu);
}

std::string srat_reason(const std::vector<Blob>& entries) {
  auto t = srat(entries);
  auto s = fresh();
  auto st = acpi::parse_srat(bytes(t), *s);
  if (st.ok()) return "ok";
  EXPECT_EQ(s->cpu_count, 0u);
  EXPECT_EQ(s->memory_count, 0u);
  return st.reason();
}

TEST(Srat, MalformedEntries) {
  EXPECT_EQ(srat_reason({srat_lapic(0, 0, 1), Blob{0, 0}}), "SRAT entry length is below 2 bytes");
  EXPECT_EQ(srat_reason({srat_lapic(0, 0, 1), Blob{1, 40, 0}}), "SRAT entry runs past the end of the table");
  EXPECT_EQ(srat_reason({srat_lapic(0, 0, 1), Blob{7}}), "SRAT entry runs past the end of the table");
  Blob short_cpu = srat_lapic(0, 0, 1);
  short_cpu.resize(12);
  short_cpu[1] = 12;
  EXPECT_EQ(srat_reason({short_cpu}), "SRAT local APIC affinity entry is shorter than 16 bytes");
  Blob short_mem = srat_memory(0, 0, 0x1000, 1);
  short_mem.resize(32);
  short_mem[1] = 32;
  EXPECT_EQ(srat_reason({short_mem}), "SRAT memory affinity entry is shorter than 40 bytes");
  Blob short_x2 = srat_x2apic(0, 0, 1);
  short_x2.resize(16);
  short_x2[1] = 16;
  EXPECT_EQ(srat_reason({short_x2}), "SRAT x2APIC affinity entry is shorter than 24 bytes");
  Blob gicc(24, 0);
  gicc[0] = 3;
  gicc[1] = 24;
  EXPECT_EQ(srat_reason({gicc, srat_lapic(0, 0, 1)}), "ok");

  auto t = table("SRAT", Blob{1, 0, 0, 0});  // 40 bytes: the reserved u64 is missing
  auto s = fresh();
  auto st = acpi::parse_srat(bytes(t), *s);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "SRAT is shorter than its 48 bytes of fixed fields");

  t = srat({srat_lapic(0, 0, 1)});
  t[60] ^= 1;
  st = acpi::parse_srat(bytes(t), *s);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "table checksum is wrong");

  t = madt({lapic(0, 0, 1)});
  st = acpi::parse_srat(bytes(t), *s);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "table signature does not match");
}

}  // namespace
