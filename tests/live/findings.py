#!/usr/bin/env python3
"""findings.py - compare mta-harden JSON reports around a fix.

usage: findings.py BEFORE.json FIX.json FIX_EXIT AFTER.json

BEFORE.json  `check --profile P --format json TREE` on the input
FIX.json     `fix --profile P --format json TREE` (same directory, same
             TREE argument, so file names and fingerprints are comparable)
FIX_EXIT     the exit status of that fix run
AFTER.json   `check --profile P --format json TREE` on the output (the same
             relative TREE argument, run from the output's parent)

A finding is identified by (rule, fingerprint); suppressed findings are
left out. Prints one line per check, tab-separated:
    PASS<TAB>what<TAB>detail      or      FAIL<TAB>what<TAB>why
and exits 0 (the caller counts the lines).
"""

import json
import sys

SEV = {'info': 0, 'low': 1, 'medium': 2, 'high': 3, 'critical': 4}


def load(path, what):
    try:
        with open(path) as f:
            doc = json.load(f)
        return doc, [x for x in doc['findings'] if not x.get('suppressed')]
    except Exception as e:      # noqa: BLE001 - reported as a failure
        raise SystemExit(emit('FAIL', what + ' is a JSON report',
                              '%s: %s' % (path, e)) or 0)


def emit(verdict, what, detail):
    print('%s\t%s\t%s' % (verdict, what, detail.replace('\t', ' ')))


def key(x):
    return (x.get('rule'), x.get('fingerprint'))


def show(x):
    return '%s %s %s:%s (%s)' % (x.get('rule'), x.get('name'), x.get('file'),
                                 x.get('line'), x.get('fingerprint'))


def listing(xs, n=6):
    xs = sorted(xs, key=lambda x: (str(x.get('file')), x.get('line') or 0,
                                   str(x.get('rule'))))
    s = '; '.join(show(x) for x in xs[:n])
    return s + ('; ... (%d in all)' % len(xs) if len(xs) > n else '')


def main():
    _, before = load(sys.argv[1], 'check on the input')
    _, fixrep = load(sys.argv[2], 'fix --format json')
    fix_exit = int(sys.argv[3])
    _, after = load(sys.argv[4], 'check on the output')

    b = {key(x): x for x in before}
    f = {key(x): x for x in fixrep}
    a = {key(x): x for x in after}

    nokey = [x for x in before + fixrep + after
             if not x.get('rule') or not x.get('fingerprint')]
    if nokey:
        emit('FAIL', 'every finding has rule and fingerprint', listing(nokey))

    # the contract: "fixed": true|false (and "fix_safety") where fixable
    what = 'fix JSON: every fixable finding has "fixed": true|false'
    nofixed = [x for x in fixrep if x.get('fixable') is True
               and not isinstance(x.get('fixed'), bool)]
    wrong = [x for x in fixrep if x.get('fixable') is not True
             and x.get('fixed') is True]
    if nofixed:
        emit('FAIL', what, listing(nofixed))
    elif wrong:
        emit('FAIL', what, 'not fixable but "fixed": true: ' + listing(wrong))
    else:
        emit('PASS', what, '%d of %d findings are fixable' % (
            sum(1 for x in fixrep if x.get('fixable') is True), len(fixrep)))

    if set(f) == set(b):
        emit('PASS', 'fix reports the findings check reports',
             '%d findings' % len(b))
    else:
        msg = []
        if set(b) - set(f):
            msg.append('only check: ' + listing([b[k] for k in set(b) - set(f)]))
        if set(f) - set(b):
            msg.append('only fix: ' + listing([f[k] for k in set(f) - set(b)]))
        emit('FAIL', 'fix reports the findings check reports', ' | '.join(msg))

    fixed = {k: x for k, x in f.items() if x.get('fixed') is True}
    if fixed:
        emit('PASS', 'fix fixes something', '%d findings fixed: %s' % (
            len(fixed), ', '.join(sorted('%s %s' % (x['rule'], x['name'])
                                         for x in fixed.values()))))
    else:
        emit('FAIL', 'fix fixes something', 'no finding has "fixed": true')

    still = [a[k] for k in fixed if k in a]
    if still:
        emit('FAIL', 'no fixed finding is left in the output',
             listing(still))
    else:
        emit('PASS', 'no fixed finding is left in the output',
             'none of the %d' % len(fixed))

    new = [a[k] for k in a if k not in b]
    if new:
        # the same finding under another fingerprint is worth saying so
        same = {(x.get('rule'), x.get('file'), x.get('line'),
                 x.get('message')): x for x in before}
        unstable = [x for x in new if (x.get('rule'), x.get('file'),
                                       x.get('line'), x.get('message')) in same]
        why = listing(new)
        if unstable:
            why += (' | %d of them have the rule, file, line and message of '
                    'a finding before, under another fingerprint (is the '
                    'fingerprint stable?): %s' % (len(unstable), '; '.join(
                        '%s %s:%s %s -> %s' % (
                            x['rule'], x['file'], x['line'],
                            same[(x.get('rule'), x.get('file'), x.get('line'),
                                  x.get('message'))]['fingerprint'],
                            x['fingerprint']) for x in unstable[:6])))
        emit('FAIL', 'the output has no new finding', why)
    else:
        emit('PASS', 'the output has no new finding',
             '%d findings before, %d after' % (len(b), len(a)))

    # exit status: 1 while a finding at or above medium is left unfixed;
    # 0 when none is and every fixable one was fixed; else either.
    left = [x for x in fixrep if x.get('fixed') is not True
            and SEV.get(x.get('severity'), 0) >= SEV['medium']]
    fixable_left = [x for x in fixrep if x.get('fixable')
                    and x.get('fixed') is not True]
    if left:
        expect = {1}
        why = '%d findings at or above medium left, e.g. %s' % (
            len(left), listing(left, 3))
    elif not fixable_left:
        expect = {0}
        why = 'nothing at or above medium left and every fixable one fixed'
    else:
        expect = {0, 1}
        why = 'only fixable findings below medium left'
    if fix_exit in expect:
        emit('PASS', 'fix exit status', '%d: %s' % (fix_exit, why))
    else:
        emit('FAIL', 'fix exit status', 'exit %d, expected %s: %s' % (
            fix_exit, ' or '.join(str(e) for e in sorted(expect)), why))


if __name__ == '__main__':
    main()
