/*
 * profile - YAML profiles: which rules run, at what severity, with which parameters
 *
 * A profile file is a YAML mapping:
 *
 *	name: dmz
 *	extends: default            # optional: built-in name or file path
 *	description: Internet-facing gateway
 *	rules:
 *	  open-relay:               # rule id (MH201) or name (open-relay)
 *	    enabled: true
 *	    severity: critical
 *	    allowed_networks: [192.0.2.0/24]     # any other key is a parameter
 *	  vrfy-enabled: false       # shorthand for enabled: false (or true)
 *
 * profile_load() reads a profile and the chain it extends, and returns it
 * resolved: one entry per rule with the settings of the most derived
 * profile winning key by key. Errors name the file, line and column.
 *
 * The profile module knows nothing of the rule table: the caller passes
 * a function that maps a rule id or name to its canonical id.
 */
#ifndef MH_PROFILE_H
#define MH_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/severity.h"

/* Returns the canonical rule id for an id or name, or NULL if unknown. */
typedef const char *(*profile_rule_canon)(const char *key);

struct profile_pos {
	const char *file;	/* profile file it was written in */
	unsigned line, column;	/* 1-based */
};

/* profile_param - a parameter: a scalar, or a list of scalars */
struct profile_param {
	char	*name;
	char	*scalar;	/* NULL when the value is a list */
	char	**items;	/* list items, when scalar is NULL */
	size_t	 nitems;
	struct profile_pos pos;
};

struct profile_rule {
	char	*id;		/* canonical id from the canon function */
	int	 enabled;	/* -1 not said, 0 off, 1 on */
	int	 severity;	/* -1 not said, else enum severity */
	struct profile_param *params;
	size_t	 nparams;
	struct profile_pos pos;	/* where the rule was last configured */
};

struct profile {
	char	*name;
	char	*description;
	char	*path;		/* file of the most derived profile */
	char	**chain;	/* names from this profile up to its root base */
	size_t	 nchain;
	struct profile_rule *rules;	/* sorted by id, unique */
	size_t	 nrules;
};

struct profile_error {
	char	 msg[512];	/* "FILE:LINE:COLUMN: message" or "message" */
};

/*
 * profile_load - load a built-in profile by name, or a file by path
 * (anything containing '/' or ending in .yml/.yaml is a path). Returns
 * NULL and fills err on any error.
 */
struct profile *profile_load(const char *name_or_path, profile_rule_canon,
	    struct profile_error *err);

void	 profile_free(struct profile *);

/* profile_rule_find - the resolved settings for a rule id, or NULL */
const struct profile_rule *profile_rule_find(const struct profile *,
	    const char *id);

/* profile_param_find - a parameter of a rule, or NULL */
const struct profile_param *profile_param_find(const struct profile_rule *,
	    const char *name);

/* profile_builtin_dir - the directory the built-in profiles are read from */
const char *profile_builtin_dir(void);

/*
 * profile_list_builtin - names and descriptions of the built-in profiles,
 * sorted by name. The caller frees with profile_list_free.
 */
struct profile_summary {
	char	*name;
	char	*description;
	char	*extends;
};
int	 profile_list_builtin(struct profile_summary **, size_t *,
	    struct profile_error *);
void	 profile_list_free(struct profile_summary *, size_t);

#endif
