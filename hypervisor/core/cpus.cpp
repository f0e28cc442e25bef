// CPU bring-up and boot self-checks (see hv/cpus.h).
#include "hv/cpus.h"

#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/legacy_pic.h"
#include "arch/smp.h"
#include "arch/tsc.h"
#include "hv/boot_config.h"
#include "hv/fault.h"
#include "hv/log.h"
#include "hv/memory.h"
#include "hv/nmi.h"
#include "hv/percpu.h"
#include "hv/schedule.h"
#include "support/spinlock.h"

namespace hv {
namespace {

PerCpu g_bsp;
PerCpu* g_cpus[kMaxCpus];
std::uint32_t g_cpu_count = 1;
std::uint32_t g_bsp_apic_id = 0;
cpus::BringUpReport g_report;

std::atomic<std::uint32_t> g_pongs{0};
std::atomic<bool> g_released{false};

void on_timer(arch::InterruptFrame&) {
  this_cpu().timer_fired.fetch_add(1);
  this_cpu().resched.store(1);
}
void on_ping(arch::InterruptFrame&) { arch::apic::send_ipi(g_bsp_apic_id, arch::kVectorIpiPong); }
void on_pong(arch::InterruptFrame&) { g_pongs.fetch_add(1); }
void on_wake(arch::InterruptFrame&) { this_cpu().resched.store(1); }

// Arms the one-shot timer 200 us ahead and sleeps until it fires.
bool timer_self_test(PerCpu& c) {
  std::uint32_t before = c.timer_fired.load();
  std::uint64_t start = arch::rdtsc();
  std::uint64_t deadline = start + arch::tsc::ns_to_ticks(200000);
  arch::apic::arm_timer_at(deadline);
  std::uint64_t give_up = start + arch::tsc::ns_to_ticks(50000000);
  while (c.timer_fired.load() == before && arch::rdtsc() < give_up) {
    arch::irq_enable();
    __builtin_ia32_pause();
    arch::irq_disable();
  }
  std::uint64_t end = arch::rdtsc();
  if (c.timer_fired.load() == before) return false;
  c.timer_latency_ns = end > deadline ? arch::tsc::ticks_to_ns(end - deadline) : 0;
  return end >= deadline;
}

void vmx_self_check(PerCpu& c) {
  c.vmx = arch::vmx::probe();
  if (!c.vmx.available) return;
  auto region = memory::alloc_frames(1);
  if (!region.ok()) {
    c.vmx_check = arch::vmx::SelfCheck::vmxon_failed;
    return;
  }
  c.vmxon_region = *region;
  c.vmx_check = arch::vmx::vmxon_vmxoff(c.vmx, c.vmxon_region);
}

const char* self_check_name(arch::vmx::SelfCheck s) {
  switch (s) {
    case arch::vmx::SelfCheck::passed:
      return "passed";
    case arch::vmx::SelfCheck::vmxon_failed:
      return "VMXON failed";
    case arch::vmx::SelfCheck::vmxoff_failed:
      return "VMXOFF failed";
  }
  return "?";
}

// Everything a CPU checks about itself once it runs in long mode.
void per_cpu_checks(PerCpu& c) {
  bool timer_ok = timer_self_test(c);
  vmx_self_check(c);
  log::info("CPU {}: timer {} ({} ns late), VMXON/VMXOFF self-check {}", c.index,
            timer_ok ? "ok" : "FAILED", c.timer_latency_ns,
            c.vmx.available ? self_check_name(c.vmx_check) : c.vmx.reason);
  if (timer_ok) g_report.timer_passed++;  // only the BSP reads these, after checks_done
  if (c.vmx.available && c.vmx_check == arch::vmx::SelfCheck::passed) g_report.vmx_passed++;
}

void setup_this_cpu_apic(PerCpu& c) {
  arch::apic::enable_this_cpu(arch::kVectorSpurious);
  arch::apic::init_timer(arch::kVectorTimer);
  c.apic_id = arch::apic::id();
}

[[noreturn]] void ap_main(std::uint32_t index) {
  PerCpu& c = *g_cpus[index];
  c.started.store(1);
  arch::load_cpu_tables(c.tables);
  arch::set_cpu_local(&c);
  setup_this_cpu_apic(c);
  c.state.store(CpuState::online);
  log::info("CPU {} online (APIC id {}, node {}) at TSC {}", c.index, c.apic_id, c.node,
            arch::rdtsc());
  if (boot_config().inject_fault_cpu == static_cast<std::int32_t>(index)) {
    log::info("CPU {}: executing an invalid opcode as asked by inject_fault", index);
    arch::execute_invalid_opcode();
  }
  per_cpu_checks(c);
  c.checks_done.store(1);
  while (!g_released.load()) {
    arch::irq_enable();
    support::cpu_relax();
    arch::irq_disable();
  }
  schedule::run_this_cpu();
}

std::uint32_t median(std::uint64_t* v, std::uint32_t n) {
  for (std::uint32_t i = 1; i < n; ++i)
    for (std::uint32_t j = i; j > 0 && v[j - 1] > v[j]; --j) {
      std::uint64_t t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  return n == 0 ? 0 : static_cast<std::uint32_t>(v[n / 2]);
}

}  // namespace

PerCpu* cpu(std::uint32_t index) { return index < g_cpu_count ? g_cpus[index] : nullptr; }
std::uint32_t cpu_count() { return g_cpu_count; }

namespace cpus {

void init_bsp_early() {
  arch::set_exception_handler(&report_fault);
  nmi::init();
  arch::init_idt();
  arch::disable_legacy_pic();
  g_cpus[0] = &g_bsp;
  arch::load_cpu_tables(g_bsp.tables);
  arch::set_cpu_local(&g_bsp);
}

const arch::vmx::Capabilities& init_bsp(const acpi::Platform& platform) {
  arch::set_interrupt_handler(arch::kVectorTimer, &on_timer);
  arch::set_interrupt_handler(arch::kVectorIpiPing, &on_ping);
  arch::set_interrupt_handler(arch::kVectorIpiPong, &on_pong);
  arch::set_interrupt_handler(arch::kVectorIpiWake, &on_wake);
  arch::apic::choose_mode(platform.madt.lapic_address);
  setup_this_cpu_apic(g_bsp);
  g_bsp_apic_id = g_bsp.apic_id;
  g_bsp.node = platform.node_of_cpu(g_bsp.apic_id);
  arch::apic::calibrate_oneshot(arch::tsc::calibration().hz);
  g_bsp.state.store(CpuState::online);
  g_report.online = 1;
  log::info("CPU 0 online (APIC id {}, node {}, BSP) at TSC {}; local APIC in {} mode, {} timer",
            g_bsp.apic_id, g_bsp.node, arch::rdtsc(), arch::apic::mode_name(),
            arch::apic::timer_kind_name());
  g_bsp.vmx = arch::vmx::probe();
  return g_bsp.vmx;
}

void start_aps(const acpi::Platform& platform, std::uint32_t max_cpus) {
  per_cpu_checks(g_bsp);
  g_bsp.checks_done.store(1);

  const auto& madt = platform.madt;
  for (std::size_t i = 0; i < madt.cpu_count; ++i)
    if (madt.cpus[i].enabled) g_report.listed++;
  auto tramp = memory::alloc_frames(1, 1, 0x100000);
  if (!tramp.ok()) {
    log::info("SMP: no free frame below 1 MiB for the AP trampoline; running on the BSP only");
    return;
  }
  arch::smp::install_trampoline(*tramp);

  for (std::size_t i = 0; i < madt.cpu_count; ++i) {
    const acpi::CpuEntry& e = madt.cpus[i];
    if (!e.enabled || e.apic_id == g_bsp_apic_id) continue;
    if (g_cpu_count >= kMaxCpus || (max_cpus != 0 && g_cpu_count >= max_cpus)) {
      log::info("SMP: not starting APIC id {} (limit of {} CPUs)", e.apic_id,
                max_cpus != 0 ? max_cpus : kMaxCpus);
      continue;
    }
    if (arch::apic::mode() == arch::apic::Mode::xapic && e.apic_id > 0xfe) {
      log::info("SMP: APIC id {} needs x2APIC mode; not started", e.apic_id);
      continue;
    }
    auto* c = memory::boot_heap().make<PerCpu>();
    auto stack = memory::alloc_frames(kCpuStackSize / 4096);
    if (c == nullptr || !stack.ok()) {
      log::info("SMP: out of memory for CPU with APIC id {}", e.apic_id);
      break;
    }
    std::uint32_t index = g_cpu_count;
    c->self = c;
    c->index = index;
    c->node = platform.node_of_cpu(e.apic_id);
    c->stack_top = *stack + kCpuStackSize;
    c->state.store(CpuState::starting);
    g_cpus[index] = c;
    g_cpu_count++;
    if (!arch::smp::start_ap(*tramp, e.apic_id, index, c->stack_top, &ap_main,
                             reinterpret_cast<const volatile std::uint32_t*>(&c->started),
                             1000000)) {
      log::info("SMP: CPU {} (APIC id {}) did not start", index, e.apic_id);
      c->state.store(CpuState::offline);
      g_cpus[index] = nullptr;
      g_cpu_count--;
      continue;
    }
    // Wait until the AP has finished its own checks, so APs start one at a
    // time and the log stays in order.
    std::uint64_t give_up = arch::rdtsc() + arch::tsc::ns_to_ticks(2000000000ull);
    while (c->checks_done.load() == 0 && arch::rdtsc() < give_up) support::cpu_relax();
    if (c->state.load() == CpuState::online)
      g_report.online++;
    else if (c->state.load() == CpuState::halted_after_fault)
      g_report.faulted++;
  }
}

void ipi_self_test() {
  std::uint64_t rtt[kMaxCpus];
  std::uint32_t answered = 0, asked = 0;
  for (std::uint32_t i = 1; i < g_cpu_count; ++i) {
    PerCpu* c = g_cpus[i];
    if (c == nullptr || c->state.load() != CpuState::online) continue;
    ++asked;
    std::uint32_t before = g_pongs.load();
    std::uint64_t start = arch::rdtsc();
    arch::apic::send_ipi(c->apic_id, arch::kVectorIpiPing);
    std::uint64_t give_up = start + arch::tsc::ns_to_ticks(100000000);
    arch::irq_enable();
    while (g_pongs.load() == before && arch::rdtsc() < give_up) support::cpu_relax();
    arch::irq_disable();
    if (g_pongs.load() != before)
      rtt[answered++] = arch::tsc::ticks_to_ns(arch::rdtsc() - start);
    else
      log::info("IPI self-test: CPU {} (APIC id {}) did not answer", i, c->apic_id);
  }
  g_report.ipi_asked = asked;
  g_report.ipi_answered = answered;
  if (asked == 0) {
    log::info("IPI self-test: skipped (no APs online)");
    return;
  }
  std::uint64_t lo = ~0ull, hi = 0;
  for (std::uint32_t i = 0; i < answered; ++i) {
    if (rtt[i] < lo) lo = rtt[i];
    if (rtt[i] > hi) hi = rtt[i];
  }
  std::uint32_t med = median(rtt, answered);
  log::info("IPI self-test: {}/{} APs answered{}; round trip min {} ns, median {} ns, max {} ns",
            answered, asked, answered == asked ? " (passed)" : " (FAILED)", answered ? lo : 0, med,
            answered ? hi : 0);
}

const BringUpReport& report() { return g_report; }

sched::CpuMask online_cpus() {
  sched::CpuMask m;
  for (std::uint32_t i = 0; i < g_cpu_count; ++i)
    if (g_cpus[i] != nullptr && g_cpus[i]->state.load() == CpuState::online) m.set(i);
  return m;
}

void release_aps() { g_released.store(true); }

}  // namespace cpus
}  // namespace hv
