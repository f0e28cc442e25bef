// Guest runtime implementation (see guest/runtime.h).
#include "guest/runtime.h"

#include "arch/cpu.h"
#include "arch/hypercall.h"
#include "guest/interrupts.h"
#include "support/assert.h"
#include "support/text.h"

extern "C" void (*const __init_array_start[])();
extern "C" void (*const __init_array_end[])();

namespace guest {
namespace {

namespace abi = tactus::abi;

const tactus::abi::StartInfo* g_start_info = nullptr;
abi::SharedInfo* g_shared_info = nullptr;
std::uint32_t g_domain_id = 0;
bool g_privileged = false;
std::uint64_t g_loops_per_ms = 0;

std::int64_t call(abi::Hypercall nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0) {
  return arch::hypercall(static_cast<std::uint64_t>(nr), a0, a1);
}

// Not inlined, so calibration and work run the very same instructions.
[[gnu::noinline]] void spin(std::uint64_t loops) {
  for (std::uint64_t i = 0; i < loops; ++i) asm volatile("" ::: "memory");
}

// Loops per millisecond: the fastest of twenty short trials (well under a
// millisecond each), so trials the vCPU was preempted in do not count.
std::uint64_t calibrate_work() {
  constexpr std::uint64_t kLoops = 2000;
  std::uint64_t best = ~0ull;
  for (int i = 0; i < 20; ++i) {
    std::uint64_t t0 = now_ns();
    spin(kLoops);
    std::uint64_t t = now_ns() - t0;
    if (t < best) best = t;
  }
  return best == 0 ? kLoops : kLoops * 1000000 / best;
}

void init_platform() {
  auto r = arch::cpuid(abi::kCpuidDomain);
  std::uint64_t gpa = r.eax | (std::uint64_t{r.ebx} << 32);
  g_shared_info = reinterpret_cast<abi::SharedInfo*>(gpa);
  g_domain_id = r.ecx;
  g_privileged = (r.edx & 1) != 0;
  g_loops_per_ms = calibrate_work();
}

}  // namespace

const tactus::abi::StartInfo& start_info() { return *g_start_info; }

std::string_view cmdline() {
  if (g_start_info == nullptr || g_start_info->cmdline_paddr == 0) return {};
  const char* s = reinterpret_cast<const char*>(g_start_info->cmdline_paddr);
  return {s, support::cstr_len(s)};
}

std::uint64_t memory_bytes() {
  std::uint64_t total = 0;
  const auto* map = reinterpret_cast<const tactus::abi::MemmapEntry*>(g_start_info->memmap_paddr);
  for (std::uint32_t i = 0; i < g_start_info->memmap_entries; ++i)
    if (map[i].type == 1) total += map[i].size;
  return total;
}

bool running_on_tactus() {
  auto r = arch::cpuid(tactus::abi::kCpuidBase);
  return r.ebx == 0x74636154 && r.ecx == 0x61547375 && r.edx == 0x73757463;
}

void console_write(std::string_view text) {
  arch::hypercall(static_cast<std::uint64_t>(tactus::abi::Hypercall::console_write),
                  reinterpret_cast<std::uint64_t>(text.data()), text.size());
}

std::uint32_t domain_id() { return g_domain_id; }
bool privileged() { return g_privileged; }
abi::SharedInfo& shared_info() { return *g_shared_info; }

std::uint64_t now_ns() { return abi::read_time(g_shared_info->vcpu[0].time, arch::rdtsc()); }

void set_timer(std::uint64_t deadline_ns) { call(abi::Hypercall::sched_set_timer, deadline_ns); }
void block() { call(abi::Hypercall::sched_block); }
void yield() { call(abi::Hypercall::sched_yield); }

void work_us(std::uint64_t us) { spin(us * g_loops_per_ms / 1000); }
std::uint64_t work_loops_per_ms() { return g_loops_per_ms; }

std::uint64_t cpu_time_ns() {
  const abi::VcpuInfo& self = g_shared_info->vcpu[0];
  std::uint64_t now = now_ns();
  return self.run_ns + (now > self.dispatched_ns ? now - self.dispatched_ns : 0);
}

void shutdown(tactus::abi::ShutdownReason reason) {
  arch::hypercall(static_cast<std::uint64_t>(tactus::abi::Hypercall::sched_shutdown),
                  static_cast<std::uint64_t>(reason));
  for (;;) arch::halt();
}

}  // namespace guest

namespace support {

void on_panic(const char* file, int line, const char* message) {
  guest::print("PANIC at {}:{}: {}\n", file, line, message);
  guest::shutdown(tactus::abi::ShutdownReason::crash);
}

}  // namespace support

extern "C" [[noreturn]] void guest_entry(std::uint32_t start_info_phys) {
  guest::g_start_info = reinterpret_cast<const tactus::abi::StartInfo*>(start_info_phys);
  for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
  if (guest::g_start_info->magic != tactus::abi::kStartInfoMagic)
    guest::shutdown(tactus::abi::ShutdownReason::crash);
  guest::init_platform();
  guest::init_interrupts();
  guest_main();
  guest::shutdown(tactus::abi::ShutdownReason::poweroff);
}
