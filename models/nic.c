/* SPDX-License-Identifier: MIT */
/*
 * nic.c - NIC rx queues: descriptor ring, DMA, on-chip FIFO, driver poll.
 *
 * Mirrors (ixgbe, igb and mlx5 rx paths): ixgbe_desc_unused() (one slot
 * always empty), SRRCTL.DROP_EN and the packet buffer of ixgbe/igb, mlx5's
 * out_of_buffer; ixgbe_clean_rx_irq()/igb_clean_rx_irq(): before looking at
 * each descriptor, return the cleaned ones to the NIC once there are
 * refill_batch (IXGBE_RX_BUFFER_WRITE = 16) of them, and post the remainder
 * at the end of the poll; descriptors never return outside a poll.  Packets
 * leave GRO for the stack in lists of gro_normal_batch (gro_normal_one) and
 * at the end of every poll.
 *
 * With GRO on (gro.c) each packet goes through napi_gro_receive; with an
 * XDP program (xdp.c) the program decides first, and the poll ends with
 * xdp_do_flush() for the frames it redirected.
 *
 * Simplified: the on-chip FIFO is per queue (ixgbe's is shared by all
 * queues).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/nic.h"
#include "rxsim/traffic.h"
#include "rxsim/xdp.h"
#include "napi_rx.h"

const struct drv_profile drv_profiles[] = {
	[DRV_GENERIC] = {
		.name = "generic", .rss_queues = RSS_QUEUES_KERNEL, .udp_rxfh = RXFH_SDFN,
		.drop_en_multiqueue = false, .dynamic_itr = false, .rx_ring = 512, .refill_batch = 16, .end_refill = END_REFILL_ALL,
		.coal_style = COAL_EQE, .rx_interval = 20 * SIM_US, .rx_frames = 0,
		.truesize = -1, .rx_fifo = 0,
		.ring_drop_counter = "rx_missed_errors", .fifo_drop_counter = "rx_missed_errors",
		.no_buffer_counter = NULL, .irq_name_fmt = "%s-rx-%d",
	},
	/* IXGBE_DEFAULT_RXD 512; IXGBE_20K_ITR (50us) is the dynamic ITR's start;
	 * 82599 rx packet buffer 512 KiB; QPRDC -> rx_no_dma_resources;
	 * IXGBE_MAX_RSS_INDICES 16; UDP hashed on addresses only;
	 * ixgbe_set_rx_drop_en(): DROP_EN with more than one queue (and no
	 * flow control); rx-usecs 1 is the dynamic ITR (ixgbe_set_coalesce). */
	[DRV_IXGBE] = {
		.name = "ixgbe", .rss_queues = 16, .udp_rxfh = RXFH_SD,
		.drop_en_multiqueue = true, .dynamic_itr = true, .rx_ring = 512, .refill_batch = 16, .end_refill = END_REFILL_NONE,
		.coal_style = COAL_ITR, .rx_interval = 50 * SIM_US, .rx_frames = 0,
		.truesize = 2304, .rx_fifo = 512 * 1024,
		.ring_drop_counter = "rx_no_dma_resources", .fifo_drop_counter = "rx_missed_errors",
		.no_buffer_counter = NULL, .irq_name_fmt = "%s-TxRx-%d",
	},
	/* IGB_DEFAULT_RXD 256; IGB_START_ITR 648 (~6000 IRQ/s, 162us) is where
	 * the default dynamic-conservative ITR starts; RQDPC -> rx_fifo_errors,
	 * RNBC -> rx_no_buffer_count; at most 8 RSS queues; UDP hashed on
	 * addresses only; DROP_EN as ixgbe. */
	[DRV_IGB] = {
		.name = "igb", .rss_queues = 8, .udp_rxfh = RXFH_SD,
		.drop_en_multiqueue = true, .dynamic_itr = false, .rx_ring = 256, .refill_batch = 16, .end_refill = END_REFILL_ALL,
		.coal_style = COAL_ITR, .rx_interval = 162 * SIM_US, .rx_frames = 0,
		.truesize = 2304, .rx_fifo = 32 * 1024,
		.ring_drop_counter = "rx_fifo_errors", .fifo_drop_counter = "rx_missed_errors",
		.no_buffer_counter = "rx_no_buffer_count", .irq_name_fmt = "%s-TxRx-%d",
	},
	/* MLX5E_PARAMS_DEFAULT_LOG_RQ_SIZE 1024; wqe_bulk >= 8; CQE-based RX
	 * moderation, 8us / 32 CQEs; no WQE -> rx_out_of_buffer; a channel
	 * per CPU; drops at once when no WQE is posted. */
	[DRV_MLX5] = {
		.name = "mlx5", .rss_queues = RSS_QUEUES_ALL_CPUS, .udp_rxfh = RXFH_SDFN,
		.drop_en_multiqueue = false, .dynamic_itr = false, .rx_ring = 1024, .refill_batch = 8, .end_refill = END_REFILL_BATCH,
		.coal_style = COAL_CQE, .rx_interval = 8 * SIM_US, .rx_frames = 32,
		.truesize = 2304, .rx_fifo = 0,
		.ring_drop_counter = "rx_out_of_buffer", .fifo_drop_counter = "rx_discards_phy",
		.no_buffer_counter = NULL, .irq_name_fmt = "mlx5_comp%2$d@%1$s",
		/* en_stats.c: rq_stats_desc / xdpsq_stats_desc */
		.xdp_drop_counter = "rx_xdp_drop", .xdp_redirect_counter = "rx_xdp_redirect",
		.xdp_tx_counter = "rx_xdp_tx_xmit", .xdp_tx_full_counter = "rx_xdp_tx_full",
	},
};
_Static_assert(sizeof(drv_profiles) / sizeof(drv_profiles[0]) == DRV__N,
	       "drv_profiles must cover its enum");

/*
 * __alloc_skb() for a frame of @len bytes (FCS stripped) plus NET_SKB_PAD:
 * the data area is a kmalloc object that also holds skb_shared_info (320),
 * and truesize = SKB_TRUESIZE(usable size) = kmalloc bucket + sizeof(sk_buff).
 */
static uint32_t kmalloc_truesize(uint32_t frame)
{
	static const uint32_t buckets[] = { 512, 1024, 2048, 4096, 8192, 16384 };
	uint32_t len = frame - 4, need = ((len + 64 + 63) & ~63u) + 320;
	unsigned i;

	for (i = 0; i < sizeof(buckets) / sizeof(buckets[0]); i++)
		if (need <= buckets[i])
			return buckets[i] + 256;
	return need + 256;
}

uint32_t nic_truesize(const struct nic *nic, uint32_t size)
{
	if (nic->cfg->truesize > 0)
		return (uint32_t)nic->cfg->truesize;
	return kmalloc_truesize(size);
}

static void dma_fn(struct sim *sim, struct sim_event *ev);

/*
 * Completions need an event only while the vector is armed, when each one
 * may raise an interrupt.  While NAPI owns the queue (masked), frames just
 * become visible once their completion time has passed: rxq_sync() moves
 * them to the ring whenever someone looks, which saves an event per frame
 * under load without changing what anyone sees.
 */
static void complete_one(struct rxq *q)
{
	struct packet *p = pktq_pop(&q->dma);

	pktq_push(&q->filled, p);
	if (q->filled.len > q->ts_max_filled) {
		q->ts_max_filled = q->filled.len;
		if (q->filled.len > q->max_filled)
			q->max_filled = q->filled.len;
	}
	q->rx_packets++;
	q->rx_bytes += p->size - 4;
}

void rxq_sync(struct host *h, struct rxq *q)
{
	while (q->dma.head && q->dma.head->t_ring <= h->sim->now)
		complete_one(q);
}

void rxq_watch_completions(struct host *h, struct rxq *q)
{
	if (q->irq.armed && q->dma.head && !sim_event_pending(&q->dma_ev))
		sim_schedule(h->sim, &q->dma_ev, q->dma.head->t_ring);
}

static void start_dma(struct host *h, struct rxq *q, struct packet *p)
{
	q->posted--;
	p->t_ring = h->sim->now + q->nic->cfg->dma_delay;
	pktq_push(&q->dma, p);
	rxq_watch_completions(h, q);
}

/* A completion was written while the vector is armed. */
static void dma_fn(struct sim *sim, struct sim_event *ev)
{
	struct rxq *q = container_of(ev, struct rxq, dma_ev);
	struct host *h = sim_host(sim);

	complete_one(q);
	rxq_watch_completions(h, q);
	irq_completion(h, q);
}

/* Frames parked in the on-chip buffer take descriptors as they come back. */
static void fifo_drain(struct host *h, struct rxq *q)
{
	while (q->fifo.head && q->posted) {
		struct packet *p = pktq_pop(&q->fifo);

		q->fifo_bytes -= p->size;
		start_dma(h, q, p);
	}
}

static void rxq_refill(struct host *h, struct rxq *q)
{
	q->posted += q->cleaned;
	q->cleaned = 0;
	q->refills++;
	fifo_drain(h, q);
}

static void rxq_rx(struct host *h, struct rxq *q, struct packet *p)
{
	if (!q->posted && q->nic->prof->no_buffer_counter)
		q->no_buffer++;
	if (q->posted && !q->fifo.head) {
		start_dma(h, q, p);
		return;
	}
	if (q->drop_en && !q->fifo.head) {
		q->ring_drops++;
		q->drops_cpu[cpu_doing(&h->cpus[q->irq.cpu])]++;
		host_drop(h, p, DROP_NIC_RING);
		return;
	}
	if (q->fifo_bytes + p->size > q->fifo_cap) {
		q->fifo_drops++;
		q->drops_cpu[cpu_doing(&h->cpus[q->irq.cpu])]++;
		host_drop(h, p, DROP_NIC_FIFO);
		return;
	}
	q->fifo_bytes += p->size;
	pktq_push(&q->fifo, p);
}

void nic_rx_frame(struct host *h, struct nic *nic, struct packet *p)
{
	struct rxq *q;

	/* RSS: the hash also becomes skb->hash, reused by RPS, RFS, flow limit */
	const uint32_t *fh = h->srcs[p->src].flow_hash;

	p->hash = fh ? fh[p->flow] : rss_hash(&nic->rss, &p->tuple);
	q = &nic->rxqs[rss_queue(&nic->rss, p->hash)];
	p->rxq = (uint16_t)q->gidx;
	p->truesize = nic_truesize(nic, p->size);
	rxq_rx(h, q, p);
}

/* --- the driver poll (napi->poll) ---------------------------------------- */

static void rxq_poll_begin(struct host *h, struct napi *n, int budget)
{
	struct rxq *q = n->priv;

	(void)h;
	q->phase = RXQ_LOOP;
	q->poll_bytes = 0;
	n->work = 0;
	n->budget = budget;
}

static int rxq_poll_step(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost)
{
	const struct costs_cfg *k = &h->sc->host.costs;
	struct rxq *q = n->priv;
	struct packet *p;

	for (;;) {
		switch (q->phase) {
		case RXQ_LOOP:
			if (n->work >= n->budget) {
				q->phase = RXQ_END_REFILL;
				continue;
			}
			if (q->cleaned >= q->refill_batch) {
				q->phase = RXQ_REFILLED;
				*cost = cost_draw(&k->refill, &c->rng);
				return 1;
			}
			rxq_sync(h, q);
			p = pktq_pop(&q->filled);
			if (!p) {
				q->phase = RXQ_END_REFILL;
				continue;
			}
			q->cleaned++;
			q->polled++;
			n->work++;
			p->t_poll = h->sim->now;
			q->poll_bytes += p->size - 4u;	/* skb->len: no FCS */
			q->cur = p;
			q->phase = RXQ_GOT_PKT;
			*cost = cost_draw(&k->driver_rx, &c->rng);
			return 1;
		case RXQ_REFILLED:
			rxq_refill(h, q);
			q->phase = RXQ_LOOP;
			continue;
		case RXQ_GOT_PKT:
			if (q->offload) {
				int next = rxq_offload_step(h, c, q, cost);

				if (next == 1)
					return 1;
				q->after_flush = RXQ_LOOP;
				q->phase = next;
				continue;
			}
			p = q->cur;
			q->cur = NULL;
			q->phase = RXQ_LOOP;
			if (gro_normal_one(h, n, p)) {
				q->after_flush = RXQ_LOOP;
				q->phase = RXQ_FLUSH;
			}
			continue;
		case RXQ_FLUSH:
			if (gro_normal_list_step(h, c, n, cost))
				return 1;
			q->phase = q->after_flush;
			continue;
		case RXQ_END_REFILL:
			if (q->cleaned &&
			    (q->nic->prof->end_refill == END_REFILL_ALL ||
			     (q->nic->prof->end_refill == END_REFILL_BATCH &&
			      q->cleaned >= q->refill_batch))) {
				q->phase = RXQ_END_REFILLED;
				*cost = cost_draw(&k->refill, &c->rng);
				return 1;
			}
			q->phase = RXQ_END_FLUSH;
			continue;
		case RXQ_END_REFILLED:
			rxq_refill(h, q);
			q->phase = RXQ_END_FLUSH;
			continue;
		case RXQ_END_FLUSH:
			if (q->offload)
				rxq_offload_poll_end(h, c, q);
			q->after_flush = RXQ_DONE;
			q->phase = RXQ_FLUSH;
			continue;
		default:
			/* q_vector->rx.total_packets/bytes for the dynamic ITR */
			irq_account_poll(q, (uint64_t)n->work, q->poll_bytes);
			return 0;
		}
	}
}

static void rxq_complete(struct host *h, struct napi *n)
{
	irq_rearm(h, n->priv);
}

const struct napi_ops rxq_napi_ops = {
	.name = "rx",
	.poll_begin = rxq_poll_begin,
	.poll_step = rxq_poll_step,
	.complete = rxq_complete,
};

int nic_setup(struct host *h, struct nic *nic, const struct nic_cfg *cfg, int index)
{
	int i;

	memset(nic, 0, sizeof(*nic));
	nic->cfg = cfg;
	nic->prof = &drv_profiles[cfg->driver];
	nic->index = index;
	/* mtu + Ethernet header + FCS */
	nic->max_frame = cfg->mtu > 0 ? (uint32_t)cfg->mtu + 18 : UINT32_MAX;
	link_init(&nic->link, cfg);
	if (!strcmp(cfg->rss_key, "random")) {
		struct rng r;

		/* netdev_rss_key_fill(): one random key per boot */
		rng_streamf(&r, h->sim->seed, "nic/%s/rss_key", cfg->name);
		for (i = 0; i < RSS_KEY_LEN; i++)
			nic->rss.key[i] = (uint8_t)rng_u32(&r);
	} else if (!strcmp(cfg->rss_key, "default")) {
		memcpy(nic->rss.key, rss_default_key, RSS_KEY_LEN);
	} else {
		rss_parse_key(cfg->rss_key, nic->rss.key);
	}
	rss_prepare(&nic->rss);
	nic->rss.udp4_ports = cfg->rxfh_udp4 == RXFH_SDFN;
	nic->rss.udp6_ports = cfg->rxfh_udp6 == RXFH_SDFN;
	if (cfg->indir.n) {
		nic->rss.indir_size = cfg->indir.n;
		for (i = 0; i < cfg->indir.n; i++)
			nic->rss.indir[i] = cfg->indir.cpu[i];
	} else {
		rss_indir_fill(&nic->rss, (uint32_t)cfg->indir_size, (uint32_t)cfg->queues,
			       cfg->indir_weights.cpu, cfg->indir_weights.n);
	}
	nic->nrxq = (int)cfg->queues;
	nic->rxqs = calloc((size_t)nic->nrxq, sizeof(*nic->rxqs));
	if (!nic->rxqs || xdp_setup(h, nic))
		return -1;
	for (i = 0; i < nic->nrxq; i++) {
		struct rxq *q = &nic->rxqs[i];
		int cpu = cfg->irq_affinity.n ? cfg->irq_affinity.cpu[i] : i % h->ncpus;

		q->nic = nic;
		q->index = i;
		q->gidx = h->nrxq + i;
		q->count = (uint32_t)cfg->rx_ring;
		q->refill_batch = (uint32_t)cfg->refill_batch;
		/* ixgbe_desc_unused(): one slot always stays empty */
		q->posted = q->count - 1;
		q->drop_en = cfg->drop_en == TRI_ON;
		q->fifo_cap = cfg->rx_fifo;
		pktq_init(&q->dma);
		pktq_init(&q->filled);
		pktq_init(&q->fifo);
		sim_event_init(&q->dma_ev, dma_fn, PRIO_DMA);
		napi_init(&q->napi, &rxq_napi_ops, NAPI_POLL_WEIGHT, cpu, q);
		q->napi.rx.rxq = q;
		if (gro_init(h, q, cfg))
			return -1;
		q->offload = cfg->xdp || q->gro->on;
		irq_vec_init(h, q, cpu);
	}
	return 0;
}

void nic_teardown(struct host *h, struct nic *nic)
{
	int i;

	xdp_teardown(h, nic);
	for (i = 0; nic->rxqs && i < nic->nrxq; i++)
		gro_free(&nic->rxqs[i]);
	free(nic->rxqs);
	nic->rxqs = NULL;
}
