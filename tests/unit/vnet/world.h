// A host test world for vnet: domain 0 (an Engine, a packet pool and one
// Netback per guest) and guests (each a Netfront over its own pages), all
// over one FakeHv. Frames are addressed by MAC: byte 5 of the destination
// MAC is the destination domain; bytes 14.. carry (source, sequence). The
// world forwards by that byte (a stand-in for domain 0's bridge). The
// toolstack's part (telling each side the other changed) is sync().
// Shared by tests/unit/vnet and tests/fuzz/vnet. Single-threaded.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "fake_hv.h"
#include "vnet/engine.h"
#include "vnet/netback.h"
#include "vnet/netfront.h"

namespace vnet::fake {

struct Guest {
  Guest(FakeHv& hv, FakePlatform& dom0, DomainId d, std::uint8_t prio, std::size_t tx_bufs,
        std::size_t rx_bufs)
      : dom(d),
        platform(hv, d),
        ring_pages(2),
        tx_buffers(tx_bufs),
        rx_buffers(rx_bufs),
        front(platform, 0, NetfrontMemory{&ring_pages[0], &ring_pages[1], tx_buffers, rx_buffers}),
        back(dom0, d, 0, prio) {
    rv.frontend = d;
  }
  DomainId dom;
  FakePlatform platform;
  std::vector<Page> ring_pages, tx_buffers, rx_buffers;
  Netfront front;
  Netback back;
  VifRendezvous rv;

  tactus::abi::NetifTxSharedRing* tx_shared() {
    return reinterpret_cast<tactus::abi::NetifTxSharedRing*>(ring_pages[0].bytes);
  }
  tactus::abi::NetifRxSharedRing* rx_shared() {
    return reinterpret_cast<tactus::abi::NetifRxSharedRing*>(ring_pages[1].bytes);
  }
};

struct Received {
  DomainId from;
  std::uint32_t seq;
  std::uint32_t len;
};

class World final : public Forwarder {
 public:
  explicit World(std::size_t pool_packets = 2048)
      : storage_(pool_packets), pool(storage_), engine(pool, *this) {}
  ~World() {
    for (auto& g : guests) engine.remove(g->back);
  }

  FakeHv hv;
  FakePlatform dom0{hv, 0};

 private:
  std::vector<Packet> storage_;

 public:
  PacketPool pool;
  Engine engine;
  std::vector<std::unique_ptr<Guest>> guests;

  // Creates a guest; backend_first decides who comes up first. Two ring
  // pages plus the buffers must fit the ABI's kMaxGrants (64).
  Guest& add(DomainId d, std::uint8_t prio, bool backend_first = true, std::size_t tx_bufs = 24,
             std::size_t rx_bufs = 24) {
    guests.push_back(std::make_unique<Guest>(hv, dom0, d, prio, tx_bufs, rx_bufs));
    Guest& g = *guests.back();
    engine.add(g.back);
    if (backend_first) {
      g.back.probe(g.rv);
      (void)g.front.start(g.rv);
    } else {
      (void)g.front.start(g.rv);
      g.back.probe(g.rv);
    }
    sync(g);
    return g;
  }
  Guest* find(DomainId d) {
    for (auto& g : guests)
      if (g->dom == d) return g.get();
    return nullptr;
  }
  // The toolstack's watches: each side hears of the other's state.
  void sync(Guest& g) {
    for (int i = 0; i < 4; ++i) {
      if (g.rv.front != XenbusState::unknown) g.back.frontend_changed(g.rv);
      g.front.backend_changed(g.rv);
    }
  }

  // Ethernet header, then (source, sequence): the shortest frame built here.
  static constexpr std::size_t kHeaderAndTag = 22;
  static std::vector<std::uint8_t> frame(DomainId to, DomainId from, std::uint32_t seq,
                                         std::size_t len = 64) {
    std::vector<std::uint8_t> f(len < kHeaderAndTag ? kHeaderAndTag : len, 0);
    f[0] = 0x00, f[1] = 0x16, f[2] = 0x3e, f[5] = std::uint8_t(to);
    f[6] = 0x00, f[7] = 0x16, f[8] = 0x3e, f[11] = std::uint8_t(from);
    std::memcpy(&f[14], &from, 4);
    std::memcpy(&f[18], &seq, 4);
    return f;
  }
  bool send(Guest& from, DomainId to, std::uint32_t seq, std::size_t len = 64) {
    auto f = frame(to, from.dom, seq, len);
    bool ok = from.front.send(f).ok();
    engine.kick(from.back);
    return ok;
  }
  // Runs the stages until idle (bounded).
  void run(int max_polls = 10000) {
    for (int i = 0; i < max_polls && engine.poll(); ++i) {
    }
  }
  std::vector<Received> drain(Guest& g) {
    std::vector<Received> out;
    std::uint8_t buf[tactus::abi::kEthMaxFrameBytes] = {};
    while (std::uint32_t n = g.front.receive(buf)) {
      Received r{0, 0, n};
      std::memcpy(&r.from, &buf[14], 4);
      std::memcpy(&r.seq, &buf[18], 4);
      out.push_back(r);
    }
    g.front.reap_tx();
    return out;
  }

  Netback* route(const Packet& p) override {
    if (p.len < tactus::abi::kEthHeaderBytes) return nullptr;
    Guest* g = find(p.data[5]);
    return g != nullptr ? &g->back : nullptr;
  }
};

}  // namespace vnet::fake
