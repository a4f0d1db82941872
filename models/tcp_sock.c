/* SPDX-License-Identifier: MIT */
/*
 * tcp_sock.c - TCP connections as the receiving host holds them: set-up
 * (listeners by port with their SO_REUSEPORT groups, one tcp_sock per flow
 * of a tcp traffic source, all allocated once), the window arithmetic of
 * include/net/tcp.h and tcp_output.c, and the conservation of segments and
 * bytes.
 *
 * Window rules (kernel-rx-path.md section 12):
 * - tcp_win_from_space(): from 6.6 (commit dfa2f0483360, "tcp: get rid of
 *   sysctl_tcp_adv_win_scale") space * scaling_ratio >> 8, the ratio
 *   measured on the first full segment (tcp_measure_rcv_mss); before, the
 *   fixed share of net.ipv4.tcp_adv_win_scale (1: half).
 * - tcp_select_initial_window(): the clamp, the first window rounded down
 *   to advmss, the window scale from max(tcp_rmem[2], rmem_max).
 * - __tcp_select_window() and tcp_select_window(): the offered window, its
 *   rounding to the scale, zero window, never shrinking.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/log2.h"
#include "rxsim/sock.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

#define TCP_MAX_WSCALE 14

int64_t tcp_win_from_space(int kver, uint8_t ratio, int adv_win_scale, int64_t space)
{
	if (kver >= KVER(6, 6)) {
		int64_t scaled = space * ratio;

		/* an arithmetic shift: a negative space floors */
		return scaled >= 0 ? scaled >> TCP_RMEM_TO_WIN_SCALE :
				     -((-scaled + 255) >> TCP_RMEM_TO_WIN_SCALE);
	}
	if (adv_win_scale <= 0)
		return space >> -adv_win_scale;
	return space - (space >> adv_win_scale);
}

int64_t tcp_space_from_win(int kver, uint8_t ratio, int adv_win_scale, int64_t win)
{
	if (kver >= KVER(6, 6))
		return (win << TCP_RMEM_TO_WIN_SCALE) / (ratio ? ratio : 1);
	if (adv_win_scale <= 0)
		return win << -adv_win_scale;
	return win * (1LL << adv_win_scale) / ((1LL << adv_win_scale) - 1);
}

static int64_t win(const struct host *h, const struct tcp_sock *tp, int64_t space)
{
	return tcp_win_from_space(h->kver, tp->scaling_ratio,
				  (int)h->sc->host.sysctl.tcp_adv_win_scale, space);
}

/* __tcp_select_window() (tcp_output.c), without MPTCP and with
 * net.ipv4.tcp_shrink_window = 0. */
uint32_t tcp__select_window(const struct host *h, struct tcp_sock *tp)
{
	int64_t mss = tp->rcv_mss;
	int64_t free_space = win(h, tp, tp->sk_rcvbuf - tp->backlog_len - tp->sk_rmem_alloc);
	int64_t allowed_space = win(h, tp, tp->sk_rcvbuf);
	int64_t full_space = tp->window_clamp < allowed_space ? tp->window_clamp : allowed_space;
	int64_t window;

	if (mss > full_space) {
		mss = full_space;
		if (mss <= 0)
			return 0;
	}
	if (free_space < (full_space >> 1)) {
		tp->quick = 0;
		if (tp->th->memory_pressure && tp->rcv_ssthresh > 4 * tp->advmss)
			tp->rcv_ssthresh = 4 * tp->advmss;	/* tcp_adjust_rcv_ssthresh */
		/* the new window must not grow by the scale's rounding */
		if (free_space > 0)
			free_space &= ~(((int64_t)1 << tp->rcv_wscale) - 1);
		if (free_space < (allowed_space >> 4) || free_space < mss)
			return 0;
	}
	if (free_space > tp->rcv_ssthresh)
		free_space = tp->rcv_ssthresh;
	if (tp->rcv_wscale) {
		int64_t unit = (int64_t)1 << tp->rcv_wscale;

		window = (free_space + unit - 1) & ~(unit - 1);
	} else {
		window = tp->rcv_wnd;
		/* the largest window that is a nice multiple of mss */
		if (window <= free_space - mss || window > free_space)
			window = free_space / mss * mss;
		else if (mss == full_space && free_space > window + (full_space >> 1))
			window = free_space;
	}
	return (uint32_t)window;
}

/* tcp_select_window(): the window the next ACK announces, in bytes. */
uint32_t tcp_select_window(struct host *h, struct tcp_sock *tp)
{
	uint32_t old_win = tp->rcv_wnd;
	uint32_t cur_win = tcp_receive_window(tp);
	uint32_t new_win = tcp__select_window(h, tp);
	uint32_t unit = 1u << tp->rcv_wscale;

	if (new_win < cur_win) {
		/* never shrink: announce what remains, rounded up to the scale */
		if (new_win == 0)
			tp->th->ext.TCPWantZeroWindowAdv++;
		new_win = (cur_win + unit - 1) & ~(unit - 1);
	}
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	if (new_win > (65535u << tp->rcv_wscale))
		new_win = 65535u << tp->rcv_wscale;
	new_win >>= tp->rcv_wscale;
	if (new_win == 0) {
		if (old_win)
			tp->th->ext.TCPToZeroWindowAdv++;
	} else if (old_win == 0) {
		tp->th->ext.TCPFromZeroWindowAdv++;
	}
	if (tp->rcv_wnd > tp->max_rcv_wnd)
		tp->max_rcv_wnd = tp->rcv_wnd;
	return new_win << tp->rcv_wscale;
}

/* tcp_select_initial_window() (tcp_output.c) and tcp_init_buffer_space()
 * (tcp_input.c) for a connection accepted on its listener. */
void tcp_sock_init_window(struct host *h, struct tcp_sock *tp)
{
	const struct sysctl_cfg *s = &h->sc->host.sysctl;
	int64_t space, clamp, rcv_wnd, ws_space;

	if (tp->cfg->rcvbuf >= 0) {
		/* SO_RCVBUF on the listener: SOCK_RCVBUF_LOCK, no autotuning */
		tp->sk_rcvbuf = sock_rcvbuf_from_setsockopt(tp->cfg->rcvbuf, tp->cfg->rcvbuf_force,
							    s->rmem_max);
		tp->rcvbuf_locked = true;
	} else {
		tp->sk_rcvbuf = s->tcp_rmem_v[1];
	}
	tp->sk_sndbuf = s->tcp_wmem_v[1];
	tp->scaling_ratio = TCP_DEFAULT_SCALING_RATIO;
	space = win(h, tp, tp->sk_rcvbuf);	/* tcp_full_space() */
	clamp = tp->rcvbuf_locked ? space : (int64_t)65535 << TCP_MAX_WSCALE;
	if (space > clamp)
		space = clamp;
	if (space > tp->advmss)
		space = space / tp->advmss * tp->advmss;
	rcv_wnd = space;
	/* the scale covers the largest buffer autotuning or SO_RCVBUF could reach */
	ws_space = space;
	if (ws_space < s->tcp_rmem_v[2])
		ws_space = s->tcp_rmem_v[2];
	if (ws_space < s->rmem_max)
		ws_space = s->rmem_max;
	if (ws_space > clamp)
		ws_space = clamp;
	{
		int ws = (int)ilog2((uint64_t)ws_space) - 15;

		tp->rcv_wscale = (uint8_t)(ws < 0 ? 0 : ws > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : ws);
	}
	if (clamp > ((int64_t)65535 << tp->rcv_wscale))
		clamp = (int64_t)65535 << tp->rcv_wscale;
	tp->window_clamp = (uint32_t)clamp;
	tp->rcv_wnd = (uint32_t)rcv_wnd;
	tp->rcv_ssthresh = tp->rcv_wnd < tp->window_clamp ? tp->rcv_wnd : tp->window_clamp;
	/* tcp_init_buffer_space(): rcvq_space.space = min3(ssthresh, wnd, 10 * advmss) */
	tp->rcvq_space = tp->rcv_ssthresh;
	if (tp->rcvq_space > tp->rcv_wnd)
		tp->rcvq_space = tp->rcv_wnd;
	if (tp->rcvq_space > 10 * tp->advmss)
		tp->rcvq_space = 10 * tp->advmss;
	/* tcp_initialize_rcv_mss(): min(advmss, rcv_wnd / 2, TCP_MSS_DEFAULT) */
	tp->rcv_mss = TCP_MIN_MSS;
	if (tp->rcv_mss > tp->advmss)
		tp->rcv_mss = tp->advmss;
	tp->max_rcv_wnd = tp->rcv_wnd;
}

struct tcp_sock *tcp_lookup(struct host *h, const struct packet *p)
{
	struct tcp_host *th = h->tcp;
	int32_t first;

	if (!th || p->src >= (uint32_t)h->nsrcs)
		return NULL;
	first = th->src_conn[p->src];
	if (first < 0)
		return NULL;
	/* a flow is a 4-tuple: its connection is found as __inet_lookup_established
	 * would, here by its index */
	return th->conns[first + p->flow].listener >= 0 ? &th->conns[first + p->flow] : NULL;
}

static bool uses_tcp(const struct scenario *sc)
{
	uint32_t i;

	for (i = 0; i < sc->n_sockets; i++)
		if (sc->sockets[i].proto == SPROTO_TCP)
			return true;
	for (i = 0; i < sc->n_traffic; i++)
		if (sc->traffic[i].tcp_sender)
			return true;
	return false;
}

/* The listener a connection to @dport is accepted on: the SO_REUSEPORT
 * member picked by a hash of the 4-tuple (reuseport_select_sock's
 * reciprocal_scale over the group). */
static int pick_listener(struct tcp_host *th, uint16_t dport, uint32_t hash)
{
	int first = th->port_listener[dport], n = 0, i, pick;

	if (first < 0)
		return -1;
	for (i = first; i >= 0; i = th->listener_next[i])
		n++;
	pick = (int)(((uint64_t)hash * (uint64_t)n) >> 32);
	for (i = first; pick--; i = th->listener_next[i])
		;
	return i;
}

int tcp_setup(struct host *h, char *msg, size_t len)
{
	const struct scenario *sc = h->sc;
	struct tcp_host *th;
	uint32_t i, n = 0, k;
	int s;

	if (!uses_tcp(sc))
		return 0;
	th = calloc(1, sizeof(*th));
	if (!th)
		return -1;
	h->tcp = th;
	th->h = h;
	memcpy(th->tcp_rmem, sc->host.sysctl.tcp_rmem_v, sizeof(th->tcp_rmem));
	memcpy(th->tcp_wmem, sc->host.sysctl.tcp_wmem_v, sizeof(th->tcp_wmem));
	memcpy(th->tcp_mem, sc->host.sysctl.tcp_mem_v, sizeof(th->tcp_mem));
	th->port_listener = malloc(65536 * sizeof(*th->port_listener));
	th->listener_next = malloc((sc->n_sockets ? sc->n_sockets : 1) *
				   sizeof(*th->listener_next));
	th->src_conn = malloc((h->nsrcs ? (size_t)h->nsrcs : 1) * sizeof(*th->src_conn));
	if (!th->port_listener || !th->listener_next || !th->src_conn)
		return -1;
	for (i = 0; i < 65536; i++)
		th->port_listener[i] = -1;
	for (i = 0; i < sc->n_sockets; i++) {
		int16_t *pp = &th->port_listener[sc->sockets[i].port];

		th->listener_next[i] = -1;
		if (sc->sockets[i].proto != SPROTO_TCP)
			continue;
		while (*pp >= 0)
			pp = &th->listener_next[*pp];
		*pp = (int16_t)i;
	}
	for (s = 0; s < h->nsrcs; s++) {
		const struct traffic_cfg *cfg = &sc->traffic[s];

		th->src_conn[s] = -1;
		if (!cfg->tcp_sender || !h->srcs[s].set_up)
			continue;
		th->src_conn[s] = (int32_t)n;
		n += h->srcs[s].gen.flows;
		if (cfg->pattern == TCP_PAT_RR && !th->rr_lat) {
			th->rr_lat = malloc(sizeof(*th->rr_lat));
			if (!th->rr_lat)
				return -1;
			hist_init(th->rr_lat);
		}
	}
	th->nconns = n;
	th->conns = calloc(n ? n : 1, sizeof(*th->conns));
	if (!th->conns)
		return -1;
	for (s = 0; s < h->nsrcs; s++) {
		struct traffic_src *src = &h->srcs[s];

		if (th->src_conn[s] < 0)
			continue;
		for (k = 0; k < src->gen.flows; k++) {
			struct tcp_sock *tp = &th->conns[th->src_conn[s] + (int32_t)k];

			tp->th = th;
			tp->index = (uint32_t)(th->src_conn[s] + (int32_t)k);
			tp->src = (uint16_t)s;
			tp->flow = k;
			traffic_flow_tuple(&src->gen, k, &tp->tuple);
			tp->hash = src->flow_hash ? src->flow_hash[k] : k * 2654435761u;
			tp->listener = pick_listener(th, tp->tuple.dport, tp->hash);
			pktq_init(&tp->rcvq);
			pktq_init(&tp->ofoq);
			pktq_init(&tp->backlog);
			if (tp->listener < 0) {
				/* the SYN finds no listener: a RST, the connect fails */
				th->mib.AttemptFails++;
				continue;
			}
			tp->cfg = &sc->sockets[tp->listener];
			tp->advmss = (uint32_t)src->gen.cfg->mss;
			tp->rcvlowat = tp->cfg->rcvlowat;
			tcp_sock_init_window(h, tp);
			tcp_sender_init(h, tp, src->gen.cfg);
			/* the receiver's RTT estimate (tcp_rcv_rtt_measure_ts, from the
			 * timestamps the sender echoes) is taken as the base RTT */
			tp->rcv_rtt = src->gen.cfg->rtt;
			tcp__input_init(h, tp);
			th->mib.PassiveOpens++;
			th->mib.CurrEstab++;
		}
	}
	if (tcp_timers_setup(h, th) || tcp_readers_setup(h, th)) {
		snprintf(msg, len, "out of memory building the TCP readers");
		return -1;
	}
	return 0;
}

void tcp_start(struct host *h)
{
	struct tcp_host *th = h->tcp;
	uint32_t i;

	if (!th)
		return;
	for (i = 0; i < th->nconns; i++)
		if (th->conns[i].listener >= 0)
			tcp_sender_start(h, &th->conns[i]);
	tcp_readers_start(h, th);
}

void tcp_teardown(struct host *h)
{
	struct tcp_host *th = h->tcp;
	uint32_t i;

	if (!th)
		return;
	for (i = 0; th->conns && i < th->nconns; i++)
		tcp_sender_free(&th->conns[i]);
	for (i = 0; th->readers && i < th->nreaders; i++)
		free(th->readers[i].socks);
	free(th->readers);
	free(th->timer_cpus);
	free(th->rr_lat);
	free(th->conns);
	free(th->port_listener);
	free(th->listener_next);
	free(th->src_conn);
	free(th);
	h->tcp = NULL;
}

uint64_t tcp_in_flight(const struct host *h)
{
	const struct tcp_host *th = h->tcp;
	uint64_t n = 0;
	uint32_t i;

	if (!th)
		return 0;
	for (i = 0; i < th->nconns; i++)
		n += th->conns[i].rcvq.len + th->conns[i].ofoq.len + th->conns[i].backlog.len;
	return n;
}

uint64_t tcp_segments_in(const struct host *h)
{
	return h->tcp ? h->tcp->rcvd : 0;
}

#define FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return -1; } while (0)

int tcp_check_conservation(const struct host *h, char *msg, size_t len)
{
	const struct tcp_host *th = h->tcp;
	uint64_t drops = 0;
	uint32_t i;
	int d;

	if (!th)
		return 0;
	for (d = DROP_TCP_FIRST; d < DROP__N; d++)
		drops += h->drops[d];
	if (th->rcvd != drops + th->read_segs + tcp_in_flight(h))
		FAIL("tcp: segments received %" PRIu64 " != dropped %" PRIu64 " + read %" PRIu64
		     " + queued %" PRIu64, th->rcvd, drops, th->read_segs, tcp_in_flight(h));
	for (i = 0; i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];
		uint64_t queued = 0;
		const struct packet *p;

		if (tp->listener < 0)
			continue;
		for (p = tp->rcvq.head; p; p = p->next)
			queued += p->payload;
		queued -= tp->head_off;
		/* bytes: what the receiver acknowledged was read or is queued */
		if ((uint32_t)(tp->rcv_nxt - tp->irs) != (uint32_t)(tp->bytes_read + queued))
			FAIL("tcp connection %u: rcv_nxt - irs %u != bytes read %" PRIu64
			     " + queued %" PRIu64, i, tp->rcv_nxt - tp->irs, tp->bytes_read, queued);
		if ((uint32_t)(tp->copied_seq - tp->irs) != (uint32_t)tp->bytes_read)
			FAIL("tcp connection %u: copied_seq - irs %u != bytes read %" PRIu64, i,
			     tp->copied_seq - tp->irs, tp->bytes_read);
		/* the sender never has more acknowledged than the receiver took */
		if ((int32_t)(tp->snd.snd_una - tp->rcv_nxt) > 0)
			FAIL("tcp connection %u: snd_una %u beyond rcv_nxt %u", i, tp->snd.snd_una,
			     tp->rcv_nxt);
	}
	return 0;
}
