/*
 * sm_mc - sendmail.mc reader, static: it never runs m4
 *
 * The sendmail-cf layer (sm_mc.c, sm_mc_proto.c) over the m4 interpreter
 * (m4.h); sm_mc_lib_file and sm_mc_lib_version come from sm_mc_lib.c,
 * generated at build time from the installed sendmail-cf package, and
 * the tables of sm_mc_table.h from sm_mc_table.c (`make regen`).
 *
 * Reads the m4 source at the macro level: quotes ` and ' with nesting,
 * dnl, divert, define/undefine/ifdef/ifelse on the conf* macros, include
 * and sinclude, and the cf macros that matter: OSTYPE, DOMAIN, FEATURE,
 * HACK, DAEMON_OPTIONS, CLIENT_OPTIONS, MAILER, INPUT_MAIL_FILTER,
 * MAIL_FILTER, MASQUERADE_AS, SMART_HOST, MAIL_HUB, LOCAL_RELAY,
 * HELP_FILE, STATUS_FILE, ALIAS_FILE, LOCAL_CONFIG, LOCAL_RULESETS,
 * VERSIONID, EXPOSED_USER, … '#' is not a comment in a .mc (cf.m4 runs
 * changecom()): a "# define(...)" line is live.
 *
 * OSTYPE(x), DOMAIN(x), FEATURE(x) and include(file) are followed into
 * the sendmail-cf library: lib_dir when given (the checked tree's own),
 * else the copy embedded in the binary (sm_mc_lib_file); their conf*
 * defines then apply, with spans at the call in the .mc. What cannot be
 * followed adds a model note "mc-not-followed" naming it.
 *
 * sm_mc_parse() adds to the model (spans into the .mc):
 *   - one struct setting per conf* define that becomes a .cf option:
 *     name = the .cf option name ("PrivacyOptions"), raw = the value as
 *     m4 would expand it (quotes stripped, dnl removed), written_as =
 *     "confPRIVACY_FLAGS"; the last define wins (->earlier links them),
 *     even after MAILER() (proto.m4 runs from m4wrap); undefine removes;
 *   - "DaemonPortOptions" per DAEMON_OPTIONS (accumulating, with the
 *     cf.m4 default "Name=MTA" + "Port=587, Name=MSA, M=E" unless
 *     FEATURE(no_default_msa) when none is given), "ClientPortOptions"
 *     per CLIENT_OPTIONS;
 *   - "FEATURE(name)" per FEATURE call, raw = the other arguments joined
 *     by ",";
 *   - macros "$S" (SMART_HOST), "$H" (MAIL_HUB), "$R" (LOCAL_RELAY),
 *     "$M" (MASQUERADE_AS); "HelpFile" (HELP_FILE), "StatusFile"
 *     (STATUS_FILE), "AliasFile" (ALIAS_FILE);
 *   - "InputMailFilters" and an "X<name>" setting per INPUT_MAIL_FILTER,
 *     only the "X<name>" for MAIL_FILTER;
 *   - a struct service of type "mailer" per MAILER.
 * Then the options the generated .cf would hold although the .mc does not
 * set them (cfhead.m4 and proto.m4 defaults, OSTYPE/DOMAIN defines) are
 * added as settings with source SOURCE_DEFAULT, so that the model's
 * settings predict the generated .cf's options.
 *
 * Returns 0, or -1 with *err for input m4 itself would reject
 * (an unterminated quote or macro call at end of input).
 */
#ifndef MH_SM_MC_H
#define MH_SM_MC_H

#include "parsers/model.h"

int	 sm_mc_parse(struct model *, const struct src *, const char *lib_dir,
	    struct parse_error *);

/*
 * sm_mc_lib_dir - the sendmail-cf library of the checked tree (under
 * root: /usr/share/sendmail/cf, …), or NULL: then the copy embedded in
 * the binary is used. The host's own library is never read.
 */
const char *sm_mc_lib_dir(const char *root);

/* sm_mc_lib_file - an embedded library file (generated sm_mc_lib.c) ("ostype/debian.m4"), or NULL */
const char *sm_mc_lib_file(const char *path, size_t *len);

/* sm_mc_lib_version - the sendmail-cf version the embedded files are from */
const char *sm_mc_lib_version(void);

/* sm_feature_effect - what FEATURE(feature) changes, in one line (cf/README), or NULL */
const char *sm_feature_effect(const char *feature);

#endif
