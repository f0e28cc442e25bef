// The guest's ACPI tables (acpi/build.h). Field offsets from the ACPI 6.x
// specification: RSDP §5.2.5, XSDT §5.2.8, FADT §5.2.9 (276 bytes in
// revision 6), DSDT §5.2.11.1, MADT §5.2.12.
#include "acpi/build.h"

#include "acpi/tables.h"
#include "support/bytes.h"

namespace acpi {
namespace {

constexpr std::size_t kFadtSize = 276;
constexpr std::size_t kXsdtEntries = 2;  // FADT, MADT
constexpr std::size_t kMadtFixed = kHeaderSize + 8, kLapicEntry = 8;
constexpr std::uint32_t kFadtHwReducedAcpi = 1u << 20;
constexpr std::uint16_t kBootNoVga = 1u << 2, kBootNoMsi = 1u << 3, kBootNoCmosRtc = 1u << 5;
constexpr std::uint32_t kLapicAddress = 0xfee00000;

class Writer {
 public:
  Writer(std::span<std::uint8_t> out) : out_(out) {}
  void put(std::size_t at, std::uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; ++i) out_[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  void text(std::size_t at, const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out_[at + i] = static_cast<std::uint8_t>(s[i]);
  }
  // A system description table header; the checksum is set by finish().
  void header(std::size_t at, const char* sig, std::size_t length, std::uint8_t revision) {
    text(at, sig, 4);
    put(at + 4, length, 4);
    out_[at + 8] = revision;
    text(at + 10, "TACTUS", 6);    // OEM ID
    text(at + 16, "TACTUSVM", 8);  // OEM table ID
    put(at + 24, 1, 4);            // OEM revision
    text(at + 28, "TCTS", 4);      // creator ID
    put(at + 32, 1, 4);            // creator revision
  }
  void checksum(std::size_t at, std::size_t length, std::size_t field) {
    out_[at + field] = 0;
    out_[at + field] = static_cast<std::uint8_t>(0 - support::byte_sum(out_.subspan(at, length)));
  }

 private:
  std::span<std::uint8_t> out_;
};

struct Offsets {
  std::size_t rsdp, xsdt, fadt, dsdt, madt, end;
};

Offsets layout(std::uint32_t cpus) {
  Offsets o{};
  o.rsdp = 0;
  o.xsdt = support::align_up(o.rsdp + kRsdpV2Size, 16);
  o.fadt = support::align_up(o.xsdt + kHeaderSize + 8 * kXsdtEntries, 16);
  o.dsdt = support::align_up(o.fadt + kFadtSize, 16);
  o.madt = support::align_up(o.dsdt + kHeaderSize, 16);
  o.end = o.madt + kMadtFixed + kLapicEntry * cpus;
  return o;
}

}  // namespace

std::size_t guest_tables_size(std::uint32_t cpus) { return layout(cpus).end; }

support::Result<GuestTables> build_guest_tables(std::span<std::uint8_t> out, std::uint64_t base,
                                                const GuestPlatform& platform) {
  const std::uint32_t n = platform.cpu_count;
  if (n == 0 || n > 255)
    return support::make_error(support::Errc::invalid, "ACPI tables list 1 to 255 vCPUs");
  const Offsets o = layout(n);
  if (out.size() < o.end)
    return support::make_error(support::Errc::no_space, "buffer too small for the ACPI tables");
  if (base % 16 != 0 || base + o.end > (1ull << 32))
    return support::make_error(support::Errc::invalid,
                               "ACPI tables must sit 16-byte aligned below 4 GiB");
  for (std::size_t i = 0; i < o.end; ++i) out[i] = 0;
  Writer w(out);

  // MADT: local APIC address, no PCAT_COMPAT flag (no 8259s), one enabled
  // local APIC entry per vCPU (ACPI processor UID = APIC ID = index).
  const std::size_t madt_len = o.end - o.madt;
  w.header(o.madt, "APIC", madt_len, 5);
  w.put(o.madt + 36, kLapicAddress, 4);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t e = o.madt + kMadtFixed + kLapicEntry * i;
    w.put(e, 0, 1);  // type: processor local APIC
    w.put(e + 1, kLapicEntry, 1);
    w.put(e + 2, i, 1);  // ACPI processor UID
    w.put(e + 3, i, 1);  // APIC ID
    w.put(e + 4, 1, 4);  // enabled
  }
  w.checksum(o.madt, madt_len, 9);

  // DSDT: no AML; the platform has no devices to describe.
  w.header(o.dsdt, "DSDT", kHeaderSize, 2);
  w.checksum(o.dsdt, kHeaderSize, 9);

  // FADT: hardware-reduced ACPI, the DSDT, the boot flags, and who we are.
  w.header(o.fadt, "FACP", kFadtSize, 6);
  w.put(o.fadt + 40, base + o.dsdt, 4);  // DSDT
  w.put(o.fadt + 109, kBootNoVga | kBootNoMsi | kBootNoCmosRtc, 2);
  w.put(o.fadt + 112, kFadtHwReducedAcpi, 4);
  w.put(o.fadt + 131, 0, 1);              // FADT minor version
  w.put(o.fadt + 140, base + o.dsdt, 8);  // X_DSDT
  w.text(o.fadt + 268, "TACTUS\0\0", 8);  // hypervisor vendor identity
  w.checksum(o.fadt, kFadtSize, 9);

  // XSDT.
  const std::size_t xsdt_len = kHeaderSize + 8 * kXsdtEntries;
  w.header(o.xsdt, "XSDT", xsdt_len, 1);
  w.put(o.xsdt + 36, base + o.fadt, 8);
  w.put(o.xsdt + 44, base + o.madt, 8);
  w.checksum(o.xsdt, xsdt_len, 9);

  // RSDP revision 2: no RSDT, the XSDT, both checksums.
  w.text(o.rsdp, "RSD PTR ", 8);
  w.text(o.rsdp + 9, "TACTUS", 6);
  w.put(o.rsdp + 15, 2, 1);
  w.put(o.rsdp + 20, kRsdpV2Size, 4);
  w.put(o.rsdp + 24, base + o.xsdt, 8);
  w.checksum(o.rsdp, kRsdpV1Size, 8);
  w.checksum(o.rsdp, kRsdpV2Size, 32);

  return GuestTables{base + o.rsdp, o.end};
}

}  // namespace acpi
