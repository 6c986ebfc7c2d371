/*
 * pf_expand - Postfix $parameter expansion
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pf_expand.h"
#include "lib/xalloc.h"

/* out - growable output buffer with the expansion size cap */
struct out {
	char	*buf;
	size_t	 len, cap;
	bool	 overflow;
};

static void
out_add(struct out *o, const char *s, size_t n)
{
	if (o->overflow)
		return;
	if (o->len + n > PF_EXPAND_MAX_BYTES) {
		o->overflow = true;
		return;
	}
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 64;
		o->buf = xrealloc(o->buf, o->cap);
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static const char in_progress[] = "";	/* memo marker during expansion */

static int expand_into(struct pf_expander *, struct out *, const char *,
	    size_t);

static int
fail(struct pf_expander *x, const char *msg)
{
	if (x->error == NULL)
		x->error = msg;
	return -1;
}

void
pf_expander_init(struct pf_expander *x, struct arena *arena,
    pf_raw_lookup raw_of, void *ctx)
{
	memset(x, 0, sizeof(*x));
	x->arena = arena;
	x->raw_of = raw_of;
	x->ctx = ctx;
}

void
pf_expander_release(struct pf_expander *x)
{
	strmap_release(&x->memo);
}

static bool
is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* lookup - expanded value of name[0..len); NULL if undefined */
static const char *
lookup(struct pf_expander *x, const char *name, size_t len, int *err)
{
	char *key;
	const char *raw, *memo;
	struct out o = { NULL, 0, 0, false };

	memo = strmap_get(&x->memo, name, len);
	if (memo == in_progress) {
		*err = fail(x, "unreasonable macro call nesting (a parameter refers to itself)");
		return NULL;
	}
	if (memo != NULL)
		return memo;
	key = arena_strndup(x->arena, name, len);
	raw = x->raw_of(x->ctx, key);
	if (raw == NULL)
		return NULL;
	if (x->depth >= PF_EXPAND_MAX_DEPTH) {
		*err = fail(x, "unreasonable macro call nesting");
		return NULL;
	}
	strmap_put(&x->memo, key, len, (void *)in_progress);
	x->depth++;
	if (expand_into(x, &o, raw, strlen(raw)) < 0)
		*err = -1;
	x->depth--;
	memo = arena_strndup(x->arena, o.buf ? o.buf : "", o.len);
	free(o.buf);
	strmap_put(&x->memo, key, len, (void *)memo);
	return memo;
}

/* match_close - index of the bracket closing s[open], or -1 */
static long
match_close(const char *s, size_t len, size_t open)
{
	char o = s[open], c = o == '{' ? '}' : ')';
	size_t i;
	int level = 0;

	for (i = open; i < len; i++) {
		if (s[i] == o)
			level++;
		else if (s[i] == c && --level == 0)
			return (long)i;
	}
	return -1;
}

static size_t
skip_space(const char *s, size_t len, size_t i)
{
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * brace_group - parse "{text}" at s[*i]: the text between the braces,
 * kept as written (postconf only folds blanks when it prints), goes to
 * *t, *tlen; blanks after the '}' are skipped.
 */
static int
brace_group(struct pf_expander *x, const char *s, size_t len, size_t *i,
    const char **t, size_t *tlen)
{
	long close;
	size_t start;

	if (*i >= len || s[*i] != '{')
		return fail(x, "syntax error in conditional expression: '{' expected");
	close = match_close(s, len, *i);
	if (close < 0)
		return fail(x, "truncated macro reference: missing '}'");
	start = *i + 1;
	*t = s + start;
	*tlen = (size_t)close - start;
	*i = (size_t)close + 1;
	return 0;
}

/* expand_part - expand s[0..len) into a fresh string (caller frees) */
static char *
expand_part(struct pf_expander *x, const char *s, size_t len, int *err)
{
	struct out o = { NULL, 0, 0, false };

	if (expand_into(x, &o, s, len) < 0)
		*err = -1;
	if (o.buf == NULL)
		return xstrdup("");
	return o.buf;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* parse_level - "3.6" or "2" into three numbers; -1 if not a level */
static int
parse_level(const char *s, unsigned long v[3])
{
	int part = 0;
	char *end;

	v[0] = v[1] = v[2] = 0;
	for (;;) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v[part] = strtoul(s, &end, 10);
		s = end;
		if (*s == '\0')
			return 0;
		if (*s != '.' || ++part > 2)
			return -1;
		s++;
	}
}

int
pf_compare_levels(const char *a, const char *b)
{
	unsigned long va[3], vb[3];
	int i;

	if (parse_level(a, va) < 0 || parse_level(b, vb) < 0)
		return -2;
	for (i = 0; i < 3; i++) {
		if (va[i] != vb[i])
			return va[i] < vb[i] ? -1 : 1;
	}
	return 0;
}

/* relational - ${{a} OP {b} ? {t} : {f}}; s is the text inside ${ } */
static int
relational(struct pf_expander *x, struct out *o, const char *s, size_t len)
{
	const char *a, *b, *t, *f = NULL;
	size_t alen, blen, tlen, flen = 0, i = skip_space(s, len, 0);
	size_t opstart;
	char op[3] = "";
	bool level = false, truth;
	char *ea, *eb;
	int cmp, err = 0;

	if (brace_group(x, s, len, &i, &a, &alen) < 0)
		return -1;
	i = skip_space(s, len, i);
	opstart = i;
	while (i < len && strchr("=!<>", s[i]) != NULL && i - opstart < 2)
		op[i - opstart] = s[i], i++;
	op[i - opstart] = '\0';
	if (len - i >= 5 && strncmp(s + i, "level", 5) == 0) {
		level = true;
		i += 5;
	}
	if (strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "<") &&
	    strcmp(op, "<=") && strcmp(op, ">") && strcmp(op, ">="))
		return fail(x, "unknown operator in conditional expression");
	i = skip_space(s, len, i);
	if (brace_group(x, s, len, &i, &b, &blen) < 0)
		return -1;
	i = skip_space(s, len, i);
	/* ${{a}==={b}} alone yields "true" or nothing; "?" and ":" are optional. */
	t = "true";
	tlen = 4;
	if (i < len && s[i] == '?') {
		i = skip_space(s, len, i + 1);
		if (brace_group(x, s, len, &i, &t, &tlen) < 0)
			return -1;
		i = skip_space(s, len, i);
	} else if (i < len && s[i] == ':') {
		t = "";
		tlen = 0;
	}
	if (i < len && s[i] == ':') {
		i = skip_space(s, len, i + 1);
		if (brace_group(x, s, len, &i, &f, &flen) < 0)
			return -1;
		i = skip_space(s, len, i);
	}
	if (i != len)
		return fail(x, "unexpected text after conditional expression");

	ea = expand_part(x, a, alen, &err);
	eb = expand_part(x, b, blen, &err);
	if (level) {
		cmp = pf_compare_levels(ea, eb);
		if (cmp == -2)
			err = fail(x, "invalid compatibility level in conditional expression");
	} else if (all_digits(ea) && all_digits(eb)) {
		unsigned long long na = strtoull(ea, NULL, 10);
		unsigned long long nb = strtoull(eb, NULL, 10);

		cmp = na < nb ? -1 : na > nb;
	} else {
		cmp = strcmp(ea, eb);
		cmp = cmp < 0 ? -1 : cmp > 0;
	}
	free(ea);
	free(eb);
	if (err < 0)
		return -1;
	if (strcmp(op, "==") == 0)
		truth = cmp == 0;
	else if (strcmp(op, "!=") == 0)
		truth = cmp != 0;
	else if (strcmp(op, "<") == 0)
		truth = cmp < 0;
	else if (strcmp(op, "<=") == 0)
		truth = cmp <= 0;
	else if (strcmp(op, ">") == 0)
		truth = cmp > 0;
	else
		truth = cmp >= 0;
	if (truth)
		return expand_into(x, o, t, tlen);
	return f != NULL ? expand_into(x, o, f, flen) : 0;
}

/* named - ${name}, ${name?…}, ${name:…}; s is the text inside ${ } */
static int
named(struct pf_expander *x, struct out *o, const char *s, size_t len)
{
	size_t i = 0, nend, j;
	const char *value, *t, *f = NULL;
	size_t tlen, flen = 0;
	char kind;
	int err = 0;

	while (i < len && s[i] != '?' && s[i] != ':')
		i++;
	nend = i;
	while (nend > 0 && isspace((unsigned char)s[nend - 1]))
		nend--;
	j = skip_space(s, nend, 0);
	if (j == nend)
		return fail(x, "empty macro name");
	for (size_t k = j; k < nend; k++)
		if (!is_name_char((unsigned char)s[k]))
			return fail(x, "invalid macro name");
	value = lookup(x, s + j, nend - j, &err);
	if (err < 0)
		return -1;
	if (i == len) {
		if (value != NULL)
			out_add(o, value, strlen(value));
		return 0;
	}
	kind = s[i++];
	if (i < len && s[i] == '{') {
		if (brace_group(x, s, len, &i, &t, &tlen) < 0)
			return -1;
		i = skip_space(s, len, i);
		if (kind == '?' && i < len && s[i] == ':') {
			i = skip_space(s, len, i + 1);
			if (i < len && s[i] != '{') {
				/* ${name?{t}:f}: Postfix takes the rest as is */
				f = s + i;
				flen = len - i;
				i = len;
			} else {
				if (brace_group(x, s, len, &i, &f, &flen) < 0)
					return -1;
				i = skip_space(s, len, i);
			}
		}
		if (i != len)
			return fail(x, "unexpected text after '}'");
	} else {
		t = s + i;
		tlen = len - i;
	}
	if (kind == ':') {
		if (value == NULL || *value == '\0')
			return expand_into(x, o, t, tlen);
		return 0;
	}
	if (value != NULL && *value != '\0')
		return expand_into(x, o, t, tlen);
	return f != NULL ? expand_into(x, o, f, flen) : 0;
}

static int
expand_into(struct pf_expander *x, struct out *o, const char *s, size_t len)
{
	size_t i = 0, start;
	long close;
	int rc = 0, err = 0;

	while (i < len) {
		start = i;
		while (i < len && s[i] != '$')
			i++;
		out_add(o, s + start, i - start);
		if (i >= len)
			break;
		if (i + 1 >= len)
			return fail(x, "empty macro name");
		if (s[i + 1] == '$') {
			out_add(o, "$", 1);
			i += 2;
		} else if (s[i + 1] == '{' || s[i + 1] == '(') {
			close = match_close(s, len, i + 1);
			if (close < 0)
				return fail(x, "truncated macro reference");
			if (s[i + 1] == '{' &&
			    s[skip_space(s, (size_t)close, i + 2)] == '{')
				rc = relational(x, o, s + i + 2,
				    (size_t)close - i - 2);
			else
				rc = named(x, o, s + i + 2,
				    (size_t)close - i - 2);
			if (rc < 0)
				return -1;
			i = (size_t)close + 1;
		} else if (is_name_char((unsigned char)s[i + 1])) {
			const char *value;

			start = ++i;
			while (i < len && is_name_char((unsigned char)s[i]))
				i++;
			value = lookup(x, s + start, i - start, &err);
			if (err < 0)
				return -1;
			if (value != NULL)
				out_add(o, value, strlen(value));
		} else {
			return fail(x, "empty macro name");
		}
		if (o->overflow)
			return fail(x, "expansion longer than 1 MiB");
	}
	if (o->overflow)
		return fail(x, "expansion longer than 1 MiB");
	return 0;
}

const char *
pf_expand_param(struct pf_expander *x, const char *name)
{
	int err = 0;

	return lookup(x, name, strlen(name), &err);
}

const char *
pf_expand_text(struct pf_expander *x, const char *text)
{
	struct out o = { NULL, 0, 0, false };
	char *result;

	(void)expand_into(x, &o, text, strlen(text));
	result = arena_strndup(x->arena, o.buf ? o.buf : "", o.len);
	free(o.buf);
	return result;
}
