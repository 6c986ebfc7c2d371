#!/bin/sh
# sarif.sh - our SARIF against the official validator (SARIF Multitool,
# installed by make deps): check and fix over the whole golden corpus, plus
# hostile text, suppressions, the baseline and an empty run. The validator
# starts slowly and checks a file at a time, so the corpus is batched: the
# cases that share a profile are checked together, many trees in one run,
# every rule enabled, and the validator reads every document in one go.
# It must report no error and no warning (but the one that asks a region of
# whole-file findings, which have none by design); a broken document fed
# alongside must be reported, so that the validator is known to work.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
validator=${SARIF_MULTITOOL:-$top/build/tools/sarif/node_modules/.bin/sarif-multitool}
exec python3 - "$top" "$MH_BIN" "$validator" <<'PY'
import json, os, shutil, subprocess, sys, tempfile

top, mh, validator = sys.argv[1:4]
passed = failed = 0


def ok(msg):
    global passed
    passed += 1
    print("ok: " + msg)


def bad(msg):
    global failed
    failed += 1
    print("not ok: " + msg)


def finish():
    print("sarif: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if not os.access(validator, os.X_OK) or subprocess.run(
        [validator, "--version"], capture_output=True).returncode != 0:
    bad("the SARIF validator %s is missing or does not run (make deps)"
        % validator)
    finish()

rules = [r["id"] for r in json.loads(subprocess.run(
    [mh, "rules", "--format", "json"], capture_output=True, text=True,
    check=True).stdout)["rules"]]
tmp = tempfile.mkdtemp(prefix="sarif.")
out = os.path.join(tmp, "out")
os.mkdir(out)
docs = []          # (path, what, kind) of every document to validate


def run(args, cwd, what):
    r = subprocess.run([mh] + args, cwd=cwd, capture_output=True, text=True,
                       timeout=600)
    if r.returncode not in (0, 1):
        bad("%s: exit %d: %s" % (what, r.returncode, r.stderr.strip()[-500:]))
        return None
    return r


def check_and_fix(trees, opts, cwd, what):
    """check: JSON on stdout and SARIF to a file from one run; fix: SARIF"""
    n = len(docs)
    sc = os.path.join(out, "check-%d.sarif" % n)
    sf = os.path.join(out, "fix-%d.sarif" % n)
    r = run(["check", "-q", "-f", "json", "-f", "sarif", "-o", sc] + opts +
            trees, cwd, "check " + what)
    if r is None:
        return
    findings = json.loads(r.stdout)["findings"]
    sarif = json.load(open(sc))
    results = sarif["runs"][0]["results"]
    got = [(x["ruleId"], x["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
            x["locations"][0]["physicalLocation"].get("region", {})
            .get("startLine", 0)) for x in results]
    want = [(f["rule"], f["file"], f["line"]) for f in findings]
    if got != want:
        bad("check %s: SARIF results differ from the JSON findings: %s"
            % (what, [g for g in got if g not in want][:3] or
               [w for w in want if w not in got][:3]))
    docs.append((sc, "check " + what))
    if run(["fix", "-q", "-f", "sarif", "-o", sf] + opts + trees, cwd,
           "fix " + what) is not None:
        docs.append((sf, "fix " + what))


# ---- the golden corpus, every rule enabled ----
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(top, "tests", "integration"))
import corpus_groups

enable = ["--enable", ",".join(rules)]
ntrees = 0
for what, cwd, opts, trees in corpus_groups.groups(top, tmp):
    check_and_fix(trees, opts + enable, cwd, what)
    ntrees += len(trees)
ok("%d golden cases in %d documents" % (ntrees, len(docs)))

# ---- hostile text, suppressions, the baseline, an empty run ----
hostile = os.path.join(tmp, "hostile", "etc", "postfix")
os.makedirs(hostile)
with open(os.path.join(hostile, "main.cf"), "wb") as f:
    f.write(b'# mta-harden: disable=vrfy-enabled -- "quoted" <b> & \x01\n'
            b'disable_vrfy_command = no\n'
            b'smtpd_banner = $myhostname ESMTP "Postfix" <x> & \xff\xfe\x07 \xe2\x82\n'
            b'myhostname = h\xc3\xa9\x1b[31m.example\n'
            b'mynetworks = 0.0.0.0/0\n')
check_and_fix(["hostile"], enable, tmp, "hostile text")
sup = json.load(open(docs[-2][0]))["runs"][0]["results"]
if any(s.get("suppressions", [{}])[0].get("kind") == "inSource" for s in sup):
    ok("an inline suppression is a SARIF inSource suppression")
else:
    bad("no inSource suppression for the inline directive")

base = os.path.join(tmp, "baseline.json")
r = run(["check", "-q", "-f", "json", "-o", base, "hostile"], tmp, "baseline")
bs = os.path.join(out, "baselined.sarif")
r = run(["check", "-q", "--baseline", base, "-f", "sarif", "-o", bs,
         "hostile"], tmp, "baselined")
if r is not None:
    res = json.load(open(bs))["runs"][0]["results"]
    kinds = [x.get("suppressions", [{}])[0].get("kind") for x in res]
    if res and all(k in ("external", "inSource") for k in kinds) and \
            "external" in kinds:
        ok("baselined findings stay in SARIF with an external suppression")
    else:
        bad("baselined findings: %s" % kinds)
    docs.append((bs, "baselined"))

clean = os.path.join(tmp, "clean", "etc", "postfix")
os.makedirs(clean)
with open(os.path.join(clean, "main.cf"), "w") as f:
    f.write("disable_vrfy_command = yes\n")
empty = os.path.join(out, "empty.sarif")
r = run(["check", "-q", "--disable", ",".join(x for x in rules
                                             if x != "MH101"),
         "-f", "sarif", "-o", empty, "clean"], tmp, "empty run")
if r is not None:
    d = json.load(open(empty))["runs"][0]
    if d.get("results") == [] and len(d["tool"]["driver"]["rules"]) == 1:
        ok("a run without findings has \"results\": [] and its one rule")
    else:
        bad("empty run: %s" % json.dumps(d)[:300])
    docs.append((empty, "empty run"))

# fixes are the edits of the one plan: applying every distinct replacement
# of a fix run gives the files of its hardened copy (--output), also where
# findings build on one setting (MH301 and MH302 both add to
# smtpd_sender_restrictions; the sendmail flags share PrivacyOptions)
def offset(lines, line, col):
    return sum(len(x) for x in lines[:line - 1]) + col - 1


shared = os.path.join(tmp, "shared", "etc", "postfix")
os.makedirs(shared)
shutil.copy(os.path.join(top, "tests", "cases", "MH002", "postfix-clean",
                         "tree", "main.cf"), shared)
for name in ("postfix-insecure", "sendmail-insecure"):
    shutil.copytree(os.path.join(top, "examples", name),
                    os.path.join(tmp, name))
for tree in ("shared", "postfix-insecure", "sendmail-insecure"):
    sf = os.path.join(out, "plan-%s.sarif" % tree)
    hard = os.path.join(tmp, "hard-" + tree)
    if run(["fix", "-q", "-f", "sarif", "-o", sf, "--output", hard] + enable +
           [tree], tmp, "fix " + tree) is None:
        continue
    docs.append((sf, "fix " + tree))
    edits = {}
    for x in json.load(open(sf))["runs"][0]["results"]:
        for fx in x.get("fixes", []):
            for ch in fx["artifactChanges"]:
                for rep in ch["replacements"]:
                    g = rep["deletedRegion"]
                    edits.setdefault(ch["artifactLocation"]["uri"], set()).add(
                        (g["startLine"], g["startColumn"], g["endLine"],
                         g["endColumn"], rep["insertedContent"]["text"]))
    hardened = {}
    for root, _, files in os.walk(hard):
        for f in files:
            hardened[os.path.relpath(os.path.join(root, f), hard)] = \
                os.path.join(root, f)
    wrong = []
    for uri, es in sorted(edits.items()):
        text = open(os.path.join(tmp, uri), encoding="utf-8",
                    newline="").read()
        lines = text.splitlines(keepends=True)
        spans = sorted((offset(lines, a, b), offset(lines, c, d), t)
                       for a, b, c, d, t in es)
        got, pos = [], 0
        for start, end, t in spans:
            got.append(text[pos:start] + t)
            pos = max(pos, end)
        got.append(text[pos:])
        want = [p for r, p in hardened.items() if uri.endswith("/" + r)]
        if len(want) != 1 or "".join(got) != open(
                want[0], encoding="utf-8", newline="").read():
            wrong.append(uri)
    if edits and not wrong:
        ok("fix %s: the SARIF fixes, applied, give the hardened copy (%d "
           "files)" % (tree, len(edits)))
    else:
        bad("fix %s: the SARIF fixes of %s differ from the hardened copy"
            % (tree, wrong or "no file"))

# fixes: every fixed result carries replacements in a file that exists
nfix = 0
for path, what in docs:
    if not what.startswith("fix "):
        continue
    run0 = json.load(open(path))["runs"][0]
    root = run0.get("originalUriBaseIds", {}).get("%SRCROOT%", {}) \
        .get("uri", "file://")[len("file://"):]
    for x in run0["results"]:
        if not x.get("properties", {}).get("fixed"):
            continue
        for fx in x.get("fixes", []):
            for ch in fx["artifactChanges"]:
                nfix += 1
                p = os.path.join(root, ch["artifactLocation"]["uri"])
                if not os.path.isfile(p) or not ch["replacements"]:
                    bad("%s: fix of %s names %s" % (what, x["ruleId"], p))
if nfix > 100:
    ok("%d artifact changes in fixes, each in a file read" % nfix)
else:
    bad("only %d artifact changes in the fixes of the corpus" % nfix)

# ---- the validator, once over everything, and a broken control ----
broken = os.path.join(out, "broken.sarif")
d = json.load(open(docs[0][0]))
del d["runs"][0]["tool"]["driver"]["name"]
json.dump(d, open(broken, "w"))
report = os.path.join(tmp, "validation.sarif")
r = subprocess.run([validator, "validate", "-o", report] +
                   [p for p, _ in docs] + [broken], capture_output=True,
                   text=True, timeout=3000)
if not os.path.exists(report):
    bad("the validator wrote no report: %s" % (r.stdout + r.stderr)[-800:])
    finish()
by_file = {}
for x in json.load(open(report))["runs"][0].get("results", []):
    uri = x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    by_file.setdefault(os.path.basename(uri), []).append(x)
if any(x.get("level", "warning") == "error"
       for x in by_file.get("broken.sarif", [])):
    ok("the validator reports the broken control document")
else:
    bad("the validator did not report the broken control document")
for path, what in docs:
    problems = [x for x in by_file.get(os.path.basename(path), [])
                if x.get("level", "warning") in ("error", "warning") and
                x.get("ruleId") != "SARIF2017"]
    whole_file = [x for x in by_file.get(os.path.basename(path), [])
                  if x.get("ruleId") == "SARIF2017"]
    for x in problems[:5]:
        bad("%s: %s %s: %s" % (what, x.get("level", "warning"), x["ruleId"],
                               x["message"].get("arguments") or
                               x["message"].get("text")))
    if not problems:
        ok("%s: valid SARIF 2.1.0 (%d whole-file results without region)"
           % (what, len(whole_file)))
shutil.rmtree(tmp)
finish()
PY
