/* SPDX-License-Identifier: MIT */
/*
 * irq.c - one MSI-X vector per rx queue and its interrupt moderation.
 *
 * Mirrors the drivers' interrupt handling: the vector is masked from the
 * interrupt until napi_complete_done() returns true (ixgbe EIAM auto-mask
 * and ixgbe_irq_enable_queues(); mlx5 one event per mlx5e_cq_arm()); when it
 * is re-armed with completions already pending the device interrupts again
 * at once, subject to its moderation timer, so no wake-up is lost.
 *
 * Moderation styles (model the device, not the ethtool field):
 *   itr  Intel EITR: a minimum interval between interrupts; a cause pending
 *        when the interval expires fires then.  rx-frames is not supported.
 *   eqe  mlx5 EQE-based (and generic): the timer starts at the first
 *        completion after an interrupt; rx-frames completions fire early.
 *   cqe  mlx5 CQE-based: the timer restarts on every completion, so during
 *        a burst only rx-frames fires and the interrupt comes rx-usecs after
 *        the burst stops.
 *   none an interrupt per completion while armed (rx-usecs 0).
 * ixgbe's dynamic ITR (rx-usecs 1) follows ixgbe_update_itr() and
 * ixgbe_set_itr() (drivers/net/ethernet/intel/ixgbe/ixgbe_main.c): at every
 * completed poll the interval is recomputed from the packets and bytes seen
 * since the last update, between IXGBE_ITR_ADAPTIVE_MIN_USECS (10) and
 * MAX_USECS (126), with the latency/bulk rules and the per-size formula for
 * 10 Gb/s; only the rx ring container is modelled (no tx traffic).  With
 * adaptive-rx (eqe and cqe styles) net DIM (models/dim.c) picks rx-usecs and
 * rx-frames at each completed poll, as mlx5e_handle_rx_dim() does.  igb's
 * adaptive modes (igb_update_itr) are not modelled.
 */
#include <stdio.h>

#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/softirq.h"

#define ITR_ADAPTIVE_MIN_INC	2
#define ITR_ADAPTIVE_MIN_USECS	10
#define ITR_ADAPTIVE_MAX_USECS	126
#define ITR_ADAPTIVE_LATENCY	0x80
#define ITR_ADAPTIVE_BULK	0x00
#define IXGBE_20K_ITR		200	/* 50us << 2: where the dynamic ITR starts */

void irq_account_poll(struct rxq *q, uint64_t packets, uint64_t bytes)
{
	q->irq.total_packets += packets;
	q->irq.total_bytes += bytes;
	q->irq.polled_bytes += bytes;
}

static void dim_apply(struct irq_vec *v)
{
	struct dim_cq_moder m = net_dim_get_rx_moderation(v->dim.cqe_mode, v->dim.profile_ix);

	v->interval = (sim_time_t)m.usec * SIM_US;
	v->frames = m.pkts;
}

/* mlx5e_handle_rx_dim(), then mlx5e_rx_dim_work() applying the profile. */
static void handle_rx_dim(struct host *h, struct rxq *q)
{
	struct irq_vec *v = &q->irq;
	struct dim_sample s = {
		.time = h->sim->now,
		.pkt_ctr = (uint32_t)q->polled,
		.byte_ctr = (uint32_t)v->polled_bytes,
		.event_ctr = (uint16_t)v->fired,
	};

	if (net_dim(&v->dim, &s)) {
		dim_apply(v);
		v->dim.state = DIM_START_MEASURE;
	}
}

/* ixgbe_update_itr() for the rx ring container. */
static void update_itr(struct host *h, struct irq_vec *v)
{
	unsigned int itr = ITR_ADAPTIVE_MIN_USECS | ITR_ADAPTIVE_LATENCY;
	int64_t now = host_jiffies(h);
	uint64_t packets, bytes, avg;

	if (now > v->next_update)
		goto clear_counts;
	packets = v->total_packets;
	if (!packets) {
		itr = (v->q_itr >> 2) + ITR_ADAPTIVE_MIN_INC;
		if (itr > ITR_ADAPTIVE_MAX_USECS)
			itr = ITR_ADAPTIVE_MAX_USECS;
		itr += v->rx_itr & ITR_ADAPTIVE_LATENCY;
		goto clear_counts;
	}
	bytes = v->total_bytes;
	if (packets < 4 && bytes < 9000) {
		itr = ITR_ADAPTIVE_LATENCY;
		goto adjust_by_size;
	}
	if (packets < 48) {
		itr = (v->q_itr >> 2) + ITR_ADAPTIVE_MIN_INC;
		if (itr > ITR_ADAPTIVE_MAX_USECS)
			itr = ITR_ADAPTIVE_MAX_USECS;
		goto clear_counts;
	}
	if (packets < 96) {
		itr = v->q_itr >> 2;
		goto clear_counts;
	}
	if (packets < 256) {
		itr = v->q_itr >> 3;
		if (itr < ITR_ADAPTIVE_MIN_USECS)
			itr = ITR_ADAPTIVE_MIN_USECS;
		goto clear_counts;
	}
	itr = ITR_ADAPTIVE_BULK;
adjust_by_size:
	avg = bytes / packets;
	if (avg <= 60)
		avg = 5120;
	else if (avg <= 316)
		avg = avg * 40 + 2720;
	else if (avg <= 1084)
		avg = avg * 15 + 11452;
	else if (avg < 1968)
		avg = avg * 5 + 22420;
	else
		avg = 32256;
	if (itr & ITR_ADAPTIVE_LATENCY)
		avg >>= 1;
	/* IXGBE_LINK_SPEED_10GB_FULL */
	itr += (unsigned int)((avg + ITR_ADAPTIVE_MIN_INC * 256 - 1) /
			      (ITR_ADAPTIVE_MIN_INC * 256)) * ITR_ADAPTIVE_MIN_INC;
clear_counts:
	v->rx_itr = itr;
	v->next_update = now + 1;
	v->total_packets = 0;
	v->total_bytes = 0;
}

/* ixgbe_set_itr(): the new interval, without the latency flag, in usecs << 2. */
static void set_itr(struct host *h, struct irq_vec *v)
{
	uint32_t new_itr;

	update_itr(h, v);
	new_itr = (v->rx_itr & ~(uint32_t)ITR_ADAPTIVE_LATENCY) << 2;
	if (new_itr != v->q_itr) {
		v->q_itr = new_itr;
		v->interval = (sim_time_t)(new_itr >> 2) * SIM_US;
	}
}

static void irq_fire(struct host *h, struct rxq *q)
{
	struct irq_vec *v = &q->irq;

	v->armed = false;
	v->cqes = 0;
	v->last_fire = h->sim->now;
	sim_cancel(h->sim, &v->timer);
	/* masked: completions no longer need an event of their own */
	sim_cancel(h->sim, &q->dma_ev);
	v->fired++;
	cpu_raise_irq(&h->cpus[v->cpu], &v->desc);
}

static void irq_moderate(struct host *h, struct rxq *q)
{
	struct irq_vec *v = &q->irq;
	sim_time_t now = h->sim->now;

	switch (v->style) {
	case COAL_NONE:
		irq_fire(h, q);
		return;
	case COAL_ITR:
		if (sim_event_pending(&v->timer))
			return;
		if (v->last_fire < 0 || now >= v->last_fire + v->interval)
			irq_fire(h, q);
		else
			sim_schedule(h->sim, &v->timer, v->last_fire + v->interval);
		return;
	case COAL_EQE:
		if (v->frames > 0 && v->cqes >= v->frames) {
			irq_fire(h, q);
			return;
		}
		if (!sim_event_pending(&v->timer))
			sim_schedule(h->sim, &v->timer, now + v->interval);
		return;
	case COAL_CQE:
		if (v->frames > 0 && v->cqes >= v->frames) {
			irq_fire(h, q);
			return;
		}
		sim_reschedule(h->sim, &v->timer, now + v->interval);
		return;
	}
}

static void timer_fn(struct sim *sim, struct sim_event *ev)
{
	struct irq_vec *v = container_of(ev, struct irq_vec, timer);
	struct rxq *q = container_of(v, struct rxq, irq);

	if (v->armed && v->cqes)
		irq_fire(sim_host(sim), q);
}

void irq_completion(struct host *h, struct rxq *q)
{
	q->irq.cqes++;
	if (q->irq.armed)
		irq_moderate(h, q);
}

void irq_rearm(struct host *h, struct rxq *q)
{
	struct irq_vec *v = &q->irq;

	/* ixgbe_poll(): ixgbe_set_itr() before the queue's interrupt is enabled;
	 * mlx5e_napi_poll(): mlx5e_handle_rx_dim() before mlx5e_cq_arm() */
	if (v->dynamic)
		set_itr(h, v);
	if (v->adaptive)
		handle_rx_dim(h, q);
	v->armed = true;
	rxq_sync(h, q);
	v->cqes = q->filled.len;
	rxq_watch_completions(h, q);
	if (v->cqes)
		irq_moderate(h, q);
}

/* The handler (ixgbe_msix_clean_rings & co.) only schedules NAPI. */
static void irq_handler(struct host *h, struct cpu *c, struct irq_desc *d)
{
	struct irq_vec *v = container_of(d, struct irq_vec, desc);
	struct rxq *q = container_of(v, struct rxq, irq);

	napi_schedule(h, c, &q->napi);
}

void irq_vec_init(struct host *h, struct rxq *q, int cpu)
{
	struct irq_vec *v = &q->irq;
	const struct coalesce_cfg *cc = &q->nic->cfg->coalesce;

	snprintf(v->name, sizeof(v->name), q->nic->prof->irq_name_fmt, q->nic->cfg->name,
		 q->index);
	v->desc.name = v->name;
	v->desc.handler = irq_handler;
	v->desc.cost = &h->sc->host.costs.hardirq;
	v->cpu = cpu;
	v->style = cc->style;
	v->interval = cc->rx_interval;
	v->frames = cc->rx_frames;
	if (cc->adaptive_rx) {
		/* net_dim_get_def_rx_moderation(): profile 1 of the CQ period mode */
		v->adaptive = true;
		dim_init(&v->dim, v->style == COAL_CQE);
		dim_apply(v);
	}
	if (q->nic->prof->dynamic_itr && v->style == COAL_ITR && v->interval == SIM_US) {
		/* ixgbe_alloc_q_vector(): rx_itr_setting 1 starts at IXGBE_20K_ITR */
		v->dynamic = true;
		v->q_itr = IXGBE_20K_ITR;
		v->interval = (sim_time_t)(IXGBE_20K_ITR >> 2) * SIM_US;
		v->rx_itr = ITR_ADAPTIVE_MAX_USECS | ITR_ADAPTIVE_LATENCY;
		v->next_update = 0;
	}
	if (v->interval == 0 && v->frames <= 1)
		v->style = COAL_NONE;
	v->armed = true;
	v->last_fire = -1;
	sim_event_init(&v->timer, timer_fn, PRIO_IRQ);
}
