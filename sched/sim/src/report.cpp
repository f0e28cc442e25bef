// Text and JSON reports of a simulation run (report.h).
#include "sim/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace sim {
namespace {

double share(Time t, Time total) {
  return total > 0 ? static_cast<double>(t) / static_cast<double>(total) : 0.0;
}

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

}  // namespace

void print_report(std::ostream& out, const Results& r) {
  const Time T = r.duration;
  out << "simulated " << fmt("%.3f", static_cast<double>(T) / 1e9) << " s, " << r.events
      << " event instants, " << r.host_calls << " scheduler calls, " << fmt("%.3f", r.wall_seconds)
      << " s wall\n\n";
  out << "task                      jobs   missed    DMR%    p50    p90    p99    max  cpu%\n";
  for (const auto& t : r.tasks) {
    char line[256];
    std::snprintf(line, sizeof line, "%-24s %6llu %8llu %7.3f %6.3f %6.3f %6.3f %6.3f %5.2f\n",
                  (t.domain + "/" + t.name).c_str(), static_cast<unsigned long long>(t.judged),
                  static_cast<unsigned long long>(t.missed), 100.0 * miss_ratio(t),
                  percentile(t.ratios, 50), percentile(t.ratios, 90), percentile(t.ratios, 99),
                  percentile(t.ratios, 100), 100.0 * share(t.cpu, T));
    out << line;
  }
  out << "\ndomain          jobs   missed    DMR%    p50    p99    max  cpu%\n";
  for (const auto& d : r.domains()) {
    const auto rs = ratios_of(r, d.name);
    char line[256];
    std::snprintf(line, sizeof line, "%-12s %7llu %8llu %7.3f %6.3f %6.3f %6.3f %5.2f\n",
                  d.name.c_str(), static_cast<unsigned long long>(d.judged),
                  static_cast<unsigned long long>(d.missed), 100.0 * d.miss_ratio(),
                  percentile(rs, 50), percentile(rs, 99), percentile(rs, 100),
                  100.0 * share(d.cpu, T));
    out << line;
  }
  out << "\nvcpu            cpu%  work%  dispatches  migrations\n";
  for (const auto& v : r.vcpus) {
    char line[256];
    std::snprintf(line, sizeof line, "%-12s %7.2f %6.2f %11llu %11llu\n",
                  (v.domain + "/v" + std::to_string(v.index)).c_str(), 100.0 * share(v.cpu, T),
                  100.0 * share(v.work, T), static_cast<unsigned long long>(v.dispatches),
                  static_cast<unsigned long long>(v.migrations));
    out << line;
  }
  out << "\npcpu  busy%  do_schedule  switches\n";
  for (std::size_t c = 0; c < r.pcpus.size(); ++c) {
    char line[128];
    std::snprintf(line, sizeof line, "%-4zu %6.2f %12llu %9llu\n", c,
                  100.0 * share(r.pcpus[c].busy, T),
                  static_cast<unsigned long long>(r.pcpus[c].schedules),
                  static_cast<unsigned long long>(r.pcpus[c].switches));
    out << line;
  }
}

std::string report_json(const Results& r) {
  using nlohmann::json;
  const Time T = r.duration;
  json j;
  j["duration_ns"] = T;
  j["events"] = r.events;
  j["host_calls"] = r.host_calls;
  j["wall_seconds"] = r.wall_seconds;
  j["tasks"] = json::array();
  for (const auto& t : r.tasks)
    j["tasks"].push_back({{"domain", t.domain},
                          {"name", t.name},
                          {"period_ns", t.period},
                          {"deadline_ns", t.deadline},
                          {"released", t.released},
                          {"judged", t.judged},
                          {"missed", t.missed},
                          {"dmr", miss_ratio(t)},
                          {"p50", percentile(t.ratios, 50)},
                          {"p90", percentile(t.ratios, 90)},
                          {"p99", percentile(t.ratios, 99)},
                          {"max", percentile(t.ratios, 100)},
                          {"cpu_share", share(t.cpu, T)}});
  j["domains"] = json::array();
  for (const auto& d : r.domains()) {
    const auto rs = ratios_of(r, d.name);
    j["domains"].push_back({{"name", d.name},
                            {"judged", d.judged},
                            {"missed", d.missed},
                            {"dmr", d.miss_ratio()},
                            {"p50", percentile(rs, 50)},
                            {"p99", percentile(rs, 99)},
                            {"max", percentile(rs, 100)},
                            {"cpu_share", share(d.cpu, T)}});
  }
  j["vcpus"] = json::array();
  for (const auto& v : r.vcpus)
    j["vcpus"].push_back({{"domain", v.domain},
                          {"index", v.index},
                          {"cpu_share", share(v.cpu, T)},
                          {"work_share", share(v.work, T)},
                          {"dispatches", v.dispatches},
                          {"migrations", v.migrations}});
  j["pcpus"] = json::array();
  for (const auto& p : r.pcpus)
    j["pcpus"].push_back(
        {{"busy_share", share(p.busy, T)}, {"schedules", p.schedules}, {"switches", p.switches}});
  return j.dump(1) + "\n";
}

}  // namespace sim
