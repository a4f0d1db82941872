/* SPDX-License-Identifier: MIT */
/*
 * test_rfs.c - get_rps_cpu() and sock_rps_record_flow() (models/rps.c)
 * against get_rps_cpu() (net/core/dev.c), decision by decision, with the expected
 * CPU worked out by hand:
 *   1. the queue has neither rps_map nor a flow table -> -1;
 *   2. hash 0 -> -1;
 *   3. RFS (global rps_sock_flow_table and the queue's table both exist):
 *      ident = sock_table[hash & mask]; upper bits (above rps_cpu_mask)
 *      differing from the hash -> RPS; else next_cpu = ident & rps_cpu_mask,
 *      and the flow moves from its current CPU only when that CPU has
 *      dequeued every packet the flow queued there
 *      (input_queue_head - last_qtail >= 0);
 *   4. RPS: map[reciprocal_scale(hash, len)] = map[(u64)hash * len >> 32].
 * sock_rps_record_flow() writes (hash & ~rps_cpu_mask) | cpu, for
 * connected sockets only (UDP: connect()ed; sk_rxhash is saved only then).
 *
 * The host is built from an inline scenario with no traffic and no reader,
 * and the functions are called directly with packets of chosen hashes.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "mq_util.h"
#include "rxsim/backlog.h"
#include "rxsim/host.h"
#include "rxsim/sock.h"

/* 4 CPUs (rps_cpu_mask = roundup_pow_of_two(4) - 1 = 3); the queue's IRQ
 * on CPU 3; socket 'c' connected, 'u' not. */
static struct model *rfs_host_x(const char *kernel, const char *rps_cpus, int flow_cnt,
				int sock_entries, const char *extra_sysctl)
{
	struct model *m = model_load(
		"{ 'duration': '100ms', 'kernel': '%s',"
		"  'host': { 'cpus': 4, 'sysctl': { 'net.core.rps_sock_flow_entries': %d %s } },"
		"  'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [3],"
		"              'rps_cpus': '%s', 'rps_flow_cnt': %d } ],"
		"  'sockets': [ { 'name': 'c', 'port': 9000, 'connected': true },"
		"               { 'name': 'u', 'port': 9001 } ] }",
		kernel, sock_entries, extra_sysctl, rps_cpus, flow_cnt);

	model_start(m);
	return m;
}

static struct model *rfs_host(const char *kernel, const char *rps_cpus, int flow_cnt,
			      int sock_entries)
{
	return rfs_host_x(kernel, rps_cpus, flow_cnt, sock_entries, "");
}

static int steer_q(struct model *m, int queue, uint32_t hash, struct rps_dev_flow **rflow)
{
	struct packet *p = mq_pkt(m, hash);
	int cpu = get_rps_cpu(model_host(m), model_host(m)->rxqs[queue], p, rflow);

	host_drop(model_host(m), p, DROP_NO_SOCKET);
	return cpu;
}

static int steer(struct model *m, uint32_t hash, struct rps_dev_flow **rflow)
{
	return steer_q(m, 0, hash, rflow);
}

/* Steer a packet and, if it goes to a backlog, enqueue it there from the
 * IRQ CPU (3), as the driver poll does; returns the CPU. */
static int steer_enqueue(struct model *m, uint32_t hash)
{
	struct packet *p = mq_pkt(m, hash);
	struct rps_dev_flow *rflow;
	int cpu = get_rps_cpu(model_host(m), model_host(m)->rxqs[0], p, &rflow);

	ck_assert_int_ge(cpu, 0);
	ck_assert(enqueue_to_backlog(model_host(m), model_cpu(m, 3), p, cpu, rflow));
	return cpu;
}

/* The flow's socket has seen a packet of hash @hash (sock_rps_save_rxhash
 * in the enqueue path) and its reader runs on @cpu. */
static void reader_on(struct model *m, int sock, uint32_t hash, int cpu)
{
	struct udp_sock *sk = &model_host(m)->socks[sock];
	struct packet *p = mq_pkt(m, hash);

	p->tuple.dport = (uint16_t)sk->cfg->port;
	ck_assert(udp_enqueue(model_host(m), sk, p));
	sock_rps_record_flow(model_host(m), sk, cpu);
}

#define H 0x12345678u

START_TEST(no_map_no_table_is_minus_one)
{
	struct model *m = rfs_host("6.18", "", 0, 0);
	static const uint32_t hs[] = { 1, H, 0x80000000u, 0xffffffffu };
	struct rps_dev_flow *rflow = (void *)1;

	ck_assert_ptr_null(model_host(m)->rxqs[0]->rps_map);
	ck_assert_ptr_null(model_host(m)->rxqs[0]->rps_flow_table);
	for (unsigned i = 0; i < 4; i++) {
		ck_assert_int_eq(steer(m, hs[i], &rflow), -1);
		ck_assert_ptr_null(rflow);
	}
	model_free(m);
}
END_TEST

START_TEST(flow_table_without_global_table_is_rps)
{
	/* rps_flow_cnt set but rps_sock_flow_entries 0: RFS is off, and with no
	 * map either the result is -1; with a map, plain RPS (H >> 30 = 0). */
	struct model *m = rfs_host("6.18", "", 256, 0);
	struct rps_dev_flow *rflow;

	ck_assert_ptr_nonnull(model_host(m)->rxqs[0]->rps_flow_table);
	ck_assert_int_eq(steer(m, H, &rflow), -1);
	ck_assert_ptr_null(rflow);
	model_free(m);

	m = rfs_host("6.18", "0-3", 256, 0);
	reader_on(m, 0, H, 2);		/* no global table: nothing recorded */
	ck_assert_int_eq(steer(m, H, &rflow), 0);
	ck_assert_ptr_null(rflow);
	model_free(m);
}
END_TEST

START_TEST(hash_zero_is_minus_one)
{
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct rps_dev_flow *rflow;

	ck_assert_int_eq(steer(m, 0, &rflow), -1);
	ck_assert_ptr_null(rflow);
	/* even with a flow recorded in slot 0 */
	reader_on(m, 0, 0x80000000u, 2);
	ck_assert_int_eq(steer(m, 0, &rflow), -1);
	model_free(m);
}
END_TEST

START_TEST(rps_map_reciprocal_scale)
{
	/*
	 * rps_cpus 1,3,5 on 6 CPUs: map = {1, 3, 5}, len 3; index = hash*3 >> 32:
	 *   1          * 3 = 0x3          -> 0 -> CPU 1
	 *   0x55555555 * 3 = 0x0ffffffff  -> 0 -> CPU 1
	 *   0x55555556 * 3 = 0x100000002  -> 1 -> CPU 3
	 *   0xaaaaaaaa * 3 = 0x1fffffffe  -> 1 -> CPU 3
	 *   0xaaaaaaab * 3 = 0x200000001  -> 2 -> CPU 5
	 *   0xffffffff * 3 = 0x2fffffffd  -> 2 -> CPU 5
	 * (not hash % 3: 0x55555556 % 3 = 0 and 0xaaaaaaab % 3 = 2 would give
	 * CPUs 1 and 5 for the middle rows)
	 */
	static const uint32_t hs[] = { 1, 0x55555555u, 0x55555556u, 0xaaaaaaaau, 0xaaaaaaabu,
				       0xffffffffu };
	static const int want[] = { 1, 1, 3, 3, 5, 5 };
	struct model *m = model_load("{ 'host': { 'cpus': 6 }, 'nics': [ { 'name': 'eth0',"
				     " 'queues': 1, 'irq_affinity': [0],"
				     " 'rps_cpus': '1,3,5' } ] }");
	struct rps_dev_flow *rflow;

	model_start(m);
	ck_assert_uint_eq(model_host(m)->rxqs[0]->rps_map->n, 3);
	for (unsigned i = 0; i < 6; i++) {
		int cpu = steer(m, hs[i], &rflow);

		ck_assert_msg(cpu == want[i], "hash 0x%08x: CPU %d, want %d", hs[i], cpu, want[i]);
		ck_assert_ptr_null(rflow);
	}
	model_free(m);
}
END_TEST

START_TEST(rps_map_per_queue)
{
	/*
	 * rps_cpus_per_queue "1-3;;6,7": rx-0 map {1,2,3}, rx-1 none, rx-2 {6,7}.
	 * The same hash goes by each queue's own map (store_rps_map() is per
	 * queue): 0x80000000 -> rx-0: 0x80000000*3 >> 32 = 1 -> CPU 2; rx-1: no
	 * map, no flow table -> -1; rx-2: 0x80000000*2 >> 32 = 1 -> CPU 7.
	 * 0x10000000 -> rx-0: index 0 -> CPU 1; rx-2: index 0 -> CPU 6.
	 */
	struct model *m = model_load("{ 'host': { 'cpus': 8 }, 'nics': [ { 'name': 'eth0',"
				     " 'queues': 3, 'irq_affinity': [0, 4, 5],"
				     " 'rps_cpus_per_queue': '1-3;;6,7' } ] }");
	struct rps_dev_flow *rflow;

	model_start(m);
	ck_assert_uint_eq(model_host(m)->rxqs[0]->rps_map->n, 3);
	ck_assert_ptr_null(model_host(m)->rxqs[1]->rps_map);
	ck_assert_uint_eq(model_host(m)->rxqs[2]->rps_map->n, 2);
	ck_assert_int_eq(steer_q(m, 0, 0x80000000u, &rflow), 2);
	ck_assert_int_eq(steer_q(m, 1, 0x80000000u, &rflow), -1);
	ck_assert_int_eq(steer_q(m, 2, 0x80000000u, &rflow), 7);
	ck_assert_int_eq(steer_q(m, 0, 0x10000000u, &rflow), 1);
	ck_assert_int_eq(steer_q(m, 2, 0x10000000u, &rflow), 6);
	model_free(m);
}
END_TEST

START_TEST(rps_queue_map_parses_lists)
{
	struct cpulist map;

	ck_assert_int_eq(rps_queue_map("0-2;;5,7", 0, &map), 3);
	ck_assert_uint_eq(map.n, 3);
	ck_assert_uint_eq(map.cpu[2], 2);
	ck_assert_int_eq(rps_queue_map("0-2;;5,7", 1, &map), 3);
	ck_assert_uint_eq(map.n, 0);
	ck_assert_int_eq(rps_queue_map("0-2;;5,7", 2, &map), 3);
	ck_assert_uint_eq(map.n, 2);
	ck_assert_uint_eq(map.cpu[0], 5);
	ck_assert_uint_eq(map.cpu[1], 7);
	ck_assert_int_eq(rps_queue_map("3", 0, &map), 1);
	ck_assert_int_eq(rps_queue_map("0-3;x", 0, &map), -1);
	ck_assert_int_eq(rps_queue_map("3-1", 0, &map), -1);
}
END_TEST

START_TEST(rfs_steers_to_the_reader_cpu)
{
	/*
	 * rps_cpus 0-3: plain RPS would send H to map[H * 4 >> 32] = H >> 30 = 0.
	 * The connected socket saw a packet of hash H and its reader runs on
	 * CPU 2: sock_table[H & 32767] = (H & ~3) | 2 = 0x1234567a, and get_rps_cpu
	 * returns 2, recording CPU 2 in the queue's flow entry with last_qtail =
	 * CPU 2's input_queue_head (0).
	 */
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct host *h = model_host(m);
	struct rps_dev_flow *rflow;

	ck_assert_int_eq(steer(m, H, &rflow), 0);	/* before: RPS */
	ck_assert_uint_eq(h->rps_cpu_mask, 3);
	ck_assert_uint_eq(h->rps_sock_mask, 32767);
	reader_on(m, 0, H, 2);
	ck_assert_uint_eq(h->socks[0].sk_rxhash, H);
	ck_assert_uint_eq(h->rps_sock_flow_table[H & 32767], 0x1234567au);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_ptr_nonnull(rflow);
	ck_assert_uint_eq(rflow->cpu, 2);
	ck_assert_uint_eq(rflow->last_qtail, 0);
	/* other flows are still spread by RPS: 0x5abcdef0 >> 30 = 1 */
	ck_assert_int_eq(steer(m, 0x5abcdef0u, &rflow), 1);
	model_free(m);
}
END_TEST

START_TEST(rfs_slot_by_kernel_version)
{
	/*
	 * rfs_slot(): 6.18 hash_32(hash, log2(entries)), earlier hash & mask.
	 * 4096 entries: hash_32(0x12345678, 12) = (0x12345678 * 0x61c88647 mod
	 * 2^32) >> 20 = 0x7786cb48 >> 20 = 0x778 = 1912; 0x12345678 & 4095 =
	 * 0x678 = 1656.
	 */
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct rps_dev_flow *rflow;

	reader_on(m, 0, H, 2);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_ptr_eq(rflow, &model_host(m)->rxqs[0]->rps_flow_table[1912]);
	model_free(m);

	m = rfs_host("6.1", "0-3", 4096, 32768);
	reader_on(m, 0, H, 2);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_ptr_eq(rflow, &model_host(m)->rxqs[0]->rps_flow_table[1656]);
	model_free(m);
}
END_TEST

START_TEST(unconnected_socket_does_not_record)
{
	/* The unconnected socket 'u' neither saves sk_rxhash on enqueue nor
	 * writes the global table, even with an rxhash forced in by hand; its
	 * flows stay on RPS: 0x5abcdef0 >> 30 = 1. */
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct host *h = model_host(m);
	struct udp_sock *u = &h->socks[1];
	struct rps_dev_flow *rflow;
	const uint32_t hu = 0x5abcdef0u;

	reader_on(m, 1, hu, 2);
	ck_assert_uint_eq(u->sk_rxhash, 0);
	ck_assert_uint_eq(h->rps_sock_flow_table[hu & 32767], RPS_NO_CPU);
	u->sk_rxhash = hu;
	sock_rps_record_flow(h, u, 2);
	ck_assert_uint_eq(h->rps_sock_flow_table[hu & 32767], RPS_NO_CPU);
	ck_assert_int_eq(steer(m, hu, &rflow), 1);
	ck_assert_ptr_null(rflow);
	model_free(m);
}
END_TEST

START_TEST(flow_moves_only_after_old_cpu_dequeued)
{
	/*
	 * Reader on CPU 2; two packets of the flow go to CPU 2's backlog
	 * (last_qtail = CPU 2's tail = 1, then 2).  The reader moves to CPU 1.
	 * While CPU 2 still holds them, input_queue_head(2) - last_qtail = 0 - 2
	 * < 0: the flow stays on CPU 2 (a third packet goes there too, tail 3).
	 * Once CPU 2 has processed all three (head = 3), 3 - 3 >= 0: the next
	 * packet moves to CPU 1 and the entry records last_qtail = CPU 1's head.
	 */
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct host *h = model_host(m);
	struct softnet_data *sd2 = &model_cpu(m, 2)->sd;
	struct rps_dev_flow *rflow;

	reader_on(m, 0, H, 2);
	ck_assert_int_eq(steer_enqueue(m, H), 2);
	ck_assert_int_eq(steer_enqueue(m, H), 2);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_uint_eq(rflow->last_qtail, 2);
	ck_assert_uint_eq(sd2->input_queue_tail, 2);
	ck_assert_uint_eq(sd2->input_queue_head, 0);

	sock_rps_record_flow(h, &h->socks[0], 1);
	ck_assert_uint_eq(h->rps_sock_flow_table[H & 32767], (H & ~3u) | 1);
	ck_assert_int_eq(steer_enqueue(m, H), 2);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_uint_eq(rflow->cpu, 2);
	ck_assert_uint_eq(rflow->last_qtail, 3);

	/* CPU 2 gets its IPI and drains its backlog */
	net_rps_send_ipis(h, model_cpu(m, 3));
	model_until(m, SIM_MS);
	ck_assert_uint_eq(sd2->processed, 3);
	ck_assert_uint_eq(sd2->input_queue_head, 3);
	ck_assert_uint_eq(mq_backlog(m, 2), 0);

	ck_assert_int_eq(steer(m, H, &rflow), 1);
	ck_assert_uint_eq(rflow->cpu, 1);
	ck_assert_uint_eq(rflow->last_qtail, model_cpu(m, 1)->sd.input_queue_head);
	/* and it stays there */
	ck_assert_int_eq(steer_enqueue(m, H), 1);
	ck_assert_int_eq(steer(m, H, &rflow), 1);
	model_free(m);
}
END_TEST

START_TEST(flow_moves_once_its_own_packets_are_dequeued)
{
	/*
	 * The test is against the flow's own last packet, not an empty backlog:
	 * flow H queues 1 packet on CPU 2 (last_qtail 1), then another flow
	 * queues 5 behind it there by RPS (0x90000000 >> 30 = 2; tail 6).  The
	 * reader moves to CPU 0.  With dev_weight 1 the backlog poll takes one
	 * packet per poll and input_queue_head advances by 1 per poll; as soon
	 * as head = 1 (H's packet dequeued) 1 - 1 >= 0 and H moves to CPU 0,
	 * although CPU 2 still holds the other flow's 5 packets.
	 */
	struct model *m = rfs_host_x("6.18", "0-3", 4096, 32768, ", 'net.core.dev_weight': 1");
	struct host *h = model_host(m);
	struct softnet_data *sd2 = &model_cpu(m, 2)->sd;
	struct rps_dev_flow *rflow;
	sim_time_t t;
	int i;

	ck_assert_int_eq(sd2->backlog.weight, 1);
	reader_on(m, 0, H, 2);
	ck_assert_int_eq(steer_enqueue(m, H), 2);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(steer_enqueue(m, 0x90000000u + (uint32_t)i), 2);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	ck_assert_uint_eq(rflow->last_qtail, 1);
	ck_assert_uint_eq(sd2->input_queue_tail, 6);
	sock_rps_record_flow(h, &h->socks[0], 0);
	ck_assert_int_eq(steer(m, H, &rflow), 2);	/* head 0 - 1 < 0 */

	net_rps_send_ipis(h, model_cpu(m, 3));
	for (t = 0; t < SIM_MS && !sd2->input_queue_head; t += 10 * SIM_NS)
		model_until(m, t);
	ck_assert_uint_eq(sd2->input_queue_head, 1);
	ck_assert_uint_ge(mq_backlog(m, 2), 4);
	ck_assert_int_eq(steer(m, H, &rflow), 0);
	ck_assert_uint_eq(rflow->cpu, 0);
	model_free(m);
}
END_TEST

START_TEST(upper_bits_mismatch_falls_back_to_rps)
{
	/*
	 * H' = H ^ 0x00100000 = 0x12245678 reads the same sock table slot
	 * (H' & 32767 = H & 32767 = 22136) but (ident ^ H') & ~3 = 0x00100000 != 0:
	 * not this socket's flow, so RPS: H' >> 30 = 0 -> CPU 0, no flow entry.
	 */
	struct model *m = rfs_host("6.18", "0-3", 4096, 32768);
	struct rps_dev_flow *rflow;
	const uint32_t h2 = H ^ 0x00100000u;

	reader_on(m, 0, H, 2);
	ck_assert_uint_eq(h2 & 32767, H & 32767);
	ck_assert_int_eq(steer(m, h2, &rflow), 0);
	ck_assert_ptr_null(rflow);
	ck_assert_int_eq(steer(m, H, &rflow), 2);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rfs");
	TCase *tc_rps = tcase_create("rps");
	TCase *tc_rfs = tcase_create("rfs");
	SRunner *sr;
	int failed;

	tcase_add_test(tc_rps, no_map_no_table_is_minus_one);
	tcase_add_test(tc_rps, flow_table_without_global_table_is_rps);
	tcase_add_test(tc_rps, hash_zero_is_minus_one);
	tcase_add_test(tc_rps, rps_map_reciprocal_scale);
	tcase_add_test(tc_rps, rps_map_per_queue);
	tcase_add_test(tc_rps, rps_queue_map_parses_lists);
	suite_add_tcase(s, tc_rps);

	tcase_add_test(tc_rfs, rfs_steers_to_the_reader_cpu);
	tcase_add_test(tc_rfs, rfs_slot_by_kernel_version);
	tcase_add_test(tc_rfs, unconnected_socket_does_not_record);
	tcase_add_test(tc_rfs, flow_moves_only_after_old_cpu_dequeued);
	tcase_add_test(tc_rfs, flow_moves_once_its_own_packets_are_dequeued);
	tcase_add_test(tc_rfs, upper_bits_mismatch_falls_back_to_rps);
	suite_add_tcase(s, tc_rfs);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
