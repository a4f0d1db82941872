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

#include "rxsim/af_packet.h"
#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/diagnose.h"
#include "rxsim/netfilter.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/softnet.h"
#include "rxsim/tcp.h"
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
	       share(h, cpu, ACCT_KSOFTIRQD) + share(h, cpu, ACCT_NAPI);
}

/* Threaded NAPI is available and some rx queue whose IRQ goes to @cpu polls
 * in softirq: the knob that gives a starved reader its fair share. */
static bool threaded_napi_helps(const struct host *h, int cpu)
{
	int i;

	if (h->kver < KVER(5, 12))
		return false;
	for (i = 0; i < h->nrxq; i++)
		if (h->rxqs[i]->irq.cpu == cpu && !h->rxqs[i]->napi.thread)
			return true;
	return false;
}

#define KNOB_THREADED "threaded NAPI (nics[].threaded, /sys/class/net/IF/threaded): the " \
	"poll runs in a kthread napi/IF-N that the scheduler shares fairly with the reader"


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
			if (threaded_napi_helps(h, cpu))
				knob(fb, KNOB_THREADED);
		} else {
			knob(fb, "SO_RCVBUF (sockets[].rcvbuf, net.core.rmem_max): ride out bursts");
			knob(fb, "more readers (apps[].threads, SO_REUSEPORT), recvmmsg batches, "
			     "less work per datagram");
		}
	}
}

/*
 * Interrupts dominate the receive work of a CPU: its hard IRQ time is at
 * least a quarter of its interrupt + softirq + poll time, which is itself a
 * tenth of the run, while an rx queue interrupting it defers no IRQs.  One
 * finding, for the CPU with the most hard IRQ time.
 */
static void irq_findings(const struct host *h, struct finding_buf *fb)
{
	int i, j, top = -1, more = 0;
	double hi, net;

	for (i = 0; i < h->ncpus; i++) {
		bool undeferred = false;

		hi = share(h, i, ACCT_HARDIRQ);
		net = net_share(h, i);
		if (net < 0.1 || hi < 0.25 * net)
			continue;
		for (j = 0; j < h->nrxq; j++)
			undeferred |= h->rxqs[j]->irq.cpu == i && !h->rxqs[j]->napi.defer_hard_irqs;
		if (!undeferred)
			continue;
		if (top >= 0)
			more++;
		if (top < 0 || hi > share(h, top, ACCT_HARDIRQ))
			top = i;
	}
	if (top < 0)
		return;
	hi = share(h, top, ACCT_HARDIRQ);
	net = net_share(h, top);
	finding(fb, "interrupts",
		"Hard interrupts took %.0f%% of CPU %d, %.0f%% of its receive work (%" PRIu64
		" interrupts; %d other CPU%s alike): each interrupt brings a short poll.", 100 * hi,
		top, 100 * hi / net, h->cpus[top].nr_hardirqs, more, more == 1 ? "" : "s");
	evidence(fb, "cpu", "%d", top);
	evidence(fb, "hardirq_share", "%.4f", hi);
	evidence(fb, "receive_share", "%.4f", net);
	evidence(fb, "interrupts", "%" PRIu64, h->cpus[top].nr_hardirqs);
	if (h->kver >= KVER(5, 7))
		knob(fb, "napi_defer_hard_irqs with gro_flush_timeout (nics[]): the IRQ stays "
		     "masked for that many polls driven by the timer");
	knob(fb, "ethtool -C rx-usecs/rx-frames: fewer interrupts, each with more work");
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

		if (!sk->reader || !starved || starved * 2 < sk->sk_drops ||
		    starved * 10 < sk->enqueued)
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
		if (threaded_napi_helps(h, cpu))
			knob(fb, KNOB_THREADED);
		knob(fb, "drop early and cheaply: a smaller rx ring lets the NIC drop "
		     "before the CPU works on a packet");
		return;
	}
}

/* A member of a fanout group that drops while its group does not roll
 * over: the other members may have room (fanout_demux_rollover). */
static void tap_fanout_knob(const struct packet_tap *t, struct finding_buf *fb)
{
	char k[160];

	if (!t->fanout || t->fanout->rollover || t->fanout->type == FANOUT_ROLLOVER)
		return;
	snprintf(k, sizeof(k), "fanout_rollover on every member of fanout group %u "
		 "(PACKET_FANOUT_FLAG_ROLLOVER): a member short of room hands frames to one "
		 "with room", t->fanout->id);
	knob(fb, k);
}

/* A V1/V2 ring or a plain packet socket that lost frames. */
static void tap_drops_no_v3(const struct host *h, const struct packet_tap *t,
			    struct finding_buf *fb)
{
	double reader = 100.0 * (double)t->task.sum_exec / (double)h->sim->now;

	if (t->cfg->mode == TAP_SOCKET) {
		finding(fb, "tap_drops",
			"The capture %s on %s lost %" PRIu64 " of %" PRIu64 " frame%s (tp_drops, "
			"tcpdump's \"packets dropped by kernel\"): its packet socket's queue had "
			"reached its rcvbuf of %" PRId64 " bytes while the reader, %.0f%% of a CPU, "
			"called recvmsg() once per packet. Only the capture lost them: the frames "
			"went on up the stack.",
			t->cfg->name, t->cfg->dev, t->tp_drops, t->tp_packets,
			plural(t->tp_packets), t->sk_rcvbuf, reader);
		evidence(fb, "sk_drops", "%" PRIu64, t->sk_drops);
	} else {
		finding(fb, "tap_drops",
			"The capture %s on %s lost %" PRIu64 " of %" PRIu64 " frame%s (tp_drops, "
			"tcpdump's \"packets dropped by kernel\"): every frame of its %s ring of %u "
			"x %u bytes was still the reader's, %.0f%% of a CPU. Only the capture lost "
			"them: the frames went on up the stack.", t->cfg->name, t->cfg->dev, t->tp_drops, t->tp_packets,
			plural(t->tp_packets), af_packet_mode_name(t->cfg->mode), t->frame_nr,
			t->frame_size, reader);
	}
	evidence(fb, "tp_drops", "%" PRIu64, t->tp_drops);
	evidence(fb, "tp_packets", "%" PRIu64, t->tp_packets);
	knob(fb, t->cfg->mode == TAP_SOCKET ?
	     "a bigger rcvbuf (tcpdump -B), or a TPACKET_V3 ring (libpcap's default)" :
	     "a bigger ring: tcpdump -B (tp_frame_nr x tp_frame_size)");
	knob(fb, "a narrower filter or a smaller snaplen (tcpdump -s)");
	tap_fanout_knob(t, fb);
}

/* Conntrack table full, iptables drops, and taps that could not keep up. */
static void netfilter_findings(const struct host *h, struct finding_buf *fb)
{
	uint64_t drop = 0, early = 0;
	int i;

	if (h->nf && h->nf->ct_on) {
		const struct nf_ct_table *t = &h->nf->ct;

		for (i = 0; i < t->ncpus; i++) {
			drop += t->stat[i].drop;
			early += t->stat[i].early_drop;
		}
		if (drop) {
			finding(fb, "conntrack_full",
				"Conntrack dropped %" PRIu64 " packet%s of new flows: the table was "
				"full (nf_conntrack_max %u, peak %u entries, %u ASSURED at the end) "
				"and early_drop found no unassured entry in 8 buckets (it evicted %"
				PRIu64 " elsewhere); \"nf_conntrack: table full, dropping packet\" was "
				"logged %" PRIu64 " time%s, %" PRIu64 " more suppressed by net_ratelimit.",
				drop, plural(drop), t->max, t->max_count,
				nf_ct_count_status(t, IPS_ASSURED), early, t->log_printed,
				plural(t->log_printed), t->log_suppressed);
			evidence(fb, "nf_conntrack_drop", "%" PRIu64, drop);
			evidence(fb, "early_drop", "%" PRIu64, early);
			evidence(fb, "nf_conntrack_max", "%u", t->max);
			knob(fb, "net.netfilter.nf_conntrack_max (and nf_conntrack_buckets): room "
			     "for more entries");
			knob(fb, "net.netfilter.nf_conntrack_udp_timeout / _stream: idle entries "
			     "leave sooner");
			knob(fb, "iptables -t raw -j CT --notrack: no entry for traffic that needs "
			     "no state");
		}
	}
	if (h->nf && h->drops[DROP_NETFILTER]) {
		finding(fb, "netfilter_drop",
			"iptables dropped %" PRIu64 " packet%s (SKB_DROP_REASON_NETFILTER_DROP): %"
			PRIu64 " in PREROUTING, %" PRIu64 " in INPUT.", h->drops[DROP_NETFILTER],
			plural(h->drops[DROP_NETFILTER]), h->nf->hook_drops[NF_CHAIN_PREROUTING],
			h->nf->hook_drops[NF_CHAIN_INPUT]);
		evidence(fb, "netfilter_drops", "%" PRIu64, h->drops[DROP_NETFILTER]);
	}
	for (i = 0; i < h->ntaps; i++) {
		const struct packet_tap *t = &h->taps[i];

		if (!t->tp_drops)
			continue;
		if (t->cfg->mode != TAP_V3) {
			tap_drops_no_v3(h, t, fb);
			continue;
		}
		finding(fb, "tap_drops",
			"The capture %s on %s lost %" PRIu64 " of %" PRIu64 " frame%s (tp_drops, "
			"tcpdump's \"packets dropped by kernel\"): its ring of %u x %u bytes "
			"froze %" PRIu64 " time%s while the reader, %.0f%% of a CPU, still held "
			"the next block. The socket did not lose them.", t->cfg->name,
			t->cfg->dev, t->tp_drops, t->tp_packets, plural(t->tp_packets), t->blk_nr,
			t->blk_size, t->tp_freeze_q_cnt, plural(t->tp_freeze_q_cnt),
			100.0 * (double)t->task.sum_exec / (double)h->sim->now);
		evidence(fb, "tp_drops", "%" PRIu64, t->tp_drops);
		evidence(fb, "tp_packets", "%" PRIu64, t->tp_packets);
		knob(fb, "a bigger ring: tcpdump -B (tp_block_nr x tp_block_size)");
		knob(fb, "a narrower filter or a smaller snaplen (tcpdump -s)");
		tap_fanout_knob(t, fb);
	}
}

/* TCP: senders held back by the receive window, and what limited it;
 * segments lost at the socket backlog or the receive queue. */
static void tcp_findings(const struct host *h, struct finding_buf *fb)
{
	const struct tcp_host *th = h->tcp;
	uint32_t i, n = 0, at_max = 0, slow = 0, worst = 0;
	double worst_share = 0;

	if (!th || !h->sim->now)
		return;
	for (i = 0; i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];
		double sh = (double)tcp_sender_rwnd_limited(h, tp) / (double)h->sim->now;

		if (tp->listener < 0 || sh < 0.5)
			continue;
		n++;
		/* the buffer could not grow further, and the reader kept up */
		if ((tp->rcvbuf_locked || tp->sk_rcvbuf >= th->tcp_rmem[2]) && !tp->zero_wnd_acks)
			at_max++;
		else
			slow++;
		if (sh > worst_share) {
			worst_share = sh;
			worst = i;
		}
	}
	if (at_max) {
		const struct tcp_sock *tp = &th->conns[worst];
		double rtt = (double)(tp->snd.srtt ? tp->snd.srtt : tp->rcv_rtt) / SIM_S;

		finding(fb, "tcp_window_limited", "receive window limited: tcp_rmem max too small "
			"for RTT x rate. %u connection%s spent more than half the run held back by "
			"the receive window with sk_rcvbuf at its limit (%" PRId64 " bytes, window "
			"%u bytes): at most %.0f Mbit/s over an RTT of %.2f ms.", at_max,
			plural(at_max), tp->sk_rcvbuf, tp->max_rcv_wnd,
			rtt > 0 ? tp->max_rcv_wnd * 8 / rtt / 1e6 : 0, rtt * 1e3);
		evidence(fb, "rwnd_limited_share", "%.4f", worst_share);
		evidence(fb, "sk_rcvbuf", "%" PRId64, tp->sk_rcvbuf);
		evidence(fb, "rcv_wnd_max", "%u", tp->max_rcv_wnd);
		knob(fb, tp->rcvbuf_locked ? "a larger SO_RCVBUF (or none: autotuning)"
					    : "net.ipv4.tcp_rmem max (third value)");
	}
	if (slow) {
		finding(fb, "tcp_reader_limited", "%u connection%s spent more than half the run "
			"held back by the receive window while data waited unread: the reader "
			"does not keep up (the window closes; the sender waits, nothing is lost).",
			slow, plural(slow));
		evidence(fb, "TCPToZeroWindowAdv", "%" PRIu64, th->ext.TCPToZeroWindowAdv);
		knob(fb, "a faster reader, or more reader threads");
	}
	if (h->drops[DROP_TCP_BACKLOG]) {
		finding(fb, "tcp_backlog", "%" PRIu64 " segment%s dropped at the socket backlog "
			"(TCPBacklogDrop): they arrived while the reader held the socket inside "
			"recvmsg and the backlog with the receive queue passed %s.",
			h->drops[DROP_TCP_BACKLOG], plural(h->drops[DROP_TCP_BACKLOG]),
			h->kver >= KVER(6, 10) ? "2 x sk_rcvbuf + sk_sndbuf / 2 + 64 KiB"
					       : "sk_rcvbuf + sk_sndbuf / 2 + 64 KiB");
		evidence(fb, "TCPBacklogDrop", "%" PRIu64, th->ext.TCPBacklogDrop);
		knob(fb, "net.ipv4.tcp_rmem / SO_RCVBUF (the limit grows with sk_rcvbuf)");
		knob(fb, "a smaller recv buffer: release_sock drains the backlog between calls");
	}
	if (h->drops[DROP_TCP_RCVQ] || h->drops[DROP_TCP_OFO]) {
		finding(fb, "tcp_rcvq", "%" PRIu64 " segment%s dropped for receive memory "
			"(TCPRcvQDrop %" PRIu64 ", TCPOFODrop %" PRIu64 ") after pruning "
			"(PruneCalled %" PRIu64 ").",
			h->drops[DROP_TCP_RCVQ] + h->drops[DROP_TCP_OFO],
			plural(h->drops[DROP_TCP_RCVQ] + h->drops[DROP_TCP_OFO]),
			th->ext.TCPRcvQDrop, th->ext.TCPOFODrop, th->ext.PruneCalled);
		evidence(fb, "TCPRcvQDrop", "%" PRIu64, th->ext.TCPRcvQDrop);
		evidence(fb, "TCPOFODrop", "%" PRIu64, th->ext.TCPOFODrop);
		knob(fb, "net.ipv4.tcp_rmem / SO_RCVBUF, net.ipv4.tcp_mem");
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
	netfilter_findings(h, &fb);
	tcp_findings(h, &fb);
	irq_findings(h, &fb);
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
			"(TCP segments no socket takes: tcp_v4_rcv answers them with a RST).", h->drops[DROP_NO_SOCKET],
			plural(h->drops[DROP_NO_SOCKET]), h->udp.NoPorts, plural(h->udp.NoPorts),
			h->drops[DROP_NO_SOCKET] - h->udp.NoPorts,
			plural(h->drops[DROP_NO_SOCKET] - h->udp.NoPorts));
		evidence(&fb, "no_socket_drops", "%" PRIu64, h->drops[DROP_NO_SOCKET]);
		evidence(&fb, "NoPorts", "%" PRIu64, h->udp.NoPorts);
	}
	if (h->drops[DROP_FRAG_TIMEOUT] + h->drops[DROP_FRAG_MEM]) {
		uint64_t d = h->drops[DROP_FRAG_TIMEOUT] + h->drops[DROP_FRAG_MEM];

		finding(&fb, "ip_frag", "%" PRIu64 " IP fragment%s %s dropped by reassembly "
			"(Ip ReasmFails %" PRIu64 ", ReasmTimeout %" PRIu64 "): %" PRIu64 " with "
			"their queue at ipfrag_time, %" PRIu64 " refused while the reassembly "
			"memory was above ipfrag_high_thresh.", d, plural(d), d == 1 ? "was" : "were",
			h->ip.ReasmFails, h->ip.ReasmTimeout, h->drops[DROP_FRAG_TIMEOUT],
			h->drops[DROP_FRAG_MEM]);
		evidence(&fb, "ip_frag_drops", "%" PRIu64, d);
		evidence(&fb, "ReasmFails", "%" PRIu64, h->ip.ReasmFails);
		knob(&fb, "net.ipv4.ipfrag_time (shorter: lost fragments free their memory sooner)");
		knob(&fb, "net.ipv4.ipfrag_high_thresh, or datagrams that fit the MTU");
	}
	if (h->drops[DROP_FRAG_INVALID] + h->drops[DROP_FRAG_DUP]) {
		uint64_t d = h->drops[DROP_FRAG_INVALID] + h->drops[DROP_FRAG_KILLED];
		uint64_t dup = h->drops[DROP_FRAG_DUP];

		if (d)
			finding(&fb, "ip_frag_invalid", "Reassembly discarded %" PRIu64 " fragment%s "
				"with their queue after an overlapping or inconsistent fragment "
				"(IpExt ReasmOverlaps %" PRIu64 ") and %" PRIu64 " duplicate%s: the "
				"sender's or the path's doing, no host setting changes it.", d,
				plural(d), h->ip.ReasmOverlaps, dup, plural(dup));
		else
			finding(&fb, "ip_frag_invalid", "Reassembly dropped %" PRIu64 " duplicate "
				"fragment%s (SKB_DROP_REASON_DUP_FRAG: the same bytes already queued): "
				"the sender's or the path's doing, no host setting changes it.", dup,
				plural(dup));
		evidence(&fb, "ip_frag_invalid_drops", "%" PRIu64, d);
		evidence(&fb, "ip_frag_dup_drops", "%" PRIu64, h->drops[DROP_FRAG_DUP]);
		knob(&fb, "datagrams that fit the path MTU (the sender's), so that nothing is "
			  "reassembled");
	}
	if (h->drops[DROP_NIC_LENGTH]) {
		finding(&fb, "nic_length", "%" PRIu64 " frame%s longer than the NIC's MTU %s "
			"dropped by the driver (rx_length_errors).", h->drops[DROP_NIC_LENGTH],
			plural(h->drops[DROP_NIC_LENGTH]),
			h->drops[DROP_NIC_LENGTH] == 1 ? "was" : "were");
		evidence(&fb, "rx_length_errors", "%" PRIu64, h->drops[DROP_NIC_LENGTH]);
		knob(&fb, "nics[].mtu, or the sender's MTU (traffic[].mtu)");
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
