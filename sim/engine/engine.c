/* SPDX-License-Identifier: MIT */
/*
 * engine.c - the run loop.  Knows times, events and handlers; nothing about
 * NICs or sockets (models schedule and cancel their own events).
 *
 * An event stays in the heap while its handler runs (->running): a handler
 * that re-arms its own event, as the link and the CPU segments do for most
 * packets, then moves it in place with one sift instead of a pop and a
 * push.  The heap orders by the full key (time, prio, seq), so the order
 * events run in is the same either way.  To models the running event is
 * not pending; if the handler leaves it alone it is removed afterwards.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "evq.h"
#include "rxsim/engine.h"

int sim_init(struct sim *sim, uint64_t seed)
{
	sim->now = 0;
	sim->seed = seed;
	sim->seq = 0;
	sim->events = 0;
	sim->until = 0;
	sim->stopped = false;
	sim->stop_flag = NULL;
	sim->ctx = NULL;
	return sim_evq_init(&sim->evq, 1024);
}

void sim_destroy(struct sim *sim)
{
	sim_evq_free(&sim->evq);
}

/* Queue @ev at (@at, @seq): in place if it is queued already (pending, or
 * running: its old entry is still in the heap), else as a new entry. */
static void enqueue(struct sim *sim, struct sim_event *ev, sim_time_t at, uint64_t seq)
{
	ev->time = at;
	ev->seq = seq;
	if (ev->slot) {
		ev->running = false;
		sim_evq_fix(&sim->evq, ev);
	} else {
		sim_evq_push(&sim->evq, ev);
	}
}

void sim_schedule(struct sim *sim, struct sim_event *ev, sim_time_t at)
{
	assert(!sim_event_pending(ev) && "event already scheduled");
	assert(at >= sim->now && "event scheduled in the past");
	enqueue(sim, ev, at, sim->seq++);
}

void sim_reschedule(struct sim *sim, struct sim_event *ev, sim_time_t at)
{
	assert(at >= sim->now && "event scheduled in the past");
	enqueue(sim, ev, at, sim->seq++);
}

void sim_cancel(struct sim *sim, struct sim_event *ev)
{
	if (ev->slot)
		sim_evq_remove(&sim->evq, ev);
	ev->running = false;
}

/* Looked at every 65536 events: a signal handler's flag costs a load. */
static bool stop_requested(const struct sim *sim)
{
	return !(sim->events & 0xffff) && sim->stop_flag && *sim->stop_flag;
}

bool sim_continue(struct sim *sim, struct sim_event *ev, sim_time_t at, uint64_t seq)
{
	const struct sim_event *top;

	assert(at >= sim->now && "event scheduled in the past");
	/* A running event at the root keeps its old key there, the least of
	 * all: what runs next is then the least of its children. */
	top = ev->running && ev->slot == 1 ? sim_evq_second(&sim->evq) : sim_evq_peek(&sim->evq);
	if (!sim->stopped && at <= sim->until && !stop_requested(sim) &&
	    (!top || at < top->time ||
	     (at == top->time && sim_tie(ev->prio, seq) < sim_evq_tie(top)))) {
		sim->now = at;
		sim->events++;
		return true;
	}
	enqueue(sim, ev, at, seq);
	return false;
}

void sim_stop(struct sim *sim)
{
	sim->stopped = true;
}

void sim_run_until(struct sim *sim, sim_time_t until)
{
	sim->stopped = false;
	sim->until = until;
	while (!sim->stopped) {
		struct sim_event *ev = sim_evq_peek(&sim->evq);

		if (!ev || ev->time > until)
			break;
		if (stop_requested(sim)) {
			sim->stopped = true;
			break;
		}
		sim->now = ev->time;
		sim->events++;
		ev->running = true;
		ev->fn(sim, ev);
		if (ev->running) {
			ev->running = false;
			sim_evq_remove(&sim->evq, ev);
		}
	}
	if (!sim->stopped && sim->now < until)
		sim->now = until;
}

int sim_keyq_init(struct sim_keyq *kq, uint32_t cap)
{
	kq->seq = 0;
	return sim_evq_init(&kq->heap, cap);
}

void sim_keyq_free(struct sim_keyq *kq)
{
	sim_evq_free(&kq->heap);
}

void sim_keyq_set(struct sim_keyq *kq, struct sim_event *ev, sim_time_t at)
{
	ev->time = at;
	ev->seq = kq->seq++;
	if (ev->slot)
		sim_evq_fix(&kq->heap, ev);
	else
		sim_evq_push(&kq->heap, ev);
}

void sim_keyq_remove(struct sim_keyq *kq, struct sim_event *ev)
{
	if (ev->slot)
		sim_evq_remove(&kq->heap, ev);
}
