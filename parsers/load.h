/*
 * load - find the MTA files below a path and read them into models
 *
 * A PATH is a directory or a single file. In a directory, Postfix files
 * are looked for in PATH, PATH/postfix and PATH/etc/postfix (a whole
 * root); the first that holds main.cf or master.cf is used. The root for
 * absolute paths inside configs is --root, else the directory two levels
 * above a directory named .../etc/postfix or .../etc/mail; a path that
 * would leave it (rootpath.h) is not followed, nor is a file whose real
 * path leaves the tree (tree.h): the PATH and the root.
 *
 * A file that cannot be used is an error of the result, and the rest is
 * still read: an unreadable map or list is left out as if absent (the
 * rules that need it do not run), and a main config (main.cf, master.cf,
 * sendmail.mc, sendmail.cf alone) that cannot be read or is refused
 * drops its MTA's model, so that no finding is made up from an empty one.
 */
#ifndef MH_LOAD_H
#define MH_LOAD_H

#include "parsers/model.h"

#define LOAD_POSTFIX	0x1
#define LOAD_SENDMAIL	0x2

struct load_opts {
	const char *root;	/* --root, or NULL */
	unsigned mtas;		/* LOAD_* bits to look for */
	bool	 follow_links;	/* --follow-links: read through links out of the tree */
};

/* load_error - input that cannot be used (exit code 2) */
struct load_error {
	char	*file;		/* the file, or the PATH given; owned */
	unsigned line, column;	/* 1-based; 0: no place in the file */
	char	*message;	/* one line; owned. With no place it names
				   the file itself ("FILE: cannot read: ...") */
};

struct load_result {
	struct model **models;	/* owned; model_free each */
	size_t	 nmodels;
	struct load_error *errors;	/* owned, in the order met */
	size_t	 nerrors;
};

/*
 * load_path - read what PATH holds: append a model per MTA found and an
 * error per file that cannot be used. Returns the number of errors added.
 */
size_t	 load_path(const char *path, const struct load_opts *,
	    struct load_result *);

void	 load_result_release(struct load_result *);

#endif
