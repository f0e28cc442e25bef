// Scenario files: a human-writable JSON description of pools, domains (with
// xl.cfg key names: name, vcpus, pool, cpus, and the sched-rt keys budget,
// period, priority, rt, server per vCPU), guest schedulers and tasks; see
// docs/simulator.md for the format. Parsing validates everything and names
// the first offending key; a bad file yields no scenario. Writing produces
// a file that parses back to the same scenario. No locking.
#pragma once

#include <string>

#include "sim/model.h"

namespace sim {

struct ParseResult {
  bool ok = false;
  Scenario scenario;
  std::string error;  // "domains[2].tasks[0].wcet: must be > 0"
};

ParseResult parse_scenario(const std::string& json_text);
ParseResult load_scenario(const std::string& path);
std::string scenario_to_json(const Scenario& s);

// "10ms", "250us", "1.5s", "100ns" or a bare number of ms -> ns. false on error.
bool parse_duration(const std::string& text, Time& out);
// xl-style CPU list "0-3,6" -> sorted unique numbers. false on error.
bool parse_cpu_list(const std::string& text, std::vector<std::uint32_t>& out);
// Validates a scenario built in code (generators); "" when fine.
std::string validate(const Scenario& s);

}  // namespace sim
