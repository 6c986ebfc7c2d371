/*
 * edit - changes to a source as byte spans, applied to the original bytes
 *
 * A fix never rewrites a file: it replaces spans (or inserts at a point)
 * and every other byte is copied through, so comments, order, spacing and
 * continuation layout stay exactly as they were. Edits of one file are
 * sorted; two that overlap are refused.
 */
#ifndef MH_EDIT_H
#define MH_EDIT_H

#include <stdio.h>

#include "lib/src.h"

struct finding;

struct edit {
	size_t	 start, end;	/* replace [start, end); start == end inserts */
	char	*text;		/* owned */
	const char *rule;	/* the rule that asked for it */
	/* every finding whose fix this edit is, once each; owned */
	const struct finding **by;
	size_t	 nby;
};

struct file_edits {
	const struct src *src;
	struct edit *v;		/* owned */
	size_t	 n, cap;
};

struct edit_set {
	struct file_edits *files;	/* owned */
	size_t	 n, cap;
};

/*
 * edit_add - replace src[start, end) with text (a copy is kept). Returns
 * the new edit, valid until the next edit of that source; NULL when the
 * text is there already (no edit).
 */
struct edit *edit_add(struct edit_set *, const struct src *, size_t start,
	    size_t end, const char *text, const char *rule);

/* edit_asked_by - a finding whose fix the edit is (kept once) */
void	 edit_asked_by(struct edit *, const struct finding *);

/* edit_find - the edits of one source, or NULL */
struct file_edits *edit_find(struct edit_set *, const struct src *);

/*
 * edit_check - sort a file's edits; 0, or -1 with a message (file, line
 * and the two rules) when two of them overlap
 */
int	 edit_check(struct file_edits *, char *err, size_t errsize);

/*
 * edit_apply - the new contents of a file. Returns 0, or -1 with a
 * message when two edits overlap (edit_check).
 */
int	 edit_apply(struct file_edits *, char **out, size_t *outlen,
	    char *err, size_t errsize);

/*
 * edit_diff - a unified diff (patch -p1 / git apply) of a file and its
 * new contents, computed from the edits: 3 lines of context
 */
void	 edit_diff(FILE *, const char *old_name, const char *new_name,
	    const struct file_edits *, const char *newtext, size_t newlen);

/* edit_forget - drop every edit of one source */
void	 edit_forget(struct edit_set *, const struct src *);

void	 edit_set_release(struct edit_set *);

#endif
