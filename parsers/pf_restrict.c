/*
 * pf_restrict - Postfix restriction names, kinds and the one walker of
 * restriction lists (see pf_restrict.h)
 */
#include <string.h>
#include <strings.h>

#include "parsers/pf_list.h"
#include "parsers/pf_restrict.h"

#define P PF_RESTRICT_PERMIT
#define R PF_RESTRICT_REJECT
#define PI PF_RESTRICT_PERMIT_IF
#define RI PF_RESTRICT_REJECT_IF
#define T PF_RESTRICT_TABLE
#define CLOSES PF_RESTRICT_CLOSES_RELAY
#define BL PF_RESTRICT_DNSBL

/* The restrictions smtpd's generic_checks() knows, by name. */
static const struct pf_restriction builtins[] = {
	{ "permit", P, 0, 0 },
	{ "reject", R, 0, CLOSES },
	{ "defer", R, 0, CLOSES },
	{ "defer_if_permit", R, 0, CLOSES },
	{ "defer_if_reject", PF_RESTRICT_OTHER, 0, 0 },
	{ "warn_if_reject", PF_RESTRICT_MODIFIER, 0, 0 },
	{ "sleep", PF_RESTRICT_OTHER, 1, 0 },
	{ "check_policy_service", T, 1, 0 },
	{ "reject_unauth_pipelining", RI, 0, 0 },
	{ "reject_plaintext_session", RI, 0, 0 },
	/* client */
	{ "permit_inet_interfaces", PI, 0, 0 },
	{ "permit_mynetworks", PI, 0, 0 },
	{ "permit_sasl_authenticated", PI, 0, 0 },
	{ "permit_tls_clientcerts", PI, 0, 0 },
	{ "permit_tls_all_clientcerts", PI, 0, 0 },
	{ "permit_dnswl_client", PI, 1, 0 },
	{ "permit_rhswl_client", PI, 1, 0 },
	{ "reject_unknown_client_hostname", RI, 0, 0 },
	{ "reject_unknown_client", RI, 0, 0 },
	{ "reject_unknown_reverse_client_hostname", RI, 0, 0 },
	{ "reject_maps_rbl", RI, 0, BL },
	{ "reject_rbl_client", RI, 1, BL },
	{ "reject_rbl", RI, 1, BL },
	{ "reject_rhsbl_client", RI, 1, BL },
	{ "reject_rhsbl_reverse_client", RI, 1, BL },
	{ "check_client_access", T, 1, 0 },
	{ "check_reverse_client_hostname_access", T, 1, 0 },
	{ "check_ccert_access", T, 1, 0 },
	{ "check_sasl_access", T, 1, 0 },
	{ "check_client_ns_access", T, 1, 0 },
	{ "check_client_mx_access", T, 1, 0 },
	{ "check_client_a_access", T, 1, 0 },
	{ "check_reverse_client_hostname_ns_access", T, 1, 0 },
	{ "check_reverse_client_hostname_mx_access", T, 1, 0 },
	{ "check_reverse_client_hostname_a_access", T, 1, 0 },
	/* HELO */
	{ "permit_naked_ip_address", PI, 0, 0 },
	{ "reject_invalid_helo_hostname", RI, 0, 0 },
	{ "reject_invalid_hostname", RI, 0, 0 },
	{ "reject_unknown_helo_hostname", RI, 0, 0 },
	{ "reject_unknown_hostname", RI, 0, 0 },
	{ "reject_non_fqdn_helo_hostname", RI, 0, 0 },
	{ "reject_non_fqdn_hostname", RI, 0, 0 },
	{ "reject_rhsbl_helo", RI, 1, BL },
	{ "check_helo_access", T, 1, 0 },
	{ "check_helo_ns_access", T, 1, 0 },
	{ "check_helo_mx_access", T, 1, 0 },
	{ "check_helo_a_access", T, 1, 0 },
	/* sender */
	{ "reject_unknown_address", RI, 0, 0 },
	{ "reject_unknown_sender_domain", RI, 0, 0 },
	{ "reject_unverified_sender", RI, 0, 0 },
	{ "reject_non_fqdn_sender", RI, 0, 0 },
	{ "reject_sender_login_mismatch", RI, 0, 0 },
	{ "reject_authenticated_sender_login_mismatch", RI, 0, 0 },
	{ "reject_known_sender_login_mismatch", RI, 0, 0 },
	{ "reject_unauthenticated_sender_login_mismatch", RI, 0, 0 },
	{ "reject_rhsbl_sender", RI, 1, BL },
	{ "reject_unlisted_sender", RI, 0, 0 },
	{ "check_sender_access", T, 1, 0 },
	{ "check_sender_ns_access", T, 1, 0 },
	{ "check_sender_mx_access", T, 1, 0 },
	{ "check_sender_a_access", T, 1, 0 },
	/* recipient */
	{ "permit_mx_backup", PI, 0, 0 },
	{ "permit_auth_destination", PI, 0, 0 },
	{ "reject_unauth_destination", RI, 0, CLOSES },
	{ "defer_unauth_destination", RI, 0, CLOSES },
	{ "check_relay_domains", RI, 0, CLOSES },
	{ "reject_unknown_recipient_domain", RI, 0, 0 },
	{ "reject_non_fqdn_recipient", RI, 0, 0 },
	{ "reject_rhsbl_recipient", RI, 1, BL },
	{ "check_recipient_maps", RI, 0, 0 },
	{ "reject_unlisted_recipient", RI, 0, 0 },
	{ "reject_multi_recipient_bounce", RI, 0, 0 },
	{ "reject_unverified_recipient", RI, 0, 0 },
	{ "check_recipient_access", T, 1, 0 },
	{ "check_recipient_ns_access", T, 1, 0 },
	{ "check_recipient_mx_access", T, 1, 0 },
	{ "check_recipient_a_access", T, 1, 0 },
	/* ETRN */
	{ "check_etrn_access", T, 1, 0 },
};

#undef P
#undef R
#undef PI
#undef RI
#undef T
#undef CLOSES
#undef BL

const struct pf_restriction *
pf_restrict_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcasecmp(name, builtins[i].name) == 0)
			return &builtins[i];
	return NULL;
}

const struct pf_restriction *
pf_restrict_default_check(const char *list)
{
	static const char *const pairs[][2] = {
		{ "smtpd_client_restrictions", "check_client_access" },
		{ "smtpd_helo_restrictions", "check_helo_access" },
		{ "smtpd_sender_restrictions", "check_sender_access" },
		{ "smtpd_relay_restrictions", "check_recipient_access" },
		{ "smtpd_recipient_restrictions", "check_recipient_access" },
		{ "smtpd_etrn_restrictions", "check_etrn_access" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(list, pairs[i][0]) == 0)
			return pf_restrict_lookup(pairs[i][1]);
	return NULL;
}

/* ---- the walker ---- */

struct walk {
	const struct pf_restrict_walker *w;
	pf_restrict_fn *fn;
	void	*arg;
	const char *top_list;
	const char *classes;	/* smtpd_restriction_classes */
	const char *open[PF_RESTRICT_MAX_DEPTH + 1];	/* lists being walked */
};

/* value_of - a parameter as the walk's service sees it */
static const char *
value_of(const struct pf_restrict_walker *w, const char *name)
{
	const struct setting *s;

	if (w->value != NULL)
		return w->value(w->value_arg, name);
	s = model_service_lookup(w->m, w->svc, name);
	if (s == NULL)
		return NULL;
	return s->value != NULL ? s->value : s->raw;
}

/* is_class - named in smtpd_restriction_classes (case counts there) */
static bool
is_class(const struct walk *k, const char *word)
{
	const char *p = k->classes;
	char name[256];

	while (p != NULL && pf_list_next_word(&p, name, sizeof(name)))
		if (strcmp(name, word) == 0)
			return true;
	return false;
}

/* is_open - a class already being walked (a cycle) */
static bool
is_open(const struct walk *k, int depth, const char *word)
{
	int i;

	for (i = 0; i <= depth; i++)
		if (strcmp(k->open[i], word) == 0)
			return true;
	return false;
}

/* classify - kind and built-in row of one entry word */
static void
classify(const struct walk *k, struct pf_restrict_entry *e)
{
	e->builtin = NULL;
	e->bare_table = false;
	if (strchr(e->word, ':') != NULL) {
		/* smtpd reads it as the list's own check_*_access */
		e->bare_table = true;
		e->builtin = pf_restrict_default_check(k->top_list);
		e->kind = e->builtin != NULL ? PF_RESTRICT_TABLE :
		    PF_RESTRICT_UNKNOWN;
		return;
	}
	e->builtin = pf_restrict_lookup(e->word);
	if (e->builtin != NULL)
		e->kind = e->builtin->kind;
	else
		e->kind = is_class(k, e->word) ? PF_RESTRICT_CLASS :
		    PF_RESTRICT_UNKNOWN;
}

/* copy_word - [st, en) of value into buf; false when it does not fit */
static bool
copy_word(const char *value, size_t st, size_t en, char *buf, size_t size)
{
	if (en - st >= size)
		return false;
	memcpy(buf, value + st, en - st);
	buf[en - st] = '\0';
	return true;
}

/*
 * walk_list - one list or class; PF_RESTRICT_STOP when the callback
 * ended the walk
 */
static enum pf_restrict_next
walk_list(struct walk *k, const char *list, int depth, bool warn_all,
    const struct pf_restrict_entry *top)
{
	const char *value = value_of(k->w, list);
	const struct setting *s = model_service_lookup(k->w->m, k->w->svc,
	    list);
	size_t pos = 0, st, en, index = 0;
	bool warn_next = false;
	char word[256], argbuf[256];

	k->open[depth] = list;
	while (value != NULL && value[pos] != '\0') {
		struct pf_restrict_entry e;
		enum pf_restrict_next next;
		unsigned n;

		pos = pf_list_next(value, pos, &st, &en);
		if (en == st)
			break;
		index++;
		if (!copy_word(value, st, en, word, sizeof(word)))
			continue;
		memset(&e, 0, sizeof(e));
		e.word = word;
		e.list = list;
		e.setting = s;
		e.value = value;
		e.index = index - 1;
		e.top_list = k->top_list;
		e.top_word = top != NULL ? top->top_word : word;
		e.top_index = top != NULL ? top->top_index : index - 1;
		e.depth = depth;
		classify(k, &e);
		if (e.bare_table) {
			e.arg = word;
			e.arg_text = value + st;
			e.arg_len = en - st;
		}
		/* Its arguments: the words after it, whatever they are. */
		for (n = e.builtin != NULL && !e.bare_table ? e.builtin->nargs :
		    0; n > 0 && value[pos] != '\0'; n--) {
			pos = pf_list_next(value, pos, &st, &en);
			if (en == st)
				break;
			index++;
			e.arg_text = value + st;
			e.arg_len = en - st;
			if (!copy_word(value, st, en, argbuf, sizeof(argbuf)))
				copy_word(value, st, st + sizeof(argbuf) - 1,
				    argbuf, sizeof(argbuf));
			e.arg = argbuf;
		}
		e.warn_only = warn_all || warn_next;
		warn_next = e.kind == PF_RESTRICT_MODIFIER;
		next = k->fn(k->arg, &e);
		if (next == PF_RESTRICT_STOP)
			return next;
		if (next == PF_RESTRICT_LEAVE)
			break;
		if (e.kind == PF_RESTRICT_CLASS && depth < PF_RESTRICT_MAX_DEPTH &&
		    !is_open(k, depth, word) && walk_list(k, word, depth + 1,
		    e.warn_only, &e) == PF_RESTRICT_STOP)
			return PF_RESTRICT_STOP;
	}
	return PF_RESTRICT_NEXT;
}

bool
pf_restrict_walk(const struct pf_restrict_walker *w, const char *list,
    pf_restrict_fn *fn, void *arg)
{
	struct walk k;

	memset(&k, 0, sizeof(k));
	k.w = w;
	k.fn = fn;
	k.arg = arg;
	k.top_list = list;
	k.classes = value_of(w, "smtpd_restriction_classes");
	return walk_list(&k, list, 0, false, NULL) == PF_RESTRICT_STOP;
}

struct has {
	const char *name;
	bool	 found;
};

static enum pf_restrict_next
has_entry(void *arg, const struct pf_restrict_entry *e)
{
	struct has *h = arg;

	if (strcasecmp(e->word, h->name) != 0)
		return PF_RESTRICT_NEXT;
	h->found = true;
	return PF_RESTRICT_STOP;
}

bool
pf_restrict_has(const struct pf_restrict_walker *w, const char *list,
    const char *name)
{
	struct has h = { name, false };

	pf_restrict_walk(w, list, has_entry, &h);
	return h.found;
}
