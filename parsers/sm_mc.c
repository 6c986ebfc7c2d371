/*
 * sm_mc - the sendmail-cf layer of the .mc reader (sm_mc.h): a .mc is
 * read statically by the m4 interpreter (m4.h; m4 itself never runs),
 * and this layer adds what cf.m4 means
 *
 * cf.m4 itself (and cfhead.m4, proto.m4) is never read: including it
 * installs the macro state cf.m4 leaves (the predefinitions of
 * sm_mc_table.h, generated from the real files by
 * scripts/gen-sm-mc-table.sh); a .mc that does not include it itself
 * starts with that state. DAEMON_OPTIONS, CLIENT_OPTIONS, FEATURE,
 * MAIL_FILTER and MAILER are recorded, then run as cfhead.m4 defines
 * them (MAILER reads no file); every definition of a conf* macro (or
 * another watched macro) is recorded as an event at the call in the .mc.
 * OSTYPE, DOMAIN, FEATURE, HACK, SITECONFIG and include read their files
 * from the library (lib_dir, else the copy embedded in the binary,
 * sm_mc_lib_file) or from the .mc's own directory, never from anywhere
 * else. At the end of input sm_mc_proto.c turns the final macro state
 * into the settings proto.m4 would write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/rootpath.h"
#include "lib/xalloc.h"
#include "parsers/sm_mc.h"
#include "parsers/sm_mc_int.h"
#include "parsers/sm_mc_table.h"

/* the cf.m4 macros the layer records, then expands as cfhead.m4 does */
enum {
	CF_DAEMON_OPTIONS = B_CLIENT, CF_CLIENT_OPTIONS, CF_FEATURE,
	CF_MAIL_FILTER, CF_MAILER,
};

static const struct {
	const char *name;
	int	 id;
} cf_natives[] = {
	{ "CLIENT_OPTIONS", CF_CLIENT_OPTIONS },
	{ "DAEMON_OPTIONS", CF_DAEMON_OPTIONS },
	{ "FEATURE", CF_FEATURE },
	{ "MAILER", CF_MAILER },
	{ "MAIL_FILTER", CF_MAIL_FILTER },
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

/*
 * written_as - the macro the user wrote for a definition: the cf.m4
 * macro whose job it is when the .mc called that one, else the macro
 * defined (confPRIVACY_FLAGS)
 */
static const char *
written_as(const struct m4_frame *f, const char *defined)
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
add_event(struct m4 *r, const struct m4_frame *f, const char *setting,
    const char *macro, const char *text, const char *literal,
    const char *as)
{
	struct event *ev;

	if (mc_of(r)->at_end)
		return NULL;
	ev = arena_alloc(&mc_of(r)->ar, sizeof(*ev));
	ev->setting = setting;
	ev->macro = macro;
	ev->text = text != NULL ? arena_strdup(&mc_of(r)->ar, text) : NULL;
	ev->literal = literal != NULL ? arena_strdup(&mc_of(r)->ar, literal) :
	    NULL;
	ev->written_as = as;
	ev->at = f->anchor;
	ev->from_lib = f->from_lib;
	ev->seq = ++mc_of(r)->seq;
	MODEL_APPEND(r->m, mc_of(r)->events, mc_of(r)->nevents, ev);
	return ev;
}

/* kill_events - a macro's definitions no longer reach the .cf */
static void
kill_events(struct m4 *r, struct m4_macro *mac)
{
	struct watch *w = watch_of(mac);
	size_t i;

	(void)r;
	if (w == NULL)
		return;
	for (i = 0; i < w->nevs; i++)
		w->evs[i]->dead = true;
	free(w->evs);
	w->evs = NULL;
	w->nevs = 0;
}
/* cf_feature - FEATURE(name, args…): recorded, then cfhead.m4's body */
static void
cf_feature(struct m4 *r, struct m4_frame *f)
{
	struct sbuf b = { 0 };
	const char *name = m4_arg(f, 1);

	m4_join_args(&b, f, 2, ",");
	add_event(r, f, arena_printf(&mc_of(r)->ar, "FEATURE(%s)", name), NULL,
	    NULL, b.p != NULL ? b.p : "", "FEATURE");
	sb_free(&b);
	if (mc_of(r)->lib_dir == NULL && strcmp(name, "no_default_msa") == 0)
		m4_define_text(r, "_NO_MSA_", "");
}

/* cf_mailer - MAILER(name): as cfhead.m4, without reading mailer/name.m4 */
static void
cf_mailer(struct m4 *r, struct m4_frame *f)
{
	const char *name = f->nargs > 2 && m4_arg(f, 2)[0] != '\0' ? m4_arg(f, 2) :
	    m4_arg(f, 1);
	char *flag = xasprintf("_MAILER_%s_", name);
	struct service *svc;

	m4_define_text(r, "_M_N_", name);
	if (!m4_is_defined(r, "_MAILER_DEFINED_"))
		m4_define_text(r, "_MAILER_DEFINED_", "1");
	if (m4_is_defined(r, flag)) {
		m4_note(r, "mc-m4-message", m4_anchor_span(r, f->anchor), "m4 prints: "
		    "*** ERROR: MAILER(%s) already included", name);
		free(flag);
		return;
	}
	m4_define_text(r, flag, "");
	m4_define_text(r, "_ARG_", m4_arg(f, 2));
	free(flag);
	if (mc_of(r)->at_end)
		return;
	svc = arena_alloc(&r->m->arena, sizeof(*svc));
	svc->name = arena_strdup(&r->m->arena, m4_arg(f, 1));
	svc->type = "mailer";
	svc->name_span = span_make(r->src, f->anchor ? f->anchor->name_start :
	    0, f->anchor ? f->anchor->name_end : 0);
	svc->line_span = span_make(r->src, f->anchor ? f->anchor->name_start :
	    0, f->anchor ? f->anchor->line_end : 0);
	MODEL_APPEND(r->m, r->m->services, r->m->nservices, svc);
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

static void activate_cf(struct m4 *);

/*
 * resolve - the file an include names, or NULL with *why: library paths
 * map onto lib_dir, absolute paths onto the root, relative ones onto the
 * .mc's directory; the result must lie in lib_dir or the .mc's directory
 */
static char *
resolve(struct m4 *r, const char *name, bool *is_lib, const char **why)
{
	char *cand = NULL, *real;
	size_t i;

	*is_lib = false;
	if (mc_of(r)->lib_dir == NULL) {
		/* The embedded library: "<embedded>/ostype/x.m4" or a
		 * library path. */
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
		if (mc_of(r)->lib_dir != NULL && under(name, mc_of(r)->lib_dir))
			cand = xstrdup(name);
		for (i = 0; cand == NULL && mc_of(r)->lib_dir != NULL &&
		    i < sizeof(lib_prefixes) / sizeof(lib_prefixes[0]); i++) {
			size_t n = strlen(lib_prefixes[i]);

			if (strncmp(name, lib_prefixes[i], n) == 0)
				cand = xasprintf("%s/%s", mc_of(r)->lib_dir,
				    name + n);
		}
		if (cand == NULL && r->m->root != NULL)
			cand = xasprintf("%s%s", r->m->root, name);
		if (cand == NULL)
			cand = xstrdup(name);
	} else {
		if (mc_of(r)->mc_real == NULL) {
			*why = "the .mc's directory is unknown";
			return NULL;
		}
		cand = xasprintf("%s/%s", mc_of(r)->mc_real, name);
	}
	real = realpath(cand, NULL);
	free(cand);
	if (real == NULL) {
		*why = errno == ENOENT ? "no such file" : strerror(errno);
		return NULL;
	}
	if (mc_of(r)->lib_real != NULL && under(real, mc_of(r)->lib_real)) {
		*is_lib = true;
		return real;
	}
	if (mc_of(r)->mc_real != NULL && under(real, mc_of(r)->mc_real))
		return real;
	free(real);
	*why = "outside the .mc's directory and the sendmail-cf library";
	return NULL;
}

/* embedded_src - a file of the embedded library, by its shown path */
static struct src *
embedded_src(const char *name, const char *real)
{
	size_t len;
	const char *text = sm_mc_lib_file(real + strlen(EMBEDDED_DIR), &len);

	return src_from_bytes(name, text, len);
}

/* do_include - include()/sinclude(): read a file next, if allowed */
static void
do_include(struct m4 *r, struct m4_frame *f, bool silent)
{
	const char *name = m4_arg(f, 1), *why = NULL, *kind;
	struct span at = m4_anchor_span(r, f->anchor);
	char *real;
	struct src *s;
	bool is_lib;

	if ((kind = cf_file_kind(name)) != NULL) {
		if (strcmp(kind, "cf") == 0)
			activate_cf(r);
		else
			m4_note(r, "mc-not-followed", at, "include(`%s') not "
			    "followed: proto.m4 is modelled, not read", name);
		return;
	}
	real = resolve(r, name, &is_lib, &why);
	if (real == NULL) {
		if (strcmp(why, "no such file") == 0 && !silent)
			m4_note(r, "mc-m4-error", at, "include(`%s'): cannot "
			    "open (m4 fails the same way and goes on)", name);
		else if (strcmp(why, "no such file") != 0)
			m4_note(r, "mc-not-followed", at, "%s(`%s') not "
			    "followed: %s", silent ? "sinclude" : "include",
			    name, why);
		return;
	}
	if (!m4_include_allowed(r, f, name, real)) {
		free(real);
		return;
	}
	if (strncmp(real, EMBEDDED_DIR, strlen(EMBEDDED_DIR)) == 0)
		s = embedded_src(name, real);
	else
		s = src_read(real, name, &why);
	if (s == NULL)
		m4_note(r, "mc-not-followed", at, "include(`%s') not followed: "
		    "%s", name, why);
	else
		m4_include_file(r, f, s, name, real, is_lib);
	free(real);
}

/* activate_cf - include(cf.m4): the state cf.m4 leaves, from the table */
static void
activate_cf(struct m4 *r)
{
	size_t i, k, n = sm_mc_predef_count();

	if (m4_is_defined(r, "OSTYPE"))
		return;		/* cf.m4: ifdef(`OSTYPE', `dnl', …) */
	mc_of(r)->cf_active = true;
	if (!m4_is_defined(r, "_CF_DIR_"))
		m4_define_text(r, "_CF_DIR_", mc_of(r)->cf_dir);
	m4_set_comments(r, NULL, NULL);
	if (m4_lookup(r, "format", 6) != NULL)
		m4_undefine(r, m4_lookup(r, "format", 6));
	for (i = 0; i < n; i++) {
		const char *name, *text;
		struct m4_macro *mac;
		int b = B_NONE;
		struct watch *w;

		sm_mc_predef_at(i, &name, &text);
		mac = m4_intern(r, name);
		if (strcmp(name, "MAIL_SETTINGS_DIR") == 0 && mac->top != NULL)
			continue;
		for (k = 0; k < sizeof(cf_natives) / sizeof(cf_natives[0]); k++)
			if (strcmp(cf_natives[k].name, name) == 0)
				b = cf_natives[k].id;
		w = watch_of(mac);
		if (mac->top != NULL && w != NULL && w->nevs > 0 &&
		    !w->evs[w->nevs - 1]->dead)
			m4_note(r, "mc-overridden", m4_anchor_span(r,
			    w->evs[w->nevs - 1]->at), "%s is defined "
			    "before cf.m4 is included; cf.m4 sets it again",
			    name);
		m4_undefine(r, mac);
		m4_set_def(r, mac, text, strlen(text), b, false);
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

/* ------------------------------------------------------ hooks */

/* on_interned - a name that sets a .cf option, macro or class is watched */
static void
on_interned(struct m4 *r, struct m4_macro *mac)
{
	const char *setting = sm_conf_option(mac->name);
	struct watch *w;
	size_t i;

	for (i = 0; i < sizeof(watched_macros) / sizeof(watched_macros[0]); i++)
		if (strcmp(watched_macros[i].macro, mac->name) == 0)
			setting = watched_macros[i].setting;
	if (setting == NULL)
		return;
	w = arena_alloc(&mc_of(r)->ar, sizeof(*w));
	w->setting = setting;
	mac->data = w;
}

/*
 * on_changing - proto.m4 (which the reader models, not reads) uses the
 * m4 builtins: changing one may change what it writes
 */
static void
on_changing(struct m4 *r, const struct m4_frame *f, struct m4_macro *mac)
{
	if (mac == NULL || mac->top == NULL || mac->top->builtin == B_NONE ||
	    mac->top->builtin >= B_CLIENT)
		return;
	m4_note(r, "mc-not-modelled", m4_anchor_span(r, f->anchor), "%s(`%s'): "
	    "the m4 builtin changes; proto.m4 uses the builtins, and "
	    "mta-harden predicts the .cf as if they were unchanged",
	    f->mac->name, mac->name);
}

/* on_defined - a definition of a watched macro is an event */
static void
on_defined(struct m4 *r, const struct m4_frame *f, struct m4_macro *mac,
    struct m4_def *d)
{
	struct watch *w = watch_of(mac);
	struct event *ev;

	if (w == NULL || mc_of(r)->at_end)
		return;
	ev = add_event(r, f, w->setting, mac->name, d->text, NULL,
	    written_as(f, mac->name));
	d->data = ev;
	MODEL_APPEND(r->m, w->evs, w->nevs, ev);
}

/* on_popped - popdef(): that definition no longer reaches the .cf */
static void
on_popped(struct m4 *r, struct m4_def *d)
{
	struct event *ev = d->data;

	(void)r;
	if (ev != NULL)
		ev->dead = true;
}

/* on_cf_native - a cf.m4 macro: recorded; true: cfhead.m4's body follows */
static bool
on_cf_native(struct m4 *r, struct m4_frame *f)
{
	switch (f->mac->top->builtin) {
	case CF_FEATURE:
		cf_feature(r, f);
		break;
	case CF_DAEMON_OPTIONS:
		add_event(r, f, "DaemonPortOptions", NULL, m4_arg(f, 1), NULL,
		    "DAEMON_OPTIONS");
		break;
	case CF_CLIENT_OPTIONS:
		add_event(r, f, "ClientPortOptions", NULL, m4_arg(f, 1), NULL,
		    "CLIENT_OPTIONS");
		break;
	case CF_MAIL_FILTER:
		add_event(r, f, arena_printf(&mc_of(r)->ar, "X%s",
		    m4_arg(f, 1)), NULL, m4_arg(f, 2), NULL,
		    written_as(f, "MAIL_FILTER"));
		break;
	case CF_MAILER:
		cf_mailer(r, f);
		return false;
	}
	return true;
}

static const struct m4_hooks cf_hooks = {
	.interned = on_interned,
	.changing = on_changing,
	.defined = on_defined,
	.undefined = kill_events,
	.popped = on_popped,
	.client_builtin = on_cf_native,
	.include = do_include,
};

/* ------------------------------------------------------ entry points */

/* mc_setup - the layer's state: the library and the .mc's directory */
static void
mc_setup(struct mc *c, const struct src *src, const char *lib_dir)
{
	char *dir;

	memset(c, 0, sizeof(*c));
	if (lib_dir != NULL)
		c->lib_real = realpath(lib_dir, NULL);
	c->lib_dir = c->lib_real;
	c->cf_dir = c->lib_dir != NULL ? xasprintf("%s/", c->lib_dir) :
	    xstrdup(EMBEDDED_DIR);
	dir = strrchr(src->path, '/') != NULL ?
	    xstrndup(src->path, (size_t)(strrchr(src->path, '/') - src->path)) :
	    xstrdup(".");
	c->mc_real = realpath(dir[0] != '\0' ? dir : "/", NULL);
	free(dir);
}

/* mc_release - free the layer's state (before the interpreter's) */
static void
mc_release(struct m4 *r, struct mc *c)
{
	size_t i;

	for (i = 0; i < r->macros.cap; i++) {
		struct m4_macro *mac = r->macros.slots[i].value;

		if (mac != NULL && watch_of(mac) != NULL)
			free(watch_of(mac)->evs);
	}
	free(c->events);
	free(c->lib_real);
	free(c->mc_real);
	free(c->cf_dir);
	arena_release(&c->ar);
}

/* sm_mc_parse - read a .mc statically into the model (sm_mc.h) */
int
sm_mc_parse(struct model *m, const struct src *src, const char *lib_dir,
    struct parse_error *err)
{
	struct m4 r;
	struct mc c;
	int rc;

	mc_setup(&c, src, lib_dir);
	m4_init(&r, m, src, err, &cf_hooks, &c);
	m4_install_builtins(&r);
	c.cf_self = includes_cf_m4(src);
	if (c.cf_self)
		m4_set_comments(&r, "#", "\n");
	else
		activate_cf(&r);
	if (lib_dir != NULL && c.lib_real == NULL)
		m4_note(&r, "mc-not-followed", span_make(src, 0, 0), "the "
		    "sendmail-cf library %s cannot be read: the embedded "
		    "copy of sendmail-cf %s is used", lib_dir,
		    sm_mc_lib_version());
	rc = m4_run_all(&r);
	if (rc == 0 && !r.stopped) {
		if (c.cf_active)
			sm_mc_finish(&r);
		else
			m4_note(&r, "mc-no-cf-m4", span_make(src, 0, 0), "cf.m4 "
			    "is never included: m4 would write no sendmail.cf "
			    "options");
	}
	mc_release(&r, &c);
	m4_release(&r);
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
