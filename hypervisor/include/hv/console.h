// The emulated per-domain console: bytes a guest writes to COM1 or through
// the console hypercall are collected into lines and logged as `[d<id>] `
// lines. A domain's line buffer is fed by the pCPU running its vCPU; a
// console spinlock keeps lines of multi-vCPU domains whole.
#pragma once

#include <string_view>

#include "hv/domain.h"

namespace hv::console {

void put(Domain& d, char c);
void write(Domain& d, std::string_view text);
// Logs what is buffered as a line of its own (at domain end).
void flush(Domain& d);

}  // namespace hv::console
