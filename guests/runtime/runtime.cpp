// Guest runtime implementation (see guest/runtime.h).
#include "guest/runtime.h"

#include "arch/cpu.h"
#include "arch/hypercall.h"
#include "support/assert.h"
#include "support/text.h"

extern "C" void (*const __init_array_start[])();
extern "C" void (*const __init_array_end[])();

namespace guest {
namespace {

const tactus::abi::StartInfo* g_start_info = nullptr;

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
  guest_main();
  guest::shutdown(tactus::abi::ShutdownReason::poweroff);
}
