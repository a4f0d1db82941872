/* SPDX-License-Identifier: MIT */
/*
 * gro.c - generic receive offload in the driver poll (net/core/gro.c).
 *
 * Mirrors dev_gro_receive(): the bucket is skb->hash & (GRO_HASH_BUCKETS-1),
 * the protocol decides (merge into the held skb of the flow, flush it, hold
 * the new one or pass it on), a bucket full at MAX_GRO_SKBS completes its
 * oldest skb (gro_flush_oldest); napi_gro_complete() hands a held skb to
 * gro_normal_one(), which counts segments against gro_normal_batch;
 * napi_gro_flush() completes the held skbs oldest first, stopping at one
 * held in this jiffy when flush_old.  What merges:
 *  - TCP (net/ipv4/tcp_offload.c tcp_gro_receive): same 5-tuple, next
 *    sequence number, no CWR, the flags equal but for CWR/FIN/PSH, a
 *    payload no larger than the held skb's mss; a merged PSH or FIN (and
 *    a segment shorter than mss) flushes the skb; URG/PSH/RST/SYN/FIN or no
 *    payload on a segment without a flow to join: passed on at once.
 *  - UDP (net/ipv4/udp_offload.c udp_gro_receive_segment) only when the
 *    destination socket set UDP_GRO: equal-length datagrams, a shorter one
 *    merges and completes the skb, a longer one completes the held skb and
 *    starts a new one; complete at UDP_GRO_CNT_MAX segments.
 *  - skb_gro_receive(): the merged L3 length stays below gro_max_size
 *    (gro_ipv4_max_size for IPv4 from 6.3), and above 64 KiB only for TCP
 *    (BIG TCP; IPv6 only before 6.3).
 *  Everything else is GRO_NORMAL.
 *
 * Simplified: a merged segment's packet object is released at the merge
 * (the kernel frees the stolen head; its data lives on as a frag) and
 * counted in gro.merged; the merged skb's truesize is the sum of its
 * segments'; ack_seq, TCP options and IP header fields (tos, ttl, id) are
 * taken to be equal within a flow; a UDP socket of a SO_REUSEPORT group is
 * looked up as the group's first member.
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/gro.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/pool.h"
#include "rxsim/scenario.h"
#include "rxsim/sock.h"
#include "rxsim/nic.h"
#include "rxsim/cpu.h"
#include "rxsim/vdev.h"

/* Ethernet header + FCS, IPv4/IPv6 header, UDP header */
#define ETH_BYTES	18u
#define IP4_HDR		20u
#define IP6_HDR		40u
#define UDP_HDR		8u

struct napi_gro *napi_gro(const struct napi *n)
{
	/* a NIC queue's NAPI, or a veth's (veth_napi.c): both have the rxq as priv */
	return n->ops == &rxq_napi_ops || n->ops == &veth_napi_ops ?
	       ((const struct rxq *)n->priv)->gro : NULL;
}

int gro_init(struct host *h, struct rxq *q, const struct nic_cfg *cfg)
{
	return gro_init_dev(h, q, cfg->gro, cfg->gro_max_size, cfg->gro_ipv4_max_size);
}

int gro_init_dev(struct host *h, struct rxq *q, bool gro, int64_t max_size,
		 int64_t ipv4_max_size)
{
	/* apart from struct napi, whose size the hot path feels */
	struct napi_gro *g = calloc(1, sizeof(*g));
	const struct scenario *sc = h->sc;
	bool mergeable = false;
	uint32_t i;

	q->gro = g;
	if (!g)
		return -1;
	g->max_size = (uint32_t)max_size;
	g->ipv4_max_size = (uint32_t)ipv4_max_size;
	for (i = 0; i < sc->n_sockets; i++)
		mergeable |= sc->sockets[i].udp_gro;
	for (i = 0; i < sc->n_traffic; i++)
		mergeable |= sc->traffic[i].proto == TPROTO_TCP;
	/* With nothing that can merge every skb is GRO_NORMAL, exactly the
	 * path of GRO off: keep the poll on it. */
	g->on = gro && mergeable;
	return 0;
}

void gro_free(struct rxq *q)
{
	free(q->gro);
	q->gro = NULL;
}

static bool same_flow(const struct packet *a, const struct packet *b)
{
	const struct flow_tuple *x = &a->tuple, *y = &b->tuple;
	size_t alen = x->family == FLOW_IPV6 ? 16 : 4;

	return a->hash == b->hash && x->proto == y->proto && x->family == y->family &&
	       x->sport == y->sport && x->dport == y->dport &&
	       !memcmp(x->saddr, y->saddr, alen) && !memcmp(x->daddr, y->daddr, alen);
}

/* gro_normal_one(): queue @p with its segments; true at gro_normal_batch,
 * where gro_normal_list() hands the list on (the next one starts empty). */
static bool gro_normal_one_segs(struct host *h, struct napi *n, struct packet *p)
{
	struct napi_gro *g = napi_gro(n);

	pktq_push(&n->rx_list, p);
	g->rx_count += packet_segs(p);
	if (g->rx_count < (uint32_t)h->sc->host.sysctl.gro_normal_batch)
		return false;
	g->normal_list++;
	g->rx_count = 0;
	return true;
}

/* napi_gro_complete(): a held skb leaves GRO for the stack. */
static bool gro_complete(struct host *h, struct napi *n, struct packet *p)
{
	napi_gro(n)->complete++;
	return gro_normal_one_segs(h, n, p);
}

/* Unlink @p from its bucket (skb_list_del_init) */
static void bucket_del(struct napi_gro *g, uint32_t b, struct packet *p)
{
	struct pktq *q = &g->hash[b];
	struct packet *prev = NULL, *it;

	for (it = q->head; it != p; it = it->next)
		prev = it;
	if (prev)
		prev->next = p->next;
	else
		q->head = p->next;
	if (q->tail == p)
		q->tail = prev;
	q->len--;
	g->count--;
	if (!q->len)
		g->bitmask &= ~(1u << b);
}

/* skb_gro_receive(): append @p's payload to @held unless that takes the
 * merged skb to its size limit (-E2BIG: false). */
static bool skb_gro_receive(struct host *h, struct napi_gro *g, struct packet *held,
			    struct packet *p)
{
	bool v6 = held->tuple.family == FLOW_IPV6;
	uint32_t limit = !v6 && h->kver >= KVER(6, 3) ? g->ipv4_max_size : g->max_size;
	uint64_t len = (uint64_t)held->len + p->payload;

	if (len >= limit)
		return false;
	/* beyond 64 KiB only BIG TCP (a hop-by-hop jumbo header): IPv6 from
	 * 5.19, IPv4 from 6.3 (gro_ipv4_max_size) */
	if (len >= GRO_LEGACY_MAX_SIZE &&
	    (held->tuple.proto != FLOW_TCP || (!v6 && h->kver < KVER(6, 3))))
		return false;
	held->len = (uint32_t)len;
	held->payload += p->payload;
	held->truesize += p->truesize;
	held->gso_segs++;
	return true;
}

struct gro_result {
	struct packet *pp;	/* held skb to complete */
	bool same_flow;		/* @p was merged */
	bool flush;		/* @p goes to the stack at once */
};

/* tcp_gro_receive() on @list with @p (its held skb of the flow, if any,
 * found first). */
static void tcp_gro(struct host *h, struct napi_gro *g, struct pktq *list, struct packet *p,
		    struct gro_result *r)
{
	uint32_t len = p->payload, mss = 1, flags = p->tcp_flags, flush;
	struct packet *held;

	for (held = list->head; held && !same_flow(held, p); held = held->next)
		;
	if (held) {
		flush = flags & TCPHDR_CWR;
		flush |= (flags ^ held->tcp_flags) & ~(uint32_t)(TCPHDR_CWR | TCPHDR_FIN | TCPHDR_PSH);
		mss = held->gso_size;
		/* a single frame larger than the mss does not join */
		flush |= (len - 1) >= mss;
		flush |= (held->seq + held->payload) != p->seq;
		if (flush || !skb_gro_receive(h, g, held, p)) {
			mss = 1;
		} else {
			r->same_flow = true;
			held->tcp_flags |= flags & (TCPHDR_FIN | TCPHDR_PSH);
		}
	}
	/* out_check_final: a segment shorter than mss ends the skb */
	flush = len < mss;
	flush |= flags & (TCPHDR_URG | TCPHDR_PSH | TCPHDR_RST | TCPHDR_SYN | TCPHDR_FIN);
	if (held && (!r->same_flow || flush))
		r->pp = held;
	r->flush = flush != 0;
}

/* udp_gro_receive_segment() on @list with @p. */
static void udp_gro(struct host *h, struct napi_gro *g, struct pktq *list, struct packet *p,
		    struct gro_result *r)
{
	struct packet *held;
	bool ret = false;

	for (held = list->head; held && !same_flow(held, p); held = held->next)
		;
	if (!held)
		return;		/* a new flow: held */
	/* uh->len against the held skb's first datagram (its gso_size) */
	if (p->payload > held->gso_size) {
		r->pp = held;
		return;
	}
	ret = !skb_gro_receive(h, g, held, p);
	r->same_flow = !ret;
	if (ret || p->payload != held->gso_size || held->gso_segs >= UDP_GRO_CNT_MAX)
		r->pp = held;
}

/* udp_gro_receive(): coalesce only for a socket with UDP_GRO (5.0+). */
static bool udp_gro_wanted(const struct host *h, const struct packet *p)
{
	int idx = h->port_sock[p->tuple.dport];

	return idx >= 0 && h->sc->sockets[idx].udp_gro;
}

bool napi_gro_receive(struct host *h, struct napi *n, struct packet *p)
{
	struct napi_gro *g = napi_gro(n);
	uint32_t b = p->hash & (GRO_HASH_BUCKETS - 1);
	struct pktq *list = &g->hash[b];
	struct gro_result r = { NULL, false, true };
	uint32_t l3 = (uint32_t)p->size - ETH_BYTES;
	bool batch = false;

	p->gso_segs = 1;
	p->len = l3;
	if (p->tuple.proto == FLOW_UDP) {
		uint32_t hdr = (p->tuple.family == FLOW_IPV6 ? IP6_HDR : IP4_HDR) + UDP_HDR;

		p->payload = l3 > hdr ? l3 - hdr : 0;
		if (udp_gro_wanted(h, p)) {
			r.flush = false;
			udp_gro(h, g, list, p, &r);
		}
	} else if (p->tuple.proto == FLOW_TCP && h->sc->traffic[p->src].proto == TPROTO_TCP) {
		/* seq, payload and flags come from the TCP source */
		r.flush = false;
		tcp_gro(h, g, list, p, &r);
	}

	if (r.pp) {
		bucket_del(g, b, r.pp);
		batch |= gro_complete(h, n, r.pp);
	}
	if (r.same_flow) {
		g->merged++;
		pool_put(&h->pkts, p);
		return batch;
	}
	if (r.flush) {
		g->normal++;
		return batch | gro_normal_one_segs(h, n, p);
	}
	if (list->len >= MAX_GRO_SKBS) {
		/* gro_flush_oldest(): the new skb takes its place */
		struct packet *oldest = list->head;

		bucket_del(g, b, oldest);
		g->flush_oldest++;
		batch |= gro_complete(h, n, oldest);
	}
	g->held++;
	p->gso_size = (uint16_t)(p->payload > 0xffff ? 0xffff : p->payload);
	p->gro_age = (uint32_t)host_jiffies(h);
	pktq_push(list, p);
	g->count++;
	g->bitmask |= 1u << b;
	return batch;
}

void napi_gro_flush(struct host *h, struct napi *n, bool flush_old)
{
	struct napi_gro *g = napi_gro(n);
	uint32_t now = (uint32_t)host_jiffies(h), b;

	if (!g || !g->count)
		return;
	g->flushes++;
	for (b = 0; b < GRO_HASH_BUCKETS; b++) {
		struct pktq *list = &g->hash[b];

		if (!(g->bitmask & (1u << b)))
			continue;
		/* __napi_gro_flush_chain(): oldest first, up to the first young one */
		while (list->head) {
			struct packet *p = list->head;

			if (flush_old && p->gro_age == now)
				break;
			bucket_del(g, b, p);
			gro_complete(h, n, p);
		}
	}
}

bool napi_gro_flush_old(const struct host *h, const struct napi *n)
{
	/* __napi_poll(): a full poll with busy polling preferred completes the
	 * NAPI, with napi_complete_done()'s flush */
	if (n->work >= n->budget && !(n->state & NAPIF_STATE_PREFER_BUSY_POLL))
		/* "Flush too old packets. If HZ < 1000, flush all packets" */
		return h->hz >= 1000;
	/* napi_complete_done(): gro_flush_normal(&n->gro, !!timeout), timeout
	 * being what it is about to arm */
	return napi_complete_flush_old(h, n);
}

void napi_gro_poll_end(struct host *h, struct napi *n)
{
	struct napi_gro *g = napi_gro(n);

	n->gro_held = g->count != 0;
	/* napi_busy_loop() polls with IN_BUSY_POLL: napi_complete_done()
	 * returns at once and nothing is flushed, only gro_normal_list() */
	if (g->count && !(n->state & NAPIF_STATE_IN_BUSY_POLL))
		napi_gro_flush(h, n, napi_gro_flush_old(h, n));
	/* gro_normal_list(): what is left is one more batch */
	if (g->rx_count) {
		g->normal_list++;
		g->rx_count = 0;
	}
}

uint64_t gro_merged_total(const struct host *h)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < h->nrxq; i++)
		if (h->rxqs[i]->gro)
			sum += h->rxqs[i]->gro->merged;
	for (i = 0; i < h->nvdevs; i++)
		if (h->vdevs[i].rxq.gro)
			sum += h->vdevs[i].rxq.gro->merged;
	return sum;
}
