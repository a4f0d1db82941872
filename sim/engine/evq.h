/* SPDX-License-Identifier: MIT */
/*
 * evq.h - the engine's event heap (evq.c), private to the engine and its
 * tests: models schedule through engine.h and never see a heap slot.
 */
#ifndef RXSIM_EVQ_H
#define RXSIM_EVQ_H

#include "rxsim/engine.h"

int sim_evq_init(struct sim_evq *q, uint32_t cap);
void sim_evq_free(struct sim_evq *q);
/* Aborts (sim_xrealloc) if the heap cannot grow. */
void sim_evq_push(struct sim_evq *q, struct sim_event *ev);
struct sim_event *sim_evq_pop(struct sim_evq *q);
void sim_evq_remove(struct sim_evq *q, struct sim_event *ev);
void sim_evq_sift(struct sim_evq *q, struct sim_event *ev);
struct sim_event *sim_evq_second(const struct sim_evq *q);

static inline uint64_t sim_evq_tie(const struct sim_event *ev)
{
	return sim_tie(ev->prio, ev->seq);
}

/* Restore heap order after the key of a queued event changed; inline, as
 * it runs per packet (a lone entry, one traffic source, just takes it). */
static inline void sim_evq_fix(struct sim_evq *q, struct sim_event *ev)
{
	struct sim_evq_slot *s = &q->heap[ev->slot - 1];

	s->time = ev->time;
	s->tie = sim_evq_tie(ev);
	if (q->len > 1)
		sim_evq_sift(q, ev);
}

static inline struct sim_event *sim_evq_peek(const struct sim_evq *q)
{
	return q->len ? q->heap[0].ev : NULL;
}

#endif
