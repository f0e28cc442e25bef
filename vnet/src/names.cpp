// Names and validation of the vnet value types (stats.h, policy.h,
// xenbus.h). No locking: pure functions.
#include "support/error.h"
#include "vnet/policy.h"
#include "vnet/stats.h"
#include "vnet/xenbus.h"

namespace vnet {

const char* ring_error_name(RingError e) {
  switch (e) {
    case RingError::overrun:
      return "producer overran the ring";
    case RingError::bad_id:
      return "request id out of range";
    case RingError::bad_grant:
      return "bad grant reference";
    case RingError::crosses_page:
      return "buffer crosses its page";
  }
  return "?";
}

const char* drop_name(Drop d) {
  switch (d) {
    case Drop::tx_bad_request:
      return "tx-bad-request";
    case Drop::softnet_backlog:
      return "softnet-backlog";
    case Drop::softnet_queue_full:
      return "softnet-queue-full";
    case Drop::softnet_no_route:
      return "softnet-no-route";
    case Drop::rx_no_buffer:
      return "rx-no-buffer";
    case Drop::flushed:
      return "flushed";
    case Drop::policy_switch:
      return "policy-switch";
  }
  return "?";
}

std::uint64_t DropCounters::total() const {
  std::uint64_t t = 0;
  for (std::uint64_t c : count) t += c;
  return t;
}

const char* policy_name(Policy p) { return p == Policy::rr ? "rr" : "rtca"; }

support::Result<Policy> parse_policy(std::string_view text) {
  if (text == "rr") return Policy::rr;
  if (text == "rtca") return Policy::rtca;
  return support::make_error(support::Errc::invalid, "policy is rr or rtca");
}

support::Status validate(const Settings& s) {
  if (s.policy != Policy::rr && s.policy != Policy::rtca)
    return support::make_error(support::Errc::invalid, "unknown policy");
  if (s.batch < 1 || s.batch > kRtcaMaxBatch)
    return support::make_error(support::Errc::range, "batch out of range 1..238");
  if (s.queue_limit < 1 || s.queue_limit > kRtcaMaxQueueLimit)
    return support::make_error(support::Errc::range, "queue limit out of range 1..4096");
  return support::Status::success();
}

const char* xenbus_state_name(XenbusState s) {
  switch (s) {
    case XenbusState::unknown:
      return "unknown";
    case XenbusState::initialising:
      return "initialising";
    case XenbusState::init_wait:
      return "init-wait";
    case XenbusState::initialised:
      return "initialised";
    case XenbusState::connected:
      return "connected";
    case XenbusState::closing:
      return "closing";
    case XenbusState::closed:
      return "closed";
  }
  return "?";
}

}  // namespace vnet
