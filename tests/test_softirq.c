/* SPDX-License-Identifier: MIT */
/*
 * test_softirq.c - net_rx_action() and handle_softirqs() on hand-built
 * cases (net/core/dev.c, kernel/softirq.c): NAPI weight and repoll, one poll
 * per instance per net_rx_action, netdev_budget and netdev_budget_usecs
 * (time_squeeze), MAX_SOFTIRQ_RESTART and the hand-off to ksoftirqd,
 * need_resched, the in_net_rx_action rule of 6.4+, and the 4.9-6.4
 * ksoftirqd deferral.
 *
 * Construction: every NIC's vector is on CPU 0 and the hard IRQ costs
 * `hold` (hundreds of us), so each NIC's burst (64-byte frames at 5 Mpps,
 * all in the ring within 150 us) is complete before the first softirq
 * runs.  Costs are driver_rx per packet and zero elsewhere unless stated;
 * there is no socket (the stack drops as NoPorts, which costs nothing and
 * wakes nobody), so only the rules under test decide the counts.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/softirq.h"
#include "test_util.h"

#define US SIM_US
#define MS SIM_MS

struct burst {
	int n;			/* frames */
	const char *start;	/* first frame */
};

/*
 * @hz: CONFIG_HZ; @sysctl: keys of host.sysctl; @extra: more root-level
 * keys (sockets, apps, hogs), each followed by a comma.  NIC i gets the
 * burst b[i]: n frames, 200 ns apart from b[i].start.
 */
static struct model *softirq_model(const char *kernel, const char *hold, const char *driver_rx,
				   const char *hz, const char *sysctl, const char *extra,
				   const struct burst *b, int nb)
{
	char nics[4096], traffic[4096];
	size_t no = 0, to = 0;
	int i;

	for (i = 0; i < nb; i++) {
		struct cost st = model_cost(b[i].start);
		/* stop half a gap after the last frame: exactly n frames */
		long long stop_ns = st.mean / SIM_NS + (long long)(b[i].n - 1) * 200 + 100;

		no += (size_t)snprintf(nics + no, sizeof(nics) - no,
			"%s{ 'name': 'eth%d', 'queues': 1, 'rx_ring': 1024, 'dma_delay': '0ns',"
			"  'drop_en': 'on', 'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 },"
			"  'irq_affinity': [0] }", i ? "," : "", i);
		to += (size_t)snprintf(traffic + to, sizeof(traffic) - to,
			"%s{ 'name': 't%d', 'nic': 'eth%d', 'dst_port': 9000, 'rate': '5Mpps',"
			"  'arrival': 'constant', 'size': 64, 'start': '%s',"
			"  'stop': '%lldns' }", i ? "," : "", i, i, b[i].start, stop_ns);
	}
	return model_load(
		"{ 'duration': '20ms', 'seed': 1, 'kernel': '%s',"
		"  'host': { 'cpus': 2, 'hz': '%s',"
		"     'costs': { 'hardirq': '%s', 'softirq_entry': '0ns', 'driver_rx': '%s',"
		"       'refill': '0ns', 'ip_udp_rx': '0ns', 'wakeup': '0ns',"
		"       'context_switch': '1us' },"
		"     'sysctl': { %s } },"
		"  'nics': [ %s ], %s"
		"  'traffic': [ %s ] }",
		kernel, hz, hold, driver_rx, sysctl, nics, extra, traffic);
}

static struct softnet_data *sd0(struct model *m)
{
	return &model_cpu(m, 0)->sd;
}

static struct napi *napi_of(struct model *m, int i)
{
	return &model_rxq(m, i)->napi;
}

START_TEST(weight_and_repoll)
{
	/*
	 * 200 packets, one NAPI, budget 300.  Each poll gets the NAPI weight
	 * 64: polls of 64, 64, 64, 8.  A full poll keeps the NAPI scheduled
	 * on the repoll list; net_rx_action then finds its list empty, stops
	 * (no second pass) and re-raises NET_RX; handle_softirqs restarts.
	 * So 4 net_rx_action runs, 3 restarts, all in the one inline episode
	 * started by the IRQ; 64 < budget so no time_squeeze; the vector fires
	 * once (masked until the last poll completes).
	 */
	struct burst b[] = { { 200, "0ns" } };
	struct model *m = softirq_model("6.18", "1ms", "100ns", "1000", "", "", b, 1);
	struct softnet_data *sd;
	struct napi *n;

	model_run(m);
	sd = sd0(m);
	n = napi_of(m, 0);
	ck_assert_uint_eq(model_host(m)->offered, 200);
	ck_assert_uint_eq(sd->processed, 200);
	ck_assert_uint_eq(n->polls, 4);
	ck_assert_uint_eq(n->polls_full, 3);
	ck_assert_uint_eq(sd->net_rx_softirqs, 4);
	ck_assert_uint_eq(sd->softirq_restarts, 3);
	ck_assert_uint_eq(sd->episodes_inline, 1);
	ck_assert_uint_eq(sd->episodes_ksoftirqd, 0);
	ck_assert_uint_eq(sd->ksoftirqd_wakeups, 0);
	ck_assert_uint_eq(sd->handoffs, 0);
	ck_assert_uint_eq(sd->time_squeeze, 0);
	ck_assert_uint_eq(model_rxq(m, 0)->irq.fired, 1);
	model_free(m);
}
END_TEST

START_TEST(ten_rounds_then_ksoftirqd)
{
	/*
	 * 714 = 11 * 64 + 10 packets.  handle_softirqs runs at most
	 * MAX_SOFTIRQ_RESTART = 10 rounds (9 restarts): 640 packets inline,
	 * then wakeup_softirqd() (one hand-off, one wake-up).  ksoftirqd's
	 * episode: 64 (full, restart) and 10 (complete).  Totals: 12
	 * net_rx_action, 10 restarts, 12 polls of which 11 full.  All within a
	 * jiffy: 714 * 100 ns = 71.4 us.
	 * The inline episode starts at T0 = 57.6 ns (first frame's last bit)
	 * + 1 ms (handler) and ends at T0 + 640 * 100 ns; just after it
	 * ksoftirqd has been woken but not run (its switch takes 1 us).
	 */
	struct burst b[] = { { 714, "0ns" } };
	struct model *m = softirq_model("6.18", "1ms", "100ns", "1000", "", "", b, 1);
	const sim_time_t t0 = 57600 + MS;
	struct softnet_data *sd;

	model_start(m);
	model_until(m, t0 + 64 * US + 1);
	sd = sd0(m);
	ck_assert_uint_eq(sd->processed, 640);
	ck_assert_uint_eq(sd->net_rx_softirqs, 10);
	ck_assert_uint_eq(sd->softirq_restarts, 9);
	ck_assert_uint_eq(sd->ksoftirqd_wakeups, 1);
	ck_assert_uint_eq(sd->handoffs, 1);
	ck_assert_uint_eq(sd->episodes_ksoftirqd, 0);
	ck_assert(task_runnable(&model_cpu(m, 0)->ksoftirqd));
	model_until(m, m->sc.duration);
	model_assert_conserved(m);
	ck_assert_uint_eq(sd->processed, 714);
	ck_assert_uint_eq(sd->net_rx_softirqs, 12);
	ck_assert_uint_eq(sd->softirq_restarts, 10);
	ck_assert_uint_eq(napi_of(m, 0)->polls, 12);
	ck_assert_uint_eq(napi_of(m, 0)->polls_full, 11);
	ck_assert_uint_eq(sd->episodes_inline, 1);
	ck_assert_uint_eq(sd->episodes_ksoftirqd, 1);
	ck_assert_uint_eq(sd->ksoftirqd_wakeups, 1);
	ck_assert_uint_eq(sd->handoffs, 1);
	ck_assert_uint_eq(sd->time_squeeze, 0);
	ck_assert(!task_runnable(&model_cpu(m, 0)->ksoftirqd));
	model_free(m);
}
END_TEST

START_TEST(budget_below_weight_squeezes)
{
	/*
	 * The poll always gets its weight (64), not what is left of the budget;
	 * net_rx_action stops with time_squeeze++ when budget - work <= 0.
	 * 200 packets (polls of 64, 64, 64, 8), one per net_rx_action:
	 *   budget 50: 50 - 64 < 0 three times, 50 - 8 > 0: squeeze 3
	 *   budget 64: 64 - 64 = 0 three times:                squeeze 3
	 *   budget 65: 1 left each time:                       squeeze 0
	 * The polls themselves are the same in all three.
	 */
	static const struct { const char *budget; uint64_t squeeze; } cases[] = {
		{ "50", 3 }, { "64", 3 }, { "65", 0 }, { "300", 0 },
	};
	struct burst b[] = { { 200, "0ns" } };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char sysctl[64];
		struct model *m;
		struct softnet_data *sd;

		snprintf(sysctl, sizeof(sysctl), "'net.core.netdev_budget': %s", cases[i].budget);
		m = softirq_model("6.18", "1ms", "100ns", "1000", sysctl, "", b, 1);
		model_run(m);
		sd = sd0(m);
		ck_assert_msg(sd->time_squeeze == cases[i].squeeze,
			      "budget %s: time_squeeze %llu, expected %llu", cases[i].budget,
			      (unsigned long long)sd->time_squeeze,
			      (unsigned long long)cases[i].squeeze);
		ck_assert_uint_eq(napi_of(m, 0)->polls, 4);
		ck_assert_uint_eq(napi_of(m, 0)->polls_full, 3);
		ck_assert_uint_eq(sd->net_rx_softirqs, 4);
		ck_assert_uint_eq(sd->processed, 200);
		model_free(m);
	}
}
END_TEST

START_TEST(one_poll_per_instance_per_action)
{
	/*
	 * Two NAPIs on CPU 0: eth0 with 200 packets, eth1 with 10 (first
	 * frame 1 us later, so its IRQ is queued behind eth0's handler and
	 * its NAPI is second on poll_list).  Round 1: eth0 64 (repoll), eth1
	 * 10 (complete); the list is empty but repoll is not: net_rx_action
	 * ends although 226 of its 300 budget are left.  Rounds 2-4: eth0 64,
	 * 64, 8.  If an instance could be polled twice in one run, all 210
	 * would fit in one net_rx_action.
	 */
	struct burst b[] = { { 200, "0ns" }, { 10, "1us" } };
	struct model *m = softirq_model("6.18", "1ms", "100ns", "1000", "", "", b, 2);
	struct softnet_data *sd;

	model_run(m);
	sd = sd0(m);
	ck_assert_uint_eq(sd->processed, 210);
	ck_assert_uint_eq(napi_of(m, 0)->polls, 4);
	ck_assert_uint_eq(napi_of(m, 1)->polls, 1);
	ck_assert_uint_eq(sd->net_rx_softirqs, 4);
	ck_assert_uint_eq(sd->softirq_restarts, 3);
	ck_assert_uint_eq(sd->time_squeeze, 0);
	model_free(m);
}
END_TEST

START_TEST(five_napis_exceed_budget)
{
	/*
	 * Five NAPIs with 100 packets each (net_rx_action: the 300
	 * budget is reached only when the instances polled in one invocation
	 * together reach it).  Round 1: 5 * 64 = 320: after the fifth poll the
	 * budget is 300 - 320 = -20 -> time_squeeze, all five on repoll.
	 * Round 2: 5 * 36 = 180, all complete.  With budget 321 the same two
	 * rounds happen (each instance once per run) but without squeeze;
	 * with 320 the budget ends at exactly 0, which squeezes.
	 * hold 200 us per handler: five handlers end at 1 ms + 57.6 ns.
	 */
	static const struct { const char *sysctl; uint64_t squeeze; } cases[] = {
		{ "", 1 },
		{ "'net.core.netdev_budget': 320", 1 },
		{ "'net.core.netdev_budget': 321", 0 },
	};
	struct burst b[] = {
		{ 100, "0ns" }, { 100, "1us" }, { 100, "2us" }, { 100, "3us" }, { 100, "4us" },
	};
	unsigned i;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = softirq_model("6.18", "200us", "100ns", "1000", cases[i].sysctl, "",
						b, 5);
		struct softnet_data *sd;

		model_run(m);
		sd = sd0(m);
		ck_assert_uint_eq(sd->processed, 500);
		ck_assert_uint_eq(sd->time_squeeze, cases[i].squeeze);
		ck_assert_uint_eq(sd->net_rx_softirqs, 2);
		ck_assert_uint_eq(sd->softirq_restarts, 1);
		for (k = 0; k < 5; k++) {
			ck_assert_uint_eq(napi_of(m, k)->polls, 2);
			ck_assert_uint_eq(napi_of(m, k)->polls_full, 1);
		}
		model_free(m);
	}
}
END_TEST

START_TEST(time_limit_in_jiffies)
{
	/*
	 * Two NAPIs of 40 packets each (eth1's first frame 10 us later),
	 * driver_rx 30 us: a poll takes 1.2 ms and completes (40 < 64).
	 * Handlers: 57.6 ns .. 1 ms + 57.6 ns (eth0), then eth1's until
	 * T0 = 2 ms + 57.6 ns: the episode starts in jiffy 2 (HZ 1000), its
	 * MAX_SOFTIRQ_TIME end at jiffy 4.
	 * time_limit = jiffies + usecs_to_jiffies(netdev_budget_usecs):
	 *   1000 us -> jiffy 3: eth0's poll ends at 3.2 ms >= jiffy 3: squeeze,
	 *     eth1 left for the next run (re-raised, restart at jiffy 3 < 4);
	 *     run 2: limit 3 + 1 = 4, eth1 ends at 4.4 ms: squeeze again.
	 *     -> 2 runs, 2 squeezes, 1 restart
	 *   2000 us -> jiffy 4: eth0 ends in jiffy 3 (go on), eth1 ends at
	 *     4.4 ms: squeeze, nothing left.  -> 1 run, 1 squeeze
	 *   3000 us -> jiffy 5: no squeeze.     -> 1 run, 0 squeezes
	 * HZ 250 (4 ms jiffies), 1000 us -> 1 jiffy: T0 is in jiffy 0 and the
	 *   limit is the 4 ms boundary: eth0 ends at 3.2 ms (go on), eth1 at
	 *   4.4 ms: squeeze.  -> 1 run, 1 squeeze (quantised to ticks)
	 */
	static const struct {
		const char *hz, *sysctl;
		uint64_t runs, squeeze, restarts;
	} cases[] = {
		{ "1000", "'net.core.netdev_budget_usecs': 1000", 2, 2, 1 },
		{ "1000", "'net.core.netdev_budget_usecs': 2000", 1, 1, 0 },
		{ "1000", "", 1, 1, 0 },		/* auto: 2 * 1000000 / HZ = 2000 */
		{ "1000", "'net.core.netdev_budget_usecs': 3000", 1, 0, 0 },
		{ "250", "'net.core.netdev_budget_usecs': 1000", 1, 1, 0 },
	};
	struct burst b[] = { { 40, "0ns" }, { 40, "10us" } };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = softirq_model("6.18", "1ms", "30us", cases[i].hz, cases[i].sysctl,
						"", b, 2);
		struct softnet_data *sd;

		model_run(m);
		sd = sd0(m);
		ck_assert_int_eq(model_host(m)->hz, atoi(cases[i].hz));
		ck_assert_uint_eq(sd->processed, 80);
		ck_assert_msg(sd->net_rx_softirqs == cases[i].runs &&
			      sd->time_squeeze == cases[i].squeeze &&
			      sd->softirq_restarts == cases[i].restarts,
			      "case %u: %llu runs, %llu squeezes, %llu restarts; expected "
			      "%llu, %llu, %llu", i, (unsigned long long)sd->net_rx_softirqs,
			      (unsigned long long)sd->time_squeeze,
			      (unsigned long long)sd->softirq_restarts,
			      (unsigned long long)cases[i].runs,
			      (unsigned long long)cases[i].squeeze,
			      (unsigned long long)cases[i].restarts);
		ck_assert_uint_eq(sd->ksoftirqd_wakeups, 0);
		model_free(m);
	}
}
END_TEST

START_TEST(need_resched_ends_inline_episode)
{
	/*
	 * A reader blocked on CPU 0 (the IRQ CPU): the first datagram queued
	 * in round 1 wakes it on this CPU, which sets need_resched.  After
	 * round 1 (64 packets, NAPI on repoll, NET_RX pending) handle_softirqs
	 * may not restart: work goes to ksoftirqd at once.  The burst starts
	 * at 100 us, after the reader has blocked (switch 1 us + syscall
	 * 400 ns); the round ends at T0 + 64 * 100 ns with
	 * T0 = 100 us + 57.6 ns + 1 ms.
	 */
	struct burst b[] = { { 200, "100us" } };
	struct model *m = softirq_model("6.18", "1ms", "100ns", "1000", "",
		"'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': 1000000,"
		"   'rcvbuf_force': true }],"
		"'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 0 }],", b, 1);
	const sim_time_t t0 = 100 * US + 57600 + MS;
	struct softnet_data *sd;

	model_start(m);
	model_until(m, t0 + 6400 * SIM_NS + 1);
	sd = sd0(m);
	ck_assert_uint_eq(model_host(m)->threads[0].sleeps, 1);
	ck_assert_uint_eq(sd->processed, 64);
	ck_assert_uint_eq(sd->net_rx_softirqs, 1);
	ck_assert_uint_eq(sd->softirq_restarts, 0);
	ck_assert_uint_eq(sd->handoffs, 1);
	ck_assert_uint_eq(sd->ksoftirqd_wakeups, 1);
	ck_assert_uint_eq(sd->episodes_inline, 1);
	model_until(m, m->sc.duration);
	model_assert_conserved(m);
	ck_assert_uint_eq(sd->processed, 200);
	ck_assert_uint_eq(model_host(m)->delivered, 200);
	model_free(m);
}
END_TEST

START_TEST(napi_scheduled_during_net_rx_action)
{
	/*
	 * eth0: 40 packets at t = 0 (handler 200 us), driver_rx 30 us: its
	 * poll runs from 200 us to 1.6 ms (1.2 ms of work + eth1's 200 us
	 * handler that interrupts it).  eth1: one frame at 500 us; its IRQ
	 * comes during eth0's poll and schedules eth1's NAPI.
	 *   6.18 (in_net_rx_action, 8b43fd3d1d7d): NET_RX is not raised; when
	 *     net_rx_action finds list and repoll empty it sees poll_list
	 *     refilled and takes eth1 in the same run: 1 run, 0 restarts.
	 *   6.1: the handler raised NET_RX; net_rx_action returns and the
	 *     softirq loop restarts for eth1: 2 runs, 1 restart.
	 * All inside jiffies 0-1 (limit jiffy 2), no squeeze.
	 */
	static const struct { const char *kernel; uint64_t runs, restarts; } cases[] = {
		{ "6.18", 1, 0 }, { "6.4", 1, 0 }, { "6.3", 2, 1 }, { "6.1", 2, 1 },
	};
	struct burst b[] = { { 40, "0ns" }, { 1, "500us" } };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = softirq_model(cases[i].kernel, "200us", "30us", "1000", "", "", b, 2);
		struct softnet_data *sd;

		model_run(m);
		sd = sd0(m);
		ck_assert_uint_eq(sd->processed, 41);
		ck_assert_msg(sd->net_rx_softirqs == cases[i].runs &&
			      sd->softirq_restarts == cases[i].restarts,
			      "kernel %s: %llu runs, %llu restarts; expected %llu, %llu",
			      cases[i].kernel, (unsigned long long)sd->net_rx_softirqs,
			      (unsigned long long)sd->softirq_restarts,
			      (unsigned long long)cases[i].runs,
			      (unsigned long long)cases[i].restarts);
		ck_assert_uint_eq(sd->episodes_inline, 1);
		ck_assert_uint_eq(sd->time_squeeze, 0);
		ck_assert_uint_eq(napi_of(m, 1)->polls, 1);
		model_free(m);
	}
}
END_TEST

START_TEST(should_defer_by_version)
{
	/* ksoftirqd_running() exists from 4.9 (4cd13c21b207) up to 6.4 and was
	 * reverted in 6.5 (d15121be7485): defer only while ksoftirqd is
	 * runnable, and only in that range. */
	static const struct { const char *kernel; bool defer; } cases[] = {
		{ "4.9", true }, { "5.15", true }, { "6.1", true }, { "6.4", true },
		{ "6.5", false }, { "6.6", false }, { "6.18", false },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct burst b[] = { { 1, "1ms" } };
		struct model *m = softirq_model(cases[i].kernel, "1us", "100ns", "1000", "", "", b, 1);
		struct cpu *c;

		model_start(m);
		c = model_cpu(m, 0);
		ck_assert(!softirq_should_defer(model_host(m), c));
		c->ksoftirqd.state = TASK_RUNNABLE;
		ck_assert_msg(softirq_should_defer(model_host(m), c) == cases[i].defer,
			      "kernel %s", cases[i].kernel);
		c->ksoftirqd.state = TASK_BLOCKED;
		model_free(m);
	}
}
END_TEST

START_TEST(ksoftirqd_deferral_6_1_vs_6_18)
{
	/*
	 * CPU 0 runs an always-runnable hog.  eth0: 714 packets at t = 0
	 * (handler 200 us): the inline episode does 10 rounds (640 packets,
	 * until 264 us) and wakes ksoftirqd.  ksoftirqd is placed with
	 * vruntime 0 but the hog has run only ~58 ns, so there is no wake-up
	 * preemption (needs a lead of wakeup_granularity = 2 ms); it waits for
	 * the tick to end the hog's slice (sched_latency 12 ms / 2 = 6 ms of
	 * hog time, ~7 ms), holding NET_RX pending with eth0 on poll_list.
	 * eth1: one frame at 1 ms; its handler ends at 1.2 ms + 57.6 ns.
	 *   6.18: irq_exit runs the softirq inline: eth0 64 + eth1 1, then
	 *     eth0 10; at 2 ms everything (715) is processed; ksoftirqd later
	 *     finds nothing to do.  2 inline episodes, 0 ksoftirqd episodes.
	 *   6.1: ksoftirqd is runnable, so irq_exit leaves the softirq to it:
	 *     at 2 ms still 640 processed; ksoftirqd's one episode later does
	 *     the same two rounds.  1 inline episode, 1 ksoftirqd episode.
	 * Either way 12 net_rx_action runs and 10 restarts in total.
	 */
	static const struct {
		const char *kernel;
		uint64_t at_2ms, inl, ksd;
	} cases[] = { { "6.18", 715, 2, 0 }, { "6.1", 640, 1, 1 } };
	struct burst b[] = { { 714, "0ns" }, { 1, "1ms" } };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = softirq_model(cases[i].kernel, "200us", "100ns", "1000", "",
						"'hogs': [{ 'name': 'hog', 'cpu': 0 }],", b, 2);
		struct softnet_data *sd;

		model_start(m);
		model_until(m, 2 * MS);
		sd = sd0(m);
		ck_assert_msg(sd->processed == cases[i].at_2ms, "kernel %s: %llu processed at 2 ms",
			      cases[i].kernel, (unsigned long long)sd->processed);
		ck_assert(task_runnable(&model_cpu(m, 0)->ksoftirqd));
		ck_assert_uint_eq(sd->ksoftirqd_wakeups, 1);
		model_until(m, m->sc.duration);
		model_assert_conserved(m);
		ck_assert_uint_eq(sd->processed, 715);
		ck_assert_uint_eq(sd->episodes_inline, cases[i].inl);
		ck_assert_uint_eq(sd->episodes_ksoftirqd, cases[i].ksd);
		ck_assert_uint_eq(sd->net_rx_softirqs, 12);
		ck_assert_uint_eq(sd->softirq_restarts, 10);
		ck_assert_uint_eq(sd->ksoftirqd_wakeups, 1);
		ck_assert_uint_eq(sd->handoffs, 1);
		ck_assert(!task_runnable(&model_cpu(m, 0)->ksoftirqd));
		model_free(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("softirq");
	TCase *tc = tcase_create("net_rx_action");
	TCase *tc2 = tcase_create("handle_softirqs");
	TCase *tc3 = tcase_create("versions");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, weight_and_repoll);
	tcase_add_test(tc, budget_below_weight_squeezes);
	tcase_add_test(tc, one_poll_per_instance_per_action);
	tcase_add_test(tc, five_napis_exceed_budget);
	tcase_add_test(tc, time_limit_in_jiffies);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, ten_rounds_then_ksoftirqd);
	tcase_add_test(tc2, need_resched_ends_inline_episode);
	suite_add_tcase(s, tc2);
	tcase_add_test(tc3, napi_scheduled_during_net_rx_action);
	tcase_add_test(tc3, should_defer_by_version);
	tcase_add_test(tc3, ksoftirqd_deferral_6_1_vs_6_18);
	suite_add_tcase(s, tc3);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
