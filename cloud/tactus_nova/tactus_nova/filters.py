"""TactusRTFilter, Nova's RT-Filter (thesis §4.2.2): admission control of
real-time VMs by the C++ analysis over the host's already placed real-time
VMs (tactus_nova.host). Non-real-time requests pass untouched, so Nova's
default filters alone decide them. Refusals are logged with their reason."""

from oslo_log import log as logging

from nova.scheduler import filters

from tactus_nova import host

LOG = logging.getLogger(__name__)


class TactusRTFilter(filters.BaseHostFilter):
    """Pass a host iff its real-time vCPUs plus the request's pack onto its
    real-time pCPUs (analysis::host_capacity, worst fit)."""

    # A rebuild keeps the VM on its host and its interface: nothing to redo.
    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        try:
            v = host.verdict(host_state, spec_obj)
        except Exception as exc:  # noqa: BLE001 - never raise into Nova
            LOG.warning("TactusRTFilter: host %s refused: %r", host_state.host, exc)
            return False
        if not v.real_time:
            return True
        if v.admitted:
            LOG.debug("TactusRTFilter: host %s admits: %s", host_state.host, v.reason)
            return True
        LOG.info("TactusRTFilter: host %s refused: %s", host_state.host, v.reason)
        return False
