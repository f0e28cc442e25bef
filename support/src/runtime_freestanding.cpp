// The few C and C++ runtime symbols the compiler may call in freestanding
// images: mem* functions, pure-virtual and delete traps, and the libstdc++
// throw helpers that header-only code references (they panic: exceptions
// are disabled). Only linked into `_fs` builds. No locking.
#include <cstddef>
#include <cstdint>

#include "support/assert.h"

extern "C" {

// Built with -fno-tree-loop-distribute-patterns (see CMakeLists) so the
// loops are not turned back into calls to themselves.
void* memcpy(void* dst, const void* src, std::size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  for (std::size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}

void* memmove(void* dst, const void* src, std::size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (std::size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (std::size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int c, std::size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
  return dst;
}

int memcmp(const void* a, const void* b, std::size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

void* memchr(const void* s, int c, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(s);
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  return nullptr;
}

std::size_t strlen(const char* s) {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

void __cxa_pure_virtual() { TACTUS_PANIC("pure virtual function called"); }

// Static objects are never destroyed in an image.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
void* __dso_handle = nullptr;

}  // extern "C"

// Freestanding code never allocates with new; a virtual destructor still
// references these, so they exist and trap.
void operator delete(void*) noexcept { TACTUS_PANIC("operator delete in a freestanding image"); }
void operator delete(void*, std::size_t) noexcept {
  TACTUS_PANIC("operator delete in a freestanding image");
}

namespace std {
[[noreturn]] void __throw_out_of_range_fmt(const char*, ...) { TACTUS_PANIC("std: out of range"); }
[[noreturn]] void __throw_out_of_range(const char*) { TACTUS_PANIC("std: out of range"); }
[[noreturn]] void __throw_length_error(const char*) { TACTUS_PANIC("std: length error"); }
[[noreturn]] void __throw_logic_error(const char*) { TACTUS_PANIC("std: logic error"); }
[[noreturn]] void __throw_bad_alloc() { TACTUS_PANIC("std: bad alloc"); }
[[noreturn]] void __throw_bad_function_call() { TACTUS_PANIC("std: bad function call"); }
[[noreturn]] void __throw_invalid_argument(const char*) { TACTUS_PANIC("std: invalid argument"); }
}  // namespace std
