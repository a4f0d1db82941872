/* SPDX-License-Identifier: MIT */
/*
 * cpu.c - one core: hard IRQ preempts softirq preempts tasks, a CFS-style
 * fair scheduler between tasks, and the attribution of every picosecond.
 *
 * Mirrors: kernel/softirq.c irq_exit() (softirq at interrupt exit),
 * kernel/sched/fair.c place_entity() (sleeper credit of sched_latency/2),
 * check_preempt_wakeup() (wake-up preemption beyond wakeup_granularity),
 * check_preempt_tick() (slice expiry, checked at the scheduler tick).
 *
 * Weights: a task's vruntime advances by delta * NICE_0_LOAD / weight
 * (calc_delta_fair) and its slice is sched_latency * weight / total weight
 * (sched_slice), with the nice-to-weight table of kernel/sched/core.c;
 * every task is nice 0 unless reniced (only the napi/IF-N threads can be,
 * and they apply calc_delta_fair() to their vruntime at the end of each
 * poll round, where they can be preempted: cpu_account() stays free of it).
 *
 * Simplifications: tasks are
 * preemptible anywhere except inside a softirq episode (BH disabled), as on
 * a PREEMPT kernel; no load balancing of running tasks, a free task picks
 * its CPU at wake-up (previous CPU if idle, else the lowest idle CPU, else
 * the previous one); the C-state exit latency applies to remote wake-ups of
 * an idle CPU only.  EEVDF (6.6+) is modelled by the same CFS rules.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/softirq.h"

const char *const acct_names[] = {
	"hardirq", "softirq", "ksoftirqd", "napi_kthread", "app", "other", "idle",
};

const uint8_t acct_order[ACCT__N] = {
	ACCT_HARDIRQ, ACCT_SOFTIRQ, ACCT_KSOFTIRQD, ACCT_APP, ACCT_OTHER, ACCT_IDLE, ACCT_NAPI,
};

const unsigned int sched_prio_to_weight[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548, 7620, 6100, 4904, 3906,
	/*  -5 */ 3121, 2501, 1991, 1586, 1277,
	/*   0 */ 1024, 820, 655, 526, 423,
	/*   5 */ 335, 272, 215, 172, 137,
	/*  10 */ 110, 87, 70, 56, 45,
	/*  15 */ 36, 29, 23, 18, 15,
};


_Static_assert(sizeof(acct_names) / sizeof(acct_names[0]) == ACCT__N,
	       "acct_names must cover its enum");

static struct exec *cpu_top(struct cpu *c)
{
	if (c->in_hardirq)
		return &c->hardirq_exec;
	if (c->softirq_inline)
		return &c->softirq_exec;
	if (c->curr)
		return &c->curr->exec;
	return NULL;
}

/* By level, not by the timed segment: inside a segment's continuation no
 * segment is being timed, yet the CPU is still in that context. */
enum cpu_doing cpu_doing(const struct cpu *c)
{
	if (c->in_hardirq || c->softirq_inline)
		return DOING_NET;
	if (!c->curr)
		return DOING_IDLE;
	return c->curr->kind <= TASK_NAPI ? DOING_NET : DOING_TASK;
}

static const char *exec_name(const struct cpu *c, const struct exec *a)
{
	if (a->task)
		return a->task->name;
	if (a == &c->hardirq_exec)
		return c->irq_cur ? c->irq_cur->name : "hardirq";
	return "NET_RX softirq";
}

void cpu_account(struct cpu *c)
{
	struct host *h = c->host;
	sim_time_t d = h->sim->now - c->acct_since;
	struct exec *a = c->active;

	if (d <= 0)
		return;
	c->acct_since = h->sim->now;
	if (!a) {
		c->acct[ACCT_IDLE] += d;
		return;
	}
	if (h->hooks)
		h->hooks->cpu_slice(h->hooks->ctx, c->id, a->acct, exec_name(c, a),
				    h->sim->now - d, h->sim->now);
	c->acct[a->acct] += d;
	if (a->acct <= ACCT_NET_LAST)
		win_add(&c->win_net, h->sim->now, d);
	/* by wall time: the reniced NAPI kthreads correct theirs at each
	 * round (napi_threaded.c, calc_delta_fair()) */
	if (a->task) {
		a->task->sum_exec += d;
		a->task->vruntime += d;
		win_add(&a->task->win, h->sim->now, d);
	} else if (c->curr && !h->sc->host.sched.irq_time_accounting) {
		/* Without IRQ time accounting the interrupted task pays (by
		 * wall time, whatever its weight). */
		c->curr->vruntime += d;
	}
}

static void seg_done(struct sim *sim, struct sim_event *ev)
{
	struct cpu *c = container_of(ev, struct cpu, seg_ev);
	struct exec *ex = c->active;
	exec_fn fn;

	(void)sim;
	cpu_account(c);
	c->active = NULL;
	ex->busy = false;
	ex->remaining = 0;
	fn = ex->done;
	ex->done = NULL;
	fn(c, ex);
	cpu_run(c);
}

void cpu_run(struct cpu *c)
{
	struct sim *sim = c->host->sim;
	struct exec *top = cpu_top(c);

	if (c->active == top)
		return;
	cpu_account(c);
	if (c->active) {
		/* Suspend the running segment; it resumes with what is left. */
		c->active->remaining = c->seg_end - sim->now;
		sim_cancel(sim, &c->seg_ev);
		c->active = NULL;
	}
	if (!top || !top->busy)
		return;
	c->active = top;
	c->seg_end = sim->now + top->remaining;
	sim_schedule(sim, &c->seg_ev, c->seg_end);
}

/* --- hard interrupts ---------------------------------------------------- */

static void hardirq_done(struct cpu *c, struct exec *ex);

static void hardirq_next(struct cpu *c)
{
	struct irq_desc *d = c->irq_head;

	c->irq_head = d->next;
	if (!c->irq_head)
		c->irq_tail = NULL;
	d->next = NULL;
	c->irq_cur = d;
	c->in_hardirq = true;
	c->hardirq_exec.acct = d->acct;
	c->nr_hardirqs += d->acct == ACCT_HARDIRQ;
	d->count++;
	cpu_charge(c, &c->hardirq_exec, cost_draw(d->cost, &c->rng), hardirq_done);
}

/* irq_exit(): softirqs run inline unless one is already running on this CPU
 * or the interrupted task has BH disabled (in_interrupt()), then the return
 * path is a preemption point. */
static void irq_exit(struct host *h, struct cpu *c)
{
	if (c->sd.softirq_pending && !c->sd.ep.active && !(c->curr && c->curr->nopreempt))
		softirq_invoke_inline(h, c, false);
	if (!c->softirq_inline)
		sched_preempt_point(c);
}

static void hardirq_done(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;
	struct irq_desc *d = c->irq_cur;

	(void)ex;
	c->irq_cur = NULL;
	d->pending = false;
	d->handler(h, c, d);
	/* Interrupts that arrived meanwhile were held off; they run before the
	 * softirq that irq_exit() would start. */
	if (c->irq_head) {
		hardirq_next(c);
		return;
	}
	c->in_hardirq = false;
	irq_exit(h, c);
}

void cpu_raise_irq(struct cpu *c, struct irq_desc *d)
{
	if (d->pending)
		return;
	d->pending = true;
	d->next = NULL;
	if (c->irq_tail)
		c->irq_tail->next = d;
	else
		c->irq_head = d;
	c->irq_tail = d;
	if (!c->in_hardirq)
		hardirq_next(c);
}

/* --- scheduler ----------------------------------------------------------- */

bool task_runnable(const struct task *t)
{
	return t->state == TASK_RUNNABLE;
}

static void rq_add(struct cpu *c, struct task *t)
{
	struct task **pp = &c->rq;

	while (*pp)
		pp = &(*pp)->rq_next;
	t->rq_next = NULL;
	*pp = t;
	t->on_rq = true;
}

static void rq_remove(struct cpu *c, struct task *t)
{
	struct task **pp = &c->rq;

	while (*pp && *pp != t)
		pp = &(*pp)->rq_next;
	if (*pp)
		*pp = t->rq_next;
	t->rq_next = NULL;
	t->on_rq = false;
}

/* Leftmost entity: least vruntime, earliest queued on a tie. */
static struct task *rq_first(const struct cpu *c)
{
	struct task *t, *best = NULL;

	for (t = c->rq; t; t = t->rq_next)
		if (!best || t->vruntime < best->vruntime)
			best = t;
	return best;
}

static uint32_t nr_running(const struct cpu *c)
{
	uint32_t n = c->curr ? 1 : 0;
	const struct task *t;

	for (t = c->rq; t; t = t->rq_next)
		n++;
	return n;
}

/* cfs_rq->load.weight: curr and the queued tasks */
static uint64_t rq_weight(const struct cpu *c)
{
	uint64_t w = c->curr ? c->curr->weight : 0;
	const struct task *t;

	for (t = c->rq; t; t = t->rq_next)
		w += t->weight;
	return w;
}

static void update_min_vruntime(struct cpu *c)
{
	struct task *first = rq_first(c);
	sim_time_t v;

	if (c->curr && first)
		v = c->curr->vruntime < first->vruntime ? c->curr->vruntime : first->vruntime;
	else if (c->curr)
		v = c->curr->vruntime;
	else if (first)
		v = first->vruntime;
	else
		return;
	if (v > c->min_vruntime)
		c->min_vruntime = v;
}

static void tick_arm(struct cpu *c)
{
	struct host *h = c->host;
	sim_time_t next;

	if (sim_event_pending(&c->tick_ev) || nr_running(c) < 2)
		return;
	next = (h->sim->now / h->tick + 1) * h->tick;
	sim_schedule(h->sim, &c->tick_ev, next);
}

static void schedule(struct cpu *c)
{
	struct host *h = c->host;
	struct task *prev = c->curr, *next;

	cpu_account(c);
	c->need_resched = false;
	if (prev && task_runnable(prev))
		rq_add(c, prev);
	update_min_vruntime(c);
	next = rq_first(c);
	if (next)
		rq_remove(c, next);
	c->curr = next;
	if (next && next != prev) {
		next->cpu = c->id;
		next->slice_start = next->sum_exec;
		next->nr_switches++;
		c->nr_context_switches++;
		/* The switch itself runs in the incoming task's context. */
		next->exec.remaining += cost_draw(&h->sc->host.costs.context_switch, &c->rng);
		if (next->wake_time >= 0 && next->owner && next->kind == TASK_APP) {
			struct app_thread *a = next->owner;

			a->wake_delay_sum += h->sim->now - next->wake_time;
			next->wake_time = -1;
		}
	}
	tick_arm(c);
	cpu_run(c);
}

void sched_preempt_point(struct cpu *c)
{
	if (!c->curr && c->rq)
		c->need_resched = true;
	if (!c->need_resched || c->in_hardirq || c->softirq_inline || c->waking)
		return;
	if (c->curr && c->curr->nopreempt)
		return;
	schedule(c);
}

void sched_resched_curr(struct cpu *c)
{
	c->need_resched = true;
	sched_preempt_point(c);
}

/* check_preempt_tick(): at each tick while others wait. */
static void tick_fn(struct sim *sim, struct sim_event *ev)
{
	struct cpu *c = container_of(ev, struct cpu, tick_ev);
	struct host *h = sim_host(sim);
	struct task *curr = c->curr, *first;
	sim_time_t ideal, delta_exec;

	cpu_account(c);
	if (curr && c->rq) {
		/* sched_slice(): the period shared in proportion to the weights
		 * (latency / nr when every task is nice 0) */
		ideal = (sim_time_t)((__int128)h->sched_latency * curr->weight / rq_weight(c));
		if (ideal < h->sched_min_gran)
			ideal = h->sched_min_gran;
		delta_exec = curr->sum_exec - curr->slice_start;
		first = rq_first(c);
		if (delta_exec > ideal ||
		    (delta_exec >= h->sched_min_gran && curr->vruntime - first->vruntime > ideal))
			sched_resched_curr(c);
	}
	tick_arm(c);
}

static bool cpu_idle(const struct cpu *c)
{
	return !c->curr && !c->rq && !c->in_hardirq && !c->softirq_inline && !c->waking;
}

/* select_task_rq_fair(), reduced: stay if idle, else the lowest idle CPU. */
static int select_cpu(struct host *h, struct task *t)
{
	int i;

	if (t->pinned >= 0)
		return t->pinned;
	if (cpu_idle(&h->cpus[t->cpu]))
		return t->cpu;
	for (i = 0; i < h->ncpus; i++)
		if (cpu_idle(&h->cpus[i]))
			return i;
	return t->cpu;
}

static void wake_fn(struct sim *sim, struct sim_event *ev)
{
	struct cpu *c = container_of(ev, struct cpu, wake_ev);

	(void)sim;
	c->waking = false;
	sched_preempt_point(c);
}

static void enqueue_woken(struct host *h, struct task *t, exec_fn cont, bool initial)
{
	struct cpu *c;
	sim_time_t thresh, lat;

	t->state = TASK_RUNNABLE;
	t->exec.busy = true;
	t->exec.remaining = 0;
	t->exec.done = cont;
	t->cpu = select_cpu(h, t);
	c = &h->cpus[t->cpu];
	cpu_account(c);
	update_min_vruntime(c);
	/* place_entity(): a sleeper gets at most half a latency of credit. */
	thresh = initial ? 0 : h->sched_latency / 2;
	if (t->vruntime < c->min_vruntime - thresh)
		t->vruntime = c->min_vruntime - thresh;
	if (cpu_idle(c) && !initial) {
		rq_add(c, t);
		lat = cost_draw(&h->sc->host.costs.wakeup_latency, &c->rng);
		if (lat > 0) {
			c->waking = true;
			sim_schedule(h->sim, &c->wake_ev, h->sim->now + lat);
			return;
		}
		sched_resched_curr(c);
		return;
	}
	rq_add(c, t);
	if (!c->curr ||
	    t->vruntime + h->sched_wakeup_gran < c->curr->vruntime)
		sched_resched_curr(c);
	tick_arm(c);
}

void sched_wakeup(struct host *h, struct task *t, exec_fn cont)
{
	if (task_runnable(t))
		return;
	t->nr_wakeups++;
	t->wake_time = h->sim->now;
	enqueue_woken(h, t, cont, false);
}

void sched_start_runnable(struct host *h, struct task *t, exec_fn cont)
{
	t->wake_time = -1;
	enqueue_woken(h, t, cont, true);
}

void sched_block(struct cpu *c, struct task *t)
{
	assert(c->curr == t);
	t->state = TASK_BLOCKED;
	t->exec.busy = false;
	t->exec.remaining = 0;
	schedule(c);
}

void sched_task_init(struct host *h, struct task *t, const char *name, int kind, int cpu,
		     int pinned, uint8_t acct)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->kind = kind;
	t->state = TASK_BLOCKED;
	t->cpu = cpu;
	t->pinned = pinned;
	t->wake_time = -1;
	t->weight = NICE_0_LOAD;
	t->exec.acct = acct;
	t->exec.task = t;
	(void)h;
}

void sched_set_nice(struct task *t, int nice)
{
	assert(nice >= -20 && nice <= 19);
	/* cpu_account() weighs the vruntime of the NAPI kthreads only */
	assert(t->exec.acct == ACCT_NAPI || nice == 0);
	t->weight = sched_prio_to_weight[nice + 20];
}

int64_t host_jiffies(const struct host *h)
{
	return h->sim->now / h->tick;
}

int cpu_init(struct host *h, struct cpu *c, int id)
{
	char name[48];

	memset(c, 0, sizeof(*c));
	c->host = h;
	c->id = id;
	sim_event_init(&c->seg_ev, seg_done, PRIO_CPU);
	sim_event_init(&c->tick_ev, tick_fn, PRIO_SCHED);
	sim_event_init(&c->wake_ev, wake_fn, PRIO_SCHED);
	c->hardirq_exec.acct = ACCT_HARDIRQ;
	c->softirq_exec.acct = ACCT_SOFTIRQ;
	c->hrtimer_desc.name = "LOC";
	c->hrtimer_desc.handler = napi_hrtimer_interrupt;
	c->hrtimer_desc.cost = &h->sc->host.costs.hardirq;
	rng_streamf(&c->rng, h->sim->seed, "cpu/%d/costs", id);
	snprintf(name, sizeof(name), "ksoftirqd/%d", id);
	sched_task_init(h, &c->ksoftirqd, name, TASK_KSOFTIRQD, id, id, ACCT_KSOFTIRQD);
	c->ksoftirqd.owner = c;
	return backlog_init(h, c);
}
