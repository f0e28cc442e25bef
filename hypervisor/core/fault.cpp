// Reports CPU exceptions taken in hypervisor context: vector, name, error
// code, all registers, control registers and a frame-pointer backtrace,
// then halts the faulting CPU (other CPUs run on). In test runs a fault on
// the BSP powers the emulator off so the harness sees it at once. Uses the
// log's emergency path (no lock wait without bound).
#include "hv/fault.h"

#include "arch/cpu.h"
#include "arch/emulator.h"
#include "hv/boot_config.h"
#include "hv/log.h"
#include "hv/percpu.h"

namespace hv {
namespace {

bool plausible_frame(std::uint64_t rbp, std::uint64_t previous) {
  return rbp != 0 && (rbp & 7) == 0 && rbp > 0x1000 && rbp < (4ull << 30) && rbp > previous;
}

}  // namespace

void report_fault(arch::InterruptFrame& f) {
  PerCpu& c = this_cpu();
  log::emergency("EXCEPTION on CPU {}: {} (vector {}), error code {:#x}", c.index,
                 arch::exception_name(f.vector), f.vector, f.error_code);
  log::emergency("  rip={:#018x} cs={:#x} rflags={:#x} rsp={:#018x} ss={:#x}", f.rip, f.cs,
                 f.rflags, f.rsp, f.ss);
  log::emergency("  rax={:#018x} rbx={:#018x} rcx={:#018x} rdx={:#018x}", f.rax, f.rbx, f.rcx,
                 f.rdx);
  log::emergency("  rsi={:#018x} rdi={:#018x} rbp={:#018x} r8 ={:#018x}", f.rsi, f.rdi, f.rbp,
                 f.r8);
  log::emergency("  r9 ={:#018x} r10={:#018x} r11={:#018x} r12={:#018x}", f.r9, f.r10, f.r11,
                 f.r12);
  log::emergency("  r13={:#018x} r14={:#018x} r15={:#018x}", f.r13, f.r14, f.r15);
  log::emergency("  cr0={:#x} cr2={:#018x} cr3={:#x} cr4={:#x}", arch::read_cr0(), arch::read_cr2(),
                 arch::read_cr3(), arch::read_cr4());
  log::emergency("  backtrace: #0 {:#018x}", f.rip);
  std::uint64_t rbp = f.rbp, previous = 0;
  for (int depth = 1; depth < 16 && plausible_frame(rbp, previous); ++depth) {
    auto* frame = reinterpret_cast<const std::uint64_t*>(rbp);
    std::uint64_t ret = frame[1];
    if (ret == 0) break;
    log::emergency("             #{} {:#018x}", depth, ret);
    previous = rbp;
    rbp = frame[0];
  }
  c.state.store(CpuState::halted_after_fault);
  log::emergency("CPU {} halted after {}", c.index, arch::exception_name(f.vector));
  c.checks_done.store(1);
  if (c.index == 0 && boot_config().exit_when_done) arch::emulator_exit(3);
  arch::halt_forever();
}

}  // namespace hv
