/* SPDX-License-Identifier: MIT */
/*
 * test_readers.c - reader modes of models/app.c end to end: busy polling
 * (SO_BUSY_POLL, napi_busy_loop), epoll over several sockets and its
 * thundering herd (EPOLLEXCLUSIVE), recvmmsg without MSG_WAITFORONE, and
 * pause windows.
 *
 * Every case sends traffic whose counts follow from the scenario (constant
 * rates over fixed windows) and, for the wake-up counts, widely spaced
 * packets (100 us apart on an otherwise idle host, where one packet costs a
 * few microseconds end to end), so each packet finds the readers asleep.
 * Expected values are derived in the comments from the kernel behaviour
 * the model follows (fs/eventpoll.c, net/socket.c do_recvmmsg,
 * net/core/dev.c napi_busy_loop), never copied from rxsim's output.
 */
#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_util.h"

/* One generic queue on CPU 0, no interrupt moderation; the reader(s) and
 * traffic are given by the caller. */
#define HOST(cpus, dur)                                                        \
	"{ 'name': 'readers', 'seed': 3, 'duration': '" dur "',"              \
	"  'host': { 'cpus': " #cpus " },"                                     \
	"  'nics': [{ 'name': 'eth0', 'queues': 1, 'irq_affinity': [0],"      \
	"             'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 } }],"

static void assert_conserved(const struct orun *o)
{
	const cJSON *s = o->sum;

	ck_assert_msg(cJSON_IsTrue(jnode(s, "conservation.ok")), "conservation not ok");
	ck_assert_uint_eq(ju64(s, "packets.offered"),
			  ju64(s, "packets.delivered") + ju64(s, "packets.dropped") +
			  ju64(s, "packets.in_flight"));
}

/* ---- busy polling ------------------------------------------------------- */

/* 200 kpps Poisson into CPU 0's queue; the reader on CPU 1 busy-polls for
 * up to 1 ms per recv, far longer than the mean 5 us between packets. */
static struct orun *busy_poll_run(const char *mode, const char *busy)
{
	struct orun *o = orun_inline(NULL, 0, HOST(2, "20ms")
		"  'sockets': [{ 'name': 'srv', 'port': 9000 }],"
		"  'apps': [{ 'name': 'reader', 'socket': 'srv', 'cpu': 1, 'mode': '%s',"
		"             'busy_poll': '%s' }],"
		"  'traffic': [{ 'name': 't', 'dst_port': 9000, 'rate': '200kpps',"
		"                'arrival': 'poisson', 'size': 64 }] }", mode, busy);

	orun_go(o, 0);
	assert_conserved(o);
	return o;
}

/* A busy-poll reader whose socket runs dry keeps polling the NAPI until its
 * busy_poll time is up; an empty poll must cost a turn of the loop, or the
 * poll/recv/poll cycle would never let simulated time advance (it once
 * recursed at one instant until the stack overflowed). */
START_TEST(busy_poll_reader_polls_the_napi_itself)
{
	struct orun *o = busy_poll_run("busy_poll", "1ms");
	struct orun *base = busy_poll_run("recvmsg", "1ms");
	uint64_t delivered = ju64(o->sum, "packets.delivered");
	uint64_t on_reader = ju64(o->sum, "cpus.1.softnet_stat.processed");

	ck_assert_uint_gt(delivered, 3000);	/* 200 kpps * 20 ms = 4000 on average */
	/* napi_busy_loop ran the queue's poll from the reader's recv */
	ck_assert_uint_gt(ju64(o->sum, "threads.0.busy_polls"), 0);
	/* most datagrams reached the socket through that poll, on CPU 1,
	 * not through the interrupt's NET_RX softirq on CPU 0 (without busy
	 * polling all of them go through CPU 0) */
	ck_assert_uint_ge(2 * on_reader, delivered);
	ck_assert_uint_le(2 * ju64(o->sum, "cpus.0.softnet_stat.processed"), delivered);
	ck_assert_uint_eq(ju64(base->sum, "cpus.1.softnet_stat.processed"), 0);
	/* fewer hard interrupts than packets (interrupts find the NAPI owned
	 * by the busy poller) */
	ck_assert_uint_lt(ju64(o->sum, "nics.0.queues.0.interrupts"), delivered);
	/* it spins instead of sleeping: CPU 1 is app time nearly throughout,
	 * where the blocking reader leaves it mostly idle; it sleeps at most
	 * once, before the first packet tells the socket its NAPI (sk_napi_id) */
	ck_assert_double_gt(jnum(o->sum, "cpus.1.share.app"), 0.9);
	ck_assert_double_lt(jnum(o->sum, "cpus.1.share.idle"), 0.05);
	ck_assert_double_gt(jnum(base->sum, "cpus.1.share.idle"), 0.5);
	ck_assert_uint_le(ju64(o->sum, "threads.0.sleeps"), 1);
	/* nothing is lost at this load */
	ck_assert_uint_eq(ju64(o->sum, "drops.host"), 0);
	orun_free(o);
	orun_free(base);
}
END_TEST

static void same_section(const struct orun *a, const struct orun *b, const char *key)
{
	char *x = cJSON_PrintUnformatted(jnode(a->sum, key));
	char *y = cJSON_PrintUnformatted(jnode(b->sum, key));

	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(y);
	ck_assert_msg(!strcmp(x, y), "%s differs:\n%s\n%s", key, x, y);
	cJSON_free(x);
	cJSON_free(y);
}

/* SO_BUSY_POLL 0: sk_can_busy_loop() is false, recv takes the plain
 * recvmsg path: the same run as mode recvmsg, counter for counter. */
START_TEST(busy_poll_zero_is_recvmsg)
{
	struct orun *o = busy_poll_run("busy_poll", "0us");
	struct orun *base = busy_poll_run("recvmsg", "0us");

	ck_assert_uint_eq(ju64(o->sum, "threads.0.busy_polls"), 0);
	same_section(o, base, "packets");
	same_section(o, base, "drops");
	same_section(o, base, "latency_ns");
	same_section(o, base, "nics");
	same_section(o, base, "cpus");
	same_section(o, base, "sockets");
	same_section(o, base, "threads");
	orun_free(o);
	orun_free(base);
}
END_TEST

/* ---- epoll -------------------------------------------------------------- */

/* One epoll thread on CPU 1 over sockets a and b; 10 kpps constant to each
 * for 9 ms, b 50 us after a: a datagram every 50 us, 90 per socket. */
START_TEST(epoll_thread_reads_both_sockets)
{
	struct orun *o = orun_inline(NULL, 0, HOST(2, "10ms")
		"  'sockets': [{ 'name': 'a', 'port': 9000 }, { 'name': 'b', 'port': 9001 }],"
		"  'apps': [{ 'name': 'ev', 'socket': 'a,b', 'cpu': 1, 'mode': 'epoll' }],"
		"  'traffic': [{ 'name': 'ta', 'dst_port': 9000, 'rate': '10kpps',"
		"                'arrival': 'constant', 'size': 64, 'stop': '9ms' },"
		"              { 'name': 'tb', 'dst_port': 9001, 'rate': '10kpps',"
		"                'arrival': 'constant', 'size': 64, 'start': '50us',"
		"                'stop': '9050us' }] }");
	uint64_t a, b, n, wakeups, waits;

	orun_go(o, 0);
	assert_conserved(o);
	a = ju64(o->sum, "sockets.0.read");
	b = ju64(o->sum, "sockets.1.read");
	ck_assert_uint_eq(ju64(o->sum, "traffic.0.offered"), 90);	/* 10 kpps * 9 ms */
	ck_assert_uint_eq(ju64(o->sum, "traffic.1.offered"), 90);
	/* the one thread reads both sockets, everything sent to them */
	ck_assert_uint_eq(a, 90);
	ck_assert_uint_eq(b, 90);
	n = ju64(o->sum, "threads.0.datagrams");
	ck_assert_uint_eq(n, a + b);
	/* each datagram finds the thread in epoll_wait and wakes it once */
	wakeups = ju64(o->sum, "threads.0.wakeups");
	ck_assert_uint_eq(wakeups, n);
	ck_assert_uint_eq(ju64(o->sum, "sockets.0.wakeups"), a);
	ck_assert_uint_eq(ju64(o->sum, "sockets.1.wakeups"), b);
	/* every epoll_wait blocks, and each that returned did so after a
	 * wake-up: the first call, then one more after each drain */
	waits = ju64(o->sum, "threads.0.epoll_waits");
	ck_assert_uint_eq(waits, wakeups + 1);
	ck_assert_uint_eq(ju64(o->sum, "threads.0.sleeps"), waits);
	/* level-triggered drain: recvmsg until EAGAIN, two calls a datagram */
	ck_assert_uint_eq(ju64(o->sum, "threads.0.syscalls"), 2 * n);
	orun_free(o);
}
END_TEST

/* Two epoll threads (CPUs 1 and 2) on socket s, 10 kpps constant for 9 ms:
 * 90 datagrams 100 us apart, each finding both threads in epoll_wait. */
static struct orun *herd_run(bool exclusive)
{
	struct orun *o = orun_inline(NULL, 0, HOST(3, "10ms")
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'name': 'e1', 'socket': 's', 'cpu': 1, 'mode': 'epoll',"
		"             'epoll_exclusive': %s },"
		"           { 'name': 'e2', 'socket': 's', 'cpu': 2, 'mode': 'epoll',"
		"             'epoll_exclusive': %s }],"
		"  'traffic': [{ 'name': 't', 'dst_port': 9000, 'rate': '10kpps',"
		"                'arrival': 'constant', 'size': 64, 'stop': '9ms' }] }",
		exclusive ? "true" : "false", exclusive ? "true" : "false");

	orun_go(o, 0);
	assert_conserved(o);
	ck_assert_uint_eq(ju64(o->sum, "traffic.0.offered"), 90);
	ck_assert_uint_eq(ju64(o->sum, "packets.delivered"), 90);
	ck_assert_uint_eq(ju64(o->sum, "threads.0.datagrams") +
			  ju64(o->sum, "threads.1.datagrams"), 90);
	return o;
}

/* Without EPOLLEXCLUSIVE sk_data_ready wakes every epoll waiter: two
 * wake-ups per datagram, one for each thread. */
START_TEST(epoll_herd_wakes_every_thread)
{
	struct orun *o = herd_run(false);

	ck_assert_uint_eq(ju64(o->sum, "sockets.0.wakeups"), 2 * 90);
	ck_assert_uint_eq(ju64(o->sum, "threads.0.wakeups"), 90);
	ck_assert_uint_eq(ju64(o->sum, "threads.1.wakeups"), 90);
	orun_free(o);
}
END_TEST

/* EPOLLEXCLUSIVE: one wake-up per datagram. */
START_TEST(epoll_exclusive_wakes_one_thread)
{
	struct orun *o = herd_run(true);

	ck_assert_uint_eq(ju64(o->sum, "sockets.0.wakeups"), 90);
	ck_assert_uint_eq(ju64(o->sum, "threads.0.wakeups") + ju64(o->sum, "threads.1.wakeups"),
			  90);
	orun_free(o);
}
END_TEST

/* ---- recvmmsg ----------------------------------------------------------- */

/* recvmmsg(vlen 4) on CPU 1; 10 kpps constant from 0 for @stop: packets
 * 100 us apart, so each arrives at a blocked reader. */
static struct orun *mmsg_run(const char *waitforone, const char *stop)
{
	struct orun *o = orun_inline(NULL, 0, HOST(2, "10ms")
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1, 'mode': 'recvmmsg',"
		"             'batch': 4, 'waitforone': %s }],"
		"  'traffic': [{ 'name': 't', 'dst_port': 9000, 'rate': '10kpps',"
		"                'arrival': 'constant', 'size': 64, 'stop': '%s' }] }",
		waitforone, stop);

	orun_go(o, 0);
	assert_conserved(o);
	return o;
}

/* Without MSG_WAITFORONE do_recvmmsg returns only with vlen datagrams:
 * k*B = 5*4 = 20 packets (10 kpps for 2 ms) make k = 5 calls return; the
 * summary counts calls entered, so k + 1: the sixth is blocked at the end.
 * With MSG_WAITFORONE each call returns after one datagram: 20 + 1. */
START_TEST(recvmmsg_waits_for_the_whole_batch)
{
	struct orun *o = mmsg_run("false", "1950us");
	struct orun *one = mmsg_run("true", "1950us");
	struct orun *part = mmsg_run("false", "2150us");

	ck_assert_uint_eq(ju64(o->sum, "traffic.0.offered"), 20);	/* 10 kpps * 1.95 ms */
	ck_assert_uint_eq(ju64(o->sum, "threads.0.datagrams"), 20);
	ck_assert_uint_eq(ju64(o->sum, "threads.0.syscalls"), 5 + 1);
	ck_assert_uint_eq(ju64(one->sum, "threads.0.datagrams"), 20);
	ck_assert_uint_eq(ju64(one->sum, "threads.0.syscalls"), 20 + 1);
	/* two more packets: the sixth call holds them and still waits */
	ck_assert_uint_eq(ju64(part->sum, "traffic.0.offered"), 22);
	ck_assert_uint_eq(ju64(part->sum, "threads.0.syscalls"), 5 + 1);
	orun_free(o);
	orun_free(one);
	orun_free(part);
}
END_TEST

/* ---- pauses ------------------------------------------------------------- */

/* A reader on CPU 1 pauses 5-8 ms; 100 kpps constant, a 4 MiB buffer that
 * holds the 300 datagrams of the pause.  The pause stops the thread from
 * calling recv again, so at most the one datagram of the recvmsg already
 * waiting at 5 ms is read inside it; the rest are read from 8 ms on. */
START_TEST(pause_window_reads_nothing_then_resumes)
{
	static const char *const sets[] = { "output.packet_sample=1",
					    "output.packet_trace_max=100000",
					    "output.interval=1ms" };
	struct orun *o = orun_inline(sets, 3, HOST(2, "12ms")
		"  'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': '4MiB',"
		"                'rcvbuf_force': true }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1,"
		"             'pauses': [{ 'at': '5ms', 'for': '3ms' }] }],"
		"  'traffic': [{ 'name': 't', 'dst_port': 9000, 'rate': '100kpps',"
		"                'arrival': 'constant', 'size': 64 }] }");
	const uint64_t at = 5000000, until = 8000000;	/* ns */
	struct csv *pt, *ts;
	uint64_t inside = 0, after = 0, queued_during = 0;
	int r, t, d, q;

	orun_go(o, OUT_PACKETS | OUT_TIMESERIES);
	assert_conserved(o);
	ck_assert_uint_eq(ju64(o->sum, "drops.host"), 0);

	pt = csv_parse(o->pt, o->pt_len);
	for (r = 0; r < pt->nrows; r++) {
		uint64_t sock, read;

		if (strcmp(pt->rows[r][10], "delivered"))
			continue;
		sock = csv_u64(pt, r, 8);
		read = csv_u64(pt, r, 9);
		if (read >= at && read < until) {
			inside++;
			/* the recv in progress at 5 ms, done within a few us */
			ck_assert_msg(read < at + 20000, "datagram %s read at %" PRIu64
				      " ns, inside the pause", pt->rows[r][0], read);
		}
		if (read >= until)
			after++;
		/* what reached the socket during the pause waits for its end */
		if (sock >= at + 20000 && sock < until) {
			queued_during++;
			ck_assert_msg(read >= until, "datagram %s queued at %" PRIu64
				      " ns read at %" PRIu64 " ns, inside the pause",
				      pt->rows[r][0], sock, read);
		}
	}
	ck_assert_uint_le(inside, 1);
	ck_assert_uint_ge(queued_during, 290);		/* ~3 ms * 100 kpps */
	ck_assert_uint_ge(after, 300);			/* the backlog, then 4 ms more */
	csv_free(pt);

	/* the same from the time series: rows (6, 7] and (7, 8] ms deliver
	 * nothing, the socket holds the pause's arrivals at 8 ms, and the
	 * next row reads them */
	ts = csv_parse(o->ts, o->ts_len);
	t = csv_col_req(ts, "t_ns");
	d = csv_col_req(ts, "delivered");
	q = csv_col_req(ts, "socket_queued");
	for (r = 0; r < ts->nrows; r++) {
		uint64_t tn = csv_u64(ts, r, t), del = csv_u64(ts, r, d);

		if (tn == 6000000)
			ck_assert_uint_le(del, 1);
		else if (tn == 7000000 || tn == 8000000)
			ck_assert_uint_eq(del, 0);
		else if (tn == 9000000)
			ck_assert_uint_ge(del, 290);
		else
			ck_assert_uint_gt(del, 0);
		if (tn == 8000000)
			ck_assert_uint_ge(csv_u64(ts, r, q), 290);
	}
	ck_assert_int_eq(ts->nrows, 12);
	csv_free(ts);
	orun_free(o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("readers");
	TCase *bp = tcase_create("busy_poll");
	TCase *ep = tcase_create("epoll");
	TCase *mm = tcase_create("recvmmsg");
	TCase *pa = tcase_create("pause");
	SRunner *sr;
	int failed;

	tcase_set_timeout(bp, 60);
	tcase_set_timeout(ep, 60);
	tcase_set_timeout(mm, 60);
	tcase_set_timeout(pa, 60);
	tcase_add_test(bp, busy_poll_reader_polls_the_napi_itself);
	tcase_add_test(bp, busy_poll_zero_is_recvmsg);
	tcase_add_test(ep, epoll_thread_reads_both_sockets);
	tcase_add_test(ep, epoll_herd_wakes_every_thread);
	tcase_add_test(ep, epoll_exclusive_wakes_one_thread);
	tcase_add_test(mm, recvmmsg_waits_for_the_whole_batch);
	tcase_add_test(pa, pause_window_reads_nothing_then_resumes);
	suite_add_tcase(s, bp);
	suite_add_tcase(s, ep);
	suite_add_tcase(s, mm);
	suite_add_tcase(s, pa);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
