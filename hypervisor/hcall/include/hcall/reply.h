// The outcome of a hypercall step in the ABI's own error domain: a value or
// a negative errno (tactus/errors.h) with a static reason string for the
// log. support::Errc has no ESRCH/ENOSYS, which the ABI needs, so hypercall
// code speaks abi::Errno and maps support errors with to_errno(). Plain
// values; no locking.
#pragma once

#include <cstdint>

#include "support/error.h"
#include "tactus/errors.h"

namespace hcall {

namespace abi = tactus::abi;

// A refusal: what to return in rax and why (never freed).
struct Refusal {
  abi::Errno error = abi::Errno::inval;
  const char* reason = "";
};

constexpr Refusal refuse(abi::Errno error, const char* reason) { return Refusal{error, reason}; }

// The ABI errno for a support error code (EIO for codes with no match).
abi::Errno to_errno(support::Errc code);
inline Refusal refusal_from(const support::Error& e) { return Refusal{to_errno(e.code), e.reason}; }

// Reply<T>: a T or a Refusal. T must be default-constructible and copyable.
template <typename T>
struct Reply {
  T value{};
  Refusal refusal{abi::Errno::ok, ""};

  constexpr Reply() = default;
  constexpr Reply(const T& v) : value(v) {}   // NOLINT: implicit by design
  constexpr Reply(Refusal r) : refusal(r) {}  // NOLINT: implicit by design
  constexpr bool ok() const { return refusal.error == abi::Errno::ok; }
  constexpr abi::Errno error() const { return refusal.error; }
  constexpr const char* reason() const { return refusal.reason; }
};

// Success without a value.
struct Done {};
using Outcome = Reply<Done>;
constexpr Outcome done() { return Outcome(Done{}); }

// The value for rax: a non-negative result or the negative errno.
template <typename T>
constexpr std::int64_t to_rax(const Reply<T>& r, std::int64_t value_if_ok) {
  return r.ok() ? value_if_ok : abi::to_result(r.error());
}

}  // namespace hcall
