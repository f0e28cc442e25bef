// EventTable: port bookkeeping and the shared-info pending/mask bits (two-
// level scheme as in Xen: port bit, then vCPU 0's pending_sel word bit, then
// upcall_pending). The caller holds the EventRouter lock; the guest may
// change the shared bits at any time, so they are only touched atomically.
#include "hcall/event_table.h"

#include <atomic>

namespace hcall {
namespace {

using Word = std::atomic_ref<std::uint64_t>;

bool test(std::uint64_t& word, std::uint64_t bit) {
  return (Word(word).load(std::memory_order_acquire) & bit) != 0;
}
// Returns the previous value of the bit.
bool test_and_set(std::uint64_t& word, std::uint64_t bit) {
  return (Word(word).fetch_or(bit, std::memory_order_acq_rel) & bit) != 0;
}
void clear(std::uint64_t& word, std::uint64_t bit) {
  Word(word).fetch_and(~bit, std::memory_order_acq_rel);
}

}  // namespace

EventTable::EventTable(abi::SharedInfo& shared) : shared_(shared) {}

Reply<abi::EventPort> EventTable::allocate() {
  for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p) {
    if (ports_[p].state != PortState::free) continue;
    clear(shared_.evtchn_pending[abi::event_word(p)], abi::event_bit(p));
    clear(shared_.evtchn_mask[abi::event_word(p)], abi::event_bit(p));
    return p;
  }
  return refuse(abi::Errno::nospc, "all event ports of the domain are in use");
}

void EventTable::release(abi::EventPort p) {
  if (ports_[p].state == PortState::virq && virq_port(ports_[p].virq) == p)
    set_virq_port(ports_[p].virq, abi::kInvalidPort);
  ports_[p] = Port{};
  clear(shared_.evtchn_pending[abi::event_word(p)], abi::event_bit(p));
}

bool EventTable::notify_needed(abi::EventPort p) {
  if (masked(p)) return false;
  std::uint32_t w = abi::event_word(p);
  // vCPU 0 receives every upcall in this version.
  if (test_and_set(shared_.vcpu[0].pending_sel, std::uint64_t{1} << w)) return false;
  std::atomic_ref<std::uint8_t> upcall(shared_.vcpu[0].upcall_pending);
  return upcall.exchange(1, std::memory_order_acq_rel) == 0;
}

bool EventTable::set_pending(abi::EventPort p) {
  if (test_and_set(shared_.evtchn_pending[abi::event_word(p)], abi::event_bit(p))) return false;
  return notify_needed(p);
}

void EventTable::mask(abi::EventPort p) {
  Word(shared_.evtchn_mask[abi::event_word(p)])
      .fetch_or(abi::event_bit(p), std::memory_order_acq_rel);
}

bool EventTable::unmask(abi::EventPort p) {
  clear(shared_.evtchn_mask[abi::event_word(p)], abi::event_bit(p));
  if (!pending(p)) return false;
  return notify_needed(p);
}

bool EventTable::pending(abi::EventPort p) const {
  return test(shared_.evtchn_pending[abi::event_word(p)], abi::event_bit(p));
}

bool EventTable::masked(abi::EventPort p) const {
  return test(shared_.evtchn_mask[abi::event_word(p)], abi::event_bit(p));
}

bool EventTable::has_unmasked_pending() const {
  for (std::uint32_t w = 0; w < abi::kEventWords; ++w) {
    std::uint64_t pend = Word(shared_.evtchn_pending[w]).load(std::memory_order_acquire);
    std::uint64_t mask = Word(shared_.evtchn_mask[w]).load(std::memory_order_acquire);
    if ((pend & ~mask) != 0) return true;
  }
  return false;
}

}  // namespace hcall
