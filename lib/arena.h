/*
 * arena - bump allocator that owns every node and string of one model
 *
 * Everything a parser builds lives in the model's arena and is released
 * at once by arena_release(). Allocation failure is fatal (xalloc.h).
 */
#ifndef MH_ARENA_H
#define MH_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

#define ARENA_INIT { NULL }

void	*arena_alloc(struct arena *, size_t);	/* zeroed memory */
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 arena_release(struct arena *);

#endif
