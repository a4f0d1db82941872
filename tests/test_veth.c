/* SPDX-License-Identifier: MIT */
/*
 * test_veth.c - virtual devices and local senders (models/dev_virtual.c,
 * models/local_send.c) against net/core/dev.c and drivers/net/veth.c:
 *
 *   veth_xmit -> __netif_rx -> netif_rx_internal: without RPS the skb goes
 *   to the backlog of the CPU running the transmit, with rps_cpus to
 *   get_rps_cpu()'s CPU; enqueue_to_backlog accepts while qlen <=
 *   netdev_max_backlog (`qlen > max_backlog` drops), so a burst of B
 *   transmits with no softirq in between leaves min(B, max + 1) queued,
 *   0 included (the kernel accepts netdev_max_backlog = 0: one packet).
 *   A refused skb counts in the device's rx_dropped and the target CPU's
 *   softnet dropped.  The NET_RX raised by the enqueue runs at the
 *   local_bh_enable that ends __dev_queue_xmit, on the sending CPU.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/af_packet.h"
#include "rxsim/gro.h"
#include "rxsim/ip_frag.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/softirq.h"
#include "rxsim/xdp.h"
#include "rxsim/vdev.h"
#include "test_util.h"

/* @cpus CPUs, one veth (rps_cpus @rps, "" for none), one sender on CPU 0
 * whose own burst waits until 1s (the tests drive its transmit by hand). */
static struct model *veth_host(int cpus, int max_backlog, const char *rps)
{
	struct model *m = model_load(
		"{ 'duration': '2s', 'host': { 'cpus': %d, 'sysctl': {"
		" 'net.core.netdev_max_backlog': %d } },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0', 'netns': 'c0', 'rps_cpus': '%s' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 0, 'dst_port': 9, 'burst': 1,"
		"   'start': '1s' } ] }",
		cpus, max_backlog, rps);

	model_start(m);
	return m;
}

/* B transmits back to back (one BH-disabled section: nothing runs between) */
static void check_burst(int max, int burst, const char *rps, int target)
{
	struct model *m = veth_host(4, max, rps);
	struct host *h = model_host(m);
	struct softnet_data *sd = &model_cpu(m, target)->sd;
	int i, want = burst < max + 1 ? burst : max + 1;

	for (i = 0; i < burst; i++)
		local_send_datagram(h, model_cpu(m, 0), &h->senders[0], 64);
	ck_assert_uint_eq(sd->input_pkt_queue.len, (unsigned)want);
	ck_assert_uint_eq(sd->dropped, (unsigned)(burst - want));
	ck_assert_uint_eq(h->drops[DROP_CPU_BACKLOG], (unsigned)(burst - want));
	ck_assert_uint_eq(h->vdevs[0].rx_dropped, (unsigned)(burst - want));
	ck_assert_uint_eq(h->vdevs[0].rx_packets, (unsigned)burst);
	ck_assert_uint_eq(h->senders[0].datagrams, (unsigned)burst);
	ck_assert_uint_eq(h->offered, (unsigned)burst);
	ck_assert_uint_eq(h->local_offered, (unsigned)burst);
	model_assert_conserved(m);
	model_free(m);
}

START_TEST(burst_accepted_is_min_of_burst_and_max_plus_one)
{
	check_burst(1000, 5, "", 0);	/* 5 < 1001 */
	check_burst(1000, 2000, "", 0);	/* 1001 of 2000 */
	check_burst(10, 11, "", 0);	/* exactly max + 1: all */
	check_burst(10, 12, "", 0);	/* one too many */
	check_burst(1, 3, "", 0);
}
END_TEST

START_TEST(max_backlog_zero_accepts_one)
{
	/* qlen 0 > 0 is false: the first is accepted; then 1 > 0 drops */
	check_burst(0, 1, "", 0);
	check_burst(0, 5, "", 0);
	check_burst(0, 5, "2", 2);
}
END_TEST

START_TEST(rps_on_the_device_picks_the_backlog)
{
	/* rps_cpus a single CPU: get_rps_cpu can only return it */
	check_burst(1000, 20, "3", 3);
	check_burst(4, 20, "1", 1);
}
END_TEST

/* A sender at a low rate, no RPS: each datagram is enqueued on the
 * sender's CPU and delivered by the NET_RX run at local_bh_enable, there. */
START_TEST(softirq_runs_on_the_sending_cpu)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 3 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 1, 'dst_port': 9000,"
		"   'rate': '10kpps', 'arrival': 'constant' } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000 } ],"
		" 'apps': [ { 'socket': 's', 'cpu': 2 } ] }");
	struct host *h;
	uint64_t n;

	model_run(m);
	h = model_host(m);
	n = h->senders[0].datagrams;
	/* 10 kpps constant from 0 over 10ms: one every 100us, 100 of them (the
	 * one due at 10ms may or may not be sent before the end) */
	ck_assert_uint_ge(n, 99);
	ck_assert_uint_le(n, 101);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.processed, n);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.episodes_bh_enable, n);
	ck_assert_uint_eq(model_cpu(m, 0)->sd.processed, 0);
	ck_assert_uint_eq(model_cpu(m, 2)->sd.processed, 0);
	ck_assert_uint_eq(h->drops[DROP_CPU_BACKLOG], 0);
	/* no IPI: the backlog is the sender's own */
	ck_assert_uint_eq(model_cpu(m, 1)->sd.ipis_sent, 0);
	ck_assert_uint_ge(h->delivered + 1, n);
	model_free(m);
}
END_TEST

/* sendmmsg batches: one syscall per `batch` datagrams of a burst */
START_TEST(sendmmsg_batches_the_burst)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'lo', 'type': 'lo' } ],"
		" 'senders': [ { 'device': 'lo', 'cpu': 1, 'dst_port': 9000,"
		"   'burst': 100, 'batch': 32 } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	/* 100 = 32 + 32 + 32 + 4 */
	ck_assert_uint_eq(h->senders[0].datagrams, 100);
	ck_assert_uint_eq(h->senders[0].syscalls, 4);
	/* nobody listens on 9000: NoPorts for each, all processed on CPU 1 */
	ck_assert_uint_eq(h->udp.NoPorts, 100);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.processed, 100);
	model_free(m);
}
END_TEST

/* burst_every: the burst again at start + k * every while not after stop.
 * Bursts of 100 at 2, 12, 22 and 32 ms (42 > stop 35): 400 datagrams, 4
 * sendmmsg calls of 100 each.  A burst takes 0.4 + 100 * 1.5 us of sender
 * time (the default syscall and per_datagram costs) plus its softirqs: far
 * less than 10 ms, so at 11.9 ms exactly the first burst has been sent. */
START_TEST(burst_every_repeats_the_burst_until_stop)
{
	struct model *m = model_load(
		"{ 'duration': '50ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'lo', 'type': 'lo' } ],"
		" 'senders': [ { 'device': 'lo', 'cpu': 1, 'dst_port': 9000, 'burst': 100,"
		"   'batch': 100, 'burst_every': '10ms', 'start': '2ms', 'stop': '35ms' } ] }");
	struct host *h;

	model_start(m);
	h = model_host(m);
	model_until(m, 1999 * SIM_US);
	ck_assert_uint_eq(h->senders[0].datagrams, 0);
	model_until(m, 11900 * SIM_US);
	ck_assert_uint_eq(h->senders[0].datagrams, 100);
	model_until(m, 50 * SIM_MS);
	ck_assert_uint_eq(h->senders[0].datagrams, 400);
	ck_assert_uint_eq(h->senders[0].syscalls, 4);
	ck_assert_uint_eq(h->udp.NoPorts, 400);
	model_free(m);
}
END_TEST

START_TEST(bad_device_references_are_errors)
{
	struct scenario sc;
	struct rxsim_err err;
	const char *txt =
		"{ \"nics\": [ { \"name\": \"eth0\" } ],"
		" \"senders\": [ { \"device\": \"veth9\", \"dst_port\": 9, \"burst\": 1 } ] }";

	memset(&sc, 0, sizeof(sc));
	ck_assert_int_eq(scenario_load_buffer_with("t.json", txt, strlen(txt), NULL, 0, NULL, &sc, &err),
			 RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, "/senders/0/device") != NULL, "%s", err.msg);
	scenario_free(&sc);
}
END_TEST

/* --- NAPI mode (models/veth_napi.c) ------------------------------------ */

/* Two CPUs, veth0 with @dev_keys, one sender on CPU 0 (its own burst waits
 * until 1s: the tests transmit by hand), optionally a socket on port 9. */
static struct model *napi_host(const char *dev_keys, const char *sock)
{
	struct model *m = model_load(
		"{ 'duration': '2s', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [1] } ],"
		" 'devices': [ { 'name': 'veth0', 'netns': 'c0' %s } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 0, 'dst_port': 9, 'burst': 1,"
		"   'start': '1s', 'payload': 1000 } ] %s }",
		dev_keys, sock);

	model_start(m);
	return m;
}

/* @n transmits on CPU 0 in one BH-disabled section: nothing polls between */
static void send_n(struct model *m, int n)
{
	struct host *h = model_host(m);
	int i;

	for (i = 0; i < n; i++)
		local_send_datagram(h, model_cpu(m, 0), &h->senders[0], 1000);
}

/* The NET_RX those transmits raised, run by ksoftirqd of CPU 0 (the
 * local_bh_enable of a real transmit would run it inline, the same poll). */
static void run_net_rx(struct model *m, sim_time_t until)
{
	softirq_wakeup_ksoftirqd(model_host(m), model_cpu(m, 0));
	model_until(m, until);
}

/*
 * veth_xdp_rx() into a ptr_ring of VETH_RING_SIZE = 256: of 300 transmits
 * with no poll in between 256 are queued and 44 dropped (priv->dropped of
 * the sending end).  __veth_xdp_flush() schedules the NAPI once: the first
 * sets rx_notify_masked, the 299 others see it set.  ksoftirqd's
 * net_rx_action then polls with weight 64: 64, 64, 64, 64 (full: repolled)
 * and a fifth that finds the ring empty and completes (veth_poll: done 0 <
 * budget, napi_complete_done, rx_notify_masked cleared, ring empty: no
 * reschedule).  Nobody listens on port 9: 256 NoPorts.  A second burst of
 * 300 finds the ring empty again: accepted = 256 + the 256 the polls took.
 */
START_TEST(napi_ring_of_256_drops_the_rest)
{
	struct model *m = napi_host(", 'xdp': true", "");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];

	ck_assert_ptr_nonnull(d->rq);
	ck_assert(d->rq->use_napi);
	send_n(m, 300);
	ck_assert_uint_eq(d->rq->xdp_ring.len, VETH_RING_SIZE);
	ck_assert_uint_eq(d->rq->peer_tx_dropped, 300 - VETH_RING_SIZE);
	ck_assert_uint_eq(h->drops[DROP_VETH_RING], 300 - VETH_RING_SIZE);
	ck_assert_uint_eq(d->rq->schedules, 1);
	ck_assert(d->rq->rx_notify_masked);
	ck_assert(d->rxq.napi.state & NAPIF_STATE_SCHED);
	ck_assert_int_eq(d->rxq.napi.cpu, 0);
	ck_assert(model_cpu(m, 0)->sd.softirq_pending & NET_RXF);
	/* nothing on the backlog: the NAPI path replaces __netif_rx */
	ck_assert_uint_eq(model_cpu(m, 0)->sd.input_pkt_queue.len, 0);
	ck_assert_uint_eq(d->rx_packets, 0);
	ck_assert_uint_eq(h->local_offered, 300);
	model_assert_conserved(m);

	run_net_rx(m, 10 * SIM_MS);
	ck_assert_uint_eq(d->rq->xdp_ring.len, 0);
	ck_assert_uint_eq(d->rxq.napi.polls, 5);
	ck_assert_uint_eq(d->rxq.napi.polls_full, 4);
	ck_assert_uint_eq(d->rq->xdp_packets, VETH_RING_SIZE);
	/* skb->len: 1000 + 8 + 20 */
	ck_assert_uint_eq(d->rq->xdp_bytes, VETH_RING_SIZE * 1028u);
	ck_assert_uint_eq(d->rx_packets, VETH_RING_SIZE);
	ck_assert_uint_eq(d->rq->verdict[XDP_PASS], VETH_RING_SIZE);
	ck_assert(!d->rq->rx_notify_masked);
	ck_assert_uint_eq(d->rxq.napi.state & NAPIF_STATE_SCHED, 0);
	ck_assert_uint_eq(h->udp.NoPorts, VETH_RING_SIZE);

	send_n(m, 300);
	ck_assert_uint_eq(d->rq->xdp_ring.len, VETH_RING_SIZE);
	ck_assert_uint_eq(d->rq->peer_tx_dropped, 2 * (300 - VETH_RING_SIZE));
	ck_assert_uint_eq(d->rq->schedules, 2);
	run_net_rx(m, 20 * SIM_MS);
	ck_assert_uint_eq(h->udp.NoPorts, 2 * VETH_RING_SIZE);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * __veth_xdp_flush(): a transmit from CPU 1 while the NAPI is scheduled on
 * CPU 0 (rx_notify_masked) only queues: CPU 1 raises no NET_RX, and CPU 0's
 * one poll takes the 5 + 5 skbs (10 < weight 64: it completes).
 */
START_TEST(napi_masked_transmit_leaves_the_poll_to_the_first_cpu)
{
	struct model *m = napi_host(", 'xdp': true", "");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];
	int i;

	send_n(m, 5);
	for (i = 0; i < 5; i++)
		local_send_datagram(h, model_cpu(m, 1), &h->senders[0], 1000);
	ck_assert_uint_eq(d->rq->xdp_ring.len, 10);
	ck_assert_uint_eq(d->rq->schedules, 1);
	ck_assert_int_eq(d->rxq.napi.cpu, 0);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.softirq_pending & NET_RXF, 0);
	run_net_rx(m, 10 * SIM_MS);
	ck_assert_uint_eq(d->rxq.napi.polls, 1);
	ck_assert_uint_eq(d->rq->xdp_packets, 10);
	ck_assert_uint_eq(h->udp.NoPorts, 10);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.net_rx_softirqs, 0);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * GRO on with rx-udp-gro-forwarding (a local UDP skb is eligible) and a
 * UDP_GRO socket: 32 equal datagrams of one flow in one poll (32 < weight
 * 64): udp_gro_receive_segment holds the first and merges the 31 others
 * (under UDP_GRO_CNT_MAX 64 and 64 KiB: 1028 + 31 * 1000); the poll's
 * napi_complete_done flushes the one skb.  The socket gets 1 skb.
 */
START_TEST(napi_gro_merges_a_flow)
{
	struct model *m = napi_host(", 'gro': true, 'gro_udp_fwd': true",
				    ", 'sockets': [ { 'name': 's', 'port': 9, 'udp_gro': true,"
				    " 'rcvbuf': '4MB' } ]");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];
	const struct napi_gro *g;

	send_n(m, 32);
	ck_assert_uint_eq(d->rq->xdp_ring.len, 32);
	run_net_rx(m, 10 * SIM_MS);
	g = d->rxq.gro;
	ck_assert(g->on);
	ck_assert_uint_eq(d->rxq.napi.polls, 1);
	ck_assert_uint_eq(g->held, 1);
	ck_assert_uint_eq(g->merged, 31);
	ck_assert_uint_eq(g->complete, 1);
	ck_assert_uint_eq(h->socks[0].enqueued, 1);
	ck_assert_uint_eq(h->proto_rcvd, 1);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * GRO alone: the sending end keeps TSO, so veth_skb_is_eligible_for_gro()
 * refuses a local UDP skb unless the receiver has rx-gro-list or
 * rx-udp-gro-forwarding: the skbs take __netif_rx to CPU 0's backlog (the
 * NAPI exists but is never scheduled).
 */
START_TEST(napi_gro_alone_leaves_local_udp_on_the_backlog)
{
	struct model *m = napi_host(", 'gro': true", "");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];

	ck_assert_ptr_nonnull(d->rq);
	ck_assert(!d->rq->use_napi);
	send_n(m, 10);
	ck_assert_uint_eq(d->rq->xdp_ring.len, 0);
	ck_assert_uint_eq(d->rq->schedules, 0);
	ck_assert_uint_eq(model_cpu(m, 0)->sd.input_pkt_queue.len, 10);
	ck_assert_uint_eq(d->rx_packets, 10);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * XDP_DROP on a quarter of the skbs (the fraction rule takes packet k when
 * floor(k / 4) grows: exactly 25 of 100): veth_xdp_rcv_skb frees them and
 * counts xdp_drops; xdp_packets counts all 100 consumed; 75 reach UDP.
 */
START_TEST(napi_xdp_drop_counts)
{
	struct model *m = napi_host(", 'xdp': true, 'xdp_rules': [ { 'action': 'drop',"
				    " 'dst_port': '9', 'fraction': '0.25' } ]", "");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];

	send_n(m, 100);
	run_net_rx(m, 10 * SIM_MS);
	ck_assert_uint_eq(d->rq->xdp_packets, 100);
	ck_assert_uint_eq(d->rq->xdp_drops, 25);
	ck_assert_uint_eq(d->rq->verdict[XDP_DROP], 25);
	ck_assert_uint_eq(d->rq->verdict[XDP_PASS], 75);
	ck_assert_uint_eq(h->udp.NoPorts, 75);
	/* 100 < 2 * 64: one full poll and one that completes */
	ck_assert_uint_eq(d->rxq.napi.polls, 2);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * A sender at a low rate on 6.8: each transmit schedules the NAPI and its
 * own local_bh_enable runs NET_RX at once, on the sender's CPU, which finds
 * one skb: as many polls as datagrams, every poll completes (1 < 64), and
 * GRO, which only merges within a poll, merges nothing.  With rps_cpus 2
 * on the veth every skb leaving GRO is steered to CPU 2's backlog.
 */
START_TEST(napi_polls_at_the_senders_bh_enable)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'kernel': '6.8', 'host': { 'cpus': 3 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0', 'gro': true, 'gro_udp_fwd': true,"
		"   'rps_cpus': '2' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 1, 'dst_port': 9000,"
		"   'rate': '10kpps', 'arrival': 'constant' } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000, 'udp_gro': true } ],"
		" 'apps': [ { 'socket': 's', 'cpu': 0 } ] }");
	struct host *h;
	struct vdev *d;
	uint64_t n;

	model_run(m);
	h = model_host(m);
	d = &h->vdevs[0];
	n = h->senders[0].datagrams;
	/* 10 kpps constant over 10ms: 100, give or take the one due at 10ms */
	ck_assert_uint_ge(n, 99);
	ck_assert_uint_le(n, 101);
	ck_assert_uint_eq(d->rq->schedules, n);
	ck_assert_uint_eq(d->rxq.napi.polls, n);
	ck_assert_uint_eq(d->rxq.napi.polls_full, 0);
	ck_assert_uint_eq(d->rq->xdp_packets, n);
	ck_assert_uint_eq(d->rxq.gro->merged, 0);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.episodes_bh_enable, n);
	ck_assert_uint_eq(d->rxq.steered, n);
	ck_assert_uint_eq(model_cpu(m, 2)->sd.processed, n);
	ck_assert_uint_eq(h->drops[DROP_VETH_RING], 0);
	model_free(m);
}
END_TEST

/*
 * Threaded NAPI on a veth (/sys/class/net/IF/threaded): ____napi_schedule()
 * sets SCHED_THREADED and wakes the kthread; no NET_RX is raised.  300
 * transmits with no poll between: 256 queued, 44 dropped, one schedule.
 * napi_threaded_poll_loop() then polls with the weight: 64, 64, 64, 64
 * (each asks for a repoll) and a fifth finding the ring empty completes:
 * 5 rounds, 256 NoPorts, and no softirq time anywhere.
 */
START_TEST(napi_threaded_kthread_takes_the_poll)
{
	struct model *m = napi_host(", 'xdp': true, 'threaded': true", "");
	struct host *h = model_host(m);
	struct vdev *d = &h->vdevs[0];
	int i;

	ck_assert_ptr_nonnull(d->rxq.napi.thread);
	ck_assert(host_has_napi_threads(h));
	send_n(m, 300);
	ck_assert_uint_eq(d->rq->peer_tx_dropped, 300 - VETH_RING_SIZE);
	ck_assert_uint_eq(d->rq->schedules, 1);
	ck_assert(d->rxq.napi.state & NAPIF_STATE_SCHED_THREADED);
	ck_assert_uint_eq(model_cpu(m, 0)->sd.softirq_pending & NET_RXF, 0);
	model_until(m, 10 * SIM_MS);
	ck_assert_uint_eq(d->rq->xdp_ring.len, 0);
	ck_assert_uint_eq(d->rxq.napi.thread->rounds, 5);
	ck_assert_uint_eq(d->rxq.napi.polls, 5);
	ck_assert_uint_eq(d->rxq.napi.polls_full, 4);
	ck_assert_uint_eq(h->udp.NoPorts, VETH_RING_SIZE);
	for (i = 0; i < 2; i++) {
		cpu_account(model_cpu(m, i));
		ck_assert_int_eq(model_cpu(m, i)->acct[ACCT_SOFTIRQ], 0);
		ck_assert_int_eq(model_cpu(m, i)->acct[ACCT_KSOFTIRQD], 0);
	}
	ck_assert_int_gt(model_cpu(m, 0)->acct[ACCT_NAPI] + model_cpu(m, 1)->acct[ACCT_NAPI], 0);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/*
 * One CPU, a sender with 300 datagrams in one sendmmsg.  In softirq mode
 * each transmit's local_bh_enable polls the ring: nothing is dropped.
 * Threaded, the kthread woken by the first transmit waits for the CPU: it
 * does not preempt the sender (vruntime lead 0.4 + 300 * 1.5 us = 450 us,
 * under the 1 ms wakeup granularity of one CPU; no tick preemption before
 * the 3 ms slice), so 256 fill the ring and 44 are the peer's tx_dropped.
 */
static uint64_t one_cpu_burst_drops(const char *threaded)
{
	struct model *m = model_load(
		"{ 'duration': '20ms', 'kernel': '6.1', 'host': { 'cpus': 1 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0', 'xdp': true, 'threaded': %s } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 0, 'dst_port': 9, 'burst': 300,"
		"   'batch': 300 } ] }", threaded);
	uint64_t drops;

	model_run(m);
	ck_assert_uint_eq(model_host(m)->senders[0].syscalls, 1);
	ck_assert_uint_eq(model_host(m)->senders[0].datagrams, 300);
	drops = model_host(m)->vdevs[0].rq->peer_tx_dropped;
	ck_assert_uint_eq(model_host(m)->udp.NoPorts, 300 - drops);
	model_free(m);
	return drops;
}

START_TEST(napi_threaded_waits_for_the_sender)
{
	ck_assert_uint_eq(one_cpu_burst_drops("false"), 0);
	ck_assert_uint_eq(one_cpu_burst_drops("true"), 300 - VETH_RING_SIZE);
}
END_TEST

/* Taps and local traffic: a tap on eth0 sees eth0's frames only (a veth
 * skb has no NIC rx queue), one on "any" the veth's too.  Constant 10 kpps
 * on eth0 and 100 kpps from the sender until 4 ms: 40 frames (a source
 * stops before its stop time) and 401 datagrams (a sender's stop is "no
 * datagram after": 0, 10, ..., 4000 us), all through the stack by 6 ms. */
static uint64_t tap_seen(const char *dev)
{
	struct model *m = model_load(
		"{ 'duration': '6ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 1, 'dst_port': 9000, 'rate': '100kpps',"
		"   'arrival': 'constant', 'stop': '4ms' } ],"
		" 'traffic': [ { 'rate': '10kpps', 'arrival': 'constant', 'dst_port': 9000,"
		"   'stop': '4ms' } ],"
		" 'taps': [ { 'dev': '%s' } ] }", dev);
	struct host *h;
	uint64_t seen;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->srcs[0].offered, 40);
	ck_assert_uint_eq(h->senders[0].datagrams, 401);
	seen = h->taps[0].seen;
	model_free(m);
	return seen;
}

START_TEST(taps_on_a_nic_see_no_local_traffic)
{
	ck_assert_uint_eq(tap_seen("eth0"), 40);
	ck_assert_uint_eq(tap_seen("any"), 441);
}
END_TEST

/* Off by default: no rq, the backlog path (the tests above the NAPI ones). */
START_TEST(napi_mode_off_by_default)
{
	struct model *m = napi_host("", "");

	ck_assert_ptr_null(model_host(m)->vdevs[0].rq);
	model_free(m);
}
END_TEST

static void expect_error(const char *txt, const char *path)
{
	struct scenario sc;
	struct rxsim_err err;

	memset(&sc, 0, sizeof(sc));
	ck_assert_int_eq(scenario_load_buffer_with("t.json", txt, strlen(txt), NULL, 0, NULL, &sc,
						   &err), RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	scenario_free(&sc);
}

START_TEST(napi_bad_keys_are_errors)
{
	expect_error("{ \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": [ { \"name\": \"lo\","
		     " \"type\": \"lo\", \"gro\": true } ] }", "/devices/0/gro");
	/* threaded_store(): no NAPI to thread without gro or xdp */
	expect_error("{ \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": [ { \"name\": \"v\","
		     " \"threaded\": true } ] }", "/devices/0/threaded");
	expect_error("{ \"kernel\": \"5.10\", \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": ["
		     " { \"name\": \"v\", \"xdp\": true, \"threaded\": true } ] }",
		     "/devices/0/threaded");
	expect_error("{ \"kernel\": \"5.10\", \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": ["
		     " { \"name\": \"v\", \"gro\": true } ] }", "/devices/0/gro");
	/* 4096 - 256 - 320 - 14 = 3506 */
	expect_error("{ \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": [ { \"name\": \"v\","
		     " \"xdp\": true, \"mtu\": 3507 } ] }", "/devices/0/mtu");
	expect_error("{ \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": [ { \"name\": \"v\","
		     " \"xdp\": true, \"xdp_rules\": [ { \"action\": \"tx\" } ] } ] }",
		     "/devices/0/xdp_rules/0/action");
	expect_error("{ \"nics\": [ { \"name\": \"eth0\" } ], \"devices\": [ { \"name\": \"v\","
		     " \"xdp\": true, \"xdp_rules\": [ { \"action\": \"drop\", \"dst_port\": \"x\" }"
		     " ] } ] }", "/devices/0/xdp_rules/0/dst_port");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("veth");
	TCase *tc = tcase_create("netif_rx");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, burst_accepted_is_min_of_burst_and_max_plus_one);
	tcase_add_test(tc, max_backlog_zero_accepts_one);
	tcase_add_test(tc, rps_on_the_device_picks_the_backlog);
	tcase_add_test(tc, softirq_runs_on_the_sending_cpu);
	tcase_add_test(tc, sendmmsg_batches_the_burst);
	tcase_add_test(tc, burst_every_repeats_the_burst_until_stop);
	tcase_add_test(tc, bad_device_references_are_errors);
	tcase_add_test(tc, napi_ring_of_256_drops_the_rest);
	tcase_add_test(tc, napi_masked_transmit_leaves_the_poll_to_the_first_cpu);
	tcase_add_test(tc, napi_gro_merges_a_flow);
	tcase_add_test(tc, napi_gro_alone_leaves_local_udp_on_the_backlog);
	tcase_add_test(tc, napi_xdp_drop_counts);
	tcase_add_test(tc, napi_polls_at_the_senders_bh_enable);
	tcase_add_test(tc, napi_threaded_kthread_takes_the_poll);
	tcase_add_test(tc, napi_threaded_waits_for_the_sender);
	tcase_add_test(tc, taps_on_a_nic_see_no_local_traffic);
	tcase_add_test(tc, napi_mode_off_by_default);
	tcase_add_test(tc, napi_bad_keys_are_errors);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
