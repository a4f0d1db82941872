/* SPDX-License-Identifier: MIT */
/*
 * traffic_gen.c - a source as a pure generator: packets in time order,
 * from an arrival law, a size law and a flow choice, or from a trace.
 *
 * Trains: an arrival of a source with train N > 1 is N frames back to back
 * at the NIC's line rate (each frame plus preamble and inter-frame gap), as
 * a sender's NIC bursts a TSO segment or a batch of sendmmsg; the next
 * train starts at the law's next arrival or, if the train is still going,
 * right after it (a sender cannot overlap its own frames).
 *
 * Replay: times are the trace's since its first record, shifted to start at
 * `start`, divided by `speed` (an exact integer ratio, in millionths), or
 * replaced by a constant `rate` (as tcpreplay --pps does).  `from`/`to` cut
 * a window of trace time, and `loop` passes over the trace: each pass
 * begins one mean inter-packet gap after the previous pass's last packet.
 */
#include <stdio.h>
#include <string.h>

#include "rxsim/ip_frag.h"
#include "rxsim/traffic.h"
#include "rxsim/units.h"

#define PS_MPPS		1000000000000000ULL
#define PREAMBLE_SFD	8
#define IFG		12

sim_time_t traffic_wire_time(int64_t line_bps, uint32_t size, uint64_t *rem)
{
	uint64_t num = (uint64_t)(size + PREAMBLE_SFD + IFG) * 8 * (uint64_t)SIM_S + *rem;

	*rem = num % (uint64_t)line_bps;
	return (sim_time_t)(num / (uint64_t)line_bps);
}

/* FNV-1a over bytes: a replayed packet's stand-in flow index */
static uint32_t tuple_hash(const struct flow_tuple *t)
{
	const unsigned char *b = (const unsigned char *)t;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(*t); i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	return h;
}

const char *traffic_gen_law(const struct traffic_gen *g)
{
	return g->replay ? "replay" : g->law->name;
}

static int setup_law(struct traffic_gen *g)
{
	const struct traffic_cfg *c = g->cfg;
	uint32_t i;

	g->law = &traffic__laws[c->arrival];
	g->rate = c->rate;
	g->unit = (uint64_t)c->train;
	if (g->rate > 0) {
		g->gap_q = PS_MPPS * g->unit / (uint64_t)g->rate;
		g->gap_r = PS_MPPS * g->unit % (uint64_t)g->rate;
	}
	g->ramp = c->ramp;
	if (c->parsed.has_profile)
		g->prof = c->parsed.prof;
	g->on_d = c->parsed.on;
	g->off_d = c->parsed.off;
	if (c->arrival == ARR_MMPP) {
		g->nstates = c->parsed.nstates;
		for (i = 0; i < g->nstates; i++) {
			g->mm_rate[i] = c->parsed.mm_rate[i];
			g->mm_dwell[i] = c->parsed.mm_dwell[i];
		}
		for (i = 0; i < g->nstates; i++)
			if (g->mm_dwell[i] < 1)
				g->mm_dwell[i] = 1;
	}
	return 0;
}

int traffic_gen_init(struct traffic_gen *g, const struct traffic_cfg *cfg, int index,
		     uint64_t seed, int64_t line_bps, sim_time_t run_end)
{
	return traffic_gen_init_stop(g, cfg, index, seed, line_bps, run_end, NULL);
}

int traffic_gen_init_stop(struct traffic_gen *g, const struct traffic_cfg *cfg, int index,
			  uint64_t seed, int64_t line_bps, sim_time_t run_end,
			  volatile sig_atomic_t *stop)
{
	memset(g, 0, sizeof(*g));
	g->stop_flag = stop;
	g->cfg = cfg;
	g->index = index;
	g->line_bps = line_bps > 0 ? line_bps : 10000000000LL;
	g->start = cfg->start;
	g->stop = cfg->stop >= 0 && cfg->stop < run_end ? cfg->stop : run_end;
	g->replay = traffic_is_replay(cfg);
	rng_streamf(&g->arr_rng, seed, "traffic/%d/%s/arrival", index, cfg->name);
	rng_streamf(&g->size_rng, seed, "traffic/%d/%s/size", index, cfg->name);
	rng_streamf(&g->flow_rng, seed, "traffic/%d/%s/flow", index, cfg->name);
	rng_streamf(&g->state_rng, seed, "traffic/%d/%s/state", index, cfg->name);
	if (g->replay) {
		struct replay_state *rp = &g->rp;

		rp->speed_ppm = cfg->parsed.speed_ppm;
		rp->rate = cfg->replay.rate;
		rp->loops = cfg->replay.loop;
		rp->from = cfg->replay.from;
		rp->to = cfg->replay.to;
		rp->base = g->start;
		rp->t_rate = g->start;
		g->done = true;		/* until a trace is attached */
		return 0;
	}
	setup_law(g);
	if (traffic__size_init(g) || traffic__flow_init(g)) {
		if (stop && *stop)
			snprintf(g->err, sizeof(g->err), "interrupted");
		else
			snprintf(g->err, sizeof(g->err), "out of memory building the tables of "
				 "traffic source %d (%lld flows)", index, (long long)cfg->flows);
		traffic_gen_free(g);
		return -1;
	}
	g->train_start = g->start < g->stop ? g->law->first(g) : SIM_TIME_MAX;
	g->train_left = g->unit;
	g->t_next = g->train_start;
	return 0;
}

void traffic_gen_attach(struct traffic_gen *g, const struct pkt_source *src)
{
	g->rp.src = *src;
	g->rp.attached = true;
	g->done = g->start >= g->stop;
}

void traffic_gen_free(struct traffic_gen *g)
{
	alias_free(&g->size_alias);
	alias_free(&g->flow_alias);
	if (g->rp.attached && g->rp.src.ops) {
		g->rp.src.ops->close(g->rp.src.ctx);
		g->rp.attached = false;
		g->rp.src.ops = NULL;
	}
}

static int synthetic_next(struct traffic_gen *g, struct traffic_pkt *out)
{
	sim_time_t t = g->t_next, next;
	uint32_t flow;

	if (t >= g->stop) {
		g->done = true;
		return 0;
	}
	out->t = t;
	out->size = g->size_law->draw(g);
	if (!g->weighted) {
		flow = (uint32_t)g->next_flow;	/* round robin, without a division */
		if (++g->next_flow == g->flows)
			g->next_flow = 0;
	} else {
		flow = alias_draw(&g->flow_alias, &g->flow_rng);
	}
	out->flow = flow;
	/* a single flow (a flood) or a train repeats the tuple: build it once */
	if (!g->have_last || flow != g->last_flow) {
		traffic_flow_tuple(g, flow, &g->last_tuple);
		g->last_flow = flow;
		g->have_last = true;
	}
	out->tuple = g->last_tuple;

	if (g->unit > 1 && g->train_left > 1) {
		g->train_left--;
		g->t_next = t + traffic_wire_time(g->line_bps, out->size, &g->wire_rem);
		return 1;
	}
	next = g->law->next(g, g->train_start);
	if (g->unit > 1) {
		sim_time_t end = t + traffic_wire_time(g->line_bps, out->size, &g->wire_rem);

		if (next < end)
			next = end;
		g->wire_rem = 0;
	}
	g->train_start = next;
	g->train_left = g->unit;
	g->t_next = next;
	return 1;
}

/* (trace time since `from`) * 1e6 / speed, in 128 bits: exact, no float */
static sim_time_t scaled(const struct replay_state *rp, sim_time_t rel)
{
	unsigned __int128 x = (unsigned __int128)(uint64_t)rel * 1000000u;

	x /= (uint64_t)rp->speed_ppm;
	return x > (unsigned __int128)(SIM_TIME_MAX / 4) ? SIM_TIME_MAX / 4 : (sim_time_t)x;
}

/* End of a pass: start the next one, or stop.  0 go on, 1 done, -1 error. */
static int end_pass(struct traffic_gen *g)
{
	struct replay_state *rp = &g->rp;
	sim_time_t gap;

	rp->pass++;
	if (!rp->in_pass || (rp->loops && rp->pass >= (uint64_t)rp->loops))
		return 1;
	/* the next pass starts one mean gap after this pass's last packet */
	gap = rp->in_pass > 1 ? rp->last_rel / (sim_time_t)(rp->in_pass - 1) : 0;
	if (rp->last_rel + gap == 0)
		gap = SIM_US;
	rp->base += scaled(rp, rp->last_rel + gap);
	rp->in_pass = 0;
	rp->last_rel = 0;
	if (rp->src.ops->rewind(rp->src.ctx, g->err, sizeof(g->err)))
		return -1;
	return 0;
}

static int replay_next(struct traffic_gen *g, struct traffic_pkt *out)
{
	struct replay_state *rp = &g->rp;
	struct trace_pkt tp;

	for (;;) {
		int rc = rp->src.ops->next(rp->src.ctx, &tp, g->err, sizeof(g->err));
		sim_time_t t;

		if (rc < 0)
			return -1;
		if (rc > 0 && rp->pass == 0) {
			rp->records++;
			rp->skipped[tp.skip < TRACE_SKIP__N ? tp.skip : 0]++;
			rp->clamped += tp.clamped;
		}
		if (rc > 0 && tp.skip)
			continue;
		if (rc > 0 && tp.t < rp->from)
			continue;
		if (rc == 0 || (rp->to >= 0 && tp.t >= rp->to)) {
			rc = end_pass(g);
			if (rc < 0)
				return -1;
			if (rc > 0) {
				g->done = true;
				return 0;
			}
			continue;
		}
		if (rp->rate > 0) {
			/* constant pacing, carried exactly across passes */
			t = rp->t_rate;
			rp->carry += PS_MPPS;
			rp->t_rate += (sim_time_t)(rp->carry / (uint64_t)rp->rate);
			rp->carry %= (uint64_t)rp->rate;
		} else {
			t = rp->base + scaled(rp, tp.t - rp->from);
		}
		if (t >= g->stop) {
			g->done = true;
			return 0;
		}
		rp->last_rel = tp.t - rp->from;
		if (rp->in_pass++ == 0)
			rp->played++;
		rp->seq++;
		out->t = t;
		out->size = (uint16_t)tp.size;
		out->tuple = tp.tuple;
		if (g->cfg->dst_port > 0)
			out->tuple.dport = (uint16_t)g->cfg->dst_port;
		/* no flow index in a trace: a stable hash of the tuple stands in
		 * (a fragment's, of its datagram's addresses, ports and protocol) */
		if (out->tuple.proto == FLOW_FRAGMENT) {
			struct flow_tuple whole = out->tuple;

			frag_restore(&whole);
			out->flow = tuple_hash(&whole);
		} else {
			out->flow = tuple_hash(&out->tuple);
		}
		return 1;
	}
}

int traffic_gen_next(struct traffic_gen *g, struct traffic_pkt *out)
{
	int rc;

	if (g->done)
		return 0;
	rc = g->replay ? replay_next(g, out) : synthetic_next(g, out);
	if (rc > 0) {
		g->emitted++;
		g->bytes += out->size;
	} else if (rc < 0) {
		g->done = true;
	}
	return rc;
}
