// The two-vCPU grant race (race.cpp): the granter's side (one vCPU) and
// the racer's (two vCPUs). Started by main.cpp for role=granter and
// role=racer.
#pragma once

#include <cstdint>

namespace hostile::race {

// role=granter partner=<racer id>
void run_granter(std::uint32_t partner);
// role=racer granter=<granter id>; needs vcpus = 2.
void run_racer(std::uint32_t granter);
// What vCPU 1 of the racer runs (guest_secondary_main).
void secondary(std::uint32_t index);

}  // namespace hostile::race
