// Good forms of every command and the typed arguments they yield.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "shell/parse.h"

namespace shell {
namespace {

Command parse_ok(std::string_view line) {
  static ParseResult r;
  parse_command(line, r);
  EXPECT_TRUE(r.ok) << line << " -> " << std::string(r.error.view());
  return r.command;
}

TEST(Parse, BlankLine) {
  EXPECT_EQ(parse_ok("").kind, CommandKind::none);
  EXPECT_EQ(parse_ok("   ").kind, CommandKind::none);
}

TEST(Parse, Help) {
  const Command& c = parse_ok("help");
  EXPECT_EQ(c.kind, CommandKind::help);
  EXPECT_FALSE(c.has_topic);
  const Command& d = parse_ok("help sched-rt");
  EXPECT_TRUE(d.has_topic);
  EXPECT_EQ(d.topic, CommandKind::sched_rt);
}

TEST(Parse, ListInfoDmesg) {
  const Command& a = parse_ok("list");
  EXPECT_EQ(a.kind, CommandKind::list);
  EXPECT_FALSE(a.has_domain);
  const Command& b = parse_ok("list rt1");
  EXPECT_TRUE(b.has_domain);
  EXPECT_FALSE(b.domain.by_id);
  EXPECT_EQ(b.domain.name.view(), "rt1");
  EXPECT_EQ(parse_ok("info").kind, CommandKind::info);
  const Command& d = parse_ok("dmesg");
  EXPECT_EQ(d.kind, CommandKind::dmesg);
  EXPECT_FALSE(d.flag);
  EXPECT_TRUE(parse_ok("dmesg -c").flag);
}

TEST(Parse, DomainById) {
  const Command& c = parse_ok("destroy 12");
  EXPECT_EQ(c.kind, CommandKind::destroy);
  EXPECT_TRUE(c.domain.by_id);
  EXPECT_EQ(c.domain.id, 12u);
  EXPECT_EQ(parse_ok("destroy 0").domain.id, 0u);
  EXPECT_EQ(parse_ok("destroy 32767").domain.id, 32767u);
  const Command& n = parse_ok("destroy 1x");
  EXPECT_FALSE(n.domain.by_id) << "not all digits: a name";
  EXPECT_EQ(n.domain.name.view(), "1x");
}

TEST(Parse, DomainLifecycle) {
  EXPECT_EQ(parse_ok("pause rt1").kind, CommandKind::pause);
  EXPECT_EQ(parse_ok("unpause 3").kind, CommandKind::unpause);
  const Command& s = parse_ok("shutdown busy");
  EXPECT_EQ(s.kind, CommandKind::shutdown);
  EXPECT_FALSE(s.flag);
  EXPECT_EQ(s.domain.name.view(), "busy");
  const Command& w = parse_ok("shutdown -w busy");
  EXPECT_TRUE(w.flag);
  EXPECT_TRUE(parse_ok("shutdown busy -w").flag) << "options may follow positionals";
}

TEST(Parse, CreateFromModule) {
  const Command& c = parse_ok("create domains.cfg");
  EXPECT_EQ(c.kind, CommandKind::create);
  EXPECT_FALSE(c.inline_config);
  EXPECT_EQ(c.module.view(), "domains.cfg");
  EXPECT_FALSE(c.flag);
  EXPECT_TRUE(parse_ok("create -p domains.cfg").flag);
}

TEST(Parse, CreateInline) {
  const Command& c = parse_ok("create name=x kernel=busy memory=8");
  EXPECT_TRUE(c.inline_config);
  EXPECT_EQ(c.config.name.view(), "x");
  EXPECT_EQ(c.config.kernel.view(), "busy");
  EXPECT_EQ(c.config.memory_mib, 8u);
  const Command& d = parse_ok(
      "create -p name=rt kernel=rt-tasks 'cmdline=tasks=1 v' budget=2ms rt=1 vcpus=2 "
      "\"vcpu_sched=['vcpu=1,priority=3']\"");
  EXPECT_TRUE(d.flag);
  EXPECT_EQ(d.config.cmdline.view(), "tasks=1 v");
  EXPECT_EQ(d.config.vcpu[0].budget_ns, 2'000'000u);
  EXPECT_TRUE(d.config.vcpu[1].rt);
  EXPECT_EQ(d.config.vcpu[1].priority, 3u);
}

TEST(Parse, Admit) {
  const Command& a = parse_ok("admit rt.cfg");
  EXPECT_EQ(a.kind, CommandKind::admit);
  EXPECT_EQ(a.module.view(), "rt.cfg");
  const Command& b = parse_ok("admit name=r kernel=k budget=4ms period=10ms rt=1");
  EXPECT_TRUE(b.inline_config);
  EXPECT_TRUE(b.config.vcpu[0].rt);
}

TEST(Parse, VcpuListAndPin) {
  EXPECT_FALSE(parse_ok("vcpu-list").has_domain);
  EXPECT_EQ(parse_ok("vcpu-list 2").domain.id, 2u);
  const Command& p = parse_ok("vcpu-pin rt1 1 0-1,3");
  EXPECT_EQ(p.kind, CommandKind::vcpu_pin);
  EXPECT_EQ(p.domain.name.view(), "rt1");
  EXPECT_FALSE(p.vcpu.all);
  EXPECT_EQ(p.vcpu.index, 1u);
  EXPECT_EQ(p.cpus.count(), 3u);
  EXPECT_TRUE(p.cpus.test(3));
  const Command& q = parse_ok("vcpu-pin 4 all all");
  EXPECT_TRUE(q.vcpu.all);
  EXPECT_TRUE(q.cpus.is_all());
}

TEST(Parse, SchedRtShow) {
  const Command& a = parse_ok("sched-rt");
  EXPECT_EQ(a.kind, CommandKind::sched_rt);
  EXPECT_FALSE(a.rt.has_domain);
  EXPECT_FALSE(a.rt.is_set());
  const Command& b = parse_ok("sched-rt -d rt1 -v all");
  EXPECT_TRUE(b.rt.has_domain);
  EXPECT_TRUE(b.rt.has_vcpu);
  EXPECT_TRUE(b.rt.vcpu.all);
  EXPECT_FALSE(b.rt.is_set());
  const Command& c = parse_ok("sched-rt -c rt");
  EXPECT_TRUE(c.rt.has_pool);
  EXPECT_EQ(c.rt.pool.view(), "rt");
}

TEST(Parse, SchedRtSet) {
  const Command& a = parse_ok("sched-rt -d rt1 -v 1 -p 10000 -b 2500 -s sporadic -P 3 -r 1");
  const SchedRtArgs& rt = a.rt;
  EXPECT_TRUE(rt.is_set());
  EXPECT_EQ(rt.domain.name.view(), "rt1");
  EXPECT_EQ(rt.vcpu.index, 1u);
  EXPECT_EQ(rt.period_ns, 10'000'000u) << "plain numbers are microseconds";
  EXPECT_EQ(rt.budget_ns, 2'500'000u);
  EXPECT_EQ(rt.server, ServerKind::sporadic);
  EXPECT_EQ(rt.priority, 3u);
  EXPECT_TRUE(rt.rt);
  const Command& b = parse_ok("sched-rt -d 2 -b4ms");
  EXPECT_TRUE(b.rt.has_budget);
  EXPECT_FALSE(b.rt.has_period);
  EXPECT_FALSE(b.rt.has_vcpu) << "no -v: every vCPU";
  EXPECT_EQ(b.rt.budget_ns, 4'000'000u);
  const Command& c = parse_ok("sched-rt -d 2 -r 0");
  EXPECT_TRUE(c.rt.has_rt);
  EXPECT_FALSE(c.rt.rt);
  EXPECT_EQ(parse_ok("sched-rt -d 2 -b 10ms -p 10ms").rt.budget_ns, 10'000'000u);
}

TEST(Parse, CpupoolList) {
  const Command& a = parse_ok("cpupool-list");
  EXPECT_EQ(a.kind, CommandKind::cpupool_list);
  EXPECT_FALSE(a.flag);
  EXPECT_FALSE(a.has_pool);
  const Command& b = parse_ok("cpupool-list -c Pool-0");
  EXPECT_TRUE(b.flag);
  EXPECT_EQ(b.pool.view(), "Pool-0");
}

TEST(Parse, CpupoolCreate) {
  const Command& a = parse_ok("cpupool-create name=rt sched=pedf cpus=1 server=crps");
  EXPECT_EQ(a.kind, CommandKind::cpupool_create);
  EXPECT_EQ(a.pool.view(), "rt");
  EXPECT_EQ(a.policy, PoolPolicy::pedf);
  EXPECT_EQ(a.cpus.count(), 1u);
  EXPECT_TRUE(a.cpus.test(1));
  EXPECT_TRUE(a.has_server);
  EXPECT_EQ(a.server, ServerKind::crps);
  const Command& b = parse_ok("cpupool-create name=\"p2\"");
  EXPECT_EQ(b.policy, PoolPolicy::gedf) << "default policy";
  EXPECT_TRUE(b.cpus.empty()) << "no cpus: an empty pool";
  EXPECT_FALSE(b.has_server);
  EXPECT_EQ(parse_ok("cpupool-create name=a sched=fp").policy, PoolPolicy::pfp);
  const char* names[] = {"gedf", "pedf", "gdm", "pdm", "grm", "prm", "gfp", "pfp"};
  for (int i = 0; i < 8; ++i) {
    std::string line = std::string("cpupool-create name=a sched=") + names[i];
    EXPECT_EQ(static_cast<int>(parse_ok(line).policy), i) << line;
    EXPECT_STREQ(pool_policy_name(static_cast<PoolPolicy>(i)), names[i]);
  }
}

TEST(Parse, CpupoolOthers) {
  const Command& d = parse_ok("cpupool-destroy rt");
  EXPECT_EQ(d.kind, CommandKind::cpupool_destroy);
  EXPECT_EQ(d.pool.view(), "rt");
  const Command& r = parse_ok("cpupool-rename rt fast");
  EXPECT_EQ(r.kind, CommandKind::cpupool_rename);
  EXPECT_EQ(r.pool.view(), "rt");
  EXPECT_EQ(r.new_name.view(), "fast");
  const Command& a = parse_ok("cpupool-cpu-add rt 2-3");
  EXPECT_EQ(a.kind, CommandKind::cpupool_cpu_add);
  EXPECT_FALSE(a.by_node);
  EXPECT_EQ(a.cpus.count(), 2u);
  const Command& n = parse_ok("cpupool-cpu-remove rt node:1");
  EXPECT_EQ(n.kind, CommandKind::cpupool_cpu_remove);
  EXPECT_TRUE(n.by_node);
  EXPECT_EQ(n.node, 1u);
  const Command& m = parse_ok("cpupool-migrate rt1 rt");
  EXPECT_EQ(m.kind, CommandKind::cpupool_migrate);
  EXPECT_EQ(m.domain.name.view(), "rt1");
  EXPECT_EQ(m.pool.view(), "rt");
  EXPECT_EQ(parse_ok("cpupool-numa-split").kind, CommandKind::cpupool_numa_split);
}

TEST(Parse, TraceAndIdc) {
  const Command& t = parse_ok("trace");
  EXPECT_EQ(t.kind, CommandKind::trace);
  EXPECT_EQ(t.count, 0u);
  EXPECT_FALSE(t.flag);
  const Command& u = parse_ok("trace -c -n 50");
  EXPECT_TRUE(u.flag);
  EXPECT_EQ(u.count, 50u);
  EXPECT_FALSE(parse_ok("idc-stats").has_domain);
  EXPECT_EQ(parse_ok("idc-stats 3").domain.id, 3u);
  const Command& q = parse_ok("idc-queue");
  EXPECT_FALSE(q.has_mode || q.has_batch || q.has_limit);
  const Command& s = parse_ok("idc-queue -m rr -b 16 -l 600");
  EXPECT_EQ(s.mode, IdcMode::rr);
  EXPECT_EQ(s.batch, 16u);
  EXPECT_EQ(s.limit, 600u);
  EXPECT_EQ(parse_ok("idc-queue -m rtca").mode, IdcMode::rtca);
}

}  // namespace
}  // namespace shell
