/*
 * stage - replace several files all or nothing
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/stage.h"
#include "lib/xalloc.h"

static int
write_all(int fd, const char *b, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, b, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		b += w;
		len -= (size_t)w;
	}
	return 0;
}

/* dir_of - the directory of path ("." for a bare name); caller frees */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * link_temp - a new hard link to target beside it, named ".NAME.mh-XXXXXX";
 * NULL with errno set when none can be made. Caller frees the name.
 */
static char *
link_temp(const char *target, const char *name)
{
	static const char chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long seed;
	char *dir = dir_of(target), *p = NULL;
	int attempt;

	if (seed == 0)
		seed = (unsigned long)getpid() * 2654435761UL ^
		    (unsigned long)time(NULL);
	for (attempt = 0; attempt < 100; attempt++) {
		char suffix[7];
		int k;

		for (k = 0; k < 6; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			suffix[k] = chars[(seed >> 33) % (sizeof(chars) - 1)];
		}
		suffix[6] = '\0';
		free(p);
		p = xasprintf("%s/.%s.mh-%s", dir, name, suffix);
		if (link(target, p) == 0) {
			free(dir);
			return p;
		}
		if (errno != EEXIST)
			break;
	}
	free(p);
	free(dir);
	if (errno == EEXIST)
		errno = EAGAIN;
	return NULL;
}

static void
unlink_free(char **p)
{
	if (*p != NULL) {
		(void)unlink(*p);
		free(*p);
		*p = NULL;
	}
}

int
stage_file(struct stage *sg, const char *path, const char *text, size_t len,
    const struct stat *old, mode_t mode, bool backup, char *err,
    size_t errsize)
{
	struct staged_file *sf;
	struct stat now;
	char *dir = dir_of(path), *orig_name;
	int fd;

	sg->v = xreallocarray(sg->v, sg->n + 1, sizeof(*sg->v));
	sf = &sg->v[sg->n++];
	memset(sf, 0, sizeof(*sf));
	sf->path = xstrdup(path);
	sf->tmp = xasprintf("%s/.%s.mh-XXXXXX", dir, base_of(path));
	fd = mkstemp(sf->tmp);
	if (fd < 0) {
		snprintf(err, errsize, "%.300s: cannot create a temporary file: "
		    "%.300s", dir, strerror(errno));
		free(sf->tmp);
		sf->tmp = NULL;
		free(dir);
		return -1;
	}
	free(dir);
	if (write_all(fd, text, len) < 0 ||
	    (old != NULL && fchmod(fd, old->st_mode & 07777) < 0) ||
	    (old == NULL && mode != 0 && fchmod(fd, mode) < 0) ||
	    (old != NULL && fchown(fd, old->st_uid, old->st_gid) < 0 &&
	    errno != EPERM) || fsync(fd) < 0) {
		snprintf(err, errsize, "%.300s: cannot write: %.300s", path,
		    strerror(errno));
		close(fd);
		unlink_free(&sf->tmp);
		return -1;
	}
	if (close(fd) < 0) {
		snprintf(err, errsize, "%.300s: cannot write: %.300s", path,
		    strerror(errno));
		unlink_free(&sf->tmp);
		return -1;
	}
	/* what it replaces: kept by a link until every file is in place */
	if (old == NULL && lstat(path, &now) == 0 && S_ISREG(now.st_mode))
		old = &now;
	if (old == NULL)
		return 0;
	sf->dev = old->st_dev;
	sf->ino = old->st_ino;
	if ((sf->keep = link_temp(path, base_of(path))) == NULL) {
		snprintf(err, errsize, "%.300s: cannot keep the old version: "
		    "%.300s", path, strerror(errno));
		return -1;
	}
	if (!backup)
		return 0;
	sf->orig = xasprintf("%s.orig", path);
	orig_name = xasprintf("%s.orig", base_of(path));
	sf->orig_tmp = link_temp(path, orig_name);
	if (sf->orig_tmp != NULL && lstat(sf->orig, &now) == 0 &&
	    S_ISREG(now.st_mode))
		sf->old_orig = link_temp(sf->orig, orig_name);
	free(orig_name);
	if (sf->orig_tmp == NULL || (sf->old_orig == NULL &&
	    lstat(sf->orig, &now) == 0 && S_ISREG(now.st_mode))) {
		snprintf(err, errsize, "%.300s: cannot keep a backup: %.300s",
		    sf->orig, strerror(errno));
		return -1;
	}
	return 0;
}

void
stage_rollback(struct stage *sg)
{
	size_t i = sg->n;

	while (i-- > 0) {
		struct staged_file *sf = &sg->v[i];

		if (sf->orig_placed) {
			if (sf->old_orig != NULL &&
			    rename(sf->old_orig, sf->orig) == 0) {
				free(sf->old_orig);
				sf->old_orig = NULL;
			} else if (sf->old_orig == NULL) {
				(void)unlink(sf->orig);
			}
			sf->orig_placed = false;
		}
		if (!sf->done)
			continue;
		if (sf->keep != NULL && rename(sf->keep, sf->path) == 0) {
			free(sf->keep);
			sf->keep = NULL;
		} else if (sf->keep == NULL) {
			(void)unlink(sf->path);	/* a file it made */
		}
		sf->done = false;
	}
}

int
stage_commit(struct stage *sg, char *err, size_t errsize)
{
	size_t i;

	for (i = 0; i < sg->n; i++) {
		struct staged_file *sf = &sg->v[i];
		struct stat st;

		/* the file it replaces, still the one read (not a dir, a FIFO) */
		if (sf->keep != NULL && (lstat(sf->path, &st) < 0 ||
		    st.st_dev != sf->dev || st.st_ino != sf->ino)) {
			snprintf(err, errsize, "%.300s changed since it was "
			    "read: not written", sf->path);
			goto fail;
		}
		if (sf->orig_tmp != NULL) {
			if (rename(sf->orig_tmp, sf->orig) < 0) {
				snprintf(err, errsize, "%.300s: cannot keep a "
				    "backup: %.300s", sf->orig, strerror(errno));
				goto fail;
			}
			free(sf->orig_tmp);
			sf->orig_tmp = NULL;
			sf->orig_placed = true;
		}
		if (rename(sf->tmp, sf->path) < 0) {
			snprintf(err, errsize, "%.300s: cannot replace: %.300s",
			    sf->path, strerror(errno));
			goto fail;
		}
		free(sf->tmp);
		sf->tmp = NULL;
		sf->done = true;
	}
	/* the renames themselves on disk */
	for (i = 0; i < sg->n; i++) {
		char *dir = dir_of(sg->v[i].path);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	return 0;
fail:
	stage_rollback(sg);
	return -1;
}

void
stage_release(struct stage *sg)
{
	size_t i;

	for (i = 0; i < sg->n; i++) {
		struct staged_file *sf = &sg->v[i];

		unlink_free(&sf->tmp);
		unlink_free(&sf->keep);
		unlink_free(&sf->orig_tmp);
		unlink_free(&sf->old_orig);
		free(sf->orig);
		free(sf->path);
	}
	free(sg->v);
	sg->v = NULL;
	sg->n = 0;
}

void
stage_abandon(void *arg)
{
	struct stage *sg = arg;

	stage_rollback(sg);
	stage_release(sg);
}
