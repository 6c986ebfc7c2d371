/*
 * pf_params - look-ups in the Postfix defaults table and the parameter
 * names Postfix derives from master.cf services
 *
 * The suffix list is Postfix 3.7's postconf_service.c
 * (pcf_register_service_parameters), checked against `postconf -d` with a
 * master.cf naming custom smtp, pipe, spawn, smtpd, local, error, virtual
 * and lmtp services.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pf_defaults.h"

/* pf_service_suffixes - pipe_params[] of postconf_service.c */
const struct pf_service_suffix pf_service_suffixes[] = {
	{ "_time_limit", "command_time_limit", PF_SERVICE_TIME_LIMIT },
	{ "_recipient_limit", "default_recipient_limit",
	    PF_SERVICE_DELIVERY },
	{ "_extra_recipient_limit", "default_extra_recipient_limit",
	    PF_SERVICE_DELIVERY },
	{ "_recipient_refill_limit", "default_recipient_refill_limit",
	    PF_SERVICE_DELIVERY },
	{ "_recipient_refill_delay", "default_recipient_refill_delay",
	    PF_SERVICE_DELIVERY },
	{ "_delivery_slot_cost", "default_delivery_slot_cost",
	    PF_SERVICE_DELIVERY },
	{ "_delivery_slot_loan", "default_delivery_slot_loan",
	    PF_SERVICE_DELIVERY },
	{ "_delivery_slot_discount", "default_delivery_slot_discount",
	    PF_SERVICE_DELIVERY },
	{ "_minimum_delivery_slots", "default_minimum_delivery_slots",
	    PF_SERVICE_DELIVERY },
	{ "_initial_destination_concurrency", "initial_destination_concurrency",
	    PF_SERVICE_DELIVERY },
	{ "_destination_concurrency_limit",
	    "default_destination_concurrency_limit", PF_SERVICE_DELIVERY },
	{ "_destination_recipient_limit",
	    "default_destination_recipient_limit", PF_SERVICE_DELIVERY },
	{ "_destination_concurrency_positive_feedback",
	    "default_destination_concurrency_positive_feedback",
	    PF_SERVICE_DELIVERY },
	{ "_destination_concurrency_negative_feedback",
	    "default_destination_concurrency_negative_feedback",
	    PF_SERVICE_DELIVERY },
	{ "_destination_concurrency_failed_cohort_limit",
	    "default_destination_concurrency_failed_cohort_limit",
	    PF_SERVICE_DELIVERY },
	{ "_destination_rate_delay", "default_destination_rate_delay",
	    PF_SERVICE_DELIVERY },
	{ "_transport_rate_delay", "default_transport_rate_delay",
	    PF_SERVICE_DELIVERY },
};

const size_t pf_service_suffixes_count =
    sizeof(pf_service_suffixes) / sizeof(pf_service_suffixes[0]);

/* compare_name - bsearch callback: key string against a table entry */
static int
compare_name(const void *key, const void *elem)
{
	const struct pf_default *d = elem;

	return strcmp(key, d->name);
}

/* pf_default_lookup - bsearch by exact name; NULL if unknown */
const struct pf_default *
pf_default_lookup(const char *name)
{
	if (name == NULL)
		return NULL;
	return bsearch(name, pf_defaults, pf_defaults_count,
	    sizeof(pf_defaults[0]), compare_name);
}

/* service_suffix - the suffix entry for NAME = SERVICE + suffix, or NULL */
static const struct pf_service_suffix *
service_suffix(const char *name, const char *service, unsigned classes)
{
	size_t len, i;

	len = strlen(service);
	if (len == 0 || strncmp(name, service, len) != 0)
		return NULL;
	for (i = 0; i < pf_service_suffixes_count; i++) {
		if ((pf_service_suffixes[i].classes & classes) != 0 &&
		    strcmp(name + len, pf_service_suffixes[i].suffix) == 0)
			return &pf_service_suffixes[i];
	}
	return NULL;
}

/* pf_is_service_parameter - NAME is a service name plus any derived suffix */
bool
pf_is_service_parameter(const char *name, const char *const *services,
    size_t nservices)
{
	size_t i;

	if (name == NULL || services == NULL)
		return false;
	for (i = 0; i < nservices; i++) {
		if (services[i] != NULL && service_suffix(name, services[i],
		    PF_SERVICE_DELIVERY | PF_SERVICE_TIME_LIMIT) != NULL)
			return true;
	}
	return false;
}

/* pf_service_command_class - PF_SERVICE_* bits for a master.cf command */
unsigned
pf_service_command_class(const char *command)
{
	static const char *const delivery[] = {
		"local", "error", "virtual", "smtp", "lmtp",
	};
	size_t i;

	if (command == NULL)
		return PF_SERVICE_NONE;
	if (strcmp(command, "pipe") == 0)
		return PF_SERVICE_DELIVERY | PF_SERVICE_TIME_LIMIT;
	if (strcmp(command, "spawn") == 0)
		return PF_SERVICE_TIME_LIMIT;
	for (i = 0; i < sizeof(delivery) / sizeof(delivery[0]); i++) {
		if (strcmp(command, delivery[i]) == 0)
			return PF_SERVICE_DELIVERY;
	}
	return PF_SERVICE_NONE;
}

/* pf_service_parameter_default - default parameter of a derived name */
const char *
pf_service_parameter_default(const char *name, const char *service,
    const char *command)
{
	const struct pf_service_suffix *s;
	unsigned classes;

	if (name == NULL || service == NULL)
		return NULL;
	if ((classes = pf_service_command_class(command)) == PF_SERVICE_NONE)
		return NULL;
	if ((s = service_suffix(name, service, classes)) == NULL)
		return NULL;
	return s->default_param;
}
