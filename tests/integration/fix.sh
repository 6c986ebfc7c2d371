#!/bin/sh
# fix.sh - mta-harden fix: the diff applies (patch -p1, git apply), the
# hardened copy no longer shows what was fixed, a second fix changes
# nothing, --write is atomic with a backup and keeps the mode, nothing is
# written on exit 2, links out of the tree are refused, --only,
# --safe-only, --steps, JSON.
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

for ex in postfix-insecure sendmail-insecure; do
	rm -rf a b out
	cp -r "$top/examples/$ex" a
	cp -r a b
	"$MH_BIN" fix --profile dmz a >diff 2>err
	status=$?
	[ "$status" -eq 1 ] && ok || bad "$ex: fix exit $status, wanted 1 (findings left for a person)"
	grep -q '^--- a/etc/' diff && ok || bad "$ex: no diff"
	# nothing written by the default mode
	diff -r "$top/examples/$ex" a >/dev/null && ok || bad "$ex: the default mode wrote"
	(cd b && patch -p1 -s <../diff) && ok || bad "$ex: patch -p1"
	(cd b && git apply --check -R ../diff 2>/dev/null) && ok || bad "$ex: git apply (reverse on the patched tree)"
	"$MH_BIN" fix --profile dmz --format json a >fix.json 2>/dev/null
	"$MH_BIN" fix --profile dmz --output out a >/dev/null 2>&1
	diff -r b out >/dev/null && ok || bad "$ex: --output differs from the patched tree"
	diff -r "$top/examples/$ex" a >/dev/null && ok || bad "$ex: --output touched the input"
	# the steps' first one: sendmail.cf regenerated from the fixed .mc
	if [ -f out/etc/mail/sendmail.mc ]; then
		m4 out/etc/mail/sendmail.mc >out/etc/mail/sendmail.cf 2>m4.err &&
		    [ ! -s m4.err ] && ok || bad "$ex: m4 on the fixed .mc"
	fi
	"$MH_BIN" check --profile dmz --format json out >after.json 2>/dev/null
	python3 - fix.json after.json <<'PY' && ok || bad "$ex: fixed findings gone, no new one"
import json, sys
fix = json.load(open(sys.argv[1]))
after = json.load(open(sys.argv[2]))
def key(f, prefix):
    return (f["rule"], f["file"][len(prefix):])
fixed = {key(f, "a/") for f in fix["findings"] if f.get("fixed")}
assert fixed, "nothing fixed"
for f in fix["findings"]:
    if f.get("fixable"):
        assert f["fix_safety"] in ("safe", "unsafe"), f
before = {key(f, "a/") for f in fix["findings"]}
now = {key(f, "out/") for f in after["findings"]}
still = fixed & now - {k for k in now if k[0] in ("MH801", "MH802")}
assert not still, still
new = now - before
assert not new, new
assert fix["steps"], fix["steps"]
PY
	"$MH_BIN" fix --profile dmz out >again 2>/dev/null
	grep -q '^--- ' again && bad "$ex: a second fix changes something" || ok
done

# --write: atomic, a backup, the mode kept; then nothing more to change
rm -rf w && cp -r "$top/examples/postfix-insecure" w
chmod 640 w/etc/postfix/main.cf
cp w/etc/postfix/main.cf main.cf.before
"$MH_BIN" fix --profile dmz --write w >/dev/null 2>&1
cmp -s main.cf.before w/etc/postfix/main.cf.orig && ok || bad "--write: no backup"
cmp -s main.cf.before w/etc/postfix/main.cf && bad "--write: main.cf unchanged" || ok
[ "$(stat -c %a w/etc/postfix/main.cf)" = 640 ] && ok || bad "--write: mode not kept"
ls -a w/etc/postfix | grep -q '\.mh-' && bad "--write: a temporary file was left" || ok
"$MH_BIN" fix --profile dmz --write --no-backup w >/dev/null 2>&1
cmp -s main.cf.before w/etc/postfix/main.cf.orig && ok || bad "--write twice: the backup changed"

# nothing is written on exit 2
mkdir -p broken/etc/postfix
printf 'disable_vrfy_command = no\nthis line has no equals\n' >broken/etc/postfix/main.cf
"$MH_BIN" fix --output out2 broken >/dev/null 2>err
status=$?
[ "$status" -eq 2 ] && [ ! -e out2 ] && ok || bad "broken input: exit $status, output written"
"$MH_BIN" fix --write broken >/dev/null 2>&1
[ ! -e broken/etc/postfix/main.cf.orig ] && ok || bad "broken input: --write wrote"

# a symbolic link out of the tree is not read, and not written through
# even when --follow-links reads it
mkdir -p outside link/etc/postfix
printf 'disable_vrfy_command = no\ncompatibility_level = 3.6\n' >outside/main.cf
cp outside/main.cf outside.before
ln -s "$tmp/outside/main.cf" link/etc/postfix/main.cf
"$MH_BIN" fix --write link >/dev/null 2>err
status=$?
[ "$status" -eq 0 ] && cmp -s outside.before outside/main.cf && [ -L link/etc/postfix/main.cf ] && ok || bad "link out of the tree: exit $status"
"$MH_BIN" fix --write --follow-links link >/dev/null 2>err
status=$?
[ "$status" -eq 2 ] && cmp -s outside.before outside/main.cf && grep -q 'outside the tree' err && ok || bad "link out of the tree, --follow-links: exit $status"

# --only, --safe-only, --steps
rm -rf o && cp -r "$top/examples/sendmail-insecure" o
"$MH_BIN" fix --profile dmz --only vrfy-enabled --format json o >only.json 2>/dev/null
python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
assert {x["rule"] for x in f if x.get("fixed")} == {"MH101"}
' only.json && ok || bad "--only"
"$MH_BIN" fix --profile dmz --safe-only --format json o >safe.json 2>/dev/null
python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
assert all(x["fix_safety"] == "safe" for x in f if x.get("fixed"))
assert any(x.get("fixed") for x in f)
' safe.json && ok || bad "--safe-only"
"$MH_BIN" fix --profile dmz --steps steps.sh o >/dev/null 2>&1
[ -x steps.sh ] && grep -q '^m4 .*sendmail.mc > .*sendmail.cf$' steps.sh && ok || bad "--steps"
[ -e o/etc/mail/sendmail.mc.orig ] && bad "--steps wrote the tree" || ok

# the access map and duplicates are fixed only when asked
"$MH_BIN" fix --profile dmz o 2>/dev/null | grep -q '^--- a/etc/mail/access' &&
    bad "access fixed without --only" || ok
"$MH_BIN" fix --only access-syntax o 2>/dev/null >acc.diff
grep -q '^+# Connect:123.456.678.901' acc.diff && ! grep -q '^--- a/etc/mail/sendmail.mc' acc.diff &&
    grep -q 'makemap hash' acc.diff && ok || bad "--only access-syntax"
mkdir -p dup/etc/postfix
printf 'compatibility_level = 3.6\nbiff = no\nbiff = yes\n' >dup/etc/postfix/main.cf
"$MH_BIN" fix dup 2>/dev/null | grep -q '^+# biff' && bad "duplicates fixed without --only" || ok
"$MH_BIN" fix --only duplicate-setting dup 2>/dev/null | grep -q '^+# biff = no' && ok || bad "--only duplicate-setting"

# exit 0 when everything at or above --fail-on was fixable
mkdir -p only/etc/postfix
printf 'compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP $mail_version\ndisable_vrfy_command = no\n' >only/etc/postfix/main.cf
"$MH_BIN" fix --fail-on high only >/dev/null 2>&1
status=$?
[ "$status" -eq 0 ] && ok || bad "fixable only: exit $status, wanted 0"

# required aliases point at the profile's admin address; without one,
# root is left to a person and the others point at root
mkdir -p al/etc/mail
printf 'postmaster: root\n' >al/etc/mail/aliases
printf "OSTYPE(\`linux')dnl\nMAILER(\`local')dnl\nMAILER(\`smtp')dnl\n" >al/etc/mail/sendmail.mc
printf 'name: site\nextends: default\nrules:\n  required-alias-missing:\n    admin_address: hostmaster@example.org\n' >site.yaml
"$MH_BIN" fix --profile site.yaml --only required-alias-missing al >al.diff 2>/dev/null
grep -qx '+root: hostmaster@example.org' al.diff &&
    grep -qx '+abuse: hostmaster@example.org' al.diff &&
    grep -q '^#   newaliases' al.diff && ok || bad "aliases: admin_address"
"$MH_BIN" fix --only required-alias-missing al >al2.diff 2>/dev/null
grep -qx '+abuse: root' al2.diff && ! grep -q '^+root:' al2.diff &&
    ok || bad "aliases: no admin_address"

# lists built on: two fixes of one restriction list keep both words
mkdir -p snd/etc/postfix
printf 'compatibility_level = 3.6\nsmtpd_sender_restrictions = permit_mynetworks\n' >snd/etc/postfix/main.cf
"$MH_BIN" fix --only MH301,MH302 snd 2>/dev/null | grep -qx \
    '+smtpd_sender_restrictions = reject_non_fqdn_sender, reject_unknown_sender_domain, permit_mynetworks' &&
    ok || bad "sender restrictions merged"

# sendmail's own daemons, written out on loopback: the MSA that sendmail.mc
# adds by itself beside a daemon the .mc writes (one edit each, no clash)
mkdir -p d/etc/mail
printf "OSTYPE(\`linux')dnl\nDAEMON_OPTIONS(\`Port=smtp, Name=MTA')dnl\nMAILER(\`local')dnl\nMAILER(\`smtp')dnl\n" >d/etc/mail/sendmail.mc
"$MH_BIN" fix --profile null-client --only MH701 d >d.diff 2>/dev/null
status=$?
[ "$status" -le 1 ] && grep -qx "+FEATURE(\`no_default_msa')dnl" d.diff &&
    grep -qx "+DAEMON_OPTIONS(\`Port=smtp, Name=MTA, Addr=127.0.0.1')dnl" d.diff &&
    ok || bad "MH701: default MSA beside a written daemon (exit $status)"

# a main.cf without a final newline: the appended lines come one after the
# other (one line end added), the diff applies with patch and git apply and
# gives the --output copy; a suppression on the line before the last does
# not cover the end of the file, where the absent setting goes
mkdir -p nl/etc/postfix
printf 'compatibility_level = 3.6\n# mta-harden: disable=vrfy-enabled\nmyhostname = mx.example.org' >nl/etc/postfix/main.cf
"$MH_BIN" fix nl >nl.diff 2>/dev/null
rm -rf nl-out nl-patched && cp -r nl nl-patched
"$MH_BIN" fix --output nl-out nl >/dev/null 2>&1
(cd nl-patched && patch -p1 -s <../nl.diff) &&
    cmp -s nl-out/etc/postfix/main.cf nl-patched/etc/postfix/main.cf &&
    (cd nl && git apply --check ../nl.diff 2>/dev/null) &&
    ! grep -qx '' nl-out/etc/postfix/main.cf &&
    grep -qx 'disable_vrfy_command = yes' nl-out/etc/postfix/main.cf &&
    ok || bad "main.cf without a final newline: appended lines"
"$MH_BIN" fix nl-out 2>/dev/null | grep -q '^--- ' &&
    bad "main.cf without a final newline: a second fix changes it" || ok

# a define whose quoted value is followed by more of its argument (here
# the MAILER calls, swallowed by a misplaced parenthesis): rewriting the
# value would take them away, so the .mc is left to a person, with where
mkdir -p sw/etc/mail
printf "divert(0)dnl\ninclude(\`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(\`linux')dnl\ndefine(\`confPRIVACY_FLAGS', \`authwarnings)'dnl\nMAILER(\`local')dnl\nMAILER(\`smtp'))dnl\n" >sw/etc/mail/sendmail.mc
cp sw/etc/mail/sendmail.mc sw.orig
"$MH_BIN" fix --write sw >sw.out 2>sw.err
grep -q 'sendmail.mc:4: the value of confPRIVACY_FLAGS is more than one quoted string' sw.err &&
    cmp -s sw.orig sw/etc/mail/sendmail.mc && ! grep -q '^--- ' sw.out &&
    ok || bad "define running over MAILER lines: left to a person"

# a main.cf with CRLF line ends: appended lines end with CRLF too; a
# mynetworks built with a $ that holds public networks is not made the
# relay networks of a raised compatibility_level
mkdir -p crlf/etc/postfix
printf 'myhostname = mx.example.org\r\nnets = 192.0.2.0/24\r\nmynetworks = $nets\r\n' >crlf/etc/postfix/main.cf
rm -rf crlf-out
"$MH_BIN" fix --output crlf-out crlf >/dev/null 2>&1
tr -d '\r' <crlf-out/etc/postfix/main.cf | wc -l >crlf.n
grep -c "$(printf '\r')\$" crlf-out/etc/postfix/main.cf >crlf.c
cmp -s crlf.n crlf.c && ! grep -q '^compatibility_level' crlf-out/etc/postfix/main.cf &&
    grep -q '^disable_vrfy_command = yes' crlf-out/etc/postfix/main.cf &&
    ok || bad "CRLF main.cf: line ends kept, compatibility_level left to a person"

echo "fix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
