/*
 * load - discovery of config files and reading them into models
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parsers/load.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"
#include "parsers/xalloc.h"

static int
load_error(struct parse_error *err, const char *fmt, ...)
{
	va_list ap;

	err->where = span_make(NULL, 0, 0);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* join - "a" + "b" with exactly one '/' between; "" parts skipped */
static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (*b == '\0')
		return xstrdup(a);
	if (la == 0)
		return xstrdup(b);
	while (la > 1 && a[la - 1] == '/')
		la--;
	if (a[la - 1] == '/')
		return xasprintf("%.*s%s", (int)la, a, b);
	return xasprintf("%.*s/%s", (int)la, a, b);
}

static bool
is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* infer_root - ".../etc/postfix" gives "...", "/etc/postfix" gives "/" */
static char *
infer_root(const char *dir, const char *tail)
{
	size_t ld = strlen(dir), lt = strlen(tail);

	while (ld > 1 && dir[ld - 1] == '/')
		ld--;
	if (ld < lt || strncmp(dir + ld - lt, tail, lt) != 0)
		return NULL;
	if (ld > lt && dir[ld - lt - 1] != '/')
		return NULL;
	if (ld == lt)
		return xstrdup(".");
	if (ld == lt + 1)
		return xstrdup("/");
	return xstrndup(dir, ld - lt - 1);
}

static int
read_into(struct model *m, const char *fs_path, const char *shown,
    const struct src **out, struct parse_error *err)
{
	const char *why = NULL;
	struct src *s = src_read(fs_path, shown, &why);

	if (s == NULL)
		return load_error(err, "%s: cannot read: %s", shown, why);
	*out = model_add_src(m, s);
	return 0;
}

/* load_postfix - main.cf and/or master.cf (either may be NULL) */
static int
load_postfix(const char *dir_fs, const char *main_fs, const char *master_fs,
    const char *main_shown, const char *master_shown, const char *root,
    struct load_result *res, struct parse_error *err)
{
	struct model *m = model_new(MTA_POSTFIX);

	m->dir = arena_strdup(&m->arena, dir_fs);
	m->root = root != NULL ? arena_strdup(&m->arena, root) : NULL;
	if (main_fs != NULL) {
		if (read_into(m, main_fs, main_shown, &m->main_src, err) < 0 ||
		    pf_main_parse(m, m->main_src, err) < 0)
			goto fail;
	}
	if (master_fs != NULL) {
		if (read_into(m, master_fs, master_shown, &m->master_src,
		    err) < 0 || pf_master_parse(m, m->master_src, err) < 0)
			goto fail;
	}
	pf_facts_build(m);
	res->models = xreallocarray(res->models, res->nmodels + 1,
	    sizeof(*res->models));
	res->models[res->nmodels++] = m;
	return 0;
fail:
	/* The error may point into a source the model owns: keep it alive. */
	if (err->where.src != NULL) {
		struct src *keep = src_from_bytes(err->where.src->path,
		    err->where.src->bytes, err->where.src->len);

		err->where.src = keep;
		res->models = xreallocarray(res->models, res->nmodels + 1,
		    sizeof(*res->models));
		res->models[res->nmodels] = model_new(MTA_POSTFIX);
		model_add_src(res->models[res->nmodels], keep);
		res->nmodels++;
	}
	model_free(m);
	return -1;
}

int
load_path(const char *path, const struct load_opts *opts,
    struct load_result *res, struct parse_error *err)
{
	static const char *const pf_dirs[] = { "", "postfix", "etc/postfix" };
	struct stat st;
	size_t i;
	int rc = -2;

	err->where = span_make(NULL, 0, 0);
	err->msg[0] = '\0';
	if (stat(path, &st) < 0)
		return load_error(err, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');
		char *dir, *root;

		base = base != NULL ? base + 1 : path;
		dir = base == path ? xstrdup(".") :
		    xstrndup(path, (size_t)(base - path));
		root = opts->root != NULL ? xstrdup(opts->root) :
		    infer_root(dir, "etc/postfix");
		if (strcmp(base, "main.cf") == 0 && (opts->mtas & LOAD_POSTFIX))
			rc = load_postfix(dir, path, NULL, path, NULL, root,
			    res, err);
		else if (strcmp(base, "master.cf") == 0 &&
		    (opts->mtas & LOAD_POSTFIX))
			rc = load_postfix(dir, NULL, path, NULL, path, root,
			    res, err);
		else
			rc = load_error(err, "%s: not a file mta-harden reads "
			    "(expected main.cf or master.cf)", path);
		free(dir);
		free(root);
		return rc;
	}
	if (opts->mtas & LOAD_POSTFIX) {
		for (i = 0; i < sizeof(pf_dirs) / sizeof(pf_dirs[0]); i++) {
			char *dir = join(path, pf_dirs[i]);
			char *main_fs = join(dir, "main.cf");
			char *master_fs = join(dir, "master.cf");
			bool has_main = is_file(main_fs);
			bool has_master = is_file(master_fs);
			char *root;

			if (has_main || has_master) {
				root = opts->root != NULL ? xstrdup(opts->root) :
				    infer_root(dir, "etc/postfix");
				rc = load_postfix(dir, has_main ? main_fs : NULL,
				    has_master ? master_fs : NULL, main_fs,
				    master_fs, root, res, err);
				free(root);
			}
			free(dir);
			free(main_fs);
			free(master_fs);
			if (rc != -2)
				break;
		}
	}
	if (rc == -2)
		return load_error(err, "%s: no Postfix configuration found "
		    "(main.cf or master.cf in it, in postfix/ or in "
		    "etc/postfix/)", path);
	return rc;
}

void
load_result_release(struct load_result *res)
{
	size_t i;

	for (i = 0; i < res->nmodels; i++)
		model_free(res->models[i]);
	free(res->models);
	res->models = NULL;
	res->nmodels = 0;
}
