/* SPDX-License-Identifier: MIT */
/*
 * test_napi_defer.c - deferred hard IRQs, the NAPI hrtimer, preferred busy
 * polling and IRQ suspension (models/napi.c), and the kernel versions of
 * their keys (sim/scenario/resolve_napi.c).
 *
 * Expected values come from net/core/dev.c (6.13):
 *   napi_complete_done(): work_done > 0 reloads defer_hard_irqs_count from
 *     napi_defer_hard_irqs; NAPI_STATE_PREFER_BUSY_POLL with an
 *     irq_suspend_timeout keeps the IRQ masked (returns false) with that
 *     timeout; else while the count is above 0 it is decremented, the timeout
 *     is gro_flush_timeout and a non-zero one keeps the IRQ masked; MISSED
 *     reschedules and returns false before the timer is armed; otherwise a
 *     non-zero timeout starts the hrtimer;
 *   napi_watchdog(): if SCHED is clear, set it (not MISSED), clear
 *     PREFER_BUSY_POLL and schedule; else nothing;
 *   __napi_poll(): a full-weight poll of a PREFER_BUSY_POLL NAPI completes
 *     (and reschedules only if napi_complete_done() returned true);
 *   busy_poll_stop(): prefer -> irq_suspend_timeout, else (count reloaded)
 *     gro_flush_timeout if defer_hard_irqs; a timeout arms the timer and
 *     skips the reschedule.
 * The hrtimer fires in the local timer interrupt, which costs host.costs.hardirq
 * (1us by default) before its handler (napi_watchdog) runs.
 */
#include <check.h>
#include <stdlib.h>

#include "rxsim/cpu.h"
#include "rxsim/napi.h"
#include "rxsim/softirq.h"
#include "fake_napi.h"
#include "test_util.h"

static struct model *one_cpu(const char *kernel)
{
	struct model *m = model_load("{ 'duration': '1ms', 'seed': 1, 'kernel': '%s',"
				     "  'host': { 'cpus': 1 },"
				     "  'nics': [ { 'name': 'eth0', 'queues': 1 } ] }", kernel);

	model_start(m);
	return m;
}

/* napi_defer_hard_irqs 2, gro_flush_timeout 20us, hardirq 1us.  A poll with
 * work completes at t=0: count 2 -> 1, IRQ kept masked, timer at 20us.  The
 * timer interrupt's handler runs at 21us: an empty poll, count 1 -> 0,
 * masked again, timer at 41us; its handler at 42us: an empty poll with the
 * count exhausted re-enables the IRQ and arms nothing. */
START_TEST(defer_count_and_timer_sequence)
{
	struct model *m = one_cpu("6.18");
	struct host *h = model_host(m);
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 2, 20 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED;
	n.work = 5;
	ck_assert(!napi_complete_done(h, c, &n, false));
	ck_assert_int_eq(n.defer_hard_irqs_count, 1);
	ck_assert_uint_eq(n.deferred, 1);
	ck_assert_uint_eq(n.state, 0);
	ck_assert(sim_event_pending(&n.timer));
	ck_assert_int_eq(sim_event_time(&n.timer), 20 * SIM_US);

	model_until(m, 21 * SIM_US - 1);
	ck_assert_uint_eq(n.timer_fires, 0);
	model_until(m, 21 * SIM_US);
	ck_assert_uint_eq(n.timer_fires, 1);
	ck_assert_uint_eq(n.timer_scheds, 1);
	ck_assert_uint_eq(n.polls, 1);
	ck_assert_int_eq(n.defer_hard_irqs_count, 0);
	ck_assert_uint_eq(n.deferred, 2);
	ck_assert_int_eq(f.completes, 0);
	ck_assert_int_eq(sim_event_time(&n.timer), 41 * SIM_US);

	model_until(m, 42 * SIM_US - 1);
	ck_assert_uint_eq(n.timer_fires, 1);
	model_until(m, 42 * SIM_US);
	ck_assert_uint_eq(n.timer_fires, 2);
	ck_assert_uint_eq(n.polls, 2);
	ck_assert_int_eq(f.completes, 1);
	ck_assert_uint_eq(n.deferred, 2);
	ck_assert(!sim_event_pending(&n.timer));
	ck_assert_uint_eq(n.state, 0);

	model_until(m, 500 * SIM_US);
	ck_assert_uint_eq(n.timer_fires, 2);
	/* the two timer interrupts are the CPU's only hard IRQs */
	ck_assert_uint_eq(c->nr_hardirqs, 2);
	model_free(m);
}
END_TEST

/* Any poll with work reloads the count: 3 -> 2 (work), 1 (empty), then a
 * poll with work reloads 3 and takes one: 2. */
START_TEST(work_reloads_the_count)
{
	struct model *m = one_cpu("6.18");
	struct host *h = model_host(m);
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0 };
	struct napi n;
	const int work[] = { 4, 0, 7 }, after[] = { 2, 1, 2 };
	int i;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 3, 10 * SIM_US, 0);
	for (i = 0; i < 3; i++) {
		n.state = NAPIF_STATE_SCHED;
		n.work = work[i];
		ck_assert(!napi_complete_done(h, c, &n, false));
		ck_assert_int_eq(n.defer_hard_irqs_count, after[i]);
	}
	model_free(m);
}
END_TEST

/* defer_hard_irqs without gro_flush_timeout: the count still runs down but
 * "if (timeout) ret = false" never holds: the IRQ is re-enabled, no timer. */
START_TEST(defer_without_timeout_reenables)
{
	struct model *m = one_cpu("6.18");
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 2, 0, 0);
	n.state = NAPIF_STATE_SCHED;
	n.work = 5;
	ck_assert(napi_complete_done(model_host(m), model_cpu(m, 0), &n, false));
	ck_assert_int_eq(n.defer_hard_irqs_count, 1);
	ck_assert_uint_eq(n.deferred, 0);
	ck_assert(!sim_event_pending(&n.timer));
	model_free(m);
}
END_TEST

/* MISSED wins: the NAPI is rescheduled, SCHED kept, and the function returns
 * before hrtimer_start(). */
START_TEST(missed_returns_before_the_timer)
{
	struct model *m = one_cpu("6.18");
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 2, 20 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_MISSED;
	n.work = 5;
	ck_assert(!napi_complete_done(model_host(m), c, &n, false));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(c->sd.poll_list.head, &n);
	ck_assert(!sim_event_pending(&n.timer));
	ck_assert_uint_eq(n.deferred, 0);
	c->sd.poll_list.head = c->sd.poll_list.tail = NULL;
	c->sd.softirq_pending = 0;
	model_free(m);
}
END_TEST

/* The flush napi_complete_done() does, gro_flush_normal(&n->gro, !!timeout):
 * only old packets while it is about to arm a timer.  defer_hard_irqs 0:
 * "if (work_done) { if (n->gro_bitmask) timeout = gro_flush_timeout }" arms
 * the timer for held GRO packets alone (the IRQ is re-enabled all the same);
 * with nothing held there is no timeout and all is flushed.  Deferral (count
 * above 0 after the reload) arms gro_flush_timeout whatever is held; an
 * empty poll leaves the count alone.  IRQ suspension counts from 6.13. */
START_TEST(gro_flush_old_follows_the_timeout)
{
	struct model *m = one_cpu("6.18");
	struct host *h = model_host(m);
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 0, 20 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED;
	n.work = 3;
	n.gro_held = false;
	ck_assert(!napi_complete_flush_old(h, &n));
	n.gro_held = true;
	ck_assert(napi_complete_flush_old(h, &n));
	n.work = 0;			/* no work: the held packets arm nothing */
	ck_assert(!napi_complete_flush_old(h, &n));
	/* the held packets' timer: IRQ re-enabled, the timer armed at 20us */
	n.work = 3;
	ck_assert(napi_complete_done(h, model_cpu(m, 0), &n, false));
	ck_assert(sim_event_pending(&n.timer));
	ck_assert_int_eq(sim_event_time(&n.timer), 20 * SIM_US);
	ck_assert(!n.gro_held);
	model_free(m);

	m = one_cpu("6.18");
	h = model_host(m);
	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 1, 20 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED;
	n.work = 2;			/* count reloaded to 1, then 1 > 0: timer */
	ck_assert(napi_complete_flush_old(h, &n));
	n.work = 0;			/* count still 0 from napi_init: none */
	ck_assert(!napi_complete_flush_old(h, &n));
	model_free(m);
}
END_TEST

/* The timer finds the NAPI owned (a busy poller took it): nothing, and no
 * MISSED (napi_watchdog uses test_and_set_bit(SCHED), not
 * napi_schedule_prep()). */
START_TEST(watchdog_leaves_an_owned_napi)
{
	struct model *m = one_cpu("6.18");
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 1, 20 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED;
	n.work = 1;
	ck_assert(!napi_complete_done(model_host(m), model_cpu(m, 0), &n, false));
	ck_assert(napi_busy_poll_prep(&n, false));
	model_until(m, 30 * SIM_US);
	ck_assert_uint_eq(n.timer_fires, 1);
	ck_assert_uint_eq(n.timer_scheds, 0);
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL);
	ck_assert_uint_eq(n.polls, 0);
	n.state = 0;
	model_free(m);
}
END_TEST

/* A preferred busy poller that finds the NAPI owned marks it; one without
 * SO_PREFER_BUSY_POLL does not. */
START_TEST(prep_marks_prefer)
{
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	n.state = NAPIF_STATE_SCHED;
	ck_assert(!napi_busy_poll_prep(&n, false));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert(!napi_busy_poll_prep(&n, true));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED | NAPIF_STATE_PREFER_BUSY_POLL);
}
END_TEST

/* 6.13: a PREFER_BUSY_POLL NAPI with irq_suspend_timeout 1ms completes with
 * the IRQ masked and the timer 1ms out, whatever the defer count; before
 * 6.13 the branch does not exist and the IRQ is re-enabled. */
START_TEST(prefer_suspends_on_613_only)
{
	const char *const kernels[] = { "6.13", "6.12" };
	int i;

	for (i = 0; i < 2; i++) {
		struct model *m = one_cpu(kernels[i]);
		struct fake f = { 0 };
		struct napi n;
		bool ret;

		napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
		napi_set_irq_params(&n, 0, 0, SIM_MS);
		n.state = NAPIF_STATE_SCHED | NAPIF_STATE_PREFER_BUSY_POLL;
		n.work = 0;
		ret = napi_complete_done(model_host(m), model_cpu(m, 0), &n, false);
		ck_assert_int_eq(ret, i == 1);
		ck_assert_int_eq(sim_event_pending(&n.timer), i == 0);
		if (i == 0)
			ck_assert_int_eq(sim_event_time(&n.timer), SIM_MS);
		/* napi_complete_done() clears PREFER_BUSY_POLL either way */
		ck_assert_uint_eq(n.state, 0);
		model_free(m);
	}
}
END_TEST

/* __napi_poll(): a full-weight poll of a NAPI that prefers busy polling is
 * not repolled; with the suspend timer armed nothing reschedules it, without
 * any timeout napi_schedule() puts it back (the IRQ is never re-enabled by
 * the core: the driver did not complete). */
START_TEST(prefer_full_weight_poll_completes)
{
	struct model *m = one_cpu("6.13");
	struct host *h = model_host(m);
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 0, 0, SIM_MS);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_PREFER_BUSY_POLL;
	n.work = NAPI_POLL_WEIGHT;
	ck_assert(!napi_poll_repoll(h, c, &n));
	ck_assert_uint_eq(n.state, 0);
	ck_assert(sim_event_pending(&n.timer));
	ck_assert_ptr_null(c->sd.poll_list.head);

	napi_set_irq_params(&n, 0, 0, 0);
	sim_cancel(h->sim, &n.timer);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_PREFER_BUSY_POLL;
	ck_assert(!napi_poll_repoll(h, c, &n));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(c->sd.poll_list.head, &n);
	ck_assert_int_eq(f.completes, 0);
	c->sd.poll_list.head = c->sd.poll_list.tail = NULL;
	c->sd.softirq_pending = 0;
	model_free(m);
}
END_TEST

/* busy_poll_stop()'s timer: irq_suspend_timeout first (6.13), else the
 * count reloaded and gro_flush_timeout if it is non-zero; none without
 * prefer. */
START_TEST(busy_poll_stop_timer)
{
	struct model *m = one_cpu("6.13");
	struct host *h = model_host(m);
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_set_irq_params(&n, 4, 50 * SIM_US, 2 * SIM_MS);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL | NAPIF_STATE_MISSED;
	ck_assert(napi_busy_poll_stop_begin(h, c, &n, true));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_int_eq(sim_event_time(&n.timer), 2 * SIM_MS);
	ck_assert_int_eq(n.defer_hard_irqs_count, 0);	/* untouched */

	napi_set_irq_params(&n, 4, 50 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL;
	ck_assert(napi_busy_poll_stop_begin(h, c, &n, true));
	ck_assert_int_eq(sim_event_time(&n.timer), 50 * SIM_US);
	ck_assert_int_eq(n.defer_hard_irqs_count, 4);
	/* its extra poll found work 3 < budget 8: the count reloads to 4 and
	 * one is taken, the IRQ stays masked; skip_schedule leaves it to the
	 * timer */
	n.work = 3;
	n.budget = 8;
	napi_busy_poll_stop_done(h, c, &n, true);
	ck_assert_int_eq(n.defer_hard_irqs_count, 3);
	ck_assert_int_eq(f.completes, 0);
	ck_assert_uint_eq(n.state, 0);

	sim_cancel(h->sim, &n.timer);
	napi_set_irq_params(&n, 0, 50 * SIM_US, 0);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL;
	ck_assert(!napi_busy_poll_stop_begin(h, c, &n, true));
	ck_assert(!sim_event_pending(&n.timer));
	napi_set_irq_params(&n, 4, 50 * SIM_US, SIM_MS);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_IN_BUSY_POLL;
	ck_assert(!napi_busy_poll_stop_begin(h, c, &n, false));
	ck_assert(!sim_event_pending(&n.timer));
	n.state = 0;
	model_free(m);
}
END_TEST

/* ---- end to end: epoll busy polling with IRQ suspension ------------------ */

/* One queue on CPU 0 interrupting per packet (rx-usecs 0, rx-frames 1), an
 * epoll reader on CPU 1 that busy-polls with prefer_busy_poll and spends
 * 5us per datagram: at 190 kpps (5.3us apart) it is nearly saturated. */
static struct model *suspend_model(const char *sets0, const char *sets1)
{
	const char *sets[2] = { sets0, sets1 };
	struct model *m = model_load_sets(sets, sets1 ? 2 : sets0 ? 1 : 0,
		"{ 'duration': '20ms', 'seed': 1, 'kernel': '6.13', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'driver': 'mlx5', 'queues': 1, 'irq_affinity': [0],"
		"             'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 },"
		"             'napi_defer_hard_irqs': 100, 'gro_flush_timeout': '20us',"
		"             'irq_suspend_timeout': '2ms' }],"
		"  'sockets': [{ 'name': 'srv', 'port': 9000 }],"
		"  'apps': [{ 'socket': 'srv', 'cpu': 1, 'mode': 'epoll', 'prefer_busy_poll': true,"
		"             'busy_poll_usecs': '200us', 'per_packet': '5us',"
		"             'pauses': [{ 'at': '10ms', 'for': '10ms' }] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '190kpps', 'arrival': 'constant',"
		"                'size': 64 }] }");

	model_start(m);
	return m;
}

/* While the reader keeps finding events, the device interrupt stays off:
 * only the first packet interrupts (before epoll knows the NAPI), and no
 * timer poll runs, as each epoll_wait that returns events pushes the
 * suspend timer 2ms out (napi_suspend_irqs).  When the reader stops at
 * 10ms, its last push expires by 12ms: napi_watchdog polls in softirq on
 * CPU 1 (where the timer was armed) and packets reach the socket without
 * the reader. */
START_TEST(suspension_holds_while_the_app_polls)
{
	struct model *m = suspend_model(NULL, NULL);
	struct rxq *q = model_rxq(m, 0);
	uint64_t fires;

	model_until(m, 10 * SIM_MS);
	ck_assert_uint_eq(q->irq.desc.count, 1);
	ck_assert_uint_eq(q->napi.timer_fires, 0);
	ck_assert_uint_gt(q->napi.busy_polls, 100);
	fires = q->napi.timer_fires;
	/* the timer was last pushed before 10ms: it cannot fire before
	 * 10ms - (time of the last push) + 2ms <= 12ms, and not after */
	model_until(m, 10 * SIM_MS + SIM_MS);
	ck_assert_uint_eq(q->napi.timer_fires, fires);
	model_until(m, 12 * SIM_MS + 10 * SIM_US);
	ck_assert_uint_gt(q->napi.timer_fires, fires);
	ck_assert_int_gt(model_cpu(m, 1)->acct[ACCT_SOFTIRQ], 0);
	model_free(m);
}
END_TEST

/* The same reader with the 5.11 recipe (prefer, defer, gro_flush_timeout,
 * no irq_suspend_timeout): busy_poll_stop() arms gro_flush_timeout (20us),
 * which expires while the reader spends 5us+ per datagram, so timer polls
 * run in softirq on the reader's CPU; with suspension none do. */
START_TEST(without_suspension_the_timer_polls)
{
	struct model *a = suspend_model("duration=10ms", NULL);
	struct model *b = suspend_model("duration=10ms", "nics.0.irq_suspend_timeout=0");

	model_until(a, 10 * SIM_MS);
	model_until(b, 10 * SIM_MS);
	ck_assert_uint_eq(model_rxq(a, 0)->napi.timer_scheds, 0);
	ck_assert_uint_gt(model_rxq(b, 0)->napi.timer_scheds, 0);
	ck_assert_int_eq(model_cpu(a, 1)->acct[ACCT_SOFTIRQ], 0);
	ck_assert_int_gt(model_cpu(b, 1)->acct[ACCT_SOFTIRQ], 0);
	model_free(a);
	model_free(b);
}
END_TEST

/* net.core.busy_read is the SO_BUSY_POLL of sockets that do not set it
 * (sock_init_data: sk_ll_usec = sysctl_net_busy_read): a blocking recvmsg
 * reader busy-polls with it and takes the NAPI from the interrupt; with
 * the default 0 it never does. */
START_TEST(busy_read_sysctl_busy_polls_recvmsg)
{
	const char *const on[1] = { "host.sysctl.net.core.busy_read=50us" };
	int i;

	for (i = 0; i < 2; i++) {
		struct model *m = model_load_sets(on, i,
			"{ 'duration': '5ms', 'seed': 1, 'host': { 'cpus': 2 },"
			"  'nics': [{ 'queues': 1, 'irq_affinity': [0] }],"
			"  'sockets': [{ 'name': 'srv', 'port': 9000 }],"
			"  'apps': [{ 'socket': 'srv', 'cpu': 1 }],"
			"  'traffic': [{ 'dst_port': 9000, 'rate': '100kpps', 'size': 64 }] }");

		model_run(m);
		if (i)
			ck_assert_uint_gt(model_host(m)->threads[0].busy_polls, 0);
		else
			ck_assert_uint_eq(model_host(m)->threads[0].busy_polls, 0);
		/* the NAPI counts the loop's polls and busy_poll_stop()'s own */
		ck_assert_uint_ge(model_rxq(m, 0)->napi.busy_polls,
				  model_host(m)->threads[0].busy_polls);
		model_free(m);
	}
}
END_TEST

/* ---- kernel versions of the keys ----------------------------------------- */

static void assert_needs(const char *kernel, const char *key_json, const char *want)
{
	char buf[1024];
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	char *s;
	int rc;

	snprintf(buf, sizeof(buf),
		 "{ 'kernel': '%s', 'nics': [{ %s }], 'sockets': [{ 'name': 's', 'port': 1 }],"
		 "  'apps': [{ 'socket': 's', 'mode': 'epoll' }] }", kernel, key_json);
	for (s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	rc = scenario_load_buffer("v.json", buf, strlen(buf), NULL, 0, &sc, &err);
	ck_assert_int_eq(rc, RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, want), "message \"%s\" lacks \"%s\"", err.msg, want);
}

static void assert_app_needs(const char *kernel, const char *mode, const char *app_json,
			     const char *want)
{
	char buf[1024];
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	char *s;
	int rc;

	snprintf(buf, sizeof(buf),
		 "{ 'kernel': '%s', 'nics': [{ }], 'sockets': [{ 'name': 's', 'port': 1 }],"
		 "  'apps': [{ 'socket': 's', 'mode': '%s', %s }] }", kernel, mode, app_json);
	for (s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	rc = scenario_load_buffer("v.json", buf, strlen(buf), NULL, 0, &sc, &err);
	ck_assert_int_eq(rc, RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, want), "message \"%s\" lacks \"%s\"", err.msg, want);
}

/* Each key against the release that added it (resolve_napi.c names the
 * commits); the message names the file, the key's path and the version. */
START_TEST(keys_need_their_kernel)
{
	assert_needs("5.4", "'threaded': true",
		     "v.json: /nics/0/threaded: needs kernel 5.12 or later (kernel is 5.4)");
	assert_needs("5.6", "'napi_defer_hard_irqs': 2",
		     "/nics/0/napi_defer_hard_irqs: needs kernel 5.7 or later");
	assert_needs("6.12", "'irq_suspend_timeout': '1ms'",
		     "/nics/0/irq_suspend_timeout: needs kernel 6.13 or later");
	assert_needs("6.12", "'napi': [{ 'queue': 0, 'defer-hard-irqs': 1 }]",
		     "/nics/0/napi/0: napi-set (per-NAPI settings) needs kernel 6.13 or later");
	assert_needs("6.16", "'napi': [{ 'queue': 0, 'threaded': 'on' }]",
		     "/nics/0/napi/0/threaded: needs kernel 6.17 or later");
	assert_app_needs("5.10", "busy_poll", "'prefer_busy_poll': true",
			 "/apps/0/prefer_busy_poll: SO_PREFER_BUSY_POLL needs kernel 5.11");
	assert_app_needs("5.10", "busy_poll", "'busy_poll_budget': 16",
			 "/apps/0/busy_poll_budget: SO_BUSY_POLL_BUDGET needs kernel 5.11");
	assert_app_needs("6.8", "epoll", "'prefer_busy_poll': true",
			 "/apps/0/prefer_busy_poll: EPIOCSPARAMS needs kernel 6.9");
	assert_app_needs("6.8", "epoll", "'busy_poll_usecs': '50us'",
			 "/apps/0/busy_poll_usecs: EPIOCSPARAMS needs kernel 6.9");
}
END_TEST

/* The same keys load on the kernels that have them, and defaults load on
 * the oldest supported kernel. */
START_TEST(keys_load_on_their_kernel)
{
	struct scenario *sc;

	sc = tu_load("{ 'kernel': '5.12', 'nics': [{ 'threaded': true,"
		     "  'napi_defer_hard_irqs': 2, 'gro_flush_timeout': '20us' }] }");
	tu_unload(sc);
	sc = tu_load("{ 'kernel': '6.17', 'nics': [{ 'queues': 2, 'irq_suspend_timeout': '1ms',"
		     "  'napi': [{ 'queue': 1, 'threaded': 'on', 'defer-hard-irqs': 3 }] }],"
		     "  'sockets': [{ 'name': 's', 'port': 1 }],"
		     "  'apps': [{ 'socket': 's', 'mode': 'epoll', 'prefer_busy_poll': true,"
		     "             'busy_poll_usecs': '64us' }] }");
	tu_unload(sc);
	sc = tu_load("{ 'kernel': '4.9', 'nics': [{ 'gro_flush_timeout': '20us' }] }");
	tu_unload(sc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("napi_defer");
	TCase *tc = tcase_create("rules");
	TCase *e2e = tcase_create("suspension");
	TCase *ver = tcase_create("versions");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defer_count_and_timer_sequence);
	tcase_add_test(tc, work_reloads_the_count);
	tcase_add_test(tc, defer_without_timeout_reenables);
	tcase_add_test(tc, missed_returns_before_the_timer);
	tcase_add_test(tc, gro_flush_old_follows_the_timeout);
	tcase_add_test(tc, watchdog_leaves_an_owned_napi);
	tcase_add_test(tc, prep_marks_prefer);
	tcase_add_test(tc, prefer_suspends_on_613_only);
	tcase_add_test(tc, prefer_full_weight_poll_completes);
	tcase_add_test(tc, busy_poll_stop_timer);
	tcase_set_timeout(e2e, 120);
	tcase_add_test(e2e, suspension_holds_while_the_app_polls);
	tcase_add_test(e2e, without_suspension_the_timer_polls);
	tcase_add_test(e2e, busy_read_sysctl_busy_polls_recvmsg);
	tcase_add_test(ver, keys_need_their_kernel);
	tcase_add_test(ver, keys_load_on_their_kernel);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, e2e);
	suite_add_tcase(s, ver);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
