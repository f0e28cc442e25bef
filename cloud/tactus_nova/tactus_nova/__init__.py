"""Tactus' Nova scheduler plugins: tactus_nova.filters.TactusRTFilter and
tactus_nova.weighers.TactusRTWeigher (docs/openstack.md), over the C++
analysis in the tactus_analysis extension (cloud/ext)."""
