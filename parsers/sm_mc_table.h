/*
 * sm_mc_table - the interface of parsers/sm_mc_table.c, which
 * scripts/gen-sm-mc-table.sh generates from the installed sendmail-cf
 * library with GNU m4 as the ground truth (`make regen`): the options
 * proto.m4 writes, the macro state cf.m4 leaves before the .mc is read,
 * and the O lines of a minimal .cf
 */
#ifndef MH_SM_MC_TABLE_H
#define MH_SM_MC_TABLE_H

#include <stddef.h>

/* flags of an option (sm_mc_option_at) and of a default (sm_mc_default_at) */
#define SM_OPT_ALWAYS	0x1	/* written even when the macro is undefined */
#define SM_OPT_MILTER	0x2	/* written only when a MAIL_FILTER exists */
#define SM_OPT_MAIL_SETTINGS_DIR 0x4	/* default follows MAIL_SETTINGS_DIR */
#define SM_OPT_TIMEZONE	0x8	/* TimeZoneSpec: USE_SYSTEM, USE_TZ or a zone */

/* sm_mc_table_source - the sendmail-cf version the tables come from */
const char *sm_mc_table_source(void);

/* sm_conf_option - the .cf option a confXXX macro sets, or NULL */
const char *sm_conf_option(const char *conf_macro);

/* sm_mc_option_count, sm_mc_option_at - the options, in proto.m4 order;
 * expr: for SM_OPT_ALWAYS, the m4 text after "O Name=", else NULL */
size_t	 sm_mc_option_count(void);
void	 sm_mc_option_at(size_t, const char **macro, const char **option,
	    const char **expr, unsigned *flags);

/* sm_mc_predef_count, sm_mc_predef_at - what cf.m4 defines, by name */
size_t	 sm_mc_predef_count(void);
void	 sm_mc_predef_at(size_t, const char **name, const char **text);

/* sm_mc_default_count, sm_mc_default_at - the O lines of a minimal .cf */
size_t	 sm_mc_default_count(void);
void	 sm_mc_default_at(size_t, const char **option, const char **value,
	    unsigned *flags);

#endif
