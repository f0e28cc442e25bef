// RSDP parsing and scanning, table header validation (see acpi/tables.h).
// No locking: plain functions on bytes.
#include "acpi/tables.h"

namespace acpi {

using support::Bytes;
using support::Errc;
using support::make_error;

namespace {

bool has_prefix(Bytes bytes, const char* text, std::size_t len) {
  if (bytes.size() < len) return false;
  for (std::size_t i = 0; i < len; ++i)
    if (bytes[i] != static_cast<std::uint8_t>(text[i])) return false;
  return true;
}

}  // namespace

support::Result<Rsdp> parse_rsdp(Bytes bytes) {
  if (bytes.size() < kRsdpV1Size) return make_error(Errc::invalid, "RSDP is shorter than 20 bytes");
  if (!has_prefix(bytes, "RSD PTR ", 8)) return make_error(Errc::invalid, "RSDP signature is not 'RSD PTR '");
  if (support::byte_sum(bytes.first(kRsdpV1Size)) != 0)
    return make_error(Errc::invalid, "RSDP checksum over the first 20 bytes is wrong");
  Rsdp r;
  std::uint32_t rsdt = 0;
  support::read_le(bytes, 15, r.revision);
  support::read_le(bytes, 16, rsdt);
  r.rsdt_address = rsdt;
  if (r.revision < 2) return r;

  std::uint32_t length = 0;
  if (!support::read_le(bytes, 20, length) || bytes.size() < kRsdpV2Size)
    return make_error(Errc::invalid, "ACPI 2.0 RSDP is shorter than 36 bytes");
  if (length < kRsdpV2Size || length > bytes.size())
    return make_error(Errc::invalid, "ACPI 2.0 RSDP length field is out of range");
  if (support::byte_sum(bytes.first(length)) != 0)
    return make_error(Errc::invalid, "ACPI 2.0 RSDP extended checksum is wrong");
  support::read_le(bytes, 24, r.xsdt_address);
  return r;
}

support::Result<std::uint64_t> scan_for_rsdp(Bytes region, std::uint64_t region_phys) {
  std::size_t off = static_cast<std::size_t>((16 - (region_phys & 15)) & 15);
  for (; off < region.size() && region.size() - off >= kRsdpV1Size; off += 16)
    if (parse_rsdp(region.subspan(off)).ok()) return region_phys + off;
  return make_error(Errc::not_found, "no valid RSDP in the searched area");
}

std::uint32_t table_length(Bytes table) {
  std::uint32_t length = 0;
  support::read_le(table, 4, length);
  return length;
}

support::Status validate_table(Bytes table, const char (&signature)[5]) {
  if (table.size() < kHeaderSize) return make_error(Errc::invalid, "table is shorter than its 36-byte header");
  if (!has_prefix(table, signature, 4)) return make_error(Errc::invalid, "table signature does not match");
  std::uint32_t length = table_length(table);
  if (length < kHeaderSize) return make_error(Errc::invalid, "table length is smaller than its 36-byte header");
  if (length > table.size()) return make_error(Errc::range, "table length runs past the end of the table");
  if (support::byte_sum(table.first(length)) != 0) return make_error(Errc::invalid, "table checksum is wrong");
  return support::Status::success();
}

}  // namespace acpi
