/*
 * outputs - where the reports of one run go: -f FORMAT [-o FILE] pairs
 *
 * Each -f names a format; an -o right after it sends that report to a
 * file, otherwise it goes to stdout (one at most). Files are written
 * whole or not at all: each report goes to a temporary file in the
 * target's directory, and only when every report and every other write
 * of the run has succeeded are they renamed into place.
 */
#ifndef MH_OUTPUTS_H
#define MH_OUTPUTS_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/msg.h"
#include "reports/report.h"

struct output {
	enum report_format format;
	const char *path;	/* NULL: stdout */
	char	*tmp;		/* the temporary file while prepared; owned */
};

struct outputs {
	struct output *v;	/* owned */
	size_t	 n;
	struct msg_cleanup undo;	/* while prepared: an internal error
					   removes the temporary files */
};

/* outputs_add_format - -f NAME; -1 for an unknown format */
int	 outputs_add_format(struct outputs *, const char *name);

/* outputs_add_file - -o FILE; -1 when no -f without a file precedes it */
int	 outputs_add_file(struct outputs *, const char *path);

/*
 * outputs_finish - text on stdout when no -f was given; -1 with a
 * message when two reports would go to stdout or to one file
 */
int	 outputs_finish(struct outputs *, char *err, size_t errsize);

/* outputs_stdout - the format printed on stdout, or NULL */
const struct output *outputs_stdout(const struct outputs *);

typedef int (*output_writer)(FILE *, const struct output *, void *arg);

/*
 * outputs_prepare - write every report: stdout now, files to temporary
 * files. Returns 0; 2 when a report file cannot be created (nothing was
 * written); 3 when writing failed (temporary files removed). err says why.
 */
int	 outputs_prepare(struct outputs *, output_writer, void *arg,
	    char *err, size_t errsize);

/* outputs_commit - rename the prepared files into place; 0, or 3 */
int	 outputs_commit(struct outputs *, char *err, size_t errsize);

/* outputs_abort - remove the prepared files */
void	 outputs_abort(struct outputs *);

void	 outputs_release(struct outputs *);

#endif
