/*
 * rule - the descriptor of a rule: its identity, its documentation, the
 * parameters a profile may set, the check that finds it and the fixer
 * that fixes it
 *
 * The rows are written in the rule files linter/FAMILY.rules, from which the
 * build generates the table (scripts/gen-rule-table.py); ids are stable
 * and never reused. A row names its fixer (fixers/fixer.h), or NULL when
 * only a person can fix what it finds.
 */
#ifndef MH_CORE_RULE_H
#define MH_CORE_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/severity.h"
#include "parsers/model.h"

#define RULE_MTA_POSTFIX	(1u << MTA_POSTFIX)
#define RULE_MTA_SENDMAIL	(1u << MTA_SENDMAIL)
#define RULE_MAX_TAGS		4
#define RULE_MAX_PARAMS		4

/* rule_param - a parameter a profile may give the rule */
struct rule_param {
	const char *name;
	const char *default_value;	/* scalar, or items joined by ", " */
	bool	 list;
	const char *doc;
};

struct rule_ctx;	/* linter/rule.h: what a check is given */
struct fixer;		/* fixers/fixer.h */

struct rule {
	const char *id;		/* "MH101" */
	const char *name;	/* "vrfy-enabled" */
	const char *tags[RULE_MAX_TAGS];
	enum severity severity;	/* default */
	unsigned mtas;		/* RULE_MTA_* bits */
	const struct fixer *fixer;	/* NULL: a person fixes it */
	bool	 enabled;	/* in a profile that does not mention it */
	const char *summary;
	const char *explanation;	/* why, what profiles expect,
	    how to fix */
	struct rule_param params[RULE_MAX_PARAMS];
	void	(*check)(struct rule_ctx *);
};

/* rule_fixable - has the rule a fixer? */
static inline bool
rule_fixable(const struct rule *r)
{
	return r->fixer != NULL;
}

#endif
