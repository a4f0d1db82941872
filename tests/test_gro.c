/* SPDX-License-Identifier: MIT */
/*
 * test_gro.c - GRO in the driver poll (net/core/gro.c dev_gro_receive,
 * net/ipv4/tcp_offload.c tcp_gro_receive, net/ipv4/udp_offload.c
 * udp_gro_receive_segment), with hand-made packets offered to
 * napi_gro_receive() of a started model, and end to end.
 *
 * The TCP segments are IPv4 with a 32-byte TCP header (timestamps): a
 * segment of P payload bytes is a frame of 18 + 20 + 32 + P bytes and an
 * skb->len (L3) of 52 + P; a full one carries P = 1448 (1518-byte frame,
 * 1500 at L3).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/gro.h"
#include "rxsim/pool.h"
#include "test_util.h"

#define MSS 1448u

/* A host whose only NAPI has GRO on (a TCP source that starts after the
 * test, a UDP_GRO socket on 9000, a plain one on 9001). */
static struct model *gro_model(const char *extra_nic, const char *kernel)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'kernel': '%s',"
		"  'host': { 'cpus': 1 },"
		"  'nics': [{ 'queues': 1 %s }],"
		"  'sockets': [{ 'name': 'g', 'port': 9000, 'udp_gro': true },"
		"              { 'name': 'p', 'port': 9001 }],"
		"  'traffic': [{ 'name': 'tcp', 'proto': 'tcp', 'dst_port': 80, 'rate': '1kpps',"
		"                'start': '9ms' }] }",
		kernel, extra_nic);

	model_start(m);
	ck_assert(model_rxq(m, 0)->gro->on);
	return m;
}

static struct packet *pkt(struct host *h, int proto, uint8_t host_id, uint16_t dport,
			  uint32_t hash, uint32_t size)
{
	struct packet *p = host_packet_alloc(h);

	memset(p, 0, sizeof(*p));
	p->tuple.family = FLOW_IPV4;
	p->tuple.proto = (uint8_t)proto;
	p->tuple.saddr[0] = 10;
	p->tuple.saddr[3] = host_id;
	p->tuple.daddr[0] = 192;
	p->tuple.daddr[3] = 1;
	p->tuple.sport = (uint16_t)(1000 + host_id);
	p->tuple.dport = dport;
	p->hash = hash;
	p->size = (uint16_t)size;
	p->src = 0;			/* the TCP source */
	return p;
}

/* A TCP segment of flow @flow (hash @hash) at @seq with @payload bytes. */
static struct packet *tcp(struct host *h, uint8_t flow, uint32_t hash, uint32_t seq,
			  uint32_t payload, uint8_t flags)
{
	struct packet *p = pkt(h, FLOW_TCP, flow, 80, hash, 18 + 20 + 32 + payload);

	p->seq = seq;
	p->payload = payload;
	p->tcp_flags = flags | TCPHDR_ACK;
	return p;
}

/* A UDP datagram of @payload bytes to @port: 18 + 20 + 8 + payload bytes. */
static struct packet *udp(struct host *h, uint8_t flow, uint16_t port, uint32_t payload)
{
	return pkt(h, FLOW_UDP, flow, port, 7u + flow, 18 + 20 + 8 + payload);
}

/* Give back what GRO handed on, so the model ends conserved. */
static void drain(struct host *h, struct napi *n)
{
	struct packet *p;

	napi_gro_flush(h, n, false);
	while ((p = pktq_pop(&n->rx_list)))
		pool_put(&h->pkts, p);
}

START_TEST(interleaved_flows_merge_separately)
{
	/* Flows A and B share bucket 1 (hashes 1 and 9): A0 B0 A1 B1 A2 B2 in
	 * sequence.  Each first segment is held, each next one joins its own
	 * flow: two held skbs of 3 segments, 4 merges, nothing handed on. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	struct packet *a, *b;
	int k;

	for (k = 0; k < 3; k++) {
		ck_assert(!napi_gro_receive(h, n, tcp(h, 1, 1, k * MSS, MSS, 0)));
		ck_assert(!napi_gro_receive(h, n, tcp(h, 2, 9, 5000 + k * MSS, MSS, 0)));
	}
	ck_assert_uint_eq(n->rx_list.len, 0);
	ck_assert_uint_eq(napi_gro(n)->count, 2);
	ck_assert_uint_eq(napi_gro(n)->hash[1].len, 2);
	ck_assert_uint_eq(napi_gro(n)->merged, 4);
	ck_assert_uint_eq(napi_gro(n)->bitmask, 1u << 1);
	/* napi_gro_flush(): oldest first, so A then B */
	napi_gro_flush(h, n, false);
	ck_assert_uint_eq(napi_gro(n)->count, 0);
	ck_assert_uint_eq(n->rx_list.len, 2);
	a = n->rx_list.head;
	b = a->next;
	ck_assert_uint_eq(a->tuple.saddr[3], 1);
	ck_assert_uint_eq(b->tuple.saddr[3], 2);
	ck_assert_uint_eq(a->gso_segs, 3);
	ck_assert_uint_eq(a->payload, 3 * MSS);
	/* skb->len: the first segment's 1500 + two more payloads */
	ck_assert_uint_eq(a->len, 1500 + 2 * MSS);
	ck_assert_uint_eq(napi_gro(n)->complete, 2);
	ck_assert_uint_eq(napi_gro(n)->flushes, 1);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(psh_merges_then_flushes)
{
	/* tcp_gro_receive: PSH is merged (the flag joins the held skb) and
	 * then forces the flush; the next segment starts a new skb. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;

	napi_gro_receive(h, n, tcp(h, 1, 3, 0, MSS, 0));
	napi_gro_receive(h, n, tcp(h, 1, 3, MSS, MSS, 0));
	napi_gro_receive(h, n, tcp(h, 1, 3, 2 * MSS, MSS, TCPHDR_PSH));
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, 3);
	ck_assert(n->rx_list.head->tcp_flags & TCPHDR_PSH);
	ck_assert_uint_eq(napi_gro(n)->count, 0);
	ck_assert_uint_eq(napi_gro(n)->merged, 2);
	napi_gro_receive(h, n, tcp(h, 1, 3, 3 * MSS, MSS, 0));
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	ck_assert_uint_eq(napi_gro(n)->held, 2);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(sequence_gap_flushes_held)
{
	/* seq 0, 1448, then 4344 (2896 missing): (th2->seq + len) ^ th->seq
	 * flushes the held skb of 2 segments; the new one is held. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;

	napi_gro_receive(h, n, tcp(h, 1, 3, 0, MSS, 0));
	napi_gro_receive(h, n, tcp(h, 1, 3, MSS, MSS, 0));
	napi_gro_receive(h, n, tcp(h, 1, 3, 3 * MSS, MSS, 0));
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, 2);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	ck_assert_uint_eq(napi_gro(n)->hash[3].head->seq, 3 * MSS);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(flags_and_short_segments)
{
	/* SYN, RST, URG, FIN without a flow to join: GRO_NORMAL at once; a pure
	 * ACK (no payload) likewise (len < mss = 1).  A segment shorter than
	 * the mss joins and completes the skb; a longer one does not join. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;

	napi_gro_receive(h, n, tcp(h, 1, 2, 0, 100, TCPHDR_SYN));
	napi_gro_receive(h, n, tcp(h, 2, 2, 0, 100, TCPHDR_RST));
	napi_gro_receive(h, n, tcp(h, 3, 2, 0, 100, TCPHDR_URG));
	napi_gro_receive(h, n, tcp(h, 4, 2, 0, 100, TCPHDR_FIN));
	napi_gro_receive(h, n, tcp(h, 5, 2, 0, 0, 0));
	ck_assert_uint_eq(napi_gro(n)->normal, 5);
	ck_assert_uint_eq(napi_gro(n)->count, 0);
	ck_assert_uint_eq(n->rx_list.len, 5);
	/* flow 6: 1000 bytes held (its mss 1000); 1448 is longer than that
	 * mss, (len - 1) >= mss: the held skb is completed alone and the 1448
	 * held (mss 1448); then 500 joins it and, shorter than the mss,
	 * completes it (2 segments, 1948 bytes) */
	napi_gro_receive(h, n, tcp(h, 6, 2, 0, 1000, 0));
	napi_gro_receive(h, n, tcp(h, 6, 2, 1000, 1448, 0));
	ck_assert_uint_eq(n->rx_list.len, 6);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	napi_gro_receive(h, n, tcp(h, 6, 2, 2448, 500, 0));
	ck_assert_uint_eq(n->rx_list.len, 7);
	ck_assert_uint_eq(n->rx_list.tail->gso_segs, 2);
	ck_assert_uint_eq(n->rx_list.tail->payload, 1948);
	ck_assert_uint_eq(napi_gro(n)->count, 0);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(max_gro_skbs_evicts_oldest)
{
	/* Nine flows in bucket 3 (hashes 3, 11, ..., 67), one segment each:
	 * the ninth finds MAX_GRO_SKBS (8) held and completes the oldest,
	 * flow 0, in gro_flush_oldest(); the bucket stays at 8. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	uint8_t f;

	for (f = 0; f < 9; f++)
		napi_gro_receive(h, n, tcp(h, f, 3 + 8u * f, 0, MSS, 0));
	ck_assert_uint_eq(napi_gro(n)->flush_oldest, 1);
	ck_assert_uint_eq(napi_gro(n)->hash[3].len, MAX_GRO_SKBS);
	ck_assert_uint_eq(napi_gro(n)->count, MAX_GRO_SKBS);
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->tuple.saddr[3], 0);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(gro_max_size_limits_the_merge)
{
	/* skb_gro_receive(): -E2BIG once p->len + len >= the limit.  With
	 * 1448-byte payloads (L3 1500): k joins need 1500 + 1448 k < limit.
	 * 65536 (default): k <= 44, skbs of 45 segments; the 46th segment is
	 * refused, completing the 45 and starting a new skb. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	uint32_t k;

	for (k = 0; k < 46; k++)
		napi_gro_receive(h, n, tcp(h, 1, 5, k * MSS, MSS, 0));
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, 45);
	ck_assert_uint_eq(n->rx_list.head->len, 1500 + 44 * MSS);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	drain(h, n);
	model_free(m);

	/* gro_ipv4_max_size 4500 (6.3+): 1500 + 1448 k < 4500 -> k <= 2:
	 * 7 segments give skbs of 3, 3 and one held */
	m = gro_model(", 'gro_ipv4_max_size': 4500", "6.18");
	h = model_host(m);
	n = &model_rxq(m, 0)->napi;
	for (k = 0; k < 7; k++)
		napi_gro_receive(h, n, tcp(h, 1, 5, k * MSS, MSS, 0));
	ck_assert_uint_eq(n->rx_list.len, 2);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, 3);
	ck_assert_uint_eq(n->rx_list.tail->gso_segs, 3);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	drain(h, n);
	model_free(m);

	/* Before 6.3 gro_max_size limits IPv4 too; gro_ipv4_max_size is for
	 * IPv6 only after it: 6.2 with gro_max_size 4500 -> the same 3 */
	m = gro_model(", 'gro_max_size': 4500", "6.2");
	h = model_host(m);
	n = &model_rxq(m, 0)->napi;
	for (k = 0; k < 4; k++)
		napi_gro_receive(h, n, tcp(h, 1, 5, k * MSS, MSS, 0));
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, 3);
	drain(h, n);
	model_free(m);

	/* On 6.18 gro_max_size is the IPv6 limit: IPv4 keeps 65536 */
	m = gro_model(", 'gro_max_size': 4500", "6.18");
	h = model_host(m);
	n = &model_rxq(m, 0)->napi;
	for (k = 0; k < 4; k++)
		napi_gro_receive(h, n, tcp(h, 1, 5, k * MSS, MSS, 0));
	ck_assert_uint_eq(n->rx_list.len, 0);
	ck_assert_uint_eq(napi_gro(n)->hash[5].head->gso_segs, 4);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(gro_normal_batch_counts_segments)
{
	/* gro_normal_one(): rx_count grows by the skb's segments and the list
	 * goes to the stack at gro_normal_batch (8).  A 6-segment skb (5 held
	 * + a PSH segment) leaves 2 to go: the second plain datagram (port
	 * 9001, no UDP_GRO) ends the batch with 3 skbs on the list. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	uint32_t k;

	for (k = 0; k < 5; k++)
		ck_assert(!napi_gro_receive(h, n, tcp(h, 1, 4, k * MSS, MSS, 0)));
	ck_assert(!napi_gro_receive(h, n, tcp(h, 1, 4, 5 * MSS, MSS, TCPHDR_PSH)));
	ck_assert_uint_eq(napi_gro(n)->rx_count, 6);
	ck_assert(!napi_gro_receive(h, n, udp(h, 1, 9001, 100)));
	ck_assert(napi_gro_receive(h, n, udp(h, 2, 9001, 100)));
	ck_assert_uint_eq(n->rx_list.len, 3);
	ck_assert_uint_eq(napi_gro(n)->normal_list, 1);
	ck_assert_uint_eq(napi_gro(n)->rx_count, 0);
	/* seven more plain ones: no batch; the end of the poll hands the rest
	 * as one more (gro_normal_list in napi_complete_done) */
	for (k = 0; k < 7; k++)
		ck_assert(!napi_gro_receive(h, n, udp(h, 3, 9001, 100)));
	n->work = 0;
	n->budget = 64;
	napi_gro_poll_end(h, n);
	ck_assert_uint_eq(napi_gro(n)->normal_list, 2);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(udp_gro_only_for_sockets_with_it)
{
	/* Port 9000 has UDP_GRO: equal datagrams merge; a shorter one joins and
	 * completes the skb; a longer one completes the held skb and starts a
	 * new one.  Port 9001 has not: every datagram is GRO_NORMAL. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	int k;

	for (k = 0; k < 4; k++)
		napi_gro_receive(h, n, udp(h, 1, 9001, 1000));
	ck_assert_uint_eq(napi_gro(n)->normal, 4);
	ck_assert_uint_eq(napi_gro(n)->count, 0);

	for (k = 0; k < 3; k++)
		napi_gro_receive(h, n, udp(h, 2, 9000, 1000));
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	ck_assert_uint_eq(napi_gro(n)->merged, 2);
	napi_gro_receive(h, n, udp(h, 2, 9000, 400));
	ck_assert_uint_eq(napi_gro(n)->count, 0);
	ck_assert_uint_eq(n->rx_list.tail->gso_segs, 4);
	ck_assert_uint_eq(n->rx_list.tail->payload, 3400);
	napi_gro_receive(h, n, udp(h, 2, 9000, 1000));
	napi_gro_receive(h, n, udp(h, 2, 9000, 1200));
	/* 1200 > 1000: the 1000 is completed alone, the 1200 held */
	ck_assert_uint_eq(n->rx_list.tail->gso_segs, 1);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	ck_assert_uint_eq(napi_gro(n)->hash[(7 + 2) & 7].head->gso_size, 1200);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(udp_gro_cnt_max)
{
	/* UDP_GRO_CNT_MAX: the 64th segment joins and completes the skb; 70
	 * datagrams of 100 bytes give one skb of 64 and 6 held in another. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;
	int k;

	for (k = 0; k < 70; k++)
		napi_gro_receive(h, n, udp(h, 1, 9000, 100));
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->gso_segs, UDP_GRO_CNT_MAX);
	ck_assert_uint_eq(napi_gro(n)->hash[0].head->gso_segs, 6);
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(flush_old_keeps_this_jiffy)
{
	/* napi_gro_flush(napi, true) completes only skbs held before the
	 * current jiffy (HZ 1000: 1 ms): one held at 0, one at 2 ms. */
	struct model *m = gro_model("", "6.18");
	struct host *h = model_host(m);
	struct napi *n = &model_rxq(m, 0)->napi;

	napi_gro_receive(h, n, tcp(h, 1, 1, 0, MSS, 0));
	napi_gro_flush(h, n, true);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	model_until(m, 2 * SIM_MS);
	napi_gro_receive(h, n, tcp(h, 2, 2, 0, MSS, 0));
	napi_gro_flush(h, n, true);
	ck_assert_uint_eq(napi_gro(n)->count, 1);
	ck_assert_uint_eq(n->rx_list.len, 1);
	ck_assert_uint_eq(n->rx_list.head->tuple.saddr[3], 1);
	ck_assert_uint_eq(napi_gro(n)->hash[2].len, 1);
	/* the repoll path flushes only old packets at HZ >= 1000, the
	 * completing one everything (no gro_flush_timeout) */
	n->budget = 64;
	n->work = 64;
	ck_assert(napi_gro_flush_old(h, n));
	n->work = 3;
	ck_assert(!napi_gro_flush_old(h, n));
	drain(h, n);
	model_free(m);
}
END_TEST

START_TEST(udp_gro_end_to_end)
{
	/* 10 kpps of 1000-byte datagrams to a UDP_GRO socket for 20 ms with a
	 * 200 us interrupt moderation: polls find about 2 datagrams each and
	 * merge them.  Whatever the batching, every offered datagram is either
	 * read as (the head of) an skb or merged into one, none is dropped,
	 * and the reader gets fewer skbs than datagrams. */
	struct model *m = model_load(
		"{ 'duration': '20ms', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'queues': 1, 'irq_affinity': [0],"
		"     'coalesce': { 'style': 'eqe', 'rx-usecs': 200, 'rx-frames': 0 } }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'udp_gro': true }],"
		"  'apps': [{ 'socket': 's', 'cpu': 1 }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '10kpps', 'arrival': 'constant',"
		"     'size': 1046, 'stop': '19ms' }] }");
	struct host *h;
	struct napi *n;

	model_run(m);
	h = model_host(m);
	n = &model_rxq(m, 0)->napi;
	ck_assert(napi_gro(n)->on);
	ck_assert_uint_gt(napi_gro(n)->merged, 0);
	ck_assert_uint_eq(h->offered, 190);
	ck_assert_uint_eq(h->delivered + napi_gro(n)->merged, h->offered);
	ck_assert_uint_lt(h->udp.InDatagrams, h->offered);
	model_free(m);

	/* the same with gro off: one skb per datagram */
	m = model_load(
		"{ 'duration': '20ms', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'queues': 1, 'irq_affinity': [0], 'gro': false,"
		"     'coalesce': { 'style': 'eqe', 'rx-usecs': 200, 'rx-frames': 0 } }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'udp_gro': true }],"
		"  'apps': [{ 'socket': 's', 'cpu': 1 }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '10kpps', 'arrival': 'constant',"
		"     'size': 1046, 'stop': '19ms' }] }");
	model_run(m);
	h = model_host(m);
	ck_assert(!model_rxq(m, 0)->gro->on);
	ck_assert_uint_eq(h->delivered, 190);
	model_free(m);
}
END_TEST

START_TEST(no_merge_keeps_gro_off_path)
{
	/* GRO on but nothing that can merge (plain UDP sockets, UDP traffic):
	 * the poll keeps the GRO_NORMAL path of gro off */
	struct model *m = model_load(
		"{ 'duration': '1ms', 'nics': [{ 'gro': true }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '10kpps' }] }");

	model_start(m);
	ck_assert(!model_rxq(m, 0)->gro->on);
	ck_assert(!model_rxq(m, 0)->offload);
	model_free(m);
}
END_TEST

/* @json must not load, with a message holding @needle. */
static void load_fails(const char *json, const char *needle)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	char *buf = strdup(json);
	int rc;

	for (char *s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	memset(&sc, 0, sizeof(sc));
	rc = scenario_load_buffer("<test>", buf, strlen(buf), NULL, 0, &sc, &err);
	ck_assert_int_eq(rc, RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, needle), "message \"%s\" lacks \"%s\"", err.msg, needle);
	free(buf);
	scenario_free(&sc);
}

START_TEST(version_switches)
{
	/* UDP_GRO: 5.0 (e20cf8d3f1f7); gro_max_size: 5.19 (eac1b93c14d6);
	 * gro_ipv4_max_size: 6.3 (9eefedd58ae1); the gro key: always */
	load_fails("{ 'kernel': '4.19', 'sockets': [{ 'name': 's', 'port': 1, 'udp_gro': true }],"
		   "  'nics': [{}] }", "/sockets/0/udp_gro: UDP_GRO needs kernel 5.0");
	load_fails("{ 'kernel': '5.15', 'nics': [{ 'gro_max_size': 100000 }] }",
		   "/nics/0/gro_max_size: needs kernel 5.19");
	load_fails("{ 'kernel': '6.2', 'nics': [{ 'gro_ipv4_max_size': 100000 }] }",
		   "/nics/0/gro_ipv4_max_size: needs kernel 6.3");
	tu_unload(tu_load("{ 'kernel': '4.9', 'nics': [{ 'gro': false }] }"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gro");
	TCase *tc = tcase_create("merge");
	TCase *tc2 = tcase_create("flush");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, interleaved_flows_merge_separately);
	tcase_add_test(tc, psh_merges_then_flushes);
	tcase_add_test(tc, sequence_gap_flushes_held);
	tcase_add_test(tc, flags_and_short_segments);
	tcase_add_test(tc, gro_max_size_limits_the_merge);
	tcase_add_test(tc, udp_gro_only_for_sockets_with_it);
	tcase_add_test(tc, udp_gro_cnt_max);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, max_gro_skbs_evicts_oldest);
	tcase_add_test(tc2, gro_normal_batch_counts_segments);
	tcase_add_test(tc2, flush_old_keeps_this_jiffy);
	tcase_add_test(tc2, udp_gro_end_to_end);
	tcase_add_test(tc2, no_merge_keeps_gro_off_path);
	tcase_add_test(tc2, version_switches);
	suite_add_tcase(s, tc2);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
