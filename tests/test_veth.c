/* SPDX-License-Identifier: MIT */
/*
 * test_veth.c - virtual devices and local senders (models/dev_virtual.c,
 * models/local_send.c) against net/core/dev.c and drivers/net/veth.c:
 *
 *   veth_xmit -> __netif_rx -> netif_rx_internal: without RPS the skb goes
 *   to the backlog of the CPU running the transmit, with rps_cpus to
 *   get_rps_cpu()'s CPU; enqueue_to_backlog accepts while qlen <=
 *   netdev_max_backlog (`qlen > max_backlog` drops), so a burst of B
 *   transmits with no softirq in between leaves min(B, max + 1) queued,
 *   0 included (the kernel accepts netdev_max_backlog = 0: one packet).
 *   A refused skb counts in the device's rx_dropped and the target CPU's
 *   softnet dropped.  The NET_RX raised by the enqueue runs at the
 *   local_bh_enable that ends __dev_queue_xmit, on the sending CPU.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/ip_frag.h"
#include "rxsim/vdev.h"
#include "test_util.h"

/* @cpus CPUs, one veth (rps_cpus @rps, "" for none), one sender on CPU 0
 * whose own burst waits until 1s (the tests drive its transmit by hand). */
static struct model *veth_host(int cpus, int max_backlog, const char *rps)
{
	struct model *m = model_load(
		"{ 'duration': '2s', 'host': { 'cpus': %d, 'sysctl': {"
		" 'net.core.netdev_max_backlog': %d } },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0', 'netns': 'c0', 'rps_cpus': '%s' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 0, 'dst_port': 9, 'burst': 1,"
		"   'start': '1s' } ] }",
		cpus, max_backlog, rps);

	model_start(m);
	return m;
}

/* B transmits back to back (one BH-disabled section: nothing runs between) */
static void check_burst(int max, int burst, const char *rps, int target)
{
	struct model *m = veth_host(4, max, rps);
	struct host *h = model_host(m);
	struct softnet_data *sd = &model_cpu(m, target)->sd;
	int i, want = burst < max + 1 ? burst : max + 1;

	for (i = 0; i < burst; i++)
		local_send_datagram(h, model_cpu(m, 0), &h->senders[0], 64);
	ck_assert_uint_eq(sd->input_pkt_queue.len, (unsigned)want);
	ck_assert_uint_eq(sd->dropped, (unsigned)(burst - want));
	ck_assert_uint_eq(h->drops[DROP_CPU_BACKLOG], (unsigned)(burst - want));
	ck_assert_uint_eq(h->vdevs[0].rx_dropped, (unsigned)(burst - want));
	ck_assert_uint_eq(h->vdevs[0].rx_packets, (unsigned)burst);
	ck_assert_uint_eq(h->senders[0].datagrams, (unsigned)burst);
	ck_assert_uint_eq(h->offered, (unsigned)burst);
	ck_assert_uint_eq(h->local_offered, (unsigned)burst);
	model_assert_conserved(m);
	model_free(m);
}

START_TEST(burst_accepted_is_min_of_burst_and_max_plus_one)
{
	check_burst(1000, 5, "", 0);	/* 5 < 1001 */
	check_burst(1000, 2000, "", 0);	/* 1001 of 2000 */
	check_burst(10, 11, "", 0);	/* exactly max + 1: all */
	check_burst(10, 12, "", 0);	/* one too many */
	check_burst(1, 3, "", 0);
}
END_TEST

START_TEST(max_backlog_zero_accepts_one)
{
	/* qlen 0 > 0 is false: the first is accepted; then 1 > 0 drops */
	check_burst(0, 1, "", 0);
	check_burst(0, 5, "", 0);
	check_burst(0, 5, "2", 2);
}
END_TEST

START_TEST(rps_on_the_device_picks_the_backlog)
{
	/* rps_cpus a single CPU: get_rps_cpu can only return it */
	check_burst(1000, 20, "3", 3);
	check_burst(4, 20, "1", 1);
}
END_TEST

/* A sender at a low rate, no RPS: each datagram is enqueued on the
 * sender's CPU and delivered by the NET_RX run at local_bh_enable, there. */
START_TEST(softirq_runs_on_the_sending_cpu)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 3 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 1, 'dst_port': 9000,"
		"   'rate': '10kpps', 'arrival': 'constant' } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000 } ],"
		" 'apps': [ { 'socket': 's', 'cpu': 2 } ] }");
	struct host *h;
	uint64_t n;

	model_run(m);
	h = model_host(m);
	n = h->senders[0].datagrams;
	/* 10 kpps constant from 0 over 10ms: one every 100us, 100 of them (the
	 * one due at 10ms may or may not be sent before the end) */
	ck_assert_uint_ge(n, 99);
	ck_assert_uint_le(n, 101);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.processed, n);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.episodes_bh_enable, n);
	ck_assert_uint_eq(model_cpu(m, 0)->sd.processed, 0);
	ck_assert_uint_eq(model_cpu(m, 2)->sd.processed, 0);
	ck_assert_uint_eq(h->drops[DROP_CPU_BACKLOG], 0);
	/* no IPI: the backlog is the sender's own */
	ck_assert_uint_eq(model_cpu(m, 1)->sd.ipis_sent, 0);
	ck_assert_uint_ge(h->delivered + 1, n);
	model_free(m);
}
END_TEST

/* sendmmsg batches: one syscall per `batch` datagrams of a burst */
START_TEST(sendmmsg_batches_the_burst)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'lo', 'type': 'lo' } ],"
		" 'senders': [ { 'device': 'lo', 'cpu': 1, 'dst_port': 9000,"
		"   'burst': 100, 'batch': 32 } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	/* 100 = 32 + 32 + 32 + 4 */
	ck_assert_uint_eq(h->senders[0].datagrams, 100);
	ck_assert_uint_eq(h->senders[0].syscalls, 4);
	/* nobody listens on 9000: NoPorts for each, all processed on CPU 1 */
	ck_assert_uint_eq(h->udp.NoPorts, 100);
	ck_assert_uint_eq(model_cpu(m, 1)->sd.processed, 100);
	model_free(m);
}
END_TEST

START_TEST(bad_device_references_are_errors)
{
	struct scenario sc;
	struct rxsim_err err;
	const char *txt =
		"{ \"nics\": [ { \"name\": \"eth0\" } ],"
		" \"senders\": [ { \"device\": \"veth9\", \"dst_port\": 9, \"burst\": 1 } ] }";

	memset(&sc, 0, sizeof(sc));
	ck_assert_int_eq(scenario_load_buffer_with("t.json", txt, strlen(txt), NULL, 0, NULL, &sc, &err),
			 RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, "/senders/0/device") != NULL, "%s", err.msg);
	scenario_free(&sc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("veth");
	TCase *tc = tcase_create("netif_rx");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, burst_accepted_is_min_of_burst_and_max_plus_one);
	tcase_add_test(tc, max_backlog_zero_accepts_one);
	tcase_add_test(tc, rps_on_the_device_picks_the_backlog);
	tcase_add_test(tc, softirq_runs_on_the_sending_cpu);
	tcase_add_test(tc, sendmmsg_batches_the_burst);
	tcase_add_test(tc, bad_device_references_are_errors);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
