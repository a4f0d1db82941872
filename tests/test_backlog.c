/* SPDX-License-Identifier: MIT */
/*
 * test_backlog.c - the per-CPU backlog (models/backlog.c) against the rules
 * of net/core/dev.c:
 *
 *   6.2 enqueue_to_backlog(): accepted while qlen <= netdev_max_backlog
 *       (the input queue holds max_backlog + 1), else dropped with
 *       SKB_DROP_REASON_CPU_BACKLOG and the target CPU's softnet dropped++;
 *       the backlog NAPI is scheduled only when qlen was 0 and SCHED clear.
 *   6.3 skb_flow_limit(): enqueuing CPU in flow_limit_cpu_bitmap, qlen >=
 *       max_backlog / 2, drop when the packet's bucket owns more than 64 of
 *       the last FLOW_LIMIT_HISTORY (128) packets; flow_limit_count++ on the
 *       enqueuing CPU.
 *   6.4 process_backlog(): quota dev_weight * dev_weight_rx_bias.
 *   6.5 napi_schedule_rps(): local target -> __napi_schedule, remote ->
 *       rps_ipi_list, IPI at the end of net_rx_action, received_rps++ on the
 *       target; at most one IPI per empty -> non-empty transition.
 *
 * Most tests build a host from an inline scenario with no traffic and call
 * enqueue_to_backlog() directly with packets from the host's pool, then let
 * the simulation deliver the IPIs and run the backlog polls.  No socket is
 * bound to the packets' port, so every processed packet ends as NoPorts.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "mq_util.h"
#include "rxsim/backlog.h"
#include "rxsim/host.h"
#include "rxsim/softirq.h"

/* A host of @cpus CPUs, one generic NIC queue on CPU 0, no traffic. */
static struct model *bare_host(int cpus, int max_backlog, const char *extra_sysctl)
{
	struct model *m = model_load(
		"{ 'duration': '100ms', 'host': { 'cpus': %d, 'sysctl': {"
		" 'net.core.netdev_max_backlog': %d %s } },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ] }",
		cpus, max_backlog, extra_sysctl ? extra_sysctl : "");

	model_start(m);
	return m;
}

static bool enq(struct model *m, int from, int to, uint32_t hash)
{
	return enqueue_to_backlog(model_host(m), model_cpu(m, from), mq_pkt(m, hash), to, NULL);
}

/* --- 6.2 admission ------------------------------------------------------- */

static void check_boundary(int max, int from, int to)
{
	struct model *m = bare_host(4, max, NULL);
	struct softnet_data *sd = &model_cpu(m, to)->sd;
	int i;

	/* qlen 0 .. max are all <= max: max + 1 packets accepted */
	for (i = 0; i <= max; i++)
		if (!enq(m, from, to, 0x1000u + (uint32_t)i))
			ck_abort_msg("max_backlog %d: enqueue %d (qlen %d) dropped", max, i + 1, i);
	ck_assert_uint_eq(sd->input_pkt_queue.len, (unsigned)max + 1);
	ck_assert_uint_eq(sd->input_queue_tail, (unsigned)max + 1);
	ck_assert_uint_eq(sd->dropped, 0);
	ck_assert_uint_eq(model_host(m)->drops[DROP_CPU_BACKLOG], 0);
	/* the (max + 2)th sees qlen = max + 1 > max: dropped */
	ck_assert(!enq(m, from, to, 0x77));
	ck_assert_uint_eq(sd->dropped, 1);
	ck_assert_uint_eq(model_host(m)->drops[DROP_CPU_BACKLOG], 1);
	ck_assert_uint_eq(sd->input_pkt_queue.len, (unsigned)max + 1);
	ck_assert_uint_eq(sd->input_queue_tail, (unsigned)max + 1);
	ck_assert(!enq(m, from, to, 0x78));
	ck_assert_uint_eq(sd->dropped, 2);
	ck_assert_uint_eq(model_host(m)->drops[DROP_CPU_BACKLOG], 2);
	/* the drop counter is the target's, not the enqueuing CPU's */
	if (from != to)
		ck_assert_uint_eq(model_cpu(m, from)->sd.dropped, 0);
	/* dropped packets went back to the pool */
	ck_assert_uint_eq(model_host(m)->pkts.in_use, (unsigned)max + 1);
	model_free(m);
}

START_TEST(backlog_holds_max_plus_one_remote)
{
	check_boundary(1, 0, 1);
	check_boundary(10, 0, 1);
	check_boundary(1000, 0, 3);
}
END_TEST

START_TEST(backlog_holds_max_plus_one_local)
{
	check_boundary(1, 2, 2);
	check_boundary(64, 2, 2);
}
END_TEST

/* --- 6.2 / 6.5 scheduling and IPIs --------------------------------------- */

START_TEST(remote_enqueue_queues_one_ipi_per_transition)
{
	struct model *m = bare_host(4, 1000, NULL);
	struct host *h = model_host(m);
	struct softnet_data *sd0 = &model_cpu(m, 0)->sd, *sd1 = &model_cpu(m, 1)->sd,
			    *sd2 = &model_cpu(m, 2)->sd;
	int64_t cost;

	ck_assert_uint_eq(sd1->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_ptr_null(sd0->rps_ipi_list);

	/* empty -> non-empty: SCHED set, CPU 1 on CPU 0's rps_ipi_list, NET_RX
	 * raised on CPU 0 (the IPI goes out at the end of its net_rx_action) */
	ck_assert(enq(m, 0, 1, 0x10));
	ck_assert_uint_ne(sd1->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_ptr_eq(sd0->rps_ipi_list, sd1);
	ck_assert_ptr_null(sd1->rps_ipi_next);
	ck_assert_uint_ne(sd0->softirq_pending & NET_RXF, 0);
	/* not on CPU 1's poll list before the IPI arrives */
	ck_assert_ptr_null(sd1->poll_list.head);

	/* non-empty: nothing more is queued */
	ck_assert(enq(m, 0, 1, 0x11));
	ck_assert(enq(m, 0, 1, 0x12));
	ck_assert_ptr_eq(sd0->rps_ipi_list, sd1);
	ck_assert_ptr_null(sd1->rps_ipi_next);

	/* a second target joins the list */
	ck_assert(enq(m, 0, 2, 0x13));
	ck_assert_ptr_eq(sd0->rps_ipi_list, sd2);
	ck_assert_ptr_eq(sd2->rps_ipi_next, sd1);

	/* net_rps_send_ipi: one IPI per listed CPU; the sender pays ipi_send
	 * (default 500ns, fixed) for each: 2 * 500ns */
	cost = net_rps_send_ipis(h, model_cpu(m, 0));
	ck_assert_int_eq(cost, 2 * 500 * SIM_NS);
	ck_assert_uint_eq(sd0->ipis_sent, 2);
	ck_assert_ptr_null(sd0->rps_ipi_list);

	/* the IPIs arrive, rps_trigger_softirq schedules the backlogs, the
	 * backlogs drain and complete */
	model_until(m, SIM_MS);
	ck_assert_uint_eq(sd1->received_rps, 1);
	ck_assert_uint_eq(sd2->received_rps, 1);
	ck_assert_uint_eq(sd0->received_rps, 0);
	ck_assert_uint_eq(sd1->processed, 3);
	ck_assert_uint_eq(sd2->processed, 1);
	ck_assert_uint_eq(h->drops[DROP_NO_SOCKET], 4);
	ck_assert_uint_eq(mq_backlog(m, 1), 0);
	ck_assert_uint_eq(sd1->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_uint_eq(sd1->backlog.polls, 1);
	ck_assert_uint_eq(sd1->input_queue_head, 3);

	/* the next packet finds the backlog empty again: a new transition */
	ck_assert(enq(m, 0, 1, 0x14));
	ck_assert_ptr_eq(sd0->rps_ipi_list, sd1);
	net_rps_send_ipis(h, model_cpu(m, 0));
	ck_assert_uint_eq(sd0->ipis_sent, 3);
	model_until(m, 2 * SIM_MS);
	ck_assert_uint_eq(sd1->received_rps, 2);
	ck_assert_uint_eq(sd1->processed, 4);
	model_free(m);
}
END_TEST

START_TEST(no_ipi_while_sched_with_empty_input_queue)
{
	/*
	 * process_backlog splices input_pkt_queue into process_queue and keeps
	 * NAPI_STATE_SCHED until both are empty.  A packet arriving meanwhile
	 * finds qlen 0 but SCHED set: it is queued without a new IPI and is
	 * processed by the running backlog poll (same NAPI run).
	 */
	struct model *m = bare_host(2, 1000, NULL);
	struct host *h = model_host(m);
	struct softnet_data *sd0 = &model_cpu(m, 0)->sd, *sd1 = &model_cpu(m, 1)->sd;
	sim_time_t t;
	int i;

	for (i = 0; i < 10; i++)
		ck_assert(enq(m, 0, 1, 0x100u + (uint32_t)i));
	net_rps_send_ipis(h, model_cpu(m, 0));
	/* step until the poll has spliced the input queue but not finished:
	 * 10 packets take 10 * (45 + 300) ns of CPU 1 */
	for (t = 0; t < SIM_MS; t += 20 * SIM_NS) {
		model_until(m, t);
		if (!sd1->input_pkt_queue.len && mq_backlog(m, 1) > 1)
			break;
	}
	ck_assert_msg(t < SIM_MS, "never saw the backlog spliced and busy");
	ck_assert_uint_ne(sd1->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_uint_eq(sd1->received_rps, 1);

	ck_assert(enq(m, 0, 1, 0x200));
	ck_assert_uint_eq(sd1->input_pkt_queue.len, 1);
	ck_assert_ptr_null(sd0->rps_ipi_list);
	model_until(m, SIM_MS);
	ck_assert_uint_eq(sd1->processed, 11);
	ck_assert_uint_eq(sd1->received_rps, 1);
	ck_assert_uint_eq(sd0->ipis_sent, 1);
	ck_assert_uint_eq(mq_backlog(m, 1), 0);
	ck_assert_uint_eq(sd1->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_uint_eq(sd1->input_queue_head, 11);
	model_free(m);
}
END_TEST

START_TEST(local_enqueue_schedules_without_ipi)
{
	struct model *m = bare_host(4, 1000, NULL);
	struct softnet_data *sd2 = &model_cpu(m, 2)->sd;

	ck_assert(enq(m, 2, 2, 0x42));
	/* napi_schedule_rps(), local: __napi_schedule_irqoff(&sd->backlog) */
	ck_assert_uint_ne(sd2->backlog.state & NAPIF_STATE_SCHED, 0);
	ck_assert_ptr_eq(sd2->poll_list.head, &sd2->backlog);
	ck_assert_uint_ne(sd2->softirq_pending & NET_RXF, 0);
	ck_assert_ptr_null(sd2->rps_ipi_list);
	ck_assert(enq(m, 2, 2, 0x43));
	ck_assert_ptr_eq(sd2->poll_list.head, &sd2->backlog);
	ck_assert_ptr_null(sd2->backlog.poll_next);
	ck_assert_uint_eq(net_rps_send_ipis(model_host(m), model_cpu(m, 2)), 0);
	ck_assert_uint_eq(sd2->ipis_sent, 0);
	model_free(m);
}
END_TEST

/*
 * End to end: one rx queue on CPU 0, rps_cpus "1" (a map of one CPU, so
 * every packet with a non-zero hash goes to CPU 1), one flow at a constant
 * 10 kpps for 10 ms: arrivals at 0, 100us, ..., 9.9ms = 100 packets.  Each
 * packet is done on CPU 1 within a few microseconds (interrupt moderation
 * 20us + IPI latency 1us + ~1us of work), long before the next one arrives,
 * so every packet finds CPU 1's backlog empty: one transition, one IPI, one
 * backlog poll per packet.
 */
static const char *const ipi_scenario =
	"{ 'seed': 3, 'duration': '10ms', 'kernel': '%s', 'host': { 'cpus': 2 },"
	"  'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0], 'rps_cpus': '1' } ],"
	"  'sockets': [ { 'name': 's', 'port': 9000 } ],"
	"  'apps': [ { 'name': 'r', 'socket': 's', 'cpu': 1 } ],"
	"  'traffic': [ { 'name': 't', 'flows': 1, 'dst_port': 9000, 'rate': '%s',"
	"                 'arrival': 'constant', 'size': 64 %s } ] }";

/* ipi_scenario run to the end; *sd0, *sd1: the softnet_data of CPUs 0, 1. */
static struct model *ipi_run(const char *kernel, const char *rate, const char *extra,
			     struct softnet_data **sd0, struct softnet_data **sd1)
{
	struct model *m = model_load(ipi_scenario, kernel, rate, extra);

	model_run(m);
	*sd0 = &model_cpu(m, 0)->sd;
	*sd1 = &model_cpu(m, 1)->sd;
	return m;
}

START_TEST(ipis_end_to_end_one_per_packet)
{
	/* the same before 6.4 (no in_net_rx_action: NET_RX always raised) */
	static const char *const kver[] = { "6.18", "5.15" };
	struct softnet_data *sd0, *sd1;
	struct model *m = ipi_run(kver[_i], "10kpps", "", &sd0, &sd1);
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->offered, 100);
	ck_assert_uint_eq(h->delivered, 100);
	ck_assert_uint_eq(sd1->processed, 100);
	ck_assert_uint_eq(sd0->processed, 0);
	ck_assert_uint_eq(sd0->ipis_sent, 100);
	ck_assert_uint_eq(sd1->received_rps, 100);
	ck_assert_uint_eq(sd1->backlog.polls, 100);
	ck_assert_uint_eq(sd0->received_rps, 0);
	ck_assert_uint_eq(sd1->ipis_sent, 0);
	ck_assert_uint_eq(h->rxqs[0]->steered, 100);
	model_free(m);
}
END_TEST

START_TEST(ipis_end_to_end_one_per_train)
{
	/*
	 * Same, but each arrival is a train of 4 back-to-back frames (64 B at
	 * 10 Gbit/s: 67.2 ns apart).  The interrupt (20us after the first
	 * completion) finds all 4 on the ring, one poll hands all 4 to CPU 1's
	 * backlog before net_rx_action ends and sends the IPI: 4 enqueues, one
	 * empty -> non-empty transition, one IPI per train.  Rates count frames:
	 * 40 kpps in trains of 4 is a train every 100us, 100 trains.
	 */
	struct softnet_data *sd0, *sd1;
	struct model *m = ipi_run("6.18", "40kpps", ", 'train': 4", &sd0, &sd1);
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->offered, 400);
	ck_assert_uint_eq(sd1->processed, 400);
	ck_assert_uint_eq(sd0->ipis_sent, 100);
	ck_assert_uint_eq(sd1->received_rps, 100);
	ck_assert_uint_eq(sd1->backlog.polls, 100);
	model_free(m);
}
END_TEST

/* --- 6.4 process_backlog weight ------------------------------------------ */

/*
 * 300 packets wait in CPU 1's backlog when its IPI arrives.  The backlog
 * NAPI polls with quota dev_rx_weight = dev_weight * dev_weight_rx_bias and
 * is polled at most once per net_rx_action (a full poll goes back on the
 * list for the next round).  net_rx_action counts time_squeeze when the
 * budget it has left after a poll is <= 0.
 *   weight 64 * 2 = 128: polls of 128, 128, 44 -> 3 polls, 2 full.
 *     netdev_budget 100: 100 - 128 < 0 after each full poll -> squeeze 2;
 *     100 - 44 > 0 -> no squeeze after the last.
 *     netdev_budget 300: 300 - 128 = 172 > 0 -> squeeze 0.
 *   weight 64 * 1 = 64: polls of 64, 64, 64, 64, 44 -> 5 polls, 4 full;
 *     netdev_budget 100: 100 - 64 = 36 > 0 each time -> squeeze 0.
 */
static void check_backlog_weight(int bias, int budget, int weight, uint64_t polls,
				 uint64_t full, uint64_t squeeze)
{
	char extra[160];
	struct model *m;
	struct softnet_data *sd1;
	int i;

	snprintf(extra, sizeof(extra),
		 ", 'net.core.dev_weight': 64, 'net.core.dev_weight_rx_bias': %d,"
		 " 'net.core.netdev_budget': %d", bias, budget);
	m = bare_host(2, 1000, extra);
	sd1 = &model_cpu(m, 1)->sd;
	ck_assert_int_eq(sd1->backlog.weight, weight);
	for (i = 0; i < 300; i++)
		ck_assert(enq(m, 0, 1, 0x1000u + (uint32_t)i));
	net_rps_send_ipis(model_host(m), model_cpu(m, 0));
	model_until(m, 5 * SIM_MS);
	ck_assert_uint_eq(sd1->processed, 300);
	ck_assert_uint_eq(mq_backlog(m, 1), 0);
	ck_assert_msg(sd1->backlog.polls == polls, "bias %d budget %d: %llu polls, want %llu",
		      bias, budget, (unsigned long long)sd1->backlog.polls,
		      (unsigned long long)polls);
	ck_assert_msg(sd1->backlog.polls_full == full, "bias %d budget %d: %llu full polls, "
		      "want %llu", bias, budget, (unsigned long long)sd1->backlog.polls_full,
		      (unsigned long long)full);
	ck_assert_msg(sd1->time_squeeze == squeeze, "bias %d budget %d: time_squeeze %llu, "
		      "want %llu", bias, budget, (unsigned long long)sd1->time_squeeze,
		      (unsigned long long)squeeze);
	ck_assert_uint_eq(sd1->input_queue_head, 300);
	model_free(m);
}

START_TEST(process_backlog_weight_is_dev_weight_times_rx_bias)
{
	check_backlog_weight(2, 100, 128, 3, 2, 2);
	check_backlog_weight(2, 300, 128, 3, 2, 0);
	check_backlog_weight(1, 100, 64, 5, 4, 0);
}
END_TEST

/* --- 6.3 flow limit -------------------------------------------------------- */

/*
 * Two flows whose hashes fall in different buckets of the 4096-entry table
 * (hash_32(h, 12) = (h * 0x61C88647 mod 2^32) >> 20):
 *   A = 0x11111111 -> 0x11111111 * 0x61C88647 mod 2^32 = 0x70F..., bucket 0x70f
 *   B = 0x22222222 -> twice that mod 2^32, bucket 0xe1e
 */
#define FLOW_A 0x11111111u
#define FLOW_B 0x22222222u

/*
 * max_backlog 1000: the flow limit applies once qlen >= 500.  500 packets
 * of other flows are queued first (qlen 0..499: the limit is not consulted
 * and the history is untouched).  Then 32 rounds of A A A B (128 packets).
 * The history starts as 128 entries of bucket 0 whose count is 0, so A's
 * count is the number of A packets seen: the 65th A packet makes it 65 > 64
 * and is dropped.  A packets 1..64 are accepted (rounds 1-21 give 63, round
 * 22 the 64th); from the 65th on A owns > 64 of the last 128 entries (3 of
 * every 4 once the window is full), so all the rest of A is dropped:
 * 96 A packets -> 64 accepted, 32 dropped.  B never owns more than 32.
 * Final qlen 500 + 64 + 32 = 596 <= 1000, so no plain backlog drop.
 */
static void flow_limit_run(struct model *m, int from, int *a_ok, int *a_drop, int *b_ok,
			   int *b_drop, int *first_a_drop)
{
	int i, r, k, na = 0;

	for (i = 0; i < 500; i++)
		ck_assert(enq(m, from, 1, 0x5000u + (uint32_t)i));
	*a_ok = *a_drop = *b_ok = *b_drop = 0;
	*first_a_drop = 0;
	for (r = 0; r < 32; r++) {
		for (k = 0; k < 3; k++) {
			na++;
			if (enq(m, from, 1, FLOW_A)) {
				(*a_ok)++;
			} else {
				(*a_drop)++;
				if (!*first_a_drop)
					*first_a_drop = na;
			}
		}
		if (enq(m, from, 1, FLOW_B))
			(*b_ok)++;
		else
			(*b_drop)++;
	}
}

START_TEST(flow_limit_drops_the_dominant_flow_only)
{
	struct model *m = bare_host(3, 1000, ", 'net.core.flow_limit_cpu_bitmap': '0'");
	int a_ok, a_drop, b_ok, b_drop, first;

	ck_assert_ptr_nonnull(model_cpu(m, 0)->sd.flow_limit);
	ck_assert_ptr_null(model_cpu(m, 1)->sd.flow_limit);
	flow_limit_run(m, 0, &a_ok, &a_drop, &b_ok, &b_drop, &first);
	ck_assert_int_eq(first, 65);
	ck_assert_int_eq(a_ok, 64);
	ck_assert_int_eq(a_drop, 32);
	ck_assert_int_eq(b_ok, 32);
	ck_assert_int_eq(b_drop, 0);
	/* fl->count of the enqueuing CPU; dropped of the target's backlog */
	ck_assert_uint_eq(model_cpu(m, 0)->sd.flow_limit_count, 32);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.flow_limit_count, 0);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.dropped, 32);
	ck_assert_uint_eq(model_host(m)->drops[DROP_CPU_BACKLOG], 32);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.input_pkt_queue.len, 596);
	model_free(m);
}
END_TEST

START_TEST(flow_limit_only_for_cpus_in_the_bitmap)
{
	/* The same sequence enqueued by CPU 2, which is not in the bitmap. */
	struct model *m = bare_host(3, 1000, ", 'net.core.flow_limit_cpu_bitmap': '0'");
	int a_ok, a_drop, b_ok, b_drop, first;

	flow_limit_run(m, 2, &a_ok, &a_drop, &b_ok, &b_drop, &first);
	ck_assert_int_eq(a_ok, 96);
	ck_assert_int_eq(a_drop, 0);
	ck_assert_int_eq(b_ok, 32);
	ck_assert_uint_eq(model_cpu(m, 2)->sd.flow_limit_count, 0);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.dropped, 0);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.input_pkt_queue.len, 628);
	model_free(m);
}
END_TEST

START_TEST(flow_limit_not_below_half_the_backlog)
{
	/* qlen stays below 1000 / 2 = 500: 400 packets of one flow, none
	 * dropped; then at qlen >= 500 the flow's history starts from zero, so
	 * 64 more are accepted and the 65th is dropped. */
	struct model *m = bare_host(3, 1000, ", 'net.core.flow_limit_cpu_bitmap': '0'");
	int i;

	for (i = 0; i < 400; i++)
		ck_assert(enq(m, 0, 1, FLOW_A));
	ck_assert_uint_eq(model_cpu(m, 0)->sd.flow_limit_count, 0);
	for (i = 0; i < 100; i++)
		ck_assert(enq(m, 0, 1, 0x9000u + (uint32_t)i));
	ck_assert_uint_eq(model_cpu(m, 1)->sd.input_pkt_queue.len, 500);
	for (i = 0; i < 64; i++)
		ck_assert(enq(m, 0, 1, FLOW_A));
	ck_assert(!enq(m, 0, 1, FLOW_A));
	ck_assert_uint_eq(model_cpu(m, 0)->sd.flow_limit_count, 1);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.dropped, 1);
	/* B is unaffected */
	ck_assert(enq(m, 0, 1, FLOW_B));
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("backlog");
	TCase *tc_adm = tcase_create("admission");
	TCase *tc_ipi = tcase_create("ipi");
	TCase *tc_poll = tcase_create("process_backlog");
	TCase *tc_fl = tcase_create("flow_limit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc_adm, backlog_holds_max_plus_one_remote);
	tcase_add_test(tc_adm, backlog_holds_max_plus_one_local);
	suite_add_tcase(s, tc_adm);

	tcase_add_test(tc_ipi, remote_enqueue_queues_one_ipi_per_transition);
	tcase_add_test(tc_ipi, no_ipi_while_sched_with_empty_input_queue);
	tcase_add_test(tc_ipi, local_enqueue_schedules_without_ipi);
	tcase_add_loop_test(tc_ipi, ipis_end_to_end_one_per_packet, 0, 2);
	tcase_add_test(tc_ipi, ipis_end_to_end_one_per_train);
	tcase_set_timeout(tc_ipi, 20);
	suite_add_tcase(s, tc_ipi);

	tcase_add_test(tc_poll, process_backlog_weight_is_dev_weight_times_rx_bias);
	tcase_set_timeout(tc_poll, 20);
	suite_add_tcase(s, tc_poll);

	tcase_add_test(tc_fl, flow_limit_drops_the_dominant_flow_only);
	tcase_add_test(tc_fl, flow_limit_only_for_cpus_in_the_bitmap);
	tcase_add_test(tc_fl, flow_limit_not_below_half_the_backlog);
	suite_add_tcase(s, tc_fl);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
