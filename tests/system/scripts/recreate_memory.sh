# Issue 6 system test (b): destroy a domain and create it again from the
# same configuration module; the free memory in `info` returns to where it
# was (all three `info` runs see the same set of domains).
info
destroy busy1
create busy1.cfg
info
destroy busy1
create busy1.cfg
info
