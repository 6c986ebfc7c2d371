/*
 * check_rules - the rule table, each rule's hit, clean and edge case,
 * the engine's profile handling and the JSON report
 */
#include <check.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/engine.h"
#include "reports/report.h"
#include "linter/rule.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"

static const char *build_root;	/* root of the next build(), or NULL */

static struct load_result
build(const char *main_cf, const char *master_cf)
{
	struct load_result res = { 0 };
	struct model *m = model_new(MTA_POSTFIX);
	struct parse_error err;

	m->root = build_root;

	m->main_src = model_add_src(m, src_from_bytes("main.cf", main_cf,
	    strlen(main_cf)));
	ck_assert_int_eq(pf_main_parse(m, m->main_src, &err), 0);
	if (master_cf != NULL) {
		m->master_src = model_add_src(m, src_from_bytes("master.cf",
		    master_cf, strlen(master_cf)));
		ck_assert_int_eq(pf_master_parse(m, m->master_src, &err), 0);
	}
	pf_facts_build(m);
	res.models = malloc(sizeof(*res.models));
	res.models[0] = m;
	res.nmodels = 1;
	return res;
}

/* run - findings of one rule on a tree under a built-in profile */
static void
run(const char *profile_name, const char *rule, const char *main_cf,
    const char *master_cf, struct findings *fs)
{
	struct profile_error perr;
	struct profile *p = profile_load(profile_name, rule_canon, &perr);
	const char *only[] = { rule };
	struct engine_opts eo = { p, only, 1, NULL, 0 };
	struct load_result res = build(main_cf, master_cf);
	struct findings all = { NULL, 0, 0 };
	size_t i;

	ck_assert_msg(p != NULL, "%s", perr.msg);
	engine_run(&res, &eo, &all);
	memset(fs, 0, sizeof(*fs));
	for (i = 0; i < all.n; i++) {
		struct finding *f;

		if (strcmp(all.v[i].rule->id, rule) != 0 &&
		    strcmp(all.v[i].rule->name, rule) != 0)
			continue;
		f = findings_add(fs);
		*f = all.v[i];
		f->message = strdup(all.v[i].message);
		f->key = strdup(all.v[i].key);
		f->param = all.v[i].param != NULL ? strdup(all.v[i].param) :
		    NULL;
		/* the model is gone after this */
		f->src = NULL;
		f->setting = NULL;
		f->service = NULL;
		f->listener = NULL;
		f->entry = NULL;
	}
	findings_release(&all);
	load_result_release(&res);
	profile_free(p);
}

static void
setup(void)
{
	setenv("MTA_HARDEN_PROFILE_DIR", MH_SRCDIR "/profiles", 1);
}

START_TEST(test_rule_table_sorted_unique_documented)
{
	regex_t id_re, name_re;
	size_t i, k, t;

	ck_assert_int_eq(regcomp(&id_re, "^MH[0-9]{3}$", REG_EXTENDED), 0);
	ck_assert_int_eq(regcomp(&name_re, "^[a-z][a-z0-9-]+$", REG_EXTENDED), 0);
	for (i = 0; i < rule_total(); i++) {
		const struct rule *r = rule_at(i);

		ck_assert_int_eq(regexec(&id_re, r->id, 0, NULL, 0), 0);
		ck_assert_int_eq(regexec(&name_re, r->name, 0, NULL, 0), 0);
		if (i > 0)
			ck_assert_int_lt(strcmp(rule_at(i - 1)->id, r->id), 0);
		for (k = 0; k < i; k++)
			ck_assert_str_ne(rule_at(k)->name, r->name);
		ck_assert_uint_gt(strlen(r->explanation), 80);
		ck_assert_uint_gt(strlen(r->summary), 10);
		ck_assert_ptr_nonnull(r->tags[0]);
		/* only the engine's own rule has no check */
		ck_assert(r->check != NULL || strcmp(r->id, "MH003") == 0);
		ck_assert_uint_ne(r->mtas, 0);
		for (k = 0; k < RULE_MAX_TAGS && r->tags[k]; k++) {
			bool known = false;

			for (t = 0; engine_tags[t] != NULL; t++)
				known |= strcmp(engine_tags[t], r->tags[k]) == 0;
			ck_assert_msg(known, "%s: tag %s", r->id, r->tags[k]);
		}
	}
	regfree(&id_re);
	regfree(&name_re);
}
END_TEST

/* Each rule: a tree that hits it, a clean one and an edge case. */
static const struct {
	const char *rule, *profile, *main_cf, *master_cf;
	size_t expect;		/* findings */
	unsigned line;		/* line of the first finding, if any */
} cases[] = {
	/* vrfy-enabled */
	{ "MH101", "default", "disable_vrfy_command = no\n", NULL, 1, 1 },
	{ "MH101", "default", "disable_vrfy_command = yes\n", NULL, 0, 0 },
	{ "MH101", "default", "disable_vrfy_command = YES\n",
	  "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n"
	  " -o disable_vrfy_command=no\n", 1, 3 },
	{ "MH101", "default", "biff = no\n", NULL, 1, 2 },
	/* banner-reveals-software */
	{ "MH104", "default", "smtpd_banner = $myhostname ESMTP $mail_name\n",
	  NULL, 1, 1 },
	{ "MH104", "default", "smtpd_banner = $myhostname ESMTP\n", NULL, 0, 0 },
	{ "MH104", "default", "myhostname = mx1.10.example\n"
	  "smtpd_banner = $myhostname ESMTP ready\n", NULL, 0, 0 },
	{ "MH104", "default", "smtpd_banner = $myhostname ESMTP v2.3\n",
	  NULL, 1, 1 },
	/* open-relay */
	/* a restriction class that permits, before the closing entry */
	{ "MH201", "default", "compatibility_level = 3.6\n"
	  "smtpd_restriction_classes = open_class\nopen_class = permit\n"
	  "smtpd_relay_restrictions = open_class, reject_unauth_destination\n",
	  NULL, 1, 4 },
	/* smtpd ignores what follows "permit" and then refuses to start */
	{ "MH201", "default", "compatibility_level = 3.6\n"
	  "smtpd_relay_restrictions = permit, reject_unauth_destination\n",
	  NULL, 0, 0 },
	/* No closing entry anywhere: smtpd refuses to start, no relay. */
	{ "MH201", "default", "compatibility_level = 3.6\n"
	  "smtpd_relay_restrictions = permit\n", NULL, 0, 0 },
	{ "MH201", "default", "compatibility_level = 3.6\n", NULL, 0, 0 },
	{ "MH201", "default", "compatibility_level = 3.6\n"
	  "mynetworks = 10.0.0.0/8 192.168.0.0/16\n", NULL, 0, 0 },
	{ "MH201", "default", "compatibility_level = 3.6\n"
	  "mynetworks = 127.0.0.0/8\n  198.51.100.0/24\n", NULL, 1, 3 },
	{ "MH201", "dmz", "compatibility_level = 1\nmynetworks_style = class\n",
	  NULL, 1, 2 },
	{ "MH201", "default", "compatibility_level = 1\nmynetworks_style = class\n",
	  NULL, 0, 0 },
	{ "MH201", "default", "compatibility_level = 3.6\n",
	  "smtp inet n - y - - smtpd\n"
	  "  -o mynetworks=0.0.0.0/0\n", 1, 2 },
	/* message-size-limit */
	{ "MH601", "default", "message_size_limit = 0\n", NULL, 1, 1 },
	{ "MH601", "default", "message_size_limit = 10240000\n", NULL, 0, 0 },
	{ "MH601", "dmz", "message_size_limit = 52428800\n", NULL, 1, 1 },
	/* not a number: invalid-value's, not this rule's */
	{ "MH601", "default", "message_size_limit = 10k\n", NULL, 0, 0 },
	{ "MH601", "default", "message_size_limit = 99999999999999999999\n",
	  NULL, 1, 1 },
	/* listen-beyond-loopback */
	{ "MH701", "null-client", "inet_interfaces = all\n", NULL, 1, 1 },
	{ "MH701", "null-client", "inet_interfaces = loopback-only\n", NULL, 0, 0 },
	{ "MH701", "null-client", "inet_interfaces = 127.0.0.1, [::1]\n",
	  "smtp inet n - y - - smtpd\n0.0.0.0:2525 inet n - y - - smtpd\n",
	  1, 2 },
	{ "MH701", "dmz", "inet_interfaces = all\n",
	  "smtp inet n - y - - smtpd\n", 0, 0 },
	{ "MH701", "dmz", "inet_interfaces = all\n",
	  "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n"
	  "127.0.0.1:10025 inet n - n - - smtpd\n", 1, 2 },
	/* value-trailing-comment */
	{ "MH901", "default", "biff = no # quiet\n", NULL, 1, 1 },
	{ "MH901", "default", "biff = no\n# quiet\n", NULL, 0, 0 },
	{ "MH901", "default", "header_checks = regexp:/etc/x#y\n", NULL, 0, 0 },
	/* duplicate-setting */
	{ "MH902", "default", "biff = no\nbiff = yes\n", NULL, 1, 1 },
	{ "MH902", "default", "biff = no\n", NULL, 0, 0 },
	{ "MH902", "default", "biff = no\n",
	  "smtp inet n - y - - smtpd\nsmtp inet n - n - - smtpd\n", 1, 1 },
	/* unknown-parameter */
	{ "MH903", "default", "smtpd_relay_restriction = reject\n", NULL, 1, 1 },
	{ "MH903", "default", "smtpd_relay_restrictions = reject\n", NULL, 0, 0 },
	{ "MH903", "default", "my_class = reject\n"
	  "smtpd_restriction_classes = my_class\n", NULL, 0, 0 },
	/* ignored-line */
	{ "MH904", "default", "  biff = no\nmyhostname = x.example\n", NULL, 1, 1 },
	{ "MH904", "default", "biff = no\n  # indented comment\n", NULL, 0, 0 },
	/* invalid-expansion */
	{ "MH905", "default", "smtpd_banner = cost $ 5\n", NULL, 1, 1 },
	{ "MH905", "default", "smtpd_banner = cost $$5\n", NULL, 0, 0 },
	/* invalid-value */
	{ "MH906", "default", "message_size_limit = 10k\n", NULL, 1, 1 },
	{ "MH906", "default", "biff = No\nmessage_size_limit = 10240000\n",
	  NULL, 0, 0 },
	{ "MH906", "default", "biff = no\n", "smtp inet n - y - - smtpd\n"
	  "  -o smtpd_helo_required=sometimes\n", 1, 2 },
	{ "MH906", "default", "compatibility_level = 3.6\n", NULL, 0, 0 },
	/* relay-restrictions-missing */
	{ "MH907", "default", "compatibility_level = 0\n", NULL, 1, 2 },
	{ "MH907", "default", "compatibility_level = 3.6\n", NULL, 0, 0 },
	{ "MH907", "default", "compatibility_level = 3.6\n",
	  "smtp inet n - y - - smtpd\n  -o smtpd_relay_restrictions=\n", 1, 2 },
};

START_TEST(test_rule_cases)
{
	struct findings fs;

	run(cases[_i].profile, cases[_i].rule, cases[_i].main_cf,
	    cases[_i].master_cf, &fs);
	ck_assert_msg(fs.n == cases[_i].expect, "case %d (%s): %zu findings%s%s",
	    _i, cases[_i].rule, fs.n, fs.n ? ": " : "",
	    fs.n ? fs.v[0].message : "");
	if (fs.n > 0)
		ck_assert_uint_eq(fs.v[0].line, cases[_i].line);
	findings_release(&fs);
}
END_TEST

START_TEST(test_path_not_followed)
{
	struct findings fs;
	const char *cf = "alias_maps = hash:/etc/aliases\n";

	/* hit: an absolute path and no root */
	run("default", "MH002", cf, NULL, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_int_eq(fs.v[0].severity, SEV_INFO);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "--root"));
	findings_release(&fs);
	/* clean: a root */
	build_root = "/srv/image";
	run("default", "MH002", cf, NULL, &fs);
	build_root = NULL;
	ck_assert_uint_eq(fs.n, 0);
	findings_release(&fs);
	/* edge: a map named only by a default is not the user's to follow */
	run("default", "MH002", "biff = no\n", NULL, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_release(&fs);
}
END_TEST

START_TEST(test_rule_messages_name_the_value)
{
	struct findings fs;

	run("default", "MH601", "message_size_limit = 0\n", NULL, &fs);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "message_size_limit = 0"));
	findings_release(&fs);
	run("default", "MH201", "compatibility_level = 3.6\n"
	    "smtpd_restriction_classes = open_class\nopen_class = permit\n"
	    "smtpd_recipient_restrictions = open_class, reject_unauth_destination\n"
	    "smtpd_relay_restrictions =\n", NULL, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "'open_class'"));
	findings_release(&fs);
}
END_TEST

START_TEST(test_fingerprint_survives_moved_lines)
{
	struct findings a, b;

	run("default", "MH101", "disable_vrfy_command = no\n", NULL, &a);
	run("default", "MH101", "# new comment\n\nbiff = no\n"
	    "disable_vrfy_command = no\n", NULL, &b);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_uint_ne(a.v[0].line, b.v[0].line);
	ck_assert_str_eq(a.v[0].fingerprint, b.v[0].fingerprint);
	findings_release(&a);
	findings_release(&b);
}
END_TEST

START_TEST(test_engine_profile_and_selectors)
{
	struct profile_error perr;
	struct profile *p = profile_load("default", rule_canon, &perr);
	const char *off[] = { "vrfy" }, *on[] = { "listen-beyond-loopback" };
	struct engine_opts eo = { p, NULL, 0, NULL, 0 };

	ck_assert(engine_rule_enabled(rule_find("MH101"), &eo));
	ck_assert(!engine_rule_enabled(rule_find("MH701"), &eo));
	eo.disable = off;
	eo.ndisable = 1;
	ck_assert(!engine_rule_enabled(rule_find("MH101"), &eo));
	eo.enable = on;
	eo.nenable = 1;
	ck_assert(engine_rule_enabled(rule_find("MH701"), &eo));
	ck_assert(engine_selector_valid("relay"));
	ck_assert(engine_selector_valid("MH201"));
	ck_assert(!engine_selector_valid("nonsense"));
	profile_free(p);
}
END_TEST

START_TEST(test_json_report_shape)
{
	struct profile_error perr;
	struct profile *p = profile_load("dmz", rule_canon, &perr);
	struct engine_opts eo = { p, NULL, 0, NULL, 0 };
	struct load_result res = build("disable_vrfy_command = no\n"
	    "smtpd_banner = \xff\xfe $mail_name\n", NULL);
	struct findings fs = { NULL, 0, 0 };
	struct report_opts ro = { .format = FORMAT_JSON, .profile = "dmz",
	    .nfiles = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_t *root, *f;
	json_error_t jerr;
	const char *keys[] = { "rule", "name", "severity", "mta", "file", "line",
	    "column", "message", "fixable", "tags", "fingerprint" };
	size_t i;

	engine_run(&res, &eo, &fs);
	ck_assert_int_eq(report_write(out, &fs, &ro), 0);
	fclose(out);
	root = json_loads(buf, 0, &jerr);
	ck_assert_msg(root != NULL, "%s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root,
	    "tool"), "name")), "mta-harden");
	ck_assert_str_eq(json_string_value(json_object_get(root, "profile")), "dmz");
	ck_assert(json_is_array(json_object_get(root, "steps")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root,
	    "summary"), "findings")), (json_int_t)fs.n);
	ck_assert_uint_ge(json_array_size(json_object_get(root, "findings")), 2);
	f = json_array_get(json_object_get(root, "findings"), 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(json_object_get(f, keys[i]) != NULL, "%s", keys[i]);
	ck_assert(json_is_integer(json_object_get(json_object_get(
	    json_object_get(root, "summary"), "by_severity"), "critical")));
	json_decref(root);
	free(buf);
	findings_release(&fs);
	load_result_release(&res);
	profile_free(p);
}
END_TEST

START_TEST(test_json_report_empty_is_valid)
{
	struct findings fs = { NULL, 0, 0 };
	struct report_opts ro = { .format = FORMAT_JSON, .profile = "default" };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_t *root;

	ck_assert_int_eq(report_write(out, &fs, &ro), 0);
	fclose(out);
	root = json_loads(buf, 0, NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "findings")), 0);
	json_decref(root);
	free(buf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_rule_table_sorted_unique_documented);
	tcase_add_loop_test(tc, test_rule_cases, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_path_not_followed);
	tcase_add_test(tc, test_rule_messages_name_the_value);
	tcase_add_test(tc, test_fingerprint_survives_moved_lines);
	tcase_add_test(tc, test_engine_profile_and_selectors);
	tcase_add_test(tc, test_json_report_shape);
	tcase_add_test(tc, test_json_report_empty_is_valid);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
