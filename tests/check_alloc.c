/*
 * check_alloc - the containers large inputs lean on: keyindex (first of
 * equal keys), the arena (packed strings next to aligned objects, chunks
 * that grow) and xmalloc_big
 */
#include <check.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/keyindex.h"
#include "lib/ptrmap.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

static const char *
nth_key(const void *ctx, size_t id)
{
	return ((const char *const *)ctx)[id];
}

START_TEST(test_keyindex_first_of_equal_keys)
{
	const char *keys[] = { "connect:10.1.2", "from:a@b", "connect:10.1.2",
		"connect:10.1.20", "connect:10.1", "from:a@b" };
	struct keyindex x;
	size_t i, got[6];

	keyindex_init(&x, nth_key, keys);
	for (i = 0; i < 6; i++)
		got[i] = keyindex_add(&x, keys[i], strlen(keys[i]), i);
	ck_assert_uint_eq(got[0], SIZE_MAX);
	ck_assert_uint_eq(got[1], SIZE_MAX);
	ck_assert_uint_eq(got[2], 0);		/* the first one wins */
	ck_assert_uint_eq(got[3], SIZE_MAX);	/* a prefix is not equal */
	ck_assert_uint_eq(got[4], SIZE_MAX);
	ck_assert_uint_eq(got[5], 1);
	/* a key given by length: "from:a@bc" cut to "from:a@b" */
	ck_assert_uint_eq(keyindex_add(&x, "from:a@bc", 8, 6), 1);
	ck_assert_uint_eq(x.count, 4);
	keyindex_release(&x);
}
END_TEST

START_TEST(test_keyindex_grows_and_reserves)
{
	enum { N = 50000 };
	char **keys = calloc(2 * N, sizeof(*keys));
	struct keyindex x, y;
	size_t i;

	ck_assert_ptr_nonnull(keys);
	for (i = 0; i < 2 * N; i++) {
		keys[i] = malloc(32);
		snprintf(keys[i], 32, "to:user%zu@example.org", i % N);
	}
	keyindex_init(&x, nth_key, keys);	/* grows from nothing */
	keyindex_init(&y, nth_key, keys);
	keyindex_reserve(&y, 2 * N);		/* one table */
	for (i = 0; i < 2 * N; i++) {
		size_t want = i < N ? SIZE_MAX : i - N;

		ck_assert_uint_eq(keyindex_add(&x, keys[i], strlen(keys[i]), i),
		    want);
		ck_assert_uint_eq(keyindex_add(&y, keys[i], strlen(keys[i]), i),
		    want);
	}
	ck_assert_uint_eq(x.count, N);
	ck_assert_uint_eq(y.count, N);
	keyindex_release(&x);
	keyindex_release(&y);
	for (i = 0; i < 2 * N; i++)
		free(keys[i]);
	free(keys);
}
END_TEST

START_TEST(test_arena_packs_strings_and_aligns_objects)
{
	struct arena a = ARENA_INIT;
	char *s1 = arena_strndup(&a, "abcdef", 3);
	char *s2 = arena_strdup(&a, "xy");
	long double *ld = arena_alloc(&a, sizeof(*ld));
	char *big;
	size_t i;

	ck_assert_str_eq(s1, "abc");
	ck_assert_str_eq(s2, "xy");
	ck_assert_ptr_eq(s2, s1 + 4);		/* no padding between strings */
	ck_assert_uint_eq((uintptr_t)ld % alignof(max_align_t), 0);
	ck_assert(*ld == 0);			/* zeroed */
	*ld = 1.5L;
	/* many chunks, growing, and one object larger than any chunk */
	for (i = 0; i < 100000; i++) {
		char *p = arena_printf(&a, "k%zu", i);

		ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
		ck_assert_int_eq(p[0], 'k');
	}
	big = arena_alloc(&a, 9 * 1024 * 1024);
	ck_assert_int_eq(big[9 * 1024 * 1024 - 1], 0);
	ck_assert_str_eq(s1, "abc");
	ck_assert(*ld == 1.5L);
	arena_release(&a);
	ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(test_xmalloc_big)
{
	size_t n = 3 * 1024 * 1024 + 5;
	char *p = xmalloc_big(n), *q = xmalloc_big(100);

	ck_assert_uint_eq((uintptr_t)p % (2 * 1024 * 1024), 0);
	memset(p, 'x', n);
	memset(q, 'y', 100);
	ck_assert_int_eq(p[n - 1], 'x');
	p = xrealloc(p, 2 * n);			/* an ordinary block still */
	ck_assert_int_eq(p[n - 1], 'x');
	free(p);
	free(q);
}
END_TEST

START_TEST(test_strbuf_builds_long_lists)
{
	struct strbuf b = STRBUF_INIT;
	char *s;
	size_t i;

	ck_assert_str_eq(strbuf_str(&b), "");
	for (i = 0; i < 100000; i++)
		strbuf_add_item(&b, ", ", "x");
	ck_assert_uint_eq(b.len, 100000 + 2 * 99999);
	ck_assert_int_eq(strncmp(b.s, "x, x, x", 7), 0);
	ck_assert_int_eq(b.s[b.len - 1], 'x');
	strbuf_addf(&b, "|%d|%s", 42, "end");
	ck_assert_str_eq(b.s + b.len - 7, "|42|end");
	s = strbuf_take(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	free(s);
	s = strbuf_take(&b);		/* nothing added: an empty string */
	ck_assert_str_eq(s, "");
	free(s);
	strbuf_add(&b, "ab\0cd", 5);	/* bytes, NUL included */
	ck_assert_uint_eq(b.len, 5);
	ck_assert_int_eq(b.s[4], 'd');
	strbuf_release(&b);
	ck_assert_ptr_null(b.s);
}
END_TEST

START_TEST(test_ptrmap_identity_and_growth)
{
	struct ptrmap m = PTRMAP_INIT;
	static int objs[5000];
	size_t i;

	ck_assert_ptr_null(ptrmap_get(&m, &objs[0]));
	for (i = 0; i < 5000; i++)
		ck_assert_ptr_null(ptrmap_put(&m, &objs[i], &objs[4999 - i]));
	ck_assert_uint_eq(m.count, 5000);
	for (i = 0; i < 5000; i++)
		ck_assert_ptr_eq(ptrmap_get(&m, &objs[i]), &objs[4999 - i]);
	/* a second put replaces, and says what was there */
	ck_assert_ptr_eq(ptrmap_put(&m, &objs[7], NULL), &objs[4992]);
	ck_assert_uint_eq(m.count, 5000);
	ck_assert_ptr_null(ptrmap_put(&m, NULL, &objs[1]));	/* not a key */
	ck_assert_ptr_null(ptrmap_get(&m, NULL));
	ptrmap_release(&m);
	ck_assert_ptr_null(ptrmap_get(&m, &objs[1]));
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("alloc");
	TCase *tc = tcase_create("alloc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_keyindex_first_of_equal_keys);
	tcase_add_test(tc, test_keyindex_grows_and_reserves);
	tcase_add_test(tc, test_arena_packs_strings_and_aligns_objects);
	tcase_add_test(tc, test_xmalloc_big);
	tcase_add_test(tc, test_strbuf_builds_long_lists);
	tcase_add_test(tc, test_ptrmap_identity_and_growth);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
