// Test doubles: a guest's RAM as host pages (PagedGuestMemory), with holes
// and a log of every copy, and recording upcall / grant-unmap sinks. Single
// threaded.
#pragma once

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "hcall/event_router.h"
#include "hcall/grant_router.h"
#include "hcall/guest_memory.h"

namespace hcall::test {

class FakeMemory final : public PagedGuestMemory {
 public:
  // RAM: pages [0, pages) at gpa 0.
  explicit FakeMemory(std::uint64_t pages) : ram_(pages * 4096, 0), present_(pages, true) {}

  void remove_page(std::uint64_t gfn) { present_.at(gfn) = false; }
  std::uint8_t* at(std::uint64_t gpa) { return ram_.data() + gpa; }
  template <typename T>
  void put(std::uint64_t gpa, const T& v) {
    std::memcpy(at(gpa), &v, sizeof(T));
  }
  template <typename T>
  T get(std::uint64_t gpa) {
    T v;
    std::memcpy(&v, at(gpa), sizeof(T));
    return v;
  }

  Outcome copy_in(std::uint64_t gpa, std::span<std::uint8_t> out) const override {
    reads.emplace_back(gpa, out.size());
    return PagedGuestMemory::copy_in(gpa, out);
  }
  Outcome copy_out(std::uint64_t gpa, std::span<const std::uint8_t> in) override {
    writes.emplace_back(gpa, in.size());
    return PagedGuestMemory::copy_out(gpa, in);
  }

  mutable std::vector<std::pair<std::uint64_t, std::uint64_t>> reads;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> writes;

 protected:
  std::uint8_t* page(std::uint64_t gfn) const override {
    if (gfn >= present_.size() || !present_[gfn]) return nullptr;
    return const_cast<std::uint8_t*>(ram_.data()) + gfn * 4096;
  }

 private:
  std::vector<std::uint8_t> ram_;
  std::vector<bool> present_;
};

struct RecordingUpcalls final : UpcallSink {
  void upcall(abi::DomainId d) override { calls.push_back(d); }
  std::vector<abi::DomainId> calls;
};

// Records EPT removals in `calls` and installs in `installs`; fails installs
// while `fail_installs` is set.
struct RecordingUnmaps final : GrantSink {
  Outcome install(abi::DomainId mapper, const GrantMapping& m) override {
    if (fail_installs) return refuse(abi::Errno::nomem, "no page-table frame");
    installs.emplace_back(mapper, m.gfn);
    return done();
  }
  void unmapped(abi::DomainId mapper, std::uint64_t gfn) override {
    calls.emplace_back(mapper, gfn);
  }
  std::vector<std::pair<abi::DomainId, std::uint64_t>> calls;
  std::vector<std::pair<abi::DomainId, std::uint64_t>> installs;
  bool fail_installs = false;
};

}  // namespace hcall::test
