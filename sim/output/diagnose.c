/* SPDX-License-Identifier: MIT */
/*
 * diagnose.c - where packets were lost, what was saturated, and which knobs
 * move it, each finding backed by the counters that support it.
 *
 * The rules read the finished run only (no extra instrumentation): a drop
 * place with its counter, the CPU that served it and how that CPU spent its
 * time (softirq inline vs ksoftirqd vs the reader), time_squeeze and
 * ksoftirqd hand-offs.  They are heuristics stated plainly: a finding says
 * what the counters show, not more.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/diagnose.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/softnet.h"
#include "rxsim/xdp.h"

/* A CPU busier than this is called saturated. */
#define SATURATED 0.95

/* "1 time", "2 times": findings are read as sentences. */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static double share(const struct host *h, int cpu, int acct)
{
	return (double)h->cpus[cpu].acct[acct] / (double)h->sim->now;
}

static double busy(const struct host *h, int cpu)
{
	return 1.0 - share(h, cpu, ACCT_IDLE);
}

static double net_share(const struct host *h, int cpu)
{
	return share(h, cpu, ACCT_HARDIRQ) + share(h, cpu, ACCT_SOFTIRQ) +
	       share(h, cpu, ACCT_KSOFTIRQD);
}

struct finding_buf {
	cJSON *list;
	cJSON *cur;
};

static void finding(struct finding_buf *fb, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void finding(struct finding_buf *fb, const char *kind, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fb->cur = cJSON_CreateObject();
	cJSON_AddStringToObject(fb->cur, "kind", kind);
	cJSON_AddStringToObject(fb->cur, "finding", text);
	cJSON_AddItemToObject(fb->cur, "evidence", cJSON_CreateObject());
	cJSON_AddItemToObject(fb->cur, "knobs", cJSON_CreateArray());
	cJSON_AddItemToArray(fb->list, fb->cur);
}

static void evidence(struct finding_buf *fb, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void evidence(struct finding_buf *fb, const char *key, const char *fmt, ...)
{
	char raw[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	cJSON_AddRawToObject(cJSON_GetObjectItemCaseSensitive(fb->cur, "evidence"), key, raw);
}

static void knob(struct finding_buf *fb, const char *text)
{
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(fb->cur, "knobs"),
			     cJSON_CreateString(text));
}

static void nic_findings(const struct host *h, struct finding_buf *fb)
{
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];

		for (j = 0; j < n->nrxq; j++) {
			const struct rxq *q = &n->rxqs[j];
			uint64_t lost = q->ring_drops + q->fifo_drops;
			double at_net;
			int cpu = q->irq.cpu;
			double b = busy(h, cpu), net = net_share(h, cpu);

			if (!lost)
				continue;
			at_net = (double)q->drops_cpu[DOING_NET] / (double)lost;
			finding(fb, "nic_ring",
				"%s queue %d dropped %" PRIu64 " frame%s for want of rx descriptors "
				"(%s). %.0f%% of them arrived while CPU %d was in interrupt, softirq "
				"or ksoftirqd work (%.0f%% while it ran a task, %.0f%% while idle): "
				"%s.", n->cfg->name, j, lost, plural(lost),
				q->ring_drops ? n->prof->ring_drop_counter : n->prof->fifo_drop_counter,
				100 * at_net, cpu, 100.0 * (double)q->drops_cpu[DOING_TASK] / (double)lost,
				100.0 * (double)q->drops_cpu[DOING_IDLE] / (double)lost,
				at_net >= 0.5 ? "receive processing on that CPU could not keep up" :
				"the ring filled between polls (bursts, or interrupts held back)");
			evidence(fb, "drops", "%" PRIu64, lost);
			evidence(fb, "ring_size", "%u", q->count);
			evidence(fb, "cpu", "%d", cpu);
			evidence(fb, "cpu_busy_share", "%.4f", b);
			evidence(fb, "cpu_net_share", "%.4f", net);
			evidence(fb, "time_squeeze", "%" PRIu64, h->cpus[cpu].sd.time_squeeze);
			evidence(fb, "drops_while_cpu_in_net_work", "%" PRIu64, q->drops_cpu[DOING_NET]);
			evidence(fb, "drops_while_cpu_in_task", "%" PRIu64, q->drops_cpu[DOING_TASK]);
			evidence(fb, "drops_while_cpu_idle", "%" PRIu64, q->drops_cpu[DOING_IDLE]);
			if (at_net >= 0.5) {
				knob(fb, "spread the load: more rx queues (RSS) or rps_cpus, so that "
				     "one CPU does not carry the whole queue");
				knob(fb, "make each packet cheaper (fewer iptables/conntrack rules, "
				     "GRO, larger frames)");
				if (h->cpus[cpu].sd.time_squeeze)
					knob(fb, "net.core.netdev_budget / netdev_budget_usecs: the "
					     "budget ran out (time_squeeze)");
			} else {
				knob(fb, "ethtool -G rx: a larger ring absorbs longer bursts");
				knob(fb, "ethtool -C rx-usecs/rx-frames: poll sooner after a burst "
				     "starts");
			}
		}
	}
}

static void backlog_findings(const struct host *h, struct finding_buf *fb)
{
	int i;

	for (i = 0; i < h->ncpus; i++) {
		const struct softnet_data *sd = &h->cpus[i].sd;

		if (!sd->dropped)
			continue;
		finding(fb, "cpu_backlog",
			"CPU %d's backlog dropped %" PRIu64 " packet%s (softnet_stat dropped, "
			"SKB_DROP_REASON_CPU_BACKLOG); it peaked at %u queued against "
			"netdev_max_backlog %" PRId64 " while the CPU was %.0f%% busy.", i,
			sd->dropped, plural(sd->dropped), sd->max_backlog_len, h->sc->host.sysctl.netdev_max_backlog,
			100 * busy(h, i));
		evidence(fb, "cpu", "%d", i);
		evidence(fb, "dropped", "%" PRIu64, sd->dropped);
		evidence(fb, "max_backlog_len", "%u", sd->max_backlog_len);
		evidence(fb, "flow_limit_count", "%" PRIu64, sd->flow_limit_count);
		evidence(fb, "cpu_busy_share", "%.4f", busy(h, i));
		knob(fb, "net.core.netdev_max_backlog: a deeper backlog absorbs bursts");
		knob(fb, "rps_cpus: steer to more (or less busy) CPUs");
		if (sd->flow_limit_count)
			knob(fb, "net.core.flow_limit_cpu_bitmap: the flow limit dropped a heavy "
			     "flow on purpose");
	}
}

static void socket_findings(const struct host *h, struct finding_buf *fb)
{
	int i;

	for (i = 0; i < h->nsocks; i++) {
		const struct udp_sock *sk = &h->socks[i];
		const struct app_thread *t = sk->reader;
		const uint64_t *d = sk->drops_reader;
		double starved, running;
		int cpu = t ? t->task.cpu : -1;

		if (!sk->sk_drops)
			continue;
		if (!t) {
			finding(fb, "socket", "Socket %s dropped %" PRIu64 " datagram%s "
				"(RcvbufErrors): nothing reads it.", sk->cfg->name, sk->sk_drops,
				plural(sk->sk_drops));
			evidence(fb, "drops", "%" PRIu64, sk->sk_drops);
			knob(fb, "add a reader thread (apps[])");
			continue;
		}
		starved = (double)d[READER_STARVED_NET] / (double)sk->sk_drops;
		running = (double)d[READER_RUNNING] / (double)sk->sk_drops;
		finding(fb, starved >= 0.5 ? "socket_reader_starved" : "socket_reader_slow",
			"Socket %s dropped %" PRIu64 " datagram%s (RcvbufErrors, sk_rcvbuf %" PRId64
			"). In the millisecond before each drop its reader %s had at least a tenth "
			"of its CPU %.0f%% of the time; it was kept off CPU %d by interrupt and "
			"softirq work %.0f%% of the time, by another task %.0f%%, and was asleep "
			"%.0f%%: %s.", sk->cfg->name,
			sk->sk_drops, plural(sk->sk_drops), sk->sk_rcvbuf, t->task.name, 100 * running, cpu,
			100 * starved, 100.0 * (double)d[READER_WAITING_TASK] / (double)sk->sk_drops,
			100.0 * (double)d[READER_BLOCKED] / (double)sk->sk_drops,
			starved >= 0.5 ? "the reader was starved by receive processing" :
			running >= 0.5 ? "the reader is too slow for the load" :
			"the reader could not run when the data came");
		evidence(fb, "drops", "%" PRIu64, sk->sk_drops);
		evidence(fb, "drops_reader_running", "%" PRIu64, d[READER_RUNNING]);
		evidence(fb, "drops_reader_starved_by_net", "%" PRIu64, d[READER_STARVED_NET]);
		evidence(fb, "drops_reader_behind_task", "%" PRIu64, d[READER_WAITING_TASK]);
		evidence(fb, "drops_reader_asleep", "%" PRIu64, d[READER_BLOCKED]);
		evidence(fb, "sk_rcvbuf", "%" PRId64, sk->sk_rcvbuf);
		evidence(fb, "reader_cpu", "%d", cpu);
		evidence(fb, "reader_cpu_share", "%.4f",
			 (double)t->task.sum_exec / (double)h->sim->now);
		if (starved >= 0.5) {
			knob(fb, "move the reader off the CPU that takes the interrupts "
			     "(apps[].cpu, irq_affinity) or spread that work (RSS, rps_cpus)");
			knob(fb, "kernel: 4.9-6.4 defer softirqs to ksoftirqd under load, which "
			     "keeps a fair share for the reader");
		} else {
			knob(fb, "SO_RCVBUF (sockets[].rcvbuf, net.core.rmem_max): ride out bursts");
			knob(fb, "more readers (apps[].threads, SO_REUSEPORT), recvmmsg batches, "
			     "less work per datagram");
		}
	}
}

static void softirq_findings(const struct host *h, struct finding_buf *fb)
{
	int i;

	for (i = 0; i < h->ncpus; i++) {
		const struct cpu *c = &h->cpus[i];
		double ks = share(h, i, ACCT_KSOFTIRQD);

		if (c->sd.ksoftirqd_wakeups && ks > 0.01) {
			finding(fb, "ksoftirqd",
				"CPU %d handed softirq work to ksoftirqd %" PRIu64 " time%s "
				"(restart limit, 2 ms limit or need_resched); ksoftirqd then used "
				"%.0f%% of the CPU, competing with tasks as a normal thread.", i,
				c->sd.handoffs, plural(c->sd.handoffs), 100 * ks);
			evidence(fb, "cpu", "%d", i);
			evidence(fb, "handoffs", "%" PRIu64, c->sd.handoffs);
			evidence(fb, "ksoftirqd_wakeups", "%" PRIu64, c->sd.ksoftirqd_wakeups);
			evidence(fb, "ksoftirqd_share", "%.4f", ks);
			knob(fb, "spread receive work over more CPUs (RSS queues, rps_cpus)");
		}
		if (c->sd.time_squeeze) {
			finding(fb, "time_squeeze",
				"net_rx_action on CPU %d stopped %" PRIu64 " time%s with work left "
				"(time_squeeze): netdev_budget %" PRId64 " packets or %" PRId64
				" us per run was not enough.", i, c->sd.time_squeeze,
				plural(c->sd.time_squeeze),
				h->sc->host.sysctl.netdev_budget, h->sc->host.sysctl.netdev_budget_usecs);
			evidence(fb, "cpu", "%d", i);
			evidence(fb, "time_squeeze", "%" PRIu64, c->sd.time_squeeze);
			knob(fb, "net.core.netdev_budget, net.core.netdev_budget_usecs");
		}
	}
}

/* Livelock: the CPU kept doing receive work for packets that were then
 * dropped because the reader it starved could not read them. */
static void livelock_finding(const struct host *h, struct finding_buf *fb)
{
	int i;

	for (i = 0; i < h->nsocks; i++) {
		const struct udp_sock *sk = &h->socks[i];
		uint64_t starved = sk->drops_reader[READER_STARVED_NET];
		int cpu;

		if (!sk->reader || starved * 2 < sk->sk_drops || starved * 10 < sk->enqueued)
			continue;
		cpu = sk->reader->task.cpu;
		finding(fb, "livelock",
			"Receive livelock on CPU %d: %" PRIu64 " datagram%s %s processed up to "
			"socket %s and then dropped because its reader %s sat waiting while the "
			"same CPU did interrupt and softirq work; over the run that CPU spent "
			"%.0f%% in such work and the reader got %.0f%%.", cpu, starved,
			plural(starved), starved == 1 ? "was" : "were",
			sk->cfg->name, sk->reader->task.name, 100 * net_share(h, cpu),
			100.0 * (double)sk->reader->task.sum_exec / (double)h->sim->now);
		evidence(fb, "cpu", "%d", cpu);
		evidence(fb, "drops_reader_starved_by_net", "%" PRIu64, starved);
		evidence(fb, "cpu_net_share", "%.4f", net_share(h, cpu));
		evidence(fb, "delivered", "%" PRIu64, h->delivered);
		evidence(fb, "offered", "%" PRIu64, h->offered);
		knob(fb, "keep the reader off the interrupt CPU");
		knob(fb, "drop early and cheaply: a smaller rx ring lets the NIC drop "
		     "before the CPU works on a packet");
		return;
	}
}

/* What an XDP program did: the share it dropped at the driver, and the
 * places XDP itself loses frames (a full send ring, a full cpumap ring). */
static void xdp_findings(const struct host *h, struct finding_buf *fb)
{
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];
		uint64_t drop = 0, seen = 0, full = 0;

		if (!n->xdp)
			continue;
		for (j = 0; j < n->nrxq; j++) {
			const struct xdp_rxq *x = &n->xdp->rxqs[j];
			int v;

			for (v = 0; v < XDP__N; v++)
				seen += x->verdict[v];
			drop += x->verdict[XDP_DROP] + x->verdict[XDP_ABORTED];
			full += x->tx_full;
		}
		if (drop) {
			finding(fb, "xdp_drop", "The XDP program on %s dropped %" PRIu64 " packet%s "
				"(%.1f%% of those it saw) at the driver, before any skb (%s): "
				"not counted among the host's drops.", n->cfg->name, drop,
				plural(drop), seen ? 100.0 * (double)drop / (double)seen : 0.0,
				n->prof->xdp_drop_counter ? n->prof->xdp_drop_counter : "XDP_DROP");
			evidence(fb, "xdp_drop", "%" PRIu64, drop);
			evidence(fb, "xdp_seen", "%" PRIu64, seen);
		}
		if (full) {
			finding(fb, "xdp_tx_full", "XDP_TX found the send ring of %s full %" PRIu64
				" time%s (%s): those frames were dropped.", n->cfg->name, full,
				plural(full), n->prof->xdp_tx_full_counter ?
				n->prof->xdp_tx_full_counter : "tx_full");
			evidence(fb, "xdp_tx_full", "%" PRIu64, full);
			knob(fb, "a larger ring (ethtool -G), or less XDP_TX traffic");
		}
		for (j = 0; j < h->ncpus; j++) {
			const struct cpumap_entry *e = n->xdp->entries[j];

			if (!e || !e->drops)
				continue;
			finding(fb, "cpumap_drops", "The cpumap ring of CPU %d (%s) overflowed: %"
				PRIu64 " of %" PRIu64 " redirected frames dropped with qsize %u; the "
				"kthread had %.0f%% of CPU %d.", e->cpu, e->kthread.name, e->drops,
				e->drops + e->enqueued, e->qsize,
				100.0 * (double)e->kthread.sum_exec / (double)h->sim->now, e->cpu);
			evidence(fb, "cpumap_drops", "%" PRIu64, e->drops);
			evidence(fb, "cpumap_qsize", "%u", e->qsize);
			knob(fb, "raise nics[].cpumap_qsize for bursts; spread the redirect over "
			     "more CPUs, or keep other work off the kthread's CPU, if it is "
			     "saturated");
		}
	}
}

cJSON *rxsim_diagnose(const struct host *h)
{
	struct finding_buf fb = { cJSON_CreateArray(), NULL };
	uint64_t dropped = 0;
	double top = 0;
	int i, top_cpu = 0;

	livelock_finding(h, &fb);
	nic_findings(h, &fb);
	backlog_findings(h, &fb);
	socket_findings(h, &fb);
	softirq_findings(h, &fb);
	xdp_findings(h, &fb);
	for (i = 0; i < DROP__N; i++)
		dropped += i == DROP_UPSTREAM ? 0 : h->drops[i];
	if (h->drops[DROP_UPSTREAM]) {
		finding(&fb, "upstream", "%" PRIu64 " frame%s %s lost before the wire: the "
			"offered load exceeded the line rate and the upstream buffer.",
			h->drops[DROP_UPSTREAM], plural(h->drops[DROP_UPSTREAM]),
			h->drops[DROP_UPSTREAM] == 1 ? "was" : "were");
		evidence(&fb, "upstream_drops", "%" PRIu64, h->drops[DROP_UPSTREAM]);
		knob(&fb, "not a host setting: faster link, or less load");
	}
	if (h->drops[DROP_NO_SOCKET]) {
		finding(&fb, "no_socket", "%" PRIu64 " packet%s arrived for ports nobody listens "
			"on: %" PRIu64 " UDP datagram%s (Udp NoPorts) and %" PRIu64 " other%s "
			"(TCP has no sockets in rxsim).", h->drops[DROP_NO_SOCKET],
			plural(h->drops[DROP_NO_SOCKET]), h->udp.NoPorts, plural(h->udp.NoPorts),
			h->drops[DROP_NO_SOCKET] - h->udp.NoPorts,
			plural(h->drops[DROP_NO_SOCKET] - h->udp.NoPorts));
		evidence(&fb, "no_socket_drops", "%" PRIu64, h->drops[DROP_NO_SOCKET]);
		evidence(&fb, "NoPorts", "%" PRIu64, h->udp.NoPorts);
	}
	for (i = 0; i < h->ncpus; i++) {
		if (busy(h, i) > top) {
			top = busy(h, i);
			top_cpu = i;
		}
	}
	if (!dropped) {
		finding(&fb, "no_drops", "No packet was dropped in the host. The busiest CPU "
			"was CPU %d at %.0f%%.", top_cpu, 100 * top);
		evidence(&fb, "busiest_cpu", "%d", top_cpu);
		evidence(&fb, "busiest_cpu_share", "%.4f", top);
	}
	return fb.list;
}

void rxsim_print_diagnosis(FILE *f, const cJSON *list)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, list) {
		const cJSON *k;
		int n = 0;

		fprintf(f, "diagnosis %s\n",
			cJSON_GetObjectItemCaseSensitive(it, "finding")->valuestring);
		cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(it, "knobs"))
			fprintf(f, "          %s %s\n", n++ ? "   " : "try", k->valuestring);
	}
}
