/* SPDX-License-Identifier: MIT */
/*
 * test_tcp_flow.c - TCP connections end to end: a sender, the wire, the NIC
 * and the receiving socket with its reader.  Closed forms and hand-derived
 * counts: window-limited goodput = window / RTT, slow start doubling per
 * RTT, delayed ACKs (quickack at the start, then one ACK per two full
 * segments), the socket backlog limit of tcp_add_backlog() by kernel,
 * a stopped reader (zero window, nothing dropped, nothing accepted beyond
 * the advertised edge) and the conservation of bytes.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/tcp.h"

/* One 10GbE ixgbe queue on CPU 0, the reader on CPU 1, one flow.  GRO is
 * off (ethtool -K gro off): the rules below are derived per segment. */
#define FLOW_GRO(kernel, gro, rcvbuf, extra_app, extra_flow) \
	"{ 'duration': '1s', 'kernel': '" kernel "', 'host': { 'cpus': 2 }," \
	"  'nics': [{ 'name': 'eth0', 'driver': 'ixgbe', 'speed': '10Gbps', 'queues': 1," \
	"             'gro': " gro ", 'coalesce': { 'rx-usecs': 20 }, 'irq_affinity': [0] }]," \
	"  'sockets': [{ 'name': 's', 'proto': 'tcp', 'port': 5001" rcvbuf " }]," \
	"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1" extra_app " }]," \
	"  'traffic': [{ 'name': 't', 'proto': 'tcp', 'dst_port': 5001, 'rtt': '10ms'" \
	extra_flow " }] }"
#define ONE_FLOW(kernel, rcvbuf, extra_app, extra_flow) \
	FLOW_GRO(kernel, "false", rcvbuf, extra_app, extra_flow)

static struct tcp_sock *conn0(struct model *m)
{
	ck_assert_ptr_nonnull(model_host(m)->tcp);
	return &model_host(m)->tcp->conns[0];
}

START_TEST(window_limited_goodput)
{
	struct model *m = model_load(ONE_FLOW("6.18", ", 'rcvbuf': 65536", "", ""));
	struct tcp_sock *tp;
	uint64_t b0, b1;
	double rate, expect;

	model_start(m);
	model_until(m, 300 * SIM_MS);
	tp = conn0(m);
	b0 = tp->bytes_read;
	model_until(m, 1000 * SIM_MS);
	b1 = tp->bytes_read;
	/* SO_RCVBUF 65536: B = 131072 locked, window_clamp = win(B) = 65536 at
	 * r = 128 (a clamp set on a locked buffer is not raised when r becomes
	 * 160).  The sender sends whole segments into it: floor(65536 / 1448) =
	 * 45 segments, 65160 bytes per RTT of 10 ms (the wire and the host add
	 * some 0.1 ms): 65160 * 8 / 0.010 = 52.1 Mbit/s */
	ck_assert_uint_eq(tp->window_clamp, 65536);
	ck_assert_uint_eq(tp->max_rcv_wnd, 65536);
	rate = (double)(b1 - b0) * 8 / 0.7;
	expect = 65160.0 * 8 / 0.010;
	ck_assert_msg(rate <= expect && rate >= 0.97 * expect, "goodput %.0f, window/RTT %.0f",
		      rate, expect);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

START_TEST(slow_start_doubles_per_rtt)
{
	struct model *m = model_load(ONE_FLOW("6.18", "", "", ", 'stop': '100ms'"));
	struct tcp_sock *tp;
	int k;

	model_start(m);
	tp = conn0(m);
	/* cwnd 10 (TCP_INIT_CWND); every RTT the ACKs of a whole window come
	 * back and tcp_slow_start() adds one segment per segment acked:
	 * 10, 20, 40 at the middle of RTTs 0, 1, 2 (80 would exceed the
	 * receiver's window of 45 segments, and a window-limited sender does
	 * not grow: tcp_is_cwnd_limited) */
	for (k = 0; k < 3; k++) {
		model_until(m, (sim_time_t)k * 10 * SIM_MS + 5 * SIM_MS);
		ck_assert_uint_eq(tp->snd.cwnd, 10u << k);
		ck_assert_uint_eq(tp->snd.segs_sent, 10u * ((1u << (k + 1)) - 1));
	}
	model_free(m);
}
END_TEST

/* GRO on, bulk writes of 4 segments (write_size 5792): tcp_push() sets PSH
 * on every fourth segment and a PSH segment ends its merge, so no skb holds
 * more than 4 segments (tcp_gro_receive; 64 KiB would allow 45): the skbs
 * tcp_v4_rcv sees (InSegs) are at least a quarter of the segments
 * (segs_in counts gso_segs, tcp_segs_in), and fewer than the segments
 * since back-to-back segments of a poll merge. */
START_TEST(gro_merges_up_to_the_push)
{
	struct model *m = model_load(FLOW_GRO("6.18", "true", "", "",
					      ", 'write_size': 5792, 'stop': '200ms'"));
	struct tcp_sock *tp;
	uint64_t skbs;

	model_start(m);
	model_until(m, 300 * SIM_MS);
	tp = conn0(m);
	skbs = model_host(m)->tcp->mib.InSegs;
	ck_assert_uint_gt(tp->segs_in, 1000);
	ck_assert_uint_lt(skbs, tp->segs_in);
	ck_assert_uint_ge(4 * skbs, tp->segs_in);
	model_free(m);
}
END_TEST

START_TEST(delayed_acks_one_per_two_segments)
{
	/* 20 Mbit/s of 1448-byte writes (below the 52 Mbit/s the window
	 * allows): a segment every 579.2 us, read at once (the reader keeps up,
	 * the right edge moves with each read) */
	struct model *m = model_load(ONE_FLOW("6.18", ", 'rcvbuf': 65536", "",
					      ", 'send_rate': '20Mbps', 'stop': '500ms'"));
	struct tcp_sock *tp;
	uint64_t n;

	model_start(m);
	model_until(m, 600 * SIM_MS);
	tp = conn0(m);
	n = tp->segs_in;
	/* 0.5 s * 20e6 / 8 / 1448 = 863.2: 863 or 864 whole segments */
	ck_assert_uint_ge(n, 863);
	ck_assert_uint_le(n, 864);
	/* the first data sets quickack for min(rcv_wnd / (2 * rcv_mss), 16) =
	 * min(65160 / 1072, 16) = 16 ACKs, and tcp_grow_window() raising
	 * rcv_ssthresh from 65160 to the clamp 65536 on that segment ORs in 1
	 * (quick |= 1): 17 ACKs, one per segment.  Then an ACK once more than
	 * rcv_mss is unacknowledged: every second segment; an odd last one is
	 * ACKed by the delayed-ACK timer (ato 40 ms). */
	ck_assert_uint_eq(tp->acks_sent, 17 + (n - 17 + 1) / 2);
	ck_assert_uint_eq(model_host(m)->tcp->ext.DelayedACKs, (n - 17) % 2);
	model_free(m);
}
END_TEST

/* Segments of @payload bytes and truesize 2304 into a socket its reader
 * owns, until tcp_add_backlog() refuses one; returns how many it took. */
static int backlog_capacity(const char *kernel)
{
	char json[2048];
	struct model *m;
	struct host *h;
	struct tcp_sock *tp;
	int n = 0;

	snprintf(json, sizeof(json), ONE_FLOW("%s", "", "", ", 'start': '10s'"), kernel);
	m = model_load("%s", json);
	model_start(m);
	h = model_host(m);
	tp = conn0(m);
	tp->owned = true;
	for (;;) {
		struct packet *p = host_packet_alloc(h);
		uint64_t drops = h->drops[DROP_TCP_BACKLOG];

		p->tuple = tp->tuple;
		p->src = tp->src;
		p->flow = tp->flow;
		p->seq = (uint32_t)n * 1448;
		p->payload = 1448;
		p->truesize = 2304;
		tcp_v4_rcv(h, &h->cpus[0], p);
		if (h->drops[DROP_TCP_BACKLOG] != drops)
			break;
		n++;
		ck_assert_int_lt(n, 100000);
	}
	ck_assert_uint_eq(h->tcp->ext.TCPBacklogDrop, 1);
	model_free(m);
	return n;
}

START_TEST(backlog_limit_by_kernel)
{
	/* A segment is refused when backlog.len + rmem (0) > limit, tested
	 * before adding.  The backlog coalesces up to 17 segments per skb: the
	 * first charges 2304, the 16 others 2304 - 256 = 2048: 35072 per 17.
	 * 6.10+: limit = 2 * 131072 + 16384 / 2 + 65536 = 335872.  9 skbs of
	 * 17 = 315648 (153 segments), the 154th opens one (317952); then
	 * accepted while 317952 + 2048 m <= 335872: m = 0..8, 9 more: 163. */
	ck_assert_int_eq(backlog_capacity("6.18"), 163);
	/* before 6.10: limit = 131072 + 8192 + 65536 = 204800: 5 skbs = 175360
	 * (85), the 86th: 177664, then 177664 + 2048 m <= 204800: m = 0..13: 100 */
	ck_assert_int_eq(backlog_capacity("6.6"), 100);
}
END_TEST

START_TEST(stopped_reader_zero_window)
{
	/* The reader never reads: the sender fills what the receiver offers
	 * and stops; nothing is dropped. */
	struct model *m = model_load(ONE_FLOW("6.18", ", 'rcvbuf': 65536",
					      ", 'pauses': [{ 'at': '0s', 'for': '10s' }]", ""));
	struct tcp_sock *tp;
	struct host *h;
	int64_t allowed, free_space;

	model_start(m);
	model_until(m, 1000 * SIM_MS);
	h = model_host(m);
	tp = conn0(m);
	/* the last ACK announced zero, counted once when the window closed */
	ck_assert_uint_ge(h->tcp->ext.TCPToZeroWindowAdv, 1);
	ck_assert_uint_eq(tcp__select_window(h, tp), 0);
	/* bytes accepted = the right edge the receiver advertised: the sender
	 * never went past it and the receiver took all it offered */
	ck_assert_uint_eq(tp->rcv_nxt, tp->rcv_wup + tp->rcv_wnd);
	ck_assert_uint_eq(tp->bytes_in, tp->rcv_nxt - tp->irs);
	/* the zero-window rule of __tcp_select_window(): free space below
	 * allowed / 16 or below rcv_mss */
	allowed = tcp_win_from_space(h->kver, tp->scaling_ratio, 1, tp->sk_rcvbuf);
	free_space = tcp_win_from_space(h->kver, tp->scaling_ratio, 1,
					tp->sk_rcvbuf - tp->sk_rmem_alloc);
	ck_assert(free_space < allowed / 16 || free_space < tp->rcv_mss);
	ck_assert_uint_eq(h->drops[DROP_TCP_RCVQ] + h->drops[DROP_TCP_ZEROWINDOW] +
			  h->drops[DROP_TCP_BACKLOG], 0);
	ck_assert_uint_eq(tp->bytes_read, 0);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/* The packet observer of the outputs, here summing the payload of the
 * senders' segments that were dropped, wherever that happened. */
static uint64_t dropped_payload;

static void no_slice(void *ctx, int cpu, int acct, const char *name, sim_time_t a, sim_time_t b)
{
	(void)ctx; (void)cpu; (void)acct; (void)name; (void)a; (void)b;
}

static void no_instant(void *ctx, int cpu, const char *name, sim_time_t t)
{
	(void)ctx; (void)cpu; (void)name; (void)t;
}

static void count_drop(void *ctx, const struct packet *p, int place, sim_time_t t)
{
	struct host *h = ctx;

	(void)t;
	if (place >= 0 && p->tuple.proto == FLOW_TCP && h->tcp->src_conn[p->src] >= 0)
		dropped_payload += p->payload;
}

START_TEST(bytes_conserved_with_losses)
{
	/* tcp_backlog.json loses segments at the backlog; the sender stops at
	 * 500 ms and by 2 s everything in flight has been delivered or lost:
	 * payload sent = payload read + payload dropped + payload queued, plus
	 * the overlap trimmed off segments that were partly received already */
	const char *sets[] = { "traffic.0.stop=500ms", "duration=2s" };
	struct model *m = model_load_file("scenarios/tcp_backlog.json", sets, 2);
	struct tcp_host *th;
	uint64_t sent = 0, queued = 0;
	uint32_t i;

	struct host_hooks hooks = { NULL, no_slice, no_instant, count_drop };

	model_start(m);
	hooks.ctx = model_host(m);
	model_host(m)->hooks = &hooks;
	dropped_payload = 0;
	model_until(m, 2 * SIM_S);
	th = model_host(m)->tcp;
	ck_assert_uint_gt(model_host(m)->drops[DROP_TCP_BACKLOG], 0);
	ck_assert_uint_eq(host_in_flight(model_host(m)), tcp_in_flight(model_host(m)));
	for (i = 0; i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];
		const struct packet *p;

		sent += tp->snd.bytes_sent;
		for (p = tp->rcvq.head; p; p = p->next)
			queued += p->payload;
		for (p = tp->ofoq.head; p; p = p->next)
			queued += p->payload;
		for (p = tp->backlog.head; p; p = p->next)
			queued += p->payload;
		queued -= tp->head_off;
		/* every byte the sender counts as acknowledged reached the reader */
		ck_assert_uint_le(tp->snd.snd_una - tp->snd.iss, tp->bytes_read + queued);
	}
	/* the queued bytes of a partly read head skb were read already */
	ck_assert_uint_eq(sent, th->bytes_read + dropped_payload + th->bytes_trimmed + queued);
	model_host(m)->hooks = NULL;
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcp_flow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, window_limited_goodput);
	tcase_add_test(tc, slow_start_doubles_per_rtt);
	tcase_add_test(tc, delayed_acks_one_per_two_segments);
	tcase_add_test(tc, gro_merges_up_to_the_push);
	tcase_add_test(tc, backlog_limit_by_kernel);
	tcase_add_test(tc, stopped_reader_zero_window);
	tcase_add_test(tc, bytes_conserved_with_losses);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
