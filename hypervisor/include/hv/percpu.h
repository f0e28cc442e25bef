// Per-CPU state of the hypervisor. Each CPU's record is created by the BSP
// before the CPU starts and afterwards written only by its own CPU, except
// the start-up handshake flags (atomics) the BSP polls. this_cpu() reads the
// record through GS base.
#pragma once

#include <atomic>
#include <cstdint>

#include "arch/cpu.h"
#include "arch/interrupts.h"
#include "arch/vmx.h"

namespace hv {

constexpr std::uint32_t kMaxCpus = 64;
constexpr std::uint64_t kCpuStackSize = 16 * 1024;

enum class CpuState : std::uint32_t { offline, starting, online, halted_after_fault };

struct PerCpu {
  PerCpu* self = this;  // must stay first: arch::cpu_local() reads %gs:0
  std::uint32_t index = 0;
  std::uint32_t apic_id = 0;
  std::uint32_t node = 0;
  std::atomic<CpuState> state{CpuState::offline};
  std::atomic<std::uint32_t> started{0};      // the AP sets it first thing
  std::atomic<std::uint32_t> checks_done{0};  // the AP finished its self-checks
  std::uint64_t stack_top = 0;
  std::uint64_t vmxon_region = 0;
  arch::vmx::Capabilities vmx;
  arch::vmx::SelfCheck vmx_check = arch::vmx::SelfCheck::vmxon_failed;
  std::atomic<std::uint32_t> timer_fired{0};
  // Set by the timer and wake-up interrupts: the scheduling loop must decide again.
  std::atomic<std::uint32_t> resched{0};
  std::uint64_t timer_latency_ns = 0;
  // NMIs this CPU handled, and how many of them arrived while a guest ran (hv/nmi.h).
  std::atomic<std::uint64_t> nmis{0};
  std::atomic<std::uint64_t> nmis_in_guest{0};
  arch::CpuTables tables;
};

inline PerCpu& this_cpu() { return *arch::cpu_local<PerCpu>(); }

// The CPU table, filled by the BSP during boot.
PerCpu* cpu(std::uint32_t index);
std::uint32_t cpu_count();

}  // namespace hv
