/* SPDX-License-Identifier: MIT */
/*
 * tcp_app.c - application threads reading TCP connections.
 *
 * Mirrors tcp_recvmsg() -> tcp_recvmsg_locked() (net/ipv4/tcp.c): lock_sock
 * makes the reader the socket's owner, so segments arriving while it copies
 * go to the socket backlog (tcp_add_backlog); it copies from the receive
 * queue up to its buffer; once the queue is empty it returns if it has
 * SO_RCVLOWAT bytes (sock_rcvlowat: min(rcvlowat, len)), after
 * __sk_flush_backlog if segments wait there, else tcp_cleanup_rbuf() and
 * sk_wait_data() (release_sock processes the backlog, then sleep until
 * tcp_data_ready).  At the end tcp_rcv_space_adjust() (autotuning),
 * tcp_cleanup_rbuf() (a window update ACK when the read freed lots of
 * space) and release_sock(): the backlog is processed in the reader's
 * context, its CPU time the reader's (see the costs below).
 *
 * A thread reads the connections accepted on the listeners it names, dealt
 * out over its app's threads in order.  mode recvmsg: blocking recv on its
 * connection (one each; with several it serves them in turn, as poll would).
 * mode epoll (fs/eventpoll.c): tcp_data_ready puts a connection on the
 * thread's ready list; level-triggered, one non-blocking recv per ready
 * connection, which stays on the list while data remains; edge-triggered
 * (epoll_edge), recv until EAGAIN, and the connection is back on the list
 * only at its next arrival.
 *
 * Costs: app syscall per recv, copy_per_kib of payload, per_datagram per
 * skb freed, per_packet of application work per recv call that returned
 * data, costs.epoll_wait per epoll_wait, costs.tcp_send_ack per ACK the
 * reader sends, and costs.ip_udp_rx / 2 per backlogged segment processed at
 * release_sock (the TCP half of the protocol work moves to the reader).
 *
 * Request/response connections (models/tcp_rr.c): once recv has returned
 * the whole request, the application answers with a send on the same
 * thread: a syscall, copy_per_kib of the reply copied in, and
 * costs.tcp_sendmsg per segment (tcp_sendmsg down to the driver); the reply
 * leaves when that work ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/tcp.h"

static void r_call(struct cpu *c, struct exec *ex);
static void r_copy(struct cpu *c, struct exec *ex);
static void r_copied(struct cpu *c, struct exec *ex);
static void r_pick(struct cpu *c, struct exec *ex);
static void r_relock(struct cpu *c, struct exec *ex);
static void r_sys_recv(struct cpu *c, struct exec *ex);

/* Bytes copied between looks at the queue (memory freed at each look). */
#define COPY_CHUNK (64 * 1024)

static void r_copy(struct cpu *c, struct exec *ex);
static void r_copied(struct cpu *c, struct exec *ex);

static struct tcp_reader *rd(struct exec *ex)
{
	return container_of(ex, struct tcp_reader, task.exec);
}

static bool is_epoll(const struct tcp_reader *r)
{
	return r->cfg->mode == APP_EPOLL;
}

static void ready_push(struct tcp_reader *r, struct tcp_sock *tp)
{
	tp->on_ready = true;
	tp->ready_next = NULL;
	if (r->ready_tail)
		r->ready_tail->ready_next = tp;
	else
		r->ready_head = tp;
	r->ready_tail = tp;
}

static struct tcp_sock *ready_pop(struct tcp_reader *r)
{
	struct tcp_sock *tp = r->ready_head;

	if (tp) {
		r->ready_head = tp->ready_next;
		if (!r->ready_head)
			r->ready_tail = NULL;
		tp->on_ready = false;
	}
	return tp;
}

int tcp_data_ready(struct host *h, struct tcp_sock *tp)
{
	struct tcp_reader *r = tp->ep;

	/* tcp_data_ready(): sk_data_ready once SO_RCVLOWAT bytes wait */
	if (!r || tcp_readable(tp) < tp->rcvlowat)
		return 0;
	if (!tp->on_ready)
		ready_push(r, tp);
	if (r->waiting && r->sk == tp) {
		/* asleep in sk_wait_data on this socket: the recv goes on */
		r->waiting = false;
		sched_wakeup(h, &r->task, r_relock);
		return 1;
	}
	if (r->in_epoll_wait) {
		r->in_epoll_wait = false;
		sched_wakeup(h, &r->task, r_pick);
		return 1;
	}
	return 0;
}

/* Cost of what release_sock / cleanup did: backlogged segments and ACKs. */
static sim_time_t release_cost(struct host *h, struct tcp_reader *r, uint32_t segs,
			       uint32_t acks)
{
	const struct costs_cfg *k = &h->sc->host.costs;
	sim_time_t cost = 0;

	while (segs--)
		cost += cost_draw(&k->ip_udp_rx, &r->rng) / 2;
	while (acks--)
		cost += cost_draw(&k->tcp_send_ack, &r->rng);
	return cost;
}

static void r_returned(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct tcp_sock *tp = r->sk;

	if (is_epoll(r)) {
		if (r->cfg->epoll_edge) {
			/* EPOLLET: read until EAGAIN */
			if (r->got > 0) {
				r_sys_recv(c, ex);
				return;
			}
		} else if (tcp_readable(tp) >= tp->rcvlowat && !tp->on_ready) {
			ready_push(r, tp);	/* level-triggered: still ready */
		}
	}
	r_pick(c, ex);
}

static void r_replied(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct tcp_sock *tp = r->sk;

	tp->rr_unanswered = false;
	tcp_send_reply(c->host, tp, tcp_rr_reply_size(c->host, tp));
	r_returned(c, ex);
}

/* send() of the reply to a request read whole (request_response). */
static void r_reply(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct host *h = c->host;
	struct tcp_sock *tp = r->sk;
	uint32_t bytes, segs;
	sim_time_t cost;

	if (!tcp_rr_due(tp)) {
		r_returned(c, ex);
		return;
	}
	bytes = tcp_rr_reply_size(h, tp);
	segs = (bytes + tp->advmss - 1) / tp->advmss;
	cost = cost_draw(&r->cfg->syscall, &r->rng) +
	       cost_draw(&r->cfg->copy_per_kib, &r->rng) * bytes / 1024;
	while (segs--)
		cost += cost_draw(&h->sc->host.costs.tcp_sendmsg, &r->rng);
	cpu_charge(c, ex, cost, r_replied);
}

/* The end of tcp_recvmsg(): autotuning, window update, release_sock. */
static void r_done(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct host *h = c->host;
	struct tcp_sock *tp = r->sk;
	uint32_t acks = 0, segs;
	sim_time_t cost;

	h->tcp->cpu_now = c->id;
	if (r->got > 0)
		tcp_rcv_space_adjust(h, tp);
	if (tcp_cleanup_rbuf(h, tp, r->got))
		acks++;
	segs = tcp_release_sock(h, tp, &acks);
	cost = release_cost(h, r, segs, acks);
	if (r->got > 0)
		cost += cost_draw(&r->cfg->per_packet, &r->rng);
	cpu_charge(c, ex, cost, r_reply);
}

static void r_relock(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);

	r->sk->owned = true;
	r_copy(c, ex);
}

/* sk_wait_data(): release_sock, then sleep until data. */
static void r_wait_data(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct tcp_sock *tp = r->sk;

	if (tcp_readable(tp) > 0) {
		r_relock(c, ex);
		return;
	}
	r->waiting = true;
	r->sleeps++;
	sched_block(c, &r->task);
}

static void r_copy(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct host *h = c->host;
	struct tcp_sock *tp = r->sk;
	int64_t want = r->cfg->buffer - r->got, avail = tcp_readable(tp), target;
	uint32_t acks = 0, segs;

	tp->owned = true;
	h->tcp->cpu_now = c->id;
	if (avail > 0 && want > 0) {
		/* skb by skb in the kernel: here a chunk of at most COPY_CHUNK,
		 * whose skbs are freed when its copy is done */
		int64_t n = avail < want ? avail : want;

		if (n > COPY_CHUNK)
			n = COPY_CHUNK;
		r->copying = n;
		cpu_charge(c, ex, cost_draw(&r->cfg->copy_per_kib, &r->rng) * n / 1024, r_copied);
		return;
	}
	target = tp->rcvlowat < r->cfg->buffer ? tp->rcvlowat : r->cfg->buffer;
	if (r->got >= target || (is_epoll(r) && r->got == 0)) {
		/* enough (or EAGAIN for a non-blocking recv): the backlog first */
		if (tp->backlog.len && want > 0) {
			segs = tcp_release_sock(h, tp, &acks);
			tp->owned = true;
			cpu_charge(c, ex, release_cost(h, r, segs, acks), r_copy);
			return;
		}
		r_done(c, ex);
		return;
	}
	if (tcp_cleanup_rbuf(h, tp, r->got))
		acks++;
	segs = tcp_release_sock(h, tp, &acks);
	cpu_charge(c, ex, release_cost(h, r, segs, acks), r_wait_data);
}

/* The chunk is in user memory: its skbs are freed (tcp_eat_recv_skb). */
static void r_copied(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct tcp_sock *tp = r->sk;
	uint64_t freed = tp->segs_read;
	int64_t n = tcp_recv_copy(c->host, tp, r->copying);
	sim_time_t cost = 0;

	for (freed = tp->segs_read - freed; freed--;)
		cost += cost_draw(&r->cfg->per_datagram, &r->rng);
	r->got += n;
	r->bytes += (uint64_t)n;
	r->copying = 0;
	cpu_charge(c, ex, cost, r_copy);
}

static void r_locked(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);

	r->got = 0;
	r_copy(c, ex);
}

static void r_sys_recv(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);

	r->calls++;
	cpu_charge(c, ex, cost_draw(&r->cfg->syscall, &r->rng), r_locked);
}

/* The next connection to read, or sleep. */
static void r_pick(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct tcp_sock *tp;

	if (!is_epoll(r) && r->nsocks == 1) {
		r->sk = r->socks[0];
		if (r->sk->on_ready)
			ready_pop(r);
		r_call(c, ex);
		return;
	}
	tp = ready_pop(r);
	if (tp) {
		r->sk = tp;
		r_sys_recv(c, ex);
		return;
	}
	if (!r->nsocks) {
		r->sleeps++;
		sched_block(c, &r->task);
		return;
	}
	r_call(c, ex);
}

static void r_waited(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);

	if (r->ready_head) {
		r_pick(c, ex);
		return;
	}
	r->in_epoll_wait = true;
	r->sleeps++;
	sched_block(c, &r->task);
}

static void pause_end(struct sim *sim, struct sim_event *ev)
{
	struct task *task = container_of(ev, struct task, timer);

	sched_wakeup(sim_host(sim), task, r_call);
}

static void r_call(struct cpu *c, struct exec *ex)
{
	struct tcp_reader *r = rd(ex);
	struct host *h = c->host;
	const struct app_cfg *cfg = r->cfg;
	sim_time_t now = h->sim->now;

	while (r->pause_idx < cfg->n_pauses &&
	       now >= cfg->pauses[r->pause_idx].at + cfg->pauses[r->pause_idx].len)
		r->pause_idx++;
	if (r->pause_idx < cfg->n_pauses && now >= cfg->pauses[r->pause_idx].at) {
		sim_schedule(h->sim, &r->task.timer,
			     cfg->pauses[r->pause_idx].at + cfg->pauses[r->pause_idx].len);
		sched_block(c, &r->task);
		return;
	}
	if (is_epoll(r) || r->nsocks != 1) {
		r->epoll_waits++;
		cpu_charge(c, ex, cost_draw(&h->sc->host.costs.epoll_wait, &r->rng), r_waited);
		return;
	}
	r->sk = r->socks[0];
	r_sys_recv(c, ex);
}

static int listener_in(const struct app_cfg *cfg, const char *name)
{
	const char *p = cfg->socket;
	size_t n = strlen(name);

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, len))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

bool tcp_app_reads_tcp(const struct scenario *sc, const struct app_cfg *cfg)
{
	uint32_t i;

	for (i = 0; i < sc->n_sockets; i++)
		if (sc->sockets[i].proto == SPROTO_TCP && listener_in(cfg, sc->sockets[i].name))
			return true;
	return false;
}

int tcp_readers_setup(struct host *h, struct tcp_host *th)
{
	const struct scenario *sc = h->sc;
	uint32_t a, i, k = 0, n = 0;
	int j;

	for (a = 0; a < sc->n_apps; a++)
		if (tcp_app_reads_tcp(sc, &sc->apps[a]))
			n += (uint32_t)sc->apps[a].threads;
	th->readers = calloc(n ? n : 1, sizeof(*th->readers));
	if (!th->readers)
		return -1;
	th->nreaders = n;
	for (a = 0; a < sc->n_apps; a++) {
		const struct app_cfg *cfg = &sc->apps[a];
		uint32_t first = k, nt = (uint32_t)cfg->threads, deal = 0;

		if (!tcp_app_reads_tcp(sc, cfg))
			continue;
		for (j = 0; j < (int)nt; j++, k++) {
			struct tcp_reader *r = &th->readers[k];
			char name[48];
			int cpu = cfg->cpu >= 0 ? (int)cfg->cpu : (int)(k % (uint32_t)h->ncpus);

			snprintf(name, sizeof(name), "%s/%d", cfg->name, j);
			sched_task_init(h, &r->task, name, TASK_APP, cpu, (int)cfg->cpu, ACCT_APP);
			/* owner stays NULL: cpu.c reads an app_thread there */
			r->task.owner = NULL;
			sim_event_init(&r->task.timer, pause_end, PRIO_SCHED);
			r->cfg = cfg;
			r->th = th;
			rng_streamf(&r->rng, h->sim->seed, "app/%s/%d/costs", cfg->name, j);
		}
		/* connections dealt out over the threads, as accept() would */
		for (i = 0; i < th->nconns; i++) {
			struct tcp_sock *tp = &th->conns[i];
			struct tcp_reader *r;

			if (tp->listener < 0 || tp->ep || !listener_in(cfg, tp->cfg->name))
				continue;
			r = &th->readers[first + deal++ % nt];
			if (!r->socks || (r->nsocks & (r->nsocks - 1)) == 0) {
				struct tcp_sock **ns = realloc(r->socks, (r->nsocks ? 2 * r->nsocks : 1) *
								       sizeof(*ns));

				if (!ns)
					return -1;
				r->socks = ns;
			}
			r->socks[r->nsocks++] = tp;
			tp->ep = r;
		}
	}
	return 0;
}

void tcp_readers_start(struct host *h, struct tcp_host *th)
{
	uint32_t i;

	for (i = 0; i < th->nreaders; i++)
		sched_start_runnable(h, &th->readers[i].task, r_call);
}
