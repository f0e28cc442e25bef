// Trace writer: valid JSON with one track per pCPU and per vCPU.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fake_hosts.h"
#include "sim/engine.h"
#include "sim/trace.h"

using namespace sim;

TEST(Trace, Escaping) {
  EXPECT_EQ(json_escape("a\"b\\c\n"), "a\\\"b\\\\c\\n");
  EXPECT_EQ(json_escape(std::string(1, '\x01')), "\\u0001");
  EXPECT_EQ(trace_us(1234567), "1234.567");
  EXPECT_EQ(trace_us(5), "0.005");
}

TEST(Trace, EngineWritesParsableTrace) {
  Scenario s;
  PoolSpec p;
  p.cpus = {0};
  p.name = "Pool-0";
  s.pools.push_back(p);
  DomainSpec d;
  d.name = "d";
  d.pool = "Pool-0";
  VcpuSpec v;
  v.budget = v.period = 10 * kMs;
  d.vcpus.push_back(v);
  TaskSpec t;
  t.name = "t";
  t.period = 10 * kMs;
  t.wcet = 3 * kMs;
  t.vcpu = 0;
  d.tasks.push_back(t);
  s.domains.push_back(d);
  std::ostringstream out;
  {
    TraceWriter w(out);
    simtest::DedicatedHost host(1);
    EngineOptions o;
    o.trace = &w;
    Engine e(s, host, o);
    ASSERT_TRUE(e.run(30 * kMs));
  }
  auto j = nlohmann::json::parse(out.str());
  int pcpu_slices = 0, vcpu_slices = 0;
  for (const auto& ev : j["traceEvents"]) {
    if (ev["ph"] != "X") continue;
    if (ev["pid"] == 1) ++pcpu_slices;
    if (ev["pid"] == 2) {
      ++vcpu_slices;
      EXPECT_EQ(ev["dur"].get<double>(), 3000.0);  // each job: 3 ms
    }
  }
  EXPECT_EQ(pcpu_slices, 3);  // the vCPU blocks after every job
  EXPECT_EQ(vcpu_slices, 3);  // t#0, t#1, t#2
}
