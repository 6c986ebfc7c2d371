/*
 * model - what mta-harden read, for either MTA, with the origin of every value
 *
 * The parsers fill one struct model per MTA found in a tree: settings
 * (Postfix parameters, sendmail options and macros), services and
 * listeners, the maps a config names, and facts derived from them.
 * Rules read facts first and settings second; a fact says what the
 * MTA will do (does VRFY answer? is relaying open?) and which setting
 * decides it, so that one rule serves both MTAs.
 *
 * Ownership: every node and string hangs off model->arena, and the
 * sources in model->srcs are owned by the model; model_free() releases
 * all of it. Pointers handed out by model_* functions are borrowed.
 */
#ifndef MH_MODEL_H
#define MH_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"
#include "lib/src.h"

enum mta {
	MTA_POSTFIX,
	MTA_SENDMAIL,
};

const char *mta_name(enum mta);

enum setting_source {
	SOURCE_DEFAULT,		/* built-in default of the MTA */
	SOURCE_FILE,		/* written in a file (main.cf, master.cf, .cf, .mc) */
};

struct service;

/* setting - one definition of a parameter or option */
struct setting {
	const char *name;
	const char *raw;	/* as stored by the MTA: continuations joined */
	const char *value;	/* effective: after $ expansion */
	enum setting_source source;
	const char *scope;	/* NULL: global; "service/type" for master.cf -o */
	const struct service *service;	/* master.cf -o: the entry it is in */
	struct span name_span;	/* the name: findings point here */
	struct span value_span;	/* the value as written, continuation included */
	struct span line_span;	/* the logical line, line end included */
	const struct setting *earlier;	/* definition this one overrides */
	const char *written_as;	/* sendmail .mc: the macro that set it (confPRIVACY_FLAGS) */
	/* sendmail.cf C and T lines: the class words, split at blanks as
	   readcf() splits them (comments out), each with its place */
	const char **words;
	struct span *word_spans;
	size_t	 nwords;
	bool	 unknown;	/* the MTA does not know this name (a typo?) */
	bool	 host_dependent;	/* default the MTA computes from the host */
};

/* service - a master.cf entry, or a sendmail daemon (DaemonPortOptions) */
struct service {
	const char *name;	/* "smtp", "127.0.0.1:10025", "MTA" */
	const char *type;	/* "inet", "unix", "pass" …; sendmail: "daemon" */
	const char *private_field, *unpriv_field, *chroot_field;
	const char *wakeup_field, *maxproc_field;
	const char *command;	/* "smtpd", "postscreen" … */
	const char **args;	/* arguments other than -o overrides */
	size_t	 nargs;
	struct setting **overrides;	/* -o name=value, in order */
	size_t	 noverrides;
	/* before the first argument, where options end: a new -o goes
	   there (none: the options run to the end of the entry) */
	struct span options_end;
	struct span name_span;
	struct span line_span;
	const struct service *earlier;	/* same name/type defined before */
	bool	 superseded;	/* a later entry of its name/type wins */
};

/* listener - an address and port an SMTP server accepts connections on */
struct listener {
	const char *server;	/* the server name ("smtp/inet", "MTA") */
	const char *address;	/* "all", "127.0.0.1", "::1" … */
	const char *port;	/* "25", "submission", "10025" */
	bool	 loopback;	/* reachable only from this host */
	const struct setting *from;	/* setting that decided the address */
	struct span where;	/* where the address is decided */
	struct span service_where;	/* the service entry, if written */
};

/* map_db_state - a map's database on disk, as the loader found it */
enum map_db_state {
	MAP_DB_NONE,		/* not looked at: no database type, not followed */
	MAP_DB_MISSING,		/* a file of it does not exist */
	MAP_DB_OLDER,		/* older than its source */
	MAP_DB_PRESENT,		/* there, and not older than its source */
};

/*
 * mapref - a lookup table a config names ("hash:/etc/aliases"); type is
 * a map type (parsers/maptype), or one the registry does not know
 */
struct mapref {
	const char *type;	/* "hash", "regexp" … */
	const char *name;	/* "/etc/aliases" as written */
	const char *fs_path;	/* resolved on disk, or NULL if not followed */
	const char *not_followed;	/* why fs_path is NULL */
	const struct setting *from;
	struct span where;
	/* Postfix: the list entry before it ("check_client_access", "" if
	   none) and "type:name" inside the value (else the value) */
	const char *entry;
	struct span name_where;
	/* the loader (Postfix maps with fs_path): what is on disk */
	bool	 source_exists;
	enum map_db_state db;
	bool	 db_in_tree;	/* every file of the database is in the tree */
};

/*
 * named_file - a plain file a config names that is no lookup table:
 * sendmail's HelpFile, StatusFile, AliasFile, class files (F lines) and
 * class programs (F{x}|prog)
 */
struct named_file {
	const char *what;	/* "HelpFile", "StatusFile", "AliasFile",
				   "class", "program" */
	const char *name;	/* as written */
	const char *fs_path;	/* resolved on disk, or NULL if not followed */
	const char *not_followed;	/* why fs_path is NULL */
	const struct setting *from;	/* F lines: the class setting */
	struct span where;
};

/*
 * fact - one derived property with its provenance
 *
 * `from` is the setting that decides the fact (possibly a default);
 * `where` is the exact spot to report: a list entry, a flag, or, for a
 * fact decided by a default, the place where a fix would add the
 * setting. `why` is a short phrase naming the actual value seen.
 */
struct fact {
	bool	 applicable;	/* false: this MTA has no such feature */
	bool	 known;		/* false: cannot be decided from the files */
	bool	 flag;
	long long num;
	const char *text;
	const struct setting *from;
	struct span where;
	const char *why;
};

/* smtp_server - the facts of one SMTP server (Postfix smtpd service, sendmail daemon) */
struct smtp_server {
	const char *name;	/* "smtp/inet", "submission/inet", "MTA" */
	const struct service *service;
	struct fact vrfy;	/* flag: VRFY answers */
	struct fact expn;	/* flag: EXPN answers */
	struct fact verb;	/* flag: VERB allowed */
	struct fact greeting;	/* text: 220 greeting after expansion */
	struct fact size_limit;	/* num: bytes; 0 = unlimited */
	struct fact relay;	/* flag: outsiders may relay; where = deciding entry */
	struct fact relay_networks;	/* text: networks trusted to relay */
	struct fact auth_offered;	/* flag */
	struct fact auth_needs_tls;	/* flag: AUTH offered only after STARTTLS */
	struct fact tls_offered;	/* flag */
	const struct listener **listeners;	/* the ones that name it, in
					   model order; arena */
	size_t	 nlisteners;
	const struct listener *public_listener;	/* the first one beyond
						   loopback, or NULL */
};

/*
 * map_entry - one entry of a text map or list the MTA reads: sendmail's
 * access and aliases, class files (relay-domains, local-host-names)
 */
struct map_entry {
	const char *map;	/* "access", "aliases", "relay-domains" … */
	const char *key;	/* as the MTA looks it up (access: lower-cased) */
	const char *value;	/* right-hand side as written; "" for class files */
	const char **items;	/* aliases: the targets, split and unquoted */
	struct span *item_spans;
	size_t	 nitems;
	struct span key_span, value_span, line_span;
	const struct map_entry *earlier;	/* same key defined before */
};

/*
 * unread_file - a file the run found in the tree or a config names, and
 * did not open (a symbolic link out of the tree)
 */
struct unread_file {
	const char *path;	/* as shown */
	const char *why;
	struct span where;	/* where a config names it; src NULL: found in the directory */
};

/*
 * sendmail.cf lines that are no settings (parsers/sm_rules): each keeps
 * the logical line (line end included) and its first physical line
 * (line end excluded), where findings about the line point.
 */

/* sm_header - an H line: "H?flags?Name: value" */
struct sm_header {
	const char *name;	/* "Received", as written */
	const char *condition;	/* between the '?': "DFM", "$j", "${x}"; NULL: none */
	const char *value;	/* after ':' and the blanks after it */
	struct span name_span, value_span;
	struct span line_span, first_line;
};

/* sm_ruleset - an S line: "S3", "Scheck_rcpt", "Scheck_rcpt=52" */
struct sm_ruleset {
	const char *name;	/* as sendmail names it; "S52" after
				   "Scheck_rcpt=52" is check_rcpt; NULL: none */
	int	 number;	/* -1: a name without "=n" (sendmail picks one) */
	const struct sm_ruleset *earlier;	/* an S line of the same ruleset */
	struct span name_span;	/* the name or number as written */
	struct span line_span, first_line;
};

/* sm_rule - an R line: "Rlhs<TAB>rhs<TAB>comment", split at tabs */
struct sm_rule {
	const struct sm_ruleset *ruleset;	/* the S line it follows */
	const char *lhs, *rhs, *comment;	/* comment "" if none */
	struct span lhs_span, rhs_span, comment_span;
	struct span line_span, first_line;
};

/*
 * sm_stamp - the "$Id: name.m4,v ..." comment m4 writes for each file of
 * sendmail-cf a .cf was built from (a FEATURE, a MAILER, the proto)
 */
struct sm_stamp {
	const char *file;	/* "accept_unqualified_senders.m4" */
	struct span first_line;
};

/* model_note - something the MTA itself would warn about or misread */
struct model_note {
	const char *code;	/* "ignored-line", "missing-equals" … */
	const char *text;
	struct span where;
};

struct model {
	enum mta mta;
	struct arena arena;
	const char *dir;	/* directory the files were found in */
	const char *root;	/* root for absolute paths, or NULL */

	struct src **srcs;	/* every file read, owned */
	size_t	 nsrcs;
	const struct src *main_src;	/* main.cf / sendmail.mc or .cf */
	const struct src *master_src;	/* master.cf, if any */

	struct setting **settings;	/* file definitions, in file order */
	size_t	 nsettings;
	struct setting **effective;	/* every parameter's effective value, sorted by name */
	size_t	 neffective;

	struct service **services;
	size_t	 nservices;
	struct listener **listeners;
	size_t	 nlisteners;
	struct mapref **maps;
	size_t	 nmaps;
	struct named_file **files;	/* named plain files, in order */
	size_t	 nfiles;
	struct smtp_server **servers;
	size_t	 nservers;
	struct model_note **notes;
	size_t	 nnotes;
	struct map_entry **entries;	/* of every map and list read */
	size_t	 nentries;
	struct fact **relay_grants;	/* sendmail: what lets strangers relay */
	size_t	 nrelay_grants;
	const char **steps;	/* commands that rebuild what is stale, in order */
	size_t	 nsteps;
	struct unread_file **unread;	/* files not opened */
	size_t	 nunread;
	/* a main config file was not opened: nothing it sets is known, so
	   only what was not read is reported */
	bool	 config_unread;
	/* sendmail.cf: H, S and R lines and m4 stamps, in file order */
	struct sm_header **headers;
	size_t	 nheaders;
	struct sm_ruleset **rulesets;
	size_t	 nrulesets;
	struct sm_rule **rules;
	size_t	 nrules;
	struct sm_stamp **stamps;
	size_t	 nstamps;
	struct model *generated;	/* sendmail: the .cf read beside its .mc; owned */
};

struct model *model_new(enum mta);
void	 model_free(struct model *);

/* model_add_src - take ownership of a source */
const struct src *model_add_src(struct model *, struct src *);

/* model_lookup - the effective global setting of a name, or NULL */
const struct setting *model_lookup(const struct model *, const char *name);

/* model_service_lookup - a service's effective setting: -o, else global */
const struct setting *model_service_lookup(const struct model *,
	    const struct service *, const char *name);

void	 model_add_note(struct model *, const char *code, struct span,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* model_append - grow one of the model's pointer vectors by one */
#define MODEL_APPEND(m, vec, n, item) \
	model_append_ptr((m), (void ***)&(vec), &(n), (item))
void	 model_append_ptr(struct model *, void ***vec, size_t *n, void *item);

/*
 * model_link_listeners - each server's listeners and public_listener,
 * once every server and listener is built
 */
void	 model_link_listeners(struct model *);

/* model_add_unread - a file that was not opened, and why */
void	 model_add_unread(struct model *, const char *path, const char *why,
	    struct span where);

/* model_add_step - record a follow-up command once (kept in order) */
void	 model_add_step(struct model *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * model_deployed - where a file read from the tree lives on the host the
 * tree is deployed to: below the root ("image/etc/mail/access" with root
 * "image" is /etc/mail/access), else the path as read; the result is
 * fs_path itself, a part of it, or buf
 */
const char *model_deployed(const struct model *, const char *fs_path,
	    char *buf, size_t size);

/* setting_value - a setting's value: expanded, else raw; "" if NULL */
const char *setting_value(const struct setting *);

/* model_is_mc - the model was read from a sendmail.mc */
bool	 model_is_mc(const struct model *);

/* model_end_of - the span where text appended to a file would go */
struct span model_end_of(const struct src *);

/*
 * model_setting_where - where to report a setting: its value when written
 * in a file, the call that set it (sendmail OSTYPE/FEATURE), else where a
 * fix would add it (the end of the main file)
 */
struct span model_setting_where(const struct model *, const struct setting *);

#endif
