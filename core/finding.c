/*
 * finding - findings and their order
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/rule.h"
#include "lib/xalloc.h"

struct finding *
findings_add(struct findings *fs)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 16;
		fs->v = xreallocarray(fs->v, fs->cap, sizeof(*fs->v));
	}
	memset(&fs->v[fs->n], 0, sizeof(fs->v[0]));
	return &fs->v[fs->n++];
}

int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	c = strcmp(x->rule->id, y->rule->id);
	if (c != 0)
		return c;
	c = strcmp(x->key ? x->key : "", y->key ? y->key : "");
	if (c != 0)
		return c;
	return strcmp(x->message, y->message);
}

void
findings_sort(struct findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
}

void
finding_release(struct finding *f)
{
	free(f->message);
	free(f->key);
	free(f->param);
	free(f->justification);
	memset(f, 0, sizeof(*f));
}

void
findings_release(struct findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		finding_release(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

static uint64_t
fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* A separator, so that ("ab","c") and ("a","bc") differ. */
	h ^= 0xff;
	h *= 1099511628211ULL;
	return h;
}

void
finding_fingerprint(struct finding *f)
{
	uint64_t h = 1469598103934665603ULL;

	h = fnv1a(h, f->rule->id);
	h = fnv1a(h, f->file ? f->file : "");
	h = fnv1a(h, f->key ? f->key : "");
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx",
	    (unsigned long long)h);
}
