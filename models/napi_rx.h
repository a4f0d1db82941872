/* SPDX-License-Identifier: MIT */
/*
 * napi_rx.h - the receive step every NAPI poll hands its packets to
 * (net/core/dev.c): gro_normal_one() / gro_normal_list() (napi->rx_list,
 * gro_normal_batch), and netif_receive_skb_list_internal(): get_rps_cpu()
 * then enqueue_to_backlog(), or the protocol (__netif_receive_skb, as
 * process_backlog calls it) and the wake-ups sk_data_ready causes.
 *
 * Written once, inline in the driver poll (nic.c) and process_backlog
 * (backlog.c): it runs for every packet.  Private to the models.
 */
#ifndef RXSIM_MODELS_NAPI_RX_H
#define RXSIM_MODELS_NAPI_RX_H

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/netfilter.h"
#include "rxsim/nic.h"
#include "rxsim/proto.h"

enum { RX_RPS, RX_NORPS, RX_STEERED, RX_PROTO, RX_HOOKED };

/* gro_normal_one(): queue @p for the stack; true once the batch is full
 * (gro_normal_batch) and must be handed on with gro_normal_list_step(). */
static inline bool gro_normal_one(struct host *h, struct napi *n, struct packet *p)
{
	pktq_push(&n->rx_list, p);
	return n->rx_list.len >= (uint32_t)h->sc->host.sysctl.gro_normal_batch;
}

/* __netif_receive_skb() of @p without RPS (process_backlog), charging
 * @extra (the dequeue) with the protocol.  netif_receive_skb_step() then
 * returns 1 with *cost while CPU time is due; it is called again while
 * rx->skb is set (a last charge, for wake-ups, may follow the hand-off). */
static inline void netif_receive_skb_begin(struct napi_rx *rx, struct packet *p,
					   const struct cost *extra)
{
	rx->skb = p;
	rx->phase = RX_NORPS;
	rx->extra = extra;
}

static inline int netif_receive_skb_step(struct host *h, struct cpu *c, struct napi_rx *rx,
					 sim_time_t *cost)
{
	const struct costs_cfg *k = &h->sc->host.costs;
	struct packet *p = rx->skb;
	int woken;

	switch (rx->phase) {
	case RX_RPS:
		rx->steer_cpu = get_rps_cpu(h, rx->rxq, p, &rx->rflow);
		if (rx->steer_cpu >= 0) {
			rx->phase = RX_STEERED;
			*cost = cost_draw(&k->backlog_enqueue, &c->rng);
			return 1;
		}
		rx->phase = RX_PROTO;
		*cost = cost_draw(&k->ip_udp_rx, &c->rng);
		return 1;
	case RX_NORPS:
		rx->phase = RX_PROTO;
		*cost = cost_draw(rx->extra, &c->rng) + cost_draw(&k->ip_udp_rx, &c->rng);
		return 1;
	case RX_STEERED:
		rx->skb = NULL;
		rx->rxq->steered++;
		enqueue_to_backlog(h, c, p, rx->steer_cpu, rx->rflow);
		return 0;
	case RX_HOOKED:
		if (rx->verdict >= 0) {
			rx->skb = NULL;
			nf_rx_drop(h, c, p, rx->verdict);
			return 0;
		}
		goto deliver;
	case RX_PROTO:
		if (h->rx_hooks) {
			/* taps (__netif_receive_skb_core), PREROUTING (ip_rcv), INPUT
			 * and conntrack confirm (ip_local_deliver): their CPU time,
			 * then their verdict */
			rx->phase = RX_HOOKED;
			rx->verdict = nf_rx_hooks(h, c, p, cost);
			/* a fragment defrag kept (or freed) is no longer in hand: only
			 * the hooks' CPU time is still due */
			if (rx->verdict == NF_RX_STOLEN)
				rx->skb = NULL;
			return 1;
		}
deliver:
		rx->skb = NULL;
		woken = proto_udp_rcv(h, c, p);
		if (!woken)
			return 0;
		/* wake-ups (and TCP ACKs) sent from here: this CPU pays */
		*cost = proto_rcv_cost(h, c, woken);
		return 1;
	default:
		return 0;
	}
}

/* gro_normal_list(): hand napi->rx_list to netif_receive_skb() (with RPS)
 * a packet at a time; 1 with *cost while CPU time is due, 0 when empty. */
static inline int gro_normal_list_step(struct host *h, struct cpu *c, struct napi *n,
				       sim_time_t *cost)
{
	for (;;) {
		if (n->rx.skb) {
			if (netif_receive_skb_step(h, c, &n->rx, cost))
				return 1;
			continue;
		}
		n->rx.skb = pktq_pop(&n->rx_list);
		if (!n->rx.skb)
			return 0;
		n->rx.phase = RX_RPS;
	}
}

#endif
