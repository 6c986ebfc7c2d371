/*
 * tree - normalised paths and the directories a run may read below
 */
#include <stdlib.h>
#include <string.h>

#include "lib/tree.h"
#include "lib/xalloc.h"

char *
tree_path_clean(const char *path)
{
	size_t n = strlen(path), i = 0, o = 0;
	char *out = xmalloc(n + 2);
	bool abs = path[0] == '/';

	if (abs)
		out[o++] = '/';
	while (i < n) {
		size_t start, len;

		while (i < n && path[i] == '/')
			i++;
		start = i;
		while (i < n && path[i] != '/')
			i++;
		len = i - start;
		if (len == 0 || (len == 1 && path[start] == '.'))
			continue;
		if (o > 0 && out[o - 1] != '/')
			out[o++] = '/';
		memcpy(out + o, path + start, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

void
tree_init(struct tree *t, bool follow_links)
{
	memset(t, 0, sizeof(*t));
	t->follow_links = follow_links;
}

void
tree_add(struct tree *t, const char *dir)
{
	char *real;
	size_t i;

	if (dir == NULL || (real = realpath(dir, NULL)) == NULL)
		return;
	for (i = 0; i < t->nbases; i++) {
		if (strcmp(t->bases[i], real) == 0) {
			free(real);
			return;
		}
	}
	t->bases = xreallocarray(t->bases, t->nbases + 1, sizeof(*t->bases));
	t->bases[t->nbases++] = real;
}

bool
tree_path_below(const char *real, const char *base)
{
	size_t n = strlen(base);

	if (strcmp(base, "/") == 0)
		return true;
	return strncmp(real, base, n) == 0 &&
	    (real[n] == '/' || real[n] == '\0');
}

bool
tree_holds(const struct tree *t, const char *path)
{
	char *real;
	bool ok = false;
	size_t i;

	if (t->follow_links)
		return true;
	if ((real = realpath(path, NULL)) == NULL)
		return true;
	for (i = 0; i < t->nbases && !ok; i++)
		ok = tree_path_below(real, t->bases[i]);
	free(real);
	return ok;
}

void
tree_release(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->nbases; i++)
		free(t->bases[i]);
	free(t->bases);
	t->bases = NULL;
	t->nbases = 0;
}
