/*
 * fix - what a fix asks for, and how that becomes edits of the files
 *
 * A fixer does not edit bytes: it states intents ("Postfix parameter X
 * of service S becomes V", "PrivacyOptions gains novrfy", "this FEATURE
 * line goes"), which fix_plan_edits() turns into minimal span edits of
 * the source of truth (the .mc when there is one), merging intents that
 * touch the same setting. Steps (m4, makemap, postmap, reloads) are
 * collected in order, never run.
 */
#ifndef MH_FIX_H
#define MH_FIX_H

#include <stdbool.h>

#include "core/finding.h"
#include "core/params.h"
#include "core/rule.h"
#include "fixers/edit.h"
#include "parsers/model.h"

enum fix_safety {
	FIX_SAFE,	/* cannot change which mail is accepted or delivered */
	FIX_UNSAFE,	/* may refuse mail that was accepted before */
};

struct fix_intent;

/* fix_plan - the intents for one model */
struct fix_plan {
	const struct model *m;
	struct fix_intent *v;	/* owned */
	size_t	 n, cap;
	char	**steps;	/* owned, in order, unique */
	size_t	 nsteps;
	char	*refused;	/* why the model's files stay as they are; owned */
};

struct fixer;

struct fix_ctx {
	const struct model *m;
	const struct finding *f;
	const struct fixer *fixer;	/* the fixer of the finding's rule */
	const struct rule_params *params;	/* the rule's, in this run */
	struct fix_plan *plan;
};

struct pf_fix;		/* fixers_settings.c */
struct sm_fix;

/*
 * fixer - how the findings of one rule are fixed; the rule's row names
 * it (core/rule.h). fix states intents and returns 0, or -1 when the fix
 * needs a person.
 */
struct fixer {
	enum fix_safety safety;
	int	(*fix)(struct fix_ctx *);
	/* only when --only names the rule: entries of the access map and
	   duplicate definitions, which a person should look at first */
	bool	 on_request;
	const char *arg;	/* what fix adds or removes (a FEATURE) */
	const struct pf_fix *pf;	/* settings: what Postfix parameters become */
	size_t	 npf;
	const struct sm_fix *sm;	/* settings: what the sendmail option becomes */
};

/* fixer_unsafe - may the fix of a rule refuse mail accepted before? */
static inline bool
fixer_unsafe(const struct rule *r)
{
	return r->fixer != NULL && r->fixer->safety == FIX_UNSAFE;
}

/* ---- intents ---- */

/* Postfix: a main.cf parameter (svc NULL) or a master.cf -o of svc */
void	 fix_pf_set(struct fix_ctx *, const struct service *svc,
	    const char *name, const char *value);

/* Postfix: set a parameter where `from` decides it (its -o, else main.cf) */
void	 fix_pf_set_at(struct fix_ctx *, const struct setting *from,
	    const char *name, const char *value);

/* Postfix: the service a "name/type" scope names, or NULL */
const struct service *fix_pf_service(const struct model *,
	    const char *scope);

/*
 * fix_pf_planned, fix_sm_planned - the value an earlier fix of this plan
 * gave a setting, or NULL: fixes that add to a list build on it
 */
const char *fix_pf_planned(const struct fix_plan *, const struct service *svc,
	    const char *name);
const char *fix_sm_planned(const struct fix_plan *, const char *option);

/* sendmail: an option, as a .mc define (conf macro) or a .cf O line */
void	 fix_sm_option(struct fix_ctx *, const char *option,
	    const char *conf_macro, const char *value);

/* sendmail: PrivacyOptions gains a flag (merged with what is there) */
void	 fix_sm_privacy(struct fix_ctx *, const char *flag);

/* any file: the whole lines a span touches go away */
void	 fix_remove_lines(struct fix_ctx *, struct span);

/* any file: a raw replacement of [start, end) */
void	 fix_replace(struct fix_ctx *, const struct src *, size_t start,
	    size_t end, const char *text);

/* any file: "# " before every line of [start, end), which stays readable */
void	 fix_comment_out(struct fix_ctx *, const struct src *, size_t start,
	    size_t end);

/* any file: a new last line */
void	 fix_append_line(struct fix_ctx *, const struct src *,
    const char *line);

/* sendmail.mc: where new lines go: before the first MAILER line, else the end */
size_t	 fix_mc_insert_point(const struct src *);

/*
 * fix_remove_definitions - the line of every definition of a setting in
 * the main file (one left would still count); how many there were
 */
size_t	 fix_remove_definitions(struct fix_ctx *, const char *name);

/* sendmail.mc: a new line at fix_mc_insert_point */
void	 fix_mc_insert_line(struct fix_ctx *, const char *line);

/*
 * fix_line_text - the text that puts a line (with its newline) at an
 * offset: a line end first where that is the end of a last line without
 * one. The caller frees it.
 */
char	*fix_line_text(const struct src *, size_t at, const char *line);

/* fix_line_start - where the line holding an offset begins */
size_t	 fix_line_start(const struct src *, size_t off);

/* a follow-up step (printed, never run) */
void	 fix_step(struct fix_plan *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * fix_plan_edits - turn a plan's intents into edits, and add the steps
 * that the changed files call for. Returns 0, or -1 with a message.
 */
int	 fix_plan_edits(struct fix_plan *, struct edit_set *, char *err,
	    size_t errsize);

void	 fix_plan_release(struct fix_plan *);

#endif
