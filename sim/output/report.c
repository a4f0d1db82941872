/* SPDX-License-Identifier: MIT */
/*
 * report.c - the summary JSON of a run.  Key order is fixed by this code;
 * counters are emitted as raw integers (cJSON would print 1e+15 and lose
 * digits beyond 2^53); ratios with a fixed number of decimals.  Wall-clock
 * values appear only under "run", so everything else is a pure function of
 * scenario and seed.
 */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_tcp.h"
#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/cpu.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/diagnose.h"
#include "rxsim/ip_frag.h"
#include "rxsim/nic.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sock.h"
#include "rxsim/softnet.h"
#include "rxsim/traffic.h"
#include "rxsim/units.h"
#include "report_nf.h"
#include "rxsim/vdev.h"
#include "report_offload.h"

#define SCHEMA_VERSION 1

static cJSON *obj(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	if (parent)
		cJSON_AddItemToObject(parent, key, o);
	return o;
}

static cJSON *arr(cJSON *parent, const char *key)
{
	cJSON *a = cJSON_CreateArray();

	cJSON_AddItemToObject(parent, key, a);
	return a;
}

static void u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void i64(cJSON *o, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void fixed(cJSON *o, const char *key, double v, int decimals)
{
	char buf[64];

	if (!isfinite(v))
		v = 0;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void str(cJSON *o, const char *key, const char *s)
{
	cJSON_AddStringToObject(o, key, s);
}

/* ps -> ns, rounded to the nearest nanosecond */
static int64_t ns(int64_t ps)
{
	return ps >= 0 ? (ps + 500) / 1000 : -((-ps + 500) / 1000);
}

static void latency(cJSON *parent, const char *key, const struct hist *hh)
{
	cJSON *o = obj(parent, key);

	u64(o, "count", hh->count);
	i64(o, "min", ns(hh->count ? hh->min : 0));
	i64(o, "mean", ns(hist_mean(hh)));
	i64(o, "p50", ns(hist_quantile(hh, 0.50)));
	i64(o, "p90", ns(hist_quantile(hh, 0.90)));
	i64(o, "p99", ns(hist_quantile(hh, 0.99)));
	i64(o, "p999", ns(hist_quantile(hh, 0.999)));
	i64(o, "max", ns(hh->count ? hh->max : 0));
}

struct echo_ctx {
	cJSON *root;
	bool tcp;		/* the run has TCP: its keys are echoed too */
};

static void echo_one(void *arg, const char *path, const struct param *p, const void *value)
{
	struct echo_ctx *e = arg;
	char buf[2048];

	if ((p->flags & PF_TCP) && !e->tcp)
		return;
	param_format(p, value, buf, sizeof(buf));
	if (p->flags & PF_QUIET) {
		_Alignas(max_align_t) char def[4096];
		char dbuf[2048], perr[256];

		if (p->def && !param_parse_text(p, p->def, def, perr, sizeof(perr)) &&
		    !strcmp(param_format(p, def, dbuf, sizeof(dbuf)), buf))
			return;
	}
	cJSON_AddStringToObject(e->root, path, buf);
}

/* Places of stages a scenario may not use are listed when it uses them. */
static bool place_shown(const struct host *h, int i)
{
	int j;

	if (i == DROP_NETFILTER || i == DROP_NF_CONNTRACK)
		return h->nf != NULL;
	if (i >= DROP_TCP_FIRST)
		return h->tcp != NULL;
	if (!drop_info[i].optional || h->drops[i])
		return true;
	if (i == DROP_FRAG_TIMEOUT || i == DROP_FRAG_MEM)
		return h->ipfrag_on;
	if (i == DROP_VETH_RING)
		return veth_napi_any(h);
	for (j = 0; i == DROP_NIC_LENGTH && j < h->nnics; j++)
		if (h->nics[j].max_frame != UINT32_MAX)
			return true;
	return false;
}

static cJSON *drops_section(const struct host *h, cJSON *root)
{
	cJSON *d = obj(root, "drops"), *by_reason, *by_counter;
	uint64_t total = 0;
	int i, j;

	for (i = 0; i < DROP__N; i++)
		total += h->drops[i];
	u64(d, "total", total);
	u64(d, "host", total - h->drops[DROP_UPSTREAM]);
	for (i = 0; i < DROP__N; i++)
		if (place_shown(h, i))
			u64(d, drop_info[i].key, h->drops[i]);
	by_reason = obj(d, "by_reason");
	for (i = 0; i < DROP__N; i++) {
		uint64_t n = 0;

		/* one key per reason: places sharing one sum into the first */
		if (!drop_info[i].reason || !place_shown(h, i))
			continue;
		for (j = 0; j < i && strcmp(drop_info[j].reason ? drop_info[j].reason : "",
					    drop_info[i].reason); j++)
			;
		if (j < i)
			continue;
		for (j = i; j < DROP__N; j++)
			if (drop_info[j].reason && !strcmp(drop_info[j].reason, drop_info[i].reason))
				n += h->drops[j];
		u64(by_reason, drop_info[i].reason, n);
	}
	/* The counters a user reads on the host, summed over queues. */
	by_counter = obj(d, "by_counter");
	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];
		uint64_t ring = 0, fifo = 0, nobuf = 0;
		char key[96];

		for (j = 0; j < n->nrxq; j++) {
			ring += n->rxqs[j].ring_drops;
			fifo += n->rxqs[j].fifo_drops;
			nobuf += n->rxqs[j].no_buffer;
		}
		snprintf(key, sizeof(key), "%s: %s", n->cfg->name, n->prof->ring_drop_counter);
		if (!strcmp(n->prof->ring_drop_counter, n->prof->fifo_drop_counter)) {
			u64(by_counter, key, ring + fifo);
		} else {
			u64(by_counter, key, ring);
			snprintf(key, sizeof(key), "%s: %s", n->cfg->name,
				 n->prof->fifo_drop_counter);
			u64(by_counter, key, fifo);
		}
		if (n->prof->no_buffer_counter) {
			snprintf(key, sizeof(key), "%s: %s (not a drop)", n->cfg->name,
				 n->prof->no_buffer_counter);
			u64(by_counter, key, nobuf);
		}
	}
	/* enqueue_to_backlog() drops count in the softnet_stat of the CPU
	 * whose backlog was full, one line per CPU as /proc shows them. */
	for (i = 0; i < h->ncpus; i++) {
		char key[64];

		snprintf(key, sizeof(key), "cpu%d: softnet_stat dropped", i);
		u64(by_counter, key, h->cpus[i].sd.dropped);
	}
	u64(by_counter, "Udp: NoPorts", h->udp.NoPorts);
	u64(by_counter, "Udp: RcvbufErrors", h->udp.RcvbufErrors);
	report_netfilter_counters(h, by_counter);
	if (h->tcp) {
		u64(by_counter, "TcpExt: TCPBacklogDrop", h->drops[DROP_TCP_BACKLOG]);
		u64(by_counter, "TcpExt: TCPRcvQDrop", h->drops[DROP_TCP_RCVQ]);
		u64(by_counter, "TcpExt: TCPOFODrop", h->drops[DROP_TCP_OFO]);
		u64(by_counter, "TcpExt: TCPZeroWindowDrop", h->drops[DROP_TCP_ZEROWINDOW]);
	}
	u64(by_counter, "upstream (not the host)", h->drops[DROP_UPSTREAM]);
	for (i = 0; i < h->nnics; i++) {
		char key[96];

		if (h->nics[i].max_frame == UINT32_MAX)
			continue;
		snprintf(key, sizeof(key), "%s: rx_length_errors", h->nics[i].cfg->name);
		u64(by_counter, key, h->nics[i].rx_length_errors);
	}
	if (h->ipfrag_on) {
		u64(by_counter, "Ip: ReasmFails", h->ip.ReasmFails);
		u64(by_counter, "Ip: ReasmTimeout", h->ip.ReasmTimeout);
	}
	return d;
}

static void nics_section(const struct host *h, cJSON *root)
{
	cJSON *a = arr(root, "nics");
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];
		cJSON *o = obj(NULL, NULL), *qs;

		cJSON_AddItemToArray(a, o);
		str(o, "name", n->cfg->name);
		str(o, "driver", n->prof->name);
		u64(o, "offered", n->link.offered);
		u64(o, "upstream_drops", n->link.upstream_drops);
		if (n->max_frame != UINT32_MAX) {
			i64(o, "mtu", n->cfg->mtu);
			u64(o, "rx_length_errors", n->rx_length_errors);
		}
		qs = arr(o, "queues");
		for (j = 0; j < n->nrxq; j++) {
			const struct rxq *q = &n->rxqs[j];
			cJSON *qo = obj(NULL, NULL), *e, *ring, *napi;

			cJSON_AddItemToArray(qs, qo);
			u64(qo, "queue", (uint64_t)j);
			str(qo, "irq", q->irq.name);
			u64(qo, "irq_cpu", (uint64_t)q->irq.cpu);
			u64(qo, "interrupts", q->irq.desc.count);
			/* the interval in force at the end (moves under dynamic ITR) */
			u64(qo, "rx_usecs_now", (uint64_t)(q->irq.interval / SIM_US));
			u64(qo, "rx_frames_now", (uint64_t)q->irq.frames);
			u64(qo, "dim_profile_changes", q->irq.dim.profile_changes);
			e = obj(qo, "ethtool");
			u64(e, "rx_packets", q->rx_packets);
			u64(e, "rx_bytes", q->rx_bytes);
			if (!strcmp(n->prof->ring_drop_counter, n->prof->fifo_drop_counter)) {
				u64(e, n->prof->ring_drop_counter, q->ring_drops + q->fifo_drops);
			} else {
				u64(e, n->prof->ring_drop_counter, q->ring_drops);
				u64(e, n->prof->fifo_drop_counter, q->fifo_drops);
			}
			if (n->prof->no_buffer_counter)
				u64(e, n->prof->no_buffer_counter, q->no_buffer);
			ring = obj(qo, "ring");
			u64(ring, "size", q->count);
			u64(ring, "max_filled", q->max_filled);
			u64(ring, "refills", q->refills);
			u64(ring, "drop_en", q->drop_en);
			napi = obj(qo, "napi");
			u64(napi, "polls", q->napi.polls);
			u64(napi, "polls_full_weight", q->napi.polls_full);
			u64(napi, "packets", q->polled);
			u64(qo, "rps_steered", q->steered);
			report_queue_offload(n, q, qo);
		}
		report_nic_cpumap(h, n, o);
	}
}

/* "thread": the kthread of a threaded NAPI @n */
static void napi_thread_object(const struct host *h, const struct napi *n, cJSON *o)
{
	const struct task *k = &n->thread->task;
	cJSON *t = obj(o, "thread");

	str(t, "name", k->name);
	i64(t, "cpu_ns", ns(k->sum_exec));
	fixed(t, "cpu_share", (double)k->sum_exec / (double)h->sim->now, 4);
	u64(t, "nr_switches", k->nr_switches);
	u64(t, "rounds", n->thread->rounds);
}

/*
 * Per NAPI instance, only when a NAPI mode is in use (threaded, deferred
 * IRQs, IRQ suspension, busy polling): how it was polled and what kept its
 * interrupt off.  mode: "threaded" (its kthread polls it), "busy-polled"
 * (more busy polls than softirq polls), else "softirq".
 */
static void napi_section(const struct host *h, cJSON *root)
{
	cJSON *a = NULL;
	int i;

	for (i = 0; i < h->nrxq; i++) {
		const struct rxq *q = h->rxqs[i];
		const struct napi *n = &q->napi;
		cJSON *o;

		if (!napi_mode_set(n) && !n->busy_polls)
			continue;
		if (!a)
			a = arr(root, "napi");
		o = obj(NULL, NULL);
		cJSON_AddItemToArray(a, o);
		u64(o, "napi_id", 8193 + (uint64_t)q->gidx);
		str(o, "nic", q->nic->cfg->name);
		u64(o, "queue", (uint64_t)q->index);
		str(o, "mode", n->thread ? "threaded" : n->busy_polls > n->polls ? "busy-polled" :
									"softirq");
		u64(o, "polls", n->polls);
		u64(o, "busy_polls", n->busy_polls);
		u64(o, "interrupts", q->irq.desc.count);
		u64(o, "deferred_completions", n->deferred);
		u64(o, "timer_fires", n->timer_fires);
		u64(o, "timer_polls", n->timer_scheds);
		u64(o, "napi_defer_hard_irqs", (uint64_t)n->defer_hard_irqs);
		i64(o, "gro_flush_timeout_ns", ns(n->gro_flush_timeout));
		i64(o, "irq_suspend_timeout_ns", ns(n->irq_suspend_timeout));
		if (n->thread)
			napi_thread_object(h, n, o);
	}
}

static void cpus_section(const struct host *h, cJSON *root)
{
	cJSON *a = arr(root, "cpus");
	int i, k;

	for (i = 0; i < h->ncpus; i++) {
		const struct cpu *c = &h->cpus[i];
		const struct softnet_data *sd = &c->sd;
		cJSON *o = obj(NULL, NULL), *s, *t, *sh, *si;

		cJSON_AddItemToArray(a, o);
		u64(o, "cpu", (uint64_t)i);
		s = obj(o, "softnet_stat");
		u64(s, "processed", sd->processed);
		u64(s, "dropped", sd->dropped);
		u64(s, "time_squeeze", sd->time_squeeze);
		u64(s, "received_rps", sd->received_rps);
		u64(s, "flow_limit_count", sd->flow_limit_count);
		u64(s, "backlog_len", backlog_queued(sd));
		u64(s, "cpu_index", (uint64_t)i);
		u64(s, "input_qlen", sd->input_pkt_queue.len);
		u64(s, "process_qlen", sd->process_queue.len);
		{
			/* the line as /proc/net/softnet_stat prints it (6.18 layout:
			 * softnet_seq_show, %08x fields, columns 4-9 obsolete zeros) */
			char line[160];

			snprintf(line, sizeof(line),
				 "%08x %08x %08x 00000000 00000000 00000000 00000000 00000000 "
				 "00000000 %08x %08x %08x %08x %08x %08x",
				 (unsigned)sd->processed, (unsigned)sd->dropped,
				 (unsigned)sd->time_squeeze, (unsigned)sd->received_rps,
				 (unsigned)sd->flow_limit_count, backlog_queued(sd), (unsigned)i,
				 sd->input_pkt_queue.len, sd->process_queue.len);
			str(o, "softnet_stat_line", line);
		}
		s = obj(o, "backlog");
		u64(s, "max_len", sd->max_backlog_len);
		u64(s, "polls", sd->backlog.polls);
		u64(s, "ipis_sent", sd->ipis_sent);
		u64(o, "interrupts", c->nr_hardirqs);
		si = obj(o, "softirq");
		u64(si, "NET_RX", sd->net_rx_softirqs);
		u64(si, "episodes_irq_exit", sd->episodes_inline);
		u64(si, "episodes_bh_enable", sd->episodes_bh_enable);
		u64(si, "episodes_ksoftirqd", sd->episodes_ksoftirqd);
		u64(si, "restarts", sd->softirq_restarts);
		u64(si, "handoffs_to_ksoftirqd", sd->handoffs);
		u64(si, "ksoftirqd_wakeups", sd->ksoftirqd_wakeups);
		u64(o, "context_switches", c->nr_context_switches);
		t = obj(o, "time_ns");
		sh = obj(o, "share");
		for (k = 0; k < acct_columns(host_has_napi_threads(h)); k++) {
			i64(t, acct_names[acct_order[k]], ns(c->acct[acct_order[k]]));
			fixed(sh, acct_names[acct_order[k]],
			      (double)c->acct[acct_order[k]] / (double)h->sim->now, 4);
		}
	}
}

/* Per traffic source: what it offered and, for a replay, what the trace held. */
static void traffic_section(const struct host *h, cJSON *root, double secs)
{
	cJSON *a = arr(root, "traffic");
	int i, k;

	for (i = 0; h->srcs && i < h->nsrcs; i++) {
		const struct traffic_src *s = &h->srcs[i];
		const struct replay_state *rp = &s->gen.rp;
		cJSON *o = obj(NULL, NULL), *t, *sk;
		uint64_t skipped = 0;

		cJSON_AddItemToArray(a, o);
		str(o, "name", h->sc->traffic[i].name);
		str(o, "law", !s->gen.cfg ? "" : s->gen.cfg->tcp_sender ?
			       "tcp" : traffic_gen_law(&s->gen));
		str(o, "nic", s->nic ? s->nic->cfg->name : "");
		u64(o, "offered", s->offered);
		u64(o, "offered_bytes", s->offered_bytes);
		fixed(o, "offered_pps", secs > 0 ? (double)s->offered / secs : 0, 1);
		fixed(o, "mean_size", s->offered ? (double)s->offered_bytes / (double)s->offered : 0,
		      2);
		if (s->ip_special) {
			/* datagrams before fragmentation; frames lost on the path */
			u64(o, "datagrams", s->datagrams);
			u64(o, "lost_on_path", s->lost);
		}
		if (!s->gen.replay)
			continue;
		t = obj(o, "replay");
		str(t, "file", h->sc->traffic[i].replay.file);
		u64(t, "records", rp->records);
		u64(t, "passes", rp->played);
		u64(t, "reordered", rp->clamped);
		sk = obj(t, "skipped");
		for (k = 1; k < TRACE_SKIP__N; k++) {
			u64(sk, trace_skip_names[k], rp->skipped[k]);
			skipped += rp->skipped[k];
		}
		u64(sk, "total", skipped);
	}
}

static void sockets_section(const struct host *h, cJSON *root)
{
	cJSON *a = arr(root, "sockets");
	int i;

	for (i = 0; i < h->nsocks; i++) {
		const struct udp_sock *sk = &h->socks[i];
		cJSON *o;

		if (sk->cfg->proto != SPROTO_UDP)
			continue;	/* TCP listeners: the "tcp" section */
		o = obj(NULL, NULL);

		cJSON_AddItemToArray(a, o);
		str(o, "name", sk->cfg->name);
		u64(o, "port", (uint64_t)sk->cfg->port);
		i64(o, "sk_rcvbuf", sk->sk_rcvbuf);
		u64(o, "enqueued", sk->enqueued);
		u64(o, "read", sk->read);
		u64(o, "drops", sk->sk_drops);
		u64(o, "wakeups", sk->wakeups);
		u64(o, "reuseport_selected", sk->reuse_count);
		i64(o, "max_rmem_alloc", sk->max_rmem_alloc);
		u64(o, "max_queued", sk->max_qlen);
		u64(o, "queued_at_end", udp_queued(sk));
	}
}

/* lo, veth and their senders; Ip: reassembly.  Only when configured. */
static void vdev_section(const struct host *h, cJSON *root)
{
	cJSON *a;
	int i;

	if (!h->nvdevs)
		return;
	a = arr(root, "devices");
	for (i = 0; i < h->nvdevs; i++) {
		const struct vdev *d = &h->vdevs[i];
		cJSON *o = obj(NULL, NULL);

		cJSON_AddItemToArray(a, o);
		str(o, "name", d->cfg->name);
		str(o, "type", d->cfg->type == VDEV_LO ? "lo" : "veth");
		u64(o, "mtu", d->mtu);
		u64(o, "rx_packets", d->rx_packets);
		u64(o, "rx_bytes", d->rx_bytes);
		u64(o, "rx_dropped", d->rx_dropped);
		if (d->rq)
			report_veth_napi(d, o);
		if (d->rxq.napi.thread)
			napi_thread_object(h, &d->rxq.napi, cJSON_GetObjectItem(o, "napi"));
	}
	a = arr(root, "senders");
	for (i = 0; i < h->nsenders; i++) {
		const struct local_sender *s = &h->senders[i];
		cJSON *o = obj(NULL, NULL);

		cJSON_AddItemToArray(a, o);
		str(o, "name", s->task.name);
		str(o, "device", s->cfg->device);
		i64(o, "cpu", s->task.pinned);
		u64(o, "datagrams", s->datagrams);
		u64(o, "frames", s->frames);
		u64(o, "syscalls", s->syscalls);
		u64(o, "sleeps", s->sleeps);
		u64(o, "backlogged_at_end", s->ready);
		i64(o, "cpu_time_ns", ns(s->task.sum_exec));
		fixed(o, "cpu_share", (double)s->task.sum_exec / (double)h->sim->now, 4);
	}
}

static void ip_snmp(const struct host *h, cJSON *snmp)
{
	const struct ip_frags *f = h->ipfrag;
	cJSON *o;

	if (!h->ipfrag_on)
		return;
	/* /proc/net/snmp Ip: names (net/ipv4/proc.c snmp4_ipstats_list) */
	o = obj(snmp, "Ip");
	u64(o, "ReasmTimeout", h->ip.ReasmTimeout);
	u64(o, "ReasmReqds", h->ip.ReasmReqds);
	u64(o, "ReasmOKs", h->ip.ReasmOKs);
	u64(o, "ReasmFails", h->ip.ReasmFails);
	u64(o, "FragOKs", h->ip.FragOKs);
	u64(o, "FragCreates", h->ip.FragCreates);
	if (h->ip.ReasmOverlaps) {
		/* /proc/net/netstat IpExt: (net/ipv4/proc.c snmp4_ipextstats_list) */
		o = obj(snmp, "IpExt");
		u64(o, "ReasmOverlaps", h->ip.ReasmOverlaps);
	}
	o = obj(snmp, "ipfrag");
	u64(o, "queues_now", ip_frags_queues(h));
	u64(o, "max_queues", f ? f->max_queues : 0);
	i64(o, "mem_now", ip_frags_mem(h));
	i64(o, "max_mem", f ? f->max_mem : 0);
	u64(o, "fragments_queued_now", f ? f->held : 0);
	u64(o, "fragments_wasted", ip_frags_dropped(h));
}

static void threads_section(const struct host *h, cJSON *root)
{
	cJSON *a = arr(root, "threads");
	int i;

	for (i = 0; i < h->nthreads; i++) {
		const struct app_thread *t = &h->threads[i];
		cJSON *o = obj(NULL, NULL);
		uint64_t w = t->task.nr_wakeups;

		cJSON_AddItemToArray(a, o);
		str(o, "name", t->task.name);
		str(o, "socket", t->cfg->socket);
		i64(o, "cpu", t->task.pinned);
		u64(o, "datagrams", t->datagrams);
		u64(o, "syscalls", t->syscalls);
		u64(o, "sleeps", t->sleeps);
		u64(o, "wakeups", w);
		u64(o, "wakeups_remote", t->wakeups_remote);
		u64(o, "busy_polls", t->busy_polls);
		u64(o, "epoll_waits", t->epoll_waits);
		i64(o, "cpu_time_ns", ns(t->task.sum_exec));
		fixed(o, "cpu_share", (double)t->task.sum_exec / (double)h->sim->now, 4);
		i64(o, "mean_wakeup_delay_ns", w ? ns(t->wake_delay_sum / (int64_t)w) : 0);
	}
	for (i = 0; i < h->ncpus; i++) {
		const struct task *t = &h->cpus[i].ksoftirqd;
		cJSON *o;

		if (!t->sum_exec && !t->nr_wakeups)
			continue;
		o = obj(NULL, NULL);
		cJSON_AddItemToArray(a, o);
		str(o, "name", t->name);
		i64(o, "cpu", t->pinned);
		u64(o, "wakeups", t->nr_wakeups);
		i64(o, "cpu_time_ns", ns(t->sum_exec));
		fixed(o, "cpu_share", (double)t->sum_exec / (double)h->sim->now, 4);
	}
}

cJSON *rxsim_summary(const struct rxsim_run *r, bool with_wall)
{
	const struct host *h = &r->host;
	const struct scenario *sc = r->sc;
	double secs = (double)r->sim.now / (double)SIM_S;
	cJSON *root = cJSON_CreateObject(), *o, *lat, *snmp;
	struct echo_ctx echo;
	uint64_t dropped = 0;
	char kv[16];
	int i;

	u64(root, "schema_version", SCHEMA_VERSION);
	str(root, "rxsim_version", RXSIM_VERSION);
	o = obj(root, "scenario");
	str(o, "name", sc->name);
	str(o, "file", sc->file);
	u64(o, "seed", (uint64_t)sc->seed);
	snprintf(kv, sizeof(kv), "%d.%d", sc->kernel / 1000, sc->kernel % 1000);
	str(o, "kernel", kv);

	o = obj(root, "run");
	i64(o, "simulated_ns", ns(r->sim.now));
	u64(o, "events", r->sim.events);
	u64(o, "packet_pool_peak", h->pkts.peak);
	u64(o, "packet_pool_grows", h->pkts.grows);
	if (with_wall) {
		fixed(o, "wall_s", r->wall_s, 6);
		fixed(o, "sim_over_wall", r->wall_s > 0 ? secs / r->wall_s : 0, 6);
		fixed(o, "events_per_wall_s", r->wall_s > 0 ? (double)r->sim.events / r->wall_s : 0,
		      0);
	}

	for (i = 0; i < DROP__N; i++)
		dropped += h->drops[i];
	o = obj(root, "packets");
	u64(o, "offered", h->offered);
	u64(o, "delivered", h->delivered);
	u64(o, "dropped", dropped);
	u64(o, "in_flight", host_in_flight(h));
	fixed(o, "offered_pps", secs > 0 ? (double)h->offered / secs : 0, 1);
	fixed(o, "delivered_pps", secs > 0 ? (double)h->delivered / secs : 0, 1);
	fixed(o, "delivered_ratio", h->offered ? (double)h->delivered / (double)h->offered : 0, 6);
	traffic_section(h, root, secs);

	drops_section(h, root);
	o = obj(root, "conservation");
	cJSON_AddBoolToObject(o, "ok", r->conserved);
	str(o, "checked", "offered = delivered + dropped + in flight, per stage");

	lat = obj(root, "latency_ns");
	for (i = 0; i < LAT__N; i++)
		latency(lat, lat_names[i], &h->lat[i]);

	o = obj(root, "snmp");
	snmp = obj(o, "Udp");
	u64(snmp, "InDatagrams", h->udp.InDatagrams);
	u64(snmp, "NoPorts", h->udp.NoPorts);
	u64(snmp, "InErrors", h->udp.InErrors);
	u64(snmp, "RcvbufErrors", h->udp.RcvbufErrors);
	u64(snmp, "MemErrors", h->udp.MemErrors);
	ip_snmp(h, o);

	report_tcp(h, root, secs);
	cJSON_AddItemToObject(root, "diagnosis", rxsim_diagnose(h));
	nics_section(h, root);
	napi_section(h, root);
	cpus_section(h, root);
	sockets_section(h, root);
	threads_section(h, root);
	report_netfilter(h, root);
	vdev_section(h, root);

	echo.root = obj(root, "config");
	echo.tcp = h->tcp != NULL;
	scenario_visit(sc, echo_one, &echo);
	return root;
}

struct path_list {
	char **v;
	size_t n, cap;
	bool oom;
};

static void add_path(struct path_list *l, const char *path)
{
	if (l->n + 1 >= l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = strdup(path);
	if (!l->v[l->n])
		l->oom = true;
	else
		l->v[++l->n] = NULL;
}

/* Numeric leaves under @node, as dotted paths (array elements by index);
 * keys with a dot cannot be named that way and are left out. */
static void collect_paths(struct path_list *l, const cJSON *node, const char *prefix)
{
	const cJSON *c;
	int i = 0;

	if (cJSON_IsNumber(node) || cJSON_IsRaw(node)) {
		add_path(l, prefix);
		return;
	}
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return;
	cJSON_ArrayForEach(c, node) {
		char path[256];

		if (cJSON_IsArray(node))
			snprintf(path, sizeof(path), "%s%s%d", prefix, *prefix ? "." : "", i++);
		else if (strchr(c->string, '.') ||
			 snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "",
				  c->string) >= (int)sizeof(path))
			continue;
		collect_paths(l, c, path);
	}
}

char **rxsim_summary_paths(const struct scenario *sc)
{
	struct path_list l = { NULL, 0, 0, false };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	cJSON *s = NULL;
	char msg[256];
	int i;

	if (!r)
		return NULL;
	r->sc = sc;
	if (!sim_init(&r->sim, (uint64_t)sc->seed) && !host_setup(&r->host, &r->sim, sc, msg, sizeof(msg))) {
		/* Entries the writer leaves out until they happen: a ksoftirqd
		 * thread is listed once it ran. */
		for (i = 0; i < r->host.ncpus; i++)
			r->host.cpus[i].ksoftirqd.nr_wakeups = 1;
		s = rxsim_summary(r, true);
	}
	if (s) {
		collect_paths(&l, s, "");
		if (!l.v && !(l.v = calloc(1, sizeof(*l.v))))	/* empty, not NULL */
			l.oom = true;
	}
	cJSON_Delete(s);
	rxsim_run_free(r);
	free(r);
	if (!s || l.oom) {
		rxsim_summary_paths_free(l.v);
		return NULL;
	}
	return l.v;
}

void rxsim_summary_paths_free(char **paths)
{
	size_t i;

	for (i = 0; paths && paths[i]; i++)
		free(paths[i]);
	free(paths);
}
