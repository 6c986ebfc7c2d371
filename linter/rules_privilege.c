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

#include "fixers/fixers.h"
#include "linter/rule.h"
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
static void
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
static void
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
static void
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
static void
check_dbs_unsafe(struct rule_ctx *ctx)
{
	dbs_check(ctx, true);
}

/* check_dbs_relaxed - MH754: the other DontBlameSendmail flags */
static void
check_dbs_relaxed(struct rule_ctx *ctx)
{
	dbs_check(ctx, false);
}

/* ---- MH755 safe-file-environment-unset ---- */

/* check_safe_file_env - MH755: SafeFileEnvironment unset */
static void
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
static void
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
static void
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
static void
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

const struct rule rules_privilege[] = {
	{ "MH750", "default-user-privileged", { "privilege" }, SEV_HIGH,
	  RULE_MTA_POSTFIX | RULE_MTA_SENDMAIL, &fixer_default_user_privileged,
	    true,
	  "deliveries to files and programs run as root or a system account",
	  "When an alias or .forward file sends mail to a file or a "
	  "program, the MTA runs that delivery as a fallback user if it "
	  "cannot use the owner of the file. If that user is root, or an "
	  "account that owns system files, anyone who can get mail "
	  "delivered there can write those files or run commands with "
	  "those rights. privileged_users lists the accounts reported "
	  "besides root (default: root, toor, bin, sys, adm, operator); "
	  "every profile expects a dedicated unprivileged user.\n\n"
	  "sendmail: DefaultUser (op.me; cf default mailnull; unset, the "
	  "binary picks mailnull, sendmail or daemon) is used for mailers "
	  "without F=S and unsafe deliveries; it must not be root or the "
	  "root group, nor TrustedUser (the owner of the alias "
	  "databases). Fix: define(`confDEF_USER_ID', "
	  "`mailnull:mailnull')dnl.\n\nPostfix: default_privs "
	  "(postconf(5); default nobody) is used by local(8) for "
	  "deliveries from root-owned alias files; Postfix refuses to "
	  "start if it is root or the same as mail_owner. Fix: "
	  "default_privs = nobody.",
	  { { "privileged_users", "root, toor, bin, sys, adm, operator", true,
	      "accounts that must not run file and program deliveries" } },
	  check_default_user },
	{ "MH751", "run-as-user", { "privilege" }, SEV_LOW,
	  RULE_MTA_SENDMAIL, NULL, true,
	  "sendmail keeps running as root after it accepts a connection",
	  "sendmail starts as root to bind port 25. With RunAsUser "
	  "(op.me) it switches to that user once a connection is "
	  "accepted, so a flaw in the SMTP dialogue no longer yields "
	  "root. op.me recommends it only for hosts that deliver no mail "
	  "locally (an MTA-only gateway): .forward and :include: files "
	  "must then be readable by that user, and file and program "
	  "deliveries become unsafe. The rule reports RunAsUser set to "
	  "root (no effect), and, when the profile sets "
	  "require_run_as_user (dmz: yes), a RunAsUser that is not set. "
	  "Defence in depth, hence low.\n\nsendmail: "
	  "define(`confRUN_AS_USER', `smmsp:smmsp')dnl (or a dedicated "
	  "user) in sendmail.mc, then rebuild sendmail.cf.\n\nPostfix: "
	  "does not apply; its daemons run as mail_owner already (see "
	  "MH756 and MH758).",
	  { { "require_run_as_user", "no", false,
	      "yes: report a RunAsUser that is not set (MTA-only hosts)" } },
	  check_run_as_user },
	{ "MH752", "trusted-user-shared", { "privilege" }, SEV_MEDIUM,
	  RULE_MTA_SENDMAIL, NULL, true,
	  "sendmail's TrustedUser is a shared account",
	  "TrustedUser (op.me; default root) owns the alias databases "
	  "and the control socket (makemap and newaliases give the "
	  "databases to it), and may set any envelope sender without an "
	  "X-Authentication-Warning. An account that other software also "
	  "runs as (nobody, daemon, www-data …) or the DefaultUser that "
	  "runs unsafe deliveries could then rewrite the aliases, "
	  "including program aliases. shared_users lists the accounts "
	  "reported (default: nobody, nfsnobody, daemon, bin, sys, mail, "
	  "mailnull, www-data).\n\nsendmail: leave TrustedUser unset "
	  "(root), or give it a dedicated account such as Debian's smmta: "
	  "define(`confTRUSTED_USER', `smmta')dnl.\n\nPostfix: does not "
	  "apply; it has no trusted user (see MH756 for mail_owner).",
	  { { "shared_users",
	      "nobody, nfsnobody, daemon, bin, sys, mail, mailnull, www-data",
	      true, "accounts that must not be TrustedUser" } },
	  check_trusted_user },
	{ "MH753", "dont-blame-sendmail-unsafe", { "privilege" }, SEV_HIGH,
	  RULE_MTA_SENDMAIL, &fixer_dont_blame_sendmail_unsafe, true,
	  "DontBlameSendmail turns off a file-safety check that matters",
	  "sendmail refuses to read or write files that others could have "
	  "changed: group- or world-writable alias, map, .forward and "
	  ":include: files, files in unsafe directory paths, symbolic and "
	  "hard links, group-readable key and SASL files. "
	  "DontBlameSendmail turns these checks off one by one; op.me: "
	  "'Use of this option is not recommended.' This rule reports the "
	  "flags that let another local user get sendmail to write where "
	  "it should not, run programs or read secrets: worldwritable*, "
	  "groupwritable*, groupreadable*, *symlink, *hardlink, linked*, "
	  "*inunsafedirpath*, runwritableprogram, runprograminunsafedirpath "
	  "and insufficiententropy. Every profile expects safe only.\n\n"
	  "sendmail: fix the file and directory modes sendmail complains "
	  "about, then remove the define(`confDONT_BLAME_SENDMAIL', …) "
	  "line (or set it to `safe') and rebuild sendmail.cf.\n\nPostfix: "
	  "does not apply; Postfix has no such override (postfix "
	  "set-permissions fixes modes).",
	  { { NULL, NULL, false, NULL } }, check_dbs_unsafe },
	{ "MH754", "dont-blame-sendmail-relaxed", { "privilege" }, SEV_LOW,
	  RULE_MTA_SENDMAIL, &fixer_dont_blame_sendmail_relaxed, true,
	  "DontBlameSendmail relaxes a file-safety check",
	  "The DontBlameSendmail flags that MH753 does not report weaken "
	  "sendmail's file checks less directly: assumesafechown, "
	  "nonrootsafeaddr, truststickybit, "
	  "dontwarnforwardfileinunsafedirpath, and words sendmail does not "
	  "know. Each still trades a check for convenience (op.me: 'Use "
	  "of this option is not recommended'), so each is worth a "
	  "look.\n\nsendmail: remove the flag from confDONT_BLAME_SENDMAIL "
	  "(leaving `safe') and rebuild sendmail.cf.\n\nPostfix: does not "
	  "apply; Postfix has no such override.",
	  { { NULL, NULL, false, NULL } }, check_dbs_relaxed },
	{ "MH755", "safe-file-environment-unset", { "privilege" }, SEV_LOW,
	  RULE_MTA_SENDMAIL, &fixer_safe_file_environment_unset, true,
	  "file deliveries are not confined by SafeFileEnvironment",
	  "An alias or .forward entry such as /var/log/x or ../../etc/y "
	  "makes sendmail append mail to that file. With "
	  "SafeFileEnvironment=DIR (op.me) sendmail chroots to DIR before "
	  "such a delivery and writes only regular files, so a mistaken "
	  "or malicious file target cannot reach the rest of the system; "
	  "SafeFileEnvironment=/ still refuses devices and links. Defence "
	  "in depth, hence low. Not reported when RunAsUser is set to a "
	  "user other than root (deliveries do not run as root then, and "
	  "op.me notes the two do not combine).\n\nsendmail: "
	  "define(`confSAFE_FILE_ENV', `/var/mail')dnl (or `/') in "
	  "sendmail.mc, then rebuild sendmail.cf.\n\nPostfix: does not "
	  "apply; local(8) limits file deliveries with "
	  "allow_mail_to_files and runs them as the alias file's owner or "
	  "default_privs (MH750).",
	  { { NULL, NULL, false, NULL } }, check_safe_file_env },
	{ "MH756", "mail-owner-shared", { "privilege" }, SEV_MEDIUM,
	  RULE_MTA_POSTFIX, NULL, true,
	  "Postfix's mail_owner or setgid_group is root or a shared account",
	  "mail_owner (default postfix) owns the queue and runs the "
	  "unprivileged daemons; setgid_group (default postdrop) is the "
	  "group of postdrop and postqueue, which may write the maildrop "
	  "directory. Both must be dedicated to Postfix (postconf(5), "
	  "INSTALL): software that shares the account can read and "
	  "change queued mail, or drop mail into the queue behind "
	  "Postfix's back. Postfix refuses to start when either is root "
	  "or they share a group ID. shared_users and shared_groups list "
	  "the names reported (defaults: nobody, nfsnobody, daemon, bin, "
	  "sys, mail, www-data; and nogroup, users, staff, mail, daemon, "
	  "adm, wheel, tty, disk).\n\nPostfix: mail_owner = postfix, "
	  "setgid_group = postdrop, each an account and group of their "
	  "own (then postfix set-permissions).\n\nsendmail: does not "
	  "apply; see MH751 and MH752.",
	  { { "shared_users",
	      "nobody, nfsnobody, daemon, bin, sys, mail, www-data", true,
	      "accounts that must not be mail_owner" },
	    { "shared_groups",
	      "nogroup, users, staff, mail, daemon, adm, wheel, tty, disk",
	      true, "groups that must not be setgid_group" } },
	  check_mail_owner },
	{ "MH757", "chroot-off", { "privilege" }, SEV_LOW,
	  RULE_MTA_POSTFIX, NULL, true,
	  "a network-facing Postfix service runs outside the chroot jail",
	  "With y in the chroot column of master.cf, a Postfix daemon "
	  "chroots to the queue directory, so an attacker who takes over "
	  "smtpd, postscreen, the smtp client or cleanup (the services "
	  "that parse what strangers send) sees only the queue. Since "
	  "Postfix 3.0 '-' means n; Debian's master.cf writes y for these "
	  "services. A chroot needs files copied into the jail (Debian's "
	  "init script does it), so this is defence in depth, low; the "
	  "dmz profile raises it. chroot_commands lists the commands "
	  "checked (default: smtpd, postscreen, smtp, tlsproxy, dnsblog, "
	  "cleanup); local, virtual, pipe, proxymap and qmgr usually "
	  "cannot run chrooted. Not reported without a master.cf.\n\n"
	  "Postfix: put y in the fifth column of those services, e.g. "
	  "'smtp inet n - y - - smtpd', copy /etc/resolv.conf, "
	  "/etc/services and the like into the queue directory, then "
	  "postfix reload.\n\nsendmail: does not apply; sendmail has no "
	  "chroot for its daemon (see MH751 for RunAsUser).",
	  { { "chroot_commands",
	      "smtpd, postscreen, smtp, tlsproxy, dnsblog, cleanup", true,
	      "master.cf commands that should run chrooted" } },
	  check_chroot },
	{ "MH758", "unprivileged-off", { "privilege" }, SEV_MEDIUM,
	  RULE_MTA_POSTFIX, NULL, true,
	  "a Postfix service runs as root without needing to",
	  "The unprivileged column of master.cf says whether a daemon "
	  "drops root for mail_owner ('-' or y) or keeps running as root "
	  "(n). Only local, virtual, pipe and spawn need root, to deliver "
	  "as other users (master(5)). An n on smtpd or another "
	  "network-facing service means that a flaw in it yields root to "
	  "whoever exploits it: running as root, exposed to strangers. "
	  "Every profile expects '-'.\n\nPostfix: put '-' in the fourth "
	  "column (e.g. 'smtp inet n - y - - smtpd'), then postfix "
	  "reload.\n\nsendmail: does not apply; see MH751 (RunAsUser).",
	  { { NULL, NULL, false, NULL } }, check_unprivileged },
};

const size_t rules_privilege_count = sizeof(rules_privilege) /
    sizeof(rules_privilege[0]);
