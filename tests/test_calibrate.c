/* SPDX-License-Identifier: MIT */
/*
 * test_calibrate.c - the costs of two snapshots: a hand-built delta whose
 * fit is worked by hand, and the committed pair
 * (tests/data/snapshots/pair, described in make_samples.py there).
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/hostsnap.h"

#define SNAPS RXSIM_SOURCE_DIR "/tests/data/snapshots/"

static void near(double got, double want, double tol)
{
	ck_assert_msg(fabs(got - want) <= tol, "got %.9g, want %.9g", got, want);
}

/*
 * 2 CPUs, 10 s, USER_HZ 100: softirq ticks 30 + 20 = 50 = 0.5 s for
 * 150000 + 100000 = 250000 packets: 2 us per packet.  Each CPU's delta is
 * known to +-1 tick per reading, 2 readings, 2 CPUs: +-4 ticks = 0.04 s,
 * 0.04 / 250000 = 160 ns.  irq ticks 6 + 4 = 0.1 s over 50000 queue
 * interrupts: 2 us +- 0.04 / 50000 = 800 ns.  NET_RX 30000 + 20000:
 * 5 packets per net_rx_action.  The reader: 0.3 s +- 0.02 s for 250000
 * datagrams: 1.2 us +- 80 ns.
 */
START_TEST(hand_built)
{
	struct snap_cpu_delta cpu[2] = {
		{ .softirq_s = 0.30, .irq_s = 0.06, .processed = 150000, .net_rx = 30000 },
		{ .softirq_s = 0.20, .irq_s = 0.04, .processed = 100000, .net_rx = 20000 },
	};
	struct snap_queue_delta q[1] = { { .iface = "eth0", .queue = 0, .irq = 90,
					   .interrupts = 50000 } };
	struct snap_delta d = { .secs = 10, .secs_err = 0.02, .user_hz = 100, .ncpus = 2,
				.cpu = cpu, .q = q, .nq = 1, .processed = 250000,
				.net_rx = 50000 };
	struct rxsim_err err = { { 0 } };
	struct snap_calib c;

	ck_assert_int_eq(snap_kv_add(&d.snmp, "Udp.InDatagrams", "250000", 0), 0);
	ck_assert_int_eq(snap_calibrate(&d, 0.3, 0.02, &c, &err), 0);
	ck_assert_int_eq(c.net_cpus, 2);
	near(c.softirq_per_pkt.value, 2e-6, 1e-12);
	near(c.softirq_per_pkt.err, 160e-9, 1e-12);
	ck_assert(c.softirq_per_pkt.usable);
	near(c.hardirq_per_irq.value, 2e-6, 1e-12);
	near(c.hardirq_per_irq.err, 800e-9, 1e-12);
	ck_assert(c.hardirq_per_irq.usable);	/* 0.8 us < half of 2 us */
	near(c.pkts_per_poll.value, 5, 1e-12);
	near(c.app_per_dgram.value, 1.2e-6, 1e-12);
	near(c.app_per_dgram.err, 80e-9, 1e-12);
	near(c.pps, 25000, 1e-9);
	near(c.irq_per_s, 5000, 1e-9);
	snap_kv_free(&d.snmp);
}
END_TEST

/* No packet moved: nothing to fit, and it says so. */
START_TEST(no_load)
{
	struct snap_cpu_delta cpu[1] = { { .softirq_s = 0.01 } };
	struct snap_delta d = { .secs = 10, .user_hz = 100, .ncpus = 1, .cpu = cpu };
	struct rxsim_err err = { { 0 } };
	struct snap_calib c;

	ck_assert_int_eq(snap_calibrate(&d, -1, 0, &c, &err), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "processed did not move"));
}
END_TEST

/*
 * The pair (make_samples.py pair()): 10.00 s; CPU 0 softirq ticks 5000 ->
 * 6000 = 10 s for processed 7000000 -> 12000000 = 5000000 packets:
 * 2000 ns +- 2 ticks (one CPU) = 0.02 s / 5e6 = 4 ns; the driver part at the
 * defaults (100 + 200/16 = 112.5 ns) leaves ip_udp_rx 1887.5 ns.  IRQ 90:
 * 200 interrupts with 1 tick: 50 us +- 100 us, not written as a cost.
 * NET_RX 400000 -> 480000: 62.5 packets each.  rx_missed_errors +1000000.
 */
START_TEST(sample_pair)
{
	struct rxsim_err err = { { 0 } };
	struct snap b, a;
	struct snap_delta d;
	struct snap_calib c;
	cJSON *j, *costs;

	ck_assert_int_eq(snap_open(&b, SNAPS "pair/before", &err), 0);
	ck_assert_int_eq(snap_open(&a, SNAPS "pair/after", &err), 0);
	ck_assert_msg(snap_delta(&b, &a, &d, &err) == 0, "%s", err.msg);
	near(d.secs, 10, 1e-9);
	ck_assert_int_eq(d.ncpus, 4);
	ck_assert_uint_eq(d.processed, 5000000);
	ck_assert_uint_eq(d.time_squeeze, 0);
	ck_assert_int_eq(d.nq, 1);
	ck_assert_int_eq(d.q[0].irq, 90);
	ck_assert_uint_eq(d.q[0].interrupts, 200);
	near(snap_delta_get(&d.nic, "eth0.rx_missed_errors", -1), 1000000, 0);
	near(snap_delta_get(&d.snmp, "Udp.InDatagrams", -1), 5000000, 0);
	ck_assert_int_eq(snap_calibrate(&d, -1, 0, &c, &err), 0);
	ck_assert_int_eq(c.net_cpus, 1);
	near(c.softirq_per_pkt.value, 2000e-9, 1e-13);
	near(c.softirq_per_pkt.err, 4e-9, 1e-13);
	near(c.hardirq_per_irq.value, 50e-6, 1e-12);
	near(c.hardirq_per_irq.err, 100e-6, 1e-12);
	ck_assert(!c.hardirq_per_irq.usable);
	near(c.pkts_per_poll.value, 62.5, 1e-12);
	ck_assert(!c.app_per_dgram.ok);
	j = snap_calib_json(&d, &c);
	costs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "host"),
						 "costs");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(costs, "ip_udp_rx")->valuestring,
			 "1887.5ns");
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(costs, "hardirq"));
	cJSON_Delete(j);
	snap_delta_free(&d);
	/* swapped: AFTER is earlier */
	ck_assert_int_eq(snap_delta(&a, &b, &d, &err), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "taken -10.00 s after BEFORE"));
	snap_close(&b);
	snap_close(&a);
}
END_TEST

/* proc(5): the command may hold blanks and parentheses; utime and stime
 * are fields 14 and 15, counted after the last ')'. */
START_TEST(pid_stat)
{
	struct rxsim_err err = { { 0 } };
	uint64_t t;

	ck_assert_int_eq(snap_parse_pid_stat("p", "4242 (udp (pace) 2) S 1 4242 4242 0 -1 4194560 "
					     "120 0 0 0 150 50 0 0 20 0 1 0 12345 1000 100\n", &t,
					     &err), 0);
	ck_assert_uint_eq(t, 200);
	ck_assert_int_eq(snap_parse_pid_stat("p", "4242 (x) S 1 2\n", &t, &err), RXSIM_EINPUT);
	ck_assert_str_eq(err.msg, "p line 1: expected utime and stime (fields 14 and 15)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("calibrate");
	TCase *tc = tcase_create("calibrate");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, hand_built);
	tcase_add_test(tc, no_load);
	tcase_add_test(tc, sample_pair);
	tcase_add_test(tc, pid_stat);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
