/*
 * check_profile - unit tests for profiles/profile.c
 *
 * Fixtures are under tests/profiles/ (good-*, bad-*, cycle-*); the limits
 * (file size, scalar size, list length, chain length) are tested with
 * files written at run time into a temporary directory. The built-in
 * profiles are read from the source tree through MTA_HARDEN_PROFILE_DIR.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "lib/severity.h"
#include "linter/rule.h"
#include "profiles/profile.h"

#ifndef MH_SRCDIR
#define MH_SRCDIR	"."
#endif
#ifndef MH_PROFILE_DIR
#define MH_PROFILE_DIR	"/usr/local/share/mta-harden/profiles"
#endif

#define BUILTIN_DIR	MH_SRCDIR "/profiles"
#define FIXTURES	MH_SRCDIR "/tests/profiles/"
#define PRINT_DIR_ARG	"--print-builtin-dir"

static char tmpdir[PATH_MAX];

/* canon - the real rule table's ids and names */
static const char *
canon(const char *key)
{
	return rule_canon(key);
}

/* load_ok - a profile that must load */
static struct profile *
load_ok(const char *what)
{
	struct profile_error err;
	struct profile *p;

	p = profile_load(what, canon, &err);
	ck_assert_msg(p != NULL, "loading %s failed: %s", what, err.msg);
	return p;
}

/* has_position - the message has a ":LINE:COLUMN:" part */
static int
has_position(const char *msg)
{
	const char *p, *q;

	for (p = strchr(msg, ':'); p != NULL; p = strchr(p + 1, ':')) {
		q = p + 1;
		if (*q < '0' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q++ != ':' || *q < '0' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == ':')
			return 1;
	}
	return 0;
}

/*
 * load_fails - loading must fail with "FILE:LINE:COLUMN: " and a message
 * that contains needle; file NULL means a message without a position
 */
static void
load_fails(const char *what, const char *file, unsigned line,
    unsigned column, const char *needle)
{
	struct profile_error err;
	struct profile *p;
	char prefix[PATH_MAX + 64];
	size_t n = 0;
	int w;

	memset(&err, 0, sizeof(err));
	p = profile_load(what, canon, &err);
	ck_assert_msg(p == NULL, "loading %s should fail", what);
	if (file != NULL) {
		w = snprintf(prefix, sizeof(prefix), "%s:%u:%u: ", file, line,
		    column);
		ck_assert(w > 0 && (size_t)w < sizeof(prefix));
		n = (size_t)w;
		ck_assert_msg(strncmp(err.msg, prefix, n) == 0,
		    "expected prefix '%s', got '%s'", prefix, err.msg);
	} else
		ck_assert_msg(!has_position(err.msg),
		    "expected no position, got '%s'", err.msg);
	ck_assert_msg(strstr(err.msg + n, needle) != NULL,
	    "expected '%s' in '%s'", needle, err.msg);
}

/* fixture_fails - load_fails for a file under tests/profiles */
static void
fixture_fails(const char *name, unsigned line, unsigned column,
    const char *needle)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s%s", FIXTURES, name);

	ck_assert(n > 0 && (size_t)n < sizeof(path));
	load_fails(path, path, line, column, needle);
}

/* rule - a rule that must be in the profile */
static const struct profile_rule *
rule(const struct profile *p, const char *id)
{
	const struct profile_rule *r = profile_rule_find(p, id);

	ck_assert_msg(r != NULL, "rule %s missing from %s", id, p->name);
	return r;
}

/* param - a parameter that must be in the rule */
static const struct profile_param *
param(const struct profile_rule *r, const char *name)
{
	const struct profile_param *pp = profile_param_find(r, name);

	ck_assert_msg(pp != NULL, "parameter %s missing from %s", name, r->id);
	return pp;
}

/* ends_with - s ends in suffix */
static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* tmp_path - a path in the test's temporary directory */
static const char *
tmp_path(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", tmpdir, name);

	ck_assert(n > 0 && (size_t)n < size);
	return buf;
}

/* write_tmp - write a file into the temporary directory */
static void
write_tmp(const char *name, const char *text, size_t len)
{
	char path[PATH_MAX];
	FILE *fp;

	tmp_path(path, sizeof(path), name);
	fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/* write_tmpf - write_tmp with printf formatting */
static void write_tmpf(const char *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void
write_tmpf(const char *name, const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ck_assert(n >= 0 && (size_t)n < sizeof(text));
	write_tmp(name, text, (size_t)n);
}

/* rm_tree - remove a directory made by the tests */
static void
rm_tree(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(path);
		else
			unlink(path);
	}
	closedir(dp);
	rmdir(dir);
}

/* setup - a fresh temporary directory; built-ins from the source tree */
static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_profile.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s",
	    strerror(errno));
	setenv("MTA_HARDEN_PROFILE_DIR", BUILTIN_DIR, 1);
}

/* teardown - remove the temporary directory, restore the environment */
static void
teardown(void)
{
	rm_tree(tmpdir);
	setenv("MTA_HARDEN_PROFILE_DIR", BUILTIN_DIR, 1);
}

START_TEST(test_profile_default_has_every_rule)
{
	static const struct {
		const char *id;
		int enabled, severity;
	} want[] = {
		{ "MH002", 1, SEV_INFO },
		{ "MH101", 1, SEV_HIGH },
		{ "MH102", 1, -1 },
		{ "MH103", 1, -1 },
		{ "MH104", 1, SEV_MEDIUM },
		{ "MH201", 1, SEV_CRITICAL },
		{ "MH401", 1, -1 },
		{ "MH402", 1, -1 },
		{ "MH501", 1, -1 },
		{ "MH601", 1, SEV_MEDIUM },
		{ "MH701", 0, SEV_MEDIUM },
		{ "MH801", 1, -1 },
		{ "MH802", 1, -1 },
		{ "MH901", 1, -1 },
		{ "MH902", 1, -1 },
		{ "MH903", 1, -1 },
		{ "MH904", 1, -1 },
		{ "MH905", 1, -1 },
		{ "MH906", 1, -1 },
		{ "MH907", 1, -1 },
	};
	struct profile *p = load_ok("default");
	const struct profile_rule *r;
	const struct profile_param *pp;
	size_t i;

	ck_assert_str_eq(p->name, "default");
	ck_assert_ptr_nonnull(p->description);
	ck_assert_uint_eq(p->nchain, 1);
	ck_assert_str_eq(p->chain[0], "default");
	ck_assert_msg(ends_with(p->path, "/profiles/default.yaml"), "%s",
	    p->path);
	/* a profile names only rules of the table, and default names them all */
	ck_assert_uint_eq(p->nrules, rule_total() - 1);	/* all but MH003 */
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		r = rule(p, want[i].id);
		ck_assert_msg(r->enabled == want[i].enabled,
		    "%s enabled %d", r->id, r->enabled);
		ck_assert_msg(r->severity == want[i].severity,
		    "%s severity %d", r->id, r->severity);
		ck_assert_str_eq(r->pos.file, p->path);
	}
	pp = param(rule(p, "MH601"), "max_bytes");
	ck_assert_str_eq(pp->scalar, "52428800");
	pp = param(rule(p, "MH104"), "allowed_words");
	ck_assert_ptr_null(pp->scalar);
	ck_assert_uint_eq(pp->nitems, 0);
	pp = param(rule(p, "MH201"), "allowed_networks");
	ck_assert_ptr_null(pp->scalar);
	ck_assert_uint_eq(pp->nitems, 0);
	pp = param(rule(p, "MH201"), "forbidden_mynetworks_styles");
	ck_assert_ptr_null(pp->scalar);
	ck_assert_uint_eq(pp->nitems, 0);
	ck_assert_uint_eq(rule(p, "MH201")->nparams, 2);
	ck_assert_ptr_null(profile_rule_find(p, "MH999"));
	ck_assert_ptr_null(profile_rule_find(p, "open-relay"));
	ck_assert_ptr_null(profile_param_find(rule(p, "MH601"), "nothing"));
	profile_free(p);
}
END_TEST

START_TEST(test_profile_dmz_overrides_and_inherits)
{
	struct profile *p = load_ok("dmz");
	const struct profile_rule *r;
	const struct profile_param *pp;

	ck_assert_str_eq(p->name, "dmz");
	ck_assert_uint_eq(p->nchain, 2);
	ck_assert_str_eq(p->chain[0], "dmz");
	ck_assert_str_eq(p->chain[1], "default");
	ck_assert_msg(ends_with(p->path, "/profiles/dmz.yaml"), "%s", p->path);
	ck_assert_uint_le(p->nrules, rule_total());

	/* overridden in dmz */
	r = rule(p, "MH601");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, SEV_MEDIUM);
	pp = param(r, "max_bytes");
	ck_assert_str_eq(pp->scalar, "26214400");
	ck_assert_msg(ends_with(pp->pos.file, "/dmz.yaml"), "%s",
	    pp->pos.file);
	ck_assert_msg(ends_with(r->pos.file, "/dmz.yaml"), "%s", r->pos.file);

	/* one parameter from dmz, its sibling from default */
	r = rule(p, "MH201");
	ck_assert_int_eq(r->severity, SEV_CRITICAL);
	pp = param(r, "forbidden_mynetworks_styles");
	ck_assert_uint_eq(pp->nitems, 1);
	ck_assert_str_eq(pp->items[0], "class");
	ck_assert_msg(ends_with(pp->pos.file, "/dmz.yaml"), "%s",
	    pp->pos.file);
	pp = param(r, "allowed_networks");
	ck_assert_uint_eq(pp->nitems, 0);
	ck_assert_msg(ends_with(pp->pos.file, "/default.yaml"), "%s",
	    pp->pos.file);

	/* inherited untouched from default */
	r = rule(p, "MH101");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, SEV_HIGH);
	ck_assert_msg(ends_with(r->pos.file, "/default.yaml"), "%s",
	    r->pos.file);
	/* dmz turns listening on, with smtp the only public port */
	r = rule(p, "MH701");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_str_eq(param(r, "public_ports")->items[0], "smtp");
	profile_free(p);
}
END_TEST

START_TEST(test_profile_null_client_listens_on_loopback)
{
	struct profile *p = load_ok("null-client");
	const struct profile_rule *r;

	ck_assert_uint_eq(p->nchain, 2);
	ck_assert_str_eq(p->chain[1], "default");
	r = rule(p, "MH701");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, SEV_MEDIUM);
	ck_assert_str_eq(param(rule(p, "MH601"), "max_bytes")->scalar,
	    "10240000");
	ck_assert_int_eq(rule(p, "MH201")->enabled, 1);
	ck_assert_uint_eq(param(rule(p, "MH201"),
	    "forbidden_mynetworks_styles")->nitems, 0);
	profile_free(p);
}
END_TEST

START_TEST(test_profile_builtin_by_path_is_the_same)
{
	struct profile *a = load_ok("dmz");
	struct profile *b = load_ok(BUILTIN_DIR "/dmz.yaml");
	size_t i;

	ck_assert_str_eq(b->path, BUILTIN_DIR "/dmz.yaml");
	ck_assert_uint_eq(a->nrules, b->nrules);
	ck_assert_uint_eq(b->nchain, 2);
	for (i = 0; i < a->nrules; i++) {
		ck_assert_str_eq(a->rules[i].id, b->rules[i].id);
		ck_assert_int_eq(a->rules[i].enabled, b->rules[i].enabled);
		ck_assert_int_eq(a->rules[i].severity, b->rules[i].severity);
		ck_assert_uint_eq(a->rules[i].nparams, b->rules[i].nparams);
	}
	profile_free(a);
	profile_free(b);
}
END_TEST

START_TEST(test_profile_file_extends_dmz)
{
	struct profile *p = load_ok(FIXTURES "good-custom.yaml");
	const struct profile_rule *r;
	const struct profile_param *pp;

	ck_assert_str_eq(p->name, "acme-gateway");
	ck_assert_str_eq(p->description, "ACME's mail gateway");
	ck_assert_str_eq(p->path, FIXTURES "good-custom.yaml");
	ck_assert_uint_eq(p->nchain, 3);
	ck_assert_str_eq(p->chain[0], "acme-gateway");
	ck_assert_str_eq(p->chain[1], "dmz");
	ck_assert_str_eq(p->chain[2], "default");

	/* MH101: false turns it off, the severity stays default's */
	r = rule(p, "MH101");
	ck_assert_int_eq(r->enabled, 0);
	ck_assert_int_eq(r->severity, SEV_HIGH);
	ck_assert_str_eq(r->pos.file, p->path);
	ck_assert_uint_eq(r->pos.line, 7);
	ck_assert_uint_eq(r->pos.column, 3);

	/* a block list here, a flow list from dmz */
	r = rule(p, "MH201");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, SEV_CRITICAL);
	pp = param(r, "allowed_networks");
	ck_assert_uint_eq(pp->nitems, 2);
	ck_assert_str_eq(pp->items[0], "192.0.2.0/24");
	ck_assert_str_eq(pp->items[1], "198.51.100.0/24");
	ck_assert_uint_eq(pp->pos.line, 9);
	ck_assert_uint_eq(pp->pos.column, 5);
	pp = param(r, "forbidden_mynetworks_styles");
	ck_assert_uint_eq(pp->nitems, 1);
	ck_assert_str_eq(pp->items[0], "class");

	/* this file's max_bytes beats dmz's and default's */
	r = rule(p, "MH601");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_str_eq(param(r, "max_bytes")->scalar, "20000000");

	pp = param(rule(p, "MH104"), "allowed_words");
	ck_assert_uint_eq(pp->nitems, 2);
	ck_assert_str_eq(pp->items[1], "mail gateway");
	ck_assert_int_eq(rule(p, "MH904")->enabled, 0);
	ck_assert_int_eq(rule(p, "MH903")->enabled, 1);
	ck_assert_int_eq(rule(p, "MH701")->enabled, 1);
	profile_free(p);
}
END_TEST

START_TEST(test_profile_relative_extends)
{
	struct profile *p = load_ok(FIXTURES "sub/good-sub.yaml");
	const struct profile_rule *r;
	const struct profile_param *pp;

	ck_assert_str_eq(p->name, "sub");
	ck_assert_str_eq(p->description, "two levels of relative extends");
	ck_assert_uint_eq(p->nchain, 3);
	ck_assert_str_eq(p->chain[1], "child");
	ck_assert_str_eq(p->chain[2], "base");
	ck_assert_uint_eq(p->nrules, 2);

	/* child overrides severity and one parameter, base gives the rest */
	r = rule(p, "MH201");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, SEV_HIGH);
	pp = param(r, "allowed_networks");
	ck_assert_uint_eq(pp->nitems, 0);
	ck_assert_ptr_null(pp->scalar);
	ck_assert_msg(ends_with(pp->pos.file, "/good-child.yaml"), "%s",
	    pp->pos.file);
	pp = param(r, "forbidden_mynetworks_styles");
	ck_assert_uint_eq(pp->nitems, 2);
	ck_assert_str_eq(pp->items[0], "class");
	ck_assert_str_eq(pp->items[1], "subnet");
	ck_assert_msg(ends_with(pp->pos.file, "/good-base.yaml"), "%s",
	    pp->pos.file);
	ck_assert_uint_eq(pp->pos.line, 7);

	r = rule(p, "MH101");
	ck_assert_int_eq(r->enabled, 1);
	ck_assert_int_eq(r->severity, -1);
	ck_assert_uint_eq(r->nparams, 0);
	profile_free(p);
}
END_TEST

START_TEST(test_profile_booleans)
{
	struct profile *p = load_ok(FIXTURES "good-bools.yaml");

	ck_assert_ptr_null(p->description);
	ck_assert_uint_eq(p->nchain, 1);
	ck_assert_int_eq(rule(p, "MH101")->enabled, 1);	/* TRUE */
	ck_assert_int_eq(rule(p, "MH104")->enabled, 0);	/* Off */
	ck_assert_int_eq(rule(p, "MH201")->enabled, 1);	/* yes */
	ck_assert_int_eq(rule(p, "MH601")->enabled, 0);	/* NO */
	ck_assert_int_eq(rule(p, "MH701")->enabled, 1);	/* On */
	ck_assert_int_eq(rule(p, "MH901")->enabled, 0);	/* false */
	ck_assert_int_eq(rule(p, "MH902")->enabled, -1);	/* {} */
	ck_assert_ptr_null(profile_rule_find(p, "MH903"));
	profile_free(p);
}
END_TEST

START_TEST(test_profile_syntax_errors)
{
	fixture_fails("bad-syntax.yaml", 5, 4, "did not find expected key");
	fixture_fails("bad-two-docs.yaml", 2, 1, "more than one YAML document");
	fixture_fails("bad-complex-key.yaml", 2, 3,
	    "mapping keys must be scalars");
}
END_TEST

START_TEST(test_profile_schema_errors)
{
	fixture_fails("bad-unknown-key.yaml", 2, 1, "unknown key 'rulez'");
	fixture_fails("bad-unknown-rule.yaml", 4, 3,
	    "unknown rule 'no-such-rule'");
	fixture_fails("bad-severity.yaml", 4, 15, "unknown severity 'urgent'");
	fixture_fails("bad-bool.yaml", 4, 14, "invalid boolean 'maybe'");
	fixture_fails("bad-rule-value.yaml", 3, 17,
	    "invalid value 'sometimes' for rule 'vrfy-enabled'");
	fixture_fails("bad-missing-name.yaml", 1, 1,
	    "missing required key 'name'");
	fixture_fails("bad-name-type.yaml", 1, 7, "wrong type for 'name'");
	fixture_fails("bad-rules-list.yaml", 2, 8, "wrong type for 'rules'");
	fixture_fails("bad-not-mapping.yaml", 1, 1, "wrong type");
	fixture_fails("bad-null-param.yaml", 4, 15,
	    "parameter 'max_bytes' has no value");
	fixture_fails("bad-dup-rule.yaml", 4, 3,
	    "rule 'open-relay' is configured twice");
}
END_TEST

START_TEST(test_profile_nested_parameters)
{
	fixture_fails("bad-nested-param.yaml", 5, 7,
	    "wrong type for parameter 'allowed_networks'");
	fixture_fails("bad-nested-list.yaml", 4, 36,
	    "wrong type for parameter 'allowed_networks'");
}
END_TEST

START_TEST(test_profile_duplicate_keys)
{
	fixture_fails("bad-dup-key.yaml", 3, 1,
	    "duplicate key 'name' (first at line 1, column 1)");
	fixture_fails("bad-dup-param.yaml", 6, 5,
	    "duplicate key 'max_bytes' (first at line 4, column 5)");
}
END_TEST

START_TEST(test_profile_aliases_rejected)
{
	fixture_fails("bad-alias-bomb.yaml", 5, 20,
	    "YAML aliases are not supported");
	fixture_fails("bad-alias.yaml", 2, 14,
	    "YAML aliases are not supported");
}
END_TEST

START_TEST(test_profile_empty)
{
	char path[PATH_MAX];

	fixture_fails("bad-empty.yaml", 1, 1, "empty profile");
	fixture_fails("bad-comments-only.yaml", 1, 1, "empty profile");
	write_tmp("doc-only.yaml", "---\n...\n", 8);
	tmp_path(path, sizeof(path), "doc-only.yaml");
	load_fails(path, path, 1, 1, "empty profile");
}
END_TEST

START_TEST(test_profile_depth_limit)
{
	/* 16 levels parse (and fail later on the schema), 17 do not */
	fixture_fails("bad-deep-16.yaml", 2, 1, "unknown key 'deep'");
	fixture_fails("bad-deep.yaml", 2, 22,
	    "document nested deeper than 16 levels");
}
END_TEST

START_TEST(test_profile_control_characters_hidden)
{
	fixture_fails("bad-control.yaml", 3, 3, "unknown rule '?[31mred'");
}
END_TEST

START_TEST(test_profile_invalid_utf8)
{
	static const char text[] = "name: x\ndescription: caf\xff\n";
	char path[PATH_MAX];

	write_tmp("utf8.yaml", text, sizeof(text) - 1);
	tmp_path(path, sizeof(path), "utf8.yaml");
	load_fails(path, path, 2, 17, "invalid leading UTF-8 octet");
}
END_TEST

START_TEST(test_profile_extends_cycle)
{
	/* the error is where the chain comes back: cycle-b's extends */
	load_fails(FIXTURES "cycle-a.yaml", FIXTURES "cycle-b.yaml", 2, 10,
	    "'extends' cycle: cycle-a -> cycle-b -> cycle-a");
	load_fails(FIXTURES "cycle-b.yaml", FIXTURES "cycle-a.yaml", 2, 10,
	    "'extends' cycle: cycle-b -> cycle-a -> cycle-b");
	fixture_fails("cycle-self.yaml", 2, 10,
	    "'extends' cycle: cycle-self -> cycle-self");
}
END_TEST

START_TEST(test_profile_extends_missing)
{
	load_fails(FIXTURES "bad-extends-missing.yaml",
	    FIXTURES "bad-extends-missing.yaml", 2, 10,
	    "cannot read profile '" FIXTURES "no-such-file.yaml'");
	fixture_fails("bad-extends-unknown.yaml", 2, 10,
	    "unknown profile 'Strict' (built-in profiles: default, dmz, "
	    "internal, null-client, submission)");
	fixture_fails("bad-extends-builtin-missing.yaml", 2, 10,
	    "unknown profile 'no-such-builtin' (built-in profiles: default, "
	    "dmz, internal, null-client, submission)");
}
END_TEST

START_TEST(test_profile_unknown_name_or_file)
{
	load_fails("strictest", NULL, 0, 0,
	    "unknown profile 'strictest' (built-in profiles: default, dmz, "
	    "internal, null-client, submission)");
	load_fails("Default", NULL, 0, 0, "unknown profile 'Default'");
	load_fails("dmz profile", NULL, 0, 0, "unknown profile 'dmz profile'");
	load_fails(FIXTURES "no-such-file.yaml", NULL, 0, 0,
	    "No such file or directory");
	load_fails(FIXTURES "sub", NULL, 0, 0, "not a regular file");
	load_fails(FIXTURES, NULL, 0, 0, "not a regular file");
}
END_TEST

START_TEST(test_profile_file_size_limit)
{
	char path[PATH_MAX];
	struct profile *p;
	size_t size = 1024 * 1024;
	char *text = malloc(size + 1);

	ck_assert_ptr_nonnull(text);
	memset(text, ' ', size + 1);
	memcpy(text, "name: big\n#", 11);
	text[size - 1] = '\n';
	write_tmp("1mib.yaml", text, size);
	p = load_ok(tmp_path(path, sizeof(path), "1mib.yaml"));
	ck_assert_str_eq(p->name, "big");
	profile_free(p);

	text[size - 1] = ' ';
	text[size] = '\n';
	write_tmp("big.yaml", text, size + 1);
	free(text);
	tmp_path(path, sizeof(path), "big.yaml");
	load_fails(path, path, 1, 1, "profile is larger than 1 MiB");
}
END_TEST

START_TEST(test_profile_scalar_size_limit)
{
	char path[PATH_MAX];
	struct profile *p;
	size_t max = 64 * 1024, n;
	char *text = malloc(max + 64);

	ck_assert_ptr_nonnull(text);
	n = (size_t)sprintf(text, "name: long\ndescription: ");
	memset(text + n, 'a', max);
	text[n + max] = '\n';
	write_tmp("64k.yaml", text, n + max + 1);
	p = load_ok(tmp_path(path, sizeof(path), "64k.yaml"));
	ck_assert_uint_eq(strlen(p->description), max);
	profile_free(p);

	memset(text + n, 'a', max + 1);
	text[n + max + 1] = '\n';
	write_tmp("long.yaml", text, n + max + 2);
	free(text);
	tmp_path(path, sizeof(path), "long.yaml");
	load_fails(path, path, 2, 14, "scalar longer than 64 KiB");
}
END_TEST

/* list_file - a profile whose allowed_words has n items */
static void
list_file(const char *name, size_t n)
{
	size_t i, len = 0, size = 64 + n * 8;
	char *text = malloc(size);

	ck_assert_ptr_nonnull(text);
	len += (size_t)snprintf(text, size, "name: list\nrules:\n  MH104:\n"
	    "    allowed_words: [");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, size - len, "%sw%zu",
		    i > 0 ? "," : "", i % 10000);
	len += (size_t)snprintf(text + len, size - len, "]\n");
	write_tmp(name, text, len);
	free(text);
}

START_TEST(test_profile_list_length_limit)
{
	char path[PATH_MAX];
	struct profile *p;
	const struct profile_param *pp;

	list_file("10000.yaml", 10000);
	p = load_ok(tmp_path(path, sizeof(path), "10000.yaml"));
	pp = param(rule(p, "MH104"), "allowed_words");
	ck_assert_uint_eq(pp->nitems, 10000);
	ck_assert_str_eq(pp->items[9999], "w9999");
	profile_free(p);

	/* items are "wN," from column 21: w0..w9 take 3, w10..w99 4, ... */
	list_file("10001.yaml", 10001);
	tmp_path(path, sizeof(path), "10001.yaml");
	load_fails(path, path, 4, 21 + 10 * 3 + 90 * 4 + 900 * 5 + 9000 * 6,
	    "more than 10000 items in a list");
}
END_TEST

START_TEST(test_profile_chain_length_limit)
{
	char path[PATH_MAX], at[PATH_MAX];
	struct profile *p;
	int i;

	/* p1 extends p2 ... p16 is the root: 16 profiles are fine */
	for (i = 1; i <= 16; i++) {
		char name[32];

		snprintf(name, sizeof(name), "p%d.yaml", i);
		if (i == 16)
			write_tmpf(name, "name: p%d\n", i);
		else
			write_tmpf(name, "name: p%d\nextends: p%d.yaml\n", i,
			    i + 1);
	}
	p = load_ok(tmp_path(path, sizeof(path), "p1.yaml"));
	ck_assert_uint_eq(p->nchain, 16);
	ck_assert_str_eq(p->chain[15], "p16");
	profile_free(p);

	/* p0 makes it 17 */
	write_tmpf("p0.yaml", "name: p0\nextends: ./p1.yaml\n");
	tmp_path(path, sizeof(path), "p0.yaml");
	tmp_path(at, sizeof(at), "p15.yaml");
	load_fails(path, at, 2, 10,
	    "'extends' chain is longer than 16 profiles");
}
END_TEST

START_TEST(test_profile_builtin_dir_from_env)
{
	char want[PATH_MAX];
	const char *dir;

	ck_assert_ptr_nonnull(realpath(BUILTIN_DIR, want));
	ck_assert_str_eq(profile_builtin_dir(), want);

	ck_assert_ptr_nonnull(realpath(tmpdir, want));
	setenv("MTA_HARDEN_PROFILE_DIR", tmpdir, 1);
	ck_assert_str_eq(profile_builtin_dir(), want);

	/* a directory that does not exist is passed over */
	setenv("MTA_HARDEN_PROFILE_DIR", "/nonexistent/profiles", 1);
	dir = profile_builtin_dir();
	ck_assert_str_ne(dir, "/nonexistent/profiles");
	ck_assert_msg(ends_with(dir, "/profiles"), "%s", dir);
}
END_TEST

/* mkdir_p - make a directory and its parents */
static void
mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	ck_assert(strlen(path) < sizeof(buf));
	memcpy(buf, path, strlen(path) + 1);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert_msg(mkdir(buf, 0755) == 0 || errno == EEXIST,
		    "mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
	ck_assert_msg(mkdir(buf, 0755) == 0 || errno == EEXIST,
	    "mkdir %s: %s", buf, strerror(errno));
}

/* copy_self - copy this test binary to path */
static void
copy_self(const char *path)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	in = open("/proc/self/exe", O_RDONLY);
	ck_assert_int_ne(in, -1);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ck_assert_msg(out != -1, "%s: %s", path, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	ck_assert_int_eq(n, 0);
	close(in);
	ck_assert_int_eq(close(out), 0);
}

/* builtin_dir_of - what profile_builtin_dir says in a copy run from exe */
static void
builtin_dir_of(const char *exe, char *out, size_t size)
{
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int fds[2], status;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		unsetenv("MTA_HARDEN_PROFILE_DIR");
		execl(exe, exe, PRINT_DIR_ARG, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (len + 1 < size &&
	    (n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "%s exited with %d", exe, status);
}

START_TEST(test_profile_builtin_dir_next_to_binary)
{
	static const char *const layouts[][3] = {
		/* binary, profile directory, what is made first */
		{ "src/mta-harden", "src/profiles", "src" },
		{ "inst/bin/mta-harden", "inst/share/mta-harden/profiles",
		    "inst/bin" },
		{ "tree/build/san/mta-harden", "tree/profiles",
		    "tree/build/san" },
		/* An object directory named profiles is not a profile directory. */
		{ "tree2/build/san/mta-harden", "tree2/profiles",
		    "tree2/build/san/profiles" },
	};
	char exe[PATH_MAX], dir[PATH_MAX], want[PATH_MAX], got[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		mkdir_p(tmp_path(dir, sizeof(dir), layouts[i][2]));
		mkdir_p(tmp_path(dir, sizeof(dir), layouts[i][1]));
		{
			char yaml[PATH_MAX + 16];
			FILE *f;

			snprintf(yaml, sizeof(yaml), "%s/default.yaml", dir);
			f = fopen(yaml, "w");
			ck_assert_ptr_nonnull(f);
			fputs("name: default\n", f);
			fclose(f);
		}
		tmp_path(exe, sizeof(exe), layouts[i][0]);
		copy_self(exe);
		ck_assert_ptr_nonnull(realpath(dir, want));
		builtin_dir_of(exe, got, sizeof(got));
		ck_assert_str_eq(got, want);
	}
}
END_TEST

START_TEST(test_profile_list_builtin)
{
	struct profile_summary *list;
	struct profile_error err;
	size_t n;

	ck_assert_msg(profile_list_builtin(&list, &n, &err) == 0, "%s",
	    err.msg);
	/* the five of the contract */
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(list[0].name, "default");
	ck_assert_ptr_null(list[0].extends);
	ck_assert_str_eq(list[1].name, "dmz");
	ck_assert_str_eq(list[1].extends, "default");
	ck_assert_str_eq(list[2].name, "internal");
	ck_assert_str_eq(list[2].extends, "default");
	ck_assert_str_eq(list[3].name, "null-client");
	ck_assert_str_eq(list[3].extends, "default");
	ck_assert_str_eq(list[4].name, "submission");
	ck_assert_str_eq(list[4].extends, "default");
	ck_assert_ptr_nonnull(strstr(list[1].description, "Internet-facing"));
	ck_assert_ptr_nonnull(strstr(list[3].description, "loopback"));
	ck_assert_ptr_nonnull(strstr(list[4].description, "AUTH"));
	ck_assert_ptr_nonnull(list[0].description);
	profile_list_free(list, n);
}
END_TEST

START_TEST(test_profile_list_builtin_elsewhere)
{
	struct profile_summary *list;
	struct profile_error err;
	struct profile *p;
	char path[PATH_MAX];
	size_t n;

	/* only NAME.yaml counts, sorted; rules are not looked at */
	write_tmpf("zeta.yaml", "name: zeta\nrules: {no-such-rule: true}\n");
	write_tmpf("alpha.yaml", "name: alpha\nextends: zeta\n");
	write_tmpf("Upper.yaml", "name: Upper\n");
	write_tmpf("notes.txt", "not a profile\n");
	setenv("MTA_HARDEN_PROFILE_DIR", tmpdir, 1);
	ck_assert_msg(profile_list_builtin(&list, &n, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].name, "alpha");
	ck_assert_str_eq(list[0].extends, "zeta");
	ck_assert_str_eq(list[1].name, "zeta");
	ck_assert_ptr_null(list[1].description);
	profile_list_free(list, n);

	/* loading checks the rules, and lists what there is when unknown */
	load_fails("alpha", tmp_path(path, sizeof(path), "zeta.yaml"), 2, 9,
	    "unknown rule 'no-such-rule'");
	load_fails("default", NULL, 0, 0,
	    "unknown profile 'default' (built-in profiles: alpha, zeta)");

	/* a built-in profile must be named after its file */
	write_tmpf("beta.yaml", "name: gamma\n");
	ck_assert_int_eq(profile_list_builtin(&list, &n, &err), -1);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(list);
	tmp_path(path, sizeof(path), "beta.yaml");
	ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0 &&
	    strstr(err.msg, ":1:7: built-in profile 'gamma' must be named "
	    "after its file 'beta.yaml'") != NULL, "%s", err.msg);
	load_fails("beta", path, 1, 7, "must be named after its file");
	p = load_ok(path);		/* as a file, any name will do */
	ck_assert_str_eq(p->name, "gamma");
	profile_free(p);

	/* no built-in profiles at all */
	mkdir_p(tmp_path(path, sizeof(path), "empty"));
	setenv("MTA_HARDEN_PROFILE_DIR", path, 1);
	load_fails("default", NULL, 0, 0, "(no built-in profiles in ");
}
END_TEST

/* profile_suite - every test of the profile module */
static Suite *
profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc;

	tc = tcase_create("builtin");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_profile_default_has_every_rule);
	tcase_add_test(tc, test_profile_dmz_overrides_and_inherits);
	tcase_add_test(tc, test_profile_null_client_listens_on_loopback);
	tcase_add_test(tc, test_profile_builtin_by_path_is_the_same);
	tcase_add_test(tc, test_profile_list_builtin);
	tcase_add_test(tc, test_profile_list_builtin_elsewhere);
	tcase_add_test(tc, test_profile_builtin_dir_from_env);
	tcase_add_test(tc, test_profile_builtin_dir_next_to_binary);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_profile_file_extends_dmz);
	tcase_add_test(tc, test_profile_relative_extends);
	tcase_add_test(tc, test_profile_booleans);
	tcase_add_test(tc, test_profile_extends_cycle);
	tcase_add_test(tc, test_profile_extends_missing);
	tcase_add_test(tc, test_profile_unknown_name_or_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_profile_syntax_errors);
	tcase_add_test(tc, test_profile_schema_errors);
	tcase_add_test(tc, test_profile_nested_parameters);
	tcase_add_test(tc, test_profile_duplicate_keys);
	tcase_add_test(tc, test_profile_aliases_rejected);
	tcase_add_test(tc, test_profile_empty);
	tcase_add_test(tc, test_profile_depth_limit);
	tcase_add_test(tc, test_profile_control_characters_hidden);
	tcase_add_test(tc, test_profile_invalid_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_profile_file_size_limit);
	tcase_add_test(tc, test_profile_scalar_size_limit);
	tcase_add_test(tc, test_profile_list_length_limit);
	tcase_add_test(tc, test_profile_chain_length_limit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	/* test_profile_builtin_dir_next_to_binary runs copies of us */
	if (argc == 2 && strcmp(argv[1], PRINT_DIR_ARG) == 0) {
		printf("%s", profile_builtin_dir());
		return 0;
	}
	setenv("MTA_HARDEN_PROFILE_DIR", BUILTIN_DIR, 1);
	sr = srunner_create(profile_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
