/* SPDX-License-Identifier: MIT */
/*
 * test_multiqueue.c - a whole multi-queue host (scenarios/multiqueue.json:
 * 8 rx queues on 8 CPUs, RPS over all CPUs on every queue, two SO_REUSEPORT
 * groups of 4, an epoll reader, a port nobody listens on) runs, conserves
 * packets, and its per-queue and per-CPU counters add up the way the
 * kernel's do:
 *
 *   - every frame that arrives either is dropped at the NIC (ring or FIFO),
 *     is still before the ring (FIFO, DMA), or was written to the ring and
 *     counted in that queue's rx_packets (ethtool -S);
 *   - every packet that reaches __netif_receive_skb_core counts once in the
 *     softnet "processed" of the CPU doing the protocol work, and then is
 *     queued on a socket, dropped as NoPorts, or dropped on rcvbuf;
 *   - an IPI is received at most once per IPI sent, and at most one IPI per
 *     target CPU can be in flight (the NAPI SCHED bit in enqueue_to_backlog),
 *     so sum(ipis_sent) - ncpus <= sum(received_rps) <= sum(ipis_sent);
 *   - every picosecond of every CPU is accounted to exactly one context.
 *
 * SO_REUSEPORT spread and determinism use dedicated runs (see below).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mq_util.h"
#include "rxsim/backlog.h"
#include "rxsim/host.h"

static void check_counters(struct model *m)
{
	struct host *h = model_host(m);
	uint64_t rx = 0, polled = 0, in_stack = 0, steered = 0, filled = 0;
	uint64_t processed = 0, sock_enq = 0, rps = 0, ipis = 0, sd_dropped = 0;
	uint64_t tail = 0, head = 0, backlogged = 0, fl_count = 0, nic_drops = 0;
	int i, j, a;

	model_assert_conserved(m);
	ck_assert_int_eq(m->r.sim.now, m->sc.duration);

	/* NIC: arrived = NIC drops + before the ring + rx_packets */
	for (i = 0; i < h->nnics; i++) {
		const struct nic *nic = &h->nics[i];
		uint64_t before = 0, drops = 0, nic_rx = 0;

		for (j = 0; j < nic->nrxq; j++) {
			const struct rxq *q = &nic->rxqs[j];

			drops += q->ring_drops + q->fifo_drops;
			before += q->fifo.len + q->dma.len;
			nic_rx += q->rx_packets;
			/* written to the ring = still on it + taken by a poll */
			ck_assert_uint_eq(q->rx_packets, q->filled.len + q->polled);
		}
		ck_assert_uint_eq(nic->link.arrived, drops + before + nic_rx);
		rx += nic_rx;
		nic_drops += drops;
	}
	ck_assert_uint_eq(h->drops[DROP_NIC_RING] + h->drops[DROP_NIC_FIFO], nic_drops);
	for (i = 0; i < h->nrxq; i++) {
		polled += h->rxqs[i]->polled;
		in_stack += rxq_in_stack(h->rxqs[i]);
		steered += h->rxqs[i]->steered;
		filled += h->rxqs[i]->filled.len;
	}
	ck_assert_uint_eq(rx, filled + polled);
	/* RPS on every queue: each polled packet with a non-zero hash is steered
	 * (a Toeplitz hash of 0 has probability 2^-32 per flow: none here) */
	ck_assert_uint_eq(polled, steered + in_stack);

	for (i = 0; i < h->ncpus; i++) {
		const struct softnet_data *sd = &h->cpus[i].sd;
		sim_time_t sum = 0;

		processed += sd->processed;
		rps += sd->received_rps;
		ipis += sd->ipis_sent;
		sd_dropped += sd->dropped;
		fl_count += sd->flow_limit_count;
		tail += sd->input_queue_tail;
		head += sd->input_queue_head;
		backlogged += backlog_queued(sd);
		for (a = 0; a < ACCT__N; a++)
			sum += h->cpus[i].acct[a];
		ck_assert_msg(sum == m->sc.duration, "cpu %d: %lld ps accounted of %lld", i,
			      (long long)sum, (long long)m->sc.duration);
	}
	for (i = 0; i < h->nsocks; i++)
		sock_enq += h->socks[i].enqueued;

	/* UDP layer */
	ck_assert_uint_eq(processed, h->proto_rcvd);
	ck_assert_uint_eq(processed, sock_enq + h->drops[DROP_NO_SOCKET] +
					     h->drops[DROP_SOCKET_RCVBUFF]);
	ck_assert_uint_eq(h->udp.NoPorts, h->drops[DROP_NO_SOCKET]);
	ck_assert_uint_eq(h->udp.RcvbufErrors, h->drops[DROP_SOCKET_RCVBUFF]);

	/* backlogs: softnet dropped sums to the CPU_BACKLOG drop reason; every
	 * steered packet was enqueued (tail) or dropped; the heads trail the
	 * tails by what is still queued (plus what a running poll has taken but
	 * not yet added to the head) */
	ck_assert_uint_eq(sd_dropped, h->drops[DROP_CPU_BACKLOG]);
	ck_assert_uint_le(fl_count, sd_dropped);
	ck_assert_uint_eq(tail, steered - sd_dropped);
	ck_assert_uint_ge(tail - head, backlogged);
	ck_assert_uint_eq(polled, in_stack + backlogged + sd_dropped + processed);

	/* IPIs */
	ck_assert_uint_le(rps, ipis);
	ck_assert_uint_le(ipis - rps, (uint64_t)h->ncpus);
	ck_assert_uint_gt(rps, 0);
}

START_TEST(multiqueue_scenario_counters_add_up)
{
	struct model *m = model_load_file("scenarios/multiqueue.json", NULL, 0);
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_int_eq(h->ncpus, 8);
	ck_assert_int_eq(h->nrxq, 8);
	ck_assert_uint_gt(h->offered, 0);
	check_counters(m);
	/* the "stray" source sends to a port nobody binds */
	ck_assert_uint_gt(h->drops[DROP_NO_SOCKET], 0);
	/* every queue took traffic (5000 + 5000 flows over 8 queues) */
	for (int i = 0; i < h->nrxq; i++)
		ck_assert_uint_gt(h->rxqs[i]->rx_packets, 0);
	model_free(m);
}
END_TEST

START_TEST(overloaded_backlogs_counters_add_up)
{
	/*
	 * The same checks on a host that drops in every place: one rx queue on
	 * CPU 0 with a small ring, RPS to CPUs 1-3 with netdev_max_backlog 16
	 * and the flow limit on, slow protocol work, a small socket buffer, and
	 * 2 Mpps offered.
	 */
	struct model *m = model_load(
		"{ 'seed': 5, 'duration': '5ms',"
		"  'host': { 'cpus': 4, 'sysctl': { 'net.core.netdev_max_backlog': 16,"
		"             'net.core.flow_limit_cpu_bitmap': '0' },"
		"            'costs': { 'ip_udp_rx': '2us' } },"
		"  'nics': [ { 'name': 'eth0', 'driver': 'mlx5', 'queues': 1, 'rx_ring': 64,"
		"              'irq_affinity': [0], 'rps_cpus': '1-3' } ],"
		"  'sockets': [ { 'name': 's', 'port': 9000, 'rcvbuf': 16384 } ],"
		"  'apps': [ { 'name': 'r', 'socket': 's', 'cpu': 3 } ],"
		"  'traffic': [ { 'name': 'a', 'flows': 3, 'dst_port': 9000, 'rate': '1.5Mpps' },"
		"               { 'name': 'b', 'flows': 50, 'dst_port': 9001, 'rate': '500kpps' } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	check_counters(m);
	ck_assert_uint_gt(h->drops[DROP_CPU_BACKLOG], 0);
	ck_assert_uint_gt(h->drops[DROP_SOCKET_RCVBUFF], 0);
	model_free(m);
}
END_TEST

/*
 * SO_REUSEPORT: 8 sockets in one group, 8 readers; F = 4000 flows of equal
 * weight.  The group member of a flow is a hash of its 4-tuple scaled to
 * the group size, so the number of flows a member gets is Binomial(F, 1/8)
 * (standard deviation sqrt(F p (1-p)) = sqrt(4000 * 0.125 * 0.875) = 20.9
 * flows, 0.52 % of F), and with every flow sending the same number of
 * packets (flows are used in turn: 10 packets each) a member's share of
 * packets follows its share of flows.  Allowing also for a packet-level
 * term (a Binomial(P, 1/8), P ~ 40000 packets: 0.17 %), each share must lie within 5 standard deviations of
 * 1/8: |share - 0.125| <= 5 * sqrt(0.125 * 0.875 * (1/F + 1/P)).
 * No member may be empty, and the selections add up to what the UDP layer
 * received for the port.
 */
START_TEST(reuseport_spreads_flows_over_the_group)
{
	struct model *m = model_load(
		"{ 'seed': 11, 'duration': '20ms', 'host': { 'cpus': 8 },"
		"  'nics': [ { 'name': 'eth0', 'driver': 'mlx5', 'queues': 8, 'rps_cpus': '0-7' } ],"
		"  'sockets': [ { 'name': 's0', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's1', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's2', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's3', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's4', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's5', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's6', 'port': 7000, 'reuseport': true },"
		"    { 'name': 's7', 'port': 7000, 'reuseport': true } ],"
		"  'apps': [ { 'name': 'r0', 'socket': 's0', 'cpu': 0, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r1', 'socket': 's1', 'cpu': 1, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r2', 'socket': 's2', 'cpu': 2, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r3', 'socket': 's3', 'cpu': 3, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r4', 'socket': 's4', 'cpu': 4, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r5', 'socket': 's5', 'cpu': 5, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r6', 'socket': 's6', 'cpu': 6, 'mode': 'recvmmsg', 'batch': 16 },"
		"    { 'name': 'r7', 'socket': 's7', 'cpu': 7, 'mode': 'recvmmsg', 'batch': 16 } ],"
		"  'traffic': [ { 'name': 't', 'flows': 4000, 'dst_port': 7000, 'rate': '2Mpps',"
		"                 'arrival': 'constant', 'size': 128 } ] }");
	struct host *h;
	uint64_t total = 0;
	double band;
	int i;

	model_run(m);
	h = model_host(m);
	check_counters(m);
	ck_assert_int_eq(h->nsocks, 8);
	for (i = 0; i < 8; i++)
		total += h->socks[i].reuse_count;
	/* nothing dropped before the UDP layer at this load; 2 Mpps for 20 ms
	 * offers 40000, a few of which are still on their way at the end */
	ck_assert_uint_eq(total, h->proto_rcvd);
	ck_assert_uint_eq(h->offered, 40000);
	ck_assert_uint_ge(total, 39000);
	band = 5.0 * sqrt(0.125 * 0.875 * (1.0 / 4000 + 1.0 / (double)total));
	for (i = 0; i < 8; i++) {
		double share = (double)h->socks[i].reuse_count / (double)total;

		ck_assert_msg(fabs(share - 0.125) <= band,
			      "socket %d: share %.4f outside 0.125 +- %.4f (%u of %llu)", i, share,
			      band, h->socks[i].reuse_count, (unsigned long long)total);
	}
	model_free(m);
}
END_TEST

/*
 * Which rx queue a socket busy-polls (sk_napi_id, rxsim's last_rxq) is learnt
 * from received datagrams in __udp_queue_rcv_skb() (net/ipv4/udp.c), before
 * the admission test: a connected socket (inet_daddr set) takes the NAPI id
 * of every datagram (sk_mark_napi_id); an unconnected one only of the first
 * (sk_mark_napi_id_once).  Datagrams from queue 1,
 * then queue 0: unconnected stays on 1, connected moves to 0.
 *
 */
START_TEST(socket_learns_its_napi_queue)
{
	struct model *m = model_load("{ 'host': { 'cpus': 2 }, 'nics': [ { 'name': 'eth0',"
				     " 'queues': 2 } ], 'sockets': [ { 'name': 'u', 'port': 9000 },"
				     " { 'name': 'c', 'port': 9001, 'connected': true } ] }");
	struct host *h;
	struct packet *p;
	int s, i;

	model_start(m);
	h = model_host(m);
	for (s = 0; s < 2; s++) {
		ck_assert_int_eq(h->socks[s].last_rxq, -1);
		for (i = 1; i >= 0; i--) {
			p = mq_pkt(m, 0x1000u + (uint32_t)i);
			p->rxq = (uint16_t)i;
			p->tuple.dport = (uint16_t)h->socks[s].cfg->port;
			ck_assert(udp_enqueue(h, &h->socks[s], p));
		}
	}
	ck_assert_int_eq(h->socks[1].last_rxq, 0);	/* connected: the last */
	ck_assert_int_eq(h->socks[0].last_rxq, 1);	/* unconnected: the first */
	model_free(m);
}
END_TEST

/* The summary without wall-clock values, as one string. */
static char *summary_text(struct model *m)
{
	cJSON *s = rxsim_summary(&m->r, false);
	char *txt;

	ck_assert_ptr_nonnull(s);
	txt = cJSON_PrintUnformatted(s);
	cJSON_Delete(s);
	ck_assert_ptr_nonnull(txt);
	return txt;
}

START_TEST(two_runs_give_identical_summaries)
{
	/* 10000 flows over 8 queues and 8 CPUs with RPS, reuseport and epoll:
	 * the summary is a pure function of scenario and seed. */
	static const char *const sets[] = { "seed=3" };
	struct model *a = model_load_file("scenarios/multiqueue.json", NULL, 0);
	struct model *b = model_load_file("scenarios/multiqueue.json", NULL, 0);
	struct model *c = model_load_file("scenarios/multiqueue.json", sets, 1);
	char *ta, *tb, *tc;

	model_run(a);
	ta = summary_text(a);
	model_free(a);
	model_run(b);
	tb = summary_text(b);
	model_free(b);
	ck_assert_uint_gt(strlen(ta), 1000);
	ck_assert_str_eq(ta, tb);
	/* not vacuous: another seed gives another summary */
	model_run(c);
	tc = summary_text(c);
	model_free(c);
	ck_assert_str_ne(ta, tc);
	cJSON_free(ta);
	cJSON_free(tb);
	cJSON_free(tc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("multiqueue");
	TCase *tc_cnt = tcase_create("counters");
	TCase *tc_reuse = tcase_create("sockets");
	TCase *tc_det = tcase_create("determinism");
	SRunner *sr;
	int failed;

	tcase_add_test(tc_cnt, multiqueue_scenario_counters_add_up);
	tcase_add_test(tc_cnt, overloaded_backlogs_counters_add_up);
	tcase_set_timeout(tc_cnt, 60);
	suite_add_tcase(s, tc_cnt);

	tcase_add_test(tc_reuse, reuseport_spreads_flows_over_the_group);
	tcase_add_test(tc_reuse, socket_learns_its_napi_queue);
	tcase_set_timeout(tc_reuse, 60);
	suite_add_tcase(s, tc_reuse);

	tcase_add_test(tc_det, two_runs_give_identical_summaries);
	tcase_set_timeout(tc_det, 120);
	suite_add_tcase(s, tc_det);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
