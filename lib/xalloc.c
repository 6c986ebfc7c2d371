/*
 * xalloc - allocation that cannot fail
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/msg.h"
#include "lib/xalloc.h"

#define HUGE_PAGE	((size_t)2 * 1024 * 1024)

/* out_of_memory - exhaustion is an internal error: exit code 3 */
static void __attribute__((noreturn))
out_of_memory(void)
{
	msg_fatal("out of memory");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xmalloc_big(size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_PAGE) {
		void *p;

		if (n > SIZE_MAX - HUGE_PAGE)
			out_of_memory();
		n = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
		if (posix_memalign(&p, HUGE_PAGE, n) != 0)
			out_of_memory();
		/* advice only: without huge pages the block works the same */
		(void)madvise(p, n, MADV_HUGEPAGE);
		return p;
	}
#endif
	return xmalloc(n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *old, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(old, nmemb * size);
}

void *
xgrow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	if (*cap > SIZE_MAX / 2)
		out_of_memory();
	*cap = *cap == 0 ? 8 : *cap * 2;
	if (*cap <= n)
		*cap = n + 1;
	return xreallocarray(v, *cap, size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
