# Issue 6 system test (c): every bad command prints one `error:` line and
# `list` / `cpupool-list -c` are the same afterwards.
cpupool-create name=rt sched=pedf cpus=1
cpupool-migrate rtdom rt
list
cpupool-list -c
lst
destroy
destroy rtdom 2
destroy nosuch
cpupool-migrate rtdom nopool
sched-rt -d rtdom -b 12ms
vcpu-pin rtdom 0 0
cpupool-cpu-add rt 7
cpupool-cpu-remove rt 1
cpupool-destroy Pool-0
cpupool-destroy rt
destroy 0
cpupool-migrate 0 rt
list
cpupool-list -c
