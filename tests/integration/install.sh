#!/bin/sh
# install.sh - make install into a DESTDIR; the installed binary finds its
# profiles from any directory, without the source tree.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM
make -C "$top" -s install PREFIX=/usr DESTDIR="$dest" >/dev/null || {
	echo "install: make install failed"; exit 1; }
cp -r "$top/examples/postfix-insecure" "$dest/tree"
cd / || exit 1
out=$(MTA_HARDEN_PROFILE_DIR= "$dest/usr/bin/mta-harden" check -q -p dmz -f gcc "$dest/tree")
status=$?
if [ "$status" -eq 1 ] && echo "$out" | grep -q 'MH201' &&
    [ -f "$dest/usr/share/man/man1/mta-harden.1" ] &&
    "$dest/usr/bin/mta-harden" profiles | grep -q '^dmz'; then
	echo "install: 1 passed, 0 failed"
	exit 0
fi
echo "install: 0 passed, 1 failed (exit $status)"
exit 1
