// Uart16550 driven the way Linux's 8250 driver probes and uses a port
// (autoconfig's IER and loopback tests, the 16550A FIFO check), plus the
// interrupt causes and what a guest cannot break.
#include "vdev/uart16550.h"

#include <gtest/gtest.h>

namespace {

using R = vdev::Uart16550;
constexpr unsigned kData = R::kData, kIer = R::kIer, kIir = R::kIir, kLcr = R::kLcr, kMcr = R::kMcr,
                   kLsr = R::kLsr, kMsr = R::kMsr, kScr = R::kScr;

TEST(Uart16550, PassesThe8250AutoconfigProbe) {
  vdev::Uart16550 u;
  // IER test: writes of 0 and 0x0f read back (a missing UART reads 0xff).
  u.write(kIer, 0);
  EXPECT_EQ(u.read(kIer) & 0x0f, 0);
  u.write(kIer, 0x0f);
  EXPECT_EQ(u.read(kIer) & 0x0f, 0x0f);
  u.write(kIer, 0);
  // Loopback test: MCR = LOOP | OUT2 | RTS gives MSR's top nibble 0x90.
  u.write(kMcr, 0x1a);
  EXPECT_EQ(u.read(kMsr) & 0xf0, 0x90);
  u.write(kMcr, 0x10 | 0x0f);
  EXPECT_EQ(u.read(kMsr) & 0xf0, 0xf0);
  u.write(kMcr, 0);
  // 16550A: with FIFOs enabled IIR's top bits are both set.
  u.write(kIir, 0x01);
  EXPECT_EQ(u.read(kIir) & 0xc0, 0xc0);
  u.write(kIir, 0x00);
  EXPECT_EQ(u.read(kIir) & 0xc0, 0);
  // Scratch register holds a byte.
  u.write(kScr, 0xa5);
  EXPECT_EQ(u.read(kScr), 0xa5);
}

TEST(Uart16550, TransmitsAtOnceAndLoopsBackInLoopbackMode) {
  vdev::Uart16550 u;
  EXPECT_EQ(u.read(kLsr) & 0x60, 0x60);  // THRE | TEMT
  auto r = u.write(kData, 'x');
  EXPECT_TRUE(r.transmitted);
  EXPECT_EQ(r.byte, 'x');
  EXPECT_EQ(u.read(kLsr) & 0x61, 0x60);  // still empty, nothing received
  u.write(kMcr, 0x10);
  r = u.write(kData, 'y');
  EXPECT_FALSE(r.transmitted);  // looped back, not sent
  EXPECT_EQ(u.read(kLsr) & 0x01, 0x01);
  EXPECT_EQ(u.read(kData), 'y');
  EXPECT_EQ(u.read(kLsr) & 0x01, 0);
}

TEST(Uart16550, DivisorLatchDoesNotTouchDataOrIer) {
  vdev::Uart16550 u;
  u.write(kIer, 0x01);
  u.write(kLcr, 0x83);   // DLAB, 8N1
  u.write(kData, 0x01);  // 115200
  u.write(kIer, 0x00);
  EXPECT_EQ(u.read(kData), 0x01);
  EXPECT_EQ(u.read(kIer), 0x00);
  u.write(kLcr, 0x03);
  EXPECT_EQ(u.read(kIer), 0x01);                 // IER kept its value
  EXPECT_TRUE(u.write(kData, 'a').transmitted);  // DLAB off: THR again
}

TEST(Uart16550, ReceiveFifoHoldsSixteenAndRefusesTheRest) {
  vdev::Uart16550 u;
  for (unsigned i = 0; i < vdev::Uart16550::kFifo; ++i)
    EXPECT_TRUE(u.receive(static_cast<std::uint8_t>('a' + i)));
  EXPECT_FALSE(u.receive_room());
  EXPECT_FALSE(u.receive('!'));  // the caller keeps it
  EXPECT_EQ(u.overruns(), 0u);
  for (unsigned i = 0; i < vdev::Uart16550::kFifo; ++i) EXPECT_EQ(u.read(kData), 'a' + i);
  EXPECT_EQ(u.read(kLsr) & 0x01, 0);
  EXPECT_EQ(u.read(kData), 0);  // empty FIFO reads 0, changes nothing
}

TEST(Uart16550, LoopbackOverrunSetsOeOnceAndCounts) {
  vdev::Uart16550 u;
  u.write(kMcr, 0x10);
  for (unsigned i = 0; i < vdev::Uart16550::kFifo + 3; ++i) u.write(kData, 'z');
  EXPECT_EQ(u.overruns(), 3u);
  EXPECT_EQ(u.read(kLsr) & 0x02, 0x02);
  EXPECT_EQ(u.read(kLsr) & 0x02, 0);  // reading LSR clears OE
}

TEST(Uart16550, InterruptCausesInPriorityOrder) {
  vdev::Uart16550 u;
  EXPECT_FALSE(u.interrupt());
  EXPECT_EQ(u.read(kIir) & 0x0f, 0x01);  // none pending
  // THRE: raised when enabled with an empty holding register, cleared by
  // reading IIR, raised again by the next transmitted byte.
  u.write(kIer, 0x02);
  EXPECT_TRUE(u.interrupt());
  EXPECT_EQ(u.read(kIir) & 0x0f, 0x02);
  EXPECT_FALSE(u.interrupt());
  u.write(kData, 'q');
  EXPECT_TRUE(u.interrupt());
  // Received data outranks THRE; line status outranks both.
  u.write(kIer, 0x07);
  u.receive('r');
  EXPECT_EQ(u.read(kIir) & 0x0f, 0x04);
  u.write(kMcr, 0x10);
  for (unsigned i = 0; i < vdev::Uart16550::kFifo; ++i) u.write(kData, 'o');
  EXPECT_EQ(u.read(kIir) & 0x0f, 0x06);
  u.read(kLsr);
  EXPECT_EQ(u.read(kIir) & 0x0f, 0x04);
  // Masking every cause drops the line.
  u.write(kIer, 0);
  EXPECT_FALSE(u.interrupt());
}

TEST(Uart16550, FifoClearAndToggleEmptyTheReceiver) {
  vdev::Uart16550 u;
  u.write(kIir, 0x01);
  u.receive('a');
  u.write(kIir, 0x03);  // clear receive FIFO
  EXPECT_EQ(u.read(kLsr) & 0x01, 0);
  u.receive('b');
  u.write(kIir, 0x00);  // disabling the FIFOs clears them too
  EXPECT_EQ(u.read(kLsr) & 0x01, 0);
}

TEST(Uart16550, EveryRegisterAndWildOffsetIsSafe) {
  // Any sequence of accesses, including offsets past the eight registers,
  // keeps the model consistent: LSR always shows an empty transmitter and
  // the receive count never exceeds the FIFO.
  vdev::Uart16550 u;
  std::uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    const unsigned reg = (x >> 8) % 12;
    const auto val = static_cast<std::uint8_t>(x >> 20);
    if (x & 0x10000)
      u.write(reg, val);
    else
      u.read(reg);
    if (i % 7 == 0) u.receive(val);
    ASSERT_EQ(u.read(kLsr) & 0x60, 0x60);
  }
  u.write(kLcr, 0);
  u.write(kMcr, 0);
  unsigned drained = 0;
  while (u.read(kLsr) & 0x01) {
    u.read(kData);
    ASSERT_LE(++drained, vdev::Uart16550::kFifo);
  }
  EXPECT_EQ(u.read(8), 0xff);
}

}  // namespace
