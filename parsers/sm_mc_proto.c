/*
 * sm_mc_proto - what proto.m4 writes at the end of a .mc, predicted from
 * the final macro state: an "O Name=value" setting for every _OPTION
 * whose macro is defined (sm_mc_table.h), the DaemonPortOptions and
 * ClientPortOptions lines, the macros and classes ($S, $H, $R, $M, $j,
 * $=R, $=w), the FEATUREs and milters, in the order their definitions
 * were read, with the definitions they overrode linked as ->earlier
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xalloc.h"
#include "parsers/sm_mc_int.h"
#include "parsers/sm_mc_table.h"


/*
 * run_captured - read m4 text at the end of input (proto.m4's time) and
 * return what m4 would write; as_body: the text is a macro body called
 * without arguments ($1… empty)
 */
static char *
run_captured(struct m4 *r, const char *text, bool as_body,
    const char *what)
{
	char *s = m4_capture(r, text, as_body);

	if (r->failed) {
		/* m4 would read on into proto.m4's own text here, which is
		 * not modelled: note it, keep what was written so far */
		m4_note(r, "mc-m4-error", r->err->where, "the value of %s does "
		    "not end where proto.m4 writes it (m4 reads on into "
		    "proto.m4 and the .cf is garbled): %s", what, r->err->msg);
		r->failed = false;
		r->err->where = span_make(NULL, 0, 0);
		r->err->msg[0] = '\0';
	}
	return s;
}

/* expand - m4 text read at the end of input, and what m4 writes for it */
static char *
expand(struct m4 *r, const char *text)
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
value_span_of(const struct m4_anchor *a, const char *setting, uint32_t *vs,
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
make_setting(struct m4 *r, const char *name, const char *raw,
    const struct event *ev, const char *as)
{
	struct setting *s = arena_alloc(&r->m->arena, sizeof(*s));
	const struct m4_anchor *a = ev != NULL ? ev->at : NULL;

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
add_setting(struct m4 *r, struct out *o, const char *name, const char *raw,
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
live_events(struct m4 *r, const char *setting, struct event ***out)
{
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < mc_of(r)->nevents; i++) {
		struct event *ev = mc_of(r)->events[i];

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
macro_settings(struct m4 *r, struct out *o, const char *setting,
    const char *macro, const char *final_value)
{
	struct m4_macro *mac = m4_lookup(r, macro, strlen(macro));
	struct watch *w = mac != NULL ? watch_of(mac) : NULL;
	struct event *final = NULL;
	struct setting *chain = NULL;
	size_t i;

	if (final_value == NULL)
		return;
	if (mac != NULL && mac->top != NULL)
		final = mac->top->data;

	for (i = 0; w != NULL && i < w->nevs; i++) {
		struct event *ev = w->evs[i];
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
port_options(struct m4 *r, struct out *o, const char *setting,
    const char *list, const char *legacy, bool daemon)
{
	struct m4_macro *mac = m4_lookup(r, list, strlen(list));
	struct m4_macro *lm = m4_lookup(r, legacy, strlen(legacy));
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
		const struct event *lev = lm->top->data;

		m4_note(r, "mc-obsolete", lev != NULL ? m4_anchor_span(r,
		    lev->at) : span_make(r->src, 0, 0),
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
		    (struct event *)lm->top->data : NULL;

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
	} else if (daemon && m4_is_defined(r, "_NETINET6_")) {
		add_setting(r, o, setting, "Name=MTA-v4, Family=inet", NULL, as);
		add_setting(r, o, setting, "Name=MTA-v6, Family=inet6", NULL,
		    as);
	} else if (daemon) {
		add_setting(r, o, setting, "Name=MTA", NULL, as);
	}
	if (daemon && !m4_is_defined(r, "_NO_MSA_"))
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

/* proto_options - the O lines of proto.m4's _OPTION list, in its order */
static void
proto_options(struct m4 *r, struct out *o)
{
	size_t i, n = sm_mc_option_count();
	bool milters;
	const char *v;

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
			macro_settings(r, o, option, macro, v);
			continue;
		}
		if ((flags & SM_OPT_MILTER) && !milters)
			continue;
		if (flags & SM_OPT_ALWAYS)
			v = expand(r, expr);
		else
			v = m4_is_defined(r, macro) ? expand(r, macro) : NULL;
		macro_settings(r, o, option, macro, v);
		if (strcmp(option, "OldStyleHeaders") == 0) {
			port_options(r, o, "DaemonPortOptions", "_DPO_",
			    "confDAEMON_OPTIONS", true);
			port_options(r, o, "ClientPortOptions", "_CPO_",
			    "confCLIENT_OPTIONS", false);
		}
	}
}

/* defined_value - what m4 writes for a macro, or NULL when undefined */
static const char *
defined_value(struct m4 *r, const char *macro)
{
	return m4_is_defined(r, macro) ? expand(r, macro) : NULL;
}

/* macro_and_class_settings - the D and C lines cf.m4 writes */
static void
macro_and_class_settings(struct m4 *r, struct out *o)
{
	const char *smart = defined_value(r, "SMART_HOST");

	macro_settings(r, o, "$S", "SMART_HOST", smart != NULL ? smart : "");
	macro_settings(r, o, "$H", "MAIL_HUB", defined_value(r, "MAIL_HUB"));
	macro_settings(r, o, "$R", "LOCAL_RELAY", defined_value(r,
	    "LOCAL_RELAY"));
	macro_settings(r, o, "$M", "MASQUERADE_NAME", defined_value(r,
	    "MASQUERADE_NAME"));
	macro_settings(r, o, "$j", "confDOMAIN_NAME", defined_value(r,
	    "confDOMAIN_NAME"));
	macro_settings(r, o, "$=R", "confCR_FILE", defined_value(r,
	    "confCR_FILE"));
	macro_settings(r, o, "$=w", "confCW_FILE", m4_is_defined(r,
	    "USE_CW_FILE") ? defined_value(r, "confCW_FILE") : NULL);
}

/* feature_settings - features and milters, in the order they were written */
static void
feature_settings(struct m4 *r, struct out *o)
{
	struct mc *c = mc_of(r);
	size_t i;

	for (i = 0; i < c->nevents; i++) {
		struct event *ev = c->events[i];

		if (ev->dead)
			continue;
		if (strncmp(ev->setting, "FEATURE(", 8) == 0)
			add_setting(r, o, ev->setting, ev->literal, ev,
			    "FEATURE");
		else if (ev->setting[0] == 'X' && ev->macro == NULL)
			add_setting(r, o, ev->setting, run_captured(r, ev->text,
			    true, ev->setting), ev, "MAIL_FILTER");
	}
}

/* sm_mc_finish - what proto.m4 writes, as settings in the model */
void
sm_mc_finish(struct m4 *r)
{
	struct out o = { 0 };
	struct strmap last = STRMAP_INIT;
	size_t i;

	mc_of(r)->at_end = true;
	proto_options(r, &o);
	macro_and_class_settings(r, &o);
	feature_settings(r, &o);
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
