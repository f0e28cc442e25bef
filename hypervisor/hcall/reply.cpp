// The mapping from support::Errc to the ABI's negative errno values. No
// state, no locking.
#include "hcall/reply.h"

namespace hcall {

abi::Errno to_errno(support::Errc code) {
  switch (code) {
    case support::Errc::ok:
      return abi::Errno::ok;
    case support::Errc::permission:
      return abi::Errno::perm;
    case support::Errc::not_found:
      return abi::Errno::noent;
    case support::Errc::io:
      return abi::Errno::io;
    case support::Errc::no_memory:
      return abi::Errno::nomem;
    case support::Errc::fault:
      return abi::Errno::fault;
    case support::Errc::busy:
      return abi::Errno::busy;
    case support::Errc::exists:
      return abi::Errno::exist;
    case support::Errc::invalid:
      return abi::Errno::inval;
    case support::Errc::no_space:
      return abi::Errno::nospc;
    case support::Errc::range:
      return abi::Errno::range;
    case support::Errc::unsupported:
      return abi::Errno::opnotsupp;
  }
  return abi::Errno::io;
}

}  // namespace hcall
