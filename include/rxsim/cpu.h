/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - one simulated core: hard IRQ over softirq over tasks, with exact
 * resumption of interrupted work, a fair scheduler between tasks, and an
 * account of every picosecond.
 *
 * Work is expressed as segments: an execution context (struct exec) asks
 * for d picoseconds of CPU with cpu_charge(); when it has received them its
 * ->done continuation runs.  A higher level arriving (a hard IRQ, an inline
 * softirq) suspends the running segment with its remaining time, which is
 * resumed to the picosecond when the level above ends.
 */
#ifndef RXSIM_CPU_H
#define RXSIM_CPU_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "rxsim/engine.h"
#include "rxsim/rng.h"
#include "rxsim/softnet.h"

struct host;
struct cpu;
struct exec;

/* Where CPU time is attributed (the columns of the CPU split). */
enum acct {
	ACCT_HARDIRQ,
	ACCT_SOFTIRQ,		/* softirq not run by ksoftirqd ("si") */
	ACCT_KSOFTIRQD,
	ACCT_NAPI,		/* threaded NAPI kthreads (system time of napi/IF-N) */
	ACCT_APP,
	ACCT_OTHER,		/* background tasks (hogs) */
	ACCT_IDLE,
	ACCT__N,
};

/* Receive work: hard IRQ, softirq, ksoftirqd and the NAPI kthreads. */
#define ACCT_NET_LAST ACCT_NAPI

/* The columns of the CPU split in the order the outputs print them; hosts
 * without threaded NAPI show all but the last (napi_kthread). */
extern const uint8_t acct_order[ACCT__N];
static inline int acct_columns(bool napi_threads)
{
	return napi_threads ? ACCT__N : ACCT__N - 1;
}

extern const char *const acct_names[ACCT__N];

typedef void (*exec_fn)(struct cpu *cpu, struct exec *ex);

struct exec {
	sim_time_t remaining;	/* of the current segment, while not running */
	exec_fn done;		/* continuation when the segment completes */
	struct task *task;	/* the task this context belongs to, if any */
	struct napi *napi;	/* the NAPI it polls, or polled last (napi_poll_run) */
	exec_fn napi_done;	/* continuation when that poll returns */
	uint8_t acct;
	bool busy;		/* a segment is outstanding */
};

/* Time spent in whole-millisecond windows: what happened "just before" a
 * drop, for the diagnosis.  prev is the last complete window. */
struct win_time {
	int64_t idx;
	sim_time_t end;		/* of window idx once known (0: not yet) */
	sim_time_t cur;
	sim_time_t prev;
};

#define WIN_PS SIM_MS

static inline void win_roll(struct win_time *w, sim_time_t now)
{
	int64_t idx;

	/* time only moves forward: within the known window, nothing to do
	 * (and no division, as this runs at every CPU accounting) */
	if (now < w->end)
		return;
	idx = now / WIN_PS;
	w->end = (idx + 1) * WIN_PS;
	if (idx != w->idx) {
		w->prev = idx == w->idx + 1 ? w->cur : 0;
		w->cur = 0;
		w->idx = idx;
	}
}

static inline void win_add(struct win_time *w, sim_time_t now, sim_time_t d)
{
	win_roll(w, now);
	w->cur += d;
}

/* Receive work first: cpu_doing() tests kind <= TASK_NAPI. */
enum task_kind { TASK_KSOFTIRQD, TASK_NAPI, TASK_APP, TASK_HOG, TASK_CPUMAP };

/* CFS load weight of nice 0 (NICE_0_LOAD, scale_load_down'ed) */
#define NICE_0_LOAD 1024
/* kernel/sched/core.c sched_prio_to_weight[nice + 20] */
extern const unsigned int sched_prio_to_weight[40];

/* calc_delta_fair(): @d of CPU time advances the vruntime of a task of
 * weight @w by d * NICE_0_LOAD / w. */
static inline sim_time_t calc_delta_fair(sim_time_t d, unsigned int w)
{
	return (sim_time_t)((__int128)d * NICE_0_LOAD / w);
}
enum task_state { TASK_BLOCKED, TASK_RUNNABLE };

struct task {
	char name[48];
	int kind;
	int state;
	int cpu;		/* CPU it is on (or last ran on) */
	int pinned;		/* -1: may run on any CPU */
	bool nopreempt;		/* BH disabled: in a softirq episode */
	bool on_rq;
	unsigned int weight;	/* sched_prio_to_weight[nice + 20] */
	sim_time_t vruntime;
	sim_time_t sum_exec;
	sim_time_t slice_start;	/* sum_exec when it last got the CPU */
	uint64_t nr_switches;
	uint64_t nr_wakeups;
	sim_time_t wake_time;	/* when it was last woken (for the wake-up delay) */
	struct win_time win;	/* CPU time in the current and last millisecond */
	struct exec exec;
	struct task *rq_next;	/* run-queue link */
	void *owner;		/* the app thread or softnet data it belongs to */
	struct sim_event timer;	/* sleeps with a deadline (pauses) */
};

/* Pending hard interrupts of one CPU. */
struct irq_desc;
typedef void (*irq_handler_fn)(struct host *h, struct cpu *cpu, struct irq_desc *d);

struct irq_desc {
	const char *name;
	irq_handler_fn handler;
	const struct cost *cost;	/* CPU time of entry + handler + exit */
	struct irq_desc *next;	/* pending list link */
	bool pending;
	uint8_t acct;		/* column of its time: ACCT_HARDIRQ (0), or ACCT_SOFTIRQ
				 * for softirq work an interrupt's exit runs (a timer
				 * softirq), not counted as an interrupt */
	uint64_t count;		/* /proc/interrupts: handler runs */
};

struct cpu {
	struct host *host;
	int id;

	/* execution levels */
	struct exec *active;		/* segment being timed now (NULL: none) */
	sim_time_t seg_end;
	struct sim_event seg_ev;
	sim_time_t acct_since;

	bool in_hardirq;
	struct exec hardirq_exec;
	struct irq_desc *irq_head, *irq_tail, *irq_cur;

	bool softirq_inline;		/* an episode runs at softirq level */
	struct exec softirq_exec;

	/* scheduler */
	struct task *curr;
	struct task *rq;		/* runnable tasks other than curr */
	sim_time_t min_vruntime;
	bool need_resched;
	bool waking;			/* curr == NULL but a wake-up is in flight */
	struct sim_event tick_ev;
	struct sim_event wake_ev;	/* idle exit of a remote wake-up */

	struct task ksoftirqd;
	struct softnet_data sd;
	struct irq_desc ipi_desc;	/* call-function-single IPI (RPS) */
	struct irq_desc hrtimer_desc;	/* local timer interrupt: NAPI hrtimers */
	struct napi *hrtimer_expired;	/* NAPI timers waiting for it */
	struct sim_event ipi_ev;	/* the IPI in flight to this CPU */
	struct rng rng;			/* CPU cost draws of this CPU */

	/* accounting */
	sim_time_t acct[ACCT__N];
	struct win_time win_net;	/* hardirq + softirq + ksoftirqd time */
	uint64_t nr_hardirqs;
	uint64_t nr_context_switches;
};

/* What a CPU is doing right now, for attributing drops "at the time". */
enum cpu_doing { DOING_IDLE, DOING_NET, DOING_TASK };
enum cpu_doing cpu_doing(const struct cpu *cpu);

int cpu_init(struct host *h, struct cpu *cpu, int id);
/* Re-evaluate which level runs after a state change. */
void cpu_run(struct cpu *cpu);
/* Give @ex (which must own the highest active level) @d ps of CPU; inline,
 * as every step of the path charges through it. */
static inline void cpu_charge(struct cpu *c, struct exec *ex, sim_time_t d, exec_fn done)
{
	assert(!ex->busy && "segment already outstanding");
	assert(d >= 0);
	ex->busy = true;
	ex->remaining = d;
	ex->done = done;
	cpu_run(c);
}
/* Bring accounting up to now (for reports at the end of a run). */
void cpu_account(struct cpu *cpu);

/* Hard interrupts: queue @d on @cpu; handlers run in arrival order. */
void cpu_raise_irq(struct cpu *cpu, struct irq_desc *d);

/* Scheduler. */
void sched_task_init(struct host *h, struct task *t, const char *name, int kind, int cpu,
		     int pinned, uint8_t acct);
void sched_wakeup(struct host *h, struct task *t, exec_fn cont);
void sched_block(struct cpu *cpu, struct task *t);
void sched_resched_curr(struct cpu *cpu);
void sched_preempt_point(struct cpu *cpu);
void sched_start_runnable(struct host *h, struct task *t, exec_fn cont);
/* renice: @nice -20..19 sets the CFS weight. */
void sched_set_nice(struct task *t, int nice);
bool task_runnable(const struct task *t);

/* jiffies of the simulated clock */
int64_t host_jiffies(const struct host *h);

#endif
