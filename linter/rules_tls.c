/*
 * rules_tls - the tls/auth family: STARTTLS offered, AUTH only over TLS,
 * SASL mechanism filters, TLS protocol versions and cipher grades
 *
 * Postfix is evaluated per smtpd server (each inet smtpd service, and the
 * smtpd behind postscreen), with master.cf -o overrides expanded as that
 * service sees them. Servers that listen only on loopback are skipped:
 * nothing they say crosses a network. sendmail's TLS and AUTH options are
 * global; DaemonPortOptions modifiers (M=S no STARTTLS, M=A no AUTH,
 * M=s SMTPS) and Addr= decide per daemon.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "lib/xalloc.h"
#include "parsers/pf_list.h"

/* ---- helpers ---- */

/* pf_paren - "name (value)", "name (empty, default)", "name (-o in x: v)" */
static char *
pf_paren(const struct setting *s, const char *name, const char *value)
{
	const char *v = *value != '\0' ? value : "empty";

	if (s == NULL || s->source == SOURCE_DEFAULT) {
		if (s != NULL && s->raw != NULL && strchr(s->raw, '$') != NULL)
			return xasprintf("%s (%s, default %s)", name, v,
			    s->raw);
		return xasprintf("%s (%s, default)", name, v);
	}
	if (s->scope != NULL)
		return xasprintf("%s (-o in %s: %s)", name, s->scope, v);
	return xasprintf("%s (%s)", name, v);
}

/* ---- Postfix: what TLS one server does ---- */

struct pf_tls {
	bool	 use;		/* STARTTLS announced (or wrapper mode) */
	bool	 enforce;	/* TLS required: encrypt or wrapper mode */
	bool	 wrapper;
	bool	 cert;		/* a server certificate is configured */
	const char *level_name;	/* the parameter that decided use */
};

/* pf_tls_of - smtpd's pre_jail_init() logic, from the expanded values */
static void
pf_tls_of(struct rule_pf_view *v, struct pf_tls *t)
{
	const char *level = rule_pf_value(v, "smtpd_tls_security_level");
	const char *cert = rule_pf_value(v, "smtpd_tls_cert_file");

	memset(t, 0, sizeof(*t));
	t->level_name = "smtpd_tls_security_level";
	t->wrapper = rule_pf_is_yes(rule_pf_value(v, "smtpd_tls_wrappermode"));
	if (t->wrapper) {
		t->use = t->enforce = true;
		t->level_name = "smtpd_tls_wrappermode";
	} else if (*level != '\0') {
		t->use = strcasecmp(level, "may") == 0 ||
		    strcasecmp(level, "encrypt") == 0 ||
		    strcasecmp(level, "verify") == 0 ||
		    strcasecmp(level, "secure") == 0 ||
		    strcasecmp(level, "fingerprint") == 0;
		t->enforce = t->use && strcasecmp(level, "may") != 0;
	} else {
		t->enforce = rule_pf_is_yes(rule_pf_value(v,
		    "smtpd_enforce_tls"));
		t->use = t->enforce || rule_pf_is_yes(rule_pf_value(v,
		    "smtpd_use_tls"));
		if (t->use)
			t->level_name = t->enforce ? "smtpd_enforce_tls" :
			    "smtpd_use_tls";
	}
	t->cert = *cert != '\0' ||
	    *rule_pf_value(v, "smtpd_tls_chain_files") != '\0' ||
	    *rule_pf_value(v, "smtpd_tls_dcert_file") != '\0' ||
	    *rule_pf_value(v, "smtpd_tls_eccert_file") != '\0';
}

/*
 * server_judge - judges one public Postfix smtpd server, given its
 * settings (with its -o) and what smtpd makes of its TLS settings
 */
typedef void server_judge(struct rule_ctx *, struct rule_group *,
    struct rule_pf_view *, const struct pf_tls *, const struct smtp_server *);

/* each_public_server - judge every public smtpd server, then report */
static void
each_public_server(struct rule_ctx *ctx, server_judge *judge)
{
	const struct model *m = ctx->model;
	struct rule_group g = RULE_GROUP_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		struct rule_pf_view v;
		struct pf_tls t;

		if (!rule_server_is_public(m, m->servers[i]))
			continue;
		rule_pf_view_init(&v, m, rule_settings_service(m,
		    m->servers[i]));
		pf_tls_of(&v, &t);
		judge(ctx, &g, &v, &t, m->servers[i]);
		rule_pf_view_release(&v);
	}
	rule_group_flush(ctx, &g);
}

/* ---- MH250 starttls-not-offered ---- */

/* pf_starttls - one server: TLS off, or on without a certificate */
static void
pf_starttls(struct rule_ctx *ctx, struct rule_group *g,
    struct rule_pf_view *v, const struct pf_tls *tls,
    const struct smtp_server *srv)
{
	const struct pf_tls t = *tls;
	const struct setting *s;
	char *shown;

	(void)ctx;
	if (!t.use) {
		const char *level = rule_pf_value(v,
		    "smtpd_tls_security_level");

		s = rule_pf_setting(v, "smtpd_tls_security_level");
		shown = rule_pf_shown(s, "smtpd_tls_security_level", level);
		rule_group_add_setting(g, s, rule_where(v->m, s), s,
		    "smtpd_tls_security_level", srv->name, xasprintf("%s%s: "
		    "STARTTLS is not offered, so mail and any AUTH exchange "
		    "cross the network in clear", shown, *level == '\0' ?
		    " and smtpd_use_tls is not yes" : ""));
		free(shown);
		return;
	}
	if (!t.cert) {
		s = rule_pf_setting(v, "smtpd_tls_cert_file");
		rule_group_add_setting(g, s, rule_where(v->m, s), s,
		    "smtpd_tls_cert_file", srv->name, xasprintf("%s = %s but "
		    "smtpd_tls_cert_file and smtpd_tls_chain_files are empty: "
		    "without a certificate smtpd answers STARTTLS with 454 "
		    "and every session stays in clear", t.level_name,
		    t.wrapper ? "yes" : rule_pf_value(v, t.level_name)));
		return;
	}
	if (strcasecmp(rule_pf_value(v, "smtpd_tls_cert_file"), "none") != 0 &&
	    *rule_pf_value(v, "smtpd_tls_cert_file") != '\0' &&
	    *rule_pf_value(v, "smtpd_tls_key_file") == '\0') {
		s = rule_pf_setting(v, "smtpd_tls_key_file");
		rule_group_add_setting(g, s, rule_where(v->m, s), s,
		    "smtpd_tls_key_file", srv->name, xasprintf("smtpd_tls_"
		    "key_file is empty while smtpd_tls_cert_file = %s: smtpd "
		    "cannot load the private key, so STARTTLS fails with 454",
		    rule_pf_value(v, "smtpd_tls_cert_file")));
	}
}

/* sm_value - a sendmail option's value, or NULL when not set */
static const char *
sm_value(const struct model *m, const char *name)
{
	const struct setting *s = model_lookup(m, name);

	if (s == NULL)
		return NULL;
	return s->value != NULL ? s->value : s->raw;
}

/* sm_shown - "confSERVER_CERT = x", or "ServerCertFile is not set" */
static char *
sm_shown(const struct setting *s, const char *name)
{
	const char *as = s != NULL && s->written_as != NULL ? s->written_as :
	    name;

	if (s == NULL)
		return xasprintf("%s is not set", name);
	if (s->raw == NULL || *s->raw == '\0')
		return xasprintf("%s is empty", as);
	return xasprintf("%s = %s%s", as, s->raw, s->source == SOURCE_DEFAULT ?
	    " (default)" : "");
}

/* sm_paren - "confAUTH_OPTIONS (A)", "AuthOptions (not set)" */
static char *
sm_paren(const struct setting *s, const char *name)
{
	const char *as = s != NULL && s->written_as != NULL ? s->written_as :
	    name;

	if (s == NULL)
		return xasprintf("%s (not set)", name);
	if (s->raw == NULL || *s->raw == '\0')
		return xasprintf("%s (empty)", as);
	return xasprintf("%s (%s)", as, s->raw);
}

/* sm_modifier - a daemon's M= modifiers hold a flag letter */
static bool
sm_modifier(const struct model *m, const struct smtp_server *srv, char flag)
{
	char buf[128];

	rule_daemon_option(rule_sm_daemon_options(m, srv), 'M', buf,
	    sizeof(buf));
	return strchr(buf, flag) != NULL;
}

/* sm_tls_offered - ServerCertFile and ServerKeyFile are both set */
static bool
sm_tls_offered(const struct model *m)
{
	const char *cert = sm_value(m, "ServerCertFile");
	const char *key = sm_value(m, "ServerKeyFile");

	return cert != NULL && *cert != '\0' && key != NULL && *key != '\0';
}

void
check_starttls(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	char daemons[512] = "";
	size_t i;

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_starttls);
		return;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];

		if (!rule_server_is_public(m, srv) || sm_modifier(m, srv, 's'))
			continue;
		if (sm_tls_offered(m) && sm_modifier(m, srv, 'S')) {
			char key[256];

			snprintf(key, sizeof(key), "DaemonPortOptions:%s",
			    srv->name);
			rule_report(ctx, rule_sm_daemon_where(m, srv), key,
			    "daemon %s has the modifier M=S (%s): it does not "
			    "offer STARTTLS, so its mail and AUTH exchanges "
			    "cross the network in clear", srv->name,
			    rule_sm_daemon_options(m, srv));
			continue;
		}
		if (!sm_tls_offered(m))
			rule_append_name(daemons, sizeof(daemons), srv->name);
	}
	if (*daemons != '\0') {
		const char *cert = sm_value(m, "ServerCertFile");
		const struct setting *s = model_lookup(m, cert == NULL ||
		    *cert == '\0' ? "ServerCertFile" : "ServerKeyFile");
		char *shown = sm_shown(s, cert == NULL || *cert == '\0' ?
		    "ServerCertFile" : "ServerKeyFile");

		rule_report(ctx, rule_where(m, s), cert == NULL ||
		    *cert == '\0' ? "ServerCertFile" : "ServerKeyFile",
		    "%s: %s, so sendmail offers no STARTTLS and mail and AUTH "
		    "exchanges cross the network in clear", daemons, shown);
		free(shown);
	}
}

/* ---- MH251 auth-without-tls, MH252, MH253 ---- */

/* pf_auth_clear - AUTH is offered on a connection that has no TLS */
static bool
pf_auth_clear(struct rule_pf_view *v, const struct pf_tls *t)
{
	return rule_pf_is_yes(rule_pf_value(v, "smtpd_sasl_auth_enable")) &&
	    !t->enforce && !rule_pf_is_yes(rule_pf_value(v,
	    "smtpd_tls_auth_only"));
}

/* sm_auth_daemons - public daemons that offer AUTH (no M=A); count */
static size_t
sm_auth_daemons(const struct model *m, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];

		if (!rule_server_is_public(m, srv) ||
		    sm_modifier(m, srv, 'A') || sm_modifier(m, srv, 's'))
			continue;
		rule_append_name(buf, size, srv->name);
		n++;
	}
	return n;
}

/* sm_auth_configured - AuthMechanisms is set: the site turned AUTH on */
static bool
sm_auth_configured(const struct model *m)
{
	const char *mech = sm_value(m, "AuthMechanisms");

	return mech != NULL && *mech != '\0';
}

/* sm_word_in - a blank- or comma-separated list holds a word, in any case */
static bool
sm_word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (list != NULL && *list != '\0') {
		size_t len = strcspn(list, " \t,");

		if (len == n && strncasecmp(list, word, n) == 0)
			return true;
		list += len;
		list += strspn(list, " \t,");
	}
	return false;
}

/* sm_auth_option - AuthOptions holds a flag letter (parsed letter by letter) */
static bool
sm_auth_option(const struct model *m, char flag)
{
	const char *v = sm_value(m, "AuthOptions");

	return v != NULL && strchr(v, flag) != NULL;
}

/*
 * sm_auth_in_clear - sendmail offers AUTH on connections without TLS
 * (AuthOptions lacks p): the daemons that offer it into buf, or false
 */
static bool
sm_auth_in_clear(const struct model *m, char *daemons, size_t size)
{
	return sm_auth_configured(m) && !sm_auth_option(m, 'p') &&
	    sm_auth_daemons(m, daemons, size) > 0;
}

/* plaintext_mechs - the plaintext mechanisms in a mechanism list, or "" */
static void
plaintext_mechs(const char *list, char *buf, size_t size)
{
	buf[0] = '\0';
	if (pf_list_has(list, "PLAIN"))
		rule_append_name(buf, size, "PLAIN");
	if (pf_list_has(list, "LOGIN"))
		rule_append_name(buf, size, "LOGIN");
}

/* pf_auth_tls - one server offers AUTH before STARTTLS */
static void
pf_auth_tls(struct rule_ctx *ctx, struct rule_group *g,
    struct rule_pf_view *v, const struct pf_tls *t,
    const struct smtp_server *srv)
{
	const struct setting *s;
	char *shown;

	(void)ctx;
	if (!pf_auth_clear(v, t))
		return;
	s = rule_pf_setting(v, "smtpd_tls_auth_only");
	shown = rule_pf_shown(s, "smtpd_tls_auth_only",
	    rule_pf_value(v, "smtpd_tls_auth_only"));
	rule_group_add_setting(g, s, rule_where(v->m, s), s,
	    "smtpd_tls_auth_only", srv->name, xasprintf("%s while "
	    "smtpd_sasl_auth_enable = yes: AUTH is offered before "
	    "STARTTLS%s, so credentials can cross the wire in clear", shown,
	    t->use ? "" : " (and STARTTLS is not offered at all)"));
	free(shown);
}

void
check_auth_tls(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	char daemons[512], plain[64];

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_auth_tls);
		return;
	}
	if (!sm_auth_in_clear(m, daemons, sizeof(daemons)))
		return;
	{
		const struct setting *s = model_lookup(m, "AuthOptions");
		char *shown = sm_paren(s, "AuthOptions");

		plaintext_mechs(sm_value(m, "AuthMechanisms"), plain,
		    sizeof(plain));
		rule_report_param(ctx, rule_where(m, s), "AuthOptions",
		    "%s: %s "
		    "lacks p while AuthMechanisms = %s: AUTH is offered before "
		    "STARTTLS%s%s", daemons, shown, sm_value(m,
		    "AuthMechanisms"), *plain != '\0' ? ", and " : "",
		    *plain != '\0' ? "its plaintext mechanisms send the "
		    "password in clear" : "");
		free(shown);
	}
}

/* pf_sasl_plaintext - one server allows plaintext mechanisms in clear */
static void
pf_sasl_plaintext(struct rule_ctx *ctx, struct rule_group *g,
    struct rule_pf_view *v, const struct pf_tls *t,
    const struct smtp_server *srv)
{
	const char *opts = rule_pf_value(v, "smtpd_sasl_security_options");
	const struct setting *s;
	char *shown;

	(void)ctx;
	if (!pf_auth_clear(v, t) || pf_list_has(opts, "noplaintext"))
		return;
	s = rule_pf_setting(v, "smtpd_sasl_security_options");
	shown = pf_paren(s, "smtpd_sasl_security_options", opts);
	rule_group_add_setting(g, s, rule_where(v->m, s), s,
	    "smtpd_sasl_security_options", srv->name, xasprintf("%s lacks "
	    "noplaintext while AUTH is offered without TLS: PLAIN and LOGIN "
	    "send the password in clear", shown));
	free(shown);
}

void
check_sasl_plaintext(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	char daemons[512], plain[64];

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_sasl_plaintext);
		return;
	}
	if (!sm_auth_in_clear(m, daemons, sizeof(daemons)))
		return;
	plaintext_mechs(sm_value(m, "AuthMechanisms"), plain, sizeof(plain));
	if (*plain == '\0')
		return;
	{
		const struct setting *s = model_lookup(m, "AuthMechanisms");
		char *shown = sm_shown(s, "AuthMechanisms");

		rule_report_param(ctx, rule_where(m, s), "AuthMechanisms",
		    "%s: %s "
		    "offers %s and AuthOptions lacks p: the password crosses "
		    "the wire in clear on connections without TLS", daemons,
		    shown, plain);
		free(shown);
	}
}

/* pf_anonymous - one SASL options parameter lacks noanonymous */
static void
pf_anonymous(struct rule_group *g, struct rule_pf_view *v,
    const struct smtp_server *srv, const char *name, const char *when)
{
	const char *opts = rule_pf_value(v, name);
	const struct setting *s = rule_pf_setting(v, name);
	char *shown;

	if (pf_list_has(opts, "noanonymous"))
		return;
	shown = pf_paren(s, name, opts);
	rule_group_add_setting(g, s, rule_where(v->m, s), s, name,
	    srv->name, xasprintf("%s lacks noanonymous: %s, a client may log "
	    "in with the ANONYMOUS mechanism and then counts as "
	    "authenticated (permit_sasl_authenticated)", shown, when));
	free(shown);
}

/* pf_sasl_anonymous - one server: both SASL options parameters in use */
static void
pf_sasl_anonymous(struct rule_ctx *ctx, struct rule_group *g,
    struct rule_pf_view *v, const struct pf_tls *t,
    const struct smtp_server *srv)
{
	(void)ctx;
	if (!rule_pf_is_yes(rule_pf_value(v, "smtpd_sasl_auth_enable")))
		return;
	if (pf_auth_clear(v, t))
		pf_anonymous(g, v, srv, "smtpd_sasl_security_options",
		    "on connections without TLS");
	if (t->use && t->cert)
		pf_anonymous(g, v, srv, "smtpd_sasl_tls_security_options",
		    "after STARTTLS");
}

void
check_sasl_anonymous(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	char daemons[512];

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_sasl_anonymous);
		return;
	}
	/* sendmail offers the library's mechanisms that AuthMechanisms
	   names (srvrsmtp.c intersect()); its default has no ANONYMOUS */
	if (!sm_auth_configured(m) || sm_auth_option(m, 'y') ||
	    !sm_word_in(sm_value(m, "AuthMechanisms"), "ANONYMOUS") ||
	    sm_auth_daemons(m, daemons, sizeof(daemons)) == 0)
		return;
	{
		const struct setting *s = model_lookup(m, "AuthOptions");
		char *shown = sm_paren(s, "AuthOptions");

		rule_report_param(ctx, rule_where(m, s), "AuthOptions",
		    "%s: AuthMechanisms = %s names ANONYMOUS and %s lacks y: "
		    "if the SASL library has it (Cyrus SASL's anonymous "
		    "plugin), a client may log in without a password and then "
		    "counts as authenticated, which relays", daemons,
		    sm_value(m, "AuthMechanisms"), shown);
		free(shown);
	}
}

/* ---- MH254 tls-old-protocols ---- */

static const char *const protocols[] = {
	"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3",
};
#define NPROTOCOLS	(sizeof(protocols) / sizeof(protocols[0]))

/* protocol_index - "TLSv1.2" is 4; -1 if not a protocol name */
static int
protocol_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NPROTOCOLS; i++)
		if (strlen(protocols[i]) == len &&
		    strncasecmp(protocols[i], name, len) == 0)
			return (int)i;
	return -1;
}

/*
 * pf_protocols - the protocols a Postfix protocol list enables: names
 * (deprecated inclusion form), !name exclusions, >=name and <=name
 * bounds (Postfix 3.6); separators are comma, colon and blanks. An empty
 * list enables all. Returns false for a list it cannot read.
 */
static bool
pf_protocols(const char *list, bool on[NPROTOCOLS])
{
	bool any_positive = false, pos[NPROTOCOLS] = { false };
	int lo = 0, hi = (int)NPROTOCOLS - 1;
	bool off[NPROTOCOLS] = { false };
	const char *p = list;
	size_t i;

	while (*p != '\0') {
		size_t n;
		int idx;

		while (*p == ',' || *p == ':' || isspace((unsigned char)*p))
			p++;
		n = strcspn(p, ",: \t\n");
		if (n == 0)
			break;
		if (*p == '!') {
			if ((idx = protocol_index(p + 1, n - 1)) < 0)
				return false;
			off[idx] = true;
		} else if (n > 2 && (strncmp(p, ">=", 2) == 0 ||
		    strncmp(p, "<=", 2) == 0)) {
			if ((idx = protocol_index(p + 2, n - 2)) < 0)
				return false;
			if (*p == '>')
				lo = idx;
			else
				hi = idx;
		} else {
			if ((idx = protocol_index(p, n)) < 0)
				return false;
			pos[idx] = any_positive = true;
		}
		p += n;
	}
	for (i = 0; i < NPROTOCOLS; i++)
		on[i] = (!any_positive || pos[i]) && !off[i] &&
		    (int)i >= lo && (int)i <= hi;
	return true;
}

/* min_protocol - the profile's lowest acceptable protocol index */
static int
min_protocol(const struct rule_ctx *ctx)
{
	const char *v = params_scalar(&ctx->params, "min_protocol");
	int idx = v != NULL ? protocol_index(v, strlen(v)) : -1;

	return idx >= 0 ? idx : protocol_index("TLSv1.2", 7);
}

/* old_list - "TLSv1 and TLSv1.1": the enabled protocols below min, not SSLv2 */
static bool
old_list(const bool on[NPROTOCOLS], int min, char *buf, size_t size)
{
	const char *names[NPROTOCOLS];
	size_t i, n = 0, k;

	buf[0] = '\0';
	for (i = 1; (int)i < min && i < NPROTOCOLS; i++)
		if (on[i])
			names[n++] = protocols[i];
	for (k = 0; k < n; k++) {
		size_t l = strlen(buf);

		snprintf(buf + l, size - l, "%s%s", k == 0 ? "" : k + 1 == n ?
		    " and " : ", ", names[k]);
	}
	return n > 0;
}

/*
 * sm_ssl_protocols - the protocols ServerSSLOptions leaves on: +/- and
 * bare SSL_OP_NO_* names, or numbers (OpenSSL 1.1/3 bit values)
 */
static void
sm_ssl_protocols(const char *opts, bool on[NPROTOCOLS])
{
	static const struct {
		const char *name;
		unsigned long bit;
		int proto;
	} flags[] = {
		{ "SSL_OP_NO_SSLv2", 0, 0 },
		{ "SSL_OP_NO_SSLv3", 0x02000000UL, 1 },
		{ "SSL_OP_NO_TLSv1", 0x04000000UL, 2 },
		{ "SSL_OP_NO_TLSv1_1", 0x10000000UL, 3 },
		{ "SSL_OP_NO_TLSv1_2", 0x08000000UL, 4 },
		{ "SSL_OP_NO_TLSv1_3", 0x20000000UL, 5 },
	};
	const char *p = opts != NULL ? opts : "";
	size_t i;

	for (i = 0; i < NPROTOCOLS; i++)
		on[i] = i > 0;
	while (*p != '\0') {
		bool clear = false;
		size_t n;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '+' || *p == '-') {
			clear = *p == '-';
			p++;
		}
		n = strcspn(p, ", \t\n");
		if (n == 0)
			break;
		if (isdigit((unsigned char)*p)) {
			unsigned long bits = strtoul(p, NULL, 0);

			for (i = 1; i < sizeof(flags) / sizeof(flags[0]); i++)
				if (bits & flags[i].bit)
					on[flags[i].proto] = clear;
		} else {
			for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
				if (strlen(flags[i].name) == n &&
				    strncmp(flags[i].name, p, n) == 0)
					on[flags[i].proto] = clear;
		}
		p += n;
	}
}

/* pf_tls_protocols - one server accepts protocols below the minimum */
static void
pf_tls_protocols(struct rule_ctx *ctx, struct rule_group *g,
    struct rule_pf_view *v, const struct pf_tls *t,
    const struct smtp_server *srv)
{
	int min = min_protocol(ctx);
	const char *name = t->enforce ? "smtpd_tls_mandatory_protocols" :
	    "smtpd_tls_protocols";
	const char *list = rule_pf_value(v, name);
	const struct setting *s;
	bool on[NPROTOCOLS];
	char old[128], *shown;

	if (!t->use || !t->cert || !pf_protocols(list, on) ||
	    !old_list(on, min, old, sizeof(old)))
		return;
	s = rule_pf_setting(v, name);
	shown = rule_pf_shown(s, name, list);
	rule_group_add_setting(g, s, rule_where(v->m, s), s, name, srv->name,
	    xasprintf("%s with %s TLS accepts %s, below %s (RFC 8996 "
	    "deprecates TLS 1.0 and 1.1)", shown, t->enforce ? "mandatory" :
	    "opportunistic", old, protocols[min]));
	free(shown);
}

void
check_tls_protocols(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	int min = min_protocol(ctx);
	bool on[NPROTOCOLS];
	char old[128];

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_tls_protocols);
		return;
	}
	if (!sm_tls_offered(m))
		return;
	sm_ssl_protocols(sm_value(m, "ServerSSLOptions"), on);
	if (old_list(on, min, old, sizeof(old))) {
		const struct setting *s = model_lookup(m, "ServerSSLOptions");
		char *shown = sm_shown(s, "ServerSSLOptions");

		rule_report_param(ctx, rule_where(m, s), "ServerSSLOptions",
		    "%s: "
		    "STARTTLS accepts %s, below %s (RFC 8996 deprecates TLS "
		    "1.0 and 1.1); add the matching +SSL_OP_NO_ flags", shown,
		    old, protocols[min]);
		free(shown);
	}
}

/* ---- MH255 tls-weak-ciphers ---- */

static const char *const grades[] = {
	"null", "export", "low", "medium", "high",
};
#define NGRADES		(int)(sizeof(grades) / sizeof(grades[0]))

/* grade_index - position of a grade name; -1 if unknown */
static int
grade_index(const char *g)
{
	int i;

	for (i = 0; i < NGRADES; i++)
		if (g != NULL && strcasecmp(grades[i], g) == 0)
			return i;
	return -1;
}

/* grade_param - a grade parameter of the rule, else fallback */
static int
grade_param(const struct rule_ctx *ctx, const char *name, const char *fallback)
{
	int i = grade_index(params_scalar(&ctx->params, name));

	return i >= 0 ? i : grade_index(fallback);
}

/* cipher_words - OpenSSL cipher-string words that pull in weak suites */
static const struct {
	const char *word;
	int	 grade;		/* the grade of the weakest suites it adds */
	const char *excluded_by[3];	/* !X that removes them */
} cipher_words[] = {
	{ "eNULL", 0, { "eNULL", "NULL", NULL } },
	{ "NULL", 0, { "eNULL", "NULL", NULL } },
	{ "EXP", 1, { "EXP", "EXPORT", NULL } },
	{ "EXPORT", 1, { "EXP", "EXPORT", NULL } },
	{ "LOW", 2, { "LOW", NULL, NULL } },
	{ "DES", 2, { "DES", NULL, NULL } },
	{ "RC4", 2, { "RC4", NULL, NULL } },
	{ "MD5", 2, { "MD5", NULL, NULL } },
	{ "aNULL", 2, { "aNULL", NULL, NULL } },
	{ "ADH", 2, { "aNULL", "ADH", NULL } },
	{ "AECDH", 2, { "aNULL", "AECDH", NULL } },
	{ "3DES", 3, { "3DES", "MEDIUM", NULL } },
	{ "MEDIUM", 3, { "3DES", "MEDIUM", NULL } },
	{ "ALL", 3, { "3DES", "MEDIUM", NULL } },
	{ "IDEA", 3, { "IDEA", "MEDIUM", NULL } },
	{ "SEED", 3, { "SEED", "MEDIUM", NULL } },
};

/* excluded - a cipher string removes a word with !word or -word */
static bool
excluded(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	while (*p != '\0') {
		size_t n;

		while (*p == ':' || *p == ',' || isspace((unsigned char)*p))
			p++;
		n = strcspn(p, ":, \t\n");
		if (n == wl + 1 && (*p == '!' || *p == '-') &&
		    strncmp(p + 1, word, wl) == 0)
			return true;
		p += n;
	}
	return false;
}

/* weak_word - the cipher_words entry a word is, if it is not excluded */
static int
weak_word(const char *list, const char *q, size_t c)
{
	size_t i, k;

	for (i = 0; i < sizeof(cipher_words) / sizeof(cipher_words[0]); i++) {
		bool gone = false;

		if (strlen(cipher_words[i].word) != c ||
		    strncmp(cipher_words[i].word, q, c) != 0)
			continue;
		for (k = 0; k < 3 && cipher_words[i].excluded_by[k]; k++)
			gone |= excluded(list, cipher_words[i].excluded_by[k]);
		return gone ? -1 : (int)i;
	}
	return -1;
}

/*
 * weakest_cipher - the lowest grade a sendmail CipherList admits, the
 * token that adds it and the weak word in it; NGRADES when nothing below
 * high is added
 */
static int
weakest_cipher(const char *list, char *token, char *word, size_t size)
{
	const char *p = list;
	int worst = NGRADES;

	token[0] = word[0] = '\0';
	while (*p != '\0') {
		const char *q, *end;
		size_t n;

		while (*p == ':' || *p == ',' || isspace((unsigned char)*p))
			p++;
		n = strcspn(p, ":, \t\n");
		if (n == 0)
			break;
		end = p + n;
		/* RC4+RSA is the intersection: each part counts */
		for (q = p; *p != '!' && *p != '-' && *p != '+' && *p != '@' &&
		    q < end;) {
			size_t c = strcspn(q, "+");
			int i;

			if (q + c > end)
				c = (size_t)(end - q);
			i = weak_word(list, q, c);
			if (i >= 0 && cipher_words[i].grade < worst) {
				worst = cipher_words[i].grade;
				snprintf(token, size, "%.*s", (int)n, p);
				snprintf(word, size, "%s",
				    cipher_words[i].word);
			}
			q += c + (q + c < end);
		}
		p = end;
	}
	return worst;
}

/* pf_ciphers - one Postfix server: its cipher grade against the minimum */
static void
pf_ciphers(struct rule_ctx *ctx, struct rule_group *g, struct rule_pf_view *v,
    const struct pf_tls *tls, const struct smtp_server *srv)
{
	const struct pf_tls t = *tls;
	const char *name, *grade;
	const struct setting *s;
	int have, want;
	char *shown;

	if (!t.use || !t.cert)
		return;
	name = t.enforce ? "smtpd_tls_mandatory_ciphers" : "smtpd_tls_ciphers";
	grade = rule_pf_value(v, name);
	have = grade_index(grade);
	want = t.enforce ? grade_param(ctx, "min_mandatory_grade", "medium") :
	    grade_param(ctx, "min_grade", "medium");
	if (have < 0 || have >= want)
		return;
	/* medium minus 3DES is what OpenSSL 3 offers as high */
	if (have == 3 && (pf_list_has(rule_pf_value(v,
	    "smtpd_tls_exclude_ciphers"), "3DES") || (t.enforce &&
	    pf_list_has(rule_pf_value(v,
	    "smtpd_tls_mandatory_exclude_ciphers"), "3DES"))))
		return;
	s = rule_pf_setting(v, name);
	shown = rule_pf_shown(s, name, grade);
	rule_group_add_setting(g, s, rule_where(v->m, s), s, name,
	    srv->name, xasprintf("%s with %s TLS admits cipher suites below "
	    "the %s grade this profile asks for%s", shown, t.enforce ?
	    "mandatory" : "opportunistic", grades[want], have == 3 ?
	    " (3DES, open to SWEET32)" : have == 0 ? " (no encryption at "
	    "all)" : " (broken, easily decrypted suites)"));
	free(shown);
}

void
check_tls_ciphers(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const char *list;
	char token[64], word[64];
	int worst, want;

	if (m->mta == MTA_POSTFIX) {
		each_public_server(ctx, pf_ciphers);
		return;
	}
	list = sm_value(m, "CipherList");
	if (!sm_tls_offered(m) || list == NULL)
		return;
	want = grade_param(ctx, "min_grade", "medium");
	worst = weakest_cipher(list, token, word, sizeof(word));
	if (worst < want) {
		const struct setting *s = model_lookup(m, "CipherList");
		char *shown = sm_shown(s, "CipherList");

		rule_report_param(ctx, rule_where(m, s), "CipherList",
		    "%s: '%s' "
		    "admits %s-grade cipher suites, below the %s grade this "
		    "profile asks for; exclude them with !%s", shown, token,
		    grades[worst], grades[want], word);
		free(shown);
	}
}

/* ---- the table ---- */
