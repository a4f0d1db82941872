/* SPDX-License-Identifier: MIT */
/*
 * test_tcp_rr.c - request/response connections (pattern request_response):
 * one connection, no loss, every cost known, so that a transaction takes a
 * hand-computed time L and the rate is 1 / L, or 1 / (L + T) with a think
 * time T; the reply carries the ACK of its request.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/tcp.h"

/* A generic NIC interrupting at each frame, every host cost 0 but the
 * reader's per_packet (10 us, its service) and tcp_sendmsg (5 us, the
 * reply's segment); 200-byte requests, 100-byte replies, RTT 100 us. */
#define RR_KQ(kernel, req, extra) \
	"{ 'duration': '100ms', 'kernel': '" kernel "', 'host': { 'cpus': 2, 'costs': {" \
	"    'hardirq': '0ns', 'driver_rx': '0ns', 'refill': '0ns', 'ip_udp_rx': '0ns'," \
	"    'wakeup': '0ns', 'wakeup_latency': '0ns', 'context_switch': '0ns'," \
	"    'softirq_entry': '0ns', 'backlog_enqueue': '0ns', 'process_backlog': '0ns'," \
	"    'tcp_send_ack': '0ns', 'tcp_sendmsg': '5us' } }," \
	"  'nics': [{ 'name': 'eth0', 'speed': '10Gbps', 'queues': 1, 'dma_delay': '500ns'," \
	"             'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 }, 'irq_affinity': [0] }]," \
	"  'sockets': [{ 'name': 's', 'proto': 'tcp', 'port': 5001 }]," \
	"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'syscall': '0ns'," \
	"             'per_datagram': '0ns', 'copy_per_kib': '0ns', 'per_packet': '10us' }]," \
	"  'traffic': [{ 'name': 't', 'proto': 'tcp', 'dst_port': 5001, 'rtt': '100us'," \
	"                'pattern': 'request_response', 'request_size': " req "," \
	"                'response_size': 100" extra " }] }"
#define RR_K(kernel, extra) RR_KQ(kernel, "200", extra)
#define RR(extra) RR_K("6.18", extra)

/* One transaction, request written to reply whole at the client:
 *   the request's frame, 200 + 70 bytes with FCS, + 8 of preamble and SFD
 *   to its last bit at 10 Gbit/s: 278 * 0.8 ns            =   222.4 ns
 *   dma_delay (then the interrupt, NAPI, tcp_v4_rcv and the
 *   reader's wake-up: all free)                            =   500 ns
 *   the reader's service (per_packet)                      = 10000 ns
 *   the reply's send (one segment of tcp_sendmsg)          =  5000 ns
 *   the base RTT                                           = 100000 ns
 *   the reply's frame, 100 + 70 + 8 bytes: 178 * 0.8 ns    =   142.4 ns
 * L = 115864.8 ns. */
#define L_PS ((sim_time_t)115864800)

START_TEST(rate_is_one_over_latency)
{
	struct model *m = model_load(RR(""));
	struct tcp_host *th;
	struct tcp_sock *tp;

	model_start(m);
	model_until(m, 100 * SIM_MS);
	th = model_host(m)->tcp;
	tp = &th->conns[0];
	ck_assert_ptr_nonnull(th->rr_lat);
	ck_assert_int_eq(th->rr_lat->min, L_PS);
	ck_assert_int_eq(th->rr_lat->max, L_PS);
	/* back to back from t = 0: reply k whole at k L <= 100 ms:
	 * floor(100 ms / 115.8648 us) = 863, 8630/s against 1 / L = 8630.8/s */
	ck_assert_uint_eq(tp->snd.transactions, 863);
	ck_assert_uint_eq(th->rr_lat->count, 863);
	/* the first request finds quickack mode (16 ACKs to send at once):
	 * one pure ACK.  Its reply leaves 15 us later, within ato (40 ms):
	 * tcp_event_data_sent() counts one pingpong, and with the threshold of
	 * 1 the connection is interactive: no more quickacks, every later
	 * request's ACK waits and leaves with its reply, and no delayed-ACK
	 * timer ever fires (the count saturates at U8_MAX) */
	ck_assert_uint_eq(tp->pingpong, 255);
	ck_assert_uint_eq(tp->acks_sent, 1);
	ck_assert_uint_eq(th->ext.DelayedACKs, 0);
	/* the 864th request, written at 863 L = 99.9914 ms, is read at
	 * 99.9921 ms; its reply would leave 15 us later, after the end */
	ck_assert_uint_eq(tp->replies, 863);
	ck_assert(tp->rr_unanswered);
	/* 864 requests were written (the last waits for its reply), 200 bytes
	 * each, all read */
	ck_assert_uint_eq(tp->snd.bytes_sent, 864 * 200);
	ck_assert_uint_eq(tp->bytes_read, 864 * 200);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

START_TEST(pingpong_threshold_by_kernel)
{
	struct model *m = model_load(RR_K("5.10", ""));
	struct tcp_sock *tp;

	model_start(m);
	model_until(m, 10 * SIM_MS);
	tp = &model_host(m)->tcp->conns[0];
	/* 5.1 to 5.19 enter pingpong mode at 3 replies (4a41f453bedf, reverted
	 * in 6.0): requests 1, 2 and 3 are ACKed at once (quickack), the
	 * later ones with their replies */
	ck_assert_uint_ge(tp->replies, 4);
	ck_assert_uint_eq(tp->acks_sent, 3);
	ck_assert_uint_eq(model_host(m)->tcp->ext.DelayedACKs, 0);
	model_free(m);
}
END_TEST

START_TEST(think_time_adds_to_the_cycle)
{
	struct model *m = model_load(RR(", 'think_time': 'fixed(1ms)'"));
	struct tcp_host *th;

	model_start(m);
	model_until(m, 100 * SIM_MS);
	th = model_host(m)->tcp;
	/* the think time is outside the latency */
	ck_assert_int_eq(th->rr_lat->min, L_PS);
	ck_assert_int_eq(th->rr_lat->max, L_PS);
	/* reply k whole at k L + (k - 1) T <= 100 ms: k <= 101 ms / (L + T) =
	 * 101 / 1.1158648 = 90.5: 90, a rate of 1 / (L + T) = 896.2/s */
	ck_assert_uint_eq(th->rr_lat->count, 90);
	model_free(m);
}
END_TEST

START_TEST(request_size_law)
{
	/* request sizes uniform on 100..300 bytes */
	struct model *m = model_load(RR_KQ("6.18", "'uniform(100,300)'", ""));
	struct tcp_sock *tp;
	uint64_t requests;
	double mean;

	model_start(m);
	model_until(m, 100 * SIM_MS);
	tp = &model_host(m)->tcp->conns[0];
	requests = tp->snd.transactions + (tp->snd.req_out ? 1 : 0);
	ck_assert_uint_ge(requests, 800);
	/* everything written was sent, one request at a time */
	ck_assert_uint_eq(tp->snd.bytes_sent, tp->snd.app_limit);
	/* the mean of uniform(100,300) is 200, its standard deviation 58:
	 * over 800 requests or more the sample mean is within 2.1 bytes (one
	 * deviation) of it, 10 bytes is about 5 */
	mean = (double)tp->snd.app_limit / (double)requests;
	ck_assert_msg(mean > 190 && mean < 210, "mean request %.1f bytes", mean);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcp_rr");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, rate_is_one_over_latency);
	tcase_add_test(tc, pingpong_threshold_by_kernel);
	tcase_add_test(tc, think_time_adds_to_the_cycle);
	tcase_add_test(tc, request_size_law);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
