/* SPDX-License-Identifier: MIT */
/*
 * test_af_packet_fanout.c - PACKET_FANOUT groups of packet taps
 * (models/af_packet.c) against net/packet/af_packet.c of 6.x:
 *
 *   packet_rcv_fanout(): the group's one prot_hook picks a member
 *     (fanout_demux_*) and runs only that member's func, so a frame costs
 *     one run_filter + tpacket_rcv per group.
 *   fanout_demux_lb(): atomic_inc_return(&rr_cur) % num: frame v (from 1)
 *     goes to member v % num.
 *   fanout_demux_cpu(): smp_processor_id() % num.
 *   fanout_demux_qm(): skb_get_queue_mapping() % num, where the driver's
 *     skb_record_rx_queue() stored rx queue + 1.
 *   fanout_demux_hash(): reciprocal_scale(__skb_get_hash_symmetric(), num).
 *   fanout_demux_rollover(): see rollover_* below.
 *
 * Ring arithmetic (test_af_packet.c): a 64-byte frame takes a 144-byte
 * slot, a 4096-byte block holds 28; a ring of 4 blocks holds 112.
 * __packet_rcv_has_room() of a V3 ring of 4 blocks: ROOM_NORMAL while the
 * block kactive + (4 >> 2) = kactive + 1 is the kernel's, else ROOM_LOW
 * while block kactive is, else ROOM_NONE.  A frame's room is asked before
 * tpacket_rcv() puts it in, and a full block is closed only by the frame
 * that does not fit.  The traffic's flows come in turn (round robin).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "rxsim/af_packet.h"
#include "rxsim/netfilter.h"

/* generic NIC, one queue, an interrupt per frame, its IRQ on CPU %d; 64-byte
 * frames of %d flows at 100 kpps constant until 8 ms; the taps are %s */
#define FANOUT_JSON \
	"{ 'duration': '10ms', 'host': { 'cpus': 6, 'costs': { 'wakeup_latency': '0ns'," \
	"   'context_switch': '0ns', 'wakeup': '0ns' } }," \
	" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [%d]," \
	"   'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 } } ]," \
	" 'sockets': [ { 'name': 'srv', 'port': 9000 } ]," \
	" 'traffic': [ { 'flows': %d, 'dst_port': 9000, 'rate': '100kpps', 'size': 64," \
	"   'arrival': 'constant', 'stop': '8ms' } ]," \
	" 'taps': [ %s ] }"

/* One member: a V3 ring of 4 x 4096 bytes (112 frames of 64 bytes), a
 * reader costing nothing, CPU %d, group 7; %s: more keys. */
#define MEMBER \
	"{ 'dev': 'eth0', 'cpu': %d, 'tp_block_size': 4096, 'tp_block_nr': 4," \
	"  'per_block': '0ns', 'per_packet': '0ns', 'fanout_group': 7 %s }"
#define PAUSED ", 'pauses': [ { 'at': '0ms', 'for': '1s' } ]"

static struct model *group(int irq_cpu, int flows, int n, const char *const extra[])
{
	char taps[2048], one[512];
	size_t off = 0;
	int i;

	taps[0] = 0;
	for (i = 0; i < n; i++) {
		snprintf(one, sizeof(one), MEMBER, 1 + i, extra[i]);
		off += (size_t)snprintf(taps + off, sizeof(taps) - off, "%s%s", i ? ", " : "", one);
	}
	return model_load(FANOUT_JSON, irq_cpu, flows, taps);
}

static struct model *group_all(int irq_cpu, int flows, int n, const char *extra)
{
	const char *e[8];
	int i;

	for (i = 0; i < n; i++)
		e[i] = extra;
	return group(irq_cpu, flows, n, e);
}

/* Every frame offered reached exactly one member, and none was lost. */
static uint64_t frames(struct model *m)
{
	struct host *h = model_host(m);
	uint64_t sum = 0;
	int i;

	for (i = 0; i < h->ntaps; i++)
		sum += h->taps[i].seen;
	ck_assert_uint_eq(sum, h->srcs[0].offered);
	ck_assert_uint_gt(sum, 700);
	return sum;
}

/* lb: frame v (v = 1..N) to member v % num; member k gets the v <= N with
 * v = k (mod num): floor(N / num) for k = 0, floor((N - k) / num) + 1 for
 * 1 <= k <= N. */
START_TEST(lb_round_robin_exact)
{
	static const int nums[] = { 1, 3, 4 };
	unsigned i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		struct model *m = group_all(0, 4, nums[i], ", 'fanout_mode': 'lb'");
		struct host *h;
		uint64_t n, num = (uint64_t)nums[i], want;
		int k;

		model_run(m);
		h = model_host(m);
		n = frames(m);
		for (k = 0; k < h->ntaps; k++) {
			want = k == 0 ? n / num : (n - (uint64_t)k) / num + 1;
			ck_assert_uint_eq(h->taps[k].seen, want);
			ck_assert_uint_eq(h->taps[k].tp_drops, 0);
			ck_assert_ptr_eq(h->taps[k].fanout, &h->fanouts[0]);
		}
		ck_assert_int_eq(h->nfanouts, 1);
		ck_assert_uint_eq(h->fanouts[0].rr_cur, n);
		model_free(m);
	}
}
END_TEST

/* cpu: the queue's IRQ (and so its softirq) on CPU c: every frame to
 * member c % num.  CPU 2 with 3 members: member 2; CPU 5 with 4: member 1;
 * CPU 4 with 2: member 0. */
START_TEST(cpu_mode_member_c_mod_num)
{
	static const int cpu[] = { 2, 5, 4 }, num[] = { 3, 4, 2 };
	unsigned i;

	for (i = 0; i < sizeof(cpu) / sizeof(cpu[0]); i++) {
		struct model *m = group_all(cpu[i], 4, num[i], ", 'fanout_mode': 'cpu'");
		struct host *h;
		uint64_t n;
		int k;

		model_run(m);
		h = model_host(m);
		n = frames(m);
		for (k = 0; k < num[i]; k++)
			ck_assert_uint_eq(h->taps[k].seen, k == cpu[i] % num[i] ? n : 0);
		model_free(m);
	}
}
END_TEST

/* qm: queue 0 is queue_mapping 1 (skb_record_rx_queue stores rx_queue + 1):
 * with 2 members every frame goes to member 1, with 1 member to member 0. */
START_TEST(qm_mode_queue_mapping)
{
	struct model *m = group_all(0, 4, 2, ", 'fanout_mode': 'qm'");
	uint64_t n;

	model_run(m);
	n = frames(m);
	ck_assert_uint_eq(model_host(m)->taps[0].seen, 0);
	ck_assert_uint_eq(model_host(m)->taps[1].seen, n);
	model_free(m);
}
END_TEST

/* hash: __skb_get_hash_symmetric() orders the endpoints before hashing, so
 * a flow and its reverse hash alike; a flow's frames all go to one member. */
START_TEST(hash_symmetric_and_one_flow_one_member)
{
	struct flow_tuple a, b;
	struct model *m;
	struct host *h;
	uint64_t n;
	int k, owners = 0;

	memset(&a, 0, sizeof(a));
	a.family = FLOW_IPV4;
	a.proto = FLOW_UDP;
	a.saddr[0] = 10; a.saddr[3] = 1;
	a.daddr[0] = 192; a.daddr[1] = 168; a.daddr[3] = 7;
	a.sport = 40000;
	a.dport = 9000;
	b = a;
	memcpy(b.saddr, a.daddr, 16);
	memcpy(b.daddr, a.saddr, 16);
	b.sport = a.dport;
	b.dport = a.sport;
	ck_assert_uint_eq(af_packet_hash_symmetric(&a, 12345), af_packet_hash_symmetric(&b, 12345));
	/* equal addresses: the ports alone are ordered */
	memcpy(b.saddr, a.saddr, 16);
	memcpy(b.daddr, a.saddr, 16);
	memcpy(a.daddr, a.saddr, 16);
	ck_assert_uint_eq(af_packet_hash_symmetric(&a, 99), af_packet_hash_symmetric(&b, 99));
	/* IPv6: all 16 bytes take part */
	memset(&a, 0, sizeof(a));
	a.family = FLOW_IPV6;
	a.proto = FLOW_TCP;
	a.saddr[0] = 0x20; a.saddr[15] = 1;
	a.daddr[0] = 0x20; a.daddr[15] = 2;
	a.sport = 5;
	a.dport = 6;
	b = a;
	memcpy(b.saddr, a.daddr, 16);
	memcpy(b.daddr, a.saddr, 16);
	b.sport = 6;
	b.dport = 5;
	ck_assert_uint_eq(af_packet_hash_symmetric(&a, 7), af_packet_hash_symmetric(&b, 7));
	b.daddr[15] = 3;
	ck_assert_uint_ne(af_packet_hash_symmetric(&a, 7), af_packet_hash_symmetric(&b, 7));

	/* one flow, 4 members: one of them has every frame */
	m = group_all(0, 1, 4, "");
	model_run(m);
	h = model_host(m);
	n = frames(m);
	for (k = 0; k < 4; k++) {
		ck_assert(h->taps[k].seen == 0 || h->taps[k].seen == n);
		owners += h->taps[k].seen == n;
	}
	ck_assert_int_eq(owners, 1);
	model_free(m);
}
END_TEST

/* The group's prot_hook runs once per frame: with filter 30 ns, rcv 150 ns,
 * no copy cost and no wake-up cost, the 4 members together spent N x 180 ns
 * in the receive path; 4 taps without a group spend 4 N x 180 ns. */
START_TEST(group_charges_a_frame_once)
{
	static const char *const keys =
		", 'fanout_mode': 'lb', 'filter': '30ns', 'rcv': '150ns', 'copy_per_kib': '0ns'";
	struct model *m = group_all(0, 4, 4, keys);
	struct host *h;
	sim_time_t sum = 0;
	uint64_t n;
	int k;

	model_run(m);
	h = model_host(m);
	n = frames(m);
	for (k = 0; k < 4; k++)
		sum += h->taps[k].rcv_time;
	ck_assert_int_eq(sum, (sim_time_t)n * 180 * SIM_NS);
	model_free(m);

#define PLAIN(cpu) "{ 'dev': 'eth0', 'cpu': " #cpu ", 'filter': '30ns', 'rcv': '150ns'," \
		   " 'copy_per_kib': '0ns' }"
	m = model_load(FANOUT_JSON, 0, 4, PLAIN(1) "," PLAIN(2) "," PLAIN(3) "," PLAIN(4));
#undef PLAIN
	model_run(m);
	h = model_host(m);
	ck_assert_int_eq(h->nfanouts, 0);
	sum = 0;
	for (k = 0; k < 4; k++) {
		ck_assert_uint_eq(h->taps[k].seen, n);
		sum += h->taps[k].rcv_time;
	}
	ck_assert_int_eq(sum, 4 * (sim_time_t)n * 180 * SIM_NS);
	model_free(m);
}
END_TEST

/* The member's own filter runs in its func, after the group chose it: lb
 * over 2 members, member 0's filter refusing everything: its N / 2 frames
 * (frames 2, 4, ...: v % 2 = 0) are seen and filtered, none recorded;
 * member 1 records its N - N / 2. */
START_TEST(member_filter_after_demux)
{
	const char *e[2] = { ", 'fanout_mode': 'lb', 'match': '0'", ", 'fanout_mode': 'lb'" };
	struct model *m = group(0, 4, 2, e);
	struct packet_tap *t0, *t1;
	uint64_t n;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	ck_assert_uint_eq(t0->seen, n / 2);
	ck_assert_uint_eq(t0->filtered, n / 2);
	ck_assert_uint_eq(t0->tp_packets, 0);
	ck_assert_uint_eq(t1->seen, n - n / 2);
	ck_assert_uint_eq(t1->filtered, 0);
	ck_assert_uint_eq(t1->tp_packets, n - n / 2);
	model_free(m);
}
END_TEST

/* cpu mode on CPU 0 with 2 members and the rollover flag: every frame's
 * member is 0, whose reader never reads; member 1 reads at once.
 * Frames 1-85 find member 0 ROOM_NORMAL: before frame 85 kactive is still
 * 2 (full, not yet closed) and block 3 the kernel's; frame 85 closes block
 * 2 and opens block 3.  Frames 86-113: kactive 3 and block 0 the reader's:
 * ROOM_LOW; fanout_flow_is_huge() wants one rxhash in more than 8 of the
 * 16 history slots, and the 4 flows come in turn, so in 28 frames none is
 * written more than 7 times: they stay, fill block 3 (frames 85-112), and
 * frame 113 closes it, finds block 0 the reader's: frozen, dropped.  From
 * frame 114 member 0 is ROOM_NONE: the search starts at rollover->sock 0,
 * skips member 0 and takes member 1 (ROOM_NORMAL, no pressure), so
 * rollover->sock becomes 1: tp_all counts each of the N - 113, none huge
 * (ROOM_NONE), none failed. */
START_TEST(rollover_to_a_member_with_room)
{
	const char *e[2] = { ", 'fanout_mode': 'cpu', 'fanout_rollover': true" PAUSED,
			     ", 'fanout_mode': 'cpu', 'fanout_rollover': true" };
	struct model *m = group(0, 4, 2, e);
	struct packet_tap *t0, *t1;
	uint64_t n;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	ck_assert_uint_eq(t0->tp_packets, 113);
	ck_assert_uint_eq(t0->tp_drops, 1);
	ck_assert_uint_eq(t0->tp_freeze_q_cnt, 1);
	ck_assert_uint_eq(t0->rollover_num, n - 113);
	ck_assert_uint_eq(t0->rollover_num_huge, 0);
	ck_assert_uint_eq(t0->rollover_num_failed, 0);
	ck_assert_uint_eq(t0->rollover_sock, 1);
	ck_assert_uint_eq(t1->tp_packets, n - 113);
	ck_assert_uint_eq(t1->tp_drops, 0);
	ck_assert_uint_eq(t1->rollover_num, 0);
	ck_assert(!t1->pressure);
	model_free(m);
}
END_TEST

/* As above, but member 1's reader never reads either.  Member 1 takes
 * frames 114-198, 85 of them, ROOM_NORMAL before each (as member 0's
 * frames 1-85); before frame 199 its kactive is 3 with block 0 the
 * reader's: ROOM_LOW, pressure set, not taken; no other member: tp_failed,
 * the frame stays on member 0 (ROOM_NONE, frozen) and is dropped.  Member
 * 1 keeps its pressure (its reader never polls), so every later frame
 * fails the same way.  Member 0: tp_packets 113 + (N - 198), tp_drops
 * 1 + (N - 198), tp_all 85, tp_failed N - 198. */
START_TEST(rollover_fails_when_no_member_has_room)
{
	struct model *m = group_all(0, 4, 2, ", 'fanout_mode': 'cpu', 'fanout_rollover': true"
				    PAUSED);
	struct packet_tap *t0, *t1;
	uint64_t n;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	ck_assert_uint_eq(t0->tp_packets, 113 + (n - 198));
	ck_assert_uint_eq(t0->tp_drops, 1 + (n - 198));
	ck_assert_uint_eq(t0->rollover_num, 85);
	ck_assert_uint_eq(t0->rollover_num_huge, 0);
	ck_assert_uint_eq(t0->rollover_num_failed, n - 198);
	ck_assert_uint_eq(t1->tp_packets, 85);
	ck_assert_uint_eq(t1->tp_drops, 0);
	ck_assert_uint_eq(t1->tp_freeze_q_cnt, 0);
	ck_assert(t1->pressure);
	model_free(m);
}
END_TEST

/* Type rollover (no flag): fanout_demux_rollover(f, skb, 0, false, num)
 * with member 0's rollover state and no self test: every frame it places
 * counts tp_all, even on member 0.  Both readers paused.  Frames 1-85:
 * member 0 ROOM_NORMAL (as above).  Frame 86: member 0 ROOM_LOW, pressure
 * set; member 1 taken, rollover->sock 1.  Frames 86-170 on member 1.
 * Frame 171: member 1 ROOM_LOW (pressure), member 0 under pressure:
 * failed, to member 0, whose block 3 holds only frame 85: frames 171-197
 * fill it (27 more), frame 198 closes it and is dropped (frozen), as is
 * every later one.  tp_all 170, tp_failed N - 170; member 0 tp_packets
 * 85 + N - 170, tp_drops N - 197; member 1 85. */
START_TEST(rollover_mode_no_flag)
{
	struct model *m = group_all(0, 4, 2, ", 'fanout_mode': 'rollover'" PAUSED);
	struct packet_tap *t0, *t1;
	uint64_t n;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	ck_assert_uint_eq(t0->rollover_num, 170);
	ck_assert_uint_eq(t0->rollover_num_huge, 0);
	ck_assert_uint_eq(t0->rollover_num_failed, n - 170);
	ck_assert_uint_eq(t0->tp_packets, 85 + (n - 170));
	ck_assert_uint_eq(t0->tp_drops, n - 197);
	ck_assert_uint_eq(t0->tp_freeze_q_cnt, 1);
	ck_assert_uint_eq(t1->tp_packets, 85);
	ck_assert_uint_eq(t1->tp_drops, 0);
	model_free(m);
}
END_TEST

/* One flow, the rollover flag, member 0 paused, member 1 reading.  Frames
 * 1-85 stay on member 0 (ROOM_NORMAL); from frame 86 it is ROOM_LOW and
 * fanout_flow_is_huge() counts the flow's rxhash in the 16 history slots:
 * each frame writes it to one random slot, so after k frames at most k
 * slots hold it, and "more than 8" needs 9: frames 86-94 stay.  Once 9
 * slots hold it they keep it (every write is the same hash), so every later
 * ROOM_LOW frame rolls over as huge.  Block 3 (frame 85 in it) holds 27
 * more frames before it would close and freeze at the 28th: with 9
 * distinct slots among 27 uniform draws from 16 (13.2 expected), member 0
 * never freezes; it keeps ROOM_LOW, and every frame after the first huge
 * one rolls over to member 1 as huge: tp_huge = tp_all = N - tp_packets,
 * with 94 <= tp_packets <= 112. */
START_TEST(rollover_huge_flow)
{
	const char *e[2] = { ", 'fanout_mode': 'cpu', 'fanout_rollover': true" PAUSED,
			     ", 'fanout_mode': 'cpu', 'fanout_rollover': true" };
	struct model *m = group(0, 1, 2, e);
	struct packet_tap *t0, *t1;
	uint64_t n;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	ck_assert_uint_eq(t0->tp_drops, 0);
	ck_assert_uint_eq(t0->tp_freeze_q_cnt, 0);
	ck_assert_uint_ge(t0->tp_packets, 94);
	ck_assert_uint_le(t0->tp_packets, 112);
	ck_assert_uint_eq(t0->rollover_num, n - t0->tp_packets);
	ck_assert_uint_eq(t0->rollover_num_huge, t0->rollover_num);
	ck_assert_uint_eq(t0->rollover_num_failed, 0);
	ck_assert_uint_eq(t1->tp_packets, n - t0->tp_packets);
	model_free(m);
}
END_TEST

/* Pressure is cleared by packet_poll(): as rollover_fails_when_no_member_has_room,
 * but member 1's reader resumes at 3 ms.  Until then the frames after
 * frame 198 fail (member 1 keeps its pressure) and member 0 drops them;
 * then member 1's reader gives its 3 full blocks back and, finding block
 * 3 still the kernel's, polls: packet_rcv_try_clear_pressure() finds block
 * kactive + 1 the kernel's again (ROOM_NORMAL) and clears the pressure, so
 * frames roll over to member 1 again and no later one fails.  Member 0:
 * tp_packets 113 + failed, tp_drops 1 + failed; tp_all N - tp_packets. */
START_TEST(pressure_cleared_by_poll)
{
	const char *e[2] = { ", 'fanout_mode': 'cpu', 'fanout_rollover': true" PAUSED,
			     ", 'fanout_mode': 'cpu', 'fanout_rollover': true,"
			     "  'pauses': [ { 'at': '0ms', 'for': '3ms' } ]" };
	struct model *m = group(0, 4, 2, e);
	struct packet_tap *t0, *t1;
	uint64_t n, failed;

	model_run(m);
	n = frames(m);
	t0 = &model_host(m)->taps[0];
	t1 = &model_host(m)->taps[1];
	failed = t0->rollover_num_failed;
	/* frames 199 to about 300 arrive while member 1 is paused */
	ck_assert_uint_gt(failed, 90);
	ck_assert_uint_lt(failed, 110);
	ck_assert_uint_eq(t0->tp_packets, 113 + failed);
	ck_assert_uint_eq(t0->tp_drops, 1 + failed);
	ck_assert_uint_eq(t0->rollover_num, n - t0->tp_packets);
	ck_assert_uint_eq(t1->tp_packets, n - t0->tp_packets);
	ck_assert_uint_eq(t1->tp_drops, 0);
	ck_assert(!t1->pressure);
	model_free(m);
}
END_TEST

/* rnd: get_random_u32_below(num) per frame: each of 4 members gets a
 * binomial(N, 1/4) share, within 5 standard deviations of N / 4. */
START_TEST(rnd_mode_uniform)
{
	struct model *m = group_all(0, 4, 4, ", 'fanout_mode': 'rnd'");
	struct host *h;
	double n, sd;
	int k;

	model_run(m);
	h = model_host(m);
	n = (double)frames(m);
	sd = sqrt(n * 0.25 * 0.75);
	for (k = 0; k < 4; k++)
		ck_assert_msg(fabs((double)h->taps[k].seen - n / 4) < 5 * sd,
			      "member %d: %.0f of %.0f", k, (double)h->taps[k].seen, n);
	model_free(m);
}
END_TEST

/* __packet_rcv_has_room() of a plain packet socket: avail = rcvbuf -
 * rmem_alloc - truesize; ROOM_NORMAL above rcvbuf / 4, ROOM_LOW above 0. */
START_TEST(has_room_socket_quarters)
{
	struct tap_cfg cfg;
	struct packet_tap t;

	memset(&cfg, 0, sizeof(cfg));
	memset(&t, 0, sizeof(t));
	cfg.mode = TAP_SOCKET;
	t.cfg = &cfg;
	t.sk_rcvbuf = 4000;
	t.sk_rmem_alloc = 2000;
	/* 4000 - 2000 - 900 = 1100 > 1000 */
	ck_assert_int_eq(af_packet_has_room(&t, 900), ROOM_NORMAL);
	/* 4000 - 2000 - 1000 = 1000, not > 1000, > 0 */
	ck_assert_int_eq(af_packet_has_room(&t, 1000), ROOM_LOW);
	/* 4000 - 2000 - 2000 = 0 */
	ck_assert_int_eq(af_packet_has_room(&t, 2000), ROOM_NONE);
	/* packet_poll's question, no skb: 2000 > 1000 */
	ck_assert_int_eq(af_packet_has_room(&t, 0), ROOM_NORMAL);
}
END_TEST

/* __tpacket_has_room() of a V2 ring of 8 frames: the frame head + 2 the
 * kernel's: ROOM_NORMAL; else the frame at head: ROOM_LOW; else NONE. */
START_TEST(has_room_v2_quarter_ahead)
{
	struct tap_cfg cfg;
	struct packet_tap t;
	bool user[8] = { false };

	memset(&cfg, 0, sizeof(cfg));
	memset(&t, 0, sizeof(t));
	cfg.mode = TAP_V2;
	t.cfg = &cfg;
	t.frame_nr = 8;
	t.user = user;
	t.head = 7;
	ck_assert_int_eq(af_packet_has_room(&t, 0), ROOM_NORMAL);
	user[1] = true;		/* (7 + 8 / 4) % 8 = 1 */
	ck_assert_int_eq(af_packet_has_room(&t, 0), ROOM_LOW);
	user[7] = true;
	ck_assert_int_eq(af_packet_has_room(&t, 0), ROOM_NONE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("af_packet_fanout");
	TCase *tc = tcase_create("fanout");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, lb_round_robin_exact);
	tcase_add_test(tc, cpu_mode_member_c_mod_num);
	tcase_add_test(tc, qm_mode_queue_mapping);
	tcase_add_test(tc, hash_symmetric_and_one_flow_one_member);
	tcase_add_test(tc, group_charges_a_frame_once);
	tcase_add_test(tc, member_filter_after_demux);
	tcase_add_test(tc, rollover_to_a_member_with_room);
	tcase_add_test(tc, rollover_fails_when_no_member_has_room);
	tcase_add_test(tc, rollover_mode_no_flag);
	tcase_add_test(tc, rollover_huge_flow);
	tcase_add_test(tc, rnd_mode_uniform);
	tcase_add_test(tc, pressure_cleared_by_poll);
	tcase_add_test(tc, has_room_socket_quarters);
	tcase_add_test(tc, has_room_v2_quarter_ahead);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
