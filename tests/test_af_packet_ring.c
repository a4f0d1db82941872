/* SPDX-License-Identifier: MIT */
/*
 * test_af_packet_ring.c - packet taps other than a TPACKET_V3 ring
 * (models/af_packet.c) against net/packet/af_packet.c: TPACKET_V1 and V2
 * rings of fixed frames, and a plain packet socket.
 *
 * Frame layout, x86-64 (include/uapi/linux/if_packet.h):
 *   struct tpacket_hdr: unsigned long tp_status (8), tp_len, tp_snaplen
 *     (4 + 4), tp_mac, tp_net (2 + 2), tp_sec, tp_usec (4 + 4) = 28, padded
 *     to 32 by the unsigned long; TPACKET_HDRLEN = TPACKET_ALIGN(32) +
 *     sizeof(struct sockaddr_ll) 20 = 52.
 *   struct tpacket2_hdr: 3 x 4 + 2 x 2 + 2 x 4 + 2 x 2 + 4 = 32;
 *     TPACKET2_HDRLEN = 32 + 20 = 52 as well.
 *   struct tpacket3_hdr: TPACKET_ALIGN(sizeof) = 48, TPACKET3_HDRLEN 68.
 * tpacket_rcv(), SOCK_RAW, Ethernet (maclen 14): netoff =
 *   TPACKET_ALIGN(tp_hdrlen + max(maclen, 16)), macoff = netoff - maclen:
 *   V1, V2: ALIGN16(52 + 16) = ALIGN16(68) = 80, macoff 66;
 *   V3:     ALIGN16(68 + 16) = ALIGN16(84) = 96, macoff 82.
 *   A V1/V2 frame holds macoff + tp_snaplen, tp_snaplen = min(len,
 *   snaplen) cut to frame_size - macoff.
 * libpcap's create_ring() frame for an Ethernet device of MTU 1500:
 *   TPACKET_ALIGN(macoff + min(snaplen, 1500 + 18)): ALIGN16(66 + 1518) =
 *   1584; tcpdump -s 96: ALIGN16(66 + 96) = 176.
 * tpacket_rcv() into V1/V2: the frame at rx_ring.head must be
 *   TP_STATUS_KERNEL (__tpacket_has_room), else tp_drops.  A ring of F
 *   frames the reader does not touch takes F frames, then drops every
 *   later one: tp_drops = N - F of N frames.
 * packet_rcv(): drop when sk_rmem_alloc >= sk_rcvbuf, else charge the
 *   clone's truesize (skb_clone copies it).  From an empty queue the k-th
 *   frame of truesize T is admitted while (k - 1) T < rcvbuf: ceil(rcvbuf
 *   / T) frames before the first drop.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "out_util.h"
#include "test_util.h"
#include "rxsim/af_packet.h"

/* generic NIC of truesize %d, an interrupt per frame, 64-byte frames at
 * 100 kpps constant until 8 ms; the capture reads on CPU 1, at no cost but
 * that of recvmsg() (socket) */
#define RING_JSON \
	"{ 'duration': '10ms', 'host': { 'cpus': 2, 'costs': { 'wakeup_latency': '0ns'," \
	"   'context_switch': '0ns' } }," \
	" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0], 'truesize': %d," \
	"   'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 } } ]," \
	" 'sockets': [ { 'name': 'srv', 'port': 9000 } ]," \
	" 'traffic': [ { 'flows': 4, 'dst_port': 9000, 'rate': '100kpps', 'size': 64," \
	"   'arrival': 'constant', 'stop': '8ms' } ]," \
	" 'taps': [ { 'dev': 'eth0', 'cpu': 1, 'mode': '%s', 'per_block': '0ns'," \
	"   'per_packet': '0ns', 'recv': '%s', 'copy_per_kib': '0ns' %s } ] }"

#define PAUSED ", 'pauses': [ { 'at': '0ms', 'for': '1s' } ]"

START_TEST(frame_layout)
{
	struct tap_cfg c;

	ck_assert_uint_eq(tpacket_hdrlen(TAP_V1), 52);
	ck_assert_uint_eq(tpacket_hdrlen(TAP_V2), 52);
	ck_assert_uint_eq(tpacket_hdrlen(TAP_V3), 68);
	ck_assert_uint_eq(tpacket_macoff(TAP_V1), 66);
	ck_assert_uint_eq(tpacket_macoff(TAP_V2), 66);
	ck_assert_uint_eq(tpacket_macoff(TAP_V3), 82);
	ck_assert_uint_eq(tpacket_v12_auto_frame(TAP_V2, 262144), 1584);
	ck_assert_uint_eq(tpacket_v12_auto_frame(TAP_V1, 96), 176);

	memset(&c, 0, sizeof(c));
	c.mode = TAP_V2;
	c.snaplen = 262144;
	/* a 1514-byte frame in 2048: all of it */
	ck_assert_uint_eq(tpacket_v12_snaplen(&c, 2048, 1514), 1514);
	/* a 9000-byte frame in 1584: 1584 - 66 = 1518 */
	ck_assert_uint_eq(tpacket_v12_snaplen(&c, 1584, 9000), 1518);
	/* tcpdump -s 96 */
	c.snaplen = 96;
	ck_assert_uint_eq(tpacket_v12_snaplen(&c, 2048, 1514), 96);
	/* a frame no larger than macoff holds no data */
	c.mode = TAP_V1;
	c.snaplen = 262144;
	ck_assert_uint_eq(tpacket_v12_snaplen(&c, 64, 60), 0);
}
END_TEST

/* 4096-byte blocks of 1024-byte frames: 4 frames a block, F = 4 B; the
 * reader is paused past the end, so N - F of the N frames are dropped and
 * none is read.  V1 behaves the same. */
START_TEST(ring_of_f_frames_against_a_paused_reader)
{
	static const int nr[] = { 1, 2, 4 };
	static const char *const mode[] = { "v2", "v1" };
	char extra[256];
	unsigned i, j;

	for (j = 0; j < 2; j++)
		for (i = 0; i < sizeof(nr) / sizeof(nr[0]); i++) {
			struct model *m;
			struct packet_tap *t;
			uint64_t n;

			snprintf(extra, sizeof(extra), ", 'tp_block_size': 4096, 'tp_block_nr': %d,"
				 " 'tp_frame_size': 1024" PAUSED, nr[i]);
			m = model_load(RING_JSON, 2304, mode[j], "0ns", extra);
			model_run(m);
			t = &model_host(m)->taps[0];
			n = model_host(m)->srcs[0].offered;
			ck_assert_uint_gt(n, 700);
			ck_assert_uint_eq(t->frame_nr, 4u * (unsigned)nr[i]);
			ck_assert_uint_eq(t->tp_packets, n);
			ck_assert_uint_eq(t->tp_drops, n - 4u * (unsigned)nr[i]);
			ck_assert_uint_eq(t->read, 0);
			ck_assert_uint_eq(t->tp_freeze_q_cnt, 0);
			model_free(m);
		}
}
END_TEST

/* Paused until 5.0075 ms (between two frames), then reading at no cost:
 * the drops are those seen while the 8 frames were full, seen - 8 at the
 * resume, none after; every frame recorded is read at once (no block to
 * fill, no timer): read = tp_packets - tp_drops at the end. */
START_TEST(v2_pause_then_resume)
{
	struct model *m = model_load(RING_JSON, 2304, "v2", "0ns",
				     ", 'tp_block_size': 4096, 'tp_block_nr': 2, 'tp_frame_size': 1024,"
				     " 'pauses': [ { 'at': '0ms', 'for': '5.0075ms' } ]");
	struct packet_tap *t;
	uint64_t drops_at_resume;

	model_start(m);
	model_until(m, 5007500 * SIM_NS);
	t = &model_host(m)->taps[0];
	ck_assert_uint_gt(t->seen, 400);
	ck_assert_uint_eq(t->tp_drops, t->seen - 8);
	drops_at_resume = t->tp_drops;
	model_until(m, 10 * SIM_MS);
	ck_assert_uint_eq(t->tp_drops, drops_at_resume);
	ck_assert_uint_eq(t->read, t->tp_packets - t->tp_drops);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/* Admission against sk_rcvbuf, reader paused: ceil(rcvbuf / T) frames
 * queued, every later one dropped (tp_drops = sk_drops), the queue's
 * memory peaks at that count times T.
 *   rcvbuf auto = rmem_default 212992: T 1024 -> 208 (exact: the 209th
 *   sees 212992 >= 212992), T 2304 -> ceil(92.4) = 93, T 4096 -> 52;
 *   SO_RCVBUF 16384 -> sk_rcvbuf 32768: T 2304 -> ceil(14.2) = 15,
 *   T 4096 -> 8. */
START_TEST(socket_admission_against_rcvbuf)
{
	static const struct {
		int truesize;
		const char *rcvbuf;
		int64_t sk_rcvbuf;
		uint64_t admitted;
	} g[] = {
		{ 1024, "auto", 212992, 208 },
		{ 2304, "auto", 212992, 93 },
		{ 4096, "auto", 212992, 52 },
		{ 2304, "16384", 32768, 15 },
		{ 4096, "16384", 32768, 8 },
	};
	char extra[256];
	unsigned i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		struct model *m;
		struct packet_tap *t;
		uint64_t n;

		snprintf(extra, sizeof(extra), ", 'rcvbuf': '%s'" PAUSED, g[i].rcvbuf);
		m = model_load(RING_JSON, g[i].truesize, "socket", "0ns", extra);
		model_run(m);
		t = &model_host(m)->taps[0];
		n = model_host(m)->srcs[0].offered;
		ck_assert_int_eq(t->sk_rcvbuf, g[i].sk_rcvbuf);
		ck_assert_uint_eq(t->tp_packets, n);
		ck_assert_uint_eq(t->tp_drops, n - g[i].admitted);
		ck_assert_uint_eq(t->sk_drops, t->tp_drops);
		ck_assert_int_eq(t->max_rmem_alloc, (int64_t)g[i].admitted * g[i].truesize);
		ck_assert_uint_eq(t->q_len, g[i].admitted);
		ck_assert_uint_eq(t->read, 0);
		model_free(m);
	}
}
END_TEST

/* SO_RCVBUF above net.core.rmem_max is clamped, then doubled:
 * __sock_set_rcvbuf(min(1 MiB, 212992)) = 425984. */
START_TEST(socket_rcvbuf_clamped_and_doubled)
{
	struct model *m = model_load(RING_JSON, 2304, "socket", "0ns", ", 'rcvbuf': '1MiB'");

	model_start(m);
	ck_assert_int_eq(model_host(m)->taps[0].sk_rcvbuf, 425984);
	model_free(m);
}
END_TEST

/* A reader that keeps up: one frame every 10 us, a recvmsg of 2 us: no
 * drop, every frame read, and at most one skb charged at a time
 * (max_rmem_alloc = T: the next frame comes after the last was freed).
 * A V2 ring of 4 frames with a reader at no cost loses nothing either. */
START_TEST(reader_that_keeps_up_drops_nothing)
{
	struct model *m = model_load(RING_JSON, 2304, "socket", "2us", "");
	struct packet_tap *t;

	model_run(m);
	t = &model_host(m)->taps[0];
	ck_assert_uint_gt(t->tp_packets, 700);
	ck_assert_uint_eq(t->tp_drops, 0);
	ck_assert_uint_eq(t->sk_drops, 0);
	ck_assert_uint_eq(t->read, t->tp_packets);
	ck_assert_int_eq(t->max_rmem_alloc, 2304);
	ck_assert_int_eq(t->sk_rmem_alloc, 0);
	model_free(m);

	m = model_load(RING_JSON, 2304, "v2", "0ns",
		       ", 'tp_block_size': 4096, 'tp_block_nr': 1, 'tp_frame_size': 1024");
	model_run(m);
	t = &model_host(m)->taps[0];
	ck_assert_uint_gt(t->tp_packets, 700);
	ck_assert_uint_eq(t->tp_drops, 0);
	ck_assert_uint_eq(t->read, t->tp_packets);
	model_free(m);
}
END_TEST

/* A reader slower than the frames: a recvmsg of 12 us against one frame
 * every 10 us.  From 0 to 8 ms 800 frames come and 8 ms / 12 us = 666 are
 * read, so about 134 x 1024 bytes are queued at 8 ms, under the 212992 of
 * rcvbuf (208 frames): nothing is dropped, the queue outgrows its first
 * 64 entries while the reader is partway through it, and by 10 ms
 * (134 x 12 us = 1.6 ms later) every frame was read and freed. */
START_TEST(socket_slow_reader_catches_up)
{
	struct model *m = model_load(RING_JSON, 1024, "socket", "12us", "");
	struct packet_tap *t;

	model_run(m);
	t = &model_host(m)->taps[0];
	ck_assert_uint_eq(t->tp_packets, model_host(m)->srcs[0].offered);
	ck_assert_uint_eq(t->tp_drops, 0);
	ck_assert_int_gt(t->max_rmem_alloc, 64 * 1024);
	ck_assert_int_lt(t->max_rmem_alloc, 212992);
	ck_assert_uint_eq(t->read, t->tp_packets);
	ck_assert_uint_eq(t->q_len, 0);
	ck_assert_int_eq(t->sk_rmem_alloc, 0);
	model_free(m);
}
END_TEST

/* The default V1/V2 layout: libpcap's 1584-byte frame in 256 KiB blocks:
 * 262144 / 1584 = 165 frames a block, 8 blocks: 1320 frames. */
START_TEST(v2_auto_layout)
{
	struct model *m = model_load(RING_JSON, 2304, "v2", "0ns", "");
	const struct packet_tap *t;

	model_start(m);
	t = &model_host(m)->taps[0];

	ck_assert_uint_eq(t->frame_size, 1584);
	ck_assert_uint_eq(t->frame_nr, 1320);
	model_free(m);
}
END_TEST

/* The summary's taps entry: a socket tap names its mode, rcvbuf and
 * sk_drops (93 of 2304-byte truesize admitted, as above, the rest
 * dropped), a v2 tap its frames (4096 / 1024 x 2 = 8), and neither has
 * the V3 block counters; the diagnosis reports the drops. */
START_TEST(summary_names_the_mode)
{
	struct orun *o = orun_inline(NULL, 0, RING_JSON, 2304, "socket", "0ns", PAUSED);
	double n;

	orun_go(o, 0);
	n = jnumf(o->sum, "traffic.0.offered");
	ck_assert_str_eq(jstr(o->sum, "taps.0.mode"), "socket");
	ck_assert_double_eq(jnumf(o->sum, "taps.0.rcvbuf"), 212992);
	ck_assert_double_eq(jnumf(o->sum, "taps.0.sk_drops"), n - 93);
	ck_assert_double_eq(jnumf(o->sum, "taps.0.tp_drops"), n - 93);
	ck_assert_ptr_null(jnode(o->sum, "taps.0.tp_freeze_q_cnt"));
	ck_assert_ptr_nonnull(strstr(o->sum_text, "\"kind\":\"tap_drops\""));
	orun_free(o);

	o = orun_inline(NULL, 0, RING_JSON, 2304, "v2", "0ns",
			", 'tp_block_size': 4096, 'tp_block_nr': 2, 'tp_frame_size': 1024" PAUSED);
	orun_go(o, 0);
	ck_assert_str_eq(jstr(o->sum, "taps.0.mode"), "v2");
	ck_assert_double_eq(jnumf(o->sum, "taps.0.tp_frame_size"), 1024);
	ck_assert_double_eq(jnumf(o->sum, "taps.0.tp_frame_nr"), 8);
	ck_assert_double_eq(jnumf(o->sum, "taps.0.tp_drops"),
			    jnumf(o->sum, "traffic.0.offered") - 8);
	ck_assert_ptr_null(jnode(o->sum, "taps.0.blocks_read"));
	orun_free(o);

	/* v3, the default, is not named */
	o = orun_inline(NULL, 0, RING_JSON, 2304, "v3", "0ns", "");
	orun_go(o, 0);
	ck_assert_ptr_null(jnode(o->sum, "taps.0.mode"));
	ck_assert_ptr_nonnull(jnode(o->sum, "taps.0.tp_freeze_q_cnt"));
	orun_free(o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("af_packet_ring");
	TCase *tc = tcase_create("v1_v2_socket");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, frame_layout);
	tcase_add_test(tc, ring_of_f_frames_against_a_paused_reader);
	tcase_add_test(tc, v2_pause_then_resume);
	tcase_add_test(tc, socket_admission_against_rcvbuf);
	tcase_add_test(tc, socket_rcvbuf_clamped_and_doubled);
	tcase_add_test(tc, reader_that_keeps_up_drops_nothing);
	tcase_add_test(tc, socket_slow_reader_catches_up);
	tcase_add_test(tc, v2_auto_layout);
	tcase_add_test(tc, summary_names_the_mode);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
