#!/bin/sh
# replay.sh HARNESS... - every file of the crash corpus and the seed
# corpus of each harness, through the replay driver in $MH_REPLAY_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/../../scripts/fuzz-seeds.sh" "$tmp"
for h; do
	set --
	if [ -d "$here/crashes/$h" ]; then
		for f in "$here/crashes/$h"/*; do
			[ -f "$f" ] && set -- "$@" "$f"
		done
	fi
	n=$#
	for f in "$tmp/$h"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	echo "== replay $h: $n crash inputs, $(($# - n)) seeds"
	${MH_REPLAY_WRAP:-} "$MH_REPLAY_DIR/replay_$h" "$@"
done
