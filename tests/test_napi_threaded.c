/* SPDX-License-Identifier: MIT */
/*
 * test_napi_threaded.c - threaded NAPI (models/napi_threaded.c): the hard
 * IRQ wakes the kthread instead of raising NET_RX, MISSED makes the thread
 * poll once more without sleeping, and the thread shares a CPU with a
 * reader by the fair scheduler's weights.
 *
 * Expected values come from net/core/dev.c (____napi_schedule() sets
 * NAPI_STATE_SCHED_THREADED and wakes napi->thread; napi_complete_done()
 * with MISSED keeps SCHED and calls __napi_schedule(); napi_thread_wait()
 * polls while SCHED_THREADED is set) and kernel/sched/fair.c (CFS: runnable
 * tasks get CPU time in proportion to their weights, sched_prio_to_weight:
 * nice 0 -> 1024, nice -5 -> 3121).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "rxsim/cpu.h"
#include "rxsim/napi.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/softirq.h"
#include "fake_napi.h"
#include "test_util.h"

/* An interrupt during the thread's poll: MISSED.  The poll's completion
 * reschedules (SCHED_THREADED again, no NET_RX), the loop ends without a
 * repoll, napi_thread_wait() finds SCHED_THREADED and polls a second time,
 * which completes: two rounds, one IRQ re-enable, no softirq at all. */
START_TEST(missed_polls_again_in_the_thread)
{
	struct model *m = model_load("{ 'duration': '1ms', 'seed': 1, 'host': { 'cpus': 1 },"
				     "  'nics': [ { 'name': 'eth0', 'queues': 1 } ] }");
	struct host *h;
	struct cpu *c;
	struct fake f = { 0 };
	struct napi n;

	model_start(m);
	h = model_host(m);
	c = model_cpu(m, 0);
	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	ck_assert_int_eq(napi_kthread_create(h, &n, "napi/test-1", 0, 0, 0), 0);
	napi_schedule(h, c, &n);
	ck_assert_uint_eq(n.state, NAPIF_STATE_THREADED | NAPIF_STATE_SCHED |
				   NAPIF_STATE_SCHED_THREADED);
	ck_assert(task_runnable(&n.thread->task));
	ck_assert_ptr_null(c->sd.poll_list.head);
	ck_assert_uint_eq(c->sd.softirq_pending, 0);
	/* the interrupt of a second completion before the thread ran */
	napi_schedule(h, c, &n);
	ck_assert(n.state & NAPIF_STATE_MISSED);
	model_until(m, 100 * SIM_US);
	ck_assert_uint_eq(n.thread->rounds, 2);
	ck_assert_uint_eq(n.polls, 2);
	ck_assert_int_eq(f.completes, 1);
	ck_assert_uint_eq(n.state, NAPIF_STATE_THREADED);
	ck_assert(!task_runnable(&n.thread->task));
	ck_assert_uint_eq(c->sd.net_rx_softirqs, 0);
	ck_assert_int_eq(c->acct[ACCT_SOFTIRQ], 0);
	ck_assert_int_gt(c->acct[ACCT_NAPI], 0);
	napi_kthread_free(&n);
	model_free(m);
}
END_TEST

/* One CPU, 3 Mpps of 64-byte frames into its queue, the queue's thread and
 * a reader both pinned there.  Both always have work (the ring stays full,
 * and the socket, with a receive buffer no run fills, never runs dry once
 * the first packet is in), so CFS gives them CPU time in proportion to
 * their weights: nice 0 each -> 1 : 1; the thread at nice -5 -> 3121 : 1024.
 * Over 500ms the lag of a scheduling period (6ms on one CPU) and the first
 * packet's wait stay within 3% of the ratio. */
static void fair_share(const char *nice, double want)
{
	const char *sets[1] = { nice };
	struct model *m = model_load_sets(sets, 1,
		"{ 'duration': '500ms', 'seed': 1, 'host': { 'cpus': 1 },"
		"  'nics': [{ 'driver': 'ixgbe', 'queues': 1, 'irq_affinity': [0],"
		"             'threaded': true, 'napi_thread_cpus': [0] }],"
		"  'sockets': [{ 'name': 'srv', 'port': 9000, 'rcvbuf': '1GiB',"
		"                'rcvbuf_force': true }],"
		"  'apps': [{ 'socket': 'srv', 'cpu': 0 }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '3Mpps', 'size': 64 }] }");
	struct cpu *c;
	double ratio;

	model_run(m);
	c = model_cpu(m, 0);
	ratio = (double)c->acct[ACCT_NAPI] / (double)c->acct[ACCT_APP];
	ck_assert_msg(fabs(ratio / want - 1) < 0.03, "napi/app time %.4f, want %.4f", ratio,
		      want);
	/* no NAPI time is softirq time */
	ck_assert_int_eq(c->acct[ACCT_SOFTIRQ], 0);
	ck_assert_int_eq(c->acct[ACCT_KSOFTIRQD], 0);
	/* saturated: the CPU is never idle after the first packets */
	ck_assert_double_lt((double)c->acct[ACCT_IDLE] / (double)(500 * SIM_MS), 0.01);
	/* the reader slept only before the first datagram */
	ck_assert_uint_le(model_host(m)->threads[0].sleeps, 1);
	model_free(m);
}

START_TEST(equal_weights_share_equally)
{
	fair_share("nics.0.napi_thread_nice=0", 1.0);
}
END_TEST

START_TEST(nice_minus_5_gets_its_weight)
{
	fair_share("nics.0.napi_thread_nice=-5", 3121.0 / 1024.0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("napi_threaded");
	TCase *tc = tcase_create("threaded");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, missed_polls_again_in_the_thread);
	tcase_add_test(tc, equal_weights_share_equally);
	tcase_add_test(tc, nice_minus_5_gets_its_weight);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
