/*
 * model - the common model of both MTAs
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/model.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

const char *
mta_name(enum mta mta)
{
	return mta == MTA_POSTFIX ? "postfix" : "sendmail";
}

struct model *
model_new(enum mta mta)
{
	struct model *m = xcalloc(1, sizeof(*m));

	m->mta = mta;
	return m;
}

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nsrcs; i++)
		src_free(m->srcs[i]);
	free(m->srcs);
	free(m->settings);
	free(m->effective);
	for (i = 0; i < m->nservices; i++)
		free(m->services[i]->overrides);
	free(m->services);
	free(m->listeners);
	free(m->maps);
	free(m->files);
	free(m->servers);
	free(m->notes);
	free(m->entries);
	free(m->steps);
	free(m->relay_grants);
	free(m->unread);
	free(m->headers);
	free(m->rulesets);
	free(m->rules);
	free(m->stamps);
	model_free(m->generated);
	arena_release(&m->arena);
	free(m);
}

void
model_link_listeners(struct model *m)
{
	struct strmap by_name = STRMAP_INIT;
	struct smtp_server **owner;
	size_t i;

	for (i = 0; i < m->nservers; i++) {
		struct smtp_server *srv = m->servers[i];

		srv->nlisteners = 0;
		srv->public_listener = NULL;
		strmap_put(&by_name, srv->name, strlen(srv->name), srv);
	}
	/* count, then fill: one lookup per listener */
	owner = xcalloc(m->nlisteners + 1, sizeof(*owner));
	for (i = 0; i < m->nlisteners; i++) {
		const char *name = m->listeners[i]->server;

		owner[i] = strmap_get(&by_name, name, strlen(name));
		if (owner[i] != NULL)
			owner[i]->nlisteners++;
	}
	for (i = 0; i < m->nservers; i++) {
		struct smtp_server *srv = m->servers[i];

		srv->listeners = arena_alloc(&m->arena,
		    (srv->nlisteners + 1) * sizeof(*srv->listeners));
		srv->nlisteners = 0;
	}
	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		struct smtp_server *srv = owner[i];

		if (srv == NULL)
			continue;
		srv->listeners[srv->nlisteners++] = l;
		if (!l->loopback && srv->public_listener == NULL)
			srv->public_listener = l;
	}
	free(owner);
	strmap_release(&by_name);
}

/* model_append_ptr - vectors grow by doubling when their size is a power of two */
void
model_append_ptr(struct model *m, void ***vec, size_t *n, void *item)
{
	(void)m;
	if (*n == 0 || (*n & (*n - 1)) == 0)
		*vec = xreallocarray(*vec, *n == 0 ? 1 : *n * 2, sizeof(void *));
	(*vec)[(*n)++] = item;
}

const struct src *
model_add_src(struct model *m, struct src *s)
{
	MODEL_APPEND(m, m->srcs, m->nsrcs, s);
	return s;
}

static int
cmp_name_setting(const void *key, const void *elem)
{
	const struct setting *const *s = elem;

	return strcmp(key, (*s)->name);
}

const struct setting *
model_lookup(const struct model *m, const char *name)
{
	struct setting *const *hit;

	if (m->neffective == 0)
		return NULL;
	hit = bsearch(name, m->effective, m->neffective, sizeof(*hit),
	    cmp_name_setting);
	return hit != NULL ? *hit : NULL;
}

const struct setting *
model_service_lookup(const struct model *m, const struct service *svc,
    const char *name)
{
	size_t i;

	/* The last -o of a name is the one the daemon keeps. */
	for (i = svc != NULL ? svc->noverrides : 0; i > 0; i--) {
		if (strcmp(svc->overrides[i - 1]->name, name) == 0)
			return svc->overrides[i - 1];
	}
	return model_lookup(m, name);
}

void
model_add_note(struct model *m, const char *code, struct span where,
    const char *fmt, ...)
{
	struct model_note *note = arena_alloc(&m->arena, sizeof(*note));
	va_list ap;

	va_start(ap, fmt);
	note->text = arena_vprintf(&m->arena, fmt, ap);
	va_end(ap);
	note->code = code;
	note->where = where;
	MODEL_APPEND(m, m->notes, m->nnotes, note);
}

void
model_add_unread(struct model *m, const char *path, const char *why,
    struct span where)
{
	struct unread_file *u = arena_alloc(&m->arena, sizeof(*u));

	u->path = arena_strdup(&m->arena, path);
	u->why = arena_strdup(&m->arena, why);
	u->where = where;
	MODEL_APPEND(m, m->unread, m->nunread, u);
}

void
model_add_step(struct model *m, const char *fmt, ...)
{
	va_list ap;
	char *step;
	size_t i;

	va_start(ap, fmt);
	step = arena_vprintf(&m->arena, fmt, ap);
	va_end(ap);
	for (i = 0; i < m->nsteps; i++)
		if (strcmp(m->steps[i], step) == 0)
			return;
	MODEL_APPEND(m, m->steps, m->nsteps, (void *)step);
}

const char *
model_deployed(const struct model *m, const char *fs_path, char *buf,
    size_t size)
{
	const char *r = m->root;
	size_t n;

	if (r == NULL || fs_path == NULL || strcmp(r, "/") == 0)
		return fs_path;
	if (strcmp(r, ".") == 0) {
		while (strncmp(fs_path, "./", 2) == 0)
			fs_path += 2;
		if (fs_path[0] == '/')
			return fs_path;
		snprintf(buf, size, "/%s", fs_path);
		return buf;
	}
	n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		n--;
	if (strncmp(fs_path, r, n) == 0 && fs_path[n] == '/')
		return fs_path + n;
	return fs_path;
}

const char *
setting_value(const struct setting *s)
{
	if (s == NULL)
		return "";
	return s->value != NULL ? s->value : s->raw != NULL ? s->raw : "";
}

bool
model_is_mc(const struct model *m)
{
	const char *path = m->main_src != NULL ? m->main_src->path : "";
	size_t n = strlen(path);

	return n >= 3 && strcmp(path + n - 3, ".mc") == 0;
}

struct span
model_end_of(const struct src *s)
{
	return span_make(s, s->len, s->len);
}

struct span
model_setting_where(const struct model *m, const struct setting *s)
{
	if (s != NULL && s->source == SOURCE_FILE)
		return s->value_span.src != NULL ? s->value_span : s->name_span;
	/* set by a library file (OSTYPE, DOMAIN, FEATURE): that call */
	if (s != NULL && s->name_span.src != NULL)
		return s->name_span;
	if (m->main_src != NULL)
		return model_end_of(m->main_src);
	return span_make(NULL, 0, 0);
}
