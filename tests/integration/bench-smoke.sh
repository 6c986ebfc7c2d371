#!/bin/sh
# bench-smoke.sh - `make bench` at toy sizes, so that its parts do not rot:
# bench/gen.py is deterministic (same seed, same bytes; another seed,
# other bytes), bench/measure reports a command's exit status, and
# bench/run.py measures every input against wc -l, postmap, makemap,
# postalias and postconf and writes a report with every section and the
# targets table. Timings are not judged here (make bench reports them).
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
not_ok() { fail=$((fail + 1)); echo "not ok: $*"; }

command -v python3 >/dev/null 2>&1 || { echo "bench-smoke: python3 missing"; exit 1; }
cc -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o "$tmp/measure" \
    "$top/bench/measure.c" && ok || not_ok "bench/measure.c does not build"

gen() {
	python3 "$top/bench/gen.py" --seed "$1" --access 300 --aliases 100 \
	    --params 60 --trees 4 --scale 100,300 "$2"
}
digest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs cat | cksum); }
gen 7 "$tmp/a" && gen 7 "$tmp/b" && gen 8 "$tmp/c" || not_ok "gen.py failed"
[ "$(digest "$tmp/a")" = "$(digest "$tmp/b")" ] && ok ||
    not_ok "gen.py: the same seed gave different bytes"
[ "$(digest "$tmp/a")" != "$(digest "$tmp/c")" ] && ok ||
    not_ok "gen.py: another seed gave the same bytes"
n=$(grep -vc '^#' "$tmp/a/access/etc/mail/access")
[ "$n" -ge 290 ] && ok || not_ok "gen.py: access map has $n entries, not ~300"
[ "$(find "$tmp/a/trees" -name main.cf -o -name sendmail.mc | wc -l)" -eq 4 ] &&
    ok || not_ok "gen.py: not 4 trees"

set -- $("$tmp/measure" -- sh -c 'exit 3')
[ "${4:-}" = 3 ] && [ "${1:-0}" -gt 0 ] && ok ||
    not_ok "measure: status 3 expected, got '$*'"

makemap=$(dirname "$(sh "$top/scripts/fetch-sendmail.sh")")/makemap
if python3 "$top/bench/run.py" --bin "$MH_BIN" --measure "$tmp/measure" \
    --data "$tmp/a" --repeat 1 --makemap "$makemap" \
    --output "$tmp/results.md" >/dev/null 2>"$tmp/err"; then
	ok
else
	not_ok "run.py failed: $(cat "$tmp/err")"
fi
for want in "## Typical trees" "## Access map: 300 lines" "postmap hash:" \
    "makemap hash" "## Aliases" "postalias hash:" "postconf -c DIR -n" \
    "## sendmail tree" "## 4 small trees" "trees per minute" \
    "## Scaling" "| 300 |" "## Targets" "check peak memory / file size"; do
	grep -qF -- "$want" "$tmp/results.md" 2>/dev/null && ok ||
	    not_ok "results.md lacks '$want'"
done
echo "bench-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
