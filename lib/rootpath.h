/*
 * rootpath - an absolute path named inside a config, found below a root
 *
 * A config names files as the MTA host sees them (/etc/mail/access,
 * hash:/etc/aliases). Checking a rendered tree, those names are read
 * below the tree's root, and never above it: a ".." component or a
 * symbolic link that leads out of the root stops the path.
 */
#ifndef MH_ROOTPATH_H
#define MH_ROOTPATH_H

/*
 * rootpath_resolve - NAMED below ROOT on disk. Returns an owned path
 * (which need not exist), or NULL with *why a static reason in the
 * words MH002 reports: "relative path", "absolute path and no root
 * (use --root)", or that the path leaves the root.
 */
char	*rootpath_resolve(const char *root, const char *named,
	    const char **why);

#endif
