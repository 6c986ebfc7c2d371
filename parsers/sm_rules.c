/*
 * sm_rules - H, S and R lines and m4 stamps of a sendmail.cf (sm_rules.h)
 *
 * The splits follow readcf() (R and S lines), strtorwset() (the ruleset
 * name or number) and chompheader() (H lines) of sendmail 8.17. Macros
 * are not expanded: a value keeps "$x" as written.
 */
#include <ctype.h>
#include <string.h>

#include "parsers/sm_rules.h"

/* is_space - SM_ISSPACE(): isascii() && isspace() */
static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* is_digit, is_alpha, is_alnum - isascii() and the ctype test */
static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(int c)
{
	return c < 0x80 && isalpha(c);
}

static bool
is_alnum(int c)
{
	return c < 0x80 && isalnum(c);
}

/* at - the byte at i as an unsigned char, 0 past the end */
static int
at(const struct sm_cf_text *t, size_t i)
{
	return i < t->len ? (unsigned char)t->text[i] : 0;
}

/* skip_space - the first position at or after p that is not a blank */
static size_t
skip_space(const struct sm_cf_text *t, size_t p)
{
	while (p < t->len && is_space(at(t, p)))
		p++;
	return p;
}

/* tspan - the source span of text[from .. to) */
static struct span
tspan(const struct sm_cf_text *t, size_t from, size_t to)
{
	size_t s;

	if (from < t->len)
		s = t->off[from];
	else
		s = t->len > 0 ? t->off[t->len - 1] + 1 : t->start;
	if (to <= from)
		return span_make(t->src, s, s);
	return span_make(t->src, s, t->off[to - 1] + 1);
}

static struct span
line_span(const struct sm_cf_text *t)
{
	return span_make(t->src, t->start, t->end);
}

/* first_line - the first physical line, its line end excluded (a CR stays) */
static struct span
first_line(const struct sm_cf_text *t)
{
	const char *b = t->src->bytes;
	const char *nl = memchr(b + t->start, '\n', t->end - t->start);

	return span_make(t->src, t->start, nl != NULL ? (size_t)(nl - b) :
	    t->end);
}

/* copy - text[from .. to) in the arena */
static const char *
copy(struct model *m, const struct sm_cf_text *t, size_t from, size_t to)
{
	return arena_strndup(&m->arena, t->text + from, to - from);
}

/*
 * condition_ok - chompheader(): the text between the '?' is flags (ASCII
 * only) or one macro, "$x" or "${name}" with a name of two bytes or more
 */
static bool
condition_ok(const char *c, size_t n)
{
	size_t i;

	if (n > 0 && c[0] == '$') {
		if (n == 2 && c[1] != '{')
			return true;
		return n > 4 && c[1] == '{' && c[n - 1] == '}' &&
		    memchr(c + 2, '}', n - 3) == NULL;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)c[i] >= 0x80)
			return false;
	return true;
}

/* sm_rules_header - "H?flags?Name: value" (sm_rules.h) */
void
sm_rules_header(struct model *m, const struct sm_cf_text *t)
{
	struct sm_header *h;
	size_t p = 1, cs = 0, ce = 0, ns, ne, vs;
	bool cond = false;

	if (at(t, p) == '?') {
		const char *q = memchr(t->text + p + 1, '?', t->len - p - 1);

		if (q == NULL)
			return;
		cs = p + 1;
		ce = (size_t)(q - t->text);
		if (!condition_ok(t->text + cs, ce - cs))
			return;
		cond = true;
		p = ce + 1;
	}
	ns = p;
	while (p < t->len && at(t, p) < 0x80 && isgraph(at(t, p)) &&
	    at(t, p) != ':')
		p++;
	ne = p;
	p = skip_space(t, p);
	if (at(t, p) != ':' || ne == ns || ne - ns > 100)
		return;
	vs = skip_space(t, p + 1);
	h = arena_alloc(&m->arena, sizeof(*h));
	h->name = copy(m, t, ns, ne);
	h->condition = cond ? copy(m, t, cs, ce) : NULL;
	h->value = copy(m, t, vs, t->len);
	h->name_span = tspan(t, ns, ne);
	h->value_span = tspan(t, vs, t->len);
	h->line_span = line_span(t);
	h->first_line = first_line(t);
	MODEL_APPEND(m, m->headers, m->nheaders, h);
}

/* number - the digits at *p as a number, SM_RULESET_NUMBERS if too big */
static int
number(const struct sm_cf_text *t, size_t *p)
{
	int n = 0;

	while (is_digit(at(t, *p))) {
		if (n < SM_RULESET_NUMBERS)
			n = n * 10 + (at(t, *p) - '0');
		(*p)++;
	}
	return n < SM_RULESET_NUMBERS ? n : SM_RULESET_NUMBERS;
}

/*
 * ruleset_name - strtorwset() on a name: [*ns, *ne) is the name, *num
 * the number after '=' or -1; false when sendmail refuses the line
 */
static bool
ruleset_name(const struct sm_cf_text *t, size_t p, size_t *ns, size_t *ne,
    int *num)
{
	*ns = p;
	while (is_alnum(at(t, p)) || at(t, p) == '_')
		p++;
	*ne = p;
	if (*ne == *ns || !is_alpha(at(t, *ns)))
		return false;
	p = skip_space(t, p);
	*num = -1;
	if (at(t, p) != '=')
		return true;
	p = skip_space(t, p + 1);
	if (!is_digit(at(t, p)))
		return false;	/* "number required after `='" */
	*num = number(t, &p);
	return *num < SM_RULESET_NUMBERS;
}

/* sm_rules_ruleset - "S3", "Sname", "Sname=3" (sm_rules.h) */
void
sm_rules_ruleset(struct model *m, struct sm_rules_reader *rd,
    const struct sm_cf_text *t)
{
	const struct sm_ruleset *prev = NULL;
	struct sm_ruleset *rs;
	size_t p = skip_space(t, 1), ns = p, ne;
	const char *name = NULL;
	int num;

	rd->current = NULL;
	if (p >= t->len)
		return;
	if (is_digit(at(t, p))) {
		num = number(t, &p);
		ne = p;
		if (num >= SM_RULESET_NUMBERS)
			return;
	} else if (!ruleset_name(t, p, &ns, &ne, &num))
		return;
	else {
		name = copy(m, t, ns, ne);
		prev = strmap_get(&rd->by_name, name, ne - ns);
		if (prev != NULL)
			num = prev->number;	/* the first number stays */
	}
	if (prev == NULL && num >= 0)
		prev = rd->by_number[num];
	if (name == NULL && prev != NULL)
		name = prev->name;
	rs = arena_alloc(&m->arena, sizeof(*rs));
	rs->name = name;
	rs->number = num;
	rs->earlier = prev;
	rs->name_span = tspan(t, ns, ne);
	rs->line_span = line_span(t);
	rs->first_line = first_line(t);
	if (num >= 0)
		rd->by_number[num] = rs;
	if (name != NULL)
		strmap_put(&rd->by_name, name, strlen(name), rs);
	rd->current = rs;
	MODEL_APPEND(m, m->rulesets, m->nrulesets, rs);
}

/* sm_rules_rule - "Rlhs<TAB>rhs<TAB>comment" (sm_rules.h) */
void
sm_rules_rule(struct model *m, const struct sm_rules_reader *rd,
    const struct sm_cf_text *t)
{
	struct sm_rule *r;
	size_t le = 1, rs, re, cs;

	if (rd->current == NULL)
		return;		/* "missing valid ruleset" */
	while (le < t->len && t->text[le] != '\t')
		le++;
	if (le >= t->len)
		return;		/* "invalid rewrite line (tab expected)" */
	for (rs = le; rs < t->len && t->text[rs] == '\t'; rs++)
		continue;
	for (re = rs; re < t->len && t->text[re] != '\t'; re++)
		continue;
	for (cs = re; cs < t->len && t->text[cs] == '\t'; cs++)
		continue;
	r = arena_alloc(&m->arena, sizeof(*r));
	r->ruleset = rd->current;
	r->lhs = copy(m, t, 1, le);
	r->rhs = copy(m, t, rs, re);
	r->comment = copy(m, t, cs, t->len);
	r->lhs_span = tspan(t, 1, le);
	r->rhs_span = tspan(t, rs, re);
	r->comment_span = tspan(t, cs, t->len);
	r->line_span = line_span(t);
	r->first_line = first_line(t);
	MODEL_APPEND(m, m->rules, m->nrules, r);
}

/* sm_rules_stamp - "$Id: name,v ..." in a comment (sm_rules.h) */
void
sm_rules_stamp(struct model *m, const struct sm_cf_text *t)
{
	static const char id[] = "$Id: ";
	const size_t idlen = sizeof(id) - 1;
	const char *nl = memchr(t->text, '\n', t->len);
	size_t end = nl != NULL ? (size_t)(nl - t->text) : t->len;
	size_t p, fs;
	struct sm_stamp *st;

	for (p = 0; p + idlen <= end; p++)
		if (memcmp(t->text + p, id, idlen) == 0)
			break;
	if (p + idlen > end)
		return;
	fs = p + idlen;
	for (p = fs; p < end && t->text[p] != ',' && !is_space(at(t, p)); p++)
		continue;
	if (p == fs)
		return;
	st = arena_alloc(&m->arena, sizeof(*st));
	st->file = copy(m, t, fs, p);
	st->first_line = first_line(t);
	MODEL_APPEND(m, m->stamps, m->nstamps, st);
}

void
sm_rules_release(struct sm_rules_reader *rd)
{
	strmap_release(&rd->by_name);
}
