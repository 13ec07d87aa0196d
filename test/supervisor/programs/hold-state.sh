#!/bin/sh
# Makes some semaphore state in a session, writes what util-linux ipcs and /proc/<pid>/semundo show of it
# into $1/, says "ready" in $1/ready, and holds the state until a line arrives on the fifo $2.
dir=$1
fifo=$2
ipcmk -S 3 -p 0640 >/dev/null
ipcmk -S 1 >/dev/null
# A process that holds undo entries, and one asleep in semop (an ncount).
perl -MIPC::SysV=SEM_UNDO -e '$| = 1; semop(0, pack("s!3s!3", 1, 2, SEM_UNDO, 0, 1, SEM_UNDO)) or die "semop: $!"; print "$$\n"; open my $f, "<", $ARGV[0]; <$f>' "$fifo" > "$dir/holder" &
perl -e 'semop(0, pack("s!3", 2, -1, 0))' &
sleeper=$!
until [ -s "$dir/holder" ]; do sleep 0.01; done
until ipcs -s -i 0 | grep -q '^2 .* 1 '; do sleep 0.01; done
holder=$(cat "$dir/holder")
ipcs -s > "$dir/default"
ipcs -s -i 0 > "$dir/i0"
ipcs -s -i 1 > "$dir/i1"
ipcs -s -t > "$dir/t"
ipcs -s -c > "$dir/c"
ipcs -s -p > "$dir/p"
ipcs -s -l > "$dir/l"
ipcs -s -u > "$dir/u"
cat "/proc/$holder/semundo" > "$dir/undo"
echo ready > "$dir/ready"
wait %1
kill "$sleeper"
