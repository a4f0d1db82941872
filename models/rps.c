/* SPDX-License-Identifier: MIT */
/*
 * rps.c - which CPU does the protocol work of a packet: RPS and RFS.
 *
 * Mirrors get_rps_cpu() (net/core/dev.c): no rps_map and no flow table ->
 * -1 (process here); hash 0 -> -1; RFS when both the global
 * rps_sock_flow_table and the queue's flow table exist: the desired CPU is
 * ident & rps_cpu_mask when the upper hash bits match, and the flow moves
 * to it only if its current CPU is unset, offline, or has dequeued every
 * packet the flow queued there (input_queue_head - last_qtail >= 0);
 * otherwise RPS: map->cpus[reciprocal_scale(hash, map->len)].
 * sock_rps_record_flow() (include/net/rps.h) writes the reader's CPU for
 * connected sockets only, which for UDP means connect()ed ones.
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/cpulist.h"
#include "rxsim/host.h"
#include "rxsim/log2.h"

/* hash_32() of include/linux/hash.h */
static uint32_t hash_32(uint32_t val, uint32_t bits)
{
	return bits ? (val * 0x61C88647u) >> (32 - bits) : 0;
}

static uint32_t reciprocal_scale(uint32_t val, uint32_t ep_ro)
{
	return (uint32_t)(((uint64_t)val * ep_ro) >> 32);
}

int rps_queue_map(const char *spec, int queue, struct cpulist *map)
{
	char one[RXSIM_RPSQ_LEN];
	int n = 0;

	map->n = 0;
	for (;;) {
		size_t len = strcspn(spec, ";");
		struct cpulist cl;

		if (len >= sizeof(one))
			return -1;
		memcpy(one, spec, len);
		one[len] = '\0';
		/* a mask after 0x, as for rps_cpus */
		if (strncmp(one, "0x", 2) ? cpulist_parse(one, &cl) : cpulist_parse_mask(one + 2, &cl))
			return -1;
		if (n++ == queue)
			*map = cl;
		if (!spec[len])
			return n;
		spec += len + 1;
	}
}

int rps_setup(struct host *h)
{
	const struct sysctl_cfg *s = &h->sc->host.sysctl;
	int i;
	uint32_t j;

	h->rps_cpu_mask = roundup_pow_of_two((uint32_t)h->ncpus) - 1;
	if (s->rps_sock_flow_entries > 0) {
		uint32_t n = roundup_pow_of_two((uint32_t)s->rps_sock_flow_entries);

		h->rps_sock_flow_table = malloc(n * sizeof(*h->rps_sock_flow_table));
		if (!h->rps_sock_flow_table)
			return -1;
		/* RPS_NO_CPU in every entry: no desired CPU yet */
		for (j = 0; j < n; j++)
			h->rps_sock_flow_table[j] = RPS_NO_CPU;
		h->rps_sock_mask = n - 1;
	}
	for (i = 0; i < h->nrxq; i++) {
		struct rxq *q = h->rxqs[i];
		const struct nic_cfg *cfg = q->nic->cfg;

		q->rps_map = cfg->rps_cpus.n ? &cfg->rps_cpus : NULL;
		if (cfg->rps_cpus_per_queue[0]) {
			/* each rx-N/rps_cpus of its own: store_rps_map() per queue */
			q->rps_own = malloc(sizeof(*q->rps_own));
			if (!q->rps_own)
				return -1;
			rps_queue_map(cfg->rps_cpus_per_queue, q->index, q->rps_own);
			q->rps_map = q->rps_own->n ? q->rps_own : NULL;
		}
		if (cfg->rps_flow_cnt > 0) {
			uint32_t n = roundup_pow_of_two((uint32_t)cfg->rps_flow_cnt);

			q->rps_flow_table = malloc(n * sizeof(*q->rps_flow_table));
			if (!q->rps_flow_table)
				return -1;
			for (j = 0; j < n; j++) {
				q->rps_flow_table[j].cpu = RPS_NO_CPU;
				q->rps_flow_table[j].last_qtail = 0;
			}
			q->rps_flow_mask = n - 1;
			q->rps_flow_log = ilog2(n);
		}
	}
	return 0;
}

void rps_free(struct host *h)
{
	int i;

	free(h->rps_sock_flow_table);
	h->rps_sock_flow_table = NULL;
	for (i = 0; i < h->nrxq; i++) {
		free(h->rxqs[i]->rps_flow_table);
		h->rxqs[i]->rps_flow_table = NULL;
		free(h->rxqs[i]->rps_own);
		h->rxqs[i]->rps_own = NULL;
	}
}

int get_rps_cpu(struct host *h, struct rxq *q, struct packet *p, struct rps_dev_flow **rflowp)
{
	uint32_t hash = p->hash;
	int cpu = -1;

	*rflowp = NULL;
	if (!q->rps_map && !q->rps_flow_table)
		return -1;
	if (!hash)
		return -1;
	if (q->rps_flow_table && h->rps_sock_flow_table) {
		uint32_t ident = h->rps_sock_flow_table[hash & h->rps_sock_mask];
		uint32_t next_cpu, tcpu, slot;
		struct rps_dev_flow *rflow;

		if (ident == RPS_NO_CPU || ((ident ^ hash) & ~h->rps_cpu_mask))
			goto try_rps;
		next_cpu = ident & h->rps_cpu_mask;
		/* rfs_slot(): hash_32() since 6.18, the low bits before */
		slot = h->kver >= KVER(6, 18) ? hash_32(hash, q->rps_flow_log) :
						 hash & q->rps_flow_mask;
		rflow = &q->rps_flow_table[slot];
		tcpu = rflow->cpu;
		if (tcpu != next_cpu &&
		    (tcpu == RPS_NO_CPU || tcpu >= (uint32_t)h->ncpus ||
		     (int32_t)(h->cpus[tcpu].sd.input_queue_head - rflow->last_qtail) >= 0)) {
			/* set_rps_cpu() */
			tcpu = next_cpu;
			rflow->last_qtail = h->cpus[next_cpu].sd.input_queue_head;
			rflow->cpu = (uint16_t)next_cpu;
		}
		if (tcpu < (uint32_t)h->ncpus) {
			*rflowp = rflow;
			return (int)tcpu;
		}
	}
try_rps:
	if (q->rps_map)
		cpu = q->rps_map->cpu[reciprocal_scale(hash, q->rps_map->n)];
	return cpu;
}

void sock_rps_record_flow(struct host *h, struct udp_sock *sk, int cpu)
{
	uint32_t *slot, val;

	if (!h->rps_sock_flow_table || !sk->cfg->connected || !sk->sk_rxhash)
		return;
	slot = &h->rps_sock_flow_table[sk->sk_rxhash & h->rps_sock_mask];
	val = (sk->sk_rxhash & ~h->rps_cpu_mask) | (uint32_t)cpu;
	if (*slot != val)
		*slot = val;
}
