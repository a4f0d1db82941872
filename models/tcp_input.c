/* SPDX-License-Identifier: MIT */
/*
 * tcp_input.c - a data segment from tcp_v4_rcv() to the receive queue.
 *
 * Mirrors net/ipv4/tcp_ipv4.c tcp_v4_rcv(): InSegs, the established lookup,
 * and, when the reader owns the socket (inside recvmsg), tcp_add_backlog()
 * with its limit (6.10+, commit ec00ed472bdb: 2 * sk_rcvbuf + sk_sndbuf / 2
 * + 64 KiB; before: sk_rcvbuf + sk_sndbuf / 2 + 64 KiB, against
 * sk_backlog.len + sk_rmem_alloc; TCPBacklogDrop), processed at
 * release_sock() in the reader's context.  Otherwise net/ipv4/tcp_input.c:
 * - tcp_rcv_established(): tcp_sequence() (old or beyond the window: a
 *   duplicate ACK), tcp_data_queue(), then __tcp_ack_snd_check();
 * - tcp_data_queue(): a zero receive window drops (TCPZeroWindowDrop);
 *   tcp_try_rmem_schedule(): the fast path while truesize fits
 *   sk_forward_alloc, else admitted iff sk_rmem_alloc <= sk_rcvbuf before
 *   adding, else tcp_prune_queue() (PruneCalled, tcp_clamp_window, collapse,
 *   OFO prune, RcvPruned) and a drop (TCPRcvQDrop) unless the queue is
 *   empty (sk_forced_mem_schedule); tcp_queue_rcv() coalesces into the tail
 *   skb (tcp_try_coalesce, TCPRcvCoalesce, at most MAX_SKB_FRAGS) charging
 *   the segment's truesize less its sk_buff; a retransmission of received
 *   data is dropped (DelayedACKLost) with an immediate ACK;
 * - tcp_data_queue_ofo(): TCPOFOQueue, TCPOFODrop, TCPOFOMerge;
 *   tcp_ofo_queue() moves what became in order, and a filled hole is ACKed
 *   at once (ICSK_ACK_NOW);
 * - tcp_event_data_recv(): quickack at the first data (TCP_MAX_QUICKACKS),
 *   ato from inter-arrival times, tcp_measure_rcv_mss() (scaling_ratio from
 *   len / truesize, 6.6+), tcp_grow_window() (rcv_ssthresh);
 * - __tcp_ack_snd_check(): an ACK when more than one rcv_mss is unacked and
 *   the window's right edge moves (or below SO_RCVLOWAT), in quickack mode
 *   or when asked to; out of order: the first three duplicate ACKs at once,
 *   then compressed (tcp_comp_sack_delay_ns 1 ms, at most rtt/20); else the
 *   delayed ACK;
 * - tcp_data_ready(): the reader is woken once SO_RCVLOWAT bytes wait.
 * Memory is charged in 4 KiB pages to sk_forward_alloc against
 * net.ipv4.tcp_mem (pressure above the middle value: TCPMemoryPressures).
 */
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

#define MAX_SKB_FRAGS 17
#define SK_MEM_QUANTUM 4096
#define TCP_FASTRETRANS_THRESH 3
#define TCP_COMP_SACK_NR 44
#define TCP_RTO_MIN (200 * SIM_MS)

static inline bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool after(uint32_t a, uint32_t b)
{
	return before(b, a);
}

static sim_time_t ato_min(const struct host *h)
{
	return h->tick * (h->hz / 25 > 0 ? h->hz / 25 : 1);	/* TCP_ATO_MIN */
}

/* sk_rmem_schedule() -> __sk_mem_schedule(): whole pages into forward_alloc,
 * refused above tcp_mem[2]; entering pressure above tcp_mem[1]. */
static bool rmem_schedule(struct tcp_sock *tp, int64_t size)
{
	struct tcp_host *th = tp->th;
	int64_t pages;

	if (size <= tp->sk_forward_alloc)
		return true;
	pages = (size - tp->sk_forward_alloc + SK_MEM_QUANTUM - 1) / SK_MEM_QUANTUM;
	if (th->memory_allocated + pages > th->tcp_mem[2])
		return false;
	th->memory_allocated += pages;
	if (th->memory_allocated > th->max_memory_allocated)
		th->max_memory_allocated = th->memory_allocated;
	tp->sk_forward_alloc += pages * SK_MEM_QUANTUM;
	if (!th->memory_pressure && th->memory_allocated > th->tcp_mem[1]) {
		th->memory_pressure = true;
		th->ext.TCPMemoryPressures++;
	}
	return true;
}

static void rmem_charge(struct tcp_sock *tp, struct packet *p, int64_t charge)
{
	p->truesize = (uint32_t)charge;
	tp->sk_rmem_alloc += charge;
	tp->sk_forward_alloc -= charge;
	if (tp->sk_rmem_alloc > tp->max_rmem_alloc)
		tp->max_rmem_alloc = tp->sk_rmem_alloc;
}

/* sk_mem_reclaim(): whole pages beyond the last back to tcp_mem. */
static void rmem_reclaim(struct tcp_sock *tp)
{
	struct tcp_host *th = tp->th;

	if (tp->sk_forward_alloc >= SK_MEM_QUANTUM) {
		int64_t pages = tp->sk_forward_alloc / SK_MEM_QUANTUM;

		tp->sk_forward_alloc -= pages * SK_MEM_QUANTUM;
		th->memory_allocated -= pages;
		if (th->memory_pressure && th->memory_allocated < th->tcp_mem[0])
			th->memory_pressure = false;
	}
}

/* tcp_clamp_window() inside tcp_prune_queue(). */
static void clamp_window(struct host *h, struct tcp_sock *tp)
{
	int64_t rmax = tp->th->tcp_rmem[2];

	if (tp->sk_rmem_alloc > tp->sk_rcvbuf && !tp->rcvbuf_locked &&
	    !tp->th->memory_pressure && tp->th->memory_allocated < tp->th->tcp_mem[0]) {
		tp->sk_rcvbuf = tp->sk_rmem_alloc < rmax ? tp->sk_rmem_alloc : rmax;
	}
	if (tp->sk_rmem_alloc > tp->sk_rcvbuf && tp->rcv_ssthresh > 2 * tp->advmss)
		tp->rcv_ssthresh = tp->window_clamp < 2 * tp->advmss ? tp->window_clamp
								     : 2 * tp->advmss;
	(void)h;
}

/* tcp_collapse() / tcp_collapse_ofo_queue(): a bloated skb (win(truesize)
 * above its payload) is copied into dense pages.  Approximated: its charge
 * becomes the payload plus an eighth (page and sk_buff overhead of the
 * rebuilt skbs). */
static void collapse(struct host *h, struct tcp_sock *tp, struct pktq *q)
{
	struct packet *p;

	for (p = q->head; p; p = p->next) {
		int64_t dense = p->payload + p->payload / 8;

		if (tcp_win_from_space(h->kver, tp->scaling_ratio,
				       (int)h->sc->host.sysctl.tcp_adv_win_scale, p->truesize) <=
		    (int64_t)p->payload || dense >= p->truesize)
			continue;
		tp->sk_rmem_alloc -= p->truesize - dense;
		tp->sk_forward_alloc += p->truesize - dense;
		p->truesize = (uint32_t)dense;
		tp->th->ext.TCPRcvCollapsed++;
	}
}

/* tcp_prune_queue(): 0 if memory is back under sk_rcvbuf. */
static int prune_queue(struct host *h, struct tcp_sock *tp)
{
	struct tcp_host *th = tp->th;
	struct packet *p;

	th->ext.PruneCalled++;
	if (tp->sk_rmem_alloc >= tp->sk_rcvbuf)
		clamp_window(h, tp);
	else if (th->memory_pressure && tp->rcv_ssthresh > 4 * tp->advmss)
		tp->rcv_ssthresh = 4 * tp->advmss;
	if (tp->sk_rmem_alloc <= tp->sk_rcvbuf)
		return 0;
	collapse(h, tp, &tp->ofoq);
	collapse(h, tp, &tp->rcvq);
	rmem_reclaim(tp);
	if (tp->sk_rmem_alloc <= tp->sk_rcvbuf)
		return 0;
	/* tcp_prune_ofo_queue(): out-of-order data goes, highest first */
	if (tp->ofoq.len) {
		th->ext.OfoPruned++;
		while (tp->ofoq.len && tp->sk_rmem_alloc > tp->sk_rcvbuf) {
			struct packet **pp = &tp->ofoq.head;

			while ((*pp)->next)
				pp = &(*pp)->next;
			p = *pp;
			*pp = NULL;
			tp->ofoq.tail = tp->ofoq.head ? container_of(pp, struct packet, next) : NULL;
			tp->ofoq.len--;
			th->enqueued--;
			tp->sk_rmem_alloc -= p->truesize;
			tp->sk_forward_alloc += p->truesize;
			host_drop(h, p, DROP_TCP_OFO_PRUNE);
		}
		rmem_reclaim(tp);
		if (tp->sk_rmem_alloc <= tp->sk_rcvbuf)
			return 0;
	}
	th->ext.RcvPruned++;
	return -1;
}

/* tcp_try_rmem_schedule(): 0 admitted. */
static int try_rmem_schedule(struct host *h, struct tcp_sock *tp, int64_t size)
{
	if (tp->sk_rmem_alloc > tp->sk_rcvbuf || !rmem_schedule(tp, size)) {
		if (prune_queue(h, tp) < 0)
			return -1;
		if (!rmem_schedule(tp, size))
			return -1;
	}
	return 0;
}

/* tcp_incr_quickack() */
static void incr_quickack(struct tcp_sock *tp, unsigned max)
{
	unsigned q = tp->rcv_wnd / (2 * tp->rcv_mss);

	if (!q)
		q = 2;
	if (q > max)
		q = max;
	if (q > tp->quick)
		tp->quick = (uint8_t)q;
}

/* tcp_enter_quickack_mode() */
static void enter_quickack(struct host *h, struct tcp_sock *tp)
{
	incr_quickack(tp, TCP_MAX_QUICKACKS);
	tp->ato = ato_min(h);
}

/* tcp_measure_rcv_mss() with the 6.6+ scaling_ratio update: @seg is
 * "skb_shinfo(skb)->gso_size ? : skb->len" (the segment size of a GRO skb),
 * the ratio is of the whole skb's @len to its @truesize. */
static void measure_rcv_mss(struct host *h, struct tcp_sock *tp, uint32_t len, uint32_t seg,
			    uint32_t truesize)
{
	if (seg >= tp->rcv_mss) {
		if (seg != tp->rcv_mss && h->kver >= KVER(6, 6) && truesize) {
			uint64_t val = ((uint64_t)len << TCP_RMEM_TO_WIN_SCALE) / truesize;
			uint8_t old = tp->scaling_ratio;

			tp->scaling_ratio = (uint8_t)(val ? (val > 255 ? 255 : val) : 1);
			if (old != tp->scaling_ratio) {
				int64_t w = tcp_win_from_space(h->kver, tp->scaling_ratio, 1,
							       tp->sk_rcvbuf);

				/* tcp_set_window_clamp() */
				if (!tp->rcvbuf_locked || w < tp->window_clamp)
					tp->window_clamp = (uint32_t)w;
				if (tp->window_clamp < tp->rcv_ssthresh)
					tp->rcv_ssthresh = tp->window_clamp;
			}
		}
		tp->rcv_mss = seg < tp->advmss ? seg : tp->advmss;
	}
}

/* tcp_grow_window() */
static void grow_window(struct host *h, struct tcp_sock *tp, uint32_t len)
{
	int64_t space = tcp_win_from_space(h->kver, tp->scaling_ratio,
					   (int)h->sc->host.sysctl.tcp_adv_win_scale,
					   tp->sk_rcvbuf - tp->backlog_len - tp->sk_rmem_alloc);
	int64_t room = (tp->window_clamp < space ? tp->window_clamp : space) - tp->rcv_ssthresh;
	int64_t incr;

	if (room <= 0 || tp->th->memory_pressure)
		return;
	incr = 2 * (int64_t)tp->advmss;
	if (incr < 2 * (int64_t)len)
		incr = 2 * (int64_t)len;
	tp->rcv_ssthresh += (uint32_t)(room < incr ? room : incr);
	tp->quick |= 1;
}

/* tcp_event_data_recv() */
static void event_data_recv(struct host *h, struct tcp_sock *tp, uint32_t len, uint32_t seg,
			    uint32_t truesize)
{
	sim_time_t now = (h->sim->now / h->tick) * h->tick, m;
	sim_time_t rto = tp->rcv_rtt + TCP_RTO_MIN;

	tp->ack_pending = true;		/* inet_csk_schedule_ack() */
	measure_rcv_mss(h, tp, len, seg, truesize);
	if (!tp->ato) {
		incr_quickack(tp, TCP_MAX_QUICKACKS);
		tp->ato = ato_min(h);
	} else {
		m = now - tp->lrcvtime;
		if (m <= ato_min(h) / 2) {
			tp->ato = (tp->ato >> 1) + ato_min(h) / 2;
		} else if (m < tp->ato) {
			tp->ato = (tp->ato >> 1) + m;
			if (tp->ato > rto)
				tp->ato = rto;
		} else if (m > rto) {
			incr_quickack(tp, TCP_MAX_QUICKACKS);
		}
	}
	tp->lrcvtime = now;
	if (len >= 128)
		grow_window(h, tp, len);
}

/* tcp_queue_rcv(): coalesce into the tail skb or queue. */
static void queue_rcv(struct tcp_sock *tp, struct packet *p, uint32_t truesize)
{
	if (tp->rcvq.tail && tp->tail_frags < MAX_SKB_FRAGS) {
		/* tcp_try_coalesce(): the head of a build_skb buffer becomes a
		 * frag; the sk_buff itself is freed */
		tp->th->ext.TCPRcvCoalesce++;
		tp->tail_frags++;
		rmem_charge(tp, p, truesize > SKB_STRUCT_SIZE ? truesize - SKB_STRUCT_SIZE : 0);
	} else {
		tp->tail_frags = 1;
		rmem_charge(tp, p, truesize);
	}
	pktq_push(&tp->rcvq, p);
	p->t_sock = tp->th->h->sim->now;
	tp->rcv_nxt = p->seq + p->payload;
	tp->segs_in += packet_segs(p);	/* tcp_segs_in(): gso_segs of a GRO skb */
	tp->bytes_in += p->payload;
	tp->th->enqueued++;
}

static void drop(struct host *h, struct packet *p, enum drop_place where)
{
	host_drop(h, p, where);
}

/* tcp_ofo_queue(): what the new rcv_nxt made in order. */
static void ofo_queue(struct host *h, struct tcp_sock *tp)
{
	struct packet *p;

	while ((p = tp->ofoq.head) && !after(p->seq, tp->rcv_nxt)) {
		uint32_t ts = p->truesize;

		pktq_pop(&tp->ofoq);
		tp->th->enqueued--;
		tp->sk_rmem_alloc -= ts;
		tp->sk_forward_alloc += ts;
		if (!after(p->seq + p->payload, tp->rcv_nxt)) {
			/* all of it arrived meanwhile */
			tp->th->ext.TCPOFOMerge++;
			drop(h, p, DROP_TCP_OFOMERGE);
			continue;
		}
		if (before(p->seq, tp->rcv_nxt)) {
			tp->th->bytes_trimmed += tp->rcv_nxt - p->seq;
			p->payload -= tp->rcv_nxt - p->seq;
			p->seq = tp->rcv_nxt;
		}
		queue_rcv(tp, p, ts);
	}
	rmem_reclaim(tp);
}

/* tcp_data_queue_ofo() */
static void data_queue_ofo(struct host *h, struct tcp_sock *tp, struct packet *p,
			   uint32_t truesize)
{
	struct packet **pp, *prev = NULL;

	if (try_rmem_schedule(h, tp, truesize)) {
		tp->th->ext.TCPOFODrop++;
		drop(h, p, DROP_TCP_OFO);
		return;
	}
	tp->th->ext.TCPOFOQueue++;
	tp->ack_pending = true;
	/* sorted insert; the usual case appends */
	if (tp->ofoq.tail && before(tp->ofoq.tail->seq, p->seq)) {
		prev = tp->ofoq.tail;
		pp = &prev->next;
	} else {
		for (pp = &tp->ofoq.head; *pp && before((*pp)->seq, p->seq); pp = &(*pp)->next)
			prev = *pp;
	}
	if ((*pp && (*pp)->seq == p->seq) ||
	    (prev && !after(p->seq + p->payload, prev->seq + prev->payload))) {
		tp->th->ext.TCPOFOMerge++;
		drop(h, p, DROP_TCP_OFOMERGE);
		return;
	}
	rmem_charge(tp, p, truesize);
	tp->last_ofo_seq = p->seq;
	p->t_sock = h->sim->now;
	p->next = *pp;
	*pp = p;
	if (!p->next)
		tp->ofoq.tail = p;
	tp->ofoq.len++;
	tp->th->enqueued++;
}

/* __tcp_ack_snd_check(sk, 1) */
static void ack_snd_check(struct host *h, struct tcp_sock *tp, uint32_t *acks)
{
	if (!tp->ack_pending)
		return;
	if ((tp->rcv_nxt - tp->rcv_wup > tp->rcv_mss &&
	     ((int64_t)(tp->rcv_nxt - tp->copied_seq) < tp->rcvlowat ||
	      tcp__select_window(h, tp) >= tp->rcv_wnd)) ||
	    (tp->quick && !tcp_in_pingpong_mode(h->kver, tp)) || tp->ack_now)
		goto send_now;	/* tcp_in_quickack_mode(): quick, not interactive */
	if (!tp->ofoq.len) {
		tcp_send_delayed_ack(h, tp);
		return;
	}
	/* out of order: three duplicate ACKs at once, then compressed */
	if (tp->compressed_rcv_nxt != tp->rcv_nxt) {
		tp->compressed_rcv_nxt = tp->rcv_nxt;
		tp->dup_ack_counter = 0;
	}
	if (tp->dup_ack_counter < TCP_FASTRETRANS_THRESH) {
		tp->dup_ack_counter++;
		goto send_now;
	}
	if (++tp->dup_ack_counter >= TCP_FASTRETRANS_THRESH + TCP_COMP_SACK_NR)
		goto send_now;
	if (!tp->ack_timer) {
		sim_time_t d = tp->rcv_rtt / 20 < SIM_MS ? tp->rcv_rtt / 20 : SIM_MS;

		tp->ack_timer = true;
		tp->comp_sack = true;
		tp->delack_cpu = (int16_t)tp->th->cpu_now;	/* HRTIMER_MODE_REL_PINNED_SOFT */
		tcp__resched(h->sim, &tp->delack_ev, h->sim->now + d);
	}
	return;
send_now:
	tcp_send_ack(h, tp);
	(*acks)++;
}

/* tcp_rcv_established() for a data segment, or a pure ACK / window probe;
 * returns the readers woken. */
static int rcv_established(struct host *h, struct tcp_sock *tp, struct packet *p, uint32_t *acks)
{
	uint32_t seq = p->seq, len = p->payload, end = seq + len, truesize = p->truesize;
	int woken = 0;

	/* tcp_sequence(): old, or starting beyond the window */
	if (before(end, tp->rcv_wup) || (len == 0 && before(seq, tp->rcv_nxt))) {
		drop(h, p, DROP_TCP_OLD_SEQ);
		tcp_send_ack(h, tp);	/* tcp_send_dupack() */
		(*acks)++;
		return 0;
	}
	if (after(seq, tp->rcv_nxt + tcp_receive_window(tp))) {
		drop(h, p, DROP_TCP_INVALID_SEQ);
		tcp_send_ack(h, tp);
		(*acks)++;
		return 0;
	}
	if (seq == tp->rcv_nxt || (before(seq, tp->rcv_nxt) && after(end, tp->rcv_nxt))) {
		if (tcp_receive_window(tp) == 0) {
			tp->th->ext.TCPZeroWindowDrop++;
			enter_quickack(h, tp);
			tp->ack_pending = true;
			drop(h, p, DROP_TCP_ZEROWINDOW);
			ack_snd_check(h, tp, acks);
			return 0;
		}
		/* the fast path takes it while it fits sk_forward_alloc */
		if (truesize > tp->sk_forward_alloc) {
			if (try_rmem_schedule(h, tp, truesize)) {
				tp->ack_now = true;
				tp->ack_pending = true;
				if (tp->rcvq.len) {
					tp->th->ext.TCPRcvQDrop++;
					drop(h, p, DROP_TCP_RCVQ);
					ack_snd_check(h, tp, acks);
					return tcp_data_ready(h, tp);
				}
				/* sk_forced_mem_schedule(): an empty queue takes it */
				int64_t pages = (truesize + SK_MEM_QUANTUM - 1) / SK_MEM_QUANTUM;

				tp->sk_forward_alloc += pages * SK_MEM_QUANTUM;
				tp->th->memory_allocated += pages;
			}
		}
		if (before(seq, tp->rcv_nxt)) {
			/* partly old: the new part is kept (tcp_data_queue, D-SACK) */
			tp->th->bytes_trimmed += tp->rcv_nxt - seq;
			p->payload = end - tp->rcv_nxt;
			p->seq = tp->rcv_nxt;
		}
		uint32_t seg = p->gso_segs > 1 ? p->gso_size : len;

		tp->ts_recent = p->t_offered;
		queue_rcv(tp, p, truesize);
		event_data_recv(h, tp, len, seg, truesize);
		if (tp->ofoq.len) {
			ofo_queue(h, tp);
			if (!tp->ofoq.len)
				tp->ack_now = true;	/* a hole filled: ACK at once */
		}
		ack_snd_check(h, tp, acks);
		woken = tcp_data_ready(h, tp);
		return woken;
	}
	if (!after(end, tp->rcv_nxt)) {
		/* a retransmission of data already received */
		tp->th->ext.DelayedACKLost++;
		enter_quickack(h, tp);
		tp->ack_pending = true;
		drop(h, p, DROP_TCP_OLD_DATA);
		ack_snd_check(h, tp, acks);
		return 0;
	}
	data_queue_ofo(h, tp, p, truesize);
	tp->ack_pending = true;
	ack_snd_check(h, tp, acks);
	return 0;
}

/* tcp_add_backlog() */
static void add_backlog(struct host *h, struct tcp_sock *tp, struct packet *p)
{
	int64_t limit = h->kver >= KVER(6, 10) ? 2 * tp->sk_rcvbuf : tp->sk_rcvbuf;

	limit += tp->sk_sndbuf / 2 + 64 * 1024;
	if (limit > UINT32_MAX)
		limit = UINT32_MAX;
	/* sk_rcvqueues_full(): backlog and receive queue together (a segment
	 * the tail could coalesce is tested the same way: approximate) */
	if (tp->backlog_len + tp->sk_rmem_alloc > limit) {
		tp->th->ext.TCPBacklogDrop++;
		drop(h, p, DROP_TCP_BACKLOG);
		return;
	}
	/* the tail coalesces it (skb_try_coalesce): its sk_buff is freed */
	if (tp->backlog.tail && tp->backlog_tail_frags < MAX_SKB_FRAGS) {
		tp->th->ext.TCPBacklogCoalesce++;
		tp->backlog_tail_frags++;
		tp->backlog_len += p->truesize > SKB_STRUCT_SIZE ? p->truesize - SKB_STRUCT_SIZE : 0;
	} else {
		tp->backlog_tail_frags = 1;
		tp->backlog_len += p->truesize;
	}
	pktq_push(&tp->backlog, p);
}

int tcp_v4_rcv(struct host *h, struct cpu *c, struct packet *p)
{
	struct tcp_host *th = h->tcp;
	struct tcp_sock *tp = tcp_lookup(h, p);
	uint32_t acks = 0;
	int woken;

	if (th)
		th->mib.InSegs++;
	if (!tp) {
		/* no socket: a RST answers it (not modelled), the skb is dropped */
		host_drop(h, p, DROP_NO_SOCKET);
		return 0;
	}
	th->rcvd++;
	th->cpu_now = c->id;
	if (tp->owned) {
		add_backlog(h, tp, p);
		return 0;
	}
	woken = rcv_established(h, tp, p, &acks);
	return woken | (int)(acks << 16);
}

uint32_t tcp_release_sock(struct host *h, struct tcp_sock *tp, uint32_t *acks)
{
	struct packet *p;
	uint32_t n = 0;

	/* __release_sock(): the backlog in arrival order, the owner still
	 * holding the socket, so more may arrive meanwhile */
	while ((p = pktq_pop(&tp->backlog))) {
		tp->owned = false;
		rcv_established(h, tp, p, acks);
		tp->owned = true;
		n++;
	}
	tp->backlog_len = 0;
	tp->backlog_tail_frags = 0;
	tp->owned = false;
	/* tcp_release_cb(): a deferred delayed ACK */
	if (tp->ack_now && tp->ack_pending) {
		tcp_send_ack(h, tp);
		(*acks)++;
	}
	return n;
}

int64_t tcp_readable(const struct tcp_sock *tp)
{
	return (int64_t)(uint32_t)(tp->rcv_nxt - tp->copied_seq);
}

int64_t tcp_recv_copy(struct host *h, struct tcp_sock *tp, int64_t len)
{
	struct tcp_host *th = tp->th;
	int64_t got = 0;
	struct packet *p;

	while (got < len && (p = tp->rcvq.head)) {
		uint32_t left = p->payload - tp->head_off;
		uint32_t take = (int64_t)left <= len - got ? left : (uint32_t)(len - got);

		got += take;
		tp->head_off += take;
		tp->copied_seq += take;
		tp->bytes_read += take;
		th->bytes_read += take;
		if (tp->head_off < p->payload)
			break;
		/* tcp_eat_recv_skb(): the skb is freed, its memory returned */
		pktq_pop(&tp->rcvq);
		if (!tp->rcvq.len)
			tp->tail_frags = 0;
		tp->head_off = 0;
		tp->sk_rmem_alloc -= p->truesize;
		tp->sk_forward_alloc += p->truesize;
		tp->segs_read++;
		th->read_segs++;
		th->enqueued--;
		host_deliver_tcp(h, p);
	}
	rmem_reclaim(tp);
	return got;
}

/* tcp_rcv_space_adjust() -> tcp_rcvbuf_grow(), once per receiver RTT. */
void tcp_rcv_space_adjust(struct host *h, struct tcp_sock *tp)
{
	int64_t copied, rcvwin, rcvbuf, o = tp->rcvq_space;
	int adv = (int)h->sc->host.sysctl.tcp_adv_win_scale;

	if (h->sim->now - tp->rcvq_time < tp->rcv_rtt || !tp->rcv_rtt)
		return;
	copied = (int64_t)(uint32_t)(tp->copied_seq - tp->rcvq_seq);
	if (h->kver >= KVER(6, 18))
		copied -= tcp_readable(tp);	/* bytes still queued are not "read" */
	if (copied > o) {
		if (h->sc->host.sysctl.tcp_moderate_rcvbuf && !tp->rcvbuf_locked) {
			if (h->kver >= KVER(6, 18)) {
				rcvwin = 2 * copied + 2 * (2 * copied * (copied - o) / o);
			} else {
				/* 16 * advmss of cushion for losses */
				rcvwin = 2 * copied + 16 * (int64_t)tp->advmss;
				rcvwin += 2 * (rcvwin * (copied - o) / o);
			}
			rcvbuf = tcp_space_from_win(h->kver, tp->scaling_ratio, adv, rcvwin);
			if (rcvbuf > tp->th->tcp_rmem[2])
				rcvbuf = tp->th->tcp_rmem[2];
			if (rcvbuf > tp->sk_rcvbuf) {
				tp->sk_rcvbuf = rcvbuf;
				tp->window_clamp = (uint32_t)tcp_win_from_space(h->kver,
									      tp->scaling_ratio,
									      adv, rcvbuf);
			}
		}
		tp->rcvq_space = (uint32_t)copied;
	}
	tp->rcvq_seq = tp->copied_seq;
	tp->rcvq_time = h->sim->now;
}

/* tcp_cleanup_rbuf() */
bool tcp_cleanup_rbuf(struct host *h, struct tcp_sock *tp, int64_t copied)
{
	bool time_to_ack = false;

	if (tp->ack_pending && (tp->rcv_nxt - tp->rcv_wup > tp->rcv_mss ||
				(copied > 0 && tp->ack_now)))
		time_to_ack = true;
	if (copied > 0 && !time_to_ack) {
		uint32_t now_wnd = tcp_receive_window(tp);

		/* send an ACK now if this read freed lots of space: the new
		 * window at least twice the one the sender has */
		if (2 * (uint64_t)now_wnd <= tp->window_clamp) {
			uint32_t nw = tcp__select_window(h, tp);

			if (nw && nw >= 2 * (uint64_t)now_wnd)
				time_to_ack = true;
		}
	}
	if (time_to_ack)
		tcp_send_ack(h, tp);
	return time_to_ack;
}
