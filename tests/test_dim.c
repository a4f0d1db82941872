/* SPDX-License-Identifier: MIT */
/*
 * test_dim.c - net DIM against the rules of lib/dim/net_dim.c and
 * lib/dim/dim.c, window by window: each expected profile follows from the
 * comparison of the window's rates with the previous window's (bytes, then
 * packets, then fewer events; only changes over 10% count).
 */
#include <check.h>
#include <stdlib.h>

#include "rxsim/dim.h"

struct feed {
	struct dim dim;
	struct dim_sample s;
};

/* One window of 64 interrupts lasting 1 ms with @pkts packets of 100 bytes,
 * then the driver's apply step (DIM_APPLY_NEW_PROFILE -> START_MEASURE). */
static bool window(struct feed *f, uint32_t pkts)
{
	bool changed;

	f->s.time += SIM_MS;
	f->s.event_ctr += DIM_NEVENTS;
	f->s.pkt_ctr += pkts;
	f->s.byte_ctr += pkts * 100;
	changed = net_dim(&f->dim, &f->s);
	if (changed) {
		/* mlx5e_rx_dim_work(): apply, then measure afresh from here */
		f->dim.state = DIM_START_MEASURE;
		net_dim(&f->dim, &f->s);
	}
	return changed;
}

/* A window after which DIM has decided and moved to profile @ix. */
static void steps_to(struct feed *f, uint32_t pkts, int ix)
{
	ck_assert_msg(window(f, pkts), "%u packets: no decision", pkts);
	ck_assert_int_eq(f->dim.profile_ix, ix);
}

static void start(struct feed *f, bool cqe)
{
	dim_init(&f->dim, cqe);
	f->s.time = 0;
	f->s.event_ctr = 0;
	f->s.pkt_ctr = f->s.byte_ctr = 0;
	/* the first sample only starts the measurement */
	ck_assert(!net_dim(&f->dim, &f->s));
	ck_assert_int_eq(f->dim.state, DIM_MEASURE_IN_PROGRESS);
}

START_TEST(fewer_than_64_events_decide_nothing)
{
	struct feed f;

	start(&f, true);
	f.s.time += SIM_MS;
	f.s.event_ctr += DIM_NEVENTS - 1;
	f.s.pkt_ctr += 1000;
	ck_assert(!net_dim(&f.dim, &f.s));
	ck_assert_int_eq(f.dim.profile_ix, 1);
	ck_assert_uint_eq(f.dim.decisions, 0);
}
END_TEST

/*
 * Throughput rising by more than 10% every window: from profile 1 going
 * right, each window is BETTER than the last, so DIM keeps stepping right:
 * 2, 3, 4; at 4 the next step is ON_EDGE and it parks on top.  The first
 * window compares against prev_stats of 0 bytes: BETTER.
 */
START_TEST(rising_throughput_climbs_to_the_edge_and_parks)
{
	struct feed f;

	start(&f, true);
	steps_to(&f, 1000, 2);
	steps_to(&f, 1200, 3);
	steps_to(&f, 1440, 4);
	ck_assert(!window(&f, 1800));
	ck_assert_int_eq(f.dim.profile_ix, 4);
	ck_assert_int_eq(f.dim.tune_state, DIM_PARKING_ON_TOP);
	/* parked: an unchanged window (within 10%) keeps it there */
	ck_assert(!window(&f, 1850));
	ck_assert_int_eq(f.dim.tune_state, DIM_PARKING_ON_TOP);
	/* a significant change exits parking: profile 4 is not 0, so left */
	steps_to(&f, 900, 3);
	ck_assert_int_eq(f.dim.tune_state, DIM_GOING_LEFT);
}
END_TEST

/*
 * Worse after a step right: DIM turns and steps back.  1 -> 2 (better than
 * the empty start), 2 -> 3 (better), then worse: turn left (steps_left = 0;
 * dim_on_top going left needs steps_left == 1: no), step to 2; worse again:
 * turn right (steps_right = 0; on top going right needs steps_left > 1, it
 * is 1: no), step to 3.
 */
START_TEST(worse_turns_back)
{
	struct feed f;

	start(&f, false);
	steps_to(&f, 1000, 2);
	steps_to(&f, 1200, 3);
	steps_to(&f, 800, 2);
	ck_assert_int_eq(f.dim.tune_state, DIM_GOING_LEFT);
	steps_to(&f, 600, 3);
	ck_assert_int_eq(f.dim.tune_state, DIM_GOING_RIGHT);
}
END_TEST

/* The profiles of the two CQ period modes (net_dim.c). */
START_TEST(profiles)
{
	struct dim_cq_moder m = net_dim_get_rx_moderation(true, 1);

	ck_assert_uint_eq(m.usec, 8);
	ck_assert_uint_eq(m.pkts, 128);
	m = net_dim_get_rx_moderation(false, 4);
	ck_assert_uint_eq(m.usec, 256);
	ck_assert_uint_eq(m.pkts, 256);
	m = net_dim_get_rx_moderation(true, 0);
	ck_assert_uint_eq(m.usec, 2);
	ck_assert_uint_eq(m.pkts, 256);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dim");
	TCase *tc = tcase_create("net_dim");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_test(tc, fewer_than_64_events_decide_nothing);
	tcase_add_test(tc, rising_throughput_climbs_to_the_edge_and_parks);
	tcase_add_test(tc, worse_turns_back);
	tcase_add_test(tc, profiles);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
