#!/bin/sh
# outputs.sh - -f FORMAT -o FILE pairs: one run writes a report for people
# on stdout and reports for machines to files; usage errors and unusable
# input write nothing; report files are replaced whole; --format of rules,
# explain and profiles.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "not ok: $*"; }

tree=$tmp/tree/etc/postfix
mkdir -p "$tree"
cp "$top/examples/postfix-insecure/etc/postfix/main.cf" "$tree/"
cd "$tmp" || exit 1
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
nothing_left() {	# no report and no temporary file in the directory
	[ -z "$(find "$tmp/out" -mindepth 1 2>/dev/null | head -1)" ]
}

# one run, three reports: text on stdout, SARIF and JUnit to files
mkdir out
"$MH_BIN" check -f text -f sarif -o out/r.sarif -f junit -o out/r.xml \
    tree/etc/postfix >stdout 2>stderr
rc=$?
[ "$rc" -eq 1 ] && ok || bad "three reports: exit $rc: $(cat stderr)"
grep -q '\[MH101 vrfy-enabled\]' stdout && ok || bad "text not on stdout"
json_ok out/r.sarif && grep -q '"version": "2.1.0"' out/r.sarif && ok ||
    bad "out/r.sarif is not SARIF"
xmllint --noout out/r.xml 2>/dev/null && grep -q '<testsuites' out/r.xml &&
    ok || bad "out/r.xml is not JUnit"
grep -q 'finding' stderr && ! grep -q 'finding' stdout && ok ||
    bad "the summary belongs on stderr only"
# the same findings in every report
n_text=$(grep -c '^tree/etc/postfix/main.cf' stdout)
n_sarif=$(python3 -c 'import json,sys; print(len([r for r in json.load(open(sys.argv[1]))["runs"][0]["results"] if "suppressions" not in r]))' out/r.sarif)
[ "$n_text" -gt 0 ] && [ "$n_text" = "$n_sarif" ] && ok ||
    bad "text has $n_text findings, SARIF $n_sarif"
mode=$(stat -c %a out/r.sarif)
[ "$mode" = "$(printf '%o' $((0666 & ~$(umask))))" ] && ok ||
    bad "report mode $mode, umask $(umask)"
ls -a out | grep -q '\.mh-' && bad "a temporary file is left" || ok

# long names; only files: nothing on stdout
"$MH_BIN" check --format checkstyle --output-file out/c.xml \
    --format json --output-file out/r.json tree/etc/postfix >stdout 2>/dev/null
[ ! -s stdout ] && xmllint --noout out/c.xml 2>/dev/null &&
    json_ok out/r.json && ok || bad "--format/--output-file pairs"

# a report file is replaced, not appended to or left half-written
echo "old content" >out/r.json
"$MH_BIN" check -q -f json -o out/r.json tree/etc/postfix >/dev/null
json_ok out/r.json && ! grep -q "old content" out/r.json && ok ||
    bad "an existing report was not replaced"

# usage errors: exit 2, nothing written
rm -rf out; mkdir out
for args in "-o out/a.sarif" "-f sarif -o out/a.sarif -o out/b.sarif" \
    "-f json -f text" "-f bogus" "-f sarif -o out/a.sarif -f json -o out/a.sarif" \
    "-f sarif -o"; do
	# shellcheck disable=SC2086
	"$MH_BIN" check $args tree/etc/postfix >stdout 2>stderr
	rc=$?
	[ "$rc" -eq 2 ] && [ ! -s stdout ] && grep -q 'mta-harden:' stderr &&
	    nothing_left && ok || bad "check $args: exit $rc, $(cat stderr)"
done
# a report that cannot be created: exit 2, not even the other reports
"$MH_BIN" check -f text -f junit -o out/good.xml -f sarif \
    -o "$tmp/no/such/dir/r.sarif" tree/etc/postfix >stdout 2>stderr
rc=$?
[ "$rc" -eq 2 ] && [ ! -s stdout ] && nothing_left &&
    grep -q 'no/such/dir/r.sarif' stderr && ok ||
    bad "unwritable -o: exit $rc, $(cat stderr)"
# input that cannot be read: exit 2, nothing written
"$MH_BIN" check -f sarif -o out/r.sarif -f junit -o out/r.xml \
    no/such/path >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && nothing_left && ok || bad "unreadable input: exit $rc"
"$MH_BIN" fix -f sarif -o out/r.sarif no/such/path >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && nothing_left && ok || bad "fix, unreadable input: exit $rc"

# fix: the diff on stdout, SARIF with fixes to a file, --output DIR too
"$MH_BIN" fix -q -f text -f sarif -o out/fix.sarif --output out/hardened \
    tree >stdout 2>stderr
rc=$?
[ "$rc" -le 1 ] && grep -q '^+++ b/etc/postfix/main.cf' stdout && ok ||
    bad "fix: exit $rc, no diff on stdout: $(cat stderr)"
[ -f out/hardened/etc/postfix/main.cf ] && ok || bad "fix --output DIR with -o"
python3 - out/fix.sarif <<'PY' && ok || bad "fix SARIF has no fixes"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
fixed = [r for r in run["results"] if r.get("properties", {}).get("fixed")]
assert fixed and all(r["fixes"][0]["artifactChanges"][0]["replacements"]
                     for r in fixed)
assert run["properties"]["steps"]
PY
# the fixes of the SARIF, applied, give the file that --output wrote; each
# result's fix is planned on its own, so the rules here are ones whose
# fixes do not build on each other (MH301 and MH302 share one list)
"$MH_BIN" fix -q -f sarif -o out/fix1.sarif --output out/hardened1 \
    --only MH101,MH104,MH111,MH112,MH113,MH114,MH115,MH201,MH303,MH601,MH901 \
    tree >/dev/null 2>&1
python3 - out/fix1.sarif tree/etc/postfix/main.cf out/hardened1/etc/postfix/main.cf <<'PY' && ok || bad "SARIF fixes do not give the hardened file"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
lines = open(sys.argv[2]).read().split("\n")
def offset(line, col):
    return sum(len(l) + 1 for l in lines[:line - 1]) + col - 1
text = "\n".join(lines)
edits = {}
for r in run["results"]:
    for fx in r.get("fixes", []):
        for ch in fx["artifactChanges"]:
            for rp in ch["replacements"]:
                d = rp["deletedRegion"]
                key = (offset(d["startLine"], d["startColumn"]),
                       offset(d["endLine"], d["endColumn"]))
                edits.setdefault(key, set()).add(rp["insertedContent"]["text"])
# several fixes may insert at one point (new lines at the end of main.cf):
# fix orders such insertions by their text
for (start, end) in sorted(edits, reverse=True):
    text = text[:start] + "".join(sorted(edits[(start, end)])) + text[end:]
want = open(sys.argv[3]).read()
if text != want:
    print("applied:\n" + text + "\nwanted:\n" + want)
    sys.exit(1)
PY
"$MH_BIN" fix -q -f gcc tree/etc/postfix >stdout 2>/dev/null
grep -q '^tree/etc/postfix/main.cf:[0-9]*:[0-9]*: error: .*\[MH101\]' stdout &&
    ok || bad "fix -f gcc"

# --format of the other commands
"$MH_BIN" rules --format json | json_ok /dev/stdin && ok || bad "rules --format json"
"$MH_BIN" explain --format json MH101 >out/e.json && json_ok out/e.json &&
    grep -q '"explanation"' out/e.json && ok || bad "explain --format json"
"$MH_BIN" profiles --format json >out/p.json && json_ok out/p.json &&
    grep -q '"name": "dmz"' out/p.json && ok || bad "profiles --format json"
"$MH_BIN" profiles --format json dmz >out/d.json && json_ok out/d.json &&
    grep -q '"chain"' out/d.json && ok || bad "profiles --format json dmz"
"$MH_BIN" show --format json tree/etc/postfix >out/s.json &&
    json_ok out/s.json && ok || bad "show --format json"
"$MH_BIN" rules --format sarif >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "rules --format sarif is a usage error"

echo "outputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
