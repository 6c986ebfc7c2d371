/*
 * sm_cf - sendmail.cf reader, as readcf() in sendmail 8.17 reads it
 *
 * Logical lines: a physical line is continued by the following lines
 * that begin with a space or a tab (the newline stays in the value);
 * a logical line whose first byte is '#' is a comment, continuation
 * lines included; empty lines end a fold. CRLF reads as LF.
 *
 * sm_cf_parse() adds to the model, in file order (all strings in the
 * model's arena, all spans into src):
 *   O lines   one struct setting each; name = the canonical long option
 *             name ("PrivacyOptions") whether written long, as a unique
 *             case-insensitive prefix, or as the legacy one-character
 *             form ("Op"); suboptions keep their suffix
 *             ("Timeout.queuereturn"). raw = the value after '=' as
 *             sendmail keeps it (blanks around '=' trimmed, inner
 *             newlines of continuations kept). An option without '='
 *             has raw "". Repeats link through ->earlier (the facts
 *             builder accumulates PrivacyOptions, DaemonPortOptions and
 *             ClientPortOptions and lets the last win for the others).
 *             An unknown or ambiguous name, or "O  Name" with more than
 *             one blank, adds a model note "unknown-option" (sendmail
 *             skips the line) and no setting.
 *   D lines   a setting named "$x" or "${name}" (raw = the value).
 *   C lines   a setting named "$=x" or "$={name}" (raw = the words).
 *   F lines   a setting named "$=x" / "$={name}" whose raw is the rest
 *             of the line, and a struct named_file "class" naming
 *             the file (-o = optional is kept in raw; a scanf format
 *             after the path is kept too); "F|program" is a class from
 *             a program: named_file "program", never run; "F{x}key@map:
 *             spec" is a lookup: a struct mapref of the map's type.
 *   T lines   as C lines of class "$=t".
 *   K lines   a struct mapref: type = the map class ("hash"), name =
 *             the map name, fs path in ->name when the last argument is
 *             a path (resolved under model->root like the Postfix maps).
 *   V line    a setting named "V" (raw "10/Berkeley").
 *   M lines   a struct service of type "mailer" (name "local", command
 *             = the P= value, args = the other equates as written).
 *   X lines   a setting named "X<name>" (raw = the equates).
 *   H S R lines, and "$Id:" stamps in comments: parsers/sm_rules
 *             (struct sm_header, sm_ruleset, sm_rule, sm_stamp).
 *   P Q E lines: read for syntax only.
 *   #O lines  nothing: a commented default is not a setting.
 * Any other first character is what sendmail calls "unknown
 * configuration line": a model note "unknown-line", reading goes on.
 *
 * Returns 0; -1 with *err only for input that is not a .cf at all (a
 * NUL byte, or no line sendmail would accept).
 */
#ifndef MH_SM_CF_H
#define MH_SM_CF_H

#include "parsers/model.h"

int	 sm_cf_parse(struct model *, const struct src *, struct parse_error *);

/*
 * sm_option_canon - the canonical long name of an option as written:
 * a long name (any case), a unique prefix of one, or a legacy
 * one-character name. Returns NULL if unknown; *ambiguous is set when
 * a prefix matches more than one option.
 */
const char *sm_option_canon(const char *name, size_t len, bool *ambiguous);

/* sm_option_short - the legacy one-character name of an option, or 0 */
char	 sm_option_short(const char *canonical);

/*
 * sm_option_default - the value the sendmail 8.17 binary uses when the
 * .cf sets nothing (op.me / readcf.c), or NULL when there is none
 */
const char *sm_option_default(const char *canonical);

#endif
