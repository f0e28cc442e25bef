"""TactusRTWeigher, Nova's RT-Weigher (thesis §4.2.2): worst fit on the
CPU capacity a host has left after the analysis of its real-time VMs plus
the request (tactus_nova.host). Non-real-time requests get the same weight
on every host, so Nova's default weighers (memory) alone order them.
Option [tactus] rt_weight_multiplier scales it against the others."""

from oslo_config import cfg
from oslo_log import log as logging

from nova.scheduler import weights

from tactus_nova import host

LOG = logging.getLogger(__name__)

_OPTS = [
    cfg.FloatOpt("rt_weight_multiplier", default=1000.0,
                 help="Multiplier of TactusRTWeigher; large, so that for real-time VMs "
                      "the remaining CPU capacity outweighs Nova's memory weigher "
                      "(thesis Table 4.1)."),
]
cfg.CONF.register_opts(_OPTS, group="tactus")


class TactusRTWeigher(weights.BaseHostWeigher):
    """Weight = remaining CPU capacity in CPUs after admitting the request."""

    def weight_multiplier(self, host_state):
        return cfg.CONF.tactus.rt_weight_multiplier

    def _weigh_object(self, host_state, weight_properties):
        try:
            v = host.verdict(host_state, weight_properties)
        except Exception as exc:  # noqa: BLE001 - never raise into Nova
            LOG.warning("TactusRTWeigher: host %s weighed 0: %r", host_state.host, exc)
            return 0.0
        if not v.real_time or not v.admitted:
            return 0.0
        return v.spare_ppm / 1_000_000
