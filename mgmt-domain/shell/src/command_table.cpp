// The command table: names, usage lines and help texts (docs/shell.md).
// Static data; no locking.
#include "shell/command_table.h"

namespace shell {
namespace {

constexpr CommandSpec kCommands[] = {
    {CommandKind::help, "help", "help [<command>]", "List the commands or explain one",
     "List the commands, or show one command's usage and description."},
    {CommandKind::list, "list", "list [<domain>]", "List domains",
     "List domains (id, name, memory, vCPUs, state, pool, CPU time), or one domain."},
    {CommandKind::info, "info", "info", "Show CPUs, NUMA nodes, memory and version",
     "Show the host: CPUs, NUMA nodes, total and free memory, hypervisor version."},
    {CommandKind::dmesg, "dmesg", "dmesg [-c]", "Print the hypervisor log",
     "Print the hypervisor log.\n  -c  clear the log after printing it"},
    {CommandKind::create, "create", "create [-p] <module> | create [-p] <key>=<value>...",
     "Create domains from a config module or key=value pairs",
     "Create the domains of a configuration boot module (xl.cfg syntax, see\n"
     "docs/config.md), or one domain from inline key=value pairs, e.g.\n"
     "  create name=web kernel=busy memory=8\n"
     "  -p  leave the new domains paused"},
    {CommandKind::destroy, "destroy", "destroy <domain>", "End a domain and free its memory",
     "End a domain at once and return its memory. Domain 0 cannot be destroyed."},
    {CommandKind::pause, "pause", "pause <domain>", "Stop running a domain's vCPUs",
     "Stop scheduling a domain's vCPUs until it is unpaused."},
    {CommandKind::unpause, "unpause", "unpause <domain>", "Resume a paused domain",
     "Let a paused domain run again."},
    {CommandKind::shutdown, "shutdown", "shutdown [-w] <domain>", "Ask a domain to shut down",
     "Ask a domain to shut down cleanly.\n  -w  wait until it has gone"},
    {CommandKind::vcpu_list, "vcpu-list", "vcpu-list [<domain>]", "List vCPUs and where they run",
     "List vCPUs: domain, vCPU, current CPU, state, CPU time, affinity."},
    {CommandKind::vcpu_pin, "vcpu-pin", "vcpu-pin <domain> <vcpu|all> <cpus>",
     "Set the CPUs a vCPU may run on",
     "Restrict where vCPUs may run. <cpus> is a list such as 0-3,5 or ^1 or all."},
    {CommandKind::sched_rt, "sched-rt",
     "sched-rt [-d <domain> [-v <vcpu|all>] [-p <period>] [-b <budget>] [-s <server>]\n"
     "         [-P <priority>] [-r 0|1]] [-c <pool>]",
     "Show or set vCPU servers, budgets, periods, priorities",
     "Show the real-time parameters of every vCPU (server, budget, period,\n"
     "priority, rt flag, consumed time), or set them for a domain's vCPUs.\n"
     "Times are microseconds, or take a unit: 500us, 4ms, 1s.\n"
     "  -d  the domain          -v  one vCPU or all (default: all)\n"
     "  -p  period              -b  budget (at most the period)\n"
     "  -s  server: deferrable, periodic, polling, sporadic, wcps, crps\n"
     "  -P  priority 0-255      -r  real-time flag 0 or 1\n"
     "  -c  list only the domains of this pool"},
    {CommandKind::cpupool_list, "cpupool-list", "cpupool-list [-c] [<pool>]", "List CPU pools",
     "List CPU pools (name, CPUs, scheduler, domains), or one pool.\n"
     "  -c  list the CPUs of each pool"},
    {CommandKind::cpupool_create, "cpupool-create",
     "cpupool-create name=<pool> [sched=<policy>] [cpus=<cpus>] [server=<server>]",
     "Create a CPU pool with a scheduling policy",
     "Create a CPU pool. Policies: gedf pedf gdm pdm grm prm gfp pfp (g = global\n"
     "run queue, p = partitioned; EDF, deadline-, rate-monotonic, fixed priority);\n"
     "fp means pfp. Default gedf. Without cpus= the pool starts empty; whether\n"
     "the CPUs may be taken is checked when the command runs. server= is the\n"
     "default server of vCPUs in the pool."},
    {CommandKind::cpupool_destroy, "cpupool-destroy", "cpupool-destroy <pool>",
     "Destroy an empty CPU pool",
     "Destroy an empty pool; its CPUs go back to Pool-0. Pool-0 cannot be destroyed."},
    {CommandKind::cpupool_rename, "cpupool-rename", "cpupool-rename <pool> <new-name>",
     "Rename a CPU pool", "Rename a pool."},
    {CommandKind::cpupool_cpu_add, "cpupool-cpu-add", "cpupool-cpu-add <pool> <cpus|node:<n>>",
     "Add CPUs to a pool", "Move free CPUs (or all CPUs of a NUMA node) into a pool."},
    {CommandKind::cpupool_cpu_remove, "cpupool-cpu-remove",
     "cpupool-cpu-remove <pool> <cpus|node:<n>>", "Remove CPUs from a pool",
     "Take CPUs out of a pool. The last CPU of a pool with domains stays."},
    {CommandKind::cpupool_migrate, "cpupool-migrate", "cpupool-migrate <domain> <pool>",
     "Move a domain to another pool", "Move a domain and its vCPUs into another pool."},
    {CommandKind::cpupool_numa_split, "cpupool-numa-split", "cpupool-numa-split",
     "Make one pool per NUMA node", "Make one pool per NUMA node, each holding that node's CPUs."},
    {CommandKind::admit, "admit", "admit <module> | admit <key>=<value>...",
     "Check whether a domain's real-time vCPUs fit its pool",
     "Say whether a domain's real-time vCPUs fit its pool, and why, without\n"
     "creating it. Takes a configuration like create."},
    {CommandKind::trace, "trace", "trace [-c] [-n <count>]", "Dump the scheduling and IDC trace",
     "Dump the scheduling and IDC trace buffers.\n"
     "  -n  only the last <count> events    -c  clear the buffers afterwards"},
    {CommandKind::idc_stats, "idc-stats", "idc-stats [<domain>]",
     "Show inter-domain network statistics",
     "Show inter-domain network statistics per queue: packets, drops, batches."},
    {CommandKind::idc_queue, "idc-queue", "idc-queue [-m rtca|rr] [-b <batch>] [-l <limit>]",
     "Show or set the network back end's queueing",
     "Show or set the network back end's queueing.\n"
     "  -m  rtca (priority-aware) or rr (round robin)\n"
     "  -b  packets per TX round, 1-4096    -l  per-queue limit, 1-100000"},
};

}  // namespace

std::span<const CommandSpec> command_table() { return kCommands; }

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& spec : kCommands)
    if (spec.name == name) return &spec;
  return nullptr;
}

const CommandSpec& command_spec(CommandKind kind) {
  for (const CommandSpec& spec : kCommands)
    if (spec.kind == kind) return spec;
  return kCommands[0];
}

}  // namespace shell
