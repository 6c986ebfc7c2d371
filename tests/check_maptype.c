/*
 * check_maptype - the map type registry: order, lookups by MTA, database
 * files and rebuild commands as Postfix and sendmail have them
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "parsers/maptype.h"

/* test_maptype_sorted_unique - strictly increasing names for the search */
START_TEST(test_maptype_sorted_unique)
{
	size_t i;

	ck_assert_uint_gt(maptypes_count, 20);
	for (i = 1; i < maptypes_count; i++)
		ck_assert_msg(strcmp(maptypes[i - 1].name, maptypes[i].name) < 0,
		    "not sorted: %s, %s", maptypes[i - 1].name,
		    maptypes[i].name);
}
END_TEST

/* test_maptype_every_entry_found - each entry by its name, for its MTAs */
START_TEST(test_maptype_every_entry_found)
{
	size_t i;

	for (i = 0; i < maptypes_count; i++) {
		const struct maptype *t = &maptypes[i];

		ck_assert_ptr_eq(maptype_lookup(t->name, MTA_POSTFIX),
		    (t->mtas & MAPTYPE_POSTFIX) ? t : NULL);
		ck_assert_ptr_eq(maptype_lookup(t->name, MTA_SENDMAIL),
		    (t->mtas & MAPTYPE_SENDMAIL) ? t : NULL);
		/* a database has an age file among its files */
		if (maptype_has_db(t)) {
			size_t k;
			bool found = false;

			ck_assert_int_eq(t->kind, MAP_KIND_DATABASE);
			for (k = 0; t->db_suffixes[k] != NULL; k++)
				found |= strcmp(t->db_suffixes[k],
				    t->age_suffix) == 0;
			ck_assert_msg(found, "%s: age file not a file", t->name);
		}
	}
}
END_TEST

/* test_maptype_lookup_n - a prefix or a longer name is no type */
START_TEST(test_maptype_lookup_n)
{
	ck_assert_ptr_eq(maptype_lookup_n("hash:/etc/aliases", 4, MTA_POSTFIX),
	    maptype_lookup("hash", MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup_n("has", 3, MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup("hashx", MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup("", MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup("HASH", MTA_POSTFIX));
	/* regexp: is Postfix's, regex sendmail's */
	ck_assert_ptr_null(maptype_lookup("regexp", MTA_SENDMAIL));
	ck_assert_ptr_null(maptype_lookup("regex", MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup("text", MTA_POSTFIX));
	ck_assert_ptr_null(maptype_lookup("texthash", MTA_SENDMAIL));
}
END_TEST

/* the file-based types each MTA follows, exactly */
START_TEST(test_maptype_file_types)
{
	static const char *const pf[] = { "btree", "cdb", "cidr", "dbm",
	    "hash", "lmdb", "pcre", "regexp", "sdbm", "texthash" };
	static const char *const sm[] = { "btree", "cdb", "dbm", "hash",
	    "implicit", "text" };
	size_t i, npf = 0, nsm = 0;

	for (i = 0; i < sizeof(pf) / sizeof(pf[0]); i++)
		ck_assert_msg(maptype_is_file(maptype_lookup(pf[i],
		    MTA_POSTFIX)), "%s", pf[i]);
	for (i = 0; i < sizeof(sm) / sizeof(sm[0]); i++)
		ck_assert_msg(maptype_is_file(maptype_lookup(sm[i],
		    MTA_SENDMAIL)), "%s", sm[i]);
	for (i = 0; i < maptypes_count; i++) {
		npf += maptype_is_file(maptype_lookup(maptypes[i].name,
		    MTA_POSTFIX));
		nsm += maptype_is_file(maptype_lookup(maptypes[i].name,
		    MTA_SENDMAIL));
	}
	ck_assert_uint_eq(npf, sizeof(pf) / sizeof(pf[0]));
	ck_assert_uint_eq(nsm, sizeof(sm) / sizeof(sm[0]));
	ck_assert(!maptype_is_file(maptype_lookup("inline", MTA_POSTFIX)));
	ck_assert(!maptype_is_file(maptype_lookup("proxy", MTA_POSTFIX)));
	ck_assert(!maptype_is_file(maptype_lookup("ldap", MTA_SENDMAIL)));
	ck_assert(!maptype_is_file(NULL));
}
END_TEST

/* test_maptype_databases - the files each type's database is made of */
START_TEST(test_maptype_databases)
{
	const struct maptype *t;

	t = maptype_lookup("hash", MTA_POSTFIX);
	ck_assert_str_eq(t->db_suffixes[0], ".db");
	ck_assert_ptr_null(t->db_suffixes[1]);
	ck_assert_str_eq(maptype_lookup("btree", MTA_SENDMAIL)->db_suffixes[0],
	    ".db");
	ck_assert_str_eq(maptype_lookup("cdb", MTA_POSTFIX)->db_suffixes[0],
	    ".cdb");
	ck_assert_str_eq(maptype_lookup("lmdb", MTA_POSTFIX)->db_suffixes[0],
	    ".lmdb");
	/* dbm and sdbm: NAME.dir and NAME.pag, aged by the .pag */
	t = maptype_lookup("dbm", MTA_POSTFIX);
	ck_assert_ptr_eq(t, maptype_lookup("dbm", MTA_SENDMAIL));
	ck_assert_str_eq(t->db_suffixes[0], ".dir");
	ck_assert_str_eq(t->db_suffixes[1], ".pag");
	ck_assert_ptr_null(t->db_suffixes[2]);
	ck_assert_str_eq(t->age_suffix, ".pag");
	t = maptype_lookup("sdbm", MTA_POSTFIX);
	ck_assert_str_eq(t->db_suffixes[0], ".dir");
	ck_assert_str_eq(t->db_suffixes[1], ".pag");
	ck_assert_str_eq(t->db_shown, ".{dir,pag}");
	ck_assert(!maptype_has_db(maptype_lookup("texthash", MTA_POSTFIX)));
	ck_assert(!maptype_has_db(maptype_lookup("regexp", MTA_POSTFIX)));
	ck_assert(!maptype_has_db(maptype_lookup("text", MTA_SENDMAIL)));
	ck_assert(!maptype_has_db(NULL));
}
END_TEST

/* test_maptype_rebuild - postmap, postalias, makemap TYPE, newaliases */
START_TEST(test_maptype_rebuild)
{
	const struct maptype *hash = maptype_lookup("hash", MTA_POSTFIX);

	ck_assert_str_eq(maptype_rebuild(hash, MTA_POSTFIX, false), "postmap");
	ck_assert_str_eq(maptype_rebuild(hash, MTA_POSTFIX, true),
	    "postalias");
	ck_assert_str_eq(maptype_rebuild(hash, MTA_SENDMAIL, false),
	    "makemap hash");
	ck_assert_str_eq(maptype_rebuild(hash, MTA_SENDMAIL, true),
	    "newaliases");
	ck_assert_str_eq(maptype_rebuild(maptype_lookup("dbm", MTA_SENDMAIL),
	    MTA_SENDMAIL, false), "makemap dbm");
	ck_assert_str_eq(maptype_rebuild(maptype_lookup("sdbm", MTA_POSTFIX),
	    MTA_POSTFIX, false), "postmap");
	ck_assert_ptr_null(maptype_rebuild(maptype_lookup("cidr",
	    MTA_POSTFIX), MTA_POSTFIX, false));
	ck_assert(maptype_is_rebuild_step("makemap hash /etc/mail/access < "
	    "/etc/mail/access"));
	ck_assert(maptype_is_rebuild_step("newaliases"));
	ck_assert(maptype_is_rebuild_step("postmap hash:/etc/postfix/x"));
	ck_assert(maptype_is_rebuild_step("postalias hash:/etc/aliases"));
	ck_assert(!maptype_is_rebuild_step("postfix reload"));
	ck_assert(!maptype_is_rebuild_step("m4 sendmail.mc > sendmail.cf"));
	ck_assert(!maptype_is_rebuild_step("postmapx"));
}
END_TEST

static Suite *
maptype_suite(void)
{
	Suite *s = suite_create("maptype");
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, test_maptype_sorted_unique);
	tcase_add_test(tc, test_maptype_every_entry_found);
	tcase_add_test(tc, test_maptype_lookup_n);
	tcase_add_test(tc, test_maptype_file_types);
	tcase_add_test(tc, test_maptype_databases);
	tcase_add_test(tc, test_maptype_rebuild);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(maptype_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
