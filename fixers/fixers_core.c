/*
 * fixers_core - fixes for the core rules: VRFY, EXPN, VERB, the greeting,
 * the size limit, open relaying, listening, trailing comments, stale files
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fix.h"
#include "fixers/fixers.h"
#include "parsers/pf_facts.h"
#include "parsers/sm_facts.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

/* pf_servers_set - every server whose fact flags it, where its setting decides */
static int
pf_servers_set(struct fix_ctx *ctx, size_t offset, const char *name,
    const char *value)
{
	const struct model *m = ctx->m;
	size_t i;
	int done = -1;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = (const struct fact *)
		    ((const char *)m->servers[i] + offset);

		if (!f->applicable || !f->known || !f->flag)
			continue;
		fix_pf_set_at(ctx, f->from, name, value);
		done = 0;
	}
	return done;
}

/* ---- MH101, MH102, MH103 ---- */

static int
fix_vrfy(struct fix_ctx *ctx)
{
	if (ctx->m->mta == MTA_POSTFIX)
		return pf_servers_set(ctx, offsetof(struct smtp_server, vrfy),
		    "disable_vrfy_command", "yes");
	if (ctx->m->main_src == NULL)
		return -1;
	fix_sm_privacy(ctx, "novrfy");
	return 0;
}

static int
fix_expn(struct fix_ctx *ctx)
{
	if (ctx->m->main_src == NULL)
		return -1;
	fix_sm_privacy(ctx, "noexpn");
	return 0;
}

static int
fix_verb(struct fix_ctx *ctx)
{
	if (ctx->m->main_src == NULL)
		return -1;
	fix_sm_privacy(ctx, "noverb");
	return 0;
}

/* ---- MH104 ---- */

static int
fix_banner(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	size_t i;

	if (m->mta == MTA_SENDMAIL) {
		if (m->main_src == NULL)
			return -1;
		/* sendmail inserts ESMTP after the host name itself */
		fix_sm_option(ctx, "SmtpGreetingMessage", "confSMTP_LOGIN_MSG",
		    "$j");
		return 0;
	}
	for (i = 0; i < m->nservers; i++)
		fix_pf_set_at(ctx, m->servers[i]->greeting.from, "smtpd_banner",
		    "$myhostname ESMTP");
	return 0;
}

/* ---- MH601 ---- */

static int
fix_size(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	long long max = params_number(ctx->params, "max_bytes", 52428800);
	char value[32];
	size_t i;

	snprintf(value, sizeof(value), "%lld", max);
	if (m->mta == MTA_SENDMAIL) {
		if (m->main_src == NULL)
			return -1;
		fix_sm_option(ctx, "MaxMessageSize", "confMAX_MESSAGE_SIZE",
		    value);
		return 0;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = &m->servers[i]->size_limit;

		if (f->known && (f->num == 0 || f->num > max))
			fix_pf_set_at(ctx, f->from, "message_size_limit",
			    value);
	}
	return 0;
}

/* ---- MH201 ---- */

/* private_only - the loopback and private entries of a mynetworks value */
char *
fixers_private_networks(const char *value)
{
	char *copy = xstrdup(value), *tok, *save = NULL, *out;
	struct strbuf kept = STRBUF_INIT;

	for (tok = strtok_r(copy, " ,\t", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,\t", &save)) {
		struct ip_net n;

		if (ip_net_parse(tok, &n) == 0 && !ip_net_is_private(&n))
			continue;
		strbuf_add_item(&kept, " ", tok);
	}
	free(copy);
	out = strbuf_take(&kept);
	if (*out == '\0') {
		free(out);
		out = xstrdup("127.0.0.0/8 [::1]/128");
	}
	return out;
}

static int
fix_open_relay(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	size_t i;
	int done = -1;

	if (m->mta == MTA_SENDMAIL) {
		/*
		 * Only this finding's grant, and only a relay feature written in
		 * the source of truth: access and relay-domains need a person.
		 */
		for (i = 0; i < m->nrelay_grants; i++) {
			const struct fact *g = m->relay_grants[i];
			const char *base;

			if (g->where.src != ctx->f->src ||
			    g->where.start != ctx->f->offset)
				continue;
			/* a whole top-level domain in relay-domains: the line goes */
			base = strrchr(g->where.src->path, '/');
			base = base != NULL ? base + 1 : g->where.src->path;
			if (g->from == NULL && strcmp(base,
			    "relay-domains") == 0) {
				fix_remove_lines(ctx, g->where);
				done = 0;
				continue;
			}
			if (g->from == NULL ||
			    strncmp(g->from->name, "FEATURE(", 8) != 0 ||
			    g->from->source != SOURCE_FILE ||
			    g->from->name_span.src != m->main_src)
				continue;
			/* every time the feature is written: one left still grants */
			fix_remove_definitions(ctx, g->from->name);
			done = 0;
		}
		return done;
	}
	for (i = 0; i < m->nservers; i++) {
		const struct smtp_server *srv = m->servers[i];
		const struct fact *nets = &srv->relay_networks;

		if (nets->applicable && nets->flag && nets->from != NULL &&
		    strcmp(nets->from->name, "mynetworks") == 0) {
			char *v = fixers_private_networks(nets->from->value != NULL ?
			    nets->from->value : nets->from->raw);

			fix_pf_set_at(ctx, nets->from, "mynetworks", v);
			free(v);
			done = 0;
		} else if (nets->applicable && nets->flag && nets->from != NULL &&
		    strcmp(nets->from->name, "mynetworks_style") == 0) {
			fix_pf_set_at(ctx, nets->from, "mynetworks_style",
			    "host");
			done = 0;
		}
		if (srv->relay.known && srv->relay.flag &&
		    (srv->relay.from == NULL ||
		    strcmp(srv->relay.from->name, "mynetworks") != 0)) {
			const struct setting *rr = model_service_lookup(m,
			    srv->service, "smtpd_relay_restrictions");

			fix_pf_set_at(ctx, rr, "smtpd_relay_restrictions",
			    "permit_mynetworks, permit_sasl_authenticated, "
			    "reject_unauth_destination");
			done = 0;
		}
	}
	return done;
}

/* ---- MH701 ---- */

/* is_finding_listener - the listener a finding is about */
static bool
is_finding_listener(const struct fix_ctx *ctx, const struct listener *l)
{
	return ctx->f->listener == l;
}

/*
 * sm_default_daemon - a daemon sendmail adds by itself, written out on
 * loopback: the MSA that sendmail.mc adds unless FEATURE(`no_default_msa'),
 * or the MTA daemon of a configuration that names none
 */
static int
sm_default_daemon(struct fix_ctx *ctx, const struct listener *l)
{
	const struct src *main = ctx->m->main_src;
	const bool msa = strcmp(l->server, "MSA") == 0;

	if (main == NULL)
		return -1;
	if (!model_is_mc(ctx->m)) {
		if (msa)
			return -1;
		fix_sm_option(ctx, "DaemonPortOptions", NULL,
		    "Family=inet, Name=MTA-v4, Port=smtp, Addr=127.0.0.1");
		return 0;
	}
	fix_mc_insert_line(ctx, msa ?
	    "FEATURE(`no_default_msa')dnl\n"
	    "DAEMON_OPTIONS(`Port=submission, Name=MSA, M=E, "
	    "Addr=127.0.0.1')dnl" :
	    "DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port=smtp, "
	    "Addr=127.0.0.1')dnl");
	return 0;
}

static int
fix_listen(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	size_t nports, i;
	int done = -1;

	/* only where no port may be public: everything to loopback */
	free(params_list(ctx->params, "public_ports", &nports));
	if (nports > 0)
		return -1;
	if (m->mta == MTA_POSTFIX) {
		for (i = 0; i < m->nlisteners; i++) {
			const struct listener *l = m->listeners[i];

			if (l->loopback || l->from == NULL ||
			    !is_finding_listener(ctx, l))
				continue;
			fix_pf_set(ctx, NULL, "inet_interfaces",
			    "loopback-only");
			done = 0;
		}
		return done;
	}
	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		const struct setting *s = l->from;
		const char *family, *loop;
		size_t n;
		char *v;

		if (l->loopback || !is_finding_listener(ctx, l))
			continue;
		if (s == NULL || s->source != SOURCE_FILE ||
		    s->name_span.src != m->main_src)
			return sm_default_daemon(ctx, l);
		/* an address of its own (any spelling of the key): a person */
		if (sm_daemon_key(s->raw, 'A', &family, &n))
			return -1;
		/* loopback of the daemon's family: sendmail reads Addr= so */
		loop = sm_daemon_key(s->raw, 'F', &family, &n) && n == 5 &&
		    strncasecmp(family, "inet6", 5) == 0 ? "::1" : "127.0.0.1";
		/* a .mc argument's span holds its quotes */
		v = xasprintf(s->written_as != NULL ? "`%s, Addr=%s'" :
		    "%s, Addr=%s", s->raw, loop);
		fix_replace(ctx, m->main_src, s->value_span.start,
		    s->value_span.end, v);
		free(v);
		done = 0;
	}
	return done;
}

/* ---- MH901 ---- */

/* value_end_at - the end of the value written around an offset, or 0 */
static size_t
value_end_at(const struct model *m, const struct src *s, size_t at)
{
	size_t i, k;

	for (i = 0; i < m->nsettings; i++) {
		struct span v = m->settings[i]->value_span;

		if (v.src == s && v.start <= at && at < v.end)
			return v.end;
	}
	for (i = 0; i < m->nservices; i++)
		for (k = 0; k < m->services[i]->noverrides; k++) {
			struct span v = m->services[i]->overrides[k]->value_span;

			if (v.src == s && v.start <= at && at < v.end)
				return v.end;
		}
	return 0;
}

static int
fix_trailing_comment(struct fix_ctx *ctx)
{
	const struct finding *f = ctx->f;
	const struct src *s = f->src;
	size_t hash = f->offset, cut = hash, end, ls, vend;
	char *comment, *text;

	/* the value ends before the blanks that precede '#' */
	while (cut > 0 && (s->bytes[cut - 1] == ' ' || s->bytes[cut - 1] == '\t'))
		cut--;
	end = hash;
	while (end < s->len && s->bytes[end] != '\n')
		end++;
	if (end > hash && s->bytes[end - 1] == '\r')
		end--;
	/* "-o { name = value # text }": the brace closes the value, it stays */
	vend = value_end_at(ctx->m, s, hash);
	if (vend > hash && vend < end) {
		end = vend;
		while (end > hash && (s->bytes[end - 1] == ' ' ||
		    s->bytes[end - 1] == '\t'))
			end--;
	}
	ls = hash;
	while (ls > 0 && s->bytes[ls - 1] != '\n')
		ls--;
	comment = xstrndup(s->bytes + hash, end - hash);
	fix_replace(ctx, s, cut, end, "");
	text = xasprintf("%s\n", comment);
	fix_replace(ctx, s, ls, ls, text);
	free(text);
	free(comment);
	return 0;
}

/* ---- MH801, MH802: the rebuild steps ---- */

static int
fix_rebuild(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	size_t i;
	int done = -1;

	for (i = 0; i < m->nsteps; i++) {
		const char *st = m->steps[i];

		/* arg: the m4 step of the .cf, or the steps of the maps */
		if (strcmp(ctx->fixer->arg, "m4") == 0 ?
		    strncmp(st, "m4 ", 3) == 0 : strncmp(st, "m4 ", 3) != 0) {
			fix_step(ctx->plan, "%s", st);
			done = 0;
		}
	}
	if (done == 0 && m->mta == MTA_SENDMAIL)
		fix_step(ctx->plan, "systemctl restart sendmail");
	return done;
}

/* ---- MH401, MH402, MH902: only when asked (--only) ---- */

/* fix_access_entry - an access line makemap or sendmail misreads, commented out */
static int
fix_access_entry(struct fix_ctx *ctx)
{
	const struct finding *f = ctx->f;

	if (f->src == NULL || f->line == 0)
		return -1;
	fix_comment_out(ctx, f->src, f->offset, f->offset + 1);
	return 0;
}

/* fix_duplicate - the definitions Postfix ignores, commented out */
static int
fix_duplicate(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	size_t i;

	if (m->mta != MTA_POSTFIX)
		return -1;
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->name_span.src != ctx->f->src ||
		    s->name_span.start != ctx->f->offset)
			continue;
		fix_comment_out(ctx, s->line_span.src, s->line_span.start,
		    s->line_span.end);
		return 0;
	}
	return -1;
}

/* MH101 vrfy-enabled */
const struct fixer fixer_vrfy_enabled = { .safety = FIX_SAFE, .fix = fix_vrfy };

/* MH102 expn-enabled */
const struct fixer fixer_expn_enabled = { .safety = FIX_SAFE, .fix = fix_expn };

/* MH103 verb-enabled */
const struct fixer fixer_verb_enabled = { .safety = FIX_SAFE, .fix = fix_verb };

/* MH104 banner-reveals-software */
const struct fixer fixer_banner_reveals_software = {
	.safety = FIX_SAFE,
	.fix = fix_banner,
};

/* MH201 open-relay */
const struct fixer fixer_open_relay = {
	.safety = FIX_UNSAFE,
	.fix = fix_open_relay,
};

/* MH401 access-syntax */
const struct fixer fixer_access_syntax = {
	.safety = FIX_UNSAFE,
	.fix = fix_access_entry,
	.on_request = true,
};

/* MH402 access-duplicate */
const struct fixer fixer_access_duplicate = {
	.safety = FIX_UNSAFE,
	.fix = fix_access_entry,
	.on_request = true,
};

/* MH601 message-size-limit */
const struct fixer fixer_message_size_limit = {
	.safety = FIX_UNSAFE,
	.fix = fix_size,
};

/* MH701 listen-beyond-loopback */
const struct fixer fixer_listen_beyond_loopback = {
	.safety = FIX_UNSAFE,
	.fix = fix_listen,
};

/* MH801 cf-out-of-date */
const struct fixer fixer_cf_out_of_date = {
	.safety = FIX_SAFE,
	.fix = fix_rebuild,
	.arg = "m4",
};

/* MH802 map-db-stale */
const struct fixer fixer_map_db_stale = {
	.safety = FIX_SAFE,
	.fix = fix_rebuild,
	.arg = "maps",
};

/* MH901 value-trailing-comment */
const struct fixer fixer_value_trailing_comment = {
	.safety = FIX_SAFE,
	.fix = fix_trailing_comment,
};

/* MH902 duplicate-setting */
const struct fixer fixer_duplicate_setting = {
	.safety = FIX_SAFE,
	.fix = fix_duplicate,
	.on_request = true,
};
