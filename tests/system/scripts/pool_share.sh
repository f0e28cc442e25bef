# Issue 6 system test (a): a pool on 1 of 2 pCPUs, an rt-tasks domain
# migrated into it, its server and budget changed: its CPU share follows.
# The domain is created paused so that it runs only with the new settings.
create -p name=rtdom kernel=rt-tasks memory=4 cmdline=tasks=10000:9000:100000 rt=1 server=deferrable budget=2ms period=10ms
cpupool-create name=rt sched=gedf cpus=1
cpupool-migrate rtdom rt
sched-rt -d rtdom -s periodic -b 5ms -p 10ms
unpause rtdom
sched-rt -c rt
cpupool-list -c
