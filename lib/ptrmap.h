/*
 * ptrmap - a hash map keyed by pointer identity (open addressing, linear
 * probing), for "have I met this setting/service before" in linear time.
 * NULL is not a key; values are opaque pointers and NULL means absent.
 */
#ifndef MH_PTRMAP_H
#define MH_PTRMAP_H

#include <stddef.h>

struct ptrmap_slot {
	const void *key;
	void	*value;
};

struct ptrmap {
	struct ptrmap_slot *slots;	/* owned */
	size_t	 cap;			/* power of two, or 0 */
	size_t	 count;
};

#define PTRMAP_INIT	{ NULL, 0, 0 }

/* ptrmap_get - the value for key, or NULL */
void	*ptrmap_get(const struct ptrmap *, const void *key);

/* ptrmap_put - set the value; returns the previous value or NULL */
void	*ptrmap_put(struct ptrmap *, const void *key, void *value);

void	 ptrmap_release(struct ptrmap *);

#endif
