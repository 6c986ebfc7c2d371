/*
 * measure - run a command once and report its wall time, CPU time and
 * peak resident memory, for bench/run.py
 *
 * usage: measure [-i FILE] [-o FILE] -- COMMAND [ARG...]
 *
 * Standard input comes from FILE (-i, default /dev/null) and standard
 * output goes to FILE (-o, default /dev/null); standard error is kept.
 * Prints one line on standard output:
 *
 *	wall_us cpu_us maxrss_kb status
 *
 * where cpu_us is user plus system time and status is the exit status
 * (128 + the signal number when a signal ended the command). Uses fork,
 * execvp and wait4, so the figures are the command's alone (this small
 * program's own memory is what the child starts with, as for any shell).
 * Exits 0 when the command ran (whatever its status), 1 otherwise.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long
usec(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

static int
redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0644);

	if (f < 0)
		return -1;
	if (f != fd) {
		if (dup2(f, fd) < 0)
			return -1;
		close(f);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null";
	struct timespec t0, t1;
	struct rusage ru;
	long long wall;
	int ch, status, code;
	pid_t pid;

	while ((ch = getopt(argc, argv, "i:o:")) != -1) {
		switch (ch) {
		case 'i':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			fprintf(stderr, "usage: measure [-i FILE] [-o FILE] -- "
			    "COMMAND [ARG...]\n");
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "measure: no command\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (redirect(in, 0, O_RDONLY) < 0 ||
		    redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC) < 0) {
			fprintf(stderr, "measure: %s or %s: %s\n", in, out,
			    strerror(errno));
			_exit(127);
		}
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "measure: %s: %s\n", argv[optind],
		    strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (long long)(t1.tv_sec - t0.tv_sec) * 1000000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000;
	code = WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
	printf("%lld %lld %ld %d\n", wall, usec(&ru.ru_utime) +
	    usec(&ru.ru_stime), ru.ru_maxrss, code);
	return 0;
}
