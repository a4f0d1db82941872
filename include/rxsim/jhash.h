/* SPDX-License-Identifier: MIT */
/*
 * jhash.h - the mixing steps of include/linux/jhash.h (Bob Jenkins'
 * lookup3): __jhash_mix, __jhash_final and jhash_3words, for the hashes
 * that must spread as the kernel's do (SO_REUSEPORT selection, packet
 * fanout).
 */
#ifndef RXSIM_JHASH_H
#define RXSIM_JHASH_H

#include <stdint.h>

static inline uint32_t rol32(uint32_t w, unsigned s)
{
	return (w << s) | (w >> (32 - s));
}

/* __jhash_mix(a, b, c) */
static inline void jhash_mix(uint32_t *a, uint32_t *b, uint32_t *c)
{
	*a -= *c; *a ^= rol32(*c, 4); *c += *b;
	*b -= *a; *b ^= rol32(*a, 6); *a += *c;
	*c -= *b; *c ^= rol32(*b, 8); *b += *a;
	*a -= *c; *a ^= rol32(*c, 16); *c += *b;
	*b -= *a; *b ^= rol32(*a, 19); *a += *c;
	*c -= *b; *c ^= rol32(*b, 4); *b += *a;
}

/* __jhash_final(a, b, c): the result is c */
static inline uint32_t jhash_final(uint32_t a, uint32_t b, uint32_t c)
{
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* jhash_3words() */
static inline uint32_t jhash_3words(uint32_t a, uint32_t b, uint32_t c, uint32_t initval)
{
	initval += 0xdeadbeef + (3 << 2);
	return jhash_final(a + initval, b + initval, c + initval);
}

#endif
