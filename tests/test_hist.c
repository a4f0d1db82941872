/* SPDX-License-Identifier: MIT */
/*
 * test_hist.c - the log-linear histogram against exact answers.
 *
 * Reference quantiles come from sorting the same samples and taking the
 * nearest-rank value sorted[ceil(q * n) - 1], with the rank computed in
 * integer arithmetic from q = num/den so that the reference does not share
 * any floating-point rounding with the code under test.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/hist.h"
#include "rxsim/rng.h"

#define NSAMPLES	200000

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* sorted[ceil(n * num / den) - 1], the nearest-rank definition. */
static int64_t exact_quantile(const int64_t *sorted, uint64_t n,
			      uint64_t num, uint64_t den)
{
	uint64_t rank = (n * num + den - 1) / den;

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/* |got - want| <= want / 100, in integers (both are >= 0). */
static int within_1pct(int64_t got, int64_t want)
{
	int64_t d = got > want ? got - want : want - got;

	return d * 100 <= want;
}

enum dist { D_LOGUNIFORM, D_UNIFORM, D_EXP, D_LOGNORMAL, D_NDIST };

static const char *const dist_names[] = {
	"log-uniform over 1ps..1s", "uniform over 0..10ms",
	"exponential mean 10us", "lognormal median 50us sigma 1",
};

static int64_t draw(struct rng *r, enum dist d)
{
	switch (d) {
	case D_LOGUNIFORM:
		/* twelve decades: exercises every octave the model uses */
		return (int64_t)llround(pow(10.0, 12.0 * rng_unit(r)));
	case D_UNIFORM:
		return (int64_t)rng_below(r, 10000000000ULL);
	case D_EXP:
		return rng_exp_ps(r, 10000000);
	case D_LOGNORMAL:
	default:
		return (int64_t)llround(50e6 * exp(rng_normal(r)));
	}
}

static int64_t *fill(struct hist *h, enum dist d, uint64_t n, const char *name)
{
	int64_t *v = malloc(sizeof(*v) * n);
	struct rng r;
	uint64_t i;

	ck_assert_ptr_nonnull(v);
	rng_stream(&r, 7, name);
	hist_init(h);
	for (i = 0; i < n; i++) {
		v[i] = draw(&r, d);
		hist_record(h, v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_i64);
	return v;
}

static struct hist hbuf, hbuf2, hbuf3;

START_TEST(quantiles_within_1pct)
{
	static const struct { uint64_t num, den; } qs[] = {
		{ 1, 2 }, { 9, 10 }, { 99, 100 }, { 999, 1000 },
		{ 1, 100 }, { 1, 4 }, { 3, 4 }, { 9999, 10000 },
	};
	enum dist d = (enum dist)_i;
	struct hist *h = &hbuf;
	int64_t *v = fill(h, d, NSAMPLES, dist_names[d]);
	size_t i;

	ck_assert_uint_eq(h->count, NSAMPLES);
	/* min and max are tracked exactly, not derived from buckets */
	ck_assert_int_eq(h->min, v[0]);
	ck_assert_int_eq(h->max, v[NSAMPLES - 1]);
	ck_assert_int_eq(hist_quantile(h, 0.0), v[0]);
	ck_assert_int_eq(hist_quantile(h, 1.0), v[NSAMPLES - 1]);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		double q = (double)qs[i].num / (double)qs[i].den;
		int64_t want = exact_quantile(v, NSAMPLES, qs[i].num, qs[i].den);
		int64_t got = hist_quantile(h, q);

		ck_assert_msg(within_1pct(got, want),
			      "%s: q=%g got %lld want %lld", dist_names[d], q,
			      (long long)got, (long long)want);
	}
	free(v);
}
END_TEST

START_TEST(every_permille_within_1pct)
{
	/* n = 1001 makes q * n fractional for most q, so ceil matters;
	 * n = 10000 makes it integral, and for 63 of the 999 q the double
	 * product lands a hair above the integer (0.035 * 10000 is
	 * 350.00000000000006), where a naive ceil picks the next rank. */
	static const uint64_t ns[] = { 1001, 10000, 12345 };
	size_t j;

	for (j = 0; j < sizeof(ns) / sizeof(ns[0]); j++) {
		struct hist *h = &hbuf;
		int64_t *v = fill(h, D_LOGUNIFORM, ns[j], "permille");
		uint64_t k;

		for (k = 1; k < 1000; k++) {
			int64_t want = exact_quantile(v, ns[j], k, 1000);
			int64_t got = hist_quantile(h, (double)k / 1000.0);

			ck_assert_msg(within_1pct(got, want),
				      "n=%llu q=%llu/1000: got %lld want %lld",
				      (unsigned long long)ns[j],
				      (unsigned long long)k, (long long)got,
				      (long long)want);
		}
		free(v);
	}
}
END_TEST

START_TEST(quantile_is_monotonic)
{
	struct hist *h = &hbuf;
	int64_t *v = fill(h, D_LOGNORMAL, 50000, "monotonic");
	int64_t prev = hist_quantile(h, 0.0);
	int k;

	for (k = 1; k <= 10000; k++) {
		int64_t cur = hist_quantile(h, k / 10000.0);

		ck_assert_int_ge(cur, prev);
		prev = cur;
	}
	free(v);
}
END_TEST

START_TEST(bucket_error_below_1_128)
{
	/*
	 * hist.h: any value lies within 1/128 of its bucket's midpoint.
	 * With one sample v and one far above, p50 is v's bucket midpoint
	 * (clamping to min = v only ever moves it closer).  Checked at both
	 * edges of every octave and at random points.
	 */
	struct rng r;
	int e, i;

	rng_stream(&r, 7, "edges");
	for (e = 0; e < 52; e++) {
		int64_t base = (int64_t)1 << e;
		int64_t probe[5] = { base, base + 1, base * 2 - 1,
				     base + (int64_t)rng_below(&r, (uint64_t)base),
				     base + base / 3 };

		for (i = 0; i < 5; i++) {
			int64_t v = probe[i], got, d;

			hist_init(&hbuf);
			hist_record(&hbuf, v);
			hist_record(&hbuf, HIST_MAX_VALUE - 1);
			got = hist_quantile(&hbuf, 0.5);
			d = got > v ? got - v : v - got;
			ck_assert_msg(d * 128 <= v, "v=%lld got %lld",
				      (long long)v, (long long)got);
		}
	}
}
END_TEST

START_TEST(small_values_exact)
{
	/* Below HIST_SUB every value has its own bucket (hist.h). */
	struct hist *h = &hbuf;
	int v;

	hist_init(h);
	for (v = 0; v < (int)HIST_SUB; v++)
		hist_record(h, v);
	for (v = 0; v < (int)HIST_SUB; v++)
		ck_assert_int_eq(hist_quantile(h, (v + 1) / (double)HIST_SUB), v);
	ck_assert_int_eq(hist_quantile(h, 0.0), 0);
	ck_assert_int_eq(hist_quantile(h, 1.0), HIST_SUB - 1);
	/* also with repeats: ranks 3k+1..3k+3 all hold value k */
	hist_init(h);
	for (v = 0; v < (int)HIST_SUB; v++) {
		hist_record(h, v);
		hist_record(h, v);
		hist_record(h, v);
	}
	for (v = 0; v < 3 * (int)HIST_SUB; v++)
		ck_assert_int_eq(hist_quantile(h, (v + 1) / (3.0 * HIST_SUB)),
				 v / 3);
}
END_TEST

START_TEST(rank_of_exact_products)
{
	/*
	 * Values 0..99 sit in exact buckets, so rank k holds value k - 1.
	 * For k = 7, 14, 28, 55, 56 the double (k / 100.0) * 100 comes out
	 * a hair above k, and a plain ceil() would answer k instead.
	 */
	struct hist *h = &hbuf;
	int k;

	hist_init(h);
	for (k = 0; k < 100; k++)
		hist_record(h, k);
	for (k = 1; k < 100; k++)
		ck_assert_int_eq(hist_quantile(h, k / 100.0), k - 1);
}
END_TEST

START_TEST(single_value_exact)
{
	/* min = max = v, and the result is clamped into [min, max]. */
	static const int64_t vs[] = { 0, 1, 127, 128, 1000, 123456789,
				      HIST_MAX_VALUE - 1, HIST_MAX_VALUE,
				      INT64_MAX };
	size_t i;

	for (i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		hist_init(&hbuf);
		hist_record(&hbuf, vs[i]);
		ck_assert_int_eq(hist_quantile(&hbuf, 0.5), vs[i]);
		ck_assert_int_eq(hist_quantile(&hbuf, 0.999), vs[i]);
		ck_assert_int_eq(hist_mean(&hbuf), vs[i]);
	}
}
END_TEST

START_TEST(empty_returns_zero)
{
	struct hist *h = &hbuf;

	hist_init(h);
	ck_assert_uint_eq(h->count, 0);
	ck_assert_int_eq(hist_quantile(h, 0.0), 0);
	ck_assert_int_eq(hist_quantile(h, 0.5), 0);
	ck_assert_int_eq(hist_quantile(h, 1.0), 0);
	ck_assert_int_eq(hist_mean(h), 0);
}
END_TEST

START_TEST(out_of_range_q)
{
	struct hist *h = &hbuf;

	hist_init(h);
	hist_record(h, 10);
	hist_record(h, 20);
	hist_record(h, 30);
	ck_assert_int_eq(hist_quantile(h, -1.0), 10);
	ck_assert_int_eq(hist_quantile(h, 2.0), 30);
	ck_assert_int_eq(hist_quantile(h, NAN), 10);
	/* nearest rank: ceil(0.34 * 3) = 2, ceil(0.33 * 3) = 1 */
	ck_assert_int_eq(hist_quantile(h, 0.34), 20);
	ck_assert_int_eq(hist_quantile(h, 0.33), 10);
	ck_assert_int_eq(hist_quantile(h, 1e-300), 10);
}
END_TEST

START_TEST(huge_values_clamp)
{
	/* Beyond HIST_MAX_VALUE resolution is given up, exactness of
	 * min, max, count and sum is not (hist.h). */
	struct hist *h = &hbuf;
	int64_t big1 = (int64_t)1 << 60, big2 = ((int64_t)1 << 61) + 12345;
	int64_t got;

	hist_init(h);
	hist_record(h, 5);
	hist_record(h, big1);
	hist_record(h, big2);
	ck_assert_uint_eq(h->count, 3);
	ck_assert_int_eq(h->min, 5);
	ck_assert_int_eq(h->max, big2);
	ck_assert_int_eq(h->sum, 5 + big1 + big2);
	ck_assert_int_eq(hist_quantile(h, 1.0), big2);
	ck_assert_int_eq(hist_quantile(h, 0.1), 5);
	/* rank 2 is in the clamped bucket: somewhere in [2^52, max] */
	got = hist_quantile(h, 0.5);
	ck_assert_int_ge(got, HIST_MAX_VALUE);
	ck_assert_int_le(got, big2);
	/* the largest value still bucketed normally keeps its 1% */
	hist_record(h, HIST_MAX_VALUE - 1);
	hist_record(h, HIST_MAX_VALUE - 1);
	hist_record(h, HIST_MAX_VALUE - 1);
	/* sorted: 5, M-1, M-1, M-1, big1, big2; rank ceil(0.5 * 6) = 3 */
	got = hist_quantile(h, 0.5);
	ck_assert(within_1pct(got, HIST_MAX_VALUE - 1));
	hist_record(h, INT64_MAX);
	ck_assert_int_eq(h->max, INT64_MAX);
	ck_assert_int_eq(hist_quantile(h, 1.0), INT64_MAX);
}
END_TEST

START_TEST(mean_rounds_to_nearest)
{
	struct hist *h = &hbuf;

	hist_init(h);
	hist_record(h, 1);
	hist_record(h, 2);
	ck_assert_int_eq(hist_mean(h), 2);	/* 1.5 rounds up */
	hist_record(h, 1);
	ck_assert_int_eq(hist_mean(h), 1);	/* 4/3 */
	hist_record(h, 3);
	ck_assert_int_eq(hist_mean(h), 2);	/* 7/4 */
	hist_init(h);
	hist_record(h, 1000000000000LL);
	hist_record(h, 3000000000001LL);
	ck_assert_int_eq(hist_mean(h), 2000000000001LL);	/* 2e12 + 0.5 */
}
END_TEST

START_TEST(merge_equals_single_recording)
{
	/* Recording A then B into one histogram is the reference; merge
	 * must give a byte-identical struct (buckets, count, sum, min, max). */
	struct hist *a = &hbuf, *b = &hbuf2, *all = &hbuf3;
	struct rng r;
	int i;

	rng_stream(&r, 7, "merge");
	hist_init(a);
	hist_init(b);
	hist_init(all);
	for (i = 0; i < 100000; i++) {
		int64_t v = draw(&r, (enum dist)(i % D_NDIST));

		hist_record(i % 3 ? a : b, v);
		hist_record(all, v);
	}
	hist_record(b, INT64_MAX);
	hist_record(all, INT64_MAX);
	hist_merge(a, b);
	ck_assert_int_eq(memcmp(a, all, sizeof(*a)), 0);

	/* into and from an empty histogram */
	hist_init(b);
	hist_merge(b, all);
	ck_assert_int_eq(memcmp(b, all, sizeof(*b)), 0);
	hist_init(a);
	hist_merge(b, a);
	ck_assert_int_eq(memcmp(b, all, sizeof(*b)), 0);
}
END_TEST

START_TEST(merge_keeps_min_max)
{
	struct hist *a = &hbuf, *b = &hbuf2;

	hist_init(a);
	hist_init(b);
	hist_record(a, 500);
	hist_record(a, 600);
	hist_record(b, 100);
	hist_record(b, 1000);
	hist_merge(a, b);
	ck_assert_int_eq(a->min, 100);
	ck_assert_int_eq(a->max, 1000);
	ck_assert_uint_eq(a->count, 4);
	ck_assert_int_eq(a->sum, 2200);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hist");
	TCase *tc_acc = tcase_create("accuracy");
	TCase *tc_edge = tcase_create("edges");
	TCase *tc_merge = tcase_create("merge");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_loop_test(tc_acc, quantiles_within_1pct, 0, D_NDIST);
	tcase_add_test(tc_acc, every_permille_within_1pct);
	tcase_add_test(tc_acc, quantile_is_monotonic);
	tcase_add_test(tc_acc, bucket_error_below_1_128);
	tcase_set_timeout(tc_acc, 20);
	suite_add_tcase(s, tc_acc);

	tcase_add_test(tc_edge, small_values_exact);
	tcase_add_test(tc_edge, rank_of_exact_products);
	tcase_add_test(tc_edge, single_value_exact);
	tcase_add_test(tc_edge, empty_returns_zero);
	tcase_add_test(tc_edge, out_of_range_q);
	tcase_add_test(tc_edge, huge_values_clamp);
	tcase_add_test(tc_edge, mean_rounds_to_nearest);
	suite_add_tcase(s, tc_edge);

	tcase_add_test(tc_merge, merge_equals_single_recording);
	tcase_add_test(tc_merge, merge_keeps_min_max);
	suite_add_tcase(s, tc_merge);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
