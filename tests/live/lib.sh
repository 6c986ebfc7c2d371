# lib.sh - shared by tests/integration/fix-real-mtas.sh, live-postfix.sh and
# live-sendmail.sh (sourced, POSIX sh). The caller sets NAME (its name in
# messages) and top (the repository top) before sourcing it.
#
# Counting: lh_pass WHAT / lh_fail WHAT WHY print one line each and count;
# lh_setup_fail WHY ends the script at once (a missing tool, an unusable
# binary): it prints the counts with one more failure and exits 1. Nothing
# is ever skipped. lh_summary prints "NAME: N passed, M failed" and sets
# the exit status.
#
# Work directory: lh_workdir makes $work, a 0755 directory whose every
# parent is neither group- nor world-writable (sendmail refuses class,
# alias and map files below such a directory, D.7 of mta-semantics.md, so
# /tmp will not do) and which the postfix user can enter (its queue lives
# there): $MH_LIVE_TMP if set, else build/ below the repository top, else
# /run. lh_cleanup (installed as the EXIT trap by lh_workdir) runs the
# caller's lh_cleanup_hook first (stop daemons), then removes $work unless
# MH_LIVE_KEEP=1.
#
# Namespaces: lh_ns CMD ARG... runs CMD in a private UTS and mount
# namespace (unshare --uts --mount) in which
#   - the host name is mx.example.com (on an unqualified host name sendmail
#     sleeps 60 s; D.7),
#   - /etc/passwd and /etc/group are copies with the users and groups of
#     Debian's sendmail packages added when the host lacks them (smmta,
#     smmsp: DOMAIN(`debian-mta') makes smmta the TrustedUser, and sendmail
#     stops reading the .cf at an unknown user), bind-mounted over the
#     real ones in that namespace only,
#   - /etc/resolv.conf names 127.0.0.1 with one attempt and a 1 s timeout,
#     so no test talks to a real resolver: DNS answers do not depend on
#     the network the test runs on (a DNS block list such as
#     zen.spamhaus.org would list the probe's source 127.0.0.2, its test
#     address, and refuse it before any relay decision), and lookups fail
#     fast,
# with the working directory $work and CMD under `timeout` ($LH_TIMEOUT,
# default 30 s). Nothing outside the namespace changes.

LH_PASSED=0
LH_FAILED=0
LH_TIMEOUT=${LH_TIMEOUT:-30}
work=

lh_pass() {
	LH_PASSED=$((LH_PASSED + 1))
	echo "PASS $1"
}

lh_fail() {
	LH_FAILED=$((LH_FAILED + 1))
	echo "FAIL $1: $2"
}

# lh_show FILE [N] - the last N (20) lines of FILE, indented
lh_show() {
	[ -s "$1" ] && tail -n "${2:-20}" "$1" | sed 's/^/    | /'
	return 0
}

lh_summary() {
	echo "$NAME: $LH_PASSED passed, $LH_FAILED failed"
	[ "$LH_FAILED" -eq 0 ]
}

lh_setup_fail() {
	echo "$NAME: error: $*"
	LH_FAILED=$((LH_FAILED + 1))
	echo "$NAME: $LH_PASSED passed, $LH_FAILED failed"
	exit 1
}

# lh_require TOOL... - every TOOL must be in PATH
lh_require() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
		    lh_setup_fail "'$t' not found in PATH (required; not skipping)"
	done
}

# lh_require_root - the MTAs are started as root, as in CI
lh_require_root() {
	[ "$(id -u)" -eq 0 ] ||
	    lh_setup_fail "must run as root (postfix start, sendmail -bs and unshare need it; not skipping)"
	unshare --uts --mount true 2>/dev/null ||
	    lh_setup_fail "unshare --uts --mount does not work here (needs CAP_SYS_ADMIN; not skipping)"
}

# lh_mh - MH_BIN must name an executable mta-harden
lh_mh() {
	[ -n "${MH_BIN:-}" ] || lh_setup_fail "MH_BIN is not set (make; MH_BIN=\$PWD/mta-harden)"
	[ -x "$MH_BIN" ] || lh_setup_fail "MH_BIN '$MH_BIN' is not executable"
	case "$MH_BIN" in
	/*) ;;
	*) MH_BIN=$(cd "$(dirname "$MH_BIN")" && pwd)/$(basename "$MH_BIN") ;;
	esac
}

# lh_sendmail - $sendmail and $makemap from scripts/fetch-sendmail.sh
lh_sendmail() {
	sendmail=$(sh "$top/scripts/fetch-sendmail.sh") ||
	    lh_setup_fail "cannot fetch the sendmail binary (sh scripts/fetch-sendmail.sh failed; not skipping)"
	[ -x "$sendmail" ] || lh_setup_fail "no sendmail binary at '$sendmail'"
	# CACHE/root/usr/libexec/sendmail/sendmail -> CACHE/root/usr/sbin/makemap
	makemap=$(dirname "$(dirname "$(dirname "$sendmail")")")/sbin/makemap
	[ -x "$makemap" ] || lh_setup_fail "no makemap next to $sendmail ($makemap)"
	[ -f /usr/share/sendmail/cf/m4/cf.m4 ] ||
	    lh_setup_fail "sendmail-cf is not installed (/usr/share/sendmail/cf/m4/cf.m4; not skipping)"
}

# lh_safe_dir DIR - DIR and every parent are not group/world writable
lh_safe_dir() {
	d=$1
	while :; do
		[ -d "$d" ] || return 1
		perm=$(ls -ld "$d" | cut -c 6,9)
		[ "$perm" = "--" ] || return 1
		# the postfix user must be able to enter every parent
		[ "$(ls -ld "$d" | cut -c 10)" != "-" ] || return 1
		[ "$d" = / ] && return 0
		d=$(dirname "$d")
	done
}

lh_workdir() {
	base=
	for cand in ${MH_LIVE_TMP:-} "$top/build" /run; do
		mkdir -p "$cand" 2>/dev/null || continue
		cand=$(cd "$cand" && pwd) || continue
		if lh_safe_dir "$cand"; then
			base=$cand
			break
		fi
	done
	[ -n "$base" ] ||
	    lh_setup_fail "no directory for the test files that is not below a group/world-writable one (set MH_LIVE_TMP)"
	work=$(mktemp -d "$base/$NAME.XXXXXX") || lh_setup_fail "mktemp in $base failed"
	chmod 755 "$work" || lh_setup_fail "cannot chmod $work"
	trap 'lh_cleanup' EXIT
	trap 'exit 1' INT TERM HUP
	lh_ns_files
}

lh_cleanup() {
	set +e
	if command -v lh_cleanup_hook >/dev/null 2>&1; then
		lh_cleanup_hook
	fi
	if [ -n "$work" ] && [ -d "$work" ]; then
		if [ "${MH_LIVE_KEEP:-0}" = 1 ]; then
			echo "$NAME: kept $work"
		else
			rm -rf "$work"
		fi
	fi
}

# lh_ns_files - $work/ns: passwd, group, resolv.conf and the entry script
lh_ns_files() {
	ns=$work/ns
	mkdir -p "$ns" || lh_setup_fail "cannot create $ns"
	cp /etc/passwd "$ns/passwd" && cp /etc/group "$ns/group" ||
	    lh_setup_fail "cannot copy /etc/passwd and /etc/group"
	# a free id: one above the highest below 60000 in either file
	id=$(awk -F: '$3 < 60000 && $3 > m { m = $3 } END { print m + 1 }' \
	    /etc/passwd /etc/group)
	for u in smmta smmsp; do
		if ! grep -q "^$u:" "$ns/group"; then
			echo "$u:x:$id:" >>"$ns/group"
			id=$((id + 1))
		fi
		if ! grep -q "^$u:" "$ns/passwd"; then
			gid=$(awk -F: -v u="$u" '$1 == u { print $3 }' "$ns/group")
			echo "$u:x:$id:$gid:Debian sendmail ($u, test namespace only):/nonexistent:/usr/sbin/nologin" >>"$ns/passwd"
			id=$((id + 1))
		fi
	done
	printf 'nameserver 127.0.0.1\noptions attempts:1 timeout:1\n' >"$ns/resolv.conf"
	cat >"$ns/enter.sh" <<'EOF'
# enter.sh NSDIR WORKDIR TIMEOUT CMD... (run by unshare --uts --mount)
ns=$1 wd=$2 limit=$3
shift 3
mount --bind "$ns/passwd" /etc/passwd &&
    mount --bind "$ns/group" /etc/group &&
    mount --bind "$ns/resolv.conf" /etc/resolv.conf &&
    hostname mx.example.com || {
	echo "enter.sh: cannot set up the namespace" >&2
	exit 125
}
cd "$wd" || exit 125
exec timeout "$limit" "$@"
EOF
}

# lh_ns CMD ARG... - CMD in the test namespace (see above)
lh_ns() {
	unshare --uts --mount sh "$work/ns/enter.sh" "$work/ns" "$work" \
	    "$LH_TIMEOUT" "$@"
}

# lh_ns_argv - the command prefix of lh_ns, for smtp-probe.py --inetd
lh_ns_argv() {
	echo "unshare --uts --mount sh $work/ns/enter.sh $work/ns $work $LH_TIMEOUT"
}

# ---------------------------------------------------------------- sendmail
#
# sm_prepare TREE DEST - make a sendmail test copy of the image root TREE
# (TREE/etc/mail/sendmail.mc) in DEST:
#   DEST/root          copy of TREE
#   DEST/sendmail.cf   m4 DEST/root/etc/mail/sendmail.mc (the Debian-style
#                      .mc includes cf.m4 itself); m4's stderr in
#                      DEST/m4.err
#   DEST/test.cf       sendmail.cf with every /etc/mail/ replaced by
#                      DEST/root/etc/mail/, so that the class files
#                      (local-host-names, relay-domains), the access map,
#                      the aliases and the help file of the tree are read,
#                      not the host's
#   DEST/mqueue, DEST/var   the queue and the /var/lib/sendmail and
#                      /var/run/sendmail files, given with -O (sm_opts)
#   access.db          makemap hash (when the .cf has a K line for
#                      /etc/mail/access and the tree has the source)
#   aliases.db         sendmail -bi (newaliases) with the test .cf
# Returns 1 (with the reason in DEST/prepare.err) when any step fails; m4
# warnings alone do not fail it (the caller decides).
sm_prepare() {
	tree=$1 dest=$2
	mkdir -p "$dest/mqueue" "$dest/var/host_status" &&
	    chmod 700 "$dest/mqueue" && cp -a "$tree" "$dest/root" || {
		echo "cannot copy $tree" >"$dest/prepare.err"
		return 1
	}
	m4 "$dest/root/etc/mail/sendmail.mc" >"$dest/sendmail.cf" 2>"$dest/m4.err" || {
		echo "m4 $tree/etc/mail/sendmail.mc failed" >"$dest/prepare.err"
		return 1
	}
	sed "s#/etc/mail/#$dest/root/etc/mail/#g" "$dest/sendmail.cf" >"$dest/test.cf"
	: >"$dest/prepare.err"
	# With a RunAsUser, sendmail (-bs, -bi, -bt alike) and makemap switch
	# to that user at startup. Like an admin deploying such a config: the
	# queue and the /var files belong to it, the databases are built as
	# root (newaliases with -ORunAsUser=root, since the RunAsUser cannot
	# write etc/mail) and then given to it, so that it can read them. The
	# user is looked up in the test namespace's passwd.
	runas=$(sed -n 's/^O RunAsUser=//p' "$dest/test.cf" | tail -n 1)
	sm_owner=
	if [ -n "$runas" ]; then
		ruser=${runas%%:*}
		rgroup=
		case "$runas" in *:*) rgroup=${runas#*:} ;; esac
		uid=$(awk -F: -v u="$ruser" '$1 == u || $3 == u { print $3; exit }' "$work/ns/passwd")
		gid=$(awk -F: -v u="$ruser" '$1 == u || $3 == u { print $4; exit }' "$work/ns/passwd")
		if [ -n "$rgroup" ]; then
			gid=$(awk -F: -v g="$rgroup" '$1 == g || $3 == g { print $3; exit }' "$work/ns/group")
		fi
		if [ -z "$uid" ] || [ -z "$gid" ]; then
			echo "RunAsUser=$runas: no such user or group" >>"$dest/prepare.err"
			return 1
		fi
		sm_owner="$uid:$gid"
		chown -R "$sm_owner" "$dest/mqueue" "$dest/var"
	fi
	if grep -q "^Kaccess .*$dest/root/etc/mail/access\$" "$dest/test.cf" &&
	    [ -f "$dest/root/etc/mail/access" ]; then
		lh_ns sh -c '"$1" -C "$2" hash "$3" <"$3"' sh "$makemap" \
		    "$dest/test.cf" "$dest/root/etc/mail/access" \
		    >"$dest/makemap.out" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$dest/makemap.out" ]; then
			echo "makemap hash access exited $rc:" >>"$dest/prepare.err"
			cat "$dest/makemap.out" >>"$dest/prepare.err"
		fi
	fi
	if [ -f "$dest/root/etc/mail/aliases" ]; then
		lh_ns "$sendmail" -C "$dest/test.cf" $(sm_opts "$dest") \
		    ${sm_owner:+-ORunAsUser=root} -bi \
		    >"$dest/newaliases.out" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] ||
		    grep -v ': [0-9]* aliases, longest [0-9]* bytes, [0-9]* bytes total$' \
		    "$dest/newaliases.out" | grep -q .; then
			echo "newaliases (sendmail -bi) exited $rc:" >>"$dest/prepare.err"
			cat "$dest/newaliases.out" >>"$dest/prepare.err"
		fi
	fi
	# the RunAsUser reads the maps and aliases (etc/mail itself stays
	# root's: sendmail refuses files in a directory another user can write)
	[ -z "$sm_owner" ] ||
	    find "$dest/root/etc/mail" -type f -exec chown "$sm_owner" {} +
	[ ! -s "$dest/prepare.err" ]
}

# sm_opts DEST - the -O options that keep sendmail inside DEST
sm_opts() {
	echo "-OQueueDirectory=$1/mqueue -OStatusFile=$1/var/sendmail.st" \
	    "-OPidFile=$1/var/sendmail.pid -OHostStatusDirectory=$1/var/host_status" \
	    "-ODeadLetterDrop=$1/var/dead.letter -OControlSocketName=$1/var/smcontrol"
}

# sm_load DEST OUT - sendmail -C DEST/test.cf -bt -d0.1 </dev/null; 0 when
# it exits 0 and says nothing but the -d0.1 banner and the -bt prompt
sm_load() {
	lh_ns "$sendmail" -C "$1/test.cf" $(sm_opts "$1") -bt -d0.1 \
	    </dev/null >"$2" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || return 1
	! grep -Ei 'line [0-9]+:|readcf:|warning|error|cannot|unknown|no such|unsafe|writable|syserr|invalid' "$2" >/dev/null
}

# ---------------------------------------------------------------- postfix
#
# pf_prepare TREE DEST [live] - see tests/live/postfix-copy.py; the config
# directory is DEST/root/etc/postfix.
pf_prepare() {
	python3 "$top/tests/live/postfix-copy.py" --tree "$1" --work "$2" \
	    ${3:+--live}
}

# pf_check CFG OUT - `postfix -c CFG check` on a pseudo terminal (postfix
# writes its messages to stderr only when that is a terminal; otherwise
# they go to syslog only). 0 when it exits 0 and prints nothing.
pf_check() {
	script -qec "postfix -c '$1' check" /dev/null >"$2" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq 0 ] && ! grep -q '[^[:space:]]' "$2"
}
