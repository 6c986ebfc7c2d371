/*
 * pf_list - the words of Postfix lists
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parsers/pf_list.h"

bool
pf_list_has(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	while (*p != '\0') {
		size_t n;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		n = strcspn(p, ", \t\n");
		if (n == wl && strncasecmp(p, word, n) == 0)
			return true;
		p += n;
	}
	return false;
}
