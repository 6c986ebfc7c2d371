/*
 * rules_privilege - the privilege family: which users the MTA runs and
 * delivers as, sendmail's file-safety overrides, master.cf chroot and
 * unprivileged columns
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


/* is_zero_id - "0", "00": the numeric id of root */
static bool
is_zero_id(const char *v)
{
	if (*v == '\0')
		return false;
	for (; *v; v++)
		if (*v != '0')
			return false;
	return true;
}

/* is_root_user - root, toor or uid 0 */
static bool
is_root_user(const char *u)
{
	return strcmp(u, "root") == 0 || strcmp(u, "toor") == 0 ||
	    is_zero_id(u);
}

/* is_root_group - root, wheel or gid 0 */
static bool
is_root_group(const char *g)
{
	return strcmp(g, "root") == 0 || strcmp(g, "wheel") == 0 ||
	    is_zero_id(g);
}

/*
 * split_user - a sendmail user option ("mailnull:mailnull", "8.12",
 * "daemon") into user and group, as readcf.c does for 'u' and RunAsUser:
 * the first '.', '/' or ':' separates them
 */
static void
split_user(const char *v, char *user, size_t ulen, char *group, size_t glen)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, ".:/");
	snprintf(user, ulen, "%.*s", (int)n, v);
	snprintf(group, glen, "%s", v[n] != '\0' ? v + n + 1 : "");
	user[strcspn(user, " \t\n")] = '\0';
	group[strcspn(group, " \t\n")] = '\0';
}

/* shown_name - the .mc macro that set a sendmail option, else its name */
static const char *
shown_name(const struct setting *s, const char *name)
{
	return s != NULL && s->written_as != NULL ? s->written_as : name;
}

/*
 * sm_describe - "confDONT_BLAME_SENDMAIL = x", with "(from DOMAIN(`…'))"
 * when a library file set it
 */
static void
sm_describe(char *buf, size_t len, const struct setting *s, const char *name)
{
	const char *shown = shown_name(s, name);

	if (s == NULL) {
		snprintf(buf, len, "%s is not set", name);
	} else if (s->source == SOURCE_DEFAULT && s->name_span.src != NULL) {
		const char *p = s->name_span.src->bytes + s->name_span.start;
		size_t n = strcspn(p, ")\n");

		snprintf(buf, len, "%s = %s (from %.*s%s)", shown,
		    setting_value(s), (int)(n > 60 ? 60 : n), p,
		    p[n] == ')' ? ")" : "");
	} else {
		snprintf(buf, len, "%s = %s%s", shown, setting_value(s),
		    s->source == SOURCE_DEFAULT ? " (default)" : "");
	}
}

/* command_base - "smtpd" of "/usr/lib/postfix/sbin/smtpd" */
static const char *
command_base(const char *command)
{
	const char *slash = command != NULL ? strrchr(command, '/') : NULL;

	return slash != NULL ? slash + 1 : command != NULL ? command : "";
}

/* ---- MH750 default-user-privileged ---- */

/* sm_default_user - MH750 for sendmail: DefaultUser */
static void
sm_default_user(struct rule_ctx *ctx, const char *const *priv, size_t npriv)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "DefaultUser");
	const struct setting *t = model_lookup(m, "TrustedUser");
	char user[128], group[128], tuser[128], tgroup[128];
	char desc[512];

	/* Unset: the binary picks mailnull, sendmail or daemon, else 1:1. */
	if (s == NULL || *setting_value(s) == '\0')
		return;
	sm_describe(desc, sizeof(desc), s, "DefaultUser");
	split_user(setting_value(s), user, sizeof(user), group,
	    sizeof(group));
	split_user(t != NULL ? setting_value(t) : "root", tuser,
	    sizeof(tuser), tgroup, sizeof(tgroup));
	if (is_root_user(user))
		rule_report_param(ctx, rule_where(m, s), "DefaultUser", "%s: "
		    "mailers without F=S and unsafe file and program "
		    "deliveries run as root", desc);
	else if (is_root_group(group))
		rule_report_param(ctx, rule_where(m, s), "DefaultUser", "%s: "
		    "unsafe file and program deliveries run with the root "
		    "group", desc);
	else if (rule_in_list(priv, npriv, user))
		rule_report_param(ctx, rule_where(m, s), "DefaultUser", "%s: "
		    "unsafe file and program deliveries run as '%s', an "
		    "account that owns system files", desc, user);
	else if (strcmp(user, tuser) == 0)
		rule_report_param(ctx, rule_where(m, s), "DefaultUser", "%s is "
		    "also TrustedUser, which owns the alias databases: an "
		    "unsafe program delivery can rewrite the aliases", desc);
}

/* pf_default_privs - MH750 for Postfix: default_privs */
static void
pf_default_privs(struct rule_ctx *ctx, const char *const *priv, size_t npriv)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "default_privs");
	const char *v = setting_value(s);
	const char *owner = setting_value(model_lookup(m, "mail_owner"));

	if (s == NULL || *v == '\0')
		return;
	if (is_root_user(v))
		rule_report_param(ctx, rule_where(m, s), "default_privs",
		    "default_privs = %s%s: Postfix refuses to start ('has "
		    "privileged user ID'), and would otherwise deliver to "
		    "files and commands as root", v, s->source ==
		    SOURCE_DEFAULT ? " (default)" : "");
	else if (strcmp(v, owner) == 0)
		rule_report_param(ctx, rule_where(m, s), "default_privs",
		    "default_privs = %s is also mail_owner: Postfix refuses to "
		    "start ('specify the same user'), and would otherwise let "
		    "file and command deliveries write the queue", v);
	else if (rule_in_list(priv, npriv, v))
		rule_report_param(ctx, rule_where(m, s), "default_privs",
		    "default_privs = %s: deliveries to files and commands "
		    "from root-owned aliases run as '%s', an account that "
		    "owns system files", v, v);
}

/* check_default_user - MH750 default-user-privileged */
void
check_default_user(struct rule_ctx *ctx)
{
	size_t n;
	const char **priv = params_list(&ctx->params, "privileged_users", &n);

	if (ctx->model->mta == MTA_SENDMAIL)
		sm_default_user(ctx, priv, n);
	else
		pf_default_privs(ctx, priv, n);
	free(priv);
}

/* ---- MH751 run-as-user ---- */

/* check_run_as_user - MH751: RunAsUser root, or unset when required */
void
check_run_as_user(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "RunAsUser");
	const char *req = params_scalar(&ctx->params, "require_run_as_user");
	bool required = req != NULL && (strcasecmp(req, "yes") == 0 ||
	    strcasecmp(req, "true") == 0 || strcmp(req, "1") == 0);
	char user[128], group[128], desc[512];

	if (m->main_src == NULL)
		return;
	if (s == NULL || *setting_value(s) == '\0') {
		if (required)
			rule_report_param(ctx, rule_where(m, s), "RunAsUser",
			    "RunAsUser is not set: sendmail keeps running as "
			    "root after it accepts a connection, and this "
			    "profile expects an MTA-only host to drop root");
		return;
	}
	split_user(setting_value(s), user, sizeof(user), group,
	    sizeof(group));
	sm_describe(desc, sizeof(desc), s, "RunAsUser");
	if (is_root_user(user))
		rule_report_param(ctx, rule_where(m, s), "RunAsUser",
		    "%s: sendmail "
		    "keeps running as root after it accepts a connection, as "
		    "if it were not set", desc);
}

/* ---- MH752 trusted-user-shared ---- */

/* check_trusted_user - MH752: TrustedUser shared or DefaultUser */
void
check_trusted_user(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "TrustedUser");
	const struct setting *d = model_lookup(m, "DefaultUser");
	char user[128], group[128], duser[128], dgroup[128];
	const char **shared;
	char desc[512];
	size_t n;

	if (s == NULL || *setting_value(s) == '\0')
		return;
	shared = params_list(&ctx->params, "shared_users", &n);
	sm_describe(desc, sizeof(desc), s, "TrustedUser");
	split_user(setting_value(s), user, sizeof(user), group,
	    sizeof(group));
	split_user(setting_value(d), duser, sizeof(duser), dgroup,
	    sizeof(dgroup));
	if (rule_in_list(shared, n, user))
		rule_report_param(ctx, rule_where(m, s), "TrustedUser", "%s: "
		    "'%s' is shared with other software, which could then "
		    "rewrite the alias databases and send mail under any "
		    "sender address", desc, user);
	else if (*duser != '\0' && strcmp(user, duser) == 0 &&
	    !is_root_user(user))
		rule_report_param(ctx, rule_where(m, s), "TrustedUser", "%s is "
		    "also DefaultUser: unsafe file and program deliveries run "
		    "as the owner of the alias databases", desc);
	free(shared);
}

/* ---- MH753 dont-blame-sendmail-unsafe, MH754 dont-blame-sendmail-set ---- */

/* dbs_unsafe - a DontBlameSendmail flag that lets others take over files */
static bool
dbs_unsafe(const char *w)
{
	static const char *const parts[] = {
		"worldwritable", "groupwritable", "groupreadable", "symlink",
		"hardlink", "runwritableprogram", "runprograminunsafedirpath",
		"linked", "insufficiententropy",
	};
	size_t i;

	if (strstr(w, "inunsafedirpath") != NULL &&
	    strncmp(w, "dontwarn", 8) != 0)
		return true;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strstr(w, parts[i]) != NULL)
			return true;
	return false;
}

/* dbs_check - one finding for the DontBlameSendmail flags of one kind */
static void
dbs_check(struct rule_ctx *ctx, bool want_unsafe)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "DontBlameSendmail");
	const char *p = setting_value(s);
	char found[512] = "", desc[512];

	while (*p != '\0') {
		char w[64];
		size_t n = 0;

		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p) || *p == '_') {
			if (n + 1 < sizeof(w))
				w[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		w[n] = '\0';
		if (n == 0 || strcmp(w, "safe") == 0 ||
		    dbs_unsafe(w) != want_unsafe)
			continue;
		snprintf(found + strlen(found), sizeof(found) - strlen(found),
		    "%s%s", *found ? ", " : "", w);
	}
	if (*found == '\0')
		return;
	sm_describe(desc, sizeof(desc), s, "DontBlameSendmail");
	rule_report_param(ctx, rule_where(m, s), "DontBlameSendmail",
	    want_unsafe ?
	    "%s turns off file-safety checks (%s): other local users can "
	    "get sendmail to use files they control" :
	    "%s relaxes sendmail's file-safety checks (%s)", desc, found);
}

/* check_dbs_unsafe - MH753: the dangerous DontBlameSendmail flags */
void
check_dbs_unsafe(struct rule_ctx *ctx)
{
	dbs_check(ctx, true);
}

/* check_dbs_relaxed - MH754: the other DontBlameSendmail flags */
void
check_dbs_relaxed(struct rule_ctx *ctx)
{
	dbs_check(ctx, false);
}

/* ---- MH755 safe-file-environment-unset ---- */

/* check_safe_file_env - MH755: SafeFileEnvironment unset */
void
check_safe_file_env(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "SafeFileEnvironment");
	const struct setting *r = model_lookup(m, "RunAsUser");

	if (m->main_src == NULL ||
	    (s != NULL && *setting_value(s) != '\0'))
		return;
	/* With RunAsUser, deliveries do not run as root anyway (op.me). */
	if (r != NULL && *setting_value(r) != '\0') {
		char user[128], group[128];

		split_user(setting_value(r), user, sizeof(user), group,
		    sizeof(group));
		if (!is_root_user(user))
			return;
	}
	rule_report_param(ctx, rule_where(m, s), "SafeFileEnvironment", "%s: "
	    "deliveries to files named in aliases and .forward files may "
	    "write anywhere the delivering user can", s == NULL ?
	    "SafeFileEnvironment is not set" : "SafeFileEnvironment is empty");
}

/* ---- MH756 mail-owner-shared ---- */

/* check_mail_owner - MH756: mail_owner and setgid_group */
void
check_mail_owner(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *o = model_lookup(m, "mail_owner");
	const struct setting *g = model_lookup(m, "setgid_group");
	size_t nu, ng;
	const char **users = params_list(&ctx->params, "shared_users", &nu);
	const char **groups = params_list(&ctx->params, "shared_groups", &ng);
	const char *ov = setting_value(o), *gv = setting_value(g);

	if (o != NULL && *ov != '\0') {
		if (is_root_user(ov))
			rule_report_param(ctx, rule_where(m, o), "mail_owner",
			    "mail_owner = %s: Postfix refuses to start ('has "
			    "privileged user ID'); the queue and the daemons "
			    "would belong to root", ov);
		else if (rule_in_list(users, nu, ov))
			rule_report_param(ctx, rule_where(m, o), "mail_owner",
			    "mail_owner = %s: the queue and the unprivileged "
			    "daemons belong to an account that other software "
			    "also runs as, which can then read and change "
			    "queued mail", ov);
	}
	if (g != NULL && *gv != '\0') {
		if (is_root_group(gv))
			rule_report_param(ctx, rule_where(m, g), "setgid_group",
			    "setgid_group = %s: Postfix refuses to start ('has "
			    "privileged group ID')", gv);
		else if (rule_in_list(groups, ng, gv))
			rule_report_param(ctx, rule_where(m, g), "setgid_group",
			    "setgid_group = %s: postdrop and postqueue run "
			    "with a group other programs and users have, so "
			    "they can drop mail into the queue's maildrop "
			    "directly", gv);
		else if (strcmp(gv, ov) == 0)
			rule_report_param(ctx, rule_where(m, g), "setgid_group",
			    "setgid_group = %s is named like mail_owner, "
			    "usually its primary group: Postfix refuses to "
			    "start when both have the same group ID", gv);
	}
	free(users);
	free(groups);
}

/* ---- MH757 chroot-off, MH758 unprivileged-off ---- */

/* check_chroot - MH757: network-facing services outside the chroot */
void
check_chroot(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t n, i;
	const char **commands = params_list(&ctx->params, "chroot_commands",
	    &n);

	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];
		const char *cmd = command_base(svc->command);
		char key[256];

		if (svc->chroot_field == NULL ||
		    !rule_service_is_effective(m, svc) ||
		    !rule_in_list(commands, n, cmd) ||
		    strcmp(svc->chroot_field, "y") == 0)
			continue;
		snprintf(key, sizeof(key), "%s/%s:chroot", svc->name,
		    svc->type);
		rule_report(ctx, rule_service_field_span(svc, 4), key,
		    "service %s/%s runs %s outside a chroot jail (chroot "
		    "column '%s'%s)", svc->name, svc->type, cmd,
		    svc->chroot_field, strcmp(svc->chroot_field, "-") == 0 ?
		    ", which means n since Postfix 3.0" : "");
	}
	free(commands);
}

/* check_unprivileged - MH758: services that keep root without need */
void
check_unprivileged(struct rule_ctx *ctx)
{
	static const char *const need_root[] = {
		"local", "virtual", "pipe", "spawn",
	};
	const struct model *m = ctx->model;
	size_t i, k;

	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];
		const char *cmd = command_base(svc->command);
		bool needed = false;
		char key[256];

		if (svc->unpriv_field == NULL ||
		    !rule_service_is_effective(m, svc) ||
		    strcmp(svc->unpriv_field, "n") != 0)
			continue;
		for (k = 0; k < sizeof(need_root) / sizeof(need_root[0]); k++)
			needed |= strcmp(cmd, need_root[k]) == 0;
		if (needed)
			continue;
		snprintf(key, sizeof(key), "%s/%s:unpriv", svc->name,
		    svc->type);
		rule_report(ctx, rule_service_field_span(svc, 3), key,
		    "service %s/%s runs %s as root (unprivileged column 'n'); "
		    "only local, virtual, pipe and spawn need root",
		    svc->name, svc->type, cmd);
	}
}

/* ---- the table ---- */
