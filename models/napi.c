/* SPDX-License-Identifier: MIT */
/*
 * napi.c - the NAPI core of net/core/dev.c, written once for every poller.
 *
 * Mirrors napi_schedule_prep() + __napi_schedule() / ____napi_schedule(),
 * napi_complete_done() (NAPI_STATE_MISSED: reschedule instead of
 * completing), __napi_poll() and the tail of napi_poll() (a poll that used
 * its whole weight keeps NAPI_STATE_SCHED and is polled again), the busy
 * poll ownership of napi_busy_loop() / busy_poll_stop().  The receive step
 * every poll hands its packets to is napi_rx.h (inline: it runs per packet).
 *
 * net_rx_action (net_rx_action.c), a busy-polling reader (app.c) and
 * process_backlog (backlog.c) all go through these functions.
 *
 * Deferred hard IRQs (napi_defer_hard_irqs, gro_flush_timeout) and IRQ
 * suspension (irq_suspend_timeout, 6.13) follow napi_complete_done(),
 * napi_watchdog(), busy_poll_stop() and napi_suspend_irqs() /
 * napi_resume_irqs(); the hrtimer fires in the local timer interrupt of the
 * CPU that armed it (HRTIMER_MODE_REL_PINNED).  A threaded NAPI
 * (NAPI_STATE_THREADED) is woken in ____napi_schedule() instead of raising
 * NET_RX; its kthread is napi_threaded.c.
 *
 * Simplified: GRO never merges (UDP without UDP_GRO passes through
 * napi_gro_receive unchanged), so gro_bitmask is always empty here.
 */
#include <assert.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/nic.h"
#include "rxsim/softirq.h"

static void napi_timer_fn(struct sim *sim, struct sim_event *ev);

void napi_init(struct napi *n, const struct napi_ops *ops, int weight, int cpu, void *priv)
{
	n->ops = ops;
	n->state = 0;
	n->gro_held = false;
	n->weight = weight;
	n->work = 0;
	n->budget = 0;
	n->cpu = cpu;
	n->poll_next = NULL;
	n->priv = priv;
	pktq_init(&n->rx_list);
	n->rx.skb = NULL;
	n->rx.phase = 0;
	n->rx.rxq = NULL;
	n->defer_hard_irqs = 0;
	n->defer_hard_irqs_count = 0;
	n->gro_flush_timeout = 0;
	n->irq_suspend_timeout = 0;
	n->timer_cpu = cpu;
	n->timer_next = NULL;
	n->thread = NULL;
	sim_event_init(&n->timer, napi_timer_fn, PRIO_IRQ);
	n->polls = 0;
	n->polls_full = 0;
	n->busy_polls = 0;
	n->deferred = 0;
	n->timer_fires = 0;
	n->timer_scheds = 0;
}

void napi_set_irq_params(struct napi *n, int64_t defer_hard_irqs, sim_time_t gro_flush_timeout,
			 sim_time_t irq_suspend_timeout)
{
	n->defer_hard_irqs = defer_hard_irqs;
	n->gro_flush_timeout = gro_flush_timeout;
	n->irq_suspend_timeout = irq_suspend_timeout;
}

/* hrtimer_start(&n->timer, timeout, HRTIMER_MODE_REL_PINNED) on @c: a
 * restart moves an armed timer, and to this CPU. */
static void napi_hrtimer_start(struct host *h, struct cpu *c, struct napi *n, sim_time_t timeout)
{
	n->timer_cpu = c->id;
	sim_cancel(h->sim, &n->timer);
	sim_schedule(h->sim, &n->timer, h->sim->now + timeout);
}

void napi_schedule_locked(struct host *h, struct cpu *c, struct napi *n)
{
	/* ____napi_schedule(): a threaded NAPI wakes its kthread */
	if (n->state & NAPIF_STATE_THREADED) {
		n->state |= NAPIF_STATE_SCHED_THREADED;
		napi_kthread_wake(h, n);
		return;
	}
	n->cpu = c->id;
	napi_list_add_tail(&c->sd.poll_list, n);
	/* from 6.4 a NAPI scheduled inside net_rx_action is taken by the
	 * running action without re-raising NET_RX (8b43fd3d1d7d) */
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
	if (c->sd.softirq_pending && !(n->state & NAPIF_STATE_THREADED))
		softirq_wakeup_ksoftirqd(h, c);
}

/*
 * napi_complete_done() of 5.7+ (the deferral of 6f8b12d661d0; per-NAPI
 * values from 6.13; the irq_suspend_timeout branch of 6.13): a poll with
 * work reloads defer_hard_irqs_count; while it is above 0 each completion
 * decrements it and, with a gro_flush_timeout, keeps the IRQ masked and arms
 * the timer that polls again (napi_watchdog).  Before 5.7 only held GRO
 * packets arm the timer, and the IRQ is always re-enabled.
 */
/* What napi_complete_done() decides before it touches the state: the
 * timeout it arms, whether the IRQ is re-enabled, and defer_hard_irqs_count
 * after it.  n->gro_held stands for n->gro.bitmask, read before the flush. */
struct napi_done_plan {
	sim_time_t timeout;
	bool ret;
	int64_t defer_count;
};

static struct napi_done_plan napi_done_plan(const struct host *h, const struct napi *n)
{
	struct napi_done_plan d = { 0, true, n->defer_hard_irqs_count };

	if (n->work) {
		if (n->gro_held)
			d.timeout = n->gro_flush_timeout;
		d.defer_count = n->defer_hard_irqs;
	}
	if ((n->state & NAPIF_STATE_PREFER_BUSY_POLL) && h->kver >= KVER(6, 13)) {
		d.timeout = n->irq_suspend_timeout;
		if (d.timeout)
			d.ret = false;
	}
	if (d.ret && d.defer_count > 0) {
		d.defer_count--;
		d.timeout = n->gro_flush_timeout;
		if (d.timeout)
			d.ret = false;
	}
	return d;
}

bool napi_complete_flush_old(const struct host *h, const struct napi *n)
{
	return napi_done_plan(h, n).timeout != 0;
}

bool napi_complete_done(struct host *h, struct cpu *c, struct napi *n, bool from_task)
{
	struct napi_done_plan d;
	sim_time_t timeout;
	unsigned int val;
	bool ret;

	/* a busy poller owns it and completes it in busy_poll_stop() */
	if (n->state & NAPIF_STATE_IN_BUSY_POLL)
		return false;
	d = napi_done_plan(h, n);
	timeout = d.timeout;
	ret = d.ret;
	n->defer_hard_irqs_count = d.defer_count;
	/* gro_flush_normal(&n->gro, !!timeout) was done at the end of the
	 * driver poll (napi_gro_poll_end), with napi_complete_flush_old() */
	n->gro_held = false;

	val = n->state;
	n->state &= ~(NAPIF_STATE_MISSED | NAPIF_STATE_SCHED | NAPIF_STATE_SCHED_THREADED |
		      NAPIF_STATE_PREFER_BUSY_POLL);
	if (val & NAPIF_STATE_MISSED) {
		/* STATE_SCHED stays: the poll runs once more */
		n->state |= NAPIF_STATE_SCHED;
		if (from_task)
			napi_schedule_from_task(h, c, n);
		else
			napi_schedule_locked(h, c, n);
		return false;
	}
	if (timeout)
		napi_hrtimer_start(h, c, n, timeout);
	if (!ret)
		n->deferred++;
	return ret;
}

/* napi_watchdog(): in the hrtimer interrupt of timer_cpu; schedules the NAPI
 * without setting MISSED (no device interrupt to react to). */
static void napi_watchdog(struct host *h, struct cpu *c, struct napi *n)
{
	n->timer_fires++;
	if (n->state & NAPIF_STATE_SCHED)
		return;
	n->state |= NAPIF_STATE_SCHED;
	n->state &= ~NAPIF_STATE_PREFER_BUSY_POLL;
	n->timer_scheds++;
	napi_schedule_locked(h, c, n);
}

/* The local timer interrupt of one CPU runs every hrtimer expired on it. */
void napi_hrtimer_interrupt(struct host *h, struct cpu *c, struct irq_desc *d)
{
	struct napi *n;

	(void)d;
	while ((n = c->hrtimer_expired)) {
		c->hrtimer_expired = n->timer_next;
		n->timer_next = NULL;
		napi_watchdog(h, c, n);
	}
}

static void napi_timer_fn(struct sim *sim, struct sim_event *ev)
{
	struct napi *n = container_of(ev, struct napi, timer);
	struct host *h = sim_host(sim);
	struct cpu *c = &h->cpus[n->timer_cpu];

	n->timer_next = c->hrtimer_expired;
	c->hrtimer_expired = n;
	cpu_raise_irq(c, &c->hrtimer_desc);
}

static void napi_poll_continue(struct cpu *c, struct exec *ex)
{
	struct napi *n = ex->napi;
	sim_time_t cost;

	if (n->ops->poll_step(c->host, c, n, &cost)) {
		cpu_charge(c, ex, cost, napi_poll_continue);
		return;
	}
	/* __napi_poll(): WARN_ON_ONCE(work > weight) */
	assert(n->work <= n->budget && "poll returned more than its budget");
	ex->napi_done(c, ex);
}

void napi_poll_run(struct cpu *c, struct exec *ex, struct napi *n, int budget, exec_fn done)
{
	ex->napi = n;
	ex->napi_done = done;
	n->ops->poll_begin(c->host, n, budget);
	napi_poll_continue(c, ex);
}

bool napi_poll_repoll(struct host *h, struct cpu *c, struct napi *n)
{
	n->polls++;
	if (n->work < n->weight) {
		if (!n->ops->self_complete && napi_complete_done(h, c, n, false) &&
		    n->ops->complete)
			n->ops->complete(h, n);
		return false;
	}
	/* Full weight: drivers must not touch the state; the core keeps it. */
	n->polls_full++;
	/* __napi_poll(): more work, but busy polling is preferred: complete it
	 * (the IRQ stays masked if the timer is armed) and reschedule if not */
	if (n->state & NAPIF_STATE_PREFER_BUSY_POLL) {
		if (napi_complete_done(h, c, n, false))
			napi_schedule(h, c, n);
		return false;
	}
	return true;
}

bool napi_busy_poll_prep(struct napi *n, bool prefer)
{
	if (n->state & (NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL)) {
		if (prefer)
			n->state |= NAPIF_STATE_PREFER_BUSY_POLL;
		return false;
	}
	n->state |= NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL;
	return true;
}

bool napi_busy_poll_stop_begin(struct host *h, struct cpu *c, struct napi *n, bool prefer)
{
	sim_time_t timeout = 0;

	/* the extra poll below picks up what a missed interrupt announced */
	n->state &= ~(NAPIF_STATE_MISSED | NAPIF_STATE_IN_BUSY_POLL);
	if (!prefer)
		return false;
	if (h->kver >= KVER(6, 13))
		timeout = n->irq_suspend_timeout;
	if (!timeout) {
		n->defer_hard_irqs_count = n->defer_hard_irqs;
		if (n->defer_hard_irqs_count)
			timeout = n->gro_flush_timeout;
	}
	if (!timeout)
		return false;
	napi_hrtimer_start(h, c, n, timeout);
	return true;
}

void napi_busy_poll_stop_done(struct host *h, struct cpu *c, struct napi *n, bool skip_schedule)
{
	n->busy_polls++;
	/* busy_poll_stop() runs between local_bh_disable() and
	 * local_bh_enable(): a NET_RX raised here runs at the enable (the
	 * caller's), ksoftirqd is not woken */
	if (n->work < n->budget) {
		/* the driver's own napi_complete_done() */
		if (napi_complete_done(h, c, n, false) && n->ops->complete)
			n->ops->complete(h, n);
		return;
	}
	/* __busy_poll_stop(): more work; the timer (if armed) will poll it */
	if (!skip_schedule) {
		napi_schedule_locked(h, c, n);
		return;
	}
	n->state &= ~NAPIF_STATE_SCHED;
}

/* napi_suspend_irqs(): epoll found events; push the safety timer out. */
void napi_suspend_irqs(struct host *h, struct cpu *c, struct napi *n)
{
	if (n->irq_suspend_timeout)
		napi_hrtimer_start(h, c, n, n->irq_suspend_timeout);
}

/* napi_resume_irqs(): epoll found nothing; a poll re-enables the IRQ. */
void napi_resume_irqs(struct host *h, struct cpu *c, struct napi *n)
{
	if (!n->irq_suspend_timeout)
		return;
	/* local_bh_disable(); napi_schedule(); local_bh_enable(): the
	 * raised softirq runs at the caller's bh enable */
	napi_schedule(h, c, n);
}
