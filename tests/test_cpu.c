/* SPDX-License-Identifier: MIT */
/*
 * test_cpu.c - the account of CPU time: every picosecond of every
 * CPU is attributed to exactly one of hardirq, softirq, ksoftirqd, app,
 * other and idle; task buckets are the sums of their tasks' sum_exec; and on
 * a hand-countable case each bucket is the sum of the costs charged to it.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"

#define NS SIM_NS

static sim_time_t cpu_total(const struct cpu *c)
{
	sim_time_t sum = 0;
	int a;

	for (a = 0; a < ACCT__N; a++) {
		ck_assert_int_ge(c->acct[a], 0);
		sum += c->acct[a];
	}
	return sum;
}

/* Buckets of task time equal the time of their tasks. */
static void assert_task_sums(struct host *h)
{
	sim_time_t app = 0, other = 0, ksd = 0, b_app = 0, b_other = 0, b_ksd = 0;
	int i;

	for (i = 0; i < h->nthreads; i++)
		app += h->threads[i].task.sum_exec;
	for (i = 0; i < h->nhogs; i++)
		other += h->hogs[i].sum_exec;
	for (i = 0; i < h->ncpus; i++) {
		const struct cpu *c = &h->cpus[i];

		ksd += c->ksoftirqd.sum_exec;
		b_app += c->acct[ACCT_APP];
		b_other += c->acct[ACCT_OTHER];
		b_ksd += c->acct[ACCT_KSOFTIRQD];
		/* ksoftirqd/N never leaves CPU N */
		ck_assert_int_eq(c->ksoftirqd.sum_exec, c->acct[ACCT_KSOFTIRQD]);
	}
	ck_assert_int_eq(app, b_app);
	ck_assert_int_eq(other, b_other);
	ck_assert_int_eq(ksd, b_ksd);
}

static struct model *busy_model(const char *irq_time_accounting)
{
	/* Overloaded queue on CPU 0 shared with a hog (ksoftirqd competes),
	 * two free reader threads, another hog on CPU 2, random costs. */
	return model_load(
		"{ 'duration': '60ms', 'seed': 5,"
		"  'host': { 'cpus': 4, 'sched': { 'irq_time_accounting': %s },"
		"     'costs': { 'hardirq': '1us', 'driver_rx': 'uniform(50ns,250ns)',"
		"       'ip_udp_rx': 'uniform(200ns,600ns)', 'context_switch': '1500ns' } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'rx_ring': 256,"
		"     'coalesce': { 'style': 'eqe', 'rx-usecs': 10, 'rx-frames': 0 },"
		"     'irq_affinity': [0] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'threads': 2,"
		"     'per_packet': 'uniform(0ns,2us)' }],"
		"  'hogs': [{ 'name': 'h0', 'cpu': 0 }, { 'name': 'h2', 'cpu': 2 }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '2Mpps', 'arrival': 'poisson',"
		"     'size': 256 }] }", irq_time_accounting);
}

START_TEST(every_cpu_sums_to_elapsed_time)
{
	/* Checked at odd instants while stepping (cpu_account brings each CPU
	 * up to now) and at the end. */
	static const sim_time_t at[] = { 1, 999999, 1234567891, 17 * SIM_MS + 3,
					 33333333333, 59999999999 };
	struct model *m = busy_model("true");
	struct host *h;
	unsigned k;
	int i;

	model_start(m);
	h = model_host(m);
	for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		model_until(m, at[k]);
		ck_assert_int_eq(h->sim->now, at[k]);
		for (i = 0; i < h->ncpus; i++)
			ck_assert_msg(cpu_total(&h->cpus[i]) == at[k],
				      "cpu %d at %lld ps: accounted %lld", i, (long long)at[k],
				      (long long)cpu_total(&h->cpus[i]));
		assert_task_sums(h);
	}
	model_until(m, m->sc.duration);
	for (i = 0; i < h->ncpus; i++)
		ck_assert_int_eq(cpu_total(&h->cpus[i]), m->sc.duration);
	assert_task_sums(h);
	model_assert_conserved(m);
	/* the case is what it claims: overload handed work to ksoftirqd/0, the
	 * hogs and readers ran */
	ck_assert_uint_gt(h->cpus[0].sd.ksoftirqd_wakeups, 0);
	ck_assert_int_gt(h->cpus[0].acct[ACCT_KSOFTIRQD], 0);
	ck_assert_int_gt(h->cpus[0].acct[ACCT_OTHER], 0);
	ck_assert_int_gt(h->cpus[2].acct[ACCT_OTHER], 0);
	ck_assert_uint_gt(h->delivered, 0);
	/* a hard IRQ costs exactly 1 us: all but possibly one in progress */
	ck_assert_int_le(h->cpus[0].acct[ACCT_HARDIRQ],
			 (sim_time_t)h->cpus[0].nr_hardirqs * SIM_US);
	ck_assert_int_gt(h->cpus[0].acct[ACCT_HARDIRQ],
			 ((sim_time_t)h->cpus[0].nr_hardirqs - 1) * SIM_US);
	model_free(m);
}
END_TEST

START_TEST(task_sums_without_irq_time_accounting)
{
	/* Without CONFIG_IRQ_TIME_ACCOUNTING the interrupted task's vruntime
	 * pays for IRQ time, but its sum_exec (and the app bucket) must not. */
	struct model *m = busy_model("false");
	struct host *h;
	int i;

	model_run(m);
	h = model_host(m);
	for (i = 0; i < h->ncpus; i++)
		ck_assert_int_eq(cpu_total(&h->cpus[i]), m->sc.duration);
	assert_task_sums(h);
	model_free(m);
}
END_TEST

START_TEST(single_packet_buckets)
{
	/*
	 * The single packet of test_latency (reader on CPU 1), costs in
	 * powers of two.  Hand count of what each CPU does in 5 ms:
	 *   CPU 0: hardirq  H = 1024 ns (one interrupt)
	 *          softirq  E + D + R + IP + WAKE = 16 + 32 + 64 + 128 + 8192
	 *                   = 8432 ns (net_rx_action, one packet, the final
	 *                   refill, the stack, the waker's share of the wake-up)
	 *   CPU 1: app      at t = 0: switch C + syscall S, then it blocks;
	 *                   woken: C + per_datagram + copy + remote_data, then
	 *                   per_packet, the next syscall S, and it blocks:
	 *                   2C + 2S + PD + CP + RM + PP
	 *                   = 4096 + 65536 + 256 + 8 + 16384 + 65536 = 151816 ns
	 *   everything else idle; no ksoftirqd, no hogs.
	 * The idle exit (wakeup_latency) is not CPU time of anybody: CPU 1 is
	 * idle then.
	 */
	struct model *m = model_load(
		"{ 'duration': '5ms', 'seed': 7,"
		"  'host': { 'cpus': 2, 'costs': {"
		"     'hardirq': '1024ns', 'softirq_entry': '16ns', 'driver_rx': '32ns',"
		"     'refill': '64ns', 'ip_udp_rx': '128ns', 'wakeup': '8192ns',"
		"     'wakeup_latency': '4096ns', 'context_switch': '2048ns',"
		"     'remote_data': '16384ns' } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'speed': '10Gbps', 'dma_delay': '512ns',"
		"     'irq_affinity': [0], 'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 } }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'syscall': '32768ns',"
		"     'per_datagram': '256ns', 'copy_per_kib': '8ns', 'per_packet': '65536ns' }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '1kpps', 'arrival': 'constant',"
		"     'size': 1070, 'start': '1ms', 'stop': '1.5ms' }] }");
	struct host *h;
	const struct cpu *c0, *c1;

	model_run(m);
	h = model_host(m);
	c0 = &h->cpus[0];
	c1 = &h->cpus[1];
	ck_assert_uint_eq(h->delivered, 1);
	ck_assert_int_eq(c0->acct[ACCT_HARDIRQ], 1024 * NS);
	ck_assert_int_eq(c0->acct[ACCT_SOFTIRQ], 8432 * NS);
	ck_assert_int_eq(c0->acct[ACCT_APP] + c0->acct[ACCT_KSOFTIRQD] + c0->acct[ACCT_OTHER], 0);
	ck_assert_int_eq(c0->acct[ACCT_IDLE], 5 * SIM_MS - (1024 + 8432) * NS);
	ck_assert_int_eq(c1->acct[ACCT_APP], 151816 * NS);
	ck_assert_int_eq(c1->acct[ACCT_HARDIRQ] + c1->acct[ACCT_SOFTIRQ] +
			 c1->acct[ACCT_KSOFTIRQD] + c1->acct[ACCT_OTHER], 0);
	ck_assert_int_eq(c1->acct[ACCT_IDLE], 5 * SIM_MS - 151816 * NS);
	ck_assert_int_eq(h->threads[0].task.sum_exec, 151816 * NS);
	ck_assert_uint_eq(h->threads[0].task.nr_switches, 2);
	ck_assert_uint_eq(c1->nr_context_switches, 2);
	ck_assert_uint_eq(c0->nr_hardirqs, 1);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpu");
	TCase *tc = tcase_create("conservation");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, every_cpu_sums_to_elapsed_time);
	tcase_add_test(tc, task_sums_without_irq_time_accounting);
	tcase_add_test(tc, single_packet_buckets);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
