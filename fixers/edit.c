/*
 * edit - span edits, their application, and the diff they make
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fixers/edit.h"
#include "lib/xalloc.h"

struct file_edits *
edit_find(struct edit_set *set, const struct src *src)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->files[i].src == src)
			return &set->files[i];
	return NULL;
}

struct edit *
edit_add(struct edit_set *set, const struct src *src, size_t start,
    size_t end, const char *text, const char *rule)
{
	struct file_edits *fe;
	struct edit *e;

	/* the text that is there already: no edit, no line in the diff */
	if (end >= start && end - start == strlen(text) &&
	    memcmp(src->bytes + start, text, end - start) == 0)
		return NULL;
	fe = edit_find(set, src);
	if (fe == NULL) {
		if (set->n == set->cap) {
			set->cap = set->cap ? set->cap * 2 : 4;
			set->files = xreallocarray(set->files, set->cap,
			    sizeof(*set->files));
		}
		fe = &set->files[set->n++];
		memset(fe, 0, sizeof(*fe));
		fe->src = src;
	}
	if (fe->n == fe->cap) {
		fe->cap = fe->cap ? fe->cap * 2 : 8;
		fe->v = xreallocarray(fe->v, fe->cap, sizeof(*fe->v));
	}
	e = &fe->v[fe->n++];
	e->start = start;
	e->end = end;
	e->text = xstrdup(text);
	e->rule = rule;
	e->by = NULL;
	e->nby = 0;
	return e;
}

void
edit_asked_by(struct edit *e, const struct finding *f)
{
	size_t i;

	/* a few findings share an edit at most: a scan is enough */
	for (i = 0; i < e->nby; i++)
		if (e->by[i] == f)
			return;
	e->by = xreallocarray(e->by, e->nby + 1, sizeof(*e->by));
	e->by[e->nby++] = f;
}

static int
cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	/* insertions at one point: an order that does not depend on the fixers' */
	return strcmp(x->text, y->text);
}

/*
 * edit_text - the text edit i puts in: at the end of a file without a
 * final newline each appended line brings a line end first ("\nline\n",
 * or CRLF); after another such line the end is already there
 */
static const char *
edit_text(const struct file_edits *fe, size_t i)
{
	const struct edit *e = &fe->v[i], *prev;
	size_t pl;

	size_t eol = e->text[0] == '\n' ? 1 :
	    e->text[0] == '\r' && e->text[1] == '\n' ? 2 : 0;

	if (i == 0 || e->start != e->end || e->start != fe->src->len ||
	    eol == 0)
		return e->text;
	prev = &fe->v[i - 1];
	pl = strlen(prev->text);
	if (prev->start == e->start && prev->end == e->end && pl > 0 &&
	    prev->text[pl - 1] == '\n')
		return e->text + eol;
	return e->text;
}

int
edit_check(struct file_edits *fe, char *err, size_t errsize)
{
	size_t i;

	if (fe->n > 1)
		qsort(fe->v, fe->n, sizeof(*fe->v), cmp_edit);
	for (i = 1; i < fe->n; i++) {
		if (fe->v[i].start < fe->v[i - 1].end) {
			unsigned line, col;

			src_position(fe->src, fe->v[i].start, &line, &col);
			snprintf(err, errsize, "%s:%u: the fixes for %s and %s "
			    "change the same text", fe->src->path, line,
			    fe->v[i - 1].rule, fe->v[i].rule);
			return -1;
		}
	}
	return 0;
}

int
edit_apply(struct file_edits *fe, char **out, size_t *outlen, char *err,
    size_t errsize)
{
	const struct src *s = fe->src;
	size_t i, pos = 0, len = 0, cap = s->len + 1;
	char *buf;

	if (edit_check(fe, err, errsize) < 0)
		return -1;
	for (i = 0; i < fe->n; i++)
		cap += strlen(fe->v[i].text);
	buf = xmalloc(cap);
	for (i = 0; i < fe->n; i++) {
		const struct edit *e = &fe->v[i];
		const char *text = edit_text(fe, i);
		size_t tl = strlen(text);

		memcpy(buf + len, s->bytes + pos, e->start - pos);
		len += e->start - pos;
		memcpy(buf + len, text, tl);
		len += tl;
		pos = e->end;
	}
	memcpy(buf + len, s->bytes + pos, s->len - pos);
	len += s->len - pos;
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* ---- the diff ---- */

/* line_of - 1-based line of an offset; the end of a file that ends with a newline is line n+1 */
static size_t
line_of(const struct src *s, size_t off)
{
	unsigned line, col;

	src_position(s, off, &line, &col);
	return line;
}

/* line_begin - offset of a 1-based line (len for the line after the last) */
static size_t
line_begin(const struct src *s, size_t line)
{
	return line <= s->nlines ? s->line_start[line - 1] : s->len;
}

/* line_end - offset after a line's newline (or the end of the file) */
static size_t
line_end(const struct src *s, size_t line)
{
	return line < s->nlines ? s->line_start[line] : s->len;
}

/* group - consecutive edits whose old lines touch: old lines [a, b] (b = a-1: none) */
struct group {
	size_t	 a, b;
	size_t	 from, to;	/* old bytes [from, to) the new text replaces */
	char	*text;		/* the new bytes; owned */
	size_t	 nlines;	/* lines in text */
};

static size_t
count_lines(const char *t, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += t[i] == '\n';
	if (len > 0 && t[len - 1] != '\n')
		n++;
	return n;
}

static void
put_lines(FILE *out, char mark, const char *t, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - t) : len;

		fprintf(out, "%c%.*s\n", mark, (int)(e - i), t + i);
		if (nl == NULL)
			fputs("\\ No newline at end of file\n", out);
		i = e + 1;
	}
}

/* is_line_insertion - an edit that only inserts whole lines */
static bool
is_line_insertion(const struct edit *e)
{
	return e->start == e->end && e->text[0] != '\0' &&
	    e->text[strlen(e->text) - 1] == '\n';
}

/*
 * group_edits - edit i widened to whole old lines, with every following
 * edit that touches those lines; fills g's lines and old bytes and
 * returns the index after the last edit taken. A pure insertion at a line
 * start takes no old line.
 */
static size_t
group_edits(const struct file_edits *fe, size_t i, struct group *g)
{
	const struct src *s = fe->src;
	size_t a, b, from, to, j;

	a = line_of(s, fe->v[i].start);
	from = line_begin(s, a);
	if (fe->v[i].start == from && is_line_insertion(&fe->v[i])) {
		b = a - 1;
		to = from;
	} else {
		b = fe->v[i].end > fe->v[i].start ?
		    line_of(s, fe->v[i].end - 1) : a;
		to = line_end(s, b);
	}
	for (j = i + 1; j < fe->n; j++) {
		const struct edit *e = &fe->v[j];
		size_t nb;

		/* at the end of a last line without a newline, an insertion
		   changes that line */
		if (b >= a ? e->start > to || (e->start == to &&
		    !(to == s->len && src_open_end(s))) : e->start != from)
			break;
		nb = e->end > e->start ? line_of(s, e->end - 1) :
		    line_of(s, e->start);
		if (b < a && !is_line_insertion(e))
			b = a;
		if (nb > b && e->end > e->start)
			b = nb;
		if (b >= a)
			to = line_end(s, b);
	}
	g->a = a;
	g->b = b;
	g->from = from;
	g->to = to;
	return j;
}

/* group_text - the new text of a group: its old bytes with edits [i, j) */
static void
group_text(const struct file_edits *fe, size_t i, size_t j, struct group *g)
{
	const struct src *s = fe->src;
	size_t cap = (g->to - g->from) + 1, len = 0, pos = g->from, k;
	char *t;

	for (k = i; k < j; k++)
		cap += strlen(fe->v[k].text);
	t = xmalloc(cap);
	for (k = i; k < j; k++) {
		const char *text = edit_text(fe, k);
		size_t tl = strlen(text);

		memcpy(t + len, s->bytes + pos, fe->v[k].start - pos);
		len += fe->v[k].start - pos;
		memcpy(t + len, text, tl);
		len += tl;
		pos = fe->v[k].end;
	}
	memcpy(t + len, s->bytes + pos, g->to - pos);
	len += g->to - pos;
	t[len] = '\0';
	g->text = t;
	g->nlines = count_lines(t, len);
}

/* put_old_lines - old lines [first, last] as context */
static void
put_old_lines(FILE *out, const struct src *s, size_t first, size_t last)
{
	size_t l;

	for (l = first; l <= last; l++)
		put_lines(out, ' ', s->bytes + line_begin(s, l),
		    line_end(s, l) - line_begin(s, l));
}

/*
 * put_hunk - groups [i, j] as one hunk with three lines of context;
 * *delta is how many lines the groups before it added
 */
static void
put_hunk(FILE *out, const struct src *s, const struct group *g, size_t i,
    size_t j, long *delta)
{
	size_t first = g[i].a > 3 ? g[i].a - 3 : 1, last, l, k;
	size_t old_count, new_count, old_start, new_start;
	/* an empty file has no line, not one empty line */
	size_t oldlines = s->len == 0 ? 0 : s->nlines;

	last = g[j].b + 3 > oldlines ? oldlines : g[j].b + 3;
	if (last < g[j].b)
		last = g[j].b;
	old_count = last >= first ? last - first + 1 : 0;
	new_count = old_count;
	for (k = i; k <= j; k++)
		new_count = new_count - (g[k].b + 1 - g[k].a) + g[k].nlines;
	old_start = old_count > 0 ? first : first - 1;
	new_start = (size_t)((long)old_start + *delta);
	if (new_count == 0 && new_start > 0 && old_count > 0)
		new_start--;
	fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", old_start, old_count,
	    new_start, new_count);
	l = first;
	for (k = i; k <= j; k++) {
		if (g[k].a > l)
			put_old_lines(out, s, l, g[k].a - 1);
		if (g[k].b >= g[k].a)
			put_lines(out, '-', s->bytes + g[k].from,
			    g[k].to - g[k].from);
		put_lines(out, '+', g[k].text, strlen(g[k].text));
		*delta += (long)g[k].nlines - (long)(g[k].b + 1 - g[k].a);
		l = g[k].b + 1;
	}
	if (last >= l)
		put_old_lines(out, s, l, last);
}

void
edit_diff(FILE *out, const char *old_name, const char *new_name,
    const struct file_edits *fe, const char *newtext, size_t newlen)
{
	struct group *g;
	size_t ng = 0, i, j;
	long delta = 0;

	(void)newtext;
	(void)newlen;
	/* edits whose old lines overlap form one group */
	g = xcalloc(fe->n + 1, sizeof(*g));
	for (i = 0; i < fe->n; i = j, ng++) {
		j = group_edits(fe, i, &g[ng]);
		group_text(fe, i, j, &g[ng]);
	}
	fprintf(out, "--- %s\n+++ %s\n", old_name, new_name);
	for (i = 0; i < ng; i = j + 1) {
		/* a hunk takes in the next group while it is within 6 lines */
		for (j = i; j + 1 < ng && g[j + 1].a <= g[j].b + 7; j++)
			;
		put_hunk(out, fe->src, g, i, j, &delta);
	}
	for (i = 0; i < ng; i++)
		free(g[i].text);
	free(g);
}

void
edit_forget(struct edit_set *set, const struct src *src)
{
	struct file_edits *fe = edit_find(set, src);
	size_t k;

	if (fe == NULL)
		return;
	for (k = 0; k < fe->n; k++) {
		free(fe->v[k].text);
		free(fe->v[k].by);
	}
	fe->n = 0;
}

void
edit_set_release(struct edit_set *set)
{
	size_t i, k;

	for (i = 0; i < set->n; i++) {
		for (k = 0; k < set->files[i].n; k++) {
			free(set->files[i].v[k].text);
			free(set->files[i].v[k].by);
		}
		free(set->files[i].v);
	}
	free(set->files);
	memset(set, 0, sizeof(*set));
}
