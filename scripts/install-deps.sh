#!/bin/sh
# install-deps.sh - install what mta-harden needs to build and test, on
# Debian 12 (apt-get). A no-op when everything is present.
set -eu

# xmllint and the SARIF validator (a .NET program from npm that needs ICU,
# scripts/install-sarif-multitool.sh) check the report formats; man-db
# renders the man pages (man -l); strace shows that nothing outside a
# --root is opened; pre-commit, git and python3-yaml run the hook and the
# CI examples as written.
# clang and its runtime build the libFuzzer harnesses; valgrind and strace
# watch the tool in the robustness tests.
# The real MTAs are the tests' ground truth: postfix (postconf), m4 and
# sendmail-cf, and the libraries the sendmail binary needs (sendmail-bin
# itself conflicts with postfix: scripts/fetch-sendmail.sh unpacks it).
packages="gcc make pkg-config libc6-dev libyaml-dev libjansson-dev
libxml2-dev check libsubunit-dev postfix python3 iproute2 util-linux
m4 sendmail-cf libwrap0 libdb5.3 libldap-2.5-0 libsasl2-2 libssl3
liblockfile1 libnsl2 mandoc man-db strace libxml2-utils python3-yaml
libicu72 pre-commit git
clang libclang-rt-14-dev valgrind"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
fetch_sendmail() {
	sh "$(dirname "$0")/fetch-sendmail.sh" >/dev/null
	sh "$(dirname "$0")/install-sarif-multitool.sh"
}
if [ -z "$missing" ]; then
	fetch_sendmail
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "install-deps: missing packages:$missing (run as root)" >&2
		exit 1
	fi
else
	SUDO=
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix's installer asks how to configure the host; it is only used
# here for postconf, the ground truth of the tests.
echo "postfix postfix/main_mailer_type select No configuration" |
    $SUDO debconf-set-selections
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fetch_sendmail
