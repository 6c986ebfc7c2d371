#!/bin/sh
# gen-sm-mc-table.sh - generate parsers/sm_mc_table.c from the installed
# sendmail-cf library, with GNU m4 as the ground truth.
#
# usage: sh scripts/gen-sm-mc-table.sh [OUTPUT.c]   (default parsers/sm_mc_table.c)
#        SENDMAIL_CF=DIR picks the library (default /usr/share/sendmail/cf).
# Progress goes to stderr; OUTPUT.c is replaced only when everything
# succeeded (it is written next to it first, then renamed).
#
# What it reads and runs (m4 runs only here and in the tests, never in
# mta-harden itself):
#   1. every `_OPTION(Name, `confXXX', `default')` line of m4/proto.m4, in
#      order, and the option lines proto.m4 writes directly
#      (`O HelpFile=ifdef(`HELP_FILE', HELP_FILE, `…')`, QueueDirectory);
#   2. the macro state cf.m4 leaves before the .mc is read: `m4 -F` freezes
#      it after cf.m4 (with m4wrap disabled, so proto.m4 does not run), and
#      every user macro of that frozen state becomes a predefinition;
#   3. the options a generated .cf holds uncommented when the .mc sets
#      nothing: m4 runs on a minimal .mc (OSTYPE(linux), MAILER(local),
#      MAILER(smtp)); again with MAIL_SETTINGS_DIR changed (which defaults
#      depend on it), with _USE_ETC_MAIL_ defined, and with a MAIL_FILTER
#      (which options only exist when a milter is defined);
#   4. a check that OSTYPE(x) and DOMAIN(x) change only options whose
#      macro their own file (or a file or FEATURE it pulls in) names.
# It fails when m4, python3 or the library is missing, or when a check fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$top/parsers/sm_mc_table.c"}
CF=${SENDMAIL_CF:-/usr/share/sendmail/cf}
for tool in m4 python3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "gen-sm-mc-table: '$tool' not found" >&2
		exit 1
	}
done
[ -f "$CF/m4/proto.m4" ] && [ -f "$CF/m4/cf.m4" ] || {
	echo "gen-sm-mc-table: no sendmail-cf library at $CF" >&2
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-sm-mc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

export CF tmp
python3 - >"$out.tmp" <<'PYEOF' || { rm -f "$out.tmp"; exit 1; }
import os, re, subprocess, sys

CF = os.environ["CF"]
TMP = os.environ["tmp"]
CFM4 = os.path.join(CF, "m4", "cf.m4")


def note(msg):
    print("gen-sm-mc-table: " + msg, file=sys.stderr)


def die(msg):
    note("error: " + msg)
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("latin-1")


# ---------------------------------------------------------------- versions
m = re.search(r"^DZ([0-9.]+)", read(os.path.join(CF, "m4", "version.m4")), re.M)
cf_version = m.group(1) if m else "unknown"
pkg_version = ""
try:
    pkg_version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "sendmail-cf"],
        capture_output=True, text=True).stdout.strip()
except OSError:
    pass
m4_version = subprocess.run(["m4", "--version"], capture_output=True,
                            text=True).stdout.splitlines()[0]

# ------------------------------------------------------ 1. options of proto
proto = read(os.path.join(CF, "m4", "proto.m4"))
options = []        # dicts in proto.m4 order
opt_re = re.compile(r"^_OPTION\(([A-Za-z0-9.\-]+), `([A-Za-z0-9_]+)'"
                    r"(?:, `((?:[^`']|`')*)')?\)")
direct_re = re.compile(r"^O ([A-Za-z0-9.]+)=ifdef\(`([A-Za-z0-9_]+)', \2, "
                       r"(.*)\)$")
for line in proto.splitlines():
    m = opt_re.match(line)
    if m:
        options.append({"option": m.group(1), "macro": m.group(2),
                        "comment": m.group(3), "expr": None, "flags": set()})
        continue
    if line.startswith("ifelse(confTIME_ZONE, `USE_SYSTEM'"):
        # USE_SYSTEM: #O; USE_TZ: "O TimeZoneSpec="; else the value
        options.append({"option": "TimeZoneSpec", "macro": "confTIME_ZONE",
                        "comment": None, "expr": None, "flags": {"TIMEZONE"}})
        continue
    m = direct_re.match(line)
    if m:
        options.append({"option": m.group(1), "macro": m.group(2),
                        "comment": None, "flags": {"ALWAYS"},
                        "expr": "ifdef(`%s', %s, %s)" % (m.group(2),
                                                         m.group(2),
                                                         m.group(3))})
n_opt = sum(1 for o in options if not o["flags"])
if n_opt < 100:
    die("only %d _OPTION lines found in proto.m4" % n_opt)
note("%d _OPTION calls and %d direct option lines in proto.m4" %
     (n_opt, len(options) - n_opt))
by_macro = {}
for o in options:
    if o["macro"] in by_macro:
        die("macro %s sets two options" % o["macro"])
    by_macro[o["macro"]] = o
by_option = {o["option"]: o for o in options}

# ------------------------------------------------ 2. frozen state of cf.m4
frozen = os.path.join(TMP, "cf.frozen")
subprocess.run(["m4", "-D_NO_MAKEINFO_", "-Dm4wrap=", "-F", frozen, CFM4],
               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
               check=True)
data = open(frozen, "rb").read()
pos = 0
predefs = {}        # name -> list of texts (pushdef stack, bottom first)
builtins = set()
SKIP = {"_NO_MAKEINFO_", "m4wrap", "_CF_DIR_", "TEMPFILE"}
while pos < len(data):
    if data[pos:pos + 1] == b"#":
        pos = data.index(b"\n", pos) + 1
        continue
    nl = data.index(b"\n", pos)
    head = data[pos:nl].decode()
    pos = nl + 1
    kind = head[:1]
    if kind in ("V", ""):
        continue
    if kind in ("C", "Q", "T", "F"):
        a, b = (int(x) for x in head[1:].split(","))
        first = data[pos:pos + a]
        second = data[pos + a:pos + a + b]
        pos += a + b + 1
        if kind == "T":
            name = first.decode("latin-1")
            if name not in SKIP:
                predefs.setdefault(name, []).insert(0,
                                                    second.decode("latin-1"))
        elif kind == "F":
            builtins.add(first.decode("latin-1"))
        continue
    if kind == "D":
        a, b = (int(x) for x in head[1:].split(","))
        pos += b + 1
        continue
    die("unexpected frozen-file record %r" % head)
for name, stack in predefs.items():
    if len(stack) != 1:
        die("%s is pushdef'd in cf.m4; the table keeps one definition" % name)
if "confSMTP_LOGIN_MSG" not in predefs or "FEATURE" not in predefs:
    die("frozen state lacks cfhead.m4 definitions")
note("%d macros defined by cf.m4/cfhead.m4" % len(predefs))
if "format" in builtins:
    note("warning: cf.m4 no longer undefines format")

# --------------------------------------------- 3. defaults by running m4
def run_mc(name, text, extra=()):
    mc = os.path.join(TMP, name + ".mc")
    with open(mc, "w") as f:
        f.write(text)
    r = subprocess.run(["m4"] + list(extra) + [CFM4, mc],
                       capture_output=True, text=True, errors="replace")
    return r.stdout, r.stderr


def o_lines(cf):
    """[(option, value or None)] of the uncommented O lines, and the set of
    option names on commented #O lines."""
    out, commented = [], set()
    for line in cf.splitlines():
        if line.startswith("O "):
            body = line[2:]
            if "=" in body:
                k, v = body.split("=", 1)
            else:
                k, v = body, None
            out.append((k, v))
        elif line.startswith("#O "):
            commented.add(re.split(r"[=\s]", line[3:], 1)[0])
    return out, commented


MINIMAL = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
base_cf, base_err = run_mc("base", MINIMAL)
if base_err.strip():
    die("m4 complained about the minimal .mc: " + base_err.strip())
base, base_commented = o_lines(base_cf)
if not base:
    die("the minimal .mc produced no O lines")

msd_cf, _ = run_mc("msd", MINIMAL, ["-DMAIL_SETTINGS_DIR=/MSD/"])
msd, _ = o_lines(msd_cf)
if len(msd) != len(base):
    die("MAIL_SETTINGS_DIR changed which options are set")
depends = set()
for (k, v), (k2, v2) in zip(base, msd):
    if k != k2:
        die("option order changed with MAIL_SETTINGS_DIR")
    if v != v2:
        if not (v2 or "").startswith("/MSD/"):
            die("%s changed oddly with MAIL_SETTINGS_DIR: %r" % (k, v2))
        depends.add(k)
etc_cf, _ = run_mc("etc", "define(`_USE_ETC_MAIL_')dnl\n" + MINIMAL)
if o_lines(etc_cf)[0] != base:
    die("_USE_ETC_MAIL_ changes options; the reader ignores it")

filt_cf, _ = run_mc("filter", MINIMAL.replace(
    "MAILER(`local')", "MAIL_FILTER(`f', `S=local:/f.sock')dnl\nMAILER(`local')"))
filt, filt_commented = o_lines(filt_cf)
seen_base = {k for k, _ in base} | base_commented
milter_only = ({k for k, _ in filt} | filt_commented) - seen_base
for k in milter_only:
    if k not in by_option:
        die("option %s appears with a filter but is not in proto.m4" % k)
    by_option[k]["flags"].add("MILTER")
note("%d options only with a mail filter: %s" %
     (len(milter_only), " ".join(sorted(milter_only))))

# every uncommented default must be explained by a predefinition or ALWAYS
for k, v in base:
    o = by_option.get(k)
    if k == "DaemonPortOptions":
        continue
    if o is None:
        die("minimal .cf sets %s, which proto.m4 does not list" % k)
    if "ALWAYS" not in o["flags"] and o["macro"] not in predefs:
        die("minimal .cf sets %s but cf.m4 does not define %s" %
            (k, o["macro"]))
for o in options:
    if o["macro"] in predefs and not o["flags"] & {"MILTER", "TIMEZONE"}:
        if o["option"] not in {k for k, _ in base}:
            die("cf.m4 defines %s but the minimal .cf lacks %s" %
                (o["macro"], o["option"]))

# --------------------------------- 4. OSTYPE and DOMAIN change only theirs
def mentioned(path, seen):
    """Macro names a library file, or files and FEATUREs it pulls in, name."""
    if path in seen or not os.path.exists(path):
        return set()
    seen.add(path)
    text = read(path)
    names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    for mac, sub in (("FEATURE", "feature"), ("HACK", "hack"),
                     ("DOMAIN", "domain"), ("OSTYPE", "ostype")):
        for f in re.findall(mac + r"\(`?([A-Za-z0-9_.\-]+)", text):
            names |= mentioned(os.path.join(CF, sub, f + ".m4"), seen)
    for f in re.findall(r"include\(`?(/[^')]+)", text):
        names |= mentioned(f, seen)
    for f in re.findall(r"include\(_CF_DIR_`'([^')]+)", text):
        names |= mentioned(os.path.join(CF, f), seen)
    if names & {"DAEMON_OPTIONS", "no_default_msa", "_NETINET6_"}:
        names.add("_DPO_")
    return names


def as_dict(lines):
    d = {}
    for k, v in lines:
        d.setdefault(k, []).append(v)
    return d


base_d = as_dict(base)
checked = 0
for kind in ("ostype", "domain"):
    for fn in sorted(os.listdir(os.path.join(CF, kind))):
        if not fn.endswith(".m4"):
            continue
        x = fn[:-3]
        mc = MINIMAL if kind == "domain" else MINIMAL.replace("linux", x)
        if kind == "domain":
            mc = mc.replace("dnl\nMAILER", "dnl\nDOMAIN(`%s')dnl\nMAILER" % x, 1)
        cf, _ = run_mc("%s-%s" % (kind, x), mc)
        d = as_dict(o_lines(cf)[0])
        names = mentioned(os.path.join(CF, kind, fn), set())
        for k in sorted(set(d) | set(base_d)):
            if d.get(k) == base_d.get(k):
                continue
            if k == "DaemonPortOptions":
                if "_DPO_" in names:
                    continue
                die("%s(%s) changes DaemonPortOptions unexplained" %
                    (kind.upper(), x))
            o = by_option.get(k)
            if o is None or o["macro"] not in names:
                die("%s(%s) changes %s, which its file does not name" %
                    (kind.upper(), x, k))
        checked += 1
note("checked %d OSTYPE/DOMAIN files: each changes only what it names" %
     checked)

# ------------------------------------------------------------------ emit
def c_str(s):
    if s is None:
        return "NULL"
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "?":
            out.append("\\?")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 32 or o > 126:
            out.append("\\%03o" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def flags_of(o):
    fl = [("SM_OPT_" + f) for f in sorted(o["flags"])]
    if o["option"] in depends:
        fl.append("SM_OPT_MAIL_SETTINGS_DIR")
    return " | ".join(fl) if fl else "0"


W = sys.stdout.write
W("""/*
 * sm_mc_table - GENERATED by scripts/gen-sm-mc-table.sh: do not edit
 *
 * Source: sendmail-cf %s (m4/version.m4: DZ%s) in %s,
 * with %s.
 *
 * - options: every _OPTION(Name, `confXXX', `default') of m4/proto.m4
 *   (%d) and the option lines proto.m4 writes itself (HelpFile,
 *   QueueDirectory: SM_OPT_ALWAYS, with the m4 text after "O Name=";
 *   TimeZoneSpec from confTIME_ZONE: SM_OPT_TIMEZONE),
 *   sorted by macro for sm_conf_option(), and in proto.m4 order.
 *   SM_OPT_MILTER: written only when a MAIL_FILTER is defined (found by
 *   an m4 run with and without one).
 * - predefs: the %d user macros cf.m4/cfhead.m4 define before the .mc
 *   is read (`m4 -F` frozen state after cf.m4, m4wrap disabled; _CF_DIR_
 *   is left to the reader). MAIL_SETTINGS_DIR is defined only if the .mc
 *   did not define it first; every other one is defined unconditionally.
 * - defaults: the uncommented O lines of the .cf m4 generates from the
 *   minimal .mc "OSTYPE(`linux') MAILER(`local') MAILER(`smtp')", in
 *   order. SM_OPT_MAIL_SETTINGS_DIR: the value follows MAIL_SETTINGS_DIR
 *   (m4 run with -DMAIL_SETTINGS_DIR=/MSD/). _USE_ETC_MAIL_ changes none
 *   of them. SmtpGreetingMessage is "$j Sendmail $v/$Z; $b": sendmail
 *   expands $j, $v (binary version), $Z (cf version) and $b at run time.
 * - checked: %d ostype/ and domain/ files; each OSTYPE(x)/DOMAIN(x)
 *   changes only options whose macro its file (or a file or FEATURE it
 *   pulls in) names.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/sm_mc_table.h"

struct option_row {
	const char *macro;
	const char *option;
	const char *comment_default;	/* the value the #O line shows */
	const char *expr;	/* SM_OPT_ALWAYS: m4 text after "O Name=" */
	unsigned flags;
	unsigned order;		/* position in proto.m4 */
};

""" % (pkg_version or "(version unknown)", cf_version, CF, m4_version,
       n_opt, len(predefs), checked))

W("/* options - sorted by macro (strcmp) */\n")
W("static const struct option_row options[] = {\n")
order = {o["macro"]: i for i, o in enumerate(options)}
for o in sorted(options, key=lambda o: o["macro"].encode()):
    W("\t{ %s, %s, %s, %s, %s, %d },\n" % (
        c_str(o["macro"]), c_str(o["option"]), c_str(o["comment"]),
        c_str(o["expr"]), flags_of(o), order[o["macro"]]))
W("};\n\n")
W("/* proto_order - index into options[] of each option, in proto.m4 order */\n")
W("static const unsigned short proto_order[] = {\n")
sorted_macros = [o["macro"] for o in sorted(options,
                                            key=lambda o: o["macro"].encode())]
idx = {mac: i for i, mac in enumerate(sorted_macros)}
row = []
for o in options:
    row.append(str(idx[o["macro"]]))
    if len(row) == 12:
        W("\t" + ", ".join(row) + ",\n")
        row = []
if row:
    W("\t" + ", ".join(row) + ",\n")
W("};\n\n")

W("/* predefs - what cf.m4 defines before the .mc, sorted by name */\n")
W("static const struct {\n\tconst char *name;\n\tconst char *text;\n} predefs[] = {\n")
for name in sorted(predefs, key=lambda s: s.encode()):
    W("\t{ %s,\n\t    %s },\n" % (c_str(name), c_str(predefs[name][0])))
W("};\n\n")

W("/* defaults - uncommented O lines of the minimal .cf, in order */\n")
W("static const struct {\n\tconst char *option;\n\tconst char *value;\n"
  "\tunsigned flags;\n} defaults[] = {\n")
for k, v in base:
    fl = "SM_OPT_MAIL_SETTINGS_DIR" if k in depends else "0"
    W("\t{ %s, %s, %s },\n" % (c_str(k), c_str(v if v is not None else ""),
                               fl))
W("};\n\n")

W("""#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
sm_mc_table_source(void)
{
	return %s;
}

static int
cmp_macro(const void *key, const void *elem)
{
	const struct option_row *row = elem;

	return strcmp(key, row->macro);
}

/* sm_conf_option - the .cf option a confXXX macro sets, or NULL */
const char *
sm_conf_option(const char *conf_macro)
{
	const struct option_row *row;

	if (conf_macro == NULL)
		return NULL;
	row = bsearch(conf_macro, options, NELEM(options), sizeof(options[0]),
	    cmp_macro);
	return row != NULL ? row->option : NULL;
}

/* sm_mc_option_count - how many options proto.m4 can write */
size_t
sm_mc_option_count(void)
{
	return NELEM(proto_order);
}

/* sm_mc_option_at - the i-th option in proto.m4 order */
void
sm_mc_option_at(size_t i, const char **macro, const char **option,
    const char **expr, unsigned *flags)
{
	const struct option_row *row = &options[proto_order[i]];

	*macro = row->macro;
	*option = row->option;
	*expr = row->expr;
	*flags = row->flags;
}

/* sm_mc_predef_count - how many macros cf.m4 defines */
size_t
sm_mc_predef_count(void)
{
	return NELEM(predefs);
}

/* sm_mc_predef_at - the i-th predefinition (sorted by name) */
void
sm_mc_predef_at(size_t i, const char **name, const char **text)
{
	*name = predefs[i].name;
	*text = predefs[i].text;
}

/* sm_mc_default_count - how many O lines the minimal .cf holds */
size_t
sm_mc_default_count(void)
{
	return NELEM(defaults);
}

/* sm_mc_default_at - the i-th O line of the minimal .cf */
void
sm_mc_default_at(size_t i, const char **option, const char **value,
    unsigned *flags)
{
	*option = defaults[i].option;
	*value = defaults[i].value;
	*flags = defaults[i].flags;
}
""" % c_str("sendmail-cf %s (DZ%s)" % (pkg_version or "unknown", cf_version)))
note("wrote %d options, %d predefs, %d defaults" %
     (len(options), len(predefs), len(base)))
PYEOF
mv "$out.tmp" "$out"
echo "gen-sm-mc-table: wrote $out" >&2
