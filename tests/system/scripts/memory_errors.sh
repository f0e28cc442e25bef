# Issue 12: a domain larger than free memory is refused at once with "not
# enough free memory" (before the fix the hypervisor zeroed all free memory
# for seconds, then said "guest memory too fragmented"); nothing changes.
info
create name=huge kernel=busy memory=65536
list
info
