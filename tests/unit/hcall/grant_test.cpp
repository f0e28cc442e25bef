// GrantRouter: grant, revoke (EBUSY while mapped), map checks, unmap,
// teardown in all three directions, and every misuse.
#include <gtest/gtest.h>

#include "fake_memory.h"
#include "hcall/decode.h"
#include "hcall/grant_router.h"

namespace hcall {
namespace {

using E = abi::Errno;
constexpr std::uint64_t kW = abi::kGrantMapWindowGfn;

struct GrantTest : ::testing::Test {
  test::RecordingUnmaps unmaps;
  GrantRouter router{unmaps};
  GrantTable ga, gb, gc;
  MapTable ma, mb, mc;
  static constexpr abi::DomainId kA = 1, kB = 2, kC = 3;

  void SetUp() override {
    ASSERT_TRUE(router.attach(kA, ga, ma).ok());
    ASSERT_TRUE(router.attach(kB, gb, mb).ok());
    ASSERT_TRUE(router.attach(kC, gc, mc).ok());
  }
};

TEST_F(GrantTest, AttachRefusals) {
  GrantTable g;
  MapTable m;
  EXPECT_EQ(router.attach(kA, g, m).error(), E::exist);
  EXPECT_EQ(router.attach(64, g, m).error(), E::srch);
}

TEST_F(GrantTest, GrantHandsOutLowestFreeRefs) {
  EXPECT_EQ(router.grant(kA, kB, 10, false).value, 0u);
  EXPECT_EQ(router.grant(kA, kC, 11, true).value, 1u);
  const GrantEntry& e = router.grants(kA)->entries[1];
  EXPECT_TRUE(e.in_use);
  EXPECT_TRUE(e.readonly);
  EXPECT_EQ(e.grantee, kC);
  EXPECT_EQ(e.gfn, 11u);
  ASSERT_TRUE(router.revoke(kA, 0).ok());
  EXPECT_EQ(router.grant(kA, kB, 12, false).value, 0u);
}

TEST_F(GrantTest, GrantRefusals) {
  EXPECT_EQ(router.grant(9, kB, 1, false).error(), E::srch);
  EXPECT_EQ(router.grant(kA, 9, 1, false).error(), E::srch);
  EXPECT_EQ(router.grant(kA, kA, 1, false).error(), E::inval);
  for (std::uint32_t i = 0; i < abi::kMaxGrants; ++i)
    ASSERT_TRUE(router.grant(kA, kB, i, false).ok());
  EXPECT_EQ(router.grant(kA, kB, 99, false).error(), E::nospc);
}

TEST_F(GrantTest, MapReturnsWindowGfnAndTheGrantedPage) {
  auto ref = router.grant(kA, kB, 42, false);
  auto m = router.map(kB, kA, ref.value, false);
  ASSERT_TRUE(m.ok()) << m.reason();
  EXPECT_EQ(m.value.gfn, kW);
  EXPECT_EQ(m.value.granter, kA);
  EXPECT_EQ(m.value.granter_gfn, 42u);
  EXPECT_FALSE(m.value.readonly);
  EXPECT_EQ(router.grants(kA)->entries[ref.value].map_count, 1u);
  auto again = router.map(kB, kA, ref.value, true);  // a second, read-only mapping
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value.gfn, kW + 1);
  EXPECT_EQ(router.grants(kA)->entries[ref.value].map_count, 2u);
  auto look = router.lookup(kB, kW + 1);
  ASSERT_TRUE(look.ok());
  EXPECT_EQ(look.value.granter_gfn, 42u);
  EXPECT_TRUE(look.value.readonly);
}

TEST_F(GrantTest, MapRefusals) {
  auto rw = router.grant(kA, kB, 5, false);
  auto ro = router.grant(kA, kB, 6, true);
  EXPECT_EQ(router.map(kC, kA, rw.value, false).error(), E::perm);  // not the grantee
  EXPECT_EQ(router.map(kB, kA, ro.value, false).error(), E::perm);  // writable of read-only
  EXPECT_TRUE(router.map(kB, kA, ro.value, true).ok());
  EXPECT_EQ(router.map(kB, kA, 7, false).error(), E::noent);  // unused ref
  EXPECT_EQ(router.map(kB, kA, abi::kMaxGrants, false).error(), E::inval);
  EXPECT_EQ(router.map(kB, 9, 0, false).error(), E::srch);
  EXPECT_EQ(router.map(9, kA, 0, false).error(), E::srch);
  EXPECT_EQ(router.grants(kA)->entries[rw.value].map_count, 0u);
  for (std::uint32_t s = 1; s < abi::kGrantMapSlots; ++s)
    ASSERT_TRUE(router.map(kB, kA, rw.value, false).ok());
  EXPECT_EQ(router.map(kB, kA, rw.value, false).error(), E::nospc);  // window full
  EXPECT_EQ(router.grants(kA)->entries[rw.value].map_count, abi::kGrantMapSlots - 1);
}

TEST_F(GrantTest, RevokeIsBusyWhileMapped) {
  auto ref = router.grant(kA, kB, 5, false);
  auto m = router.map(kB, kA, ref.value, false);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(router.revoke(kA, ref.value).error(), E::busy);
  EXPECT_TRUE(router.grants(kA)->entries[ref.value].in_use);
  ASSERT_TRUE(router.unmap(kB, m.value.gfn).ok());
  EXPECT_EQ(router.grants(kA)->entries[ref.value].map_count, 0u);
  ASSERT_TRUE(router.revoke(kA, ref.value).ok());
  EXPECT_EQ(router.map(kB, kA, ref.value, false).error(), E::noent);
}

TEST_F(GrantTest, RevokeAndUnmapRefusals) {
  EXPECT_EQ(router.revoke(kA, 0).error(), E::noent);
  EXPECT_EQ(router.revoke(kA, abi::kMaxGrants).error(), E::inval);
  EXPECT_EQ(router.revoke(9, 0).error(), E::srch);
  EXPECT_EQ(router.unmap(kB, kW).error(), E::noent);
  EXPECT_EQ(router.unmap(kB, kW + abi::kGrantMapSlots).error(), E::inval);
  EXPECT_EQ(router.unmap(kB, 5).error(), E::inval);
  EXPECT_EQ(router.unmap(9, kW).error(), E::srch);
  EXPECT_EQ(router.lookup(kB, kW).error(), E::noent);
  EXPECT_EQ(router.lookup(kB, 0).error(), E::inval);
  // The grantee cannot revoke the granter's ref, and vice versa for unmap.
  auto ref = router.grant(kA, kB, 5, false);
  auto m = router.map(kB, kA, ref.value, false);
  EXPECT_EQ(router.revoke(kB, ref.value).error(), E::noent);
  EXPECT_EQ(router.unmap(kA, m.value.gfn).error(), E::noent);
  ASSERT_TRUE(router.unmap(kB, m.value.gfn).ok());
  EXPECT_EQ(router.unmap(kB, m.value.gfn).error(), E::noent);  // twice
}

TEST_F(GrantTest, TeardownOfTheMapperReturnsMapCounts) {
  auto ref = router.grant(kA, kB, 5, false);
  ASSERT_TRUE(router.map(kB, kA, ref.value, false).ok());
  ASSERT_TRUE(router.map(kB, kA, ref.value, false).ok());
  router.teardown(kB);
  EXPECT_EQ(router.grants(kA)->entries[ref.value].map_count, 0u);
  // The grant to the dead domain is forgotten: revoking finds nothing.
  EXPECT_FALSE(router.grants(kA)->entries[ref.value].in_use);
  EXPECT_EQ(router.revoke(kA, ref.value).error(), E::noent);
  using Call = std::pair<abi::DomainId, std::uint64_t>;
  EXPECT_EQ(unmaps.calls, (std::vector<Call>{{kB, kW}, {kB, kW + 1}}));
  EXPECT_EQ(router.maps(kB), nullptr);
}

TEST_F(GrantTest, TeardownOfTheGranterForcesMappersOut) {
  auto to_b = router.grant(kA, kB, 5, false);
  auto to_c = router.grant(kA, kC, 6, true);
  auto mine = router.grant(kC, kB, 7, false);
  ASSERT_TRUE(router.map(kB, kA, to_b.value, false).ok());  // B slot 0
  ASSERT_TRUE(router.map(kB, kC, mine.value, false).ok());  // B slot 1 (C's page)
  ASSERT_TRUE(router.map(kC, kA, to_c.value, true).ok());   // C slot 0
  router.teardown(kA);
  using Call = std::pair<abi::DomainId, std::uint64_t>;
  EXPECT_EQ(unmaps.calls, (std::vector<Call>{{kB, kW}, {kC, kW}}));
  EXPECT_FALSE(router.maps(kB)->slots[0].in_use);
  EXPECT_TRUE(router.maps(kB)->slots[1].in_use);  // C's grant untouched
  EXPECT_FALSE(router.maps(kC)->slots[0].in_use);
  EXPECT_EQ(router.grants(kC)->entries[mine.value].map_count, 1u);
  EXPECT_EQ(router.grant(kB, kA, 1, false).error(), E::srch);
  router.teardown(kA);  // twice: nothing happens
  EXPECT_EQ(unmaps.calls.size(), 2u);
}

TEST_F(GrantTest, ReusedDomainIdSeesNoOldGrants) {
  auto ref = router.grant(kA, kB, 5, false);
  router.teardown(kB);
  GrantTable g;
  MapTable m;
  ASSERT_TRUE(router.attach(kB, g, m).ok());
  EXPECT_EQ(router.map(kB, kA, ref.value, false).error(), E::noent);
}

struct GrantExecuteTest : GrantTest {
  test::FakeMemory memory{8};
  Scratch scratch{};
  Reply<std::uint64_t> run(abi::DomainId who, abi::Hypercall h, std::uint64_t a0,
                           std::uint64_t a1 = 0, std::uint64_t a2 = 0) {
    Registers r;
    r.number = static_cast<std::uint64_t>(h);
    r.arg[0] = a0, r.arg[1] = a1, r.arg[2] = a2;
    auto q = decode(r, Caller{who, false, 1}, memory, scratch);
    EXPECT_TRUE(q.ok()) << q.reason();
    return router.execute(q.value);
  }
};

TEST_F(GrantExecuteTest, AccessRevokeMapUnmap) {
  using H = abi::Hypercall;
  using Call = std::pair<abi::DomainId, std::uint64_t>;
  auto g = run(kA, H::grant_access, kB, 7, abi::kGrantReadOnly);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value, 0u);
  EXPECT_TRUE(router.grants(kA)->entries[0].readonly);
  auto m = run(kB, H::grant_map, kA, 0, abi::kGrantMapReadOnly);
  ASSERT_TRUE(m.ok()) << m.reason();
  EXPECT_EQ(m.value, kW);
  EXPECT_EQ(unmaps.installs, (std::vector<Call>{{kB, kW}}));
  EXPECT_EQ(run(kA, H::grant_revoke, 0).error(), E::busy);
  EXPECT_EQ(run(kB, H::grant_unmap, kW).value, 0u);
  EXPECT_EQ(unmaps.calls, (std::vector<Call>{{kB, kW}}));  // EPT entry removed
  EXPECT_EQ(run(kB, H::grant_unmap, kW).error(), E::noent);
  EXPECT_EQ(unmaps.calls.size(), 1u);  // nothing removed for a refused unmap
  EXPECT_EQ(run(kA, H::grant_revoke, 0).value, 0u);
  EXPECT_EQ(run(kA, H::grant_revoke, 0).error(), E::noent);
  EXPECT_EQ(run(kB, H::sched_yield, 0).error(), E::nosys);
}

TEST_F(GrantExecuteTest, FailedInstallIsRolledBack) {
  using H = abi::Hypercall;
  ASSERT_TRUE(run(kA, H::grant_access, kB, 7, 0).ok());
  unmaps.fail_installs = true;
  EXPECT_EQ(run(kB, H::grant_map, kA, 0, 0).error(), E::nomem);
  EXPECT_EQ(router.grants(kA)->entries[0].map_count, 0u);
  EXPECT_FALSE(router.maps(kB)->slots[0].in_use);
  EXPECT_TRUE(unmaps.calls.empty());
  EXPECT_EQ(run(kA, H::grant_revoke, 0).value, 0u);  // not held by a half-made mapping
  EXPECT_EQ(run(kB, H::grant_map, kA, 0, 0).error(), E::noent);
}

}  // namespace
}  // namespace hcall
