/* SPDX-License-Identifier: MIT */
/*
 * test_evq.c - event order, run_until, cancel and reschedule.
 *
 * The reference for every ordering test is a plain model kept beside the
 * engine: for each event we track whether it should be pending and its
 * key (time, prio, seq), with seq taken from our own counter bumped on
 * every schedule and reschedule as engine.h specifies.  The expected run
 * order is those keys sorted with qsort (seq is unique, so the order is
 * total and qsort's instability cannot matter).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/engine.h"
#include "rxsim/rng.h"

struct tev {
	struct sim_event ev;
	uint32_t id;
};

struct ref {
	sim_time_t time;
	uint64_t seq;
	uint32_t id;
	uint8_t prio;
	bool pending;
};

/* What the handlers saw, in order. */
static uint32_t *ran;
static sim_time_t *ran_at;
static size_t nran, ran_cap;

static void log_reset(size_t cap)
{
	free(ran);
	free(ran_at);
	ran = malloc(sizeof(*ran) * cap);
	ran_at = malloc(sizeof(*ran_at) * cap);
	ck_assert_ptr_nonnull(ran);
	ck_assert_ptr_nonnull(ran_at);
	ran_cap = cap;
	nran = 0;
}

static void on_event(struct sim *sim, struct sim_event *ev)
{
	struct tev *t = container_of(ev, struct tev, ev);

	/* Hot loops test with if/ck_abort_msg: every ck_assert leaves a
	 * checkpoint through a file, which costs a system call. */
	if (nran >= ran_cap)
		ck_abort_msg("more events ran than were scheduled");
	ran[nran] = t->id;
	ran_at[nran] = sim->now;
	nran++;
}

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

/* Engine and model side by side. */
struct world {
	struct sim sim;
	struct tev *ev;
	struct ref *ref;
	uint32_t n;
	uint64_t seq;		/* the model's own sequence counter */
	struct rng r;
};

static void world_init(struct world *w, uint32_t n, const char *stream)
{
	uint32_t i;

	ck_assert_int_eq(sim_init(&w->sim, 1), 0);
	w->ev = calloc(n, sizeof(*w->ev));
	w->ref = calloc(n, sizeof(*w->ref));
	ck_assert_ptr_nonnull(w->ev);
	ck_assert_ptr_nonnull(w->ref);
	w->n = n;
	w->seq = 0;
	rng_stream(&w->r, 1, stream);
	for (i = 0; i < n; i++) {
		uint8_t prio = (uint8_t)rng_below(&w->r, 4);

		sim_event_init(&w->ev[i].ev, on_event, prio);
		w->ev[i].id = i;
		w->ref[i].id = i;
		w->ref[i].prio = prio;
	}
	log_reset(4 * (size_t)n + 16);
}

static void world_free(struct world *w)
{
	sim_destroy(&w->sim);
	free(w->ev);
	free(w->ref);
}

static void op_schedule(struct world *w, uint32_t i, sim_time_t at)
{
	sim_schedule(&w->sim, &w->ev[i].ev, at);
	w->ref[i].time = at;
	w->ref[i].seq = w->seq++;
	w->ref[i].pending = true;
}

static void op_reschedule(struct world *w, uint32_t i, sim_time_t at)
{
	sim_reschedule(&w->sim, &w->ev[i].ev, at);
	w->ref[i].time = at;
	w->ref[i].seq = w->seq++;
	w->ref[i].pending = true;
}

static void op_cancel(struct world *w, uint32_t i)
{
	sim_cancel(&w->sim, &w->ev[i].ev);
	w->ref[i].pending = false;
}

/* One random operation on a random event, times in [now, now + span). */
static void random_op(struct world *w, sim_time_t span)
{
	uint32_t i = (uint32_t)rng_below(&w->r, w->n);
	sim_time_t at = w->sim.now + (sim_time_t)rng_below(&w->r, (uint64_t)span);

	switch (rng_below(&w->r, 4)) {
	case 0:
	case 1:
		if (!w->ref[i].pending)
			op_schedule(w, i, at);
		else
			op_reschedule(w, i, at);
		break;
	case 2:
		op_reschedule(w, i, at);
		break;
	default:
		op_cancel(w, i);
		break;
	}
	if (sim_event_pending(&w->ev[i].ev) != w->ref[i].pending)
		ck_abort_msg("event %u: pending state differs from model", i);
}

/*
 * Run to @until and check the handlers ran exactly the model's pending
 * events with time <= until, in sorted key order.
 */
static void run_and_check(struct world *w, sim_time_t until)
{
	struct ref *exp = malloc(sizeof(*exp) * (w->n + 1));
	size_t nexp = 0, k;
	uint32_t i;

	ck_assert_ptr_nonnull(exp);
	for (i = 0; i < w->n; i++)
		if (w->ref[i].pending && w->ref[i].time <= until)
			exp[nexp++] = w->ref[i];
	qsort(exp, nexp, sizeof(*exp), cmp_ref);

	nran = 0;
	sim_run_until(&w->sim, until);
	ck_assert_uint_eq(nran, nexp);
	for (k = 0; k < nexp; k++) {
		if (ran[k] != exp[k].id || ran_at[k] != exp[k].time)
			ck_abort_msg("position %zu: ran event %u at %lld, expected "
				     "%u (t=%lld prio=%u seq=%llu)", k, ran[k],
				     (long long)ran_at[k], exp[k].id,
				     (long long)exp[k].time, exp[k].prio,
				     (unsigned long long)exp[k].seq);
		w->ref[exp[k].id].pending = false;
	}
	ck_assert_int_eq(w->sim.now, until);
	free(exp);
}

START_TEST(random_schedule_cancel_reschedule)
{
	/* Everything at time 0, then one run: times from [0, 64) and 5000
	 * events, so each (time, prio) pair holds ~20 events and the
	 * sequence tie-break decides most of the order. */
	struct world w;
	uint32_t i;
	int k;

	world_init(&w, 5000, "evq/static");
	for (i = 0; i < w.n; i++)
		op_schedule(&w, i, (sim_time_t)rng_below(&w.r, 64));
	for (k = 0; k < 20000; k++)
		random_op(&w, 64);
	ck_assert_uint_eq(w.sim.seq, w.seq);
	run_and_check(&w, 1000);
	ck_assert_ptr_null(sim_evq_peek(&w.sim.evq));
	world_free(&w);
}
END_TEST

START_TEST(random_ops_interleaved_with_runs)
{
	/* The same, but time advances in small steps and the operations
	 * (at times >= now) happen between steps, as models do. */
	struct world w;
	uint32_t i;
	int step, k;

	world_init(&w, 3000, "evq/interleaved");
	for (i = 0; i < w.n; i++)
		op_schedule(&w, i, (sim_time_t)rng_below(&w.r, 32));
	for (step = 0; step < 300; step++) {
		for (k = 0; k < 50; k++)
			random_op(&w, 32);
		run_and_check(&w, w.sim.now + (sim_time_t)rng_below(&w.r, 8));
	}
	run_and_check(&w, SIM_TIME_MAX);
	world_free(&w);
}
END_TEST

/* A handler that schedules a follow-up at the current time. */
static struct tev *follow_up;

static void on_event_then_schedule(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	sim_schedule(sim, &follow_up->ev, sim->now);
}

START_TEST(same_time_from_handler_runs_after_queued)
{
	/*
	 * Expectation from the (time, prio, seq) rule: an event scheduled
	 * at now from a handler gets a larger seq than everything already
	 * queued, so it runs after queued events of the same time and
	 * prio, but still before queued same-time events of a higher prio
	 * number.
	 */
	struct sim sim;
	struct tev e[5];
	static const uint32_t want[] = { 0, 1, 2, 4, 3 };
	int i;

	ck_assert_int_eq(sim_init(&sim, 1), 0);
	log_reset(16);
	for (i = 0; i < 5; i++) {
		e[i].id = (uint32_t)i;
		sim_event_init(&e[i].ev, on_event, 1);
	}
	e[0].ev.prio = 0;
	e[3].ev.prio = 2;
	e[1].ev.fn = on_event_then_schedule;
	follow_up = &e[4];
	sim_schedule(&sim, &e[3].ev, 10);	/* (10, 2) */
	sim_schedule(&sim, &e[1].ev, 10);	/* (10, 1): schedules e[4] */
	sim_schedule(&sim, &e[2].ev, 10);	/* (10, 1) */
	sim_schedule(&sim, &e[0].ev, 10);	/* (10, 0) */
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(ran[i], want[i]);
		ck_assert_int_eq(ran_at[i], 10);
	}
	ck_assert_uint_eq(sim.events, 5);
	sim_destroy(&sim);
}
END_TEST

START_TEST(reschedule_takes_new_seq)
{
	/* engine.h: a rescheduled event takes a new sequence, so moving
	 * it to the same time puts it behind its same-time peers. */
	struct sim sim;
	struct tev e[3];
	int i;

	ck_assert_int_eq(sim_init(&sim, 1), 0);
	log_reset(8);
	for (i = 0; i < 3; i++) {
		e[i].id = (uint32_t)i;
		sim_event_init(&e[i].ev, on_event, 0);
		sim_schedule(&sim, &e[i].ev, 5);
	}
	sim_reschedule(&sim, &e[0].ev, 5);
	sim_run_until(&sim, 5);
	ck_assert_uint_eq(nran, 3);
	ck_assert_uint_eq(ran[0], 1);
	ck_assert_uint_eq(ran[1], 2);
	ck_assert_uint_eq(ran[2], 0);
	/* rescheduling an idle event schedules it */
	sim_reschedule(&sim, &e[1].ev, 7);
	ck_assert(sim_event_pending(&e[1].ev));
	sim_run_until(&sim, 7);
	ck_assert_uint_eq(nran, 4);
	ck_assert_uint_eq(ran[3], 1);
	sim_destroy(&sim);
}
END_TEST

START_TEST(run_until_stops_and_sets_now)
{
	struct sim sim;
	struct tev e[3];
	int i;

	ck_assert_int_eq(sim_init(&sim, 1), 0);
	log_reset(8);
	for (i = 0; i < 3; i++) {
		e[i].id = (uint32_t)i;
		sim_event_init(&e[i].ev, on_event, 0);
		sim_schedule(&sim, &e[i].ev, 10 * (i + 1));
	}
	sim_run_until(&sim, 25);
	ck_assert_uint_eq(nran, 2);
	ck_assert_int_eq(sim.now, 25);
	ck_assert(sim_event_pending(&e[2].ev));
	/* again: nothing due, nothing runs */
	sim_run_until(&sim, 25);
	ck_assert_uint_eq(nran, 2);
	/* an event exactly at until runs */
	sim_run_until(&sim, 30);
	ck_assert_uint_eq(nran, 3);
	ck_assert_int_eq(ran_at[2], 30);
	ck_assert_int_eq(sim.now, 30);
	/* empty queue: time still advances to until */
	sim_run_until(&sim, 1000);
	ck_assert_int_eq(sim.now, 1000);
	ck_assert_uint_eq(sim.events, 3);
	sim_destroy(&sim);
}
END_TEST

static void on_event_then_stop(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	sim_stop(sim);
}

START_TEST(stop_leaves_now_at_event)
{
	struct sim sim;
	struct tev a, b;

	ck_assert_int_eq(sim_init(&sim, 1), 0);
	log_reset(8);
	a.id = 0;
	b.id = 1;
	sim_event_init(&a.ev, on_event_then_stop, 0);
	sim_event_init(&b.ev, on_event, 0);
	sim_schedule(&sim, &a.ev, 10);
	sim_schedule(&sim, &b.ev, 10);
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 1);
	ck_assert_int_eq(sim.now, 10);
	ck_assert(sim_event_pending(&b.ev));
	/* the next run resumes where it stopped */
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 2);
	ck_assert_int_eq(sim.now, 100);
	sim_destroy(&sim);
}
END_TEST

START_TEST(cancel_not_pending_is_noop)
{
	struct sim sim;
	struct tev a, b, c;

	ck_assert_int_eq(sim_init(&sim, 1), 0);
	log_reset(8);
	a.id = 0;
	b.id = 1;
	c.id = 2;
	sim_event_init(&a.ev, on_event, 0);
	sim_event_init(&b.ev, on_event, 0);
	sim_event_init(&c.ev, on_event, 0);

	sim_cancel(&sim, &a.ev);		/* never scheduled */
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_schedule(&sim, &a.ev, 5);
	sim_schedule(&sim, &b.ev, 6);
	sim_schedule(&sim, &c.ev, 7);
	sim_cancel(&sim, &b.ev);
	sim_cancel(&sim, &b.ev);		/* twice */
	ck_assert(!sim_event_pending(&b.ev));
	ck_assert_uint_eq(sim.evq.len, 2);
	sim_run_until(&sim, 5);
	sim_cancel(&sim, &a.ev);		/* already ran */
	ck_assert_uint_eq(sim.evq.len, 1);
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 2);
	ck_assert_uint_eq(ran[0], 0);
	ck_assert_uint_eq(ran[1], 2);
	/* a cancelled event can be scheduled again */
	sim_schedule(&sim, &b.ev, 200);
	sim_run_until(&sim, 200);
	ck_assert_uint_eq(nran, 3);
	ck_assert_uint_eq(ran[2], 1);
	sim_destroy(&sim);
}
END_TEST

START_TEST(heap_of_100000)
{
	/* Grows the heap from its initial 1024 slots; the order must
	 * still equal the sorted reference, including across cancels of
	 * slots deep inside the heap. */
	struct world w;
	uint32_t i;

	world_init(&w, 100000, "evq/big");
	for (i = 0; i < w.n; i++)
		op_schedule(&w, i, (sim_time_t)rng_below(&w.r, 1000000));
	ck_assert_uint_eq(w.sim.evq.len, 100000);
	for (i = 0; i < w.n; i += 7)
		op_cancel(&w, i);
	for (i = 3; i < w.n; i += 11)
		op_reschedule(&w, i, (sim_time_t)rng_below(&w.r, 1000000));
	run_and_check(&w, SIM_TIME_MAX);
	ck_assert_uint_eq(w.sim.evq.len, 0);
	world_free(&w);
}
END_TEST

START_TEST(heap_slots_consistent)
{
	/* Each queued event's slot points back at it (engine.h); checked
	 * after every operation of a random workload. */
	struct world w;
	uint32_t i, j;
	int k;

	world_init(&w, 500, "evq/slots");
	for (k = 0; k < 5000; k++) {
		random_op(&w, 16);
		if (k % 97 == 0)
			(void)sim_evq_pop(&w.sim.evq);
		for (j = 0; j < w.sim.evq.len; j++)
			if (w.sim.evq.heap[j].ev->slot != j + 1)
				ck_abort_msg("op %d: heap[%u] has slot %u", k, j,
					     w.sim.evq.heap[j].ev->slot);
		for (i = 0; i < w.n; i++)
			if (w.ev[i].ev.slot &&
			    w.sim.evq.heap[w.ev[i].ev.slot - 1].ev != &w.ev[i].ev)
				ck_abort_msg("op %d: event %u not at its slot", k, i);
		/* popping behind the model's back: resync it */
		for (i = 0; i < w.n; i++)
			w.ref[i].pending = sim_event_pending(&w.ev[i].ev);
	}
	world_free(&w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("evq");
	TCase *tc_order = tcase_create("order");
	TCase *tc_run = tcase_create("run_until");
	TCase *tc_cancel = tcase_create("cancel");
	TCase *tc_scale = tcase_create("scale");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_test(tc_order, random_schedule_cancel_reschedule);
	tcase_add_test(tc_order, random_ops_interleaved_with_runs);
	tcase_add_test(tc_order, same_time_from_handler_runs_after_queued);
	tcase_add_test(tc_order, reschedule_takes_new_seq);
	tcase_set_timeout(tc_order, 20);
	suite_add_tcase(s, tc_order);

	tcase_add_test(tc_run, run_until_stops_and_sets_now);
	tcase_add_test(tc_run, stop_leaves_now_at_event);
	suite_add_tcase(s, tc_run);

	tcase_add_test(tc_cancel, cancel_not_pending_is_noop);
	suite_add_tcase(s, tc_cancel);

	tcase_add_test(tc_scale, heap_of_100000);
	tcase_add_test(tc_scale, heap_slots_consistent);
	tcase_set_timeout(tc_scale, 20);
	suite_add_tcase(s, tc_scale);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
