// Issue 6's matrix of bad commands: each prints exactly one `error:` line
// and leaves domains and pools as they were (list, cpupool-list and
// sched-rt output identical, no state-changing call made).
#include <gtest/gtest.h>

#include "harness.h"

namespace toolstack::test {
namespace {

struct Bad {
  const char* line;
  const char* error;
};

const Bad kMatrix[] = {
    {"lst", "error: unknown command 'lst'"},
    {"destroy", "error: destroy: missing <domain>"},
    {"destroy rt1 2", "error: destroy: extra argument '2'"},
    {"destroy nosuch", "error: unknown domain 'nosuch'"},
    {"destroy 42", "error: unknown domain '42'"},
    {"pause ghost", "error: unknown domain 'ghost'"},
    {"cpupool-migrate rt1 nopool", "error: unknown pool 'nopool'"},
    {"cpupool-destroy nopool", "error: unknown pool 'nopool'"},
    {"sched-rt -d rt1 -b 12ms",
     "error: budget above period for vcpu 0 of 'rt1' (budget 12ms > period 10ms)"},
    {"sched-rt -d rt1 -b 12ms -p 10ms", "error: sched-rt: budget above period"},
    {"sched-rt -d rt1 -v 3 -b 1ms", "error: no such vcpu in the domain '3'"},
    {"vcpu-pin rt1 0 0", "error: cpu 0 is not in pool 'rt' of domain 'rt1'"},
    {"vcpu-pin rt1 5 1", "error: no such vcpu in the domain '5'"},
    {"cpupool-cpu-remove rt 1",
     "error: cannot remove the last cpu of pool 'rt' (1 domain(s) run there)"},
    {"cpupool-cpu-remove Pool-0 0",
     "error: cpus leave Pool-0 only by joining another pool (cpupool-cpu-add <pool> <cpus>)"},
    {"cpupool-cpu-remove rt 0", "error: cpu 0 is not in pool 'rt'"},
    {"cpupool-cpu-add rt 0",
     "error: cannot take the last cpu of pool 'Pool-0' (1 domain(s) run there)"},
    {"cpupool-cpu-add rt 1", "error: cpu 1 is already in pool 'rt'"},
    {"cpupool-cpu-add rt 7", "error: cpu 7 does not exist (this host has 2 cpus)"},
    {"cpupool-destroy Pool-0", "error: cannot destroy Pool-0"},
    {"cpupool-destroy rt", "error: pool 'rt' still has 1 domain(s): migrate or destroy them first"},
    {"destroy 0", "error: cannot end the management domain 'Domain-0'"},
    {"destroy Domain-0", "error: cannot end the management domain 'Domain-0'"},
    {"shutdown 0", "error: cannot end the management domain 'Domain-0'"},
    {"pause 0", "error: cannot pause the management domain 'Domain-0'"},
    {"cpupool-migrate 0 rt", "error: the management domain stays in Pool-0 'Domain-0'"},
    {"cpupool-migrate rt1 rt", "error: domain 'rt1' is already in pool 'rt'"},
    {"cpupool-create name=rt", "error: a pool of that name exists 'rt'"},
    {"cpupool-create name=x cpus=0",
     "error: cannot take the last cpu of pool 'Pool-0' (1 domain(s) run there)"},
    {"cpupool-create name=x cpus=1", "error: cpu 1 is in use by pool 'rt'"},
    {"cpupool-rename rt Pool-0", "error: a pool of that name exists 'Pool-0'"},
    {"cpupool-rename Pool-0 main", "error: cannot rename Pool-0"},
    {"create name=rt1 kernel=busy", "error: a domain of that name exists 'rt1'"},
    {"create name=z kernel=busy pool=nopool", "error: unknown pool 'nopool'"},
    {"create missing.cfg", "error: no such boot module 'missing.cfg'"},
    {"unpause rt1", "error: domain is not paused 'rt1'"},
    {"cpupool-numa-split", "error: cpupool-numa-split needs Pool-0 to be the only pool"},
    {"cpupool-list nopool", "error: unknown pool 'nopool'"},
    {"sched-rt -c nopool", "error: unknown pool 'nopool'"},
    {"admit name=z kernel=busy pool=nopool", "error: unknown pool 'nopool'"},
};

TEST(ToolstackErrors, EveryBadCommandPrintsOneErrorAndChangesNothing) {
  Rig r;
  ASSERT_EQ(r.run("create name=rt1 kernel=rt-tasks rt=1 budget=4ms period=10ms"),
            "created domain 1 (rt1)\n");
  ASSERT_EQ(r.run("cpupool-create name=rt sched=pedf cpus=1"), "");
  ASSERT_EQ(r.run("cpupool-migrate rt1 rt"), "");
  const std::string before = r.state();
  const int changes = r.hv.calls_that_change;
  for (const Bad& b : kMatrix) {
    EXPECT_EQ(r.run(b.line), std::string(b.error) + "\n") << b.line;
    EXPECT_EQ(r.hv.calls_that_change, changes) << b.line;
    EXPECT_EQ(r.state(), before) << b.line;
  }
}

}  // namespace
}  // namespace toolstack::test
