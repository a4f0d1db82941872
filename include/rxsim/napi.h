/* SPDX-License-Identifier: MIT */
/*
 * napi.h - NAPI instances, the per-CPU softnet_data, and the state of one
 * softirq episode (kernel/softirq.c handle_softirqs + net/core/dev.c
 * net_rx_action) as it advances segment by segment.
 */
#ifndef RXSIM_NAPI_H
#define RXSIM_NAPI_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/engine.h"
#include "rxsim/packet.h"

struct host;
struct cpu;
struct exec;
struct napi;

/* napi->state bits, numbered with mask twins as in include/linux/netdevice.h */
enum {
	NAPI_STATE_SCHED,
	NAPI_STATE_MISSED,
	NAPI_STATE_IN_BUSY_POLL,
};
#define NAPIF_STATE_SCHED	(1u << NAPI_STATE_SCHED)
#define NAPIF_STATE_MISSED	(1u << NAPI_STATE_MISSED)
#define NAPIF_STATE_IN_BUSY_POLL (1u << NAPI_STATE_IN_BUSY_POLL)

#define NET_RX_SOFTIRQ	3
#define NET_RXF		(1u << NET_RX_SOFTIRQ)

/*
 * The poll contract, split in steps so that CPU time can pass between them:
 * poll_begin() starts a poll with @budget; poll_step() then either asks for
 * *cost ps of CPU (return 1, called again afterwards) or ends the poll
 * (return 0) with n->work <= budget packets done.  The caller (our
 * net_rx_action) owns repoll, squeeze counting and napi_complete_done.
 */
struct napi_ops {
	const char *name;
	void (*poll_begin)(struct host *h, struct napi *n, int budget);
	int (*poll_step)(struct host *h, struct cpu *cpu, struct napi *n, sim_time_t *cost);
	/* napi_complete_done() returned true: the driver re-enables its IRQ */
	void (*complete)(struct host *h, struct napi *n);
	/* the poll clears NAPI_STATE_SCHED itself (process_backlog) */
	bool self_complete;
};

struct napi {
	const struct napi_ops *ops;
	unsigned int state;
	int weight;
	int work;
	int budget;
	int cpu;			/* CPU whose poll_list holds it */
	struct napi *poll_next;
	void *priv;
	uint64_t polls;
	uint64_t polls_full;		/* returned work == weight */
};

struct napi_list {
	struct napi *head;
	struct napi *tail;
};

/* One handle_softirqs() episode in progress on a CPU. */
struct softirq_episode {
	bool active;
	struct exec *home;		/* inline softirq level, or ksoftirqd */
	int phase;
	int64_t end_jiffies;
	int max_restart;
	/* net_rx_action */
	struct napi_list list;
	struct napi_list repoll;
	int budget;
	int64_t time_limit;
	struct napi *cur;
};

/* Flow limit state of one CPU (net/core/dev.h struct sd_flow_limit). */
#define FLOW_LIMIT_HISTORY 128
struct sd_flow_limit {
	uint32_t log_buckets;
	uint32_t history_head;
	uint16_t history[FLOW_LIMIT_HISTORY];
	uint8_t *buckets;
};

struct softnet_data {
	struct napi_list poll_list;
	bool in_net_rx_action;
	unsigned int softirq_pending;
	struct softirq_episode ep;

	/* the per-CPU backlog: process_backlog() is its NAPI poll */
	struct napi backlog;
	struct pktq input_pkt_queue;
	struct pktq process_queue;
	uint32_t input_queue_head;	/* RFS ordering: packets dequeued */
	uint32_t input_queue_tail;	/* packets enqueued */
	struct softnet_data *rps_ipi_list;	/* remote backlogs to kick */
	struct softnet_data *rps_ipi_next;
	struct sd_flow_limit *flow_limit;
	int phase;			/* process_backlog progress */
	struct packet *cur;

	/* /proc/net/softnet_stat columns */
	uint64_t processed;
	uint64_t dropped;
	uint64_t time_squeeze;
	uint64_t received_rps;
	uint64_t flow_limit_count;
	/* /proc/softirqs NET_RX: handler executions */
	uint64_t net_rx_softirqs;
	uint64_t net_rx_actions;
	uint64_t softirq_restarts;
	uint64_t ksoftirqd_wakeups;
	uint64_t episodes_inline;
	uint64_t episodes_ksoftirqd;
	uint64_t episodes_bh_enable;
	uint64_t handoffs;		/* episodes ended with work left for ksoftirqd */
	uint64_t ipis_sent;
	uint32_t max_backlog_len;
	uint32_t ts_max_backlog_len;	/* the time-series interval's (sim/timeseries.c) */
};

void napi_init(struct napi *n, const struct napi_ops *ops, int weight, int cpu, void *priv);
/* napi_schedule(): from the IRQ handler of @n's vector on @cpu. */
void napi_schedule(struct host *h, struct cpu *cpu, struct napi *n);
/* ____napi_schedule(): append to the poll list and raise NET_RX. */
void napi_schedule_locked(struct host *h, struct cpu *cpu, struct napi *n);

void softirq_raise(struct cpu *cpu, unsigned int nr);
/* __napi_schedule() from task context: raise_softirq_irqoff() outside an
 * interrupt also wakes ksoftirqd of @cpu. */
void napi_schedule_from_task(struct host *h, struct cpu *cpu, struct napi *n);
/* irq_exit() / local_bh_enable(): run pending softirqs inline if allowed.
 * Returns true if an inline episode was started. */
bool softirq_invoke_inline(struct host *h, struct cpu *cpu, bool from_bh_enable);
/* ksoftirqd: start one episode in task context. */
void softirq_run_ksoftirqd(struct host *h, struct cpu *cpu);
bool softirq_should_defer(const struct host *h, const struct cpu *cpu);

#endif
