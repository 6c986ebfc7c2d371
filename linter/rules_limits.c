/*
 * rules_limits - the limits family: header length, recipients per
 * message, connection concurrency and rate, SMTP command line length
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/sm_cf.h"

/* ---- helpers ---- */

/* sm_atoi - a number as sendmail's atoi() reads it: leading digits only */
static long long
sm_atoi(const char *v)
{
	long long n = 0;
	bool neg = false;

	while (*v == ' ' || *v == '\t')
		v++;
	if (*v == '-' || *v == '+')
		neg = *v++ == '-';
	while (isdigit((unsigned char)*v) && n < 1000000000000LL)
		n = n * 10 + (*v++ - '0');
	return neg ? -n : n;
}

/* pf_number - a Postfix integer value; false when it is not one (MH906's) */
static bool
pf_number(const struct setting *s, long long *out)
{
	const char *v = s != NULL ? (s->value != NULL ? s->value : s->raw) :
	    NULL;
	char *end;

	if (v == NULL || !isdigit((unsigned char)*v))
		return false;
	*out = strtoll(v, &end, 10);
	return *end == '\0';
}

/*
 * sm_option - a sendmail option: its setting (NULL when the files do not
 * set it) and the value in force, the binary's default when unset
 */
static const char *
sm_option(const struct model *m, const char *name, const struct setting **s)
{
	const char *d;

	*s = model_lookup(m, name);
	if (*s != NULL)
		return (*s)->raw != NULL ? (*s)->raw : "";
	d = sm_option_default(name);
	return d != NULL ? d : "";
}

/* sm_describe - "confMAX_HEADERS_LENGTH = 0", or "... is not set (...)" */
static void
sm_describe(char *buf, size_t len, const struct setting *s, const char *name,
    const char *value)
{
	const char *shown = s != NULL && s->written_as != NULL ?
	    s->written_as : name;

	if (s == NULL) {
		snprintf(buf, len, "%s is not set (the binary's default is %s)",
		    name, *value ? value : "empty");
	} else if (s->source == SOURCE_DEFAULT && s->name_span.src != NULL) {
		/* set by a library file: name the call, up to its ')' */
		const char *p = s->name_span.src->bytes + s->name_span.start;
		size_t n = strcspn(p, ")\n");

		snprintf(buf, len, "%s = %s (from %.*s%s)", shown, value,
		    (int)(n > 60 ? 60 : n), p, p[n] == ')' ? ")" : "");
	} else {
		snprintf(buf, len, "%s = %s%s", shown, value,
		    s->source == SOURCE_DEFAULT ? " (default)" : "");
	}
}

/* pf_describe - "smtpd_recipient_limit = 0 (-o in submission/inet)" */
static void
pf_describe(char *buf, size_t len, const struct setting *s, const char *name)
{
	const char *v = s == NULL ? "" : s->value != NULL ? s->value : s->raw;

	if (s == NULL)
		snprintf(buf, len, "%s is not set", name);
	else if (s->source == SOURCE_DEFAULT)
		snprintf(buf, len, "%s = %s (default)", name, v);
	else if (s->scope != NULL)
		snprintf(buf, len, "%s = %s (-o in %s)", name, v, s->scope);
	else
		snprintf(buf, len, "%s = %s", name, v);
}

/* where_pf - a Postfix setting's value, or where main.cf would get it */
static struct span
where_pf(const struct model *m, const struct setting *s)
{
	return rule_where(m, s);
}

/*
 * pf_server_setting - one finding per distinct setting of name that the
 * SMTP servers read; calls judge() with the servers that share it
 */
static void
pf_server_settings(struct rule_ctx *ctx, const char *name,
    void (*judge)(struct rule_ctx *, const struct setting *, const char *))
{
	const struct model *m = ctx->model;
	struct rule_seen seen = RULE_SEEN_INIT;
	size_t i, k;

	for (i = 0; i < m->nservers; i++) {
		const struct setting *s = model_service_lookup(m,
		    rule_settings_service_or_postscreen(m, m->servers[i]),
		    name);
		char servers[512] = "";

		if (s == NULL || rule_seen_before(&seen, s))
			continue;
		for (k = i; k < m->nservers; k++) {
			if (model_service_lookup(m,
			    rule_settings_service_or_postscreen(m,
			    m->servers[k]), name) != s)
				continue;
			snprintf(servers + strlen(servers), sizeof(servers) -
			    strlen(servers), "%s%s", *servers ? ", " : "",
			    m->servers[k]->name);
		}
		judge(ctx, s, servers);
	}
	rule_seen_release(&seen);
}

/* public_listener - the first listener reachable beyond loopback, or NULL */
static const struct listener *
public_listener(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->nlisteners; i++)
		if (!m->listeners[i]->loopback)
			return m->listeners[i];
	return NULL;
}

/* ---- MH602 header-size-limit ---- */

/* pf_header_limit - judge one header_size_limit (main.cf or a -o) */
static void
pf_header_limit(struct rule_ctx *ctx, const struct setting *s, long long max)
{
	const struct model *m = ctx->model;
	char desc[256];
	long long n;

	if (!pf_number(s, &n))
		return;
	pf_describe(desc, sizeof(desc), s, "header_size_limit");
	if (n < 1)
		rule_report_setting(ctx, where_pf(m, s), s, "header_size_limit",
		    "%s is below Postfix's minimum of 1: "
		    "cleanup stops with a fatal error and no mail is accepted",
		    desc);
	else if (n > max)
		rule_report_setting(ctx, where_pf(m, s), s, "header_size_limit",
		    "%s: cleanup keeps %lld bytes of "
		    "headers per message, above this profile's maximum of %lld",
		    desc, n, max);
}

/* check_header_size - MH602: MaxHeadersLength, header_size_limit */
void
check_header_size(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	long long max = params_number(&ctx->params, "max_header_bytes", 102400);
	size_t i, k;

	if (m->mta == MTA_SENDMAIL) {
		const struct setting *s;
		const char *v = sm_option(m, "MaxHeadersLength", &s);
		long long n = sm_atoi(v);
		char desc[256];

		sm_describe(desc, sizeof(desc), s, "MaxHeadersLength", v);
		if (n <= 0)
			rule_report_param(ctx, rule_where(m, s),
			    "MaxHeadersLength",
			    "%s: sendmail accepts headers of any total length, "
			    "so one message's headers can take any amount of "
			    "memory and disk", desc);
		else if (n > max)
			rule_report_param(ctx, rule_where(m, s),
			    "MaxHeadersLength",
			    "%s: sendmail accepts %lld bytes of headers per "
			    "message, above this profile's maximum of %lld",
			    desc, n, max);
		return;
	}
	/* cleanup(8) reads it: main.cf, and -o on any cleanup service. */
	pf_header_limit(ctx, model_lookup(m, "header_size_limit"), max);
	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];

		if (!rule_service_is_effective(m, svc))
			continue;
		for (k = 0; k < svc->noverrides; k++)
			if (strcmp(svc->overrides[k]->name,
			    "header_size_limit") == 0 &&
			    model_service_lookup(m, svc, "header_size_limit") ==
			    svc->overrides[k])
				pf_header_limit(ctx, svc->overrides[k], max);
	}
}

/* ---- MH603 mime-header-limit ---- */

/* check_mime_header - MH603: MaxMimeHeaderLength N/M */
void
check_mime_header(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	long long max_h = params_number(&ctx->params, "max_header_bytes", 2048);
	long long max_f = params_number(&ctx->params, "max_parameter_bytes",
	    1024);
	const struct setting *s;
	const char *v = sm_option(m, "MaxMimeHeaderLength", &s);
	const char *slash = strchr(v, '/');
	long long h = sm_atoi(v), f;
	char desc[256], what[256] = "";

	/* readcf.c: N[/M]; M defaults to N/2; zero or less turns a check off */
	f = slash != NULL && slash[1] != '\0' ? sm_atoi(slash + 1) : h / 2;
	if (h <= 0)
		snprintf(what, sizeof(what), "the length of MIME headers is "
		    "not checked at all");
	else if (h > max_h)
		snprintf(what, sizeof(what), "MIME headers up to %lld bytes "
		    "pass, above this profile's maximum of %lld", h, max_h);
	else if (f <= 0)
		snprintf(what, sizeof(what), "the length of MIME header "
		    "parameters is not checked");
	else if (f > max_f)
		snprintf(what, sizeof(what), "MIME header parameters up to "
		    "%lld bytes pass, above this profile's maximum of %lld", f,
		    max_f);
	if (*what == '\0')
		return;
	sm_describe(desc, sizeof(desc), s, "MaxMimeHeaderLength", v);
	rule_report_param(ctx, rule_where(m, s), "MaxMimeHeaderLength",
	    "%s: %s",
	    desc, what);
}

/* ---- MH604 recipient-limit ---- */

/* pf_recipient_limit - judge one smtpd_recipient_limit */
static void
pf_recipient_limit(struct rule_ctx *ctx, const struct setting *s,
    const char *servers)
{
	long long max = params_number(&ctx->params, "max_recipients", 1000), n;
	char desc[256];

	if (!pf_number(s, &n) || n <= max)
		return;
	pf_describe(desc, sizeof(desc), s, "smtpd_recipient_limit");
	rule_report_setting(ctx, where_pf(ctx->model, s), s,
	    "smtpd_recipient_limit", "%s: %s accepts %lld recipients per "
	    "message, above this profile's maximum of %lld", desc, servers, n,
	    max);
}

/* check_recipients - MH604: MaxRecipientsPerMessage, smtpd_recipient_limit */
void
check_recipients(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	long long max = params_number(&ctx->params, "max_recipients", 1000);
	const struct setting *s;
	const char *v;
	long long n;
	char desc[256];

	if (m->mta == MTA_POSTFIX) {
		pf_server_settings(ctx, "smtpd_recipient_limit",
		    pf_recipient_limit);
		return;
	}
	v = sm_option(m, "MaxRecipientsPerMessage", &s);
	n = sm_atoi(v);
	sm_describe(desc, sizeof(desc), s, "MaxRecipientsPerMessage", v);
	if (n <= 0)
		rule_report_param(ctx, rule_where(m, s),
		    "MaxRecipientsPerMessage",
		    "%s: sendmail accepts any number of recipients per message",
		    desc);
	else if (n > max)
		rule_report_param(ctx, rule_where(m, s),
		    "MaxRecipientsPerMessage",
		    "%s: sendmail accepts %lld recipients per message, above "
		    "this profile's maximum of %lld", desc, n, max);
}

/* ---- MH605 connection-concurrency ---- */

/* pf_client_count - judge one smtpd_client_connection_count_limit */
static void
pf_client_count(struct rule_ctx *ctx, const struct setting *s,
    const char *servers)
{
	long long max = params_number(&ctx->params, "max_per_client", 50), n;
	char desc[256];

	if (!pf_number(s, &n))
		return;
	pf_describe(desc, sizeof(desc), s,
	    "smtpd_client_connection_count_limit");
	if (n == 0)
		rule_report_setting(ctx, where_pf(ctx->model, s), s,
		    "smtpd_client_connection_count_limit", "%s: one client "
		    "may hold any number of connections to %s at once", desc,
		    servers);
	else if (n > max)
		rule_report_setting(ctx, where_pf(ctx->model, s), s,
		    "smtpd_client_connection_count_limit", "%s: one client "
		    "may hold %lld connections to %s at once, above this "
		    "profile's maximum of %lld", desc, n, servers, max);
}

/* pf_process_limit - smtpd processes of a service without bound */
static void
pf_process_limit(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *dpl = model_lookup(m, "default_process_limit");
	struct rule_seen seen = RULE_SEEN_INIT;
	long long dn;
	bool dpl_zero = pf_number(dpl, &dn) && dn == 0;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct service *svc =
		    rule_settings_service_or_postscreen(m, m->servers[i]);
		char key[256];

		if (svc == NULL) {
			/* stock master.cf: maxproc '-' */
			if (dpl_zero && !rule_seen_before(&seen, dpl))
				rule_report_param(ctx, where_pf(m, dpl),
				    "default_process_limit", "default_process_"
				    "limit = 0: %s may run any number of smtpd "
				    "processes", m->servers[i]->name);
			continue;
		}
		if (svc->maxproc_field == NULL || rule_seen_before(&seen, svc))
			continue;
		snprintf(key, sizeof(key), "%s/%s:maxproc", svc->name,
		    svc->type);
		if (strcmp(svc->maxproc_field, "0") == 0)
			rule_report(ctx, rule_service_field_span(svc, 6), key,
			    "service %s/%s has maxproc 0: %s may run any "
			    "number of smtpd processes", svc->name, svc->type,
			    m->servers[i]->name);
		else if (strcmp(svc->maxproc_field, "-") == 0 && dpl_zero &&
		    !rule_seen_before(&seen, dpl))
			rule_report_param(ctx, where_pf(m, dpl),
			    "default_process_limit", "default_process_limit = "
			    "0 and service %s/%s has maxproc '-': %s may run "
			    "any number of smtpd processes", svc->name,
			    svc->type, m->servers[i]->name);
	}
	rule_seen_release(&seen);
}

/* check_concurrency - MH605: MaxDaemonChildren, maxproc, anvil count */
void
check_concurrency(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s;
	const char *v;
	char desc[256];

	if (m->mta == MTA_POSTFIX) {
		pf_process_limit(ctx);
		pf_server_settings(ctx, "smtpd_client_connection_count_limit",
		    pf_client_count);
		return;
	}
	if (m->nservers == 0)
		return;
	v = sm_option(m, "MaxDaemonChildren", &s);
	if (sm_atoi(v) > 0)
		return;
	sm_describe(desc, sizeof(desc), s, "MaxDaemonChildren", v);
	rule_report_param(ctx, rule_where(m, s), "MaxDaemonChildren", "%s: the "
	    "daemon forks a child for every connection, without bound", desc);
}

/* ---- MH606 connection-rate-limit ---- */

/* pf_client_rate - judge one smtpd_client_connection_rate_limit */
static void
pf_client_rate(struct rule_ctx *ctx, const struct setting *s,
    const char *servers)
{
	long long n;
	char desc[256];

	if (!pf_number(s, &n) || n != 0)
		return;
	pf_describe(desc, sizeof(desc), s,
	    "smtpd_client_connection_rate_limit");
	rule_report_setting(ctx, where_pf(ctx->model, s), s,
	    "smtpd_client_connection_rate_limit", "%s: one client may open "
	    "connections to %s as fast as it likes", desc, servers);
}

/* check_rate - MH606: ConnectionRateThrottle, anvil connection rate */
void
check_rate(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s;
	const char *v;
	char desc[256];

	if (m->mta == MTA_POSTFIX) {
		pf_server_settings(ctx, "smtpd_client_connection_rate_limit",
		    pf_client_rate);
		return;
	}
	if (m->nservers == 0)
		return;
	v = sm_option(m, "ConnectionRateThrottle", &s);
	if (sm_atoi(v) > 0)
		return;
	sm_describe(desc, sizeof(desc), s, "ConnectionRateThrottle", v);
	rule_report_param(ctx, rule_where(m, s), "ConnectionRateThrottle",
	    "%s: the "
	    "daemon accepts connections as fast as they arrive", desc);
}

/* ---- MH607 command-line-length-fixed ---- */

/* check_command_line - MH607: a note for MTAs that face the network */
void
check_command_line(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct listener *l = public_listener(m);

	if (l == NULL)
		return;
	if (m->mta == MTA_SENDMAIL) {
		rule_report(ctx, l->where, "command-line-length", "%s listens "
		    "on %s, port %s: sendmail cannot be told to refuse SMTP "
		    "command lines longer than the 512 characters of RFC 5321; "
		    "it ends the session with 421 only past its compiled "
		    "MAXLINE of 2048, and no option changes that", l->server,
		    strcmp(l->address, "all") == 0 ? "all addresses" :
		    l->address, l->port);
	} else {
		const struct setting *s = model_lookup(m, "line_length_limit");
		char desc[256];

		pf_describe(desc, sizeof(desc), s, "line_length_limit");
		rule_report(ctx, s != NULL && s->source == SOURCE_FILE ?
		    rule_where(m, s) : l->service_where.src != NULL ?
		    l->service_where : l->where, "command-line-length",
		    "%s listens on %s, port %s: Postfix 3.7 cannot refuse SMTP "
		    "command lines longer than the 512 characters of RFC 5321; "
		    "smtpd reads up to line_length_limit bytes and skips the "
		    "rest (%s), and no parameter makes it reject them",
		    l->server, strcmp(l->address, "all") == 0 ?
		    "all addresses" : l->address, l->port, desc);
	}
}

/* ---- MH608 line-length-limit-low ---- */

/* line_limit - judge one line_length_limit (main.cf or a -o) */
static void
line_limit(struct rule_ctx *ctx, const struct setting *s)
{
	char desc[256];
	long long n;

	if (!pf_number(s, &n) || n >= 998)
		return;
	pf_describe(desc, sizeof(desc), s, "line_length_limit");
	if (n < 512)
		rule_report_setting(ctx, where_pf(ctx->model, s), s,
		    "line_length_limit", "%s is below Postfix's minimum of "
		    "512: the Postfix programs that read it stop with a fatal "
		    "error", desc);
	else
		rule_report_setting(ctx, where_pf(ctx->model, s), s,
		    "line_length_limit", "%s is shorter than the 998 "
		    "characters RFC 5322 allows in a line: longer header and "
		    "body lines are split, which changes messages and breaks "
		    "their DKIM signatures", desc);
}

/* check_line_limit - MH608: line_length_limit below 998 */
void
check_line_limit(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, k;

	line_limit(ctx, model_lookup(m, "line_length_limit"));
	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];

		if (!rule_service_is_effective(m, svc))
			continue;
		for (k = 0; k < svc->noverrides; k++)
			if (strcmp(svc->overrides[k]->name,
			    "line_length_limit") == 0 &&
			    model_service_lookup(m, svc, "line_length_limit") ==
			    svc->overrides[k])
				line_limit(ctx, svc->overrides[k]);
	}
}

/* ---- the table ---- */
