#!/bin/sh
# live-postfix.sh - does a real Postfix, started from the config that
# `mta-harden fix --profile dmz` writes, refuse what the dmz profile says
# it must refuse? And does the same Postfix, started from the insecure
# example, show each weakness (so that every probe is shown to measure
# something)?
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/live-postfix.sh
#        ... live-postfix.sh --fixed-tree DIR   probe the image root DIR
#            instead of the output of fix (to develop the probes; DIR must
#            be hardened, e.g. examples/postfix-hardened)
#
# Runs as root (as CI does). Needs postfix, postconf, postalias, postmap,
# python3, unshare, mount, script, timeout: a missing one is a failure,
# never a skip. MH_LIVE_KEEP=1 keeps the work directory.
#
# Three instances, one after the other, each started from a copy of an
# image root (tests/live/postfix-copy.py says exactly what it edits):
#
#   insecure  examples/postfix-insecure         every probe must show the weakness
#   hardened  examples/postfix-hardened         (hand-written) every probe must pass
#   fixed     fix --profile dmz --output OUT examples/postfix-insecure
#                                               every probe must pass
#
# Each copy gets its own queue_directory, data_directory and config
# directory in the work directory, inet_interfaces = 127.0.0.1,
# inet_protocols = ipv4, maillog_file in the work directory, and a
# throwaway master.cf: one `127.0.0.1:PORT inet n - n - - smtpd` service
# (PORT free by a bind test; it carries the -o overrides of the tree's
# smtp/inet service) plus the unix services Postfix needs, chroot n
# everywhere. Absolute map paths (hash:/etc/aliases) are resolved under the
# copy and built with postalias/postmap there. `postfix -c DIR start` runs
# in a private mount namespace whose /etc/resolv.conf names 127.0.0.1 (see
# tests/live/lib.sh: no real DNS, so a block list cannot refuse the probe
# client before the relay decision). `postfix -c DIR stop` ends each
# instance, also from the EXIT trap; a master still alive 10 s later is
# killed by the pid in QUEUE/pid/master.pid, and any process left whose
# environment holds MAIL_CONFIG=DIR by its pid. Only 127.0.0.0/8 is used.
#
# The probes (tests/live/smtp-probe.py; every read waits 5 s at most, one
# command at a time) connect from 127.0.0.2:
#   greeting  the 220 line names neither the version (postconf -d
#             mail_version) nor Postfix/Debian
#   vrfy      VRFY root after EHLO gets 502 (disable_vrfy_command = yes);
#             the insecure one answers 252
#   size      MAIL FROM:<> SIZE=N+1, N = the dmz profile's max_bytes
#             (26214400, read from `mta-harden profiles dmz`), gets 552;
#             the insecure one (message_size_limit = 0) says 250
#   relay     MAIL FROM:<>, RCPT TO:<x@example.net> gets 554/454 Relay
#             access denied; the insecure one (mynetworks has 0.0.0.0/0)
#             says 250.
#             127.0.0.2 must be an OUTSIDE client for this to mean
#             anything: in each copy, every loopback network in the
#             effective mynetworks that covers 127.0.0.2 (127.0.0.0/8 in
#             the fixed and the hardened config) is replaced by
#             127.0.0.1/32, and the new value is printed. A non-loopback
#             network that covers it (0.0.0.0/0) stays, so an open relay
#             stays open.
# Each instance also counts as one check for starting and one for stopping.
#
# Prints PASS/FAIL lines and last "live-postfix: N passed, M failed"; exits 1
# on any failure.

NAME=live-postfix
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

lh_require python3 postfix postconf postalias postmap unshare mount script \
    timeout hostname
lh_require_root
lh_mh
lh_workdir

probe=$top/tests/live/smtp-probe.py
version=$(postconf -d -h mail_version 2>/dev/null)
[ -n "$version" ] || lh_setup_fail "postconf -d -h mail_version printed nothing"
max=$("$MH_BIN" profiles dmz 2>/dev/null | awk '
	/^  [a-z-]+:/ { in_rule = ($1 == "message-size-limit:") }
	in_rule && $1 == "max_bytes:" { print $2; exit }')
case "$max" in
'' | *[!0-9]*) lh_setup_fail "cannot read max_bytes of message-size-limit from '$MH_BIN profiles dmz'" ;;
esac

# running instances: "CFG|WORKDIR" words
running=

# pf_stop CFG WORKDIR - stop one instance; 0 when the master exited after
# `postfix stop` alone
pf_stop() {
	cfg=$1 w=$2
	timeout 30 postfix -c "$cfg" stop >"$w/stop.log" 2>&1
	pid=$(tr -dc 0-9 <"$w/queue/pid/master.pid" 2>/dev/null)
	clean=0
	i=0
	while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$i" -lt 10 ]; do
		sleep 1
		i=$((i + 1))
	done
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		clean=1
		kill -KILL "$pid" 2>/dev/null
	fi
	# anything left of this instance, by pid (never by name)
	for env in /proc/[0-9]*/environ; do
		if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qxF "MAIL_CONFIG=$cfg"; then
			p=${env#/proc/}
			p=${p%/environ}
			[ "$p" = "$$" ] && continue
			clean=1
			kill -KILL "$p" 2>/dev/null
		fi
	done
	return "$clean"
}

lh_cleanup_hook() {
	for inst in $running; do
		pf_stop "${inst%%|*}" "${inst#*|}" || true
	done
	running=
}

# target LABEL TREE EXPECT - start Postfix from a copy of TREE, probe it,
# stop it. EXPECT: weak (every probe must show the weakness) or hardened.
target() {
	label=$1 tree=$2 expect=$3
	w=$work/$label
	mkdir -p "$w" || lh_setup_fail "cannot create $w"
	echo "== $label: $tree (expect $expect)"
	if ! pf_prepare "$tree" "$w" live >"$w/prepare.log" 2>&1; then
		lh_fail "$label: copy" "postfix-copy.py failed"
		lh_show "$w/prepare.log"
		for p in start greeting vrfy size relay stop; do
			lh_fail "$label: $p" "no usable copy of the config"
		done
		return
	fi
	grep -E '^(edit mynetworks|mynetworks|note)' "$w/prepare.log" | sed 's/^/    /'
	cfg=$w/root/etc/postfix
	port=$(sed -n 's/^port //p' "$w/prepare.log")
	if lh_ns postfix -c "$cfg" start >"$w/start.log" 2>&1; then
		running="$running $cfg|$w"
		lh_pass "$label: postfix start (127.0.0.1:$port)"
	else
		running="$running $cfg|$w"
		lh_fail "$label: postfix start" "postfix -c $cfg start failed"
		lh_show "$w/start.log"
		lh_show "$w/maillog"
	fi
	set -- \
	    "greeting --version $version --name Postfix --name Debian" \
	    "vrfy --user root" \
	    "size --bytes $((max + 1))" \
	    "relay --rcpt x@example.net"
	for args in "$@"; do
		p=${args%% *}
		# shellcheck disable=SC2086
		python3 "$probe" $args --mta postfix --expect "$expect" \
		    --label "$label" --source 127.0.0.2 --timeout 5 \
		    --connect "127.0.0.1:$port" >"$w/$p.out" 2>&1
		rc=$?
		verdict=$(tail -n 1 "$w/$p.out")
		if [ "$rc" -eq 0 ]; then
			lh_pass "${verdict#PASS }"
		else
			lh_fail "$label: $p" "${verdict#FAIL "$p" "$label": }"
			sed '$d' "$w/$p.out"
			lh_show "$w/maillog" 10
		fi
	done
	if pf_stop "$cfg" "$w"; then
		lh_pass "$label: postfix stop"
	else
		lh_fail "$label: postfix stop" "the master or a child was still running and was killed"
		lh_show "$w/stop.log"
	fi
	# it is stopped (or killed) either way: no second stop from the trap
	running=$(echo "$running" | sed "s#[^ ]*|$w##")
}

target insecure "$top/examples/postfix-insecure" weak
target hardened "$top/examples/postfix-hardened" hardened

if [ -n "$fixed_tree" ]; then
	target given "$fixed_tree" hardened
else
	out=$work/fix-out
	"$MH_BIN" fix --profile dmz --output "$out" \
	    "$top/examples/postfix-insecure" >"$work/fix.log" 2>&1
	rc=$?
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && [ -f "$out/etc/postfix/main.cf" ]; then
		lh_pass "fixed: fix --profile dmz --output wrote etc/postfix/main.cf (exit $rc)"
		target fixed "$out" hardened
	else
		if grep -q "unknown command 'fix'" "$work/fix.log"; then
			why="fix not available: $MH_BIN has no fix command"
		else
			why="fix not available: fix --profile dmz --output exited $rc without writing etc/postfix/main.cf"
		fi
		lh_fail "fixed: fix --profile dmz --output" "$why"
		lh_show "$work/fix.log" 5
		for p in start greeting vrfy size relay stop; do
			lh_fail "fixed: $p" "no fixed config ($why)"
		done
	fi
fi

lh_cleanup_hook
lh_summary
