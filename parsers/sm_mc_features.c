/*
 * sm_mc_features - what each sendmail-cf FEATURE changes, in one line
 * (from cf/README), for reports and explanations (sm_feature_effect in
 * sm_mc.h)
 */
#include <stddef.h>
#include <string.h>

#include "parsers/sm_mc.h"

/* feature_effects - what each FEATURE changes (cf/README), by name */
static const struct {
	const char *name;
	const char *effect;
} feature_effects[] = {
	{ "accept_unqualified_senders",
	    "accepts MAIL FROM addresses without a domain from the network "
	    "(normally refused)" },
	{ "accept_unresolvable_domains",
	    "accepts MAIL FROM addresses whose domain does not resolve "
	    "(normally refused)" },
	{ "access_db",
	    "enables the access map (/etc/mail/access): per host, domain, "
	    "network and address OK, RELAY, REJECT, DISCARD rules" },
	{ "allmasquerade",
	    "masquerades recipient header addresses too, not only senders" },
	{ "always_add_domain",
	    "qualifies local addresses with the host's domain, even for local "
	    "delivery" },
	{ "authinfo",
	    "looks up client AUTH credentials in a separate authinfo map "
	    "instead of the access map" },
	{ "badmx",
	    "rejects sender domains whose MX points at an address that cannot "
	    "be a mail server (such as 127.0.0.1)" },
	{ "bcc",
	    "removes Bcc: headers from outgoing messages" },
	{ "bestmx_is_local",
	    "accepts mail for any domain whose best MX is this host as local, "
	    "a relay hole for such domains" },
	{ "bitdomain",
	    "rewrites BITNET addresses through the bitdomain map" },
	{ "blacklist_recipients",
	    "deprecated name of blocklist_recipients: To: entries in the "
	    "access map block local recipients" },
	{ "block_bad_helo",
	    "rejects clients that HELO with this host's own name or an address "
	    "literal (needs delay_checks)" },
	{ "blocklist_recipients",
	    "To: entries in the access map can refuse mail to local recipients" },
	{ "check_cert_altnames",
	    "checks the subjectAltName of TLS certificates, not only the CN" },
	{ "check_other",
	    "adds a check_other ruleset that refuses unknown or malformed SMTP "
	    "commands" },
	{ "compat_check",
	    "checks sender/recipient pairs against Compat: entries in the "
	    "access map" },
	{ "conncontrol",
	    "limits simultaneous connections per client with ClientConn: "
	    "access map entries" },
	{ "delay_checks",
	    "runs the client and sender checks at RCPT time (friend/hater "
	    "Spam: entries in the access map)" },
	{ "dnsbl",
	    "refuses clients listed in a DNS block list (default or named "
	    "zone)" },
	{ "domainmap",
	    "maps the users of one domain to addresses through a map of its "
	    "own (virtual hosting)" },
	{ "domaintable",
	    "maps one domain to another through the domaintable map" },
	{ "drac",
	    "relays for clients the DRAC map lists (POP or IMAP before SMTP)" },
	{ "enhdnsbl",
	    "refuses clients listed in a DNS block list, matching the returned "
	    "address" },
	{ "generics_entire_domain",
	    "applies the genericstable to subdomains of $=G too" },
	{ "genericstable",
	    "rewrites outgoing sender addresses through the genericstable map" },
	{ "greet_pause",
	    "waits before the 220 greeting and refuses clients that talk first "
	    "(GreetPause: access entries)" },
	{ "ldap_routing",
	    "routes recipients by LDAP lookups (mail host and address)" },
	{ "limited_masquerade",
	    "masquerades only the hosts in $=M, not $=w" },
	{ "local_lmtp",
	    "delivers local mail through LMTP (mail.local -z)" },
	{ "local_no_masquerade",
	    "does not masquerade mail for local delivery" },
	{ "local_procmail",
	    "delivers local mail through procmail instead of the local mailer" },
	{ "lookupdotdomain",
	    "the access map also matches .domain keys for subdomains" },
	{ "loose_relay_check",
	    "does not refuse user%site@othersite addresses: relaying through "
	    "the %-hack becomes possible" },
	{ "mailertable",
	    "routes domains to mailers and hosts through the mailertable map" },
	{ "masquerade_entire_domain",
	    "masquerades subdomains of the $=M domains too" },
	{ "masquerade_envelope",
	    "masquerades envelope sender addresses, not only headers" },
	{ "msp",
	    "makes this a mail submission program config (submit.cf): relays "
	    "everything to the MTA, no daemon" },
	{ "mtamark",
	    "refuses clients that MTA-MARK DNS records mark as not allowed to "
	    "send mail" },
	{ "no_default_msa",
	    "drops the default MSA daemon (Port=587, Name=MSA, M=E) proto.m4 "
	    "adds" },
	{ "nocanonify",
	    "does not canonify host names with DNS ($[ $] lookups)" },
	{ "nopercenthack",
	    "does not treat % as a routing operator in local parts" },
	{ "notsticky",
	    "lets local users with a host part be delivered through "
	    "LUSER_RELAY/MAIL_HUB (old default)" },
	{ "nouucp",
	    "does not treat ! as a UUCP routing operator (reject: refuses such "
	    "addresses)" },
	{ "nullclient",
	    "makes this host a null client: all mail goes to the named hub, "
	    "nothing is delivered locally" },
	{ "prefixmod",
	    "handles recipients whose local part has a given prefix with extra "
	    "mailer flags" },
	{ "preserve_local_plus_detail",
	    "keeps +detail of local addresses when handing them to the local "
	    "mailer" },
	{ "preserve_luser_host",
	    "keeps the recipient host name when forwarding to LUSER_RELAY" },
	{ "promiscuous_relay",
	    "relays mail from any host to any host: an open relay" },
	{ "queuegroup",
	    "selects queue groups by recipient domain (QGRP: access entries)" },
	{ "ratecontrol",
	    "limits the connection rate per client with ClientRate: access map "
	    "entries" },
	{ "redirect",
	    "answers mail for address.REDIRECT with 551 and the new address" },
	{ "relay_based_on_MX",
	    "relays to any domain whose MX record points at this host" },
	{ "relay_entire_domain",
	    "relays for every host in the local domains ($=m), not only those "
	    "listed" },
	{ "relay_hosts_only",
	    "RELAY entries and $=R name hosts only, not whole domains with "
	    "their subdomains" },
	{ "relay_local_from",
	    "relays when the envelope sender has a local domain: forgeable" },
	{ "relay_mail_from",
	    "relays when the envelope sender is marked RELAY in the access map "
	    "(From: entries): forgeable" },
	{ "require_rdns",
	    "refuses clients without a matching reverse DNS name" },
	{ "rhsbl",
	    "refuses senders whose domain is listed in a right-hand-side DNS "
	    "block list" },
	{ "smrsh",
	    "runs program deliveries through smrsh, the restricted shell, "
	    "instead of /bin/sh" },
	{ "stickyhost",
	    "mail to user@thishost is delivered locally, not through "
	    "LUSER_RELAY or MAIL_HUB" },
	{ "sts",
	    "checks MTA-STS policies of destinations (needs "
	    "postfix-mta-sts-resolver)" },
	{ "tls_failures",
	    "turns TLS handshake failures toward some destinations into "
	    "temporary errors" },
	{ "tls_session_features",
	    "reads per-session TLS options from "
	    "TLS_Srv_Features/TLS_Clt_Features access entries" },
	{ "use_client_ptr",
	    "uses the client's PTR name in check_relay instead of the resolved "
	    "name" },
	{ "use_ct_file",
	    "reads trusted users from /etc/mail/trusted-users (class $=t)" },
	{ "use_cw_file",
	    "reads the names this host accepts mail for from "
	    "/etc/mail/local-host-names (class $=w)" },
	{ "uucpdomain",
	    "routes UUCP domains through the uucpdomain map" },
	{ "virtuser_entire_domain",
	    "applies the virtusertable to subdomains of virtual domains" },
	{ "virtusertable",
	    "maps virtual addresses and domains to local or remote recipients "
	    "through the virtusertable map" },
	{ "vnet",
	    "routes .vnet addresses through the vnet map" },
};

/* sm_feature_effect - what FEATURE(feature) changes, in one line, or NULL */
const char *
sm_feature_effect(const char *feature)
{
	size_t lo = 0, hi = sizeof(feature_effects) / sizeof(feature_effects[0]);

	if (feature == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(feature, feature_effects[mid].name);

		if (c == 0)
			return feature_effects[mid].effect;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
