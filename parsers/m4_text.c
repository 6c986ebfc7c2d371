/*
 * m4_text - the m4 builtins that compute text from their arguments
 * (m4.h): eval, incr, decr, index, len, substr, translit
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "parsers/m4.h"

/* m4_do_eval - eval(expression, radix, width) */
void
m4_do_eval(struct m4 *r, struct m4_frame *f)
{
	long long v, radix = 10, width = 1;
	const char *error;
	struct sbuf b = { 0 };

	if (!m4_eval_expr(m4_arg(f, 1), &v, &error)) {
		m4_note(r, "mc-m4-error", m4_anchor_span(r, f->anchor),
		    "eval(`%s'): %s (m4 expands it to nothing)", m4_arg(f, 1),
		    error);
		return;
	}
	if ((f->nargs > 2 && m4_arg(f, 2)[0] != '\0' &&
	    !m4_parse_int(m4_arg(f, 2), &radix)) || radix < 2 || radix > 36 ||
	    (f->nargs > 3 && !m4_parse_int(m4_arg(f, 3), &width))) {
		m4_note(r, "mc-m4-error", m4_anchor_span(r, f->anchor),
		    "eval(): bad radix or width");
		return;
	}
	m4_format_radix(&b, v, (int)radix, width);
	m4_result(r, f, b.p, b.len);
	sb_free(&b);
}

/* m4_do_substr - substr(string, from, length) */
void
m4_do_substr(struct m4 *r, struct m4_frame *f)
{
	const char *s = m4_arg(f, 1);
	long long from, len = LLONG_MAX, n = (long long)strlen(s);

	if (f->nargs < 3) {
		m4_results(r, f, s);
		return;
	}
	if (!m4_parse_int(m4_arg(f, 2), &from) ||
	    (f->nargs > 3 && !m4_parse_int(m4_arg(f, 3), &len)))
		return;
	if (from < 0 || from >= n || len <= 0)
		return;
	if (len > n - from)
		len = n - from;
	m4_result(r, f, s + from, (size_t)len);
}

/* m4_do_translit - translit(string, from, to) */
void
m4_do_translit(struct m4 *r, struct m4_frame *f)
{
	struct sbuf from = { 0 }, to = { 0 }, out = { 0 };
	const char *s = m4_arg(f, 1);

	if (f->nargs < 3) {
		m4_results(r, f, s);
		return;
	}
	m4_translit_set(&from, m4_arg(f, 2));
	m4_translit_set(&to, m4_arg(f, 3));
	for (; *s != '\0'; s++) {
		const char *hit = from.len > 0 ? memchr(from.p, *s, from.len) :
		    NULL;

		if (hit == NULL)
			sb_addc(&out, *s);
		else if ((size_t)(hit - from.p) < to.len)
			sb_addc(&out, to.p[hit - from.p]);
	}
	m4_result(r, f, out.p, out.len);
	sb_free(&from);
	sb_free(&to);
	sb_free(&out);
}

/* m4_do_incr - incr(n) and decr(n) */
void
m4_do_incr(struct m4 *r, struct m4_frame *f)
{
	long long v;
	char num[32];

	if (!m4_parse_int(m4_arg(f, 1), &v)) {
		m4_note(r, "mc-m4-error", m4_anchor_span(r, f->anchor),
		    "%s(`%s'): non-numeric argument", f->mac->name,
		    m4_arg(f, 1));
		return;
	}
	snprintf(num, sizeof(num), "%d",
	    m4_wrap32(v + (f->mac->top->builtin == B_INCR ? 1 : -1)));
	m4_results(r, f, num);
}

/* m4_do_index - index(string, sub) */
void
m4_do_index(struct m4 *r, struct m4_frame *f)
{
	const char *hit = strstr(m4_arg(f, 1), m4_arg(f, 2));
	char num[32];

	snprintf(num, sizeof(num), "%ld", hit != NULL ?
	    (long)(hit - m4_arg(f, 1)) : -1L);
	m4_results(r, f, num);
}

/* m4_do_len - len(string) */
void
m4_do_len(struct m4 *r, struct m4_frame *f)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu", strlen(m4_arg(f, 1)));
	m4_results(r, f, num);
}
