/* SPDX-License-Identifier: MIT */
/*
 * nic_offload.c - what a driver poll does with a frame between its
 * descriptor and the stack when an XDP program is attached or GRO can
 * merge: run the program (mlx5e_xdp_handle, xdp.c), then napi_gro_receive
 * (gro.c) for XDP_PASS; at the end of the poll the GRO flush it owes and
 * xdp_do_flush().  Kept out of nic.c so that a queue without either pays
 * one test per frame.
 */
#include "rxsim/gro.h"
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/xdp.h"
#include "napi_rx.h"

/* rxq_offload_step() returns 1 for "CPU time due", else a phase */
_Static_assert(RXQ_LOOP != 1 && RXQ_FLUSH != 1, "phases must differ from 1");

enum { OFF_START, OFF_XDP_RAN, OFF_GRO_LOOP, OFF_GRO_FLUSH };

int rxq_offload_step(struct host *h, struct cpu *c, struct rxq *q, sim_time_t *cost)
{
	struct packet *p = q->cur;
	bool flush;

	switch (q->offload_phase) {
	case OFF_START:
		if (q->nic->xdp) {
			/* the program runs on the frame before any skb exists */
			q->offload_phase = OFF_XDP_RAN;
			*cost = cost_draw(&q->nic->cfg->xdp_cost, &c->rng);
			return 1;
		}
		break;
	case OFF_XDP_RAN:
		if (xdp_handle(h, c, q, p)) {
			q->cur = NULL;
			q->offload_phase = OFF_START;
			return RXQ_LOOP;
		}
		break;			/* XDP_PASS */
	case OFF_GRO_LOOP:
		q->offload_phase = OFF_START;
		return RXQ_LOOP;
	default:
		q->offload_phase = OFF_START;
		return RXQ_FLUSH;
	}
	q->cur = NULL;
	q->offload_phase = OFF_START;
	if (!q->gro->on)
		return gro_normal_one(h, &q->napi, p) ? RXQ_FLUSH : RXQ_LOOP;
	flush = napi_gro_receive(h, &q->napi, p);
	*cost = cost_draw(&h->sc->host.costs.gro_receive, &c->rng);
	if (!*cost)
		return flush ? RXQ_FLUSH : RXQ_LOOP;
	q->offload_phase = flush ? OFF_GRO_FLUSH : OFF_GRO_LOOP;
	return 1;
}

void rxq_offload_poll_end(struct host *h, struct cpu *c, struct rxq *q)
{
	if (q->gro->on)
		napi_gro_poll_end(h, &q->napi);
	if (q->nic->xdp)
		xdp_do_flush(h, q->nic, c->id);
}
