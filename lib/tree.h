/*
 * tree - the paths a run is given, and the directories it may read below
 *
 * Paths from the command line are normalised once (tree_path_clean), so
 * that "root//etc/postfix/" and "root/etc/postfix" are the same tree to
 * every command. A tree is the set of directories a run was given: each
 * PATH (its real path, so a PATH that is itself a symbolic link still
 * counts) and the root for absolute paths inside configs. A file whose
 * real path lies below none of them is not opened: a symbolic link out
 * of the tree could make a check print bytes of any file the user can
 * read. --follow-links lifts that.
 */
#ifndef MH_TREE_H
#define MH_TREE_H

#include <stdbool.h>
#include <stddef.h>

struct tree {
	char	**bases;		/* real paths; owned, as is the vector */
	size_t	 nbases;
	bool	 follow_links;	/* --follow-links: every file may be read */
};

/*
 * tree_path_clean - a path with repeated slashes, "." components and
 * trailing slashes removed ("a//./b/" is "a/b", "./" is ".", "//" is
 * "/"); ".." is kept, since a link before it decides where it leads.
 * Returns an owned copy.
 */
char	*tree_path_clean(const char *path);

/*
 * tree_path_below - is the real path real the directory base, or in it?
 * Both are resolved (realpath); "/" holds everything.
 */
bool	 tree_path_below(const char *real, const char *base);

void	 tree_init(struct tree *, bool follow_links);

/* tree_add - a directory the run may read below (ignored if it does not resolve) */
void	 tree_add(struct tree *, const char *dir);

/*
 * tree_holds - may the file at path be opened? True when links are
 * followed, when its real path lies in one of the bases, or when it does
 * not resolve at all (opening it then fails and says why, reading
 * nothing). False for a symbolic link, or a path through one, that leads
 * out of the tree.
 */
bool	 tree_holds(const struct tree *, const char *path);

void	 tree_release(struct tree *);

#endif
