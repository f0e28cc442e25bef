// Guest side of the hypercall instruction: VMCALL with the number in rax and
// up to five arguments in rdi, rsi, rdx, r10, r8 (tactus/abi.h). Used by the
// guest runtime; the hypervisor never includes it. No state.
#pragma once

#include <cstdint>

namespace arch {

inline std::int64_t hypercall(std::uint64_t nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0,
                              std::uint64_t a2 = 0) {
  std::int64_t result;
  asm volatile("vmcall" : "=a"(result) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "memory");
  return result;
}

}  // namespace arch
