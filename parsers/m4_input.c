/*
 * m4_input - the m4 interpreter's input (m4.h): byte buffers, errors and
 * notes with their places, the stack of input layers (the main file,
 * included files, pushed-back expansion text), where the next character
 * comes from (file:line), and tokens (names, quoted strings, comments,
 * single characters)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "parsers/m4.h"


/* sb_grow - room for more bytes and the NUL */
static void
sb_grow(struct sbuf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->p = xrealloc(b->p, b->cap);
}

/* sb_addn - append n bytes */
void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* sb_adds - append a C string */
void
sb_adds(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

/* sb_addc - append one byte */
void
sb_addc(struct sbuf *b, char c)
{
	sb_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* sb_str - the contents as a C string ("" when empty) */
const char *
sb_str(struct sbuf *b)
{
	if (b->p == NULL) {
		sb_grow(b, 0);
		b->p[0] = '\0';
	}
	return b->p;
}

/* sb_free - release the bytes; the buffer is empty again */
void
sb_free(struct sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* m4_fail - stop reading with an error m4 would report too */
int
m4_fail(struct m4 *r, struct span where, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return -1;
	r->failed = true;
	r->err->where = where;
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* m4_anchor_span - the whole call an anchor stands for */
struct span
m4_anchor_span(const struct m4 *r, const struct m4_anchor *a)
{
	if (a == NULL)
		return span_make(r->src, 0, 0);
	return span_make(r->src, a->name_start, a->call_end);
}

/* m4_loc_span - a place in the main file for a token or call start */
struct span
m4_loc_span(const struct m4 *r, const struct m4_loc *l)
{
	if (l->in_mc)
		return span_make(r->src, l->off, l->off + 1);
	return m4_anchor_span(r, l->anchor);
}

/* m4_note - a model note at a place in the main file */
void
m4_note(struct m4 *r, const char *code, struct span where, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	model_add_note(r->m, code, where, "%s", buf);
}

/* ---------------------------------------------------------- input */

/* m4_push_layer - read a source next */
void
m4_push_layer(struct m4 *r, const struct m4_layer *l)
{
	if (r->nlayers == r->caplayers) {
		r->caplayers = r->caplayers ? r->caplayers * 2 : 16;
		r->layers = xreallocarray(r->layers, r->caplayers,
		    sizeof(*r->layers));
	}
	r->layers[r->nlayers] = *l;
	if (l->kind != LK_TEXT || r->nlayers == 0)
		r->layers[r->nlayers].file_idx = r->nlayers;
	else
		r->layers[r->nlayers].file_idx =
		    r->layers[r->nlayers - 1].file_idx;
	r->nlayers++;
}

/* m4_pop_layer - drop the top source, freeing what it owns */
void
m4_pop_layer(struct m4 *r)
{
	struct m4_layer *l = &r->layers[--r->nlayers];

	free(l->owned);
	if (l->src != NULL)
		src_free(l->src);
}

/* m4_push_text - expansion text to be read next (copied) */
int
m4_push_text(struct m4 *r, const char *text, size_t len,
    const struct m4_anchor *anchor, bool from_lib)
{
	struct m4_layer l = { 0 };

	if (len == 0)
		return 0;
	r->expanded += len;
	if (r->expanded > M4_MAX_EXPANDED + 16 * r->input ||
	    r->nlayers >= M4_MAX_LAYERS)
		return m4_fail(r, m4_anchor_span(r, anchor), "m4 expansion does "
		    "not terminate: more than %zu MiB expanded or %d nested "
		    "expansions (a macro that calls itself?)",
		    (M4_MAX_EXPANDED + 16 * r->input) >> 20, M4_MAX_LAYERS);
	l.owned = xmalloc(len + 1);
	memcpy(l.owned, text, len);
	l.owned[len] = '\0';
	l.text = l.owned;
	l.len = len;
	l.kind = LK_TEXT;
	l.anchor = anchor;
	l.from_lib = from_lib;
	m4_push_layer(r, &l);
	return 0;
}

/* m4_top - the layer the next character comes from, or NULL at the end */
struct m4_layer *
m4_top(struct m4 *r)
{
	while (r->nlayers > 0) {
		struct m4_layer *l = &r->layers[r->nlayers - 1];

		if (l->pos < l->len)
			return l;
		if (r->nlayers == 1 && l->kind == LK_MAIN)
			return NULL;	/* keep the .mc for positions */
		m4_pop_layer(r);
	}
	return NULL;
}

/* m4_peekc - the next input character, not consumed (EOF at the end) */
int
m4_peekc(struct m4 *r)
{
	struct m4_layer *l = m4_top(r);

	return l != NULL ? (unsigned char)l->text[l->pos] : EOF;
}

/* m4_getc - consume the next input character */
int
m4_getc(struct m4 *r)
{
	struct m4_layer *l = m4_top(r);
	int c;

	if (l == NULL)
		return EOF;
	c = (unsigned char)l->text[l->pos++];
	if (c == '\n' && (l->kind == LK_USER || l->kind == LK_LIB))
		l->line++;
	return c;
}

/* match - does the input continue with s (not consumed)? */
static bool
match(struct m4 *r, const char *s)
{
	size_t n = strlen(s), i, k;
	struct m4_layer *l = m4_top(r);

	if (n == 0 || l == NULL)
		return false;
	if (n == 1)
		return (unsigned char)l->text[l->pos] == (unsigned char)s[0];
	k = r->nlayers;
	i = 0;
	while (i < n && k > 0) {
		struct m4_layer *x = &r->layers[k - 1];
		size_t p = x->pos;

		while (i < n && p < x->len) {
			if (x->text[p++] != s[i++])
				return false;
		}
		k--;
	}
	return i == n;
}

/* skip - consume n characters */
static void
skip(struct m4 *r, size_t n)
{
	while (n-- > 0)
		(void)m4_getc(r);
}

/* m4_here - where the next character comes from */
void
m4_here(struct m4 *r, struct m4_loc *at)
{
	struct m4_layer *l = m4_top(r), *x;

	memset(at, 0, sizeof(*at));
	if (l == NULL) {
		at->in_mc = true;
		at->off = (uint32_t)r->src->len;
		at->path = r->src->path;
		return;
	}
	if (l->kind == LK_MAIN) {
		unsigned line, col;

		at->in_mc = true;
		at->off = (uint32_t)l->pos;
		at->path = r->src->path;
		src_position(r->src, l->pos, &line, &col);
		at->line = line;
		return;
	}
	at->anchor = l->anchor;
	at->from_lib = l->from_lib;
	/* The file position is that of the nearest file layer below. */
	x = &r->layers[l->file_idx];
	if (x->kind == LK_USER || x->kind == LK_LIB) {
		at->path = x->path;
		at->line = x->line;
	} else if (x->kind == LK_MAIN) {
		unsigned line, col;

		at->path = r->src->path;
		src_position(r->src, x->pos, &line, &col);
		at->line = line;
	} else {
		at->path = NULL;	/* text read at the end of input */
	}
}

/* ------------------------------------------------------- tokens */

/* m4_is_name_start - may a name start with c? */
static bool
m4_is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* m4_is_name_char - may a name contain c? */
bool
m4_is_name_char(int c)
{
	return m4_is_name_start(c) || (c >= '0' && c <= '9');
}

/* m4_where_text - "file:line: " for a message, "" at the end of input */
const char *
m4_where_text(const char *path, unsigned line)
{
	static char buf[1200];

	if (path == NULL)
		return "";
	snprintf(buf, sizeof(buf), "%.1024s:%u: ", path, line);
	return buf;
}

/* m4_next_token - one token into r->tok; quotes of a string are removed */
enum m4_tok
m4_next_token(struct m4 *r, struct m4_loc *at)
{
	struct sbuf *t = &r->tok;
	int c;

	t->len = 0;
	sb_str(t);
	c = m4_peekc(r);
	if (c == EOF)
		return TK_EOF;
	m4_here(r, at);
	if (r->bc != NULL && match(r, r->bc)) {
		sb_adds(t, r->bc);
		skip(r, strlen(r->bc));
		for (;;) {
			if (match(r, r->ec)) {
				sb_adds(t, r->ec);
				skip(r, strlen(r->ec));
				break;
			}
			if ((c = m4_getc(r)) == EOF) {
				m4_fail(r, m4_loc_span(r, at), "%send of file in "
				    "comment", m4_where_text(at->path, at->line));
				return TK_EOF;
			}
			sb_addc(t, (char)c);
		}
		return TK_COMMENT;
	}
	if (m4_is_name_start(c)) {
		do {
			sb_addc(t, (char)m4_getc(r));
		} while (m4_is_name_char(m4_peekc(r)));
		return TK_WORD;
	}
	if (r->lq[0] != '\0' && match(r, r->lq)) {
		size_t ll = strlen(r->lq), rl = strlen(r->rq);
		unsigned long depth = 1;

		skip(r, ll);
		for (;;) {
			if (match(r, r->rq)) {
				skip(r, rl);
				if (--depth == 0)
					break;
				sb_adds(t, r->rq);
			} else if (match(r, r->lq)) {
				skip(r, ll);
				depth++;
				sb_adds(t, r->lq);
			} else if ((c = m4_getc(r)) == EOF) {
				m4_fail(r, m4_loc_span(r, at), "%send of file in "
				    "string: the quote opened here is never "
				    "closed", m4_where_text(at->path, at->line));
				return TK_EOF;
			} else {
				sb_addc(t, (char)c);
			}
		}
		return TK_STRING;
	}
	sb_addc(t, (char)m4_getc(r));
	return TK_CHAR;
}
