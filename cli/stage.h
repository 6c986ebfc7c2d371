/*
 * stage - replace several files all or nothing: every new version is
 * written beside its target first (phase one), then each is renamed into
 * place (phase two); a failure in either puts back every file already
 * replaced, so that an error leaves the tree as it was. Temporary names
 * are ".NAME.mh-XXXXXX", which no reader of mta-harden takes for a config.
 */
#ifndef MH_STAGE_H
#define MH_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct staged_file {
	char	*path;		/* the target */
	char	*tmp;		/* the new version, beside it */
	char	*keep;		/* a link to what it replaces, or NULL */
	char	*orig;		/* FILE.orig to leave (a backup), or NULL */
	char	*orig_tmp;	/* a link to what it replaces, to become orig */
	char	*old_orig;	/* a link to the FILE.orig replaced, or NULL */
	bool	 orig_placed;	/* orig_tmp renamed to orig */
	dev_t	 dev;		/* of what it replaces: changed meanwhile? */
	ino_t	 ino;
	bool	 done;		/* renamed into place */
};

struct stage {
	struct staged_file *v;	/* owned */
	size_t	 n;
};

#define STAGE_INIT	{ NULL, 0 }

/*
 * stage_file - phase one for one file: text in a temporary file beside
 * path, synced; old (the file replaced, NULL for a new one) gives mode,
 * owner and group, else mode (0: as mkstemp made it). backup keeps the
 * old version as path.orig. -1 with err on failure (nothing left of it).
 */
int	 stage_file(struct stage *, const char *path, const char *text,
	    size_t len, const struct stat *old, mode_t mode, bool backup,
	    char *err, size_t errsize);

/*
 * stage_commit - phase two: every file into place, then the directories
 * synced. On failure every file already replaced is put back, err says
 * why, and -1 is returned.
 */
int	 stage_commit(struct stage *, char *err, size_t errsize);

/* stage_rollback - after a commit, put every file back (a later failure) */
void	 stage_rollback(struct stage *);

/* stage_release - remove what is left of the temporary files; free */
void	 stage_release(struct stage *);

/*
 * stage_abandon - rollback and release, for msg_cleanup: an internal
 * error while staging leaves the tree as it was
 */
void	 stage_abandon(void *stage);

#endif
