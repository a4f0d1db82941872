/* SPDX-License-Identifier: MIT */
/*
 * test_irq.c - ixgbe's dynamic ITR (rx-usecs 1) follows the rules of
 * ixgbe_update_itr()/ixgbe_set_itr() (drivers/net/ethernet/intel/ixgbe/
 * ixgbe_main.c), worked out by hand for constant-rate 64-byte frames
 * (skb->len 60 bytes) on a 10 Gb/s link.
 */
#include <check.h>
#include <stdlib.h>

#include "out_util.h"

#define SCEN "{ 'duration': '%s', 'host': { 'cpus': 2 }, " \
	"'nics': [ { 'name': 'eth0', 'driver': 'ixgbe', 'queues': 1, 'irq_affinity': [0], " \
	"'coalesce': { 'rx-usecs': %s } } ], " \
	"'sockets': [ { 'name': 's', 'port': 9000, 'rcvbuf': '4MiB', 'rcvbuf_force': true } ], " \
	"'apps': [ { 'name': 'r', 'socket': 's', 'cpu': 1, 'mode': 'recvmmsg', 'batch': 64 } ], " \
	"'traffic': [ { 'dst_port': 9000, 'rate': '%s', 'arrival': 'constant', 'size': 64 } ] }"

static double run_irqs(const char *dur, const char *usecs, const char *rate, double *pkts)
{
	struct orun *o = orun_inline(NULL, 0, SCEN, dur, usecs, rate);
	double irqs;

	orun_go(o, 0);
	irqs = jnum_at(o->sum, "nics.0.queues.0.interrupts", __FILE__, __LINE__);
	*pkts = jnum_at(o->sum, "packets.delivered", __FILE__, __LINE__);
	ck_assert_double_eq(jnum_at(o->sum, "drops.host", __FILE__, __LINE__), 0);
	orun_free(o);
	return irqs;
}

/*
 * Light load, one frame every 20 us.  The first interrupt comes at once
 * (no interval has started); its poll sees 1 packet of 60 bytes: "packets <
 * 4 && bytes < 9000" -> latency mode, avg_wire_size 60 -> 5120, halved for
 * latency -> 2560, itr = DIV_ROUND_UP(2560, 512) * 2 = 10 us.  Every later
 * frame then finds the 10 us interval expired and is interrupted alone, and
 * each such poll again computes 10 us: one interrupt per packet.  A fixed
 * 50 us interval (the dynamic mode's starting value) is a minimum spacing:
 * with a frame pending every 20 us an interrupt fires every 50 us exactly,
 * 20 ms / 50 us = 400 of them.
 */
START_TEST(light_load_goes_to_latency_mode)
{
	double pkts, irqs = run_irqs("20ms", "1", "50kpps", &pkts);
	double fixed_pkts, fixed = run_irqs("20ms", "50", "50kpps", &fixed_pkts);

	ck_assert_double_ge(pkts, 990);
	ck_assert_double_eq(irqs, pkts);
	ck_assert_double_le(fixed, 401);
	ck_assert_double_ge(fixed, 399);
}
END_TEST

/*
 * Moderate load, the CPU not saturated so every poll ends the cycle.  Below
 * 48 frames per interrupt ("packets < 48") the interval grows by 2 us at
 * each interrupt; from 48 to 95 it stays ("goldilocks"); from 96 it halves.
 * At 500 kpps and 1 Mpps, 126 us (IXGBE_ITR_ADAPTIVE_MAX_USECS) would give
 * 63 and 126 frames, so the interval cannot rest below 48 frames: in steady
 * state the frames per interrupt lie in [48, 96) and the interval in
 * [10, 126] us.  (The first interrupts of the climb pull the run's average
 * a little below 48, hence 47.5.)
 */
START_TEST(moderate_load_settles_in_the_goldilocks_zone)
{
	static const char *const rates[] = { "500kpps", "1Mpps" };
	unsigned i;

	for (i = 0; i < 2; i++) {
		struct orun *o = orun_inline(NULL, 0, SCEN, "100ms", "1", rates[i]);
		double irqs, pkts, now;

		orun_go(o, 0);
		irqs = jnum_at(o->sum, "nics.0.queues.0.interrupts", __FILE__, __LINE__);
		pkts = jnum_at(o->sum, "packets.delivered", __FILE__, __LINE__);
		now = jnum_at(o->sum, "nics.0.queues.0.rx_usecs_now", __FILE__, __LINE__);
		ck_assert_double_ge(pkts / irqs, 47.5);
		ck_assert_double_lt(pkts / irqs, 96);
		ck_assert_double_ge(now, 10);
		ck_assert_double_le(now, 126);
		orun_free(o);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("irq");
	TCase *tc = tcase_create("ixgbe_dynamic_itr");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, light_load_goes_to_latency_mode);
	tcase_add_test(tc, moderate_load_settles_in_the_goldilocks_zone);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
