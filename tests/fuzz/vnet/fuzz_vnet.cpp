// Fuzzes domain 0's netback ring consumers through a hostile frontend: the
// input writes raw requests and producer indices into domain 3's TX and RX
// rings (bypassing its netfront), rewrites slots, storms events, destroys
// and reconnects the domain, switches the stage policy, and interleaves all
// of it with the stages' rounds and with a healthy pair (domains 1 and 2).
// Invariants, checked after every operation: no packet is lost from the
// pool, every log line is one counted ring error, the healthy pair stays
// connected; at the end, a frame from 1 to 2 still arrives.
//
// Input: a sequence of operations, each an op byte then its arguments
// (missing bytes read as 0). See make_corpus.py.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "world.h"

namespace {

using namespace vnet;
namespace abi = tactus::abi;

struct Input {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t pos = 0;
  bool done() const { return pos >= size; }
  std::uint8_t u8() { return pos < size ? data[pos++] : 0; }
  std::uint16_t u16() { return std::uint16_t(u8() | (u8() << 8)); }
  std::uint32_t u32() { return std::uint32_t(u16()) | (std::uint32_t(u16()) << 16); }
};

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_vnet: invariant broken: %s\n", what);
    std::abort();
  }
}

std::uint64_t ring_errors(const fake::World& w) {
  std::uint64_t n = 0;
  for (const auto& g : w.guests)
    for (std::uint64_t e : g->back.stats().ring_errors) n += e;
  return n;
}

void check_invariants(fake::World& w, fake::Guest& a, fake::Guest& b) {
  check(w.pool.available() + w.engine.softnet_queued() + w.engine.rx_queued() == w.pool.capacity(),
        "every packet is in the pool or a queue");
  check(w.hv.log.size() == ring_errors(w), "one log line per ring error");
  check(a.back.connected() && b.back.connected(), "the healthy pair stays connected");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fake::World w(256);
  fake::Guest& a = w.add(1, 0);
  fake::Guest& b = w.add(2, 1);
  fake::Guest& h = w.add(3, std::uint8_t(size != 0 ? data[0] % kIdcPriorityLevels : 0));
  Input in{data, size, size != 0 ? 1u : 0u};
  std::uint32_t seq = 0;
  for (int steps = 0; !in.done() && steps < 4096; ++steps) {
    abi::NetifTxSharedRing* tx = h.tx_shared();
    abi::NetifRxSharedRing* rx = h.rx_shared();
    switch (in.u8() % 16) {
      case 0: {  // publish one raw TX request
        abi::NetifTxRequest r{in.u8(), in.u16(), std::uint16_t(in.u8() & 1), in.u16(), in.u16()};
        RingIdx prod = tx->header.req_prod;
        tx->slot[prod % abi::kNetifTxRingSlots].req = r;
        tx->header.req_prod = prod + 1;
        w.engine.kick(h.back);
        break;
      }
      case 1:  // move TX req_prod anywhere
        tx->header.req_prod += in.u32() % 600 - 300;
        w.engine.kick(h.back);
        break;
      case 2: {  // rewrite a TX slot
        std::uint8_t slot = in.u8();
        tx->slot[slot].req = abi::NetifTxRequest{in.u8(), in.u16(), 0, in.u16(), in.u16()};
        break;
      }
      case 3: {  // publish one raw RX request
        abi::NetifRxRequest r{in.u16(), 0, in.u8()};
        RingIdx prod = rx->header.req_prod;
        rx->slot[prod % abi::kNetifRxRingSlots].req = r;
        rx->header.req_prod = prod + 1;
        break;
      }
      case 4:
        rx->header.req_prod += in.u32() % 600 - 300;
        break;
      case 5:
        (void)w.send(a, 2, seq++, 14 + in.u8() * 5);
        break;
      case 6:
        w.engine.tx_round();
        break;
      case 7:
        w.engine.softnet_round();
        break;
      case 8:
        w.engine.rx_round();
        break;
      case 9:
        w.engine.poll();
        break;
      case 10: {
        Settings s{(in.u8() & 1) ? Policy::rtca : Policy::rr, in.u8() + 0u, in.u16() % 700u};
        (void)w.engine.configure(s);
        break;
      }
      case 11:
        for (int i = in.u8(); i > 0; --i) w.engine.kick(h.back);
        break;
      case 12:  // the hostile domain is destroyed mid-I/O and comes back
        h.rv.front = XenbusState::unknown;
        h.back.frontend_destroyed(h.rv);
        h.front.close(h.rv);
        w.sync(h);
        (void)h.front.start(h.rv);
        h.back.probe(h.rv);
        w.sync(h);
        break;
      case 13:  // the toolstack passes state changes (closes after a ring error)
        w.sync(h);
        if (h.front.state() == XenbusState::closed) {
          (void)h.front.start(h.rv);
          w.sync(h);
        }
        break;
      case 14:
        (void)w.send(h, std::uint8_t(1 + in.u8() % 4), seq++, 14 + in.u8() * 5);
        break;
      case 15:
        (void)w.drain(in.u8() & 1 ? a : b);
        break;
    }
    check_invariants(w, a, b);
  }
  w.run();
  check_invariants(w, a, b);
  check(w.pool.available() == w.pool.capacity(), "the pool is whole when idle");
  (void)w.drain(b);
  a.front.reap_tx();
  check(w.send(a, 2, 0xfeed), "the healthy frontend can send");
  w.run();
  bool arrived = false;
  for (const auto& r : w.drain(b)) arrived = arrived || (r.from == 1 && r.seq == 0xfeed);
  check(arrived, "the healthy pair still talks");
  return 0;
}
