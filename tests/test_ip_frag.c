/* SPDX-License-Identifier: MIT */
/*
 * test_ip_frag.c - IPv4 fragmentation (models/ip_output.c) and reassembly
 * (models/ip_fragment.c) against net/ipv4/ip_output.c ip_do_fragment(),
 * net/ipv4/ip_fragment.c ip_defrag()/ip_expire() and
 * net/ipv4/inet_fragment.c inet_frag_find():
 *
 *   fragments carry (mtu - 20) & ~7 bytes of IP payload but the last;
 *   every fragment counts ReasmReqds; a datagram completes when offset 0
 *   and the last (no MF) are in and the bytes add up (ReasmOKs), its
 *   truesize the sum of its fragments'; an incomplete queue expires
 *   ipfrag_time after its creation, on the timer wheel (ReasmFails and
 *   ReasmTimeout, its fragments dropped); above ipfrag_high_thresh no
 *   fragment is queued (ReasmFails) [>= 4.17]; before, the evictor frees
 *   the oldest queues down to ipfrag_low_thresh.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/ip_frag.h"
#include "rxsim/vdev.h"
#include "test_util.h"

START_TEST(geometry_of_ip_do_fragment)
{
	uint32_t off, len, k;

	/* 8192 bytes of payload: IP length 8220, 8200 of IP payload; MTU 1500:
	 * 1480 per fragment (1480 & ~7 = 1480): 5 x 1480 + 800 */
	ck_assert_uint_eq(ip_frag_count(8220, 1500), 6);
	for (k = 0; k < 5; k++) {
		ip_frag_geometry(8220, 1500, k, &off, &len);
		ck_assert_uint_eq(off, 1480 * k);
		ck_assert_uint_eq(len, 1480);
	}
	ip_frag_geometry(8220, 1500, 5, &off, &len);
	ck_assert_uint_eq(off, 7400);
	ck_assert_uint_eq(len, 800);
	/* MTU 576: 556 & ~7 = 552; 14 x 552 = 7728, the last 472 */
	ck_assert_uint_eq(ip_frag_count(8220, 576), 15);
	ip_frag_geometry(8220, 576, 14, &off, &len);
	ck_assert_uint_eq(off, 7728);
	ck_assert_uint_eq(len, 472);
	/* it fits: no fragmentation (ip_finish_output: skb->len > mtu) */
	ck_assert_uint_eq(ip_frag_count(1500, 1500), 1);
	ck_assert_uint_eq(ip_frag_count(1501, 1500), 2);
	/* MTU 1499: room 1479, fragments of 1472; the last may carry up to
	 * 1479 unaligned bytes: 2951 = 1472 + 1479 */
	ck_assert_uint_eq(ip_frag_count(2951 + 20, 1499), 2);
	ip_frag_geometry(2951 + 20, 1499, 1, &off, &len);
	ck_assert_uint_eq(off, 1472);
	ck_assert_uint_eq(len, 1479);
	ck_assert_uint_eq(ip_frag_count(2952 + 20, 1499), 3);
}
END_TEST

START_TEST(timer_wheel_rounds_up)
{
	/* LVL_CLK_SHIFT 3, LVL_BITS 6: delays < 63 jiffies on level 0 (expiry
	 * + 1), < 504 on level 1 (granularity 8), < 4032 on level 2 (64),
	 * < 32256 on level 3 (512) */
	ck_assert_int_eq(timer_wheel_expiry(0, 10), 11);
	ck_assert_int_eq(timer_wheel_expiry(0, 100), 104);	/* (100 >> 3) + 1 = 13 -> 104 */
	ck_assert_int_eq(timer_wheel_expiry(0, 1000), 1024);	/* (1000 >> 6) + 1 = 16 -> 1024 */
	ck_assert_int_eq(timer_wheel_expiry(0, 30000), 30208);	/* (30000 >> 9) + 1 = 59 -> 30208 */
	ck_assert_int_eq(timer_wheel_expiry(100, 1000), 1152);	/* (1100 >> 6) + 1 = 18 */
}
END_TEST

/* A host with a veth and a sender of datagrams over its MTU (so that
 * reassembly is set up); nothing is sent before the tests end. */
static struct model *frag_host(const char *kernel, const char *sysctl)
{
	struct model *m = model_load(
		"{ 'duration': '3s', 'kernel': '%s', 'host': { 'cpus': 2, 'sysctl': { %s } },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0' } ],"
		" 'senders': [ { 'device': 'veth0', 'dst_port': 9, 'payload': 8192, 'burst': 1,"
		"   'start': '10s' } ] }",
		kernel, sysctl);

	model_start(m);
	return m;
}

/* Fragment @k of the 8192-byte datagram @id (MTU 1500), truesize 2304. */
static struct packet *frag(struct model *m, uint16_t id, uint32_t k)
{
	struct packet *p = host_packet_alloc(model_host(m));
	struct frag_info fi;
	uint32_t off, len;

	memset(p, 0, sizeof(*p));
	ip_frag_geometry(8220, 1500, k, &off, &len);
	p->tuple.family = FLOW_IPV4;
	p->tuple.saddr[0] = 10;
	p->tuple.saddr[3] = 2;
	p->tuple.daddr[0] = 10;
	p->tuple.daddr[3] = 1;
	p->tuple.sport = 1000;
	p->tuple.dport = 9000;
	fi.id = id;
	fi.off = (uint16_t)off;
	fi.len = (uint16_t)len;
	fi.mf = k < 5;
	fi.proto = FLOW_UDP;
	frag_encode(&p->tuple, &fi);
	p->size = (uint16_t)(len + 20 + 18);
	p->truesize = 2304;
	return p;
}

START_TEST(complete_datagram_is_reassembled)
{
	struct model *m = frag_host("6.18", "");
	struct host *h = model_host(m);
	struct packet *p = NULL;
	uint32_t k;

	/* out of order: the last first */
	for (k = 6; k-- > 0;) {
		p = ip_defrag(h, frag(m, 7, k));
		if (k)
			ck_assert_ptr_null(p);
	}
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(h->ip.ReasmReqds, 6);
	ck_assert_uint_eq(h->ip.ReasmOKs, 1);
	ck_assert_uint_eq(h->ip.ReasmFails, 0);
	/* the sum of the fragments' truesize; the whole datagram's size */
	ck_assert_uint_eq(p->truesize, 6 * 2304);
	ck_assert_uint_eq(p->size, 8220 + 18);
	ck_assert_uint_eq(p->tuple.proto, FLOW_UDP);
	ck_assert_uint_eq(p->tuple.dport, 9000);
	ck_assert_uint_eq(p->tuple.saddr[4], 0);
	ck_assert_int_eq(h->ipfrag->mem, 0);
	ck_assert_uint_eq(h->ipfrag->queues, 0);
	ck_assert_uint_eq(h->ipfrag->merged, 5);
	pool_put(&h->pkts, p);
	model_free(m);
}
END_TEST

/* A fragment of datagram @id covering [@off, @off + @len), MF @mf. */
static struct packet *frag_at(struct model *m, uint16_t id, uint16_t off, uint16_t len, int mf)
{
	struct packet *p = frag(m, id, 0);
	struct frag_info fi = { .id = id, .off = off, .len = len, .mf = (uint8_t)mf,
				.proto = FLOW_UDP };

	frag_restore(&p->tuple);
	frag_encode(&p->tuple, &fi);
	return p;
}

/*
 * ip_frag_queue() and inet_frag_queue_insert() on what a capture can hold:
 *  - the same fragment twice: the second is a duplicate (DUP_FRAG), the
 *    queue stays, ReasmFails unchanged;
 *  - one overlapping a queued fragment without lying inside it: the queue
 *    goes with it (ReasmOverlaps 1, ReasmFails 1: 1 invalid, 1 killed);
 *  - a last fragment ending before data already queued: the same, no
 *    overlap counted;
 *  - a non-last fragment's end is cut to a multiple of 8: [0, 1483) keeps
 *    1480 bytes, then [1480, 2000) last completes 2000 bytes.
 */
START_TEST(queue_refuses_duplicates_overlaps_and_bad_ends)
{
	struct model *m = frag_host("6.18", "");
	struct host *h = model_host(m);
	struct packet *p;

	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 1, 0, 1480, 1)));
	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 1, 0, 1480, 1)));
	ck_assert_uint_eq(h->drops[DROP_FRAG_DUP], 1);
	ck_assert_uint_eq(h->ipfrag->held, 1);
	ck_assert_uint_eq(h->ip.ReasmFails, 0);

	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 1, 800, 1480, 1)));
	ck_assert_uint_eq(h->ip.ReasmOverlaps, 1);
	ck_assert_uint_eq(h->ip.ReasmFails, 1);
	ck_assert_uint_eq(h->drops[DROP_FRAG_INVALID], 1);
	ck_assert_uint_eq(h->drops[DROP_FRAG_KILLED], 1);
	ck_assert_uint_eq(h->ipfrag->queues, 0);
	ck_assert_int_eq(h->ipfrag->mem, 0);

	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 2, 1480, 1480, 1)));
	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 2, 0, 1000, 0)));
	ck_assert_uint_eq(h->ip.ReasmOverlaps, 1);
	ck_assert_uint_eq(h->ip.ReasmFails, 2);
	ck_assert_uint_eq(h->ipfrag->queues, 0);

	ck_assert_ptr_null(ip_defrag(h, frag_at(m, 3, 0, 1483, 1)));
	p = ip_defrag(h, frag_at(m, 3, 1480, 520, 0));
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->size, 2000 + 20 + 18);
	ck_assert_uint_eq(h->ip.ReasmOKs, 1);
	pool_put(&h->pkts, p);
	model_free(m);
}
END_TEST

/* The datagram's ports are its first fragment's: a capture's others carry
 * none, and the one that completes it becomes its head. */
START_TEST(reassembled_ports_are_the_first_fragments)
{
	struct model *m = frag_host("6.18", "");
	struct host *h = model_host(m);
	struct packet *a = frag_at(m, 4, 0, 1480, 1), *b = frag_at(m, 4, 1480, 100, 0), *p;

	b->tuple.sport = b->tuple.dport = 0;
	ck_assert_ptr_null(ip_defrag(h, a));
	p = ip_defrag(h, b);
	ck_assert_ptr_eq(p, b);
	ck_assert_uint_eq(p->tuple.proto, FLOW_UDP);
	ck_assert_uint_eq(p->tuple.sport, 1000);
	ck_assert_uint_eq(p->tuple.dport, 9000);
	pool_put(&h->pkts, p);
	model_free(m);
}
END_TEST

START_TEST(lost_fragment_wastes_the_others_until_ipfrag_time)
{
	/* ipfrag_time 1s at HZ 1000: created at jiffy 0, 1000 jiffies on
	 * level 2 of the wheel -> fires at jiffy 1024 */
	struct model *m = frag_host("6.18", "'net.ipv4.ipfrag_time': '1s'");
	struct host *h = model_host(m);
	uint32_t k;

	for (k = 0; k < 6; k++)
		if (k != 3)
			ck_assert_ptr_null(ip_defrag(h, frag(m, 9, k)));
	ck_assert_uint_eq(h->ip.ReasmReqds, 5);
	ck_assert_uint_eq(h->ipfrag->queues, 1);
	ck_assert_int_eq(h->ipfrag->mem, 5 * 2304);
	model_until(m, 1023 * SIM_MS);
	ck_assert_uint_eq(h->ip.ReasmFails, 0);
	ck_assert_uint_eq(h->ip.ReasmTimeout, 0);
	ck_assert_uint_eq(h->ipfrag->held, 5);
	model_until(m, 1024 * SIM_MS);
	ck_assert_uint_eq(h->ip.ReasmFails, 1);
	ck_assert_uint_eq(h->ip.ReasmTimeout, 1);
	ck_assert_uint_eq(h->ip.ReasmOKs, 0);
	ck_assert_uint_eq(h->drops[DROP_FRAG_TIMEOUT], 5);
	ck_assert_uint_eq(h->ipfrag->held, 0);
	ck_assert_int_eq(h->ipfrag->mem, 0);
	/* the missing fragment now starts a queue of its own */
	ck_assert_ptr_null(ip_defrag(h, frag(m, 9, 3)));
	ck_assert_uint_eq(h->ipfrag->queues, 1);
	model_free(m);
}
END_TEST

START_TEST(high_thresh_refuses_fragments)
{
	/* 2304 per fragment: mem 0, 2304, 4608 are <= 5000 and let the next
	 * in; at 6912 > 5000 inet_frag_find refuses, even for a known queue */
	struct model *m = frag_host("6.18", "'net.ipv4.ipfrag_high_thresh': 5000,"
				    " 'net.ipv4.ipfrag_low_thresh': 4000");
	struct host *h = model_host(m);
	uint32_t k;

	for (k = 0; k < 3; k++)
		ck_assert_ptr_null(ip_defrag(h, frag(m, 1, k)));
	ck_assert_int_eq(h->ipfrag->mem, 6912);
	ck_assert_ptr_null(ip_defrag(h, frag(m, 1, 3)));
	ck_assert_ptr_null(ip_defrag(h, frag(m, 2, 0)));
	ck_assert_uint_eq(h->ip.ReasmReqds, 5);
	ck_assert_uint_eq(h->ip.ReasmFails, 2);
	ck_assert_uint_eq(h->drops[DROP_FRAG_MEM], 2);
	ck_assert_int_eq(h->ipfrag->mem, 6912);
	model_free(m);
}
END_TEST

START_TEST(evictor_before_4_17)
{
	/* 4.14: low 3000.  Queue A at mem 0 (-> 2304), B at 2304 <= 3000 (->
	 * 4608); C finds 4608 > 3000: A is evicted (ReasmFails, 2304), then C */
	struct model *m = frag_host("4.14", "'net.ipv4.ipfrag_high_thresh': 5000,"
				    " 'net.ipv4.ipfrag_low_thresh': 3000");
	struct host *h = model_host(m);

	ck_assert_ptr_null(ip_defrag(h, frag(m, 1, 0)));
	ck_assert_ptr_null(ip_defrag(h, frag(m, 2, 0)));
	ck_assert_uint_eq(h->ip.ReasmFails, 0);
	ck_assert_ptr_null(ip_defrag(h, frag(m, 3, 0)));
	ck_assert_uint_eq(h->ip.ReasmFails, 1);
	ck_assert_uint_eq(h->drops[DROP_FRAG_MEM], 1);
	ck_assert_uint_eq(h->ipfrag->queues, 2);
	ck_assert_int_eq(h->ipfrag->mem, 4608);
	model_free(m);
}
END_TEST

/* A local sender over veth (MTU 1500) with 8192-byte datagrams: each
 * leaves as 6 fragments of truesize 2304 (IP lengths 1500 and 820 both
 * map to payload <= 1669) and is reassembled before UDP. */
START_TEST(local_sender_fragments_over_veth)
{
	struct model *m = model_load(
		"{ 'duration': '5ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'veth0' } ],"
		" 'senders': [ { 'device': 'veth0', 'cpu': 0, 'dst_port': 9000, 'payload': 8192,"
		"   'burst': 10 } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000, 'rcvbuf': '1MiB' } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->ip.FragOKs, 10);
	ck_assert_uint_eq(h->ip.FragCreates, 60);
	ck_assert_uint_eq(h->ip.ReasmReqds, 60);
	ck_assert_uint_eq(h->ip.ReasmOKs, 10);
	ck_assert_uint_eq(h->socks[0].enqueued, 10);
	ck_assert_int_eq(h->socks[0].max_rmem_alloc, 10 * 6 * 2304);
	model_free(m);
}
END_TEST

/* NIC traffic: 8238-byte frames (8192 of payload) on a NIC of MTU 1500
 * arrive as 6 fragments each (traffic mtu defaults to the NIC's); with
 * mtu 9000 they arrive whole and are rx_length_errors. */
START_TEST(nic_fragments_and_length_errors)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0], 'mtu': 1500 } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000, 'rcvbuf': '4MiB', 'rcvbuf_force': true } ],"
		" 'apps': [ { 'socket': 's', 'cpu': 1 } ],"
		" 'traffic': [ { 'dst_port': 9000, 'rate': '10kpps', 'arrival': 'constant',"
		"   'size': 8238 } ] }");
	struct host *h;
	uint64_t d;

	model_run(m);
	h = model_host(m);
	d = h->srcs[0].datagrams;
	ck_assert_uint_ge(d, 99);
	ck_assert_uint_eq(h->srcs[0].offered, 6 * d);
	ck_assert_uint_eq(h->nics[0].rx_length_errors, 0);
	/* every datagram but possibly one in flight at the end is reassembled */
	ck_assert_uint_ge(h->ip.ReasmOKs + 1, d);
	ck_assert_uint_eq(h->ip.ReasmFails, 0);
	ck_assert_uint_eq(h->ip.FragOKs, 0);	/* the remote sender's counter */
	model_free(m);

	m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0], 'mtu': 1500 } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000 } ],"
		" 'traffic': [ { 'dst_port': 9000, 'rate': '10kpps', 'arrival': 'constant',"
		"   'size': 8238, 'mtu': 9000 } ] }");
	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->nics[0].rx_length_errors, h->srcs[0].offered);
	ck_assert_uint_eq(h->drops[DROP_NIC_LENGTH], h->srcs[0].offered);
	ck_assert_uint_eq(h->delivered, 0);
	model_free(m);
}
END_TEST

/* loss "100%": no frame reaches the host */
START_TEST(path_loss_drops_before_the_host)
{
	struct model *m = model_load(
		"{ 'duration': '10ms', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000 } ],"
		" 'traffic': [ { 'dst_port': 9000, 'rate': '10kpps', 'arrival': 'constant',"
		"   'loss': '100%%' } ] }");
	struct host *h;

	model_run(m);
	h = model_host(m);
	ck_assert_uint_eq(h->offered, 0);
	ck_assert_uint_ge(h->srcs[0].lost, 99);
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ip_frag");
	TCase *tc = tcase_create("frag");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, geometry_of_ip_do_fragment);
	tcase_add_test(tc, timer_wheel_rounds_up);
	tcase_add_test(tc, complete_datagram_is_reassembled);
	tcase_add_test(tc, queue_refuses_duplicates_overlaps_and_bad_ends);
	tcase_add_test(tc, reassembled_ports_are_the_first_fragments);
	tcase_add_test(tc, lost_fragment_wastes_the_others_until_ipfrag_time);
	tcase_add_test(tc, high_thresh_refuses_fragments);
	tcase_add_test(tc, evictor_before_4_17);
	tcase_add_test(tc, local_sender_fragments_over_veth);
	tcase_add_test(tc, nic_fragments_and_length_errors);
	tcase_add_test(tc, path_loss_drops_before_the_host);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
