#!/bin/sh
# run-all.sh - every integration test; MH_BIN names the binary under test.
# Prints "integration: N passed, M failed" and fails if any failed.
set -u
: "${MH_BIN:?MH_BIN must name the mta-harden binary}"
export MH_BIN
dir=$(dirname "$0")
passed=0
failed=0
for t in "$dir"/*.sh; do
	case "$t" in */run-all.sh) continue ;; esac
	echo "== $t"
	if sh "$t"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $t"
		failed=$((failed + 1))
	fi
done
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
