/*
 * pf_lines - Postfix logical lines
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/pf_lines.h"
#include "lib/xalloc.h"

void
pf_reader_init(struct pf_reader *r, const struct src *src)
{
	r->src = src;
	r->pos = 0;
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* classify - 0 blank or comment line, 1 continuation, 2 new logical line */
static int
classify(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && is_blank((unsigned char)p[i]))
		i++;
	if (i == len || p[i] == '#')
		return 0;
	return i > 0 ? 1 : 2;
}

static void
append_piece(struct pf_lline *l, size_t src_off, const char *p, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		while (l->len + n + 1 > l->cap)
			l->cap = l->cap ? l->cap * 2 : 256;
		l->text = xrealloc(l->text, l->cap);
	}
	if (l->nsegs == l->segcap) {
		l->segcap = l->segcap ? l->segcap * 2 : 4;
		l->segs = xreallocarray(l->segs, l->segcap, sizeof(*l->segs));
	}
	l->segs[l->nsegs].text_off = l->len;
	l->segs[l->nsegs].src_off = src_off;
	l->segs[l->nsegs].len = n;
	l->nsegs++;
	memcpy(l->text + l->len, p, n);
	l->len += n;
	l->text[l->len] = '\0';
}

bool
pf_reader_next(struct pf_reader *r, struct pf_lline *l)
{
	const char *b = r->src->bytes;
	size_t len = r->src->len, pos = r->pos;
	bool started = false;

	l->len = 0;
	l->nsegs = 0;
	if (l->text != NULL)
		l->text[0] = '\0';
	while (pos < len) {
		const char *nl = memchr(b + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - b) : len;
		size_t next = nl ? eol + 1 : len;
		int kind = classify(b + pos, eol - pos);

		if (kind == 0) {
			pos = next;
			continue;
		}
		if (started && kind == 2)
			break;
		if (!started) {
			started = true;
			l->start = pos;
			l->indented = kind == 1;
		}
		append_piece(l, pos, b + pos, eol - pos);
		l->end = next;
		pos = next;
	}
	if (!started) {
		r->pos = len;
		return false;
	}
	/* Trailing blank and comment lines belong to what follows. */
	r->pos = l->end;
	if (l->text == NULL)
		append_piece(l, l->start, "", 0);
	return true;
}

void
pf_lline_release(struct pf_lline *l)
{
	free(l->text);
	free(l->segs);
	memset(l, 0, sizeof(*l));
}

size_t
pf_lline_src(const struct pf_lline *l, size_t text_pos)
{
	size_t lo = 0, hi = l->nsegs;

	if (l->nsegs == 0)
		return l->start;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->segs[mid].text_off <= text_pos)
			lo = mid;
		else
			hi = mid;
	}
	return l->segs[lo].src_off + (text_pos - l->segs[lo].text_off);
}

struct span
pf_lline_span(const struct src *src, const struct pf_lline *l, size_t from,
    size_t to)
{
	size_t s = pf_lline_src(l, from);
	size_t e = to > from ? pf_lline_src(l, to - 1) + 1 : s;

	return span_make(src, s, e);
}
