/* SPDX-License-Identifier: MIT */
/*
 * dim.h - net DIM, the dynamic interrupt moderation of mlx5 (adaptive-rx):
 * lib/dim/net_dim.c and lib/dim/dim.c, followed rule for rule.
 */
#ifndef RXSIM_DIM_H
#define RXSIM_DIM_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/engine.h"

#define DIM_NEVENTS		64
#define NET_DIM_PARAMS_NUM_PROFILES 5

enum { DIM_START_MEASURE, DIM_MEASURE_IN_PROGRESS, DIM_APPLY_NEW_PROFILE };
enum { DIM_PARKING_ON_TOP, DIM_PARKING_TIRED, DIM_GOING_RIGHT, DIM_GOING_LEFT };

struct dim_sample {
	sim_time_t time;
	uint32_t pkt_ctr;
	uint32_t byte_ctr;
	uint16_t event_ctr;
};

struct dim_stats {
	int ppms;
	int bpms;
	int epms;
};

struct dim {
	uint8_t state;
	uint8_t tune_state;
	uint8_t profile_ix;
	uint8_t steps_left;
	uint8_t steps_right;
	uint8_t tired;
	bool cqe_mode;			/* DIM_CQ_PERIOD_MODE_START_FROM_CQE */
	struct dim_stats prev_stats;
	struct dim_sample start_sample;
	uint64_t decisions;
	uint64_t profile_changes;
};

struct dim_cq_moder {
	uint16_t usec;
	uint16_t pkts;
};

/* net_dim_get_def_rx_moderation() state: profile 1, start measuring. */
void dim_init(struct dim *dim, bool cqe_mode);
/* net_dim(): feed one sample; true if a new profile is to be applied. */
bool net_dim(struct dim *dim, const struct dim_sample *end);
struct dim_cq_moder net_dim_get_rx_moderation(bool cqe_mode, int ix);

#endif
