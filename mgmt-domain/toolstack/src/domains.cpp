// Domain commands: list, info, dmesg, create, destroy/shutdown, pause,
// unpause, vcpu-list, vcpu-pin (see toolstack/toolstack.h). Output follows
// `xl`. Not thread-safe: one shell.
#include "support/text.h"
#include "toolstack/config_text.h"
#include "toolstack/errors.h"
#include "toolstack/text.h"
#include "toolstack/toolstack.h"

namespace toolstack {
namespace {

std::string_view name_of(const abi::DomainInfo& d) { return {d.name, support::cstr_len(d.name)}; }
std::string_view name_of(const abi::CpupoolInfo& p) { return {p.name, support::cstr_len(p.name)}; }

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint32_t kReapWaitMs = 2000;

void write_domain_row(support::Sink& out, const abi::DomainInfo& d) {
  support::FixedString<24> time;
  write_fixed(time.sink(), d.cpu_time_ns / 100'000'000, 1);  // seconds, one decimal
  support::format_to(out, "{:<40} {:>5} {:>5} {:>5}     {}  {:>8}\n", name_of(d), d.id,
                     d.memory_bytes / kMiB, d.vcpus, state_letters(d.state), time.view());
}

}  // namespace

bool Toolstack::list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  abi::DomainInfo one{};
  if (c.has_domain && !find_domain(c.domain, one, error)) return false;
  support::format_to(out, "{:<40} {:>5} {:>5} {:>5}     {}  {:>8}\n", "Name", "ID", "Mem", "VCPUs",
                     "State ", "Time(s)");
  if (c.has_domain) {
    write_domain_row(out, one);
    return true;
  }
  abi::DomainId ids[kMaxDomains];
  std::size_t n = domain_ids(ids, kMaxDomains);
  for (std::size_t i = 0; i < n; ++i) {
    abi::DomainInfo d{};
    if (hv_.domain_info(ids[i], d) >= 0) write_domain_row(out, d);
  }
  return true;
}

bool Toolstack::info(support::Sink& out, shell::ErrorLine& error) {
  abi::PhysInfo p{};
  if (std::int64_t r = hv_.physinfo(p); r < 0) return refused(error, "info", r);
  abi::DomainId ids[kMaxDomains];
  abi::PoolId pools[abi::kMaxPools];
  const std::size_t domains = domain_ids(ids, kMaxDomains);
  const std::size_t pool_count = pool_ids(pools, abi::kMaxPools);
  support::format_to(out, "{:<24}: {}\n", "host", "tactus");
  support::format_to(out, "{:<24}: {}\n", "nr_cpus", p.nr_cpus);
  support::format_to(out, "{:<24}: {}\n", "nr_nodes", p.nr_nodes);
  support::format_to(out, "{:<24}: {}\n", "cpu_mhz", p.tsc_khz / 1000);
  support::format_to(out, "{:<24}: {}\n", "total_memory", p.memory_total_bytes / kMiB);
  support::format_to(out, "{:<24}: {}\n", "free_memory", p.memory_free_bytes / kMiB);
  support::format_to(out, "{:<24}: {}\n", "free_memory_kib", p.memory_free_bytes / 1024);
  support::format_to(out, "{:<24}: {}\n", "nr_domains", domains);
  support::format_to(out, "{:<24}: {}\n", "nr_cpupools", pool_count);
  support::format_to(out, "{:<24}:\ncpu:    node\n", "cpu_topology");
  for (std::uint32_t cpu = 0; cpu < p.nr_cpus && cpu < abi::kMaxCpus; ++cpu)
    support::format_to(out, "{:>3}:    {:>4}\n", cpu, p.cpu_to_node[cpu]);
  support::format_to(out, "{:<24}: {}\n", "xen_version", "tactus ABI 1");
  return true;
}

// A snapshot: the log up to where it ended when the command started (a
// cursor past the end learns the end). What is printed goes into the log
// too, since domain 0 writes through it, so reading on would never end.
// Ctrl-C stops it between pieces (`^C`); -c then starts after what was printed.
bool Toolstack::dmesg(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  std::uint64_t end = ~0ull, lost = 0;
  if (std::int64_t n = hv_.read_log(end, {log_, sizeof log_}, lost); n < 0)
    return refused(error, "dmesg", n);
  std::uint64_t offset = dmesg_from_;
  while (offset < end) {
    if (hv_.interrupt_requested()) {
      out.write("^C\n", 3);
      break;
    }
    std::uint64_t want = end - offset < sizeof log_ ? end - offset : sizeof log_;
    std::int64_t n = hv_.read_log(offset, {log_, static_cast<std::size_t>(want)}, lost);
    if (n < 0) return refused(error, "dmesg", n);
    if (lost != 0) support::format_to(out, "(dmesg: {} bytes of older log lost)\n", lost);
    if (n == 0) break;
    out.write(log_, static_cast<std::size_t>(n));
  }
  if (c.flag) dmesg_from_ = offset;  // -c: later reads start after what was printed
  return true;
}

bool Toolstack::create(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  std::size_t count = 0;
  if (!load_configs(c, configs_, count, error)) return false;
  // Every check before the first domain is built.
  for (std::size_t i = 0; i < count; ++i) {
    const domcfg::DomainConfig& cfg = configs_[i];
    abi::DomainInfo existing{};
    if (find_domain_by_name(cfg.name.view(), existing)) {
      error.set("a domain of that name exists", cfg.name.view());
      return false;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (configs_[j].name.view() == cfg.name.view()) {
        error.set("the module names a domain twice", cfg.name.view());
        return false;
      }
    abi::CpupoolInfo pool{};
    std::string_view pool_name = cfg.pool.empty() ? std::string_view("Pool-0") : cfg.pool.view();
    if (!find_pool(pool_name, pool, error)) return false;
    if (mask_empty(pool.cpus)) {
      error.set("pool has no cpus", pool_name);
      return false;
    }
  }
  abi::DomainId created[kMaxModuleDomains];
  for (std::size_t i = 0; i < count; ++i) {
    const domcfg::DomainConfig& cfg = configs_[i];
    support::BufferSink text(text_, sizeof text_);
    bool written = write_config(text, cfg);
    std::int64_t r = written && !text.truncated() ? hv_.domain_create(text.view())
                                                  : abi::to_result(abi::Errno::inval);
    if (r < 0) {
      for (std::size_t j = 0; j < i; ++j) hv_.domain_destroy(created[j]);
      support::FixedString<shell::ErrorLine::kMax> line;
      if (r == abi::to_result(abi::Errno::noent))
        support::format_to(line.sink(), "create: '{}': no boot module '{}' for its kernel",
                           cfg.name.view(), cfg.kernel.view());
      else if (r == abi::to_result(abi::Errno::nomem))
        support::format_to(line.sink(), "create: '{}': not enough free memory for {} MiB",
                           cfg.name.view(), cfg.memory_mib);
      else
        support::format_to(line.sink(), "create: '{}': {} ({})", cfg.name.view(), errno_text(r),
                           errno_name(r));
      error.set_raw(line.view());
      return false;
    }
    created[i] = static_cast<abi::DomainId>(r);
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (c.flag) hv_.domain_pause(created[i]);
    support::format_to(out, "created domain {} ({}){}\n", created[i], configs_[i].name.view(),
                       c.flag ? ", paused" : "");
  }
  return true;
}

bool Toolstack::destroy(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  abi::DomainInfo d{};
  if (!find_domain(c.domain, d, error)) return false;
  if (d.id == hv_.self() || (d.flags & abi::kDomainInfoPrivileged) != 0) {
    error.set("cannot end the management domain", name_of(d));
    return false;
  }
  if (std::int64_t r = hv_.domain_destroy(d.id); r < 0) return refused(error, "destroy", r);
  // Like xl, return once the domain is gone (its memory back in the free pool).
  for (std::uint32_t waited = 0; waited < kReapWaitMs; waited += 1) {
    abi::DomainInfo again{};
    if (hv_.domain_info(d.id, again) < 0) return true;
    hv_.sleep_ms(1);
  }
  support::format_to(out, "warning: domain {} ({}) is ending but not gone yet\n", d.id, name_of(d));
  return true;
}

bool Toolstack::pause(const shell::Command& c, bool pause, shell::ErrorLine& error) {
  abi::DomainInfo d{};
  if (!find_domain(c.domain, d, error)) return false;
  if (d.id == hv_.self()) {
    error.set(pause ? "cannot pause the management domain" : "cannot unpause the management domain",
              name_of(d));
    return false;
  }
  const bool paused = d.state == static_cast<std::uint32_t>(abi::DomainRunState::paused);
  if (pause == paused) {
    error.set(pause ? "domain is already paused" : "domain is not paused", name_of(d));
    return false;
  }
  std::int64_t r = pause ? hv_.domain_pause(d.id) : hv_.domain_unpause(d.id);
  if (r < 0) return refused(error, pause ? "pause" : "unpause", r);
  return true;
}

bool Toolstack::vcpu_list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  abi::DomainInfo one{};
  if (c.has_domain && !find_domain(c.domain, one, error)) return false;
  abi::DomainId ids[kMaxDomains];
  std::size_t n = 1;
  if (c.has_domain)
    ids[0] = one.id;
  else
    n = domain_ids(ids, kMaxDomains);
  support::format_to(out, "{:<32} {:>5} {:>5}  {:<12} {:<6}  {}\n", "Name", "ID", "VCPU", "Pool",
                     "State", "Affinity");
  for (std::size_t i = 0; i < n; ++i) {
    abi::DomainInfo d{};
    if (hv_.domain_info(ids[i], d) < 0) continue;
    abi::CpupoolInfo pool{};
    if (hv_.pool_info(d.pool, pool) < 0) pool.name[0] = '\0';
    for (std::uint32_t v = 0; v < d.vcpus; ++v) {
      abi::VcpuSchedParams p{};
      support::FixedString<64> affinity;
      if (hv_.vcpu_sched_get(d.id, v, p) >= 0)
        write_cpu_list(affinity.sink(), p.cpus);
      else
        affinity.sink().put('?');
      support::format_to(out, "{:<32} {:>5} {:>5}  {:<12} {:<6}  {}\n", name_of(d), d.id, v,
                         name_of(pool), state_letters(d.state), affinity.view());
    }
  }
  return true;
}

bool Toolstack::vcpu_pin(const shell::Command& c, shell::ErrorLine& error) {
  abi::DomainInfo d{};
  if (!find_domain(c.domain, d, error)) return false;
  if (!c.vcpu.all && c.vcpu.index >= d.vcpus) {
    support::FixedString<16> v;
    support::format_to(v.sink(), "{}", c.vcpu.index);
    error.set("no such vcpu in the domain", v.view());
    return false;
  }
  abi::CpupoolInfo pool{};
  if (hv_.pool_info(d.pool, pool) < 0) {
    error.set("domain is in no pool", name_of(d));
    return false;
  }
  abi::CpuMask mask = c.cpus.is_all() ? pool.cpus : to_mask(c.cpus);
  for (std::uint32_t cpu = 0; cpu < abi::kMaxCpus; ++cpu)
    if (abi::cpu_mask_test(mask, cpu) && !abi::cpu_mask_test(pool.cpus, cpu)) {
      support::FixedString<shell::ErrorLine::kMax> line;
      support::format_to(line.sink(), "cpu {} is not in pool '{}' of domain '{}'", cpu,
                         name_of(pool), name_of(d));
      error.set_raw(line.view());
      return false;
    }
  const std::uint32_t first = c.vcpu.all ? 0 : c.vcpu.index;
  const std::uint32_t last = c.vcpu.all ? d.vcpus : c.vcpu.index + 1;
  abi::CpuMask old[abi::kMaxVcpusPerDomain];
  for (std::uint32_t v = first; v < last; ++v) {
    abi::VcpuSchedParams p{};
    if (std::int64_t r = hv_.vcpu_sched_get(d.id, v, p); r < 0)
      return refused(error, "vcpu-pin", r);
    old[v] = p.cpus;
  }
  for (std::uint32_t v = first; v < last; ++v) {
    if (std::int64_t r = hv_.vcpu_affinity(d.id, v, mask); r < 0) {
      for (std::uint32_t u = first; u < v; ++u) hv_.vcpu_affinity(d.id, u, old[u]);
      return refused(error, "vcpu-pin", r);
    }
  }
  return true;
}

}  // namespace toolstack
