/* SPDX-License-Identifier: MIT */
/*
 * report_nf.c - netfilter, conntrack and packet taps in the summary, under
 * the names a user reads: iptables -L -v packet counts, the columns of
 * /proc/net/stat/nf_conntrack per CPU, nf_conntrack_count, the kernel log
 * line, PACKET_STATISTICS as tcpdump prints them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rxsim/af_packet.h"
#include "rxsim/host.h"
#include "rxsim/netfilter.h"
#include "rxsim/vdev.h"
#include "report_nf.h"

static void u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void share(cJSON *o, const char *key, sim_time_t t, sim_time_t now)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.4f", now > 0 ? (double)t / (double)now : 0.0);
	cJSON_AddRawToObject(o, key, buf);
}

static const char *const chain_key[NF_CHAIN__N] = { "PREROUTING", "INPUT" };
static const char *const target_key[NF_TARGET__N] = { "ACCEPT", "DROP", "" };

/* ct_cpu_seq_show(): the columns after "entries", in file order */
static void ct_stat(cJSON *o, const struct ip_conntrack_stat *s)
{
	u64(o, "clashres", s->clash_resolve);
	u64(o, "found", s->found);
	u64(o, "new", 0);
	u64(o, "invalid", s->invalid);
	u64(o, "ignore", 0);
	u64(o, "delete", 0);
	u64(o, "chainlength", s->chaintoolong);
	u64(o, "insert", s->insert);
	u64(o, "insert_failed", s->insert_failed);
	u64(o, "drop", s->drop);
	u64(o, "early_drop", s->early_drop);
	u64(o, "icmp_error", s->error);
	u64(o, "expect_new", s->expect_new);
	u64(o, "expect_create", s->expect_create);
	u64(o, "expect_delete", s->expect_delete);
	u64(o, "search_restart", s->search_restart);
}

static void ct_sum(struct ip_conntrack_stat *sum, const struct nf_ct_table *t)
{
	int i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < t->ncpus; i++) {
		const struct ip_conntrack_stat *s = &t->stat[i];

		sum->clash_resolve += s->clash_resolve;
		sum->found += s->found;
		sum->invalid += s->invalid;
		sum->chaintoolong += s->chaintoolong;
		sum->insert += s->insert;
		sum->insert_failed += s->insert_failed;
		sum->drop += s->drop;
		sum->early_drop += s->early_drop;
		sum->error += s->error;
		sum->search_restart += s->search_restart;
	}
}

static void conntrack_section(const struct host *h, cJSON *nfo)
{
	const struct nf_ct_table *t = &h->nf->ct;
	cJSON *o = cJSON_AddObjectToObject(nfo, "conntrack"), *st, *log;
	struct ip_conntrack_stat sum;
	char key[32];
	int i;

	u64(o, "nf_conntrack_count", t->count);
	u64(o, "nf_conntrack_max", t->max);
	u64(o, "nf_conntrack_buckets", t->hsize);
	u64(o, "max_count", t->max_count);
	u64(o, "assured", nf_ct_count_status(t, IPS_ASSURED));
	u64(o, "new_confirmed", h->nf->ct_new);
	u64(o, "packets_of_existing", h->nf->ct_established);
	u64(o, "expired_freed", t->expired);
	u64(o, "gc_worker_runs", t->gc_runs);
	u64(o, "gc_worker_evicted", t->gc_evicted);
	log = cJSON_AddObjectToObject(o, "kernel_log");
	cJSON_AddStringToObject(log, "line", "nf_conntrack: table full, dropping packet");
	u64(log, "printed", t->log_printed);
	u64(log, "suppressed", t->log_suppressed);	/* by net_ratelimit */
	ct_sum(&sum, t);
	ct_stat(cJSON_AddObjectToObject(o, "stat_total"), &sum);
	st = cJSON_AddObjectToObject(o, "stat");
	for (i = 0; i < t->ncpus; i++) {
		snprintf(key, sizeof(key), "cpu%d", i);
		ct_stat(cJSON_AddObjectToObject(st, key), &t->stat[i]);
	}
}

static void iptables_section(const struct host *h, cJSON *nfo)
{
	const struct netfilter *nf = h->nf;
	cJSON *o = cJSON_AddObjectToObject(nfo, "iptables"), *rules;
	uint32_t i;
	int ch;

	for (ch = 0; ch < NF_CHAIN__N; ch++) {
		cJSON *c = cJSON_AddObjectToObject(o, chain_key[ch]);

		u64(c, "packets", nf->hook_pkts[ch]);
		u64(c, "drops", nf->hook_drops[ch]);
	}
	u64(o, "INPUT_policy_drops", nf->policy_drops);
	rules = cJSON_AddArrayToObject(o, "rules");
	for (i = 0; i < nf->cfg->n_rules; i++) {
		const struct nf_rule_cfg *r = &nf->cfg->rules[i];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "chain", chain_key[r->chain]);
		cJSON_AddStringToObject(e, "target", target_key[r->target]);
		u64(e, "pkts", nf->rule_pkts[i]);
		cJSON_AddItemToArray(rules, e);
	}
}

/* PACKET_FANOUT: the tap's group and, when the group rolls over, its
 * PACKET_ROLLOVER_STATS (struct tpacket_rollover_stats). */
static void fanout_section(const struct packet_tap *t, cJSON *o)
{
	const struct packet_fanout *f = t->fanout;
	cJSON *fo = cJSON_AddObjectToObject(o, "fanout"), *ro;

	u64(fo, "group", f->id);
	cJSON_AddStringToObject(fo, "mode", af_packet_fanout_name(f->type));
	cJSON_AddBoolToObject(fo, "rollover", f->rollover);
	u64(fo, "members", f->num_members);
	if (f->rollover || f->type == FANOUT_ROLLOVER) {
		ro = cJSON_AddObjectToObject(fo, "rollover_stats");
		u64(ro, "tp_all", t->rollover_num);
		u64(ro, "tp_huge", t->rollover_num_huge);
		u64(ro, "tp_failed", t->rollover_num_failed);
	}
}

void report_netfilter(const struct host *h, cJSON *root)
{
	int i;

	if (h->nf) {
		cJSON *nfo = cJSON_AddObjectToObject(root, "netfilter");

		share(nfo, "hook_cpu_share", h->nf->hook_time, h->sim->now);
		iptables_section(h, nfo);
		if (h->nf->ct_on)
			conntrack_section(h, nfo);
	}
	if (h->ntaps) {
		cJSON *a = cJSON_AddArrayToObject(root, "taps");

		for (i = 0; i < h->ntaps; i++) {
			const struct packet_tap *t = &h->taps[i];
			cJSON *o = cJSON_CreateObject(), *tcpd;

			cJSON_AddStringToObject(o, "name", t->cfg->name);
			cJSON_AddStringToObject(o, "dev", t->cfg->dev);
			/* a TPACKET_V3 ring, the default, is not named */
			if (t->cfg->mode != TAP_V3)
				cJSON_AddStringToObject(o, "mode", af_packet_mode_name(t->cfg->mode));
			u64(o, "frames_seen", t->seen);
			u64(o, "filtered_out", t->filtered);
			u64(o, "tp_packets", t->tp_packets);
			u64(o, "tp_drops", t->tp_drops);
			if (t->cfg->mode == TAP_V3) {
				u64(o, "tp_freeze_q_cnt", t->tp_freeze_q_cnt);
				u64(o, "blocks_read", t->blocks_read);
				u64(o, "blocks_timed_out", t->blocks_timed_out);
			} else if (t->cfg->mode == TAP_SOCKET) {
				u64(o, "rcvbuf", (uint64_t)t->sk_rcvbuf);
				u64(o, "sk_drops", t->sk_drops);
				u64(o, "max_rmem_alloc", (uint64_t)t->max_rmem_alloc);
			} else {
				u64(o, "tp_frame_size", t->frame_size);
				u64(o, "tp_frame_nr", t->frame_nr);
			}
			share(o, "softirq_cpu_share", t->rcv_time, h->sim->now);
			share(o, "reader_cpu_share", t->task.sum_exec, h->sim->now);
			if (t->fanout)
				fanout_section(t, o);
			/* what tcpdump prints at exit */
			tcpd = cJSON_AddObjectToObject(o, "tcpdump");
			u64(tcpd, "packets captured", t->read);
			u64(tcpd, "packets received by filter", t->tp_packets);
			u64(tcpd, "packets dropped by kernel", t->tp_drops);
			cJSON_AddItemToArray(a, o);
		}
	}
}

void report_netfilter_counters(const struct host *h, cJSON *by_counter)
{
	struct ip_conntrack_stat sum;

	if (!h->nf)
		return;
	u64(by_counter, "iptables: DROP (rules and policy)",
	    h->nf->hook_drops[NF_CHAIN_PREROUTING] + h->nf->hook_drops[NF_CHAIN_INPUT]);
	if (h->nf->ct_on) {
		ct_sum(&sum, &h->nf->ct);
		u64(by_counter, "nf_conntrack: drop", sum.drop);
		u64(by_counter, "nf_conntrack: insert_failed", sum.insert_failed);
	}
}

void print_netfilter(FILE *f, const struct host *h)
{
	const double now = (double)h->sim->now;
	struct ip_conntrack_stat sum;
	int i;

	if (h->nf) {
		fprintf(f, "netfilter PREROUTING %" PRIu64 " pkts %" PRIu64 " dropped, INPUT %" PRIu64
			" pkts %" PRIu64 " dropped, %.1f%% of a CPU\n",
			h->nf->hook_pkts[NF_CHAIN_PREROUTING], h->nf->hook_drops[NF_CHAIN_PREROUTING],
			h->nf->hook_pkts[NF_CHAIN_INPUT], h->nf->hook_drops[NF_CHAIN_INPUT],
			100.0 * (double)h->nf->hook_time / now);
		if (h->nf->ct_on) {
			const struct nf_ct_table *t = &h->nf->ct;

			ct_sum(&sum, t);
			fprintf(f, "conntrack count %u of max %u (peak %u), drop %" PRIu64
				", early_drop %" PRIu64 ", insert_failed %" PRIu64
				", \"table full, dropping packet\" logged %" PRIu64 " (%" PRIu64
				" suppressed)\n", t->count, t->max, t->max_count, sum.drop,
				sum.early_drop, sum.insert_failed, t->log_printed, t->log_suppressed);
		}
	}
	for (i = 0; i < h->ntaps; i++) {
		const struct packet_tap *t = &h->taps[i];

		fprintf(f, "%s%s on %s: %" PRIu64 " packets captured, %" PRIu64
			" received by filter, %" PRIu64 " dropped by kernel; softirq %.1f%%, "
			"reader %.1f%% of a CPU", i ? "          " : "taps      ", t->cfg->name,
			t->cfg->dev, t->read, t->tp_packets, t->tp_drops,
			100.0 * (double)t->rcv_time / now, 100.0 * (double)t->task.sum_exec / now);
		if (t->cfg->mode == TAP_SOCKET)
			fprintf(f, " (packet socket, rcvbuf %" PRId64 ", sk_drops %" PRIu64 ")",
				t->sk_rcvbuf, t->sk_drops);
		else if (t->cfg->mode != TAP_V3)
			fprintf(f, " (%s ring, %u x %u bytes)", af_packet_mode_name(t->cfg->mode),
				t->frame_nr, t->frame_size);
		if (t->fanout) {
			fprintf(f, "; fanout group %u (%s%s)", t->fanout->id,
				af_packet_fanout_name(t->fanout->type),
				t->fanout->rollover ? ", rollover" : "");
			if (t->fanout->rollover || t->fanout->type == FANOUT_ROLLOVER)
				fprintf(f, ", rolled over %" PRIu64 " (huge %" PRIu64 "), failed %"
					PRIu64, t->rollover_num, t->rollover_num_huge,
					t->rollover_num_failed);
		}
		fputc('\n', f);
	}
}

bool ts_drop_shown(const struct host *h, int i)
{
	if (i >= DROP_TCP_FIRST)
		return h->tcp != NULL;
	if (i == DROP_VETH_RING)
		return veth_napi_any(h);
	return (i != DROP_NETFILTER && i != DROP_NF_CONNTRACK) || h->nf;
}

void ts_netfilter_header(FILE *f, const struct host *h)
{
	if (h->nf && h->nf->ct_on)
		fputs(",nf_conntrack_count,nf_conntrack_drop,nf_conntrack_early_drop", f);
	if (h->ntaps)
		fputs(",tap_tp_packets,tap_tp_drops", f);
	/* PACKET_ROLLOVER_STATS of every member: tp_all and tp_failed */
	if (h->nfanouts)
		fputs(",tap_fanout_rollover,tap_fanout_rollover_failed", f);
}

void ts_netfilter_row(FILE *f, const struct host *h, uint64_t prev[6])
{
	struct ip_conntrack_stat sum;
	uint64_t v[6] = { 0, 0, 0, 0, 0, 0 };
	int i;

	if (h->nf && h->nf->ct_on) {
		ct_sum(&sum, &h->nf->ct);
		v[0] = sum.drop;
		v[1] = sum.early_drop;
		fprintf(f, ",%u,%" PRIu64 ",%" PRIu64, h->nf->ct.count, v[0] - prev[0], v[1] - prev[1]);
	}
	if (h->ntaps) {
		for (i = 0; i < h->ntaps; i++) {
			v[2] += h->taps[i].tp_packets;
			v[3] += h->taps[i].tp_drops;
		}
		fprintf(f, ",%" PRIu64 ",%" PRIu64, v[2] - prev[2], v[3] - prev[3]);
	}
	if (h->nfanouts) {
		for (i = 0; i < h->ntaps; i++) {
			v[4] += h->taps[i].rollover_num;
			v[5] += h->taps[i].rollover_num_failed;
		}
		fprintf(f, ",%" PRIu64 ",%" PRIu64, v[4] - prev[4], v[5] - prev[5]);
	}
	memcpy(prev, v, sizeof(v));
}
