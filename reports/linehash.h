/*
 * linehash - the primaryLocationLineHash of GitHub code scanning
 *
 * GitHub keys its alerts on a rolling hash (multiplier 37, modulo 2^64)
 * of the first 100 characters of each line, spaces and tabs left out,
 * CR and CRLF read as LF, over the UTF-16 code units of the file read
 * as UTF-8; "hash:n" where n counts the lines with the same hash so far.
 * upload-sarif computes it when a result lacks it and warns when a given
 * value differs, so ours follows the same algorithm exactly.
 */
#ifndef MH_LINEHASH_H
#define MH_LINEHASH_H

#include <stddef.h>
#include <stdint.h>

struct line_hash {
	uint64_t value;
	unsigned occurrence;	/* 1 for the first line with this value */
};

/*
 * line_hashes - one hash per line of the text (index 0 is line 1; a text
 * that ends with a line end has one more, empty, line); returns how many,
 * and an array in *out that the caller frees
 */
size_t	 line_hashes(const char *bytes, size_t len, struct line_hash **out);

/* line_hash_format - "39fa2ee980eb94b0:1" */
void	 line_hash_format(const struct line_hash *, char *buf, size_t size);

#endif
