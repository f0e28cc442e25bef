"""One host's real-time verdict for one request, shared by the RT-Filter
and the RT-Weigher: the host's interface (what a Tactus compute driver
reports in the compute node's stats, docs/openstack.md), the real-time VMs
already placed there (HostState.instances) plus the request, through the
C++ analysis (analysis::host_capacity, worst fit, as domain 0's admit).
Never raises: every failure becomes a refusal with a reason."""

from dataclasses import dataclass

from tactus_nova import interface

STAT_PCPUS = "tactus_rt_pcpus"
STAT_POLICY = "tactus_policy"
POLICIES = ("edf", "dm")
REQUEST_GROUP = 0x10000  # the request's vCPUs, apart from every placed VM's

try:
    import tactus_analysis as _analysis
    _IMPORT_ERROR = None
except ImportError as exc:  # reported per request, never raised into Nova
    _analysis = None
    _IMPORT_ERROR = str(exc)


@dataclass(frozen=True)
class Verdict:
    real_time: bool            # the request is a real-time VM
    admitted: bool             # the host may take it (always True for non-rt)
    reason: str = ""           # why not, or what was decided
    spare_ppm: int = 0         # remaining CPU capacity after the analysis


def request_keys(spec_obj):
    flavor = spec_obj.flavor
    hints = spec_obj.scheduler_hints if spec_obj.obj_attr_is_set("scheduler_hints") else {}
    return interface.merged(flavor.extra_specs, hints), flavor.vcpus


def instance_keys(instance):
    """A placed VM's interface: its flavor's extra specs, then its metadata
    (where a VM booted with scheduler hints keeps them, docs/openstack.md).
    Nova's HostManager gives filters Instance objects holding only a uuid
    and a context: reading flavor and metadata lazy-loads them."""
    flavor = instance.flavor
    return interface.merged(flavor.extra_specs, instance.metadata or {}), flavor.vcpus


def _host_interface(host_state):
    stats = host_state.stats or {}
    if STAT_PCPUS not in stats or STAT_POLICY not in stats:
        raise interface.InterfaceError(
            f"host reports no Tactus interface ({STAT_PCPUS}, {STAT_POLICY})")
    pcpus = str(stats[STAT_PCPUS]).strip()
    if not pcpus.isdigit() or not 1 <= int(pcpus) <= _analysis.MAX_PCPUS:
        raise interface.InterfaceError(f"host {STAT_PCPUS}={stats[STAT_PCPUS]!r} out of range")
    policy = str(stats[STAT_POLICY]).strip().lower()
    if policy not in POLICIES:
        raise interface.InterfaceError(f"host {STAT_POLICY}={policy!r} is not edf or dm")
    return int(pcpus), policy


def _placed_vcpus(host_state):
    vcpus = []
    for group, (uuid, inst) in enumerate(sorted((host_state.instances or {}).items())):
        try:
            keys, count = instance_keys(inst)
            if not interface.is_real_time(keys):
                continue
            vcpus += [(s.budget_ns, s.period_ns, group, s.deferrable)
                      for s in interface.servers(keys, count, _analysis)]
        except interface.InterfaceError as exc:
            raise interface.InterfaceError(f"placed VM {uuid}: {exc}") from exc
    return vcpus


def verdict(host_state, spec_obj):
    try:
        keys, count = request_keys(spec_obj)
        if not interface.is_real_time(keys):
            return Verdict(False, True, "not a real-time VM")
        if _analysis is None:
            return Verdict(True, False, f"tactus_analysis not importable: {_IMPORT_ERROR}")
        request = interface.servers(keys, count, _analysis)
    except interface.InterfaceError as exc:
        return Verdict(True, False, f"request: {exc}")
    except Exception as exc:  # noqa: BLE001 - nothing may raise into Nova
        return Verdict(True, False, f"request unreadable: {exc!r}")
    try:
        pcpus, policy = _host_interface(host_state)
        vcpus = _placed_vcpus(host_state)
        vcpus += [(s.budget_ns, s.period_ns, REQUEST_GROUP, s.deferrable) for s in request]
        cap = _analysis.host_capacity(vcpus, pcpus, policy)
    except interface.InterfaceError as exc:
        return Verdict(True, False, str(exc))
    except Exception as exc:  # noqa: BLE001 - nothing may raise into Nova
        return Verdict(True, False, f"host unreadable: {exc!r}")
    if not cap["ok"]:
        return Verdict(True, False, f"analysis not decided: {cap['reason']}")
    if not cap["admitted"]:
        return Verdict(True, False,
                       f"{len(vcpus)} real-time vCPU(s) cannot be packed onto {pcpus} pCPU(s) "
                       f"({policy}, worst fit)")
    return Verdict(True, True,
                   f"needs {cap['needed_pcpus']} of {pcpus} pCPU(s)",
                   max(0, cap["spare_bandwidth_ppm"]))
