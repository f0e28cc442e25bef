// The scheduling layer (see hv/schedule.h): pools, the per-pCPU loop,
// blocking and waking, guest one-shot timers, ending and reaping domains.
//
// The loop keeps one invariant: a vCPU's VMCS and FPU state are loaded on
// at most one pCPU, and only while the scheduler has it current there.
// When do_schedule picks another vCPU, the previous one is saved (FXSAVE,
// VMCLEAR) before context_saved tells the scheduler it may run elsewhere.
#include "hv/schedule.h"

#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/emulator.h"
#include "arch/interrupts.h"
#include "arch/tsc.h"
#include "arch/vmx_guest.h"
#include "hcall/time_info.h"
#include "hv/boot_config.h"
#include "hv/console.h"
#include "hv/cpus.h"
#include "hv/hypercall.h"
#include "hv/links.h"
#include "hv/log.h"
#include "hv/memory.h"
#include "hv/nmi.h"
#include "hv/percpu.h"
#include "hv/vcpu_run.h"
#include "support/intrusive.h"
#include "tactus/shared_info.h"

namespace hv::schedule {
namespace {

// Guest one-shot timers of one pCPU, earliest first.
struct TimerOrder {
  bool operator()(const Vcpu& a, const Vcpu& b) const {
    return a.timer_deadline < b.timer_deadline;
  }
};
using TimerQueue = support::bi::multiset<
    Vcpu, support::bi::member_hook<Vcpu, support::bi::set_member_hook<>, &Vcpu::timer_hook>,
    support::bi::compare<TimerOrder>>;

struct CpuSched {
  IrqSpinLock timer_lock;
  TimerQueue timers;
  // The vCPU whose state is on this pCPU: written by this pCPU's loop only,
  // read by try_reap on any CPU.
  std::atomic<Vcpu*> loaded{nullptr};
};

class PoolLocks final : public sched::LockProvider {
 public:
  sched::Lock& pool_lock(sched::PoolId id) override { return locks_[id % sched::kMaxPools]; }

 private:
  IrqSpinLock locks_[sched::kMaxPools];
};

CpuSched g_cpu[kMaxCpus];
PoolLocks g_pool_locks;
sched::PoolManager g_pools;
IrqSpinLock g_config_lock;
std::uint64_t g_run_limit = 0;  // ns, 0: none
std::uint64_t g_epoch = 0;      // ns when the BSP started scheduling
std::atomic<bool> g_stopping{false};
std::atomic<bool> g_reap_waiting{false};  // a detached domain waits for EPT flushes

constexpr std::uint64_t kConsolePollNs = 10000000;

std::uint64_t min_time(std::uint64_t a, std::uint64_t b) { return a < b ? a : b; }

void kick_mask(sched::CpuMask mask) {
  for (sched::CpuId c = mask.first(); c != sched::kNoCpu; c = mask.next(c)) kick(c);
}

// Applies `change` to each vCPU of `d` under its lock; `change` returns the
// pCPU that must reschedule (or kNoCpu), which is kicked after the unlock.
template <typename Change>
void change_vcpus(Domain& d, Change&& change) {
  for (std::uint32_t i = 0; i < d.vcpu_count; ++i) {
    Vcpu& v = d.vcpus[i];
    sched::CpuId c = sched::kNoCpu;
    {
      IrqGuard g(v.lock);
      if (v.sched.scheduler() != nullptr) c = change(v, *v.sched.scheduler());
    }
    if (c != sched::kNoCpu) kick(c);
  }
}

// ---- loading and saving a vCPU on this pCPU -------------------------------

void load(CpuSched& cs, Vcpu& v, sched::Time t) {
  // Tell the guest what it received so far (tactus/shared_info.h).
  if (v.index < tactus::abi::kMaxVcpusPerDomain && v.sched.scheduler() != nullptr) {
    auto& info = v.domain->shared_info().vcpu[v.index];
    info.run_ns = v.sched.scheduler()->vcpu_stats(v.sched).consumed;
    info.dispatched_ns = t;
  }
  (void)arch::vmx::load(v.ctx);
  arch::vmx::write_host_state();
  arch::fxrstor(v.fpu);
  arch::vmx::restore_guest_cpu_state(v.ctx);
  cs.loaded.store(&v);
}

void try_reap(Domain& d);

// Saves the loaded vCPU and tells its scheduler the switch is complete.
void unload(CpuSched& cs, sched::CpuId cpu, sched::Time now) {
  Vcpu& v = *cs.loaded.load();
  arch::fxsave(v.fpu);
  arch::vmx::save_guest_cpu_state(v.ctx);
  (void)arch::vmx::clear(v.ctx);
  cs.loaded.store(nullptr);
  if (sched::Scheduler* s = v.sched.scheduler()) {
    sched::CpuId tickle = s->context_saved(v.sched, cpu, now);
    if (tickle != sched::kNoCpu) kick(tickle);
  }
  if (v.domain->ending.load()) try_reap(*v.domain);
}

// ---- guest one-shot timers ------------------------------------------------

void cancel_timer(Vcpu& v) {
  if (v.timer_deadline == 0) return;
  CpuSched& owner = g_cpu[v.timer_cpu];
  IrqGuard g(owner.timer_lock);
  if (v.timer_hook.is_linked()) owner.timers.erase(owner.timers.iterator_to(v));
  v.timer_deadline = 0;
}

void fire_timers(CpuSched& cs, sched::Time now) {
  for (;;) {
    Vcpu* due = nullptr;
    {
      IrqGuard g(cs.timer_lock);
      if (cs.timers.empty() || cs.timers.begin()->timer_deadline > now) return;
      due = &*cs.timers.begin();
      cs.timers.erase(cs.timers.begin());
      due->timer_deadline = 0;
    }
    wake(*due, kPendingTimer);
    links::raise_timer_virq(*due->domain);
  }
}

std::uint64_t earliest_timer(CpuSched& cs) {
  IrqGuard g(cs.timer_lock);
  return cs.timers.empty() ? sched::kNever : cs.timers.begin()->timer_deadline;
}

// ---- ending and reaping domains ------------------------------------------

void log_shares(sched::Time now) {
  domains::for_each([&](Domain& d) {
    for (std::uint32_t i = 0; i < d.vcpu_count; ++i) {
      Vcpu& v = d.vcpus[i];
      sched::Scheduler* s = v.sched.scheduler();
      if (s == nullptr) continue;
      sched::VcpuStats st = s->vcpu_stats(v.sched);
      std::uint64_t from = d.started_ns > g_epoch ? d.started_ns : g_epoch;
      std::uint64_t span = now > from ? now - from : 1;
      std::uint64_t per_10k =
          static_cast<std::uint64_t>(static_cast<unsigned __int128>(st.consumed) * 10000 / span);
      log::info("share: d{} ({}) vCPU {}: ran {} us of {} us = {}.{:02}%, dispatches {}, exits {}",
                d.id, d.name, i, st.consumed / 1000, span / 1000, per_10k / 100, per_10k % 100,
                st.dispatches, v.exits);
    }
  });
}

[[noreturn]] void power_off(const char* why) {
  nmi::log_counts();
  log::info("schedule: {}; powering the emulator off", why);
  log::flush();
  arch::emulator_exit(0);
}

void try_reap(Domain& d) {
  IrqGuard config(g_config_lock);
  if (!d.ending.load() || d.state == DomainState::building) return;
  for (std::uint32_t i = 0; i < d.vcpu_count; ++i)
    for (sched::CpuId c = 0; c < cpu_count(); ++c)
      if (g_cpu[c].loaded.load() == &d.vcpus[i]) return;  // still on a pCPU; that pCPU reaps
  if (d.sched.pool() != sched::kNoPool) {
    sched::CpuMask resched;  // pCPUs its budget holders held decide again
    auto st = g_pools.remove_domain(d.sched, now(), &resched);
    if (!st.ok()) return;  // a vCPU is still current somewhere: its pCPU comes back here
    kick_mask(resched);
  }
  if (d.detached_at == 0) {
    for (std::uint32_t i = 0; i < d.vcpu_count; ++i) {
      cancel_timer(d.vcpus[i]);
      hypercall::abandon(d.vcpus[i]);  // a domain it was building goes with it
    }
    d.detached_at = links::detach(d);
    if (console::is_owner(d)) console::set_owner(nullptr);
  }
  // Other domains may have mapped its pages through grants: its frames are
  // freed only once every CPU dropped the EPT translations it may cache.
  if (!links::ept_flushed_everywhere(d.detached_at)) {
    g_reap_waiting.store(true);
    return;
  }
  std::uint32_t id = d.id;
  std::uint64_t frames_before = memory::free_frame_count();
  if (!domains::try_destroy(d)) {  // a domains::Ref is still held somewhere: soon gone
    g_reap_waiting.store(true);
    return;
  }
  log::info("domain {} reaped: {} KiB returned, {} domains left", id,
            (memory::free_frame_count() - frames_before) * 4, domains::count());
  if (domains::count() == 0 && boot_config().exit_when_done) {
    g_stopping.store(true);
    kick(0);
  }
}

// Console input domain 0 did not read in time is counted where it is
// dropped and reported here, on CPU 0, once per change. (Log bytes the
// console skips are reported by the console itself, outside the log:
// support/log_ring.h.)
void report_drops() {
  static std::uint64_t input_reported = 0;
  std::uint64_t input_lost = console::input_dropped();
  if (input_lost != input_reported) {
    log::info("console: {} input bytes dropped (domain 0's input queue was full)",
              input_lost - input_reported);
    input_reported = input_lost;
  }
}

// Reaps the domains whose frames waited for every CPU's EPT flush.
void retry_reaps() {
  if (!g_reap_waiting.exchange(false)) return;
  domains::for_each([](Domain& d) {
    if (d.ending.load() && d.detached_at != 0) try_reap(d);
  });
}

}  // namespace

// ---- public interface ------------------------------------------------------

sched::Time now() { return arch::tsc::now_ns(); }
sched::PoolManager& pools() { return g_pools; }
IrqSpinLock& config_lock() { return g_config_lock; }
void set_run_limit(std::uint64_t ns) { g_run_limit = ns; }

support::Status init(sched::CpuMask cpus, std::string_view pool0_policy) {
  return g_pools.init(cpus, g_pool_locks, pool0_policy, {}, now());
}

void kick(sched::CpuId cpu) {
  if (cpu == this_cpu().index) {
    this_cpu().resched.store(1);
    return;
  }
  if (PerCpu* c = hv::cpu(cpu)) arch::apic::send_ipi(c->apic_id, arch::kVectorIpiWake);
}

support::Status start_domain(Domain& d, sched::PoolId pool, std::span<const sched::Params> params) {
  if (params.size() != d.vcpu_count)
    return support::make_error(support::Errc::invalid, "one parameter set per vCPU");
  sched::Time t = now();
  sched::CpuMask resched;  // pCPUs that must decide (a periodic server's budget burns from now)
  {
    IrqGuard config(g_config_lock);
    auto st = g_pools.add_domain(d.sched, pool, t);
    if (!st.ok()) return st;
    for (std::uint32_t i = 0; i < d.vcpu_count; ++i) {
      st = g_pools.add_vcpu(d.sched, d.vcpus[i].sched, params[i], t, &resched);
      if (!st.ok()) {
        (void)g_pools.remove_domain(d.sched, t);
        return st;
      }
    }
  }
  kick_mask(resched);
  // Guest time is hypervisor time: ns since calibration, from the TSC.
  hcall::TscScale scale = hcall::scale_from_tsc_khz(arch::tsc::calibration().hz / 1000);
  for (std::uint32_t i = 0; i < d.vcpu_count; ++i)
    hcall::publish_time(d.shared_info().vcpu[i].time, arch::tsc::boot_tsc(), 0, scale);
  d.started_ns = t;
  for (std::uint32_t i = 0; i < d.vcpu_count; ++i) {
    Vcpu& v = d.vcpus[i];
    sched::CpuId c;
    {
      IrqGuard g(v.lock);
      c = v.sched.scheduler()->wake(v.sched, now());
    }
    if (c != sched::kNoCpu) kick(c);
  }
  return support::Status::success();
}

void end_domain(Domain& d, DomainState state, const char* reason, std::uint64_t rip,
                std::uint64_t address) {
  if (d.ending.exchange(true)) return;
  console::flush(d);
  d.state = state;
  d.end_reason = reason;
  d.end_rip = rip;
  if (state == DomainState::crashed)
    log::info("domain {} ({}) ended: {} at RIP {:#x}, address {:#x}", d.id, d.name, reason, rip,
              address);
  else
    log::info("domain {} ({}) ended: {}", d.id, d.name, reason);
  change_vcpus(d, [](Vcpu& v, sched::Scheduler& s) {
    v.paused = true;
    sched::CpuId c = v.blocked ? sched::kNoCpu : s.sleep(v.sched, now());
    v.blocked = false;
    return c;
  });
  try_reap(d);
}

support::Status pause_domain(Domain& d) {
  {
    IrqGuard config(g_config_lock);
    if (d.paused) return support::make_error(support::Errc::busy, "domain is already paused");
    d.paused = true;
  }
  change_vcpus(d, [](Vcpu& v, sched::Scheduler& s) {
    v.paused = true;
    return v.blocked ? sched::kNoCpu : s.sleep(v.sched, now());
  });
  return support::Status::success();
}

support::Status unpause_domain(Domain& d) {
  {
    IrqGuard config(g_config_lock);
    if (!d.paused) return support::make_error(support::Errc::invalid, "domain is not paused");
    d.paused = false;
  }
  change_vcpus(d, [](Vcpu& v, sched::Scheduler& s) {
    v.paused = false;
    return v.blocked ? sched::kNoCpu : s.wake(v.sched, now());
  });
  return support::Status::success();
}

support::Status move_domain(Domain& d, sched::PoolId to) {
  bool was_paused = d.paused;
  if (!was_paused) {
    auto st = pause_domain(d);
    if (!st.ok()) return st;
  }
  // The pCPUs that held its vCPUs were kicked; give them 100 ms to switch.
  support::Status st = support::make_error(support::Errc::busy, "a vCPU did not leave its pCPU");
  for (std::uint64_t give_up = now() + 100000000; now() < give_up;) {
    {
      IrqGuard config(g_config_lock);
      st = g_pools.move_domain(d.sched, to, now());
    }
    if (st.ok() || st.code() != support::Errc::busy) break;
    support::cpu_relax();
  }
  if (!was_paused) (void)unpause_domain(d);
  return st;
}

void block(Vcpu& v) {
  sched::CpuId c = sched::kNoCpu;
  {
    IrqGuard g(v.lock);
    if (v.pending.exchange(0) != 0 || v.paused) return;
    // Events still pending and unmasked are work too (Xen's rule for SCHEDOP_block).
    if (v.index == 0 && v.domain->events != nullptr && v.domain->events->has_unmasked_pending())
      return;
    v.blocked = true;
    c = v.sched.scheduler()->sleep(v.sched, now());
  }
  if (c != sched::kNoCpu) kick(c);
}

void wake(Vcpu& v, std::uint32_t why) {
  sched::CpuId c = sched::kNoCpu;
  {
    IrqGuard g(v.lock);
    if (!v.blocked) {
      v.pending.fetch_or(why);
      return;
    }
    v.blocked = false;
    if (!v.paused && v.sched.scheduler() != nullptr) c = v.sched.scheduler()->wake(v.sched, now());
  }
  if (c != sched::kNoCpu) kick(c);
}

void yield(Vcpu& v) {
  sched::CpuId c = v.sched.scheduler()->yield(v.sched, now());
  if (c != sched::kNoCpu) kick(c);
}

void set_timer(Vcpu& v, std::uint64_t deadline_ns) {
  cancel_timer(v);
  if (deadline_ns == 0) return;
  if (deadline_ns <= now()) {  // a deadline in the past fires at once
    v.pending.fetch_or(kPendingTimer);
    links::raise_timer_virq(*v.domain);
    return;
  }
  CpuSched& cs = g_cpu[this_cpu().index];
  IrqGuard g(cs.timer_lock);
  v.timer_deadline = deadline_ns;
  v.timer_cpu = this_cpu().index;
  cs.timers.insert(v);
}

[[noreturn]] void run_this_cpu() {
  PerCpu& c = this_cpu();
  const sched::CpuId cpu = c.index;
  CpuSched& cs = g_cpu[cpu];
  arch::irq_disable();
  arch::enable_fxsr();
  auto st = arch::vmx::enter_vmx_operation(c.vmx, c.vmxon_region);
  if (!st.ok()) {
    log::info("CPU {}: cannot schedule: {}", cpu, st.reason());
    arch::halt_forever();
  }
  if (cpu == 0) {
    g_epoch = now();
    log::set_async(true);
  }
  for (;;) {
    sched::Time t = now();
    if (cpu == 0 && g_run_limit != 0 && t >= g_run_limit) {
      log_shares(t);
      power_off("run_for time reached");
    }
    if (cpu == 0 && g_stopping.load()) power_off("every domain has ended");
    fire_timers(cs, t);
    retry_reaps();
    c.resched.store(0);
    sched::Scheduler* s = g_pools.scheduler_for_cpu(cpu);
    sched::Decision dec;
    if (s != nullptr) dec = s->do_schedule(cpu, t);
    kick_mask(dec.tickle);
    Vcpu* next = dec.next != nullptr ? &vcpu_of(*dec.next) : nullptr;
    if (cs.loaded.load() != nullptr && cs.loaded.load() != next) unload(cs, cpu, t);

    std::uint64_t wake_at = min_time(dec.next_event, earliest_timer(cs));
    if (cpu == 0) {
      report_drops();
      log::pump();
      if (log::tx_pending()) wake_at = min_time(wake_at, t + log::kFifoDrainNs);
      // Console input is also polled every 10 ms while a domain owns the
      // console: under Bochs 2.7 the UART's receive interrupt, though routed
      // and pending in the UART (IIR 0xc4), never reaches the CPU.
      if (console::has_owner()) {
        (void)console::poll_input();
        wake_at = min_time(wake_at, t + kConsolePollNs);
      }
    }
    if (cpu == 0 && g_run_limit != 0) wake_at = min_time(wake_at, g_run_limit);
    if (cpu == 0) wake_at = min_time(wake_at, nmi::send_test_nmis(t));
    std::uint64_t wake_tsc = wake_at != sched::kNever ? arch::tsc::tsc_at_ns(wake_at) : ~0ull;
    if (wake_at != sched::kNever)
      arch::apic::arm_timer_at(wake_tsc);
    else
      arch::apic::cancel_timer();

    if (next == nullptr) {
      if (c.resched.load() == 0 && !(cpu == 0 && g_stopping.load())) {
        arch::irq_enable_and_halt();
        arch::irq_disable();
      }
      continue;
    }
    if (cs.loaded.load() != next) load(cs, *next, t);
    switch (run_vcpu(*next, c.resched, wake_tsc)) {
      case Leave::block:
        block(*next);
        break;
      case Leave::yield:
        yield(*next);
        break;
      case Leave::resume:
      case Leave::resched:
      case Leave::ended:
        break;
    }
  }
}

}  // namespace hv::schedule
