/* SPDX-License-Identifier: MIT */
/*
 * test_tcp_timer.c - the CPU time of the ACKs the delayed-ACK timer sends:
 * tcp_delack_timer() runs in the timer softirq of the CPU that armed it
 * (the one whose softirq received the segment), and its tcp_send_ack()
 * costs what any ACK costs, accounted as softirq time there.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/tcp.h"

/* Every host cost 0 but tcp_send_ack (3 us): the NET_RX softirq of CPU 0
 * then spends time only on the ACKs it sends, and the timer softirq only on
 * the timer's.  One 100-byte write every 100 ms (8000 bit/s), read on CPU 1
 * with free app costs. */
#define SPACED \
	"{ 'duration': '3s', 'kernel': '6.18', 'host': { 'cpus': 2, 'costs': {" \
	"    'hardirq': '0ns', 'driver_rx': '0ns', 'refill': '0ns', 'ip_udp_rx': '0ns'," \
	"    'wakeup': '0ns', 'wakeup_latency': '0ns', 'context_switch': '0ns'," \
	"    'softirq_entry': '0ns', 'backlog_enqueue': '0ns', 'process_backlog': '0ns'," \
	"    'tcp_send_ack': '3us' } }," \
	"  'nics': [{ 'name': 'eth0', 'driver': 'ixgbe', 'speed': '10Gbps', 'queues': 1," \
	"             'coalesce': { 'rx-usecs': 20 }, 'irq_affinity': [0] }]," \
	"  'sockets': [{ 'name': 's', 'proto': 'tcp', 'port': 5001 }]," \
	"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'syscall': '0ns'," \
	"             'per_datagram': '0ns', 'copy_per_kib': '0ns', 'per_packet': '0ns' }]," \
	"  'traffic': [{ 'name': 't', 'proto': 'tcp', 'dst_port': 5001, 'rtt': '10ms'," \
	"                'send_rate': '8000bps', 'message': 100 }] }"

START_TEST(delack_timer_ack_cost)
{
	struct model *m = model_load(SPACED);
	struct host *h;
	struct tcp_sock *tp;
	uint64_t n, timer_acks;

	model_start(m);
	model_until(m, 3 * SIM_S);
	h = model_host(m);
	tp = &h->tcp->conns[0];
	cpu_account(&h->cpus[0]);
	cpu_account(&h->cpus[1]);
	/* the writer has t x 1000 B/s written by t, in whole 100-byte writes
	 * (flow 0 has phase 0): at 100, 200, ..., 2900 ms, 29 segments (the
	 * one of 3000 ms is at the end of the run) */
	n = tp->segs_in;
	ck_assert_uint_eq(n, 29);
	/* the first segment enters quickack mode for min(rcv_wnd / (2 * 536),
	 * 16) = 16 ACKs (rcv_wnd 64 KiB; 100-byte segments never raise rcv_mss
	 * nor grow the window, so no quick |= 1): segments 1-16 are ACKed at
	 * once.  Each later one is alone for 100 ms, more than the 40 ms ato
	 * (bounded by max(rcv_rtt, TCP_DELACK_MIN) = 40 ms), less than the RTO
	 * that would re-enter quickack: one timer ACK each, 13. */
	timer_acks = n - 16;
	ck_assert_uint_eq(h->tcp->ext.DelayedACKs, timer_acks);
	ck_assert_uint_eq(tp->acks_sent, n);
	/* CPU 0 armed every timer (its softirq received every segment): all
	 * ACKs, 16 from NET_RX and 13 from the timer softirq, at 3 us each */
	ck_assert_int_eq(h->cpus[0].acct[ACCT_SOFTIRQ], (sim_time_t)n * 3 * SIM_US);
	ck_assert_int_eq(h->tcp->timer_cpus[0].desc.count, (int64_t)timer_acks);
	/* none on the reader's CPU, and no interrupt counted for the timer */
	ck_assert_int_eq(h->cpus[1].acct[ACCT_SOFTIRQ], 0);
	ck_assert_int_eq(h->cpus[1].acct[ACCT_APP], 0);
	ck_assert_uint_eq(h->cpus[0].nr_hardirqs, h->nics[0].rxqs[0].irq.desc.count);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcp_timer");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, delack_timer_ack_cost);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
