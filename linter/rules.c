/*
 * rules - the core family: the skeleton's rules (VRFY, EXPN, VERB, banner,
 * open relay, size, listening), map syntax and staleness, and syntax
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/pf_defaults.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_list.h"
#include "lib/xalloc.h"

/* ---- MH101 vrfy-enabled, MH102 expn-enabled, MH103 verb-enabled ---- */

/* command_answers - one finding per setting that leaves a command open */
static void
command_answers(struct rule_ctx *ctx, size_t offset, const char *command,
    const char *what)
{
	const struct model *m = ctx->model;
	struct rule_seen seen = RULE_SEEN_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = (const struct fact *)
		    ((const char *)m->servers[i] + offset);
		char *servers;

		/* a server that listens on loopback only answers local
		   clients, who can read the user list anyway */
		if (!f->applicable || !f->known || !f->flag ||
		    !rule_server_is_public(m, m->servers[i]) ||
		    rule_seen_before(&seen, f->from))
			continue;
		servers = rule_servers_sharing(m, offset, f->from);
		rule_report_setting(ctx, f->where, f->from,
		    m->mta == MTA_POSTFIX ? "disable_vrfy_command" :
		    "PrivacyOptions", "%s answers on %s, so %s: %s", command,
		    servers, what, f->why);
		free(servers);
	}
	rule_seen_release(&seen);
}

void
check_vrfy(struct rule_ctx *ctx)
{
	command_answers(ctx, offsetof(struct smtp_server, vrfy), "VRFY",
	    "anyone can test which users exist");
}

void
check_expn(struct rule_ctx *ctx)
{
	command_answers(ctx, offsetof(struct smtp_server, expn), "EXPN",
	    "anyone can list the members of aliases and mailing lists");
}

void
check_verb(struct rule_ctx *ctx)
{
	command_answers(ctx, offsetof(struct smtp_server, verb), "VERB",
	    "a client can watch the delivery dialogue of its messages");
}

/* ---- MH104 banner-reveals-software ---- */

/* find_word_ci - case-insensitive search for a whole word */
static const char *
find_word_ci(const char *hay, const char *word)
{
	size_t wl = strlen(word);
	const char *p;

	for (p = hay; *p; p++) {
		if (strncasecmp(p, word, wl) != 0)
			continue;
		if ((p == hay || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[wl]))
			return p;
	}
	return NULL;
}

/* version_like - a run such as 3.7.11 or 8.17 */
static bool
version_like(const char *s, char *out, size_t outlen)
{
	const char *p;

	for (p = s; *p; p++) {
		const char *q = p;

		if (!isdigit((unsigned char)*p) ||
		    (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.') &&
		    !(tolower((unsigned char)p[-1]) == 'v' && (p - 1 == s ||
		    !isalnum((unsigned char)p[-2])))))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != '.' || !isdigit((unsigned char)q[1]))
			continue;
		q++;
		while (isdigit((unsigned char)*q) || (*q == '.' &&
		    isdigit((unsigned char)q[1])))
			q++;
		snprintf(out, outlen, "%.*s", (int)(q - p), p);
		return true;
	}
	return false;
}

void
check_banner(struct rule_ctx *ctx)
{
	static const char *const software[] = {
		"Postfix", "Sendmail", "Exim", "qmail", "Debian", "Ubuntu",
		"GNU", "Linux", "Red Hat", "RedHat", "CentOS", "Fedora",
		"SUSE", "FreeBSD", "OpenBSD", "NetBSD", "Alpine",
	};
	const struct model *m = ctx->model;
	size_t nallowed;
	const char **allowed = params_list(&ctx->params, "allowed_words",
	    &nallowed);
	struct rule_seen seen = RULE_SEEN_INIT;
	size_t i, k;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = &m->servers[i]->greeting;
		const struct setting *host = model_lookup(m, "myhostname");
		const char *text = f->text, *rest = text;
		char found[256] = "", version[64];
		char *servers;

		/* loopback only: no stranger sees the greeting */
		if (!f->applicable || text == NULL ||
		    !rule_server_is_public(m, m->servers[i]) ||
		    rule_seen_before(&seen, f->from))
			continue;
		/*
		 * The greeting starts with the host name (RFC 5321), which may
		 * hold digits and dots: look past it ($myhostname, sendmail's
		 * $j, or any first word with a dot in it).
		 */
		if (host != NULL && host->value != NULL && *host->value &&
		    strncmp(text, host->value, strlen(host->value)) == 0)
			rest = text + strlen(host->value);
		else {
			size_t w = strcspn(text, " \t");

			if (memchr(text, '.', w) != NULL ||
			    strncmp(text, "$j", 2) == 0)
				rest = text + w;
		}
		for (k = 0; k < sizeof(software) / sizeof(software[0]); k++) {
			if (find_word_ci(rest, software[k]) == NULL ||
			    rule_in_list_any_case(allowed, nallowed,
			    software[k]))
				continue;
			snprintf(found + strlen(found), sizeof(found) -
			    strlen(found), "%s'%s'", *found ? ", " : "",
			    software[k]);
		}
		if (version_like(rest, version, sizeof(version)) &&
		    !rule_in_list_any_case(allowed, nallowed, version))
			snprintf(found + strlen(found), sizeof(found) -
			    strlen(found), "%sthe version '%s'", *found ?
			    ", " : "", version);
		if (*found == '\0')
			continue;
		servers = rule_servers_sharing(m,
		    offsetof(struct smtp_server, greeting), f->from);
		rule_report_setting(ctx, f->where, f->from, "smtpd_banner",
		    "the greeting '220 %s' of %s names %s: %s", text, servers,
		    found, f->why);
		free(servers);
	}
	free(allowed);
	rule_seen_release(&seen);
}

/* ---- MH201 open-relay ---- */

static bool
networks_allowed(const char *list, const char **allowed, size_t nallowed,
    char *bad, size_t badlen)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	bool ok = true;

	bad[0] = '\0';
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		struct ip_net n, a;
		size_t i;
		bool covered = false;

		if (ip_net_parse(tok, &n) < 0)
			continue;
		for (i = 0; i < nallowed && !covered; i++)
			covered = ip_net_parse(allowed[i], &a) == 0 &&
			    ip_net_contains(&a, &n);
		if (!covered) {
			ok = false;
			snprintf(bad + strlen(bad), badlen - strlen(bad),
			    "%s%s", *bad ? " " : "", tok);
		}
	}
	free(copy);
	return ok;
}

/* networks_allowed_access - is the network of an access RELAY grant allowed? */
static bool
networks_allowed_access(const struct fact *g, const char **allowed,
    size_t nallowed, char *bad, size_t badlen)
{
	const char *key = g->where.src != NULL ?
	    g->where.src->bytes + g->where.start : "";
	size_t len = g->where.end - g->where.start, i;
	char buf[64];
	struct ip_net n, a;
	int parts = 1;

	if (g->where.src == NULL || len >= 40)
		return false;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, key);
	key = strncasecmp(buf, "Connect:", 8) == 0 ? buf + 8 : buf;
	for (i = 0; key[i]; i++)
		parts += key[i] == '.';
	snprintf(bad, badlen, "%s%s/%d", key, parts == 1 ? ".0.0.0" :
	    parts == 2 ? ".0.0" : parts == 3 ? ".0" : "", parts * 8);
	if (ip_net_parse(bad, &n) < 0)
		return false;
	for (i = 0; i < nallowed; i++)
		if (ip_net_parse(allowed[i], &a) == 0 && ip_net_contains(&a,
		    &n))
			return true;
	return false;
}

void
check_open_relay(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t nallowed, nstyles;
	const char **allowed = params_list(&ctx->params, "allowed_networks",
	    &nallowed);
	const char **styles = params_list(&ctx->params,
	    "forbidden_mynetworks_styles", &nstyles);
	struct rule_seen seen = RULE_SEEN_INIT, seen_nets = RULE_SEEN_INIT;
	size_t i, k;

	/* sendmail: relaying is granted by features and map entries. */
	for (i = 0; i < m->nrelay_grants; i++) {
		const struct fact *g = m->relay_grants[i];
		char key[128];

		/* what is granted, never where: the entry or feature itself */
		snprintf(key, sizeof(key), "%s:%.*s", g->text,
		    g->where.src != NULL && g->where.start != SPAN_WHOLE_FILE ?
		    (int)(g->where.end - g->where.start) : 0,
		    g->where.src != NULL && g->where.start != SPAN_WHOLE_FILE ?
		    g->where.src->bytes + g->where.start : "");
		if (strcmp(g->text, "network") == 0) {
			char bad[512];
			const char *net = strchr(g->why, '\'');

			(void)net;
			if (networks_allowed_access(g, allowed, nallowed, bad,
			    sizeof(bad)))
				continue;
		}
		rule_report(ctx, g->where, key, "%s: %s",
		    strcmp(g->text, "open") == 0 ? "open relay" :
		    "relaying wider than intended", g->why);
	}
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		const struct fact *f = &srv->relay,
		    *nets = &srv->relay_networks;
		char bad[512];

		if (f->applicable && f->known && f->flag) {
			if (rule_seen_before(&seen, f->why))
				continue;
			rule_report_setting(ctx, f->where, f->from, srv->name,
			    "open relay on %s: an outside client "
			    "that has not authenticated can send mail to any "
			    "domain; %s", srv->name, f->why);
			continue;
		}
		if (!nets->applicable || !nets->flag || nets->text == NULL ||
		    rule_seen_before(&seen_nets, nets->from))
			continue;
		if (strncmp(nets->text, "style:", 6) == 0) {
			for (k = 0; k < nstyles; k++) {
				if (strcmp(styles[k], nets->text + 6) != 0)
					continue;
				rule_report_setting(ctx, nets->where,
				    nets->from, "mynetworks_style", "%s may "
				    "relay for every host of its %s networks, "
				    "which this profile does not allow: %s",
				    srv->name, nets->text + 6, nets->why);
			}
			continue;
		}
		if (networks_allowed(nets->text, allowed, nallowed, bad,
		    sizeof(bad)))
			continue;
		rule_report_setting(ctx, nets->where, nets->from, "mynetworks",
		    "relay through %s is open to every client "
		    "in the public networks %s: %s", srv->name, bad, nets->why);
	}
	free(allowed);
	free(styles);
	rule_seen_release(&seen);
	rule_seen_release(&seen_nets);
}

/* ---- MH601 message-size-limit ---- */

void
check_size(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	long long max = params_number(&ctx->params, "max_bytes", 52428800);
	struct rule_seen seen = RULE_SEEN_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = &m->servers[i]->size_limit;
		char *servers;

		if (!f->applicable || rule_seen_before(&seen, f->from))
			continue;
		servers = rule_servers_sharing(m,
		    offsetof(struct smtp_server, size_limit), f->from);
		/* A value that is not a number is invalid-value's (MH906). */
		if (!f->known)
			;
		else if (f->num == 0)
			rule_report_setting(ctx, f->where, f->from,
			    "message_size_limit", "no message size limit on "
			    "%s: %s", servers, f->why);
		else if (f->num > max)
			rule_report_setting(ctx, f->where, f->from,
			    "message_size_limit", "the message size limit on "
			    "%s is %lld bytes, above this profile's maximum of "
			    "%lld: %s", servers, f->num, max, f->why);
		free(servers);
	}
	rule_seen_release(&seen);
}

/* ---- MH701 listen-beyond-loopback ---- */

void
check_listen(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t nports, i, k;
	const char **ports = params_list(&ctx->params, "public_ports", &nports);

	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		char key[256], allowed[256] = "", why[256];
		struct finding_subject subj = { NULL, NULL, NULL, NULL, NULL };
		bool public_ok = false;

		if (l->loopback)
			continue;
		for (k = 0; k < nports; k++) {
			public_ok |= strcmp(rule_port_number(ports[k]),
			    rule_port_number(l->port)) == 0;
			snprintf(allowed + strlen(allowed), sizeof(allowed) -
			    strlen(allowed), "%s%s", k ? ", " : "", ports[k]);
		}
		if (public_ok)
			continue;
		snprintf(key, sizeof(key), "%s@%s", l->server, l->address);
		/* With public ports allowed, the service entry is what is wrong. */
		if (l->from == NULL)
			snprintf(why, sizeof(why), "%s", m->mta == MTA_POSTFIX ?
			    " (master.cf service address)" : " (sendmail's "
			    "default daemon)");
		else if (l->from->source == SOURCE_DEFAULT)
			snprintf(why, sizeof(why), " (%s = %s is the default)",
			    l->from->name, l->from->raw);
		else
			snprintf(why, sizeof(why), " (%s)", l->from->name);
		subj.setting = l->from;
		subj.listener = l;
		rule_report_about(ctx, nports > 0 &&
		    l->service_where.src != NULL ? l->service_where : l->where,
		    key, &subj, "%s listens on %s, port %s, "
		    "not only on loopback%s; this profile allows %s%s",
		    l->server, strcmp(l->address, "all") == 0 ?
		    "all addresses" : l->address, l->port, why,
		    nports == 0 ? "no public port" :
		    "public ports only for ", allowed);
	}
	free(ports);
}

/* ---- MH901 value-trailing-comment ---- */

static void
trailing_comment(struct rule_ctx *ctx, const struct setting *s)
{
	const struct src *src = s->value_span.src;
	size_t i;

	if (src == NULL)
		return;
	for (i = s->value_span.start; i < s->value_span.end; i++) {
		size_t k;

		if (src->bytes[i] != '#')
			continue;
		/* a comment line inside a continuation is skipped by Postfix */
		for (k = i; k > s->value_span.start && (src->bytes[k - 1] == ' ' ||
		    src->bytes[k - 1] == '\t'); k--)
			;
		if (k > 0 && src->bytes[k - 1] == '\n') {
			while (i < s->value_span.end && src->bytes[i] != '\n')
				i++;
			continue;
		}
		if (i > s->value_span.start && src->bytes[i - 1] != ' ' &&
		    src->bytes[i - 1] != '\t')
			continue;
		rule_report_setting(ctx, span_make(src, i, i + 1), s, s->name,
		    "the value of %s is '%s': Postfix "
		    "has no trailing comments, so the '#' text is part of the "
		    "value", s->name, s->raw);
		return;
	}
}

void
check_trailing_comment(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, k;

	for (i = 0; i < m->nsettings; i++)
		trailing_comment(ctx, m->settings[i]);
	for (i = 0; i < m->nservices; i++)
		for (k = 0; k < m->services[i]->noverrides; k++)
			trailing_comment(ctx, m->services[i]->overrides[k]);
}

/* ---- MH902 duplicate-setting ---- */

/* ptr_index - a pointer and its place in a vector, sorted by pointer */
struct ptr_index {
	const void *p;
	size_t	 i;
};

static int
ptr_index_cmp(const void *a, const void *b)
{
	const struct ptr_index *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/*
 * index_of - the place of each pointer of a vector, for lookups in
 * O(log n): a file of a million duplicates must not take n^2 steps
 */
static struct ptr_index *
index_of(const void *const *v, size_t n)
{
	struct ptr_index *ix = xreallocarray(NULL, n + 1, sizeof(*ix));
	size_t i;

	for (i = 0; i < n; i++) {
		ix[i].p = v[i];
		ix[i].i = i;
	}
	qsort(ix, n, sizeof(*ix), ptr_index_cmp);
	return ix;
}

static size_t
place_of(const struct ptr_index *ix, size_t n, const void *p)
{
	struct ptr_index key = { p, 0 }, *hit;

	hit = bsearch(&key, ix, n, sizeof(*ix), ptr_index_cmp);
	return hit != NULL ? hit->i : (size_t)-1;
}

void
check_duplicates(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct ptr_index *ix;
	size_t i, j, *later, *ordinal;

	/* for each definition: the one that overrides it, and its rank */
	later = xreallocarray(NULL, m->nsettings + 1, sizeof(*later));
	ordinal = xreallocarray(NULL, m->nsettings + 1, sizeof(*ordinal));
	ix = index_of((const void *const *)m->settings, m->nsettings);
	for (i = 0; i < m->nsettings; i++) {
		later[i] = (size_t)-1;
		ordinal[i] = 1;
	}
	for (j = 0; j < m->nsettings; j++) {
		size_t e = m->settings[j]->earlier == NULL ? (size_t)-1 :
		    place_of(ix, m->nsettings, m->settings[j]->earlier);

		if (e != (size_t)-1) {
			later[e] = j;	/* the last one that names it */
			if (e < j)
				ordinal[j] = ordinal[e] + 1;
		} else {
			const struct setting *x;

			for (x = m->settings[j]->earlier; x; x = x->earlier)
				ordinal[j]++;
		}
	}
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i], *next;
		unsigned line, col;
		char key[256];

		if (later[i] == (size_t)-1)
			continue;
		next = m->settings[later[i]];
		src_position(next->name_span.src, next->name_span.start,
		    &line, &col);
		snprintf(key, sizeof(key), "%s#%zu", s->name, ordinal[i]);
		rule_report(ctx, s->name_span, key,
		    "%s is set again on line %u; "
		    "Postfix keeps only the last value, so '%s' here is "
		    "ignored", s->name, line, s->raw);
	}
	free(ix);
	free(later);
	free(ordinal);

	ix = index_of((const void *const *)m->services, m->nservices);
	for (j = 0; j < m->nservices; j++) {
		const struct service *s = m->services[j]->earlier;
		unsigned line, col;
		char key[256];

		if (s == NULL || place_of(ix, m->nservices, s) == (size_t)-1)
			continue;
		src_position(m->services[j]->name_span.src,
		    m->services[j]->name_span.start, &line, &col);
		snprintf(key, sizeof(key), "%s/%s", s->name, s->type);
		rule_report(ctx, s->name_span, key, "service %s/%s is "
		    "defined again on line %u; Postfix keeps only the "
		    "last entry", s->name, s->type, line);
	}
	free(ix);
}

/* ---- MH903 unknown-parameter ---- */

/*
 * edit_distance - Levenshtein distance of a and b when it is below limit;
 * limit or more otherwise (the length difference and the smallest value
 * of a row are lower bounds, so hopeless pairs stop early)
 */
static size_t
edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[128], prev, tmp;

	/* only near names matter: the distance is at least the length gap */
	if (lb >= sizeof(row) / sizeof(row[0]) || la > lb + 8 || lb > la + 8)
		return (size_t)-1;
	if ((la > lb ? la - lb : lb - la) >= limit)
		return limit;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t least;

		prev = row[0];
		row[0] = i;
		least = row[0];
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
			if (best < least)
				least = best;
		}
		if (least >= limit)
			return limit;
	}
	return row[lb];
}

static const char *
closest_parameter(const char *name)
{
	size_t i, best = 4, d;
	const char *hit = NULL;

	for (i = 0; i < pf_defaults_count; i++) {
		d = edit_distance(name, pf_defaults[i].name, best);
		if (d < best) {
			best = d;
			hit = pf_defaults[i].name;
		}
	}
	return hit;
}

static void
unknown_parameter(struct rule_ctx *ctx, const struct setting *s)
{
	const char *near = closest_parameter(s->name);

	if (near != NULL)
		rule_report_setting(ctx, s->name_span, s, s->name,
		    "Postfix does not know the parameter '%s' and ignores it; "
		    "did you mean '%s'?", s->name, near);
	else
		rule_report_setting(ctx, s->name_span, s, s->name,
		    "Postfix does not know the parameter '%s' and ignores it",
		    s->name);
}

void
check_unknown(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, k;

	rule_report_notes(ctx, "unknown-option");
	if (m->mta != MTA_POSTFIX)
		return;
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];
		const struct setting *eff = model_lookup(m, s->name);

		if (eff == s && s->unknown)
			unknown_parameter(ctx, s);
	}
	for (i = 0; i < m->nservices; i++) {
		for (k = 0; k < m->services[i]->noverrides; k++) {
			const struct setting *o = m->services[i]->overrides[k];
			const struct setting *g = model_lookup(m, o->name);

			if (g == NULL || g->unknown)
				unknown_parameter(ctx, o);
		}
	}
}

/* ---- MH904 ignored-line, MH905 invalid-expansion ---- */

void
check_ignored_line(struct rule_ctx *ctx)
{
	static const char *const codes[] = {
		"ignored-line", "unknown-line", "bad-class-file", "bad-mailer",
		"bad-map", "bad-milter", "bad-name", "bad-version",
		"ignored-suboption", "mc-m4-error",
	};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		rule_report_notes(ctx, codes[i]);
}

void
check_bad_expansion(struct rule_ctx *ctx)
{
	rule_report_notes(ctx, "bad-expansion");
}

/* ---- MH906 invalid-value ---- */

static bool
all_digits(const char *v)
{
	if (*v == '\0')
		return false;
	for (; *v; v++)
		if (!isdigit((unsigned char)*v))
			return false;
	return true;
}

/*
 * invalid_networks_style - mynetworks_style is one word of host, subnet
 * or class, in that case (mynetworks.c): anything else stops every Postfix
 * program that computes mynetworks, which they do while it is not set
 */
static void
invalid_networks_style(struct rule_ctx *ctx, const struct setting *s,
    const char *v)
{
	const struct setting *nets = model_service_lookup(ctx->model,
	    s->service, "mynetworks");
	size_t pos, st, en, st2, en2;

	if (nets != NULL && nets->source == SOURCE_FILE)
		return;
	pos = pf_list_next(v, 0, &st, &en);
	(void)pf_list_next(v, pos, &st2, &en2);
	if (en == st || en2 != st2)
		rule_report_setting(ctx, s->value_span, s, s->name,
		    "mynetworks_style = '%s' is not exactly one value, and "
		    "mynetworks is not set: Postfix stops with 'bad "
		    "mynetworks_style value' when it computes mynetworks", v);
	else if (!((en - st == 4 && strncmp(v + st, "host", 4) == 0) ||
	    (en - st == 6 && strncmp(v + st, "subnet", 6) == 0) ||
	    (en - st == 5 && strncmp(v + st, "class", 5) == 0)))
		rule_report_setting(ctx, s->value_span, s, s->name,
		    "mynetworks_style = '%s' is not host, subnet or class (in "
		    "lower case), and mynetworks is not set: Postfix stops "
		    "with 'unknown mynetworks mask style value'", v);
}

/*
 * Parameters that take one of a few names, although their default looks
 * like a boolean (postconf(5) of Postfix 3.7.11: "case does not matter")
 */
static const struct {
	const char *name;
	const char *const choices[5];
} named_values[] = {
	/* 3.9, 3.8.5, 3.7.10, 3.6.14, 3.5.24; yes is an alias of normalize */
	{ "smtpd_forbid_bare_newline", { "normalize", "yes", "reject", "no" } },
};

/* named_value_checked - a named-value parameter: reported unless its value is one of its names */
static bool
named_value_checked(struct rule_ctx *ctx, const struct setting *s, const char *v)
{
	size_t i, k;
	char known[128] = "";

	for (i = 0; i < sizeof(named_values) / sizeof(named_values[0]); i++) {
		if (strcmp(named_values[i].name, s->name) != 0)
			continue;
		for (k = 0; named_values[i].choices[k] != NULL; k++) {
			if (strcasecmp(v, named_values[i].choices[k]) == 0)
				return true;
			rule_append_name(known, sizeof(known),
			    named_values[i].choices[k]);
		}
		rule_report_setting(ctx, s->value_span, s, s->name,
		    "%s = '%s' is none of %s: the Postfix programs that "
		    "read it stop with an invalid value", s->name, v, known);
		return true;
	}
	return false;
}

/*
 * invalid_value - a boolean or integer parameter (known by the type of its
 * default) whose value the Postfix programs that read it refuse
 */
static void
invalid_value(struct rule_ctx *ctx, const struct setting *s)
{
	const struct pf_default *d = pf_default_lookup(s->name);
	const char *v = s->value != NULL ? s->value : s->raw;

	if (strcmp(s->name, "mynetworks_style") == 0) {
		invalid_networks_style(ctx, s, v);
		return;
	}
	if (d == NULL || strcmp(s->name, "compatibility_level") == 0 ||
	    named_value_checked(ctx, s, v))
		return;
	if ((strcmp(d->value, "yes") == 0 || strcmp(d->value, "no") == 0) &&
	    strcasecmp(v, "yes") != 0 && strcasecmp(v, "no") != 0)
		rule_report_setting(ctx, s->value_span, s, s->name,
		    "%s = '%s' is not yes or no: the Postfix programs that "
		    "read it stop with 'bad boolean configuration'", s->name, v);
	else if (all_digits(d->value) && !all_digits(v))
		rule_report_setting(ctx, s->value_span, s, s->name,
		    "%s = '%s' is not a whole number: the Postfix programs "
		    "that read it stop with 'bad numerical configuration'",
		    s->name, v);
}

void
check_invalid_value(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, k;

	for (i = 0; i < m->neffective; i++)
		if (m->effective[i]->source == SOURCE_FILE)
			invalid_value(ctx, m->effective[i]);
	for (i = 0; i < m->nservices; i++)
		for (k = 0; k < m->services[i]->noverrides; k++)
			invalid_value(ctx, m->services[i]->overrides[k]);
}

/* ---- MH907 relay-restrictions-missing ---- */

void
check_relay_missing(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_seen seen = RULE_SEEN_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = &m->servers[i]->relay;

		if (!f->applicable || f->known || rule_seen_before(&seen,
		    f->from))
			continue;
		rule_report_setting(ctx, f->where, f->from,
		    "smtpd_relay_restrictions", "%s receives no mail: %s",
		    m->servers[i]->name, f->why);
	}
	rule_seen_release(&seen);
}

/* ---- MH401 access-syntax, MH402 access-duplicate, MH501 aliases-syntax ---- */

void
check_access_syntax(struct rule_ctx *ctx)
{
	const struct setting *ipv6 = model_lookup(ctx->model,
	    "UseCompressedIPv6Addresses");

	rule_report_notes(ctx, "access-bad-address");
	rule_report_notes(ctx, "access-cidr");
	rule_report_notes(ctx, "access-unknown-action");
	rule_report_notes(ctx, "access-continuation");
	rule_report_notes(ctx, "access-syntax");
	/* Compressed IPv6 keys match only when sendmail writes them so. */
	if (ipv6 == NULL || strncasecmp(ipv6->raw, "t", 1) != 0)
		rule_report_notes(ctx, "access-ipv6-compressed");
}

void
check_access_duplicate(struct rule_ctx *ctx)
{
	rule_report_notes(ctx, "access-duplicate");
}

void
check_aliases_syntax(struct rule_ctx *ctx)
{
	rule_report_notes(ctx, "alias-syntax");
	rule_report_notes(ctx, "alias-duplicate");
}

/* ---- MH801 cf-out-of-date ---- */

/* Options whose difference between .mc and .cf matters for security. */
static const char *const security_options[] = {
	"PrivacyOptions", "SmtpGreetingMessage", "MaxMessageSize", "HelpFile",
	"DaemonPortOptions", "MaxHeadersLength", "MaxMimeHeaderLength",
	"MaxRecipientsPerMessage", "ConnectionRateThrottle",
	"MaxDaemonChildren", "RunAsUser", "DefaultUser", "TrustedUser",
	"DontBlameSendmail", "SafeFileEnvironment", "ForwardPath",
	"AuthOptions", "AuthMechanisms", "LogLevel", "StatusFile",
	"InputMailFilters", "ServerCertFile", "ServerKeyFile", "CipherList",
	"ServerSSLOptions", "AliasFile",
};

void
check_cf_out_of_date(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model, *g = m->generated;
	size_t i;

	rule_report_notes(ctx, "cf-older");
	if (g == NULL)
		return;
	for (i = 0; i < sizeof(security_options) / sizeof(security_options[0]);
	    i++) {
		const char *name = security_options[i];
		const struct setting *want = model_lookup(m, name);
		const struct setting *have = model_lookup(g, name);
		const char *wv = want != NULL ? want->raw : "";
		const char *hv = have != NULL ? have->raw : "";
		struct span where;

		if (strcmp(wv, hv) == 0)
			continue;
		where = have != NULL && have->source == SOURCE_FILE ?
		    have->name_span : span_whole(g->main_src);
		rule_report(ctx, where, name,
		    "%s in the .cf is '%s' but its .mc "
		    "gives '%s': the .cf was not rebuilt from the .mc", name,
		    hv, wv);
	}
}

/* ---- MH802 map-db-stale ---- */

void
check_db_stale(struct rule_ctx *ctx)
{
	rule_report_notes(ctx, "db-missing");
	rule_report_notes(ctx, "db-stale");
}

/* ---- MH002 path-not-followed ---- */

/*
 * report_path_not_followed - a map or named file the config names by a
 * path that was not followed. Files only: not lookups, programs or map
 * names; not maps named only by a Postfix default.
 */
static void
report_path_not_followed(struct rule_ctx *ctx, const char *type,
    const char *name, const char *fs_path, const char *not_followed,
    const struct setting *from, struct span where)
{
	char key[512];

	if (fs_path != NULL || not_followed == NULL ||
	    (strncmp(not_followed, "absolute path", 13) != 0 &&
	    strcmp(not_followed, "relative path") != 0) ||
	    (from != NULL && from->source != SOURCE_FILE))
		return;
	snprintf(key, sizeof(key), "%s:%s", type, name);
	if (from != NULL)
		rule_report(ctx, where, key, "%s:%s (named by %s) was not "
		    "read: %s", type, name, from->name, not_followed);
	else
		rule_report(ctx, where, key, "%s %s was not read: %s", type,
		    name, not_followed);
}

void
check_not_followed(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i;

	rule_report_notes(ctx, "mc-not-followed");
	rule_report_notes(ctx, "mc-not-modelled");
	for (i = 0; i < m->nunread; i++) {
		const struct unread_file *u = m->unread[i];
		char key[512];

		snprintf(key, sizeof(key), "unread:%s", u->path);
		if (u->where.src != NULL)
			rule_report(ctx, u->where, key, "%s was not read: %s%s",
			    u->path, u->why, m->config_unread ? "; nothing "
			    "else of this configuration was checked" : "");
		else
			rule_report_path(ctx, u->path, key, "%s was not read: "
			    "%s%s", u->path, u->why, m->config_unread ?
			    "; nothing else of this configuration was checked" :
			    "");
	}

	for (i = 0; i < m->nmaps; i++) {
		const struct mapref *mr = m->maps[i];

		report_path_not_followed(ctx, mr->type, mr->name, mr->fs_path,
		    mr->not_followed, mr->from, mr->where);
	}
	/* HelpFile and StatusFile have rules of their own */
	for (i = 0; i < m->nfiles; i++) {
		const struct named_file *nf = m->files[i];

		if (strcmp(nf->what, "HelpFile") != 0 &&
		    strcmp(nf->what, "StatusFile") != 0)
			report_path_not_followed(ctx, nf->what, nf->name,
			    nf->fs_path, nf->not_followed, nf->from, nf->where);
	}
}

bool
rule_on_unread(const struct rule *r)
{
	return r->check == check_not_followed;
}

/* ---- the table ---- */
