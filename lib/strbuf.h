/*
 * strbuf - a growable string: appending costs the bytes appended, so a
 * text built from many pieces (a list of a million names) stays linear
 */
#ifndef MH_STRBUF_H
#define MH_STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*s;		/* owned; NUL-terminated once anything is added */
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT	{ NULL, 0, 0 }

void	 strbuf_add(struct strbuf *, const char *, size_t);
void	 strbuf_adds(struct strbuf *, const char *);
void	 strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* strbuf_add_item - sep first unless the string is still empty, then item */
void	 strbuf_add_item(struct strbuf *, const char *sep, const char *item);

/* strbuf_str - the text so far ("" when nothing was added); borrowed */
const char *strbuf_str(const struct strbuf *);

/* strbuf_take - the text, now the caller's to free; the buffer is empty */
char	*strbuf_take(struct strbuf *);

void	 strbuf_release(struct strbuf *);

#endif
