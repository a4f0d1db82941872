/* SPDX-License-Identifier: MIT */
/*
 * gro.h - generic receive offload of one NAPI instance (net/core/gro.c,
 * include/net/gro.h): the GRO hash lists, what merges (tcp_gro_receive,
 * udp_gro_receive_segment) and the hand-off of merged skbs to the stack
 * through gro_normal_one() / gro_normal_list().
 */
#ifndef RXSIM_GRO_H
#define RXSIM_GRO_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/packet.h"

struct host;
struct napi;
struct nic_cfg;
struct rxq;

/* include/net/gro.h / net/core/gro.c */
#define GRO_HASH_BUCKETS	8
#define MAX_GRO_SKBS		8
#define GRO_LEGACY_MAX_SIZE	65536u
#define GRO_MAX_SIZE		(8u * 65535u)
/* net/ipv4/udp_offload.c: a UDP GRO skb is completed at this many segments */
#define UDP_GRO_CNT_MAX		64

/* include/net/tcp.h TCPHDR_* */
#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10
#define TCPHDR_URG 0x20
#define TCPHDR_ECE 0x40
#define TCPHDR_CWR 0x80

/* struct gro_node of a NAPI instance, with its counters. */
struct napi_gro {
	/* read-only after gro_init() */
	bool on;			/* NETIF_F_GRO and something on this host can merge */
	uint32_t max_size;		/* dev->gro_max_size (IPv6) */
	uint32_t ipv4_max_size;		/* dev->gro_ipv4_max_size */
	/* gro_hash[]: oldest at the head, youngest at the tail */
	struct pktq hash[GRO_HASH_BUCKETS];
	uint32_t bitmask;		/* buckets holding skbs */
	uint32_t count;			/* skbs held over all buckets */
	uint32_t rx_count;		/* segments on napi->rx_list (gro_normal_one) */
	/* counters, named after the kernel paths that take them */
	uint64_t merged;		/* segments merged into a held skb (GRO_MERGED*) */
	uint64_t held;			/* skbs that started a held flow (GRO_HELD) */
	uint64_t complete;		/* held skbs handed on (napi_gro_complete) */
	uint64_t flush_oldest;		/* ... of which evicted at MAX_GRO_SKBS */
	uint64_t flushes;		/* napi_gro_flush() calls that found skbs held */
	uint64_t normal;		/* skbs that passed through (GRO_NORMAL) */
	uint64_t normal_list;		/* gro_normal_list() batches to the stack */
};

/* The GRO of a driver NAPI (NULL for the backlog's). */
struct napi_gro *napi_gro(const struct napi *n);

/* Set up the GRO of rx queue @q's NAPI for the NIC @cfg; on when `gro` is
 * and some traffic could merge on this host (TCP, or a socket with UDP_GRO). */
int gro_init(struct host *h, struct rxq *q, const struct nic_cfg *cfg);
/* The same from the device's settings (a veth: veth_napi.c). */
int gro_init_dev(struct host *h, struct rxq *q, bool gro, int64_t max_size,
		 int64_t ipv4_max_size);
void gro_free(struct rxq *q);

/*
 * napi_gro_receive(): offer @p to @n's GRO.  It is merged, held, or queued
 * for the stack with whatever it flushed (gro_normal_one); true once
 * napi->rx_list holds gro_normal_batch segments and must be handed on
 * (gro_normal_list_step of napi_rx.h).
 */
bool napi_gro_receive(struct host *h, struct napi *n, struct packet *p);

/*
 * napi_gro_flush(): complete the held skbs into napi->rx_list, all of them,
 * or with @flush_old only those held since an earlier jiffy.  The caller
 * then hands the list on.
 */
void napi_gro_flush(struct host *h, struct napi *n, bool flush_old);

/*
 * The flush a poll owes as it ends with n->work of n->budget done:
 * napi_complete_done() flushes all unless a gro_flush_timeout is armed;
 * napi_poll() on the repoll path only old packets when HZ >= 1000.
 * Returns the flush_old argument of napi_gro_flush().
 */
bool napi_gro_flush_old(const struct host *h, const struct napi *n);

/* The end of a poll: the flush it owes, then the whole rx_list goes to the
 * stack (gro_flush_normal: napi_gro_flush + gro_normal_list). */
void napi_gro_poll_end(struct host *h, struct napi *n);

/* Packets GRO merged into other skbs, over all NAPIs (their objects are
 * already released; for conservation). */
uint64_t gro_merged_total(const struct host *h);

/* Packets held in @g (for conservation). */
static inline uint32_t gro_held_skbs(const struct napi_gro *g)
{
	return g ? g->count : 0u;
}

#endif
