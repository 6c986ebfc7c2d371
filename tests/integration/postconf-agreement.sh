#!/bin/sh
# postconf-agreement.sh - does `mta-harden show` read main.cf/master.cf as
# Postfix does? Ground truth is the installed postconf(1).
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/postconf-agreement.sh
#        sh tests/integration/postconf-agreement.sh --postconf-only
#
# For every case directory in tests/corpus/postfix, plus Debian's shipped
# main.cf.dist + master.cf.dist and main.cf.debian + master.cf.dist, runs
# `$MH_BIN show --format json DIR` and postconf (inside a private UTS and
# network namespace with host name mx.example.invalid and only lo up, the
# same pinning as scripts/gen-pf-defaults.sh), and compares:
#
#   - every parameter `postconf -c DIR -x` prints (except config_directory,
#     process_id, process_name, and values that depend on them):
#     settings[NAME].value == the expanded value;
#   - every parameter `postconf -c DIR -n` prints: settings[NAME].source ==
#     "file" and settings[NAME].raw == `postconf -c DIR -h NAME`;
#   - every `postconf -c DIR -P` line SERVICE/TYPE/NAME = VALUE:
#     services[i].overrides[NAME].raw, for the entries with that service and
#     type; postconf merges the overrides of duplicate entries (later wins
#     per name), so ours are merged the same way (and ours may have no
#     override that postconf lacks);
#   - the master.cf entries, in file order, against `postconf -c DIR -M`
#     (service, type, private, unprivileged, chroot, wakeup, maxproc,
#     command).
#
# postconf prints values with whitespace runs folded to one space and no
# leading or trailing whitespace; our values are folded the same way before
# comparing (MH_AGREE_STRICT=1 compares ours unfolded).
#
# For tests/corpus/postfix-errors/CASE (main.cf plus expect-error "line N"):
# postconf must die with "line N", and `$MH_BIN check DIR` must exit 2 with
# "main.cf:N:" on stderr.
#
# Prints one line per mismatch, notes on stderr, and last
# "postconf-agreement: N passed, M failed"; exits 1 on any failure, also
# when MH_BIN, python3, postconf, unshare or ip is missing.
#
# --postconf-only checks the corpus against postconf alone (no MH_BIN).

fail() {
	echo "postconf-agreement: error: $*"
	echo "postconf-agreement: 0 passed, 1 failed"
	exit 1
}

mode=compare
case "${1:-}" in
--postconf-only) mode=postconf-only ;;
"") ;;
*) fail "unknown argument '$1' (only --postconf-only)" ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd) || fail "cannot find the repository top"

for tool in python3 postconf unshare ip; do
	command -v "$tool" >/dev/null 2>&1 ||
	    fail "'$tool' not found in PATH (required; not skipping)"
done
if [ "$mode" = compare ]; then
	[ -n "${MH_BIN:-}" ] ||
	    fail "MH_BIN is not set (absolute path of the built mta-harden)"
	if [ ! -f "$MH_BIN" ] || [ ! -x "$MH_BIN" ]; then
		fail "MH_BIN '$MH_BIN' is not an executable file (build it first)"
	fi
fi
# shellcheck disable=SC2016
unshare --uts --net sh -c 'hostname mx.example.invalid && ip link set lo up' \
    >/dev/null 2>&1 ||
    fail "'unshare --uts --net' with hostname and ip does not work here (needs root)"

exec python3 - "$mode" "$top" "${MH_BIN:-}" <<'PYTHON'
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MODE, TOP, MH_BIN = sys.argv[1], sys.argv[2], sys.argv[3]
STRICT = os.environ.get("MH_AGREE_STRICT", "") not in ("", "0")
PIN_HOST = "mx.example.invalid"
SKIP = {"config_directory", "process_id", "process_name"}
WS = re.compile(r"[ \t\r\n]+")
REF = re.compile(r"\$(?:\{|\()?([A-Za-z0-9_]+)")
MASTER_FIELDS = ("service", "type", "private", "unprivileged", "chroot",
                 "wakeup", "maxproc", "command")
MH_TIMEOUT = 120

passed = 0
failed = 0


def note(msg):
    print("postconf-agreement: note: " + msg, file=sys.stderr)


def show(v):
    return "(missing)" if v is None else json.dumps(v)


def mismatch(case, name, ours, theirs, label="postconf"):
    global failed
    failed += 1
    print("MISMATCH %s: %s: ours %s, %s %s"
          % (case, name, show(ours), label, show(theirs)))
    sys.stdout.flush()


def check(case, name, ours, theirs, label="postconf"):
    global passed
    if ours == theirs:
        passed += 1
    else:
        mismatch(case, name, ours, theirs, label)


def fold(v):
    """How postconf prints a value: whitespace runs as one space."""
    if not isinstance(v, str):
        return v
    return v if STRICT else " ".join(w for w in WS.split(v) if w)


def lines(text):
    """postconf's output lines: a vertical tab or form feed inside a value
    is not a line end (str.splitlines would take it for one)."""
    return text.split("\n")[:-1] if text.endswith("\n") else \
        text.split("\n") if text else []


def fields(line):
    """A postconf -M line's fields, split where master.cf splits them."""
    return [w for w in WS.split(line) if w]


def parse_assignments(text):
    """'name = value' / 'name =' lines to an ordered list of pairs."""
    out = []
    for line in lines(text):
        if " = " in line:
            name, value = line.split(" = ", 1)
        elif line.endswith(" ="):
            name, value = line[:-2], ""
        else:
            continue
        out.append((name, value))
    return out


# Everything postconf is asked, in one pinned namespace per case.
GATHER = r'''
hostname "$1" && ip link set lo up || exit 97
d=$2 o=$3 queries=$4
for q in $queries; do
	case $q in
	raw) set -- ;;
	*) set -- "-$q" ;;
	esac
	if [ ! -f "$d/master.cf" ] && { [ $q = P ] || [ $q = M ]; }; then
		: >"$o/$q"; : >"$o/$q.err"; echo 0 >"$o/$q.rc"
		continue	# postconf -P/-M die without master.cf
	fi
	postconf -c "$d" "$@" >"$o/$q" 2>"$o/$q.err"
	echo $? >"$o/$q.rc"
done
[ "$queries" = n ] && exit 0	# fatal errors cost postconf a second each
names=$(sed -n 's/^\([^ ]*\) =.*/\1/p' "$o/n")
postconf -c "$d" -h $names >"$o/h" 2>"$o/h.err"
echo $? >"$o/h.rc"
exit 0
'''


def postconf_truth(confdir, queries=("n", "x", "raw", "P", "M", "h")):
    """Run postconf on confdir; return a dict of outputs or raise."""
    tmp = tempfile.mkdtemp(prefix="pf-agree.")
    try:
        r = subprocess.run(["unshare", "--uts", "--net", "sh", "-c", GATHER,
                            "sh", PIN_HOST, confdir, tmp,
                            " ".join(q for q in queries if q != "h")],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError("pinned postconf run failed (%d): %s"
                               % (r.returncode, r.stderr.strip()))
        res = {}
        for q in queries:
            with open(os.path.join(tmp, q), encoding="utf-8",
                      errors="surrogateescape") as f:
                res[q] = f.read()
            with open(os.path.join(tmp, q + ".err"), encoding="utf-8",
                      errors="surrogateescape") as f:
                res[q + ".err"] = f.read()
            with open(os.path.join(tmp, q + ".rc")) as f:
                res[q + ".rc"] = int(f.read().strip() or "255")
        return res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def volatile_names(raw_pairs):
    """Names whose raw value refers, maybe indirectly, to a SKIP name."""
    refs = {n: set(REF.findall(v)) for n, v in raw_pairs}
    bad = set(SKIP)
    changed = True
    while changed:
        changed = False
        for n, r in refs.items():
            if n not in bad and r & bad:
                bad.add(n)
                changed = True
    return bad - SKIP


def truth_for_case(case, confdir):
    """postconf's view of a case, or None after counting a failure."""
    try:
        t = postconf_truth(os.path.join(TOP, confdir))
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        mismatch(case, "(postconf)", None, str(e))
        return None
    for q in ("n", "x", "raw", "P", "M", "h"):
        if t[q + ".rc"] != 0:
            err = t[q + ".err"].strip().splitlines()
            mismatch(case, "(postconf %s exit %d)" % (
                "-" + q if q != "raw" else "", t[q + ".rc"]), None,
                err[-1] if err else "")
            return None
    t["n_pairs"] = [(n, v) for n, v in parse_assignments(t["n"])
                    if n not in SKIP]
    names = [n for n, _ in parse_assignments(t["n"])]
    hvals = lines(t["h"])
    if len(hvals) != len(names):
        mismatch(case, "(postconf -h)", None,
                 "%d values for %d names" % (len(hvals), len(names)))
        return None
    t["h_map"] = dict(zip(names, hvals))
    t["x_pairs"] = parse_assignments(t["x"])
    t["volatile"] = volatile_names(parse_assignments(t["raw"]))
    p = {}
    for key, value in parse_assignments(t["P"]):
        parts = key.rsplit("/", 2)
        if len(parts) != 3:
            mismatch(case, "(postconf -P)", None, "odd line: " + key)
            return None
        p.setdefault((parts[0], parts[1]), {})[parts[2]] = value
    t["P_map"] = p
    t["M_rows"] = [fields(line)[:8] for line in lines(t["M"])
                   if fields(line)]
    return t


def count_values(t):
    """How many comparisons a case makes (for a case we cannot read)."""
    x = [n for n, _ in t["x_pairs"]
         if n not in SKIP and n not in t["volatile"]]
    return (len(x) + 2 * len(t["n_pairs"])
            + sum(len(v) for v in t["P_map"].values()) + 1 + len(t["M_rows"]))


def run_ours(case, confdir, t):
    """mta-harden show --format json; the postfix MTA object or None."""
    global failed
    why = None
    try:
        r = subprocess.run([MH_BIN, "show", "--format", "json", confdir],
                           cwd=TOP, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True,
                           errors="surrogateescape", timeout=MH_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as e:
        why = "cannot run %s: %s" % (MH_BIN, e)
    else:
        if r.returncode != 0:
            err = r.stderr.strip().splitlines()
            why = "'mta-harden show --format json %s' exited %d%s" % (
                confdir, r.returncode, (": " + err[0]) if err else "")
        else:
            try:
                doc = json.loads(r.stdout)
                mtas = doc["mtas"]
                pf = [m for m in mtas if isinstance(m, dict)
                      and m.get("mta") == "postfix"]
                if not pf:
                    why = "no postfix entry in mtas[]"
                else:
                    mta = pf[0]
                    if not isinstance(mta.get("settings"), dict):
                        why = "mtas[].settings is not an object"
                    elif not isinstance(mta.get("services", []), list):
                        why = "mtas[].services is not a list"
                    else:
                        return mta
            except (ValueError, KeyError, TypeError) as e:
                why = "bad JSON from mta-harden show: %s" % e
    n = count_values(t)
    print("MISMATCH %s: (all %d values): %s" % (case, n, why))
    failed += n
    return None


def compare_case(case, confdir):
    t = truth_for_case(case, confdir)
    if t is None:
        return
    if t["volatile"]:
        vol = sorted(n for n, _ in t["x_pairs"] if n in t["volatile"])
        if vol:
            note("%s: not compared (depend on %s): %s"
                 % (case, "/".join(sorted(SKIP)), " ".join(vol)))
    if MODE == "postconf-only":
        check(case, "(postconf)", True, True)
        return
    mta = run_ours(case, confdir, t)
    if mta is None:
        return
    settings = mta["settings"]

    # 1. every parameter postconf -x prints, expanded
    for name, value in t["x_pairs"]:
        if name in SKIP or name in t["volatile"]:
            continue
        s = settings.get(name)
        ours = fold(s.get("value")) if isinstance(s, dict) else None
        check(case, name, ours, value)

    # 2. explicitly set parameters: source and raw value
    for name, _ in t["n_pairs"]:
        s = settings.get(name)
        src = s.get("source") if isinstance(s, dict) else None
        raw = fold(s.get("raw")) if isinstance(s, dict) else None
        check(case, name + " (source)", src, "file")
        check(case, name + " (raw)", raw, t["h_map"].get(name))

    # 3. master.cf overrides, merged per service/type as postconf does
    services = mta.get("services") or []
    merged = {}
    for svc in services:
        if not isinstance(svc, dict):
            continue
        key = (svc.get("service"), svc.get("type"))
        ov = svc.get("overrides") or {}
        m = merged.setdefault(key, {})
        if isinstance(ov, dict):
            for name, o in ov.items():
                m[name] = fold(o.get("raw")) if isinstance(o, dict) else None
    for key in sorted(set(t["P_map"]) | set(merged),
                      key=lambda k: (str(k[0]), str(k[1]))):
        theirs = t["P_map"].get(key, {})
        ours = merged.get(key, {})
        for name in sorted(set(theirs) | set(ours)):
            label = "%s/%s/%s" % (key[0], key[1], name)
            check(case, label, ours.get(name), theirs.get(name))

    # 4. master.cf entries in file order
    ours_rows = [[str(s.get(f)) for f in MASTER_FIELDS]
                 if isinstance(s, dict) else ["?"] for s in services]
    check(case, "master.cf entry count", len(ours_rows), len(t["M_rows"]))
    for i, row in enumerate(t["M_rows"]):
        ours = " ".join(ours_rows[i]) if i < len(ours_rows) else None
        check(case, "master.cf entry %d" % (i + 1), ours, " ".join(row))


def error_case(case, confdir):
    try:
        with open(os.path.join(TOP, confdir, "expect-error")) as f:
            m = re.search(r"(\d+)", f.read())
    except OSError as e:
        mismatch(case, "expect-error", None, str(e))
        return
    if not m:
        mismatch(case, "expect-error", None, "no line number in it")
        return
    line = m.group(1)
    try:
        t = postconf_truth(os.path.join(TOP, confdir), ("n",))
        err = t["n.err"]
        ok = t["n.rc"] != 0 and re.search(r"main\.cf, line %s:" % line, err)
        check(case, "postconf dies at line %s" % line, bool(ok), True,
              "expected")
        if not ok:
            print("    postconf said: " + err.strip().replace("\n", " | "))
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        mismatch(case, "(postconf)", None, str(e))
    if MODE == "postconf-only":
        return
    try:
        r = subprocess.run([MH_BIN, "check", confdir], cwd=TOP,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, errors="surrogateescape",
                           timeout=MH_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as e:
        mismatch(case, "mta-harden check", None, str(e), "error")
        return
    check(case, "check exit status", r.returncode, 2, "expected")
    want = "main.cf:%s:" % line
    first = r.stderr.strip().splitlines()
    check(case, "check stderr has '%s'" % want,
          want if want in r.stderr else (first[0] if first else ""), want,
          "expected")


def main():
    corpus = os.path.join("tests", "corpus", "postfix")
    errors = os.path.join("tests", "corpus", "postfix-errors")
    cases = []
    if os.path.isdir(os.path.join(TOP, corpus)):
        for name in sorted(os.listdir(os.path.join(TOP, corpus))):
            if os.path.isfile(os.path.join(TOP, corpus, name, "main.cf")):
                cases.append((name, os.path.join(corpus, name)))
    if not cases:
        mismatch("(corpus)", corpus, None, "no case directories")

    tmp = tempfile.mkdtemp(prefix="pf-agree-debian.")
    try:
        share = "/usr/share/postfix"
        for label, main_cf in (("debian-main.cf.dist", "main.cf.dist"),
                               ("debian-main.cf.debian", "main.cf.debian")):
            d = os.path.join(tmp, label)
            try:
                os.mkdir(d)
                shutil.copyfile(os.path.join(share, main_cf),
                                os.path.join(d, "main.cf"))
                shutil.copyfile(os.path.join(share, "master.cf.dist"),
                                os.path.join(d, "master.cf"))
            except OSError as e:
                mismatch(label, "(setup)", None, str(e))
                continue
            cases.append((label, d))

        for name, d in cases:
            compare_case(name, d)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if os.path.isdir(os.path.join(TOP, errors)):
        for name in sorted(os.listdir(os.path.join(TOP, errors))):
            d = os.path.join(errors, name)
            if os.path.isfile(os.path.join(TOP, d, "main.cf")):
                error_case("errors/" + name, d)

    print("postconf-agreement: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
PYTHON
