// Fuzz target for the toolstack. Each input line runs through
// Shell::run_line into a Toolstack over FakeControl (tests/unit/toolstack).
// Invariants (abort on violation): a refused line prints exactly one line
// "error: ..." and leaves every domain and pool as it was; whatever runs,
// every CPU stays in exactly one pool, Pool-0 and domain 0 exist, pool
// domain counts match, every vCPU has 0 < budget <= period, and free plus
// allocated memory is constant.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness.h"

namespace {

using toolstack::test::FakeControl;
using toolstack::test::Rig;
using toolstack::test::StringSink;
namespace abi = tactus::abi;

void check(bool condition) {
  if (!condition) std::abort();
}

std::string snapshot(const FakeControl& hv) {
  std::string s;
  for (const auto& [id, d] : hv.domains) {
    s += std::to_string(id) + ":" + d.info.name + ":" + std::to_string(d.info.pool) + ":" +
         std::to_string(d.info.state) + ";";
    for (std::uint32_t v = 0; v < d.info.vcpus; ++v)
      s += std::to_string(d.vcpu[v].budget_ns) + "/" + std::to_string(d.vcpu[v].period_ns) + "/" +
           std::to_string(d.vcpu[v].server) + "/" + std::to_string(d.vcpu[v].flags) + "/" +
           std::to_string(d.vcpu[v].priority) + "/" + std::to_string(d.vcpu[v].cpus.words[0]) + ",";
  }
  for (const auto& [id, p] : hv.pools)
    s += "|" + std::to_string(id) + p.name + ":" + std::to_string(p.cpus.words[0]) + ":" +
         std::to_string(p.domains);
  return s;
}

void check_invariants(const FakeControl& hv) {
  check(hv.pools.count(0) == 1 && hv.domains.count(0) == 1 && hv.domains.at(0).info.pool == 0);
  std::uint64_t allocated = 0;
  for (const auto& [id, d] : hv.domains) {
    allocated += d.info.memory_bytes;
    check(hv.pools.count(d.info.pool) == 1);
    for (std::uint32_t v = 0; v < d.info.vcpus; ++v)
      check(d.vcpu[v].budget_ns > 0 && d.vcpu[v].budget_ns <= d.vcpu[v].period_ns);
  }
  check(allocated + hv.free_bytes == 100 * FakeControl::kMiB + 32 * FakeControl::kMiB);
  for (std::uint32_t cpu = 0; cpu < hv.nr_cpus; ++cpu) {
    int owners = 0;
    for (const auto& [id, p] : hv.pools) owners += abi::cpu_mask_test(p.cpus, cpu) ? 1 : 0;
    check(owners == 1);
  }
  for (const auto& [id, p] : hv.pools) {
    std::uint32_t n = 0;
    for (const auto& [did, d] : hv.domains) n += d.info.pool == id ? 1 : 0;
    check(p.domains == n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Rig rig;
  rig.hv.nr_cpus = 4;
  for (std::uint32_t cpu = 2; cpu < 4; ++cpu) abi::cpu_mask_set(rig.hv.pools[0].cpus, cpu);
  rig.hv.modules["two.cfg"] =
      "name = \"a\"\nkernel = \"busy\"\nmemory = 8\n---\nname = \"b\"\nkernel = \"rt-tasks\"\nrt = "
      "1\n";
  rig.hv.modules["bad.cfg"] =
      "name = \"c\"\nkernel = \"busy\"\n---\nname = \"d\"\nkernel = \"nosuch\"\n";
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  int lines = 0;
  while (!rest.empty() && lines++ < 64) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    const std::string before = snapshot(rig.hv);
    StringSink out;
    bool ok = rig.sh->run_line(line, out);
    if (!ok) {
      check(out.text.rfind("error: ", 0) == 0);
      check(out.text.find('\n') == out.text.size() - 1);
      check(snapshot(rig.hv) == before);
    }
    check_invariants(rig.hv);
  }
  return 0;
}
