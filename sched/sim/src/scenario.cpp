// Scenario JSON parsing, validation and writing (scenario.h).
#include "sim/scenario.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace sim {
namespace {

using nlohmann::json;

struct Fail {
  std::string what;
};

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw Fail{where + ": " + why};
}

Time get_time(const json& j, const std::string& where) {
  Time t = 0;
  if (j.is_number()) {
    const double ms = j.get<double>();
    if (!std::isfinite(ms) || ms < 0 || ms > 1e12) fail(where, "time out of range");
    t = static_cast<Time>(std::llround(ms * static_cast<double>(kMs)));
  } else if (j.is_string()) {
    if (!parse_duration(j.get<std::string>(), t)) fail(where, "not a duration like \"10ms\"");
  } else {
    fail(where, "expected a duration (\"10ms\" or a number of ms)");
  }
  return t;
}

std::vector<std::uint32_t> get_cpus(const json& j, const std::string& where) {
  std::vector<std::uint32_t> out;
  if (j.is_string()) {
    if (!parse_cpu_list(j.get<std::string>(), out)) fail(where, "bad CPU list (e.g. \"0-3,6\")");
  } else if (j.is_number_unsigned()) {
    out.push_back(j.get<std::uint32_t>());
  } else if (j.is_array()) {
    for (const auto& e : j) {
      if (!e.is_number_unsigned()) fail(where, "CPU numbers must be non-negative integers");
      out.push_back(e.get<std::uint32_t>());
    }
  } else {
    fail(where, "expected a CPU list");
  }
  if (out.size() > 4096 || (!out.empty() && *std::max_element(out.begin(), out.end()) >= 4096))
    fail(where, "CPU numbers must be below 4096");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string get_string(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string");
  return j.get<std::string>();
}

bool get_bool(const json& j, const std::string& where) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer()) return j.get<long long>() != 0;  // xl style rt = 1
  fail(where, "expected true/false");
}

long long get_int(const json& j, const std::string& where, long long lo, long long hi) {
  if (!j.is_number_integer()) fail(where, "expected an integer");
  const long long v = j.get<long long>();
  if (v < lo || v > hi) fail(where, "out of range");
  return v;
}

ServerKind get_server(const json& j, const std::string& where) {
  const std::string s = get_string(j, where);
  if (s == "deferrable") return ServerKind::deferrable;
  if (s == "periodic" || s == "ptps") return ServerKind::periodic;
  if (s == "polling") return ServerKind::polling;
  if (s == "sporadic") return ServerKind::sporadic;
  if (s == "wcps") return ServerKind::wcps;
  if (s == "crps") return ServerKind::crps;
  fail(where, "unknown server (deferrable, periodic, polling, sporadic, wcps, crps)");
}

PriorityScheme get_priority_scheme(const json& j, const std::string& where) {
  const std::string s = get_string(j, where);
  if (s == "fixed") return PriorityScheme::fp;
  if (s == "dm") return PriorityScheme::dm;
  if (s == "rm") return PriorityScheme::rm;
  if (s == "edf") return PriorityScheme::edf;
  fail(where, "unknown priority scheme (fixed, dm, rm, edf)");
}

Placement get_placement(const json& j, const std::string& where) {
  const std::string s = get_string(j, where);
  if (s == "partitioned") return Placement::partitioned;
  if (s == "global") return Placement::global;
  fail(where, "expected partitioned or global");
}

void check_keys(const json& j, const std::string& where,
                std::initializer_list<const char*> allowed) {
  if (!j.is_object()) fail(where, "expected an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) fail(where + "." + it.key(), "unknown key");
  }
}

void apply_vcpu_keys(const json& j, const std::string& where, VcpuSpec& v) {
  if (j.contains("budget")) v.budget = get_time(j["budget"], where + ".budget");
  if (j.contains("period")) v.period = get_time(j["period"], where + ".period");
  if (j.contains("priority"))
    v.priority = static_cast<int>(get_int(j["priority"], where + ".priority", -1000000, 1000000));
  if (j.contains("rt")) v.rt = get_bool(j["rt"], where + ".rt");
  if (j.contains("server")) v.server = get_server(j["server"], where + ".server");
  if (j.contains("cpus")) v.cpus = get_cpus(j["cpus"], where + ".cpus");
  if (j.contains("phase")) v.phase = get_time(j["phase"], where + ".phase");
}

TaskSpec parse_task(const json& j, const std::string& where) {
  check_keys(j, where, {"name", "period", "wcet", "deadline", "offset", "etf", "priority", "vcpu"});
  TaskSpec t;
  if (!j.contains("period") || !j.contains("wcet")) fail(where, "needs period and wcet");
  t.name = j.contains("name") ? get_string(j["name"], where + ".name") : "";
  t.period = get_time(j["period"], where + ".period");
  t.wcet = get_time(j["wcet"], where + ".wcet");
  if (j.contains("deadline")) t.deadline = get_time(j["deadline"], where + ".deadline");
  if (j.contains("offset")) t.offset = get_time(j["offset"], where + ".offset");
  if (j.contains("etf")) {
    if (!j["etf"].is_number()) fail(where + ".etf", "expected a number in (0, 1]");
    t.etf = j["etf"].get<double>();
  }
  if (j.contains("priority"))
    t.priority = static_cast<int>(get_int(j["priority"], where + ".priority", -1000000, 1000000));
  if (j.contains("vcpu")) t.vcpu = static_cast<int>(get_int(j["vcpu"], where + ".vcpu", 0, 4095));
  return t;
}

DomainSpec parse_domain(const json& j, const std::string& where) {
  check_keys(j, where,
             {"name", "pool", "vcpus", "budget", "period", "priority", "rt", "server", "cpus",
              "phase", "vcpu", "guest", "guest_placement", "busy", "tasks"});
  DomainSpec d;
  if (!j.contains("name")) fail(where, "needs a name");
  d.name = get_string(j["name"], where + ".name");
  d.pool = j.contains("pool") ? get_string(j["pool"], where + ".pool") : "Pool-0";
  const auto n = j.contains("vcpus") ? get_int(j["vcpus"], where + ".vcpus", 1, 512) : 1;
  VcpuSpec defaults;
  apply_vcpu_keys(j, where, defaults);
  d.vcpus.assign(static_cast<std::size_t>(n), defaults);
  if (j.contains("vcpu")) {
    const json& a = j["vcpu"];
    if (!a.is_array() || a.size() > d.vcpus.size())
      fail(where + ".vcpu", "expected an array of at most vcpus entries");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string w = where + ".vcpu[" + std::to_string(i) + "]";
      check_keys(a[i], w, {"budget", "period", "priority", "rt", "server", "cpus", "phase"});
      apply_vcpu_keys(a[i], w, d.vcpus[i]);
    }
  }
  if (j.contains("guest")) {
    const std::string g = get_string(j["guest"], where + ".guest");
    if (g == "fp" || g == "rm")
      d.guest = GuestPolicy::fp;
    else if (g == "edf")
      d.guest = GuestPolicy::edf;
    else
      fail(where + ".guest", "expected fp, rm or edf");
  }
  if (j.contains("guest_placement"))
    d.guest_placement = get_placement(j["guest_placement"], where + ".guest_placement");
  if (j.contains("busy")) d.busy = get_bool(j["busy"], where + ".busy");
  if (j.contains("tasks")) {
    const json& a = j["tasks"];
    if (!a.is_array()) fail(where + ".tasks", "expected an array");
    for (std::size_t i = 0; i < a.size(); ++i) {
      TaskSpec t = parse_task(a[i], where + ".tasks[" + std::to_string(i) + "]");
      if (t.name.empty()) t.name = "t" + std::to_string(i + 1);
      d.tasks.push_back(std::move(t));
    }
  }
  return d;
}

PoolSpec parse_pool(const json& j, const std::string& where) {
  check_keys(j, where, {"name", "cpus", "server", "priority", "placement", "quantum"});
  PoolSpec p;
  p.name = j.contains("name") ? get_string(j["name"], where + ".name") : "Pool-0";
  if (!j.contains("cpus")) fail(where, "needs cpus");
  p.cpus = get_cpus(j["cpus"], where + ".cpus");
  if (j.contains("server")) p.server = get_server(j["server"], where + ".server");
  if (j.contains("priority")) p.priority = get_priority_scheme(j["priority"], where + ".priority");
  if (j.contains("placement")) p.placement = get_placement(j["placement"], where + ".placement");
  if (j.contains("quantum")) p.quantum = get_time(j["quantum"], where + ".quantum");
  return p;
}

}  // namespace

bool parse_duration(const std::string& text, Time& out) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return false;
  const std::string num = text.substr(0, i);
  if (std::count(num.begin(), num.end(), '.') > 1 || num == ".") return false;
  std::string unit = text.substr(i);
  double scale = 0;
  if (unit == "ns")
    scale = 1;
  else if (unit == "us")
    scale = 1e3;
  else if (unit == "ms" || unit.empty())
    scale = 1e6;
  else if (unit == "s")
    scale = 1e9;
  else
    return false;
  const double v = std::stod(num) * scale;
  if (!std::isfinite(v) || v > 1e18) return false;
  out = static_cast<Time>(std::llround(v));
  return true;
}

bool parse_cpu_list(const std::string& text, std::vector<std::uint32_t>& out) {
  out.clear();
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (part.empty()) return false;
    const auto dash = part.find('-');
    auto num = [](const std::string& s, std::uint32_t& v) {
      if (s.empty() || s.size() > 4 ||
          !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
      v = static_cast<std::uint32_t>(std::stoul(s));
      return v < 4096;
    };
    std::uint32_t a = 0, b = 0;
    if (dash == std::string::npos) {
      if (!num(part, a)) return false;
      b = a;
    } else if (!num(part.substr(0, dash), a) || !num(part.substr(dash + 1), b) || b < a) {
      return false;
    }
    for (std::uint32_t c = a; c <= b; ++c) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return !out.empty();
}

std::string validate(const Scenario& s) {
  if (s.duration <= 0) return "duration: must be > 0";
  if (s.pools.empty()) return "pools: at least one pool";
  std::set<std::uint32_t> used;
  std::set<std::string> pool_names;
  for (std::size_t p = 0; p < s.pools.size(); ++p) {
    const auto& pool = s.pools[p];
    const std::string w = "pools[" + std::to_string(p) + "]";
    if (!pool_names.insert(pool.name).second) return w + ".name: duplicate pool";
    if (pool.cpus.empty()) return w + ".cpus: empty";
    for (auto c : pool.cpus)
      if (!used.insert(c).second)
        return w + ".cpus: pCPU " + std::to_string(c) + " is in two pools";
  }
  std::set<std::string> dom_names;
  for (std::size_t di = 0; di < s.domains.size(); ++di) {
    const auto& d = s.domains[di];
    const std::string w = "domains[" + std::to_string(di) + "]";
    if (d.name.empty() || !dom_names.insert(d.name).second) return w + ".name: empty or duplicate";
    const PoolSpec* pool = nullptr;
    for (const auto& p : s.pools)
      if (p.name == d.pool) pool = &p;
    if (!pool) return w + ".pool: no pool named \"" + d.pool + "\"";
    if (d.vcpus.empty()) return w + ".vcpus: at least one";
    for (std::size_t i = 0; i < d.vcpus.size(); ++i) {
      const auto& v = d.vcpus[i];
      const std::string wv = w + ".vcpu[" + std::to_string(i) + "]";
      if (v.period <= 0) return wv + ".period: must be > 0";
      if (v.budget <= 0 || v.budget > v.period) return wv + ".budget: must be in (0, period]";
      if (v.phase < 0 || v.phase >= s.duration) return wv + ".phase: must be in [0, duration)";
      for (auto c : v.cpus)
        if (std::find(pool->cpus.begin(), pool->cpus.end(), c) == pool->cpus.end())
          return wv + ".cpus: pCPU " + std::to_string(c) + " is not in pool " + pool->name;
    }
    if (d.busy && !d.tasks.empty()) return w + ".busy: a busy domain has no tasks";
    std::set<std::string> task_names;
    for (std::size_t ti = 0; ti < d.tasks.size(); ++ti) {
      const auto& t = d.tasks[ti];
      const std::string wt = w + ".tasks[" + std::to_string(ti) + "]";
      if (!task_names.insert(t.name).second) return wt + ".name: duplicate";
      if (t.period <= 0) return wt + ".period: must be > 0";
      if (t.wcet <= 0) return wt + ".wcet: must be > 0";
      if (t.deadline < 0) return wt + ".deadline: must be >= 0";
      if (t.offset < 0) return wt + ".offset: must be >= 0";
      if (!(t.etf > 0.0 && t.etf <= 1.0)) return wt + ".etf: must be in (0, 1]";
      if (d.guest_placement == Placement::partitioned &&
          (t.vcpu < 0 || static_cast<std::size_t>(t.vcpu) >= d.vcpus.size()))
        return wt + ".vcpu: must name one of the domain's vCPUs";
    }
  }
  return "";
}

ParseResult parse_scenario(const std::string& text) {
  ParseResult r;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    r.error = "not valid JSON";
    return r;
  }
  try {
    check_keys(j, "scenario", {"name", "duration", "seed", "pools", "domains", "comment"});
    Scenario s;
    if (j.contains("name")) s.name = get_string(j["name"], "name");
    if (j.contains("duration")) s.duration = get_time(j["duration"], "duration");
    if (j.contains("seed"))
      s.seed = static_cast<std::uint64_t>(get_int(j["seed"], "seed", 0, INT64_MAX));
    if (!j.contains("pools") || !j["pools"].is_array()) fail("pools", "expected an array");
    for (std::size_t i = 0; i < j["pools"].size(); ++i)
      s.pools.push_back(parse_pool(j["pools"][i], "pools[" + std::to_string(i) + "]"));
    if (!j.contains("domains") || !j["domains"].is_array()) fail("domains", "expected an array");
    for (std::size_t i = 0; i < j["domains"].size(); ++i) {
      DomainSpec d = parse_domain(j["domains"][i], "domains[" + std::to_string(i) + "]");
      // Partitioned guests: a task without "vcpu" goes to vCPU (index mod vcpus).
      for (std::size_t t = 0; t < d.tasks.size(); ++t)
        if (d.tasks[t].vcpu < 0 && d.guest_placement == Placement::partitioned)
          d.tasks[t].vcpu = static_cast<int>(t % d.vcpus.size());
      for (auto& v : d.vcpus)
        if (v.budget == 0 && v.period > 0 && !v.rt) v.budget = v.period;  // non-RT: full budget
      s.domains.push_back(std::move(d));
    }
    const std::string bad = validate(s);
    if (!bad.empty()) fail("scenario", bad);
    r.scenario = std::move(s);
    r.ok = true;
  } catch (const Fail& f) {
    r.error = f.what;
  } catch (const std::exception& e) {
    r.error = std::string("malformed value: ") + e.what();
  }
  return r;
}

ParseResult load_scenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ParseResult r;
    r.error = "cannot open " + path;
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str());
}

namespace {
std::string time_json(Time t) {
  if (t % kSec == 0) return std::to_string(t / kSec) + "s";
  if (t % kMs == 0) return std::to_string(t / kMs) + "ms";
  if (t % kUs == 0) return std::to_string(t / kUs) + "us";
  return std::to_string(t) + "ns";
}
nlohmann::ordered_json cpus_json(const std::vector<std::uint32_t>& c) {
  return nlohmann::ordered_json(c);
}
}  // namespace

std::string scenario_to_json(const Scenario& s) {
  // Hand-laid-out JSON: one line per pool, vCPU and task, so generated
  // files stay readable and diffable.
  using oj = nlohmann::ordered_json;
  std::string o = "{\n";
  o += "  \"name\": " + oj(s.name).dump() + ", \"duration\": " + oj(time_json(s.duration)).dump() +
       ", \"seed\": " + std::to_string(s.seed) + ",\n";
  o += "  \"pools\": [\n";
  for (std::size_t i = 0; i < s.pools.size(); ++i) {
    const auto& p = s.pools[i];
    oj pj{{"name", p.name},
          {"cpus", cpus_json(p.cpus)},
          {"server", name(p.server)},
          {"priority", name(p.priority)},
          {"placement", name(p.placement)}};
    if (p.quantum) pj["quantum"] = time_json(p.quantum);
    o += "    " + pj.dump() + (i + 1 < s.pools.size() ? ",\n" : "\n");
  }
  o += "  ],\n  \"domains\": [\n";
  for (std::size_t di = 0; di < s.domains.size(); ++di) {
    const auto& d = s.domains[di];
    oj head{{"name", d.name},
            {"pool", d.pool},
            {"vcpus", d.vcpus.size()},
            {"guest", name(d.guest)},
            {"guest_placement", name(d.guest_placement)}};
    if (d.busy) head["busy"] = true;
    std::string h = head.dump();
    h.pop_back();  // reopen the object
    o += "    " + h + ",\n     \"vcpu\": [";
    for (std::size_t i = 0; i < d.vcpus.size(); ++i) {
      const auto& v = d.vcpus[i];
      oj vj{{"budget", time_json(v.budget)},
            {"period", time_json(v.period)},
            {"priority", v.priority},
            {"rt", v.rt}};
      if (v.server) vj["server"] = name(*v.server);
      if (!v.cpus.empty()) vj["cpus"] = cpus_json(v.cpus);
      if (v.phase) vj["phase"] = time_json(v.phase);
      o += (i ? ",\n              " : "") + vj.dump();
    }
    o += "],\n     \"tasks\": [";
    for (std::size_t i = 0; i < d.tasks.size(); ++i) {
      const auto& t = d.tasks[i];
      oj tj{{"name", t.name}, {"period", time_json(t.period)}, {"wcet", time_json(t.wcet)}};
      if (t.deadline) tj["deadline"] = time_json(t.deadline);
      if (t.offset) tj["offset"] = time_json(t.offset);
      if (t.etf != 1.0) tj["etf"] = t.etf;
      if (t.priority) tj["priority"] = *t.priority;
      if (d.guest_placement == Placement::partitioned) tj["vcpu"] = t.vcpu;
      o += std::string(i ? ",\n       " : "\n       ") + tj.dump();
    }
    o += "]}";
    o += di + 1 < s.domains.size() ? ",\n" : "\n";
  }
  o += "  ]\n}\n";
  return o;
}

}  // namespace sim
