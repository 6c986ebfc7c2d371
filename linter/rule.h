/*
 * rule - the rule table: identity, documentation and check of every rule
 *
 * Ids are stable and never reused; the table is sorted by id (a test
 * keeps it so). A rule's check reads one model and reports through
 * rule_report(); the engine applies the profile (enabled, severity,
 * parameters) and the command-line adjustments.
 */
#ifndef MH_RULE_H
#define MH_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "linter/finding.h"
#include "parsers/model.h"
#include "parsers/severity.h"
#include "profiles/profile.h"

#define RULE_MTA_POSTFIX	(1u << MTA_POSTFIX)
#define RULE_MTA_SENDMAIL	(1u << MTA_SENDMAIL)
#define RULE_MAX_TAGS		4
#define RULE_MAX_PARAMS		4

struct rule_param {
	const char *name;
	const char *default_value;	/* scalar, or items joined by ", " */
	bool	 list;
	const char *doc;
};

struct rule_ctx;

struct rule {
	const char *id;		/* "MH101" */
	const char *name;	/* "vrfy-enabled" */
	const char *tags[RULE_MAX_TAGS];
	enum severity severity;	/* default */
	unsigned mtas;		/* RULE_MTA_* bits */
	bool	 fixable;
	bool	 enabled;	/* in a profile that does not mention it */
	const char *summary;
	const char *explanation;	/* why, what profiles expect, how to fix */
	struct rule_param params[RULE_MAX_PARAMS];
	void	(*check)(struct rule_ctx *);
};

struct rule_ctx {
	const struct rule *rule;
	const struct model *model;
	const struct profile_rule *cfg;	/* profile settings, or NULL */
	enum severity severity;
	struct findings *out;
};

extern const struct rule rule_table[];
extern const size_t rule_count;

/* rule_find - by id or name; NULL if unknown */
const struct rule *rule_find(const char *id_or_name);

/* rule_canon - canonical id of an id or name (profile_rule_canon) */
const char *rule_canon(const char *id_or_name);

/* rule_report - add a finding at a span (src NULL: whole main file) */
void	 rule_report(struct rule_ctx *, struct span where, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* rule_param_* - a parameter from the profile, else the rule's default */
const char *rule_param_scalar(const struct rule_ctx *, const char *name);
long long rule_param_number(const struct rule_ctx *, const char *name,
	    long long fallback);
/* rule_param_list - items; *n set; the array is static per call site use */
size_t	 rule_param_list(const struct rule_ctx *, const char *name,
	    const char **items, size_t max);

#endif
