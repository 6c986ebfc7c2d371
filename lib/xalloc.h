/*
 * xalloc - allocation that cannot fail (exits with code 3 on exhaustion)
 */
#ifndef MH_XALLOC_H
#define MH_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * xmalloc_big - xmalloc for the large blocks of a large input (a file's
 * bytes, an arena chunk, a hash table): a block of 2 MiB or more is
 * aligned to 2 MiB and offered to transparent huge pages, so that it costs
 * one page fault and one TLB entry per 2 MiB, not 512. Released with free().
 */
void	*xmalloc_big(size_t);
/*
 * xgrow - room for element n of a vector v of capacity *cap elements of
 * size bytes: doubles the capacity when full (amortised linear); returns
 * the vector, which may have moved
 */
void	*xgrow(void *v, size_t n, size_t *cap, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
