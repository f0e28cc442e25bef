// The fixed packet pool (packet.h). No locking: the stage thread owns it.
#include "vnet/packet.h"

namespace vnet {

PacketPool::PacketPool(std::span<Packet> storage) : capacity_(storage.size()) {
  for (Packet& p : storage) free_.push_back(p);
}

Packet* PacketPool::get() {
  if (free_.empty()) return nullptr;
  Packet& p = free_.front();
  free_.pop_front();
  p.src = nullptr;
  p.dst = nullptr;
  p.len = 0;
  return &p;
}

void PacketPool::put(Packet* p) { free_.push_front(*p); }

void release_all(PacketList& list, PacketPool& pool) {
  while (!list.empty()) {
    Packet& p = list.front();
    list.pop_front();
    pool.put(&p);
  }
}

}  // namespace vnet
