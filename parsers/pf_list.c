/*
 * pf_list - the words of Postfix lists
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xalloc.h"
#include "parsers/pf_list.h"

static bool
is_separator(char c)
{
	return c == ',' || isspace((unsigned char)c);
}

size_t
pf_list_next(const char *s, size_t i, size_t *start, size_t *end)
{
	int level = 0;

	while (s[i] != '\0' && is_separator(s[i]))
		i++;
	*start = i;
	/* as mystrtokq(): a separator counts only outside braces; an
	   unmatched '{' runs to the end */
	for (; s[i] != '\0'; i++) {
		if (s[i] == '{')
			level++;
		else if (s[i] == '}' && level > 0)
			level--;
		else if (level == 0 && is_separator(s[i]))
			break;
	}
	*end = i;
	return i;
}

bool
pf_list_next_word(const char **p, char *buf, size_t size)
{
	size_t st, en, n;

	*p += pf_list_next(*p, 0, &st, &en);
	if (en == st) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	n = en - st;
	if (size > 0) {
		if (n >= size)
			n = size - 1;
		memcpy(buf, *p - (en - st), n);
		buf[n] = '\0';
	}
	return true;
}

bool
pf_list_item_at(const char *bytes, size_t i, size_t end, size_t index,
    size_t *item_start, size_t *item_end)
{
	bool line_start = false;
	size_t n = 0;

	while (i < end) {
		int level = 0;

		if (bytes[i] == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (is_separator(bytes[i])) {
			i++;
			continue;
		}
		if (line_start && bytes[i] == '#') {
			while (i < end && bytes[i] != '\n')
				i++;
			continue;
		}
		line_start = false;
		*item_start = i;
		for (; i < end; i++) {
			if (bytes[i] == '{')
				level++;
			else if (bytes[i] == '}' && level > 0)
				level--;
			else if (level == 0 && is_separator(bytes[i]))
				break;
		}
		*item_end = i;
		if (n++ == index)
			return true;
	}
	return false;
}

bool
pf_list_has(const char *list, const char *word)
{
	size_t wl = strlen(word), pos = 0, st, en;

	while (list != NULL && list[pos] != '\0') {
		pos = pf_list_next(list, pos, &st, &en);
		if (en == st)
			break;
		if (en - st == wl && strncasecmp(list + st, word, wl) == 0)
			return true;
	}
	return false;
}

/* trimmed - [*b, *e) without the blanks at either end */
static void
trimmed(const char **b, const char **e)
{
	while (*b < *e && isspace((unsigned char)**b))
		(*b)++;
	while (*e > *b && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

bool
pf_list_inline_lookup(const char *spec, size_t len, const char *key,
    const char **value, size_t *vlen)
{
	char *body = xstrndup(spec, len), *open, *close;
	size_t pos, st, en, kl = strlen(key);
	bool found = false;

	open = strchr(body, '{');
	close = strrchr(body, '}');
	if (open == NULL || close == NULL || close < open) {
		free(body);
		return false;
	}
	*close = '\0';
	pos = (size_t)(open + 1 - body);
	while (!found) {
		const char *t, *te, *eq, *ke, *vs;

		pos = pf_list_next(body, pos, &st, &en);
		if (en == st)
			break;
		t = body + st;
		te = body + en;
		if (*t == '{' && en - st >= 2 && te[-1] == '}') {
			t++;
			te--;
		}
		eq = memchr(t, '=', (size_t)(te - t));
		if (eq == NULL)
			continue;
		ke = eq;
		trimmed(&t, &ke);
		if ((size_t)(ke - t) != kl || strncasecmp(t, key, kl) != 0)
			continue;
		vs = eq + 1;
		trimmed(&vs, &te);
		/* point into the caller's text, not the copy */
		*value = spec + (vs - body);
		*vlen = (size_t)(te - vs);
		found = true;
	}
	free(body);
	return found;
}
