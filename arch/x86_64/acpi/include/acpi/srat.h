// SRAT parsing: the proximity domain (NUMA node) of each CPU and memory
// range. No locking: plain function on bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "acpi/tables.h"

namespace acpi {

struct Srat {
  static constexpr std::size_t kMaxCpus = 256, kMaxMemory = 64;
  struct Cpu {
    std::uint32_t apic_id;
    std::uint32_t node;  // proximity domain as the table gives it
  };
  struct Memory {
    std::uint64_t base, length;
    std::uint32_t node;  // proximity domain as the table gives it
    bool hotplug;
  };
  Cpu cpus[kMaxCpus];
  std::size_t cpu_count = 0;
  Memory memory[kMaxMemory];
  std::size_t memory_count = 0;
  std::uint32_t dropped = 0;  // entries that did not fit
};

// Validates the table (signature "SRAT", length, checksum) and reads entry
// types 0 (local APIC affinity), 1 (memory affinity) and 2 (x2APIC affinity),
// enabled entries only; other types are skipped by their length. The same
// rules for entry lengths as the MADT. A CPU listed twice keeps its first
// entry; memory ranges of length 0 are skipped and lengths are clamped so
// base + length does not wrap. On error `out` is empty.
support::Status parse_srat(support::Bytes table, Srat& out);

}  // namespace acpi
