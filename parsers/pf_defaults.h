/*
 * pf_defaults - built-in Postfix parameter defaults and derived names
 *
 * pf_defaults[] is generated from `postconf -d` by scripts/gen-pf-defaults.sh
 * (see parsers/pf_defaults.c); the look-up functions are in pf_params.c.
 * Values are raw, as Postfix stores them: "$myhostname ESMTP $mail_name",
 * or "${{$compatibility_level} <level {1} ? {} : {permit_mynetworks, ...}}";
 * expanding them (including the compatibility_level forms) is the caller's
 * job. All strings are static.
 */
#ifndef MH_PF_DEFAULTS_H
#define MH_PF_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Postfix computes this default from the host (myhostname, mydomain,
 * mynetworks); the table holds the value for the pinned host
 * mx.example.invalid with only a loopback interface. Beware: the mynetworks
 * default follows the effective mynetworks_style (see
 * pf_default_mynetworks()), and the mydomain default follows an explicit
 * myhostname (its expanded value minus the first label, or "localdomain"
 * when it has no dot).
 */
#define PF_DEFAULT_HOST_DEPENDENT 0x1
/*
 * Never $-expanded when main.cf is read (postconf -x shows it as is); it is
 * expanded later with per-message macros: smtpd_reject_footer,
 * default_rbl_reply, mailbox_command, forward_path, luser_relay, ...
 * A $name inside it does not make a user-defined name "used".
 */
#define PF_DEFAULT_RAW 0x2
/* An assignment in main.cf is ignored ("read-only parameter assignment"). */
#define PF_DEFAULT_READONLY 0x4

struct pf_default {
	const char *name;
	const char *value;	/* raw default */
	unsigned flags;		/* PF_DEFAULT_* */
};

extern const struct pf_default pf_defaults[];	/* sorted by name (strcmp) */
extern const size_t pf_defaults_count;

/* pf_default_lookup - bsearch by exact name; NULL if unknown */
const struct pf_default *pf_default_lookup(const char *name);

/* pf_defaults_version - the Postfix mail_version the table came from */
const char *pf_defaults_version(void);

/*
 * pf_default_mynetworks - the mynetworks default for a mynetworks_style
 * ("host", "subnet", "class") on the pinned host; NULL for another style.
 * The table entry is the compatibility_level 0 one ("subnet"); from level 2
 * on, mynetworks_style defaults to "host" and so does this.
 */
const char *pf_default_mynetworks(const char *style);

/*
 * pf_is_service_parameter - true for per-transport names Postfix derives
 * from master.cf service names, e.g. "relay_destination_concurrency_limit"
 * when a service "relay" exists. services: the master.cf service names.
 *
 * Postfix derives these names only for services whose command (field 8,
 * compared as written) is a delivery agent: local, error, virtual, smtp,
 * lmtp and pipe get the full suffix list, spawn gets only "_time_limit",
 * and pipe also gets "_time_limit". This function does not know the
 * commands, so it accepts any suffix for any service named; pass only the
 * services whose command is one of the above (pf_service_command_class()
 * tells), or use pf_service_parameter_default() to be exact. True also for
 * names with a built-in entry (local_destination_concurrency_limit); their
 * default comes from pf_default_lookup() then.
 */
bool pf_is_service_parameter(const char *name, const char *const *services,
    size_t nservices);

/* What a master.cf command makes Postfix derive. */
#define PF_SERVICE_NONE		0	/* smtpd, cleanup, paths...: nothing */
#define PF_SERVICE_DELIVERY	0x1	/* local error virtual smtp lmtp pipe */
#define PF_SERVICE_TIME_LIMIT	0x2	/* pipe spawn: SERVICE_time_limit */

/* One derived name: service name + suffix, default "$" + default_param. */
struct pf_service_suffix {
	const char *suffix;		/* "_destination_concurrency_limit" */
	const char *default_param;	/* "default_recipient_limit" */
	unsigned classes;		/* PF_SERVICE_DELIVERY or _TIME_LIMIT */
};

extern const struct pf_service_suffix pf_service_suffixes[];
extern const size_t pf_service_suffixes_count;

/* pf_service_command_class - PF_SERVICE_* bits for a master.cf command */
unsigned pf_service_command_class(const char *command);

/*
 * pf_service_parameter_default - when NAME is SERVICE plus a suffix that
 * Postfix derives for a service running COMMAND, the name of the built-in
 * parameter whose value ("$" + it) is NAME's default; else NULL. A NAME
 * with its own built-in entry still returns the suffix's default parameter;
 * check pf_default_lookup() first, as Postfix does.
 */
const char *pf_service_parameter_default(const char *name,
    const char *service, const char *command);

#endif
