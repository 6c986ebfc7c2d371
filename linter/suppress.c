/*
 * suppress - inline suppressions and baselines
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/rule.h"
#include "linter/suppress.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* is_mc - m4 sources take "dnl", every other file '#' */
static bool
is_mc(const struct src *s)
{
	size_t n = strlen(s->path);

	return n >= 3 && (strcmp(s->path + n - 3, ".mc") == 0 ||
	    strcmp(s->path + n - 3, ".m4") == 0);
}

/* line_text - a line's bytes and length (without the newline) */
static const char *
line_text(const struct src *s, unsigned line, size_t *len)
{
	return src_line(s, line, len);
}

/* comment_body - after the leader and blanks, or NULL if not a comment line */
static const char *
comment_body(const char *p, size_t len, bool mc, size_t *rest)
{
	size_t i = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (mc) {
		if (len - i < 3 || strncmp(p + i, "dnl", 3) != 0 ||
		    (len - i > 3 && !isspace((unsigned char)p[i + 3])))
			return NULL;
		i += 3;
	} else {
		if (i >= len || p[i] != '#')
			return NULL;
		i++;
	}
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	*rest = len - i;
	return p + i;
}

static bool
is_blank_line(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)p[i]))
			return false;
	return true;
}

/* extent - the last line of the logical line that starts at first */
static unsigned
extent(const struct src *s, unsigned first, bool mc)
{
	unsigned last = first;
	size_t len, i;
	const char *p;
	int depth = 0;

	if (mc) {
		/* a macro call may run over lines until its parentheses close */
		for (last = first; last <= s->nlines && last < first + 50;
		    last++) {
			p = line_text(s, last, &len);
			for (i = 0; i < len; i++)
				depth += p[i] == '(' ? 1 : p[i] == ')' ? -1 : 0;
			if (depth <= 0)
				return last;
		}
		return last - 1;
	}
	while (last < s->nlines) {
		p = line_text(s, last + 1, &len);
		if (len == 0 || (p[0] != ' ' && p[0] != '\t'))
			break;
		last++;
	}
	return last;
}

static void
add(struct suppressions *ss, const struct src *s, struct span where,
    unsigned first, unsigned last, const char *rule, size_t rlen,
    const char *reason)
{
	struct suppression *x;
	char name[128];
	const char *canon;

	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? ss->cap * 2 : 16;
		ss->v = xreallocarray(ss->v, ss->cap, sizeof(*ss->v));
	}
	x = &ss->v[ss->n++];
	memset(x, 0, sizeof(*x));
	snprintf(name, sizeof(name), "%.*s", (int)(rlen < 127 ? rlen : 127),
	    rule);
	canon = rule_canon(name);
	x->src = s;
	x->where = where;
	x->first = first;
	x->last = last;
	/* an unknown rule is kept as written: it will be reported unused */
	x->rule = xstrdup(canon != NULL ? canon : name);
	x->reason = reason != NULL ? xstrdup(reason) : NULL;
}

static void
scan_src(const struct src *s, struct suppressions *ss)
{
	static const char tag[] = "mta-harden:";
	bool mc = is_mc(s), seen_setting = false;
	unsigned line;

	for (line = 1; line <= s->nlines; line++) {
		size_t len, rest, i;
		const char *p = line_text(s, line, &len), *b, *list, *end;
		const char *reason = NULL;
		char reason_buf[256];
		bool whole;
		unsigned first = 0, last = 0, next;

		b = comment_body(p, len, mc, &rest);
		if (b == NULL) {
			if (!is_blank_line(p, len) && !(mc &&
			    strncmp(p, "divert", 6) == 0))
				seen_setting = true;
			continue;
		}
		if (rest < sizeof(tag) - 1 || strncmp(b, tag, sizeof(tag) - 1))
			continue;
		b += sizeof(tag) - 1;
		rest -= sizeof(tag) - 1;
		while (rest > 0 && (*b == ' ' || *b == '\t'))
			b++, rest--;
		if (rest >= 13 && strncmp(b, "disable-file=", 13) == 0) {
			whole = true;
			list = b + 13;
		} else if (rest >= 8 && strncmp(b, "disable=", 8) == 0) {
			whole = false;
			list = b + 8;
		} else {
			continue;
		}
		end = list;
		while (end < b + rest && !isspace((unsigned char)*end))
			end++;
		for (i = (size_t)(end - p); i + 1 < len; i++) {
			if (p[i] == '-' && p[i + 1] == '-') {
				snprintf(reason_buf, sizeof(reason_buf), "%.*s",
				    (int)(len - i - 2), p + i + 2);
				reason = reason_buf;
				while (*reason == ' ')
					reason++;
				break;
			}
		}
		if (whole) {
			/* after the first setting it covers nothing: reported */
			first = last = seen_setting ? (unsigned)-1 : 0;
		} else {
			/* the next line that is not a comment, with no blank line between */
			for (next = line + 1; next <= s->nlines; next++) {
				size_t nl, r2;
				const char *np = line_text(s, next, &nl);

				if (is_blank_line(np, nl)) {
					next = s->nlines + 1;
					break;
				}
				if (comment_body(np, nl, mc, &r2) == NULL)
					break;
			}
			if (next <= s->nlines) {
				first = next;
				last = extent(s, next, mc);
			} else {
				first = last = (unsigned)-1;
			}
		}
		while (list < end) {
			const char *comma = memchr(list, ',', (size_t)(end - list));
			const char *stop = comma != NULL ? comma : end;
			size_t off = s->line_start[line - 1] + (size_t)(list - p);

			if (stop > list)
				add(ss, s, span_make(s, off, off + (size_t)(stop -
				    list)), first, last, list, (size_t)(stop - list),
				    reason);
			list = stop + (comma != NULL);
		}
	}
}

static void
scan_model(const struct model *m, struct suppressions *ss)
{
	size_t i;

	for (i = 0; i < m->nsrcs; i++)
		scan_src(m->srcs[i], ss);
	if (m->generated != NULL)
		scan_model(m->generated, ss);
}

void
suppress_scan(const struct load_result *res, struct suppressions *ss)
{
	size_t i;

	for (i = 0; i < res->nmodels; i++)
		scan_model(res->models[i], ss);
}

static bool
covers(const struct suppression *x, const struct finding *f)
{
	if (x->src != f->src || x->first == (unsigned)-1)
		return false;
	if (strcmp(x->rule, f->rule->id) != 0)
		return false;
	if (x->first == 0)
		return true;
	return f->line >= x->first && f->line <= x->last;
}

void
suppress_apply(struct suppressions *ss, struct findings *fs,
    const struct engine_opts *eo)
{
	const struct rule *unused = rule_find("unused-suppression");
	size_t i, k, n = fs->n;

	for (i = 0; i < n; i++) {
		for (k = 0; k < ss->n; k++) {
			if (!covers(&ss->v[k], &fs->v[i]))
				continue;
			fs->v[i].suppressed = true;
			if (ss->v[k].reason != NULL &&
			    fs->v[i].justification == NULL)
				fs->v[i].justification = xstrdup(ss->v[k].reason);
			ss->v[k].used = true;
		}
	}
	if (unused == NULL || !engine_rule_enabled(unused, eo))
		return;
	for (k = 0; k < ss->n; k++) {
		const struct suppression *x = &ss->v[k];
		struct finding *f;
		const char *why;

		if (x->used)
			continue;
		why = rule_find(x->rule) == NULL ? "there is no such rule" :
		    x->first == (unsigned)-1 ? "it stands after the first "
		    "setting or before nothing, so it covers no line" :
		    "no finding of that rule is there";
		f = findings_add(fs);
		f->rule = unused;
		f->severity = engine_rule_severity(unused, eo->profile);
		f->mta = MTA_POSTFIX;
		f->src = x->src;
		f->file = x->src->path;
		f->offset = x->where.start;
		src_position(x->src, x->where.start, &f->line, &f->column);
		f->message = xasprintf("the suppression of %s suppresses "
		    "nothing: %s", x->rule, why);
		f->key = xasprintf("%s#%zu", x->rule, k);
		finding_fingerprint(f);
	}
	findings_sort(fs);
}

void
suppress_release(struct suppressions *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->v[i].rule);
		free(ss->v[i].reason);
	}
	free(ss->v);
	memset(ss, 0, sizeof(*ss));
}

long
baseline_apply(const char *path, struct findings *fs,
    struct findings *moved, char *err, size_t errsize)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *arr;
	struct strmap prints = STRMAP_INIT;
	size_t i, k = 0, idx;
	long dropped = 0;

	if (root == NULL) {
		snprintf(err, errsize, "%s:%d:%d: baseline is not a JSON "
		    "report: %s", path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	arr = json_object_get(root, "findings");
	if (!json_is_array(arr)) {
		snprintf(err, errsize, "%s: baseline has no \"findings\" list "
		    "(write one with 'mta-harden check --format json')", path);
		json_decref(root);
		return -1;
	}
	for (idx = 0; idx < json_array_size(arr); idx++) {
		json_t *f = json_array_get(arr, idx);
		const char *fp = json_string_value(json_object_get(f,
		    "fingerprint"));

		if (fp != NULL)
			strmap_put(&prints, fp, strlen(fp), (void *)fp);
	}
	for (i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];

		if (strmap_get(&prints, f->fingerprint,
		    strlen(f->fingerprint)) != NULL) {
			if (moved != NULL) {
				*findings_add(moved) = *f;
			} else {
				finding_release(f);
			}
			dropped++;
			continue;
		}
		fs->v[k++] = *f;
	}
	fs->n = k;
	strmap_release(&prints);
	json_decref(root);
	return dropped;
}
