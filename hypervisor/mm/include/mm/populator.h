// Populating a domain's guest-physical memory [0, bytes) in bounded steps,
// so that a builder can spread the work over many short turns
// (domctl_create continues over VM exits, hv/hypercall.h): frame runs of
// 2 MiB where the guest address allows it and the owner has one (4 KiB
// otherwise), each recorded as the domain's when taken (so a teardown
// returns it), zeroed over as many steps as it takes, and mapped once all
// of it is zero. Knows nothing about EPT or the allocator: the owner
// supplies them as a PopulateTarget. No locking: one builder owns it.
#pragma once

#include <cstdint>

#include "support/error.h"

namespace mm {

constexpr std::uint64_t kPopulatePage2M = 2ull << 20;
constexpr std::uint64_t kPopulatePage4K = 4096;

class PopulateTarget {
 public:
  // Host frames for `size` bytes (kPopulatePage2M aligned to it, or one
  // kPopulatePage4K frame); an error when there are none.
  virtual support::Result<std::uint64_t> alloc(std::uint64_t size) = 0;
  // [hpa, hpa + size) now belongs to the domain at `gpa` (its teardown
  // frees it). On error the frames were not kept: the target freed them.
  virtual support::Status record(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) = 0;
  virtual void zero(std::uint64_t hpa, std::uint64_t bytes) = 0;
  virtual support::Status map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) = 0;

 protected:
  ~PopulateTarget() = default;
};

class Populator {
 public:
  explicit Populator(std::uint64_t bytes = 0) : bytes_(bytes) {}
  // Zeroes at most `max_bytes` more (and maps what became complete); true
  // once [0, bytes) is all mapped. An error leaves what was recorded for
  // the owner's teardown.
  support::Result<bool> step(PopulateTarget& t, std::uint64_t max_bytes);
  std::uint64_t populated() const { return populated_; }

 private:
  support::Status next_chunk(PopulateTarget& t);

  std::uint64_t bytes_;
  std::uint64_t populated_ = 0;  // [0, populated_) zeroed and mapped
  // The run being zeroed (recorded, not yet mapped); bytes 0: none.
  struct Chunk {
    std::uint64_t host_physical = 0, bytes = 0, zeroed = 0;
  } chunk_;
};

}  // namespace mm
