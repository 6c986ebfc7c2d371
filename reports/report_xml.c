/*
 * report_xml - findings as JUnit XML and Checkstyle XML (libxml2)
 */
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report_xml.h"
#include "linter/rule.h"
#include "parsers/load.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

/* utf8_char - length of a valid UTF-8 sequence at s, 0 if there is none */
static size_t
utf8_char(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;
	unsigned long c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and what lies past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* xml_char - may XML 1.0 carry this character? */
static bool
xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c < 0x7f) ||
	    (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	    (c >= 0x10000 && c <= 0x10ffff);
}

char *
report_xml_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	char *out = xmalloc(strlen((const char *)p) + 1), *o = out;

	while (*p) {
		unsigned long c;
		size_t n = utf8_char(p, &c);

		if (n == 0 || !xml_char(c)) {
			*o++ = '?';
			p += n > 0 ? n : 1;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o = '\0';
	return out;
}

/* ---- a small layer over xmlTextWriter: every text cleaned, errors kept ---- */

struct xw {
	xmlTextWriterPtr w;
	int	 err;
};

static int
xw_open(struct xw *x, FILE *out)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);

	x->err = 0;
	x->w = buf != NULL ? xmlNewTextWriter(buf) : NULL;
	if (x->w == NULL) {
		if (buf != NULL)
			xmlOutputBufferClose(buf);
		return -1;
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->err = 1;
	return 0;
}

static int
xw_close(struct xw *x)
{
	if (xmlTextWriterEndDocument(x->w) < 0)
		x->err = 1;
	xmlFreeTextWriter(x->w);
	return x->err ? -1 : 0;
}

static void
xw_start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->err = 1;
}

static void
xw_end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

static void
xw_attr(struct xw *x, const char *name, const char *value)
{
	char *clean = report_xml_text(value);

	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST clean) < 0)
		x->err = 1;
	free(clean);
}

static void
xw_attr_num(struct xw *x, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	xw_attr(x, name, buf);
}

static void
xw_text(struct xw *x, const char *text)
{
	char *clean = report_xml_text(text);

	if (xmlTextWriterWriteString(x->w, BAD_CAST clean) < 0)
		x->err = 1;
	free(clean);
}

/* ---- the files: one suite or file element each ---- */

struct xml_file {
	const char *path;
	unsigned mtas;		/* 1u << enum mta of the models whose main file it is */
};

static void
add_file(struct xml_file **v, size_t *n, const char *path, unsigned mtas)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i].path, path) == 0) {
			(*v)[i].mtas |= mtas;
			return;
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].path = path;
	(*v)[*n].mtas = mtas;
	(*n)++;
}

/* add_model_files - every file; the main one stands for the rules that ran */
static void
add_model_files(struct xml_file **v, size_t *n, const struct model *m)
{
	const struct src *main = m->main_src != NULL ? m->main_src :
	    m->nsrcs > 0 ? m->srcs[0] : NULL;
	size_t i;

	for (i = 0; i < m->nsrcs; i++)
		add_file(v, n, m->srcs[i]->path, m->srcs[i] == main ?
		    1u << m->mta : 0);
	if (m->generated != NULL)
		add_model_files(v, n, m->generated);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct xml_file *)a)->path,
	    ((const struct xml_file *)b)->path);
}

static const char *
finding_file(const struct finding *f)
{
	return f->file != NULL ? f->file : "-";
}

/* collect_files - every file read and every file with a finding, sorted */
static size_t
collect_files(const struct findings *fs, const struct report_opts *o,
    struct xml_file **out)
{
	struct xml_file *v = NULL;
	size_t n = 0, i;

	for (i = 0; o->res != NULL && i < o->res->nmodels; i++)
		add_model_files(&v, &n, o->res->models[i]);
	for (i = 0; i < fs->n; i++)
		add_file(&v, &n, finding_file(&fs->v[i]), 0);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_file);
	*out = v;
	return n;
}

/* location_line - "file:line:column: severity: message [MH101 name]", one line */
static char *
location_line(const struct finding *f)
{
	char *line, *p;

	if (f->line == 0)
		line = xasprintf("%s: %s: %s [%s %s]", finding_file(f),
		    severity_name(f->severity), f->message, f->rule->id,
		    f->rule->name);
	else
		line = xasprintf("%s:%u:%u: %s: %s [%s %s]", finding_file(f),
		    f->line, f->column, severity_name(f->severity), f->message,
		    f->rule->id, f->rule->name);
	for (p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return line;
}

/* ---- JUnit ---- */

/* a testcase: a rule in a file, and what it found there */
struct junit_case {
	const struct rule *rule;
	size_t	 shown, below, suppressed;	/* at or above --fail-on, below, inline */
	enum severity worst;
	const struct finding *first, *first_suppressed;
};

static void
junit_case_tally(struct junit_case *jc, const struct findings *fs,
    const char *path, enum severity fail_on)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (f->rule != jc->rule || strcmp(finding_file(f), path) != 0)
			continue;
		if (f->suppressed) {
			if (jc->suppressed++ == 0)
				jc->first_suppressed = f;
			continue;
		}
		if (f->severity < fail_on) {
			jc->below++;
			continue;
		}
		if (jc->shown++ == 0 || f->severity > jc->worst)
			jc->worst = f->severity;
		if (jc->first == NULL)
			jc->first = f;
	}
}

/*
 * junit_cases - in the main file of a config, every rule that ran for its
 * MTA; in any file, the rules that found something there
 */
static size_t
junit_cases(const struct xml_file *file, const struct findings *fs,
    const struct report_opts *o, struct junit_case **out)
{
	struct junit_case *v = NULL;
	size_t n = 0, i;

	for (i = 0; i < rule_total(); i++) {
		const struct rule *r = rule_at(i);
		struct junit_case jc;

		memset(&jc, 0, sizeof(jc));
		jc.rule = r;
		junit_case_tally(&jc, fs, file->path, o->fail_on);
		if (jc.shown == 0 && jc.below == 0 && jc.suppressed == 0 &&
		    (!(r->mtas & file->mtas) || !report_rule_ran(r, o)))
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = jc;
	}
	*out = v;
	return n;
}

/* findings_text - one line per finding of a rule in a file, at or above a severity or below it */
static char *
findings_text(const struct junit_case *jc, const struct findings *fs,
    const char *path, enum severity fail_on, bool above)
{
	struct strbuf body = STRBUF_INIT;
	char *line;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (f->rule != jc->rule || f->suppressed ||
		    (f->severity >= fail_on) != above ||
		    strcmp(finding_file(f), path) != 0)
			continue;
		line = location_line(f);
		strbuf_adds(&body, line);
		strbuf_adds(&body, "\n");
		free(line);
	}
	return strbuf_take(&body);
}

static void
junit_testcase(struct xw *x, const char *path, const struct junit_case *jc,
    const struct findings *fs, enum severity fail_on)
{
	char *name = xasprintf("%s %s", jc->rule->id, jc->rule->name);

	xw_start(x, "testcase");
	xw_attr(x, "classname", path);
	xw_attr(x, "name", name);
	xw_attr(x, "file", path);
	xw_attr(x, "time", "0");
	free(name);
	if (jc->shown > 0) {
		char *msg = jc->shown > 1 ? xasprintf("%s (and %zu more)",
		    jc->first->message, jc->shown - 1) :
		    xstrdup(jc->first->message);
		char *body = findings_text(jc, fs, path, fail_on, true);

		xw_start(x, "failure");
		xw_attr(x, "type", severity_name(jc->worst));
		xw_attr(x, "message", msg);
		xw_text(x, body);
		xw_end(x);
		free(msg);
		free(body);
	} else if (jc->suppressed > 0) {
		const struct finding *f = jc->first_suppressed;
		char *msg = f->justification != NULL ?
		    xasprintf("suppressed inline: %s", f->justification) :
		    xstrdup("suppressed inline");

		xw_start(x, "skipped");
		xw_attr(x, "message", msg);
		xw_end(x);
		free(msg);
	}
	if (jc->below > 0) {
		/* reported, but below --fail-on: the rule still passes */
		char *body = findings_text(jc, fs, path, fail_on, false);

		xw_start(x, "system-out");
		xw_text(x, body);
		xw_end(x);
		free(body);
	}
	xw_end(x);
}

/*
 * junit_errors - input that could not be used: a testsuite per error,
 * named by its file, whose one testcase is in error
 */
static void
junit_errors(struct xw *x, const struct report_opts *o)
{
	size_t i;

	for (i = 0; i < o->nerrors; i++) {
		const struct report_error *e = &o->errors[i];
		char *where = e->line > 0 ? xasprintf("%s:%u:%u: %s", e->file,
		    e->line, e->column, e->message) : xstrdup(e->message);

		xw_start(x, "testsuite");
		xw_attr(x, "name", e->file);
		xw_attr(x, "tests", "1");
		xw_attr(x, "failures", "0");
		xw_attr(x, "errors", "1");
		xw_attr(x, "skipped", "0");
		xw_attr(x, "time", "0");
		xw_start(x, "testcase");
		xw_attr(x, "classname", e->file);
		xw_attr(x, "name", "input");
		xw_attr(x, "file", e->file);
		xw_attr(x, "time", "0");
		xw_start(x, "error");
		xw_attr(x, "type", "input");
		xw_attr(x, "message", e->message);
		xw_text(x, where);
		xw_end(x);
		xw_end(x);
		xw_end(x);
		free(where);
	}
}

int
report_junit(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	struct xml_file *files;
	struct junit_case **cases;
	size_t nfiles = collect_files(fs, o, &files), *ncases, i, k;
	size_t tests = 0, failures = 0, skipped = 0;
	struct xw x;
	int rc = 0;

	cases = xcalloc(nfiles + 1, sizeof(*cases));
	ncases = xcalloc(nfiles + 1, sizeof(*ncases));
	for (i = 0; i < nfiles; i++) {
		ncases[i] = junit_cases(&files[i], fs, o, &cases[i]);
		for (k = 0; k < ncases[i]; k++) {
			tests++;
			failures += cases[i][k].shown > 0;
			skipped += cases[i][k].shown == 0 &&
			    cases[i][k].suppressed > 0;
		}
	}
	if (xw_open(&x, out) < 0) {
		rc = -1;
		goto done;
	}
	xw_start(&x, "testsuites");
	xw_attr(&x, "name", "mta-harden");
	xw_attr_num(&x, "tests", tests + o->nerrors);
	xw_attr_num(&x, "failures", failures);
	xw_attr_num(&x, "errors", o->nerrors);
	xw_attr_num(&x, "skipped", skipped);
	xw_attr(&x, "time", "0");
	for (i = 0; i < nfiles; i++) {
		size_t f = 0, s = 0;

		for (k = 0; k < ncases[i]; k++) {
			f += cases[i][k].shown > 0;
			s += cases[i][k].shown == 0 && cases[i][k].suppressed > 0;
		}
		xw_start(&x, "testsuite");
		xw_attr(&x, "name", files[i].path);
		xw_attr_num(&x, "tests", ncases[i]);
		xw_attr_num(&x, "failures", f);
		xw_attr(&x, "errors", "0");
		xw_attr_num(&x, "skipped", s);
		xw_attr(&x, "time", "0");
		if (o->profile != NULL) {
			xw_start(&x, "properties");
			xw_start(&x, "property");
			xw_attr(&x, "name", "profile");
			xw_attr(&x, "value", o->profile);
			xw_end(&x);
			xw_end(&x);
		}
		for (k = 0; k < ncases[i]; k++)
			junit_testcase(&x, files[i].path, &cases[i][k], fs,
			    o->fail_on);
		xw_end(&x);
	}
	junit_errors(&x, o);
	xw_end(&x);
	rc = xw_close(&x);
done:
	for (i = 0; i < nfiles; i++)
		free(cases[i]);
	free(cases);
	free(ncases);
	free(files);
	return rc < 0 || ferror(out) ? -1 : 0;
}

/* ---- Checkstyle ---- */

static const char *
checkstyle_severity(enum severity s)
{
	if (s >= SEV_HIGH)
		return "error";
	if (s == SEV_MEDIUM)
		return "warning";
	return "info";
}

int
report_checkstyle(FILE *out, const struct findings *fs,
    const struct report_opts *o)
{
	struct xml_file *files;
	size_t nfiles = collect_files(fs, o, &files), i, k;
	struct xw x;
	int rc;

	if (xw_open(&x, out) < 0) {
		free(files);
		return -1;
	}
	xw_start(&x, "checkstyle");
	xw_attr(&x, "version", "4.3");
	for (i = 0; i < nfiles; i++) {
		xw_start(&x, "file");
		xw_attr(&x, "name", files[i].path);
		for (k = 0; k < fs->n; k++) {
			const struct finding *f = &fs->v[k];
			char *source;

			if (f->suppressed ||
			    strcmp(finding_file(f), files[i].path) != 0)
				continue;
			xw_start(&x, "error");
			xw_attr_num(&x, "line", f->line);
			if (f->line > 0)
				xw_attr_num(&x, "column", f->column);
			xw_attr(&x, "severity", checkstyle_severity(f->severity));
			xw_attr(&x, "message", f->message);
			source = xasprintf("mta-harden.%s", f->rule->id);
			xw_attr(&x, "source", source);
			free(source);
			xw_end(&x);
		}
		xw_end(&x);
	}
	/* input that could not be used, at its file */
	for (i = 0; i < o->nerrors; i++) {
		const struct report_error *e = &o->errors[i];

		xw_start(&x, "file");
		xw_attr(&x, "name", e->file);
		xw_start(&x, "error");
		xw_attr_num(&x, "line", e->line);
		if (e->line > 0)
			xw_attr_num(&x, "column", e->column);
		xw_attr(&x, "severity", "error");
		xw_attr(&x, "message", e->message);
		xw_attr(&x, "source", "mta-harden.input");
		xw_end(&x);
		xw_end(&x);
	}
	xw_end(&x);
	rc = xw_close(&x);
	free(files);
	return rc < 0 || ferror(out) ? -1 : 0;
}
