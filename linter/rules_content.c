/*
 * rules_content - the content family: DNS block lists, spam and virus
 * filters, attachment and Subject filters
 *
 * Neither MTA filters content by itself; these rules check that the hooks
 * are configured (a milter, a content filter, a header table, a DNSBL),
 * not that the software behind them works. They are low (notes: info):
 * the contract's guide keeps such defence in depth below the default
 * --fail-on medium. Only servers that listen beyond loopback are checked.
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
#include "parsers/pf_restrict.h"

/* ---- helpers ---- */

/* is_port_25 - a server listens on the SMTP port beyond loopback */
static bool
is_port_25(const struct model *m, const struct smtp_server *srv)
{
	size_t i;

	(void)m;
	for (i = 0; i < srv->nlisteners; i++) {
		const struct listener *l = srv->listeners[i];

		if (!l->loopback &&
		    (strcmp(l->port, "smtp") == 0 ||
		    strcmp(l->port, "25") == 0))
			return true;
	}
	return false;
}

/* ---- Postfix: content filters in force for one server ---- */

/*
 * pf_filter - the milter, after-queue content_filter or before-queue
 * proxy filter that sees the server's mail; NULL when none does
 */
static const char *
pf_filter(struct rule_pf_view *v)
{
	const char *milters = rule_pf_value(v, "smtpd_milters");
	const char *rcv = rule_pf_value(v, "receive_override_options");

	if (*milters != '\0' && !pf_list_has(rcv, "no_milters"))
		return "smtpd_milters";
	if (*rule_pf_value(v, "content_filter") != '\0')
		return "content_filter";
	if (*rule_pf_value(v, "smtpd_proxy_filter") != '\0')
		return "smtpd_proxy_filter";
	return NULL;
}

/* pf_no_filter_text - what the filter parameters say, for a message */
static char *
pf_no_filter_text(struct rule_pf_view *v)
{
	const char *milters = rule_pf_value(v, "smtpd_milters");

	if (*milters != '\0')
		return xasprintf("smtpd_milters = %s, but receive_override_"
		    "options = %s turns milters off", milters,
		    rule_pf_value(v, "receive_override_options"));
	return xstrdup("smtpd_milters, content_filter and smtpd_proxy_filter "
	    "are empty");
}

/* ---- sendmail: milters in force for one daemon ---- */

struct sm_milters {
	const char *list;	/* the filter names in force */
	const struct setting *from;	/* InputMailFilters, or the daemon's */
	bool	 per_daemon;	/* the daemon's own InputMailFilters= */
	char	 active[256];	/* names that have an X definition */
	char	 missing[256];	/* names without one */
};

/* sm_milters_of - the daemon's filter list, and which of them exist */
static void
sm_milters_of(const struct model *m, const struct smtp_server *srv,
    struct sm_milters *f, char *buf, size_t size)
{
	const char *p;
	size_t i;

	memset(f, 0, sizeof(*f));
	rule_daemon_option(rule_sm_daemon_options(m, srv), 'I', buf, size);
	if (*buf != '\0') {
		f->list = buf;
		f->per_daemon = true;
		for (i = 0; i < srv->nlisteners; i++)
			f->from = srv->listeners[i]->from;
	} else {
		f->from = model_lookup(m, "InputMailFilters");
		f->list = f->from != NULL ? (f->from->value != NULL ?
		    f->from->value : f->from->raw) : "";
	}
	for (p = f->list; *p != '\0';) {
		char name[128], x[160];
		size_t n;

		while (*p == ',' || *p == ';' || isspace((unsigned char)*p))
			p++;
		n = strcspn(p, ",; \t\n");
		if (n == 0)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		snprintf(x, sizeof(x), "X%s", name);
		if (model_lookup(m, x) != NULL)
			rule_append_name(f->active, sizeof(f->active), name);
		else
			rule_append_name(f->missing, sizeof(f->missing), name);
		p += n;
	}
}

/* sm_defined_filters - every X definition, "spam, clamav" */
static void
sm_defined_filters(const struct model *m, char *buf, size_t size)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < m->neffective; i++) {
		const char *n = m->effective[i]->name;

		if (n[0] == 'X' && n[1] != '\0')
			rule_append_name(buf, size, n + 1);
	}
}

/* sm_no_milter_text - why no milter is called, naming what is written */
static char *
sm_no_milter_text(const struct model *m, const struct sm_milters *f)
{
	char defined[256];

	if (*f->missing != '\0')
		return xasprintf("%s = %s names %s, which has no X definition "
		    "(MAIL_FILTER or INPUT_MAIL_FILTER): sendmail calls no "
		    "filter", f->per_daemon ? "InputMailFilters in "
		    "DaemonPortOptions" : f->from != NULL &&
		    f->from->written_as != NULL ? f->from->written_as :
		    "InputMailFilters", f->list, f->missing);
	sm_defined_filters(m, defined, sizeof(defined));
	if (*defined != '\0')
		return xasprintf("InputMailFilters is not set, so the filters "
		    "defined with MAIL_FILTER (%s) are never called", defined);
	return xstrdup("InputMailFilters is not set and no milter is "
	    "defined");
}

/* sm_daemon_from - the daemon's DaemonPortOptions setting, or NULL */
static const struct setting *
sm_daemon_from(const struct model *m, const struct smtp_server *srv)
{
	(void)m;
	return srv->nlisteners > 0 ? srv->listeners[0]->from : NULL;
}

/* ---- MH350 no-dnsbl ---- */

/* rbl_value - a list or class as the view's service sees it */
static const char *
rbl_value(void *arg, const char *name)
{
	return rule_pf_value(arg, name);
}

/* rbl_entry - a DNSBL check that rejects (not under warn_if_reject) */
static enum pf_restrict_next
rbl_entry(void *arg, const struct pf_restrict_entry *e)
{
	(void)arg;
	if (e->builtin == NULL || e->bare_table || e->warn_only ||
	    (e->builtin->flags & PF_RESTRICT_DNSBL) == 0)
		return PF_RESTRICT_NEXT;
	return PF_RESTRICT_STOP;
}

/* rbl_in - a restriction list (or a class it names) holds a DNSBL check */
static bool
rbl_in(struct rule_pf_view *v, const char *list)
{
	struct pf_restrict_walker w = { v->m, v->svc, rbl_value, v };

	return pf_restrict_walk(&w, list, rbl_entry, NULL);
}

static const char *const restriction_lists[] = {
	"smtpd_client_restrictions", "smtpd_helo_restrictions",
	"smtpd_sender_restrictions", "smtpd_relay_restrictions",
	"smtpd_recipient_restrictions", "smtpd_data_restrictions",
	"smtpd_end_of_data_restrictions",
};

/* pf_dnsbl - one port 25 server: postscreen DNSBL or reject_rbl_client */
static void
pf_dnsbl(struct rule_group *g, const struct model *m,
    const struct smtp_server *srv)
{
	const struct service *listen = srv->service;
	struct rule_pf_view v, ps;
	const struct setting *s;
	size_t i;
	bool found = false;

	rule_pf_view_init(&v, m, rule_settings_service(m, srv));
	for (i = 0; i < sizeof(restriction_lists) /
	    sizeof(restriction_lists[0]) && !found; i++)
		found = rbl_in(&v, restriction_lists[i]);
	if (!found && listen != NULL && listen->command != NULL &&
	    strcmp(listen->command, "postscreen") == 0) {
		const char *sites, *action;

		rule_pf_view_init(&ps, m, listen);
		sites = rule_pf_value(&ps, "postscreen_dnsbl_sites");
		action = rule_pf_value(&ps, "postscreen_dnsbl_action");
		found = *sites != '\0' && (strcasecmp(action, "enforce") == 0 ||
		    strcasecmp(action, "drop") == 0);
		if (!found && *sites != '\0') {
			char *shown;

			s = rule_pf_setting(&ps, "postscreen_dnsbl_action");
			shown = rule_pf_shown(s, "postscreen_dnsbl_action",
			    action);
			rule_group_add_setting(g, s, rule_where(m, s), s,
			    "postscreen_dnsbl_action",
			    srv->name, xasprintf("%s: postscreen only logs the "
			    "postscreen_dnsbl_sites score and lets listed "
			    "clients through", shown));
			free(shown);
			found = true;
		} else if (!found) {
			s = rule_pf_setting(&ps, "postscreen_dnsbl_sites");
			rule_group_add_setting(g, s, rule_where(m, s), s,
			    "postscreen_dnsbl_sites",
			    srv->name, xstrdup("postscreen runs, but "
			    "postscreen_dnsbl_sites is empty and no smtpd "
			    "restriction has reject_rbl_client: clients on "
			    "DNS block lists are accepted"));
			found = true;
		}
		rule_pf_view_release(&ps);
	}
	if (!found) {
		const char *rcpt = rule_pf_value(&v,
		    "smtpd_recipient_restrictions");
		char *shown;

		s = rule_pf_setting(&v, "smtpd_recipient_restrictions");
		shown = rule_pf_shown(s, "smtpd_recipient_restrictions", rcpt);
		rule_group_add_setting(g, s, rule_where(m, s), s,
		    "smtpd_recipient_restrictions", srv->name, xasprintf("%s; "
		    "no smtpd_*_restrictions list rejects clients on DNS block "
		    "lists (reject_rbl_client or reject_rhsbl_*, not under "
		    "warn_if_reject), nor does postscreen, so they are "
		    "accepted", shown));
		free(shown);
	}
	rule_pf_view_release(&v);
}

/* sm_has_dnsbl - FEATURE(dnsbl)/(enhdnsbl), or a dns-class *bl map in a .cf */
static bool
sm_has_dnsbl(const struct model *m)
{
	size_t i;

	if (m == NULL)
		return false;
	if (model_lookup(m, "FEATURE(dnsbl)") != NULL ||
	    model_lookup(m, "FEATURE(enhdnsbl)") != NULL)
		return true;
	for (i = 0; i < m->nmaps; i++)
		if (strcmp(m->maps[i]->type, "dns") == 0 &&
		    strstr(m->maps[i]->name, "bl") != NULL)
			return true;
	return sm_has_dnsbl(m->generated);
}

void
check_dnsbl(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_group g = RULE_GROUP_INIT;
	char daemons[512] = "";
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		if (!is_port_25(m, m->servers[i]))
			continue;
		if (m->mta == MTA_POSTFIX)
			pf_dnsbl(&g, m, m->servers[i]);
		else
			rule_append_name(daemons, sizeof(daemons),
			    m->servers[i]->name);
	}
	rule_group_flush(ctx, &g);
	if (*daemons != '\0' && !sm_has_dnsbl(m))
		rule_report(ctx, rule_where(m, NULL), "FEATURE(dnsbl)", "%s: "
		    "no FEATURE(`dnsbl') or FEATURE(`enhdnsbl') (and no "
		    "dns-class block-list map in the .cf): clients on DNS "
		    "block lists are accepted", daemons);
}

/* ---- MH351 no-content-filter ---- */

/* sm_no_milter - one daemon without a milter: add it to the group */
static bool
sm_no_milter(struct rule_group *g, const struct model *m,
    const struct smtp_server *srv, const char *what)
{
	struct sm_milters f;
	char buf[256];
	const struct setting *from;
	char *text;

	sm_milters_of(m, srv, &f, buf, sizeof(buf));
	if (*f.active != '\0')
		return false;
	from = f.per_daemon ? sm_daemon_from(m, srv) : f.from;
	text = sm_no_milter_text(m, &f);
	rule_group_add(g, from, f.per_daemon ? rule_sm_daemon_where(m, srv) :
	    rule_where(m, from), f.per_daemon ? "DaemonPortOptions" :
	    "InputMailFilters", srv->name, xasprintf("%s, %s", text, what));
	free(text);
	return true;
}

void
check_content_filter(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_group g = RULE_GROUP_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		struct rule_pf_view v;
		const struct setting *s;

		if (!rule_server_is_public(m, srv))
			continue;
		if (m->mta == MTA_SENDMAIL) {
			sm_no_milter(&g, m, srv, "so mail is accepted without "
			    "a spam or virus scan");
			continue;
		}
		rule_pf_view_init(&v, m, rule_settings_service(m, srv));
		if (pf_filter(&v) == NULL) {
			char *text = pf_no_filter_text(&v);

			/* milters set but switched off: point at the switch */
			s = rule_pf_setting(&v, *rule_pf_value(&v,
			    "smtpd_milters") != '\0' ?
			    "receive_override_options" : "smtpd_milters");
			rule_group_add_setting(&g, s, rule_where(m, s), s,
			    s != NULL ? s->name :
			    "smtpd_milters", srv->name,
			    xasprintf("%s: mail is accepted without a spam or "
			    "virus scan", text));
			free(text);
		}
		rule_pf_view_release(&v);
	}
	rule_group_flush(ctx, &g);
}

/* ---- MH352 no-attachment-filter, MH353 no-subject-filter ---- */

/*
 * pf_header_filter - one Postfix server: is the header table (name) in
 * force for its mail? Adds a finding when not and no filter runs.
 */
static void
pf_header_filter(struct rule_group *g, const struct model *m,
    const struct smtp_server *srv, const char *name, const char *what)
{
	struct rule_pf_view v, global;
	const char *table, *rcv;
	const struct setting *s;

	rule_pf_view_init(&v, m, rule_settings_service(m, srv));
	if (pf_filter(&v) != NULL) {
		rule_pf_view_release(&v);
		return;
	}
	/* header checks are cleanup's: main.cf, not the smtpd service */
	rule_pf_view_init(&global, m, NULL);
	table = rule_pf_value(&global, name);
	rcv = rule_pf_value(&v, "receive_override_options");
	if (strcmp(name, "mime_header_checks") == 0 &&
	    rule_pf_is_yes(rule_pf_value(&global,
	    "disable_mime_input_processing"))) {
		s = rule_pf_setting(&global, "disable_mime_input_processing");
		rule_group_add(g, s, rule_where(m, s), "disable_mime_input_"
		    "processing", srv->name, xasprintf("disable_mime_input_"
		    "processing = yes: attachment headers are read as body "
		    "text, so mime_header_checks never sees them, and no "
		    "milter or content_filter %s", what));
	} else if (*table != '\0' && pf_list_has(rcv,
	    "no_header_body_checks")) {
		char *shown;

		s = rule_pf_setting(&v, "receive_override_options");
		shown = rule_pf_shown(s, "receive_override_options", rcv);
		rule_group_add_setting(g, s, rule_where(m, s), s,
		    "receive_override_options", srv->name, xasprintf("%s "
		    "turns %s = %s off for this mail, and no milter or "
		    "content_filter %s", shown, name, table, what));
		free(shown);
	} else if (*table == '\0') {
		char *shown;

		s = rule_pf_setting(&global, name);
		shown = rule_pf_shown(s, name, table);
		rule_group_add_setting(g, s, rule_where(m, s), s, name,
		    srv->name, xasprintf("%s%s%s, "
		    "and no milter or content_filter %s", shown, s != NULL &&
		    s->raw != NULL && strchr(s->raw, '$') != NULL ?
		    ": it follows " : "", s != NULL && s->raw != NULL &&
		    strchr(s->raw, '$') != NULL ? s->raw : "", what));
		free(shown);
	}
	rule_pf_view_release(&global);
	rule_pf_view_release(&v);
}

void
check_attachment_filter(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_group g = RULE_GROUP_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		if (!rule_server_is_public(m, m->servers[i]))
			continue;
		if (m->mta == MTA_POSTFIX)
			pf_header_filter(&g, m, m->servers[i],
			    "mime_header_checks", "checks attachment names "
			    "such as invoice.pdf.exe");
		else
			sm_no_milter(&g, m, m->servers[i], "and sendmail has "
			    "no attachment filter of its own, so attachment "
			    "names such as invoice.pdf.exe are not checked");
	}
	rule_group_flush(ctx, &g);
}

/* subject_rule_in - a source holds an H line that runs a ruleset on Subject: */
static bool
subject_rule_in(const struct src *src)
{
	size_t l;

	if (src == NULL)
		return false;
	for (l = 1; l <= src->nlines; l++) {
		size_t len;
		const char *line = src_line(src, (unsigned)l, &len);
		const char *p = line, *end = line + len;

		if (len < 10 || *p != 'H')
			continue;
		p++;
		if (*p == '?') {
			const char *q = memchr(p + 1, '?',
			    (size_t)(end - p - 1));

			if (q == NULL)
				continue;
			p = q + 1;
		}
		if ((size_t)(end - p) < 8 || strncasecmp(p, "Subject:", 8) != 0)
			continue;
		for (p += 8; p + 1 < end; p++)
			if (p[0] == '$' && p[1] == '>')
				return true;
	}
	return false;
}

void
check_subject_filter(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_group g = RULE_GROUP_INIT;
	size_t i;

	if (m->mta == MTA_SENDMAIL && (subject_rule_in(m->main_src) ||
	    (m->generated != NULL && subject_rule_in(m->generated->main_src))))
		return;
	for (i = 0; i < m->nservers; i++) {
		if (!rule_server_is_public(m, m->servers[i]))
			continue;
		if (m->mta == MTA_POSTFIX)
			pf_header_filter(&g, m, m->servers[i], "header_checks",
			    "can reject by Subject");
		else
			sm_no_milter(&g, m, m->servers[i], "and no "
			    "LOCAL_RULESETS rule (HSubject: $>CheckSubject) "
			    "looks at Subject lines, so nothing can reject "
			    "mail by its Subject");
	}
	rule_group_flush(ctx, &g);
}

/* ---- the table ---- */
