/*
 * profile_yaml - profile files as node trees (profile_yaml.h)
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "profiles/profile_yaml.h"

/* profile_seterr - "FILE:LINE:COLUMN: message", or just "message" without a file */
void
profile_seterr(struct profile_error *err, const char *file, unsigned line,
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

/* profile_poserr - an error at a position, or without one when pos is NULL */
void
profile_poserr(struct profile_error *err, const struct profile_pos *pos,
    const char *fmt, ...)
{
	char text[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (pos != NULL)
		profile_seterr(err, pos->file, pos->line, pos->column, "%s", text);
	else
		profile_seterr(err, NULL, 0, 0, "%s", text);
}

/* yaml_node_error - an error at a node of the file being read */
void
yaml_node_error(struct ydoc *d, const struct node *n, const char *fmt, ...)
{
	char text[sizeof(d->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	profile_seterr(d->err, d->file, n->line, n->column, "%s", text);
}

/*
 * profile_quote - a value made safe to quote in a message: control bytes become
 * '?', and a long value is cut (at a character boundary) and ends in "..."
 */
const char *
profile_quote(char *buf, size_t size, const char *s)
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

/* yaml_node_free - free a node tree */
void
yaml_node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		yaml_node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

/* yaml_node_is_null - a plain empty, ~ or null scalar */
bool
yaml_node_is_null(const struct node *n)
{
	if (n->type != NODE_SCALAR || !n->plain)
		return false;
	return n->value[0] == '\0' || strcmp(n->value, "~") == 0 ||
	    strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	    strcmp(n->value, "NULL") == 0;
}

/* yaml_node_kind - what a node is, for "wrong type" messages */
const char *
yaml_node_kind(const struct node *n)
{
	if (n->type == NODE_MAP)
		return "a mapping";
	if (n->type == NODE_SEQ)
		return "a list";
	if (yaml_node_is_null(n))
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
		profile_seterr(d->err, d->file, 1, 1, "out of memory reading YAML");
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
			profile_seterr(d->err, d->file, line, column,
			    "%s (byte 0x%02x)", problem,
			    (unsigned)p->problem_value & 0xffu);
		else
			profile_seterr(d->err, d->file, line, column, "%s", problem);
		return;
	default:
		line = (unsigned)p->problem_mark.line + 1;
		column = (unsigned)p->problem_mark.column + 1;
		if (p->context != NULL)
			profile_seterr(d->err, d->file, line, column,
			    "%s (%s at line %u, column %u)", problem,
			    p->context, (unsigned)p->context_mark.line + 1,
			    (unsigned)p->context_mark.column + 1);
		else
			profile_seterr(d->err, d->file, line, column, "%s", problem);
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
		profile_seterr(d->err, d->file, line, column,
		    "YAML aliases are not supported (alias '*%s')",
		    profile_quote(q, sizeof(q), (const char *)ev->data.alias.anchor));
		yaml_event_delete(ev);
		return -1;
	}
	if ((anchor = event_anchor(ev)) != NULL) {
		profile_seterr(d->err, d->file, line, column,
		    "YAML aliases are not supported (anchor '&%s')",
		    profile_quote(q, sizeof(q), (const char *)anchor));
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
	yaml_node_error(d, dup, "duplicate key '%s' (first at line %u, column %u)",
	    profile_quote(q, sizeof(q), dup->value), first->line, first->column);
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
			yaml_node_error(d, n, "scalar longer than %d KiB",
			    MAX_SCALAR_BYTES / 1024);
			goto fail;
		}
		if (memchr(ev->data.scalar.value, '\0', len) != NULL) {
			yaml_node_error(d, n, "scalar contains a NUL character");
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
			yaml_node_error(d, n, "document nested deeper than %d levels",
			    MAX_DEPTH);
			yaml_node_free(n);
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
				profile_seterr(d->err, d->file,
				    (unsigned)e.start_mark.line + 1,
				    (unsigned)e.start_mark.column + 1,
				    map ? "more than %d keys in a mapping" :
				    "more than %d items in a list", MAX_ITEMS);
				yaml_event_delete(&e);
				break;
			}
			if (map && n->nkids % 2 == 0 &&
			    e.type != YAML_SCALAR_EVENT) {
				profile_seterr(d->err, d->file,
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
		yaml_node_free(n);
		return NULL;
	default:
		yaml_node_error(d, n, "unexpected YAML event %d", (int)ev->type);
		goto fail;
	}
fail:
	yaml_event_delete(ev);
	yaml_node_free(n);
	return NULL;
}

/* yaml_tree_parse - the node tree of a whole profile file, or NULL */
struct node *
yaml_tree_parse(struct ydoc *d)
{
	yaml_event_t ev;
	struct node *root = NULL;

	if (!yaml_parser_initialize(&d->parser)) {
		profile_seterr(d->err, d->file, 1, 1, "out of memory reading YAML");
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
		profile_seterr(d->err, d->file, 1, 1, "empty profile");
		goto fail;
	}
	yaml_event_delete(&ev);			/* document start */
	if (next_event(d, &ev) == -1)
		goto fail;
	if ((root = build(d, &ev, 0)) == NULL)
		goto fail;
	if (yaml_node_is_null(root)) {
		profile_seterr(d->err, d->file, 1, 1, "empty profile");
		goto fail;
	}
	if (next_event(d, &ev) == -1)		/* document end */
		goto fail;
	yaml_event_delete(&ev);
	if (next_event(d, &ev) == -1)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		profile_seterr(d->err, d->file, (unsigned)ev.start_mark.line + 1,
		    (unsigned)ev.start_mark.column + 1,
		    "more than one YAML document in a profile");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	yaml_parser_delete(&d->parser);
	return root;
fail:
	yaml_node_free(root);
	yaml_parser_delete(&d->parser);
	return NULL;
}
