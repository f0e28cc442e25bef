// The shared-ring protocol (Xen io/ring.h semantics) over the layout in
// tactus/ring.h: FrontRing is the frontend's private view (req_prod_pvt,
// rsp_cons), BackRing the backend's (rsp_prod_pvt, req_cons).
//
// Indices are free-running 32-bit counters; every comparison is a difference
// of two of them, so wrap-around at 2^32 is harmless. Notification hold-off:
// a side that publishes (push_*) notifies only when the new producer index has
// passed the peer's *_event since the last push; a side that is about to sleep
// sets its *_event to consumer + 1 and re-checks (final_check_*), so work
// published in between is never slept through.
//
// Each side distrusts the other. The frontend never counts more responses
// than it has requests outstanding. The backend: take_request() reads req_prod once,
// refuses a producer that is more than a ring ahead of the responses, and
// copies each request out of shared memory exactly once (word by word, with
// atomic loads, so the compiler cannot fetch a field twice). Callers validate
// the copy, never the slot.
//
// LOCKING: one thread drives each end of a ring; the two ends run
// concurrently on different CPUs/domains and meet only through the shared
// header, with acquire/release ordering and a full fence before re-checks.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "tactus/ring.h"

namespace vnet {

using tactus::abi::RingIdx;

namespace ring_detail {

inline RingIdx load(const RingIdx& field) { return __atomic_load_n(&field, __ATOMIC_ACQUIRE); }
inline void store(RingIdx& field, RingIdx v) { __atomic_store_n(&field, v, __ATOMIC_RELEASE); }
inline void full_fence() { std::atomic_thread_fence(std::memory_order_seq_cst); }

// Copies *src (shared memory) to a private T with one load per 32-bit word.
template <typename T>
T copy_once(const T* src) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % 4 == 0);
  std::uint32_t words[sizeof(T) / 4];
  const auto* w = reinterpret_cast<const std::uint32_t*>(src);
  for (std::size_t i = 0; i < sizeof(T) / 4; ++i)
    words[i] = __atomic_load_n(&w[i], __ATOMIC_RELAXED);
  T out;
  std::memcpy(&out, words, sizeof(T));
  return out;
}

// Publishes a new producer value; true when the peer asked to be notified
// (its event index lies in (old, new]).
inline bool push_and_check(RingIdx& prod, const RingIdx& event, RingIdx new_prod) {
  RingIdx old_prod = prod;  // only this side writes it
  store(prod, new_prod);
  full_fence();
  return RingIdx(new_prod - load(event)) < RingIdx(new_prod - old_prod);
}

}  // namespace ring_detail

// The frontend end. Req and Rsp are the request/response types of Ring's slot.
template <typename Ring, typename Req, typename Rsp>
class FrontRing {
 public:
  static constexpr RingIdx kSlots = Ring::kSlots;

  // Initialises a fresh shared page (the frontend owns it): all indices 0,
  // both event indices 1 (the first request/response notifies).
  void init_shared(Ring* shared) {
    std::memset(static_cast<void*>(shared), 0, sizeof(Ring));
    shared->header.req_event = 1;
    shared->header.rsp_event = 1;
    attach(shared);
  }
  void attach(Ring* shared) {
    shared_ = shared;
    req_prod_pvt_ = shared->header.req_prod;
    rsp_cons_ = shared->header.rsp_prod;
  }
  bool attached() const { return shared_ != nullptr; }

  RingIdx free_requests() const { return kSlots - (req_prod_pvt_ - rsp_cons_); }
  bool full() const { return free_requests() == 0; }
  // Writes the next request privately; push_requests() publishes it.
  void put_request(const Req& r) {
    std::memcpy(&shared_->slot[req_prod_pvt_ & (kSlots - 1)].req, &r, sizeof(Req));
    ++req_prod_pvt_;
  }
  // Returns true when the backend must be notified.
  bool push_requests() {
    return ring_detail::push_and_check(shared_->header.req_prod, shared_->header.req_event,
                                       req_prod_pvt_);
  }

  // Responses waiting, from one read of rsp_prod. The frontend distrusts
  // the backend too: never more than the requests it has outstanding, so a
  // backend racing rsp_prod ahead cannot make it read slots it did not ask
  // about (overrun_responses() says when one tried).
  RingIdx unconsumed_responses() const {
    RingIdx waiting = ring_detail::load(shared_->header.rsp_prod) - rsp_cons_;
    RingIdx outstanding = req_prod_pvt_ - rsp_cons_;
    return waiting < outstanding ? waiting : outstanding;
  }
  bool overrun_responses() const {
    return RingIdx(ring_detail::load(shared_->header.rsp_prod) - rsp_cons_) >
           RingIdx(req_prod_pvt_ - rsp_cons_);
  }
  Rsp take_response() {
    Rsp r = ring_detail::copy_once(&shared_->slot[rsp_cons_ & (kSlots - 1)].rsp);
    ++rsp_cons_;
    return r;
  }
  // Before sleeping: asks for a notification at the next response and
  // re-checks. True when responses are waiting (do not sleep).
  bool final_check_for_responses() {
    if (unconsumed_responses() != 0) return true;
    ring_detail::store(shared_->header.rsp_event, rsp_cons_ + 1);
    ring_detail::full_fence();
    return unconsumed_responses() != 0;
  }

  RingIdx req_prod_pvt() const { return req_prod_pvt_; }
  RingIdx rsp_cons() const { return rsp_cons_; }
  Ring* shared() const { return shared_; }

 private:
  Ring* shared_ = nullptr;
  RingIdx req_prod_pvt_ = 0;
  RingIdx rsp_cons_ = 0;
};

// The backend end.
template <typename Ring, typename Req, typename Rsp>
class BackRing {
 public:
  static constexpr RingIdx kSlots = Ring::kSlots;

  // What take_request() saw.
  enum class Take : std::uint8_t { request, empty, overrun };

  // Attaches to a page the frontend initialised; the backend's private
  // indices start where the shared ones are.
  void attach(Ring* shared) {
    shared_ = shared;
    rsp_prod_pvt_ = ring_detail::load(shared->header.rsp_prod);
    req_cons_ = rsp_prod_pvt_;
  }
  void detach() { shared_ = nullptr; }
  bool attached() const { return shared_ != nullptr; }

  // Requests published and not yet taken, from one read of req_prod. A
  // producer more than a ring ahead of our responses, or one that moved back
  // behind what we already took, is an overrun.
  Take peek(RingIdx* pending) const {
    RingIdx prod = ring_detail::load(shared_->header.req_prod);
    RingIdx ahead = prod - rsp_prod_pvt_;
    if (ahead > kSlots || ahead < RingIdx(req_cons_ - rsp_prod_pvt_)) return Take::overrun;
    *pending = prod - req_cons_;
    return *pending == 0 ? Take::empty : Take::request;
  }
  // Copies the next request out once into *out.
  Take take_request(Req* out) {
    RingIdx pending = 0;
    Take t = peek(&pending);
    if (t != Take::request) return t;
    *out = ring_detail::copy_once(&shared_->slot[req_cons_ & (kSlots - 1)].req);
    ++req_cons_;
    return Take::request;
  }
  // Room for a response: one per request taken and not yet answered.
  bool can_respond() const { return RingIdx(req_cons_ - rsp_prod_pvt_) != 0; }
  void put_response(const Rsp& r) {
    std::memcpy(&shared_->slot[rsp_prod_pvt_ & (kSlots - 1)].rsp, &r, sizeof(Rsp));
    ++rsp_prod_pvt_;
  }
  // Returns true when the frontend must be notified.
  bool push_responses() {
    return ring_detail::push_and_check(shared_->header.rsp_prod, shared_->header.rsp_event,
                                       rsp_prod_pvt_);
  }
  // Before sleeping: asks for a notification at the next request and
  // re-checks. True when requests (or an overrun) are waiting.
  bool final_check_for_requests() {
    RingIdx pending = 0;
    if (peek(&pending) != Take::empty) return true;
    ring_detail::store(shared_->header.req_event, req_cons_ + 1);
    ring_detail::full_fence();
    return peek(&pending) != Take::empty;
  }

  RingIdx req_cons() const { return req_cons_; }
  RingIdx rsp_prod_pvt() const { return rsp_prod_pvt_; }

 private:
  Ring* shared_ = nullptr;
  RingIdx rsp_prod_pvt_ = 0;
  RingIdx req_cons_ = 0;
};

}  // namespace vnet
