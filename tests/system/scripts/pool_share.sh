# Issue 6 system test (a): a pool on 1 of 2 pCPUs, an rt-tasks domain
# migrated into it, its server and budget changed: its CPU share follows.
# The domains are created paused so that they run only with their final
# settings; `twin` keeps the original 2 ms / 10 ms in Pool-0 for comparison.
# Shares count from a domain's creation, paused time included: twin, whose
# settings are final, is unpaused at once, and rtdom is created last so
# that it waits only a few ms before its unpause (a create takes domain 0
# about 0.3 s now that its memory is populated on domain 0's budget).
create -p name=twin kernel=rt-tasks memory=4 cmdline=tasks=10000:9000:100000 rt=1 server=deferrable budget=2ms period=10ms
unpause twin
create -p name=rtdom kernel=rt-tasks memory=4 cmdline=tasks=10000:9000:100000 rt=1 server=deferrable budget=2ms period=10ms
cpupool-create name=rt sched=gedf cpus=1
cpupool-migrate rtdom rt
sched-rt -d rtdom -s periodic -b 5ms -p 10ms
unpause rtdom
sched-rt -c rt
cpupool-list -c
