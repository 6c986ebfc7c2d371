/*
 * rule - the rule table: identity, documentation and check of every rule
 *
 * Ids are stable and never reused; the table is sorted by id (a test
 * keeps it so). A rule's check reads one model and reports through
 * rule_report(); the engine applies the profile (enabled, severity,
 * parameters) and the command-line adjustments.
 */
#ifndef MH_RULE_H
#define MH_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/finding.h"
#include "core/params.h"
#include "core/rule.h"
#include "parsers/model.h"
#include "parsers/pf_expand.h"
#include "lib/ptrmap.h"
#include "lib/severity.h"
#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "profiles/profile.h"

/*
 * rule_on_unread - the rule that runs on a model whose main config was
 * not read: it reports what was not read (MH002)
 */
bool	 rule_on_unread(const struct rule *);

/*
 * rule_memo - what several rules derive from one model, computed once:
 * the engine gives every rule of a model the same memo and calls each
 * release function after the last rule (a NULL memo: nothing is kept)
 */
struct rule_memo {
	void	*alias_view;		/* rules_aliases.c */
	void	(*alias_view_release)(void *);
};

struct rule_ctx {
	const struct rule *rule;
	const struct model *model;
	struct rule_params params;	/* the profile's, else the defaults */
	enum severity severity;
	struct findings *out;
	struct rule_memo *memo;		/* may be NULL */
};

/*
 * The rule table, generated from linter/FAMILY.rules (scripts/gen-rule-table.py)
 * and sorted by id; each row's check is a function of linter/rules_*.c.
 * rule_at(i) walks every rule in id order.
 */
extern const struct rule rule_table[];
extern const size_t rule_table_count;

size_t	 rule_total(void);

const struct rule *rule_at(size_t i);

/* rule_find - by id or name; NULL if unknown */
const struct rule *rule_find(const char *id_or_name);

/* rule_canon - canonical id of an id or name (profile_rule_canon) */
const char *rule_canon(const char *id_or_name);

/* rule_report - add a finding at a span (src NULL: whole main file) */
void	 rule_report(struct rule_ctx *, struct span where, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * rule_report_setting - a finding decided by a setting (NULL: none is
 * set) of a parameter or option: its key is rule_setting_key(s, name),
 * and the fixer finds the setting and the name in it
 */
void	 rule_report_setting(struct rule_ctx *, struct span where,
	    const struct setting *s, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * rule_report_param - a finding about a parameter or option of the main
 * config: name is its key, and the fixer finds the name in it
 */
void	 rule_report_param(struct rule_ctx *, struct span where,
	    const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* rule_report_about - a finding about what subj names, for its fixer */
void	 rule_report_about(struct rule_ctx *, struct span where,
	    const char *key, const struct finding_subject *subj,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * rule_report_path - add a finding about a whole file that was not read
 * (path as shown; it must outlive the findings, as model strings do)
 */
void	 rule_report_path(struct rule_ctx *, const char *path, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* rule_report_notes - one finding per model note with this code */
void	 rule_report_notes(struct rule_ctx *, const char *code);

/* rule_seen - de-duplicate findings that several servers share */
struct rule_seen {
	struct ptrmap keys;	/* owned; each key maps to itself */
	bool	 null_seen;	/* NULL (a default) is a key too */
};

#define RULE_SEEN_INIT	{ PTRMAP_INIT, false }

/* rule_seen_before - true if key was seen; remembers it otherwise */
bool	 rule_seen_before(struct rule_seen *, const void *key);

void	 rule_seen_release(struct rule_seen *);

/*
 * rule_servers_sharing - "smtp/inet, submission/inet": the servers whose
 * fact at fact_offset (offsetof(struct smtp_server, vrfy)) is decided by
 * the same setting; caller frees
 */
char	*rule_servers_sharing(const struct model *, size_t fact_offset,
	    const void *from);

/*
 * rule_describe_setting - "confPRIVACY_FLAGS = goaway (default)",
 * "-o name=value (master.cf, svc)" or "name is not set": the name as the
 * user wrote it (the .mc macro for sendmail), its value and its origin
 */
void	 rule_describe_setting(const struct setting *, const char *name,
	    char *buf, size_t len);

/*
 * rule_where - where to report a setting: its value when written in a
 * file, the call that set it (sendmail OSTYPE/FEATURE), else where a fix
 * would add it (the end of the main file)
 */
struct span rule_where(const struct model *, const struct setting *);

/* rule_value - a setting's effective value ("" when unset) */
const char *rule_value(const struct model *, const char *name);

/* rule_setting_key - logical key of a setting: "scope:name" or "name" (static buffer) */
const char *rule_setting_key(const struct setting *, const char *name);

/* ---- master.cf services and the values one smtpd service sees ---- */

/*
 * rule_service_is_effective - no later master.cf entry of the same name and
 * type replaces the service (the last one wins)
 */
bool	 rule_service_is_effective(const struct model *,
	    const struct service *);

/*
 * rule_settings_service - the service whose -o overrides a server's smtpd
 * reads: its own entry, or behind postscreen the last effective smtpd
 * "pass" service (NULL when there is none: main.cf alone decides)
 */
const struct service *rule_settings_service(const struct model *,
	    const struct smtp_server *);

/*
 * rule_settings_service_or_postscreen - rule_settings_service(), but the
 * postscreen entry itself when master.cf has no smtpd "pass" service
 */
const struct service *rule_settings_service_or_postscreen(
	    const struct model *, const struct smtp_server *);

/*
 * rule_service_field_span - the n-th field (0-based) of a master.cf
 * entry's first line
 */
struct span rule_service_field_span(const struct service *, int n);

/* rule_server_is_public - the server listens on a non-loopback address */
bool	 rule_server_is_public(const struct model *,
	    const struct smtp_server *);

/*
 * rule_pf_view - the values one Postfix smtpd service sees, $ expanded:
 * the service's last -o, else main.cf, else the default
 */
struct rule_pf_view {
	const struct model *m;
	const struct service *svc;	/* NULL: main.cf only */
	struct arena ar;		/* expanded values live here */
	struct pf_expander x;
};

/* rule_pf_view_init - start a view of one service (NULL: main.cf only) */
void	 rule_pf_view_init(struct rule_pf_view *, const struct model *,
	    const struct service *);

/* rule_pf_view_release - free the expanded values of a view */
void	 rule_pf_view_release(struct rule_pf_view *);

/* rule_pf_value - a parameter as the service sees it, expanded ("" if unset) */
const char *rule_pf_value(struct rule_pf_view *, const char *name);

/* rule_pf_setting - the setting that decides a parameter for the service */
const struct setting *rule_pf_setting(const struct rule_pf_view *,
	    const char *name);

/* rule_pf_is_yes - a Postfix boolean that is on ("yes", any case) */
bool	 rule_pf_is_yes(const char *value);

/*
 * rule_pf_shown - "name = value", with "(default)" or "(-o in svc)";
 * caller frees
 */
char	*rule_pf_shown(const struct setting *, const char *name,
	    const char *value);

/* ---- findings that several servers share ---- */

/*
 * rule_group - findings that several servers share: one per deciding
 * setting (id) and text, naming every server it covers
 */
struct rule_group_item {
	const void *id;
	struct span where;
	char	*key;
	const struct setting *setting;	/* what decides it, for the fixer */
	char	*param;
	char	*text;
	struct strbuf servers;
	size_t	 same_text;	/* 1 + index of the previous item of this
				   text, or 0 */
};

struct rule_group {
	struct rule_group_item *items;	/* owned; grows */
	size_t	 n;
	size_t	 cap;
	struct strmap by_text;		/* text -> 1 + index of its last item */
};

#define RULE_GROUP_INIT	{ NULL, 0, 0, STRMAP_INIT }

/* rule_group_add - add a server to the finding (id, text); text is taken */
void	 rule_group_add(struct rule_group *, const void *id, struct span where,
	    const char *key, const char *server, char *text);

/*
 * rule_group_add_setting - rule_group_add() for a finding decided by a
 * setting s of name (rule_report_setting)
 */
void	 rule_group_add_setting(struct rule_group *, const void *id,
	    struct span where, const struct setting *s, const char *name,
	    const char *server, char *text);

/*
 * rule_group_flush - one finding per item: "servers: text"; keys made
 * unique; the group is emptied and may be used again
 */
void	 rule_group_flush(struct rule_ctx *, struct rule_group *);

/*
 * rule_servers_by_setting - the names of the Postfix servers that share
 * the setting deciding a finding, so that one finding names them all
 */
struct rule_servers_by_setting {
	const struct setting **from;	/* owned; grows */
	struct strbuf *names;	/* owned: "smtp/inet, submission/inet" */
	size_t	 n;
	struct ptrmap index;	/* setting -> 1 + its index */
};

#define RULE_SERVERS_INIT	{ NULL, NULL, 0, PTRMAP_INIT }

/* rule_servers_by_setting_add - add a server to the names of its setting */
void	 rule_servers_by_setting_add(struct rule_servers_by_setting *,
	    const struct setting *from, const char *server);

void	 rule_servers_by_setting_release(struct rule_servers_by_setting *);

/* rule_append_name - add a name to the comma-separated list in buf */
void	 rule_append_name(char *buf, size_t size, const char *name);

/* ---- sendmail daemons and files ---- */

/*
 * rule_daemon_option - the value of one key of a sendmail DaemonPortOptions
 * string into buf ("" if absent; at most size bytes), read as sendmail
 * reads it (sm_daemon_key); true if the key is there
 */
bool	 rule_daemon_option(const char *options, char key, char *buf,
	    size_t size);

/* rule_sm_daemon_options - the DaemonPortOptions of a sendmail daemon */
const char *rule_sm_daemon_options(const struct model *,
	    const struct smtp_server *);

/* rule_sm_daemon_where - where a daemon is defined (or the main file's end) */
struct span rule_sm_daemon_where(const struct model *,
	    const struct smtp_server *);

/*
 * rule_sm_cf_src - the sendmail.cf that sendmail reads: the one read
 * beside a .mc, or the main file when it is a .cf; NULL for a .mc alone
 */
const struct src *rule_sm_cf_src(const struct model *);

/*
 * rule_sm_cf_model - the model read from that sendmail.cf (its H, S and R
 * lines), or NULL
 */
const struct model *rule_sm_cf_model(const struct model *);

/* rule_find_src - the source read from a path on disk, or NULL */
const struct src *rule_find_src(const struct model *, const char *fs_path);

/* ---- lists and ports (Postfix lists are split by parsers/pf_list) ---- */

/* rule_in_list - word is one of the n items (case matters) */
bool	 rule_in_list(const char *const *items, size_t n, const char *word);

/* rule_in_list_any_case - word is one of the n items, in any case */
bool	 rule_in_list_any_case(const char *const *items, size_t n,
	    const char *word);

/* rule_port_number - "smtp" and "25" are the same port: the number of a name */
const char *rule_port_number(const char *port);

/* rule_port_number_any_case - rule_port_number(), the name in any case */
const char *rule_port_number_any_case(const char *port);

#endif
