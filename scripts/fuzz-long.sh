#!/bin/sh
# fuzz-long.sh SECONDS HARNESS... - the long fuzz runs recorded in
# tests/fuzz/README.md: each harness in turn, at low priority, for SECONDS,
# on its corpus in build/fuzz/corpus/; logs in build/fuzz/long/HARNESS.log.
# Build first: make fuzz-build build/fuzz/corpus/.seeded
# FUZZ_EXTRA: more libFuzzer flags, FUZZ_TAG: a suffix for the log's name
# (e.g. FUZZ_EXTRA="-fork=1 -ignore_timeouts=1 -timeout=10" FUZZ_TAG=-fork
# keeps going past slow inputs, which the m4 reader has by design).
set -u
cd "$(dirname "$0")/.."
secs=$1
shift
mkdir -p build/fuzz/long build/fuzz/artifacts
for h; do
	# a copy: rebuilding meanwhile does not touch the running binary
	cp "build/fuzz/fuzz_$h" "build/fuzz/long/fuzz_$h"
	mkdir -p "build/fuzz/corpus/$h"
	crashes=
	[ -d "tests/fuzz/crashes/$h" ] && crashes="tests/fuzz/crashes/$h"
	echo "== $h${FUZZ_TAG:-} start $(date -u +%H:%M:%S)" >>build/fuzz/long/runs.log
	# shellcheck disable=SC2086
	nice -n 10 "build/fuzz/long/fuzz_$h" -max_total_time="$secs" \
	    -timeout=120 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 \
	    -artifact_prefix="build/fuzz/artifacts/long-$h-" \
	    ${FUZZ_EXTRA:-} \
	    "build/fuzz/corpus/$h" "build/fuzz/seeds/$h" $crashes \
	    >"build/fuzz/long/$h${FUZZ_TAG:-}.log" 2>&1
	echo "== $h${FUZZ_TAG:-} exit $? end $(date -u +%H:%M:%S)" >>build/fuzz/long/runs.log
done
