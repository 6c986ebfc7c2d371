/*
 * report - findings as text, gcc one-liners, JSON, SARIF, JUnit or
 * Checkstyle XML (the formats: report_formats.h)
 */
#ifndef MH_REPORT_H
#define MH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/finding.h"

enum report_format {
	FORMAT_TEXT,
	FORMAT_GCC,
	FORMAT_JSON,
	FORMAT_SARIF,
	FORMAT_JUNIT,
	FORMAT_CHECKSTYLE,
};

struct engine_opts;
struct rule;
struct load_result;
struct edit_set;
/* report_error - input that could not be read or parsed (exit code 2) */
struct report_error {
	char	*file;		/* the file, or the PATH given; owned */
	unsigned line, column;	/* 1-based; 0: no place in the file */
	char	*message;	/* one line, as printed on stderr; owned */
};

struct report_opts {
	enum report_format format;
	bool	 color;		/* ANSI colour (text only) */
	bool	 excerpt;	/* source line and caret (text only) */
	const char *profile;	/* name of the profile used */
	size_t	 nfiles;	/* files read */
	size_t	 nbaselined;	/* findings hidden by --baseline */
	enum severity fail_on;	/* JUnit: what fails a testcase (default: all) */
	bool	 fix;		/* a fix report: "fixed", "fix_safety" */
	char *const *steps;	/* fix: the follow-up commands */
	size_t	 nsteps;
	/* SARIF, JUnit and Checkstyle; each may be NULL */
	const struct engine_opts *eo;	/* the rules that ran */
	const struct load_result *res;	/* the files read */
	const struct findings *baselined;	/* hidden by --baseline */
	const struct edit_set *fix_edits;	/* fix: per finding, parallel to it */
	const struct report_error *errors;	/* json: listed under "errors" */
	size_t	 nerrors;
};

/* report_level - gcc and SARIF level: critical, high error; medium warning; note */
const char *report_level(enum severity);

/* report_rule_ran - was a rule enabled in this run (all rules without eo)? */
bool	 report_rule_ran(const struct rule *, const struct report_opts *);

/* report_text, report_gcc, report_json - one format each; 0, or -1 */
int	 report_text(FILE *out, const struct findings *,
	    const struct report_opts *);
int	 report_gcc(FILE *out, const struct findings *,
	    const struct report_opts *);
int	 report_json(FILE *out, const struct findings *,
	    const struct report_opts *);

/* report_write - the report on out in o's format; 0, or -1 on a write error */
int	 report_write(FILE *out, const struct findings *,
	    const struct report_opts *);

/* report_summary - one line for stderr */
void	 report_summary(FILE *err, const struct findings *,
	    const struct report_opts *);

/* report_json_string - a JSON string even for bytes that are not UTF-8 */
struct json_t;
struct json_t *report_json_string(const char *);

#endif
