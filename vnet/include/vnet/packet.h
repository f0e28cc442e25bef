// Packets in domain 0 and the fixed pool they come from. A Packet holds one
// frame copied out of a frontend's TX buffer, its source and (after the
// softnet stage routed it) destination interface, and the source's IDC
// priority. The pool never allocates: the client hands it the storage.
//
// LOCKING: none; the pool and every list of packets belong to the thread
// that runs the netback stages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "support/intrusive.h"
#include "tactus/netif.h"

namespace vnet {

class Netback;

struct Packet : support::bi::list_base_hook<> {
  Netback* src = nullptr;
  Netback* dst = nullptr;
  std::uint8_t priority = 0;
  std::uint16_t len = 0;
  std::uint8_t data[tactus::abi::kEthMaxFrameBytes];
};

using PacketList = support::bi::list<Packet, support::bi::constant_time_size<true>>;

class PacketPool {
 public:
  explicit PacketPool(std::span<Packet> storage);
  PacketPool(const PacketPool&) = delete;
  PacketPool& operator=(const PacketPool&) = delete;
  ~PacketPool() { free_.clear(); }

  Packet* get();        // nullptr when empty
  void put(Packet* p);  // back to the pool
  std::size_t available() const { return free_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  PacketList free_;
  std::size_t capacity_;
};

// Returns every packet of `list` to `pool`.
void release_all(PacketList& list, PacketPool& pool);

}  // namespace vnet
