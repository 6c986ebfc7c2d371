#!/bin/sh
# write-faults.sh - faults while writing lose nothing. On a real full
# filesystem (a small tmpfs this test mounts, filled page by page) and a
# read-only one, fix --write, fix --output and -o REPORT either finish
# whole or end with exit 2 or 3 and a message naming the file and the
# reason, every original file byte-identical (content, mode, owner, link
# count), no temporary file left, no report half written. Then, with the
# run stopped at its first write (strace, as in safe-write.sh), the
# target replaced by a directory or a FIFO, or its directory removed.
# Needs root (mount) and strace: without them it fails, never skips.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }
for tool in mount umount strace dd; do
	command -v "$tool" >/dev/null ||
	    { echo "write-faults: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done
tmp=$(mktemp -d)
mnt=$tmp/mnt
mkdir "$mnt"
cleanup() {
	umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
if ! mount -t tmpfs -o size=1m,mode=0755 tmpfs "$mnt" 2>"$tmp/mount.err"; then
	echo "write-faults: cannot mount a tmpfs (root is needed): $(cat "$tmp/mount.err")"
	exit 1
fi
# LeakSanitizer cannot run under ptrace (a sanitizer build)
traced_asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

# a Postfix and a sendmail configuration in one tree: several files change
fresh() {
	rm -rf "$1"
	mkdir -p "$1/etc"
	cp -R "$top/examples/postfix-insecure/etc/postfix" "$1/etc/postfix"
	cp -R "$top/examples/sendmail-insecure/etc/mail" "$1/etc/mail"
	chmod 640 "$1/etc/postfix/main.cf"
	ln "$1/etc/mail/access" "$1/etc/mail/access.link"
}
# state - every file below $1: name, mode, owner, group, links, content
state() {
	(cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do
		printf '%s %s ' "$f" "$(stat -c '%a %u %g %h %s' "$f")"
		cksum <"$f"
	done)
}
temps() { find "$1" -name '.*.mh-*' | wc -l; }
# fill - take every free page of the tmpfs but $1
fill() {
	rm -rf "$mnt/fill"
	mkdir "$mnt/fill"
	n=0
	while [ "$n" -lt 2000 ] &&
	    dd if=/dev/zero of="$mnt/fill/$n" bs=4096 count=1 2>/dev/null; do
		n=$((n + 1))
	done
	rm -f "$mnt/fill/$n"
	k=0
	while [ "$k" -lt "$1" ] && [ "$n" -gt 0 ]; do
		n=$((n - 1))
		rm -f "$mnt/fill/$n"
		k=$((k + 1))
	done
}
unfill() { rm -rf "$mnt/fill"; }

# what a whole run gives, on a filesystem with room
fresh "$tmp/ref"
"$MH_BIN" fix --profile dmz -q --output "$tmp/ref-out" "$tmp/ref/etc" >/dev/null 2>&1
fresh "$tmp/ref-w"
"$MH_BIN" fix --profile dmz -q --write "$tmp/ref-w/etc" >/dev/null 2>&1
new_w=$(state "$tmp/ref-w")
new_out=$(state "$tmp/ref-out")
[ -n "$new_out" ] && [ "$new_w" != "$(fresh "$tmp/x"; state "$tmp/x")" ] && ok ||
    bad "the reference runs changed nothing"

# ---- fix --write on a full filesystem, every amount of room ----
whole=0 refused=0
for room in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 16 20 24 32; do
	unfill
	fresh "$mnt/t"
	old=$(state "$mnt/t")
	fill "$room"
	"$MH_BIN" fix --profile dmz -q --write "$mnt/t/etc" >/dev/null 2>"$tmp/err"
	status=$?
	unfill
	now=$(state "$mnt/t")
	case $status in
	0|1)	whole=$((whole + 1))
		# the same as on a filesystem with room (but for the tree's path)
		[ "$now" = "$new_w" ] && ok || bad "--write, $room pages free: exit $status, not the whole fix" ;;
	3)	refused=$((refused + 1))
		[ "$now" = "$old" ] && ok || bad "--write, $room pages free: exit 3 and the tree changed"
		grep -q 'No space left on device; nothing was written' "$tmp/err" && ok ||
		    bad "--write, $room pages free: message: $(cat "$tmp/err")" ;;
	*)	bad "--write, $room pages free: exit $status: $(cat "$tmp/err")" ;;
	esac
	[ "$(temps "$mnt/t")" -eq 0 ] && ok || bad "--write, $room pages free: a temporary file is left"
done
[ "$whole" -gt 0 ] && [ "$refused" -gt 0 ] && ok ||
    bad "--write: the room swept did not cross from refused ($refused) to whole ($whole)"

# ---- fix --output onto a full filesystem ----
whole=0 refused=0
fresh "$tmp/t"
for room in 0 1 2 3 4 5 6 7 8 9 10 11 12 14 16 20 24 32 48; do
	unfill
	rm -rf "$mnt/out"
	fill "$room"
	"$MH_BIN" fix --profile dmz -q --output "$mnt/out" "$tmp/t/etc" >/dev/null 2>"$tmp/err"
	status=$?
	unfill
	case $status in
	0|1)	whole=$((whole + 1))
		[ "$(state "$mnt/out")" = "$new_out" ] && ok ||
		    bad "--output, $room pages free: exit $status, not the whole copy" ;;
	3)	refused=$((refused + 1))
		[ -z "$(find "$mnt/out" -type f 2>/dev/null)" ] && ok ||
		    bad "--output, $room pages free: exit 3 and files written: $(find "$mnt/out" -type f | head -3)"
		grep -q 'No space left on device' "$tmp/err" && ok ||
		    bad "--output, $room pages free: message: $(cat "$tmp/err")" ;;
	*)	bad "--output, $room pages free: exit $status: $(cat "$tmp/err")" ;;
	esac
done
[ "$whole" -gt 0 ] && [ "$refused" -gt 0 ] && ok ||
    bad "--output: the room swept did not cross from refused ($refused) to whole ($whole)"

# ---- -o REPORT on a full filesystem: whole, or the old report ----
whole=0 refused=0
for room in 0 1 2 3 4 5 6 8 12 16 24; do
	unfill
	echo "the old report" >"$mnt/report.json"
	fill "$room"
	"$MH_BIN" check -f json -o "$mnt/report.json" "$tmp/t/etc" >/dev/null 2>"$tmp/err"
	status=$?
	unfill
	case $status in
	0|1)	whole=$((whole + 1))
		python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$mnt/report.json" 2>/dev/null && ok ||
		    bad "-o, $room pages free: exit $status and the report is not whole JSON" ;;
	2|3)	refused=$((refused + 1))
		[ "$(cat "$mnt/report.json")" = "the old report" ] && ok ||
		    bad "-o, $room pages free: exit $status and the old report is gone"
		grep -q 'report.json: cannot .*No space left on device' "$tmp/err" && ok ||
		    bad "-o, $room pages free: message: $(cat "$tmp/err")" ;;
	*)	bad "-o, $room pages free: exit $status: $(cat "$tmp/err")" ;;
	esac
	[ "$(temps "$mnt")" -eq 0 ] && ok || bad "-o, $room pages free: a temporary file is left"
done
[ "$whole" -gt 0 ] && [ "$refused" -gt 0 ] && ok ||
    bad "-o: the room swept did not cross from refused ($refused) to whole ($whole)"
rm -f "$mnt/report.json"

# ---- a read-only filesystem ----
unfill
rm -rf "$mnt/out"
fresh "$mnt/t"
old=$(state "$mnt/t")
echo "the old report" >"$mnt/report.json"
mount -o remount,ro "$mnt" || bad "cannot remount the tmpfs read-only"
"$MH_BIN" fix --profile dmz -q --write "$mnt/t/etc" >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 3 ] && ok || bad "--write, read-only: exit $status"
grep -q 'Read-only file system; nothing was written' "$tmp/err" && ok ||
    bad "--write, read-only: message: $(cat "$tmp/err")"
"$MH_BIN" fix --profile dmz -q --output "$mnt/out" "$tmp/t/etc" >/dev/null 2>"$tmp/err"
status=$?
# OUT cannot be made: known before anything is written, exit 2
[ "$status" -eq 2 ] && ok || bad "--output, read-only: exit $status"
grep -q 'Read-only file system' "$tmp/err" && ok || bad "--output, read-only: message: $(cat "$tmp/err")"
"$MH_BIN" check -f json -o "$mnt/report.json" "$tmp/t/etc" >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] && ok || bad "-o, read-only: exit $status"
grep -q 'report.json: cannot create the report: Read-only file system' "$tmp/err" && ok ||
    bad "-o, read-only: message: $(cat "$tmp/err")"
mount -o remount,rw "$mnt" || bad "cannot remount the tmpfs read-write"
[ "$(state "$mnt/t")" = "$old" ] && ok || bad "read-only: the tree changed"
[ "$(cat "$mnt/report.json")" = "the old report" ] && ok || bad "read-only: the old report is gone"
[ ! -e "$mnt/out" ] && ok || bad "read-only: --output made something"
rm -f "$mnt/report.json"

# ---- between read and write: stopped at its first write, then changed ----
# stopped - wait until the run traced by strace $1 is stopped in a write
# to its standard output; its pid on stdout
stopped() {
	n=0 pid= state=
	while [ "$state" != "t 1 0x1" ] && [ "$n" -lt 1200 ]; do
		sleep 0.05
		n=$((n + 1))
		pid=$(cat /proc/"$1"/task/*/children 2>/dev/null | awk '{ print $1; exit }')
		[ -n "$pid" ] || continue
		state="$(sed 's/.*) //' /proc/"$pid"/stat 2>/dev/null | cut -d' ' -f1) $(cut -d' ' -f1,2 /proc/"$pid"/syscall 2>/dev/null)"
	done
	[ "$state" = "t 1 0x1" ] && echo "$pid"
}
for how in directory fifo parent-removed; do
	fresh "$mnt/t"
	ASAN_OPTIONS=$traced_asan strace -f -qq -o /dev/null -e trace=write \
	    -e inject=write:signal=SIGSTOP:when=1 \
	    "$MH_BIN" fix --profile dmz --write "$mnt/t/etc" >"$tmp/report" 2>"$tmp/err" &
	tracer=$!
	pid=$(stopped "$tracer")
	[ -n "$pid" ] && ok || bad "$how: the run did not stop at its first write"
	case $how in
	directory) rm "$mnt/t/etc/postfix/main.cf"; mkdir "$mnt/t/etc/postfix/main.cf" ;;
	fifo)	rm "$mnt/t/etc/postfix/main.cf"; mkfifo "$mnt/t/etc/postfix/main.cf" ;;
	parent-removed) rm -rf "$mnt/t/etc/postfix" ;;
	esac
	old=$(state "$mnt/t")
	[ -n "$pid" ] && kill -CONT "$pid"
	# a FIFO must not make it wait for a writer: bounded by the timeout
	n=0
	while kill -0 "$tracer" 2>/dev/null && [ "$n" -lt 600 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	if kill -0 "$tracer" 2>/dev/null; then
		bad "$how: the run hangs"
		kill -9 "$tracer" 2>/dev/null
	fi
	wait "$tracer"
	status=$?
	[ "$status" -eq 2 ] && ok || bad "$how: exit $status: $(cat "$tmp/err")"
	case $how in
	directory|fifo) grep -q 'main.cf is no longer a regular file: not written' "$tmp/err" && ok ||
		bad "$how: message: $(cat "$tmp/err")" ;;
	parent-removed) grep -q 'main.cf: cannot resolve: No such file or directory' "$tmp/err" && ok ||
		bad "$how: message: $(cat "$tmp/err")" ;;
	esac
	[ "$(state "$mnt/t")" = "$old" ] && ok || bad "$how: a file changed"
	[ "$(temps "$mnt/t")" -eq 0 ] && ok || bad "$how: a temporary file is left"
	case $how in
	directory) [ -d "$mnt/t/etc/postfix/main.cf" ] && [ -z "$(ls -A "$mnt/t/etc/postfix/main.cf")" ] && ok ||
		bad "$how: the directory was written into" ;;
	fifo)	[ -p "$mnt/t/etc/postfix/main.cf" ] && ok || bad "$how: the FIFO was replaced" ;;
	esac
done

echo "write-faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
