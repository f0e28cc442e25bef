// ACPI basics: the physical-memory window the parsers read through, the RSDP,
// the RSDP scan, and validation of a system description table's header
// (signature, length, checksum). All input is untrusted firmware data; no
// function reads outside the bytes it is given. No locking: plain functions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "support/bytes.h"
#include "support/error.h"

namespace acpi {

// How the parsers reach physical memory. The kernel maps; tests fake it.
class PhysMemory {
 public:
  // The bytes [phys, phys + len), or an empty span when they are not
  // (wholly) accessible.
  virtual support::Bytes view(std::uint64_t phys, std::size_t len) = 0;

 protected:
  ~PhysMemory() = default;
};

constexpr std::size_t kRsdpV1Size = 20;
constexpr std::size_t kRsdpV2Size = 36;
constexpr std::size_t kHeaderSize = 36;                 // every system description table
constexpr std::uint32_t kMaxTableBytes = 1u << 20;      // larger lengths are treated as corrupt

struct Rsdp {
  std::uint8_t revision = 0;        // 0: ACPI 1.0; >= 2: ACPI 2.0+ (XSDT present)
  std::uint64_t rsdt_address = 0;
  std::uint64_t xsdt_address = 0;   // 0 if none
};

// Checks the signature "RSD PTR ", the 20-byte checksum and, for revision >= 2,
// the length field (36 <= length <= bytes.size()) and the extended checksum.
support::Result<Rsdp> parse_rsdp(support::Bytes bytes);

// Searches `region` (which sits at physical address region_phys) at every
// 16-byte aligned physical address for a valid RSDP; returns its address.
support::Result<std::uint64_t> scan_for_rsdp(support::Bytes region, std::uint64_t region_phys);

// Signature matches, 36 <= length <= table.size(), and the bytes
// [0, length) sum to 0. Bytes past `length` are not looked at.
support::Status validate_table(support::Bytes table, const char (&signature)[5]);

// The table's length field (0 when even that cannot be read).
std::uint32_t table_length(support::Bytes table);

}  // namespace acpi
