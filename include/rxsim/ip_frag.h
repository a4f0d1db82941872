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
#include <string.h>

#include "rxsim/engine.h"
#include "rxsim/packet.h"

struct host;
struct scenario;

#define IP_HDR_LEN	20
#define UDP_HDR_LEN	8
/* Ethernet header + FCS around an IP packet: packet sizes are frames with FCS. */
#define ETH_WIRE_OVERHEAD 18

/*
 * An IPv4 fragment travels as a packet whose tuple.proto is FLOW_FRAGMENT;
 * its IP header fields (id, offset, length, MF, the protocol) ride in the
 * unused bytes 4..15 of the tuple's IPv4 source address slot.  So they are
 * copied with the tuple, and the protocol's own test in proto_udp_rcv()
 * finds fragments: a path without fragments pays nothing for them.
 * ip_frag_reasm() restores the tuple of the whole datagram.
 */
#define FLOW_FRAGMENT	0xfe

struct frag_info {
	uint16_t id;			/* IP identification */
	uint16_t off;			/* offset of its IP payload, bytes */
	uint16_t len;			/* IP payload bytes it carries */
	uint8_t mf;			/* IP_MF: more fragments follow */
	uint8_t proto;			/* the datagram's protocol */
};

static inline void frag_encode(struct flow_tuple *t, const struct frag_info *f)
{
	uint8_t *b = t->saddr;

	b[4] = (uint8_t)(f->id >> 8);
	b[5] = (uint8_t)f->id;
	b[6] = (uint8_t)(f->off >> 8);
	b[7] = (uint8_t)f->off;
	b[8] = (uint8_t)(f->len >> 8);
	b[9] = (uint8_t)f->len;
	b[10] = f->mf;
	b[11] = f->proto;
	t->proto = FLOW_FRAGMENT;
}

static inline void frag_decode(const struct flow_tuple *t, struct frag_info *f)
{
	const uint8_t *b = t->saddr;

	f->id = (uint16_t)(b[4] << 8 | b[5]);
	f->off = (uint16_t)(b[6] << 8 | b[7]);
	f->len = (uint16_t)(b[8] << 8 | b[9]);
	f->mf = b[10];
	f->proto = b[11];
}

/* The tuple of the whole datagram again. */
static inline void frag_restore(struct flow_tuple *t)
{
	t->proto = t->saddr[11];
	memset(t->saddr + 4, 0, 8);
}


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
/* Whether a scenario puts fragments on the path (reassembly set up with
 * the host), or may (a capture's: set up at the first fragment). */
bool ip_frags_needed(const struct scenario *sc);
bool ip_frags_possible(const struct scenario *sc);
/* frag_mem_limit() and the live queues (0 before the first fragment). */
long ip_frags_mem(const struct host *h);
uint32_t ip_frags_queues(const struct host *h);

/* The jiffy at which a timer armed at @now_jiffies for @delta jiffies
 * fires (kernel/time/timer.c: the wheel rounds up to its level's
 * granularity). */
int64_t timer_wheel_expiry(int64_t now_jiffies, int64_t delta);

/* Fragments ip_defrag() freed (every drop place of reassembly). */
uint64_t ip_frags_dropped(const struct host *h);

/* ip_defrag(): @p is a fragment; returns the reassembled datagram when @p
 * completes one, else NULL (@p queued or dropped). */
struct packet *ip_defrag(struct host *h, struct packet *p);

#endif
