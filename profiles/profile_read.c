/*
 * profile_read - one profile file against the schema (profile_read.h)
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/severity.h"
#include "lib/xalloc.h"
#include "profiles/profile_read.h"
#include "profiles/profile_yaml.h"

/* parse_bool - true/yes/on and false/no/off, any case; -1 otherwise */
static int
parse_bool(const char *s)
{
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "on") == 0)
		return 1;
	if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "off") == 0)
		return 0;
	return -1;
}

/* node_pos - where a node is, for the profile structures */
static struct profile_pos
node_pos(const struct pfile *pf, const struct node *n)
{
	struct profile_pos pos;

	pos.file = pf->path;
	pos.line = n->line;
	pos.column = n->column;
	return pos;
}

/* profile_param_clear - free what a parameter holds */
void
profile_param_clear(struct profile_param *pp)
{
	size_t i;

	free(pp->name);
	free(pp->scalar);
	for (i = 0; i < pp->nitems; i++)
		free(pp->items[i]);
	free(pp->items);
}

/* profile_rule_clear - free what a rule holds */
void
profile_rule_clear(struct profile_rule *r)
{
	size_t i;

	free(r->id);
	for (i = 0; i < r->nparams; i++)
		profile_param_clear(&r->params[i]);
	free(r->params);
}

/* pfile_free - free a profile file as read */
void
pfile_free(struct pfile *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nrules; i++)
		profile_rule_clear(&pf->rules[i]);
	free(pf->rules);
	free(pf->path);
	free(pf->name);
	free(pf->description);
	free(pf->extends);
	free(pf);
}

/* get_string - a non-empty scalar value for a top-level key */
static char *
get_string(struct ydoc *d, const struct node *k, const struct node *v)
{
	if (v->type != NODE_SCALAR || yaml_node_is_null(v)) {
		yaml_node_error(d, v, "wrong type for '%s': expected a string, not %s",
		    k->value, yaml_node_kind(v));
		return NULL;
	}
	if (v->value[0] == '\0') {
		yaml_node_error(d, v, "'%s' must not be empty", k->value);
		return NULL;
	}
	return xstrdup(v->value);
}

/* read_param - a parameter of a rule: a scalar or a list of scalars */
static int
read_param(struct ydoc *d, struct pfile *pf, struct profile_rule *r,
    const struct node *k, const struct node *v)
{
	struct profile_param *pp;
	const struct node *item;
	char q[QUOTE_SIZE];
	size_t i;

	profile_quote(q, sizeof(q), k->value);
	if (yaml_node_is_null(v)) {
		yaml_node_error(d, v, "parameter '%s' has no value "
		    "(write [] for an empty list)", q);
		return -1;
	}
	if (v->type == NODE_MAP) {
		yaml_node_error(d, v, "wrong type for parameter '%s': expected a "
		    "scalar or a list of scalars, not a mapping", q);
		return -1;
	}
	if (v->type == NODE_SEQ) {
		for (i = 0; i < v->nkids; i++) {
			item = v->kids[i];
			if (item->type != NODE_SCALAR) {
				yaml_node_error(d, item, "wrong type for parameter "
				    "'%s': list items must be scalars, not %s",
				    q, yaml_node_kind(item));
				return -1;
			}
			if (yaml_node_is_null(item)) {
				yaml_node_error(d, item, "empty item in parameter "
				    "'%s'", q);
				return -1;
			}
		}
	}
	r->params = xreallocarray(r->params, r->nparams + 1,
	    sizeof(*r->params));
	pp = &r->params[r->nparams++];
	memset(pp, 0, sizeof(*pp));
	pp->name = xstrdup(k->value);
	pp->pos = node_pos(pf, k);
	if (v->type == NODE_SCALAR) {
		pp->scalar = xstrdup(v->value);
		return 0;
	}
	pp->items = xreallocarray(NULL, v->nkids, sizeof(*pp->items));
	for (i = 0; i < v->nkids; i++)
		pp->items[pp->nitems++] = xstrdup(v->kids[i]->value);
	return 0;
}

/* read_rule_map - enabled, severity and parameters of one rule */
static int
read_rule_map(struct ydoc *d, struct pfile *pf, struct profile_rule *r,
    const struct node *map)
{
	const struct node *k, *v;
	enum severity sev;
	char q[QUOTE_SIZE];
	size_t i;
	int b;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		k = map->kids[i];
		v = map->kids[i + 1];
		if (strcmp(k->value, "enabled") == 0) {
			if (v->type != NODE_SCALAR || yaml_node_is_null(v)) {
				yaml_node_error(d, v, "wrong type for 'enabled': "
				    "expected true or false, not %s", yaml_node_kind(v));
				return -1;
			}
			if ((b = parse_bool(v->value)) == -1) {
				yaml_node_error(d, v, "invalid boolean '%s' for "
				    "'enabled' (use true or false)",
				    profile_quote(q, sizeof(q), v->value));
				return -1;
			}
			r->enabled = b;
		} else if (strcmp(k->value, "severity") == 0) {
			if (v->type != NODE_SCALAR || yaml_node_is_null(v)) {
				yaml_node_error(d, v, "wrong type for 'severity': "
				    "expected a severity, not %s", yaml_node_kind(v));
				return -1;
			}
			if (severity_parse(v->value, &sev) == -1) {
				yaml_node_error(d, v, "unknown severity '%s' (use "
				    "info, low, medium, high or critical)",
				    profile_quote(q, sizeof(q), v->value));
				return -1;
			}
			r->severity = (int)sev;
		} else if (read_param(d, pf, r, k, v) == -1)
			return -1;
	}
	return 0;
}

/* read_rules - the rules mapping of a profile file */
static int
read_rules(struct ydoc *d, struct pfile *pf, const struct node *rules,
    profile_rule_canon canon)
{
	const struct node *k, *v;
	struct profile_rule *r;
	const char *id;
	char q[QUOTE_SIZE], q2[QUOTE_SIZE];
	size_t i, j;
	int b;

	for (i = 0; i + 1 < rules->nkids; i += 2) {
		k = rules->kids[i];
		v = rules->kids[i + 1];
		profile_quote(q, sizeof(q), k->value);
		id = canon != NULL ? canon(k->value) : k->value;
		if (id == NULL) {
			yaml_node_error(d, k, "unknown rule '%s'", q);
			return -1;
		}
		for (j = 0; j < pf->nrules; j++) {
			if (strcmp(pf->rules[j].id, id) != 0)
				continue;
			yaml_node_error(d, k, "rule '%s' is configured twice: it is "
			    "%s, already configured at line %u, column %u", q,
			    profile_quote(q2, sizeof(q2), id), pf->rules[j].pos.line,
			    pf->rules[j].pos.column);
			return -1;
		}
		pf->rules = xreallocarray(pf->rules, pf->nrules + 1,
		    sizeof(*pf->rules));
		r = &pf->rules[pf->nrules++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(id);
		r->enabled = -1;
		r->severity = -1;
		r->pos = node_pos(pf, k);
		if (v->type == NODE_MAP) {
			if (read_rule_map(d, pf, r, v) == -1)
				return -1;
		} else if (v->type == NODE_SEQ) {
			yaml_node_error(d, v, "wrong type for rule '%s': expected "
			    "true, false or a mapping, not a list", q);
			return -1;
		} else if (yaml_node_is_null(v)) {
			yaml_node_error(d, v, "rule '%s' has no value: write true, "
			    "false or a mapping", q);
			return -1;
		} else if ((b = parse_bool(v->value)) == -1) {
			yaml_node_error(d, v, "invalid value '%s' for rule '%s': "
			    "expected true, false or a mapping",
			    profile_quote(q2, sizeof(q2), v->value), q);
			return -1;
		} else
			r->enabled = b;
	}
	return 0;
}

/*
 * read_top - the top-level mapping of a profile file; with want_rules
 * false the rules are not looked at (listing the built-in profiles)
 */
static int
read_top(struct ydoc *d, struct pfile *pf, const struct node *root,
    profile_rule_canon canon, bool want_rules)
{
	const struct node *k, *v, *rules = NULL;
	char q[QUOTE_SIZE];
	size_t i;

	if (root->type != NODE_MAP) {
		yaml_node_error(d, root, "wrong type for a profile: expected a mapping "
		    "with name, description, extends and rules, not %s",
		    yaml_node_kind(root));
		return -1;
	}
	for (i = 0; i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (strcmp(k->value, "name") == 0) {
			if ((pf->name = get_string(d, k, v)) == NULL)
				return -1;
			pf->name_pos = node_pos(pf, v);
		} else if (strcmp(k->value, "extends") == 0) {
			if ((pf->extends = get_string(d, k, v)) == NULL)
				return -1;
			pf->extends_pos = node_pos(pf, v);
		} else if (strcmp(k->value, "description") == 0) {
			if (yaml_node_is_null(v))
				continue;
			if ((pf->description = get_string(d, k, v)) == NULL)
				return -1;
		} else if (strcmp(k->value, "rules") == 0) {
			if (yaml_node_is_null(v))
				continue;
			if (v->type != NODE_MAP) {
				yaml_node_error(d, v, "wrong type for 'rules': "
				    "expected a mapping, not %s", yaml_node_kind(v));
				return -1;
			}
			rules = v;
		} else {
			yaml_node_error(d, k, "unknown key '%s' (expected name, "
			    "extends, description or rules)",
			    profile_quote(q, sizeof(q), k->value));
			return -1;
		}
	}
	if (pf->name == NULL) {
		yaml_node_error(d, root, "missing required key 'name'");
		return -1;
	}
	if (rules != NULL && want_rules)
		return read_rules(d, pf, rules, canon);
	return 0;
}

/*
 * read_file - the bytes of a profile; only a regular file of at most
 * MAX_FILE_BYTES will do. I/O errors are reported at `from` when given.
 */
static char *
read_file(const char *path, const struct profile_pos *from, struct stat *st,
    size_t *lenp, struct profile_error *err)
{
	char q[QUOTE_SIZE];
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	profile_quote(q, sizeof(q), path);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		profile_poserr(err, from, "cannot read profile '%s': %s", q,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, st) == -1) {
		profile_poserr(err, from, "cannot read profile '%s': %s", q,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st->st_mode)) {
		profile_poserr(err, from, "cannot read profile '%s': not a regular "
		    "file", q);
		close(fd);
		return NULL;
	}
	if (st->st_size > MAX_FILE_BYTES) {
		profile_seterr(err, path, 1, 1, "profile is larger than %d MiB",
		    MAX_FILE_BYTES / (1024 * 1024));
		close(fd);
		return NULL;
	}
	buf = xmalloc(MAX_FILE_BYTES + 1);
	for (;;) {
		n = read(fd, buf + len, MAX_FILE_BYTES + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			profile_poserr(err, from, "cannot read profile '%s': %s", q,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > MAX_FILE_BYTES) {
			profile_seterr(err, path, 1, 1, "profile is larger than %d MiB",
			    MAX_FILE_BYTES / (1024 * 1024));
			goto fail;
		}
	}
	close(fd);
	*lenp = len;
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/*
 * pfile_read - read and check one profile file. A built-in profile's
 * name must be its file name without .yaml.
 */
struct pfile *
pfile_read(const char *path, const struct profile_pos *from, bool builtin,
    profile_rule_canon canon, bool want_rules, struct profile_error *err)
{
	struct pfile *pf;
	struct node *root;
	struct ydoc d;
	struct stat st;
	const char *base;
	char q[QUOTE_SIZE];
	char *buf;
	size_t len, stem;

	if ((buf = read_file(path, from, &st, &len, err)) == NULL)
		return NULL;
	pf = xcalloc(1, sizeof(*pf));
	pf->path = xstrdup(path);
	pf->dev = st.st_dev;
	pf->ino = st.st_ino;
	memset(&d, 0, sizeof(d));
	d.file = pf->path;
	d.buf = buf;
	d.len = len;
	d.err = err;
	root = yaml_tree_parse(&d);
	free(buf);
	if (root == NULL || read_top(&d, pf, root, canon, want_rules) == -1)
		goto fail;
	yaml_node_free(root);
	root = NULL;
	if (builtin) {
		base = strrchr(pf->path, '/');
		base = base != NULL ? base + 1 : pf->path;
		stem = strlen(base) - strlen(".yaml");
		if (strlen(pf->name) != stem ||
		    strncmp(base, pf->name, stem) != 0) {
			profile_poserr(err, &pf->name_pos, "built-in profile '%s' "
			    "must be named after its file '%s'",
			    profile_quote(q, sizeof(q), pf->name), base);
			goto fail;
		}
	}
	return pf;
fail:
	yaml_node_free(root);
	pfile_free(pf);
	return NULL;
}
