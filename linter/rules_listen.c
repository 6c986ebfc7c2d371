/*
 * rules_listen - the listen family: what the MTA accepts on the ports
 * it listens on (MH701 listen-beyond-loopback is in the core family)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/pf_list.h"
#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_restrict.h"

/* ---- helpers ---- */

/* is_submission_port - 587 (submission) or 465 (submissions, smtps) */
static bool
is_submission_port(const char *port)
{
	const char *n = port != NULL ? rule_port_number(port) : "";

	return strcmp(n, "587") == 0 || strcmp(n, "465") == 0;
}

/* ---- MH702 submission-without-auth: Postfix ---- */

enum verdict {
	V_DUNNO,
	V_PERMIT,
	V_REJECT,
};

/* auth_eval - the walk of one client that has not authenticated */
struct auth_eval {
	bool	 trusted;		/* the client is in mynetworks */
	enum verdict verdict;
};

/*
 * auth_entry - what one restriction does to a client that has not
 * authenticated, outside mynetworks, sending to a local address
 */
static enum pf_restrict_next
auth_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct auth_eval *a = arg;
	enum verdict v = V_DUNNO;

	if (e->kind == PF_RESTRICT_REJECT)
		v = e->warn_only ? V_DUNNO : V_REJECT;
	else if (e->kind == PF_RESTRICT_PERMIT)
		v = V_PERMIT;
	else if (e->builtin != NULL && !e->bare_table &&
	    strcmp(e->builtin->name, "permit_mynetworks") == 0)
		v = a->trusted ? V_PERMIT : V_DUNNO;
	/* permit_sasl_authenticated, reject_unauth_destination, ... */
	if (v == V_DUNNO)
		return PF_RESTRICT_NEXT;
	a->verdict = v;
	return PF_RESTRICT_STOP;
}

/* eval_list - the verdict of one restriction list (and its classes) */
static enum verdict
eval_list(const struct model *m, const struct service *svc, bool trusted,
    const char *name)
{
	struct pf_restrict_walker w = { m, svc, NULL, NULL };
	struct auth_eval a = { trusted, V_DUNNO };

	pf_restrict_walk(&w, name, auth_entry, &a);
	return a.verdict;
}

/* trusts_everyone - mynetworks holds 0.0.0.0/0 or a like network */
static bool
trusts_everyone(const struct model *m, const struct service *svc)
{
	const struct setting *s = model_service_lookup(m, svc, "mynetworks");
	const char *p = s == NULL ? NULL : s->value != NULL ? s->value : s->raw;
	char word[256];

	if (s == NULL || s->source == SOURCE_DEFAULT)
		return false;
	while (pf_list_next_word(&p, word, sizeof(word))) {
		struct ip_net n;

		if (ip_net_parse(word, &n) == 0 && n.prefix <= 1)
			return true;
	}
	return false;
}

/*
 * requires_auth - does a restriction list refuse a client that has not
 * authenticated? The lists run in smtpd's order; a 'permit' ends only
 * its own list.
 */
static bool
requires_auth(const struct model *m, const struct service *svc,
    bool *trusted)
{
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions", "smtpd_data_restrictions",
	};
	size_t i;

	*trusted = trusts_everyone(m, svc);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (eval_list(m, svc, *trusted, lists[i]) == V_REJECT)
			return true;
	return false;
}

/* pf_submission - MH702 for every Postfix submission service */
static void
pf_submission(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		const struct service *svc =
		    rule_settings_service_or_postscreen(m, srv);
		const struct fact *auth = &srv->auth_offered;
		const struct listener *l = srv->public_listener;
		struct finding_subject subj = { NULL, NULL, NULL, NULL, NULL };
		struct span where;
		char key[256];
		bool trusted;

		if (srv->service == NULL || l == NULL ||
		    !is_submission_port(l->port))
			continue;
		where = srv->service->name_span;
		if (!auth->flag) {
			/* the -o that turns AUTH off, else the entry */
			if (auth->from != NULL && auth->from->scope != NULL)
				where = rule_where(m, auth->from);
			struct finding_subject off = { auth->from,
			    srv->service, l, NULL, "smtpd_sasl_auth_enable" };

			snprintf(key, sizeof(key), "%s:smtpd_sasl_auth_enable",
			    srv->name);
			rule_report_about(ctx, where, key, &off, "%s, a mail "
			    "submission port (%s), does not offer AUTH (%s): "
			    "it takes mail from anyone who connects, as port "
			    "25 does",
			    srv->name, l->port, auth->why);
			continue;
		}
		if (requires_auth(m, svc, &trusted))
			continue;
		subj.service = srv->service;
		subj.listener = l;
		subj.param = "restrictions";
		snprintf(key, sizeof(key), "%s:restrictions", srv->name);
		rule_report_about(ctx, where, key, &subj,
		    "%s, a mail submission port "
		    "(%s), offers AUTH but no restriction list rejects a "
		    "client that has not authenticated%s, so it takes mail "
		    "without AUTH", srv->name, l->port, trusted ?
		    " (mynetworks trusts every address)" : "");
	}
}

/* ---- MH702 submission-without-auth: sendmail ---- */

/* sm_submission - MH702 for every sendmail submission daemon */
static void
sm_submission(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i;

	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		const char *options = l->from != NULL && l->from->raw != NULL ?
		    l->from->raw : "Name=MTA";
		char mods[64], key[256], shown[256];

		if (l->loopback || !is_submission_port(l->port))
			continue;
		rule_daemon_option(options, 'M', mods, sizeof(mods));
		if (strchr(mods, 'a') != NULL && strchr(mods, 'A') == NULL)
			continue;
		snprintf(key, sizeof(key), "%s:M", l->server);
		snprintf(shown, sizeof(shown), "%s", options);
		shown[strcspn(shown, "\n")] = '\0';
		rule_report(ctx, l->where, key, "daemon %s, a mail submission "
		    "port (%s), does not require AUTH "
		    "(DaemonPortOptions=%s%s%s): it takes mail from anyone "
		    "who connects", l->server, l->port, shown,
		    l->from == NULL || l->from->source == SOURCE_DEFAULT ?
		    ", sendmail's default" : "", strchr(mods, 'A') != NULL ?
		    "; M=A turns AUTH off" : "; M= has no 'a'");
	}
}

/* check_submission_auth - MH702 submission-without-auth */
void
check_submission_auth(struct rule_ctx *ctx)
{
	if (ctx->model->mta == MTA_POSTFIX)
		pf_submission(ctx);
	else
		sm_submission(ctx);
}

/* ---- the table ---- */
