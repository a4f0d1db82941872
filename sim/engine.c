/* SPDX-License-Identifier: MIT */
/*
 * engine.c - the run loop.  Knows times, events and handlers; nothing about
 * NICs or sockets (models schedule and cancel their own events).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "rxsim/engine.h"

int sim_init(struct sim *sim, uint64_t seed)
{
	sim->now = 0;
	sim->end = SIM_TIME_MAX;
	sim->seed = seed;
	sim->seq = 0;
	sim->events = 0;
	sim->stopped = false;
	sim->stop_flag = NULL;
	sim->ctx = NULL;
	return sim_evq_init(&sim->evq, 1024);
}

void sim_destroy(struct sim *sim)
{
	sim_evq_free(&sim->evq);
}

static void die_oom(void)
{
	fputs("rxsim: out of memory growing the event queue\n", stderr);
	abort();
}

void sim_schedule(struct sim *sim, struct sim_event *ev, sim_time_t at)
{
	assert(ev->slot == 0 && "event already scheduled");
	assert(at >= sim->now && "event scheduled in the past");
	ev->time = at;
	ev->seq = sim->seq++;
	if (sim_evq_push(&sim->evq, ev))
		die_oom();
}

void sim_reschedule(struct sim *sim, struct sim_event *ev, sim_time_t at)
{
	assert(at >= sim->now && "event scheduled in the past");
	if (!ev->slot) {
		sim_schedule(sim, ev, at);
		return;
	}
	ev->time = at;
	ev->seq = sim->seq++;
	sim_evq_fix(&sim->evq, ev);
}

void sim_cancel(struct sim *sim, struct sim_event *ev)
{
	if (ev->slot)
		sim_evq_remove(&sim->evq, ev);
}

void sim_stop(struct sim *sim)
{
	sim->stopped = true;
}

void sim_run_until(struct sim *sim, sim_time_t until)
{
	sim->stopped = false;
	while (!sim->stopped) {
		struct sim_event *ev = sim_evq_peek(&sim->evq);

		if (!ev || ev->time > until)
			break;
		if (!(sim->events & 0xffff) && sim->stop_flag && *sim->stop_flag) {
			sim->stopped = true;
			break;
		}
		sim_evq_pop(&sim->evq);
		sim->now = ev->time;
		sim->events++;
		ev->fn(sim, ev);
	}
	if (!sim->stopped && sim->now < until)
		sim->now = until;
}
