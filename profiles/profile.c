/*
 * profile - YAML profiles: which rules run, how severe, with which parameters
 *
 * A profile file is read in two passes. The first (profile_yaml.c) turns
 * it into a tree of nodes that remember their line and column, within the
 * limits a profile file must keep (size, nesting, items, no anchors, no
 * duplicate keys). The second pass, here, walks that tree
 * against the profile schema. profile_load() then follows `extends` up to
 * the root base and merges the chain, root first, so that the most derived
 * profile wins rule by rule and field by field.
 *
 * Ownership: a resolved profile owns everything it points to, including
 * the file names that its positions point at (kept in struct profile_impl
 * behind the public struct).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "lib/severity.h"
#include "lib/xalloc.h"
#include "profiles/profile.h"
#include "profiles/profile_read.h"
#include "profiles/profile_yaml.h"

#ifndef MH_PROFILE_DIR
#define MH_PROFILE_DIR	"/usr/local/share/mta-harden/profiles"
#endif
#ifndef PATH_MAX
#define PATH_MAX	4096
#endif

#define MAX_CHAIN	16		/* profiles in an extends chain */

/* profile_impl - a resolved profile and the file names its positions use */
struct profile_impl {
	struct profile pub;	/* first: profile_free converts back */
	char	**files;
	size_t	 nfiles;
};

/* is_path - a reference that names a file rather than a built-in profile */
static bool
is_path(const char *ref)
{
	size_t n = strlen(ref);

	return strchr(ref, '/') != NULL ||
	    (n > 5 && strcmp(ref + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(ref + n - 4, ".yml") == 0);
}

/* is_word - a possible built-in profile name: [a-z0-9-]+ */
static bool
is_word(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	}
	return true;
}

/* strp_cmp - qsort order of strings */
static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* builtin_names - the sorted names of NAME.yaml files in dir, or NULL */
static char **
builtin_names(const char *dir, size_t *np)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, len;

	*np = 0;
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0 ||
		    !is_word(de->d_name, len - 5))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrndup(de->d_name, len - 5);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), strp_cmp);
	else
		names = xcalloc(1, sizeof(*names));
	*np = n;
	return names;
}

/* names_free - free a list from builtin_names */
static void
names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* unknown_profile - the error for a reference that names nothing */
static void
unknown_profile(const char *ref, const struct profile_pos *from,
    struct profile_error *err)
{
	char list[sizeof(err->msg)], q[QUOTE_SIZE];
	const char *dir = profile_builtin_dir();
	char **names;
	size_t i, n, len = 0;
	int w;

	profile_quote(q, sizeof(q), ref);
	names = builtin_names(dir, &n);
	if (n == 0) {
		profile_poserr(err, from, "unknown profile '%s' (no built-in profiles "
		    "in %s)", q, dir);
		names_free(names, n);
		return;
	}
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(list + len, sizeof(list) - len, "%s%s",
		    i > 0 ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= sizeof(list) - len)
			break;
		len += (size_t)w;
	}
	names_free(names, n);
	profile_poserr(err, from, "unknown profile '%s' (built-in profiles: %s)", q,
	    list);
}

/*
 * resolve_ref - the file a profile reference names: a path (relative to
 * the directory of the referring file, if any) or a built-in name
 */
static char *
resolve_ref(const char *ref, const char *referrer,
    const struct profile_pos *from, bool *builtin, struct profile_error *err)
{
	const char *slash;
	struct stat st;
	char *path;

	*builtin = false;
	if (is_path(ref)) {
		if (ref[0] == '/' || referrer == NULL ||
		    (slash = strrchr(referrer, '/')) == NULL)
			return xstrdup(ref);
		/* "dir/./x" reads badly in messages */
		while (ref[0] == '.' && ref[1] == '/')
			for (ref += 2; *ref == '/'; ref++)
				;
		return xasprintf("%.*s/%s", (int)(slash - referrer), referrer,
		    ref);
	}
	if (is_word(ref, strlen(ref))) {
		path = xasprintf("%s/%s.yaml", profile_builtin_dir(), ref);
		if (stat(path, &st) == 0 || errno != ENOENT) {
			*builtin = true;
			return path;
		}
		free(path);
	}
	unknown_profile(ref, from, err);
	return NULL;
}

/* rule_find_index - where id is in an unsorted rule array, or -1 */
static long
rule_find_index(const struct profile_rule *rules, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rules[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* merge - lay a more derived profile file over the resolved rules */
static void
merge(struct profile *p, struct pfile *pf)
{
	struct profile_rule *r, *to;
	size_t i, j, k;
	long at;

	for (i = 0; i < pf->nrules; i++) {
		r = &pf->rules[i];
		at = rule_find_index(p->rules, p->nrules, r->id);
		if (at == -1) {
			p->rules = xreallocarray(p->rules, p->nrules + 1,
			    sizeof(*p->rules));
			p->rules[p->nrules++] = *r;
			r->id = NULL;
			r->params = NULL;
			r->nparams = 0;
			continue;
		}
		to = &p->rules[at];
		if (r->enabled != -1)
			to->enabled = r->enabled;
		if (r->severity != -1)
			to->severity = r->severity;
		to->pos = r->pos;
		for (j = 0; j < r->nparams; j++) {
			for (k = 0; k < to->nparams; k++)
				if (strcmp(to->params[k].name,
				    r->params[j].name) == 0)
					break;
			if (k == to->nparams) {
				to->params = xreallocarray(to->params,
				    to->nparams + 1, sizeof(*to->params));
				to->nparams++;
			} else
				profile_param_clear(&to->params[k]);
			to->params[k] = r->params[j];
		}
		r->nparams = 0;	/* moved; pfile_free frees the array */
	}
}

/* rule_cmp - rules in id order */
static int
rule_cmp(const void *a, const void *b)
{
	const struct profile_rule *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/* resolve - the merged profile of a chain, most derived first (consumed) */
static struct profile *
resolve(struct pfile **chain, size_t n)
{
	struct profile_impl *pi;
	struct profile *p;
	size_t i;

	pi = xcalloc(1, sizeof(*pi));
	p = &pi->pub;
	p->name = xstrdup(chain[0]->name);
	if (chain[0]->description != NULL)
		p->description = xstrdup(chain[0]->description);
	p->path = xstrdup(chain[0]->path);
	p->chain = xreallocarray(NULL, n, sizeof(*p->chain));
	pi->files = xreallocarray(NULL, n, sizeof(*pi->files));
	for (i = 0; i < n; i++) {
		p->chain[p->nchain++] = xstrdup(chain[i]->name);
		pi->files[pi->nfiles++] = chain[i]->path;
		chain[i]->path = NULL;	/* positions point at it */
	}
	for (i = n; i-- > 0;) {
		merge(p, chain[i]);
		pfile_free(chain[i]);
		chain[i] = NULL;
	}
	if (p->nrules > 1)
		qsort(p->rules, p->nrules, sizeof(*p->rules), rule_cmp);
	return p;
}

/* cycle_error - the error for an extends chain that comes back on itself */
static void
cycle_error(struct pfile **chain, size_t n, const struct pfile *again,
    struct profile_error *err)
{
	char text[sizeof(err->msg)], q[QUOTE_SIZE];
	size_t i, len = 0;
	int w;

	text[0] = '\0';
	for (i = 0; i <= n; i++) {
		w = snprintf(text + len, sizeof(text) - len, "%s%s",
		    i > 0 ? " -> " : "",
		    profile_quote(q, sizeof(q), i < n ? chain[i]->name : again->name));
		if (w < 0 || (size_t)w >= sizeof(text) - len)
			break;
		len += (size_t)w;
	}
	profile_poserr(err, &chain[n - 1]->extends_pos, "'extends' cycle: %s", text);
}

/* profile_load - read a profile and its extends chain, resolved */
struct profile *
profile_load(const char *name_or_path, profile_rule_canon canon,
    struct profile_error *err)
{
	struct pfile *chain[MAX_CHAIN], *pf;
	const struct profile_pos *from = NULL;
	const char *ref = name_or_path, *referrer = NULL;
	size_t i, n = 0;
	struct profile_error dummy;
	char *path;
	bool builtin;

	if (err == NULL)
		err = &dummy;
	err->msg[0] = '\0';
	for (;;) {
		if (n == MAX_CHAIN) {
			profile_poserr(err, from, "'extends' chain is longer than %d "
			    "profiles", MAX_CHAIN);
			goto fail;
		}
		path = resolve_ref(ref, referrer, from, &builtin, err);
		if (path == NULL)
			goto fail;
		pf = pfile_read(path, from, builtin, canon, true, err);
		free(path);
		if (pf == NULL)
			goto fail;
		for (i = 0; i < n; i++) {
			if (chain[i]->dev == pf->dev &&
			    chain[i]->ino == pf->ino) {
				cycle_error(chain, n, pf, err);
				pfile_free(pf);
				goto fail;
			}
		}
		chain[n++] = pf;
		if (pf->extends == NULL)
			break;
		ref = pf->extends;
		referrer = pf->path;
		from = &pf->extends_pos;
	}
	return resolve(chain, n);
fail:
	for (i = 0; i < n; i++)
		pfile_free(chain[i]);
	return NULL;
}

/* profile_free - free a resolved profile; NULL is fine */
void
profile_free(struct profile *p)
{
	struct profile_impl *pi = (struct profile_impl *)p;
	size_t i;

	if (p == NULL)
		return;
	free(p->name);
	free(p->description);
	free(p->path);
	for (i = 0; i < p->nchain; i++)
		free(p->chain[i]);
	free(p->chain);
	for (i = 0; i < p->nrules; i++)
		profile_rule_clear(&p->rules[i]);
	free(p->rules);
	for (i = 0; i < pi->nfiles; i++)
		free(pi->files[i]);
	free(pi->files);
	free(pi);
}

/* rule_key_cmp - bsearch a rule id */
static int
rule_key_cmp(const void *key, const void *elem)
{
	const struct profile_rule *r = elem;

	return strcmp(key, r->id);
}

/* profile_rule_find - the resolved settings of a rule id, or NULL */
const struct profile_rule *
profile_rule_find(const struct profile *p, const char *id)
{
	if (p == NULL || p->nrules == 0 || id == NULL)
		return NULL;
	return bsearch(id, p->rules, p->nrules, sizeof(*p->rules),
	    rule_key_cmp);
}

/* profile_param_find - a parameter of a rule by name, or NULL */
const struct profile_param *
profile_param_find(const struct profile_rule *r, const char *name)
{
	size_t i;

	if (r == NULL)
		return NULL;
	for (i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return &r->params[i];
	return NULL;
}

/* use_dir - store the canonical form of cand in out if it is a directory */
static bool
use_dir(char *out, size_t size, const char *cand)
{
	struct stat st;
	char *real;

	if (stat(cand, &st) == -1 || !S_ISDIR(st.st_mode))
		return false;
	real = realpath(cand, NULL);
	if (real != NULL && strlen(real) < size)
		snprintf(out, size, "%s", real);
	else
		snprintf(out, size, "%s", cand);
	free(real);
	return true;
}

/* holds_default_profile - a directory of profiles has default.yaml */
static bool
holds_default_profile(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int w = snprintf(path, sizeof(path), "%s/default.yaml", dir);

	return w > 0 && (size_t)w < sizeof(path) && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode);
}

/*
 * profile_builtin_dir - the first directory that exists of:
 * $MTA_HARDEN_PROFILE_DIR; next to the binary (source tree); the
 * (binary-relative ones only when they hold default.yaml);
 * installed share directory; two levels up (build/san/mta-harden); the
 * compiled-in MH_PROFILE_DIR, which is also the answer when none exists.
 * The result is a static buffer, recomputed on each call.
 */
const char *
profile_builtin_dir(void)
{
	static const char *const rel[] = {
		"/profiles",
		"/../share/mta-harden/profiles",
		"/../../profiles",
	};
	static char dir[PATH_MAX];
	char exe[PATH_MAX], cand[PATH_MAX];
	const char *env;
	char *slash;
	ssize_t n;
	size_t i;
	int w;

	env = getenv("MTA_HARDEN_PROFILE_DIR");
	if (env != NULL && env[0] != '\0' && use_dir(dir, sizeof(dir), env))
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
				w = snprintf(cand, sizeof(cand), "%s%s", exe,
				    rel[i]);
				if (w < 0 || (size_t)w >= sizeof(cand))
					continue;
				/* build/san/profiles holds objects, not profiles. */
				if (holds_default_profile(cand) &&
				    use_dir(dir, sizeof(dir), cand))
					return dir;
			}
		}
	}
	if (!use_dir(dir, sizeof(dir), MH_PROFILE_DIR))
		snprintf(dir, sizeof(dir), "%s", MH_PROFILE_DIR);
	return dir;
}

/* summary_cmp - summaries in name order */
static int
summary_cmp(const void *a, const void *b)
{
	const struct profile_summary *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* profile_list_builtin - name, description and extends of the built-ins */
int
profile_list_builtin(struct profile_summary **out, size_t *nout,
    struct profile_error *err)
{
	struct profile_summary *list;
	struct pfile *pf;
	char *dir, *path, **names;
	size_t i, n;

	*out = NULL;
	*nout = 0;
	err->msg[0] = '\0';
	dir = xstrdup(profile_builtin_dir());
	if ((names = builtin_names(dir, &n)) == NULL) {
		profile_seterr(err, NULL, 0, 0, "cannot read the built-in profile "
		    "directory '%s': %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	list = xcalloc(n ? n : 1, sizeof(*list));
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s.yaml", dir, names[i]);
		pf = pfile_read(path, NULL, true, NULL, false, err);
		free(path);
		if (pf == NULL) {
			profile_list_free(list, i);
			names_free(names, n);
			free(dir);
			return -1;
		}
		list[i].name = pf->name;
		list[i].description = pf->description;
		list[i].extends = pf->extends;
		pf->name = pf->description = pf->extends = NULL;
		pfile_free(pf);
	}
	names_free(names, n);
	free(dir);
	if (n > 1)
		qsort(list, n, sizeof(*list), summary_cmp);
	*out = list;
	*nout = n;
	return 0;
}

/* profile_list_free - free a list from profile_list_builtin */
void
profile_list_free(struct profile_summary *list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].description);
		free(list[i].extends);
	}
	free(list);
}
