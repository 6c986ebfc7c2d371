/*
 * params - a rule's parameters: the profile's value, else the default
 */
#include <stdlib.h>
#include <string.h>

#include "core/params.h"
#include "lib/xalloc.h"

struct rule_params
params_of(const struct rule *r, const struct profile *p)
{
	struct rule_params rp;

	rp.rule = r;
	rp.cfg = p != NULL ? profile_rule_find(p, r->id) : NULL;
	return rp;
}

/* declared - the rule's declaration of a parameter, or NULL */
static const struct rule_param *
declared(const struct rule *r, const char *name)
{
	size_t i;

	for (i = 0; i < RULE_MAX_PARAMS && r->params[i].name != NULL; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return &r->params[i];
	return NULL;
}

static const struct profile_param *
profile_value(const struct rule_params *rp, const char *name)
{
	return rp->cfg != NULL ? profile_param_find(rp->cfg, name) : NULL;
}

bool
params_set(const struct rule_params *rp, const char *name)
{
	return profile_value(rp, name) != NULL;
}

const char *
params_scalar(const struct rule_params *rp, const char *name)
{
	const struct profile_param *p = profile_value(rp, name);
	const struct rule_param *d = declared(rp->rule, name);

	if (p != NULL && p->scalar != NULL)
		return p->scalar;
	return d != NULL ? d->default_value : NULL;
}

long long
params_number(const struct rule_params *rp, const char *name,
    long long fallback)
{
	const char *v = params_scalar(rp, name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtoll(v, &end, 10);
	return *end == '\0' ? n : fallback;
}

/* split - the words of a default ("a, b c") in one block with their vector */
static const char **
split(const char *text, size_t *n)
{
	size_t len = strlen(text), words = 0, i;
	const char **v;
	char *copy, *p;

	for (i = 0; i < len; i++)
		words += strchr(", \t", text[i]) == NULL &&
		    (i == 0 || strchr(", \t", text[i - 1]) != NULL);
	v = xmalloc((words + 1) * sizeof(*v) + len + 1);
	copy = (char *)(v + words + 1);
	memcpy(copy, text, len + 1);
	*n = 0;
	for (p = copy; *p != '\0'; ) {
		p += strspn(p, ", \t");
		if (*p == '\0')
			break;
		v[(*n)++] = p;
		p += strcspn(p, ", \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	v[*n] = NULL;
	return v;
}

const char **
params_list(const struct rule_params *rp, const char *name, size_t *n)
{
	const struct profile_param *p = profile_value(rp, name);
	const struct rule_param *d = declared(rp->rule, name);
	const char **v;
	size_t i;

	if (p == NULL)
		return split(d != NULL && d->default_value != NULL ?
		    d->default_value : "", n);
	if (p->scalar != NULL) {
		v = xcalloc(2, sizeof(*v));
		*n = *p->scalar != '\0';
		v[0] = *n > 0 ? p->scalar : NULL;
		return v;
	}
	v = xcalloc(p->nitems + 1, sizeof(*v));
	for (i = 0; i < p->nitems; i++)
		v[i] = p->items[i];
	*n = p->nitems;
	return v;
}
