// 8259 remap and mask (see legacy_pic.h).
#include "arch/legacy_pic.h"

#include "arch/cpu.h"

namespace arch {

void disable_legacy_pic() {
  constexpr std::uint16_t kMasterCmd = 0x20, kMasterData = 0x21, kSlaveCmd = 0xa0,
                          kSlaveData = 0xa1;
  outb(kMasterCmd, 0x11);  // ICW1: initialize, expect ICW4
  outb(kSlaveCmd, 0x11);
  outb(kMasterData, 0x20);  // ICW2: master vectors 0x20-0x27
  outb(kSlaveData, 0x28);   //       slave vectors 0x28-0x2f
  outb(kMasterData, 0x04);  // ICW3: slave on IRQ 2
  outb(kSlaveData, 0x02);
  outb(kMasterData, 0x01);  // ICW4: 8086 mode
  outb(kSlaveData, 0x01);
  outb(kMasterData, 0xff);  // mask everything
  outb(kSlaveData, 0xff);
}

}  // namespace arch
