/* SPDX-License-Identifier: MIT */
/*
 * veth_napi.c - a veth in NAPI mode: GRO or an XDP program on the
 * receiving end (drivers/net/veth.c, 5.13+ for GRO alone).
 *
 * The peer's rq gets a NAPI (rq->xdp_napi, weight NAPI_POLL_WEIGHT) and a
 * ptr_ring of VETH_RING_SIZE when an XDP program is attached to it or GRO is
 * on (veth_open / veth_set_features -> veth_napi_enable; veth_newlink turns
 * GRO off on a new pair, so both are off by default).
 *
 * veth_xmit(): rq = the skb's tx queue (one queue: 0); use_napi when the rq
 * has a NAPI and veth_skb_is_eligible_for_gro(): the sending end has no TSO
 * (an XDP program on the peer strips NETIF_F_GSO_SOFTWARE from it:
 * veth_xdp_set, veth_fix_features), or the skb belongs to a local socket
 * (sock_wfree, as every datagram of a local UDP sender) and the receiving
 * end has rx-gro-list or rx-udp-gro-forwarding.  So GRO alone leaves a
 * local UDP sender on __netif_rx (dev_virtual.c): on 6.18, 20000 datagrams
 * from a socket in one netns to its peer leave the receiving end's
 * rx_queue_0_xdp_packets (ethtool -S) at 0 with GRO on, and all 20000 pass
 * the ring once rx-udp-gro-forwarding is on too.  veth_xdp_rx() produces
 * into the ring; a full ring drops the skb (dev_kfree_skb_any: with the
 * default noqueue qdisc the qdisc backpressure of 6.16 drops it too) and
 * counts priv->dropped of the sending end, its tx_dropped.  Then
 * __veth_xdp_flush(): unless rx_notify_masked, napi_schedule_prep() and
 * __napi_schedule() on the sending CPU, with BH disabled: NET_RX runs at the
 * local_bh_enable() that ends the transmit (local_send.c), as the backlog's.
 *
 * veth_poll(): veth_xdp_rcv() consumes up to budget skbs (xdp_packets and
 * xdp_bytes count them all); each goes through the program if any
 * (veth_xdp_rcv_skb: XDP_DROP and XDP_ABORTED free it, xdp_drops), then
 * napi_gro_receive() on rq->xdp_napi (GRO_NORMAL without NETIF_F_GRO).  The
 * end of the poll is napi_complete_done()'s (or napi_poll()'s) GRO flush;
 * when done < budget and napi_complete_done() returns true, rx_notify_masked
 * is cleared and a ring that is not empty reschedules the NAPI.  What
 * leaves GRO is the receive step of every NAPI (napi_rx.h): RPS of the
 * veth's rx queue if it has rps_cpus, else the protocol on this CPU.
 *
 * With `threaded` (/sys/class/net/IF/threaded) veth_poll runs in the NAPI's
 * kthread (napi_threaded.c): __veth_xdp_flush wakes it instead of raising
 * NET_RX on the sending CPU.
 *
 * Simplified: one rx queue; the program's verdicts are drop, aborted and
 * pass (no XDP_TX / XDP_REDIRECT, no ndo_xdp_xmit frames in the ring);
 * veth_convert_skb_to_xdp_buff's copy of an skb without XDP headroom is in
 * xdp_cost; the qdisc backpressure of 6.16 (a veth with a real qdisc) is
 * not modelled.
 */
#include <stdlib.h>

#include "rxsim/gro.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/pool.h"
#include "rxsim/vdev.h"
#include "rxsim/xdp.h"
#include "napi_rx.h"

/* skb->len at veth_xdp_rcv: the IP packet (eth_type_trans pulled the
 * Ethernet header in __dev_forward_skb); p->size counts header and FCS */
#define ETH_WIRE_BYTES 18u

enum { VP_LOOP, VP_GOT, VP_FLUSH, VP_END, VP_DONE };

static struct vdev *rq_vdev(struct napi *n)
{
	return container_of((struct rxq *)n->priv, struct vdev, rxq);
}

int veth_napi_setup(struct host *h, struct vdev *d)
{
	const struct vdev_cfg *cfg = d->cfg;
	struct veth_rq *rq;

	d->rq = NULL;
	if (cfg->type != VDEV_VETH || (!cfg->gro && !cfg->xdp))
		return 0;
	rq = calloc(1, sizeof(*rq));
	if (!rq)
		return -1;
	d->rq = rq;
	pktq_init(&rq->xdp_ring);
	rq->xdp = cfg->xdp;
	/* veth_skb_is_eligible_for_gro() of a datagram a local socket sent */
	rq->use_napi = cfg->xdp || cfg->gro_udp_fwd;
	if (cfg->xdp) {
		rq->credit = calloc(cfg->n_xdp_rules + 1, sizeof(*rq->credit));
		rq->rule_hits = calloc(cfg->n_xdp_rules + 1, sizeof(*rq->rule_hits));
		if (!rq->credit || !rq->rule_hits)
			return -1;
	}
	/* netif_napi_add(dev, &rq->xdp_napi, veth_poll): NAPI_POLL_WEIGHT */
	napi_init(&d->rxq.napi, &veth_napi_ops, NAPI_POLL_WEIGHT, 0, &d->rxq);
	d->rxq.napi.rx.rxq = &d->rxq;
	if (napi_threaded_setup_veth(h, d))
		return -1;
	/* a veth's gro_max_size is the default GRO_LEGACY_MAX_SIZE */
	return gro_init_dev(h, &d->rxq, cfg->gro, GRO_LEGACY_MAX_SIZE, GRO_LEGACY_MAX_SIZE);
}

void veth_napi_free(struct vdev *d)
{
	if (!d->rq)
		return;
	gro_free(&d->rxq);
	napi_kthread_free(&d->rxq.napi);
	free(d->rq->credit);
	free(d->rq->rule_hits);
	free(d->rq);
	d->rq = NULL;
}

/* napi_schedule_prep() and __napi_schedule() of the rq's NAPI on CPU c */
static void veth_rq_schedule(struct host *h, struct cpu *c, struct veth_rq *rq,
			     struct napi *n)
{
	/* napi_schedule_prep(): a NAPI already scheduled is marked missed */
	if (n->state & NAPIF_STATE_SCHED) {
		n->state |= NAPIF_STATE_MISSED;
		return;
	}
	n->state |= NAPIF_STATE_SCHED;
	rq->rx_notify_masked = true;
	rq->schedules++;
	napi_schedule_locked(h, c, n);
}

/* __veth_xdp_flush() */
static void veth_xdp_flush(struct host *h, struct cpu *c, struct vdev *d)
{
	if (d->rq->rx_notify_masked)
		return;
	veth_rq_schedule(h, c, d->rq, &d->rxq.napi);
}

bool veth_xmit_napi(struct host *h, struct cpu *c, struct vdev *d, struct packet *p)
{
	struct veth_rq *rq = d->rq;

	h->local_offered++;
	/* veth_xdp_rx(): ptr_ring_produce() fails on a full ring */
	if (rq->xdp_ring.len >= VETH_RING_SIZE) {
		rq->peer_tx_dropped++;
		host_drop(h, p, DROP_VETH_RING);
		return false;
	}
	pktq_push(&rq->xdp_ring, p);
	if (rq->xdp_ring.len > rq->max_ring)
		rq->max_ring = rq->xdp_ring.len;
	veth_xdp_flush(h, c, d);
	return true;
}

/* --- veth_poll() as a NAPI poll ------------------------------------------- */

static void veth_poll_begin(struct host *h, struct napi *n, int budget)
{
	struct veth_rq *rq = rq_vdev(n)->rq;

	(void)h;
	rq->phase = VP_LOOP;
	n->work = 0;
	n->budget = budget;
}

static int veth_poll_step(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost)
{
	const struct costs_cfg *k = &h->sc->host.costs;
	struct vdev *d = rq_vdev(n);
	struct veth_rq *rq = d->rq;
	struct napi_gro *g = d->rxq.gro;
	struct packet *p;
	int cpu = 0, act;

	for (;;) {
		switch (rq->phase) {
		case VP_LOOP:
			/* veth_xdp_rcv(): __ptr_ring_consume() up to budget */
			if (n->work >= n->budget) {
				rq->phase = VP_END;
				continue;
			}
			p = pktq_pop(&rq->xdp_ring);
			if (!p) {
				rq->phase = VP_END;
				continue;
			}
			n->work++;
			rq->xdp_packets++;
			rq->xdp_bytes += p->size - ETH_WIRE_BYTES;
			/* ip -s link: rx_packets/rx_bytes of a NAPI-mode rq are its
			 * xdp_packets/xdp_bytes (veth_get_stats64) */
			d->rx_packets++;
			d->rx_bytes += p->size - ETH_WIRE_BYTES;
			p->t_poll = h->sim->now;
			rq->cur = p;
			rq->phase = VP_GOT;
			*cost = cost_draw(&k->veth_xdp_rcv, &c->rng);
			if (rq->xdp)
				*cost += cost_draw(&d->cfg->xdp_cost, &c->rng);
			return 1;
		case VP_GOT:
			p = rq->cur;
			rq->cur = NULL;
			rq->phase = VP_LOOP;
			if (rq->xdp) {
				/* veth_xdp_rcv_skb(): bpf_prog_run_xdp */
				act = xdp_rules_run(d->cfg->xdp_rules, d->cfg->n_xdp_rules,
						    rq->credit, rq->rule_hits, p, &cpu);
				rq->verdict[act]++;
				if (act != XDP_PASS) {
					/* XDP_ABORTED, XDP_DROP: xdp_drops, kfree_skb */
					rq->xdp_drops++;
					pool_put(&h->pkts, p);
					continue;
				}
			}
			rq->after_flush = VP_LOOP;
			if (!g->on) {
				/* napi_gro_receive() without NETIF_F_GRO: GRO_NORMAL */
				if (gro_normal_one(h, n, p))
					rq->phase = VP_FLUSH;
				continue;
			}
			if (napi_gro_receive(h, n, p))
				rq->phase = VP_FLUSH;
			*cost = cost_draw(&k->gro_receive, &c->rng);
			if (*cost)
				return 1;
			continue;
		case VP_FLUSH:
			if (gro_normal_list_step(h, c, n, cost))
				return 1;
			rq->phase = rq->after_flush;
			continue;
		case VP_END:
			/* the GRO flush napi_complete_done() or napi_poll() owes */
			if (g->on)
				napi_gro_poll_end(h, n);
			rq->after_flush = VP_DONE;
			rq->phase = VP_FLUSH;
			continue;
		default:
			return 0;
		}
	}
}

/* veth_poll() after napi_complete_done() returned true. */
static void veth_poll_complete(struct host *h, struct napi *n)
{
	struct veth_rq *rq = rq_vdev(n)->rq;

	rq->rx_notify_masked = false;
	if (!rq->xdp_ring.len)
		return;
	/* a transmit raced with the completion: schedule again, here */
	veth_rq_schedule(h, &h->cpus[n->cpu], rq, n);
}

const struct napi_ops veth_napi_ops = {
	.name = "veth",
	.poll_begin = veth_poll_begin,
	.poll_step = veth_poll_step,
	.complete = veth_poll_complete,
};

uint64_t veth_napi_in_flight(const struct host *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < h->nvdevs; i++) {
		const struct vdev *d = &h->vdevs[i];

		if (d->rq)
			n += d->rq->xdp_ring.len + (d->rq->cur ? 1u : 0u) +
			     napi_held(&d->rxq.napi) + gro_held_skbs(d->rxq.gro);
	}
	return n;
}

uint64_t veth_napi_xdp_gone(const struct host *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < h->nvdevs; i++)
		if (h->vdevs[i].rq)
			n += h->vdevs[i].rq->xdp_drops;
	return n;
}

bool veth_napi_any(const struct host *h)
{
	int i;

	for (i = 0; i < h->nvdevs; i++)
		if (h->vdevs[i].rq)
			return true;
	return false;
}
