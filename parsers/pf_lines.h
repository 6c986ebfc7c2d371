/*
 * pf_lines - Postfix logical lines (main.cf, master.cf), as readllines(3)
 *
 * A logical line is a line that does not start with whitespace plus every
 * following line that does. Comment lines (first non-blank is '#') and
 * blank lines are skipped and do not end a logical line. The joined text
 * keeps each physical line's bytes (leading blanks of continuation lines
 * included) and drops the line ends; a segment table maps every byte of
 * the joined text back to its offset in the source.
 */
#ifndef MH_PF_LINES_H
#define MH_PF_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/src.h"

struct pf_seg {
	size_t	 text_off;	/* where the piece starts in the joined text */
	size_t	 src_off;	/* where it starts in the source */
	size_t	 len;
};

struct pf_lline {
	size_t	 start;		/* first byte of the first physical line */
	size_t	 end;		/* after the line end of the last physical line */
	bool	 indented;	/* first physical line starts with whitespace */
	char	*text;		/* joined text, NUL-terminated; owned */
	size_t	 len, cap;
	struct pf_seg *segs;	/* owned */
	size_t	 nsegs, segcap;
};

struct pf_reader {
	const struct src *src;
	size_t	 pos;
};

void	 pf_reader_init(struct pf_reader *, const struct src *);

/* pf_reader_next - the next logical line (buffers reused); false at end */
bool	 pf_reader_next(struct pf_reader *, struct pf_lline *);

void	 pf_lline_release(struct pf_lline *);

/* pf_lline_src - source offset of a position in the joined text */
size_t	 pf_lline_src(const struct pf_lline *, size_t text_pos);

/* pf_lline_span - the source span of text[from..to) */
struct span pf_lline_span(const struct src *, const struct pf_lline *,
	    size_t from, size_t to);

#endif
