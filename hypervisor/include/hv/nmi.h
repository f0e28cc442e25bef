// NMIs. Every NMI belongs to the hypervisor: guests are offered none, so
// none is reflected into a guest, and none ends a domain. An NMI taken in
// hypervisor context runs the handler through the IDT (its own IST stack);
// one that arrives while a guest runs exits (NMI exiting) and is handed to
// the same handler, whose IRET ends the NMI blocking the exit left (and the
// guest's saved "blocked by NMI" bit is cleared, so its next entry does not
// hold NMIs off until it executes an IRET). The
// handler only counts (PerCpu::nmis, written by its own CPU; atomics, so
// the log can read them from any CPU). For tests, `inject_nmi=<ms>` makes
// CPU 0 send an NMI to every other CPU every <ms> (no locking: CPU 0 only).
#pragma once

#include <cstdint>

namespace hv::nmi {

// BSP, boot, before any CPU can take an NMI: registers the handler.
void init();
// After a VM exit for an NMI, on the CPU that took it.
void taken_in_guest();
// CPU 0's scheduling loop: sends the test NMIs that are due and returns
// when the next one is (ns of hypervisor time; ~0: never).
std::uint64_t send_test_nmis(std::uint64_t now_ns);
// One line per CPU that took NMIs: `nmi: CPU <n> took <k>, <g> while a guest ran`.
void log_counts();

}  // namespace hv::nmi
