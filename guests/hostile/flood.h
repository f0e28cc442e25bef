// role=flood: console floods (flood.cpp), for the long-hypercall and log
// overflow tests of issue 12 (items 4, 5). Started by main.cpp.
#pragma once

#include <cstdint>

namespace hostile::flood {

// Writes `bytes` (up to 4096) in one console_write every `every_ms` for
// `for_ms`, then prints `hostile-flood: done writes=<n>` and powers off.
void run(std::uint64_t bytes, std::uint64_t every_ms, std::uint64_t for_ms);

}  // namespace hostile::flood
