/* SPDX-License-Identifier: MIT */
/*
 * engine.h - simulated time, intrusive events and the event queue.
 *
 * Time is an integer count of picoseconds: a 64-byte frame lasts 6.72 ns at
 * 100 Gb/s, which nanoseconds would round by 4%.  Events run in the order
 * (time, priority class, insertion sequence); the sequence comes from one
 * per-simulation counter, so a run is a pure function of scenario and seed.
 *
 * Events are intrusive: a model embeds struct sim_event in its own state and
 * recovers the container with container_of() in the handler.  The engine
 * stores pointers only; it never copies or allocates an event.  A scheduled
 * event belongs to the queue until it runs or is cancelled.
 */
#ifndef RXSIM_ENGINE_H
#define RXSIM_ENGINE_H

#include <signal.h>	/* sig_atomic_t only: the engine installs no handler */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t sim_time_t;	/* picoseconds */

#define SIM_PS	((sim_time_t)1)
#define SIM_NS	((sim_time_t)1000)
#define SIM_US	((sim_time_t)1000000)
#define SIM_MS	((sim_time_t)1000000000)
#define SIM_S	((sim_time_t)1000000000000)
#define SIM_TIME_MAX INT64_MAX

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif

struct sim;
struct sim_event;

typedef void (*sim_event_fn)(struct sim *sim, struct sim_event *ev);

/*
 * An event.  Its members are private to the engine: a model sets it up with
 * sim_event_init(), schedules, moves and cancels it through the functions
 * below, and reads it only through sim_event_pending() / sim_event_time().
 */
struct sim_event {
	sim_time_t time;
	uint64_t seq;		/* insertion sequence: the last tie-break */
	sim_event_fn fn;
	uint32_t slot;		/* heap index + 1; 0 = not scheduled */
	uint8_t prio;		/* lower runs first at equal time */
	bool running;		/* its handler runs; still in the heap (see engine.c) */
};

/* A heap slot: the ordering key copied next to the event pointer.  The
 * heap's types are here only so that struct sim can embed one; its
 * functions are private to the engine (sim/engine/evq.h). */
struct sim_evq_slot {
	sim_time_t time;
	uint64_t tie;		/* prio << 56 | seq */
	struct sim_event *ev;
};

/* 4-ary min-heap of events; each event remembers its slot. */
struct sim_evq {
	struct sim_evq_slot *heap;
	uint32_t len;
	uint32_t cap;
};

/* prio in the top byte, the insertion sequence below: one compare breaks
 * both ties, and seq is unique per simulation, so the order is total. */
static inline uint64_t sim_tie(uint8_t prio, uint64_t seq)
{
	return (uint64_t)prio << 56 | (seq & ((UINT64_C(1) << 56) - 1));
}

/* Whether @a comes before @b in (time, prio, seq) order. */
static inline bool sim_event_before(const struct sim_event *a, const struct sim_event *b)
{
	return a->time < b->time ||
	       (a->time == b->time && sim_tie(a->prio, a->seq) < sim_tie(b->prio, b->seq));
}

/*
 * A time-ordered queue that a model keeps of its own future work (the
 * traffic sources by their next packet): events the engine never runs,
 * keyed (time, order of keying) as scheduled events would be.  Members are
 * private to the engine.
 */
struct sim_keyq {
	struct sim_evq heap;
	uint64_t seq;
};

int sim_keyq_init(struct sim_keyq *kq, uint32_t cap);
void sim_keyq_free(struct sim_keyq *kq);
/* Key @ev at @at (queue it, or move it if queued); it takes the next order. */
void sim_keyq_set(struct sim_keyq *kq, struct sim_event *ev, sim_time_t at);
void sim_keyq_remove(struct sim_keyq *kq, struct sim_event *ev);

static inline struct sim_event *sim_keyq_first(const struct sim_keyq *kq)
{
	return kq->heap.len ? kq->heap.heap[0].ev : NULL;
}

static inline bool sim_keyq_queued(const struct sim_event *ev)
{
	return ev->slot != 0;
}

static inline sim_time_t sim_event_time(const struct sim_event *ev)
{
	return ev->time;
}

/**
 * struct sim - all state of one simulation run.
 * @now: current simulated time (read-only for models).
 * @seed: scenario seed; every random stream derives from it (read-only).
 * @events: number of events run so far (read-only).
 * @stop_flag: if set, sim_run_until() stops once *stop_flag is nonzero,
 *             looking every 65536 events (set by the caller, e.g. from a
 *             SIGINT handler; NULL: never).
 * @ctx: the caller's data, as libev's ev_userdata (the model graph).
 * The rest is private to the engine.
 */
struct sim {
	sim_time_t now;
	uint64_t seed;
	uint64_t events;
	volatile sig_atomic_t *stop_flag;
	void *ctx;
	/* private */
	uint64_t seq;
	sim_time_t until;	/* bound of the sim_run_until() in progress */
	bool stopped;
	struct sim_evq evq;
};

/* The caller asked to stop (*stop_flag nonzero): for work that one event or
 * the set-up does in bulk, which must look at it itself, every few
 * thousand items, to stop within a second whatever the load. */
static inline bool sim_stop_pending(const struct sim *sim)
{
	return sim->stop_flag && *sim->stop_flag;
}

int sim_init(struct sim *sim, uint64_t seed);
void sim_destroy(struct sim *sim);

static inline void sim_event_init(struct sim_event *ev, sim_event_fn fn, uint8_t prio)
{
	ev->time = 0;
	ev->seq = 0;
	ev->fn = fn;
	ev->slot = 0;
	ev->prio = prio;
	ev->running = false;
}

static inline bool sim_event_pending(const struct sim_event *ev)
{
	return ev->slot != 0 && !ev->running;
}

/*
 * Schedule @ev at absolute time @at (>= now).  Scheduling an event that is
 * already pending is a programming error; use sim_reschedule() to move it.
 */
void sim_schedule(struct sim *sim, struct sim_event *ev, sim_time_t at);
/* Move a pending event (or schedule an idle one); it takes a new sequence. */
void sim_reschedule(struct sim *sim, struct sim_event *ev, sim_time_t at);
void sim_cancel(struct sim *sim, struct sim_event *ev);

/*
 * Event fusion, for a handler that runs a stream of its own occurrences
 * (the link: one per frame).  Take the sequence number at the point where
 * the handler would have scheduled its next occurrence, so that ties break
 * as if it had; then, once the handler's other effects are done,
 * sim_continue() tells whether the occurrence at @at is the very next event
 * to run.  If so the clock moves to @at, the occurrence is counted as an
 * event and the handler loops without touching the queue (true); if not,
 * @ev is scheduled at @at with that sequence (false).
 */
static inline uint64_t sim_take_seq(struct sim *sim)
{
	return sim->seq++;
}

bool sim_continue(struct sim *sim, struct sim_event *ev, sim_time_t at, uint64_t seq);

/* Run events until the queue is empty, sim_stop() is called, *stop_flag is
 * seen nonzero (sim->stopped is then true), or the next event lies beyond
 * @until (now is then set to @until). */
void sim_run_until(struct sim *sim, sim_time_t until);
void sim_stop(struct sim *sim);

#endif
