/*
 * check_pf_restrict - the Postfix restriction table and the list walker
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/model.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_list.h"
#include "parsers/pf_main.h"
#include "parsers/pf_restrict.h"

/* build - a model from main.cf and master.cf text (either may be NULL) */
static struct model *
build(const char *main_cf, const char *master_cf)
{
	struct model *m = model_new(MTA_POSTFIX);
	struct parse_error err;

	if (main_cf != NULL) {
		m->main_src = model_add_src(m, src_from_bytes("main.cf",
		    main_cf, strlen(main_cf)));
		ck_assert_int_eq(pf_main_parse(m, m->main_src, &err), 0);
	}
	if (master_cf != NULL) {
		m->master_src = model_add_src(m, src_from_bytes("master.cf",
		    master_cf, strlen(master_cf)));
		ck_assert_int_eq(pf_master_parse(m, m->master_src, &err), 0);
	}
	pf_facts_build(m);
	return m;
}

/* seen - the entries of a walk written out as "depth:word[=arg][!]" */
struct seen {
	char	 text[1024];
	const char *stop_at;	/* stop the walk at this word */
	const char *leave_at;	/* leave the list at this word */
};

static enum pf_restrict_next
record(void *arg, const struct pf_restrict_entry *e)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s%d:%s%s%s%s%s",
	    n > 0 ? " " : "", e->depth, e->word, e->arg != NULL ? "=" : "",
	    e->arg != NULL ? e->arg : "", e->warn_only ? "!" : "",
	    e->kind == PF_RESTRICT_CLASS ? "(class)" : "");
	if (s->stop_at != NULL && strcmp(e->word, s->stop_at) == 0)
		return PF_RESTRICT_STOP;
	if (s->leave_at != NULL && strcmp(e->word, s->leave_at) == 0)
		return PF_RESTRICT_LEAVE;
	return PF_RESTRICT_NEXT;
}

/* walk - the entries of list for the service named svc (NULL: main.cf) */
static const char *
walk(const struct model *m, const char *svc, const char *list,
    struct seen *s)
{
	struct pf_restrict_walker w = { m, NULL, NULL, NULL };
	size_t i;

	for (i = 0; svc != NULL && i < m->nservices; i++)
		if (strcmp(m->services[i]->name, svc) == 0)
			w.svc = m->services[i];
	s->text[0] = '\0';
	pf_restrict_walk(&w, list, record, s);
	return s->text;
}

START_TEST(test_table_kinds_arguments_and_case)
{
	const struct pf_restriction *r;

	r = pf_restrict_lookup("Permit_MyNetworks");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "permit_mynetworks");
	ck_assert_int_eq(r->kind, PF_RESTRICT_PERMIT_IF);
	ck_assert_uint_eq(r->nargs, 0);
	r = pf_restrict_lookup("REJECT_UNAUTH_DESTINATION");
	ck_assert_int_eq(r->kind, PF_RESTRICT_REJECT_IF);
	ck_assert(r->flags & PF_RESTRICT_CLOSES_RELAY);
	ck_assert_int_eq(pf_restrict_lookup("reject")->kind,
	    PF_RESTRICT_REJECT);
	ck_assert_int_eq(pf_restrict_lookup("permit")->kind,
	    PF_RESTRICT_PERMIT);
	ck_assert_int_eq(pf_restrict_lookup("warn_if_reject")->kind,
	    PF_RESTRICT_MODIFIER);
	r = pf_restrict_lookup("check_sender_access");
	ck_assert_int_eq(r->kind, PF_RESTRICT_TABLE);
	ck_assert_uint_eq(r->nargs, 1);
	ck_assert_uint_eq(pf_restrict_lookup("reject_rbl_client")->nargs, 1);
	ck_assert_uint_eq(pf_restrict_lookup("sleep")->nargs, 1);
	ck_assert_uint_eq(pf_restrict_lookup("check_policy_service")->nargs,
	    1);
	/* check_ names that take no table */
	ck_assert_uint_eq(pf_restrict_lookup("check_relay_domains")->nargs, 0);
	ck_assert_uint_eq(pf_restrict_lookup("check_recipient_maps")->nargs,
	    0);
	ck_assert_int_eq(pf_restrict_lookup("permit_sasl_authenticated")->kind,
	    PF_RESTRICT_PERMIT_IF);
	ck_assert(!(pf_restrict_lookup("permit_auth_destination")->flags &
	    PF_RESTRICT_CLOSES_RELAY));
	ck_assert(pf_restrict_lookup("reject_rhsbl_sender")->flags &
	    PF_RESTRICT_DNSBL);
	ck_assert(pf_restrict_lookup("REJECT_RBL")->flags & PF_RESTRICT_DNSBL);
	ck_assert(!(pf_restrict_lookup("permit_dnswl_client")->flags &
	    PF_RESTRICT_DNSBL));
	ck_assert_ptr_null(pf_restrict_lookup("reject_dnsbl_client"));
	ck_assert_ptr_null(pf_restrict_lookup("check_foo_access"));
	ck_assert_str_eq(pf_restrict_default_check(
	    "smtpd_sender_restrictions")->name, "check_sender_access");
	ck_assert_str_eq(pf_restrict_default_check(
	    "smtpd_relay_restrictions")->name, "check_recipient_access");
	ck_assert_ptr_null(pf_restrict_default_check(
	    "smtpd_data_restrictions"));
}
END_TEST

START_TEST(test_walk_arguments_and_braces)
{
	struct model *m = build("smtpd_recipient_restrictions = "
	    "check_client_access inline:{ { 10.0.0.1 = OK }, { x = y } },"
	    " reject_rbl_client zen.example, check_recipient_maps,"
	    " sleep 1, hash:/etc/postfix/rcpt, Reject_Unauth_Destination\n",
	    NULL);
	struct seen s = { "", NULL, NULL };

	ck_assert_str_eq(walk(m, NULL, "smtpd_recipient_restrictions", &s),
	    "0:check_client_access=inline:{ { 10.0.0.1 = OK }, { x = y } } "
	    "0:reject_rbl_client=zen.example 0:check_recipient_maps "
	    "0:sleep=1 0:hash:/etc/postfix/rcpt=hash:/etc/postfix/rcpt "
	    "0:Reject_Unauth_Destination");
	model_free(m);
}
END_TEST

/* kinds - the kind of each entry, as letters */
static enum pf_restrict_next
kinds(void *arg, const struct pf_restrict_entry *e)
{
	static const char letter[] = "UPRprTMOC";
	char *out = arg;
	size_t n = strlen(out);

	out[n] = letter[e->kind];
	out[n + 1] = '\0';
	return PF_RESTRICT_NEXT;
}

/* long_arg - the whole argument of the first entry that has one */
static enum pf_restrict_next
long_arg(void *arg, const struct pf_restrict_entry *e)
{
	size_t *len = arg;

	if (e->arg_text == NULL)
		return PF_RESTRICT_NEXT;
	*len = e->arg_len;
	ck_assert_uint_eq(strlen(e->arg), 255);
	ck_assert(strncmp(e->arg_text, "inline:{", 8) == 0);
	ck_assert_int_eq(e->arg_text[e->arg_len - 1], '}');
	return PF_RESTRICT_STOP;
}

START_TEST(test_walk_long_argument_is_whole_in_arg_text)
{
	char text[1024] = "smtpd_sender_restrictions = check_sender_access "
	    "inline:{";
	struct model *m;
	struct pf_restrict_walker w = { NULL, NULL, NULL, NULL };
	size_t len = 0, i;

	for (i = 0; i < 40; i++)
		strcat(text, " { a@example.org = OK }");
	strcat(text, " }, permit\n");
	m = build(text, NULL);
	w.m = m;
	ck_assert(pf_restrict_walk(&w, "smtpd_sender_restrictions", long_arg,
	    &len));
	ck_assert_uint_eq(len, strlen("inline:{ }") + 40 *
	    strlen(" { a@example.org = OK }"));
	model_free(m);
}
END_TEST

START_TEST(test_walk_kinds_and_bare_table)
{
	struct model *m = build("smtpd_sender_restrictions = hash:/s, "
	    "PERMIT_SASL_AUTHENTICATED, reject_unknown_sender_domain, "
	    "check_sender_access hash:/t, warn_if_reject, defer, nosuch, "
	    "permit\nsmtpd_data_restrictions = hash:/d\n", NULL);
	struct pf_restrict_walker w = { m, NULL, NULL, NULL };
	char out[64] = "";

	pf_restrict_walk(&w, "smtpd_sender_restrictions", kinds, out);
	ck_assert_str_eq(out, "TprTMRUP");
	/* no check_*_access stands for a table in the data list */
	out[0] = '\0';
	pf_restrict_walk(&w, "smtpd_data_restrictions", kinds, out);
	ck_assert_str_eq(out, "U");
	model_free(m);
}
END_TEST

START_TEST(test_walk_classes_warn_and_places)
{
	struct model *m = build("smtpd_restriction_classes = inner, outer\n"
	    "outer = permit_mynetworks, inner\n"
	    "inner = check_sender_access hash:/x, reject\n"
	    "Other = reject\n"
	    "smtpd_recipient_restrictions = warn_if_reject, outer, Other, "
	    "INNER, permit\n", NULL);
	struct seen s = { "", NULL, NULL };

	/* The class inherits warn_if_reject; class names keep their case. */
	ck_assert_str_eq(walk(m, NULL, "smtpd_recipient_restrictions", &s),
	    "0:warn_if_reject 0:outer!(class) 1:permit_mynetworks! "
	    "1:inner!(class) 2:check_sender_access=hash:/x! 2:reject! "
	    "0:Other 0:INNER 0:permit");
	/* stop ends the walk, leave only the class */
	s.stop_at = "check_sender_access";
	ck_assert_str_eq(walk(m, NULL, "smtpd_recipient_restrictions", &s),
	    "0:warn_if_reject 0:outer!(class) 1:permit_mynetworks! "
	    "1:inner!(class) 2:check_sender_access=hash:/x!");
	s.stop_at = NULL;
	s.leave_at = "permit_mynetworks";
	ck_assert_str_eq(walk(m, NULL, "smtpd_recipient_restrictions", &s),
	    "0:warn_if_reject 0:outer!(class) 1:permit_mynetworks! "
	    "0:Other 0:INNER 0:permit");
	model_free(m);
}
END_TEST

/*
 * place - where the entry "reject" is in the walk; the words are copied,
 * since the walker's are valid during the callback only
 */
struct place {
	char	 list[64], top_word[64];
	size_t	 index, top_index;
	int	 depth;
};

static enum pf_restrict_next
find_reject(void *arg, const struct pf_restrict_entry *e)
{
	struct place *p = arg;

	if (e->kind != PF_RESTRICT_REJECT)
		return PF_RESTRICT_NEXT;
	snprintf(p->list, sizeof(p->list), "%s", e->list);
	snprintf(p->top_word, sizeof(p->top_word), "%s", e->top_word);
	p->index = e->index;
	p->top_index = e->top_index;
	p->depth = e->depth;
	ck_assert_ptr_nonnull(e->setting);
	ck_assert_str_eq(e->setting->name, e->list);
	return PF_RESTRICT_STOP;
}

START_TEST(test_walk_place_of_an_entry_in_a_class)
{
	struct model *m = build("smtpd_restriction_classes = cls\n"
	    "cls = check_client_access hash:/c, reject\n"
	    "smtpd_recipient_restrictions = permit_mynetworks, cls\n", NULL);
	struct pf_restrict_walker w = { m, NULL, NULL, NULL };
	struct place p = { "", "", 0, 0, 0 };

	ck_assert(pf_restrict_walk(&w, "smtpd_recipient_restrictions",
	    find_reject, &p));
	ck_assert_str_eq(p.list, "cls");
	ck_assert_uint_eq(p.index, 2);
	ck_assert_int_eq(p.depth, 1);
	ck_assert_str_eq(p.top_word, "cls");
	ck_assert_uint_eq(p.top_index, 1);
	model_free(m);
}
END_TEST

START_TEST(test_walk_cycles_and_depth)
{
	struct model *m = build("smtpd_restriction_classes = a b c0 c1 c2 c3 "
	    "c4 c5 c6 c7 c8 c9\n"
	    "a = b\nb = a, permit\n"
	    "c0 = c1\nc1 = c2\nc2 = c3\nc3 = c4\nc4 = c5\nc5 = c6\nc6 = c7\n"
	    "c7 = c8\nc8 = c9\nc9 = reject\n"
	    "smtpd_client_restrictions = a\n"
	    "smtpd_helo_restrictions = c0\n", NULL);
	struct seen s = { "", NULL, NULL };
	struct pf_restrict_walker w = { m, NULL, NULL, NULL };

	/* a class inside itself is handed over but not entered again */
	ck_assert_str_eq(walk(m, NULL, "smtpd_client_restrictions", &s),
	    "0:a(class) 1:b(class) 2:a(class) 2:permit");
	/* classes nest at most PF_RESTRICT_MAX_DEPTH deep */
	walk(m, NULL, "smtpd_helo_restrictions", &s);
	ck_assert_ptr_nonnull(strstr(s.text, "8:c8(class)"));
	ck_assert_ptr_null(strstr(s.text, "c9 "));
	ck_assert_ptr_null(strstr(s.text, "reject"));
	ck_assert(!pf_restrict_has(&w, "smtpd_helo_restrictions", "reject"));
	model_free(m);
}
END_TEST

START_TEST(test_walk_service_overrides_and_has)
{
	struct model *m = build("smtpd_restriction_classes = cls\n"
	    "cls = reject\n"
	    "smtpd_relay_restrictions = check_client_access "
	    "permit_mynetworks, reject_unauth_destination\n",
	    "submission inet n - n - - smtpd\n"
	    "  -o smtpd_relay_restrictions=PERMIT_MYNETWORKS,cls\n"
	    "  -o cls=permit\n");
	struct seen s = { "", NULL, NULL };
	struct pf_restrict_walker w = { m, NULL, NULL, NULL };

	/* the word after check_client_access is its table, not an entry */
	ck_assert(!pf_restrict_has(&w, "smtpd_relay_restrictions",
	    "permit_mynetworks"));
	ck_assert(pf_restrict_has(&w, "smtpd_relay_restrictions",
	    "reject_unauth_destination"));
	ck_assert_str_eq(walk(m, "submission", "smtpd_relay_restrictions",
	    &s), "0:PERMIT_MYNETWORKS 0:cls(class) 1:permit");
	w.svc = m->services[0];
	ck_assert(pf_restrict_has(&w, "smtpd_relay_restrictions",
	    "permit_mynetworks"));
	model_free(m);
}
END_TEST

/* item - the index-th word of text as pf_list_item_at() places it */
static const char *
item(const char *text, size_t index)
{
	static char buf[128];
	size_t st, en;

	if (!pf_list_item_at(text, 0, strlen(text), index, &st, &en))
		return "(none)";
	snprintf(buf, sizeof(buf), "%.*s", (int)(en - st), text + st);
	return buf;
}

/* the places of list words in a value as written: braces, continuation
   and comment lines, as Postfix splits the value */
START_TEST(test_list_item_places)
{
	const char *v = "permit_mynetworks,\n"
	    "    # reject_unauth_destination, a comment line\n"
	    "    check_client_access inline:{ { 10.0.0.1 = OK } },reject";

	ck_assert_str_eq(item(v, 0), "permit_mynetworks");
	ck_assert_str_eq(item(v, 1), "check_client_access");
	ck_assert_str_eq(item(v, 2), "inline:{ { 10.0.0.1 = OK } }");
	ck_assert_str_eq(item(v, 3), "reject");
	ck_assert_str_eq(item(v, 4), "(none)");
	/* an unmatched brace runs to the end, as in mystrtokq() */
	ck_assert_str_eq(item("a {b, c", 1), "{b, c");
	ck_assert_str_eq(item("", 0), "(none)");
}
END_TEST

/* inline tables as dict_inline reads them */
START_TEST(test_list_inline_lookup)
{
	const char *spec = "inline:{ a=1, { Key = two words },b=3, c = 4 }";
	const char *v;
	size_t n;

	ck_assert(pf_list_inline_lookup(spec, strlen(spec), "key", &v, &n));
	ck_assert_int_eq((int)n, 9);
	ck_assert(strncmp(v, "two words", n) == 0);
	ck_assert(pf_list_inline_lookup(spec, strlen(spec), "b", &v, &n));
	ck_assert(n == 1 && *v == '3');
	/* without braces, "c = 4" is three words and no entry */
	ck_assert(!pf_list_inline_lookup(spec, strlen(spec), "c", &v, &n));
	ck_assert(!pf_list_inline_lookup("inline:", 7, "a", &v, &n));
}
END_TEST

static Suite *
pf_restrict_suite(void)
{
	Suite *s = suite_create("pf_restrict");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table_kinds_arguments_and_case);
	tcase_add_test(tc, test_list_item_places);
	tcase_add_test(tc, test_list_inline_lookup);
	suite_add_tcase(s, tc);
	tc = tcase_create("walk");
	tcase_add_test(tc, test_walk_arguments_and_braces);
	tcase_add_test(tc, test_walk_kinds_and_bare_table);
	tcase_add_test(tc, test_walk_long_argument_is_whole_in_arg_text);
	tcase_add_test(tc, test_walk_classes_warn_and_places);
	tcase_add_test(tc, test_walk_place_of_an_entry_in_a_class);
	tcase_add_test(tc, test_walk_cycles_and_depth);
	tcase_add_test(tc, test_walk_service_overrides_and_has);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pf_restrict_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
