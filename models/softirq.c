/* SPDX-License-Identifier: MIT */
/*
 * softirq.c - NET_RX softirq: when it runs, for how long, and who runs it.
 *
 * Mirrors kernel/softirq.c: invoke_softirq() at irq_exit, do_softirq() at
 * local_bh_enable, handle_softirqs() with MAX_SOFTIRQ_RESTART (10) rounds,
 * MAX_SOFTIRQ_TIME (msecs_to_jiffies(2)) and need_resched(), wakeup_softirqd()
 * and run_ksoftirqd(); and net/core/dev.c: net_rx_action() (netdev_budget,
 * netdev_budget_usecs in jiffies, each instance polled at most once per
 * invocation, repoll, time_squeeze), ____napi_schedule(), napi_schedule_prep()
 * and napi_complete_done() (NAPI_STATE_MISSED).
 *
 * Version switches: 4.9-6.4 do not run softirqs
 * inline while ksoftirqd is runnable (4cd13c21b207, reverted in 6.5 by
 * d15121be7485); from 6.4 a NAPI scheduled during net_rx_action does not
 * re-raise NET_RX (in_net_rx_action, 8b43fd3d1d7d).
 *
 * Simplified: only NET_RX is modelled among the softirq vectors; GRO flush
 * timers, threaded NAPI and napi_defer_hard_irqs are not.
 */
#include <assert.h>

#include "rxsim/backlog.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"

#define MAX_SOFTIRQ_RESTART 10

static void episode_round(struct host *h, struct cpu *c);
static void ksoftirqd_run(struct cpu *c, struct exec *ex);
static void wakeup_softirqd(struct host *h, struct cpu *c);
static void ksoftirqd_after_episode(struct host *h, struct cpu *c);
static void net_rx_loop(struct host *h, struct cpu *c);
static void net_rx_action_out(struct host *h, struct cpu *c);

void napi_init(struct napi *n, const struct napi_ops *ops, int weight, int cpu, void *priv)
{
	n->ops = ops;
	n->state = 0;
	n->weight = weight;
	n->work = 0;
	n->budget = 0;
	n->cpu = cpu;
	n->poll_next = NULL;
	n->priv = priv;
	n->polls = 0;
	n->polls_full = 0;
}

static void list_add_tail(struct napi_list *l, struct napi *n)
{
	n->poll_next = NULL;
	if (l->tail)
		l->tail->poll_next = n;
	else
		l->head = n;
	l->tail = n;
}

static struct napi *list_pop(struct napi_list *l)
{
	struct napi *n = l->head;

	if (n) {
		l->head = n->poll_next;
		if (!l->head)
			l->tail = NULL;
		n->poll_next = NULL;
	}
	return n;
}

static void list_splice_tail(struct napi_list *dst, struct napi_list *src)
{
	if (!src->head)
		return;
	if (dst->tail)
		dst->tail->poll_next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	src->head = src->tail = NULL;
}

void softirq_raise(struct cpu *c, unsigned int nr)
{
	c->sd.softirq_pending |= 1u << nr;
}

/* ____napi_schedule() */
void napi_schedule_locked(struct host *h, struct cpu *c, struct napi *n)
{
	n->cpu = c->id;
	list_add_tail(&c->sd.poll_list, n);
	if (!(h->kver >= KVER(6, 4) && c->sd.in_net_rx_action))
		softirq_raise(c, NET_RX_SOFTIRQ);
}

/* napi_schedule(): napi_schedule_prep() then __napi_schedule(). */
void napi_schedule(struct host *h, struct cpu *c, struct napi *n)
{
	if (n->state & NAPIF_STATE_SCHED) {
		n->state |= NAPIF_STATE_MISSED;
		return;
	}
	n->state |= NAPIF_STATE_SCHED;
	napi_schedule_locked(h, c, n);
}

void napi_schedule_from_task(struct host *h, struct cpu *c, struct napi *n)
{
	napi_schedule_locked(h, c, n);
	if (c->sd.softirq_pending)
		wakeup_softirqd(h, c);
}

/* napi_complete_done(): true if the driver may re-enable its interrupt. */
static bool napi_complete_done(struct host *h, struct cpu *c, struct napi *n)
{
	if (n->state & NAPIF_STATE_MISSED) {
		n->state &= ~NAPIF_STATE_MISSED;
		napi_schedule_locked(h, c, n);
		return false;
	}
	n->state &= ~NAPIF_STATE_SCHED;
	return true;
}

/* ksoftirqd_running() of 4.9-6.4: inline softirqs wait for ksoftirqd. */
bool softirq_should_defer(const struct host *h, const struct cpu *c)
{
	return h->kver >= KVER(4, 9) && h->kver <= KVER(6, 4) && task_runnable(&c->ksoftirqd);
}

static void wakeup_softirqd(struct host *h, struct cpu *c)
{
	/* an inline episode that ends with work left hands it over */
	if (c->sd.ep.active && c->sd.ep.home != &c->ksoftirqd.exec)
		c->sd.handoffs++;
	if (task_runnable(&c->ksoftirqd))
		return;
	c->sd.ksoftirqd_wakeups++;
	if (h->hooks)
		h->hooks->instant(h->hooks->ctx, c->id, "wakeup ksoftirqd", h->sim->now);
	sched_wakeup(h, &c->ksoftirqd, ksoftirqd_run);
}

static void episode_start(struct host *h, struct cpu *c, struct exec *home)
{
	struct softirq_episode *ep = &c->sd.ep;

	assert(!ep->active);
	ep->active = true;
	ep->home = home;
	/* MAX_SOFTIRQ_TIME = msecs_to_jiffies(2), rounded up to whole ticks */
	ep->end_jiffies = host_jiffies(h) + (2 * h->hz + 999) / 1000;
	ep->max_restart = MAX_SOFTIRQ_RESTART;
	if (home->task)
		home->task->nopreempt = true;
	episode_round(h, c);
}

static void episode_end(struct host *h, struct cpu *c)
{
	struct softirq_episode *ep = &c->sd.ep;
	struct exec *home = ep->home;

	ep->active = false;
	ep->home = NULL;
	if (home == &c->softirq_exec) {
		c->softirq_inline = false;
		sched_preempt_point(c);
		cpu_run(c);
		return;
	}
	ksoftirqd_after_episode(h, c);
}

/* The tail of handle_softirqs(): restart, or hand what is left to ksoftirqd. */
static void episode_after_round(struct host *h, struct cpu *c)
{
	struct softirq_episode *ep = &c->sd.ep;

	if (c->sd.softirq_pending) {
		if (host_jiffies(h) < ep->end_jiffies && !c->need_resched && --ep->max_restart) {
			c->sd.softirq_restarts++;
			episode_round(h, c);
			return;
		}
		wakeup_softirqd(h, c);
	}
	episode_end(h, c);
}

static void entry_done(struct cpu *c, struct exec *ex)
{
	(void)ex;
	net_rx_loop(c->host, c);
}

static void episode_round(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	unsigned int pending = sd->softirq_pending;
	int64_t usecs = h->budget_usecs;

	sd->softirq_pending = 0;
	if (!(pending & NET_RXF)) {
		episode_after_round(h, c);
		return;
	}
	/* net_rx_action() */
	sd->net_rx_softirqs++;
	sd->net_rx_actions++;
	ep->time_limit = host_jiffies(h) + (usecs * h->hz + 999999) / 1000000;
	ep->budget = (int)h->sc->host.sysctl.netdev_budget;
	ep->list.head = ep->list.tail = NULL;
	ep->repoll.head = ep->repoll.tail = NULL;
	if (h->kver >= KVER(6, 4))
		sd->in_net_rx_action = true;
	list_splice_tail(&ep->list, &sd->poll_list);
	cpu_charge(c, ep->home, cost_draw(&h->sc->host.costs.softirq_entry, &c->rng), entry_done);
}

static void napi_poll_done(struct host *h, struct cpu *c, struct napi *n)
{
	struct softirq_episode *ep = &c->sd.ep;
	int work = n->work;

	assert(work <= n->weight && "poll returned more than its weight");
	n->polls++;
	ep->cur = NULL;
	if (work < n->weight) {
		if (!n->ops->self_complete && napi_complete_done(h, c, n) && n->ops->complete)
			n->ops->complete(h, n);
	} else {
		/* Full weight: the core keeps ownership and polls it again later. */
		n->polls_full++;
		list_add_tail(&ep->repoll, n);
	}
	ep->budget -= work;
	if (ep->budget <= 0 || host_jiffies(h) >= ep->time_limit) {
		c->sd.time_squeeze++;
		if (h->hooks)
			h->hooks->instant(h->hooks->ctx, c->id, "time_squeeze", h->sim->now);
		net_rx_action_out(h, c);
		return;
	}
	net_rx_loop(h, c);
}

static void poll_step_done(struct cpu *c, struct exec *ex);

static void napi_poll_run(struct host *h, struct cpu *c)
{
	struct softirq_episode *ep = &c->sd.ep;
	struct napi *n = ep->cur;
	sim_time_t cost;

	if (n->ops->poll_step(h, c, n, &cost)) {
		cpu_charge(c, ep->home, cost, poll_step_done);
		return;
	}
	napi_poll_done(h, c, n);
}

static void poll_step_done(struct cpu *c, struct exec *ex)
{
	(void)ex;
	napi_poll_run(c->host, c);
}

static void net_rx_loop(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	struct napi *n;

	for (;;) {
		if (!ep->list.head) {
			if (!ep->repoll.head) {
				sd->in_net_rx_action = false;
				if (sd->poll_list.head && h->kver >= KVER(6, 4)) {
					/* NAPIs scheduled meanwhile: take them in this run. */
					sd->in_net_rx_action = true;
					list_splice_tail(&ep->list, &sd->poll_list);
					continue;
				}
				if (!sd->poll_list.head && !sd->rps_ipi_list) {
					episode_after_round(h, c);
					return;
				}
			}
			break;
		}
		n = list_pop(&ep->list);
		ep->cur = n;
		n->ops->poll_begin(h, n, n->weight);
		napi_poll_run(h, c);
		return;
	}
	net_rx_action_out(h, c);
}

static void ipis_sent_done(struct cpu *c, struct exec *ex)
{
	(void)ex;
	episode_after_round(c->host, c);
}

static void net_rx_action_out(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	struct napi_list rebuilt = { NULL, NULL };

	/* poll_list = unprocessed + newly scheduled + repoll, in that order */
	list_splice_tail(&rebuilt, &ep->list);
	list_splice_tail(&rebuilt, &sd->poll_list);
	list_splice_tail(&rebuilt, &ep->repoll);
	sd->poll_list = rebuilt;
	if (sd->poll_list.head)
		softirq_raise(c, NET_RX_SOFTIRQ);
	else
		sd->in_net_rx_action = false;
	/* net_rps_action_and_irq_enable(): the IPIs queued during this run */
	if (sd->rps_ipi_list) {
		cpu_charge(c, ep->home, net_rps_send_ipis(h, c), ipis_sent_done);
		return;
	}
	episode_after_round(h, c);
}

bool softirq_invoke_inline(struct host *h, struct cpu *c, bool from_bh_enable)
{
	if (!c->sd.softirq_pending || c->sd.ep.active || softirq_should_defer(h, c))
		return false;
	c->softirq_inline = true;
	if (from_bh_enable)
		c->sd.episodes_bh_enable++;
	else
		c->sd.episodes_inline++;
	episode_start(h, c, &c->softirq_exec);
	return true;
}

/* run_ksoftirqd(): one episode per pass, cond_resched() between passes. */
static void ksoftirqd_run(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;

	(void)ex;
	if (c->sd.softirq_pending && !c->sd.ep.active) {
		c->sd.episodes_ksoftirqd++;
		episode_start(h, c, &c->ksoftirqd.exec);
		return;
	}
	sched_block(c, &c->ksoftirqd);
}

static void ksoftirqd_after_episode(struct host *h, struct cpu *c)
{
	(void)h;
	c->ksoftirqd.nopreempt = false;
	cpu_charge(c, &c->ksoftirqd.exec, 0, ksoftirqd_run);
	sched_preempt_point(c);
}
