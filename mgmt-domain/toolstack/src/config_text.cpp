// Configuration text (see toolstack/config_text.h). Pure functions.
#include "toolstack/config_text.h"

#include "support/text.h"
#include "toolstack/text.h"

namespace toolstack {
namespace {

bool write_string(support::Sink& out, std::string_view key, std::string_view value) {
  char quote = '"';
  if (value.find('"') != std::string_view::npos) {
    if (value.find('\'') != std::string_view::npos) return false;
    quote = '\'';
  }
  support::format_to(out, "{} = {}{}{}\n", key, quote, value, quote);
  return true;
}

bool is_blank_or_comment(std::string_view line) {
  line = support::trim(line);
  return line.empty() || line[0] == '#';
}

}  // namespace

bool write_config(support::Sink& out, const domcfg::DomainConfig& c) {
  if (!write_string(out, "name", c.name.view()) || !write_string(out, "kernel", c.kernel.view()))
    return false;
  if (!c.cmdline.empty() && !write_string(out, "cmdline", c.cmdline.view())) return false;
  support::format_to(out, "memory = {}\nvcpus = {}\n", c.memory_mib, c.vcpus);
  if (!c.pool.empty() && !write_string(out, "pool", c.pool.view())) return false;
  support::format_to(out, "vcpu_sched = [\n");
  for (std::uint32_t i = 0; i < c.vcpus && i < domcfg::kMaxVcpus; ++i) {
    const domcfg::VcpuParams& v = c.vcpu[i];
    support::format_to(out, "  \"vcpu={},server={},budget={}ns,period={}ns,priority={},rt={}", i,
                       domcfg::server_kind_name(v.server), v.budget_ns, v.period_ns, v.priority,
                       v.rt ? 1 : 0);
    if (!v.affinity.is_all()) {
      out.write(",cpus=", 6);
      write_cpu_list(out, to_mask(v.affinity));
    }
    support::format_to(out, "\",\n");
  }
  support::format_to(out, "]\n");
  if (c.vif_count != 0) {
    support::format_to(out, "vif = [\n");
    for (std::uint32_t i = 0; i < c.vif_count && i < domcfg::kMaxVifs; ++i) {
      const domcfg::VifConfig& v = c.vif[i];
      out.write("  \"", 3);
      bool any = false;
      if (v.has_mac) {
        support::format_to(out, "mac={:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", v.mac.bytes[0],
                           v.mac.bytes[1], v.mac.bytes[2], v.mac.bytes[3], v.mac.bytes[4],
                           v.mac.bytes[5]);
        any = true;
      }
      if (!v.bridge.empty())
        support::format_to(out, "{}bridge={}", any ? "," : "", v.bridge.view());
      support::format_to(out, "\",\n");
    }
    support::format_to(out, "]\n");
  }
  return true;
}

bool BlockReader::next(std::string_view& block, std::uint32_t& first_line) {
  while (!rest_.empty()) {
    const std::string_view start = rest_;
    const std::uint32_t start_line = line_;
    bool only_blank = true;
    std::size_t length = 0;
    while (!rest_.empty()) {
      std::size_t nl = rest_.find('\n');
      std::string_view line = rest_.substr(0, nl);
      rest_ = nl == std::string_view::npos ? std::string_view{} : rest_.substr(nl + 1);
      ++line_;
      if (support::trim(line) == "---") {
        break;
      }
      length = static_cast<std::size_t>(line.data() - start.data()) + line.size() +
               (nl == std::string_view::npos ? 0 : 1);
      if (!is_blank_or_comment(line)) only_blank = false;
    }
    if (!only_blank) {
      block = start.substr(0, length);
      first_line = start_line;
      return true;
    }
  }
  return false;
}

}  // namespace toolstack
