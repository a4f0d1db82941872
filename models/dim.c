/* SPDX-License-Identifier: MIT */
/*
 * dim.c - net DIM (lib/dim/net_dim.c, lib/dim/dim.c).
 *
 * After each completed poll the driver hands DIM a sample of its cumulative
 * packets, bytes and interrupts (mlx5e_handle_rx_dim).  Once DIM_NEVENTS
 * interrupts have passed since the start sample it compares the rates with
 * the previous window (bytes, then packets, then fewer events is better;
 * only differences over 10% count) and walks the profile table one step at
 * a time, turning back when things got worse, parking on top of a local
 * optimum or at an edge, and resting when tired.  rxsim applies the new
 * profile at once; the kernel does it from a workqueue shortly after.
 */
#include <stdlib.h>

#include "rxsim/dim.h"

static const struct dim_cq_moder rx_profile[2][NET_DIM_PARAMS_NUM_PROFILES] = {
	/* NET_DIM_RX_EQE_PROFILES */
	{ { 1, 256 }, { 8, 256 }, { 64, 256 }, { 128, 256 }, { 256, 256 } },
	/* NET_DIM_RX_CQE_PROFILES */
	{ { 2, 256 }, { 8, 128 }, { 16, 64 }, { 32, 64 }, { 64, 64 } },
};

enum { DIM_STATS_WORSE, DIM_STATS_SAME, DIM_STATS_BETTER };
enum { DIM_STEPPED, DIM_TOO_TIRED, DIM_ON_EDGE };

struct dim_cq_moder net_dim_get_rx_moderation(bool cqe_mode, int ix)
{
	return rx_profile[cqe_mode ? 1 : 0][ix];
}

void dim_init(struct dim *dim, bool cqe_mode)
{
	dim->state = DIM_START_MEASURE;
	dim->tune_state = DIM_GOING_RIGHT;
	dim->profile_ix = 1;	/* NET_DIM_DEF_PROFILE_CQE / _EQE */
	dim->steps_left = dim->steps_right = dim->tired = 0;
	dim->cqe_mode = cqe_mode;
	dim->prev_stats.ppms = dim->prev_stats.bpms = dim->prev_stats.epms = 0;
	dim->decisions = dim->profile_changes = 0;
}

/* more than 10% difference */
static bool significant(int val, int ref)
{
	return ref && 100UL * (unsigned long)abs(val - ref) / (unsigned long)ref > 10;
}

static bool dim_on_top(const struct dim *dim)
{
	switch (dim->tune_state) {
	case DIM_PARKING_ON_TOP:
	case DIM_PARKING_TIRED:
		return true;
	case DIM_GOING_RIGHT:
		return dim->steps_left > 1 && dim->steps_right == 1;
	default:
		return dim->steps_right > 1 && dim->steps_left == 1;
	}
}

static void dim_turn(struct dim *dim)
{
	if (dim->tune_state == DIM_GOING_RIGHT) {
		dim->tune_state = DIM_GOING_LEFT;
		dim->steps_left = 0;
	} else if (dim->tune_state == DIM_GOING_LEFT) {
		dim->tune_state = DIM_GOING_RIGHT;
		dim->steps_right = 0;
	}
}

static void dim_park_on_top(struct dim *dim)
{
	dim->steps_right = dim->steps_left = dim->tired = 0;
	dim->tune_state = DIM_PARKING_ON_TOP;
}

static void dim_park_tired(struct dim *dim)
{
	dim->steps_right = dim->steps_left = 0;
	dim->tune_state = DIM_PARKING_TIRED;
}

static int net_dim_step(struct dim *dim)
{
	if (dim->tired == NET_DIM_PARAMS_NUM_PROFILES * 2)
		return DIM_TOO_TIRED;
	switch (dim->tune_state) {
	case DIM_GOING_RIGHT:
		if (dim->profile_ix == NET_DIM_PARAMS_NUM_PROFILES - 1)
			return DIM_ON_EDGE;
		dim->profile_ix++;
		dim->steps_right++;
		break;
	case DIM_GOING_LEFT:
		if (dim->profile_ix == 0)
			return DIM_ON_EDGE;
		dim->profile_ix--;
		dim->steps_left++;
		break;
	default:
		break;
	}
	dim->tired++;
	return DIM_STEPPED;
}

static void net_dim_exit_parking(struct dim *dim)
{
	dim->tune_state = dim->profile_ix ? DIM_GOING_LEFT : DIM_GOING_RIGHT;
	net_dim_step(dim);
}

static int net_dim_stats_compare(const struct dim_stats *curr, const struct dim_stats *prev)
{
	if (!prev->bpms)
		return curr->bpms ? DIM_STATS_BETTER : DIM_STATS_SAME;
	if (significant(curr->bpms, prev->bpms))
		return curr->bpms > prev->bpms ? DIM_STATS_BETTER : DIM_STATS_WORSE;
	if (!prev->ppms)
		return curr->ppms ? DIM_STATS_BETTER : DIM_STATS_SAME;
	if (significant(curr->ppms, prev->ppms))
		return curr->ppms > prev->ppms ? DIM_STATS_BETTER : DIM_STATS_WORSE;
	if (!prev->epms)
		return DIM_STATS_SAME;
	if (significant(curr->epms, prev->epms))
		return curr->epms < prev->epms ? DIM_STATS_BETTER : DIM_STATS_WORSE;
	return DIM_STATS_SAME;
}

static bool net_dim_decision(const struct dim_stats *curr, struct dim *dim)
{
	int prev_state = dim->tune_state, prev_ix = dim->profile_ix;

	switch (dim->tune_state) {
	case DIM_PARKING_ON_TOP:
		if (net_dim_stats_compare(curr, &dim->prev_stats) != DIM_STATS_SAME)
			net_dim_exit_parking(dim);
		break;
	case DIM_PARKING_TIRED:
		dim->tired--;
		if (!dim->tired)
			net_dim_exit_parking(dim);
		break;
	case DIM_GOING_RIGHT:
	case DIM_GOING_LEFT:
		if (net_dim_stats_compare(curr, &dim->prev_stats) != DIM_STATS_BETTER)
			dim_turn(dim);
		if (dim_on_top(dim)) {
			dim_park_on_top(dim);
			break;
		}
		switch (net_dim_step(dim)) {
		case DIM_ON_EDGE:
			dim_park_on_top(dim);
			break;
		case DIM_TOO_TIRED:
			dim_park_tired(dim);
			break;
		}
		break;
	}
	if (prev_state != DIM_PARKING_ON_TOP || dim->tune_state != DIM_PARKING_ON_TOP)
		dim->prev_stats = *curr;
	return dim->profile_ix != prev_ix;
}

static inline uint32_t div_round_up(uint64_t n, uint64_t d)
{
	return (uint32_t)((n + d - 1) / d);
}

/* dim_calc_stats(): rates per millisecond over the window; false if no
 * time passed. */
static bool dim_calc_stats(const struct dim_sample *start, const struct dim_sample *end,
			   struct dim_stats *s)
{
	uint32_t delta_us = (uint32_t)((end->time - start->time) / SIM_US);
	uint32_t npkts = end->pkt_ctr - start->pkt_ctr;
	uint32_t nbytes = end->byte_ctr - start->byte_ctr;

	if (!delta_us)
		return false;
	s->ppms = (int)div_round_up((uint64_t)npkts * 1000, delta_us);
	s->bpms = (int)div_round_up((uint64_t)nbytes * 1000, delta_us);
	s->epms = (int)div_round_up((uint64_t)DIM_NEVENTS * 1000, delta_us);
	return true;
}

bool net_dim(struct dim *dim, const struct dim_sample *end)
{
	struct dim_stats curr;
	uint16_t nevents;

	switch (dim->state) {
	case DIM_MEASURE_IN_PROGRESS:
		nevents = (uint16_t)(end->event_ctr - dim->start_sample.event_ctr);
		if (nevents < DIM_NEVENTS)
			break;
		/* a window of no time leaves curr unset in the kernel too: skip */
		if (dim_calc_stats(&dim->start_sample, end, &curr)) {
			dim->decisions++;
			if (net_dim_decision(&curr, dim)) {
				dim->profile_changes++;
				dim->state = DIM_APPLY_NEW_PROFILE;
				return true;
			}
		}
		/* fall through */
	case DIM_START_MEASURE:
		dim->start_sample = *end;
		dim->state = DIM_MEASURE_IN_PROGRESS;
		break;
	case DIM_APPLY_NEW_PROFILE:
		break;
	}
	return false;
}
