/*
 * severity - the five levels of the contract, lowest first
 */
#ifndef MH_SEVERITY_H
#define MH_SEVERITY_H

enum severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};

#define SEV_COUNT	5

/* severity_parse - returns 0 and stores the level, or -1 for an unknown word */
int	 severity_parse(const char *, enum severity *);
const char *severity_name(enum severity);

#endif
