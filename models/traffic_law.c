/* SPDX-License-Identifier: MIT */
/*
 * traffic_law.c - arrival laws: constant rate, Poisson, on/off bursts and
 * the Markov-modulated Poisson process, each optionally driven by a rate
 * that changes over the run (steps or linear ramps).
 *
 * An "arrival" is one frame, or one train of `train` frames; rates count
 * frames, so trains come at rate / train.  Without a rate profile the
 * constant law carries the remainder of 1e15 / rate exactly (its long-run
 * rate is exact) and the others draw integer picoseconds at once, as the
 * first version of this file did: existing scenarios keep their draws.
 *
 * With a rate profile, arrivals follow the time change of the rate's
 * integral: the next arrival is where the integral since the previous one
 * reaches `train` frames (constant law) or `train` times an Exp(1) draw
 * (Poisson: a non-homogeneous Poisson process).  The integral is solved per
 * segment in closed form (linear rate: a quadratic) and rounded to a
 * picosecond at once.
 */
#include <math.h>

#include "rxsim/traffic.h"

#define PS_MPPS 1000000000000000ULL	/* 1 s in ps, times 1000 (mpps) */
#define PER_PS	1e-15			/* mpps -> frames per ps */

static sim_time_t add_ps(sim_time_t t, int64_t dt)
{
	if (t == SIM_TIME_MAX || dt > SIM_TIME_MAX / 2 - t)
		return SIM_TIME_MAX;
	return t + dt;
}

static sim_time_t add_time(sim_time_t t, double dt)
{
	if (!(dt < 4.0e18) || (double)t + dt >= 9.0e18)
		return SIM_TIME_MAX;
	return t + (sim_time_t)llround(dt);
}

/*
 * Advance from @t0 until the rate integrates to @work frames.  Segment k
 * is [t[k-1], t[k]) with t[-1] = -inf and t[n] = +inf: before the first
 * point the rate is the first point's, after the last the last one's.
 */
static sim_time_t integrate(struct traffic_gen *g, sim_time_t t0, double work)
{
	const struct rate_profile *p = &g->prof;
	uint32_t k = g->seg, n = p->n;
	sim_time_t cur = t0;

	while (k < n && cur >= p->t[k])
		k++;
	for (;;) {
		sim_time_t end = k < n ? p->t[k] : SIM_TIME_MAX;
		double a, b = 0, span = end == SIM_TIME_MAX ? INFINITY : (double)(end - cur);

		g->seg = k;
		if (work <= 0)
			return cur;
		if (k == 0) {
			a = (double)p->rate[0];
		} else if (k == n) {
			a = (double)p->rate[n - 1];
		} else if (!g->ramp) {
			a = (double)p->rate[k - 1];
		} else {
			b = (double)(p->rate[k] - p->rate[k - 1]) / (double)(p->t[k] - p->t[k - 1]);
			a = (double)p->rate[k - 1] + b * (double)(cur - p->t[k - 1]);
			if (a < 0)
				a = 0;
		}
		a *= PER_PS;
		b *= PER_PS;
		if (b == 0) {
			if (a > 0) {
				double dt = work / a;

				if (dt < span)
					return add_time(cur, dt);
				work -= a * span;
			} else if (end == SIM_TIME_MAX) {
				return SIM_TIME_MAX;
			}
		} else {
			double area = a * span + 0.5 * b * span * span;

			if (area >= work) {
				double disc = a * a + 2.0 * b * work, dt;

				if (disc < 0)
					disc = 0;
				/* the root of a dt + b/2 dt^2 = work, without cancellation */
				dt = 2.0 * work / (a + sqrt(disc));
				return add_time(cur, dt < span ? dt : span);
			}
			work -= area;
		}
		cur = end;
		k++;
	}
}

static bool profiled(const struct traffic_gen *g)
{
	return g->prof.n > 0;
}

/* Exp(1) without rounding (the profile path). */
static double exp1(struct rng *r)
{
	return -log(1.0 - rng_unit(r));
}

static sim_time_t const_gap(struct traffic_gen *g)
{
	/* floor((carry + 1e15 * unit) / rate) with carry < rate, without the
	 * division: the quotient and remainder of the gap are fixed */
	uint64_t step = g->gap_q;

	g->carry += g->gap_r;
	if (g->carry >= (uint64_t)g->rate) {
		g->carry -= (uint64_t)g->rate;
		step++;
	}
	return (sim_time_t)step;
}

/* ---- constant ---- */

static sim_time_t constant_first(struct traffic_gen *g)
{
	/* with a profile: mid-period phase, so a rate that starts at 0 waits */
	return profiled(g) ? integrate(g, g->start, 0.5 * (double)g->unit) : g->start;
}

static sim_time_t constant_next(struct traffic_gen *g, sim_time_t prev)
{
	if (profiled(g))
		return integrate(g, prev, (double)g->unit);
	return add_ps(prev, const_gap(g));
}

/* ---- Poisson ---- */

static sim_time_t poisson_first(struct traffic_gen *g)
{
	return profiled(g) ? integrate(g, g->start, (double)g->unit * exp1(&g->arr_rng))
			   : g->start;
}

static sim_time_t poisson_next(struct traffic_gen *g, sim_time_t prev)
{
	if (profiled(g))
		return integrate(g, prev, (double)g->unit * exp1(&g->arr_rng));
	return add_ps(prev, rng_exp_ps(&g->arr_rng,
				       (int64_t)(PS_MPPS * g->unit / (uint64_t)g->rate)));
}

/* ---- on/off: bursts at a constant rate, lengths and gaps from their laws ---- */

/* A burst starting at @t; returns its first arrival or SIM_TIME_MAX. */
static sim_time_t onoff_bursts_from(struct traffic_gen *g, sim_time_t t)
{
	for (;;) {
		sim_time_t first;

		if (t >= g->stop)
			return SIM_TIME_MAX;
		g->on_until = add_ps(t, traffic__tdist_draw(&g->on_d, &g->arr_rng));
		g->carry = 0;
		first = profiled(g) ? integrate(g, t, 0.5 * (double)g->unit) : t;
		if (first == SIM_TIME_MAX)
			return SIM_TIME_MAX;
		if (!profiled(g) || first < g->on_until)
			return first;
		t = add_ps(g->on_until, traffic__tdist_draw(&g->off_d, &g->arr_rng));
	}
}

static sim_time_t onoff_first(struct traffic_gen *g)
{
	return onoff_bursts_from(g, g->start);
}

static sim_time_t onoff_next(struct traffic_gen *g, sim_time_t prev)
{
	sim_time_t next = profiled(g) ? integrate(g, prev, (double)g->unit)
				      : add_ps(prev, const_gap(g));

	if (next < g->on_until)
		return next;
	return onoff_bursts_from(g, add_ps(g->on_until,
					   traffic__tdist_draw(&g->off_d, &g->arr_rng)));
}

/* ---- MMPP: Poisson at the rate of a hidden state that changes after
 * exponential sojourns; on leaving a state the next one is uniform among
 * the others, so the time share of state i is dwell_i / sum(dwell). ---- */

static void mmpp_enter(struct traffic_gen *g, sim_time_t t, uint32_t state)
{
	g->state = state;
	g->state_until = add_ps(t, rng_exp_ps(&g->state_rng, g->mm_dwell[state]));
}

static sim_time_t mmpp_from(struct traffic_gen *g, sim_time_t t)
{
	for (;;) {
		int64_t r = g->mm_rate[g->state];

		if (r > 0) {
			/* memoryless: a draw past the sojourn is discarded, not carried */
			int64_t mean = (int64_t)(PS_MPPS * g->unit / (uint64_t)r);
			sim_time_t cand = add_ps(t, rng_exp_ps(&g->arr_rng, mean));

			if (cand < g->state_until)
				return cand;
		}
		t = g->state_until;
		if (t >= g->stop)
			return SIM_TIME_MAX;
		mmpp_enter(g, t, g->nstates == 2 ? g->state ^ 1 :
			   (g->state + 1 + (uint32_t)rng_below(&g->state_rng, g->nstates - 1)) %
				   g->nstates);
	}
}

static sim_time_t mmpp_first(struct traffic_gen *g)
{
	uint64_t total = 0, x;
	uint32_t i;

	/* stationary start: state i with probability dwell_i / sum */
	for (i = 0; i < g->nstates; i++)
		total += (uint64_t)g->mm_dwell[i];
	x = rng_below(&g->state_rng, total);
	for (i = 0; i + 1 < g->nstates && x >= (uint64_t)g->mm_dwell[i]; i++)
		x -= (uint64_t)g->mm_dwell[i];
	mmpp_enter(g, g->start, i);
	return mmpp_from(g, g->start);
}

static sim_time_t mmpp_next(struct traffic_gen *g, sim_time_t prev)
{
	return mmpp_from(g, prev);
}

const struct arrival_ops traffic__laws[] = {
	[ARR_CONSTANT] = { "constant", constant_first, constant_next },
	[ARR_POISSON] = { "poisson", poisson_first, poisson_next },
	[ARR_ONOFF] = { "onoff", onoff_first, onoff_next },
	[ARR_MMPP] = { "mmpp", mmpp_first, mmpp_next },
};
