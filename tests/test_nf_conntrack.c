/* SPDX-License-Identifier: MIT */
/*
 * test_nf_conntrack.c - the conntrack table (models/nf_conntrack.c) against
 * net/netfilter/nf_conntrack_core.c as 6.x has it:
 *
 *   __nf_conntrack_alloc(): count + 1 > nf_conntrack_max calls early_drop();
 *     if it frees nothing, NF_DROP: stat drop on the CPU, the ratelimited
 *     log line (net_ratelimit: 10 per 5 s).
 *   early_drop(): buckets reciprocal_scale(hash) .. +7 (mod size); in the
 *     first that holds any confirmed unassured entry, all such entries go
 *     (early_drop += how many) and the new entry is admitted.  Expired
 *     entries met are freed but do not count: the allocation still fails.
 *   nf_conntrack_udp_packet(): an entry seen both ways that is still active
 *     after stream_ts (2 s after its first packet) becomes ASSURED with the
 *     stream timeout; ASSURED entries are never evicted.
 *
 * Tables are built directly (no host); tuples differ by source port and
 * address.  Where a test needs tuples in chosen buckets it searches them
 * with nf_ct_bucket(): the test is of the scan's reach, not of the hash.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/nf_conntrack.h"

#define HZ 1000

static struct conntrack_cfg cfg_of(int64_t max, int64_t buckets)
{
	struct conntrack_cfg c;

	memset(&c, 0, sizeof(c));
	c.enabled = true;
	c.max = max;
	c.buckets = buckets;
	c.udp_timeout = 30 * SIM_S;
	c.udp_timeout_stream = 120 * SIM_S;
	c.tcp_timeout_established = 432000 * SIM_S;
	return c;
}

static struct flow_tuple tuple(uint32_t i)
{
	struct flow_tuple t;

	memset(&t, 0, sizeof(t));
	t.family = FLOW_IPV4;
	t.proto = FLOW_UDP;
	t.saddr[0] = 10;
	t.saddr[1] = (uint8_t)(i >> 16);
	t.saddr[2] = (uint8_t)(i >> 8);
	t.saddr[3] = (uint8_t)i;
	t.daddr[0] = 192;
	t.daddr[1] = 168;
	t.daddr[3] = 1;
	t.sport = (uint16_t)(1024 + (i & 0x3fff));
	t.dport = 9000;
	return t;
}

/* One packet of a new flow, confirmed at once as when INPUT accepts it;
 * returns the verdict of nf_conntrack_in. */
static enum nf_ct_verdict packet(struct nf_ct_table *t, const struct flow_tuple *k,
				 sim_time_t now)
{
	int32_t idx = -1;
	enum nf_ct_verdict v = nf_conntrack_in(t, 0, k, now, &idx);

	if (v == NF_CT_NEW)
		ck_assert(nf_conntrack_confirm(t, 0, idx, now));
	return v;
}

/* Into an empty table exactly the first nf_conntrack_max flows are
 * admitted without eviction; with one bucket, flow max + 1 finds every
 * entry in the one scanned bucket and evicts all max of them. */
START_TEST(empty_table_admits_max)
{
	struct conntrack_cfg c = cfg_of(4, 1);
	struct nf_ct_table t;
	uint32_t i;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	for (i = 0; i < 4; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	}
	ck_assert_uint_eq(t.count, 4);
	ck_assert_uint_eq(t.stat[0].early_drop, 0);
	/* N = 11 new flows: evictions at flows 5 and 9 (floor((N-1)/max) = 2),
	 * each of all max = 4 entries: early_drop 8, no drop, count 11 - 8 = 3 */
	for (; i < 11; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	}
	ck_assert_uint_eq(t.stat[0].early_drop, 8);
	ck_assert_uint_eq(t.stat[0].drop, 0);
	ck_assert_uint_eq(t.count, 3);
	/* a flow already in the table is found: no new entry */
	{
		struct flow_tuple k = tuple(10);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW_EXISTING);
		ck_assert_uint_eq(t.count, 3);
	}
	nf_ct_free(&t);
}
END_TEST

/* A table full of ASSURED entries evicts nothing: each of N new flows is
 * dropped; the log line is printed for the first 10 within 5 s
 * (DEFAULT_RATELIMIT_BURST / _INTERVAL), then again after the interval. */
START_TEST(assured_table_drops_every_new_flow)
{
	struct conntrack_cfg c = cfg_of(100, 64);
	struct nf_ct_table t;
	uint32_t i;

	ck_assert_int_eq(nf_ct_init(&t, &c, 2, HZ, 1), 0);
	for (i = 0; i < 100; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert(nf_ct_add_assured(&t, &k, 0));
	}
	{
		struct flow_tuple k = tuple(100);

		ck_assert(!nf_ct_add_assured(&t, &k, 0));	/* full */
	}
	for (i = 0; i < 25; i++) {
		struct flow_tuple k = tuple(1000 + i);
		int32_t idx;

		ck_assert_int_eq(nf_conntrack_in(&t, 1, &k, SIM_MS, &idx), NF_CT_DROP);
	}
	ck_assert_uint_eq(t.stat[1].drop, 25);
	ck_assert_uint_eq(t.stat[0].drop, 0);	/* counted on the CPU that ran the hook */
	ck_assert_uint_eq(t.stat[1].early_drop, 0);
	ck_assert_uint_eq(t.count, 100);
	ck_assert_uint_eq(t.log_printed, 10);
	ck_assert_uint_eq(t.log_suppressed, 15);
	/* begin was jiffy 1; 5001 is not after 1 + 5000: still suppressed */
	{
		struct flow_tuple k = tuple(2000);
		int32_t idx;

		ck_assert_int_eq(nf_conntrack_in(&t, 1, &k, 5001 * SIM_MS, &idx), NF_CT_DROP);
		ck_assert_uint_eq(t.log_printed, 10);
	}
	/* jiffy 5002 > 5001: a new burst of 10 */
	for (i = 0; i < 12; i++) {
		struct flow_tuple k = tuple(3000 + i);
		int32_t idx;

		ck_assert_int_eq(nf_conntrack_in(&t, 1, &k, 5002 * SIM_MS, &idx), NF_CT_DROP);
	}
	ck_assert_uint_eq(t.log_printed, 20);
	ck_assert_uint_eq(t.log_suppressed, 15 + 1 + 2);
	/* the established flows are still found */
	for (i = 0; i < 100; i++) {
		struct flow_tuple k = tuple(i);
		int32_t idx;

		ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 6 * SIM_S, &idx), NF_CT_ESTABLISHED);
	}
	nf_ct_free(&t);
}
END_TEST

/* With A assured and U unassured entries in one bucket, a new flow evicts
 * exactly the U (early_drop += U) and leaves the A. */
START_TEST(early_drop_takes_every_unassured_of_the_bucket)
{
	struct conntrack_cfg c = cfg_of(10, 1);
	struct nf_ct_table t;
	uint32_t i;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 7), 0);
	for (i = 0; i < 7; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert(nf_ct_add_assured(&t, &k, 0));
	}
	for (; i < 10; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	}
	{
		struct flow_tuple k = tuple(50);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	}
	ck_assert_uint_eq(t.stat[0].early_drop, 3);
	ck_assert_uint_eq(t.count, 8);
	ck_assert_uint_eq(nf_ct_count_status(&t, IPS_ASSURED), 7);
	nf_ct_free(&t);
}
END_TEST

/* A tuple whose original bucket is @b0 and reply bucket @b1 (searched). */
static struct flow_tuple tuple_in(const struct nf_ct_table *t, uint32_t b0, uint32_t b1,
				  uint32_t from)
{
	uint32_t i;

	for (i = from; i < from + 50000000u; i++) {
		struct flow_tuple k = tuple(i), r = k;

		memcpy(r.saddr, k.daddr, 16);
		memcpy(r.daddr, k.saddr, 16);
		r.sport = k.dport;
		r.dport = k.sport;
		if (nf_ct_bucket(t, &k) == b0 && (b1 == UINT32_MAX || nf_ct_bucket(t, &r) == b1))
			return k;
	}
	ck_abort_msg("no tuple in buckets %u/%u", b0, b1);
	return tuple(0);
}

/* The reach of early_drop: one unassured entry E with its nodes in buckets
 * 10 (original) and 40 (reply) of 64; the rest of the table ASSURED.  A new
 * flow is admitted (evicting E) iff bucket 10 or 40 is among its bucket
 * and the 7 after it (mod 64): from 3 (3..10) and 33 (33..40) yes, from 2
 * (2..9) and 41 (41..48) no, 11 (11..18) no. */
START_TEST(early_drop_reach_is_eight_buckets)
{
	static const struct { uint32_t from; bool admitted; } cases[] = {
		{ 3, true }, { 10, true }, { 33, true }, { 40, true },
		{ 2, false }, { 11, false }, { 41, false }, { 32, false },
	};
	struct conntrack_cfg c = cfg_of(20, 64);
	unsigned n;

	for (n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
		struct nf_ct_table t;
		struct flow_tuple e, k;
		uint32_t i, added = 0;
		int32_t idx;

		ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 3), 0);
		e = tuple_in(&t, 10, 40, 0);
		/* 19 assured entries outside buckets 0..63's way: any bucket is
		 * fine, they are never evicted */
		for (i = 1000000; added < 19; i++) {
			struct flow_tuple a = tuple(i);

			if (!memcmp(&a, &e, sizeof(a)))
				continue;
			ck_assert(nf_ct_add_assured(&t, &a, 0));
			added++;
		}
		ck_assert_int_eq(packet(&t, &e, 0), NF_CT_NEW);
		ck_assert_uint_eq(t.count, 20);
		k = tuple_in(&t, cases[n].from, UINT32_MAX, 2000000);
		if (cases[n].admitted) {
			ck_assert_msg(nf_conntrack_in(&t, 0, &k, 0, &idx) == NF_CT_NEW,
				      "from bucket %u: expected admission", cases[n].from);
			ck_assert_uint_eq(t.stat[0].early_drop, 1);
		} else {
			ck_assert_msg(nf_conntrack_in(&t, 0, &k, 0, &idx) == NF_CT_DROP,
				      "from bucket %u: expected a drop", cases[n].from);
			ck_assert_uint_eq(t.stat[0].early_drop, 0);
		}
		nf_ct_free(&t);
	}
}
END_TEST

/* The scan wraps: an entry in bucket 1 (reply 30) is in reach of a flow
 * hashing to 60 (60..63, 0..3). */
START_TEST(early_drop_reach_wraps)
{
	struct conntrack_cfg c = cfg_of(1, 64);
	struct nf_ct_table t;
	struct flow_tuple e, k;
	int32_t idx;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 5), 0);
	e = tuple_in(&t, 1, 30, 0);
	ck_assert_int_eq(packet(&t, &e, 0), NF_CT_NEW);
	k = tuple_in(&t, 60, UINT32_MAX, 3000000);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 0, &idx), NF_CT_NEW);
	ck_assert_uint_eq(t.stat[0].early_drop, 1);
	nf_ct_free(&t);
}
END_TEST

/* Timeouts: an unreplied UDP entry lives nf_conntrack_udp_timeout after
 * its last packet; met expired on a lookup it is freed and the packet
 * makes a new entry. */
START_TEST(udp_timeout_expires_entries)
{
	struct conntrack_cfg c = cfg_of(10, 16);
	struct nf_ct_table t;
	struct flow_tuple k = tuple(1);

	c.udp_timeout = SIM_S;
	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	/* refreshed at 0.5 s: lives until 1.5 s */
	ck_assert_int_eq(packet(&t, &k, SIM_S / 2), NF_CT_NEW_EXISTING);
	ck_assert_int_eq(packet(&t, &k, 1400 * SIM_MS), NF_CT_NEW_EXISTING);
	/* last packet at 1.4 s: expired from 2.4 s on */
	ck_assert_int_eq(packet(&t, &k, 2399 * SIM_MS), NF_CT_NEW_EXISTING);
	ck_assert_int_eq(packet(&t, &k, 3399 * SIM_MS), NF_CT_NEW);
	ck_assert_uint_eq(t.expired, 1);
	ck_assert_uint_eq(t.count, 1);
	nf_ct_free(&t);
}
END_TEST

/* An expired ASSURED entry met by early_drop is freed, not counted: the
 * allocation that ran the scan still fails (the kernel's early_drop returns
 * false); the next new flow then finds room.  The entry sits in buckets 11
 * and 50, the new flow's lookup walks bucket 10 only, its scan 10..17. */
START_TEST(expired_entry_freed_by_scan_still_drops)
{
	struct conntrack_cfg c = cfg_of(1, 64);
	struct nf_ct_table t;
	struct flow_tuple a, b;
	int32_t idx;

	c.udp_timeout_stream = 2 * SIM_S;
	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	a = tuple_in(&t, 11, 50, 0);
	b = tuple_in(&t, 10, UINT32_MAX, 4000000);
	ck_assert(nf_ct_add_assured(&t, &a, 0));
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &b, SIM_S, &idx), NF_CT_DROP);
	ck_assert_uint_eq(t.expired, 0);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &b, 3 * SIM_S, &idx), NF_CT_DROP);
	ck_assert_uint_eq(t.expired, 1);
	ck_assert_uint_eq(t.count, 0);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &b, 3 * SIM_S, &idx), NF_CT_NEW);
	ck_assert_uint_eq(t.stat[0].drop, 2);
	ck_assert_uint_eq(t.stat[0].early_drop, 0);
	nf_ct_free(&t);
}
END_TEST

/* nf_conntrack_udp_packet(): seen a reply, a packet after stream_ts (first
 * packet + 2 s, strictly after) makes the entry ASSURED with the stream
 * timeout; at exactly 2 s it is not yet. */
START_TEST(udp_stream_becomes_assured)
{
	struct conntrack_cfg c = cfg_of(10, 16);
	struct nf_ct_table t;
	struct flow_tuple k = tuple(1);
	int32_t idx;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 0, &idx), NF_CT_NEW);
	ck_assert(nf_conntrack_confirm(&t, 0, idx, 0));
	t.ct[idx].status |= IPS_SEEN_REPLY;	/* the reply direction was seen */
	ck_assert_int_eq(packet(&t, &k, 2 * SIM_S), NF_CT_ESTABLISHED);
	ck_assert(!(t.ct[idx].status & IPS_ASSURED));
	ck_assert_int_eq(t.ct[idx].timeout, 2 * SIM_S + c.udp_timeout);
	ck_assert_int_eq(packet(&t, &k, 2 * SIM_S + SIM_MS), NF_CT_ESTABLISHED);
	ck_assert(t.ct[idx].status & IPS_ASSURED);
	ck_assert_int_eq(t.ct[idx].timeout, 2 * SIM_S + SIM_MS + c.udp_timeout_stream);
	nf_ct_free(&t);
}
END_TEST

/* An entry whose packet INPUT dropped is never confirmed: its slot returns
 * and the count with it. */
START_TEST(unconfirmed_entry_released)
{
	struct conntrack_cfg c = cfg_of(2, 16);
	struct nf_ct_table t;
	struct flow_tuple k = tuple(1);
	int32_t idx;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 0, &idx), NF_CT_NEW);
	ck_assert_uint_eq(t.count, 1);
	nf_ct_put_unconfirmed(&t, idx);
	ck_assert_uint_eq(t.count, 0);
	/* not in the table: the next packet is new again */
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 0, &idx), NF_CT_NEW);
	nf_ct_free(&t);
}
END_TEST

/* Which new flows win: with U unassured entries (2U hash nodes) spread
 * over H buckets, a scan of 8 buckets finds one with probability close to
 * 1 - (1 - 8/H)^(2U) (the rules document, section 13).  H = 1024, U = 32:
 * 1 - (127/128)^64 = 0.3942; over 2000 fresh tables, 788 +- 4 sd (sd =
 * sqrt(2000 * 0.394 * 0.606) = 21.9): 700..876. */
START_TEST(early_drop_success_rate)
{
	struct conntrack_cfg c = cfg_of(100, 1024);
	uint32_t won = 0, n, i;

	for (n = 0; n < 2000; n++) {
		struct nf_ct_table t;
		struct flow_tuple k;
		int32_t idx;

		ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1000 + n), 0);
		for (i = 0; i < 68; i++) {
			k = tuple(i);
			ck_assert(nf_ct_add_assured(&t, &k, 0));
		}
		for (; i < 100; i++) {
			k = tuple(i);
			ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
		}
		k = tuple(5000);
		won += nf_conntrack_in(&t, 0, &k, 0, &idx) == NF_CT_NEW;
		nf_ct_free(&t);
	}
	ck_assert_uint_ge(won, 700);
	ck_assert_uint_le(won, 876);
}
END_TEST

/* An entry put in ASSURED (answered before the run) is a stream from the
 * start: a packet at time 0 refreshes it to the stream timeout, not to the
 * unreplied one. */
START_TEST(preloaded_entry_is_a_stream)
{
	struct conntrack_cfg c = cfg_of(10, 16);
	struct nf_ct_table t;
	struct flow_tuple k = tuple(1);
	int32_t idx;

	c.udp_timeout = 10 * SIM_MS;
	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	ck_assert(nf_ct_add_assured(&t, &k, 0));
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, 0, &idx), NF_CT_ESTABLISHED);
	ck_assert_int_eq(t.ct[idx].timeout, c.udp_timeout_stream);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, SIM_S, &idx), NF_CT_ESTABLISHED);
	ck_assert_uint_eq(t.expired, 0);
	nf_ct_free(&t);
}
END_TEST

/* gc_worker after a table-full drop: max 200 (max95 = 200 / 100 * 95 =
 * 190), 199 ASSURED entries and one unassured E out of a new flow's reach:
 * the flow is dropped; the next pass finds count 200 >= 190 and kills E
 * (not an early_drop); the flow then finds room. */
START_TEST(gc_worker_evicts_after_table_full)
{
	struct conntrack_cfg c = cfg_of(200, 1024);
	struct nf_ct_table t;
	struct flow_tuple e, k;
	uint32_t i, added = 0;
	int32_t idx;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 9), 0);
	e = tuple_in(&t, 500, 600, 0);
	k = tuple_in(&t, 100, UINT32_MAX, 5000000);
	for (i = 9000000; added < 199; i++) {
		struct flow_tuple a = tuple(i);

		if (!memcmp(&a, &e, sizeof(a)) || !memcmp(&a, &k, sizeof(a)))
			continue;
		ck_assert(nf_ct_add_assured(&t, &a, 0));
		added++;
	}
	ck_assert_int_eq(packet(&t, &e, 0), NF_CT_NEW);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, SIM_S / 2, &idx), NF_CT_DROP);
	ck_assert(t.gc_early_drop);
	nf_ct_gc_worker(&t, SIM_S);
	ck_assert_uint_eq(t.gc_evicted, 1);
	ck_assert_uint_eq(t.count, 199);
	ck_assert(!t.gc_early_drop);
	ck_assert_int_eq(nf_conntrack_in(&t, 0, &k, SIM_S, &idx), NF_CT_NEW);
	ck_assert_uint_eq(t.stat[0].early_drop, 0);
	nf_ct_free(&t);
}
END_TEST

/* Below 100 entries max95 is 0 (max / 100 * 95 in integers): gc_worker
 * never evicts for fullness, only expired entries. */
START_TEST(gc_worker_small_table_no_eviction)
{
	struct conntrack_cfg c = cfg_of(20, 1);
	struct nf_ct_table t;
	uint32_t i;

	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	for (i = 0; i < 19; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert(nf_ct_add_assured(&t, &k, 0));
	}
	{
		struct flow_tuple k = tuple(100);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);	/* unassured, count 20 */
		t.gc_early_drop = true;
	}
	nf_ct_gc_worker(&t, SIM_S);
	ck_assert_uint_eq(t.gc_evicted, 0);
	ck_assert_uint_eq(t.count, 20);
	nf_ct_free(&t);
}
END_TEST

/* Expired entries go at the pass; the next pass comes after the running
 * mean from 100 entries at 60 s: none left -> 60 s; one entry with 30 s
 * left -> 60000 + (30000 - 60000) / 101 = 60000 - 297 = 59703 jiffies
 * (C division truncates toward zero). */
START_TEST(gc_worker_expiry_and_interval)
{
	struct conntrack_cfg c = cfg_of(100, 64);
	struct nf_ct_table t;
	uint32_t i;

	c.udp_timeout = SIM_S / 2;
	ck_assert_int_eq(nf_ct_init(&t, &c, 1, HZ, 1), 0);
	for (i = 0; i < 10; i++) {
		struct flow_tuple k = tuple(i);

		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);
	}
	ck_assert_int_eq(nf_ct_gc_worker(&t, SIM_S), 60 * SIM_S);
	ck_assert_uint_eq(t.count, 0);
	ck_assert_uint_eq(t.expired, 10);
	{
		struct flow_tuple k = tuple(50);

		c.udp_timeout = 31 * SIM_S;
		ck_assert_int_eq(packet(&t, &k, 0), NF_CT_NEW);	/* expires at 31 s */
	}
	ck_assert_int_eq(nf_ct_gc_worker(&t, SIM_S), 59703 * SIM_MS);
	nf_ct_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nf_conntrack");
	TCase *tc = tcase_create("table");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, empty_table_admits_max);
	tcase_add_test(tc, assured_table_drops_every_new_flow);
	tcase_add_test(tc, early_drop_takes_every_unassured_of_the_bucket);
	tcase_add_test(tc, early_drop_reach_is_eight_buckets);
	tcase_add_test(tc, early_drop_reach_wraps);
	tcase_add_test(tc, early_drop_success_rate);
	tcase_add_test(tc, udp_timeout_expires_entries);
	tcase_add_test(tc, expired_entry_freed_by_scan_still_drops);
	tcase_add_test(tc, udp_stream_becomes_assured);
	tcase_add_test(tc, unconfirmed_entry_released);
	tcase_add_test(tc, preloaded_entry_is_a_stream);
	tcase_add_test(tc, gc_worker_evicts_after_table_full);
	tcase_add_test(tc, gc_worker_small_table_no_eviction);
	tcase_add_test(tc, gc_worker_expiry_and_interval);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
