#!/bin/sh
# util-linux ipcmk, ipcs and ipcrm on System V semaphores; keys and times masked (ipcmk picks random keys).
mask() { sed -E 's/0x[0-9a-f]{8}/KEY/g; s/-?[0-9]{9,10}( |$)/KEY\1/g; s/(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} +[0-9]+ [0-9:]{8} [0-9]{4}/DATE/g; s/[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/DATE/g'; }
ipcmk -S 3 -p 0640
ipcmk -S 1
ipcs -s | mask
ipcs -s -i 0 | mask
ipcs -s -t | mask
ipcs -s -c | mask
ipcs -s -p | mask
ipcs -s -l
ipcs -s -u
ipcs -s --human -l
ipcrm -s 1; echo "ipcrm: $?"
ipcrm -s 7; echo "ipcrm missing: $?"
ipcs -s | mask
# The key column (a random key in decimal) and the times.
sed -E '2,$ s/^ *-?[0-9]+/KEY/; s/ [0-9]{10}( |$)/ TIME\1/g' /proc/sysvipc/sem
cat /proc/sys/kernel/sem /proc/sys/kernel/sem_next_id
ipcrm -a; echo "ipcrm -a: $?"
ipcs -s | mask
