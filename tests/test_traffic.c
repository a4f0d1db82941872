/* SPDX-License-Identifier: MIT */
/*
 * test_traffic.c - the traffic generator: every arrival law against its
 * mean and dispersion over long runs, size laws, flow weights and tuples,
 * stream independence, the scenario keys' validation, and the link's
 * serialisation behind the upstream buffer.
 *
 * Statistical bounds are 5 standard deviations of the estimator (a false
 * alarm every few million runs); the seeds are fixed, so the tests are
 * deterministic anyway.  Where a number is exact (constant rate, trains,
 * steps), the test asks for it exactly.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/traffic.h"
#include "test_util.h"

#define NIC "'nics': [{ 'name': 'eth0', 'speed': '10Gbps', 'queues': 1 }]"

/* ---- helpers ---- */

/* The load must fail with a message containing @want. */
static void load_fails(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void load_fails(const char *want, const char *fmt, ...)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	va_list ap;
	char *buf;
	int rc;

	va_start(ap, fmt);
	buf = tu_vjson(fmt, ap);
	va_end(ap);
	rc = scenario_load_buffer("<test>", buf, strlen(buf), NULL, 0, &sc, &err);
	if (!rc)
		scenario_free(&sc);
	ck_assert_msg(rc == RXSIM_EINPUT, "accepted: %s", buf);
	ck_assert_msg(strstr(err.msg, want), "message \"%s\" lacks \"%s\"", err.msg, want);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	free(buf);
}

static void gen_start(struct traffic_gen *g, const struct scenario *sc, int i)
{
	ck_assert_int_eq(traffic_gen_init(g, &sc->traffic[i], i, (uint64_t)sc->seed,
					  sc->nics[0].speed, sc->duration), 0);
}

/* How many packets source @i of @sc sends in the whole run. */
static double count_packets(const struct scenario *sc, int i)
{
	struct traffic_gen g;
	struct traffic_pkt p;
	double n = 0;

	gen_start(&g, sc, i);
	while (traffic_gen_next(&g, &p) > 0)
		n++;
	traffic_gen_free(&g);
	return n;
}

/* Counts of arrivals in windows of @w ps over [0, @end). */
struct windows {
	uint64_t *n;
	size_t m;
	sim_time_t w;
};

static void windows_init(struct windows *c, sim_time_t end, sim_time_t w)
{
	c->m = (size_t)(end / w);
	c->w = w;
	c->n = calloc(c->m, sizeof(*c->n));
	ck_assert_ptr_nonnull(c->n);
}

static void windows_add(struct windows *c, sim_time_t t)
{
	size_t i = (size_t)(t / c->w);

	if (i < c->m)
		c->n[i]++;
}

/* variance / mean of the window counts */
static double windows_iod(struct windows *c)
{
	double s = 0, s2 = 0, mean, var;
	size_t i;

	for (i = 0; i < c->m; i++)
		s += (double)c->n[i];
	mean = s / (double)c->m;
	for (i = 0; i < c->m; i++)
		s2 += ((double)c->n[i] - mean) * ((double)c->n[i] - mean);
	var = s2 / (double)(c->m - 1);
	free(c->n);
	c->n = NULL;
	return var / mean;
}

/* ---- constant ---- */

/* 3 Mpps: 1e15/3e9 ps is not whole; the carried remainder makes packet k
 * arrive at floor(k * 1e15 / 3e9) exactly, so the rate is exact. */
START_TEST(constant_rate_is_exact)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '100ms', 'traffic': [{ 'dst_port': 1, "
		"'rate': '3Mpps', 'arrival': 'constant' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	struct windows w;
	uint64_t k = 0;

	gen_start(&g, sc, 0);
	windows_init(&w, 100 * SIM_MS, 10 * SIM_US);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(p.t, (sim_time_t)(k * 1000000 / 3));	/* 1e15 / 3e9 */
		windows_add(&w, p.t);
		k++;
	}
	ck_assert_uint_eq(k, 300000);
	/* constant: index of dispersion 0 (every 10us window holds 30) */
	ck_assert_double_lt(windows_iod(&w), 1e-9);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* ---- Poisson ---- */

START_TEST(poisson_mean_and_dispersion)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '2s', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'arrival': 'poisson' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	struct windows w;
	double n = 0, s = 0, s2 = 0, mean, cv2;
	sim_time_t prev = -1;

	gen_start(&g, sc, 0);
	windows_init(&w, 2 * SIM_S, 100 * SIM_US);
	while (traffic_gen_next(&g, &p) > 0) {
		if (prev >= 0) {
			double d = (double)(p.t - prev);

			s += d;
			s2 += d * d;
		}
		prev = p.t;
		windows_add(&w, p.t);
		n++;
	}
	/* N ~ Poisson(2e6): sd 1414 */
	ck_assert_double_lt(fabs(n - 2e6), 5 * sqrt(2e6));
	/* index of dispersion 1; sd of the estimator sqrt(2 / (m - 1)) */
	ck_assert_double_lt(fabs(windows_iod(&w) - 1.0), 5 * sqrt(2.0 / 19999));
	/* exponential gaps: mean 1us, squared CV 1 (sd of s^2/mean^2 ~ sqrt(8/n)) */
	mean = s / (n - 1);
	cv2 = (s2 / (n - 1) - mean * mean) / (mean * mean);
	ck_assert_double_lt(fabs(mean - 1e6), 5 * 1e6 / sqrt(n));
	ck_assert_double_lt(fabs(cv2 - 1.0), 5 * sqrt(8.0 / n));
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* Existing scenarios keep their draws: the first version drew each gap as
 * rng_exp_ps(1e15 / rate) from "traffic/<i>/<name>/arrival", first arrival
 * at start. */
START_TEST(poisson_draws_unchanged)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'seed': 42, 'duration': '10ms', 'traffic': [{ "
		"'name': 'a', 'dst_port': 1, 'rate': '2.5Mpps', 'start': 1 }, "
		"{ 'name': 'b', 'dst_port': 9000, 'rate': '1Mpps' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	struct rng r;
	sim_time_t t = SIM_MS;

	rng_streamf(&r, 42, "traffic/%d/%s/arrival", 0, "a");
	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(p.t, t);
		t += rng_exp_ps(&r, (int64_t)(1000000000000000LL / 2500000000LL));
	}
	ck_assert_int_ge(t, 10 * SIM_MS);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* ---- on/off ---- */

struct bursts {
	uint64_t n, pkts;
	double s, s2, gap_s;
	uint64_t *sizes;
	size_t cap;
};

/* Split a stream with 1us spacing inside bursts into bursts. */
static void bursts_of(struct traffic_gen *g, struct bursts *b)
{
	struct traffic_pkt p;
	sim_time_t prev = -1;
	uint64_t cur = 0;

	memset(b, 0, sizeof(*b));
	b->cap = 1 << 16;
	b->sizes = calloc(b->cap, sizeof(*b->sizes));
	while (traffic_gen_next(g, &p) > 0) {
		if (prev >= 0 && p.t - prev > 3 * SIM_US / 2) {
			b->s += (double)cur;
			b->s2 += (double)cur * (double)cur;
			b->gap_s += (double)(p.t - prev);
			if (b->n < b->cap)
				b->sizes[b->n] = cur;
			b->n++;
			cur = 0;
		}
		prev = p.t;
		cur++;
		b->pkts++;
	}
}

START_TEST(onoff_exponential_bursts)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '2s', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'arrival': 'onoff', 'on': '100us', "
		"'off': '400us' }] }");
	struct traffic_gen g;
	struct bursts b;
	double mean, sd;

	gen_start(&g, sc, 0);
	bursts_of(&g, &b);
	/* ~4000 bursts; packets per burst = ceil(on / 1us), on ~ Exp(100us):
	 * mean 1 / (1 - e^-0.01) = 100.5, sd ~ 100 */
	mean = b.s / (double)b.n;
	sd = sqrt(b.s2 / (double)b.n - mean * mean);
	ck_assert_uint_gt(b.n, 3500);
	ck_assert_double_lt(fabs(mean - 100.5), 5 * 100 / sqrt((double)b.n));
	ck_assert_double_lt(fabs(sd / mean - 1.0), 0.15);
	/* gaps: off ~ Exp(400us) plus under 1us of the burst's tail */
	ck_assert_double_lt(fabs(b.gap_s / (double)b.n - 400.5e6), 5 * 400e6 / sqrt((double)b.n));
	/* mean rate: 1 Mpps x 100.5 / 500.5 */
	ck_assert_double_lt(fabs((double)b.pkts / 2.0 - 1e6 * 100.5 / 500.5), 0.05 * 2e5);
	free(b.sizes);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

START_TEST(onoff_fixed_bursts_exact)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '10ms', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'arrival': 'onoff', 'on': 'fixed(50us)', "
		"'off': 'fixed(150us)' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	uint64_t k = 0;

	gen_start(&g, sc, 0);
	/* bursts of exactly 50 at 1us, one every 200us */
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(p.t, (sim_time_t)(k / 50) * 200 * SIM_US +
				      (sim_time_t)(k % 50) * SIM_US);
		k++;
	}
	ck_assert_uint_eq(k, 50 * 50);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Pareto(mean 100us, alpha 1.5): x_m = 33.3us, median x_m 2^(1/alpha) = 52.9us:
 * the median burst holds about 53 packets (the mean is not a stable test
 * of a law with infinite variance). */
START_TEST(onoff_pareto_median)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '2s', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'arrival': 'onoff', "
		"'on': 'pareto(100us,1.5)', 'off': 'uniform(300us,500us)' }] }");
	struct traffic_gen g;
	struct bursts b;
	size_t n;

	gen_start(&g, sc, 0);
	bursts_of(&g, &b);
	n = b.n < b.cap ? b.n : b.cap;
	qsort(b.sizes, n, sizeof(*b.sizes), cmp_u64);
	ck_assert_uint_gt(n, 3000);
	ck_assert_uint_ge(b.sizes[n / 2], 48);
	ck_assert_uint_le(b.sizes[n / 2], 59);
	/* uniform gaps: mean 400us */
	ck_assert_double_lt(fabs(b.gap_s / (double)b.n - 400.5e6), 5 * 57.7e6 / sqrt((double)b.n));
	free(b.sizes);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* ---- MMPP ---- */

/*
 * Two states, 100 kpps for 9ms and 1 Mpps for 1ms on average: mean rate
 * (0.1 x 9 + 1 x 1) / 10 = 190 kpps.  The asymptotic index of dispersion
 * of the counts is 1 + 2 (l1 - l2)^2 p1 p2 / (l (q1 + q2)) = 691.6 (p: time
 * shares, q: exit rates), so N over 50s has sd sqrt(9.5e6 x 691.6) = 81k.
 */
START_TEST(mmpp_two_state_mean_and_burstiness)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '50s', 'traffic': [{ 'dst_port': 9000, "
		"'arrival': 'mmpp', 'mmpp': { 'rates': '100kpps,1Mpps', "
		"'mean_dwell': '9ms,1ms' } }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	struct windows w;
	double n = 0, iod;

	ck_assert_int_eq(sc->traffic[0].rate, 190000000);	/* resolved: the mean, echoed */
	gen_start(&g, sc, 0);
	windows_init(&w, 50 * SIM_S, 100 * SIM_MS);
	while (traffic_gen_next(&g, &p) > 0) {
		windows_add(&w, p.t);
		n++;
	}
	ck_assert_double_lt(fabs(n - 9.5e6), 5 * sqrt(9.5e6 * 691.6));
	/* 100ms windows (111 mean sojourns): IDC(T) ~ 685, estimated from 500
	 * windows (sd ~6%) */
	iod = windows_iod(&w);
	ck_assert_double_gt(iod, 450);
	ck_assert_double_lt(iod, 950);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* Three states (one silent): time shares 2:2:1, mean 0.6 Mpps. */
START_TEST(mmpp_three_states)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '20s', 'traffic': [{ 'dst_port': 9000, "
		"'arrival': 'mmpp', 'mmpp': { 'rates': '0,500kpps,2Mpps', "
		"'mean_dwell': '2ms,2ms,1ms' } }] }");
	double n = count_packets(sc, 0);

	ck_assert_double_lt(fabs(n / 20.0 - 6e5), 0.03 * 6e5);
	tu_unload(sc);
}
END_TEST

/* ---- time-varying rates ---- */

static void count_split(struct traffic_gen *g, sim_time_t at, uint64_t *before, uint64_t *after)
{
	struct traffic_pkt p;

	*before = *after = 0;
	while (traffic_gen_next(g, &p) > 0) {
		if (p.t < at)
			(*before)++;
		else
			(*after)++;
	}
}

START_TEST(rate_steps)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '100ms', 'traffic': [{ 'dst_port': 1, "
		"'arrival': 'constant', "
		"'rate_profile': '0ms:100kpps, 50ms:1Mpps' }] }");
	struct traffic_gen g;
	uint64_t a, b;

	gen_start(&g, sc, 0);
	count_split(&g, 50 * SIM_MS, &a, &b);
	ck_assert_uint_ge(a, 4999);
	ck_assert_uint_le(a, 5001);
	ck_assert_uint_ge(b, 49999);
	ck_assert_uint_le(b, 50001);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* 0 -> 1 Mpps over 100ms: integral 50000, of which 12500 in the first half;
 * after the last point the rate stays at 1 Mpps. */
START_TEST(rate_ramp)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '150ms', 'traffic': [{ 'dst_port': 1, "
		"'arrival': 'constant', 'rate_profile': '0:0, 100:1Mpps', "
		"'ramp': true }, { 'dst_port': 9000, 'arrival': 'poisson', "
		"'rate_profile': '0:0, 100:1Mpps', 'ramp': true, "
		"'stop': '100ms' }] }");
	struct traffic_gen g;
	uint64_t a, b;

	gen_start(&g, sc, 0);
	count_split(&g, 50 * SIM_MS, &a, &b);
	ck_assert_uint_ge(a, 12499);
	ck_assert_uint_le(a, 12501);
	ck_assert_uint_ge(a + b, 100000 - 2);
	ck_assert_uint_le(a + b, 100000 + 2);
	traffic_gen_free(&g);
	/* Poisson under the same ramp: a non-homogeneous Poisson process */
	gen_start(&g, sc, 1);
	count_split(&g, 50 * SIM_MS, &a, &b);
	ck_assert_double_lt(fabs((double)a - 12500), 5 * sqrt(12500));
	ck_assert_double_lt(fabs((double)b - 37500), 5 * sqrt(37500));
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* ---- trains ---- */

/* 32-frame trains of 64B at 10 Gb/s: frames 67.2ns apart (84 bytes on the
 * wire), a train every 32us (1 Mpps of frames). */
START_TEST(train_back_to_back)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '10ms', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'arrival': 'constant', 'train': 32 }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	uint64_t k = 0;

	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(p.t, (sim_time_t)(k / 32) * 32 * SIM_US +
				      (sim_time_t)(k % 32) * 67200);
		k++;
	}
	ck_assert_uint_eq(k, 313 * 32);	/* trains at 0, 32us, ... 9.984ms */
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* IMIX trains: each frame follows the previous one after its own wire time;
 * trains faster than the line never overlap. */
START_TEST(train_sizes_and_no_overlap)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '5ms', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '14Mpps', 'arrival': 'poisson', 'train': 100, "
		"'size': 'imix' }] }");
	struct traffic_gen g;
	struct traffic_pkt p, prev;
	uint64_t k = 0;

	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		if (k) {
			/* (size + 20) bytes at 10 Gb/s: 800 ps per byte */
			sim_time_t wire = (sim_time_t)(prev.size + 20) * 800;

			if (k % 100)
				ck_assert_int_eq(p.t - prev.t, wire);
			else
				ck_assert_int_ge(p.t - prev.t, wire);
		}
		prev = p;
		k++;
	}
	ck_assert_uint_gt(k, 1000);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

START_TEST(train_poisson_mean_rate)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '1s', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'train': 32 }] }");
	double n = count_packets(sc, 0);

	/* trains ~ Poisson(31250): N = 32 trains */
	ck_assert_double_lt(fabs(n - 1e6), 5 * 32 * sqrt(31250));
	tu_unload(sc);
}
END_TEST

/* ---- sizes ---- */

static void size_counts(const char *size, const char *sizes, uint64_t *count, double *mean,
			uint64_t n_want)
{
	struct scenario *sc = tu_load("{ " NIC ", 'duration': '%lldms', 'traffic': [{ 'dst_port': "
				      "9000, 'rate': '1Mpps', 'arrival': 'constant', 'size': '%s', "
				      "'sizes': '%s' }] }",
				      (long long)(n_want / 1000), size, sizes);
	struct traffic_gen g;
	struct traffic_pkt p;
	double s = 0, n = 0;

	memset(count, 0, 9019 * sizeof(*count));
	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		count[p.size]++;
		s += p.size;
		n++;
	}
	*mean = s / n;
	traffic_gen_free(&g);
	tu_unload(sc);
}

static void share_ok(uint64_t k, uint64_t n, double p)
{
	ck_assert_msg(fabs((double)k / (double)n - p) < 5 * sqrt(p * (1 - p) / (double)n),
		      "share %g, expected %g", (double)k / (double)n, p);
}

START_TEST(size_laws)
{
	static uint64_t c[9019];
	uint64_t n = 0;
	double mean;
	int i;

	size_counts("512", "", c, &mean, 10000);
	ck_assert_uint_eq(c[512], 10000);

	/* the simple IMIX: 7:4:1 of 64, 594, 1518; mean 4342/12 = 361.83 */
	size_counts("imix", "", c, &mean, 200000);
	n = c[64] + c[594] + c[1518];
	ck_assert_uint_eq(n, 200000);
	share_ok(c[64], n, 7.0 / 12);
	share_ok(c[594], n, 4.0 / 12);
	share_ok(c[1518], n, 1.0 / 12);
	ck_assert_double_lt(fabs(mean - 4342.0 / 12), 5 * 411.0 / sqrt((double)n));

	size_counts("imix570", "", c, &mean, 12000);
	ck_assert_uint_eq(c[64] + c[570] + c[1518], 12000);

	/* uniform(64,1518): mean 791, sd 1455/sqrt(12) */
	size_counts("uniform(64,1518)", "", c, &mean, 200000);
	ck_assert_double_lt(fabs(mean - 791), 5 * 420.0 / sqrt(200000.0));
	ck_assert_uint_gt(c[64], 0);
	ck_assert_uint_gt(c[1518], 0);
	for (i = 0; i < 64; i++)
		ck_assert_uint_eq(c[i], 0);
	for (i = 1519; i < 9019; i++)
		ck_assert_uint_eq(c[i], 0);

	/* an empirical table, with "size" left to auto */
	size_counts("auto", "100:1, 9000:3", c, &mean, 100000);
	share_ok(c[100], 100000, 0.25);
	share_ok(c[9000], 100000, 0.75);
}
END_TEST

/* ---- flows ---- */

START_TEST(zipf_shares_match_formula)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '1s', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'flows': 1000, 'weights': 'zipf(1.0)' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	uint64_t *c = calloc(1000, sizeof(*c)), n = 0, tail = 0;
	double h = 0, ptail = 0;
	int k;

	for (k = 1; k <= 1000; k++)
		h += 1.0 / k;
	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_uint_lt(p.flow, 1000);
		c[p.flow]++;
		n++;
	}
	for (k = 0; k < 20; k++)
		share_ok(c[k], n, 1.0 / (k + 1) / h);
	for (k = 500; k < 1000; k++) {
		tail += c[k];
		ptail += 1.0 / (k + 1) / h;
	}
	share_ok(tail, n, ptail);
	free(c);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* Elephants and mice in one line: 4 flows of weight 50, 996 of weight 1. */
START_TEST(explicit_weights)
{
	struct scenario *sc = tu_load("{ " NIC ", 'duration': '500ms', 'traffic': [{ 'dst_port': "
				      "9000, 'rate': '1Mpps', 'flows': 1000, "
				      "'weights': '50*4, 1*996' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	uint64_t c[5] = { 0 }, n = 0;
	int k;

	gen_start(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		c[p.flow < 4 ? p.flow : 4]++;
		n++;
	}
	for (k = 0; k < 4; k++)
		share_ok(c[k], n, 50.0 / 1196);
	share_ok(c[4], n, 996.0 / 1196);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* Equal weights keep the first version's tuples and order: flows in turn,
 * 10.x.y.z from the flow index, source port 1024 + i, 192.168.0.1. */
START_TEST(default_tuples_unchanged)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '1ms', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '1Mpps', 'flows': 70000 }] }");
	struct traffic_gen g;
	struct flow_tuple t;
	uint32_t i;

	gen_start(&g, sc, 0);
	for (i = 0; i < 70000; i += 997) {
		traffic_flow_tuple(&g, i, &t);
		ck_assert_uint_eq(t.family, FLOW_IPV4);
		ck_assert_uint_eq(t.proto, FLOW_UDP);
		ck_assert_uint_eq(t.saddr[0], 10);
		ck_assert_uint_eq(t.saddr[1], (i >> 16) & 0xff);
		ck_assert_uint_eq(t.saddr[2], (i >> 8) & 0xff);
		ck_assert_uint_eq(t.saddr[3], i & 0xff);
		ck_assert_uint_eq(t.daddr[0], 192);
		ck_assert_uint_eq(t.daddr[1], 168);
		ck_assert_uint_eq(t.daddr[2], 0);
		ck_assert_uint_eq(t.daddr[3], 1);
		ck_assert_uint_eq(t.sport, 1024 + i % 64512);
		ck_assert_uint_eq(t.dport, 9000);
	}
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

START_TEST(tuples_from_prefixes_and_ranges)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '1ms', 'traffic': ["
		"{ 'dst_port': 53, 'rate': '1Mpps', 'flows': 20, 'src': '10.1.0.0/24', "
		"  'dst': '192.168.1.0/30', 'src_port': '2000-2009' },"
		"{ 'dst_port': 443, 'rate': '1Mpps', 'flows': 300, 'src': '2001:db8::/120', "
		"  'dst': 'fd00::1-fd00::3', 'proto': 'tcp' },"
		"{ 'dst_port': 9000, 'rate': '1Mpps', 'flows': 12, "
		"  'src': '10.0.0.250-10.0.1.5', 'src_port': 5000 }] }");
	struct traffic_gen g;
	struct flow_tuple t;
	static const uint8_t v6s[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	static const uint8_t v6d[16] = { 0xfd, [15] = 1 };

	gen_start(&g, sc, 0);
	traffic_flow_tuple(&g, 13, &t);
	ck_assert_uint_eq(t.saddr[2], 0);
	ck_assert_uint_eq(t.saddr[3], 13);
	ck_assert_uint_eq(t.daddr[2], 1);
	ck_assert_uint_eq(t.daddr[3], 1);	/* 13 % 4 */
	ck_assert_uint_eq(t.sport, 2003);	/* 13 % 10 */
	ck_assert_uint_eq(t.dport, 53);
	traffic_gen_free(&g);

	gen_start(&g, sc, 1);
	traffic_flow_tuple(&g, 258, &t);
	ck_assert_uint_eq(t.family, FLOW_IPV6);
	ck_assert_uint_eq(t.proto, FLOW_TCP);
	ck_assert_mem_eq(t.saddr, v6s, 16);	/* 258 % 256 = 2 */
	ck_assert_mem_eq(t.daddr, v6d, 16);	/* 258 % 3 = 0 */
	traffic_gen_free(&g);

	gen_start(&g, sc, 2);
	traffic_flow_tuple(&g, 7, &t);		/* 10.0.0.250 + 7, carrying */
	ck_assert_uint_eq(t.saddr[2], 1);
	ck_assert_uint_eq(t.saddr[3], 1);
	ck_assert_uint_eq(t.sport, 5000);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* 10 million Zipf flows: the tables are built and draws stay in range. */
START_TEST(ten_million_flows)
{
	struct scenario *sc = tu_load(
		"{ " NIC ", 'duration': '1ms', 'traffic': [{ 'dst_port': 9000, "
		"'rate': '10Mpps', 'arrival': 'constant', 'flows': 10000000, "
		"'src': '10.0.0.0/8', "
		"'weights': 'zipf(0.9)' }] }");
	struct traffic_gen g;
	struct traffic_pkt p;
	uint64_t n = 0;

	gen_start(&g, sc, 0);
	ck_assert_uint_eq(g.flow_alias.n, 10000000);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_uint_lt(p.flow, 10000000);
		n++;
	}
	ck_assert_uint_eq(n, 10000);
	traffic_gen_free(&g);
	tu_unload(sc);
}
END_TEST

/* ---- streams ---- */

static uint64_t digest(struct traffic_gen *g)
{
	struct traffic_pkt p;
	uint64_t h = 1469598103934665603ULL;

	while (traffic_gen_next(g, &p) > 0) {
		h = (h ^ (uint64_t)p.t) * 1099511628211ULL;
		h = (h ^ p.size) * 1099511628211ULL;
		h = (h ^ p.flow) * 1099511628211ULL;
	}
	return h;
}

/* Adding a source, or making another law random, moves no one's draws. */
START_TEST(streams_are_independent)
{
	const char *src0 = "{ 'name': 'a', 'dst_port': 9000, 'rate': '1Mpps', 'flows': 100, "
			   "'weights': 'zipf(1.2)', 'size': 'imix' }";
	struct scenario *one = tu_load("{ " NIC ", 'duration': '20ms', 'traffic': [%s] }", src0);
	struct scenario *two = tu_load("{ " NIC ", 'duration': '20ms', 'traffic': [%s, { 'name': "
				       "'b', 'dst_port': 9000, 'rate': '1Mpps' }] }", src0);
	struct scenario *fixed = tu_load(
		"{ " NIC ", 'duration': '20ms', 'traffic': [{ 'name': 'a', "
		"'dst_port': 9000, 'rate': '1Mpps' }] }");
	struct traffic_gen g;
	struct traffic_pkt p, q;
	struct traffic_gen h;
	uint64_t d1, d2;

	gen_start(&g, one, 0);
	d1 = digest(&g);
	traffic_gen_free(&g);
	gen_start(&g, two, 0);
	d2 = digest(&g);
	traffic_gen_free(&g);
	ck_assert_uint_eq(d1, d2);
	gen_start(&g, one, 0);
	ck_assert_uint_eq(digest(&g), d1);	/* and the same run twice */
	traffic_gen_free(&g);

	/* the same arrival times with or without random sizes and flows */
	gen_start(&g, one, 0);
	gen_start(&h, fixed, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(traffic_gen_next(&h, &q), 1);
		ck_assert_int_eq(p.t, q.t);
	}
	traffic_gen_free(&g);
	traffic_gen_free(&h);
	tu_unload(one);
	tu_unload(two);
	tu_unload(fixed);
}
END_TEST

/* ---- scenario keys ---- */

#define ONE(x) "{ " NIC ", 'traffic': [{ " x " }] }"

START_TEST(bad_keys_are_named)
{
	load_fails("/traffic/0/size: expected size 64B..9018B", ONE("'dst_port': 1, "
		   "'rate': '1Mpps', 'size': '32B'"));
	load_fails("/traffic/0/size: expected frame size", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'size': 'jumbo'"));
	load_fails("/traffic/0/sizes: expected SIZE:WEIGHT", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'sizes': '64:1,1518'"));
	load_fails("/traffic/0/sizes: give size or sizes", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'size': 64, 'sizes': '64:1'"));
	load_fails("/traffic/0: missing required key \"rate\"", ONE("'dst_port': 1"));
	load_fails("/traffic/0: missing required key \"dst_port\"", ONE("'rate': '1Mpps'"));
	load_fails("/traffic/0/rate_profile: give rate or rate_profile",
		   ONE("'dst_port': 1, 'rate': '1Mpps', 'rate_profile': '0:1Mpps'"));
	load_fails("times must increase", ONE("'dst_port': 1, "
		   "'rate_profile': '0:1Mpps, 10ms:2Mpps, 5ms:0'"));
	load_fails("/traffic/0/ramp: only used with rate_profile", ONE("'dst_port': 1, "
		   "'rate': '1Mpps', 'ramp': true"));
	load_fails("/traffic/0/weights: 3 weights for 4 flows", ONE("'dst_port': 1, "
		   "'rate': '1Mpps', 'flows': 4, 'weights': '1,2,3'"));
	load_fails("/traffic/0/weights: expected", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'weights': 'zipf(-1)'"));
	load_fails("/traffic/0/src: expected", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'src': '10.0.0.1/16'"));
	load_fails("host bits set", ONE("'dst_port': 1, 'rate': '1Mpps', 'src': '10.0.0.1/16'"));
	load_fails("/traffic/0/dst: IPv6 but src is IPv4", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'dst': '::1'"));
	load_fails("/traffic/0/flows: 300 flows but src, dst and src_port give only 4 distinct",
		   ONE("'dst_port': 1, 'rate': '1Mpps', 'flows': 300, 'src': '10.0.0.0/30', "
		       "'src_port': '1000-1001'"));
	load_fails("/traffic/0/on: expected", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'arrival': 'onoff', 'on': 'pareto(1ms,0.5)'"));
	load_fails("/traffic/0/mmpp: arrival \"mmpp\" needs", ONE("'dst_port': 1, "
		   "'arrival': 'mmpp'"));
	load_fails("/traffic/0/mmpp: 2 rates but 3 mean_dwell", ONE("'dst_port': 1, "
		   "'arrival': 'mmpp', 'mmpp': { 'rates': '1,2', 'mean_dwell': '1,2,3' }"));
	load_fails("/traffic/0/mmpp/rates: every state has rate 0", ONE("'dst_port': 1, "
		   "'arrival': 'mmpp', 'mmpp': { 'rates': '0,0', 'mean_dwell': '1,2' }"));
	load_fails("/traffic/0/mmpp: only used with arrival", ONE("'dst_port': 1, "
		   "'rate': '1Mpps', 'mmpp': { 'rates': '1,2', 'mean_dwell': '1,2' }"));
	load_fails("/traffic/0/mmpp/nope: unknown key", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'mmpp': { 'nope': 1 }"));
	load_fails("/traffic/0/replay/file: missing", ONE("'dst_port': 1, 'rate': '1Mpps', "
		   "'replay': { 'speed': 2 }"));
	load_fails("/traffic/0/replay/rate: give speed or rate", ONE("'replay': { 'file': 'x', "
		   "'speed': 2, 'rate': '1Mpps' }"));
	load_fails("/traffic/0/replay/speed: expected positive decimal", ONE("'replay': { "
		   "'file': 'x', 'speed': 0 }"));
	load_fails("/traffic/0/rate: a replay source keeps", ONE("'rate': '1Mpps', "
		   "'replay': { 'file': 'x' }"));
	load_fails("/traffic/0/size: a replay source takes its sizes", ONE("'size': 'imix', "
		   "'replay': { 'file': 'x' }"));
	load_fails("/traffic/0/replay/to: not after replay/from", ONE("'replay': { 'file': 'x', "
		   "'from': '2ms', 'to': '1ms' }"));
	load_fails("/traffic/0/train: expected integer 1..10000", ONE("'dst_port': 1, "
		   "'rate': '1Mpps', 'train': 0"));
}
END_TEST

START_TEST(good_keys_resolve_defaults)
{
	struct scenario *sc = tu_load("{ " NIC ", 'traffic': ["
				      "{ 'dst_port': 1, 'rate': 1000, 'sizes': '64:1', "
				      "  'src': '2001:db8::/64' },"
				      "{ 'dst_port': 1, 'rate_profile': '0:1000' },"
				      "{ 'replay': { 'file': 'x.pcap', 'speed': 0.1 } }] }");

	ck_assert_str_eq(sc->traffic[0].size, "table");
	ck_assert_str_eq(sc->traffic[0].dst, "fd00::1");
	ck_assert_str_eq(sc->traffic[1].size, "64");
	ck_assert_str_eq(sc->traffic[1].dst, "192.168.0.1");
	ck_assert_int_eq(sc->traffic[1].rate, 0);
	ck_assert_str_eq(sc->traffic[2].replay.speed, "0.1");
	tu_unload(sc);
}
END_TEST

/* Free a run made with calloc() and its scenario. */
static void run_done(struct rxsim_run *r, struct scenario *sc)
{
	rxsim_run_free(r);
	tu_unload(sc);
	free(r);
}

/* ---- the link ---- */

/* A number of the summary (counters are raw JSON numbers). */
static double num(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	ck_assert_ptr_nonnull(j);
	return cJSON_IsRaw(j) ? strtod(j->valuestring, NULL) : j->valuedouble;
}

/*
 * 20 Mpps of 64-byte frames into a 10 Gb/s link (14.88 Mpps at most):
 * frame k of those admitted starts on the wire at k x 67.2ns and its last
 * bit arrives 57.6ns later, so 148809 frames arrive in 10ms whatever the
 * buffer.  What the upstream buffer cannot hold is an upstream loss,
 * reported apart from host drops.
 */
static void link_run(const char *buffer, struct rxsim_run *r, struct scenario **sc)
{
	struct rxsim_err err = { { 0 } };

	*sc = tu_load("{ 'duration': '10ms', 'nics': [{ 'name': 'eth0', 'speed': '10Gbps', "
		      "'queues': 1, 'upstream_buffer': '%s' }], 'sockets': [{ 'name': 's', "
		      "'port': 9000 }], 'traffic': [{ 'dst_port': 9000, 'rate': '20Mpps', "
		      "'arrival': 'constant' }] }", buffer);
	ck_assert_int_eq(rxsim_run(r, *sc, NULL, &err), 0);
}

START_TEST(link_serialises_at_line_rate_behind_upstream_buffer)
{
	struct rxsim_run *r = calloc(1, sizeof(*r));
	struct scenario *sc;
	const struct link *l;
	cJSON *sum, *drops;
	char *text;

	link_run("64KiB", r, &sc);
	l = &r->host.nics[0].link;
	ck_assert_uint_eq(l->offered, 200000);
	ck_assert_uint_eq(l->arrived, 148809);
	ck_assert_uint_eq(l->offered, l->arrived + l->upstream_drops + l->q.len);
	/* the queue holds what 64KiB of wire time holds: 84 bytes per frame */
	ck_assert_uint_ge((uint64_t)l->q.len * 84, 65536 - 2 * 84);
	ck_assert_uint_le((uint64_t)l->q.len * 84, 65536 + 84);
	ck_assert_uint_gt(l->upstream_drops, 50000);
	ck_assert_uint_eq(r->host.drops[DROP_UPSTREAM], l->upstream_drops);
	/* the summary: upstream losses apart, not in drops.host */
	sum = rxsim_summary(r, false);
	drops = cJSON_GetObjectItemCaseSensitive(sum, "drops");
	ck_assert_double_eq(num(drops, "upstream"), (double)l->upstream_drops);
	ck_assert_double_eq(num(drops, "host") + (double)l->upstream_drops, num(drops, "total"));
	text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(sum, "traffic"));
	ck_assert_ptr_nonnull(strstr(text, "\"offered\":200000"));
	cJSON_free(text);
	cJSON_Delete(sum);
	rxsim_run_free(r);
	tu_unload(sc);

	/* a buffer that never fills: no loss, the same line rate */
	link_run("1GiB", r, &sc);
	l = &r->host.nics[0].link;
	ck_assert_uint_eq(l->upstream_drops, 0);
	ck_assert_uint_eq(l->arrived, 148809);
	ck_assert_uint_eq(l->q.len, 200000 - 148809);
	run_done(r, sc);
}
END_TEST

/*
 * Sources emit without events and are committed when someone looks; the
 * time series must still count each frame in the interval of its own
 * emission time.  20 Mpps constant, 1 ms rows: frames j = 0, 1, ... at
 * j x 50ns; the row ending at 1ms also holds j = 20000 (emitted at 1ms,
 * before the sample at that instant), the last row ends before 10ms.  The
 * wire takes a frame every 67.2ns (14880.95 per ms), so a row in steady
 * state loses 20000 - 14881 = 5119 (+-1) upstream; the first row also
 * fills the 64KiB buffer (about 65536 / 84 = 780 frames) first.
 */
START_TEST(timeseries_counts_emissions_at_their_time)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	struct rxsim_outputs out = { .timeseries = tmpfile() };
	struct scenario *sc;
	char line[8192];
	uint64_t off_sum = 0, drop_sum = 0;
	int rows = 0, col_off = -1, col_up = -1;

	ck_assert_ptr_nonnull(out.timeseries);
	sc = tu_load("{ 'duration': '10ms', 'output': { 'interval': '1ms' }, 'nics': [{ "
		     "'name': 'eth0', 'speed': '10Gbps', 'queues': 1, 'upstream_buffer': '64KiB' }], "
		     "'sockets': [{ 'name': 's', 'port': 9000 }], 'traffic': [{ 'dst_port': 9000, "
		     "'rate': '20Mpps', 'arrival': 'constant' }] }");
	ck_assert_int_eq(rxsim_run(r, sc, &out, &err), 0);
	rewind(out.timeseries);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), out.timeseries));
	{
		char *tok = strtok(line, ",\n");
		int i;

		for (i = 0; tok; tok = strtok(NULL, ",\n"), i++) {
			if (!strcmp(tok, "offered"))
				col_off = i;
			if (!strcmp(tok, "drops_upstream"))
				col_up = i;
		}
	}
	ck_assert_int_ge(col_off, 0);
	ck_assert_int_ge(col_up, 0);
	while (fgets(line, sizeof(line), out.timeseries)) {
		char *tok = strtok(line, ",\n");
		uint64_t offered = 0, up = 0;
		int i;

		for (i = 0; tok; tok = strtok(NULL, ",\n"), i++) {
			if (i == col_off)
				offered = strtoull(tok, NULL, 10);
			if (i == col_up)
				up = strtoull(tok, NULL, 10);
		}
		rows++;
		off_sum += offered;
		drop_sum += up;
		if (rows == 1) {
			ck_assert_uint_eq(offered, 20001);
			ck_assert_uint_ge(up, 20001 - 14881 - 781 - 2);
			ck_assert_uint_le(up, 20001 - 14881 - 780 + 2);
		} else {
			ck_assert_uint_eq(offered, rows == 10 ? 19999 : 20000);
			ck_assert_uint_ge(up, 5118);
			ck_assert_uint_le(up, 5120);
		}
	}
	ck_assert_int_eq(rows, 10);
	ck_assert_uint_eq(off_sum, 200000);
	ck_assert_uint_eq(drop_sum, r->host.nics[0].link.upstream_drops);
	fclose(out.timeseries);
	run_done(r, sc);
}
END_TEST

/*
 * Two sources on one link emitting at the same instants merge as per-packet
 * events would have: by time, then in the order their packets were read.
 * Both start at 0 with the same constant gap; source 0 is read first at
 * set-up, and each source reads its next packet when its current one is
 * emitted, so at every instant source 0 goes first: emission order (the
 * packet id) alternates 0, 1, 0, 1, ...
 */
START_TEST(sources_on_one_link_merge_in_read_order)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	struct rxsim_outputs out = { .packets = tmpfile() };
	struct scenario *sc;
	char line[512];
	int src_of[2000], n = 0, i;

	ck_assert_ptr_nonnull(out.packets);
	for (i = 0; i < 2000; i++)
		src_of[i] = -1;
	sc = tu_load("{ 'duration': '100us', 'output': { 'packet_sample': 1 }, 'nics': [{ "
		     "'name': 'eth0', 'speed': '10Gbps', 'queues': 1 }], "
		     "'sockets': [{ 'name': 's', 'port': 9000 }], "
		     "'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1 }], 'traffic': ["
		     "{ 'dst_port': 9000, 'rate': '1Mpps', 'arrival': 'constant' }, "
		     "{ 'dst_port': 9000, 'rate': '1Mpps', 'arrival': 'constant' }] }");
	ck_assert_int_eq(rxsim_run(r, sc, &out, &err), 0);
	rewind(out.packets);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), out.packets));	/* header */
	while (fgets(line, sizeof(line), out.packets)) {
		unsigned long id, src;

		ck_assert_int_eq(sscanf(line, "%lu,%lu,", &id, &src), 2);
		ck_assert_uint_lt(id, 2000);
		src_of[id] = (int)src;
		n++;
	}
	/* 100 packets each in 100us; those still on their way at the end (ring,
	 * socket) have no row yet, but most have */
	ck_assert_int_ge(n, 50);
	for (i = 0; i < 200; i++)
		if (src_of[i] >= 0)
			ck_assert_int_eq(src_of[i], i % 2);
	ck_assert_uint_eq(r->host.offered, 200);
	fclose(out.packets);
	run_done(r, sc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("traffic");
	TCase *laws = tcase_create("laws"), *sizes = tcase_create("sizes");
	TCase *flows = tcase_create("flows"), *keys = tcase_create("keys");
	TCase *link = tcase_create("link");
	SRunner *sr;
	int failed;

	tcase_set_timeout(laws, 120);
	tcase_set_timeout(sizes, 60);
	tcase_set_timeout(flows, 120);
	tcase_set_timeout(link, 60);
	tcase_add_test(laws, constant_rate_is_exact);
	tcase_add_test(laws, poisson_mean_and_dispersion);
	tcase_add_test(laws, poisson_draws_unchanged);
	tcase_add_test(laws, onoff_exponential_bursts);
	tcase_add_test(laws, onoff_fixed_bursts_exact);
	tcase_add_test(laws, onoff_pareto_median);
	tcase_add_test(laws, mmpp_two_state_mean_and_burstiness);
	tcase_add_test(laws, mmpp_three_states);
	tcase_add_test(laws, rate_steps);
	tcase_add_test(laws, rate_ramp);
	tcase_add_test(laws, train_back_to_back);
	tcase_add_test(laws, train_sizes_and_no_overlap);
	tcase_add_test(laws, train_poisson_mean_rate);
	tcase_add_test(sizes, size_laws);
	tcase_add_test(flows, zipf_shares_match_formula);
	tcase_add_test(flows, explicit_weights);
	tcase_add_test(flows, default_tuples_unchanged);
	tcase_add_test(flows, tuples_from_prefixes_and_ranges);
	tcase_add_test(flows, ten_million_flows);
	tcase_add_test(flows, streams_are_independent);
	tcase_add_test(keys, bad_keys_are_named);
	tcase_add_test(keys, good_keys_resolve_defaults);
	tcase_add_test(link, link_serialises_at_line_rate_behind_upstream_buffer);
	tcase_add_test(link, timeseries_counts_emissions_at_their_time);
	tcase_add_test(link, sources_on_one_link_merge_in_read_order);
	suite_add_tcase(s, laws);
	suite_add_tcase(s, sizes);
	suite_add_tcase(s, flows);
	suite_add_tcase(s, keys);
	suite_add_tcase(s, link);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
