/*
 * sm_facts - sendmail: effective options, daemons, listeners and facts
 *
 * Run after the readers (sm_mc_parse or sm_cf_parse, and the maps).
 * Builds model->effective (one setting per option, macro and class;
 * PrivacyOptions, DaemonPortOptions and ClientPortOptions accumulated,
 * every other option last-wins; options the file does not set get the
 * sendmail binary's default when there is one), one service, server and
 * listener per daemon (DaemonPortOptions), and the facts: VRFY, EXPN and
 * VERB from PrivacyOptions, the greeting with $v and $Z resolved, the
 * message size limit, and what lets strangers relay (relay features,
 * relay-domains and access entries that cover whole top-level domains or
 * public networks).
 */
#ifndef MH_SM_FACTS_H
#define MH_SM_FACTS_H

#include "parsers/model.h"

void	 sm_facts_build(struct model *);

/* sm_privacy_has - does a PrivacyOptions value grant a flag (goaway included)? */
bool	 sm_privacy_has(const char *value, const char *flag);

/* sm_daemon_option - the value of one key of a DaemonPortOptions string, or NULL */
const char *sm_daemon_option(struct arena *, const char *options, char key);

#endif
