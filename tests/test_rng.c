/* SPDX-License-Identifier: MIT */
/*
 * test_rng.c - PCG32 reference values, stream derivation and the
 * distributions.
 *
 * Statistical thresholds are chosen so that a correct generator fails
 * with negligible probability (p = 0.001 for chi-square, 4 standard errors
 * elsewhere); the streams are seeded, so a pass is reproducible anyway.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/rng.h"

/*
 * Independent reference: pcg32_random_r() and pcg32_srandom_r() from
 * M. O'Neill's pcg-c-basic (pcg_basic.c), transcribed with their own
 * names so a slip in rng.h cannot hide in a shared helper.
 */
struct pcg_ref { uint64_t state, inc; };

static uint32_t pcg_ref_random(struct pcg_ref *rng)
{
	uint64_t oldstate = rng->state;
	uint32_t xorshifted, rot;

	rng->state = oldstate * 6364136223846793005ULL + rng->inc;
	xorshifted = (uint32_t)(((oldstate >> 18u) ^ oldstate) >> 27u);
	rot = (uint32_t)(oldstate >> 59u);
	return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

static void pcg_ref_srandom(struct pcg_ref *rng, uint64_t initstate,
			    uint64_t initseq)
{
	rng->state = 0U;
	rng->inc = (initseq << 1u) | 1u;
	pcg_ref_random(rng);
	rng->state += initstate;
	pcg_ref_random(rng);
}

START_TEST(pcg32_reference_values)
{
	/* The first six outputs printed by pcg32-demo (pcg-c-basic) for
	 * pcg32_srandom_r(&rng, 42u, 54u), the PCG reference demo
	 * section 7 for rng_init(r, 42, 54). */
	static const uint32_t want[] = {
		0xa15c02b7, 0x7b47f409, 0xba1d3330,
		0x83d2f293, 0xbfa4784b, 0xcbed606e,
	};
	struct rng r;
	size_t i;

	rng_init(&r, 42, 54);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_uint_eq(rng_u32(&r), want[i]);
}
END_TEST

START_TEST(pcg32_matches_reference_implementation)
{
	static const uint64_t seeds[][2] = {
		{ 42, 54 }, { 0, 0 }, { 1, 1 }, { UINT64_MAX, UINT64_MAX },
		{ 0x853c49e6748fea9bULL, 0xda3e39cb94b95bdbULL },
	};
	size_t s;
	int i;

	for (s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		struct rng r;
		struct pcg_ref ref;

		rng_init(&r, seeds[s][0], seeds[s][1]);
		pcg_ref_srandom(&ref, seeds[s][0], seeds[s][1]);
		for (i = 0; i < 10000; i++) {
			uint32_t got = rng_u32(&r), want = pcg_ref_random(&ref);

			if (got != want)
				ck_abort_msg("seed set %zu draw %d: %08x != %08x",
					     s, i, got, want);
		}
	}
}
END_TEST

START_TEST(u64_is_two_u32_high_first)
{
	/* rng.h: rng_u64 = (first u32 << 32) | second u32 */
	struct rng a, b;
	int i;

	rng_init(&a, 42, 54);
	rng_init(&b, 42, 54);
	for (i = 0; i < 100; i++) {
		uint64_t hi = rng_u32(&b);
		uint64_t lo = rng_u32(&b);

		ck_assert_uint_eq(rng_u64(&a), (hi << 32) | lo);
	}
}
END_TEST

START_TEST(fnv1a_and_splitmix64_vectors)
{
	/* FNV-1a 64: test vectors from the FNV reference (isthe.com). */
	ck_assert_uint_eq(rng_fnv1a(""), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(rng_fnv1a("a"), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(rng_fnv1a("foobar"), 0x85944171f73967e8ULL);
	/* splitmix64 (Vigna): from seed 0 the first output is
	 * 0xe220a8397b1dcdaf; from seed 1234567 the outputs are
	 * 6457827717110365317, 3203168211198807973, 9817491932198370423.
	 * rng_splitmix64(x) is one step from state x, so step k of the
	 * reference is rng_splitmix64(seed + k * golden). */
	ck_assert_uint_eq(rng_splitmix64(0), 0xe220a8397b1dcdafULL);
	ck_assert_uint_eq(rng_splitmix64(1234567), 6457827717110365317ULL);
	ck_assert_uint_eq(rng_splitmix64(1234567 + 0x9e3779b97f4a7c15ULL),
			  3203168211198807973ULL);
	ck_assert_uint_eq(rng_splitmix64(1234567 + 2 * 0x9e3779b97f4a7c15ULL),
			  9817491932198370423ULL);
}
END_TEST

START_TEST(stream_follows_documented_derivation)
{
	/* rng.h: state = splitmix64(seed ^
	 * fnv1a(name)), stream = fnv1a(name), fed to PCG32 srandom. */
	static const char *const names[] = { "flow/17/arrival", "x", "" };
	size_t n;
	int i;

	for (n = 0; n < 3; n++) {
		uint64_t seed = 0x1234 + n, h = rng_fnv1a(names[n]);
		struct rng r;
		struct pcg_ref ref;

		rng_stream(&r, seed, names[n]);
		pcg_ref_srandom(&ref, rng_splitmix64(seed ^ h), h);
		for (i = 0; i < 100; i++)
			ck_assert_uint_eq(rng_u32(&r), pcg_ref_random(&ref));
	}
}
END_TEST

START_TEST(streamf_equals_stream)
{
	struct rng a, b;
	int i;

	rng_streamf(&a, 99, "flow/%u/arrival", 17u);
	rng_stream(&b, 99, "flow/17/arrival");
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(rng_u32(&a), rng_u32(&b));
}
END_TEST

START_TEST(streams_are_independent)
{
	/* The draws of "flow/1/arrival" must not depend on which other
	 * streams exist or how much they were used: the reason streams
	 * are derived from names and not split from one generator. */
	uint32_t alone[1000];
	struct rng f1, f0, x;
	int i;

	rng_stream(&f1, 5, "flow/1/arrival");
	for (i = 0; i < 1000; i++)
		alone[i] = rng_u32(&f1);

	rng_stream(&f0, 5, "flow/0/arrival");
	rng_stream(&x, 5, "x");
	for (i = 0; i < 777; i++) {
		(void)rng_u32(&f0);
		(void)rng_u64(&x);
	}
	rng_stream(&f1, 5, "flow/1/arrival");
	for (i = 0; i < 1000; i++) {
		(void)rng_u32(&f0);
		ck_assert_uint_eq(rng_u32(&f1), alone[i]);
		(void)rng_below(&x, 10);
	}
}
END_TEST

/* Positions where two streams agree, out of @n draws. */
static int agreements(struct rng *a, struct rng *b, int n)
{
	int i, same = 0;

	for (i = 0; i < n; i++)
		same += rng_u32(a) == rng_u32(b);
	return same;
}

START_TEST(different_names_and_seeds_differ)
{
	/* Unrelated 32-bit sequences agree at a position with p = 2^-32,
	 * so over 10000 draws even one agreement is suspicious. */
	static const char *const names[] = {
		"flow/0/arrival", "flow/1/arrival", "flow/10/arrival", "x",
		"flow/0/size",
	};
	size_t i, j;

	for (i = 0; i < 5; i++) {
		for (j = i + 1; j < 5; j++) {
			struct rng a, b;

			rng_stream(&a, 5, names[i]);
			rng_stream(&b, 5, names[j]);
			ck_assert_int_le(agreements(&a, &b, 10000), 1);
		}
	}
	for (i = 0; i < 5; i++) {
		struct rng a, b;

		rng_stream(&a, 5, names[i]);
		rng_stream(&b, 6, names[i]);
		ck_assert_int_le(agreements(&a, &b, 10000), 1);
	}
}
END_TEST

START_TEST(below_in_range)
{
	static const uint64_t ns[] = {
		2, 3, 7, 10, 1000, (1ULL << 32) + 1, (1ULL << 63) + 1,
		UINT64_MAX,
	};
	struct rng r;
	size_t k;
	int i;

	rng_stream(&r, 1, "below/range");
	ck_assert_uint_eq(rng_below(&r, 0), 0);
	ck_assert_uint_eq(rng_below(&r, 1), 0);
	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
		for (i = 0; i < 10000; i++)
			if (rng_below(&r, ns[k]) >= ns[k])
				ck_abort_msg("rng_below(%llu) out of range",
					     (unsigned long long)ns[k]);
}
END_TEST

START_TEST(below_is_uniform)
{
	/*
	 * Pearson chi-square over 10 equiprobable bins, 10^6 draws; with
	 * 9 degrees of freedom the p = 0.001 critical value is 27.877.
	 * n = 10, and n = 10 * floor(2^64 / 12) ~ 0.83 * 2^64, where a plain
	 * x % n would hit the two lowest bins twice as often.
	 */
	static const uint64_t ns[] = { 10, 10 * (UINT64_MAX / 12) };
	size_t k;

	for (k = 0; k < 2; k++) {
		uint64_t bins[10] = { 0 };
		const double n = 1e6, e = n / 10;
		double chi2 = 0;
		struct rng r;
		int i;

		rng_stream(&r, 1, "below/uniform");
		for (i = 0; i < (int)n; i++) {
			uint64_t x = rng_below(&r, ns[k]);

			bins[ns[k] == 10 ? x : x / (ns[k] / 10)]++;
		}
		for (i = 0; i < 10; i++)
			chi2 += ((double)bins[i] - e) * ((double)bins[i] - e) / e;
		ck_assert_msg(chi2 < 27.877, "n=%llu: chi2 = %g",
			      (unsigned long long)ns[k], chi2);
	}
}
END_TEST

START_TEST(unit_in_range)
{
	struct rng r;
	int i;

	rng_stream(&r, 1, "unit");
	for (i = 0; i < 100000; i++) {
		double u = rng_unit(&r);

		if (!(u >= 0.0 && u < 1.0))
			ck_abort_msg("rng_unit = %g", u);
	}
}
END_TEST

START_TEST(exp_mean_and_cv)
{
	/*
	 * Exponential with mean m: standard deviation m, so the sample
	 * mean of n draws has standard error m / sqrt(n) and must lie
	 * within 4 of them.  The coefficient of variation sd / mean is 1;
	 * its estimate has standard error about sqrt((kurtosis - 1) / 4n)
	 * = sqrt(8 / 4n) = 0.0014 for n = 10^6, so 0.01 is over 7 of them.
	 * Rounding to integer ps adds at most 0.5 ps per draw.
	 */
	const int n = 1000000;
	const int64_t mean_ps = 1000000;	/* 1 us */
	double sum = 0, sum2 = 0, mean, sd, se;
	struct rng r;
	int i;

	rng_stream(&r, 1, "exp");
	for (i = 0; i < n; i++) {
		int64_t x = rng_exp_ps(&r, mean_ps);

		if (x < 0)
			ck_abort_msg("negative draw %lld", (long long)x);
		sum += (double)x;
		sum2 += (double)x * (double)x;
	}
	mean = sum / n;
	sd = sqrt(sum2 / n - mean * mean);
	se = (double)mean_ps / sqrt((double)n);
	ck_assert_msg(fabs(mean - (double)mean_ps) < 4 * se,
		      "mean %g, want %lld +- %g", mean, (long long)mean_ps, 4 * se);
	ck_assert_msg(fabs(sd / mean - 1.0) < 0.01, "cv %g", sd / mean);
	ck_assert_int_eq(rng_exp_ps(&r, 0), 0);
}
END_TEST

START_TEST(normal_mean_and_variance)
{
	/*
	 * Standard normal, n = 10^6: the sample mean has standard error
	 * 1 / sqrt(n) = 0.001 and the sample variance sqrt(2 / n) = 0.0014;
	 * both must lie within 4 standard errors of 0 and 1.
	 */
	const int n = 1000000;
	double sum = 0, sum2 = 0, mean, var;
	struct rng r;
	int i;

	rng_stream(&r, 1, "normal");
	for (i = 0; i < n; i++) {
		double x = rng_normal(&r);

		sum += x;
		sum2 += x * x;
	}
	mean = sum / n;
	var = sum2 / n - mean * mean;
	ck_assert_msg(fabs(mean) < 4 * 0.001, "mean %g", mean);
	ck_assert_msg(fabs(var - 1.0) < 4 * sqrt(2.0 / n), "variance %g", var);
}
END_TEST

START_TEST(normal_draws_fixed_count)
{
	/* rng.h: one pair of draws per call, so a call always advances
	 * the stream by exactly two rng_u64 (= four rng_u32). */
	struct rng a, b;
	int i;

	rng_stream(&a, 1, "normal/count");
	rng_stream(&b, 1, "normal/count");
	for (i = 0; i < 1000; i++) {
		(void)rng_normal(&a);
		(void)rng_u64(&b);
		(void)rng_u64(&b);
	}
	ck_assert_uint_eq(a.state, b.state);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rng");
	TCase *tc_ref = tcase_create("reference");
	TCase *tc_streams = tcase_create("streams");
	TCase *tc_dist = tcase_create("distributions");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_test(tc_ref, pcg32_reference_values);
	tcase_add_test(tc_ref, pcg32_matches_reference_implementation);
	tcase_add_test(tc_ref, u64_is_two_u32_high_first);
	tcase_add_test(tc_ref, fnv1a_and_splitmix64_vectors);
	suite_add_tcase(s, tc_ref);

	tcase_add_test(tc_streams, stream_follows_documented_derivation);
	tcase_add_test(tc_streams, streamf_equals_stream);
	tcase_add_test(tc_streams, streams_are_independent);
	tcase_add_test(tc_streams, different_names_and_seeds_differ);
	suite_add_tcase(s, tc_streams);

	tcase_add_test(tc_dist, below_in_range);
	tcase_add_test(tc_dist, below_is_uniform);
	tcase_add_test(tc_dist, unit_in_range);
	tcase_add_test(tc_dist, exp_mean_and_cv);
	tcase_add_test(tc_dist, normal_mean_and_variance);
	tcase_add_test(tc_dist, normal_draws_fixed_count);
	tcase_set_timeout(tc_dist, 20);
	suite_add_tcase(s, tc_dist);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
