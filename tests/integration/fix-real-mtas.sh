#!/bin/sh
# fix-real-mtas.sh - does the hardened copy that `mta-harden fix --profile
# dmz --output OUT` writes load in the real MTAs, lint clean of what was
# fixed, and stay put when fixed again?
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/fix-real-mtas.sh
#
# Runs as root (as CI does). Needs postfix, postconf, postalias, postmap,
# script, m4, sendmail-cf (/usr/share/sendmail/cf), the sendmail 8.17
# binary and makemap from `sh scripts/fetch-sendmail.sh`, python3, unshare,
# mount and timeout: a missing one is a failure, never a skip. A binary
# without a working `fix` fails as "fix not available". MH_LIVE_KEEP=1
# keeps the work directory.
#
# For each insecure example (examples/postfix-insecure,
# examples/sendmail-insecure), copied to W/before/tree and always named
# `tree` relative to the working directory, so that the file names, and
# with them the fingerprints, of the reports before and after agree:
#
#  1. `check --profile dmz --format json tree` (in W/before): the findings
#     before.
#  2. `fix --profile dmz --format json tree`: exit 0 or 1 (else: fix not
#     available), every finding has "fixed", the input is untouched.
#  3. `fix --profile dmz --output W/after/tree --steps W/steps.sh tree`:
#     same exit status, input untouched, every file of the example is in
#     the output, the steps script parses (sh -n), names no file of the
#     input tree (running it must not rewrite the input), and for sendmail
#     regenerates the .cf with m4. The steps script is never run (it names
#     live paths: newaliases, reloads).
#  4. Fixing again changes nothing: `fix --profile dmz tree` in W/after
#     prints no diff hunk, and `fix --output W/again/tree tree` writes
#     files identical to W/after/tree.
#  5. The real MTAs accept the output:
#     Postfix: `postconf -c OUT/etc/postfix -n` and `-M` print no warning
#       (stderr empty). `postfix -c DIR check` then runs on a copy
#       (tests/live/postfix-copy.py): the copy's main.cf points
#       queue_directory and data_directory into the work directory (so
#       check, which runs post-install create-missing and looks at the
#       queue, never touches /var/spool/postfix or /etc/postfix), absolute
#       map paths resolve under the copy (hash:/etc/aliases ->
#       hash:COPY/etc/aliases, built with postalias), and myorigin =
#       /etc/mailname gets a mailname file in the copy. postfix writes its
#       messages to stderr only on a terminal, so check runs under
#       `script`; it must exit 0 and say nothing.
#     sendmail: `m4 OUT/etc/mail/sendmail.mc` (the Debian-style .mc
#       includes cf.m4 itself) exits 0 with nothing on stderr; the .cf,
#       with /etc/mail/ pointed at a copy of the output, loads in the real
#       binary: `sendmail -C CF -bt -d0.1 </dev/null` in a private UTS
#       namespace (host name mx.example.com) under `timeout 30`, from a
#       0755 directory, exits 0 and prints nothing but the banner and the
#       prompt; makemap and newaliases accept the output's access and
#       aliases (tests/live/lib.sh, sm_prepare and sm_load).
#  6. The follow-up steps the contract names are done by this script,
#     inside W/after/tree only: m4 regenerates sendmail.cf from the fixed
#     .mc; makemap builds access.db; newaliases (sendmail -bi with
#     -OAliasFile=...) and postalias build the alias databases.
#  7. `check --profile dmz --format json tree` in W/after: no finding that
#     fix marked "fixed": true is left, and there is no finding that was
#     not there before (tests/live/findings.py compares rule+fingerprint
#     sets; it also checks that fix reports what check reports and that the
#     exit status of fix matches what is left).
#
# As a control for steps 5 (that the harness itself loads a good tree), the
# hand-hardened examples/postfix-hardened and examples/sendmail-hardened
# go through the same real-MTA checks and must pass, and the insecure
# main.cf must make postconf warn (its smtpd_relay_restriction typo), so
# that the warning check is shown to see something.
#
# Prints PASS/FAIL lines and last "fix-real-mtas: N passed, M failed";
# exits 1 on any failure.

NAME=fix-real-mtas
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
. "$top/tests/live/lib.sh"

[ $# -eq 0 ] || lh_setup_fail "no arguments expected"
lh_require python3 postfix postconf postalias postmap script m4 unshare \
    mount timeout hostname
lh_require_root
lh_mh
lh_sendmail
lh_workdir

# new_only OUT BASE - keep the warnings of OUT that BASE does not have
# (a fix must not add one; what a person still has to mend stays)
new_only() {
	python3 - "$1" "$2" <<'PY'
import re, sys
def norm(line):
    line = re.sub(r"\S*etc/postfix/", "", line)
    i = line.find("warning:")
    return line[i:].strip() if i >= 0 else line.strip()
base = set()
try:
    base = {norm(l) for l in open(sys.argv[2]) if l.strip()}
except OSError:
    pass
out = [l for l in open(sys.argv[1]) if l.strip() and norm(l) not in base]
open(sys.argv[1], "w").writelines(out)
PY
}

# postconf_quiet LABEL CFGDIR [BASEDIR] - postconf -n and -M print no
# warning (none that BASEDIR, the unfixed config, does not print too)
postconf_quiet() {
	for opt in -n -M; do
		postconf -c "$2" $opt >/dev/null 2>"$work/postconf.err"
		rc=$?
		if [ -n "${3:-}" ]; then
			postconf -c "$3" $opt >/dev/null 2>"$work/postconf.base" || :
			new_only "$work/postconf.err" "$work/postconf.base"
		fi
		if [ "$rc" -eq 0 ] && [ ! -s "$work/postconf.err" ]; then
			lh_pass "$1: postconf -c DIR $opt prints no warning"
		else
			lh_fail "$1: postconf -c DIR $opt prints no warning" \
			    "it printed on stderr (exit $rc)"
			lh_show "$work/postconf.err"
		fi
	done
}

# postfix_real LABEL TREE [BASETREE] - postconf quiet, postfix check on a
# copy; with BASETREE (the unfixed tree) only new complaints count
postfix_real() {
	label=$1 tree=$2 dest=$work/chk-$1 base=${3:-}
	postconf_quiet "$label" "$tree/etc/postfix" \
	    ${base:+"$base/etc/postfix"}
	mkdir -p "$dest"
	if ! pf_prepare "$tree" "$dest" >"$dest.log" 2>&1; then
		lh_fail "$label: postfix check" "the copy could not be made (postfix-copy.py)"
		lh_show "$dest.log"
	elif pf_check "$dest/root/etc/postfix" "$dest.check" ||
	    { [ -n "$base" ] &&
	    postconf -c "$base/etc/postfix" -n >/dev/null 2>"$dest.base" &&
	    new_only "$dest.check" "$dest.base" &&
	    ! grep -q '[^[:space:]]' "$dest.check"; }; then
		lh_pass "$label: postfix -c DIR check (on a copy with its own queue)"
	else
		lh_fail "$label: postfix -c DIR check" "it failed or complained"
		lh_show "$dest.check"
	fi
}

# sendmail_real LABEL TREE - m4, makemap, newaliases, sendmail -bt load
sendmail_real() {
	label=$1 tree=$2 dest=$work/chk-$1
	mkdir -p "$dest"
	if sm_prepare "$tree" "$dest"; then
		if [ -s "$dest/m4.err" ]; then
			lh_fail "$label: m4 sendmail.mc" "m4 printed messages"
			lh_show "$dest/m4.err"
		else
			lh_pass "$label: m4 sendmail.mc, makemap access, newaliases"
		fi
	else
		lh_fail "$label: m4 sendmail.mc, makemap access, newaliases" "failed"
		lh_show "$dest/prepare.err"
		lh_show "$dest/m4.err"
	fi
	if [ ! -s "$dest/sendmail.cf" ]; then
		lh_fail "$label: sendmail -bt loads the .cf" "no .cf was generated"
	elif sm_load "$dest" "$dest/load.out"; then
		lh_pass "$label: sendmail -C CF -bt -d0.1 loads the .cf cleanly"
	else
		lh_fail "$label: sendmail -bt loads the .cf" "errors or a non-zero exit"
		lh_show "$dest/load.out"
	fi
}

# unchanged LABEL EXAMPLE COPY - the input copy is as the example
unchanged() {
	if diff -r "$2" "$3" >"$work/unchanged.diff" 2>&1; then
		lh_pass "$1: the input is untouched"
	else
		lh_fail "$1: the input is untouched" "fix changed its input"
		lh_show "$work/unchanged.diff"
	fi
}

# fix_tree MTA - steps 1-7 for examples/MTA-insecure
fix_tree() {
	mta=$1
	label=$mta-fix
	ex=$top/examples/$mta-insecure
	d=$work/$mta
	mkdir -p "$d/before" "$d/after" || lh_setup_fail "cannot create $d"
	cp -a "$ex" "$d/before/tree" || lh_setup_fail "cannot copy $ex"
	echo "== $label: $ex"

	# 1. findings before
	(cd "$d/before" && "$MH_BIN" check --profile dmz --format json tree) \
	    >"$d/before.json" 2>"$d/before.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		lh_fail "$label: check before" "exit $rc"
		lh_show "$d/before.err"
		return
	fi

	# 2. fix --format json (writes nothing)
	(cd "$d/before" && "$MH_BIN" fix --profile dmz --format json tree) \
	    >"$d/fix.json" 2>"$d/fix.err"
	fixrc=$?
	if [ "$fixrc" -ne 0 ] && [ "$fixrc" -ne 1 ]; then
		if grep -q "unknown command 'fix'" "$d/fix.err"; then
			why="fix not available: $MH_BIN has no fix command"
		else
			why="fix not available: fix --profile dmz --format json exited $fixrc"
		fi
		lh_fail "$label: fix" "$why"
		lh_show "$d/fix.err" 5
		return
	fi
	lh_pass "$label: fix --format json (exit $fixrc)"
	unchanged "$label: fix --format json" "$ex" "$d/before/tree"

	# 3. fix --output --steps
	(cd "$d/before" && "$MH_BIN" fix --profile dmz \
	    --output "$d/after/tree" --steps "$d/steps.sh" tree) \
	    >"$d/output.log" 2>&1
	rc=$?
	if [ "$rc" -eq "$fixrc" ]; then
		lh_pass "$label: fix --output --steps (exit $rc, as without --output)"
	else
		lh_fail "$label: fix --output --steps" "exit $rc, but $fixrc without --output"
		lh_show "$d/output.log" 5
	fi
	unchanged "$label: fix --output" "$ex" "$d/before/tree"
	missing=$(cd "$ex" && find . -type f | while read -r f; do
		[ -f "$d/after/tree/$f" ] || printf ' %s' "${f#./}"
	done)
	if [ -z "$missing" ]; then
		lh_pass "$label: the output holds every file of the input"
	else
		lh_fail "$label: the output holds every file of the input" "missing:$missing"
		return
	fi
	if [ ! -f "$d/steps.sh" ]; then
		lh_fail "$label: --steps FILE" "no steps file was written"
	elif ! sh -n "$d/steps.sh" 2>"$d/steps.err"; then
		lh_fail "$label: --steps FILE" "not a valid shell script"
		lh_show "$d/steps.err"
	elif grep -v '^[[:space:]]*#' "$d/steps.sh" |
	    grep -E "(^|[[:space:]<>=:\"'])tree/|$d/before/" >"$d/steps.input"; then
		lh_fail "$label: --steps FILE" "it names files of the input tree, not of the output (running it would rewrite the input)"
		lh_show "$d/steps.input"
	elif [ "$mta" = sendmail ] && ! grep -q '^[^#]*m4 ' "$d/steps.sh"; then
		lh_fail "$label: --steps FILE" "no m4 step regenerates sendmail.cf"
		lh_show "$d/steps.sh"
	else
		lh_pass "$label: --steps FILE is a shell script for the output"
	fi

	# 4. fixing the output again changes nothing
	(cd "$d/after" && "$MH_BIN" fix --profile dmz tree) \
	    >"$d/again.out" 2>"$d/again.err"
	rc=$?
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } &&
	    ! grep -Eq '^(--- |\+\+\+ |@@ )' "$d/again.out"; then
		lh_pass "$label: fix on the output proposes no change"
	else
		lh_fail "$label: fix on the output proposes no change" "exit $rc, or a diff"
		lh_show "$d/again.out" 30
	fi
	(cd "$d/after" && "$MH_BIN" fix --profile dmz \
	    --output "$d/again/tree" tree) >"$d/again2.out" 2>&1
	if diff -r "$d/after/tree" "$d/again/tree" >"$d/again.diff" 2>&1; then
		lh_pass "$label: fix --output on the output writes the same files"
	else
		lh_fail "$label: fix --output on the output writes the same files" "they differ"
		lh_show "$d/again.diff" 30
	fi

	# 5. the real MTA
	if [ "$mta" = postfix ]; then
		postfix_real "$label" "$d/after/tree" "$top/examples/$mta-insecure"
	else
		sendmail_real "$label" "$d/after/tree"
	fi

	# 6. the follow-up steps, inside the output
	if [ "$mta" = postfix ]; then
		python3 "$top/tests/live/postfix-copy.py" --maps-only \
		    --tree "$d/after/tree" \
		    --config "$work/chk-$label/root/etc/postfix" >"$d/steps.log" 2>&1
		rc=$?
	else
		mail=$d/after/tree/etc/mail
		chk=$work/chk-$label
		rc=0
		m4 "$mail/sendmail.mc" >"$mail/sendmail.cf" 2>>"$d/steps.log" || rc=1
		if [ -f "$mail/access" ]; then
			lh_ns sh -c '"$1" -C "$2" hash "$3" <"$3"' sh "$makemap" \
			    "$chk/test.cf" "$mail/access" >>"$d/steps.log" 2>&1 || rc=1
		fi
		if [ -f "$mail/aliases" ]; then
			lh_ns "$sendmail" -C "$chk/test.cf" $(sm_opts "$chk") \
			    -ORunAsUser=root -OAliasFile="$mail/aliases" -bi \
			    >>"$d/steps.log" 2>&1 || rc=1
		fi
	fi
	if [ "$rc" -eq 0 ]; then
		lh_pass "$label: follow-up steps done inside the output (m4, maps)"
	else
		lh_fail "$label: follow-up steps done inside the output" "a step failed"
		lh_show "$d/steps.log"
	fi

	# 7. findings after
	(cd "$d/after" && "$MH_BIN" check --profile dmz --format json tree) \
	    >"$d/after.json" 2>"$d/after.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		lh_fail "$label: check after" "exit $rc"
		lh_show "$d/after.err"
		return
	fi
	python3 "$top/tests/live/findings.py" "$d/before.json" "$d/fix.json" \
	    "$fixrc" "$d/after.json" >"$d/compare.out" 2>&1 ||
	    echo "FAIL	findings.py	crashed" >>"$d/compare.out"
	tab=$(printf '\t')
	while IFS=$tab read -r verdict what detail; do
		case "$verdict" in
		PASS) lh_pass "$label: $what ($detail)" ;;
		FAIL) lh_fail "$label: $what" "$detail" ;;
		*) lh_fail "$label: findings.py" "$verdict $what $detail" ;;
		esac
	done <"$d/compare.out"
}

echo "== controls: the hand-hardened examples, the insecure main.cf"
postfix_real postfix-hardened "$top/examples/postfix-hardened"
sendmail_real sendmail-hardened "$top/examples/sendmail-hardened"
if postconf -c "$top/examples/postfix-insecure/etc/postfix" -n \
    2>&1 >/dev/null | grep -q 'warning:'; then
	lh_pass "postfix-insecure: postconf -n warns (the warning check sees something)"
else
	lh_fail "postfix-insecure: postconf -n warns" "no warning for its smtpd_relay_restriction typo"
fi

fix_tree postfix
fix_tree sendmail

# an IPv6 daemon moved to loopback: the address is one of its family,
# which sendmail loads (Addr=127.0.0.1 there is "host unknown")
echo "== sendmail-inet6: MH701 on a Family=inet6 daemon"
inet6=$top/tests/cases/MH701/sendmail-edge-inet6/tree
rm -rf "$work/inet6"
"$MH_BIN" fix --profile null-client --only MH701 --output "$work/inet6" \
    "$inet6/etc/mail" >/dev/null 2>"$work/inet6.err"
if grep -q "Family=inet6, Name=MTA-v6, Port=smtp, Addr=::1'" \
    "$work/inet6/etc/mail/sendmail.mc" 2>/dev/null; then
	lh_pass "sendmail-inet6: the daemon gets Addr=::1"
else
	lh_fail "sendmail-inet6: the daemon gets Addr=::1" "$(cat "$work/inet6.err")"
fi
sendmail_real sendmail-inet6 "$work/inet6"

lh_summary
