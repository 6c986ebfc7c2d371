/*
 * severity - names of the levels
 */
#include <string.h>

#include "lib/severity.h"

static const char *const names[SEV_COUNT] = {
	"info", "low", "medium", "high", "critical",
};

int
severity_parse(const char *word, enum severity *out)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++) {
		if (strcmp(word, names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

const char *
severity_name(enum severity s)
{
	if ((int)s < 0 || (int)s >= SEV_COUNT)
		return "unknown";
	return names[s];
}
