/* SPDX-License-Identifier: MIT */
/*
 * proto.h - the protocol layer between the NAPI poll and the sockets.
 */
#ifndef RXSIM_PROTO_H
#define RXSIM_PROTO_H

#include "rxsim/engine.h"

struct host;
struct cpu;
struct packet;

/* __netif_receive_skb_core() .. __udp_enqueue_schedule_skb() for @p on @c.
 * Returns how many blocked readers sk_data_ready woke (the caller pays a
 * wake-up for each). */
int proto_udp_rcv(struct host *h, struct cpu *c, struct packet *p);
/* The CPU time of what proto_udp_rcv() returned: a wake-up per reader woken
 * (low 16 bits), tcp_send_ack per ACK sent (the bits above). */
sim_time_t proto_rcv_cost(struct host *h, struct cpu *c, int ret);

#endif
