/* SPDX-License-Identifier: MIT */
/*
 * xdp.c - an XDP program in native (driver) mode.
 *
 * Mirrors the driver side of mlx5e_xdp_handle() (en/xdp.c) and
 * ixgbe_run_xdp(): the program runs on the frame before any skb exists;
 * XDP_PASS goes on to build the skb and GRO; XDP_DROP and XDP_ABORTED
 * (trace_xdp_exception) recycle the buffer and count rx_xdp_drop - no skb,
 * so no SKB_DROP_REASON (that reason belongs to generic XDP and to cpumap
 * and veth programs that free skbs); XDP_TX posts the frame on the queue's
 * XDP send ring (mlx5e_xmit_xdp_frame: a full ring counts rx_xdp_tx_full
 * and drops); XDP_REDIRECT into a cpumap entry (bpf_redirect_map ->
 * cpu_map_enqueue) queues it for that CPU's kthread, flushed by
 * xdp_do_flush() at the end of the poll.
 *
 * The program itself is a list of rules on the packet's addresses, ports,
 * source and flow, with an optional deterministic fraction: the first rule
 * that matches decides, none: XDP_PASS.
 *
 * Simplified: the send ring has as many descriptors as the rx ring and
 * sends at the NIC's line rate; driver_rx is still charged for frames the
 * program consumes (its skb build is not subtracted).
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/pool.h"
#include "rxsim/xdp.h"

/* @a inside [base, base + count) of @family (network byte order) */
static bool addr_in(const uint8_t *a, int family, const uint8_t *base, uint64_t count)
{
	int len = family == FLOW_IPV6 ? 16 : 4, low = len > 8 ? len - 8 : 0, i;
	uint64_t x = 0, b = 0;

	for (i = 0; i < low; i++)
		if (a[i] != base[i])
			return false;
	for (i = low; i < len; i++) {
		x = x << 8 | a[i];
		b = b << 8 | base[i];
	}
	return x >= b && x - b < count;
}

static bool rule_match(const struct xdp_rule_cfg *r, const struct packet *p)
{
	const struct flow_tuple *t = &p->tuple;

	if (r->traffic_idx >= 0) {
		uint32_t i;
		bool in = !r->flows.n;

		if (p->src != r->traffic_idx)
			return false;
		for (i = 0; i < r->flows.n && !in; i++)
			in = r->flows.cpu[i] == p->flow;
		if (!in)
			return false;
	}
	if (r->src_family && (t->family != r->src_family ||
			      !addr_in(t->saddr, t->family, r->src_base, r->src_count)))
		return false;
	if (r->dst_family && (t->family != r->dst_family ||
			      !addr_in(t->daddr, t->family, r->dst_base, r->dst_count)))
		return false;
	return t->sport >= r->sport_lo && t->sport <= r->sport_hi &&
	       t->dport >= r->dport_lo && t->dport <= r->dport_hi;
}

int xdp_rules_run(const struct xdp_rule_cfg *rules, uint32_t n, uint64_t *credit,
		  uint64_t *hits, const struct packet *p, int *cpu)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct xdp_rule_cfg *r = &rules[i];

		if (!rule_match(r, p))
			continue;
		if (r->fraction_ppm < 1000000) {
			/* packet k of the matching ones is taken when floor(k * f)
			 * grows: exactly floor(n * f) of the first n */
			credit[i] += r->fraction_ppm;
			if (credit[i] < 1000000)
				continue;
			credit[i] -= 1000000;
		}
		hits[i]++;
		*cpu = (int)r->cpu;
		return r->action;
	}
	return XDP_PASS;
}

int xdp_prog_run(struct host *h, struct xdp_prog *prog, const struct packet *p, int *cpu)
{
	(void)h;
	return xdp_rules_run(prog->cfg->xdp_rules, prog->cfg->n_xdp_rules, prog->credit,
			     prog->rule_hits, p, cpu);
}

/* Free the frames the send ring has put on the wire by now. */
static void tx_reap(struct host *h, struct xdp_rxq *x)
{
	while (x->tx_ring.head && x->tx_ring.head->t_sock <= h->sim->now) {
		pool_put(&h->pkts, pktq_pop(&x->tx_ring));
		x->tx_done++;
	}
}

/* mlx5e_xmit_xdp_frame(): post on the XDP send ring, or count it full. */
static void xdp_tx(struct host *h, struct xdp_prog *prog, struct xdp_rxq *x, struct packet *p)
{
	/* preamble + SFD and the inter-frame gap take the wire too */
	uint64_t bits = ((uint64_t)p->size + 20u) * 8u;
	sim_time_t start;

	tx_reap(h, x);
	if (x->tx_ring.len >= x->tx_size) {
		x->tx_full++;
		pool_put(&h->pkts, p);
		return;
	}
	start = x->tx_free_at > h->sim->now ? x->tx_free_at : h->sim->now;
	x->tx_free_at = start + (sim_time_t)(bits * (uint64_t)SIM_S / prog->speed);
	p->t_sock = x->tx_free_at;
	pktq_push(&x->tx_ring, p);
	x->tx_xmit++;
}

bool xdp_handle(struct host *h, struct cpu *c, struct rxq *q, struct packet *p)
{
	struct xdp_prog *prog = q->nic->xdp;
	struct xdp_rxq *x = &prog->rxqs[q->index];
	int cpu = 0, act = xdp_prog_run(h, prog, p, &cpu);

	x->verdict[act]++;
	switch (act) {
	case XDP_PASS:
		return false;
	case XDP_TX:
		xdp_tx(h, prog, x, p);
		return true;
	case XDP_REDIRECT:
		/* the entries exist for every CPU a redirect rule names */
		cpu_map_enqueue(h, prog->entries[cpu], p, c->id);
		prog->flush_cpus |= 1ull << (c->id & 63);
		return true;
	default:
		/* XDP_ABORTED and XDP_DROP: the buffer goes back to the page pool */
		pool_put(&h->pkts, p);
		return true;
	}
}

void xdp_do_flush(struct host *h, struct nic *nic, int cpu)
{
	struct xdp_prog *prog = nic->xdp;
	uint64_t bit = 1ull << (cpu & 63);
	int i;

	if (!(prog->flush_cpus & bit))
		return;
	prog->flush_cpus &= ~bit;
	for (i = 0; i < h->ncpus; i++)
		if (prog->entries[i])
			cpu_map_flush(h, prog->entries[i], cpu);
}

int xdp_setup(struct host *h, struct nic *nic)
{
	const struct nic_cfg *cfg = nic->cfg;
	struct xdp_prog *prog;
	uint32_t i;

	nic->xdp = NULL;
	if (!cfg->xdp)
		return 0;
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return -1;
	nic->xdp = prog;
	prog->cfg = cfg;
	prog->speed = (uint64_t)cfg->speed;
	prog->credit = calloc(cfg->n_xdp_rules + 1, sizeof(*prog->credit));
	prog->rule_hits = calloc(cfg->n_xdp_rules + 1, sizeof(*prog->rule_hits));
	prog->rxqs = calloc((size_t)nic->nrxq, sizeof(*prog->rxqs));
	prog->entries = calloc((size_t)h->ncpus, sizeof(*prog->entries));
	if (!prog->credit || !prog->rule_hits || !prog->rxqs || !prog->entries)
		return -1;
	for (i = 0; i < (uint32_t)nic->nrxq; i++) {
		pktq_init(&prog->rxqs[i].tx_ring);
		prog->rxqs[i].tx_size = (uint32_t)cfg->rx_ring;
	}
	for (i = 0; i < cfg->n_xdp_rules; i++) {
		const struct xdp_rule_cfg *r = &cfg->xdp_rules[i];
		struct cpumap_entry *e;

		if (r->action != XDP_REDIRECT || prog->entries[r->cpu])
			continue;
		e = calloc(1, sizeof(*e));
		if (!e)
			return -1;
		prog->entries[r->cpu] = e;
		/* map ids count from 1 per NIC */
		if (cpumap_entry_init(h, e, (int)r->cpu, nic->index + 1,
				      (uint32_t)cfg->cpumap_qsize))
			return -1;
	}
	return 0;
}

void xdp_teardown(struct host *h, struct nic *nic)
{
	struct xdp_prog *prog = nic->xdp;
	int i;

	if (!prog)
		return;
	for (i = 0; prog->entries && i < h->ncpus; i++)
		if (prog->entries[i]) {
			cpumap_entry_free(prog->entries[i]);
			free(prog->entries[i]);
		}
	free(prog->entries);
	free(prog->rxqs);
	free(prog->credit);
	free(prog->rule_hits);
	free(prog);
	nic->xdp = NULL;
}

uint64_t xdp_in_flight(const struct host *h)
{
	uint64_t n = 0;
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		const struct xdp_prog *prog = h->nics[i].xdp;

		if (!prog)
			continue;
		for (j = 0; j < h->nics[i].nrxq; j++)
			n += prog->rxqs[j].tx_ring.len;
		for (j = 0; j < h->ncpus; j++)
			if (prog->entries[j])
				n += cpumap_held(h, prog->entries[j]);
	}
	return n;
}

uint64_t xdp_gone(const struct host *h)
{
	uint64_t n = 0;
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		const struct xdp_prog *prog = h->nics[i].xdp;

		if (!prog)
			continue;
		for (j = 0; j < h->nics[i].nrxq; j++) {
			const struct xdp_rxq *x = &prog->rxqs[j];

			n += x->verdict[XDP_ABORTED] + x->verdict[XDP_DROP] + x->tx_full + x->tx_done;
		}
		for (j = 0; j < h->ncpus; j++)
			if (prog->entries[j])
				n += prog->entries[j]->drops;
	}
	return n;
}
