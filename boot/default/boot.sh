# Boot script of the default system: run by domain 0 before the prompt,
# each line echoed after `tactus# ` as if typed.
cpupool-create name=rt sched=gedf cpus=1
cpupool-migrate rt1 rt
cpupool-migrate rt2 rt
cpupool-list
list
sched-rt
