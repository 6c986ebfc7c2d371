/*
 * sm_cf - sendmail.cf reader, as readcf() in sendmail 8.17 reads it
 *
 * Each logical line goes through the same steps as in sendmail:
 * fgetfolded() (util.c) joins continuation lines and maps CRLF to LF,
 * a line that begins with '#' is dropped, translate_dollars() (readcf.c)
 * removes comments and trailing blanks, and the first byte picks the
 * line type. The text of a logical line keeps, for every byte, its
 * offset in the source, so that every span is exact even where
 * continuation lines, CRs and comments were taken out.
 *
 * What differs from the way sendmail stores values: "$x" stays as
 * written (sendmail turns it into an internal byte) and so does "$$";
 * munchstring() (quotes, backslashes in D lines and a few options) is
 * not applied.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/rootpath.h"
#include "parsers/maptype.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_rules.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* lline - one logical line; off[i] is the source offset of text[i] */
struct lline {
	size_t	 start;		/* first byte of the first physical line */
	size_t	 end;		/* after the line end of the last one */
	char	*text;		/* NUL-terminated */
	size_t	*off;
	size_t	 len, cap;
};

/* reader - the state readcf() keeps from line to line */
struct reader {
	struct model *m;
	const struct src *src;
	struct lline l;
	long	 level;		/* ConfigLevel: the V line's number, else 0 */
	struct strmap seen;	/* setting name -> last setting of that name */
	struct sm_rules_reader rules;	/* the ruleset R lines go to */
	size_t	 accepted;	/* lines of a type sendmail knows */
	size_t	 rejected;	/* "unknown configuration line" */
	size_t	 first_rejected;	/* offset of the first of those */
};

/* is_space - SM_ISSPACE(): isascii() && isspace() */
static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* is_alnum - isascii() && isalnum() */
static bool
is_alnum(int c)
{
	return c < 0x80 && isalnum(c);
}

/* push - append one byte read at source offset at */
static void
push(struct lline *l, char c, size_t at)
{
	if (l->len + 2 > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->text = xrealloc(l->text, l->cap);
		l->off = xreallocarray(l->off, l->cap, sizeof(*l->off));
	}
	l->text[l->len] = c;
	l->off[l->len] = at;
	l->len++;
	l->text[l->len] = '\0';
}

/*
 * read_folded - fgetfolded(): a physical line plus the following lines
 * that begin with a space or a tab, the newlines between them kept, the
 * last one dropped; CR LF reads as LF, a lone CR stays
 */
static bool
read_folded(const struct src *src, size_t *pos, struct lline *l)
{
	const char *b = src->bytes;
	size_t n = src->len, i = *pos;

	if (i >= n)
		return false;
	l->len = 0;
	l->start = i;
	while (i < n) {
		size_t at = i;
		char c = b[i++];

		if (c == '\r' && i < n && b[i] == '\n') {
			at = i++;
			c = '\n';
		}
		push(l, c, at);
		if (c == '\n' && (i >= n || (b[i] != ' ' && b[i] != '\t')))
			break;
	}
	l->end = i;
	*pos = i;
	if (l->len > 0 && l->text[l->len - 1] == '\n')
		l->text[--l->len] = '\0';
	return true;
}

/* keep - copy text[from] to text[*w] (with its offset): compaction */
static void
keep(struct lline *l, size_t from, size_t *w)
{
	l->text[*w] = l->text[from];
	l->off[*w] = l->off[from];
	(*w)++;
}

/*
 * translate - what translate_dollars() does besides turning "$x" into
 * internal bytes: from config level 3 on, '#' starts a comment (with
 * the blanks before it) that runs to the end of its physical line,
 * unless it follows '$' or a backslash (which is removed); then
 * trailing blanks go. The first byte is never touched. One pass: the
 * kept bytes are compacted to the front (w), so that many comments in
 * one logical line cost no more than one.
 */
static void
translate(struct lline *l, long level)
{
	size_t p = 0, w = 0;

	while (p < l->len) {
		char c = l->text[p];

		if (c == '#' && w > 0 && level >= 3) {
			if (l->text[w - 1] == '\\') {
				w--;		/* the backslash goes, '#' stays */
				keep(l, p++, &w);
				continue;
			}
			while (w > 1 && is_space((unsigned char)l->text[w - 1]) &&
			    l->text[w - 1] != '\n')
				w--;
			while (p < l->len && l->text[p] != '\n')
				p++;
			continue;	/* the newline, if any, is kept */
		}
		keep(l, p++, &w);
		if (c != '$' || p >= l->len)
			continue;
		/* "$$", "$x", "$=x", "${name}": the name is not looked at again */
		c = l->text[p];
		keep(l, p++, &w);
		if (c == '$')
			continue;
		if (strchr("=~&?", c) != NULL && p < l->len) {
			c = l->text[p];
			keep(l, p++, &w);
		}
		if (c == '{') {
			while (p < l->len && l->text[p - 1] != '}')
				keep(l, p++, &w);
		}
	}
	l->len = w;
	while (l->len > 1 && is_space((unsigned char)l->text[l->len - 1]))
		l->len--;
	l->text[l->len] = '\0';
}

/* src_off - source offset of text position i (i may be len) */
static size_t
src_off(const struct lline *l, size_t i)
{
	if (l->len == 0)
		return l->start;
	if (i >= l->len)
		return l->off[l->len - 1] + 1;
	return l->off[i];
}

/* tspan - the source span of text[from .. to) */
static struct span
tspan(const struct reader *r, size_t from, size_t to)
{
	size_t s = src_off(&r->l, from);

	if (to <= from)
		return span_make(r->src, s, s);
	return span_make(r->src, s, r->l.off[to - 1] + 1);
}

/* line_span - the whole logical line, line end included */
static struct span
line_span(const struct reader *r)
{
	return span_make(r->src, r->l.start, r->l.end);
}

/* excerpt - a bounded, printable copy of text[from .. to) for a note */
static const char *
excerpt(const struct reader *r, size_t from, size_t to, char *buf,
    size_t size)
{
	size_t n = 0, i;

	for (i = from; i < to && n + 4 < size; i++) {
		unsigned char c = (unsigned char)r->l.text[i];

		buf[n++] = c < 0x80 && isprint(c) ? (char)c : '?';
	}
	if (i < to) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* add_setting - a setting for text[ns..ne) = text[vs..ve) */
static struct setting *
add_setting(struct reader *r, const char *name, size_t ns, size_t ne,
    size_t vs, size_t ve)
{
	struct model *m = r->m;
	struct setting *s = arena_alloc(&m->arena, sizeof(*s));

	s->name = name;
	s->raw = arena_strndup(&m->arena, r->l.text + vs, ve - vs);
	s->source = SOURCE_FILE;
	s->name_span = tspan(r, ns, ne);
	s->value_span = tspan(r, vs, ve);
	s->line_span = line_span(r);
	s->earlier = strmap_put(&r->seen, name, strlen(name), s);
	MODEL_APPEND(m, m->settings, m->nsettings, s);
	return s;
}

/*
 * macro_name - macid_parse() at text[p]: a single byte, "{x}" (the same
 * as x) or "{name}" (up to 25 letters, digits and '_'; other bytes are
 * dropped from the name, with a warning); *end is set after it. Returns
 * the name ("x" or "{name}") in the arena, or NULL with a note when
 * sendmail refuses it and skips the line.
 */
static const char *
macro_name(struct reader *r, size_t p, size_t *end, const char *what)
{
	const struct lline *l = &r->l;
	char name[26], buf[64];
	size_t q, n = 0;

	if (p >= l->len || (l->text[p] == '{' && p + 1 < l->len &&
	    l->text[p + 1] == '}')) {
		model_add_note(r->m, "bad-name", tspan(r, 0, p < l->len ?
		    p + 1 : p), "%s name missing: sendmail skips this line",
		    what);
		return NULL;
	}
	if (l->text[p] != '{') {
		*end = p + 1;
		return arena_strndup(&r->m->arena, l->text + p, 1);
	}
	for (q = p + 1; q < l->len && l->text[q] != '}' && n < 25; q++) {
		if (is_alnum((unsigned char)l->text[q]) || l->text[q] == '_')
			name[n++] = l->text[q];
		else
			model_add_note(r->m, "bad-name", tspan(r, q, q + 1),
			    "'%c' is not allowed in a %s name: sendmail drops "
			    "it", isprint((unsigned char)l->text[q]) ?
			    l->text[q] : '?', what);
	}
	name[n] = '\0';
	if (q >= l->len || l->text[q] != '}' || n == 0) {
		model_add_note(r->m, "bad-name", tspan(r, p, q < l->len ? q + 1 :
		    q), "bad %s name '%s' (no '}', longer than 25 or empty): "
		    "sendmail skips this line", what,
		    excerpt(r, p, q < l->len ? q + 1 : q, buf, sizeof(buf)));
		return NULL;
	}
	*end = q + 1;
	if (n == 1)
		return arena_strndup(&r->m->arena, name, 1);
	return arena_printf(&r->m->arena, "{%s}", name);
}

/* skip_space - the first position at or after p that is not a blank */
static size_t
skip_space(const struct lline *l, size_t p)
{
	while (p < l->len && is_space((unsigned char)l->text[p]))
		p++;
	return p;
}

/*
 * resolve - a path named in the .cf, under the model's root as the
 * Postfix maps are
 */
static void
resolve(struct model *m, struct mapref *mr)
{
	char *fs = rootpath_resolve(m->root, mr->name, &mr->not_followed);

	if (fs != NULL)
		mr->fs_path = arena_strdup(&m->arena, fs);
	free(fs);
}

/* is_suboption_option - OI_SUBOPT in OptionTab: Timeout and Milter */
static bool
is_suboption_option(const char *canon)
{
	return strcmp(canon, "Timeout") == 0 || strcmp(canon, "Milter") == 0;
}

/* do_option_short - "Oxvalue": the legacy one-character form */
static void
do_option_short(struct reader *r)
{
	struct lline *l = &r->l;
	const char *canon, *mname;
	unsigned char c = l->len > 1 ? (unsigned char)l->text[1] : 0;
	size_t end;

	if (c == 0) {
		model_add_note(r->m, "unknown-option", tspan(r, 0, 1),
		    "option line without an option name: sendmail skips it");
		return;
	}
	if (c == 'M') {
		/* "OMxvalue" defines macro x, as "Dxvalue" does */
		mname = macro_name(r, 2, &end, "macro");
		if (mname != NULL)
			add_setting(r, arena_printf(&r->m->arena, "$%s", mname),
			    2, end, end, l->len);
		return;
	}
	if (c == 'g') {
		/* default group id: no long name (DefaultUser sets both) */
		add_setting(r, "g", 1, 2, 2, l->len);
		return;
	}
	canon = c < 0x80 ? sm_option_canon((const char *)l->text + 1, 1, NULL) :
	    NULL;
	if (canon == NULL) {
		if (c < 0x80 && isprint(c))
			model_add_note(r->m, "unknown-option", tspan(r, 1, 2),
			    "unknown one-character option '%c': sendmail "
			    "skips this line", c);
		else
			model_add_note(r->m, "unknown-option", tspan(r, 1, 2),
			    "unknown one-character option 0x%02x: sendmail "
			    "skips this line", c);
		return;
	}
	add_setting(r, canon, 1, 2, 2, l->len);
}

/*
 * do_option - an O line. "O Name=value": exactly one blank after the
 * O, spaces (not tabs) around '=' trimmed, the name matched as
 * setoption() matches it; anything else after the O is the legacy form
 */
static void
do_option(struct reader *r)
{
	struct lline *l = &r->l;
	size_t eq, k, ne, ns, vs, dot, baselen;
	const char *canon, *name;
	char buf[64], tmp[2];
	bool ambiguous = false;

	if (l->len < 2 || l->text[1] != ' ') {
		do_option_short(r);
		return;
	}
	for (eq = 2; eq < l->len && l->text[eq] != '='; eq++)
		continue;
	if (eq == 2) {
		model_add_note(r->m, "unknown-option", tspan(r, 2, 3),
		    "option name missing before '=': sendmail skips this line");
		return;
	}
	/* The name ends at the blanks before '=' (setoption's *--p loop). */
	for (k = eq; k > 0 && l->text[k - 1] == ' '; k--)
		continue;
	ne = k > 2 ? k : 2;
	vs = eq < l->len ? eq + 1 : eq;
	while (vs < l->len && l->text[vs] == ' ')
		vs++;
	for (dot = 2; dot < ne && l->text[dot] != '.'; dot++)
		continue;
	baselen = dot - 2;
	if (ne - 2 == 1) {
		/* one character: a prefix, not the legacy name */
		tmp[0] = l->text[2];
		tmp[1] = '.';
		canon = sm_option_canon(tmp, 2, &ambiguous);
	} else
		canon = sm_option_canon(l->text + 2, ne - 2, &ambiguous);
	if (canon == NULL) {
		ns = skip_space(l, 2);
		if (ns > ne)
			ns = ne;
		if (ambiguous)
			model_add_note(r->m, "unknown-option", tspan(r, ns, dot),
			    "ambiguous option name '%s' (a prefix of more than "
			    "one option): sendmail skips this line",
			    excerpt(r, 2, dot, buf, sizeof(buf)));
		else if (ns > 2)
			model_add_note(r->m, "unknown-option", tspan(r, ns, dot),
			    "more than one blank after 'O': sendmail reads the "
			    "option name as '%s', knows no such option and skips "
			    "this line", excerpt(r, 2, dot, buf, sizeof(buf)));
		else
			model_add_note(r->m, "unknown-option", tspan(r, ns, dot),
			    "unknown option name '%s': sendmail skips this line",
			    excerpt(r, 2, dot, buf, sizeof(buf)));
		return;
	}
	if (baselen != strlen(canon))
		model_add_note(r->m, "abbreviated-option", tspan(r, 2, dot),
		    "option name '%s' is an abbreviation of '%s'",
		    excerpt(r, 2, dot, buf, sizeof(buf)), canon);
	name = canon;
	if (dot < ne) {
		if (is_suboption_option(canon))
			name = arena_printf(&r->m->arena, "%s%.*s", canon,
			    (int)(ne - dot), l->text + dot);
		else
			model_add_note(r->m, "ignored-suboption",
			    tspan(r, dot, ne), "option '%s' has no suboptions: "
			    "sendmail ignores '%s' and sets '%s'", canon,
			    excerpt(r, dot, ne, buf, sizeof(buf)), canon);
	}
	add_setting(r, name, 2, ne, vs, l->len);
}

/* do_macro - "Dxvalue", "D{name}value" */
static void
do_macro(struct reader *r)
{
	const char *name;
	size_t end;

	name = macro_name(r, 1, &end, "macro");
	if (name != NULL)
		add_setting(r, arena_printf(&r->m->arena, "$%s", name), 1, end,
		    end, r->l.len);
}

/* next_word - the word at or after *p, split at blanks; false at the end */
static bool
next_word(const struct lline *l, size_t *p, size_t *ws, size_t *we)
{
	*ws = skip_space(l, *p);
	for (*we = *ws; *we < l->len && !is_space((unsigned char)l->text[*we]);
	    (*we)++)
		continue;
	*p = *we;
	return *we > *ws;
}

/* class_words - the words of a C or T line from text[vs..] */
static void
class_words(struct reader *r, struct setting *s, size_t vs)
{
	struct arena *a = &r->m->arena;
	size_t p = vs, ws, we, n = 0;

	while (next_word(&r->l, &p, &ws, &we))
		n++;
	if (n == 0)
		return;
	s->words = arena_alloc(a, n * sizeof(*s->words));
	s->word_spans = arena_alloc(a, n * sizeof(*s->word_spans));
	for (p = vs; next_word(&r->l, &p, &ws, &we); s->nwords++) {
		s->words[s->nwords] = arena_strndup(a, r->l.text + ws, we - ws);
		s->word_spans[s->nwords] = tspan(r, ws, we);
	}
}

/* do_class - "Cxwords", "C{name}words", "Twords" (class t) */
static void
do_class(struct reader *r)
{
	const char *name;
	size_t end, vs;

	if (r->l.text[0] == 'T') {
		vs = skip_space(&r->l, 1);
		class_words(r, add_setting(r, "$=t", 0, 1, vs, r->l.len), vs);
		return;
	}
	name = macro_name(r, 1, &end, "class");
	if (name == NULL)
		return;
	vs = skip_space(&r->l, end);
	class_words(r, add_setting(r, arena_printf(&r->m->arena, "$=%s", name),
	    1, end, vs, r->l.len), vs);
}

/* do_file_class - "Fx[-o] file [format]", "Fx|program", "Fx key@map:spec" */
static void
do_file_class(struct reader *r)
{
	struct lline *l = &r->l;
	struct model *m = r->m;
	struct setting *s;
	struct mapref *mr;
	struct named_file *nf;
	const char *name, *at;
	size_t end, p, fs, fe;

	name = macro_name(r, 1, &end, "class");
	if (name == NULL)
		return;
	p = skip_space(l, end);
	s = add_setting(r, arena_printf(&m->arena, "$=%s", name), 1, end, p,
	    l->len);
	if (p + 1 < l->len && l->text[p] == '-' && l->text[p + 1] == 'o') {
		while (p < l->len && !is_space((unsigned char)l->text[p]))
			p++;
		p = skip_space(l, p);
	}
	if (p >= l->len) {
		model_add_note(m, "bad-class-file", s->name_span,
		    "class file name missing: sendmail reads nothing into '%s'",
		    s->name);
		return;
	}
	at = strchr(l->text + p, '@');
	if (l->text[p] != '/' && l->text[p] != '|' && at != NULL &&
	    (strcmp(at + 1, "LDAP") == 0 ||
	    (at[1] != ':' && strchr(at + 1, ':') != NULL))) {
		/* key@class:spec: a lookup in a map */
		const char *colon = strchr(at + 1, ':');

		mr = arena_alloc(&m->arena, sizeof(*mr));
		mr->from = s;
		if (strcmp(at + 1, "LDAP") == 0)
			mr->type = "ldap";
		else
			mr->type = arena_strndup(&m->arena, at + 1,
			    (size_t)(colon - at - 1));
		mr->name = arena_strdup(&m->arena, colon != NULL ? colon + 1 :
		    "");
		mr->not_followed = "a map lookup";
		mr->where = tspan(r, p, l->len);
		MODEL_APPEND(m, m->maps, m->nmaps, mr);
		return;
	}
	/* extrquotstr(p, &q, " ", &ok): quoted, or up to a space */
	if (l->text[p] == '"') {
		for (fe = p + 1; fe < l->len && l->text[fe] != '"'; fe++)
			continue;
		if (fe >= l->len) {
			model_add_note(m, "bad-class-file", tspan(r, p, l->len),
			    "unbalanced '\"' in the class file name: sendmail "
			    "skips this line");
			return;
		}
		fs = p + 1;
	} else {
		for (fe = p; fe < l->len && l->text[fe] != ' '; fe++)
			continue;
		fs = p;
	}
	nf = arena_alloc(&m->arena, sizeof(*nf));
	nf->from = s;
	nf->where = tspan(r, fs, fe);
	if (l->text[fs] == '|') {
		nf->what = "program";
		nf->name = arena_strndup(&m->arena, l->text + fs + 1,
		    fe - fs - 1);
		nf->not_followed = "a program: mta-harden never runs it";
	} else {
		char *path;

		nf->what = "class";
		nf->name = arena_strndup(&m->arena, l->text + fs, fe - fs);
		path = rootpath_resolve(m->root, nf->name, &nf->not_followed);
		if (path != NULL)
			nf->fs_path = arena_strdup(&m->arena, path);
		free(path);
	}
	MODEL_APPEND(m, m->files, m->nfiles, nf);
}

/* is_file_map_class - map classes whose last argument is their file */
static bool
is_file_map_class(const char *c)
{
	return maptype_is_file(maptype_lookup(c, MTA_SENDMAIL));
}

/* do_map - "Kname class args...": makemapentry() */
static void
do_map(struct reader *r)
{
	struct lline *l = &r->l;
	struct model *m = r->m;
	struct mapref *mr;
	size_t p, ns, ne, cs, ce, as, ae;

	p = skip_space(l, 1);
	if (p >= l->len || !is_alnum((unsigned char)l->text[p])) {
		model_add_note(m, "bad-map", tspan(r, 0, l->len),
		    "K line without a map name: sendmail skips it");
		return;
	}
	ns = p;
	while (++p < l->len && (is_alnum((unsigned char)l->text[p]) ||
	    l->text[p] == '_' || l->text[p] == '.'))
		continue;
	ne = p;
	if (p < l->len)
		p++;		/* makemapentry() overwrites it with NUL */
	p = skip_space(l, p);
	if (p >= l->len || !is_alnum((unsigned char)l->text[p])) {
		model_add_note(m, "bad-map", tspan(r, ns, ne),
		    "K line without a map class: sendmail skips it");
		return;
	}
	cs = p;
	while (++p < l->len && is_alnum((unsigned char)l->text[p]))
		continue;
	ce = p;
	mr = arena_alloc(&m->arena, sizeof(*mr));
	mr->type = arena_strndup(&m->arena, l->text + cs, ce - cs);
	/* the last argument */
	ae = l->len;
	as = ae;
	while (as > ce && !is_space((unsigned char)l->text[as - 1]))
		as--;
	if (is_file_map_class(mr->type) && as < ae && as > ce &&
	    l->text[as] != '-') {
		mr->name = arena_strndup(&m->arena, l->text + as, ae - as);
		mr->where = tspan(r, as, ae);
		resolve(m, mr);
	} else {
		mr->name = arena_strndup(&m->arena, l->text + ns, ne - ns);
		mr->where = tspan(r, ns, ne);
		mr->not_followed = is_file_map_class(mr->type) ?
		    "no file named" : "not a file";
	}
	MODEL_APPEND(m, m->maps, m->nmaps, mr);
}

/* do_version - "V10/Berkeley": the config level matters for comments */
static void
do_version(struct reader *r)
{
	struct lline *l = &r->l;
	size_t p = skip_space(l, 1);
	char buf[64];

	if (p >= l->len || !isdigit((unsigned char)l->text[p])) {
		model_add_note(r->m, "bad-version", tspan(r, 0, l->len),
		    "invalid argument to V line: '%s'",
		    excerpt(r, 1, l->len, buf, sizeof(buf)));
		return;
	}
	r->level = strtol(l->text + p, NULL, 10);
	add_setting(r, "V", 0, 1, p, l->len);
}

/* add_arg - mailer arguments are few: copying on each append is fine */
static void
add_arg(struct model *m, struct service *svc, const char *arg)
{
	const char **args = arena_alloc(&m->arena,
	    (svc->nargs + 1) * sizeof(*args));

	if (svc->nargs > 0)
		memcpy(args, svc->args, svc->nargs * sizeof(*args));
	args[svc->nargs++] = arg;
	svc->args = args;
}

/* field_end - munchstring(p, &delim, ','): a field ends at ',' outside quotes */
static size_t
field_end(const struct lline *l, size_t p)
{
	bool quoted = false, backslash = false;

	for (; p < l->len; p++) {
		char c = l->text[p];

		if (backslash)
			backslash = false;
		else if (c == '\\')
			backslash = true;
		else if (c == '"')
			quoted = !quoted;
		else if (c == ',' && !quoted)
			break;
	}
	return p;
}

/* do_mailer - "Mname, P=path, F=flags, ..., A=argv": makemailer() */
static void
do_mailer(struct reader *r)
{
	struct lline *l = &r->l;
	struct model *m = r->m;
	struct service *svc;
	size_t p = 1, ne, fs, fe, e;

	while (p < l->len && l->text[p] != ',' &&
	    !is_space((unsigned char)l->text[p]))
		p++;
	if (p == 1) {
		model_add_note(m, "bad-mailer", tspan(r, 0, l->len),
		    "mailer name missing: sendmail skips this line");
		return;
	}
	ne = p;
	svc = arena_alloc(&m->arena, sizeof(*svc));
	svc->name = arena_strndup(&m->arena, l->text + 1, ne - 1);
	svc->type = "mailer";
	svc->name_span = tspan(r, 1, ne);
	svc->line_span = line_span(r);
	if (p < l->len)
		p++;
	while (p < l->len) {
		char buf[64];

		while (p < l->len && (l->text[p] == ',' ||
		    is_space((unsigned char)l->text[p])))
			p++;
		if (p >= l->len)
			break;
		fs = p;
		while (p < l->len && l->text[p] != '=' && l->text[p] != ',')
			p++;
		if (p >= l->len || l->text[p] != '=') {
			model_add_note(m, "bad-mailer", tspan(r, fs, p),
			    "mailer '%s': '=' expected after '%s': sendmail "
			    "does not define this mailer", svc->name,
			    excerpt(r, fs, p, buf, sizeof(buf)));
			return;
		}
		e = p + 1;
		while (e < l->len && is_space((unsigned char)l->text[e]))
			e++;
		fe = field_end(l, e);
		p = fe;
		while (fe > e && is_space((unsigned char)l->text[fe - 1]))
			fe--;
		if (l->text[fs] == 'P')
			svc->command = arena_strndup(&m->arena, l->text + e,
			    fe - e);
		else
			add_arg(m, svc, arena_strndup(&m->arena, l->text + fs,
			    fe - fs));
	}
	MODEL_APPEND(m, m->services, m->nservices, svc);
}

/* do_milter - "Xname, S=socket, F=flags, T=timeouts" */
static void
do_milter(struct reader *r)
{
	struct lline *l = &r->l;
	size_t p = 1, vs;

	while (p < l->len && l->text[p] != ',' &&
	    !is_space((unsigned char)l->text[p]))
		p++;
	if (p == 1) {
		model_add_note(r->m, "bad-milter", tspan(r, 0, l->len),
		    "milter name missing: sendmail skips this line");
		return;
	}
	vs = p;
	while (vs < l->len && (l->text[vs] == ',' ||
	    is_space((unsigned char)l->text[vs])))
		vs++;
	add_setting(r, arena_strndup(&r->m->arena, l->text, p), 1, p, vs,
	    l->len);
}

/* unknown_line - what readcf() calls "unknown configuration line" */
static void
unknown_line(struct reader *r)
{
	char buf[64];

	if (r->rejected++ == 0)
		r->first_rejected = r->l.start;
	model_add_note(r->m, "unknown-line", line_span(r),
	    "unknown configuration line '%s': sendmail reports it and goes on",
	    excerpt(r, 0, r->l.len, buf, sizeof(buf)));
}

/* text_of - the logical line as sm_rules reads it */
static struct sm_cf_text
text_of(const struct reader *r)
{
	struct sm_cf_text t;

	t.src = r->src;
	t.text = r->l.text;
	t.off = r->l.off;
	t.len = r->l.len;
	t.start = r->l.start;
	t.end = r->l.end;
	return t;
}

/* dispatch - readcf()'s switch on the first byte */
static void
dispatch(struct reader *r)
{
	const struct sm_cf_text t = text_of(r);

	switch (r->l.text[0]) {
	case 'O':
		do_option(r);
		break;
	case 'D':
		do_macro(r);
		break;
	case 'C':
	case 'T':
		do_class(r);
		break;
	case 'F':
		do_file_class(r);
		break;
	case 'K':
		do_map(r);
		break;
	case 'V':
		do_version(r);
		break;
	case 'M':
		do_mailer(r);
		break;
	case 'X':
		do_milter(r);
		break;
	case 'P':
		/* "Pname=value"; without '=' it is a bad line */
		if (strchr(r->l.text, '=') == NULL) {
			unknown_line(r);
			return;
		}
		break;
	case 'S':
		sm_rules_ruleset(r->m, &r->rules, &t);
		break;
	case 'R':
		sm_rules_rule(r->m, &r->rules, &t);
		break;
	case 'H':
		sm_rules_header(r->m, &t);
		break;
	case 'Q':
	case 'E':
		/* queue groups, environment */
		break;
	default:
		unknown_line(r);
		return;
	}
	r->accepted++;
}

/* sm_cf_parse - read a .cf into the model (sm_cf.h) */
int
sm_cf_parse(struct model *m, const struct src *src, struct parse_error *err)
{
	struct reader r;
	const char *nul = memchr(src->bytes, '\0', src->len);
	size_t pos = 0;
	int rc = 0;

	if (nul != NULL) {
		err->where = span_make(src, (size_t)(nul - src->bytes),
		    (size_t)(nul - src->bytes) + 1);
		snprintf(err->msg, sizeof(err->msg), "NUL byte: not a "
		    "sendmail.cf");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.m = m;
	r.src = src;
	while (read_folded(src, &pos, &r.l)) {
		if (r.l.len == 0)
			continue;	/* blank line */
		if (r.l.text[0] == '#') {
			const struct sm_cf_text t = text_of(&r);

			sm_rules_stamp(m, &t);
			continue;	/* comment */
		}
		translate(&r.l, r.level);
		dispatch(&r);
	}
	if (r.accepted == 0 && r.rejected > 0) {
		size_t e = r.first_rejected;

		while (e < src->len && src->bytes[e] != '\n')
			e++;
		err->where = span_make(src, r.first_rejected, e);
		snprintf(err->msg, sizeof(err->msg), "not a sendmail.cf: no "
		    "line of a type sendmail knows");
		rc = -1;
	}
	strmap_release(&r.seen);
	sm_rules_release(&r.rules);
	free(r.l.text);
	free(r.l.off);
	return rc;
}
