/*
 * fixers_settings - fixes that give one setting a safer value: Postfix
 * parameters (in main.cf, or in the master.cf -o that decides them) and
 * sendmail options (a .mc define, or a .cf O line when there is no .mc)
 *
 * A Postfix finding names the setting that decides it and its parameter
 * (a master.cf -o names its service): the fix changes exactly that
 * definition, so a finding about one service leaves the others alone.
 * Each rule's fixer lists what its parameters and its sendmail option
 * become (struct pf_fix, struct sm_fix), at the end of this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fix.h"
#include "fixers/fixers.h"
#include "lib/msg.h"
#include "lib/xalloc.h"
#include "parsers/pf_list.h"

enum pf_how {
	PF_SET,		/* value as written */
	PF_NUMBER,	/* the profile parameter `value`, else `fallback` */
	PF_WORD,	/* the profile parameter `value`, else `fallback` */
	PF_PROTOCOLS,	/* ">=" and the profile's min_protocol */
	PF_APPEND,	/* the word `value` after what is there */
	PF_PREPEND,	/* the word `value` before what is there */
	PF_TLS_MAY,	/* "may", only where a certificate is configured */
};

/* PF_FIXES - the Postfix parameters of a fixer */
#define PF_FIXES(list)	.pf = (list), .npf = sizeof(list) / sizeof((list)[0])

struct pf_fix {
	const char *param;
	enum pf_how how;
	const char *value;
	const char *fallback;
};


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
	const char *cert = setting_value(model_service_lookup(m, svc,
	    "smtpd_tls_cert_file"));
	const char *chain = setting_value(model_service_lookup(m, svc,
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
		const char *v = setting_value(s);

		if (strstr(v, ">=TLSv1.2") != NULL ||
		    strstr(v, ">=TLSv1.3") != NULL)
			continue;
		fix_pf_set_at(ctx, s, names[i], ">=TLSv1.2");
	}
	/* nor broken cipher grades */
	{
		const struct setting *s = model_service_lookup(ctx->m, svc,
		    "smtpd_tls_ciphers");
		const char *v = setting_value(s);

		if (strcasecmp(v, "null") == 0 || strcasecmp(v,
		    "export") == 0 ||
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
		value = xasprintf("%lld", params_number(ctx->params, fx->value,
		    strtoll(fx->fallback, NULL, 10)));
		break;
	case PF_WORD:
		p = params_scalar(ctx->params, fx->value);
		value = xstrdup(p != NULL && *p != '\0' ? p : fx->fallback);
		break;
	case PF_PROTOCOLS:
		p = params_scalar(ctx->params, "min_protocol");
		value = xasprintf(">=%s", p != NULL && *p != '\0' ? p :
		    "TLSv1.2");
		break;
	case PF_APPEND:
	case PF_PREPEND:
		cur = pf_current(ctx, svc, fx->param);
		if (pf_list_has(cur, fx->value))
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
		msg_panic("Postfix fix of %s: no way %d", fx->param,
		    (int)fx->how);
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
		cur = s->raw != NULL ? s->raw : setting_value(s);
	}
	if (strstr(cur, ":/") != NULL)
		return 0;
	if (strchr(cur, '$') != NULL) {
		const char *now = setting_value(s);

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

/* fix_postfix - the parameter a finding names becomes what its fixer says */
static int
fix_postfix(struct fix_ctx *ctx)
{
	const struct finding *f = ctx->f;
	size_t i;

	if (f->param == NULL)
		return -1;
	for (i = 0; i < ctx->fixer->npf; i++)
		if (strcmp(ctx->fixer->pf[i].param, f->param) == 0)
			return pf_fix_apply(ctx, &ctx->fixer->pf[i],
			    f->service);
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
	enum sm_how how;
	const char *option, *conf;	/* .cf name, .mc macro */
	const char *value, *fallback;
};


/* sm_current - an option's value the fix builds on: planned, else in force */
static const char *
sm_current(struct fix_ctx *ctx, const char *option)
{
	const char *planned = fix_sm_planned(ctx->plan, option);

	return planned != NULL ? planned :
	    setting_value(model_lookup(ctx->m, option));
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
	const char *min = params_scalar(ctx->params, "min_protocol");
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
	const struct sm_fix *fx = ctx->fixer->sm;
	const char *p, *q;
	char *value;

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
		value = xasprintf("%lld", params_number(ctx->params, fx->value,
		    strtoll(fx->fallback, NULL, 10)));
		break;
	case SM_FLAG:
		value = flag_added(sm_current(ctx, fx->option), fx->value);
		if (value == NULL)
			return -1;
		break;
	case SM_MIME:
		value = xasprintf("%lld/%lld", params_number(ctx->params,
		    "max_header_bytes", 2048), params_number(ctx->params,
		    "max_parameter_bytes", 1024));
		break;
	case SM_SSL:
		value = ssl_options(ctx);
		break;
	case SM_CIPHERS:
		p = params_scalar(ctx->params, "min_grade");
		q = params_scalar(ctx->params, "min_mandatory_grade");
		/* sendmail has one list for every session: the stricter grade */
		value = xstrdup((p != NULL && strcasecmp(p, "high") == 0) ||
		    (q != NULL && strcasecmp(q, "high") == 0) ?
		    "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES" :
		    "HIGH:MEDIUM:!aNULL:!eNULL:!MD5:!RC4:!3DES:!EXPORT:!LOW");
		break;
	default:
		msg_panic("sendmail fix of %s: no way %d", fx->option,
		    (int)fx->how);
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

/* fix_submission - MH702: AUTH on a submission service, and required */
static int
fix_submission(struct fix_ctx *ctx)
{
	if (ctx->m->mta != MTA_POSTFIX || ctx->f->param == NULL)
		return -1;
	return submission_auth(ctx, ctx->f->service, ctx->f->param);
}

/* fix_relay_missing - MH907: restrictions that close relaying */
static int
fix_relay_missing(struct fix_ctx *ctx)
{
	if (ctx->m->mta != MTA_POSTFIX || relay_networks(ctx) < 0)
		return -1;
	return fix_postfix(ctx);
}

/* fix_level - MH853, MH854: a compatibility_level that can be raised */
static int
fix_level(struct fix_ctx *ctx)
{
	if (ctx->m->mta != MTA_POSTFIX || !level_raisable(ctx))
		return -1;
	return fix_postfix(ctx);
}

/* ---- the fixers of the rules one setting decides ---- */

/* MH108 success-dsn-offered */
static const struct pf_fix pf_success_dsn_offered[] = {
	{ "smtpd_discard_ehlo_keywords", PF_APPEND, "dsn", NULL },
};
static const struct sm_fix sm_success_dsn_offered = { .how = SM_PRIVACY,
	    .value = "noreceipts" };
const struct fixer fixer_success_dsn_offered = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_success_dsn_offered),
	.sm = &sm_success_dsn_offered,
};

/* MH109 bounce-returns-body */
static const struct sm_fix sm_bounce_returns_body = { .how = SM_PRIVACY,
	    .value = "nobodyreturn" };
const struct fixer fixer_bounce_returns_body = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_bounce_returns_body,
};

/* MH110 dsn-reveals-actual-recipient */
static const struct sm_fix sm_dsn_reveals_actual_recipient = {
	.how = SM_PRIVACY, .value = "noactualrecipient" };
const struct fixer fixer_dsn_reveals_actual_recipient = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_dsn_reveals_actual_recipient,
};

/* MH111 mailq-open-to-all */
static const struct pf_fix pf_mailq_open_to_all[] = {
	{ "authorized_mailq_users", PF_SET, "root", NULL },
};
static const struct sm_fix sm_mailq_open_to_all = { .how = SM_PRIVACY,
	    .value = "restrictmailq" };
const struct fixer fixer_mailq_open_to_all = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_mailq_open_to_all),
	.sm = &sm_mailq_open_to_all,
};

/* MH112 queue-run-open-to-all */
static const struct pf_fix pf_queue_run_open_to_all[] = {
	{ "authorized_flush_users", PF_SET, "root", NULL },
};
static const struct sm_fix sm_queue_run_open_to_all = { .how = SM_PRIVACY,
	    .value = "restrictqrun" };
const struct fixer fixer_queue_run_open_to_all = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_queue_run_open_to_all),
	.sm = &sm_queue_run_open_to_all,
};

/* MH113 unknown-user-reveals-table */
static const struct pf_fix pf_unknown_user_reveals_table[] = {
	{ "show_user_unknown_table_name", PF_SET, "no", NULL },
};
const struct fixer fixer_unknown_user_reveals_table = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_unknown_user_reveals_table),
};

/* MH114 etrn-open */
static const struct pf_fix pf_etrn_open[] = {
	{ "smtpd_etrn_restrictions", PF_SET, "permit_mynetworks, reject",
	  NULL },
};
static const struct sm_fix sm_etrn_open = { .how = SM_PRIVACY,
	    .value = "noetrn" };
const struct fixer fixer_etrn_open = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_etrn_open),
	.sm = &sm_etrn_open,
};

/* MH115 helo-not-required */
static const struct pf_fix pf_helo_not_required[] = {
	{ "smtpd_helo_required", PF_SET, "yes", NULL },
};
static const struct sm_fix sm_helo_not_required = { .how = SM_PRIVACY,
	    .value = "needmailhelo" };
const struct fixer fixer_helo_not_required = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_helo_not_required),
	.sm = &sm_helo_not_required,
};

/* MH202 untrusted-routing */
static const struct pf_fix pf_untrusted_routing[] = {
	{ "allow_untrusted_routing", PF_SET, "no", NULL },
};
const struct fixer fixer_untrusted_routing = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_untrusted_routing),
};

/* MH250 starttls-not-offered */
static const struct pf_fix pf_starttls_not_offered[] = {
	{ "smtpd_tls_security_level", PF_TLS_MAY, "may", NULL },
};
const struct fixer fixer_starttls_not_offered = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_starttls_not_offered),
};

/* MH251 auth-without-tls */
static const struct pf_fix pf_auth_without_tls[] = {
	{ "smtpd_tls_auth_only", PF_SET, "yes", NULL },
};
static const struct sm_fix sm_auth_without_tls = { .how = SM_FLAG,
	    .option = "AuthOptions", .conf = "confAUTH_OPTIONS", .value = "p" };
const struct fixer fixer_auth_without_tls = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_auth_without_tls),
	.sm = &sm_auth_without_tls,
};

/* MH252 sasl-plaintext-without-tls */
static const struct pf_fix pf_sasl_plaintext_without_tls[] = {
	{ "smtpd_sasl_security_options", PF_APPEND, "noplaintext", NULL },
};
static const struct sm_fix sm_sasl_plaintext_without_tls = { .how = SM_FLAG,
	    .option = "AuthOptions", .conf = "confAUTH_OPTIONS", .value = "p" };
const struct fixer fixer_sasl_plaintext_without_tls = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_sasl_plaintext_without_tls),
	.sm = &sm_sasl_plaintext_without_tls,
};

/* MH253 sasl-anonymous-allowed */
static const struct pf_fix pf_sasl_anonymous_allowed[] = {
	{ "smtpd_sasl_security_options", PF_APPEND, "noanonymous", NULL },
	{ "smtpd_sasl_tls_security_options", PF_APPEND, "noanonymous", NULL },
};
static const struct sm_fix sm_sasl_anonymous_allowed = { .how = SM_FLAG,
	    .option = "AuthOptions", .conf = "confAUTH_OPTIONS", .value = "y" };
const struct fixer fixer_sasl_anonymous_allowed = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_sasl_anonymous_allowed),
	.sm = &sm_sasl_anonymous_allowed,
};

/* MH254 tls-old-protocols */
static const struct pf_fix pf_tls_old_protocols[] = {
	{ "smtpd_tls_protocols", PF_PROTOCOLS, NULL, NULL },
	{ "smtpd_tls_mandatory_protocols", PF_PROTOCOLS, NULL, NULL },
};
static const struct sm_fix sm_tls_old_protocols = { .how = SM_SSL,
	    .option = "ServerSSLOptions", .conf = "confSERVER_SSL_OPTIONS" };
const struct fixer fixer_tls_old_protocols = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_tls_old_protocols),
	.sm = &sm_tls_old_protocols,
};

/* MH255 tls-weak-ciphers */
static const struct pf_fix pf_tls_weak_ciphers[] = {
	{ "smtpd_tls_ciphers", PF_WORD, "min_grade", "medium" },
	{ "smtpd_tls_mandatory_ciphers", PF_WORD, "min_mandatory_grade",
	  "medium" },
};
static const struct sm_fix sm_tls_weak_ciphers = { .how = SM_CIPHERS,
	    .option = "CipherList", .conf = "confCIPHER_LIST" };
const struct fixer fixer_tls_weak_ciphers = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_tls_weak_ciphers),
	.sm = &sm_tls_weak_ciphers,
};

/* MH301 unqualified-sender-accepted */
static const struct pf_fix pf_unqualified_sender_accepted[] = {
	{ "smtpd_sender_restrictions", PF_PREPEND, "reject_non_fqdn_sender",
	  NULL },
};
const struct fixer fixer_unqualified_sender_accepted = {
	.safety = FIX_UNSAFE,
	.fix = fixers_sender,
	.arg = "accept_unqualified_senders",
	PF_FIXES(pf_unqualified_sender_accepted),
};

/* MH302 unresolvable-sender-accepted */
static const struct pf_fix pf_unresolvable_sender_accepted[] = {
	{ "smtpd_sender_restrictions", PF_PREPEND,
	  "reject_unknown_sender_domain", NULL },
};
const struct fixer fixer_unresolvable_sender_accepted = {
	.safety = FIX_UNSAFE,
	.fix = fixers_sender,
	.arg = "accept_unresolvable_domains",
	PF_FIXES(pf_unresolvable_sender_accepted),
};

/* MH303 rfc821-envelopes-not-strict */
static const struct pf_fix pf_rfc821_envelopes_not_strict[] = {
	{ "strict_rfc821_envelopes", PF_SET, "yes", NULL },
};
const struct fixer fixer_rfc821_envelopes_not_strict = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_rfc821_envelopes_not_strict),
};

/* MH507 mail-to-commands-widened */
static const struct pf_fix pf_mail_to_commands_widened[] = {
	{ "allow_mail_to_commands", PF_SET, "alias, forward", NULL },
	{ "allow_mail_to_files", PF_SET, "alias, forward", NULL },
};
const struct fixer fixer_mail_to_commands_widened = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_mail_to_commands_widened),
};

/* MH508 forward-on-gateway */
static const struct pf_fix pf_forward_on_gateway[] = {
	{ "forward_path", PF_SET, "", NULL },
};
static const struct sm_fix sm_forward_on_gateway = { .how = SM_OPTION,
	    .option = "ForwardPath", .conf = "confFORWARD_PATH", .value = "" };
const struct fixer fixer_forward_on_gateway = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_forward_on_gateway),
	.sm = &sm_forward_on_gateway,
};

/* MH602 header-size-limit */
static const struct pf_fix pf_header_size_limit[] = {
	{ "header_size_limit", PF_NUMBER, "max_header_bytes", "102400" },
};
static const struct sm_fix sm_header_size_limit = { .how = SM_NUMBER,
	    .option = "MaxHeadersLength", .conf = "confMAX_HEADERS_LENGTH",
	    .value = "max_header_bytes", .fallback = "32768" };
const struct fixer fixer_header_size_limit = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_header_size_limit),
	.sm = &sm_header_size_limit,
};

/* MH603 mime-header-limit */
static const struct sm_fix sm_mime_header_limit = { .how = SM_MIME,
	    .option = "MaxMimeHeaderLength",
	    .conf = "confMAX_MIME_HEADER_LENGTH" };
const struct fixer fixer_mime_header_limit = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_mime_header_limit,
};

/* MH604 recipient-limit */
static const struct pf_fix pf_recipient_limit[] = {
	{ "smtpd_recipient_limit", PF_NUMBER, "max_recipients", "1000" },
};
static const struct sm_fix sm_recipient_limit = { .how = SM_NUMBER,
	    .option = "MaxRecipientsPerMessage",
	    .conf = "confMAX_RCPTS_PER_MESSAGE", .value = "max_recipients",
	    .fallback = "1000" };
const struct fixer fixer_recipient_limit = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_recipient_limit),
	.sm = &sm_recipient_limit,
};

/* MH605 connection-concurrency */
static const struct pf_fix pf_connection_concurrency[] = {
	{ "smtpd_client_connection_count_limit", PF_NUMBER, "max_per_client",
	  "50" },
};
static const struct sm_fix sm_connection_concurrency = { .how = SM_OPTION,
	    .option = "MaxDaemonChildren", .conf = "confMAX_DAEMON_CHILDREN",
	    .value = "40" };
const struct fixer fixer_connection_concurrency = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_connection_concurrency),
	.sm = &sm_connection_concurrency,
};

/* MH606 connection-rate-limit */
static const struct pf_fix pf_connection_rate_limit[] = {
	{ "smtpd_client_connection_rate_limit", PF_SET, "60", NULL },
};
static const struct sm_fix sm_connection_rate_limit = { .how = SM_OPTION,
	    .option = "ConnectionRateThrottle",
	    .conf = "confCONNECTION_RATE_THROTTLE", .value = "15" };
const struct fixer fixer_connection_rate_limit = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_connection_rate_limit),
	.sm = &sm_connection_rate_limit,
};

/* MH608 line-length-limit-low */
static const struct pf_fix pf_line_length_limit_low[] = {
	{ "line_length_limit", PF_SET, "2048", NULL },
};
const struct fixer fixer_line_length_limit_low = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_line_length_limit_low),
};

/* MH702 submission-without-auth */
const struct fixer fixer_submission_without_auth = {
	.safety = FIX_UNSAFE,
	.fix = fix_submission,
};

/* MH750 default-user-privileged */
static const struct pf_fix pf_default_user_privileged[] = {
	{ "default_privs", PF_SET, "nobody", NULL },
};
static const struct sm_fix sm_default_user_privileged = { .how = SM_OPTION,
	    .option = "DefaultUser", .conf = "confDEF_USER_ID",
	    .value = "mailnull:mailnull" };
const struct fixer fixer_default_user_privileged = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_default_user_privileged),
	.sm = &sm_default_user_privileged,
};

/* MH753 dont-blame-sendmail-unsafe */
static const struct sm_fix sm_dont_blame_sendmail_unsafe = { .how = SM_OPTION,
	    .option = "DontBlameSendmail", .conf = "confDONT_BLAME_SENDMAIL",
	    .value = "safe" };
const struct fixer fixer_dont_blame_sendmail_unsafe = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_dont_blame_sendmail_unsafe,
};

/* MH754 dont-blame-sendmail-relaxed */
static const struct sm_fix sm_dont_blame_sendmail_relaxed = { .how = SM_OPTION,
	    .option = "DontBlameSendmail", .conf = "confDONT_BLAME_SENDMAIL",
	    .value = "safe" };
const struct fixer fixer_dont_blame_sendmail_relaxed = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_dont_blame_sendmail_relaxed,
};

/* MH755 safe-file-environment-unset */
static const struct sm_fix sm_safe_file_environment_unset = { .how = SM_OPTION,
	    .option = "SafeFileEnvironment", .conf = "confSAFE_FILE_ENV",
	    .value = "/" };
const struct fixer fixer_safe_file_environment_unset = {
	.safety = FIX_UNSAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_safe_file_environment_unset,
};

/* MH851 log-level-low */
static const struct sm_fix sm_log_level_low = { .how = SM_NUMBER,
	    .option = "LogLevel", .conf = "confLOG_LEVEL",
	    .value = "min_level", .fallback = "9" };
const struct fixer fixer_log_level_low = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	.sm = &sm_log_level_low,
};

/* MH852 debug-logging-on */
static const struct pf_fix pf_debug_logging_on[] = {
	{ "debug_peer_list", PF_SET, "", NULL },
};
const struct fixer fixer_debug_logging_on = {
	.safety = FIX_SAFE,
	.fix = fixers_settings_fix,
	PF_FIXES(pf_debug_logging_on),
};

/* MH853 compatibility-level-unsafe */
static const struct pf_fix pf_compatibility_level_unsafe[] = {
	{ "compatibility_level", PF_SET, "3.6", NULL },
};
const struct fixer fixer_compatibility_level_unsafe = {
	.safety = FIX_UNSAFE,
	.fix = fix_level,
	PF_FIXES(pf_compatibility_level_unsafe),
};

/* MH854 compatibility-level-old */
static const struct pf_fix pf_compatibility_level_old[] = {
	{ "compatibility_level", PF_WORD, "min_level", "3.6" },
};
const struct fixer fixer_compatibility_level_old = {
	.safety = FIX_UNSAFE,
	.fix = fix_level,
	PF_FIXES(pf_compatibility_level_old),
};

/* MH907 relay-restrictions-missing */
static const struct pf_fix pf_relay_restrictions_missing[] = {
	{ "smtpd_relay_restrictions", PF_SET,
	  "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
	  NULL },
};
const struct fixer fixer_relay_restrictions_missing = {
	.safety = FIX_UNSAFE,
	.fix = fix_relay_missing,
	PF_FIXES(pf_relay_restrictions_missing),
};
