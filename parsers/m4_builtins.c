/*
 * m4_builtins - the m4 builtins the interpreter runs (m4.h): define and
 * its kin, ifdef, ifelse, shift, dnl, divert, changequote, changecom,
 * include, eval, incr, decr, index, len, substr, translit, errprint,
 * m4wrap, m4exit, indir, builtin, __file__, __line__. syscmd, esyscmd,
 * regexp, patsubst and format are not run or not modelled: they expand
 * to nothing and a note says so. Client builtins go to the client.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "parsers/m4.h"

/* builtins - what each name does; blind: only when followed by '(' */
static const struct {
	const char *name;
	int	 id;
	bool	 blind;
} builtins[] = {
	{ "__file__", B_FILE, false },
	{ "__gnu__", B_GNU, false },
	{ "__line__", B_LINE, false },
	{ "__program__", B_PROGRAM, false },
	{ "__unix__", B_UNIX, false },
	{ "builtin", B_BUILTIN, true },
	{ "changecom", B_CHANGECOM, false },
	{ "changequote", B_CHANGEQUOTE, false },
	{ "debugfile", B_DEBUGFILE, false },
	{ "debugmode", B_DEBUGMODE, false },
	{ "decr", B_DECR, true },
	{ "define", B_DEFINE, true },
	{ "defn", B_DEFN, true },
	{ "divert", B_DIVERT, false },
	{ "divnum", B_DIVNUM, false },
	{ "dnl", B_DNL, false },
	{ "dumpdef", B_DUMPDEF, false },
	{ "errprint", B_ERRPRINT, true },
	{ "esyscmd", B_ESYSCMD, true },
	{ "eval", B_EVAL, true },
	{ "format", B_FORMAT, true },
	{ "ifdef", B_IFDEF, true },
	{ "ifelse", B_IFELSE, true },
	{ "include", B_INCLUDE, true },
	{ "incr", B_INCR, true },
	{ "index", B_INDEX, true },
	{ "indir", B_INDIR, true },
	{ "len", B_LEN, true },
	{ "m4exit", B_M4EXIT, false },
	{ "m4wrap", B_M4WRAP, true },
	{ "maketemp", B_MAKETEMP, true },
	{ "mkstemp", B_MKSTEMP, true },
	{ "patsubst", B_PATSUBST, true },
	{ "popdef", B_POPDEF, true },
	{ "pushdef", B_PUSHDEF, true },
	{ "regexp", B_REGEXP, true },
	{ "shift", B_SHIFT, true },
	{ "sinclude", B_SINCLUDE, true },
	{ "substr", B_SUBSTR, true },
	{ "syscmd", B_SYSCMD, true },
	{ "sysval", B_SYSVAL, false },
	{ "traceoff", B_TRACEOFF, false },
	{ "traceon", B_TRACEON, false },
	{ "translit", B_TRANSLIT, true },
	{ "undefine", B_UNDEFINE, true },
	{ "undivert", B_UNDIVERT, false },
};

/* define_arity - a note when define() has more than two arguments */
static void
define_arity(struct m4 *r, const struct m4_frame *f, const char *name)
{
	if (f->nargs > 3)
		m4_note(r, "mc-m4-error", m4_anchor_span(r, f->anchor), "%s(`%s', "
		    "…) has %zu arguments: m4 ignores all after the second (an "
		    "unquoted comma in the value?)", f->mac->name, name,
		    f->nargs - 1);
}

/* define_quoting - a note when the name was written unquoted */
static void
define_quoting(struct m4 *r, const struct m4_frame *f, const char *name)
{
	const char *w;
	size_t wl;

	if (f->own == NULL || !(f->own->known & 1) || f->own->nargs < 1)
		return;
	w = r->src->bytes + f->own->arg_start[0];
	wl = f->own->arg_end[0] - f->own->arg_start[0];
	if (wl > 0 && strncmp(w, r->lq, strlen(r->lq)) != 0 &&
	    (wl != strlen(name) || memcmp(w, name, wl) != 0))
		m4_note(r, "mc-unquoted-name", m4_anchor_span(r, f->anchor),
		    "%s(%.*s, …) is not quoted: m4 expands it first and "
		    "defines `%s'", f->mac->name, (int)wl, w, name);
}

/* changing - a call is about to change mac: the client may want to know */
static void
changing(struct m4 *r, const struct m4_frame *f, struct m4_macro *mac)
{
	if (r->hooks->changing != NULL)
		r->hooks->changing(r, f, mac);
}

/* define_from - define() or pushdef() from a call */
static void
define_from(struct m4 *r, struct m4_frame *f, bool push)
{
	const char *name = m4_arg(f, 1), *text = m4_arg(f, 2);
	struct m4_macro *mac;
	struct m4_def *d;

	if (f->nargs < 2 || name[0] == '\0')
		return;
	define_arity(r, f, name);
	define_quoting(r, f, name);
	mac = m4_intern(r, name);
	changing(r, f, mac);
	d = m4_set_def(r, mac, text, strlen(text), B_NONE, push);
	if (r->hooks->defined != NULL)
		r->hooks->defined(r, f, mac, d);
}

/* do_define - define(name, text) */
static void
do_define(struct m4 *r, struct m4_frame *f)
{
	define_from(r, f, false);
}

/* do_pushdef - pushdef(name, text) */
static void
do_pushdef(struct m4 *r, struct m4_frame *f)
{
	define_from(r, f, true);
}

/* ------------------------------------------------------ builtins */

/* m4_set_quotes - changequote() */
void
m4_set_quotes(struct m4 *r, const char *lq, const char *rq)
{
	free(r->lq);
	free(r->rq);
	r->lq = xstrdup(lq);
	r->rq = xstrdup(rq);
}

/* m4_set_comments - changecom(); NULL or "" disables comments */
void
m4_set_comments(struct m4 *r, const char *bc, const char *ec)
{
	free(r->bc);
	free(r->ec);
	r->bc = bc != NULL && bc[0] != '\0' ? xstrdup(bc) : NULL;
	r->ec = r->bc != NULL ? xstrdup(ec != NULL && ec[0] != '\0' ? ec :
	    "\n") : NULL;
}

/* not_modelled - a note for a builtin the reader does not model */
static void
not_modelled(struct m4 *r, const struct m4_frame *f, const char *what)
{
	m4_note(r, "mc-not-modelled", m4_anchor_span(r, f->anchor),
	    "%s is not modelled: mta-harden reads it as empty text", what);
}

/* m4_join_args - arguments from..nargs-1 joined by sep */
void
m4_join_args(struct sbuf *b, const struct m4_frame *f, size_t from,
    const char *sep)
{
	size_t i;

	for (i = from; i < f->nargs; i++) {
		if (i > from)
			sb_adds(b, sep);
		sb_adds(b, m4_arg(f, i));
	}
}

/*
 * do_ifelse - ifelse(a, b, yes, [c, d, yes2, …] [no]) without recursion,
 * as GNU m4 counts: with 4 or 5 arguments left, the 4th is the else
 * part (a 5th is ignored); with 3 left there is none
 */
static void
do_ifelse(struct m4 *r, struct m4_frame *f)
{
	size_t i = 1, n = f->nargs - 1;

	if (n <= 2)
		return;		/* a comment, or too few arguments */
	for (;;) {
		size_t left = n - (i - 1);

		if (strcmp(m4_arg(f, i), m4_arg(f, i + 1)) == 0) {
			m4_results(r, f, m4_arg(f, i + 2));
			return;
		}
		if (left <= 3)
			return;
		if (left <= 5) {
			m4_results(r, f, m4_arg(f, i + 3));
			return;
		}
		i += 3;
	}
}

/* do_defn - defn(names…): the definitions, quoted */
static void
do_defn(struct m4 *r, struct m4_frame *f)
{
	size_t i;

	for (i = 1; i < f->nargs; i++) {
		const char *name = m4_arg(f, i);
		struct m4_macro *mac = m4_lookup(r, name, strlen(name));

		if (mac == NULL || mac->top == NULL)
			continue;
		if (mac->top->builtin != B_NONE && mac->top->text[0] == '\0')
			not_modelled(r, f, "defn() of a builtin");
		else
			m4_quoted(r, f, mac->top->text, mac->top->len);
	}
}

/* do_errprint - errprint(): m4 prints it on stderr; a note here */
static void
do_errprint(struct m4 *r, struct m4_frame *f)
{
	struct sbuf b = { 0 };
	size_t n;

	m4_join_args(&b, f, 1, " ");
	n = b.len;
	while (n > 0 && isspace((unsigned char)b.p[n - 1]))
		n--;
	m4_note(r, "mc-m4-message", m4_anchor_span(r, f->anchor), "m4 prints: %.*s",
	    (int)n, b.p != NULL ? b.p : "");
	sb_free(&b);
}

/* do_undefine - undefine(names…) */
static void
do_undefine(struct m4 *r, struct m4_frame *f)
{
	struct m4_macro *mac;
	size_t i;

	for (i = 1; i < f->nargs; i++)
		if ((mac = m4_lookup(r, m4_arg(f, i), strlen(m4_arg(f, i)))) !=
		    NULL) {
			changing(r, f, mac);
			m4_undefine(r, mac);
		}
}

/* do_popdef - popdef(names…) */
static void
do_popdef(struct m4 *r, struct m4_frame *f)
{
	struct m4_macro *mac;
	size_t i;

	for (i = 1; i < f->nargs; i++) {
		mac = m4_lookup(r, m4_arg(f, i), strlen(m4_arg(f, i)));
		if (mac != NULL && mac->top != NULL) {
			struct m4_def *t = mac->top;

			changing(r, f, mac);
			if (r->hooks->popped != NULL)
				r->hooks->popped(r, t);
			mac->top = t->prev;
			m4_free_def(t);
		}
	}
}

/* do_ifdef - ifdef(name, yes, no) */
static void
do_ifdef(struct m4 *r, struct m4_frame *f)
{
	if (f->nargs < 2)
		return;
	m4_results(r, f, m4_is_defined(r, m4_arg(f, 1)) ? m4_arg(f, 2) :
	    m4_arg(f, 3));
}

/* do_shift - shift(args…): all but the first, quoted */
static void
do_shift(struct m4 *r, struct m4_frame *f)
{
	struct sbuf b = { 0 };
	size_t i;

	for (i = 2; i < f->nargs; i++) {
		if (i > 2)
			sb_addc(&b, ',');
		sb_adds(&b, r->lq);
		sb_adds(&b, m4_arg(f, i));
		sb_adds(&b, r->rq);
	}
	m4_result(r, f, b.p, b.len);
	sb_free(&b);
}

/* do_dnl - dnl: the rest of the line is dropped */
static void
do_dnl(struct m4 *r, struct m4_frame *f)
{
	(void)f;
	for (;;) {
		int c = m4_getc(r);

		if (c == EOF || c == '\n')
			break;
	}
}

/* do_divert - divert(n): the number is kept, output is not diverted */
static void
do_divert(struct m4 *r, struct m4_frame *f)
{
	long long v;

	r->divnum = f->nargs > 1 && m4_parse_int(m4_arg(f, 1), &v) ?
	    (int)v : 0;
}

/* do_divnum - divnum */
static void
do_divnum(struct m4 *r, struct m4_frame *f)
{
	char num[32];

	snprintf(num, sizeof(num), "%d", r->divnum);
	m4_results(r, f, num);
}

/* do_changequote - changequote(l, r); none: the defaults; "": off */
static void
do_changequote(struct m4 *r, struct m4_frame *f)
{
	if (f->nargs <= 1)
		m4_set_quotes(r, "`", "'");
	else if (m4_arg(f, 1)[0] == '\0')
		m4_set_quotes(r, "", "");
	else
		m4_set_quotes(r, m4_arg(f, 1), f->nargs > 2 &&
		    m4_arg(f, 2)[0] != '\0' ? m4_arg(f, 2) : "'");
}

/* do_changecom - changecom(begin, end) */
static void
do_changecom(struct m4 *r, struct m4_frame *f)
{
	m4_set_comments(r, f->nargs > 1 ? m4_arg(f, 1) : NULL,
	    f->nargs > 2 ? m4_arg(f, 2) : NULL);
}

/* do_include - include(file): where it is read from is the client's */
static void
do_include(struct m4 *r, struct m4_frame *f)
{
	if (r->hooks->include != NULL)
		r->hooks->include(r, f, false);
}

/* do_sinclude - sinclude(file): include, silent when missing */
static void
do_sinclude(struct m4 *r, struct m4_frame *f)
{
	if (r->hooks->include != NULL)
		r->hooks->include(r, f, true);
}

/* do_m4wrap - m4wrap(text): read after the input */
static void
do_m4wrap(struct m4 *r, struct m4_frame *f)
{
	struct sbuf b = { 0 };

	m4_join_args(&b, f, 1, " ");
	r->wraps = xreallocarray(r->wraps, r->nwraps + 1, sizeof(*r->wraps));
	r->wraps[r->nwraps].text = b.p != NULL ? b.p : xstrdup("");
	r->wraps[r->nwraps].anchor = f->anchor;
	r->wraps[r->nwraps].from_lib = f->from_lib;
	r->nwraps++;
	m4_note(r, "mc-m4wrap", m4_anchor_span(r, f->anchor), "m4wrap(): its "
	    "text is read after the end of the .mc, before proto.m4 writes "
	    "the options");
}

/* do_m4exit - m4exit: nothing more is read */
static void
do_m4exit(struct m4 *r, struct m4_frame *f)
{
	r->stopped = true;
	m4_note(r, "mc-m4exit", m4_anchor_span(r, f->anchor), "m4exit: m4 "
	    "stops here, before proto.m4 writes any option");
}

/* do_file - __file__ and __line__: where the input is now */
static void
do_file(struct m4 *r, struct m4_frame *f)
{
	struct m4_loc at;
	char num[32];

	m4_here(r, &at);
	if (f->mac->top->builtin == B_LINE) {
		snprintf(num, sizeof(num), "%u", at.line);
		m4_results(r, f, num);
	} else {
		m4_quoted(r, f, at.path, strlen(at.path));
	}
}

/* do_program - __program__ */
static void
do_program(struct m4 *r, struct m4_frame *f)
{
	m4_quoted(r, f, "m4", 2);
}

/* do_nothing - builtins with no effect on the text (traceon, dumpdef…) */
static void
do_nothing(struct m4 *r, struct m4_frame *f)
{
	(void)r;
	(void)f;
}

/* do_sysval - sysval: no command ever ran */
static void
do_sysval(struct m4 *r, struct m4_frame *f)
{
	m4_results(r, f, "0");
}

/* do_syscmd - syscmd and esyscmd are never run */
static void
do_syscmd(struct m4 *r, struct m4_frame *f)
{
	m4_note(r, "mc-not-modelled", m4_anchor_span(r, f->anchor),
	    "%s(`%s') is not run: mta-harden reads it as empty text",
	    f->mac->name, m4_arg(f, 1));
}

/* do_maketemp - maketemp and mkstemp: the template as is */
static void
do_maketemp(struct m4 *r, struct m4_frame *f)
{
	m4_results(r, f, m4_arg(f, 1));
}

/* do_unmodelled - regexp, patsubst, format: empty, with a note */
static void
do_unmodelled(struct m4 *r, struct m4_frame *f)
{
	not_modelled(r, f, f->mac->name);
}

static struct m4_macro *builtin_macro(struct m4 *, const char *);

/* do_indir - indir(name, args…) and builtin(name, args…) */
static void
do_indir(struct m4 *r, struct m4_frame *f)
{
	struct m4_macro *mac = f->mac->top->builtin == B_INDIR ?
	    m4_lookup(r, m4_arg(f, 1), strlen(m4_arg(f, 1))) :
	    builtin_macro(r, m4_arg(f, 1));
	struct m4_frame g = *f;

	if (mac == NULL || mac->top == NULL) {
		m4_note(r, "mc-m4-error", m4_anchor_span(r, f->anchor),
		    "%s: undefined macro `%s'", f->mac->name, m4_arg(f, 1));
		return;
	}
	g.mac = mac;
	g.args = f->args + 1;
	g.nargs = f->nargs - 1;
	m4_call_macro(r, &g);
}

typedef void builtin_fn(struct m4 *, struct m4_frame *);

/* handlers - the function of each builtin, by id */
static builtin_fn *const handlers[B_CLIENT] = {
	[B_BUILTIN] = do_indir, [B_CHANGECOM] = do_changecom,
	[B_CHANGEQUOTE] = do_changequote, [B_DEBUGFILE] = do_nothing,
	[B_DEBUGMODE] = do_nothing, [B_DECR] = m4_do_incr,
	[B_DEFINE] = do_define, [B_DEFN] = do_defn, [B_DIVERT] = do_divert,
	[B_DIVNUM] = do_divnum, [B_DNL] = do_dnl, [B_DUMPDEF] = do_nothing,
	[B_ERRPRINT] = do_errprint, [B_ESYSCMD] = do_syscmd,
	[B_EVAL] = m4_do_eval, [B_FILE] = do_file, [B_FORMAT] = do_unmodelled,
	[B_GNU] = do_nothing, [B_IFDEF] = do_ifdef, [B_IFELSE] = do_ifelse,
	[B_INCLUDE] = do_include, [B_INCR] = m4_do_incr, [B_INDEX] = m4_do_index,
	[B_INDIR] = do_indir, [B_LEN] = m4_do_len, [B_LINE] = do_file,
	[B_M4EXIT] = do_m4exit, [B_M4WRAP] = do_m4wrap,
	[B_MAKETEMP] = do_maketemp, [B_MKSTEMP] = do_maketemp,
	[B_PATSUBST] = do_unmodelled, [B_POPDEF] = do_popdef,
	[B_PROGRAM] = do_program, [B_PUSHDEF] = do_pushdef,
	[B_REGEXP] = do_unmodelled, [B_SHIFT] = do_shift,
	[B_SINCLUDE] = do_sinclude, [B_SUBSTR] = m4_do_substr,
	[B_SYSCMD] = do_syscmd, [B_SYSVAL] = do_sysval,
	[B_TRACEOFF] = do_nothing, [B_TRACEON] = do_nothing,
	[B_TRANSLIT] = m4_do_translit, [B_UNDEFINE] = do_undefine,
	[B_UNDIVERT] = do_nothing, [B_UNIX] = do_nothing,
};

/* m4_call_macro - run a completed call */
void
m4_call_macro(struct m4 *r, struct m4_frame *f)
{
	struct m4_def *d = f->mac->top;

	if (d->builtin == B_NONE) {
		m4_expand_body(r, f, d->text, d->len);
		return;
	}
	if (d->builtin >= B_CLIENT) {
		/* the client records it, then its text may follow */
		if (r->hooks->client_builtin != NULL &&
		    r->hooks->client_builtin(r, f))
			m4_expand_body(r, f, d->text, d->len);
		return;
	}
	handlers[d->builtin](r, f);
}

/* builtin_macro - builtin(name): a detached macro for the builtin */
static struct m4_macro *
builtin_macro(struct m4 *r, const char *name)
{
	size_t i;
	char *key = xasprintf(" builtin %s", name);
	struct m4_macro *mac = m4_lookup(r, key, strlen(key));

	for (i = 0; mac == NULL &&
	    i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(builtins[i].name, name) != 0)
			continue;
		mac = m4_intern(r, key);
		m4_set_def(r, mac, "", 0, builtins[i].id, false);
	}
	free(key);
	return mac;
}

/* m4_install_builtins - every builtin under its own name */
void
m4_install_builtins(struct m4 *r)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		m4_install_builtin(r, builtins[i].name, builtins[i].id, "",
		    builtins[i].blind);
}
