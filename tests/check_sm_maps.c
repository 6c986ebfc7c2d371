/*
 * check_sm_maps - sendmail's access map, aliases and class file readers
 *
 * The expected results were checked against the sendmail 8.17.1.9
 * binaries of Debian 12 (makemap, sendmail -bi with praliases, and
 * sendmail -bt with $=X for class files); tests/integration/
 * makemap-agreement.sh repeats the makemap part on tests/corpus.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/model.h"
#include "parsers/sm_maps.h"
#include "lib/xalloc.h"

enum kind {
	ACCESS,
	ALIASES,
	CLASS,
};

/* read_map - a model holding one map read from text[0..len) */
static struct model *
read_map(enum kind kind, const char *path, const char *text, size_t len,
    const char *format)
{
	struct model *m = model_new(MTA_SENDMAIL);
	const struct src *src = model_add_src(m, src_from_bytes(path, text,
	    len));

	if (kind == ACCESS)
		ck_assert_int_eq(sm_access_parse(m, src), 0);
	else if (kind == ALIASES)
		ck_assert_int_eq(sm_aliases_parse(m, src), 0);
	else
		ck_assert_int_eq(sm_class_parse(m, src, format), 0);
	return m;
}

static struct model *
read_str(enum kind kind, const char *text)
{
	return read_map(kind, kind == ACCESS ? "access" : kind == ALIASES ?
	    "aliases" : "relay-domains", text, strlen(text), NULL);
}

/* span_is - the span covers exactly this text */
static void
span_is(struct span sp, const char *text)
{
	ck_assert_ptr_nonnull(sp.src);
	ck_assert_uint_le(sp.start, sp.end);
	ck_assert_uint_le(sp.end, sp.src->len);
	ck_assert_uint_eq(sp.end - sp.start, strlen(text));
	ck_assert_msg(memcmp(sp.src->bytes + sp.start, text, strlen(text)) == 0,
	    "span holds '%.*s', not '%s'", (int)(sp.end - sp.start),
	    sp.src->bytes + sp.start, text);
}

/* at - the span starts at line:col */
static void
at(struct span sp, unsigned line, unsigned col)
{
	unsigned l, c;

	src_position(sp.src, sp.start, &l, &c);
	ck_assert_uint_eq(l, line);
	ck_assert_uint_eq(c, col);
}

static size_t
count_notes(const struct model *m, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < m->nnotes; i++)
		if (strcmp(m->notes[i]->code, code) == 0)
			n++;
	return n;
}

static const struct model_note *
first_note(const struct model *m, const char *code)
{
	size_t i;

	for (i = 0; i < m->nnotes; i++)
		if (strcmp(m->notes[i]->code, code) == 0)
			return m->notes[i];
	return NULL;
}

/* entry_of - the entry with this key that the MTA keeps */
static const struct map_entry *
entry_of(const struct model *m, const char *key)
{
	const struct map_entry *hit = NULL;
	size_t i;

	for (i = 0; i < m->nentries; i++)
		if (strcmp(m->entries[i]->key, key) == 0 && hit == NULL)
			hit = m->entries[i];
	return hit;
}

/* ---- access ---- */

START_TEST(test_sm_access_keys_values_and_spans)
{
	struct model *m = read_str(ACCESS,
	    "# access map\n"
	    "\n"
	    "Connect:192.168.1\tRELAY\n"
	    "From:Spammer@Example.COM   ERROR:5.7.1:550 go away   \n"
	    "To:Example.ORG OK # mid-line hash\n"
	    "GreetPause:localhost 0\n"
	    "192.168.212 REJECT");
	const struct map_entry *e;

	ck_assert_uint_eq(m->nentries, 5);
	e = m->entries[0];
	ck_assert_str_eq(e->map, "access");
	ck_assert_str_eq(e->key, "connect:192.168.1");
	ck_assert_str_eq(e->value, "RELAY");
	span_is(e->key_span, "Connect:192.168.1");
	span_is(e->value_span, "RELAY");
	span_is(e->line_span, "Connect:192.168.1\tRELAY\n");
	at(e->key_span, 3, 1);
	at(e->value_span, 3, 19);
	ck_assert_ptr_null(e->earlier);
	ck_assert_uint_eq(e->nitems, 0);

	/* makemap keeps trailing blanks in the value; the key is folded */
	e = m->entries[1];
	ck_assert_str_eq(e->key, "from:spammer@example.com");
	ck_assert_str_eq(e->value, "ERROR:5.7.1:550 go away   ");
	span_is(e->value_span, "ERROR:5.7.1:550 go away   ");
	at(e->value_span, 4, 28);

	/* '#' in mid-line is part of the value */
	e = m->entries[2];
	ck_assert_str_eq(e->key, "to:example.org");
	ck_assert_str_eq(e->value, "OK # mid-line hash");

	/* the last line needs no newline */
	e = m->entries[4];
	ck_assert_str_eq(e->key, "192.168.212");
	ck_assert_str_eq(e->value, "REJECT");
	span_is(e->line_span, "192.168.212 REJECT");
	at(e->key_span, 7, 1);
	ck_assert_uint_eq(count_notes(m, "access-unknown-action"), 1);
	ck_assert_uint_eq(m->nnotes, 1);
	model_free(m);
}
END_TEST

/* note_case - one input and how many notes of a code it must give */
struct note_case {
	const char *code;
	const char *input;
	size_t	 count;
	unsigned line, col;	/* of the first note, when count > 0 */
	const char *says;	/* part of its message, or NULL */
};

static const struct note_case access_notes[] = {
	/* access-bad-address */
	{ "access-bad-address", "Connect:123.456.678.901 REJECT\n", 1, 1, 9,
	    "'123.456.678.901' is not an IPv4 address: octet 456 is above "
	    "255" },
	{ "access-bad-address", "1.2.3.4.5 REJECT\n", 1, 1, 1,
	    "it has 5 parts" },
	{ "access-bad-address", "Connect:10..1 REJECT\n", 1, 1, 9,
	    "part 2 is empty" },
	{ "access-bad-address", "Connect:10.1. REJECT\n", 1, 1, 9,
	    "part 3 is empty" },
	{ "access-bad-address", "x OK\nConnect:010.1.2.3 REJECT\n", 1, 2, 9,
	    "octet 010 has a leading zero" },
	{ "access-bad-address", "From:user@[300.1.2.3] REJECT\n", 1, 1, 12,
	    "octet 300 is above 255" },
	{ "access-bad-address", "Connect:IPv6:2001:db8::zz REJECT\n", 1, 1, 9,
	    "group zz is not hexadecimal" },
	{ "access-bad-address", "IPv6:1:2:3:4:5:6:7:8:9 OK\n", 1, 1, 1,
	    "it has 9 groups" },
	{ "access-bad-address", "Connect:IPv6:1::2::3 OK\n", 1, 1, 9,
	    "'::' appears twice" },
	{ "access-bad-address", "Connect:IPv6:12345:: OK\n", 1, 1, 9,
	    "more than 4 hexadecimal digits" },
	{ "access-bad-address", "Connect:IPv6:2001:0db8:0:0:0:0:0:1 OK\n", 1,
	    1, 9, "group 0db8 has a leading zero" },
	{ "access-bad-address", "Connect:IPv6:::ffff:10.1.2.3 OK\n", 1, 1, 9,
	    "an IPv4-mapped one as plain 10.1.2.3" },
	{ "access-bad-address", "Connect:192.168.1 RELAY\nConnect:10 RELAY\n"
	    "Connect:255.255.255.255 OK\nConnect:0.0.0.0 REJECT\n"
	    "Connect:IPv6:2001:db8 RELAY\nConnect:IPv6:2001:db8::1 OK\n"
	    "Connect:IPv6:::1 OK\nConnect:IPv6:2001:db8:0:0:0:0:0:1 OK\n"
	    "From:user@[10.1.2.3] OK\nConnect:host300.example.com OK\n"
	    "To:123@ OK\nConnect:[127.0.0.3] OK\n", 0, 0, 0, NULL },
	/* access-cidr */
	{ "access-cidr", "Connect:10.0.0.0/8 RELAY\n", 1, 1, 9,
	    "'10.0.0.0/8' is CIDR notation" },
	{ "access-cidr", "Connect:10.0.0.0/8 RELAY\n", 1, 1, 9,
	    "instead: '10'" },
	{ "access-cidr", "192.168.1.0/24 RELAY\n", 1, 1, 1,
	    "instead: '192.168.1'" },
	{ "access-cidr", "Connect:10.16.0.0/12 RELAY\n", 1, 1, 9,
	    "only whole leading octets" },
	{ "access-cidr", "Connect:IPv6:2001:db8::/32 RELAY\n", 1, 1, 9,
	    "IPv6:2001:db8 covers" },
	{ "access-cidr", "Connect:10 RELAY\nConnect:10.0.0 RELAY\n"
	    "From:a/b@example.com OK\n", 0, 0, 0, NULL },
	/* access-ipv6-compressed: client addresses are written in full */
	{ "access-ipv6-compressed", "Connect:IPv6:2001:db8::1 OK\n", 1, 1, 9,
	    "UseCompressedIPv6Addresses" },
	{ "access-ipv6-compressed", "IPv6:::1 OK\n", 1, 1, 1, "'IPv6:::1'" },
	{ "access-ipv6-compressed", "Connect:IPv6:2001:db8:0:0:0:0:0:1 OK\n"
	    "Connect:IPv6:2001:db8 OK\nConnect:IPv6:2001:db8::/32 OK\n"
	    "Connect:IPv6:0db8::1 OK\n", 0, 0, 0, NULL },
	/* access-unknown-action */
	{ "access-unknown-action", "Connect:1.2.3.4 REJECTED\n", 1, 1, 17,
	    "'REJECTED' is not an access action" },
	{ "access-unknown-action", "From:a@example.com OK # trusted\n", 1, 1,
	    20, "'#' starts a comment only at the beginning of a line" },
	{ "access-unknown-action", "GreetPause:localhost 5s\n", 1, 1, 22,
	    "'5s' is not a value for GreetPause: keys" },
	{ "access-unknown-action", "Spam:abuse@ OK\n", 1, 1, 13,
	    "FRIEND or HATER" },
	{ "access-unknown-action", "ClientRate:10.1.2.3 ten\n", 1, 1, 21,
	    "'ten'" },
	{ "access-unknown-action", "TLS_Clt:laptop.example.com ENCR\n", 1, 1,
	    28, "ENCR:bits" },
	{ "access-unknown-action", "Try_TLS:broken.example.com MAYBE\n", 1, 1,
	    28, "'MAYBE'" },
	{ "access-unknown-action", "From:x@example.com ERROR:\n", 1, 1, 20,
	    "'ERROR:'" },
	{ "access-unknown-action", "To:x QUARANTINE:\n", 1, 1, 6, NULL },
	{ "access-unknown-action", "Srv_Features:1.2.3 V-l\n", 1, 1, 20, NULL },
	{ "access-unknown-action",
	    "From:a@example.com REJECT\nFrom:b@example.com reject\n"
	    "To:c.example.com ERROR:5.7.1:550 no thanks\n"
	    "To:d.example.com ERROR:\"550 no thanks\"\n"
	    "Connect:e.example.com 550 go away\n"
	    "Connect:f.example.com QUARANTINE:held for review\n"
	    "Connect:g.example.com DISCARD\nConnect:h.example.com SKIP\n"
	    "Connect:i.example.com RELAY   \nk.example.com Ok\n"
	    "GreetPause:j.example.com 5000\nClientRate:10.1.2.3 10\n"
	    "ClientConn:10.1.2.4 2\nSpam:abuse@ FRIEND\nSpam:root@ hater\n"
	    "Srv_Features:10.1.2 V l\nClt_Features:10.1.3 M\n"
	    "TLS_Srv:secure.example.com ENCR:112\n"
	    "TLS_Clt:laptop.example.com PERM+VERIFY:112\n"
	    "TLS_Rcpt:x.example.com VERIFY+CN:x.example.com\n"
	    "Try_TLS:broken.example.com NO\n"
	    "CERTISSUER:/C=US/CN=CA RELAY\nCERTSUBJECT:/CN=host RELAY\n"
	    "AuthInfo:mail.example.com \"U:user\" \"P:secret\"\n"
	    "QGRP:example.com slow\n"
	    "Compat:a@b.example<@>c@d.example DISCARD\n"
	    "Mail:whatever REJECT\n", 0, 0, 0, NULL },
	/* access-continuation */
	{ "access-continuation", "Connect:10.1.2.3 OK\n  Connect:10.1.2.4 OK\n",
	    1, 2, 1, "syntax error (leading space)" },
	{ "access-continuation", "a OK\n\tb OK\n", 1, 2, 1, "a tab" },
	{ "access-continuation", "a OK\r\n\r\nb OK\r\n", 1, 2, 1,
	    "a carriage return" },
	{ "access-continuation", "a OK\n\n#  b OK\nc OK\n", 0, 0, 0, NULL },
	/* access-duplicate */
	{ "access-duplicate", "a@example.com OK\nA@Example.com REJECT\n", 1, 2,
	    1, "makemap keeps the first (line 1: 'OK'), ignores this one "
	    "('REJECT')" },
	{ "access-duplicate", "a OK\nb OK\nc OK\n", 0, 0, 0, NULL },
	{ "access-duplicate", "From:a OK\nTo:a OK\na OK\n", 0, 0, 0, NULL },
	/* access-syntax: what else makes makemap exit 65 */
	{ "access-syntax", "norhs\n", 1, 1, 1, "no RHS for LHS" },
	{ "access-syntax", "a OK\nnorhs   \n", 1, 2, 1, "key 'norhs'" },
	{ "access-syntax", "a OK\n#x\nb OK\n", 0, 0, 0, NULL },
};

START_TEST(test_sm_access_notes)
{
	const struct note_case *c = &access_notes[_i];
	struct model *m = read_str(ACCESS, c->input);
	const struct model_note *n = first_note(m, c->code);

	ck_assert_msg(count_notes(m, c->code) == c->count,
	    "case %d: %zu notes %s, expected %zu", _i,
	    count_notes(m, c->code), c->code, c->count);
	if (c->count > 0) {
		at(n->where, c->line, c->col);
		if (c->says != NULL)
			ck_assert_msg(strstr(n->text, c->says) != NULL,
			    "case %d: message '%s' lacks '%s'", _i, n->text,
			    c->says);
	}
	model_free(m);
}
END_TEST

START_TEST(test_sm_access_duplicate_first_wins)
{
	struct model *m = read_str(ACCESS,
	    "Connect:10.1.2.3 OK\nFrom:x REJECT\nconnect:10.1.2.3 REJECT\n"
	    "CONNECT:10.1.2.3 REJECTED\n");
	const struct model_note *n;

	ck_assert_uint_eq(m->nentries, 4);
	ck_assert_ptr_null(m->entries[0]->earlier);
	ck_assert_ptr_null(m->entries[1]->earlier);
	/* makemap keeps the first: every later one points at it */
	ck_assert_ptr_eq(m->entries[2]->earlier, m->entries[0]);
	ck_assert_ptr_eq(m->entries[3]->earlier, m->entries[0]);
	ck_assert_str_eq(entry_of(m, "connect:10.1.2.3")->value, "OK");
	ck_assert_uint_eq(count_notes(m, "access-duplicate"), 2);
	/* an ignored duplicate gets no other note: sendmail never sees it */
	ck_assert_uint_eq(count_notes(m, "access-unknown-action"), 0);
	n = first_note(m, "access-duplicate");
	at(n->where, 3, 1);
	span_is(n->where, "connect:10.1.2.3");
	ck_assert_ptr_nonnull(strstr(n->text, "already on line 1"));
	model_free(m);
}
END_TEST

START_TEST(test_sm_access_line_ends_nul_and_long_lines)
{
	char *big = xmalloc(1100);
	struct model *m;
	size_t i;

	/* CRLF: the CR stays in the value, a CRLF blank line is an error */
	m = read_str(ACCESS, "K1 OK\r\nk2 REJECT\r\n\r\n");
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_str_eq(m->entries[0]->value, "OK\r");
	ck_assert_str_eq(m->entries[0]->key, "k1");
	ck_assert_uint_eq(count_notes(m, "access-unknown-action"), 0);
	ck_assert_uint_eq(count_notes(m, "access-continuation"), 1);
	model_free(m);

	/* CR alone ends no line: one entry whose value holds the rest */
	m = read_str(ACCESS, "k1 OK\rk2 REJECT\r");
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->value, "OK\rk2 REJECT\r");
	model_free(m);

	/* a NUL hides the newline: makemap skips the line */
	m = read_map(ACCESS, "access", "a OK\0x\nc OK\n", 13, NULL);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->key, "c");
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 1);
	at(first_note(m, "access-syntax")->where, 1, 1);
	ck_assert_ptr_nonnull(strstr(first_note(m, "access-syntax")->text,
	    "NUL byte"));
	model_free(m);

	/* on a last line without newline the NUL just ends the text */
	m = read_map(ACCESS, "access", "a OK\nb\0c d", 10, NULL);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(first_note(m, "access-syntax")->text,
	    "key 'b' has no value"));
	model_free(m);

	/* 1022 bytes fit; 1023 do not, and the rest is a line of its own */
	memset(big, 'x', 1100);
	memcpy(big, "k ", 2);
	m = read_map(ACCESS, "access", big, 1022, NULL);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_uint_eq(strlen(m->entries[0]->value), 1020);
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 0);
	model_free(m);
	memcpy(big + 1023, "TAIL OK\nnext OK\n", 16);
	m = read_map(ACCESS, "access", big, 1039, NULL);
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_str_eq(m->entries[0]->key, "tail");
	at(m->entries[0]->key_span, 1, 1024);
	ck_assert_str_eq(m->entries[1]->key, "next");
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(first_note(m, "access-syntax")->text,
	    "line too long"));
	model_free(m);
	for (i = 1023; i < 1100; i++)
		big[i] = 'x';
	big[1023] = '\n';
	m = read_map(ACCESS, "access", big, 1024, NULL);
	ck_assert_uint_eq(m->nentries, 0);
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 1);
	model_free(m);
	free(big);
}
END_TEST

START_TEST(test_sm_access_hostile_input)
{
	size_t n = 10 * 1024 * 1024, i;
	char *buf = xmalloc(n);
	struct model *m;

	/* one 10 MB line: one note, and the tail read as makemap does */
	memset(buf, 'x', n);
	memcpy(buf, "k ", 2);
	m = read_map(ACCESS, "access", buf, n, NULL);
	ck_assert_uint_eq(m->nentries, 0);
	ck_assert_uint_eq(count_notes(m, "access-syntax"), 2);
	model_free(m);

	/* NUL bytes, bytes above 127, bare CRs: no crash, no entries lost */
	for (i = 0; i < n; i++)
		buf[i] = (char)((i * 7919) % 256);
	m = read_map(ACCESS, "access", buf, n, NULL);
	for (i = 0; i < m->nentries; i++) {
		ck_assert_ptr_nonnull(m->entries[i]->key);
		ck_assert_uint_le(m->entries[i]->value_span.end, n);
	}
	model_free(m);
	m = read_map(ALIASES, "aliases", buf, n, NULL);
	model_free(m);
	m = read_map(CLASS, "relay-domains", buf, n, NULL);
	model_free(m);
	m = read_map(CLASS, "relay-domains", buf, n, "%[^\\#]");
	model_free(m);
	free(buf);
}
END_TEST

START_TEST(test_sm_access_many_lines_scale)
{
	size_t lines = 200000, i, len = 0;
	char *buf = xmalloc(lines * 40);
	struct model *m;

	for (i = 0; i < lines; i++)
		len += (size_t)snprintf(buf + len, 40, "Connect:10.%zu.%zu.%zu "
		    "RELAY\n", i >> 16 & 255, i >> 8 & 255, i & 255);
	memcpy(buf + len, "Connect:10.0.0.0 DISCARD\n", 25);
	len += 25;
	m = read_map(ACCESS, "access", buf, len, NULL);
	ck_assert_uint_eq(m->nentries, lines + 1);
	ck_assert_uint_eq(m->nnotes, 1);
	ck_assert_ptr_eq(m->entries[lines]->earlier, m->entries[0]);
	at(m->entries[lines]->key_span, (unsigned)lines + 1, 1);
	model_free(m);
	free(buf);
}
END_TEST

/* ---- aliases ---- */

START_TEST(test_sm_aliases_entries_items_and_spans)
{
	struct model *m = read_str(ALIASES,
	    "# system aliases\n"
	    "MAILER-DAEMON: postmaster\n"
	    "Staff:\tAlice, bob@example.com ,\n"
	    "  \"|/usr/bin/prog --flag arg\",\n"
	    "\t/var/log/staff.log, :include:/etc/mail/staff.list\n"
	    "owner-staff: alice\n"
	    "staff-request: \\bob\n"
	    "bs: p\\\n"
	    "q\n"
	    "trail: v   \n");
	const struct map_entry *e;

	ck_assert_uint_eq(m->nentries, 6);
	ck_assert_uint_eq(m->nnotes, 0);
	e = m->entries[0];
	ck_assert_str_eq(e->map, "aliases");
	ck_assert_str_eq(e->key, "mailer-daemon");
	span_is(e->key_span, "MAILER-DAEMON");
	at(e->key_span, 2, 1);
	ck_assert_uint_eq(e->nitems, 1);
	ck_assert_str_eq(e->items[0], "postmaster");

	e = m->entries[1];
	ck_assert_str_eq(e->key, "staff");
	/* newaliases drops each newline and keeps the blanks after it */
	ck_assert_str_eq(e->value, "Alice, bob@example.com ,  \"|/usr/bin/prog "
	    "--flag arg\",\t/var/log/staff.log, :include:/etc/mail/"
	    "staff.list");
	at(e->value_span, 3, 8);
	span_is(e->value_span, "Alice, bob@example.com ,\n  \"|/usr/bin/prog "
	    "--flag arg\",\n\t/var/log/staff.log, :include:/etc/mail/"
	    "staff.list");
	span_is(e->line_span, "Staff:\tAlice, bob@example.com ,\n  \"|/usr/bin/"
	    "prog --flag arg\",\n\t/var/log/staff.log, :include:/etc/mail/"
	    "staff.list\n");
	ck_assert_uint_eq(e->nitems, 5);
	ck_assert_str_eq(e->items[0], "Alice");
	ck_assert_str_eq(e->items[1], "bob@example.com");
	ck_assert_str_eq(e->items[2], "|/usr/bin/prog --flag arg");
	ck_assert_str_eq(e->items[3], "/var/log/staff.log");
	ck_assert_str_eq(e->items[4], ":include:/etc/mail/staff.list");
	span_is(e->item_spans[1], "bob@example.com");
	span_is(e->item_spans[2], "\"|/usr/bin/prog --flag arg\"");
	at(e->item_spans[2], 4, 3);
	at(e->item_spans[3], 5, 2);
	at(e->item_spans[4], 5, 22);

	ck_assert_str_eq(m->entries[2]->key, "owner-staff");
	ck_assert_str_eq(m->entries[3]->key, "staff-request");
	ck_assert_str_eq(m->entries[3]->items[0], "\\bob");
	/* a backslash joins lines with nothing between them */
	e = m->entries[4];
	ck_assert_str_eq(e->value, "pq");
	span_is(e->value_span, "p\\\nq");
	span_is(e->item_spans[0], "p\\\nq");
	ck_assert_str_eq(e->items[0], "pq");
	ck_assert_str_eq(m->entries[5]->value, "v   ");
	ck_assert_str_eq(m->entries[5]->items[0], "v");
	model_free(m);
}
END_TEST

static const struct note_case alias_notes[] = {
	{ "alias-syntax", "nocolon\n", 1, 1, 1, "'missing colon'" },
	{ "alias-syntax", "a: b\r\n\r\n", 1, 2, 1, "'missing colon'" },
	{ "alias-syntax", ": x\n", 1, 1, 1, "'illegal alias name'" },
	{ "alias-syntax", "empty:\n", 1, 1, 1,
	    "alias 'empty' has no value" },
	{ "alias-syntax", "empty:  \t\n", 1, 1, 1,
	    "'missing value for alias'" },
	{ "alias-syntax", "  lead: x\n", 1, 1, 1,
	    "'Non-continuation line starts with space'" },
	{ "alias-syntax", "c1,c2: x\n", 1, 1, 1, "holds a ','" },
	{ "alias-syntax", "uq\"b: x\n", 1, 1, 1, "'\"' is not closed" },
	{ "alias-syntax", "a(b: x\n", 1, 1, 1, "'(' is not closed" },
	{ "alias-syntax", "\xc3\x84rger: x\n", 1, 1, 1, "8-bit character" },
	{ "alias-syntax", "root@other.example: x\n", 1, 1, 1,
	    "'cannot alias non-local names'" },
	{ "alias-syntax", "a: b\n# old\n  c: d\ne: f\n", 1, 3, 1,
	    "line 3 continues the comment on line 2" },
	{ "alias-syntax", "a: b\n\n  c: d\n", 1, 3, 1,
	    "continues nothing" },
	{ "alias-syntax", "a: b\n# x \\\nc: d\n", 1, 3, 1,
	    "line 3 continues the comment" },
	{ "alias-syntax", "a: b\n#c\n\nd: e,\n  f\n\tg\nh:i\n", 0, 0, 0, NULL },
	{ "alias-duplicate", "dup: a\nx: y\ndup: b\n", 1, 3, 1,
	    "keeps this definition ('b'), not the one on line 1 ('a')" },
	{ "alias-duplicate", "Dup: a\nDUP: b\n", 1, 2, 1,
	    "'duplicate alias name'" },
	{ "alias-duplicate", "a: x\nb: x\nowner-a: x\na-request: x\n", 0, 0, 0,
	    NULL },
};

START_TEST(test_sm_aliases_notes)
{
	const struct note_case *c = &alias_notes[_i];
	struct model *m = read_str(ALIASES, c->input);
	const struct model_note *n = first_note(m, c->code);

	ck_assert_msg(count_notes(m, c->code) == c->count,
	    "case %d: %zu notes %s, expected %zu", _i,
	    count_notes(m, c->code), c->code, c->count);
	if (c->count > 0) {
		at(n->where, c->line, c->col);
		if (c->says != NULL)
			ck_assert_msg(strstr(n->text, c->says) != NULL,
			    "case %d: message '%s' lacks '%s'", _i, n->text,
			    c->says);
	}
	model_free(m);
}
END_TEST

START_TEST(test_sm_aliases_duplicate_last_wins)
{
	struct model *m = read_str(ALIASES, "dup: a\nDup: b\nDUP: c\n");

	ck_assert_uint_eq(m->nentries, 3);
	ck_assert_ptr_null(m->entries[0]->earlier);
	/* each definition overrides the one before: the last is kept */
	ck_assert_ptr_eq(m->entries[1]->earlier, m->entries[0]);
	ck_assert_ptr_eq(m->entries[2]->earlier, m->entries[1]);
	ck_assert_uint_eq(count_notes(m, "alias-duplicate"), 2);
	model_free(m);
}
END_TEST

/* name_case - an alias name as written and the key newaliases stores */
static const struct {
	const char *name, *key;
} alias_names[] = {
	{ "Staff", "staff" },
	{ "PostMaster", "postmaster" },
	{ "sp ace", "sp.ace" },
	{ "w1 w2  w3", "w1.w2.w3" },
	{ "t1\tt2", "t1.t2" },
	{ "trailing ", "trailing" },
	{ "A(comment)", "a" },
	{ "<angle>", "angle" },
	{ "\"Quoted Name\"", "\"quoted name\"" },
	{ "a.b", "a.b" },
	{ "a+b", "a+b" },
	{ "\\bs", "\\bs" },
	{ "Local@mx.example.invalid", "local" },
};

START_TEST(test_sm_aliases_names_as_newaliases_stores_them)
{
	char text[128];
	struct model *m;

	snprintf(text, sizeof(text), "%s: x\n", alias_names[_i].name);
	m = read_str(ALIASES, text);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->key, alias_names[_i].key);
	model_free(m);
}
END_TEST

START_TEST(test_sm_aliases_continuation_edges)
{
	struct model *m;

	/* the value after the colon may start on the next line */
	m = read_str(ALIASES, "list:\n  a,\n  b\n");
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->value, "a,  b");
	ck_assert_uint_eq(m->entries[0]->nitems, 2);
	at(m->entries[0]->item_spans[1], 3, 3);
	model_free(m);

	/* a blank-only line continues the entry above it */
	m = read_str(ALIASES, "trailsp : x\n  \nlast: y");
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_str_eq(m->entries[0]->key, "trailsp");
	ck_assert_str_eq(m->entries[0]->value, "x  ");
	ck_assert_str_eq(m->entries[1]->value, "y");
	model_free(m);

	/* a backslash on the last line is dropped */
	m = read_str(ALIASES, "a: b\\\n");
	ck_assert_str_eq(m->entries[0]->value, "b");
	model_free(m);

	/* a continuation line after a name without colon joins it */
	m = read_str(ALIASES, "nocolon line\n  leadingspace: x\n");
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->key, "nocolon.line.leadingspace");
	model_free(m);

	/* commas inside quotes, comments and <> do not split targets */
	m = read_str(ALIASES, "a: \"|/bin/x a,b\", c (d, e), <f,g>\n");
	ck_assert_uint_eq(m->entries[0]->nitems, 3);
	ck_assert_str_eq(m->entries[0]->items[0], "|/bin/x a,b");
	ck_assert_str_eq(m->entries[0]->items[1], "c (d, e)");
	ck_assert_str_eq(m->entries[0]->items[2], "<f,g>");
	model_free(m);
}
END_TEST

START_TEST(test_sm_aliases_nul_and_long_entries)
{
	size_t n = 9000;
	char *buf;
	struct model *m;
	static const char nul_last[] = "a: b\nnul\0x: y\nafter: z\nlast: w\n";
	static const char nul_cont[] = "a: b\0c,\n  d\n";

	buf = xmalloc(n + 32);
	/* a NUL hides the newline: the entry and the next one are lost */
	m = read_map(ALIASES, "aliases", nul_last, sizeof(nul_last) - 1, NULL);
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_str_eq(m->entries[0]->key, "a");
	ck_assert_str_eq(m->entries[1]->key, "last");
	ck_assert_uint_eq(count_notes(m, "alias-syntax"), 2);
	at(m->notes[1]->where, 3, 1);
	model_free(m);

	/* in a line that continues, the NUL only cuts that line short */
	m = read_map(ALIASES, "aliases", nul_cont, sizeof(nul_cont) - 1, NULL);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->value, "b  d");
	ck_assert_uint_eq(count_notes(m, "alias-syntax"), 1);
	model_free(m);

	/* 8190 bytes are read, 8191 are too long */
	memset(buf, 'x', n);
	memcpy(buf, "a: ", 3);
	memcpy(buf + 8190, "\nb: c\n", 6);
	m = read_map(ALIASES, "aliases", buf, 8196, NULL);
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
	buf[8190] = 'x';
	memcpy(buf + 8191, "\nb: c\n", 6);
	m = read_map(ALIASES, "aliases", buf, 8197, NULL);
	ck_assert_uint_eq(m->nentries, 1);
	ck_assert_str_eq(m->entries[0]->key, "b");
	ck_assert_uint_eq(count_notes(m, "alias-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(m->notes[0]->text, "too long"));
	model_free(m);
	free(buf);
}
END_TEST

/* ---- class files ---- */

START_TEST(test_sm_class_first_word_counts)
{
	static const char text[] = "Alpha.Example beta.example\n"
	    "  indented.example\n"
	    "#comment.example\n"
	    "  #notcomment\n"
	    "\n"
	    "tab\there.example\r\n"
	    "alpha.example\n"
	    "last.example";
	struct model *m = read_map(CLASS, "/etc/mail/local-host-names", text,
	    sizeof(text) - 1, NULL);
	const struct map_entry *e;

	ck_assert_uint_eq(m->nentries, 6);
	e = m->entries[0];
	ck_assert_str_eq(e->map, "local-host-names");
	ck_assert_str_eq(e->key, "alpha.example");
	ck_assert_str_eq(e->value, "");
	span_is(e->key_span, "Alpha.Example");
	span_is(e->line_span, "Alpha.Example beta.example\n");
	ck_assert_ptr_null(e->earlier);
	e = m->entries[1];
	ck_assert_str_eq(e->key, "indented.example");
	at(e->key_span, 2, 3);
	/* only a '#' in the first column makes a comment */
	ck_assert_str_eq(m->entries[2]->key, "#notcomment");
	ck_assert_str_eq(m->entries[3]->key, "tab");
	ck_assert_str_eq(m->entries[4]->key, "alpha.example");
	ck_assert_ptr_eq(m->entries[4]->earlier, m->entries[0]);
	ck_assert_str_eq(m->entries[5]->key, "last.example");
	ck_assert_uint_eq(m->nnotes, 0);
	model_free(m);
}
END_TEST

static const struct {
	const char *format, *input, *keys;
} class_formats[] = {
	{ "%[^\\#]", "a.example b.example # c.example\n  #x\nd.example\n",
	    "a.example b.example d.example" },
	{ "%[^#]", "a.example\tb.example#c\n", "a.example b.example" },
	{ "%s", "a.example b.example\n", "a.example" },
	{ NULL, "a.example b.example\n", "a.example" },
	{ "%[a-z.]", "abc.example-x y\n-z\n", "abc.example" },
	{ "%3s", "abcdef\n", "abc" },
	{ "x%s", "xa.example\nb.example\nx c.example\n",
	    "a.example c.example" },
	{ "%d", "a.example b\n", "a.example" },
};

START_TEST(test_sm_class_scanf_formats)
{
	struct model *m;
	char keys[256] = "";
	size_t i, o = 0;

	m = read_map(CLASS, "relay-domains", class_formats[_i].input,
	    strlen(class_formats[_i].input), class_formats[_i].format);
	for (i = 0; i < m->nentries && o < sizeof(keys); i++)
		o += (size_t)snprintf(keys + o, sizeof(keys) - o, "%s%s",
		    i > 0 ? " " : "", m->entries[i]->key);
	ck_assert_str_eq(keys, class_formats[_i].keys);
	model_free(m);
}
END_TEST

START_TEST(test_sm_class_long_line_is_read_in_pieces)
{
	size_t n = 2046 + 28;
	char *buf = xmalloc(n + 1);
	struct model *m;

	/* fgets into 2048 bytes: a long line is several lines */
	memset(buf, 'A', 2046);
	memcpy(buf + 2046, "Bsplit.example rest.example\n", 28);
	m = read_map(CLASS, "relay-domains", buf, n, NULL);
	ck_assert_uint_eq(m->nentries, 2);
	ck_assert_uint_eq(strlen(m->entries[0]->key), 2047);
	ck_assert_str_eq(m->entries[1]->key, "split.example");
	at(m->entries[1]->key_span, 1, 2048);
	model_free(m);
	m = read_map(CLASS, "relay-domains", buf, n, "%[^\\#]");
	ck_assert_uint_eq(m->nentries, 3);
	ck_assert_str_eq(m->entries[2]->key, "rest.example");
	model_free(m);
	free(buf);
}
END_TEST

static Suite *
sm_maps_suite(void)
{
	Suite *s = suite_create("sm_maps");
	TCase *tc = tcase_create("access");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sm_access_keys_values_and_spans);
	tcase_add_loop_test(tc, test_sm_access_notes, 0,
	    sizeof(access_notes) / sizeof(access_notes[0]));
	tcase_add_test(tc, test_sm_access_duplicate_first_wins);
	tcase_add_test(tc, test_sm_access_line_ends_nul_and_long_lines);
	tcase_add_test(tc, test_sm_access_hostile_input);
	tcase_add_test(tc, test_sm_access_many_lines_scale);
	suite_add_tcase(s, tc);

	tc = tcase_create("aliases");
	tcase_add_test(tc, test_sm_aliases_entries_items_and_spans);
	tcase_add_loop_test(tc, test_sm_aliases_notes, 0,
	    sizeof(alias_notes) / sizeof(alias_notes[0]));
	tcase_add_test(tc, test_sm_aliases_duplicate_last_wins);
	tcase_add_loop_test(tc, test_sm_aliases_names_as_newaliases_stores_them,
	    0, sizeof(alias_names) / sizeof(alias_names[0]));
	tcase_add_test(tc, test_sm_aliases_continuation_edges);
	tcase_add_test(tc, test_sm_aliases_nul_and_long_entries);
	suite_add_tcase(s, tc);

	tc = tcase_create("class");
	tcase_add_test(tc, test_sm_class_first_word_counts);
	tcase_add_loop_test(tc, test_sm_class_scanf_formats, 0,
	    sizeof(class_formats) / sizeof(class_formats[0]));
	tcase_add_test(tc, test_sm_class_long_line_is_read_in_pieces);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sm_maps_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
