# Issue 12, item 4: domain 0 creates a 256 MiB domain while rt-tasks runs
# beside it on the same pCPU. Before the fix the hypervisor zeroed all of
# it inside one hypercall (about 26 ms of emulated time per MiB); now it is
# populated 64 KiB per VM exit, continued, and charged to domain 0.
create name=large kernel=busy memory=256
list
