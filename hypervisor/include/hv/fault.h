// Fatal exception reporting for hypervisor context (see core/fault.cpp).
#pragma once

#include "arch/interrupts.h"

namespace hv {

[[noreturn]] void report_fault(arch::InterruptFrame& frame);

}  // namespace hv
