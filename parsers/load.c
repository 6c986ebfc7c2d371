/*
 * load - discovery of config files and reading them into models
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/load.h"
#include "parsers/maptype.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"
#include "lib/rootpath.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_facts.h"
#include "parsers/sm_maps.h"
#include "parsers/sm_mc.h"
#include "lib/tree.h"
#include "lib/xalloc.h"

/* why a file is not opened */
#define LINK_OUT "a symbolic link that leads out of the tree " \
	"(--follow-links reads it)"

/* loader - one load_path call: its options, the tree it may read, its result */
struct loader {
	const struct load_opts *opts;
	struct tree tree;
	struct load_result *res;
	size_t	 nerrors;	/* added by this call */
};

static struct load_error *
new_error(struct loader *L, const char *file)
{
	struct load_result *res = L->res;
	struct load_error *e;

	res->errors = xreallocarray(res->errors, res->nerrors + 1,
	    sizeof(*res->errors));
	e = &res->errors[res->nerrors++];
	memset(e, 0, sizeof(*e));
	e->file = xstrdup(file);
	L->nerrors++;
	return e;
}

/* loader_error - an error with no place in a file; the message names it */
static void loader_error(struct loader *, const char *file, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

static void
loader_error(struct loader *L, const char *file, const char *fmt, ...)
{
	struct load_error *e = new_error(L, file);
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	e->message = xstrdup(buf);
}

/*
 * without_place - a message without the "FILE:LINE: " it may start with
 * (as m4 words it), when FILE is the place given with it anyway
 */
static const char *
without_place(const char *msg, const char *file)
{
	size_t n = strlen(file);
	const char *p = msg + n;

	if (strncmp(msg, file, n) != 0 || *p != ':' ||
	    !isdigit((unsigned char)p[1]))
		return msg;
	for (p++; isdigit((unsigned char)*p); p++)
		;
	return strncmp(p, ": ", 2) == 0 ? p + 2 : msg;
}

/*
 * loader_refused - a file its reader refused: the place is computed now,
 * while the source it points into still lives
 */
static void
loader_refused(struct loader *L, const char *file,
    const struct parse_error *err)
{
	const struct src *at = err->where.src;
	struct load_error *e = new_error(L, at != NULL ? at->path : file);

	if (at != NULL) {
		src_position(at, err->where.start, &e->line, &e->column);
		e->message = xstrdup(without_place(err->msg, at->path));
	} else {
		e->message = xstrdup(err->msg);
	}
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

enum read_status {
	READ_OK,
	READ_UNREAD,	/* not opened: it leads out of the tree */
	READ_FAILED,	/* an error of the result */
};

/*
 * read_into - read a file into a model, unless its real path leaves the
 * tree; where: where a config names it (src NULL: found in the directory)
 */
static enum read_status
read_into(struct loader *L, struct model *m, const char *fs_path,
    const char *shown, struct span where, const struct src **out)
{
	const char *why = NULL;
	struct src *s;

	*out = NULL;
	if (!tree_holds(&L->tree, fs_path)) {
		model_add_unread(m, shown, LINK_OUT, where);
		return READ_UNREAD;
	}
	if ((s = src_read(fs_path, shown, &why)) == NULL) {
		loader_error(L, shown, "%s: cannot read: %s", shown, why);
		return READ_FAILED;
	}
	*out = model_add_src(m, s);
	return READ_OK;
}

static bool
newer_than(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

/*
 * map_disk_facts - whether a map's source and database exist, and
 * whether the database is older than the source, as Postfix would find
 * them: every file of the database must be there (dict_dbm opens the
 * .dir and the .pag); its age is that of its age file
 */
static void
map_disk_facts(struct loader *L, struct mapref *mr)
{
	const struct maptype *t = maptype_lookup(mr->type, MTA_POSTFIX);
	struct stat ss, ds;
	size_t k;

	mr->source_exists = stat(mr->fs_path, &ss) == 0;
	if (!maptype_has_db(t))
		return;
	mr->db = MAP_DB_PRESENT;
	mr->db_in_tree = true;
	for (k = 0; t->db_suffixes[k] != NULL; k++) {
		char *db = xasprintf("%s%s", mr->fs_path, t->db_suffixes[k]);

		if (!tree_holds(&L->tree, db))
			mr->db_in_tree = false;
		if (stat(db, &ds) < 0)
			mr->db = MAP_DB_MISSING;
		else if (mr->db == MAP_DB_PRESENT && mr->source_exists &&
		    strcmp(t->db_suffixes[k], t->age_suffix) == 0 &&
		    newer_than(&ss, &ds))
			mr->db = MAP_DB_OLDER;
		free(db);
	}
}

/* pf_map_is_alias - a map postalias builds (alias_maps, alias_database) */
static bool
pf_map_is_alias(const struct mapref *mr)
{
	return mr->from != NULL && (strcmp(mr->from->name, "alias_maps") == 0 ||
	    strcmp(mr->from->name, "alias_database") == 0);
}

/* pf_read_map_source - read an alias or texthash source once; false: not read */
static bool
pf_read_map_source(struct loader *L, struct model *m, struct mapref *mr,
    bool alias, const struct src **src)
{
	size_t k;

	/* one reading per file, however many parameters name it */
	for (k = 0; k < m->nsrcs; k++)
		if (m->srcs[k]->fs_path != NULL &&
		    strcmp(m->srcs[k]->fs_path, mr->fs_path) == 0) {
			*src = m->srcs[k];
			return true;
		}
	if (read_into(L, m, mr->fs_path, mr->fs_path, mr->where, src) !=
	    READ_OK)
		return false;
	if (alias)
		sm_aliases_parse(m, *src);
	return true;
}

/*
 * pf_read_maps - the alias files are read (aliases(5) format, as
 * postalias reads them); every database map's database must exist and
 * be newer than its source, else a note and the postmap/postalias step.
 * A map that cannot be read is left out, as if absent.
 */
static void
pf_read_maps(struct loader *L, struct model *m)
{
	size_t i, n = m->nmaps;

	for (i = 0; i < n; i++) {
		struct mapref *mr = m->maps[i];
		const struct maptype *t = maptype_lookup(mr->type, MTA_POSTFIX);
		bool alias = pf_map_is_alias(mr);
		const struct src *src = NULL;
		const char *tool;

		if (mr->fs_path == NULL)
			continue;
		map_disk_facts(L, mr);
		if (!is_file(mr->fs_path))
			continue;
		if ((alias || strcmp(mr->type, "texthash") == 0) &&
		    !pf_read_map_source(L, m, mr, alias, &src)) {
			mr->not_followed = "not read";
			mr->fs_path = NULL;
			mr->db = MAP_DB_NONE;
			continue;
		}
		/* a database that leads out of the tree: its age is not known */
		if (!mr->source_exists || !mr->db_in_tree ||
		    (mr->db != MAP_DB_MISSING && mr->db != MAP_DB_OLDER))
			continue;
		tool = maptype_rebuild(t, MTA_POSTFIX, alias);
		model_add_note(m, mr->db == MAP_DB_MISSING ? "db-missing" :
		    "db-stale", src != NULL ? span_whole(src) : mr->where,
		    "%s%s for %s:%s %s: Postfix reads the database, not "
		    "the text; rebuild it with '%s %s:%s'", mr->name,
		    t->db_shown, mr->type, mr->name, mr->db == MAP_DB_MISSING ?
		    "does not exist" : "is older than its source", tool,
		    mr->type, mr->name);
		model_add_step(m, "%s %s:%s", tool, mr->type, mr->name);
	}
}

/* loader_keep - the result takes a model */
static void
loader_keep(struct loader *L, struct model *m)
{
	struct load_result *res = L->res;

	res->models = xreallocarray(res->models, res->nmodels + 1,
	    sizeof(*res->models));
	res->models[res->nmodels++] = m;
}

/*
 * read_config - a main config file into m and through its reader: false
 * when the model must go (unreadable, or refused)
 */
static bool
read_config(struct loader *L, struct model *m, const char *fs_path,
    const char *shown, const struct src **out,
    int (*parse)(struct model *, const struct src *, struct parse_error *))
{
	struct parse_error err;

	if (read_into(L, m, fs_path, shown, span_make(NULL, 0, 0), out) !=
	    READ_OK)
		return false;
	if (parse(m, *out, &err) < 0) {
		loader_refused(L, shown, &err);
		return false;
	}
	return true;
}

/*
 * configs_unread - main config files that lead out of the tree: none of
 * them is read, the model only says so (nothing it sets is known).
 * fs[i] may be NULL. True when there was one.
 */
static bool
configs_unread(struct loader *L, struct model *m, const char *const *fs,
    const char *const *shown, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fs[i] != NULL && !tree_holds(&L->tree, fs[i]))
			model_add_unread(m, shown[i], LINK_OUT,
			    span_make(NULL, 0, 0));
	m->config_unread = m->nunread > 0;
	return m->config_unread;
}

/* load_postfix - main.cf and/or master.cf (either may be NULL) */
static void
load_postfix(struct loader *L, const char *dir_fs, const char *main_fs,
    const char *master_fs, const char *main_shown, const char *master_shown,
    const char *root)
{
	struct model *m = model_new(MTA_POSTFIX);
	const char *fs[] = { main_fs, master_fs };
	const char *shown[] = { main_shown, master_shown };

	m->dir = arena_strdup(&m->arena, dir_fs);
	m->root = root != NULL ? arena_strdup(&m->arena, root) : NULL;
	tree_add(&L->tree, root);
	if (configs_unread(L, m, fs, shown, 2)) {
		loader_keep(L, m);
		return;
	}
	if ((main_fs != NULL && !read_config(L, m, main_fs, main_shown,
	    &m->main_src, pf_main_parse)) ||
	    (master_fs != NULL && !read_config(L, m, master_fs, master_shown,
	    &m->master_src, pf_master_parse))) {
		model_free(m);
		return;
	}
	pf_facts_build(m);
	pf_read_maps(L, m);
	loader_keep(L, m);
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

/*
 * db_check - a sendmail map's database (the hash type's: makemap hash
 * and newaliases build it) must exist and be newer than its source
 */
static void
db_check(struct loader *L, struct model *m, const struct src *src,
    const char *fs_path, const char *rebuild)
{
	const struct maptype *t = maptype_lookup("hash", MTA_SENDMAIL);
	char *db = xasprintf("%s%s", fs_path, t->db_suffixes[0]);
	struct stat ss, ds;

	/* a database that leads out of the tree: its age is not known */
	if (tree_holds(&L->tree, db) && stat(fs_path, &ss) == 0) {
		if (stat(db, &ds) < 0) {
			model_add_note(m, "db-missing", span_whole(src),
			    "%s%s does not exist: sendmail reads the database, "
			    "not the text; build it with '%s'", src->path,
			    t->db_shown, rebuild);
			model_add_step(m, "%s", rebuild);
		} else if (newer_than(&ss, &ds)) {
			model_add_note(m, "db-stale", span_whole(src),
			    "%s%s is older than %s: the last edits are not in "
			    "force until '%s'", src->path, t->db_shown,
			    src->path, rebuild);
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
static enum read_status
read_map(struct loader *L, struct model *m, const char *fs_path,
    const struct src **out)
{
	const char *base = strrchr(fs_path, '/');
	enum read_status st = read_into(L, m, fs_path, fs_path,
	    span_make(NULL, 0, 0), out);
	size_t i;

	base = base != NULL ? base + 1 : fs_path;
	for (i = 0; st == READ_OK && i < m->nmaps; i++) {
		const char *name = m->maps[i]->name;
		const char *nb = strrchr(name, '/');

		if (m->maps[i]->fs_path == NULL && nb != NULL &&
		    strcmp(nb + 1, base) == 0) {
			m->maps[i]->fs_path = arena_strdup(&m->arena, fs_path);
			m->maps[i]->not_followed = NULL;
		}
	}
	for (i = 0; st == READ_OK && i < m->nfiles; i++) {
		struct named_file *nf = m->files[i];
		const char *nb = strrchr(nf->name, '/');

		if (nf->fs_path == NULL && nb != NULL &&
		    strcmp(nb + 1, base) == 0) {
			nf->fs_path = arena_strdup(&m->arena, fs_path);
			nf->not_followed = NULL;
		}
	}
	return st;
}

/*
 * sm_named_files - files the options name that rules look at: HelpFile
 * (read: an empty one is what hides the version) and StatusFile (must
 * exist). Each becomes a named_file "HelpFile" / "StatusFile".
 */
static void
sm_named_files(struct loader *L, struct model *m,
    const struct model *opts_from, const char *dir)
{
	static const char *const options[] = { "HelpFile", "StatusFile" };
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const char *named = last_value(opts_from, options[i]);
		const char *base, *why;
		const struct src *src;
		struct named_file *nf;
		char *path;

		if (named == NULL || *named == '\0')
			continue;
		nf = arena_alloc(&m->arena, sizeof(*nf));
		nf->what = options[i];
		nf->name = arena_strdup(&m->arena, named);
		base = strrchr(named, '/');
		path = sm_map_path(dir, base != NULL ? base + 1 : named, named,
		    m->root, &why);
		if (path == NULL)
			nf->not_followed = why != NULL ? why :
			    "no such file in the tree";
		else if (i == 0 && read_into(L, m, path, path,
		    span_make(NULL, 0, 0), &src) != READ_OK)
			nf->not_followed = "not read";
		else
			nf->fs_path = arena_strdup(&m->arena, path);
		free(path);
		MODEL_APPEND(m, m->files, m->nfiles, nf);
	}
}

/* the m4 step that rebuilds the .cf of a .mc */
static void
mc_step(struct model *m, const char *mc_fs)
{
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

/* sm_mc_parse with the sendmail-cf library of the model's root */
static int
parse_mc(struct model *m, const struct src *src, struct parse_error *err)
{
	return sm_mc_parse(m, src, sm_mc_lib_dir(m->root), err);
}

/*
 * generated_cf - the .cf beside a .mc, read into its own model: the .mc
 * stays the source of truth, so a .cf that cannot be used is an error and
 * the .mc is checked without it. Returns the model the options are read
 * from: the .cf's, or the .mc's.
 */
static const struct model *
generated_cf(struct loader *L, struct model *m, const char *mc_fs,
    const char *cf_fs)
{
	struct model *g = model_new(MTA_SENDMAIL);
	struct parse_error err;
	struct stat ms, cs;

	g->dir = m->dir;
	g->root = m->root;
	switch (read_into(L, g, cf_fs, cf_fs, span_make(NULL, 0, 0),
	    &g->main_src)) {
	case READ_UNREAD:
		model_add_unread(m, cf_fs, LINK_OUT, span_make(NULL, 0, 0));
		model_free(g);
		return m;
	case READ_FAILED:
		model_free(g);
		return m;
	case READ_OK:
		break;
	}
	if (sm_cf_parse(g, g->main_src, &err) < 0) {
		loader_refused(L, cf_fs, &err);
		model_free(g);
		return m;
	}
	sm_facts_build(g);
	m->generated = g;
	if (stat(mc_fs, &ms) == 0 && stat(cf_fs, &cs) == 0 &&
	    newer_than(&ms, &cs))
		model_add_note(m, "cf-older", span_whole(g->main_src),
		    "%s is older than %s: changes to the .mc are not in "
		    "force until the .cf is rebuilt", cf_fs, mc_fs);
	return g;
}

/* sm_aliases - the aliases file: beside the .cf, else the AliasFile below the root */
static void
sm_aliases(struct loader *L, struct model *m, const struct model *opts_from,
    const char *dir)
{
	const char *named = last_value(opts_from, "AliasFile"), *why;
	const struct src *src;
	char *path;

	if (named != NULL && strchr(named, ',') != NULL)
		named = arena_strndup(&m->arena, named,
		    (size_t)(strchr(named, ',') - named));
	path = sm_map_path(dir, "aliases", named, m->root, &why);
	if (path == NULL && named != NULL && *named != '\0') {
		/* named by AliasFile, but neither beside the .cf nor under a root */
		struct named_file *nf = arena_alloc(&m->arena, sizeof(*nf));
		const struct setting *s = NULL;
		size_t k;

		for (k = opts_from->nsettings; k > 0 && s == NULL; k--)
			if (strcmp(opts_from->settings[k - 1]->name,
			    "AliasFile") == 0)
				s = opts_from->settings[k - 1];
		nf->what = "AliasFile";
		nf->name = named;
		nf->where = s != NULL && s->source == SOURCE_FILE ?
		    s->value_span : span_make(NULL, 0, 0);
		nf->not_followed = why != NULL ? why :
		    "absolute path, not in the tree";
		MODEL_APPEND(m, m->files, m->nfiles, nf);
	}
	if (path != NULL && read_map(L, m, path, &src) == READ_OK) {
		sm_aliases_parse(m, src);
		db_check(L, m, src, path, maptype_rebuild(maptype_lookup(
		    "hash", MTA_SENDMAIL), MTA_SENDMAIL, true));
	}
	free(path);
}

/* sm_access - the access map, with its makemap step */
static void
sm_access(struct loader *L, struct model *m, const struct model *opts_from,
    const char *dir)
{
	const struct src *src;
	const char *why;
	char *path = sm_map_path(dir, "access", named_map(opts_from, "access"),
	    m->root, &why);

	if (path != NULL && read_map(L, m, path, &src) == READ_OK) {
		char buf[4096];
		const char *dp = model_deployed(m, path, buf, sizeof(buf));
		char *cmd = xasprintf("%s %s < %s", maptype_rebuild(
		    maptype_lookup("hash", MTA_SENDMAIL), MTA_SENDMAIL, false),
		    dp, dp);

		sm_access_parse(m, src);
		db_check(L, m, src, path, cmd);
		free(cmd);
	}
	free(path);
}

/* sm_class - a class file (relay-domains, local-host-names) an F line reads */
static void
sm_class(struct loader *L, struct model *m, const struct model *opts_from,
    const char *dir, const char *base, const char *klass)
{
	const char *format, *why;
	const char *named = class_file(m, last_value(opts_from, klass),
	    &format);
	const struct src *src;
	char *path = sm_map_path(dir, base, named, m->root, &why);

	if (path != NULL && read_map(L, m, path, &src) == READ_OK)
		sm_class_parse(m, src, format);
	free(path);
}

/* load_sendmail - sendmail.mc and/or sendmail.cf, and the lists they use */
static void
load_sendmail(struct loader *L, const char *dir, const char *mc_fs,
    const char *cf_fs, const char *root)
{
	struct model *m = model_new(MTA_SENDMAIL);
	const struct model *opts_from = m;
	/* beside a .mc, the .cf is not the source of truth */
	const char *main_fs = mc_fs != NULL ? mc_fs : cf_fs;

	m->dir = arena_strdup(&m->arena, dir);
	m->root = root != NULL ? arena_strdup(&m->arena, root) : NULL;
	tree_add(&L->tree, root);
	if (configs_unread(L, m, &main_fs, &main_fs, 1)) {
		loader_keep(L, m);
		return;
	}
	/* no main file at all: an access map alone */
	if (main_fs != NULL && !read_config(L, m, main_fs, main_fs,
	    &m->main_src, mc_fs != NULL ? parse_mc : sm_cf_parse)) {
		model_free(m);
		return;
	}
	if (mc_fs != NULL) {
		if (cf_fs != NULL)
			opts_from = generated_cf(L, m, mc_fs, cf_fs);
		mc_step(m, mc_fs);
	}
	/* the lists and maps, where the directory or the config has them */
	sm_aliases(L, m, opts_from, dir);
	sm_access(L, m, opts_from, dir);
	sm_class(L, m, opts_from, dir, "relay-domains", "$=R");
	sm_class(L, m, opts_from, dir, "local-host-names", "$=w");
	sm_named_files(L, m, opts_from, dir);
	sm_facts_build(m);
	loader_keep(L, m);
}

/* load_sendmail_dir - the sendmail files of one directory; false if none */
static bool
load_sendmail_dir(struct loader *L, const char *dir)
{
	char *mc = join(dir, "sendmail.mc"), *cf = join(dir, "sendmail.cf");
	char *access = join(dir, "access"), *pf_main = join(dir, "main.cf");
	char *pf_master = join(dir, "master.cf");
	bool has_mc = is_entry(mc), has_cf = is_entry(cf);
	/* A sendmail access map alone counts; Postfix keeps an "access" too. */
	bool maps_only = is_file(access) && !is_file(pf_main) &&
	    !is_file(pf_master);
	bool found = has_mc || has_cf || maps_only;

	free(access);
	free(pf_main);
	free(pf_master);
	if (found) {
		char *root = L->opts->root != NULL ? xstrdup(L->opts->root) :
		    infer_root(dir, "etc/mail");

		load_sendmail(L, dir, has_mc ? mc : NULL, has_cf ? cf : NULL,
		    root);
		free(root);
	}
	free(mc);
	free(cf);
	return found;
}

/* load_file - a PATH that is one file: main.cf, master.cf, a .mc or a .cf */
static void
load_file(struct loader *L, const char *path)
{
	const struct load_opts *opts = L->opts;
	const char *base = strrchr(path, '/');
	bool sendmail, postfix;
	char *dir, *root;

	base = base != NULL ? base + 1 : path;
	dir = base == path ? xstrdup(".") :
	    xstrndup(path, (size_t)(base - path));
	/* the file was named: it is read wherever it leads */
	tree_add(&L->tree, path);
	tree_add(&L->tree, dir);
	postfix = strcmp(base, "main.cf") == 0 || strcmp(base, "master.cf") == 0;
	sendmail = !postfix && (ends_with(base, ".mc") || ends_with(base, ".cf"));
	root = opts->root != NULL ? xstrdup(opts->root) :
	    infer_root(dir, sendmail ? "etc/mail" : "etc/postfix");
	if (sendmail && (opts->mtas & LOAD_SENDMAIL))
		load_sendmail(L, dir, ends_with(base, ".mc") ? path : NULL,
		    ends_with(base, ".cf") ? path : NULL, root);
	else if (strcmp(base, "main.cf") == 0 && (opts->mtas & LOAD_POSTFIX))
		load_postfix(L, dir, path, NULL, path, NULL, root);
	else if (strcmp(base, "master.cf") == 0 && (opts->mtas & LOAD_POSTFIX))
		load_postfix(L, dir, NULL, path, NULL, path, root);
	else
		loader_error(L, path, "%s: not a file mta-harden reads "
		    "(expected main.cf, master.cf, or a sendmail .mc or .cf)",
		    path);
	free(dir);
	free(root);
}

/* load_dir - a PATH that is a directory: Postfix and sendmail files in it */
static void
load_dir(struct loader *L, const char *path)
{
	static const char *const pf_dirs[] = { "", "postfix", "etc/postfix" };
	static const char *const sm_dirs[] = { "", "mail", "etc/mail" };
	const struct load_opts *opts = L->opts;
	bool found = false, pf_found = false;
	size_t i;

	tree_add(&L->tree, path);
	for (i = 0; (opts->mtas & LOAD_POSTFIX) && !pf_found &&
	    i < sizeof(pf_dirs) / sizeof(pf_dirs[0]); i++) {
		char *dir = join(path, pf_dirs[i]);
		char *main_fs = join(dir, "main.cf");
		char *master_fs = join(dir, "master.cf");
		bool has_main = is_entry(main_fs);
		bool has_master = is_entry(master_fs);

		if (has_main || has_master) {
			char *root = opts->root != NULL ? xstrdup(opts->root) :
			    infer_root(dir, "etc/postfix");

			load_postfix(L, dir, has_main ? main_fs : NULL,
			    has_master ? master_fs : NULL, main_fs, master_fs,
			    root);
			free(root);
			pf_found = true;
		}
		free(dir);
		free(main_fs);
		free(master_fs);
	}
	found = pf_found;
	for (i = 0; (opts->mtas & LOAD_SENDMAIL) &&
	    i < sizeof(sm_dirs) / sizeof(sm_dirs[0]); i++) {
		char *dir = join(path, sm_dirs[i]);
		bool here = load_sendmail_dir(L, dir);

		free(dir);
		if (here) {
			found = true;
			break;
		}
	}
	if (!found)
		loader_error(L, path, "%s: no configuration found (Postfix "
		    "main.cf or master.cf, or sendmail sendmail.mc or "
		    "sendmail.cf, in it, in postfix/ or mail/, or in "
		    "etc/postfix/ or etc/mail/)", path);
}

size_t
load_path(const char *path, const struct load_opts *opts,
    struct load_result *res)
{
	struct loader L;
	struct stat st;

	memset(&L, 0, sizeof(L));
	L.opts = opts;
	L.res = res;
	tree_init(&L.tree, opts->follow_links);
	if (opts->root != NULL && stat(opts->root, &st) < 0)
		loader_error(&L, opts->root, "--root %s: %s", opts->root,
		    strerror(errno));
	else if (opts->root != NULL && !S_ISDIR(st.st_mode))
		loader_error(&L, opts->root, "--root %s: not a directory",
		    opts->root);
	else if (stat(path, &st) < 0)
		loader_error(&L, path, "%s: %s", path, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		load_file(&L, path);
	else
		load_dir(&L, path);
	tree_release(&L.tree);
	return L.nerrors;
}

void
load_result_release(struct load_result *res)
{
	size_t i;

	for (i = 0; i < res->nmodels; i++)
		model_free(res->models[i]);
	free(res->models);
	for (i = 0; i < res->nerrors; i++) {
		free(res->errors[i].file);
		free(res->errors[i].message);
	}
	free(res->errors);
	memset(res, 0, sizeof(*res));
}
