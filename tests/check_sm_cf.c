/*
 * check_sm_cf - the sendmail.cf reader and the option table
 *
 * The corpus tests compare the reader with what the real sendmail
 * 8.17.1.9 did with the same files: tests/corpus/sendmail-cf/CASE.expect
 * is its -bt -d37.1 output, reduced and recorded by
 * tests/integration/sendmail-load.sh (which also checks that the binary
 * still says so).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/model.h"
#include "parsers/sm_cf.h"

#define CORPUS	MH_SRCDIR "/tests/corpus/sendmail-cf"

/* parse_root - a model of a .cf given as bytes, with a root or none */
static struct model *
parse_root(const char *text, size_t len, const char *root)
{
	struct model *m = model_new(MTA_SENDMAIL);
	struct parse_error err;
	const struct src *s;

	m->root = root;
	s = model_add_src(m, src_from_bytes("sendmail.cf", text, len));
	m->main_src = s;
	ck_assert_msg(sm_cf_parse(m, s, &err) == 0, "sm_cf_parse: %s", err.msg);
	return m;
}

/* parse - a model of a .cf given as a string */
static struct model *
parse(const char *text)
{
	return parse_root(text, strlen(text), NULL);
}

/* setting - the k-th setting (in file order) named name, or NULL */
static const struct setting *
setting(const struct model *m, const char *name, size_t k)
{
	size_t i;

	for (i = 0; i < m->nsettings; i++) {
		if (strcmp(m->settings[i]->name, name) == 0 && k-- == 0)
			return m->settings[i];
	}
	return NULL;
}

/* count - how many settings are named name */
static size_t
count(const struct model *m, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < m->nsettings; i++)
		n += strcmp(m->settings[i]->name, name) == 0;
	return n;
}

/* note - the first note with a code, or NULL */
static const struct model_note *
note(const struct model *m, const char *code)
{
	size_t i;

	for (i = 0; i < m->nnotes; i++) {
		if (strcmp(m->notes[i]->code, code) == 0)
			return m->notes[i];
	}
	return NULL;
}

/* nnotes - how many notes have a code */
static size_t
nnotes(const struct model *m, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < m->nnotes; i++)
		n += strcmp(m->notes[i]->code, code) == 0;
	return n;
}

/* text_of - the bytes of a span (static buffer) */
static const char *
text_of(struct span sp)
{
	static char buf[512];
	size_t n = sp.end - sp.start;

	ck_assert_ptr_nonnull(sp.src);
	ck_assert_uint_le(sp.start, sp.end);
	ck_assert_uint_le(sp.end, sp.src->len);
	ck_assert_uint_lt(n, sizeof(buf));
	memcpy(buf, sp.src->bytes + sp.start, n);
	buf[n] = '\0';
	return buf;
}

/* at - assert the line and column where a span starts */
static void
at(struct span sp, unsigned line, unsigned col)
{
	unsigned l, c;

	ck_assert_ptr_nonnull(sp.src);
	src_position(sp.src, sp.start, &l, &c);
	ck_assert_msg(l == line && c == col, "span '%s' at %u:%u, expected "
	    "%u:%u", text_of(sp), l, c, line, col);
}

/*
 * The line reader
 */

START_TEST(test_sm_cf_continuation_keeps_newline)
{
	struct model *m = parse("V10/Berkeley\n"
	    "O SmtpGreetingMessage=$j Sendmail; $b\n"
	    "\tcontinued with a tab\n"
	    "    and with spaces\n"
	    "O LogLevel=9\n");
	const struct setting *s = setting(m, "SmtpGreetingMessage", 0);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->raw, "$j Sendmail; $b\n\tcontinued with a tab\n"
	    "    and with spaces");
	at(s->name_span, 2, 3);
	ck_assert_str_eq(text_of(s->line_span), "O SmtpGreetingMessage=$j "
	    "Sendmail; $b\n\tcontinued with a tab\n    and with spaces\n");
	ck_assert_str_eq(text_of(s->value_span), "$j Sendmail; $b\n\t"
	    "continued with a tab\n    and with spaces");
	at(setting(m, "LogLevel", 0)->name_span, 5, 3);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_empty_line_ends_fold)
{
	/* The empty line ends the first fold and starts one of its own. */
	struct model *m = parse("O LogLevel=9\n\n\tO LogLevel=5\n"
	    "O MaxHopCount=30\n");
	const struct model_note *n = note(m, "unknown-line");

	ck_assert_uint_eq(count(m, "LogLevel"), 1);
	ck_assert_str_eq(setting(m, "LogLevel", 0)->raw, "9");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(text_of(n->where), "\n\tO LogLevel=5\n");
	at(setting(m, "MaxHopCount", 0)->name_span, 4, 3);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_blank_continuation_joins_the_line_before)
{
	/* A line of blanks continues the line before; trailing blanks go. */
	struct model *m = parse("O HelpFile=/etc/mail/helpfile\n\t\n"
	    "O LogLevel=9\n");

	ck_assert_str_eq(setting(m, "HelpFile", 0)->raw, "/etc/mail/helpfile");
	ck_assert_str_eq(text_of(setting(m, "HelpFile", 0)->line_span),
	    "O HelpFile=/etc/mail/helpfile\n\t\n");
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_comment_swallows_continuation)
{
	struct model *m = parse("# a comment\n\tO LogLevel=1\n  O MaxHopCount=2\n"
	    "O LogLevel=3\n#O StatusFile=/etc/mail/statistics\n");

	ck_assert_uint_eq(count(m, "LogLevel"), 1);
	ck_assert_str_eq(setting(m, "LogLevel", 0)->raw, "3");
	ck_assert_uint_eq(count(m, "MaxHopCount"), 0);
	ck_assert_uint_eq(count(m, "StatusFile"), 0);
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_crlf_reads_as_lf)
{
	const char *text = "V10/Berkeley\r\nO SmtpGreetingMessage=$j ESMTP\r\n"
	    "\tcontinued\r\nO HelpFile=/etc/mail/helpfile\r\r\n"
	    "O PrivacyOptions=goaway # comment\r\n";
	struct model *m = parse(text);
	const struct setting *s = setting(m, "SmtpGreetingMessage", 0);

	ck_assert_str_eq(s->raw, "$j ESMTP\n\tcontinued");
	ck_assert_str_eq(text_of(s->value_span), "$j ESMTP\r\n\tcontinued");
	ck_assert_str_eq(text_of(s->line_span),
	    "O SmtpGreetingMessage=$j ESMTP\r\n\tcontinued\r\n");
	/* A CR before CR LF is a trailing blank. */
	ck_assert_str_eq(setting(m, "HelpFile", 0)->raw, "/etc/mail/helpfile");
	ck_assert_str_eq(setting(m, "PrivacyOptions", 0)->raw, "goaway");
	at(setting(m, "PrivacyOptions", 0)->name_span, 5, 3);
	model_free(m);
}
END_TEST

static const struct {
	const char *text, *name, *raw;
} comments[] = {
	/* Config level 0 (no V line yet): '#' is text. */
	{ "O LogLevel=9 # text\n", "LogLevel", "9 # text" },
	{ "V2\nO LogLevel=9 # text\n", "LogLevel", "9 # text" },
	/* From level 3 on, '#' and the blanks before it end the line. */
	{ "V3\nO LogLevel=9 # comment\n", "LogLevel", "9" },
	{ "V10\nO HelpFile=/etc/mail/help#file\n", "HelpFile",
	  "/etc/mail/help" },
	{ "V10\nO SmtpGreetingMessage=$j \\# not a comment\n",
	  "SmtpGreetingMessage", "$j # not a comment" },
	{ "V10\nO UnixFromLine=From $g  $d $#x\n", "UnixFromLine",
	  "From $g  $d $#x" },
	{ "V10\nO DoubleBounceAddress=postmaster$$#comment\n",
	  "DoubleBounceAddress", "postmaster$$" },
	{ "V10\nO DoubleBounceAddress=${admin#x}\n", "DoubleBounceAddress",
	  "${admin#x}" },
	/* A comment ends at its physical line; the newline stays. */
	{ "V10\nO PrivacyOptions=goaway # one,\n\tnoetrn\t# two\n"
	  "\t# a comment line inside\n\tnoreceipts\n", "PrivacyOptions",
	  "goaway\n\tnoetrn\n\n\tnoreceipts" },
	{ "V10\nO MaxMessageSize=10485760\t\t# 10 MB\n", "MaxMessageSize",
	  "10485760" },
	{ "V10\nDjmx.example.com # the host\n", "$j", "mx.example.com" },
	{ "V10\nFw-o /etc/mail/local-host-names %[^\\#]\n", "$=w",
	  "-o /etc/mail/local-host-names %[^#]" },
};

START_TEST(test_sm_cf_comments_and_config_level)
{
	struct model *m = parse(comments[_i].text);
	const struct setting *s = setting(m, comments[_i].name, 0);

	ck_assert_msg(s != NULL, "no %s in '%s'", comments[_i].name,
	    comments[_i].text);
	ck_assert_str_eq(s->raw, comments[_i].raw);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_indented_first_line_is_unknown)
{
	struct model *m = parse("  O LogLevel=3\nV10/Berkeley\nO LogLevel=4\n");
	const struct model_note *n = note(m, "unknown-line");

	ck_assert_uint_eq(count(m, "LogLevel"), 1);
	ck_assert_ptr_nonnull(n);
	at(n->where, 1, 1);
	ck_assert_str_eq(text_of(n->where), "  O LogLevel=3\n");
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_no_final_newline)
{
	struct model *m = parse("V10/Berkeley\nO PrivacyOptions=goaway,\n\t"
	    "noetrn");
	const struct setting *s = setting(m, "PrivacyOptions", 0);

	ck_assert_str_eq(s->raw, "goaway,\n\tnoetrn");
	ck_assert_uint_eq(s->line_span.end, s->line_span.src->len);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_empty_and_comment_only_files)
{
	struct model *m = parse("");

	ck_assert_uint_eq(m->nsettings, 0);
	model_free(m);
	m = parse("# nothing\n\n#O LogLevel=9\n");
	ck_assert_uint_eq(m->nsettings, 0);
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_nul_byte_is_an_error)
{
	struct model *m = model_new(MTA_SENDMAIL);
	struct parse_error err;
	const struct src *s = model_add_src(m, src_from_bytes("sendmail.cf",
	    "V10\nO Log\0Level=9\n", 18));
	unsigned line, col;

	ck_assert_int_eq(sm_cf_parse(m, s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "NUL"));
	src_position(err.where.src, err.where.start, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 6);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_not_a_cf_is_an_error)
{
	static const char text[] = "# a text file\nhello world\nthis is not "
	    "a sendmail.cf\n";
	struct model *m = model_new(MTA_SENDMAIL);
	struct parse_error err;
	const struct src *s = model_add_src(m, src_from_bytes("sendmail.cf",
	    text, strlen(text)));
	unsigned line, col;

	ck_assert_int_eq(sm_cf_parse(m, s, &err), -1);
	src_position(err.where.src, err.where.start, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a sendmail.cf"));
	model_free(m);
	/* One accepted line is enough. */
	m = parse("hello world\nO LogLevel=9\n");
	ck_assert_uint_eq(nnotes(m, "unknown-line"), 1);
	model_free(m);
}
END_TEST

/*
 * O lines
 */

static const struct {
	const char *line;	/* after "V10/Berkeley\n" */
	const char *name;	/* NULL: no setting */
	const char *raw;
	const char *note;	/* code of a note it must add, or NULL */
	const char *name_text;	/* what name_span covers */
} options[] = {
	{ "O PrivacyOptions=goaway", "PrivacyOptions", "goaway", NULL,
	  "PrivacyOptions" },
	{ "O privacyoptions = novrfy", "PrivacyOptions", "novrfy", NULL,
	  "privacyoptions" },
	{ "O LOGLEVEL = 11", "LogLevel", "11", NULL, "LOGLEVEL" },
	{ "O MaxHopCount   =   30", "MaxHopCount", "30", NULL, "MaxHopCount" },
	/* Only spaces are trimmed after '=': a tab stays. */
	{ "O MaxMessageSize=\t10485760", "MaxMessageSize", "\t10485760", NULL,
	  "MaxMessageSize" },
	{ "O StatusFile", "StatusFile", "", NULL, "StatusFile" },
	{ "O HelpFile=", "HelpFile", "", NULL, "HelpFile" },
	{ "O DaemonPortOptions=Name=MTA, Port=smtp", "DaemonPortOptions",
	  "Name=MTA, Port=smtp", NULL, "DaemonPortOptions" },
	/* Unique prefixes, in any case; an exact name beats a longer one. */
	{ "O MaxMessageSiz=1000", "MaxMessageSize", "1000",
	  "abbreviated-option", "MaxMessageSiz" },
	{ "O privacy=goaway", "PrivacyOptions", "goaway", "abbreviated-option",
	  "privacy" },
	{ "O v=False", "Verbose", "False", "abbreviated-option", "v" },
	{ "O X=4096", "XscriptFileBufferSize", "4096", "abbreviated-option",
	  "X" },
	{ "O SSLEngine=chil", "SSLEngine", "chil", NULL, "SSLEngine" },
	{ "O SSLEngineP=/usr/lib", "SSLEnginePath", "/usr/lib",
	  "abbreviated-option", "SSLEngineP" },
	{ "O SharedMemoryKey=1", "SharedMemoryKey", "1", NULL,
	  "SharedMemoryKey" },
	{ "O BadRcptShutdown=0", "BadRcptShutdown", "0", NULL,
	  "BadRcptShutdown" },
	/* Suboptions: Timeout and Milter keep them, others drop them. */
	{ "O Timeout.queuereturn=5d", "Timeout.queuereturn", "5d", NULL,
	  "Timeout.queuereturn" },
	{ "O Timeout.Initial=6m", "Timeout.Initial", "6m", NULL,
	  "Timeout.Initial" },
	{ "O Timeo.connect=1m", "Timeout.connect", "1m", "abbreviated-option",
	  "Timeo.connect" },
	{ "O Milter.macros.connect=j, _, {daemon_name}", "Milter.macros.connect",
	  "j, _, {daemon_name}", NULL, "Milter.macros.connect" },
	{ "O LogLevel.debug=12", "LogLevel", "12", "ignored-suboption",
	  "LogLevel.debug" },
	{ "O Timeout=ident:0,command:30m", "Timeout", "ident:0,command:30m",
	  NULL, "Timeout" },
	/* Skipped by sendmail. */
	{ "O Max=1", NULL, NULL, "unknown-option", "Max" },
	{ "O CACert=/x", NULL, NULL, "unknown-option", "CACert" },
	{ "O l=9", NULL, NULL, "unknown-option", "l" },
	{ "O Time.queuewarn=4h", NULL, NULL, "unknown-option", "Time" },
	{ "O  PrivacyOptions=noexpn", NULL, NULL, "unknown-option",
	  "PrivacyOptions" },
	{ "O BogusOption=1", NULL, NULL, "unknown-option", "BogusOption" },
	{ "O DontLockFilesForRead=True", NULL, NULL, "unknown-option",
	  "DontLockFilesForRead" },
	{ "O LogLevel\t=5", NULL, NULL, "unknown-option", "LogLevel\t" },
	{ "O =x", NULL, NULL, "unknown-option", "=" },
	{ "O .x=1", NULL, NULL, "unknown-option", "" },
	{ "O   ", NULL, NULL, "unknown-option", "O" },
	{ "O", NULL, NULL, "unknown-option", "O" },
	{ "O\tLogLevel=9", NULL, NULL, "unknown-option", "\t" },
	{ "ON123", NULL, NULL, "unknown-option", "N" },
	/* The legacy one-character form: the value starts right after it. */
	{ "Opgoaway", "PrivacyOptions", "goaway", NULL, "p" },
	{ "OL12", "LogLevel", "12", NULL, "L" },
	{ "OP\tpostmaster", "PostmasterCopy", "\tpostmaster", NULL, "P" },
	{ "OOName=MTA", "DaemonPortOptions", "Name=MTA", NULL, "O" },
	{ "Or5m", "Timeout", "5m", NULL, "r" },
	{ "OV fallback.example.com", "FallbackMXhost", " fallback.example.com",
	  NULL, "V" },
	{ "Ovtrue", "Verbose", "true", NULL, "v" },
	{ "Og12", "g", "12", NULL, "g" },
	{ "OMXhello", "$X", "hello", NULL, "X" },
	{ "OM{daemon_flags}CC f", "${daemon_flags}", "CC f", NULL,
	  "{daemon_flags}" },
};

START_TEST(test_sm_cf_option_forms)
{
	char text[256];
	struct model *m;
	const struct setting *s = NULL;
	size_t i;

	snprintf(text, sizeof(text), "V10/Berkeley\n%s\n", options[_i].line);
	m = parse(text);
	for (i = 0; i < m->nsettings; i++) {
		if (strcmp(m->settings[i]->name, "V") != 0)
			s = m->settings[i];
	}
	if (options[_i].name == NULL) {
		ck_assert_msg(s == NULL, "'%s' set %s", options[_i].line,
		    s != NULL ? s->name : "");
	} else {
		ck_assert_msg(s != NULL, "'%s' set nothing", options[_i].line);
		ck_assert_str_eq(s->name, options[_i].name);
		ck_assert_str_eq(s->raw, options[_i].raw);
		ck_assert_str_eq(text_of(s->name_span), options[_i].name_text);
		at(s->line_span, 2, 1);
		ck_assert_int_eq(s->source, SOURCE_FILE);
	}
	if (options[_i].note != NULL) {
		const struct model_note *n = note(m, options[_i].note);

		ck_assert_msg(n != NULL, "'%s': no %s note", options[_i].line,
		    options[_i].note);
		if (options[_i].name == NULL)
			ck_assert_str_eq(text_of(n->where),
			    options[_i].name_text);
		ck_assert_uint_eq(m->nnotes, 1);
	} else
		ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_option_spans)
{
	struct model *m = parse("# spans\nV10/Berkeley\n"
	    "O PrivacyOptions=goaway\n"
	    "O SmtpGreetingMessage=$j\n\t(continued)\n"
	    "OL9\n"
	    "O Timeout.queuereturn = 5d\n"
	    "O StatusFile\n");
	const struct setting *s;

	s = setting(m, "PrivacyOptions", 0);
	at(s->name_span, 3, 3);
	ck_assert_uint_eq(s->name_span.end - s->name_span.start, 14);
	at(s->value_span, 3, 18);
	ck_assert_str_eq(text_of(s->value_span), "goaway");
	s = setting(m, "SmtpGreetingMessage", 0);
	at(s->value_span, 4, 23);
	ck_assert_str_eq(text_of(s->value_span), "$j\n\t(continued)");
	s = setting(m, "LogLevel", 0);
	at(s->name_span, 6, 2);
	at(s->value_span, 6, 3);
	s = setting(m, "Timeout.queuereturn", 0);
	at(s->name_span, 7, 3);
	at(s->value_span, 7, 25);
	ck_assert_str_eq(text_of(s->line_span), "O Timeout.queuereturn = 5d\n");
	s = setting(m, "StatusFile", 0);
	at(s->name_span, 8, 3);
	/* An empty value sits where the value would go. */
	ck_assert_uint_eq(s->value_span.start, s->value_span.end);
	ck_assert_uint_eq(s->value_span.start, s->name_span.end);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_repeats_link_earlier)
{
	struct model *m = parse("V10/Berkeley\n"
	    "O PrivacyOptions=authwarnings\n"
	    "O LogLevel=9\n"
	    "Opnovrfy\n"
	    "O privacy=noexpn\n");
	const struct setting *s = setting(m, "PrivacyOptions", 2);

	ck_assert_uint_eq(count(m, "PrivacyOptions"), 3);
	ck_assert_str_eq(s->raw, "noexpn");
	ck_assert_ptr_eq(s->earlier, setting(m, "PrivacyOptions", 1));
	ck_assert_ptr_eq(s->earlier->earlier, setting(m, "PrivacyOptions", 0));
	ck_assert_ptr_null(s->earlier->earlier->earlier);
	ck_assert_ptr_null(setting(m, "LogLevel", 0)->earlier);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_unknown_option_note_points_at_the_name)
{
	struct model *m = parse("V10/Berkeley\n\nO  PrivacyOptions=noexpn\n"
	    "O Max=1\n");
	const struct model_note *n = m->nnotes == 2 ? m->notes[0] : NULL;

	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->code, "unknown-option");
	at(n->where, 3, 4);
	ck_assert_ptr_nonnull(strstr(n->text, "more than one blank"));
	at(m->notes[1]->where, 4, 3);
	ck_assert_ptr_nonnull(strstr(m->notes[1]->text, "ambiguous"));
	ck_assert_uint_eq(m->nsettings, 1);
	model_free(m);
}
END_TEST

/*
 * The other line types
 */

START_TEST(test_sm_cf_macros)
{
	struct model *m = parse("V10/Berkeley\nDjmx.example.com\nDZ8.17.1.9\n"
	    "D{MTAHost}[127.0.0.1]\nD{S}relay.example.com\nDM example.com\n"
	    "D\nD{}x\nD{a-b}x\nD{unbalanced\n"
	    "D{abcdefghijklmnopqrstuvwxyz}x\n");
	const struct setting *s = setting(m, "$j", 0);

	ck_assert_str_eq(s->raw, "mx.example.com");
	at(s->name_span, 2, 2);
	at(s->value_span, 2, 3);
	ck_assert_str_eq(setting(m, "$Z", 0)->raw, "8.17.1.9");
	s = setting(m, "${MTAHost}", 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->raw, "[127.0.0.1]");
	ck_assert_str_eq(text_of(s->name_span), "{MTAHost}");
	/* ${x} is $x */
	ck_assert_str_eq(setting(m, "$S", 0)->raw, "relay.example.com");
	ck_assert_str_eq(setting(m, "$M", 0)->raw, " example.com");
	/* sendmail drops what a name may not hold, and defines ${ab} */
	ck_assert_str_eq(setting(m, "${ab}", 0)->raw, "x");
	ck_assert_uint_eq(nnotes(m, "bad-name"), 5);
	ck_assert_uint_eq(m->nsettings, 7);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_classes)
{
	struct model *m = parse("V10/Berkeley\nCwlocalhost mx.example.com\n"
	    "C{Accept}OK RELAY\nCw  mail.example.com\n\tsmtp.example.com\n"
	    "Troot daemon\nT smmsp\n");
	const struct setting *s = setting(m, "$=w", 1);

	ck_assert_str_eq(setting(m, "$=w", 0)->raw, "localhost mx.example.com");
	ck_assert_str_eq(s->raw, "mail.example.com\n\tsmtp.example.com");
	ck_assert_ptr_eq(s->earlier, setting(m, "$=w", 0));
	ck_assert_str_eq(setting(m, "$={Accept}", 0)->raw, "OK RELAY");
	s = setting(m, "$=t", 1);
	ck_assert_str_eq(s->raw, "smmsp");
	ck_assert_str_eq(text_of(s->name_span), "T");
	ck_assert_str_eq(setting(m, "$=t", 0)->raw, "root daemon");
	model_free(m);
}
END_TEST

/* map - the k-th mapref of a type */
static const struct mapref *
map(const struct model *m, const char *type, size_t k)
{
	size_t i;

	for (i = 0; i < m->nmaps; i++) {
		if (strcmp(m->maps[i]->type, type) == 0 && k-- == 0)
			return m->maps[i];
	}
	return NULL;
}

/* named - the k-th named file of a kind ("class") */
static const struct named_file *
named(const struct model *m, const char *what, size_t k)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++) {
		if (strcmp(m->files[i]->what, what) == 0 && k-- == 0)
			return m->files[i];
	}
	return NULL;
}

START_TEST(test_sm_cf_class_files)
{
	static const char text[] = "V10/Berkeley\n"
	    "Fw-o /etc/mail/local-host-names %[^\\#]\n"
	    "FR/etc/mail/relay-domains\n"
	    "F{VirtHost} -o virthosts\n"
	    "F{Prog}|/usr/local/bin/list-hosts\n"
	    "F{Ldap}@LDAP\n"
	    "F{Q}\n";
	struct model *m = parse_root(text, strlen(text), "/srv/image");
	const struct named_file *mr;
	const struct setting *s = setting(m, "$=w", 0);

	ck_assert_str_eq(s->raw, "-o /etc/mail/local-host-names %[^#]");
	mr = named(m, "class", 0);
	ck_assert_str_eq(mr->name, "/etc/mail/local-host-names");
	ck_assert_str_eq(mr->fs_path, "/srv/image/etc/mail/local-host-names");
	ck_assert_ptr_eq(mr->from, s);
	at(mr->where, 2, 6);
	mr = named(m, "class", 1);
	ck_assert_str_eq(mr->name, "/etc/mail/relay-domains");
	ck_assert_str_eq(setting(m, "$=R", 0)->raw, "/etc/mail/relay-domains");
	mr = named(m, "class", 2);
	ck_assert_str_eq(mr->name, "virthosts");
	ck_assert_ptr_null(mr->fs_path);
	ck_assert_str_eq(mr->not_followed, "relative path");
	mr = named(m, "program", 0);
	ck_assert_ptr_nonnull(mr);
	ck_assert_str_eq(mr->name, "/usr/local/bin/list-hosts");
	ck_assert_ptr_null(mr->fs_path);
	ck_assert_ptr_nonnull(map(m, "ldap", 0));
	ck_assert_ptr_nonnull(note(m, "bad-class-file"));
	ck_assert_ptr_nonnull(setting(m, "$=Q", 0));
	/* the lookup F{Ldap}@LDAP is a map; files and programs are not */
	ck_assert_uint_eq(m->nmaps, 1);
	ck_assert_uint_eq(m->nfiles, 4);
	model_free(m);

	/* Without a root an absolute path is not followed. */
	m = parse(text);
	mr = named(m, "class", 0);
	ck_assert_ptr_null(mr->fs_path);
	ck_assert_ptr_nonnull(strstr(mr->not_followed, "--root"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_maps)
{
	static const char text[] = "V10/Berkeley\n"
	    "Kaccess hash -T<TMPF> -o /etc/mail/access\n"
	    "Kdequote dequote\n"
	    "Kmailertable hash -o /etc/mail/mailertable\n"
	    "Kre regex /^x/\n"
	    "Kvirt btree -o virtusertable\n"
	    "Knofile hash -o\n"
	    "K\n"
	    "Knoclass\n";
	struct model *m = parse_root(text, strlen(text), "/");
	const struct mapref *mr = map(m, "hash", 0);

	ck_assert_ptr_nonnull(mr);
	ck_assert_str_eq(mr->name, "/etc/mail/access");
	ck_assert_str_eq(mr->fs_path, "/etc/mail/access");
	ck_assert_str_eq(text_of(mr->where), "/etc/mail/access");
	at(mr->where, 2, 26);
	ck_assert_str_eq(map(m, "hash", 1)->name, "/etc/mail/mailertable");
	mr = map(m, "dequote", 0);
	ck_assert_str_eq(mr->name, "dequote");
	ck_assert_ptr_null(mr->fs_path);
	mr = map(m, "regex", 0);
	ck_assert_str_eq(mr->name, "re");
	ck_assert_str_eq(mr->not_followed, "not a file");
	mr = map(m, "btree", 0);
	ck_assert_str_eq(mr->name, "virtusertable");
	ck_assert_str_eq(mr->not_followed, "relative path");
	mr = map(m, "hash", 2);
	ck_assert_str_eq(mr->name, "nofile");
	ck_assert_str_eq(mr->not_followed, "no file named");
	ck_assert_uint_eq(m->nmaps, 6);
	ck_assert_uint_eq(nnotes(m, "bad-map"), 2);
	ck_assert_uint_eq(m->nsettings, 1);	/* V */
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_version_line)
{
	struct model *m = parse("V10/Berkeley\nVfoo\n");
	const struct setting *s = setting(m, "V", 0);

	ck_assert_str_eq(s->raw, "10/Berkeley");
	at(s->name_span, 1, 1);
	ck_assert_uint_eq(count(m, "V"), 1);
	ck_assert_ptr_nonnull(note(m, "bad-version"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_mailers)
{
	struct model *m = parse("V10/Berkeley\n"
	    "Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S,\n"
	    "\t\tS=EnvFromL/HdrFromL, R=EnvToL/HdrToL,\n"
	    "\t\tT=DNS/RFC822/X-Unix,\n"
	    "\t\tA=mail.local -l\n"
	    "Mprog, P=/bin/sh, F=lsDFMoqeu9, A=sh -c $u\n"
	    "Mbroken, P=/bin/true, Foo\n"
	    "M, P=/bin/true\n");
	const struct service *svc;

	ck_assert_uint_eq(m->nservices, 2);
	svc = m->services[0];
	ck_assert_str_eq(svc->name, "local");
	ck_assert_str_eq(svc->type, "mailer");
	ck_assert_str_eq(svc->command, "/usr/lib/sm.bin/mail.local");
	ck_assert_uint_eq(svc->nargs, 5);
	ck_assert_str_eq(svc->args[0], "F=lsDFMAw5:/|@qPn9S");
	ck_assert_str_eq(svc->args[4], "A=mail.local -l");
	at(svc->name_span, 2, 2);
	ck_assert_uint_eq(svc->line_span.end - svc->line_span.start,
	    strlen("Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S,\n"
	    "\t\tS=EnvFromL/HdrFromL, R=EnvToL/HdrToL,\n"
	    "\t\tT=DNS/RFC822/X-Unix,\n\t\tA=mail.local -l\n"));
	svc = m->services[1];
	ck_assert_str_eq(svc->name, "prog");
	ck_assert_str_eq(svc->args[1], "A=sh -c $u");
	at(svc->name_span, 6, 2);
	ck_assert_uint_eq(nnotes(m, "bad-mailer"), 2);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_milters)
{
	struct model *m = parse("V10/Berkeley\n"
	    "Xmyfilter, S=local:/var/run/f.sock, F=T, T=S:4m;R:4m\n"
	    "X\n");
	const struct setting *s = setting(m, "Xmyfilter", 0);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->raw, "S=local:/var/run/f.sock, F=T, T=S:4m;R:4m");
	ck_assert_str_eq(text_of(s->name_span), "myfilter");
	ck_assert_ptr_nonnull(note(m, "bad-milter"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_syntax_only_and_unknown_lines)
{
	struct model *m = parse("V10/Berkeley\n"
	    "S0\nR$*\t$#local $: $1\t\tcomment\nSLocal_check_rcpt\n"
	    "H?P?Return-Path: <$g>\nPjunk=-100\nQq1, P=/var/spool/mqueue\n"
	    "EPATH=/bin\n"
	    "Lsomething\nGfoo\no LogLevel=4\nPnoequals\n");
	size_t i;

	ck_assert_uint_eq(m->nsettings, 1);	/* V */
	ck_assert_uint_eq(m->nservices, 0);
	ck_assert_uint_eq(m->nnotes, 4);
	for (i = 0; i < m->nnotes; i++) {
		ck_assert_str_eq(m->notes[i]->code, "unknown-line");
		at(m->notes[i]->where, (unsigned)(9 + i), 1);
	}
	ck_assert_str_eq(text_of(m->notes[3]->where), "Pnoequals\n");
	model_free(m);
}
END_TEST

/*
 * H, S and R lines, m4 stamps (parsers/sm_rules)
 */

START_TEST(test_sm_cf_headers)
{
	struct model *m = parse("V10/Berkeley\n"
	    "H?P?Return-Path: <$g>\n"
	    "HReceived: $?sfrom $s $.by $j ($v/$Z)\n\tid $i\n"
	    "H?${daemon_flags}?X-Flag: yes\n"
	    "H?$j?X-J:j\n"
	    "HSubject :  hi # a comment\n"
	    "HBad header: x\n"
	    "H?P Missing: x\n"
	    "H?$ab?X-Bad: y\n"
	    "H: no name\n");
	const struct sm_header *h;

	ck_assert_uint_eq(m->nheaders, 5);
	h = m->headers[0];
	ck_assert_str_eq(h->name, "Return-Path");
	ck_assert_str_eq(h->condition, "P");
	ck_assert_str_eq(h->value, "<$g>");
	at(h->name_span, 2, 5);
	h = m->headers[1];
	ck_assert_str_eq(h->name, "Received");
	ck_assert_ptr_null(h->condition);
	ck_assert_str_eq(h->value, "$?sfrom $s $.by $j ($v/$Z)\n\tid $i");
	ck_assert_str_eq(text_of(h->first_line),
	    "HReceived: $?sfrom $s $.by $j ($v/$Z)");
	ck_assert_str_eq(text_of(h->line_span),
	    "HReceived: $?sfrom $s $.by $j ($v/$Z)\n\tid $i\n");
	ck_assert_str_eq(text_of(h->value_span),
	    "$?sfrom $s $.by $j ($v/$Z)\n\tid $i");
	ck_assert_str_eq(m->headers[2]->condition, "${daemon_flags}");
	ck_assert_str_eq(m->headers[2]->name, "X-Flag");
	ck_assert_str_eq(m->headers[3]->condition, "$j");
	ck_assert_str_eq(m->headers[3]->value, "j");
	h = m->headers[4];
	ck_assert_str_eq(h->name, "Subject");	/* blanks before ':' */
	ck_assert_str_eq(h->value, "hi");	/* the comment is out */
	ck_assert_str_eq(text_of(h->value_span), "hi");
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_rulesets)
{
	struct model *m = parse("V10/Berkeley\n"
	    "S0\nScheck_rcpt=52\nS 52\nSfoo\nS1x\nS100\nS_x\nSbar=\n"
	    "Sbar = 7\nScheck_rcpt=53\nSfoo\n");
	const struct sm_ruleset *const *rs = (const struct sm_ruleset *const *)
	    m->rulesets;

	ck_assert_uint_eq(m->nrulesets, 8);
	ck_assert_ptr_null(rs[0]->name);
	ck_assert_int_eq(rs[0]->number, 0);
	ck_assert_str_eq(rs[1]->name, "check_rcpt");
	ck_assert_int_eq(rs[1]->number, 52);
	ck_assert_str_eq(text_of(rs[1]->name_span), "check_rcpt");
	/* a number named before takes the name */
	ck_assert_str_eq(rs[2]->name, "check_rcpt");
	ck_assert_int_eq(rs[2]->number, 52);
	ck_assert_ptr_eq(rs[2]->earlier, rs[1]);
	at(rs[2]->name_span, 4, 3);
	ck_assert_str_eq(rs[3]->name, "foo");
	ck_assert_int_eq(rs[3]->number, -1);
	ck_assert_int_eq(rs[4]->number, 1);	/* "S1x" */
	/* S100, S_x and "Sbar=" are refused */
	ck_assert_str_eq(rs[5]->name, "bar");
	ck_assert_int_eq(rs[5]->number, 7);
	ck_assert_str_eq(text_of(rs[5]->first_line), "Sbar = 7");
	/* a name defined again keeps its first number */
	ck_assert_int_eq(rs[6]->number, 52);
	ck_assert_ptr_eq(rs[6]->earlier, rs[2]);
	ck_assert_ptr_eq(rs[7]->earlier, rs[3]);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_rules)
{
	static const char cf[] = "V10/Berkeley\n"
	    "R$*\tbefore any ruleset\n"
	    "Scheck_mail\n"
	    "R<>\t\t$@ <OK>\t\twe accept <>\n"
	    "R$* < @ $+ >\t$: $1\n"
	    "R$+ $: $1\n"
	    "R$*\n\t$#error $@ 5.1.8 $: \"553 x\"\n\tcomment\n"
	    "R$*\t$@ x # not the comment field\r\n"
	    "S100\n"
	    "R$*\tafter a bad S line\n"
	    "S3\nR\t$@ x\nR\t\n";
	struct model *m = parse(cf);
	const struct sm_rule *r;

	ck_assert_uint_eq(m->nrules, 5);
	r = m->rules[0];
	ck_assert_str_eq(r->ruleset->name, "check_mail");
	ck_assert_str_eq(r->lhs, "<>");
	ck_assert_str_eq(r->rhs, "$@ <OK>");
	ck_assert_str_eq(r->comment, "we accept <>");
	ck_assert_str_eq(text_of(r->rhs_span), "$@ <OK>");
	ck_assert_str_eq(text_of(r->comment_span), "we accept <>");
	/* blanks belong to a side; only tabs separate */
	ck_assert_str_eq(m->rules[1]->lhs, "$* < @ $+ >");
	ck_assert_str_eq(m->rules[1]->rhs, "$: $1");
	ck_assert_str_eq(m->rules[1]->comment, "");
	/* "R$+ $: $1" has no tab: refused; a continuation's tab splits */
	r = m->rules[2];
	ck_assert_str_eq(r->lhs, "$*\n");
	ck_assert_str_eq(r->rhs, "$#error $@ 5.1.8 $: \"553 x\"\n");
	ck_assert_str_eq(r->comment, "comment");
	ck_assert_str_eq(text_of(r->first_line), "R$*");
	at(r->rhs_span, 8, 2);
	/* a '#' comment and CR LF */
	r = m->rules[3];
	ck_assert_str_eq(r->rhs, "$@ x");
	ck_assert_str_eq(text_of(r->first_line),
	    "R$*\t$@ x # not the comment field\r");
	/* after S100 nothing; under S3 an empty left-hand side; "R\t"
	   loses its tab with the trailing blanks */
	r = m->rules[4];
	ck_assert_ptr_null(r->ruleset->name);
	ck_assert_int_eq(r->ruleset->number, 3);
	ck_assert_str_eq(r->lhs, "");
	ck_assert_str_eq(r->rhs, "$@ x");
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_stamps)
{
	struct model *m = parse("V10/Berkeley\n"
	    "#####  $Id: accept_unqualified_senders.m4,v 8.7 ca Exp $  #####\n"
	    "# no stamp\n\t$Id: continuation.m4,v\n"
	    "##### $Id: \n"
	    "DZ8.17 # $Id: not_a_comment.m4,v\n");

	ck_assert_uint_eq(m->nstamps, 1);
	ck_assert_str_eq(m->stamps[0]->file, "accept_unqualified_senders.m4");
	at(m->stamps[0]->first_line, 2, 1);
	ck_assert_str_eq(text_of(m->stamps[0]->first_line),
	    "#####  $Id: accept_unqualified_senders.m4,v 8.7 ca Exp $  #####");
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_class_words)
{
	struct model *m = parse("V10/Berkeley\n"
	    "C{R}example.org # was: 10\n\texample.net  10.1\n"
	    "T root\tdaemon\n"
	    "Fw/etc/mail/local-host-names\n");
	const struct setting *s = setting(m, "$=R", 0);

	ck_assert_uint_eq(s->nwords, 3);
	ck_assert_str_eq(s->words[0], "example.org");
	ck_assert_str_eq(s->words[1], "example.net");
	ck_assert_str_eq(s->words[2], "10.1");
	at(s->word_spans[1], 3, 2);
	ck_assert_str_eq(text_of(s->word_spans[2]), "10.1");
	s = setting(m, "$=t", 0);
	ck_assert_uint_eq(s->nwords, 2);
	ck_assert_str_eq(s->words[1], "daemon");
	ck_assert_uint_eq(setting(m, "$=w", 0)->nwords, 0);
	model_free(m);
}
END_TEST

START_TEST(test_sm_cf_many_comments_in_one_line)
{
	size_t n = 200000, i, len = 0;
	char *cf = malloc(n * 16 + 64);
	struct model *m;

	ck_assert_ptr_nonnull(cf);
	len += (size_t)sprintf(cf, "V10/Berkeley\nC{R}a");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(cf + len, " # c\n\tw%zu", i);
	cf[len++] = '\n';
	m = parse_root(cf, len, NULL);
	ck_assert_uint_eq(setting(m, "$=R", 0)->nwords, n + 1);
	model_free(m);
	free(cf);
}
END_TEST

/*
 * The option table
 */

static const struct {
	const char *name;
	size_t	 len;		/* 0: strlen(name) */
	const char *canon;
	bool	 ambiguous;
} canons[] = {
	{ "PrivacyOptions", 0, "PrivacyOptions", false },
	{ "privacyoptions", 0, "PrivacyOptions", false },
	{ "Priv", 0, "PrivacyOptions", false },
	{ "MaxMessageSiz", 0, "MaxMessageSize", false },
	{ "Max", 0, NULL, true },
	{ "CACert", 0, NULL, true },
	{ "", 0, NULL, true },
	{ "BogusOption", 0, NULL, false },
	{ "PrivacyOptionsX", 0, NULL, false },
	{ "Timeout.queuereturn", 0, "Timeout", false },
	{ "Timeo.connect", 0, "Timeout", false },
	{ "SSLEngine", 0, "SSLEngine", false },
	{ "SSLEngineP", 0, "SSLEnginePath", false },
	{ "SharedMemoryKey", 0, "SharedMemoryKey", false },
	{ "BadRcptShutdown", 0, "BadRcptShutdown", false },
	{ "p", 0, "PrivacyOptions", false },
	{ "P", 0, "PostmasterCopy", false },
	{ "v", 0, "Verbose", false },
	{ "V", 0, "FallbackMXhost", false },
	{ "v.", 0, "Verbose", false },
	{ "X.", 0, "XscriptFileBufferSize", false },
	{ "l.", 0, NULL, true },
	{ "g", 0, NULL, false },
	{ "M", 0, NULL, false },
	{ "N", 0, NULL, false },
	{ "LogLevelXYZ", 8, "LogLevel", false },
	/* in the source, but not in the Debian build */
	{ "DontLockFilesForRead", 0, NULL, false },
	{ "MaxForwardEntries", 0, NULL, false },
	{ "DANE", 0, NULL, false },
	{ "ClientCACertFile", 0, NULL, false },
};

START_TEST(test_sm_option_canon)
{
	size_t len = canons[_i].len ? canons[_i].len : strlen(canons[_i].name);
	bool amb = !canons[_i].ambiguous;
	const char *got = sm_option_canon(canons[_i].name, len, &amb);

	if (canons[_i].canon == NULL)
		ck_assert_msg(got == NULL, "'%s' gave %s", canons[_i].name, got);
	else {
		ck_assert_msg(got != NULL, "'%s' gave NULL", canons[_i].name);
		ck_assert_str_eq(got, canons[_i].canon);
	}
	ck_assert_msg(amb == canons[_i].ambiguous, "'%s': ambiguous %d",
	    canons[_i].name, amb);
}
END_TEST

START_TEST(test_sm_option_short_names_round_trip)
{
	/* the 49 legacy names of OptionTab with a long name (not 'g', 'M') */
	static const char codes[] = "78AaBbCcdEeFfGHhIiJjKklLmnoOpPqQRrSsTtU"
	    "uVvwxXyYzZ";
	size_t i;

	for (i = 0; codes[i] != '\0'; i++) {
		const char *canon = sm_option_canon(codes + i, 1, NULL);

		ck_assert_msg(canon != NULL, "'%c' unknown", codes[i]);
		ck_assert_int_eq(sm_option_short(canon), codes[i]);
	}
	ck_assert_uint_eq(i, 49);
	ck_assert_int_eq(sm_option_short("MaxMessageSize"), 0);
	ck_assert_int_eq(sm_option_short("BogusOption"), 0);
	ck_assert_int_eq(sm_option_short(""), 0);
	ck_assert_str_eq(sm_option_canon("O", 1, NULL), "DaemonPortOptions");
	ck_assert_str_eq(sm_option_canon("r", 1, NULL), "Timeout");
}
END_TEST

static const struct {
	const char *name, *def;
} defaults[] = {
	{ "PrivacyOptions", "public" },
	{ "LogLevel", "9" },
	{ "MaxHopCount", "25" },
	{ "MaxMessageSize", "0" },
	{ "MaxHeadersLength", "32768" },
	{ "MaxMimeHeaderLength", "2048/1024" },
	{ "MaxNOOPCommands", "20" },
	{ "SmtpGreetingMessage", "$j Sendmail $v ready at $b" },
	{ "DontBlameSendmail", "safe" },
	{ "DoubleBounceAddress", "postmaster" },
	{ "ConnectionRateWindowSize", "60s" },
	{ "Timeout.ident", "5s" },
	{ "Timeout.queuereturn", "5d" },
	{ "QueueLA", NULL },		/* depends on the number of CPUs */
	{ "RefuseLA", NULL },
	{ "DefaultUser", NULL },	/* depends on the users that exist */
	{ "HelpFile", NULL },
	{ "BogusOption", NULL },
	{ "Timeout.bogus", NULL },
};

START_TEST(test_sm_option_default)
{
	const char *got = sm_option_default(defaults[_i].name);

	if (defaults[_i].def == NULL)
		ck_assert_msg(got == NULL, "%s: %s", defaults[_i].name, got);
	else {
		ck_assert_msg(got != NULL, "%s: NULL", defaults[_i].name);
		ck_assert_str_eq(got, defaults[_i].def);
	}
}
END_TEST

/* read_file - a corpus file, NUL-terminated; *len set */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

START_TEST(test_sm_option_table_matches_the_binary)
{
	/*
	 * all-options.cf names every long option in OptionTab order, and
	 * sendmail accepted each (all-options.expect): each must be known
	 * by its exact name, and the list must be in table order - the
	 * order that decides which prefixes are ambiguous.
	 */
	size_t len, n = 0;
	char *text = read_file(CORPUS "/all-options.cf", &len);
	char *line, *save = NULL;
	const char *prev = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t k;
		const char *canon;
		bool amb;

		if (strncmp(line, "O ", 2) != 0)
			continue;
		k = strcspn(line + 2, "=");
		canon = sm_option_canon(line + 2, k, &amb);
		ck_assert_msg(canon != NULL && strlen(canon) == k &&
		    strncmp(canon, line + 2, k) == 0, "'%s' is not in the "
		    "table", line);
		if (prev != NULL) {
			/* a prefix shared with the option before never
			 * resolves to the later one (one byte would be a
			 * legacy name: not tried) */
			size_t c = 0;

			while (prev[c] != '\0' && prev[c] == canon[c])
				c++;
			if (c > 1 && c < strlen(prev) && c < k) {
				const char *p = sm_option_canon(canon, c, &amb);

				ck_assert_msg(p == NULL || strcmp(p, canon) != 0,
				    "%s is before %s in OptionTab", prev, canon);
			}
		}
		prev = canon;
		n++;
	}
	ck_assert_uint_eq(n, 146);
	free(text);
}
END_TEST

/*
 * The corpus against the real sendmail
 */

/* xputs - a value as sendmail's xputs() prints it: "$$" is one '$' */
static void
xputs(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 3 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '$' && s[1] == '$') {
			out[n++] = '$';
			s++;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			out[n++] = '\\';
			out[n++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c >= 0x20)
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

/*
 * sendmail_line - the line sendmail reports for an offset: LineNumber
 * counts the newlines read, so it is the last physical line of the
 * logical line (one less for a last line without a newline)
 */
static unsigned
sendmail_line(const struct src *s, size_t off)
{
	size_t end = off, i;
	unsigned nl = 0;

	for (;;) {
		while (end < s->len && s->bytes[end] != '\n')
			end++;
		if (end + 1 < s->len && (s->bytes[end + 1] == ' ' ||
		    s->bytes[end + 1] == '\t')) {
			end++;
			continue;
		}
		break;
	}
	for (i = 0; i <= end && i < s->len; i++)
		nl += s->bytes[i] == '\n';
	return nl;
}

/* line_start - the start of the physical line an offset is on */
static size_t
line_start(const struct src *s, size_t off)
{
	while (off > 0 && s->bytes[off - 1] != '\n')
		off--;
	return off;
}

/* event - one line of the reduced -d37.1 output, from our model */
struct event {
	size_t	 line;		/* where its physical line starts */
	int	 order;		/* notes before settings on one line */
	size_t	 off;
	char	 text[1024];
};

/* cmp_event - file order: by line, notes first, then by offset */
static int
cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->order != y->order)
		return x->order - y->order;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* render - our reading of a .cf, in the form of the reduced -d37.1 output */
static size_t
render(const struct model *m, struct event *ev, size_t max)
{
	const struct src *src = m->main_src;
	size_t i, n = 0;
	char val[900];

	for (i = 0; i < m->nsettings && n < max; i++) {
		const struct setting *s = m->settings[i];
		const char *dot;
		char code;

		if (src->bytes[s->line_span.start] != 'O')
			continue;
		ev[n].line = s->line_span.start;
		ev[n].off = s->name_span.start;
		ev[n].order = 1;
		xputs(s->raw, val, sizeof(val));
		if (s->name[0] == '$')
			snprintf(ev[n].text, sizeof(ev[n].text),
			    "setoption  (M)=%s%s", s->name + 1, val);
		else if (strcmp(s->name, "g") == 0)
			snprintf(ev[n].text, sizeof(ev[n].text),
			    "setoption  (g)=%s", val);
		else {
			char base[64];

			dot = strchr(s->name, '.');
			snprintf(base, sizeof(base), "%.*s", dot != NULL ?
			    (int)(dot - s->name) : (int)strlen(s->name),
			    s->name);
			code = sm_option_short(base);
			snprintf(ev[n].text, sizeof(ev[n].text),
			    "setoption %s (%c)%s=%s", base, code ? code : '*',
			    dot != NULL ? dot : "", val);
		}
		n++;
	}
	for (i = 0; i < m->nnotes && n < max; i++) {
		const struct model_note *no = m->notes[i];
		unsigned line = sendmail_line(src, no->where.start);

		ev[n].line = line_start(src, no->where.start);
		ev[n].off = no->where.start;
		ev[n].order = 0;
		if (strcmp(no->code, "ignored-suboption") == 0)
			snprintf(ev[n].text, sizeof(ev[n].text), "%s",
			    no->code);
		else if (strcmp(no->code, "unknown-option") == 0 ||
		    strcmp(no->code, "abbreviated-option") == 0 ||
		    strcmp(no->code, "unknown-line") == 0)
			snprintf(ev[n].text, sizeof(ev[n].text), "line %u: %s",
			    line, no->code);
		else
			continue;
		n++;
	}
	qsort(ev, n, sizeof(ev[0]), cmp_event);
	return n;
}

/* reduce - one line of CASE.expect in the same form as render() */
static void
reduce(const char *line, char *out, size_t size)
{
	const char *p;
	unsigned n;

	if (strncmp(line, "setoption: ", 11) == 0 &&
	    strstr(line, "does not support suboptions") != NULL) {
		snprintf(out, size, "ignored-suboption");
		return;
	}
	if (sscanf(line, "line %u: ", &n) == 1 && (p = strchr(line, ':'))) {
		p += 2;
		if (strncmp(p, "readcf: unknown option name", 27) == 0 ||
		    strncmp(p, "readcf: ambiguous option name", 29) == 0 ||
		    strncmp(p, "readcf: null option name", 24) == 0)
			snprintf(out, size, "line %u: unknown-option", n);
		else if (strncmp(p, "Option ", 7) == 0 &&
		    strstr(p, " used as abbreviation for ") != NULL)
			snprintf(out, size, "line %u: abbreviated-option", n);
		else if (strncmp(p, "unknown configuration line", 26) == 0)
			snprintf(out, size, "line %u: unknown-line", n);
		else
			snprintf(out, size, "?%s", line);
		return;
	}
	/* "(0x8a)": options without a printable legacy name */
	p = strstr(line, " (0x");
	if (strncmp(line, "setoption ", 10) == 0 && p != NULL) {
		const char *q = strchr(p, ')');

		snprintf(out, size, "%.*s (*%s", (int)(p - line), line,
		    q != NULL ? q : "");
		return;
	}
	snprintf(out, size, "%s", line);
}

#define MAXEVENTS	512

/* against_sendmail - one corpus case: the reader reads what sendmail read */
static void
against_sendmail(const char *name)
{
	char path[1024];
	char *cf, *expect, *line, *save = NULL;
	size_t cflen, xlen, n, k = 0;
	struct event *ev = calloc(MAXEVENTS, sizeof(*ev));
	struct model *m;
	char want[1024];

	ck_assert_ptr_nonnull(ev);
	snprintf(path, sizeof(path), "%s/%s.cf", CORPUS, name);
	cf = read_file(path, &cflen);
	snprintf(path, sizeof(path), "%s/%s.expect", CORPUS, name);
	expect = read_file(path, &xlen);
	m = parse_root(cf, cflen, NULL);
	n = render(m, ev, MAXEVENTS);
	ck_assert_uint_lt(n, MAXEVENTS);
	for (line = strtok_r(expect, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		reduce(line, want, sizeof(want));
		ck_assert_msg(k < n, "%s: sendmail has '%s', we have nothing "
		    "more", name, line);
		ck_assert_msg(strcmp(ev[k].text, want) == 0,
		    "%s: sendmail '%s', we '%s'", name, want, ev[k].text);
		k++;
	}
	ck_assert_msg(k == n, "%s: we have '%s' more", name,
	    k < n ? ev[k].text : "");
	model_free(m);
	free(cf);
	free(expect);
	free(ev);
}

static const char *const corpus_cases[] = {
	"all-options", "comments", "continuation", "crlf", "daemon-ports",
	"debian-sendmail", "debian-submit", "generic-linux", "line-types",
	"no-final-newline", "options-abbreviated", "options-long",
	"options-short", "options-unknown", "privacy-accumulate",
	"suboptions", "unknown-lines",
};

START_TEST(test_sm_cf_reads_what_sendmail_read)
{
	against_sendmail(corpus_cases[_i]);
}
END_TEST

START_TEST(test_sm_cf_corpus_is_complete)
{
	/* every CASE.cf is listed above and has a CASE.expect */
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	size_t n = 0, i;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		bool listed = false;
		char path[1024];
		FILE *f;

		if (len < 4 || strcmp(e->d_name + len - 3, ".cf") != 0)
			continue;
		for (i = 0; i < sizeof(corpus_cases) / sizeof(corpus_cases[0]);
		    i++)
			listed |= strlen(corpus_cases[i]) == len - 3 &&
			    strncmp(corpus_cases[i], e->d_name, len - 3) == 0;
		ck_assert_msg(listed, "%s is not in corpus_cases", e->d_name);
		snprintf(path, sizeof(path), "%s/%.*s.expect", CORPUS,
		    (int)(len - 3), e->d_name);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "no %s", path);
		fclose(f);
		n++;
	}
	closedir(d);
	ck_assert_uint_eq(n, sizeof(corpus_cases) / sizeof(corpus_cases[0]));
}
END_TEST

/* cmp_span - by start offset */
static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* note_within - is there a note about text in [from, to)? */
static bool
note_within(const struct model *m, size_t from, size_t to)
{
	size_t i;

	for (i = 0; i < m->nnotes; i++) {
		if (m->notes[i]->where.start >= from &&
		    m->notes[i]->where.start < to)
			return true;
	}
	return false;
}

/*
 * copy_gap - bytes no span covers: each logical line of them must be a
 * comment, a blank line, a line read for syntax only (S R H P Q E K), or
 * a line a note is about (an O line sendmail skips)
 */
static void
copy_gap(const struct model *m, const char *name, size_t pos, size_t to,
    char *out, size_t *outlen)
{
	const struct src *s = m->main_src;

	while (pos < to) {
		size_t e = pos;

		for (;;) {
			while (e < to && s->bytes[e] != '\n')
				e++;
			if (e < to)
				e++;
			if (e < to && (s->bytes[e] == ' ' ||
			    s->bytes[e] == '\t'))
				continue;
			break;
		}
		ck_assert_msg(strchr("#SRHPQEK\n\r", s->bytes[pos]) != NULL ||
		    note_within(m, pos, e), "%s: line at byte %zu is in no "
		    "span: '%.*s'", name, pos, (int)(e - pos), s->bytes + pos);
		memcpy(out + *outlen, s->bytes + pos, e - pos);
		*outlen += e - pos;
		pos = e;
	}
}

/* round_trip - the spans and the gaps between them give back the file */
static void
round_trip(const char *name)
{
	char path[1024];
	size_t len, n = 0, i, k, pos = 0, outlen = 0;
	char *cf, *out;
	struct model *m;
	struct span *spans;

	snprintf(path, sizeof(path), "%s/%s.cf", CORPUS, name);
	cf = read_file(path, &len);
	m = parse_root(cf, len, NULL);
	spans = calloc(m->nsettings + m->nservices + m->nnotes + 1,
	    sizeof(*spans));
	ck_assert_ptr_nonnull(spans);
	for (i = 0; i < m->nsettings; i++)
		spans[n++] = m->settings[i]->line_span;
	for (i = 0; i < m->nservices; i++)
		spans[n++] = m->services[i]->line_span;
	for (i = 0; i < m->nnotes; i++) {
		if (strcmp(m->notes[i]->code, "unknown-line") == 0)
			spans[n++] = m->notes[i]->where;
	}
	qsort(spans, n, sizeof(spans[0]), cmp_span);
	out = malloc(len + 1);
	ck_assert_ptr_nonnull(out);
	for (k = 0; k < n; k++) {
		ck_assert_msg(spans[k].start >= pos, "%s: spans overlap at %u",
		    name, spans[k].start);
		ck_assert_uint_lt(spans[k].start, spans[k].end);
		copy_gap(m, name, pos, spans[k].start, out, &outlen);
		memcpy(out + outlen, cf + spans[k].start,
		    spans[k].end - spans[k].start);
		outlen += spans[k].end - spans[k].start;
		pos = spans[k].end;
	}
	copy_gap(m, name, pos, len, out, &outlen);
	ck_assert_uint_eq(outlen, len);
	ck_assert(memcmp(out, cf, len) == 0);
	free(out);
	free(spans);
	free(cf);
	model_free(m);
}

START_TEST(test_sm_cf_round_trip_corpus)
{
	round_trip(corpus_cases[_i]);
}
END_TEST

START_TEST(test_sm_cf_line_spans_start_at_their_line_type)
{
	/* each setting's line starts with the letter that made it */
	size_t len, i;
	char *cf = read_file(CORPUS "/line-types.cf", &len);
	struct model *m = parse_root(cf, len, NULL);

	ck_assert_uint_eq(m->nsettings, 17);
	for (i = 0; i < m->nsettings; i++) {
		const struct setting *s = m->settings[i];
		char c = m->main_src->bytes[s->line_span.start];
		const char *n = s->name;
		char want = n[0] == 'V' ? 'V' : n[0] == 'X' ? 'X' :
		    strcmp(n, "$=t") == 0 ? 'T' : strncmp(n, "$=", 2) == 0 ?
		    (c == 'F' ? 'F' : 'C') : n[0] == '$' ? 'D' : 'O';

		ck_assert_msg(c == want, "%s: line starts with '%c'", n, c);
		ck_assert_uint_le(s->line_span.start, s->name_span.start);
		ck_assert_uint_le(s->name_span.end, s->value_span.start);
		ck_assert_uint_le(s->value_span.end, s->line_span.end);
	}
	ck_assert_uint_eq(m->nservices, 2);
	ck_assert_uint_eq(m->nmaps, 4);	/* K lines */
	ck_assert_uint_eq(m->nfiles, 3);	/* F lines */
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
	free(cf);
}
END_TEST

/* sm_cf_suite - one TCase per part of the reader */
static Suite *
sm_cf_suite(void)
{
	Suite *s = suite_create("sm_cf");
	TCase *tc = tcase_create("lines");

	tcase_add_test(tc, test_sm_cf_continuation_keeps_newline);
	tcase_add_test(tc, test_sm_cf_empty_line_ends_fold);
	tcase_add_test(tc, test_sm_cf_blank_continuation_joins_the_line_before);
	tcase_add_test(tc, test_sm_cf_comment_swallows_continuation);
	tcase_add_test(tc, test_sm_cf_crlf_reads_as_lf);
	tcase_add_loop_test(tc, test_sm_cf_comments_and_config_level, 0,
	    sizeof(comments) / sizeof(comments[0]));
	tcase_add_test(tc, test_sm_cf_indented_first_line_is_unknown);
	tcase_add_test(tc, test_sm_cf_no_final_newline);
	tcase_add_test(tc, test_sm_cf_empty_and_comment_only_files);
	tcase_add_test(tc, test_sm_cf_nul_byte_is_an_error);
	tcase_add_test(tc, test_sm_cf_not_a_cf_is_an_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_loop_test(tc, test_sm_cf_option_forms, 0,
	    sizeof(options) / sizeof(options[0]));
	tcase_add_test(tc, test_sm_cf_option_spans);
	tcase_add_test(tc, test_sm_cf_repeats_link_earlier);
	tcase_add_test(tc, test_sm_cf_unknown_option_note_points_at_the_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("line types");
	tcase_add_test(tc, test_sm_cf_macros);
	tcase_add_test(tc, test_sm_cf_classes);
	tcase_add_test(tc, test_sm_cf_class_files);
	tcase_add_test(tc, test_sm_cf_maps);
	tcase_add_test(tc, test_sm_cf_version_line);
	tcase_add_test(tc, test_sm_cf_mailers);
	tcase_add_test(tc, test_sm_cf_milters);
	tcase_add_test(tc, test_sm_cf_syntax_only_and_unknown_lines);
	suite_add_tcase(s, tc);

	tc = tcase_create("rulesets and headers");
	tcase_add_test(tc, test_sm_cf_headers);
	tcase_add_test(tc, test_sm_cf_rulesets);
	tcase_add_test(tc, test_sm_cf_rules);
	tcase_add_test(tc, test_sm_cf_stamps);
	tcase_add_test(tc, test_sm_cf_class_words);
	tcase_add_test(tc, test_sm_cf_many_comments_in_one_line);
	suite_add_tcase(s, tc);

	tc = tcase_create("option table");
	tcase_add_loop_test(tc, test_sm_option_canon, 0,
	    sizeof(canons) / sizeof(canons[0]));
	tcase_add_test(tc, test_sm_option_short_names_round_trip);
	tcase_add_loop_test(tc, test_sm_option_default, 0,
	    sizeof(defaults) / sizeof(defaults[0]));
	tcase_add_test(tc, test_sm_option_table_matches_the_binary);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_sm_cf_reads_what_sendmail_read, 0,
	    sizeof(corpus_cases) / sizeof(corpus_cases[0]));
	tcase_add_test(tc, test_sm_cf_corpus_is_complete);
	tcase_add_loop_test(tc, test_sm_cf_round_trip_corpus, 0,
	    sizeof(corpus_cases) / sizeof(corpus_cases[0]));
	tcase_add_test(tc, test_sm_cf_line_spans_start_at_their_line_type);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sm_cf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
