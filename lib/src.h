/*
 * src - one input file: its bytes, untouched, and a line map
 *
 * A struct src owns a NUL-terminated copy of the file exactly as read
 * (CR, NUL and invalid UTF-8 included). Positions elsewhere are byte
 * spans into these bytes; line and column are computed only when a
 * position is printed.
 */
#ifndef MH_SRC_H
#define MH_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/msg.h"

/*
 * Limits of one input file (README, mta-harden(1) LIMITS): beyond them a
 * file is refused with a clear error (exit code 2), so that no input can
 * make mta-harden use unbounded time or memory.
 */
#define SRC_MAX_BYTES	((size_t)64 * 1024 * 1024)	/* file size */
#define SRC_MAX_LINES	((size_t)1000000)		/* lines in a file */
#define SRC_MAX_LINE_BYTES ((size_t)1024 * 1024)	/* one line */

struct src {
	char	*path;		/* as shown to the user; owned */
	char	*bytes;		/* len bytes plus a NUL; owned */
	size_t	 len;
	uint32_t *line_start;	/* offset of each line's first byte; owned */
	size_t	 nlines;	/* at least 1, even for an empty file */
	bool	 has_stat;	/* read from disk: the fields below are set */
	unsigned mode;		/* st_mode */
	unsigned uid, gid;
	long long mtime;	/* seconds */
	char	*fs_path;	/* where it was read on disk; owned (NULL if not) */
};

/* A byte range [start, end) in one source; src NULL means "no place". */
struct span {
	const struct src *src;
	uint32_t start, end;
};

/*
 * src_read - read a regular file. On failure returns NULL and stores a
 * one-line reason (without the path) in *why (static string or errno text).
 */
struct src *src_read(const char *fs_path, const char *shown_path,
	    const char **why);

/* src_from_bytes - a source over a copy of the given bytes (tests, fuzzing). */
struct src *src_from_bytes(const char *shown_path, const char *bytes,
	    size_t len);

void	 src_free(struct src *);

/* src_position - 1-based line and column (in bytes) of an offset. */
void	 src_position(const struct src *, size_t offset, unsigned *line,
	    unsigned *column);

/* src_open_end - the last line has no line end (and the file is not empty) */
bool	 src_open_end(const struct src *);

/* src_contains - the bytes [start, end) of a source contain text */
bool	 src_contains(const struct src *, size_t start, size_t end,
	    const char *text);

/* src_line - the text of a 1-based line, without its line end. */
const char *src_line(const struct src *, unsigned line, size_t *len);

/* parse_error - input the MTA itself would refuse: exit code 2 */
struct parse_error {
	struct span where;	/* src NULL: the message names no place */
	char	 msg[256];
};

/* A span that means "the whole file" (reported as line 0). */
#define SPAN_WHOLE_FILE	UINT32_MAX

static inline struct span
span_whole(const struct src *src)
{
	struct span s = { src, SPAN_WHOLE_FILE, SPAN_WHOLE_FILE };

	return s;
}

static inline struct span
span_make(const struct src *src, size_t start, size_t end)
{
	struct span s = { src, (uint32_t)start, (uint32_t)end };

	/* sources are at most SRC_MAX_BYTES: offsets fit in 32 bits */
	MSG_CHECK(start <= end && end < SPAN_WHOLE_FILE);

	return s;
}

#endif
