/* SPDX-License-Identifier: MIT */
/*
 * packet.h - one frame / skb as it crosses the receive path, and a FIFO of
 * them.  A packet has exactly one owner at a time (link, FIFO, ring, GRO
 * list, backlog, socket queue, reader); it leaves the path either by being
 * read or through host_drop() with a reason.
 */
#ifndef RXSIM_PACKET_H
#define RXSIM_PACKET_H

#include <stdint.h>

#include "rxsim/engine.h"
#include "rxsim/flow.h"

struct packet {
	struct packet *next;		/* first: the pool links free objects here */
	sim_time_t t_offered;		/* the source emitted it (first bit ready) */
	sim_time_t t_nic;		/* last bit reached the NIC */
	sim_time_t t_ring;		/* completion visible in host memory */
	sim_time_t t_poll;		/* the driver poll took it off the ring */
	sim_time_t t_sock;		/* queued on the socket */
	uint64_t id;			/* order of emission, from 0 */
	struct flow_tuple tuple;
	uint32_t flow;			/* index of the flow within its source */
	uint32_t hash;			/* skb->hash: the NIC's RSS hash */
	uint32_t truesize;
	uint16_t size;			/* L2 frame incl. FCS */
	uint16_t rxq;			/* global rx queue index */
	uint16_t src;			/* traffic source index */
	uint16_t proto_cpu;		/* CPU that did its protocol work */
	uint32_t seq;			/* TCP: sequence number of the first payload byte */
	uint32_t payload;		/* L4 payload bytes (a GRO-merged skb: the sum) */
	uint16_t gso_segs;		/* segments in this skb, set by GRO (0 reads as 1) */
	uint8_t tcp_flags;		/* TCPHDR_* bits (FIN 0x01 ... CWR 0x80) */
	/* GRO state (models/gro.c), meaningful while the skb is held or merged:
	 * skb->len at L3 (a merged skb can exceed what size holds), the mss of
	 * a merged skb (skb_shinfo()->gso_size) and NAPI_GRO_CB()->age. */
	uint16_t gso_size;
	uint32_t len;
	uint32_t gro_age;
};

/* skb_shinfo(skb)->gso_segs as a count: an unmerged skb is one segment. */
static inline uint32_t packet_segs(const struct packet *p)
{
	return p->gso_segs ? p->gso_segs : 1u;
}

/* p->rxq of a frame that came through no NIC queue (netif_rx: no NAPI id) */
#define PKT_RXQ_NONE 0xffff

/* FIFO of packets linked through ->next. */
struct pktq {
	struct packet *head;
	struct packet *tail;
	uint32_t len;
};

static inline void pktq_init(struct pktq *q)
{
	q->head = q->tail = NULL;
	q->len = 0;
}

static inline void pktq_push(struct pktq *q, struct packet *p)
{
	p->next = NULL;
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->len++;
}

static inline struct packet *pktq_pop(struct pktq *q)
{
	struct packet *p = q->head;

	if (p) {
		q->head = p->next;
		if (!q->head)
			q->tail = NULL;
		q->len--;
	}
	return p;
}

/* Move all of @src to the tail of @dst (skb_queue_splice_tail_init). */
static inline void pktq_splice(struct pktq *dst, struct pktq *src)
{
	if (!src->head)
		return;
	if (dst->tail)
		dst->tail->next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	dst->len += src->len;
	pktq_init(src);
}

#endif
