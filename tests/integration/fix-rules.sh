#!/bin/sh
# fix-rules.sh - every fixer, on the golden cases of its rule: for each
# case where `fix --only RULE` fixes something,
#   - the hardened copy (--output; for a sendmail.mc, the .cf regenerated
#     with the real m4 as the steps say) no longer shows the findings that
#     were fixed, and no finding of any rule appears that was not there;
#   - every line the fix did not touch is byte-identical (the diff's
#     removed and added lines are the only difference, checked by patch);
#   - fixing the hardened copy again changes nothing;
#   - for Postfix, the real `postconf -n` warns about nothing new;
#   - the fix is labelled safe or unsafe as the catalogue says.
# Every rule the catalogue calls fixable must be fixed in at least one of
# its cases, so a fixer that never fires fails here.
# Needs python3, m4 and sendmail-cf (for .mc cases), postconf.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
for tool in python3 m4 postconf patch; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { echo "fix-rules: $tool is missing"; exit 1; }
done
[ -f /usr/share/sendmail/cf/m4/cf.m4 ] ||
    { echo "fix-rules: sendmail-cf is missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }

"$MH_BIN" rules --format json >"$tmp/rules.json" || exit 1
fixable=$(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["rules"]:
    if r["fixable"]:
        print(r["id"])' "$tmp/rules.json")

# FIX_RULES="MH101 MH702" limits the run to those rules (while developing)
if [ -n "${FIX_RULES:-}" ]; then
	fixable=$FIX_RULES
fi

# regen DIR - sendmail.cf from a fixed sendmail.mc, as the m4 step does
regen() {
	for mc in $(find "$1" -name sendmail.mc); do
		cf=${mc%.mc}.cf
		if grep -q 'cf\.m4' "$mc"; then
			(cd "$(dirname "$mc")" && m4 sendmail.mc) >"$cf.new" 2>"$tmp/m4.err"
		else
			(cd "$(dirname "$mc")" &&
			    m4 /usr/share/sendmail/cf/m4/cf.m4 sendmail.mc) \
			    >"$cf.new" 2>"$tmp/m4.err"
		fi || return 1
		mv "$cf.new" "$cf"
	done
}

# postconf_warnings DIR - the warnings of the real postconf, paths cut
postconf_warnings() {
	for d in $(find "$1" -name main.cf -exec dirname {} \;); do
		postconf -c "$d" -n 2>&1 >/dev/null | sed "s|$1||g"
	done | sort
}

for rule in $fixable; do
	fixed_somewhere=0
	for case in "$top/tests/cases/$rule"/*/; do
		case=${case%/}
		name=$rule/$(basename "$case")
		[ -s "$case/expect" ] || continue
		w=$tmp/w
		rm -rf "$w" && mkdir -p "$w" && cp -r "$case/." "$w/"
		if [ -f "$w/setup" ]; then
			(cd "$w" && sh ./setup) || { bad "$name: setup"; continue; }
		fi
		profile=default
		[ -f "$w/profile" ] && profile=$(cat "$w/profile")
		args=
		[ -f "$w/args" ] && args=$(cat "$w/args")
		cd "$w" || exit 1
		# shellcheck disable=SC2086
		"$MH_BIN" fix --format json --profile "$profile" --enable "$rule" \
		    --only "$rule" $args tree >before.json 2>fix.err
		status=$?
		if [ "$status" -gt 1 ]; then
			bad "$name: fix exit $status: $(head -1 fix.err)"
			cd "$top"; continue
		fi
		if ! python3 - before.json "$rule" "$tmp/rules.json" <<'PY'
import json, sys
fix = json.load(open(sys.argv[1]))
rules = {r["id"]: r for r in json.load(open(sys.argv[3]))["rules"]}
mine = [f for f in fix["findings"] if f["rule"] == sys.argv[2]]
sys.exit(0 if any(f.get("fixed") for f in mine) else 3)
PY
		then
			cd "$top"; continue	# the fixer leaves this case to a person
		fi
		fixed_somewhere=1
		# shellcheck disable=SC2086
		"$MH_BIN" fix --profile "$profile" --enable "$rule" --only "$rule" \
		    $args tree >diff 2>/dev/null
		# shellcheck disable=SC2086
		"$MH_BIN" fix --profile "$profile" --enable "$rule" --only "$rule" \
		    --output out $args tree >/dev/null 2>fix.err
		st=$?
		[ "$st" -le 1 ] && ok || bad "$name: fix --output exit $st"
		if grep -q '^--- ' diff; then
			# only the diff's lines changed: the patched tree is the output
			cp -r tree patched
			if (cd patched && patch -p1 -s <../diff) &&
			    diff -r -x '*.db' -x '*.lmdb' patched out >/dev/null; then
				ok
			else
				bad "$name: the output is not the tree plus the diff"
			fi
		else
			# a fix made of steps alone (rebuild a map, regenerate the .cf)
			grep -q '^#   ' diff && ok || bad "$name: no edit and no step"
		fi
		# no postconf warning that was not there before
		postconf_warnings tree >pw.before
		postconf_warnings out >pw.after
		new=$(comm -13 pw.before pw.after)
		[ -z "$new" ] && ok || bad "$name: postconf warns: $new"
		# the step that regenerates the .cf beside a fixed .mc
		if [ -f tree/etc/mail/sendmail.cf ] && [ -f out/etc/mail/sendmail.mc ] &&
		    ! cmp -s tree/etc/mail/sendmail.mc out/etc/mail/sendmail.mc; then
			regen out && ok || bad "$name: m4 on the fixed .mc: $(head -2 "$tmp/m4.err")"
			touch regenerated
		fi
		outargs=$(printf '%s' "$args" | sed 's|tree|out|g')
		# shellcheck disable=SC2086
		"$MH_BIN" check --format json --profile "$profile" --enable "$rule" \
		    $outargs out >after.json 2>/dev/null
		if python3 - before.json after.json "$rule" "$tmp/rules.json" <<'PY'
import collections, json, os, sys
before = json.load(open(sys.argv[1]))["findings"]
after = json.load(open(sys.argv[2]))["findings"]
rule = sys.argv[3]
catalogue = {r["id"]: r for r in json.load(open(sys.argv[4]))["rules"]}
errors = []
for f in before:
    if f["rule"] == rule and f.get("fixed") and \
            f.get("fix_safety") not in ("safe", "unsafe"):
        errors.append("no safety label: %s" % f)
left = sum(1 for f in before if f["rule"] == rule and not f.get("fixed"))
now = sum(1 for f in after if f["rule"] == rule)
# the rebuild rules are fixed by their steps, which the test does not run
if now > left and rule not in ("MH801", "MH802"):
    errors.append("%s: %d finding(s) after the fix, %d left unfixed before"
                  % (rule, now, left))
def counts(fs, prefix):
    c = collections.Counter()
    for f in fs:
        # the rebuild rules speak of files the steps rebuild
        if f["rule"] in ("MH801", "MH802"):
            continue
        # --output copies the files mta-harden read; the Postfix tables it
        # only locates are not among them
        if f["rule"] == "MH404":
            continue
        # a .cf that m4 wrote names the stock paths (helpfile, statistics)
        if f["rule"] == "MH002" and os.path.exists("regenerated"):
            continue
        c[(f["rule"], f["file"][len(prefix):])] += 1
    return c
b, a = counts(before, "tree"), counts(after, "out")
for k in a:
    if a[k] > b.get(k, 0):
        errors.append("new finding %s %s" % k)
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY
		then
			ok
		else
			bad "$name: check after the fix"
		fi
		# shellcheck disable=SC2086
		"$MH_BIN" fix --profile "$profile" --enable "$rule" --only "$rule" \
		    $outargs out >again 2>/dev/null
		grep -q '^--- ' again && bad "$name: a second fix changes something" || ok
		cd "$top" || exit 1
	done
	[ "$fixed_somewhere" -eq 1 ] && ok ||
	    bad "$rule: fixable, but no case of it was fixed"
done

echo "fix-rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
