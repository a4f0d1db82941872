/* SPDX-License-Identifier: MIT */
/*
 * tcp_sender.c - the remote end of a connection: a bulk or rate-limited
 * writer whose segments go through the link into the NIC, paced by its
 * congestion window and by the window the receiver advertises.
 *
 * Mirrors the sender half of net/ipv4/tcp_output.c (tcp_write_xmit: cwnd and
 * receive-window tests, tcp_snd_wnd_test; tcp_send_probe0 for a zero
 * window), tcp_input.c (tcp_ack: snd_una, window update tcp_ack_update_window,
 * RTT sample tcp_rtt_estimator / tcp_set_rto with TCP_RTO_MIN 200 ms;
 * three duplicate ACKs or three SACKed segments enter fast recovery,
 * tcp_fastretrans_alert; the SACK scoreboard marks a hole lost once three
 * segments above it are SACKed and tcp_xmit_retransmit_queue resends the
 * lost ones first while the pipe is under cwnd), tcp_timer.c (tcp_retransmit_timer:
 * loss, cwnd 1, exponential backoff), tcp_cong.c (tcp_slow_start,
 * tcp_cong_avoid_ai, tcp_is_cwnd_limited: no growth while the receiver's
 * window limits) and tcp_cubic.c (bictcp_update without HyStart, beta
 * 717/1024, C 0.4, fast convergence).
 *
 * Delays: the base RTT is applied on the return path.  Shifting every event
 * of the sender by its forward one-way delay changes nothing it decides, so
 * a segment enters the link when it is sent and its ACK comes back one RTT
 * after the receiver sent it: the loop runs exactly as with two delays.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/alloc.h"
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

#define TCP_RTO_MIN	(200 * SIM_MS)
#define TCP_RTO_MAX	(120 * SIM_S)
#define TCP_FASTRETRANS_THRESH 3
#define CUBIC_BETA	717	/* /1024 */
#define CUBIC_C		0.4

static const struct traffic_cfg *src_cfg(const struct host *h, const struct tcp_sock *tp)
{
	return h->srcs[tp->src].gen.cfg;
}

static struct tcp_sock *of_ev(struct sim_event *ev, size_t off)
{
	return (struct tcp_sock *)(void *)((char *)ev - off);
}

static uint64_t app_written(struct host *h, struct tcp_sock *tp);

/*
 * The PSH bit of a data segment: tcp_sendmsg() marks it (tcp_mark_push) on
 * the skb that ends a write (tcp_push(), no MSG_MORE), and on the skb being
 * filled when write_seq passes pushed_seq + max_window / 2 (forced_push());
 * TSO leaves it on the last segment of that skb.  The write boundaries are
 * the messages, the requests, what a rate-limited writer has written by
 * now, or every write_size bytes of a bulk writer.  It ends a GRO merge.
 */
static bool push_marked(struct host *h, struct tcp_sock *tp, uint32_t seq, uint32_t len)
{
	const struct traffic_cfg *cfg = src_cfg(h, tp);
	struct tcp_sender *sn = &tp->snd;
	uint64_t end = (uint32_t)(seq + len - sn->iss), wsz;

	if (!len)
		return false;
	if (sn->snd_wnd > sn->max_window)
		sn->max_window = sn->snd_wnd;
	if ((int32_t)(seq + len - (sn->pushed_seq + (sn->max_window >> 1))) > 0) {
		sn->pushed_seq = seq + len;
		return true;
	}
	if (sn->rr || (cfg->send_rate > 0 && cfg->message <= 0))
		return end == app_written(h, tp);
	wsz = (uint64_t)(cfg->message > 0 ? cfg->message : cfg->write_size);
	/* a multiple of the write size in (end - len, end] */
	return end / wsz != (end - len) / wsz;
}

/* One segment (or a window probe, len 0) onto the wire now. */
static void xmit(struct host *h, struct tcp_sock *tp, uint32_t seq, uint32_t len)
{
	struct traffic_src *s = &h->srcs[tp->src];
	struct tcp_sender *sn = &tp->snd;
	struct packet *p;

	/* the link takes emissions in time order: commit the others first */
	traffic_advance(h, h->sim->now);
	p = host_packet_alloc(h);
	p->t_offered = h->sim->now;
	p->t_nic = p->t_ring = p->t_poll = p->t_sock = 0;
	p->tuple = tp->tuple;
	p->flow = tp->flow;
	p->hash = 0;
	p->size = (uint16_t)(len + TCP_FRAME_OVERHEAD);
	p->src = tp->src;
	p->truesize = 0;
	p->seq = seq;
	p->payload = len;
	p->gso_segs = 1;
	p->tcp_flags = TCPHDR_ACK | (push_marked(h, tp, seq, len) ? TCPHDR_PSH : 0);
	h->offered++;
	s->offered++;
	s->offered_bytes += p->size;
	sn->segs_sent++;
	sn->bytes_sent += len;
	/* the sender's NIC serialises at the link's speed */
	sn->tx_free_at = h->sim->now + traffic_wire_time(s->nic->cfg->speed, p->size, &sn->tx_rem);
	link_offer_segment(h, s->nic, p);
	link_start(h, s->nic);
}

static void rto_arm(struct host *h, struct tcp_sock *tp)
{
	struct tcp_sender *sn = &tp->snd;
	sim_time_t rto = sn->rto << sn->backoff;

	if (rto > TCP_RTO_MAX)
		rto = TCP_RTO_MAX;
	tcp__resched(h->sim, &sn->rto_ev, h->sim->now + rto);
}

/* ---- SACK scoreboard (tcp_sacktag_write_queue, RFC 6675 with the
 * FACK-style loss mark tcp_mark_head_lost: a hole with at least
 * `reordering` (3) segments SACKed above it is lost) ---- */

#define TCP_REORDERING 3

static uint32_t seg_idx(const struct tcp_sender *sn, uint32_t seq)
{
	return (seq - sn->iss) / sn->mss;
}

static uint8_t *sb_at(struct tcp_sender *sn, uint32_t idx)
{
	return &sn->sb[idx & (sn->sb_cap - 1)];
}

/* Cover snd_una .. snd_max; grows by doubling, a window at a time. */
static void sb_fit(struct tcp_sender *sn)
{
	uint32_t lo = seg_idx(sn, sn->snd_una), hi = seg_idx(sn, sn->snd_max) + 1, cap, i;
	uint8_t *n;

	if (hi - lo <= sn->sb_cap)
		return;
	for (cap = sn->sb_cap ? sn->sb_cap : 64; cap < hi - lo; cap *= 2)
		;
	n = sim_xrealloc(NULL, cap, 1, "the SACK scoreboard");
	memset(n, 0, cap);
	for (i = lo; sn->sb && i < lo + sn->sb_cap && i < hi; i++)
		n[i & (cap - 1)] = *sb_at(sn, i);
	free(sn->sb);
	sn->sb = n;
	sn->sb_cap = cap;
}

static void sb_clear_below(struct tcp_sender *sn, uint32_t old_una)
{
	uint32_t i, to = seg_idx(sn, sn->snd_una);

	for (i = seg_idx(sn, old_una); sn->sb && i < to; i++) {
		uint8_t *f = sb_at(sn, i);

		if (*f) {
			*f = 0;
			sn->sacked_out--;
		}
	}
}

static void sb_reset(struct tcp_sender *sn)
{
	if (sn->sb)
		memset(sn->sb, 0, sn->sb_cap);
	sn->sacked_out = 0;
	sn->highest_sack = sn->snd_una;
}

static void sb_mark(struct tcp_sender *sn, uint32_t start, uint32_t end)
{
	uint32_t i;

	if ((int32_t)(end - start) <= 0 || (int32_t)(end - sn->snd_una) <= 0 ||
	    (int32_t)(end - sn->snd_max) > 0)
		return;
	if ((int32_t)(start - sn->snd_una) < 0)
		start = sn->snd_una;
	sb_fit(sn);
	/* whole segments only */
	for (i = (start - sn->iss + sn->mss - 1) / sn->mss; i < seg_idx(sn, end); i++) {
		uint8_t *f = sb_at(sn, i);

		if (!*f) {
			*f = 1;
			sn->sacked_out++;
		}
	}
	if ((int32_t)(end - sn->highest_sack) > 0)
		sn->highest_sack = end;
}

/* The segments in the network (tcp_packets_in_flight: out - sacked - lost +
 * retransmitted), and the first lost one not yet retransmitted, or -1. */
static uint32_t sb_pipe(struct tcp_sender *sn, int64_t *next_lost)
{
	uint32_t una = seg_idx(sn, sn->snd_una), nxt = (sn->snd_nxt - sn->iss + sn->mss - 1) / sn->mss;
	uint32_t fack = seg_idx(sn, sn->highest_sack), rxt = seg_idx(sn, sn->high_rxt);
	uint32_t out = nxt - una, lost = 0, i;

	*next_lost = -1;
	for (i = una; i + TCP_REORDERING <= fack && i < nxt; i++) {
		if (*sb_at(sn, i))
			continue;
		if (i >= rxt) {
			lost++;
			if (*next_lost < 0)
				*next_lost = i;
		}
	}
	return out - sn->sacked_out - lost;
}

/* Bytes the application has handed over by now (send_rate), or unlimited. */
static uint64_t app_written(struct host *h, struct tcp_sock *tp)
{
	const struct traffic_cfg *cfg = src_cfg(h, tp);
	sim_time_t el = h->sim->now - cfg->start + tp->snd.phase;
	uint64_t w;

	if (tp->snd.rr)
		return tp->snd.app_limit;	/* the requests written so far */
	if (cfg->send_rate < 0)
		return UINT64_MAX;
	if (el <= 0)
		return 0;
	w = (uint64_t)((unsigned __int128)el * (uint64_t)cfg->send_rate / 8 / SIM_S);
	/* whole writes only */
	return cfg->message > 0 ? w / (uint64_t)cfg->message * (uint64_t)cfg->message : w;
}

/* When a whole segment (or message) more than @sent will have been written. */
static sim_time_t next_write_at(struct host *h, struct tcp_sock *tp, uint64_t sent)
{
	const struct traffic_cfg *cfg = src_cfg(h, tp);
	struct tcp_sender *sn = &tp->snd;
	uint64_t need = sent + sn->mss;
	sim_time_t at = cfg->start - sn->phase +
			(sim_time_t)(((unsigned __int128)need * 8 * SIM_S + (uint64_t)cfg->send_rate -
				      1) / (uint64_t)cfg->send_rate);

	return at > h->sim->now ? at : h->sim->now;
}

static bool stopped(struct host *h, struct tcp_sock *tp)
{
	const struct traffic_cfg *cfg = src_cfg(h, tp);

	return cfg->stop >= 0 && h->sim->now >= cfg->stop;
}

/* tcp_chrono_start/stop(TCP_CHRONO_RWND_LIMITED) */
static void chrono_rwnd(struct host *h, struct tcp_sender *sn, bool limited)
{
	if (limited == sn->rwnd_limited)
		return;
	if (sn->rwnd_limited)
		sn->rwnd_limited_ps += h->sim->now - sn->chrono_start;
	sn->rwnd_limited = limited;
	sn->chrono_start = h->sim->now;
}

/* tcp_write_xmit(): new data while cwnd and the receive window allow. */
static void write_xmit(struct host *h, struct tcp_sock *tp)
{
	bool rwnd_stop = false;

	struct tcp_sender *sn = &tp->snd;
	const struct traffic_cfg *cfg = src_cfg(h, tp);
	uint64_t written = app_written(h, tp);

	while (!stopped(h, tp)) {
		uint32_t in_flight = sn->snd_nxt - sn->snd_una;

		if (sn->tx_free_at > h->sim->now) {
			/* its own NIC is busy: go on when the frame is out */
			tcp__resched(h->sim, &sn->app_ev, sn->tx_free_at);
			break;
		}

		if (sn->in_recovery && sn->sb) {
			/* tcp_xmit_retransmit_queue(): lost segments first, then new
			 * data, while the pipe is under cwnd */
			int64_t lost;
			uint32_t pipe = sb_pipe(sn, &lost);

			if (pipe >= sn->cwnd)
				break;
			if (lost >= 0) {
				uint32_t seq = sn->iss + (uint32_t)lost * sn->mss;

				sn->retrans++;
				xmit(h, tp, seq, sn->mss);
				sn->high_rxt = seq + sn->mss;
				continue;
			}
			in_flight = pipe * sn->mss;
		}
		uint32_t wnd_end = sn->snd_una + sn->snd_wnd;
		uint32_t room = (int32_t)(wnd_end - sn->snd_nxt) > 0 ? wnd_end - sn->snd_nxt : 0;
		uint64_t sent = (uint64_t)(sn->snd_nxt - sn->iss);
		uint32_t len = sn->mss;

		if (in_flight >= (uint64_t)sn->cwnd * sn->mss)
			break;
		if (sent >= written) {
			/* application-limited: wake when the next segment is written */
			if (cfg->send_rate > 0)
				tcp__resched(h->sim, &sn->app_ev, next_write_at(h, tp, sent));
			break;
		}
		if (written - sent < len) {
			/* Nagle (tcp_nagle_test): a partial segment waits while data
			 * is in flight; message writes are TCP_NODELAY */
			if (in_flight && cfg->message <= 0) {
				if (cfg->send_rate > 0)
					tcp__resched(h->sim, &sn->app_ev, next_write_at(h, tp, sent));
				break;
			}
			len = (uint32_t)(written - sent);
		}
		/* tcp_snd_wnd_test(): the segment must fit the window; a smaller
		 * one only when nothing is in flight (tcp_mss_split_point) */
		if (room < len) {
			if (room == 0 || in_flight) {
				rwnd_stop = true;
				break;
			}
			len = room;
		}
		if (sn->snd_nxt != sn->snd_max && (int32_t)(sn->snd_nxt - sn->snd_max) < 0)
			sn->retrans++;
		xmit(h, tp, sn->snd_nxt, len);
		sn->snd_nxt += len;
		if ((int32_t)(sn->snd_nxt - sn->snd_max) > 0) {
			sn->snd_max = sn->snd_nxt;
			if (sn->sb)
				sb_fit(sn);
		}
	}
	if (!sn->tx_free_at || sn->tx_free_at <= h->sim->now || rwnd_stop)
		chrono_rwnd(h, sn, rwnd_stop);
	if (sn->snd_una != sn->snd_nxt) {
		sn->zero_window = false;
		if (!sim_event_pending(&sn->rto_ev))
			rto_arm(h, tp);
	} else if (sn->snd_wnd == 0 && !stopped(h, tp) &&
		   (uint64_t)(sn->snd_nxt - sn->iss) < written) {
		/* tcp_check_probe_timer(): nothing in flight, window closed */
		if (!sn->zero_window || !sim_event_pending(&sn->rto_ev)) {
			sn->zero_window = true;
			rto_arm(h, tp);
		}
	}
}

/* tcp_rtt_estimator() (RFC 6298 gains) and tcp_set_rto(). */
static void rtt_sample(struct tcp_sender *sn, sim_time_t m)
{
	sim_time_t var;

	if (m <= 0)
		return;
	sn->rtt_samples++;
	sn->rtt_sum += m;
	if (!sn->min_rtt || m < sn->min_rtt)
		sn->min_rtt = m;
	if (!sn->srtt) {
		sn->srtt = m;
		sn->rttvar = m / 2;
	} else {
		sim_time_t err = m > sn->srtt ? m - sn->srtt : sn->srtt - m;

		sn->rttvar += (err - sn->rttvar) / 4;
		sn->srtt += (m - sn->srtt) / 8;
	}
	var = 4 * sn->rttvar;
	sn->rto = sn->srtt + (var > TCP_RTO_MIN ? var : TCP_RTO_MIN);
}

static uint32_t beta_cwnd(const struct tcp_sock *tp, int cc)
{
	const struct tcp_sender *sn = &tp->snd;
	uint32_t w = cc == TCP_CC_CUBIC ? (uint32_t)((uint64_t)sn->cwnd * CUBIC_BETA / 1024)
					: sn->cwnd / 2;

	return w < 2 ? 2 : w;
}

/* tcp_enter_loss / tcp_enter_recovery: ssthresh from the cc, CUBIC's epoch. */
static void on_loss(struct tcp_sock *tp, int cc)
{
	struct tcp_sender *sn = &tp->snd;

	if (cc == TCP_CC_CUBIC) {
		/* bictcp_recalc_ssthresh(): fast convergence */
		if (sn->cwnd < sn->last_max_cwnd)
			sn->last_max_cwnd = (uint32_t)((uint64_t)sn->cwnd * (1024 + CUBIC_BETA) / 2048);
		else
			sn->last_max_cwnd = sn->cwnd;
		sn->epoch_start = 0;
	}
	sn->ssthresh = beta_cwnd(tp, cc);
	sn->cwnd_cnt = 0;
}

/* bictcp_update(): segments of ACK needed per cwnd increment. */
static uint32_t cubic_cnt(struct host *h, struct tcp_sock *tp)
{
	struct tcp_sender *sn = &tp->snd;
	double t, target, d;

	if (!sn->epoch_start) {
		sn->epoch_start = h->sim->now;
		if (sn->last_max_cwnd > sn->cwnd) {
			sn->K = cbrt((double)(sn->last_max_cwnd - sn->cwnd) / CUBIC_C);
			sn->origin_point = sn->last_max_cwnd;
		} else {
			sn->K = 0;
			sn->origin_point = sn->cwnd;
		}
	}
	t = (double)(h->sim->now - sn->epoch_start + sn->min_rtt) / (double)SIM_S;
	d = t - sn->K;
	target = sn->origin_point + CUBIC_C * d * d * d;
	if (target > sn->cwnd) {
		double cnt = sn->cwnd / (target - sn->cwnd);

		return cnt < 1 ? 1 : (uint32_t)cnt;
	}
	return 100 * sn->cwnd;
}

/* tcp_cong_avoid(): slow start then additive (Reno) or cubic increase. */
static void cong_avoid(struct host *h, struct tcp_sock *tp, uint32_t acked, int cc)
{
	struct tcp_sender *sn = &tp->snd;
	uint32_t cnt;

	if (sn->cwnd < sn->ssthresh) {
		/* tcp_slow_start() */
		uint32_t w = sn->cwnd + acked;

		if (w > sn->ssthresh)
			w = sn->ssthresh;
		acked -= w - sn->cwnd;
		sn->cwnd = w;
		if (!acked)
			return;
	}
	cnt = cc == TCP_CC_CUBIC ? cubic_cnt(h, tp) : sn->cwnd;
	/* tcp_cong_avoid_ai() */
	sn->cwnd_cnt += acked;
	if (sn->cwnd_cnt >= cnt) {
		sn->cwnd += sn->cwnd_cnt / cnt;
		sn->cwnd_cnt %= cnt;
	}
}

/* tcp_ack() for one ACK arriving now. */
static void ack_rcv(struct host *h, struct tcp_sock *tp, const struct tcp_ack_rec *a)
{
	struct tcp_sender *sn = &tp->snd;
	int cc = src_cfg(h, tp)->cc;
	uint32_t prior_in_flight = sn->snd_nxt - sn->snd_una;
	uint32_t prior_wnd = sn->snd_wnd, prior_sacked = sn->sacked_out;
	int b;

	if ((int32_t)(a->ack - sn->snd_max) > 0 || (int32_t)(a->ack - sn->snd_una) < 0)
		return;		/* old or impossible: ignored */
	sn->snd_wnd = a->wnd;	/* tcp_ack_update_window() */
	if (a->ack != sn->snd_una) {
		uint32_t acked = a->ack - sn->snd_una, old_una = sn->snd_una;
		uint32_t segs = (acked + sn->mss - 1) / sn->mss;
		/* tcp_is_cwnd_limited(): grow only while the window is used */
		bool cwnd_limited = sn->cwnd < sn->ssthresh ?
				    2 * (uint64_t)prior_in_flight >= (uint64_t)sn->cwnd * sn->mss :
				    (uint64_t)prior_in_flight + sn->mss >= (uint64_t)sn->cwnd * sn->mss;

		if (a->tsecr)
			rtt_sample(sn, h->sim->now - a->tsecr);
		sn->snd_una = a->ack;
		sb_clear_below(sn, old_una);
		if ((int32_t)(sn->snd_nxt - sn->snd_una) < 0)
			sn->snd_nxt = sn->snd_una;
		if ((int32_t)(sn->high_rxt - sn->snd_una) < 0)
			sn->high_rxt = sn->snd_una;
		if ((int32_t)(sn->highest_sack - sn->snd_una) < 0)
			sn->highest_sack = sn->snd_una;
		sn->dupacks = 0;
		sn->backoff = 0;
		if (sn->in_recovery) {
			if ((int32_t)(a->ack - sn->recover) >= 0) {
				sn->in_recovery = false;
				sn->cwnd = sn->ssthresh;	/* tcp_end_cwnd_reduction */
			}
		} else if (cwnd_limited) {
			cong_avoid(h, tp, segs, cc);
		}
		sim_cancel(h->sim, &sn->rto_ev);
		sn->zero_window = false;
	} else if (sn->snd_nxt != sn->snd_una && a->wnd == prior_wnd && !a->resp) {
		sn->dupacks++;	/* no progress, same window, no data (tcp_ack: FLAG_DATA) */
	}
	for (b = 0; b < 2; b++)
		sb_mark(sn, a->sack[b][0], a->sack[b][1]);
	/* tcp_time_to_recover(): three duplicate ACKs or three segments SACKed */
	if (!sn->in_recovery && sn->snd_una != sn->snd_max &&
	    (sn->dupacks >= TCP_FASTRETRANS_THRESH ||
	     (sn->sacked_out >= TCP_REORDERING && sn->sacked_out > prior_sacked))) {
		on_loss(tp, cc);
		sn->cwnd = sn->ssthresh;
		sn->in_recovery = true;
		sn->recover = sn->snd_max;
		sn->high_rxt = sn->snd_una;
		sn->fast_retrans++;
		sb_fit(sn);
		if (!sn->sacked_out) {
			/* no SACK information: the head is lost (NewReno) */
			sn->retrans++;
			xmit(h, tp, sn->snd_una, sn->mss);
			sn->high_rxt = sn->snd_una + sn->mss;
		}
		sim_cancel(h->sim, &sn->rto_ev);
	}
	if (a->resp)
		tcp_rr_reply_in(h, tp);
	write_xmit(h, tp);
}

static void ack_fn(struct sim *sim, struct sim_event *ev)
{
	struct tcp_sock *tp = of_ev(ev, offsetof(struct tcp_sock, snd.ack_ev));
	struct tcp_sender *sn = &tp->snd;
	struct host *h = sim_host(sim);
	struct tcp_ack_rec a;

	while (sn->pipe_len && sn->pipe[sn->pipe_head].t <= sim->now) {
		a = sn->pipe[sn->pipe_head];
		sn->pipe_head = (sn->pipe_head + 1) % sn->pipe_cap;
		sn->pipe_len--;
		ack_rcv(h, tp, &a);
	}
	if (sn->pipe_len)
		sim_schedule(sim, ev, sn->pipe[sn->pipe_head].t);
}

/* tcp_retransmit_timer() / tcp_probe_timer(). */
static void rto_fn(struct sim *sim, struct sim_event *ev)
{
	struct tcp_sock *tp = of_ev(ev, offsetof(struct tcp_sock, snd.rto_ev));
	struct tcp_sender *sn = &tp->snd;
	struct host *h = sim_host(sim);

	if (sn->zero_window && sn->snd_una == sn->snd_nxt) {
		/* tcp_send_probe0(): a zero-length probe below snd_una asks
		 * for the window; backoff doubles the interval */
		sn->probes++;
		xmit(h, tp, sn->snd_una - 1, 0);
		if (sn->backoff < 15)
			sn->backoff++;
		rto_arm(h, tp);
		return;
	}
	if (sn->snd_una == sn->snd_max)
		return;
	sn->timeouts++;
	/* tcp_enter_loss(): everything in flight is presumed lost */
	on_loss(tp, src_cfg(h, tp)->cc);
	sn->cwnd = 1;
	sn->in_recovery = false;
	sn->dupacks = 0;
	sn->snd_nxt = sn->snd_una;
	sb_reset(sn);
	if (sn->backoff < 15)
		sn->backoff++;
	write_xmit(h, tp);
	if (!sim_event_pending(&sn->rto_ev))
		rto_arm(h, tp);
}

static void app_fn(struct sim *sim, struct sim_event *ev)
{
	struct tcp_sock *tp = of_ev(ev, offsetof(struct tcp_sock, snd.app_ev));

	if (tp->snd.rr && !tp->snd.req_out) {
		if (stopped(sim_host(sim), tp))
			return;
		tcp_rr_write(sim_host(sim), tp);
	}
	write_xmit(sim_host(sim), tp);
}

void tcp_sender_ack_in(struct host *h, struct tcp_sock *tp, const struct tcp_ack_rec *a)
{
	struct tcp_sender *sn = &tp->snd;

	if (sn->pipe_len == sn->pipe_cap) {
		/* grows to the ACKs one RTT holds, then stays */
		uint32_t cap = sn->pipe_cap ? 2 * sn->pipe_cap : 16, i;
		struct tcp_ack_rec *n = sim_xrealloc(NULL, cap, sizeof(*n), "the ACKs in flight");

		for (i = 0; i < sn->pipe_len; i++)
			n[i] = sn->pipe[(sn->pipe_head + i) % sn->pipe_cap];
		free(sn->pipe);
		sn->pipe = n;
		sn->pipe_cap = cap;
		sn->pipe_head = 0;
	}
	sn->pipe[(sn->pipe_head + sn->pipe_len) % sn->pipe_cap] = *a;
	/* one path, first in first out: an ACK sent after a reply is behind its
	 * last frame */
	if (sn->pipe_len) {
		struct tcp_ack_rec *prev = &sn->pipe[(sn->pipe_head + sn->pipe_len - 1) %
						     sn->pipe_cap];

		if (prev->t > a->t)
			sn->pipe[(sn->pipe_head + sn->pipe_len) % sn->pipe_cap].t = prev->t;
	}
	sn->pipe_len++;
	if (!sim_event_pending(&sn->ack_ev))
		sim_schedule(h->sim, &sn->ack_ev, a->t);
}

void tcp_sender_init(struct host *h, struct tcp_sock *tp, const struct traffic_cfg *cfg)
{
	struct tcp_sender *sn = &tp->snd;

	sn->iss = 0;
	sn->snd_una = sn->snd_nxt = sn->snd_max = sn->iss;
	/* the segment size: full mss, or one message per segment (TCP_NODELAY) */
	sn->mss = (uint32_t)(cfg->message > 0 && cfg->message < cfg->mss ? cfg->message : cfg->mss);
	sn->cwnd = (uint32_t)cfg->init_cwnd;
	sn->ssthresh = 0x7fffffff;	/* TCP_INFINITE_SSTHRESH */
	/* the SYN-ACK's window field is not scaled */
	sn->snd_wnd = tp->rcv_wnd < 65535 ? tp->rcv_wnd : 65535;
	sn->max_window = sn->snd_wnd;
	sn->pushed_seq = sn->iss;
	/* rate-limited writers do not start in step: connection k is k/flows of
	 * a message period ahead (a golden-ratio spread of the phases) */
	if (cfg->send_rate > 0) {
		sim_time_t period = (sim_time_t)((unsigned __int128)sn->mss * 8 * SIM_S /
						 (uint64_t)cfg->send_rate);
		uint32_t frac = tp->flow * 2654435761u;

		sn->phase = (sim_time_t)((unsigned __int128)period * frac >> 32);
	}
	/* the handshake gave the first RTT sample */
	rtt_sample(sn, cfg->rtt);
	sn->rtt_samples = 0;
	sn->rtt_sum = 0;
	if (cfg->pattern == TCP_PAT_RR)
		tcp_rr_init(h, tp, cfg);
	sim_event_init(&sn->rto_ev, rto_fn, PRIO_TRAFFIC);
	sim_event_init(&sn->app_ev, app_fn, PRIO_TRAFFIC);
	sim_event_init(&sn->ack_ev, ack_fn, PRIO_TRAFFIC);
}

void tcp_sender_start(struct host *h, struct tcp_sock *tp)
{
	tcp__resched(h->sim, &tp->snd.app_ev, src_cfg(h, tp)->start);
}

sim_time_t tcp_sender_rwnd_limited(const struct host *h, const struct tcp_sock *tp)
{
	const struct tcp_sender *sn = &tp->snd;

	return sn->rwnd_limited_ps + (sn->rwnd_limited ? h->sim->now - sn->chrono_start : 0);
}

void tcp_sender_free(struct tcp_sock *tp)
{
	free(tp->snd.pipe);
	tp->snd.pipe = NULL;
	free(tp->snd.sb);
	tp->snd.sb = NULL;
}
