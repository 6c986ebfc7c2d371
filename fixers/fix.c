/*
 * fix - intents, and the edits and steps they come to
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fix.h"
#include "parsers/maptype.h"
#include "parsers/sm_mc.h"
#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

enum intent_kind {
	I_PF_SET,
	I_SM_OPTION,
	I_SM_PRIVACY,
	I_REMOVE_LINES,
	I_REPLACE,
};

struct fix_intent {
	enum intent_kind kind;
	const struct service *svc;
	char	*name, *value, *conf;	/* owned */
	struct span span;
	const char *rule;
	const struct finding *f;	/* the finding it fixes */
};

static struct fix_intent *
add_intent(struct fix_ctx *ctx, enum intent_kind kind)
{
	struct fix_plan *p = ctx->plan;
	struct fix_intent *it;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	it = &p->v[p->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->rule = ctx->f != NULL ? ctx->f->rule->id : "";
	it->f = ctx->f;
	return it;
}

void
fix_pf_set(struct fix_ctx *ctx, const struct service *svc, const char *name,
    const char *value)
{
	struct fix_intent *it = add_intent(ctx, I_PF_SET);

	it->svc = svc;
	it->name = xstrdup(name);
	it->value = xstrdup(value);
}

const struct service *
fix_pf_service(const struct model *m, const char *scope)
{
	size_t i, n;
	const struct service *hit = NULL;

	if (scope == NULL)
		return NULL;
	for (i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];

		n = strlen(s->name);
		/* the last entry of a name/type is the one master(8) keeps */
		if (strncmp(scope, s->name, n) == 0 && scope[n] == '/' &&
		    strcmp(scope + n + 1, s->type) == 0)
			hit = s;
	}
	return hit;
}

void
fix_pf_set_at(struct fix_ctx *ctx, const struct setting *from,
    const char *name, const char *value)
{
	fix_pf_set(ctx, from != NULL && from->scope != NULL ?
	    fix_pf_service(ctx->m, from->scope) : NULL, name, value);
}

const char *
fix_pf_planned(const struct fix_plan *p, const struct service *svc,
    const char *name)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == I_PF_SET && p->v[i].svc == svc &&
		    strcmp(p->v[i].name, name) == 0)
			v = p->v[i].value;
	return v;
}

const char *
fix_sm_planned(const struct fix_plan *p, const char *option)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == I_SM_OPTION &&
		    strcmp(p->v[i].name, option) == 0)
			v = p->v[i].value;
	return v;
}

void
fix_sm_option(struct fix_ctx *ctx, const char *option, const char *conf,
    const char *value)
{
	struct fix_intent *it = add_intent(ctx, I_SM_OPTION);

	it->name = xstrdup(option);
	it->conf = conf != NULL ? xstrdup(conf) : NULL;
	it->value = xstrdup(value);
}

void
fix_sm_privacy(struct fix_ctx *ctx, const char *flag)
{
	struct fix_intent *it = add_intent(ctx, I_SM_PRIVACY);

	it->value = xstrdup(flag);
}

void
fix_remove_lines(struct fix_ctx *ctx, struct span sp)
{
	struct fix_intent *it = add_intent(ctx, I_REMOVE_LINES);

	it->span = sp;
}

void
fix_replace(struct fix_ctx *ctx, const struct src *src, size_t start,
    size_t end, const char *text)
{
	struct fix_intent *it = add_intent(ctx, I_REPLACE);

	it->span = span_make(src, start, end);
	it->value = xstrdup(text);
}

void
fix_comment_out(struct fix_ctx *ctx, const struct src *s, size_t start,
    size_t end)
{
	size_t ls = start;

	while (ls > 0 && s->bytes[ls - 1] != '\n')
		ls--;
	for (;;) {
		fix_replace(ctx, s, ls, ls, "# ");
		while (ls < end && ls < s->len && s->bytes[ls] != '\n')
			ls++;
		if (ls >= end || ls >= s->len)
			break;
		ls++;
		if (ls >= end)
			break;
	}
}

char *
fix_line_text(const struct src *s, size_t at, const char *line)
{
	bool open_end = at == s->len && src_open_end(s);
	const char *nl = memchr(s->bytes, '\n', s->len);
	/* the file's own line ends: CRLF when its first line has one */
	const char *eol = nl != NULL && nl > s->bytes && nl[-1] == '\r' ?
	    "\r\n" : "\n";

	return xasprintf("%s%s%s", open_end ? eol : "", line, eol);
}

void
fix_append_line(struct fix_ctx *ctx, const struct src *s, const char *line)
{
	char *text = fix_line_text(s, s->len, line);

	fix_replace(ctx, s, s->len, s->len, text);
	free(text);
}

size_t
fix_remove_definitions(struct fix_ctx *ctx, const char *name)
{
	const struct model *m = ctx->m;
	size_t i, n = 0;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->source == SOURCE_FILE && s->name_span.src == m->main_src &&
		    strcmp(s->name, name) == 0) {
			fix_remove_lines(ctx, s->name_span);
			n++;
		}
	}
	return n;
}

void
fix_mc_insert_line(struct fix_ctx *ctx, const char *line)
{
	const struct src *mc = ctx->m->main_src;
	size_t at = fix_mc_insert_point(mc);
	char *text = fix_line_text(mc, at, line);

	fix_replace(ctx, mc, at, at, text);
	free(text);
}

void
fix_step(struct fix_plan *p, const char *fmt, ...)
{
	va_list ap;
	char *step;
	size_t i;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	step = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(step, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (i = 0; i < p->nsteps; i++) {
		if (strcmp(p->steps[i], step) == 0) {
			free(step);
			return;
		}
	}
	p->steps = xreallocarray(p->steps, p->nsteps + 1, sizeof(*p->steps));
	p->steps[p->nsteps++] = step;
}

/* ---- from intents to edits ---- */

size_t
fix_line_start(const struct src *s, size_t off)
{
	while (off > 0 && s->bytes[off - 1] != '\n')
		off--;
	return off;
}

static size_t
line_end_of(const struct src *s, size_t off)
{
	while (off < s->len && s->bytes[off] != '\n')
		off++;
	return off < s->len ? off + 1 : off;
}

#define NO_INTENT	((size_t)-1)

/*
 * intent_groups - which intents ask for one edit: those of one key
 * (intent_key), and every PrivacyOptions flag. lead[i] makes the edit
 * intent i asks for (lead[i] == i: i makes one); the intents asking for
 * the edit of a lead are head[lead], next[head[lead]], … in plan order.
 */
struct intent_groups {
	size_t	*lead, *head, *next;	/* owned, one per intent */
};

/* edit_to - where a plan's edits go, and whose fix the next one is */
struct edit_to {
	struct edit_set *es;
	const struct fix_plan *p;
	const struct intent_groups *g;
	size_t	 lead;		/* the group of the edit being made */
};

/* ask_group - every finding of the group of lead asks for e */
static void
ask_group(const struct edit_to *to, size_t lead, struct edit *e)
{
	size_t i;

	for (i = to->g->head[lead]; i != NO_INTENT; i = to->g->next[i])
		if (to->p->v[i].f != NULL)
			edit_asked_by(e, to->p->v[i].f);
}

/* make_edit - edit_add, for the findings of the current group */
static void
make_edit(const struct edit_to *to, const struct src *src, size_t start,
    size_t end, const char *text, const char *rule)
{
	struct edit *e = edit_add(to->es, src, start, end, text, rule);

	if (e != NULL)
		ask_group(to, to->lead, e);
}

/* append_line - a new line at the end of a file */
static void
append_line(const struct edit_to *to, const struct src *s, const char *line,
    const char *rule)
{
	char *text = fix_line_text(s, s->len, line);

	make_edit(to, s, s->len, s->len, text, rule);
	free(text);
}

/* last_setting - the last definition in a file of a name (and scope) */
static const struct setting *
last_setting(const struct model *m, const struct src *src, const char *name)
{
	const struct setting *hit = NULL;
	size_t i;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->source == SOURCE_FILE && s->name_span.src == src &&
		    s->scope == NULL && strcmp(s->name, name) == 0)
			hit = s;
	}
	return hit;
}

static bool
has_blank(const char *v)
{
	for (; *v; v++)
		if (isspace((unsigned char)*v))
			return true;
	return false;
}

static int
pf_edit(const struct model *m, const struct fix_intent *it,
    const struct edit_to *to, char *err, size_t errsize)
{
	if (it->svc == NULL) {
		const struct setting *s;
		char *line;

		if (m->main_src == NULL) {
			snprintf(err, errsize, "no main.cf to set %s in",
			    it->name);
			return -1;
		}
		s = last_setting(m, m->main_src, it->name);
		if (s != NULL) {
			if (s->value_span.start == s->value_span.end) {
				char *t = xasprintf(" %s", it->value);

				make_edit(to, m->main_src, s->value_span.start,
				    s->value_span.end, t, it->rule);
				free(t);
			} else {
				make_edit(to, m->main_src, s->value_span.start,
				    s->value_span.end, it->value, it->rule);
			}
			return 0;
		}
		line = *it->value != '\0' ?
		    xasprintf("%s = %s", it->name, it->value) :
		    xasprintf("%s =", it->name);
		append_line(to, m->main_src, line, it->rule);
		free(line);
		return 0;
	}
	/* a master.cf -o of one service */
	{
		const struct service *svc = it->svc;
		const struct setting *o = NULL;
		char *text, *line;
		size_t i;

		for (i = 0; i < svc->noverrides; i++)
			if (strcmp(svc->overrides[i]->name, it->name) == 0)
				o = svc->overrides[i];
		if (o != NULL) {
			/* the o of a cluster (-vo name=value) keeps its dash */
			const char *dash = o->line_span.src->bytes[
			    o->line_span.start] == 'o' ? "" : "-";

			if (has_blank(it->value))
				text = xasprintf("%so { %s = %s }", dash,
				    it->name, it->value);
			else
				text = xasprintf("%so %s=%s", dash, it->name,
				    it->value);
			make_edit(to, o->line_span.src, o->line_span.start,
			    o->line_span.end, text, it->rule);
			free(text);
			return 0;
		}
		if (svc->line_span.src == NULL) {
			snprintf(err, errsize, "no master.cf entry for %s/%s",
			    svc->name, svc->type);
			return -1;
		}
		/* after an argument an -o is an argument too: go before it */
		if (svc->options_end.src != NULL) {
			if (has_blank(it->value))
				text = xasprintf("-o { %s = %s } ", it->name,
				    it->value);
			else
				text = xasprintf("-o %s=%s ", it->name,
				    it->value);
			make_edit(to, svc->options_end.src,
			    svc->options_end.start, svc->options_end.start,
			    text, it->rule);
			free(text);
			return 0;
		}
		if (has_blank(it->value))
			line = xasprintf("  -o { %s = %s }", it->name,
			    it->value);
		else
			line = xasprintf("  -o %s=%s", it->name, it->value);
		/* after the entry's last line: a continuation of it */
		text = fix_line_text(svc->line_span.src, svc->line_span.end,
		    line);
		free(line);
		make_edit(to, svc->line_span.src, svc->line_span.end,
		    svc->line_span.end, text, it->rule);
		free(text);
		return 0;
	}
}

static bool
is_mc(const struct src *s)
{
	size_t n = s != NULL ? strlen(s->path) : 0;

	return n >= 3 && strcmp(s->path + n - 3, ".mc") == 0;
}

/*
 * mc_top_level_lines - for each line, does it start outside m4 quotes
 * and outside the arguments of a macro call (and, at [nlines], the
 * end)? With the default quotes; '#' comments until cf.m4 is included
 * (its changecom() ends them) and dnl skip to the end of the line. A '('
 * right after a word opens arguments (a word that is no macro is taken
 * for one: the line is then not used). Returns NULL when the file
 * changes its quotes: then nothing is known.
 */
static bool *
mc_top_level_lines(const struct src *s)
{
	bool *top, hash_comments = true;
	size_t i, line = 0;
	unsigned depth = 0, parens = 0;

	for (i = 0; i + 11 <= s->len; i++)
		if (memcmp(s->bytes + i, "changequote", 11) == 0)
			return NULL;
	top = xcalloc(s->nlines + 1, sizeof(*top));
	top[0] = true;
	for (i = 0; i < s->len; i++) {
		char c = s->bytes[i];

		if (c == '\n') {
			if (++line <= s->nlines)
				top[line] = depth == 0 && parens == 0;
			continue;
		}
		if (c == '`') {
			depth++;
		} else if (c == '\'' && depth > 0) {
			depth--;
		} else if (depth == 0 && c == '(' && (parens > 0 || (i > 0 &&
		    (isalnum((unsigned char)s->bytes[i - 1]) ||
		    s->bytes[i - 1] == '_')))) {
			parens++;
		} else if (depth == 0 && c == ')' && parens > 0) {
			parens--;
		} else if (depth == 0 && ((c == '#' && hash_comments) ||
		    (c == 'd' && i + 3 <= s->len &&
		    memcmp(s->bytes + i, "dnl", 3) == 0 && (i == 0 ||
		    !(isalnum((unsigned char)s->bytes[i - 1]) ||
		    s->bytes[i - 1] == '_'))))) {
			while (i + 1 < s->len && s->bytes[i + 1] != '\n')
				i++;
		} else if (depth == 0 && c == 'c' && i + 5 <= s->len &&
		    memcmp(s->bytes + i, "cf.m4", 5) == 0) {
			hash_comments = false;
		}
	}
	top[s->nlines] = depth == 0 && parens == 0;	/* at the end */
	return top;
}

/*
 * mc_removable - can lines [first, last] of a .mc go without changing
 * how m4 reads the rest? Yes when m4 is outside quotes and arguments
 * both before them and after them.
 */
static bool
mc_removable(const struct src *s, size_t first, size_t last)
{
	bool *top = mc_top_level_lines(s);
	bool ok = top != NULL && first >= 1 && last <= s->nlines &&
	    top[first - 1] && top[last];

	free(top);
	return ok;
}

/*
 * mc_insert_point - before the first MAILER line that m4 reads as a
 * call (not inside a quoted argument, where a new line would be
 * swallowed), else the end
 */
size_t
fix_mc_insert_point(const struct src *s)
{
	bool *top = mc_top_level_lines(s);
	size_t line, at = s->len;

	for (line = 1; line <= s->nlines; line++) {
		size_t len;
		const char *p = src_line(s, line, &len);

		if (top != NULL && !top[line - 1])
			continue;
		if ((len >= 7 && strncmp(p, "MAILER(", 7) == 0) ||
		    (len >= 18 && strncmp(p, "MAILER_DEFINITIONS", 18) == 0)) {
			at = s->line_start[line - 1];
			break;
		}
	}
	free(top);
	return at;
}

/* cf_long_without_equals - "O Name" with no '=' before its (empty) value */
static bool
cf_long_without_equals(const struct src *s, const struct setting *o)
{
	size_t i = o->line_span.start;

	if (i + 1 >= s->len || s->bytes[i] != 'O' ||
	    (s->bytes[i + 1] != ' ' && s->bytes[i + 1] != '\t'))
		return false;
	for (i = o->name_span.end; i < o->value_span.start; i++)
		if (s->bytes[i] == '=')
			return false;
	return true;
}

/*
 * mc_one_quoted - is [from, end) one quoted string and blanks? Not when
 * more follows it (text, a macro call) or it is not closed: an edit of
 * it would change what follows.
 */
static bool
mc_one_quoted(const struct src *s, size_t from, size_t end)
{
	size_t i;
	unsigned depth = 0;

	for (i = from; i < end; i++) {
		if (s->bytes[i] == '`')
			depth++;
		else if (s->bytes[i] == '\'' && depth > 0 && --depth == 0)
			break;
	}
	if (i >= end)
		return false;
	for (i++; i < end; i++)
		if (!isspace((unsigned char)s->bytes[i]))
			return false;
	return true;
}

/*
 * sm_edit - the edit that sets a sendmail option. Returns 0, -1 on an
 * internal error (in err), or 1 when the definition cannot be changed
 * in place (why in err): a person decides.
 */
static int
sm_edit(const struct model *m, const char *option, const char *conf,
    const char *value, const char *rule, const struct edit_to *to, char *err,
    size_t errsize)
{
	const struct src *main = m->main_src;
	const struct setting *hit = NULL;
	size_t i;

	if (main == NULL) {
		snprintf(err, errsize, "no sendmail.mc or sendmail.cf to set "
		    "%s in", option);
		return -1;
	}
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (s->source != SOURCE_FILE || s->name_span.src != main ||
		    strcmp(s->name, option) != 0)
			continue;
		if (is_mc(main) && (conf == NULL || s->written_as == NULL ||
		    strcmp(s->written_as, conf) != 0))
			continue;
		hit = s;
	}
	if (is_mc(main)) {
		char *text;

		if (conf == NULL) {
			snprintf(err, errsize, "%s has no sendmail.mc macro",
			    option);
			return -1;
		}
		if (hit != NULL) {
			/* from the argument's opening quote: a "dnl" and line
			 * break before it stay as written */
			size_t from = hit->value_span.start;
			const char *q = memchr(main->bytes + from, '`',
			    hit->value_span.end - from);

			if (q != NULL) {
				from = (size_t)(q - main->bytes);
				if (!mc_one_quoted(main, from,
				    hit->value_span.end)) {
					unsigned line, col;

					src_position(main, from, &line, &col);
					snprintf(err, errsize, "%s:%u: the value "
					    "of %s is more than one quoted "
					    "string: not changed", main->path,
					    line, conf);
					return 1;
				}
			}
			text = xasprintf("`%s'", value);
			make_edit(to, main, from, hit->value_span.end, text, rule);
		} else {
			size_t at = fix_mc_insert_point(main);
			char *line = xasprintf("define(`%s', `%s')dnl", conf,
			    value);

			text = fix_line_text(main, at, line);
			free(line);
			make_edit(to, main, at, at, text, rule);
		}
		free(text);
		return 0;
	}
	if (hit != NULL) {
		char *text = NULL;

		if (hit->value_span.start == hit->value_span.end &&
		    cf_long_without_equals(main, hit))
			text = xasprintf("=%s", value);	/* "O Name" alone */
		make_edit(to, main, hit->value_span.start, hit->value_span.end,
		    text != NULL ? text : value, rule);
		free(text);
	} else {
		/* after the last O line, or at the end */
		size_t at = main->len, line;
		char *text;

		for (line = main->nlines; line >= 1; line--) {
			size_t len;
			const char *p = src_line(main, line, &len);

			if (len > 2 && p[0] == 'O' && p[1] == ' ') {
				size_t first = line;

				/* after its continuation lines too */
				while (line < main->nlines &&
				    (main->bytes[main->line_start[line]] == ' ' ||
				    main->bytes[main->line_start[line]] == '\t'))
					line++;
				at = line < main->nlines ?
				    main->line_start[line] : main->len;
				/*
				 * the last line, with no line end: before it, so
				 * that an edit of its value at the end of the file
				 * stays on its line
				 */
				if (at == main->len && src_open_end(main))
					at = main->line_start[first - 1];
				break;
			}
		}
		char *o_line = xasprintf("O %s=%s", option, value);

		text = fix_line_text(main, at, o_line);
		free(o_line);
		make_edit(to, main, at, at, text, rule);
		free(text);
	}
	return 0;
}

/* privacy_value - the flags there are, plus the ones asked for */
static char *
privacy_value(const struct model *m, const struct fix_plan *p)
{
	const struct setting *s = model_lookup(m, "PrivacyOptions");
	const char *cur = s != NULL ? s->raw : "";
	struct strbuf out = STRBUF_INIT;
	const char *q;
	size_t i;

	/* keep what is written, words in order, without blanks */
	for (q = cur; *q; ) {
		size_t n;

		while (*q && !isalnum((unsigned char)*q))
			q++;
		n = 0;
		while (isalnum((unsigned char)q[n]))
			n++;
		if (n == 0)
			break;
		if (out.len > 0)
			strbuf_adds(&out, ",");
		strbuf_add(&out, q, n);
		q += n;
	}
	for (i = 0; i < p->n; i++) {
		const char *w, *f;
		bool have = false;

		if (p->v[i].kind != I_SM_PRIVACY)
			continue;
		f = p->v[i].value;
		for (w = strbuf_str(&out); *w && !have; ) {
			size_t n = strcspn(w, ",");

			have = n == strlen(f) && strncasecmp(w, f, n) == 0;
			w += n + (w[n] == ',');
		}
		if (!have)
			strbuf_add_item(&out, ",", f);
	}
	return strbuf_take(&out);
}

static bool
file_changed(struct edit_set *es, const struct src *s)
{
	struct file_edits *fe = s != NULL ? edit_find(es, s) : NULL;

	return fe != NULL && fe->n > 0;
}

static const char *
base_name(const char *p)
{
	const char *b = strrchr(p, '/');

	return b != NULL ? b + 1 : p;
}

/* step_rank - generate and check first, then rebuild maps, then reload */
static int
step_rank(const char *step)
{
	if (strncmp(step, "m4 ", 3) == 0 || strcmp(step, "postfix check") == 0)
		return 0;
	if (maptype_is_rebuild_step(step))
		return 1;
	return 2;
}

/* order_steps - a stable sort by rank */
static void
order_steps(struct fix_plan *p)
{
	size_t i, j;

	for (i = 1; i < p->nsteps; i++) {
		char *s = p->steps[i];

		for (j = i; j > 0 && step_rank(p->steps[j - 1]) > step_rank(s); j--)
			p->steps[j] = p->steps[j - 1];
		p->steps[j] = s;
	}
}

/*
 * give_way - a replacement of a span that an edit already planned
 * touches: that edit fixes the findings of the replacement too. False
 * when no edit touches it.
 */
static bool
give_way(const struct edit_to *to, size_t lead, struct span sp)
{
	struct file_edits *fe = edit_find(to->es, sp.src);
	size_t i;
	bool touched = false;

	for (i = 0; fe != NULL && i < fe->n; i++) {
		struct edit *e = &fe->v[i];

		if ((e->start < sp.end && sp.start < e->end) ||
		    (e->start == e->end && e->start > sp.start &&
		    e->start < sp.end)) {
			ask_group(to, lead, e);
			touched = true;
		}
	}
	return touched;
}

/*
 * mc_edits_read - does m4 read what the fix writes into a .mc? The
 * edited text is read again; every option the plan sets must come from
 * it. A quote left open earlier in the file would swallow a new define.
 */
static bool
mc_edits_read(const struct fix_plan *p, struct edit_set *es)
{
	const struct model *m = p->m;
	struct file_edits *fe;
	struct model *again;
	struct parse_error perr;
	const struct src *s;
	char *text = NULL, err[256];
	size_t len, i, k;
	bool ok = true;

	if (m->mta != MTA_SENDMAIL || !is_mc(m->main_src) ||
	    (fe = edit_find(es, m->main_src)) == NULL || fe->n == 0)
		return true;
	if (edit_apply(fe, &text, &len, err, sizeof(err)) < 0)
		return true;	/* reported when the edits are applied */
	again = model_new(MTA_SENDMAIL);
	again->root = m->root;
	s = model_add_src(again, src_from_bytes(m->main_src->path, text, len));
	again->main_src = s;
	free(text);
	if (sm_mc_parse(again, s, sm_mc_lib_dir(again->root), &perr) < 0) {
		model_free(again);
		return false;
	}
	for (i = 0; i < p->n && ok; i++) {
		const char *opt = p->v[i].kind == I_SM_OPTION ? p->v[i].name :
		    p->v[i].kind == I_SM_PRIVACY ? "PrivacyOptions" : NULL;
		bool found = false;

		if (opt == NULL)
			continue;
		for (k = 0; k < again->nsettings && !found; k++)
			found = again->settings[k]->source == SOURCE_FILE &&
			    again->settings[k]->name_span.src == s &&
			    strcmp(again->settings[k]->name, opt) == 0;
		ok = found;
	}
	model_free(again);
	return ok;
}

/* refuse - nothing of the plan's model is changed: a person decides */
static int
refuse(struct fix_plan *p, struct edit_set *es, const char *why)
{
	size_t i;

	for (i = 0; i < p->m->nsrcs; i++)
		edit_forget(es, p->m->srcs[i]);
	free(p->refused);
	p->refused = xstrdup(why);
	return 0;
}

/*
 * intent_key - what makes two intents ask for the same edit: the setting
 * (and service) set, the line removed, the text replaced; NULL when each
 * intent stands alone. In the arena.
 */
static const char *
intent_key(struct arena *ar, const struct fix_intent *it)
{
	switch (it->kind) {
	case I_PF_SET:
		return arena_printf(ar, "set %p %s", (const void *)it->svc,
		    it->name);
	case I_SM_OPTION:
		return arena_printf(ar, "option %s", it->name);
	case I_REMOVE_LINES:
		return arena_printf(ar, "remove %p %zu",
		    (const void *)it->span.src,
		    fix_line_start(it->span.src, it->span.start));
	case I_REPLACE:
		return arena_printf(ar, "replace %p %zu %zu %s",
		    (const void *)it->span.src, (size_t)it->span.start,
		    (size_t)it->span.end, it->value);
	case I_SM_PRIVACY:
		break;
	}
	return NULL;
}

/*
 * lead_of - the intent that makes the edit of a key: the last setting
 * of a name, the first removal of a line and the first replacement of a
 * text
 */
static size_t
lead_of(const struct fix_plan *p, struct strmap *seen, const char *key,
    size_t i)
{
	const struct fix_intent *hit = strmap_get(seen, key, strlen(key));

	if (hit != NULL)
		return (size_t)(hit - p->v);
	(void)strmap_put(seen, key, strlen(key), (void *)&p->v[i]);
	return i;
}

/*
 * plan_groups - which intents make an edit, and for which others. One
 * pass each way, so a plan of many intents stays linear.
 */
static void
plan_groups(const struct fix_plan *p, struct intent_groups *g)
{
	struct arena ar = ARENA_INIT;
	struct strmap seen = STRMAP_INIT;
	size_t i, privacy = NO_INTENT, *tail = xcalloc(p->n + 1, sizeof(*tail));

	g->lead = xcalloc(p->n + 1, sizeof(*g->lead));
	g->head = xcalloc(p->n + 1, sizeof(*g->head));
	g->next = xcalloc(p->n + 1, sizeof(*g->next));
	for (i = p->n; i-- > 0; ) {
		enum intent_kind kind = p->v[i].kind;

		if (kind == I_PF_SET || kind == I_SM_OPTION)
			g->lead[i] = lead_of(p, &seen, intent_key(&ar,
			    &p->v[i]), i);
	}
	for (i = 0; i < p->n; i++) {
		enum intent_kind kind = p->v[i].kind;
		const char *key;

		if (kind == I_PF_SET || kind == I_SM_OPTION)
			continue;
		if (kind == I_SM_PRIVACY) {
			/* the flags come to one PrivacyOptions edit */
			if (privacy == NO_INTENT)
				privacy = i;
			g->lead[i] = privacy;
		} else if ((key = intent_key(&ar, &p->v[i])) == NULL) {
			g->lead[i] = i;
		} else {
			g->lead[i] = lead_of(p, &seen, key, i);
		}
	}
	for (i = 0; i < p->n; i++)
		g->head[i] = g->next[i] = NO_INTENT;
	for (i = 0; i < p->n; i++) {
		size_t l = g->lead[i];

		if (g->head[l] == NO_INTENT)
			g->head[l] = i;
		else
			g->next[tail[l]] = i;
		tail[l] = i;
	}
	free(tail);
	strmap_release(&seen);
	arena_release(&ar);
}

static void
groups_release(struct intent_groups *g)
{
	free(g->lead);
	free(g->head);
	free(g->next);
}

/*
 * plan_intent - the edit of one intent (the I_REPLACE ones come later)
 * when it leads its group: no other intent asks for this edit in its place
 */
static int
plan_intent(struct fix_plan *p, size_t i, struct edit_to *et,
    size_t *privacy, char *err, size_t errsize)
{
	const struct model *m = p->m;
	const struct fix_intent *it = &p->v[i];
	bool wins = et->g->lead[i] == i;
	struct edit_set *es = et->es;
	size_t from, to;
	int rc;

	et->lead = i;
	switch (it->kind) {
	case I_PF_SET:
		if (wins && pf_edit(m, it, et, err, errsize) < 0)
			return -1;
		break;
	case I_SM_OPTION:
		if (wins && (rc = sm_edit(m, it->name, it->conf, it->value,
		    it->rule, et, err, errsize)) != 0)
			return rc < 0 ? -1 : refuse(p, es, err);
		break;
	case I_SM_PRIVACY:
		*privacy = et->g->lead[i];	/* one edit for every flag */
		break;
	case I_REMOVE_LINES:
		if (!wins)
			break;
		from = fix_line_start(it->span.src, it->span.start);
		to = line_end_of(it->span.src, it->span.end > it->span.start ?
		    it->span.end - 1 : it->span.start);
		if (is_mc(it->span.src)) {
			unsigned first, last, col;

			src_position(it->span.src, from, &first, &col);
			src_position(it->span.src, to - 1, &last, &col);
			if (!mc_removable(it->span.src, first, last)) {
				snprintf(err, errsize, "%s:%u: m4 would read "
				    "what follows differently without this "
				    "line (a quote or parenthesis open across "
				    "it): not changed", it->span.src->path,
				    first);
				return refuse(p, es, err);
			}
		}
		make_edit(et, it->span.src, from, to, "", it->rule);
		break;
	case I_REPLACE:
		break;	/* once the settings are rewritten */
	}
	return 0;
}

int
fix_plan_edits(struct fix_plan *p, struct edit_set *es, char *err,
    size_t errsize)
{
	const struct model *m = p->m;
	struct intent_groups g;
	struct edit_to et = { es, p, &g, NO_INTENT };
	size_t i, privacy = NO_INTENT;
	int rc = 0;

	plan_groups(p, &g);
	/* a refusal forgets every edit of the model: nothing more to plan */
	for (i = 0; i < p->n && rc == 0 && p->refused == NULL; i++)
		rc = plan_intent(p, i, &et, &privacy, err, errsize);
	/*
	 * A part of a setting that another fix rewrites whole gives way;
	 * findings that share a setting ask for the same edit once.
	 */
	for (i = 0; i < p->n && rc == 0 && p->refused == NULL; i++) {
		const struct fix_intent *it = &p->v[i];

		et.lead = i;
		if (it->kind == I_REPLACE && g.lead[i] == i &&
		    !give_way(&et, i, it->span))
			make_edit(&et, it->span.src, it->span.start,
			    it->span.end, it->value, it->rule);
	}
	if (rc == 0 && p->refused == NULL && privacy != NO_INTENT) {
		char *v = privacy_value(m, p);

		et.lead = privacy;
		rc = sm_edit(m, "PrivacyOptions", "confPRIVACY_FLAGS", v,
		    "PrivacyOptions", &et, err, errsize);
		free(v);
		if (rc != 0)
			rc = rc < 0 ? -1 : refuse(p, es, err);
	}
	groups_release(&g);
	if (rc != 0 || p->refused != NULL)
		return rc;

	/* two fixes for one text (a value two settings share): a person */
	for (i = 0; i < m->nsrcs; i++) {
		struct file_edits *fe = edit_find(es, m->srcs[i]);
		char why[512];

		if (fe != NULL && edit_check(fe, why, sizeof(why)) < 0) {
			snprintf(err, errsize, "%s: not changed", why);
			return refuse(p, es, err);
		}
	}

	if (!mc_edits_read(p, es)) {
		snprintf(err, errsize, "%s: m4 would not read the new "
		    "definitions where they would go (a quote left open?): "
		    "not changed", m->main_src->path);
		return refuse(p, es, err);
	}

	/* the steps the changed files call for: check, rebuild, reload */
	if (m->mta == MTA_POSTFIX) {
		bool conf = file_changed(es, m->main_src) ||
		    file_changed(es, m->master_src);

		for (i = 0; i < m->nsrcs; i++) {
			if (m->srcs[i] == m->main_src || m->srcs[i] ==
			    m->master_src || !file_changed(es, m->srcs[i]))
				continue;
			char buf[4096];

			fix_step(p, "%s hash:%s", maptype_rebuild(
			    maptype_lookup("hash", MTA_POSTFIX), MTA_POSTFIX,
			    true), model_deployed(m, m->srcs[i]->fs_path, buf,
			    sizeof(buf)));
		}
		if (conf) {
			fix_step(p, "postfix check");
			fix_step(p, "postfix reload");
		}
	} else {
		const struct maptype *hash = maptype_lookup("hash",
		    MTA_SENDMAIL);
		bool restart = false;

		if (file_changed(es, m->main_src)) {
			if (is_mc(m->main_src)) {
				for (i = 0; i < m->nsteps; i++)
					if (strncmp(m->steps[i], "m4 ", 3) == 0)
						fix_step(p, "%s", m->steps[i]);
			}
			restart = true;
		}
		for (i = 0; i < m->nsrcs; i++) {
			const char *b = base_name(m->srcs[i]->path);

			if (m->srcs[i] == m->main_src ||
			    !file_changed(es, m->srcs[i]))
				continue;
			if (strcmp(b, "aliases") == 0)
				fix_step(p, "%s", maptype_rebuild(hash,
				    MTA_SENDMAIL, true));
			else if (strcmp(b, "access") == 0)
			{
				char buf[4096];
				const char *dp = model_deployed(m,
				    m->srcs[i]->fs_path, buf, sizeof(buf));

				fix_step(p, "%s %s < %s", maptype_rebuild(hash,
				    MTA_SENDMAIL, false), dp, dp);
			}
			else
				restart = true;
		}
		if (restart)
			fix_step(p, "systemctl restart sendmail");
	}
	order_steps(p);
	return 0;
}

void
fix_plan_release(struct fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
		free(p->v[i].conf);
	}
	free(p->v);
	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i]);
	free(p->steps);
	free(p->refused);
	memset(p, 0, sizeof(*p));
}
