#!/bin/sh
# live-sendmail.sh - does the real sendmail, running the .cf that m4 makes
# from the .mc that `mta-harden fix --profile dmz` writes, refuse what the
# dmz profile says it must refuse? And does the same sendmail, running the
# .cf of the insecure example, show each weakness (so that every probe is
# shown to measure something)?
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/live-sendmail.sh
#        ... live-sendmail.sh --fixed-tree DIR   probe the image root DIR
#            instead of the output of fix (to develop the probes; DIR must
#            be hardened, e.g. examples/sendmail-hardened)
#
# Runs as root (as CI does). Needs python3, m4, sendmail-cf
# (/usr/share/sendmail/cf), unshare, mount, timeout and the sendmail 8.17
# binary that `sh scripts/fetch-sendmail.sh` unpacks (with its makemap): a
# missing one is a failure, never a skip. MH_LIVE_KEEP=1 keeps the work
# directory.
#
# Three trees, each an image root with etc/mail/sendmail.mc:
#
#   insecure  examples/sendmail-insecure        every probe must show the weakness
#   hardened  examples/sendmail-hardened        (hand-written) every probe must pass
#   fixed     fix --profile dmz --output OUT examples/sendmail-insecure
#                                               every probe must pass
#
# Each is copied and made ready as tests/live/lib.sh (sm_prepare) says: the
# .cf is `m4 sendmail.mc` (no m4 message allowed), its /etc/mail/ paths
# point into the copy, access.db is built with makemap and aliases.db with
# sendmail -bi, and the queue, status, pid and host-status files are -O
# options pointing into the work directory (-OQueueDirectory=...
# -OStatusFile=... -OPidFile=... -OHostStatusDirectory=...
# -ODeadLetterDrop=... -OControlSocketName=...). Every sendmail runs as
# root in a private UTS and mount namespace (host name mx.example.com, so
# it does not sleep 60 s on an unqualified name; the users of Debian's
# sendmail packages; /etc/resolv.conf naming 127.0.0.1 so that no real DNS
# is asked) under `timeout 30`, from the 0755 work directory (not below a
# world-writable directory, which sendmail refuses).
#
# No daemon: every probe is one `sendmail -C CF -bs` session. How the
# client is seen matters for the relay probe, and was found out here:
#   - on plain pipes (`sendmail -bs` with stdin/stdout pipes, as
#     `smtp-probe.py --pipe` does) sendmail has no peer address,
#     ${client_addr} is empty, and check_rcpt says "originated locally":
#     RELAY. Even the hardened example then relays to x@example.net
#     (250 2.1.5 ... Recipient ok). So the relay decision CANNOT be probed
#     on pipes; the note line below shows it again on every run.
#   - so the probes run sendmail the way inetd does: smtp-probe.py
#     --inetd makes a loopback TCP connection from 127.0.0.2 and starts
#     `sendmail -bs` with its stdin and stdout on the server end.
#     sendmail's getpeername() on stdin then gives 127.0.0.2
#     ("logging access from: [127.0.0.2]" in the Debian greeting), and
#     ${client_addr} is that of an outside client: the full relay rules
#     apply, with no daemon, port or pid file to clean up.
# Every read waits 5 s at most, and each command is sent only after the
# whole reply to the previous one (and the greeting) was read: sendmail
# answers a dialogue pipelined before its greeting with 554 (D.7).
#
# The probes (tests/live/smtp-probe.py), from 127.0.0.2:
#   greeting  the 220 line names neither the version (8.17.1.9, from
#             sendmail -d0.1) nor Sendmail/Debian
#   vrfy      VRFY root after EHLO is refused: a 5xx, or sendmail's
#             novrfy answer "252 2.5.2 Cannot VRFY user; try RCPT ..."
#             (a 252 that confirms nothing); the insecure one says
#             250 2.1.5 <root@mx.example.com>
#   size      MAIL FROM:<> SIZE=N+1 (N = the dmz profile's max_bytes,
#             26214400) gets 552; the insecure one (MaxMessageSize=0) 250
#   relay     MAIL FROM:<>, RCPT TO:<x@example.com> gets "Relaying denied";
#             the insecure one relays it (its relay-domains lists `com`,
#             which covers every .com domain). The hardened trees are also
#             asked for x@example.net. (example.net is no proof on the
#             insecure tree: its FEATURE(`relay_based_on_MX') needs an MX
#             lookup, which fails without DNS: 450 "Can not check MX
#             records".)
#
# Prints PASS/FAIL lines and last "live-sendmail: N passed, M failed";
# exits 1 on any failure.

NAME=live-sendmail
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
. "$top/tests/live/lib.sh"

fixed_tree=
case "${1:-}" in
--fixed-tree)
	[ -n "${2:-}" ] && [ -d "$2" ] || lh_setup_fail "--fixed-tree needs a directory"
	fixed_tree=$(cd "$2" && pwd)
	;;
"") ;;
*) lh_setup_fail "unknown argument '$1' (--fixed-tree DIR)" ;;
esac

lh_require python3 m4 unshare mount timeout hostname
lh_require_root
lh_mh
lh_sendmail
lh_workdir

probe=$top/tests/live/smtp-probe.py
version=$(lh_ns "$sendmail" -d0.1 -bt -C /dev/null </dev/null 2>&1 |
    sed -n 's/^Version \([0-9.]*\).*/\1/p')
[ -n "$version" ] || lh_setup_fail "sendmail -d0.1 names no version"
max=$("$MH_BIN" profiles dmz 2>/dev/null | awk '
	/^  [a-z-]+:/ { in_rule = ($1 == "message-size-limit:") }
	in_rule && $1 == "max_bytes:" { print $2; exit }')
case "$max" in
'' | *[!0-9]*) lh_setup_fail "cannot read max_bytes of message-size-limit from '$MH_BIN profiles dmz'" ;;
esac

# run_probe LABEL DEST EXPECT PROBE-ARGS... - one -bs session
run_probe() {
	label=$1 dest=$2 expect=$3
	shift 3
	p=$1
	out=$dest/$p.$(echo "$*" | tr -c 'a-zA-Z0-9\n' _).out
	# shellcheck disable=SC2046
	python3 "$probe" "$@" --mta sendmail --expect "$expect" \
	    --label "$label" --source 127.0.0.2 --timeout 5 \
	    --stderr "$dest/sendmail.err" \
	    --inetd -- $(lh_ns_argv) "$sendmail" -C "$dest/test.cf" \
	    $(sm_opts "$dest") -bs >"$out" 2>&1
	rc=$?
	verdict=$(tail -n 1 "$out")
	if [ "$rc" -eq 0 ]; then
		lh_pass "${verdict#PASS }"
	else
		lh_fail "$label: $p" "${verdict#FAIL "$p" "$label": }"
		sed '$d' "$out"
		lh_show "$dest/sendmail.err" 5
	fi
}

# target LABEL TREE EXPECT - EXPECT: weak or hardened
target() {
	label=$1 tree=$2 expect=$3
	dest=$work/$label
	mkdir -p "$dest" || lh_setup_fail "cannot create $dest"
	echo "== $label: $tree (expect $expect)"
	if sm_prepare "$tree" "$dest" && [ ! -s "$dest/m4.err" ]; then
		lh_pass "$label: m4, makemap and newaliases"
	else
		lh_fail "$label: m4, makemap and newaliases" "the copy could not be made ready"
		lh_show "$dest/prepare.err"
		lh_show "$dest/m4.err"
	fi
	run_probe "$label" "$dest" "$expect" greeting \
	    --version "$version" --name Sendmail --name Debian
	run_probe "$label" "$dest" "$expect" vrfy --user root
	run_probe "$label" "$dest" "$expect" size --bytes $((max + 1))
	run_probe "$label" "$dest" "$expect" relay --rcpt x@example.com
	if [ "$expect" = hardened ]; then
		run_probe "$label" "$dest" "$expect" relay --rcpt x@example.net
	fi
}

target insecure "$top/examples/sendmail-insecure" weak
target hardened "$top/examples/sendmail-hardened" hardened

# The note: on pipes, sendmail -bs takes the client for a local one.
dest=$work/hardened
python3 "$probe" relay --rcpt x@example.net --mta sendmail --expect weak \
    --timeout 5 --pipe -- $(lh_ns_argv) "$sendmail" -C "$dest/test.cf" \
    $(sm_opts "$dest") -bs >"$dest/pipe.out" 2>&1
echo "note: hardened on plain pipes (why the probes use a socket):" \
    "$(tail -n 1 "$dest/pipe.out" | sed 's/^[A-Z]* relay: expected weak, but //; s/^PASS relay: //')"

if [ -n "$fixed_tree" ]; then
	target given "$fixed_tree" hardened
else
	out=$work/fix-out
	"$MH_BIN" fix --profile dmz --output "$out" \
	    "$top/examples/sendmail-insecure" >"$work/fix.log" 2>&1
	rc=$?
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && [ -f "$out/etc/mail/sendmail.mc" ]; then
		lh_pass "fixed: fix --profile dmz --output wrote etc/mail/sendmail.mc (exit $rc)"
		target fixed "$out" hardened
	else
		if grep -q "unknown command 'fix'" "$work/fix.log"; then
			why="fix not available: $MH_BIN has no fix command"
		else
			why="fix not available: fix --profile dmz --output exited $rc without writing etc/mail/sendmail.mc"
		fi
		lh_fail "fixed: fix --profile dmz --output" "$why"
		lh_show "$work/fix.log" 5
		for p in prepare greeting vrfy size relay relay; do
			lh_fail "fixed: $p" "no fixed config ($why)"
		done
	fi
fi

lh_summary
