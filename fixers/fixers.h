/*
 * fixers - the fixer families; fixers/fixers.c lists them
 */
#ifndef MH_FIXERS_H
#define MH_FIXERS_H

#include "fixers/fix.h"

extern const struct fixer fixers_core[];
extern const size_t fixers_core_count;

#endif
