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
#include "parsers/pf_facts.h"

void	 sm_facts_build(struct model *);

/* sm_privacy_has - does a PrivacyOptions value grant a flag (goaway included)? */
bool	 sm_privacy_has(const char *value, const char *flag);

/*
 * sm_daemon_key - the value of one key of a DaemonPortOptions string as
 * sendmail reads it (daemon.c): entries end at a comma, a key is known by
 * its first letter (A, F, I, L, M, N, P, S in either case, the others as
 * written: D, d, c, q, R, r), of a repeated key the last counts, blanks
 * around the value are not part of it. key is the upper-case letter
 * where there is one. false when the key is not there.
 */
bool	 sm_daemon_key(const char *options, char key, const char **value,
	    size_t *len);

/*
 * sm_access_network - an access or class key as the network sendmail
 * matches: "10.1" (10.1.0.0/16), "Connect:192.168.1",
 * "IPv6:2001:db8" (2001:db8::/32); false when it is no network
 */
bool	 sm_access_network(const char *key, struct ip_net *);

/*
 * sm_is_tld - "com", ".de": a whole top-level domain (two letters, or a
 * generic one); "localhost", "example.com" and "." are not
 */
bool	 sm_is_tld(const char *domain);

/* sm_daemon_option - sm_daemon_key() in the arena, or NULL */
const char *sm_daemon_option(struct arena *, const char *options, char key);

#endif
