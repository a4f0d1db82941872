/* SPDX-License-Identifier: MIT */
/*
 * traffic.h - traffic sources: synthetic laws and trace replay.
 *
 * A source is a generator (struct traffic_gen: pure, no host, testable on
 * its own) that yields packets in time order, and a thin model around it
 * (struct traffic_src) that schedules the next packet and offers it to the
 * link.  Each source draws from its own named streams
 * ("traffic/<index>/<name>/arrival", ".../size", ".../flow", ".../state"),
 * so adding a source, or a random size law, moves no other draw.
 *
 * Variation points are ops tables chosen at setup (arrival law, size law);
 * the per-packet path never looks at a string and never allocates.  Per-flow
 * state is a weight table only when weights are not equal (8 bytes per
 * flow); tuples are computed from the flow index.
 */
#ifndef RXSIM_TRAFFIC_H
#define RXSIM_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/flow.h"
#include "rxsim/rng.h"
#include "rxsim/trace.h"
#include "rxsim/traffic_spec.h"

struct host;
struct nic;

/* ---- Walker/Vose alias table: O(1) draws from a discrete law ---- */

struct alias_table {
	uint32_t n;
	uint32_t *thr;			/* keep slot i if u32 < thr[i] */
	uint32_t *alias;
};

typedef double (*alias_weight_fn)(uint32_t i, const void *arg);
int alias_build(struct alias_table *a, uint32_t n, alias_weight_fn w, const void *arg);
/* Same, giving up (-1) once *@stop is nonzero (NULL: never). */
int alias_build_stop(struct alias_table *a, uint32_t n, alias_weight_fn w, const void *arg,
		     volatile sig_atomic_t *stop);
void alias_free(struct alias_table *a);

static inline uint32_t alias_draw(const struct alias_table *a, struct rng *r)
{
	uint32_t i = (uint32_t)rng_below(r, a->n);

	return rng_u32(r) < a->thr[i] ? i : a->alias[i];
}

/* ---- the generator ---- */

struct traffic_gen;

struct arrival_ops {
	const char *name;
	/* Time of the first arrival (at or after the start); SIM_TIME_MAX: none. */
	sim_time_t (*first)(struct traffic_gen *g);
	/* Time of the arrival after one at @prev. */
	sim_time_t (*next)(struct traffic_gen *g, sim_time_t prev);
};

struct size_law_ops {
	const char *name;
	uint16_t (*draw)(struct traffic_gen *g);
};

/* One packet as a source emits it. */
struct traffic_pkt {
	sim_time_t t;			/* first bit ready: becomes p->t_offered */
	struct flow_tuple tuple;
	uint32_t flow;
	uint16_t size;
};

struct replay_state {
	struct pkt_source src;
	bool attached;
	int64_t speed_ppm;		/* trace time is divided by speed */
	int64_t rate;			/* millipackets/s; -1: trace timing */
	int64_t loops;			/* 0: until stop */
	sim_time_t from, to;
	sim_time_t base;		/* sim time of trace time `from` in this pass */
	sim_time_t last_rel;		/* trace time - from of the last packet replayed */
	uint64_t in_pass;		/* packets replayed in this pass */
	uint64_t pass;			/* passes read to their end */
	uint64_t played;		/* passes that replayed a packet (summary) */
	uint64_t seq;			/* packets replayed (rate mode pacing) */
	uint64_t carry;
	sim_time_t t_rate;
	/* counters for the summary (first pass: the file's own content) */
	uint64_t records;
	uint64_t skipped[TRACE_SKIP__N];
	uint64_t clamped;
};

struct traffic_gen {
	const struct traffic_cfg *cfg;
	int index;
	const struct arrival_ops *law;
	const struct size_law_ops *size_law;
	struct rng arr_rng, size_rng, flow_rng, state_rng;
	sim_time_t start, stop;
	int64_t line_bps;		/* the NIC's speed: trains are back to back at it */
	uint64_t wire_rem;
	bool done;
	bool replay;

	/* arrival law */
	int64_t rate;			/* millipackets/s */
	uint64_t unit;			/* frames per arrival (train) */
	uint64_t carry;
	uint64_t gap_q, gap_r;		/* 1e15 * unit / rate: quotient, remainder */
	struct rate_profile prof;
	bool ramp;
	uint32_t seg;			/* current profile segment + 1 */
	bool on;
	sim_time_t on_until;
	struct time_dist on_d, off_d;
	uint32_t nstates, state;
	int64_t mm_rate[TRAFFIC_MAX_STATES];
	sim_time_t mm_dwell[TRAFFIC_MAX_STATES];
	sim_time_t state_until;

	/* trains */
	uint64_t train_left;		/* frames still to send in this train */
	sim_time_t train_start;

	sim_time_t t_next;		/* the next frame */

	/* sizes */
	struct size_spec sizes;
	struct alias_table size_alias;

	/* flows */
	uint32_t flows;
	uint8_t family, proto;
	struct addr_range src, dst;
	uint64_t nsrc, ndst, nsport, ndport;
	uint16_t sport_lo, dport_lo;
	bool weighted;
	struct alias_table flow_alias;
	bool have_last;			/* last_tuple is flow last_flow's */
	uint32_t last_flow;
	struct flow_tuple last_tuple;
	uint64_t next_flow;

	struct replay_state rp;

	/* counters */
	uint64_t emitted;
	uint64_t bytes;
	/* set-up gives up when *stop_flag is nonzero (NULL: never) */
	volatile sig_atomic_t *stop_flag;
	char err[512];
};

/* Set up from @cfg (checked and resolved); @line_bps is the NIC's speed.
 * 0, or -1 with a message in g->err (out of memory). */
int traffic_gen_init(struct traffic_gen *g, const struct traffic_cfg *cfg, int index,
		     uint64_t seed, int64_t line_bps, sim_time_t run_end);
/* Same, giving up (-1, "interrupted") once *@stop is nonzero: ten million
 * weighted flows take a second to tabulate. */
int traffic_gen_init_stop(struct traffic_gen *g, const struct traffic_cfg *cfg, int index,
			  uint64_t seed, int64_t line_bps, sim_time_t run_end,
			  volatile sig_atomic_t *stop);
/* Hand a replay generator its trace (the generator owns it from now on). */
void traffic_gen_attach(struct traffic_gen *g, const struct pkt_source *src);
/* The next packet: 1 (in @out, t non-decreasing), 0 none left, -1 error
 * (message in g->err). */
int traffic_gen_next(struct traffic_gen *g, struct traffic_pkt *out);
void traffic_gen_free(struct traffic_gen *g);
/* Name of the law for the summary ("poisson", ..., "replay"). */
const char *traffic_gen_law(const struct traffic_gen *g);
/* The tuple of flow @i (synthetic sources). */
void traffic_flow_tuple(const struct traffic_gen *g, uint32_t i, struct flow_tuple *t);
/* Wire time of a frame of @size bytes plus preamble and gap, carrying the
 * sub-picosecond remainder in @rem. */
sim_time_t traffic_wire_time(int64_t line_bps, uint32_t size, uint64_t *rem);

/* Internal to models/traffic_*.c. */
int traffic__size_init(struct traffic_gen *g);
int traffic__flow_init(struct traffic_gen *g);
int64_t traffic__tdist_draw(const struct time_dist *d, struct rng *r);
extern const struct arrival_ops traffic__laws[];	/* by enum arrival_kind */

/* ---- the model ---- */

struct traffic_src {
	struct traffic_gen gen;
	struct nic *nic;
	struct traffic_src *link_next;	/* next source on the same link */
	int index;
	struct sim_event ev;		/* in host.srcq at ahead.t while it has one */
	struct traffic_pkt ahead;	/* read-ahead: the next packet to offer */
	uint64_t offered;
	uint64_t offered_bytes;
	int status;			/* 0 ok; -1 failed (gen.err) */
	uint32_t *flow_hash;		/* RSS hash of each flow on this NIC, or NULL */
	bool set_up;
	/* traffic mtu / loss (models/traffic.c ip_fields): off costs one test */
	bool ip_special;
	uint32_t frag_mtu;		/* the sender's MTU; 0: no fragmentation */
	uint32_t loss;			/* loss probability * 2^32 */
	struct rng loss_rng;
	uint16_t ip_id;			/* of the datagram being emitted */
	uint16_t frag_k, frag_n;	/* the ahead frame is fragment k of n */
	uint32_t dgram_ip_len;
	uint8_t dgram_proto;
	uint64_t datagrams;
	uint64_t lost;
};

/* Build source @index from @cfg.  Returns 0, or -1 (out of memory) with
 * s->status set and a message in s->gen.err. */
int traffic_setup(struct host *h, struct traffic_src *s, const struct traffic_cfg *cfg,
		  int index);
/* Hand a replay source its trace and read its first packet; 0, or -1 with
 * the message in s->gen.err (the source then stays idle). */
int traffic_attach(struct host *h, struct traffic_src *s, const struct pkt_source *src);
/* Close the trace and free the tables; idempotent. */
void traffic_teardown(struct traffic_src *s);
/*
 * Commit every emission at or before @t, all sources merged in time order
 * (ties in the order their packets were read): each is offered to its link
 * at its own time.  Whoever reads offered counts, upstream drops or a
 * link's queue at time t calls this first.
 */
void traffic_advance(struct host *h, sim_time_t t);
/* The next packet the sources of @nic will emit (not yet committed), or
 * NULL when they are all done. */
const struct traffic_pkt *traffic_next_on_link(const struct nic *nic);

static inline bool traffic_is_replay(const struct traffic_cfg *cfg)
{
	return cfg->replay.file[0] != '\0';
}

#endif
