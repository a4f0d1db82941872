/* SPDX-License-Identifier: MIT */
/*
 * timeseries.h - one CSV row per output interval: what was offered,
 * delivered and dropped (by place) in the interval, queue occupancy at its
 * end and its maximum during the interval, interrupts, polls, latency percentiles of the interval, and the CPU
 * split of every CPU.
 */
#ifndef RXSIM_TIMESERIES_H
#define RXSIM_TIMESERIES_H

#include <stdio.h>

#include "rxsim/engine.h"
#include "rxsim/hist.h"
#include "rxsim/host.h"

struct ts_snapshot {
	uint64_t offered, delivered, drops[DROP__N];
	uint64_t interrupts, polls, net_rx, squeeze, ksoftirqd_wakeups;
	sim_time_t *acct;	/* ncpus * ACCT__N */
	struct ip_mib ip;	/* Ip: reassembly counters (written when configured) */
	uint64_t local;		/* frames local senders handed to netif_rx */
	uint64_t offload[4];	/* XDP drop, redirect, tx; GRO merged (timeseries.c) */
};

struct timeseries {
	struct host *host;
	FILE *f;
	FILE *flong;		/* t_ns,object,metric,value; NULL: not written */
	uint64_t *long_prev, *long_now;	/* its counters at the last row and now */
	sim_time_t interval;
	struct sim_event ev;
	struct hist lat;
	struct ts_snapshot prev;
	uint64_t rows;
	uint64_t nf_prev[6];	/* netfilter, tap and fanout counters at the last row */
	uint64_t tcp_bytes_prev;	/* TCP bytes read at the last row */
	bool offload;		/* XDP or GRO columns, only where a NIC has them */
};

/* Start sampling @h every @interval into @f, and per queue, CPU and socket
 * into @flong unless NULL (headers written now). */
int timeseries_start(struct timeseries *ts, struct host *h, FILE *f, FILE *flong,
		     sim_time_t interval);
/* Write the last (possibly partial) row at the end of the run. */
void timeseries_finish(struct timeseries *ts);
void timeseries_free(struct timeseries *ts);

#endif
