/* SPDX-License-Identifier: MIT */
/*
 * test_latency.c - the latency of single packets through an idle
 * host, to the picosecond, from the configured costs.
 *
 * Every cost is a distinct power of two in nanoseconds, so a stage that is
 * charged twice, charged in the wrong place or forgotten shows up as a
 * difference that names it.  The expected values below are sums written by
 * hand from the sequence of the receive path (NIC, IRQ, NAPI, softirq, UDP):
 *
 *   wire      last bit at the NIC: (size + 8 preamble/SFD) * 8 bits at line rate
 *   dma       completion visible in host memory after dma_delay
 *   moderation  none (rx-usecs 0, rx-frames 1): the vector fires at once;
 *             eqe: rx-usecs after the first completion; itr: a minimum
 *             interval between interrupts, the first fires at once
 *   hardirq   the handler only schedules NAPI; irq_exit() runs NET_RX inline
 *   softirq_entry  fixed cost of net_rx_action
 *   driver_rx per packet taken off the ring (t_poll is taken before it)
 *   refill    the remainder of cleaned descriptors is posted at the end of
 *             the poll, BEFORE the GRO list is flushed (igb_clean_rx_irq
 *             posts it just before returning, then napi_complete_done
 *             flushes GRO; the simulator applies this to every profile)
 *   ip_udp_rx per packet handed to the stack; the socket enqueue ends it
 *   wakeup    sk_data_ready woke a blocked reader: paid by the waker, after
 *             the enqueue, so it delays only later packets of the same poll
 *   wakeup_latency  IPI + idle exit when the reader's CPU is idle (another CPU)
 *   context_switch  charged to the incoming task before it continues
 *   per_datagram + copy_per_kib * payload/1024  then the datagram is read
 *   remote_data  added to the read when the protocol work ran on another
 *             CPU (skb and data cold in the reader's cache)
 *
 * The reader blocked inside recvmsg before the packet came, so its syscall
 * entry is not on the path; per_packet comes after the read.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"

#define NS	SIM_NS
#define US	SIM_US

/* Frame of 1070 bytes: UDP payload 1070 - 46 (Ethernet 14 + FCS 4 + IPv4 20
 * + UDP 8) = 1024 bytes = exactly one KiB, so the copy costs copy_per_kib. */
#define SIZE		1070
/* 10 Gbit/s: 100 ps per bit; (1070 + 8) * 8 = 8624 bits. */
#define WIRE		(8624 * 100)
#define C_SOFTIRQ	(16 * NS)
#define C_DRIVER	(32 * NS)
#define C_REFILL	(64 * NS)
#define C_IPUDP		(128 * NS)
#define C_PERDGRAM	(256 * NS)
#define C_DMA		(512 * NS)
#define C_HARDIRQ	(1024 * NS)
#define C_CTXSW		(2048 * NS)
#define C_WAKELAT	(4096 * NS)
#define C_WAKEUP	(8192 * NS)
#define C_COPY		(8 * NS)	/* copy_per_kib * 1024 B / 1024 */
#define C_SYSCALL	(32768 * NS)
#define C_PERPKT	(65536 * NS)
#define C_REMOTE	(16384 * NS)

/*
 * One queue on CPU 0; the reader on @app_cpu; @coalesce is the JSON of the
 * coalesce object; @rate/@stop choose how many packets are sent from 1 ms.
 */
static struct model *lat_model(int app_cpu, const char *coalesce, const char *rate,
			       const char *stop)
{
	return model_load(
		"{ 'duration': '5ms', 'seed': 7, 'kernel': '6.18',"
		"  'host': { 'cpus': 2, 'costs': {"
		"     'hardirq': '1024ns', 'softirq_entry': '16ns', 'driver_rx': '32ns',"
		"     'refill': '64ns', 'ip_udp_rx': '128ns', 'wakeup': '8192ns',"
		"     'wakeup_latency': '4096ns', 'context_switch': '2048ns',"
		"     'remote_data': '16384ns' } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'driver': 'generic', 'speed': '10Gbps',"
		"     'rx_ring': 512, 'dma_delay': '512ns', 'irq_affinity': [0],"
		"     'coalesce': %s }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': %d, 'syscall': '32768ns',"
		"     'per_datagram': '256ns', 'copy_per_kib': '8ns', 'per_packet': '65536ns' }],"
		"  'traffic': [{ 'name': 't', 'dst_port': 9000, 'rate': '%s',"
		"     'arrival': 'constant', 'size': %d, 'start': '1ms', 'stop': '%s' }] }",
		coalesce, app_cpu, rate, SIZE, stop);
}

static void assert_stage(struct host *h, int stage, int64_t min, int64_t max)
{
	ck_assert_uint_eq(h->lat[stage].count, h->delivered);
	ck_assert_msg(h->lat[stage].min == min && h->lat[stage].max == max,
		      "stage %s: min %lld max %lld, expected min %lld max %lld", lat_names[stage],
		      (long long)h->lat[stage].min, (long long)h->lat[stage].max, (long long)min,
		      (long long)max);
}

static void assert_single(struct model *m, int64_t w2r, int64_t r2p, int64_t p2s, int64_t s2r)
{
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->offered, 1);
	ck_assert_uint_eq(h->delivered, 1);
	assert_stage(h, LAT_WIRE_TO_RING, w2r, w2r);
	assert_stage(h, LAT_RING_TO_POLL, r2p, r2p);
	assert_stage(h, LAT_POLL_TO_SOCK, p2s, p2s);
	assert_stage(h, LAT_SOCK_TO_READ, s2r, s2r);
	/* and the stages add up to the whole */
	assert_stage(h, LAT_E2E, w2r + r2p + p2s + s2r, w2r + r2p + p2s + s2r);
}

START_TEST(reader_on_other_cpu)
{
	/* Reader on CPU 1, idle and blocked in recvmsg since t = 0:
	 * sk_data_ready -> try_to_wake_up of an idle CPU (wakeup_latency), then
	 * the switch to the reader; the waker's own cost (wakeup) is paid on
	 * CPU 0 in parallel and must not appear; the read pays remote_data. */
	struct model *m = lat_model(1, "{ 'rx-usecs': 0, 'rx-frames': 1 }", "1kpps", "1.5ms");
	const int64_t w2r = WIRE + C_DMA;				/* 1374400 ps */
	const int64_t r2p = C_HARDIRQ + C_SOFTIRQ;			/* 1040 ns */
	const int64_t p2s = C_DRIVER + C_REFILL + C_IPUDP;		/* 224 ns */
	const int64_t s2r = C_WAKELAT + C_CTXSW + C_PERDGRAM + C_COPY + C_REMOTE; /* 22792 ns */

	model_run(m);
	/* 862.4 + 512 + 1040 + 224 + 22792 ns */
	ck_assert_int_eq(w2r + r2p + p2s + s2r, 25430400);
	assert_single(m, w2r, r2p, p2s, s2r);
	model_free(m);
}
END_TEST

START_TEST(reader_on_irq_cpu)
{
	/* Reader pinned to the IRQ CPU: the CPU is busy in softirq when the
	 * reader is woken, so there is no idle exit; the reader runs when the
	 * softirq episode ends, after the waker paid `wakeup` on that same CPU.
	 * The data is warm: no remote_data. */
	struct model *m = lat_model(0, "{ 'rx-usecs': 0, 'rx-frames': 1 }", "1kpps", "1.5ms");
	const int64_t w2r = WIRE + C_DMA;
	const int64_t r2p = C_HARDIRQ + C_SOFTIRQ;
	const int64_t p2s = C_DRIVER + C_REFILL + C_IPUDP;
	const int64_t s2r = C_WAKEUP + C_CTXSW + C_PERDGRAM + C_COPY;	/* 10504 ns */

	model_run(m);
	ck_assert_int_eq(w2r + r2p + p2s + s2r, 13142400);
	assert_single(m, w2r, r2p, p2s, s2r);
	model_free(m);
}
END_TEST

/* One packet as in reader_on_other_cpu, under the moderation @coalesce:
 * only RING_TO_POLL changes, by the interrupt's delay @irq_delay. */
static void single_moderated(const char *coalesce, int64_t irq_delay)
{
	struct model *m = lat_model(1, coalesce, "1kpps", "1.5ms");

	model_run(m);
	assert_single(m, WIRE + C_DMA, irq_delay + C_HARDIRQ + C_SOFTIRQ,
		      C_DRIVER + C_REFILL + C_IPUDP,
		      C_WAKELAT + C_CTXSW + C_PERDGRAM + C_COPY + C_REMOTE);
	model_free(m);
}

START_TEST(eqe_timer_delays_first_irq)
{
	/* EQE-style moderation, rx-usecs 7, no frame limit: the timer starts at
	 * the first completion and the interrupt comes 7 us later. */
	single_moderated("{ 'style': 'eqe', 'rx-usecs': 7, 'rx-frames': 0 }", 7 * US);
}
END_TEST

START_TEST(cqe_timer_single_packet)
{
	/* CQE-style: the timer restarts per completion; with one completion the
	 * interrupt again comes rx-usecs after it. */
	single_moderated("{ 'style': 'cqe', 'rx-usecs': 7, 'rx-frames': 0 }", 7 * US);
}
END_TEST

START_TEST(itr_first_irq_is_immediate)
{
	/* Intel ITR is a minimum interval between interrupts, not a delay
	 * (Intel EITR): the first interrupt after a quiet period fires
	 * at once. */
	single_moderated("{ 'style': 'itr', 'rx-usecs': 50, 'rx-frames': 0 }", 0);
}
END_TEST

START_TEST(itr_second_irq_waits_for_interval)
{
	/* Two packets 10 us apart (100 kpps) under ITR 50 us.  Packet 1: IRQ at
	 * once, at t_ring1.  Packet 2 completes at t_ring1 + 10 us while the
	 * vector is armed again (packet 1's poll ended ~1.3 us after t_ring1),
	 * but the next interrupt may not come before t_ring1 + 50 us: it waits
	 * 40 us in the ring.  RING_TO_POLL: min = H + E, max = 40 us + H + E. */
	struct model *m = lat_model(1, "{ 'style': 'itr', 'rx-usecs': 50, 'rx-frames': 0 }",
				    "100kpps", "1.015ms");
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->offered, 2);
	ck_assert_uint_eq(h->delivered, 2);
	assert_stage(h, LAT_RING_TO_POLL, C_HARDIRQ + C_SOFTIRQ, 40 * US + C_HARDIRQ + C_SOFTIRQ);
	ck_assert_uint_eq(model_rxq(m, 0)->irq.fired, 2);
	model_free(m);
}
END_TEST

START_TEST(eqe_two_packets_one_poll)
{
	/*
	 * Two packets 5 us apart (200 kpps) inside one 20 us EQE window: one
	 * interrupt at t_ring1 + 20 us, one poll takes both.
	 *   p1: RING_TO_POLL = 20 us + H + E
	 *   p2: t_poll2 = t_poll1 + driver_rx (no refill: 1 < 16 cleaned), and it
	 *       completed 5 us after p1: RING_TO_POLL = 15 us + H + E + D
	 * The GRO list (2 < gro_normal_batch 8) is flushed at the end, after
	 * the final refill; p1's enqueue wakes the reader (wakeup paid here),
	 * then p2 goes through the stack:
	 *   p1: POLL_TO_SOCK = D(p1) + D(p2) + R + IP            = 256 ns
	 *   p2: POLL_TO_SOCK = D(p2) + R + IP(p1) + WAKE + IP(p2) = 8544 ns
	 * Reader on CPU 1: p1 is taken WL + C = 6144 ns after its enqueue
	 * (before p2 is queued) and read PD + CP + RM later (22792 ns in all);
	 * p2 was enqueued WAKE + IP = 8320 ns after p1, and the reader takes
	 * it after returning p1: per_packet + syscall + PD + CP + RM = 114952
	 * ns later, so p2's SOCK_TO_READ = 22792 + 114952 - 8320 = 129424 ns.
	 */
	struct model *m = lat_model(1, "{ 'style': 'eqe', 'rx-usecs': 20, 'rx-frames': 0 }",
				    "200kpps", "1.008ms");
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->offered, 2);
	ck_assert_uint_eq(h->delivered, 2);
	ck_assert_uint_eq(model_rxq(m, 0)->irq.fired, 1);
	ck_assert_uint_eq(model_rxq(m, 0)->napi.polls, 1);
	assert_stage(h, LAT_WIRE_TO_RING, WIRE + C_DMA, WIRE + C_DMA);
	assert_stage(h, LAT_RING_TO_POLL, 15 * US + C_HARDIRQ + C_SOFTIRQ + C_DRIVER,
		     20 * US + C_HARDIRQ + C_SOFTIRQ);
	assert_stage(h, LAT_POLL_TO_SOCK, 2 * C_DRIVER + C_REFILL + C_IPUDP,
		     C_DRIVER + C_REFILL + C_IPUDP + C_WAKEUP + C_IPUDP);
	ck_assert_int_eq(2 * C_DRIVER + C_REFILL + C_IPUDP, 256 * NS);
	ck_assert_int_eq(C_DRIVER + C_REFILL + 2 * C_IPUDP + C_WAKEUP, 8544 * NS);
	assert_stage(h, LAT_SOCK_TO_READ, C_WAKELAT + C_CTXSW + C_PERDGRAM + C_COPY + C_REMOTE,
		     C_WAKELAT + C_CTXSW + C_PERDGRAM + C_COPY + C_REMOTE +
		     C_PERPKT + C_SYSCALL + C_PERDGRAM + C_COPY + C_REMOTE - (C_WAKEUP + C_IPUDP));
	ck_assert_int_eq(C_WAKELAT + C_CTXSW + C_PERDGRAM + C_COPY + C_REMOTE + C_PERPKT +
			 C_SYSCALL + C_PERDGRAM + C_COPY + C_REMOTE - (C_WAKEUP + C_IPUDP),
			 129424 * NS);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("latency");
	TCase *tc = tcase_create("single_packet");
	TCase *tc2 = tcase_create("moderation");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, reader_on_other_cpu);
	tcase_add_test(tc, reader_on_irq_cpu);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, eqe_timer_delays_first_irq);
	tcase_add_test(tc2, cqe_timer_single_packet);
	tcase_add_test(tc2, itr_first_irq_is_immediate);
	tcase_add_test(tc2, itr_second_irq_waits_for_interval);
	tcase_add_test(tc2, eqe_two_packets_one_poll);
	suite_add_tcase(s, tc2);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
