/*
 * load - discovery of config files and reading them into models
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/load.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"
#include "parsers/rootpath.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_facts.h"
#include "parsers/sm_maps.h"
#include "parsers/sm_mc.h"
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

/*
 * is_entry - a config file's name is taken: it is read, and what is
 * wrong with it (a directory, a FIFO, a link loop) is said, not skipped
 */
static bool
is_entry(const char *p)
{
	struct stat st;

	return lstat(p, &st) == 0;
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

static bool
newer_than(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

/* db_suffix - the file a Postfix indexed map type builds, or NULL */
static const char *
db_suffix(const char *type)
{
	if (strcmp(type, "hash") == 0 || strcmp(type, "btree") == 0)
		return ".db";
	if (strcmp(type, "lmdb") == 0)
		return ".lmdb";
	if (strcmp(type, "cdb") == 0)
		return ".cdb";
	return NULL;
}

/*
 * pf_read_maps - the alias files are read (aliases(5) format, as
 * postalias reads them); every indexed map's database must exist and be
 * newer than its source, else a note and the postmap/postalias step
 */
static int
pf_read_maps(struct model *m, struct parse_error *err)
{
	size_t i, n = m->nmaps;

	for (i = 0; i < n; i++) {
		struct mapref *mr = m->maps[i];
		const char *suffix = db_suffix(mr->type);
		bool alias = mr->from != NULL &&
		    (strcmp(mr->from->name, "alias_maps") == 0 ||
		    strcmp(mr->from->name, "alias_database") == 0);
		const struct src *src = NULL;
		struct stat ss, ds;
		char *db;

		if (mr->fs_path == NULL || !is_file(mr->fs_path))
			continue;
		if (alias || strcmp(mr->type, "texthash") == 0) {
			size_t k;

			/* one reading per file, however many parameters name it */
			for (k = 0; k < m->nsrcs; k++)
				if (m->srcs[k]->fs_path != NULL &&
				    strcmp(m->srcs[k]->fs_path, mr->fs_path) == 0)
					break;
			if (k < m->nsrcs) {
				src = m->srcs[k];
			} else {
				if (read_into(m, mr->fs_path, mr->fs_path, &src,
				    err) < 0)
					return -1;
				if (alias)
					sm_aliases_parse(m, src);
			}
		}
		if (suffix == NULL || stat(mr->fs_path, &ss) < 0)
			continue;
		db = xasprintf("%s%s", mr->fs_path, suffix);
		if (stat(db, &ds) < 0 || newer_than(&ss, &ds)) {
			const char *tool = alias ? "postalias" : "postmap";

			model_add_note(m, stat(db, &ds) < 0 ? "db-missing" :
			    "db-stale", src != NULL ? span_whole(src) : mr->where,
			    "%s%s for %s:%s %s: Postfix reads the database, not "
			    "the text; rebuild it with '%s %s:%s'", mr->name,
			    suffix, mr->type, mr->name, stat(db, &ds) < 0 ?
			    "does not exist" : "is older than its source", tool,
			    mr->type, mr->name);
			model_add_step(m, "%s %s:%s", tool, mr->type, mr->name);
		}
		free(db);
	}
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
	if (pf_read_maps(m, err) < 0)
		goto fail;
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

/* ends_with - does a path end in a suffix? */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);

	return ls >= lf && strcmp(s + ls - lf, suffix) == 0;
}

/* last_value - the raw value of the last setting of a name, or NULL */
static const char *
last_value(const struct model *m, const char *name)
{
	size_t i;

	for (i = m->nsettings; i > 0; i--)
		if (strcmp(m->settings[i - 1]->name, name) == 0)
			return m->settings[i - 1]->raw;
	return NULL;
}

/* db_check - a map's database must exist and be newer than its source */
static void
db_check(struct model *m, const struct src *src, const char *fs_path,
    const char *rebuild)
{
	char *db = xasprintf("%s.db", fs_path);
	struct stat ss, ds;

	if (stat(fs_path, &ss) == 0) {
		if (stat(db, &ds) < 0) {
			model_add_note(m, "db-missing", span_whole(src),
			    "%s.db does not exist: sendmail reads the database, "
			    "not the text; build it with '%s'", src->path,
			    rebuild);
			model_add_step(m, "%s", rebuild);
		} else if (newer_than(&ss, &ds)) {
			model_add_note(m, "db-stale", span_whole(src),
			    "%s.db is older than %s: the last edits are not in "
			    "force until '%s'", src->path, src->path, rebuild);
			model_add_step(m, "%s", rebuild);
		}
	}
	free(db);
}

/*
 * sm_map_path - the file of a list: in the directory, else as the config
 * names it, below the root. NULL when neither is there, with *why the
 * reason a named path was not followed, or NULL when it is simply missing.
 */
static char *
sm_map_path(const char *dir, const char *base, const char *named,
    const char *root, const char **why)
{
	char *p = join(dir, base);

	*why = NULL;
	if (is_entry(p))
		return p;	/* read, so that a directory or FIFO there is said */
	free(p);
	if (named == NULL || *named == '\0')
		return NULL;
	p = rootpath_resolve(root, named, why);
	if (p != NULL && is_file(p))
		return p;
	free(p);
	return NULL;
}

/* named_map - the absolute file a K line names for a map such as access */
static const char *
named_map(const struct model *m, const char *base)
{
	size_t i;

	for (i = 0; i < m->nmaps; i++) {
		const char *name = m->maps[i]->name, *nb = strrchr(name, '/');

		if (name[0] == '/' && nb != NULL && strcmp(nb + 1, base) == 0)
			return name;
	}
	return NULL;
}

/* class_file - the path and scanf format of an F line ("-o /etc/mail/x %[^#]") */
static const char *
class_file(struct model *m, const char *raw, const char **format)
{
	const char *p = raw, *start;

	*format = NULL;
	if (raw == NULL)
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "-o", 2) == 0) {
		p += 2;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	start = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '\0') {
		const char *f = p;

		while (*f == ' ' || *f == '\t')
			f++;
		if (*f != '\0')
			*format = arena_strdup(&m->arena, f);
	}
	return arena_strndup(&m->arena, start, (size_t)(p - start));
}

/*
 * read_map - read a list or map; the references to it that the config
 * makes by absolute path (Fw/etc/mail/local-host-names) are then followed
 */
static int
read_map(struct model *m, const char *fs_path, const char *shown,
    const struct src **out, struct parse_error *err)
{
	const char *base = strrchr(fs_path, '/');
	size_t i;

	base = base != NULL ? base + 1 : fs_path;
	for (i = 0; i < m->nmaps; i++) {
		const char *name = m->maps[i]->name;
		const char *nb = strrchr(name, '/');

		if (m->maps[i]->fs_path == NULL && nb != NULL &&
		    strcmp(nb + 1, base) == 0) {
			m->maps[i]->fs_path = arena_strdup(&m->arena, fs_path);
			m->maps[i]->not_followed = NULL;
		}
	}
	return read_into(m, fs_path, shown, out, err);
}

/*
 * sm_named_files - files the options name that rules look at: HelpFile
 * (read: an empty one is what hides the version) and StatusFile (must
 * exist). Each becomes a mapref of type "HelpFile" / "StatusFile".
 */
static int
sm_named_files(struct model *m, const struct model *opts_from,
    const char *dir, struct parse_error *err)
{
	static const char *const options[] = { "HelpFile", "StatusFile" };
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const char *named = last_value(opts_from, options[i]);
		const char *base, *why;
		struct mapref *mr;
		char *path;

		if (named == NULL || *named == '\0')
			continue;
		mr = arena_alloc(&m->arena, sizeof(*mr));
		mr->type = options[i];
		mr->name = arena_strdup(&m->arena, named);
		base = strrchr(named, '/');
		path = sm_map_path(dir, base != NULL ? base + 1 : named, named,
		    m->root, &why);
		if (path != NULL) {
			mr->fs_path = arena_strdup(&m->arena, path);
			if (i == 0) {
				const struct src *src;

				if (read_into(m, path, path, &src, err) < 0) {
					free(path);
					return -1;
				}
			}
			free(path);
		} else {
			mr->not_followed = why != NULL ? why :
			    "no such file in the tree";
		}
		MODEL_APPEND(m, m->maps, m->nmaps, mr);
	}
	return 0;
}

/* load_sendmail - sendmail.mc and/or sendmail.cf, and the lists they use */
static int
load_sendmail(const char *dir, const char *mc_fs, const char *cf_fs,
    const char *root, struct load_result *res, struct parse_error *err)
{
	struct model *m = model_new(MTA_SENDMAIL);
	const struct model *opts_from = m;
	const struct src *src;
	char *path;
	const char *format, *named, *why;
	struct stat ms, cs;

	m->dir = arena_strdup(&m->arena, dir);
	m->root = root != NULL ? arena_strdup(&m->arena, root) : NULL;
	if (mc_fs != NULL) {
		if (read_into(m, mc_fs, mc_fs, &m->main_src, err) < 0 ||
		    sm_mc_parse(m, m->main_src, sm_mc_lib_dir(m->root), err) < 0)
			goto fail;
	}
	if (cf_fs != NULL && mc_fs != NULL) {
		struct model *g = model_new(MTA_SENDMAIL);

		m->generated = g;
		g->dir = m->dir;
		g->root = m->root;
		if (read_into(g, cf_fs, cf_fs, &g->main_src, err) < 0 ||
		    sm_cf_parse(g, g->main_src, err) < 0)
			goto fail;
		sm_facts_build(g);
		opts_from = g;
		if (stat(mc_fs, &ms) == 0 && stat(cf_fs, &cs) == 0 &&
		    newer_than(&ms, &cs)) {
			model_add_note(m, "cf-older", span_whole(g->main_src),
			    "%s is older than %s: changes to the .mc are not in "
			    "force until the .cf is rebuilt", cf_fs, mc_fs);
		}
	} else if (cf_fs != NULL) {
		if (read_into(m, cf_fs, cf_fs, &m->main_src, err) < 0 ||
		    sm_cf_parse(m, m->main_src, err) < 0)
			goto fail;
	}
	if (mc_fs != NULL) {
		char buf[4096];
		const char *mc = model_deployed(m, mc_fs, buf, sizeof(buf));

		/* m4 needs cf.m4 first unless the .mc includes it (Debian's does). */
		if (strstr(m->main_src->bytes, "cf.m4") != NULL)
			model_add_step(m, "m4 %s > %.*s.cf", mc,
			    (int)(strlen(mc) - 3), mc);
		else
			model_add_step(m, "m4 /usr/share/sendmail/cf/m4/cf.m4 %s "
			    "> %.*s.cf", mc, (int)(strlen(mc) - 3), mc);
	}

	/* The lists and maps, where the directory or the config has them. */
	named = last_value(opts_from, "AliasFile");
	if (named != NULL && strchr(named, ',') != NULL)
		named = arena_strndup(&m->arena, named,
		    (size_t)(strchr(named, ',') - named));
	path = sm_map_path(dir, "aliases", named, m->root, &why);
	if (path == NULL && named != NULL && *named != '\0') {
		/* named by AliasFile, but neither beside the .cf nor under a root */
		struct mapref *mr = arena_alloc(&m->arena, sizeof(*mr));
		const struct setting *s = NULL;
		size_t k;

		for (k = opts_from->nsettings; k > 0 && s == NULL; k--)
			if (strcmp(opts_from->settings[k - 1]->name,
			    "AliasFile") == 0)
				s = opts_from->settings[k - 1];
		mr->type = "AliasFile";
		mr->name = named;
		mr->where = s != NULL && s->source == SOURCE_FILE ?
		    s->value_span : span_make(NULL, 0, 0);
		mr->not_followed = why != NULL ? why :
		    "absolute path, not in the tree";
		MODEL_APPEND(m, m->maps, m->nmaps, mr);
	}
	if (path != NULL) {
		if (read_map(m, path, path, &src, err) < 0) {
			free(path);
			goto fail;
		}
		sm_aliases_parse(m, src);
		db_check(m, src, path, "newaliases");
		free(path);
	}
	if ((path = sm_map_path(dir, "access",
	    named_map(opts_from, "access"), m->root, &why)) != NULL) {
		if (read_map(m, path, path, &src, err) < 0) {
			free(path);
			goto fail;
		}
		sm_access_parse(m, src);
		{
			char buf[4096];
			const char *dp = model_deployed(m, path, buf, sizeof(buf));
			char *cmd = xasprintf("makemap hash %s < %s", dp, dp);

			db_check(m, src, path, cmd);
			free(cmd);
		}
		free(path);
	}
	named = class_file(m, last_value(opts_from, "$=R"), &format);
	if ((path = sm_map_path(dir, "relay-domains", named, m->root,
	    &why)) != NULL) {
		if (read_map(m, path, path, &src, err) < 0) {
			free(path);
			goto fail;
		}
		sm_class_parse(m, src, format);
		free(path);
	}
	named = class_file(m, last_value(opts_from, "$=w"), &format);
	if ((path = sm_map_path(dir, "local-host-names", named,
	    m->root, &why)) != NULL) {
		if (read_map(m, path, path, &src, err) < 0) {
			free(path);
			goto fail;
		}
		sm_class_parse(m, src, format);
		free(path);
	}
	if (sm_named_files(m, opts_from, dir, err) < 0)
		goto fail;
	sm_facts_build(m);
	res->models = xreallocarray(res->models, res->nmodels + 1,
	    sizeof(*res->models));
	res->models[res->nmodels++] = m;
	return 0;
fail:
	if (err->where.src != NULL) {
		struct src *keep = src_from_bytes(err->where.src->path,
		    err->where.src->bytes, err->where.src->len);

		err->where.src = keep;
		res->models = xreallocarray(res->models, res->nmodels + 1,
		    sizeof(*res->models));
		res->models[res->nmodels] = model_new(MTA_SENDMAIL);
		model_add_src(res->models[res->nmodels], keep);
		res->nmodels++;
	}
	model_free(m);
	return -1;
}

/* load_sendmail_dir - the sendmail files of one directory, if any */
static int
load_sendmail_dir(const char *dir, const struct load_opts *opts,
    struct load_result *res, struct parse_error *err)
{
	char *mc = join(dir, "sendmail.mc"), *cf = join(dir, "sendmail.cf");
	char *access = join(dir, "access"), *pf_main = join(dir, "main.cf");
	char *pf_master = join(dir, "master.cf");
	bool has_mc = is_entry(mc), has_cf = is_entry(cf);
	/* A sendmail access map alone counts; Postfix keeps an "access" too. */
	bool maps_only = is_file(access) && !is_file(pf_main) &&
	    !is_file(pf_master);
	char *root;
	int rc = -2;

	free(access);
	free(pf_main);
	free(pf_master);
	if (has_mc || has_cf || maps_only) {
		root = opts->root != NULL ? xstrdup(opts->root) :
		    infer_root(dir, "etc/mail");
		rc = load_sendmail(dir, has_mc ? mc : NULL, has_cf ? cf : NULL,
		    root, res, err);
		free(root);
	}
	free(mc);
	free(cf);
	return rc;
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
	if (opts->root != NULL) {
		if (stat(opts->root, &st) < 0)
			return load_error(err, "--root %s: %s", opts->root,
			    strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return load_error(err, "--root %s: not a directory",
			    opts->root);
	}
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
		if ((ends_with(base, ".mc") || ends_with(base, ".cf")) &&
		    strcmp(base, "main.cf") != 0 &&
		    strcmp(base, "master.cf") != 0 &&
		    (opts->mtas & LOAD_SENDMAIL)) {
			free(root);
			root = opts->root != NULL ? xstrdup(opts->root) :
			    infer_root(dir, "etc/mail");
			rc = load_sendmail(dir, ends_with(base, ".mc") ? path :
			    NULL, ends_with(base, ".cf") ? path : NULL, root,
			    res, err);
		} else if (strcmp(base, "main.cf") == 0 &&
		    (opts->mtas & LOAD_POSTFIX))
			rc = load_postfix(dir, path, NULL, path, NULL, root,
			    res, err);
		else if (strcmp(base, "master.cf") == 0 &&
		    (opts->mtas & LOAD_POSTFIX))
			rc = load_postfix(dir, NULL, path, NULL, path, root,
			    res, err);
		else
			rc = load_error(err, "%s: not a file mta-harden reads "
			    "(expected main.cf, master.cf, or a sendmail .mc "
			    "or .cf)", path);
		free(dir);
		free(root);
		return rc;
	}
	if (opts->mtas & LOAD_POSTFIX) {
		for (i = 0; i < sizeof(pf_dirs) / sizeof(pf_dirs[0]); i++) {
			char *dir = join(path, pf_dirs[i]);
			char *main_fs = join(dir, "main.cf");
			char *master_fs = join(dir, "master.cf");
			bool has_main = is_entry(main_fs);
			bool has_master = is_entry(master_fs);
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
	if (rc == -1)
		return rc;
	if (opts->mtas & LOAD_SENDMAIL) {
		static const char *const sm_dirs[] = { "", "mail", "etc/mail" };
		int src_rc = -2;

		for (i = 0; i < sizeof(sm_dirs) / sizeof(sm_dirs[0]); i++) {
			char *dir = join(path, sm_dirs[i]);

			src_rc = load_sendmail_dir(dir, opts, res, err);
			free(dir);
			if (src_rc != -2)
				break;
		}
		if (src_rc == -1)
			return -1;
		if (src_rc == 0)
			rc = 0;
	}
	if (rc == -2)
		return load_error(err, "%s: no configuration found (Postfix "
		    "main.cf or master.cf, or sendmail sendmail.mc or "
		    "sendmail.cf, in it, in postfix/ or mail/, or in "
		    "etc/postfix/ or etc/mail/)", path);
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
