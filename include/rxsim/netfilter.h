/* SPDX-License-Identifier: MIT */
/*
 * netfilter.h - what runs between the driver and the UDP socket when a
 * host has packet taps, iptables rules or conntrack:
 *   __netif_receive_skb_core(): the ptype_all taps (af_packet.h), before
 *     the protocol handler;
 *   ip_rcv(): NF_INET_PRE_ROUTING (the raw table's rules, then
 *     nf_conntrack_in);
 *   ip_local_deliver(): NF_INET_LOCAL_IN (the filter table's rules, then
 *     nf_confirm).
 * net/netfilter/core.c nf_hook_slow(): NF_DROP frees the skb with
 * SKB_DROP_REASON_NETFILTER_DROP.  A host with none of these never calls
 * here (h->rx_hooks is false).
 */
#ifndef RXSIM_NETFILTER_H
#define RXSIM_NETFILTER_H

#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/nf_conntrack.h"
#include "rxsim/rng.h"

struct host;
struct cpu;
struct packet;

struct netfilter {
	const struct netfilter_cfg *cfg;
	bool ct_on;
	struct nf_ct_table ct;
	uint32_t n_chain[NF_CHAIN__N];
	const struct nf_rule_cfg **chain[NF_CHAIN__N];	/* rules in order, per chain */
	uint32_t *chain_rule[NF_CHAIN__N];	/* their index in cfg->rules */
	uint64_t *rule_pkts;		/* iptables -L -v "pkts" of each rule row */
	struct rng rng;			/* -m statistic draws */
	/* counters */
	uint64_t hook_pkts[NF_CHAIN__N];	/* packets that traversed each hook */
	uint64_t hook_drops[NF_CHAIN__N];	/* NF_DROP by a rule (or policy) there */
	uint64_t policy_drops;		/* INPUT policy DROP */
	uint64_t ct_new;		/* entries created and confirmed */
	uint64_t ct_established;	/* packets of an existing entry */
	sim_time_t hook_time;		/* CPU time of the hooks and conntrack */
	struct sim_event gc_ev;		/* conntrack_gc_work */
};

int netfilter_setup(struct host *h);
void netfilter_free(struct host *h);
void netfilter_start(struct host *h);
/* nf_rx_hooks(): a fragment conntrack's defrag queued (or dropped) */
#define NF_RX_STOLEN (-2)
/* The stages above for @p on @c: *cost is their CPU time; returns the drop
 * place (DROP_NETFILTER, DROP_NF_CONNTRACK), NF_RX_STOLEN (@p is no longer
 * the caller's) or -1 to go on to UDP. */
int nf_rx_hooks(struct host *h, struct cpu *c, struct packet *p, sim_time_t *cost);
/* The packet leaves with that verdict (after its CPU time was charged). */
void nf_rx_drop(struct host *h, struct cpu *c, struct packet *p, int place);
/* Does @r match @p's headers (before ctstate and probability)? */
bool nf_rule_match_hdr(const struct nf_rule_cfg *r, const struct packet *p);

#endif
