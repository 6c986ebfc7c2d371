#!/bin/sh
# fetch-sendmail.sh - the real sendmail binary, for ground-truth tests
#
# usage: sh scripts/fetch-sendmail.sh [CACHE_DIR]
#
# sendmail-bin conflicts with postfix, so it is never installed: the
# package is downloaded with `apt-get download sendmail-bin` into
# CACHE_DIR (default: $SENDMAIL_CACHE, else build/sendmail-bin below the
# repository top), unpacked there with `dpkg -x`, and the shared
# libraries it needs are checked with ldd; a missing one is installed
# with apt-get (libwrap0 and friends; only when missing).
#
# Prints the absolute path of the binary
# (CACHE_DIR/root/usr/libexec/sendmail/sendmail) on stdout and exits 0;
# messages go to stderr. Idempotent: when the binary is already unpacked
# and runs, it only prints the path. Exits 1 when it cannot fetch, unpack
# or run the binary.

set -u

die() {
	echo "fetch-sendmail: $*" >&2
	exit 1
}

top=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the repository top"
cache=${1:-${SENDMAIL_CACHE:-$top/build/sendmail-bin}}
mkdir -p "$cache" || die "cannot create $cache"
cache=$(cd "$cache" && pwd) || die "cannot enter $cache"
root=$cache/root
bin=$root/usr/libexec/sendmail/sendmail

# runs - the binary starts and says which version it is (in a private
# UTS namespace with a qualified host name: on an unqualified one
# sendmail sleeps 60 s before it goes on)
runs() {
	[ -x "$bin" ] || return 1
	if command -v unshare >/dev/null 2>&1 &&
	    unshare --uts true 2>/dev/null; then
		unshare --uts sh -c 'hostname mx.example.com &&
		    exec timeout 30 "$1" -d0.1 -bt -C /dev/null </dev/null' \
		    sh "$bin" 2>&1
	else
		timeout 90 "$bin" -d0.1 -bt -C /dev/null </dev/null 2>&1
	fi | grep -q 'Version 8\.'
}

# missing_libs - shared libraries the binary needs that are not found
missing_libs() {
	ldd "$bin" 2>/dev/null | awk '/not found/ { print $1 }'
}

if [ -x "$bin" ] && [ -z "$(missing_libs)" ]; then
	echo "$bin"
	exit 0
fi

# One fetch at a time (integration scripts may run side by side).
if [ -z "${FETCH_SENDMAIL_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	FETCH_SENDMAIL_LOCKED=1 exec flock "$cache/.lock" sh "$0" "$cache"
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found (Debian needed)"
command -v dpkg >/dev/null 2>&1 || die "dpkg not found (Debian needed)"

deb=$(ls "$cache"/sendmail-bin_*.deb 2>/dev/null | tail -n 1)
if [ -z "$deb" ]; then
	echo "fetch-sendmail: downloading sendmail-bin into $cache" >&2
	# A fresh machine may have no package lists yet: update once, retry.
	(cd "$cache" && apt-get download sendmail-bin >&2) ||
	    { apt-get update -qq >&2 &&
	    (cd "$cache" && apt-get download sendmail-bin >&2); } ||
	    die "apt-get download sendmail-bin failed"
	deb=$(ls "$cache"/sendmail-bin_*.deb 2>/dev/null | tail -n 1)
	[ -n "$deb" ] || die "no sendmail-bin_*.deb after download"
fi
if [ ! -x "$bin" ]; then
	rm -rf "$root.tmp"
	dpkg -x "$deb" "$root.tmp" || die "dpkg -x $deb failed"
	rm -rf "$root"
	mv "$root.tmp" "$root" || die "cannot move the unpacked tree into place"
fi
[ -x "$bin" ] || die "$bin missing after unpacking $deb"

libs=$(missing_libs)
if [ -n "$libs" ]; then
	pkgs=
	for lib in $libs; do
		case "$lib" in
		libwrap.so.*) pkgs="$pkgs libwrap0" ;;
		libdb-5.3.so) pkgs="$pkgs libdb5.3" ;;
		libldap-2.5.so.*|liblber-2.5.so.*) pkgs="$pkgs libldap-2.5-0" ;;
		libsasl2.so.*) pkgs="$pkgs libsasl2-2" ;;
		libssl.so.3|libcrypto.so.3) pkgs="$pkgs libssl3" ;;
		liblockfile.so.*) pkgs="$pkgs liblockfile1" ;;
		libnsl.so.*) pkgs="$pkgs libnsl2" ;;
		*) die "missing shared library $lib (no package known for it)" ;;
		esac
	done
	echo "fetch-sendmail: installing$pkgs" >&2
	apt-get install -y --no-install-recommends $pkgs >&2 ||
	    die "apt-get install$pkgs failed"
	libs=$(missing_libs)
	[ -z "$libs" ] || die "still missing: $libs"
fi
runs || die "$bin does not run"
echo "$bin"
