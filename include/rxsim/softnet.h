/* SPDX-License-Identifier: MIT */
/*
 * softnet.h - struct softnet_data, the per-CPU receive state of
 * include/linux/netdevice.h: the poll list, the backlog NAPI with its
 * queues, RPS IPIs, the flow limit and the /proc/net/softnet_stat
 * counters; plus the softirq episode in progress on the CPU.
 */
#ifndef RXSIM_SOFTNET_H
#define RXSIM_SOFTNET_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/napi.h"
#include "rxsim/packet.h"

struct exec;

/* One handle_softirqs() episode in progress on a CPU. */
struct softirq_episode {
	bool active;
	struct exec *home;		/* inline softirq level, or ksoftirqd */
	int64_t end_jiffies;
	int max_restart;
	/* net_rx_action */
	struct napi_list list;
	struct napi_list repoll;
	int budget;
	int64_t time_limit;
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

	/* /proc/net/softnet_stat columns */
	uint64_t processed;
	uint64_t dropped;
	uint64_t time_squeeze;
	uint64_t received_rps;
	uint64_t flow_limit_count;
	/* /proc/softirqs NET_RX: handler executions */
	uint64_t net_rx_softirqs;
	uint64_t softirq_restarts;
	uint64_t ksoftirqd_wakeups;
	uint64_t episodes_inline;
	uint64_t episodes_ksoftirqd;
	uint64_t episodes_bh_enable;
	uint64_t handoffs;		/* episodes ended with work left for ksoftirqd */
	uint64_t ipis_sent;
	uint32_t max_backlog_len;
	uint32_t ts_max_backlog_len;	/* the time-series interval's (sim/output/timeseries.c) */
};

#endif
