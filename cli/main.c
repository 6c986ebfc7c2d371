/*
 * main - the mta-harden command line
 */
#include <ctype.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linter/engine.h"
#include "cli/fixcmd.h"
#include "cli/outputs.h"
#include "cli/profiles_json.h"
#include "reports/report.h"
#include "reports/report_formats.h"
#include "linter/rule.h"
#include "cli/show.h"
#include "linter/suppress.h"
#include "lib/version.h"
#include "parsers/load.h"
#include "lib/tree.h"
#include "lib/xalloc.h"
#include "profiles/profile.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3

/* --help: the -f line between the two halves lists the formats */
static const char usage_head[] =
"usage: mta-harden COMMAND [options] [PATH...]\n"
"\n"
"Lint sendmail and Postfix configurations for what an attacker would find.\n"
"\n"
"commands:\n"
"  check    [options] PATH...    lint config trees or files; changes nothing\n"
"  fix      [options] PATH...    the fixes as a diff (default), --write or\n"
"                                --output DIR; the follow-up steps\n"
"  show     [--format text|json] [--root DIR]\n"
"           [--mta auto|sendmail|postfix] [--follow-links] PATH...\n"
"                                what was read: effective settings and origins\n"
"  rules    [--format text|json] the rule catalogue\n"
"  explain  [--format text|json] RULE\n"
"                                why a rule matters and how to fix it\n"
"  profiles [--format text|json] [NAME|FILE]\n"
"                                the built-in profiles, or one of them resolved\n"
"\n"
"options of check and fix:\n"
"  -p, --profile NAME|FILE   default, dmz, internal, null-client, submission,\n"
"                            or a YAML file\n";

static const char usage_tail[] =
"  -o, --output-file FILE    write the report of the preceding -f to FILE;\n"
"                            repeat -f FMT -o FILE for several reports\n"
"      --fail-on SEV         lowest severity that makes check exit 1\n"
"                            (info, low, medium (default), high, critical)\n"
"      --mta auto|sendmail|postfix   which MTA's files to read (default auto)\n"
"      --root DIR            treat DIR as / for absolute paths in configs\n"
"      --enable ID,…         turn rules on (ids, names or tags)\n"
"      --disable ID,…        turn rules off (ids, names or tags)\n"
"      --baseline FILE       hide the findings of an earlier JSON report\n"
"      --no-inline-suppressions   ignore '# mta-harden: disable=…' comments\n"
"      --follow-links        read files through symbolic links that leave\n"
"                            the tree (fix --write still never writes there)\n"
"  -q, --quiet               no summary on stderr\n"
"      --color auto|always|never   colour of text output (NO_COLOR honoured)\n"
"\n"
"options of fix only:\n"
"      --write               edit in place (atomic; FILE.orig kept)\n"
"      --no-backup           no FILE.orig with --write\n"
"      --output DIR          write a complete hardened copy of the tree\n"
"      --steps FILE          write the follow-up steps as a shell script\n"
"      --only ID,…           only these fixes (ids, names or tags)\n"
"      --safe-only           only fixes that cannot refuse mail accepted before\n"
"\n"
"  -h, --help                this text (COMMAND --help: that command's)\n"
"      --version             the version\n"
"\n"
"exit status: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
"2 usage error or input that cannot be read or parsed; 3 internal error.\n"
"See mta-harden(1).\n";

static void
print_usage(FILE *fp)
{
	char formats[256];

	fputs(usage_head, fp);
	fprintf(fp, "  -f, --format FMT          %s\n", report_format_list(
	    formats, sizeof(formats), true));
	fputs(usage_tail, fp);
}

static void usage_error(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mta-harden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'mta-harden --help'.\n", stderr);
	exit(EXIT_USAGE);
}

/* split_list - "a,b,c" appended to a vector of borrowed pointers into a copy */
static void
split_list(char *arg, const char ***vec, size_t *n)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(arg, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (*tok == '\0')
			continue;
		if (!engine_selector_valid(tok))
			usage_error("unknown rule or tag '%s'", tok);
		*vec = xreallocarray(*vec, *n + 1, sizeof(**vec));
		(*vec)[(*n)++] = tok;
	}
}

static bool
use_color(const char *mode)
{
	if (strcmp(mode, "always") == 0)
		return true;
	if (strcmp(mode, "never") == 0)
		return false;
	if (getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0')
		return false;
	return isatty(STDOUT_FILENO) && getenv("TERM") != NULL &&
	    strcmp(getenv("TERM"), "dumb") != 0;
}

static size_t
count_files(const struct load_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->nmodels; i++)
		n += res->models[i]->nsrcs;
	return n;
}

static unsigned
parse_mta(const char *arg)
{
	if (strcmp(arg, "auto") == 0)
		return LOAD_POSTFIX | LOAD_SENDMAIL;
	if (strcmp(arg, "postfix") == 0)
		return LOAD_POSTFIX;
	if (strcmp(arg, "sendmail") == 0)
		return LOAD_SENDMAIL;
	usage_error("--mta: expected auto, sendmail or postfix, not '%s'", arg);
	return 0;
}

/* run - what check and fix share: options, the profile, the reading, the findings */
struct run {
	const char *profile_name, *root, *color, *baseline;
	enum severity fail_on;
	unsigned mtas;
	bool	 quiet, inline_suppressions, follow_links;
	const char **enable, **disable;
	char	**paths;	/* every path of the command line, cleaned; owned */
	size_t	 npaths;
	struct report_opts ro;
	struct engine_opts eo;
	struct profile *profile;
	struct load_result res;
	struct findings fs;
	struct findings baselined_fs;	/* hidden by --baseline (SARIF lists them) */
	long	 baselined;
	struct outputs outs;	/* -f FORMAT [-o FILE] */
	struct report_error *errors;	/* input that could not be used */
	size_t	 nerrors;
};

#define RUN_OPTIONS \
	{ "profile", required_argument, NULL, 'p' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output-file", required_argument, NULL, 'o' }, \
	{ "fail-on", required_argument, NULL, 'F' }, \
	{ "mta", required_argument, NULL, 'M' }, \
	{ "root", required_argument, NULL, 'R' }, \
	{ "enable", required_argument, NULL, 'E' }, \
	{ "disable", required_argument, NULL, 'D' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "color", required_argument, NULL, 'C' }, \
	{ "baseline", required_argument, NULL, 'B' }, \
	{ "no-inline-suppressions", no_argument, NULL, 'N' }, \
	{ "follow-links", no_argument, NULL, 'L' }, \
	{ "help", no_argument, NULL, 'h' }

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->profile_name = "default";
	r->color = "auto";
	r->fail_on = SEV_MEDIUM;
	r->mtas = LOAD_POSTFIX | LOAD_SENDMAIL;
	r->inline_suppressions = true;
	r->ro.format = report_format_default();
}

/*
 * run_path - a path of the command line, normalised once for every use
 * (tree_path_clean): "root//etc/postfix/" is "root/etc/postfix"
 */
static const char *
run_path(struct run *r, const char *arg)
{
	r->paths = xreallocarray(r->paths, r->npaths + 1, sizeof(*r->paths));
	return r->paths[r->npaths++] = tree_path_clean(arg);
}

/* run_paths - the PATH operands, normalised in place */
static void
run_paths(struct run *r, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		argv[i] = (char *)run_path(r, argv[i]);
}

/* run_option - one option check and fix share; false if not one of them */
static bool
run_option(struct run *r, int c)
{
	switch (c) {
	case 'p':
		r->profile_name = optarg;
		return true;
	case 'f':
		if (outputs_add_format(&r->outs, optarg) < 0) {
			char formats[256];

			usage_error("unknown format '%s' (%s)", optarg,
			    report_format_list(formats, sizeof(formats), false));
		}
		return true;
	case 'o':
		if (outputs_add_file(&r->outs, run_path(r, optarg)) < 0)
			usage_error("-o %s: name its format first (-f FORMAT "
			    "-o FILE)", optarg);
		return true;
	case 'F':
		if (severity_parse(optarg, &r->fail_on) < 0)
			usage_error("--fail-on: unknown severity '%s'", optarg);
		return true;
	case 'M':
		r->mtas = parse_mta(optarg);
		return true;
	case 'R':
		r->root = run_path(r, optarg);
		return true;
	case 'E':
		split_list(optarg, &r->enable, &r->eo.nenable);
		return true;
	case 'D':
		split_list(optarg, &r->disable, &r->eo.ndisable);
		return true;
	case 'q':
		r->quiet = true;
		return true;
	case 'C':
		if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
		    strcmp(optarg, "never"))
			usage_error("--color: expected auto, always or never, "
			    "not '%s'", optarg);
		r->color = optarg;
		return true;
	case 'B':
		r->baseline = run_path(r, optarg);
		return true;
	case 'L':
		r->follow_links = true;
		return true;
	case 'N':
		r->inline_suppressions = false;
		return true;
	case 'h':
		print_usage(stdout);
		exit(0);
	}
	return false;
}

/* run_outputs - after the options: where each report goes */
static void
run_outputs(struct run *r)
{
	char err[512];

	if (outputs_finish(&r->outs, err, sizeof(err)) < 0)
		usage_error("%s", err);
}

static void
run_release(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nerrors; i++) {
		free(r->errors[i].file);
		free(r->errors[i].message);
	}
	free(r->errors);
	outputs_release(&r->outs);
	findings_release(&r->fs);
	findings_release(&r->baselined_fs);
	load_result_release(&r->res);
	profile_free(r->profile);
	free(r->enable);
	free(r->disable);
	for (i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
}

/*
 * input_error - input that cannot be used: one line on stderr now, and a
 * place in the JSON report
 */
static void
input_error(struct run *r, const char *file, unsigned line, unsigned column,
    const char *msg)
{
	struct report_error *e;

	if (line > 0)
		fprintf(stderr, "mta-harden: %s:%u:%u: %s\n", file, line, column,
		    msg);
	else
		fprintf(stderr, "mta-harden: %s\n", msg);
	r->errors = xreallocarray(r->errors, r->nerrors + 1, sizeof(*r->errors));
	e = &r->errors[r->nerrors++];
	e->file = xstrdup(file);
	e->line = line;
	e->column = column;
	e->message = xstrdup(msg);
}

/*
 * run_fail - stop on input that cannot be used: exit 2, and with
 * --format json still a valid report on stdout, listing the errors
 */
static void
run_fail(struct run *r)
{
	const struct output *out = outputs_stdout(&r->outs);

	if (out != NULL && out->format == FORMAT_JSON) {
		r->ro.format = FORMAT_JSON;
		r->ro.profile = r->profile != NULL ? r->profile->name :
		    r->profile_name;
		r->ro.errors = r->errors;
		r->ro.nerrors = r->nerrors;
		(void)report_write(stdout, &r->fs, &r->ro);
		(void)fflush(stdout);
	}
	run_release(r);
	exit(EXIT_USAGE);
}

static struct profile *
load_profile(struct run *r, const char *name)
{
	struct profile_error err;
	struct profile *p = profile_load(name, rule_canon, &err);

	if (p == NULL || engine_check_profile(p, err.msg, sizeof(err.msg)) < 0) {
		input_error(r, name, 0, 0, err.msg);
		profile_free(p);
		return NULL;
	}
	return p;
}

/* load_all - read every PATH; each file that cannot be used is an error */
static void
load_all(struct run *r, int argc, char **argv)
{
	struct load_opts lo = { r->root, r->mtas, r->follow_links };
	int i;

	if (argc == 0)
		usage_error("%s", "no PATH given");
	for (i = 0; i < argc; i++) {
		size_t k, before = r->res.nerrors;

		load_path(argv[i], &lo, &r->res);
		for (k = before; k < r->res.nerrors; k++) {
			const struct load_error *e = &r->res.errors[k];

			input_error(r, e->file, e->line, e->column, e->message);
		}
	}
}

/* run_analyze - read the PATHs and find; exits 2 on input it cannot use */
static void
run_analyze(struct run *r, int npaths, char **paths)
{
	struct suppressions sup = { NULL, 0, 0 };

	r->eo.enable = r->enable;
	r->eo.disable = r->disable;
	r->profile = load_profile(r, r->profile_name);
	if (r->profile == NULL)
		run_fail(r);
	r->eo.profile = r->profile;
	run_paths(r, npaths, paths);
	load_all(r, npaths, paths);
	/* what could be read is checked; the errors make the exit status 2 */
	engine_run(&r->res, &r->eo, &r->fs);
	if (r->inline_suppressions) {
		suppress_scan(&r->res, &sup);
		suppress_apply(&sup, &r->fs, &r->eo);
		suppress_release(&sup);
	}
	if (r->baseline != NULL) {
		char err[512];

		r->baselined = baseline_apply(r->baseline, &r->fs,
		    &r->baselined_fs, err, sizeof(err));
		if (r->baselined < 0) {
			fprintf(stderr, "mta-harden: %s\n", err);
			run_release(r);
			exit(EXIT_USAGE);
		}
	}
	r->ro.profile = r->profile->name;
	r->ro.nbaselined = (size_t)r->baselined;
	r->ro.nfiles = count_files(&r->res);
	r->ro.fail_on = r->fail_on;
	r->ro.eo = &r->eo;
	r->ro.res = &r->res;
	r->ro.baselined = &r->baselined_fs;
	r->ro.errors = r->errors;
	r->ro.nerrors = r->nerrors;
}

/* write_check_report - one report of check; colour only on a terminal */
static int
write_check_report(FILE *fp, const struct output *out, void *arg)
{
	struct run *r = arg;
	struct report_opts ro = r->ro;

	ro.format = out->format;
	ro.color = out->path == NULL && report_format_row(out->format)->color &&
	    use_color(r->color);
	ro.excerpt = out->path == NULL &&
	    report_format_row(out->format)->excerpt && isatty(STDOUT_FILENO);
	return report_write(fp, &r->fs, &ro);
}

static int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		RUN_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct run r;
	size_t i;
	int c, status = 0;
	char err[1024];

	run_init(&r);
	while ((c = getopt_long(argc, argv, "p:f:o:qh", longopts, NULL)) != -1)
		if (!run_option(&r, c))
			usage_error("%s", "invalid option");
	run_outputs(&r);
	run_analyze(&r, argc - optind, argv + optind);
	if (r.nerrors > 0) {
		/*
		 * Input that could not be used: the report of the rest on
		 * stdout, listing the errors; no report file is written
		 */
		const struct output *out = outputs_stdout(&r.outs);

		if (out != NULL && write_check_report(stdout, out, &r) == 0 &&
		    fflush(stdout) != 0)
			fputs("mta-harden: cannot write the report on stdout\n",
			    stderr);
		if (!r.quiet)
			report_summary(stderr, &r.fs, &r.ro);
		run_release(&r);
		return EXIT_USAGE;
	}
	status = outputs_prepare(&r.outs, write_check_report, &r, err,
	    sizeof(err));
	if (status == 0)
		status = outputs_commit(&r.outs, err, sizeof(err));
	if (status != 0) {
		fprintf(stderr, "mta-harden: %s\n", err);
		run_release(&r);
		return status;
	}
	if (!r.quiet)
		report_summary(stderr, &r.fs, &r.ro);
	for (i = 0; status == 0 && i < r.fs.n; i++) {
		if (!r.fs.v[i].suppressed && r.fs.v[i].severity >= r.fail_on)
			status = EXIT_FINDINGS;
	}
	run_release(&r);
	return status;
}

static int
cmd_fix(int argc, char **argv)
{
	static const struct option longopts[] = {
		RUN_OPTIONS,
		{ "write", no_argument, NULL, 'W' },
		{ "output", required_argument, NULL, 'O' },
		{ "steps", required_argument, NULL, 'S' },
		{ "only", required_argument, NULL, 'Y' },
		{ "safe-only", no_argument, NULL, 'Z' },
		{ "no-backup", no_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r;
	struct fix_opts fo;
	int c, status;

	run_init(&r);
	memset(&fo, 0, sizeof(fo));
	fo.backup = true;
	while ((c = getopt_long(argc, argv, "p:f:o:qh", longopts, NULL)) != -1) {
		if (run_option(&r, c))
			continue;
		switch (c) {
		case 'W':
			fo.write = true;
			break;
		case 'O':
			fo.output = run_path(&r, optarg);
			break;
		case 'S':
			fo.steps = run_path(&r, optarg);
			break;
		case 'Y':
			split_list(optarg, &fo.only, &fo.nonly);
			break;
		case 'Z':
			fo.safe_only = true;
			break;
		case 'K':
			fo.backup = false;
			break;
		default:
			usage_error("%s", "invalid option");
		}
	}
	if (fo.write && fo.output != NULL)
		usage_error("%s", "--write and --output: choose one");
	run_outputs(&r);
	run_analyze(&r, argc - optind, argv + optind);
	if (r.nerrors > 0)
		run_fail(&r);	/* nothing is fixed or written */
	fo.outs = &r.outs;
	fo.paths = (const char *const *)(argv + optind);
	fo.npaths = (size_t)(argc - optind);
	fo.fail_on = r.fail_on;
	fo.quiet = r.quiet;
	status = fix_run(&r.res, &r.fs, &r.eo, &r.ro, &fo);
	free(fo.only);
	run_release(&r);
	return status;
}

/* text_or_json - the formats of show, rules and explain */
static enum report_format
text_or_json(const char *arg)
{
	if (strcmp(arg, "text") == 0)
		return FORMAT_TEXT;
	if (strcmp(arg, "json") == 0)
		return FORMAT_JSON;
	usage_error("unknown format '%s' (text, json)", arg);
}

/* parse_format_only - the --format option of show, rules and explain */
static enum report_format
parse_format_only(int argc, char **argv, const char *text)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum report_format fmt = FORMAT_TEXT;
	int c;

	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = text_or_json(optarg);
			break;
		case 'h':
			fputs(text, stdout);
			exit(0);
		default:
			usage_error("%s", "invalid option");
		}
	}
	return fmt;
}

static int
cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'R' },
		{ "mta", required_argument, NULL, 'M' },
		{ "follow-links", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum report_format fmt = FORMAT_TEXT;
	struct run r;
	int c, rc;

	run_init(&r);
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = text_or_json(optarg);
			break;
		case 'R':
			r.root = run_path(&r, optarg);
			break;
		case 'M':
			r.mtas = parse_mta(optarg);
			break;
		case 'L':
			r.follow_links = true;
			break;
		case 'h':
			fputs("usage: mta-harden show [--format text|json] "
			    "[--root DIR] [--mta auto|sendmail|postfix]\n"
			    "                       [--follow-links] PATH...\n",
			    stdout);
			run_release(&r);
			return 0;
		default:
			usage_error("%s", "invalid option");
		}
	}
	run_paths(&r, argc - optind, argv + optind);
	load_all(&r, argc - optind, argv + optind);
	/* what could be read is shown; the errors make the exit status 2 */
	rc = fmt == FORMAT_JSON ? show_json(stdout, &r.res) :
	    show_text(stdout, &r.res);
	if (rc < 0 || fflush(stdout) != 0) {
		fputs("mta-harden: cannot write the output\n", stderr);
		run_release(&r);
		return EXIT_INTERNAL;
	}
	rc = r.nerrors > 0 ? EXIT_USAGE : 0;
	run_release(&r);
	return rc;
}

static int
cmd_rules(int argc, char **argv)
{
	enum report_format fmt = parse_format_only(argc, argv,
	    "usage: mta-harden rules [--format text|json]\n");

	if (optind < argc)
		usage_error("rules: unexpected argument '%s'", argv[optind]);
	return show_rules(stdout, fmt == FORMAT_JSON) < 0 ? EXIT_INTERNAL : 0;
}

static int
cmd_explain(int argc, char **argv)
{
	enum report_format fmt = parse_format_only(argc, argv,
	    "usage: mta-harden explain [--format text|json] RULE\n");
	const struct rule *r;

	if (optind + 1 != argc)
		usage_error("%s", "explain: name one RULE (an id such as "
		    "MH101 or a name such as vrfy-enabled)");
	r = rule_find(argv[optind]);
	if (r == NULL)
		usage_error("explain: unknown rule '%s' (see 'mta-harden "
		    "rules')", argv[optind]);
	return show_explain(stdout, r, fmt == FORMAT_JSON) < 0 ?
	    EXIT_INTERNAL : 0;
}

static int
cmd_profiles(int argc, char **argv)
{
	enum report_format fmt = parse_format_only(argc, argv,
	    "usage: mta-harden profiles [--format text|json] [NAME|FILE]\n");

	if (optind == argc) {
		struct profile_summary *list;
		struct profile_error err;
		size_t n, i;

		if (profile_list_builtin(&list, &n, &err) < 0) {
			fprintf(stderr, "mta-harden: %s\n", err.msg);
			return EXIT_USAGE;
		}
		if (fmt == FORMAT_JSON) {
			int rc = profiles_list_json(stdout, list, n);

			profile_list_free(list, n);
			return rc < 0 ? EXIT_INTERNAL : 0;
		}
		for (i = 0; i < n; i++)
			printf("%-12s %s\n", list[i].name,
			    list[i].description ? list[i].description : "");
		profile_list_free(list, n);
		return 0;
	}
	if (optind + 1 != argc)
		usage_error("%s", "profiles: name at most one profile");
	{
		struct run r;
		struct profile *p;
		int rc;

		run_init(&r);
		if ((p = load_profile(&r, argv[optind])) == NULL) {
			run_release(&r);
			return EXIT_USAGE;
		}
		rc = fmt == FORMAT_JSON ? profile_json(stdout, p) :
		    show_profile(stdout, p);
		profile_free(p);
		run_release(&r);
		return rc < 0 ? EXIT_INTERNAL : 0;
	}
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		print_usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("mta-harden %s\n", MH_VERSION);
		return 0;
	}
	argc--;
	argv++;
	optind = 1;
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc, argv);
	if (strcmp(cmd, "fix") == 0)
		return cmd_fix(argc, argv);
	if (strcmp(cmd, "show") == 0)
		return cmd_show(argc, argv);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc, argv);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc, argv);
	if (strcmp(cmd, "profiles") == 0)
		return cmd_profiles(argc, argv);
	usage_error("unknown command '%s'", cmd);
	return EXIT_USAGE;
}
