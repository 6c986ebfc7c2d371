#!/bin/sh
# rule-files.sh - scripts/gen-rule-table.py, which turns the rule files
# linter/FAMILY.rules into the rule table: the real files give a table
# with every rule once; a broken rule file is refused with FILE:LINE and
# exit 1, and nothing is written.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
gen="$top/scripts/gen-rule-table.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "not ok: $*"; fail=$((fail + 1)); }

# the real rule files: one row per rule, as many as `mta-harden rules` lists
if python3 "$gen" "$tmp/out" "$top"/linter/*.rules; then
	rows=$(grep -c '^	{ .id = "MH[0-9]*"' "$tmp/out/rule_table.c")
	files=$(cat "$top"/linter/*.rules | grep -c '^rule MH[0-9][0-9][0-9] ')
	listed=$("$MH_BIN" rules | grep -c '^MH[0-9]')
	if [ "$rows" -eq "$files" ] && [ "$rows" -eq "$listed" ]; then ok
	else bad "real rule files: $rows rows, $files stanzas, $listed listed"; fi
	grep -q '^void	 check_vrfy(struct rule_ctx \*);' \
	    "$tmp/out/linter/rule_checks.h" && ok ||
	    bad "rule_checks.h declares no check_vrfy"
else
	bad "the real rule files are refused"
fi

good='rule MH901 sample-rule
	tags: ops
	severity: low
	mtas: postfix
	fixer: none
	enabled: yes
	check: check_sample
	summary: a sample
	param: limit
	param-default: 10
	param-doc: the limit, a text
	    that goes on

First paragraph
goes on.

Second paragraph.
'
# expect NAME WHERE MESSAGE-PART: the rule file $tmp/NAME.rules is refused
# with "NAME.rules:WHERE:" and the message, and nothing is written
expect() {
	name=$1 where=$2 part=$3
	rm -rf "$tmp/out2"
	if python3 "$gen" "$tmp/out2" "$tmp/$name.rules" 2>"$tmp/err"; then
		bad "$name: accepted"
	elif ! grep -q "$name.rules:$where: .*$part" "$tmp/err"; then
		bad "$name: expected '$name.rules:$where: ...$part', got: $(cat "$tmp/err")"
	elif [ -e "$tmp/out2" ]; then
		bad "$name: wrote output although refused"
	else ok; fi
}
mutate() {	# NAME SED-SCRIPT: a copy of the good file, changed
	printf '%s' "$good" | sed "$2" >"$tmp/$1.rules"
}
printf '%s' "$good" >"$tmp/good.rules"
if python3 "$gen" "$tmp/out3" "$tmp/good.rules" &&
    grep -q '"First paragraph goes on.\\n\\nSecond paragraph."' "$tmp/out3/rule_table.c" &&
    grep -q '"the limit, a text that goes on"' "$tmp/out3/rule_table.c"; then ok
else bad "good: paragraphs or continuation not joined as documented"; fi

mutate severity '3s/low/severe/';		expect severity 3 'severity is one of'
mutate mtas '4s/postfix/exim/';			expect mtas 4 'mtas: postfix, sendmail'
mutate nosummary '/summary:/d';			expect nosummary 1 'no summary'
mutate field '2s/tags:/tag:/';			expect field 2 "unknown field 'tag'"
mutate twice '3a\
	severity: high';				expect twice 4 'severity given twice'
mutate header '1s/MH901/MH9/';			expect header 1 "expected 'rule MHnnn name'"
mutate nodoc '/param-doc/,/goes on/d';		expect nodoc 9 'no param-doc'
mutate noblank '/^$/d';				expect noblank 13 'a blank line must end'
mutate noexpl '13,$d';				expect noexpl 1 'no explanation'
mutate blanks '14s/^First/First  /';		expect blanks 14 'no leading, trailing or double'
printf '%s' "$good" >"$tmp/dup.rules"
printf '%s' "$good" | sed '1s/sample-rule/other-rule/' >>"$tmp/dup.rules"
expect dup 18 'MH901 is also the id'
echo "rule-files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
