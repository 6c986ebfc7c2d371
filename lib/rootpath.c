/*
 * rootpath - absolute paths from configs, resolved below a root
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rootpath.h"
#include "lib/tree.h"
#include "lib/xalloc.h"

/* has_dotdot - does a path have a ".." component? */
static bool
has_dotdot(const char *p)
{
	while (*p != '\0') {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return true;
		p = strchr(p, '/');
		if (p == NULL)
			break;
		while (*p == '/')
			p++;
	}
	return false;
}

/*
 * stays_inside - the deepest existing part of PATH, with its symbolic
 * links resolved, lies below ROOT_REAL (a missing tail opens nothing)
 */
static bool
stays_inside(const char *path, const char *root_real)
{
	char *cand = xstrdup(path), *slash, *real;
	bool ok = false;

	for (;;) {
		real = realpath(cand, NULL);
		if (real != NULL) {
			ok = tree_path_below(real, root_real);
			free(real);
			break;
		}
		if (errno != ENOENT && errno != ENOTDIR)
			break;
		/* A missing tail: its deepest existing directory decides. */
		slash = strrchr(cand, '/');
		if (slash == NULL || slash == cand)
			break;
		*slash = '\0';
	}
	free(cand);
	return ok;
}

char *
rootpath_resolve(const char *root, const char *named, const char **why)
{
	char *path, *root_real;
	size_t n;

	if (named[0] != '/') {
		*why = "relative path";
		return NULL;
	}
	if (root == NULL) {
		*why = "absolute path and no root (use --root)";
		return NULL;
	}
	if (has_dotdot(named)) {
		*why = "absolute path that leaves the root (..)";
		return NULL;
	}
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		return xstrdup(named);
	path = xasprintf("%.*s%s", (int)n, root, named);
	/* Below a root that does not exist there is nothing to open. */
	root_real = realpath(root, NULL);
	if (root_real != NULL && !stays_inside(path, root_real)) {
		*why = "absolute path that leads out of the root (symbolic link)";
		free(path);
		path = NULL;
	}
	free(root_real);
	return path;
}
