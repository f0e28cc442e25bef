// Value parsers: CPU sets, durations, server kinds, MAC addresses, names.
#include <gtest/gtest.h>

#include "domcfg/values.h"

namespace domcfg {
namespace {

CpuSet cpus(std::initializer_list<std::uint32_t> list) {
  CpuSet s;
  for (auto c : list) s.set(c);
  return s;
}

TEST(CpuSet, ParsesSinglesRangesAndAll) {
  CpuSet s;
  ASSERT_TRUE(parse_cpu_set("0-3,5", s));
  EXPECT_EQ(s, cpus({0, 1, 2, 3, 5}));
  EXPECT_EQ(s.count(), 5u);
  ASSERT_TRUE(parse_cpu_set("7", s));
  EXPECT_EQ(s, cpus({7}));
  ASSERT_TRUE(parse_cpu_set("all", s));
  EXPECT_TRUE(s.is_all());
  EXPECT_EQ(s.count(), kMaxCpus);
  ASSERT_TRUE(parse_cpu_set("255", s));
  EXPECT_TRUE(s.test(255));
  EXPECT_EQ(s.word(3), std::uint64_t{1} << 63);
  ASSERT_TRUE(parse_cpu_set(" 1 , 2 ", s));
  EXPECT_EQ(s, cpus({1, 2}));
}

TEST(CpuSet, Exclusions) {
  CpuSet s;
  ASSERT_TRUE(parse_cpu_set("0-3,^2", s));
  EXPECT_EQ(s, cpus({0, 1, 3}));
  ASSERT_TRUE(parse_cpu_set("^0", s));  // only removals: start from all
  EXPECT_FALSE(s.test(0));
  EXPECT_TRUE(s.test(1));
  EXPECT_EQ(s.count(), kMaxCpus - 1);
  ASSERT_TRUE(parse_cpu_set("0-7,^2-5", s));
  EXPECT_EQ(s, cpus({0, 1, 6, 7}));
}

TEST(CpuSet, RefusesBadLists) {
  CpuSet s = cpus({9});
  const CpuSet before = s;
  for (const char* bad : {"", "a", "1-", "-1", "3-1", "256", "0-256", "1,,2", "1,", ",1", "1 2",
                          "0x1", "^1-0", "0,^0", "+1"}) {
    EXPECT_FALSE(parse_cpu_set(bad, s)) << bad;
    EXPECT_EQ(s, before) << bad;
  }
  EXPECT_STREQ(parse_cpu_set("3-1", s).reason(), "cpu range runs backwards");
  EXPECT_STREQ(parse_cpu_set("300", s).reason(), "cpu number out of range");
  EXPECT_STREQ(parse_cpu_set("0,^0", s).reason(), "empty cpu list");
}

TEST(Duration, PlainNumbersAreMicroseconds) {
  std::uint64_t ns = 0;
  ASSERT_TRUE(parse_duration_ns("10000", ns));
  EXPECT_EQ(ns, 10'000'000u);
  ASSERT_TRUE(parse_duration_ns("4ms", ns));
  EXPECT_EQ(ns, 4'000'000u);
  ASSERT_TRUE(parse_duration_ns("500us", ns));
  EXPECT_EQ(ns, 500'000u);
  ASSERT_TRUE(parse_duration_ns("1s", ns));
  EXPECT_EQ(ns, 1'000'000'000u);
  ASSERT_TRUE(parse_duration_ns("750ns", ns));
  EXPECT_EQ(ns, 750u);
  ASSERT_TRUE(parse_duration_ns("100s", ns));
  EXPECT_EQ(ns, 100'000'000'000u);
}

TEST(Duration, RefusesBadText) {
  std::uint64_t ns = 42;
  for (const char* bad : {"", "ms", "4 ms", "4m", "4MS", "-1", "1.5ms", "101s", "100001ms",
                          "18446744073709551616", "0x10"}) {
    EXPECT_FALSE(parse_duration_ns(bad, ns)) << bad;
    EXPECT_EQ(ns, 42u);
  }
  EXPECT_STREQ(parse_duration_ns("4m", ns).reason(), "bad duration unit (ns, us, ms, s)");
  EXPECT_STREQ(parse_duration_ns("101s", ns).reason(), "duration too long");
}

TEST(ServerKind, AllNamesRoundTrip) {
  const char* names[] = {"deferrable", "periodic", "polling", "sporadic", "wcps", "crps"};
  for (int i = 0; i < 6; ++i) {
    ServerKind k = ServerKind::crps;
    ASSERT_TRUE(parse_server_kind(names[i], k)) << names[i];
    EXPECT_EQ(static_cast<int>(k), i);
    EXPECT_STREQ(server_kind_name(k), names[i]);
  }
  ServerKind k = ServerKind::polling;
  EXPECT_FALSE(parse_server_kind("Deferrable", k));
  EXPECT_FALSE(parse_server_kind("", k));
  EXPECT_EQ(k, ServerKind::polling);
}

TEST(Mac, ParsesAndValidates) {
  MacAddress m;
  ASSERT_TRUE(parse_mac("00:16:3e:00:00:01", m));
  const MacAddress want{{0x00, 0x16, 0x3e, 0x00, 0x00, 0x01}};
  EXPECT_EQ(m, want);
  ASSERT_TRUE(parse_mac("AA:bb:0C:dD:ee:FF", m));
  EXPECT_EQ(m.bytes[0], 0xaa);
  EXPECT_EQ(m.bytes[5], 0xff);
  for (const char* bad : {"", "00:16:3e:00:00", "00:16:3e:00:00:01:02", "00-16-3e-00-00-01",
                          "0:16:3e:00:00:01", "00:16:3g:00:00:01", "00:16:3e:00:00:1 "}) {
    EXPECT_FALSE(parse_mac(bad, m)) << bad;
  }
  EXPECT_STREQ(parse_mac("01:00:5e:00:00:01", m).reason(), "multicast MAC address");
  EXPECT_STREQ(parse_mac("00:00:00:00:00:00", m).reason(), "all-zero MAC address");
}

TEST(Name, Rules) {
  EXPECT_TRUE(check_name("rt1"));
  EXPECT_TRUE(check_name("Pool-0"));
  EXPECT_TRUE(check_name("a.b_c-d"));
  EXPECT_TRUE(check_name("0x"));
  EXPECT_TRUE(check_name(std::string(31, 'n')));
  EXPECT_STREQ(check_name("").reason(), "empty name");
  EXPECT_STREQ(check_name(std::string(32, 'n')).reason(), "name too long (max 31)");
  EXPECT_STREQ(check_name("a b").reason(), "bad character in name");
  EXPECT_STREQ(check_name("a/b").reason(), "bad character in name");
  EXPECT_STREQ(check_name("123").reason(), "name is all digits");
  EXPECT_STREQ(check_name("-d").reason(), "name starts with '-'");
  EXPECT_TRUE(check_name("d-"));
}

TEST(Uint, Bounds) {
  std::uint64_t v = 0;
  ASSERT_TRUE(parse_uint("8", 8, v));
  EXPECT_EQ(v, 8u);
  EXPECT_STREQ(parse_uint("9", 8, v).reason(), "number out of range");
  EXPECT_STREQ(parse_uint("x", 8, v).reason(), "not a number");
  EXPECT_FALSE(parse_uint("", 8, v));
  EXPECT_FALSE(parse_uint("0x1", 8, v));
  EXPECT_FALSE(parse_uint("-1", 8, v));
  EXPECT_EQ(v, 8u);
}

}  // namespace
}  // namespace domcfg
