/* SPDX-License-Identifier: MIT */
/*
 * mq_util.h - helpers for the multi-queue tests (test_rss, test_backlog,
 * test_rfs, test_multiqueue): drive the steering functions directly with
 * packets from a started model's pool, and read a CPU's backlog.  Loading,
 * starting and running the model come from test_util.h.
 *
 * Header-only (static inline) so that each test stays one source file and
 * one executable.
 */
#ifndef RXSIM_TESTS_MQ_UTIL_H
#define RXSIM_TESTS_MQ_UTIL_H

#include <stdint.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "test_util.h"

/* A UDP packet from the host's pool with skb->hash = @hash, as if the NIC
 * had hashed it; dport 9 (discard), which the tests bind no socket to. */
static inline struct packet *mq_pkt(struct model *m, uint32_t hash)
{
	struct packet *p = host_packet_alloc(&m->r.host);

	memset(p, 0, sizeof(*p));
	p->hash = hash;
	p->size = 64;
	p->truesize = 768;
	p->tuple.family = FLOW_IPV4;
	p->tuple.proto = FLOW_UDP;
	p->tuple.saddr[0] = 10;
	p->tuple.saddr[3] = 1;
	p->tuple.daddr[0] = 10;
	p->tuple.daddr[3] = 2;
	p->tuple.sport = 1024;
	p->tuple.dport = 9;
	p->t_offered = p->t_nic = p->t_ring = p->t_poll = m->r.sim.now;
	return p;
}

/* Packets queued in a CPU's backlog (input_pkt_queue + process_queue). */
static inline uint32_t mq_backlog(struct model *m, int cpu)
{
	return backlog_queued(&model_cpu(m, cpu)->sd);
}

#endif
