#!/bin/sh
# man.sh - the man pages lint clean (mandoc -Tlint -W warning) and render
# without a diagnostic (mandoc -Tutf8 and man -l), mta-harden-rules.7
# matches the rule table it is generated from, and the options of
# mta-harden --help and of each COMMAND --help are exactly those of
# mta-harden.1, both ways.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
missing=""
for tool in mandoc man python3; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "man: missing:$missing (make deps installs them)"
	echo "man: 0 passed, 1 failed"
	exit 1
fi

sh "$top/scripts/gen-rules-man.sh" "$MH_BIN" "$tmp/rules.7"
if cmp -s "$tmp/rules.7" "$top/man/mta-harden-rules.7"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "not ok: man/mta-harden-rules.7 is stale: run 'make man'"; fi
# The list of formats of mta-harden.1 is the table of reports/report_formats.c,
# whose names are those of --help, in its order.
sh "$top/scripts/gen-formats-man.sh" "$top/reports/report_formats.c" \
    "$top/man/mta-harden.1" "$tmp/mta-harden.1"
if cmp -s "$tmp/mta-harden.1" "$top/man/mta-harden.1"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "not ok: the formats of man/mta-harden.1 are stale: run 'make man'"; fi
man_formats=$(sed -n '/^\.\\" formats: generated/,/^\.\\" formats: end/s/^\.Cm //p' \
    "$top/man/mta-harden.1" | tr '\n' ' ')
help_formats=$("$MH_BIN" --help | sed -n 's/^  -f, --format FMT  *//p' |
    sed 's/ (default)//; s/,//g' | tr '\n' ' ')
if [ -n "$man_formats" ] && [ "$man_formats" = "$help_formats" ]; then
	pass=$((pass + 1)); else fail=$((fail + 1))
	echo "not ok: formats: mta-harden.1 '$man_formats', --help '$help_formats'"; fi
for page in "$top"/man/*.[157]; do
	# our own pages are not installed here: cross-references are fine
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -z "$out" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok: lint $page"; echo "$out"; fi
	mandoc -Tutf8 "$page" >"$tmp/mandoc.txt" 2>"$tmp/mandoc.err"
	if [ -s "$tmp/mandoc.txt" ] && [ ! -s "$tmp/mandoc.err" ]; then
		pass=$((pass + 1)); else fail=$((fail + 1))
		echo "not ok: mandoc -Tutf8 $page"; cat "$tmp/mandoc.err"; fi
	MANWIDTH=80 MAN_KEEP_FORMATTING="" man -l "$page" >"$tmp/man.txt" \
	    2>"$tmp/man.err"
	if grep -q '^NAME' "$tmp/man.txt" && grep -q '^SEE ALSO' "$tmp/man.txt" &&
	    [ ! -s "$tmp/man.err" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok: man -l $page"
		cat "$tmp/man.err"; fi
done

# The example profile of mta-harden-profile.5 loads as the page says.
sed -n '/^\.Bd -literal/,/^\.Ed/p' "$top/man/mta-harden-profile.5" |
    sed '1d;$d' >"$tmp/my-gateway.yaml"
if grep -q '^extends:' "$tmp/my-gateway.yaml" &&
    "$MH_BIN" profiles "$tmp/my-gateway.yaml" >"$tmp/resolved" 2>&1 &&
    grep -q '^# resolved: my-gateway <- dmz <- default' "$tmp/resolved"; then
	pass=$((pass + 1)); else fail=$((fail + 1))
	echo "not ok: the example of mta-harden-profile.5: $(cat "$tmp/resolved")"; fi

# The option lists: --help against mta-harden.1.
"$MH_BIN" --help >"$tmp/help.txt" || { fail=$((fail + 1)); echo "not ok: --help"; }
for cmd in check fix show rules explain profiles; do
	"$MH_BIN" "$cmd" --help >"$tmp/help-$cmd.txt" || {
		fail=$((fail + 1)); echo "not ok: $cmd --help exits non-zero"; }
done
if python3 - "$tmp" "$top/man/mta-harden.1" <<'PY'
import re, sys

tmp, page = sys.argv[1], sys.argv[2]
OPT = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")
COMMANDS = ["check", "fix", "show", "rules", "explain", "profiles"]
errors = []

def read(name):
    return open("%s/%s" % (tmp, name)).read()

# --help: sections headed "options of ...:", option lines start with "-",
# "-x, --long" pairs are aliases; the commands section shows the options
# of show, rules, explain and profiles in brackets.
def help_sections(text):
    sections, current = {}, None
    for line in text.splitlines():
        if not line:
            current = None
        elif not line.startswith(" "):
            current = line.rstrip(":") if line.endswith(":") else None
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    return sections

def option_lines(lines):
    """options that start a line of an option list"""
    opts = set()
    for line in lines:
        m = re.match(r"\s+(-\w)?(?:, )?\s*(--[a-z-]+)?", line)
        if m and (m.group(1) or m.group(2)):
            opts.update(o for o in m.groups() if o)
    return opts

def bracketed(text):
    return set(o for group in re.findall(r"\[([^]]*)\]", text)
               for o in OPT.findall(group))

top = read("help.txt")
sections = help_sections(top)
help_aliases = set(re.findall(r"^\s+(-\w), (--[a-z-]+)", top, re.M))
run_opts = option_lines(sections.get("options of check and fix", []))
fix_opts = option_lines(sections.get("options of fix only", []))
if not run_opts or not fix_opts:
    errors.append("--help: no 'options of check and fix' or 'options of "
                  "fix only' section")
global_opts = set()
for line in top.splitlines():
    if re.match(r"\s+(-h, )?--(help|version)", line):
        global_opts |= option_lines([line])
help_cmd = {"check": run_opts, "fix": run_opts | fix_opts}
commands_text = "\n".join(sections.get("commands", []))
for cmd in COMMANDS[2:]:
    help_cmd[cmd] = bracketed(read("help-%s.txt" % cmd))
    m = re.search(r"^  %s (.*(?:\n {5,}\[.*)*)" % cmd, commands_text, re.M)
    listed = bracketed(m.group(1)) if m else set()
    if listed != help_cmd[cmd]:
        errors.append("--help commands section, %s: %s; %s --help: %s"
                      % (cmd, sorted(listed), cmd, sorted(help_cmd[cmd])))
for cmd in COMMANDS[:2]:
    if read("help-%s.txt" % cmd) != top:
        errors.append("%s --help differs from --help" % cmd)

# mta-harden.1: the SYNOPSIS block of each command, the .It entries of
# each OPTIONS subsection, aliases from ".It Fl x , Fl -long".
src = open(page).read()
def section(name):
    m = re.search(r"^\.Sh %s\n(.*?)(?=^\.Sh )" % re.escape(name), src,
                  re.M | re.S)
    return m.group(1) if m else ""

def fl(text):
    return set("-" + t for t in re.findall(r"\bFl (\S+)", text))

man_cmd, man_global = {}, set()
for block in re.split(r"^\.Nm\n", section("SYNOPSIS"), flags=re.M)[1:]:
    m = re.match(r"\.Cm (\w+)", block)
    if m:
        man_cmd[m.group(1)] = fl(block)
    elif block.startswith(".Fl"):
        man_global |= fl(block)
man_aliases, man_sub = set(), {}
options = section("OPTIONS")
for sub in re.split(r"^\.Ss ", options, flags=re.M)[1:]:
    title = sub.splitlines()[0]
    items = re.findall(r"^\.It (.*)$", sub, re.M)
    man_sub[title] = set().union(*[fl(i) for i in items]) if items else set()
    for item in items:
        found = re.findall(r"\bFl (\S+)", item)
        if len(found) == 2:
            man_aliases.add(tuple("-" + f for f in found))
        elif len(found) != 1:
            errors.append("mta-harden.1: .It %s: one option, or a short "
                          "and a long form, per entry" % item)

if help_aliases != man_aliases:
    errors.append("aliases: --help %s, mta-harden.1 %s" % (
        sorted(help_aliases - man_aliases), sorted(man_aliases - help_aliases)))
alias_of = {}
for short, long in help_aliases | man_aliases:
    alias_of.setdefault(short, set()).add(long)
    alias_of.setdefault(long, set()).add(short)

def closed(opts):
    return set(opts).union(*[alias_of.get(o, set()) for o in opts]) \
        if opts else set()

def compare(what, from_help, from_man):
    h, m = closed(from_help), closed(from_man)
    if h - m:
        errors.append("%s: in --help, not in mta-harden.1: %s"
                      % (what, " ".join(sorted(h - m))))
    if m - h:
        errors.append("%s: in mta-harden.1, not in --help: %s"
                      % (what, " ".join(sorted(m - h))))

for cmd in COMMANDS:
    if cmd not in man_cmd:
        errors.append("mta-harden.1: no SYNOPSIS line for %s" % cmd)
    compare(cmd, help_cmd[cmd], man_cmd.get(cmd, set()))
compare("global options", global_opts, man_global | man_sub.get(
    "Other options", set()))
# OPTIONS agrees with SYNOPSIS
compare("OPTIONS 'Options of check and fix'", help_cmd["check"],
        man_sub.get("Options of check and fix", set()))
compare("OPTIONS 'Options of fix only'", fix_opts,
        man_sub.get("Options of fix only", set()))
compare("OPTIONS 'Options of show'", help_cmd["show"],
        man_sub.get("Options of show", set()))
for cmd in ("rules", "explain", "profiles"):
    compare("OPTIONS 'Options of rules, explain and profiles' (%s)" % cmd,
            help_cmd[cmd],
            man_sub.get("Options of rules, explain and profiles", set()))
documented = set().union(*man_sub.values()) if man_sub else set()
for cmd in COMMANDS:
    for o in closed(help_cmd[cmd]) - closed(documented):
        errors.append("%s %s: no entry in OPTIONS" % (cmd, o))

for e in errors:
    print("not ok: " + e)
sys.exit(1 if errors else 0)
PY
then pass=$((pass + 1)); else fail=$((fail + 1)); fi

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
