/* SPDX-License-Identifier: MIT */
/*
 * softirq.c - when softirqs run, for how long, and who runs them.
 *
 * Mirrors kernel/softirq.c: invoke_softirq() at irq_exit, do_softirq() at
 * local_bh_enable, handle_softirqs() with MAX_SOFTIRQ_RESTART (10) rounds,
 * MAX_SOFTIRQ_TIME (msecs_to_jiffies(2)) and need_resched(),
 * wakeup_softirqd() and run_ksoftirqd().  The NET_RX action itself is
 * net_rx_action.c.
 *
 * Version switch: 4.9-6.4 do not run softirqs inline while ksoftirqd is
 * runnable (4cd13c21b207, reverted in 6.5 by d15121be7485).
 *
 * Simplified: only NET_RX is modelled among the softirq vectors.
 */
#include <assert.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/softirq.h"

#define MAX_SOFTIRQ_RESTART 10

static void episode_round(struct host *h, struct cpu *c);
static void ksoftirqd_run(struct cpu *c, struct exec *ex);
static void ksoftirqd_after_episode(struct host *h, struct cpu *c);

void softirq_raise(struct cpu *c, unsigned int nr)
{
	c->sd.softirq_pending |= 1u << nr;
}

bool softirq_should_defer(const struct host *h, const struct cpu *c)
{
	return h->kver >= KVER(4, 9) && h->kver <= KVER(6, 4) && task_runnable(&c->ksoftirqd);
}

void softirq_wakeup_ksoftirqd(struct host *h, struct cpu *c)
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
void softirq_action_done(struct host *h, struct cpu *c)
{
	struct softirq_episode *ep = &c->sd.ep;

	if (c->sd.softirq_pending) {
		if (host_jiffies(h) < ep->end_jiffies && !c->need_resched && --ep->max_restart) {
			c->sd.softirq_restarts++;
			episode_round(h, c);
			return;
		}
		softirq_wakeup_ksoftirqd(h, c);
	}
	episode_end(h, c);
}

static void episode_round(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	unsigned int pending = sd->softirq_pending;

	sd->softirq_pending = 0;
	if (!(pending & NET_RXF)) {
		softirq_action_done(h, c);
		return;
	}
	net_rx_action(h, c);
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
