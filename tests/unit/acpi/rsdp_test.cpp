// acpi::parse_rsdp, scan_for_rsdp and validate_table on valid and malformed bytes.
#include <gtest/gtest.h>

#include "acpi_builder.h"

namespace {

using namespace acpitest;

TEST(Rsdp, Version1) {
  auto r = acpi::parse_rsdp(bytes(rsdp_v1(0x7fe1234)));
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_EQ(r->revision, 0);
  EXPECT_EQ(r->rsdt_address, 0x7fe1234u);
  EXPECT_EQ(r->xsdt_address, 0u);
}

TEST(Rsdp, Version2) {
  auto r = acpi::parse_rsdp(bytes(rsdp_v2(0x7fe1234, 0x1234567890ull)));
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_EQ(r->revision, 2);
  EXPECT_EQ(r->rsdt_address, 0x7fe1234u);
  EXPECT_EQ(r->xsdt_address, 0x1234567890ull);
}

TEST(Rsdp, Version1BytesWithMoreAfterThemAreFine) {
  auto b = rsdp_v1(0x1000);
  b.resize(36, 0xff);  // the scan hands over 36 bytes
  EXPECT_TRUE(acpi::parse_rsdp(bytes(b)).ok());
}

void expect_reason(const Blob& b, const char* reason) {
  auto r = acpi::parse_rsdp(bytes(b));
  ASSERT_FALSE(r.ok());
  EXPECT_STREQ(r.error().reason, reason);
}

TEST(Rsdp, Malformed) {
  expect_reason(Blob(19, 0), "RSDP is shorter than 20 bytes");
  auto b = rsdp_v1(0x1000);
  b[3] = 'X';
  expect_reason(b, "RSDP signature is not 'RSD PTR '");
  b = rsdp_v1(0x1000);
  b[16] ^= 1;
  expect_reason(b, "RSDP checksum over the first 20 bytes is wrong");

  auto v2 = rsdp_v2(0x1000, 0x2000);
  expect_reason(Blob(v2.begin(), v2.begin() + 20), "ACPI 2.0 RSDP is shorter than 36 bytes");
  expect_reason(Blob(v2.begin(), v2.begin() + 35), "ACPI 2.0 RSDP is shorter than 36 bytes");
  v2 = rsdp_v2(0x1000, 0x2000);
  v2[25] ^= 0x40;  // xsdt address changed: only the extended checksum notices
  expect_reason(v2, "ACPI 2.0 RSDP extended checksum is wrong");

  // Length fields out of range (the extended checksum is fixed up each time).
  for (std::uint32_t len : {0u, 20u, 35u, 37u, 0xffffffffu}) {
    v2 = rsdp_v2(0x1000, 0x2000);
    set32(v2, 20, len);
    v2[32] = 0;
    v2[32] = static_cast<std::uint8_t>(0 - sum(v2, 0, 36));
    expect_reason(v2, "ACPI 2.0 RSDP length field is out of range");
  }
}

TEST(Rsdp, ScanFindsOnlyAlignedValidCopies) {
  Blob region(0x400, 0);
  auto bad = rsdp_v1(0x1111);
  bad[8] ^= 1;
  std::copy(bad.begin(), bad.end(), region.begin() + 0x40);  // bad checksum
  auto good = rsdp_v1(0x2222);
  std::copy(good.begin(), good.end(), region.begin() + 0x88);  // valid but not 16-byte aligned
  std::copy(good.begin(), good.end(), region.begin() + 0x200);
  auto r = acpi::scan_for_rsdp(bytes(region), 0xe0000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0xe0200u);

  // The alignment is of the physical address, not of the offset.
  Blob odd(0x100, 0);
  std::copy(good.begin(), good.end(), odd.begin() + 0x30);  // phys 0x9fc38: not aligned
  std::copy(good.begin(), good.end(), odd.begin() + 0x58);  // phys 0x9fc60: aligned
  auto r2 = acpi::scan_for_rsdp(bytes(odd), 0x9fc08);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2, 0x9fc60u);
}

TEST(Rsdp, ScanNeverReadsPastTheRegion) {
  auto v2 = rsdp_v2(0x1000, 0x2000);
  Blob region(0x200, 0);
  std::copy(v2.begin(), v2.end(), region.begin() + 0xf0);  // the span below holds only 16 bytes of it
  auto r = acpi::scan_for_rsdp(support::Bytes(region.data(), 0x100), 0x9fc00);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, support::Errc::not_found);
  EXPECT_FALSE(acpi::scan_for_rsdp({}, 0).ok());
  // A v2 RSDP whose extension is cut off by the region end is not accepted either.
  Blob region2(0x100 + 20, 0);
  std::copy(v2.begin(), v2.begin() + 20, region2.begin() + 0x100);
  EXPECT_FALSE(acpi::scan_for_rsdp(bytes(region2), 0).ok());
  // ... but the same bytes as a v1 RSDP are.
  auto v1 = rsdp_v1(0x1000);
  std::copy(v1.begin(), v1.end(), region2.begin() + 0x100);
  auto r3 = acpi::scan_for_rsdp(bytes(region2), 0);
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(*r3, 0x100u);
}

TEST(ValidateTable, ValidAndMalformed) {
  auto t = table("FACP", Blob(100, 0x5a));
  EXPECT_TRUE(acpi::validate_table(bytes(t), "FACP").ok());

  auto reason = [](const Blob& b, const char (&sig)[5]) {
    auto st = acpi::validate_table(bytes(b), sig);
    return std::string(st.ok() ? "ok" : st.reason());
  };
  EXPECT_EQ(reason(t, "APIC"), "table signature does not match");
  EXPECT_EQ(reason(Blob(t.begin(), t.begin() + 35), "FACP"), "table is shorter than its 36-byte header");
  Blob cut(t.begin(), t.end() - 1);
  EXPECT_EQ(reason(cut, "FACP"), "table length runs past the end of the table");
  Blob small = t;
  set32(small, 4, 35);
  EXPECT_EQ(reason(small, "FACP"), "table length is smaller than its 36-byte header");
  Blob bad = t;
  bad[50] ^= 0x10;
  EXPECT_EQ(reason(bad, "FACP"), "table checksum is wrong");
  // Bytes past `length` are not part of the table.
  Blob longer = t;
  longer.push_back(0x77);
  EXPECT_EQ(reason(longer, "FACP"), "ok");
  EXPECT_EQ(acpi::table_length(bytes(t)), 136u);
}

}  // namespace
