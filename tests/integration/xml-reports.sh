#!/bin/sh
# xml-reports.sh - JUnit and Checkstyle XML: well-formed by xmllint over the
# whole golden corpus and over hostile config text (quotes, <, &, control
# characters, bytes that are not UTF-8), and shaped as GitLab, Jenkins and
# Checkstyle readers expect: testsuites/testsuite/testcase/failure with
# type, message and the locations in the body; checkstyle/file/error with
# line, column, severity, message and source. Each report is compared
# with the JSON findings of the same run.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 - "$top" "$MH_BIN" <<'PY'
import json, os, re, shutil, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

top, mh = sys.argv[1:3]
passed = failed = 0
SEVERITIES = ["info", "low", "medium", "high", "critical"]


def ok(msg):
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("not ok: " + msg)


def finish():
    print("xml-reports: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if shutil.which("xmllint") is None:
    bad("xmllint is missing (make deps installs libxml2-utils)")
    finish()

tmp = tempfile.mkdtemp(prefix="xmlrep.")
reports = []


def xml_safe(s):
    """what the reports make of config text: not-XML characters as '?'"""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "?", s)


def check_junit(path, findings, fail_on, what):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        return bad("%s: root is <%s>" % (what, root.tag))
    names = set()
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root:
        if suite.tag != "testsuite" or not suite.get("name"):
            return bad("%s: <%s> under testsuites" % (what, suite.tag))
        cases = suite.findall("testcase")
        count = {"tests": len(cases),
                 "failures": sum(1 for c in cases if c.find("failure") is not None),
                 "skipped": sum(1 for c in cases if c.find("skipped") is not None)}
        for k in count:
            if suite.get(k) != str(count[k]):
                bad("%s: testsuite %s says %s=%s, has %d" % (
                    what, suite.get("name"), k, suite.get(k), count[k]))
            total[k] += count[k]
        for c in cases:
            key = (c.get("classname"), c.get("name"))
            if None in key or key in names:
                bad("%s: testcase %s missing or twice" % (what, key))
            names.add(key)
            if c.get("file") != suite.get("name"):
                bad("%s: testcase %s file=%s" % (what, key, c.get("file")))
            f = c.find("failure")
            if f is None:
                continue
            if f.get("type") not in SEVERITIES or not f.get("message"):
                bad("%s: failure of %s: type=%s message=%s" % (
                    what, key, f.get("type"), f.get("message")))
            body = (f.text or "").strip().splitlines()
            rule = key[1].split()[0]
            want = [x for x in findings if x["rule"] == rule and
                    x["file"] == key[0] and not x["suppressed"] and
                    SEVERITIES.index(x["severity"]) >= fail_on]
            if len(body) != len(want) or not all(
                    line.startswith("%s:%d:%d: " % (x["file"], x["line"],
                                                    x["column"])
                                    if x["line"] else "%s: " % x["file"])
                    for line, x in zip(body, want)):
                bad("%s: failure body of %s: %s, want %d findings" % (
                    what, key, body[:2], len(want)))
    for k in total:
        if root.get(k) != str(total[k]):
            bad("%s: testsuites %s=%s, sum %d" % (what, k, root.get(k),
                                                  total[k]))
    failing = {(x["file"], x["rule"]) for x in findings
               if not x["suppressed"] and
               SEVERITIES.index(x["severity"]) >= fail_on}
    if total["failures"] != len(failing):
        bad("%s: %d failures, %d rules with findings at or above the gate"
            % (what, total["failures"], len(failing)))
    else:
        ok(what)


def check_checkstyle(path, findings, what):
    root = ET.parse(path).getroot()
    if root.tag != "checkstyle" or not root.get("version"):
        return bad("%s: root <%s>" % (what, root.tag))
    errors = []
    for f in root:
        if f.tag != "file" or not f.get("name"):
            return bad("%s: <%s> under checkstyle" % (what, f.tag))
        for e in f:
            if e.tag != "error":
                return bad("%s: <%s> under file" % (what, e.tag))
            errors.append((f.get("name"), e))
    want = [x for x in findings if not x["suppressed"]]
    if len(errors) != len(want):
        return bad("%s: %d errors for %d findings" % (what, len(errors),
                                                      len(want)))
    level = {"critical": "error", "high": "error", "medium": "warning",
             "low": "info", "info": "info"}
    for (name, e), x in zip(errors, want):
        got = (name, e.get("line"), e.get("severity"), e.get("source"))
        exp = (x["file"], str(x["line"]), level[x["severity"]],
               "mta-harden." + x["rule"])
        if got != exp or (x["line"] and e.get("column") != str(x["column"])):
            return bad("%s: error %s, expected %s" % (what, got, exp))
        if all(" " <= ch < "\x7f" and ch != "?" for ch in x["message"]) and \
                e.get("message") != xml_safe(x["message"]):
            return bad("%s: message %r, expected %r" % (
                what, e.get("message"), x["message"]))
    ok(what)


def run_reports(cmd, trees, opts, cwd, what, fail_on=0):
    n = len(reports)
    junit = os.path.join(tmp, "junit-%d.xml" % n)
    cs = os.path.join(tmp, "checkstyle-%d.xml" % n)
    r = subprocess.run([mh, cmd, "-q", "--fail-on", SEVERITIES[fail_on],
                        "-f", "json", "-f", "junit", "-o", junit,
                        "-f", "checkstyle", "-o", cs] + opts + trees,
                       cwd=cwd, capture_output=True, timeout=600)
    if r.returncode not in (0, 1):
        bad("%s: exit %d: %s" % (what, r.returncode, r.stderr[-400:]))
        return None
    reports.extend([junit, cs])
    findings = json.loads(r.stdout)["findings"]
    check_junit(junit, findings, fail_on, what + " junit")
    check_checkstyle(cs, findings, what + " checkstyle")
    return findings, junit, cs


# ---- the golden corpus, in a few runs ----
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(top, "tests", "integration"))
import corpus_groups

nruns = 0
for what, cwd, opts, trees in corpus_groups.groups(top, tmp):
    run_reports("check", trees, opts, cwd, "check " + what)
    nruns += 1
print("ok: the golden corpus in %d runs" % nruns)

# ---- hostile config text ----
hostile = os.path.join(tmp, "hostile", "etc", "postfix")
os.makedirs(hostile)
with open(os.path.join(hostile, "main.cf"), "wb") as f:
    f.write(b'# mta-harden: disable=vrfy-enabled -- "q" <b> & \x01 \xff\n'
            b'disable_vrfy_command = no\n'
            b'smtpd_banner = $myhostname ESMTP "Postfix" <x> & \'y\' \xff\xfe\x07 \xe2\x82 ]]> \x0c\n'
            b'myhostname = h\xc3\xa9\x1b[31m.example\n'
            b'mynetworks = 0.0.0.0/0\n'
            b'mydestination = \xed\xa0\x80 \xef\xbf\xbe\n')
for gate in (0, 2):
    res = run_reports("check", ["hostile"], [], tmp,
                      "hostile text, --fail-on " + SEVERITIES[gate], gate)
if res is not None:
    findings, junit, cs = res
    text = open(junit, "rb").read() + open(cs, "rb").read()
    try:
        text.decode("utf-8")
        ok("hostile: the reports are UTF-8")
    except UnicodeDecodeError as e:
        bad("hostile: not UTF-8: %s" % e)
    if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        bad("hostile: a control character in the XML")
    banner = [e for e in ET.parse(cs).getroot().iter("error")
              if e.get("source") == "mta-harden.MH104"]
    if banner and 'ESMTP "Postfix" <x> & \'y\' ??? ??' in \
            banner[0].get("message"):
        ok("hostile: quotes, <, & kept; bad bytes and controls as '?'")
    else:
        bad("hostile: banner message %r" % [b.get("message") for b in banner])
    skipped = [c for c in ET.parse(junit).getroot().iter("testcase")
               if c.find("skipped") is not None]
    if [c.get("name") for c in skipped] == ["MH101 vrfy-enabled"] and \
            skipped[0].find("skipped").get("message") == \
            'suppressed inline: "q" <b> & ? ?':
        ok("hostile: the suppressed rule is a skipped testcase, reason kept")
    else:
        bad("hostile: skipped %s" % [(c.get("name"), c.find("skipped")
                                      .attrib) for c in skipped])
    below = [c for c in ET.parse(junit).getroot().iter("testcase")
             if c.find("system-out") is not None and c.find("failure") is None]
    if below:
        ok("hostile: findings below --fail-on pass, listed in system-out")
    else:
        bad("hostile: no testcase with findings below the gate")

# fix writes the same reports
run_reports("fix", ["hostile"], [], tmp, "fix, hostile text")

# ---- xmllint: every report well-formed ----
r = subprocess.run(["xmllint", "--noout"] + reports, capture_output=True,
                   text=True)
if r.returncode == 0:
    print("ok: xmllint: %d reports well-formed" % len(reports))
    ok("xmllint")
else:
    bad("xmllint: %s" % r.stderr[-1500:])
# and xmllint sees what is not: a control character in an attribute
broken = os.path.join(tmp, "broken.xml")
with open(broken, "wb") as f:
    f.write(b'<?xml version="1.0"?><checkstyle><file name="\x01"/></checkstyle>')
if subprocess.run(["xmllint", "--noout", broken],
                  capture_output=True).returncode != 0:
    ok("xmllint rejects a control character")
else:
    bad("xmllint accepted a control character")
shutil.rmtree(tmp)
finish()
PY
