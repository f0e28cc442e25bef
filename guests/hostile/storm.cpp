// Inter-domain event storms (see storm.h).
#include "storm.h"

namespace hostile::storm {

std::uint32_t send(abi::EventPort port) {
  std::uint32_t ok = 0;
  for (std::uint32_t i = 0; i < kStormSends; ++i) ok += call(H::evtchn_send, port) == 0;
  return ok;
}

std::uint32_t count(abi::EventPort port, std::uint64_t first_ns) {
  if (!wait_port(port, first_ns)) return 0;
  std::uint32_t seen = 1;
  while (wait_port(port, kIdleNs)) ++seen;
  return seen;
}

}  // namespace hostile::storm
