#!/bin/sh
# kill-write.sh - SIGKILL during fix --write and fix --output, at random
# moments over the whole run, at least MH_KILLS (1000) times: every file
# must then be either its old or its new version, never a part of one,
# with its mode; a backup is the old version; a temporary file left by a
# kill is never read by the next run.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
exec python3 - "$MH_BIN" "$top" "$tmp" "${MH_KILLS:-1000}" <<'PY'
import os, random, re, shutil, signal, subprocess, sys, time

mh, top, tmp, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tree = os.path.join(tmp, "tree")
etc = os.path.join(tree, "etc")
out = os.path.join(tmp, "out")
fails = []

def bad(msg):
    fails.append(msg)
    print("not ok: " + msg)

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
subprocess.run(args + ["--output", out, etc], stdout=subprocess.DEVNULL,
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

def verify_write(i):
    leftovers = 0
    for d, _, names in os.walk(tree):
        for n in names:
            p = os.path.join(d, n)
            k = os.path.relpath(p, tree)
            with open(p, "rb") as f:
                data = f.read()
            if k in old:
                if data != old[k] and data != new[k]:
                    bad("kill %d: %s is neither old nor new (%d bytes)" % (i, k, len(data)))
                if os.stat(p).st_mode & 0o7777 != modes[k]:
                    bad("kill %d: %s lost its mode" % (i, k))
            elif k.endswith(".orig") and k[:-5] in old:
                if data != old[k[:-5]]:
                    bad("kill %d: %s is not the old version" % (i, k))
            elif temp_name.match(n):
                leftovers += 1
            else:
                bad("kill %d: unexpected file %s" % (i, k))
    return leftovers

def verify_output(i):
    for d, _, names in os.walk(out):
        for n in names:
            p = os.path.join(d, n)
            k = os.path.relpath(p, out)
            with open(p, "rb") as f:
                data = f.read()
            if temp_name.match(n):
                continue
            if k not in new or data != new[k]:
                bad("kill %d: --output %s is partial or wrong (%d bytes)" % (i, k, len(data)))

# how long a whole run takes: kills are spread over it
times = []
for _ in range(5):
    restore()
    t = time.monotonic()
    subprocess.run(args + ["--write", etc], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    times.append(time.monotonic() - t)
    if snapshot(tree).get(changed[0]) != new[changed[0]]:
        bad("an uninterrupted --write did not write")
span = sorted(times)[len(times) // 2] * 1.2

kills = done = mixed = temps = 0
i = 0
while kills < want and i < want * 4 and len(fails) < 10:
    i += 1
    restore()
    write = i % 2 == 0
    cmd = args + (["--write", etc] if write else ["--output", out, etc])
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0, span))
    p.send_signal(signal.SIGKILL)
    rc = p.wait()
    if rc == -signal.SIGKILL:
        kills += 1
    else:
        done += 1
        if rc not in (0, 1):
            bad("run %d: exit %d" % (i, rc))
    if write:
        temps += verify_write(i) > 0
        now = snapshot(tree)
        states = {now[k] == new[k] for k in changed}
        mixed += len(states) > 1
    else:
        verify_output(i)

# a temporary file a kill left behind is not read by the next run
restore()
ref = subprocess.run([mh, "check", "-f", "json", etc], capture_output=True)
for k in changed:
    d, n = os.path.split(os.path.join(tree, k))
    with open(os.path.join(d, "." + n + ".mh-Ab12Cd"), "wb") as f:
        f.write(b"half a fi")
again = subprocess.run([mh, "check", "-f", "json", etc], capture_output=True)
if again.stdout != ref.stdout:
    bad("a leftover temporary file changed what check reads")

print("kill-write: %d kills (%d runs finished first), %d trees caught between "
      "files, %d kills left a temporary file, run %.1f ms" %
      (kills, done, mixed, temps, span / 1.2 * 1000))
if kills < want:
    bad("only %d kills" % kills)
print("kill-write: %d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
