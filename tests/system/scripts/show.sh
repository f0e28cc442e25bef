# Shows the scheduling parameters and the domains (thesis Table 4.2 runs).
sched-rt
list
