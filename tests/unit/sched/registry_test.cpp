// The static registry: every policy × placement × server name creates a
// scheduler of that kind in caller storage; unknown names are refused.
#include "sched_test_util.h"

#include <cstring>

namespace sched::test {
namespace {

TEST(SchedRegistry, EveryCombinationCreates) {
  const char* prios[] = {"edf", "dm", "rm", "fp"};
  const char* places[] = {"global", "partitioned"};
  const char* servers[] = {"deferrable", "periodic", "polling", "sporadic", "wcps", "crps"};
  NoLockAdapter lock;
  SchedulerStorage storage;
  int made = 0;
  for (const char* p : prios)
    for (const char* pl : places)
      for (const char* sv : servers) {
        char name[64];
        std::snprintf(name, sizeof(name), "%s:%s:%s", p, pl, sv);
        auto r = create_scheduler(name, storage, lock);
        ASSERT_TRUE(r.ok()) << name << ": " << r.error().reason;
        EXPECT_STREQ((*r)->name(), name);
        EXPECT_STREQ(server_kind_name((*r)->default_server()), sv);
        destroy_scheduler(*r);
        ++made;
      }
  EXPECT_EQ(made, 48);
  EXPECT_EQ(registered_policies().size(), 8u);
}

TEST(SchedRegistry, ShortNamesAndDefaults) {
  auto a = parse_policy("gedf");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->priority, PriorityScheme::edf);
  EXPECT_EQ(a->placement, Placement::global);
  EXPECT_EQ(a->server, ServerKind::deferrable);
  auto b = parse_policy("pdm:sporadic");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->priority, PriorityScheme::dm);
  EXPECT_EQ(b->placement, Placement::partitioned);
  EXPECT_EQ(b->server, ServerKind::sporadic);
  auto c = parse_policy("rm:p");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->placement, Placement::partitioned);
}

TEST(SchedRegistry, RefusesUnknownNames) {
  const char* bad[] = {"",
                       "edf",
                       "lottery:global",
                       "edf:somewhere",
                       "edf:global:credit",
                       "edf:global:deferrable:x",
                       "gedf:global:deferrable",
                       "edf:",
                       "gedf:"};
  for (const char* n : bad) {
    auto r = parse_policy(n);
    EXPECT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, support::Errc::not_found) << n;
  }
  NoLockAdapter lock;
  SchedulerStorage storage;
  SchedulerOptions o;
  o.quantum = 5;  // below 10 us
  EXPECT_EQ(create_scheduler("gedf", storage, lock, o).error().code, support::Errc::range);
}

}  // namespace
}  // namespace sched::test
