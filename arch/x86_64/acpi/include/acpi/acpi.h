// ACPI discovery: from the RSDP through the RSDT/XSDT to the MADT (required),
// SRAT and HPET (optional), each table validated before use. Pure parsing
// through acpi::PhysMemory; no hardware access. No locking: the caller
// serializes (the BSP runs it once at boot).
#pragma once

#include <cstddef>
#include <cstdint>

#include "acpi/madt.h"
#include "acpi/srat.h"
#include "acpi/tables.h"
#include "support/format.h"

namespace acpi {

struct Platform {
  static constexpr std::size_t kMaxNodes = Srat::kMaxCpus + Srat::kMaxMemory;
  Rsdp rsdp;
  Madt madt;
  bool has_srat = false;
  Srat srat;
  std::uint64_t hpet_address = 0;  // 0 if none
  // NUMA nodes are numbered 0..node_count-1 in ascending order of the SRAT's
  // proximity domains; without an SRAT there is one node, 0.
  std::uint32_t node_count = 1;
  std::uint32_t domains[kMaxNodes];  // node n is proximity domain domains[n] (when has_srat)

  // The node of the CPU with this APIC id; 0 without an SRAT or when the
  // SRAT does not list the CPU.
  std::uint32_t node_of_cpu(std::uint32_t apic_id) const;
  // The node of a proximity domain (e.g. Srat::Memory::node); 0 when unknown.
  std::uint32_t node_of_domain(std::uint32_t domain) const;
};

// Parses the RSDP, walks the XSDT (or the RSDT for revision 0, no XSDT, or an
// XSDT that is rejected) and takes the first valid MADT, SRAT and HPET. Each
// table that is malformed or not mapped is rejected with one line on `log`
// ("acpi: rejected <SIG> at 0x...: <reason>\n") and not used. Errors: no or
// invalid RSDP, no valid root table, no valid MADT.
support::Status discover(PhysMemory& mem, support::Bytes rsdp_bytes, Platform& out, support::Sink& log);

}  // namespace acpi
