// The ACPI tables a domain with several vCPUs finds (issue 18): an RSDP
// (revision 2), an XSDT, a hardware-reduced FADT with an empty DSDT, and a
// MADT that lists one enabled local APIC per vCPU and no legacy PICs. They
// describe the platform the hypervisor emulates and nothing else: no PM
// timer, no SCI, no 8042, no VGA, no CMOS RTC, no MSI. Written into a
// caller-supplied buffer that the caller places at guest-physical `base`;
// every table is checksummed. Portable: no allocation, no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "support/error.h"

namespace acpi {

struct GuestPlatform {
  std::uint32_t cpu_count = 1;  // vCPUs 0..cpu_count-1, APIC ID = index
};

struct GuestTables {
  std::uint64_t rsdp = 0;  // guest-physical address of the RSDP (= base)
  std::size_t size = 0;    // bytes written from base
};

// Bytes the tables need for `cpus` vCPUs (what build_guest_tables writes).
std::size_t guest_tables_size(std::uint32_t cpus);

// Errors: no CPUs or more than 255 (the MADT's local APIC entries carry
// 8-bit IDs), a buffer smaller than guest_tables_size(), a base that is not
// 16-byte aligned or puts a table above 4 GiB (the DSDT pointer is 32-bit).
support::Result<GuestTables> build_guest_tables(std::span<std::uint8_t> out, std::uint64_t base,
                                                const GuestPlatform& platform);

}  // namespace acpi
