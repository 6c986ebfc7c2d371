/*
 * suppress - inline suppressions and baselines
 *
 * Inline: a comment on its own line directly before the logical line it
 * covers,
 *	# mta-harden: disable=RULE[,RULE…] [-- reason]
 * or in a .mc file
 *	dnl mta-harden: disable=RULE[,RULE…] [-- reason]
 * and disable-file=RULE,… before the first setting for the whole file.
 * RULE is an id or a name. Suppressed findings stay in the report, marked,
 * and do not count; a suppression that matches nothing is reported.
 *
 * Baseline: a JSON report of an earlier run; findings whose fingerprint
 * it lists are dropped and counted.
 */
#ifndef MH_SUPPRESS_H
#define MH_SUPPRESS_H

#include <stdbool.h>

#include "linter/engine.h"
#include "core/finding.h"
#include "parsers/load.h"

struct suppression {
	const struct src *src;	/* file of the directive */
	struct span where;	/* the directive, for "unused" findings */
	unsigned first, last;	/* lines covered; 0, 0: the whole file */
	char	*rule;		/* canonical id; owned */
	char	*reason;	/* after "--", or NULL; owned */
	bool	 used;
};

struct suppressions {
	struct suppression *v;	/* owned */
	size_t	 n, cap;
};

/* suppress_scan - every directive in every file read */
void	 suppress_scan(const struct load_result *, struct suppressions *);

/*
 * suppress_apply - mark covered findings suppressed, then add an
 * unused-suppression finding (MH003, if enabled) for each directive that
 * covered nothing
 */
void	 suppress_apply(struct suppressions *, struct findings *,
	    const struct engine_opts *);

void	 suppress_release(struct suppressions *);

/*
 * baseline_apply - move findings whose fingerprint the baseline report
 * lists to moved (dropped when moved is NULL); returns how many, or -1
 * with a message in err
 */
long	 baseline_apply(const char *path, struct findings *,
	    struct findings *moved, char *err, size_t errsize);

#endif
