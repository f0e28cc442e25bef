// acpi::parse_madt: a typical table, x2APIC entries and de-duplication,
// truncation counters, and every malformed-entry rule.
#include <gtest/gtest.h>

#include <memory>

#include "acpi_builder.h"

namespace {

using namespace acpitest;
using acpi::Madt;

std::unique_ptr<Madt> fresh() { return std::make_unique<Madt>(); }

TEST(Madt, TypicalTable) {
  auto t = madt({lapic(0, 0, 1), lapic(1, 1, 1), lapic(2, 2, 2), lapic(3, 3, 0), ioapic(2, 0xfec00000, 0),
                 iso(0, 0, 2, 0), iso(0, 9, 9, 0xd), lapic_nmi(0xff)});
  auto m = fresh();
  auto st = acpi::parse_madt(bytes(t), *m);
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(m->lapic_address, 0xfee00000u);
  EXPECT_TRUE(m->has_8259);
  ASSERT_EQ(m->cpu_count, 3u);  // the fourth is neither enabled nor online-capable
  EXPECT_EQ(m->cpus[0].apic_id, 0u);
  EXPECT_TRUE(m->cpus[0].enabled);
  EXPECT_FALSE(m->cpus[0].x2apic);
  EXPECT_EQ(m->cpus[2].apic_id, 2u);
  EXPECT_EQ(m->cpus[2].acpi_uid, 2u);
  EXPECT_FALSE(m->cpus[2].enabled);
  EXPECT_TRUE(m->cpus[2].online_capable);
  ASSERT_EQ(m->ioapic_count, 1u);
  EXPECT_EQ(m->ioapics[0].id, 2u);
  EXPECT_EQ(m->ioapics[0].address, 0xfec00000u);
  EXPECT_EQ(m->ioapics[0].gsi_base, 0u);
  ASSERT_EQ(m->override_count, 2u);
  EXPECT_EQ(m->overrides[1].source, 9);
  EXPECT_EQ(m->overrides[1].gsi, 9u);
  EXPECT_EQ(m->overrides[1].flags, 0xd);
  EXPECT_EQ(m->dropped, 0u);
}

TEST(Madt, NoLegacyPicAndAddressOverride) {
  auto t = madt({lapic(0, 0, 1), lapic_override(0x1fee00000ull)}, 0xfee00000, 0);
  auto m = fresh();
  ASSERT_TRUE(acpi::parse_madt(bytes(t), *m).ok());
  EXPECT_FALSE(m->has_8259);
  EXPECT_EQ(m->lapic_address, 0x1fee00000ull);
}

TEST(Madt, X2ApicEntriesAndDuplicatesListedOnce) {
  auto t = madt({lapic(0, 0, 1), lapic(1, 1, 0x2), x2apic(1, 1, 1), x2apic(0, 1, 0), x2apic(300, 1, 300),
                 x2apic(301, 0, 301), lapic(2, 2, 1), lapic(9, 2, 1)});
  auto m = fresh();
  ASSERT_TRUE(acpi::parse_madt(bytes(t), *m).ok());
  ASSERT_EQ(m->cpu_count, 4u);
  EXPECT_EQ(m->cpus[0].apic_id, 0u);
  EXPECT_TRUE(m->cpus[0].x2apic);  // also listed by an x2APIC entry
  EXPECT_EQ(m->cpus[1].apic_id, 1u);
  EXPECT_TRUE(m->cpus[1].enabled);  // the x2APIC entry enables it
  EXPECT_TRUE(m->cpus[1].online_capable);
  EXPECT_EQ(m->cpus[2].apic_id, 300u);
  EXPECT_TRUE(m->cpus[2].x2apic);
  EXPECT_EQ(m->cpus[2].acpi_uid, 300u);
  EXPECT_EQ(m->cpus[3].apic_id, 2u);
  EXPECT_EQ(m->cpus[3].acpi_uid, 2u);  // the first entry's UID is kept
  EXPECT_EQ(m->dropped, 0u);
}

TEST(Madt, TooManyEntriesAreCountedAsDropped) {
  std::vector<Blob> entries;
  for (std::uint32_t i = 0; i < 300; ++i) entries.push_back(x2apic(i, 1, i));
  for (std::uint32_t i = 0; i < 18; ++i) entries.push_back(ioapic(static_cast<std::uint8_t>(i), 0xfec00000 + i * 0x1000, i * 24));
  for (std::uint32_t i = 0; i < 35; ++i) entries.push_back(iso(0, static_cast<std::uint8_t>(i), i, 0));
  auto t = madt(entries);
  auto m = fresh();
  ASSERT_TRUE(acpi::parse_madt(bytes(t), *m).ok());
  EXPECT_EQ(m->cpu_count, Madt::kMaxCpus);
  EXPECT_EQ(m->cpus[255].apic_id, 255u);
  EXPECT_EQ(m->ioapic_count, Madt::kMaxIoApics);
  EXPECT_EQ(m->override_count, Madt::kMaxOverrides);
  EXPECT_EQ(m->dropped, 44u + 2u + 3u);
}

TEST(Madt, UnknownTypesSkippedByLength) {
  Blob gicc(80, 0);
  gicc[0] = 0xb;
  gicc[1] = 80;
  auto t = madt({Blob{0x7f, 2}, gicc, lapic(0, 7, 1), Blob{0x80, 3, 0xff}});
  auto m = fresh();
  ASSERT_TRUE(acpi::parse_madt(bytes(t), *m).ok());
  ASSERT_EQ(m->cpu_count, 1u);
  EXPECT_EQ(m->cpus[0].apic_id, 7u);
}

std::string madt_reason(const std::vector<Blob>& entries) {
  auto t = madt(entries);
  auto m = fresh();
  auto st = acpi::parse_madt(bytes(t), *m);
  if (st.ok()) return "ok";
  EXPECT_EQ(m->cpu_count, 0u);  // nothing of a rejected table is kept
  EXPECT_EQ(m->ioapic_count, 0u);
  EXPECT_EQ(m->lapic_address, 0u);
  return st.reason();
}

TEST(Madt, MalformedEntries) {
  EXPECT_EQ(madt_reason({lapic(0, 0, 1), Blob{0, 0}}), "MADT entry length is below 2 bytes");
  EXPECT_EQ(madt_reason({lapic(0, 0, 1), Blob{0x42, 1}}), "MADT entry length is below 2 bytes");
  EXPECT_EQ(madt_reason({lapic(0, 0, 1), Blob{0}}), "MADT entry runs past the end of the table");
  EXPECT_EQ(madt_reason({lapic(0, 0, 1), Blob{1, 12, 0, 0}}), "MADT entry runs past the end of the table");
  // Entries shorter than their type's layout.
  EXPECT_EQ(madt_reason({Blob{0, 6, 0, 0, 1, 0}}), "MADT local APIC entry is shorter than 8 bytes");
  EXPECT_EQ(madt_reason({Blob{1, 8, 0, 0, 0, 0, 0xc0, 0xfe}}), "MADT IOAPIC entry is shorter than 12 bytes");
  EXPECT_EQ(madt_reason({Blob{2, 8, 0, 0, 2, 0, 0, 0}}),
            "MADT interrupt source override entry is shorter than 10 bytes");
  EXPECT_EQ(madt_reason({Blob{5, 8, 0, 0, 0, 0, 0, 0}}),
            "MADT local APIC address override entry is shorter than 12 bytes");
  EXPECT_EQ(madt_reason({Blob{9, 12, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}}),
            "MADT local x2APIC entry is shorter than 16 bytes");
  // Longer entries than the layout are fine (later ACPI revisions grow them).
  Blob long_lapic = lapic(0, 3, 1);
  long_lapic[1] = 10;
  long_lapic.push_back(0);
  long_lapic.push_back(0);
  EXPECT_EQ(madt_reason({long_lapic}), "ok");
}

TEST(Madt, MalformedTable) {
  auto m = fresh();
  auto t = madt({lapic(0, 0, 1)});
  t[44 + 3] = 5;  // change the APIC id without fixing the checksum
  auto st = acpi::parse_madt(bytes(t), *m);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "table checksum is wrong");

  t = table("APIC", Blob{0, 0, 0xe0, 0xfe});  // 40 bytes: no flags field
  st = acpi::parse_madt(bytes(t), *m);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "MADT is shorter than its 44 bytes of fixed fields");

  t = madt({lapic(0, 0, 1)});
  t[0] = 'X';
  fix_checksum(t);
  st = acpi::parse_madt(bytes(t), *m);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "table signature does not match");

  t = madt({lapic(0, 0, 1)});
  st = acpi::parse_madt(support::Bytes(t.data(), t.size() - 1), *m);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "table length runs past the end of the table");
}

TEST(Madt, EntriesEndAtTheLengthFieldNotTheBuffer) {
  auto t = madt({lapic(0, 0, 1)});
  t.push_back(0);  // garbage after the table: an entry with length 0 if it were read
  t.push_back(0);
  auto m = fresh();
  ASSERT_TRUE(acpi::parse_madt(bytes(t), *m).ok());
  EXPECT_EQ(m->cpu_count, 1u);
}

TEST(Madt, EveryTruncatedLengthIsRejectedOrConsistent) {
  auto full = madt({lapic(0, 0, 1), lapic(1, 1, 1), ioapic(2, 0xfec00000, 0), iso(0, 0, 2, 0), x2apic(5, 1, 5)});
  auto m = fresh();
  for (std::size_t len = 0; len <= full.size(); ++len) {
    Blob t(full.begin(), full.begin() + static_cast<long>(len));
    if (len >= 8) set32(t, 4, static_cast<std::uint32_t>(len));
    if (len >= 36) fix_checksum(t);
    auto st = acpi::parse_madt(bytes(t), *m);
    // Only cuts on entry boundaries parse.
    bool boundary = len == 44 || len == 52 || len == 60 || len == 72 || len == 82 || len == 98;
    EXPECT_EQ(st.ok(), boundary) << len << " " << (st.ok() ? "" : st.reason());
  }
}

}  // namespace
