/* SPDX-License-Identifier: MIT */
/*
 * evq.c - the event queue: a binary min-heap of intrusive events keyed by
 * (time, prio, seq).  Each event keeps its heap slot, so cancel and re-arm
 * are O(log n) removals rather than lazy tombstones that bloat the heap
 * when a coalescing timer is re-armed on every packet.
 */
#include <assert.h>
#include <stdlib.h>

#include "rxsim/engine.h"

/* Strict weak order; seq is unique per simulation, so it is total. */
static inline int ev_before(const struct sim_event *a, const struct sim_event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->seq < b->seq;
}

static inline void place(struct sim_evq *q, uint32_t i, struct sim_event *ev)
{
	q->heap[i] = ev;
	ev->slot = i + 1;
}

static void sift_up(struct sim_evq *q, uint32_t i)
{
	struct sim_event *ev = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!ev_before(ev, q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, ev);
}

static void sift_down(struct sim_evq *q, uint32_t i)
{
	struct sim_event *ev = q->heap[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= q->len)
			break;
		if (c + 1 < q->len && ev_before(q->heap[c + 1], q->heap[c]))
			c++;
		if (!ev_before(q->heap[c], ev))
			break;
		place(q, i, q->heap[c]);
		i = c;
	}
	place(q, i, ev);
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
int sim_evq_push(struct sim_evq *q, struct sim_event *ev)
{
	assert(ev->slot == 0);
	if (q->len == q->cap) {
		uint32_t ncap = q->cap * 2;
		struct sim_event **nh = realloc(q->heap, sizeof(*nh) * ncap);

		if (!nh)
			return -1;
		q->heap = nh;
		q->cap = ncap;
	}
	q->heap[q->len] = ev;
	ev->slot = q->len + 1;
	q->len++;
	sift_up(q, q->len - 1);
	return 0;
}

struct sim_event *sim_evq_pop(struct sim_evq *q)
{
	struct sim_event *top;

	if (!q->len)
		return NULL;
	top = q->heap[0];
	top->slot = 0;
	q->len--;
	if (q->len) {
		q->heap[0] = q->heap[q->len];
		sift_down(q, 0);
	}
	return top;
}

void sim_evq_remove(struct sim_evq *q, struct sim_event *ev)
{
	uint32_t i;
	struct sim_event *last;

	assert(ev->slot != 0 && ev->slot <= q->len && q->heap[ev->slot - 1] == ev);
	i = ev->slot - 1;
	ev->slot = 0;
	q->len--;
	if (i == q->len)
		return;
	last = q->heap[q->len];
	q->heap[i] = last;
	last->slot = i + 1;
	sim_evq_fix(q, last);
}

/* Restore heap order after the key of a queued event changed. */
void sim_evq_fix(struct sim_evq *q, struct sim_event *ev)
{
	uint32_t i = ev->slot - 1;

	if (i > 0 && ev_before(ev, q->heap[(i - 1) / 2]))
		sift_up(q, i);
	else
		sift_down(q, i);
}
