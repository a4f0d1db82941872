/* SPDX-License-Identifier: MIT */
/*
 * irq.c - one MSI-X vector per rx queue and its interrupt moderation.
 *
 * Mirrors kernel-rx-path.md section 2: the vector is masked from the
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
 * Adaptive moderation (Intel dynamic ITR, DIM) is not modelled.
 */
#include <stdio.h>

#include "rxsim/host.h"
#include "rxsim/nic.h"

static void irq_fire(struct host *h, struct rxq *q)
{
	struct irq_vec *v = &q->irq;

	v->armed = false;
	v->cqes = 0;
	v->last_fire = h->sim->now;
	sim_cancel(h->sim, &v->timer);
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
		if (v->last_fire < 0 || now >= v->last_fire + v->usecs)
			irq_fire(h, q);
		else
			sim_schedule(h->sim, &v->timer, v->last_fire + v->usecs);
		return;
	case COAL_EQE:
		if (v->frames > 0 && v->cqes >= v->frames) {
			irq_fire(h, q);
			return;
		}
		if (!sim_event_pending(&v->timer))
			sim_schedule(h->sim, &v->timer, now + v->usecs);
		return;
	case COAL_CQE:
		if (v->frames > 0 && v->cqes >= v->frames) {
			irq_fire(h, q);
			return;
		}
		sim_reschedule(h->sim, &v->timer, now + v->usecs);
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

	v->armed = true;
	v->cqes = q->filled.len;
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
	v->usecs = cc->rx_usecs;
	v->frames = cc->rx_frames;
	if (v->usecs == 0 && v->frames <= 1)
		v->style = COAL_NONE;
	v->armed = true;
	v->last_fire = -1;
	sim_event_init(&v->timer, timer_fn, PRIO_IRQ);
}
