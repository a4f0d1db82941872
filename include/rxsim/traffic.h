/* SPDX-License-Identifier: MIT */
/*
 * traffic.h - synthetic traffic sources.
 */
#ifndef RXSIM_TRAFFIC_H
#define RXSIM_TRAFFIC_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/rng.h"

struct host;
struct nic;

struct traffic_src {
	const struct traffic_cfg *cfg;
	struct nic *nic;
	int index;
	struct rng rng;
	struct sim_event ev;
	sim_time_t stop;
	uint64_t period_num;		/* 1e15 / rate: ps * 1000 per mpps */
	uint64_t carry;
	bool on;
	sim_time_t on_until;
	uint64_t next_flow;
	uint64_t emitted;
};

void traffic_setup(struct host *h, struct traffic_src *s, const struct traffic_cfg *cfg,
		   int index);

#endif
