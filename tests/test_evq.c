/* SPDX-License-Identifier: MIT */
/*
 * test_evq.c - event order, run_until, cancel and reschedule, handlers
 * that re-arm their own event, and event fusion (sim_continue).
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

#include "evq.h"
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

/* A fresh simulation (seed 1) with a run log of @cap entries. */
static void sim_start(struct sim *sim, size_t cap)
{
	ck_assert_int_eq(sim_init(sim, 1), 0);
	log_reset(cap);
}

/* Event @t: logged as @id, handled by @fn, in priority class @prio. */
static void tev_init(struct tev *t, uint32_t id, sim_event_fn fn, uint8_t prio)
{
	t->id = id;
	sim_event_init(&t->ev, fn, prio);
}

/* A fresh simulation with a (id 0, @fa) at @ta and b (id 1, @fb) at @tb,
 * both in priority class 0. */
static void start_two(struct sim *sim, struct tev *a, sim_event_fn fa, sim_time_t ta,
		      struct tev *b, sim_event_fn fb, sim_time_t tb)
{
	sim_start(sim, 8);
	tev_init(a, 0, fa, 0);
	tev_init(b, 1, fb, 0);
	sim_schedule(sim, &a->ev, ta);
	sim_schedule(sim, &b->ev, tb);
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

	sim_start(&sim, 16);
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

	sim_start(&sim, 8);
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

	sim_start(&sim, 8);
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

	start_two(&sim, &a, on_event_then_stop, 10, &b, on_event, 10);
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

	sim_start(&sim, 8);
	tev_init(&a, 0, on_event, 0);
	tev_init(&b, 1, on_event, 0);
	tev_init(&c, 2, on_event, 0);

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

/*
 * Handlers that re-arm their own event.  The event stays in the heap while
 * its handler runs (engine.c); these tests pin down that, to the handler
 * and to everyone else, the order is still exactly (time, prio, seq) and
 * the running event is not pending.
 */

/* Re-arms itself @rearm_left more times, @period after each run. */
struct rearm {
	struct tev t;
	sim_time_t period;
	int rearm_left;
};

static void on_rearm(struct sim *sim, struct sim_event *ev)
{
	struct rearm *r = container_of(ev, struct rearm, t.ev);

	on_event(sim, ev);
	if (r->rearm_left > 0) {
		r->rearm_left--;
		sim_schedule(sim, ev, sim->now + r->period);
	}
}

START_TEST(rearm_self_interleaved)
{
	/*
	 * A (prio 1) at 10 re-arms itself three times, every 10 ps: it
	 * runs at 10, 20, 30, 40.  Scheduled beforehand, in this order:
	 *   B (15, prio 1, seq 1)
	 *   C (20, prio 0, seq 2)  lower prio number: before A@20
	 *   D (30, prio 1, seq 3)  same prio; A's re-arm at 20 takes a
	 *                          later seq (5), so D runs before A@30
	 *   E (40, prio 2, seq 4)  higher prio number: after A@40
	 * Expected by hand:
	 *   A@10 B@15 C@20 A@20 D@30 A@30 A@40 E@40
	 */
	static const uint32_t want_id[] = { 0, 1, 2, 0, 3, 0, 0, 4 };
	static const sim_time_t want_at[] = { 10, 15, 20, 20, 30, 30, 40, 40 };
	struct sim sim;
	struct rearm a;
	struct tev o[4];	/* B C D E */
	static const uint8_t oprio[] = { 1, 0, 1, 2 };
	static const sim_time_t oat[] = { 15, 20, 30, 40 };
	int i;

	sim_start(&sim, 16);
	a.period = 10;
	a.rearm_left = 3;
	tev_init(&a.t, 0, on_rearm, 1);
	sim_schedule(&sim, &a.t.ev, 10);
	for (i = 0; i < 4; i++) {
		o[i].id = (uint32_t)i + 1;
		sim_event_init(&o[i].ev, on_event, oprio[i]);
		sim_schedule(&sim, &o[i].ev, oat[i]);
	}
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 8);
	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(ran[i], want_id[i]);
		ck_assert_int_eq(ran_at[i], want_at[i]);
	}
	ck_assert_uint_eq(sim.events, 8);
	ck_assert_uint_eq(sim.seq, 8);	/* 5 schedules + 3 re-arms */
	ck_assert(!sim_event_pending(&a.t.ev));
	ck_assert(!a.t.ev.running);
	ck_assert_uint_eq(a.t.ev.slot, 0);
	ck_assert_uint_eq(sim.evq.len, 0);
	ck_assert_int_eq(sim.now, 100);
	sim_destroy(&sim);
}
END_TEST

/* What a handler saw of its own event. */
static bool seen_pending, seen_pending_after_arm, seen_pending_after_cancel;
static uint32_t seen_len;

static void on_event_probe(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	seen_pending = sim_event_pending(ev);
	seen_len = sim->evq.len;
}

START_TEST(running_event_not_pending)
{
	struct sim sim;
	struct tev a, b;

	start_two(&sim, &a, on_event_probe, 10, &b, on_event, 20);
	ck_assert(sim_event_pending(&a.ev));
	ck_assert_uint_eq(sim.evq.len, 2);

	seen_pending = true;
	seen_len = 0;
	sim_run_until(&sim, 10);
	ck_assert_uint_eq(nran, 1);
	/* inside: not pending to the handler, though still in the heap */
	ck_assert(!seen_pending);
	ck_assert_uint_eq(seen_len, 2);
	/* after: removed, queue one shorter */
	ck_assert(!sim_event_pending(&a.ev));
	ck_assert(!a.ev.running);
	ck_assert_uint_eq(a.ev.slot, 0);
	ck_assert_uint_eq(sim.evq.len, 1);
	ck_assert(sim_event_pending(&b.ev));
	ck_assert_ptr_eq(sim_evq_peek(&sim.evq), &b.ev);
	/* it can be scheduled again like any idle event */
	sim_schedule(&sim, &a.ev, 30);
	sim_run_until(&sim, 100);
	ck_assert_uint_eq(nran, 3);
	ck_assert_uint_eq(ran[1], 1);
	ck_assert_uint_eq(ran[2], 0);
	ck_assert_int_eq(ran_at[2], 30);
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_destroy(&sim);
}
END_TEST

static void on_event_arm_then_cancel(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	sim_schedule(sim, ev, sim->now + 5);
	seen_pending_after_arm = sim_event_pending(ev);
	sim_cancel(sim, ev);
	seen_pending_after_cancel = sim_event_pending(ev);
}

static void on_event_cancel_self(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	sim_cancel(sim, ev);
	seen_pending_after_cancel = sim_event_pending(ev);
}

START_TEST(rearm_then_cancel_self)
{
	struct sim sim;
	struct tev a, b;

	start_two(&sim, &a, on_event_arm_then_cancel, 10, &b, on_event, 100);
	seen_pending_after_arm = false;
	seen_pending_after_cancel = true;
	sim_run_until(&sim, 10);
	ck_assert(seen_pending_after_arm);
	ck_assert(!seen_pending_after_cancel);
	ck_assert(!sim_event_pending(&a.ev));
	ck_assert(!a.ev.running);
	ck_assert_uint_eq(a.ev.slot, 0);
	ck_assert_uint_eq(sim.evq.len, 1);
	/* the re-armed occurrence at 15 never runs */
	sim_run_until(&sim, 1000);
	ck_assert_uint_eq(nran, 2);
	ck_assert_uint_eq(ran[0], 0);
	ck_assert_int_eq(ran_at[0], 10);
	ck_assert_uint_eq(ran[1], 1);
	ck_assert_int_eq(ran_at[1], 100);
	ck_assert_uint_eq(sim.events, 2);
	ck_assert_uint_eq(sim.evq.len, 0);

	/* cancelling itself without re-arming: removed once, and the
	 * queue behind it (B at 1200) is intact */
	a.ev.fn = on_event_cancel_self;
	sim_schedule(&sim, &a.ev, 1150);
	sim_schedule(&sim, &b.ev, 1200);
	seen_pending_after_cancel = true;
	sim_run_until(&sim, 1150);
	ck_assert(!seen_pending_after_cancel);
	ck_assert(!sim_event_pending(&a.ev));
	ck_assert(!a.ev.running);
	ck_assert_uint_eq(a.ev.slot, 0);
	ck_assert_uint_eq(sim.evq.len, 1);
	ck_assert_ptr_eq(sim_evq_peek(&sim.evq), &b.ev);
	ck_assert_uint_eq(b.ev.slot, 1);
	sim_run_until(&sim, 2000);
	ck_assert_uint_eq(nran, 4);
	ck_assert_uint_eq(ran[2], 0);
	ck_assert_int_eq(ran_at[2], 1150);
	ck_assert_uint_eq(ran[3], 1);
	ck_assert_int_eq(ran_at[3], 1200);
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_destroy(&sim);
}
END_TEST

/* Schedules @follow_up at now the first time, and re-arms itself at now. */
static bool spawned;

static void on_event_spawn_and_rearm(struct sim *sim, struct sim_event *ev)
{
	on_event(sim, ev);
	if (!spawned) {
		spawned = true;
		sim_schedule(sim, &follow_up->ev, sim->now);
		sim_schedule(sim, ev, sim->now);
	}
}

START_TEST(handler_schedules_lower_prio_number_same_time)
{
	/*
	 * A (10, prio 1, seq 0) and B (10, prio 1, seq 1) are queued.  A's
	 * handler schedules N (10, prio 0, seq 2) and re-arms itself at 10
	 * (prio 1, seq 3).  N has the smallest key, so it runs next, even
	 * though A is still at the top of the heap while its handler runs;
	 * then B, then A again.  Expected: A N B A, all at 10.
	 */
	static const uint32_t want[] = { 0, 2, 1, 0 };
	struct sim sim;
	struct tev a, b, n;
	int i;

	sim_start(&sim, 8);
	tev_init(&a, 0, on_event_spawn_and_rearm, 1);
	tev_init(&b, 1, on_event, 1);
	tev_init(&n, 2, on_event, 0);
	follow_up = &n;
	spawned = false;
	sim_schedule(&sim, &a.ev, 10);
	sim_schedule(&sim, &b.ev, 10);
	sim_run_until(&sim, 10);
	ck_assert_uint_eq(nran, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(ran[i], want[i]);
		ck_assert_int_eq(ran_at[i], 10);
	}
	ck_assert_uint_eq(sim.events, 4);
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_destroy(&sim);
}
END_TEST

/*
 * Event fusion: sim_take_seq() + sim_continue().  on_fused runs
 * occurrences every @period until the next would lie beyond @last; each
 * occurrence is logged through on_event.  Once, in its first occurrence,
 * it may schedule @peer at @peer_at, before or after taking the seq.
 */
struct fused {
	struct tev t;
	sim_time_t period;
	sim_time_t last;
	struct sim_event *peer;
	sim_time_t peer_at;
	bool peer_after_seq;
	/* per sim_continue() call */
	int ncont;
	bool res[16];
	uint64_t seq[16];
	sim_time_t now_after[16];
	uint64_t events_before[16], events_after[16];
	uint32_t len_after[16];
	bool pending_after[16];
	sim_time_t time_after[16];	/* ev's key after the call */
	uint64_t seq_after[16];
};

static void on_fused(struct sim *sim, struct sim_event *ev)
{
	struct fused *f = container_of(ev, struct fused, t.ev);
	sim_time_t at;
	uint64_t seq;
	bool ok;
	int k;

	do {
		on_event(sim, ev);
		at = sim->now + f->period;
		if (at > f->last)
			return;
		if (f->peer && !f->peer_after_seq) {
			sim_schedule(sim, f->peer, f->peer_at);
			f->peer = NULL;
		}
		seq = sim_take_seq(sim);
		if (f->peer) {
			sim_schedule(sim, f->peer, f->peer_at);
			f->peer = NULL;
		}
		if (f->ncont >= 16)
			ck_abort_msg("too many sim_continue calls");
		k = f->ncont++;
		f->seq[k] = seq;
		f->events_before[k] = sim->events;
		ok = sim_continue(sim, ev, at, seq);
		f->res[k] = ok;
		f->now_after[k] = sim->now;
		f->events_after[k] = sim->events;
		f->len_after[k] = sim->evq.len;
		f->pending_after[k] = sim_event_pending(ev);
		f->time_after[k] = ev->time;
		f->seq_after[k] = ev->seq;
	} while (ok);
}

static void fused_init(struct fused *f, uint32_t id, uint8_t prio,
		       sim_time_t period, sim_time_t last)
{
	memset(f, 0, sizeof(*f));
	f->t.id = id;
	f->period = period;
	f->last = last;
	sim_event_init(&f->t.ev, on_fused, prio);
}

START_TEST(continue_next_is_later_or_empty)
{
	struct sim sim;
	struct fused f;
	struct tev g;

	/* empty queue: F at 10 continues at 50 */
	sim_start(&sim, 8);
	fused_init(&f, 0, 1, 40, 50);
	sim_schedule(&sim, &f.t.ev, 10);
	sim_run_until(&sim, 100);
	ck_assert_int_eq(f.ncont, 1);
	ck_assert(f.res[0]);
	ck_assert_int_eq(f.now_after[0], 50);
	ck_assert_uint_eq(f.events_before[0], 1);
	ck_assert_uint_eq(f.events_after[0], 2);
	ck_assert(!f.pending_after[0]);
	ck_assert_uint_eq(nran, 2);
	ck_assert_int_eq(ran_at[0], 10);
	ck_assert_int_eq(ran_at[1], 50);
	ck_assert_uint_eq(sim.events, 2);
	ck_assert_uint_eq(sim.evq.len, 0);
	ck_assert(!sim_event_pending(&f.t.ev));
	ck_assert_int_eq(sim.now, 100);
	sim_destroy(&sim);

	/* next queued event (G at 60) later than 50: still true */
	sim_start(&sim, 8);
	fused_init(&f, 0, 1, 40, 50);
	tev_init(&g, 1, on_event, 0);
	sim_schedule(&sim, &f.t.ev, 10);
	sim_schedule(&sim, &g.ev, 60);
	sim_run_until(&sim, 100);
	ck_assert_int_eq(f.ncont, 1);
	ck_assert(f.res[0]);
	ck_assert_int_eq(f.now_after[0], 50);
	ck_assert_uint_eq(f.events_before[0], 1);
	ck_assert_uint_eq(f.events_after[0], 2);
	ck_assert_uint_eq(nran, 3);
	ck_assert_uint_eq(ran[0], 0);
	ck_assert_int_eq(ran_at[0], 10);
	ck_assert_uint_eq(ran[1], 0);
	ck_assert_int_eq(ran_at[1], 50);
	ck_assert_uint_eq(ran[2], 1);
	ck_assert_int_eq(ran_at[2], 60);
	ck_assert_uint_eq(sim.events, 3);
	sim_destroy(&sim);
}
END_TEST

START_TEST(continue_next_is_earlier_schedules)
{
	/*
	 * F at 10 wants 50; H0..H2 at 70, 80, 90 and then G at 30 are
	 * queued (G last, so it is not the first child of F in the heap).
	 * G is earlier: false, F pending at 50 with the taken seq (5),
	 * time stays 10.  Then F@10 G@30 F@50 H0@70 H1@80 H2@90.
	 */
	static const uint32_t want_id[] = { 0, 1, 0, 2, 3, 4 };
	static const sim_time_t want_at[] = { 10, 30, 50, 70, 80, 90 };
	struct sim sim;
	struct fused f;
	struct tev g, h[3];
	int i;

	sim_start(&sim, 16);
	fused_init(&f, 0, 0, 40, 50);
	sim_schedule(&sim, &f.t.ev, 10);	/* seq 0 */
	for (i = 0; i < 3; i++) {
		h[i].id = (uint32_t)i + 2;
		sim_event_init(&h[i].ev, on_event, 0);
		sim_schedule(&sim, &h[i].ev, 70 + 10 * i);	/* seq 1..3 */
	}
	tev_init(&g, 1, on_event, 1);
	sim_schedule(&sim, &g.ev, 30);		/* seq 4 */
	/* the bound (100) is past 50: only G can make it false */
	sim_run_until(&sim, 100);
	ck_assert_int_eq(sim.until, 100);
	ck_assert(!f.res[0]);
	ck_assert_int_eq(f.now_after[0], 10);
	ck_assert_uint_eq(f.events_before[0], 1);
	ck_assert_uint_eq(f.events_after[0], 1);
	ck_assert_uint_eq(f.len_after[0], 5);
	ck_assert(f.pending_after[0]);
	ck_assert_int_eq(f.time_after[0], 50);
	ck_assert_uint_eq(f.seq[0], 5);
	ck_assert_uint_eq(f.seq_after[0], 5);
	ck_assert_int_eq(f.ncont, 1);	/* at 50 the next (90) is past last */
	ck_assert_uint_eq(nran, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(ran[i], want_id[i]);
		ck_assert_int_eq(ran_at[i], want_at[i]);
	}
	ck_assert_uint_eq(sim.events, 6);
	ck_assert_uint_eq(sim.evq.len, 0);
	ck_assert(!sim_event_pending(&f.t.ev));
	sim_destroy(&sim);
}
END_TEST

/*
 * F (id 0, prio 1) at 10 wants an occurrence at 20; in that handler G
 * (id 1, @gprio) is scheduled at 20 before or after the seq is taken.
 * Check sim_continue's answer and the resulting order F@10 then, at 20,
 * F G (fused wins) or G F (G first).
 */
static void tie_case(uint8_t gprio, bool g_after_seq, bool want_fused)
{
	struct sim sim;
	struct fused f;
	struct tev g;
	uint32_t first = want_fused ? 0 : 1, second = want_fused ? 1 : 0;

	sim_start(&sim, 8);
	fused_init(&f, 0, 1, 10, 20);
	g.id = 1;
	sim_event_init(&g.ev, on_event, gprio);
	f.peer = &g.ev;
	f.peer_at = 20;
	f.peer_after_seq = g_after_seq;
	sim_schedule(&sim, &f.t.ev, 10);	/* seq 0 */
	sim_run_until(&sim, 100);
	ck_assert_int_eq(f.ncont, 1);
	/* seq 1 goes to whichever of take/schedule comes first */
	ck_assert_uint_eq(f.seq[0], g_after_seq ? 1 : 2);
	ck_assert_uint_eq(g.ev.seq, g_after_seq ? 2 : 1);
	ck_assert(f.res[0] == want_fused);
	ck_assert_int_eq(f.now_after[0], want_fused ? 20 : 10);
	ck_assert_uint_eq(f.events_after[0], want_fused ? 2 : 1);
	ck_assert(f.pending_after[0] == !want_fused);
	ck_assert_uint_eq(nran, 3);
	ck_assert_uint_eq(ran[0], 0);
	ck_assert_int_eq(ran_at[0], 10);
	ck_assert_uint_eq(ran[1], first);
	ck_assert_int_eq(ran_at[1], 20);
	ck_assert_uint_eq(ran[2], second);
	ck_assert_int_eq(ran_at[2], 20);
	ck_assert_uint_eq(sim.events, 3);
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_destroy(&sim);
}

START_TEST(continue_tie_by_seq)
{
	/* same time, same prio: the earlier seq wins */
	tie_case(1, true, true);	/* seq taken before G is scheduled */
	tie_case(1, false, false);	/* seq taken after G is scheduled */
}
END_TEST

START_TEST(continue_tie_by_prio)
{
	/* same time: prio decides before seq */
	tie_case(0, true, false);	/* G prio 0 beats F's earlier seq */
	tie_case(2, false, true);	/* G prio 2 loses to F's later seq */
}
END_TEST

START_TEST(continue_respects_run_until_bound)
{
	/*
	 * F at 20, every 40: 20, 60, 100 (== until: fused), then 140 is
	 * beyond sim_run_until(100): false, F scheduled at 140 and not run
	 * in this call.  The next sim_run_until(200) runs 140, 180 and
	 * schedules 220.
	 */
	struct sim sim;
	struct fused f;

	sim_start(&sim, 16);
	fused_init(&f, 0, 0, 40, 1000);
	sim_schedule(&sim, &f.t.ev, 20);
	sim_run_until(&sim, 100);
	ck_assert_int_eq(sim.until, 100);
	ck_assert_int_eq(f.ncont, 3);
	ck_assert(f.res[0]);
	ck_assert(f.res[1]);
	ck_assert(!f.res[2]);
	ck_assert_int_eq(f.now_after[1], 100);
	ck_assert_int_eq(f.now_after[2], 100);
	ck_assert(f.pending_after[2]);
	ck_assert_uint_eq(nran, 3);
	ck_assert_int_eq(ran_at[0], 20);
	ck_assert_int_eq(ran_at[1], 60);
	ck_assert_int_eq(ran_at[2], 100);
	ck_assert_uint_eq(sim.events, 3);
	ck_assert_int_eq(sim.now, 100);
	ck_assert(sim_event_pending(&f.t.ev));
	ck_assert_int_eq(f.t.ev.time, 140);
	ck_assert_uint_eq(sim.evq.len, 1);

	sim_run_until(&sim, 200);
	ck_assert_int_eq(f.ncont, 5);
	ck_assert(f.res[3]);
	ck_assert(!f.res[4]);
	ck_assert_uint_eq(nran, 5);
	ck_assert_int_eq(ran_at[3], 140);
	ck_assert_int_eq(ran_at[4], 180);
	ck_assert_uint_eq(sim.events, 5);
	ck_assert_int_eq(sim.now, 200);
	ck_assert(sim_event_pending(&f.t.ev));
	ck_assert_int_eq(f.t.ev.time, 220);
	sim_cancel(&sim, &f.t.ev);
	ck_assert_uint_eq(sim.evq.len, 0);
	sim_destroy(&sim);
}
END_TEST

START_TEST(continue_loop_with_interleaved_event)
{
	/*
	 * F (prio 0) at 10, every 10 up to 50; X (prio 0) queued at 25.
	 * By hand: F@10, F@20 (fused), 30 loses to X@25 (scheduled),
	 * X@25, F@30 (new handler call), F@40, F@50 (fused), 60 > last.
	 * Six events either way: the same workload with F re-arming itself
	 * as a separate event each time gives the same order, count and
	 * sequence counter.
	 */
	static const uint32_t want_id[] = { 0, 0, 1, 0, 0, 0 };
	static const sim_time_t want_at[] = { 10, 20, 25, 30, 40, 50 };
	static const bool want_res[] = { true, false, true, true };
	struct sim sim;
	struct fused f;
	struct rearm r;
	struct tev x;
	int i;

	sim_start(&sim, 16);
	fused_init(&f, 0, 0, 10, 50);
	tev_init(&x, 1, on_event, 0);
	sim_schedule(&sim, &f.t.ev, 10);
	sim_schedule(&sim, &x.ev, 25);
	sim_run_until(&sim, 1000);
	ck_assert_uint_eq(nran, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(ran[i], want_id[i]);
		ck_assert_int_eq(ran_at[i], want_at[i]);
	}
	ck_assert_int_eq(f.ncont, 4);
	for (i = 0; i < 4; i++)
		ck_assert(f.res[i] == want_res[i]);
	ck_assert_uint_eq(f.events_after[0], 2);	/* F@10, F@20 */
	ck_assert_uint_eq(f.events_after[2], 5);	/* ..., X, F@30, F@40 */
	ck_assert_uint_eq(sim.events, 6);
	ck_assert_uint_eq(sim.seq, 6);	/* 2 schedules + 4 taken */
	ck_assert_uint_eq(sim.evq.len, 0);
	ck_assert(!sim_event_pending(&f.t.ev));
	sim_destroy(&sim);

	/* the unfused reference */
	sim_start(&sim, 16);
	r.period = 10;
	r.rearm_left = 4;
	tev_init(&r.t, 0, on_rearm, 0);
	x.id = 1;
	sim_event_init(&x.ev, on_event, 0);
	sim_schedule(&sim, &r.t.ev, 10);
	sim_schedule(&sim, &x.ev, 25);
	sim_run_until(&sim, 1000);
	ck_assert_uint_eq(nran, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(ran[i], want_id[i]);
		ck_assert_int_eq(ran_at[i], want_at[i]);
	}
	ck_assert_uint_eq(sim.events, 6);
	ck_assert_uint_eq(sim.seq, 6);
	sim_destroy(&sim);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("evq");
	TCase *tc_order = tcase_create("order");
	TCase *tc_run = tcase_create("run_until");
	TCase *tc_cancel = tcase_create("cancel");
	TCase *tc_scale = tcase_create("scale");
	TCase *tc_running = tcase_create("running");
	TCase *tc_fusion = tcase_create("fusion");
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

	tcase_add_test(tc_running, rearm_self_interleaved);
	tcase_add_test(tc_running, running_event_not_pending);
	tcase_add_test(tc_running, rearm_then_cancel_self);
	tcase_add_test(tc_running, handler_schedules_lower_prio_number_same_time);
	suite_add_tcase(s, tc_running);

	tcase_add_test(tc_fusion, continue_next_is_later_or_empty);
	tcase_add_test(tc_fusion, continue_next_is_earlier_schedules);
	tcase_add_test(tc_fusion, continue_tie_by_seq);
	tcase_add_test(tc_fusion, continue_tie_by_prio);
	tcase_add_test(tc_fusion, continue_respects_run_until_bound);
	tcase_add_test(tc_fusion, continue_loop_with_interleaved_event);
	suite_add_tcase(s, tc_fusion);

	tcase_add_test(tc_scale, heap_of_100000);
	tcase_add_test(tc_scale, heap_slots_consistent);
	tcase_set_timeout(tc_scale, 20);
	suite_add_tcase(s, tc_scale);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
