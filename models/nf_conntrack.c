/* SPDX-License-Identifier: MIT */
/*
 * nf_conntrack.c - the conntrack table (net/netfilter/nf_conntrack_core.c,
 * nf_conntrack_proto_udp.c, nf_conntrack_proto_tcp.c), for IPv4/IPv6 UDP
 * and TCP flows of the receive path.
 *
 * - __nf_conntrack_alloc(): the count is raised first; above
 *   nf_conntrack_max, early_drop() must free room or the packet is dropped
 *   (stat drop, counted by nf_conntrack_in on the CPU that ran the hook)
 *   with the ratelimited "nf_conntrack: table full, dropping packet".
 * - early_drop(): from the new tuple's bucket, NF_CT_EVICTION_RANGE (8)
 *   consecutive buckets; in each, early_drop_list() frees expired entries
 *   (not counted) and deletes every confirmed entry that is not ASSURED
 *   (early_drop += their number); the first bucket that deleted any ends
 *   the scan and admits the new entry.
 * - Lookup (__nf_conntrack_find_get): walks the chain; an expired entry met
 *   on the way is freed (nf_ct_gc_expired).
 * - gc_worker(): a pass over the whole table (the kernel cuts it in 10 ms
 *   slices, here it takes no simulated time and visits each entry once)
 *   frees expired entries and, when the table was full since the last pass
 *   (conntrack_gc_work.early_drop) and the count is at least
 *   nf_conntrack_max / 100 * 95, kills every unassured entry; the next pass
 *   follows after the running mean of the entries' remaining lifetimes
 *   (each clamped to 1..300 s, starting from 100 entries at 60 s), clamped
 *   to 1..60 s.
 * - The hash: the kernel's siphash of the tuple with a random key; here a
 *   64-bit mix of the same fields with a key from the seed, scaled to the
 *   table as the kernel does (reciprocal_scale).
 * - __nf_conntrack_confirm() no longer counts insert (only ctnetlink's
 *   nf_conntrack_hash_check_insert does), so insert stays 0 here, as on a
 *   6.18 host; a chain longer than max_chainlen (50 + random below 30)
 *   refuses the entry: chaintoolong and insert_failed, NF_DROP.
 * - search_restart and clash_resolve need two CPUs racing on one chain:
 *   the model handles a packet's hooks at once, so they stay 0.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/nf_conntrack.h"

static uint64_t mix(uint64_t h, uint64_t v)
{
	return rng_splitmix64(h ^ v);
}

static uint32_t tuple_hash(uint64_t rnd, const uint8_t *src, const uint8_t *dst, uint16_t sport,
			   uint16_t dport, uint8_t family, uint8_t proto)
{
	uint64_t h = rnd, a, b;
	int i, n = family == FLOW_IPV6 ? 16 : 4;

	for (i = 0; i < n; i += 8) {
		a = b = 0;
		memcpy(&a, src + i, (size_t)(n - i < 8 ? n - i : 8));
		memcpy(&b, dst + i, (size_t)(n - i < 8 ? n - i : 8));
		h = mix(mix(h, a), b);
	}
	h = mix(h, (uint64_t)sport << 32 | (uint64_t)dport << 16 | (uint64_t)family << 8 | proto);
	return (uint32_t)(h >> 32);
}

/* reciprocal_scale(hash, hsize) */
static uint32_t scale(uint32_t hash, uint32_t hsize)
{
	return (uint32_t)(((uint64_t)hash * hsize) >> 32);
}

uint32_t nf_ct_bucket(const struct nf_ct_table *t, const struct flow_tuple *k)
{
	return scale(tuple_hash(t->hash_rnd, k->saddr, k->daddr, k->sport, k->dport, k->family,
				k->proto), t->hsize);
}

static uint32_t reply_bucket(const struct nf_ct_table *t, const struct flow_tuple *k)
{
	return scale(tuple_hash(t->hash_rnd, k->daddr, k->saddr, k->dport, k->sport, k->family,
				k->proto), t->hsize);
}

static bool tuple_eq(const struct flow_tuple *a, const struct flow_tuple *b)
{
	int n = a->family == FLOW_IPV6 ? 16 : 4;

	return a->sport == b->sport && a->dport == b->dport && a->family == b->family &&
	       a->proto == b->proto && !memcmp(a->saddr, b->saddr, (size_t)n) &&
	       !memcmp(a->daddr, b->daddr, (size_t)n);
}

int nf_ct_init(struct nf_ct_table *t, const struct conntrack_cfg *cfg, int ncpus, int hz,
	       uint64_t seed)
{
	uint32_t i;
	struct rng r;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->hsize = (uint32_t)cfg->buckets;
	t->max = (uint32_t)cfg->max;
	t->cap = t->max + 1;
	t->hz = hz;
	t->ncpus = ncpus;
	t->hash = malloc(t->hsize * sizeof(*t->hash));
	t->ct = calloc(t->cap, sizeof(*t->ct));
	t->stat = calloc((size_t)ncpus, sizeof(*t->stat));
	if (!t->hash || !t->ct || !t->stat) {
		nf_ct_free(t);
		return -1;
	}
	for (i = 0; i < t->hsize; i++)
		t->hash[i] = -1;
	for (i = 0; i < t->cap; i++)
		t->ct[i].next[0] = i + 1 < t->cap ? (int32_t)i + 1 : -1;
	t->free_head = 0;
	rng_init(&r, seed, rng_fnv1a("nf_conntrack/hash_rnd"));
	t->hash_rnd = rng_u64(&r);
	rng_init(&t->rng, seed, rng_fnv1a("nf_conntrack/chainlen"));
	t->rl.interval = 5 * (int64_t)hz;	/* DEFAULT_RATELIMIT_INTERVAL */
	t->rl.burst = 10;			/* DEFAULT_RATELIMIT_BURST */
	return 0;
}

void nf_ct_free(struct nf_ct_table *t)
{
	free(t->hash);
	free(t->ct);
	free(t->stat);
	t->hash = NULL;
	t->ct = NULL;
	t->stat = NULL;
}

static int32_t ct_alloc(struct nf_ct_table *t)
{
	int32_t i = t->free_head;

	if (i >= 0) {
		t->free_head = t->ct[i].next[0];
		t->count++;
		if (t->count > t->max_count)
			t->max_count = t->count;
	}
	return i;
}

static void ct_release(struct nf_ct_table *t, int32_t i)
{
	t->ct[i].status = 0;
	t->ct[i].next[0] = t->free_head;
	t->free_head = i;
	t->count--;
}

/* Unlink node @node from bucket @b. */
static void chain_unlink(struct nf_ct_table *t, uint32_t b, int32_t node)
{
	int32_t *pp = &t->hash[b];

	while (*pp != node) {
		assert(*pp >= 0);
		pp = &t->ct[*pp >> 1].next[*pp & 1];
	}
	*pp = t->ct[node >> 1].next[node & 1];
}

/* nf_ct_delete() of a confirmed entry: off both chains, freed. */
static void ct_delete(struct nf_ct_table *t, int32_t i)
{
	chain_unlink(t, t->ct[i].bucket[0], i * 2);
	chain_unlink(t, t->ct[i].bucket[1], i * 2 + 1);
	ct_release(t, i);
}

static bool expired(const struct nf_conn *ct, sim_time_t now)
{
	return ct->timeout <= now;	/* nf_ct_is_expired() */
}

/* early_drop_list(): expired entries are freed, unassured confirmed
 * entries deleted; returns the deleted ones. */
static unsigned early_drop_list(struct nf_ct_table *t, uint32_t b, sim_time_t now)
{
	int32_t *pp = &t->hash[b];
	unsigned drops = 0;

	/* *pp is the link of a kept node (or the head): deleting an entry
	 * takes both its nodes off their chains and *pp then names the next */
	while (*pp >= 0) {
		int32_t node = *pp, i = node >> 1;

		t->walked++;
		if (expired(&t->ct[i], now)) {
			t->expired++;
			ct_delete(t, i);
		} else if (!(t->ct[i].status & IPS_ASSURED)) {
			ct_delete(t, i);
			drops++;
		} else {
			pp = &t->ct[i].next[node & 1];
		}
	}
	return drops;
}

/* early_drop(): 8 buckets from the new tuple's. */
static bool early_drop(struct nf_ct_table *t, int cpu, uint32_t bucket, sim_time_t now)
{
	int i;

	for (i = 0; i < NF_CT_EVICTION_RANGE; i++) {
		unsigned drops = early_drop_list(t, bucket, now);

		if (drops) {
			t->stat[cpu].early_drop += drops;
			return true;
		}
		bucket = (bucket + 1) % t->hsize;
	}
	return false;
}

/* ___ratelimit() of lib/ratelimit.c at jiffies @j */
static bool ratelimit(struct nf_ct_table *t, int64_t j)
{
	struct nf_ratelimit *rs = &t->rl;

	if (!rs->begin)
		rs->begin = j ? j : 1;
	if (j > rs->begin + rs->interval) {	/* time_is_before_jiffies(begin + interval) */
		rs->begin = j;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->burst > rs->printed) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}

static sim_time_t udp_refresh(struct nf_ct_table *t, struct nf_conn *ct, int64_t j)
{
	/* nf_conntrack_udp_packet(): seen both ways and still active after
	 * stream_ts (2 s after the first packet): the stream timeout and ASSURED */
	if (ct->status & IPS_SEEN_REPLY) {
		if (j > ct->stream_ts) {
			ct->status |= IPS_ASSURED;
			return t->cfg->udp_timeout_stream;
		}
		return t->cfg->udp_timeout;
	}
	return t->cfg->udp_timeout;
}

/* The timeout the l4 tracker gives @ct for one more original packet. */
static sim_time_t l4_timeout(struct nf_ct_table *t, struct nf_conn *ct, int64_t j)
{
	if (ct->tuple.proto == FLOW_UDP)
		return udp_refresh(t, ct, j);
	/* TCP: a segment of an established connection (picked up mid-stream
	 * with nf_conntrack_tcp_loose, the default) */
	return t->cfg->tcp_timeout_established;
}

static int64_t jiffies(const struct nf_ct_table *t, sim_time_t now)
{
	return now / (SIM_S / t->hz);
}

enum nf_ct_verdict nf_conntrack_in(struct nf_ct_table *t, int cpu,
				   const struct flow_tuple *tuple, sim_time_t now,
				   int32_t *idx)
{
	uint32_t b = nf_ct_bucket(t, tuple);
	int32_t *pp = &t->hash[b], i;
	int64_t j = jiffies(t, now);
	struct nf_conn *ct;

	t->walked = 0;
	while (*pp >= 0) {
		int32_t node = *pp;

		i = node >> 1;
		t->walked++;
		if (expired(&t->ct[i], now)) {
			/* nf_ct_gc_expired(): freed where found */
			t->expired++;
			ct_delete(t, i);
			continue;
		}
		if ((node & 1) == 0 && tuple_eq(&t->ct[i].tuple, tuple)) {
			ct = &t->ct[i];
			ct->timeout = now + l4_timeout(t, ct, j);
			*idx = i;
			return ct->status & IPS_SEEN_REPLY ? NF_CT_ESTABLISHED : NF_CT_NEW_EXISTING;
		}
		pp = &t->ct[i].next[node & 1];
	}
	/* init_conntrack() -> __nf_conntrack_alloc() */
	if (t->count + 1 > t->max && !early_drop(t, cpu, b, now)) {
		t->gc_early_drop = true;
		t->stat[cpu].drop++;
		if (ratelimit(t, j))
			t->log_printed++;
		else
			t->log_suppressed++;
		return NF_CT_DROP;
	}
	i = ct_alloc(t);
	assert(i >= 0);
	ct = &t->ct[i];
	ct->tuple = *tuple;
	ct->status = 0;
	ct->stream_ts = j + 2 * t->hz;
	ct->bucket[0] = b;
	ct->bucket[1] = reply_bucket(t, tuple);
	ct->timeout = now + l4_timeout(t, ct, j);
	*idx = i;
	return NF_CT_NEW;
}

static uint32_t chain_len(const struct nf_ct_table *t, uint32_t b)
{
	uint32_t n = 0;
	int32_t node;

	for (node = t->hash[b]; node >= 0; node = t->ct[node >> 1].next[node & 1])
		n++;
	return n;
}

static void hash_insert(struct nf_ct_table *t, int32_t i)
{
	struct nf_conn *ct = &t->ct[i];

	ct->status |= IPS_CONFIRMED;
	/* hlist_nulls_add_head_rcu(): new entries go first in their chains */
	ct->next[0] = t->hash[ct->bucket[0]];
	t->hash[ct->bucket[0]] = i * 2;
	ct->next[1] = t->hash[ct->bucket[1]];
	t->hash[ct->bucket[1]] = i * 2 + 1;
}

bool nf_conntrack_confirm(struct nf_ct_table *t, int cpu, int32_t idx, sim_time_t now)
{
	struct nf_conn *ct = &t->ct[idx];
	uint32_t max_chainlen = NF_CT_MIN_CHAINLEN + (uint32_t)rng_below(&t->rng,
									 NF_CT_MAX_CHAINLEN);

	(void)now;
	/* the walk counts chainlen++ > max_chainlen per chain */
	if (chain_len(t, ct->bucket[0]) > max_chainlen + 1 ||
	    chain_len(t, ct->bucket[1]) > max_chainlen + 1) {
		t->stat[cpu].chaintoolong++;
		t->stat[cpu].insert_failed++;
		ct_release(t, idx);
		return false;
	}
	hash_insert(t, idx);
	return true;
}

void nf_ct_put_unconfirmed(struct nf_ct_table *t, int32_t idx)
{
	ct_release(t, idx);
}

bool nf_ct_add_assured(struct nf_ct_table *t, const struct flow_tuple *tuple, sim_time_t now)
{
	int32_t i;
	struct nf_conn *ct;

	if (t->count >= t->max)
		return false;
	i = ct_alloc(t);
	ct = &t->ct[i];
	ct->tuple = *tuple;
	ct->status = IPS_SEEN_REPLY | IPS_ASSURED;
	ct->stream_ts = jiffies(t, now) - 1;	/* a stream already: past its 2 s */
	ct->bucket[0] = nf_ct_bucket(t, tuple);
	ct->bucket[1] = reply_bucket(t, tuple);
	ct->timeout = now + (tuple->proto == FLOW_UDP ? t->cfg->udp_timeout_stream
						      : t->cfg->tcp_timeout_established);
	hash_insert(t, i);
	return true;
}

sim_time_t nf_ct_gc_worker(struct nf_ct_table *t, sim_time_t now)
{
	int64_t hz = t->hz, jiffy = SIM_S / hz;
	int64_t next_run = 60 * hz, count = 100;	/* GC_SCAN_INTERVAL_INIT, _INITIAL_COUNT */
	uint32_t max95 = t->gc_early_drop ? t->max / 100u * 95u : 0, i;

	t->gc_runs++;
	for (i = 0; i < t->cap; i++) {
		struct nf_conn *ct = &t->ct[i];
		int64_t expires;

		if (!(ct->status & IPS_CONFIRMED))
			continue;
		if (expired(ct, now)) {
			t->expired++;
			ct_delete(t, i);
			continue;
		}
		/* clamp(nf_ct_expires(), GC_SCAN_INTERVAL_MIN, _CLAMP) */
		expires = (ct->timeout - now) / jiffy;
		expires = expires < hz ? hz : expires > 300 * hz ? 300 * hz : expires;
		next_run += (expires - next_run) / ++count;
		if (!max95 || t->count < max95)
			continue;
		/* gc_worker_can_early_drop(): not ASSURED */
		if (!(ct->status & IPS_ASSURED)) {
			t->gc_evicted++;
			ct_delete(t, i);
		}
	}
	t->gc_early_drop = false;
	next_run = next_run < hz ? hz : next_run > 60 * hz ? 60 * hz : next_run;
	return next_run * jiffy;
}

uint32_t nf_ct_count_status(const struct nf_ct_table *t, uint8_t bits)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		if ((t->ct[i].status & bits) == bits && (t->ct[i].status & IPS_CONFIRMED))
			n++;
	return n;
}
