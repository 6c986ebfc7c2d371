/*
 * fuzz_util - shared parts of the libFuzzer harnesses
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixers/fix.h"
#include "fixers/fixers.h"
#include "linter/engine.h"
#include "cli/fixcmd.h"
#include "linter/rule.h"
#include "linter/suppress.h"
#include "parsers/load.h"
#include "parsers/pf_facts.h"
#include "parsers/pf_main.h"
#include "parsers/sm_cf.h"
#include "parsers/sm_facts.h"
#include "parsers/sm_maps.h"
#include "parsers/sm_mc.h"
#include "lib/xalloc.h"
#include "profiles/profile.h"
#include "tests/fuzz/fuzz_util.h"

static const struct {
	const char *path;
	enum mta mta;
} kinds[FUZZ_NKINDS] = {
	[FUZZ_MAIN_CF] = { "main.cf", MTA_POSTFIX },
	[FUZZ_MASTER_CF] = { "master.cf", MTA_POSTFIX },
	[FUZZ_SENDMAIL_CF] = { "sendmail.cf", MTA_SENDMAIL },
	[FUZZ_SENDMAIL_MC] = { "sendmail.mc", MTA_SENDMAIL },
	[FUZZ_ACCESS] = { "access", MTA_SENDMAIL },
	[FUZZ_ALIASES] = { "aliases", MTA_SENDMAIL },
	[FUZZ_CLASS] = { "relay-domains", MTA_SENDMAIL },
};

void
fuzz_setup(void)
{
	/* the built-in profiles of this source tree, wherever the binary is */
	if (getenv("MTA_HARDEN_PROFILE_DIR") == NULL)
		setenv("MTA_HARDEN_PROFILE_DIR", MH_SRCDIR "/profiles", 1);
}

/* the default profile, loaded once and kept for the whole run */
static const struct profile *
default_profile(void)
{
	static struct profile *p;
	struct profile_error err;

	if (p == NULL) {
		fuzz_setup();
		p = profile_load("default", rule_canon, &err);
		if (p == NULL) {
			fprintf(stderr, "fuzz: %s\n", err.msg);
			abort();
		}
	}
	return p;
}

struct model *
fuzz_read(enum fuzz_kind kind, const uint8_t *data, size_t size)
{
	struct model *m = model_new(kinds[kind].mta);
	const struct src *s = model_add_src(m, src_from_bytes(kinds[kind].path,
	    (const char *)data, size));
	struct parse_error err;
	int rc = 0;

	m->dir = ".";
	switch (kind) {
	case FUZZ_MAIN_CF:
		m->main_src = s;
		rc = pf_main_parse(m, s, &err);
		break;
	case FUZZ_MASTER_CF:
		/* beside an empty main.cf, where the fixes set parameters */
		m->master_src = s;
		m->main_src = model_add_src(m, src_from_bytes("main.cf", "", 0));
		rc = pf_master_parse(m, s, &err);
		break;
	case FUZZ_SENDMAIL_CF:
		m->main_src = s;
		rc = sm_cf_parse(m, s, &err);
		break;
	case FUZZ_SENDMAIL_MC:
		m->main_src = s;
		rc = sm_mc_parse(m, s, sm_mc_lib_dir(NULL), &err);
		break;
	case FUZZ_ACCESS:
		rc = sm_access_parse(m, s);
		break;
	case FUZZ_ALIASES:
		rc = sm_aliases_parse(m, s);
		break;
	case FUZZ_CLASS:
		/* the scanf-like format of an F line, taken from the input's end */
		rc = sm_class_parse(m, s, size > 0 && data[size - 1] == '%' ?
		    "%[^#]" : NULL);
		break;
	case FUZZ_NKINDS:
		abort();
	}
	if (rc < 0) {
		model_free(m);
		return NULL;
	}
	if (m->mta == MTA_POSTFIX)
		pf_facts_build(m);
	else
		sm_facts_build(m);
	return m;
}

static void
run_engine(const struct model *m, struct engine_opts *eo,
    struct findings *fs)
{
	struct load_result res;
	struct model *one = (struct model *)m;
	struct suppressions sup = { NULL, 0, 0 };

	memset(eo, 0, sizeof(*eo));
	memset(&res, 0, sizeof(res));
	eo->profile = default_profile();
	res.models = &one;
	res.nmodels = 1;
	engine_run(&res, eo, fs);
	suppress_scan(&res, &sup);
	suppress_apply(&sup, fs, eo);
	suppress_release(&sup);
}

void
fuzz_rules(const struct model *m)
{
	struct engine_opts eo;
	struct findings fs = { NULL, 0, 0 };

	run_engine(m, &eo, &fs);
	findings_release(&fs);
}

/* the fix command's plan and edits, in memory */
char *
fuzz_fix(const struct model *m, size_t *len)
{
	struct engine_opts eo;
	struct findings fs = { NULL, 0, 0 };
	struct fix_opts fo;
	struct fix_plan plan;
	struct edit_set es = { NULL, 0, 0 };
	struct load_result res;
	struct model *one = (struct model *)m;
	struct file_edits *fe;
	char err[512], *text = NULL;
	size_t nfixed, nunsafe;

	run_engine(m, &eo, &fs);
	memset(&fo, 0, sizeof(fo));
	memset(&plan, 0, sizeof(plan));
	memset(&res, 0, sizeof(res));
	res.models = &one;
	res.nmodels = 1;
	fix_plan_findings(&res, &fs, &eo, &fo, &plan, &nfixed, &nunsafe);
	if (fix_plan_edits(&plan, &es, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: fix_plan_edits: %s\n", err);
		abort();
	}
	fe = edit_find(&es, m->srcs[0]);
	if (fe != NULL && fe->n > 0 &&
	    edit_apply(fe, &text, len, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: edit_apply: %s\n", err);
		abort();
	}
	if (text != NULL && *len == m->srcs[0]->len &&
	    memcmp(text, m->srcs[0]->bytes, *len) == 0) {
		free(text);
		text = NULL;
	}
	edit_set_release(&es);
	fix_plan_release(&plan);
	findings_release(&fs);
	return text;
}

void
fuzz_fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz: %s (input of %zu bytes)\n", what, size);
	(void)data;
	abort();
}
