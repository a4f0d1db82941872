/* SPDX-License-Identifier: MIT */
/*
 * test_queueing.c - reductions of the receive path to textbook queues,
 * checked against closed forms within statistical error.
 *
 * Mapping.  Poisson arrivals (rate lambda) of 64-byte frames on a 1 Tbit/s
 * link (576 ps on the wire: a constant shift, so the NIC sees a Poisson
 * process too; two frames closer than 0.67 ns, which the wire would
 * serialise, have probability ~3e-4 and shift by < 1 ns) with dma_delay 0.
 * Every CPU cost of CPU 0 is zero except driver_rx, the per-packet cost of
 * the poll: hardirq, softirq_entry, refill, ip_udp_rx, wakeup, context
 * switch (ksoftirqd hand-offs) all take no time, interrupts are not
 * moderated (rx-usecs 0, rx-frames 1), and gro_normal_batch is 1 so each
 * packet is handed to the stack right after its own driver_rx.  CPU 0 is
 * then a single work-conserving FIFO server: a packet's service is its
 * driver_rx draw, it starts when the poll takes it off the ring (t_poll)
 * and it ends when the packet is queued on the socket (t_sock):
 *     Wq = t_poll - t_ring   (stage ring_to_poll)
 *     S  = t_sock - t_poll   (stage poll_to_sock)
 *     W  = Wq + S
 * The reader runs on CPU 1 with zero costs, so it never holds anything up
 * on CPU 0.
 *
 * The ring as the M/M/1/K buffer.  A descriptor is taken when a frame
 * arrives and, with refill_batch 1, given back right after that frame's
 * service (the refill check precedes the next look at the ring, and the
 * final refill precedes the end of a poll), so the descriptors in use are
 * exactly the packets in the system, waiting or in service.  A ring of
 * K + 1 descriptors (one always empty) with DROP_EN is therefore an
 * M/M/1/K queue with system capacity K, and an arrival finding K in the
 * system is dropped (rx_missed_errors).
 *
 * Statistics.  R = 16 independent replications (seeds); the estimate is
 * the mean of the per-run means, its standard error the sample standard
 * deviation over sqrt(R).  Run means of long runs are close to normal, so
 * (estimate - truth) / s.e. follows Student's t with R - 1 = 15 degrees of
 * freedom; the band is the t quantile with the coverage of a normal
 * 3-sigma band (99.73% two-sided): 3.59 s.e. (a plain 3 s.e. would cover
 * only ~99.1% with an estimated s.e.).  The band must also be narrower than
 * 3% of the value, so that the test can fail.  The mean service time is
 * checked against its exact i.i.d. standard error (sigma_S / sqrt(n)).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"

#define REPS 16
#define T_CRIT 3.59	/* t(15) quantile at 0.99865 */

static struct model *queue_model(long long seed, const char *rate, const char *service,
				 int ring, const char *duration)
{
	struct model *m = model_load(
		"{ 'duration': '%s', 'warmup': '10ms', 'seed': %lld, 'kernel': '6.18',"
		"  'host': { 'cpus': 2, 'costs': { 'hardirq': '0ns', 'softirq_entry': '0ns',"
		"     'driver_rx': '1us', 'refill': '0ns', 'ip_udp_rx': '0ns', 'wakeup': '0ns',"
		"     'wakeup_latency': '0ns', 'context_switch': '0ns' },"
		"     'sysctl': { 'net.core.gro_normal_batch': 1 } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'speed': '1000Gbps', 'rx_ring': %d,"
		"     'refill_batch': 1, 'dma_delay': '0ns', 'drop_en': 'on',"
		"     'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 }, 'irq_affinity': [0] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': 100000000,"
		"     'rcvbuf_force': true }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'syscall': '0ns',"
		"     'per_datagram': '0ns', 'copy_per_kib': '0ns', 'per_packet': '0ns' }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '%s', 'arrival': 'poisson',"
		"     'size': 64 }] }",
		duration, seed, ring, rate);

	/* The loader refuses exp() costs (see exp_cost_loads below): set the
	 * service distribution on the loaded scenario instead. */
	m->sc.host.costs.driver_rx = model_cost(service);
	return m;
}

struct stats {
	double wq, s, w;	/* means over delivered packets, us */
	double block;		/* ring drops / offered */
	double s_sum;		/* sum of service times, us */
	uint64_t n;		/* delivered packets measured */
};

static struct stats run_one(long long seed, const char *rate, const char *service, int ring,
			    const char *duration)
{
	struct model *m = queue_model(seed, rate, service, ring, duration);
	struct host *h;
	struct stats st;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_gt(h->lat[LAT_RING_TO_POLL].count, 100000);
	ck_assert_uint_eq(h->lat[LAT_RING_TO_POLL].count, h->lat[LAT_POLL_TO_SOCK].count);
	st.wq = (double)h->lat[LAT_RING_TO_POLL].sum / h->lat[LAT_RING_TO_POLL].count / SIM_US;
	st.s = (double)h->lat[LAT_POLL_TO_SOCK].sum / h->lat[LAT_POLL_TO_SOCK].count / SIM_US;
	st.w = st.wq + st.s;
	st.s_sum = (double)h->lat[LAT_POLL_TO_SOCK].sum / SIM_US;
	st.n = h->lat[LAT_POLL_TO_SOCK].count;
	st.block = (double)h->drops[DROP_NIC_RING] / (double)h->offered;
	/* nothing else may be lost or delay the server */
	ck_assert_uint_eq(h->drops[DROP_SOCKET_RCVBUFF] + h->drops[DROP_NIC_FIFO], 0);
	model_free(m);
	return st;
}

struct est {
	double mean, se;
};

static struct est estimate(const double *x, int n)
{
	struct est e = { 0, 0 };
	double ss = 0;
	int i;

	for (i = 0; i < n; i++)
		e.mean += x[i];
	e.mean /= n;
	for (i = 0; i < n; i++)
		ss += (x[i] - e.mean) * (x[i] - e.mean);
	e.se = sqrt(ss / (n - 1) / n);
	return e;
}

static void assert_close(const char *what, const double *x, int n, double theory)
{
	struct est e = estimate(x, n);

	ck_assert_msg(fabs(e.mean - theory) <= T_CRIT * e.se,
		      "%s: model %.5f +- %.5f (1 s.e., %d runs), theory %.5f (off by %.1f s.e.)",
		      what, e.mean, e.se, n, theory, fabs(e.mean - theory) / e.se);
	ck_assert_msg(T_CRIT * e.se <= 0.03 * theory,
		      "%s: band %.5f is more than 3%% of %.5f", what, T_CRIT * e.se, theory);
}

START_TEST(mm1_sojourn)
{
	/* M/M/1, lambda = 0.5/us, mu = 1/us (exp(1us)), huge ring (no loss):
	 *   W = 1/(mu - lambda) = 2 us, Wq = rho/(mu - lambda) = 1 us, E[S] = 1 us.
	 * 16 runs of 0.5 s: ~4e6 packets. */
	const double lambda = 0.5, mu = 1.0;
	double w[REPS], wq[REPS], s_sum = 0, n = 0, es;
	int i;

	for (i = 0; i < REPS; i++) {
		struct stats st = run_one(101 + i, "500kpps", "exp(1us)", 8192, "500ms");

		w[i] = st.w;
		wq[i] = st.wq;
		s_sum += st.s_sum;
		n += (double)st.n;
		ck_assert(st.block == 0.0);
	}
	assert_close("M/M/1 W", w, REPS, 1 / (mu - lambda));
	assert_close("M/M/1 Wq", wq, REPS, (lambda / mu) / (mu - lambda));
	/* service draws are i.i.d. exponential: s.e. = (1/mu) / sqrt(n) */
	es = s_sum / n;
	ck_assert_msg(fabs(es - 1 / mu) <= 3 / mu / sqrt(n), "M/M/1 E[S] %.6f over %.0f packets",
		      es, n);
}
END_TEST

START_TEST(md1_pollaczek_khinchine)
{
	/* M/D/1, lambda = 0.6/us, fixed service D = 1 us (rho = 0.6):
	 * Pollaczek-Khinchine Wq = rho * D / (2 (1 - rho)) = 0.75 us,
	 * W = 1.75 us; the service is exactly 1 us.  16 runs of 0.25 s. */
	const double rho = 0.6, d = 1.0;
	double w[REPS], wq[REPS];
	int i;

	for (i = 0; i < REPS; i++) {
		struct stats st = run_one(201 + i, "600kpps", "1us", 8192, "250ms");

		w[i] = st.w;
		wq[i] = st.wq;
		ck_assert(fabs(st.s - d) < 1e-9);
	}
	assert_close("M/D/1 Wq", wq, REPS, rho * d / (2 * (1 - rho)));
	assert_close("M/D/1 W", w, REPS, d + rho * d / (2 * (1 - rho)));
}
END_TEST

START_TEST(mm1k_ring_is_the_buffer)
{
	/* M/M/1/K with K = 10 (ring of 11), rho = 0.9 (lambda 0.9/us, mu 1/us):
	 *   p_n = (1 - rho) rho^n / (1 - rho^(K+1)),  P_block = p_K (PASTA)
	 *   L = rho/(1 - rho) - (K+1) rho^(K+1) / (1 - rho^(K+1))
	 *   W = L / (lambda (1 - p_K))   (Little, accepted packets)
	 * = 0.0508 blocking, W = 4.6466 us.  16 runs of 0.5 s. */
	const double lambda = 0.9, rho = 0.9;
	const int k = 10;
	const double rk1 = pow(rho, k + 1);
	const double pk = (1 - rho) * pow(rho, k) / (1 - rk1);
	const double l = rho / (1 - rho) - (k + 1) * rk1 / (1 - rk1);
	const double wth = l / (lambda * (1 - pk));
	double w[REPS], b[REPS];
	int i;

	ck_assert(fabs(pk - 0.05082) < 1e-4);
	ck_assert(fabs(wth - 4.6466) < 1e-3);
	for (i = 0; i < REPS; i++) {
		struct stats st = run_one(301 + i, "900kpps", "exp(1us)", k + 1, "500ms");

		w[i] = st.w;
		b[i] = st.block;
	}
	assert_close("M/M/1/10 blocking", b, REPS, pk);
	assert_close("M/M/1/10 W", w, REPS, wth);
}
END_TEST

/*
 * The documented cost syntax (cost.h, `rxsim params`) loads: exp() and
 * lognormal() are unbounded above, so only their mean is range-checked
 * (they were once all rejected as "out of range").
 */
START_TEST(exp_cost_loads)
{
	static const char *const costs[] = { "exp(1us)", "lognormal(1us,0.5)" };
	unsigned i;

	for (i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		char buf[512];
		struct scenario sc;
		struct rxsim_err err = { { 0 } };
		int rc;

		snprintf(buf, sizeof(buf),
			 "{ \"host\": { \"costs\": { \"driver_rx\": \"%s\" } },"
			 "  \"nics\": [{ \"name\": \"eth0\", \"queues\": 1 }] }", costs[i]);
		rc = scenario_load_buffer("<test>", buf, strlen(buf), NULL, 0, &sc, &err);
		ck_assert_msg(rc == 0, "driver_rx \"%s\" refused: %s", costs[i], err.msg);
		ck_assert_int_eq(sc.host.costs.driver_rx.mean, SIM_US);
		scenario_free(&sc);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("queueing");
	TCase *tc = tcase_create("textbook");
	TCase *tc2 = tcase_create("loader");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, mm1_sojourn);
	tcase_add_test(tc, md1_pollaczek_khinchine);
	tcase_add_test(tc, mm1k_ring_is_the_buffer);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, exp_cost_loads);
	suite_add_tcase(s, tc2);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
