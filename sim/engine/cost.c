/* SPDX-License-Identifier: MIT */
/*
 * cost.c - draw a CPU cost from its distribution (the text form is
 * sim/scenario/cost_text.c).
 */
#include <math.h>

#include "rxsim/cost.h"
#include "rxsim/engine.h"
#include "rxsim/rng.h"

int64_t cost_draw(const struct cost *c, struct rng *r)
{
	double x;

	switch (c->dist) {
	case COST_FIXED:
		return c->mean;
	case COST_EXP:
		return rng_exp_ps(r, c->mean);
	case COST_UNIFORM:
		return c->lo + (int64_t)rng_below(r, (uint64_t)(c->hi - c->lo) + 1);
	case COST_LOGNORMAL:
		x = exp(c->mu + c->sigma * rng_normal(r));
		return x >= 9.0e18 ? INT64_MAX / 2 : (int64_t)llround(x);
	}
	return c->mean;
}
