/*
 * check_postfix - main.cf and master.cf readers, $ expansion, facts
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "parsers/load.h"
#include "parsers/model.h"
#include "parsers/pf_expand.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"

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

static const char *
value_of(const struct model *m, const char *name)
{
	const struct setting *s = model_lookup(m, name);

	return s != NULL ? s->value : NULL;
}

static void
position(struct span sp, unsigned *line, unsigned *col)
{
	ck_assert_ptr_nonnull(sp.src);
	src_position(sp.src, sp.start, line, col);
}

START_TEST(test_pf_main_continuation_skips_blank_and_comment_lines)
{
	struct model *m = build("mynetworks = 127.0.0.0/8,\n# comment\n"
	    "   10.0.0.0/8\n\n\t192.168.0.0/16\nnext = x\n", NULL);
	const struct setting *s = model_lookup(m, "mynetworks");
	unsigned line, col;

	/* Postfix drops the line ends and keeps the blanks that lead each line. */
	ck_assert_str_eq(s->raw, "127.0.0.0/8,   10.0.0.0/8\t192.168.0.0/16");
	position(s->line_span, &line, &col);
	ck_assert_uint_eq(line, 1);
	ck_assert_uint_eq(s->line_span.end, strlen("mynetworks = 127.0.0.0/8,"
	    "\n# comment\n   10.0.0.0/8\n\n\t192.168.0.0/16\n"));
	position(model_lookup(m, "next")->name_span, &line, &col);
	ck_assert_uint_eq(line, 6);
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_trailing_hash_is_part_of_value)
{
	struct model *m = build("myhostname = host.example.com # note\n", NULL);

	ck_assert_str_eq(value_of(m, "myhostname"), "host.example.com # note");
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_crlf_and_no_final_newline)
{
	struct model *m = build("a_x = 1\r\nmyhostname = h.example\r\n"
	    "smtpd_banner = $myhostname ESMTP", NULL);

	ck_assert_str_eq(value_of(m, "myhostname"), "h.example");
	ck_assert_str_eq(value_of(m, "smtpd_banner"), "h.example ESMTP");
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_indented_first_line_is_ignored)
{
	struct model *m = build("  smtpd_banner = x\nbiff = no\n", NULL);

	ck_assert_uint_eq(m->nnotes, 1);
	ck_assert_str_eq(m->notes[0]->code, "ignored-line");
	ck_assert_int_eq(model_lookup(m, "smtpd_banner")->source,
	    SOURCE_DEFAULT);
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_missing_equals_is_an_error_with_its_line)
{
	const char *text = "biff = no\n\ngarbage line\n";
	struct model *m = model_new(MTA_POSTFIX);
	struct parse_error err;
	unsigned line, col;

	m->main_src = model_add_src(m, src_from_bytes("main.cf", text,
	    strlen(text)));
	ck_assert_int_eq(pf_main_parse(m, m->main_src, &err), -1);
	position(err.where, &line, &col);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 1);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing '='"));
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_duplicates_last_wins)
{
	struct model *m = build("smtpd_banner = one\nbiff = no\n"
	    "smtpd_banner = two\n", NULL);
	const struct setting *s = model_lookup(m, "smtpd_banner");

	ck_assert_str_eq(s->value, "two");
	ck_assert_ptr_nonnull(s->earlier);
	ck_assert_str_eq(s->earlier->raw, "one");
	model_free(m);
}
END_TEST

START_TEST(test_pf_main_empty_value_overrides_default)
{
	struct model *m = build("smtpd_banner =\n", NULL);

	ck_assert_str_eq(value_of(m, "smtpd_banner"), "");
	ck_assert_int_eq(model_lookup(m, "smtpd_banner")->source, SOURCE_FILE);
	model_free(m);
}
END_TEST

static const struct {
	const char *main_cf, *name, *expect;
} expansions[] = {
	{ "x_a = $mail_name\nsmtpd_banner = ${x_a}/$(x_a)/$x_a\n",
	  "smtpd_banner", "Postfix/Postfix/Postfix" },
	{ "smtpd_banner = ${mail_name?yes}|${nonesuch?yes}|${mail_name:no}|"
	  "${nonesuch:no}\n", "smtpd_banner", "yes|||no" },
	{ "smtpd_banner = ${mail_name?{has dom}:{no dom}}|"
	  "${nonesuch?{has}:{none}}\n", "smtpd_banner", "has dom|none" },
	{ "e_p =\nsmtpd_banner = ${e_p?set}|${e_p:unset}\n", "smtpd_banner",
	  "|unset" },
	{ "smtpd_banner = $$literal $$$mail_name\n", "smtpd_banner",
	  "$literal $Postfix" },
	{ "smtpd_banner = ${{ 10 } < { 9 } ? {lex} : {num}}|"
	  "${{2}>={10}?{ge}:{lt}}|${{abc} == {abc} ? {eq} : {ne}}\n",
	  "smtpd_banner", "lex|lt|eq" },
	{ "smtpd_banner = [${{abc} == {abc}}][${{a} == {b}}]"
	  "${{a} == {b} : {else-only}}\n", "smtpd_banner", "[true][]else-only" },
	{ "smtpd_banner = ${mail_name?{ has }:{ none }}|\n", "smtpd_banner",
	  " has |" },
	{ "smtpd_banner = ${mail_name?{{nested}}} ${mail_name?{a}:b}\n",
	  "smtpd_banner", "{nested} a" },
	{ "smtpd_banner = $later\nlater = defined after use\n",
	  "smtpd_banner", "defined after use" },
	{ "compatibility_level = 0\n", "smtpd_relay_restrictions", "" },
	{ "compatibility_level = 3.6\n", "smtpd_relay_restrictions",
	  "permit_mynetworks, permit_sasl_authenticated, "
	  "defer_unauth_destination" },
	{ "compatibility_level = 1\n", "mynetworks_style", "subnet" },
	{ "compatibility_level = 2\n", "mynetworks_style", "host" },
	{ "compatibility_level = 3.6\n", "smtp_tls_fingerprint_digest",
	  "sha256" },
	{ "compatibility_level = 3.5\n", "smtp_tls_fingerprint_digest",
	  "md5" },
};

START_TEST(test_pf_expand_forms)
{
	struct model *m = build(expansions[_i].main_cf, NULL);

	ck_assert_str_eq(value_of(m, expansions[_i].name), expansions[_i].expect);
	model_free(m);
}
END_TEST

START_TEST(test_pf_expand_loop_is_reported_not_followed_forever)
{
	struct model *m = build("x_a = $x_b\nx_b = ${x_a}x\n", NULL);
	size_t i, bad = 0;

	for (i = 0; i < m->nnotes; i++)
		bad += strcmp(m->notes[i]->code, "bad-expansion") == 0;
	ck_assert_uint_ge(bad, 1);
	model_free(m);
}
END_TEST

START_TEST(test_pf_expand_exponential_growth_is_capped)
{
	char text[4096] = "x0 = aaaaaaaaaaaaaaaa\n";
	struct model *m;
	int i;

	for (i = 1; i < 40; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "x%d = $x%d$x%d\n", i, i - 1, i - 1);
	m = build(text, NULL);
	ck_assert_uint_ge(m->nnotes, 1);
	ck_assert_uint_le(strlen(value_of(m, "x39")), PF_EXPAND_MAX_BYTES);
	model_free(m);
}
END_TEST

START_TEST(test_pf_expand_truncated_reference_is_noted)
{
	struct model *m = build("smtpd_banner = ${unterminated\n", NULL);

	ck_assert_uint_eq(m->nnotes, 1);
	ck_assert_str_eq(m->notes[0]->code, "bad-expansion");
	model_free(m);
}
END_TEST

START_TEST(test_pf_compare_levels)
{
	ck_assert_int_eq(pf_compare_levels("3.6", "2"), 1);
	ck_assert_int_eq(pf_compare_levels("1", "3.6"), -1);
	ck_assert_int_eq(pf_compare_levels("3.6", "3.6.0"), 0);
	ck_assert_int_eq(pf_compare_levels("x", "1"), -2);
}
END_TEST

static const char master_cf[] =
    "# comment\n"
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "submission inet n       -       y       -       -       smtpd\n"
    "  -o syslog_name=postfix/submission\n"
    "# a comment inside the entry\n"
    "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n"
    "  -o disable_vrfy_command=no\n"
    "127.0.0.1:10025 inet n - n - - smtpd -v\n"
    "smtp      inet  n       -       n       -       -       smtpd\n";

START_TEST(test_pf_master_services_and_overrides)
{
	struct model *m = build("disable_vrfy_command = yes\n", master_cf);
	const struct service *sub = m->services[1];
	unsigned line, col;

	ck_assert_uint_eq(m->nservices, 4);
	ck_assert_str_eq(sub->name, "submission");
	ck_assert_uint_eq(sub->noverrides, 3);
	ck_assert_str_eq(sub->overrides[1]->name, "smtpd_client_restrictions");
	ck_assert_str_eq(sub->overrides[1]->raw,
	    "permit_sasl_authenticated, reject");
	position(sub->overrides[1]->name_span, &line, &col);
	ck_assert_uint_eq(line, 6);
	ck_assert_uint_eq(col, 8);
	ck_assert_str_eq(m->services[2]->args[0], "-v");
	/* The second smtp/inet replaces the first. */
	ck_assert_ptr_eq(m->services[3]->earlier, m->services[0]);
	model_free(m);
}
END_TEST

START_TEST(test_pf_master_too_few_fields_is_an_error)
{
	const char *text = "smtp inet n - y - -\n";
	struct model *m = model_new(MTA_POSTFIX);
	struct parse_error err;

	m->master_src = model_add_src(m, src_from_bytes("master.cf", text,
	    strlen(text)));
	ck_assert_int_eq(pf_master_parse(m, m->master_src, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "7 fields"));
	model_free(m);
}
END_TEST

/*
 * The daemon reads its options with getopt(3): -oname=value and a cluster
 * ending in o (-vo name=value) are overrides, -s takes the next field, and
 * "--" ends the options. Fields split at blank, tab, CR and LF only: a
 * vertical tab or form feed stays in the value (postconf -P agrees).
 */
START_TEST(test_pf_master_options_as_getopt_reads_them)
{
	const char *brace = "relay unix - - n - - smtp\n -o{ a = b }\n";
	struct model *m = model_new(MTA_POSTFIX);
	const struct service *smtp;
	struct parse_error err;
	unsigned line, col;

	/* "-o{" would be read as the value "{": refused, with its place */
	m->master_src = model_add_src(m, src_from_bytes("master.cf", brace,
	    strlen(brace)));
	ck_assert_int_eq(pf_master_parse(m, m->master_src, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "-o{"));
	position(err.where, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 2);
	model_free(m);
	m = build(NULL,
	    "smtp inet n - y - - smtpd -osmtpd_helo_required=yes -s 2\n"
	    "  -vo syslog_name=a\vb -o x=y -- -o not=this\n");
	smtp = m->services[0];
	ck_assert_uint_eq(smtp->noverrides, 3);
	ck_assert_str_eq(smtp->overrides[0]->name, "smtpd_helo_required");
	ck_assert_str_eq(smtp->overrides[0]->raw, "yes");
	ck_assert_str_eq(smtp->overrides[1]->name, "syslog_name");
	ck_assert_str_eq(smtp->overrides[1]->raw, "a\vb");
	ck_assert_str_eq(smtp->overrides[2]->name, "x");
	ck_assert_uint_eq(smtp->nargs, 6);
	ck_assert_str_eq(smtp->args[0], "-s");
	ck_assert_str_eq(smtp->args[1], "2");
	ck_assert_str_eq(smtp->args[2], "-v");
	ck_assert_str_eq(smtp->args[3], "--");
	/* a new -o goes before "--" */
	position(smtp->options_end, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 30);
	model_free(m);
	/* and before an option left without its value, which would take a
	   new -o after it for that value */
	m = build(NULL, "x inet n - n - - smtpd -o a=b -t\n");
	ck_assert_uint_eq(m->services[0]->noverrides, 1);
	position(m->services[0]->options_end, &line, &col);
	ck_assert_uint_eq(line, 1);
	ck_assert_uint_eq(col, 31);
	model_free(m);
}
END_TEST

static const struct smtp_server *
server(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nservers; i++)
		if (strcmp(m->servers[i]->name, name) == 0)
			return m->servers[i];
	ck_abort_msg("no server %s", name);
	return NULL;
}

START_TEST(test_pf_facts_vrfy_per_service)
{
	struct model *m = build("disable_vrfy_command = yes\n", master_cf);

	ck_assert(!server(m, "smtp/inet")->vrfy.flag);
	ck_assert(server(m, "submission/inet")->vrfy.flag);
	ck_assert_str_eq(server(m, "submission/inet")->vrfy.from->scope,
	    "submission/inet");
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_greeting_expanded)
{
	struct model *m = build("myhostname = mx.example.org\n"
	    "smtpd_banner = $myhostname ESMTP $mail_name $mail_version\n", NULL);

	ck_assert_str_eq(server(m, "smtp/inet")->greeting.text,
	    "mx.example.org ESMTP Postfix 3.7.11");
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_size_limit)
{
	struct model *m = build("message_size_limit = 10k\n", NULL);

	ck_assert(!server(m, "smtp/inet")->size_limit.known);
	model_free(m);
	m = build("message_size_limit = 0\n", NULL);
	ck_assert(server(m, "smtp/inet")->size_limit.known);
	ck_assert_int_eq(server(m, "smtp/inet")->size_limit.num, 0);
	model_free(m);
	m = build("biff = no\n", NULL);
	ck_assert_int_eq(server(m, "smtp/inet")->size_limit.num, 10240000);
	ck_assert_int_eq(server(m, "smtp/inet")->size_limit.from->source,
	    SOURCE_DEFAULT);
	model_free(m);
}
END_TEST

static const struct {
	const char *main_cf;
	int open;		/* 1 open, 0 closed, -1 smtpd would not start */
	const char *entry;	/* text at the reported place, or NULL */
} relay_cases[] = {
	{ "compatibility_level = 3.6\n", 0, NULL },
	{ "smtpd_relay_restrictions =\n"
	  "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n",
	  0, "reject_unauth_destination" },
	/* smtpd ignores what follows "permit": no working closing entry */
	{ "smtpd_relay_restrictions =\n"
	  "smtpd_recipient_restrictions = permit, reject_unauth_destination\n",
	  -1, NULL },
	{ "smtpd_relay_restrictions = permit_mynetworks,\n"
	  "  permit_sasl_authenticated,\n  permit\n"
	  "smtpd_recipient_restrictions = reject_unauth_destination\n",
	  0, "reject_unauth_destination" },
	{ "compatibility_level = 3.6\nmynetworks = 127.0.0.0/8\n 0.0.0.0/0\n",
	  1, "0.0.0.0/0" },
	{ "compatibility_level = 0\n", -1, NULL },
	{ "compatibility_level = 3.6\nsmtpd_restriction_classes = open_class\n"
	  "open_class = permit\n"
	  "smtpd_relay_restrictions = open_class, reject_unauth_destination\n",
	  1, "open_class" },
	/* an entry under warn_if_reject does not count as closing */
	{ "compatibility_level = 3.6\nsmtpd_relay_restrictions = "
	  "warn_if_reject reject_unauth_destination, permit\n", -1, NULL },
	{ "compatibility_level = 3.6\nsmtpd_relay_restrictions = "
	  "permit_mynetworks, Reject_Unauth_Destination\n", 0,
	  "Reject_Unauth_Destination" },
	{ "compatibility_level = 3.6\nsmtpd_relay_restrictions = "
	  "check_client_access hash:/etc/postfix/permit, reject_unauth_destination\n",
	  0, "reject_unauth_destination" },
};

START_TEST(test_pf_facts_relay_decision)
{
	struct model *m = build(relay_cases[_i].main_cf, NULL);
	const struct fact *f = &server(m, "smtp/inet")->relay;

	if (relay_cases[_i].open < 0) {
		ck_assert(!f->known);
	} else {
		ck_assert(f->known);
		ck_assert_int_eq(f->flag, relay_cases[_i].open);
	}
	if (relay_cases[_i].entry != NULL) {
		size_t n = strlen(relay_cases[_i].entry);

		ck_assert_ptr_nonnull(f->where.src);
		ck_assert_uint_eq(f->where.end - f->where.start, n);
		ck_assert(memcmp(f->where.src->bytes + f->where.start,
		    relay_cases[_i].entry, n) == 0);
	}
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_public_mynetworks_and_style)
{
	struct model *m = build("compatibility_level = 3.6\n"
	    "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 203.0.113.0/24\n",
	    NULL);
	const struct smtp_server *s = server(m, "smtp/inet");

	ck_assert(!s->relay.flag);
	ck_assert(s->relay_networks.flag);
	ck_assert_str_eq(s->relay_networks.text, "203.0.113.0/24");
	model_free(m);
	m = build("mynetworks_style = class\ncompatibility_level = 3.6\n", NULL);
	ck_assert_str_eq(server(m, "smtp/inet")->relay_networks.text,
	    "style:class");
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_listeners)
{
	struct model *m = build("inet_interfaces = loopback-only\n",
	    "smtp inet n - y - - smtpd\n"
	    "[::1]:10025 inet n - n - - smtpd\n"
	    "192.0.2.1:587 inet n - n - - smtpd\n");

	ck_assert_uint_eq(m->nlisteners, 3);
	ck_assert(m->listeners[0]->loopback);
	ck_assert_str_eq(m->listeners[1]->address, "::1");
	ck_assert(m->listeners[1]->loopback);
	ck_assert_str_eq(m->listeners[2]->port, "587");
	ck_assert(!m->listeners[2]->loopback);
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_postscreen_uses_pass_service)
{
	struct model *m = build("disable_vrfy_command = yes\n",
	    "smtp inet n - y - 1 postscreen\n"
	    "smtpd pass - - y - - smtpd -o disable_vrfy_command=no\n");

	ck_assert(server(m, "smtp/inet")->vrfy.flag);
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_unknown_parameters)
{
	struct model *m = build("smtpd_relay_restriction = reject\n"
	    "my_list = permit_mynetworks\nsmtpd_banner = $my_list\n"
	    "relay_destination_concurrency_limit = 2\n",
	    "relay unix - - n - - smtp\n");

	ck_assert(model_lookup(m, "smtpd_relay_restriction")->unknown);
	ck_assert(!model_lookup(m, "my_list")->unknown);
	ck_assert(!model_lookup(m, "relay_destination_concurrency_limit")->unknown);
	model_free(m);
}
END_TEST

START_TEST(test_pf_facts_maps_with_and_without_root)
{
	struct model *m = build("alias_maps = hash:/etc/aliases, "
	    "proxy:hash:/etc/postfix/x\n", NULL);
	size_t i, found = 0;

	for (i = 0; i < m->nmaps; i++) {
		if (strcmp(m->maps[i]->name, "/etc/postfix/x") == 0) {
			found++;
			ck_assert_str_eq(m->maps[i]->type, "hash");
			ck_assert_ptr_null(m->maps[i]->fs_path);
		}
	}
	ck_assert_uint_eq(found, 1);
	model_free(m);
}
END_TEST

/* put - a file of the tree, dated days days ago */
static void
put(const char *dir, const char *name, int days)
{
	char path[1024];
	struct timespec t[2];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("key value\n", f);
	fclose(f);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= days * 86400;
	t[1] = t[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* find_map - the model's map of a type:name, or NULL */
static const struct mapref *
find_map(const struct model *m, const char *type, const char *name)
{
	size_t i;

	for (i = 0; i < m->nmaps; i++)
		if (strcmp(m->maps[i]->type, type) == 0 &&
		    strcmp(m->maps[i]->name, name) == 0)
			return m->maps[i];
	return NULL;
}

/* the loader's facts on map databases: every file, aged by its age file */
START_TEST(test_pf_load_map_databases)
{
	char top[] = "/tmp/check_postfix.XXXXXX", dir[1024], cmd[1200];
	struct load_opts lo = { NULL, LOAD_POSTFIX, false };
	struct load_result res;
	const struct model *m;
	const struct mapref *mr;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(dir, sizeof(dir), "%s/etc/postfix", top);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/main.cf", dir);
	f = fopen(cmd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("smtpd_sender_restrictions = check_sender_access "
	    "dbm:/etc/postfix/stale, check_client_access "
	    "sdbm:/etc/postfix/nodir, check_helo_access "
	    "hash:/etc/postfix/fresh, check_recipient_access "
	    "regexp:/etc/postfix/re, check_sender_access "
	    "cdb:/etc/postfix/gone\n", f);
	fclose(f);
	put(dir, "stale", 2);
	put(dir, "stale.dir", 1);	/* newer than the source, */
	put(dir, "stale.pag", 3);	/* but the age is the .pag's */
	put(dir, "nodir", 3);
	put(dir, "nodir.pag", 1);
	put(dir, "fresh", 2);
	put(dir, "fresh.db", 1);
	put(dir, "re", 1);
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(load_path(dir, &lo, &res), 0);
	m = res.models[0];
	mr = find_map(m, "dbm", "/etc/postfix/stale");
	ck_assert(mr->source_exists);
	ck_assert_int_eq(mr->db, MAP_DB_OLDER);
	ck_assert(mr->db_in_tree);
	mr = find_map(m, "sdbm", "/etc/postfix/nodir");
	ck_assert_int_eq(mr->db, MAP_DB_MISSING);
	mr = find_map(m, "hash", "/etc/postfix/fresh");
	ck_assert_int_eq(mr->db, MAP_DB_PRESENT);
	mr = find_map(m, "regexp", "/etc/postfix/re");
	ck_assert(mr->source_exists);
	ck_assert_int_eq(mr->db, MAP_DB_NONE);
	mr = find_map(m, "cdb", "/etc/postfix/gone");
	ck_assert(!mr->source_exists);
	ck_assert_int_eq(mr->db, MAP_DB_MISSING);
	load_result_release(&res);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* round trip - every byte of every corpus file belongs to a logical line or to a comment/blank gap */
static void
round_trip(const char *dir)
{
	struct load_opts lo = { NULL, LOAD_POSTFIX, false };
	struct load_result res;
	const struct model *m;
	size_t f;

	memset(&res, 0, sizeof(res));
	ck_assert_msg(load_path(dir, &lo, &res) == 0, "%s: %s", dir,
	    res.nerrors > 0 ? res.errors[0].message : "");
	m = res.models[0];
	for (f = 0; f < m->nsrcs; f++) {
		const struct src *s = m->srcs[f];
		char *out = malloc(s->len + 1);
		size_t pos = 0, len = 0, i, k;
		struct span spans[4096];
		size_t n = 0;

		for (i = 0; i < m->nsettings && n < 4096; i++)
			if (m->settings[i]->line_span.src == s)
				spans[n++] = m->settings[i]->line_span;
		for (i = 0; i < m->nservices && n < 4096; i++)
			if (m->services[i]->line_span.src == s)
				spans[n++] = m->services[i]->line_span;
		for (i = 0; i < m->nnotes && n < 4096; i++)
			if (m->notes[i]->where.src == s &&
			    strcmp(m->notes[i]->code, "ignored-line") == 0) {
				spans[n++] = m->notes[i]->where;
			}
		qsort(spans, n, sizeof(spans[0]), cmp_span);
		for (k = 0; k < n; k++) {
			/* Gaps hold only comment and blank lines. */
			for (i = pos; i < spans[k].start; i++) {
				size_t j = i;

				while (j < spans[k].start &&
				    (s->bytes[j] == ' ' || s->bytes[j] == '\t' ||
				    s->bytes[j] == '\r'))
					j++;
				ck_assert_msg(j == spans[k].start ||
				    s->bytes[j] == '#' || s->bytes[j] == '\n',
				    "%s: byte %zu is in no logical line", s->path, j);
				while (i < spans[k].start && s->bytes[i] != '\n')
					i++;
			}
			ck_assert_uint_ge(spans[k].start, pos);
			memcpy(out + len, s->bytes + pos, spans[k].end - pos);
			len += spans[k].end - pos;
			pos = spans[k].end;
		}
		memcpy(out + len, s->bytes + pos, s->len - pos);
		len += s->len - pos;
		ck_assert_uint_eq(len, s->len);
		ck_assert(memcmp(out, s->bytes, len) == 0);
		free(out);
	}
	load_result_release(&res);
}

START_TEST(test_pf_round_trip_corpus)
{
	const char *base = MH_SRCDIR "/tests/corpus/postfix";
	DIR *d = opendir(base);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, e->d_name);
		if (strstr(e->d_name, ".md") != NULL)
			continue;
		round_trip(path);
		n++;
	}
	closedir(d);
	ck_assert_uint_ge(n, 25);
	round_trip(MH_SRCDIR "/examples/postfix-insecure");
}
END_TEST

static Suite *
postfix_suite(void)
{
	Suite *s = suite_create("postfix");
	TCase *tc = tcase_create("readers");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pf_main_continuation_skips_blank_and_comment_lines);
	tcase_add_test(tc, test_pf_main_trailing_hash_is_part_of_value);
	tcase_add_test(tc, test_pf_main_crlf_and_no_final_newline);
	tcase_add_test(tc, test_pf_main_indented_first_line_is_ignored);
	tcase_add_test(tc, test_pf_main_missing_equals_is_an_error_with_its_line);
	tcase_add_test(tc, test_pf_main_duplicates_last_wins);
	tcase_add_test(tc, test_pf_main_empty_value_overrides_default);
	tcase_add_loop_test(tc, test_pf_expand_forms, 0,
	    sizeof(expansions) / sizeof(expansions[0]));
	tcase_add_test(tc, test_pf_expand_loop_is_reported_not_followed_forever);
	tcase_add_test(tc, test_pf_expand_exponential_growth_is_capped);
	tcase_add_test(tc, test_pf_expand_truncated_reference_is_noted);
	tcase_add_test(tc, test_pf_compare_levels);
	tcase_add_test(tc, test_pf_master_services_and_overrides);
	tcase_add_test(tc, test_pf_master_too_few_fields_is_an_error);
	tcase_add_test(tc, test_pf_master_options_as_getopt_reads_them);
	tcase_add_test(tc, test_pf_round_trip_corpus);
	suite_add_tcase(s, tc);

	tc = tcase_create("facts");
	tcase_add_test(tc, test_pf_facts_vrfy_per_service);
	tcase_add_test(tc, test_pf_facts_greeting_expanded);
	tcase_add_test(tc, test_pf_facts_size_limit);
	tcase_add_loop_test(tc, test_pf_facts_relay_decision, 0,
	    sizeof(relay_cases) / sizeof(relay_cases[0]));
	tcase_add_test(tc, test_pf_facts_public_mynetworks_and_style);
	tcase_add_test(tc, test_pf_facts_listeners);
	tcase_add_test(tc, test_pf_facts_postscreen_uses_pass_service);
	tcase_add_test(tc, test_pf_facts_unknown_parameters);
	tcase_add_test(tc, test_pf_facts_maps_with_and_without_root);
	tcase_add_test(tc, test_pf_load_map_databases);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(postfix_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
