/*
 * pf_facts - Postfix: effective values, servers, listeners, maps and facts
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/maptype.h"
#include "parsers/pf_defaults.h"
#include "parsers/pf_list.h"
#include "parsers/pf_restrict.h"
#include "parsers/pf_expand.h"
#include "parsers/pf_facts.h"
#include "lib/rootpath.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* ctx - what the raw-value look-ups of one expander see */
struct ctx {
	struct model *m;
	struct strmap *last;		/* name -> last main.cf setting */
	struct strmap *computed;	/* name -> default Postfix computes at run time */
	struct strmap *derived;		/* name -> derived default (service params) */
	const struct service *svc;	/* service whose -o come first, or NULL */
};

static const char *
raw_global(struct ctx *c, const char *name)
{
	const struct setting *s = strmap_get(c->last, name, strlen(name));
	const struct pf_default *d;
	const char *derived;

	if (s != NULL)
		return s->raw;
	if ((derived = strmap_get(c->computed, name, strlen(name))) != NULL)
		return derived;
	if ((d = pf_default_lookup(name)) != NULL)
		return d->value;
	derived = strmap_get(c->derived, name, strlen(name));
	return derived;
}

static const char *
raw_lookup(void *arg, const char *name)
{
	struct ctx *c = arg;
	size_t i;

	for (i = c->svc != NULL ? c->svc->noverrides : 0; i > 0; i--) {
		if (strcmp(c->svc->overrides[i - 1]->name, name) == 0)
			return c->svc->overrides[i - 1]->raw;
	}
	return raw_global(c, name);
}

static int
cmp_setting_name(const void *a, const void *b)
{
	const struct setting *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* mark_references - every $name, ${name…}, $(name) in text names a known parameter */
static void
mark_references(struct strmap *refs, const char *text)
{
	const char *p = text;

	while ((p = strchr(p, '$')) != NULL) {
		const char *n;

		p++;
		if (*p == '$') {
			p++;
			continue;
		}
		if (*p == '{' || *p == '(')
			p++;
		while (*p == ' ' || *p == '\t')
			p++;
		n = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p > n)
			strmap_put(refs, n, (size_t)(p - n), (void *)n);
	}
}


/* is_effective_service - the last entry of its name/type wins (master(5)) */
static bool
is_effective_service(const struct model *m, const struct service *svc)
{
	(void)m;
	return !svc->superseded;
}

static void
add_derived_defaults(struct model *m, struct strmap *derived)
{
	size_t i, k;

	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];
		unsigned cls = pf_service_command_class(svc->command);

		if (cls == PF_SERVICE_NONE)
			continue;
		for (k = 0; k < pf_service_suffixes_count; k++) {
			const struct pf_service_suffix *sf = &pf_service_suffixes[k];
			char *name, *value;

			if ((sf->classes & cls) == 0)
				continue;
			name = arena_printf(&m->arena, "%s%s", svc->name,
			    sf->suffix);
			if (pf_default_lookup(name) != NULL)
				continue;
			value = arena_printf(&m->arena, "$%s", sf->default_param);
			strmap_put(derived, name, strlen(name), value);
		}
	}
}

/* is_raw_parameter - Postfix keeps the value unexpanded (per-message macros) */
static bool
is_raw_parameter(const char *name)
{
	const struct pf_default *d = pf_default_lookup(name);

	return d != NULL && (d->flags & PF_DEFAULT_RAW) != 0;
}

/* escape_dollars - a literal value as raw text ($ doubled) */
static char *
escape_dollars(struct arena *a, const char *v)
{
	size_t n = 0, i;
	char *out, *o;

	for (i = 0; v[i]; i++)
		n += v[i] == '$' ? 2 : 1;
	out = o = arena_alloc(a, n + 1);
	for (i = 0; v[i]; i++) {
		*o++ = v[i];
		if (v[i] == '$')
			*o++ = '$';
	}
	*o = '\0';
	return out;
}

/*
 * computed_defaults - defaults Postfix derives at run time: mydomain from
 * an explicit myhostname, mynetworks from mynetworks_style
 */
static void
computed_defaults(struct model *m, struct ctx *c)
{
	struct pf_expander x;
	const char *v;

	pf_expander_init(&x, &m->arena, raw_lookup, c);
	if (strmap_get(c->last, "mydomain", 8) == NULL &&
	    strmap_get(c->last, "myhostname", 10) != NULL &&
	    (v = pf_expand_param(&x, "myhostname")) != NULL) {
		const char *dot = strchr(v, '.');

		strmap_put(c->computed, "mydomain", 8, escape_dollars(&m->arena,
		    dot != NULL && dot[1] != '\0' ? dot + 1 : "localdomain"));
	}
	if (strmap_get(c->last, "mynetworks", 10) == NULL &&
	    (v = pf_expand_param(&x, "mynetworks_style")) != NULL &&
	    pf_default_mynetworks(v) != NULL)
		strmap_put(c->computed, "mynetworks", 10,
		    (void *)pf_default_mynetworks(v));
	pf_expander_release(&x);
}

/* build_effective - every parameter's effective value, sorted by name */
static void
build_effective(struct model *m, struct ctx *c, struct pf_expander *x)
{
	struct strmap refs = STRMAP_INIT;
	size_t i, k;

	for (i = 0; i < m->nsettings; i++)
		mark_references(&refs, m->settings[i]->raw);
	/* as postconf: a name a built-in default refers to is known, as the
	   legacy names of renamed parameters (postscreen_blacklist_action in
	   the default of postscreen_denylist_action) */
	for (i = 0; i < pf_defaults_count; i++)
		mark_references(&refs, pf_defaults[i].value);
	for (i = 0; i < m->nservices; i++) {
		for (k = 0; k < m->services[i]->noverrides; k++)
			mark_references(&refs, m->services[i]->overrides[k]->raw);
		for (k = 0; k < m->services[i]->nargs; k++)
			mark_references(&refs, m->services[i]->args[k]);
	}

	/* File settings: the last definition of each name. */
	for (i = 0; i < m->nsettings; i++) {
		struct setting *s = m->settings[i];

		if (strmap_get(c->last, s->name, strlen(s->name)) != s)
			continue;
		x->error = NULL;
		s->value = is_raw_parameter(s->name) ? s->raw :
		    pf_expand_param(x, s->name);
		if (x->error != NULL)
			model_add_note(m, "bad-expansion", s->value_span,
			    "%s: %s; Postfix stops with \"macro processing "
			    "error\"", s->name, x->error);
		MODEL_APPEND(m, m->effective, m->neffective, s);
	}
	/* Restriction class names are parameters too. */
	{
		const char *classes = pf_expand_param(x, "smtpd_restriction_classes");
		size_t pos = 0, st, en;

		while (classes != NULL && classes[pos] != '\0') {
			pos = pf_list_next(classes, pos, &st, &en);
			if (en > st)
				strmap_put(&refs, classes + st, en - st,
				    (void *)classes);
		}
	}
	for (i = 0; i < m->neffective; i++) {
		struct setting *s = m->effective[i];
		s->unknown = pf_default_lookup(s->name) == NULL &&
		    strmap_get(c->derived, s->name, strlen(s->name)) == NULL &&
		    strmap_get(&refs, s->name, strlen(s->name)) == NULL;
	}
	/* Defaults of everything not set in the file. */
	for (i = 0; i < pf_defaults_count; i++) {
		const struct pf_default *d = &pf_defaults[i];
		struct setting *s;

		if (strmap_get(c->last, d->name, strlen(d->name)) != NULL)
			continue;
		s = arena_alloc(&m->arena, sizeof(*s));
		s->name = d->name;
		s->raw = raw_global(c, d->name);
		s->source = SOURCE_DEFAULT;
		s->host_dependent = (d->flags & PF_DEFAULT_HOST_DEPENDENT) != 0;
		s->value = (d->flags & PF_DEFAULT_RAW) ? s->raw :
		    pf_expand_param(x, d->name);
		MODEL_APPEND(m, m->effective, m->neffective, s);
	}
	for (i = 0; i < c->derived->cap; i++) {
		const struct strmap_slot *sl = &c->derived->slots[i];
		struct setting *s;

		if (sl->key == NULL ||
		    strmap_get(c->last, sl->key, sl->keylen) != NULL)
			continue;
		s = arena_alloc(&m->arena, sizeof(*s));
		s->name = sl->key;
		s->raw = sl->value;
		s->source = SOURCE_DEFAULT;
		s->value = pf_expand_param(x, s->name);
		MODEL_APPEND(m, m->effective, m->neffective, s);
	}
	if (m->neffective > 1)
		qsort(m->effective, m->neffective, sizeof(*m->effective),
		    cmp_setting_name);
	strmap_release(&refs);
}

static bool
is_loopback_address(const char *addr)
{
	/* inet_interfaces words that mean loopback */
	if (strcasecmp(addr, "localhost") == 0 ||
	    strcasecmp(addr, "loopback-only") == 0)
		return true;
	return ip_addr_is_loopback(addr);
}

/* ---- facts ---- */

/* deciding - the setting that gives a service its value of name */
static const struct setting *
deciding(const struct model *m, const struct service *svc, const char *name)
{
	return model_service_lookup(m, svc, name);
}

/* where_of - a setting's name, or where a fix would add it */
static struct span
where_of(const struct model *m, const struct setting *s)
{
	if (s != NULL && s->source == SOURCE_FILE)
		return s->name_span;
	if (m->main_src != NULL)
		return model_end_of(m->main_src);
	return span_make(NULL, 0, 0);
}

/* describe - "name = value", "(default)" or "in service x" appended */
static const char *
describe(struct model *m, const struct setting *s, const char *name,
    const char *value)
{
	if (s == NULL)
		return arena_printf(&m->arena, "%s is not set", name);
	if (s->source == SOURCE_DEFAULT)
		return arena_printf(&m->arena, "%s = %s (default)", name, value);
	if (s->scope != NULL)
		return arena_printf(&m->arena, "%s = %s (-o in %s)", name,
		    value, s->scope);
	return arena_printf(&m->arena, "%s = %s", name, value);
}

static void
set_fact_from(struct model *m, struct fact *f, const struct service *svc,
    struct pf_expander *x, const char *name)
{
	const struct setting *s = deciding(m, svc, name);
	const char *value = pf_expand_param(x, name);

	f->applicable = true;
	f->known = true;
	f->from = s;
	f->text = value != NULL ? value : "";
	f->where = s != NULL && s->source == SOURCE_FILE ? s->value_span :
	    where_of(m, s);
	f->why = describe(m, s, name, s != NULL && s->source == SOURCE_FILE ?
	    s->raw : f->text);
}

static bool
is_yes(const char *v)
{
	return v != NULL && strcasecmp(v, "yes") == 0;
}

static bool
is_boolean(const char *v)
{
	return v != NULL && (strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "no") == 0);
}

/* locate_item - span of the index-th list item inside a setting's value as written */
static struct span
locate_item(const struct model *m, const struct setting *s, size_t index)
{
	const struct src *src = s->value_span.src;
	size_t st, en;

	if (s->source != SOURCE_FILE || src == NULL)
		return where_of(m, s);
	if (pf_list_item_at(src->bytes, s->value_span.start, s->value_span.end,
	    index, &st, &en))
		return span_make(src, st, en);
	return s->name_span;
}

enum verdict {
	V_DUNNO,
	V_PERMIT,
	V_REJECT,
};

/* relay_eval - state of one "outside client, foreign domain" evaluation */
struct relay_eval {
	struct model *m;
	const struct service *svc;
	struct pf_expander *x;
	bool	 client_in_mynetworks;	/* evaluate as a client mynetworks admits */
	bool	 safety_seen;		/* smtpd's compiled relay safety check */
	const struct setting *by;	/* setting holding the deciding entry */
	size_t	 by_index;
	const char *entry;
	bool	 by_expanded;		/* the entry came from an expansion */
	enum verdict verdict;		/* of the list being walked */
};

/* relay_value - a list as the service sees it, expanded with its -o */
static const char *
relay_value(void *arg, const char *name)
{
	return pf_expand_param(arg, name);
}

/* relay_entry - what one entry does to a client sending to a foreign domain */
static enum pf_restrict_next
relay_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct relay_eval *r = arg;
	enum verdict v = V_DUNNO;

	if (e->builtin == NULL || e->bare_table)
		return PF_RESTRICT_NEXT;
	if (e->builtin->flags & PF_RESTRICT_CLOSES_RELAY)
		v = e->warn_only ? V_DUNNO : V_REJECT;
	else if (e->kind == PF_RESTRICT_PERMIT)
		v = V_PERMIT;
	else if (strcmp(e->builtin->name, "permit_mynetworks") == 0)
		v = r->client_in_mynetworks ? V_PERMIT : V_DUNNO;
	if (v == V_DUNNO)
		return PF_RESTRICT_NEXT;
	r->verdict = v;
	r->entry = arena_strdup(&r->m->arena, e->top_word);
	r->by_index = e->top_index;
	return PF_RESTRICT_STOP;
}

/* eval_param - the verdict of one restriction list for the evaluated client */
static enum verdict
eval_param(struct relay_eval *r, const char *name)
{
	struct pf_restrict_walker w = { r->m, r->svc, relay_value, r->x };
	const struct setting *s = model_service_lookup(r->m, r->svc, name);
	const char *value = pf_expand_param(r->x, name);

	r->verdict = V_DUNNO;
	if (value == NULL || !pf_restrict_walk(&w, name, relay_entry, r))
		return V_DUNNO;
	r->by = s;
	r->by_expanded = s == NULL || strcmp(value, s->raw) != 0;
	return r->verdict;
}

/*
 * closing_entry - smtpd's compiled safety check (has_required()): the
 * entry after warn_if_reject does not count, and "permit" ends the search
 * in its own list
 */
static enum pf_restrict_next
closing_entry(void *arg, const struct pf_restrict_entry *e)
{
	bool *found = arg;

	if (e->warn_only || e->bare_table || e->builtin == NULL)
		return PF_RESTRICT_NEXT;
	if (e->kind == PF_RESTRICT_PERMIT)
		return PF_RESTRICT_LEAVE;
	if ((e->builtin->flags & PF_RESTRICT_CLOSES_RELAY) == 0)
		return PF_RESTRICT_NEXT;
	*found = true;
	return PF_RESTRICT_STOP;
}

/* has_closing_entry - one of the lists (or a class) holds a closing entry */
static bool
has_closing_entry(struct model *m, const struct service *svc,
    struct pf_expander *x, const char *name)
{
	struct pf_restrict_walker w = { m, svc, relay_value, x };
	bool found = false;

	pf_restrict_walk(&w, name, closing_entry, &found);
	return found;
}

/* relay_verdict - may a client outside (or inside mynetworks) relay to any domain? */
static void
relay_verdict(struct model *m, const struct service *svc,
    struct pf_expander *x, bool in_mynetworks, struct fact *f)
{
	struct relay_eval r = { m, svc, x, in_mynetworks, false, NULL, 0,
	    NULL, false, V_DUNNO };
	enum verdict relay, rcpt;
	const struct setting *rs, *cs;
	const char *relay_by_entry, *rcpt_by_entry;
	const struct setting *relay_by;
	size_t relay_index;
	bool relay_expanded;

	r.safety_seen = has_closing_entry(m, svc, x,
	    "smtpd_relay_restrictions") ||
	    has_closing_entry(m, svc, x, "smtpd_recipient_restrictions");
	relay = eval_param(&r, "smtpd_relay_restrictions");
	relay_by = r.by;
	relay_index = r.by_index;
	relay_by_entry = r.entry;
	relay_expanded = r.by_expanded;
	r.by = NULL;
	r.entry = NULL;
	rcpt = eval_param(&r, "smtpd_recipient_restrictions");
	rcpt_by_entry = r.entry;

	f->applicable = true;
	f->known = true;
	rs = deciding(m, svc, "smtpd_relay_restrictions");
	cs = deciding(m, svc, "smtpd_recipient_restrictions");
	if (!r.safety_seen) {
		f->known = false;
		f->flag = false;
		f->from = rs;
		f->where = where_of(m, rs);
		f->why = "neither smtpd_relay_restrictions nor "
		    "smtpd_recipient_restrictions has reject_unauth_destination "
		    "or another closing entry; smtpd refuses to start";
		return;
	}
	f->flag = relay != V_REJECT && rcpt != V_REJECT;
	if (relay == V_REJECT) {
		f->from = relay_by;
		f->why = arena_printf(&m->arena, "'%s' in "
		    "smtpd_relay_restrictions rejects it", relay_by_entry);
		f->where = relay_by != NULL && !relay_expanded ?
		    locate_item(m, relay_by, relay_index) : where_of(m, relay_by);
		return;
	}
	if (rcpt == V_REJECT) {
		f->from = r.by;
		f->why = arena_printf(&m->arena, "'%s' in "
		    "smtpd_recipient_restrictions rejects it", rcpt_by_entry);
		f->where = r.by != NULL && !r.by_expanded ?
		    locate_item(m, r.by, r.by_index) : where_of(m, r.by);
		return;
	}
	/* Open: name the entry that let the mail through. */
	if (relay == V_PERMIT) {
		f->from = relay_by;
		f->where = relay_by != NULL && !relay_expanded ?
		    locate_item(m, relay_by, relay_index) : where_of(m, relay_by);
		f->why = arena_printf(&m->arena, "'%s' in %s %s",
		    relay_by_entry, relay_by != NULL && relay_by->scope ?
		    arena_printf(&m->arena, "smtpd_relay_restrictions (-o in %s)",
		    relay_by->scope) : "smtpd_relay_restrictions",
		    rcpt == V_PERMIT ? arena_printf(&m->arena,
		    "and '%s' in smtpd_recipient_restrictions accept it",
		    rcpt_by_entry) :
		    "accepts it and smtpd_recipient_restrictions does not reject it");
	} else if (rcpt == V_PERMIT) {
		f->from = r.by;
		f->where = r.by != NULL && !r.by_expanded ?
		    locate_item(m, r.by, r.by_index) : where_of(m, r.by);
		f->why = arena_printf(&m->arena, "'%s' in "
		    "smtpd_recipient_restrictions accepts it (smtpd_relay_"
		    "restrictions does not reject it)", rcpt_by_entry);
	} else {
		f->from = rs;
		f->where = where_of(m, rs);
		f->why = arena_printf(&m->arena, "smtpd_relay_restrictions = "
		    "'%s' and smtpd_recipient_restrictions = '%s' let it "
		    "through: no entry rejects it",
		    pf_expand_param(x, "smtpd_relay_restrictions"),
		    pf_expand_param(x, "smtpd_recipient_restrictions"));
	}
	(void)cs;
}

/* public_mynetworks - the networks in mynetworks that are not private */
static void
mynetworks_fact(struct model *m, const struct service *svc,
    struct pf_expander *x, struct fact *f, bool *any_client)
{
	const struct setting *s = deciding(m, svc, "mynetworks");
	const char *value = pf_expand_param(x, "mynetworks");
	char *list = NULL;
	size_t pos = 0, st, en, index = 0;
	char item[128];

	*any_client = false;
	f->applicable = true;
	f->known = true;
	f->from = s;
	if (s == NULL || s->source == SOURCE_DEFAULT) {
		/* Postfix computes mynetworks from mynetworks_style. */
		const struct setting *style = deciding(m, svc, "mynetworks_style");
		const char *sv = pf_expand_param(x, "mynetworks_style");

		f->from = style;
		f->text = arena_printf(&m->arena, "style:%s", sv ? sv : "");
		f->where = style != NULL && style->source == SOURCE_FILE ?
		    style->value_span : where_of(m, style);
		f->why = arena_printf(&m->arena, "mynetworks is not set, so "
		    "Postfix trusts the %s networks of this host "
		    "(mynetworks_style = %s%s)", sv ? sv : "?", sv ? sv : "?",
		    style == NULL || style->source == SOURCE_DEFAULT ?
		    ", the default" : "");
		f->flag = sv != NULL && strcmp(sv, "host") != 0;
		return;
	}
	f->where = s->value_span;
	while (value != NULL && value[pos] != '\0') {
		struct ip_net n;

		pos = pf_list_next(value, pos, &st, &en);
		if (en == st)
			break;
		index++;
		if (en - st >= sizeof(item))
			continue;
		memcpy(item, value + st, en - st);
		item[en - st] = '\0';
		if (ip_net_parse(item, &n) < 0 || ip_net_is_private(&n))
			continue;
		if (n.prefix <= 1)
			*any_client = true;
		list = list == NULL ? arena_strdup(&m->arena, item) :
		    arena_printf(&m->arena, "%s %s", list, item);
		if (f->flag == false && strcmp(value, s->raw) == 0)
			f->where = locate_item(m, s, index - 1);
		f->flag = true;
	}
	f->text = list != NULL ? list : "";
	f->why = list != NULL ? arena_printf(&m->arena, "mynetworks includes "
	    "public networks: %s", list) : "mynetworks holds only private "
	    "networks";
}

static void
build_server(struct model *m, struct ctx *base, const char *name,
    const struct service *listen_svc, const struct service *settings_svc)
{
	struct smtp_server *srv = arena_alloc(&m->arena, sizeof(*srv));
	struct ctx c = *base;
	struct pf_expander x;
	const char *v;
	bool any_client;

	c.svc = settings_svc;
	pf_expander_init(&x, &m->arena, raw_lookup, &c);
	srv->name = name;
	srv->service = listen_svc;

	set_fact_from(m, &srv->vrfy, settings_svc, &x, "disable_vrfy_command");
	srv->vrfy.flag = !is_yes(srv->vrfy.text);
	if (!is_boolean(srv->vrfy.text)) {
		/* smtpd dies with "bad boolean configuration" */
		srv->vrfy.known = false;
		srv->vrfy.why = arena_printf(&m->arena, "%s, which is not yes "
		    "or no: smtpd refuses to start", srv->vrfy.why);
	}
	srv->expn.applicable = false;
	srv->expn.why = "Postfix has no EXPN command";
	srv->verb.applicable = false;
	srv->verb.why = "Postfix has no VERB command";

	set_fact_from(m, &srv->greeting, settings_svc, &x, "smtpd_banner");

	set_fact_from(m, &srv->size_limit, settings_svc, &x,
	    "message_size_limit");
	{
		const char *t = srv->size_limit.text, *rest;
		char *end;
		unsigned long long n;

		if (*t == '\0' || !isdigit((unsigned char)*t)) {
			srv->size_limit.known = false;
		} else {
			n = strtoull(t, &end, 10);
			/* "N  # text": the text is MH901's; the number is what
			 * stays once that is fixed */
			rest = end + strspn(end, " \t");
			srv->size_limit.known = *end == '\0' ||
			    (rest != end && *rest == '#');
			srv->size_limit.num = n > (unsigned long long)9e18 ?
			    (long long)9e18 : (long long)n;
		}
	}

	mynetworks_fact(m, settings_svc, &x, &srv->relay_networks, &any_client);
	relay_verdict(m, settings_svc, &x, any_client, &srv->relay);
	if (any_client && srv->relay.flag &&
	    strstr(srv->relay.why, "'permit_mynetworks'") != NULL) {
		/* The cause is mynetworks itself: point there. */
		srv->relay.why = arena_printf(&m->arena, "%s, and %s",
		    srv->relay.why, srv->relay_networks.why);
		srv->relay.where = srv->relay_networks.where;
		srv->relay.from = srv->relay_networks.from;
	}
	if (srv->relay_networks.flag) {
		/* Would a client in those networks be let through? */
		struct fact inside = { 0 };

		relay_verdict(m, settings_svc, &x, true, &inside);
		if (!inside.flag)
			srv->relay_networks.flag = false;
		else if (!any_client)
			srv->relay_networks.why = arena_printf(&m->arena,
			    "%s; %s", srv->relay_networks.why, inside.why);
	}

	set_fact_from(m, &srv->auth_offered, settings_svc, &x,
	    "smtpd_sasl_auth_enable");
	srv->auth_offered.flag = is_yes(srv->auth_offered.text);
	set_fact_from(m, &srv->auth_needs_tls, settings_svc, &x,
	    "smtpd_tls_auth_only");
	srv->auth_needs_tls.flag = is_yes(srv->auth_needs_tls.text);
	set_fact_from(m, &srv->tls_offered, settings_svc, &x,
	    "smtpd_tls_security_level");
	v = srv->tls_offered.text;
	srv->tls_offered.flag = strcmp(v, "may") == 0 ||
	    strcmp(v, "encrypt") == 0 || strcmp(v, "dane") == 0 ||
	    (*v == '\0' && is_yes(pf_expand_param(&x, "smtpd_use_tls")));

	pf_expander_release(&x);
	MODEL_APPEND(m, m->servers, m->nservers, srv);
}

/* add_listeners - where an inet service accepts connections */
static void
add_listeners(struct model *m, const struct service *svc, const char *server,
    struct pf_expander *x)
{
	const char *colon = strrchr(svc->name, ':');
	const char *port = colon != NULL ? colon + 1 : svc->name;

	if (colon != NULL && colon != svc->name) {
		struct listener *l = arena_alloc(&m->arena, sizeof(*l));
		char *host = arena_strndup(&m->arena, svc->name,
		    (size_t)(colon - svc->name));
		size_t hl = strlen(host);

		if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
			host[hl - 1] = '\0';
			host++;
		}
		l->server = server;
		l->address = host;
		l->port = port;
		l->loopback = is_loopback_address(host);
		l->where = svc->name_span;
		l->service_where = svc->name_span;
		MODEL_APPEND(m, m->listeners, m->nlisteners, l);
		return;
	}
	{
		const struct setting *s = model_lookup(m, "inet_interfaces");
		const char *value = pf_expand_param(x, "inet_interfaces");
		size_t pos = 0, st, en, index = 0;

		while (value != NULL && value[pos] != '\0') {
			struct listener *l;

			pos = pf_list_next(value, pos, &st, &en);
			if (en == st)
				break;
			l = arena_alloc(&m->arena, sizeof(*l));
			l->server = server;
			l->address = arena_strndup(&m->arena, value + st, en - st);
			l->port = port;
			l->service_where = svc->name_span;
			l->loopback = strcasecmp(l->address, "all") != 0 &&
			    is_loopback_address(l->address);
			l->from = s;
			l->where = s != NULL && s->source == SOURCE_FILE &&
			    strcmp(value, s->raw) == 0 ?
			    locate_item(m, s, index) : where_of(m, s);
			index++;
			MODEL_APPEND(m, m->listeners, m->nlisteners, l);
		}
	}
}

/* is_file_map_type - a Postfix table read from a file (parsers/maptype) */
static bool
is_file_map_type(const char *t, size_t n)
{
	return maptype_is_file(maptype_lookup_n(t, n, MTA_POSTFIX));
}

/*
 * name_span - "type:name" in the bytes of the value that names it, from
 * *cursor on (maps come in the order they are written); the whole value
 * when it is not there as written (it came from a $parameter)
 */
static struct span
name_span(struct span v, size_t *cursor, const char *type, const char *name)
{
	size_t tl = strlen(type), nl = strlen(name), i;

	if (v.src == NULL || v.start == SPAN_WHOLE_FILE || v.end > v.src->len)
		return v;
	for (i = *cursor; i + tl + 1 + nl <= v.end; i++) {
		const char *p = v.src->bytes + i;

		if (strncmp(p, type, tl) == 0 && p[tl] == ':' &&
		    strncmp(p + tl + 1, name, nl) == 0 &&
		    (i == v.start || p[-1] == ':' || p[-1] == ',' ||
		    isspace((unsigned char)p[-1]))) {
			*cursor = i + tl + 1 + nl;
			return span_make(v.src, i, *cursor);
		}
	}
	return v;
}

/* the maps the model knows, by "type:name": 1 + their index */
struct map_index {
	struct strmap by_name;
	struct arena *arena;
};

static const char *
map_key(struct map_index *ix, const struct mapref *mr)
{
	return arena_printf(ix->arena, "%s:%s", mr->type, mr->name);
}

static void
scan_maps(struct model *m, struct map_index *ix, const struct setting *s)
{
	const char *v = s->value != NULL ? s->value : s->raw;
	size_t pos = 0, st, en, prev_st = 0, prev_en = 0, cursor, misses = 0;
	struct span where = s->source == SOURCE_FILE ? s->value_span :
	    where_of(m, s);

	cursor = where.start;
	for (; v[pos] != '\0'; prev_st = st, prev_en = en) {
		const char *colon, *item, *key;
		struct mapref *mr;
		size_t k;
		char *fs;

		pos = pf_list_next(v, pos, &st, &en);
		if (en == st)
			break;
		item = v + st;
		/* proxy:hash:/x names hash:/x */
		while ((colon = memchr(item, ':', (size_t)(v + en - item))) != NULL &&
		    !is_file_map_type(item, (size_t)(colon - item)) &&
		    (colon - item == 5 && strncmp(item, "proxy", 5) == 0))
			item = colon + 1;
		colon = memchr(item, ':', (size_t)(v + en - item));
		if (colon == NULL || !is_file_map_type(item, (size_t)(colon - item)) ||
		    colon[1] == '{' || colon + 1 == v + en)
			continue;
		mr = arena_alloc(&m->arena, sizeof(*mr));
		mr->type = arena_strndup(&m->arena, item, (size_t)(colon - item));
		mr->name = arena_strndup(&m->arena, colon + 1,
		    (size_t)(v + en - colon - 1));
		mr->from = s;
		mr->where = where;
		mr->entry = arena_strndup(&m->arena, v + prev_st,
		    prev_en - prev_st);
		/* past a few names not written as such, the value itself */
		mr->name_where = misses < 16 ? name_span(where, &cursor,
		    mr->type, mr->name) : where;
		misses += mr->name_where.start == where.start &&
		    mr->name_where.end == where.end;
		fs = rootpath_resolve(m->root, mr->name, &mr->not_followed);
		if (fs != NULL)
			mr->fs_path = arena_strdup(&m->arena, fs);
		free(fs);
		key = map_key(ix, mr);
		k = (size_t)(uintptr_t)strmap_get(&ix->by_name, key, strlen(key));
		if (k == 0) {
			MODEL_APPEND(m, m->maps, m->nmaps, mr);
			strmap_put(&ix->by_name, key, strlen(key),
			    (void *)(uintptr_t)m->nmaps);
		} else if (s->source == SOURCE_FILE &&
		    m->maps[k - 1]->from->source != SOURCE_FILE) {
			m->maps[k - 1] = mr;	/* name what the user wrote */
		}
	}
}

void
pf_facts_build(struct model *m)
{
	struct strmap last = STRMAP_INIT, derived = STRMAP_INIT;
	struct strmap computed = STRMAP_INIT;
	struct ctx c = { m, &last, &computed, &derived, NULL };
	struct pf_expander x;
	size_t i, k;
	bool have_master = m->master_src != NULL;
	const struct service *pass = NULL;

	for (i = 0; i < m->nsettings; i++)
		strmap_put(&last, m->settings[i]->name,
		    strlen(m->settings[i]->name), m->settings[i]);
	add_derived_defaults(m, &derived);
	computed_defaults(m, &c);
	pf_expander_init(&x, &m->arena, raw_lookup, &c);
	build_effective(m, &c, &x);

	/* -o values, expanded as each service sees them. */
	for (i = 0; i < m->nservices; i++) {
		struct service *svc = m->services[i];
		struct ctx sc = c;
		struct pf_expander sx;

		sc.svc = svc;
		pf_expander_init(&sx, &m->arena, raw_lookup, &sc);
		for (k = 0; k < svc->noverrides; k++) {
			sx.error = NULL;
			svc->overrides[k]->value = pf_expand_text(&sx,
			    svc->overrides[k]->raw);
			if (sx.error != NULL)
				model_add_note(m, "bad-expansion",
				    svc->overrides[k]->value_span, "%s: %s",
				    svc->overrides[k]->name, sx.error);
		}
		pf_expander_release(&sx);
	}

	/* SMTP servers and listeners. */
	if (!have_master) {
		/* Postfix's stock master.cf: "smtp inet n - y - - smtpd". */
		struct service *svc = arena_alloc(&m->arena, sizeof(*svc));

		svc->name = "smtp";
		svc->type = "inet";
		svc->command = "smtpd";
		build_server(m, &c, "smtp/inet", NULL, NULL);
		add_listeners(m, svc, "smtp/inet", &x);
	}
	/* postscreen hands over to the last effective smtpd "pass" entry */
	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];

		if (strcmp(svc->type, "pass") == 0 &&
		    strcmp(svc->command, "smtpd") == 0 &&
		    is_effective_service(m, svc))
			pass = svc;
	}
	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];
		const char *name;

		if (strcmp(svc->type, "inet") != 0 || !is_effective_service(m, svc))
			continue;
		name = arena_printf(&m->arena, "%s/%s", svc->name, svc->type);
		if (strcmp(svc->command, "postscreen") == 0) {
			build_server(m, &c, name, svc, pass);
		} else if (strcmp(svc->command, "smtpd") == 0) {
			build_server(m, &c, name, svc, svc);
		}
		add_listeners(m, svc, name, &x);
	}

	{
		struct map_index ix = { STRMAP_INIT, &m->arena };

		for (i = 0; i < m->nmaps; i++) {
			const char *key = map_key(&ix, m->maps[i]);

			if (strmap_get(&ix.by_name, key, strlen(key)) == NULL)
				strmap_put(&ix.by_name, key, strlen(key),
				    (void *)(uintptr_t)(i + 1));
		}
		for (i = 0; i < m->neffective; i++)
			scan_maps(m, &ix, m->effective[i]);
		for (i = 0; i < m->nservices; i++)
			for (k = 0; k < m->services[i]->noverrides; k++)
				scan_maps(m, &ix, m->services[i]->overrides[k]);
		strmap_release(&ix.by_name);
	}

	model_link_listeners(m);

	pf_expander_release(&x);
	strmap_release(&last);
	strmap_release(&derived);
	strmap_release(&computed);
}
