/*
 * rules_aliases - the aliases family: program, file and :include: aliases
 * strangers can reach, the decode alias, required aliases, internal lists
 * open to strangers, smrsh, Postfix's allow_mail_to_* lists and .forward
 * files on a gateway
 *
 * "Reachable from outside" is decided the same way for every rule here:
 * the aliases must be in use (sendmail: AliasFile set; Postfix: the file
 * is in alias_maps and local_transport is a local(8) service), and some
 * SMTP server must take mail from strangers (a listener beyond loopback
 * whose restrictions do not refuse clients that are neither trusted nor
 * authenticated). On sendmail an access entry To:name@ that rejects, with
 * FEATURE(`blocklist_recipients'), keeps SMTP clients away from a name.
 * What only local senders can reach is reported at low severity at most.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/maptype.h"
#include "parsers/pf_list.h"
#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* ---- small helpers ---- */

/* base_name - the last component of a path */
static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* has_word - is word one of the words of a list? */
static bool
has_word(const char *list, const char *word)
{
	char w[256];

	while (pf_list_next_word(&list, w, sizeof(w)))
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

/* span_text - the bytes of a span, at most len - 1, trailing blanks cut */
static const char *
span_text(struct span s, char *buf, size_t len)
{
	size_t n;

	buf[0] = '\0';
	if (s.src == NULL || s.start == SPAN_WHOLE_FILE || s.end < s.start)
		return buf;
	n = s.end - s.start;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s.src->bytes + s.start, n);
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return buf;
}

/* ---- alias targets ---- */

/* is_program - a "|command" target */
static bool
is_program(const char *t)
{
	return t[0] == '|';
}

/* is_devnull - a target that throws the mail away */
static bool
is_devnull(const char *t)
{
	return strcmp(t, "/dev/null") == 0;
}

/* is_file_target - a "/path" target other than /dev/null */
static bool
is_file_target(const char *t)
{
	return t[0] == '/' && !is_devnull(t);
}

/* is_include - a ":include:/path" target (any case, as both MTAs read it) */
static bool
is_include(const char *t)
{
	return strncasecmp(t, ":include:", 9) == 0;
}

/* program_name - the base name of the command a '|' target runs */
static void
program_name(const char *t, char *buf, size_t len)
{
	const char *p = t + 1, *e;
	char word[256];
	size_t n;

	for (;;) {
		while (isspace((unsigned char)*p) || *p == '"')
			p++;
		e = p;
		while (*e != '\0' && !isspace((unsigned char)*e) && *e != '"')
			e++;
		n = (size_t)(e - p) < sizeof(word) - 1 ? (size_t)(e - p) :
		    sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		/* "|exec /usr/bin/x" runs x */
		if (strcmp(word, "exec") == 0 && *e != '\0') {
			p = e;
			continue;
		}
		break;
	}
	snprintf(buf, len, "%s", base_name(word));
}

/* is_decode - a program target running uudecode, or the decode alias's */
static bool
is_decode(const struct map_entry *e, const char *t)
{
	char prog[256];

	if (!is_program(t))
		return false;
	program_name(t, prog, sizeof(prog));
	return strcmp(prog, "uudecode") == 0 || strcmp(prog, "uudeview") == 0 ||
	    strcasecmp(e->key, "decode") == 0 ||
	    strcasecmp(e->key, "uudecode") == 0;
}

/* ---- the aliases the MTA uses ---- */

struct alias_view {
	const struct src **files;	/* alias files in use; owned */
	size_t	 nfiles, capfiles;
	const struct map_entry **live;	/* entries in force, in file order */
	size_t	 nlive;
	bool	 used;		/* the MTA looks aliases up at all */
	bool	 partial;	/* some alias source was not read */
	const char *unused_why;
	char	 why_buf[256];
	struct strmap to_refuse;	/* sendmail: see sm_to_entry(); lazy */
	bool	 to_built;
};

/* add_file - remember an alias source once */
static void
add_file(struct alias_view *v, const struct src *s)
{
	size_t i;

	for (i = 0; i < v->nfiles; i++)
		if (v->files[i] == s)
			return;
	v->files = xgrow(v->files, v->nfiles, &v->capfiles,
	    sizeof(*v->files));
	v->files[v->nfiles++] = s;
}

/* is_file_map - Postfix map types whose source is key-value text */
static bool
is_file_map(const char *type)
{
	const struct maptype *t = maptype_lookup(type, MTA_POSTFIX);

	return maptype_is_file(t) && t->key_value;
}

/* pf_alias_files - the alias_maps tables that were read */
static void
pf_alias_files(const struct model *m, struct alias_view *v)
{
	const char *list = rule_value(m, "alias_maps");
	char w[1024];

	while (pf_list_next_word(&list, w, sizeof(w))) {
		char *item = w, *colon, *fs;
		const struct src *s;

		while (strncmp(item, "proxy:", 6) == 0)
			item += 6;
		colon = strchr(item, ':');
		if (colon == NULL) {
			v->partial = true;
			continue;
		}
		*colon = '\0';
		/* Postfix's default nis:mail.aliases is empty without NIS. */
		if (strcmp(item, "nis") == 0 &&
		    strcmp(colon + 1, "mail.aliases") == 0)
			continue;
		if (!is_file_map(item) || colon[1] != '/' || m->root == NULL) {
			v->partial = true;
			continue;
		}
		fs = xasprintf("%s%s", strcmp(m->root, "/") == 0 ? "" :
		    m->root, colon + 1);
		s = rule_find_src(m, fs);
		free(fs);
		if (s != NULL)
			add_file(v, s);
		else
			v->partial = true;
	}
}

/* pf_local_service - the master.cf service local_transport names, or NULL */
static const struct service *
pf_local_service(const struct model *m, char *name, size_t len)
{
	const char *lt = rule_value(m, "local_transport");
	size_t i, n = strcspn(lt, ":");

	snprintf(name, len, "%.*s", (int)n, lt);
	for (i = 0; i < m->nservices; i++)
		if (strcmp(m->services[i]->name, name) == 0 &&
		    strcmp(m->services[i]->type, "unix") == 0)
			return m->services[i];
	return NULL;
}

/* pf_local_delivery - does local(8), which reads the aliases, deliver? */
static bool
pf_local_delivery(const struct model *m, char *why, size_t len)
{
	const struct setting *s = model_lookup(m, "local_transport");
	const struct service *svc;
	char name[128];

	svc = pf_local_service(m, name, sizeof(name));
	if (strcmp(name, "error") == 0 || strcmp(name, "discard") == 0) {
		snprintf(why, len, "local_transport = %s: nothing is "
		    "delivered locally", setting_value(s));
		return false;
	}
	if (m->master_src != NULL && svc == NULL) {
		snprintf(why, len, "local_transport = %s names no master.cf "
		    "service", setting_value(s));
		return false;
	}
	if (svc != NULL && svc->command != NULL &&
	    strcmp(svc->command, "local") != 0) {
		snprintf(why, len, "local_transport = %s runs %s, not "
		    "local(8)", setting_value(s), svc->command);
		return false;
	}
	return true;
}

/* sm_alias_files - the aliases file that was read */
static void
sm_alias_files(const struct model *m, struct alias_view *v)
{
	const char *named = setting_value(model_lookup(m, "AliasFile"));
	char first[512];
	const char *colon;
	size_t i, n = strcspn(named, ",");

	snprintf(first, sizeof(first), "%.*s", (int)n, named);
	if (named[n] == ',')
		v->partial = true;
	/* "hash:/etc/mail/aliases" names /etc/mail/aliases */
	colon = strchr(first, ':');
	for (i = 0; i < m->nsrcs; i++) {
		const char *b = base_name(m->srcs[i]->path);

		if (m->srcs[i] == m->main_src)
			continue;
		if (strcmp(b, "aliases") == 0 || strcmp(b,
		    base_name(colon != NULL ? colon + 1 : first)) == 0)
			add_file(v, m->srcs[i]);
	}
	if (v->nfiles == 0)
		v->partial = true;
}

/* cmp_ptr - order pointers for bsearch */
static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* view_build - the aliases in force: duplicates resolved as the MTA does */
static void
view_build(const struct model *m, struct alias_view *v)
{
	const void **over = NULL;
	size_t i, k, nover = 0;

	memset(v, 0, sizeof(*v));
	if (m->mta == MTA_POSTFIX) {
		v->used = pf_local_delivery(m, v->why_buf, sizeof(v->why_buf));
		pf_alias_files(m, v);
	} else {
		const struct setting *af = model_lookup(m, "AliasFile");

		v->used = af != NULL && *setting_value(af) != '\0';
		if (!v->used)
			snprintf(v->why_buf, sizeof(v->why_buf), "AliasFile "
			    "is not set%s", model_lookup(m,
			    "FEATURE(nullclient)") != NULL ? " (FEATURE("
			    "`nullclient') removes it)" : "");
		sm_alias_files(m, v);
	}
	v->unused_why = v->why_buf;
	/* sendmail keeps the last definition of a name, Postfix the first. */
	over = xreallocarray(NULL, m->nentries + 1, sizeof(*over));
	for (i = 0; i < m->nentries; i++)
		if (m->entries[i]->earlier != NULL)
			over[nover++] = m->entries[i]->earlier;
	qsort(over, nover, sizeof(*over), cmp_ptr);
	v->live = xreallocarray(NULL, m->nentries + 1, sizeof(*v->live));
	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		const void *key = e;
		bool in_file = false;

		if (strcmp(e->map, "aliases") != 0)
			continue;
		for (k = 0; k < v->nfiles; k++)
			in_file |= e->key_span.src == v->files[k];
		if (!in_file)
			continue;
		if (m->mta == MTA_POSTFIX ? e->earlier != NULL :
		    bsearch(&key, over, nover, sizeof(*over), cmp_ptr) != NULL)
			continue;
		v->live[v->nlive++] = e;
	}
	free(over);
}

/* view_free - release what view_build allocated */
static void
view_free(struct alias_view *v)
{
	free(v->live);
	v->live = NULL;
	free(v->files);
	v->files = NULL;
	v->nfiles = v->capfiles = 0;
	strmap_release(&v->to_refuse);
	v->to_built = false;
}

/* view_release - view_free and free, for the engine's memo */
static void
view_release(void *p)
{
	view_free(p);
	free(p);
}

/*
 * view_get - the model's alias view: built once per model and kept in the
 * engine's memo for the other rules; without a memo, built into local
 */
static struct alias_view *
view_get(struct rule_ctx *ctx, struct alias_view *local)
{
	struct alias_view *v;

	if (ctx->memo == NULL) {
		view_build(ctx->model, local);
		return local;
	}
	if (ctx->memo->alias_view == NULL) {
		v = xmalloc(sizeof(*v));
		view_build(ctx->model, v);
		ctx->memo->alias_view = v;
		ctx->memo->alias_view_release = view_release;
	}
	return ctx->memo->alias_view;
}

/* view_put - done with a view from view_get */
static void
view_put(struct rule_ctx *ctx, struct alias_view *v)
{
	if (ctx->memo == NULL)
		view_free(v);
}

/* view_find - the alias in force for a name */
static const struct map_entry *
view_find(const struct alias_view *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nlive; i++)
		if (strcasecmp(v->live[i]->key, name) == 0)
			return v->live[i];
	return NULL;
}

/* ---- who can reach the aliases ---- */

struct outside {
	bool	 any;		/* strangers can send to this host */
	char	 servers[256];	/* the servers they use */
	const char *why_not;
	bool	 listens;	/* something listens beyond loopback */
};

/* restriction_closes - a restriction list that refuses every stranger */
static bool
restriction_closes(const char *list)
{
	static const char *const insiders[] = {
		"permit_mynetworks", "permit_sasl_authenticated",
		"permit_tls_clientcerts", "permit_tls_all_clientcerts",
		"warn_if_reject",
	};
	char w[256];
	size_t i;

	while (pf_list_next_word(&list, w, sizeof(w))) {
		bool inside = false;

		if (strcmp(w, "reject") == 0 || strcmp(w, "defer") == 0)
			return true;
		/* arguments: tables, domains, numbers */
		if (strpbrk(w, ".:/=[") != NULL || isdigit((unsigned char)w[0]))
			continue;
		for (i = 0; i < sizeof(insiders) / sizeof(insiders[0]); i++)
			inside |= strcmp(w, insiders[i]) == 0;
		if (inside || (strncmp(w, "reject_", 7) == 0 &&
		    strcmp(w, "reject_unlisted_recipient") != 0) ||
		    strncmp(w, "defer_", 6) == 0)
			continue;
		return false;
	}
	return false;
}

/* pf_settings_service - the service whose -o settings a server uses */
static const struct service *
pf_settings_service(const struct model *m, const struct smtp_server *srv)
{
	size_t i;

	if (srv->service == NULL || srv->service->command == NULL ||
	    strcmp(srv->service->command, "postscreen") != 0)
		return srv->service;
	for (i = 0; i < m->nservices; i++)
		if (strcmp(m->services[i]->type, "pass") == 0 &&
		    m->services[i]->command != NULL &&
		    strcmp(m->services[i]->command, "smtpd") == 0)
			return m->services[i];
	return srv->service;
}

/* pf_server - a Postfix server by name */
static const struct smtp_server *
pf_server(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nservers; i++)
		if (strcmp(m->servers[i]->name, name) == 0)
			return m->servers[i];
	return NULL;
}

/* pf_server_closed - does a server refuse clients that are not trusted? */
static bool
pf_server_closed(const struct model *m, const struct smtp_server *srv)
{
	const struct service *svc = pf_settings_service(m, srv);

	return restriction_closes(setting_value(model_service_lookup(m,
	    svc, "smtpd_relay_restrictions"))) ||
	    restriction_closes(setting_value(model_service_lookup(m, svc,
	    "smtpd_recipient_restrictions")));
}

/* add_name - append a server name to a ", " list once */
static void
add_name(char *buf, size_t len, const char *name)
{
	const char *p = buf;
	size_t nl = strlen(name);

	if (nl == 0)
		return;		/* a daemon without a name: nothing to list */
	while ((p = strstr(p, name)) != NULL) {
		if ((p == buf || p[-1] == ' ') && (p[nl] == '\0' ||
		    p[nl] == ','))
			return;
		p += nl;
	}
	snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? ", " :
	    "", name);
}

/* outside_build - the servers strangers can send mail to */
static void
outside_build(const struct model *m, struct outside *o)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];

		if (l->loopback)
			continue;
		o->listens = true;
		if (m->mta == MTA_POSTFIX) {
			const struct smtp_server *srv = pf_server(m, l->server);

			if (srv != NULL && pf_server_closed(m, srv))
				continue;
		}
		o->any = true;
		add_name(o->servers, sizeof(o->servers), l->server);
	}
	o->why_not = o->listens ? "every SMTP server beyond loopback "
	    "refuses clients that are neither trusted nor authenticated" :
	    "the MTA listens on loopback only";
}

/* ---- sendmail: access To: entries that keep SMTP clients away ---- */

/* sm_blocklist_on - do To: access entries block local recipients? */
static bool
sm_blocklist_on(const struct model *m)
{
	if (model_is_mc(m))
		return (model_lookup(m, "FEATURE(blocklist_recipients)") !=
		    NULL || model_lookup(m, "FEATURE(blacklist_recipients)") !=
		    NULL) && model_lookup(m, "FEATURE(access_db)") != NULL;
	/* a .cf: the lookup proto.m4 writes for blocklist_recipients */
	return m->main_src != NULL && strstr(m->main_src->bytes,
	    "$| $>SearchList <+ To> $| <$2> <>") != NULL;
}

/* access_rejects - an access value that refuses (not OK, RELAY, SKIP) */
static bool
access_rejects(const char *v)
{
	static const char *const accept[] = { "OK", "RELAY", "SKIP" };
	size_t i, n;

	while (isspace((unsigned char)*v))
		v++;
	n = strcspn(v, " \t");
	for (i = 0; i < sizeof(accept) / sizeof(accept[0]); i++)
		if (n == strlen(accept[i]) && strncasecmp(v, accept[i], n) == 0)
			return false;
	return n > 0;
}

/*
 * to_refuse_build - the access entries To:name@[domain] and name@[domain]
 * that refuse, by the name before each '@', the first in file order for
 * each (the access reader lower-cases keys, so bytes compare as
 * strncasecmp would)
 */
static void
to_refuse_build(const struct model *m, struct strmap *ix)
{
	size_t i;

	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		const char *k = e->key, *at;

		if (strcmp(e->map, "access") != 0 || k == NULL ||
		    e->value == NULL)
			continue;
		if (strncasecmp(k, "to:", 3) == 0)
			k += 3;
		else if (strchr(k, ':') != NULL)
			continue;
		if (strchr(k, '@') == NULL || !access_rejects(e->value))
			continue;
		for (at = k; (at = strchr(at, '@')) != NULL; at++)
			if (strmap_get(ix, k, (size_t)(at - k)) == NULL)
				strmap_put(ix, k, (size_t)(at - k), (void *)e);
	}
}

/*
 * sm_to_entry - an access entry To:name@[domain] (or name@) that rejects;
 * the index is built on the first call for a view
 */
static const struct map_entry *
sm_to_entry(const struct model *m, struct alias_view *v, const char *name)
{
	size_t i, nl = strlen(name);
	char small[256], *low;
	const struct map_entry *e;

	if (m->mta != MTA_SENDMAIL)
		return NULL;
	if (!v->to_built) {
		to_refuse_build(m, &v->to_refuse);
		v->to_built = true;
	}
	low = nl < sizeof(small) ? small : xmalloc(nl + 1);
	for (i = 0; i < nl; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	e = strmap_get(&v->to_refuse, low, nl);
	if (low != small)
		free(low);
	return e;
}

/* ---- reporting with reachability ---- */

/* pf_unprotected - the public servers that do not check recipients */
static void
pf_unprotected(const struct model *m, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		const struct smtp_server *srv;
		const struct service *svc;

		if (l->loopback || (srv = pf_server(m, l->server)) == NULL ||
		    pf_server_closed(m, srv))
			continue;
		svc = pf_settings_service(m, srv);
		if (has_word(setting_value(model_service_lookup(m, svc,
		    "smtpd_recipient_restrictions")),
		    "check_recipient_access") ||
		    has_word(setting_value(model_service_lookup(m, svc,
		    "smtpd_relay_restrictions")), "check_recipient_access"))
			continue;
		add_name(buf, len, l->server);
	}
}

/*
 * reach_report - report an alias target: at the rule's severity when
 * strangers can mail it, at low severity at most when only local senders can
 */
static void
reach_report(struct rule_ctx *ctx, struct alias_view *view,
    const struct outside *o, const struct map_entry *e, struct span where,
    const char *key, const char *what)
{
	const struct model *m = ctx->model;
	const struct map_entry *block = sm_blocklist_on(m) ?
	    sm_to_entry(m, view, e->key) : NULL;
	enum severity keep = ctx->severity;
	struct finding_subject subj = { NULL, NULL, NULL, e, e->key };
	char k[256], v[256];

	if (o->any && block == NULL) {
		char bare[256] = "";

		if (m->mta == MTA_POSTFIX)
			pf_unprotected(m, bare, sizeof(bare));
		rule_report_about(ctx, where, key, &subj,
		    "%s, and strangers can mail it "
		    "through %s%s", what, o->servers, m->mta == MTA_POSTFIX &&
		    *bare == '\0' ? " unless their check_recipient_access "
		    "table refuses it (not verified)" : "");
		return;
	}
	if (ctx->severity > SEV_LOW)
		ctx->severity = SEV_LOW;
	if (o->any)
		rule_report_about(ctx, where, key, &subj,
		    "%s; the access entry '%s %s' "
		    "refuses it to SMTP clients, so only local senders reach "
		    "it", what, span_text(block->key_span, k, sizeof(k)),
		    span_text(block->value_span, v, sizeof(v)));
	else
		rule_report_about(ctx, where, key, &subj,
		    "%s; only local senders reach "
		    "it, as %s", what, o->why_not);
	ctx->severity = keep;
}

/* pf_allows - does local(8) allow commands or files from aliases? */
static bool
pf_allows(const struct model *m, const char *param)
{
	char name[128];
	const struct service *svc;

	if (m->mta != MTA_POSTFIX)
		return true;
	svc = pf_local_service(m, name, sizeof(name));
	return has_word(setting_value(model_service_lookup(m, svc, param)),
	    "alias");
}

/* ---- MH502 alias-program-delivery ---- */

/* check_program_alias - MH502: program, file and :include: targets */
void
check_program_alias(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	bool cmds = pf_allows(m, "allow_mail_to_commands");
	bool files = pf_allows(m, "allow_mail_to_files");
	struct alias_view own, *v;
	struct outside o;
	size_t i, k;

	v = view_get(ctx, &own);
	outside_build(m, &o);
	for (i = 0; v->used && i < v->nlive; i++) {
		const struct map_entry *e = v->live[i];

		for (k = 0; k < e->nitems; k++) {
			const char *t = e->items[k];
			char what[1024], key[1024];

			if (is_program(t) && cmds && !is_decode(e, t))
				snprintf(what, sizeof(what), "alias '%s' runs "
				    "the program '%s' with the text of every "
				    "message sent to it", e->key, t);
			else if (is_file_target(t) && files)
				snprintf(what, sizeof(what), "alias '%s' "
				    "appends every message sent to it to the "
				    "file '%s'", e->key, t);
			else if (is_include(t))
				snprintf(what, sizeof(what), "alias '%s' takes "
				    "its targets from '%s', which may name "
				    "programs and files itself", e->key, t);
			else
				continue;
			snprintf(key, sizeof(key), "%s:%s", e->key, t);
			reach_report(ctx, v, &o, e, e->item_spans[k], key,
			    what);
		}
	}
	view_put(ctx, v);
}

/* ---- MH503 alias-decode ---- */

/* check_decode_alias - MH503: targets that run uudecode */
void
check_decode_alias(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	bool cmds = pf_allows(m, "allow_mail_to_commands");
	struct alias_view own, *v;
	struct outside o;
	size_t i, k;

	v = view_get(ctx, &own);
	outside_build(m, &o);
	for (i = 0; v->used && cmds && i < v->nlive; i++) {
		const struct map_entry *e = v->live[i];

		for (k = 0; k < e->nitems; k++) {
			char what[1024], key[1024];

			if (!is_decode(e, e->items[k]))
				continue;
			snprintf(what, sizeof(what), "alias '%s' pipes "
			    "messages into '%s': whoever mails it writes "
			    "files of their choosing with the rights of the "
			    "delivery", e->key, e->items[k]);
			snprintf(key, sizeof(key), "%s:%s", e->key,
			    e->items[k]);
			reach_report(ctx, v, &o, e, e->item_spans[k], key,
			    what);
		}
	}
	view_put(ctx, v);
}

/* ---- MH504 required-alias-missing ---- */

/* why_required - the reason a name must be deliverable */
static const char *
why_required(const char *name)
{
	if (strcasecmp(name, "postmaster") == 0)
		return "RFC 5321 section 4.5.1 requires every SMTP server to "
		    "accept mail for postmaster";
	if (strcasecmp(name, "mailer-daemon") == 0)
		return "replies to bounces, which come from MAILER-DAEMON, "
		    "go there";
	if (strcasecmp(name, "abuse") == 0)
		return "RFC 2142 names abuse as the address for complaints";
	return "this profile requires it";
}

/* discards_all - every target of an alias throws the mail away */
static bool
discards_all(const struct map_entry *e, const char *self)
{
	size_t k;

	for (k = 0; k < e->nitems; k++) {
		const char *t = e->items[k];

		if (t[0] == '\\')
			t++;
		if (!is_devnull(t) && (self == NULL ||
		    strcasecmp(t, self) != 0))
			return false;
	}
	return true;
}

/* check_required_aliases - MH504: required names and root */
void
check_required_aliases(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t n;
	const char **names = params_list(&ctx->params, "required", &n);
	const char *root = params_scalar(&ctx->params, "root_forward");
	bool want_root = root == NULL || (strcasecmp(root, "no") != 0 &&
	    strcasecmp(root, "false") != 0 && strcasecmp(root, "off") != 0 &&
	    strcmp(root, "0") != 0);
	struct alias_view own, *v;
	struct span end;
	char shown[512], key[256];
	size_t i;

	v = view_get(ctx, &own);
	if (!v->used)
		goto out;
	if (v->nfiles == 0) {
		const struct setting *am = model_lookup(m, "alias_maps");

		/* An empty alias_maps: Postfix has no aliases at all. */
		if (m->mta != MTA_POSTFIX || *setting_value(am) != '\0')
			goto out;
		for (i = 0; i < n; i++) {
			struct finding_subject subj = { am, NULL, NULL,
			    NULL, names[i] };

			snprintf(key, sizeof(key), "missing:%s", names[i]);
			rule_report_about(ctx, rule_where(m, am), key, &subj,
			    "alias_maps "
			    "is empty, so there is no alias for '%s' and "
			    "mail to it reaches only a local user of that "
			    "name, if one exists (%s)", names[i],
			    why_required(names[i]));
		}
		goto out;
	}
	end = model_end_of(v->files[0]);
	snprintf(shown, sizeof(shown), "%s", v->files[0]->path);
	for (i = 0; i < n; i++) {
		const struct map_entry *e = view_find(v, names[i]);
		struct finding_subject subj = { NULL, NULL, NULL, e, names[i] };

		snprintf(key, sizeof(key), "missing:%s", names[i]);
		if (e == NULL && !v->partial)
			rule_report_about(ctx, end, key, &subj, "%s has no "
			    "alias for '%s', so mail to it reaches only a "
			    "local user of that name, if one exists (%s)",
			    shown, names[i], why_required(names[i]));
		else if (e != NULL && discards_all(e, NULL))
			rule_report_about(ctx, e->key_span, key, &subj,
			    "alias '%s' sends its mail to '%s', so nobody "
			    "reads it (%s)", e->key, e->value,
			    why_required(names[i]));
	}
	if (want_root) {
		const struct map_entry *e = view_find(v, "root");
		struct finding_subject subj = { NULL, NULL, NULL, e, "root" };

		if (e == NULL && !v->partial)
			rule_report_about(ctx, end, "root", &subj, "%s has no "
			    "alias for root, so mail for root (cron, security "
			    "tools and every alias that points to root) stays "
			    "in a mailbox on this host that nobody reads",
			    shown);
		else if (e != NULL && discards_all(e, "root"))
			rule_report_about(ctx, e->key_span, "root", &subj,
			    "alias 'root' points to '%s', which is not a "
			    "person, so mail for root is never read",
			    e->value);
	}
out:
	view_put(ctx, v);
	free(names);
}

/* ---- MH505 alias-list-exposed ---- */

/* check_list_exposed - MH505: lists strangers can mail */
void
check_list_exposed(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	char unprotected[256] = "";
	size_t ni, np;
	const char **internal = params_list(&ctx->params, "internal_lists",
	    &ni);
	const char **public = params_list(&ctx->params, "public_lists", &np);
	long long threshold = params_number(&ctx->params, "member_threshold",
	    10);
	bool blocklist = m->mta == MTA_SENDMAIL && sm_blocklist_on(m);
	struct alias_view own, *v;
	struct outside o;
	size_t i, k;

	v = view_get(ctx, &own);
	outside_build(m, &o);
	if (!v->used || !o.any)
		goto out;
	if (m->mta == MTA_POSTFIX) {
		pf_unprotected(m, unprotected, sizeof(unprotected));
		if (*unprotected == '\0')
			goto out;
	}
	for (i = 0; i < v->nlive; i++) {
		const struct map_entry *e = v->live[i];
		const struct map_entry *to;
		char size[128], key[256], kt[256], vt[256];
		bool include = false;

		for (k = 0; k < e->nitems; k++)
			include |= is_include(e->items[k]);
		if (rule_in_list_any_case(public, np, e->key))
			continue;
		if (rule_in_list_any_case(internal, ni, e->key))
			snprintf(size, sizeof(size), "is an internal list "
			    "(internal_lists)");
		else if (threshold > 0 && (long long)e->nitems >= threshold)
			snprintf(size, sizeof(size), "has %zu members",
			    e->nitems);
		else if (include)
			snprintf(size, sizeof(size), "is a list whose members "
			    "are in an :include: file");
		else
			continue;
		snprintf(key, sizeof(key), "list:%s", e->key);
		if (m->mta == MTA_POSTFIX) {
			rule_report(ctx, e->key_span, key, "alias '%s' %s and "
			    "strangers can mail it: %s %s no "
			    "check_recipient_access in smtpd_recipient_"
			    "restrictions", e->key, size, unprotected,
			    strchr(unprotected, ',') != NULL ? "have" : "has");
			continue;
		}
		to = sm_to_entry(m, v, e->key);
		if (to != NULL && blocklist)
			continue;
		if (to != NULL)
			rule_report(ctx, e->key_span, key, "alias '%s' %s and "
			    "strangers can mail it through %s: the access "
			    "entry '%s %s' does nothing for local recipients "
			    "without FEATURE(`blocklist_recipients')", e->key,
			    size, o.servers, span_text(to->key_span, kt,
			    sizeof(kt)), span_text(to->value_span, vt,
			    sizeof(vt)));
		else
			rule_report(ctx, e->key_span, key, "alias '%s' %s and "
			    "strangers can mail it through %s: no access "
			    "entry 'To:%s@ REJECT'%s", e->key, size, o.servers,
			    e->key, blocklist ? "" : " and no FEATURE("
			    "`blocklist_recipients')");
	}
out:
	view_put(ctx, v);
	free(internal);
	free(public);
}

/* ---- MH506 smrsh-missing ---- */

/* first_program - the first program alias in force, or NULL */
static const struct map_entry *
first_program(const struct alias_view *v, size_t *item)
{
	size_t i, k;

	for (i = 0; i < v->nlive; i++)
		for (k = 0; k < v->live[i]->nitems; k++)
			if (is_program(v->live[i]->items[k])) {
				*item = k;
				return v->live[i];
			}
	return NULL;
}

/* sm_mailer - a mailer definition by name */
static const struct service *
sm_mailer(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nservices; i++)
		if (strcmp(m->services[i]->type, "mailer") == 0 &&
		    strcmp(m->services[i]->name, name) == 0)
			return m->services[i];
	return NULL;
}

/* check_smrsh - MH506: program aliases with a prog mailer that is not smrsh */
void
check_smrsh(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct map_entry *e;
	struct alias_view own, *v;
	char first[512];
	unsigned line, col;
	size_t item = 0;

	v = view_get(ctx, &own);
	if (!v->used || (e = first_program(v, &item)) == NULL)
		goto out;
	src_position(e->item_spans[item].src, e->item_spans[item].start,
	    &line, &col);
	snprintf(first, sizeof(first), "'%s: %s' (%s:%u)", e->key,
	    e->items[item], e->item_spans[item].src->path, line);
	if (model_is_mc(m)) {
		const struct setting *f = model_lookup(m, "FEATURE(smrsh)");
		const struct service *local = sm_mailer(m, "local");

		if (f != NULL && (local == NULL || f->name_span.src !=
		    local->name_span.src || f->name_span.start <
		    local->name_span.start))
			goto out;
		if (f != NULL) {
			src_position(local->name_span.src,
			    local->name_span.start, &line, &col);
			rule_report(ctx, f->name_span, "FEATURE(smrsh)",
			    "FEATURE(`smrsh') comes after MAILER(`local') on "
			    "line %u, so m4 refuses it and the prog mailer "
			    "runs program aliases such as %s with /bin/sh",
			    line, first);
		} else {
			rule_report(ctx, local != NULL ? local->name_span :
			    model_end_of(m->main_src), "FEATURE(smrsh)",
			    "the .mc has no FEATURE(`smrsh'), so the prog "
			    "mailer runs program aliases such as %s with "
			    "/bin/sh", first);
		}
	} else {
		const struct service *prog = sm_mailer(m, "prog");
		const char *cmd = prog != NULL && prog->command != NULL ?
		    prog->command : "/bin/sh";

		if (strcmp(base_name(cmd), "smrsh") == 0)
			goto out;
		rule_report_param(ctx, prog != NULL ? prog->name_span :
		    model_end_of(m->main_src), "prog", "the prog mailer runs "
		    "program aliases such as %s with %s%s, not smrsh", first,
		    cmd, prog != NULL ? " (P=)" : " (sendmail's built-in "
		    "prog mailer)");
	}
out:
	view_put(ctx, v);
}

/* ---- MH507 mail-to-commands-widened ---- */

/* widened - report an allow_mail_to_* value beyond alias, forward */
static void
widened(struct rule_ctx *ctx, const struct setting *s, const char *what)
{
	const char *list = setting_value(s);
	char w[256], bad[512] = "";

	if (s == NULL || s->source != SOURCE_FILE)
		return;
	while (pf_list_next_word(&list, w, sizeof(w)))
		if (strcmp(w, "alias") != 0 && strcmp(w, "forward") != 0 &&
		    strcmp(w, "include") != 0)
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
			    "%s'%s'", *bad ? ", " : "", w);
	if (*bad != '\0')
		rule_report_setting(ctx, rule_where(ctx->model, s), s, s->name,
		    "%s = %s%s%s "
		    "holds %s, which local(8) does not know: it stops with a "
		    "fatal error and delivers nothing", s->name,
		    setting_value(s), s->scope != NULL ? " in " : "",
		    s->scope != NULL ? s->scope : "", bad);
	else if (has_word(setting_value(s), "include"))
		rule_report_setting(ctx, rule_where(ctx->model, s), s, s->name,
		    "%s = %s%s%s "
		    "lets :include: files %s with the rights of their owner, "
		    "so whoever may edit such a file can do the same",
		    s->name, setting_value(s),
		    s->scope != NULL ? " in " : "",
		    s->scope != NULL ? s->scope : "", what);
}

/* check_mail_to_commands - MH507: main.cf and master.cf -o values */
void
check_mail_to_commands(struct rule_ctx *ctx)
{
	static const char *const params[][2] = {
		{ "allow_mail_to_commands", "run commands" },
		{ "allow_mail_to_files", "write to files" },
	};
	const struct model *m = ctx->model;
	size_t i, p, k;

	for (p = 0; p < 2; p++) {
		const struct setting *g = model_lookup(m, params[p][0]);

		widened(ctx, g, params[p][1]);
		for (i = 0; i < m->nservices; i++) {
			const struct service *svc = m->services[i];

			for (k = 0; k < svc->noverrides; k++)
				if (strcmp(svc->overrides[k]->name,
				    params[p][0]) == 0 &&
				    model_service_lookup(m, svc,
				    params[p][0]) == svc->overrides[k])
					widened(ctx, svc->overrides[k],
					    params[p][1]);
		}
	}
}

/* ---- MH508 forward-on-gateway ---- */

/* shown_value - "value (default)" or "value (from OSTYPE(...))" */
static void
shown_value(const struct setting *s, char *buf, size_t len)
{
	char call[128];

	if (s->source == SOURCE_FILE)
		snprintf(buf, len, "%s", setting_value(s));
	else if (s->name_span.src != NULL)
		snprintf(buf, len, "%s (from %.*s)", setting_value(s),
		    (int)strcspn(span_text(span_make(s->name_span.src,
		    s->name_span.start, s->name_span.start + 100), call,
		    sizeof(call)), "\n"), call);
	else
		snprintf(buf, len, "%s (default)", setting_value(s));
}

/* check_forward_gateway - MH508: .forward files read on a gateway */
void
check_forward_gateway(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct setting *s;
	char shown[512], why[256];

	if (m->mta == MTA_SENDMAIL) {
		s = model_lookup(m, "ForwardPath");
		if (s == NULL || *setting_value(s) == '\0')
			return;
		shown_value(s, shown, sizeof(shown));
		rule_report_param(ctx, rule_where(m, s), "ForwardPath",
		    "ForwardPath "
		    "= %s: sendmail reads users' .forward files, which can "
		    "send the mail this gateway receives to programs and "
		    "files", shown);
		return;
	}
	s = model_lookup(m, "forward_path");
	if (s == NULL || *setting_value(s) == '\0' ||
	    !pf_local_delivery(m, why, sizeof(why)))
		return;
	shown_value(s, shown, sizeof(shown));
	rule_report_param(ctx, rule_where(m, s), "forward_path",
	    "forward_path = %s "
	    "and local_transport = %s: local(8) delivers on this gateway and "
	    "reads users' .forward files, which can send mail to programs "
	    "and files", shown, rule_value(m, "local_transport"));
}

/* ---- the table ---- */
