// Hostile cases on CPU state (issue 12): CR8 must be a per-vCPU virtual
// TPR that holds the upcall back like a real one (cr8/), VMX instructions
// must raise #UD and INVD is a no-op (vmx/), MSR writes that would make
// guest state invalid and garbage to every intercepted MSR must raise #GP
// and change nothing (msr/), and the debug
// registers and KERNEL_GS_BASE must not leak between domains that share a
// pCPU (leak/). docs/testing.md lists the cases. Single vCPU, no locking.
#include "check.h"
#include "cpu_access.h"
#include "guest/interrupts.h"
#include "guest/runtime.h"

namespace hostile {
namespace {

using guest::kNoException;
using guest::probe_call;

void tpr_cases() {
  cpu::write_cr8(15);
  expect("cr8/write_15_reads_15", static_cast<std::int64_t>(cpu::read_cr8()), 15);
  // With the physical TPR at 15 the host would take no timer interrupt: a
  // 2 ms timer would never end this block and the whole machine would stop.
  std::uint64_t start = guest::now_ns();
  (void)call(H::sched_set_timer, start + 2000000);
  (void)call(H::sched_block);
  std::uint64_t waited = guest::now_ns() - start;
  expect_range("cr8/15_timer_still_wakes_us", static_cast<std::int64_t>(waited), 0, 50000000);
  for (int i = 0; i < 4; ++i) (void)call(H::sched_yield);
  expect("cr8/kept_across_yields", static_cast<std::int64_t>(cpu::read_cr8()), 15);
  expect("cr8/bits_above_3_gp", probe_call([] { cpu::write_cr8(16); }), cpu::kGp);
  expect("cr8/unchanged_after_gp", static_cast<std::int64_t>(cpu::read_cr8()), 15);
  cpu::write_cr8(0);
  expect("cr8/write_0_reads_0", static_cast<std::int64_t>(cpu::read_cr8()), 0);
}

volatile std::uint32_t g_upcalls = 0;
void count_upcall() { g_upcalls = g_upcalls + 1; }

// The virtual TPR holds the upcall back as a real TPR would: vector 0x40
// (priority class 4) waits while CR8 >= 4 and arrives once CR8 drops below.
void tpr_holds_upcall() {
  std::int64_t port = call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::timer));
  if (!expect_range("cr8/upcall_setup_bind_timer_virq", port, 1, 63)) return;
  cpu::write_cr8(4);
  (void)guest::set_upcall_handler(0x40, count_upcall);  // and sti
  (void)call(H::sched_set_timer, guest::now_ns() + 1000000);
  guest::work_us(5000);  // the timer fires meanwhile
  std::uint32_t held = g_upcalls;
  expect_state("cr8/4_holds_upcall_vector_0x40",
               held == 0 && port_pending(static_cast<abi::EventPort>(port)),
               name("{} upcalls", held).view(), "none, the timer port pending");
  cpu::write_cr8(3);
  guest::work_us(200);
  expect_state("cr8/3_lets_it_in", g_upcalls == 1, name("{} upcalls", g_upcalls).view(),
               "exactly one");
  asm volatile("cli" ::: "memory");
  cpu::write_cr8(0);
  acknowledge_all();
  (void)call(H::evtchn_close, static_cast<std::uint64_t>(port));
}

alignas(4096) std::uint64_t g_vmx_region[512];

void vmx_cases() {
  std::uint64_t region = reinterpret_cast<std::uint64_t>(g_vmx_region), value = 0;
  struct {
    std::uint64_t a, b;
  } descriptor{0, 0};
  std::uint64_t type = 2;
  expect("vmx/vmxon_ud", probe_call([&] { asm volatile("vmxon %0" ::"m"(region)); }), cpu::kUd);
  expect("vmx/vmxoff_ud", probe_call([] { asm volatile("vmxoff"); }), cpu::kUd);
  expect("vmx/vmclear_ud", probe_call([&] { asm volatile("vmclear %0" ::"m"(region)); }), cpu::kUd);
  expect("vmx/vmptrld_ud", probe_call([&] { asm volatile("vmptrld %0" ::"m"(region)); }), cpu::kUd);
  expect("vmx/vmptrst_ud", probe_call([&] { asm volatile("vmptrst %0" : "=m"(value)); }), cpu::kUd);
  expect("vmx/vmlaunch_ud", probe_call([] { asm volatile("vmlaunch"); }), cpu::kUd);
  expect("vmx/vmresume_ud", probe_call([] { asm volatile("vmresume"); }), cpu::kUd);
  expect("vmx/vmread_ud", probe_call([&] {
           asm volatile("vmread %1, %0" : "=r"(value) : "r"(std::uint64_t{0x681e}));
         }),
         cpu::kUd);
  expect("vmx/vmwrite_ud", probe_call([&] {
           asm volatile("vmwrite %0, %1" ::"r"(region), "r"(std::uint64_t{0x681e}));
         }),
         cpu::kUd);
  expect("vmx/invept_ud",
         probe_call([&] { asm volatile("invept %0, %1" ::"m"(descriptor), "r"(type)); }), cpu::kUd);
  expect("vmx/invvpid_ud",
         probe_call([&] { asm volatile("invvpid %0, %1" ::"m"(descriptor), "r"(type)); }),
         cpu::kUd);
  expect("vmx/vmfunc_ud", probe_call([] { asm volatile("vmfunc" ::"a"(0), "c"(0)); }), cpu::kUd);
  // INVD is a no-op (docs/hypercalls.md): executing it must not drop the
  // caches the hypervisor and other domains share.
  expect("vmx/invd_is_a_noop", probe_call([] { asm volatile("invd"); }), kNoException);
}

// Writes `value` to `msr`; expects #GP and the value read before to stay.
void expect_msr_refused(std::string_view what, std::uint32_t msr, std::uint64_t value) {
  std::uint64_t before = 0, after = 0;
  int read_before = cpu::rdmsr(msr, before);
  expect(name("msr/{}/gp", what).view(), cpu::wrmsr(msr, value), cpu::kGp);
  int read_after = cpu::rdmsr(msr, after);
  expect_state(name("msr/{}/unchanged", what).view(), read_before == read_after && before == after,
               "another value", "the value before");
}

void msr_cases() {
  constexpr std::uint64_t kNonCanonical = 0x8000'0000'0000'0000ull;
  constexpr std::uint64_t kEferLme = 1ull << 8, kEferLma = 1ull << 10;
  expect_msr_refused("fs_base_noncanonical", cpu::kFsBase, kNonCanonical);
  expect_msr_refused("gs_base_noncanonical", cpu::kGsBase, 0x0000'8000'0000'0000ull);
  expect_msr_refused("kernel_gs_base_noncanonical", cpu::kKernelGsBase, kNonCanonical);
  std::uint64_t efer = 0;
  (void)cpu::rdmsr(cpu::kEfer, efer);
  expect_msr_refused("efer_clear_lme_paging_on", cpu::kEfer, efer & ~kEferLme);
  expect_msr_refused("efer_clear_lme_and_lma", cpu::kEfer, efer & ~(kEferLme | kEferLma));
  expect_msr_refused("efer_reserved_bit_1", cpu::kEfer, efer | 2);
  expect("msr/efer_same_value_ok", cpu::wrmsr(cpu::kEfer, efer), kNoException);
  expect("msr/fs_base_canonical_ok", cpu::wrmsr(cpu::kFsBase, 0xffff'8000'0000'1000ull),
         kNoException);
  std::uint64_t fs = 0;
  (void)cpu::rdmsr(cpu::kFsBase, fs);
  expect_state("msr/fs_base_reads_back", fs == 0xffff'8000'0000'1000ull, "another value",
               "0xffff800000001000");
  (void)cpu::wrmsr(cpu::kFsBase, 0);
  expect("msr/kernel_gs_base_canonical_ok", cpu::wrmsr(cpu::kKernelGsBase, 0x1234'5000),
         kNoException);
  std::uint64_t kgs = 0;
  expect("msr/kernel_gs_base_readable", cpu::rdmsr(cpu::kKernelGsBase, kgs), kNoException);
  expect_state("msr/kernel_gs_base_reads_back", kgs == 0x1234'5000, "another value", "0x12345000");

  // Garbage to every MSR the hypervisor intercepts (all of them: there is
  // no MSR bitmap). Not on the allow-list: #GP for reads and writes,
  // nothing changes. On it (EFER, FS/GS/KERNEL_GS base): #GP with the value
  // unchanged, or (a canonical base such as all ones) accepted and read back
  // exactly; the old value is put back.
  constexpr std::uint64_t kGarbage[] = {~0ull, 0xdead'beef'cafe'f00dull, kNonCanonical, 0x5a5a};
  std::uint32_t refused = 0, accepted = 0, first_bad = 0;
  bool any_bad = false;
  auto sweep = [&](std::uint32_t msr) {
    bool allowed = msr == cpu::kEfer || msr == cpu::kFsBase || msr == cpu::kGsBase ||
                   msr == cpu::kKernelGsBase;
    for (std::uint64_t g : kGarbage) {
      std::uint64_t before = 0, after = 0;
      int rb = cpu::rdmsr(msr, before);
      int wv = cpu::wrmsr(msr, g);
      int ra = cpu::rdmsr(msr, after);
      bool ok = false;
      if (wv == cpu::kGp) {
        ok = rb == ra && before == after && (allowed || rb == cpu::kGp);
        refused += ok;
      } else if (wv == kNoException) {
        ok = allowed && ra == kNoException && after == g;
        accepted += ok;
        (void)cpu::wrmsr(msr, before);
      }
      if (!ok && !any_bad) any_bad = true, first_bad = msr;
    }
  };
  for (std::uint32_t m = 0; m < 0x1000; m += 7) sweep(m);
  for (std::uint32_t m = 0x800; m < 0x840; ++m) sweep(m);  // x2APIC
  for (std::uint32_t m = 0xc0000080; m <= 0xc0000104; ++m) sweep(m);
  for (std::uint32_t m : {0x10u, 0x1bu, 0x3au, 0x48u, 0x49u, 0x174u, 0x175u, 0x176u, 0x1d9u, 0x277u,
                          0x6e0u, 0xc0010015u, 0x40000000u, 0xffffffffu})
    sweep(m);
  expect_state("msr/garbage_everywhere", !any_bad, name("msr {:#x} misbehaved", first_bad).view(),
               "#GP and unchanged, or an allow-listed base read back as written");
  guest::print("hostile: msr garbage: {} writes refused, {} accepted (canonical bases)\n", refused,
               accepted);
}

// One round: write markers, let the other domains run, read them back.
struct Markers {
  std::uint64_t dr[4], dr6_low, dr7, kernel_gs;
};

Markers markers_for(std::uint32_t self, std::uint32_t round) {
  Markers m{};
  for (std::uint64_t i = 0; i < 4; ++i)
    m.dr[i] =
        0x0000'7e57'0000'0000ull | (std::uint64_t{self} << 24) | (std::uint64_t{round} << 4) | i;
  m.dr6_low = (self + round) & 0xf;
  m.dr7 = 0x400 | (self & 1 ? 0x1 : 0x4);  // an execute breakpoint on an address never run
  m.kernel_gs = 0x0000'6b67'0000'0000ull | (std::uint64_t{self} << 24) | round;
  return m;
}

void write_markers(const Markers& m) {
  cpu::write_dr<0>(m.dr[0]);
  cpu::write_dr<1>(m.dr[1]);
  cpu::write_dr<2>(m.dr[2]);
  cpu::write_dr<3>(m.dr[3]);
  cpu::write_dr<6>(0xffff0ff0 | m.dr6_low);
  cpu::write_dr<7>(m.dr7);
  // KERNEL_GS_BASE through SWAPGS, which never exits.
  (void)cpu::wrmsr(cpu::kGsBase, m.kernel_gs);
  cpu::swapgs();
  (void)cpu::wrmsr(cpu::kGsBase, 0);
}

Markers read_markers() {
  Markers m{};
  m.dr[0] = cpu::read_dr<0>();
  m.dr[1] = cpu::read_dr<1>();
  m.dr[2] = cpu::read_dr<2>();
  m.dr[3] = cpu::read_dr<3>();
  m.dr6_low = cpu::read_dr<6>() & 0xf;
  m.dr7 = cpu::read_dr<7>();
  cpu::swapgs();
  (void)cpu::rdmsr(cpu::kGsBase, m.kernel_gs);
  cpu::swapgs();
  return m;
}

}  // namespace

void cpu_state(const World&, bool vmx, bool msr, bool cr8) {
  if (vmx) vmx_cases();
  if (msr) msr_cases();
  if (cr8) tpr_cases(), tpr_holds_upcall();
}

void leak_rounds(const World& w, std::uint32_t rounds) {
  static const char* const kWhat[] = {"dr0", "dr1", "dr2", "dr3", "dr6", "dr7", "kernel_gs_base"};
  std::uint64_t first_seen[7] = {};
  bool ok[7] = {true, true, true, true, true, true, true};
  for (std::uint32_t round = 0; round < rounds; ++round) {
    Markers want = markers_for(w.self, round);
    write_markers(want);
    (void)call(H::sched_yield);
    guest::work_us(50);
    (void)call(H::sched_yield);
    Markers got = read_markers();
    std::uint64_t g[7] = {got.dr[0],   got.dr[1], got.dr[2],    got.dr[3],
                          got.dr6_low, got.dr7,   got.kernel_gs};
    std::uint64_t e[7] = {want.dr[0],   want.dr[1], want.dr[2],    want.dr[3],
                          want.dr6_low, want.dr7,   want.kernel_gs};
    for (int i = 0; i < 7; ++i)
      if (ok[i] && g[i] != e[i]) ok[i] = false, first_seen[i] = g[i];
  }
  for (int i = 0; i < 7; ++i)
    expect_state(name("leak/{}_kept_over_{}_switches", kWhat[i], rounds).view(), ok[i],
                 name("{:#x} (another domain's?)", first_seen[i]).view(), "our own value");
  cpu::write_dr<7>(0x400);
}

}  // namespace hostile
