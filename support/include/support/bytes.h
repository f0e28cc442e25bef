// Bounds-checked little-endian reads from untrusted byte ranges (firmware
// tables, boot information, guest buffers). Every read says whether it fit;
// nothing here ever reads past the range it was given. No locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace support {

using Bytes = std::span<const std::uint8_t>;

// Reads an unsigned little-endian integer of sizeof(T) bytes at offset.
template <typename T>
bool read_le(Bytes bytes, std::size_t offset, T& out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<std::uint64_t>(bytes[offset + i]) << (8 * i);
  out = static_cast<T>(v);
  return true;
}

// Returns the sub-range [offset, offset+len) or an empty span when it does not fit.
inline bool sub_range(Bytes bytes, std::size_t offset, std::size_t len, Bytes& out) {
  if (offset > bytes.size() || bytes.size() - offset < len) return false;
  out = bytes.subspan(offset, len);
  return true;
}

// Sum of all bytes modulo 256 (ACPI, MP tables): 0 means a valid checksum.
inline std::uint8_t byte_sum(Bytes bytes) {
  std::uint8_t sum = 0;
  for (std::uint8_t b : bytes) sum = static_cast<std::uint8_t>(sum + b);
  return sum;
}

constexpr std::uint64_t align_up(std::uint64_t v, std::uint64_t a) {
  return (v + a - 1) & ~(a - 1);
}
constexpr std::uint64_t align_down(std::uint64_t v, std::uint64_t a) { return v & ~(a - 1); }

}  // namespace support
