/*
 * rule - the rule registry, reporting, parameters and helpers for checks
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fixers.h"
#include "linter/rule.h"
#include "parsers/pf_defaults.h"
#include "parsers/pf_facts.h"
#include "parsers/xalloc.h"

/* ---- reporting and parameters ---- */

void
rule_report(struct rule_ctx *ctx, struct span where, const char *key,
    const char *fmt, ...)
{
	struct finding *f = findings_add(ctx->out);
	const struct src *src = where.src;
	va_list ap;
	int n;

	if (src == NULL)
		src = ctx->model->main_src != NULL ? ctx->model->main_src :
		    ctx->model->nsrcs > 0 ? ctx->model->srcs[0] : NULL;
	f->rule = ctx->rule;
	f->model = ctx->model;
	f->severity = ctx->severity;
	f->mta = ctx->model->mta;
	f->src = src;
	f->file = src != NULL ? src->path : "";
	if (where.src != NULL && where.start != SPAN_WHOLE_FILE) {
		f->offset = where.start;
		src_position(where.src, where.start, &f->line, &f->column);
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	f->message = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(f->message, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	f->key = xstrdup(key != NULL ? key : "");
	finding_fingerprint(f);
}

static const struct rule_param *
param_decl(const struct rule *r, const char *name)
{
	size_t i;

	for (i = 0; i < RULE_MAX_PARAMS && r->params[i].name != NULL; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return &r->params[i];
	return NULL;
}

const char *
rule_param_scalar(const struct rule_ctx *ctx, const char *name)
{
	const struct profile_param *p = ctx->cfg != NULL ?
	    profile_param_find(ctx->cfg, name) : NULL;
	const struct rule_param *d = param_decl(ctx->rule, name);

	if (p != NULL && p->scalar != NULL)
		return p->scalar;
	return d != NULL ? d->default_value : NULL;
}

long long
rule_param_number(const struct rule_ctx *ctx, const char *name,
    long long fallback)
{
	const char *v = rule_param_scalar(ctx, name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtoll(v, &end, 10);
	return *end == '\0' ? n : fallback;
}

size_t
rule_param_list(const struct rule_ctx *ctx, const char *name,
    const char **items, size_t max)
{
	const struct profile_param *p = ctx->cfg != NULL ?
	    profile_param_find(ctx->cfg, name) : NULL;
	size_t i, n = 0;

	if (p != NULL) {
		if (p->scalar != NULL) {
			if (*p->scalar != '\0' && max > 0)
				items[n++] = p->scalar;
			return n;
		}
		for (i = 0; i < p->nitems && n < max; i++)
			items[n++] = p->items[i];
		return n;
	}
	/* Rule defaults of list parameters are empty. */
	return 0;
}

/* ---- helpers shared by checks ---- */

bool
rule_seen_before(struct rule_seen *s, const void *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->keys[i] == key)
			return true;
	if (s->n < 64)
		s->keys[s->n++] = key;
	return false;
}

char *
rule_servers_sharing(const struct model *m, size_t fact_offset, const void *from)
{
	char *list = NULL;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = (const struct fact *)
		    ((const char *)m->servers[i] + fact_offset);
		char *next;

		if (f->from != from)
			continue;
		next = list == NULL ? xstrdup(m->servers[i]->name) :
		    xasprintf("%s, %s", list, m->servers[i]->name);
		free(list);
		list = next;
	}
	return list != NULL ? list : xstrdup("");
}

/*
 * rule_service_is_effective - no later master.cf entry of the same name and
 * type replaces the service (the last one wins)
 */
bool
rule_service_is_effective(const struct model *m, const struct service *svc)
{
	size_t i;

	for (i = 0; i < m->nservices; i++)
		if (m->services[i]->earlier == svc)
			return false;
	return true;
}

/*
 * rule_settings_service - the service whose -o overrides a server's smtpd
 * reads: its own entry, or behind postscreen the last effective smtpd
 * "pass" service (NULL when there is none: main.cf alone decides)
 */
const struct service *
rule_settings_service(const struct model *m, const struct smtp_server *srv)
{
	const struct service *svc = srv->service, *pass = NULL;
	size_t i;

	if (svc == NULL || svc->command == NULL ||
	    strcmp(svc->command, "postscreen") != 0)
		return svc;
	for (i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];

		if (strcmp(s->type, "pass") == 0 && s->command != NULL &&
		    strcmp(s->command, "smtpd") == 0 &&
		    rule_service_is_effective(m, s))
			pass = s;
	}
	return pass;
}

/*
 * rule_settings_service_or_postscreen - rule_settings_service(), but the
 * postscreen entry itself when master.cf has no smtpd "pass" service
 */
const struct service *
rule_settings_service_or_postscreen(const struct model *m,
    const struct smtp_server *srv)
{
	const struct service *svc = rule_settings_service(m, srv);

	return svc != NULL ? svc : srv->service;
}

const char *
rule_setting_key(const struct setting *s, const char *name)
{
	static char buf[256];

	if (s != NULL && s->scope != NULL)
		snprintf(buf, sizeof(buf), "%s:%s", s->scope, name);
	else
		snprintf(buf, sizeof(buf), "%s", name);
	return buf;
}

void
rule_report_notes(struct rule_ctx *ctx, const char *code)
{
	const struct model *m = ctx->model;
	size_t i;

	for (i = 0; i < m->nnotes; i++) {
		const struct model_note *n = m->notes[i];
		const struct src *s = n->where.src;
		char key[256];
		size_t k, same = 0;

		if (strcmp(n->code, code) != 0)
			continue;
		/*
		 * The key is what the note is about, never where: the text of
		 * the line it points at, and how many same notes came before.
		 */
		for (k = 0; k < i; k++)
			same += strcmp(m->notes[k]->code, code) == 0 &&
			    strcmp(m->notes[k]->text, n->text) == 0;
		if (s != NULL && n->where.start != SPAN_WHOLE_FILE) {
			size_t a = n->where.start, e = a;

			while (e < s->len && s->bytes[e] != '\n' && e - a < 160)
				e++;
			snprintf(key, sizeof(key), "%s:%.*s#%zu", code,
			    (int)(e - a), s->bytes + a, same);
		} else {
			snprintf(key, sizeof(key), "%s:%.160s#%zu", code, n->text,
			    same);
		}
		rule_report(ctx, n->where, key, "%s", n->text);
	}
}

struct span
rule_where(const struct model *m, const struct setting *s)
{
	if (s != NULL && s->source == SOURCE_FILE)
		return s->value_span.src != NULL ? s->value_span : s->name_span;
	if (s != NULL && s->name_span.src != NULL)
		return s->name_span;
	if (m->main_src != NULL)
		return model_end_of(m->main_src);
	return span_make(NULL, 0, 0);
}

const char *
rule_value(const struct model *m, const char *name)
{
	return rule_setting_value(model_lookup(m, name));
}

/* rule_setting_value - the value of a setting: expanded, else raw; "" if NULL */
const char *
rule_setting_value(const struct setting *s)
{
	if (s == NULL)
		return "";
	return s->value != NULL ? s->value : s->raw != NULL ? s->raw : "";
}

/* ---- the registry ---- */

/* Each family file defines its rules; keep this list in sync with rule.h. */
static const struct {
	const struct rule *rules;
	const size_t *count;
} families[] = {
	{ rules_core, &rules_core_count },
	{ rules_relay, &rules_relay_count },
	{ rules_access, &rules_access_count },
	{ rules_smarthost, &rules_smarthost_count },
	{ rules_info, &rules_info_count },
	{ rules_sender, &rules_sender_count },
	{ rules_aliases, &rules_aliases_count },
	{ rules_limits, &rules_limits_count },
	{ rules_listen, &rules_listen_count },
	{ rules_privilege, &rules_privilege_count },
	{ rules_tls, &rules_tls_count },
	{ rules_content, &rules_content_count },
	{ rules_ops, &rules_ops_count },
};

static const struct rule **sorted;
static size_t nsorted;

static int
cmp_rule_id(const void *a, const void *b)
{
	const struct rule *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* build - every family's rules in one list, sorted by id (once) */
static void
build(void)
{
	size_t f, i, n = 0;

	if (sorted != NULL)
		return;
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		n += *families[f].count;
	sorted = xreallocarray(NULL, n, sizeof(*sorted));
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (i = 0; i < *families[f].count; i++)
			sorted[nsorted++] = &families[f].rules[i];
	qsort(sorted, nsorted, sizeof(*sorted), cmp_rule_id);
}

bool
rule_fixable(const struct rule *r)
{
	return fixer_find(r->id) != NULL;
}

bool
rule_fix_unsafe(const struct rule *r)
{
	const struct fixer *f = fixer_find(r->id);

	return f != NULL && f->safety == FIX_UNSAFE;
}

size_t
rule_total(void)
{
	build();
	return nsorted;
}

const struct rule *
rule_at(size_t i)
{
	build();
	return i < nsorted ? sorted[i] : NULL;
}

const struct rule *
rule_find(const char *key)
{
	size_t i;

	build();
	for (i = 0; i < nsorted; i++) {
		if (strcasecmp(sorted[i]->id, key) == 0 ||
		    strcmp(sorted[i]->name, key) == 0)
			return sorted[i];
	}
	return NULL;
}

const char *
rule_canon(const char *key)
{
	const struct rule *r = rule_find(key);

	return r != NULL ? r->id : NULL;
}
