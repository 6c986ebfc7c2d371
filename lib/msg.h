/*
 * msg - the internal-error path: a broken invariant stops the run with
 * exit code 3 and the place in the source that found it, after undoing
 * what the run had begun to write. Errors of the input are not internal:
 * readers report them with the input's place (struct parse_error in
 * src.h, exit code 2).
 */
#ifndef MH_MSG_H
#define MH_MSG_H

/* msg_panic - "mta-harden: internal error: FILE:LINE: message", exit 3 */
#define msg_panic(...)	msg_panic_at(__FILE__, __LINE__, __VA_ARGS__)

void	 msg_panic_at(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));

/*
 * msg_fatal - "mta-harden: message", exit 3: a resource the run cannot do
 * without (memory) is gone; the handler runs as for msg_panic
 */
void	 msg_fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* MSG_CHECK - an invariant that must hold; its text is the message */
#define MSG_CHECK(cond) \
	((cond) ? (void)0 : msg_panic("invariant failed: %s", #cond))

/*
 * msg_cleanup - work to undo before exiting on an internal error (files
 * half written). The caller owns the node (on its stack) and pops it when
 * the work is done; nodes run last pushed first.
 */
struct msg_cleanup {
	void	(*fn)(void *);
	void	*arg;
	struct msg_cleanup *next;
};

void	 msg_cleanup_push(struct msg_cleanup *);
void	 msg_cleanup_pop(struct msg_cleanup *);

#endif
