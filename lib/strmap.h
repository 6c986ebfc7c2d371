/*
 * strmap - string-keyed hash map (open addressing, linear probing)
 *
 * Keys are borrowed: the caller keeps them alive (usually in an arena)
 * for the life of the map. Values are opaque pointers.
 */
#ifndef MH_STRMAP_H
#define MH_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	const char *key;
	size_t	 keylen;
	size_t	 hash;
	void	*value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t	 cap;		/* power of two, or 0 */
	size_t	 count;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* strmap_get - the value for key[0..len), or NULL */
void	*strmap_get(const struct strmap *, const char *key, size_t len);

/* strmap_put - set the value; returns the previous value or NULL */
void	*strmap_put(struct strmap *, const char *key, size_t len, void *value);

void	 strmap_release(struct strmap *);

#endif
