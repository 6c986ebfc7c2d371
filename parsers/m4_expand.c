/*
 * m4_expand - the m4 interpreter's macros and calls (m4.h): the macro
 * table and definition stacks, collecting a call's arguments, $ references
 * in bodies, pushing results back to be rescanned, the main loop, the
 * budget on calls, file inclusion (nesting, loops), m4wrap at the end,
 * reading text on its own (m4_capture), and setting up and releasing
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "parsers/m4.h"

/* m4_lookup - the macro of a name, or NULL */
struct m4_macro *
m4_lookup(struct m4 *r, const char *name, size_t len)
{
	return strmap_get(&r->macros, name, len);
}

/* m4_intern - the macro of a name, created undefined if new */
struct m4_macro *
m4_intern(struct m4 *r, const char *name)
{
	size_t len = strlen(name);
	struct m4_macro *mac = m4_lookup(r, name, len);

	if (mac != NULL)
		return mac;
	mac = arena_alloc(&r->ar, sizeof(*mac));
	mac->name = arena_strndup(&r->ar, name, len);
	if (r->hooks->interned != NULL)
		r->hooks->interned(r, mac);
	strmap_put(&r->macros, mac->name, len, mac);
	return mac;
}

/* m4_is_defined - ifdef() */
bool
m4_is_defined(struct m4 *r, const char *name)
{
	struct m4_macro *mac = m4_lookup(r, name, strlen(name));

	return mac != NULL && mac->top != NULL;
}

/* ------------------------------------------------------- output */

/* top_frame - the call whose arguments are being read, or NULL */
static struct m4_frame *
top_frame(struct m4 *r)
{
	return r->nframes > 0 ? &r->frames[r->nframes - 1] : NULL;
}

/* emit - text goes into the argument being collected, or to output */
static void
emit(struct m4 *r, const char *s, size_t n)
{
	struct m4_frame *f = top_frame(r);

	if (f != NULL)
		sb_addn(&f->args[f->nargs - 1], s, n);
	else if (r->capture != NULL)
		sb_addn(r->capture, s, n);
}

/* m4_arg - argument i of a call (0: the name), "" when absent */
const char *
m4_arg(const struct m4_frame *f, size_t i)
{
	return i < f->nargs ? f->args[i].p != NULL ? f->args[i].p : "" : "";
}

/* ------------------------------------------------------ definitions */

/* m4_free_def - release one definition */
void
m4_free_def(struct m4_def *d)
{
	free(d->text);
	free(d);
}

/* m4_set_def - define (replace the top) or pushdef */
struct m4_def *
m4_set_def(struct m4 *r, struct m4_macro *mac, const char *text, size_t len,
    int b, bool push)
{
	struct m4_def *d = xcalloc(1, sizeof(*d));

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
		m4_free_def(mac->top);
	}
	mac->top = d;
	return d;
}

/* m4_undefine - remove every definition */
void
m4_undefine(struct m4 *r, struct m4_macro *mac)
{
	while (mac->top != NULL) {
		struct m4_def *d = mac->top;

		mac->top = d->prev;
		m4_free_def(d);
	}
	if (r->hooks->undefined != NULL)
		r->hooks->undefined(r, mac);
}

/* m4_define_text - define(name, text) as the reader does it internally */
void
m4_define_text(struct m4 *r, const char *name, const char *text)
{
	m4_set_def(r, m4_intern(r, name), text, strlen(text), B_NONE, false);
}

/* ------------------------------------------------------ calls */

/* push_frame - a new pending call */
static struct m4_frame *
push_frame(struct m4 *r)
{
	struct m4_frame *f;

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
new_arg(struct m4_frame *f)
{
	if (f->nargs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 4;
		f->args = xreallocarray(f->args, f->cap, sizeof(*f->args));
	}
	memset(&f->args[f->nargs], 0, sizeof(f->args[0]));
	sb_str(&f->args[f->nargs]);
	f->nargs++;
}

/* m4_free_frame - release a call's arguments */
void
m4_free_frame(struct m4_frame *f)
{
	size_t i;

	for (i = 0; i < f->nargs; i++)
		sb_free(&f->args[i]);
	free(f->args);
}

/* arg_pos - the main file's offset of the next character, if it is there */
static bool
arg_pos(struct m4 *r, uint32_t *off)
{
	struct m4_layer *l = m4_top(r);

	if (r->nlayers != 1 || r->layers[0].kind != LK_MAIN)
		return false;
	*off = l != NULL ? (uint32_t)l->pos : (uint32_t)r->layers[0].len;
	return true;
}

/* begin_arg - start the next argument: leading white space is dropped */
static void
begin_arg(struct m4 *r, struct m4_frame *f)
{
	uint32_t off;
	size_t i;

	new_arg(f);
	while (m4_peekc(r) != EOF && isspace(m4_peekc(r)))
		(void)m4_getc(r);
	i = f->nargs - 2;	/* argument i+1 */
	if (f->own != NULL && i < 3 && arg_pos(r, &off)) {
		f->own->arg_start[i] = off;
		f->own->known |= 1u << i;
	}
}

/* finish_call - the frame's arguments are complete: call the macro */
static void
finish_call(struct m4 *r)
{
	struct m4_frame f = r->frames[--r->nframes];

	if (f.own != NULL) {
		const char *b = r->src->bytes;
		uint32_t e;

		if (!arg_pos(r, &e))
			e = f.own->name_end;
		f.own->call_end = e;
		if (e + 3 <= r->src->len && memcmp(b + e, "dnl", 3) == 0 &&
		    (e + 3 == r->src->len || !m4_is_name_char(b[e + 3]))) {
			const char *nl = memchr(b + e, '\n', r->src->len - e);

			e = nl != NULL ? (uint32_t)(nl - b + 1) :
			    (uint32_t)r->src->len;
		}
		f.own->line_end = e;
	}
	if (++r->calls > M4_MAX_CALLS + r->input) {
		m4_fail(r, span_make(r->src, f.mc_off, f.mc_off + 1),
		    "m4 expansion does not terminate: more than %lu macro "
		    "calls (a macro that calls itself?)",
		    M4_MAX_CALLS + (unsigned long)r->input);
	} else if (f.mac->top != NULL) {
		m4_call_macro(r, &f);
	}
	m4_free_frame(&f);
}

/* start_call - a defined macro name was read */
static void
start_call(struct m4 *r, struct m4_macro *mac, const struct m4_loc *at)
{
	struct m4_frame *f = push_frame(r);

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
	if (m4_peekc(r) == '(') {
		(void)m4_getc(r);
		begin_arg(r, f);
		return;
	}
	finish_call(r);
}

/* m4_expand_body - a macro body with $ references, pushed back as input */
void
m4_expand_body(struct m4 *r, const struct m4_frame *f, const char *body,
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
			sb_adds(&out, m4_arg(f, n));
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
				sb_adds(&out, m4_arg(f, k));
				if (c == '@')
					sb_adds(&out, r->rq);
			}
			i++;
		} else {
			sb_addc(&out, '$');
		}
	}
	m4_push_text(r, out.p, out.len, f->anchor, f->from_lib);
	sb_free(&out);
}

/* m4_result - builtin output, rescanned like any expansion */
void
m4_result(struct m4 *r, const struct m4_frame *f, const char *s, size_t n)
{
	m4_push_text(r, s, n, f->anchor, f->from_lib);
}

/* m4_results - builtin output from a C string */
void
m4_results(struct m4 *r, const struct m4_frame *f, const char *s)
{
	m4_result(r, f, s, strlen(s));
}

/* m4_quoted - push text back inside the current quotes (not rescanned) */
void
m4_quoted(struct m4 *r, const struct m4_frame *f, const char *s, size_t n)
{
	struct sbuf b = { 0 };

	if (n == 0)
		return;
	sb_adds(&b, r->lq);
	sb_addn(&b, s, n);
	sb_adds(&b, r->rq);
	m4_result(r, f, b.p, b.len);
	sb_free(&b);
}

/* ------------------------------------------------------ main loop */

/* m4_run - read input until it ends (or an error, or m4exit) */
int
m4_run(struct m4 *r)
{
	struct m4_loc at;

	while (!r->failed && !r->stopped) {
		enum m4_tok t = m4_next_token(r, &at);
		struct m4_frame *f = top_frame(r);
		struct m4_macro *mac;
		char c;

		switch (t) {
		case TK_EOF:
			if (r->failed)
				return -1;
			if (f != NULL) {
				struct m4_loc start = { 0 };

				start.in_mc = f->own != NULL;
				start.off = f->mc_off;
				start.anchor = f->anchor;
				return m4_fail(r, m4_loc_span(r, &start), "%send "
				    "of file in argument list: %s( is never "
				    "closed", m4_where_text(f->path, f->line),
				    f->mac->name);
			}
			return 0;
		case TK_WORD:
			mac = m4_lookup(r, r->tok.p, r->tok.len);
			if (mac != NULL && mac->top != NULL &&
			    (!mac->blind || m4_peekc(r) == '(')) {
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

/* m4_install_builtin - define a name as a builtin */
struct m4_macro *
m4_install_builtin(struct m4 *r, const char *name, int b,
    const char *text, bool blind)
{
	struct m4_macro *mac = m4_intern(r, name);

	m4_undefine(r, mac);
	m4_set_def(r, mac, text, strlen(text), b, false);
	mac->blind = blind;
	return mac;
}

/* m4_include_allowed - may the file real be read next? A note if not */
bool
m4_include_allowed(struct m4 *r, const struct m4_frame *f, const char *name,
    const char *real)
{
	struct span at = m4_anchor_span(r, f->anchor);
	size_t k, depth = 0;

	for (k = 0; k < r->nlayers; k++)
		if (r->layers[k].kind == LK_USER || r->layers[k].kind == LK_LIB)
			depth++;
	if (depth >= M4_MAX_INCLUDE_DEPTH) {
		m4_note(r, "mc-not-followed", at, "include(`%s') not followed: "
		    "includes nest deeper than %d", name, M4_MAX_INCLUDE_DEPTH);
		return false;
	}
	for (k = 0; k < r->nlayers; k++) {
		if (r->layers[k].real != NULL &&
		    strcmp(r->layers[k].real, real) == 0) {
			m4_note(r, "mc-not-followed", at, "include(`%s') not "
			    "followed: it includes itself", name);
			return false;
		}
	}
	return true;
}

/* m4_include_file - read the file s next (taken over) */
void
m4_include_file(struct m4 *r, const struct m4_frame *f, struct src *s,
    const char *name, const char *real, bool from_lib)
{
	struct m4_layer l = { 0 };

	l.src = s;
	l.text = s->bytes;
	l.len = s->len;
	l.kind = from_lib ? LK_LIB : LK_USER;
	l.from_lib = from_lib;
	l.anchor = f->anchor;
	l.path = arena_strdup(&r->ar, name);
	l.real = arena_strdup(&r->ar, real);
	l.line = 1;
	r->input += s->len;
	if (s->len > 0)
		m4_push_layer(r, &l);
	else
		src_free(s);
}

/* m4_run_all - the input, then the m4wrap texts, the last one first */
int
m4_run_all(struct m4 *r)
{
	int rc = m4_run(r);

	while (rc == 0 && !r->stopped && r->nwraps > 0) {
		struct m4_wrap w = r->wraps[--r->nwraps];

		rc = m4_push_text(r, w.text, strlen(w.text), w.anchor,
		    w.from_lib);
		free(w.text);
		if (rc == 0)
			rc = m4_run(r);
	}
	return rc;
}

/*
 * m4_capture - read m4 text on its own, after the input, and return what
 * m4 would write for it (in the model's arena); as_body: the text is a
 * macro body called without arguments ($1… empty). An error leaves
 * r->failed set, with what was written up to it returned.
 */
char *
m4_capture(struct m4 *r, const char *text, bool as_body)
{
	struct sbuf out = { 0 };
	struct m4_layer *saved = r->layers;
	size_t nsaved = r->nlayers, capsaved = r->caplayers;
	char *s;

	r->layers = NULL;
	r->nlayers = r->caplayers = 0;
	r->capture = &out;
	if (as_body) {
		struct m4_frame f = { 0 };
		struct sbuf name = { 0 };

		sb_str(&name);
		f.args = &name;
		f.nargs = 1;
		m4_expand_body(r, &f, text, strlen(text));
		sb_free(&name);
	} else {
		m4_push_text(r, text, strlen(text), NULL, false);
	}
	if (!r->failed)
		(void)m4_run(r);
	while (r->nframes > 0)
		m4_free_frame(&r->frames[--r->nframes]);
	while (r->nlayers > 0)
		m4_pop_layer(r);
	free(r->layers);
	r->layers = saved;
	r->nlayers = nsaved;
	r->caplayers = capsaved;
	r->capture = NULL;
	r->stopped = false;
	s = arena_strndup(&r->m->arena, out.p != NULL ? out.p : "", out.len);
	sb_free(&out);
	return s;
}

/*
 * m4_init - an interpreter reading main_file, with ` and ' as quotes and
 * no builtins yet (m4_install_builtins)
 */
void
m4_init(struct m4 *r, struct model *m, const struct src *main_file,
    struct parse_error *err, const struct m4_hooks *hooks, void *user)
{
	struct m4_layer l = { 0 };

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->src = main_file;
	r->err = err;
	r->hooks = hooks;
	r->user = user;
	err->where = span_make(NULL, 0, 0);
	err->msg[0] = '\0';
	m4_set_quotes(r, "`", "'");
	l.text = main_file->bytes;
	l.len = main_file->len;
	r->input = main_file->len;
	l.kind = LK_MAIN;
	l.path = main_file->path;
	m4_push_layer(r, &l);
}

/* m4_release - free everything the interpreter owns */
void
m4_release(struct m4 *r)
{
	size_t i;

	while (r->nlayers > 0)
		m4_pop_layer(r);
	free(r->layers);
	for (i = 0; i < r->nframes; i++)
		m4_free_frame(&r->frames[i]);
	free(r->frames);
	for (i = 0; i < r->macros.cap; i++) {
		struct m4_macro *mac = r->macros.slots[i].value;

		while (mac != NULL && mac->top != NULL) {
			struct m4_def *d = mac->top;

			mac->top = d->prev;
			m4_free_def(d);
		}
	}
	strmap_release(&r->macros);
	for (i = 0; i < r->nwraps; i++)
		free(r->wraps[i].text);
	free(r->wraps);
	free(r->lq);
	free(r->rq);
	free(r->bc);
	free(r->ec);
	sb_free(&r->tok);
	arena_release(&r->ar);
}
