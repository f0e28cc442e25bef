// Guest side of the hypercall instruction: VMCALL with the number in rax and
// up to five arguments in rdi, rsi, rdx, r10, r8 (tactus/abi.h). Used by the
// guest runtime and test guests; the hypervisor never includes it. No state.
#pragma once

#include <cstdint>

namespace arch {

// Arguments a call does not use are passed as 0 (the ABI ignores them). The
// ABI preserves every register but rax, so all five are plain inputs.
inline std::int64_t hypercall(std::uint64_t nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0,
                              std::uint64_t a2 = 0, std::uint64_t a3 = 0, std::uint64_t a4 = 0) {
  std::int64_t result;
  register std::uint64_t r10 asm("r10") = a3;
  register std::uint64_t r8 asm("r8") = a4;
  asm volatile("vmcall"
               : "=a"(result)
               : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8)
               : "memory");
  return result;
}

}  // namespace arch
