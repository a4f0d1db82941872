/* SPDX-License-Identifier: MIT */
/*
 * tcp_output.c - the ACKs the receiver sends: tcp_send_ack() (the window of
 * tcp_select_window, tcp_event_ack_sent / tcp_dec_quickack_mode) and the
 * delayed ACK: tcp_send_delayed_ack() (ato bounded by the RTT and
 * TCP_DELACK_MIN, HZ/25) and tcp_delack_timer_handler() (tcp_timer.c: a
 * timer that finds the socket owned by the reader is deferred to
 * release_sock; one that sends inflates ato, or leaves pingpong mode, and
 * counts DelayedACKs).  A reply of the host application (request/response,
 * tcp_send_reply) carries the ACK as any data segment does
 * (tcp_transmit_skb -> tcp_event_ack_sent), and tcp_event_data_sent() counts
 * it towards pingpong mode.
 *
 * An ACK reaches the sender one base RTT after it leaves (tcp_sender.c says
 * why the whole delay sits on this path).  Its CPU cost (costs.tcp_send_ack)
 * is charged by whoever sent it: softirq through proto_rcv_cost(), the reader
 * at release_sock or after a read, and the timer softirq for the ACKs the
 * delayed-ACK (and compressed-SACK) timers send.  A timer fires on the CPU
 * that last armed it (sk_reset_timer -> mod_timer queues it on the local
 * timer base; the compressed-SACK hrtimer is pinned): tcp_delack_timer()
 * runs from run_timer_softirq() at that CPU's timer interrupt exit, its
 * tcp_send_ack() accounted as softirq time there.  Its work takes one
 * tcp_send_ack cost on that CPU above the running task (as the interrupt
 * exit runs it); the ACK leaves when that work ends.
 */
#include <stdlib.h>

#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

#define TCP_RTO_MIN (200 * SIM_MS)

static sim_time_t jiffies_of(const struct host *h, int per_hz)
{
	return h->tick * (h->hz / per_hz > 0 ? h->hz / per_hz : 1);
}

/* tcp_build_sack(): the block holding the latest out-of-order arrival
 * first (tcp_sack_new_ofo_skb), then the lowest one. */
static void sack_blocks(const struct tcp_sock *tp, struct tcp_ack_rec *a)
{
	const struct packet *p = tp->ofoq.head;
	uint32_t start, end;
	bool first = true, latest = false;

	a->sack[0][0] = a->sack[0][1] = a->sack[1][0] = a->sack[1][1] = 0;
	while (p) {
		start = p->seq;
		end = p->seq + p->payload;
		latest = p->seq == tp->last_ofo_seq;
		for (p = p->next; p && p->seq == end; p = p->next) {
			latest |= p->seq == tp->last_ofo_seq;
			end = p->seq + p->payload;
		}
		if (first) {
			a->sack[1][0] = start;
			a->sack[1][1] = end;
			first = false;
		}
		if (latest) {
			a->sack[0][0] = start;
			a->sack[0][1] = end;
			break;
		}
	}
}

/* tcp_transmit_skb() of a segment carrying the ACK: what it tells the
 * sender, and tcp_event_ack_sent(). */
static void ack_out(struct host *h, struct tcp_sock *tp, struct tcp_ack_rec *a)
{
	a->wnd = tcp_select_window(h, tp);
	a->ack = tp->rcv_nxt;
	a->t += h->sim->now + h->srcs[tp->src].gen.cfg->rtt;
	a->tsecr = tp->ts_recent;
	sack_blocks(tp, a);
	if (!a->wnd)
		tp->zero_wnd_acks++;
	/* tcp_event_ack_sent() -> tcp_dec_quickack_mode() */
	if (tp->quick) {
		if (tp->ack_pending && --tp->quick == 0)
			tp->ato = jiffies_of(h, 25);	/* TCP_ATO_MIN */
	}
	tp->ack_pending = tp->ack_now = false;
	if (tp->ack_timer) {
		tp->ack_timer = false;
		tp->comp_sack = false;
		sim_cancel(h->sim, &tp->delack_ev);
	}
	tcp_sender_ack_in(h, tp, a);
}

void tcp_send_ack(struct host *h, struct tcp_sock *tp)
{
	struct tcp_ack_rec a = { .t = 0, .resp = 0 };

	tp->acks_sent++;
	tp->th->mib.OutSegs++;
	ack_out(h, tp, &a);
}

void tcp_send_reply(struct host *h, struct tcp_sock *tp, uint32_t bytes)
{
	const struct traffic_src *s = &h->srcs[tp->src];
	struct tcp_ack_rec a = { .t = 0, .resp = bytes };
	uint32_t left = bytes, len;
	uint64_t wire = 0;

	/* one reply, as segments of advmss back to back at the link's speed
	 * (the host's send window and congestion control are not modelled):
	 * whole at the client at the last bit of its last frame, each frame
	 * with preamble and SFD (8 bytes), the gap (12) between frames */
	do {
		len = left < tp->advmss ? left : tp->advmss;
		wire += len + TCP_FRAME_OVERHEAD + 8 + 12;
		left -= len;
		tp->th->mib.OutSegs++;
	} while (left);
	a.t = (sim_time_t)((unsigned __int128)(wire - 12) * 8 * SIM_S / (uint64_t)s->nic->cfg->speed);
	tp->replies++;
	ack_out(h, tp, &a);
	/* tcp_event_data_sent(): a reply within ato of the last data received
	 * counts towards pingpong mode (inet_csk_inc_pingpong_cnt) */
	if ((h->sim->now / h->tick) * h->tick - tp->lrcvtime < tp->ato && tp->pingpong < UINT8_MAX)
		tp->pingpong++;
}

void tcp_send_delayed_ack(struct host *h, struct tcp_sock *tp)
{
	sim_time_t now = h->sim->now, ato = tp->ato, delack_min = jiffies_of(h, 25);
	sim_time_t timeout;

	if (ato > delack_min) {
		sim_time_t max_ato = h->tick * (h->hz / 2);
		sim_time_t rtt = tp->rcv_rtt > delack_min ? tp->rcv_rtt : delack_min;

		if (rtt < max_ato)
			max_ato = rtt;
		if (ato > max_ato)
			ato = max_ato;
	}
	/* the timer runs on jiffies: it expires on a tick */
	timeout = (now / h->tick) * h->tick + ato;
	if (tp->ack_timer) {
		sim_time_t cur = sim_event_time(&tp->delack_ev);

		/* late: the timer is about to fire anyway, send now */
		if (cur <= now + (ato >> 2)) {
			tcp_send_ack(h, tp);
			return;
		}
		if (timeout > cur)
			timeout = cur;
	}
	tp->ack_pending = true;
	tp->ack_timer = true;
	tp->comp_sack = false;
	tp->delack_cpu = (int16_t)tp->th->cpu_now;
	tcp__resched(h->sim, &tp->delack_ev, timeout);
}

/* tcp_delack_timer_handler(), in the timer softirq of the CPU it fired on. */
static void delack_handler(struct host *h, struct tcp_sock *tp)
{
	sim_time_t rto = tp->rcv_rtt + TCP_RTO_MIN;

	if (!tp->ack_pending)
		return;		/* an ACK left meanwhile */
	if (tp->comp_sack) {
		/* tcp_compressed_ack_kick(): the held duplicate ACK, not a delayed one */
		tp->comp_sack = false;
		tcp_send_ack(h, tp);
		return;
	}
	if (!tcp_in_pingpong_mode(h->kver, tp)) {
		/* delayed ACK missed: inflate ATO */
		tp->ato = tp->ato << 1 < rto ? tp->ato << 1 : rto;
	} else {
		/* delayed ACK missed: leave pingpong mode and deflate ATO */
		tp->pingpong = 0;
		tp->ato = jiffies_of(h, 25);	/* TCP_ATO_MIN */
	}
	tp->delayed_acks++;
	tp->th->ext.DelayedACKs++;
	tcp_send_ack(h, tp);
}

/* The timer softirq's work is done: send, then the next expired timer. */
static void timer_softirq(struct host *h, struct cpu *c, struct irq_desc *d)
{
	struct tcp_timer_cpu *tc = container_of(d, struct tcp_timer_cpu, desc);
	struct tcp_sock *tp = tc->head;

	tc->head = tp->delack_next;
	if (!tc->head)
		tc->tail = NULL;
	tp->delack_next = NULL;
	tp->delack_queued = false;
	if (tc->head)
		cpu_raise_irq(c, d);
	delack_handler(h, tp);
}

/* tcp_delack_timer(): nothing to do without a pending ACK; a socket the
 * reader owns defers to release_sock (TCP_DELACK_TIMER_DEFERRED, no CPU
 * time here); else the handler runs in this CPU's timer softirq. */
static void delack_fn(struct sim *sim, struct sim_event *ev)
{
	struct tcp_sock *tp = container_of(ev, struct tcp_sock, delack_ev);
	struct host *h = sim_host(sim);
	struct tcp_timer_cpu *tc;

	tp->ack_timer = false;
	if (tp->owned) {
		tp->comp_sack = false;
		/* TCP_DELACK_TIMER_DEFERRED: release_sock sends it */
		tp->ack_now = tp->ack_pending;
		return;
	}
	if (!tp->ack_pending || tp->delack_queued)
		return;
	tc = &tp->th->timer_cpus[tp->delack_cpu];
	tp->delack_queued = true;
	tp->delack_next = NULL;
	if (tc->tail)
		tc->tail->delack_next = tp;
	else
		tc->head = tp;
	tc->tail = tp;
	cpu_raise_irq(&h->cpus[tp->delack_cpu], &tc->desc);
}

int tcp_timers_setup(struct host *h, struct tcp_host *th)
{
	int i;

	th->timer_cpus = calloc((size_t)h->ncpus, sizeof(*th->timer_cpus));
	if (!th->timer_cpus)
		return -1;
	for (i = 0; i < h->ncpus; i++) {
		struct irq_desc *d = &th->timer_cpus[i].desc;

		d->name = "TIMER softirq";
		d->handler = timer_softirq;
		d->cost = &h->sc->host.costs.tcp_send_ack;
		d->acct = ACCT_SOFTIRQ;
	}
	return 0;
}

void tcp__input_init(struct host *h, struct tcp_sock *tp)
{
	(void)h;
	tp->irs = 0;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = tp->irs;
	tp->rcvq_seq = tp->copied_seq;
	tp->ato = 0;		/* the first data enters quickack mode */
	sim_event_init(&tp->delack_ev, delack_fn, PRIO_SCHED);
}
