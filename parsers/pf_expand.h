/*
 * pf_expand - Postfix $parameter expansion, as mac_expand(3) does it
 *
 * Forms: $name, ${name}, $(name), ${name?text}, ${name?{text}},
 * ${name:text}, ${name:{text}}, ${name?{t}:{f}}, $$, and the relational
 * ${{a} OP {b} ? {t} : {f}} with OP one of == != < <= > >= (numeric when
 * both sides are digits) or the same followed by "level" (compatibility
 * levels such as 3.6). Values of referenced parameters are expanded
 * recursively and memoised; undefined names expand to nothing.
 *
 * Errors (an empty or truncated macro reference, nesting deeper than
 * PF_EXPAND_MAX_DEPTH, a result longer than PF_EXPAND_MAX_BYTES) make
 * Postfix stop with "macro processing error"; here they are recorded in
 * the expander and the text expanded so far is kept.
 */
#ifndef MH_PF_EXPAND_H
#define MH_PF_EXPAND_H

#include "lib/arena.h"
#include "lib/strmap.h"

#define PF_EXPAND_MAX_DEPTH	100
#define PF_EXPAND_MAX_BYTES	(1024 * 1024)

/* Returns the raw value of a parameter, or NULL if it is not defined. */
typedef const char *(*pf_raw_lookup)(void *ctx, const char *name);

struct pf_expander {
	struct arena *arena;	/* results live here */
	pf_raw_lookup raw_of;
	void	*ctx;
	struct strmap memo;	/* name -> expanded value */
	int	 depth;
	const char *error;	/* first error seen, or NULL */
	const char *error_param;	/* parameter being expanded then */
};

void	 pf_expander_init(struct pf_expander *, struct arena *,
	    pf_raw_lookup, void *ctx);
void	 pf_expander_release(struct pf_expander *);

/* pf_expand_param - expanded value of a parameter, or NULL if undefined */
const char *pf_expand_param(struct pf_expander *, const char *name);

/* pf_expand_text - expand arbitrary text (a -o value, a restriction) */
const char *pf_expand_text(struct pf_expander *, const char *text);

/* pf_compare_levels - strcmp-like comparison of compatibility levels; -2 if invalid */
int	 pf_compare_levels(const char *a, const char *b);

#endif
