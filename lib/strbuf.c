/*
 * strbuf - a growable string
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/xalloc.h"

/* reserve - room for n more bytes and the NUL; doubling keeps it linear */
static void
reserve(struct strbuf *b, size_t n)
{
	size_t want;

	if (n > SIZE_MAX - b->len - 1)
		want = SIZE_MAX;	/* xrealloc reports the exhaustion */
	else
		want = b->len + n + 1;
	if (want <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < want)
		b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
	b->s = xrealloc(b->s, b->cap);
}

void
strbuf_add(struct strbuf *b, const char *p, size_t n)
{
	reserve(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
strbuf_adds(struct strbuf *b, const char *p)
{
	strbuf_add(b, p, strlen(p));
}

void
strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
strbuf_add_item(struct strbuf *b, const char *sep, const char *item)
{
	if (b->len > 0)
		strbuf_adds(b, sep);
	strbuf_adds(b, item);
}

const char *
strbuf_str(const struct strbuf *b)
{
	return b->s != NULL ? b->s : "";
}

char *
strbuf_take(struct strbuf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
strbuf_release(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
