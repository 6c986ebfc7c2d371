/*
 * params - the parameters of one rule in one run, as its check and its
 * fixer read them: the profile's value, else the rule's default
 */
#ifndef MH_CORE_PARAMS_H
#define MH_CORE_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "profiles/profile.h"

struct rule_params {
	const struct rule *rule;
	const struct profile_rule *cfg;	/* the profile's settings, or NULL */
};

/* params_of - the parameters of a rule under a profile (NULL: defaults) */
struct rule_params params_of(const struct rule *, const struct profile *);

/* params_set - does the profile set the parameter? */
bool	 params_set(const struct rule_params *, const char *name);

/* params_scalar - the value (list items joined by ", "), or NULL */
const char *params_scalar(const struct rule_params *, const char *name);

/* params_number - a whole number, else fallback */
long long params_number(const struct rule_params *, const char *name,
	    long long fallback);

/*
 * params_list - the items of a list parameter: the profile's when it
 * sets it (an empty list stays empty), else the rule's default split at
 * commas and blanks. Returns a vector the caller frees (the items are
 * borrowed from the profile, or live in the same block); *n is set.
 */
const char **params_list(const struct rule_params *, const char *name,
	    size_t *n);

#endif
