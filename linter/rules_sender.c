/*
 * rules_sender - the senders family: envelope senders the server accepts
 * (unqualified, unresolvable, in loose syntax) and the null sender <>
 * that bounces and DSNs need and that must never be refused
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "parsers/pf_list.h"
#include "linter/rule_checks.h"
#include "parsers/pf_restrict.h"
#include "lib/xalloc.h"

/* ---- helpers ---- */

/* The restriction lists smtpd evaluates for a mail transaction, in order. */
static const char *const restriction_lists[] = {
	"smtpd_client_restrictions", "smtpd_helo_restrictions",
	"smtpd_sender_restrictions", "smtpd_relay_restrictions",
	"smtpd_recipient_restrictions", "smtpd_data_restrictions",
};
#define NLISTS	(sizeof(restriction_lists) / sizeof(restriction_lists[0]))

/* sought - restriction names a walk looks for */
struct sought {
	const char *const *words;
	size_t	 nwords;
	bool	 found;
};

/* sought_entry - one of the names, before a plain "permit" ends the list */
static enum pf_restrict_next
sought_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct sought *s = arg;
	size_t k;

	if (e->kind == PF_RESTRICT_PERMIT)
		return PF_RESTRICT_STOP;
	if (e->builtin == NULL || e->bare_table)
		return PF_RESTRICT_NEXT;
	for (k = 0; k < s->nwords; k++)
		if (strcmp(e->builtin->name, s->words[k]) == 0) {
			s->found = true;
			return PF_RESTRICT_STOP;
		}
	return PF_RESTRICT_NEXT;
}

/*
 * reachable - some restriction list of a service holds one of the words
 * before a plain "permit" ends that list (smtpd_delay_reject lets sender
 * checks sit in any of them)
 */
static bool
reachable(const struct model *m, const struct service *svc,
    const char *const *words, size_t nwords)
{
	struct pf_restrict_walker w = { m, svc, NULL, NULL };
	struct sought s = { words, nwords, false };
	size_t i;

	for (i = 0; i < NLISTS && !s.found; i++)
		pf_restrict_walk(&w, restriction_lists[i], sought_entry, &s);
	return s.found;
}

/*
 * postfix_missing - one finding per smtpd_sender_restrictions setting
 * whose services have none of the words in any restriction list
 */
static void
postfix_missing(struct rule_ctx *ctx, const char *const *words,
    size_t nwords, const char *what)
{
	const struct model *m = ctx->model;
	struct rule_servers_by_setting g = RULE_SERVERS_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct service *svc = m->servers[i]->service;

		if (!reachable(m, svc, words, nwords))
			rule_servers_by_setting_add(&g, model_service_lookup(m,
			    svc, "smtpd_sender_restrictions"),
			    m->servers[i]->name);
	}
	for (i = 0; i < g.n; i++) {
		char d[512];

		rule_describe_setting(g.from[i], "smtpd_sender_restrictions", d, sizeof(d));
		rule_report_setting(ctx, rule_where(m, g.from[i]), g.from[i],
		    "smtpd_sender_restrictions", "%s accept%s %s: "
		    "no restriction list of %s has %s before a plain permit "
		    "(%s)", g.names[i].s, strchr(g.names[i].s, ',') ? "" : "s",
		    what, strchr(g.names[i].s, ',') ? "these services" :
		    "the service", words[0], d);
	}
	rule_servers_by_setting_release(&g);
}

/* in_ruleset - a rule of one of the named rulesets */
static bool
in_ruleset(const struct sm_rule *r, const char *const *names, size_t n)
{
	return r->ruleset->name != NULL &&
	    rule_in_list(names, n, r->ruleset->name);
}

/*
 * struct cf_scan - what the check_mail rulesets of a sendmail.cf do with
 * senders: whether they exist, reject senders without a domain, look the
 * sender's domain up in DNS, and accept <> first (the stock R<> $@ <OK>)
 */
struct cf_scan {
	bool	 has_check_mail;
	bool	 rejects_unqualified;
	bool	 resolves_domain;
	bool	 accepts_null;
	struct span check_mail;	/* the S line of check_mail */
	struct span unqualified_feature;	/* the feature's $Id comment */
	struct span unresolvable_feature;
};

/* rule_has - the left- or right-hand side of a rule holds text */
static bool
rule_has(const struct sm_rule *r, const char *text)
{
	return strstr(r->lhs, text) != NULL || strstr(r->rhs, text) != NULL;
}

static void
cf_scan(const struct model *cf, struct cf_scan *sc)
{
	static const char *const check_mail[] = {
		"check_mail", "Basic_check_mail",
	};
	size_t i;

	memset(sc, 0, sizeof(*sc));
	for (i = 0; i < cf->nstamps; i++) {
		const struct sm_stamp *st = cf->stamps[i];

		if (strcmp(st->file, "accept_unqualified_senders.m4") == 0)
			sc->unqualified_feature = st->first_line;
		if (strcmp(st->file, "accept_unresolvable_domains.m4") == 0)
			sc->unresolvable_feature = st->first_line;
	}
	for (i = 0; i < cf->nrulesets; i++) {
		const struct sm_ruleset *rs = cf->rulesets[i];

		if (rs->name != NULL && rule_in_list(check_mail, 2, rs->name)) {
			sc->has_check_mail = true;
			sc->check_mail = rs->first_line;
			break;
		}
	}
	for (i = 0; i < cf->nrules; i++) {
		const struct sm_rule *r = cf->rules[i];

		if (rule_has(r, "Domain name required for sender address"))
			sc->rejects_unqualified = true;
		if (rule_has(r, "$(resolve "))
			sc->resolves_domain = true;
		if (in_ruleset(r, check_mail + 1, 1) &&
		    strcmp(r->lhs, "<>") == 0 && strstr(r->rhs, "$@") != NULL)
			sc->accepts_null = true;
	}
}

/*
 * sendmail_feature - a sendmail FEATURE that loosens check_mail: from the
 * .mc when there is one, else from what the .cf's rulesets do
 */
static void
sendmail_feature(struct rule_ctx *ctx, const char *feature, bool unqualified,
    const char *what)
{
	const struct model *m = ctx->model;
	const struct model *cf;
	struct cf_scan sc;
	char name[128];

	if (model_is_mc(m)) {
		const struct setting *f;

		snprintf(name, sizeof(name), "FEATURE(%s)", feature);
		if ((f = model_lookup(m, name)) != NULL)
			rule_report(ctx,
			    f->name_span.src != NULL ? f->name_span :
			    rule_where(m, f), name, "FEATURE(`%s') %s", feature,
			    what);
		return;
	}
	if ((cf = rule_sm_cf_model(m)) == NULL)
		return;
	cf_scan(cf, &sc);
	/* A .cf without check_mail is a fragment, not a configuration. */
	if (!sc.has_check_mail || (unqualified ? sc.rejects_unqualified :
	    sc.resolves_domain))
		return;
	snprintf(name, sizeof(name), "FEATURE(%s)", feature);
	rule_report(ctx, (unqualified ? sc.unqualified_feature :
	    sc.unresolvable_feature).src != NULL ? (unqualified ?
	    sc.unqualified_feature : sc.unresolvable_feature) : sc.check_mail,
	    name, "the check_mail ruleset of %s has no %s, as "
	    "FEATURE(`%s') leaves it: it %s", cf->main_src->path, unqualified ?
	    "'553 Domain name required for sender address' rule" :
	    "$(resolve ...) lookup of the sender's domain", feature, what);
}

/* ---- MH301 unqualified-sender-accepted ---- */

void
check_unqualified(struct rule_ctx *ctx)
{
	static const char *const words[] = { "reject_non_fqdn_sender" };
	const struct model *m = ctx->model;
	size_t i;

	if (m->mta == MTA_POSTFIX) {
		postfix_missing(ctx, words, 1, "MAIL FROM:<user> without a "
		    "domain (Postfix appends $myorigin)");
		return;
	}
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];
		char mods[32], dname[64], key[128];

		if (strcmp(s->name, "DaemonPortOptions") != 0)
			continue;
		rule_daemon_option(setting_value(s), 'M', mods,
		    sizeof(mods));
		if (strchr(mods, 'u') == NULL)
			continue;
		rule_daemon_option(setting_value(s), 'N', dname,
		    sizeof(dname));
		snprintf(key, sizeof(key), "DaemonPortOptions:%s:u",
		    *dname ? dname : "daemon");
		rule_report(ctx, rule_where(m, s), key, "the daemon %s has the "
		    "modifier u (DaemonPortOptions %s): it accepts MAIL FROM "
		    "without a domain from any client", *dname ? dname :
		    "(unnamed)", setting_value(s));
	}
	sendmail_feature(ctx, "accept_unqualified_senders", true, "accepts "
	    "MAIL FROM without a domain from any client");
}

/* ---- MH302 unresolvable-sender-accepted ---- */

void
check_unresolvable(struct rule_ctx *ctx)
{
	/* smtpd_check.c: reject_unknown_address tests the sender as
	   reject_unknown_sender_domain does (and the recipient too) */
	static const char *const words[] = {
		"reject_unknown_sender_domain", "reject_unknown_address",
		"reject_unverified_sender",
	};

	if (ctx->model->mta == MTA_POSTFIX)
		postfix_missing(ctx, words, 3, "senders whose domain does not "
		    "exist in DNS");
	else
		sendmail_feature(ctx, "accept_unresolvable_domains", false,
		    "accepts senders whose domain does not exist in DNS");
}

/* ---- MH303 rfc821-envelopes-not-strict ---- */

void
check_strict_rfc821(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_servers_by_setting g = RULE_SERVERS_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct setting *s = model_service_lookup(m,
		    m->servers[i]->service, "strict_rfc821_envelopes");

		if (strcasecmp(setting_value(s), "yes") != 0)
			rule_servers_by_setting_add(&g, s, m->servers[i]->name);
	}
	for (i = 0; i < g.n; i++) {
		char d[512];

		rule_describe_setting(g.from[i], "strict_rfc821_envelopes", d, sizeof(d));
		rule_report_setting(ctx, rule_where(m, g.from[i]), g.from[i],
		    "strict_rfc821_envelopes", "%s: %s accept%s "
		    "MAIL FROM and RCPT TO addresses without <> and with RFC "
		    "822 comments", d, g.names[i].s, strchr(g.names[i].s, ',') ?
		    "" : "s");
	}
	rule_servers_by_setting_release(&g);
}

/* ---- MH304 null-sender-rejected, MH305 null-sender-access-entry ---- */

/* rejecting - an access action that refuses or drops the mail */
static bool
rejecting(const char *v, bool sendmail)
{
	while (*v == ' ' || *v == '\t')
		v++;
	if ((v[0] == '4' || v[0] == '5') && isdigit((unsigned char)v[1]) &&
	    isdigit((unsigned char)v[2]))
		return true;
	if (strncasecmp(v, "REJECT", 6) == 0 || strncasecmp(v, "DISCARD",
	    7) == 0)
		return true;
	if (sendmail)
		return strncasecmp(v, "ERROR:", 6) == 0;
	return strncasecmp(v, "DEFER", 5) == 0 &&
	    strncasecmp(v, "DEFER_IF_REJECT", 15) != 0;
}

/* struct null_hit - a table that answers the null sender's key with a refusal */
struct null_hit {
	char	 key[512];
	struct span where;
	char	 action[128];
	char	 list[64];
	char	 table[96];
	char	 nkey[64];
	char	 servers[256];
};

struct null_hits {
	struct null_hit v[32];
	size_t	 n;
};

static void
null_hit_add(struct null_hits *h, const char *key, struct span where,
    const char *action, size_t alen, const char *list, const char *table,
    size_t tlen, const char *nkey, const char *server)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].key, key) == 0)
			break;
	if (i == h->n) {
		if (h->n == 32)
			return;
		snprintf(h->v[i].key, sizeof(h->v[i].key), "%s", key);
		h->v[i].where = where;
		snprintf(h->v[i].action, sizeof(h->v[i].action), "%.*s",
		    (int)(alen > 120 ? 120 : alen), action);
		snprintf(h->v[i].list, sizeof(h->v[i].list), "%s", list);
		snprintf(h->v[i].nkey, sizeof(h->v[i].nkey), "%s", nkey);
		snprintf(h->v[i].table, sizeof(h->v[i].table), "%.*s%s",
		    (int)(tlen > 80 ? 80 : tlen), table,
		    tlen > 80 ? "..." : "");
		h->v[i].servers[0] = '\0';
		h->n++;
	}
	snprintf(h->v[i].servers + strlen(h->v[i].servers),
	    sizeof(h->v[i].servers) - strlen(h->v[i].servers), "%s%s",
	    h->v[i].servers[0] ? ", " : "", server);
}

/*
 * texthash_lookup - the value of key in a Postfix table source (postmap
 * syntax: '#' lines are comments, a line that starts with a blank
 * continues the entry before; keys compare without case)
 */
static bool
texthash_lookup(const struct src *src, const char *key, struct span *where,
    const char **value, size_t *vlen)
{
	size_t p = 0, n = src->len, kl = strlen(key);
	const char *b = src->bytes;

	while (p < n) {
		size_t s = p, e, k, v;

		while (p < n && b[p] != '\n')
			p++;
		e = p;
		if (p < n)
			p++;
		if (e == s || b[s] == ' ' || b[s] == '\t' || b[s] == '#')
			continue;
		for (k = s; k < e && b[k] != ' ' && b[k] != '\t'; k++)
			;
		if (k - s != kl || strncasecmp(b + s, key, kl) != 0)
			continue;
		for (v = k; v < e && (b[v] == ' ' || b[v] == '\t'); v++)
			;
		while (e > v && (b[e - 1] == ' ' || b[e - 1] == '\t' ||
		    b[e - 1] == '\r'))
			e--;
		*where = span_make(src, s, e);
		*value = b + v;
		*vlen = e - v;
		return true;
	}
	return false;
}

/*
 * null_in_table - does a check_sender_access table refuse the null
 * sender's lookup key? Decided for inline:, static: and texthash: tables
 * (whose source mta-harden reads); other types are not read
 */
static void
null_in_table(const struct model *m, const char *spec, size_t len,
    const char *key, const struct setting *list, const char *server,
    struct null_hits *h)
{
	const char *value = NULL;
	size_t vlen = 0, i;
	struct span where = rule_where(m, list);
	char hkey[512];

	snprintf(hkey, sizeof(hkey), "check_sender_access:%.*s:%s",
	    (int)(len > 400 ? 400 : len), spec, key);
	if (len > 7 && strncasecmp(spec, "inline:", 7) == 0) {
		if (!pf_list_inline_lookup(spec, len, key, &value, &vlen))
			return;
	} else if (len > 7 && strncasecmp(spec, "static:", 7) == 0) {
		value = spec + 7;
		vlen = len - 7;
		if (vlen >= 2 && value[0] == '{' && value[vlen - 1] == '}') {
			value++;
			vlen -= 2;
		}
	} else if (len > 9 && strncasecmp(spec, "texthash:", 9) == 0) {
		const struct src *src = NULL;

		for (i = 0; i < m->nmaps && src == NULL; i++) {
			const struct mapref *mr = m->maps[i];

			if (strcmp(mr->type, "texthash") == 0 &&
			    strlen(mr->name) == len - 9 &&
			    strncmp(mr->name, spec + 9, len - 9) == 0 &&
			    mr->fs_path != NULL)
				src = rule_find_src(m, mr->fs_path);
		}
		if (src == NULL || !texthash_lookup(src, key, &where, &value,
		    &vlen))
			return;
	} else {
		return;
	}
	{
		char *v = xstrndup(value, vlen);
		bool bad = rejecting(v, false);

		free(v);
		if (bad)
			null_hit_add(h, hkey, where, value, vlen, list->name,
			    spec, len, key, server);
	}
}

/* null_walk - the check_sender_access tables of one server's lists */
struct null_walk {
	const struct model *m;
	const char *key;	/* the null sender's lookup key */
	const char *server;
	struct null_hits *h;
};

/* null_entry - a check_sender_access table before a plain "permit" */
static enum pf_restrict_next
null_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct null_walk *nw = arg;

	if (e->kind == PF_RESTRICT_PERMIT)
		return PF_RESTRICT_STOP;
	if (e->builtin == NULL || e->arg_text == NULL || e->setting == NULL ||
	    strcmp(e->builtin->name, "check_sender_access") != 0)
		return PF_RESTRICT_NEXT;
	null_in_table(nw->m, e->arg_text, e->arg_len, nw->key, e->setting,
	    nw->server, nw->h);
	return PF_RESTRICT_NEXT;
}

static void
postfix_null_sender(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const char *key = setting_value(model_lookup(m,
	    "smtpd_null_access_lookup_key"));
	struct null_hits *h = xcalloc(1, sizeof(*h));
	size_t i, k;

	if (*key == '\0') {
		free(h);
		return;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct service *svc = m->servers[i]->service;
		const char *nk = setting_value(model_service_lookup(m, svc,
		    "smtpd_null_access_lookup_key"));

		struct null_walk nw = { m, *nk ? nk : key,
		    m->servers[i]->name, h };
		struct pf_restrict_walker w = { m, svc, NULL, NULL };

		for (k = 0; k < NLISTS; k++)
			pf_restrict_walk(&w, restriction_lists[k], null_entry,
			    &nw);
	}
	for (i = 0; i < h->n; i++)
		rule_report(ctx, h->v[i].where, h->v[i].key, "check_sender_"
		    "access %s (in %s) answers '%s' for the null sender's key "
		    "'%s', so %s refuse%s the bounces and delivery "
		    "notifications that RFC 5321 says must be accepted",
		    h->v[i].table, h->v[i].list, h->v[i].action, h->v[i].nkey,
		    h->v[i].servers, strchr(h->v[i].servers, ',') ? "" : "s");
	free(h);
}

/* is_null_lhs - a left-hand side that is exactly <> (blanks aside) */
static bool
is_null_lhs(const char *lhs)
{
	while (*lhs == ' ')
		lhs++;
	if (strncmp(lhs, "<>", 2) != 0)
		return false;
	for (lhs += 2; *lhs != '\0'; lhs++)
		if (!isspace((unsigned char)*lhs))
			return false;
	return true;
}

/*
 * sendmail_null_sender - a check_mail ruleset (LOCAL_RULESETS) that
 * refuses <> with $#error or $#discard
 */
static void
sendmail_null_sender(struct rule_ctx *ctx)
{
	static const char *const check_mail[] = {
		"Local_check_mail", "check_mail", "Basic_check_mail",
	};
	const struct model *cf = rule_sm_cf_model(ctx->model);
	unsigned n = 0;
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nrules; i++) {
		const struct sm_rule *r = cf->rules[i];
		const char *rhs = r->rhs, *what;
		char key[64];

		if (!in_ruleset(r, check_mail, 3) || !is_null_lhs(r->lhs))
			continue;
		while (isspace((unsigned char)*rhs))
			rhs++;
		if (strncmp(rhs, "$#error", 7) == 0)
			what = "$#error";
		else if (strncmp(rhs, "$#discard", 9) == 0)
			what = "$#discard";
		else
			continue;
		snprintf(key, sizeof(key), "check_mail:<>#%u", ++n);
		rule_report(ctx, r->first_line, key, "a check_mail "
		    "rule of %s refuses the null sender <> (%s), so bounces and "
		    "delivery notifications, which RFC 5321 says must be "
		    "accepted, are refused", cf->main_src->path, what);
	}
}

void
check_null_rejected(struct rule_ctx *ctx)
{
	if (ctx->model->mta == MTA_POSTFIX)
		postfix_null_sender(ctx);
	else
		sendmail_null_sender(ctx);
}

void
check_null_access_entry(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct model *cf = rule_sm_cf_model(m);
	struct cf_scan sc;
	size_t i;

	memset(&sc, 0, sizeof(sc));
	if (cf != NULL)
		cf_scan(cf, &sc);
	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		char key[128];

		if (strcmp(e->map, "access") != 0 || (strcmp(e->key,
		    "from:<>") != 0 && strcmp(e->key, "<>") != 0) ||
		    !rejecting(e->value, true))
			continue;
		snprintf(key, sizeof(key), "access:%s", e->key);
		rule_report(ctx, e->key_span, key, "the access entry '%.*s %s' "
		    "is meant to refuse the null sender <> that bounces and "
		    "delivery notifications use; %s", e->key_span.src != NULL ?
		    (int)(e->key_span.end - e->key_span.start) : (int)strlen(
		    e->key), e->key_span.src != NULL ? e->key_span.src->bytes +
		    e->key_span.start : e->key, e->value,
		    sc.accepts_null ? "the check_mail ruleset accepts <> "
		    "before it looks in access (R<> $@ <OK>), so the entry "
		    "does nothing but mislead" : "sendmail's stock check_mail "
		    "accepts <> before it looks in access, so it takes effect "
		    "only where that ruleset was changed");
	}
}

/* ---- the table ---- */
