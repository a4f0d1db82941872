/* SPDX-License-Identifier: MIT */
/*
 * nf_conntrack.h - the connection tracking table of one network namespace
 * (net/netfilter/nf_conntrack_core.c): nf_conntrack_max entries in
 * nf_conntrack_buckets hash chains, each entry on two chains (its original
 * and its reply tuple), created unconfirmed by the first packet of a flow
 * (__nf_conntrack_alloc) and put in the table at the end of INPUT
 * (__nf_conntrack_confirm).  Memory is allocated once, for nf_conntrack_max
 * entries: nothing is allocated per packet.
 */
#ifndef RXSIM_NF_CONNTRACK_H
#define RXSIM_NF_CONNTRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/flow.h"
#include "rxsim/rng.h"

/* ct->status bits used here (include/uapi/linux/netfilter/nf_conntrack_common.h) */
#define IPS_SEEN_REPLY	(1u << 1)
#define IPS_ASSURED	(1u << 2)
#define IPS_CONFIRMED	(1u << 3)

#define NF_CT_EVICTION_RANGE	8	/* early_drop(): buckets scanned */
#define NF_CT_MIN_CHAINLEN	50u	/* __nf_conntrack_confirm(): chain limit */
#define NF_CT_MAX_CHAINLEN	(80u - NF_CT_MIN_CHAINLEN)

/* struct ip_conntrack_stat: /proc/net/stat/nf_conntrack, one row per CPU.
 * The 6.x file (ct_cpu_seq_show) prints "entries clashres found new invalid
 * ignore delete chainlength insert insert_failed drop early_drop icmp_error
 * expect_new expect_create expect_delete search_restart", with new, ignore
 * and delete always 0. */
struct ip_conntrack_stat {
	uint64_t clash_resolve;
	uint64_t found;
	uint64_t invalid;
	uint64_t chaintoolong;
	uint64_t insert;
	uint64_t insert_failed;
	uint64_t drop;
	uint64_t early_drop;
	uint64_t error;
	uint64_t expect_new;
	uint64_t expect_create;
	uint64_t expect_delete;
	uint64_t search_restart;
};

struct nf_conn {
	struct flow_tuple tuple;	/* original direction */
	sim_time_t timeout;		/* ct->timeout: expires when reached */
	int64_t stream_ts;		/* UDP: jiffies after which a replied flow is a stream */
	int32_t next[2];		/* chain link of each direction's node (-1: end) */
	uint32_t bucket[2];		/* its original and reply buckets */
	uint8_t status;
};

/* The ratelimit of net_ratelimit() (net/core/utils.c: 5 s interval, burst
 * 10) as lib/ratelimit.c's ___ratelimit() applies it. */
struct nf_ratelimit {
	int64_t begin;			/* jiffies; 0: not started */
	int64_t interval;		/* jiffies */
	int burst, printed, missed;
};

struct nf_ct_table {
	const struct conntrack_cfg *cfg;
	int32_t *hash;			/* bucket -> first node (entry * 2 + dir), -1 */
	uint32_t hsize;
	struct nf_conn *ct;
	uint32_t cap;			/* nf_conntrack_max + 1 (one unconfirmed) */
	int32_t free_head;		/* free entries linked through next[0] */
	uint32_t count;			/* cnet->count: confirmed + unconfirmed */
	uint32_t max;
	uint64_t hash_rnd;		/* nf_conntrack_hash_rnd, from the seed */
	struct rng rng;			/* max_chainlen draws */
	int hz;
	struct ip_conntrack_stat *stat;	/* per CPU */
	int ncpus;
	struct nf_ratelimit rl;
	uint64_t log_printed;		/* "nf_conntrack: table full, dropping packet" */
	uint64_t log_suppressed;	/* "N callbacks suppressed" accounted */
	uint64_t expired;		/* entries freed by the expiry on lookup */
	uint32_t max_count;		/* highest count seen */
	bool gc_early_drop;		/* conntrack_gc_work.early_drop: a table-full drop */
	uint64_t gc_runs;
	uint64_t gc_evicted;		/* unassured entries gc_worker killed (not early_drop) */
	uint32_t walked;		/* chain nodes walked by the last call */
};

/* nf_conntrack_in()'s outcome for one packet. */
enum nf_ct_verdict {
	NF_CT_ESTABLISHED,	/* a confirmed entry that has seen a reply */
	NF_CT_NEW_EXISTING,	/* a confirmed entry without reply: ctstate NEW */
	NF_CT_NEW,		/* a new unconfirmed entry (*idx), to confirm or free */
	NF_CT_DROP,		/* table full and early_drop found nothing: NF_DROP */
};

int nf_ct_init(struct nf_ct_table *t, const struct conntrack_cfg *cfg, int ncpus, int hz,
	       uint64_t seed);
void nf_ct_free(struct nf_ct_table *t);
/* hash_conntrack_raw() + reciprocal_scale(): the bucket of @tuple. */
uint32_t nf_ct_bucket(const struct nf_ct_table *t, const struct flow_tuple *tuple);
/* nf_conntrack_in() on CPU @cpu at @now for a packet of @tuple. */
enum nf_ct_verdict nf_conntrack_in(struct nf_ct_table *t, int cpu,
				   const struct flow_tuple *tuple, sim_time_t now,
				   int32_t *idx);
/* __nf_conntrack_confirm(): true if @idx went into the table (else it is
 * freed: insert_failed, and the packet dropped). */
bool nf_conntrack_confirm(struct nf_ct_table *t, int cpu, int32_t idx, sim_time_t now);
/* The skb of an unconfirmed entry died before confirmation (nf_ct_put). */
void nf_ct_put_unconfirmed(struct nf_ct_table *t, int32_t idx);
/* Put @tuple in the table, confirmed and ASSURED with the stream timeout
 * (a connection answered before the run); false if the table is full. */
bool nf_ct_add_assured(struct nf_ct_table *t, const struct flow_tuple *tuple, sim_time_t now);
/* gc_worker(): one pass over the table at @now; returns the delay to the
 * next pass (1 s to 60 s).  Expired entries are freed; after a table-full
 * drop, if the count is at least 95% of nf_conntrack_max, every unassured
 * entry is killed too.  The first pass runs 1 s after the table exists. */
sim_time_t nf_ct_gc_worker(struct nf_ct_table *t, sim_time_t now);
/* Entries of the table whose status has @bits (for tests and reports). */
uint32_t nf_ct_count_status(const struct nf_ct_table *t, uint8_t bits);

#endif
