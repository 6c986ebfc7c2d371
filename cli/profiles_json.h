/*
 * profiles_json - mta-harden profiles --format json: the built-in profiles,
 * or one profile resolved (after extends), every rule with its settings
 */
#ifndef MH_PROFILES_JSON_H
#define MH_PROFILES_JSON_H

#include <stdio.h>

#include "profiles/profile.h"

/* {"profiles":[{"name","description","extends"}]}; 0 or -1 */
int	 profiles_list_json(FILE *, const struct profile_summary *, size_t n);

/* {"name","chain","description","rules":{NAME:{"id","enabled","severity","params"}}} */
int	 profile_json(FILE *, const struct profile *);

#endif
