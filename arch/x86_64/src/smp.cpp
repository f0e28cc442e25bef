// AP start-up with INIT-SIPI-SIPI (Intel SDM vol. 3, 8.4.4 "MP initialization example").
#include "arch/smp.h"

#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/tsc.h"

extern "C" const std::uint8_t ap_tramp_start[];
extern "C" const std::uint8_t ap_tramp_end[];
extern "C" const std::uint8_t ap_tramp_params[];

namespace arch::smp {

std::uint64_t trampoline_size() {
  return static_cast<std::uint64_t>(ap_tramp_end - ap_tramp_start);
}

void install_trampoline(std::uint64_t phys) {
  auto* dst = reinterpret_cast<std::uint8_t*>(phys);
  for (std::uint64_t i = 0; i < trampoline_size(); ++i) dst[i] = ap_tramp_start[i];
}

bool start_ap(std::uint64_t trampoline_phys, std::uint32_t apic_id, std::uint32_t cpu_index,
              std::uint64_t stack_top, ApEntry entry, const volatile std::uint32_t* started,
              std::uint64_t timeout_us) {
  auto* params = reinterpret_cast<volatile ApTrampolineParams*>(
      trampoline_phys + static_cast<std::uint64_t>(ap_tramp_params - ap_tramp_start));
  params->cr3 = read_cr3();
  params->stack_top = stack_top;
  params->entry = reinterpret_cast<std::uint64_t>(entry);
  params->cpu_index = cpu_index;
  asm volatile("mfence" ::: "memory");

  auto page = static_cast<std::uint8_t>(trampoline_phys >> 12);
  apic::send_init(apic_id);
  tsc::delay_us(10000);
  for (int attempt = 0; attempt < 2; ++attempt) {
    apic::send_startup(apic_id, page);
    tsc::delay_us(200);
    if (*started != 0) return true;
  }
  std::uint64_t waited = 0;
  while (*started == 0 && waited < timeout_us) {
    tsc::delay_us(100);
    waited += 100;
  }
  return *started != 0;
}

}  // namespace arch::smp
