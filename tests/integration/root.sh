#!/bin/sh
# root.sh - absolute paths inside configs are read below the root (--root,
# or inferred from .../etc/postfix and .../etc/mail), never above it: not
# through "..", not through a symbolic link, and with no root not at all
# (an info finding suggests --root). strace shows that nothing outside the
# root is opened.
set -u
: "${MH_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
not_ok() { fail=$((fail + 1)); echo "not ok: $*"; }

# expect JSON_FILE PYTHON_EXPR DESCRIPTION - the expression holds of the
# parsed document d (show: d is the first MTA; check: d is the report)
expect() {
	if python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = doc["mtas"][0] if "mtas" in doc else doc
def finding(rule, text):
    return any(f["rule"] == rule and text in f["message"]
               for f in doc.get("findings", []))
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)
PY
	then ok; else not_ok "$3"; fi
}

cd "$tmp" || exit 1
mkdir -p outside img/etc/postfix img/etc/lists conf
# A sentinel outside every root: its content must never reach a report.
echo 'sentinel-outside-the-root RELAY' >outside/secret
echo 'postmaster: root' >outside/aliases
printf 'postmaster: root\nroot: admin@example.org\n' >img/etc/aliases
printf 'example.org smtp:[10.0.0.2]\n' >img/etc/postfix/transport
printf 'inside.example OK\n' >img/etc/lists/senders
ln -s ../lists/senders img/etc/postfix/senders
ln -s "$tmp/outside/secret" img/etc/postfix/virtual
ln -s "$tmp/outside" img/etc/postfix/linked
cat >img/etc/postfix/main.cf <<'EOF'
myhostname = mx.example.org
alias_maps = hash:/etc/aliases
transport_maps = texthash:/etc/postfix/transport
relay_recipient_maps = hash:/etc/postfix/transport
smtpd_sender_restrictions = check_sender_access texthash:/etc/postfix/senders
virtual_alias_maps = texthash:/etc/postfix/../../../outside/secret
canonical_maps = texthash:/etc/postfix/virtual
relocated_maps = texthash:/etc/postfix/linked/secret
EOF
cp img/etc/postfix/main.cf conf/main.cf

# Postfix, root inferred from img/etc/postfix
"$MH_BIN" show --format json img/etc/postfix >pf.json 2>pf.err ||
    not_ok "show img/etc/postfix: $(cat pf.err)"
expect pf.json 'd["root"] == "img"' "root inferred from img/etc/postfix"
expect pf.json '"img/etc/aliases" in d["files"]' \
    "alias_maps hash:/etc/aliases read below the inferred root"
expect pf.json '"img/etc/postfix/transport" in d["files"]' \
    "texthash:/etc/postfix/transport read below the inferred root"
expect pf.json 'any(m["name"] == "/etc/postfix/transport" and
    m["type"] == "hash" and m["path"] == "img/etc/postfix/transport"
    for m in d["maps"])' "hash:/etc/postfix/transport resolved below the root"
expect pf.json 'any("transport.db" in n["message"] and
    "does not exist" in n["message"] for n in d["notes"])' \
    "the database of hash:/etc/postfix/transport looked for below the root"
expect pf.json '"img/etc/postfix/senders" in d["files"]' \
    "a symbolic link that stays inside the root is followed"
expect pf.json 'not any("outside" in f or "virtual" in f or "linked" in f
    for f in d["files"])' "nothing outside the root is read"
expect pf.json 'any(m["name"].endswith("/../outside/secret") and
    m["path"] is None and "leaves the root" in m["not_followed"]
    for m in d["maps"])' "a .. path is not followed"
expect pf.json 'any(m["name"] == "/etc/postfix/virtual" and
    m["path"] is None and "symbolic link" in m["not_followed"]
    for m in d["maps"])' "a symbolic link out of the root is not followed"
expect pf.json 'any(m["name"] == "/etc/postfix/linked/secret" and
    m["path"] is None and "symbolic link" in m["not_followed"]
    for m in d["maps"])' "a linked directory out of the root is not followed"

"$MH_BIN" check -f json img/etc/postfix >pfc.json 2>/dev/null
expect pfc.json 'finding("MH002", "leaves the root") and
    finding("MH002", "symbolic link")' "MH002 names the paths not followed"
if grep -q sentinel pf.json pfc.json; then
	not_ok "the sentinel outside the root reached a report"
else ok; fi

# a single file: the root is inferred from its directory
"$MH_BIN" show --format json img/etc/postfix/main.cf >pff.json 2>/dev/null
expect pff.json 'd["root"] == "img" and "img/etc/aliases" in d["files"]' \
    "root inferred from img/etc/postfix/main.cf"

# Postfix, --root given: conf/ is not below an etc/postfix
"$MH_BIN" show --format json --root img conf >pfr.json 2>pfr.err ||
    not_ok "show --root img conf: $(cat pfr.err)"
expect pfr.json 'd["root"] == "img" and "img/etc/aliases" in d["files"]
    and "img/etc/postfix/transport" in d["files"]' \
    "--root img: the maps of conf/main.cf read below img"
expect pfr.json 'not any("outside" in f for f in d["files"])' \
    "--root img: nothing outside the root is read"

"$MH_BIN" show --format json --root img/ conf >pfr2.json 2>/dev/null
expect pfr2.json '"img/etc/aliases" in d["files"]' \
    "--root img/: a trailing slash changes nothing"

# Postfix, no root: nothing absolute is followed, and MH002 says --root
"$MH_BIN" check -f json conf >pfn.json 2>/dev/null
expect pfn.json 'finding("MH002", "hash:/etc/aliases") and
    finding("MH002", "--root")' "no root: an info finding suggests --root"
expect pfn.json 'all(f["severity"] == "info" for f in doc["findings"]
    if f["rule"] == "MH002")' "no root: MH002 is info"
"$MH_BIN" show --format json conf >pfns.json 2>/dev/null
expect pfns.json 'd["files"] == ["conf/main.cf"]' \
    "no root: only the given file is read"

# a root that does not exist is a usage error
"$MH_BIN" check --root "$tmp/missing" conf >/dev/null 2>err.txt
status=$?
if [ "$status" -eq 2 ] && grep -q -- '--root' err.txt; then ok; else
	not_ok "--root to a missing directory: exit $status, $(cat err.txt)"; fi

# sendmail, root inferred from sm/etc/mail: AliasFile, Fw and the access
# K line name files that are not beside the .cf
mkdir -p sm/etc/mail/lists sm/etc/mail/maps smconf esc/etc/mail
cat >sm/etc/mail/sendmail.cf <<'EOF'
V10/Berkeley
Fw/etc/mail/lists/local-host-names %[^\#]
Kaccess hash -T<TMPF> /etc/mail/maps/access
O AliasFile=/etc/aliases
O PrivacyOptions=authwarnings,novrfy,noexpn
EOF
printf 'localhost\nmx.example.org\n' >sm/etc/mail/lists/local-host-names
printf 'Connect:127.0.0.1 RELAY\n' >sm/etc/mail/maps/access
printf 'postmaster: root\nroot: admin@example.org\n' >sm/etc/aliases
cp sm/etc/mail/sendmail.cf smconf/

"$MH_BIN" show --format json sm/etc/mail >sm.json 2>sm.err ||
    not_ok "show sm/etc/mail: $(cat sm.err)"
expect sm.json 'd["root"] == "sm"' "root inferred from sm/etc/mail"
expect sm.json '"sm/etc/aliases" in d["files"]' \
    "AliasFile=/etc/aliases read below the root"
expect sm.json '"sm/etc/mail/lists/local-host-names" in d["files"]' \
    "Fw/etc/mail/lists/local-host-names read below the root"
expect sm.json '"sm/etc/mail/maps/access" in d["files"]' \
    "Kaccess hash /etc/mail/maps/access read below the root"

"$MH_BIN" show --format json sm/etc/mail/sendmail.cf >smf.json 2>/dev/null
expect smf.json 'd["root"] == "sm" and "sm/etc/aliases" in d["files"]' \
    "root inferred from sm/etc/mail/sendmail.cf"

"$MH_BIN" show --format json --root sm smconf >smr.json 2>smr.err ||
    not_ok "show --root sm smconf: $(cat smr.err)"
expect smr.json 'd["root"] == "sm" and all(p in d["files"] for p in
    ["sm/etc/aliases", "sm/etc/mail/lists/local-host-names",
     "sm/etc/mail/maps/access"])' "--root sm: the sendmail lists read below sm"

"$MH_BIN" check -f json smconf >smn.json 2>/dev/null
expect smn.json 'finding("MH002", "/etc/aliases") and
    finding("MH002", "--root")' "sendmail, no root: MH002 suggests --root"

# sendmail escapes: AliasFile through "..", Fw and access through links
cat >esc/etc/mail/sendmail.cf <<'EOF'
V10/Berkeley
Fw/etc/mail/lhn/local-host-names %[^\#]
Kaccess hash -T<TMPF> /etc/mail/lhn/access
O AliasFile=/etc/../../outside/aliases
O PrivacyOptions=authwarnings,novrfy,noexpn
EOF
printf 'localhost\n' >outside/local-host-names
cp outside/secret outside/access
ln -s "$tmp/outside" esc/etc/mail/lhn
"$MH_BIN" show --format json esc/etc/mail >esc.json 2>esc.err ||
    not_ok "show esc/etc/mail: $(cat esc.err)"
expect esc.json 'not any("outside" in f or "lhn" in f for f in d["files"])' \
    "sendmail: nothing outside the root is read"
expect esc.json 'any(f["what"] == "AliasFile" and
    f["name"] == "/etc/../../outside/aliases" and
    "leaves the root" in f["not_followed"] for f in d["named_files"])' \
    "sendmail: AliasFile through .. is not followed"
expect esc.json 'any(m["name"] == "/etc/mail/lhn/access" and
    "symbolic link" in m["not_followed"] for m in d["maps"])' \
    "sendmail: a K line through a link out of the root is not followed"

# strace: no open(2) of anything below outside/, for every command above
command -v strace >/dev/null 2>&1 || {
	not_ok "strace missing (make deps installs it)"
	echo "root: $pass passed, $fail failed"; exit 1; }
for args in "check img/etc/postfix" "check --root img conf" \
    "show img/etc/postfix" "check sm/etc/mail" "check esc/etc/mail" \
    "fix img/etc/postfix" "fix esc/etc/mail"; do
	# shellcheck disable=SC2086
	strace -f -qq -e trace=open,openat,openat2 -o trace.txt \
	    "$MH_BIN" $args >/dev/null 2>&1
	# outside/ by name, or through the links virtual, linked and lhn
	pattern='outside\|postfix/virtual\|postfix/linked\|mail/lhn'
	if grep -v ENOENT trace.txt | grep -q "$pattern"; then
		not_ok "$args opened a file outside the root:"
		grep "$pattern" trace.txt
	elif ! grep -q 'main.cf\|sendmail.cf' trace.txt; then
		not_ok "$args: strace saw no open of the config"
	else ok; fi
done

echo "root: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
