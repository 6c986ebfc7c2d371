#!/bin/sh
# hooks.sh - the integrations run as written on fixture trees: the
# pre-deploy hook (SARIF and JUnit from one run, exit status by threshold),
# the pre-commit hook through the pre-commit framework itself, and the
# run:/script: lines of the GitHub Actions and GitLab CI examples (package
# installation stubbed), with the reports they publish checked: JUnit by
# xmllint, SARIF as JSON of version 2.1.0.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
not_ok() { fail=$((fail + 1)); echo "not ok: $*"; }
missing=""
for tool in xmllint python3 pre-commit git bash; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "hooks: missing:$missing (make deps installs them)"
	echo "hooks: 0 passed, 1 failed"
	exit 1
fi

# valid_reports SARIF JUNIT - both exist; JUnit well-formed with test
# cases, SARIF a 2.1.0 document with one run of mta-harden
valid_reports() {
	xmllint --noout "$2" 2>"$tmp/xmllint.err" &&
	    grep -q '<testcase' "$2" &&
	    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d.get("version")
assert d["runs"][0]["tool"]["driver"]["name"] == "mta-harden"
assert isinstance(d["runs"][0]["results"], list)
PY
}

# Fixture trees: an image root with both MTAs, insecure and hardened (the
# databases built after their sources, as on a host).
mkdir -p "$tmp/bad/etc" "$tmp/good/etc"
cp -r "$top/examples/postfix-insecure/etc/." "$tmp/bad/etc/"
cp -r "$top/examples/sendmail-insecure/etc/." "$tmp/bad/etc/"
cp -r "$top/examples/postfix-hardened/etc/." "$tmp/good/etc/"
cp -r "$top/examples/sendmail-hardened/etc/." "$tmp/good/etc/"
for db in etc/aliases.db etc/postfix/transport.db etc/mail/access.db \
    etc/mail/aliases.db; do
	: >"$tmp/good/$db"
done
# mta-harden on PATH, as an installed one would be
mkdir -p "$tmp/bin"
ln -s "$MH_BIN" "$tmp/bin/mta-harden"

# ---- examples/hooks/pre-deploy
hook=$top/examples/hooks/pre-deploy
PATH=$tmp/bin:$PATH sh "$hook" -r "$tmp/r1" "$tmp/bad" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 1 ] && grep -q 'MH' "$tmp/out" &&
    grep -q 'deploy stopped' "$tmp/err" &&
    valid_reports "$tmp/r1/mta-harden.sarif" "$tmp/r1/mta-harden-junit.xml"
then ok; else not_ok "pre-deploy on the insecure tree: exit $status $(cat "$tmp/err")"; fi
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
sys.exit(0 if r else 1)' "$tmp/r1/mta-harden.sarif" &&
    grep -q '<failure' "$tmp/r1/mta-harden-junit.xml"; then ok; else
	not_ok "pre-deploy: the reports of the insecure tree hold its findings"; fi
PATH=$tmp/bin:$PATH sh "$hook" -r "$tmp/r2" "$tmp/good" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 0 ] &&
    valid_reports "$tmp/r2/mta-harden.sarif" "$tmp/r2/mta-harden-junit.xml"
then ok; else not_ok "pre-deploy on the hardened tree: exit $status $(cat "$tmp/err")"; fi
# the threshold decides, as --fail-on does
seen=""
for tree in bad good; do
	for sev in low high critical; do
		rm -f "$tmp/mta-harden.sarif"
		(cd "$tmp" && PATH=$tmp/bin:$PATH sh "$hook" -t "$sev" -p dmz \
		    "$tree" >/dev/null 2>&1)
		got=$?
		"$MH_BIN" check -q -p dmz --root "$tmp/$tree" --fail-on "$sev" \
		    "$tmp/$tree" >/dev/null 2>&1
		want=$?
		seen="$seen$got"
		if [ "$got" -eq "$want" ] && [ -s "$tmp/mta-harden.sarif" ]; then
			ok; else not_ok "pre-deploy -t $sev -p dmz $tree: exit" \
			    "$got, check says $want"; fi
	done
done
# the threshold made a difference somewhere
case $seen in *0*1* | *1*0*) ok ;; *) not_ok "pre-deploy -t: always $seen" ;; esac
for args in "" "-t severe $tmp/bad" "$tmp/missing" "-x $tmp/bad" \
    "$tmp/bad $tmp/good"; do
	# shellcheck disable=SC2086
	PATH=$tmp/bin:$PATH sh "$hook" $args >/dev/null 2>"$tmp/err"
	status=$?
	if [ "$status" -eq 2 ] && [ -s "$tmp/err" ]; then ok; else
		not_ok "pre-deploy $args: exit $status, want 2 and a message"; fi
done
MTA_HARDEN=$tmp/no-such-binary sh "$hook" -r "$tmp/r3" "$tmp/bad" \
    >/dev/null 2>&1
status=$?
if [ "$status" -eq 3 ]; then ok; else not_ok "pre-deploy without mta-harden: exit $status, want 3"; fi

# ---- .pre-commit-hooks.yaml: which files trigger it
if python3 - "$top/.pre-commit-hooks.yaml" <<'PY'
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
h = [h for h in hooks if h["id"] == "mta-harden"][0]
assert h["language"] in ("system", "script"), h["language"]
files = re.compile(h["files"])
match = ["main.cf", "etc/postfix/main.cf", "postfix/master.cf",
         "etc/mail/sendmail.mc", "etc/mail/sendmail.cf", "mail/submit.mc",
         "etc/mail/submit.cf", "etc/mail/access", "etc/aliases", "aliases"]
no = ["main.cf.orig", "etc/postfix/main.cf~", "etc/mail/access.db",
      "etc/aliases.db", "mymain.cf", "README.md", "docs/aliases.md",
      "etc/postfix/transport", "sendmail.mc.bak"]
bad = [p for p in match if not files.search(p)] + \
      ["(no) " + p for p in no if files.search(p)]
if bad:
    print("files regex wrong for:", bad)
    sys.exit(1)
PY
then ok; else not_ok ".pre-commit-hooks.yaml files regex"; fi

# ---- the pre-commit framework runs the hook as this repository defines
# it: a hook repository holding .pre-commit-hooks.yaml, and configuration
# repositories that use it
hookrepo=$tmp/hookrepo
mkdir -p "$hookrepo"
cp "$top/.pre-commit-hooks.yaml" "$hookrepo/"
gitc() { git -c user.name=t -c user.email=t@example.org "$@"; }
git -C "$hookrepo" init -q && git -C "$hookrepo" add -A &&
    gitc -C "$hookrepo" commit -q -m hooks
rev=$(git -C "$hookrepo" rev-parse HEAD)
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
# commit_repo DIR TREE - a git repository holding TREE at its root
commit_repo() {
	mkdir -p "$1"
	[ -z "$2" ] || cp -r "$2/." "$1/"
	echo "configs" >"$1/README"
	printf 'repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: mta-harden\n' \
	    "$hookrepo" "$rev" >"$1/.pre-commit-config.yaml"
	git -C "$1" init -q
	git -C "$1" add -A
	gitc -C "$1" commit -q -m fixture
}
commit_repo "$tmp/repo-bad" "$tmp/bad"
commit_repo "$tmp/repo-good" "$tmp/good"
commit_repo "$tmp/repo-none" ""
run_all() {
	(cd "$1" && PATH=$tmp/bin:$PATH pre-commit run --all-files) \
	    >"$tmp/pc.out" 2>&1
}
run_all "$tmp/repo-bad"
status=$?
if [ "$status" -eq 1 ] && grep -q '^mta-harden.*Failed' "$tmp/pc.out" &&
    grep -q 'MH' "$tmp/pc.out"; then ok; else
	not_ok "pre-commit on the insecure repository: exit $status"; cat "$tmp/pc.out"; fi
run_all "$tmp/repo-good"
status=$?
if [ "$status" -eq 0 ] && grep -q '^mta-harden.*Passed' "$tmp/pc.out"; then ok; else
	not_ok "pre-commit on the hardened repository: exit $status"; cat "$tmp/pc.out"; fi
run_all "$tmp/repo-none"
status=$?
if [ "$status" -eq 0 ] && grep -q '^mta-harden.*Skipped' "$tmp/pc.out"; then ok; else
	not_ok "pre-commit with no config file: exit $status"; cat "$tmp/pc.out"; fi
# installed as the git hook: a commit that makes the tree insecure is
# refused, one that touches no config passes
before=$(git -C "$tmp/repo-good" rev-parse HEAD)
(cd "$tmp/repo-good" && pre-commit install >/dev/null &&
    cp "$tmp/bad/etc/postfix/main.cf" etc/postfix/main.cf &&
    PATH=$tmp/bin:$PATH gitc commit -q -am "open relay") >"$tmp/pc.out" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -q '^mta-harden.*Failed' "$tmp/pc.out" &&
    [ "$(git -C "$tmp/repo-good" rev-parse HEAD)" = "$before" ]; then ok; else
	not_ok "git commit of an insecure main.cf was not refused"; cat "$tmp/pc.out"; fi
(cd "$tmp/repo-good" && git checkout -q etc/postfix/main.cf &&
    echo more >>README &&
    PATH=$tmp/bin:$PATH gitc commit -q -am "docs") >"$tmp/pc.out" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q '^mta-harden.*Skipped' "$tmp/pc.out"; then ok; else
	not_ok "git commit of README only: exit $status"; cat "$tmp/pc.out"; fi

# ---- the CI examples: their shell lines, on a workspace with the tree
# at CONFIG_TREE and mta-harden's source where the example expects it
mkdir -p "$tmp/stubs"
cat >"$tmp/stubs/apt-get" <<'EOF'
#!/bin/sh
echo "$*" >>"$STUB_LOG"
EOF
cat >"$tmp/stubs/sudo" <<'EOF'
#!/bin/sh
exec "$@"
EOF
chmod +x "$tmp/stubs/apt-get" "$tmp/stubs/sudo"
export STUB_LOG="$tmp/apt.log"
cat >"$tmp/ci.py" <<'PY'
"""Run the shell of a CI example as its runner would, in a workspace."""
import json, os, re, subprocess, sys, yaml

kind, path, ws, stubs = sys.argv[1:5]
doc = yaml.safe_load(open(path))
env = dict(os.environ)
env["PATH"] = stubs + os.pathsep + env["PATH"]

def run(script, extra):
    e = dict(env)
    e.update(extra)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                           "pipefail", "-c", script], cwd=ws, env=e).returncode

def sarif_ok(p):
    try:
        d = json.load(open(os.path.join(ws, p)))
        return d["version"] == "2.1.0" and isinstance(
            d["runs"][0]["results"], list)
    except (OSError, ValueError, KeyError, IndexError) as e:
        print("sarif %s: %s" % (p, e))
        return False

if kind == "github":
    job = list(doc["jobs"].values())[0]
    env.update({k: str(v) for k, v in doc.get("env", {}).items()})
    env.update({k: str(v) for k, v in job.get("env", {}).items()})
    outputs, failed = {}, False
    for n, step in enumerate(job["steps"]):
        cond = step.get("if", "success()")
        if failed and "always()" not in cond:
            continue
        if "run" in step:
            files = {k: os.path.join(ws, ".gh-%s-%d" % (k, n))
                     for k in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV")}
            for f in files.values():
                open(f, "w").close()
            script = re.sub(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}",
                            lambda m: outputs.get(m.group(1), {}).get(
                                m.group(2), ""), step["run"])
            script = re.sub(r"\$\{\{\s*env\.(\w+)\s*\}\}",
                            lambda m: env.get(m.group(1), ""), script)
            assert "${{" not in script, script
            rc = run(script, files)
            print("step %r: exit %d" % (step.get("name", n), rc))
            failed = failed or rc != 0
            for line in open(files["GITHUB_OUTPUT"]):
                k, _, v = line.rstrip("\n").partition("=")
                outputs.setdefault(step.get("id", ""), {})[k] = v
            for line in open(files["GITHUB_PATH"]):
                env["PATH"] = line.strip() + os.pathsep + env["PATH"]
        elif step["uses"].startswith("github/codeql-action/upload-sarif"):
            ok = sarif_ok(step["with"]["sarif_file"])
            print("upload-sarif %s: %s" % (step["with"]["sarif_file"],
                                            "valid" if ok else "INVALID"))
            failed = failed or not ok
        elif step["uses"].startswith("actions/upload-artifact"):
            for p in step["with"]["path"].split():
                if not os.path.exists(os.path.join(ws, p)):
                    print("upload-artifact: %s missing" % p)
                    failed = True
    sys.exit(1 if failed else 0)

job = doc["mta-harden"]
env.update({k: str(v) for k, v in job.get("variables", {}).items()})
lines = job.get("before_script", []) + job["script"]
rc = run("\n".join(lines), {})
print("job: exit %d" % rc)
art = job["artifacts"]
assert art["when"] == "always"
for p in art["paths"] + [art["reports"]["junit"]]:
    if not os.path.exists(os.path.join(ws, p)):
        print("artifact %s missing" % p)
        rc = rc or 3
print("junit:", os.path.join(ws, art["reports"]["junit"]))
sys.exit(rc)
PY
for tree in bad good; do
	want=0
	[ "$tree" = good ] || want=1
	# GitHub: the second checkout puts mta-harden's source at .mta-harden
	ws=$tmp/gh-$tree
	mkdir -p "$ws"
	cp -r "$tmp/$tree" "$ws/image"
	ln -s "$top" "$ws/.mta-harden"
	: >"$STUB_LOG"
	python3 "$tmp/ci.py" github "$top/examples/ci/github-actions.yml" \
	    "$ws" "$tmp/stubs" >"$tmp/ci.out" 2>&1
	status=$?
	if [ "$status" -eq "$want" ] && grep -q 'upload-sarif.*valid' "$tmp/ci.out" &&
	    valid_reports "$ws/mta-harden.sarif" "$ws/mta-harden-junit.xml" &&
	    grep -q 'install.*libyaml-dev.*libjansson-dev.*libxml2-dev' "$STUB_LOG"
	then ok; else
		not_ok "GitHub example on the $tree tree: exit $status, want $want"
		cat "$tmp/ci.out"
	fi
	# GitLab: the submodule puts it at mta-harden
	ws=$tmp/gl-$tree
	mkdir -p "$ws"
	cp -r "$tmp/$tree" "$ws/image"
	ln -s "$top" "$ws/mta-harden"
	: >"$STUB_LOG"
	python3 "$tmp/ci.py" gitlab "$top/examples/ci/gitlab-ci.yml" \
	    "$ws" "$tmp/stubs" >"$tmp/ci.out" 2>&1
	status=$?
	if [ "$status" -eq "$want" ] &&
	    valid_reports "$ws/mta-harden.sarif" "$ws/mta-harden-junit.xml" &&
	    grep -q 'install.*libyaml-dev.*libjansson-dev.*libxml2-dev' "$STUB_LOG"
	then ok; else
		not_ok "GitLab example on the $tree tree: exit $status, want $want"
		cat "$tmp/ci.out"
	fi
done

# ---- the SARIF they wrote, through the official validator (make deps)
validator=${SARIF_MULTITOOL:-$top/build/tools/sarif/node_modules/.bin/sarif-multitool}
"$validator" validate -o "$tmp/validation.sarif" "$tmp/r1/mta-harden.sarif" \
    "$tmp/r2/mta-harden.sarif" "$tmp/gh-bad/mta-harden.sarif" \
    "$tmp/gh-good/mta-harden.sarif" "$tmp/gl-bad/mta-harden.sarif" \
    >"$tmp/validator.out" 2>&1
if [ -s "$tmp/validation.sarif" ] && python3 - "$tmp/validation.sarif" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0].get("results", [])
errors = [r for r in results if r.get("level", "warning") == "error"]
for r in errors[:5]:
    print(r["ruleId"], r["message"])
sys.exit(1 if errors else 0)
PY
then ok; else
	not_ok "the validator on the reports of the hooks and CI examples"
	tail -5 "$tmp/validator.out"
fi

echo "hooks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
