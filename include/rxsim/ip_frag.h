/* SPDX-License-Identifier: MIT */
/*
 * ip_frag.h - IPv4 fragmentation on output (net/ipv4/ip_output.c
 * ip_do_fragment) and reassembly on input (net/ipv4/ip_fragment.c
 * ip_defrag, net/ipv4/inet_fragment.c), with the Ip: counters of
 * /proc/net/snmp.
 */
#ifndef RXSIM_IP_FRAG_H
#define RXSIM_IP_FRAG_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/engine.h"
#include "rxsim/packet.h"

struct host;
struct scenario;

#define IP_HDR_LEN	20
#define UDP_HDR_LEN	8
/* Ethernet header + FCS around an IP packet: packet sizes are frames with FCS. */
#define ETH_WIRE_OVERHEAD 18

/* p->frag flags */
#define PKT_FRAG	0x1	/* an IP fragment (not yet reassembled) */
#define PKT_FRAG_MF	0x2	/* IP_MF: more fragments follow */
#define PKT_LOST	0x4	/* traffic loss: corrupted on the path, never received */


/*
 * Geometry of ip_do_fragment(): an IP datagram of @ip_len bytes (20-byte
 * header, no options) leaving a device of @mtu.  Every fragment but the
 * last carries (mtu - 20) & ~7 bytes of IP payload; returns the number of
 * fragments (1: it fits) and writes the IP payload of fragment @k to
 * *@len and its offset to *@off when those are not NULL.
 */
uint32_t ip_frag_count(uint32_t ip_len, uint32_t mtu);
void ip_frag_geometry(uint32_t ip_len, uint32_t mtu, uint32_t k, uint32_t *off,
		      uint32_t *len);

struct ipq;

/* Reassembly state of the host (struct fqdir of init_net). */
struct ip_frags {
	long high_thresh;		/* net.ipv4.ipfrag_high_thresh */
	long low_thresh;		/* net.ipv4.ipfrag_low_thresh */
	sim_time_t timeout;		/* net.ipv4.ipfrag_time */
	long mem;			/* frag_mem_limit(): truesize of queued fragments */
	long max_mem;
	struct ipq *qs;			/* all queues, allocated once */
	uint32_t nq;
	struct ipq *free;
	uint32_t *bucket;		/* hash -> first queue index + 1 */
	uint32_t mask;
	struct ipq *oldest, *newest;	/* live queues by creation = by expiry */
	struct sim_event expire_ev;	/* ip_expire of the oldest queue */
	uint32_t queues;		/* live */
	uint32_t max_queues;
	uint64_t held;			/* fragments in queues */
	uint64_t merged;		/* fragments absorbed into a reassembled datagram */
	uint64_t queue_full;		/* no queue slot (never, if the bound holds) */
};

/* Set up when the scenario can produce fragments (else h->ipfrag stays
 * NULL); -1 out of memory. */
int ip_frags_setup(struct host *h);
void ip_frags_free(struct host *h);
/* Packets the reassembly queues can hold at most (for the packet pool). */
uint64_t ip_frags_pool_bound(const struct scenario *sc);
/* Whether a scenario can put fragments on the path. */
bool ip_frags_needed(const struct scenario *sc);

/* The jiffy at which a timer armed at @now_jiffies for @delta jiffies
 * fires (kernel/time/timer.c: the wheel rounds up to its level's
 * granularity). */
int64_t timer_wheel_expiry(int64_t now_jiffies, int64_t delta);

/* ip_defrag(): @p is a fragment; returns the reassembled datagram when @p
 * completes one, else NULL (@p queued or dropped). */
struct packet *ip_defrag(struct host *h, struct packet *p);

#endif
