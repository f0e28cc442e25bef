// Connection states of a netfront/netback pair and the record they meet in,
// after Xen's xenbus: each side publishes its state (and the frontend its
// ring references and event port) into a VifRendezvous; whoever owns the
// record (xenstore in Xen, domain 0's toolstack here) tells the other side
// that it changed. Either side may come first: a state already published is
// read when the other side starts.
//
// LOCKING: the owner of the record serializes writes and change callbacks.
#pragma once

#include <cstdint>

#include "tactus/abi.h"
#include "tactus/event.h"
#include "tactus/grant.h"

namespace vnet {

enum class XenbusState : std::uint8_t {
  unknown,       // nothing there (never started, or the domain is gone)
  initialising,  // starting up
  init_wait,     // backend: waiting for the frontend's details
  initialised,   // frontend: rings and port published
  connected,
  closing,  // shutting down (also: a fatal error was found)
  closed,
};
const char* xenbus_state_name(XenbusState s);

struct FrontendInfo {
  tactus::abi::GrantRef tx_ring = 0;
  tactus::abi::GrantRef rx_ring = 0;
  tactus::abi::EventPort port = tactus::abi::kInvalidPort;  // unbound, for the backend
};

struct VifRendezvous {
  tactus::abi::DomainId frontend = tactus::abi::kDomainInvalid;
  tactus::abi::DomainId backend = 0;
  XenbusState front = XenbusState::unknown;
  XenbusState back = XenbusState::unknown;
  FrontendInfo info;
};

}  // namespace vnet
