/*
 * sm_facts - sendmail: effective options, daemons, listeners and facts
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/pf_facts.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_facts.h"
#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* Options whose every definition counts (readcf.c, op.me). */
static bool
accumulates(const char *name)
{
	return strcmp(name, "PrivacyOptions") == 0 ||
	    strcmp(name, "DaemonPortOptions") == 0 ||
	    strcmp(name, "ClientPortOptions") == 0;
}

static int
cmp_setting_name(const void *a, const void *b)
{
	const struct setting *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/*
 * build_effective - the last definition of each name; for the
 * accumulating options a setting that joins every definition
 */
static void
build_effective(struct model *m)
{
	struct strmap last = STRMAP_INIT;
	struct strmap joins = STRMAP_INIT;	/* name -> its struct join */
	struct join {
		struct setting *joined;
		struct strbuf text;	/* every definition, in order */
	} **jv = NULL;
	size_t i, nj = 0;

	for (i = 0; i < m->nsettings; i++) {
		struct setting *s = m->settings[i];
		struct setting *prev = strmap_get(&last, s->name, strlen(s->name));

		if (prev != NULL && accumulates(s->name)) {
			struct join *j = strmap_get(&joins, s->name,
			    strlen(s->name));

			if (j == NULL) {
				j = xcalloc(1, sizeof(*j));
				j->joined = arena_alloc(&m->arena,
				    sizeof(*j->joined));
				strbuf_adds(&j->text, prev->raw);
				strmap_put(&joins, s->name, strlen(s->name), j);
				jv = xreallocarray(jv, nj + 1, sizeof(*jv));
				jv[nj++] = j;
			}
			/*
			 * Every definition counts, predicted defaults too: the
			 * .mc reader adds only those m4 would emit. The place
			 * reported is the last one written in a file. The
			 * text is joined once at the end: linear in the
			 * number of definitions.
			 */
			*j->joined = s->source == SOURCE_FILE ||
			    prev->source != SOURCE_FILE ? *s : *prev;
			strbuf_adds(&j->text, strcmp(s->name,
			    "PrivacyOptions") == 0 ? "," : "\n");
			strbuf_adds(&j->text, s->raw);
			strmap_put(&last, s->name, strlen(s->name), j->joined);
			continue;
		}
		if (prev != NULL && s->source == SOURCE_DEFAULT &&
		    prev->source == SOURCE_FILE)
			continue;
		if (s->value == NULL)
			s->value = s->raw;
		strmap_put(&last, s->name, strlen(s->name), s);
	}
	for (i = 0; i < nj; i++) {
		jv[i]->joined->raw = arena_strndup(&m->arena,
		    strbuf_str(&jv[i]->text), jv[i]->text.len);
		jv[i]->joined->value = jv[i]->joined->raw;
		strbuf_release(&jv[i]->text);
		free(jv[i]);
	}
	free(jv);
	strmap_release(&joins);
	for (i = 0; i < last.cap; i++) {
		if (last.slots[i].key != NULL)
			MODEL_APPEND(m, m->effective, m->neffective,
			    last.slots[i].value);
	}
	/* What the binary does when the file says nothing. */
	{
		static const char *const wanted[] = {
			"PrivacyOptions", "SmtpGreetingMessage",
			"MaxMessageSize", "HelpFile", "DaemonPortOptions",
		};

		for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
			const char *d = sm_option_default(wanted[i]);
			struct setting *s;

			if (strmap_get(&last, wanted[i], strlen(wanted[i])) ||
			    d == NULL)
				continue;
			s = arena_alloc(&m->arena, sizeof(*s));
			s->name = wanted[i];
			s->raw = s->value = d;
			s->source = SOURCE_DEFAULT;
			MODEL_APPEND(m, m->effective, m->neffective, s);
		}
	}
	if (m->neffective > 1)
		qsort(m->effective, m->neffective, sizeof(*m->effective),
		    cmp_setting_name);
	strmap_release(&last);
}

bool
sm_privacy_has(const char *value, const char *flag)
{
	static const char *const goaway[] = {
		"needmailhelo", "needexpnhelo", "needvrfyhelo", "noexpn",
		"novrfy", "authwarnings", "noverb",
	};
	const char *p = value;
	size_t i;

	while (p != NULL && *p != '\0') {
		const char *w;
		size_t n;

		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		w = p;
		while (isalnum((unsigned char)*p))
			p++;
		n = (size_t)(p - w);
		if (n == 0)
			break;
		if (strlen(flag) == n && strncasecmp(w, flag, n) == 0)
			return true;
		if (n == 6 && strncasecmp(w, "goaway", 6) == 0) {
			for (i = 0; i < sizeof(goaway) / sizeof(goaway[0]); i++)
				if (strcmp(goaway[i], flag) == 0)
					return true;
		}
	}
	return false;
}

/*
 * key_matches - daemon.c setsockaddroptions() tells keys by their first
 * letter: Addr, Family, InputMailFilters, Listen, Modifiers, Name, Port
 * and SendBufSize in either case; children (c), DeliveryMode (D),
 * delayLA (d), queueLA (q), RecvBufSize (R) and refuseLA (r) as written
 */
static bool
key_matches(char written, char key)
{
	return written == key || (strchr("AFILMNPS", key) != NULL &&
	    written == tolower((unsigned char)key));
}

bool
sm_daemon_key(const char *options, char key, const char **value,
    size_t *len)
{
	const char *p = options != NULL ? options : "";
	bool found = false;

	/* entries end at a comma; a repeated key: the last one counts */
	while (*p != '\0') {
		const char *k, *v, *end;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		k = p;
		end = p + strcspn(p, ",\n");
		v = memchr(k, '=', (size_t)(end - k));
		p = end;
		if (v == NULL || k == end || !key_matches(*k, key))
			continue;
		v++;
		while (v < end && isspace((unsigned char)*v))
			v++;
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
		*value = v;
		*len = (size_t)(end - v);
		found = true;
	}
	return found;
}

const char *
sm_daemon_option(struct arena *a, const char *options, char key)
{
	const char *v;
	size_t n;

	return sm_daemon_key(options, key, &v, &n) ?
	    arena_strndup(a, v, n) : NULL;
}


/* describe - "PrivacyOptions = authwarnings (default)" */
static const char *
describe(struct model *m, const struct setting *s, const char *name)
{
	const char *shown = s != NULL && s->written_as != NULL ?
	    s->written_as : name;

	if (s == NULL)
		return arena_printf(&m->arena, "%s is not set", name);
	if (s->source == SOURCE_DEFAULT && s->name_span.src != NULL) {
		/* "(from OSTYPE(`debian'))": the call as written, up to its ')' */
		const char *p = s->name_span.src->bytes + s->name_span.start;
		size_t n = strcspn(p, ")\n");

		return arena_printf(&m->arena, "%s = %s (from %.*s%s)", shown,
		    s->raw, (int)(n > 60 ? 60 : n), p, p[n] == ')' ? ")" : "");
	}
	return arena_printf(&m->arena, "%s = %s%s", shown, s->raw,
	    s->source == SOURCE_DEFAULT ? " (default)" : "");
}

static const char *
effective_value(const struct model *m, const char *name)
{
	const struct setting *s = model_lookup(m, name);

	return s != NULL ? (s->value != NULL ? s->value : s->raw) : NULL;
}

/* greeting_text - $v and $Z resolved as far as the files tell; ESMTP inserted */
static const char *
greeting_text(struct model *m, const char *raw)
{
	const char *z = effective_value(m, "$Z");
	char buf[1024];
	size_t o = 0;
	const char *p;
	bool first_word_done = false;

	/* $v is the binary's version; DZ holds it, then "/" and the cf's own. */
	char v[64];

	snprintf(v, sizeof(v), "%.*s", z != NULL ? (int)strcspn(z, "/") : 8,
	    z != NULL ? z : "8.17.1.9");
	for (p = raw; *p != '\0' && o + 64 < sizeof(buf); p++) {
		if (p[0] == '$' && (p[1] == 'v' || p[1] == 'Z')) {
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s",
			    p[1] == 'v' ? v : z != NULL ? z : "8.17.1.9");
			p++;
			continue;
		}
		/* sendmail puts ESMTP after the first word itself (srvrsmtp.c). */
		if (!first_word_done && (*p == ' ' || *p == '\t')) {
			first_word_done = true;
			if (strncmp(p + 1, "ESMTP", 5) != 0)
				o += (size_t)snprintf(buf + o, sizeof(buf) - o,
				    " ESMTP");
		}
		buf[o++] = *p == '\n' || *p == '\t' ? ' ' : *p;
	}
	if (!first_word_done)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, " ESMTP");
	buf[o] = '\0';
	return arena_strdup(&m->arena, buf);
}

static void
add_grant(struct model *m, struct span where, const struct setting *from,
    const char *kind, const char *why)
{
	struct fact *f = arena_alloc(&m->arena, sizeof(*f));

	f->applicable = f->known = f->flag = true;
	f->where = where;
	f->from = from;
	f->text = kind;
	f->why = why;
	MODEL_APPEND(m, m->relay_grants, m->nrelay_grants, f);
}

bool
sm_is_tld(const char *d)
{
	static const char *const gtlds[] = {
		"com", "net", "org", "info", "biz", "edu", "gov", "mil", "int",
		"arpa", "name", "pro", "mobi", "aero", "coop", "museum", "xyz",
		"online", "site", "top", "app", "dev", "io",
	};
	size_t i;

	/* sendmail looks up parent domains down to one label, never "." */
	while (*d == '.')
		d++;
	if (*d == '\0' || strchr(d, '.') != NULL)
		return false;
	if (strlen(d) == 2 && isalpha((unsigned char)d[0]) &&
	    isalpha((unsigned char)d[1]))
		return true;
	for (i = 0; i < sizeof(gtlds) / sizeof(gtlds[0]); i++)
		if (strcasecmp(d, gtlds[i]) == 0)
			return true;
	return false;
}

bool
sm_access_network(const char *key, struct ip_net *net)
{
	char buf[128];
	const char *p;
	int parts = 1;

	if (strncasecmp(key, "connect:", 8) == 0)
		key += 8;
	if (strncasecmp(key, "ipv6:", 5) == 0) {
		/* whole groups of four hex digits, uncompressed, as sendmail
		   writes client addresses (UseCompressedIPv6Addresses off) */
		key += 5;
		if (*key == '\0' || strstr(key, "::") != NULL ||
		    strlen(key) > 39)
			return false;
		for (p = key; *p; p++) {
			if (*p == ':')
				parts++;
			else if (!isxdigit((unsigned char)*p))
				return false;
		}
		if (parts > 8)
			return false;
		snprintf(buf, sizeof(buf), "%s%s/%d", key,
		    parts < 8 ? "::" : "", parts * 16);
		return ip_net_parse(buf, net) == 0;
	}
	if (*key == '\0' || strlen(key) >= 16)
		return false;
	for (p = key; *p; p++) {
		if (*p == '.')
			parts++;
		else if (!isdigit((unsigned char)*p))
			return false;
	}
	if (parts > 4)
		return false;
	snprintf(buf, sizeof(buf), "%s%s/%d", key, parts == 1 ? ".0.0.0" :
	    parts == 2 ? ".0.0" : parts == 3 ? ".0" : "", parts * 8);
	return ip_net_parse(buf, net) == 0;
}

static const char *const relay_features[][2] = {
	{ "promiscuous_relay", "relays mail from anyone to anywhere" },
	{ "relay_based_on_MX", "relays for every domain whose MX points "
	    "here, and anyone can point an MX here" },
	{ "loose_relay_check", "lets user%domain@here addresses be relayed "
	    "to any domain" },
	{ "relay_local_from", "relays for any sender address in a local "
	    "domain, which anyone can forge" },
	{ "relay_mail_from", "relays for envelope senders listed as RELAY "
	    "in access, which anyone can forge" },
	{ "relay_entire_domain", "relays for every host of the domains in "
	    "class $=m, not only the hosts listed" },
};

static void
relay_grants(struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->neffective; i++) {
		const struct setting *s = m->effective[i];

		if (strncmp(s->name, "FEATURE(", 8) != 0)
			continue;
		for (k = 0; k < sizeof(relay_features) /
		    sizeof(relay_features[0]); k++) {
			size_t n = strlen(relay_features[k][0]);

			if (strncmp(s->name + 8, relay_features[k][0], n) != 0 ||
			    s->name[8 + n] != ')')
				continue;
			add_grant(m, s->name_span, s, k == 0 ? "open" : "feature",
			    arena_printf(&m->arena, "FEATURE(`%s') %s",
			    relay_features[k][0], relay_features[k][1]));
		}
	}
	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		struct ip_net net;

		if (strcmp(e->map, "relay-domains") == 0 && sm_is_tld(e->key)) {
			add_grant(m, e->key_span, NULL, "open", arena_printf(
			    &m->arena, "relay-domains lists '%s', a whole "
			    "top-level domain: mail to any domain under it is "
			    "relayed", e->key));
			continue;
		}
		if (strcmp(e->map, "access") != 0 ||
		    strncasecmp(e->value, "RELAY", 5) != 0)
			continue;
		if ((strncasecmp(e->key, "To:", 3) == 0 && sm_is_tld(e->key + 3)) ||
		    (strchr(e->key, ':') == NULL && strchr(e->key, '@') == NULL &&
		    !sm_access_network(e->key, &net) && sm_is_tld(e->key))) {
			add_grant(m, e->key_span, NULL, "open", arena_printf(
			    &m->arena, "access entry '%s RELAY' covers a whole "
			    "top-level domain", e->key));
			continue;
		}
		if (strncasecmp(e->key, "Connect:", 8) == 0 &&
		    !sm_access_network(e->key, &net) &&
		    sm_is_tld(e->key + 8)) {
			add_grant(m, e->key_span, NULL, "open", arena_printf(
			    &m->arena, "access entry '%s RELAY' trusts every "
			    "client whose host name ends in .%s: whoever "
			    "controls the reverse and forward DNS of an address "
			    "(any domain under it) relays", e->key,
			    e->key + 8 + strspn(e->key + 8, ".")));
			continue;
		}
		if (sm_access_network(e->key, &net) && !ip_net_is_private(&net))
			add_grant(m, e->key_span, NULL, "network", arena_printf(
			    &m->arena, "access entry '%s RELAY' lets every "
			    "client in the public network covering it relay",
			    e->key));
	}
}

static void
privacy_fact(struct model *m, struct fact *f, const struct setting *ps,
    const char *value, const char *flag, const char *flag2,
    const char *flag3, const char *command)
{
	bool off = sm_privacy_has(value, flag) ||
	    (flag2 != NULL && sm_privacy_has(value, flag2)) ||
	    (flag3 != NULL && sm_privacy_has(value, flag3));

	f->applicable = f->known = true;
	f->flag = !off;
	f->from = ps;
	f->text = value;
	f->where = model_setting_where(m, ps);
	f->why = off ? arena_printf(&m->arena, "%s is refused: %s", command,
	    describe(m, ps, "PrivacyOptions")) : describe(m, ps,
	    "PrivacyOptions");
}

static void
build_daemon(struct model *m, const struct setting *dpo, const char *options,
    int index)
{
	struct smtp_server *srv = arena_alloc(&m->arena, sizeof(*srv));
	struct service *svc = arena_alloc(&m->arena, sizeof(*svc));
	struct listener *l = arena_alloc(&m->arena, sizeof(*l));
	const struct setting *ps = model_lookup(m, "PrivacyOptions");
	const char *privacy = ps != NULL ? ps->raw : "";
	const struct setting *gs = model_lookup(m, "SmtpGreetingMessage");
	const struct setting *ss = model_lookup(m, "MaxMessageSize");
	const char *name = sm_daemon_option(&m->arena, options, 'N');
	const char *addr = sm_daemon_option(&m->arena, options, 'A');
	const char *port = sm_daemon_option(&m->arena, options, 'P');
	const char *family = sm_daemon_option(&m->arena, options, 'F');

	svc->name = name != NULL ? name : arena_printf(&m->arena, "Daemon%d",
	    index);
	svc->type = "daemon";
	svc->command = "sendmail";
	svc->name_span = dpo != NULL && dpo->source == SOURCE_FILE ?
	    dpo->name_span : span_make(NULL, 0, 0);
	MODEL_APPEND(m, m->services, m->nservices, svc);

	srv->name = svc->name;
	srv->service = svc;
	privacy_fact(m, &srv->vrfy, ps, privacy, "novrfy", NULL, NULL, "VRFY");
	privacy_fact(m, &srv->expn, ps, privacy, "noexpn", NULL, NULL, "EXPN");
	privacy_fact(m, &srv->verb, ps, privacy, "noverb", "noexpn", NULL,
	    "VERB");

	srv->greeting.applicable = srv->greeting.known = true;
	srv->greeting.from = gs;
	srv->greeting.text = greeting_text(m, gs != NULL ? gs->raw :
	    "$j Sendmail $v ready at $b");
	srv->greeting.where = model_setting_where(m, gs);
	srv->greeting.why = describe(m, gs, "SmtpGreetingMessage");

	srv->size_limit.applicable = true;
	srv->size_limit.from = ss;
	srv->size_limit.where = model_setting_where(m, ss);
	srv->size_limit.why = describe(m, ss, "MaxMessageSize");
	{
		const char *v = ss != NULL ? ss->raw : "0";
		char *end;
		long long n = strtoll(v, &end, 10);

		srv->size_limit.known = *v != '\0' && *end == '\0' && n >= 0;
		srv->size_limit.num = n;
		srv->size_limit.text = v;
	}
	/* Relaying is decided per message, not per daemon: see relay_grants. */
	srv->relay.applicable = true;
	srv->relay.known = false;
	srv->relay.why = "decided by features, relay-domains and access";
	srv->relay_networks.applicable = false;
	MODEL_APPEND(m, m->servers, m->nservers, srv);

	l->server = svc->name;
	l->address = addr != NULL ? addr : "all";
	l->port = port != NULL ? port : "smtp";
	l->loopback = ip_addr_is_loopback(addr);
	l->from = dpo;
	l->where = model_setting_where(m, dpo);
	l->service_where = l->where;
	(void)family;
	MODEL_APPEND(m, m->listeners, m->nlisteners, l);
}

void
sm_facts_build(struct model *m)
{
	size_t i, n = 0;

	build_effective(m);
	/* Maps read on their own say nothing of the daemons. */
	if (m->main_src == NULL) {
		relay_grants(m);
		return;
	}
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (strcmp(s->name, "DaemonPortOptions") != 0)
			continue;
		build_daemon(m, s, s->raw, (int)++n);
	}
	if (n == 0) {
		/* sendmail's own default: one daemon on port 25, every address */
		build_daemon(m, NULL, "Name=MTA", 1);
	}
	model_link_listeners(m);
	relay_grants(m);
}
