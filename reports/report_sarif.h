/*
 * report_sarif - findings as a SARIF 2.1.0 log, the subset GitHub code
 * scanning reads plus suppressions and fixes
 *
 * One run. The driver lists every rule that ran (a rule with a finding
 * always); results carry ruleId and ruleIndex, a level (critical and high:
 * error; medium: warning; low and info: note), the location relative to
 * %SRCROOT% (the working directory; line 0 means the whole file and has
 * no region), our fingerprint and GitHub's primaryLocationLineHash,
 * suppressions (inSource for an inline directive, external for the
 * baseline) and, from fix, the span edits of each fixed finding: the
 * edits of fix's one plan that name it, as fix makes them.
 */
#ifndef MH_REPORT_SARIF_H
#define MH_REPORT_SARIF_H

#include <stdio.h>

#include "reports/report.h"

/* report_sarif - the log on out; 0, or -1 on a write error */
int	 report_sarif(FILE *out, const struct findings *,
	    const struct report_opts *);

/* report_security_severity - GitHub's 0.1-10.0 scale, as a string */
const char *report_security_severity(enum severity);

#endif
