// decode(): unprivileged calls (console, scheduling, events, grants): every
// refusal path and the typed values of accepted calls. Guest RAM is 16
// pages at gpa 0; the caller is domain 3 on a 4-CPU machine.
#include <gtest/gtest.h>

#include <cstring>

#include "fake_memory.h"
#include "hcall/decode.h"

namespace hcall {
namespace {

using H = abi::Hypercall;
using E = abi::Errno;

struct DecodeTest : ::testing::Test {
  test::FakeMemory memory{16};
  Scratch scratch{};
  Caller caller{3, false, 4};

  Reply<Request> call(std::uint64_t number, std::uint64_t a0 = 0, std::uint64_t a1 = 0,
                      std::uint64_t a2 = 0, std::uint64_t a3 = 0, std::uint64_t a4 = 0) {
    Registers r;
    r.number = number;
    r.arg[0] = a0, r.arg[1] = a1, r.arg[2] = a2, r.arg[3] = a3, r.arg[4] = a4;
    return decode(r, caller, memory, scratch);
  }
  Reply<Request> call(H h, std::uint64_t a0 = 0, std::uint64_t a1 = 0, std::uint64_t a2 = 0) {
    return call(static_cast<std::uint64_t>(h), a0, a1, a2);
  }
};

TEST_F(DecodeTest, UnknownNumbersAreNoSys) {
  for (std::uint64_t n : {0x02ull, 0x0full, 0x14ull, 0x28ull, 0x34ull, 0x49ull, 0x5bull, 0x60ull,
                          0xffull, 0x100ull, 0x8000'0000'0000'0000ull, ~0ull}) {
    auto r = call(n);
    EXPECT_EQ(r.error(), E::nosys) << n;
  }
}

TEST_F(DecodeTest, ConsoleWriteCopiesTheTextOnce) {
  std::memcpy(memory.at(0x1ffe), "hello", 5);  // crosses a page boundary
  auto r = call(H::console_write, 0x1ffe, 5);
  ASSERT_TRUE(r.ok()) << r.reason();
  EXPECT_EQ(r.value.call, H::console_write);
  EXPECT_EQ(r.value.caller, 3u);
  ASSERT_EQ(r.value.console_write.len, 5u);
  ASSERT_EQ(memory.reads.size(), 1u);
  EXPECT_EQ(memory.reads[0], std::make_pair(std::uint64_t{0x1ffe}, std::uint64_t{5}));
  std::memcpy(memory.at(0x1ffe), "XXXXX", 5);  // the guest changes it afterwards
  EXPECT_EQ(std::memcmp(r.value.console_write.text, "hello", 5), 0);
}

// A long write is carried out in chunks (issue 12, item 4): decode checks
// the whole buffer, copies only the first kConsoleChunk bytes and says how
// many follow; the hypervisor continues with the registers moved on.
TEST_F(DecodeTest, ConsoleWriteCopiesOneChunkOfALongWrite) {
  for (std::uint32_t i = 0; i < 4096; ++i) memory.at(0x2000)[i] = static_cast<std::uint8_t>(i);
  auto r = call(H::console_write, 0x2000, 4096);
  ASSERT_TRUE(r.ok()) << r.reason();
  EXPECT_EQ(r.value.console_write.len, kConsoleChunk);
  EXPECT_EQ(r.value.console_write.rest, 4096u - kConsoleChunk);
  ASSERT_EQ(memory.reads.size(), 1u);
  EXPECT_EQ(memory.reads[0], std::make_pair(std::uint64_t{0x2000}, std::uint64_t{kConsoleChunk}));
  auto last = call(H::console_write, 0x2000 + 4096 - 100, 100);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last.value.console_write.len, 100u);
  EXPECT_EQ(last.value.console_write.rest, 0u);
  EXPECT_EQ(last.value.console_write.text[0], static_cast<std::uint8_t>(4096 - 100));
  // The whole buffer is checked before anything is copied.
  memory.reads.clear();
  EXPECT_EQ(call(H::console_write, 0xf000 - kConsoleChunk, 0x1000 + kConsoleChunk).error(),
            E::inval);
  EXPECT_EQ(call(H::console_write, 0xf001, 0x1000).error(), E::fault);
  EXPECT_TRUE(memory.reads.empty());
}

TEST_F(DecodeTest, ConsoleReadIsForTheConsoleOwnerOnly) {
  EXPECT_EQ(call(H::console_read, 0x1000, 16).error(), E::perm);  // domain 3 is unprivileged
  caller.privileged = true;
  auto r = call(H::console_read, 0x1ff0, 32);
  ASSERT_TRUE(r.ok()) << r.reason();
  EXPECT_EQ(r.value.console_read.gpa, 0x1ff0u);
  EXPECT_EQ(r.value.console_read.capacity, 32u);
  EXPECT_TRUE(memory.reads.empty());  // an output buffer is checked, never read
  EXPECT_EQ(call(H::console_read, 0x1000, 0).error(), E::inval);
  EXPECT_EQ(call(H::console_read, 0x1000, 4097).error(), E::inval);
  EXPECT_EQ(call(H::console_read, 0x10000, 1).error(), E::fault);
  EXPECT_EQ(call(H::console_read, ~0ull, 2).error(), E::fault);
}

TEST_F(DecodeTest, ConsoleWriteRefusals) {
  EXPECT_EQ(call(H::console_write, 0, 4097).error(), E::inval);
  EXPECT_EQ(call(H::console_write, 0xf001, 0x1000).error(), E::fault);  // runs past RAM
  EXPECT_EQ(call(H::console_write, 0x10000, 1).error(), E::fault);
  EXPECT_EQ(call(H::console_write, ~0ull, 2).error(), E::fault);  // wraps
  memory.remove_page(5);
  EXPECT_EQ(call(H::console_write, 0x4fff, 2).error(), E::fault);  // into a hole
  EXPECT_TRUE(memory.reads.empty());
  EXPECT_TRUE(call(H::console_write, 0xdead'beef'0000ull, 0).ok());  // nothing to read
}

TEST_F(DecodeTest, Scheduling) {
  EXPECT_TRUE(call(H::sched_yield).ok());
  EXPECT_TRUE(call(H::sched_block).ok());
  auto t = call(H::sched_set_timer, 123'456'789);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value.set_timer.deadline_ns, 123'456'789u);
  auto s = call(H::sched_shutdown, 2);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value.shutdown.reason, abi::ShutdownReason::crash);
  EXPECT_EQ(call(H::sched_shutdown, 3).error(), E::inval);
  EXPECT_EQ(call(H::sched_shutdown, ~0ull).error(), E::inval);
}

TEST_F(DecodeTest, EventChannelArguments) {
  auto a = call(H::evtchn_alloc_unbound, abi::kDomainSelf);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value.alloc_unbound.remote, 3u);  // self resolved
  EXPECT_EQ(call(H::evtchn_alloc_unbound, abi::kMaxDomainId).value.alloc_unbound.remote,
            abi::kMaxDomainId);
  EXPECT_EQ(call(H::evtchn_alloc_unbound, abi::kDomainSelf + 1).error(), E::srch);
  EXPECT_EQ(call(H::evtchn_alloc_unbound, abi::kDomainInvalid).error(), E::srch);
  EXPECT_EQ(call(H::evtchn_alloc_unbound, (1ull << 32) | 1).error(), E::inval);

  auto b = call(H::evtchn_bind_interdomain, 7, 63);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.value.bind_interdomain.remote, 7u);
  EXPECT_EQ(b.value.bind_interdomain.remote_port, 63u);
  EXPECT_EQ(call(H::evtchn_bind_interdomain, 7, 0).error(), E::inval);
  EXPECT_EQ(call(H::evtchn_bind_interdomain, 7, 64).error(), E::inval);
  EXPECT_EQ(call(H::evtchn_bind_interdomain, 0x8000, 1).error(), E::srch);

  auto v = call(H::evtchn_bind_virq, 1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value.bind_virq.virq, abi::Virq::console);
  EXPECT_EQ(call(H::evtchn_bind_virq, 2).error(), E::inval);

  for (H h : {H::evtchn_send, H::evtchn_close, H::evtchn_mask, H::evtchn_unmask}) {
    auto ok = call(h, 1);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value.port.port, 1u);
    EXPECT_EQ(call(h, 0).error(), E::inval);
    EXPECT_EQ(call(h, 64).error(), E::inval);
    EXPECT_EQ(call(h, 1ull << 32).error(), E::inval);
  }

  auto u = call(H::evtchn_set_upcall_vector, 0xf0);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.value.upcall_vector.vector, 0xf0);
  EXPECT_TRUE(call(H::evtchn_set_upcall_vector, 0x20).ok());
  EXPECT_EQ(call(H::evtchn_set_upcall_vector, 0x1f).error(), E::inval);
  EXPECT_EQ(call(H::evtchn_set_upcall_vector, 0x100).error(), E::inval);
}

TEST_F(DecodeTest, GrantArguments) {
  auto g = call(H::grant_access, 0, 15, abi::kGrantReadOnly);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value.grant_access.grantee, 0u);
  EXPECT_EQ(g.value.grant_access.gfn, 15u);
  EXPECT_TRUE(g.value.grant_access.readonly);
  EXPECT_EQ(call(H::grant_access, abi::kDomainSelf, 1, 0).error(), E::inval);
  EXPECT_EQ(call(H::grant_access, 3, 1, 0).error(), E::inval);
  EXPECT_EQ(call(H::grant_access, 0, 1, 2).error(), E::inval);   // reserved flag
  EXPECT_EQ(call(H::grant_access, 0, 16, 0).error(), E::fault);  // not the caller's page
  EXPECT_EQ(call(H::grant_access, 0, abi::kGrantMapWindowGfn, 0).error(), E::fault);
  EXPECT_EQ(call(H::grant_access, 0, ~0ull, 0).error(), E::fault);
  EXPECT_EQ(call(H::grant_access, 0x7ff5, 1, 0).error(), E::srch);

  EXPECT_TRUE(call(H::grant_revoke, 63).ok());
  EXPECT_EQ(call(H::grant_revoke, 64).error(), E::inval);

  auto m = call(H::grant_map, 5, 2, abi::kGrantMapReadOnly);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value.grant_map.granter, 5u);
  EXPECT_EQ(m.value.grant_map.ref, 2u);
  EXPECT_TRUE(m.value.grant_map.readonly);
  EXPECT_EQ(call(H::grant_map, 3, 2, 0).error(), E::inval);  // own grant
  EXPECT_EQ(call(H::grant_map, 5, 64, 0).error(), E::inval);
  EXPECT_EQ(call(H::grant_map, 5, 2, 4).error(), E::inval);
  EXPECT_EQ(call(H::grant_map, 0x10000, 2, 0).error(), E::srch);

  EXPECT_TRUE(call(H::grant_unmap, abi::kGrantMapWindowGfn + 63).ok());
  EXPECT_EQ(call(H::grant_unmap, abi::kGrantMapWindowGfn + 64).error(), E::inval);
  EXPECT_EQ(call(H::grant_unmap, 3).error(), E::inval);
}

}  // namespace
}  // namespace hcall
