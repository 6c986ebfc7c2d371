#!/bin/sh
# sendmail-load.sh - does the real sendmail read tests/corpus/sendmail-cf
# as recorded, and does `mta-harden show` read it the same way?
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/sendmail-load.sh
#        sh tests/integration/sendmail-load.sh --binary-only
#        sh tests/integration/sendmail-load.sh --record
#
# The binary is sendmail 8.17.1.9 from Debian's sendmail-bin, unpacked by
# scripts/fetch-sendmail.sh (it conflicts with postfix, so it is never
# installed). For every CASE.cf in tests/corpus/sendmail-cf it runs
#
#     sendmail -C CASE.cf -bt -d37.1 </dev/null
#
# in a private UTS namespace with host name mx.example.com (on an
# unqualified name sendmail sleeps 60 s), under `timeout 30`, from a 0755
# directory below /tmp (sendmail refuses files below world-writable
# directories). With -d37.1, readcf's setoption() prints one line per
# option it sets:
#
#     setoption PrivacyOptions (p)=authwarnings
#     setoption MaxMessageSize (0x8a)=10485760
#     setoption Timeout (r).queuereturn=5d
#     setoption  (M)=Xvalue                   ('g' and 'M' have no long name)
#
# the value printed by xputs() ($x as written, "$$" as "$", newline, CR
# and tab as \n \r \t). Errors go to the same stream as
# "CASE.cf: line N: readcf: unknown option name X" (N is the last physical
# line of the logical line). The output is reduced to the setoption lines
# and these messages: unknown option name, ambiguous option name, null
# option name, "Option X used as abbreviation for Y", "unknown
# configuration line" (without its text), "X does not support
# suboptions"; the two setoption lines that -bt itself adds after readcf
# (HoldExpensive=F, DeliveryMode=) are dropped.
#
# 1. binary: the reduced output must equal CASE.expect. So the binary
#    accepts every line except the unknown lines and options a case
#    contains on purpose (they are in CASE.expect, and commented in
#    CASE.cf). tests/check_sm_cf.c checks our reader against the same
#    CASE.expect files, option by option.
# 2. show: `$MH_BIN show --format json DIR/sendmail.cf` (a copy of
#    CASE.cf under the name show looks for) must list a sendmail MTA
#    whose settings hold every option the binary set (keyed by long name,
#    "Timeout.queuereturn" for suboptions), and for the options that do
#    not accumulate (all but PrivacyOptions, DaemonPortOptions and
#    ClientPortOptions) the raw value of the last one must be what the
#    binary printed.
#
# --binary-only runs part 1 alone (MH_BIN not needed). --record rewrites
# every CASE.expect from the binary (review the diff before committing).
# Prints one line per failure and last "sendmail-load: N passed, M failed";
# exits 1 on any failure, and when sendmail cannot be fetched or run.

fail() {
	echo "sendmail-load: error: $*"
	echo "sendmail-load: 0 passed, 1 failed"
	exit 1
}

mode=compare
case "${1:-}" in
--binary-only) mode=binary ;;
--record) mode=record ;;
"") ;;
*) fail "unknown argument '$1' (--binary-only or --record)" ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd) || fail "cannot find the repository top"
corpus=$top/tests/corpus/sendmail-cf

for tool in python3 unshare timeout hostname; do
	command -v "$tool" >/dev/null 2>&1 ||
	    fail "'$tool' not found in PATH (required; not skipping)"
done
if [ "$mode" = compare ]; then
	[ -n "${MH_BIN:-}" ] || fail "MH_BIN is not set (or use --binary-only)"
	[ -x "$MH_BIN" ] || fail "MH_BIN '$MH_BIN' is not executable"
fi

sendmail=$(sh "$top/scripts/fetch-sendmail.sh") ||
    fail "cannot fetch the sendmail binary (scripts/fetch-sendmail.sh)"
[ -x "$sendmail" ] || fail "no sendmail binary at '$sendmail'"

work=$(mktemp -d /tmp/sendmail-load.XXXXXX) || fail "mktemp failed"
trap 'rm -rf "$work"' EXIT INT TERM
chmod 755 "$work" || fail "cannot chmod $work"

# reduce.py CASE.cf OUTPUT: the lines part 1 compares
cat >"$work/reduce.py" <<'EOF'
import re, sys
cf, out = sys.argv[1], sys.argv[2]
text = open(out, encoding='latin-1').read()
keep = []
where = re.compile(re.escape(cf) + r': line (\d+): (.*)$')
for line in text.split('\n'):
    if line.startswith('setoption'):
        keep.append(line)
        continue
    m = where.match(line)
    if m is None:
        continue
    n, msg = m.groups()
    if msg.startswith('unknown configuration line'):
        keep.append('line %s: unknown configuration line' % n)
    elif (msg.startswith('readcf: unknown option name') or
          msg.startswith('readcf: ambiguous option name') or
          msg.startswith('readcf: null option name') or
          re.match(r'Option .* used as abbreviation for ', msg)):
        keep.append('line %s: %s' % (n, msg))
tail = ['setoption HoldExpensive (c)=F', 'setoption DeliveryMode (d)=']
if keep[-2:] != tail:
    sys.stderr.write('no "-bt" tail in the output: did readcf finish?\n')
    sys.exit(1)
for line in keep[:-2]:
    print(line)
EOF

# compare.py CASE.got SHOW.json: part 2
cat >"$work/compare.py" <<'EOF'
import json, re, sys
got, shown = sys.argv[1], sys.argv[2]
try:
    doc = json.load(open(shown))
except Exception as e:
    print('show does not read .cf yet (no JSON: %s)' % e)
    sys.exit(1)
mtas = [m for m in doc.get('mtas', []) if m.get('mta') == 'sendmail']
if not mtas:
    print('show does not read .cf yet (no "sendmail" in mtas)')
    sys.exit(1)
settings = mtas[0].get('settings', {})

def xputs(s):
    s = s.replace('$$', '$')
    esc = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}
    return ''.join(esc.get(c, c) if ord(c) >= 0x20 or c in esc else ''
                   for c in s)

setline = re.compile(r'^setoption (\S*) \((?:.|0x[0-9a-f]+)\)(\.[^=]*)?=(.*)$')
last = {}
for line in open(got, encoding='latin-1').read().split('\n'):
    m = setline.match(line)
    if m is None or m.group(1) == '':
        continue
    last[m.group(1) + (m.group(2) or '')] = m.group(3)
bad = 0
accumulate = ('PrivacyOptions', 'DaemonPortOptions', 'ClientPortOptions')
for name, value in sorted(last.items()):
    s = settings.get(name)
    if s is None:
        print('%s: sendmail sets it, show has no such setting' % name)
        bad += 1
    elif s.get('source') not in (None, 'file'):
        print('%s: show says source %r, sendmail read it from the file'
              % (name, s.get('source')))
        bad += 1
    elif name not in accumulate and xputs(s.get('raw') or '') != value:
        print('%s: show raw %r, sendmail %r' % (name, s.get('raw'), value))
        bad += 1
sys.exit(1 if bad else 0)
EOF

passed=0
failed=0
ncases=0
for cf in "$corpus"/*.cf; do
	[ -f "$cf" ] || continue
	ncases=$((ncases + 1))
	name=$(basename "$cf" .cf)
	expect=$corpus/$name.expect
	out=$work/$name.out
	got=$work/$name.got

	(cd "$work" && unshare --uts sh -c 'hostname mx.example.com &&
	    exec timeout 30 "$1" -C "$2" -bt -d37.1 </dev/null' \
	    sh "$sendmail" "$cf") >"$out" 2>&1
	rc=$?
	# 0, or a sysexits.h code (syserr() on a bad line sets EX_SOFTWARE,
	# a class file that is not there EX_OSERR); not a timeout or a signal
	if [ "$rc" -ne 0 ] && { [ "$rc" -lt 64 ] || [ "$rc" -gt 78 ]; }; then
		echo "FAILED binary $name: sendmail exited $rc"
		sed 's/^/    /' "$out" | tail -n 5
		failed=$((failed + 1))
		continue
	fi
	if ! python3 "$work/reduce.py" "$cf" "$out" >"$got"; then
		echo "FAILED binary $name: cannot reduce the -d37.1 output"
		failed=$((failed + 1))
		continue
	fi
	if [ "$mode" = record ]; then
		{
			echo "# $name.cf as sendmail 8.17.1.9 reads it (-bt -d37.1),"
			echo "# recorded by tests/integration/sendmail-load.sh --record"
			cat "$got"
		} >"$expect"
		passed=$((passed + 1))
		continue
	fi
	if [ ! -f "$expect" ]; then
		echo "FAILED binary $name: no $name.expect (run with --record)"
		failed=$((failed + 1))
	elif grep -v '^#' "$expect" | diff -u - "$got" >"$work/diff"; then
		passed=$((passed + 1))
	else
		echo "FAILED binary $name: sendmail differs from $name.expect"
		sed 's/^/    /' "$work/diff"
		failed=$((failed + 1))
	fi

	[ "$mode" = compare ] || continue
	# show finds sendmail's files by name: the case is read as sendmail.cf
	mkdir -p "$work/show/$name" && cp "$cf" "$work/show/$name/sendmail.cf" ||
	    fail "cannot copy $cf"
	"$MH_BIN" show --format json "$work/show/$name/sendmail.cf" \
	    >"$work/$name.json" 2>"$work/$name.err"
	src=$?
	if [ "$src" -ne 0 ] && [ "$src" -ne 1 ]; then
		echo "FAILED show $name: show does not read .cf yet" \
		    "(exit $src: $(head -n 1 "$work/$name.err"))"
		failed=$((failed + 1))
	elif python3 "$work/compare.py" "$got" "$work/$name.json" \
	    >"$work/cmp"; then
		passed=$((passed + 1))
	else
		echo "FAILED show $name:"
		sed 's/^/    /' "$work/cmp"
		failed=$((failed + 1))
	fi
done
[ "$ncases" -ge 12 ] || {
	echo "FAILED corpus: only $ncases cases in $corpus (12 or more expected)"
	failed=$((failed + 1))
}
echo "sendmail-load: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
