/* SPDX-License-Identifier: MIT */
/*
 * test_sock.c - UDP socket receive memory (net/core/sock.c, net/ipv4/udp.c):
 * sk_rcvbuf from SO_RCVBUF, the admission rule of each kernel range, and the
 * lazy release of udp_rmem_release(); first on the functions, then end to
 * end with a paused reader.
 *
 * Capacity from an empty socket, datagrams of truesize T into sk_rcvbuf B:
 *   <= 6.14   drop if rmem > B, checked before adding: rmem = k*T is
 *             accepted while k*T <= B, i.e. k = 0..floor(B/T):
 *             floor(B/T) + 1 datagrams (one skb of overshoot).
 *   6.15-6.17 if rmem + T > B: drop when B > INT_MAX/2 or rmem > B; so for
 *             B <= INT_MAX/2 the same floor(B/T) + 1, and for larger B
 *             only what fits: floor(B/T).
 *   >= 6.18   if rmem + T > B: drop unless rmem == 0: k*T + T <= B, so
 *             floor(B/T), but at least one: max(1, floor(B/T)).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/sock.h"

#define INT_MAX_HALF 1073741823LL	/* INT_MAX >> 1 */

/* How many datagrams of @ts an empty socket takes under udp_admit(). */
static int64_t admit_capacity(int kver, int64_t rcvbuf, int64_t ts)
{
	int64_t rmem = 0, n = 0;

	while (udp_admit(kver, rmem, ts, rcvbuf)) {
		rmem += ts;
		n++;
		if (n > 10000000)
			ck_abort_msg("udp_admit never refuses");
	}
	/* refusing is stable: the same state is refused again */
	ck_assert(!udp_admit(kver, rmem, ts, rcvbuf));
	return n;
}

/* Table written by hand (not from the formulas in the header, which the
 * next test uses): B, T, capacity for <= 6.14, 6.15-6.17, >= 6.18. */
static const struct {
	int64_t rcvbuf, ts, old, mid, new_;
} cap_table[] = {
	/* __udp_enqueue_schedule_skb: the default buffer holds 93 (6.12) / 92 (6.18) */
	{ 212992, 2304, 93, 93, 92 },
	{ 4608, 2304, 3, 3, 2 },		/* exactly two fit */
	{ 2304, 2304, 2, 2, 1 },		/* exactly one fits */
	{ 2000, 2304, 1, 1, 1 },		/* none fits: one is still taken */
	{ 9984, 768, 14, 14, 13 },		/* 13 * 768 = 9984 exactly */
	{ 10000, 768, 14, 14, 13 },		/* 13 * 768 = 9984, 16 bytes spare */
	{ 10751, 768, 14, 14, 13 },		/* 14 * 768 = 10752: one byte short */
	{ 10752, 768, 15, 15, 14 },
	/* SO_RCVBUFFORCE INT_MAX: sk_rcvbuf 2 * (INT_MAX/2) = 2147483646 >
	 * INT_MAX/2: 6.15-6.17 no longer allow the overshoot.
	 * 2304 * 932067 = 2147482368 <= 2147483646 < 2147484672. */
	{ 2147483646LL, 2304, 932068, 932067, 932067 },
};

START_TEST(admit_capacity_by_kernel)
{
	unsigned i;

	for (i = 0; i < sizeof(cap_table) / sizeof(cap_table[0]); i++) {
		int64_t b = cap_table[i].rcvbuf, t = cap_table[i].ts;

		ck_assert_msg(admit_capacity(KVER(4, 9), b, t) == cap_table[i].old,
			      "4.9 B=%lld T=%lld", (long long)b, (long long)t);
		ck_assert_msg(admit_capacity(KVER(6, 12), b, t) == cap_table[i].old,
			      "6.12 B=%lld T=%lld: %lld, expected %lld", (long long)b, (long long)t,
			      (long long)admit_capacity(KVER(6, 12), b, t),
			      (long long)cap_table[i].old);
		ck_assert_msg(admit_capacity(KVER(6, 14), b, t) == cap_table[i].old,
			      "6.14 B=%lld T=%lld", (long long)b, (long long)t);
		ck_assert_msg(admit_capacity(KVER(6, 15), b, t) == cap_table[i].mid,
			      "6.15 B=%lld T=%lld: %lld, expected %lld", (long long)b, (long long)t,
			      (long long)admit_capacity(KVER(6, 15), b, t),
			      (long long)cap_table[i].mid);
		ck_assert_msg(admit_capacity(KVER(6, 17), b, t) == cap_table[i].mid,
			      "6.17 B=%lld T=%lld", (long long)b, (long long)t);
		ck_assert_msg(admit_capacity(KVER(6, 18), b, t) == cap_table[i].new_,
			      "6.18 B=%lld T=%lld: %lld, expected %lld", (long long)b, (long long)t,
			      (long long)admit_capacity(KVER(6, 18), b, t),
			      (long long)cap_table[i].new_);
		ck_assert_msg(admit_capacity(KVER(6, 30), b, t) == cap_table[i].new_,
			      "6.30 B=%lld T=%lld", (long long)b, (long long)t);
	}
}
END_TEST

START_TEST(admit_capacity_formula_sweep)
{
	/* The closed forms of the header over a grid of B and T. */
	static const int64_t ts[] = { 256, 768, 1280, 2304, 4352, 65792 };
	int64_t b;
	unsigned j;

	for (j = 0; j < sizeof(ts) / sizeof(ts[0]); j++)
		for (b = 1; b <= 300000; b += 997) {
			int64_t fl = b / ts[j];

			ck_assert_int_eq(admit_capacity(KVER(6, 12), b, ts[j]), fl + 1);
			ck_assert_int_eq(admit_capacity(KVER(6, 16), b, ts[j]), fl + 1);
			ck_assert_int_eq(admit_capacity(KVER(6, 18), b, ts[j]), fl > 1 ? fl : 1);
		}
}
END_TEST

START_TEST(admit_is_a_function_of_rmem)
{
	/* Not only from empty: a socket holding rmem decides by the same rule.
	 * B = 10000, T = 768: rmem 9984 + 768 > B -> 6.18 refuses, 6.12 and
	 * 6.15 accept (9984 <= B); rmem 10001 > B -> all refuse; rmem 9232 +
	 * 768 = 10000 <= B -> all accept. */
	ck_assert(!udp_admit(KVER(6, 18), 9984, 768, 10000));
	ck_assert(udp_admit(KVER(6, 12), 9984, 768, 10000));
	ck_assert(udp_admit(KVER(6, 15), 9984, 768, 10000));
	ck_assert(!udp_admit(KVER(6, 18), 10001, 768, 10000));
	ck_assert(!udp_admit(KVER(6, 12), 10001, 768, 10000));
	ck_assert(!udp_admit(KVER(6, 15), 10001, 768, 10000));
	ck_assert(udp_admit(KVER(6, 18), 9232, 768, 10000));
	ck_assert(udp_admit(KVER(6, 12), 9232, 768, 10000));
	ck_assert(udp_admit(KVER(6, 15), 9232, 768, 10000));
	/* 6.18: an empty socket takes even a datagram bigger than the buffer */
	ck_assert(udp_admit(KVER(6, 18), 0, 100000, 2304));
	ck_assert(!udp_admit(KVER(6, 18), 1, 100000, 2304));
}
END_TEST

START_TEST(rcvbuf_from_setsockopt)
{
	/* __sock_set_rcvbuf(): v = min(v, rmem_max) unless forced; v capped at
	 * INT_MAX/2; sk_rcvbuf = max(2v, SOCK_MIN_RCVBUF = 2304). */
	ck_assert_int_eq(SOCK_MIN_RCVBUF, 2048 + 256);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(0, false, 212992), 2304);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1000, false, 212992), 2304);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1152, false, 212992), 2304);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1153, false, 212992), 2306);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(100000, false, 212992), 200000);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(212992, false, 212992), 425984);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1000000, false, 212992), 425984);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1000000, false, 4194304), 2000000);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1000000, true, 212992), 2000000);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(1000, true, 212992), 2304);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(2147483647LL, true, 212992),
			 2147483646LL);
	ck_assert_int_eq(sock_rcvbuf_from_setsockopt(2147483647LL, false, 2147483647LL),
			 2147483646LL);
}
END_TEST

/* Host with sockets as configured; no traffic. */
static struct model *sock_model(const char *sysctl, const char *sockets)
{
	struct model *m = model_load(
		"{ 'duration': '1ms', 'kernel': '6.18',"
		"  'host': { 'cpus': 1, 'sysctl': { %s } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] }],"
		"  'sockets': [ %s ] }", sysctl, sockets);

	model_start(m);
	return m;
}

START_TEST(rcvbuf_in_a_host)
{
	/* sock_init_data(): rmem_default when SO_RCVBUF is not set (not
	 * doubled); forward_threshold = sk_rcvbuf / 4. */
	struct model *m = sock_model(
		"'net.core.rmem_default': 100000, 'net.core.rmem_max': 300000",
		"{ 'name': 'a', 'port': 1 },"
		"{ 'name': 'b', 'port': 2, 'rcvbuf': 100000 },"
		"{ 'name': 'c', 'port': 3, 'rcvbuf': 1000000 },"
		"{ 'name': 'd', 'port': 4, 'rcvbuf': 1000000, 'rcvbuf_force': true },"
		"{ 'name': 'e', 'port': 5, 'rcvbuf': 1 }");
	struct host *h = model_host(m);

	ck_assert_int_eq(h->nsocks, 5);
	ck_assert_int_eq(h->socks[0].sk_rcvbuf, 100000);
	ck_assert_int_eq(h->socks[1].sk_rcvbuf, 200000);
	ck_assert_int_eq(h->socks[2].sk_rcvbuf, 600000);	/* clamp 300000, doubled */
	ck_assert_int_eq(h->socks[3].sk_rcvbuf, 2000000);
	ck_assert_int_eq(h->socks[4].sk_rcvbuf, 2304);
	ck_assert_int_eq(h->socks[0].forward_threshold, 25000);
	ck_assert_int_eq(h->socks[1].forward_threshold, 50000);
	ck_assert_int_eq(h->socks[4].forward_threshold, 576);
	model_free(m);
}
END_TEST

static struct packet *mkpkt(struct host *h, uint32_t truesize)
{
	struct packet *p = host_packet_alloc(h);

	memset(p, 0, sizeof(*p));
	p->truesize = truesize;
	p->size = 64;
	p->tuple.dport = 1;
	return p;
}

/* @n datagrams of truesize @truesize, every one accepted. */
static void enqueue_n(struct host *h, struct udp_sock *sk, int n, uint32_t truesize)
{
	for (int i = 0; i < n; i++)
		ck_assert(udp_enqueue(h, sk, mkpkt(h, truesize)));
}

/* One read as __skb_recv_udp() does it: dequeue, which releases the memory
 * (lazily) as udp_skb_destructor() does; then the copy, which frees the
 * packet and touches no socket memory. */
static void read_one(struct host *h, struct udp_sock *sk)
{
	struct packet *p = udp_dequeue(sk);

	ck_assert_ptr_nonnull(p);
	pool_put(&h->pkts, p);
}

/* queued (both queues), sk_rmem_alloc and sk_drops after a step */
#define ck_sock_state(sk, q, rmem, drops)					\
	do {									\
		ck_assert_uint_eq(udp_queued(sk), (q));				\
		ck_assert_int_eq((sk)->sk_rmem_alloc, (rmem));			\
		ck_assert_uint_eq((sk)->sk_drops, (drops));			\
	} while (0)

START_TEST(enqueue_counts_drops)
{
	/* udp_enqueue() on a 6.18 socket of sk_rcvbuf 10000 with T = 768:
	 * 13 fit (13 * 768 = 9984); the next 7 are refused, each counting
	 * sk_drops, RcvbufErrors and InErrors, and none of them is charged. */
	struct model *m = sock_model("", "{ 'name': 'a', 'port': 1, 'rcvbuf': 5000 }");
	struct host *h = model_host(m);
	struct udp_sock *sk = &h->socks[0];
	int i, ok = 0;

	ck_assert_int_eq(sk->sk_rcvbuf, 10000);
	for (i = 0; i < 20; i++)
		ok += udp_enqueue(h, sk, mkpkt(h, 768));
	ck_assert_int_eq(ok, 13);
	ck_assert_int_eq(sk->sk_rmem_alloc, 13 * 768);
	ck_assert_uint_eq(udp_queued(sk), 13);
	ck_assert_uint_eq(sk->sk_drops, 7);
	ck_assert_uint_eq(h->udp.RcvbufErrors, 7);
	ck_assert_uint_eq(h->udp.InErrors, 7);
	ck_assert_uint_eq(h->drops[DROP_SOCKET_RCVBUFF], 7);
	ck_assert_uint_eq(h->udp.InDatagrams, 0);	/* counted at read time */
	model_free(m);
}
END_TEST

START_TEST(lazy_release_until_quarter)
{
	/* sk_rcvbuf 9216 (SO_RCVBUF 4608), forward_threshold 2304, T = 768:
	 * 6.18 takes 12 (12 * 768 = 9216).  udp_rmem_release(partial) returns
	 * early while the deficit is below 2304 and the reader queue is not
	 * empty: rmem drops by 3 * 768 = 2304 on every third read. */
	struct model *m = sock_model("", "{ 'name': 'a', 'port': 1, 'rcvbuf': 4608 }");
	struct host *h = model_host(m);
	struct udp_sock *sk = &h->socks[0];

	ck_assert_int_eq(sk->sk_rcvbuf, 9216);
	ck_assert_int_eq(sk->forward_threshold, 2304);
	enqueue_n(h, sk, 12, 768);
	ck_assert(!udp_enqueue(h, sk, mkpkt(h, 768)));		/* full */

	/* read one: the whole receive queue moves to the reader queue */
	read_one(h, sk);
	ck_assert_uint_eq(sk->reader_queue.len, 11);
	ck_assert_uint_eq(sk->sk_receive_queue.len, 0);
	ck_assert_int_eq(sk->sk_rmem_alloc, 9216);		/* deficit 768 */
	ck_assert_int_eq(sk->forward_deficit, 768);
	/* one read later, a datagram is still refused: rmem has not moved */
	read_one(h, sk);
	ck_assert_int_eq(sk->sk_rmem_alloc, 9216);		/* deficit 1536 */
	ck_assert(!udp_enqueue(h, sk, mkpkt(h, 768)));
	/* third read: deficit 2304 is not below the threshold: released */
	read_one(h, sk);
	ck_assert_int_eq(sk->sk_rmem_alloc, 9216 - 2304);
	ck_assert_int_eq(sk->forward_deficit, 0);
	/* now exactly three fit again */
	enqueue_n(h, sk, 3, 768);
	ck_assert(!udp_enqueue(h, sk, mkpkt(h, 768)));
	ck_assert_uint_eq(sk->sk_drops, 3);
	model_free(m);
}
END_TEST

START_TEST(lazy_release_when_reader_queue_drains)
{
	/* Default 212992 (threshold 53248 = 23.1 datagrams of 2304): 5 queued,
	 * the first read splices them; 3 more arrive on sk_receive_queue.
	 * Reads 2..4 leave the reader queue non-empty: nothing returned.
	 * Read 5 empties the reader queue (the 3 newer ones are on the other
	 * queue): the deficit of all 5 goes back at once, leaving 3 * 2304,
	 * and udp_rmem_release() ends by splicing the 3 into the reader queue. */
	struct model *m = sock_model("", "{ 'name': 'a', 'port': 1 }");
	struct host *h = model_host(m);
	struct udp_sock *sk = &h->socks[0];
	int i;

	ck_assert_int_eq(sk->sk_rcvbuf, 212992);
	enqueue_n(h, sk, 5, 2304);
	for (i = 0; i < 5; i++) {
		read_one(h, sk);
		if (i == 0)
			enqueue_n(h, sk, 3, 2304);
		if (i < 4) {
			ck_assert_int_eq(sk->sk_rmem_alloc, 8 * 2304);
			ck_assert_uint_eq(sk->sk_receive_queue.len, 3);
		}
	}
	ck_assert_uint_eq(sk->reader_queue.len, 3);
	ck_assert_uint_eq(sk->sk_receive_queue.len, 0);
	ck_assert_int_eq(sk->sk_rmem_alloc, 3 * 2304);
	ck_assert_int_eq(sk->forward_deficit, 0);
	model_free(m);
}
END_TEST

START_TEST(release_splices_receive_queue)
{
	/* udp_rmem_release() ends with skb_queue_splice_tail_init(sk_queue,
	 * &up->reader_queue).  Kernel 6.18, sk_rcvbuf 9216 (SO_RCVBUF 4608),
	 * threshold 9216 >> 2 = 2304, T = 768 (three reads per release).
	 * Step by step, (queued, sk_rmem_alloc, drops):
	 *   4 arrive                      (4, 3072, 0)
	 *   read: splice 4, take 1; deficit 768, reader queue 3: kept
	 *                                 (3, 3072, 0)
	 *   2 arrive on sk_receive_queue  (5, 4608, 0)
	 *   read: deficit 1536, reader queue 2: kept
	 *                                 (4, 4608, 0)
	 *   read: deficit 2304 = threshold: released, 4608 - 2304; the 2
	 *         newer ones are spliced: reader queue 1 + 2 = 3
	 *                                 (3, 2304, 0)
	 *   read: deficit 768, reader queue 2 (not empty thanks to the
	 *         splice): kept           (2, 2304, 0)
	 *   10 arrive: 6.18 admits while rmem + 768 <= 9216: (9216 - 2304) /
	 *         768 = 9 fit, the 10th is dropped
	 *                                 (11, 9216, 1)
	 * Without the splice the fourth read would have emptied the reader
	 * queue and released its 768 (rmem 1536): all 10 would have fit. */
	struct model *m = sock_model("", "{ 'name': 'a', 'port': 1, 'rcvbuf': 4608 }");
	struct host *h = model_host(m);
	struct udp_sock *sk = &h->socks[0];
	int i, ok = 0;

	ck_assert_int_eq(sk->sk_rcvbuf, 9216);
	ck_assert_int_eq(sk->forward_threshold, 2304);
	enqueue_n(h, sk, 4, 768);
	ck_sock_state(sk, 4, 3072, 0);
	read_one(h, sk);
	ck_sock_state(sk, 3, 3072, 0);
	enqueue_n(h, sk, 2, 768);
	ck_sock_state(sk, 5, 4608, 0);
	ck_assert_uint_eq(sk->sk_receive_queue.len, 2);
	read_one(h, sk);
	ck_sock_state(sk, 4, 4608, 0);
	read_one(h, sk);
	ck_sock_state(sk, 3, 2304, 0);
	ck_assert_uint_eq(sk->reader_queue.len, 3);
	ck_assert_uint_eq(sk->sk_receive_queue.len, 0);
	read_one(h, sk);
	ck_sock_state(sk, 2, 2304, 0);
	ck_assert_int_eq(sk->forward_deficit, 768);
	for (i = 0; i < 10; i++)
		ok += udp_enqueue(h, sk, mkpkt(h, 768));
	ck_assert_int_eq(ok, 9);
	ck_sock_state(sk, 11, 9216, 1);
	model_free(m);
}
END_TEST

START_TEST(release_before_copy)
{
	/* __skb_recv_udp() calls udp_skb_destructor() as it unlinks the skb,
	 * before udp_recvmsg() copies it.  Kernel 6.18, sk_rcvbuf 4608
	 * (SO_RCVBUF 2304), threshold 1152, T = 2304: room for two.
	 *   3 arrive: 2 fit, 1 dropped              (2, 4608, 1)
	 *   dequeue (the copy starts): deficit 2304 >= 1152: released at
	 *         once                              (1, 2304, 1)
	 *   1 arrives during the copy: 2304 + 2304 <= 4608: queued
	 *                                           (2, 4608, 1)
	 *   the copy ends: nothing changes          (2, 4608, 1)
	 * Had the memory been freed after the copy, the arrival would have
	 * seen 4608 and been dropped (drops 2). */
	struct model *m = sock_model("", "{ 'name': 'a', 'port': 1, 'rcvbuf': 2304 }");
	struct host *h = model_host(m);
	struct udp_sock *sk = &h->socks[0];
	struct packet *p;

	ck_assert_int_eq(sk->sk_rcvbuf, 4608);
	enqueue_n(h, sk, 2, 2304);
	ck_assert(!udp_enqueue(h, sk, mkpkt(h, 2304)));
	ck_sock_state(sk, 2, 4608, 1);
	p = udp_dequeue(sk);
	ck_assert_ptr_nonnull(p);
	ck_sock_state(sk, 1, 2304, 1);
	ck_assert(udp_enqueue(h, sk, mkpkt(h, 2304)));
	ck_sock_state(sk, 2, 4608, 1);
	pool_put(&h->pkts, p);
	ck_sock_state(sk, 2, 4608, 1);
	model_free(m);
}
END_TEST

START_TEST(release_before_copy_end_to_end)
{
	/* The same rule through the reader: kernel 6.18, sk_rcvbuf 2304
	 * (SO_RCVBUF 1000 -> SOCK_MIN_RCVBUF), truesize 2304: an empty socket
	 * takes one datagram, a non-empty one none.  Three datagrams arrive
	 * 300 us apart (A near 0, B near 300 us, C near 600 us); the reader's
	 * dequeue-and-copy of one takes 1 ms (per_datagram), every other
	 * cost is below 5 us.
	 *   A: queued, the reader wakes and dequeues it within a few us: its
	 *      memory goes back at the dequeue (rmem 0) while the copy runs
	 *      until about 1 ms.
	 *   B (300 us): the socket is empty (rmem 0): queued (rmem 2304).
	 *   C (600 us): rmem 2304 + 2304 > 2304 and rmem != 0: dropped.
	 *   After A's copy the reader takes B (released at once), copies it
	 *   until about 2 ms; nothing else arrives.
	 * So 2 delivered, 1 socket drop, sk_rmem_alloc 0 at the end.  With
	 * the memory freed after the copy, B and C would both have met A's
	 * 2304: 1 delivered, 2 drops. */
	struct model *m = model_load(
		"{ 'duration': '5ms', 'kernel': '6.18',"
		"  'host': { 'cpus': 2 },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'truesize': 2304,"
		"     'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 }, 'irq_affinity': [0] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': 1000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'per_datagram': '1ms' }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': 3333.334, 'arrival': 'constant',"
		"     'size': 200, 'stop': '700us' }] }");
	struct host *h;
	struct udp_sock *sk;

	model_run(m);
	h = model_host(m);
	sk = &h->socks[0];
	ck_assert_int_eq(sk->sk_rcvbuf, 2304);
	ck_assert_uint_eq(h->offered, 3);
	ck_assert_uint_eq(sk->enqueued, 2);
	ck_assert_uint_eq(sk->sk_drops, 1);
	ck_assert_uint_eq(h->drops[DROP_SOCKET_RCVBUFF], 1);
	ck_assert_uint_eq(h->delivered, 2);
	ck_assert_uint_eq(h->udp.InDatagrams, 2);
	ck_assert_int_eq(sk->sk_rmem_alloc, 0);
	ck_assert_int_eq(sk->max_rmem_alloc, 2304);
	model_free(m);
}
END_TEST

/*
 * End to end: the reader is paused for the first 10 ms (apps[].pauses), so
 * it never reads while the N = cap + 7 datagrams arrive (1 per 10 us from
 * 0); then it reads what was queued.  Drops at the socket = N - capacity,
 * delivered = capacity, with the capacity of the header.
 */
static void paused_reader_case(const char *kernel, int64_t so_rcvbuf, int64_t truesize,
			       int64_t expect_cap)
{
	char set[32];
	const char *sets[1] = { set };
	int64_t n = expect_cap + 7;
	struct model *m;
	struct host *h;
	struct udp_sock *sk;

	snprintf(set, sizeof(set), "kernel=%s", kernel);
	m = model_load_sets(sets, 1,
		"{ 'duration': '20ms', 'kernel': '6.18',"
		"  'host': { 'cpus': 2 },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'truesize': %lld,"
		"     'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 }, 'irq_affinity': [0] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': %lld }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1,"
		"     'pauses': [{ 'at': '0ms', 'for': '10ms' }] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '100kpps', 'arrival': 'constant',"
		"     'size': 200, 'stop': '%lldus' }] }",
		(long long)truesize, (long long)so_rcvbuf, (long long)(n * 10 - 5));
	ck_assert_int_eq(m->sc.kernel, atoi(kernel) * 1000 + atoi(strchr(kernel, '.') + 1));
	model_run(m);
	h = model_host(m);
	sk = &h->socks[0];
	ck_assert_uint_eq(h->offered, (uint64_t)n);
	ck_assert_msg(sk->enqueued == (uint64_t)expect_cap,
		      "kernel %s, SO_RCVBUF %lld, truesize %lld: %llu queued, expected %lld",
		      kernel, (long long)so_rcvbuf, (long long)truesize,
		      (unsigned long long)sk->enqueued, (long long)expect_cap);
	ck_assert_uint_eq(sk->max_qlen, (uint32_t)expect_cap);
	ck_assert_int_eq(sk->max_rmem_alloc, expect_cap * truesize);
	ck_assert_uint_eq(h->udp.RcvbufErrors, 7);
	ck_assert_uint_eq(h->drops[DROP_SOCKET_RCVBUFF], 7);
	ck_assert_uint_eq(h->delivered, (uint64_t)expect_cap);
	ck_assert_uint_eq(h->udp.InDatagrams, (uint64_t)expect_cap);
	/* everything read: all memory returned */
	ck_assert_int_eq(sk->sk_rmem_alloc, 0);
	model_free(m);
}

START_TEST(paused_reader_end_to_end)
{
	/* SO_RCVBUF 5000 -> sk_rcvbuf 10000; T = 768: floor = 13 */
	paused_reader_case("6.18", 5000, 768, 13);
	paused_reader_case("6.15", 5000, 768, 14);
	paused_reader_case("6.12", 5000, 768, 14);
	/* SO_RCVBUF 1000 -> 2304 (SOCK_MIN_RCVBUF); T = 2304: exactly one */
	paused_reader_case("6.18", 1000, 2304, 1);
	paused_reader_case("6.12", 1000, 2304, 2);
	/* T = 4096 > sk_rcvbuf 2304: 6.18 still takes one; so does 6.12 */
	paused_reader_case("6.18", 1000, 4096, 1);
	paused_reader_case("6.12", 1000, 4096, 1);
	/* SO_RCVBUF 106496 -> 212992 (= rmem_default): 92 / 93 of 2304 */
	paused_reader_case("6.18", 106496, 2304, 92);
	paused_reader_case("6.17", 106496, 2304, 93);
	paused_reader_case("6.1", 106496, 2304, 93);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sock");
	TCase *tc = tcase_create("admission");
	TCase *tc2 = tcase_create("rcvbuf");
	TCase *tc3 = tcase_create("release");
	TCase *tc4 = tcase_create("end_to_end");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, admit_capacity_by_kernel);
	tcase_add_test(tc, admit_capacity_formula_sweep);
	tcase_add_test(tc, admit_is_a_function_of_rmem);
	tcase_add_test(tc, enqueue_counts_drops);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, rcvbuf_from_setsockopt);
	tcase_add_test(tc2, rcvbuf_in_a_host);
	suite_add_tcase(s, tc2);
	tcase_add_test(tc3, lazy_release_until_quarter);
	tcase_add_test(tc3, lazy_release_when_reader_queue_drains);
	tcase_add_test(tc3, release_splices_receive_queue);
	tcase_add_test(tc3, release_before_copy);
	tcase_add_test(tc4, release_before_copy_end_to_end);
	suite_add_tcase(s, tc3);
	tcase_add_test(tc4, paused_reader_end_to_end);
	tcase_set_timeout(tc4, 60);
	suite_add_tcase(s, tc4);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
