/* SPDX-License-Identifier: MIT */
/*
 * test_netfilter.c - iptables verdicts and costs on the receive path
 * (models/netfilter.c) and conntrack in a host:
 *
 *   ipt_do_table(): rules in order, the first match with a target decides,
 *     a rule without one counts and goes on; the INPUT policy decides the
 *     rest.  NF_DROP frees the skb with SKB_DROP_REASON_NETFILTER_DROP.
 *   PREROUTING rules are the raw table's (before conntrack): a packet they
 *     drop makes no entry.  INPUT's run before nf_confirm: a new flow they
 *     drop leaves no entry either.
 *   Each rule evaluated costs costs.rule, each chain with rules costs.hook.
 *
 * Two sources to port 9000 on one queue: "a" from 10.0.0.0/24 (16 flows),
 * "b" from 10.1.0.0/24 (16 flows); each source's offered count is its own
 * counter (h->srcs[i].offered), so expected drops follow from the rules.
 * The runs are short and light (no other drop).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"
#include "rxsim/netfilter.h"

#define HOST_JSON \
	"{ 'duration': '20ms', 'host': { 'cpus': 2, 'costs': { 'ip_udp_rx': '300ns' } }," \
	" 'nics': [ { 'name': 'eth0', 'driver': 'ixgbe', 'queues': 1, 'irq_affinity': [0] } ]," \
	" 'sockets': [ { 'name': 'srv', 'port': 9000 } ]," \
	" 'apps': [ { 'socket': 'srv', 'cpu': 1, 'mode': 'recvmmsg', 'batch': 32 } ]," \
	" 'traffic': [ { 'name': 'a', 'flows': 16, 'dst_port': 9000, 'rate': '50kpps'," \
	"   'arrival': 'constant', 'src': '10.0.0.0/24', 'stop': '15ms' }," \
	"  { 'name': 'b', 'flows': 16, 'dst_port': 9000, 'rate': '30kpps'," \
	"   'arrival': 'constant', 'src': '10.1.0.0/24', 'stop': '15ms' } ]," \
	" 'netfilter': %s }"

static struct model *run_nf(const char *nf)
{
	struct model *m = model_load(HOST_JSON, nf);

	model_run(m);
	ck_assert_uint_eq(model_host(m)->drops[DROP_NIC_RING], 0);
	ck_assert_uint_eq(model_host(m)->drops[DROP_SOCKET_RCVBUFF], 0);
	/* sources stop at 15 ms: by 20 ms every packet was read or dropped */
	ck_assert_uint_eq(host_in_flight(model_host(m)), 0);
	return m;
}

static uint64_t offered(struct model *m, int src)
{
	return model_host(m)->srcs[src].offered;
}

/* -A INPUT -s 10.1.0.0/16 -j DROP: every packet of b is dropped there,
 * every packet of a passes; the rule's pkts counter is b's count. */
START_TEST(input_drop_by_source)
{
	struct model *m = run_nf("{ 'rules': [ { 'chain': 'INPUT', 'src': '10.1.0.0/16',"
				 " 'target': 'DROP' } ] }");
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->drops[DROP_NETFILTER], offered(m, 1));
	ck_assert_uint_eq(h->nf->rule_pkts[0], offered(m, 1));
	ck_assert_uint_eq(h->nf->hook_drops[NF_CHAIN_INPUT], offered(m, 1));
	ck_assert_uint_eq(h->delivered, offered(m, 0));
	ck_assert_uint_eq(h->nf->hook_pkts[NF_CHAIN_INPUT], offered(m, 0) + offered(m, 1));
	model_free(m);
}
END_TEST

/* Order: -A INPUT -s 10.1.0.0/24 -j ACCEPT, then -A INPUT -j DROP: b is
 * accepted by the first rule, a dropped by the second; a counting rule
 * (no target) in front sees everything. */
START_TEST(first_match_decides)
{
	struct model *m = run_nf("{ 'rules': ["
				 " { 'chain': 'INPUT', 'proto': 'udp', 'dport': '9000' },"
				 " { 'chain': 'INPUT', 'src': '10.1.0.0/24', 'target': 'ACCEPT' },"
				 " { 'chain': 'INPUT', 'target': 'DROP' } ] }");
	struct host *h = model_host(m);
	uint64_t seen = h->nf->hook_pkts[NF_CHAIN_INPUT];

	ck_assert_uint_eq(h->nf->rule_pkts[0], seen);
	ck_assert_uint_eq(h->nf->rule_pkts[1] + h->nf->rule_pkts[2], seen);
	ck_assert_uint_eq(h->drops[DROP_NETFILTER], offered(m, 0));
	ck_assert_uint_eq(h->nf->rule_pkts[2], offered(m, 0));
	model_free(m);
}
END_TEST

/* -P INPUT DROP with one ACCEPT rule for a: b falls to the policy. */
START_TEST(input_policy_drop)
{
	struct model *m = run_nf("{ 'input_policy': 'DROP', 'rules': [ { 'chain': 'INPUT',"
				 " 'src': '10.0.0.0/24', 'target': 'ACCEPT' } ] }");
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->nf->policy_drops, offered(m, 1));
	ck_assert_uint_eq(h->drops[DROP_NETFILTER], offered(m, 1));
	model_free(m);
}
END_TEST

/* -m statistic --probability 0.25 on every packet: drops are binomial,
 * n = offered, p = 0.25: within 5 sd of n/4. */
START_TEST(statistic_probability)
{
	struct model *m = run_nf("{ 'rules': [ { 'chain': 'PREROUTING', 'probability': 0.25,"
				 " 'target': 'DROP' } ] }");
	struct host *h = model_host(m);
	double n = (double)h->nf->hook_pkts[NF_CHAIN_PREROUTING], d = (double)h->drops[DROP_NETFILTER];
	double sd = sqrt(n * 0.25 * 0.75);

	ck_assert(n > 1000);
	ck_assert_msg(d > n / 4 - 5 * sd && d < n / 4 + 5 * sd, "%.0f drops of %.0f", d, n);
	model_free(m);
}
END_TEST

/* The CPU time of the hooks: a chain of 40 non-matching rules (count 40,
 * -p tcp never matches UDP) plus the ACCEPT default: each packet costs
 * hook 20ns + 40 x rule 25ns = 1020ns, exactly (fixed costs). */
START_TEST(rule_cost_per_packet)
{
	struct model *m = run_nf("{ 'costs': { 'hook': '20ns', 'rule': '25ns' }, 'rules': ["
				 " { 'chain': 'INPUT', 'proto': 'tcp', 'count': 40,"
				 "   'target': 'DROP' } ] }");
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->drops[DROP_NETFILTER], 0);
	ck_assert_int_eq(h->nf->hook_time,
			 (sim_time_t)h->nf->hook_pkts[NF_CHAIN_INPUT] * 1020 * SIM_NS);
	model_free(m);
}
END_TEST

/* Raw PREROUTING DROP of b with conntrack on: only a's 16 flows have
 * entries (b never reaches nf_conntrack_in), all created by their first
 * packet. */
START_TEST(raw_drop_before_conntrack)
{
	struct model *m = run_nf("{ 'conntrack': { 'enabled': true }, 'rules': ["
				 " { 'chain': 'PREROUTING', 'src': '10.1.0.0/24', 'target': 'DROP' } ] }");
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->nf->ct.count, 16);
	ck_assert_uint_eq(h->nf->ct_new, 16);
	ck_assert_uint_eq(h->drops[DROP_NETFILTER], offered(m, 1));
	model_free(m);
}
END_TEST

/* --ctstate: a's flows are established (ASSURED at start, seen a reply),
 * b's are new.  -A INPUT -m conntrack --ctstate NEW -j DROP drops all of
 * b; b's entries are never confirmed, so only a's 16 remain. */
START_TEST(ctstate_new_drop)
{
	struct model *m = run_nf("{ 'conntrack': { 'enabled': true, 'established': 'a' },"
				 " 'rules': [ { 'chain': 'INPUT', 'ctstate': 'NEW', 'target': 'DROP' } ] }");
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->drops[DROP_NETFILTER], offered(m, 1));
	ck_assert_uint_eq(h->nf->ct.count, 16);
	ck_assert_uint_eq(nf_ct_count_status(&h->nf->ct, IPS_ASSURED), 16);
	ck_assert_uint_eq(h->nf->ct_new, 0);
	model_free(m);
}
END_TEST

/* A table of 20 entries, 16 of them a's (ASSURED), 16 new flows of b:
 * 4 are admitted into the free room; each later one is admitted only by
 * evicting unassured entries, else dropped (conntrack stat drop =
 * drops at the nf_conntrack place).  a never loses a packet. */
START_TEST(conntrack_full_in_host)
{
	struct model *m = run_nf("{ 'conntrack': { 'enabled': true, 'established': 'a',"
				 " 'net.netfilter.nf_conntrack_max': 20,"
				 " 'net.netfilter.nf_conntrack_buckets': 64 } }");
	struct host *h = model_host(m);
	const struct nf_ct_table *t = &h->nf->ct;
	uint64_t drop = 0;
	int i;

	for (i = 0; i < t->ncpus; i++)
		drop += t->stat[i].drop;
	ck_assert_uint_eq(h->drops[DROP_NF_CONNTRACK], drop);
	ck_assert_uint_gt(drop, 0);
	ck_assert_uint_eq(t->count, 20);
	ck_assert_uint_eq(nf_ct_count_status(t, IPS_ASSURED), 16);
	/* every packet of a reached the socket (or is still on its way) */
	ck_assert_uint_eq(h->delivered + drop, offered(m, 0) + offered(m, 1));
	ck_assert_uint_ge(h->delivered, offered(m, 0));
	model_free(m);
}
END_TEST

/* Bad input is one line naming the key. */
START_TEST(bad_rules_rejected)
{
	static const struct { const char *nf, *path; } bad[] = {
		{ "{ 'rules': [ { 'probability': '1.5' } ] }", "/netfilter/rules/0/probability" },
		{ "{ 'rules': [ { 'src': '10.0.0.1/33' } ] }", "/netfilter/rules/0/src" },
		{ "{ 'rules': [ { 'dport': '80' } ] }", "/netfilter/rules/0/proto" },
		{ "{ 'rules': [ { 'ctstate': 'NEW' } ] }", "/netfilter/rules/0/ctstate" },
		{ "{ 'conntrack': { 'enabled': true, 'established': 'zzz' } }",
		  "/netfilter/conntrack/established" },
		{ "{ 'conntrack': { 'net.netfilter.nf_conntrack_max': 0 } }",
		  "nf_conntrack_max" },
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct scenario sc;
		struct rxsim_err err = { { 0 } };
		char *buf;
		int rc;

		memset(&sc, 0, sizeof(sc));
		buf = malloc(4096);
		snprintf(buf, 4096, HOST_JSON, bad[i].nf);
		for (char *s = buf; *s; s++)
			if (*s == '\'')
				*s = '"';
		rc = scenario_load_buffer("<test>", buf, strlen(buf), NULL, 0, &sc, &err);
		ck_assert_msg(rc == RXSIM_EINPUT, "%s: rc %d", bad[i].nf, rc);
		ck_assert_msg(strstr(err.msg, bad[i].path), "%s: %s", bad[i].path, err.msg);
		ck_assert_ptr_null(strchr(err.msg, '\n'));
		scenario_free(&sc);
		free(buf);
	}
}
END_TEST

/*
 * Fragments and netfilter (net/ipv4/ip_input.c, nf_defrag_ipv4.c): 4000-byte
 * frames (IP 3982: 20 + 8 + 3954) over a sender MTU of 1500 leave as 3
 * fragments (1480 + 1480 + 1002 of IP payload), 4 flows, for 15 ms.
 * D = the datagrams sent, 3D the frames.
 */
#define FRAG_JSON \
	"{ 'duration': '20ms', 'host': { 'cpus': 2 }," \
	" 'nics': [ { 'name': 'eth0', 'driver': 'ixgbe', 'queues': 1, 'irq_affinity': [0] } ]," \
	" 'sockets': [ { 'name': 'srv', 'port': 9000 } ]," \
	" 'apps': [ { 'socket': 'srv', 'cpu': 1 } ]," \
	" 'traffic': [ { 'flows': 4, 'dst_port': 9000, 'rate': '30kpps', 'size': 4000," \
	"   'mtu': 1500, 'arrival': 'constant', 'stop': '15ms' } ]," \
	" 'netfilter': %s }"

static struct model *run_frag(const char *nf, uint64_t *datagrams)
{
	struct model *m = model_load(FRAG_JSON, nf);
	struct host *h;

	model_run(m);
	h = model_host(m);
	*datagrams = h->srcs[0].datagrams;
	ck_assert_uint_gt(*datagrams, 100);
	ck_assert_uint_eq(h->srcs[0].offered, 3 * *datagrams);
	ck_assert_uint_eq(h->ip.ReasmReqds, 3 * *datagrams);
	ck_assert_uint_eq(host_in_flight(h), 0);
	return m;
}

/* Without conntrack the raw table sees the 3 fragments of each datagram:
 * `-p udp --dport 9000` (a counting rule) matches the first only (xt_udp:
 * fragoff != 0 never matches), `-p udp` alone all 3 (the IP protocol);
 * ip_local_deliver() reassembles before INPUT, whose `--dport 9000 -j DROP`
 * then drops D datagrams, each once. */
START_TEST(fragments_raw_sees_fragments_input_datagrams)
{
	uint64_t d;
	struct model *m = run_frag("{ 'rules': ["
				   " { 'chain': 'PREROUTING', 'proto': 'udp', 'dport': '9000' },"
				   " { 'chain': 'PREROUTING', 'proto': 'udp' },"
				   " { 'chain': 'INPUT', 'proto': 'udp', 'dport': '9000',"
				   "   'target': 'DROP' } ] }", &d);
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->nf->hook_pkts[NF_CHAIN_PREROUTING], 3 * d);
	ck_assert_uint_eq(h->nf->rule_pkts[0], d);
	ck_assert_uint_eq(h->nf->rule_pkts[1], 3 * d);
	ck_assert_uint_eq(h->ip.ReasmOKs, d);
	ck_assert_uint_eq(h->nf->hook_pkts[NF_CHAIN_INPUT], d);
	ck_assert_uint_eq(h->nf->rule_pkts[2], d);
	ck_assert_uint_eq(h->drops[DROP_NETFILTER], d);
	ck_assert_uint_eq(h->delivered, 0);
	model_free(m);
}
END_TEST

/* With conntrack, nf_defrag_ipv4 reassembles ahead of the raw table: the
 * raw rules and conntrack see D datagrams; 4 flows make 4 entries, the
 * other D - 4 datagrams find theirs; all D are delivered. */
START_TEST(fragments_conntrack_defrags_first)
{
	uint64_t d;
	struct model *m = run_frag("{ 'conntrack': { 'enabled': true }, 'rules': ["
				   " { 'chain': 'PREROUTING', 'proto': 'udp', 'dport': '9000' } ] }",
				   &d);
	struct host *h = model_host(m);

	ck_assert_uint_eq(h->nf->hook_pkts[NF_CHAIN_PREROUTING], d);
	ck_assert_uint_eq(h->nf->rule_pkts[0], d);
	ck_assert_uint_eq(h->ip.ReasmOKs, d);
	ck_assert_uint_eq(h->nf->ct_new, 4);
	ck_assert_uint_eq(h->nf->ct_established, d - 4);
	ck_assert_uint_eq(h->delivered, d);
	model_free(m);
}
END_TEST

/* Conservation at every instant: a fragment conntrack's defrag keeps is
 * the queue's from the moment it is taken, not the driver's while the
 * hooks' CPU time (here a tap's, before them) is charged; checked every
 * 250 ns through 3 ms. */
START_TEST(fragments_conserved_while_hooked)
{
	struct model *m = model_load(FRAG_JSON, "{ 'conntrack': { 'enabled': true } },"
				     " 'taps': [ { 'dev': 'any' } ]");
	sim_time_t t;

	model_start(m);
	for (t = 250 * SIM_NS; t <= 3 * SIM_MS; t += 250 * SIM_NS) {
		model_until(m, t);
		model_assert_conserved(m);
	}
	model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("netfilter");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, input_drop_by_source);
	tcase_add_test(tc, first_match_decides);
	tcase_add_test(tc, input_policy_drop);
	tcase_add_test(tc, statistic_probability);
	tcase_add_test(tc, rule_cost_per_packet);
	tcase_add_test(tc, raw_drop_before_conntrack);
	tcase_add_test(tc, ctstate_new_drop);
	tcase_add_test(tc, conntrack_full_in_host);
	tcase_add_test(tc, bad_rules_rejected);
	tcase_add_test(tc, fragments_raw_sees_fragments_input_datagrams);
	tcase_add_test(tc, fragments_conntrack_defrags_first);
	tcase_add_test(tc, fragments_conserved_while_hooked);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
