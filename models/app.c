/* SPDX-License-Identifier: MIT */
/*
 * app.c - application threads reading a UDP socket.
 *
 * Mirrors udp_recvmsg() -> __skb_recv_udp(): the queue lock is taken with
 * spin_lock_bh, so every dequeue attempt ends in local_bh_enable(), where
 * softirqs pending on this CPU run inline (do_softirq) before the reader
 * continues; an empty socket puts the reader on the wait queue as an
 * exclusive waiter (__skb_wait_for_more_packets), so one sk_data_ready
 * wakes one reader.  recvmmsg (net/socket.c do_recvmmsg) loops up to vlen
 * datagrams and, without MSG_WAITFORONE, blocks until it has all of them.
 * Busy polling (napi_busy_loop): while the socket is empty and the
 * SO_BUSY_POLL time (net.core.busy_read for sockets without it) has not run
 * out, the reader polls the NAPI of the queue that last delivered to it
 * (sk_napi_id) with SO_BUSY_POLL_BUDGET, or spins while softirq owns that
 * NAPI (with SO_PREFER_BUSY_POLL, marking it NAPI_STATE_PREFER_BUSY_POLL so
 * that softirq hands it over).  It holds the NAPI, preemption off, until
 * data is queued, the time is up or need_resched(); busy_poll_stop() then
 * polls once more and hands it back (napi.c: with prefer, the IRQ stays
 * masked behind the gro_flush_timeout or irq_suspend_timeout timer).
 * epoll busy polling (ep_busy_loop: EPIOCSPARAMS busy_poll_usecs, else
 * net.core.busy_poll) polls the NAPI of the socket that last became ready
 * (ep->napi_id) until an event is available; with prefer_busy_poll, events
 * returned suspend the IRQ (napi_suspend_irqs) and a busy loop that ends
 * empty resumes it (napi_resume_irqs) and forgets the NAPI.
 *
 * epoll (fs/eventpoll.c, level-triggered): one epoll_wait returns the ready
 * sockets; the thread drains each with non-blocking recvmsg until EAGAIN,
 * then waits again.  sk_data_ready wakes every epoll thread waiting on the
 * socket (a thundering herd) unless EPOLLEXCLUSIVE, which wakes one.
 * inet_recvmsg() records the reader's CPU for RFS (sock_rps_record_flow).
 *
 * Costs: syscall (entry/exit once per call), per_datagram (dequeue and
 * free), copy_per_kib of UDP payload, per_packet (user work after return).
 * The socket memory of a datagram is returned when it is dequeued
 * (udp_skb_destructor in __skb_recv_udp), before the copy is charged.
 * A datagram counts as delivered (InDatagrams, latency) when its copy ends.
 *
 * Simplified: SO_RCVTIMEO and MSG_DONTWAIT are not modelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/softirq.h"

/* One turn of the busy-poll loop while softirq owns the NAPI (cpu_relax). */
#define BUSY_SPIN_PS (200 * SIM_NS)
/* Ethernet + IPv4 + UDP headers and FCS around the payload. */
#define UDP_OVERHEAD 46

static void app_call(struct cpu *c, struct exec *ex);
static void app_recv(struct cpu *c, struct exec *ex);
static void app_epoll_scan(struct cpu *c, struct exec *ex, int from);
static void app_dequeue(struct cpu *c, struct exec *ex);
static void app_epoll_woken(struct cpu *c, struct exec *ex);

static struct app_thread *thr(struct exec *ex)
{
	return container_of(ex, struct app_thread, task.exec);
}

static void wait_add(struct udp_sock *sk, struct app_thread *t)
{
	t->waiting = true;
	t->wait_next = NULL;
	if (sk->waiters_tail)
		sk->waiters_tail->wait_next = t;
	else
		sk->waiters = t;
	sk->waiters_tail = t;
}

static void count_wakeup(struct cpu *c, struct udp_sock *sk, struct app_thread *t)
{
	sk->wakeups++;
	if (t->task.cpu != c->id)
		t->wakeups_remote++;
}

int app_wake_reader(struct host *h, struct cpu *c, struct udp_sock *sk)
{
	struct app_thread *t = sk->waiters;
	int woken = 0, i;

	if (t) {
		sk->waiters = t->wait_next;
		if (!sk->waiters)
			sk->waiters_tail = NULL;
		t->waiting = false;
		t->wait_next = NULL;
		sched_wakeup(h, &t->task, app_recv);
		count_wakeup(c, sk, t);
		woken++;
	}
	for (i = 0; i < sk->n_ep_watchers; i++) {
		t = sk->ep_watchers[i];
		if (!t->in_epoll_wait)
			continue;
		t->in_epoll_wait = false;
		sched_wakeup(h, &t->task, app_epoll_woken);
		count_wakeup(c, sk, t);
		woken++;
		if (t->cfg->epoll_exclusive)
			break;
	}
	return woken;
}

static void app_sys_recv(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);

	t->syscalls++;
	t->got = 0;
	t->busy_until = c->host->sim->now + t->busy_usecs;
	sock_rps_record_flow(c->host, t->sk, c->id);
	cpu_charge(c, ex, cost_draw(&t->cfg->syscall, &t->rng), app_recv);
}

static void app_return(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	sim_time_t cost = 0;
	int i;

	for (i = 0; i < t->got; i++)
		cost += cost_draw(&t->cfg->per_packet, &t->rng);
	/* epoll: keep reading the same socket until it says EAGAIN */
	cpu_charge(c, ex, cost, t->cfg->mode == APP_EPOLL ? app_sys_recv : app_call);
}

static void app_copied(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	struct udp_sock *sk = t->sk;
	struct packet *p = t->cur;

	t->cur = NULL;
	sk->readers_reading--;
	sk->read++;
	host_deliver(c->host, p);
	t->got++;
	t->datagrams++;
	if (t->cfg->mode == APP_RECVMMSG && t->got < t->cfg->batch) {
		app_recv(c, ex);
		return;
	}
	app_return(c, ex);
}

/* busy_poll_stop() done: preempt_enable() is a preemption point, then the
 * caller's bh enable runs pending softirqs (app_recv). */
static void busy_stopped(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);

	napi_busy_poll_stop_done(c->host, c, t->bp_napi, t->bp_skip);
	t->bp_napi = NULL;
	t->task.nopreempt = false;
	cpu_charge(c, ex, 0, t->bp_next);
	sched_preempt_point(c);
}

/* busy_poll_stop(): one more poll with the budget hands the NAPI back. */
static void app_busy_poll_stop(struct cpu *c, struct exec *ex, exec_fn next)
{
	struct app_thread *t = thr(ex);

	t->bp_next = next;
	t->bp_skip = napi_busy_poll_stop_begin(c->host, c, t->bp_napi, t->cfg->prefer_busy_poll);
	napi_poll_run(c, ex, t->bp_napi, (int)t->cfg->busy_poll_budget, busy_stopped);
}

/* napi_busy_loop(): one poll done, the NAPI still held. */
static void busy_polled(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	struct napi *n = ex->napi;

	t->busy_polls++;
	n->busy_polls++;
	/* an empty poll costs a turn of the loop before the next look */
	if (!n->work) {
		cpu_charge(c, ex, BUSY_SPIN_PS, t->bp_next);
		return;
	}
	t->bp_next(c, ex);
}

/* One turn of napi_busy_loop() on @n; @next looks for data again. */
static void app_busy_loop(struct cpu *c, struct exec *ex, struct napi *n, exec_fn next)
{
	struct app_thread *t = thr(ex);

	t->bp_next = next;
	if (!t->bp_napi) {
		if (!napi_busy_poll_prep(n, t->cfg->prefer_busy_poll)) {
			cpu_charge(c, ex, BUSY_SPIN_PS, next);
			return;
		}
		t->bp_napi = n;
		t->task.nopreempt = true;	/* preempt_disable() while it holds it */
	}
	napi_poll_run(c, ex, n, (int)t->cfg->busy_poll_budget, busy_polled);
}

/* sk_busy_loop_end(): data, the time up, or need_resched() ends the loop
 * (busy_poll_stop(), then __skb_recv_udp() looks again); else look again. */
static void app_busy_check(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);

	if (t->bp_napi && (udp_queued(t->sk) || c->host->sim->now >= t->busy_until ||
			   c->need_resched)) {
		app_busy_poll_stop(c, ex, app_recv);
		return;
	}
	app_dequeue(c, ex);
}

/* A turn of the loop ends in local_bh_enable(): pending softirqs run. */
static void app_busy_next(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;

	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, app_busy_check);
		softirq_invoke_inline(h, c, true);
		return;
	}
	app_busy_check(c, ex);
}

static void app_busy_poll(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);

	app_busy_loop(c, ex, &c->host->rxqs[t->sk->last_rxq]->napi, app_busy_next);
}

static void app_dequeue(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	struct udp_sock *sk = t->sk;
	struct packet *p;
	sim_time_t cost;
	int64_t payload;

	p = udp_dequeue(sk);
	if (p) {
		t->cur = p;
		sk->readers_reading++;
		payload = p->size > UDP_OVERHEAD ? p->size - UDP_OVERHEAD : 0;
		cost = cost_draw(&t->cfg->per_datagram, &t->rng) +
		       cost_draw(&t->cfg->copy_per_kib, &t->rng) * payload / 1024;
		/* skb and payload are cold in this CPU's caches */
		if (p->proto_cpu != c->id)
			cost += cost_draw(&c->host->sc->host.costs.remote_data, &t->rng);
		cpu_charge(c, ex, cost, app_copied);
		return;
	}
	if (t->got > 0 && (t->cfg->mode != APP_RECVMMSG || t->cfg->waitforone)) {
		app_return(c, ex);
		return;
	}
	if (t->cfg->mode == APP_EPOLL) {
		app_epoll_scan(c, ex, t->sk_idx + 1);
		return;
	}
	if (t->busy_usecs && sk->last_rxq >= 0 && c->host->sim->now < t->busy_until) {
		app_busy_poll(c, ex);
		return;
	}
	wait_add(sk, t);
	t->sleeps++;
	sched_block(c, &t->task);
}

/* The dequeue attempt ends in spin_unlock_bh(): pending softirqs run here. */
static void app_recv(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;

	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, app_dequeue);
		softirq_invoke_inline(h, c, true);
		return;
	}
	app_dequeue(c, ex);
}

static void app_epoll_rescan(struct cpu *c, struct exec *ex);

/* ep_busy_loop() ran out without an event: resume the IRQ (prefer) and
 * forget the NAPI until a socket with one becomes ready again. */
static void app_epoll_busy_end(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	struct host *h = c->host;

	if (t->cfg->prefer_busy_poll && h->kver >= KVER(6, 13))
		napi_resume_irqs(h, c, t->ep_napi);
	t->ep_napi = NULL;
	t->ep_busy = false;
	/* the NET_RX that napi_resume_irqs() raised runs at its local_bh_enable() */
	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, app_epoll_woken);
		softirq_invoke_inline(h, c, true);
		return;
	}
	app_epoll_scan(c, ex, 0);
}

/* ep_poll(): the first ready socket from @from on, else busy-poll (epoll
 * busy polling on and a NAPI known), else sleep. */
static void app_epoll_scan(struct cpu *c, struct exec *ex, int from)
{
	struct app_thread *t = thr(ex);
	struct host *h = c->host;
	int i;

	for (i = from; i < t->nsks; i++) {
		if (udp_queued(t->sks[i])) {
			if (t->bp_napi) {
				/* an event ends napi_busy_loop(): busy_poll_stop() first */
				app_busy_poll_stop(c, ex, app_epoll_rescan);
				return;
			}
			t->ep_busy = false;
			/* ep_set_busy_poll_napi_id() of the ready socket */
			if (t->sks[i]->last_rxq >= 0)
				t->ep_napi = &h->rxqs[t->sks[i]->last_rxq]->napi;
			/* ep_suspend_napi_irqs(): events returned */
			if (!from && t->ep_napi && t->cfg->prefer_busy_poll && h->kver >= KVER(6, 13))
				napi_suspend_irqs(h, c, t->ep_napi);
			t->sk_idx = i;
			t->sk = t->sks[i];
			app_sys_recv(c, ex);
			return;
		}
	}
	if (from > 0) {
		/* drained the ready list: call epoll_wait again */
		app_call(c, ex);
		return;
	}
	if (t->busy_usecs && t->ep_napi) {
		if (!t->ep_busy) {
			t->ep_busy = true;
			t->busy_until = h->sim->now + t->busy_usecs;
		}
		if (h->sim->now < t->busy_until && !(t->bp_napi && c->need_resched)) {
			app_busy_loop(c, ex, t->ep_napi, app_epoll_rescan);
			return;
		}
		if (t->bp_napi) {
			app_busy_poll_stop(c, ex, app_epoll_busy_end);
			return;
		}
		app_epoll_busy_end(c, ex);
		return;
	}
	t->ep_busy = false;
	t->in_epoll_wait = true;
	t->sleeps++;
	sched_block(c, &t->task);
}

/* The busy loop's local_bh_enable(): pending softirqs run, then look again. */
static void app_epoll_rescan(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;

	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, app_epoll_woken);
		softirq_invoke_inline(h, c, true);
		return;
	}
	app_epoll_scan(c, ex, 0);
}

static void app_epoll_woken(struct cpu *c, struct exec *ex)
{
	app_epoll_scan(c, ex, 0);
}

static void app_epoll_waited(struct cpu *c, struct exec *ex)
{
	app_epoll_scan(c, ex, 0);
}

static void pause_end(struct sim *sim, struct sim_event *ev)
{
	struct task *task = container_of(ev, struct task, timer);

	sched_wakeup(sim_host(sim), task, app_call);
}

static void app_call(struct cpu *c, struct exec *ex)
{
	struct app_thread *t = thr(ex);
	struct host *h = c->host;
	sim_time_t now = h->sim->now;
	const struct app_cfg *cfg = t->cfg;

	while (t->pause_idx < cfg->n_pauses &&
	       now >= cfg->pauses[t->pause_idx].at + cfg->pauses[t->pause_idx].len)
		t->pause_idx++;
	if (t->pause_idx < cfg->n_pauses && now >= cfg->pauses[t->pause_idx].at) {
		sim_schedule(h->sim, &t->task.timer,
			     cfg->pauses[t->pause_idx].at + cfg->pauses[t->pause_idx].len);
		sched_block(c, &t->task);
		return;
	}
	if (cfg->mode == APP_EPOLL) {
		t->epoll_waits++;
		cpu_charge(c, ex, cost_draw(&h->sc->host.costs.epoll_wait, &t->rng),
			   app_epoll_waited);
		return;
	}
	app_sys_recv(c, ex);
}

/* Resolve the comma-separated socket names; epoll threads register as
 * watchers of each socket in their set. */
static int bind_sockets(struct host *h, struct app_thread *t, const struct app_cfg *cfg)
{
	const char *name = cfg->socket;
	int i;

	t->nsks = 0;
	t->sks = calloc(h->nsocks ? (size_t)h->nsocks : 1, sizeof(*t->sks));
	if (!t->sks)
		return -1;
	while (*name) {
		size_t len = strcspn(name, ",");

		for (i = 0; i < h->nsocks; i++) {
			struct udp_sock *sk = &h->socks[i];
			struct app_thread **w;

			if (strlen(sk->cfg->name) != len || strncmp(sk->cfg->name, name, len))
				continue;
			t->sks[t->nsks++] = sk;
			if (!sk->reader)
				sk->reader = t;
			if (cfg->mode != APP_EPOLL)
				break;
			w = realloc(sk->ep_watchers, (size_t)(sk->n_ep_watchers + 1) * sizeof(*w));
			if (!w)
				return -1;
			w[sk->n_ep_watchers++] = t;
			sk->ep_watchers = w;
			break;
		}
		name += len + (name[len] == ',');
	}
	t->sk_idx = 0;
	t->sk = t->sks[0];
	return 0;
}

void app_free(struct app_thread *t)
{
	free(t->sks);
	t->sks = NULL;
}

int app_setup(struct host *h, struct app_thread *t, const struct app_cfg *cfg, int index,
	      int nthread)
{
	char name[48];
	int cpu = cfg->cpu >= 0 ? (int)cfg->cpu : index % h->ncpus;

	snprintf(name, sizeof(name), "%s/%d", cfg->name, nthread);
	sched_task_init(h, &t->task, name, TASK_APP, cpu, (int)cfg->cpu, ACCT_APP);
	t->task.owner = t;
	sim_event_init(&t->task.timer, pause_end, PRIO_SCHED);
	t->cfg = cfg;
	t->index = index;
	/* SO_BUSY_POLL, else sk_ll_usec = net.core.busy_read; epoll:
	 * EPIOCSPARAMS busy_poll_usecs, else net.core.busy_poll */
	if (cfg->mode == APP_BUSY_POLL)
		t->busy_usecs = cfg->busy_poll;
	else if (cfg->mode == APP_EPOLL)
		t->busy_usecs = cfg->busy_poll_usecs ? cfg->busy_poll_usecs :
			h->sc->host.sysctl.busy_poll;
	else
		t->busy_usecs = h->sc->host.sysctl.busy_read;
	rng_streamf(&t->rng, h->sim->seed, "app/%s/%d/costs", cfg->name, nthread);
	return bind_sockets(h, t, cfg);
}

void app_start(struct host *h, struct app_thread *t)
{
	sched_start_runnable(h, &t->task, app_call);
}
