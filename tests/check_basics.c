/*
 * check_basics - the internal-error path (msg), vector growth (xgrow) and
 * the address classes every rule asks (ipnet)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/msg.h"
#include "lib/xalloc.h"
#include "parsers/ipnet.h"

static int cleanup_fd = -1;

static void
note_cleanup(void *arg)
{
	ssize_t n = write(cleanup_fd, arg, strlen(arg));

	(void)n;
}

/* read_all - everything until the end, kept as a string (cut to size) */
static void
read_all(int fd, char *buf, size_t size)
{
	size_t have = 0;
	char sink[256];
	ssize_t n;

	for (;;) {
		if (have + 1 < size)
			n = read(fd, buf + have, size - 1 - have);
		else
			n = read(fd, sink, sizeof(sink));
		if (n <= 0)
			break;
		if (have + 1 < size)
			have += (size_t)n;
	}
	buf[have] = '\0';
}

/*
 * run_child - fork, run fn in the child with stderr on a pipe; the exit
 * status, what it wrote on stderr, and what its cleanups wrote
 */
static int
run_child(void (*fn)(void), char *err, size_t errsize, char *clean,
    size_t cleansize)
{
	int errpipe[2], cleanpipe[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe(errpipe), 0);
	ck_assert_int_eq(pipe(cleanpipe), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(errpipe[1], 2);
		close(errpipe[0]);
		close(cleanpipe[0]);
		cleanup_fd = cleanpipe[1];
		fn();
		_exit(0);
	}
	close(errpipe[1]);
	close(cleanpipe[1]);
	read_all(errpipe[0], err, errsize);
	read_all(cleanpipe[0], clean, cleansize);
	close(errpipe[0]);
	close(cleanpipe[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int panic_line;

/* note_line - the line of the msg_panic() call, for the parent */
static void
note_line(void *arg)
{
	char buf[32];
	ssize_t n;

	(void)arg;
	snprintf(buf, sizeof(buf), "line=%d", panic_line);
	n = write(cleanup_fd, buf, strlen(buf));
	(void)n;
}

static void
panic_with_cleanups(void)
{
	static char first_text[] = "first,", second_text[] = "second,",
	    popped_text[] = "popped,";
	struct msg_cleanup first = { note_cleanup, first_text, NULL };
	struct msg_cleanup second = { note_cleanup, second_text, NULL };
	struct msg_cleanup popped = { note_cleanup, popped_text, NULL };

	struct msg_cleanup line = { note_line, NULL, NULL };

	msg_cleanup_push(&line);
	msg_cleanup_push(&first);
	msg_cleanup_push(&popped);
	msg_cleanup_push(&second);
	msg_cleanup_pop(&popped);
	panic_line = __LINE__ + 1;
	msg_panic("span %d past the end", 7);
}

START_TEST(test_panic_exits_3_with_place_and_cleans_up)
{
	char err[512], clean[64], want[64];

	ck_assert_int_eq(run_child(panic_with_cleanups, err, sizeof(err),
	    clean, sizeof(clean)), 3);
	/* the child sent the line of its msg_panic() after its cleanups */
	ck_assert_ptr_nonnull(strstr(clean, "line="));
	snprintf(want, sizeof(want), "check_basics.c:%d: ",
	    atoi(strstr(clean, "line=") + 5));
	ck_assert_msg(strstr(err, "mta-harden: internal error: ") == err,
	    "got '%s'", err);
	ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
	ck_assert_msg(strstr(err, "span 7 past the end\n") != NULL, "got '%s'",
	    err);
	/* last pushed first, each once, the popped one not at all */
	*strstr(clean, "line=") = '\0';
	ck_assert_str_eq(clean, "second,first,");
}
END_TEST

static void
check_fails(void)
{
	int n = 2;

	MSG_CHECK(n == 3);
}

START_TEST(test_check_names_the_condition)
{
	char err[512], clean[8];

	ck_assert_int_eq(run_child(check_fails, err, sizeof(err), clean,
	    sizeof(clean)), 3);
	ck_assert_msg(strstr(err, "invariant failed: n == 3") != NULL,
	    "got '%s'", err);
}
END_TEST

START_TEST(test_xgrow_doubles)
{
	size_t *v = NULL, cap = 0, n, grew = 0, last = 0;

	for (n = 0; n < 100000; n++) {
		v = xgrow(v, n, &cap, sizeof(*v));
		ck_assert_uint_gt(cap, n);
		grew += cap != last;
		last = cap;
		v[n] = n;
	}
	for (n = 0; n < 100000; n++)
		ck_assert_uint_eq(v[n], n);
	/* 8, 16, ... 131072: logarithmic, so appending is linear */
	ck_assert_uint_le(grew, 15);
	free(v);
}
END_TEST

START_TEST(test_loopback)
{
	static const char *const yes[] = { "127.0.0.1", "127.255.0.3/32",
		"127.0.0.0/8", "::1", "[::1]/128", "::ffff:127.0.0.1",
		"[::ffff:127.0.0.0]/104" };
	static const char *const no[] = { "128.0.0.1", "127.0.0.0/7", "::2",
		"::", "0.0.0.0", "::ffff:10.0.0.1", "[::ffff:127.0.0.0]/103",
		"localhost", "", "127.0.0.1/33", "10.0.0.0/8" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(ip_addr_is_loopback(yes[i]), "%s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!ip_addr_is_loopback(no[i]), "%s", no[i]);
	ck_assert(!ip_addr_is_loopback(NULL));
}
END_TEST

START_TEST(test_private_and_contains)
{
	struct ip_net a, b;

	ck_assert_int_eq(ip_net_parse("10.0.0.0/8", &a), 0);
	ck_assert_int_eq(ip_net_parse("10.1.2.0/24", &b), 0);
	ck_assert(ip_net_contains(&a, &b));
	ck_assert(!ip_net_contains(&b, &a));
	ck_assert(ip_net_is_private(&b));
	ck_assert_int_eq(ip_net_parse("[::ffff:192.168.1.0]/120", &b), 0);
	ck_assert(ip_net_is_private(&b));
	ck_assert_int_eq(ip_net_parse("2001:db8::/32", &b), 0);
	ck_assert(!ip_net_is_private(&b));
	ck_assert_int_eq(ip_net_parse("0.0.0.0/0", &b), 0);
	ck_assert(!ip_net_is_private(&b));
	ck_assert_int_eq(ip_net_parse("10.0.0.0/", &b), -1);
	ck_assert_int_eq(ip_net_parse("[10.0.0.1", &b), -1);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("basics");
	TCase *tc = tcase_create("basics");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_panic_exits_3_with_place_and_cleans_up);
	tcase_add_test(tc, test_check_names_the_condition);
	tcase_add_test(tc, test_xgrow_doubles);
	tcase_add_test(tc, test_loopback);
	tcase_add_test(tc, test_private_and_contains);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
