/*
 * check_rootpath - absolute config paths resolved below a root, never above
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/rootpath.h"

static char dir[PATH_MAX];

/* a temporary tree: root/etc/x, root/etc/in -> x, root/etc/out -> outside */
static void
setup(void)
{
	char path[PATH_MAX + 64], target[PATH_MAX + 64];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/check_rootpath.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/root", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/etc", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/outside", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/etc/x", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/root/etc/in", dir);
	ck_assert_int_eq(symlink("x", path), 0);
	snprintf(path, sizeof(path), "%s/root/etc/out", dir);
	snprintf(target, sizeof(target), "%s/outside", dir);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* resolve - rootpath_resolve with the root below the test directory */
static char *
resolve(const char *named, const char **why)
{
	char root[PATH_MAX + 8];

	snprintf(root, sizeof(root), "%s/root/", dir);
	*why = NULL;
	return rootpath_resolve(root, named, why);
}

START_TEST(test_rootpath_inside)
{
	char want[PATH_MAX + 16];
	const char *why;
	char *p = resolve("/etc/x", &why);

	snprintf(want, sizeof(want), "%s/root/etc/x", dir);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p, want);
	free(p);
	/* a link that stays inside, and a file that does not exist yet */
	p = resolve("/etc/in", &why);
	ck_assert_ptr_nonnull(p);
	free(p);
	p = resolve("/etc/missing/x.db", &why);
	ck_assert_ptr_nonnull(p);
	free(p);
}
END_TEST

START_TEST(test_rootpath_refused)
{
	const char *why;

	ck_assert_ptr_null(resolve("/etc/../../outside/x", &why));
	ck_assert_ptr_nonnull(strstr(why, "leaves the root"));
	ck_assert_ptr_null(resolve("/..", &why));
	ck_assert_ptr_null(resolve("/etc/out", &why));
	ck_assert_ptr_nonnull(strstr(why, "symbolic link"));
	ck_assert_ptr_null(resolve("/etc/out/missing", &why));
	ck_assert_ptr_nonnull(strstr(why, "symbolic link"));
	ck_assert_ptr_null(resolve("etc/x", &why));
	ck_assert_str_eq(why, "relative path");
	ck_assert_ptr_null(rootpath_resolve(NULL, "/etc/x", &why));
	ck_assert_ptr_nonnull(strstr(why, "--root"));
}
END_TEST

START_TEST(test_rootpath_slash_root)
{
	const char *why;
	char *p = rootpath_resolve("/", "/etc/postfix/x", &why);

	ck_assert_str_eq(p, "/etc/postfix/x");
	free(p);
	/* "..." and "..x" are names, not ".." */
	p = rootpath_resolve("/", "/etc/...x/..y", &why);
	ck_assert_str_eq(p, "/etc/...x/..y");
	free(p);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("rootpath");
	TCase *tc = tcase_create("rootpath");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rootpath_inside);
	tcase_add_test(tc, test_rootpath_refused);
	tcase_add_test(tc, test_rootpath_slash_root);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
