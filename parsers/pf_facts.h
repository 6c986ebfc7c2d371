/*
 * pf_facts - Postfix: effective values, servers, listeners, maps and facts
 *
 * Run after pf_main_parse() and pf_master_parse(). Fills model->effective
 * (every parameter Postfix knows, after $ expansion, with its origin),
 * expands master.cf -o values per service, and derives the facts rules
 * read: per smtpd service whether VRFY answers, the greeting, the size
 * limit, whether an outside unauthenticated client may relay (and which
 * list entry lets it), the TLS and AUTH policy; the listeners; the maps.
 */
#ifndef MH_PF_FACTS_H
#define MH_PF_FACTS_H

#include "parsers/ipnet.h"
#include "parsers/model.h"

void	 pf_facts_build(struct model *);

#endif
