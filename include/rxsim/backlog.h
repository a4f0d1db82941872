/* SPDX-License-Identifier: MIT */
/*
 * backlog.h - RPS/RFS steering and the per-CPU backlog (net/core/dev.c).
 */
#ifndef RXSIM_BACKLOG_H
#define RXSIM_BACKLOG_H

#include <stdbool.h>
#include <stdint.h>

struct host;
struct cpu;
struct rxq;
struct packet;
struct udp_sock;
struct softnet_data;

/* One entry of a queue's RFS flow table (struct rps_dev_flow). */
struct rps_dev_flow {
	uint16_t cpu;			/* RPS_NO_CPU: unset */
	uint32_t last_qtail;
};

#define RPS_NO_CPU 0xffff

/* get_rps_cpu(): the CPU whose backlog gets @p, or -1 to process it here.
 * *rflow is the RFS entry to record the enqueue position in (or NULL). */
int get_rps_cpu(struct host *h, struct rxq *q, struct packet *p, struct rps_dev_flow **rflow);
/* enqueue_to_backlog() from @c to @cpu's backlog; false if dropped. */
bool enqueue_to_backlog(struct host *h, struct cpu *c, struct packet *p, int cpu,
			struct rps_dev_flow *rflow);
/* net_rps_send_ipi(): kick the remote backlogs queued on @c; returns the
 * CPU time the sender must be charged (ipi_send per IPI). */
int64_t net_rps_send_ipis(struct host *h, struct cpu *c);
/* sock_rps_record_flow(): a reader of @sk runs on @cpu. */
void sock_rps_record_flow(struct host *h, struct udp_sock *sk, int cpu);

int backlog_init(struct host *h, struct cpu *c);
/* Packets held by a CPU's backlog (input + process queues + in hand). */
uint32_t backlog_queued(const struct softnet_data *sd);
void backlog_free(struct cpu *c);
struct cpulist;
int rps_setup(struct host *h);
void rps_free(struct host *h);

#endif
