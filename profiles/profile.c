/*
 * profile - YAML profiles: which rules run, how severe, with which parameters
 *
 * A profile file is read in two passes. The first turns libyaml's event
 * stream (never its document loader, which resolves aliases) into a small
 * tree of nodes that remember their line and column, and enforces the
 * limits: file size, scalar size, nesting depth, items per collection, no
 * anchors or aliases, no duplicate keys. The second pass walks that tree
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

#ifndef MH_PROFILE_DIR
#define MH_PROFILE_DIR	"/usr/local/share/mta-harden/profiles"
#endif
#ifndef PATH_MAX
#define PATH_MAX	4096
#endif

#define MAX_FILE_BYTES	(1024 * 1024)	/* a profile file */
#define MAX_SCALAR_BYTES (64 * 1024)	/* one scalar */
#define MAX_ITEMS	10000		/* entries of a list or mapping */
#define MAX_DEPTH	16		/* nested collections */
#define MAX_CHAIN	16		/* profiles in an extends chain */
#define QUOTE_SIZE	80		/* a value quoted in a message */

enum node_type {
	NODE_SCALAR,
	NODE_SEQ,
	NODE_MAP,
};

/* node - a YAML node; a mapping keeps key, value, key, value, ... in kids */
struct node {
	enum node_type type;
	char	*value;		/* scalar text, NUL-free */
	bool	 plain;		/* scalar was unquoted */
	unsigned line, column;	/* 1-based */
	struct node **kids;
	size_t	 nkids;
};

/* ydoc - one profile file being read */
struct ydoc {
	const char *file;	/* as it is named in messages */
	const char *buf;
	size_t	 len;
	yaml_parser_t parser;
	struct profile_error *err;
};

/* pfile - one profile file as written, before the chain is merged */
struct pfile {
	char	*path;
	dev_t	 dev;
	ino_t	 ino;
	char	*name;
	char	*description;
	char	*extends;
	struct profile_pos name_pos;
	struct profile_pos extends_pos;
	struct profile_rule *rules;
	size_t	 nrules;
};

/* profile_impl - a resolved profile and the file names its positions use */
struct profile_impl {
	struct profile pub;	/* first: profile_free converts back */
	char	**files;
	size_t	 nfiles;
};

static void seterr(struct profile_error *, const char *, unsigned, unsigned,
	    const char *, ...) __attribute__((format(printf, 5, 6)));
static void poserr(struct profile_error *, const struct profile_pos *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
static void nodeerr(struct ydoc *, const struct node *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/* seterr - "FILE:LINE:COLUMN: message", or just "message" without a file */
static void
seterr(struct profile_error *err, const char *file, unsigned line,
    unsigned column, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err == NULL)
		return;
	if (file != NULL) {
		n = snprintf(err->msg, sizeof(err->msg), "%s:%u:%u: ", file,
		    line, column);
		if (n < 0 || (size_t)n >= sizeof(err->msg))
			return;
	}
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* poserr - an error at a position, or without one when pos is NULL */
static void
poserr(struct profile_error *err, const struct profile_pos *pos,
    const char *fmt, ...)
{
	char text[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (pos != NULL)
		seterr(err, pos->file, pos->line, pos->column, "%s", text);
	else
		seterr(err, NULL, 0, 0, "%s", text);
}

/* nodeerr - an error at a node of the file being read */
static void
nodeerr(struct ydoc *d, const struct node *n, const char *fmt, ...)
{
	char text[sizeof(d->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	seterr(d->err, d->file, n->line, n->column, "%s", text);
}

/*
 * show - a value made safe to quote in a message: control bytes become
 * '?', and a long value is cut (at a character boundary) and ends in "..."
 */
static const char *
show(char *buf, size_t size, const char *s)
{
	size_t i, n = strlen(s);
	bool cut = false;

	if (n > size - 1) {
		n = size - 4;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* node_free - free a node tree */
static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

/* is_null - a plain empty, ~ or null scalar */
static bool
is_null(const struct node *n)
{
	if (n->type != NODE_SCALAR || !n->plain)
		return false;
	return n->value[0] == '\0' || strcmp(n->value, "~") == 0 ||
	    strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	    strcmp(n->value, "NULL") == 0;
}

/* kind - what a node is, for "wrong type" messages */
static const char *
kind(const struct node *n)
{
	if (n->type == NODE_MAP)
		return "a mapping";
	if (n->type == NODE_SEQ)
		return "a list";
	if (is_null(n))
		return "an empty value";
	return "a scalar";
}

/* yaml_fail - turn libyaml's error state into a positioned message */
static void
yaml_fail(struct ydoc *d)
{
	const yaml_parser_t *p = &d->parser;
	const char *problem = p->problem ? p->problem : "YAML syntax error";
	unsigned line = 1, column = 1;
	size_t i;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		seterr(d->err, d->file, 1, 1, "out of memory reading YAML");
		return;
	case YAML_READER_ERROR:
		/* the reader reports a byte offset, not a mark */
		for (i = 0; i < p->problem_offset && i < d->len; i++) {
			if (d->buf[i] == '\n')
				line++, column = 1;
			else
				column++;
		}
		if (p->problem_value != -1)
			seterr(d->err, d->file, line, column,
			    "%s (byte 0x%02x)", problem,
			    (unsigned)p->problem_value & 0xffu);
		else
			seterr(d->err, d->file, line, column, "%s", problem);
		return;
	default:
		line = (unsigned)p->problem_mark.line + 1;
		column = (unsigned)p->problem_mark.column + 1;
		if (p->context != NULL)
			seterr(d->err, d->file, line, column,
			    "%s (%s at line %u, column %u)", problem,
			    p->context, (unsigned)p->context_mark.line + 1,
			    (unsigned)p->context_mark.column + 1);
		else
			seterr(d->err, d->file, line, column, "%s", problem);
		return;
	}
}

/* event_anchor - the anchor an event defines, or NULL */
static const unsigned char *
event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* next_event - the next event; anchors and aliases are errors */
static int
next_event(struct ydoc *d, yaml_event_t *ev)
{
	const unsigned char *anchor;
	char q[QUOTE_SIZE];
	unsigned line, column;

	if (!yaml_parser_parse(&d->parser, ev)) {
		yaml_fail(d);
		return -1;
	}
	line = (unsigned)ev->start_mark.line + 1;
	column = (unsigned)ev->start_mark.column + 1;
	if (ev->type == YAML_ALIAS_EVENT) {
		seterr(d->err, d->file, line, column,
		    "YAML aliases are not supported (alias '*%s')",
		    show(q, sizeof(q), (const char *)ev->data.alias.anchor));
		yaml_event_delete(ev);
		return -1;
	}
	if ((anchor = event_anchor(ev)) != NULL) {
		seterr(d->err, d->file, line, column,
		    "YAML aliases are not supported (anchor '&%s')",
		    show(q, sizeof(q), (const char *)anchor));
		yaml_event_delete(ev);
		return -1;
	}
	return 0;
}

struct keyref {
	const struct node *key;
	size_t	 index;
};

/* keyref_cmp - order keys by text, then by place */
static int
keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key->value, y->key->value);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* check_dups - a key twice in one mapping: an error at the second one */
static int
check_dups(struct ydoc *d, const struct node *map)
{
	struct keyref *refs;
	const struct node *dup = NULL, *first = NULL;
	size_t i, n = map->nkids / 2, best = 0;
	char q[QUOTE_SIZE];

	if (n < 2)
		return 0;
	refs = xreallocarray(NULL, n, sizeof(*refs));
	for (i = 0; i < n; i++) {
		refs[i].key = map->kids[2 * i];
		refs[i].index = i;
	}
	qsort(refs, n, sizeof(*refs), keyref_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(refs[i - 1].key->value, refs[i].key->value) != 0)
			continue;
		if (dup == NULL || refs[i].index < best) {
			dup = refs[i].key;
			first = refs[i - 1].key;
			best = refs[i].index;
		}
	}
	free(refs);
	if (dup == NULL)
		return 0;
	nodeerr(d, dup, "duplicate key '%s' (first at line %u, column %u)",
	    show(q, sizeof(q), dup->value), first->line, first->column);
	return -1;
}

/* node_push - append a child */
static void
node_push(struct node *n, struct node *kid)
{
	if ((n->nkids & (n->nkids - 1)) == 0)
		n->kids = xreallocarray(n->kids, n->nkids ? 2 * n->nkids : 4,
		    sizeof(*n->kids));
	n->kids[n->nkids++] = kid;
}

/*
 * build - the node that starts with event ev (consumed), its children
 * read from the parser; depth counts the collections around it
 */
static struct node *
build(struct ydoc *d, yaml_event_t *ev, int depth)
{
	struct node *n, *kid;
	yaml_event_t e;
	yaml_event_type_t end;
	size_t len, count;
	bool map;

	n = xcalloc(1, sizeof(*n));
	n->line = (unsigned)ev->start_mark.line + 1;
	n->column = (unsigned)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->type = NODE_SCALAR;
		len = ev->data.scalar.length;
		if (len > MAX_SCALAR_BYTES) {
			nodeerr(d, n, "scalar longer than %d KiB",
			    MAX_SCALAR_BYTES / 1024);
			goto fail;
		}
		if (memchr(ev->data.scalar.value, '\0', len) != NULL) {
			nodeerr(d, n, "scalar contains a NUL character");
			goto fail;
		}
		n->value = xstrndup((const char *)ev->data.scalar.value, len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(ev);
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		map = ev->type == YAML_MAPPING_START_EVENT;
		n->type = map ? NODE_MAP : NODE_SEQ;
		end = map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
		yaml_event_delete(ev);
		if (depth >= MAX_DEPTH) {
			nodeerr(d, n, "document nested deeper than %d levels",
			    MAX_DEPTH);
			node_free(n);
			return NULL;
		}
		for (;;) {
			if (next_event(d, &e) == -1)
				break;
			if (e.type == end) {
				yaml_event_delete(&e);
				if (map && check_dups(d, n) == -1)
					break;
				return n;
			}
			count = map ? n->nkids / 2 : n->nkids;
			if (count >= MAX_ITEMS && (!map || n->nkids % 2 == 0)) {
				seterr(d->err, d->file,
				    (unsigned)e.start_mark.line + 1,
				    (unsigned)e.start_mark.column + 1,
				    map ? "more than %d keys in a mapping" :
				    "more than %d items in a list", MAX_ITEMS);
				yaml_event_delete(&e);
				break;
			}
			if (map && n->nkids % 2 == 0 &&
			    e.type != YAML_SCALAR_EVENT) {
				seterr(d->err, d->file,
				    (unsigned)e.start_mark.line + 1,
				    (unsigned)e.start_mark.column + 1,
				    "mapping keys must be scalars");
				yaml_event_delete(&e);
				break;
			}
			if ((kid = build(d, &e, depth + 1)) == NULL)
				break;
			node_push(n, kid);
		}
		node_free(n);
		return NULL;
	default:
		nodeerr(d, n, "unexpected YAML event %d", (int)ev->type);
		goto fail;
	}
fail:
	yaml_event_delete(ev);
	node_free(n);
	return NULL;
}

/* parse_tree - the node tree of a whole profile file, or NULL */
static struct node *
parse_tree(struct ydoc *d)
{
	yaml_event_t ev;
	struct node *root = NULL;

	if (!yaml_parser_initialize(&d->parser)) {
		seterr(d->err, d->file, 1, 1, "out of memory reading YAML");
		return NULL;
	}
	yaml_parser_set_input_string(&d->parser,
	    (const unsigned char *)d->buf, d->len);
	if (next_event(d, &ev) == -1)		/* stream start */
		goto fail;
	yaml_event_delete(&ev);
	if (next_event(d, &ev) == -1)
		goto fail;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		seterr(d->err, d->file, 1, 1, "empty profile");
		goto fail;
	}
	yaml_event_delete(&ev);			/* document start */
	if (next_event(d, &ev) == -1)
		goto fail;
	if ((root = build(d, &ev, 0)) == NULL)
		goto fail;
	if (is_null(root)) {
		seterr(d->err, d->file, 1, 1, "empty profile");
		goto fail;
	}
	if (next_event(d, &ev) == -1)		/* document end */
		goto fail;
	yaml_event_delete(&ev);
	if (next_event(d, &ev) == -1)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		seterr(d->err, d->file, (unsigned)ev.start_mark.line + 1,
		    (unsigned)ev.start_mark.column + 1,
		    "more than one YAML document in a profile");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	yaml_parser_delete(&d->parser);
	return root;
fail:
	node_free(root);
	yaml_parser_delete(&d->parser);
	return NULL;
}

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

/* param_clear - free what a parameter holds */
static void
param_clear(struct profile_param *pp)
{
	size_t i;

	free(pp->name);
	free(pp->scalar);
	for (i = 0; i < pp->nitems; i++)
		free(pp->items[i]);
	free(pp->items);
}

/* rule_clear - free what a rule holds */
static void
rule_clear(struct profile_rule *r)
{
	size_t i;

	free(r->id);
	for (i = 0; i < r->nparams; i++)
		param_clear(&r->params[i]);
	free(r->params);
}

/* pfile_free - free a profile file as read */
static void
pfile_free(struct pfile *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nrules; i++)
		rule_clear(&pf->rules[i]);
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
	if (v->type != NODE_SCALAR || is_null(v)) {
		nodeerr(d, v, "wrong type for '%s': expected a string, not %s",
		    k->value, kind(v));
		return NULL;
	}
	if (v->value[0] == '\0') {
		nodeerr(d, v, "'%s' must not be empty", k->value);
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

	show(q, sizeof(q), k->value);
	if (is_null(v)) {
		nodeerr(d, v, "parameter '%s' has no value "
		    "(write [] for an empty list)", q);
		return -1;
	}
	if (v->type == NODE_MAP) {
		nodeerr(d, v, "wrong type for parameter '%s': expected a "
		    "scalar or a list of scalars, not a mapping", q);
		return -1;
	}
	if (v->type == NODE_SEQ) {
		for (i = 0; i < v->nkids; i++) {
			item = v->kids[i];
			if (item->type != NODE_SCALAR) {
				nodeerr(d, item, "wrong type for parameter "
				    "'%s': list items must be scalars, not %s",
				    q, kind(item));
				return -1;
			}
			if (is_null(item)) {
				nodeerr(d, item, "empty item in parameter "
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
			if (v->type != NODE_SCALAR || is_null(v)) {
				nodeerr(d, v, "wrong type for 'enabled': "
				    "expected true or false, not %s", kind(v));
				return -1;
			}
			if ((b = parse_bool(v->value)) == -1) {
				nodeerr(d, v, "invalid boolean '%s' for "
				    "'enabled' (use true or false)",
				    show(q, sizeof(q), v->value));
				return -1;
			}
			r->enabled = b;
		} else if (strcmp(k->value, "severity") == 0) {
			if (v->type != NODE_SCALAR || is_null(v)) {
				nodeerr(d, v, "wrong type for 'severity': "
				    "expected a severity, not %s", kind(v));
				return -1;
			}
			if (severity_parse(v->value, &sev) == -1) {
				nodeerr(d, v, "unknown severity '%s' (use "
				    "info, low, medium, high or critical)",
				    show(q, sizeof(q), v->value));
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
		show(q, sizeof(q), k->value);
		id = canon != NULL ? canon(k->value) : k->value;
		if (id == NULL) {
			nodeerr(d, k, "unknown rule '%s'", q);
			return -1;
		}
		for (j = 0; j < pf->nrules; j++) {
			if (strcmp(pf->rules[j].id, id) != 0)
				continue;
			nodeerr(d, k, "rule '%s' is configured twice: it is "
			    "%s, already configured at line %u, column %u", q,
			    show(q2, sizeof(q2), id), pf->rules[j].pos.line,
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
			nodeerr(d, v, "wrong type for rule '%s': expected "
			    "true, false or a mapping, not a list", q);
			return -1;
		} else if (is_null(v)) {
			nodeerr(d, v, "rule '%s' has no value: write true, "
			    "false or a mapping", q);
			return -1;
		} else if ((b = parse_bool(v->value)) == -1) {
			nodeerr(d, v, "invalid value '%s' for rule '%s': "
			    "expected true, false or a mapping",
			    show(q2, sizeof(q2), v->value), q);
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
		nodeerr(d, root, "wrong type for a profile: expected a mapping "
		    "with name, description, extends and rules, not %s",
		    kind(root));
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
			if (is_null(v))
				continue;
			if ((pf->description = get_string(d, k, v)) == NULL)
				return -1;
		} else if (strcmp(k->value, "rules") == 0) {
			if (is_null(v))
				continue;
			if (v->type != NODE_MAP) {
				nodeerr(d, v, "wrong type for 'rules': "
				    "expected a mapping, not %s", kind(v));
				return -1;
			}
			rules = v;
		} else {
			nodeerr(d, k, "unknown key '%s' (expected name, "
			    "extends, description or rules)",
			    show(q, sizeof(q), k->value));
			return -1;
		}
	}
	if (pf->name == NULL) {
		nodeerr(d, root, "missing required key 'name'");
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

	show(q, sizeof(q), path);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		poserr(err, from, "cannot read profile '%s': %s", q,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, st) == -1) {
		poserr(err, from, "cannot read profile '%s': %s", q,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st->st_mode)) {
		poserr(err, from, "cannot read profile '%s': not a regular "
		    "file", q);
		close(fd);
		return NULL;
	}
	if (st->st_size > MAX_FILE_BYTES) {
		seterr(err, path, 1, 1, "profile is larger than %d MiB",
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
			poserr(err, from, "cannot read profile '%s': %s", q,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > MAX_FILE_BYTES) {
			seterr(err, path, 1, 1, "profile is larger than %d MiB",
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
static struct pfile *
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
	root = parse_tree(&d);
	free(buf);
	if (root == NULL || read_top(&d, pf, root, canon, want_rules) == -1)
		goto fail;
	node_free(root);
	root = NULL;
	if (builtin) {
		base = strrchr(pf->path, '/');
		base = base != NULL ? base + 1 : pf->path;
		stem = strlen(base) - strlen(".yaml");
		if (strlen(pf->name) != stem ||
		    strncmp(base, pf->name, stem) != 0) {
			poserr(err, &pf->name_pos, "built-in profile '%s' "
			    "must be named after its file '%s'",
			    show(q, sizeof(q), pf->name), base);
			goto fail;
		}
	}
	return pf;
fail:
	node_free(root);
	pfile_free(pf);
	return NULL;
}

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

	show(q, sizeof(q), ref);
	names = builtin_names(dir, &n);
	if (n == 0) {
		poserr(err, from, "unknown profile '%s' (no built-in profiles "
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
	poserr(err, from, "unknown profile '%s' (built-in profiles: %s)", q,
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
				param_clear(&to->params[k]);
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
		    show(q, sizeof(q), i < n ? chain[i]->name : again->name));
		if (w < 0 || (size_t)w >= sizeof(text) - len)
			break;
		len += (size_t)w;
	}
	poserr(err, &chain[n - 1]->extends_pos, "'extends' cycle: %s", text);
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
			poserr(err, from, "'extends' chain is longer than %d "
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
		rule_clear(&p->rules[i]);
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
		seterr(err, NULL, 0, 0, "cannot read the built-in profile "
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
