/*
 * fixers - the fixer families; fixers/fixers.c lists them
 */
#ifndef MH_FIXERS_H
#define MH_FIXERS_H

#include "fixers/fix.h"

extern const struct fixer fixers_core[];
extern const size_t fixers_core_count;
extern const struct fixer fixers_settings[];
extern const size_t fixers_settings_count;
extern const struct fixer fixers_files[];
extern const size_t fixers_files_count;

/*
 * fixers_private_networks - the loopback and private entries of a
 * mynetworks value (loopback alone when none is left); the caller frees
 */
char	*fixers_private_networks(const char *value);

/* fixers_settings_fix - the fix of a rule that one setting decides */
int	 fixers_settings_fix(struct fix_ctx *);

#endif
