/*
 * ipnet - IPv4 and IPv6 addresses and networks as both MTAs write them
 * ("10.0.0.0/8", "[::1]/128", "192.0.2.1"), and the address classes the
 * rules ask about: loopback, private. The one owner of these tests; the
 * MTA-specific spellings (Postfix "loopback-only", sendmail access keys
 * "Connect:IPv6:...") are read in pf_facts and sm_facts and land here.
 */
#ifndef MH_IPNET_H
#define MH_IPNET_H

#include <stdbool.h>

struct ip_net {
	int	 family;	/* 4 or 6 */
	unsigned char addr[16];
	int	 prefix;
};

/* ip_net_parse - an address or network, brackets allowed; 0 or -1 */
int	 ip_net_parse(const char *, struct ip_net *);

/* ip_net_contains - b lies wholly inside a */
int	 ip_net_contains(const struct ip_net *a, const struct ip_net *b);

/*
 * ip_net_is_private - wholly inside loopback, private (RFC 1918, RFC 6598,
 * ULA) or link-local space, IPv4-mapped forms included
 */
int	 ip_net_is_private(const struct ip_net *);

/* ip_net_is_loopback - inside 127.0.0.0/8 or ::1, IPv4-mapped forms included */
bool	 ip_net_is_loopback(const struct ip_net *);

/* ip_addr_is_loopback - the text is an address or network on loopback */
bool	 ip_addr_is_loopback(const char *);

#endif
