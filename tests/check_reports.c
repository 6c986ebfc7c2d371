/*
 * check_reports - the report formats: GitHub's line hash, SARIF, JUnit and
 * Checkstyle documents, XML-safe text, and -f/-o pairs
 */
#include <check.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/engine.h"
#include "reports/linehash.h"
#include "cli/fixcmd.h"
#include "cli/outputs.h"
#include "fixers/fix.h"
#include "reports/report.h"
#include "reports/report_formats.h"
#include "reports/report_sarif.h"
#include "reports/report_xml.h"
#include "linter/rule.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"

/* the hashes of every line, formatted, joined by spaces */
static char *
hashes(const char *text)
{
	struct line_hash *v;
	size_t n = line_hashes(text, strlen(text), &v), i;
	char *out = calloc(1, n * 40 + 1), buf[40];

	for (i = 0; i < n; i++) {
		line_hash_format(&v[i], buf, sizeof(buf));
		strcat(out, i ? " " : "");
		strcat(out, buf);
	}
	free(v);
	return out;
}

#define ck_hashes(text, want) do {					\
	char *got_ = hashes(text);					\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

/* the values codeql-action's own tests expect of its algorithm */
START_TEST(test_line_hash_matches_codeql)
{
	char lorem[400] = "";
	int i;

	ck_hashes("", "c129715d7a2bc9a3:1");
	ck_hashes(" a\nb\n  \t\tc\n d", "271789c17abda88f:1 54703d4cd895b18:1 "
	    "180aee12dab6264:1 a23a3dc5e078b07b:1");
	ck_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
	    "8b7cf3e952e7aeb2:1 b1ae1287ec4718d9:1 bff680108adb0fcc:1 "
	    "c6805c5e1288b612:1 b86d3392aea1be30:1 e6ceba753e1a442:1");
	/* LF, CR and CRLF line ends hash alike */
	ck_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
	    "e9496ae3ebfced30:1 fb7c023a8b9ccb3f:1 ce8ba1a563dcdaca:1 "
	    "e20e36e16fcb0cc8:1 b3edc88f2938467e:1 c8e28b0b4002a3a0:1 "
	    "c129715d7a2bc9a3:1");
	ck_hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
	    "e9496ae3ebfced30:1 fb7c023a8b9ccb3f:1 ce8ba1a563dcdaca:1 "
	    "e20e36e16fcb0cc8:1 b3edc88f2938467e:1 c8e28b0b4002a3a0:1 "
	    "c129715d7a2bc9a3:1");
	ck_hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
	    "e9496ae3ebfced30:1 fb7c023a8b9ccb3f:1 ce8ba1a563dcdaca:1 "
	    "e20e36e16fcb0cc8:1 b3edc88f2938467e:1 c8e28b0b4002a3a0:1 "
	    "c129715d7a2bc9a3:1");
	/* identical windows are told apart by their count */
	for (i = 0; i < 10; i++)
		strcat(lorem, "Lorem ipsum dolor sit amet.\n");
	ck_hashes(lorem, "a7f2ff13bc495cf2:1 a7f2ff13bc495cf2:2 "
	    "a7f2ff13bc495cf2:3 a7f2ff13bc495cf2:4 a7f2ff13bc495cf2:5 "
	    "a7f2ff13bc495cf2:6 a7f2ff1481e87703:1 a9cf91f7bbf1862b:1 "
	    "55ec222b86bcae53:1 cc97dc7b1d7d8f7b:1 c129715d7a2bc9a3:1");
}
END_TEST

START_TEST(test_line_hash_not_utf8)
{
	struct line_hash *v;
	/* bytes that are not UTF-8 still give one hash per line */
	size_t n = line_hashes("a\xff\xfe\nb\xe2\x82\n\xf0\x9f\x98\x80\n", 13,
	    &v);

	ck_assert_uint_eq(n, 4);
	free(v);
}
END_TEST

START_TEST(test_xml_text)
{
	char *t;

	t = report_xml_text("a\x01" "b\xff<&\"'\t\n\x1b[1m");
	ck_assert_str_eq(t, "a?b?<&\"'\t\n?[1m");
	free(t);
	t = report_xml_text("h\xc3\xa9 \xe2\x82 \xed\xa0\x80 \xef\xbf\xbe \x7f");
	ck_assert_str_eq(t, "h\xc3\xa9 ?? ??? ? ?");
	free(t);
	t = report_xml_text(NULL);
	ck_assert_str_eq(t, "");
	free(t);
}
END_TEST

START_TEST(test_outputs_pairs)
{
	struct outputs os = { 0 };
	char err[256];

	ck_assert_int_eq(outputs_add_file(&os, "a.sarif"), -1);
	ck_assert_int_eq(outputs_add_format(&os, "nonsense"), -1);
	ck_assert_int_eq(outputs_add_format(&os, "text"), 0);
	ck_assert_int_eq(outputs_add_format(&os, "sarif"), 0);
	ck_assert_int_eq(outputs_add_file(&os, "r.sarif"), 0);
	ck_assert_int_eq(outputs_add_file(&os, "s.sarif"), -1);
	ck_assert_int_eq(outputs_add_format(&os, "junit"), 0);
	ck_assert_int_eq(outputs_add_file(&os, "r.xml"), 0);
	ck_assert_int_eq(outputs_finish(&os, err, sizeof(err)), 0);
	ck_assert_uint_eq(os.n, 3);
	ck_assert_int_eq(outputs_stdout(&os)->format, FORMAT_TEXT);
	ck_assert_int_eq(os.v[1].format, FORMAT_SARIF);
	ck_assert_str_eq(os.v[1].path, "r.sarif");
	/* a second report for stdout */
	ck_assert_int_eq(outputs_add_format(&os, "json"), 0);
	ck_assert_int_eq(outputs_finish(&os, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "stdout"));
	outputs_release(&os);

	/* nothing asked: text on stdout; one file twice: refused */
	ck_assert_int_eq(outputs_finish(&os, err, sizeof(err)), 0);
	ck_assert_uint_eq(os.n, 1);
	ck_assert_int_eq(outputs_stdout(&os)->format, FORMAT_TEXT);
	outputs_release(&os);
	outputs_add_format(&os, "sarif");
	outputs_add_file(&os, "r");
	outputs_add_format(&os, "json");
	outputs_add_file(&os, "r");
	ck_assert_int_eq(outputs_finish(&os, err, sizeof(err)), -1);
	ck_assert_ptr_null(outputs_stdout(&os));
	outputs_release(&os);
}
END_TEST

/* a Postfix config with findings, read as the loader would */
static struct load_result
build(const char *main_cf)
{
	struct load_result res = { 0 };
	struct model *m = model_new(MTA_POSTFIX);
	struct parse_error err;

	m->main_src = model_add_src(m, src_from_bytes("etc/postfix/main.cf",
	    main_cf, strlen(main_cf)));
	ck_assert_int_eq(pf_main_parse(m, m->main_src, &err), 0);
	pf_facts_build(m);
	res.models = malloc(sizeof(*res.models));
	res.models[0] = m;
	res.nmodels = 1;
	return res;
}

struct fixture {
	struct profile *p;
	struct engine_opts eo;
	struct load_result res;
	struct findings fs;
	struct report_opts ro;
};

static void
fixture_init(struct fixture *fx, const char *main_cf)
{
	struct profile_error perr;

	memset(fx, 0, sizeof(*fx));
	setenv("MTA_HARDEN_PROFILE_DIR", MH_SRCDIR "/profiles", 1);
	fx->p = profile_load("default", rule_canon, &perr);
	ck_assert_msg(fx->p != NULL, "%s", perr.msg);
	fx->eo.profile = fx->p;
	fx->res = build(main_cf);
	engine_run(&fx->res, &fx->eo, &fx->fs);
	fx->ro.profile = "default";
	fx->ro.nfiles = 1;
	fx->ro.eo = &fx->eo;
	fx->ro.res = &fx->res;
}

static void
fixture_release(struct fixture *fx)
{
	findings_release(&fx->fs);
	load_result_release(&fx->res);
	profile_free(fx->p);
}

static char *
render(struct fixture *fx, enum report_format format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	fx->ro.format = format;
	ck_assert_int_eq(report_write(out, &fx->fs, &fx->ro), 0);
	fclose(out);
	return buf;
}

static struct finding *
find(struct findings *fs, const char *rule)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule->id, rule) == 0)
			return &fs->v[i];
	ck_abort_msg("no %s finding", rule);
	return NULL;
}

START_TEST(test_sarif_document)
{
	struct fixture fx;
	struct finding *vrfy;
	json_t *root, *run, *rules, *results, *r;
	size_t i, nran = 0;
	char *doc;

	fixture_init(&fx, "# h\xc3\xa9\n"
	    "myhostname = h\xc3\xa9.example\tdisable_vrfy_command = no\n"
	    "disable_vrfy_command = no\nsmtpd_banner = $myhostname ESMTP $mail_name\n");
	vrfy = find(&fx.fs, "MH101");
	vrfy->suppressed = true;
	vrfy->justification = strdup("lab host");
	doc = render(&fx, FORMAT_SARIF);
	root = json_loads(doc, 0, NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(json_string_value(json_object_get(root, "version")),
	    "2.1.0");
	run = json_array_get(json_object_get(root, "runs"), 0);
	rules = json_object_get(json_object_get(json_object_get(run, "tool"),
	    "driver"), "rules");
	for (i = 0; i < rule_total(); i++)
		nran += engine_rule_enabled(rule_at(i), &fx.eo);
	ck_assert_uint_eq(json_array_size(rules), nran);
	results = json_object_get(run, "results");
	ck_assert_uint_eq(json_array_size(results), fx.fs.n);
	json_array_foreach(results, i, r) {
		json_t *rule = json_array_get(rules, (size_t)json_integer_value(
		    json_object_get(r, "ruleIndex")));

		ck_assert_str_eq(json_string_value(json_object_get(rule, "id")),
		    json_string_value(json_object_get(r, "ruleId")));
		ck_assert_ptr_nonnull(json_object_get(json_object_get(r,
		    "partialFingerprints"), "mtaHarden/v1"));
		if (strcmp(json_string_value(json_object_get(r, "ruleId")),
		    "MH101") == 0) {
			json_t *s = json_array_get(json_object_get(r,
			    "suppressions"), 0);
			json_t *reg = json_object_get(json_object_get(
			    json_array_get(json_object_get(r, "locations"), 0),
			    "physicalLocation"), "region");

			ck_assert_str_eq(json_string_value(json_object_get(s,
			    "kind")), "inSource");
			ck_assert_str_eq(json_string_value(json_object_get(s,
			    "justification")), "lab host");
			/* line 3 holds the last, deciding definition */
			ck_assert_int_eq(json_integer_value(json_object_get(reg,
			    "startLine")), 3);
			ck_assert_ptr_nonnull(json_object_get(json_object_get(r,
			    "partialFingerprints"), "primaryLocationLineHash"));
		}
	}
	r = json_array_get(rules, 0);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(r, "help"), "text"));
	ck_assert(json_is_string(json_object_get(json_object_get(r,
	    "properties"), "security-severity")));
	ck_assert_str_eq(report_security_severity(SEV_CRITICAL), "9.5");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(run, "originalUriBaseIds"), "%SRCROOT%"), "uri")) +
	    strlen(json_string_value(json_object_get(json_object_get(
	    json_object_get(run, "originalUriBaseIds"), "%SRCROOT%"), "uri"))) - 1,
	    "/");
	json_decref(root);
	free(doc);
	fixture_release(&fx);
}
END_TEST

/* a whole-file finding has no region; columns count characters, not bytes */
START_TEST(test_sarif_regions)
{
	struct fixture fx;
	struct finding *f;
	json_t *root, *results, *r;
	size_t i;
	int seen = 0;
	char *doc;

	fixture_init(&fx, "smtpd_banner = h\xc3\xa9\xc3\xa9 $mail_name\n");
	f = find(&fx.fs, "MH104");
	f->line = 1;
	f->column = 22;		/* the byte column of $mail_name */
	f = findings_add(&fx.fs);
	f->rule = rule_find("MH803");
	f->severity = SEV_LOW;
	f->src = fx.res.models[0]->main_src;
	f->file = "etc/postfix/main.cf";
	f->message = strdup("whole file");
	finding_fingerprint(f);
	doc = render(&fx, FORMAT_SARIF);
	root = json_loads(doc, 0, NULL);
	results = json_object_get(json_array_get(json_object_get(root, "runs"),
	    0), "results");
	json_array_foreach(results, i, r) {
		const char *id = json_string_value(json_object_get(r, "ruleId"));
		json_t *loc = json_object_get(json_array_get(json_object_get(r,
		    "locations"), 0), "physicalLocation");

		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(loc, "artifactLocation"), "uri")),
		    "etc/postfix/main.cf");
		if (strcmp(id, "MH803") == 0) {
			ck_assert_ptr_null(json_object_get(loc, "region"));
			seen++;
		} else if (strcmp(id, "MH104") == 0) {
			ck_assert_int_eq(json_integer_value(json_object_get(
			    json_object_get(loc, "region"), "startColumn")), 20);
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	json_decref(root);
	free(doc);
	fixture_release(&fx);
}
END_TEST

/* paths become URI references: relative to %SRCROOT%, or file: URIs outside it */
START_TEST(test_sarif_uris)
{
	struct findings fs = { NULL, 0, 0 };
	struct report_opts ro = { .format = FORMAT_SARIF, .profile = "default" };
	const char *paths[] = { "./dir with space/\xc3\xa4%.cf",
	    "/nonexistent-root/etc/main.cf" };
	const char *want[][2] = {
		{ "dir%20with%20space/%C3%A4%25.cf", "%SRCROOT%" },
		{ "file:///nonexistent-root/etc/main.cf", NULL },
	};
	char *buf = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&buf, &len);
	json_t *root, *results;

	for (i = 0; i < 2; i++) {
		struct finding *f = findings_add(&fs);

		f->rule = rule_find("MH101");
		f->severity = SEV_HIGH;
		f->file = paths[i];
		f->line = 1;
		f->column = 1;
		f->message = strdup("m");
		finding_fingerprint(f);
	}
	ck_assert_int_eq(report_write(out, &fs, &ro), 0);
	fclose(out);
	root = json_loads(buf, 0, NULL);
	results = json_object_get(json_array_get(json_object_get(root, "runs"),
	    0), "results");
	for (i = 0; i < 2; i++) {
		json_t *al = json_object_get(json_object_get(json_array_get(
		    json_object_get(json_array_get(results, i), "locations"), 0),
		    "physicalLocation"), "artifactLocation");
		const char *base = json_string_value(json_object_get(al,
		    "uriBaseId"));

		ck_assert_str_eq(json_string_value(json_object_get(al, "uri")),
		    want[i][0]);
		if (want[i][1] == NULL)
			ck_assert_ptr_null(base);
		else
			ck_assert_str_eq(base, want[i][1]);
	}
	json_decref(root);
	free(buf);
	findings_release(&fs);
}
END_TEST

static long
xpath_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	long n = obj != NULL && obj->nodesetval != NULL ?
	    obj->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return n;
}

static char *
xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *s = (char *)xmlXPathCastToString(obj);

	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return s;
}

START_TEST(test_junit_document)
{
	struct fixture fx;
	xmlDocPtr doc;
	char *xml, *s;
	size_t i, nran = 0, nrules = 0;

	fixture_init(&fx, "disable_vrfy_command = no\n"
	    "smtpd_banner = $myhostname \"ESMTP\" <&> \x01\xff $mail_name\n");
	fx.ro.fail_on = SEV_MEDIUM;
	xml = render(&fx, FORMAT_JUNIT);
	doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL,
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	for (i = 0; i < rule_total(); i++)
		nran += engine_rule_enabled(rule_at(i), &fx.eo) &&
		    (rule_at(i)->mtas & RULE_MTA_POSTFIX);
	ck_assert_int_eq(xpath_count(doc, "/testsuites/testsuite"), 1);
	ck_assert_int_eq(xpath_count(doc, "//testcase"), (long)nran);
	/* failing: each rule with a finding at or above medium, once */
	for (i = 0; i < fx.fs.n; i++) {
		size_t k;
		bool first = true;

		for (k = 0; k < i; k++)
			first &= fx.fs.v[k].rule != fx.fs.v[i].rule;
		nrules += first && fx.fs.v[i].severity >= SEV_MEDIUM;
	}
	ck_assert_int_eq(xpath_count(doc, "//testcase/failure"), (long)nrules);
	s = xpath_string(doc, "string(/testsuites/@failures)");
	ck_assert_int_eq(atoi(s), (int)nrules);
	xmlFree(s);
	s = xpath_string(doc, "string(//testcase[@name='MH101 vrfy-enabled']"
	    "/failure/@type)");
	ck_assert_str_eq(s, "high");
	xmlFree(s);
	s = xpath_string(doc, "string(//testcase[@name='MH101 vrfy-enabled']"
	    "/failure)");
	ck_assert_ptr_nonnull(strstr(s, "etc/postfix/main.cf:1:"));
	xmlFree(s);
	s = xpath_string(doc, "string(//testcase[starts-with(@name, 'MH104')]"
	    "/failure/@message)");
	ck_assert_ptr_nonnull(strstr(s, "\"ESMTP\" <&> ??"));
	xmlFree(s);
	xmlFreeDoc(doc);
	free(xml);
	fixture_release(&fx);
}
END_TEST

START_TEST(test_checkstyle_document)
{
	struct fixture fx;
	xmlDocPtr doc;
	char *xml, *s;
	size_t i, shown = 0;

	fixture_init(&fx, "disable_vrfy_command = no\n");
	fx.fs.v[0].suppressed = true;
	for (i = 0; i < fx.fs.n; i++)
		shown += !fx.fs.v[i].suppressed;
	xml = render(&fx, FORMAT_CHECKSTYLE);
	doc = xmlReadMemory(xml, (int)strlen(xml), "cs.xml", NULL,
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xpath_count(doc, "/checkstyle/file"), 1);
	ck_assert_int_eq(xpath_count(doc, "/checkstyle/file/error"),
	    (long)shown);
	ck_assert_int_eq(xpath_count(doc, "//error[not(@line) or not(@severity)"
	    " or not(@message) or not(starts-with(@source, 'mta-harden.MH'))]"),
	    0);
	ck_assert_int_eq(xpath_count(doc, "//error[@severity!='error' and "
	    "@severity!='warning' and @severity!='info']"), 0);
	s = xpath_string(doc, "string(/checkstyle/file/@name)");
	ck_assert_str_eq(s, "etc/postfix/main.cf");
	xmlFree(s);
	xmlFreeDoc(doc);
	free(xml);
	fixture_release(&fx);
}
END_TEST

/* the table of formats: names in order, the default, parse and name */
START_TEST(test_format_table)
{
	char buf[256];
	enum report_format f;
	size_t i;

	ck_assert_str_eq(report_format_list(buf, sizeof(buf), true),
	    "text (default), gcc, json, sarif, junit, checkstyle");
	ck_assert_str_eq(report_format_list(buf, sizeof(buf), false),
	    "text, gcc, json, sarif, junit, checkstyle");
	ck_assert_int_eq(report_format_default(), FORMAT_TEXT);
	for (i = 0; i < report_format_count(); i++) {
		const struct report_format_row *r =
		    report_format_row((enum report_format)i);

		ck_assert_ptr_nonnull(r->write);
		ck_assert_ptr_null(strchr(r->description, '\n'));
		ck_assert_int_eq(report_format_parse(r->name, &f), 0);
		ck_assert_int_eq(f, (enum report_format)i);
		ck_assert_str_eq(report_format_name(f), r->name);
	}
	ck_assert_int_eq(report_format_parse("xml", &f), -1);
	ck_assert(report_format_row(FORMAT_TEXT)->color);
	ck_assert(!report_format_row(FORMAT_SARIF)->color);
}
END_TEST

/*
 * Two findings that add to one setting ask for one edit of the plan (the
 * merged value), and each edit names the findings it fixes: SARIF takes
 * each finding's fix from there.
 */
START_TEST(test_fix_plan_edits_name_findings)
{
	static const char *const enable[] = { "MH301", "MH302" };
	struct fixture fx;
	struct fix_opts fo;
	struct fix_plan plan;
	struct edit_set es = { NULL, 0, 0 };
	const struct finding *a, *b;
	const struct file_edits *fe;
	size_t nfixed, nunsafe, i, k, shared = 0;
	char err[512];

	fixture_init(&fx, "myhostname = mx.example.com\n");
	findings_release(&fx.fs);
	memset(&fx.fs, 0, sizeof(fx.fs));
	fx.eo.enable = enable;
	fx.eo.nenable = 2;
	engine_run(&fx.res, &fx.eo, &fx.fs);
	memset(&fo, 0, sizeof(fo));
	memset(&plan, 0, sizeof(plan));
	fix_plan_findings(&fx.res, &fx.fs, &fx.eo, &fo, &plan, &nfixed,
	    &nunsafe);
	ck_assert_int_eq(fix_plan_edits(&plan, &es, err, sizeof(err)), 0);
	a = find(&fx.fs, "MH301");
	b = find(&fx.fs, "MH302");
	ck_assert(a->fix_planned && b->fix_planned);
	fe = edit_find(&es, fx.res.models[0]->main_src);
	ck_assert_ptr_nonnull(fe);
	for (i = 0; i < fe->n; i++) {
		bool has_a = false, has_b = false;

		for (k = 0; k < fe->v[i].nby; k++) {
			has_a |= fe->v[i].by[k] == a;
			has_b |= fe->v[i].by[k] == b;
		}
		if (!has_a && !has_b)
			continue;
		ck_assert(has_a && has_b);
		ck_assert_ptr_nonnull(strstr(fe->v[i].text,
		    "reject_non_fqdn_sender"));
		ck_assert_ptr_nonnull(strstr(fe->v[i].text,
		    "reject_unknown_sender_domain"));
		shared++;
	}
	ck_assert_uint_eq(shared, 1);
	edit_set_release(&es);
	fix_plan_release(&plan);
	fixture_release(&fx);
}
END_TEST

START_TEST(test_empty_documents)
{
	struct findings fs = { NULL, 0, 0 };
	struct report_opts ro = { .profile = "default" };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_t *root;

	ro.format = FORMAT_SARIF;
	ck_assert_int_eq(report_write(out, &fs, &ro), 0);
	fclose(out);
	root = json_loads(buf, 0, NULL);
	ck_assert(json_is_array(json_object_get(json_array_get(json_object_get(
	    root, "runs"), 0), "results")));
	ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(
	    json_object_get(root, "runs"), 0), "results")), 0);
	json_decref(root);
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	ro.format = FORMAT_JUNIT;
	ck_assert_int_eq(report_write(out, &fs, &ro), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "<testsuites"));
	free(buf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("reports");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_line_hash_matches_codeql);
	tcase_add_test(tc, test_line_hash_not_utf8);
	tcase_add_test(tc, test_xml_text);
	tcase_add_test(tc, test_outputs_pairs);
	tcase_add_test(tc, test_sarif_document);
	tcase_add_test(tc, test_sarif_regions);
	tcase_add_test(tc, test_sarif_uris);
	tcase_add_test(tc, test_junit_document);
	tcase_add_test(tc, test_checkstyle_document);
	tcase_add_test(tc, test_empty_documents);
	tcase_add_test(tc, test_format_table);
	tcase_add_test(tc, test_fix_plan_edits_name_findings);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
