#!/bin/sh
# safe-write.sh - fix --write and --output write safely: mode, owner and
# group kept; a backup; no symbolic link (of the file or of a directory
# above it) followed out of the tree; no write below a directory anyone
# may write to without the sticky bit; no overwrite of a file that
# changed since it was read (strace delays the run between the read and
# the write); nothing written on refusal.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }
cd "$tmp" || exit 1
command -v strace >/dev/null || { echo "safe-write: strace is missing (scripts/install-deps.sh)"; exit 1; }
ex="$top/examples/postfix-insecure/etc/postfix"

fresh() {	# fresh DIR: an insecure Postfix tree in DIR
	rm -rf "$1"
	mkdir -p "$1"
	cp "$ex/main.cf" "$ex/master.cf" "$1/"
}

# mode, owner and group kept; the backup is the old file
fresh t
chmod 640 t/main.cf
if [ "$(id -u)" -eq 0 ]; then
	chown nobody:nogroup t/main.cf
fi
before=$(stat -c '%a %U %G' t/main.cf)
"$MH_BIN" fix --write t >/dev/null 2>err
[ "$?" -le 1 ] && ok || bad "--write: exit $? $(cat err)"
cmp -s t/main.cf "$ex/main.cf" && bad "--write: main.cf not changed" || ok
[ "$(stat -c '%a %U %G' t/main.cf)" = "$before" ] && ok ||
    bad "--write: mode or owner not kept: $before -> $(stat -c '%a %U %G' t/main.cf)"
cmp -s t/main.cf.orig "$ex/main.cf" && ok || bad "--write: main.cf.orig is not the old file"
ls -a t | grep -q '\.mh-' && bad "--write: a temporary file is left" || ok
fresh t
"$MH_BIN" fix --write --no-backup t >/dev/null 2>&1
[ -e t/main.cf.orig ] && bad "--no-backup left a backup" || ok

# a link to a file outside the tree: not read (MH002), nothing written;
# with --follow-links it is read, and writing through it is refused
fresh t
mkdir outside
mv t/main.cf outside/main.cf
ln -s ../outside/main.cf t/main.cf
"$MH_BIN" fix --write -f json t >out 2>err
status=$?
[ "$status" -eq 0 ] && ok || bad "link out of the tree: exit $status, wanted 0: $(cat err)"
grep -q '"rule": "MH002"' out && grep -q 't/main.cf was not read: a symbolic link that leads out of the tree' out && ok ||
    bad "link out of the tree: no MH002 finding: $(cat out)"
grep -q 'myhostname\|smtpd_banner' out err && bad "link out of the tree: the target's text is in the report" || ok
cmp -s outside/main.cf "$ex/main.cf" && ok || bad "link out of the tree: the outside file changed"
cmp -s t/master.cf "$ex/master.cf" && ok || bad "link out of the tree: master.cf was written"
[ -L t/main.cf ] && ok || bad "link out of the tree: the link was replaced"
"$MH_BIN" fix --write --follow-links t >out 2>err
status=$?
[ "$status" -eq 2 ] && ok || bad "link out of the tree, --follow-links: exit $status, wanted 2"
grep -q 'main.cf is a symbolic link to .*outside the tree: not written' err && ok ||
    bad "link out of the tree, --follow-links: message: $(cat err)"
cmp -s outside/main.cf "$ex/main.cf" && ok || bad "link out of the tree, --follow-links: the outside file changed"
cmp -s t/master.cf "$ex/master.cf" && ok || bad "link out of the tree, --follow-links: master.cf was written"
[ -L t/main.cf ] && ok || bad "link out of the tree, --follow-links: the link was replaced"

# a directory of the tree that is a link out of it: the same
rm -rf t outside
mkdir -p outside/postfix t/etc
cp "$ex/main.cf" "$ex/master.cf" outside/postfix/
ln -s ../../outside/postfix t/etc/postfix
"$MH_BIN" fix --write --root t t/etc/postfix >/dev/null 2>err
status=$?
# t/etc/postfix itself was given: what it holds is the tree
[ "$status" -le 1 ] && ok || bad "a PATH that is a link: exit $status: $(cat err)"
rm -rf outside/postfix/* && cp "$ex/main.cf" "$ex/master.cf" outside/postfix/
"$MH_BIN" fix --write -f json t >out 2>err
status=$?
[ "$status" -eq 0 ] && ok || bad "a directory link out of the tree: exit $status, wanted 0: $(cat err)"
grep -q 'main.cf was not read: a symbolic link that leads out of the tree' out && ok ||
    bad "directory link: no MH002 finding: $(cat out)"
cmp -s outside/postfix/main.cf "$ex/main.cf" && ok || bad "directory link: the outside file changed"
"$MH_BIN" fix --write --follow-links t >/dev/null 2>err
status=$?
[ "$status" -eq 2 ] && ok || bad "a directory link out of the tree, --follow-links: exit $status, wanted 2"
grep -q 'outside the tree: not written' err && ok || bad "directory link, --follow-links: message: $(cat err)"
cmp -s outside/postfix/main.cf "$ex/main.cf" && ok || bad "directory link, --follow-links: the outside file changed"

# a link inside the tree is followed: the file it names is written
fresh t
mkdir t/real
mv t/main.cf t/real/main.cf
ln -s real/main.cf t/main.cf
"$MH_BIN" fix --write t >/dev/null 2>err
[ "$?" -le 1 ] && ok || bad "link inside the tree: $(cat err)"
[ -L t/main.cf ] && ok || bad "link inside the tree: the link was replaced"
cmp -s t/real/main.cf "$ex/main.cf" && bad "link inside the tree: not written" || ok

# a directory anyone may write to, without the sticky bit: refused
fresh ww/t
chmod 777 ww
"$MH_BIN" fix --write ww/t >/dev/null 2>err
status=$?
[ "$status" -eq 2 ] && ok || bad "world-writable directory: exit $status, wanted 2"
grep -q 'writable by anyone (no sticky bit): not written' err && ok ||
    bad "world-writable directory: message: $(cat err)"
cmp -s ww/t/main.cf "$ex/main.cf" && ok || bad "world-writable directory: written"
"$MH_BIN" fix --output ww/out t 2>err >/dev/null
status=$?
[ "$status" -eq 2 ] && ok || bad "--output below a world-writable directory: exit $status"
[ -e ww/out/main.cf ] && bad "--output below a world-writable directory: written" || ok
chmod 1777 ww
"$MH_BIN" fix --write ww/t >/dev/null 2>err
[ "$?" -le 1 ] && ok || bad "sticky world-writable directory: $(cat err)"
chmod 755 ww

# --output: a link inside OUT that leads out of it is refused
rm -rf img out elsewhere
fresh img/etc/postfix
mkdir -p out elsewhere
ln -s ../elsewhere out/etc
"$MH_BIN" fix --output out img/etc/postfix >/dev/null 2>err
status=$?
[ "$status" -eq 2 ] && ok || bad "--output through a link out of OUT: exit $status: $(cat err)"
grep -q 'symbolic link, not followed below out: not written' err && ok || bad "--output through a link: message: $(cat err)"
[ -z "$(ls elsewhere)" ] && ok || bad "--output through a link: written outside"

# changed since it was read: the run is stopped at its first write (the
# report), after it has read every file, and the file changes then; it
# must not be overwritten. strace stops it there (inject SIGSTOP at the
# first write), so the moment does not depend on how fast the machine is:
# the loop waits for the stop, however long it takes, up to a bound.
# Under valgrind (make valgrind) the traced process is valgrind itself;
# the plain and sanitizer passes run it.
races="longer same-size"
[ -n "${MH_UNDER_VALGRIND:-}" ] && races=
for how in $races; do
	fresh t
	# LeakSanitizer cannot run under ptrace (a sanitizer build)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -o /dev/null -e trace=write \
	    -e inject=write:signal=SIGSTOP:when=1 \
	    "$MH_BIN" fix --write t >report 2>err &
	tracer=$!
	# the tracee, once it is stopped by the tracer ("t") in a write
	# (system call 1) to its standard output (fd 1): every other stop of
	# a traced process is at another call and lasts a moment
	pid= state= n=0
	while [ "$state" != "t 1 0x1" ] && [ "$n" -lt 1200 ]; do
		sleep 0.05
		n=$((n + 1))
		pid=$(cat /proc/$tracer/task/*/children 2>/dev/null | awk '{ print $1; exit }')
		[ -n "$pid" ] || continue
		state="$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f1) $(cut -d' ' -f1,2 /proc/$pid/syscall 2>/dev/null)"
	done
	[ "$state" = "t 1 0x1" ] && ok || bad "changed since read ($how): the run did not stop at its first write ($state)"
	if [ "$how" = longer ]; then
		echo "# edited meanwhile" >>t/main.cf
	else
		# same size, same modification time: only the bytes differ
		stamp=$(stat -c %Y t/main.cf)
		sed -i '1s/^./X/' t/main.cf
		touch -d "@$stamp" t/main.cf
	fi
	cp t/main.cf edited
	[ -n "$pid" ] && kill -CONT "$pid"
	wait "$tracer"
	status=$?
	[ "$status" -ge 2 ] && ok || bad "changed since read ($how): exit $status"
	grep -q 'main.cf changed since it was read: not written' err && ok ||
	    bad "changed since read ($how): message: $(cat err)"
	cmp -s t/main.cf edited && ok || bad "changed since read ($how): overwritten"
	[ -e t/main.cf.orig ] && bad "changed since read ($how): a backup" || ok
done

echo "safe-write: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
