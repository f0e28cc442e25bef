# Issue 12, item 5: dmesg prints a snapshot and ends, although what it
# prints goes into the log it reads (domain 0 writes through it); -c moves
# the start; the commands after it run.
dmesg
dmesg -c
dmesg
list
