// Hostile cases on call numbers and plain arguments: unknown numbers
// (ENOSYS), privileged calls from an unprivileged domain (EPERM, with the
// output buffers left untouched), console buffers outside the caller's
// memory (EFAULT) or too long (EINVAL), and reserved bits (EINVAL).
// Single vCPU, no locking.
#include "check.h"
#include "tactus/domctl.h"
#include "tactus/grant.h"
#include "tactus/sysctl.h"

namespace hostile {
namespace {

constexpr std::uint8_t kPattern = 0xa5;

// Output buffers a refused call must not write: filled with kPattern.
alignas(4096) std::uint8_t g_out[4096];
alignas(8) std::uint8_t g_in[512];
alignas(8) char g_text[64] = "hostile: this text must never reach the console\n";

void fill_out() {
  for (auto& b : g_out) b = kPattern;
}

bool out_untouched() {
  for (auto b : g_out)
    if (b != kPattern) return false;
  return true;
}

std::uint64_t gpa(const void* p) { return reinterpret_cast<std::uint64_t>(p); }

void expect_untouched(std::string_view what) {
  expect_state(what, out_untouched(), "output buffer written", "buffer unchanged");
}

}  // namespace

void unknown_numbers(const World& w) {
  // Gaps inside every group, past the last group, and numbers whose low
  // bits name a real call (a decoder that truncates would run it: 0x13 is
  // shutdown, 0x41 would destroy the peer).
  const std::uint64_t numbers[] = {0x02,
                                   0x0f,
                                   0x14,
                                   0x1f,
                                   0x28,
                                   0x2f,
                                   0x34,
                                   0x3f,
                                   0x49,
                                   0x4f,
                                   0x5b,
                                   0x5f,
                                   0x60,
                                   0xff,
                                   0x100,
                                   0x113,
                                   0xffff'ffff,
                                   0x1'0000'0013,
                                   0x1'0000'0041,
                                   0x8000'0000'0000'0000,
                                   ~std::uint64_t{0}};
  for (std::uint64_t nr : numbers)
    expect(name("nosys/{:#x}", nr).view(), raw(nr, w.peer, 0, 0, 0, 0), Errno::nosys);
}

void privileged_calls(const World& w) {
  // Arguments that would succeed (or do harm) if the call ran: EPERM must
  // come before any of them is looked at, and no output buffer changes.
  auto& create = *reinterpret_cast<abi::DomctlCreate*>(g_in);
  create = abi::DomctlCreate{0, 0, gpa(g_text), 8, 0};
  fill_out();
  expect("eperm/console_read", call(H::console_read, gpa(g_out), 64), Errno::perm);
  expect("eperm/console_read_bad_buffer", call(H::console_read, ~0ull, 0), Errno::perm);
  expect("eperm/domctl_create", call(H::domctl_create, gpa(&create)), Errno::perm);
  expect("eperm/domctl_create_bad_struct", call(H::domctl_create, ~0ull), Errno::perm);
  expect("eperm/domctl_destroy", call(H::domctl_destroy, w.peer), Errno::perm);
  expect("eperm/domctl_pause", call(H::domctl_pause, w.peer), Errno::perm);
  expect("eperm/domctl_unpause", call(H::domctl_unpause, w.peer), Errno::perm);
  expect("eperm/domctl_get_info", call(H::domctl_get_info, w.self, gpa(g_out)), Errno::perm);
  expect("eperm/domctl_get_info_bad_buffer", call(H::domctl_get_info, w.self, w.memory + 8),
         Errno::perm);
  expect("eperm/domctl_list", call(H::domctl_list, gpa(g_out), 16), Errno::perm);
  expect("eperm/domctl_get_vcpu_sched", call(H::domctl_get_vcpu_sched, w.self, 0, gpa(g_out)),
         Errno::perm);
  auto& params = *reinterpret_cast<abi::VcpuSchedParams*>(g_in + 64);
  params = abi::VcpuSchedParams{};
  params.budget_ns = 10'000'000;
  params.period_ns = 10'000'000;
  params.cpus.words[0] = 1;
  expect("eperm/domctl_set_vcpu_sched", call(H::domctl_set_vcpu_sched, w.self, 0, gpa(&params)),
         Errno::perm);
  auto& mask = *reinterpret_cast<abi::CpuMask*>(g_in + 128);
  mask = abi::CpuMask{};
  mask.words[0] = 1;
  expect("eperm/domctl_set_affinity", call(H::domctl_set_affinity, w.peer, 0, gpa(&mask)),
         Errno::perm);
  expect("eperm/sysctl_physinfo", call(H::sysctl_physinfo, gpa(g_out)), Errno::perm);
  auto& cursor = *reinterpret_cast<abi::LogRead*>(g_in + 192);
  cursor = abi::LogRead{};
  cursor.buffer_gpa = gpa(g_out);
  cursor.buffer_len = sizeof g_out;
  expect("eperm/sysctl_read_log", call(H::sysctl_read_log, gpa(&cursor)), Errno::perm);
  expect_state("eperm/sysctl_read_log_cursor",
               cursor.offset == 0 && cursor.lost == 0 && cursor.buffer_gpa == gpa(g_out),
               "cursor written", "cursor unchanged");
  auto& pool = *reinterpret_cast<abi::CpupoolCreate*>(g_in + 256);
  pool = abi::CpupoolCreate{};
  for (int i = 0; i < 4; ++i) pool.name[i] = "evil"[i];
  expect("eperm/sysctl_cpupool_create", call(H::sysctl_cpupool_create, gpa(&pool)), Errno::perm);
  expect("eperm/sysctl_cpupool_destroy", call(H::sysctl_cpupool_destroy, 0), Errno::perm);
  expect("eperm/sysctl_cpupool_rename", call(H::sysctl_cpupool_rename, 0, gpa(pool.name), 4),
         Errno::perm);
  expect("eperm/sysctl_cpupool_cpu_add", call(H::sysctl_cpupool_cpu_add, 0, 0), Errno::perm);
  expect("eperm/sysctl_cpupool_cpu_remove", call(H::sysctl_cpupool_cpu_remove, 0, 0), Errno::perm);
  expect("eperm/sysctl_cpupool_migrate", call(H::sysctl_cpupool_migrate, 0, w.peer), Errno::perm);
  expect("eperm/sysctl_cpupool_list", call(H::sysctl_cpupool_list, gpa(g_out), 16), Errno::perm);
  expect("eperm/sysctl_cpupool_info", call(H::sysctl_cpupool_info, 0, gpa(g_out)), Errno::perm);
  expect("eperm/sysctl_cpupool_numa_split", call(H::sysctl_cpupool_numa_split), Errno::perm);
  expect_untouched("eperm/no_output_written");
  // Every number of both privileged groups, not just the named ones.
  for (std::uint64_t nr = 0x40; nr <= 0x48; ++nr)
    expect(name("eperm/raw/{:#x}", nr).view(), raw(nr, w.peer, 0, gpa(g_out), 0, 0), Errno::perm);
  for (std::uint64_t nr = 0x50; nr <= 0x5a; ++nr)
    expect(name("eperm/raw/{:#x}", nr).view(), raw(nr, gpa(g_out), 16, 0, 0, 0), Errno::perm);
  expect_untouched("eperm/raw/no_output_written");
  // The peer must still exist: binding an unbound port for it works.
  auto port = call(H::evtchn_alloc_unbound, w.peer);
  expect_range("eperm/peer_still_exists", port, 1, abi::kMaxPorts - 1);
  if (port > 0) expect("eperm/peer_still_exists_close", call(H::evtchn_close, port), 0);
}

void console_buffers(const World& w) {
  const std::uint64_t text = gpa(g_text);
  expect("console/outside_ram", call(H::console_write, w.memory + 0x1000, 16), Errno::fault);
  expect("console/first_byte_past_ram", call(H::console_write, w.memory, 1), Errno::fault);
  expect("console/crossing_ram_end", call(H::console_write, w.memory - 8, 16), Errno::fault);
  expect("console/crossing_ram_end_max_len", call(H::console_write, w.memory - 4095, 4096),
         Errno::fault);
  expect("console/wrapping", call(H::console_write, ~0ull - 7, 16), Errno::fault);
  expect("console/wrapping_to_zero", call(H::console_write, ~0ull, 2), Errno::fault);
  expect("console/grant_window", call(H::console_write, abi::kGrantMapWindowGpa, 16), Errno::fault);
  expect("console/high_gpa", call(H::console_write, 1ull << 52, 16), Errno::fault);
  expect("console/too_long", call(H::console_write, text, abi::kConsoleWriteMax + 1), Errno::inval);
  expect("console/too_long_high_bits", call(H::console_write, text, (1ull << 32) | 5),
         Errno::inval);
  expect("console/too_long_huge", call(H::console_write, text, ~0ull), Errno::inval);
  // Length 0 is a no-op whatever the address.
  expect("console/empty_bad_address", call(H::console_write, ~0ull, 0), 0);
}

void reserved_bits(const World& w) {
  // sched_shutdown with an unknown reason must not shut this domain down.
  expect("reserved/shutdown_reason_3", call(H::sched_shutdown, 3), Errno::inval);
  expect("reserved/shutdown_reason_high_bits", call(H::sched_shutdown, 1ull << 32), Errno::inval);
  expect("reserved/shutdown_reason_all_ones", call(H::sched_shutdown, ~0ull), Errno::inval);
  const std::uint64_t gfn = gpa(g_out) >> abi::kPageShift;
  expect("reserved/grant_access_flag_bit1", call(H::grant_access, w.peer, gfn, 2), Errno::inval);
  expect("reserved/grant_access_flag_bit63", call(H::grant_access, w.peer, gfn, 1ull << 63),
         Errno::inval);
  expect("reserved/grant_map_flag_bit1", call(H::grant_map, w.peer, 0, 2), Errno::inval);
  expect("reserved/grant_map_flag_bit32", call(H::grant_map, w.peer, 0, 1ull << 32), Errno::inval);
  expect("reserved/upcall_vector_high_bits", call(H::evtchn_set_upcall_vector, (1ull << 32) | 0x40),
         Errno::inval);
  expect("reserved/virq_high_bits", call(H::evtchn_bind_virq, 1ull << 32), Errno::inval);
  expect("reserved/port_high_bits", call(H::evtchn_send, (1ull << 32) | 1), Errno::inval);
  expect("reserved/grant_ref_high_bits", call(H::grant_revoke, 1ull << 32), Errno::inval);
  // Nothing was granted by the refusals: the first grant gets ref 0.
  auto ref = call(H::grant_access, w.peer, gfn, abi::kGrantReadOnly);
  expect("reserved/no_grant_consumed", ref, 0);
  if (ref >= 0) expect("reserved/no_grant_consumed_revoke", call(H::grant_revoke, ref), 0);
}

}  // namespace hostile
