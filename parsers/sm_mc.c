/*
 * sm_mc - sendmail.mc reader: the m4 subset cf.m4 relies on, read
 * statically (m4 is never run)
 *
 * The reader is a small macro processor over one .mc file and the
 * sendmail-cf library files it pulls in. It knows what m4 knows at the
 * level the .mc files of the world use: quotes with nesting (and
 * changequote), comments (only before cf.m4 is included: cfhead.m4 runs
 * changecom()), names, calls with parenthesised arguments (split on
 * top-level commas, leading unquoted white space of each argument
 * dropped), rescanning of expansions, $1..$n, $#, $*, $@ in macro
 * bodies, and the builtins define, undefine, defn, pushdef, popdef,
 * ifdef, ifelse, shift, dnl, divert, divnum, undivert, changequote,
 * changecom, include, sinclude, eval, incr, decr, index, len, substr,
 * translit, errprint, m4wrap, m4exit, indir, builtin, __file__, __line__.
 * syscmd, esyscmd, maketemp, mkstemp, regexp, patsubst and format are
 * not run or not modelled: they expand to nothing (a note says so).
 *
 * cf.m4 itself (and cfhead.m4, proto.m4) is never read: including it
 * installs the macro state cf.m4 leaves (sm_mc_table.c, generated from
 * the real files by scripts/gen-sm-mc-table.sh), and at the end of input
 * the options proto.m4 would write are computed from the final macro
 * state: "O Name=value" for every _OPTION whose macro is defined.
 * OSTYPE, DOMAIN, FEATURE, HACK, SITECONFIG and include read their files
 * from the library (lib_dir) or from the .mc's own directory, never from
 * anywhere else; MAILER records a mailer and reads no file.
 *
 * Every loop is iterative: quote and parenthesis nesting are counters,
 * pending macro calls and pushed-back input are explicit stacks, so deep
 * nesting cannot overflow the C stack. eval() expressions use an operator
 * stack. A budget on macro calls and expanded bytes stops input whose
 * expansion does not terminate (m4 itself would loop).
 *
 * Extension of the sm_mc.h interface, to be declared there:
 *
 *	const char *sm_feature_effect(const char *feature);
 *
 * sm_feature_effect - what FEATURE(feature) changes, in one line (from
 * cf/README), or NULL for a feature this table does not know.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/rootpath.h"
#include "parsers/sm_mc.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

const char *sm_feature_effect(const char *feature);

/* sm_mc_table.c (generated) */
#define SM_OPT_ALWAYS	0x1
#define SM_OPT_MILTER	0x2
#define SM_OPT_MAIL_SETTINGS_DIR 0x4
#define SM_OPT_TIMEZONE	0x8
const char *sm_mc_table_source(void);
size_t	 sm_mc_option_count(void);
void	 sm_mc_option_at(size_t, const char **macro, const char **option,
	    const char **expr, unsigned *flags);
size_t	 sm_mc_predef_count(void);
void	 sm_mc_predef_at(size_t, const char **name, const char **text);
size_t	 sm_mc_default_count(void);
void	 sm_mc_default_at(size_t, const char **option, const char **value,
	    unsigned *flags);

/*
 * Limits: include nesting as asked; the others stop runaway expansion
 * and grow with the input read, so large real files always fit.
 */
#define MAX_INCLUDE_DEPTH	16
#define MAX_CALLS		1000000UL	/* plus one per input byte */
#define MAX_EXPANDED		((size_t)256 * 1024 * 1024)	/* plus 16 per byte */
#define MAX_LAYERS		200000
#define MAX_EVAL_DEPTH		1000

/* sbuf - a growable byte buffer, always NUL-terminated once used */
struct sbuf {
	char	*p;
	size_t	 len, cap;
};

/* sb_grow - room for more bytes and the NUL */
static void
sb_grow(struct sbuf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->p = xrealloc(b->p, b->cap);
}

/* sb_addn - append n bytes */
static void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* sb_adds - append a C string */
static void
sb_adds(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

/* sb_addc - append one byte */
static void
sb_addc(struct sbuf *b, char c)
{
	sb_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* sb_str - the contents as a C string ("" when empty) */
static const char *
sb_str(struct sbuf *b)
{
	if (b->p == NULL) {
		sb_grow(b, 0);
		b->p[0] = '\0';
	}
	return b->p;
}

/* sb_free - release the bytes; the buffer is empty again */
static void
sb_free(struct sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/*
 * anchor - a macro call written in the .mc: every definition made by it,
 * or by what it expands to or includes, is reported here
 */
struct anchor {
	const char *call;	/* the macro called ("define", "OSTYPE") */
	uint32_t name_start, name_end;
	uint32_t call_end;	/* after ')' (name_end without arguments) */
	uint32_t line_end;	/* call_end, or past a following "dnl…\n" */
	uint32_t arg_start[3], arg_end[3];	/* arguments 1..3 as written */
	uint32_t rest_end;	/* end of the last argument */
	unsigned nargs;
	unsigned known;		/* bit i: argument i+1 lies in the .mc */
};

enum layer_kind {
	LK_MC,			/* the .mc itself (always layers[0]) */
	LK_USER,		/* a file next to the .mc */
	LK_LIB,			/* a sendmail-cf library file */
	LK_TEXT,		/* expansion text pushed back */
};

/* layer - one source of input; input is read from the top layer */
struct layer {
	const char *text;
	size_t	 len, pos;
	char	*owned;		/* freed when the layer is popped */
	struct src *src;	/* included files: freed when popped */
	enum layer_kind kind;
	bool	 from_lib;	/* calls read here come from the library */
	const struct anchor *anchor;	/* calls read here report there */
	const char *path;	/* file layers: as shown */
	const char *real;	/* file layers: canonical path (loops) */
	unsigned line;		/* LK_USER/LK_LIB: current line */
	size_t	 file_idx;	/* the nearest file layer at or below */
};

/* event - one definition of a setting, resolved to a value at the end */
struct event {
	const char *setting;	/* "PrivacyOptions", "$S", "FEATURE(x)" … */
	const char *macro;	/* macro whose definition it is, or NULL */
	const char *text;	/* m4 text expanded at the end, or NULL */
	const char *literal;	/* value as is (FEATURE arguments) */
	const char *written_as;
	const struct anchor *at;
	bool	 from_lib;
	bool	 dead;		/* undefined (or popped) later */
	unsigned seq;
};

/* builtin - m4 builtins, and the cf.m4 macros the reader records */
enum builtin {
	B_NONE,
	B_BUILTIN, B_CHANGECOM, B_CHANGEQUOTE, B_DEBUGFILE, B_DEBUGMODE,
	B_DECR, B_DEFINE, B_DEFN, B_DIVERT, B_DIVNUM, B_DNL, B_DUMPDEF,
	B_ERRPRINT, B_ESYSCMD, B_EVAL, B_FILE, B_FORMAT, B_GNU, B_IFDEF,
	B_IFELSE, B_INCLUDE, B_INCR, B_INDEX, B_INDIR, B_LEN, B_LINE,
	B_M4EXIT, B_M4WRAP, B_MAKETEMP, B_MKSTEMP, B_PATSUBST, B_POPDEF,
	B_PROGRAM, B_PUSHDEF, B_REGEXP, B_SHIFT, B_SINCLUDE, B_SUBSTR,
	B_SYSCMD, B_SYSVAL, B_TRACEOFF, B_TRACEON, B_TRANSLIT, B_UNDEFINE,
	B_UNDIVERT, B_UNIX,
	/* cf.m4 macros: record, then expand cfhead.m4's definition */
	B_CF_DAEMON_OPTIONS, B_CF_CLIENT_OPTIONS, B_CF_FEATURE,
	B_CF_MAIL_FILTER, B_CF_MAILER,
};

static const struct {
	const char *name;
	enum builtin id;
	bool	 blind;		/* recognised only when followed by '(' */
} m4_builtins[] = {
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

static const struct {
	const char *name;
	enum builtin id;
} cf_natives[] = {
	{ "CLIENT_OPTIONS", B_CF_CLIENT_OPTIONS },
	{ "DAEMON_OPTIONS", B_CF_DAEMON_OPTIONS },
	{ "FEATURE", B_CF_FEATURE },
	{ "MAILER", B_CF_MAILER },
	{ "MAIL_FILTER", B_CF_MAIL_FILTER },
};

/* Macros that set a .cf macro or class rather than an option. */
static const struct {
	const char *macro;
	const char *setting;
} watched_macros[] = {
	{ "LOCAL_RELAY",
	    "$R" },
	{ "MAIL_HUB",
	    "$H" },
	{ "MASQUERADE_NAME",
	    "$M" },
	{ "SMART_HOST",
	    "$S" },
	{ "confCR_FILE",
	    "$=R" },
	{ "confCW_FILE",
	    "$=w" },
	{ "confDAEMON_OPTIONS",
	    "DaemonPortOptions" },
	{ "confCLIENT_OPTIONS",
	    "ClientPortOptions" },
	{ "confDOMAIN_NAME",
	    "$j" },
};

/* def - one definition of a macro; pushdef stacks them */
struct def {
	enum builtin builtin;	/* B_NONE: text only */
	char	*text;		/* body; cf natives: cfhead.m4's body */
	size_t	 len;
	struct event *ev;	/* the setting event it made, if any */
	struct def *prev;
};

struct macro {
	const char *name;
	struct def *top;	/* NULL: undefined */
	const char *setting;	/* watched: the setting it defines */
	bool	 blind;
	struct event **evs;	/* watched: its definitions, in order */
	size_t	 nevs;
};

/* frame - a macro call whose arguments are being collected */
struct frame {
	struct macro *mac;
	struct sbuf *args;	/* args[0] is the name */
	size_t	 nargs, cap;
	unsigned depth;		/* open parentheses inside the argument */
	struct anchor *own;	/* the call is written in the .mc */
	const struct anchor *anchor;	/* where it is reported */
	bool	 from_lib;
	const char *path;	/* where the call starts, for errors */
	unsigned line;
	uint32_t mc_off;	/* its start in the .mc (or the anchor's) */
};

/* loc - where a token starts */
struct loc {
	bool	 in_mc;		/* read from the .mc itself */
	uint32_t off;		/* offset in the .mc */
	const struct anchor *anchor;	/* otherwise: the layer's anchor */
	bool	 from_lib;
	const char *path;
	unsigned line;
};

/* wrap - text saved by m4wrap, read after the input */
struct wrap {
	char	*text;
	const struct anchor *anchor;
	bool	 from_lib;
};

struct rd {
	struct model *m;
	const struct src *src;
	struct parse_error *err;
	struct arena ar;	/* private: macros, anchors, events, paths */
	const char *lib_dir;	/* NULL: no library */
	char	*lib_real, *mc_real;
	char	*cf_dir;	/* value of _CF_DIR_ */
	struct strmap macros;
	struct layer *layers;
	size_t	 nlayers, caplayers;
	struct frame *frames;
	size_t	 nframes, capframes;
	char	*lq, *rq;	/* quotes; lq "" disables quoting */
	char	*bc, *ec;	/* comment delimiters; bc NULL disables */
	int	 divnum;
	bool	 cf_self;	/* the .mc includes cf.m4 itself */
	bool	 cf_active;	/* cf.m4's state is installed */
	bool	 at_end;	/* resolving values: record nothing */
	bool	 stopped;	/* m4exit */
	bool	 failed;
	struct sbuf *capture;	/* output goes here, or nowhere */
	struct event **events;
	size_t	 nevents;
	unsigned seq;
	unsigned long calls;
	size_t	 expanded;
	size_t	 input;		/* bytes of the files read */
	struct wrap *wraps;	/* m4wrap texts */
	size_t	 nwraps;
	struct sbuf tok;
};

/* ------------------------------------------------------------------ */

static int
fail(struct rd *r, struct span where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* fail - stop reading with an error m4 would report too */
static int
fail(struct rd *r, struct span where, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return -1;
	r->failed = true;
	r->err->where = where;
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* anchor_span - the whole call an anchor stands for */
static struct span
anchor_span(const struct rd *r, const struct anchor *a)
{
	if (a == NULL)
		return span_make(r->src, 0, 0);
	return span_make(r->src, a->name_start, a->call_end);
}

/* loc_span - a place in the .mc for a token or call start */
static struct span
loc_span(const struct rd *r, const struct loc *l)
{
	if (l->in_mc)
		return span_make(r->src, l->off, l->off + 1);
	return anchor_span(r, l->anchor);
}

/* lookup - the macro of a name, or NULL */
static struct macro *
lookup(struct rd *r, const char *name, size_t len)
{
	return strmap_get(&r->macros, name, len);
}

/* intern - the macro of a name, created undefined if new */
static struct macro *
intern(struct rd *r, const char *name)
{
	size_t len = strlen(name), i;
	struct macro *mac = lookup(r, name, len);
	const char *opt;

	if (mac != NULL)
		return mac;
	mac = arena_alloc(&r->ar, sizeof(*mac));
	mac->name = arena_strndup(&r->ar, name, len);
	if ((opt = sm_conf_option(name)) != NULL)
		mac->setting = opt;
	for (i = 0; i < sizeof(watched_macros) / sizeof(watched_macros[0]); i++)
		if (strcmp(watched_macros[i].macro, name) == 0)
			mac->setting = watched_macros[i].setting;
	strmap_put(&r->macros, mac->name, len, mac);
	return mac;
}

/* is_defined - ifdef() */
static bool
is_defined(struct rd *r, const char *name)
{
	struct macro *mac = lookup(r, name, strlen(name));

	return mac != NULL && mac->top != NULL;
}

static void
note(struct rd *r, const char *code, struct span where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* note - a model note at a place in the .mc */
static void
note(struct rd *r, const char *code, struct span where, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	model_add_note(r->m, code, where, "%s", buf);
}

/* ---------------------------------------------------------- input */

/* push_layer - read a source next */
static void
push_layer(struct rd *r, const struct layer *l)
{
	if (r->nlayers == r->caplayers) {
		r->caplayers = r->caplayers ? r->caplayers * 2 : 16;
		r->layers = xreallocarray(r->layers, r->caplayers,
		    sizeof(*r->layers));
	}
	r->layers[r->nlayers] = *l;
	if (l->kind != LK_TEXT || r->nlayers == 0)
		r->layers[r->nlayers].file_idx = r->nlayers;
	else
		r->layers[r->nlayers].file_idx =
		    r->layers[r->nlayers - 1].file_idx;
	r->nlayers++;
}

/* pop_layer - drop the top source, freeing what it owns */
static void
pop_layer(struct rd *r)
{
	struct layer *l = &r->layers[--r->nlayers];

	free(l->owned);
	if (l->src != NULL)
		src_free(l->src);
}

/* push_text - expansion text to be read next (copied) */
static int
push_text(struct rd *r, const char *text, size_t len,
    const struct anchor *anchor, bool from_lib)
{
	struct layer l = { 0 };

	if (len == 0)
		return 0;
	r->expanded += len;
	if (r->expanded > MAX_EXPANDED + 16 * r->input ||
	    r->nlayers >= MAX_LAYERS)
		return fail(r, anchor_span(r, anchor), "m4 expansion does "
		    "not terminate: more than %zu MiB expanded or %d nested "
		    "expansions (a macro that calls itself?)",
		    (MAX_EXPANDED + 16 * r->input) >> 20, MAX_LAYERS);
	l.owned = xmalloc(len + 1);
	memcpy(l.owned, text, len);
	l.owned[len] = '\0';
	l.text = l.owned;
	l.len = len;
	l.kind = LK_TEXT;
	l.anchor = anchor;
	l.from_lib = from_lib;
	push_layer(r, &l);
	return 0;
}

/* top - the layer the next character comes from, or NULL at the end */
static struct layer *
top(struct rd *r)
{
	while (r->nlayers > 0) {
		struct layer *l = &r->layers[r->nlayers - 1];

		if (l->pos < l->len)
			return l;
		if (r->nlayers == 1 && l->kind == LK_MC)
			return NULL;	/* keep the .mc for positions */
		pop_layer(r);
	}
	return NULL;
}

/* peekc - the next input character, not consumed (EOF at the end) */
static int
peekc(struct rd *r)
{
	struct layer *l = top(r);

	return l != NULL ? (unsigned char)l->text[l->pos] : EOF;
}

/* getc_ - consume the next input character */
static int
getc_(struct rd *r)
{
	struct layer *l = top(r);
	int c;

	if (l == NULL)
		return EOF;
	c = (unsigned char)l->text[l->pos++];
	if (c == '\n' && (l->kind == LK_USER || l->kind == LK_LIB))
		l->line++;
	return c;
}

/* match - does the input continue with s (not consumed)? */
static bool
match(struct rd *r, const char *s)
{
	size_t n = strlen(s), i, k;
	struct layer *l = top(r);

	if (n == 0 || l == NULL)
		return false;
	if (n == 1)
		return (unsigned char)l->text[l->pos] == (unsigned char)s[0];
	k = r->nlayers;
	i = 0;
	while (i < n && k > 0) {
		struct layer *x = &r->layers[k - 1];
		size_t p = x->pos;

		while (i < n && p < x->len) {
			if (x->text[p++] != s[i++])
				return false;
		}
		k--;
	}
	return i == n;
}

/* skip - consume n characters */
static void
skip(struct rd *r, size_t n)
{
	while (n-- > 0)
		(void)getc_(r);
}

/* here - where the next character comes from */
static void
here(struct rd *r, struct loc *at)
{
	struct layer *l = top(r), *x;

	memset(at, 0, sizeof(*at));
	if (l == NULL) {
		at->in_mc = true;
		at->off = (uint32_t)r->src->len;
		at->path = r->src->path;
		return;
	}
	if (l->kind == LK_MC) {
		unsigned line, col;

		at->in_mc = true;
		at->off = (uint32_t)l->pos;
		at->path = r->src->path;
		src_position(r->src, l->pos, &line, &col);
		at->line = line;
		return;
	}
	at->anchor = l->anchor;
	at->from_lib = l->from_lib;
	/* The file position is that of the nearest file layer below. */
	x = &r->layers[l->file_idx];
	if (x->kind == LK_USER || x->kind == LK_LIB) {
		at->path = x->path;
		at->line = x->line;
	} else if (x->kind == LK_MC) {
		unsigned line, col;

		at->path = r->src->path;
		src_position(r->src, x->pos, &line, &col);
		at->line = line;
	} else {
		at->path = NULL;	/* text read at the end of input */
	}
}

/* ------------------------------------------------------- tokens */

enum tok {
	TK_EOF,
	TK_WORD,
	TK_STRING,
	TK_COMMENT,
	TK_CHAR,
};

/* is_name_start - may a name start with c? */
static bool
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* is_name_char - may a name contain c? */
static bool
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* where_text - "file:line: " for a message, "" at the end of input */
static const char *
where_text(const char *path, unsigned line)
{
	static char buf[1200];

	if (path == NULL)
		return "";
	snprintf(buf, sizeof(buf), "%.1024s:%u: ", path, line);
	return buf;
}

/* next_token - one token into r->tok; quotes of a string are removed */
static enum tok
next_token(struct rd *r, struct loc *at)
{
	struct sbuf *t = &r->tok;
	int c;

	t->len = 0;
	sb_str(t);
	c = peekc(r);
	if (c == EOF)
		return TK_EOF;
	here(r, at);
	if (r->bc != NULL && match(r, r->bc)) {
		sb_adds(t, r->bc);
		skip(r, strlen(r->bc));
		for (;;) {
			if (match(r, r->ec)) {
				sb_adds(t, r->ec);
				skip(r, strlen(r->ec));
				break;
			}
			if ((c = getc_(r)) == EOF) {
				fail(r, loc_span(r, at), "%send of file in "
				    "comment", where_text(at->path, at->line));
				return TK_EOF;
			}
			sb_addc(t, (char)c);
		}
		return TK_COMMENT;
	}
	if (is_name_start(c)) {
		do {
			sb_addc(t, (char)getc_(r));
		} while (is_name_char(peekc(r)));
		return TK_WORD;
	}
	if (r->lq[0] != '\0' && match(r, r->lq)) {
		size_t ll = strlen(r->lq), rl = strlen(r->rq);
		unsigned long depth = 1;

		skip(r, ll);
		for (;;) {
			if (match(r, r->rq)) {
				skip(r, rl);
				if (--depth == 0)
					break;
				sb_adds(t, r->rq);
			} else if (match(r, r->lq)) {
				skip(r, ll);
				depth++;
				sb_adds(t, r->lq);
			} else if ((c = getc_(r)) == EOF) {
				fail(r, loc_span(r, at), "%send of file in "
				    "string: the quote opened here is never "
				    "closed", where_text(at->path, at->line));
				return TK_EOF;
			} else {
				sb_addc(t, (char)c);
			}
		}
		return TK_STRING;
	}
	sb_addc(t, (char)getc_(r));
	return TK_CHAR;
}

/* ------------------------------------------------------- output */

/* top_frame - the call whose arguments are being read, or NULL */
static struct frame *
top_frame(struct rd *r)
{
	return r->nframes > 0 ? &r->frames[r->nframes - 1] : NULL;
}

/* emit - text goes into the argument being collected, or to output */
static void
emit(struct rd *r, const char *s, size_t n)
{
	struct frame *f = top_frame(r);

	if (f != NULL)
		sb_addn(&f->args[f->nargs - 1], s, n);
	else if (r->capture != NULL)
		sb_addn(r->capture, s, n);
}

/* ------------------------------------------------------- events */

/* arg - argument i of a call (0: the name), "" when absent */
static const char *
arg(const struct frame *f, size_t i)
{
	return i < f->nargs ? f->args[i].p != NULL ? f->args[i].p : "" : "";
}

/*
 * written_as - the macro the user wrote for a definition: the cf.m4
 * macro whose job it is when the .mc called that one, else the macro
 * defined (confPRIVACY_FLAGS)
 */
static const char *
written_as(const struct frame *f, const char *defined)
{
	static const struct {
		const char *wrapper, *defines;
	} wrappers[] = {
		{ "INPUT_MAIL_FILTER", "confINPUT_MAIL_FILTERS" },
		{ "INPUT_MAIL_FILTER", "MAIL_FILTER" },
		{ "MASQUERADE_AS", "MASQUERADE_NAME" },
	};
	size_t i;

	if (f->anchor == NULL || f->own != NULL)
		return defined;
	for (i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++)
		if (strcmp(f->anchor->call, wrappers[i].wrapper) == 0 &&
		    strcmp(defined, wrappers[i].defines) == 0)
			return wrappers[i].wrapper;
	return defined;
}

/* add_event - record one definition of a setting */
static struct event *
add_event(struct rd *r, const struct frame *f, const char *setting,
    const char *macro, const char *text, const char *literal,
    const char *as)
{
	struct event *ev;

	if (r->at_end)
		return NULL;
	ev = arena_alloc(&r->ar, sizeof(*ev));
	ev->setting = setting;
	ev->macro = macro;
	ev->text = text != NULL ? arena_strdup(&r->ar, text) : NULL;
	ev->literal = literal != NULL ? arena_strdup(&r->ar, literal) : NULL;
	ev->written_as = as;
	ev->at = f->anchor;
	ev->from_lib = f->from_lib;
	ev->seq = ++r->seq;
	MODEL_APPEND(r->m, r->events, r->nevents, ev);
	return ev;
}

/* kill_events - a macro's definitions no longer reach the .cf */
static void
kill_events(struct macro *mac)
{
	size_t i;

	for (i = 0; i < mac->nevs; i++)
		mac->evs[i]->dead = true;
	free(mac->evs);
	mac->evs = NULL;
	mac->nevs = 0;
}

/* ------------------------------------------------------ definitions */

/* free_def - release one definition */
static void
free_def(struct def *d)
{
	free(d->text);
	free(d);
}

/* set_def - define (replace the top) or pushdef */
static struct def *
set_def(struct rd *r, struct macro *mac, const char *text, size_t len,
    enum builtin b, bool push)
{
	struct def *d = xcalloc(1, sizeof(*d));

	(void)r;
	d->builtin = b;
	d->text = xmalloc(len + 1);
	if (len > 0)
		memcpy(d->text, text, len);
	d->text[len] = '\0';
	d->len = len;
	if (push || mac->top == NULL) {
		d->prev = mac->top;
	} else {
		d->prev = mac->top->prev;
		free_def(mac->top);
	}
	mac->top = d;
	return d;
}

/* undefine - remove every definition; its settings leave the .cf */
static void
undefine(struct macro *mac)
{
	while (mac->top != NULL) {
		struct def *d = mac->top;

		mac->top = d->prev;
		free_def(d);
	}
	kill_events(mac);
}

/* define_text - define(name, text) as the reader does it internally */
static void
define_text(struct rd *r, const char *name, const char *text)
{
	set_def(r, intern(r, name), text, strlen(text), B_NONE, false);
}

/*
 * builtin_changed - proto.m4 (which the reader models, not reads) uses
 * the m4 builtins: changing one may change what it writes
 */
static void
builtin_changed(struct rd *r, const struct frame *f, struct macro *mac)
{
	if (mac == NULL || mac->top == NULL || mac->top->builtin == B_NONE ||
	    mac->top->builtin >= B_CF_DAEMON_OPTIONS)
		return;
	note(r, "mc-not-modelled", anchor_span(r, f->anchor), "%s(`%s'): "
	    "the m4 builtin changes; proto.m4 uses the builtins, and "
	    "mta-harden predicts the .cf as if they were unchanged",
	    f->mac->name, mac->name);
}

/* do_define - define/pushdef from a call, recording watched macros */
static void
do_define(struct rd *r, struct frame *f, bool push)
{
	const char *name = arg(f, 1), *text = arg(f, 2);
	struct macro *mac;
	struct def *d;

	if (f->nargs < 2 || name[0] == '\0')
		return;
	if (f->nargs > 3)
		note(r, "mc-m4-error", anchor_span(r, f->anchor), "%s(`%s', …) "
		    "has %zu arguments: m4 ignores all after the second (an "
		    "unquoted comma in the value?)", f->mac->name, name,
		    f->nargs - 1);
	if (f->own != NULL && (f->own->known & 1) && f->own->nargs >= 1) {
		const char *w = r->src->bytes + f->own->arg_start[0];
		size_t wl = f->own->arg_end[0] - f->own->arg_start[0];

		if (wl > 0 && strncmp(w, r->lq, strlen(r->lq)) != 0 &&
		    (wl != strlen(name) || memcmp(w, name, wl) != 0))
			note(r, "mc-unquoted-name", anchor_span(r, f->anchor),
			    "%s(%.*s, …) is not quoted: m4 expands it first "
			    "and defines `%s'", f->mac->name, (int)wl, w, name);
	}
	mac = intern(r, name);
	builtin_changed(r, f, mac);
	d = set_def(r, mac, text, strlen(text), B_NONE, push);
	if (mac->setting != NULL && !r->at_end) {
		d->ev = add_event(r, f, mac->setting, mac->name, text, NULL,
		    written_as(f, mac->name));
		MODEL_APPEND(r->m, mac->evs, mac->nevs, d->ev);
	}
}

/* ------------------------------------------------------ calls */

/* push_frame - a new pending call */
static struct frame *
push_frame(struct rd *r)
{
	struct frame *f;

	if (r->nframes == r->capframes) {
		r->capframes = r->capframes ? r->capframes * 2 : 16;
		r->frames = xreallocarray(r->frames, r->capframes,
		    sizeof(*r->frames));
	}
	f = &r->frames[r->nframes++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* new_arg - start collecting the next argument */
static void
new_arg(struct frame *f)
{
	if (f->nargs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 4;
		f->args = xreallocarray(f->args, f->cap, sizeof(*f->args));
	}
	memset(&f->args[f->nargs], 0, sizeof(f->args[0]));
	sb_str(&f->args[f->nargs]);
	f->nargs++;
}

/* free_frame - release a call's arguments */
static void
free_frame(struct frame *f)
{
	size_t i;

	for (i = 0; i < f->nargs; i++)
		sb_free(&f->args[i]);
	free(f->args);
}

/* arg_pos - the .mc offset of the next character, if it is in the .mc */
static bool
arg_pos(struct rd *r, uint32_t *off)
{
	struct layer *l = top(r);

	if (r->nlayers != 1 || r->layers[0].kind != LK_MC)
		return false;
	*off = l != NULL ? (uint32_t)l->pos : (uint32_t)r->layers[0].len;
	return true;
}

/* begin_arg - start the next argument: leading white space is dropped */
static void
begin_arg(struct rd *r, struct frame *f)
{
	uint32_t off;
	size_t i;

	new_arg(f);
	while (peekc(r) != EOF && isspace(peekc(r)))
		(void)getc_(r);
	i = f->nargs - 2;	/* argument i+1 */
	if (f->own != NULL && i < 3 && arg_pos(r, &off)) {
		f->own->arg_start[i] = off;
		f->own->known |= 1u << i;
	}
}

static void call_macro(struct rd *, struct frame *);

/* finish_call - the frame's arguments are complete: call the macro */
static void
finish_call(struct rd *r)
{
	struct frame f = r->frames[--r->nframes];

	if (f.own != NULL) {
		const char *b = r->src->bytes;
		uint32_t e;

		if (!arg_pos(r, &e))
			e = f.own->name_end;
		f.own->call_end = e;
		if (e + 3 <= r->src->len && memcmp(b + e, "dnl", 3) == 0 &&
		    (e + 3 == r->src->len || !is_name_char(b[e + 3]))) {
			const char *nl = memchr(b + e, '\n', r->src->len - e);

			e = nl != NULL ? (uint32_t)(nl - b + 1) :
			    (uint32_t)r->src->len;
		}
		f.own->line_end = e;
	}
	if (++r->calls > MAX_CALLS + r->input) {
		fail(r, span_make(r->src, f.mc_off, f.mc_off + 1),
		    "m4 expansion does not terminate: more than %lu macro "
		    "calls (a macro that calls itself?)",
		    MAX_CALLS + (unsigned long)r->input);
	} else if (f.mac->top != NULL) {
		call_macro(r, &f);
	}
	free_frame(&f);
}

/* start_call - a defined macro name was read */
static void
start_call(struct rd *r, struct macro *mac, const struct loc *at)
{
	struct frame *f = push_frame(r);

	f->mac = mac;
	new_arg(f);
	sb_adds(&f->args[0], mac->name);
	f->path = at->path;
	f->line = at->line;
	if (at->in_mc) {
		f->own = arena_alloc(&r->ar, sizeof(*f->own));
		f->own->call = mac->name;
		f->own->name_start = at->off;
		f->own->name_end = at->off + (uint32_t)strlen(mac->name);
		f->own->call_end = f->own->line_end = f->own->name_end;
		f->anchor = f->own;
		f->mc_off = at->off;
	} else {
		f->anchor = at->anchor;
		f->from_lib = at->from_lib;
		f->mc_off = at->anchor != NULL ? at->anchor->name_start : 0;
	}
	if (peekc(r) == '(') {
		(void)getc_(r);
		begin_arg(r, f);
		return;
	}
	finish_call(r);
}

/* expand_body - a macro body with $ references, pushed back as input */
static void
expand_body(struct rd *r, const struct frame *f, const char *body,
    size_t len)
{
	struct sbuf out = { 0 };
	size_t i, k;

	for (i = 0; i < len; i++) {
		char c = body[i];

		if (c != '$' || i + 1 >= len) {
			sb_addc(&out, c);
			continue;
		}
		c = body[i + 1];
		if (c >= '0' && c <= '9') {
			size_t n = 0;

			i++;
			while (i < len && body[i] >= '0' && body[i] <= '9') {
				if (n < 100000)
					n = n * 10 + (size_t)(body[i] - '0');
				i++;
			}
			i--;
			sb_adds(&out, arg(f, n));
		} else if (c == '#') {
			char num[32];

			snprintf(num, sizeof(num), "%zu", f->nargs - 1);
			sb_adds(&out, num);
			i++;
		} else if (c == '*' || c == '@') {
			for (k = 1; k < f->nargs; k++) {
				if (k > 1)
					sb_addc(&out, ',');
				if (c == '@')
					sb_adds(&out, r->lq);
				sb_adds(&out, arg(f, k));
				if (c == '@')
					sb_adds(&out, r->rq);
			}
			i++;
		} else {
			sb_addc(&out, '$');
		}
	}
	push_text(r, out.p, out.len, f->anchor, f->from_lib);
	sb_free(&out);
}

/* result - builtin output, rescanned like any expansion */
static void
result(struct rd *r, const struct frame *f, const char *s, size_t n)
{
	push_text(r, s, n, f->anchor, f->from_lib);
}

/* results - builtin output from a C string */
static void
results(struct rd *r, const struct frame *f, const char *s)
{
	result(r, f, s, strlen(s));
}

/* quoted - push text back inside the current quotes (not rescanned) */
static void
quoted(struct rd *r, const struct frame *f, const char *s, size_t n)
{
	struct sbuf b = { 0 };

	if (n == 0)
		return;
	sb_adds(&b, r->lq);
	sb_addn(&b, s, n);
	sb_adds(&b, r->rq);
	result(r, f, b.p, b.len);
	sb_free(&b);
}

/* --------------------------------------------------- numbers, eval */

/* parse_int - a decimal argument as m4's builtins read it */
static bool
parse_int(const char *s, long long *v)
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

/* wrap32 - m4's eval() arithmetic is 32-bit */
static int32_t
wrap32(long long v)
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
	long long vals[MAX_EVAL_DEPTH];
	enum eop ops[MAX_EVAL_DEPTH];
	size_t	 nv, no;
	const char *error;
};

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
			v = wrap32(v * a);
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
	case EO_LPAREN:
		e->error = "bad expression";
		return false;
	}
	e->vals[e->nv++] = wrap32(v);
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
	if (e->no >= MAX_EVAL_DEPTH) {
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
		n = wrap32(n * (base == 1 ? 1 : base) + (base == 1 ? 1 : d));
		any = true;
	}
	if (!any && base != 8)
		return false;
	*v = n;
	*sp = s;
	return true;
}

/* eval_expr - m4's eval(): 32-bit integers, C operators, no ?: */
static bool
eval_expr(const char *s, long long *out, const char **error)
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
			if (*s >= '0' && *s <= '9') {
				long long v;

				if (!eval_number(&s, &v)) {
					e->error = "bad number";
					goto done;
				}
				if (e->nv >= MAX_EVAL_DEPTH) {
					e->error = "expression too long";
					goto done;
				}
				e->vals[e->nv++] = v;
				want_operand = false;
				continue;
			}
			switch (*s) {
			case '(':
				op = EO_LPAREN;
				break;
			case '-':
				op = EO_NEG;
				break;
			case '+':
				op = EO_POS;
				break;
			case '~':
				op = EO_NOT;
				break;
			case '!':
				op = EO_LNOT;
				break;
			default:
				e->error = "bad input";
				goto done;
			}
			s++;
			if (e->no >= MAX_EVAL_DEPTH) {
				e->error = "expression nested too deeply";
				goto done;
			}
			e->ops[e->no++] = op;
			continue;
		}
		if (*s == ')') {
			s++;
			while (e->no > 0 && e->ops[e->no - 1] != EO_LPAREN)
				if (!eval_apply(e))
					goto done;
			if (e->no == 0) {
				e->error = "unmatched ')'";
				goto done;
			}
			e->no--;
			continue;
		}
		if (s[0] == '*' && s[1] == '*')
			op = EO_POW, s += 2;
		else if (s[0] == '<' && s[1] == '<')
			op = EO_SHL, s += 2;
		else if (s[0] == '>' && s[1] == '>')
			op = EO_SHR, s += 2;
		else if (s[0] == '<' && s[1] == '=')
			op = EO_LE, s += 2;
		else if (s[0] == '>' && s[1] == '=')
			op = EO_GE, s += 2;
		else if (s[0] == '=' && s[1] == '=')
			op = EO_EQ, s += 2;
		else if (s[0] == '!' && s[1] == '=')
			op = EO_NE, s += 2;
		else if (s[0] == '&' && s[1] == '&')
			op = EO_LAND, s += 2;
		else if (s[0] == '|' && s[1] == '|')
			op = EO_LOR, s += 2;
		else {
			switch (*s) {
			case '*':
				op = EO_MUL;
				break;
			case '/':
				op = EO_DIV;
				break;
			case '%':
				op = EO_MOD;
				break;
			case '+':
				op = EO_ADD;
				break;
			case '-':
				op = EO_SUB;
				break;
			case '<':
				op = EO_LT;
				break;
			case '>':
				op = EO_GT;
				break;
			case '=':
				op = EO_EQ;
				break;
			case '&':
				op = EO_AND;
				break;
			case '^':
				op = EO_XOR;
				break;
			case '|':
				op = EO_OR;
				break;
			default:
				e->error = "bad input";
				goto done;
			}
			s++;
		}
		if (!eval_push_op(e, op))
			goto done;
		want_operand = true;
	}
	if (want_operand) {
		e->error = "missing operand";
		goto done;
	}
	while (e->no > 0) {
		if (e->ops[e->no - 1] == EO_LPAREN) {
			e->error = "unmatched '('";
			goto done;
		}
		if (!eval_apply(e))
			goto done;
	}
	if (e->nv != 1) {
		e->error = "bad expression";
		goto done;
	}
	*out = e->vals[0];
	ok = true;
done:
	*error = e->error != NULL ? e->error : "bad expression";
	free(e);
	return ok;
}

/* format_radix - v in radix 2..36, at least width digits */
static void
format_radix(struct sbuf *b, long long v, int radix, long long width)
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

/* translit_set - expand a-z ranges as GNU m4 does */
static void
translit_set(struct sbuf *b, const char *s)
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

/* ------------------------------------------------------ include */

/* Where the embedded library seems to live, as _CF_DIR_ gives it. */
#define EMBEDDED_DIR	"<embedded sendmail-cf>/"

static const char *const lib_prefixes[] = {
	"/usr/share/sendmail/cf/",
	"/usr/share/sendmail-cf/",
	"/usr/lib/sendmail-cf/",
	"/usr/local/share/sendmail/cf/",
	"/usr/lib/mail/",
};

/* under - is path dir itself or below it? */
static bool
under(const char *path, const char *dir)
{
	size_t n;

	if (dir == NULL)
		return false;
	n = strlen(dir);
	if (strncmp(path, dir, n) != 0)
		return false;
	return path[n] == '/' || path[n] == '\0' || (n > 0 && dir[n - 1] == '/');
}

/* base_name - the last component of a path */
static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* cf_file_kind - cf.m4 and the files it reads itself: never read, modelled */
static const char *
cf_file_kind(const char *path)
{
	const char *b = base_name(path);

	if (strcmp(b, "cf.m4") == 0 || strcmp(b, "cfhead.m4") == 0)
		return "cf";
	if (strcmp(b, "proto.m4") == 0 || strcmp(b, "version.m4") == 0)
		return "proto";
	return NULL;
}

static void activate_cf(struct rd *);

/*
 * resolve - the file an include names, or NULL with *why: library paths
 * map onto lib_dir, absolute paths onto the root, relative ones onto the
 * .mc's directory; the result must lie in lib_dir or the .mc's directory
 */
static char *
resolve(struct rd *r, const char *name, bool *is_lib, const char **why)
{
	char *cand = NULL, *real;
	size_t i;

	*is_lib = false;
	if (r->lib_dir == NULL) {
		/* The embedded library: "<embedded>/ostype/x.m4" or a library path. */
		const char *rel = NULL;

		if (strncmp(name, EMBEDDED_DIR, strlen(EMBEDDED_DIR)) == 0)
			rel = name + strlen(EMBEDDED_DIR);
		for (i = 0; rel == NULL && name[0] == '/' &&
		    i < sizeof(lib_prefixes) / sizeof(lib_prefixes[0]); i++) {
			size_t n = strlen(lib_prefixes[i]);

			if (strncmp(name, lib_prefixes[i], n) == 0)
				rel = name + n;
		}
		if (rel != NULL) {
			size_t len;

			if (sm_mc_lib_file(rel, &len) == NULL) {
				*why = "no such file";
				return NULL;
			}
			*is_lib = true;
			return xasprintf("%s%s", EMBEDDED_DIR, rel);
		}
	}
	if (name[0] == '/') {
		if (r->lib_dir != NULL && under(name, r->lib_dir))
			cand = xstrdup(name);
		for (i = 0; cand == NULL && r->lib_dir != NULL &&
		    i < sizeof(lib_prefixes) / sizeof(lib_prefixes[0]); i++) {
			size_t n = strlen(lib_prefixes[i]);

			if (strncmp(name, lib_prefixes[i], n) == 0)
				cand = xasprintf("%s/%s", r->lib_dir, name + n);
		}
		if (cand == NULL && r->m->root != NULL)
			cand = xasprintf("%s%s", r->m->root, name);
		if (cand == NULL)
			cand = xstrdup(name);
	} else {
		if (r->mc_real == NULL) {
			*why = "the .mc's directory is unknown";
			return NULL;
		}
		cand = xasprintf("%s/%s", r->mc_real, name);
	}
	real = realpath(cand, NULL);
	free(cand);
	if (real == NULL) {
		*why = errno == ENOENT ? "no such file" : strerror(errno);
		return NULL;
	}
	if (r->lib_real != NULL && under(real, r->lib_real)) {
		*is_lib = true;
		return real;
	}
	if (r->mc_real != NULL && under(real, r->mc_real))
		return real;
	free(real);
	*why = "outside the .mc's directory and the sendmail-cf library";
	return NULL;
}

/* do_include - include()/sinclude(): read a file next, if allowed */
static void
do_include(struct rd *r, struct frame *f, bool silent)
{
	const char *name = arg(f, 1), *why = NULL, *kind;
	struct span at = anchor_span(r, f->anchor);
	char *real;
	struct src *s;
	struct layer l = { 0 };
	bool is_lib;
	size_t k, depth = 0;

	if ((kind = cf_file_kind(name)) != NULL) {
		if (strcmp(kind, "cf") == 0)
			activate_cf(r);
		else
			note(r, "mc-not-followed", at, "include(`%s') not "
			    "followed: proto.m4 is modelled, not read", name);
		return;
	}
	for (k = 0; k < r->nlayers; k++)
		if (r->layers[k].kind == LK_USER || r->layers[k].kind == LK_LIB)
			depth++;
	real = resolve(r, name, &is_lib, &why);
	if (real == NULL) {
		if (strcmp(why, "no such file") == 0 && !silent)
			note(r, "mc-m4-error", at, "include(`%s'): cannot open "
			    "(m4 fails the same way and goes on)", name);
		else if (strcmp(why, "no such file") != 0)
			note(r, "mc-not-followed", at, "%s(`%s') not followed: "
			    "%s", silent ? "sinclude" : "include", name, why);
		return;
	}
	if (depth >= MAX_INCLUDE_DEPTH) {
		note(r, "mc-not-followed", at, "include(`%s') not followed: "
		    "includes nest deeper than %d", name, MAX_INCLUDE_DEPTH);
		free(real);
		return;
	}
	for (k = 0; k < r->nlayers; k++) {
		if (r->layers[k].real != NULL &&
		    strcmp(r->layers[k].real, real) == 0) {
			note(r, "mc-not-followed", at, "include(`%s') not "
			    "followed: it includes itself", name);
			free(real);
			return;
		}
	}
	if (strncmp(real, EMBEDDED_DIR, strlen(EMBEDDED_DIR)) == 0) {
		size_t len;
		const char *text = sm_mc_lib_file(real + strlen(EMBEDDED_DIR),
		    &len);

		s = src_from_bytes(name, text, len);
	} else {
		s = src_read(real, name, &why);
	}
	if (s == NULL) {
		note(r, "mc-not-followed", at, "include(`%s') not followed: %s",
		    name, why);
		free(real);
		return;
	}
	l.src = s;
	l.text = s->bytes;
	l.len = s->len;
	l.kind = is_lib ? LK_LIB : LK_USER;
	l.from_lib = is_lib;
	l.anchor = f->anchor;
	l.path = arena_strdup(&r->ar, name);
	l.real = arena_strdup(&r->ar, real);
	l.line = 1;
	free(real);
	r->input += s->len;
	if (s->len > 0)
		push_layer(r, &l);
	else
		src_free(s);
}

/* ------------------------------------------------------ builtins */

/* set_quotes - changequote() */
static void
set_quotes(struct rd *r, const char *lq, const char *rq)
{
	free(r->lq);
	free(r->rq);
	r->lq = xstrdup(lq);
	r->rq = xstrdup(rq);
}

/* set_comments - changecom(); NULL or "" disables comments */
static void
set_comments(struct rd *r, const char *bc, const char *ec)
{
	free(r->bc);
	free(r->ec);
	r->bc = bc != NULL && bc[0] != '\0' ? xstrdup(bc) : NULL;
	r->ec = r->bc != NULL ? xstrdup(ec != NULL && ec[0] != '\0' ? ec :
	    "\n") : NULL;
}

/* not_modelled - a note for a builtin the reader does not model */
static void
not_modelled(struct rd *r, const struct frame *f, const char *what)
{
	note(r, "mc-not-modelled", anchor_span(r, f->anchor),
	    "%s is not modelled: mta-harden reads it as empty text", what);
}

/* join_args - arguments from..nargs-1 joined by sep */
static void
join_args(struct sbuf *b, const struct frame *f, size_t from,
    const char *sep)
{
	size_t i;

	for (i = from; i < f->nargs; i++) {
		if (i > from)
			sb_adds(b, sep);
		sb_adds(b, arg(f, i));
	}
}

/*
 * do_ifelse - ifelse(a, b, yes, [c, d, yes2, …] [no]) without recursion,
 * as GNU m4 counts: with 4 or 5 arguments left, the 4th is the else
 * part (a 5th is ignored); with 3 left there is none
 */
static void
do_ifelse(struct rd *r, const struct frame *f)
{
	size_t i = 1, n = f->nargs - 1;

	if (n <= 2)
		return;		/* a comment, or too few arguments */
	for (;;) {
		size_t left = n - (i - 1);

		if (strcmp(arg(f, i), arg(f, i + 1)) == 0) {
			results(r, f, arg(f, i + 2));
			return;
		}
		if (left <= 3)
			return;
		if (left <= 5) {
			results(r, f, arg(f, i + 3));
			return;
		}
		i += 3;
	}
}

/* do_eval - eval(expression, radix, width) */
static void
do_eval(struct rd *r, const struct frame *f)
{
	long long v, radix = 10, width = 1;
	const char *error;
	struct sbuf b = { 0 };

	if (!eval_expr(arg(f, 1), &v, &error)) {
		note(r, "mc-m4-error", anchor_span(r, f->anchor),
		    "eval(`%s'): %s (m4 expands it to nothing)", arg(f, 1),
		    error);
		return;
	}
	if ((f->nargs > 2 && arg(f, 2)[0] != '\0' &&
	    !parse_int(arg(f, 2), &radix)) || radix < 2 || radix > 36 ||
	    (f->nargs > 3 && !parse_int(arg(f, 3), &width))) {
		note(r, "mc-m4-error", anchor_span(r, f->anchor),
		    "eval(): bad radix or width");
		return;
	}
	format_radix(&b, v, (int)radix, width);
	result(r, f, b.p, b.len);
	sb_free(&b);
}

/* do_substr - substr(string, from, length) */
static void
do_substr(struct rd *r, const struct frame *f)
{
	const char *s = arg(f, 1);
	long long from, len = LLONG_MAX, n = (long long)strlen(s);

	if (f->nargs < 3) {
		results(r, f, s);
		return;
	}
	if (!parse_int(arg(f, 2), &from) ||
	    (f->nargs > 3 && !parse_int(arg(f, 3), &len)))
		return;
	if (from < 0 || from >= n || len <= 0)
		return;
	if (len > n - from)
		len = n - from;
	result(r, f, s + from, (size_t)len);
}

/* do_translit - translit(string, from, to) */
static void
do_translit(struct rd *r, const struct frame *f)
{
	struct sbuf from = { 0 }, to = { 0 }, out = { 0 };
	const char *s = arg(f, 1);

	if (f->nargs < 3) {
		results(r, f, s);
		return;
	}
	translit_set(&from, arg(f, 2));
	translit_set(&to, arg(f, 3));
	for (; *s != '\0'; s++) {
		const char *hit = from.len > 0 ? memchr(from.p, *s, from.len) :
		    NULL;

		if (hit == NULL)
			sb_addc(&out, *s);
		else if ((size_t)(hit - from.p) < to.len)
			sb_addc(&out, to.p[hit - from.p]);
	}
	result(r, f, out.p, out.len);
	sb_free(&from);
	sb_free(&to);
	sb_free(&out);
}

/* do_defn - defn(names…): the definitions, quoted */
static void
do_defn(struct rd *r, const struct frame *f)
{
	size_t i;

	for (i = 1; i < f->nargs; i++) {
		struct macro *mac = lookup(r, arg(f, i), strlen(arg(f, i)));

		if (mac == NULL || mac->top == NULL)
			continue;
		if (mac->top->builtin != B_NONE && mac->top->text[0] == '\0')
			not_modelled(r, f, "defn() of a builtin");
		else
			quoted(r, f, mac->top->text, mac->top->len);
	}
}

/* do_errprint - errprint(): m4 prints it on stderr; a note here */
static void
do_errprint(struct rd *r, const struct frame *f)
{
	struct sbuf b = { 0 };
	size_t n;

	join_args(&b, f, 1, " ");
	n = b.len;
	while (n > 0 && isspace((unsigned char)b.p[n - 1]))
		n--;
	note(r, "mc-m4-message", anchor_span(r, f->anchor), "m4 prints: %.*s",
	    (int)n, b.p != NULL ? b.p : "");
	sb_free(&b);
}

/* cf_feature - FEATURE(name, args…): recorded, then cfhead.m4's body */
static void
cf_feature(struct rd *r, struct frame *f)
{
	struct sbuf b = { 0 };
	const char *name = arg(f, 1);

	join_args(&b, f, 2, ",");
	add_event(r, f, arena_printf(&r->ar, "FEATURE(%s)", name), NULL, NULL,
	    b.p != NULL ? b.p : "", "FEATURE");
	sb_free(&b);
	if (r->lib_dir == NULL && strcmp(name, "no_default_msa") == 0)
		define_text(r, "_NO_MSA_", "");
}

/* cf_mailer - MAILER(name): as cfhead.m4, without reading mailer/name.m4 */
static void
cf_mailer(struct rd *r, struct frame *f)
{
	const char *name = f->nargs > 2 && arg(f, 2)[0] != '\0' ? arg(f, 2) :
	    arg(f, 1);
	char *flag = xasprintf("_MAILER_%s_", name);
	struct service *svc;

	define_text(r, "_M_N_", name);
	if (!is_defined(r, "_MAILER_DEFINED_"))
		define_text(r, "_MAILER_DEFINED_", "1");
	if (is_defined(r, flag)) {
		note(r, "mc-m4-message", anchor_span(r, f->anchor), "m4 prints: "
		    "*** ERROR: MAILER(%s) already included", name);
		free(flag);
		return;
	}
	define_text(r, flag, "");
	define_text(r, "_ARG_", arg(f, 2));
	free(flag);
	if (r->at_end)
		return;
	svc = arena_alloc(&r->m->arena, sizeof(*svc));
	svc->name = arena_strdup(&r->m->arena, arg(f, 1));
	svc->type = "mailer";
	svc->name_span = span_make(r->src, f->anchor ? f->anchor->name_start :
	    0, f->anchor ? f->anchor->name_end : 0);
	svc->line_span = span_make(r->src, f->anchor ? f->anchor->name_start :
	    0, f->anchor ? f->anchor->line_end : 0);
	MODEL_APPEND(r->m, r->m->services, r->m->nservices, svc);
}

static struct macro *builtin_macro(struct rd *, const char *);

/* call_macro - run a completed call */
static void
call_macro(struct rd *r, struct frame *f)
{
	struct def *d = f->mac->top;
	struct macro *mac;
	long long v;
	char num[32];
	size_t i;

	switch (d->builtin) {
	case B_NONE:
		expand_body(r, f, d->text, d->len);
		return;
	case B_DEFINE:
		do_define(r, f, false);
		return;
	case B_PUSHDEF:
		do_define(r, f, true);
		return;
	case B_UNDEFINE:
		for (i = 1; i < f->nargs; i++)
			if ((mac = lookup(r, arg(f, i), strlen(arg(f, i)))) !=
			    NULL) {
				builtin_changed(r, f, mac);
				undefine(mac);
			}
		return;
	case B_POPDEF:
		for (i = 1; i < f->nargs; i++) {
			mac = lookup(r, arg(f, i), strlen(arg(f, i)));
			if (mac != NULL && mac->top != NULL) {
				struct def *t = mac->top;

				builtin_changed(r, f, mac);
				if (t->ev != NULL)
					t->ev->dead = true;
				mac->top = t->prev;
				free_def(t);
			}
		}
		return;
	case B_DEFN:
		do_defn(r, f);
		return;
	case B_IFDEF:
		if (f->nargs < 2)
			return;
		results(r, f, is_defined(r, arg(f, 1)) ? arg(f, 2) : arg(f, 3));
		return;
	case B_IFELSE:
		do_ifelse(r, f);
		return;
	case B_SHIFT: {
		struct sbuf b = { 0 };

		for (i = 2; i < f->nargs; i++) {
			if (i > 2)
				sb_addc(&b, ',');
			sb_adds(&b, r->lq);
			sb_adds(&b, arg(f, i));
			sb_adds(&b, r->rq);
		}
		result(r, f, b.p, b.len);
		sb_free(&b);
		return;
	}
	case B_DNL:
		for (;;) {
			int c = getc_(r);

			if (c == EOF || c == '\n')
				break;
		}
		return;
	case B_DIVERT:
		r->divnum = f->nargs > 1 && parse_int(arg(f, 1), &v) ?
		    (int)v : 0;
		return;
	case B_DIVNUM:
		snprintf(num, sizeof(num), "%d", r->divnum);
		results(r, f, num);
		return;
	case B_CHANGEQUOTE:
		if (f->nargs <= 1)
			set_quotes(r, "`", "'");
		else if (arg(f, 1)[0] == '\0')
			set_quotes(r, "", "");
		else
			set_quotes(r, arg(f, 1), f->nargs > 2 &&
			    arg(f, 2)[0] != '\0' ? arg(f, 2) : "'");
		return;
	case B_CHANGECOM:
		set_comments(r, f->nargs > 1 ? arg(f, 1) : NULL,
		    f->nargs > 2 ? arg(f, 2) : NULL);
		return;
	case B_INCLUDE:
	case B_SINCLUDE:
		do_include(r, f, d->builtin == B_SINCLUDE);
		return;
	case B_EVAL:
		do_eval(r, f);
		return;
	case B_INCR:
	case B_DECR:
		if (!parse_int(arg(f, 1), &v)) {
			note(r, "mc-m4-error", anchor_span(r, f->anchor),
			    "%s(`%s'): non-numeric argument", f->mac->name,
			    arg(f, 1));
			return;
		}
		snprintf(num, sizeof(num), "%d",
		    wrap32(v + (d->builtin == B_INCR ? 1 : -1)));
		results(r, f, num);
		return;
	case B_INDEX: {
		const char *hit = strstr(arg(f, 1), arg(f, 2));

		snprintf(num, sizeof(num), "%ld", hit != NULL ?
		    (long)(hit - arg(f, 1)) : -1L);
		results(r, f, num);
		return;
	}
	case B_LEN:
		snprintf(num, sizeof(num), "%zu", strlen(arg(f, 1)));
		results(r, f, num);
		return;
	case B_SUBSTR:
		do_substr(r, f);
		return;
	case B_TRANSLIT:
		do_translit(r, f);
		return;
	case B_ERRPRINT:
		do_errprint(r, f);
		return;
	case B_M4WRAP:
	{
		struct sbuf b = { 0 };

		join_args(&b, f, 1, " ");
		r->wraps = xreallocarray(r->wraps, r->nwraps + 1,
		    sizeof(*r->wraps));
		r->wraps[r->nwraps].text = b.p != NULL ? b.p : xstrdup("");
		r->wraps[r->nwraps].anchor = f->anchor;
		r->wraps[r->nwraps].from_lib = f->from_lib;
		r->nwraps++;
		note(r, "mc-m4wrap", anchor_span(r, f->anchor), "m4wrap(): its "
		    "text is read after the end of the .mc, before proto.m4 "
		    "writes the options");
		return;
	}
	case B_M4EXIT:
		r->stopped = true;
		note(r, "mc-m4exit", anchor_span(r, f->anchor), "m4exit: m4 "
		    "stops here, before proto.m4 writes any option");
		return;
	case B_FILE:
	case B_LINE: {
		struct loc at;

		here(r, &at);
		if (d->builtin == B_LINE) {
			snprintf(num, sizeof(num), "%u", at.line);
			results(r, f, num);
		} else {
			quoted(r, f, at.path, strlen(at.path));
		}
		return;
	}
	case B_PROGRAM:
		quoted(r, f, "m4", 2);
		return;
	case B_GNU:
	case B_UNIX:
	case B_DUMPDEF:
	case B_TRACEON:
	case B_TRACEOFF:
	case B_DEBUGMODE:
	case B_DEBUGFILE:
	case B_UNDIVERT:
		return;
	case B_SYSVAL:
		results(r, f, "0");
		return;
	case B_SYSCMD:
	case B_ESYSCMD:
		note(r, "mc-not-modelled", anchor_span(r, f->anchor),
		    "%s(`%s') is not run: mta-harden reads it as empty text",
		    f->mac->name, arg(f, 1));
		return;
	case B_MAKETEMP:
	case B_MKSTEMP:
		results(r, f, arg(f, 1));
		return;
	case B_REGEXP:
	case B_PATSUBST:
	case B_FORMAT:
		not_modelled(r, f, f->mac->name);
		return;
	case B_INDIR:
	case B_BUILTIN:
		mac = d->builtin == B_INDIR ?
		    lookup(r, arg(f, 1), strlen(arg(f, 1))) :
		    builtin_macro(r, arg(f, 1));
		if (mac == NULL || mac->top == NULL) {
			note(r, "mc-m4-error", anchor_span(r, f->anchor),
			    "%s: undefined macro `%s'", f->mac->name,
			    arg(f, 1));
			return;
		}
		{
			struct frame g = *f;

			g.mac = mac;
			g.args = f->args + 1;
			g.nargs = f->nargs - 1;
			call_macro(r, &g);
		}
		return;
	case B_CF_FEATURE:
		cf_feature(r, f);
		break;
	case B_CF_DAEMON_OPTIONS:
		add_event(r, f, "DaemonPortOptions", NULL, arg(f, 1), NULL,
		    "DAEMON_OPTIONS");
		break;
	case B_CF_CLIENT_OPTIONS:
		add_event(r, f, "ClientPortOptions", NULL, arg(f, 1), NULL,
		    "CLIENT_OPTIONS");
		break;
	case B_CF_MAIL_FILTER:
		add_event(r, f, arena_printf(&r->ar, "X%s", arg(f, 1)), NULL,
		    arg(f, 2), NULL, written_as(f, "MAIL_FILTER"));
		break;
	case B_CF_MAILER:
		cf_mailer(r, f);
		return;
	}
	/* cf natives continue with cfhead.m4's own definition */
	expand_body(r, f, d->text, d->len);
}

/* builtin_macro - builtin(name): a detached macro for the builtin */
static struct macro *
builtin_macro(struct rd *r, const char *name)
{
	size_t i;
	char *key = xasprintf(" builtin %s", name);
	struct macro *mac = lookup(r, key, strlen(key));

	for (i = 0; mac == NULL &&
	    i < sizeof(m4_builtins) / sizeof(m4_builtins[0]); i++) {
		if (strcmp(m4_builtins[i].name, name) != 0)
			continue;
		mac = intern(r, key);
		set_def(r, mac, "", 0, m4_builtins[i].id, false);
	}
	free(key);
	return mac;
}

/* ------------------------------------------------------ main loop */

/* run - read input until it ends (or an error, or m4exit) */
static int
run(struct rd *r)
{
	struct loc at;

	while (!r->failed && !r->stopped) {
		enum tok t = next_token(r, &at);
		struct frame *f = top_frame(r);
		struct macro *mac;
		char c;

		switch (t) {
		case TK_EOF:
			if (r->failed)
				return -1;
			if (f != NULL) {
				struct loc start = { 0 };

				start.in_mc = f->own != NULL;
				start.off = f->mc_off;
				start.anchor = f->anchor;
				return fail(r, loc_span(r, &start), "%send "
				    "of file in argument list: %s( is never "
				    "closed", where_text(f->path, f->line),
				    f->mac->name);
			}
			return 0;
		case TK_WORD:
			mac = lookup(r, r->tok.p, r->tok.len);
			if (mac != NULL && mac->top != NULL &&
			    (!mac->blind || peekc(r) == '(')) {
				start_call(r, mac, &at);
				continue;
			}
			emit(r, r->tok.p, r->tok.len);
			continue;
		case TK_STRING:
		case TK_COMMENT:
			emit(r, r->tok.p, r->tok.len);
			continue;
		case TK_CHAR:
			c = r->tok.p[0];
			if (f != NULL && c == '(') {
				f->depth++;
			} else if (f != NULL && c == ')' && f->depth > 0) {
				f->depth--;
			} else if (f != NULL && c == ')') {
				/* the ')' is consumed: its offset is one back */
				if (f->own != NULL && at.in_mc) {
					size_t i = f->nargs - 2;

					if (i < 3)
						f->own->arg_end[i] = at.off;
					f->own->rest_end = at.off;
					f->own->nargs = (unsigned)(i + 1);
				}
				finish_call(r);
				continue;
			} else if (f != NULL && c == ',' && f->depth == 0) {
				if (f->own != NULL && at.in_mc) {
					size_t i = f->nargs - 2;

					if (i < 3)
						f->own->arg_end[i] = at.off;
				}
				begin_arg(r, f);
				continue;
			}
			emit(r, &c, 1);
			continue;
		}
	}
	return r->failed ? -1 : 0;
}

/* ------------------------------------------------------ setup */

/* install_builtin - define a name as a builtin */
static struct macro *
install_builtin(struct rd *r, const char *name, enum builtin b,
    const char *text, bool blind)
{
	struct macro *mac = intern(r, name);

	undefine(mac);
	set_def(r, mac, text, strlen(text), b, false);
	mac->blind = blind;
	return mac;
}

/* activate_cf - include(cf.m4): the state cf.m4 leaves, from the table */
static void
activate_cf(struct rd *r)
{
	size_t i, k, n = sm_mc_predef_count();

	if (is_defined(r, "OSTYPE"))
		return;		/* cf.m4: ifdef(`OSTYPE', `dnl', …) */
	r->cf_active = true;
	if (!is_defined(r, "_CF_DIR_"))
		define_text(r, "_CF_DIR_", r->cf_dir);
	set_comments(r, NULL, NULL);
	if (lookup(r, "format", 6) != NULL)
		undefine(lookup(r, "format", 6));
	for (i = 0; i < n; i++) {
		const char *name, *text;
		struct macro *mac;
		enum builtin b = B_NONE;

		sm_mc_predef_at(i, &name, &text);
		mac = intern(r, name);
		if (strcmp(name, "MAIL_SETTINGS_DIR") == 0 && mac->top != NULL)
			continue;
		for (k = 0; k < sizeof(cf_natives) / sizeof(cf_natives[0]); k++)
			if (strcmp(cf_natives[k].name, name) == 0)
				b = cf_natives[k].id;
		if (mac->top != NULL && mac->nevs > 0 &&
		    !mac->evs[mac->nevs - 1]->dead)
			note(r, "mc-overridden", anchor_span(r,
			    mac->evs[mac->nevs - 1]->at), "%s is defined "
			    "before cf.m4 is included; cf.m4 sets it again",
			    name);
		undefine(mac);
		set_def(r, mac, text, strlen(text), b, false);
	}
}

/* includes_cf_m4 - does the .mc include cf.m4 itself (Debian style)? */
static bool
includes_cf_m4(const struct src *s)
{
	size_t ln;

	for (ln = 1; ln <= s->nlines; ln++) {
		size_t len, i = 0;
		const char *p = src_line(s, (unsigned)ln, &len);

		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if ((len - i >= 8 && memcmp(p + i, "include(", 8) == 0) ||
		    (len - i >= 9 && memcmp(p + i, "sinclude(", 9) == 0)) {
			const char *close = memchr(p + i, ')', len - i);
			size_t n = close != NULL ? (size_t)(close - p) : len;
			size_t k;

			for (k = i; k + 5 <= n; k++)
				if (memcmp(p + k, "cf.m4", 5) == 0)
					return true;
		}
	}
	return false;
}

/* rd_release - free everything the reader owns */
static void
rd_release(struct rd *r)
{
	size_t i;

	while (r->nlayers > 0)
		pop_layer(r);
	free(r->layers);
	for (i = 0; i < r->nframes; i++)
		free_frame(&r->frames[i]);
	free(r->frames);
	for (i = 0; i < r->macros.cap; i++) {
		struct macro *mac = r->macros.slots[i].value;

		while (mac != NULL && mac->top != NULL) {
			struct def *d = mac->top;

			mac->top = d->prev;
			free_def(d);
		}
		if (mac != NULL)
			free(mac->evs);
	}
	strmap_release(&r->macros);
	free(r->events);
	for (i = 0; i < r->nwraps; i++)
		free(r->wraps[i].text);
	free(r->wraps);
	free(r->lq);
	free(r->rq);
	free(r->bc);
	free(r->ec);
	free(r->lib_real);
	free(r->mc_real);
	free(r->cf_dir);
	sb_free(&r->tok);
	arena_release(&r->ar);
}

/* ------------------------------------------------------ the end */

/*
 * run_captured - read m4 text at the end of input (proto.m4's time) and
 * return what m4 would write; as_body: the text is a macro body called
 * without arguments ($1… empty)
 */
static char *
run_captured(struct rd *r, const char *text, bool as_body,
    const char *what)
{
	struct sbuf out = { 0 };
	struct layer *saved = r->layers;
	size_t nsaved = r->nlayers, capsaved = r->caplayers;
	char *s;

	r->layers = NULL;
	r->nlayers = r->caplayers = 0;
	r->capture = &out;
	if (as_body) {
		struct frame f = { 0 };
		struct sbuf name = { 0 };

		sb_str(&name);
		f.args = &name;
		f.nargs = 1;
		expand_body(r, &f, text, strlen(text));
		sb_free(&name);
	} else {
		push_text(r, text, strlen(text), NULL, false);
	}
	if (!r->failed)
		(void)run(r);
	while (r->nframes > 0)
		free_frame(&r->frames[--r->nframes]);
	while (r->nlayers > 0)
		pop_layer(r);
	free(r->layers);
	r->layers = saved;
	r->nlayers = nsaved;
	r->caplayers = capsaved;
	r->capture = NULL;
	r->stopped = false;
	if (r->failed) {
		/* m4 would read on into proto.m4's own text here, which is
		 * not modelled: note it, keep what was written so far */
		note(r, "mc-m4-error", r->err->where, "the value of %s does "
		    "not end where proto.m4 writes it (m4 reads on into "
		    "proto.m4 and the .cf is garbled): %s", what, r->err->msg);
		r->failed = false;
		r->err->where = span_make(NULL, 0, 0);
		r->err->msg[0] = '\0';
	}
	s = arena_strndup(&r->m->arena, out.p != NULL ? out.p : "", out.len);
	sb_free(&out);
	return s;
}

/* expand - m4 text read at the end of input, and what m4 writes for it */
static char *
expand(struct rd *r, const char *text)
{
	return run_captured(r, text, false, text);
}

struct pending {
	struct setting *s;
	unsigned seq;		/* 0: a default, after every event */
	size_t	 order;
};

struct out {
	struct pending *v;
	size_t	 n, cap;
};

/*
 * value_span_of - the argument that holds a setting's value in the call
 * the .mc wrote (quotes included), or the whole call
 */
static void
value_span_of(const struct anchor *a, const char *setting, uint32_t *vs,
    uint32_t *ve)
{
	int want = 0;

	if (strcmp(a->call, "define") == 0 || strcmp(a->call, "pushdef") == 0 ||
	    strcmp(a->call, "MAIL_FILTER") == 0)
		want = 2;
	else if (strcmp(a->call, "INPUT_MAIL_FILTER") == 0)
		want = setting[0] == 'X' ? 2 : 1;
	else if (strcmp(a->call, "DAEMON_OPTIONS") == 0 ||
	    strcmp(a->call, "CLIENT_OPTIONS") == 0 ||
	    strcmp(a->call, "MASQUERADE_AS") == 0)
		want = 1;
	else if (strcmp(a->call, "FEATURE") == 0)
		want = 3;
	*vs = a->name_start;
	*ve = a->call_end;
	if (want == 0)
		return;
	/* An argument whose end came from an expansion has no end here:
	 * the whole call stands for it then. */
	if (want == 3) {
		if (a->nargs >= 2 && (a->known & 2) &&
		    a->rest_end >= a->arg_start[1]) {
			*vs = a->arg_start[1];
			*ve = a->rest_end;
		} else if (a->nargs < 2 && a->call_end > a->name_end) {
			*vs = *ve = a->call_end - 1;	/* before ')' */
		}
		return;
	}
	if (a->nargs >= (unsigned)want && (a->known & (1u << (want - 1))) &&
	    a->arg_end[want - 1] >= a->arg_start[want - 1]) {
		*vs = a->arg_start[want - 1];
		*ve = a->arg_end[want - 1];
	} else if (a->nargs < (unsigned)want && a->call_end > a->name_end) {
		*vs = *ve = a->call_end - 1;
	}
}

/* make_setting - a setting from an event (NULL: a default of cf.m4) */
static struct setting *
make_setting(struct rd *r, const char *name, const char *raw,
    const struct event *ev, const char *as)
{
	struct setting *s = arena_alloc(&r->m->arena, sizeof(*s));
	const struct anchor *a = ev != NULL ? ev->at : NULL;

	s->name = arena_strdup(&r->m->arena, name);
	s->raw = s->value = arena_strdup(&r->m->arena, raw);
	s->source = ev != NULL && !ev->from_lib ? SOURCE_FILE : SOURCE_DEFAULT;
	s->written_as = arena_strdup(&r->m->arena, ev != NULL &&
	    ev->written_as != NULL ? ev->written_as : as);
	if (a != NULL) {
		uint32_t vs, ve;

		value_span_of(a, name, &vs, &ve);
		s->name_span = span_make(r->src, a->name_start, a->name_end);
		s->value_span = span_make(r->src, vs, ve);
		s->line_span = span_make(r->src, a->name_start, a->line_end);
	}
	return s;
}

/* add_setting - a setting the generated .cf holds */
static struct setting *
add_setting(struct rd *r, struct out *o, const char *name, const char *raw,
    const struct event *ev, const char *as)
{
	struct setting *s = make_setting(r, name, raw, ev, as);

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
	o->v[o->n].s = s;
	o->v[o->n].seq = ev != NULL ? ev->seq : 0;
	o->v[o->n].order = o->n;
	o->n++;
	return s;
}

/* live_events - a setting's events that still count (caller frees) */
static size_t
live_events(struct rd *r, const char *setting, struct event ***out)
{
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < r->nevents; i++) {
		struct event *ev = r->events[i];

		if (!ev->dead && ev->macro == NULL &&
		    strcmp(ev->setting, setting) == 0)
			MODEL_APPEND(r->m, *out, n, ev);
	}
	return n;
}

/*
 * macro_settings - the setting of one macro that proto.m4 writes, with
 * the value m4 gives it now; the definitions it overrode hang off
 * ->earlier (they are not in the .cf, so not in the model's list)
 */
static void
macro_settings(struct rd *r, struct out *o, const char *setting,
    const char *macro, const char *final_value)
{
	struct macro *mac = lookup(r, macro, strlen(macro));
	struct event *final = NULL;
	struct setting *chain = NULL;
	size_t i;

	if (final_value == NULL)
		return;
	if (mac != NULL && mac->top != NULL)
		final = mac->top->ev;
	for (i = 0; mac != NULL && i < mac->nevs; i++) {
		struct event *ev = mac->evs[i];
		struct setting *s;

		if (ev == final || ev->dead)
			continue;
		s = make_setting(r, setting, run_captured(r, ev->text, true,
		    macro), ev, macro);
		s->earlier = chain;
		chain = s;
	}
	add_setting(r, o, setting, final_value, final, macro)->earlier = chain;
}

/*
 * port_options - DaemonPortOptions / ClientPortOptions lines as proto.m4
 * writes them: the DAEMON_OPTIONS() list (and the obsolete
 * confDAEMON_OPTIONS), else the default daemon; the default MSA unless
 * FEATURE(no_default_msa), even when DAEMON_OPTIONS() was used
 */
static void
port_options(struct rd *r, struct out *o, const char *setting,
    const char *list, const char *legacy, bool daemon)
{
	struct macro *mac = lookup(r, list, strlen(list));
	struct macro *lm = lookup(r, legacy, strlen(legacy));
	const char *as = daemon ? "DAEMON_OPTIONS" : "CLIENT_OPTIONS";
	const char *prefix = daemon ? "O DaemonPortOptions" :
	    "O ClientPortOptions";
	struct event **evs;
	size_t n = live_events(r, setting, &evs), nlines = 0, i;
	struct sbuf text = { 0 };
	char *p;

	if (mac != NULL && mac->top != NULL && mac->top->len > 0)
		sb_adds(&text, list);
	if (lm != NULL && lm->top != NULL && lm->top->len > 0) {
		note(r, "mc-obsolete", lm->top->ev != NULL ?
		    anchor_span(r, lm->top->ev->at) : span_make(r->src, 0, 0),
		    "%s is no longer valid (m4 warns but still uses it); use "
		    "%s()", legacy, as);
		sb_addc(&text, '\n');
		sb_adds(&text, prefix);
		sb_addc(&text, '=');
		sb_adds(&text, legacy);
	}
	if (text.len > 0) {
		char *expanded = expand(r, text.p);
		struct event *legacy_ev = lm != NULL && lm->top != NULL ?
		    lm->top->ev : NULL;

		/* count the lines first: events pair with lines in order */
		for (p = expanded; p != NULL; p = strchr(p, '\n')) {
			if (*p == '\n')
				p++;
			if (strncmp(p, prefix, strlen(prefix)) == 0)
				nlines++;
		}
		if (legacy_ev != NULL)
			n++;
		i = 0;
		for (p = expanded; p != NULL && *p != '\0';) {
			char *nl = strchr(p, '\n');
			const struct event *ev = NULL;

			if (nl != NULL)
				*nl = '\0';
			if (strncmp(p, prefix, strlen(prefix)) == 0) {
				const char *v = p + strlen(prefix);
				size_t e = n == nlines ? i : n - 1;

				if (n > 0)
					ev = e < n - (legacy_ev != NULL) ?
					    evs[e] : legacy_ev;
				add_setting(r, o, setting, *v == '=' ? v + 1 : v,
				    ev, as);
				i++;
			}
			p = nl != NULL ? nl + 1 : NULL;
		}
	} else if (daemon && is_defined(r, "_NETINET6_")) {
		add_setting(r, o, setting, "Name=MTA-v4, Family=inet", NULL, as);
		add_setting(r, o, setting, "Name=MTA-v6, Family=inet6", NULL,
		    as);
	} else if (daemon) {
		add_setting(r, o, setting, "Name=MTA", NULL, as);
	}
	if (daemon && !is_defined(r, "_NO_MSA_"))
		add_setting(r, o, setting, "Port=587, Name=MSA, M=E", NULL, as);
	sb_free(&text);
	free(evs);
}

/* cmp_pending - settings in the order their definitions were read */
static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	unsigned sx = x->seq ? x->seq : UINT_MAX, sy = y->seq ? y->seq :
	    UINT_MAX;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* finish - what proto.m4 writes, as settings in the model */
static void
finish(struct rd *r)
{
	struct out o = { 0 };
	struct strmap last = STRMAP_INIT;
	size_t i, n = sm_mc_option_count();
	bool milters;
	const char *v;

	r->at_end = true;
	/* proto.m4: ifelse(len(X`'_MAIL_FILTERS_DEF), `1', …): any text,
	 * even the name itself when it is undefined, turns them on */
	v = expand(r, "_MAIL_FILTERS_DEF");
	milters = v[0] != '\0';
	for (i = 0; i < n; i++) {
		const char *macro, *option, *expr;
		unsigned flags;

		sm_mc_option_at(i, &macro, &option, &expr, &flags);
		if (flags & SM_OPT_TIMEZONE) {
			v = expand(r, macro);
			if (strcmp(v, "USE_SYSTEM") == 0)
				v = NULL;
			else if (strcmp(v, "USE_TZ") == 0)
				v = "";
			macro_settings(r, &o, option, macro, v);
			continue;
		}
		if ((flags & SM_OPT_MILTER) && !milters)
			continue;
		if (flags & SM_OPT_ALWAYS)
			v = expand(r, expr);
		else
			v = is_defined(r, macro) ? expand(r, macro) : NULL;
		macro_settings(r, &o, option, macro, v);
		if (strcmp(option, "OldStyleHeaders") == 0) {
			port_options(r, &o, "DaemonPortOptions", "_DPO_",
			    "confDAEMON_OPTIONS", true);
			port_options(r, &o, "ClientPortOptions", "_CPO_",
			    "confCLIENT_OPTIONS", false);
		}
	}
	/* macros and classes */
	macro_settings(r, &o, "$S", "SMART_HOST", is_defined(r, "SMART_HOST") ?
	    expand(r, "SMART_HOST") : "");
	macro_settings(r, &o, "$H", "MAIL_HUB", is_defined(r, "MAIL_HUB") ?
	    expand(r, "MAIL_HUB") : NULL);
	macro_settings(r, &o, "$R", "LOCAL_RELAY", is_defined(r,
	    "LOCAL_RELAY") ? expand(r, "LOCAL_RELAY") : NULL);
	macro_settings(r, &o, "$M", "MASQUERADE_NAME", is_defined(r,
	    "MASQUERADE_NAME") ? expand(r, "MASQUERADE_NAME") : NULL);
	macro_settings(r, &o, "$j", "confDOMAIN_NAME", is_defined(r,
	    "confDOMAIN_NAME") ? expand(r, "confDOMAIN_NAME") : NULL);
	macro_settings(r, &o, "$=R", "confCR_FILE", is_defined(r,
	    "confCR_FILE") ? expand(r, "confCR_FILE") : NULL);
	macro_settings(r, &o, "$=w", "confCW_FILE", is_defined(r,
	    "USE_CW_FILE") && is_defined(r, "confCW_FILE") ?
	    expand(r, "confCW_FILE") : NULL);
	/* features and milters, in the order they were written */
	for (i = 0; i < r->nevents; i++) {
		struct event *ev = r->events[i];

		if (ev->dead)
			continue;
		if (strncmp(ev->setting, "FEATURE(", 8) == 0)
			add_setting(r, &o, ev->setting, ev->literal, ev,
			    "FEATURE");
		else if (ev->setting[0] == 'X' && ev->macro == NULL)
			add_setting(r, &o, ev->setting, run_captured(r, ev->text,
			    true, ev->setting), ev, "MAIL_FILTER");
	}
	/* file order, defaults after; ->earlier links repeated names */
	if (o.n > 1)
		qsort(o.v, o.n, sizeof(*o.v), cmp_pending);
	for (i = 0; i < o.n; i++) {
		struct setting *s = o.v[i].s;

		struct setting *prev = strmap_put(&last, s->name,
		    strlen(s->name), s);

		if (prev != NULL)
			s->earlier = prev;
		MODEL_APPEND(r->m, r->m->settings, r->m->nsettings, s);
	}
	strmap_release(&last);
	free(o.v);
}

/* ------------------------------------------------------ entry points */

/* sm_mc_parse - read a .mc statically into the model (sm_mc.h) */
int
sm_mc_parse(struct model *m, const struct src *src, const char *lib_dir,
    struct parse_error *err)
{
	struct rd r;
	struct layer l = { 0 };
	char *dir;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.m = m;
	r.src = src;
	r.err = err;
	err->where = span_make(NULL, 0, 0);
	err->msg[0] = '\0';
	if (lib_dir != NULL)
		r.lib_real = realpath(lib_dir, NULL);
	r.lib_dir = r.lib_real;
	r.cf_dir = r.lib_dir != NULL ? xasprintf("%s/", r.lib_dir) :
	    xstrdup(EMBEDDED_DIR);
	dir = strrchr(src->path, '/') != NULL ?
	    xstrndup(src->path, (size_t)(strrchr(src->path, '/') - src->path)) :
	    xstrdup(".");
	r.mc_real = realpath(dir[0] != '\0' ? dir : "/", NULL);
	free(dir);
	set_quotes(&r, "`", "'");
	for (i = 0; i < sizeof(m4_builtins) / sizeof(m4_builtins[0]); i++)
		install_builtin(&r, m4_builtins[i].name, m4_builtins[i].id, "",
		    m4_builtins[i].blind);

	l.text = src->bytes;
	l.len = src->len;
	r.input = src->len;
	l.kind = LK_MC;
	l.path = src->path;
	push_layer(&r, &l);

	r.cf_self = includes_cf_m4(src);
	if (r.cf_self)
		set_comments(&r, "#", "\n");
	else
		activate_cf(&r);
	if (lib_dir != NULL && r.lib_real == NULL)
		note(&r, "mc-not-followed", span_make(src, 0, 0), "the "
		    "sendmail-cf library %s cannot be read: the embedded "
		    "copy of sendmail-cf %s is used", lib_dir,
		    sm_mc_lib_version());

	rc = run(&r);
	/* m4wrap texts run after the input, the last one first */
	while (rc == 0 && !r.stopped && r.nwraps > 0) {
		struct wrap w = r.wraps[--r.nwraps];

		rc = push_text(&r, w.text, strlen(w.text), w.anchor,
		    w.from_lib);
		free(w.text);
		if (rc == 0)
			rc = run(&r);
	}
	if (rc == 0 && !r.stopped) {
		if (r.cf_active)
			finish(&r);
		else
			note(&r, "mc-no-cf-m4", span_make(src, 0, 0), "cf.m4 "
			    "is never included: m4 would write no sendmail.cf "
			    "options");
	}
	rd_release(&r);
	return rc;
}

/*
 * sm_mc_lib_dir - the first sendmail-cf library: under root, then here
 * (the result may live in a static buffer: copy it to keep it)
 */
const char *
sm_mc_lib_dir(const char *root)
{
	static const char *const dirs[] = {
		"/usr/share/sendmail/cf",
		"/usr/share/sendmail-cf",
		"/usr/lib/mail",
	};
	static char buf[4096];
	struct stat st;
	size_t i;

	for (i = 0; root != NULL && root[0] != '\0' &&
	    i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		const char *why;
		char *named = xasprintf("%s/m4/cf.m4", dirs[i]);
		char *path = rootpath_resolve(root, named, &why);
		bool found = path != NULL && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && strlen(path) < sizeof(buf);

		if (found) {
			snprintf(buf, sizeof(buf), "%s", path);
			buf[strlen(buf) - strlen("/m4/cf.m4")] = '\0';
		}
		free(named);
		free(path);
		if (found)
			return buf;
	}
	/* Not the host's library: the embedded copy stands in for it. */
	return NULL;
}

/* feature_effects - what each FEATURE changes (cf/README), by name */
static const struct {
	const char *name;
	const char *effect;
} feature_effects[] = {
	{ "accept_unqualified_senders",
	    "accepts MAIL FROM addresses without a domain from the network "
	    "(normally refused)" },
	{ "accept_unresolvable_domains",
	    "accepts MAIL FROM addresses whose domain does not resolve "
	    "(normally refused)" },
	{ "access_db",
	    "enables the access map (/etc/mail/access): per host, domain, "
	    "network and address OK, RELAY, REJECT, DISCARD rules" },
	{ "allmasquerade",
	    "masquerades recipient header addresses too, not only senders" },
	{ "always_add_domain",
	    "qualifies local addresses with the host's domain, even for local "
	    "delivery" },
	{ "authinfo",
	    "looks up client AUTH credentials in a separate authinfo map "
	    "instead of the access map" },
	{ "badmx",
	    "rejects sender domains whose MX points at an address that cannot "
	    "be a mail server (such as 127.0.0.1)" },
	{ "bcc",
	    "removes Bcc: headers from outgoing messages" },
	{ "bestmx_is_local",
	    "accepts mail for any domain whose best MX is this host as local, "
	    "a relay hole for such domains" },
	{ "bitdomain",
	    "rewrites BITNET addresses through the bitdomain map" },
	{ "blacklist_recipients",
	    "deprecated name of blocklist_recipients: To: entries in the "
	    "access map block local recipients" },
	{ "block_bad_helo",
	    "rejects clients that HELO with this host's own name or an address "
	    "literal (needs delay_checks)" },
	{ "blocklist_recipients",
	    "To: entries in the access map can refuse mail to local recipients" },
	{ "check_cert_altnames",
	    "checks the subjectAltName of TLS certificates, not only the CN" },
	{ "check_other",
	    "adds a check_other ruleset that refuses unknown or malformed SMTP "
	    "commands" },
	{ "compat_check",
	    "checks sender/recipient pairs against Compat: entries in the "
	    "access map" },
	{ "conncontrol",
	    "limits simultaneous connections per client with ClientConn: "
	    "access map entries" },
	{ "delay_checks",
	    "runs the client and sender checks at RCPT time (friend/hater "
	    "Spam: entries in the access map)" },
	{ "dnsbl",
	    "refuses clients listed in a DNS block list (default or named "
	    "zone)" },
	{ "domainmap",
	    "maps the users of one domain to addresses through a map of its "
	    "own (virtual hosting)" },
	{ "domaintable",
	    "maps one domain to another through the domaintable map" },
	{ "drac",
	    "relays for clients the DRAC map lists (POP or IMAP before SMTP)" },
	{ "enhdnsbl",
	    "refuses clients listed in a DNS block list, matching the returned "
	    "address" },
	{ "generics_entire_domain",
	    "applies the genericstable to subdomains of $=G too" },
	{ "genericstable",
	    "rewrites outgoing sender addresses through the genericstable map" },
	{ "greet_pause",
	    "waits before the 220 greeting and refuses clients that talk first "
	    "(GreetPause: access entries)" },
	{ "ldap_routing",
	    "routes recipients by LDAP lookups (mail host and address)" },
	{ "limited_masquerade",
	    "masquerades only the hosts in $=M, not $=w" },
	{ "local_lmtp",
	    "delivers local mail through LMTP (mail.local -z)" },
	{ "local_no_masquerade",
	    "does not masquerade mail for local delivery" },
	{ "local_procmail",
	    "delivers local mail through procmail instead of the local mailer" },
	{ "lookupdotdomain",
	    "the access map also matches .domain keys for subdomains" },
	{ "loose_relay_check",
	    "does not refuse user%site@othersite addresses: relaying through "
	    "the %-hack becomes possible" },
	{ "mailertable",
	    "routes domains to mailers and hosts through the mailertable map" },
	{ "masquerade_entire_domain",
	    "masquerades subdomains of the $=M domains too" },
	{ "masquerade_envelope",
	    "masquerades envelope sender addresses, not only headers" },
	{ "msp",
	    "makes this a mail submission program config (submit.cf): relays "
	    "everything to the MTA, no daemon" },
	{ "mtamark",
	    "refuses clients that MTA-MARK DNS records mark as not allowed to "
	    "send mail" },
	{ "no_default_msa",
	    "drops the default MSA daemon (Port=587, Name=MSA, M=E) proto.m4 "
	    "adds" },
	{ "nocanonify",
	    "does not canonify host names with DNS ($[ $] lookups)" },
	{ "nopercenthack",
	    "does not treat % as a routing operator in local parts" },
	{ "notsticky",
	    "lets local users with a host part be delivered through "
	    "LUSER_RELAY/MAIL_HUB (old default)" },
	{ "nouucp",
	    "does not treat ! as a UUCP routing operator (reject: refuses such "
	    "addresses)" },
	{ "nullclient",
	    "makes this host a null client: all mail goes to the named hub, "
	    "nothing is delivered locally" },
	{ "prefixmod",
	    "handles recipients whose local part has a given prefix with extra "
	    "mailer flags" },
	{ "preserve_local_plus_detail",
	    "keeps +detail of local addresses when handing them to the local "
	    "mailer" },
	{ "preserve_luser_host",
	    "keeps the recipient host name when forwarding to LUSER_RELAY" },
	{ "promiscuous_relay",
	    "relays mail from any host to any host: an open relay" },
	{ "queuegroup",
	    "selects queue groups by recipient domain (QGRP: access entries)" },
	{ "ratecontrol",
	    "limits the connection rate per client with ClientRate: access map "
	    "entries" },
	{ "redirect",
	    "answers mail for address.REDIRECT with 551 and the new address" },
	{ "relay_based_on_MX",
	    "relays to any domain whose MX record points at this host" },
	{ "relay_entire_domain",
	    "relays for every host in the local domains ($=m), not only those "
	    "listed" },
	{ "relay_hosts_only",
	    "RELAY entries and $=R name hosts only, not whole domains with "
	    "their subdomains" },
	{ "relay_local_from",
	    "relays when the envelope sender has a local domain: forgeable" },
	{ "relay_mail_from",
	    "relays when the envelope sender is marked RELAY in the access map "
	    "(From: entries): forgeable" },
	{ "require_rdns",
	    "refuses clients without a matching reverse DNS name" },
	{ "rhsbl",
	    "refuses senders whose domain is listed in a right-hand-side DNS "
	    "block list" },
	{ "smrsh",
	    "runs program deliveries through smrsh, the restricted shell, "
	    "instead of /bin/sh" },
	{ "stickyhost",
	    "mail to user@thishost is delivered locally, not through "
	    "LUSER_RELAY or MAIL_HUB" },
	{ "sts",
	    "checks MTA-STS policies of destinations (needs "
	    "postfix-mta-sts-resolver)" },
	{ "tls_failures",
	    "turns TLS handshake failures toward some destinations into "
	    "temporary errors" },
	{ "tls_session_features",
	    "reads per-session TLS options from "
	    "TLS_Srv_Features/TLS_Clt_Features access entries" },
	{ "use_client_ptr",
	    "uses the client's PTR name in check_relay instead of the resolved "
	    "name" },
	{ "use_ct_file",
	    "reads trusted users from /etc/mail/trusted-users (class $=t)" },
	{ "use_cw_file",
	    "reads the names this host accepts mail for from "
	    "/etc/mail/local-host-names (class $=w)" },
	{ "uucpdomain",
	    "routes UUCP domains through the uucpdomain map" },
	{ "virtuser_entire_domain",
	    "applies the virtusertable to subdomains of virtual domains" },
	{ "virtusertable",
	    "maps virtual addresses and domains to local or remote recipients "
	    "through the virtusertable map" },
	{ "vnet",
	    "routes .vnet addresses through the vnet map" },
};

/* sm_feature_effect - what FEATURE(feature) changes, in one line, or NULL */
const char *
sm_feature_effect(const char *feature)
{
	size_t lo = 0, hi = sizeof(feature_effects) / sizeof(feature_effects[0]);

	if (feature == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(feature, feature_effects[mid].name);

		if (c == 0)
			return feature_effects[mid].effect;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
