/*
 * report_formats - the report formats, one row each: the dispatch of
 * report_write(), the -f list of --help and of its error message, and
 * the list of formats in mta-harden.1 (scripts/gen-formats-man.sh reads
 * the table) are all made from it
 */
#ifndef MH_REPORT_FORMATS_H
#define MH_REPORT_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reports/report.h"

typedef int (*report_writer)(FILE *, const struct findings *,
	    const struct report_opts *);

struct report_format_row {
	const char *name;	/* as -f takes it */
	report_writer write;	/* 0, or -1 on a write error */
	const char *description;	/* one line of plain text, for the manual */
	bool	 is_default;	/* the format without -f */
	bool	 document;	/* one whole document, not a line per finding */
	bool	 color;		/* ANSI colour on a terminal */
	bool	 excerpt;	/* the source line and a caret on a terminal */
	const char *extension;	/* of a report file, without the dot */
};

/* report_format_row - the row of a format */
const struct report_format_row *report_format_row(enum report_format);

/* report_format_count - how many formats there are (rows 0 to n - 1) */
size_t	 report_format_count(void);

/* report_format_default - the format of a run without -f */
enum report_format report_format_default(void);

/* report_format_parse - 0, or -1 for an unknown name */
int	 report_format_parse(const char *, enum report_format *);

/* report_format_name - "text", "sarif", … */
const char *report_format_name(enum report_format);

/*
 * report_format_list - the names in table order, ", " between them, into
 * buf: "text (default), gcc, …" when mark_default. Returns buf.
 */
const char *report_format_list(char *buf, size_t size, bool mark_default);

#endif
