/* SPDX-License-Identifier: MIT */
/*
 * tcp_rr.c - request/response connections (netperf TCP_RR): the remote
 * application writes a request, waits for the host application's reply,
 * thinks for a time drawn from its law, and writes the next one.
 *
 * Sizes and think times are drawn from their laws on the connection's own
 * stream, the reply's size with its request.
 *
 * The request goes out as the sender sends any data (tcp_write_xmit, Nagle
 * for a partial last segment); the host's reader serves it once it has read
 * it whole (its framing is the application's: the connection knows where
 * the request ends); the reply then leaves through the host (models/tcp_app.c
 * charges its send on the reader's CPU, tcp_send_reply carries the ACK) and
 * reaches the client one base RTT later (the whole RTT sits on the return
 * path, as tcp_sender.c says), its frames serialised at the link's speed.
 * The client's ACK of the reply is not simulated: with one request in
 * flight it rides on the next request (or on a delayed ACK the host's
 * receive path never sees).
 *
 * Latency is request written -> reply whole at the client: the base RTT,
 * both wire times, the host's receive path, the reader's service and the
 * reply's send.
 */
#include <math.h>

#include "rxsim/host.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

static const struct traffic_cfg *cfg_of(const struct host *h, const struct tcp_sock *tp)
{
	return h->srcs[tp->src].gen.cfg;
}

void tcp_rr_init(struct host *h, struct tcp_sock *tp, const struct traffic_cfg *cfg)
{
	struct tcp_sender *sn = &tp->snd;

	sn->rr = true;
	rng_streamf(&sn->rr_rng, h->sim->seed, "tcp/%s/%u/think", cfg->name, tp->flow);
}

/* A message size drawn from its law. */
static uint32_t msg_draw(const struct msg_size *m, struct rng *r)
{
	double v;

	switch (m->kind) {
	case MSIZE_UNIFORM:
		return (uint32_t)(m->lo + (int64_t)(rng_u64(r) % (uint64_t)(m->hi - m->lo + 1)));
	case MSIZE_EXP:
		v = llround(-(double)m->mean * log(1.0 - rng_unit(r)));
		return v < 1 ? 1 : v > (double)UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	default:
		return (uint32_t)m->lo;
	}
}

void tcp_rr_write(struct host *h, struct tcp_sock *tp)
{
	const struct traffic_cfg *cfg = cfg_of(h, tp);
	struct tcp_sender *sn = &tp->snd;

	sn->app_limit += msg_draw(&cfg->parsed.req, &sn->rr_rng);
	/* the reply this request asks for */
	tp->rr_reply_bytes = msg_draw(&cfg->parsed.resp, &sn->rr_rng);
	sn->req_out = true;
	sn->req_sent = h->sim->now;
	/* the host application reads up to here, then answers */
	tp->rr_req_end = (uint32_t)sn->app_limit;
	tp->rr_unanswered = true;
}

uint32_t tcp_rr_reply_size(const struct host *h, const struct tcp_sock *tp)
{
	(void)h;
	return tp->rr_reply_bytes;
}

void tcp_rr_reply_in(struct host *h, struct tcp_sock *tp)
{
	const struct traffic_cfg *cfg = cfg_of(h, tp);
	struct tcp_sender *sn = &tp->snd;
	sim_time_t lat = h->sim->now - sn->req_sent, think = 0;

	if (!sn->req_out)
		return;
	sn->req_out = false;
	sn->transactions++;
	sn->rr_lat_sum += lat;
	if (lat > sn->rr_lat_max)
		sn->rr_lat_max = lat;
	if (tp->th->rr_lat)
		hist_record(tp->th->rr_lat, lat);
	if (cfg->parsed.has_think)
		think = traffic__tdist_draw(&cfg->parsed.think, &sn->rr_rng);
	tcp__resched(h->sim, &sn->app_ev, h->sim->now + think);
}
