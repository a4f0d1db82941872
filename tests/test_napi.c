/* SPDX-License-Identifier: MIT */
/*
 * test_napi.c - the NAPI core (models/napi.c) on hand-built instances:
 * napi_schedule() / NAPI_STATE_MISSED, napi_complete_done(), the tail of
 * napi_poll() (complete below the weight, repoll at it), busy-poll
 * ownership, gro_normal_one() batches, and the poll contract's assert.
 *
 * Expected values come from net/core/dev.c:
 *   napi_schedule_prep(): SCHED already set -> set MISSED, do not schedule;
 *   napi_complete_done(): MISSED -> clear it, keep SCHED, __napi_schedule()
 *     again and return false; else clear SCHED and return true;
 *   napi_poll(): work == weight -> the core keeps SCHED and repolls;
 *   __napi_poll(): WARN_ON_ONCE(work > weight).
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>

#include "rxsim/cpu.h"
#include "rxsim/napi.h"
#include "rxsim/softirq.h"
#include "napi_rx.h"
#include "test_util.h"

struct fake {
	int completes;		/* ops->complete calls (IRQ re-enabled) */
	int per_step;		/* packets one poll_step claims */
	int steps;		/* poll_step calls left with CPU time */
};

static void fake_begin(struct host *h, struct napi *n, int budget)
{
	(void)h;
	n->work = 0;
	n->budget = budget;
}

/* Claims per_step packets per step, regardless of the budget: a driver that
 * breaks the contract when per_step is too large. */
static int fake_step(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost)
{
	struct fake *f = n->priv;

	(void)h;
	(void)c;
	n->work += f->per_step;
	if (f->steps-- > 0) {
		*cost = SIM_NS;
		return 1;
	}
	return 0;
}

static void fake_complete(struct host *h, struct napi *n)
{
	(void)h;
	((struct fake *)n->priv)->completes++;
}

static const struct napi_ops fake_ops = {
	.name = "fake",
	.poll_begin = fake_begin,
	.poll_step = fake_step,
	.complete = fake_complete,
};

static struct model *one_cpu(void)
{
	struct model *m = model_load("{ 'duration': '1ms', 'seed': 1, 'host': { 'cpus': 1 },"
				     "  'nics': [ { 'name': 'eth0', 'queues': 1 } ] }");

	model_start(m);
	return m;
}

START_TEST(schedule_sets_missed_when_scheduled)
{
	struct model *m = one_cpu();
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, 0, 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_schedule(model_host(m), c, &n);
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(c->sd.poll_list.tail, &n);
	ck_assert(c->sd.softirq_pending & NET_RXF);
	napi_schedule(model_host(m), c, &n);
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED | NAPIF_STATE_MISSED);
	/* listed once: the second schedule only marked the miss */
	ck_assert_ptr_eq(c->sd.poll_list.head, &n);
	ck_assert_ptr_null(n.poll_next);
	c->sd.poll_list.head = c->sd.poll_list.tail = NULL;
	model_free(m);
}
END_TEST

START_TEST(complete_done_reschedules_on_missed)
{
	struct model *m = one_cpu();
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, 0, 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	n.state = NAPIF_STATE_SCHED | NAPIF_STATE_MISSED;
	ck_assert(!napi_complete_done(model_host(m), c, &n, false));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(c->sd.poll_list.head, &n);
	c->sd.poll_list.head = c->sd.poll_list.tail = NULL;
	ck_assert(napi_complete_done(model_host(m), c, &n, false));
	ck_assert_uint_eq(n.state, 0);
	ck_assert_ptr_null(c->sd.poll_list.head);
	model_free(m);
}
END_TEST

START_TEST(repoll_at_weight_complete_below)
{
	struct model *m = one_cpu();
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, 0, 0 };
	struct napi n;

	napi_init(&n, &fake_ops, 8, 0, &f);
	n.state = NAPIF_STATE_SCHED;
	n.work = 8;
	ck_assert(napi_poll_repoll(model_host(m), c, &n));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_int_eq(f.completes, 0);
	ck_assert_uint_eq(n.polls_full, 1);
	n.work = 7;
	ck_assert(!napi_poll_repoll(model_host(m), c, &n));
	ck_assert_uint_eq(n.state, 0);
	ck_assert_int_eq(f.completes, 1);
	ck_assert_uint_eq(n.polls, 2);
	ck_assert_uint_eq(n.polls_full, 1);
	model_free(m);
}
END_TEST

START_TEST(busy_poll_owns_and_hands_back)
{
	struct model *m = one_cpu();
	struct host *h = model_host(m);
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, 0, 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	ck_assert(napi_busy_poll_prep(&n, false));
	ck_assert(!napi_busy_poll_prep(&n, false));
	/* an interrupt while the reader owns it: marked, not listed */
	napi_schedule(h, c, &n);
	ck_assert(n.state & NAPIF_STATE_MISSED);
	ck_assert_ptr_null(c->sd.poll_list.head);
	/* busy_poll_stop(): MISSED and IN_BUSY_POLL cleared, SCHED kept for
	 * the extra poll, no timer without prefer */
	ck_assert(!napi_busy_poll_stop_begin(h, c, &n, false));
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	/* its extra poll found 3 < budget 8: napi_complete_done() re-enables
	 * the IRQ */
	n.work = 3;
	n.budget = 8;
	napi_busy_poll_stop_done(h, c, &n, false);
	ck_assert_uint_eq(n.state, 0);
	ck_assert_int_eq(f.completes, 1);
	/* an extra poll that used the whole budget: __busy_poll_stop() without
	 * skip_schedule puts it on this CPU's poll list (NET_RX raised, run at
	 * the caller's local_bh_enable: ksoftirqd is not woken); the IRQ stays
	 * masked */
	ck_assert(napi_busy_poll_prep(&n, false));
	ck_assert(!napi_busy_poll_stop_begin(h, c, &n, false));
	n.work = 8;
	napi_busy_poll_stop_done(h, c, &n, false);
	ck_assert_uint_eq(n.state, NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(c->sd.poll_list.head, &n);
	ck_assert(c->sd.softirq_pending & NET_RXF);
	ck_assert(!task_runnable(&c->ksoftirqd));
	ck_assert_int_eq(f.completes, 1);
	c->sd.poll_list.head = c->sd.poll_list.tail = NULL;
	model_free(m);
}
END_TEST

START_TEST(gro_normal_batch_boundary)
{
	struct model *m = model_load("{ 'duration': '1ms', 'host': { 'cpus': 1,"
				     "  'sysctl': { 'net.core.gro_normal_batch': 3 } },"
				     "  'nics': [ { 'name': 'eth0', 'queues': 1 } ] }");
	struct fake f = { 0, 0, 0 };
	struct packet p[4];
	struct napi n;

	model_start(m);
	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	/* gro_normal_one(): flush once rx_count >= gro_normal_batch */
	ck_assert(!gro_normal_one(model_host(m), &n, &p[0]));
	ck_assert(!gro_normal_one(model_host(m), &n, &p[1]));
	ck_assert(gro_normal_one(model_host(m), &n, &p[2]));
	ck_assert_uint_eq(napi_held(&n), 3);
	pktq_init(&n.rx_list);
	model_free(m);
}
END_TEST

static int polled_work = -1;

static void fake_polled(struct cpu *c, struct exec *ex)
{
	(void)c;
	polled_work = ex->napi->work;
}

START_TEST(poll_run_steps_until_return)
{
	struct model *m = one_cpu();
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, 2, 3 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_poll_run(c, &c->softirq_exec, &n, 8, fake_polled);
	/* three charged steps of 1 ns, then the fourth returns: 4 x 2 packets */
	ck_assert_int_eq(polled_work, -1);
	c->softirq_inline = true;
	cpu_run(c);
	model_until(m, 10 * SIM_NS);
	ck_assert_int_eq(polled_work, 8);
	model_free(m);
}
END_TEST

/* A poll that claims more than its budget breaks the contract: the assert
 * in napi_poll_continue() must abort, in the build the tests run. */
START_TEST(poll_over_budget_trips_assert)
{
#ifdef NDEBUG
	ck_abort_msg("built with NDEBUG: the engine's and the poll contract's asserts are off");
#else
	struct model *m = one_cpu();
	struct cpu *c = model_cpu(m, 0);
	struct fake f = { 0, NAPI_POLL_WEIGHT + 1, 0 };
	struct napi n;

	napi_init(&n, &fake_ops, NAPI_POLL_WEIGHT, 0, &f);
	napi_poll_run(c, &c->softirq_exec, &n, NAPI_POLL_WEIGHT, fake_polled);
	model_free(m);
#endif
}
END_TEST

int main(void)
{
	Suite *s = suite_create("napi");
	TCase *tc = tcase_create("state");
	TCase *tc2 = tcase_create("poll");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, schedule_sets_missed_when_scheduled);
	tcase_add_test(tc, complete_done_reschedules_on_missed);
	tcase_add_test(tc, repoll_at_weight_complete_below);
	tcase_add_test(tc, busy_poll_owns_and_hands_back);
	tcase_add_test(tc, gro_normal_batch_boundary);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, poll_run_steps_until_return);
	tcase_add_test_raise_signal(tc2, poll_over_budget_trips_assert, SIGABRT);
	suite_add_tcase(s, tc2);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
