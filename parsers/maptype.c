/*
 * maptype - the lookup table types of Postfix and sendmail (see maptype.h)
 *
 * Postfix's types are those of dict_open.c and the plugin tables
 * (postconf -m lists the ones built in); sendmail's are the map classes
 * of its map.c. A name both MTAs use means the same kind of table to both.
 */
#include <string.h>

#include "parsers/maptype.h"

#define PF	MAPTYPE_POSTFIX
#define SM	MAPTYPE_SENDMAIL
#define BOTH	MAPTYPE_BOTH

/* no database: suffixes, shown, age */
#define NODB	{ NULL }, NULL, NULL

/* sorted by name, for bsearch */
const struct maptype maptypes[] = {
	{ "arith", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "arpa", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "bestmx", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "btree", BOTH, MAP_KIND_DATABASE, { ".db", NULL }, ".db", ".db",
	  true, "postmap", "makemap btree" },
	{ "cdb", BOTH, MAP_KIND_DATABASE, { ".cdb", NULL }, ".cdb", ".cdb",
	  true, "postmap", "makemap cdb" },
	{ "cidr", PF, MAP_KIND_TEXT, NODB, false, NULL, NULL },
	/* ndbm: NAME.dir and NAME.pag; the .pag's time is its age */
	{ "dbm", BOTH, MAP_KIND_DATABASE, { ".dir", ".pag", NULL },
	  ".{dir,pag}", ".pag", true, "postmap", "makemap dbm" },
	{ "dequote", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "dns", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "environ", PF, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "fail", PF, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "hash", BOTH, MAP_KIND_DATABASE, { ".db", NULL }, ".db", ".db",
	  true, "postmap", "makemap hash" },
	{ "hesiod", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "host", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	/* sendmail opens NAME.db if it can, else NAME.{dir,pag} */
	{ "implicit", SM, MAP_KIND_DATABASE, { ".db", NULL }, ".db", ".db",
	  true, NULL, "makemap hash" },
	{ "inline", PF, MAP_KIND_INLINE, NODB, false, NULL, NULL },
	{ "internal", PF, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "ldap", BOTH, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "lmdb", PF, MAP_KIND_DATABASE, { ".lmdb", NULL }, ".lmdb", ".lmdb",
	  true, "postmap", NULL },
	{ "macro", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "memcache", PF, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "mysql", PF, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "nis", BOTH, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "nisplus", BOTH, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "null", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "pcre", PF, MAP_KIND_TEXT, NODB, false, NULL, NULL },
	{ "pgsql", PF, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "ph", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "pipemap", PF, MAP_KIND_WRAPPER, NODB, false, NULL, NULL },
	{ "program", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "proxy", PF, MAP_KIND_WRAPPER, NODB, false, NULL, NULL },
	{ "randmap", PF, MAP_KIND_INLINE, NODB, false, NULL, NULL },
	{ "regex", SM, MAP_KIND_INLINE, NODB, false, NULL, NULL },
	{ "regexp", PF, MAP_KIND_TEXT, NODB, false, NULL, NULL },
	/* sdbm: NAME.dir and NAME.pag, as dbm */
	{ "sdbm", PF, MAP_KIND_DATABASE, { ".dir", ".pag", NULL },
	  ".{dir,pag}", ".pag", true, "postmap", NULL },
	{ "sequence", SM, MAP_KIND_WRAPPER, NODB, false, NULL, NULL },
	{ "socket", SM, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "socketmap", PF, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	/* the table is a config file naming the database */
	{ "sqlite", PF, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "stab", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "static", PF, MAP_KIND_INLINE, NODB, false, NULL, NULL },
	{ "switch", SM, MAP_KIND_WRAPPER, NODB, false, NULL, NULL },
	{ "syslog", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "tcp", PF, MAP_KIND_NETWORK, NODB, false, NULL, NULL },
	{ "text", SM, MAP_KIND_TEXT, NODB, false, NULL, NULL },
	/* read as text, in postmap's key-value format */
	{ "texthash", PF, MAP_KIND_TEXT, NODB, true, NULL, NULL },
	{ "unionmap", PF, MAP_KIND_WRAPPER, NODB, false, NULL, NULL },
	{ "unix", PF, MAP_KIND_OTHER, NODB, false, NULL, NULL },
	{ "user", SM, MAP_KIND_OTHER, NODB, false, NULL, NULL },
};

const size_t maptypes_count = sizeof(maptypes) / sizeof(maptypes[0]);

/* the commands that rebuild a database, as the first word of a step */
static const char *const rebuild_tools[] = {
	"makemap", "newaliases", "postalias", "postmap",
};

const struct maptype *
maptype_lookup_n(const char *name, size_t len, enum mta mta)
{
	unsigned bit = mta == MTA_POSTFIX ? MAPTYPE_POSTFIX : MAPTYPE_SENDMAIL;
	size_t lo = 0, hi = maptypes_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = maptypes[mid].name;
		int c = strncmp(name, t, len);

		if (c == 0 && t[len] != '\0')
			c = -1;		/* name is a prefix of t */
		if (c == 0)
			return (maptypes[mid].mtas & bit) != 0 ?
			    &maptypes[mid] : NULL;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct maptype *
maptype_lookup(const char *name, enum mta mta)
{
	return maptype_lookup_n(name, strlen(name), mta);
}

bool
maptype_is_file(const struct maptype *t)
{
	return t != NULL && (t->kind == MAP_KIND_DATABASE ||
	    t->kind == MAP_KIND_TEXT);
}

bool
maptype_has_db(const struct maptype *t)
{
	return t != NULL && t->db_suffixes[0] != NULL;
}

const char *
maptype_rebuild(const struct maptype *t, enum mta mta, bool aliases)
{
	if (!maptype_has_db(t))
		return NULL;
	if (aliases)
		return mta == MTA_POSTFIX ? "postalias" : "newaliases";
	return mta == MTA_POSTFIX ? t->postfix_rebuild : t->sendmail_rebuild;
}

bool
maptype_is_rebuild_step(const char *step)
{
	size_t n = strcspn(step, " "), i;

	for (i = 0; i < sizeof(rebuild_tools) / sizeof(rebuild_tools[0]); i++)
		if (strlen(rebuild_tools[i]) == n &&
		    strncmp(step, rebuild_tools[i], n) == 0)
			return true;
	return false;
}
