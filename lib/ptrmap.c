/*
 * ptrmap - a hash map keyed by pointer identity
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ptrmap.h"
#include "lib/xalloc.h"

/* hash_ptr - the address mixed (allocations share their low bits) */
static size_t
hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct ptrmap_slot *
find_slot(const struct ptrmap *m, const void *key)
{
	size_t i = hash_ptr(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && m->slots[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void *
ptrmap_get(const struct ptrmap *m, const void *key)
{
	if (m->cap == 0 || key == NULL)
		return NULL;
	return find_slot(m, key)->value;
}

static void
grow(struct ptrmap *m)
{
	struct ptrmap_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find_slot(m, old[i].key) = old[i];
	free(old);
}

void *
ptrmap_put(struct ptrmap *m, const void *key, void *value)
{
	struct ptrmap_slot *s;
	void *prev;

	if (key == NULL)
		return NULL;
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	s = find_slot(m, key);
	if (s->key == NULL) {
		s->key = key;
		m->count++;
	}
	prev = s->value;
	s->value = value;
	return prev;
}

void
ptrmap_release(struct ptrmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
