/*
 * fixers_files - fixes that edit lines rather than one setting: the
 * helpfile, the Received: header template, .mc FEATURE lines, and the
 * aliases file (the decode alias, required aliases)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fix.h"
#include "fixers/fixers.h"
#include "lib/xalloc.h"

/* ---- MH105: the helpfile ---- */

/* expands_version - a helpfile line that prints $v or $Z */
static bool
expands_version(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '$')
			continue;
		if (p[i + 1] == 'v' || p[i + 1] == 'Z')
			return true;
		if (i + 2 < n && p[i + 1] == '&' &&
		    (p[i + 2] == 'v' || p[i + 2] == 'Z'))
			return true;
	}
	return false;
}

static int
fix_helpfile(struct fix_ctx *ctx)
{
	const struct finding *f = ctx->f;
	const struct src *s = f->src;

	/* HelpFile unset or naming a missing file: a file must be made */
	if (s == NULL || s == ctx->m->main_src || f->param == NULL ||
	    (strcmp(f->param, "no-vers-2") != 0 &&
	    strcmp(f->param, "topic") != 0))
		return -1;
	if (strcmp(f->param, "no-vers-2") == 0) {
		size_t line;

		/* version 2 first, then its topics must not expand $v or $Z */
		fix_replace(ctx, s, 0, 0, "#vers\t2\n");
		for (line = 1; line <= s->nlines; line++) {
			size_t len;
			const char *p = src_line(s, line, &len);

			if (len > 0 && p[0] != '#' && expands_version(p, len))
				fix_remove_lines(ctx, span_make(s,
				    (size_t)(p - s->bytes),
				    (size_t)(p - s->bytes) + len));
		}
		return 0;
	}
	fix_remove_lines(ctx, span_make(s, f->offset, f->offset + 1));
	return 0;
}

/* ---- MH107: the Received: header ---- */

/* header_at - the H line of the .cf that starts at an offset, or NULL */
static const struct sm_header *
header_at(const struct model *m, size_t offset)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++)
		if (m->headers[i]->line_span.start == offset)
			return m->headers[i];
	return NULL;
}

static int
fix_received_header(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	const struct finding *f = ctx->f;
	static const char version[] = " ($v/$Z)";
	const struct sm_header *h;
	size_t p, end, forms = 0;

	if (m->main_src == NULL)
		return -1;
	if (model_is_mc(m)) {
		const struct src *mc = m->main_src;

		/* a template of the site's own, or the fix already made */
		if (src_contains(mc, 0, mc->len, "confRECEIVED_HEADER") ||
		    src_contains(mc, 0, mc->len, "_REC_BY_"))
			return -1;
		/* cfhead.m4's _REC_BY_ without the versions */
		fix_mc_insert_line(ctx, "define(`_REC_BY_', "
		    "`$.by $j$?r with $r$. id $i$?{tls_version}')dnl");
		return 0;
	}
	if (f->src != m->main_src || (h = header_at(m, f->offset)) == NULL)
		return -1;
	/* the H line and its continuation lines */
	end = h->line_span.end;
	/* every " ($v/$Z)", and only when no other $v or $Z is left */
	for (p = f->offset; p + 1 < end; p++) {
		if (p + sizeof(version) - 1 <= end &&
		    memcmp(f->src->bytes + p, version,
		    sizeof(version) - 1) == 0) {
			forms++;
			p += sizeof(version) - 2;
		} else if (f->src->bytes[p] == '$' &&
		    (f->src->bytes[p + 1] == 'v' || f->src->bytes[p + 1] == 'Z')) {
			return -1;
		}
	}
	for (p = f->offset; forms > 0 && p + sizeof(version) - 1 <= end; p++)
		if (memcmp(f->src->bytes + p, version,
		    sizeof(version) - 1) == 0)
			fix_replace(ctx, f->src, p, p + sizeof(version) - 1,
			    "");
	return forms > 0 ? 0 : -1;
}

/* ---- .mc FEATURE lines ---- */

/* mc_feature_line - the line holding an offset starts FEATURE(`name' */
static bool
mc_feature_line(const struct src *s, size_t off, const char *name)
{
	char want[128];
	size_t a = fix_line_start(s, off);

	snprintf(want, sizeof(want), "FEATURE(`%s'", name);
	return s->len - a >= strlen(want) &&
	    strncmp(s->bytes + a, want, strlen(want)) == 0;
}

/*
 * fix_sender_feature - MH301, MH302 on sendmail: the accept_ feature
 * goes, every time it is written (one left still grants), each a line
 * of its own
 */
static int
fix_sender_feature(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	const char *feature = ctx->fixer->arg;
	char name[128];
	size_t i;

	if (ctx->f->src == NULL || ctx->f->src != m->main_src ||
	    !model_is_mc(m) ||
	    !mc_feature_line(ctx->f->src, ctx->f->offset, feature))
		return -1;
	snprintf(name, sizeof(name), "FEATURE(%s)", feature);
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->source != SOURCE_FILE || s->name_span.src != m->main_src ||
		    strcmp(s->name, name) != 0)
			continue;
		if (!mc_feature_line(m->main_src, s->name_span.start, feature))
			return -1;
	}
	return fix_remove_definitions(ctx, name) > 0 ? 0 : -1;
}

/* fix_add_feature - MH403, MH506: a FEATURE line the .mc lacks */
static int
fix_add_feature(struct fix_ctx *ctx)
{
	const struct model *m = ctx->m;
	const char *feature = ctx->fixer->arg;
	char want[64], *line;

	if (m->mta != MTA_SENDMAIL || !model_is_mc(m))
		return -1;
	snprintf(want, sizeof(want), "FEATURE(`%s'", feature);
	if (src_contains(m->main_src, 0, m->main_src->len, want))
		return -1;
	line = xasprintf("%s)dnl", want);
	fix_mc_insert_line(ctx, line);
	free(line);
	return 0;
}

/* ---- aliases ---- */

/* fix_decode_alias - MH503: the alias line is commented out */
static int
fix_decode_alias(struct fix_ctx *ctx)
{
	const struct map_entry *e = ctx->f->entry;

	if (e == NULL)
		return -1;
	fix_comment_out(ctx, e->line_span.src, e->line_span.start,
	    e->line_span.end);
	return 0;
}

/* fix_required_alias - MH504: a missing name points at the admin address */
static int
fix_required_alias(struct fix_ctx *ctx)
{
	const struct finding *f = ctx->f;
	const char *admin = params_scalar(ctx->params, "admin_address");
	const char *name;
	char *line;

	if (f->param == NULL || f->src == NULL || f->src == ctx->m->main_src)
		return -1;
	if (admin != NULL && *admin == '\0')
		admin = NULL;
	name = f->param;
	/* an alias that is there but read by nobody needs a person */
	if (f->entry != NULL)
		return -1;
	if (strcasecmp(name, "root") == 0 && admin == NULL)
		return -1;
	line = xasprintf("%s: %s", name, admin != NULL ? admin : "root");
	fix_append_line(ctx, f->src, line);
	free(line);
	return 0;
}

/* fixers_sender - MH301, MH302: Postfix lists or sendmail features */
int
fixers_sender(struct fix_ctx *ctx)
{
	if (ctx->m->mta == MTA_SENDMAIL)
		return fix_sender_feature(ctx);
	return fixers_settings_fix(ctx);
}

/* MH105 help-reveals-version */
const struct fixer fixer_help_reveals_version = {
	.safety = FIX_SAFE,
	.fix = fix_helpfile,
};

/* MH107 received-header-reveals-version */
const struct fixer fixer_received_header_reveals_version = {
	.safety = FIX_SAFE,
	.fix = fix_received_header,
};

/* MH403 access-db-missing */
const struct fixer fixer_access_db_missing = {
	.safety = FIX_UNSAFE,
	.fix = fix_add_feature,
	.arg = "access_db",
};

/* MH503 alias-decode */
const struct fixer fixer_alias_decode = {
	.safety = FIX_UNSAFE,
	.fix = fix_decode_alias,
};

/* MH504 required-alias-missing */
const struct fixer fixer_required_alias_missing = {
	.safety = FIX_UNSAFE,
	.fix = fix_required_alias,
};

/* MH506 smrsh-missing */
const struct fixer fixer_smrsh_missing = {
	.safety = FIX_UNSAFE,
	.fix = fix_add_feature,
	.arg = "smrsh",
};
