// NMI handling and the inject_nmi test source (see hv/nmi.h).
#include "hv/nmi.h"

#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/interrupts.h"
#include "arch/vmcs.h"
#include "hv/boot_config.h"
#include "hv/log.h"
#include "hv/percpu.h"

namespace hv::nmi {
namespace {

std::uint64_t g_next_test_nmi = 0;   // CPU 0 only
std::uint64_t g_test_nmis_sent = 0;  // CPU 0 only

void on_nmi(arch::InterruptFrame&) { this_cpu().nmis.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

void init() { arch::set_nmi_handler(&on_nmi); }

void taken_in_guest() {
  this_cpu().nmis_in_guest.fetch_add(1, std::memory_order_relaxed);
  arch::vmx::clear_guest_nmi_blocking();
  arch::invoke_nmi_handler();
}

std::uint64_t send_test_nmis(std::uint64_t now_ns) {
  std::uint64_t period = boot_config().inject_nmi_ms * 1000000;
  if (period == 0 || cpu_count() < 2) return ~0ull;
  if (g_next_test_nmi == 0) g_next_test_nmi = now_ns + period;
  if (now_ns >= g_next_test_nmi) {
    for (std::uint32_t i = 1; i < cpu_count(); ++i)
      if (PerCpu* c = cpu(i)) arch::apic::send_nmi(c->apic_id), ++g_test_nmis_sent;
    g_next_test_nmi = now_ns + period;
  }
  return g_next_test_nmi;
}

void log_counts() {
  if (g_test_nmis_sent != 0) log::info("nmi: CPU 0 sent {} test NMIs", g_test_nmis_sent);
  for (std::uint32_t i = 0; i < cpu_count(); ++i) {
    PerCpu* c = cpu(i);
    if (c == nullptr || c->nmis.load() == 0) continue;
    log::info("nmi: CPU {} took {}, {} while a guest ran", i, c->nmis.load(),
              c->nmis_in_guest.load());
  }
}

}  // namespace hv::nmi
