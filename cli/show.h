/*
 * show - what was read (show), the rule catalogue (rules, explain) and
 * resolved profiles (profiles NAME)
 */
#ifndef MH_SHOW_H
#define MH_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "linter/rule.h"
#include "parsers/load.h"
#include "profiles/profile.h"

int	 show_json(FILE *, const struct load_result *);
int	 show_text(FILE *, const struct load_result *);
int	 show_rules(FILE *, bool json);
int	 show_explain(FILE *, const struct rule *, bool json);
int	 show_profile(FILE *, const struct profile *);

#endif
