/* SPDX-License-Identifier: MIT */
/*
 * log2.h - ilog2() and roundup_pow_of_two() of include/linux/log2.h, for
 * the table sizes and scaling factors the kernel derives with them.
 */
#ifndef RXSIM_LOG2_H
#define RXSIM_LOG2_H

#include <stdint.h>

/* floor(log2(v)); 0 for v <= 1 */
static inline uint32_t ilog2(uint64_t v)
{
	return v > 1 ? 63u - (uint32_t)__builtin_clzll(v) : 0;
}

/* the smallest power of two >= v; 1 for v <= 1 */
static inline uint32_t roundup_pow_of_two(uint32_t v)
{
	return v > 1 ? (uint32_t)1 << (32 - __builtin_clz(v - 1)) : 1;
}

#endif
