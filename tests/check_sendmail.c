/*
 * check_sendmail - sendmail facts and the sendmail half of the rules
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/engine.h"
#include "linter/rule.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_facts.h"
#include "parsers/sm_maps.h"
#include "parsers/sm_mc.h"

/* build - a sendmail model from a .cf or .mc text, plus optional lists */
static struct model *
build(const char *name, const char *text, const char *relay_domains,
    const char *access)
{
	struct model *m = model_new(MTA_SENDMAIL);
	struct parse_error err;
	const struct src *s;

	m->main_src = model_add_src(m, src_from_bytes(name, text, strlen(text)));
	if (strstr(name, ".mc") != NULL)
		ck_assert_msg(sm_mc_parse(m, m->main_src, NULL, &err) == 0,
		    "%s", err.msg);
	else
		ck_assert_msg(sm_cf_parse(m, m->main_src, &err) == 0, "%s",
		    err.msg);
	if (relay_domains != NULL) {
		s = model_add_src(m, src_from_bytes("relay-domains",
		    relay_domains, strlen(relay_domains)));
		sm_class_parse(m, s, NULL);
	}
	if (access != NULL) {
		s = model_add_src(m, src_from_bytes("access", access,
		    strlen(access)));
		sm_access_parse(m, s);
	}
	sm_facts_build(m);
	return m;
}

START_TEST(test_sm_privacy_flags)
{
	ck_assert(sm_privacy_has("goaway", "novrfy"));
	ck_assert(sm_privacy_has("authwarnings, NoVrfy", "novrfy"));
	ck_assert(!sm_privacy_has("authwarnings", "novrfy"));
	ck_assert(!sm_privacy_has("goaway", "noetrn"));
	ck_assert(!sm_privacy_has("novrfyx", "novrfy"));
}
END_TEST

START_TEST(test_sm_daemon_options)
{
	struct arena a = ARENA_INIT;

	ck_assert_str_eq(sm_daemon_option(&a, "Family=inet,  Name=MTA-v4, "
	    "Port=smtp, Addr=127.0.0.1", 'A'), "127.0.0.1");
	ck_assert_str_eq(sm_daemon_option(&a, "Name=MSA, Port=587, M=Ea",
	    'M'), "Ea");
	ck_assert_ptr_null(sm_daemon_option(&a, "Name=MTA", 'A'));
	/* daemon.c: the first letter in either case, as for Addr= */
	ck_assert_str_eq(sm_daemon_option(&a, "Family=inet, address=127.0.0.1, "
	    "Name=MTA", 'A'), "127.0.0.1");
	ck_assert_str_eq(sm_daemon_option(&a, "port=2525,name=X,family=inet6",
	    'F'), "inet6");
	ck_assert_str_eq(sm_daemon_option(&a, "port=2525,name=X", 'N'), "X");
	ck_assert_str_eq(sm_daemon_option(&a, "modifiers=E", 'M'), "E");
	/* but D (DeliveryMode) and d (delayLA) are two keys */
	ck_assert_ptr_null(sm_daemon_option(&a, "delayLA=5", 'D'));
	/* a repeated key: the last one counts */
	ck_assert_str_eq(sm_daemon_option(&a, "Port=25, Name=A, Port=587",
	    'P'), "587");
	/* blanks around a value are not part of it; no value, no key */
	ck_assert_str_eq(sm_daemon_option(&a, "Name =  MTA  ,Port=smtp", 'N'),
	    "MTA");
	ck_assert_ptr_null(sm_daemon_option(&a, "Addr, Name=MTA", 'A'));
	arena_release(&a);
}
END_TEST

START_TEST(test_sm_cf_privacy_accumulates)
{
	struct model *m = build("sendmail.cf", "V10/Berkeley\n"
	    "O PrivacyOptions=authwarnings\nO PrivacyOptions=novrfy\n",
	    NULL, NULL);

	ck_assert_uint_ge(m->nservers, 1);
	ck_assert(!m->servers[0]->vrfy.flag);
	ck_assert(m->servers[0]->expn.flag);
	ck_assert(m->servers[0]->verb.flag);
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_goaway)
{
	struct model *m = build("sendmail.mc",
	    "define(`confPRIVACY_FLAGS', `goaway')dnl\n"
	    "define(`confSMTP_LOGIN_MSG', `$j')dnl\n"
	    "define(`confMAX_MESSAGE_SIZE', `10485760')dnl\n"
	    "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n",
	    NULL, NULL);
	const struct smtp_server *s = m->servers[0];
	unsigned line, col;

	ck_assert(!s->vrfy.flag && !s->expn.flag && !s->verb.flag);
	ck_assert_str_eq(s->greeting.text, "$j ESMTP");
	ck_assert_int_eq(s->size_limit.num, 10485760);
	/* cf.m4 keeps its MSA (port 587, every address) without no_default_msa */
	ck_assert_uint_eq(m->nlisteners, 2);
	ck_assert(m->listeners[0]->loopback);
	ck_assert_str_eq(m->listeners[1]->port, "587");
	ck_assert(!m->listeners[1]->loopback);
	src_position(m->listeners[0]->where.src, m->listeners[0]->where.start,
	    &line, &col);
	ck_assert_uint_eq(line, 4);
	model_free(m);
}
END_TEST

START_TEST(test_sm_default_greeting_names_version)
{
	struct model *m = build("sendmail.cf", "V10/Berkeley\nDZ8.17.1.9\n"
	    "O SmtpGreetingMessage=$j Sendmail $v/$Z; $b\n", NULL, NULL);

	ck_assert_str_eq(m->servers[0]->greeting.text,
	    "$j ESMTP Sendmail 8.17.1.9/8.17.1.9; $b");
	model_free(m);
}
END_TEST

START_TEST(test_sm_listen_all_without_addr)
{
	struct model *m = build("sendmail.cf", "V10/Berkeley\n"
	    "O DaemonPortOptions=Name=MTA\n"
	    "O DaemonPortOptions=Port=587, Name=MSA, M=E\n", NULL, NULL);

	ck_assert_uint_eq(m->nlisteners, 2);
	ck_assert_str_eq(m->listeners[0]->address, "all");
	ck_assert(!m->listeners[0]->loopback);
	ck_assert_str_eq(m->listeners[1]->port, "587");
	model_free(m);
}
END_TEST

START_TEST(test_sm_relay_grants)
{
	struct model *m = build("sendmail.mc",
	    "FEATURE(`promiscuous_relay')dnl\n", "example.org\ncom\n",
	    "Connect:10 RELAY\nConnect:198.51.100 RELAY\nTo:net RELAY\n");
	size_t i, open = 0, net = 0;

	for (i = 0; i < m->nrelay_grants; i++) {
		open += strcmp(m->relay_grants[i]->text, "open") == 0;
		net += strcmp(m->relay_grants[i]->text, "network") == 0;
	}
	/* promiscuous_relay, relay-domains com, To:net */
	ck_assert_uint_eq(open, 3);
	/* 198.51.100/24 is public; 10/8 is not */
	ck_assert_uint_eq(net, 1);
	model_free(m);
}
END_TEST

START_TEST(test_sm_no_relay_grant_when_narrow)
{
	struct model *m = build("sendmail.mc",
	    "FEATURE(`access_db')dnl\n", "example.org\n",
	    "Connect:127.0.0.1 RELAY\nConnect:192.168.1 RELAY\n");

	ck_assert_uint_eq(m->nrelay_grants, 0);
	model_free(m);
}
END_TEST

/* run - findings of one rule on a sendmail .cf under the default profile */
static size_t
count_findings(const char *rule, const char *name, const char *text)
{
	struct profile_error perr;
	struct profile *p = profile_load("default", rule_canon, &perr);
	const char *only[] = { rule };
	struct engine_opts eo = { p, only, 1, NULL, 0 };
	struct load_result res = { 0 };
	struct findings fs = { NULL, 0, 0 };
	size_t i, n = 0;

	ck_assert_ptr_nonnull(p);
	res.models = malloc(sizeof(*res.models));
	res.models[0] = build(name, text, NULL, NULL);
	res.nmodels = 1;
	engine_run(&res, &eo, &fs);
	for (i = 0; i < fs.n; i++)
		n += strcmp(fs.v[i].rule->id, rule) == 0;
	findings_release(&fs);
	load_result_release(&res);
	profile_free(p);
	return n;
}

static const struct {
	const char *rule, *name, *text;
	size_t expect;
} cases[] = {
	{ "MH101", "sendmail.cf", "O PrivacyOptions=authwarnings\n", 1 },
	{ "MH101", "sendmail.cf", "O PrivacyOptions=goaway\n", 0 },
	{ "MH101", "sendmail.cf", "Op novrfy\n", 0 },
	{ "MH102", "sendmail.cf", "O PrivacyOptions=novrfy\n", 1 },
	{ "MH102", "sendmail.cf", "O PrivacyOptions=noexpn\n", 0 },
	{ "MH103", "sendmail.cf", "O PrivacyOptions=noexpn\n", 0 },
	{ "MH103", "sendmail.cf", "O PrivacyOptions=novrfy\n", 1 },
	{ "MH104", "sendmail.cf", "O SmtpGreetingMessage=$j Sendmail $v\n", 1 },
	{ "MH104", "sendmail.cf", "O SmtpGreetingMessage=$j\n", 0 },
	{ "MH104", "sendmail.cf", "O SmtpGreetingMessage=$j ready $Z\n", 1 },
	{ "MH601", "sendmail.cf", "O MaxMessageSize=0\n", 1 },
	{ "MH601", "sendmail.cf", "O MaxMessageSize=10485760\n", 0 },
	{ "MH601", "sendmail.cf", "V10\n", 1 },
	{ "MH201", "sendmail.mc", "FEATURE(`promiscuous_relay')dnl\n", 1 },
	{ "MH201", "sendmail.mc", "FEATURE(`access_db')dnl\n", 0 },
	{ "MH201", "sendmail.mc", "FEATURE(`relay_local_from')dnl\n", 1 },
};

START_TEST(test_sm_rule_cases)
{
	ck_assert_msg(count_findings(cases[_i].rule, cases[_i].name,
	    cases[_i].text) == cases[_i].expect, "case %d (%s)", _i,
	    cases[_i].rule);
}
END_TEST

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * map_round_trip - the entries' line spans and the comment and blank lines
 * between them give back the file byte for byte
 */
static void
map_round_trip(const char *name, const char *text,
    int (*parse)(struct model *, const struct src *))
{
	struct model *m = model_new(MTA_SENDMAIL);
	const struct src *s = model_add_src(m, src_from_bytes(name, text,
	    strlen(text)));
	struct span spans[64];
	size_t n = 0, i, pos = 0;
	char out[4096];
	size_t len = 0;

	parse(m, s);
	for (i = 0; i < m->nentries && n < 64; i++)
		spans[n++] = m->entries[i]->line_span;
	for (i = 0; i < m->nnotes && n < 64; i++)
		if (m->notes[i]->where.src == s &&
		    strstr(m->notes[i]->code, "duplicate") == NULL)
			spans[n++] = m->notes[i]->where;
	qsort(spans, n, sizeof(spans[0]), cmp_span);
	for (i = 0; i < n; i++) {
		size_t k;

		if (spans[i].start < pos)
			continue;	/* a note inside an entry */
		/* the gap: only comment and blank lines */
		for (k = pos; k < spans[i].start; k++) {
			size_t j = k;

			while (j < spans[i].start && (s->bytes[j] == ' ' ||
			    s->bytes[j] == '\t'))
				j++;
			ck_assert_msg(j == spans[i].start || s->bytes[j] == '#' ||
			    s->bytes[j] == '\n', "%s: byte %zu is in no entry",
			    name, j);
			while (k < spans[i].start && s->bytes[k] != '\n')
				k++;
		}
		memcpy(out + len, s->bytes + pos, spans[i].end - pos);
		len += spans[i].end - pos;
		pos = spans[i].end;
	}
	memcpy(out + len, s->bytes + pos, s->len - pos);
	len += s->len - pos;
	ck_assert_uint_eq(len, s->len);
	ck_assert(memcmp(out, s->bytes, len) == 0);
	model_free(m);
}

START_TEST(test_sm_maps_round_trip)
{
	map_round_trip("access", "# access\nConnect:10 RELAY\n\n"
	    "From:a@example.com\tREJECT\nTo:example.net ERROR:5.7.1:550 no\n",
	    sm_access_parse);
	map_round_trip("aliases", "# aliases\npostmaster: root\n"
	    "staff: alice,\n\tbob,\n carol\n\nroot: admin@example.org",
	    sm_aliases_parse);
}
END_TEST

static int
parse_class(struct model *m, const struct src *s)
{
	return sm_class_parse(m, s, NULL);
}

START_TEST(test_sm_class_round_trip)
{
	map_round_trip("relay-domains", "# relay\nexample.org\n"
	    "example.net  more words\n\n", parse_class);
}
END_TEST

/* every .mc setting written in the file points at text of the file */
START_TEST(test_sm_mc_spans_point_at_calls)
{
	struct model *m = build("sendmail.mc",
	    "divert(-1)dnl\n# comment\ndivert(0)dnl\n"
	    "define(`confPRIVACY_FLAGS', `goaway')dnl\n"
	    "FEATURE(`access_db')dnl\n"
	    "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n",
	    NULL, NULL);
	size_t i, seen = 0;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *st = m->settings[i];
		const char *at;

		if (st->source != SOURCE_FILE)
			continue;
		ck_assert_ptr_eq(st->name_span.src, m->main_src);
		ck_assert_uint_le(st->name_span.end, m->main_src->len);
		at = m->main_src->bytes + st->name_span.start;
		ck_assert_msg(strncmp(at, "define(", 7) == 0 ||
		    strncmp(at, "FEATURE(", 8) == 0 ||
		    strncmp(at, "DAEMON_OPTIONS(", 15) == 0, "%s at '%.20s'",
		    st->name, at);
		seen++;
	}
	ck_assert_uint_eq(seen, 3);
	model_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sendmail");
	TCase *tc = tcase_create("facts");
	SRunner *sr;
	int failed;

	setenv("MTA_HARDEN_PROFILE_DIR", MH_SRCDIR "/profiles", 1);
	tcase_add_test(tc, test_sm_privacy_flags);
	tcase_add_test(tc, test_sm_daemon_options);
	tcase_add_test(tc, test_sm_cf_privacy_accumulates);
	tcase_add_test(tc, test_sm_mc_goaway);
	tcase_add_test(tc, test_sm_default_greeting_names_version);
	tcase_add_test(tc, test_sm_listen_all_without_addr);
	tcase_add_test(tc, test_sm_relay_grants);
	tcase_add_test(tc, test_sm_no_relay_grant_when_narrow);
	tcase_add_test(tc, test_sm_maps_round_trip);
	tcase_add_test(tc, test_sm_class_round_trip);
	tcase_add_test(tc, test_sm_mc_spans_point_at_calls);
	tcase_add_loop_test(tc, test_sm_rule_cases, 0,
	    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
