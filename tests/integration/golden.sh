#!/bin/sh
# golden.sh - every golden case under tests/cases (see its README.md), and
# the rule catalogue covered by them: a hit and a clean case per rule and MTA.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 - "$top" "$MH_BIN" <<'PY'
import json, os, shutil, subprocess, sys, tempfile

top, mh = sys.argv[1], sys.argv[2]
cases_dir = os.path.join(top, "tests", "cases")
passed = failed = 0


def bad(msg):
    global failed
    failed += 1
    print("not ok: " + msg)


rules = json.loads(subprocess.run([mh, "rules", "--format", "json"],
                                  capture_output=True, text=True,
                                  check=True).stdout)["rules"]
# GOLDEN_RULES=MH3,MH101 limits the run to rules whose id starts so
only = [p for p in os.environ.get("GOLDEN_RULES", "").split(",") if p]
if only:
    rules = [r for r in rules if any(r["id"].startswith(p) for p in only)]
covered = {}
tmp = tempfile.mkdtemp(prefix="golden.")
try:
    for rule in sorted(os.listdir(cases_dir)):
        rdir = os.path.join(cases_dir, rule)
        if not os.path.isdir(rdir):
            continue
        if rule not in {r["id"] for r in rules}:
            if not only:
                bad("%s: no such rule" % rule)
            continue
        for case in sorted(os.listdir(rdir)):
            cdir = os.path.join(rdir, case)
            name = "%s/%s" % (rule, case)
            if not os.path.isfile(os.path.join(cdir, "expect")):
                bad("%s: no expect file" % name)
                continue
            work = os.path.join(tmp, rule, case)
            shutil.copytree(cdir, work, symlinks=True)
            def read(f, default=""):
                p = os.path.join(work, f)
                return open(p).read().strip() if os.path.exists(p) else default
            profile = read("profile", "default")
            args = read("args").split()
            if os.path.exists(os.path.join(work, "setup")):
                r = subprocess.run(["sh", "setup"], cwd=work)
                if r.returncode != 0:
                    bad("%s: setup failed" % name)
                    continue
            r = subprocess.run([mh, "check", "--format", "json", "--profile",
                                profile, "--enable", rule] + args + ["tree"],
                               cwd=work, capture_output=True, text=True,
                               timeout=60)
            if r.returncode not in (0, 1):
                bad("%s: exit %d: %s" % (name, r.returncode, r.stderr.strip()))
                continue
            found = sorted("%s:%d" % (f["file"][len("tree/"):]
                                      if f["file"].startswith("tree/")
                                      else f["file"], f["line"])
                           for f in json.loads(r.stdout)["findings"]
                           if f["rule"] == rule)
            want = sorted(l.strip() for l in read("expect").splitlines()
                          if l.strip() and not l.startswith("#"))
            if found != want:
                bad("%s: found %s, expected %s" % (name, found, want))
                for f in json.loads(r.stdout)["findings"]:
                    if f["rule"] == rule:
                        print("    %s:%d: %s" % (f["file"], f["line"],
                                                f["message"]))
                continue
            passed += 1
            mta, _, kind = case.partition("-")
            covered.setdefault((rule, mta), set()).add(kind.split("-")[0])
finally:
    shutil.rmtree(tmp, ignore_errors=True)

for r in rules:
    for mta in r["mtas"]:
        kinds = covered.get((r["id"], mta), set())
        for kind in ("hit", "clean"):
            if kind not in kinds:
                bad("%s (%s): no %s-%s case" % (r["id"], r["name"], mta,
                                                 kind))
print("golden: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
