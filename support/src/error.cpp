// Names of error codes, for log lines and shell messages.
#include "support/error.h"

namespace support {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::ok:
      return "ok";
    case Errc::permission:
      return "permission denied";
    case Errc::not_found:
      return "not found";
    case Errc::io:
      return "i/o error";
    case Errc::no_memory:
      return "out of memory";
    case Errc::fault:
      return "bad address";
    case Errc::busy:
      return "busy";
    case Errc::exists:
      return "already exists";
    case Errc::invalid:
      return "invalid argument";
    case Errc::no_space:
      return "no space";
    case Errc::range:
      return "out of range";
    case Errc::unsupported:
      return "not supported";
  }
  return "unknown error";
}

}  // namespace support
