/*
 * outputs - -f FORMAT [-o FILE] pairs, and reports written whole
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/outputs.h"
#include "reports/report_formats.h"
#include "lib/xalloc.h"

int
outputs_add_format(struct outputs *os, const char *name)
{
	enum report_format f;

	if (report_format_parse(name, &f) < 0)
		return -1;
	os->v = xreallocarray(os->v, os->n + 1, sizeof(*os->v));
	memset(&os->v[os->n], 0, sizeof(os->v[0]));
	os->v[os->n++].format = f;
	return 0;
}

int
outputs_add_file(struct outputs *os, const char *path)
{
	if (os->n == 0 || os->v[os->n - 1].path != NULL)
		return -1;
	os->v[os->n - 1].path = path;
	return 0;
}

int
outputs_finish(struct outputs *os, char *err, size_t errsize)
{
	size_t i, k, nstdout = 0;

	if (os->n == 0)
		(void)outputs_add_format(os,
		    report_format_name(report_format_default()));
	for (i = 0; i < os->n; i++) {
		if (os->v[i].path == NULL && ++nstdout > 1) {
			snprintf(err, errsize, "-f %s and -f %s both go to "
			    "stdout: give all but one an -o FILE",
			    report_format_name(os->v[i - 1].format),
			    report_format_name(os->v[i].format));
			return -1;
		}
		for (k = 0; os->v[i].path != NULL && k < i; k++) {
			if (os->v[k].path != NULL &&
			    strcmp(os->v[k].path, os->v[i].path) == 0) {
				snprintf(err, errsize, "-o %.300s is given twice",
				    os->v[i].path);
				return -1;
			}
		}
		if (os->v[i].path != NULL && os->v[i].path[0] == '\0') {
			snprintf(err, errsize, "%s", "-o: an empty file name");
			return -1;
		}
	}
	return 0;
}

const struct output *
outputs_stdout(const struct outputs *os)
{
	size_t i;

	for (i = 0; i < os->n; i++)
		if (os->v[i].path == NULL)
			return &os->v[i];
	return NULL;
}

/* create_tmp - an empty temporary file beside path, mode 0666 less umask */
static int
create_tmp(struct output *o, char *err, size_t errsize)
{
	const char *slash = strrchr(o->path, '/');
	mode_t mask;
	int fd;

	if (slash != NULL)
		o->tmp = xasprintf("%.*s/.%s.mh-XXXXXX", (int)(slash - o->path),
		    o->path, slash + 1);
	else
		o->tmp = xasprintf(".%s.mh-XXXXXX", o->path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errsize, "%.300s: cannot create the report: %s",
		    o->path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	return fd;
}

/* abort_outputs - outputs_abort() for msg_cleanup */
static void
abort_outputs(void *os)
{
	outputs_abort(os);
}

int
outputs_prepare(struct outputs *os, output_writer write_report, void *arg,
    char *err, size_t errsize)
{
	int *fds = xcalloc(os->n + 1, sizeof(*fds));
	size_t i;
	int status = 0;

	os->undo.fn = abort_outputs;
	os->undo.arg = os;
	msg_cleanup_push(&os->undo);

	for (i = 0; i < os->n; i++)
		fds[i] = -1;
	/* First every file, so that a bad -o leaves nothing written at all. */
	for (i = 0; i < os->n; i++) {
		if (os->v[i].path != NULL &&
		    (fds[i] = create_tmp(&os->v[i], err, errsize)) < 0) {
			status = 2;
			goto out;
		}
	}
	for (i = 0; i < os->n && status == 0; i++) {
		FILE *fp;

		if (os->v[i].path == NULL) {
			if (write_report(stdout, &os->v[i], arg) < 0 ||
			    fflush(stdout) != 0) {
				snprintf(err, errsize, "%s", "cannot write the "
				    "report on stdout");
				status = 3;
			}
			continue;
		}
		fp = fdopen(fds[i], "w");
		if (fp == NULL) {
			snprintf(err, errsize, "%.300s: %s", os->v[i].tmp,
			    strerror(errno));
			status = 3;
			continue;
		}
		fds[i] = -1;
		if (write_report(fp, &os->v[i], arg) < 0 || fflush(fp) != 0 ||
		    fsync(fileno(fp)) < 0) {
			snprintf(err, errsize, "%.300s: cannot write the report: "
			    "%s", os->v[i].path, strerror(errno));
			status = 3;
		}
		if (fclose(fp) != 0 && status == 0) {
			snprintf(err, errsize, "%.300s: cannot write the report: "
			    "%s", os->v[i].path, strerror(errno));
			status = 3;
		}
	}
out:
	for (i = 0; i < os->n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	if (status != 0)
		outputs_abort(os);
	return status;
}

int
outputs_commit(struct outputs *os, char *err, size_t errsize)
{
	size_t i;
	int status = 0;

	for (i = 0; i < os->n; i++) {
		if (os->v[i].tmp == NULL)
			continue;
		if (status == 0 && rename(os->v[i].tmp, os->v[i].path) < 0) {
			snprintf(err, errsize, "%.300s: cannot write the report: "
			    "%s", os->v[i].path, strerror(errno));
			status = 3;
		}
		if (status != 0)
			unlink(os->v[i].tmp);
		free(os->v[i].tmp);
		os->v[i].tmp = NULL;
	}
	msg_cleanup_pop(&os->undo);
	return status;
}

void
outputs_abort(struct outputs *os)
{
	size_t i;

	msg_cleanup_pop(&os->undo);
	for (i = 0; i < os->n; i++) {
		if (os->v[i].tmp == NULL)
			continue;
		unlink(os->v[i].tmp);
		free(os->v[i].tmp);
		os->v[i].tmp = NULL;
	}
}

void
outputs_release(struct outputs *os)
{
	outputs_abort(os);
	free(os->v);
	memset(os, 0, sizeof(*os));
}
