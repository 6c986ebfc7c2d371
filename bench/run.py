#!/usr/bin/env python3
"""run.py - time mta-harden on the inputs of bench/gen.py, next to the floor
(wc -l on the same bytes) and the MTAs' own tools, and write a report

usage: python3 bench/run.py --bin MTA_HARDEN --measure MEASURE
           --data DIR [--makemap PATH] [--repeat N] [--output FILE]
           [--examples DIR]

Every command runs under MEASURE (bench/measure.c: fork, exec, wait4), N
times (default 5; the 10 000 trees and the largest inputs at most 3
times), and the median of wall time, CPU time (user + system) and peak
resident memory is reported. The report (Markdown) goes to --output
(default bench/results.md) and to standard output.

Exit status: 0 when every command ran (mta-harden exits 0 or 1, the other
tools 0), 1 otherwise. Whether the targets are met is written in the
report, not in the exit status: timings depend on the machine.
"""

import argparse
import datetime
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile


class Failure(Exception):
    pass


class Bench:
    def __init__(self, args):
        self.a = args
        self.lines = []
        self.targets = []

    def measure(self, argv, repeat=None, stdin=None, ok=(0,), cwd=None):
        """median (wall s, cpu s, rss KiB) of repeated runs of argv"""
        n = repeat or self.a.repeat
        walls, cpus, rsss = [], [], []
        for _ in range(n):
            cmd = [self.a.measure]
            if stdin is not None:
                cmd += ["-i", stdin]
            cmd += ["--"] + argv
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
            if r.returncode != 0:
                raise Failure("measure failed for %s: %s"
                              % (" ".join(argv), r.stderr.strip()))
            wall, cpu, rss, status = (int(x) for x in r.stdout.split())
            if status not in ok:
                raise Failure("%s exited %d: %s"
                              % (" ".join(argv), status,
                                 r.stderr.strip()[-400:]))
            walls.append(wall / 1e6)
            cpus.append(cpu / 1e6)
            rsss.append(rss)
        return (statistics.median(walls), statistics.median(cpus),
                statistics.median(rsss))

    def out(self, text=""):
        self.lines.append(text)

    def table(self, head, rows):
        self.out("| " + " | ".join(head) + " |")
        self.out("|" + "|".join(" --- " for _ in head) + "|")
        for r in rows:
            self.out("| " + " | ".join(r) + " |")
        self.out()

    def target(self, what, value, limit, better, unit=""):
        """better is 'le' (value <= limit) or 'ge' (value >= limit)"""
        met = value <= limit if better == "le" else value >= limit
        if met:
            verdict = "met"
        elif better == "le":
            verdict = "missed by %.1fx" % (value / limit)
        else:
            verdict = "missed by %.1fx" % (limit / value if value else 0)
        self.targets.append((what, "%s%s" % (fmt_num(value), unit),
                             "%s %s%s" % ("<=" if better == "le" else ">=",
                                          fmt_num(limit), unit), verdict))


def fmt_num(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 10 else "%.2f s" % s


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0)


def row(name, m, ref=None):
    """a table row: wall, cpu, rss, and ratios to ref (wc -l)"""
    wall, cpu, rss = m
    cells = [name, ms(wall), ms(cpu), mib(rss)]
    if ref is not None:
        cells.append("%.1fx" % (wall / ref[0]) if ref[0] > 0 else "-")
        cells.append("%.1fx" % (cpu / ref[1]) if ref[1] > 0 else "-")
    return cells


def files_of(tree):
    found = []
    for d, _, fs in os.walk(tree):
        for f in sorted(fs):
            found.append(os.path.join(d, f))
    return sorted(found)


def size_of(paths):
    return sum(os.path.getsize(p) for p in paths)


def machine_notes():
    notes = []
    try:
        with open("/proc/cpuinfo") as f:
            models = [l.split(":", 1)[1].strip() for l in f
                      if l.startswith("model name")]
        notes.append("%d x %s" % (len(models), models[0] if models else "?"))
    except OSError:
        notes.append("%d CPUs" % (os.cpu_count() or 0))
    notes.append("Linux %s" % platform.release())
    return ", ".join(notes)


def load_and_neighbours():
    """the load average and what else used the CPU (from ps)"""
    try:
        load = " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        load = "?"
    try:
        ps = subprocess.run(["ps", "-eo", "pcpu=,comm=", "--sort=-pcpu"],
                            capture_output=True, text=True).stdout
        busy = []
        for l in ps.splitlines():
            pcpu, _, comm = l.strip().partition(" ")
            if float(pcpu) >= 5.0 and comm.strip() not in ("ps", "python3",
                                                           "measure"):
                busy.append("%s (%s%%)" % (comm.strip(), pcpu))
        others = ", ".join(busy[:8]) or "nothing above 5% CPU"
    except (OSError, ValueError):
        others = "unknown (no ps)"
    return load, others


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--measure", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--makemap")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--output", default=None)
    ap.add_argument("--examples", default=None)
    ap.add_argument("--work", default=None,
                    help="private directory for postmap and makemap "
                    "(default: a new one below build/)")
    a = ap.parse_args()
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    a.bin = os.path.abspath(a.bin)
    a.measure = os.path.abspath(a.measure)
    a.examples = a.examples or os.path.join(top, "examples")
    a.output = a.output or os.path.join(top, "bench", "results.md")
    for tool in ("wc", "postmap", "postalias", "postconf"):
        if shutil.which(tool) is None:
            print("bench: '%s' not found (make deps installs it)" % tool,
                  file=sys.stderr)
            return 1
    if a.makemap is None or not os.access(a.makemap, os.X_OK):
        print("bench: no makemap (--makemap; scripts/fetch-sendmail.sh "
              "unpacks it)", file=sys.stderr)
        return 1
    if a.work is None:
        os.makedirs(os.path.join(top, "build"), exist_ok=True)
        # makemap warns about a world-writable directory below /tmp
        a.work = tempfile.mkdtemp(prefix="bench.",
                                  dir=os.path.join(top, "build"))
    b = Bench(a)
    try:
        run(b, a)
    except Failure as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(a.work, ignore_errors=True)
    text = "\n".join(b.lines) + "\n"
    with open(a.output, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


def pf_conf(a):
    """a configuration directory for postmap and postalias (an empty
    main.cf: the defaults; they need one and the host may have none)"""
    d = os.path.join(a.work, "postfix-conf")
    if not os.path.isdir(d):
        os.makedirs(d)
        open(os.path.join(d, "main.cf"), "w").close()
    return d


def check(b, paths, repeat=None):
    return b.measure([b.a.bin, "check"] + paths, repeat=repeat, ok=(0, 1))


def wc(b, files, repeat=None):
    return b.measure(["wc", "-l"] + files, repeat=repeat)


def run(b, a):
    data = a.data
    load0, others0 = load_and_neighbours()
    b.out("# mta-harden benchmark")
    b.out()
    b.out("Written by `make bench` (bench/run.py) on %s UTC."
          % datetime.datetime.now(datetime.timezone.utc).strftime(
              "%Y-%m-%d %H:%M"))
    b.out("Machine: %s. Load average at the start: %s; busy processes "
          "then: %s." % (machine_notes(), load0, others0))
    b.out()
    b.out("Each figure is the median of %d runs (%d for the bundled "
          "examples, at most 3 for the many trees and the inputs of "
          "100 000 lines and more) under "
          "bench/measure (fork, exec, wait4): wall time, CPU time (user + "
          "system) and peak resident memory (ru_maxrss). Output goes to "
          "/dev/null. The machine is shared, so wall time can be far above "
          "CPU time; CPU time is the steadier figure. `wc -l` on the same "
          "files is the floor: the cost of reading the bytes."
          % (a.repeat, 2 * a.repeat + 1))
    b.out()
    big = min(a.repeat, 3)
    head = ["command", "wall", "CPU", "peak RSS", "wall / wc", "CPU / wc"]

    # 1. the bundled examples
    b.out("## Typical trees (examples/)")
    b.out()
    rows = []
    worst = worst_cpu = 0.0
    # the example config trees (examples/ also holds hooks and CI files)
    for ex in sorted(glob.glob(os.path.join(a.examples, "*", "etc"))):
        ex = os.path.dirname(ex)
        fs = files_of(ex)
        ref = wc(b, fs, repeat=2 * a.repeat + 1)
        m = check(b, [ex], repeat=2 * a.repeat + 1)
        worst = max(worst, m[0])
        worst_cpu = max(worst_cpu, m[1])
        name = os.path.basename(ex)
        rows.append(row("check %s (%d files, %d bytes)"
                        % (name, len(fs), size_of(fs)), m, ref))
        rows.append(row("wc -l %s" % name, ref))
    b.table(head, rows)
    b.target("check of a typical tree (slowest example), wall",
             worst * 1000, 10, "le", " ms")
    b.target("check of a typical tree (slowest example), CPU",
             worst_cpu * 1000, 10, "le", " ms")

    # 2. the access map
    acc = os.path.join(data, "access", "etc", "mail", "access")
    nlines = sum(1 for _ in open(acc, "rb"))
    size = os.path.getsize(acc)
    b.out("## Access map: %s lines, %.1f MiB"
          % (fmt_int(nlines), size / 1048576.0))
    b.out()
    b.out("`check` reads etc/mail (the map and a small sendmail.mc). "
          "postmap and makemap build a hash database of a copy of the same "
          "file.")
    b.out()
    ref = wc(b, [acc], repeat=big)
    m = check(b, [os.path.join(data, "access")], repeat=big)
    copy = os.path.join(a.work, "access")
    shutil.copyfile(acc, copy)
    pm = b.measure(["postmap", "-c", pf_conf(a), "hash:" + copy],
                   repeat=big)
    empty_cf = os.path.join(a.work, "empty.cf")
    open(empty_cf, "w").close()
    mm = b.measure([a.makemap, "-C", empty_cf, "hash",
                    os.path.join(a.work, "access-makemap")], repeat=big,
                   stdin=acc)
    b.table(head + ["tool / check"],
            [row("mta-harden check", m, ref) + ["1.0x"],
             row("wc -l", ref) + ["", "", ""],
             row("postmap hash:", pm, ref) + ["%.1fx" % (pm[0] / m[0])],
             row("makemap hash", mm, ref) + ["%.1fx" % (mm[0] / m[0])]])
    b.out("check's peak memory: %.2fx the file size." % (m[2] * 1024.0 / size))
    b.out()
    what = "%s-line access map" % fmt_int(nlines)
    b.target(what + ": check wall / wc -l wall", m[0] / ref[0], 10,
             "le", "x")
    b.target(what + ": check CPU / wc -l CPU", m[1] / max(ref[1], 1e-3),
             10, "le", "x")
    b.target(what + ": postmap wall / check wall", pm[0] / m[0], 10,
             "ge", "x")
    b.target(what + ": postmap CPU / check CPU", pm[1] / max(m[1], 1e-3),
             10, "ge", "x")
    b.target(what + ": makemap wall / check wall", mm[0] / m[0], 10,
             "ge", "x")
    b.target(what + ": makemap CPU / check CPU", mm[1] / max(m[1], 1e-3),
             10, "ge", "x")
    b.target(what + ": check peak memory / file size",
             m[2] * 1024.0 / size, 1.5, "le", "x")

    # 3. aliases
    al = os.path.join(data, "aliases", "etc", "mail", "aliases")
    nal = sum(1 for l in open(al, "rb") if l[:1] not in (b" ", b"\t", b"#"))
    size = os.path.getsize(al)
    b.out("## Aliases: %s aliases, %.1f MiB"
          % (fmt_int(nal), size / 1048576.0))
    b.out()
    ref = wc(b, [al], repeat=big)
    m = check(b, [os.path.join(data, "aliases")], repeat=big)
    copy = os.path.join(a.work, "aliases")
    shutil.copyfile(al, copy)
    pa = b.measure(["postalias", "-c", pf_conf(a), "hash:" + copy],
                   repeat=big)
    b.table(head + ["tool / check"],
            [row("mta-harden check", m, ref) + ["1.0x"],
             row("wc -l", ref) + ["", "", ""],
             row("postalias hash:", pa, ref) + ["%.1fx" % (pa[0] / m[0])]])
    b.out("check's peak memory: %.2fx the file size." % (m[2] * 1024.0 / size))
    b.out()
    what = "%s aliases" % fmt_int(nal)
    b.target(what + ": check wall / wc -l wall", m[0] / ref[0], 10,
             "le", "x")
    b.target(what + ": check CPU / wc -l CPU", m[1] / max(ref[1], 1e-3),
             10, "le", "x")

    # 4. main.cf
    pdir = os.path.join(data, "postfix", "etc", "postfix")
    fs = files_of(pdir)
    nparams = sum(1 for l in open(os.path.join(pdir, "main.cf"))
                  if l[:1].isalpha())
    b.out("## Postfix main.cf: %d parameters, %d bytes"
          % (nparams, size_of(fs)))
    b.out()
    ref = wc(b, fs)
    m = check(b, [os.path.join(data, "postfix")])
    pc = b.measure(["postconf", "-c", pdir, "-n"])
    b.table(head + ["tool / check"],
            [row("mta-harden check", m, ref) + ["1.0x"],
             row("wc -l", ref) + ["", "", ""],
             row("postconf -c DIR -n", pc, ref) +
             ["%.1fx" % (pc[0] / m[0])]])

    # 5. sendmail .mc and .cf
    sdir = os.path.join(data, "sendmail")
    fs = files_of(sdir)
    b.out("## sendmail tree: sendmail.mc, sendmail.cf, access, aliases "
          "(%d bytes)" % size_of(fs))
    b.out()
    ref = wc(b, fs)
    m = check(b, [sdir])
    b.table(head, [row("mta-harden check", m, ref), row("wc -l", ref)])

    # 6. many small trees
    trees = sorted(glob.glob(os.path.join(data, "trees", "*")))
    fs = [f for t in trees for f in files_of(t)]
    b.out("## %s small trees in one run" % fmt_int(len(trees)))
    b.out()
    b.out("`mta-harden check TREE...` with every tree on one command line "
          "(one process; the profile is read once).")
    b.out()
    ref = wc(b, fs, repeat=big)
    m = check(b, trees, repeat=big)
    per_min = len(trees) / m[0] * 60 if m[0] > 0 else 0
    b.table(head, [row("mta-harden check (%d trees)" % len(trees), m, ref),
                   row("wc -l (%d files)" % len(fs), ref)])
    b.out("%.0f trees per minute (wall); %.2f ms per tree."
          % (per_min, m[0] * 1000 / max(len(trees), 1)))
    b.out()
    b.target("%s trees: trees per minute (wall)" % fmt_int(len(trees)),
             per_min, 10000, "ge")
    b.target("%s trees: trees per minute of CPU" % fmt_int(len(trees)),
             len(trees) / max(m[1], 1e-3) * 60, 10000, "ge")

    # 7. scaling
    sizes = sorted(int(os.path.basename(d).split("-")[1])
                   for d in glob.glob(os.path.join(data, "scale", "access-*")))
    b.out("## Scaling: access maps from %s to %s lines"
          % (fmt_int(sizes[0]), fmt_int(sizes[-1])) if sizes else
          "## Scaling")
    b.out()
    rows = []
    per_line = []
    for n in sizes:
        d = os.path.join(data, "scale", "access-%d" % n)
        f = os.path.join(d, "etc", "mail", "access")
        size = os.path.getsize(f)
        rep = big if n >= 100000 else a.repeat
        ref = wc(b, [f], repeat=rep)
        m = check(b, [d], repeat=rep)
        per_line.append((n, m[1] / n * 1e9, m[2] * 1024.0 / n))
        rows.append([fmt_int(n), "%.1f MiB" % (size / 1048576.0), ms(m[0]),
                     ms(m[1]), "%.0f ns" % (m[1] / n * 1e9), mib(m[2]),
                     "%.0f B" % (m[2] * 1024.0 / n),
                     "%.2fx" % (m[2] * 1024.0 / size),
                     "%.1fx" % (m[0] / ref[0]) if ref[0] > 0 else "-"])
    b.table(["lines", "file", "wall", "CPU", "CPU per line", "peak RSS",
             "RSS per line", "RSS / file", "wall / wc"], rows)
    if len(per_line) >= 2:
        lo, hi = per_line[0], per_line[-1]
        b.out("From %s to %s lines (%.0fx the input) CPU time grows %.1fx "
              "and peak memory %.1fx: CPU per line goes from %.0f to %.0f "
              "ns, memory per line from %.0f to %.0f bytes (at 10 000 "
              "lines the fixed cost of starting, the profile and the rules "
              "still counts)."
              % (fmt_int(lo[0]), fmt_int(hi[0]), hi[0] / lo[0],
                 hi[1] * hi[0] / (lo[1] * lo[0]),
                 hi[2] * hi[0] / (lo[2] * lo[0]), lo[1], hi[1], lo[2],
                 hi[2]))
        b.out()

    load1, others1 = load_and_neighbours()
    b.out("## Targets")
    b.out()
    b.table(["target", "measured", "goal", "verdict"], b.targets)
    b.out("Load average at the end: %s; busy processes then: %s."
          % (load1, others1))
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "notes.md")
    if os.path.exists(notes):
        b.out()
        with open(notes) as f:
            b.out(f.read().rstrip("\n"))


def fmt_int(n):
    return "{:,}".format(n).replace(",", " ")


if __name__ == "__main__":
    sys.exit(main())
