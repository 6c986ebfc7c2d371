/*
 * rules_access - the access family beyond syntax and duplicates (MH401,
 * MH402): an access map nobody reads, access tables missing from the
 * tree, and access entries that sendmail never looks up
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/rule.h"
#include "linter/rule_checks.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

/* ---- MH403 access-db-missing ---- */

/* line_of - the text from the start of the line holding a span */
static const char *
line_of(struct span where)
{
	const char *b, *p;

	if (where.src == NULL || where.start == SPAN_WHOLE_FILE ||
	    where.start > where.src->len)
		return "";
	b = where.src->bytes;
	p = b + where.start;
	while (p > b && p[-1] != '\n')
		p--;
	return p;
}

/* basename_of - the last path component, without a ".db" suffix, into buf */
static const char *
basename_of(const char *path, size_t len, char *buf, size_t buflen)
{
	const char *slash;
	size_t n;

	snprintf(buf, buflen, "%.*s", (int)len, path);
	slash = strrchr(buf, '/');
	if (slash != NULL)
		memmove(buf, slash + 1, strlen(slash + 1) + 1);
	n = strlen(buf);
	if (n > 3 && strcmp(buf + n - 3, ".db") == 0)
		buf[n - 3] = '\0';
	return buf;
}

/*
 * access_map_file - the file the access map is read from, as the config
 * says: the K line's last argument (.cf), or FEATURE(access_db)'s key
 * file definition (.mc). "" when the config names none it can tell;
 * NULL when there is no access map at all.
 */
static const char *
access_map_file(const struct model *m, const struct setting **from,
    struct span *where)
{
	size_t i;

	*from = NULL;
	if (model_is_mc(m)) {
		const struct setting *f = model_lookup(m, "FEATURE(access_db)");
		const char *v, *last;

		if (f == NULL)
			return NULL;
		*from = f;
		*where = rule_where(m, f);
		v = setting_value(f);
		last = strrchr(v, ' ');
		last = last != NULL ? last + 1 : v;
		/* m4 names (MAIL_SETTINGS_DIR`access') cannot be told here */
		if (last[0] != '/' || strpbrk(last, "`'$") != NULL)
			return "";
		return last;
	}
	for (i = 0; i < m->nmaps; i++) {
		const struct mapref *mr = m->maps[i];
		const char *line = line_of(mr->where);

		if (strncmp(line, "Kaccess", 7) != 0 ||
		    !isspace((unsigned char)line[7]))
			continue;
		*where = mr->where;
		return mr->name != NULL && mr->name[0] == '/' ? mr->name : "";
	}
	return NULL;
}

/* check_access_db - MH403: access entries that no access map reads */
void
check_access_db(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	const struct map_entry *first = NULL;
	const struct setting *from;
	const char *file;
	struct span where = span_make(NULL, 0, 0);
	char have[256], want[256];
	size_t i, n = 0;

	if (m->main_src == NULL)
		return;
	for (i = 0; i < m->nentries; i++) {
		if (strcmp(m->entries[i]->map, "access") != 0)
			continue;
		if (first == NULL)
			first = m->entries[i];
		n++;
	}
	if (first == NULL)
		return;
	file = access_map_file(m, &from, &where);
	if (file == NULL) {
		rule_report(ctx, rule_where(m, NULL), "FEATURE(access_db)",
		    "%s has %zu access entr%s but %s: sendmail never looks "
		    "%s up, so none of its REJECT, OK or RELAY entries is in "
		    "force", first->key_span.src != NULL ?
		    first->key_span.src->path : "the access file", n,
		    n == 1 ? "y" : "ies", model_is_mc(m) ?
		    "sendmail.mc has no FEATURE(`access_db')" :
		    "sendmail.cf defines no access map (no 'Kaccess' line)",
		    n == 1 ? "it" : "them");
		return;
	}
	if (*file == '\0' || first->key_span.src == NULL)
		return;
	basename_of(file, strlen(file), want, sizeof(want));
	basename_of(first->key_span.src->path,
	    strlen(first->key_span.src->path), have, sizeof(have));
	if (strcmp(want, have) == 0)
		return;
	rule_report(ctx, where, "access_db:file", "the access map reads %s, "
	    "not %s: the %zu entr%s of the file in the tree %s not in force",
	    file, first->key_span.src->path, n, n == 1 ? "y" : "ies",
	    n == 1 ? "is" : "are");
}

/* ---- MH404 access-table-missing ---- */

/* is_restriction_param - a list of smtpd or postscreen access restrictions */
static bool
is_restriction_param(const struct model *m, const char *name)
{
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions", "smtpd_data_restrictions",
		"smtpd_end_of_data_restrictions", "smtpd_etrn_restrictions",
		"postscreen_access_list",
	};
	const char *classes = setting_value(model_lookup(m,
	    "smtpd_restriction_classes"));
	size_t i, n = strlen(name);
	const char *p;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(lists[i], name) == 0)
			return true;
	/* a restriction class: a name listed in smtpd_restriction_classes */
	for (p = classes; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == classes || p[-1] == ',' ||
		    isspace((unsigned char)p[-1])) && (p[n] == '\0' ||
		    p[n] == ',' || isspace((unsigned char)p[n])))
			return true;
	}
	return false;
}

/*
 * check_table_missing - MH404: access tables of restrictions missing from
 * the tree
 */
void
check_table_missing(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i;

	for (i = 0; i < m->nmaps; i++) {
		const struct mapref *mr = m->maps[i];
		const char *entry = mr->entry != NULL ? mr->entry : "";
		bool has_db = mr->db != MAP_DB_NONE;
		char key[512];

		/* Not followed (no root, relative path): MH002's. */
		if (mr->fs_path == NULL || mr->from == NULL ||
		    !is_restriction_param(m, mr->from->name))
			continue;
		/* the loader looked: a missing database alone is MH802's */
		if (mr->source_exists || (has_db && mr->db != MAP_DB_MISSING))
			continue;
		snprintf(key, sizeof(key), "%s:%s", mr->type, mr->name);
		rule_report(ctx, mr->name_where.src != NULL ?
		    mr->name_where : mr->where, key, "%s%s%s:%s (in %s%s) "
		    "does not exist in the tree%s: Postfix cannot open it, "
		    "every lookup fails, and smtpd answers '451 4.3.5 Server "
		    "configuration error' where it is used", entry,
		    *entry ? " " : "",
		    mr->type, mr->name, mr->from->name,
		    mr->from->scope != NULL ? ", -o" : "",
		    has_db ? ", nor its database" : "");
	}
}

/* ---- MH405 access-shadowed ---- */

/* The tags whose lookups fall back to the untagged key (proto.m4 "<+ TAG>"). */
static const char *const fallback_tags[] = { "connect", "from", "to", "rhs" };
#define NFALLBACK (sizeof(fallback_tags) / sizeof(fallback_tags[0]))

/* tag_of - the known tag of an access key ("connect"), or NULL */
static const char *
tag_of(const char *key, size_t *len)
{
	const char *colon = strchr(key, ':');
	size_t n, i;

	static const char *const tags[] = {
		"connect", "from", "to", "rhs", "spam", "greetpause",
		"clientrate", "clientconn", "srv_features", "clt_features",
		"try_tls", "tls_srv", "tls_clt", "tls_rcpt", "certissuer",
		"certsubject", "qgrp", "compat", "authinfo", "bcc",
		"tls_srv_features", "tls_clt_features", "mta-sts", "ciTag",
	};

	if (colon == NULL)
		return NULL;
	n = (size_t)(colon - key);
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == n && strncasecmp(key, tags[i], n) == 0) {
			*len = n + 1;
			return tags[i];
		}
	return NULL;
}

/* is_address_key - "10.1.2", "ipv6:2001:db8": only Connect looks them up */
static bool
is_address_key(const char *k)
{
	const char *p;

	if (strncasecmp(k, "ipv6:", 5) == 0)
		return k[5] != '\0';
	if (*k == '\0')
		return false;
	for (p = k; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	return true;
}

/* same_action - "REJECT" and "reject " are the same right-hand side */
static bool
same_action(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 0 && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb > 0 && isspace((unsigned char)b[lb - 1]))
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* shadow_cand - an untagged access entry and the tagged ones of its key */
struct shadow_cand {
	const struct map_entry *e;
	const struct map_entry *by[NFALLBACK];
};

/*
 * find_tagged_all - for every untagged first entry of the access map, the
 * first entries "tag:key" of each fallback tag: one pass over the map
 * with the untagged keys hashed (keys are lower-cased by the reader).
 * Returns the candidates in map order (caller frees), their count in *n.
 */
static struct shadow_cand *
find_tagged_all(const struct model *m, size_t *n)
{
	struct strmap untagged = STRMAP_INIT;
	struct shadow_cand *cand = NULL;
	size_t i, t, ncand = 0, tl;

	for (i = 0; i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];

		/* makemap keeps the first of a key: a later one is MH402's */
		if (strcmp(e->map, "access") != 0 || e->earlier != NULL ||
		    tag_of(e->key, &tl) != NULL)
			continue;
		if (ncand % 64 == 0)
			cand = xreallocarray(cand, ncand + 64, sizeof(*cand));
		memset(&cand[ncand], 0, sizeof(cand[ncand]));
		cand[ncand].e = e;
		strmap_put(&untagged, e->key, strlen(e->key),
		    (void *)(uintptr_t)(ncand + 1));
		ncand++;
	}
	for (i = 0; ncand > 0 && i < m->nentries; i++) {
		const struct map_entry *e = m->entries[i];
		const char *colon;
		uintptr_t k;

		if (strcmp(e->map, "access") != 0 || e->earlier != NULL ||
		    (colon = strchr(e->key, ':')) == NULL)
			continue;
		tl = (size_t)(colon - e->key);
		for (t = 0; t < NFALLBACK; t++)
			if (strlen(fallback_tags[t]) == tl &&
			    strncasecmp(e->key, fallback_tags[t], tl) == 0)
				break;
		if (t == NFALLBACK)
			continue;
		k = (uintptr_t)strmap_get(&untagged, colon + 1,
		    strlen(colon + 1));
		if (k != 0 && cand[k - 1].by[t] == NULL)
			cand[k - 1].by[t] = e;
	}
	strmap_release(&untagged);
	*n = ncand;
	return cand;
}

/*
 * check_shadowed - MH405: untagged access entries that tagged ones always
 * pre-empt
 */
void
check_shadowed(struct rule_ctx *ctx)
{
	const struct model *m = ctx->model;
	bool rhsbl = model_lookup(m, "FEATURE(rhsbl)") != NULL;
	struct shadow_cand *cand;
	size_t i, t, ncand;

	cand = find_tagged_all(m, &ncand);
	for (i = 0; i < ncand; i++) {
		const struct map_entry *e = cand[i].e;
		const struct map_entry *const *by = cand[i].by;
		const struct map_entry *differs = NULL;
		char found[512] = "", key[300];
		size_t nfound = 0;
		bool all = true;

		for (t = 0; t < NFALLBACK; t++) {
			bool needed;

			if (is_address_key(e->key))
				needed = t == 0;	/* Connect only */
			else if (strchr(e->key, '@') != NULL)
				needed = t == 1 || t == 2 || (t == 3 && rhsbl);
			else
				needed = t < 3 || rhsbl;
			if (!needed)
				continue;
			if (by[t] == NULL) {
				all = false;
				break;
			}
			if (differs == NULL &&
			    !same_action(by[t]->value, e->value))
				differs = by[t];
			snprintf(found + strlen(found), sizeof(found) -
			    strlen(found), "%s'%s %s'", *found ? ", " : "",
			    by[t]->key, by[t]->value);
			nfound++;
		}
		if (!all || differs == NULL)
			continue;
		snprintf(key, sizeof(key), "shadowed:%s", e->key);
		rule_report(ctx, e->key_span, key, "'%s %s' is never used: "
		    "sendmail tries the tagged key before the untagged one, "
		    "and %s answer%s every lookup that would fall back to it",
		    e->key, e->value, found, nfound > 1 ? "" : "s");
	}
	free(cand);
}

/* ---- the table ---- */
