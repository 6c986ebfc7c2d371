/*
 * fixers_settings - fixes that give one setting a safer value: Postfix
 * parameters (in main.cf, or in the master.cf -o that decides them) and
 * sendmail options (a .mc define, or a .cf O line when there is no .mc)
 *
 * A Postfix finding's key names the parameter that decides it, prefixed
 * with "service/type:" when a master.cf -o does: the fix changes exactly
 * that definition, so a finding about one service leaves the others alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fix.h"
#include "fixers/fixers.h"
#include "lib/xalloc.h"

enum pf_how {
	PF_SET,		/* value as written */
	PF_NUMBER,	/* the profile parameter `value`, else `fallback` */
	PF_WORD,	/* the profile parameter `value`, else `fallback` */
	PF_PROTOCOLS,	/* ">=" and the profile's min_protocol */
	PF_APPEND,	/* the word `value` after what is there */
	PF_PREPEND,	/* the word `value` before what is there */
	PF_TLS_MAY,	/* "may", only where a certificate is configured */
};

struct pf_fix {
	const char *rule;
	const char *param;
	enum pf_how how;
	const char *value;
	const char *fallback;
};

static const struct pf_fix pf_fixes[] = {
	{ "MH108", "smtpd_discard_ehlo_keywords", PF_APPEND, "dsn", NULL },
	{ "MH111", "authorized_mailq_users", PF_SET, "root", NULL },
	{ "MH112", "authorized_flush_users", PF_SET, "root", NULL },
	{ "MH113", "show_user_unknown_table_name", PF_SET, "no", NULL },
	{ "MH114", "smtpd_etrn_restrictions", PF_SET,
	  "permit_mynetworks, reject", NULL },
	{ "MH115", "smtpd_helo_required", PF_SET, "yes", NULL },
	{ "MH202", "allow_untrusted_routing", PF_SET, "no", NULL },
	{ "MH250", "smtpd_tls_security_level", PF_TLS_MAY, "may", NULL },
	{ "MH251", "smtpd_tls_auth_only", PF_SET, "yes", NULL },
	{ "MH252", "smtpd_sasl_security_options", PF_APPEND, "noplaintext",
	  NULL },
	{ "MH253", "smtpd_sasl_security_options", PF_APPEND, "noanonymous",
	  NULL },
	{ "MH253", "smtpd_sasl_tls_security_options", PF_APPEND,
	  "noanonymous", NULL },
	{ "MH254", "smtpd_tls_protocols", PF_PROTOCOLS, NULL, NULL },
	{ "MH254", "smtpd_tls_mandatory_protocols", PF_PROTOCOLS, NULL, NULL },
	{ "MH255", "smtpd_tls_ciphers", PF_WORD, "min_grade", "medium" },
	{ "MH255", "smtpd_tls_mandatory_ciphers", PF_WORD,
	  "min_mandatory_grade", "medium" },
	{ "MH301", "smtpd_sender_restrictions", PF_PREPEND,
	  "reject_non_fqdn_sender", NULL },
	{ "MH302", "smtpd_sender_restrictions", PF_PREPEND,
	  "reject_unknown_sender_domain", NULL },
	{ "MH303", "strict_rfc821_envelopes", PF_SET, "yes", NULL },
	{ "MH507", "allow_mail_to_commands", PF_SET, "alias, forward", NULL },
	{ "MH507", "allow_mail_to_files", PF_SET, "alias, forward", NULL },
	{ "MH508", "forward_path", PF_SET, "", NULL },
	{ "MH602", "header_size_limit", PF_NUMBER, "max_header_bytes",
	  "102400" },
	{ "MH604", "smtpd_recipient_limit", PF_NUMBER, "max_recipients",
	  "1000" },
	{ "MH605", "smtpd_client_connection_count_limit", PF_NUMBER,
	  "max_per_client", "50" },
	{ "MH606", "smtpd_client_connection_rate_limit", PF_SET, "60", NULL },
	{ "MH608", "line_length_limit", PF_SET, "2048", NULL },
	{ "MH750", "default_privs", PF_SET, "nobody", NULL },
	{ "MH852", "debug_peer_list", PF_SET, "", NULL },
	{ "MH853", "compatibility_level", PF_SET, "3.6", NULL },
	{ "MH854", "compatibility_level", PF_WORD, "min_level", "3.6" },
	{ "MH907", "smtpd_relay_restrictions", PF_SET,
	  "permit_mynetworks, permit_sasl_authenticated, "
	  "reject_unauth_destination", NULL },
};

/*
 * key_scope - split a finding key "svc/type:param" (or "param") into the
 * master.cf service and the parameter; a service name may hold ':'
 * (127.0.0.1:10025/inet), a parameter never does
 */
static const char *
key_scope(const struct model *m, const char *key, const struct service **svc,
    bool *scoped)
{
	const char *colon = strrchr(key, ':');
	char *scope;

	*svc = NULL;
	*scoped = false;
	if (colon == NULL || memchr(key, '/', (size_t)(colon - key)) == NULL)
		return key;
	scope = xstrndup(key, (size_t)(colon - key));
	*svc = fix_pf_service(m, scope);
	*scoped = true;
	free(scope);
	return colon + 1;
}

/* pf_current - the value the fix builds on: planned, else as written */
static const char *
pf_current(struct fix_ctx *ctx, const struct service *svc, const char *name)
{
	const char *planned = fix_pf_planned(ctx->plan, svc, name);
	const struct setting *s;
	size_t i;

	if (planned != NULL)
		return planned;
	if (svc != NULL) {
		s = NULL;
		for (i = 0; i < svc->noverrides; i++)
			if (strcmp(svc->overrides[i]->name, name) == 0)
				s = svc->overrides[i];
	} else {
		s = model_lookup(ctx->m, name);
	}
	/* as written: $references stay references */
	return s == NULL ? "" : s->raw != NULL ? s->raw :
	    s->value != NULL ? s->value : "";
}

/*
 * prepended - a restriction list with a reject_ word added after the
 * reject_ words it starts with: before any permit, and after the checks
 * an earlier fix put first
 */
static char *
prepended(const char *list, const char *word)
{
	const char *p = list;

	for (;;) {
		const char *w = p + strspn(p, " \t\r\n,");
		size_t k = strcspn(w, " \t\r\n,");

		if (k == 0 || strncmp(w, "reject_", 7) != 0)
			break;
		p = w + k;
	}
	if (*(p + strspn(p, " \t\r\n,")) == '\0')
		return xasprintf("%s, %s", list, word);
	if (p == list)
		return xasprintf("%s, %s", word, list);
	return xasprintf("%.*s, %s%s", (int)(p - list), list, word, p);
}

/* has_certificate - a service (or main.cf) names a certificate */
static bool
has_certificate(const struct model *m, const struct service *svc)
{
	const char *cert = rule_setting_value(model_service_lookup(m, svc,
	    "smtpd_tls_cert_file"));
	const char *chain = rule_setting_value(model_service_lookup(m, svc,
	    "smtpd_tls_chain_files"));

	return (*cert != '\0' && strcasecmp(cert, "none") != 0) ||
	    *chain != '\0';
}

/*
 * tls_protocols - TLS turned on must not bring SSLv3, TLS 1.0 and 1.1
 * with it (Postfix 3.7 accepts >=TLSv1 by default), nor a broken cipher
 * grade: a second fix would have them to do
 */
static void
tls_protocols(struct fix_ctx *ctx, const struct service *svc)
{
	static const char *const names[] = { "smtpd_tls_protocols",
	    "smtpd_tls_mandatory_protocols" };
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct setting *s = model_service_lookup(ctx->m, svc,
		    names[i]);
		const char *v = rule_setting_value(s);

		if (strstr(v, ">=TLSv1.2") != NULL ||
		    strstr(v, ">=TLSv1.3") != NULL)
			continue;
		fix_pf_set_at(ctx, s, names[i], ">=TLSv1.2");
	}
	/* nor broken cipher grades */
	{
		const struct setting *s = model_service_lookup(ctx->m, svc,
		    "smtpd_tls_ciphers");
		const char *v = rule_setting_value(s);

		if (strcasecmp(v, "null") == 0 || strcasecmp(v, "export") == 0 ||
		    strcasecmp(v, "low") == 0)
			fix_pf_set_at(ctx, s, "smtpd_tls_ciphers", "medium");
	}
}

static int
pf_fix_apply(struct fix_ctx *ctx, const struct pf_fix *fx,
    const struct service *svc)
{
	const char *cur, *p;
	char *value;

	switch (fx->how) {
	case PF_SET:
		value = xstrdup(fx->value);
		break;
	case PF_NUMBER:
		value = xasprintf("%lld", rule_param_number(ctx->rc, fx->value,
		    strtoll(fx->fallback, NULL, 10)));
		break;
	case PF_WORD:
		p = rule_param_scalar(ctx->rc, fx->value);
		value = xstrdup(p != NULL && *p != '\0' ? p : fx->fallback);
		break;
	case PF_PROTOCOLS:
		p = rule_param_scalar(ctx->rc, "min_protocol");
		value = xasprintf(">=%s", p != NULL && *p != '\0' ? p :
		    "TLSv1.2");
		break;
	case PF_APPEND:
	case PF_PREPEND:
		cur = pf_current(ctx, svc, fx->param);
		if (rule_pf_list_has(cur, fx->value))
			return -1;
		cur += strspn(cur, " \t,");
		if (*cur == '\0')
			value = xstrdup(fx->value);
		else if (fx->how == PF_APPEND)
			value = xasprintf("%s, %s", cur, fx->value);
		else
			value = prepended(cur, fx->value);
		break;
	case PF_TLS_MAY:
		/* without a certificate STARTTLS would only answer 454 */
		if (!has_certificate(ctx->m, svc))
			return -1;
		tls_protocols(ctx, svc);
		value = xstrdup(fx->value);
		break;
	default:
		return -1;
	}
	fix_pf_set(ctx, svc, fx->param, value);
	free(value);
	return 0;
}

/*
 * submission_auth - MH702: the submission service of the stock master.cf,
 * AUTH on and clients that have not authenticated refused
 */
static int
submission_auth(struct fix_ctx *ctx, const struct service *svc,
    const char *what)
{
	if (svc == NULL || svc->line_span.src == NULL)
		return -1;
	if (strcmp(what, "smtpd_sasl_auth_enable") == 0) {
		/* AUTH turned on only after STARTTLS, as the stock entry has it */
		fix_pf_set(ctx, svc, "smtpd_sasl_auth_enable", "yes");
		fix_pf_set(ctx, svc, "smtpd_tls_auth_only", "yes");
	} else if (strcmp(what, "restrictions") != 0)
		return -1;
	fix_pf_set(ctx, svc, "smtpd_client_restrictions",
	    "permit_sasl_authenticated,reject");
	return 0;
}

/*
 * relay_networks - MH907: once smtpd starts, mynetworks decides who may
 * relay; public networks in it would make the fixed server an open relay
 * (a second fix would have that to do). A value built from $references
 * is not rewritten: when what it comes to has public networks, -1 (the
 * restrictions are left to a person). Lookup tables (hash:/etc/...) are
 * left as they are.
 */
static int
relay_networks(struct fix_ctx *ctx)
{
	const char *cur = fix_pf_planned(ctx->plan, NULL, "mynetworks");
	const struct setting *s = model_lookup(ctx->m, "mynetworks");
	char *v;
	int rc = 0;

	if (cur == NULL) {
		if (s == NULL || s->source != SOURCE_FILE)
			return 0;
		cur = s->raw != NULL ? s->raw : rule_setting_value(s);
	}
	if (strstr(cur, ":/") != NULL)
		return 0;
	if (strchr(cur, '$') != NULL) {
		const char *now = rule_setting_value(s);

		v = fixers_private_networks(now);
		rc = strcmp(v, now) == 0 ? 0 : -1;
	} else {
		v = fixers_private_networks(cur);
		if (strcmp(v, cur) != 0)
			fix_pf_set(ctx, NULL, "mynetworks", v);
	}
	free(v);
	return rc;
}

/* level_referenced - does a setting of the files use $compatibility_level? */
static bool
level_referenced(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->source == SOURCE_FILE && s->raw != NULL &&
		    strcmp(s->name, "compatibility_level") != 0 &&
		    strstr(s->raw, "compatibility_level") != NULL)
			return true;
	}
	return false;
}

/*
 * level_raisable - MH853, MH854: values computed from the level would
 * change with it (a person decides); a level of 1 or more gives an unset
 * smtpd_relay_restrictions its default, permit_mynetworks first, so the
 * relay networks must be private
 */
static bool
level_raisable(struct fix_ctx *ctx)
{
	const struct setting *relay = model_lookup(ctx->m,
	    "smtpd_relay_restrictions");

	if (level_referenced(ctx->m))
		return false;
	if ((relay != NULL && relay->source == SOURCE_FILE) ||
	    fix_pf_planned(ctx->plan, NULL, "smtpd_relay_restrictions") != NULL)
		return true;
	return relay_networks(ctx) == 0;
}

static int
fix_postfix(struct fix_ctx *ctx)
{
	const struct service *svc;
	const char *name;
	bool scoped;
	size_t i;

	if (ctx->f->key == NULL)
		return -1;
	name = key_scope(ctx->m, ctx->f->key, &svc, &scoped);
	if (scoped && svc == NULL)
		return -1;
	if (strcmp(ctx->f->rule->id, "MH702") == 0)
		return submission_auth(ctx, svc, name);
	if (strcmp(ctx->f->rule->id, "MH907") == 0 && relay_networks(ctx) < 0)
		return -1;
	if ((strcmp(ctx->f->rule->id, "MH853") == 0 ||
	    strcmp(ctx->f->rule->id, "MH854") == 0) && !level_raisable(ctx))
		return -1;
	for (i = 0; i < sizeof(pf_fixes) / sizeof(pf_fixes[0]); i++)
		if (strcmp(pf_fixes[i].rule, ctx->f->rule->id) == 0 &&
		    strcmp(pf_fixes[i].param, name) == 0)
			return pf_fix_apply(ctx, &pf_fixes[i], svc);
	return -1;
}

/* ---- sendmail ---- */

enum sm_how {
	SM_PRIVACY,	/* a PrivacyOptions flag */
	SM_OPTION,	/* the value as written */
	SM_NUMBER,	/* the profile parameter `value`, else `fallback` */
	SM_FLAG,	/* a letter added to a blank-separated flag list */
	SM_MIME,	/* "N/M" from the profile's two MIME limits */
	SM_SSL,		/* +SSL_OP_NO_... for each protocol below the minimum */
	SM_CIPHERS,	/* an OpenSSL cipher string for the profile's grade */
};

struct sm_fix {
	const char *rule;
	enum sm_how how;
	const char *option, *conf;	/* .cf name, .mc macro */
	const char *value, *fallback;
};

static const struct sm_fix sm_fixes[] = {
	{ "MH108", SM_PRIVACY, NULL, NULL, "noreceipts", NULL },
	{ "MH109", SM_PRIVACY, NULL, NULL, "nobodyreturn", NULL },
	{ "MH110", SM_PRIVACY, NULL, NULL, "noactualrecipient", NULL },
	{ "MH111", SM_PRIVACY, NULL, NULL, "restrictmailq", NULL },
	{ "MH112", SM_PRIVACY, NULL, NULL, "restrictqrun", NULL },
	{ "MH114", SM_PRIVACY, NULL, NULL, "noetrn", NULL },
	{ "MH115", SM_PRIVACY, NULL, NULL, "needmailhelo", NULL },
	{ "MH251", SM_FLAG, "AuthOptions", "confAUTH_OPTIONS", "p", NULL },
	{ "MH252", SM_FLAG, "AuthOptions", "confAUTH_OPTIONS", "p", NULL },
	{ "MH253", SM_FLAG, "AuthOptions", "confAUTH_OPTIONS", "y", NULL },
	{ "MH254", SM_SSL, "ServerSSLOptions", "confSERVER_SSL_OPTIONS", NULL,
	  NULL },
	{ "MH255", SM_CIPHERS, "CipherList", "confCIPHER_LIST", NULL, NULL },
	{ "MH508", SM_OPTION, "ForwardPath", "confFORWARD_PATH", "", NULL },
	{ "MH602", SM_NUMBER, "MaxHeadersLength", "confMAX_HEADERS_LENGTH",
	  "max_header_bytes", "32768" },
	{ "MH603", SM_MIME, "MaxMimeHeaderLength", "confMAX_MIME_HEADER_LENGTH",
	  NULL, NULL },
	{ "MH604", SM_NUMBER, "MaxRecipientsPerMessage",
	  "confMAX_RCPTS_PER_MESSAGE", "max_recipients", "1000" },
	{ "MH605", SM_OPTION, "MaxDaemonChildren", "confMAX_DAEMON_CHILDREN",
	  "40", NULL },
	{ "MH606", SM_OPTION, "ConnectionRateThrottle",
	  "confCONNECTION_RATE_THROTTLE", "15", NULL },
	{ "MH750", SM_OPTION, "DefaultUser", "confDEF_USER_ID",
	  "mailnull:mailnull", NULL },
	{ "MH753", SM_OPTION, "DontBlameSendmail", "confDONT_BLAME_SENDMAIL",
	  "safe", NULL },
	{ "MH754", SM_OPTION, "DontBlameSendmail", "confDONT_BLAME_SENDMAIL",
	  "safe", NULL },
	{ "MH755", SM_OPTION, "SafeFileEnvironment", "confSAFE_FILE_ENV", "/",
	  NULL },
	{ "MH851", SM_NUMBER, "LogLevel", "confLOG_LEVEL", "min_level", "9" },
};

/* sm_current - an option's value the fix builds on: planned, else in force */
static const char *
sm_current(struct fix_ctx *ctx, const char *option)
{
	const char *planned = fix_sm_planned(ctx->plan, option);

	return planned != NULL ? planned :
	    rule_setting_value(model_lookup(ctx->m, option));
}

/* flag_added - a blank-separated flag list with one more flag */
static char *
flag_added(const char *cur, const char *flag)
{
	const char *p = cur;

	while (*p) {
		size_t k;

		p += strspn(p, " \t,");
		k = strcspn(p, " \t,");
		if (k == strlen(flag) && strncmp(p, flag, k) == 0)
			return NULL;
		p += k;
	}
	cur += strspn(cur, " \t,");
	return *cur == '\0' ? xstrdup(flag) : xasprintf("%s %s", cur, flag);
}

/* ssl_options - ServerSSLOptions refusing every protocol below the minimum */
static char *
ssl_options(struct fix_ctx *ctx)
{
	static const struct {
		const char *name, *op;
	} below[] = {
		{ "SSLv3", "+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3" },
		{ "TLSv1", "+SSL_OP_NO_TLSv1" },
		{ "TLSv1.1", "+SSL_OP_NO_TLSv1_1" },
		{ "TLSv1.2", "+SSL_OP_NO_TLSv1_2" },
	};
	const char *min = rule_param_scalar(ctx->rc, "min_protocol");
	const char *cur = sm_current(ctx, "ServerSSLOptions");
	char *out = xstrdup(cur + strspn(cur, " \t"));
	size_t i;

	if (min == NULL || *min == '\0')
		min = "TLSv1.2";
	for (i = 0; i < sizeof(below) / sizeof(below[0]); i++) {
		const char *op = below[i].op, *q;
		char word[64];

		if (strcasecmp(below[i].name, min) == 0)
			break;
		/* each +SSL_OP_NO_X not there yet */
		for (q = op; *q; ) {
			size_t k;
			char *t;

			q += strspn(q, " ");
			k = strcspn(q, " ");
			snprintf(word, sizeof(word), "%.*s", (int)k, q);
			q += k;
			if (strstr(out, word) != NULL)
				continue;
			t = xasprintf("%s%s%s", out, *out ? " " : "", word);
			free(out);
			out = t;
		}
	}
	return out;
}

static int
fix_sendmail(struct fix_ctx *ctx)
{
	const struct sm_fix *fx = NULL;
	const char *p, *q;
	char *value;
	size_t i;

	for (i = 0; i < sizeof(sm_fixes) / sizeof(sm_fixes[0]); i++)
		if (strcmp(sm_fixes[i].rule, ctx->f->rule->id) == 0)
			fx = &sm_fixes[i];
	/* an option needs a sendmail.mc or .cf to be written in */
	if (fx == NULL || ctx->m->main_src == NULL)
		return -1;
	switch (fx->how) {
	case SM_PRIVACY:
		fix_sm_privacy(ctx, fx->value);
		return 0;
	case SM_OPTION:
		value = xstrdup(fx->value);
		break;
	case SM_NUMBER:
		value = xasprintf("%lld", rule_param_number(ctx->rc, fx->value,
		    strtoll(fx->fallback, NULL, 10)));
		break;
	case SM_FLAG:
		value = flag_added(sm_current(ctx, fx->option), fx->value);
		if (value == NULL)
			return -1;
		break;
	case SM_MIME:
		value = xasprintf("%lld/%lld", rule_param_number(ctx->rc,
		    "max_header_bytes", 2048), rule_param_number(ctx->rc,
		    "max_parameter_bytes", 1024));
		break;
	case SM_SSL:
		value = ssl_options(ctx);
		break;
	case SM_CIPHERS:
		p = rule_param_scalar(ctx->rc, "min_grade");
		q = rule_param_scalar(ctx->rc, "min_mandatory_grade");
		/* sendmail has one list for every session: the stricter grade */
		value = xstrdup((p != NULL && strcasecmp(p, "high") == 0) ||
		    (q != NULL && strcasecmp(q, "high") == 0) ?
		    "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES" :
		    "HIGH:MEDIUM:!aNULL:!eNULL:!MD5:!RC4:!3DES:!EXPORT:!LOW");
		break;
	default:
		return -1;
	}
	fix_sm_option(ctx, fx->option, fx->conf, value);
	free(value);
	return 0;
}

int
fixers_settings_fix(struct fix_ctx *ctx)
{
	return ctx->m->mta == MTA_POSTFIX ? fix_postfix(ctx) :
	    fix_sendmail(ctx);
}

const struct fixer fixers_settings[] = {
	{ "MH108", FIX_SAFE, fixers_settings_fix },
	{ "MH109", FIX_SAFE, fixers_settings_fix },
	{ "MH110", FIX_SAFE, fixers_settings_fix },
	{ "MH111", FIX_SAFE, fixers_settings_fix },
	{ "MH112", FIX_SAFE, fixers_settings_fix },
	{ "MH113", FIX_SAFE, fixers_settings_fix },
	{ "MH114", FIX_SAFE, fixers_settings_fix },
	{ "MH115", FIX_UNSAFE, fixers_settings_fix },
	{ "MH202", FIX_UNSAFE, fixers_settings_fix },
	{ "MH250", FIX_SAFE, fixers_settings_fix },
	{ "MH251", FIX_UNSAFE, fixers_settings_fix },
	{ "MH252", FIX_UNSAFE, fixers_settings_fix },
	{ "MH253", FIX_UNSAFE, fixers_settings_fix },
	{ "MH254", FIX_UNSAFE, fixers_settings_fix },
	{ "MH255", FIX_UNSAFE, fixers_settings_fix },
	{ "MH303", FIX_UNSAFE, fixers_settings_fix },
	{ "MH507", FIX_UNSAFE, fixers_settings_fix },
	{ "MH508", FIX_UNSAFE, fixers_settings_fix },
	{ "MH602", FIX_UNSAFE, fixers_settings_fix },
	{ "MH603", FIX_UNSAFE, fixers_settings_fix },
	{ "MH604", FIX_UNSAFE, fixers_settings_fix },
	{ "MH605", FIX_UNSAFE, fixers_settings_fix },
	{ "MH606", FIX_UNSAFE, fixers_settings_fix },
	{ "MH608", FIX_SAFE, fixers_settings_fix },
	{ "MH702", FIX_UNSAFE, fixers_settings_fix },
	{ "MH750", FIX_UNSAFE, fixers_settings_fix },
	{ "MH753", FIX_UNSAFE, fixers_settings_fix },
	{ "MH754", FIX_UNSAFE, fixers_settings_fix },
	{ "MH755", FIX_UNSAFE, fixers_settings_fix },
	{ "MH851", FIX_SAFE, fixers_settings_fix },
	{ "MH852", FIX_SAFE, fixers_settings_fix },
	{ "MH853", FIX_UNSAFE, fixers_settings_fix },
	{ "MH854", FIX_UNSAFE, fixers_settings_fix },
	{ "MH907", FIX_UNSAFE, fixers_settings_fix },
};

const size_t fixers_settings_count =
    sizeof(fixers_settings) / sizeof(fixers_settings[0]);
