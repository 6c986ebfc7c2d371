/*
 * fixcmd - mta-harden fix: plan the fixes of the findings, then show them
 * as a diff (default), write them in place (--write) or as a hardened
 * copy of the tree (--output), with the follow-up steps
 */
#ifndef MH_FIXCMD_H
#define MH_FIXCMD_H

#include <stdbool.h>

#include "linter/engine.h"
#include "core/finding.h"
#include "cli/outputs.h"
#include "reports/report.h"
#include "parsers/load.h"

struct fix_opts {
	bool	 write, backup, safe_only, quiet;
	const char *output;	/* --output DIR */
	const char *steps;	/* --steps FILE */
	const char **only;	/* --only ids, names or tags */
	size_t	 nonly;
	const char *const *paths;	/* the PATHs given */
	size_t	 npaths;
	enum severity fail_on;
	struct outputs *outs;	/* the reports: text is the diff */
};

struct fix_plan;

/*
 * fix_plan_findings - the fixes the findings call for, as fix_run plans
 * them: plans[i] (zeroed by the caller) is for res->models[i]; findings
 * taken on are marked fix_planned. Counts the fixes, and the unsafe ones.
 */
void	 fix_plan_findings(const struct load_result *, struct findings *,
	    const struct engine_opts *, const struct fix_opts *,
	    struct fix_plan *plans, size_t *nfixed, size_t *nunsafe);

/*
 * fix_run - returns the exit status (0, 1, 2 or 3); nothing is written
 * on 2 or 3, reports included
 */
int	 fix_run(struct load_result *, struct findings *,
	    const struct engine_opts *, const struct report_opts *,
	    const struct fix_opts *);

#endif
