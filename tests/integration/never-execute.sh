#!/bin/sh
# never-execute.sh - commands written in configs are read as text, never
# run: a .mc with syscmd and esyscmd, aliases with |command, $(...) and
# backquotes in main.cf, master.cf, access and a profile. Under check and
# every mode of fix, strace must see no execve but the tool's own, and no
# command may leave its mark.
set -u
: "${MH_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }
cd "$tmp" || exit 1
# LeakSanitizer cannot run under ptrace (a sanitizer build): no leak check here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
command -v strace >/dev/null || { echo "never-execute: strace is missing (scripts/install-deps.sh)"; exit 1; }
mark="$tmp/ran"
mkdir -p tree/etc/mail tree/etc/postfix
cat >tree/etc/mail/sendmail.mc <<MC
divert(-1)dnl
syscmd(\`touch $mark.syscmd')
esyscmd(\`touch $mark.esyscmd')
define(\`confSMTP_LOGIN_MSG', esyscmd(\`touch $mark.esyscmd2'))dnl
divert(0)dnl
OSTYPE(\`linux')dnl
define(\`confPRIVACY_FLAGS', \`\$(touch $mark.dollar)')dnl
define(\`confMAX_MESSAGE_SIZE', \`syscmd(touch $mark.inquote)')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
MC
cat >tree/etc/mail/aliases <<AL
postmaster: root
run: "|/bin/touch $mark.alias"
run2: |/bin/sh -c 'touch $mark.alias2'
sub: \$(touch $mark.alias3)
inc: :include:/bin/touch
AL
cat >tree/etc/mail/access <<AC
\$(touch $mark.access)	OK
\`touch $mark.access2\`	RELAY
AC
cat >tree/etc/postfix/main.cf <<PF
myhostname = \$(touch $mark.main)
smtpd_banner = \`touch $mark.backquote\` \$myhostname
mydestination = \${touch $mark.brace}
alias_maps = hash:/etc/mail/aliases
PF
cat >tree/etc/postfix/master.cf <<MF
smtp      inet  n       -       y       -       -       smtpd
  -o smtpd_banner=\$(touch $mark.override)
evil      unix  -       n       n       -       -       pipe
  flags=R user=nobody argv=/bin/touch $mark.pipe
MF
cat >profile.yaml <<YA
name: evil
extends: default
description: \$(touch $mark.profile) \`touch $mark.profile2\`
YA

run() {	# run NAME ARGS...: under strace, count the execve calls
	name=$1
	shift
	strace -f -qq -e trace=execve,execveat -o "trace.$name" \
	    "$MH_BIN" "$@" >"out.$name" 2>"err.$name"
	status=$?
	[ "$status" -le 1 ] && ok || bad "$name: exit $status: $(head -3 "err.$name")"
	n=$(grep -c 'execve' "trace.$name")
	[ "$n" -eq 1 ] && ok || bad "$name: $n execve calls: $(grep execve "trace.$name" | tail -n +2 | head -3)"
	ls "$tmp" | grep -q '^ran\.' && bad "$name: a command ran: $(ls "$tmp" | grep '^ran\.')" || ok
}
run check check --root tree tree/etc
run check-profile check -p profile.yaml --root tree tree/etc
run check-json check -f json --root tree tree/etc
run show show --root tree tree/etc
run fix fix --root tree tree/etc
run fix-output fix --output out --root tree tree/etc
run fix-write fix --write --steps steps.sh --root tree tree/etc
# the text was read: the findings quote it
grep -q "|/bin/touch $mark.alias" out.check && ok || bad "check: the program alias is not reported"
grep -q "esyscmd(.touch $mark.esyscmd.) is not run" out.check && ok ||
    bad "check: esyscmd is not reported as not run"
[ -s steps.sh ] && ok || bad "fix --steps wrote no script"
echo "never-execute: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
