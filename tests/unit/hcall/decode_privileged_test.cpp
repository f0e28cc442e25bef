// decode(): domain control and system control. EPERM for unprivileged
// callers before any argument is read, then every argument check, and the
// copy-out helpers. Guest RAM is 16 pages at gpa 0; 4 CPUs.
#include <gtest/gtest.h>

#include <cstring>

#include "fake_memory.h"
#include "hcall/decode.h"

namespace hcall {
namespace {

using H = abi::Hypercall;
using E = abi::Errno;

struct PrivTest : ::testing::Test {
  test::FakeMemory memory{16};
  Scratch scratch{};
  Caller caller{0, true, 4};

  Reply<Request> call(std::uint64_t number, std::uint64_t a0 = 0, std::uint64_t a1 = 0,
                      std::uint64_t a2 = 0) {
    Registers r;
    r.number = number;
    r.arg[0] = a0, r.arg[1] = a1, r.arg[2] = a2;
    return decode(r, caller, memory, scratch);
  }
  Reply<Request> call(H h, std::uint64_t a0 = 0, std::uint64_t a1 = 0, std::uint64_t a2 = 0) {
    return call(static_cast<std::uint64_t>(h), a0, a1, a2);
  }

  static abi::VcpuSchedParams good_params() {
    abi::VcpuSchedParams p{};
    p.server = static_cast<std::uint32_t>(abi::ServerKind::sporadic);
    p.flags = abi::kVcpuSchedRealTime;
    p.budget_ns = 4'000'000;
    p.period_ns = 10'000'000;
    p.priority = 2;
    p.cpus.words[0] = 0b1010;
    return p;
  }
  static abi::CpupoolCreate good_pool() {
    abi::CpupoolCreate c{};
    std::memcpy(c.name, "rt-pool", 7);
    c.priority = static_cast<std::uint32_t>(abi::PriorityScheme::edf);
    c.placement = static_cast<std::uint32_t>(abi::Placement::global);
    return c;
  }
};

TEST_F(PrivTest, EveryPrivilegedCallIsEpermForOthersAndReadsNothing) {
  caller = Caller{4, false, 4};
  int count = 0;
  for (std::uint64_t n = 0x40; n <= 0x5a; ++n) {
    if (!is_known(n)) continue;
    ++count;
    EXPECT_TRUE(is_privileged(static_cast<H>(n)));
    EXPECT_EQ(call(n, 0x1000, 1, 0x2000).error(), E::perm) << n;
  }
  EXPECT_EQ(count, 9 + 11);
  EXPECT_TRUE(memory.reads.empty());
  EXPECT_FALSE(is_privileged(H::console_write));
  EXPECT_FALSE(is_privileged(H::grant_unmap));
}

// Xen's HVM rule: a VMCALL from guest user mode is refused before the
// number or any argument is looked at, even for the privileged domain and
// for calls any kernel may make.
TEST_F(PrivTest, CallsFromCplAboveZeroAreEpermAndReadNothing) {
  const char text[] = "from ring 3";
  std::memcpy(memory.at(0x1000), text, sizeof text - 1);
  for (std::uint8_t cpl : {1, 2, 3}) {
    caller = Caller{0, true, 4, cpl};
    EXPECT_EQ(call(H::console_write, 0x1000, sizeof text - 1).error(), E::perm) << int{cpl};
    EXPECT_EQ(call(H::sched_yield).error(), E::perm);
    EXPECT_EQ(call(H::sched_shutdown, 0).error(), E::perm);
    EXPECT_EQ(call(H::domctl_destroy, 4).error(), E::perm);
    EXPECT_EQ(call(0x7fff).error(), E::perm);  // unknown: EPERM, not ENOSYS
  }
  EXPECT_TRUE(memory.reads.empty());
  caller = Caller{0, true, 4, 0};
  EXPECT_TRUE(call(H::console_write, 0x1000, sizeof text - 1).ok());
}

TEST_F(PrivTest, CreateCopiesStructAndConfigOnce) {
  const char cfg[] = "name = \"rt1\"\nmemory = 16\n";
  std::memcpy(memory.at(0x3000), cfg, sizeof cfg - 1);
  abi::DomctlCreate c{0, 0, 0x3000, sizeof cfg - 1, 0};
  memory.put(0x2000, c);
  auto r = call(H::domctl_create, 0x2000);
  ASSERT_TRUE(r.ok()) << r.reason();
  ASSERT_EQ(r.value.domain_create.config_len, sizeof cfg - 1);
  ASSERT_EQ(memory.reads.size(), 2u);
  EXPECT_EQ(memory.reads[0].first, 0x2000u);
  EXPECT_EQ(memory.reads[1].first, 0x3000u);
  std::memset(memory.at(0x3000), 'X', 8);
  EXPECT_EQ(std::memcmp(r.value.domain_create.config, "name = ", 7), 0);
}

TEST_F(PrivTest, CreateRefusals) {
  EXPECT_EQ(call(H::domctl_create, 0x2004).error(), E::inval);   // misaligned struct
  EXPECT_EQ(call(H::domctl_create, 0x10000).error(), E::fault);  // outside RAM
  EXPECT_EQ(call(H::domctl_create, 0xfff8).error(), E::fault);   // runs off the end
  auto put = [&](abi::DomctlCreate c) { memory.put(0x2000, c); };
  std::memcpy(memory.at(0x3000), "x=1", 3);
  put({0, 1, 0x3000, 3, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // flags
  put({0, 0, 0x3000, 3, 9});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // reserved
  put({0, 0, 0x3000, 0, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // empty
  put({0, 0, 0x3000, 4097, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // too long
  put({0, 0, 0xff00, 0x200, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::fault);  // text outside RAM
  put({2, 0, 0x3000, 3, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // module: reserved
  put({0xffffffff, 0, 0x3000, 3, 0});
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // module: reserved
  put({0, 0, 0x3000, 4, 0});                                    // "x=1\0"
  EXPECT_EQ(call(H::domctl_create, 0x2000).error(), E::inval);  // NUL inside
}

TEST_F(PrivTest, DomainTargets) {
  for (H h : {H::domctl_destroy, H::domctl_pause, H::domctl_unpause}) {
    auto r = call(h, 5);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.domain.domain, 5u);
    EXPECT_EQ(call(h, 0).error(), E::inval);  // itself
    EXPECT_EQ(call(h, abi::kDomainSelf).error(), E::inval);
    EXPECT_EQ(call(h, 0x7ff0 + 1).error(), E::srch);
    EXPECT_EQ(call(h, 1ull << 40).error(), E::inval);
  }
}

TEST_F(PrivTest, GetInfoAndList) {
  auto i = call(H::domctl_get_info, abi::kDomainSelf, 0x1000);
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i.value.domain_info.domain, 0u);
  EXPECT_EQ(i.value.domain_info.out_gpa, 0x1000u);
  EXPECT_EQ(call(H::domctl_get_info, 1, 0x1004).error(), E::inval);
  EXPECT_EQ(call(H::domctl_get_info, 1, 0xffc0).error(), E::fault);  // 72 bytes do not fit
  EXPECT_EQ(call(H::domctl_get_info, 0x9000, 0x1000).error(), E::srch);

  auto l = call(H::domctl_list, 0x1000, 16);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.value.list.capacity, 16u);
  EXPECT_TRUE(call(H::domctl_list, 0xdead'0000, 0).ok());  // count only
  EXPECT_EQ(call(H::domctl_list, 0x1002, 4).error(), E::inval);
  EXPECT_EQ(call(H::domctl_list, 0xfff0, 8).error(), E::fault);
  EXPECT_EQ(call(H::domctl_list, 0x1000, kMaxListEntries + 1).error(), E::inval);
  EXPECT_TRUE(memory.reads.empty());
}

TEST_F(PrivTest, VcpuSchedGet) {
  auto g = call(H::domctl_get_vcpu_sched, 2, 15, 0x1000);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value.vcpu_sched_get.vcpu, 15u);
  EXPECT_EQ(call(H::domctl_get_vcpu_sched, 2, 16, 0x1000).error(), E::inval);
  EXPECT_EQ(call(H::domctl_get_vcpu_sched, 2, 0, 0x1001).error(), E::inval);
  EXPECT_EQ(call(H::domctl_get_vcpu_sched, 2, 0, 0x10000).error(), E::fault);
}

TEST_F(PrivTest, VcpuSchedSetValidatesTheCopy) {
  memory.put(0x1000, good_params());
  auto s = call(H::domctl_set_vcpu_sched, 2, 1, 0x1000);
  ASSERT_TRUE(s.ok()) << s.reason();
  EXPECT_EQ(s.value.vcpu_sched_set.params.budget_ns, 4'000'000u);
  EXPECT_EQ(s.value.vcpu_sched_set.params.cpus.words[0], 0b1010u);

  struct Case {
    void (*change)(abi::VcpuSchedParams&);
    E error;
  };
  const Case cases[] = {
      {[](abi::VcpuSchedParams& p) { p.flags = 2; }, E::inval},
      {[](abi::VcpuSchedParams& p) { p.reserved = 1; }, E::inval},
      {[](abi::VcpuSchedParams& p) { p.server = 6; }, E::inval},
      {[](abi::VcpuSchedParams& p) { p.period_ns = 9'999; }, E::range},
      {[](abi::VcpuSchedParams& p) { p.period_ns = 10'000'000'001; }, E::range},
      {[](abi::VcpuSchedParams& p) { p.budget_ns = 0; }, E::inval},
      {[](abi::VcpuSchedParams& p) { p.budget_ns = p.period_ns + 1; }, E::inval},
      {[](abi::VcpuSchedParams& p) { p.cpus.words[0] = 0; }, E::inval},     // empty
      {[](abi::VcpuSchedParams& p) { p.cpus.words[0] = 0x10; }, E::inval},  // CPU 4 of 4
      {[](abi::VcpuSchedParams& p) { p.cpus.words[3] = 1ull << 63; }, E::inval},
  };
  for (const Case& c : cases) {
    auto p = good_params();
    c.change(p);
    memory.put(0x1000, p);
    EXPECT_EQ(call(H::domctl_set_vcpu_sched, 2, 1, 0x1000).error(), c.error);
  }
  auto edge = good_params();
  edge.budget_ns = edge.period_ns = 10'000;  // 100 % at the shortest period
  memory.put(0x1000, edge);
  EXPECT_TRUE(call(H::domctl_set_vcpu_sched, 2, 1, 0x1000).ok());
  EXPECT_EQ(call(H::domctl_set_vcpu_sched, 2, 16, 0x1000).error(), E::inval);
  EXPECT_EQ(call(H::domctl_set_vcpu_sched, 2, 1, 0x1004).error(), E::inval);
  EXPECT_EQ(call(H::domctl_set_vcpu_sched, 2, 1, 0xffe0).error(), E::fault);
}

TEST_F(PrivTest, Affinity) {
  abi::CpuMask m{};
  m.words[0] = 0b1111;
  memory.put(0x1000, m);
  auto a = call(H::domctl_set_affinity, 1, 0, 0x1000);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value.affinity.cpus.words[0], 0b1111u);
  m.words[0] = 0b10000;
  memory.put(0x1000, m);
  EXPECT_EQ(call(H::domctl_set_affinity, 1, 0, 0x1000).error(), E::inval);
  m.words[0] = 0;
  memory.put(0x1000, m);
  EXPECT_EQ(call(H::domctl_set_affinity, 1, 0, 0x1000).error(), E::inval);
  EXPECT_EQ(call(H::domctl_set_affinity, 1, 0, 0x20000).error(), E::fault);
}

TEST_F(PrivTest, PhysinfoAndPoolOutputs) {
  EXPECT_TRUE(call(H::sysctl_physinfo, 0x1000).ok());
  EXPECT_EQ(call(H::sysctl_physinfo, 0x1008 + 4).error(), E::inval);
  EXPECT_EQ(call(H::sysctl_physinfo, 0xff00).error(), E::fault);  // 288 bytes
  EXPECT_TRUE(call(H::sysctl_cpupool_list, 0x1000, 64).ok());
  EXPECT_EQ(call(H::sysctl_cpupool_list, 0x1001, 1).error(), E::inval);
  auto info = call(H::sysctl_cpupool_info, 63, 0x1000);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info.value.pool_info.pool, 63u);
  EXPECT_EQ(call(H::sysctl_cpupool_info, 64, 0x1000).error(), E::noent);
  EXPECT_EQ(call(H::sysctl_cpupool_info, 1, 0xffb0).error(), E::fault);  // 88 bytes
  EXPECT_TRUE(call(H::sysctl_cpupool_numa_split).ok());
}

TEST_F(PrivTest, ReadLog) {
  abi::LogRead lr{100, 0x4000, 512, 0, 0};
  memory.put(0x1000, lr);
  auto r = call(H::sysctl_read_log, 0x1000);
  ASSERT_TRUE(r.ok()) << r.reason();
  EXPECT_EQ(r.value.read_log.offset, 100u);
  EXPECT_EQ(r.value.read_log.buffer_len, 512u);

  auto bad = [&](abi::LogRead v) {
    memory.put(0x1000, v);
    return call(H::sysctl_read_log, 0x1000).error();
  };
  EXPECT_EQ(bad({0, 0x4000, 512, 1, 0}), E::inval);     // flags
  EXPECT_EQ(bad({0, 0x4000, 0, 0, 0}), E::inval);       // empty
  EXPECT_EQ(bad({0, 0x4000, 65537, 0, 0}), E::inval);   // too long
  EXPECT_EQ(bad({0, 0xf000, 0x2000, 0, 0}), E::fault);  // outside RAM
  EXPECT_EQ(bad({0, 0x0ff0, 0x20, 0, 0}), E::inval);    // overlaps the cursor
  EXPECT_EQ(call(H::sysctl_read_log, 0x1004).error(), E::inval);
}

TEST_F(PrivTest, CompleteReadLogWritesDataThenCursor) {
  abi::LogRead lr{100, 0x4000, 8, 0, 0};
  memory.put(0x1000, lr);
  auto r = call(H::sysctl_read_log, 0x1000);
  ASSERT_TRUE(r.ok());
  const std::uint8_t data[5] = {'a', 'b', 'c', 'd', 'e'};
  // The log lost bytes 100..119: the oldest kept byte is 120.
  auto done_r = complete_read_log(memory, r.value.read_log, 120, data);
  ASSERT_TRUE(done_r.ok());
  EXPECT_EQ(done_r.value, 5u);
  EXPECT_EQ(std::memcmp(memory.at(0x4000), "abcde", 5), 0);
  auto cursor = memory.get<abi::LogRead>(0x1000);
  EXPECT_EQ(cursor.offset, 125u);
  EXPECT_EQ(cursor.lost, 20u);
  const std::uint8_t big[9] = {};
  EXPECT_EQ(complete_read_log(memory, r.value.read_log, 120, big).error(), E::inval);
}

TEST_F(PrivTest, CopyOutIdsTruncatesAndCountsAll) {
  auto l = call(H::domctl_list, 0x1000, 2);
  ASSERT_TRUE(l.ok());
  const std::uint32_t ids[3] = {0, 4, 9};
  auto r = copy_out_ids(memory, l.value.list, ids);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value, 3u);
  EXPECT_EQ(memory.get<std::uint32_t>(0x1000), 0u);
  EXPECT_EQ(memory.get<std::uint32_t>(0x1004), 4u);
  EXPECT_EQ(memory.get<std::uint32_t>(0x1008), 0u);  // not written
}

TEST_F(PrivTest, PoolCreate) {
  memory.put(0x1000, good_pool());
  auto r = call(H::sysctl_cpupool_create, 0x1000);
  ASSERT_TRUE(r.ok()) << r.reason();
  EXPECT_STREQ(r.value.pool_create.params.name, "rt-pool");

  struct Case {
    void (*change)(abi::CpupoolCreate&);
    E error;
  };
  const Case cases[] = {
      {[](abi::CpupoolCreate& c) { c.flags = 1; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.reserved = 1; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.priority = 4; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.placement = 2; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.quantum_ns = 9'999; }, E::range},
      {[](abi::CpupoolCreate& c) { c.quantum_ns = 10'000'000'001; }, E::range},
      {[](abi::CpupoolCreate& c) { std::memset(c.name, 0, sizeof c.name); }, E::inval},
      {[](abi::CpupoolCreate& c) { c.name[2] = ' '; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.name[0] = '\x7f'; }, E::inval},
      {[](abi::CpupoolCreate& c) { c.name[20] = 'x'; }, E::inval},  // junk after the NUL
      {[](abi::CpupoolCreate& c) { std::memset(c.name, 'a', sizeof c.name); }, E::inval},
  };
  for (const Case& c : cases) {
    auto p = good_pool();
    c.change(p);
    memory.put(0x1000, p);
    EXPECT_EQ(call(H::sysctl_cpupool_create, 0x1000).error(), c.error);
  }
  auto q = good_pool();
  q.quantum_ns = 1'000'000;
  memory.put(0x1000, q);
  EXPECT_TRUE(call(H::sysctl_cpupool_create, 0x1000).ok());
}

TEST_F(PrivTest, PoolTargets) {
  EXPECT_TRUE(call(H::sysctl_cpupool_destroy, 1).ok());
  EXPECT_EQ(call(H::sysctl_cpupool_destroy, 64).error(), E::noent);
  std::memcpy(memory.at(0x1000), "batch", 5);
  auto rn = call(H::sysctl_cpupool_rename, 1, 0x1000, 5);
  ASSERT_TRUE(rn.ok());
  EXPECT_STREQ(rn.value.pool_rename.name, "batch");
  EXPECT_EQ(call(H::sysctl_cpupool_rename, 1, 0x1000, 0).error(), E::inval);
  EXPECT_EQ(call(H::sysctl_cpupool_rename, 1, 0x1000, 32).error(), E::inval);
  EXPECT_EQ(call(H::sysctl_cpupool_rename, 1, 0xfffe, 5).error(), E::fault);
  EXPECT_EQ(call(H::sysctl_cpupool_rename, 99, 0x1000, 5).error(), E::noent);
  std::memcpy(memory.at(0x1000), "ba\ntch", 6);
  EXPECT_EQ(call(H::sysctl_cpupool_rename, 1, 0x1000, 6).error(), E::inval);

  for (H h : {H::sysctl_cpupool_cpu_add, H::sysctl_cpupool_cpu_remove}) {
    auto c = call(h, 2, 3);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c.value.pool_cpu.cpu, 3u);
    EXPECT_EQ(call(h, 2, 4).error(), E::inval);  // 4 CPUs: 0..3
    EXPECT_EQ(call(h, 64, 0).error(), E::noent);
  }
  auto mg = call(H::sysctl_cpupool_migrate, 2, 7);
  ASSERT_TRUE(mg.ok());
  EXPECT_EQ(mg.value.pool_migrate.domain, 7u);
  EXPECT_EQ(call(H::sysctl_cpupool_migrate, 2, 0x7ff1).error(), E::srch);
  EXPECT_EQ(call(H::sysctl_cpupool_migrate, 70, 7).error(), E::noent);
}

}  // namespace
}  // namespace hcall
