// Turning a hypercall's errno into words for an `error:` line. Static
// strings; no state, no locking.
#pragma once

#include <cstdint>

#include "tactus/errors.h"

namespace toolstack {

// "ESRCH", "EBUSY", ...; "E?" for values the ABI does not define.
const char* errno_name(std::int64_t result);
// A generic description ("no such domain", "busy", ...).
const char* errno_text(std::int64_t result);

}  // namespace toolstack
