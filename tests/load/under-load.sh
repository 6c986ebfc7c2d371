#!/bin/sh
# under-load.sh - the tests whose verdict could depend on time, run while
# two busy loops keep both CPUs of a CI machine taken (make test-load).
# kill-write, safe-write and write-faults stop the run at chosen system
# calls, the hostile inputs are judged by CPU time, and the live daemons
# are waited for in bounded loops: none of them may fail because the
# machine is slow.
# MH_BIN names the binary under test.
set -u
: "${MH_BIN:?MH_BIN must name the mta-harden binary}"
export MH_BIN
dir=$(cd "$(dirname "$0")/../integration" && pwd)
hogs=
trap 'for p in $hogs; do kill "$p" 2>/dev/null; done' EXIT INT TERM
# each loop ends on its own within the hour if the trap is never run
for n in 1 2; do
	timeout 3600 sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done
failed=0
for t in kill-write safe-write write-faults hostile live-postfix live-sendmail; do
	echo "== $t (under two busy loops)"
	start=$(date +%s)
	if [ "$t" = hostile ]; then
		MH_HOSTILE_FILTER=size/,many-continuations,10mb-line sh "$dir/$t.sh"
	else
		sh "$dir/$t.sh"
	fi || { echo "FAILED under load: $t"; failed=$((failed + 1)); }
	echo "   $(($(date +%s) - start)) s"
done
for p in $hogs; do
	kill -0 "$p" 2>/dev/null || { echo "a busy loop had stopped: the load was not there"; failed=$((failed + 1)); }
done
echo "test-load: $failed failed"
[ "$failed" -eq 0 ]
