#!/usr/bin/env python3
"""gen-rule-table.py - the rule table, from the rule files linter/*.rules

A rule file holds, for the rules of one family, what is said of each rule
(its identity, documentation and parameters) apart from the C code that
checks it. The build writes two files from all of them:

  OUTDIR/rule_table.c          const struct rule rule_table[], sorted by id
  OUTDIR/linter/rule_checks.h  the prototype of every check function

The format, a stanza per rule:

  rule MH101 vrfy-enabled            id and name
  <TAB>tags: vrfy                    1 to 4 tags
  <TAB>severity: high                info low medium high critical
  <TAB>mtas: postfix sendmail        one or both
  <TAB>fixer: vrfy_enabled           fixers/fixers.h fixer_NAME, or none
  <TAB>enabled: yes                  in a profile that does not name it
  <TAB>check: check_vrfy             a function of linter/rules_*.c, or none
  <TAB>summary: one line
  <TAB>param: NAME [list]            up to 4, each followed by
  <TAB>param-default: VALUE          (items joined by ", " for a list)
  <TAB>param-doc: TEXT
  <TAB>    TEXT                      a line of a TAB and spaces continues
  (blank line)
  The explanation: paragraphs apart by one blank line, the lines of a
  paragraph joined by one space, up to the next "rule MHnnn name" line.

Lines starting with '#' before the first rule are comments. An error is
reported as FILE:LINE: message, and nothing is written.

usage: gen-rule-table.py OUTDIR FILE.rules...
"""
import os
import re
import sys

SEVERITIES = ("info", "low", "medium", "high", "critical")
MTAS = {"postfix": "RULE_MTA_POSTFIX", "sendmail": "RULE_MTA_SENDMAIL"}
FIELDS = ("tags", "severity", "mtas", "fixer", "enabled", "check", "summary")
MAX_TAGS = 4
MAX_PARAMS = 4
HEADER = re.compile(r"rule (MH[0-9]{3}) ([a-z0-9]+(?:-[a-z0-9]+)*)$")
IDENT = re.compile(r"[a-z_][a-z0-9_]*$")


class RuleFileError(Exception):
    pass


def fail(path, lineno, message):
    raise RuleFileError(f"{path}:{lineno}: {message}")


def read_fields(path, lines, k, rule):
    """the indented fields after a rule line; returns the next line's index"""
    last = None
    while k < len(lines) and lines[k].startswith("\t"):
        lineno, text = k + 1, lines[k]
        if text.startswith("\t    "):
            if last is None:
                fail(path, lineno, "a continuation line with nothing to continue")
            last[0][last[1]] += " " + text.strip()
            k += 1
            continue
        key, sep, value = text[1:].partition(":")
        value = value.strip()
        if not sep:
            fail(path, lineno, "expected 'field: value'")
        if key == "param":
            words = value.split()
            if len(rule["params"]) == MAX_PARAMS:
                fail(path, lineno, f"more than {MAX_PARAMS} parameters")
            if not words or len(words) > 2 or not IDENT.match(words[0]) or \
                    (len(words) == 2 and words[1] != "list"):
                fail(path, lineno, "expected 'param: NAME' or 'param: NAME list'")
            rule["params"].append({"name": words[0], "list": len(words) == 2,
                                   "line": lineno})
            last = None
        elif key in ("param-default", "param-doc"):
            if not rule["params"]:
                fail(path, lineno, f"{key} before any param")
            p = rule["params"][-1]
            if key in p:
                fail(path, lineno, f"{key} given twice")
            p[key] = value
            last = (p, key)
        elif key in FIELDS:
            if key in rule:
                fail(path, lineno, f"{key} given twice")
            rule[key] = value
            rule[key + "_line"] = lineno
            last = (rule, key)
        else:
            fail(path, lineno, f"unknown field '{key}'")
        k += 1
    return k


def check_rule(path, rule):
    line = rule["line"]
    for key in FIELDS:
        if not rule.get(key):
            fail(path, line, f"{rule['id']}: no {key}")
    tags = rule["tags"].split()
    if len(tags) > MAX_TAGS:
        fail(path, rule["tags_line"], f"more than {MAX_TAGS} tags")
    if rule["severity"] not in SEVERITIES:
        fail(path, rule["severity_line"],
             f"severity is one of {', '.join(SEVERITIES)}")
    mtas = rule["mtas"].split()
    if not mtas or any(m not in MTAS for m in mtas) or len(set(mtas)) != len(mtas):
        fail(path, rule["mtas_line"], "mtas: postfix, sendmail or both")
    if rule["enabled"] not in ("yes", "no"):
        fail(path, rule["enabled_line"], "enabled: yes or no")
    for key in ("fixer", "check"):
        if rule[key] != "none" and not IDENT.match(rule[key]):
            fail(path, rule[key + "_line"], f"{key}: a C name or none")
    for p in rule["params"]:
        for key in ("param-default", "param-doc"):
            if key not in p:
                fail(path, p["line"], f"param {p['name']}: no {key}")
        if not p["param-doc"]:
            fail(path, p["line"], f"param {p['name']}: empty param-doc")
    if not rule["explanation"]:
        fail(path, line, f"{rule['id']}: no explanation")


def read_rule_file(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rules = []
    k = 0
    while k < len(lines) and (lines[k].startswith("#") or not lines[k].strip()):
        k += 1
    while k < len(lines):
        m = HEADER.match(lines[k])
        if not m:
            fail(path, k + 1, "expected 'rule MHnnn name'")
        rule = {"id": m.group(1), "name": m.group(2), "line": k + 1,
                "params": [], "family": os.path.basename(path)}
        k = read_fields(path, lines, k + 1, rule)
        if k < len(lines) and lines[k].strip():
            fail(path, k + 1, "a blank line must end the fields")
        paragraphs, current = [], []
        while k < len(lines) and not HEADER.match(lines[k]):
            text = lines[k]
            if text.startswith("\t") or text != text.strip() or "  " in text:
                if text.strip():
                    fail(path, k + 1, "explanation lines have no leading, "
                         "trailing or double blanks")
            if text.strip():
                current.append(text)
            elif current:
                paragraphs.append(" ".join(current))
                current = []
            k += 1
        if current:
            paragraphs.append(" ".join(current))
        rule["explanation"] = "\n\n".join(paragraphs)
        check_rule(path, rule)
        rules.append(rule)
    if not rules:
        fail(path, 1, "no rules")
    return rules


def c_string(text, indent):
    """a C string literal, split into lines of at most about 76 columns"""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    pieces, rest, room = [], escaped, 72 - len(indent.expandtabs())
    while len(rest) > room:
        cut = rest.rfind(" ", 0, room)
        if cut <= 0:
            cut = rest.find(" ", room)
            if cut < 0:
                break
        while rest[cut - 1] == "\\":	# never between a backslash and its letter
            cut -= 1
        pieces.append(rest[:cut + 1])
        rest = rest[cut + 1:]
    pieces.append(rest)
    return ("\n" + indent).join(f'"{p}"' for p in pieces)


def c_rule(rule):
    ind = "\t  "
    tags = ", ".join(f'"{t}"' for t in rule["tags"].split())
    mtas = " | ".join(MTAS[m] for m in rule["mtas"].split())
    fixer = "NULL" if rule["fixer"] == "none" else f"&fixer_{rule['fixer']}"
    check = "NULL" if rule["check"] == "none" else rule["check"]
    out = [f'\t{{ .id = "{rule["id"]}", .name = "{rule["name"]}",',
           f"{ind}.tags = {{ {tags} }},",
           f"{ind}.severity = SEV_{rule['severity'].upper()},",
           f"{ind}.mtas = {mtas},",
           f"{ind}.fixer = {fixer},",
           f"{ind}.enabled = {'true' if rule['enabled'] == 'yes' else 'false'},",
           f"{ind}.summary = {c_string(rule['summary'], ind + '    ')},",
           f"{ind}.explanation =\n{ind}    "
           f"{c_string(rule['explanation'], ind + '    ')},"]
    if rule["params"]:
        out.append(f"{ind}.params = {{")
        for p in rule["params"]:
            out.append(f'{ind}    {{ "{p["name"]}", '
                       f'{c_string(p["param-default"], ind + "      ")}, '
                       f'{"true" if p["list"] else "false"},\n{ind}      '
                       f'{c_string(p["param-doc"], ind + "      ")} }},')
        out.append(f"{ind}}},")
    out.append(f"{ind}.check = {check} }},")
    return "\n".join(out)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    outdir, paths = argv[1], argv[2:]
    rules = []
    try:
        for path in paths:
            rules.extend(read_rule_file(path))
        seen = {}
        for r in rules:
            for key in ("id", "name"):
                if r[key] in seen:
                    other = seen[r[key]]
                    fail(r["family"], r["line"], f"{r[key]} is also the "
                         f"{key} of a rule in {other['family']}")
                seen[r[key]] = r
    except RuleFileError as e:
        print(f"gen-rule-table: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"gen-rule-table: {e.filename}: {e.strerror}", file=sys.stderr)
        return 1
    rules.sort(key=lambda r: r["id"])
    sources = " ".join(sorted(os.path.basename(p) for p in paths))
    table = [f"/* Generated by scripts/gen-rule-table.py from {sources}",
             " * (linter/); do not edit. */",
             "#include <stdbool.h>",
             "#include <stddef.h>",
             "",
             '#include "fixers/fixers.h"',
             '#include "linter/rule.h"',
             '#include "linter/rule_checks.h"',
             "",
             "const struct rule rule_table[] = {"]
    table += [c_rule(r) for r in rules]
    table += ["};", "",
              "const size_t rule_table_count = sizeof(rule_table) /",
              "    sizeof(rule_table[0]);", ""]
    checks = ["/* Generated by scripts/gen-rule-table.py; do not edit. */",
              "/*",
              " * rule_checks - the check of every rule (linter/FAMILY.rules names",
              " * it; linter/rules_FAMILY.c defines it)",
              " */",
              "#ifndef MH_RULE_CHECKS_H",
              "#define MH_RULE_CHECKS_H",
              "",
              "struct rule_ctx;",
              ""]
    declared = {}
    for r in sorted(rules, key=lambda r: (r["family"], r["id"])):
        if r["check"] in declared:
            if declared[r["check"]] != r["family"]:
                print(f"gen-rule-table: {r['family']}:{r['check_line']}: "
                      f"{r['check']} is also the check of a rule in "
                      f"{declared[r['check']]}", file=sys.stderr)
                return 1
            continue
        declared[r["check"]] = r["family"]
        if r["check"] != "none":
            checks.append(f"void\t {r['check']}(struct rule_ctx *);"
                          f"\t/* {r['id']}, {r['family']} */")
    checks += ["", "#endif", ""]
    os.makedirs(os.path.join(outdir, "linter"), exist_ok=True)
    for name, text in (("rule_table.c", table),
                       (os.path.join("linter", "rule_checks.h"), checks)):
        path = os.path.join(outdir, name)
        new = "\n".join(text)
        if name != "rule_table.c":	# the header: kept when unchanged,
            try:			# so that prose edits rebuild no check
                with open(path, encoding="utf-8") as f:
                    if f.read() == new:
                        continue
            except OSError:
                pass
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(path + ".tmp", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
