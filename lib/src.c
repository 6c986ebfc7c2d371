/*
 * src - input files and line maps
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/src.h"
#include "lib/xalloc.h"

/* build_line_map - one entry per line; a final newline opens no new line */
static void
build_line_map(struct src *s)
{
	size_t cap = 64, n = 0, i;

	s->line_start = xreallocarray(NULL, cap, sizeof(uint32_t));
	s->line_start[n++] = 0;
	for (i = 0; i < s->len; i++) {
		if (s->bytes[i] != '\n' || i + 1 == s->len)
			continue;
		if (n == cap) {
			cap *= 2;
			s->line_start = xreallocarray(s->line_start, cap,
			    sizeof(uint32_t));
		}
		s->line_start[n++] = (uint32_t)(i + 1);
	}
	s->nlines = n;
}

/*
 * over_limits - why the bytes of a file are more than mta-harden reads
 * (too many lines, or a line too long: its number is named), or NULL
 */
static const char *
over_limits(const char *b, size_t len)
{
	static char why[160];
	size_t i, start = 0, line = 1;

	for (i = 0; i <= len; i++) {
		if (i < len && b[i] != '\n')
			continue;
		if (i - start > SRC_MAX_LINE_BYTES) {
			snprintf(why, sizeof(why), "line %zu is %zu bytes long "
			    "(limit %zu bytes)", line, i - start,
			    SRC_MAX_LINE_BYTES);
			return why;
		}
		if (i < len && ++line > SRC_MAX_LINES && i + 1 < len) {
			snprintf(why, sizeof(why), "more than %zu lines (limit)",
			    SRC_MAX_LINES);
			return why;
		}
		start = i + 1;
	}
	return NULL;
}

struct src *
src_from_bytes(const char *shown_path, const char *bytes, size_t len)
{
	struct src *s = xcalloc(1, sizeof(*s));

	s->path = xstrdup(shown_path);
	s->bytes = xmalloc(len + 1);
	if (len > 0)
		memcpy(s->bytes, bytes, len);
	s->bytes[len] = '\0';
	s->len = len;
	build_line_map(s);
	return s;
}

struct src *
src_read(const char *fs_path, const char *shown_path, const char **why)
{
	struct stat st;
	struct src *s;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t got;
	int fd;

	/* O_NONBLOCK: a FIFO in the tree must not hang the reader. */
	fd = open(fs_path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		*why = "is a directory, not a file";
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "is not a regular file";
		close(fd);
		return NULL;
	}
	if ((size_t)st.st_size > SRC_MAX_BYTES) {
		*why = "file too large (limit 64 MiB)";
		close(fd);
		return NULL;
	}
	/* room for the bytes, the NUL, and the read that sees the end */
	cap = (size_t)st.st_size + 2;
	buf = xmalloc_big(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > SRC_MAX_BYTES) {
				*why = "file too large (limit 64 MiB)";
				free(buf);
				close(fd);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*why = strerror(errno);
			free(buf);
			close(fd);
			return NULL;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	if ((*why = over_limits(buf, len)) != NULL) {
		free(buf);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(shown_path);
	s->bytes = buf;
	s->bytes[len] = '\0';
	s->len = len;
	s->has_stat = true;
	s->mode = (unsigned)st.st_mode;
	s->uid = (unsigned)st.st_uid;
	s->gid = (unsigned)st.st_gid;
	s->mtime = (long long)st.st_mtime;
	s->fs_path = xstrdup(fs_path);
	build_line_map(s);
	return s;
}

void
src_free(struct src *s)
{
	if (s == NULL)
		return;
	free(s->path);
	free(s->fs_path);
	free(s->bytes);
	free(s->line_start);
	free(s);
}

void
src_position(const struct src *s, size_t offset, unsigned *line,
    unsigned *column)
{
	size_t lo = 0, hi = s->nlines;

	if (offset > s->len)
		offset = s->len;
	/* The end of a file that ends with a newline is a new, empty line. */
	if (offset == s->len && s->len > 0 && s->bytes[s->len - 1] == '\n') {
		*line = (unsigned)s->nlines + 1;
		*column = 1;
		return;
	}
	/* Last line whose start is <= offset. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->line_start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*column = (unsigned)(offset - s->line_start[lo]) + 1;
}

bool
src_open_end(const struct src *s)
{
	return s->len > 0 && s->bytes[s->len - 1] != '\n';
}

bool
src_contains(const struct src *s, size_t start, size_t end,
    const char *text)
{
	size_t tl = strlen(text), i;

	for (i = start; i + tl <= end; i++)
		if (memcmp(s->bytes + i, text, tl) == 0)
			return true;
	return false;
}

const char *
src_line(const struct src *s, unsigned line, size_t *len)
{
	size_t start, end;

	if (line == 0 || line > s->nlines) {
		*len = 0;
		return "";
	}
	start = s->line_start[line - 1];
	end = start;
	while (end < s->len && s->bytes[end] != '\n')
		end++;
	if (end > start && s->bytes[end - 1] == '\r')
		end--;
	*len = end - start;
	return s->bytes + start;
}
