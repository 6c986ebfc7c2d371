#!/bin/sh
# inputs.sh - what every command does with input it cannot or must not
# use: a config, map or list that is a symbolic link out of the tree is
# not opened (an info finding MH002 names it, strace shows no open of
# the target, and no byte of it reaches any report, message or copy;
# --follow-links reads it); a file a reader refuses, or one that cannot be
# read, is an error under "errors" and on stderr while everything else is
# still read and reported, with exit status 2 and no finding made up from
# the missing file; paths given with doubled slashes, "." parts or a
# trailing slash mean the same tree to every command.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"	# the unreadable-file cases run as nobody, who must get in
trap 'rm -rf "$tmp"' EXIT INT TERM
for tool in python3 strace setpriv xmllint; do
	command -v "$tool" >/dev/null ||
	    { echo "inputs: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done
exec python3 - "$MH_BIN" "$top" "$tmp" <<'PY'
import json, os, re, shutil, subprocess, sys

mh, top, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
os.chdir(tmp)
passed, failed = 0, 0
ROOT = os.geteuid() == 0
MARK = "sentinel-of-a-file-outside-the-tree"

def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("not ok: " + what)
    return cond

def run(args, nobody=False, trace=None):
    argv = [mh] + args
    env = dict(os.environ)
    if trace is not None:
        argv = ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,stat,"
                "newfstatat,lstat,statx", "-o", trace] + argv
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    if nobody:
        argv = ["setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"] + argv
    p = subprocess.run(argv, capture_output=True, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")

def copy(src, dst):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(os.path.join(top, src), dst, symlinks=True)

def findings(out):
    try:
        return json.loads(out)["findings"]
    except (ValueError, KeyError):
        ok(False, "not a JSON report: %r" % out[:200])
        return []

os.mkdir("outside")
secret = os.path.join(tmp, "outside", "secret")
with open(secret, "w") as f:
    f.write("%s = yes\nmyhostname = %s.example\n" % (MARK, MARK))
os.chmod(secret, 0o644)

FORMATS = ["text", "gcc", "json", "sarif", "junit", "checkstyle"]

def no_leak(label, tree, args, paths, want_unread):
    """every command and format on a tree with a link out of it: the
    target is never opened, never shown; MH002 names the link"""
    for fmt in FORMATS:
        rc, out, err = run(["check", "-f", fmt] + args + paths)
        ok(rc in (0, 1), "%s: check -f %s: exit %d: %s" % (label, fmt, rc, err[-300:]))
        ok(MARK not in out + err, "%s: check -f %s shows the target's text" % (label, fmt))
        if fmt in ("junit", "checkstyle"):
            with open("doc.xml", "w") as f:
                f.write(out)
            ok(subprocess.run(["xmllint", "--noout", "doc.xml"]).returncode == 0,
               "%s: check -f %s is not XML" % (label, fmt))
        elif fmt in ("json", "sarif"):
            try:
                doc = json.loads(out)
            except ValueError:
                ok(False, "%s: check -f %s is not JSON" % (label, fmt))
                continue
            if fmt == "json":
                msgs = [f["message"] for f in doc["findings"] if f["rule"] == "MH002"]
                for u in want_unread:
                    ok(any(u + " was not read: a symbolic link that leads out of the tree" in m
                           for m in msgs), "%s: no MH002 finding for %s: %s" % (label, u, msgs))
    for cmd in (["show"], ["show", "-f", "json"], ["fix"], ["fix", "-f", "json"],
                ["fix", "--output", "out-" + label]):
        rc, out, err = run(cmd + args + paths)
        ok(rc in (0, 1), "%s: %s: exit %d: %s" % (label, " ".join(cmd), rc, err[-300:]))
        ok(MARK not in out + err, "%s: %s shows the target's text" % (label, " ".join(cmd)))
    for d, _, names in os.walk("out-" + label):
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                ok(MARK.encode() not in f.read(),
                   "%s: fix --output copied the target into %s" % (label, os.path.join(d, n)))
    shutil.rmtree("out-" + label, ignore_errors=True)
    for cmd in (["check"], ["show"], ["fix"]):
        rc, out, err = run(cmd + args + paths, trace="trace")
        with open("trace") as f:
            opened = [l for l in f if secret in l]
        ok(not opened, "%s: %s opened or looked at the target: %s" % (label, cmd[0], opened[:2]))
    with open(secret) as f:
        ok(MARK in f.read(), "%s: the target changed" % label)

# ---- a main config that is a link out of the tree ----
copy("examples/postfix-insecure/etc", "pf/etc")
os.unlink("pf/etc/postfix/main.cf")
os.symlink(secret, "pf/etc/postfix/main.cf")
no_leak("main.cf", "pf", [], ["pf/etc/postfix"], ["pf/etc/postfix/main.cf"])
rc, out, err = run(["check", "-f", "json", "pf/etc/postfix"])
fs = findings(out)
ok([f["rule"] for f in fs] == ["MH002"] and fs[0]["severity"] == "info" and
   fs[0]["line"] == 0 and fs[0]["file"] == "pf/etc/postfix/main.cf",
   "main.cf out of the tree: only the MH002 finding, for the whole file: %s" % fs)
ok("nothing else of this configuration was checked" in fs[0]["message"] if fs else False,
   "main.cf out of the tree: the finding says nothing else was checked")
rc, out, err = run(["fix", "--write", "pf/etc/postfix"])
ok(rc == 0 and os.path.islink("pf/etc/postfix/main.cf"),
   "main.cf out of the tree: fix --write: exit %d, link kept: %s" % (rc, err))
# --follow-links: read (and then the tree's findings are about it)
rc, out, err = run(["check", "-f", "json", "--follow-links", "pf/etc/postfix"])
ok(rc in (0, 1) and any(MARK in f["message"] for f in findings(out)),
   "--follow-links reads the link out of the tree: exit %d %s" % (rc, err[-200:]))
rc, out, err = run(["show", "--follow-links", "pf/etc/postfix"])
ok(rc == 0 and MARK in out, "show --follow-links reads the link out of the tree")

# sendmail.mc out of the tree (an absolute link), and the .cf beside it
copy("examples/sendmail-insecure/etc", "sm/etc")
os.unlink("sm/etc/mail/sendmail.mc")
os.symlink(secret, "sm/etc/mail/sendmail.mc")
no_leak("sendmail.mc", "sm", [], ["sm"], ["sm/etc/mail/sendmail.mc"])

# ---- maps and lists that are links out of the tree: the rest is checked ----
copy("examples/sendmail-insecure/etc", "smaps/etc")
for name in ("aliases", "access", "relay-domains"):
    p = os.path.join("smaps/etc/mail", name)
    os.unlink(p)
    os.symlink(secret, p)
no_leak("maps", "smaps", [], ["smaps"],
        ["smaps/etc/mail/aliases", "smaps/etc/mail/access", "smaps/etc/mail/relay-domains"])
rc, out, err = run(["check", "-f", "json", "smaps"])
rules = {f["rule"] for f in findings(out)}
ok("MH101" in rules and "MH104" in rules,
   "maps out of the tree: the .mc is still checked: %s" % sorted(rules))
ok(not any(f["rule"] in ("MH501", "MH502", "MH503", "MH504", "MH505", "MH401")
           for f in findings(out)), "maps out of the tree: findings about the maps not read")

# a directory of the tree that leads out of it
os.makedirs("dirlink")
shutil.copytree(os.path.join(top, "examples/postfix-insecure/etc/postfix"),
                "outside/postfix")
with open("outside/postfix/main.cf", "a") as f:
    f.write("# %s\n" % MARK)
os.makedirs("dirlink/etc")
os.symlink(os.path.join(tmp, "outside/postfix"), "dirlink/etc/postfix")
rc, out, err = run(["check", "-f", "json", "dirlink"])
ok(rc == 0 and MARK not in out + err and
   {f["file"] for f in findings(out)} == {"dirlink/etc/postfix/main.cf", "dirlink/etc/postfix/master.cf"},
   "a directory link out of the tree: main.cf and master.cf not read: %d %s" % (rc, out[-300:]))
# ... but a PATH that is itself a link is the tree
rc, out, err = run(["check", "-f", "json", "dirlink/etc/postfix"])
ok(rc == 1 and any(f["rule"] == "MH201" for f in findings(out)),
   "a PATH that is a link is read: exit %d" % rc)

# links that stay inside the tree still work
copy("examples/postfix-insecure/etc", "inside/etc")
os.makedirs("inside/etc/postfix/real")
os.rename("inside/etc/postfix/main.cf", "inside/etc/postfix/real/main.cf")
os.symlink("real/main.cf", "inside/etc/postfix/main.cf")
os.rename("inside/etc/aliases", "inside/etc/aliases.real")
os.symlink("aliases.real", "inside/etc/aliases")
rc_in, out_in, _ = run(["check", "-f", "json", "inside/etc/postfix"])
copy("examples/postfix-insecure/etc", "plain/etc")
rc_pl, out_pl, _ = run(["check", "-f", "json", "plain/etc/postfix"])
strip = lambda fs: sorted((f["rule"], f["line"], f["message"].replace("inside/", "").replace("plain/", ""))
                          for f in fs)
ok(rc_in == rc_pl and strip(findings(out_in)) == strip(findings(out_pl)),
   "links inside the tree: the same findings as without them")

# ---- refused and unreadable input: the rest is still read, exit 2 ----
os.makedirs("refused/etc/postfix")
with open("refused/etc/postfix/main.cf", "w") as f:
    f.write("myhostname = mx.example.org\nthis line has no equals sign\n")
for fmt in FORMATS:
    rc, out, err = run(["check", "-f", fmt, "refused/etc/postfix",
                        os.path.join(top, "examples/sendmail-insecure")])
    ok(rc == 2, "refused main.cf beside a good tree: -f %s: exit %d" % (fmt, rc))
    ok("refused/etc/postfix/main.cf:2:1: missing '=' after parameter name" in err,
       "refused main.cf: the message on stderr: %s" % err[-300:])
    if fmt == "json":
        d = json.loads(out)
        ok(not any(f["file"].startswith("refused/") for f in d["findings"]),
           "refused main.cf: findings made up from the missing model: %s" %
           [f for f in d["findings"] if f["file"].startswith("refused/")][:2])
        ok(any(f["rule"] == "MH101" and "sendmail-insecure" in f["file"] for f in d["findings"]),
           "refused main.cf: the other tree's findings stay")
        ok([(e["file"], e["line"], e["column"]) for e in d["errors"]] ==
           [("refused/etc/postfix/main.cf", 2, 1)], "refused main.cf: errors: %s" % d["errors"])
    elif fmt == "sarif":
        inv = json.loads(out)["runs"][0].get("invocations", [{}])[0]
        ok(inv.get("executionSuccessful") is False and
           len(inv.get("toolExecutionNotifications", [])) == 1,
           "refused main.cf: SARIF invocation: %s" % inv)
    elif fmt in ("junit", "checkstyle"):
        with open("doc.xml", "w") as f:
            f.write(out)
        ok(subprocess.run(["xmllint", "--noout", "doc.xml"]).returncode == 0 and
           "refused/etc/postfix/main.cf" in out, "refused main.cf: -f %s: a valid document naming it" % fmt)
    else:
        ok("sendmail-insecure" in out, "refused main.cf: -f %s: the other tree's findings" % fmt)
# no report file on exit 2; show and fix
rc, out, err = run(["check", "-f", "json", "-o", "report.json", "refused/etc/postfix"])
ok(rc == 2 and not os.path.exists("report.json"), "exit 2: no report file written")
rc, out, err = run(["show", "refused/etc/postfix", os.path.join(top, "examples/sendmail-insecure")])
ok(rc == 2 and "sendmail in" in out and "refused/etc/postfix" not in out,
   "show: a refused main.cf is an error, the other tree is shown: exit %d" % rc)
copy("examples/postfix-insecure/etc", "fixme/etc")
before = open("fixme/etc/postfix/main.cf").read()
rc, out, err = run(["fix", "--write", "refused/etc/postfix", "fixme/etc/postfix"])
ok(rc == 2 and open("fixme/etc/postfix/main.cf").read() == before and
   not os.path.exists("fixme/etc/postfix/main.cf.orig"),
   "fix --write with a refused tree: exit %d, nothing written" % rc)

if ROOT:
    for src, tree, path, rel in (("examples/sendmail-insecure/etc", "unr-sm", "unr-sm", "etc/mail/aliases"),
                                 ("examples/postfix-insecure/etc", "unr-pf", "unr-pf/etc/postfix", "etc/aliases")):
        copy(src, tree + "/etc")
        for d, dirs, names in os.walk(tree):
            os.chmod(d, 0o755)
            for n in names:
                os.chmod(os.path.join(d, n), 0o644)
        os.chmod(os.path.join(tree, rel), 0o600)
        rc_all, out_all, _ = run(["check", "-f", "json", path])
        for fmt in FORMATS:
            rc, out, err = run(["check", "-f", fmt, path], nobody=True)
            ok(rc == 2, "unreadable %s: -f %s: exit %d" % (rel, fmt, rc))
            ok("%s/%s: cannot read: Permission denied" % (tree, rel) in err,
               "unreadable %s: stderr: %s" % (rel, err[-300:]))
            if fmt == "json":
                d = json.loads(out)
                ok(d["errors"] == [{"file": "%s/%s" % (tree, rel), "line": 0, "column": 0,
                                    "message": "%s/%s: cannot read: Permission denied" % (tree, rel)}],
                   "unreadable %s: errors: %s" % (rel, d["errors"]))
                others = {(f["rule"], f["file"]) for f in findings(out_all)
                          if not f["file"].endswith(rel) and f["rule"] not in
                          ("MH501", "MH502", "MH503", "MH504", "MH505", "MH506", "MH802")}
                got = {(f["rule"], f["file"]) for f in d["findings"]}
                ok(others <= got, "unreadable %s: findings about the rest are missing: %s" %
                   (rel, sorted(others - got)[:4]))
                ok(not any(f["file"].endswith(rel) for f in d["findings"]),
                   "unreadable %s: findings about the unreadable file" % rel)
            elif fmt == "sarif":
                json.loads(out)
            elif fmt in ("junit", "checkstyle"):
                with open("doc.xml", "w") as f:
                    f.write(out)
                ok(subprocess.run(["xmllint", "--noout", "doc.xml"]).returncode == 0,
                   "unreadable %s: -f %s is not XML" % (rel, fmt))
            else:
                ok(re.search(r"MH10[14]", out), "unreadable %s: -f %s: no findings on stdout" % (rel, fmt))
else:
    ok(False, "the unreadable-file cases need root (to run as nobody)")

# ---- paths: "a//b/./c/" is "a/b/c" for every command ----
copy("examples/postfix-insecure/etc", "img/etc")
rc1, out1, _ = run(["check", "-f", "json", "img/etc/postfix"])
rc2, out2, _ = run(["check", "-f", "json", "img//etc/./postfix/"])
ok(rc1 == rc2 and out1 == out2, "check: a doubled slash, '.' and a trailing slash change the report")
rc1, out1, _ = run(["show", "-f", "json", "img/etc/postfix"])
rc2, out2, _ = run(["show", "-f", "json", "--root", "img//", "img//etc/postfix"])
ok(rc1 == rc2 and out1 == out2, "show: an untidy PATH or --root changes what is read")
rc, out, err = run(["fix", "--output", "OUT//", "img//etc/postfix"])
ok(rc in (0, 1) and os.path.isfile("OUT/etc/postfix/main.cf") and os.path.isfile("OUT/etc/aliases"),
   "fix --output OUT img//etc/postfix: exit %d: %s" % (rc, err[-300:]))
rc2, out2, err2 = run(["fix", "--output", "OUT2", "img/etc/postfix"])
same = all(open(os.path.join("OUT", r)).read() == open(os.path.join("OUT2", r)).read()
           for r in ("etc/postfix/main.cf", "etc/postfix/master.cf", "etc/aliases"))
ok(rc == rc2 and same, "fix --output: an untidy PATH gives the same copy")
rc, out, err = run(["fix", "--steps", "steps//x.sh", "img/./etc/postfix"]) if os.makedirs("steps") is None else (0, "", "")
ok(rc in (0, 1) and os.path.isfile("steps/x.sh"), "fix --steps with a doubled slash: exit %d %s" % (rc, err))

print("inputs: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
