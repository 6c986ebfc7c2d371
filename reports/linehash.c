/*
 * linehash - the primaryLocationLineHash of GitHub code scanning
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/linehash.h"
#include "lib/xalloc.h"

#define WINDOW		100
#define MULTIPLIER	37u
#define END_OF_FILE	0xffffu		/* the sentinel that ends the text */
#define REPLACEMENT	0xfffdu

/* count of earlier lines per hash value: open addressing, power of two */
struct hash_counts {
	uint64_t *keys;
	unsigned *counts;	/* 0: empty slot */
	size_t	 mask;
};

static unsigned
count_bump(struct hash_counts *hc, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & hc->mask;

	while (hc->counts[i] != 0 && hc->keys[i] != key)
		i = (i + 1) & hc->mask;
	hc->keys[i] = key;
	return ++hc->counts[i];
}

struct hasher {
	uint32_t window[WINDOW];
	long	 line_at[WINDOW];	/* line starting at this slot, or -1 */
	size_t	 index;
	uint64_t hash, first_mod;
	long	 line;
	int	 line_start, prev_cr;
	struct line_hash *out;
	size_t	 nout, cap;
	struct hash_counts counts;
};

static void
emit(struct hasher *h)
{
	long line = h->line_at[h->index];

	if ((size_t)line > h->cap) {
		size_t cap = h->cap;

		while (cap < (size_t)line)
			cap = cap ? cap * 2 : 64;
		h->out = xreallocarray(h->out, cap, sizeof(*h->out));
		h->cap = cap;
	}
	h->out[line - 1].value = h->hash;
	h->out[line - 1].occurrence = count_bump(&h->counts, h->hash);
	if ((size_t)line > h->nout)
		h->nout = (size_t)line;
	h->line_at[h->index] = -1;
}

static void
update(struct hasher *h, uint32_t c)
{
	uint32_t begin = h->window[h->index];

	h->window[h->index] = c;
	h->hash = MULTIPLIER * h->hash + c - h->first_mod * begin;
	h->index = (h->index + 1) % WINDOW;
}

static void
process(struct hasher *h, uint32_t c)
{
	if (c == ' ' || c == '\t' || (h->prev_cr && c == '\n')) {
		h->prev_cr = 0;
		return;
	}
	h->prev_cr = c == '\r';
	if (c == '\r')
		c = '\n';
	if (h->line_at[h->index] != -1)
		emit(h);
	if (h->line_start) {
		h->line_start = 0;
		h->line_at[h->index] = ++h->line;
	}
	if (c == '\n')
		h->line_start = 1;
	update(h, c);
}

static void
process_code_point(struct hasher *h, uint32_t cp)
{
	if (cp > 0xffff) {
		cp -= 0x10000;
		process(h, 0xd800 + (cp >> 10));
		process(h, 0xdc00 + (cp & 0x3ff));
	} else {
		process(h, cp);
	}
}

/* decode - UTF-8 as a WHATWG decoder reads it: U+FFFD for each bad run */
static void
decode(struct hasher *h, const unsigned char *s, size_t len)
{
	unsigned needed = 0, seen = 0, lower = 0x80, upper = 0xbf;
	uint32_t cp = 0;
	size_t i = 0;

	while (i < len) {
		unsigned b = s[i];

		if (needed == 0) {
			i++;
			if (b <= 0x7f) {
				process(h, b);
			} else if (b >= 0xc2 && b <= 0xdf) {
				needed = 1;
				cp = b & 0x1f;
			} else if (b >= 0xe0 && b <= 0xef) {
				if (b == 0xe0)
					lower = 0xa0;
				if (b == 0xed)
					upper = 0x9f;
				needed = 2;
				cp = b & 0xf;
			} else if (b >= 0xf0 && b <= 0xf4) {
				if (b == 0xf0)
					lower = 0x90;
				if (b == 0xf4)
					upper = 0x8f;
				needed = 3;
				cp = b & 0x7;
			} else {
				process(h, REPLACEMENT);
			}
			continue;
		}
		if (b < lower || b > upper) {
			/* the bad byte starts afresh: not consumed here */
			needed = seen = 0;
			cp = 0;
			lower = 0x80;
			upper = 0xbf;
			process(h, REPLACEMENT);
			continue;
		}
		i++;
		lower = 0x80;
		upper = 0xbf;
		cp = (cp << 6) | (b & 0x3f);
		if (++seen == needed) {
			process_code_point(h, cp);
			needed = seen = 0;
			cp = 0;
		}
	}
	if (needed != 0)
		process(h, REPLACEMENT);
}

size_t
line_hashes(const char *bytes, size_t len, struct line_hash **out)
{
	struct hasher h;
	size_t i, slots = 64, lines = 2;

	memset(&h, 0, sizeof(h));
	for (i = 0; i < WINDOW; i++)
		h.line_at[i] = -1;
	h.first_mod = 1;
	for (i = 0; i < WINDOW; i++)
		h.first_mod *= MULTIPLIER;
	h.line_start = 1;
	/* a line per CR or LF, the last, and the one the sentinel may open */
	for (i = 0; i < len; i++)
		if (bytes[i] == '\n' || bytes[i] == '\r')
			lines++;
	while (slots < 2 * lines)
		slots *= 2;
	h.counts.keys = xcalloc(slots, sizeof(*h.counts.keys));
	h.counts.counts = xcalloc(slots, sizeof(*h.counts.counts));
	h.counts.mask = slots - 1;

	decode(&h, (const unsigned char *)bytes, len);
	process(&h, END_OF_FILE);
	for (i = 0; i < WINDOW; i++) {
		if (h.line_at[h.index] != -1)
			emit(&h);
		update(&h, 0);
	}
	free(h.counts.keys);
	free(h.counts.counts);
	*out = h.out;
	return h.nout;
}

void
line_hash_format(const struct line_hash *lh, char *buf, size_t size)
{
	snprintf(buf, size, "%llx:%u", (unsigned long long)lh->value,
	    lh->occurrence);
}
