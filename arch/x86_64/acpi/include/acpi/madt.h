// MADT ("APIC") parsing: local APIC / x2APIC CPUs, IOAPICs, interrupt source
// overrides, the local APIC address. No locking: plain function on bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "acpi/tables.h"

namespace acpi {

struct CpuEntry {
  std::uint32_t apic_id;
  std::uint32_t acpi_uid;
  bool enabled;          // usable now
  bool online_capable;   // may be enabled later (hot add)
  bool x2apic;           // listed by an x2APIC entry (type 9)
};

struct IoApic {
  std::uint32_t id;
  std::uint64_t address;
  std::uint32_t gsi_base;
};

struct IsoOverride {
  std::uint8_t bus;
  std::uint8_t source;
  std::uint32_t gsi;
  std::uint16_t flags;
};

struct Madt {
  static constexpr std::size_t kMaxCpus = 256, kMaxIoApics = 16, kMaxOverrides = 32;
  std::uint64_t lapic_address = 0;  // type 5 overrides the header's 32-bit field
  bool has_8259 = false;            // PCAT_COMPAT: legacy PICs present (mask them)
  CpuEntry cpus[kMaxCpus];
  std::size_t cpu_count = 0;
  IoApic ioapics[kMaxIoApics];
  std::size_t ioapic_count = 0;
  IsoOverride overrides[kMaxOverrides];
  std::size_t override_count = 0;
  std::uint32_t dropped = 0;  // CPUs, IOAPICs and overrides that did not fit
};

// Validates the table (signature "APIC", length, checksum) and reads entry
// types 0 (local APIC), 1 (IOAPIC), 2 (interrupt source override), 5 (local
// APIC address override) and 9 (local x2APIC); other types are skipped by
// their length. Errors: an entry shorter than 2 bytes, running past the
// table, or shorter than its type's layout. CPUs that are neither enabled
// nor online-capable are unusable (ACPI 6.3 §5.2.12.2) and not listed. A
// CPU listed twice with the same APIC id (e.g. as both local APIC and
// x2APIC) appears once, with the flags of both. On error `out` is empty.
support::Status parse_madt(support::Bytes table, Madt& out);

}  // namespace acpi
