/*
 * pf_main - Postfix main.cf and master.cf readers
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parsers/pf_lines.h"
#include "parsers/pf_main.h"
#include "lib/strmap.h"

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
	    c == '\n';
}

static int
set_error(struct parse_error *err, struct span where, const char *fmt, ...)
{
	va_list ap;

	err->where = where;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* show_text - a bounded excerpt of a line for an error message */
static const char *
excerpt(const struct pf_lline *l, char *buf, size_t size)
{
	size_t n = l->len < size - 4 ? l->len : size - 4;
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = isprint((unsigned char)l->text[i]) ? l->text[i] : '?';
	buf[n] = '\0';
	if (n < l->len)
		strcat(buf, "...");
	return buf;
}

int
pf_main_parse(struct model *m, const struct src *src, struct parse_error *err)
{
	struct pf_reader r;
	struct pf_lline l = { 0 };
	struct strmap seen = STRMAP_INIT;
	char buf[64];
	int rc = 0;

	pf_reader_init(&r, src);
	while (pf_reader_next(&r, &l)) {
		struct setting *s;
		size_t i = 0, j, vs, ve;

		if (l.indented) {
			model_add_note(m, "ignored-line",
			    span_make(src, l.start, l.end),
			    "line starts with whitespace and continues nothing; "
			    "Postfix ignores it: \"%s\"", excerpt(&l, buf, sizeof(buf)));
			continue;
		}
		while (i < l.len && !is_blank((unsigned char)l.text[i]) &&
		    l.text[i] != '=')
			i++;
		j = i;
		while (j < l.len && is_blank((unsigned char)l.text[j]))
			j++;
		if (i == 0) {
			rc = set_error(err, pf_lline_span(src, &l, 0, 1),
			    "missing parameter name before '='");
			break;
		}
		if (j >= l.len || l.text[j] != '=') {
			rc = set_error(err, pf_lline_span(src, &l, 0, i),
			    "missing '=' after parameter name: \"%s\"",
			    excerpt(&l, buf, sizeof(buf)));
			break;
		}
		vs = j + 1;
		while (vs < l.len && is_blank((unsigned char)l.text[vs]))
			vs++;
		ve = l.len;
		while (ve > vs && is_blank((unsigned char)l.text[ve - 1]))
			ve--;

		s = arena_alloc(&m->arena, sizeof(*s));
		s->name = arena_strndup(&m->arena, l.text, i);
		/* As Postfix stores it: line ends removed, inner blanks kept. */
		s->raw = arena_strndup(&m->arena, l.text + vs, ve - vs);
		s->source = SOURCE_FILE;
		s->name_span = pf_lline_span(src, &l, 0, i);
		s->value_span = ve > vs ? pf_lline_span(src, &l, vs, ve) :
		    span_make(src, pf_lline_src(&l, j) + 1,
		    pf_lline_src(&l, j) + 1);
		s->line_span = span_make(src, l.start, l.end);
		s->earlier = strmap_put(&seen, s->name, i, s);
		MODEL_APPEND(m, m->settings, m->nsettings, s);
	}
	strmap_release(&seen);
	pf_lline_release(&l);
	return rc;
}

/*
 * is_field_sep - what separates master.cf fields: Postfix splits them at
 * " \t\r\n" only, so a vertical tab or form feed stays inside a field
 * (postconf -M and -P), while main.cf trims every isspace()
 */
static bool
is_field_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* token - one master.cf field: plain, or a { … } group (Postfix >= 3.0) */
struct token {
	size_t	 start, end;	/* in the joined text, braces included */
	bool	 braced;
};

static int
next_token(const struct pf_lline *l, size_t *pos, struct token *t)
{
	size_t i = *pos;

	while (i < l->len && is_field_sep((unsigned char)l->text[i]))
		i++;
	if (i >= l->len)
		return 0;
	t->start = i;
	t->braced = l->text[i] == '{';
	if (t->braced) {
		int level = 0;

		for (; i < l->len; i++) {
			if (l->text[i] == '{')
				level++;
			else if (l->text[i] == '}' && --level == 0)
				break;
		}
		if (i >= l->len)
			return -1;
		i++;
	} else {
		while (i < l->len && !is_field_sep((unsigned char)l->text[i]))
			i++;
	}
	t->end = i;
	*pos = i;
	return 1;
}

/* add_override - "-o name=value" or "-o { name = value }" */
static int
add_override(struct model *m, const struct src *src, const struct pf_lline *l,
    struct service *svc, const struct token *opt, const struct token *arg,
    struct parse_error *err)
{
	struct setting *s = arena_alloc(&m->arena, sizeof(*s));
	size_t a = arg->start, e = arg->end, ns, ne, vs, ve;

	if (arg->braced) {
		a++;
		e--;
	}
	ns = a;
	while (ns < e && is_blank((unsigned char)l->text[ns]))
		ns++;
	ne = ns;
	while (ne < e && l->text[ne] != '=' &&
	    !is_blank((unsigned char)l->text[ne]))
		ne++;
	vs = ne;
	while (vs < e && is_blank((unsigned char)l->text[vs]))
		vs++;
	if (ne == ns || vs >= e || l->text[vs] != '=')
		return set_error(err, pf_lline_span(src, l, arg->start, arg->end),
		    "master.cf: bad -o option: expected name=value");
	vs++;
	while (vs < e && is_blank((unsigned char)l->text[vs]))
		vs++;
	ve = e;
	while (ve > vs && is_blank((unsigned char)l->text[ve - 1]))
		ve--;
	s->name = arena_strndup(&m->arena, l->text + ns, ne - ns);
	s->raw = arena_strndup(&m->arena, l->text + vs, ve - vs);
	s->source = SOURCE_FILE;
	s->scope = arena_printf(&m->arena, "%s/%s", svc->name, svc->type);
	s->service = svc;
	s->name_span = pf_lline_span(src, l, ns, ne);
	s->value_span = ve > vs ? pf_lline_span(src, l, vs, ve) :
	    pf_lline_span(src, l, vs, vs);
	s->line_span = pf_lline_span(src, l, opt->start, arg->end);
	MODEL_APPEND(m, svc->overrides, svc->noverrides, s);
	return 0;
}

/*
 * add_arg - the vector (4, then doubled when full at each power of two):
 * a hostile entry of a million arguments stays linear in memory
 */
static void
add_arg(struct model *m, struct service *svc, const char *arg)
{
	size_t n = svc->nargs;

	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		const char **args = arena_alloc(&m->arena,
		    (n == 0 ? 4 : n * 2) * sizeof(*args));

		if (n > 0)
			memcpy(args, svc->args, n * sizeof(*args));
		svc->args = args;
	}
	svc->args[svc->nargs++] = arg;
}

/* the daemon options that take a value: "cdDi:lm:n:o:s:St:uvVz" */
static const char value_options[] = "imnost";

/*
 * read_command_tail - the fields after the command, as the daemon's
 * getopt(3) reads them: flags alone or clustered (-v, -vD), a value
 * attached (-oname=value, -vo name=value) or in the next field; options
 * end at "--", a lone "-" or the first field without a '-'. Returns 0 at
 * the end of the entry, -1 (tok: where) at a '{' without '}', -2 on an
 * error in err.
 */
static int
read_command_tail(struct model *m, const struct src *src,
    const struct pf_lline *l, struct service *svc, size_t *pos,
    struct token *tok, struct parse_error *err)
{
	bool in_options = true;
	int got;

	while ((got = next_token(l, pos, tok)) > 0) {
		struct token opt, arg;
		size_t j, len = tok->end - tok->start;
		const char *text = l->text + tok->start;

		if (in_options && (text[0] != '-' || len == 1 ||
		    (len == 2 && text[1] == '-'))) {
			in_options = false;
			svc->options_end = pf_lline_span(src, l, tok->start,
			    tok->start);
		}
		for (j = 1; in_options && j < len; j++)
			if (memchr(value_options, text[j],
			    sizeof(value_options) - 1) != NULL)
				break;
		if (!in_options || j >= len) {
			add_arg(m, svc, arena_strndup(&m->arena, text, len));
			continue;
		}
		if (j > 1)	/* the flags before it: -v of -vo */
			add_arg(m, svc, arena_printf(&m->arena, "-%.*s",
			    (int)(j - 1), text + 1));
		opt.start = j > 1 ? tok->start + j : tok->start;
		opt.end = tok->start + j + 1;
		opt.braced = false;
		if (j + 1 < len) {
			arg.start = tok->start + j + 1;
			arg.end = tok->end;
			arg.braced = false;
		} else if (next_token(l, pos, &arg) <= 0) {
			if (text[j] != 'o') {
				/* the daemon's to refuse; an -o added after
				   it would be taken for its value */
				add_arg(m, svc, arena_printf(&m->arena, "-%c",
				    text[j]));
				svc->options_end = pf_lline_span(src, l,
				    tok->start, tok->start);
				break;
			}
			set_error(err, pf_lline_span(src, l, tok->start,
			    tok->end), "master.cf: -o without name=value");
			return -2;
		}
		if (text[j] != 'o') {
			add_arg(m, svc, arena_printf(&m->arena, "-%c",
			    text[j]));
			add_arg(m, svc, arena_strndup(&m->arena,
			    l->text + arg.start, arg.end - arg.start));
			continue;
		}
		if (!arg.braced && l->text[arg.start] == '{') {
			set_error(err, pf_lline_span(src, l, tok->start,
			    tok->end),
			    "master.cf: -o{ needs a blank between -o and {");
			return -2;
		}
		if (add_override(m, src, l, svc, &opt, &arg, err) < 0)
			return -2;
	}
	return got;
}

int
pf_master_parse(struct model *m, const struct src *src,
    struct parse_error *err)
{
	struct pf_reader r;
	struct pf_lline l = { 0 };
	struct strmap seen = STRMAP_INIT;
	const char **fields[8];
	int rc = 0;

	pf_reader_init(&r, src);
	while (rc == 0 && pf_reader_next(&r, &l)) {
		struct service *svc;
		struct token t[8], tok;
		size_t pos = 0;
		int n, got;
		char *key;

		if (l.indented) {
			model_add_note(m, "ignored-line",
			    span_make(src, l.start, l.end),
			    "master.cf entry starts with whitespace and "
			    "continues nothing; Postfix ignores it");
			continue;
		}
		for (n = 0; n < 8; n++) {
			got = next_token(&l, &pos, &t[n]);
			if (got <= 0)
				break;
		}
		if (n < 8) {
			rc = set_error(err, pf_lline_span(src, &l, 0, l.len),
			    "master.cf entry has %d fields, 8 are needed "
			    "(service type private unpriv chroot wakeup "
			    "maxproc command)", n);
			break;
		}
		svc = arena_alloc(&m->arena, sizeof(*svc));
		fields[0] = &svc->name;
		fields[1] = &svc->type;
		fields[2] = &svc->private_field;
		fields[3] = &svc->unpriv_field;
		fields[4] = &svc->chroot_field;
		fields[5] = &svc->wakeup_field;
		fields[6] = &svc->maxproc_field;
		fields[7] = &svc->command;
		for (n = 0; n < 8; n++)
			*fields[n] = arena_strndup(&m->arena,
			    l.text + t[n].start, t[n].end - t[n].start);
		svc->name_span = pf_lline_span(src, &l, t[0].start, t[0].end);
		svc->line_span = span_make(src, l.start, l.end);
		got = read_command_tail(m, src, &l, svc, &pos, &tok, err);
		if (got == -2)
			rc = -1;
		if (got < 0 && rc == 0)
			rc = set_error(err, pf_lline_span(src, &l, tok.start,
			    l.len), "master.cf: '{' without matching '}'");
		key = arena_printf(&m->arena, "%s/%s", svc->name, svc->type);
		svc->earlier = strmap_put(&seen, key, strlen(key), svc);
		if (svc->earlier != NULL)
			((struct service *)svc->earlier)->superseded = true;
		MODEL_APPEND(m, m->services, m->nservices, svc);
	}
	strmap_release(&seen);
	pf_lline_release(&l);
	return rc;
}
