/*
 * m4 - a static m4 interpreter: reads m4 text the way GNU m4 does and
 * never runs a command
 *
 * Owns the interpreter's state (struct m4): the input (layers: the main
 * file, included files and pushed-back expansion text), tokens (names,
 * quoted strings with nesting and changequote, comments and changecom),
 * the macro table with pushdef stacks, pending calls and their arguments,
 * rescanning, $1..$n, $#, $*, $@, the builtins (m4_builtins.c), eval()
 * (m4_eval.c), diversion numbers, m4wrap and m4exit, the budgets that
 * stop expansion which does not terminate, and errors and notes with
 * file:line. It knows nothing of sendmail: a client (the sendmail-cf
 * layer, sm_mc.c) adds builtins of its own, watches definitions and
 * decides where include() reads from, through struct m4_hooks.
 *
 * Every loop is iterative: quote and parenthesis nesting are counters,
 * pending calls and pushed-back input are explicit stacks, so deep
 * nesting cannot overflow the C stack.
 *
 * Files: m4_input.c (buffers, errors, input, tokens), m4_expand.c
 * (macros, calls, expansion, the main loop, setup), m4_builtins.c (the
 * builtins), m4_text.c (the builtins that compute text), m4_eval.c
 * (numbers and eval()).
 */
#ifndef MH_M4_H
#define MH_M4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/strmap.h"
#include "parsers/model.h"

/*
 * Limits: include nesting as asked; the others stop runaway expansion
 * and grow with the input read, so large real files always fit.
 */
#define M4_MAX_INCLUDE_DEPTH	16
#define M4_MAX_CALLS		1000000UL	/* plus one per input byte */
#define M4_MAX_EXPANDED		((size_t)256 * 1024 * 1024)	/* plus 16 per byte */
#define M4_MAX_LAYERS		200000
#define M4_MAX_EVAL_DEPTH	1000

/* sbuf - a growable byte buffer, always NUL-terminated once used */
struct sbuf {
	char	*p;
	size_t	 len, cap;
};

void	 sb_addn(struct sbuf *, const char *, size_t);
void	 sb_adds(struct sbuf *, const char *);
void	 sb_addc(struct sbuf *, char);
const char *sb_str(struct sbuf *);	/* "" when empty */
void	 sb_free(struct sbuf *);

/*
 * m4_anchor - a macro call written in the main file: every definition
 * made by it, or by what it expands to or includes, is reported here
 */
struct m4_anchor {
	const char *call;	/* the macro called ("define", "OSTYPE") */
	uint32_t name_start, name_end;
	uint32_t call_end;	/* after ')' (name_end without arguments) */
	uint32_t line_end;	/* call_end, or past a following "dnl…\n" */
	uint32_t arg_start[3], arg_end[3];	/* arguments 1..3 as written */
	uint32_t rest_end;	/* end of the last argument */
	unsigned nargs;
	unsigned known;		/* bit i: argument i+1 lies in the main file */
};

enum m4_layer_kind {
	LK_MAIN,		/* the main file (always layers[0]) */
	LK_USER,		/* a file the user wrote, included */
	LK_LIB,			/* a library file, included */
	LK_TEXT,		/* expansion text pushed back */
};

/* m4_layer - one source of input; input is read from the top layer */
struct m4_layer {
	const char *text;
	size_t	 len, pos;
	char	*owned;		/* freed when the layer is popped */
	struct src *src;	/* included files: freed when popped */
	enum m4_layer_kind kind;
	bool	 from_lib;	/* calls read here come from the library */
	const struct m4_anchor *anchor;	/* calls read here report there */
	const char *path;	/* file layers: as shown */
	const char *real;	/* file layers: canonical path (loops) */
	unsigned line;		/* LK_USER/LK_LIB: current line */
	size_t	 file_idx;	/* the nearest file layer at or below */
};

/* m4_builtin - the builtins; a client numbers its own from B_CLIENT */
enum m4_builtin {
	B_NONE,
	B_BUILTIN, B_CHANGECOM, B_CHANGEQUOTE, B_DEBUGFILE, B_DEBUGMODE,
	B_DECR, B_DEFINE, B_DEFN, B_DIVERT, B_DIVNUM, B_DNL, B_DUMPDEF,
	B_ERRPRINT, B_ESYSCMD, B_EVAL, B_FILE, B_FORMAT, B_GNU, B_IFDEF,
	B_IFELSE, B_INCLUDE, B_INCR, B_INDEX, B_INDIR, B_LEN, B_LINE,
	B_M4EXIT, B_M4WRAP, B_MAKETEMP, B_MKSTEMP, B_PATSUBST, B_POPDEF,
	B_PROGRAM, B_PUSHDEF, B_REGEXP, B_SHIFT, B_SINCLUDE, B_SUBSTR,
	B_SYSCMD, B_SYSVAL, B_TRACEOFF, B_TRACEON, B_TRANSLIT, B_UNDEFINE,
	B_UNDIVERT, B_UNIX,
	B_CLIENT,		/* the first id of the client's builtins */
};

/* m4_def - one definition of a macro; pushdef stacks them */
struct m4_def {
	int	 builtin;	/* B_NONE: text only */
	char	*text;		/* body; client builtins: expanded after */
	size_t	 len;
	void	*data;		/* the client's record of it, if any */
	struct m4_def *prev;
};

struct m4_macro {
	const char *name;
	struct m4_def *top;	/* NULL: undefined */
	bool	 blind;		/* recognised only when followed by '(' */
	void	*data;		/* the client's, set by hooks.interned */
};

/* m4_frame - a macro call whose arguments are being collected */
struct m4_frame {
	struct m4_macro *mac;
	struct sbuf *args;	/* args[0] is the name */
	size_t	 nargs, cap;
	unsigned depth;		/* open parentheses inside the argument */
	struct m4_anchor *own;	/* the call is written in the main file */
	const struct m4_anchor *anchor;	/* where it is reported */
	bool	 from_lib;
	const char *path;	/* where the call starts, for errors */
	unsigned line;
	uint32_t mc_off;	/* its start in the main file (or the anchor's) */
};

/* m4_loc - where a token starts */
struct m4_loc {
	bool	 in_mc;		/* read from the main file itself */
	uint32_t off;		/* offset in the main file */
	const struct m4_anchor *anchor;	/* otherwise: the layer's anchor */
	bool	 from_lib;
	const char *path;
	unsigned line;
};

/* m4_wrap - text saved by m4wrap, read after the input */
struct m4_wrap {
	char	*text;
	const struct m4_anchor *anchor;
	bool	 from_lib;
};

struct m4;

/* m4_hooks - what the client adds; any of them may be NULL */
struct m4_hooks {
	/* a name entered the macro table: attach mac->data */
	void	(*interned)(struct m4 *, struct m4_macro *);
	/* a call is about to define, undefine or pop mac */
	void	(*changing)(struct m4 *, const struct m4_frame *,
		    struct m4_macro *);
	/* define() or pushdef() made d, the new top of mac */
	void	(*defined)(struct m4 *, const struct m4_frame *,
		    struct m4_macro *, struct m4_def *);
	/* every definition of mac is gone */
	void	(*undefined)(struct m4 *, struct m4_macro *);
	/* popdef() is about to drop d */
	void	(*popped)(struct m4 *, struct m4_def *);
	/* a call of a client builtin; true: its text is expanded after */
	bool	(*client_builtin)(struct m4 *, struct m4_frame *);
	/* include(arg 1) or sinclude(): m4_include_file() reads a file */
	void	(*include)(struct m4 *, struct m4_frame *, bool silent);
};

/* m4 - the interpreter; fields are read by the client, set through m4_* */
struct m4 {
	struct model *m;	/* notes go here */
	const struct src *src;	/* the main file */
	struct parse_error *err;
	const struct m4_hooks *hooks;
	void	*user;		/* the client's state */
	struct arena ar;	/* private: macros, anchors, paths */
	struct strmap macros;
	struct m4_layer *layers;
	size_t	 nlayers, caplayers;
	struct m4_frame *frames;
	size_t	 nframes, capframes;
	char	*lq, *rq;	/* quotes; lq "" disables quoting */
	char	*bc, *ec;	/* comment delimiters; bc NULL disables */
	int	 divnum;
	bool	 stopped;	/* m4exit */
	bool	 failed;
	struct sbuf *capture;	/* output goes here, or nowhere */
	unsigned long calls;
	size_t	 expanded;
	size_t	 input;		/* bytes of the files read */
	struct m4_wrap *wraps;	/* m4wrap texts */
	size_t	 nwraps;
	struct sbuf tok;
};

/* m4_input.c */
int	 m4_fail(struct m4 *, struct span, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 m4_note(struct m4 *, const char *code, struct span, const char *,
	    ...) __attribute__((format(printf, 4, 5)));
struct span m4_anchor_span(const struct m4 *, const struct m4_anchor *);
struct span m4_loc_span(const struct m4 *, const struct m4_loc *);
const char *m4_where_text(const char *path, unsigned line);
void	 m4_push_layer(struct m4 *, const struct m4_layer *);
void	 m4_pop_layer(struct m4 *);
int	 m4_push_text(struct m4 *, const char *, size_t,
	    const struct m4_anchor *, bool from_lib);
struct m4_layer *m4_top(struct m4 *);
int	 m4_peekc(struct m4 *);
int	 m4_getc(struct m4 *);
void	 m4_here(struct m4 *, struct m4_loc *);
bool	 m4_is_name_char(int);

enum m4_tok {
	TK_EOF,
	TK_WORD,
	TK_STRING,
	TK_COMMENT,
	TK_CHAR,
};
enum m4_tok m4_next_token(struct m4 *, struct m4_loc *);

/* m4_expand.c */
void	 m4_init(struct m4 *, struct model *, const struct src *main_file,
	    struct parse_error *, const struct m4_hooks *, void *user);
void	 m4_release(struct m4 *);
struct m4_macro *m4_lookup(struct m4 *, const char *, size_t);
struct m4_macro *m4_intern(struct m4 *, const char *);
bool	 m4_is_defined(struct m4 *, const char *);
const char *m4_arg(const struct m4_frame *, size_t);
struct m4_def *m4_set_def(struct m4 *, struct m4_macro *, const char *,
	    size_t, int builtin, bool push);
void	 m4_free_def(struct m4_def *);
void	 m4_undefine(struct m4 *, struct m4_macro *);
void	 m4_define_text(struct m4 *, const char *name, const char *text);
struct m4_macro *m4_install_builtin(struct m4 *, const char *, int builtin,
	    const char *text, bool blind);
void	 m4_expand_body(struct m4 *, const struct m4_frame *, const char *,
	    size_t);
void	 m4_result(struct m4 *, const struct m4_frame *, const char *, size_t);
void	 m4_results(struct m4 *, const struct m4_frame *, const char *);
void	 m4_quoted(struct m4 *, const struct m4_frame *, const char *, size_t);
void	 m4_free_frame(struct m4_frame *);
void	 m4_include_file(struct m4 *, const struct m4_frame *, struct src *,
	    const char *name, const char *real, bool from_lib);
bool	 m4_include_allowed(struct m4 *, const struct m4_frame *,
	    const char *name, const char *real);
int	 m4_run(struct m4 *);
int	 m4_run_all(struct m4 *);
char	*m4_capture(struct m4 *, const char *text, bool as_body);

/* m4_builtins.c */
void	 m4_install_builtins(struct m4 *);
void	 m4_call_macro(struct m4 *, struct m4_frame *);
void	 m4_set_quotes(struct m4 *, const char *lq, const char *rq);
void	 m4_set_comments(struct m4 *, const char *bc, const char *ec);
void	 m4_join_args(struct sbuf *, const struct m4_frame *, size_t from,
	    const char *sep);

/* m4_text.c: builtins that compute text (handlers of m4_builtins.c) */
void	 m4_do_eval(struct m4 *, struct m4_frame *);
void	 m4_do_substr(struct m4 *, struct m4_frame *);
void	 m4_do_translit(struct m4 *, struct m4_frame *);
void	 m4_do_incr(struct m4 *, struct m4_frame *);
void	 m4_do_index(struct m4 *, struct m4_frame *);
void	 m4_do_len(struct m4 *, struct m4_frame *);

/* m4_eval.c */
bool	 m4_parse_int(const char *, long long *);
int32_t	 m4_wrap32(long long);
bool	 m4_eval_expr(const char *, long long *, const char **error);
void	 m4_format_radix(struct sbuf *, long long, int radix, long long width);
void	 m4_translit_set(struct sbuf *, const char *);

#endif
