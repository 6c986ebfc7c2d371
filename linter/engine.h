/*
 * engine - run the enabled rules of a profile over the models read
 */
#ifndef MH_ENGINE_H
#define MH_ENGINE_H

#include <stdbool.h>

#include "core/finding.h"
#include "linter/rule.h"
#include "parsers/load.h"
#include "profiles/profile.h"

struct engine_opts {
	const struct profile *profile;
	const char *const *enable;	/* ids, names or tags */
	size_t	 nenable;
	const char *const *disable;
	size_t	 ndisable;
};

/* engine_selector_valid - is word a rule id, a rule name or a known tag? */
bool	 engine_selector_valid(const char *word);

bool	 engine_rule_enabled(const struct rule *, const struct engine_opts *);

/* engine_selected - does a rule match one of the ids, names or tags? */
bool	 engine_selected(const struct rule *, const char *const *words,
	    size_t n);
enum severity engine_rule_severity(const struct rule *, const struct profile *);

/* engine_run - findings of every enabled rule, sorted */
void	 engine_run(const struct load_result *, const struct engine_opts *,
	    struct findings *);

/*
 * engine_check_profile - every parameter a profile sets must be one the
 * rule declares; returns 0, or -1 with "file:line:col: message" in msg
 */
int	 engine_check_profile(const struct profile *, char *msg, size_t size);

extern const char *const engine_tags[];	/* the contract's vocabulary, NULL-terminated */

#endif
