/*
 * check_edit - span edits: application, overlap refusal, and the diff
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixers/edit.h"

static char *
diff_of(struct edit_set *es, const struct src *s)
{
	struct file_edits *fe = edit_find(es, s);
	char *out = NULL, *text, err[256];
	size_t len = 0, tlen;
	FILE *f = open_memstream(&out, &len);

	ck_assert_int_eq(edit_apply(fe, &text, &tlen, err, sizeof(err)), 0);
	edit_diff(f, "a/x", "b/x", fe, text, tlen);
	fclose(f);
	free(text);
	return out;
}

START_TEST(test_edit_apply_keeps_every_other_byte)
{
	const char *t = "a = 1\n# comment\n  indented\nb = 2\n";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *out, err[256];
	size_t len;

	edit_add(&es, s, 4, 5, "yes", "R1");
	edit_add(&es, s, s->len, s->len, "c = 3\n", "R2");
	ck_assert_int_eq(edit_apply(edit_find(&es, s), &out, &len, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "a = yes\n# comment\n  indented\nb = 2\nc = 3\n");
	free(out);
	edit_set_release(&es);
	src_free(s);
}
END_TEST

START_TEST(test_edit_overlap_is_refused)
{
	const char *t = "a = 1\n";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *out, err[256];
	size_t len;

	edit_add(&es, s, 0, 5, "a = 2", "R1");
	edit_add(&es, s, 4, 5, "3", "R2");
	ck_assert_int_eq(edit_apply(edit_find(&es, s), &out, &len, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "R1 and R2"));
	edit_set_release(&es);
	src_free(s);
}
END_TEST

START_TEST(test_edit_diff_replace_middle)
{
	const char *t = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *d;

	edit_add(&es, s, 8, 9, "five", "R");	/* line 5: "5" */
	d = diff_of(&es, s);
	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n"
	    "-5\n+five\n 6\n 7\n 8\n");
	free(d);
	edit_set_release(&es);
	src_free(s);
}
END_TEST

START_TEST(test_edit_diff_append_without_final_newline)
{
	const char *t = "a\nb";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *d;

	edit_add(&es, s, s->len, s->len, "\nc = 1\n", "R");
	d = diff_of(&es, s);
	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n-b\n"
	    "\\ No newline at end of file\n+b\n+c = 1\n");
	free(d);
	edit_set_release(&es);
	src_free(s);
}
END_TEST

/* two lines appended to a last line without a newline: one line end
   added, one hunk, no blank line between them */
START_TEST(test_edit_two_appends_without_final_newline)
{
	const char *t = "a\nb";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *d, *out, err[256];
	size_t len;

	edit_add(&es, s, s->len, s->len, "\nd = 2\n", "R1");
	edit_add(&es, s, s->len, s->len, "\nc = 1\n", "R2");
	ck_assert_int_eq(edit_apply(edit_find(&es, s), &out, &len, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "a\nb\nc = 1\nd = 2\n");
	free(out);
	d = diff_of(&es, s);
	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -1,2 +1,4 @@\n a\n-b\n"
	    "\\ No newline at end of file\n+b\n+c = 1\n+d = 2\n");
	free(d);
	edit_set_release(&es);
	src_free(s);
}
END_TEST

START_TEST(test_edit_diff_insert_line_and_two_hunks)
{
	const char *t = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n";
	struct src *s = src_from_bytes("x", t, strlen(t));
	struct edit_set es = { NULL, 0, 0 };
	char *d;

	edit_add(&es, s, 0, 0, "# new first line\n", "R1");
	edit_add(&es, s, s->line_start[12], s->line_start[12] + 2, "XIII",
	    "R2");
	d = diff_of(&es, s);
	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n"
	    "@@ -1,3 +1,4 @@\n+# new first line\n 1\n 2\n 3\n"
	    "@@ -10,5 +11,5 @@\n 10\n 11\n 12\n-13\n+XIII\n 14\n");
	free(d);
	edit_set_release(&es);
	src_free(s);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("edit");
	TCase *tc = tcase_create("edit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_edit_apply_keeps_every_other_byte);
	tcase_add_test(tc, test_edit_overlap_is_refused);
	tcase_add_test(tc, test_edit_diff_replace_middle);
	tcase_add_test(tc, test_edit_diff_append_without_final_newline);
	tcase_add_test(tc, test_edit_two_appends_without_final_newline);
	tcase_add_test(tc, test_edit_diff_insert_line_and_two_hunks);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
