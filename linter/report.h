/*
 * report - findings as text, gcc one-liners or JSON
 */
#ifndef MH_REPORT_H
#define MH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "linter/finding.h"

enum report_format {
	FORMAT_TEXT,
	FORMAT_GCC,
	FORMAT_JSON,
};

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
	size_t	 baselined;	/* findings hidden by --baseline */
	bool	 fix;		/* a fix report: "fixed", "fix_safety" */
	char *const *steps;	/* fix: the follow-up commands */
	size_t	 nsteps;
	const struct report_error *errors;	/* json: listed under "errors" */
	size_t	 nerrors;
};

/* report_format_parse - 0, or -1 for an unknown (or not yet offered) name */
int	 report_format_parse(const char *, enum report_format *);

/* report_write - the report on out; returns 0 or -1 on a write error */
int	 report_write(FILE *out, const struct findings *,
	    const struct report_opts *);

/* report_summary - one line for stderr */
void	 report_summary(FILE *err, const struct findings *,
	    const struct report_opts *);

/* report_json_string - a JSON string even for bytes that are not UTF-8 */
struct json_t;
struct json_t *report_json_string(const char *);

#endif
