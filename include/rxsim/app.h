/* SPDX-License-Identifier: MIT */
/*
 * app.h - application threads reading UDP sockets.
 */
#ifndef RXSIM_APP_H
#define RXSIM_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/rng.h"

struct host;
struct udp_sock;

struct app_thread {
	struct task task;
	const struct app_cfg *cfg;
	struct udp_sock *sk;		/* the socket being read */
	struct udp_sock **sks;		/* every socket it reads (epoll: several) */
	int nsks;
	int sk_idx;			/* index of sk in sks */
	bool in_epoll_wait;
	struct rng rng;
	int index;
	int phase;
	int got;			/* datagrams in the current call */
	struct packet *cur;		/* being copied */
	bool waiting;			/* on the socket wait queue */
	struct app_thread *wait_next;
	uint32_t pause_idx;
	sim_time_t busy_until;		/* busy-poll deadline of this call */
	sim_time_t busy_usecs;		/* sk_ll_usec, or the epoll busy poll time */
	struct napi *bp_napi;		/* held by napi_busy_loop() */
	exec_fn bp_next;		/* where the busy loop continues */
	bool bp_skip;			/* busy_poll_stop(): skip_schedule */
	struct napi *ep_napi;		/* epoll: ep->napi_id */
	bool ep_busy;			/* epoll: in ep_busy_loop() */

	uint64_t datagrams;
	uint64_t syscalls;
	uint64_t sleeps;
	uint64_t busy_polls;
	uint64_t epoll_waits;
	uint64_t wakeups_remote;	/* woken by softirq on another CPU */
	sim_time_t wake_delay_sum;	/* woken -> running */
};

int app_setup(struct host *h, struct app_thread *t, const struct app_cfg *cfg, int index,
	      int nthread);
void app_free(struct app_thread *t);
void app_start(struct host *h, struct app_thread *t);
/* sk_data_ready() from softirq on @c: wake one blocked reader of @sk (an
 * exclusive waiter) and the epoll threads watching it; returns how many
 * were woken (the waker pays a wake-up for each). */
int app_wake_reader(struct host *h, struct cpu *c, struct udp_sock *sk);

#endif
