/* SPDX-License-Identifier: MIT */
/*
 * hist.h - log-linear latency histogram with constant memory.
 *
 * Values are non-negative integers (picoseconds).  Values below
 * HIST_SUB are counted exactly; above, each power of two [2^e, 2^(e+1)) is
 * split into HIST_SUB/2 equal buckets, so a bucket is at most 2^e/64 wide and
 * its midpoint lies within 1/128 (0.78%) of any value in it.  Values beyond
 * HIST_MAX_VALUE land in the last bucket; min, max, count and sum stay exact.
 * Recording is a clz, a shift and an add: no division on the hot path.
 */
#ifndef RXSIM_HIST_H
#define RXSIM_HIST_H

#include <assert.h>
#include <stdint.h>

#include "rxsim/log2.h"

#define HIST_SUB_BITS	7			/* 128 exact values, then 64 per octave */
#define HIST_SUB	(1u << HIST_SUB_BITS)
#define HIST_HALF	(HIST_SUB / 2)
#define HIST_TOP_BIT	52			/* 2^52 ps = 75 minutes */
#define HIST_MAX_VALUE	((int64_t)1 << HIST_TOP_BIT)
#define HIST_BUCKETS	(HIST_SUB + (HIST_TOP_BIT - HIST_SUB_BITS + 1) * HIST_HALF)

struct hist {
	uint64_t count;
	int64_t min;
	int64_t max;
	/* sum in ps; 2^63 ps is 106 days of accumulated latency */
	int64_t sum;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct hist *h);
#define HIST_LAST	(HIST_BUCKETS - 1)

static inline unsigned hist_bucket_of(uint64_t v)
{
	unsigned e;

	if (v < HIST_SUB)
		return (unsigned)v;
	if (v >= (uint64_t)HIST_MAX_VALUE)
		return HIST_LAST;
	e = ilog2(v);
	/* The 6 bits below the top bit pick one of 64 equal slices. */
	return HIST_SUB + (e - HIST_SUB_BITS) * HIST_HALF +
	       (unsigned)((v >> (e - 6)) & (HIST_HALF - 1));
}

static inline int64_t hist_sat_add(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return INT64_MAX;
	return r;
}

/* Once per delivered packet: inline. */
static inline void hist_record(struct hist *h, int64_t v)
{
	assert(v >= 0 && "latency must not be negative");
	h->bucket[hist_bucket_of((uint64_t)v)]++;
	if (!h->count++) {
		h->min = v;
		h->max = v;
	} else {
		if (v < h->min)
			h->min = v;
		if (v > h->max)
			h->max = v;
	}
	h->sum = hist_sat_add(h->sum, v);
}
void hist_merge(struct hist *dst, const struct hist *src);
/* The value of rank ceil(q * count) (nearest-rank definition), q in [0,1];
 * q = 0 gives min and q = 1 max exactly.  0 when the histogram is empty. */
int64_t hist_quantile(const struct hist *h, double q);
/* Mean, rounded to the nearest picosecond; 0 when empty. */
int64_t hist_mean(const struct hist *h);

#endif
