/* SPDX-License-Identifier: MIT */
/*
 * rss.c - Toeplitz hash and indirection table.
 *
 * Mirrors the drivers' RSS (ixgbe_setup_mrqc, mlx5e rss): the input is src address, dst
 * address, then (when the driver hashes L4 for the protocol) src and dst
 * ports, all in network byte order; queue = indir[hash % table size].  The
 * default key is the 40-byte key published with the RSS verification
 * suite; Linux instead fills a random key per boot (netdev_rss_key_fill),
 * which "rss_key": "random" reproduces from the scenario seed.  The
 * default table is ethtool_rxfh_indir_default(); weights spread entries
 * like ethtool -X weight (ethtool's rxfh weight fill, proportional runs).
 */
#include <string.h>

#include "rxsim/ip_frag.h"
#include "rxsim/rss.h"

const uint8_t rss_default_key[RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

uint32_t rss_toeplitz(const uint8_t *key, unsigned keylen, const uint8_t *in, unsigned len)
{
	/* window = key bits [b, b+32); slide it one bit per input bit */
	uint32_t hash = 0, window = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 |
				    (uint32_t)key[2] << 8 | key[3];
	unsigned i, b;

	for (i = 0; i < len; i++) {
		uint8_t next = i + 4 < keylen ? key[i + 4] : 0;

		for (b = 0; b < 8; b++) {
			if (in[i] & (0x80u >> b))
				hash ^= window;
			window = window << 1 | ((next >> (7 - b)) & 1);
		}
	}
	return hash;
}

static uint32_t rss_hash_slow(const uint8_t *key, const struct flow_tuple *t, unsigned alen,
			      bool ports, uint8_t *in);

uint32_t rss_hash(const struct rss *r, const struct flow_tuple *t)
{
	unsigned alen = t->family == FLOW_IPV6 ? 16 : 4, n, i;
	/* a fragment has no L4 header to read: the NIC hashes its addresses */
	bool ports = t->proto == FLOW_TCP ||
		     (t->proto != FLOW_FRAGMENT &&
		      (t->family == FLOW_IPV6 ? r->udp6_ports : r->udp4_ports));
	uint8_t in[36];

	if (r->lut_ready) {
		uint32_t hash = 0;

		for (i = 0; i < alen; i++)
			hash ^= r->lut[i][t->saddr[i]] ^ r->lut[alen + i][t->daddr[i]];
		if (ports) {
			n = 2 * alen;
			hash ^= r->lut[n][t->sport >> 8] ^ r->lut[n + 1][t->sport & 0xff] ^
				r->lut[n + 2][t->dport >> 8] ^ r->lut[n + 3][t->dport & 0xff];
		}
		return hash;
	}
	return rss_hash_slow(r->key, t, alen, ports, in);
}

static uint32_t rss_hash_slow(const uint8_t *key, const struct flow_tuple *t, unsigned alen,
			      bool ports, uint8_t *in)
{
	unsigned n;

	memcpy(in, t->saddr, alen);
	memcpy(in + alen, t->daddr, alen);
	n = 2 * alen;
	if (ports) {
		in[n++] = (uint8_t)(t->sport >> 8);
		in[n++] = (uint8_t)t->sport;
		in[n++] = (uint8_t)(t->dport >> 8);
		in[n++] = (uint8_t)t->dport;
	}
	return rss_toeplitz(key, RSS_KEY_LEN, in, n);
}

void rss_prepare(struct rss *r)
{
	unsigned i, b, bit;

	for (i = 0; i < 36; i++) {
		uint32_t one[8];

		/* the contribution of each single bit at position i ... */
		for (bit = 0; bit < 8; bit++) {
			uint8_t in[36] = { 0 };

			in[i] = (uint8_t)(0x80u >> bit);
			one[bit] = rss_toeplitz(r->key, RSS_KEY_LEN, in, i + 1);
		}
		/* ... and of every byte value, by linearity */
		for (b = 0; b < 256; b++) {
			uint32_t h = 0;

			for (bit = 0; bit < 8; bit++)
				if (b & (0x80u >> bit))
					h ^= one[bit];
			r->lut[i][b] = h;
		}
	}
	r->lut_ready = true;
}

void rss_indir_fill(struct rss *r, uint32_t size, uint32_t nqueues, const uint16_t *weights,
		    uint32_t nweights)
{
	uint32_t i, q, sum = 0, j = 0;

	r->indir_size = size;
	if (!nweights) {
		for (i = 0; i < size; i++)
			r->indir[i] = (uint16_t)(i % nqueues);
		return;
	}
	/* ethtool's fill: queue q gets a run of entries proportional to its
	 * weight, the boundary of run q at floor(size * cumulative / total). */
	for (q = 0; q < nweights; q++)
		sum += weights[q];
	for (q = 0, i = 0; q < nweights; q++) {
		uint32_t end;

		j += weights[q];
		end = (uint32_t)((uint64_t)size * j / sum);
		for (; i < end; i++)
			r->indir[i] = (uint16_t)q;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int rss_parse_key(const char *text, uint8_t *key)
{
	unsigned n = 0;

	while (*text) {
		int hi = hexval(text[0]), lo = hi >= 0 ? hexval(text[1]) : -1;

		if (hi < 0 || lo < 0 || n >= RSS_KEY_LEN)
			return -1;
		if (key)
			key[n] = (uint8_t)(hi << 4 | lo);
		n++;
		text += 2;
		if (*text == ':')
			text++;
	}
	return n == RSS_KEY_LEN ? 0 : -1;
}
