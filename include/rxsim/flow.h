/* SPDX-License-Identifier: MIT */
/*
 * flow.h - the 5-tuple of a packet, as RSS, RPS and socket lookup see it.
 * Addresses are kept in network byte order; IPv4 uses the first 4 bytes.
 */
#ifndef RXSIM_FLOW_H
#define RXSIM_FLOW_H

#include <stdint.h>

#define FLOW_IPV4	4
#define FLOW_IPV6	6
#define FLOW_UDP	17
#define FLOW_TCP	6

struct flow_tuple {
	uint8_t saddr[16];
	uint8_t daddr[16];
	uint16_t sport;		/* host byte order */
	uint16_t dport;
	uint8_t family;		/* FLOW_IPV4 or FLOW_IPV6 */
	uint8_t proto;		/* FLOW_UDP or FLOW_TCP */
};

#endif
