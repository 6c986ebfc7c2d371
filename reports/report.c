/*
 * report - findings as text, gcc one-liners or JSON; the other formats
 * in report_sarif.c and report_xml.c, the table of them all in
 * report_formats.c
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fixers/fix.h"
#include "linter/engine.h"
#include "reports/report.h"
#include "reports/report_formats.h"
#include "linter/rule.h"
#include "lib/version.h"

bool
report_rule_ran(const struct rule *r, const struct report_opts *o)
{
	return o->eo == NULL || engine_rule_enabled(r, o->eo);
}

static const char *
sev_color(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "\033[1;31m";
	case SEV_MEDIUM:
		return "\033[1;33m";
	default:
		return "\033[1;36m";
	}
}

/* put_clean - message text without control characters (one line each) */
static void
put_clean(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

static void
write_location(FILE *out, const struct finding *f)
{
	if (f->line == 0)
		fprintf(out, "%s: ", f->file);
	else
		fprintf(out, "%s:%u:%u: ", f->file, f->line, f->column);
}

static void
write_excerpt(FILE *out, const struct finding *f, bool color)
{
	const char *text;
	size_t len, i;

	if (f->src == NULL || f->line == 0 || f->line > f->src->nlines)
		return;
	text = src_line(f->src, f->line, &len);
	fprintf(out, "%6u | ", f->line);
	for (i = 0; i < len; i++)
		fputc((unsigned char)text[i] < 0x20 && text[i] != '\t' ? '?' :
		    text[i], out);
	fputs("\n       | ", out);
	for (i = 0; i + 1 < f->column && i < len; i++)
		fputc(text[i] == '\t' ? '\t' : ' ', out);
	fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "",
	    color ? "\033[0m" : "");
}

const char *
report_level(enum severity s)
{
	if (s >= SEV_HIGH)
		return "error";
	if (s == SEV_MEDIUM)
		return "warning";
	return "note";
}

json_t *
report_json_string(const char *s)
{
	json_t *j;
	char *copy;
	size_t i;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	if (j != NULL)
		return j;
	/* Not valid UTF-8: keep ASCII, replace every other byte. */
	copy = strdup(s);
	if (copy == NULL)
		return json_string("");
	for (i = 0; copy[i]; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	j = json_string(copy);
	free(copy);
	return j != NULL ? j : json_string("");
}

int
report_json(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	json_t *root = json_object(), *arr = json_array(), *sum, *bysev;
	size_t i, k, counts[SEV_COUNT] = { 0 };
	int rc;

	json_object_set_new(root, "tool", json_pack("{s:s, s:s}", "name",
	    "mta-harden", "version", MH_VERSION));
	json_object_set_new(root, "profile", json_string(o->profile));
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		json_t *j = json_object(), *tags = json_array();

		for (k = 0; k < RULE_MAX_TAGS && f->rule->tags[k]; k++)
			json_array_append_new(tags, json_string(f->rule->tags[k]));
		json_object_set_new(j, "rule", json_string(f->rule->id));
		json_object_set_new(j, "name", json_string(f->rule->name));
		json_object_set_new(j, "severity",
		    json_string(severity_name(f->severity)));
		json_object_set_new(j, "mta", json_string(mta_name(f->mta)));
		json_object_set_new(j, "file", report_json_string(f->file));
		json_object_set_new(j, "line", json_integer(f->line));
		json_object_set_new(j, "column", json_integer(f->column));
		/* Config text may hold invalid UTF-8: keep the document valid. */
		json_object_set_new(j, "message", report_json_string(f->message));
		json_object_set_new(j, "fixable", json_boolean(rule_fixable(f->rule)));
		if (o->fix && rule_fixable(f->rule)) {
			json_object_set_new(j, "fixed", json_boolean(f->fix_planned));
			json_object_set_new(j, "fix_safety",
			    json_string(fixer_unsafe(f->rule) ? "unsafe" : "safe"));
		}
		json_object_set_new(j, "tags", tags);
		json_object_set_new(j, "fingerprint", json_string(f->fingerprint));
		json_object_set_new(j, "suppressed", json_boolean(f->suppressed));
		if (f->justification != NULL)
			json_object_set_new(j, "justification",
			    report_json_string(f->justification));
		json_array_append_new(arr, j);
		if (!f->suppressed)
			counts[f->severity]++;
	}
	json_object_set_new(root, "findings", arr);
	{
		json_t *steps = json_array();

		for (i = 0; i < o->nsteps; i++)
			json_array_append_new(steps, report_json_string(o->steps[i]));
		json_object_set_new(root, "steps", steps);
	}
	if (o->nerrors > 0) {
		json_t *errs = json_array();

		for (i = 0; i < o->nerrors; i++)
			json_array_append_new(errs, json_pack("{s:o, s:I, s:I, s:o}",
			    "file", report_json_string(o->errors[i].file),
			    "line", (json_int_t)o->errors[i].line,
			    "column", (json_int_t)o->errors[i].column,
			    "message", report_json_string(o->errors[i].message)));
		json_object_set_new(root, "errors", errs);
	}
	bysev = json_object();
	for (i = 0; i < SEV_COUNT; i++)
		json_object_set_new(bysev, severity_name((enum severity)i),
		    json_integer((json_int_t)counts[i]));
	{
		size_t nsup = 0;

		for (i = 0; i < fs->n; i++)
			nsup += fs->v[i].suppressed;
		sum = json_pack("{s:I, s:I, s:o, s:I, s:I}", "files",
		    (json_int_t)o->nfiles, "findings", (json_int_t)(fs->n - nsup),
		    "by_severity", bysev, "suppressed", (json_int_t)nsup,
		    "baselined", (json_int_t)o->nbaselined);
	}
	json_object_set_new(root, "summary", sum);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc < 0 ? -1 : 0;
}

int
report_gcc(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	size_t i;

	(void)o;
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (f->suppressed)
			continue;
		write_location(out, f);
		fprintf(out, "%s: ", report_level(f->severity));
		put_clean(out, f->message);
		fprintf(out, " [%s]\n", f->rule->id);
	}
	return ferror(out) ? -1 : 0;
}

int
report_text(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (f->suppressed)
			continue;
		if (o->color)
			fputs("\033[1m", out);
		write_location(out, f);
		if (o->color)
			fprintf(out, "\033[0m%s%s\033[0m: ",
			    sev_color(f->severity), severity_name(f->severity));
		else
			fprintf(out, "%s: ", severity_name(f->severity));
		put_clean(out, f->message);
		fprintf(out, " [%s %s]\n", f->rule->id, f->rule->name);
		if (o->excerpt)
			write_excerpt(out, f, o->color);
	}
	return ferror(out) ? -1 : 0;
}

int
report_write(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	return report_format_row(o->format)->write(out, fs, o);
}

void
report_summary(FILE *err, const struct findings *fs,
    const struct report_opts *o)
{
	size_t counts[SEV_COUNT] = { 0 }, i, shown = 0;
	int first = 1, s;

	for (i = 0; i < fs->n; i++)
		if (!fs->v[i].suppressed) {
			counts[fs->v[i].severity]++;
			shown++;
		}
	fprintf(err, "%zu finding%s", shown, shown == 1 ? "" : "s");
	for (s = SEV_COUNT - 1; s >= 0; s--) {
		if (counts[s] == 0)
			continue;
		fprintf(err, "%s%zu %s", first ? " (" : ", ", counts[s],
		    severity_name((enum severity)s));
		first = 0;
	}
	fprintf(err, "%s in %zu file%s, profile '%s'", first ? "" : ")",
	    o->nfiles, o->nfiles == 1 ? "" : "s", o->profile);
	if (fs->n > shown)
		fprintf(err, "; %zu suppressed inline", fs->n - shown);
	if (o->nbaselined > 0)
		fprintf(err, "; %zu in the baseline", o->nbaselined);
	fputc('\n', err);
}
