"""corpus_groups - the golden corpus (tests/cases) in a few runs.

Copies the corpus, runs each case's setup, and groups the cases that
share a profile, so that one mta-harden run checks many trees: the report
formats are tested over the whole corpus without a process per case.
Cases with their own arguments (which name paths in the case) run alone.
"""
import os
import shutil
import subprocess

CHUNK = 150


def groups(top, tmp):
    """yield (what, cwd, options, trees) for every run that covers the corpus"""
    corpus = os.path.join(tmp, "cases")
    shutil.copytree(os.path.join(top, "tests", "cases"), corpus,
                    symlinks=True)
    found = {}
    for rule in sorted(os.listdir(corpus)):
        rdir = os.path.join(corpus, rule)
        if not os.path.isdir(rdir):
            continue
        for case in sorted(os.listdir(rdir)):
            cdir = os.path.join(rdir, case)
            if not os.path.isdir(os.path.join(cdir, "tree")):
                continue
            if os.path.exists(os.path.join(cdir, "setup")):
                subprocess.run(["sh", "setup"], cwd=cdir, check=True)

            def read(name, default=""):
                p = os.path.join(cdir, name)
                return open(p).read().strip() if os.path.exists(p) \
                    else default
            profile, args = read("profile", "default"), read("args")
            if args:
                key = ("case", cdir)
            elif os.path.exists(os.path.join(cdir, profile)):
                key = ("file", open(os.path.join(cdir, profile)).read())
                profile = os.path.join(cdir, profile)
            else:
                key = ("builtin", profile)
            g = found.setdefault(key, {
                "what": "%s/%s" % (rule, case) if args else
                "profile %s" % os.path.relpath(profile, corpus)
                if key[0] == "file" else "profile %s" % profile,
                "cwd": cdir if args else corpus,
                "options": ["--profile", profile] + args.split(),
                "trees": []})
            g["trees"].append("tree" if args else
                              os.path.join(rule, case, "tree"))
    for key in sorted(found, key=str):
        g = found[key]
        for i in range(0, len(g["trees"]), CHUNK):
            chunk = g["trees"][i:i + CHUNK]
            yield ("%s (%d trees)" % (g["what"], len(chunk)), g["cwd"],
                   g["options"], chunk)
