/*
 * rule - the rule registry, reporting, parameters and helpers for checks
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixers/fixers.h"
#include "linter/rule.h"
#include "lib/strmap.h"
#include "parsers/pf_defaults.h"
#include "parsers/pf_expand.h"
#include "parsers/pf_facts.h"
#include "parsers/sm_facts.h"
#include "lib/xalloc.h"

/* ---- reporting and parameters ---- */

/* the longest message a finding keeps, in bytes */
#define MESSAGE_MAX 4096

/* cut_message - end a message of size bytes with "…", cut between
   UTF-8 characters */
static void
cut_message(char *msg, size_t size)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	size_t at = size - (sizeof(ellipsis) - 1);

	while (at > 0 && ((unsigned char)msg[at] & 0xc0) == 0x80)
		at--;
	memcpy(msg + at, ellipsis, sizeof(ellipsis));
}

/*
 * report_at - a finding at a span of src (NULL: no place in the file),
 * in the file shown as file, about what subj names (may be NULL)
 */
static void report_at(struct rule_ctx *, const struct src *src,
	    const char *file, struct span where, const char *key,
	    const struct finding_subject *subj, const char *fmt, va_list ap)
	    __attribute__((format(printf, 7, 0)));

static void
report_at(struct rule_ctx *ctx, const struct src *src, const char *file,
    struct span where, const char *key, const struct finding_subject *subj,
    const char *fmt, va_list ap)
{
	struct finding *f = findings_add(ctx->out);
	bool long_message;
	va_list copy;
	int n;

	f->rule = ctx->rule;
	f->model = ctx->model;
	f->severity = ctx->severity;
	f->mta = ctx->model->mta;
	f->src = src;
	f->file = file;
	if (where.src != NULL && where.start != SPAN_WHOLE_FILE) {
		f->offset = where.start;
		src_position(where.src, where.start, &f->line, &f->column);
		/*
		 * The end of the file (where a missing setting goes) is the
		 * line after the last, with or without a final newline: a
		 * comment on the last line does not cover it, and a fix that
		 * appends a line does not move it off a covered line.
		 */
		if (where.start == where.end && where.start == where.src->len &&
		    src_open_end(where.src)) {
			f->line = (unsigned)where.src->nlines + 1;
			f->column = 1;
		}
	}
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	/* a value of megabytes, quoted by a finding for each of its words,
	   would take memory by the square of its size */
	long_message = n > MESSAGE_MAX;
	if (long_message)
		n = MESSAGE_MAX;
	f->message = xmalloc((size_t)n + 1);
	vsnprintf(f->message, (size_t)n + 1, fmt, ap);
	if (long_message)
		cut_message(f->message, (size_t)n);
	f->key = xstrdup(key != NULL ? key : "");
	if (subj != NULL) {
		f->setting = subj->setting;
		f->service = subj->service;
		f->listener = subj->listener;
		f->entry = subj->entry;
		f->param = subj->param != NULL ? xstrdup(subj->param) : NULL;
	}
	finding_fingerprint(f);
}

/* main_or_first - the file a finding with no place of its own is in */
static const struct src *
main_or_first(const struct rule_ctx *ctx, struct span where)
{
	if (where.src != NULL)
		return where.src;
	return ctx->model->main_src != NULL ? ctx->model->main_src :
	    ctx->model->nsrcs > 0 ? ctx->model->srcs[0] : NULL;
}

void
rule_report(struct rule_ctx *ctx, struct span where, const char *key,
    const char *fmt, ...)
{
	const struct src *src = main_or_first(ctx, where);
	va_list ap;

	va_start(ap, fmt);
	report_at(ctx, src, src != NULL ? src->path : "", where, key, NULL,
	    fmt, ap);
	va_end(ap);
}

void
rule_report_about(struct rule_ctx *ctx, struct span where, const char *key,
    const struct finding_subject *subj, const char *fmt, ...)
{
	const struct src *src = main_or_first(ctx, where);
	va_list ap;

	va_start(ap, fmt);
	report_at(ctx, src, src != NULL ? src->path : "", where, key, subj,
	    fmt, ap);
	va_end(ap);
}

void
rule_report_setting(struct rule_ctx *ctx, struct span where,
    const struct setting *s, const char *name, const char *fmt, ...)
{
	const struct src *src = main_or_first(ctx, where);
	struct finding_subject subj = { s, s != NULL ? s->service : NULL, NULL,
	    NULL, name };
	va_list ap;

	va_start(ap, fmt);
	report_at(ctx, src, src != NULL ? src->path : "", where,
	    rule_setting_key(s, name), &subj, fmt, ap);
	va_end(ap);
}

void
rule_report_param(struct rule_ctx *ctx, struct span where, const char *name,
    const char *fmt, ...)
{
	const struct src *src = main_or_first(ctx, where);
	struct finding_subject subj = { NULL, NULL, NULL, NULL, name };
	va_list ap;

	va_start(ap, fmt);
	report_at(ctx, src, src != NULL ? src->path : "", where, name, &subj,
	    fmt, ap);
	va_end(ap);
}

void
rule_report_path(struct rule_ctx *ctx, const char *path, const char *key,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_at(ctx, NULL, path, span_make(NULL, 0, 0), key, NULL, fmt, ap);
	va_end(ap);
}

/* ---- helpers shared by checks ---- */

bool
rule_seen_before(struct rule_seen *s, const void *key)
{
	bool seen;

	if (key == NULL) {
		seen = s->null_seen;
		s->null_seen = true;
		return seen;
	}
	return ptrmap_put(&s->keys, key, (void *)key) != NULL;
}

void
rule_seen_release(struct rule_seen *s)
{
	ptrmap_release(&s->keys);
	s->null_seen = false;
}

char *
rule_servers_sharing(const struct model *m, size_t fact_offset,
    const void *from)
{
	struct strbuf list = STRBUF_INIT;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		const struct fact *f = (const struct fact *)
		    ((const char *)m->servers[i] + fact_offset);

		if (f->from == from)
			strbuf_add_item(&list, ", ", m->servers[i]->name);
	}
	return strbuf_take(&list);
}

const char *
rule_setting_key(const struct setting *s, const char *name)
{
	static char buf[256];

	if (s != NULL && s->scope != NULL)
		snprintf(buf, sizeof(buf), "%s:%s", s->scope, name);
	else
		snprintf(buf, sizeof(buf), "%s", name);
	return buf;
}

void
rule_report_notes(struct rule_ctx *ctx, const char *code)
{
	const struct model *m = ctx->model;
	struct strmap seen = STRMAP_INIT;	/* text -> notes of it so far */
	size_t i;

	for (i = 0; i < m->nnotes; i++) {
		const struct model_note *n = m->notes[i];
		const struct src *s = n->where.src;
		char key[256];
		size_t same;

		if (strcmp(n->code, code) != 0)
			continue;
		/*
		 * The key is what the note is about, never where: the text of
		 * the line it points at, and how many same notes came before.
		 */
		same = (size_t)(uintptr_t)strmap_get(&seen, n->text,
		    strlen(n->text));
		strmap_put(&seen, n->text, strlen(n->text),
		    (void *)(uintptr_t)(same + 1));
		if (s != NULL && n->where.start != SPAN_WHOLE_FILE) {
			size_t a = n->where.start, e = a;

			while (e < s->len && s->bytes[e] != '\n' && e - a < 160)
				e++;
			snprintf(key, sizeof(key), "%s:%.*s#%zu", code,
			    (int)(e - a), s->bytes + a, same);
		} else {
			snprintf(key, sizeof(key), "%s:%.160s#%zu", code,
			    n->text,
			    same);
		}
		rule_report(ctx, n->where, key, "%s", n->text);
	}
	strmap_release(&seen);
}

void
rule_describe_setting(const struct setting *s, const char *name, char *buf,
    size_t len)
{
	const char *shown = s != NULL && s->written_as != NULL &&
	    strchr(s->written_as, '(') == NULL && strcmp(s->written_as,
	    "DAEMON_OPTIONS") != 0 ? s->written_as : name;
	const char *v = setting_value(s);

	if (s == NULL)
		snprintf(buf, len, "%s is not set", name);
	else if (s->scope != NULL)
		snprintf(buf, len, "-o %s=%s (master.cf, %s)", name, v,
		    s->scope);
	else
		snprintf(buf, len, "%s = %s%s", shown, *v ? v : "(empty)",
		    s->source == SOURCE_DEFAULT ? " (default)" : "");
}

struct span
rule_where(const struct model *m, const struct setting *s)
{
	return model_setting_where(m, s);
}

const char *
rule_value(const struct model *m, const char *name)
{
	return setting_value(model_lookup(m, name));
}

/* ---- master.cf services and the values one smtpd service sees ---- */

/*
 * rule_service_is_effective - no later master.cf entry of the same name and
 * type replaces the service (the last one wins)
 */
bool
rule_service_is_effective(const struct model *m, const struct service *svc)
{
	(void)m;
	return !svc->superseded;
}

/*
 * rule_settings_service - the service whose -o overrides a server's smtpd
 * reads: its own entry, or behind postscreen the last effective smtpd
 * "pass" service (NULL when there is none: main.cf alone decides)
 */
const struct service *
rule_settings_service(const struct model *m, const struct smtp_server *srv)
{
	const struct service *svc = srv->service, *pass = NULL;
	size_t i;

	if (svc == NULL || svc->command == NULL ||
	    strcmp(svc->command, "postscreen") != 0)
		return svc;
	for (i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];

		if (strcmp(s->type, "pass") == 0 && s->command != NULL &&
		    strcmp(s->command, "smtpd") == 0 &&
		    rule_service_is_effective(m, s))
			pass = s;
	}
	return pass;
}

/*
 * rule_settings_service_or_postscreen - rule_settings_service(), but the
 * postscreen entry itself when master.cf has no smtpd "pass" service
 */
const struct service *
rule_settings_service_or_postscreen(const struct model *m,
    const struct smtp_server *srv)
{
	const struct service *svc = rule_settings_service(m, srv);

	return svc != NULL ? svc : srv->service;
}

/*
 * rule_service_field_span - the n-th field (0-based) of a master.cf
 * entry's first line
 */
struct span
rule_service_field_span(const struct service *svc, int n)
{
	const struct src *src = svc->line_span.src;
	size_t p, end;
	int k;

	if (src == NULL)
		return svc->name_span;
	p = svc->line_span.start;
	end = svc->line_span.end;
	for (k = 0; p < end && src->bytes[p] != '\n'; k++) {
		size_t st;

		while (p < end && (src->bytes[p] == ' ' ||
		    src->bytes[p] == '\t'))
			p++;
		st = p;
		while (p < end && !isspace((unsigned char)src->bytes[p]))
			p++;
		if (p == st)
			break;
		if (k == n)
			return span_make(src, st, p);
	}
	return svc->name_span;
}

/* rule_server_is_public - the server listens on a non-loopback address */
bool
rule_server_is_public(const struct model *m, const struct smtp_server *srv)
{
	(void)m;
	return srv->nlisteners == 0 || srv->public_listener != NULL;
}

/* view_raw - the raw value: the service's last -o, else main.cf or default */
static const char *
view_raw(void *arg, const char *name)
{
	const struct rule_pf_view *v = arg;
	const struct setting *s = model_service_lookup(v->m, v->svc, name);

	return s != NULL ? s->raw : NULL;
}

/* rule_pf_view_init - start a view of one service (NULL: main.cf only) */
void
rule_pf_view_init(struct rule_pf_view *v, const struct model *m,
    const struct service *svc)
{
	v->m = m;
	v->svc = svc;
	v->ar.head = NULL;
	pf_expander_init(&v->x, &v->ar, view_raw, v);
}

/* rule_pf_view_release - free the expanded values of a view */
void
rule_pf_view_release(struct rule_pf_view *v)
{
	pf_expander_release(&v->x);
	arena_release(&v->ar);
}

/* rule_pf_value - a parameter as the service sees it, expanded ("" if unset) */
const char *
rule_pf_value(struct rule_pf_view *v, const char *name)
{
	const char *s = pf_expand_param(&v->x, name);

	return s != NULL ? s : "";
}

/* rule_pf_setting - the setting that decides a parameter for the service */
const struct setting *
rule_pf_setting(const struct rule_pf_view *v, const char *name)
{
	return model_service_lookup(v->m, v->svc, name);
}

/* rule_pf_is_yes - a Postfix boolean that is on ("yes", any case) */
bool
rule_pf_is_yes(const char *v)
{
	return v != NULL && strcasecmp(v, "yes") == 0;
}

/*
 * rule_pf_shown - "name = value", with "(default)" or "(-o in svc)";
 * caller frees
 */
char *
rule_pf_shown(const struct setting *s, const char *name, const char *value)
{
	char *v = xstrdup(value), *out;
	size_t i, o = 0;

	/* continuation lines: one blank between words, as postconf shows */
	for (i = 0; value[i] != '\0'; i++)
		if (!isspace((unsigned char)value[i]))
			v[o++] = value[i];
		else if (o > 0 && v[o - 1] != ' ')
			v[o++] = ' ';
	while (o > 0 && v[o - 1] == ' ')
		o--;
	v[o] = '\0';
	if (s == NULL || s->source == SOURCE_DEFAULT)
		out = *v == '\0' ? xasprintf("%s is empty (default)", name) :
		    xasprintf("%s = %s (default)", name, v);
	else if (s->scope != NULL)
		out = xasprintf("%s = %s (-o in %s)", name, v, s->scope);
	else
		out = *v == '\0' ? xasprintf("%s is empty", name) :
		    xasprintf("%s = %s", name, v);
	free(v);
	return out;
}

/* ---- findings that several servers share ---- */

/* group_add - the item of (id, text), with its subject when it is new */
static void
group_add(struct rule_group *g, const void *id, struct span where,
    const char *key, const struct setting *s, const char *name,
    const char *server, char *text)
{
	struct rule_group_item *it;
	size_t last = (size_t)(uintptr_t)strmap_get(&g->by_text, text,
	    strlen(text)), i;

	for (i = last; i > 0; i = g->items[i - 1].same_text) {
		it = &g->items[i - 1];
		if (it->id != id)
			continue;
		strbuf_add_item(&it->servers, ", ", server);
		free(text);
		return;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->items = xreallocarray(g->items, g->cap, sizeof(*g->items));
	}
	it = &g->items[g->n++];
	memset(it, 0, sizeof(*it));
	it->id = id;
	it->where = where;
	it->key = xstrdup(key);
	it->setting = s;
	it->param = name != NULL ? xstrdup(name) : NULL;
	it->text = text;	/* owned by the item: the map borrows it */
	strbuf_adds(&it->servers, server);
	it->same_text = last;
	strmap_put(&g->by_text, text, strlen(text), (void *)(uintptr_t)g->n);
}

void
rule_group_add(struct rule_group *g, const void *id, struct span where,
    const char *key, const char *server, char *text)
{
	group_add(g, id, where, key, NULL, NULL, server, text);
}

void
rule_group_add_setting(struct rule_group *g, const void *id,
    struct span where, const struct setting *s, const char *name,
    const char *server, char *text)
{
	group_add(g, id, where, rule_setting_key(s, name), s, name, server,
	    text);
}

/* rule_group_flush - one finding per item: "servers: text"; keys made unique */
void
rule_group_flush(struct rule_ctx *ctx, struct rule_group *g)
{
	struct strmap keys = STRMAP_INIT;	/* key -> the item that has it */
	size_t i;

	for (i = 0; i < g->n; i++) {
		struct rule_group_item *it = &g->items[i];
		struct finding_subject subj = { it->setting,
		    it->setting != NULL ?
		    it->setting->service : NULL, NULL, NULL, it->param };
		const char *servers = strbuf_str(&it->servers);
		char *key;

		/* a key an earlier item has: made unique by the servers */
		if (strmap_put(&keys, it->key, strlen(it->key), it) != NULL)
			key = xasprintf("%s@%s", it->key, servers);
		else
			key = xstrdup(it->key);
		rule_report_about(ctx, it->where, key, &subj, "%s: %s",
		    servers, it->text);
		free(key);
	}
	strmap_release(&keys);
	for (i = 0; i < g->n; i++) {
		free(g->items[i].key);
		free(g->items[i].param);
		free(g->items[i].text);
		strbuf_release(&g->items[i].servers);
	}
	free(g->items);
	strmap_release(&g->by_text);
	memset(g, 0, sizeof(*g));
}

/* rule_servers_by_setting_add - add a server to the names of its setting */
void
rule_servers_by_setting_add(struct rule_servers_by_setting *g,
    const struct setting *from, const char *server)
{
	size_t i = (size_t)(uintptr_t)ptrmap_get(&g->index, from);
	size_t cap = g->n;

	if (i > 0) {
		strbuf_add_item(&g->names[i - 1], ", ", server);
		return;
	}
	/* grown at powers of two, so that adding stays linear */
	if ((g->n & (g->n - 1)) == 0) {
		cap = g->n ? g->n * 2 : 4;
		g->from = xreallocarray(g->from, cap, sizeof(*g->from));
		g->names = xreallocarray(g->names, cap, sizeof(*g->names));
	}
	g->from[g->n] = from;
	g->names[g->n] = (struct strbuf)STRBUF_INIT;
	strbuf_adds(&g->names[g->n], server);
	g->n++;
	ptrmap_put(&g->index, from, (void *)(uintptr_t)g->n);
}

void
rule_servers_by_setting_release(struct rule_servers_by_setting *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		strbuf_release(&g->names[i]);
	free(g->names);
	free(g->from);
	ptrmap_release(&g->index);
	memset(g, 0, sizeof(*g));
}

/* rule_append_name - add a name to the comma-separated list in buf */
void
rule_append_name(char *buf, size_t size, const char *name)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "", name);
}

/* ---- sendmail daemons and files ---- */

/* rule_daemon_option - sm_daemon_key() into buf ("" if absent) */
bool
rule_daemon_option(const char *options, char key, char *buf, size_t size)
{
	const char *v;
	size_t n;
	bool found = sm_daemon_key(options, key, &v, &n);

	snprintf(buf, size, "%.*s", found ? (int)n : 0, found ? v : "");
	return found;
}

/* rule_sm_daemon_options - the DaemonPortOptions of a sendmail daemon */
const char *
rule_sm_daemon_options(const struct model *m, const struct smtp_server *srv)
{
	size_t i;

	(void)m;
	for (i = 0; i < srv->nlisteners; i++)
		if (srv->listeners[i]->from != NULL)
			return srv->listeners[i]->from->raw;
	return "Name=MTA";
}

/* rule_sm_daemon_where - where a daemon is defined (or the main file's end) */
struct span
rule_sm_daemon_where(const struct model *m, const struct smtp_server *srv)
{
	size_t i;

	for (i = 0; i < srv->nlisteners; i++)
		if (srv->listeners[i]->from != NULL)
			return rule_where(m, srv->listeners[i]->from);
	return rule_where(m, NULL);
}

/*
 * rule_sm_cf_src - the sendmail.cf that sendmail reads: the one read
 * beside a .mc, or the main file when it is a .cf; NULL for a .mc alone
 */
const struct src *
rule_sm_cf_src(const struct model *m)
{
	const struct model *cf = rule_sm_cf_model(m);

	return cf != NULL ? cf->main_src : NULL;
}

/*
 * rule_sm_cf_model - the model read from that sendmail.cf (its H, S and R
 * lines), or NULL
 */
const struct model *
rule_sm_cf_model(const struct model *m)
{
	if (m->generated != NULL)
		return m->generated;
	if (m->main_src != NULL && !model_is_mc(m))
		return m;
	return NULL;
}

/* rule_find_src - the source read from a path on disk, or NULL */
const struct src *
rule_find_src(const struct model *m, const char *fs_path)
{
	size_t i;

	for (i = 0; i < m->nsrcs; i++)
		if (m->srcs[i]->fs_path != NULL &&
		    strcmp(m->srcs[i]->fs_path, fs_path) == 0)
			return m->srcs[i];
	return NULL;
}

/* ---- lists and ports ---- */

/* in_list - word is one of the n items, compared by cmp */
static bool
in_list(const char *const *items, size_t n, const char *word,
    int (*cmp)(const char *, const char *))
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cmp(items[i], word) == 0)
			return true;
	return false;
}

/* rule_in_list - word is one of the n items (case matters) */
bool
rule_in_list(const char *const *items, size_t n, const char *word)
{
	return in_list(items, n, word, strcmp);
}

/* rule_in_list_any_case - word is one of the n items, in any case */
bool
rule_in_list_any_case(const char *const *items, size_t n, const char *word)
{
	return in_list(items, n, word, strcasecmp);
}

/* port_number - the number of a port name compared by cmp, else port */
static const char *
port_number(const char *port, int (*cmp)(const char *, const char *))
{
	static const char *const names[][2] = {
		{ "smtp", "25" }, { "submission", "587" },
		{ "submissions", "465" }, { "smtps", "465" },
		{ "urd", "465" }, { "lmtp", "24" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (cmp(names[i][0], port) == 0)
			return names[i][1];
	return port;
}

/* rule_port_number - "smtp" and "25" are the same port: the number of a name */
const char *
rule_port_number(const char *port)
{
	return port_number(port, strcmp);
}

/* rule_port_number_any_case - rule_port_number(), the name in any case */
const char *
rule_port_number_any_case(const char *port)
{
	return port_number(port, strcasecmp);
}

/* ---- the registry ---- */

size_t
rule_total(void)
{
	return rule_table_count;
}

const struct rule *
rule_at(size_t i)
{
	return i < rule_table_count ? &rule_table[i] : NULL;
}

const struct rule *
rule_find(const char *key)
{
	size_t i;

	for (i = 0; i < rule_table_count; i++) {
		if (strcasecmp(rule_table[i].id, key) == 0 ||
		    strcmp(rule_table[i].name, key) == 0)
			return &rule_table[i];
	}
	return NULL;
}

const char *
rule_canon(const char *key)
{
	const struct rule *r = rule_find(key);

	return r != NULL ? r->id : NULL;
}

