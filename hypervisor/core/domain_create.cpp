// Domains from configurations (see hv/domain_create.h).
#include "hv/domain_create.h"

#include "domcfg/parser.h"
#include "hv/console.h"
#include "hv/links.h"
#include "hv/log.h"
#include "hv/schedule.h"
#include "support/text.h"

namespace hv::domain_create {
namespace {

const bootinfo::BootInfo* g_info = nullptr;

std::string_view module_name(const bootinfo::Module& m) {
  std::string_view s = m.cmdline;
  std::size_t end = 0;
  while (end < s.size() && s[end] != ' ') ++end;
  return s.substr(0, end);
}

support::Bytes module_bytes(const bootinfo::Module& m) {
  return {reinterpret_cast<const std::uint8_t*>(m.start),
          static_cast<std::size_t>(m.end - m.start)};
}

sched::ServerKind server_of(domcfg::ServerKind k) {
  switch (k) {
    case domcfg::ServerKind::deferrable:
      return sched::ServerKind::deferrable;
    case domcfg::ServerKind::periodic:
      return sched::ServerKind::periodic;
    case domcfg::ServerKind::polling:
      return sched::ServerKind::polling;
    case domcfg::ServerKind::sporadic:
      return sched::ServerKind::sporadic;
    case domcfg::ServerKind::wcps:
      return sched::ServerKind::wcps;
    case domcfg::ServerKind::crps:
      return sched::ServerKind::crps;
  }
  return sched::ServerKind::deferrable;
}

support::Result<sched::Params> params_of(const domcfg::VcpuParams& p) {
  sched::Params out;
  out.server = server_of(p.server);
  out.budget = p.budget_ns;
  out.period = p.period_ns;
  out.priority = p.priority;
  out.rt = p.rt;
  if (p.affinity.is_all()) {
    out.cpu_mask = sched::CpuMask::all();
  } else {
    for (std::size_t w = 1; w < domcfg::CpuSet::kWords; ++w)
      if (p.affinity.word(w) != 0)
        return support::make_error(support::Errc::range, "cpus names a CPU above 63");
    out.cpu_mask = sched::CpuMask(p.affinity.word(0));
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

void set_boot_modules(const bootinfo::BootInfo& info) { g_info = &info; }

support::Result<support::Bytes> find_module(std::string_view name) {
  if (g_info != nullptr)
    for (std::size_t i = 0; i < g_info->module_count; ++i)
      if (module_name(g_info->modules[i]) == name) return module_bytes(g_info->modules[i]);
  return support::make_error(support::Errc::not_found, "no boot module of that name");
}

namespace {

// What a configuration names, looked up: the kernel module, the pool and
// the vCPUs' scheduler parameters.
struct Resolved {
  DomainSpec spec;
  sched::PoolId pool = 0;
  sched::Params params[kMaxVcpus];
};

support::Status resolve(const domcfg::DomainConfig& cfg, Resolved& out) {
  auto kernel = find_module(cfg.kernel.view());
  if (!kernel.ok())
    return support::make_error(support::Errc::not_found, "kernel: no boot module of that name");
  auto pool = schedule::pools().find_pool(cfg.pool.view());
  if (!pool.ok())
    return support::make_error(support::Errc::not_found, "pool: no CPU pool of that name");
  out.pool = *pool;
  for (std::uint32_t i = 0; i < cfg.vcpus; ++i) {
    auto p = params_of(cfg.vcpu[i]);
    if (!p.ok()) return p.error();
    out.params[i] = *p;
  }
  out.spec.name = cfg.name.view();
  out.spec.kernel = *kernel;
  out.spec.cmdline = cfg.cmdline.view();
  out.spec.memory_bytes = std::uint64_t{cfg.memory_mib} << 20;
  out.spec.vcpus = cfg.vcpus;
  return support::Status::success();
}

}  // namespace

support::Result<Domain*> begin(const domcfg::DomainConfig& cfg) {
  Resolved r;
  auto st = resolve(cfg, r);
  if (!st.ok()) return st.error();
  return domains::begin_build(r.spec);
}

support::Result<Domain*> finish(Domain& partial, const domcfg::DomainConfig& cfg) {
  Resolved r;
  auto st = resolve(cfg, r);
  if (!st.ok()) {
    domains::abandon_build(partial);
    return st.error();
  }
  auto d = domains::finish_build(partial, r.spec);
  if (!d.ok()) return d;
  st = links::attach(**d);
  if (!st.ok()) {
    domains::destroy(**d);
    return st.error();
  }
  st = schedule::start_domain(**d, r.pool, {r.params, cfg.vcpus});
  if (!st.ok()) {
    links::detach(**d);
    domains::destroy(**d);
    return st.error();
  }
  return d;
}

support::Result<Domain*> create(const domcfg::DomainConfig& cfg) {
  auto d = begin(cfg);
  if (!d.ok()) return d;
  for (;;) {
    auto done = domains::populate_step(**d, ~std::uint64_t{0});
    if (!done.ok()) return done.error();
    if (*done) return finish(**d, cfg);
  }
}

bool create_dom0(std::uint64_t memory_mib) {
  const bootinfo::Module* kernel = nullptr;
  SpecModule modules[kMaxSpecModules];
  std::size_t n = 0;
  for (std::size_t i = 0; g_info != nullptr && i < g_info->module_count; ++i) {
    const bootinfo::Module& m = g_info->modules[i];
    std::string_view name = module_name(m);
    if (name == "dom0") kernel = &m;
    if ((ends_with(name, ".cfg") || ends_with(name, ".sh")) && n < kMaxSpecModules)
      modules[n++] = {name, module_bytes(m)};
  }
  if (kernel == nullptr) return false;
  std::string_view cmdline = kernel->cmdline.substr(module_name(*kernel).size());
  while (!cmdline.empty() && cmdline[0] == ' ') cmdline.remove_prefix(1);
  DomainSpec spec;
  spec.name = "Domain-0";
  spec.kernel = module_bytes(*kernel);
  spec.cmdline = cmdline;
  spec.memory_bytes = memory_mib << 20;
  spec.privileged = true;
  spec.modules = {modules, n};
  auto d = domains::build(spec);
  if (!d.ok()) {
    log::info("dom0: not built: {}", d.error().reason);
    return false;
  }
  auto st = links::attach(**d);
  // Domain 0 is a real-time vCPU with a modest deferrable budget: it is
  // responsive when the user types and costs nothing while it waits.
  sched::Params p;
  p.server = sched::ServerKind::deferrable;
  p.budget = 2000000;
  p.period = 10000000;
  p.rt = true;
  if (st.ok()) console::set_owner(*d);
  if (st.ok()) st = schedule::start_domain(**d, 0, {&p, 1});
  if (!st.ok()) {
    console::set_owner(nullptr);
    links::detach(**d);
    domains::destroy(**d);
    log::info("dom0: not started: {}", st.reason());
    return false;
  }
  log::info("domain 0 (Domain-0) started: {} MiB, {} module{} handed over, owns the console",
            memory_mib, n, n == 1 ? "" : "s");
  return true;
}

std::uint32_t create_boot_domains() {
  std::uint32_t created = 0;
  for (std::size_t i = 0; g_info != nullptr && i < g_info->module_count; ++i) {
    const bootinfo::Module& m = g_info->modules[i];
    std::string_view file = module_name(m);
    if (!ends_with(file, ".cfg")) continue;
    support::Bytes bytes = module_bytes(m);
    domcfg::ModuleReader reader({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
    domcfg::DomainOutcome out;
    while (reader.next(out)) {
      if (!out.ok) {
        support::FixedString<200> why;
        domcfg::format_error(why.sink(), out.error);
        log::info("config {}: {}; that domain is not built", file, why.view());
        continue;
      }
      auto d = create(out.config);
      if (!d.ok()) {
        log::info("config {}: domain '{}' (line {}) not built: {}", file, out.config.name.view(),
                  out.first_line, d.error().reason);
        continue;
      }
      ++created;
      log::info("domain {} ({}) started: kernel {}, {} MiB, {} vCPU{}, pool {}", (*d)->id,
                (*d)->name, out.config.kernel.view(), out.config.memory_mib, out.config.vcpus,
                out.config.vcpus == 1 ? "" : "s", out.config.pool.view());
    }
  }
  return created;
}

}  // namespace hv::domain_create
