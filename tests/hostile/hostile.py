#!/usr/bin/env python3
"""hostile.py - the hostile-input suite: hundreds of generated inputs
(binary, NUL bytes, invalid UTF-8, CR and CRLF, huge lines, millions of
lines, deep nesting, expansion loops and bombs, include cycles, paths out
of the tree, links, FIFOs, devices, unreadable files, directories, huge
numbers, YAML bombs, wrong types), each with its expected exit code and
message. Every run is bounded in time and memory, writes nothing, keeps
--format json a valid document, and opens nothing outside the tree.

usage: hostile.py MH_BIN WORKDIR [NAME-PART,...]  (only the cases so named)"""
import json, os, random, re, resource, shutil, signal, stat, subprocess, sys, time

MH, WORK = sys.argv[1], sys.argv[2]
FILTERS = [f for f in (sys.argv[3] if len(sys.argv) > 3 else "").split(",") if f]
TIMEOUT = float(os.environ.get("MH_HOSTILE_TIMEOUT", "60"))
with open(MH, "rb") as f:
    head = f.read()
IS_ELF = head[:4] == b"\x7fELF"     # not a wrapper (valgrind) that execs more
PLAIN_ELF = IS_ELF and b"__asan_init" not in head
del head
# CPU seconds one run may take (check, check -f json, show, fix), user and
# system, counted by the kernel for that process alone: a bound that a
# busy machine does not move, unlike the wall-clock TIMEOUT, which only
# stops a hang. A sanitizer build is some three times slower; under
# valgrind (a wrapper, not an ELF) the bound is not kept.
CPU_LIMIT = float(os.environ.get("MH_HOSTILE_CPU", "10"))
AS_LIMIT = 2 << 30          # address space of a plain build
RSS_LIMIT = 1 << 30         # resident memory of a plain build
ROOT = os.geteuid() == 0
rnd = random.Random(7)

PF, SM = "etc/postfix", "etc/mail"
SM_CF = b"V10/Berkeley\nO AliasFile=/etc/mail/aliases\nFw/etc/mail/local-host-names\nFR-o /etc/mail/relay-domains\n"
BASE = {
    "main.cf": (PF, b"myhostname = mx.example.com\nmynetworks = 127.0.0.0/8\nsmtpd_banner = $myhostname ESMTP\n"),
    "master.cf": (PF, b"smtp      inet  n       -       y       -       -       smtpd\n  -o smtpd_tls_security_level=may\n"),
    "sendmail.cf": (SM, SM_CF + b"O PrivacyOptions=goaway\nO MaxMessageSize=1000000\n"),
    "sendmail.mc": (SM, b"divert(-1)dnl\ndivert(0)dnl\nOSTYPE(`linux')dnl\ndefine(`confPRIVACY_FLAGS', `goaway')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"),
    "access": (SM, b"localhost\tRELAY\n127.0.0.1\tRELAY\nspam.example\tREJECT\n"),
    "aliases": (SM, b"postmaster: root\nabuse: root\nlist: a, b, \"c d\"\n"),
    "relay-domains": (SM, b"example.com\nexample.net\n"),
    "local-host-names": (SM, b"mx.example.com\nexample.com\n"),
}
MAIN_CONFIGS = ("main.cf", "master.cf", "sendmail.cf", "sendmail.mc")

cases = []

def case(name, files, codes, err=None, args=(), path=None, fix=True,
         no_read=(), heavy=False, out=None, cpu=None):
    """files: {relpath: bytes | ("fifo",) | ("dir",) | ("link", target) | ("mode", m, bytes)};
    cpu: CPU seconds a run of a plain build may take (CPU_LIMIT if None)"""
    cases.append(dict(name=name, files=files, codes=set(codes), err=err,
                      args=list(args), path=path, fix=fix, no_read=no_read,
                      heavy=heavy, out=out, cpu=cpu))

def tree_for(kind, content):
    """the tree of one file kind with the given content, beside what it needs"""
    d, _ = BASE[kind]
    files = {os.path.join(d, kind): content}
    if d == SM and kind not in ("sendmail.cf", "sendmail.mc"):
        files[os.path.join(SM, "sendmail.cf")] = SM_CF
    return files

def esc(kind):
    return re.escape(os.path.join(BASE[kind][0], kind))

# ---- every file kind, every kind of hostile bytes ----
for kind, (d, good) in BASE.items():
    where = esc(kind)
    lines = good.splitlines(keepends=True)
    gen = {
        "empty": (b"", {0, 1}),
        "newline-only": (b"\n", {0, 1}),
        "binary": (bytes(rnd.randrange(256) for _ in range(4096)), {0, 1, 2}),
        "nul-bytes": (good.replace(b" ", b" \0", 2) + b"\0\0\0\n", {0, 1, 2}),
        "invalid-utf8": (good + b"x\xff\xfe\xc3\x28 = \xa0\xa1\n", {0, 1, 2}),
        "crlf": (good.replace(b"\n", b"\r\n"), {0, 1, 2}),
        "lone-cr": (good.replace(b"\n", b"\r"), {0, 1, 2}),
        "no-final-newline": (good.rstrip(b"\n"), {0, 1}),
        "comments-only": (b"# a\n# b\n\n", {0, 1}),
        "garbage-lines": (b"".join(bytes(rnd.randrange(32, 127) for _ in range(rnd.randrange(1, 80))) + b"\n" for _ in range(200)), {0, 1, 2}),
        "unterminated-quote": (good + b"x = \"never closed `never closed\n", {0, 1, 2}),
        "long-key": (b"k" * 100000 + b" = v\n" + good, {0, 1, 2}),
        "line-under-limit": (good + b"x" * 1000000 + b"\n", {0, 1, 2}),
        "deep-parens": (good + b"(" * 100000 + b"\n", {0, 1, 2}),
        "deep-quotes": (good + b"`" * 100000 + b"'" * 100000 + b"\n", {0, 1, 2}),
        "deep-braces": (good + b"x = " + b"{" * 100000 + b"\n", {0, 1, 2}),
        "many-continuations": (b"x =" + b"\n a" * 200000 + b"\n" + good, {0, 1, 2}),
    }
    for gname, (content, codes) in gen.items():
        case("%s/%s" % (kind, gname), tree_for(kind, content), codes)
    # limits: always refused, naming the file and the line
    case("%s/10mb-line" % kind, tree_for(kind, good + b"y" * (10 << 20) + b"\n"), {2},
         err=r"^mta-harden: .*%s: cannot read: line %d is 10485760 bytes long \(limit 1048576 bytes\)$" % (where, len(lines) + 1))
    case("%s/million-lines" % kind, tree_for(kind, good + b"#\n" * 1000000), {2},
         err=r"^mta-harden: .*%s: cannot read: more than 1000000 lines \(limit\)$" % where)
    if kind in ("main.cf", "access"):
        case("%s/65mb" % kind, tree_for(kind, (b"#" * 1023 + b"\n") * (65 * 1024)), {2},
             err=r"^mta-harden: .*%s: cannot read: file too large \(limit 64 MiB\)$" % where, heavy=True)
    # what is in the file's place
    must = kind in MAIN_CONFIGS
    spec = {
        "directory": (("dir",), r"cannot read: is a directory, not a file"),
        "fifo": (("fifo",), r"cannot read: is not a regular file"),
        "link-loop": (("link", kind), r"cannot read: Too many levels of symbolic links"),
        "dangling-link": (("link", "nowhere/at/all"), r"cannot read: No such file or directory"),
        "unreadable": (("mode", 0, good), r"cannot read: Permission denied"),
    }
    # a link out of the tree is not opened: an info finding names it;
    # --follow-links opens it, and a device is no file to read
    case("%s/device" % kind, tree_for(kind, ("link", "/dev/zero")), {0, 1},
         out=r"%s was not read: a symbolic link that leads out of the tree" % where)
    case("%s/device-followed" % kind, tree_for(kind, ("link", "/dev/zero")), {2},
         args=["--follow-links"], err=r"^mta-harden: .*%s: cannot read: is not a regular file$" % where)
    for sname, (content, msg) in spec.items():
        files = tree_for(kind, content)
        if must or sname in ("directory", "fifo", "unreadable"):
            case("%s/%s" % (kind, sname), files, {2},
                 err=r"^mta-harden: .*%s: %s$" % (where, msg))
        else:
            case("%s/%s" % (kind, sname), files, {0, 1, 2})

# ---- Postfix: expansion, numbers, maps out of the tree ----
def pf(name, main, codes, err=None, master=None, **kw):
    files = {PF + "/main.cf": main}
    if master is not None:
        files[PF + "/master.cf"] = master
    case("postfix/" + name, files, codes, err=err, **kw)

NESTING = r"unreasonable macro call nesting.*\[MH905 invalid-expansion\]"
pf("loop-two", b"a = $b\nb = $a\nmyhostname = $a\n", {1}, out=NESTING)
pf("loop-self", b"a = x $a\n", {1})
pf("loop-three", b"a = $b\nb = ${c}\nc = $(a)\nsmtpd_banner = $a\n", {1})
pf("loop-conditional", b"a = ${b?{$a}}\nb = yes\nsmtpd_banner = $a\n", {1})
pf("exponential", b"x0 = aaaaaaaaaa\n" + b"".join(b"x%d = $x%d $x%d\n" % (i + 1, i, i) for i in range(64)) + b"smtpd_banner = $x64\n", {1},
   out=r"x\d+: expansion longer than 1 MiB; Postfix stops with \"macro processing error\" \[MH905")
pf("deep-chain", b"".join(b"v%d = $v%d\n" % (i, i + 1) for i in range(5000)) + b"v5000 = end\nmyhostname = $v0\n", {1}, out=NESTING)
pf("deep-conditional", b"a = " + b"${b?{" * 3000 + b"x" + b"}}" * 3000 + b"\nb = 1\n", {0, 1})
pf("dollar-forms", b"a = $\nb = ${\nc = $(\nd = ${x?\ne = $$$$\nf = ${a:{b}\n", {0, 1})
for n, v in enumerate([b"99999999999999999999", b"-1", b"1e99", b"0x10", b"18446744073709551616",
                       b"9223372036854775807", b"-9223372036854775808", b"000000000000000000001",
                       b"10 # ten", b"+5", b" ", b"1" * 5000]):
    pf("number-%d" % n, b"message_size_limit = " + v + b"\nsmtpd_recipient_limit = " + v + b"\nsmtpd_client_connection_count_limit = " + v + b"\n", {0, 1})
pf("maxproc-huge", b"", {0, 1}, master=b"smtp inet n - y - 99999999999999999999 smtpd\n")
pf("master-few-fields", b"", {2}, master=b"smtp inet n -\n", err=r"^mta-harden: .*etc/postfix/master\.cf:1:\d+: ")
pf("master-o-empty", b"", {2}, master=b"smtp inet n - y - - smtpd\n  -o\n", err=r"^mta-harden: .*etc/postfix/master\.cf:2:\d+: ")
pf("master-1000-overrides", b"", {0, 1}, master=b"smtp inet n - y - - smtpd\n" + b"".join(b"  -o p%d=v\n" % i for i in range(1000)))
for n, ref in enumerate([b"hash:/etc/secret", b"hash:../../../secret", b"texthash:../secret",
                         b"regexp:/../../secret", b"pcre:/etc/../../secret", b"cidr:/etc/postfix/../../../secret",
                         b"hash:/etc/postfix/link-out"]):
    files = {PF + "/main.cf": b"alias_maps = " + ref + b"\nsmtpd_client_restrictions = check_client_access " + ref + b"\n",
             PF + "/link-out": ("link", "../../../secret")}
    case("postfix/map-outside-%d" % n, files, {0, 1, 2}, args=["--root", "@tree"], no_read=("secret",))
    case("postfix/map-outside-noroot-%d" % n, files, {0, 1, 2}, no_read=("secret",))

# ---- sendmail .mc: m4 nesting, loops, includes ----
def mc(name, text, codes, err=None, **kw):
    case("mc/" + name, {SM + "/sendmail.mc": text}, codes, err=err, **kw)

mc("include-self", b"include(`sendmail.mc')dnl\n", {0, 1}, out=r"not followed: it includes itself")
mc("include-chain-20", b"include(`a1.m4')dnl\n", {1}, out=r"include\(`a17\.m4'\) not followed: includes nest deeper than 16 \[MH002")
cases[-1]["files"].update({SM + "/a%d.m4" % i: b"include(`a%d.m4')dnl\n" % (i + 1) for i in range(1, 21)})
mc("include-cycle", b"include(`other.m4')dnl\n", {0, 1, 2})
cases[-1]["files"][SM + "/other.m4"] = b"include(`sendmail.mc')dnl\n"
mc("include-outside-abs", b"include(`/etc/secret')dnl\nMAILER(`local')dnl\n", {0, 1, 2}, no_read=("secret",))
mc("include-outside-rel", b"include(`../../../secret')dnl\nsinclude(`../../secret')dnl\n", {0, 1, 2}, no_read=("secret",))
mc("include-link-out", b"include(`link-out')dnl\n", {0, 1, 2}, no_read=("secret",))
cases[-1]["files"][SM + "/link-out"] = ("link", "../../../secret")
mc("define-loop", b"define(`a', `a')a\n", {2}, err=r"^mta-harden: .*sendmail\.mc:\d+:\d+: m4 expansion does not terminate")
mc("define-loop-2", b"define(`a', `b')define(`b', `a')a\n", {2}, err=r"does not terminate")
mc("define-exponential", b"define(`a0', `xx')" + b"".join(b"define(`a%d', `a%d a%d')" % (i + 1, i, i) for i in range(40)) + b"a40\n", {2},
   err=r"^mta-harden: .*sendmail\.mc:\d+:\d+: ")
mc("quote-100000", b"define(`x', " + b"`" * 100000 + b"'" * 100000 + b")dnl\nMAILER(`local')dnl\n", {0, 1})
mc("paren-100000", b"define(`x', " + b"(" * 100000 + b")" * 100000 + b")dnl\nMAILER(`local')dnl\n", {0, 1})
mc("open-quote", b"define(`x', `abc\n", {2}, err=r"^mta-harden: .*sendmail\.mc:1:\d+: end of file in string")
mc("open-paren", b"define(`x', (((\n", {2}, err=r"^mta-harden: .*sendmail\.mc:1:\d+: end of file in argument list")
mc("eval-deep", b"eval(" + b"(" * 5000 + b"1" + b")" * 5000 + b")\n", {0, 1}, out=r"MH904")
mc("eval-huge", b"eval(99999999999999999999999*99999999999)\neval(1/0)\neval(-9223372036854775808/-1)\n", {0, 1, 2})
mc("changequote-empty", b"changequote()dnl\ndefine(x, y)dnl\nMAILER(local)dnl\n", {0, 1, 2})
mc("changequote-long", b"changequote(<<<<<<<<, >>>>>>>>)dnl\ndefine(<<<<<<<<x>>>>>>>>, 1)dnl\n", {0, 1, 2})
mc("size-huge", b"define(`confMAX_MESSAGE_SIZE', `99999999999999999999')dnl\nMAILER(`local')dnl\n", {0, 1})
mc("shift-many", b"define(`s', `ifelse(`$#', `0', , `s(shift($@))')')s(" + b"a," * 3000 + b"a)\n", {0, 1, 2})
mc("substr-big", b"define(`x', `abc')substr(x, 99999999999999999999, -5)index(x)len()\n", {0, 1, 2})
mc("divert-many", b"".join(b"divert(%d)x\n" % i for i in range(-5, 2000)) + b"undivert\n", {0, 1, 2})

# ---- sendmail.cf, access, aliases: numbers and paths ----
cf = lambda name, text, codes, **kw: case("cf/" + name, {SM + "/sendmail.cf": text}, codes, **kw)
cf("size-huge", SM_CF + b"O MaxMessageSize=99999999999999999999\nO MaxRecipientsPerMessage=-99999999999999999999\n", {0, 1})
cf("class-file-outside", SM_CF + b"F{X}/etc/secret\nF{Y}../../secret\nFw-o ../../../secret %[^#]\n", {0, 1}, no_read=("secret",))
cf("class-file-outside-root", SM_CF + b"Fw/etc/../../secret\n", {0, 1}, args=["--root", "@tree"], no_read=("secret",))
cf("alias-file-outside", b"V10/Berkeley\nO AliasFile=/etc/../../secret,../../../secret\n", {0, 1, 2}, args=["--root", "@tree"], no_read=("secret",))
cf("helpfile-outside", SM_CF + b"O HelpFile=../../../secret\n", {0, 1}, args=["--root", "@tree"], no_read=("secret",))
cf("long-option", SM_CF + b"O " + b"A" * 500000 + b"=1\n", {0, 1})
cf("many-daemons", SM_CF + b"".join(b"O DaemonPortOptions=Port=%d, Name=D%d\n" % (i % 65536, i) for i in range(5000)), {0, 1})
al = lambda name, text, codes, **kw: case("aliases/" + name, {SM + "/aliases": text, SM + "/sendmail.cf": SM_CF}, codes, args=["--root", "@tree"], **kw)
al("include-outside", b"a: :include:/etc/secret\nb: :include:../../../secret\n", {0, 1}, no_read=("secret",))
al("program", b"a: \"|/bin/sh -c 'rm -rf /'\"\nb: |$(reboot)\n", {0, 1})
al("line-over-8190", b"a: " + b"x," * 5000 + b"y\n", {0, 1})
al("continuation-100000", b"a: b" + b",\n c" * 100000 + b"\n", {0, 1})
al("colon-only", b":\n::\n: :\n", {0, 1})
ac = lambda name, text, codes, **kw: case("access/" + name, {SM + "/access": text, SM + "/sendmail.cf": SM_CF}, codes, **kw)
ac("cidr-huge", b"1.2.3.4/99999999999999\n[IPv6:" + b"f" * 5000 + b"]\tOK\n", {0, 1})
ac("dup-keys-100000", b"".join(b"host%d.example\tREJECT\n" % (i % 7) for i in range(100000)), {0, 1})

# ---- size: every command linear in its input ----
# Each is a shape of large input where a loop over the whole once per item
# made a command quadratic (fix on one option with 500 000 continuation
# lines took minutes); the CPU bound catches it coming back. Postfix
# values stay under the 1 MiB expansion limit.
MAIN = b"myhostname = mx.example.com\nmynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = permit\n"
MASTER = b"smtp inet n - y - - smtpd\n"
def big(name, files, cpu=None):
    case("size/" + name, files, {0, 1}, cpu=cpu)
big("cf-option-500000-continuations", {SM + "/sendmail.cf": SM_CF + b"O PrivacyOptions=authwarnings\n" +
    b"".join(b"\tx%d\n" % i for i in range(500000))})
big("cf-header-500000-continuations", {SM + "/sendmail.cf": SM_CF + b"HReceived: by $j ($v/$Z)\n" +
    b"".join(b"\tx%d\n" % i for i in range(500000))})
big("cf-rule-500000-continuations", {SM + "/sendmail.cf": SM_CF + b"Scheck_mail\nR<>\t$#error" +
    b"".join(b"\n\tx%d" % i for i in range(500000)) + b"\n"})
big("cf-class-500000-continuations", {SM + "/sendmail.cf": SM_CF + b"C{R}example.org\n" +
    b"".join(b"\t10.%d.%d # c\n" % (i // 256 % 256, i % 256) for i in range(500000))})
big("cf-200000-rules", {SM + "/sendmail.cf": SM_CF + b"".join(b"S%d\nR<>\t$#error %d\nHX%d: $v\n" % (i % 100, i, i)
    for i in range(200000))})
big("cf-16000-daemons", {SM + "/sendmail.cf": SM_CF + b"O PrivacyOptions=authwarnings\n" +
    b"".join(b"O DaemonPortOptions=Port=%d, Name=MTA%d\n" % (1000 + i, i) for i in range(16000))})
big("cf-200000-options", {SM + "/sendmail.cf": SM_CF + b"".join(b"O X%d=1\n" % i for i in range(200000))})
big("mc-200000-defines", {SM + "/sendmail.mc": b"divert(-1)dnl\ndivert(0)dnl\nOSTYPE(`linux')dnl\n" +
    b"".join(b"define(`confX%d', `%d')dnl\n" % (i, i) for i in range(200000)) + b"MAILER(`smtp')dnl\n"})
big("main-200000-settings", {PF + "/main.cf": MAIN + b"".join(b"x%d = %d\n" % (i, i) for i in range(200000)),
    PF + "/master.cf": MASTER})
big("main-20000-missing-tables", {PF + "/main.cf": MAIN + b"smtpd_recipient_restrictions = permit_mynetworks\n" +
    b"".join(b"  check_client_access hash:/etc/postfix/c%d\n" % i for i in range(20000)), PF + "/master.cf": MASTER})
big("main-60000-networks", {PF + "/main.cf": b"myhostname = mx.example.com\nmynetworks = " +
    b", ".join(b"10.%d.%d.0/24" % (i // 256 % 256, i % 256) for i in range(60000)) + b", 0.0.0.0/0\n",
    PF + "/master.cf": MASTER})
big("master-40000-services", {PF + "/main.cf": MAIN, PF + "/master.cf": b"".join(
    b"127.0.0.%d:%d inet n - y - - smtpd\n  -o smtpd_tls_security_level=none\n" % (i % 250 + 1, 1000 + i)
    for i in range(40000))})
big("master-200000-overrides", {PF + "/main.cf": MAIN, PF + "/master.cf": MASTER +
    b"".join(b"  -o x%d=1\n" % i for i in range(200000))})
big("access-200000-entries", {SM + "/sendmail.cf": SM_CF + b"Kaccess hash -T<TMPF> /etc/mail/access\n",
    SM + "/access": b"".join(b"Connect:10.%d.%d RELAY\n" % (i // 256 % 256, i % 256) for i in range(200000)) +
    b"Connect:0 RELAY\n"})
big("aliases-200000-programs", {SM + "/sendmail.cf": SM_CF, SM + "/aliases":
    b"".join(b"u%d: \"|/bin/prog%d\"\n" % (i, i) for i in range(200000))})

# ---- profiles: YAML bombs, depth, types ----
def prof(name, text, err, codes=(2,)):
    case("profile/" + name, {PF + "/main.cf": BASE["main.cf"][1], "p.yaml": text}, set(codes),
         err=err, args=["--profile", "@tree/p.yaml"], path=PF)

prof("billion-laughs", b"name: b\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
     r"^mta-harden: .*p\.yaml:2:\d+: YAML aliases are not supported")
prof("alias-in-rules", b"name: b\nrules:\n  MH101: &x {enabled: true}\n  MH102: *x\n", r"p\.yaml:3:\d+: ")
prof("deep-lists", b"name: d\nx: " + b"[" * 10000 + b"]" * 10000 + b"\n", r"^mta-harden: .*p\.yaml:\d+:\d+: ")
prof("deep-maps", b"name: d\nx: " + b"{a: " * 10000 + b"1" + b"}" * 10000 + b"\n", r"^mta-harden: .*p\.yaml:\d+:\d+: ")
prof("deep-block", b"name: d\n" + b"".join(b" " * i + b"k:\n" for i in range(0, 2000)) + b" " * 2000 + b"v\n", r"^mta-harden: .*p\.yaml:\d+:\d+: ")
prof("name-list", b"name: [a, b]\n", r"p\.yaml:1:\d+: ")
prof("rules-number", b"name: r\nrules: 5\n", r"p\.yaml:2:\d+: ")
prof("rule-list", b"name: r\nrules:\n  MH101: [1, 2]\n", r"p\.yaml:3:\d+: ")
prof("severity-number", b"name: r\nrules:\n  MH101: {severity: 7}\n", r"p\.yaml:3:\d+: ")
prof("enabled-text", b"name: r\nrules:\n  MH101: {enabled: maybe}\n", r"p\.yaml:3:\d+: ")
prof("unknown-rule", b"name: r\nrules:\n  MH99999: {enabled: true}\n", r"p\.yaml:3:\d+: ")
prof("param-map", b"name: r\nrules:\n  MH601:\n    max_size: {a: 1}\n", r"p\.yaml:4:\d+: ")
prof("binary", bytes(rnd.randrange(256) for _ in range(2048)), r"^mta-harden: .*p\.yaml")
prof("invalid-utf8", b"name: \xff\xfe\n", r"^mta-harden: .*p\.yaml")
prof("nul", b"name: a\0b\n", r"^mta-harden: .*p\.yaml")
prof("tabs", b"name: t\nrules:\n\tMH101: {}\n", r"p\.yaml:3:\d+: ")
prof("empty", b"", r"^mta-harden: .*p\.yaml")
prof("two-documents", b"name: a\n---\nname: b\n", r"p\.yaml:\d+:\d+: ")
prof("duplicate-key", b"name: a\nname: b\n", r"p\.yaml:2:\d+: ")
prof("over-1mib", b"name: big\n" + b"# " + b"x" * (2 << 20) + b"\n", r"^mta-harden: .*p\.yaml")
prof("extends-self", b"name: s\nextends: p.yaml\n", r"^mta-harden: .*p\.yaml")
prof("extends-outside", b"name: s\nextends: ../../../secret.yaml\n", r"^mta-harden: .*secret\.yaml")
prof("extends-deep-chain", b"name: s\nextends: p.yaml\n" + b"# " * 10 + b"\n", r"^mta-harden: .*p\.yaml")
prof("huge-number", b"name: n\nrules:\n  MH601:\n    max_size: 99999999999999999999999\n", r"p\.yaml:4:\d+: ", codes=(0, 1, 2))
prof("complex-key", b"name: c\n? [a]\n: 1\n", r"p\.yaml:2:\d+: ")
prof("tag", b"name: !!python/object:os.system [id]\n", r"^mta-harden: .*p\.yaml", codes=(0, 1, 2))

# ---- the PATH itself ----
case("path/missing", {}, {2}, path="no/such/dir", err=r"^mta-harden: .*no/such/dir: No such file or directory$")
case("path/empty-dir", {"empty/.keep": b""}, {2}, path="empty", err=r"^mta-harden: .*empty: no configuration found")
case("path/fifo", {"f": ("fifo",)}, {2}, path="f", err=r"^mta-harden: .*/f: not a file mta-harden reads")
case("path/dev-null", {}, {2}, path="/dev/null", err=r"^mta-harden: /dev/null: not a file mta-harden reads")
case("path/main-cf-fifo", {"main.cf": ("fifo",)}, {2}, path="main.cf", err=r"^mta-harden: .*main\.cf: cannot read: is not a regular file$")
case("path/mc-dir", {"x.mc/.keep": b""}, {2}, path="x.mc", err=r"^mta-harden: .*x\.mc: no configuration found")
case("path/two-bad", {"a/main.cf": ("dir",), "b/main.cf": ("fifo",)}, {2}, path=["a", "b"],
     err=r"(?s)a/main\.cf: cannot read: is a directory.*b/main\.cf: cannot read: is not a regular file")

# ---------------------------------------------------------------------
def build(c, base):
    tree = os.path.join(base, "tree")
    os.makedirs(tree)
    with open(os.path.join(base, "secret"), "w") as f:
        f.write("not to be read\n")
    for rel, content in c["files"].items():
        p = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(content, bytes):
            with open(p, "wb") as f:
                f.write(content)
        elif content[0] == "fifo":
            os.mkfifo(p)
        elif content[0] == "dir":
            os.mkdir(p)
        elif content[0] == "link":
            os.symlink(content[1], p)
        elif content[0] == "mode":
            with open(p, "wb") as f:
                f.write(content[2])
            os.chmod(p, content[1])
    return tree

def snapshot(top):
    out = {}
    for d, dirs, names in os.walk(top):
        for n in dirs + names:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[p] = (stat.S_IFMT(st.st_mode), st.st_mode, st.st_size, st.st_mtime_ns)
    return out

def limits():
    os.setsid()
    if PLAIN_ELF:
        resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

def run(argv, cwd, as_nobody, trace):
    """exit code (None: killed at the time limit), stdout, stderr, seconds,
    peak resident bytes and CPU seconds of this run alone"""
    if trace:
        argv = ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,execve",
                "-o", os.path.join(WORK, "trace")] + argv
    if as_nobody:
        argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + argv
    outp, errp = os.path.join(WORK, "stdout"), os.path.join(WORK, "stderr")
    env = dict(os.environ)
    if trace:
        # LeakSanitizer cannot run under ptrace; the untraced runs check leaks
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    t = time.monotonic()
    with open(outp, "wb") as o, open(errp, "wb") as e:
        p = subprocess.Popen(argv, cwd=cwd, stdout=o, stderr=e, preexec_fn=limits,
                             env=env)
    rc = None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid != 0:
            rc = os.waitstatus_to_exitcode(status)
            p.returncode = rc
            break
        if time.monotonic() - t > TIMEOUT:
            os.killpg(p.pid, signal.SIGKILL)
            os.wait4(p.pid, 0)
            p.returncode = -9
            ru = None
            break
        time.sleep(0.005)
    secs = time.monotonic() - t
    with open(outp, "rb") as o, open(errp, "rb") as e:
        out, err = o.read(), e.read()
    os.unlink(outp)
    os.unlink(errp)
    if ru is None:
        return None, out, err, secs, 0, 0.0
    return rc, out, err, secs, ru.ru_maxrss * 1024, ru.ru_utime + ru.ru_stime

failures = []
def bad(c, msg):
    failures.append(c["name"])
    print("not ok: %s: %s" % (c["name"], msg))

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
os.chmod(WORK, 0o755)
n = 0
slow = []
for i, c in enumerate(cases):
    if FILTERS and not any(f in c["name"] for f in FILTERS):
        continue
    if c["heavy"] and os.environ.get("MH_HOSTILE_LIGHT"):
        continue
    n += 1
    base = os.path.join(WORK, "c%03d" % i)
    os.makedirs(base)
    tree = build(c, base)
    paths = c["path"] if isinstance(c["path"], list) else [c["path"] or "."]
    paths = [p if p.startswith("/") else os.path.join(tree, p) for p in paths]
    args = [a.replace("@tree", tree) for a in c["args"]]
    unreadable = any(isinstance(v, tuple) and v[0] == "mode" for v in c["files"].values())
    as_nobody = unreadable and ROOT
    if as_nobody:
        for d, dirs, _ in os.walk(base):
            os.chmod(d, 0o755)
    cwd = os.path.join(base, "cwd")
    os.makedirs(cwd)
    os.chmod(cwd, 0o777)
    before = snapshot(base)
    runs = [("check", ["check"]), ("json", ["check", "-f", "json"])]
    if "--profile" not in args:
        runs.append(("show", ["show"]))      # show reads no profile
    if c["fix"]:
        runs.append(("fix", ["fix"]))
    for label, cmd in runs:
        trace = bool(c["no_read"]) and label == "check"
        rc, out, err, secs, rss, cpu = run([MH] + cmd + args + paths, cwd, as_nobody, trace)
        errtext = err.decode("utf-8", "replace")
        if rc is None:
            bad(c, "%s: no answer in %d s" % (label, TIMEOUT))
            continue
        if secs > 5:
            slow.append("%s %s %.1fs" % (c["name"], label, secs))
        if rc < 0 or rc == 3 or rc > 3:
            bad(c, "%s: exit %d (crash or internal error): %s" % (label, rc, errtext[-500:]))
            continue
        limit = (c["cpu"] or CPU_LIMIT) * (1 if PLAIN_ELF else 4)
        if IS_ELF and not trace and cpu > limit:
            bad(c, "%s: %.1f CPU seconds, more than %.0f" % (label, cpu, limit))
        if label == "show":
            # show prints the model: 0, or 2 for input it refuses
            want = {2} if c["codes"] == {2} else {0} | (c["codes"] & {2})
        elif label == "fix":
            want = {2} if c["codes"] == {2} else c["codes"] | {0, 1}
        else:
            want = c["codes"]
        if rc not in want:
            bad(c, "%s: exit %d, wanted %s: %s" % (label, rc, sorted(want), errtext[-300:]))
        if PLAIN_ELF and rss > RSS_LIMIT:
            bad(c, "%s: %d MiB resident" % (label, rss >> 20))
        lines = [l for l in errtext.splitlines() if not re.match(r"^\d+ findings? |^no findings|^\d+ findings? fixed", l)]
        for l in lines:
            if not l.startswith("mta-harden: "):
                bad(c, "%s: stray stderr line: %r" % (label, l[:200]))
        if rc == 2:
            if not lines:
                bad(c, "%s: exit 2 without a message" % label)
            if c["err"] and label != "fix" and not re.search(c["err"], "\n".join(lines), re.M):
                bad(c, "%s: message %r does not match %r" % (label, "\n".join(lines)[:300], c["err"]))
        if label == "check" and c["out"] and not re.search(c["out"], out.decode("utf-8", "replace")):
            bad(c, "check: no finding matches %r" % c["out"])
        if label == "json":
            try:
                doc = json.loads(out)
                if rc == 2 and not doc.get("errors"):
                    bad(c, "json: exit 2 and no errors listed")
                for e in doc.get("errors", []):
                    if not {"file", "line", "column", "message"} <= set(e):
                        bad(c, "json: error without its fields: %r" % e)
            except ValueError as e:
                bad(c, "json: stdout is not JSON: %s: %r" % (e, out[:200]))
        if trace:
            with open(os.path.join(WORK, "trace"), errors="replace") as f:
                t = f.read()
            for word in c["no_read"]:
                for l in t.splitlines():
                    if word in l and "open" in l and "ENOENT" not in l:
                        bad(c, "opened outside the tree: %s" % l.strip()[:200])
                        break
            execs = [l for l in t.splitlines() if "execve(" in l]
            if IS_ELF and len(execs) != 1:
                bad(c, "%d execve calls" % len(execs))
    if snapshot(base) != before:
        after = snapshot(base)
        diff = sorted(set(after.items()) ^ set(before.items()))
        bad(c, "the tree changed: %s" % diff[:3])
    shutil.rmtree(base, ignore_errors=True)

for s in slow:
    print("slow: " + s)
print("hostile: %d cases, %d failed" % (n, len(set(failures))))
sys.exit(1 if failures else 0)
