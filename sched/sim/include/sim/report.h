// Human-readable and JSON reports of a run: per task, per domain, per vCPU
// and per pCPU: deadline miss ratio, response-time/deadline percentiles
// (50, 90, 99, max) and CPU share of the simulated time. No locking.
#pragma once

#include <ostream>
#include <string>

#include "sim/stats.h"

namespace sim {

void print_report(std::ostream& out, const Results& r);
std::string report_json(const Results& r);

}  // namespace sim
