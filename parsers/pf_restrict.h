/*
 * pf_restrict - what an entry of a Postfix restriction list does, as
 * smtpd_check.c reads it: the table of restriction names (compared in
 * any case), what kind each is, how many following words it consumes
 * (a table, a DNS list domain, a number), the bare "type:name" table
 * that stands for the list's own check_*_access, warn_if_reject, and
 * the restriction classes of smtpd_restriction_classes (class names
 * compared case-sensitively, after the built-in names). One walker,
 * pf_restrict_walk(), hands every entry of a list for a service, classes
 * descended, to a callback; callers only decide what kinds mean to them.
 */
#ifndef MH_PF_RESTRICT_H
#define MH_PF_RESTRICT_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/model.h"

enum pf_restrict_kind {
	PF_RESTRICT_UNKNOWN,	/* no such restriction: smtpd fails the request */
	PF_RESTRICT_PERMIT,	/* permit */
	PF_RESTRICT_REJECT,	/* reject, defer, defer_if_permit: any client */
	PF_RESTRICT_PERMIT_IF,	/* permits when the client or recipient qualifies */
	PF_RESTRICT_REJECT_IF,	/* rejects when the client, name or address fails */
	PF_RESTRICT_TABLE,	/* a table or policy service decides */
	PF_RESTRICT_MODIFIER,	/* warn_if_reject: the next entry only logs */
	PF_RESTRICT_OTHER,	/* decides nothing itself: sleep, defer_if_reject */
	PF_RESTRICT_CLASS,	/* a restriction class, walked in its turn */
};

/* Flags of a restriction. */
#define PF_RESTRICT_CLOSES_RELAY 0x1	/* smtpd's required relay safety entry */
#define PF_RESTRICT_DNSBL	 0x2	/* rejects clients on a DNS block list */

/* pf_restriction - one built-in restriction name */
struct pf_restriction {
	const char *name;
	enum pf_restrict_kind kind;
	unsigned nargs;		/* following words it consumes */
	unsigned flags;
};

/* pf_restrict_lookup - the built-in restriction of a name (any case), or NULL */
const struct pf_restriction *pf_restrict_lookup(const char *name);

/*
 * pf_restrict_default_check - the check a bare "type:name" table stands
 * for in a list (smtpd_sender_restrictions: check_sender_access), or
 * NULL where Postfix has none (smtpd_data_restrictions)
 */
const struct pf_restriction *pf_restrict_default_check(const char *list);

/*
 * pf_restrict_entry - one entry as the walker hands it over; the words
 * are valid during the callback only
 */
struct pf_restrict_entry {
	const char *word;	/* as written */
	const struct pf_restriction *builtin;	/* NULL: a class or unknown;
				 * for a bare table, the check it stands for */
	enum pf_restrict_kind kind;
	const char *arg;	/* the word it consumed (cut at 255 bytes), or NULL */
	const char *arg_text;	/* that word whole, inside value: arg_len bytes */
	size_t	 arg_len;
	bool	 bare_table;	/* a "type:name" word (arg is the word itself) */
	bool	 warn_only;	/* under warn_if_reject: a reject only logs */
	const char *list;	/* the list or class that holds it */
	const struct setting *setting;	/* its setting (NULL when unset) */
	const char *value;	/* the value walked, expanded */
	size_t	 index;		/* word index in value (arguments counted) */
	const char *top_list;	/* the list the walk started from */
	const char *top_word;	/* the entry there that led here */
	size_t	 top_index;	/* and its word index */
	int	 depth;		/* 0 in top_list, 1 inside a class it names, ... */
};

enum pf_restrict_next {
	PF_RESTRICT_NEXT,	/* go on (into a class entry's list too) */
	PF_RESTRICT_LEAVE,	/* end this list or class, go on in its parent */
	PF_RESTRICT_STOP,	/* end the walk */
};

typedef enum pf_restrict_next pf_restrict_fn(void *arg,
	    const struct pf_restrict_entry *);

/*
 * pf_restrict_value_fn - a parameter's expanded value as a service sees
 * it; NULL when unknown
 */
typedef const char *pf_restrict_value_fn(void *arg, const char *name);

/* pf_restrict_walker - where a walk reads lists from */
struct pf_restrict_walker {
	const struct model *m;
	const struct service *svc;	/* whose -o come first, or NULL */
	pf_restrict_value_fn *value;	/* NULL: the setting's value */
	void	*value_arg;
};

/* Classes nest at most this deep; a class inside itself is not entered. */
#define PF_RESTRICT_MAX_DEPTH 8

/*
 * pf_restrict_walk - hand every entry of list (and of the classes it
 * names) to fn, in smtpd's order; true when fn stopped the walk
 */
bool	 pf_restrict_walk(const struct pf_restrict_walker *, const char *list,
	    pf_restrict_fn *fn, void *arg);

/*
 * pf_restrict_has - does a list (or a class it names) hold an entry of
 * that name (any case), not consumed as another entry's argument?
 */
bool	 pf_restrict_has(const struct pf_restrict_walker *, const char *list,
	    const char *name);

#endif
