/* SPDX-License-Identifier: MIT */
/*
 * rng.c - stream derivation and the few distributions the models draw.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "rxsim/rng.h"

uint64_t rng_fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t rng_splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->state = 0;
	r->inc = (stream << 1) | 1;
	rng_u32(r);
	r->state += seed;
	rng_u32(r);
}

void rng_stream(struct rng *r, uint64_t seed, const char *name)
{
	uint64_t h = rng_fnv1a(name);

	rng_init(r, rng_splitmix64(seed ^ h), h);
}

void rng_streamf(struct rng *r, uint64_t seed, const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	rng_stream(r, seed, name);
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t x, lim;

	if (n <= 1)
		return 0;
	lim = -n % n;	/* 2^64 mod n */
	do
		x = rng_u64(r);
	while (x < lim);
	return x % n;
}

int64_t rng_exp_ps(struct rng *r, int64_t mean_ps)
{
	/* 1 - U lies in (0, 1], so the log is finite. */
	double x = -log(1.0 - rng_unit(r)) * (double)mean_ps;

	if (x >= 9.0e18)
		return INT64_MAX / 2;
	return (int64_t)llround(x);
}

double rng_normal(struct rng *r)
{
	double u1 = 1.0 - rng_unit(r);
	double u2 = rng_unit(r);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2);
}
