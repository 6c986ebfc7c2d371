/*
 * rules_smarthost - the smart host family: relays named so that the MTA
 * finds them through MX (or address) records in DNS
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parsers/pf_list.h"
#include "linter/rule.h"
#include "linter/rule_checks.h"

/* is_address - an IPv4 or IPv6 address, with or without "IPv6:" */
static bool
is_address(const char *s, size_t n)
{
	char buf[64];
	unsigned char out[16];

	if (n >= 5 && strncasecmp(s, "ipv6:", 5) == 0) {
		s += 5;
		n -= 5;
	}
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ||
	    inet_pton(AF_INET6, buf, out) == 1;
}

/*
 * judge_host - one next-hop host as written, "[10.1.2.3]", "[mx.example]",
 * "mx.example": the verdict in buf, or false when it is fine
 */
static bool
judge_host(const char *h, size_t n, bool require_address, char *buf,
    size_t len)
{
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		if (!require_address || is_address(h + 1, n - 2))
			return false;
		snprintf(buf, len, "names the host %.*s rather than its "
		    "address: the MX lookup is off, but its address still "
		    "comes from DNS, and this profile wants [address]",
		    (int)(n - 2), h + 1);
		return true;
	}
	if (is_address(h, n))
		snprintf(buf, len, "is an address without [ ]: the MTA takes "
		    "it for a domain name and looks up MX records for '%.*s'",
		    (int)n, h);
	else
		snprintf(buf, len, "is a name without [ ]: the MTA looks up MX "
		    "records for %.*s in DNS, so whoever answers for that name "
		    "chooses where the mail goes", (int)n, h);
	return true;
}

/* ---- Postfix ---- */

/* item_span - the index-th list item as written, else the setting */
static struct span
item_span(const struct model *m, const struct setting *s, size_t index)
{
	const struct src *src;
	size_t i, end, n = 0;

	if (s == NULL || s->source != SOURCE_FILE ||
	    s->value_span.src == NULL ||
	    strcmp(setting_value(s), s->raw) != 0)
		return rule_where(m, s);
	src = s->value_span.src;
	i = s->value_span.start;
	end = s->value_span.end;
	while (i < end) {
		size_t st;

		if (src->bytes[i] == ',' ||
		    isspace((unsigned char)src->bytes[i])) {
			i++;
			continue;
		}
		st = i;
		while (i < end && src->bytes[i] != ',' &&
		    !isspace((unsigned char)src->bytes[i]))
			i++;
		if (n++ == index)
			return span_make(src, st, i);
	}
	return rule_where(m, s);
}

/* host_of_nexthop - "[h]:587" or "h:25" gives the host part's length */
static size_t
host_of_nexthop(const char *p, size_t n)
{
	const char *close, *colon;

	if (n > 0 && p[0] == '[') {
		close = memchr(p, ']', n);
		return close != NULL ? (size_t)(close - p) + 1 : n;
	}
	colon = memchr(p, ':', n);
	return colon != NULL ? (size_t)(colon - p) : n;
}

/* is_smtp_transport - a master.cf transport whose command is smtp */
static bool
is_smtp_transport(const struct model *m, const char *name, size_t n)
{
	size_t i;
	bool named = false;

	for (i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];

		if (strlen(s->name) != n || strncmp(s->name, name, n) != 0 ||
		    strcmp(s->type, "unix") != 0)
			continue;
		named = true;
		if (s->command != NULL && strcmp(s->command, "smtp") == 0)
			return true;
	}
	/* Postfix's stock master.cf runs smtp for both. */
	return !named && ((n == 4 && strncmp(name, "smtp", 4) == 0) ||
	    (n == 5 && strncmp(name, "relay", 5) == 0));
}

/* report_postfix - one finding for a next hop of a Postfix setting */
static void
report_postfix(struct rule_ctx *ctx, const struct setting *s, size_t index,
    const char *item, const char *host, size_t hl, const char *verdict)
{
	char key[512];

	snprintf(key, sizeof(key), "%s#%s", rule_setting_key(s, s->name), item);
	rule_report(ctx, item_span(ctx->model, s, index), key, "%s%s names the "
	    "next hop '%s', whose host '%.*s' %s", s->name, s->scope != NULL ?
	    " (-o)" : "", item, (int)hl, host, verdict);
}

/* hosts_setting - relayhost, smtp_fallback_relay: lists of next hops */
static void
hosts_setting(struct rule_ctx *ctx, const struct setting *s, bool need_addr)
{
	const char *v = setting_value(s);
	size_t pos = 0, st, en, index = 0;
	char item[256], verdict[512];

	while (v[pos] != '\0') {
		size_t hl;

		pos = pf_list_next(v, pos, &st, &en);
		if (en == st)
			break;
		index++;
		if (en - st >= sizeof(item))
			continue;
		memcpy(item, v + st, en - st);
		item[en - st] = '\0';
		hl = host_of_nexthop(item, en - st);
		if (judge_host(item, hl, need_addr, verdict, sizeof(verdict)))
			report_postfix(ctx, s, index - 1, item, item, hl,
			    verdict);
	}
}

/* transport_setting - default_transport, relay_transport: transport:nexthop */
static void
transport_setting(struct rule_ctx *ctx, const struct setting *s,
    bool need_addr)
{
	const char *v = setting_value(s), *colon = strchr(v, ':');
	const char *hop;
	size_t hl;
	char verdict[512];

	if (colon == NULL || colon[1] == '\0' ||
	    !is_smtp_transport(ctx->model, v, (size_t)(colon - v)))
		return;
	hop = colon + 1;
	hl = host_of_nexthop(hop, strlen(hop));
	if (hl > 0 && judge_host(hop, hl, need_addr, verdict, sizeof(verdict)))
		report_postfix(ctx, s, 0, v, hop, hl, verdict);
}

/* postfix_is_hosts - parameters that hold a list of next hops */
static bool
postfix_is_hosts(const char *name)
{
	return strcmp(name, "relayhost") == 0 ||
	    strcmp(name, "smtp_fallback_relay") == 0 ||
	    strcmp(name, "fallback_relay") == 0;
}

/* postfix_is_transport - parameters that hold transport:nexthop */
static bool
postfix_is_transport(const char *name)
{
	return strcmp(name, "default_transport") == 0 ||
	    strcmp(name, "relay_transport") == 0;
}

/*
 * smarthost_postfix - MH450 for Postfix: relayhost, fallback relays,
 * transports
 */
static void
smarthost_postfix(struct rule_ctx *ctx, bool need_addr)
{
	static const char *const names[] = {
		"relayhost", "smtp_fallback_relay", "fallback_relay",
		"default_transport", "relay_transport",
	};
	const struct model *m = ctx->model;
	size_t i, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct setting *s = model_lookup(m, names[i]);

		if (s == NULL || s->source != SOURCE_FILE)
			continue;
		if (postfix_is_hosts(names[i]))
			hosts_setting(ctx, s, need_addr);
		else
			transport_setting(ctx, s, need_addr);
	}
	for (i = 0; i < m->nservices; i++) {
		for (k = 0; k < m->services[i]->noverrides; k++) {
			const struct setting *o = m->services[i]->overrides[k];

			if (postfix_is_hosts(o->name))
				hosts_setting(ctx, o, need_addr);
			else if (postfix_is_transport(o->name))
				transport_setting(ctx, o, need_addr);
		}
	}
}

/* ---- sendmail ---- */

/* is_mailer_name - "relay", "esmtp", "smtp8": the mailer: prefix of a value */
static bool
is_mailer_name(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '_' && p[i] != '-')
			return false;
	return true;
}

/*
 * smarthost_sendmail - MH450 for sendmail: $S, $H, $R and the fallback
 * options
 */
static void
smarthost_sendmail(struct rule_ctx *ctx, bool need_addr)
{
	static const char *const names[][2] = {
		{ "$S", "SMART_HOST" }, { "$H", "MAIL_HUB" },
		{ "$R", "LOCAL_RELAY" }, { "FallbackSmartHost",
		    "confFALLBACK_SMARTHOST" },
		{ "FallbackMXhost", "confFALLBACK_MX" },
	};
	static const char *const not_hosts[] = {
		"local", "prog", "error", "discard", "*file*", "*include*",
	};
#define NOT_HOSTS (sizeof(not_hosts) / sizeof(not_hosts[0]))
#define HOSTS_SHOWN 20
	const struct model *m = ctx->model;
	size_t i, k, vlen, vshown, reported, more;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct setting *s = model_lookup(m, names[i][0]);
		const char *v = setting_value(s), *p, *colon;
		const char *shown = s != NULL && s->written_as != NULL ?
		    s->written_as : names[i][0];
		bool skip = false;

		if (s == NULL || s->source != SOURCE_FILE || *v == '\0')
			continue;
		/* "mailer:host": a mailer name has no dot and no bracket */
		p = v;
		colon = strchr(v, ':');
		if (v[0] != '[' && colon != NULL &&
		    is_mailer_name(v, (size_t)(colon - v)) &&
		    memchr(v, '.', (size_t)(colon - v)) == NULL) {
			size_t ml = (size_t)(colon - v);

			for (k = 0; k < NOT_HOSTS; k++)
				skip |= strlen(not_hosts[k]) == ml &&
				    strncmp(v, not_hosts[k], ml) == 0;
			p = colon + 1;
		}
		if (skip)
			continue;
		/* the value as the findings quote it: its start when long */
		vlen = strlen(v);
		vshown = vlen > 200 ? 200 : vlen;
		reported = more = 0;
		/* host:host lists; a bracket keeps its colons (IPv6) */
		while (*p != '\0') {
			const char *h = p;
			size_t n;
			char verdict[512], key[300];

			if (*p == '[') {
				const char *close = strchr(p, ']');

				p = close != NULL ? close + 1 : p + strlen(p);
			} else {
				p += strcspn(p, ":");
			}
			n = (size_t)(p - h);
			if (*p == ':')
				p++;
			/* a port after a bracket, or an empty part */
			if (n == 0 || strspn(h, "0123456789") == n)
				continue;
			if (n > 1 && h[n - 1] == '.' && h[0] != '[')
				n--;
			if (!judge_host(h, n, need_addr, verdict,
			    sizeof(verdict)))
				continue;
			/* a list of thousands (an m4 loop): the first ones */
			if (++reported > HOSTS_SHOWN) {
				more++;
				continue;
			}
			snprintf(key, sizeof(key), "%s#%.*s", names[i][0],
			    (int)n, h);
			rule_report(ctx, rule_where(m, s), key, "%s = %.*s%s: "
			    "the host '%.*s' %s", shown, (int)vshown, v,
			    vshown < vlen ? "\xe2\x80\xa6" : "",
			    (int)(n > 200 ? 200 : n), h, verdict);
		}
		if (more > 0)
			rule_report(ctx, rule_where(m, s), names[i][0], "%s: "
			    "%zu more of its hosts have findings like the %d "
			    "above, not listed one by one", shown, more,
			    HOSTS_SHOWN);
	}
}

/* ---- MH450 smarthost-by-mx-name ---- */

/* check_smarthost - MH450: relay hosts found through MX records */
void
check_smarthost(struct rule_ctx *ctx)
{
	const char *req = params_scalar(&ctx->params, "require_address");
	bool need_addr = req != NULL && (strcasecmp(req, "yes") == 0 ||
	    strcasecmp(req, "true") == 0);

	if (ctx->model->mta == MTA_POSTFIX)
		smarthost_postfix(ctx, need_addr);
	else
		smarthost_sendmail(ctx, need_addr);
}

/* ---- the table ---- */
