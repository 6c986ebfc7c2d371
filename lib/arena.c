/*
 * arena - bump allocator
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/xalloc.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_CHUNK_MAX	(4 * 1024 * 1024)	/* chunks double up to this */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/*
 * arena_reserve - room for n bytes at the given alignment in the head
 * chunk (a new chunk when it lacks it); returns where they start
 */
static char *
arena_reserve(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t at = c != NULL ? (c->used + align - 1) / align * align : 0;
	char *p;

	if (c == NULL || at > c->size || c->size - at < n) {
		/*
		 * A large model gets larger chunks (fewer, on huge pages);
		 * sizes count the header, so a chunk fills its pages.
		 */
		size_t total = c == NULL ? ARENA_CHUNK :
		    (c->size + sizeof(*c)) * 2;
		size_t chunk = (total > ARENA_CHUNK_MAX ? ARENA_CHUNK_MAX :
		    total) - sizeof(*c);
		size_t size = n > chunk ? n : chunk;

		c = xmalloc_big(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		/* A chunk for one big object goes behind the current one. */
		if (a->head != NULL && size > chunk) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		at = 0;
	}
	p = (char *)c->data + at;
	c->used = at + n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	p = arena_reserve(a, n, sizeof(max_align_t));
	memset(p, 0, n);
	return p;
}

/* Strings need no alignment: packed, they take no padding. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_reserve(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
