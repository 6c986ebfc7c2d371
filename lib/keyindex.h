/*
 * keyindex - the first of equal keys among numbered items, for maps of a
 * million lines: open addressing over 8-byte slots (a 32-bit hash and the
 * item's number), a quarter of a strmap's, with the keys themselves left
 * where the items keep them
 */
#ifndef MH_KEYINDEX_H
#define MH_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>

/* keyindex_key - the NUL-terminated key of item id */
typedef const char *(*keyindex_key)(const void *ctx, size_t id);

struct keyindex {
	uint64_t *slots;	/* hash << 32 | (id + 1); 0 is empty */
	size_t	 cap;		/* power of two, or 0 */
	size_t	 count;
	keyindex_key key;	/* how to read an item's key */
	const void *ctx;	/* passed to key */
};

/* keyindex_init - an empty index whose items' keys key(ctx, id) gives */
void	 keyindex_init(struct keyindex *, keyindex_key key, const void *ctx);

/* keyindex_reserve - room for n keys without growing */
void	 keyindex_reserve(struct keyindex *, size_t n);

/*
 * keyindex_add - record item id under key[0..len) unless an item with an
 * equal key is there: returns SIZE_MAX when id was recorded, else the id
 * of the item recorded first. id must be below UINT32_MAX.
 */
size_t	 keyindex_add(struct keyindex *, const char *key, size_t len,
	    size_t id);

void	 keyindex_release(struct keyindex *);

#endif
