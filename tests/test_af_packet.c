/* SPDX-License-Identifier: MIT */
/*
 * test_af_packet.c - packet taps (models/af_packet.c) against
 * net/packet/af_packet.c, TPACKET_V3:
 *
 *   tpacket_rcv(): netoff = TPACKET_ALIGN(tp_hdrlen + max(maclen, 16)) with
 *     tp_hdrlen = TPACKET3_HDRLEN = 48 + 20 = 68, maclen 14: netoff =
 *     ALIGN16(84) = 96, macoff = 82; the frame takes ALIGN8(macoff +
 *     min(len, snaplen)) bytes of a block whose first 48 bytes are its
 *     descriptor.  __packet_lookup_frame_in_block(): a frame fits while
 *     curr + slot < end (strictly).
 *   64-byte frames (len 60 without FCS): slot ALIGN8(142) = 144; a
 *     4096-byte block holds k frames while 48 + 144 k < 4096, i.e. 28.
 *   A ring of B blocks the reader never returns holds 28 B frames; the next
 *   closes the last block, finds block 0 still the user's, freezes the
 *   queue (tp_freeze_q_cnt 1) and is dropped, as is every later frame:
 *   tp_drops = tp_packets - 28 B.
 *   __netif_receive_skb_core() runs the taps before ip_rcv: a tap sees the
 *   frames netfilter drops.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/af_packet.h"
#include "rxsim/netfilter.h"

/* generic NIC, an interrupt per frame (rx-usecs 0, rx-frames 1), 64-byte
 * frames at 100 kpps constant until 8 ms; the capture reads on CPU 1 */
#define TAP_JSON \
	"{ 'duration': '10ms', 'host': { 'cpus': 2, 'costs': { 'wakeup_latency': '0ns'," \
	"   'context_switch': '0ns' } }," \
	" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0]," \
	"   'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 } } ]," \
	" 'sockets': [ { 'name': 'srv', 'port': 9000 } ]," \
	" 'traffic': [ { 'flows': 4, 'dst_port': 9000, 'rate': '100kpps', 'size': 64," \
	"   'arrival': 'constant', 'stop': '8ms' } ]," \
	" 'taps': [ { 'dev': 'eth0', 'cpu': 1, 'tp_block_size': %d, 'tp_block_nr': %d," \
	"   'per_block': '0ns', 'per_packet': '0ns', 'match': %s %s } ] %s }"

START_TEST(slot_sizes)
{
	struct tap_cfg c;

	memset(&c, 0, sizeof(c));
	c.snaplen = 262144;
	/* 64-byte frame, 60 bytes: ALIGN8(82 + 60) = 144 */
	ck_assert_uint_eq(tpacket_v3_slot(&c, 4096, 60), 144);
	/* 1518-byte frame: ALIGN8(82 + 1514) = 1600 */
	ck_assert_uint_eq(tpacket_v3_slot(&c, 1 << 20, 1514), 1600);
	/* tcpdump -s 96: ALIGN8(82 + 96) = 184 */
	c.snaplen = 96;
	ck_assert_uint_eq(tpacket_v3_slot(&c, 1 << 20, 1514), 184);
	/* a frame larger than a block is cut at max_frame_len = 4096 - 48:
	 * snaplen 4048 - 82 = 3966, slot ALIGN8(4048) = 4048 */
	c.snaplen = 262144;
	ck_assert_uint_eq(tpacket_v3_slot(&c, 4096, 9000), 4048);
}
END_TEST

static struct model *tap_model(int blk, int nr, const char *match, const char *tap_extra,
			       const char *extra)
{
	return model_load(TAP_JSON, blk, nr, match, tap_extra, extra);
}

/* The reader never reads (paused past the end): B blocks of 28 frames. */
START_TEST(ring_of_b_blocks_against_a_stopped_reader)
{
	static const int nr[] = { 1, 2, 4 };
	unsigned i;

	for (i = 0; i < sizeof(nr) / sizeof(nr[0]); i++) {
		struct model *m = tap_model(4096, nr[i], "1",
					    ", 'pauses': [ { 'at': '0ms', 'for': '1s' } ]", "");
		struct packet_tap *t;

		model_run(m);
		t = &model_host(m)->taps[0];
		ck_assert_uint_eq(t->tp_packets, model_host(m)->srcs[0].offered);
		ck_assert_uint_gt(t->tp_packets, 700);
		ck_assert_uint_eq(t->tp_drops, t->tp_packets - 28u * (unsigned)nr[i]);
		ck_assert_uint_eq(t->tp_freeze_q_cnt, 1);
		ck_assert_uint_eq(t->read, 0);
		model_free(m);
	}
}
END_TEST

/* Paused for the first 5.0075 ms (between two frames), then reading at no
 * cost: the drops are those of the frames seen while the 4 blocks were
 * full, frames seen - 112 at the end of the pause, and none after; at the
 * end every frame recorded was read but those of the open block. */
START_TEST(reader_pause_then_resume)
{
	struct model *m = tap_model(4096, 4, "1",
				    ", 'pauses': [ { 'at': '0ms', 'for': '5.0075ms' } ]", "");
	struct packet_tap *t;
	uint64_t drops_at_resume;

	model_start(m);
	model_until(m, 5007500 * SIM_NS);
	t = &model_host(m)->taps[0];
	ck_assert_uint_gt(t->seen, 400);
	ck_assert_uint_eq(t->tp_drops, t->seen - 112);
	drops_at_resume = t->tp_drops;
	model_until(m, 10 * SIM_MS);
	ck_assert_uint_eq(t->tp_drops, drops_at_resume);
	ck_assert_uint_eq(t->read, t->tp_packets - t->tp_drops - t->num_pkts[t->kactive]);
	ck_assert_uint_eq(t->tp_freeze_q_cnt, 1);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

/* A tap sees what iptables drops: INPUT -j DROP for everything, yet the
 * tap counts every frame (tp_packets = offered = netfilter drops). */
START_TEST(tap_sees_netfilter_drops)
{
	struct model *m = tap_model(1 << 20, 2, "1", "",
				    ", 'netfilter': { 'rules': [ { 'target': 'DROP' } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->delivered, 0);
	ck_assert_uint_eq(h->drops[DROP_NETFILTER], h->srcs[0].offered);
	ck_assert_uint_eq(h->taps[0].tp_packets, h->srcs[0].offered);
	ck_assert_uint_eq(h->taps[0].tp_drops, 0);
	model_free(m);
}
END_TEST

/* The BPF filter: match 0 records nothing (filtered = seen, tp_packets 0,
 * not counted as drops); match 0.5 is binomial within 5 sd. */
START_TEST(filter_match)
{
	struct model *m = tap_model(1 << 20, 2, "0", "", "");
	struct packet_tap *t;
	double n, k, sd;

	model_run(m);
	t = &model_host(m)->taps[0];
	ck_assert_uint_eq(t->tp_packets, 0);
	ck_assert_uint_eq(t->filtered, t->seen);
	ck_assert_uint_eq(t->seen, model_host(m)->srcs[0].offered);
	model_free(m);

	m = tap_model(1 << 20, 2, "0.5", "", "");
	model_run(m);
	t = &model_host(m)->taps[0];
	n = (double)t->seen;
	k = (double)t->tp_packets;
	sd = sqrt(n * 0.25);
	ck_assert_msg(fabs(k - n / 2) < 5 * sd, "%.0f of %.0f", k, n);
	model_free(m);
}
END_TEST

/* tp_retire_blk_tov 1 ms at 1 frame per 10 us: a 1 MiB block (7281
 * frames) never fills in 8 ms, so the timer hands every block to the
 * reader: one every ms while frames come (blocks_read = timed out), and
 * every frame but those of the open block is read. */
START_TEST(retire_timer_hands_partial_blocks)
{
	struct model *m = tap_model(1 << 20, 2, "1", ", 'tp_retire_blk_tov': '1ms'", "");
	struct packet_tap *t;

	model_run(m);
	t = &model_host(m)->taps[0];
	ck_assert_uint_eq(t->tp_drops, 0);
	ck_assert_uint_eq(t->blocks_read, t->blocks_timed_out);
	/* opened at 0, 1, ... 7 ms hold frames: 8 blocks; the one opened at
	 * 8 ms stays empty and is re-armed */
	ck_assert_uint_eq(t->blocks_timed_out, 8);
	ck_assert_uint_eq(t->read, t->tp_packets);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("af_packet");
	TCase *tc = tcase_create("tpacket_v3");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, slot_sizes);
	tcase_add_test(tc, ring_of_b_blocks_against_a_stopped_reader);
	tcase_add_test(tc, reader_pause_then_resume);
	tcase_add_test(tc, tap_sees_netfilter_drops);
	tcase_add_test(tc, filter_match);
	tcase_add_test(tc, retire_timer_hands_partial_blocks);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
