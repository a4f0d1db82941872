/* SPDX-License-Identifier: MIT */
/*
 * ip_output.c - the geometry of IPv4 fragmentation on output.
 *
 * Mirrors ip_do_fragment() (net/ipv4/ip_output.c), slow path, which the
 * fast path (a frag_list built by __ip_append_data at the same boundaries)
 * reproduces: mtu -= hlen; every fragment carries
 * len = min(left, mtu), and when that leaves a remainder len &= ~7 (the
 * offset field counts 8-byte units); each fragment has its own copy of
 * the 20-byte header.  ip_finish_output() fragments only a packet longer
 * than the MTU.  No IP options, IPv4 only.
 */
#include "rxsim/ip_frag.h"

void ip_frag_geometry(uint32_t ip_len, uint32_t mtu, uint32_t k, uint32_t *off,
		      uint32_t *len)
{
	uint32_t left = ip_len - IP_HDR_LEN, room = mtu - IP_HDR_LEN, o = 0, l = left;
	uint32_t i;

	for (i = 0; i <= k; i++) {
		l = left;
		if (l > room)
			l = room & ~7u;
		if (i < k) {
			o += l;
			left -= l;
		}
	}
	if (off)
		*off = o;
	if (len)
		*len = l;
}

uint32_t ip_frag_count(uint32_t ip_len, uint32_t mtu)
{
	uint32_t data = ip_len - IP_HDR_LEN, room = mtu - IP_HDR_LEN, per = room & ~7u;

	if (ip_len <= mtu)
		return 1;
	/* fragments of per bytes while more than room is left; the last
	 * carries the rest (up to room, not necessarily a multiple of 8) */
	return 1 + (data - room + per - 1) / per;
}
