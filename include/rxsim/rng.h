/* SPDX-License-Identifier: MIT */
/*
 * rng.h - deterministic random streams (PCG32, XSH RR).
 *
 * Every stream is derived from the scenario seed and a stable name such as
 * "flow/17/arrival": state = splitmix64(seed ^ fnv1a(name)), stream
 * increment = fnv1a(name).  Adding a component therefore never moves the
 * draws of another.  Floats are turned into integer picoseconds at once so
 * that no floating-point value decides event order.
 */
#ifndef RXSIM_RNG_H
#define RXSIM_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
	uint64_t inc;
};

uint64_t rng_fnv1a(const char *s);
uint64_t rng_splitmix64(uint64_t x);
void rng_init(struct rng *r, uint64_t seed, uint64_t stream);
/* The stream named @name under scenario seed @seed. */
void rng_stream(struct rng *r, uint64_t seed, const char *name);
/* printf-style name: rng_streamf(&r, seed, "flow/%u/arrival", i). */
void rng_streamf(struct rng *r, uint64_t seed, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline uint32_t rng_u32(struct rng *r)
{
	uint64_t old = r->state;
	uint32_t x = (uint32_t)(((old >> 18) ^ old) >> 27);
	uint32_t rot = (uint32_t)(old >> 59);

	r->state = old * 6364136223846793005ULL + r->inc;
	return (x >> rot) | (x << ((32 - rot) & 31));
}

static inline uint64_t rng_u64(struct rng *r)
{
	uint64_t hi = rng_u32(r);

	return (hi << 32) | rng_u32(r);
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n) without modulo bias (rejection of the short top range). */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Exponential with the given mean, in integer picoseconds (>= 0). */
int64_t rng_exp_ps(struct rng *r, int64_t mean_ps);
/* Standard normal (Box-Muller; one draw pair per call, the second dropped
 * so the number of draws per call is fixed). */
double rng_normal(struct rng *r);

#endif
