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

#include "parsers/model.h"

void	 pf_facts_build(struct model *);

/* ip_net - an address or network, for mynetworks classification */
struct ip_net {
	int	 family;	/* 4 or 6 */
	unsigned char addr[16];
	int	 prefix;
};

/* ip_net_parse - "10.0.0.0/8", "[::1]/128", "192.0.2.1"; 0 or -1 */
int	 ip_net_parse(const char *, struct ip_net *);

/* ip_net_is_private - whole network inside loopback/private/link-local space */
int	 ip_net_is_private(const struct ip_net *);

/* ip_net_contains - b lies wholly inside a */
int	 ip_net_contains(const struct ip_net *a, const struct ip_net *b);

#endif
