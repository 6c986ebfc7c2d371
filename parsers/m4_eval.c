/*
 * m4_eval - numbers as m4's builtins read them, eval() (32-bit integers,
 * the C operators but ?:, an operator stack instead of recursion), radix
 * formatting and translit() ranges (m4.h)
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "parsers/m4.h"

/* m4_parse_int - a decimal argument as m4's builtins read it */
bool
m4_parse_int(const char *s, long long *v)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return errno == 0 && *end == '\0';
}

/* m4_wrap32 - m4's eval() arithmetic is 32-bit */
int32_t
m4_wrap32(long long v)
{
	return (int32_t)(uint32_t)(unsigned long long)v;
}

enum eop {
	EO_LPAREN, EO_NEG, EO_POS, EO_NOT, EO_LNOT, EO_POW, EO_MUL, EO_DIV,
	EO_MOD, EO_ADD, EO_SUB, EO_SHL, EO_SHR, EO_LT, EO_LE, EO_GT, EO_GE,
	EO_EQ, EO_NE, EO_AND, EO_XOR, EO_OR, EO_LAND, EO_LOR,
};

/* eop_prec - binding strength of an eval() operator */
static int
eop_prec(enum eop op)
{
	switch (op) {
	case EO_NEG:
	case EO_POS:
	case EO_NOT:
	case EO_LNOT:
		return 12;
	case EO_POW:
		return 11;
	case EO_MUL:
	case EO_DIV:
	case EO_MOD:
		return 10;
	case EO_ADD:
	case EO_SUB:
		return 9;
	case EO_SHL:
	case EO_SHR:
		return 8;
	case EO_LT:
	case EO_LE:
	case EO_GT:
	case EO_GE:
		return 7;
	case EO_EQ:
	case EO_NE:
		return 6;
	case EO_AND:
		return 5;
	case EO_XOR:
		return 4;
	case EO_OR:
		return 3;
	case EO_LAND:
		return 2;
	case EO_LOR:
		return 1;
	case EO_LPAREN:
		break;
	}
	return 0;
}

struct evalst {
	long long vals[M4_MAX_EVAL_DEPTH];
	enum eop ops[M4_MAX_EVAL_DEPTH];
	size_t	 nv, no;
	const char *error;
};

/* eval_logic - the comparison, bitwise and logical operators */
static long long
eval_logic(enum eop op, long long a, long long b)
{
	long long v = 0;

	switch (op) {
	case EO_LT:
		v = a < b;
		break;
	case EO_LE:
		v = a <= b;
		break;
	case EO_GT:
		v = a > b;
		break;
	case EO_GE:
		v = a >= b;
		break;
	case EO_EQ:
		v = a == b;
		break;
	case EO_NE:
		v = a != b;
		break;
	case EO_AND:
		v = a & b;
		break;
	case EO_XOR:
		v = a ^ b;
		break;
	case EO_OR:
		v = a | b;
		break;
	case EO_LAND:
		v = a && b;
		break;
	case EO_LOR:
		v = a || b;
		break;
	default:
		break;
	}
	return v;
}

/* eval_apply - pop one operator and its operands, apply it */
static bool
eval_apply(struct evalst *e)
{
	enum eop op = e->ops[--e->no];
	long long a, b = 0, v = 0;
	int unary = eop_prec(op) == 12;

	if (e->nv < (size_t)(unary ? 1 : 2)) {
		e->error = "bad expression";
		return false;
	}
	if (!unary)
		b = e->vals[--e->nv];
	a = e->vals[--e->nv];
	switch (op) {
	case EO_NEG:
		v = -a;
		break;
	case EO_POS:
		v = a;
		break;
	case EO_NOT:
		v = ~a;
		break;
	case EO_LNOT:
		v = !a;
		break;
	case EO_POW:
		if (b < 0) {
			e->error = "negative exponent";
			return false;
		}
		for (v = 1; b > 0; b--)
			v = m4_wrap32(v * a);
		break;
	case EO_MUL:
		v = a * b;
		break;
	case EO_DIV:
	case EO_MOD:
		if (b == 0) {
			e->error = "divide by zero";
			return false;
		}
		if (a == INT32_MIN && b == -1)
			v = op == EO_DIV ? a : 0;
		else
			v = op == EO_DIV ? a / b : a % b;
		break;
	case EO_ADD:
		v = a + b;
		break;
	case EO_SUB:
		v = a - b;
		break;
	case EO_SHL:
		v = (long long)((uint32_t)a << (b & 31));
		break;
	case EO_SHR:
		v = (int32_t)a >> (b & 31);
		break;
	case EO_LT: case EO_LE: case EO_GT: case EO_GE: case EO_EQ:
	case EO_NE: case EO_AND: case EO_XOR: case EO_OR: case EO_LAND:
	case EO_LOR:
		v = eval_logic(op, a, b);
		break;
	case EO_LPAREN:
		e->error = "bad expression";
		return false;
	}
	e->vals[e->nv++] = m4_wrap32(v);
	return true;
}

/* eval_push_op - push an operator after reducing what binds tighter */
static bool
eval_push_op(struct evalst *e, enum eop op)
{
	int p = eop_prec(op);

	/* Binary operators reduce what binds at least as tightly (left
	 * associative); ** and the unary ones are right associative. */
	if (p < 12) {
		while (e->no > 0 && e->ops[e->no - 1] != EO_LPAREN &&
		    (eop_prec(e->ops[e->no - 1]) > p ||
		    (eop_prec(e->ops[e->no - 1]) == p && op != EO_POW)))
			if (!eval_apply(e))
				return false;
	}
	if (e->no >= M4_MAX_EVAL_DEPTH) {
		e->error = "expression nested too deeply";
		return false;
	}
	e->ops[e->no++] = op;
	return true;
}

/* eval_number - decimal, 0x hex, 0b binary, 0r radix:digits, 0 octal */
static bool
eval_number(const char **sp, long long *v)
{
	const char *s = *sp;
	int base = 10;
	long long n = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'r' || s[1] == 'R')) {
		base = 0;
		s += 2;
		while (*s >= '0' && *s <= '9') {
			base = base * 10 + (*s++ - '0');
			if (base > 36)
				return false;
		}
		if (*s++ != ':' || base < 1)
			return false;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (base == 1 ? d != 1 : d >= base)
			return false;
		n = m4_wrap32(n * (base == 1 ? 1 : base) + (base == 1 ? 1 : d));
		any = true;
	}
	if (!any && base != 8)
		return false;
	*v = n;
	*sp = s;
	return true;
}

/* prefix_op - a unary operator or '(' where an operand is wanted */
static bool
prefix_op(char c, enum eop *op)
{
	switch (c) {
	case '(':
		*op = EO_LPAREN;
		return true;
	case '-':
		*op = EO_NEG;
		return true;
	case '+':
		*op = EO_POS;
		return true;
	case '~':
		*op = EO_NOT;
		return true;
	case '!':
		*op = EO_LNOT;
		return true;
	}
	return false;
}

/* binary_op - a binary operator at *sp, consumed */
static bool
binary_op(const char **sp, enum eop *op)
{
	static const struct {
		const char *text;
		enum eop op;
	} ops[] = {
		{ "**", EO_POW }, { "<<", EO_SHL }, { ">>", EO_SHR },
		{ "<=", EO_LE }, { ">=", EO_GE }, { "==", EO_EQ },
		{ "!=", EO_NE }, { "&&", EO_LAND }, { "||", EO_LOR },
		{ "*", EO_MUL }, { "/", EO_DIV }, { "%", EO_MOD },
		{ "+", EO_ADD }, { "-", EO_SUB }, { "<", EO_LT },
		{ ">", EO_GT }, { "=", EO_EQ }, { "&", EO_AND },
		{ "^", EO_XOR }, { "|", EO_OR },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);

		if (strncmp(*sp, ops[i].text, n) == 0) {
			*op = ops[i].op;
			*sp += n;
			return true;
		}
	}
	return false;
}

/* eval_operand - a number or a prefix operator; false with e->error */
static bool
eval_operand(struct evalst *e, const char **sp, bool *want_operand)
{
	enum eop op;

	if (**sp >= '0' && **sp <= '9') {
		long long v;

		if (!eval_number(sp, &v)) {
			e->error = "bad number";
			return false;
		}
		if (e->nv >= M4_MAX_EVAL_DEPTH) {
			e->error = "expression too long";
			return false;
		}
		e->vals[e->nv++] = v;
		*want_operand = false;
		return true;
	}
	if (!prefix_op(**sp, &op)) {
		e->error = "bad input";
		return false;
	}
	(*sp)++;
	if (e->no >= M4_MAX_EVAL_DEPTH) {
		e->error = "expression nested too deeply";
		return false;
	}
	e->ops[e->no++] = op;
	return true;
}

/* eval_close - ')': apply operators back to the matching '(' */
static bool
eval_close(struct evalst *e)
{
	while (e->no > 0 && e->ops[e->no - 1] != EO_LPAREN)
		if (!eval_apply(e))
			return false;
	if (e->no == 0) {
		e->error = "unmatched ')'";
		return false;
	}
	e->no--;
	return true;
}

/* eval_end - apply what is left; the one value is the result */
static bool
eval_end(struct evalst *e, bool want_operand)
{
	if (want_operand) {
		e->error = "missing operand";
		return false;
	}
	while (e->no > 0) {
		if (e->ops[e->no - 1] == EO_LPAREN) {
			e->error = "unmatched '('";
			return false;
		}
		if (!eval_apply(e))
			return false;
	}
	if (e->nv != 1) {
		e->error = "bad expression";
		return false;
	}
	return true;
}

/* m4_eval_expr - m4's eval(): 32-bit integers, C operators, no ?: */
bool
m4_eval_expr(const char *s, long long *out, const char **error)
{
	struct evalst *e = xcalloc(1, sizeof(*e));
	bool want_operand = true, ok = false;

	e->error = NULL;
	for (;;) {
		enum eop op;

		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		if (want_operand) {
			if (!eval_operand(e, &s, &want_operand))
				goto done;
			continue;
		}
		if (*s == ')') {
			s++;
			if (!eval_close(e))
				goto done;
			continue;
		}
		if (!binary_op(&s, &op)) {
			e->error = "bad input";
			goto done;
		}
		if (!eval_push_op(e, op))
			goto done;
		want_operand = true;
	}
	if (!eval_end(e, want_operand))
		goto done;
	*out = e->vals[0];
	ok = true;
done:
	*error = e->error != NULL ? e->error : "bad expression";
	free(e);
	return ok;
}

/* m4_format_radix - v in radix 2..36, at least width digits */
void
m4_format_radix(struct sbuf *b, long long v, int radix, long long width)
{
	char digits[64];
	unsigned long long u;
	size_t n = 0;

	if (v < 0) {
		sb_addc(b, '-');
		u = (unsigned long long)(-v);
	} else {
		u = (unsigned long long)v;
	}
	do {
		digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % radix];
		u /= (unsigned long long)radix;
	} while (u > 0 && n < sizeof(digits));
	for (; width > (long long)n && width > 0; width--)
		sb_addc(b, '0');
	while (n > 0)
		sb_addc(b, digits[--n]);
}

/* m4_translit_set - expand a-z ranges as GNU m4 does */
void
m4_translit_set(struct sbuf *b, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (i + 2 < n && s[i + 1] == '-') {
			int a = (unsigned char)s[i], z = (unsigned char)s[i + 2];

			if (a <= z)
				for (; a <= z; a++)
					sb_addc(b, (char)a);
			else
				for (; a >= z; a--)
					sb_addc(b, (char)a);
			i += 2;
		} else {
			sb_addc(b, s[i]);
		}
	}
}
