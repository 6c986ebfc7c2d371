/*
 * profile_yaml - a profile file as a tree of YAML nodes, read from
 * libyaml's event stream (never its document loader, which resolves
 * aliases), each node with its line and column; the limits a profile
 * file must keep (scalar size, nesting depth, items per collection, no
 * anchors or aliases, no duplicate keys); and the messages that point at
 * a place ("FILE:LINE:COLUMN: ..."). The profiles layer's own reader:
 * profile.c checks the tree against the profile schema.
 */
#ifndef MH_PROFILE_YAML_H
#define MH_PROFILE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "profiles/profile.h"

#define MAX_SCALAR_BYTES (64 * 1024)	/* one scalar */
#define MAX_ITEMS	10000		/* entries of a list or mapping */
#define MAX_DEPTH	16		/* nested collections */
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

/* profile_seterr - "FILE:LINE:COLUMN: message", or "message" without a file */
void	 profile_seterr(struct profile_error *, const char *file, unsigned line,
	    unsigned column, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* profile_poserr - an error at a position, or without one when pos is NULL */
void	 profile_poserr(struct profile_error *, const struct profile_pos *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* yaml_node_error - an error at a node of the file being read */
void	 yaml_node_error(struct ydoc *, const struct node *, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/*
 * profile_quote - a value safe to quote in a message: control bytes become
 * '?', a long value is cut at a character boundary and ends in "..."
 */
const char *profile_quote(char *buf, size_t size, const char *s);

void	 yaml_node_free(struct node *);

/* yaml_node_is_null - a plain empty, ~ or null scalar */
bool	 yaml_node_is_null(const struct node *);

/* yaml_node_kind - what a node is, for "wrong type" messages */
const char *yaml_node_kind(const struct node *);

/* yaml_tree_parse - the node tree of a whole profile file, or NULL with d->err */
struct node *yaml_tree_parse(struct ydoc *d);

#endif
