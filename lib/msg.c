/*
 * msg - the internal-error path (msg.h)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/msg.h"

static struct msg_cleanup *cleanups;

void
msg_cleanup_push(struct msg_cleanup *c)
{
	c->next = cleanups;
	cleanups = c;
}

void
msg_cleanup_pop(struct msg_cleanup *c)
{
	struct msg_cleanup **p;

	for (p = &cleanups; *p != NULL; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			return;
		}
}

/* stop - the message's end, the handler, exit code 3 */
static void __attribute__((noreturn))
stop(void)
{
	fputc('\n', stderr);
	/* each runs once: one that fails again must not loop */
	while (cleanups != NULL) {
		struct msg_cleanup *c = cleanups;

		cleanups = c->next;
		c->fn(c->arg);
	}
	exit(3);
}

void
msg_panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "mta-harden: internal error: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	stop();
}

void
msg_fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("mta-harden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	stop();
}
