#!/bin/sh
# kill-write.sh - SIGKILL during fix --write and fix --output at every
# step of the write: a first run under strace lists its system calls, and
# each call from the first change below the tree to the end that may
# change something (open, write, fsync, fchmod, fchown, link, rename,
# unlink, mkdir, close, ...) is then, in its own run, the one where
# strace kills it (-e inject=CALL:signal=SIGKILL:when=N, N counting that
# call alone). The number of runs is the program's number of steps, not
# a matter of time or load. After each kill every file must be its old or
# its new version, never a part of one, with its mode; a backup is the
# old version; a temporary file left by the kill is never read by the
# next run; every kill point must be reached.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v strace >/dev/null ||
    { echo "kill-write: strace is missing (scripts/install-deps.sh)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 - "$MH_BIN" "$top" "$tmp" <<'PY'
import os, re, shutil, signal, subprocess, sys, time

mh, top, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
tree = os.path.join(tmp, "tree")
etc = os.path.join(tree, "etc")
out = os.path.join(tmp, "out")
trace = os.path.join(tmp, "trace")
fails = []
MAX_POINTS = 5000       # a bound on the loop; a fix run has a few hundred

def bad(msg):
    fails.append(msg)
    print("not ok: " + msg)

# LeakSanitizer cannot run under ptrace (a sanitizer build); the runs
# without strace below keep it
traced_env = dict(os.environ)
traced_env["ASAN_OPTIONS"] = ":".join(
    x for x in (os.environ.get("ASAN_OPTIONS", ""), "detect_leaks=0") if x)

# Postfix and sendmail in one root: several files change in one run
shutil.copytree(os.path.join(top, "examples/postfix-insecure/etc"), etc)
shutil.copytree(os.path.join(top, "examples/sendmail-insecure/etc/mail"),
                os.path.join(etc, "mail"))
os.chmod(os.path.join(etc, "postfix/main.cf"), 0o640)

def snapshot(root):
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, root)] = f.read()
    return files

old = snapshot(tree)
modes = {k: os.stat(os.path.join(tree, k)).st_mode & 0o7777 for k in old}
args = [mh, "fix", "--profile", "dmz", "-q"]
modes_of_run = {"--write": args + ["--write", etc],
                "--output": args + ["--output", out, etc]}
subprocess.run(modes_of_run["--output"], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
new = snapshot(out)
changed = sorted(k for k in old if new.get(k) != old[k])
if len(changed) < 2:
    bad("the fix changes fewer than two files: %s" % changed)
temp_name = re.compile(r"^\.(.+)\.mh-[A-Za-z0-9]{6}$")

def restore():
    for d, _, names in os.walk(tree):
        for n in names:
            p = os.path.join(d, n)
            k = os.path.relpath(p, tree)
            if k not in old:
                os.unlink(p)
    for k in changed:
        p = os.path.join(tree, k)
        with open(p, "rb") as f:
            now = f.read()
        if now != old[k]:
            with open(p + ".restore", "wb") as f:
                f.write(old[k])
            os.chmod(p + ".restore", modes[k])
            os.rename(p + ".restore", p)
    shutil.rmtree(out, ignore_errors=True)

def verify_write(what):
    """bad() for every file that is not as it may be; the leftovers"""
    leftovers = []
    for d, _, names in os.walk(tree):
        for n in names:
            p = os.path.join(d, n)
            k = os.path.relpath(p, tree)
            with open(p, "rb") as f:
                data = f.read()
            if k in old:
                if data != old[k] and data != new[k]:
                    bad("%s: %s is neither old nor new (%d bytes)" % (what, k, len(data)))
                if os.stat(p).st_mode & 0o7777 != modes[k]:
                    bad("%s: %s lost its mode" % (what, k))
            elif k.endswith(".orig") and k[:-5] in old:
                if data != old[k[:-5]]:
                    bad("%s: %s is not the old version" % (what, k))
            elif temp_name.match(n):
                leftovers.append(p)
            else:
                bad("%s: unexpected file %s" % (what, k))
    return leftovers

def verify_output(what):
    leftovers = []
    for d, _, names in os.walk(out):
        for n in names:
            p = os.path.join(d, n)
            k = os.path.relpath(p, out)
            with open(p, "rb") as f:
                data = f.read()
            if temp_name.match(n):
                leftovers.append(p)
            elif k not in new or data != new[k]:
                bad("%s: --output %s is partial or wrong (%d bytes)" % (what, k, len(data)))
    return leftovers

def check_json():
    return subprocess.run([mh, "check", "-f", "json", etc],
                          capture_output=True).stdout

# System calls that change nothing on disk: a kill there is the same as
# a kill at the next call that may. Every other call is a kill point.
READ_ONLY = set("""read pread64 readv preadv preadv2 lseek fstat newfstatat
stat lstat statx fstatfs statfs readlink readlinkat getcwd getdents64 access
faccessat faccessat2 fcntl ioctl mmap munmap mremap mprotect madvise brk
getrandom clock_gettime gettimeofday time getpid gettid getppid getuid geteuid
getgid getegid getgroups getresuid getresgid rt_sigaction rt_sigprocmask
sigaltstack futex sysinfo prlimit64 getrlimit uname umask arch_prctl
set_tid_address set_robust_list rseq sched_getaffinity sched_yield
poll ppoll select pselect6 nanosleep clock_nanosleep""".split())
# calls that change the file system by a path (or through an fd opened for
# writing, which an open* below the tree comes first)
BY_PATH = set("""mkdir mkdirat link linkat symlink symlinkat rename renameat
renameat2 unlink unlinkat rmdir creat truncate chmod fchmodat chown lchown
fchownat utimensat utimes""".split())
OPENS = {"open", "openat", "openat2"}
call_line = re.compile(r"^(\d+) +([a-z_][a-z0-9_]*)\((.*)$")

def kill_points(lines):
    """[(call, n)]: the n-th call of that name in the run, for each call
    from the first change below tmp to the end that may change anything"""
    seen, points, started, pids = {}, [], False, set()
    for line in lines:
        m = call_line.match(line)
        if m is None:
            continue
        pid, name, rest = m.groups()
        pids.add(pid)
        seen[name] = seen.get(name, 0) + 1
        if not started and tmp in rest and (name in BY_PATH or (
                name in OPENS and re.search(r"O_(WRONLY|RDWR|CREAT|TRUNC)", rest))):
            started = True
        if started and name not in READ_ONLY:
            points.append((name, seen[name]))
    if len(pids) != 1:
        bad("the run is %d processes, not one: a kill point would count "
            "the calls of each" % len(pids))
    return points

totals = {}
for mode, cmd in modes_of_run.items():
    # the run that lists the calls, uninterrupted
    restore()
    r = subprocess.run(["strace", "-f", "-qq", "-o", trace] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=traced_env)
    if r.returncode not in (0, 1):
        bad("%s under strace: exit %d" % (mode, r.returncode))
    with open(trace, errors="replace") as f:
        points = kill_points(f.read().splitlines())
    if mode == "--write":
        if verify_write("%s uninterrupted" % mode):
            bad("%s uninterrupted: a temporary file is left" % mode)
        now = snapshot(tree)
        for k in changed:
            if now.get(k) != new[k] or now.get(k + ".orig") != old[k]:
                bad("%s uninterrupted: %s or its backup is not as fixed" % (mode, k))
    elif snapshot(out) != new:
        bad("%s uninterrupted: the copy is not the hardened tree" % mode)
    if not points:
        bad("%s: no system call changes anything below %s" % (mode, tmp))
    if len(points) > MAX_POINTS:
        bad("%s: %d kill points, more than %d" % (mode, len(points), MAX_POINTS))
        points = points[:MAX_POINTS]

    calls = {}
    mixed = temps = 0
    t = time.monotonic()
    for name, n in points:
        calls[name] = calls.get(name, 0) + 1
        what = "%s killed at %s #%d" % (mode, name, n)
        restore()
        r = subprocess.run(
            ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + name,
             "-e", "inject=%s:signal=SIGKILL:when=%d" % (name, n)] + cmd,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=traced_env)
        if r.returncode != -signal.SIGKILL:
            bad("%s: not reached (exit %d): the calls differ from run to run"
                % (what, r.returncode))
        if mode == "--output":
            temps += bool(verify_output(what))
            continue
        leftovers = verify_write(what)
        now = snapshot(tree)
        mixed += len({now[k] == new[k] for k in changed}) > 1
        if leftovers:
            # what the next run reads: the same with them and without
            temps += 1
            with_them = check_json()
            for p in leftovers:
                os.unlink(p)
            if check_json() != with_them:
                bad("%s: a temporary file it left changed what check reads" % what)
        if len(fails) >= 10:
            break
    if len(fails) >= 10:
        break
    totals[mode] = len(points)
    print("kill-write: %s: %d kill points, each reached (%s); %d left a "
          "temporary file%s; %.1f s" %
          (mode, len(points), ", ".join("%s %d" % kv for kv in sorted(calls.items())),
           temps, "" if mode == "--output" else
           ", %d a tree between old and new" % mixed, time.monotonic() - t))
    # the points cover the whole write, not only its start
    if mode == "--write" and len(changed) >= 2 and mixed == 0:
        bad("--write: no kill point fell between the replacement of two files")
    if temps == 0:
        bad("%s: no kill point left a temporary file" % mode)

# a temporary file a kill could leave is not read by the next run
restore()
ref = check_json()
for k in changed:
    d, n = os.path.split(os.path.join(tree, k))
    with open(os.path.join(d, "." + n + ".mh-Ab12Cd"), "wb") as f:
        f.write(b"half a fi")
if check_json() != ref:
    bad("a leftover temporary file changed what check reads")

print("kill-write: %d runs killed, %d failed" % (sum(totals.values()), len(fails)))
sys.exit(1 if fails else 0)
PY
