/* SPDX-License-Identifier: MIT */
/*
 * napi_threaded.h - threaded NAPI (net/core/dev.c napi_threaded_poll): one
 * kthread napi/IF-N per NAPI instance, scheduled by the fair scheduler with
 * the application threads, polls its NAPI instead of NET_RX softirq.
 */
#ifndef RXSIM_NAPI_THREADED_H
#define RXSIM_NAPI_THREADED_H

#include <stdbool.h>

#include "rxsim/cpu.h"

struct host;
struct napi;

struct napi_kthread {
	struct task task;		/* TASK_NAPI, time under ACCT_NAPI */
	struct napi *napi;
	bool repoll;			/* the last __napi_poll() asked for another */
	bool net_rx_was_pending;	/* NET_RX pending as the round began */
	uint64_t rounds;		/* polls of napi_threaded_poll_loop */
	sim_time_t weighed;		/* sum_exec already weighed (calc_delta_fair) */
};

/* napi_kthread_create() + dev_set_threaded() for @n: the thread named
 * @name, pinned to @pinned (-1: any CPU), first placed on @cpu, reniced to
 * @nice.  -1 if out of memory. */
int napi_kthread_create(struct host *h, struct napi *n, const char *name, int cpu, int pinned,
			int nice);
void napi_kthread_free(struct napi *n);
/* ____napi_schedule() of a threaded NAPI: wake_up_process(napi->thread). */
void napi_kthread_wake(struct host *h, struct napi *n);
/* Set up the threads of every rx queue whose NAPI is threaded (host setup). */
int napi_threaded_setup(struct host *h);
struct vdev;
int napi_threaded_setup_veth(struct host *h, struct vdev *d);
/* Some NAPI of the host is threaded (the CPU split shows napi_kthread). */
bool host_has_napi_threads(const struct host *h);

#endif
