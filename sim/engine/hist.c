/* SPDX-License-Identifier: MIT */
/*
 * hist.c - log-linear histogram (see hist.h for the bucket layout).
 *
 * hist_record() (hist.h, inline) runs once per delivered packet, so it is
 * a clz, a shift and a few adds.  Everything that divides lives here, in
 * the readers.
 */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "rxsim/hist.h"
#include "rxsim/log2.h"



/*
 * A representative of bucket @b: the value itself below HIST_SUB,
 * otherwise the middle of [lo, lo + w), which is within w/2 <= 2^e/128 of
 * any value in the bucket.
 */
static int64_t bucket_mid(unsigned b)
{
	unsigned e, sub;
	int64_t w, lo;

	if (b < HIST_SUB)
		return (int64_t)b;
	e = (b - HIST_SUB) / HIST_HALF + HIST_SUB_BITS;
	sub = (b - HIST_SUB) % HIST_HALF;
	w = (int64_t)1 << (e - 6);
	lo = ((int64_t)1 << e) + (int64_t)sub * w;
	return lo + w / 2;
}

/* Saturate rather than wrap: signed overflow is undefined, and a
 * clamped sum only spoils the mean of a run that was absurd anyway. */

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}


void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned i;

	if (!src->count)
		return;
	if (!dst->count) {
		dst->min = src->min;
		dst->max = src->max;
	} else {
		if (src->min < dst->min)
			dst->min = src->min;
		if (src->max > dst->max)
			dst->max = src->max;
	}
	dst->count += src->count;
	dst->sum = hist_sat_add(dst->sum, src->sum);
	for (i = 0; i < HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
}

/*
 * ceil(q * n), except that a product within rounding error of an integer
 * counts as that integer: 0.07 * 100 is 7.000000000000001 in binary and
 * must still mean rank 7, not 8.
 */
static uint64_t nearest_rank(double q, uint64_t n)
{
	double x = q * (double)n;
	double r = nearbyint(x);
	uint64_t rank;

	if (fabs(x - r) <= 1e-9 * (r > 1.0 ? r : 1.0))
		x = r;
	else
		x = ceil(x);
	rank = x >= (double)n ? n : (uint64_t)x;
	return rank ? rank : 1;
}

int64_t hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen = 0;
	unsigned b;
	int64_t v;

	if (!h->count)
		return 0;
	if (!(q > 0.0))		/* also NaN */
		return h->min;
	if (q >= 1.0)
		return h->max;
	rank = nearest_rank(q, h->count);
	for (b = 0; b < HIST_LAST; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			break;
	}
	/* The last bucket also holds everything clamped at HIST_MAX_VALUE,
	 * so its midpoint means nothing; the exact max is the honest bound. */
	v = b == HIST_LAST ? h->max : bucket_mid(b);
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

int64_t hist_mean(const struct hist *h)
{
	uint64_t n = h->count;

	if (!n)
		return 0;
	/* sum < 2^63 and n/2 < 2^63, so the unsigned sum cannot wrap. */
	return (int64_t)(((uint64_t)h->sum + n / 2) / n);
}
