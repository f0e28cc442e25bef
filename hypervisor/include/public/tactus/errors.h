// The errors a hypercall returns in rax: negative errno values (Linux/Xen
// numbering, so guest code can reuse familiar names). Part of the guest ABI,
// version 1. Plain constants; no locking.
#pragma once

#include <cstdint>

namespace tactus::abi {

enum class Errno : std::int64_t {
  ok = 0,
  perm = -1,        // EPERM: privileged call from an unprivileged domain, or not allowed
  noent = -2,       // ENOENT: no such port, grant reference, pool, module or mapping
  srch = -3,        // ESRCH: no such domain
  io = -5,          // EIO
  nomem = -12,      // ENOMEM: the hypervisor ran out of memory for the request
  fault = -14,      // EFAULT: a guest buffer outside the caller's own memory
  busy = -16,       // EBUSY: still in use (a mapped grant, a pool with domains)
  exist = -17,      // EEXIST: already there (a pool name, a bound virq)
  inval = -22,      // EINVAL: a bad argument, reserved bits or flags non-zero
  nospc = -28,      // ENOSPC: a fixed-size table is full
  range = -34,      // ERANGE: a value outside its allowed range
  nosys = -38,      // ENOSYS: no such hypercall
  opnotsupp = -95,  // EOPNOTSUPP: known call, not supported in this configuration
};

constexpr std::int64_t to_result(Errno e) { return static_cast<std::int64_t>(e); }

// Pre-enum names kept for existing callers.
constexpr std::int64_t kErrPermission = to_result(Errno::perm);
constexpr std::int64_t kErrFault = to_result(Errno::fault);
constexpr std::int64_t kErrInvalid = to_result(Errno::inval);
constexpr std::int64_t kErrNoSys = to_result(Errno::nosys);

// A raw rax value is an error when it lies in [-4095, -1] (as on Linux).
constexpr bool is_error(std::uint64_t rax) { return rax >= static_cast<std::uint64_t>(-4095); }

}  // namespace tactus::abi
