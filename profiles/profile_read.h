/*
 * profile_read - one profile file checked against the profile schema
 * (name, description, extends, rules with enabled, severity and
 * parameters), before profile.c follows `extends` and merges the chain
 */
#ifndef MH_PROFILE_READ_H
#define MH_PROFILE_READ_H

#include <stdbool.h>
#include <sys/types.h>

#include "profiles/profile.h"

#define MAX_FILE_BYTES	(1024 * 1024)	/* a profile file */

/* pfile - one profile file as written, before the chain is merged */
struct pfile {
	char	*path;
	dev_t	 dev;
	ino_t	 ino;
	char	*name;
	char	*description;
	char	*extends;
	struct profile_pos name_pos;
	struct profile_pos extends_pos;
	struct profile_rule *rules;
	size_t	 nrules;
};

/*
 * pfile_read - read and check one profile file, NULL with err. A
 * built-in profile's name must be its file name without .yaml; from is
 * where it was referred to (an I/O error is reported there), or NULL.
 */
struct pfile *pfile_read(const char *path, const struct profile_pos *from,
	    bool builtin, profile_rule_canon, bool want_rules,
	    struct profile_error *err);

void	 pfile_free(struct pfile *);

/* profile_param_clear, profile_rule_clear - free what one holds */
void	 profile_param_clear(struct profile_param *);
void	 profile_rule_clear(struct profile_rule *);

#endif
