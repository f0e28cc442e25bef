"""Real-time interfaces of VMs as Nova sees them: parsing the tactus:*
flavor extra specs and scheduler hints (names in docs/openstack.md) into
per-vCPU servers for the analysis. The budget is shared by the VM's vCPUs
and split evenly by the C++ analysis (thesis ch. 4); nothing here decides
schedulability. Pure functions; errors are InterfaceError with a reason."""

from dataclasses import dataclass

KEY_RT = "tactus:rt"
KEY_BUDGET = "tactus:budget_us"
KEY_PERIOD = "tactus:period_us"
KEY_SERVER = "tactus:server"
KEYS = (KEY_RT, KEY_BUDGET, KEY_PERIOD, KEY_SERVER)

# The management domain's default server kind (domcfg::VcpuParams).
DEFAULT_SERVER = "deferrable"
SERVERS = ("deferrable", "periodic")
NS_PER_US = 1000


class InterfaceError(ValueError):
    """A real-time interface that cannot be analysed; str() is the reason."""


@dataclass(frozen=True)
class Server:
    budget_ns: int
    period_ns: int
    deferrable: bool


def _truth(value):
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise InterfaceError(f"{KEY_RT}={value!r} is not a boolean")


def _integer(key, value):
    text = str(value).strip()
    if not text.isdigit():
        raise InterfaceError(f"{key}={value!r} is not a positive integer")
    return int(text)


def merged(extra_specs, hints=None):
    """The tactus:* keys of a flavor's extra specs, overridden by hints.

    Scheduler hints arrive as lists of strings; the first value counts."""
    out = {k: v for k, v in (extra_specs or {}).items() if k in KEYS}
    for key, value in (hints or {}).items():
        if key in KEYS:
            if isinstance(value, (list, tuple)):
                if not value:
                    continue
                value = value[0]
            out[key] = value
    return out


def is_real_time(keys):
    return _truth(keys.get(KEY_RT, "false"))


def servers(keys, vcpus, analysis):
    """The vCPU servers of a real-time VM with `vcpus` vCPUs.

    `analysis` is the tactus_analysis extension (bounds and the split)."""
    if isinstance(vcpus, bool) or not isinstance(vcpus, int):
        raise InterfaceError(f"vcpus={vcpus!r} is not an integer")
    if not 1 <= vcpus <= analysis.MAX_DOMAIN_VCPUS:
        raise InterfaceError(f"vcpus={vcpus} out of range 1..{analysis.MAX_DOMAIN_VCPUS}")
    for key in (KEY_BUDGET, KEY_PERIOD):
        if key not in keys:
            raise InterfaceError(f"real-time VM without {key}")
    budget = _integer(KEY_BUDGET, keys[KEY_BUDGET]) * NS_PER_US
    period = _integer(KEY_PERIOD, keys[KEY_PERIOD]) * NS_PER_US
    server = str(keys.get(KEY_SERVER, DEFAULT_SERVER)).strip().lower()
    if server not in SERVERS:
        raise InterfaceError(f"{KEY_SERVER}={server!r} is not one of {', '.join(SERVERS)}")
    if not analysis.MIN_PERIOD_NS <= period <= analysis.MAX_PERIOD_NS:
        raise InterfaceError(
            f"{KEY_PERIOD} out of range {analysis.MIN_PERIOD_NS // NS_PER_US}.."
            f"{analysis.MAX_PERIOD_NS // NS_PER_US}")
    if budget > vcpus * period:
        raise InterfaceError(f"{KEY_BUDGET} above {vcpus} vCPU(s) x {KEY_PERIOD}")
    if budget < vcpus * analysis.MIN_BUDGET_NS:
        raise InterfaceError(
            f"{KEY_BUDGET} below {analysis.MIN_BUDGET_NS // NS_PER_US} per vCPU")
    split = analysis.split_budget(budget, period, vcpus)
    if not split["ok"]:
        raise InterfaceError(f"budget split: {split['reason']}")
    return [Server(b, period, server == "deferrable") for b in split["budgets"]]
