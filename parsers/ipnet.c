/*
 * ipnet - addresses and networks (ipnet.h)
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ipnet.h"

int
ip_net_parse(const char *text, struct ip_net *net)
{
	char buf[128], *slash, *addr = buf;
	size_t len = strlen(text);
	int max;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, text, len + 1);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (addr[0] == '[') {
		char *close = strchr(addr, ']');

		if (close == NULL || close[1] != '\0')
			return -1;
		*close = '\0';
		addr++;
	}
	memset(net, 0, sizeof(*net));
	if (inet_pton(AF_INET, addr, net->addr) == 1) {
		net->family = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, net->addr) == 1) {
		net->family = 6;
		max = 128;
	} else {
		return -1;
	}
	if (slash != NULL) {
		char *end;
		long p = strtol(slash, &end, 10);

		if (*slash == '\0' || *end != '\0' || p < 0 || p > max)
			return -1;
		net->prefix = (int)p;
	} else {
		net->prefix = max;
	}
	return 0;
}

int
ip_net_contains(const struct ip_net *a, const struct ip_net *b)
{
	int bits = a->prefix, i;

	if (a->family != b->family || b->prefix < a->prefix)
		return 0;
	for (i = 0; bits > 0; i++, bits -= 8) {
		unsigned char mask = bits >= 8 ? 0xff :
		    (unsigned char)(0xff << (8 - bits));

		if ((a->addr[i] & mask) != (b->addr[i] & mask))
			return 0;
	}
	return 1;
}

/*
 * unmapped - ::ffff:a.b.c.d/N is the IPv4 network a.b.c.d/(N-96): the
 * address a dual-stack socket sees for an IPv4 client
 */
static const struct ip_net *
unmapped(const struct ip_net *n, struct ip_net *v4)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };

	if (n->family != 6 || n->prefix < 96 ||
	    memcmp(n->addr, mapped, sizeof(mapped)) != 0)
		return n;
	memset(v4, 0, sizeof(*v4));
	v4->family = 4;
	v4->prefix = n->prefix - 96;
	memcpy(v4->addr, n->addr + 12, 4);
	return v4;
}

/* inside_any - n lies wholly inside one of the networks */
static bool
inside_any(const struct ip_net *n, const char *const *nets, size_t count)
{
	struct ip_net v4, p;
	size_t i;

	n = unmapped(n, &v4);
	for (i = 0; i < count; i++)
		if (ip_net_parse(nets[i], &p) == 0 && ip_net_contains(&p, n))
			return true;
	return false;
}

int
ip_net_is_private(const struct ip_net *n)
{
	static const char *const private_nets[] = {
		"127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
		"192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
		"::1/128", "fc00::/7", "fe80::/10",
	};

	return inside_any(n, private_nets,
	    sizeof(private_nets) / sizeof(private_nets[0]));
}

bool
ip_net_is_loopback(const struct ip_net *n)
{
	static const char *const loopback_nets[] = { "127.0.0.0/8", "::1/128" };

	return inside_any(n, loopback_nets,
	    sizeof(loopback_nets) / sizeof(loopback_nets[0]));
}

bool
ip_addr_is_loopback(const char *text)
{
	struct ip_net n;

	return text != NULL && ip_net_parse(text, &n) == 0 &&
	    ip_net_is_loopback(&n);
}
