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
 * Simplified: GRO never merges (UDP without UDP_GRO passes through
 * napi_gro_receive unchanged); busy_poll_stop() hands the NAPI back without
 * its extra poll.
 */
#include <assert.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/nic.h"
#include "rxsim/softirq.h"

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
	pktq_init(&n->rx_list);
	n->rx.skb = NULL;
	n->rx.phase = 0;
	n->rx.rxq = NULL;
	n->polls = 0;
	n->polls_full = 0;
}

void napi_schedule_locked(struct host *h, struct cpu *c, struct napi *n)
{
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
	if (c->sd.softirq_pending)
		softirq_wakeup_ksoftirqd(h, c);
}

bool napi_complete_done(struct host *h, struct cpu *c, struct napi *n, bool from_task)
{
	if (n->state & NAPIF_STATE_MISSED) {
		/* STATE_SCHED stays: the poll runs once more */
		n->state &= ~NAPIF_STATE_MISSED;
		if (from_task)
			napi_schedule_from_task(h, c, n);
		else
			napi_schedule_locked(h, c, n);
		return false;
	}
	n->state &= ~NAPIF_STATE_SCHED;
	return true;
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
	return true;
}

bool napi_busy_poll_prep(struct napi *n)
{
	if (n->state & (NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL))
		return false;
	n->state |= NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL;
	return true;
}

void napi_busy_poll_stop(struct host *h, struct cpu *c, struct napi *n)
{
	/* An interrupt that came while the reader owned the NAPI left MISSED:
	 * __napi_schedule() from the reader's task context puts it on this
	 * CPU's poll list. */
	n->state &= ~NAPIF_STATE_IN_BUSY_POLL;
	if (napi_complete_done(h, c, n, true) && n->ops->complete)
		n->ops->complete(h, n);
}
