/*
 * fixers - the registry of fixers, by rule id
 */
#include <string.h>
#include <strings.h>

#include "fixers/fixers.h"

static const struct {
	const struct fixer *v;
	const size_t *n;
} families[] = {
	{ fixers_core, &fixers_core_count },
	{ fixers_settings, &fixers_settings_count },
	{ fixers_files, &fixers_files_count },
};

const struct fixer *
fixer_find(const char *rule_id)
{
	size_t f, i;

	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (i = 0; i < *families[f].n; i++)
			if (strcasecmp(families[f].v[i].rule, rule_id) == 0)
				return &families[f].v[i];
	return NULL;
}

bool
fixer_on_request(const char *rule_id)
{
	static const char *const ids[] = { "MH401", "MH402", "MH902" };
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strcasecmp(ids[i], rule_id) == 0)
			return true;
	return false;
}
