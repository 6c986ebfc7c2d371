/*
 * keyindex - first of equal keys, in 8-byte slots
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/keyindex.h"
#include "lib/xalloc.h"

/* hash32 - FNV-1a, folded to 32 bits */
static uint32_t
hash32(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

void
keyindex_init(struct keyindex *x, keyindex_key key, const void *ctx)
{
	memset(x, 0, sizeof(*x));
	x->key = key;
	x->ctx = ctx;
}

/* resize - rehash into newcap slots (a power of two above count) */
static void
resize(struct keyindex *x, size_t newcap)
{
	uint64_t *old = x->slots;
	size_t oldcap = x->cap, i, j;

	x->slots = xmalloc_big(newcap * sizeof(*x->slots));
	memset(x->slots, 0, newcap * sizeof(*x->slots));
	x->cap = newcap;
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		for (j = (old[i] >> 32) & (newcap - 1); x->slots[j] != 0;
		    j = (j + 1) & (newcap - 1))
			;
		x->slots[j] = old[i];
	}
	free(old);
}

void
keyindex_reserve(struct keyindex *x, size_t n)
{
	size_t cap = x->cap ? x->cap : 16;

	while (n * 4 > cap * 3)
		cap *= 2;
	if (cap > x->cap)
		resize(x, cap);
}

size_t
keyindex_add(struct keyindex *x, const char *key, size_t len, size_t id)
{
	uint32_t h = hash32(key, len);
	size_t j;

	if ((x->count + 1) * 4 > x->cap * 3)
		resize(x, x->cap ? x->cap * 2 : 16);
	for (j = h & (x->cap - 1); x->slots[j] != 0; j = (j + 1) & (x->cap - 1)) {
		size_t other = (size_t)(x->slots[j] & 0xffffffffu) - 1;
		const char *k;

		if ((uint32_t)(x->slots[j] >> 32) != h)
			continue;
		k = x->key(x->ctx, other);
		if (strncmp(k, key, len) == 0 && k[len] == '\0')
			return other;
	}
	x->slots[j] = (uint64_t)h << 32 | (uint64_t)(id + 1);
	x->count++;
	return SIZE_MAX;
}

void
keyindex_release(struct keyindex *x)
{
	free(x->slots);
	x->slots = NULL;
	x->cap = x->count = 0;
}
