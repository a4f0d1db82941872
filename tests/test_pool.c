/* SPDX-License-Identifier: MIT */
/*
 * test_pool.c - the fixed-size object pool: reuse, accounting, growth,
 * alignment.
 */
#include <check.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/pool.h"

START_TEST(put_then_get_reuses)
{
	/* The free list is LIFO, so the object just returned (still warm
	 * in cache) is the next one handed out. */
	struct pool p;
	void *a, *b, *c;

	ck_assert_int_eq(pool_init(&p, 64, 8), 0);
	a = pool_get(&p);
	b = pool_get(&p);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	pool_put(&p, a);
	c = pool_get(&p);
	ck_assert_ptr_eq(c, a);
	pool_put(&p, b);
	pool_put(&p, c);
	ck_assert_ptr_eq(pool_get(&p), c);
	ck_assert_ptr_eq(pool_get(&p), b);
	pool_destroy(&p);
}
END_TEST

START_TEST(counts_in_use_and_peak)
{
	struct pool p;
	void *objs[10];
	int i;

	ck_assert_int_eq(pool_init(&p, 24, 16), 0);
	ck_assert_uint_eq(p.in_use, 0);
	ck_assert_uint_eq(p.peak, 0);
	ck_assert_uint_eq(p.capacity, 16);
	for (i = 0; i < 10; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.in_use, 10);
	ck_assert_uint_eq(p.peak, 10);
	for (i = 0; i < 5; i++)
		pool_put(&p, objs[i]);
	ck_assert_uint_eq(p.in_use, 5);
	ck_assert_uint_eq(p.peak, 10);		/* a high-water mark */
	for (i = 0; i < 3; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.in_use, 8);
	ck_assert_uint_eq(p.peak, 10);
	for (i = 3; i < 5; i++)
		objs[i] = pool_get(&p);
	objs[0] = pool_get(&p);			/* 11th in flight */
	ck_assert_uint_eq(p.in_use, 11);
	ck_assert_uint_eq(p.peak, 11);
	ck_assert_uint_eq(p.grows, 0);
	pool_destroy(&p);
}
END_TEST

START_TEST(grows_when_exhausted)
{
	/* pool.h: when the free list is empty the pool doubles, and each
	 * doubling is counted in @grows; the first allocation of an empty
	 * pool (capacity 0) is sizing, not growth. */
	struct pool p;
	void *objs[40];
	int i;

	ck_assert_int_eq(pool_init(&p, 32, 4), 0);
	for (i = 0; i < 4; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.grows, 0);
	ck_assert_uint_eq(p.capacity, 4);
	objs[4] = pool_get(&p);
	ck_assert_ptr_nonnull(objs[4]);
	ck_assert_uint_eq(p.grows, 1);
	ck_assert_uint_eq(p.capacity, 8);
	for (i = 5; i < 9; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.grows, 2);
	ck_assert_uint_eq(p.capacity, 16);
	for (i = 9; i < 40; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.grows, 4);		/* 16 -> 32 -> 64 */
	ck_assert_uint_eq(p.capacity, 64);
	ck_assert_uint_eq(p.in_use, 40);
	/* returning everything does not shrink, and needs no growth */
	for (i = 0; i < 40; i++)
		pool_put(&p, objs[i]);
	for (i = 0; i < 40; i++)
		objs[i] = pool_get(&p);
	ck_assert_uint_eq(p.grows, 4);
	pool_destroy(&p);
}
END_TEST

START_TEST(empty_pool_sizes_itself)
{
	struct pool p;
	void *o;

	ck_assert_int_eq(pool_init(&p, 16, 0), 0);
	ck_assert_uint_eq(p.capacity, 0);
	o = pool_get(&p);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_gt(p.capacity, 0);
	ck_assert_uint_eq(p.grows, 0);
	pool_put(&p, o);
	pool_destroy(&p);
}
END_TEST

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a;
	uintptr_t y = (uintptr_t)*(void *const *)b;

	return (x > y) - (x < y);
}

START_TEST(aligned_and_distinct)
{
	/*
	 * Every object is aligned for any type (max_align_t) and owns
	 * obj_size bytes no other object overlaps: sorted by address,
	 * neighbours are at least obj_size apart, and a per-object byte
	 * pattern written to all of them survives (ASan also watches).
	 * Sizes below a pointer, odd sizes and multi-chunk pools.
	 */
	static const size_t sizes[] = { 1, 7, 8, 17, 24, 100, 4096 };
	enum { N = 1000 };
	size_t s;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t sz = sizes[s];
		void **objs = malloc(sizeof(*objs) * N);
		void **sorted = malloc(sizeof(*sorted) * N);
		struct pool p;
		int i;

		ck_assert_ptr_nonnull(objs);
		ck_assert_ptr_nonnull(sorted);
		ck_assert_int_eq(pool_init(&p, sz, 100), 0);
		for (i = 0; i < N; i++) {
			objs[i] = pool_get(&p);
			if (!objs[i] || (uintptr_t)objs[i] % alignof(max_align_t))
				ck_abort_msg("size %zu: object %d at %p", sz, i,
					     objs[i]);
			memset(objs[i], i & 0xff, sz);
		}
		memcpy(sorted, objs, sizeof(*objs) * N);
		qsort(sorted, N, sizeof(*sorted), cmp_ptr);
		for (i = 1; i < N; i++)
			if ((uintptr_t)sorted[i] - (uintptr_t)sorted[i - 1] < sz)
				ck_abort_msg("size %zu: %p and %p overlap", sz,
					     sorted[i - 1], sorted[i]);
		for (i = 0; i < N; i++) {
			const unsigned char *b = objs[i];
			size_t k;

			for (k = 0; k < sz; k++)
				if (b[k] != (unsigned char)(i & 0xff))
					ck_abort_msg("size %zu: object %d byte %zu "
						     "overwritten", sz, i, k);
		}
		ck_assert_uint_eq(p.in_use, N);
		pool_destroy(&p);
		free(objs);
		free(sorted);
	}
}
END_TEST

START_TEST(destroy_with_objects_out)
{
	/* A run that ends mid-flight frees every chunk, whether or not
	 * its objects came back (LeakSanitizer checks under asan). */
	struct pool p;
	int i;

	ck_assert_int_eq(pool_init(&p, 48, 2), 0);
	for (i = 0; i < 100; i++)
		ck_assert_ptr_nonnull(pool_get(&p));
	pool_destroy(&p);
	ck_assert_ptr_null(p.chunks);
	ck_assert_ptr_null(p.free);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pool");
	TCase *tc_acct = tcase_create("accounting");
	TCase *tc_grow = tcase_create("growth");
	TCase *tc_mem = tcase_create("memory");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_test(tc_acct, put_then_get_reuses);
	tcase_add_test(tc_acct, counts_in_use_and_peak);
	suite_add_tcase(s, tc_acct);

	tcase_add_test(tc_grow, grows_when_exhausted);
	tcase_add_test(tc_grow, empty_pool_sizes_itself);
	suite_add_tcase(s, tc_grow);

	tcase_add_test(tc_mem, aligned_and_distinct);
	tcase_add_test(tc_mem, destroy_with_objects_out);
	suite_add_tcase(s, tc_mem);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
