/*
 * rules_info - the information family: what the MTA tells strangers and
 * local users beyond VRFY, EXPN, VERB and the greeting (HELP, Received
 * headers, delivery status notifications, the queue, table names, ETRN),
 * and whether HELO must come first
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parsers/pf_list.h"
#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/sm_facts.h"

/* ---- helpers ---- */

/* is_yes - a Postfix boolean that is true */
static bool
is_yes(const char *v)
{
	return strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0;
}

/*
 * struct daemon - a sendmail daemon: its name, the DaemonPortOptions
 * setting that defines it (NULL: sendmail's default daemon) and its
 * modifiers (M=)
 */
struct daemon {
	const char *name;
	const struct setting *from;
	char	 mods[32];
	char	 namebuf[64];
};

/* daemons - sendmail's daemons, one per DaemonPortOptions definition */
static size_t
daemons(const struct model *m, struct daemon *d, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < m->nsettings && n < max; i++) {
		const struct setting *s = m->settings[i];

		if (strcmp(s->name, "DaemonPortOptions") != 0)
			continue;
		d[n].from = s;
		rule_daemon_option(setting_value(s), 'N', d[n].namebuf,
		    sizeof(d[n].namebuf));
		if (d[n].namebuf[0] == '\0')
			snprintf(d[n].namebuf, sizeof(d[n].namebuf),
			    "Daemon%zu",
			    n + 1);
		d[n].name = d[n].namebuf;
		rule_daemon_option(setting_value(s), 'M', d[n].mods,
		    sizeof(d[n].mods));
		n++;
	}
	if (n == 0 && max > 0) {
		/* sendmail's own default: Name=MTA on port 25 */
		d[0].from = NULL;
		snprintf(d[0].namebuf, sizeof(d[0].namebuf), "MTA");
		d[0].name = d[0].namebuf;
		d[0].mods[0] = '\0';
		n = 1;
	}
	return n;
}

/* privacy - sendmail's PrivacyOptions as in force (accumulated) */
static const struct setting *
privacy(const struct model *m, const char **value)
{
	const struct setting *ps = model_lookup(m, "PrivacyOptions");

	*value = setting_value(ps);
	return ps;
}

/* privacy_missing - one finding when PrivacyOptions lacks a flag */
static void
privacy_missing(struct rule_ctx *ctx, const char *flag, const char *what)
{
	const struct model *m = ctx->model;
	const char *v;
	const struct setting *ps = privacy(m, &v);
	char d[512], key[64];

	if (sm_privacy_has(v, flag))
		return;
	rule_describe_setting(ps, "PrivacyOptions", d, sizeof(d));
	snprintf(key, sizeof(key), "PrivacyOptions:%s", flag);
	rule_report(ctx, rule_where(m, ps), key, "%s has no %s, so %s", d,
	    flag, what);
}

/* find_named_file - the model's named file of an option ("HelpFile"), or NULL */
static const struct named_file *
find_named_file(const struct model *m, const char *what)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i]->what, what) == 0)
			return m->files[i];
	return NULL;
}

/* ---- MH105 help-reveals-version, MH106 help-file-unverified ---- */

/*
 * help_line - one line of a helpfile as sendmail's help() reads it:
 * "#vers<TAB>N" sets the version once; other '#' lines are comments; the
 * first line that starts with "smtp" (plain HELP) prints "This is
 * Sendmail version X" when no version 2 was seen before it; with version
 * 2, the text after the topic is macro-expanded, so $v and $Z print the
 * version
 */
static void
help_lines(struct rule_ctx *ctx, const struct src *src, const char *named)
{
	size_t p = 0, n = src->len;
	int foundvers = -1;
	bool first_smtp = true;
	unsigned ordinal = 0;

	while (p < n) {
		size_t s = p, e, t;
		const char *b = src->bytes;
		char key[160], topic[64];

		while (p < n && b[p] != '\n')
			p++;
		e = p;
		if (p < n)
			p++;
		if (e > s && b[e - 1] == '\r')
			e--;
		if (e == s)
			continue;
		if (b[s] == '#') {
			int h;

			if (foundvers < 0 && e - s > 6 &&
			    memcmp(b + s, "#vers\t", 6) == 0 &&
			    sscanf(b + s + 6, "%d", &h) == 1)
				foundvers = h;
			continue;
		}
		for (t = s; t < e && b[t] != ' ' && b[t] != '\t'; t++)
			;
		snprintf(topic, sizeof(topic), "%.*s", (int)(t - s), b + s);
		if (first_smtp && e - s >= 4 && memcmp(b + s, "smtp", 4) == 0) {
			first_smtp = false;
			if (foundvers < 2) {
				struct finding_subject subj = { NULL, NULL,
				    NULL, NULL, "no-vers-2" };

				rule_report_about(ctx, span_make(src, s, e),
				    "HelpFile:no-vers-2", &subj, "the helpfile %s has "
				    "no '#vers<TAB>2' line before its first "
				    "'smtp' topic, so a plain HELP answers "
				    "'214-2.0.0 This is Sendmail version ...' "
				    "to anyone", named);
				continue;
			}
		}
		if (foundvers < 2 || t >= e)
			continue;
		if (src_contains(src, t, e, "$v") ||
		    src_contains(src, t, e, "$Z") ||
		    src_contains(src, t, e, "$&v") ||
		    src_contains(src, t, e, "$&Z")) {
			struct finding_subject subj = { NULL, NULL, NULL,
			    NULL, "topic" };

			snprintf(key, sizeof(key), "HelpFile:%s#%u", topic,
			    ++ordinal);
			rule_report_about(ctx, span_make(src, s, e), key, &subj,
			    "the "
			    "helpfile %s expands $v or $Z in its '%s' topic, "
			    "so %s%s%s shows the sendmail version to anyone",
			    named, topic, strcmp(topic, "smtp") == 0 ?
			    "a plain HELP" : "'HELP ", strcmp(topic, "smtp") ==
			    0 ? "" : topic, strcmp(topic, "smtp") == 0 ? "" :
			    "'");
		}
	}
}

void
check_help_version(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *hs = model_lookup(m, "HelpFile");
	const struct named_file *nf = find_named_file(m, "HelpFile");
	const struct src *src;
	char d[512];

	rule_describe_setting(hs, "HelpFile", d, sizeof(d));
	if (nf == NULL) {
		rule_report_param(ctx, rule_where(m, hs), "HelpFile",
		    "%s, so HELP "
		    "answers '502 5.3.0 Sendmail <version> -- HELP not "
		    "implemented' to anyone", d);
		return;
	}
	if (nf->fs_path == NULL) {
		/* Without a root the file was not looked for: MH106 says so. */
		if (m->root == NULL)
			return;
		rule_report_param(ctx, rule_where(m, hs), "HelpFile",
		    "the HelpFile "
		    "%s does not exist in the tree (%s), so HELP answers '502 "
		    "5.3.0 Sendmail <version> -- HELP not implemented' to "
		    "anyone", nf->name, d);
		return;
	}
	if ((src = rule_find_src(m, nf->fs_path)) != NULL)
		help_lines(ctx, src, nf->name);
}

void
check_help_unverified(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *hs = model_lookup(m, "HelpFile");
	const struct named_file *nf = find_named_file(m, "HelpFile");

	if (nf == NULL || nf->fs_path != NULL || m->root != NULL)
		return;
	rule_report_param(ctx, rule_where(m, hs), "HelpFile",
	    "the HelpFile %s was "
	    "not read (%s), so whether HELP names the sendmail version is not "
	    "known", nf->name, nf->not_followed != NULL ? nf->not_followed :
	    "not found");
}

/* ---- MH107 received-header-reveals-version ---- */

/* names_version - a header value that expands $v or $Z */
static bool
names_version(const char *value)
{
	return strstr(value, "$v") != NULL || strstr(value, "$Z") != NULL ||
	    strstr(value, "$&v") != NULL || strstr(value, "$&Z") != NULL;
}

void
check_received_header(struct rule_ctx *ctx)
{
	const struct model *cf = rule_sm_cf_model(ctx->model);
	unsigned n = 0;
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nheaders; i++) {
		const struct sm_header *h = cf->headers[i];
		char key[32];

		if (strcasecmp(h->name, "Received") != 0 ||
		    !names_version(h->value))
			continue;
		snprintf(key, sizeof(key), "HReceived#%u", ++n);
		rule_report(ctx, h->first_line, key, "the Received: "
		    "header sendmail adds to every message it passes on names "
		    "its version ($v/$Z in the H line from confRECEIVED_HEADER)");
	}
}

/* ---- MH108 success-dsn-offered ---- */

void
check_success_dsn(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_servers_by_setting g = RULE_SERVERS_INIT;
	size_t i;

	if (m->mta == MTA_SENDMAIL) {
		privacy_missing(ctx, "noreceipts", "any sender may ask for "
		    "success notifications (NOTIFY=SUCCESS) and learn that, "
		    "when and where a message was delivered");
		return;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct service *svc = m->servers[i]->service;
		const struct setting *kw = model_service_lookup(m, svc,
		    "smtpd_discard_ehlo_keywords");
		const struct setting *maps = model_service_lookup(m, svc,
		    "smtpd_discard_ehlo_keyword_address_maps");

		if (pf_list_has(setting_value(kw), "dsn") ||
		    *setting_value(maps) != '\0')
			continue;
		rule_servers_by_setting_add(&g, kw, m->servers[i]->name);
	}
	for (i = 0; i < g.n; i++) {
		char d[512];

		rule_describe_setting(g.from[i], "smtpd_discard_ehlo_keywords", d,
		    sizeof(d));
		rule_report_setting(ctx, rule_where(m, g.from[i]), g.from[i],
		    "smtpd_discard_ehlo_keywords", "DSN is offered "
		    "on %s (%s does not list dsn, and no "
		    "smtpd_discard_ehlo_keyword_address_maps), so any client "
		    "may ask for success notifications", g.names[i].s, d);
	}
	rule_servers_by_setting_release(&g);
}

/* ---- MH109 bounce-returns-body, MH110 dsn-reveals-actual-recipient ---- */

void
check_bounce_body(struct rule_ctx *ctx)
{
	privacy_missing(ctx, "nobodyreturn", "bounces carry the whole "
	    "original message back to whatever sender address it claimed");
}

void
check_actual_recipient(struct rule_ctx *ctx)
{
	privacy_missing(ctx, "noactualrecipient", "delivery status "
	    "notifications name the address an alias or .forward expanded to "
	    "(X-Actual-Recipient)");
}

/* ---- MH111 mailq-open-to-all, MH112 queue-run-open-to-all ---- */

/* anyone - a Postfix authorized_*_users list that admits every user */
static void
authorized_anyone(struct rule_ctx *ctx, const char *param, const char *what)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, param);
	char d[512];

	if (!pf_list_has(setting_value(s), "static:anyone"))
		return;
	rule_describe_setting(s, param, d, sizeof(d));
	rule_report_param(ctx, rule_where(m, s), param, "%s, so %s", d, what);
}

void
check_mailq_open(struct rule_ctx *ctx)
{
	if (ctx->model->mta == MTA_SENDMAIL)
		privacy_missing(ctx, "restrictmailq", "every local user can "
		    "run mailq and see the sender, recipients and size of "
		    "every queued message");
	else
		authorized_anyone(ctx, "authorized_mailq_users", "every local "
		    "user can run mailq (postqueue -p) and see the sender and "
		    "recipients of every queued message");
}

void
check_queue_run_open(struct rule_ctx *ctx)
{
	if (ctx->model->mta == MTA_SENDMAIL)
		privacy_missing(ctx, "restrictqrun", "every local user can "
		    "start queue runs (sendmail -q) and load the server at will");
	else
		authorized_anyone(ctx, "authorized_flush_users", "every local "
		    "user can flush the queue (postqueue -f, -s, sendmail -q) "
		    "and load the server at will");
}

/* ---- MH113 unknown-user-reveals-table ---- */

void
check_table_name(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_servers_by_setting g = RULE_SERVERS_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct setting *s = model_service_lookup(m,
		    m->servers[i]->service, "show_user_unknown_table_name");

		if (is_yes(setting_value(s)))
			rule_servers_by_setting_add(&g, s, m->servers[i]->name);
	}
	for (i = 0; i < g.n; i++) {
		char d[512];

		rule_describe_setting(g.from[i], "show_user_unknown_table_name", d,
		    sizeof(d));
		rule_report_setting(ctx, rule_where(m, g.from[i]), g.from[i],
		    "show_user_unknown_table_name", "%s: %s "
		    "reject%s an unknown recipient with 'User unknown in "
		    "<table>', naming which of its tables was searched", d,
		    g.names[i].s, strchr(g.names[i].s, ',') ? "" : "s");
	}
	rule_servers_by_setting_release(&g);
}

/* ---- MH114 etrn-open ---- */

/*
 * etrn_open - an smtpd_etrn_restrictions list lets every client through:
 * empty, or only permit_* entries before the end (or a plain permit)
 */
static bool
etrn_open(const char *list)
{
	const char *p = list;

	while (*p != '\0') {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\n')
			p++;
		n = strcspn(p, " \t,\n");
		if (n == 0)
			break;
		if (n == 6 && strncasecmp(p, "permit", 6) == 0)
			return true;
		if (strncasecmp(p, "permit_", 7) != 0)
			return false;
		p += n;
	}
	return true;
}

void
check_etrn(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i;

	if (m->mta == MTA_SENDMAIL) {
		struct daemon d[32];
		size_t nd = daemons(m, d, 32);
		const char *v;
		const struct setting *ps = privacy(m, &v);
		char names[512] = "", desc[512];

		if (sm_privacy_has(v, "noetrn"))
			return;
		for (i = 0; i < nd; i++) {
			if (strchr(d[i].mods, 'E') != NULL)
				continue;
			snprintf(names + strlen(names), sizeof(names) -
			    strlen(names), "%s%s", *names ? ", " : "",
			    d[i].name);
		}
		if (*names == '\0')
			return;
		rule_describe_setting(ps, "PrivacyOptions", desc, sizeof(desc));
		rule_report(ctx, rule_where(m, ps), "PrivacyOptions:noetrn",
		    "ETRN is accepted from any client on %s: %s has no noetrn "
		    "(goaway does not include it) and no M=E is set on %s",
		    names, desc, strchr(names, ',') ? "those daemons" :
		    "that daemon");
		return;
	}
	{
		struct rule_servers_by_setting g = RULE_SERVERS_INIT;

		for (i = 0; i < m->nservers; i++) {
			const struct setting *s = model_service_lookup(m,
			    m->servers[i]->service, "smtpd_etrn_restrictions");

			if (etrn_open(setting_value(s)))
				rule_servers_by_setting_add(&g, s,
				    m->servers[i]->name);
		}
		for (i = 0; i < g.n; i++) {
			char d[512];

			rule_describe_setting(g.from[i], "smtpd_etrn_restrictions", d,
			    sizeof(d));
			rule_report_setting(ctx, rule_where(m, g.from[i]),
			    g.from[i], "smtpd_etrn_restrictions",
			    "%s: any client may "
			    "send ETRN to %s and start deliveries of the "
			    "queued mail for the fast_flush_domains", d,
			    g.names[i].s);
		}
		rule_servers_by_setting_release(&g);
	}
}

/* ---- MH115 helo-not-required ---- */

void
check_helo_required(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	struct rule_servers_by_setting g = RULE_SERVERS_INIT;
	size_t i;

	if (m->mta == MTA_SENDMAIL) {
		privacy_missing(ctx, "needmailhelo", "clients may send MAIL "
		    "without introducing themselves with HELO or EHLO");
		return;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct setting *s = model_service_lookup(m,
		    m->servers[i]->service, "smtpd_helo_required");

		if (!is_yes(setting_value(s)))
			rule_servers_by_setting_add(&g, s, m->servers[i]->name);
	}
	for (i = 0; i < g.n; i++) {
		char d[512];

		rule_describe_setting(g.from[i], "smtpd_helo_required", d, sizeof(d));
		rule_report_setting(ctx, rule_where(m, g.from[i]), g.from[i],
		    "smtpd_helo_required", "%s: clients of %s may "
		    "send MAIL without HELO or EHLO", d, g.names[i].s);
	}
	rule_servers_by_setting_release(&g);
}

/* ---- the table ---- */
