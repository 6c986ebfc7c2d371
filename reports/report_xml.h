/*
 * report_xml - findings as JUnit XML (GitLab, Jenkins) and Checkstyle XML
 *
 * JUnit: one testsuite per file read, named by its path. The main file
 * of each config (main.cf, sendmail.mc or .cf) has one testcase per rule
 * that ran for its MTA, so that passing rules are listed once per config;
 * every file has a testcase for each rule that found something in it.
 * Testcases are named "MH101 vrfy-enabled", so that a rule keeps its name
 * from run to run. A rule with findings at or above --fail-on in the
 * file fails: one failure whose type is the highest severity, whose
 * message is the first finding's, and whose body lists each of them as
 * file:line:column (GitLab shows the body, not the message). Findings
 * below --fail-on are listed in the testcase's system-out, and it passes,
 * as the exit status does. A rule whose findings are all suppressed
 * inline is skipped.
 *
 * Checkstyle: checkstyle/file/error, one file element per file read (with
 * no error when it is clean), severity error (critical, high), warning
 * (medium) or info (low, info), source "mta-harden.MH101"; line 0 means
 * the whole file. Inline-suppressed findings are left out.
 *
 * Text from the configs is made safe for XML 1.0: bytes that are not
 * UTF-8 and characters XML cannot carry (control characters) become '?'.
 */
#ifndef MH_REPORT_XML_H
#define MH_REPORT_XML_H

#include <stdio.h>

#include "reports/report.h"

/* report_junit, report_checkstyle - 0, or -1 on a write error */
int	 report_junit(FILE *out, const struct findings *,
	    const struct report_opts *);
int	 report_checkstyle(FILE *out, const struct findings *,
	    const struct report_opts *);

/* report_xml_text - a copy of s that XML 1.0 can carry; caller frees */
char	*report_xml_text(const char *s);

#endif
