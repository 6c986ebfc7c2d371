#!/bin/sh
# gen-pf-defaults.sh - regenerate parsers/pf_defaults.c from `postconf -d`
#
# usage: sh scripts/gen-pf-defaults.sh [OUTPUT.c]     (default parsers/pf_defaults.c)
#
# Runs the installed Postfix's `postconf -d` against an empty configuration
# directory, inside a private UTS and network namespace whose host name is
# mx.example.invalid and whose only interface is lo, so that the defaults
# Postfix computes from the host (myhostname, mydomain, mynetworks) are the
# same on every machine. Needs root (or a user namespace), postconf, unshare
# and ip. The raw default values are kept exactly as postconf prints them.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$top/parsers/pf_defaults.c"}

PIN_HOST=mx.example.invalid
PIN_DOMAIN=example.invalid
PIN_NETWORKS='127.0.0.0/8 [::1]/128'

die() {
	echo "gen-pf-defaults: $*" >&2
	exit 1
}

for tool in postconf unshare ip; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found in PATH"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-pf-defaults.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
mkdir "$tmp/conf"
: >"$tmp/conf/main.cf"
: >"$tmp/conf/master.cf"

# postconf -d, pinned: private host name and a network namespace with lo only.
# shellcheck disable=SC2016
if ! unshare --uts --net sh -c '
	hostname "$1" && ip link set lo up && exec postconf -c "$2" -d
    ' sh "$PIN_HOST" "$tmp/conf" >"$tmp/raw" 2>"$tmp/err"; then
	cat "$tmp/err" >&2
	die "postconf -d failed in the pinned namespace"
fi
if [ -s "$tmp/err" ]; then
	echo "gen-pf-defaults: postconf printed warnings:" >&2
	cat "$tmp/err" >&2
fi

# One value of the raw output ("name = value" or "name =" when empty).
raw_value() {
	sed -n -e "s/^$1 = //p" -e "s/^$1 =\$//p" "$tmp/raw"
}

version=$(raw_value mail_version)
[ -n "$version" ] || die "no mail_version in postconf -d output"
[ "$(raw_value myhostname)" = "$PIN_HOST" ] ||
    die "myhostname is '$(raw_value myhostname)', not $PIN_HOST"
[ "$(raw_value mydomain)" = "$PIN_DOMAIN" ] ||
    die "mydomain is '$(raw_value mydomain)', not $PIN_DOMAIN"
[ "$(raw_value mynetworks)" = "$PIN_NETWORKS" ] ||
    die "mynetworks is '$(raw_value mynetworks)', not $PIN_NETWORKS"

# Every line must be "name = value" or "name =".
if grep -v -E '^[A-Za-z0-9_]+ =( |$)' "$tmp/raw" >"$tmp/bad"; then
	cat "$tmp/bad" >&2
	die "unexpected line(s) in postconf -d output"
fi

# Probe: assign every parameter "X$mh_probe_marker" and look at postconf -x.
# A value left unexpanded marks a raw ("do not expand") parameter; a
# "read-only parameter assignment" warning marks a read-only one. Also the
# mynetworks default for each mynetworks_style, which depends on it.
mkdir "$tmp/probe" "$tmp/style"
: >"$tmp/probe/master.cf"
: >"$tmp/style/master.cf"
{
	echo 'mh_probe_marker = M'
	# shellcheck disable=SC2016
	sed -n -e 's/^\([A-Za-z0-9_]*\) =.*/\1 = X$mh_probe_marker/p' "$tmp/raw" |
	    grep -v -E '^(compatibility_level|config_directory) '
} >"$tmp/probe/main.cf"
# shellcheck disable=SC2016
if ! unshare --uts --net sh -c '
	hostname "$1" && ip link set lo up || exit 1
	postconf -c "$2/probe" -x >"$2/probe.out" 2>"$2/probe.err" || exit 1
	for style in host subnet class; do
		echo "mynetworks_style = $style" >"$2/style/main.cf"
		printf "%s\t" "$style" >>"$2/styles"
		postconf -c "$2/style" -x -h mynetworks >>"$2/styles" || exit 1
	done
    ' sh "$PIN_HOST" "$tmp" 2>"$tmp/err2"; then
	cat "$tmp/probe.err" "$tmp/err2" >&2
	die "postconf probe failed in the pinned namespace"
fi
# shellcheck disable=SC2016
sed -n -e 's/^\([A-Za-z0-9_]*\) = X\$mh_probe_marker$/\1/p' "$tmp/probe.out" \
    >"$tmp/rawnames"
sed -n -e 's/.*read-only parameter assignment: \([A-Za-z0-9_]*\)=.*/\1/p' \
    "$tmp/probe.err" | sort -u >"$tmp/ronames"
[ -s "$tmp/rawnames" ] || die "probe found no raw parameters"
[ -s "$tmp/ronames" ] || die "probe found no read-only parameters"
# Anything else must have expanded to "XM"; refuse surprises.
awk -v rawf="$tmp/rawnames" -v rof="$tmp/ronames" '
	BEGIN {
		while ((getline n <rawf) > 0) skip[n] = 1
		while ((getline n <rof) > 0) skip[n] = 1
		skip["compatibility_level"] = skip["config_directory"] = 1
		skip["mh_probe_marker"] = 1
	}
	{
		name = $0
		sub(/ =.*/, "", name)
		if (!(name in skip) && $0 != name " = XM")
			print
	}
    ' "$tmp/probe.out" >"$tmp/odd"
if [ -s "$tmp/odd" ]; then
	cat "$tmp/odd" >&2
	die "unexpected probe result for the parameter(s) above"
fi
[ "$(wc -l <"$tmp/styles")" -eq 3 ] || die "mynetworks style probe failed"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$tmp/styles" |
    awk -F '	' '{ printf "\t{ \"%s\", \"%s\" },\n", $1, $2 }' \
    >"$tmp/stylerows"

# name<TAB>value, C-escaped, sorted by name in the C locale. The `??`
# rewrite keeps trigraphs (-std=c11) out of the literals.
LC_ALL=C
export LC_ALL
sed -e 's/ =$/ = /' -e 's/ = /	/' "$tmp/raw" |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e ':t' -e 's/??/?\\?/' -e 'tt' |
    sort -t '	' -k1,1 >"$tmp/sorted"

count=$(awk -F '	' -v out="$tmp/body" -v rawf="$tmp/rawnames" \
    -v rof="$tmp/ronames" '
	BEGIN {
		while ((getline n <rawf) > 0) israw[n] = 1
		while ((getline n <rof) > 0) isro[n] = 1
	}
	$1 == "process_id" || $1 == "process_name" { next }
	$1 == "config_directory" { $2 = "/etc/postfix" }
	{
		flags = ""
		if ($1 == "myhostname" || $1 == "mydomain" || $1 == "mynetworks")
			flags = flags " | PF_DEFAULT_HOST_DEPENDENT"
		if ($1 in israw)
			flags = flags " | PF_DEFAULT_RAW"
		if ($1 in isro)
			flags = flags " | PF_DEFAULT_READONLY"
		flags = flags == "" ? "0" : substr(flags, 4)
		value = $2
		for (i = 3; i <= NF; i++)
			value = value "\t" $i
		printf "\t{ \"%s\", \"%s\", %s },\n", $1, value, flags >out
		n++
	}
	END { print n + 0 }
    ' "$tmp/sorted")

# Refuse duplicates (bsearch needs unique names).
dups=$(cut -f1 "$tmp/sorted" | uniq -d)
[ -z "$dups" ] || die "duplicate names: $dups"

{
	cat <<EOF
/*
 * pf_defaults - built-in Postfix parameter defaults (GENERATED FILE)
 *
 * Do not edit. Generated by scripts/gen-pf-defaults.sh from
 * \`postconf -d\` of Postfix $version (mail_version), run against an
 * empty main.cf and master.cf in a private namespace with host name
 * $PIN_HOST and only the loopback interface. Regenerate with:
 *
 *	sh scripts/gen-pf-defaults.sh
 *
 * Values are raw (unexpanded), exactly as postconf prints them.
 * process_id and process_name (runtime values) are left out;
 * config_directory is its real default. Entries flagged
 * PF_DEFAULT_HOST_DEPENDENT are computed by Postfix from the host;
 * PF_DEFAULT_RAW ones were left unexpanded by \`postconf -x\` and
 * PF_DEFAULT_READONLY ones drew "read-only parameter assignment" when
 * assigned in main.cf. Sorted by name (C locale) for pf_default_lookup().
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "parsers/pf_defaults.h"

/* pf_defaults - $count parameters, sorted by name */
const struct pf_default pf_defaults[] = {
EOF
	cat "$tmp/body"
	cat <<EOF
};

const size_t pf_defaults_count = sizeof(pf_defaults) / sizeof(pf_defaults[0]);

/* mynetworks_by_style - \`postconf -x -h mynetworks\` per mynetworks_style */
static const struct {
	const char *style;
	const char *value;
} mynetworks_by_style[] = {
EOF
	cat "$tmp/stylerows"
	cat <<EOF
};

/* pf_default_mynetworks - host-dependent mynetworks default for a style */
const char *
pf_default_mynetworks(const char *style)
{
	size_t i;

	for (i = 0; style != NULL && i < sizeof(mynetworks_by_style) /
	    sizeof(mynetworks_by_style[0]); i++) {
		if (strcmp(style, mynetworks_by_style[i].style) == 0)
			return mynetworks_by_style[i].value;
	}
	return NULL;
}

/* pf_defaults_version - the Postfix mail_version this table came from */
const char *
pf_defaults_version(void)
{
	return "$version";
}
EOF
} >"$tmp/out.c"

mv "$tmp/out.c" "$out" 2>/dev/null || cp "$tmp/out.c" "$out"
echo "gen-pf-defaults: wrote $count parameters (Postfix $version) to $out" >&2
