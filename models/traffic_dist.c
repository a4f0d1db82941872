/* SPDX-License-Identifier: MIT */
/*
 * traffic_dist.c - the discrete and continuous laws a source draws from:
 * Walker's alias method (Vose's construction) for size tables and flow
 * weights, the packet-size laws, the tuple of a flow, and the durations of
 * on/off bursts and gaps.
 *
 * The alias table makes a draw O(1) whatever the number of flows: one
 * uniform slot and one 32-bit coin, 8 bytes of state per flow.  Building it
 * for 10 million Zipf flows takes a transient 20 bytes per flow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/traffic.h"

/* ---- alias tables ---- */

static uint32_t coin(double p)
{
	if (!(p < 1.0))
		return UINT32_MAX;
	if (!(p > 0.0))
		return 0;
	return (uint32_t)(p * 4294967296.0);
}

/**
 * alias_build - the alias table of the weights @w(i), i < @n.
 * Slot i keeps i with probability thr[i] / 2^32 and otherwise gives
 * alias[i].  A full slot (thr = 2^32 - 1) aliases to itself, so the 2^-32
 * rounding of the coin cannot leak probability to another outcome.
 */
int alias_build(struct alias_table *a, uint32_t n, alias_weight_fn w, const void *arg)
{
	return alias_build_stop(a, n, w, arg, NULL);
}

/* whether to give up: looked at once per 65536 outcomes */
static bool stop_seen(uint32_t i, volatile sig_atomic_t *stop)
{
	return !(i & 0xffff) && stop && *stop;
}

int alias_build_stop(struct alias_table *a, uint32_t n, alias_weight_fn w, const void *arg,
		     volatile sig_atomic_t *stop)
{
	double *p = malloc((size_t)n * sizeof(*p)), sum = 0;
	uint32_t *stack = malloc((size_t)n * sizeof(*stack));
	uint32_t i, ns = 0, nl = 0;

	memset(a, 0, sizeof(*a));
	a->thr = malloc((size_t)n * sizeof(*a->thr));
	a->alias = malloc((size_t)n * sizeof(*a->alias));
	if (!p || !stack || !a->thr || !a->alias || !n)
		goto out_free;
	for (i = 0; i < n; i++) {
		if (stop_seen(i, stop))
			goto out_free;
		p[i] = w(i, arg);
		sum += p[i];
	}
	if (!(sum > 0))
		goto out_free;
	/* small outcomes grow from the bottom of the stack, large from the top */
	for (i = 0; i < n; i++) {
		if (stop_seen(i, stop))
			goto out_free;
		p[i] = p[i] * (double)n / sum;
		if (p[i] < 1.0)
			stack[ns++] = i;
		else
			stack[n - 1 - nl++] = i;
	}
	while (ns && nl) {
		uint32_t s = stack[--ns], l = stack[n - nl];

		a->thr[s] = coin(p[s]);
		a->alias[s] = l;
		p[l] = (p[l] + p[s]) - 1.0;
		if (p[l] < 1.0) {
			nl--;
			stack[ns++] = l;
		}
	}
	while (nl) {
		uint32_t l = stack[n - nl--];

		a->thr[l] = UINT32_MAX;
		a->alias[l] = l;
	}
	while (ns) {		/* left over by rounding: all but 1 */
		uint32_t s = stack[--ns];

		a->thr[s] = UINT32_MAX;
		a->alias[s] = s;
	}
	a->n = n;
	free(p);
	free(stack);
	return 0;
out_free:
	free(p);
	free(stack);
	alias_free(a);
	return -1;
}

void alias_free(struct alias_table *a)
{
	free(a->thr);
	free(a->alias);
	memset(a, 0, sizeof(*a));
}

/* ---- packet sizes ---- */

static uint16_t size_fixed(struct traffic_gen *g)
{
	return g->sizes.lo;
}

static uint16_t size_uniform(struct traffic_gen *g)
{
	return (uint16_t)(g->sizes.lo + rng_below(&g->size_rng,
						  (uint64_t)(g->sizes.hi - g->sizes.lo) + 1));
}

static uint16_t size_table(struct traffic_gen *g)
{
	return g->sizes.size[alias_draw(&g->size_alias, &g->size_rng)];
}

static const struct size_law_ops size_laws[] = {
	[SIZE_FIXED] = { "fixed", size_fixed },
	[SIZE_UNIFORM] = { "uniform", size_uniform },
	[SIZE_TABLE] = { "table", size_table },
};

static double size_weight(uint32_t i, const void *arg)
{
	const struct size_spec *s = arg;

	return s->weight[i];
}

int traffic__size_init(struct traffic_gen *g)
{
	const struct traffic_cfg *c = g->cfg;

	g->sizes = c->parsed.sizes;
	g->size_law = &size_laws[g->sizes.kind];
	if (g->sizes.kind == SIZE_TABLE)
		return alias_build(&g->size_alias, g->sizes.n, size_weight, &g->sizes);
	return 0;
}

/* ---- flows ---- */

static double zipf_weight(uint32_t i, const void *arg)
{
	return pow((double)i + 1.0, -*(const double *)arg);
}

static double list_weight(uint32_t i, const void *arg)
{
	return ((const double *)arg)[i];
}

int traffic__flow_init(struct traffic_gen *g)
{
	const struct traffic_cfg *c = g->cfg;
	const struct weights_spec *ws;
	struct port_range sp;
	int rc = 0;

	g->flows = (uint32_t)c->flows;
	g->proto = c->proto == TPROTO_TCP ? FLOW_TCP : FLOW_UDP;
	g->src = c->parsed.src;
	g->dst = c->parsed.dst;
	g->family = g->src.family;
	g->nsrc = g->src.count;
	g->ndst = g->dst.count;
	sp = c->parsed.sport;
	g->sport_lo = sp.lo;
	g->nsport = (uint64_t)sp.hi - sp.lo + 1;
	g->dport_lo = (uint16_t)(c->dst_port > 0 ? c->dst_port : 0);
	g->ndport = 1;
	g->next_flow = 0;
	ws = &c->parsed.weights;
	g->weighted = ws->kind != W_EQUAL && g->flows > 1;
	if (!g->weighted)
		return 0;
	if (ws->kind == W_ZIPF)
		return alias_build_stop(&g->flow_alias, g->flows, zipf_weight, &ws->s,
					g->stop_flag);
	{
		double *w = calloc(g->flows, sizeof(double));
		uint64_t i = 0, k;
		uint32_t r;

		if (!w)
			return -1;
		/* flows beyond the list weigh 0; list items beyond the flows are unused */
		for (r = 0; r < ws->nruns; r++)
			for (k = 0; k < ws->run[r].count && i < g->flows; k++)
				w[i++] = ws->run[r].w;
		rc = alias_build_stop(&g->flow_alias, g->flows, list_weight, w, g->stop_flag);
		free(w);
	}
	return rc;
}

/* @addr (big-endian, @len bytes) += @v */
static void addr_add(uint8_t *addr, int len, uint64_t v)
{
	int i;

	for (i = len - 1; i >= 0 && v; i--) {
		uint64_t x = addr[i] + (v & 0xff);

		addr[i] = (uint8_t)x;
		v = (v >> 8) + (x >> 8);
	}
}

/* i % n, without a division for a range one wide (the usual single
 * address or port): this runs once per synthetic packet. */
static inline uint64_t wrap(uint64_t i, uint64_t n)
{
	return n == 1 ? 0 : i % n;
}

void traffic_flow_tuple(const struct traffic_gen *g, uint32_t i, struct flow_tuple *t)
{
	int len = g->family == FLOW_IPV4 ? 4 : 16;

	memset(t, 0, sizeof(*t));
	t->family = g->family;
	t->proto = g->proto;
	memcpy(t->saddr, g->src.base, 16);
	memcpy(t->daddr, g->dst.base, 16);
	addr_add(t->saddr, len, wrap(i, g->nsrc));
	addr_add(t->daddr, len, wrap(i, g->ndst));
	t->sport = (uint16_t)(g->sport_lo + wrap(i, g->nsport));
	t->dport = (uint16_t)(g->dport_lo + wrap(i, g->ndport));
}

/* ---- durations ---- */

int64_t traffic__tdist_draw(const struct time_dist *d, struct rng *r)
{
	double x;

	switch (d->kind) {
	case TD_FIXED:
		return d->mean;
	case TD_UNIFORM:
		return d->lo + (int64_t)rng_below(r, (uint64_t)(d->hi - d->lo) + 1);
	case TD_LOGNORMAL:
		x = exp(d->mu + d->shape * rng_normal(r));
		break;
	case TD_PARETO:
		/* inversion: x_m / U^(1/alpha), U = 1 - unit in (0, 1] */
		x = d->scale / pow(1.0 - rng_unit(r), 1.0 / d->shape);
		break;
	default:
		return rng_exp_ps(r, d->mean);
	}
	return x >= 4.0e18 ? INT64_C(4000000000000000000) : (int64_t)llround(x);
}
