/*
 * check_pf_defaults - the generated Postfix defaults table and derived names
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "parsers/pf_defaults.h"

/* test_pf_defaults_sorted_unique - strictly increasing names for bsearch */
START_TEST(test_pf_defaults_sorted_unique)
{
	size_t i;

	ck_assert_uint_gt(pf_defaults_count, 500);
	for (i = 0; i < pf_defaults_count; i++) {
		ck_assert_ptr_nonnull(pf_defaults[i].name);
		ck_assert_ptr_nonnull(pf_defaults[i].value);
		if (i > 0)
			ck_assert_msg(strcmp(pf_defaults[i - 1].name,
			    pf_defaults[i].name) < 0, "not sorted: %s, %s",
			    pf_defaults[i - 1].name, pf_defaults[i].name);
	}
}
END_TEST

/* test_pf_defaults_every_entry_found - lookup finds each entry itself */
START_TEST(test_pf_defaults_every_entry_found)
{
	size_t i;

	for (i = 0; i < pf_defaults_count; i++)
		ck_assert_ptr_eq(pf_default_lookup(pf_defaults[i].name),
		    &pf_defaults[i]);
}
END_TEST

static const struct {
	const char *name;
	const char *value;
} known[] = {
	{ "smtpd_banner", "$myhostname ESMTP $mail_name" },
	{ "disable_vrfy_command", "no" },
	{ "message_size_limit", "10240000" },
	{ "compatibility_level", "0" },
	{ "config_directory", "/etc/postfix" },
	{ "relay_domains",
	    "${{$compatibility_level} <level {2} ? {$mydestination} : {}}" },
	{ "smtpd_relay_restrictions",
	    "${{$compatibility_level} <level {1} ? {} : {permit_mynetworks, "
	    "permit_sasl_authenticated, defer_unauth_destination}}" },
	{ "mydestination", "$myhostname, localhost.$mydomain, localhost" },
	{ "smtpd_recipient_restrictions", "" },
	{ "2bounce_notice_recipient", "postmaster" },
	{ "virtual_uid_maps", "" },
	{ "smtpd_expansion_filter",
	    "\\t\\40!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" },
};

/* test_pf_defaults_lookup_known - raw values as postconf -d prints them */
START_TEST(test_pf_defaults_lookup_known)
{
	const struct pf_default *d;

	d = pf_default_lookup(known[_i].name);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->name, known[_i].name);
	ck_assert_str_eq(d->value, known[_i].value);
}
END_TEST

/* test_pf_defaults_lookup_unknown - typos, runtime values, NULL */
START_TEST(test_pf_defaults_lookup_unknown)
{
	ck_assert_ptr_null(pf_default_lookup("smtpd_relay_restriction"));
	ck_assert_ptr_null(pf_default_lookup("Smtpd_Banner"));
	ck_assert_ptr_null(pf_default_lookup(""));
	ck_assert_ptr_null(pf_default_lookup("zzz"));
	ck_assert_ptr_null(pf_default_lookup("process_id"));
	ck_assert_ptr_null(pf_default_lookup("process_name"));
	ck_assert_ptr_null(pf_default_lookup(NULL));
}
END_TEST

/* test_pf_defaults_host_flag - only the three host-computed defaults */
START_TEST(test_pf_defaults_host_flag)
{
	const struct pf_default *d;
	size_t i, n;

	d = pf_default_lookup("myhostname");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_HOST_DEPENDENT);
	ck_assert_str_eq(d->value, "mx.example.invalid");
	d = pf_default_lookup("mydomain");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_HOST_DEPENDENT);
	d = pf_default_lookup("mynetworks");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_HOST_DEPENDENT);
	ck_assert_str_eq(d->value, "127.0.0.0/8 [::1]/128");
	d = pf_default_lookup("myorigin");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->flags & PF_DEFAULT_HOST_DEPENDENT, 0);
	for (i = n = 0; i < pf_defaults_count; i++)
		if (pf_defaults[i].flags & PF_DEFAULT_HOST_DEPENDENT)
			n++;
	ck_assert_uint_eq(n, 3);
}
END_TEST

/* test_pf_defaults_raw_readonly - probed flags */
START_TEST(test_pf_defaults_raw_readonly)
{
	const struct pf_default *d;

	d = pf_default_lookup("smtpd_reject_footer");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_RAW);
	d = pf_default_lookup("default_rbl_reply");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_RAW);
	d = pf_default_lookup("smtpd_banner");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->flags, 0);
	d = pf_default_lookup("service_name");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & PF_DEFAULT_READONLY);
}
END_TEST

/* test_pf_defaults_mynetworks_style - per-style host-dependent default */
START_TEST(test_pf_defaults_mynetworks_style)
{
	ck_assert_str_eq(pf_default_mynetworks("host"),
	    "127.0.0.1/32 [::1]/128");
	ck_assert_str_eq(pf_default_mynetworks("subnet"),
	    pf_default_lookup("mynetworks")->value);
	ck_assert_ptr_nonnull(pf_default_mynetworks("class"));
	ck_assert_ptr_null(pf_default_mynetworks("bogus"));
	ck_assert_ptr_null(pf_default_mynetworks(NULL));
}
END_TEST

/* test_pf_defaults_version - a dotted version */
START_TEST(test_pf_defaults_version)
{
	const char *v = pf_defaults_version();
	const struct pf_default *d = pf_default_lookup("mail_version");

	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(strchr(v, '.'));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->value, v);
}
END_TEST

/* test_pf_defaults_service_parameter - names derived from master.cf */
START_TEST(test_pf_defaults_service_parameter)
{
	static const char *const services[] = { "smtp", "relay", "foo" };
	const size_t n = sizeof(services) / sizeof(services[0]);

	ck_assert(pf_is_service_parameter(
	    "relay_destination_concurrency_limit", services, n));
	ck_assert(pf_is_service_parameter("foo_time_limit", services, n));
	ck_assert(pf_is_service_parameter(
	    "foo_destination_concurrency_failed_cohort_limit", services, n));
	ck_assert(pf_is_service_parameter(
	    "smtp_initial_destination_concurrency", services, n));
	ck_assert(!pf_is_service_parameter(
	    "bar_destination_concurrency_limit", services, n));
	ck_assert(!pf_is_service_parameter("relay_destination", services, n));
	ck_assert(!pf_is_service_parameter("relay_", services, n));
	ck_assert(!pf_is_service_parameter("relay", services, n));
	ck_assert(!pf_is_service_parameter(
	    "relay_destination_concurrency_limit", services, 0));
	ck_assert(!pf_is_service_parameter(
	    "relay_destination_concurrency_limit", NULL, 0));
}
END_TEST

/* test_pf_defaults_service_command - exact per-command derivation */
START_TEST(test_pf_defaults_service_command)
{
	ck_assert_uint_eq(pf_service_command_class("smtpd"), PF_SERVICE_NONE);
	ck_assert_uint_eq(pf_service_command_class("/usr/lib/postfix/smtp"),
	    PF_SERVICE_NONE);
	ck_assert_uint_eq(pf_service_command_class("spawn"),
	    PF_SERVICE_TIME_LIMIT);
	ck_assert_str_eq(pf_service_parameter_default(
	    "relay_destination_concurrency_limit", "relay", "smtp"),
	    "default_destination_concurrency_limit");
	ck_assert_str_eq(pf_service_parameter_default(
	    "relay_initial_destination_concurrency", "relay", "smtp"),
	    "initial_destination_concurrency");
	ck_assert_str_eq(pf_service_parameter_default(
	    "bar_time_limit", "bar", "pipe"), "command_time_limit");
	ck_assert_str_eq(pf_service_parameter_default(
	    "baz_time_limit", "baz", "spawn"), "command_time_limit");
	ck_assert_ptr_null(pf_service_parameter_default(
	    "baz_recipient_limit", "baz", "spawn"));
	ck_assert_ptr_null(pf_service_parameter_default(
	    "foo_time_limit", "foo", "smtp"));
	ck_assert_ptr_null(pf_service_parameter_default(
	    "sub_recipient_limit", "sub", "smtpd"));
	ck_assert_uint_eq(pf_service_suffixes_count, 17);
}
END_TEST

/* pf_defaults_suite - one Suite for the module */
static Suite *
pf_defaults_suite(void)
{
	Suite *s = suite_create("pf_defaults");
	TCase *tc = tcase_create("pf_defaults");

	tcase_add_test(tc, test_pf_defaults_sorted_unique);
	tcase_add_test(tc, test_pf_defaults_every_entry_found);
	tcase_add_loop_test(tc, test_pf_defaults_lookup_known, 0,
	    (int)(sizeof(known) / sizeof(known[0])));
	tcase_add_test(tc, test_pf_defaults_lookup_unknown);
	tcase_add_test(tc, test_pf_defaults_host_flag);
	tcase_add_test(tc, test_pf_defaults_raw_readonly);
	tcase_add_test(tc, test_pf_defaults_mynetworks_style);
	tcase_add_test(tc, test_pf_defaults_version);
	tcase_add_test(tc, test_pf_defaults_service_parameter);
	tcase_add_test(tc, test_pf_defaults_service_command);
	suite_add_tcase(s, tc);
	return s;
}

/* main - run the suite; exit 1 if anything failed */
int
main(void)
{
	SRunner *sr = srunner_create(pf_defaults_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
