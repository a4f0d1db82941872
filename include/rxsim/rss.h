/* SPDX-License-Identifier: MIT */
/*
 * rss.h - receive side scaling: the Toeplitz hash over a packet's tuple
 * and the indirection table that maps the hash to an rx queue.
 */
#ifndef RXSIM_RSS_H
#define RXSIM_RSS_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/flow.h"

#define RSS_KEY_LEN	40
#define RSS_INDIR_MAX	512

struct rss {
	uint8_t key[RSS_KEY_LEN];
	bool udp4_ports;		/* rx-flow-hash udp4 sdfn (else sd) */
	bool udp6_ports;
	uint32_t indir_size;
	uint16_t indir[RSS_INDIR_MAX];
	/* lut[i][b]: the hash contribution of byte value b at input position
	 * i; Toeplitz is linear over XOR, so a hash is 12 to 36 lookups. */
	uint32_t lut[36][256];
	bool lut_ready;
};

extern const uint8_t rss_default_key[RSS_KEY_LEN];

/* Toeplitz: for every set input bit (MSB first) XOR in the 32-bit window
 * of the key starting at that bit. */
uint32_t rss_toeplitz(const uint8_t *key, unsigned keylen, const uint8_t *in, unsigned len);
/* Fill the lookup table from r->key (call after changing the key). */
void rss_prepare(struct rss *r);
/* The hash the NIC computes for @t under the fields it hashes. */
uint32_t rss_hash(const struct rss *r, const struct flow_tuple *t);
static inline uint32_t rss_queue(const struct rss *r, uint32_t hash)
{
	uint32_t n = r->indir_size;

	/* the usual power-of-two table takes a mask, not a division */
	return r->indir[n & (n - 1) ? hash % n : hash & (n - 1)];
}
/* "6d:5a:56:..." (40 bytes, colons optional) into @key (may be NULL to
 * validate only); 0 or -1. */
int rss_parse_key(const char *text, uint8_t *key);
/* ethtool_rxfh_indir_default(): i % n; or ethtool -X weight W0 W1 ... */
void rss_indir_fill(struct rss *r, uint32_t size, uint32_t nqueues, const uint16_t *weights,
		    uint32_t nweights);

#endif
