/*
 * report_formats - the table of report formats
 *
 * scripts/gen-formats-man.sh reads the rows below: keep one field a
 * line, ".field = value,", descriptions as plain string literals.
 */
#include <string.h>

#include "reports/report_formats.h"
#include "reports/report_sarif.h"
#include "reports/report_xml.h"

static const struct report_format_row rows[] = {
	[FORMAT_TEXT] = {
		.name = "text",
		.write = report_text,
		.description = "for people; from fix, the diff and the steps",
		.is_default = true,
		.document = false,
		.color = true,
		.excerpt = true,
		.extension = "txt",
	},
	[FORMAT_GCC] = {
		.name = "gcc",
		.write = report_gcc,
		.description = "file:line:column: level: message [rule], as "
		    "compilers print them",
		.is_default = false,
		.document = false,
		.color = false,
		.excerpt = false,
		.extension = "txt",
	},
	[FORMAT_JSON] = {
		.name = "json",
		.write = report_json,
		.description = "the findings, a summary and, from fix, the steps",
		.is_default = false,
		.document = true,
		.color = false,
		.excerpt = false,
		.extension = "json",
	},
	[FORMAT_SARIF] = {
		.name = "sarif",
		.write = report_sarif,
		.description = "SARIF 2.1.0, for code scanning: every rule that "
		    "ran, results with fingerprints, suppressions and, from "
		    "fix, fixes",
		.is_default = false,
		.document = true,
		.color = false,
		.excerpt = false,
		.extension = "sarif",
	},
	[FORMAT_JUNIT] = {
		.name = "junit",
		.write = report_junit,
		.description = "JUnit XML, for GitLab and Jenkins: a test suite "
		    "per file, a test case per rule, failing when it found "
		    "something at or above --fail-on",
		.is_default = false,
		.document = true,
		.color = false,
		.excerpt = false,
		.extension = "xml",
	},
	[FORMAT_CHECKSTYLE] = {
		.name = "checkstyle",
		.write = report_checkstyle,
		.description = "Checkstyle XML, for Jenkins",
		.is_default = false,
		.document = true,
		.color = false,
		.excerpt = false,
		.extension = "xml",
	},
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

const struct report_format_row *
report_format_row(enum report_format f)
{
	return &rows[f];
}

size_t
report_format_count(void)
{
	return NROWS;
}

enum report_format
report_format_default(void)
{
	size_t i;

	for (i = 0; i < NROWS && !rows[i].is_default; i++)
		;
	return i < NROWS ? (enum report_format)i : FORMAT_TEXT;
}

int
report_format_parse(const char *name, enum report_format *out)
{
	size_t i;

	for (i = 0; i < NROWS; i++) {
		if (strcmp(name, rows[i].name) == 0) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
report_format_name(enum report_format f)
{
	return rows[f].name;
}

const char *
report_format_list(char *buf, size_t size, bool mark_default)
{
	size_t i, at = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < NROWS && at < size; i++) {
		int n = snprintf(buf + at, size - at, "%s%s%s", i > 0 ? ", " :
		    "", rows[i].name, mark_default && rows[i].is_default ?
		    " (default)" : "");

		if (n < 0)
			break;
		at += (size_t)n;
	}
	return buf;
}
