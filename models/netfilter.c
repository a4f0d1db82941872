/* SPDX-License-Identifier: MIT */
/*
 * netfilter.c - the receive-side hooks between the driver and UDP: taps in
 * __netif_receive_skb_core, NF_INET_PRE_ROUTING in ip_rcv, NF_INET_LOCAL_IN
 * in ip_local_deliver (net/core/dev.c, net/ipv4/ip_input.c,
 * net/netfilter/core.c).
 *
 * iptables rules (ipt_do_table): a packet walks its chain's rules in order,
 * each costing costs.rule; the first matching rule with a target decides
 * (ACCEPT ends the chain, DROP returns NF_DROP); a rule without a target
 * counts the packet and the walk goes on.  A chain with no rule costs
 * nothing (no table registered there).  PREROUTING rules are the raw
 * table's (priority NF_IP_PRI_RAW, before conntrack at
 * NF_IP_PRI_CONNTRACK): a DROP there creates no conntrack entry.  INPUT's
 * are the filter table's, before nf_confirm (NF_IP_PRI_CONNTRACK_CONFIRM,
 * the last), so an entry is confirmed only if INPUT accepted the packet.
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/af_packet.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/netfilter.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/traffic.h"

static bool in_range(const uint8_t *a, const uint8_t *lo, const uint8_t *hi, int family)
{
	size_t n = family == FLOW_IPV6 ? 16 : 4;

	return memcmp(a, lo, n) >= 0 && memcmp(a, hi, n) <= 0;
}

/* -p udp / -p tcp on an IPv4 fragment: ip_packet_match() compares the IP
 * protocol; the port matches (xt_udp, xt_tcp) refuse every fragment but the
 * first (par->fragoff != 0). */
static bool frag_proto_match(const struct nf_rule_cfg *r, const struct flow_tuple *t)
{
	struct frag_info fi;

	frag_decode(t, &fi);
	if (fi.proto != (r->proto == NF_RPROTO_UDP ? FLOW_UDP : FLOW_TCP))
		return false;
	return !fi.off || (r->sport_lo == 0 && r->sport_hi == 65535 && r->dport_lo == 0 &&
			   r->dport_hi == 65535);
}

bool nf_rule_match_hdr(const struct nf_rule_cfg *r, const struct packet *p)
{
	const struct flow_tuple *t = &p->tuple;

	if (r->proto != NF_RPROTO_ALL &&
	    t->proto != (r->proto == NF_RPROTO_UDP ? FLOW_UDP : FLOW_TCP) &&
	    (t->proto != FLOW_FRAGMENT || !frag_proto_match(r, t)))
		return false;
	if (!r->any_src && (t->family != r->src_family ||
			    !in_range(t->saddr, r->src_lo, r->src_hi, t->family)))
		return false;
	if (!r->any_dst && (t->family != r->dst_family ||
			    !in_range(t->daddr, r->dst_lo, r->dst_hi, t->family)))
		return false;
	return t->sport >= r->sport_lo && t->sport <= r->sport_hi && t->dport >= r->dport_lo &&
	       t->dport <= r->dport_hi;
}

/* ipt_do_table() over @chain: NF_TARGET_ACCEPT / _DROP, or _NONE when no
 * rule decided (the chain's policy applies). */
static int do_table(struct netfilter *nf, int chain, const struct packet *p, int ctstate,
		    uint64_t *evaluated)
{
	uint32_t i;

	for (i = 0; i < nf->n_chain[chain]; i++) {
		const struct nf_rule_cfg *r = nf->chain[chain][i];

		*evaluated += (uint64_t)r->count;
		if (!nf_rule_match_hdr(r, p))
			continue;
		if (r->ctstate != NF_CTSTATE_ANY && r->ctstate != ctstate)
			continue;
		if (r->prob < 1 && !(rng_unit(&nf->rng) < r->prob))
			continue;
		nf->rule_pkts[nf->chain_rule[chain][i]]++;
		if (r->target != NF_TARGET_NONE)
			return r->target;
	}
	return NF_TARGET_NONE;
}

static sim_time_t rules_cost(const struct nf_costs_cfg *k, struct cpu *c, uint64_t n)
{
	sim_time_t cost = cost_draw(&k->hook, &c->rng);

	while (n--)
		cost += cost_draw(&k->rule, &c->rng);
	return cost;
}

static int nf_hooks(struct host *h, struct cpu *c, struct packet *p, sim_time_t *cost);

int nf_rx_hooks(struct host *h, struct cpu *c, struct packet *p, sim_time_t *cost)
{
	sim_time_t taps = 0, nfc = 0;
	int i, v;

	/* __netif_receive_skb_core(): list_for_each_entry_rcu(ptype, &ptype_all)
	 * and the device's ptype_all: deliver_skb() -> tpacket_rcv() */
	for (i = 0; i < h->ntaps; i++) {
		struct packet_tap *t = &h->taps[i];

		/* a tap on a NIC sees its frames; "any" those of lo and veth too */
		if (t->nic >= 0 &&
		    (p->rxq == PKT_RXQ_NONE || t->nic != h->rxqs[p->rxq]->nic->index))
			continue;
		if (!t->fanout)
			taps += af_packet_rcv(h, c, t, p);
		else if (t->fanout->arr[0] == t)
			/* the group's one prot_hook, where its first member was */
			taps += af_packet_rcv_fanout(h, c, t->fanout, p);
	}
	if (!h->nf) {
		*cost = taps;
		return -1;
	}
	v = nf_hooks(h, c, p, &nfc);
	h->nf->hook_time += nfc;
	*cost = taps + nfc;
	return v;
}

/* ip_defrag() ahead of ip_local_deliver's own: false when it kept or dropped
 * @p, which is then counted as proto_udp_rcv() counts the fragments
 * ip_defrag() keeps there. */
static bool nf_defrag(struct host *h, struct cpu *c, struct packet *p)
{
	p->proto_cpu = (uint16_t)c->id;
	if (ip_defrag(h, p))
		return true;
	c->sd.processed++;
	h->proto_rcvd++;
	return false;
}

static int nf_hooks(struct host *h, struct cpu *c, struct packet *p, sim_time_t *cost)
{
	struct netfilter *nf = h->nf;
	const struct nf_costs_cfg *k;
	int v, ctstate = NF_CTSTATE_ANY;
	int32_t ct = -1;
	bool ct_new = false;
	uint64_t n = 0;

	k = &nf->cfg->costs;
	/* nf_defrag_ipv4 (ipv4_conntrack_defrag at NF_IP_PRI_CONNTRACK_DEFRAG,
	 * before the raw table): with conntrack loaded a fragment is reassembled
	 * here, so the rules and conntrack see whole datagrams */
	if (nf->ct_on && p->tuple.proto == FLOW_FRAGMENT && !nf_defrag(h, c, p))
		return NF_RX_STOLEN;
	/* ip_rcv(): NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING) */
	if (nf->n_chain[NF_CHAIN_PREROUTING]) {
		nf->hook_pkts[NF_CHAIN_PREROUTING]++;
		v = do_table(nf, NF_CHAIN_PREROUTING, p, NF_CTSTATE_ANY, &n);
		*cost += rules_cost(k, c, n);
		if (v == NF_TARGET_DROP) {
			nf->hook_drops[NF_CHAIN_PREROUTING]++;
			return DROP_NETFILTER;
		}
	}
	if (nf->ct_on) {
		enum nf_ct_verdict cv = nf_conntrack_in(&nf->ct, c->id, &p->tuple, h->sim->now, &ct);

		*cost += cost_draw(&k->ct_lookup, &c->rng);
		for (n = nf->ct.walked; n; n--)
			*cost += cost_draw(&k->ct_chain, &c->rng);
		if (cv == NF_CT_DROP)
			return DROP_NF_CONNTRACK;
		ct_new = cv == NF_CT_NEW;
		if (ct_new)
			*cost += cost_draw(&k->ct_new, &c->rng);
		else
			nf->ct_established++;
		ctstate = cv == NF_CT_ESTABLISHED ? NF_CTSTATE_ESTABLISHED : NF_CTSTATE_NEW;
	}
	/* ip_local_deliver(): NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN) */
	if (nf->n_chain[NF_CHAIN_INPUT] || nf->cfg->input_policy == NF_TARGET_DROP) {
		/* ip_local_deliver() reassembles before the hook: INPUT sees
		 * whole datagrams */
		if (p->tuple.proto == FLOW_FRAGMENT && !nf_defrag(h, c, p))
			return NF_RX_STOLEN;
		nf->hook_pkts[NF_CHAIN_INPUT]++;
		n = 0;
		v = do_table(nf, NF_CHAIN_INPUT, p, ctstate, &n);
		*cost += rules_cost(k, c, n);
		if (v == NF_TARGET_NONE && nf->cfg->input_policy == NF_TARGET_DROP) {
			v = NF_TARGET_DROP;
			nf->policy_drops++;
		}
		if (v == NF_TARGET_DROP) {
			nf->hook_drops[NF_CHAIN_INPUT]++;
			if (ct_new)
				nf_ct_put_unconfirmed(&nf->ct, ct);
			return DROP_NETFILTER;
		}
	}
	/* nf_confirm() -> __nf_conntrack_confirm() */
	if (ct_new) {
		if (!nf_conntrack_confirm(&nf->ct, c->id, ct, h->sim->now))
			return DROP_NF_CONNTRACK;
		nf->ct_new++;
	}
	return -1;
}

void nf_rx_drop(struct host *h, struct cpu *c, struct packet *p, int place)
{
	/* __netif_receive_skb_core() counted it; UDP never sees it */
	c->sd.processed++;
	p->proto_cpu = (uint16_t)c->id;
	host_drop(h, p, (enum drop_place)place);
}

/* The flows of the "established" sources: in the table, ASSURED, at start. */
static void preload(struct host *h, struct netfilter *nf)
{
	const char *name = nf->cfg->conntrack.established;
	int i;

	while (*name) {
		size_t len = strcspn(name, ",");

		for (i = 0; i < h->nsrcs; i++) {
			const struct traffic_cfg *tc = &h->sc->traffic[i];
			struct flow_tuple t;
			int64_t f;

			if (strlen(tc->name) != len || strncmp(tc->name, name, len) ||
			    traffic_is_replay(tc))
				continue;
			for (f = 0; f < tc->flows; f++) {
				traffic_flow_tuple(&h->srcs[i].gen, (uint32_t)f, &t);
				nf_ct_add_assured(&nf->ct, &t, 0);
			}
		}
		name += len + (name[len] == ',');
	}
}

/* The gc_worker's delayed work: a pass, then the next in the delay it says. */
static void gc_work(struct sim *sim, struct sim_event *ev)
{
	struct netfilter *nf = container_of(ev, struct netfilter, gc_ev);

	sim_schedule(sim, ev, sim->now + nf_ct_gc_worker(&nf->ct, sim->now));
}

int netfilter_setup(struct host *h)
{
	const struct scenario *sc = h->sc;
	const struct netfilter_cfg *cfg = &sc->netfilter;
	struct netfilter *nf;
	uint32_t i;
	int ch;

	h->ntaps = (int)sc->n_taps;
	if (h->ntaps) {
		h->taps = calloc((size_t)h->ntaps, sizeof(*h->taps));
		if (!h->taps)
			return -1;
		for (i = 0; i < sc->n_taps; i++)
			if (af_packet_setup(h, &h->taps[i], &sc->taps[i], (int)i))
				return -1;
		if (af_packet_fanout_setup(h))
			return -1;
	}
	if (!cfg->conntrack.enabled && !cfg->n_rules && cfg->input_policy == NF_TARGET_ACCEPT) {
		h->rx_hooks = h->ntaps > 0;
		return 0;
	}
	nf = h->nf = calloc(1, sizeof(*nf));
	if (!nf)
		return -1;
	nf->cfg = cfg;
	rng_stream(&nf->rng, h->sim->seed, "netfilter/statistic");
	nf->rule_pkts = calloc(cfg->n_rules ? cfg->n_rules : 1, sizeof(*nf->rule_pkts));
	if (!nf->rule_pkts)
		return -1;
	for (ch = 0; ch < NF_CHAIN__N; ch++) {
		nf->chain[ch] = calloc(cfg->n_rules ? cfg->n_rules : 1, sizeof(*nf->chain[ch]));
		nf->chain_rule[ch] = calloc(cfg->n_rules ? cfg->n_rules : 1,
					    sizeof(*nf->chain_rule[ch]));
		if (!nf->chain[ch] || !nf->chain_rule[ch])
			return -1;
	}
	for (i = 0; i < cfg->n_rules; i++) {
		ch = cfg->rules[i].chain;
		nf->chain_rule[ch][nf->n_chain[ch]] = i;
		nf->chain[ch][nf->n_chain[ch]++] = &cfg->rules[i];
	}
	if (cfg->conntrack.enabled) {
		if (nf_ct_init(&nf->ct, &cfg->conntrack, h->ncpus, h->hz, h->sim->seed))
			return -1;
		nf->ct_on = true;
		sim_event_init(&nf->gc_ev, gc_work, PRIO_SCHED);
		preload(h, nf);
	}
	h->rx_hooks = true;
	return 0;
}

void netfilter_free(struct host *h)
{
	struct netfilter *nf = h->nf;
	int i;

	af_packet_fanout_free(h);
	for (i = 0; h->taps && i < h->ntaps; i++)
		af_packet_free(&h->taps[i]);
	free(h->taps);
	h->taps = NULL;
	if (!nf)
		return;
	if (nf->ct_on)
		nf_ct_free(&nf->ct);
	for (i = 0; i < NF_CHAIN__N; i++) {
		free(nf->chain[i]);
		free(nf->chain_rule[i]);
	}
	free(nf->rule_pkts);
	free(nf);
	h->nf = NULL;
}

void netfilter_start(struct host *h)
{
	int i;

	for (i = 0; i < h->ntaps; i++)
		af_packet_start(h, &h->taps[i]);
	/* nf_conntrack_init_start(): the first gc_worker pass after HZ */
	if (h->nf && h->nf->ct_on)
		sim_schedule(h->sim, &h->nf->gc_ev, h->sim->now + SIM_S);
}
