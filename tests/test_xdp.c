/* SPDX-License-Identifier: MIT */
/*
 * test_xdp.c - an XDP program in the driver poll: verdict counts from the
 * rules (first match wins, a deterministic fraction), XDP_TX on the send
 * ring, XDP_REDIRECT into a cpumap entry whose ptr_ring overflows
 * (kernel/bpf/cpumap.c bq_enqueue / bq_flush_to_queue), and the kernel
 * versions the keys need.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/pool.h"
#include "rxsim/xdp.h"
#include "out_util.h"

START_TEST(verdicts_from_rules)
{
	/* Source a: 1000 datagrams to 9000 (100 kpps, one every 10 us from 0,
	 * the last at 9.99 ms); source b: 500 to 9001 (50 kpps).  Rule 1 sends
	 * everything to 9001 back out (XDP_TX); rule 2 drops a share 0.25 of
	 * source a: packet k of a is dropped when floor(k / 4) grows, i.e.
	 * k = 4, 8, ..., 1000: 250 drops; the other 750 pass to the socket. */
	struct model *m = model_load(
		"{ 'duration': '12ms', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'driver': 'mlx5', 'queues': 1, 'irq_affinity': [0], 'xdp': true,"
		"     'xdp_rules': [{ 'dst_port': '9001', 'action': 'tx' },"
		"                   { 'traffic': 'a', 'fraction': '0.25', 'action': 'drop' }] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'socket': 's', 'cpu': 1 }],"
		"  'traffic': [{ 'name': 'a', 'dst_port': 9000, 'rate': '100kpps',"
		"                'arrival': 'constant', 'stop': '9.995ms' },"
		"              { 'name': 'b', 'dst_port': 9001, 'rate': '50kpps',"
		"                'arrival': 'constant', 'stop': '9.99ms' }] }");
	struct host *h;
	struct xdp_rxq *x;

	model_run(m);
	h = model_host(m);
	x = &h->nics[0].xdp->rxqs[0];
	ck_assert_uint_eq(h->offered, 1500);
	ck_assert_uint_eq(x->verdict[XDP_TX], 500);
	ck_assert_uint_eq(x->verdict[XDP_DROP], 250);
	ck_assert_uint_eq(x->verdict[XDP_PASS], 750);
	ck_assert_uint_eq(x->tx_xmit, 500);
	ck_assert_uint_eq(x->tx_full, 0);
	ck_assert_uint_eq(h->udp.InDatagrams, 750);
	ck_assert_uint_eq(h->udp.NoPorts, 0);
	model_free(m);

	/* An address rule: b comes from 10.9.0.0/24, a from 10.0.0.0/8 by
	 * default; dropping 10.9.0.0/24 drops all of b and none of a */
	m = model_load(
		"{ 'duration': '12ms', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'queues': 1, 'irq_affinity': [0], 'xdp': true,"
		"     'xdp_rules': [{ 'src': '10.9.0.0/24', 'action': 'drop' }] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'socket': 's', 'cpu': 1 }],"
		"  'traffic': [{ 'name': 'a', 'dst_port': 9000, 'rate': '100kpps',"
		"                'arrival': 'constant', 'stop': '9.995ms' },"
		"              { 'name': 'b', 'dst_port': 9000, 'rate': '50kpps', 'src': '10.9.0.0/24',"
		"                'flows': 16, 'arrival': 'constant', 'stop': '9.99ms' }] }");
	model_run(m);
	h = model_host(m);
	x = &h->nics[0].xdp->rxqs[0];
	ck_assert_uint_eq(x->verdict[XDP_DROP], 500);
	ck_assert_uint_eq(x->verdict[XDP_PASS], 1000);
	ck_assert_uint_eq(h->udp.InDatagrams, 1000);
	model_free(m);
}
END_TEST

START_TEST(tx_ring_full)
{
	/* The XDP send ring has the rx ring's 64 descriptors: 65 XDP_TX frames
	 * at one instant fill it and the 65th counts rx_xdp_tx_full. */
	struct model *m = model_load(
		"{ 'duration': '1ms', 'nics': [{ 'driver': 'mlx5', 'queues': 1, 'rx_ring': 64,"
		"     'xdp': true, 'xdp_rules': [{ 'action': 'tx' }] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '1kpps', 'start': '900us' }] }");
	struct host *h;
	struct rxq *q;
	struct xdp_rxq *x;
	int k;

	model_start(m);
	h = model_host(m);
	q = model_rxq(m, 0);
	x = &h->nics[0].xdp->rxqs[0];
	ck_assert_uint_eq(x->tx_size, 64);
	for (k = 0; k < 65; k++) {
		struct packet *p = host_packet_alloc(h);

		memset(p, 0, sizeof(*p));
		p->size = 64;
		p->tuple.family = FLOW_IPV4;
		p->tuple.proto = FLOW_UDP;
		p->tuple.dport = 9000;
		ck_assert(xdp_handle(h, &h->cpus[0], q, p));
	}
	ck_assert_uint_eq(x->tx_xmit, 64);
	ck_assert_uint_eq(x->tx_full, 1);
	ck_assert_uint_eq(x->tx_ring.len, 64);
	while (x->tx_ring.head)
		pool_put(&h->pkts, pktq_pop(&x->tx_ring));
	model_free(m);
}
END_TEST

START_TEST(cpumap_ring_overflow)
{
	/* 64 frames (1 Mpps from 0) are all on the ring before the first poll
	 * (a 1 ms hard IRQ holds CPU 0), which takes all 64 (its weight) and
	 * redirects them to CPU 1.  bq_enqueue() flushes the bulk queue of 8
	 * into the ptr_ring (qsize 16) before frames 9, 17, ..., 57, and
	 * xdp_do_flush() the last 8 at the end of the poll: the first 16 fit,
	 * the other 48 are dropped.  The kthread, woken by that flush, builds
	 * 16 skbs in 2 rounds of CPUMAP_BATCH (8); with no socket they end as
	 * NoPorts. */
	struct model *m = model_load(
		"{ 'duration': '5ms', 'seed': 1,"
		"  'host': { 'cpus': 2, 'costs': { 'hardirq': '1ms' } },"
		"  'nics': [{ 'queues': 1, 'irq_affinity': [0], 'rx_ring': 512, 'dma_delay': '0ns',"
		"     'coalesce': { 'style': 'eqe', 'rx-usecs': 0, 'rx-frames': 1 },"
		"     'xdp': true, 'cpumap_qsize': 16,"
		"     'xdp_rules': [{ 'action': 'redirect', 'cpu': 1 }] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '1Mpps', 'arrival': 'constant',"
		"     'size': 64, 'stop': '63.5us' }] }");
	struct host *h;
	struct cpumap_entry *e;

	model_run(m);
	h = model_host(m);
	e = h->nics[0].xdp->entries[1];
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_null(h->nics[0].xdp->entries[0]);
	ck_assert_str_eq(e->kthread.name, "cpumap/1/map:1");
	ck_assert_uint_eq(h->offered, 64);
	ck_assert_uint_eq(h->nics[0].xdp->rxqs[0].verdict[XDP_REDIRECT], 64);
	ck_assert_uint_eq(e->enqueued, 16);
	ck_assert_uint_eq(e->drops, 48);
	ck_assert_uint_eq(e->processed, 16);
	ck_assert_uint_eq(e->rounds, 2);
	ck_assert_uint_eq(h->udp.NoPorts, 16);
	ck_assert_uint_eq(h->cpus[1].sd.processed, 16);
	model_free(m);
}
END_TEST

/* @json must not load, with a message holding @needle. */
static void load_fails(const char *json, const char *needle)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	char *buf = strdup(json);
	int rc;

	for (char *s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	memset(&sc, 0, sizeof(sc));
	rc = scenario_load_buffer("<test>", buf, strlen(buf), NULL, 0, &sc, &err);
	ck_assert_int_eq(rc, RXSIM_EINPUT);
	ck_assert_msg(strstr(err.msg, needle), "message \"%s\" lacks \"%s\"", err.msg, needle);
	free(buf);
	scenario_free(&sc);
}

START_TEST(bad_input)
{
	/* cpumap: 4.15 (6710e1126934); native XDP is 4.8, older than any
	 * kernel rxsim models (4.9), so a program always loads */
	load_fails("{ 'kernel': '4.14', 'nics': [{ 'xdp': true,"
		   "  'xdp_rules': [{ 'action': 'redirect', 'cpu': 1 }] }] }",
		   "/nics/0/xdp_rules/0/action: XDP_REDIRECT into a cpumap needs kernel 4.15");
	tu_unload(tu_load("{ 'kernel': '4.9', 'nics': [{ 'xdp': true,"
			  "  'xdp_rules': [{ 'action': 'drop' }] }] }"));
	load_fails("{ 'host': { 'cpus': 2 }, 'nics': [{ 'xdp': true,"
		   "  'xdp_rules': [{ 'action': 'redirect', 'cpu': 2 }] }] }",
		   "/nics/0/xdp_rules/0/cpu: CPU 2 but host.cpus is 2");
	load_fails("{ 'nics': [{ 'xdp': true, 'xdp_rules': [{ 'action': 'drop',"
		   "  'fraction': '1.5' }] }] }", "/nics/0/xdp_rules/0/fraction: expected a decimal");
	load_fails("{ 'nics': [{ 'xdp': true, 'xdp_rules': [{ 'action': 'drop',"
		   "  'traffic': 'nope' }] }] }",
		   "/nics/0/xdp_rules/0/traffic: no traffic source named \"nope\"");
	/* rules without the program are kept but inert (a sweep can turn
	 * xdp on and off over the same rules) */
	tu_unload(tu_load("{ 'nics': [{ 'xdp_rules': [{ 'action': 'drop' }] }] }"));
	load_fails("{ 'nics': [{ 'xdp': true, 'xdp_rules': [{ 'action': 'dorp' }] }] }",
		   "/nics/0/xdp_rules/0/action");
}
END_TEST

START_TEST(summary_and_timeseries)
{
	/* The first case of verdicts_from_rules again, through the outputs:
	 * mlx5's ethtool -S names carry the same counts (rx_xdp_drop 250,
	 * rx_xdp_tx_xmit 500), and the per-interval columns of the time
	 * series add up to them. */
	struct orun *o = orun_inline(NULL, 0,
		"{ 'duration': '12ms', 'host': { 'cpus': 2 },"
		"  'nics': [{ 'driver': 'mlx5', 'queues': 1, 'irq_affinity': [0], 'xdp': true,"
		"     'xdp_rules': [{ 'dst_port': '9001', 'action': 'tx' },"
		"                   { 'traffic': 'a', 'fraction': '0.25', 'action': 'drop' }] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000 }],"
		"  'apps': [{ 'socket': 's', 'cpu': 1 }],"
		"  'traffic': [{ 'name': 'a', 'dst_port': 9000, 'rate': '100kpps',"
		"                'arrival': 'constant', 'stop': '9.995ms' },"
		"              { 'name': 'b', 'dst_port': 9001, 'rate': '50kpps',"
		"                'arrival': 'constant', 'stop': '9.99ms' }] }");
	struct csv *c;

	orun_go(o, OUT_TIMESERIES);
	ck_assert_uint_eq(ju64(o->sum, "nics.0.queues.0.xdp.ethtool.rx_xdp_drop"), 250);
	ck_assert_uint_eq(ju64(o->sum, "nics.0.queues.0.xdp.ethtool.rx_xdp_tx_xmit"), 500);
	ck_assert_uint_eq(ju64(o->sum, "nics.0.queues.0.xdp.verdicts.XDP_PASS"), 750);
	c = csv_parse(o->ts, o->ts_len);
	ck_assert_uint_eq(csv_sum(c, "xdp_drop"), 250);
	ck_assert_uint_eq(csv_sum(c, "xdp_tx"), 500);
	ck_assert_uint_eq(csv_sum(c, "xdp_redirect"), 0);
	csv_free(c);
	orun_free(o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xdp");
	TCase *tc = tcase_create("verdicts");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, verdicts_from_rules);
	tcase_add_test(tc, tx_ring_full);
	tcase_add_test(tc, cpumap_ring_overflow);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, summary_and_timeseries);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
