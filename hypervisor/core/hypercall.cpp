// Hypercall dispatch (see hv/hypercall.h). Arguments come from rdi, rsi,
// rdx, r10, r8; guest buffers are copied in once through the caller's own
// EPT and never read twice.
#include "hv/hypercall.h"

#include "hv/console.h"
#include "hv/domain.h"
#include "hv/schedule.h"
#include "tactus/abi.h"

namespace hv::hypercall {
namespace {

namespace abi = tactus::abi;
using abi::Errno;

std::int64_t console_write(Vcpu& v, std::uint64_t gpa, std::uint64_t len) {
  Domain& d = *v.domain;
  if (len > abi::kConsoleWriteMax) return to_result(Errno::inval);
  if (gpa >= d.memory_bytes || len > d.memory_bytes - gpa) return to_result(Errno::fault);
  char buffer[abi::kConsoleWriteMax];
  std::uint64_t copied = 0;
  while (copied < len) {
    std::uint64_t at = gpa + copied;
    std::uint64_t in_page = 4096 - (at & 4095);
    std::uint64_t n = len - copied < in_page ? len - copied : in_page;
    auto bytes = d.guest_bytes(at, n);
    if (!bytes.ok()) return to_result(Errno::fault);
    for (std::uint64_t i = 0; i < n; ++i) buffer[copied + i] = static_cast<char>((*bytes)[i]);
    copied += n;
  }
  console::write(d, {buffer, static_cast<std::size_t>(len)});
  return 0;
}

}  // namespace

std::uint32_t feature_bits() {
  return abi::kFeatureConsoleHypercall | abi::kFeatureShutdown | abi::kFeatureSchedOps;
}

Leave dispatch(Vcpu& v, const arch::vmx::ExitInfo& x) {
  auto& r = v.ctx.regs;
  ++v.hypercalls;
  arch::vmx::advance_rip(x);
  std::int64_t result = to_result(Errno::nosys);
  Leave leave = Leave::resume;
  switch (static_cast<abi::Hypercall>(r.rax)) {
    case abi::Hypercall::console_write:
      result = console_write(v, r.rdi, r.rsi);
      break;
    case abi::Hypercall::sched_yield:
      result = 0;
      leave = Leave::yield;
      break;
    case abi::Hypercall::sched_block:
      result = 0;
      leave = Leave::block;
      break;
    case abi::Hypercall::sched_set_timer:
      schedule::set_timer(v, r.rdi);
      result = 0;
      break;
    case abi::Hypercall::sched_shutdown:
      if (r.rdi > static_cast<std::uint64_t>(abi::ShutdownReason::crash)) {
        result = to_result(Errno::inval);
        break;
      }
      schedule::end_domain(*v.domain, r.rdi == 2 ? DomainState::crashed : DomainState::shut_down,
                           r.rdi == 0   ? "poweroff"
                           : r.rdi == 1 ? "reboot"
                                        : "crash (reported by the guest)",
                           x.guest_rip);
      return Leave::ended;
    default:
      break;
  }
  r.rax = static_cast<std::uint64_t>(result);
  return leave;
}

}  // namespace hv::hypercall
