/*
 * rules_ops - the permissions and ops families: owner and mode of the
 * files read, sendmail statistics and log level, Postfix debug logging,
 * Postfix compatibility_level, sendmail.cf version
 *
 * Permissions are judged from the stat of each file mta-harden read. On a
 * copy of a config tree (a git checkout in CI, an unpacked image) owner
 * and mode say nothing about the host the MTA will run on: git records no
 * owner, and the mode follows the umask of whoever checked it out. So by
 * default the permission rules look only at a live system (root "/":
 * `mta-harden check /etc/postfix` or --root /); their parameter trees =
 * all extends them to any tree, for images unpacked with owners kept.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "parsers/pf_expand.h"
#include "parsers/sm_mc.h"

/* ---- MH803 file-world-writable, MH804, MH805 ---- */

/* live_tree - the permission rules apply to this model */
static bool
live_tree(const struct rule_ctx *ctx)
{
	const char *trees = params_scalar(&ctx->params, "trees");

	if (trees != NULL && strcmp(trees, "all") == 0)
		return true;
	return ctx->model->root != NULL && strcmp(ctx->model->root, "/") == 0;
}

/* what_file - "the Postfix configuration", "a map or list" */
static const char *
what_file(const struct model *m, const struct src *src)
{
	if (src == m->main_src || src == m->master_src ||
	    (m->generated != NULL && src == m->generated->main_src))
		return "a configuration file";
	return "a map or list the MTA reads";
}

/*
 * each_src - call fn for every file read from disk, the .cf beside a .mc
 * included, each once
 */
static void
each_src(struct rule_ctx *ctx, void (*fn)(struct rule_ctx *,
    const struct src *))
{
	const struct model *m = ctx->model;
	const struct model *ms[2] = { m, m->generated };
	size_t k, i, j;

	for (k = 0; k < 2; k++) {
		if (ms[k] == NULL)
			continue;
		for (i = 0; i < ms[k]->nsrcs; i++) {
			const struct src *s = ms[k]->srcs[i];
			bool seen = false;

			if (!s->has_stat || s->fs_path == NULL)
				continue;
			for (j = 0; k == 1 && j < m->nsrcs && !seen; j++)
				seen = m->srcs[j]->fs_path != NULL &&
				    strcmp(m->srcs[j]->fs_path,
				    s->fs_path) == 0;
			if (!seen)
				fn(ctx, s);
		}
	}
}

static void
world_writable(struct rule_ctx *ctx, const struct src *s)
{
	if ((s->mode & 0002) == 0)
		return;
	rule_report(ctx, span_whole(s), "world-writable", "%s has mode %04o: "
	    "every local user can rewrite %s, and with it what the MTA "
	    "delivers, relays and runs as root", s->path, s->mode & 07777,
	    what_file(ctx->model, s));
}

static void
group_writable(struct rule_ctx *ctx, const struct src *s)
{
	if ((s->mode & 0020) == 0)
		return;
	rule_report(ctx, span_whole(s), "group-writable", "%s has mode %04o: "
	    "the members of group %u can rewrite %s, and with it what the "
	    "MTA delivers, relays and runs as root", s->path, s->mode & 07777,
	    s->gid, what_file(ctx->model, s));
}

static void
not_root_owned(struct rule_ctx *ctx, const struct src *s)
{
	if (s->uid == 0)
		return;
	rule_report_param(ctx, span_whole(s), "owner",
	    "%s is owned by uid %u, not "
	    "root: that user can rewrite %s, and with it what the MTA "
	    "delivers, relays and runs as root", s->path, s->uid,
	    what_file(ctx->model, s));
}

void
check_world_writable(struct rule_ctx *ctx)
{
	if (live_tree(ctx))
		each_src(ctx, world_writable);
}

void
check_group_writable(struct rule_ctx *ctx)
{
	if (live_tree(ctx))
		each_src(ctx, group_writable);
}

void
check_owner(struct rule_ctx *ctx)
{
	if (live_tree(ctx))
		each_src(ctx, not_root_owned);
}

/* ---- helpers for the ops rules ---- */

/* shown - "confLOG_LEVEL = 7", "LogLevel = 9 (default)" into buf */
static const char *
shown(const struct setting *s, const char *name, char *buf, size_t size)
{
	const char *as = s != NULL && s->written_as != NULL ? s->written_as :
	    name;
	const char *v = s == NULL ? "" : s->value != NULL ? s->value : s->raw;

	char origin[96] = "";

	if (s != NULL && s->source == SOURCE_DEFAULT && s->name_span.src !=
	    NULL) {
		/* set by a library file: name the .mc call, up to its ')' */
		const char *p = s->name_span.src->bytes + s->name_span.start;
		size_t n = strcspn(p, ")\n");

		snprintf(origin, sizeof(origin), " (from %.*s%s)",
		    (int)(n > 60 ? 60 : n), p, p[n] == ')' ? ")" : "");
	} else if (s != NULL && s->source == SOURCE_DEFAULT) {
		snprintf(origin, sizeof(origin), " (default)");
	}
	if (s == NULL)
		snprintf(buf, size, "%s is not set", name);
	else if (*v == '\0')
		snprintf(buf, size, "%s is empty%s", as, origin);
	else
		snprintf(buf, size, "%s = %s%s", as, v, origin);
	return buf;
}

/* version_cmp - compare dotted numbers ("8.17.1.9" vs "8.15.2") */
static int
version_cmp(const char *a, const char *b)
{
	while (isdigit((unsigned char)*a) || isdigit((unsigned char)*b)) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10);
		long y = strtol(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (!isdigit((unsigned char)*a) && !isdigit((unsigned char)*b))
			break;
	}
	return 0;
}

/* ---- MH850 statistics-file-missing ---- */

void
check_statistics(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "StatusFile");
	char buf[512];
	size_t i;

	if (m->main_src == NULL)
		return;
	if (s == NULL) {
		rule_report_param(ctx, rule_where(m, s), "StatusFile",
		    "StatusFile "
		    "is not set (STATUS_FILE in the .mc): sendmail keeps no "
		    "statistics, and mailstats has nothing to show");
		return;
	}
	for (i = 0; i < m->nfiles; i++) {
		const struct named_file *nf = m->files[i];

		if (strcmp(nf->what, "StatusFile") != 0 ||
		    nf->fs_path != NULL || nf->not_followed == NULL ||
		    strcmp(nf->not_followed, "no such file in the tree") != 0)
			continue;
		rule_report_param(ctx, rule_where(m, s), "StatusFile",
		    "%s, but %s "
		    "is not in the checked tree: sendmail does not create it, "
		    "so no statistics are kept", shown(s, "StatusFile", buf,
		    sizeof(buf)), nf->name);
		return;
	}
}

/* ---- MH851 log-level-low ---- */

void
check_log_level(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "LogLevel");
	long long min = params_number(&ctx->params, "min_level", 9);
	const char *v = s == NULL ? NULL : s->value != NULL ? s->value : s->raw;
	char buf[256], *end;
	long long level;

	/* unset: the binary's default, 9 (op.me) */
	if (v == NULL || *v == '\0')
		return;
	level = strtoll(v, &end, 10);
	if (*end != '\0' || level >= min)
		return;
	rule_report_param(ctx, rule_where(m, s), "LogLevel",
	    "%s is below %lld: "
	    "sendmail does not log %s", shown(s, "LogLevel", buf, sizeof(buf)),
	    min, level < 8 ? "successful deliveries (level 8) nor deferred "
	    "messages (level 9)" : "deferred messages (level 9)");
}

/* ---- MH852 debug-logging-on ---- */

void
check_debug_logging(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s = model_lookup(m, "debug_peer_list");
	size_t i, k;

	if (s != NULL && s->source == SOURCE_FILE && s->value != NULL &&
	    *s->value != '\0')
		rule_report_param(ctx, rule_where(m, s), "debug_peer_list",
		    "debug_peer_list = %s: every session with these clients is "
		    "logged in full at debug_peer_level %s, AUTH exchanges "
		    "included", s->value, rule_value(m, "debug_peer_level"));
	for (i = 0; i < m->nservices; i++) {
		const struct service *svc = m->services[i];
		char key[256];

		for (k = 0; k < svc->noverrides; k++) {
			const struct setting *o = svc->overrides[k];

			if (strcmp(o->name, "debug_peer_list") != 0 ||
			    o->value == NULL || *o->value == '\0')
				continue;
			rule_report_setting(ctx, rule_where(m, o), o,
			    "debug_peer_list", "-o debug_peer_list=%s in "
			    "%s/%s: every session with these clients is logged "
			    "in full, AUTH exchanges included", o->value,
			    svc->name, svc->type);
		}
		for (k = 0; k < svc->nargs; k++) {
			if (strcmp(svc->args[k], "-v") != 0 &&
			    strncmp(svc->args[k], "-vv", 3) != 0 &&
			    strcmp(svc->args[k], "-D") != 0)
				continue;
			snprintf(key, sizeof(key), "%s/%s:%s", svc->name,
			    svc->type, svc->args[k]);
			rule_report(ctx, svc->name_span, key, "service %s/%s "
			    "runs %s %s: %s", svc->name, svc->type,
			    svc->command, svc->args[k],
			    svc->args[k][1] == 'D' ? "every process starts "
			    "under debugger_command" : "every session of this "
			    "service is logged verbosely, AUTH exchanges "
			    "included");
		}
	}
}

/* ---- MH853 compatibility-level-unsafe, MH854 compatibility-level-old ---- */

/*
 * level_of - the effective compatibility_level, "0" when unset; NULL when
 * it is set to what Postfix cannot read (empty too): then every Postfix
 * program stops with "malformed compatibility level syntax"
 */
static const char *
level_of(const struct model *m, const struct setting **from)
{
	const char *v;

	*from = model_lookup(m, "compatibility_level");
	if (*from == NULL || (*from)->source != SOURCE_FILE)
		return "0";
	v = (*from)->value != NULL ? (*from)->value : (*from)->raw;
	return v != NULL && pf_compare_levels(v, "0") != -2 ? v : NULL;
}

void
check_compat_unsafe(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *from, *nets, *style, *relay;
	const char *level = level_of(m, &from);
	char effects[512] = "", buf[128];

	if (level == NULL || pf_compare_levels(level, "2") != -1)
		return;
	nets = model_lookup(m, "mynetworks");
	style = model_lookup(m, "mynetworks_style");
	relay = model_lookup(m, "smtpd_relay_restrictions");
	if ((nets == NULL || nets->source == SOURCE_DEFAULT) &&
	    (style == NULL || style->source == SOURCE_DEFAULT))
		snprintf(effects, sizeof(effects), "mynetworks_style = %s, so "
		    "every host on this server's IP subnets may relay",
		    rule_value(m, "mynetworks_style"));
	if ((relay == NULL || relay->source == SOURCE_DEFAULT) &&
	    *rule_value(m, "smtpd_relay_restrictions") == '\0')
		snprintf(effects + strlen(effects), sizeof(effects) -
		    strlen(effects), "%ssmtpd_relay_restrictions is empty, so "
		    "relaying rests on smtpd_recipient_restrictions alone",
		    *effects != '\0' ? "; " : "");
	if (*effects == '\0')
		return;
	rule_report_param(ctx, rule_where(m, from), "compatibility_level",
	    "%s keeps "
	    "the backwards-compatible defaults of Postfix 2.x: %s",
	    shown(from, "compatibility_level", buf, sizeof(buf)), effects);
}

void
check_compat_old(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *from;
	const char *level = level_of(m, &from);
	const char *min = params_scalar(&ctx->params, "min_level");
	char buf[128];

	if (min == NULL || *min == '\0')
		min = "3.6";
	if (level == NULL) {
		rule_report_param(ctx, rule_where(m, from),
		    "compatibility_level",
		    "%s: not a compatibility level, so every Postfix "
		    "program stops with 'malformed compatibility level "
		    "syntax'",
		    shown(from, "compatibility_level", buf, sizeof(buf)));
		return;
	}
	if (pf_compare_levels(level, min) != -1)
		return;
	rule_report_param(ctx, rule_where(m, from), "compatibility_level",
	    "%s: "
	    "below %s, so Postfix keeps the older default of every change "
	    "since and logs a warning each time it uses one",
	    from != NULL && from->source == SOURCE_FILE ? shown(from,
	    "compatibility_level", buf, sizeof(buf)) : "compatibility_level "
	    "is not set (level 0)", min);
}

/* ---- MH855 cf-version-old ---- */

void
check_cf_version(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct model *cf = m->generated != NULL ? m->generated : m;
	const struct setting *v = model_lookup(cf, "V");
	const struct setting *z = model_lookup(cf, "$Z");
	const char *min = params_scalar(&ctx->params, "min_version");
	char want[64];

	/* a .mc alone: the .cf m4 makes will be as new as its library */
	if (v == NULL && z == NULL)
		return;
	if (min == NULL || *min == '\0')
		min = sm_mc_lib_version();
	snprintf(want, sizeof(want), "%.*s", (int)strcspn(min, "-/"), min);
	if (v != NULL && v->raw != NULL && atoi(v->raw) < 10)
		rule_report_param(ctx, rule_where(cf, v), "V",
		    "the .cf declares "
		    "V%s, below configuration level 10: sendmail warns that "
		    "the .cf file is out of date and keeps the old behaviour "
		    "of that level", v->raw);
	if (z != NULL && z->raw != NULL && isdigit((unsigned char)*z->raw) &&
	    version_cmp(z->raw, want) < 0)
		rule_report(ctx, rule_where(cf, z), "$Z", "the .cf was made "
		    "from sendmail-cf %.*s (DZ%s), older than %s: it lacks the "
		    "fixes and defaults of the newer release", (int)strcspn(
		    z->raw, "/"), z->raw, z->raw, want);
}

/* ---- the table ---- */
