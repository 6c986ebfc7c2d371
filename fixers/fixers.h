/*
 * fixers - the fixer of every rule that has one; a rule's row names it
 * (core/rule.h). fixers_core.c: the core rules; fixers_settings.c: the
 * rules one setting decides; fixers_files.c: the fixes that edit lines.
 */
#ifndef MH_FIXERS_H
#define MH_FIXERS_H

#include "fixers/fix.h"

extern const struct fixer fixer_vrfy_enabled;	/* MH101 */
extern const struct fixer fixer_expn_enabled;	/* MH102 */
extern const struct fixer fixer_verb_enabled;	/* MH103 */
extern const struct fixer fixer_banner_reveals_software;	/* MH104 */
extern const struct fixer fixer_help_reveals_version;	/* MH105 */
extern const struct fixer fixer_received_header_reveals_version;	/* MH107 */
extern const struct fixer fixer_success_dsn_offered;	/* MH108 */
extern const struct fixer fixer_bounce_returns_body;	/* MH109 */
extern const struct fixer fixer_dsn_reveals_actual_recipient;	/* MH110 */
extern const struct fixer fixer_mailq_open_to_all;	/* MH111 */
extern const struct fixer fixer_queue_run_open_to_all;	/* MH112 */
extern const struct fixer fixer_unknown_user_reveals_table;	/* MH113 */
extern const struct fixer fixer_etrn_open;	/* MH114 */
extern const struct fixer fixer_helo_not_required;	/* MH115 */
extern const struct fixer fixer_open_relay;	/* MH201 */
extern const struct fixer fixer_untrusted_routing;	/* MH202 */
extern const struct fixer fixer_starttls_not_offered;	/* MH250 */
extern const struct fixer fixer_auth_without_tls;	/* MH251 */
extern const struct fixer fixer_sasl_plaintext_without_tls;	/* MH252 */
extern const struct fixer fixer_sasl_anonymous_allowed;	/* MH253 */
extern const struct fixer fixer_tls_old_protocols;	/* MH254 */
extern const struct fixer fixer_tls_weak_ciphers;	/* MH255 */
extern const struct fixer fixer_unqualified_sender_accepted;	/* MH301 */
extern const struct fixer fixer_unresolvable_sender_accepted;	/* MH302 */
extern const struct fixer fixer_rfc821_envelopes_not_strict;	/* MH303 */
extern const struct fixer fixer_access_syntax;	/* MH401 */
extern const struct fixer fixer_access_duplicate;	/* MH402 */
extern const struct fixer fixer_access_db_missing;	/* MH403 */
extern const struct fixer fixer_alias_decode;	/* MH503 */
extern const struct fixer fixer_required_alias_missing;	/* MH504 */
extern const struct fixer fixer_smrsh_missing;	/* MH506 */
extern const struct fixer fixer_mail_to_commands_widened;	/* MH507 */
extern const struct fixer fixer_forward_on_gateway;	/* MH508 */
extern const struct fixer fixer_message_size_limit;	/* MH601 */
extern const struct fixer fixer_header_size_limit;	/* MH602 */
extern const struct fixer fixer_mime_header_limit;	/* MH603 */
extern const struct fixer fixer_recipient_limit;	/* MH604 */
extern const struct fixer fixer_connection_concurrency;	/* MH605 */
extern const struct fixer fixer_connection_rate_limit;	/* MH606 */
extern const struct fixer fixer_line_length_limit_low;	/* MH608 */
extern const struct fixer fixer_listen_beyond_loopback;	/* MH701 */
extern const struct fixer fixer_submission_without_auth;	/* MH702 */
extern const struct fixer fixer_default_user_privileged;	/* MH750 */
extern const struct fixer fixer_dont_blame_sendmail_unsafe;	/* MH753 */
extern const struct fixer fixer_dont_blame_sendmail_relaxed;	/* MH754 */
extern const struct fixer fixer_safe_file_environment_unset;	/* MH755 */
extern const struct fixer fixer_cf_out_of_date;	/* MH801 */
extern const struct fixer fixer_map_db_stale;	/* MH802 */
extern const struct fixer fixer_log_level_low;	/* MH851 */
extern const struct fixer fixer_debug_logging_on;	/* MH852 */
extern const struct fixer fixer_compatibility_level_unsafe;	/* MH853 */
extern const struct fixer fixer_compatibility_level_old;	/* MH854 */
extern const struct fixer fixer_value_trailing_comment;	/* MH901 */
extern const struct fixer fixer_duplicate_setting;	/* MH902 */
extern const struct fixer fixer_relay_restrictions_missing;	/* MH907 */

/*
 * fixers_private_networks - the loopback and private entries of a
 * mynetworks value (loopback alone when none is left); the caller frees
 */
char	*fixers_private_networks(const char *value);

/* fixers_settings_fix - the fix of a rule that one setting decides */
int	 fixers_settings_fix(struct fix_ctx *);

/* fixers_sender - MH301, MH302: a Postfix restriction, a sendmail FEATURE */
int	 fixers_sender(struct fix_ctx *);

#endif
