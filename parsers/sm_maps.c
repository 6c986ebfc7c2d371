/*
 * sm_maps - sendmail's access map, aliases and class files, read as the
 * sendmail 8.17 programs read them
 *
 * access (makemap.c main): input is read with fgets into a 1024-byte
 * buffer; a line that does not fit (or whose newline is hidden behind a
 * NUL byte) is an error and the rest of the line is read as a new line;
 * empty lines and lines whose first byte is '#' are skipped; a line whose
 * first byte is ASCII white space is an error ("leading space"); the key
 * ends at the first ASCII white space and is lower-cased (ASCII only: the
 * Debian binary has no EAI); the value is the rest after the white space,
 * trailing blanks and a CR included; a key with no value is an error;
 * the first of duplicate keys is kept. Every error makes makemap exit 65.
 *
 * aliases (alias.c readaliases, contline): a line ending in a backslash
 * is joined with the next one (both dropped), a line followed by one that
 * starts with a space or a tab is joined with it (only the newline
 * dropped); this happens after comments too, so a comment swallows the
 * indented lines after it. The joined line is read into BUFSIZ (8192)
 * bytes: a longer one is refused whole. A line starting with a blank
 * continues nothing; the name ends at the first ':', is parsed as an
 * address (comments dropped, blanks between words become '.', quotes
 * kept) and lower-cased; the value is the rest with leading blanks
 * removed, trailing blanks kept. An empty value is refused. The last of
 * duplicate names is kept.
 *
 * class files (readcf.c fileclass): read with fgets into MAXLINE (2048)
 * bytes, longer lines as several; a line whose first byte is '#' is
 * skipped; each line is matched with the scanf format of the F line
 * ("%s" by default: the first word), and the words of the match enter the
 * class. Names are case-insensitive.
 *
 * Where this differs from the programs: notes give physical lines (makemap
 * counts its 1023-byte reads); an alias name is parsed without rulesets,
 * so a name with a domain is kept under its local part with a note (only
 * sendmail knows class w), and a name with an unclosed quote is dropped
 * (newaliases stores a garbled key); of scanf formats only literal text
 * and one %s or %[...] (with a width) are understood, anything else is
 * read as "%s".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/keyindex.h"
#include "parsers/sm_maps.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"

#define MAKEMAP_CHUNK	1023	/* makemap: char ibuf[1024] */
#define ALIAS_MAX	8190	/* readaliases: lbuf[BUFSIZ], with the '\n' */
#define CLASS_CHUNK	2047	/* fileclass: char buf[MAXLINE] */
#define EXCERPT_MAX	60	/* bytes of input quoted in a message */

/* is_space - ASCII white space, as sendmail's SM_ISSPACE and makemap's ISSEP */
static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/* lower - ASCII lower case; other bytes unchanged */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* excerpt - input bytes made printable and bounded, for a message */
static const char *
excerpt(struct model *m, const char *p, size_t n)
{
	char buf[EXCERPT_MAX * 4 + 8];
	size_t i, o = 0;

	for (i = 0; i < n && i < EXCERPT_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[o++] = (char)c;
		else if (c == '\\') {
			buf[o++] = '\\';
			buf[o++] = '\\';
		} else if (c == '\t') {
			buf[o++] = '\\';
			buf[o++] = 't';
		} else if (c == '\r') {
			buf[o++] = '\\';
			buf[o++] = 'r';
		} else {
			snprintf(buf + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return arena_strdup(&m->arena, buf);
}

/* lower_dup - an arena copy, ASCII lower-cased */
static char *
lower_dup(struct model *m, const char *p, size_t n)
{
	char *s = arena_strndup(&m->arena, p, n);
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = (char)lower((unsigned char)s[i]);
	return s;
}

/* new_entry - an entry appended to the model */
static struct map_entry *
new_entry(struct model *m, const char *map)
{
	struct map_entry *e = arena_alloc(&m->arena, sizeof(*e));

	e->map = map;
	MODEL_APPEND(m, m->entries, m->nentries, e);
	return e;
}

/* line_of - 1-based line of an offset, for messages */
static unsigned
line_of(const struct src *src, size_t off)
{
	unsigned line, col;

	src_position(src, off, &line, &col);
	return line;
}

/* ---- access ---- */

/* access_tags - the tags sendmail 8.17's cf looks up (lower case) */
static const char *const access_tags[] = {
	"authinfo", "bcc", "certissuer", "certsubject", "clientconn",
	"clientrate", "clt_features", "compat", "connect", "from",
	"greetpause", "qgrp", "spam", "srv_features", "tls_clt", "tls_rcpt",
	"tls_srv", "to", "try_tls",
};

/* access_tag - the tag of a lower-cased key ("connect"), or NULL */
static const char *
access_tag(const char *key)
{
	const char *colon = strchr(key, ':');
	size_t i, n;

	if (colon == NULL)
		return NULL;
	n = (size_t)(colon - key);
	for (i = 0; i < sizeof(access_tags) / sizeof(access_tags[0]); i++)
		if (strlen(access_tags[i]) == n &&
		    memcmp(access_tags[i], key, n) == 0)
			return access_tags[i];
	return NULL;
}

/*
 * ipv4_problem - why dotted digits are no IPv4 address or octet prefix
 * sendmail can match, or NULL. t[0..n) holds only digits and dots.
 */
static const char *
ipv4_problem(struct model *m, const char *t, size_t n)
{
	size_t i = 0, parts = 0;

	for (;;) {
		size_t s = i;
		unsigned long v = 0;

		while (i < n && t[i] != '.') {
			if (v <= 255)
				v = v * 10 + (unsigned long)(t[i] - '0');
			i++;
		}
		parts++;
		if (i == s)
			return arena_printf(&m->arena, "part %zu is empty",
			    parts);
		if (v > 255)
			return arena_printf(&m->arena, "octet %s is above 255",
			    excerpt(m, t + s, i - s));
		if (i - s > 1 && t[s] == '0')
			return arena_printf(&m->arena, "octet %s has a leading "
			    "zero, and the client addresses sendmail compares "
			    "never have one", excerpt(m, t + s, i - s));
		if (i >= n)
			break;
		i++;
	}
	if (parts > 4)
		return arena_printf(&m->arena, "it has %zu parts, an IPv4 "
		    "address at most 4", parts);
	return NULL;
}

/* is_hex - a hexadecimal digit */
static bool
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * ipv6_problem - why the text after "IPv6:" is no IPv6 address or group
 * prefix, or NULL
 */
static const char *
ipv6_problem(struct model *m, const char *t, size_t n)
{
	size_t i = 0, groups = 0;
	bool gap = false;

	if (n == 0)
		return "nothing follows 'IPv6:'";
	if (n >= 2 && t[0] == ':' && t[1] == ':') {
		gap = true;
		i = 2;
		if (i == n)
			return NULL;
	} else if (t[0] == ':')
		return "it starts with a single ':'";
	for (;;) {
		size_t s = i, k;

		while (i < n && t[i] != ':')
			i++;
		if (i == s)
			return "it has an empty group";
		for (k = s; k < i && is_hex((unsigned char)t[k]); k++)
			;
		if (k < i) {
			bool dotted = i == n;

			for (k = s; k < i && dotted; k++)
				dotted = t[k] == '.' ||
				    (t[k] >= '0' && t[k] <= '9');
			if (!dotted)
				return arena_printf(&m->arena, "group %s is "
				    "not hexadecimal", excerpt(m, t + s,
				    i - s));
			/* anynet_ntop: v4-mapped as a.b.c.d, the rest in hex */
			return arena_printf(&m->arena, "sendmail writes client "
			    "addresses with no dotted part (an IPv4-mapped "
			    "one as plain %s, others in hexadecimal groups)",
			    excerpt(m, t + s, i - s));
		} else if (i - s > 4)
			return arena_printf(&m->arena, "group %s has more than "
			    "4 hexadecimal digits", excerpt(m, t + s, i - s));
		else if (i - s > 1 && t[s] == '0')
			return arena_printf(&m->arena, "group %s has a leading "
			    "zero, and sendmail writes client addresses "
			    "without them", excerpt(m, t + s, i - s));
		else
			groups++;
		if (i >= n)
			break;
		i++;
		if (i < n && t[i] == ':') {
			if (gap)
				return "'::' appears twice";
			gap = true;
			i++;
			if (i >= n)
				break;
		} else if (i >= n)
			return "it ends with a single ':'";
	}
	if (groups > 8 || (gap && groups > 7))
		return arena_printf(&m->arena, "it has %zu groups, an IPv6 "
		    "address at most 8", groups);
	return NULL;
}

/* has_gap - the text holds "::" */
static bool
has_gap(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (t[i] == ':' && t[i + 1] == ':')
			return true;
	return false;
}

/*
 * check_access_key - the address part of a key: an IPv4 or IPv6
 * address, octet or group prefix, or CIDR network
 */
static void
check_access_key(struct model *m, const struct map_entry *e, const char *tag)
{
	const char *k = e->key, *a, *why, *written;
	size_t n, i, off;
	bool v6 = false, slash = false, digits = false;

	if (tag != NULL)
		k += strlen(tag) + 1;
	a = strrchr(k, '@');
	a = a != NULL ? a + 1 : k;
	n = strlen(a);
	if (n >= 2 && a[0] == '[' && a[n - 1] == ']') {
		a++;
		n -= 2;
	}
	if (n > 5 && memcmp(a, "ipv6:", 5) == 0) {
		v6 = true;
		for (i = 5; i < n; i++)
			if (a[i] == '/')
				slash = true;
	} else {
		for (i = 0; i < n; i++) {
			if (a[i] == '/')
				slash = true;
			else if (a[i] >= '0' && a[i] <= '9')
				digits = true;
			else if (a[i] != '.')
				return;
		}
		if (!digits)
			return;
	}
	/* The key is the lower-cased text of the source: offsets agree. */
	off = (size_t)(a - e->key);
	written = excerpt(m, e->key_span.src->bytes + e->key_span.start + off,
	    n);
	if (slash) {
		const char *sl = memchr(a, '/', n);
		size_t alen = (size_t)(sl - a), plen = n - alen - 1;
		const char *hint;

		if (v6)
			hint = "write the leading groups of the network "
			    "instead (IPv6:2001:db8 covers 2001:db8::/32)";
		else if (plen > 0 && plen <= 2 && strspn(sl + 1,
		    "0123456789") == plen && atoi(sl + 1) % 8 == 0 &&
		    atoi(sl + 1) > 0 && atoi(sl + 1) <= 32 &&
		    ipv4_problem(m, a, alen) == NULL) {
			int octets = atoi(sl + 1) / 8;
			size_t end = 0;

			while (end < alen && octets > 0) {
				if (a[end] == '.')
					octets--;
				if (octets > 0)
					end++;
			}
			hint = arena_printf(&m->arena, "write the leading "
			    "octets instead: '%s'", excerpt(m, a, end));
		} else
			hint = "sendmail matches only whole leading octets "
			    "(192.168.1 for a /24); list each such prefix";
		model_add_note(m, "access-cidr", span_make(e->key_span.src,
		    e->key_span.start + off, e->key_span.start + off + n),
		    "'%s' is CIDR notation, which sendmail's access map does "
		    "not understand: the key is looked up as that literal "
		    "text and never matches a client; %s", written, hint);
		return;
	}
	why = v6 ? ipv6_problem(m, a + 5, n - 5) : ipv4_problem(m, a, n);
	if (why != NULL)
		model_add_note(m, "access-bad-address",
		    span_make(e->key_span.src, e->key_span.start + off,
		    e->key_span.start + off + n),
		    "'%s' is not an %s address: %s", written,
		    v6 ? "IPv6" : "IPv4", why);
	else if (v6 && has_gap(a, n))
		model_add_note(m, "access-ipv6-compressed",
		    span_make(e->key_span.src, e->key_span.start + off,
		    e->key_span.start + off + n),
		    "'%s' uses '::': sendmail 8.17 (built with IPV6_FULL) "
		    "writes client addresses uncompressed (IPv6:2001:db8:0:0:"
		    "0:0:0:1), so the key matches only when the .cf sets "
		    "UseCompressedIPv6Addresses", written);
}

/* word_eq - the value is exactly this word, in any case */
static bool
word_eq(const char *v, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)v[i]) != w[i])
			return false;
	return true;
}

/* prefix_eq - the value starts with this prefix, in any case */
static bool
prefix_eq(const char *v, size_t n, const char *p)
{
	size_t i, pn = strlen(p);

	if (n < pn)
		return false;
	for (i = 0; i < pn; i++)
		if (lower((unsigned char)v[i]) != p[i])
			return false;
	return true;
}

/* all_digits - one or more decimal digits */
static bool
all_digits(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return n > 0;
}

/* standard_action - what check_relay, check_mail and check_rcpt act on */
static bool
standard_action(const char *v, size_t n)
{
	if (word_eq(v, n, "ok") || word_eq(v, n, "relay") ||
	    word_eq(v, n, "reject") || word_eq(v, n, "discard") ||
	    word_eq(v, n, "skip"))
		return true;
	if (prefix_eq(v, n, "error:") && n > 6)
		return true;
	if (prefix_eq(v, n, "quarantine:") && n > 11)
		return true;
	/* Deprecated: "550 text" (an SMTP reply code and a message). */
	return n >= 3 && (v[0] == '4' || v[0] == '5') && all_digits(v, 3) &&
	    (n == 3 || is_space((unsigned char)v[3]));
}

/* tls_requirement - [(PERM|TEMP)+](VERIFY[:bits]|ENCR:bits)[+extensions] */
static bool
tls_requirement(const char *v, size_t n)
{
	size_t i = 0, d;

	if (prefix_eq(v, n, "perm+") || prefix_eq(v, n, "temp+"))
		i = 5;
	if (prefix_eq(v + i, n - i, "verify")) {
		i += 6;
		if (i < n && v[i] == ':') {
			d = i + 1;
			while (d < n && v[d] >= '0' && v[d] <= '9')
				d++;
			if (d == i + 1)
				return false;
			i = d;
		}
	} else if (prefix_eq(v + i, n - i, "encr:")) {
		i += 5;
		for (d = i; d < n && v[d] >= '0' && v[d] <= '9'; d++)
			;
		if (d == i)
			return false;
		i = d;
	} else
		return false;
	return i == n || v[i] == '+';
}

/* letters_only - Srv_Features and Clt_Features: flag letters and blanks */
static bool
letters_only(const char *v, size_t n)
{
	size_t i;
	bool any = false;

	for (i = 0; i < n; i++) {
		int c = lower((unsigned char)v[i]);

		if (c >= 'a' && c <= 'z')
			any = true;
		else if (!is_space(c))
			return false;
	}
	return any;
}

/* check_access_value - notes for a value the tag's ruleset does not act on */
static void
check_access_value(struct model *m, const struct map_entry *e, const char *tag)
{
	const char *v = e->value, *want;
	size_t n = strlen(v);
	bool ok;

	while (n > 0 && is_space((unsigned char)v[n - 1]))
		n--;
	if (tag == NULL || strcmp(tag, "connect") == 0 ||
	    strcmp(tag, "from") == 0 || strcmp(tag, "to") == 0) {
		ok = standard_action(v, n);
		want = "OK, RELAY, REJECT, DISCARD, SKIP, ERROR:..., "
		    "QUARANTINE:... or a reply code and text";
	} else if (strcmp(tag, "spam") == 0) {
		ok = word_eq(v, n, "friend") || word_eq(v, n, "hater");
		want = "FRIEND or HATER";
	} else if (strcmp(tag, "greetpause") == 0 ||
	    strcmp(tag, "clientrate") == 0 || strcmp(tag, "clientconn") == 0) {
		ok = all_digits(v, n);
		want = strcmp(tag, "greetpause") == 0 ?
		    "a number of milliseconds" : "a number";
	} else if (strcmp(tag, "srv_features") == 0 ||
	    strcmp(tag, "clt_features") == 0) {
		ok = letters_only(v, n);
		want = "feature letters";
	} else if (strcmp(tag, "try_tls") == 0) {
		ok = word_eq(v, n, "no") || word_eq(v, n, "yes");
		want = "NO (or YES)";
	} else if (strncmp(tag, "tls_", 4) == 0) {
		ok = tls_requirement(v, n) || standard_action(v, n);
		want = "VERIFY, VERIFY:bits or ENCR:bits, optionally with "
		    "PERM+ or TEMP+ before and +extensions after";
	} else if (strncmp(tag, "cert", 4) == 0) {
		ok = word_eq(v, n, "relay") || word_eq(v, n, "subject");
		want = "RELAY or SUBJECT";
	} else if (strcmp(tag, "compat") == 0) {
		ok = word_eq(v, n, "ok") || word_eq(v, n, "discard") ||
		    prefix_eq(v, n, "discard:") || prefix_eq(v, n, "temp:") ||
		    prefix_eq(v, n, "error:");
		want = "OK, DISCARD, TEMP:... or ERROR:...";
	} else
		return;		/* authinfo, bcc, qgrp: free text */
	if (ok)
		return;
	if (memchr(v, '#', n) != NULL && (tag == NULL ||
	    strcmp(tag, "connect") == 0 || strcmp(tag, "from") == 0 ||
	    strcmp(tag, "to") == 0))
		model_add_note(m, "access-unknown-action", e->value_span,
		    "'%s' is not an access action: '#' starts a comment only "
		    "at the beginning of a line, so the comment is part of "
		    "the value; sendmail acts on %s only",
		    excerpt(m, v, n), want);
	else if (tag == NULL || strcmp(tag, "connect") == 0 ||
	    strcmp(tag, "from") == 0 || strcmp(tag, "to") == 0)
		model_add_note(m, "access-unknown-action", e->value_span,
		    "'%s' is not an access action (%s): sendmail uses it as "
		    "the text of a rejection for senders and clients and "
		    "ignores it for recipients", excerpt(m, v, n), want);
	else
		model_add_note(m, "access-unknown-action", e->value_span,
		    "'%s' is not a value for %s keys (%s expected)",
		    excerpt(m, v, n), excerpt(m, e->key_span.src->bytes +
		    e->key_span.start, strlen(tag) + 1), want);
}

/* entry_key - the key of the model's entry number id (for keyindex) */
static const char *
entry_key(const void *m, size_t id)
{
	return ((const struct model *)m)->entries[id]->key;
}

/*
 * access_line - one line as makemap reads it: [s, e) without the
 * newline; nl says whether a newline ended it
 */
static void
access_line(struct model *m, const struct src *src, struct keyindex *seen,
    size_t s, size_t e, bool nl)
{
	const char *b = src->bytes;
	const char *nul = memchr(b + s, '\0', e - s);
	struct map_entry *ent, *first;
	const char *tag;
	size_t k, v, id;

	if (nul != NULL) {
		if (nl) {
			model_add_note(m, "access-syntax", span_make(src, s, e),
			    "line %u holds a NUL byte, which hides its end "
			    "from makemap: makemap says 'line too long', skips "
			    "the line and exits 65", line_of(src, s));
			return;
		}
		e = (size_t)(nul - b);
	}
	if (e == s || b[s] == '#')
		return;
	if (is_space((unsigned char)b[s])) {
		model_add_note(m, "access-continuation", span_make(src, s, e),
		    "line starts with %s: makemap has no continuation lines; "
		    "it says 'syntax error (leading space)', skips '%s' and "
		    "exits 65", b[s] == '\r' ? "a carriage return" :
		    b[s] == '\t' ? "a tab" : "white space",
		    excerpt(m, b + s, e - s));
		return;
	}
	for (k = s; k < e && !is_space((unsigned char)b[k]); k++)
		;
	for (v = k; v < e && is_space((unsigned char)b[v]); v++)
		;
	if (v == e) {
		model_add_note(m, "access-syntax", span_make(src, s, e),
		    "key '%s' has no value: makemap says 'no RHS for LHS', "
		    "skips it and exits 65", excerpt(m, b + s, k - s));
		return;
	}
	ent = new_entry(m, "access");
	ent->key = lower_dup(m, b + s, k - s);
	ent->value = arena_strndup(&m->arena, b + v, e - v);
	ent->key_span = span_make(src, s, k);
	ent->value_span = span_make(src, v, e);
	ent->line_span = span_make(src, s, nl ? e + 1 : e);
	id = keyindex_add(seen, ent->key, k - s, m->nentries - 1);
	if (id != SIZE_MAX) {
		first = m->entries[id];
		unsigned fl = line_of(src, first->key_span.start);

		ent->earlier = first;
		model_add_note(m, "access-duplicate", ent->key_span,
		    "key '%s' is already on line %u: makemap keeps the first "
		    "(line %u: '%s'), ignores this one ('%s'), says "
		    "'duplicate key' and exits 65", excerpt(m, ent->key, k - s),
		    fl, fl, excerpt(m, first->value, strlen(first->value)),
		    excerpt(m, ent->value, e - v));
		return;		/* never in the map: nothing else to say */
	}
	tag = access_tag(ent->key);
	check_access_key(m, ent, tag);
	check_access_value(m, ent, tag);
}

/* sm_access_parse - the access map source, line by line as makemap reads it */
int
sm_access_parse(struct model *m, const struct src *src)
{
	struct keyindex seen;
	const char *b = src->bytes;
	size_t pos = 0, len = src->len;

	keyindex_init(&seen, entry_key, m);
	keyindex_reserve(&seen, src->nlines);	/* one table for the map */
	while (pos < len) {
		const char *nlp = memchr(b + pos, '\n', len - pos);
		size_t eol = nlp != NULL ? (size_t)(nlp - b) : len;
		size_t full = (eol - pos) / MAKEMAP_CHUNK;
		size_t s = pos + full * MAKEMAP_CHUNK;

		/*
		 * fgets reads 1023 bytes at a time: every piece without the
		 * newline is an error, and what is left is read as a line.
		 */
		if (full > 0 && s < eol)
			model_add_note(m, "access-syntax",
			    span_make(src, pos, s),
			    "line %u is %zu bytes long: makemap reads at most "
			    "1023 bytes at a time, says 'line too long' for "
			    "the first %zu bytes, exits 65, and reads the %zu "
			    "bytes after them as a line of their own",
			    line_of(src, pos), eol - pos, s - pos, eol - s);
		else if (full > 0)
			model_add_note(m, "access-syntax",
			    span_make(src, pos, s),
			    "line %u is %zu bytes long: makemap reads at most "
			    "1023 bytes at a time, says 'line too long' and "
			    "exits 65", line_of(src, pos), eol - pos);
		if (s < eol)
			access_line(m, src, &seen, s, eol, nlp != NULL);
		pos = nlp != NULL ? eol + 1 : len;
	}
	keyindex_release(&seen);
	return 0;
}

/* ---- aliases ---- */

/* seg - a piece of a logical line: joined text offset to source offset */
struct seg {
	size_t	 text_off, src_off, len;
};

/* lline - a logical aliases line: continuations joined */
struct lline {
	char	*text;		/* joined, NUL-terminated; reused */
	size_t	 len, cap;
	struct seg *segs;	/* reused */
	size_t	 nsegs, segcap;
	size_t	 start, end;	/* source: first byte, after the line end */
	size_t	 content_end;	/* source: end of the last line's text */
	size_t	 nlines;	/* physical lines */
	bool	 too_long;	/* more than readaliases' buffer holds */
	bool	 nul_last;	/* a NUL hides the last line's newline */
	size_t	 nul_at;	/* source offset of the first NUL or SIZE_MAX */
};

/* lline_append - add source bytes to a logical line, up to newaliases' limit */
static void
lline_append(struct lline *l, const char *b, size_t src_off, size_t n)
{
	if (l->too_long)
		return;
	if (l->len + n > ALIAS_MAX) {
		l->too_long = true;
		return;
	}
	if (l->len + n + 1 > l->cap) {
		while (l->len + n + 1 > l->cap)
			l->cap = l->cap ? l->cap * 2 : 256;
		l->text = xrealloc(l->text, l->cap);
	}
	if (l->nsegs == l->segcap) {
		l->segcap = l->segcap ? l->segcap * 2 : 8;
		l->segs = xreallocarray(l->segs, l->segcap, sizeof(*l->segs));
	}
	l->segs[l->nsegs].text_off = l->len;
	l->segs[l->nsegs].src_off = src_off;
	l->segs[l->nsegs].len = n;
	l->nsegs++;
	memcpy(l->text + l->len, b + src_off, n);
	l->len += n;
	l->text[l->len] = '\0';
}

/*
 * lline_read - the logical line at pos as readaliases joins it; returns
 * the position after it
 */
static size_t
lline_read(struct lline *l, const struct src *src, size_t pos)
{
	const char *b = src->bytes;
	size_t len = src->len;

	l->len = 0;
	l->nsegs = 0;
	l->too_long = false;
	l->nul_last = false;
	l->nul_at = SIZE_MAX;
	l->nlines = 0;
	l->start = pos;
	if (l->text != NULL)
		l->text[0] = '\0';
	for (;;) {
		const char *nlp = memchr(b + pos, '\n', len - pos);
		size_t eol = nlp != NULL ? (size_t)(nlp - b) : len;
		size_t next = nlp != NULL ? eol + 1 : len;
		const char *nul = memchr(b + pos, '\0', eol - pos);
		size_t cut = nul != NULL ? (size_t)(nul - b) : eol;

		l->nlines++;
		if (nul != NULL && l->nul_at == SIZE_MAX)
			l->nul_at = cut;
		l->content_end = eol;
		/* "\\\n": both dropped, the next line joined directly */
		if (nul == NULL && nlp != NULL && eol > pos &&
		    b[eol - 1] == '\\') {
			lline_append(l, b, pos, eol - 1 - pos);
			if (next < len) {
				pos = next;
				continue;
			}
			l->end = next;
			return next;
		}
		lline_append(l, b, pos, cut - pos);
		if (next < len && (b[next] == ' ' || b[next] == '\t')) {
			pos = next;
			continue;
		}
		/* The last line's newline must be seen (EOF excuses it). */
		l->nul_last = nul != NULL && nlp != NULL;
		l->end = next;
		return next;
	}
}

/* lline_src - the source offset of a joined-text offset */
static size_t
lline_src(const struct lline *l, size_t off)
{
	size_t lo = 0, hi = l->nsegs;

	if (l->nsegs == 0)
		return l->start;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->segs[mid].text_off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return l->segs[lo].src_off + (off - l->segs[lo].text_off);
}

/* lline_span - a source span for joined text [a, b) */
static struct span
lline_span(const struct lline *l, const struct src *src, size_t a, size_t b)
{
	if (b <= a)
		return span_make(src, lline_src(l, a), lline_src(l, a));
	return span_make(src, lline_src(l, a), lline_src(l, b - 1) + 1);
}

/*
 * alias_name - the key readaliases stores for the name t[0..n): RFC 822
 * comments dropped, <> removed, blanks between words turned into '.',
 * quoted strings kept with their quotes, lower-cased. Returns NULL and
 * sets *why when newaliases refuses the name; *domain points at an
 * "@domain" part when there is one.
 */
static char *
alias_name(struct model *m, const char *t, size_t n, const char **why,
    const char **domain)
{
	/* Never longer than the name: a '.' replaces one or more blanks. */
	char *out = arena_alloc(&m->arena, n + 1);
	size_t i, o = 0, at = SIZE_MAX;
	int depth = 0;
	bool quoted = false, word_before = false, blank = false;

	*why = NULL;
	*domain = NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c >= 0x80) {
			*why = "it holds an 8-bit character, and newaliases "
			    "says 'illegal alias name'";
			return NULL;
		}
		if (quoted) {
			out[o++] = (char)lower(c);
			if (c == '\\' && i + 1 < n)
				out[o++] = (char)lower((unsigned char)t[++i]);
			else if (c == '"')
				quoted = false;
			continue;
		}
		if (depth > 0) {
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			else if (c == '\\' && i + 1 < n)
				i++;
			continue;
		}
		if (c == '(') {
			depth = 1;
			continue;
		}
		if (is_space(c)) {
			blank = true;
			continue;
		}
		if (c == '<' || c == '>')
			continue;
		if (c == ',') {
			*why = "it holds a ',', and newaliases says 'cannot "
			    "alias non-local names'";
			return NULL;
		}
		if (c == '@' && *domain == NULL) {
			*domain = arena_strndup(&m->arena, t + i, n - i);
			at = o;
		}
		/* sendmail's BlankSub: blanks between two words become '.' */
		if (blank && word_before && c != '.' && c != '@' &&
		    out[o - 1] != '.' && out[o - 1] != '@')
			out[o++] = '.';
		blank = false;
		out[o++] = (char)lower(c);
		if (c == '"')
			quoted = true;
		else if (c == '\\' && i + 1 < n)
			out[o++] = (char)lower((unsigned char)t[++i]);
		word_before = true;
	}
	if (quoted) {
		*why = "a '\"' is not closed, and newaliases says 'Unbalanced "
		    "'\"''";
		return NULL;
	}
	if (depth > 0) {
		*why = "a '(' is not closed, and newaliases says 'Unbalanced "
		    "'(''";
		return NULL;
	}
	out[o] = '\0';
	if (at != SIZE_MAX)
		out[at] = '\0';
	if (out[0] == '\0') {
		*why = "it is empty, and newaliases says 'illegal alias name'";
		return NULL;
	}
	return out;
}

/* unquote - an item that is one quoted string, without its quotes */
static char *
unquote(struct model *m, const char *t, size_t n)
{
	char *out;
	size_t i, o = 0;

	if (n < 2 || t[0] != '"' || t[n - 1] != '"')
		return arena_strndup(&m->arena, t, n);
	for (i = 1; i < n - 1; i++) {
		if (t[i] == '"' && (i == 1 || t[i - 1] != '\\'))
			return arena_strndup(&m->arena, t, n);
	}
	out = arena_alloc(&m->arena, n);
	for (i = 1; i < n - 1; i++) {
		if (t[i] == '\\' && i + 1 < n - 1)
			i++;
		out[o++] = t[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * next_item - the next target of t[pos..n): split at commas outside
 * quotes, comments and <>; *s, *e get the trimmed item; returns false at
 * the end
 */
static bool
next_item(const char *t, size_t n, size_t *pos, size_t *s, size_t *e)
{
	size_t i = *pos;
	int depth = 0, angle = 0;
	bool quoted = false;

	for (;;) {
		while (i < n && (is_space((unsigned char)t[i]) || t[i] == ','))
			i++;
		if (i >= n) {
			*pos = i;
			return false;
		}
		*s = i;
		for (; i < n; i++) {
			char c = t[i];

			if (quoted) {
				if (c == '\\' && i + 1 < n)
					i++;
				else if (c == '"')
					quoted = false;
			} else if (c == '\\' && i + 1 < n)
				i++;
			else if (c == '"')
				quoted = true;
			else if (c == '(')
				depth++;
			else if (c == ')' && depth > 0)
				depth--;
			else if (c == '<' && depth == 0)
				angle++;
			else if (c == '>' && depth == 0 && angle > 0)
				angle--;
			else if (c == ',' && depth == 0 && angle == 0)
				break;
		}
		*e = i;
		while (*e > *s && is_space((unsigned char)t[*e - 1]))
			(*e)--;
		*pos = i;
		return true;
	}
}

/* alias_items - the targets of an entry, unquoted, with their spans */
static void
alias_items(struct model *m, struct map_entry *ent, const struct lline *l,
    const struct src *src, size_t vs)
{
	const char *t = l->text;
	size_t pos = vs, s, e, count = 0;

	while (next_item(t, l->len, &pos, &s, &e))
		count++;
	if (count == 0)
		return;
	ent->items = arena_alloc(&m->arena, count * sizeof(*ent->items));
	ent->item_spans = arena_alloc(&m->arena,
	    count * sizeof(*ent->item_spans));
	pos = vs;
	while (ent->nitems < count && next_item(t, l->len, &pos, &s, &e)) {
		ent->items[ent->nitems] = unquote(m, t + s, e - s);
		ent->item_spans[ent->nitems] = lline_span(l, src, s, e);
		ent->nitems++;
	}
}

/* alias_entry - one logical line that is neither blank nor a comment */
static void
alias_entry(struct model *m, const struct src *src, struct strmap *seen,
    const struct lline *l)
{
	const char *t = l->text, *colon, *why, *domain;
	struct map_entry *ent, *prev;
	size_t ns, ne, vs, ve;
	char *key;

	colon = memchr(t, ':', l->len);
	if (colon == NULL) {
		model_add_note(m, "alias-syntax", lline_span(l, src, 0, l->len),
		    "'%s' has no ':' after the alias name: "
		    "newaliases says 'missing colon' and skips it",
		    excerpt(m, t, l->len));
		return;
	}
	ns = 0;
	ne = (size_t)(colon - t);
	while (ns < ne && is_space((unsigned char)t[ns]))
		ns++;
	while (ne > ns && is_space((unsigned char)t[ne - 1]))
		ne--;
	key = alias_name(m, t, (size_t)(colon - t), &why, &domain);
	if (key == NULL) {
		model_add_note(m, "alias-syntax", ne > ns ?
		    lline_span(l, src, ns, ne) : lline_span(l, src, 0, 1),
		    "alias name '%s' is refused: %s; the entry is skipped",
		    excerpt(m, t, (size_t)(colon - t)), why);
		return;
	}
	vs = (size_t)(colon - t) + 1;
	while (vs < l->len && is_space((unsigned char)t[vs]))
		vs++;
	ve = l->len;
	if (vs == ve) {
		model_add_note(m, "alias-syntax", lline_span(l, src, 0,
		    (size_t)(colon - t) + 1), "alias '%s' has no value: "
		    "newaliases says 'missing value for alias' and skips it",
		    excerpt(m, key, strlen(key)));
		return;
	}
	ent = new_entry(m, "aliases");
	ent->key = key;
	ent->value = arena_strndup(&m->arena, t + vs, ve - vs);
	ent->key_span = lline_span(l, src, ns, ne);
	ent->value_span = lline_span(l, src, vs, ve);
	ent->line_span = span_make(src, l->start, l->end);
	alias_items(m, ent, l, src, vs);
	if (domain != NULL)
		model_add_note(m, "alias-syntax", ent->key_span,
		    "alias name '%s' has a domain ('%s'): newaliases accepts "
		    "it only when the domain is this host's (class w), and "
		    "otherwise says 'cannot alias non-local names'",
		    excerpt(m, t + ns, ne - ns), excerpt(m, domain,
		    strlen(domain)));
	prev = strmap_put(seen, key, strlen(key), ent);
	if (prev != NULL) {
		unsigned pl = line_of(src, prev->key_span.start);

		ent->earlier = prev;
		model_add_note(m, "alias-duplicate", ent->key_span,
		    "alias '%s' is already defined on line %u: newaliases "
		    "says 'duplicate alias name' and keeps this definition "
		    "('%s'), not the one on line %u ('%s')",
		    excerpt(m, key, strlen(key)), pl,
		    excerpt(m, ent->value, strlen(ent->value)), pl,
		    excerpt(m, prev->value, strlen(prev->value)));
	}
}

/* sm_aliases_parse - aliases(5), entry by entry as readaliases reads it */
int
sm_aliases_parse(struct model *m, const struct src *src)
{
	struct strmap seen = STRMAP_INIT;
	struct lline l;
	size_t pos = 0;
	bool skipping = false;

	memset(&l, 0, sizeof(l));
	while (pos < src->len) {
		pos = lline_read(&l, src, pos);
		if (l.too_long || l.nul_last) {
			size_t bad = l.start;

			model_add_note(m, "alias-syntax",
			    span_make(src, l.start, l.content_end),
			    "%s: newaliases says 'alias line too long' and "
			    "skips the entry", l.nul_last ? "a NUL byte hides "
			    "the end of this line from newaliases" :
			    "the entry is longer than the 8190 bytes "
			    "newaliases reads");
			skipping = false;
			/*
			 * readaliases then reads on to the end of the
			 * "virtual line" from where fgets stopped: after a
			 * hidden newline, that is the whole next entry.
			 */
			if (!l.nul_last || pos >= src->len)
				continue;
			pos = lline_read(&l, src, pos);
			model_add_note(m, "alias-syntax",
			    span_make(src, l.start, l.content_end),
			    "newaliases skips this entry too: after the NUL "
			    "byte on line %u it reads on to the end of the "
			    "next line, with its continuations",
			    line_of(src, bad));
			continue;
		}
		if (l.nul_at != SIZE_MAX)
			model_add_note(m, "alias-syntax", span_make(src,
			    l.nul_at, l.nul_at + 1), "line %u holds a NUL "
			    "byte: newaliases ignores the rest of that line",
			    line_of(src, l.nul_at));
		if (l.len == 0 || l.text[0] == '#') {
			if (l.nsegs > 1 && l.text[0] == '#')
				model_add_note(m, "alias-syntax",
				    span_make(src, l.segs[1].src_off,
				    l.content_end), "line %u continues the "
				    "comment on line %u (a blank at its start "
				    "or a backslash before it joins them), so "
				    "newaliases ignores it",
				    line_of(src, l.segs[1].src_off),
				    line_of(src, l.start));
			skipping = false;
			continue;
		}
		if (l.text[0] == ' ' || l.text[0] == '\t') {
			if (!skipping)
				model_add_note(m, "alias-syntax",
				    lline_span(&l, src, 0, l.len),
				    "line starts with a blank but continues "
				    "nothing: newaliases says 'Non-continuation"
				    " line starts with space' and skips '%s'",
				    excerpt(m, l.text, l.len));
			skipping = true;
			continue;
		}
		skipping = false;
		alias_entry(m, src, &seen, &l);
	}
	free(l.text);
	free(l.segs);
	strmap_release(&seen);
	return 0;
}

/* ---- class files ---- */

/* scanfmt - the one conversion of a class file's scanf format */
struct scanfmt {
	char	 lit[256];	/* literal text before the conversion */
	size_t	 litlen;
	bool	 set;		/* %[...], else %s */
	bool	 negate;
	bool	 member[256];
	size_t	 width;		/* 0: none */
};

/*
 * scanfmt_parse - "%s" and "%[...]" (with ^, ranges and a leading ']'),
 * an optional width and literal text before them. sendmail removes the
 * backslash of "\#" when it reads the .cf; so does this. Anything else
 * (%d, %c, a second conversion) is read as "%s".
 */
static void
scanfmt_parse(struct scanfmt *f, const char *fmt)
{
	size_t i = 0, o = 0;

	memset(f, 0, sizeof(*f));
	if (fmt == NULL)
		fmt = "%s";
	while (fmt[i] != '\0') {
		if (fmt[i] == '%' && fmt[i + 1] == '%') {
			if (o < sizeof(f->lit) - 1)
				f->lit[o++] = '%';
			i += 2;
			continue;
		}
		if (fmt[i] == '%')
			break;
		if (fmt[i] == '\\' && fmt[i + 1] == '#')
			i++;
		if (o < sizeof(f->lit) - 1)
			f->lit[o++] = fmt[i];
		i++;
	}
	f->litlen = o;
	if (fmt[i] != '%')
		return;		/* no conversion: "%s" */
	i++;
	while (fmt[i] >= '0' && fmt[i] <= '9') {
		if (f->width < 100000)
			f->width = f->width * 10 + (size_t)(fmt[i] - '0');
		i++;
	}
	if (fmt[i] != '[')
		return;
	i++;
	f->set = true;
	if (fmt[i] == '^') {
		f->negate = true;
		i++;
	}
	if (fmt[i] == ']') {
		f->member[']'] = true;
		i++;
	}
	while (fmt[i] != '\0' && fmt[i] != ']') {
		unsigned char c = (unsigned char)fmt[i];

		if (c == '\\' && fmt[i + 1] == '#') {
			i++;
			continue;
		}
		if (fmt[i + 1] == '-' && fmt[i + 2] != ']' &&
		    fmt[i + 2] != '\0') {
			unsigned char hi = (unsigned char)fmt[i + 2], x;

			for (x = c; x <= hi && x >= c; x++) {
				f->member[x] = true;
				if (x == 255)
					break;
			}
			i += 3;
			continue;
		}
		f->member[c] = true;
		i++;
	}
}

/*
 * scan_chunk - sscanf(chunk, fmt, word): the matched bytes [*ms, *me)
 * of b[s..e) (which stops at a NUL), or false when nothing is assigned
 */
static bool
scan_chunk(const struct scanfmt *f, const char *b, size_t s, size_t e,
    size_t *ms, size_t *me)
{
	size_t i = s, k, lim;

	for (k = 0; k < f->litlen; k++) {
		unsigned char c = (unsigned char)f->lit[k];

		if (is_space(c)) {
			while (i < e && is_space((unsigned char)b[i]))
				i++;
		} else if (i < e && b[i] == (char)c)
			i++;
		else
			return false;
	}
	if (!f->set)
		while (i < e && is_space((unsigned char)b[i]))
			i++;
	lim = f->width > 0 && e - i > f->width ? i + f->width : e;
	*ms = i;
	if (f->set) {
		while (i < lim && f->member[(unsigned char)b[i]] != f->negate)
			i++;
	} else {
		while (i < lim && !is_space((unsigned char)b[i]))
			i++;
	}
	*me = i;
	return i > *ms;
}

/* base_name - the last component of a path */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* sm_class_parse - a class file, piece by piece as fileclass reads it */
int
sm_class_parse(struct model *m, const struct src *src, const char *format)
{
	struct strmap seen = STRMAP_INIT;
	struct scanfmt f;
	const char *b = src->bytes, *map;
	size_t pos = 0, len = src->len;

	scanfmt_parse(&f, format);
	map = arena_strdup(&m->arena, base_name(src->path));
	while (pos < len) {
		const char *nlp = memchr(b + pos, '\n', len - pos);
		size_t eol = nlp != NULL ? (size_t)(nlp - b) : len;
		size_t next = nlp != NULL ? eol + 1 : len;
		size_t cs;

		/* fgets: pieces of at most 2047 bytes, the newline included */
		for (cs = pos; cs < next; cs += CLASS_CHUNK) {
			size_t ce = next - cs > CLASS_CHUNK ? cs + CLASS_CHUNK :
			    next;
			const char *nul = memchr(b + cs, '\0', ce - cs);
			size_t end = nul != NULL ? (size_t)(nul - b) : ce;
			size_t ms, me, w;

			if (b[cs] == '#' ||
			    !scan_chunk(&f, b, cs, end, &ms, &me))
				continue;
			/* parse_class_words: every word of the match */
			for (w = ms; w < me;) {
				struct map_entry *ent;
				size_t ws;

				while (w < me && is_space((unsigned char)b[w]))
					w++;
				if (w >= me)
					break;
				ws = w;
				while (w < me && !is_space((unsigned char)b[w]))
					w++;
				ent = new_entry(m, map);
				ent->key = lower_dup(m, b + ws, w - ws);
				ent->value = "";
				ent->key_span = span_make(src, ws, w);
				ent->value_span = span_make(src, w, w);
				ent->line_span = span_make(src, pos, next);
				ent->earlier = strmap_get(&seen, ent->key,
				    w - ws);
				if (ent->earlier == NULL)
					strmap_put(&seen, ent->key, w - ws,
					    ent);
			}
		}
		pos = next;
	}
	strmap_release(&seen);
	return 0;
}
