/*
 * maptype - the lookup table types of Postfix and sendmail, in one table
 *
 * Owns what a map type is: which MTA knows it, what kind of table it is
 * (a database built from a text source, a text file read as it is, a
 * server, a value written inline, a wrapper around another table), the
 * files its database is made of, and the command that rebuilds it. Every
 * part that asks "is this a file map?", "which file is its database?" or
 * "how is it rebuilt?" asks here.
 *
 * Facts: Postfix's dict_db.c (hash, btree: NAME.db), dict_cdb.c
 * (NAME.cdb), dict_lmdb.c (NAME.lmdb), dict_dbm.c and dict_sdbm.c
 * (NAME.dir and NAME.pag: the .dir is opened to lock, the age is the
 * .pag's); sendmail's map.c (hash, btree: NAME.db; dbm: NAME.dir and
 * NAME.pag; cdb: NAME.cdb) and makemap(8).
 */
#ifndef MH_MAPTYPE_H
#define MH_MAPTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/model.h"

/* which MTAs know a type (bits) */
#define MAPTYPE_POSTFIX		0x1u
#define MAPTYPE_SENDMAIL	0x2u
#define MAPTYPE_BOTH		(MAPTYPE_POSTFIX | MAPTYPE_SENDMAIL)

enum map_kind {
	MAP_KIND_DATABASE,	/* a file database built from a text source */
	MAP_KIND_TEXT,		/* a text file the MTA reads as it is */
	MAP_KIND_NETWORK,	/* a server answers the lookups */
	MAP_KIND_INLINE,	/* the entries are written in the config */
	MAP_KIND_WRAPPER,	/* names other tables (proxy:, unionmap:) */
	MAP_KIND_OTHER,		/* computed or local system data */
};

#define MAPTYPE_MAX_FILES	2

struct maptype {
	const char *name;	/* "hash", as written before the ':' or in K */
	unsigned mtas;		/* MAPTYPE_POSTFIX, MAPTYPE_SENDMAIL */
	enum map_kind kind;
	/* the database's files (suffixes of the source name), NULL-ended */
	const char *db_suffixes[MAPTYPE_MAX_FILES + 1];
	const char *db_shown;	/* ".db", ".{dir,pag}": how messages name it */
	const char *age_suffix;	/* the file whose time is the database's age */
	/* the source is key-value lines (postmap, makemap), not patterns */
	bool	 key_value;
	const char *postfix_rebuild;	/* "postmap", or NULL */
	const char *sendmail_rebuild;	/* "makemap hash", or NULL */
};

extern const struct maptype maptypes[];
extern const size_t maptypes_count;

/* maptype_lookup - the type of a name known to an MTA, or NULL */
const struct maptype *maptype_lookup(const char *name, enum mta);

/* maptype_lookup_n - the same for the first len bytes of name */
const struct maptype *maptype_lookup_n(const char *name, size_t len,
	    enum mta);

/* maptype_is_file - a table the MTA reads from a file it names */
bool	 maptype_is_file(const struct maptype *);

/* maptype_has_db - a table built into a database beside its source */
bool	 maptype_has_db(const struct maptype *);

/*
 * maptype_rebuild - the command that rebuilds a type's database for an
 * MTA ("postmap", "makemap hash"); alias databases have their own
 * ("postalias", "newaliases"). NULL when nothing is built.
 */
const char *maptype_rebuild(const struct maptype *, enum mta, bool aliases);

/* maptype_is_rebuild_step - a follow-up step that rebuilds a database */
bool	 maptype_is_rebuild_step(const char *step);

#endif
