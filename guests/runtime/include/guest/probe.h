// Exception probes: run a piece of guest code and learn which exception, if
// any, it raised, instead of the runtime's default of reporting the fault
// and crashing. While a probe is armed the exception stubs
// (interrupts.S) return to it with the vector; they also do so when the
// code dropped to ring 3 and faulted there (the ring-0 stack, segment
// registers and RFLAGS of the probe's caller are restored). Single vCPU;
// probes do not nest.
#pragma once

#include <cstdint>

// probe.S
extern "C" int guest_probe(void (*fn)(void*), void* arg);
extern "C" std::uint64_t guest_probe_error;

namespace guest {

constexpr int kNoException = -1;

// Calls fn(arg). Returns kNoException when it returned, else the vector of
// the exception it raised (fn is abandoned at the faulting instruction).
inline int probe(void (*fn)(void*), void* arg) { return guest_probe(fn, arg); }
// The error code pushed by the last exception a probe caught (0 for
// vectors without one).
inline std::uint64_t probe_error_code() { return guest_probe_error; }

// probe() for any callable (a lambda), e.g. probe_call([] { asm("ud2"); }).
template <typename F>
int probe_call(F&& f) {
  return probe([](void* p) { (*static_cast<F*>(p))(); }, &f);
}

}  // namespace guest
