/*
 * sm_maps - sendmail's text maps and lists: access, aliases, class files
 *
 * Each reader adds one struct sm_entry per logical entry to the model's
 * entries (line and spans kept), notes for what makemap, newaliases or
 * sendmail would reject or misread, and never fails on content: only an
 * unreadable file is an error (the loader reports that).
 */
#ifndef MH_SM_MAPS_H
#define MH_SM_MAPS_H

#include "parsers/model.h"

enum sm_map_kind {
	SM_MAP_ACCESS,
	SM_MAP_ALIASES,
	SM_MAP_CLASS,		/* relay-domains, local-host-names: first word counts */
};

/*
 * sm_access_parse - /etc/mail/access (makemap source): "key<blank>value";
 * keys lower-cased as makemap does; tags Connect:, From:, To:, Spam:,
 * GreetPause:, ClientRate:, ClientConn:, Srv_Features:, Try_TLS:, …;
 * values OK, RELAY, REJECT, DISCARD, SKIP, ERROR:…, "### text", numbers.
 * Notes: "access-bad-address" (123.456.678.901), "access-cidr" (a /n that
 * sendmail does not understand), "access-unknown-action",
 * "access-continuation" (a line starting with a blank: makemap error),
 * "access-duplicate" (makemap keeps the first and exits 65).
 */
int	 sm_access_parse(struct model *, const struct src *);

/*
 * sm_aliases_parse - aliases(5): "name: target, target" with continuation
 * lines (leading blank), quoting, :include:, |program, /file, comments.
 * Notes: "alias-syntax", "alias-duplicate" (newaliases keeps the last).
 */
int	 sm_aliases_parse(struct model *, const struct src *);

/*
 * sm_class_parse - a class file (relay-domains, local-host-names): one
 * entry per line, only the first word counts unless the .cf gives a scanf
 * format (format may be NULL).
 */
int	 sm_class_parse(struct model *, const struct src *, const char *format);

#endif
