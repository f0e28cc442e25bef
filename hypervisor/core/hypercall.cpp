// Hypercall dispatch (see hv/hypercall.h). hcall::decode() checks the call
// number, the caller's privilege and every argument, and copies guest
// buffers in once; this file carries out the decoded request: console and
// scheduling here, event channels and grants through hv/links.h, domain and
// system control through hv/control.h.
#include "hv/hypercall.h"

#include "arch/vmx_guest.h"
#include "hcall/decode.h"
#include "hv/console.h"
#include "hv/control.h"
#include "hv/cpus.h"
#include "hv/domain.h"
#include "hv/links.h"
#include "hv/log.h"
#include "hv/percpu.h"
#include "hv/schedule.h"
#include "tactus/abi.h"

namespace hv::hypercall {
namespace {

namespace abi = tactus::abi;
using abi::Hypercall;

hcall::Scratch g_scratch[kMaxCpus];

// The caller's own RAM, page by page (its start_info, shared-info page and
// kernel included; the grant-map window is not RAM and never offered).
class CallerMemory final : public hcall::PagedGuestMemory {
 public:
  explicit CallerMemory(Domain& d) : d_(d) {}

 protected:
  std::uint8_t* page(std::uint64_t gfn) const override {
    auto bytes = d_.guest_bytes(gfn << 12, 4096);
    return bytes.ok() ? *bytes : nullptr;
  }

 private:
  Domain& d_;
};

hcall::Reply<std::uint64_t> console_read(Domain& d, const hcall::ConsoleReadArgs& a,
                                         hcall::GuestMemory& memory) {
  if (!console::is_owner(d)) return hcall::refuse(abi::Errno::perm, "not the console owner");
  char buffer[abi::kConsoleWriteMax];
  std::size_t n = console::read(buffer, a.capacity);
  if (n != 0) {
    auto c = memory.copy_out(a.gpa, {reinterpret_cast<const std::uint8_t*>(buffer), n});
    if (!c.ok()) return c.refusal;
  }
  return std::uint64_t{n};
}

// The registers of a continued console_write: the VMCALL re-executed at
// the same rip with the same rax, rdi, rsi continues where the last round
// stopped (anything else starts a new call).
hcall::Registers continued(Vcpu& v, std::uint64_t rip, hcall::Registers regs) {
  Vcpu::Continuation& c = v.continuation;
  if (!c.active) return regs;
  if (c.rip != rip || c.rax != regs.number || c.rdi != regs.arg[0] || c.rsi != regs.arg[1]) {
    abandon(v);
    return regs;
  }
  regs.arg[0] += c.done;
  regs.arg[1] -= c.done;
  return regs;
}

// The continuation of a call that starts here (a continued one goes on).
void begin_round(Vcpu& v, std::uint64_t rip, const hcall::Registers& regs) {
  Vcpu::Continuation& c = v.continuation;
  if (!c.active) c = {true, rip, regs.number, regs.arg[0], regs.arg[1], 0, nullptr};
}

// One round of console_write: at most one chunk (hcall::kConsoleChunk), so
// no VM exit holds the pCPU for long, and the time is the caller's (its
// budget deadline stays armed across the rounds: hv/vcpu_run.h). True while
// more rounds are due: the rip stays on the VMCALL, the guest re-executes
// it after any pending interrupt or preemption, and upcalls wait (as they
// would inside one long call).
bool console_round(Vcpu& v, std::uint64_t rip, const hcall::Registers& regs,
                   const hcall::ConsoleWriteArgs& w, Leave& leave) {
  if (w.len == 0) return false;  // nothing to write (the null-hypercall benchmark)
  Domain& d = *v.domain;
  Vcpu::Continuation& c = v.continuation;
  begin_round(v, rip, regs);
  if (!console::has_room(d, w.len)) {
    leave = Leave::yield;  // the console owner waits for the console to send
    return true;
  }
  bool more = console::write(d, {reinterpret_cast<const char*>(w.text), w.len});
  c.done += w.len;
  if (w.rest != 0 && more) return true;
  if (w.rest != 0) console::drop(d, w.rest);  // over its rate limit: counted, not looked at
  c.active = false;
  return false;
}

// One round of domctl_create (hv/control.h): true while more are due,
// with the rip on the VMCALL as for console_write; the time is the
// caller's, and its budget preempts it between rounds.
bool create_round(Vcpu& v, std::uint64_t rip, const hcall::Registers& regs,
                  const hcall::DomainCreateArgs& a, hcall::Reply<std::uint64_t>& result) {
  begin_round(v, rip, regs);
  bool more = false;
  result = control::create_round(v, a, more);
  v.continuation.active = more;
  return more;
}

std::uint64_t rax_of(const hcall::Reply<std::uint64_t>& r) {
  return static_cast<std::uint64_t>(hcall::to_rax(r, static_cast<std::int64_t>(r.value)));
}

}  // namespace

void abandon(Vcpu& v) {
  Vcpu::Continuation& c = v.continuation;
  if (c.building != nullptr) {
    log::info("domctl: domain '{}' abandoned while being built by domain {}", c.building->name,
              v.domain->id);
    domains::abandon_build(*c.building);
  }
  c = {};
}

std::uint32_t feature_bits() {
  return abi::kFeatureConsoleHypercall | abi::kFeatureShutdown | abi::kFeatureSchedOps |
         abi::kFeatureEventChannels | abi::kFeatureGrantTables | abi::kFeatureDomctl |
         abi::kFeatureSysctl;
}

Leave dispatch(Vcpu& v, const arch::vmx::ExitInfo& x) {
  auto& r = v.ctx.regs;
  Domain& d = *v.domain;
  ++v.hypercalls;

  hcall::Registers regs{r.rax, {r.rdi, r.rsi, r.rdx, r.r10, r.r8}};
  hcall::Caller caller{d.id, d.privileged, cpu_count(),
                       static_cast<std::uint8_t>(arch::vmx::guest_cpl())};
  CallerMemory memory(d);
  hcall::Reply<hcall::Request> decoded =
      hcall::decode(continued(v, x.guest_rip, regs), caller, memory, g_scratch[this_cpu().index]);
  if (!decoded.ok()) {
    abandon(v);
    arch::vmx::advance_rip(x);
    r.rax = static_cast<std::uint64_t>(abi::to_result(decoded.error()));
    return Leave::resume;
  }
  const hcall::Request& q = decoded.value;
  Leave leave = Leave::resume;
  hcall::Reply<std::uint64_t> result = std::uint64_t{0};
  switch (abi::hypercall_group(static_cast<std::uint64_t>(q.call))) {
    case 0x00:  // console
      if (q.call == Hypercall::console_read) {
        result = console_read(d, q.console_read, memory);
        break;
      }
      if (console_round(v, x.guest_rip, regs, q.console_write, leave)) return leave;
      break;
    case 0x10:  // scheduling
      if (q.call == Hypercall::sched_yield) leave = Leave::yield;
      if (q.call == Hypercall::sched_block) leave = Leave::block;
      if (q.call == Hypercall::sched_set_timer) schedule::set_timer(v, q.set_timer.deadline_ns);
      if (q.call == Hypercall::sched_shutdown) {
        auto reason = q.shutdown.reason;
        schedule::end_domain(
            d, reason == abi::ShutdownReason::crash ? DomainState::crashed : DomainState::shut_down,
            reason == abi::ShutdownReason::poweroff ? "poweroff"
            : reason == abi::ShutdownReason::reboot ? "reboot"
                                                    : "crash (reported by the guest)",
            x.guest_rip);
        return Leave::ended;
      }
      break;
    case 0x20:
      result = links::events().execute(q);
      break;
    case 0x30:
      result = links::grants().execute(q);
      break;
    case 0x40:
      if (q.call == Hypercall::domctl_create) {
        if (create_round(v, x.guest_rip, regs, q.domain_create, result)) return Leave::resume;
        break;
      }
      result = control::domctl(q, memory);
      break;
    case 0x50:
      result = control::sysctl(d, q, memory);
      break;
    default:
      result = hcall::refuse(abi::Errno::nosys, "no such hypercall");
      break;
  }
  arch::vmx::advance_rip(x);
  r.rax = rax_of(result);
  return leave;
}

}  // namespace hv::hypercall
