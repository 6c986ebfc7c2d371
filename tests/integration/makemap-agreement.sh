#!/bin/sh
# makemap-agreement.sh - does mta-harden read sendmail access files as
# makemap does? Ground truth is makemap 8.17 from Debian's sendmail-bin.
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/makemap-agreement.sh
#        sh tests/integration/makemap-agreement.sh --makemap-only
#
# sendmail-bin conflicts with postfix, so it is never installed:
# scripts/fetch-sendmail.sh downloads and unpacks it (into build/sendmail-bin)
# and prints the path of its sendmail binary; makemap is beside it. makemap
# run by root reads TrustedUser from the .cf (and stops with "No such file"
# without one), so -C names an empty file; it runs in a private 0700
# directory below build/ (below /tmp it warns about a world-writable
# directory).
#
# Every directory CASE in tests/corpus/sendmail-maps holds an `access` file
# and `makemap-exit`, the exit status makemap gives it (0, or 65 for an
# input error). For each CASE:
#
#   1. makemap: `makemap -C EMPTY.cf hash DB < CASE/access` must exit with
#      the recorded status (so the corpus means what it says);
#   2. `$MH_BIN show --format json CASE` must list, for the sendmail MTA,
#      the entries of map "access"; the first entry of each key (makemap
#      keeps the first of duplicates) must give exactly the keys and values
#      `makemap -u hash DB` dumps (also for files makemap rejects: it still
#      stores every good line);
#   3. makemap exits non-zero exactly when our notes for the file hold
#      access-continuation, access-duplicate or access-syntax; the number of
#      access-continuation and access-duplicate notes equals the number of
#      "leading space" and "duplicate key" complaints, with the same line
#      numbers when no line is longer than makemap's 1023-byte buffer (then
#      makemap counts buffers, not lines).
#
# Prints one line per failure, "ok CASE" per case that agrees, and last
# "makemap-agreement: N passed, M failed"; exits 1 on any failure, also when
# MH_BIN is unset, python3 is missing, or makemap cannot be fetched or run
# (nothing is skipped). --makemap-only runs step 1 alone (no MH_BIN needed).

fail() {
	echo "makemap-agreement: error: $*"
	echo "makemap-agreement: 0 passed, 1 failed"
	exit 1
}

mode=compare
case "${1:-}" in
--makemap-only) mode="makemap-only" ;;
"") ;;
*) fail "unknown argument '$1' (only --makemap-only)" ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd) || fail "cannot find the repository top"
command -v python3 >/dev/null 2>&1 || fail "'python3' not found in PATH (required; not skipping)"
if [ "$mode" = compare ]; then
	[ -n "${MH_BIN:-}" ] ||
	    fail "MH_BIN is not set (absolute path of the built mta-harden)"
	if [ ! -f "$MH_BIN" ] || [ ! -x "$MH_BIN" ]; then
		fail "MH_BIN '$MH_BIN' is not an executable file (build it first)"
	fi
fi
[ -f "$top/scripts/fetch-sendmail.sh" ] || fail "scripts/fetch-sendmail.sh is missing"
sendmail=$(sh "$top/scripts/fetch-sendmail.sh") ||
    fail "cannot fetch sendmail-bin (scripts/fetch-sendmail.sh failed)"
makemap=$(dirname "$sendmail")/makemap
[ -x "$makemap" ] || fail "no makemap beside $sendmail"

exec python3 - "$mode" "$top" "$makemap" "${MH_BIN:-}" <<'PYTHON'
import json
import os
import shutil
import subprocess
import sys
import tempfile

MODE, TOP, MAKEMAP, MH_BIN = sys.argv[1:5]
CORPUS = os.path.join(TOP, "tests", "corpus", "sendmail-maps")
MAKEMAP_ERRORS = {"access-continuation", "access-duplicate", "access-syntax"}
BUFFER = 1023           # makemap reads lines with fgets into char[1024]

passed = 0
failed = 0


def bail(msg):
    print("makemap-agreement: error: " + msg)
    print("makemap-agreement: %d passed, %d failed" % (passed, failed + 1))
    sys.exit(1)


def text(b):
    return b.decode("utf-8", errors="surrogateescape")


def run_makemap(work, path):
    """makemap's exit status, complaints, and the map it stored."""
    db = os.path.join(work, "db")
    cf = os.path.join(work, "empty.cf")
    for old in (db, db + ".db"):
        if os.path.exists(old):
            os.unlink(old)
    with open(path, "rb") as f:
        r = subprocess.run([MAKEMAP, "-C", cf, "hash", db], stdin=f,
                           capture_output=True, timeout=60)
    if not os.path.exists(db + ".db"):
        bail("makemap wrote no %s.db (exit %d): %s"
             % (db, r.returncode, text(r.stderr).strip()))
    u = subprocess.run([MAKEMAP, "-C", cf, "-u", "hash", db],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=60)
    if u.returncode != 0:
        bail("makemap -u failed (exit %d): %s"
             % (u.returncode, text(u.stderr).strip()))
    stored = {}
    for line in u.stdout.split(b"\n")[:-1]:
        key, _, value = line.partition(b"\t")
        stored[text(key)] = text(value)
    complaints = []
    for line in text(r.stderr).splitlines():
        # "makemap: DB: line N: WHAT"
        parts = line.split(": ", 3)
        if len(parts) == 4 and parts[2].startswith("line "):
            complaints.append((int(parts[2][5:]), parts[3]))
    return r.returncode, stored, complaints


def show(case_dir):
    """Our access entries and notes for the case, or a reason."""
    try:
        r = subprocess.run([MH_BIN, "show", "--format", "json", case_dir],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=120)
    except subprocess.TimeoutExpired:
        return None, None, "show timed out"
    if r.returncode != 0:
        return None, None, ("show exited %d: %s"
                            % (r.returncode, text(r.stderr).strip()[:300]))
    try:
        doc = json.loads(r.stdout)
    except ValueError as e:
        return None, None, "show printed no JSON document (%s)" % e
    sm = [x for x in doc.get("mtas", []) if x.get("mta") == "sendmail"]
    if not sm:
        return None, None, "show lists no sendmail MTA for the directory"
    if "entries" not in sm[0]:
        return None, None, ("show lists no \"entries\" for sendmail (map "
                            "entries are not in `show --format json` yet)")
    entries = [e for e in sm[0]["entries"] if e.get("map") == "access"]
    notes = [n for n in sm[0].get("notes", [])
             if os.path.basename(str(n.get("file", ""))) == "access"]
    return entries, notes, None


def compare(case, d, rc, stored, complaints, long_lines):
    """Step 2 and 3: a list of differences."""
    entries, notes, why = show(d)
    if why is not None:
        return [why]
    bad = []
    first = {}
    for e in sorted(entries, key=lambda e: (e.get("line", 0),
                                            e.get("column", 0))):
        first.setdefault(e["key"], e["value"])
    for k in sorted(set(first) | set(stored)):
        if k not in stored:
            bad.append("key %s: ours %s, makemap stored none"
                       % (json.dumps(k), json.dumps(first[k])))
        elif k not in first:
            bad.append("key %s: makemap stored %s, ours none"
                       % (json.dumps(k), json.dumps(stored[k])))
        elif first[k] != stored[k]:
            bad.append("key %s: ours %s, makemap %s"
                       % (json.dumps(k), json.dumps(first[k]),
                          json.dumps(stored[k])))
    codes = [n.get("code") for n in notes]
    ours_error = any(c in MAKEMAP_ERRORS for c in codes)
    if ours_error != (rc != 0):
        bad.append("makemap exit %d, but our notes are %s"
                   % (rc, sorted(set(codes)) or "none"))
    for code, what in (("access-continuation", "syntax error (leading space)"),
                       ("access-duplicate", "duplicate key")):
        theirs = sorted(l for l, m in complaints if m.endswith(what))
        ours = sorted(n.get("line") for n in notes if n.get("code") == code)
        if len(ours) != len(theirs) or (not long_lines and ours != theirs):
            bad.append("%s notes on lines %s, makemap says '%s' on lines %s"
                       % (code, ours, what, theirs))
    return bad


def main():
    global passed, failed
    if not os.path.isdir(CORPUS):
        bail("no corpus at %s" % CORPUS)
    cases = sorted(c for c in os.listdir(CORPUS)
                   if os.path.isfile(os.path.join(CORPUS, c, "access")))
    if len(cases) < 10:
        bail("only %d cases in %s (10 or more expected)"
             % (len(cases), CORPUS))
    os.makedirs(os.path.join(TOP, "build"), exist_ok=True)
    work = tempfile.mkdtemp(prefix="makemap-agreement.",
                            dir=os.path.join(TOP, "build"))
    os.chmod(work, 0o700)
    try:
        open(os.path.join(work, "empty.cf"), "w").close()
        for case in cases:
            d = os.path.join(CORPUS, case)
            path = os.path.join(d, "access")
            bad = []
            try:
                with open(os.path.join(d, "makemap-exit")) as f:
                    want = int(f.read().strip())
            except (OSError, ValueError):
                bad.append("no readable makemap-exit (the exit status "
                           "makemap gives the file)")
                want = None
            rc, stored, complaints = run_makemap(work, path)
            if want is not None and rc != want:
                bad.append("makemap exits %d, the corpus says %d: %s"
                           % (rc, want, complaints))
            if MODE == "compare":
                with open(path, "rb") as f:
                    long_lines = any(len(l.rstrip(b"\n")) >= BUFFER
                                     for l in f.read().split(b"\n"))
                bad += compare(case, d, rc, stored, complaints, long_lines)
            if bad:
                failed += 1
                for b in bad:
                    print("FAIL %s: %s" % (case, b))
            else:
                passed += 1
                print("ok %s" % case)
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("makemap-agreement: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
PYTHON
