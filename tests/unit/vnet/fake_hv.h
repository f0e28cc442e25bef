// A host fake of the hypervisor services vnet needs (vnet/platform.h):
// per-domain grant tables, grant maps, grant copies, event channels and a
// log, with counters the tests and the fuzzer check ("everything released",
// "notified once"). FakeHv is the shared state; each domain gets a
// FakePlatform that acts as that domain. Single-threaded, like the code
// under test. Shared by tests/unit/vnet and tests/fuzz/vnet.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "vnet/platform.h"

namespace vnet::fake {

using support::Errc;
using support::make_error;

struct FakeHv {
  struct Grant {
    bool live = false;
    DomainId grantee = 0;
    Page* page = nullptr;
    bool readonly = false;
    int maps = 0;
  };
  struct Port {
    bool open = false;
    DomainId remote = 0;
    EventPort remote_port = 0;  // 0 while unbound
  };
  std::map<DomainId, std::array<Grant, tactus::abi::kMaxGrants>> grants;
  std::map<DomainId, std::array<Port, tactus::abi::kMaxPorts>> ports;
  std::map<void*, std::pair<DomainId, GrantRef>> mappings;
  std::map<std::pair<DomainId, EventPort>, int> pending;  // notifications received
  std::map<DomainId, bool> dead;
  std::vector<std::string> log;
  // Called at the start of every grant copy from a granted page (tests use
  // it to act "during" the backend's work: rewrite a slot, kick a vif).
  std::function<void()> on_copy;

  int live_grants(DomainId d) {
    int n = 0;
    for (auto& g : grants[d]) n += g.live;
    return n;
  }
  int open_ports(DomainId d) {
    int n = 0;
    for (auto& p : ports[d]) n += p.open;
    return n;
  }
  int live_maps() const { return static_cast<int>(mappings.size()); }
  int notified(DomainId d, EventPort p) { return pending[{d, p}]; }
  // The domain is destroyed: its ports close; copies from its pages fail.
  // Pages still mapped by others stay until they are unmapped (as with
  // the real hypervisor's grant release on reap).
  void destroy(DomainId d) {
    dead[d] = true;
    for (auto& p : ports[d]) p = Port{};
  }

  Grant* lookup(DomainId granter, GrantRef ref, DomainId grantee) {
    if (ref >= tactus::abi::kMaxGrants || dead[granter]) return nullptr;
    Grant& g = grants[granter][ref];
    return g.live && g.grantee == grantee ? &g : nullptr;
  }
};

class FakePlatform final : public Platform {
 public:
  FakePlatform(FakeHv& hv, DomainId self) : hv_(hv), self_(self) {}

  support::Result<GrantRef> grant_access(DomainId grantee, Page& page, bool readonly) override {
    auto& table = hv_.grants[self_];
    for (GrantRef r = 0; r < table.size(); ++r) {
      if (!table[r].live) {
        table[r] = FakeHv::Grant{true, grantee, &page, readonly, 0};
        return r;
      }
    }
    return make_error(Errc::no_space, "no free grant");
  }
  support::Status grant_revoke(GrantRef ref) override {
    auto& g = hv_.grants[self_][ref];
    if (!g.live) return make_error(Errc::not_found, "not granted");
    if (g.maps != 0) return make_error(Errc::busy, "grant mapped");
    g.live = false;
    return support::Status::success();
  }
  support::Result<void*> map_grant(DomainId granter, GrantRef ref) override {
    FakeHv::Grant* g = hv_.lookup(granter, ref, self_);
    if (g == nullptr) return make_error(Errc::not_found, "no such grant");
    ++g->maps;
    // A distinct address per mapping, like the grant-map window.
    void* addr = g->page->bytes;
    hv_.mappings[addr] = {granter, ref};
    return addr;
  }
  support::Status unmap_grant(void* mapped) override {
    auto it = hv_.mappings.find(mapped);
    if (it == hv_.mappings.end()) return make_error(Errc::not_found, "not mapped");
    --hv_.grants[it->second.first][it->second.second].maps;
    hv_.mappings.erase(it);
    return support::Status::success();
  }
  support::Status copy_from_grant(DomainId granter, GrantRef ref, std::uint32_t offset,
                                  std::span<std::uint8_t> dst) override {
    if (hv_.on_copy) hv_.on_copy();
    FakeHv::Grant* g = hv_.lookup(granter, ref, self_);
    if (g == nullptr || offset + dst.size() > tactus::abi::kPageSize)
      return make_error(Errc::fault, "bad grant copy");
    std::memcpy(dst.data(), g->page->bytes + offset, dst.size());
    ++copies;
    return support::Status::success();
  }
  support::Status copy_to_grant(DomainId granter, GrantRef ref, std::uint32_t offset,
                                std::span<const std::uint8_t> src) override {
    FakeHv::Grant* g = hv_.lookup(granter, ref, self_);
    if (g == nullptr || g->readonly || offset + src.size() > tactus::abi::kPageSize)
      return make_error(Errc::fault, "bad grant copy");
    std::memcpy(g->page->bytes + offset, src.data(), src.size());
    ++copies;
    return support::Status::success();
  }
  support::Result<EventPort> alloc_unbound(DomainId remote) override {
    return new_port(FakeHv::Port{true, remote, 0});
  }
  support::Result<EventPort> bind_interdomain(DomainId remote, EventPort remote_port) override {
    if (remote_port == 0 || remote_port >= tactus::abi::kMaxPorts)
      return make_error(Errc::invalid, "bad port");
    FakeHv::Port& rp = hv_.ports[remote][remote_port];
    if (!rp.open || rp.remote != self_ || rp.remote_port != 0)
      return make_error(Errc::invalid, "port not unbound for us");
    auto local = new_port(FakeHv::Port{true, remote, remote_port});
    if (local) rp.remote_port = local.value();
    return local;
  }
  support::Status close_port(EventPort port) override {
    FakeHv::Port& p = hv_.ports[self_][port];
    if (!p.open) return make_error(Errc::invalid, "port closed");
    if (p.remote_port != 0) {
      FakeHv::Port& peer = hv_.ports[p.remote][p.remote_port];
      if (peer.open && peer.remote == self_) peer.remote_port = 0;
    }
    p = FakeHv::Port{};
    return support::Status::success();
  }
  void notify(EventPort port) override {
    ++notifies;
    FakeHv::Port& p = hv_.ports[self_][port];
    if (p.open && p.remote_port != 0) ++hv_.pending[{p.remote, p.remote_port}];
  }
  void log(std::string_view line) override { hv_.log.emplace_back(line); }

  int notifies = 0;
  int copies = 0;

 private:
  support::Result<EventPort> new_port(FakeHv::Port p) {
    auto& table = hv_.ports[self_];
    for (EventPort i = 1; i < table.size(); ++i) {
      if (!table[i].open) {
        table[i] = p;
        return i;
      }
    }
    return make_error(Errc::no_space, "no free port");
  }

  FakeHv& hv_;
  DomainId self_;
};

}  // namespace vnet::fake
