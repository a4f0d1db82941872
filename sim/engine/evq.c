/* SPDX-License-Identifier: MIT */
/*
 * evq.c - the event queue: a 4-ary min-heap of intrusive events keyed by
 * (time, prio, seq).  The key is copied into the heap array next to the
 * event pointer, so sifting compares contiguous memory instead of chasing
 * pointers; a 4-ary heap halves the depth of a binary one.  Each event keeps
 * its heap slot, so cancel and re-arm are O(log n) removals rather than lazy
 * tombstones that would bloat the heap when a timer is re-armed per packet.
 */
#include <assert.h>
#include <stdlib.h>

#include "evq.h"
#include "rxsim/alloc.h"

#define ARITY 4

static inline int before(const struct sim_evq_slot *a, const struct sim_evq_slot *b)
{
	return a->time < b->time || (a->time == b->time && a->tie < b->tie);
}

static inline void place(struct sim_evq *q, uint32_t i, struct sim_evq_slot s)
{
	q->heap[i] = s;
	s.ev->slot = i + 1;
}

static void sift_up(struct sim_evq *q, uint32_t i)
{
	struct sim_evq_slot s = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;

		if (!before(&s, &q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, s);
}

static void sift_down(struct sim_evq *q, uint32_t i)
{
	struct sim_evq_slot s = q->heap[i];

	for (;;) {
		uint32_t c = ARITY * i + 1, best, k, end;

		if (c >= q->len)
			break;
		best = c;
		end = c + ARITY < q->len ? c + ARITY : q->len;
		for (k = c + 1; k < end; k++)
			if (before(&q->heap[k], &q->heap[best]))
				best = k;
		if (!before(&q->heap[best], &s))
			break;
		place(q, i, q->heap[best]);
		i = best;
	}
	place(q, i, s);
}

int sim_evq_init(struct sim_evq *q, uint32_t cap)
{
	q->len = 0;
	q->cap = cap ? cap : 64;
	q->heap = malloc(sizeof(*q->heap) * q->cap);
	return q->heap ? 0 : -1;
}

void sim_evq_free(struct sim_evq *q)
{
	free(q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

/* Grows geometrically: the number of pending events is bounded by the
 * model graph (one or two per component), not by packets. */
void sim_evq_push(struct sim_evq *q, struct sim_event *ev)
{
	struct sim_evq_slot s = { ev->time, sim_evq_tie(ev), ev };

	/* callers push only events with no slot (sim_schedule, sim_keyq_set) */
	if (q->len == q->cap) {
		q->heap = sim_xrealloc(q->heap, (size_t)q->cap * 2, sizeof(*q->heap),
				       "the event queue");
		q->cap *= 2;
	}
	q->heap[q->len] = s;
	ev->slot = q->len + 1;
	q->len++;
	sift_up(q, q->len - 1);
}

struct sim_event *sim_evq_pop(struct sim_evq *q)
{
	struct sim_event *top;

	if (!q->len)
		return NULL;
	top = q->heap[0].ev;
	top->slot = 0;
	q->len--;
	if (q->len) {
		q->heap[0] = q->heap[q->len];
		sift_down(q, 0);
	}
	return top;
}

/* The event that runs after the root: the least of the root's children. */
struct sim_event *sim_evq_second(const struct sim_evq *q)
{
	uint32_t k, best = 1, end = q->len < 1 + ARITY ? q->len : 1 + ARITY;

	if (q->len < 2)
		return NULL;
	for (k = 2; k < end; k++)
		if (before(&q->heap[k], &q->heap[best]))
			best = k;
	return q->heap[best].ev;
}

void sim_evq_remove(struct sim_evq *q, struct sim_event *ev)
{
	uint32_t i;

	i = ev->slot - 1;
	/* slot 0 wraps to UINT32_MAX: one compare checks both bounds */
	assert(i < q->len && q->heap[i].ev == ev && "event not in this queue");
	ev->slot = 0;
	q->len--;
	if (i == q->len)
		return;
	q->heap[i] = q->heap[q->len];
	q->heap[i].ev->slot = i + 1;
	if (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

/* Restore heap order around @ev, whose slot has its new key. */
void sim_evq_sift(struct sim_evq *q, struct sim_event *ev)
{
	uint32_t i = ev->slot - 1;

	if (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
}
