#!/bin/sh
# install.sh - make install into a DESTDIR puts the binary, the built-in
# profiles and the three man pages in place; the installed binary checks a
# tree from any directory, finding its profiles in the installed DATADIR
# (not in the source tree); make uninstall leaves no file behind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$dest" "$work"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
not_ok() { fail=$((fail + 1)); echo "not ok: $*"; }

make -C "$top" -s install PREFIX=/usr/local DESTDIR="$dest" >"$work/make.out" 2>&1 ||
    not_ok "make install failed: $(cat "$work/make.out")"
bin=$dest/usr/local/bin/mta-harden
for f in bin/mta-harden share/man/man1/mta-harden.1 \
    share/man/man5/mta-harden-profile.5 share/man/man7/mta-harden-rules.7; do
	if [ -f "$dest/usr/local/$f" ]; then ok; else not_ok "$f not installed"; fi
done
if [ -x "$bin" ]; then ok; else not_ok "the binary is not executable"; fi
for p in "$top"/profiles/*.yaml; do
	if cmp -s "$p" "$dest/usr/local/share/mta-harden/profiles/${p##*/}"; then
		ok; else not_ok "profile ${p##*/} not installed"; fi
done
if MANPATH=$dest/usr/local/share/man man -w mta-harden-profile >/dev/null 2>&1 &&
    MANWIDTH=80 man -l "$dest/usr/local/share/man/man1/mta-harden.1" 2>&1 |
    grep -q '^SYNOPSIS'; then ok; else not_ok "the installed man pages"; fi

# From another directory, with a copy of an example tree and no source
# tree or environment to lean on.
cp -r "$top/examples/postfix-insecure" "$work/tree"
cp -r "$top/examples/sendmail-insecure" "$work/smtree"
cd "$work" || exit 1
out=$(env -u MTA_HARDEN_PROFILE_DIR "$bin" check -q -p dmz -f gcc tree/etc/postfix)
status=$?
if [ "$status" -eq 1 ] && echo "$out" | grep -q 'tree/etc/postfix/main.cf:.*MH201'; then
	ok; else not_ok "installed check -p dmz on a Postfix tree: exit $status"; fi
out=$(cd / && env -u MTA_HARDEN_PROFILE_DIR "$bin" check -q -f json "$work/smtree")
status=$?
if [ "$status" -eq 1 ] && echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if d["profile"] == "default" and d["findings"] else 1)'; then
	ok; else not_ok "installed check from / on a sendmail tree: exit $status"; fi
names=$(cd / && env -u MTA_HARDEN_PROFILE_DIR "$bin" profiles | awk '{ print $1 }' | tr '\n' ' ')
if [ "$names" = "default dmz internal null-client submission " ]; then ok; else
	not_ok "installed profiles lists '$names'"; fi
if (cd / && env -u MTA_HARDEN_PROFILE_DIR "$bin" profiles dmz) |
    grep -q "^# resolved: dmz <- default"; then ok; else
	not_ok "installed profiles dmz"; fi
# the profiles come from DATADIR: without it the binary says so
mv "$dest/usr/local/share/mta-harden/profiles" "$work/moved"
(cd / && env -u MTA_HARDEN_PROFILE_DIR "$bin" check -q tree >/dev/null 2>&1)
status=$?
mv "$work/moved" "$dest/usr/local/share/mta-harden/profiles"
if [ "$status" -eq 2 ]; then ok; else
	not_ok "with DATADIR gone the installed binary still found profiles (exit $status)"; fi

make -C "$top" -s uninstall PREFIX=/usr/local DESTDIR="$dest" >"$work/make.out" 2>&1 ||
    not_ok "make uninstall failed: $(cat "$work/make.out")"
left=$(find "$dest" ! -type d)
if [ -z "$left" ]; then ok; else not_ok "left after uninstall: $left"; fi
if [ ! -e "$dest/usr/local/share/mta-harden" ]; then ok; else
	not_ok "DATADIR left after uninstall"; fi

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
