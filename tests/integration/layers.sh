#!/bin/sh
# layers.sh - the source folders are layers (Makefile LAYERS, lowest
# first): a file includes only headers of its own folder and of the
# folders before it, so no two folders include each other. A test file
# may include anything.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
layers=$(sed -n 's/^LAYERS[[:space:]]*=[[:space:]]*//p' "$top/Makefile")
[ -n "$layers" ] || { echo "layers: no LAYERS in the Makefile"; exit 1; }
pass=0
fail=0
allowed=
for layer in $layers; do
	allowed="$allowed $layer"
	[ -d "$top/$layer" ] || { echo "not ok: $layer: no such folder"; fail=$((fail + 1)); continue; }
	for f in "$top/$layer"/*.c "$top/$layer"/*.h; do
		[ -e "$f" ] || continue
		for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[^"]*".*/\1/p' "$f" | sort -u); do
			case " $allowed " in
			*" $inc "*) pass=$((pass + 1)) ;;
			*)	echo "not ok: ${f#$top/} includes $inc/, a later layer than $layer"
				fail=$((fail + 1)) ;;
			esac
		done
	done
done
# every folder with sources is a layer
for d in "$top"/*/; do
	d=$(basename "$d")
	case $d in tests|build|bench|examples|man|profiles|scripts|mk) continue ;; esac
	ls "$top/$d"/*.c >/dev/null 2>&1 || continue
	case " $layers " in
	*" $d "*) pass=$((pass + 1)) ;;
	*) echo "not ok: $d/ has sources but is no layer"; fail=$((fail + 1)) ;;
	esac
done
echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
