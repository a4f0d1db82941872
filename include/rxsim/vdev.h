/* SPDX-License-Identifier: MIT */
/*
 * vdev.h - virtual devices (loopback, veth pairs) and the local senders
 * that transmit through them.
 *
 * A frame sent on lo or veth never sees a NIC: loopback_xmit()
 * (drivers/net/loopback.c) and veth_xmit() -> veth_forward_skb()
 * (drivers/net/veth.c, GRO and XDP off) hand the skb to __netif_rx(), and
 * netif_rx_internal() (net/core/dev.c) queues it on a per-CPU backlog:
 * get_rps_cpu() when the receiving device has rps_cpus, else the sending
 * CPU.  Everything after that is the backlog path every RPS packet takes.
 *
 * A veth with GRO or an XDP program on its receiving end is in NAPI mode
 * (models/veth_napi.c): veth_xmit() puts an eligible skb in the peer rq's
 * ptr_ring of VETH_RING_SIZE and schedules its NAPI on the sending CPU;
 * veth_poll() takes them from there.
 */
#ifndef RXSIM_VDEV_H
#define RXSIM_VDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/flow.h"
#include "rxsim/nic.h"
#include "rxsim/napi.h"
#include "rxsim/packet.h"
#include "rxsim/rng.h"

struct host;
struct packet;

/* Addresses of the frames a sender emits through device @i: veth
 * 10.200.i.2 -> 10.200.i.1 (the container side to the host side), lo
 * 127.0.0.1 -> 127.0.0.1. */
#define VDEV_NET_A 10
#define VDEV_NET_B 200

/* drivers/net/veth.c */
#define VETH_RING_SIZE 256

/* struct veth_rq of the receiving end in NAPI mode: its xdp_ring, the
 * poll in progress and the rx_queue_0_* counters of ethtool -S. */
struct veth_rq {
	struct pktq xdp_ring;		/* ptr_ring of VETH_RING_SIZE skbs */
	bool rx_notify_masked;		/* the NAPI is scheduled by a transmit */
	bool use_napi;			/* veth_skb_is_eligible_for_gro() of a local UDP skb */
	bool xdp;			/* rq->xdp_prog set */
	int phase;			/* veth_poll in progress */
	int after_flush;
	struct packet *cur;		/* consumed, not yet through XDP and GRO */
	uint64_t *credit;		/* per XDP rule: the fraction accumulator */
	uint64_t *rule_hits;		/* per XDP rule: skbs it decided */
	uint64_t verdict[XDP__N];	/* by the program's return value */
	/* ethtool -S rx_queue_0_xdp_packets, _xdp_bytes, _xdp_drops */
	uint64_t xdp_packets;		/* skbs veth_xdp_rcv consumed */
	uint64_t xdp_bytes;
	uint64_t xdp_drops;		/* XDP_DROP and XDP_ABORTED */
	uint64_t peer_tx_dropped;	/* ring full in veth_xmit: the peer's priv->dropped */
	uint64_t schedules;		/* __veth_xdp_flush() that scheduled the NAPI */
	uint32_t max_ring;		/* xdp_ring occupancy seen at most */
};

struct vdev {
	const struct vdev_cfg *cfg;
	int index;
	uint32_t mtu;			/* resolved */
	struct rxq rxq;			/* rx-0: its rps_cpus (get_rps_cpu); in NAPI mode
					 * also rq->xdp_napi and its GRO */
	struct veth_rq *rq;		/* NAPI mode (veth_napi.c), NULL: off */
	/* ip -s link of the receiving end */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t rx_dropped;		/* enqueue_to_backlog refused (dev->rx_dropped) */
};

struct local_sender {
	const struct sender_cfg *cfg;
	struct vdev *dev;
	int index;
	struct task task;
	struct rng arr_rng;		/* "sender/<i>/arrival" */
	struct rng cost_rng;		/* "sender/<i>/cost" */
	sim_time_t next_arrival;	/* the next datagram the application has (SIM_TIME_MAX: none) */
	uint64_t carry;			/* constant rate: remainder of the period */
	uint64_t ready;			/* datagrams waiting for a send call */
	sim_time_t burst_at;		/* the next burst (SIM_TIME_MAX: none) */
	uint32_t in_call;		/* datagrams left in the sendmmsg in progress */
	uint32_t flow;			/* round robin over the source ports */
	uint16_t ip_id;			/* IP identification of the next datagram */
	uint32_t *flow_hash;		/* skb hash of each flow (software flow dissector) */
	/* counters */
	uint64_t datagrams;		/* handed to ip_output */
	uint64_t frames;		/* handed to netif_rx (fragments each count) */
	uint64_t syscalls;
	uint64_t sleeps;
};

/* truesize of an skb a local UDP sender allocates for an IP packet of
 * @ip_len bytes (header included), by the device's profile. */
uint32_t vdev_truesize(const struct truesize_profile *ts, uint32_t ip_len);

int vdev_setup(struct host *h);
void vdev_free(struct host *h);
void vdev_start(struct host *h);

/* __netif_rx() -> netif_rx_internal() of @p on @d, from @c (the CPU whose
 * transmit path runs): the backlog of get_rps_cpu() or of @c.  False if
 * enqueue_to_backlog dropped it. */
bool vdev_netif_rx(struct host *h, struct cpu *c, struct vdev *d, struct packet *p);

/* --- veth NAPI mode (models/veth_napi.c) --- */
extern const struct napi_ops veth_napi_ops;
/* The rq, NAPI and GRO of @d when its config asks for NAPI mode; -1 on no
 * memory. */
int veth_napi_setup(struct host *h, struct vdev *d);
void veth_napi_free(struct vdev *d);
/* veth_xmit() with use_napi: veth_xdp_rx() of @p into d->rq's ring and
 * __veth_xdp_flush() on @c; false if the ring was full (dropped). */
bool veth_xmit_napi(struct host *h, struct cpu *c, struct vdev *d, struct packet *p);
/* Packets a veth NAPI holds: ring, poll in progress, GRO (conservation). */
uint64_t veth_napi_in_flight(const struct host *h);
/* XDP_DROP / XDP_ABORTED skbs freed by veth programs (conservation). */
uint64_t veth_napi_xdp_gone(const struct host *h);
/* Some veth of @h is in NAPI mode. */
bool veth_napi_any(const struct host *h);

/* The tuple of flow @i of sender @s (source port 10000 + i). */
void local_send_tuple(const struct local_sender *s, uint32_t i, struct flow_tuple *t);
void local_send_start(struct host *h, struct local_sender *s);

/* One datagram of @payload bytes sent by @s at now on @c: ip_output,
 * fragments when it exceeds the device MTU, each handed to netif_rx. */
void local_send_datagram(struct host *h, struct cpu *c, struct local_sender *s,
			 uint32_t payload);

#endif
