#!/bin/sh
# m4-agreement.sh - does mta-harden predict, from a .mc alone, the options
# m4 writes into the generated .cf? Ground truth is GNU m4 with the
# installed sendmail-cf (mta-harden itself never runs m4).
#
# usage: MH_BIN=/abs/path/mta-harden sh tests/integration/m4-agreement.sh
#        sh tests/integration/m4-agreement.sh --m4-only   (the .mc files
#           against m4 alone: each one builds and writes options)
#
# For every .mc in $CF/cf/*.mc, $CF/debian/sendmail.mc and submit.mc, and
# tests/corpus/sendmail-mc/*.mc ($CF: MH_SENDMAIL_CF, default
# /usr/share/sendmail/cf):
#   1. m4 builds the .cf in a temporary directory, run in the .mc's own
#      directory (so its relative includes resolve): `m4 X.mc` when the
#      .mc includes cf.m4 itself, else `m4 $CF/m4/cf.m4 X.mc`. m4's
#      stderr is kept; m4 errors are not fatal (m4 goes on too).
#   2. `$MH_BIN show --format json X.mc` gives our prediction:
#      {"mtas":[{"mta":"sendmail","settings":{NAME:{"value":…,"raw":…,
#      "source":"file"|"default","written_as":…,…},…}}]}.
#   3. For each security-relevant option (OPTIONS below) and each
#      feature that changes relaying (FEATURES below):
#      - option in the .cf: ours must exist with the same value (raw if
#        present, else value). PrivacyOptions: the same set of flags (all
#        O lines together); DaemonPortOptions: the same list of lines, in
#        order (ours as a JSON list, or one string with a line each);
#        every other option: the same string (the last O line).
#      - option not in the .cf: ours must be absent, or come from the
#        sendmail binary's defaults (no "written_as": not a claim that
#        the .cf holds it).
#      - features: the .cf names every feature file m4 read in a
#        "#####  $Id: NAME.m4,v …" line; the relay features among them
#        must be exactly the FEATURE(NAME) settings ours has.
# A .mc passes when every comparison agrees. Prints one line per
# mismatch, and last "m4-agreement: N passed, M failed"; exits 1 on any
# failure, also when MH_BIN, m4, python3 or sendmail-cf is missing
# (never skips).

CF=${MH_SENDMAIL_CF:-/usr/share/sendmail/cf}

fail() {
	echo "m4-agreement: error: $*"
	echo "m4-agreement: 0 passed, 1 failed"
	exit 1
}

mode=compare
case "${1:-}" in
--m4-only) mode=m4-only ;;
"") ;;
*) fail "unknown argument '$1' (only --m4-only)" ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd) || fail "cannot find the repository top"
for tool in m4 python3; do
	command -v "$tool" >/dev/null 2>&1 ||
	    fail "'$tool' not found in PATH (required; not skipping)"
done
[ -f "$CF/m4/cf.m4" ] && [ -d "$CF/cf" ] ||
    fail "sendmail-cf not found at $CF (install sendmail-cf; not skipping)"
if [ "$mode" = compare ]; then
	[ -n "${MH_BIN:-}" ] ||
	    fail "MH_BIN is not set (absolute path of the built mta-harden)"
	if [ ! -f "$MH_BIN" ] || [ ! -x "$MH_BIN" ]; then
		fail "MH_BIN '$MH_BIN' is not an executable file (build it first)"
	fi
fi

exec python3 - "$mode" "$top" "$CF" "${MH_BIN:-}" <<'PYTHON'
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MODE, TOP, CF, MH_BIN = sys.argv[1:5]
TIMEOUT = 120

OPTIONS = [
    "PrivacyOptions", "SmtpGreetingMessage", "MaxMessageSize", "HelpFile",
    "DaemonPortOptions", "MaxHeadersLength", "MaxMimeHeaderLength",
    "MaxRecipientsPerMessage", "ConnectionRateThrottle", "MaxDaemonChildren",
    "RunAsUser", "DefaultUser", "TrustedUser", "DontBlameSendmail",
    "SafeFileEnvironment", "ForwardPath", "AuthOptions", "AuthMechanisms",
    "LogLevel", "StatusFile", "InputMailFilters", "ServerCertFile",
    "ServerKeyFile", "CipherList", "ServerSSLOptions", "AliasFile",
    "BadRcptThrottle", "ConnectionRateWindowSize", "ClientPortOptions",
    "TLSSrvOptions", "CACertFile", "AllowBogusHELO", "MaxNOOPCommands",
]
FEATURES = {
    "promiscuous_relay", "relay_entire_domain", "relay_based_on_MX",
    "relay_hosts_only", "loose_relay_check", "relay_local_from",
    "relay_mail_from", "accept_unqualified_senders",
    "accept_unresolvable_domains", "access_db", "blocklist_recipients",
    "blacklist_recipients", "dnsbl", "enhdnsbl", "smrsh", "no_default_msa",
    "use_cw_file", "use_ct_file", "greet_pause", "ratecontrol",
    "conncontrol", "delay_checks", "nouucp", "bestmx_is_local", "drac",
    "nullclient", "msp", "require_rdns", "block_bad_helo", "badmx",
}
ACCUMULATE = {"PrivacyOptions", "DaemonPortOptions", "ClientPortOptions"}
ID_LINE = re.compile(r"^#####  \$Id: ([A-Za-z0-9_.\-]+)\.m4,v ")
FLAG_SPLIT = re.compile(r"[\s,;:]+")

passed = 0
failed = 0


def out(msg):
    print(msg)
    sys.stdout.flush()


def note(msg):
    print("m4-agreement: note: " + msg, file=sys.stderr)


def self_includes_cf(text):
    return re.search(r"^[ \t]*s?include\([^)\n]*cf\.m4", text, re.M) is not None


def m4_build(mc, tmp):
    """Generate the .cf with m4; return (cf text, stderr, exit status)."""
    with open(mc, encoding="latin-1") as f:
        text = f.read()
    args = ["m4", mc] if self_includes_cf(text) else \
        ["m4", os.path.join(CF, "m4", "cf.m4"), mc]
    cf_path = os.path.join(tmp, os.path.basename(mc)[:-3] + ".cf")
    with open(cf_path, "wb") as cf, \
            open(cf_path + ".m4err", "wb") as err:
        r = subprocess.run(args, cwd=os.path.dirname(mc), stdout=cf,
                           stderr=err, stdin=subprocess.DEVNULL,
                           timeout=TIMEOUT)
    with open(cf_path, encoding="latin-1") as f:
        cf_text = f.read()
    with open(cf_path + ".m4err", encoding="latin-1") as f:
        err_text = f.read()
    return cf_text, err_text, r.returncode


def cf_truth(cf_text):
    """O lines (name -> list of values, in order) and feature files read."""
    opts, feats = {}, set()
    for line in cf_text.splitlines():
        if line.startswith("O "):
            body = line[2:]
            name, _, value = body.partition("=")
            opts.setdefault(name.strip(), []).append(value)
            continue
        m = ID_LINE.match(line)
        if m:
            feats.add(m.group(1))
    return opts, feats & FEATURES


def our_show(path):
    """the sendmail entry of `show` on a file or directory, or raise."""
    try:
        r = subprocess.run([MH_BIN, "show", "--format", "json", path],
                           capture_output=True, text=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise RuntimeError("mta-harden show timed out")
    if r.returncode != 0:
        first = (r.stderr.strip().splitlines() or ["(no message)"])[0]
        raise RuntimeError("mta-harden show exited %d: %s" %
                           (r.returncode, first))
    try:
        doc = json.loads(r.stdout)
    except ValueError as e:
        raise RuntimeError("mta-harden show printed no valid JSON: %s" % e)
    for mta in doc.get("mtas", []):
        if mta.get("mta") == "sendmail":
            return mta
    raise RuntimeError("mta-harden show reports no sendmail MTA for %s" %
                       path)


def our_prediction(mc):
    return our_show(mc).get("settings", {})


# What our .cf reader must never say about a .cf that m4 generated.
CF_ERRORS = {"unknown-line", "unknown-option", "bad-name", "bad-class-file",
             "bad-map", "bad-version", "bad-mailer", "bad-milter",
             "ignored-suboption"}


def our_cf_reading(cf_text, tmp):
    """show on the generated .cf, as sendmail.cf in a directory of its own."""
    d = tempfile.mkdtemp(dir=tmp)
    with open(os.path.join(d, "sendmail.cf"), "w", encoding="latin-1") as f:
        f.write(cf_text)
    m = our_show(os.path.join(d, "sendmail.cf"))
    errors = [(n.get("line"), "%s: %s" % (n.get("code"), n.get("message")))
              for n in m.get("notes", []) if n.get("code") in CF_ERRORS]
    return m.get("settings", {}), errors


def sendmail_binary():
    """the real sendmail, unpacked by scripts/fetch-sendmail.sh"""
    r = subprocess.run(["sh", os.path.join(TOP, "scripts",
                        "fetch-sendmail.sh")], capture_output=True,
                       text=True, timeout=600, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        raise SystemExit("m4-agreement: error: cannot fetch sendmail: %s\n"
                         "m4-agreement: 0 passed, 1 failed" %
                         r.stderr.strip())
    return r.stdout.strip()


def sendmail_loads(binary, cf_text, tmp):
    """load a .cf with the real binary; return its complaints"""
    d = tempfile.mkdtemp(dir=tmp)
    os.chmod(d, 0o755)
    path = os.path.join(d, "sendmail.cf")
    with open(path, "w", encoding="latin-1") as f:
        f.write(cf_text)
    r = subprocess.run(["unshare", "--uts", "sh", "-c",
                        'hostname mx.example.com && exec timeout 30 "$1" '
                        '-C "$2" -bt -d0.1 </dev/null', "sh", binary, path],
                       capture_output=True, text=True, timeout=60)
    text = r.stdout + r.stderr
    complaints = []
    for l in text.splitlines():
        # users named in options exist on the target, not on this host
        if "unknown user" in l:
            continue
        if "unknown configuration line" in l or "unknown option" in l or \
                "readcf:" in l:
            m = re.search(r": line (\d+): ", l)
            complaints.append((int(m.group(1)) if m else None, l))
    return complaints


def our_values(entry):
    """Every value an entry stands for, as a list of strings."""
    for key in ("values", "raw", "value"):
        v = entry.get(key)
        if isinstance(v, list):
            return [str(x) for x in v]
    v = entry.get("raw", entry.get("value"))
    if v is None:
        return []
    return str(v).split("\n")


def flags(values):
    return sorted({w.lower() for v in values for w in FLAG_SPLIT.split(v) if w})


def compare(case, settings, opts, feats):
    bad = []
    for name in OPTIONS:
        theirs = opts.get(name)
        entry = settings.get(name)
        if theirs is None:
            if entry is not None and entry.get("written_as"):
                bad.append("%s: the .cf has no such option, ours says %s "
                           "(from %s)" % (name, json.dumps(entry.get("raw",
                           entry.get("value"))), entry.get("written_as")))
            continue
        if entry is None:
            bad.append("%s: missing, the .cf has %s" %
                       (name, json.dumps(theirs)))
            continue
        ours = our_values(entry)
        if name == "PrivacyOptions":
            if flags(ours) != flags(theirs):
                bad.append("%s: ours %s, m4 %s" % (name, flags(ours),
                                                   flags(theirs)))
        elif name in ACCUMULATE:
            if ours != theirs:
                bad.append("%s: ours %s, m4 %s" % (name, json.dumps(ours),
                                                   json.dumps(theirs)))
        else:
            mine = entry.get("raw", entry.get("value"))
            if mine != theirs[-1]:
                bad.append("%s: ours %s, m4 %s" % (name, json.dumps(mine),
                                                   json.dumps(theirs[-1])))
    ours_f = {k[len("FEATURE("):-1] for k in settings
              if k.startswith("FEATURE(") and k.endswith(")")} & FEATURES
    if ours_f != feats:
        bad.append("features: ours %s, m4 read %s" %
                   (sorted(ours_f), sorted(feats)))
    return bad


def cases():
    files = sorted(glob.glob(os.path.join(CF, "cf", "*.mc")))
    for extra in ("sendmail.mc", "submit.mc"):
        p = os.path.join(CF, "debian", extra)
        if os.path.exists(p):
            files.append(p)
        else:
            note("%s not found (Debian's sendmail-cf has it)" % p)
    corpus = sorted(glob.glob(os.path.join(TOP, "tests", "corpus",
                                           "sendmail-mc", "*.mc")))
    if len(corpus) < 15:
        raise SystemExit("m4-agreement: error: only %d corpus files in "
                         "tests/corpus/sendmail-mc\nm4-agreement: 0 passed, "
                         "1 failed" % len(corpus))
    return files + corpus


tmp = tempfile.mkdtemp(prefix="m4-agree.", dir=os.path.join(TOP, "build")
                       if os.path.isdir(os.path.join(TOP, "build")) else None)
os.chmod(tmp, 0o755)
show_missing = 0
binary = sendmail_binary() if MODE == "compare" else None
try:
    for mc in cases():
        case = os.path.relpath(mc, TOP) if mc.startswith(TOP) else mc
        try:
            cf_text, err_text, rc = m4_build(mc, tmp)
        except (OSError, subprocess.SubprocessError) as e:
            failed += 1
            out("FAIL %s: m4 did not run: %s" % (case, e))
            continue
        opts, feats = cf_truth(cf_text)
        if err_text.strip():
            note("%s: m4 says: %s" % (case, " | ".join(
                err_text.strip().splitlines()[:3])))
        if not opts:
            failed += 1
            out("FAIL %s: m4 wrote no O lines (exit %d)" % (case, rc))
            continue
        if MODE == "m4-only":
            if mc.startswith(TOP) and rc != 0:
                failed += 1
                out("FAIL %s: m4 exits %d: %s" % (case, rc,
                                                  err_text.strip()))
            else:
                passed += 1
            continue
        try:
            settings = our_prediction(mc)
        except RuntimeError as e:
            failed += 1
            show_missing += 1
            out("FAIL %s: %s" % (case, e))
            continue
        bad = compare(case, settings, opts, feats)
        # show on the generated .cf: read without error, and the same
        # security options as show on the .mc predicted.
        try:
            cf_settings, cf_errors = our_cf_reading(cf_text, tmp)
        except RuntimeError as e:
            cf_settings, cf_errors = {}, [str(e)]
        # where sendmail itself refuses a line, our reader must say so too
        theirs_lines = set()
        if mc.startswith(TOP):
            complaints = sendmail_loads(binary, cf_text, tmp)
            theirs_lines = {n for n, _ in complaints}
            # sendmail names the last physical line of a folded logical
            # line, we name its first: map ours onto the last
            lines = cf_text.split("\n")

            def last_of(n):
                while n is not None and n < len(lines) and \
                        lines[n][:1] in (" ", "\t"):
                    n += 1
                return n
            ours_lines = {last_of(n) for n, _ in cf_errors}
            if ours_lines != theirs_lines:
                bad += ["sendmail -bt: %s" % l for _, l in complaints]
                bad += ["our .cf reader: line %s: %s" % e for e in cf_errors]
        elif cf_errors:
            bad += ["our .cf reader: line %s: %s" % e for e in cf_errors]
        for name in OPTIONS:
            a, b = settings.get(name), cf_settings.get(name)
            if b is None or b.get("source") != "file":
                continue
            if a is None or our_values(a) != our_values(b):
                if name == "PrivacyOptions" and a is not None and \
                        flags(our_values(a)) == flags(our_values(b)):
                    continue
                bad.append("%s: show on the .mc %s, show on the .cf %s" % (
                    name, json.dumps(a and our_values(a)),
                    json.dumps(our_values(b))))
        if bad:
            failed += 1
            for b in bad:
                out("MISMATCH %s: %s" % (case, b))
        else:
            passed += 1
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if show_missing:
    out("m4-agreement: %d .mc files could not be read by `%s show`: the "
        "comparison did not happen for them" % (show_missing, MH_BIN))
out("m4-agreement: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYTHON
