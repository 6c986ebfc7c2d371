/*
 * fuzz_util - what the libFuzzer harnesses share: a model from bytes,
 * the rules over it, and the fix path in memory
 */
#ifndef MH_FUZZ_UTIL_H
#define MH_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/model.h"

/* The readers a harness can drive. */
enum fuzz_kind {
	FUZZ_MAIN_CF,
	FUZZ_MASTER_CF,
	FUZZ_SENDMAIL_CF,
	FUZZ_SENDMAIL_MC,
	FUZZ_ACCESS,
	FUZZ_ALIASES,
	FUZZ_CLASS,
	FUZZ_NKINDS
};

/*
 * fuzz_read - a model of one file of the given kind read from bytes, its
 * facts built; NULL when the reader refused the input (a parse error)
 */
struct model *fuzz_read(enum fuzz_kind, const uint8_t *data, size_t size);

/* fuzz_rules - run every rule of the default profile over a model */
void	 fuzz_rules(const struct model *);

/*
 * fuzz_fix - the edits the fix command would make to the model's main
 * file; returns the new text (malloc'd, *len set), or NULL when nothing
 * changes
 */
char	*fuzz_fix(const struct model *, size_t *len);

/* fuzz_setup - once, before anything else: where the built-in profiles are */
void	 fuzz_setup(void);

/* fuzz_fail - report a broken property and abort, so libFuzzer keeps the input */
void	 fuzz_fail(const char *what, const uint8_t *data, size_t size)
	    __attribute__((noreturn));

#endif
