// The helper instance of the hostile guest (see helper.h): grants, ports,
// then two rounds of the handshake and an event storm each way (storm.h). The hostile instance maps
// the read-only grant in round one (the helper's revoke must then be refused with EBUSY) and unmaps
// it in round two (the revoke then succeeds). Its checks print as `hostile: PASS helper/...`, its
// totals as `hostile-helper: done pass=<n> fail=<m>`. Single vCPU, no locking.
#include "helper.h"

#include "guest/runtime.h"
#include "storm.h"

namespace hostile::helper {
namespace {

alignas(4096) std::uint64_t g_for_third[512];
alignas(4096) std::uint64_t g_for_partner[512];

}  // namespace

void run(const World& w) {
  const std::uint32_t partner = w.peer, third = w.ghost;
  g_for_third[0] = 0x7468'6972'6421'2121;
  g_for_partner[0] = kMagic;
  expect("helper/grant_to_third", call(H::grant_access, third, gfn_of(g_for_third), 0),
         kRefToThird);
  expect("helper/grant_readonly_to_partner",
         call(H::grant_access, partner, gfn_of(g_for_partner), abi::kGrantReadOnly), kRefReadOnly);
  expect("helper/port_for_third", call(H::evtchn_alloc_unbound, third), kPortForThird);
  // Last: the partner binds this port to learn that the rest is set up.
  expect("helper/port_for_partner", call(H::evtchn_alloc_unbound, partner), kPortForPartner);
  guest::print("hostile-helper: ready (partner {}, third {})\n", partner, third);

  // Round one: the partner holds a mapping of the read-only grant.
  expect_state("helper/round1_event", wait_port(kPortForPartner, kWaitNs), "no event in 2 s",
               "an event");
  expect("helper/revoke_while_mapped", call(H::grant_revoke, kRefReadOnly), Errno::busy);
  expect("helper/round1_answer", call(H::evtchn_send, kPortForPartner), 0);
  // Round two: the partner unmapped it.
  expect_state("helper/round2_event", wait_port(kPortForPartner, kWaitNs), "no event in 2 s",
               "an event");
  expect("helper/revoke_after_unmap", call(H::grant_revoke, kRefReadOnly), 0);
  expect("helper/revoke_unmapped_grant_to_third", call(H::grant_revoke, kRefToThird), 0);
  // The partner's storm follows its round-two event; then ours, back.
  std::uint32_t seen = storm::count(kPortForPartner, kWaitNs);
  guest::print("hostile-helper: storm from partner {}: {} deliveries\n", partner, seen);
  expect_state("helper/storm_from_partner_delivered", seen >= 1 && seen <= storm::kStormSends,
               name("{} deliveries", seen).view(), "1 to 10000");
  std::uint32_t sent = storm::send(kPortForPartner);
  guest::print("hostile-helper: storm to partner {}: {} sends, {} answered 0\n", partner,
               storm::kStormSends, sent);
  expect("helper/storm_to_partner_sends_answer_0", storm::kStormSends - sent, 0);
  expect("helper/close_port_for_third", call(H::evtchn_close, kPortForThird), 0);
  expect("helper/close_channel", call(H::evtchn_close, kPortForPartner), 0);
  guest::print("hostile-helper: done pass={} fail={}\n", passed(), failed());
}

}  // namespace hostile::helper
