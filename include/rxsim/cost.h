/* SPDX-License-Identifier: MIT */
/*
 * cost.h - CPU costs: a fixed time or a distribution with that mean.
 *
 * Written in scenarios as "60ns", "exp(1us)", "uniform(0.5us,1.5us)" or
 * "lognormal(1us,0.5)" (mean, sigma of the underlying normal).  Draws are
 * integer picoseconds; a fixed cost consumes no random numbers, so making
 * one cost random does not shift any other stream.
 */
#ifndef RXSIM_COST_H
#define RXSIM_COST_H

#include <stddef.h>
#include <stdint.h>

struct rng;

enum cost_dist { COST_FIXED, COST_EXP, COST_UNIFORM, COST_LOGNORMAL };

struct cost {
	int64_t mean;		/* ps */
	int64_t lo, hi;		/* uniform bounds, ps */
	double sigma;		/* lognormal */
	double mu;		/* lognormal: log(mean) - sigma^2/2 */
	uint8_t dist;
};

int cost_parse(const char *s, struct cost *c, const char **why);
char *cost_format(const struct cost *c, char *buf, size_t len);
int64_t cost_draw(const struct cost *c, struct rng *r);

static inline struct cost cost_fixed(int64_t ps)
{
	struct cost c = { .mean = ps, .lo = ps, .hi = ps, .dist = COST_FIXED };

	return c;
}

#endif
