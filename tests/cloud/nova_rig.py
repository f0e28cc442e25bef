"""A Nova scheduler without its database, for the cloud tests and the
openstack experiment: Debian's real nova.conf parsing, HostManager (its
filter and weigher handlers loading the classes named in the
configuration), HostState objects updated from ComputeNode objects with
the Instance objects already placed, and RequestSpec objects. Only the
three HostManager hooks that read the cell database at start-up are
replaced (no cells, no aggregates, no instance tracking)."""

import datetime
import uuid as uuid_module

import nova.conf
from nova import objects
from nova.scheduler import host_manager

objects.register_all()
CONF = nova.conf.CONF

# docs/openstack.md's example, as an operator writes it.
NOVA_CONF = """\
[filter_scheduler]
available_filters = nova.scheduler.filters.all_filters
available_filters = tactus_nova.filters.TactusRTFilter
enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,TactusRTFilter
weight_classes = nova.scheduler.weights.ram.RAMWeigher,tactus_nova.weighers.TactusRTWeigher
track_instance_changes = False

[tactus]
rt_weight_multiplier = 1000.0
"""


def load_config(path, text=NOVA_CONF):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    CONF.reset()
    CONF(["--config-file", str(path)], project="nova", default_config_files=[])


class Scheduler(host_manager.HostManager):
    """HostManager whose start-up reads no cell database."""

    def refresh_cells_caches(self):
        self.cells = {}
        self.enabled_cells = []

    def _init_aggregates(self):
        pass

    def _init_instance_info(self, computes_by_cell=None):
        pass

    def select(self, hosts, spec_obj):
        """Nova's filter then weigher pipeline: the weighed hosts, best first."""
        passed = list(self.get_filtered_hosts(hosts, spec_obj))
        return [w.obj for w in self.get_weighed_hosts(passed, spec_obj)]


def uuid_for(n):
    return str(uuid_module.UUID(int=n))


def flavor(vcpus, memory_mb, extra_specs=None):
    return objects.Flavor(name=f"f{vcpus}x{memory_mb}", flavorid=f"f{vcpus}x{memory_mb}",
                          vcpus=vcpus, memory_mb=memory_mb, root_gb=1, ephemeral_gb=0,
                          swap=0, extra_specs=dict(extra_specs or {}))


def instance(n, host, fl, metadata=None):
    return objects.Instance(uuid=uuid_for(n), host=host, node=host, flavor=fl,
                            vcpus=fl.vcpus, memory_mb=fl.memory_mb,
                            metadata=dict(metadata or {}))


def request(fl, hints=None, n=1_000_000):
    return objects.RequestSpec(
        instance_uuid=uuid_for(n), flavor=fl, num_instances=1,
        scheduler_hints={k: [str(v)] for k, v in (hints or {}).items()},
        image=objects.ImageMeta.from_dict({}), ignore_hosts=None, force_hosts=None,
        force_nodes=None, requested_destination=None, project_id="p", user_id="u")


def host_state(name, stats, memory_mb, instances, pcpus=4):
    """A HostState as HostManager builds it from a compute node's report.

    `stats` is what the compute driver reported (the tactus_* keys)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    used = sum(i.flavor.memory_mb for i in instances)
    compute = objects.ComputeNode(
        uuid=uuid_for(hash(name) & 0xFFFFFFFF), host=name, hypervisor_hostname=name,
        vcpus=pcpus, vcpus_used=sum(i.flavor.vcpus for i in instances),
        memory_mb=memory_mb, memory_mb_used=used, free_ram_mb=memory_mb - used,
        local_gb=1000, local_gb_used=0, free_disk_gb=1000, disk_available_least=1000,
        updated_at=now, host_ip="127.0.0.1", hypervisor_type="tactus", hypervisor_version=1,
        cpu_info="{}", supported_hv_specs=[], numa_topology=None,
        pci_device_pools=objects.PciDevicePoolList(objects=[]),
        stats={k: str(v) for k, v in stats.items()}, metrics="[]", running_vms=len(instances),
        current_workload=0, cpu_allocation_ratio=16.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0)
    hs = host_manager.HostState(name, name, uuid_for(1))
    service = {"disabled": False, "forced_down": False, "host": name, "binary": "nova-compute",
               "created_at": now, "updated_at": now, "last_seen_up": now}
    hs.update(compute=compute, service=service, aggregates=[],
              inst_dict={i.uuid: i for i in instances})
    return hs
