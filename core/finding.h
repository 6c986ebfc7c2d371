/*
 * finding - one reported problem, and the sorted list of them
 */
#ifndef MH_FINDING_H
#define MH_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/model.h"
#include "lib/severity.h"

struct rule;

/*
 * finding_subject - what decides a finding, as the check knows it: each
 * member may be NULL; param is copied
 */
struct finding_subject {
	const struct setting *setting;
	const struct service *service;
	const struct listener *listener;
	const struct map_entry *entry;
	const char *param;
};

struct finding {
	const struct rule *rule;
	const struct model *model;	/* where it was found; borrowed */
	enum severity severity;
	enum mta mta;
	const struct src *src;	/* borrowed from the model; NULL: no file */
	const char *file;	/* path as shown */
	size_t	 offset;	/* byte offset in src */
	unsigned line, column;	/* 1-based; line 0: whole file */
	char	*message;	/* owned */
	char	*key;		/* logical key for the fingerprint; owned */
	/* what decides it, for its fixer: fixers never parse the key */
	const struct setting *setting;
	const struct service *service;	/* a master.cf entry, a daemon */
	const struct listener *listener;
	const struct map_entry *entry;
	char	*param;		/* the parameter, option or name; owned */
	char	 fingerprint[17];
	bool	 suppressed;	/* by an inline directive */
	char	*justification;	/* its reason ("-- text"), or NULL; owned */
	bool	 fix_planned;	/* fix: a fixer took it on */
	bool	 fix_unsafe;	/* fix: that fix may refuse mail accepted before */
};

struct findings {
	struct finding *v;	/* owned */
	size_t	 n, cap;
};

struct finding *findings_add(struct findings *);
void	 findings_sort(struct findings *);

/* finding_cmp - the report order: file, line, column, rule (for qsort) */
int	 finding_cmp(const void *, const void *);
/* finding_release - what one finding owns (it may be moved instead) */
void	 finding_release(struct finding *);
void	 findings_release(struct findings *);

/* finding_fingerprint - hash of rule id, file and logical key; never the line */
void	 finding_fingerprint(struct finding *);

#endif
