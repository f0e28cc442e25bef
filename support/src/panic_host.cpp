// Host builds: a panic prints where and why to stderr and aborts, so a
// failed assertion in a portable core fails the test that triggered it.
#include <cstdio>
#include <cstdlib>

#include "support/assert.h"

namespace support {

void on_panic(const char* file, int line, const char* message) {
  std::fprintf(stderr, "PANIC %s:%d: %s\n", file, line, message);
  std::abort();
}

}  // namespace support
