/*
 * sm_rules - the H, S and R lines of a sendmail.cf and the m4 stamps in
 * its comments, as readcf() in sendmail 8.17 splits them
 *
 * sm_cf_parse() hands each logical line here once it has joined the
 * continuation lines and (for H, S and R) taken out the comments and
 * trailing blanks; the functions add to the model, in file order (all
 * strings in the model's arena, all spans into the source):
 *   H lines   a struct sm_header: "H?flags?Name: value". The condition
 *             is the text between the two '?' (flags, or a macro "$x" /
 *             "${name}"); the name runs over printable bytes up to ':'
 *             (blanks may come before the ':'); the value starts after
 *             the blanks that follow the ':'. A line sendmail calls
 *             "header syntax error" (no second '?', a bad macro
 *             condition, a byte beyond ASCII among the flags, no ':', no
 *             name) and a name over 100 bytes (sendmail takes it for the
 *             end of the headers) add nothing.
 *   S lines   a struct sm_ruleset, as strtorwset() reads the line: a
 *             number below 100, or a name (a letter, then letters,
 *             digits and '_') and optionally "=number". A numbered S line
 *             of a ruleset named before takes its name; a name defined
 *             again keeps its first number. A bad S line adds nothing and
 *             leaves the R lines after it without a ruleset.
 *   R lines   a struct sm_rule: the left-hand side up to the first tab,
 *             the right-hand side after the tabs that follow it, up to
 *             the next tab, the comment after the tabs after that.
 *             Blanks are no separators. A line without a tab, or without
 *             a valid S line before it, adds nothing (sendmail refuses it).
 *   comments  a struct sm_stamp for "$Id: name,v" in the first physical
 *             line of a comment line.
 * Memory and time are linear in the line: every string is one copy of a
 * part of it.
 */
#ifndef MH_SM_RULES_H
#define MH_SM_RULES_H

#include "lib/strmap.h"
#include "parsers/model.h"

/* SM_RULESET_NUMBERS - MAXRWSETS / 2: the numbers an S line may give */
#define SM_RULESET_NUMBERS	100

/* sm_cf_text - a logical line as sm_cf reads it; off[i] locates text[i] */
struct sm_cf_text {
	const struct src *src;
	const char *text;	/* NUL-terminated */
	const size_t *off;
	size_t	 len;
	size_t	 start, end;	/* the logical line, line end included */
};

/* sm_rules_reader - what readcf() keeps between S and R lines */
struct sm_rules_reader {
	const struct sm_ruleset *current;	/* R lines go here; NULL: none */
	struct strmap by_name;	/* name -> latest S line of it */
	const struct sm_ruleset *by_number[SM_RULESET_NUMBERS];
};

#define SM_RULES_READER_INIT	{ NULL, STRMAP_INIT, { NULL } }

void	 sm_rules_header(struct model *, const struct sm_cf_text *);
void	 sm_rules_ruleset(struct model *, struct sm_rules_reader *,
	    const struct sm_cf_text *);
void	 sm_rules_rule(struct model *, const struct sm_rules_reader *,
	    const struct sm_cf_text *);
/* sm_rules_stamp - a comment line, as read (no comment taken out) */
void	 sm_rules_stamp(struct model *, const struct sm_cf_text *);
void	 sm_rules_release(struct sm_rules_reader *);

#endif
