/*
 * load - find the MTA files below a path and read them into models
 *
 * A PATH is a directory or a single file. In a directory, Postfix files
 * are looked for in PATH, PATH/postfix and PATH/etc/postfix (a whole
 * root); the first that holds main.cf or master.cf is used. The root for
 * absolute paths inside configs is --root, else the directory two levels
 * above a directory named .../etc/postfix or .../etc/mail; a path that
 * would leave it (rootpath.h) is not followed.
 */
#ifndef MH_LOAD_H
#define MH_LOAD_H

#include "parsers/model.h"

#define LOAD_POSTFIX	0x1
#define LOAD_SENDMAIL	0x2

struct load_opts {
	const char *root;	/* --root, or NULL */
	unsigned mtas;		/* LOAD_* bits to look for */
};

struct load_result {
	struct model **models;	/* owned; model_free each */
	size_t	 nmodels;
};

/*
 * load_path - read what PATH holds and append a model per MTA found.
 * Returns 0, or -1 with a one-line message in err->msg (and err->where
 * set when a file position applies).
 */
int	 load_path(const char *path, const struct load_opts *,
	    struct load_result *, struct parse_error *err);

void	 load_result_release(struct load_result *);

#endif
