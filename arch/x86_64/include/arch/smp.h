// Starting application processors: the real-mode trampoline is copied to a
// frame below 1 MiB and each AP is sent INIT-SIPI-SIPI. The BSP starts one
// AP at a time (the trampoline's parameter block is shared), so callers
// serialize; no locking here.
#pragma once

#include <cstdint>

namespace arch::smp {

// Layout of the parameter block at the end of the trampoline (ap_trampoline.S).
struct ApTrampolineParams {
  std::uint64_t cr3;
  std::uint64_t stack_top;
  std::uint64_t entry;  // void entry(std::uint32_t cpu_index), never returns
  std::uint64_t cpu_index;
};

using ApEntry = void (*)(std::uint32_t cpu_index);

std::uint64_t trampoline_size();
// Copies the trampoline to `phys` (4 KiB aligned, below 1 MiB, identity mapped).
void install_trampoline(std::uint64_t phys);
// Sends INIT-SIPI-SIPI to `apic_id` after filling the parameter block, then
// waits up to `timeout_us` for `*started` to become non-zero.
bool start_ap(std::uint64_t trampoline_phys, std::uint32_t apic_id, std::uint32_t cpu_index,
              std::uint64_t stack_top, ApEntry entry, const volatile std::uint32_t* started,
              std::uint64_t timeout_us);

}  // namespace arch::smp
