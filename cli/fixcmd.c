/*
 * fixcmd - mta-harden fix
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixers/fixers.h"
#include "cli/fixcmd.h"
#include "cli/stage.h"
#include "profiles/profile.h"
#include "lib/msg.h"
#include "lib/tree.h"
#include "lib/xalloc.h"

/* one file of the result: its source, new bytes if changed */
struct outfile {
	const struct src *src;
	const struct model *model;
	char	*text;		/* owned; NULL: unchanged */
	size_t	 len;
	char	*rel;		/* path relative to the root or PATH; owned */
};

static bool
starts_dir(const char *path, const char *dir, const char **rest)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && n != 1))
		return false;
	*rest = path + n + (path[n] == '/');
	return true;
}

/* rel_path - a file's path below the root (given or inferred), else below its PATH */
static char *
rel_path(const struct model *m, const struct src *s, const struct fix_opts *fo)
{
	const char *p = s->fs_path != NULL ? s->fs_path : s->path, *rest;
	size_t i;

	if (m->root != NULL) {
		if (strcmp(m->root, ".") == 0) {
			while (strncmp(p, "./", 2) == 0)
				p += 2;
			if (*p != '/')
				return xstrdup(p);
		} else if (strcmp(m->root, "/") == 0 && p[0] == '/') {
			return xstrdup(p + 1);
		} else if (starts_dir(p, m->root, &rest)) {
			return xstrdup(rest);
		}
	}
	for (i = 0; i < fo->npaths; i++)
		if (starts_dir(p, fo->paths[i], &rest) && *rest != '\0')
			return xstrdup(rest);
	rest = strrchr(p, '/');
	return xstrdup(rest != NULL ? rest + 1 : p);
}

static bool
safe_rel(const char *rel)
{
	const char *p = rel;

	if (*rel == '/' || *rel == '\0')
		return false;
	while (*p) {
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return false;
		p = strchr(p, '/');
		if (p == NULL)
			break;
		p++;
	}
	return true;
}

static void
collect_srcs(const struct model *m, struct outfile **v, size_t *n)
{
	size_t i;

	for (i = 0; i < m->nsrcs; i++) {
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		memset(&(*v)[*n], 0, sizeof(**v));
		(*v)[*n].src = m->srcs[i];
		(*v)[*n].model = m;
		(*n)++;
	}
	if (m->generated != NULL)
		collect_srcs(m->generated, v, n);
}

/* ---- writing ---- */

static int
mkdir_p(const char *dir)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/*
 * mkdir_below - OUT, then the directories of rel below it, none of them
 * a symbolic link (it could lead out of OUT)
 */
static int
mkdir_below(const char *out, const char *rel, char *err, size_t errsize)
{
	char *path = xasprintf("%s/%s", out, rel), *p;
	size_t base = strlen(out) + 1;
	struct stat st;
	int rc = 0;

	if (mkdir_p(out) < 0) {
		snprintf(err, errsize, "%.300s: cannot create: %.300s", out,
		    strerror(errno));
		free(path);
		return -1;
	}
	for (p = path + base; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if ((mkdir(path, 0755) < 0 && errno != EEXIST) ||
		    lstat(path, &st) < 0) {
			snprintf(err, errsize, "%.300s: cannot create: %.300s",
			    path, strerror(errno));
			rc = -1;
		} else if (S_ISLNK(st.st_mode)) {
			snprintf(err, errsize, "%.300s is a symbolic link, "
			    "not followed below %.300s: not written", path, out);
			rc = -1;
		} else if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errsize, "%.300s is not a directory: not "
			    "written", path);
			rc = -1;
		}
		*p = '/';
		if (rc < 0)
			break;
	}
	free(path);
	return rc;
}

/*
 * swappable_dir - the first directory from dir up to / that anyone may
 * write to without the sticky bit: whoever can write there can swap what
 * is below it between the checks and the rename. NULL if none.
 */
static const char *
swappable_dir(char *dir)
{
	struct stat st;
	char *slash;

	for (;;) {
		if (stat(dir[0] != '\0' ? dir : "/", &st) == 0 &&
		    (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
			return dir[0] != '\0' ? dir : "/";
		if ((slash = strrchr(dir, '/')) == NULL || dir[0] == '\0')
			return NULL;
		*slash = '\0';
	}
}

/* same_bytes - does the file on disk still hold what was read? */
static bool
same_bytes(const char *path, const struct src *src)
{
	char buf[65536];
	size_t off = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	bool same = fd >= 0;

	while (same && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (size_t)n > src->len - off ||
		    memcmp(buf, src->bytes + off, (size_t)n) != 0)
			same = false;
		else
			off += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	return same && off == src->len;
}

/*
 * check_in_place - may this file be replaced where it is? Its real path
 * must lie in a tree given (a PATH, or the root), no directory above it
 * may be swappable, and it must still hold what was read.
 */
static int
check_in_place(const struct outfile *o, const struct fix_opts *fo,
    char *target, size_t tsize, struct stat *st, char *err, size_t errsize)
{
	const char *p = o->src->fs_path, *bad;
	char real[PATH_MAX], base[PATH_MAX], dir[PATH_MAX];
	size_t i;
	bool inside = false;

	if (p == NULL || realpath(p, real) == NULL) {
		snprintf(err, errsize, "%.300s: cannot resolve: %.300s", o->src->path,
		    p == NULL ? "not read from a file" : strerror(errno));
		return -1;
	}
	/* a link (of the file or a directory above it) stays in the tree */
	for (i = 0; i < fo->npaths && !inside; i++)
		if (realpath(fo->paths[i], base) != NULL &&
		    tree_path_below(real, base))
			inside = true;
	if (!inside && o->model->root != NULL &&
	    realpath(o->model->root, base) != NULL)
		inside = tree_path_below(real, base);
	if (!inside) {
		snprintf(err, errsize, "%.300s is a symbolic link to %.300s, "
		    "outside the tree: not written", o->src->path, real);
		return -1;
	}
	if (stat(real, st) < 0) {
		snprintf(err, errsize, "%.300s: %.300s", real, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errsize, "%.300s is no longer a regular file: not "
		    "written", o->src->path);
		return -1;
	}
	if ((size_t)st->st_size != o->src->len ||
	    (o->src->has_stat && (long long)st->st_mtime != o->src->mtime) ||
	    !same_bytes(real, o->src)) {
		snprintf(err, errsize, "%.300s changed since it was read: not "
		    "written", o->src->path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", real);
	*strrchr(dir, '/') = '\0';
	if ((bad = swappable_dir(dir)) != NULL) {
		snprintf(err, errsize, "%.300s: the directory %.300s is writable "
		    "by anyone (no sticky bit): not written", o->src->path, bad);
		return -1;
	}
	snprintf(target, tsize, "%s", real);
	return 0;
}

/*
 * check_output_dir - a directory --output writes into: below OUT once
 * links are resolved, and not swappable
 */
static int
check_output_dir(const char *out, const char *dir, char *err, size_t errsize)
{
	char real_out[PATH_MAX], real[PATH_MAX];
	const char *bad;

	if (realpath(out, real_out) == NULL || realpath(dir, real) == NULL) {
		snprintf(err, errsize, "%.300s: cannot resolve: %.300s", dir,
		    strerror(errno));
		return -1;
	}
	if (!tree_path_below(real, real_out)) {
		snprintf(err, errsize, "%.300s leads to %.300s, outside %.300s: "
		    "not written", dir, real, out);
		return -1;
	}
	if ((bad = swappable_dir(real)) != NULL) {
		snprintf(err, errsize, "%.300s: the directory %.300s is writable "
		    "by anyone (no sticky bit): not written", dir, bad);
		return -1;
	}
	return 0;
}

/* ---- the run ---- */

static void
print_steps(FILE *out, char **steps, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	fputs("\n# Then, in this order:\n", out);
	for (i = 0; i < n; i++)
		fprintf(out, "#   %s\n", steps[i]);
}

/* fix_wanted - does this run fix this finding (options, safety)? */
static const struct fixer *
fix_wanted(const struct finding *f, const struct fix_opts *fo)
{
	const struct fixer *fx = f->rule->fixer;

	if (f->suppressed || fx == NULL || f->model == NULL)
		return NULL;
	if (fo->nonly > 0 && !engine_selected(f->rule, fo->only, fo->nonly))
		return NULL;
	if (fo->nonly == 0 && fx->on_request)
		return NULL;
	if (fo->safe_only && fx->safety == FIX_UNSAFE)
		return NULL;
	return fx;
}

/* plan_finding - the fixer states its intents in plan; 0, or -1: a person */
static int
plan_finding(const struct finding *f, const struct fixer *fx,
    const struct engine_opts *eo, struct fix_plan *plan)
{
	struct rule_params params = params_of(f->rule, eo->profile);
	struct fix_ctx ctx;

	ctx.m = f->model;
	ctx.f = f;
	ctx.fixer = fx;
	ctx.params = &params;
	ctx.plan = plan;
	return fx->fix(&ctx);
}

/*
 * finding_edits - for SARIF "fixes", the edits of the plan each finding
 * asked for (its fix, as fix makes it), parallel to the findings. One
 * pass over the edits: each knows the findings that asked for it.
 */
static struct edit_set *
finding_edits(const struct findings *fs, const struct edit_set *es)
{
	struct edit_set *v = xcalloc(fs->n + 1, sizeof(*v));
	size_t i, k, b;

	for (i = 0; i < es->n; i++) {
		const struct file_edits *fe = &es->files[i];

		for (k = 0; k < fe->n; k++) {
			const struct edit *e = &fe->v[k];

			for (b = 0; b < e->nby; b++) {
				size_t at = (size_t)(e->by[b] - fs->v);

				if (at < fs->n && fs->v[at].fix_planned)
					(void)edit_add(&v[at], fe->src, e->start,
					    e->end, e->text, e->rule);
			}
		}
	}
	return v;
}

/* what the reports of fix need */
struct fix_report {
	const struct findings *fs;
	struct report_opts ro;
	struct outfile *files;
	size_t	 nfiles;
	struct edit_set *es;
	char	**steps;
	size_t	 nsteps;
};

/* write_fix_report - text is the diff and the steps; the others list findings */
static int
write_fix_report(FILE *fp, const struct output *out, void *arg)
{
	struct fix_report *fr = arg;
	struct report_opts ro = fr->ro;
	size_t i;

	if (out->format != FORMAT_TEXT) {
		ro.format = out->format;
		return report_write(fp, fr->fs, &ro);
	}
	for (i = 0; i < fr->nfiles; i++) {
		struct file_edits *fe = edit_find(fr->es, fr->files[i].src);
		char *a, *b;

		if (fr->files[i].text == NULL)
			continue;
		a = xasprintf("a/%s", fr->files[i].rel);
		b = xasprintf("b/%s", fr->files[i].rel);
		edit_diff(fp, a, b, fe, fr->files[i].text, fr->files[i].len);
		free(a);
		free(b);
	}
	print_steps(fp, fr->steps, fr->nsteps);
	return ferror(fp) ? -1 : 0;
}

/*
 * fix_plan_findings - each finding's fixer states what it wants, in
 * plans[i] for res->models[i]
 */
void
fix_plan_findings(const struct load_result *res, struct findings *fs,
    const struct engine_opts *eo, const struct fix_opts *fo,
    struct fix_plan *plans, size_t *nfixed, size_t *nunsafe)
{
	size_t i;

	*nfixed = *nunsafe = 0;
	for (i = 0; i < res->nmodels; i++)
		plans[i].m = res->models[i];
	for (i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		const struct fixer *fx = fix_wanted(f, fo);
		size_t mi;

		if (fx == NULL)
			continue;
		/* a Postfix fix sets main.cf parameters: none to edit, a person decides */
		if (f->model->mta == MTA_POSTFIX && f->model->main_src == NULL)
			continue;
		for (mi = 0; mi < res->nmodels && res->models[mi] != f->model;
		    mi++)
			;
		if (mi == res->nmodels)
			continue;
		if (plan_finding(f, fx, eo, &plans[mi]) == 0) {
			f->fix_planned = true;
			f->fix_unsafe = fx->safety == FIX_UNSAFE;
			(*nfixed)++;
			*nunsafe += f->fix_unsafe;
		}
	}
}

int
fix_run(struct load_result *res, struct findings *fs,
    const struct engine_opts *eo, const struct report_opts *ro,
    const struct fix_opts *fo)
{
	struct fix_plan *plans = xcalloc(res->nmodels + 1, sizeof(*plans));
	struct edit_set es = { NULL, 0, 0 }, *per_finding = NULL;
	struct fix_report fr;
	struct outfile *files = NULL;
	size_t nfiles = 0, i, k, nsteps = 0, nfixed = 0, nunsafe = 0, changed = 0;
	char **steps = NULL, err[1024];
	struct stage stage = STAGE_INIT;
	struct msg_cleanup undo_stage = { stage_abandon, &stage, NULL };
	int status = 0;

	fix_plan_findings(res, fs, eo, fo, plans, &nfixed, &nunsafe);

	/* Edits and new contents, all in memory before anything is written. */
	for (i = 0; i < res->nmodels; i++) {
		if (fix_plan_edits(&plans[i], &es, err, sizeof(err)) < 0) {
			fprintf(stderr, "mta-harden: fix: %s\n", err);
			status = 3;
			goto done;
		}
		if (plans[i].refused != NULL) {
			/* its findings are left for a person */
			fprintf(stderr, "mta-harden: fix: %s\n", plans[i].refused);
			for (k = 0; k < fs->n; k++) {
				struct finding *f = &fs->v[k];

				if (f->model != res->models[i] || !f->fix_planned)
					continue;
				f->fix_planned = false;
				nfixed--;
				nunsafe -= f->fix_unsafe;
				f->fix_unsafe = false;
			}
		}
		for (k = 0; k < plans[i].nsteps; k++) {
			steps = xreallocarray(steps, nsteps + 1, sizeof(*steps));
			steps[nsteps++] = plans[i].steps[k];
		}
		collect_srcs(res->models[i], &files, &nfiles);
	}
	for (i = 0; i < nfiles; i++) {
		struct file_edits *fe = edit_find(&es, files[i].src);

		files[i].rel = rel_path(files[i].model, files[i].src, fo);
		if (fe == NULL || fe->n == 0)
			continue;
		if (edit_apply(fe, &files[i].text, &files[i].len, err,
		    sizeof(err)) < 0) {
			fprintf(stderr, "mta-harden: fix: %s\n", err);
			status = 3;
			goto done;
		}
		if (files[i].len == files[i].src->len &&
		    memcmp(files[i].text, files[i].src->bytes,
		    files[i].len) == 0) {
			free(files[i].text);
			files[i].text = NULL;
			continue;
		}
		changed++;
	}

	/* Checks before writing: every target must be writable as asked. */
	if (fo->write) {
		for (i = 0; i < nfiles; i++) {
			char target[PATH_MAX];
			struct stat st;

			if (files[i].text == NULL)
				continue;
			if (check_in_place(&files[i], fo, target,
			    sizeof(target), &st, err, sizeof(err)) < 0) {
				fprintf(stderr, "mta-harden: fix: %s\n", err);
				status = 2;
				goto done;
			}
		}
	}
	if (fo->output != NULL) {
		for (i = 0; i < nfiles; i++) {
			char *dir;
			int rc;

			if (!safe_rel(files[i].rel)) {
				fprintf(stderr, "mta-harden: fix: %s: no place "
				    "for it below %s\n", files[i].src->path,
				    fo->output);
				status = 2;
				goto done;
			}
			/* every directory written into, before anything is */
			dir = xasprintf("%s/%s", fo->output, files[i].rel);
			*strrchr(dir, '/') = '\0';
			if ((rc = mkdir_below(fo->output, files[i].rel, err,
			    sizeof(err))) == 0)
				rc = check_output_dir(fo->output, dir, err,
				    sizeof(err));
			free(dir);
			if (rc < 0) {
				fprintf(stderr, "mta-harden: fix: %s\n", err);
				status = 2;
				goto done;
			}
		}
	}


	/* The reports: stdout now, files once everything else is written. */
	for (i = 0; i < fo->outs->n && per_finding == NULL; i++)
		if (fo->outs->v[i].format == FORMAT_SARIF)
			per_finding = finding_edits(fs, &es);
	memset(&fr, 0, sizeof(fr));
	fr.fs = fs;
	fr.ro = *ro;
	fr.ro.fix = true;
	fr.ro.steps = steps;
	fr.ro.nsteps = nsteps;
	fr.ro.fix_edits = per_finding;
	fr.files = files;
	fr.nfiles = nfiles;
	fr.es = &es;
	fr.steps = steps;
	fr.nsteps = nsteps;
	status = outputs_prepare(fo->outs, write_fix_report, &fr, err,
	    sizeof(err));
	if (status != 0) {
		fprintf(stderr, "mta-harden: %s\n", err);
		goto done;
	}

	/*
	 * Writing, all or nothing: every new version beside its target
	 * first, then each into place; a failure puts every file back.
	 */
	msg_cleanup_push(&undo_stage);
	for (i = 0; fo->write && i < nfiles; i++) {
		char target[PATH_MAX];
		struct stat st;

		if (files[i].text == NULL)
			continue;
		if (check_in_place(&files[i], fo, target, sizeof(target), &st,
		    err, sizeof(err)) < 0) {
			fprintf(stderr, "mta-harden: fix: %s\n", err);
			status = 2;
			goto done;
		}
		if (stage_file(&stage, target, files[i].text, files[i].len, &st,
		    0, fo->backup, err, sizeof(err)) < 0)
			goto write_failed;
	}
	for (i = 0; fo->output != NULL && i < nfiles; i++) {
		char *path = xasprintf("%s/%s", fo->output, files[i].rel);
		char *dir = xstrdup(path);
		int rc;

		*strrchr(dir, '/') = '\0';
		err[0] = '\0';
		rc = mkdir_below(fo->output, files[i].rel, err, sizeof(err));
		if (rc == 0)
			rc = check_output_dir(fo->output, dir, err, sizeof(err));
		if (rc == 0)
			rc = stage_file(&stage, path, files[i].text != NULL ?
			    files[i].text : files[i].src->bytes,
			    files[i].text != NULL ? files[i].len :
			    files[i].src->len, NULL, files[i].src->has_stat ?
			    files[i].src->mode & 0777 : 0, false, err,
			    sizeof(err));
		free(path);
		free(dir);
		if (rc < 0)
			goto write_failed;
	}
	if (fo->steps != NULL) {
		static const char head[] = "#!/bin/sh\n# Follow-up steps of "
		    "mta-harden fix, in order.\nset -e\n";
		size_t len = strlen(head), at;
		char *script;
		int rc;

		/* one allocation of the summed length: linear in the steps */
		for (i = 0; i < nsteps; i++)
			len += strlen(steps[i]) + 1;
		script = xmalloc(len + 1);
		memcpy(script, head, at = strlen(head));
		for (i = 0; i < nsteps; i++) {
			size_t n = strlen(steps[i]);

			memcpy(script + at, steps[i], n);
			at += n;
			script[at++] = '\n';
		}
		script[at] = '\0';
		rc = stage_file(&stage, fo->steps, script, len, NULL, 0755,
		    false, err, sizeof(err));
		free(script);
		if (rc < 0)
			goto write_failed;
	}
	if (stage_commit(&stage, err, sizeof(err)) < 0)
		goto write_failed;
	if (outputs_commit(fo->outs, err, sizeof(err)) != 0) {
		stage_rollback(&stage);
		fprintf(stderr, "mta-harden: %s; nothing was written\n", err);
		status = 3;
		goto done;
	}

	/* Exit: 1 while something at or above --fail-on is left to a person. */
	for (i = 0; i < fs->n; i++)
		if (!fs->v[i].suppressed && !fs->v[i].fix_planned &&
		    fs->v[i].severity >= fo->fail_on)
			status = 1;
	if (!fo->quiet) {
		size_t left = 0;

		for (i = 0; i < fs->n; i++)
			left += !fs->v[i].suppressed && !fs->v[i].fix_planned;
		fprintf(stderr, "%zu finding%s fixed (%zu safe, %zu unsafe) in "
		    "%zu file%s; %zu left for a person; %s\n", nfixed,
		    nfixed == 1 ? "" : "s", nfixed - nunsafe, nunsafe, changed,
		    changed == 1 ? "" : "s", left, fo->write ? "written" :
		    fo->output != NULL ? "hardened copy written" :
		    "nothing written");
	}
	goto done;
write_failed:
	fprintf(stderr, "mta-harden: fix: %s; nothing was written\n", err);
	status = 3;
done:
	msg_cleanup_pop(&undo_stage);
	stage_release(&stage);
	outputs_abort(fo->outs);
	for (i = 0; per_finding != NULL && i < fs->n; i++)
		edit_set_release(&per_finding[i]);
	free(per_finding);
	for (i = 0; i < nfiles; i++) {
		free(files[i].text);
		free(files[i].rel);
	}
	free(files);
	free(steps);
	edit_set_release(&es);
	for (i = 0; i < res->nmodels; i++)
		fix_plan_release(&plans[i]);
	free(plans);
	return status;
}
