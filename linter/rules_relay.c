/*
 * rules_relay - the relay family beyond open relay (MH201): sender-
 * specified routing, broad relay networks and domains, relay granted on
 * forgeable data, and submission services that relay without AUTH
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"
#include "parsers/pf_list.h"
#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_restrict.h"
#include "parsers/sm_facts.h"

/* ---- Postfix lists and services ---- */

/*
 * item_span - where the index-th list item of a setting is written; the
 * setting's value (or insertion point) when the value came from an
 * expansion and the item has no place of its own
 */
static struct span
item_span(const struct model *m, const struct setting *s, size_t index)
{
	size_t st, en;

	if (s == NULL || s->source != SOURCE_FILE ||
	    s->value_span.src == NULL ||
	    strcmp(setting_value(s), s->raw) != 0 ||
	    !pf_list_item_at(s->value_span.src->bytes, s->value_span.start,
	    s->value_span.end, index, &st, &en))
		return rule_where(m, s);
	return span_make(s->value_span.src, st, en);
}

/* port_listed - is a port (name or number) among the profile's ports? */
static bool
port_listed(const char *port, const char *const *ports, size_t nports)
{
	size_t i;

	for (i = 0; i < nports; i++)
		if (strcmp(rule_port_number_any_case(ports[i]),
		    rule_port_number_any_case(port)) == 0)
			return true;
	return false;
}

/* ---- walking the restriction lists of one smtpd service ---- */

enum kind {
	K_NEUTRAL,	/* never permits relaying by itself */
	K_CLOSE,	/* rejects mail to a foreign domain */
	K_PERMIT,	/* permit: everything */
	K_NETWORKS,	/* permit_mynetworks, permit_inet_interfaces */
	K_AUTH,		/* permit_sasl_authenticated */
	K_FORGED,	/* an OK in a table keyed by what the client claims */
	K_MXBACKUP,	/* permit_mx_backup */
	K_CERT_ALL,	/* permit_tls_all_clientcerts */
	K_LISTED,	/* a permit decided by a table or list of the site */
};

/* classify - what a restriction can do for relaying */
static enum kind
classify(const struct pf_restrict_entry *e)
{
	static const char *const listed[] = {
		"check_client_access", "check_ccert_access",
		"check_sasl_access", "permit_tls_clientcerts",
		"check_recipient_access",
		"check_policy_service", "check_etrn_access",
	};
	const char *name = e->builtin != NULL ? e->builtin->name : "";
	size_t i;

	if (e->builtin != NULL &&
	    (e->builtin->flags & PF_RESTRICT_CLOSES_RELAY) != 0)
		return K_CLOSE;
	if (e->kind == PF_RESTRICT_PERMIT)
		return K_PERMIT;
	if (strcmp(name, "permit_mynetworks") == 0 ||
	    strcmp(name, "permit_inet_interfaces") == 0)
		return K_NETWORKS;
	if (strcmp(name, "permit_sasl_authenticated") == 0)
		return K_AUTH;
	/* The _a_, _mx_, _ns_ and reverse-hostname variants refuse OK. */
	if (strcmp(name, "check_sender_access") == 0 ||
	    strcmp(name, "check_helo_access") == 0)
		return K_FORGED;
	if (strcmp(name, "permit_mx_backup") == 0)
		return K_MXBACKUP;
	if (strcmp(name, "permit_tls_all_clientcerts") == 0)
		return K_CERT_ALL;
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (strcmp(name, listed[i]) == 0)
			return K_LISTED;
	return K_NEUTRAL;
}

/* The client a walk evaluates. */
enum client {
	C_STRANGER,	/* outside mynetworks, no AUTH, forges freely */
	C_UNAUTH_INSIDE,	/* not authenticated, but in every site list */
};

enum outcome {
	O_PASS,		/* the list ends without a decision */
	O_BLOCK,	/* a closing entry rejects */
	O_PERMIT,	/* an entry permits */
};

struct hit {
	const struct setting *setting;	/* the list (or class) holding it */
	size_t	 index;
	const char *list;	/* the top-level list walked */
	char	 item[64];
	const char *check;	/* the restriction it is (or stands for) */
	enum kind kind;
};

struct walk {
	const struct model *m;
	const struct service *svc;
	enum client client;
	const char *list;
	bool	 mx_backup_open;	/* permit_mx_backup_networks is empty */
	bool	 public_ca;	/* client certificates from public CAs */
	struct hit *hits;	/* owned: walk_release */
	size_t	 nhits, caphits;
	enum outcome outcome;	/* of the list being walked */
};

/* add_hit - remember an entry that lets the walk's client through */
static void
add_hit(struct walk *w, const struct pf_restrict_entry *e, enum kind k)
{
	struct hit *h;
	size_t n;

	w->hits = xgrow(w->hits, w->nhits, &w->caphits, sizeof(*w->hits));
	h = &w->hits[w->nhits++];
	h->setting = e->setting;
	h->index = e->index;
	h->list = w->list;
	h->kind = k;
	h->check = e->builtin != NULL ? e->builtin->name : "";
	n = strlen(e->word);
	if (n >= sizeof(h->item))
		n = sizeof(h->item) - 1;
	memcpy(h->item, e->word, n);
	h->item[n] = '\0';
}

/* walk_reset - a new walk that keeps the hits' memory */
static void
walk_reset(struct walk *w)
{
	struct hit *hits = w->hits;
	size_t cap = w->caphits;

	memset(w, 0, sizeof(*w));
	w->hits = hits;
	w->caphits = cap;
}

/* may_permit - can this entry let the evaluated client through? */
static bool
may_permit(const struct walk *w, enum kind k)
{
	if (w->client == C_STRANGER)
		return k == K_FORGED ||
		    (k == K_MXBACKUP && w->mx_backup_open) ||
		    (k == K_CERT_ALL && w->public_ca);
	return k == K_PERMIT || k == K_NETWORKS || k == K_FORGED ||
	    k == K_MXBACKUP || k == K_CERT_ALL || k == K_LISTED;
}

/*
 * walk_entry - one entry of a list (or of a class it names) for the
 * walk's client and a foreign recipient. A stranger's walk goes on past
 * the entries it can satisfy (they are recorded: each is a way past the
 * list); an inside walk stops at the first such entry.
 */
static enum pf_restrict_next
walk_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct walk *w = arg;
	enum kind k = classify(e);

	if (k == K_CLOSE) {
		/* under warn_if_reject it only logs */
		if (e->warn_only)
			return PF_RESTRICT_NEXT;
		w->outcome = O_BLOCK;
		return PF_RESTRICT_STOP;
	}
	if (k == K_PERMIT && w->client == C_STRANGER) {
		w->outcome = O_PERMIT;	/* open: MH201's */
		return PF_RESTRICT_STOP;
	}
	if (!may_permit(w, k))
		return PF_RESTRICT_NEXT;
	add_hit(w, e, k);
	if (w->client != C_UNAUTH_INSIDE)
		return PF_RESTRICT_NEXT;
	w->outcome = O_PERMIT;
	return PF_RESTRICT_STOP;
}

/* walk_list - evaluate one restriction list (and the classes it names) */
static enum outcome
walk_list(struct walk *w, const char *name)
{
	struct pf_restrict_walker rw = { w->m, w->svc, NULL, NULL };

	w->outcome = O_PASS;
	pf_restrict_walk(&rw, name, walk_entry, w);
	return w->outcome;
}

/* The lists smtpd evaluates for RCPT TO, in order (smtpd_delay_reject). */
static const char *const rcpt_lists[] = {
	"smtpd_client_restrictions", "smtpd_helo_restrictions",
	"smtpd_sender_restrictions", "smtpd_relay_restrictions",
	"smtpd_recipient_restrictions",
};
#define NLISTS (sizeof(rcpt_lists) / sizeof(rcpt_lists[0]))

/* list_has - does a list (or a class it names) hold an entry? */
static bool
list_has(const struct model *m, const struct service *svc, const char *name,
    const char *entry)
{
	struct pf_restrict_walker w = { m, svc, NULL, NULL };

	return pf_restrict_has(&w, name, entry);
}

/* public_ca_trust - would a certificate from a public CA verify? */
static bool
public_ca_trust(const struct model *m, const struct service *svc)
{
	static const char *const bundles[] = {
		"ca-certificates.crt", "ca-bundle.crt", "tls-ca-bundle.pem",
		"cert.pem", "ca-bundle.trust.crt",
	};
	const char *file = setting_value(model_service_lookup(m, svc,
	    "smtpd_tls_CAfile"));
	const char *path = setting_value(model_service_lookup(m, svc,
	    "smtpd_tls_CApath"));
	const char *append = setting_value(model_service_lookup(m, svc,
	    "tls_append_default_CA"));
	const char *base = strrchr(file, '/');
	size_t i;

	if (*path != '\0' || strcasecmp(append, "yes") == 0)
		return true;
	base = base != NULL ? base + 1 : file;
	for (i = 0; i < sizeof(bundles) / sizeof(bundles[0]); i++)
		if (strcmp(base, bundles[i]) == 0)
			return true;
	return false;
}

/* ---- grouping findings that several servers share ---- */

/* group_key - a list entry: the setting holding it and its place there */
struct group_key {
	const struct setting *setting;
	size_t	 index;
};

struct group {
	struct group_key key;	/* first: the index's key bytes */
	const struct setting *setting;
	size_t	 index;
	const struct service *svc;	/* the first server's service */
	struct hit hit;		/* a copy: the walk that found it is gone */
	struct strbuf servers;	/* "smtp/inet, submission/inet" */
};

struct groups {
	struct group **g;	/* owned, each allocated once: keys stay put */
	size_t	 n, cap;
	struct strmap index;	/* group_key bytes -> group */
};

#define GROUPS_INIT	{ NULL, 0, 0, STRMAP_INIT }

/*
 * group_add - one finding per list entry, naming every server it affects;
 * NULL when the entry is known already
 */
static struct group *
group_add(struct groups *gs, const struct setting *s, size_t index,
    const char *server)
{
	struct group_key key;
	struct group *g;

	memset(&key, 0, sizeof(key));
	key.setting = s;
	key.index = index;
	g = strmap_get(&gs->index, (const char *)&key, sizeof(key));
	if (g != NULL) {
		strbuf_add_item(&g->servers, ", ", server);
		return NULL;
	}
	g = xcalloc(1, sizeof(*g));
	g->key = key;
	g->setting = s;
	g->index = index;
	strbuf_adds(&g->servers, server);
	gs->g = xgrow(gs->g, gs->n, &gs->cap, sizeof(*gs->g));
	gs->g[gs->n++] = g;
	strmap_put(&gs->index, (const char *)&g->key, sizeof(g->key), g);
	return g;
}

/* group_servers - the servers a group names */
static const char *
group_servers(const struct group *g)
{
	return strbuf_str(&g->servers);
}

static void
groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		strbuf_release(&gs->g[i]->servers);
		free(gs->g[i]);
	}
	free(gs->g);
	strmap_release(&gs->index);
	memset(gs, 0, sizeof(*gs));
}

/* where_said - "smtpd_relay_restrictions (-o in submission/inet)" */
static const char *
where_said(const struct setting *s, const char *name, char *buf, size_t len)
{
	if (s == NULL)
		snprintf(buf, len, "%s", name);
	else if (s->scope != NULL)
		snprintf(buf, len, "%s (-o in %s)", s->name, s->scope);
	else if (s->source == SOURCE_DEFAULT)
		snprintf(buf, len, "%s (default)", s->name);
	else
		snprintf(buf, len, "%s", s->name);
	return buf;
}

/* ---- MH202 untrusted-routing ---- */

/*
 * check_untrusted_routing - MH202: allow_untrusted_routing = yes on an
 * smtpd service
 */
void
check_untrusted_routing(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct groups gs = GROUPS_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct service *svc = rule_settings_service(m,
		    m->servers[i]);
		const struct setting *s = model_service_lookup(m, svc,
		    "allow_untrusted_routing");

		if (s == NULL || strcasecmp(setting_value(s), "yes") != 0)
			continue;
		group_add(&gs, s, 0, m->servers[i]->name);
	}
	for (i = 0; i < gs.n; i++) {
		const struct setting *s = gs.g[i]->setting;
		const char *rd = rule_value(m, "relay_domains");

		rule_report_setting(ctx, rule_where(m, s), s,
		    "allow_untrusted_routing",
		    "allow_untrusted_routing = yes%s on %s: a stranger may "
		    "send user%%elsewhere@domain or user@elsewhere@domain to a "
		    "relay domain (relay_domains = %s), and the host that "
		    "receives it routes the mail on to elsewhere",
		    s->scope != NULL ? " (-o)" : "",
		    group_servers(gs.g[i]), *rd != '\0' ? rd : "empty");
	}
	groups_release(&gs);
}

/* ---- MH203 relay-networks-broad ---- */

/* too_broad - a private network wider than the profile allows */
static bool
too_broad(const struct ip_net *n, long long min4, long long min6)
{
	if (!ip_net_is_private(n) || ip_net_is_loopback(n))
		return false;
	return n->prefix < (n->family == 4 ? min4 : min6);
}

/* is_relay_value - an access right-hand side of RELAY */
static bool
is_relay_value(const char *v)
{
	return strncasecmp(v, "RELAY", 5) == 0 &&
	    (v[5] == '\0' || isspace((unsigned char)v[5]));
}

/*
 * networks_postfix - MH203 for Postfix: mynetworks entries of every service
 * that trusts them
 */
static void
networks_postfix(struct rule_ctx *ctx, long long min4, long long min6)
{
	const struct model *m = ctx->model;
	struct groups gs = GROUPS_INIT;
	size_t i;

	/* The servers that trust each mynetworks setting to relay. */
	for (i = 0; i < m->nservers; i++) {
		const struct service *svc = rule_settings_service(m,
		    m->servers[i]);
		const struct setting *s = model_service_lookup(m, svc,
		    "mynetworks");

		/* Unset, Postfix computes it from mynetworks_style (MH201). */
		if (s == NULL || s->source != SOURCE_FILE)
			continue;
		if (!list_has(m, svc, "smtpd_relay_restrictions",
		    "permit_mynetworks") && !list_has(m, svc,
		    "smtpd_recipient_restrictions", "permit_mynetworks"))
			continue;
		group_add(&gs, s, 0, m->servers[i]->name);
	}
	for (i = 0; i < gs.n; i++) {
		const struct setting *s = gs.g[i]->setting;
		const char *value = setting_value(s);
		size_t pos = 0, st, en, index = 0;
		char item[128];

		while (value[pos] != '\0') {
			struct ip_net n;
			char key[256];

			pos = pf_list_next(value, pos, &st, &en);
			if (en == st)
				break;
			index++;
			if (en - st >= sizeof(item))
				continue;
			memcpy(item, value + st, en - st);
			item[en - st] = '\0';
			if (ip_net_parse(item, &n) < 0 || !too_broad(&n, min4,
			    min6))
				continue;
			snprintf(key, sizeof(key), "%s:%s",
			    rule_setting_key(s, "mynetworks"), item);
			rule_report(ctx, item_span(m, s, index - 1), key,
			    "mynetworks%s trusts %s to relay through %s: every "
			    "host of a /%d network may send mail anywhere, "
			    "wider than this profile's /%lld",
			    s->scope != NULL ? " (-o)" : "", item,
			    group_servers(gs.g[i]), n.prefix,
			    n.family == 4 ? min4 : min6);
		}
	}
	groups_release(&gs);
}

/* relay_domain_words - each word of a C{R} line or RELAY_DOMAIN() call */
typedef void (*word_fn)(struct rule_ctx *, const char *word,
    struct span where, void *arg);

/* cf_class_words - the words of every "CR" / "C{R}" line of a .cf */
static void
cf_class_words(struct rule_ctx *ctx, const struct model *m, word_fn fn,
    void *arg)
{
	size_t i, k;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		/* An F line names a file: its words are the file's entries. */
		if (strcmp(s->name, "$=R") != 0 || s->source != SOURCE_FILE)
			continue;
		for (k = 0; k < s->nwords; k++)
			if (strlen(s->words[k]) < 256)
				fn(ctx, s->words[k], s->word_spans[k], arg);
	}
}

/*
 * mc_relay_domain_words - RELAY_DOMAIN(`a b') calls of a .mc: the .mc
 * reader does not model class R, so the calls are read from its text
 * (a call on a line that starts with dnl is a comment)
 */
static void
mc_relay_domain_words(struct rule_ctx *ctx, const struct src *src, word_fn fn,
    void *arg)
{
	static const char call[] = "RELAY_DOMAIN(";
	const char *b = src->bytes, *p = b;

	while ((p = strstr(p, call)) != NULL) {
		const char *ls = p, *at = p, *q, *end;

		while (ls > b && ls[-1] != '\n')
			ls--;
		while (ls < at && (*ls == ' ' || *ls == '\t'))
			ls++;
		p += sizeof(call) - 1;
		/* a comment line, or part of a longer name */
		if (strncmp(ls, "dnl", 3) == 0 || (at > ls &&
		    (isalnum((unsigned char)at[-1]) || at[-1] == '_')))
			continue;
		end = strchr(p, ')');
		if (end == NULL)
			break;
		for (q = p; q < end;) {
			const char *st;
			char word[256];

			while (q < end && (isspace((unsigned char)*q) ||
			    *q == '`' || *q == '\''))
				q++;
			st = q;
			while (q < end && !isspace((unsigned char)*q) &&
			    *q != '`' && *q != '\'')
				q++;
			if (q == st || (size_t)(q - st) >= sizeof(word))
				continue;
			memcpy(word, st, (size_t)(q - st));
			word[q - st] = '\0';
			fn(ctx, word, span_make(src, (size_t)(st - b),
			    (size_t)(q - b)), arg);
		}
		p = end;
	}
}

/* for_each_class_r - every word of class R the config itself lists */
static void
for_each_class_r(struct rule_ctx *ctx, word_fn fn, void *arg)
{
	const struct model *m = ctx->model;

	if (m->main_src == NULL)
		return;
	if (model_is_mc(m))
		mc_relay_domain_words(ctx, m->main_src, fn, arg);
	else
		cf_class_words(ctx, m, fn, arg);
}

struct net_args {
	long long min4, min6;
};

/* network_word - MH203: one numeric class R word */
static void
network_word(struct rule_ctx *ctx, const char *word, struct span where,
    void *arg)
{
	const struct net_args *a = arg;
	struct ip_net n;
	char key[300];

	if (!sm_access_network(word, &n) || !too_broad(&n, a->min4, a->min6))
		return;
	snprintf(key, sizeof(key), "class R:%s", word);
	rule_report(ctx, where, key, "class R lists '%s': every host of that "
	    "/%d network may relay, wider than this profile's /%lld", word,
	    n.prefix, n.family == 4 ? a->min4 : a->min6);
}

/*
 * networks_sendmail - MH203 for sendmail: access RELAY networks and class R
 * networks
 */
static void
networks_sendmail(struct rule_ctx *ctx, long long min4, long long min6)
{
	const struct model *m = ctx->model;
	struct net_args a = { min4, min6 };
	size_t i;

	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		struct ip_net n;
		char key[300];
		bool access = strcmp(e->map, "access") == 0;

		if (!access && strcmp(e->map, "relay-domains") != 0)
			continue;
		if (access && (!is_relay_value(e->value) ||
		    (strchr(e->key, ':') != NULL &&
		    strncmp(e->key, "connect:", 8) != 0 &&
		    strncmp(e->key, "ipv6:", 5) != 0)))
			continue;
		if (!sm_access_network(e->key, &n) || !too_broad(&n, min4, min6))
			continue;
		snprintf(key, sizeof(key), "%s:%s", e->map, e->key);
		rule_report(ctx, e->key_span, key, access ? "access entry "
		    "'%s %s' lets every host of a /%d private network relay, "
		    "wider than this profile's /%lld" : "relay-domains lists "
		    "'%s'%s: every host of that /%d private network may relay, "
		    "wider than this profile's /%lld", e->key, access ?
		    e->value : "", n.prefix, n.family == 4 ? min4 : min6);
	}
	for_each_class_r(ctx, network_word, &a);
}

/*
 * check_networks_broad - MH203: private networks wider than the profile
 * allows relay
 */
void
check_networks_broad(struct rule_ctx *ctx)
{
	long long min4 = params_number(&ctx->params, "ipv4_min_prefix", 16);
	long long min6 = params_number(&ctx->params, "ipv6_min_prefix", 48);

	if (ctx->model->mta == MTA_POSTFIX)
		networks_postfix(ctx, min4, min6);
	else
		networks_sendmail(ctx, min4, min6);
}

/* ---- MH204 relay-domains-broad ---- */

/* within - is domain d equal to, or below, domain a? */
static bool
within(const char *d, const char *a)
{
	size_t ld, la;

	while (*d == '.')
		d++;
	while (*a == '.')
		a++;
	ld = strlen(d);
	la = strlen(a);
	if (ld == la)
		return strcasecmp(d, a) == 0;
	return ld > la && d[ld - la - 1] == '.' &&
	    strcasecmp(d + ld - la, a) == 0;
}

struct domains {
	const char **allowed;	/* owned */
	size_t	 nallowed;
	long long max;
	long long count;
	bool	 skip_tld;	/* a whole TLD here is MH201's to report */
	bool	 count_reported;
};

/* judge_domain - one relay domain against the profile */
static void
judge_domain(struct rule_ctx *ctx, struct domains *d, const char *domain,
    struct span where, const char *source, const char *keyprefix)
{
	char key[300];
	size_t i;
	bool ok = d->nallowed == 0;

	if (sm_is_tld(domain)) {
		if (d->skip_tld)
			return;
		snprintf(key, sizeof(key), "%s:%s", keyprefix, domain);
		rule_report(ctx, where, key, "%s lists '%s', a whole top-level "
		    "domain: anyone may relay to every domain under it",
		    source, domain);
		return;
	}
	d->count++;
	for (i = 0; i < d->nallowed && !ok; i++)
		ok = within(domain, d->allowed[i]);
	if (!ok) {
		snprintf(key, sizeof(key), "%s:%s", keyprefix, domain);
		rule_report(ctx, where, key, "%s lists '%s', which is not "
		    "among the relay domains this profile allows", source,
		    domain);
	}
	if (d->max >= 0 && d->count > d->max && !d->count_reported) {
		d->count_reported = true;
		snprintf(key, sizeof(key), "relay-domains#count");
		rule_report(ctx, where, key, "%s lists '%s', relay domain "
		    "number %lld: this profile allows at most %lld", source,
		    domain, d->count, d->max);
	}
}

/* domains_postfix - MH204 for Postfix: the entries of relay_domains */
static void
domains_postfix(struct rule_ctx *ctx, struct domains *d)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "relay_domains");
	const char *value = setting_value(s);
	size_t pos = 0, st, en, index = 0;
	char item[256];

	/* The default is empty, or $mydestination: local domains. */
	if (s == NULL || s->source != SOURCE_FILE)
		return;
	while (value[pos] != '\0') {
		pos = pf_list_next(value, pos, &st, &en);
		if (en == st)
			break;
		index++;
		if (en - st >= sizeof(item))
			continue;
		memcpy(item, value + st, en - st);
		item[en - st] = '\0';
		/* tables, files and exclusions cannot be judged here */
		if (item[0] == '!' || item[0] == '/' ||
		    strchr(item, ':') != NULL)
			continue;
		judge_domain(ctx, d, item, item_span(m, s, index - 1),
		    "relay_domains", "relay_domains");
	}
}

struct domain_word_args {
	struct domains *d;
};

/* domain_word - MH204: one class R word that names a domain */
static void
domain_word(struct rule_ctx *ctx, const char *word, struct span where,
    void *arg)
{
	struct domain_word_args *a = arg;
	struct ip_net n;

	if (sm_access_network(word, &n) || word[0] == '[')
		return;
	judge_domain(ctx, a->d, word, where, "class R", "class R");
}

/*
 * domains_sendmail - MH204 for sendmail: relay-domains, access RELAY
 * domains and class R
 */
static void
domains_sendmail(struct rule_ctx *ctx, struct domains *d)
{
	const struct model *m = ctx->model;
	struct domain_word_args a = { d };
	size_t i;

	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		const char *key = e->key, *source = "relay-domains";
		const char *prefix = "relay-domains";
		struct ip_net n;
		char buf[300];

		if (strcmp(e->map, "access") == 0) {
			if (!is_relay_value(e->value))
				continue;
			/* open-relay (MH201) reports To: and untagged TLDs */
			prefix = "access";
			d->skip_tld = true;
			if (strncmp(key, "to:", 3) == 0) {
				key += 3;
				prefix = "access:to";
			} else if (strchr(key, ':') != NULL) {
				/* Connect: trusts a client (MH201, MH203
				   judge those); it adds no destination */
				continue;
			}
			snprintf(buf, sizeof(buf), "access entry '%s %s'",
			    e->key, e->value);
			source = buf;
		} else if (strcmp(e->map, "relay-domains") == 0) {
			d->skip_tld = true;	/* MH201 reports it */
		} else {
			continue;
		}
		if (strchr(key, '@') != NULL || key[0] == '[' ||
		    sm_access_network(key, &n) || *key == '\0')
			continue;
		judge_domain(ctx, d, key, e->key_span, source, prefix);
	}
	d->skip_tld = false;
	for_each_class_r(ctx, domain_word, &a);
}

/* check_domains_broad - MH204: relay domains against the profile */
void
check_domains_broad(struct rule_ctx *ctx)
{
	struct domains d;

	memset(&d, 0, sizeof(d));
	d.allowed = params_list(&ctx->params, "allowed_relay_domains",
	    &d.nallowed);
	d.max = params_number(&ctx->params, "max_relay_domains", -1);
	if (ctx->model->mta == MTA_POSTFIX)
		domains_postfix(ctx, &d);
	else
		domains_sendmail(ctx, &d);
	free(d.allowed);
}

/* ---- MH205 relay-permit-forgeable ---- */

/* hit_reason - why an entry lets a stranger relay */
static const char *
hit_reason(const struct hit *h)
{
	switch (h->kind) {
	case K_FORGED:
		return strcmp(h->check, "check_helo_access") == 0 ?
		    "an OK (or other permit) for the HELO name lets any client "
		    "that sends that name relay" :
		    "an OK (or other permit) for a sender lets any client that "
		    "writes that MAIL FROM relay";
	case K_MXBACKUP:
		return "mail is relayed to any domain whose owner points an MX "
		    "record here, and permit_mx_backup_networks is empty";
	case K_CERT_ALL:
		return "any client certificate from a CA this server trusts "
		    "(here the public CAs) is enough to relay";
	default:
		return "it permits";
	}
}

/*
 * check_permit_forgeable - MH205: relaying granted on data a stranger
 * supplies
 */
void
check_permit_forgeable(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct groups gs = GROUPS_INIT;
	struct walk w;
	size_t i, l, k;

	memset(&w, 0, sizeof(w));
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		enum outcome o[NLISTS];
		size_t first[NLISTS + 1];
		bool blocked = false, bypass = false;

		walk_reset(&w);
		w.m = m;
		w.svc = rule_settings_service(m, srv);
		w.client = C_STRANGER;
		w.mx_backup_open = *setting_value(model_service_lookup(m,
		    w.svc, "permit_mx_backup_networks")) == '\0';
		w.public_ca = public_ca_trust(m, w.svc);
		for (l = 0; l < NLISTS; l++) {
			first[l] = w.nhits;
			w.list = rcpt_lists[l];
			o[l] = walk_list(&w, rcpt_lists[l]);
			if (o[l] == O_BLOCK && w.nhits == first[l])
				blocked = true;
			if (o[l] == O_BLOCK && w.nhits > first[l])
				bypass = true;
		}
		first[NLISTS] = w.nhits;
		if (blocked || !bypass)
			continue;
		/* Each list that closes is passed with a forged value. */
		for (l = 0; l < NLISTS; l++) {
			if (o[l] != O_BLOCK)
				continue;
			for (k = first[l]; k < first[l + 1]; k++) {
				struct group *g = group_add(&gs,
				    w.hits[k].setting, w.hits[k].index,
				    srv->name);

				if (g != NULL)
					g->hit = w.hits[k];
			}
		}
	}
	for (i = 0; i < gs.n; i++) {
		const struct group *g = gs.g[i];
		const struct hit *h = &g->hit;
		char key[300], said[128];

		snprintf(key, sizeof(key), "%s#%zu:%s",
		    rule_setting_key(g->setting, g->setting != NULL ?
		    g->setting->name : h->list), g->index, h->item);
		rule_report(ctx, item_span(m, g->setting, g->index), key,
		    "'%s' in %s comes before the entry that refuses relaying "
		    "on %s: %s", h->item, where_said(g->setting, h->list, said,
		    sizeof(said)), group_servers(g), hit_reason(h));
	}
	free(w.hits);
	groups_release(&gs);
}

/* ---- MH206 submission-relay-without-auth ---- */

/* service_port - the port of a master.cf service name ("127.0.0.1:587") */
static const char *
service_port(const struct service *svc)
{
	const char *colon;

	if (svc == NULL)
		return "smtp";
	colon = strrchr(svc->name, ':');
	return colon != NULL ? colon + 1 : svc->name;
}

/*
 * auth_postfix - MH206 for Postfix: submission services that relay without
 * AUTH
 */
static void
auth_postfix(struct rule_ctx *ctx, const char *const *ports, size_t nports)
{
	const struct model *m = ctx->model;
	struct groups gs = GROUPS_INIT;
	struct walk w;
	size_t i, l;

	memset(&w, 0, sizeof(w));
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		const struct hit *h = NULL;
		bool blocked = false;
		struct group *g;

		if (srv->service == NULL ||
		    !port_listed(service_port(srv->service), ports, nports))
			continue;
		walk_reset(&w);
		w.m = m;
		w.svc = rule_settings_service(m, srv);
		w.client = C_UNAUTH_INSIDE;
		for (l = 0; l < NLISTS && !blocked; l++) {
			w.list = rcpt_lists[l];
			blocked = walk_list(&w, rcpt_lists[l]) == O_BLOCK;
		}
		if (blocked || w.nhits == 0)
			continue;
		/* The relay list is the one to fix; else the first one. */
		for (l = 0; l < w.nhits; l++)
			if (strcmp(w.hits[l].list,
			    "smtpd_relay_restrictions") == 0)
				h = &w.hits[l];
		if (h == NULL)
			h = &w.hits[0];
		g = group_add(&gs, h->setting, h->index, srv->name);
		if (g != NULL) {
			g->hit = *h;
			g->svc = srv->service;
		}
	}
	for (i = 0; i < gs.n; i++) {
		const struct group *g = gs.g[i];
		const struct hit *h = &g->hit;
		char key[300], said[128];

		struct span where = item_span(m, g->setting, g->index);

		/* A default list: the fix is an -o on the service entry. */
		if ((g->setting == NULL || g->setting->source != SOURCE_FILE) &&
		    g->svc != NULL && g->svc->name_span.src != NULL)
			where = g->svc->name_span;
		snprintf(key, sizeof(key), "%s#%zu:%s",
		    rule_setting_key(g->setting, g->setting != NULL ?
		    g->setting->name : h->list), g->index, h->item);
		rule_report(ctx, where, key,
		    "%s relays for clients that have not authenticated: "
		    "'%s' in %s permits before any entry rejects them; a "
		    "submission service wants smtpd_relay_restrictions = "
		    "permit_sasl_authenticated, reject", group_servers(g),
		    h->item,
		    where_said(g->setting, h->list, said, sizeof(said)));
	}
	free(w.hits);
	groups_release(&gs);
}

/* auth_sendmail - MH206 for sendmail: submission daemons without M=a */
static void
auth_sendmail(struct rule_ctx *ctx, const char *const *ports, size_t nports)
{
	const struct model *m = ctx->model;
	size_t i, n = 0;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];
		char port[64], mods[64], name[64], key[200];

		if (strcmp(s->name, "DaemonPortOptions") != 0)
			continue;
		n++;
		if (!rule_daemon_option(s->raw, 'P', port, sizeof(port)))
			snprintf(port, sizeof(port), "smtp");
		rule_daemon_option(s->raw, 'M', mods, sizeof(mods));
		if (!rule_daemon_option(s->raw, 'N', name, sizeof(name)))
			snprintf(name, sizeof(name), "Daemon%zu", n);
		if (!port_listed(port, ports, nports) ||
		    strchr(mods, 'a') != NULL)
			continue;
		snprintf(key, sizeof(key), "DaemonPortOptions:%s:%s", name,
		    port);
		rule_report(ctx, rule_where(m, s), key, "the daemon %s on port "
		    "%s (DaemonPortOptions=%s%s) accepts mail without AUTH: "
		    "its modifiers '%s' lack 'a', so relaying there is decided "
		    "by the access map and class R, not by authentication",
		    name, port, s->raw, s->source == SOURCE_DEFAULT ?
		    ", sendmail.mc's default MSA" : "", mods);
	}
}

/* check_submission_relay - MH206: submission services relay only after AUTH */
void
check_submission_relay(struct rule_ctx *ctx)
{
	static const char *const stock[] = { "submission", "submissions" };
	size_t nports;
	const char **ports = params_list(&ctx->params, "ports", &nports);
	const char *const *use = nports > 0 ? ports : stock;

	if (nports == 0)
		nports = sizeof(stock) / sizeof(stock[0]);
	if (ctx->model->mta == MTA_POSTFIX)
		auth_postfix(ctx, use, nports);
	else
		auth_sendmail(ctx, use, nports);
	free(ports);
}

/* ---- the table ---- */
