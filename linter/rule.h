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

#include "linter/finding.h"
#include "parsers/model.h"
#include "parsers/severity.h"
#include "profiles/profile.h"

#define RULE_MTA_POSTFIX	(1u << MTA_POSTFIX)
#define RULE_MTA_SENDMAIL	(1u << MTA_SENDMAIL)
#define RULE_MAX_TAGS		4
#define RULE_MAX_PARAMS		4

struct rule_param {
	const char *name;
	const char *default_value;	/* scalar, or items joined by ", " */
	bool	 list;
	const char *doc;
};

struct rule_ctx;

struct rule {
	const char *id;		/* "MH101" */
	const char *name;	/* "vrfy-enabled" */
	const char *tags[RULE_MAX_TAGS];
	enum severity severity;	/* default */
	unsigned mtas;		/* RULE_MTA_* bits */
	bool	 fixable;
	bool	 enabled;	/* in a profile that does not mention it */
	const char *summary;
	const char *explanation;	/* why, what profiles expect, how to fix */
	struct rule_param params[RULE_MAX_PARAMS];
	void	(*check)(struct rule_ctx *);
};

struct rule_ctx {
	const struct rule *rule;
	const struct model *model;
	const struct profile_rule *cfg;	/* profile settings, or NULL */
	enum severity severity;
	struct findings *out;
};

/*
 * The rule families: each file linter/rules*.c defines one array, and
 * linter/rule.c lists them all. rule_at(i) walks every rule in id order.
 */
extern const struct rule rules_core[];
extern const size_t rules_core_count;
extern const struct rule rules_relay[];
extern const size_t rules_relay_count;
extern const struct rule rules_access[];
extern const size_t rules_access_count;
extern const struct rule rules_smarthost[];
extern const size_t rules_smarthost_count;
extern const struct rule rules_info[];
extern const size_t rules_info_count;
extern const struct rule rules_sender[];
extern const size_t rules_sender_count;
extern const struct rule rules_aliases[];
extern const size_t rules_aliases_count;
extern const struct rule rules_limits[];
extern const size_t rules_limits_count;
extern const struct rule rules_listen[];
extern const size_t rules_listen_count;
extern const struct rule rules_privilege[];
extern const size_t rules_privilege_count;
extern const struct rule rules_tls[];
extern const size_t rules_tls_count;
extern const struct rule rules_content[];
extern const size_t rules_content_count;
extern const struct rule rules_ops[];
extern const size_t rules_ops_count;

size_t	 rule_total(void);

/* rule_fixable - has the rule a fixer? rule_fix_unsafe - may its fix refuse mail? */
bool	 rule_fixable(const struct rule *);
bool	 rule_fix_unsafe(const struct rule *);
const struct rule *rule_at(size_t i);

/* rule_find - by id or name; NULL if unknown */
const struct rule *rule_find(const char *id_or_name);

/* rule_canon - canonical id of an id or name (profile_rule_canon) */
const char *rule_canon(const char *id_or_name);

/* rule_report - add a finding at a span (src NULL: whole main file) */
void	 rule_report(struct rule_ctx *, struct span where, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* rule_report_notes - one finding per model note with this code */
void	 rule_report_notes(struct rule_ctx *, const char *code);

/* rule_seen - de-duplicate findings that several servers share */
struct rule_seen {
	const void *keys[64];
	size_t	 n;
};

/* rule_seen_before - true if key was seen; remembers it otherwise */
bool	 rule_seen_before(struct rule_seen *, const void *key);

/*
 * rule_servers_sharing - "smtp/inet, submission/inet": the servers whose
 * fact at fact_offset (offsetof(struct smtp_server, vrfy)) is decided by
 * the same setting; caller frees
 */
char	*rule_servers_sharing(const struct model *, size_t fact_offset,
	    const void *from);

/*
 * rule_service_is_effective - no later master.cf entry of the same name and
 * type replaces the service (the last one wins)
 */
bool	 rule_service_is_effective(const struct model *, const struct service *);

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
 * rule_where - where to report a setting: its value when written in a
 * file, the call that set it (sendmail OSTYPE/FEATURE), else where a fix
 * would add it (the end of the main file)
 */
struct span rule_where(const struct model *, const struct setting *);

/* rule_value - a setting's effective value ("" when unset) */
const char *rule_value(const struct model *, const char *name);

/* rule_setting_value - the value of a setting: expanded, else raw; "" if NULL */
const char *rule_setting_value(const struct setting *);

/* rule_setting_key - logical key of a setting: "scope:name" or "name" (static buffer) */
const char *rule_setting_key(const struct setting *, const char *name);

/* rule_param_* - a parameter from the profile, else the rule's default */
const char *rule_param_scalar(const struct rule_ctx *, const char *name);
long long rule_param_number(const struct rule_ctx *, const char *name,
	    long long fallback);
/* rule_param_list - items; *n set; the array is static per call site use */
size_t	 rule_param_list(const struct rule_ctx *, const char *name,
	    const char **items, size_t max);

#endif
