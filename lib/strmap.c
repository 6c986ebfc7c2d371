/*
 * strmap - string-keyed hash map
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xalloc.h"

/* hash_bytes - FNV-1a */
static size_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static struct strmap_slot *
find_slot(const struct strmap *m, const char *key, size_t len, size_t hash)
{
	size_t i = hash & (m->cap - 1);

	for (;;) {
		struct strmap_slot *s = &m->slots[i];

		if (s->key == NULL)
			return s;
		if (s->hash == hash && s->keylen == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

void *
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = find_slot(m, key, len, hash_bytes(key, len));
	return s->key != NULL ? s->value : NULL;
}

static void
grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = xmalloc_big(m->cap * sizeof(*m->slots));
	memset(m->slots, 0, m->cap * sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key != NULL)
			*find_slot(m, old[i].key, old[i].keylen,
			    old[i].hash) = old[i];
	}
	free(old);
}

void *
strmap_put(struct strmap *m, const char *key, size_t len, void *value)
{
	struct strmap_slot *s;
	size_t hash = hash_bytes(key, len);
	void *prev;

	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	s = find_slot(m, key, len, hash);
	if (s->key == NULL) {
		s->key = key;
		s->keylen = len;
		s->hash = hash;
		s->value = value;
		m->count++;
		return NULL;
	}
	prev = s->value;
	s->value = value;
	return prev;
}

void
strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
