// tactus_analysis: the Python extension the Nova plugins (cloud/tactus_nova)
// call. It exposes the hosted build of sched/analysis, the same source that
// domain 0's `admit` runs, and domcfg's bounds on budgets and periods; it
// holds no analysis of its own (gedf_interface gives the openstack
// experiment its VMs' interfaces, tools/openstack_experiment.py). Analysis
// errors come back as values ({"ok": False, "reason": ...}), never as
// Python exceptions; only
// arguments of the wrong Python type raise (TypeError), and the plugins
// catch that too. No state: every function is pure.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/gedf.h"
#include "analysis/mpr.h"
#include "analysis/packing.h"
#include "analysis/vcpu_map.h"
#include "domcfg/domain_config.h"

namespace py = pybind11;

namespace {

// (budget, period, group, deferrable), times in one unit chosen by the caller.
using VcpuTuple = std::tuple<std::int64_t, std::int64_t, std::uint32_t, bool>;

py::dict failure(const char* reason) {
  py::dict d;
  d["ok"] = false;
  d["reason"] = reason;
  return d;
}

// analysis::host_capacity with worst fit (RT-Filter + RT-Weigher, as admit).
py::dict host_capacity(const std::vector<VcpuTuple>& vcpus, std::uint32_t available,
                       const std::string& policy) {
  analysis::HostPolicy host{};
  if (policy == "edf") {
    host = analysis::HostPolicy::edf;
  } else if (policy == "dm") {
    host = analysis::HostPolicy::dm;
  } else {
    return failure("unknown host policy (edf or dm)");
  }
  if (vcpus.size() > analysis::kMaxVcpus) return failure("too many real-time vCPUs on the host");
  std::vector<analysis::HostVcpu> in;
  in.reserve(vcpus.size());
  for (const auto& [budget, period, group, deferrable] : vcpus)
    in.push_back({budget, period, group, deferrable});
  std::vector<std::uint32_t> assignment(in.size() + 1);
  auto cap = analysis::host_capacity(in, available, host, analysis::Fit::worst, assignment);
  if (!cap.ok()) return failure(cap.error().reason);
  py::dict d;
  d["ok"] = true;
  d["reason"] = "";
  d["admitted"] = cap->admitted;
  d["needed_pcpus"] = cap->needed_pcpus;
  d["spare_pcpus"] = cap->spare_pcpus;
  d["spare_bandwidth_ppm"] = cap->spare_bandwidth_ppm;
  d["assignment"] = assignment;
  return d;
}

// A budget shared by `vcpus` vCPUs of one period, split evenly
// (analysis::map_equal_split, thesis ch. 4). Zero budgets are not emitted.
py::dict split_budget(std::int64_t budget, std::int64_t period, std::uint32_t vcpus) {
  std::vector<analysis::VcpuParams> out(vcpus == 0 ? 1 : vcpus);
  auto n = analysis::map_equal_split({period, budget, vcpus}, out);
  if (!n.ok()) return failure(n.error().reason);
  std::vector<std::int64_t> budgets;
  for (std::size_t i = 0; i < *n; ++i) budgets.push_back(out[i].budget);
  py::dict d;
  d["ok"] = true;
  d["reason"] = "";
  d["budgets"] = budgets;
  return d;
}

// The MPR interface <period, budget, m'> of least budget for a gEDF guest
// (analysis::gedf_interface); tasks are (period, wcet, deadline).
py::dict gedf_interface(
    const std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>>& tasks,
    std::int64_t period, std::uint32_t max_parallelism) {
  std::vector<analysis::Task> in;
  for (const auto& [p, c, d] : tasks) {
    analysis::Task t;
    t.period = p;
    t.wcet = c;
    t.deadline = d;
    in.push_back(t);
  }
  auto r = analysis::gedf_interface(in, period, max_parallelism);
  if (!r.ok()) return failure(r.error().reason);
  py::dict d;
  d["ok"] = true;
  d["reason"] = "";
  d["period"] = r->period;
  d["budget"] = r->budget;
  d["parallelism"] = r->parallelism;
  return d;
}

}  // namespace

PYBIND11_MODULE(tactus_analysis, m) {
  m.doc() = "Tactus sched/analysis (host build) for the Nova scheduler plugins";
  m.def("host_capacity", &host_capacity, py::arg("vcpus"), py::arg("available"), py::arg("policy"));
  m.def("split_budget", &split_budget, py::arg("budget"), py::arg("period"), py::arg("vcpus"));
  m.def("gedf_interface", &gedf_interface, py::arg("tasks"), py::arg("period"),
        py::arg("max_parallelism"));
  m.attr("MIN_BUDGET_NS") = domcfg::kMinBudgetNs;
  m.attr("MIN_PERIOD_NS") = domcfg::kMinPeriodNs;
  m.attr("MAX_PERIOD_NS") = domcfg::kMaxPeriodNs;
  m.attr("MAX_DOMAIN_VCPUS") = domcfg::kMaxVcpus;
  m.attr("MAX_HOST_VCPUS") = analysis::kMaxVcpus;
  m.attr("MAX_PCPUS") = analysis::kMaxPcpus;
}
