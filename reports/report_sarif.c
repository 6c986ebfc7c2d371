/*
 * report_sarif - findings as a SARIF 2.1.0 log
 */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixers/edit.h"
#include "linter/engine.h"
#include "reports/linehash.h"
#include "reports/report_sarif.h"
#include "linter/rule.h"
#include "lib/version.h"
#include "lib/xalloc.h"

#define SARIF_SCHEMA	"https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT		"%SRCROOT%"
/* no web site: the manual is where the rules are documented */
#define INFORMATION_URI	"man:mta-harden(1)"
/* GitHub caps rule descriptions at 1024 characters */
#define DESCRIPTION_MAX	1024

const char *
report_security_severity(enum severity s)
{
	/* GitHub: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, else low */
	switch (s) {
	case SEV_CRITICAL:
		return "9.5";
	case SEV_HIGH:
		return "8.0";
	case SEV_MEDIUM:
		return "5.5";
	case SEV_LOW:
		return "3.0";
	default:
		return "1.0";
	}
}

/* uri_escape - a path as a URI reference: unreserved bytes and '/' kept */
static char *
uri_escape(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(path) * 3 + 1), *o = out;
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0xf];
		}
	}
	*o = '\0';
	return out;
}

struct sarif_ctx {
	const struct report_opts *o;
	char	 cwd[PATH_MAX];		/* "" when unknown */
	const struct rule **rules;	/* the driver's, in order; owned */
	size_t	 nrules;
	struct hashed {			/* line hashes of each source met */
		const struct src *src;
		struct line_hash *v;	/* owned */
		size_t	 n;
	} *hashed;
	size_t	 nhashed;
};

/* artifact_location - relative to %SRCROOT% when the path is below it */
static json_t *
artifact_location(const struct sarif_ctx *c, const char *path)
{
	size_t n = strlen(c->cwd);
	json_t *loc;
	char *uri;

	while (strncmp(path, "./", 2) == 0)
		path += 2;
	if (path[0] == '/') {
		if (n > 0 && strncmp(path, c->cwd, n) == 0 && path[n] == '/' &&
		    path[n + 1] != '\0') {
			path += n + 1;
		} else {
			char *esc = uri_escape(path);

			uri = xasprintf("file://%s", esc);
			free(esc);
			loc = json_pack("{s:s}", "uri", uri);
			free(uri);
			return loc;
		}
	}
	uri = uri_escape(path);
	loc = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", SRCROOT);
	free(uri);
	return loc;
}

/* char_column - SARIF counts columns in code points, the sources in bytes */
static unsigned
char_column(const struct src *s, unsigned line, unsigned byte_column)
{
	size_t start, i, end;
	unsigned col = 1;

	if (s == NULL || line == 0 || line > s->nlines)
		return byte_column;
	start = s->line_start[line - 1];
	end = start + (byte_column > 0 ? byte_column - 1 : 0);
	if (end > s->len)
		end = s->len;
	for (i = start; i < end; i++)
		col += ((unsigned char)s->bytes[i] & 0xc0) != 0x80;
	return col;
}

/* line_end_column - the column just after a line's last character */
static unsigned
line_end_column(const struct src *s, unsigned line)
{
	size_t len;

	if (s == NULL || line == 0 || line > s->nlines)
		return 0;
	(void)src_line(s, line, &len);
	return char_column(s, line, (unsigned)len + 1);
}

static json_t *
finding_region(const struct finding *f)
{
	unsigned start = char_column(f->src, f->line, f->column),
	    end = line_end_column(f->src, f->line);
	json_t *r = json_pack("{s:I, s:I}", "startLine", (json_int_t)f->line,
	    "startColumn", (json_int_t)(start > 0 ? start : 1));

	if (end > start) {
		size_t len;
		const char *text = src_line(f->src, f->line, &len);
		char *copy = xasprintf("%.*s", (int)len, text);

		json_object_set_new(r, "endLine", json_integer(f->line));
		json_object_set_new(r, "endColumn", json_integer(end));
		json_object_set_new(r, "snippet", json_pack("{s:o}", "text",
		    report_json_string(copy)));
		free(copy);
	}
	return r;
}

/* offset_region - [start, end) of a source as lines and columns */
static json_t *
offset_region(const struct src *s, size_t start, size_t end)
{
	unsigned l1, c1, l2, c2;

	src_position(s, start, &l1, &c1);
	src_position(s, end, &l2, &c2);
	return json_pack("{s:I, s:I, s:I, s:I}",
	    "startLine", (json_int_t)l1,
	    "startColumn", (json_int_t)char_column(s, l1, c1),
	    "endLine", (json_int_t)l2,
	    "endColumn", (json_int_t)char_column(s, l2, c2));
}

static const struct line_hash *
line_hash_of(struct sarif_ctx *c, const struct src *s, unsigned line)
{
	size_t i;

	for (i = 0; i < c->nhashed && c->hashed[i].src != s; i++)
		;
	if (i == c->nhashed) {
		c->hashed = xreallocarray(c->hashed, c->nhashed + 1,
		    sizeof(*c->hashed));
		c->hashed[i].src = s;
		c->hashed[i].n = line_hashes(s->bytes, s->len, &c->hashed[i].v);
		c->nhashed++;
	}
	if (line == 0 || line > c->hashed[i].n)
		return NULL;
	return &c->hashed[i].v[line - 1];
}

/* first_paragraph - the explanation up to its first blank line, capped */
static char *
first_paragraph(const char *text)
{
	const char *end = strstr(text, "\n\n");
	size_t n = end != NULL ? (size_t)(end - text) : strlen(text);

	if (n >= DESCRIPTION_MAX) {
		/* cut at a space, on a character boundary */
		n = DESCRIPTION_MAX - 4;
		while (n > 0 && text[n] != ' ')
			n--;
		return xasprintf("%.*s ...", (int)n, text);
	}
	return xasprintf("%.*s", (int)n, text);
}

static json_t *
rule_descriptor(const struct rule *r, const struct report_opts *o)
{
	json_t *j, *tags = json_array(), *props;
	enum severity sev = o->eo != NULL && o->eo->profile != NULL ?
	    engine_rule_severity(r, o->eo->profile) : r->severity;
	char *full = first_paragraph(r->explanation), *help, *t;
	size_t i;

	help = xasprintf("%s", r->explanation);
	for (i = 0; i < RULE_MAX_PARAMS && r->params[i].name != NULL; i++) {
		t = xasprintf("%s%s  %s: %s", help, i == 0 ?
		    "\n\nParameters (set in the profile):\n" : "\n",
		    r->params[i].name, r->params[i].doc);
		free(help);
		help = t;
	}
	t = xasprintf("%s\n\nMore: mta-harden explain %s; "
	    "man 7 mta-harden-rules.", help, r->id);
	free(help);
	help = t;

	json_array_append_new(tags, json_string("security"));
	for (i = 0; i < RULE_MAX_TAGS && r->tags[i] != NULL; i++)
		json_array_append_new(tags, json_string(r->tags[i]));
	if (r->mtas & RULE_MTA_POSTFIX)
		json_array_append_new(tags, json_string("postfix"));
	if (r->mtas & RULE_MTA_SENDMAIL)
		json_array_append_new(tags, json_string("sendmail"));
	props = json_pack("{s:o, s:s, s:s}", "tags", tags,
	    "security-severity", report_security_severity(sev),
	    "severity", severity_name(sev));
	j = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:o}",
	    "id", r->id, "name", r->name,
	    "shortDescription", "text", r->summary,
	    "fullDescription", "text", full,
	    "help", "text", help,
	    "defaultConfiguration", "level", report_level(sev),
	    "properties", props);
	free(full);
	free(help);
	return j;
}

/* rule_index - the driver's index of a rule, added if it is not there */
static size_t
rule_index(struct sarif_ctx *c, const struct rule *r)
{
	size_t i;

	for (i = 0; i < c->nrules; i++)
		if (c->rules[i] == r)
			return i;
	c->rules = xreallocarray(c->rules, c->nrules + 1, sizeof(*c->rules));
	c->rules[c->nrules] = r;
	return c->nrules++;
}

static json_t *
fix_object(struct sarif_ctx *c, const struct finding *f,
    const struct edit_set *es)
{
	json_t *changes = json_array(), *fix;
	char *desc;
	size_t i, k;

	for (i = 0; i < es->n; i++) {
		const struct file_edits *fe = &es->files[i];
		json_t *repl = json_array();

		for (k = 0; k < fe->n; k++) {
			json_t *r = json_object();

			json_object_set_new(r, "deletedRegion", offset_region(
			    fe->src, fe->v[k].start, fe->v[k].end));
			json_object_set_new(r, "insertedContent", json_pack(
			    "{s:o}", "text", report_json_string(fe->v[k].text)));
			json_array_append_new(repl, r);
		}
		if (fe->n == 0) {
			json_decref(repl);
			continue;
		}
		json_array_append_new(changes, json_pack("{s:o, s:o}",
		    "artifactLocation", artifact_location(c, fe->src->path),
		    "replacements", repl));
	}
	desc = xasprintf("%s fix of %s %s", f->fix_unsafe ? "unsafe" : "safe",
	    f->rule->id, f->rule->name);
	fix = json_pack("{s:{s:s}, s:o}", "description", "text", desc,
	    "artifactChanges", changes);
	free(desc);
	return fix;
}

static json_t *
result_object(struct sarif_ctx *c, const struct finding *f, bool baselined,
    const struct edit_set *es)
{
	json_t *j = json_object(), *locs = json_array(), *prints, *props;
	const struct line_hash *lh = NULL;

	json_object_set_new(j, "ruleId", json_string(f->rule->id));
	json_object_set_new(j, "ruleIndex",
	    json_integer((json_int_t)rule_index(c, f->rule)));
	json_object_set_new(j, "level", json_string(report_level(f->severity)));
	json_object_set_new(j, "message", json_pack("{s:o}", "text",
	    report_json_string(f->message)));
	if (f->file != NULL) {
		json_t *phys = json_pack("{s:o}", "artifactLocation",
		    artifact_location(c, f->file));

		if (f->line > 0)
			json_object_set_new(phys, "region", finding_region(f));
		json_array_append_new(locs, json_pack("{s:o}",
		    "physicalLocation", phys));
	}
	json_object_set_new(j, "locations", locs);
	prints = json_pack("{s:s}", "mtaHarden/v1", f->fingerprint);
	if (f->src != NULL && f->line > 0)
		lh = line_hash_of(c, f->src, f->line);
	if (lh != NULL) {
		char buf[40];

		line_hash_format(lh, buf, sizeof(buf));
		json_object_set_new(prints, "primaryLocationLineHash",
		    json_string(buf));
	}
	json_object_set_new(j, "partialFingerprints", prints);
	if (f->suppressed) {
		json_t *s = json_pack("{s:s}", "kind", "inSource");

		if (f->justification != NULL)
			json_object_set_new(s, "justification",
			    report_json_string(f->justification));
		json_object_set_new(j, "suppressions", json_pack("[o]", s));
	} else if (baselined) {
		json_object_set_new(j, "suppressions", json_pack("[{s:s, s:s}]",
		    "kind", "external", "justification",
		    "recorded in the baseline"));
	}
	if (es != NULL && f->fix_planned && es->n > 0)
		json_object_set_new(j, "fixes", json_pack("[o]",
		    fix_object(c, f, es)));
	props = json_pack("{s:s, s:s, s:b}", "severity",
	    severity_name(f->severity), "mta", mta_name(f->mta), "fixable",
	    rule_fixable(f->rule));
	if (c->o->fix && rule_fixable(f->rule))
		json_object_set_new(props, "fixed", json_boolean(f->fix_planned));
	json_object_set_new(j, "properties", props);
	return j;
}

/*
 * invocation - input that could not be used: the run did not succeed,
 * and each error is a notification at its file (and line)
 */
static json_t *
invocation(const struct sarif_ctx *c, const struct report_opts *o)
{
	json_t *notes = json_array();
	size_t i;

	for (i = 0; i < o->nerrors; i++) {
		const struct report_error *e = &o->errors[i];
		json_t *phys = json_pack("{s:o}", "artifactLocation",
		    artifact_location(c, e->file));

		if (e->line > 0)
			json_object_set_new(phys, "region", json_pack(
			    "{s:i, s:i}", "startLine", (json_int_t)e->line,
			    "startColumn", (json_int_t)(e->column > 0 ?
			    e->column : 1)));
		json_array_append_new(notes, json_pack("{s:s, s:{s:o}, "
		    "s:[{s:o}]}", "level", "error", "message", "text",
		    report_json_string(e->message), "locations",
		    "physicalLocation", phys));
	}
	return json_pack("{s:b, s:o}", "executionSuccessful", 0,
	    "toolExecutionNotifications", notes);
}

/* one result to be: a finding, baselined or not, and its fix */
struct entry {
	const struct finding *f;
	const struct edit_set *edits;
	bool	 baselined;
};

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return finding_cmp(x->f, y->f);
}

int
report_sarif(FILE *out, const struct findings *fs, const struct report_opts *o)
{
	struct sarif_ctx c;
	struct entry *entries;
	size_t i, n = 0, nbase = o->baselined != NULL ? o->baselined->n : 0;
	json_t *root, *run, *results = json_array(), *rules = json_array();
	json_t *driver, *props;
	char *base;
	int rc;

	memset(&c, 0, sizeof(c));
	c.o = o;
	if (getcwd(c.cwd, sizeof(c.cwd)) == NULL || strcmp(c.cwd, "/") == 0)
		c.cwd[0] = '\0';
	/* every rule that ran, in id order; others join when they found something */
	for (i = 0; i < rule_total(); i++)
		if (report_rule_ran(rule_at(i), o))
			(void)rule_index(&c, rule_at(i));

	entries = xcalloc(fs->n + nbase + 1, sizeof(*entries));
	for (i = 0; i < fs->n; i++) {
		entries[n].f = &fs->v[i];
		entries[n++].edits = o->fix_edits != NULL ? &o->fix_edits[i] :
		    NULL;
	}
	for (i = 0; i < nbase; i++) {
		entries[n].f = &o->baselined->v[i];
		entries[n++].baselined = true;
	}
	qsort(entries, n, sizeof(*entries), cmp_entry);
	for (i = 0; i < n; i++)
		json_array_append_new(results, result_object(&c, entries[i].f,
		    entries[i].baselined, entries[i].edits));
	for (i = 0; i < c.nrules; i++)
		json_array_append_new(rules, rule_descriptor(c.rules[i], o));

	driver = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", "mta-harden",
	    "version", MH_VERSION, "semanticVersion", MH_VERSION,
	    "informationUri", INFORMATION_URI, "rules", rules);
	run = json_pack("{s:{s:o}}", "tool", "driver", driver);
	if (c.cwd[0] != '\0') {
		char *esc = uri_escape(c.cwd);

		base = xasprintf("file://%s/", esc);
		free(esc);
		json_object_set_new(run, "originalUriBaseIds", json_pack(
		    "{s:{s:s}}", SRCROOT, "uri", base));
		free(base);
	}
	if (o->profile != NULL) {
		char *id = xasprintf("mta-harden/%s/", o->profile);

		json_object_set_new(run, "automationDetails",
		    json_pack("{s:s}", "id", id));
		free(id);
	}
	if (o->nerrors > 0)
		json_object_set_new(run, "invocations", json_pack("[o]",
		    invocation(&c, o)));
	json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
	json_object_set_new(run, "results", results);
	props = json_object();
	if (o->profile != NULL)
		json_object_set_new(props, "profile", json_string(o->profile));
	json_object_set_new(props, "files", json_integer((json_int_t)o->nfiles));
	if (o->fix) {
		json_t *steps = json_array();

		for (i = 0; i < o->nsteps; i++)
			json_array_append_new(steps,
			    report_json_string(o->steps[i]));
		json_object_set_new(props, "steps", steps);
	}
	json_object_set_new(run, "properties", props);
	root = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
	    "version", "2.1.0", "runs", run);

	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	free(entries);
	free(c.rules);
	for (i = 0; i < c.nhashed; i++)
		free(c.hashed[i].v);
	free(c.hashed);
	return rc < 0 || ferror(out) ? -1 : 0;
}
