#!/bin/sh
# suppress.sh - inline suppressions (# and dnl forms, disable-file, unused
# ones reported, --no-inline-suppressions) and --baseline.
set -u
: "${MH_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
check() {
	if python3 -c "$1" "$tmp/out"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok: $2"; fi
}
json() { "$MH_BIN" check --format json "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }

mkdir -p "$tmp/pf"
cat >"$tmp/pf/main.cf" <<'CF'
# mta-harden: disable-file=unknown-parameter -- site-local parameters
compatibility_level = 3.6
smtpd_banner = $myhostname ESMTP
my_site_parameter = 1
# mta-harden: disable=vrfy-enabled -- the address checker needs it
disable_vrfy_command = no
# mta-harden: disable=MH601
message_size_limit = 10240000

# mta-harden: disable=banner-reveals-software

mynetworks = 127.0.0.0/8
CF
status=$(json --fail-on high "$tmp/pf")
[ "$status" -eq 0 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: exit $status, wanted 0 (a suppressed high finding does not count)"; cat "$tmp/err"; }
check '
import json, sys
d = json.load(open(sys.argv[1]))
f = {(x["rule"], x["line"]): x for x in d["findings"]}
v = f[("MH101", 6)]
assert v["suppressed"] and v["justification"] == "the address checker needs it", v
assert f[("MH903", 4)]["suppressed"]
unused = sorted(x["line"] for x in d["findings"] if x["rule"] == "MH003")
assert unused == [7, 10], unused
assert all(not x["suppressed"] for x in d["findings"] if x["rule"] == "MH003")
assert d["summary"]["suppressed"] == 2
' "suppressed findings listed with their reason; unused directives reported"

status=$(json --fail-on high --no-inline-suppressions "$tmp/pf")
[ "$status" -eq 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: --no-inline-suppressions exit $status, wanted 1"; }
check '
import json, sys
d = json.load(open(sys.argv[1]))
assert not any(x["suppressed"] for x in d["findings"])
assert not any(x["rule"] == "MH003" for x in d["findings"])
' "--no-inline-suppressions ignores them all"

"$MH_BIN" check "$tmp/pf" >"$tmp/out" 2>"$tmp/err"
if grep -q MH101 "$tmp/out"; then fail=$((fail + 1)); echo "not ok: text shows a suppressed finding"; else pass=$((pass + 1)); fi
grep -q "2 suppressed inline" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: summary"; cat "$tmp/err"; }

# The .mc form: dnl, over a define that runs on the next line.
mkdir -p "$tmp/sm"
cat >"$tmp/sm/sendmail.mc" <<'MC'
divert(-1)dnl
divert(0)dnl
include(`/usr/share/sendmail/cf/m4/cf.m4')dnl
OSTYPE(`debian')dnl
dnl mta-harden: disable=expn-enabled,verb-enabled -- list server for a legacy tool
define(`confPRIVACY_FLAGS',
	`novrfy,authwarnings')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
MC
json "$tmp/sm" >/dev/null
check '
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["rule"]: x for x in d["findings"] if x["file"].endswith("sendmail.mc")}
assert f["MH102"]["suppressed"] and f["MH103"]["suppressed"], f
assert "MH101" not in f
assert f["MH102"]["justification"] == "list server for a legacy tool"
' "dnl suppressions in a .mc"

# Baseline: a finding recorded earlier stays hidden after lines move; a new one shows.
mkdir -p "$tmp/base"
printf 'compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP\ndisable_vrfy_command = no\n' >"$tmp/base/main.cf"
"$MH_BIN" check --format json "$tmp/base" >"$tmp/baseline.json" 2>/dev/null
printf '# moved down by a comment\n\ncompatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP $mail_name\ndisable_vrfy_command = no\n' >"$tmp/base/main.cf"
status=$(json --baseline "$tmp/baseline.json" "$tmp/base")
[ "$status" -eq 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: baseline exit $status, wanted 1 (the new banner finding)"; }
check '
import json, sys
d = json.load(open(sys.argv[1]))
rules = sorted(x["rule"] for x in d["findings"])
assert rules == ["MH104"], rules
assert d["summary"]["baselined"] >= 1, d["summary"]
' "baseline hides recorded findings after lines moved"
status=$(json --baseline "$tmp/nonexistent.json" "$tmp/base")
[ "$status" -eq 2 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: missing baseline exit $status"; }
echo '{"no": "findings"}' >"$tmp/bad.json"
status=$(json --baseline "$tmp/bad.json" "$tmp/base")
[ "$status" -eq 2 ] && grep -q 'bad.json: baseline has no "findings"' "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: bad baseline"; }

echo "suppress: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
