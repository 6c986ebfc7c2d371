#!/bin/sh
# fuzz-seeds.sh - seed corpora for the fuzz harnesses from the test
# fixtures and the examples: fuzz-seeds.sh OUTDIR
# Each harness gets OUTDIR/HARNESS/ with one file per fixture of its kind;
# the fix harness's inputs start with a byte naming the kind (fuzz_fix.c).
set -eu
cd "$(dirname "$0")/.."
out=$1
trees="tests/cases tests/corpus tests/integration examples"

seed() {	# seed HARNESS PREFIX-BYTE-OR-EMPTY FILE...
	h=$1 prefix=$2
	shift 2
	mkdir -p "$out/$h"
	for f; do
		name=$(printf '%s' "$f" | cksum | cut -d' ' -f1)
		if [ -n "$prefix" ]; then
			{ printf "\\$prefix"; cat "$f"; } >"$out/$h/$name"
		else
			cp "$f" "$out/$h/$name"
		fi
	done
}

files() {	# files FIND-NAME-ARGS...
	# shellcheck disable=SC2086
	find $trees -type f \( "$@" \) ! -path '*/expect*' | sort
}

# the file kinds, in the order of fuzz_fix.c's table (octal prefix bytes)
main=$(files -name main.cf)
master=$(files -name master.cf)
cf=$(files -name '*.cf' ! -name main.cf ! -name master.cf)
mc=$(files -name '*.mc')
access=$(files -name access -o -path '*sendmail-maps/*/access')
aliases=$(files -name aliases)
class=$(files -name relay-domains -o -name local-host-names)
# shellcheck disable=SC2086
{
	seed main_cf "" $main
	seed master_cf "" $master
	seed sendmail_cf "" $cf
	seed sendmail_mc "" $mc
	seed access "" $access
	seed aliases "" $aliases
	seed class "" $class
	seed profile "" $(find profiles tests/profiles tests/cases -name '*.yaml' | sort)
	seed fix 000 $main
	seed fix 001 $master
	seed fix 002 $cf
	seed fix 003 $mc
	seed fix 004 $access
	seed fix 005 $aliases
}
