/*
 * engine - profiles, selection and the run of the rules
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "linter/engine.h"

const char *const engine_tags[] = {
	"vrfy", "expn", "verb", "banner", "help", "info-leak", "relay",
	"auth", "tls", "sender", "access", "aliases", "size", "limits",
	"listen", "privilege", "smarthost", "content", "stale-map",
	"permissions", "ops", "syntax", NULL,
};

static bool
has_tag(const struct rule *r, const char *tag)
{
	size_t i;

	for (i = 0; i < RULE_MAX_TAGS && r->tags[i] != NULL; i++)
		if (strcmp(r->tags[i], tag) == 0)
			return true;
	return false;
}

bool
engine_selector_valid(const char *word)
{
	size_t i;

	if (rule_find(word) != NULL)
		return true;
	for (i = 0; engine_tags[i] != NULL; i++)
		if (strcmp(engine_tags[i], word) == 0)
			return true;
	return false;
}

bool
engine_selected(const struct rule *r, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcasecmp(words[i], r->id) == 0 ||
		    strcmp(words[i], r->name) == 0 || has_tag(r, words[i]))
			return true;
	}
	return false;
}

bool
engine_rule_enabled(const struct rule *r, const struct engine_opts *o)
{
	const struct profile_rule *pr = o->profile != NULL ?
	    profile_rule_find(o->profile, r->id) : NULL;
	bool on = r->enabled;

	if (pr != NULL && pr->enabled >= 0)
		on = pr->enabled == 1;
	if (engine_selected(r, o->disable, o->ndisable))
		on = false;
	if (engine_selected(r, o->enable, o->nenable))
		on = true;
	return on;
}

enum severity
engine_rule_severity(const struct rule *r, const struct profile *p)
{
	const struct profile_rule *pr = p != NULL ?
	    profile_rule_find(p, r->id) : NULL;

	if (pr != NULL && pr->severity >= 0)
		return (enum severity)pr->severity;
	return r->severity;
}

void
engine_run(const struct load_result *res, const struct engine_opts *o,
    struct findings *out)
{
	size_t i, k;

	for (i = 0; i < res->nmodels; i++) {
		const struct model *m = res->models[i];
		struct rule_memo memo = { NULL, NULL };

		for (k = 0; k < rule_total(); k++) {
			const struct rule *r = rule_at(k);
			struct rule_ctx ctx;

			/* Rules without a check are the engine's own (MH003). */
			if ((r->mtas & (1u << m->mta)) == 0 || r->check == NULL ||
			    !engine_rule_enabled(r, o) ||
			    (m->config_unread && !rule_on_unread(r)))
				continue;
			ctx.rule = r;
			ctx.model = m;
			ctx.params = params_of(r, o->profile);
			ctx.severity = engine_rule_severity(r, o->profile);
			ctx.out = out;
			ctx.memo = &memo;
			r->check(&ctx);
		}
		if (memo.alias_view_release != NULL)
			memo.alias_view_release(memo.alias_view);
	}
	findings_sort(out);
}

int
engine_check_profile(const struct profile *p, char *msg, size_t size)
{
	size_t i, k, d;

	for (i = 0; i < p->nrules; i++) {
		const struct profile_rule *pr = &p->rules[i];
		const struct rule *r = rule_find(pr->id);

		for (k = 0; r != NULL && k < pr->nparams; k++) {
			const struct profile_param *pp = &pr->params[k];
			bool known = false;
			char names[256] = "";

			for (d = 0; d < RULE_MAX_PARAMS && r->params[d].name; d++) {
				known |= strcmp(r->params[d].name, pp->name) == 0;
				snprintf(names + strlen(names), sizeof(names) -
				    strlen(names), "%s%s", d ? ", " : "",
				    r->params[d].name);
			}
			if (known)
				continue;
			snprintf(msg, size, "%s:%u:%u: rule %s (%s) has no "
			    "parameter '%s' (%s%s)", pp->pos.file, pp->pos.line,
			    pp->pos.column, r->name, r->id, pp->name,
			    *names ? "parameters: " : "it takes none", names);
			return -1;
		}
	}
	return 0;
}
