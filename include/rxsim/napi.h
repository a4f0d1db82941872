/* SPDX-License-Identifier: MIT */
/*
 * napi.h - NAPI instances and the poll contract (net/core/dev.c): one
 * napi_struct per rx queue and per CPU backlog, scheduled by interrupts,
 * polled by net_rx_action (net_rx_action.c) or by a busy-polling reader
 * (app.c); the receive step every poll hands its packets to is
 * models/napi_rx.h.
 */
#ifndef RXSIM_NAPI_H
#define RXSIM_NAPI_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/engine.h"
#include "rxsim/packet.h"

struct host;
struct cpu;
struct exec;
struct napi;
struct rps_dev_flow;
struct rxq;
struct cost;
struct napi_kthread;

/* napi->state bits, numbered with mask twins as in include/linux/netdevice.h */
enum {
	NAPI_STATE_SCHED,
	NAPI_STATE_MISSED,
	NAPI_STATE_IN_BUSY_POLL,
	NAPI_STATE_PREFER_BUSY_POLL,	/* softirq leaves it to a busy poller */
	NAPI_STATE_THREADED,		/* polled by its kthread */
	NAPI_STATE_SCHED_THREADED,	/* the kthread owns it */
};
#define NAPIF_STATE_SCHED	(1u << NAPI_STATE_SCHED)
#define NAPIF_STATE_MISSED	(1u << NAPI_STATE_MISSED)
#define NAPIF_STATE_IN_BUSY_POLL (1u << NAPI_STATE_IN_BUSY_POLL)
#define NAPIF_STATE_PREFER_BUSY_POLL (1u << NAPI_STATE_PREFER_BUSY_POLL)
#define NAPIF_STATE_THREADED	(1u << NAPI_STATE_THREADED)
#define NAPIF_STATE_SCHED_THREADED (1u << NAPI_STATE_SCHED_THREADED)

/* NAPI_POLL_WEIGHT: the driver default of netif_napi_add() */
#define NAPI_POLL_WEIGHT 64

/*
 * A poll routine (napi->poll), split in steps so that CPU time can pass
 * between them: poll_begin() starts a poll with @budget; poll_step() then
 * either asks for *cost ps of CPU (returns 1, and is called again once it
 * has had them) or ends the poll (returns 0) with n->work <= budget
 * packets done.  Whoever runs the poll (napi_poll_run) owns what the
 * return means: repoll, completion, squeeze counting.
 */
struct napi_ops {
	const char *name;
	void (*poll_begin)(struct host *h, struct napi *n, int budget);
	int (*poll_step)(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost);
	/* napi_complete_done() returned true: the driver re-enables its IRQ */
	void (*complete)(struct host *h, struct napi *n);
	/* the poll clears NAPI_STATE_SCHED itself (process_backlog) */
	bool self_complete;
};

/*
 * netif_receive_skb() of one packet in progress: RPS steering to a
 * backlog, or the protocol and the wake-ups it causes.  The packet is held
 * here (and counted in flight) until it has been handed on.
 */
struct napi_rx {
	struct rxq *rxq;		/* skb_get_rx_queue(): the queue RPS steers for */
	struct packet *skb;
	int phase;
	union {
		int steer_cpu;		/* get_rps_cpu() of skb */
		int verdict;		/* not steered: the taps and netfilter hooks'
					 * drop place, or -1 */
	};
	struct rps_dev_flow *rflow;
	const struct cost *extra;	/* charged with the protocol (process_backlog) */
};

struct napi {
	/* read-only for models after napi_init() */
	const struct napi_ops *ops;
	int weight;
	void *priv;			/* the rx queue or the softnet_data */
	/* read-write: owned by whoever holds NAPI_STATE_SCHED */
	unsigned int state;
	int work;
	int budget;
	int cpu;			/* CPU whose poll_list holds it */
	struct napi *poll_next;
	struct pktq rx_list;		/* gro_normal_one() batch, <= gro_normal_batch */
	struct napi_rx rx;
	/* deferred hard IRQs and IRQ suspension (napi_complete_done,
	 * napi_watchdog): the per-NAPI values of 6.13, the device's before */
	int64_t defer_hard_irqs;	/* napi_get_defer_hard_irqs() */
	int64_t defer_hard_irqs_count;
	sim_time_t gro_flush_timeout;	/* napi_get_gro_flush_timeout() */
	sim_time_t irq_suspend_timeout;	/* napi_get_irq_suspend_timeout() */
	struct sim_event timer;		/* napi->timer, HRTIMER_MODE_REL_PINNED */
	int timer_cpu;			/* the CPU that armed it */
	struct napi *timer_next;	/* expired, waiting for the timer interrupt */
	struct napi_kthread *thread;	/* napi->thread (napi_threaded.c), or NULL */
	bool gro_held;			/* n->gro.bitmask as the poll ended (gro.c) */
	/* counters */
	uint64_t polls;
	uint64_t polls_full;		/* returned work == weight */
	uint64_t busy_polls;		/* polls by a busy poller (napi_busy_loop) */
	uint64_t deferred;		/* completions that kept the IRQ masked */
	uint64_t timer_fires;		/* napi_watchdog runs */
	uint64_t timer_scheds;		/* ... that scheduled the NAPI */
};

struct napi_list {
	struct napi *head;
	struct napi *tail;
};

static inline void napi_list_add_tail(struct napi_list *l, struct napi *n)
{
	n->poll_next = NULL;
	if (l->tail)
		l->tail->poll_next = n;
	else
		l->head = n;
	l->tail = n;
}

static inline struct napi *napi_list_pop(struct napi_list *l)
{
	struct napi *n = l->head;

	if (n) {
		l->head = n->poll_next;
		if (!l->head)
			l->tail = NULL;
		n->poll_next = NULL;
	}
	return n;
}

static inline void napi_list_splice_tail(struct napi_list *dst, struct napi_list *src)
{
	if (!src->head)
		return;
	if (dst->tail)
		dst->tail->poll_next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	src->head = src->tail = NULL;
}

void napi_init(struct napi *n, const struct napi_ops *ops, int weight, int cpu, void *priv);

/* The flush_old argument napi_complete_done() gives gro_flush_normal(): true
 * when it is about to arm a timeout (deferred IRQs, a gro_flush_timeout
 * with GRO packets held, IRQ suspension), so only old packets leave. */
bool napi_complete_flush_old(const struct host *h, const struct napi *n);

/* napi_schedule(): from the IRQ handler of @n's vector on @cpu. */
void napi_schedule(struct host *h, struct cpu *cpu, struct napi *n);
/* ____napi_schedule(): append to @cpu's poll list and raise NET_RX. */
void napi_schedule_locked(struct host *h, struct cpu *cpu, struct napi *n);
/* __napi_schedule() from task context: raise_softirq_irqoff() outside an
 * interrupt also wakes ksoftirqd of @cpu. */
void napi_schedule_from_task(struct host *h, struct cpu *cpu, struct napi *n);
/* napi_complete_done(): true if the driver may re-enable its interrupt;
 * false if an interrupt was missed meanwhile (the NAPI is rescheduled on
 * @cpu, from task context when @from_task). */
bool napi_complete_done(struct host *h, struct cpu *cpu, struct napi *n, bool from_task);

/* __napi_poll(): run one poll of @n with @budget as context @ex on @cpu;
 * @done runs once the poll has returned (ex->napi is @n, n->work the
 * packets done). */
typedef void (*exec_fn)(struct cpu *cpu, struct exec *ex);
void napi_poll_run(struct cpu *cpu, struct exec *ex, struct napi *n, int budget, exec_fn done);
/* The tail of dev.c napi_poll() for a poll run with the NAPI's weight:
 * complete it (work < weight) or keep ownership; true: repoll it. */
bool napi_poll_repoll(struct host *h, struct cpu *cpu, struct napi *n);

/* napi_busy_loop(): take @n for a busy poll unless softirq or another
 * poller owns it (false; with @prefer, NAPI_STATE_PREFER_BUSY_POLL is set). */
bool napi_busy_poll_prep(struct napi *n, bool prefer);
/* busy_poll_stop(), first half: clear MISSED and IN_BUSY_POLL and, for a
 * preferred busy poller, arm the timer (irq_suspend_timeout, else
 * gro_flush_timeout with defer_hard_irqs); returns skip_schedule.  The
 * caller then polls once more with the budget (napi_poll_run) and ends with
 * napi_busy_poll_stop_done(). */
bool napi_busy_poll_stop_begin(struct host *h, struct cpu *cpu, struct napi *n, bool prefer);
/* busy_poll_stop(), after its poll: napi_complete_done() below the budget,
 * __busy_poll_stop() at it. */
void napi_busy_poll_stop_done(struct host *h, struct cpu *cpu, struct napi *n,
			      bool skip_schedule);
/* The local timer interrupt (hrtimer_interrupt) of @cpu: napi_watchdog()
 * of every NAPI timer expired there. */
struct irq_desc;
void napi_hrtimer_interrupt(struct host *h, struct cpu *cpu, struct irq_desc *d);
/* napi_suspend_irqs() / napi_resume_irqs() of epoll (6.13+). */
void napi_suspend_irqs(struct host *h, struct cpu *cpu, struct napi *n);
void napi_resume_irqs(struct host *h, struct cpu *cpu, struct napi *n);
/* The deferral and suspension settings of @n (0: off), and its timer. */
void napi_set_irq_params(struct napi *n, int64_t defer_hard_irqs, sim_time_t gro_flush_timeout,
			 sim_time_t irq_suspend_timeout);
/* A mode other than plain softirq polling is on for @n. */
static inline bool napi_mode_set(const struct napi *n)
{
	return n->thread || n->defer_hard_irqs || n->gro_flush_timeout || n->irq_suspend_timeout;
}

/* Packets a NAPI holds between its poll and the stack. */
static inline uint32_t napi_held(const struct napi *n)
{
	return n->rx_list.len + (n->rx.skb ? 1u : 0u) ;
}

#endif
