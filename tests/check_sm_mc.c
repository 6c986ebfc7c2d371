/*
 * check_sm_mc - the static sendmail.mc reader against what m4 does
 *
 * Every expected value here was checked with GNU m4 and the installed
 * sendmail-cf (tests/integration/m4-agreement.sh does it for whole
 * files); the tests need the sendmail-cf library and fail without it.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/model.h"
#include "parsers/sm_mc.h"
#include "parsers/sm_mc_table.h"

#ifndef MH_SRCDIR
#define MH_SRCDIR "."
#endif

#define HEAD	"OSTYPE(`linux')dnl\n"
#define TAIL	"MAILER(`local')dnl\nMAILER(`smtp')dnl\n"

/* cat3 - a + b + c in new memory */
static char *
cat3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);

	ck_assert_ptr_nonnull(s);
	snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* lib - the sendmail-cf library; the suite needs it */
static const char *
lib(void)
{
	/* The host's library, as a checked root "/" would have it. */
	const char *l = sm_mc_lib_dir("/");

	ck_assert_msg(l != NULL, "sendmail-cf is not installed "
	    "(/usr/share/sendmail/cf): these tests need it");
	return l;
}

/* parse_src - read a source into a fresh model; *rc gets the result */
static struct model *
parse_src(struct src *s, const char *lib_dir, int *rc,
    struct parse_error *err)
{
	struct model *m = model_new(MTA_SENDMAIL);

	m->main_src = model_add_src(m, s);
	*rc = sm_mc_parse(m, m->main_src, lib_dir, err);
	return m;
}

/* parse - .mc text that must parse */
static struct model *
parse(const char *text)
{
	struct parse_error err;
	int rc;
	struct model *m = parse_src(src_from_bytes("sendmail.mc", text,
	    strlen(text)), lib(), &rc, &err);

	ck_assert_msg(rc == 0, "sm_mc_parse failed: %s", err.msg);
	return m;
}

/* last - the last setting of a name in the model's list, or NULL */
static const struct setting *
last(const struct model *m, const char *name)
{
	size_t i;

	for (i = m->nsettings; i > 0; i--)
		if (strcmp(m->settings[i - 1]->name, name) == 0)
			return m->settings[i - 1];
	return NULL;
}

static size_t
count(const struct model *m, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < m->nsettings; i++)
		if (strcmp(m->settings[i]->name, name) == 0)
			n++;
	return n;
}

/* raw_of - the value the .cf would hold, or NULL when it holds none */
static const char *
raw_of(const struct model *m, const char *name)
{
	const struct setting *s = last(m, name);

	return s != NULL ? s->raw : NULL;
}

static const struct model_note *
note_with(const struct model *m, const char *code)
{
	size_t i;

	for (i = 0; i < m->nnotes; i++)
		if (strcmp(m->notes[i]->code, code) == 0)
			return m->notes[i];
	return NULL;
}

static void
position(struct span sp, unsigned *line, unsigned *col)
{
	ck_assert_ptr_nonnull(sp.src);
	src_position(sp.src, sp.start, line, col);
}

/* span_text - the bytes of a span, for comparisons */
static char *
span_text(struct span sp)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%.*s", (int)(sp.end - sp.start),
	    sp.src != NULL ? sp.src->bytes + sp.start : "");
	return buf;
}

/* ------------------------------------------------------------ tables */

START_TEST(test_sm_mc_conf_option_table)
{
	size_t i, n = sm_mc_option_count();

	ck_assert_str_eq(sm_conf_option("confPRIVACY_FLAGS"), "PrivacyOptions");
	ck_assert_str_eq(sm_conf_option("confSMTP_LOGIN_MSG"),
	    "SmtpGreetingMessage");
	ck_assert_str_eq(sm_conf_option("confMAX_MESSAGE_SIZE"),
	    "MaxMessageSize");
	ck_assert_str_eq(sm_conf_option("HELP_FILE"), "HelpFile");
	ck_assert_str_eq(sm_conf_option("STATUS_FILE"), "StatusFile");
	ck_assert_str_eq(sm_conf_option("ALIAS_FILE"), "AliasFile");
	ck_assert_str_eq(sm_conf_option("QUEUE_DIR"), "QueueDirectory");
	ck_assert_str_eq(sm_conf_option("confTO_QUEUERETURN_NONURGENT"),
	    "Timeout.queuereturn.non-urgent");
	ck_assert_str_eq(sm_conf_option("confREJECT_NUL"), "RejectNUL");
	ck_assert_ptr_null(sm_conf_option("confNO_SUCH_THING"));
	ck_assert_ptr_null(sm_conf_option("SMART_HOST"));
	ck_assert_ptr_null(sm_conf_option(NULL));
	/* every row is found again through the sorted lookup */
	ck_assert_uint_ge(n, 180);
	for (i = 0; i < n; i++) {
		const char *macro, *option, *expr;
		unsigned flags;

		sm_mc_option_at(i, &macro, &option, &expr, &flags);
		ck_assert_str_eq(sm_conf_option(macro), option);
		ck_assert((flags & SM_OPT_ALWAYS) == (expr != NULL));
	}
}
END_TEST

START_TEST(test_sm_mc_minimal_predicts_m4_defaults)
{
	struct model *m = parse(HEAD TAIL);
	size_t i, k = 0, n = sm_mc_default_count();

	/* The defaults table is what m4 wrote for this very .mc. */
	ck_assert_uint_ge(n, 20);
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];
		const char *option, *value;
		unsigned flags;

		if (s->name[0] == '$' || strncmp(s->name, "FEATURE(", 8) == 0)
			continue;
		ck_assert_uint_lt(k, n);
		sm_mc_default_at(k++, &option, &value, &flags);
		ck_assert_str_eq(s->name, option);
		ck_assert_str_eq(s->raw, value);
		ck_assert_int_eq(s->source, SOURCE_DEFAULT);
		ck_assert_ptr_nonnull(s->written_as);
	}
	ck_assert_uint_eq(k, n);
	model_free(m);
}
END_TEST

/* ---------------------------------------------------- quoting, dnl */

static const struct value_case {
	const char *name;
	const char *mc;		/* between HEAD and TAIL */
	const char *setting;
	const char *raw;	/* NULL: the .cf holds no such option */
} value_cases[] = {
	{ "unquoted comma splits the value",
	    "define(`confPRIVACY_FLAGS', goaway,noetrn)dnl\n",
	    "PrivacyOptions", "goaway" },
	{ "quoted commas stay",
	    "define(`confPRIVACY_FLAGS', `goaway,noetrn')dnl\n",
	    "PrivacyOptions", "goaway,noetrn" },
	{ "nested quotes lose one level",
	    "define(`confSMTP_LOGIN_MSG', `$j ``ESMTP'' ready')dnl\n",
	    "SmtpGreetingMessage", "$j `ESMTP' ready" },
	{ "a name from two quoted pieces",
	    "define(`confMAX_'`MESSAGE_SIZE', `2000')dnl\n",
	    "MaxMessageSize", "2000" },
	{ "unquoted name of a defined macro defines another macro",
	    "define(`confMAX_RCPTS_PER_MESSAGE', `100')dnl\n"
	    "define(confMAX_RCPTS_PER_MESSAGE, `5')dnl\n",
	    "MaxRecipientsPerMessage", "100" },
	{ "empty quotes separate names",
	    "define(`confLOG_LEVEL', `12')dnl\n"
	    "define(`confMAX_HEADERS_LENGTH', confLOG_LEVEL`'000)dnl\n",
	    "MaxHeadersLength", "12000" },
	{ "a quoted macro is expanded when proto.m4 writes it",
	    "define(`confMAX_MIME_HEADER_LENGTH', `LIM/64')dnl\n"
	    "define(`LIM', `256')dnl\n",
	    "MaxMimeHeaderLength", "256/64" },
	{ "MAIL_SETTINGS_DIR defined late still counts",
	    "define(`MAIL_SETTINGS_DIR', `/opt/mail/')dnl\n",
	    "HelpFile", "/opt/mail/helpfile" },
	{ "HELP_FILE empty",
	    "define(`HELP_FILE', `')dnl\n", "HelpFile", "" },
	{ "define with one argument is empty",
	    "define(`confAUTH_OPTIONS')dnl\n", "AuthOptions", "" },
	{ "changequote",
	    "changequote([, ])dnl\ndefine([confSMTP_LOGIN_MSG], [$j `x'])dnl\n"
	    "changequote(`, ')dnl\n",
	    "SmtpGreetingMessage", "$j x" },	/* quoted again at the end */
	{ "leading blanks of an argument are dropped, trailing kept",
	    "define(`confCIPHER_LIST',\n\t   HIGH:!aNULL )dnl\n",
	    "CipherList", "HIGH:!aNULL " },
	{ "dnl line is dead",
	    "dnl define(`confMAX_MESSAGE_SIZE', `1')\n",
	    "MaxMessageSize", NULL },
	{ "dnl inside the argument list",
	    "define(`confPRIVACY_FLAGS',dnl comment\n`noetrn')dnl\n",
	    "PrivacyOptions", "noetrn" },
	{ "dnl after a call eats the rest of the line",
	    "define(`confLOG_LEVEL', `9')dnl define(`confLOG_LEVEL', `1')\n",
	    "LogLevel", "9" },
	{ "a # line is live",
	    "# define(`confPRIVACY_FLAGS', `public')\n",
	    "PrivacyOptions", "public" },
	{ "undefine removes the option",
	    "undefine(`confPRIVACY_FLAGS')dnl\n", "PrivacyOptions", NULL },
	{ "undefine then define",
	    "undefine(`confLOG_LEVEL')dnl\ndefine(`confLOG_LEVEL', `14')\n",
	    "LogLevel", "14" },
	{ "undefine of a file option",
	    "undefine(`ALIAS_FILE')dnl\n", "AliasFile", NULL },
	{ "ifdef true branch",
	    "define(`GW', `1')ifdef(`GW', `define(`confMAX_MESSAGE_SIZE', "
	    "`10')', `define(`confMAX_MESSAGE_SIZE', `20')')dnl\n",
	    "MaxMessageSize", "10" },
	{ "ifdef false branch",
	    "ifdef(`GW', `define(`confMAX_MESSAGE_SIZE', "
	    "`10')', `define(`confMAX_MESSAGE_SIZE', `20')')dnl\n",
	    "MaxMessageSize", "20" },
	{ "ifelse with eval",
	    "ifelse(eval(3 * 4 >= 12), `1', `define(`confLOG_LEVEL', `13')')\n",
	    "LogLevel", "13" },
	{ "ifelse chain",
	    "define(`confLOG_LEVEL', ifelse(`a', `b', `1', `c', `c', `2', "
	    "`3'))dnl\n", "LogLevel", "2" },
	{ "defn appends",
	    "define(`confPRIVACY_FLAGS', defn(`confPRIVACY_FLAGS')`,noetrn')\n",
	    "PrivacyOptions", "authwarnings,noetrn" },
	{ "pushdef and popdef",
	    "pushdef(`confLOG_LEVEL', `20')pushdef(`confLOG_LEVEL', `30')"
	    "popdef(`confLOG_LEVEL')dnl\n", "LogLevel", "20" },
	{ "index, substr, len, translit",
	    "define(`confHELO_NAME', substr(`mx.example.com', 0, "
	    "index(`mx.example.com', `.'))`'translit(`ab', `a-z', `A-Z')`'"
	    "len(`xyz'))dnl\n", "HeloName", "mxAB3" },
	{ "an expansion and the following name make one name",
	    "define(`confHELO_NAME', substr(`mx.example.com', 0, 2)"
	    "translit(`ab', `a-z', `A-Z'))dnl\n",
	    "HeloName", "mxtranslit(ab, a-z, A-Z)" },
	{ "macro body arguments",
	    "define(`TWICE', `$1$1/$#')dnl\n"
	    "define(`confMAX_MIME_HEADER_LENGTH', TWICE(`12'))dnl\n",
	    "MaxMimeHeaderLength", "1212/1" },
	{ "TimeZoneSpec from confTIME_ZONE",
	    "define(`confTIME_ZONE', `USE_TZ')dnl\n", "TimeZoneSpec", "" },
	{ "milter options appear only with a filter",
	    "define(`confMILTER_LOG_LEVEL', `6')dnl\n",
	    "Milter.LogLevel", NULL },
	{ "INPUT_MAIL_FILTER builds the list",
	    "INPUT_MAIL_FILTER(`a', `S=local:/a')INPUT_MAIL_FILTER(`b', "
	    "`S=local:/b')dnl\n", "InputMailFilters", "a, b" },
	{ "a later define of the list replaces it",
	    "INPUT_MAIL_FILTER(`a', `S=local:/a')MAIL_FILTER(`b', `S=local:/b')"
	    "define(`confINPUT_MAIL_FILTERS', `b')dnl\n",
	    "InputMailFilters", "b" },
	{ "MAIL_FILTER defines an X line",
	    "MAIL_FILTER(`spamass', `S=local:/run/s.sock, F=')dnl\n",
	    "Xspamass", "S=local:/run/s.sock, F=" },
	{ "SMART_HOST is $S",
	    "define(`SMART_HOST', `[relay.example.com]')dnl\n",
	    "$S", "[relay.example.com]" },
	{ "MASQUERADE_AS is $M",
	    "MASQUERADE_AS(`example.com')dnl\n", "$M", "example.com" },
	{ "m4wrap text runs before proto.m4",
	    "m4wrap(`define(`confMAX_MESSAGE_SIZE', `7')')dnl\n"
	    "define(`confMAX_MESSAGE_SIZE', `3')dnl\n", "MaxMessageSize", "7" },
};

START_TEST(test_sm_mc_values)
{
	const struct value_case *c = &value_cases[_i];
	char *text = cat3(HEAD, c->mc, TAIL);
	struct model *m = parse(text);
	const char *got;

	got = raw_of(m, c->setting);
	if (c->raw == NULL)
		ck_assert_msg(got == NULL, "%s: %s is '%s', expected none",
		    c->name, c->setting, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, c->raw) == 0,
		    "%s: %s is '%s', expected '%s'", c->name, c->setting,
		    got != NULL ? got : "(none)", c->raw);
	model_free(m);
	free(text);
}
END_TEST

START_TEST(test_sm_mc_quoting_notes)
{
	struct model *m = parse(HEAD "define(`confPRIVACY_FLAGS', a,b)dnl\n"
	    "define(`confLOG_LEVEL', `1')define(confLOG_LEVEL, `2')dnl\n" TAIL);
	const struct model_note *n = note_with(m, "mc-unquoted-name");
	unsigned line, col;

	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(strstr(n->text, "defines `1'"));
	position(n->where, &line, &col);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 29);
	n = note_with(m, "mc-m4-error");
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(strstr(n->text, "unquoted comma"));
	position(n->where, &line, &col);
	ck_assert_uint_eq(line, 2);
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_hash_comment_before_cf_m4_only)
{
	/* Before include(cf.m4) '#' is still m4's comment: the ` in it does
	 * not open a quote and the define is not run. */
	struct model *m = parse("divert(-1)\n# a stray ` quote\n"
	    "# define(`confLOG_LEVEL', `3')\ndivert(0)dnl\n"
	    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
	    "OSTYPE(`linux')dnl\n# define(`confLOG_LEVEL', `4')\n" TAIL);
	const struct setting *s = last(m, "LogLevel");
	unsigned line, col;

	ck_assert_str_eq(s->raw, "4");
	ck_assert_int_eq(s->source, SOURCE_FILE);
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 7);
	ck_assert_uint_eq(col, 3);
	model_free(m);

	/* The same header without the include: '#' is live throughout. */
	m = parse("divert(-1)\n# define(`confLOG_LEVEL', `3')\ndivert(0)dnl\n"
	    HEAD TAIL);
	ck_assert_str_eq(raw_of(m, "LogLevel"), "3");
	model_free(m);
}
END_TEST

/* ------------------------------------------- redefinition, chains */

START_TEST(test_sm_mc_redefinition_after_mailer_last_wins)
{
	struct model *m = parse(HEAD "define(`confMAX_MESSAGE_SIZE', `111')dnl\n"
	    "define(`confPRIVACY_FLAGS', `goaway')dnl\n" TAIL
	    "define(`confMAX_MESSAGE_SIZE', `222')dnl\n"
	    "define(`confPRIVACY_FLAGS', `authwarnings')dnl\n");
	const struct setting *s = last(m, "MaxMessageSize");
	unsigned line, col;

	ck_assert_str_eq(s->raw, "222");
	ck_assert_str_eq(s->written_as, "confMAX_MESSAGE_SIZE");
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 6);
	ck_assert_ptr_nonnull(s->earlier);
	ck_assert_str_eq(s->earlier->raw, "111");
	position(s->earlier->name_span, &line, &col);
	ck_assert_uint_eq(line, 2);
	/* The .cf has one PrivacyOptions line: the overridden define is not
	 * a second one (sm_facts accumulates the ones in the list). */
	ck_assert_uint_eq(count(m, "PrivacyOptions"), 1);
	ck_assert_uint_eq(count(m, "MaxMessageSize"), 1);
	ck_assert_str_eq(raw_of(m, "PrivacyOptions"), "authwarnings");
	ck_assert_str_eq(last(m, "PrivacyOptions")->earlier->raw, "goaway");
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_define_before_cf_m4_is_overridden)
{
	struct model *m = parse("define(`confSMTP_LOGIN_MSG', `$j')dnl\n"
	    "include(`../m4/cf.m4')dnl\n" HEAD TAIL);
	const struct setting *s = last(m, "SmtpGreetingMessage");

	ck_assert_str_eq(s->raw, "$j Sendmail $v/$Z; $b");
	ck_assert_int_eq(s->source, SOURCE_DEFAULT);
	ck_assert_ptr_nonnull(note_with(m, "mc-overridden"));
	model_free(m);
}
END_TEST

/* ---------------------------------------------------------- daemons */

static const struct daemon_case {
	const char *mc;
	const char *lines[4];	/* DaemonPortOptions, in order */
	int	 sources[4];	/* 1: from the .mc */
} daemon_cases[] = {
	{ "", { "Name=MTA", "Port=587, Name=MSA, M=E" }, { 0, 0 } },
	{ "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n",
	    { "Port=smtp, Addr=127.0.0.1, Name=MTA",
	    "Port=587, Name=MSA, M=E" }, { 1, 0 } },
	{ "FEATURE(`no_default_msa')dnl\n"
	    "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
	    "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=MSA, M=Ea')dnl\n",
	    { "Port=smtp, Name=MTA", "Port=587, Addr=127.0.0.1, Name=MSA, M=Ea" },
	    { 1, 1 } },
	{ "FEATURE(`no_default_msa')dnl\n", { "Name=MTA" }, { 0 } },
	{ "define(`confDAEMON_OPTIONS', `Port=2525, Name=Old')dnl\n",
	    { "Port=2525, Name=Old", "Port=587, Name=MSA, M=E" }, { 1, 0 } },
};

START_TEST(test_sm_mc_daemon_options)
{
	const struct daemon_case *c = &daemon_cases[_i];
	char *text = cat3(HEAD, c->mc, TAIL);
	struct model *m = parse(text);
	size_t i, k = 0;

	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];

		if (strcmp(s->name, "DaemonPortOptions") != 0)
			continue;
		ck_assert_msg(k < 4 && c->lines[k] != NULL, "extra daemon '%s'",
		    s->raw);
		ck_assert_str_eq(s->raw, c->lines[k]);
		ck_assert_int_eq(s->source == SOURCE_FILE, c->sources[k]);
		ck_assert_str_eq(s->written_as, c->sources[k] &&
		    strstr(c->mc, "confDAEMON") != NULL ? "confDAEMON_OPTIONS" :
		    "DAEMON_OPTIONS");
		if (k > 0)
			ck_assert_ptr_nonnull(s->earlier);
		k++;
	}
	ck_assert_msg(k == 4 || c->lines[k] == NULL, "missing daemon '%s'",
	    c->lines[k]);
	model_free(m);
	free(text);
}
END_TEST

START_TEST(test_sm_mc_daemon_spans_and_client_options)
{
	struct model *m = parse(HEAD "FEATURE(`no_default_msa')dnl\n"
	    "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
	    "  DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
	    "CLIENT_OPTIONS(`Family=inet, Addr=192.0.2.10')dnl\n" TAIL);
	const struct setting *s = last(m, "DaemonPortOptions");
	unsigned line, col;

	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 4);
	ck_assert_uint_eq(col, 3);
	ck_assert_str_eq(span_text(s->value_span),
	    "`Port=587, Name=MSA, M=Ea'");
	ck_assert_str_eq(span_text(s->line_span),
	    "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n");
	position(s->earlier->name_span, &line, &col);
	ck_assert_uint_eq(line, 3);
	ck_assert_str_eq(raw_of(m, "ClientPortOptions"),
	    "Family=inet, Addr=192.0.2.10");
	model_free(m);
}
END_TEST

/* --------------------------------------------------------- features */

START_TEST(test_sm_mc_feature_arguments)
{
	struct model *m = parse(HEAD
	    "FEATURE(`access_db', , `skip')dnl\n"
	    "FEATURE(`dnsbl', `zen.spamhaus.org', `\"554 Rejected\"')dnl\n"
	    "FEATURE(`dnsbl', `bl.example.net')dnl\n"
	    "FEATURE(promiscuous_relay)dnl\n"
	    "FEATURE(`blacklist_recipients')dnl\n" TAIL);
	const struct setting *s = last(m, "FEATURE(access_db)");
	unsigned line, col;

	ck_assert_str_eq(s->raw, ",skip");
	ck_assert_str_eq(s->written_as, "FEATURE");
	ck_assert_int_eq(s->source, SOURCE_FILE);
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 1);
	ck_assert_str_eq(span_text(s->value_span), ", `skip'");
	s = last(m, "FEATURE(dnsbl)");
	ck_assert_str_eq(s->raw, "bl.example.net");
	ck_assert_str_eq(s->earlier->raw, "zen.spamhaus.org,\"554 Rejected\"");
	ck_assert_uint_eq(count(m, "FEATURE(dnsbl)"), 2);
	ck_assert_str_eq(raw_of(m, "FEATURE(promiscuous_relay)"), "");
	ck_assert_ptr_nonnull(note_with(m, "mc-m4-message"));
	/* blacklist_recipients.m4 calls FEATURE(blocklist_recipients) */
	s = last(m, "FEATURE(blocklist_recipients)");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->source, SOURCE_DEFAULT);
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 6);
	/* OSTYPE(linux) calls FEATURE(local_procmail) */
	s = last(m, "FEATURE(local_procmail)");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->source, SOURCE_DEFAULT);
	ck_assert_str_eq(span_text(s->name_span), "OSTYPE");
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_ostype_domain_defaults_point_at_the_call)
{
	struct model *m = parse("OSTYPE(`debian')dnl\nDOMAIN(`debian-mta')dnl\n"
	    "define(`confSMTP_LOGIN_MSG', `$j')dnl\n" TAIL);
	const struct setting *s = last(m, "SafeFileEnvironment");
	unsigned line, col;

	ck_assert_str_eq(s->raw, "/");
	ck_assert_int_eq(s->source, SOURCE_DEFAULT);
	ck_assert_str_eq(s->written_as, "confSAFE_FILE_ENV");
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 2);
	/* DOMAIN(debian-mta) appends with defn() and eval() of autoconf.m4 */
	ck_assert_ptr_nonnull(strstr(raw_of(m, "DontBlameSendmail"),
	    ",AssumeSafeChown,"));
	/* the blanks after "dnl\n" inside the argument stay, as in m4 */
	ck_assert_str_eq(raw_of(m, "PrivacyOptions"),
	    "    restrictqrun,restrictexpand");
	/* the .mc overrides OSTYPE(debian)'s greeting */
	s = last(m, "SmtpGreetingMessage");
	ck_assert_str_eq(s->raw, "$j");
	ck_assert_int_eq(s->source, SOURCE_FILE);
	ck_assert_ptr_nonnull(s->earlier);
	ck_assert_int_eq(s->earlier->source, SOURCE_DEFAULT);
	ck_assert_ptr_nonnull(strstr(s->earlier->raw, "No UCE/UBE"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_feature_effects)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(strstr(sm_feature_effect("promiscuous_relay"),
	    "any host"));
	ck_assert_ptr_nonnull(sm_feature_effect("relay_entire_domain"));
	ck_assert_ptr_nonnull(sm_feature_effect("no_default_msa"));
	ck_assert_ptr_null(sm_feature_effect("no_such_feature"));
	ck_assert_ptr_null(sm_feature_effect(NULL));
	/* every feature the library ships has a line */
	snprintf(path, sizeof(path), "%s/feature", lib());
	d = opendir(path);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char name[256];

		if (len < 4 || strcmp(e->d_name + len - 3, ".m4") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 3), e->d_name);
		ck_assert_msg(sm_feature_effect(name) != NULL,
		    "no effect line for FEATURE(%s)", name);
		n++;
	}
	closedir(d);
	ck_assert_uint_ge(n, 50);
}
END_TEST

/* ---------------------------------------------------------- includes */

/* scratch - a fresh directory for files of one test */
static char *
scratch(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/check_sm_mc.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static struct model *
parse_file(const char *dir, const char *name, const char *lib_dir, int *rc,
    struct parse_error *err)
{
	char path[4096];
	const char *why = NULL;
	struct src *s;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	s = src_read(path, path, &why);
	ck_assert_msg(s != NULL, "%s: %s", path, why);
	return parse_src(s, lib_dir, rc, err);
}

static void
remove_dir(const char *dir)
{
	char *cmd = cat3("rm -rf '", dir, "'");

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

START_TEST(test_sm_mc_includes_followed_and_not)
{
	char *dir = scratch();
	struct parse_error err;
	struct model *m;
	const struct setting *s;
	int rc;
	unsigned line, col;

	write_file(dir, "site.m4", "define(`confMAX_MESSAGE_SIZE', `7340032')\n"
	    "FEATURE(`access_db')\n");
	write_file(dir, "loop.m4", "define(`confLOG_LEVEL', `12')"
	    "include(`loop.m4')\n");
	write_file(dir, "sendmail.mc", HEAD "include(`site.m4')dnl\n"
	    "include(`/etc/passwd')dnl\n"
	    "sinclude(`missing.m4')dnl\n"
	    "include(`loop.m4')dnl\n"
	    "include(`../../../../../../../etc/hostname')dnl\n" TAIL);
	m = parse_file(dir, "sendmail.mc", lib(), &rc, &err);
	ck_assert_int_eq(rc, 0);
	s = last(m, "MaxMessageSize");
	ck_assert_str_eq(s->raw, "7340032");
	ck_assert_int_eq(s->source, SOURCE_FILE);
	position(s->name_span, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_str_eq(span_text(s->name_span), "include");
	ck_assert_ptr_nonnull(last(m, "FEATURE(access_db)"));
	ck_assert_str_eq(raw_of(m, "LogLevel"), "12");
	{
		size_t i, outside = 0, loop = 0;

		for (i = 0; i < m->nnotes; i++) {
			if (strcmp(m->notes[i]->code, "mc-not-followed") != 0)
				continue;
			if (strstr(m->notes[i]->text, "outside") != NULL)
				outside++;
			if (strstr(m->notes[i]->text, "includes itself") != NULL)
				loop++;
		}
		ck_assert_uint_eq(outside, 2);	/* /etc/passwd, ../../etc */
		ck_assert_uint_eq(loop, 1);
	}
	model_free(m);
	remove_dir(dir);
}
END_TEST

START_TEST(test_sm_mc_include_depth_is_limited)
{
	char *dir = scratch();
	struct parse_error err;
	struct model *m;
	char name[32], text[128];
	int rc, i;

	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "f%d.m4", i);
		snprintf(text, sizeof(text), "define(`confLOG_LEVEL', `%d')"
		    "include(`f%d.m4')\n", i, i + 1);
		write_file(dir, name, text);
	}
	write_file(dir, "sendmail.mc", HEAD "include(`f0.m4')dnl\n" TAIL);
	m = parse_file(dir, "sendmail.mc", lib(), &rc, &err);
	ck_assert_int_eq(rc, 0);
	/* f0 … f15 are read (16 levels), f16 is not */
	ck_assert_str_eq(raw_of(m, "LogLevel"), "15");
	ck_assert_ptr_nonnull(note_with(m, "mc-not-followed"));
	ck_assert_ptr_nonnull(strstr(note_with(m, "mc-not-followed")->text,
	    "deeper than 16"));
	model_free(m);
	remove_dir(dir);
}
END_TEST

START_TEST(test_sm_mc_without_library)
{
	struct parse_error err;
	int rc;
	const char *text = HEAD "FEATURE(`no_default_msa')dnl\n"
	    "define(`confLOG_LEVEL', `12')dnl\n" TAIL;
	struct model *m = parse_src(src_from_bytes("sendmail.mc", text,
	    strlen(text)), NULL, &rc, &err);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(raw_of(m, "LogLevel"), "12");
	ck_assert_str_eq(raw_of(m, "PrivacyOptions"), "authwarnings");
	ck_assert_uint_eq(count(m, "DaemonPortOptions"), 1);
	/* the embedded library stands in: nothing is left unread */
	ck_assert_ptr_null(note_with(m, "mc-not-followed"));
	/* OSTYPE(linux) is read from it, with its FEATURE(local_procmail) */
	ck_assert_ptr_nonnull(last(m, "FEATURE(local_procmail)"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_embedded_library_matches_installed)
{
	struct parse_error err;
	int rc1, rc2;
	const char *text = HEAD "OSTYPE(`debian')dnl\nDOMAIN(`debian-mta')dnl\n"
	    "FEATURE(`access_db')dnl\n" TAIL;
	struct model *a = parse_src(src_from_bytes("sendmail.mc", text,
	    strlen(text)), NULL, &rc1, &err);
	struct model *b = parse_src(src_from_bytes("sendmail.mc", text,
	    strlen(text)), lib(), &rc2, &err);
	const char *names[] = { "SmtpGreetingMessage", "DontBlameSendmail",
	    "SafeFileEnvironment", "DefaultUser", "PrivacyOptions" };
	size_t i;

	ck_assert_int_eq(rc1, 0);
	ck_assert_int_eq(rc2, 0);
	ck_assert_ptr_nonnull(sm_mc_lib_file("ostype/debian.m4", &i));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_str_eq(raw_of(a, names[i]), raw_of(b, names[i]));
	ck_assert_ptr_nonnull(strstr(raw_of(a, "SmtpGreetingMessage"),
	    "No UCE/UBE"));
	model_free(a);
	model_free(b);
}
END_TEST

START_TEST(test_sm_mc_lib_dir_under_root)
{
	char *dir = scratch();
	char path[4096];
	const char *got;

	snprintf(path, sizeof(path), "mkdir -p %s/usr/share/sendmail/cf/m4 && "
	    ": > %s/usr/share/sendmail/cf/m4/cf.m4", dir, dir);
	ck_assert_int_eq(system(path), 0);
	got = sm_mc_lib_dir(dir);
	snprintf(path, sizeof(path), "%s/usr/share/sendmail/cf", dir);
	ck_assert_str_eq(got, path);
	/* a root without a library gets none: the host's is never read */
	ck_assert_ptr_null(sm_mc_lib_dir("/nonexistent-root"));
	ck_assert_ptr_null(sm_mc_lib_dir(NULL));
	remove_dir(dir);
}
END_TEST

/* -------------------------------------------------- errors, limits */

static const struct error_case {
	const char *text;
	unsigned line, col;
	const char *words;
} error_cases[] = {
	{ HEAD "define(`confX', `abc\n\nmore\n", 2, 17, "end of file in string" },
	{ HEAD "define(`confX',\n`abc'\n", 2, 1,
	    "end of file in argument list" },
	{ HEAD "dnl\n\nifelse(`a', (`b'\n", 4, 1,
	    "end of file in argument list" },
	{ "define(`a', `a')a\n", 1, 17, "does not terminate" },
	{ "define(`a', `a b')a\n", 1, 19, "does not terminate" },
};

START_TEST(test_sm_mc_errors_have_their_line)
{
	const struct error_case *c = &error_cases[_i];
	struct parse_error err;
	int rc;
	struct model *m = parse_src(src_from_bytes("sendmail.mc", c->text,
	    strlen(c->text)), lib(), &rc, &err);
	unsigned line, col;

	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err.msg, c->words) != NULL, "message '%s'",
	    err.msg);
	position(err.where, &line, &col);
	ck_assert_uint_eq(line, c->line);
	ck_assert_uint_eq(col, c->col);
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_error_in_included_file_names_it)
{
	char *dir = scratch();
	struct parse_error err;
	struct model *m;
	int rc;
	unsigned line, col;

	write_file(dir, "bad.m4", "dnl\ndnl\ndefine(`confX', `never closed\n");
	write_file(dir, "sendmail.mc", HEAD "\ninclude(`bad.m4')\n" TAIL);
	m = parse_file(dir, "sendmail.mc", lib(), &rc, &err);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err.msg, "bad.m4:3: end of file in string") !=
	    NULL, "message '%s'", err.msg);
	position(err.where, &line, &col);
	ck_assert_uint_eq(line, 3);
	model_free(m);
	remove_dir(dir);
}
END_TEST

START_TEST(test_sm_mc_deep_nesting)
{
	size_t depth = 10000, i;
	char *text = malloc(16 * depth + 512), *p = text;
	struct model *m;

	p += sprintf(p, HEAD "define(`confMAX_MESSAGE_SIZE', ");
	for (i = 0; i < depth; i++)
		*p++ = '`';
	*p++ = '5';
	for (i = 0; i < depth; i++)
		*p++ = '\'';
	p += sprintf(p, ")dnl\ndefine(`confLOG_LEVEL', ");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "len(");
	*p++ = 'x';
	for (i = 0; i < depth; i++)
		*p++ = ')';
	p += sprintf(p, ")dnl\ndefine(`confHELO_NAME', `");
	for (i = 0; i < depth; i++)
		*p++ = '(';
	for (i = 0; i < depth; i++)
		*p++ = ')';
	p += sprintf(p, "')dnl\nifelse(");
	for (i = 0; i < depth; i++)
		*p++ = '(';
	for (i = 0; i < depth; i++)
		*p++ = ')';
	sprintf(p, ")dnl\n" TAIL);
	m = parse(text);
	/* m4 strips one level of quotes when define collects the value and
	 * one when proto.m4 writes it (19997 bytes, as m4 writes them);
	 * len(len(…x)) is 1 */
	ck_assert_uint_eq(strlen(raw_of(m, "MaxMessageSize")),
	    2 * (depth - 2) + 1);
	ck_assert_str_eq(raw_of(m, "LogLevel"), "1");
	ck_assert_uint_eq(strlen(raw_of(m, "HeloName")), 2 * depth);
	model_free(m);
	free(text);
}
END_TEST

START_TEST(test_sm_mc_m4exit_writes_no_options)
{
	struct model *m = parse(HEAD "define(`confLOG_LEVEL', `5')dnl\nm4exit\n"
	    TAIL);

	ck_assert_ptr_null(last(m, "LogLevel"));
	ck_assert_ptr_null(last(m, "PrivacyOptions"));
	ck_assert_ptr_nonnull(note_with(m, "mc-m4exit"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_mc_mailers)
{
	struct model *m = parse(HEAD TAIL "MAILER(`smtp')dnl\n");
	unsigned line, col;

	ck_assert_uint_eq(m->nservices, 2);
	ck_assert_str_eq(m->services[0]->name, "local");
	ck_assert_str_eq(m->services[1]->name, "smtp");
	ck_assert_str_eq(m->services[1]->type, "mailer");
	position(m->services[1]->name_span, &line, &col);
	ck_assert_uint_eq(line, 3);
	ck_assert_ptr_nonnull(note_with(m, "mc-m4-message"));	/* twice */
	model_free(m);
}
END_TEST

/* -------------------------------------------------------- whole files */

/* parse_dir - every .mc of a directory parses */
static size_t
parse_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_msg(d != NULL, "%s: cannot open", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		struct parse_error err;
		struct model *m;
		int rc;

		if (len < 4 || strcmp(e->d_name + len - 3, ".mc") != 0)
			continue;
		m = parse_file(dir, e->d_name, lib(), &rc, &err);
		ck_assert_msg(rc == 0, "%s/%s: %s", dir, e->d_name, err.msg);
		ck_assert_ptr_nonnull(last(m, "HelpFile"));
		model_free(m);
		n++;
	}
	closedir(d);
	return n;
}

START_TEST(test_sm_mc_corpus_and_library_files_parse)
{
	char path[4096];

	ck_assert_uint_ge(parse_dir(MH_SRCDIR "/tests/corpus/sendmail-mc"), 15);
	snprintf(path, sizeof(path), "%s/cf", lib());
	ck_assert_uint_ge(parse_dir(path), 20);
	snprintf(path, sizeof(path), "%s/debian", lib());
	ck_assert_uint_ge(parse_dir(path), 2);
}
END_TEST

static Suite *
sm_mc_suite(void)
{
	Suite *s = suite_create("sm_mc");
	TCase *tc = tcase_create("reader");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sm_mc_conf_option_table);
	tcase_add_test(tc, test_sm_mc_minimal_predicts_m4_defaults);
	tcase_add_loop_test(tc, test_sm_mc_values, 0,
	    sizeof(value_cases) / sizeof(value_cases[0]));
	tcase_add_test(tc, test_sm_mc_quoting_notes);
	tcase_add_test(tc, test_sm_mc_hash_comment_before_cf_m4_only);
	tcase_add_test(tc, test_sm_mc_redefinition_after_mailer_last_wins);
	tcase_add_test(tc, test_sm_mc_define_before_cf_m4_is_overridden);
	tcase_add_loop_test(tc, test_sm_mc_daemon_options, 0,
	    sizeof(daemon_cases) / sizeof(daemon_cases[0]));
	tcase_add_test(tc, test_sm_mc_daemon_spans_and_client_options);
	tcase_add_test(tc, test_sm_mc_feature_arguments);
	tcase_add_test(tc, test_sm_mc_ostype_domain_defaults_point_at_the_call);
	tcase_add_test(tc, test_sm_mc_feature_effects);
	tcase_add_test(tc, test_sm_mc_mailers);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sm_mc_includes_followed_and_not);
	tcase_add_test(tc, test_sm_mc_include_depth_is_limited);
	tcase_add_test(tc, test_sm_mc_without_library);
	tcase_add_test(tc, test_sm_mc_lib_dir_under_root);
	tcase_add_test(tc, test_sm_mc_embedded_library_matches_installed);
	tcase_add_test(tc, test_sm_mc_corpus_and_library_files_parse);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_sm_mc_errors_have_their_line, 0,
	    sizeof(error_cases) / sizeof(error_cases[0]));
	tcase_add_test(tc, test_sm_mc_error_in_included_file_names_it);
	tcase_add_test(tc, test_sm_mc_deep_nesting);
	tcase_add_test(tc, test_sm_mc_m4exit_writes_no_options);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sm_mc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
