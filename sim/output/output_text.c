/* SPDX-License-Identifier: MIT */
/*
 * output_text.c - the short human-readable summary printed by `rxsim run`.
 */
#include <inttypes.h>
#include <stdio.h>

#include "rxsim/app.h"
#include "rxsim/cpu.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/diagnose.h"
#include "rxsim/nic.h"
#include "rxsim/run.h"
#include "rxsim/sock.h"
#include "rxsim/tcp.h"
#include "rxsim/units.h"
#include "report_nf.h"
#include "report_offload.h"

static const char *fmt_time(int64_t ps, char *buf, size_t len)
{
	if (ps >= SIM_MS)
		snprintf(buf, len, "%.2fms", (double)ps / (double)SIM_MS);
	else if (ps >= SIM_US)
		snprintf(buf, len, "%.2fus", (double)ps / (double)SIM_US);
	else
		snprintf(buf, len, "%.0fns", (double)ps / (double)SIM_NS);
	return buf;
}

static const char *fmt_rate(double pps, char *buf, size_t len)
{
	if (pps >= 1e6)
		snprintf(buf, len, "%.3f Mpps", pps / 1e6);
	else if (pps >= 1e3)
		snprintf(buf, len, "%.1f kpps", pps / 1e3);
	else
		snprintf(buf, len, "%.0f pps", pps);
	return buf;
}

void rxsim_print_summary(FILE *f, const struct rxsim_run *r)
{
	const struct host *h = &r->host;
	const struct scenario *sc = r->sc;
	double secs = (double)r->sim.now / (double)SIM_S;
	char a[32], b[32], c[32], d[32];
	uint64_t dropped = 0;
	cJSON *diag;
	int i, k;

	for (i = 0; i < DROP__N; i++)
		dropped += h->drops[i];
	fprintf(f, "rxsim %s: %s (kernel %d.%d, seed %" PRId64 "): %s simulated, %" PRIu64
		" events\n", RXSIM_VERSION, sc->name[0] ? sc->name : sc->file, sc->kernel / 1000,
		sc->kernel % 1000, sc->seed, fmt_time(r->sim.now, a, sizeof(a)), r->sim.events);
	fprintf(f, "packets   offered %" PRIu64 " (%s), delivered %" PRIu64 " (%s), dropped %"
		PRIu64 ", in flight %" PRIu64 "\n", h->offered,
		fmt_rate((double)h->offered / secs, a, sizeof(a)), h->delivered,
		fmt_rate((double)h->delivered / secs, b, sizeof(b)), dropped, host_in_flight(h));
	fprintf(f, "drops    ");
	if (!dropped)
		fprintf(f, " none");
	for (i = 0; i < DROP__N; i++) {
		if (!h->drops[i])
			continue;
		fprintf(f, " %s %" PRIu64 " (%s)", drop_info[i].key, h->drops[i],
			drop_info[i].reason ? drop_info[i].reason :
			i == DROP_NIC_RING ? h->nics[0].prof->ring_drop_counter :
			i == DROP_NIC_FIFO ? h->nics[0].prof->fifo_drop_counter :
			drop_info[i].counter);
	}
	fprintf(f, "\n");
	if (h->lat[LAT_E2E].count) {
		const struct hist *e = &h->lat[LAT_E2E];

		fprintf(f, "latency   end to end p50 %s  p99 %s  p99.9 %s  max %s\n",
			fmt_time(hist_quantile(e, 0.5), a, sizeof(a)),
			fmt_time(hist_quantile(e, 0.99), b, sizeof(b)),
			fmt_time(hist_quantile(e, 0.999), c, sizeof(c)),
			fmt_time(e->max, d, sizeof(d)));
		fprintf(f, "          p50 by stage:");
		for (k = 1; k < LAT__N; k++)
			fprintf(f, " %s %s", lat_names[k],
				fmt_time(hist_quantile(&h->lat[k], 0.5), a, sizeof(a)));
		fprintf(f, "\n");
	}
	for (i = 0; i < h->ncpus; i++) {
		const struct cpu *cp = &h->cpus[i];

		fprintf(f, "%s", i ? "          " : "cpu       ");
		fprintf(f, "cpu%d:", i);
		for (k = 0; k < acct_columns(host_has_napi_threads(h)); k++)
			fprintf(f, " %s %.1f%%", acct_names[acct_order[k]],
				100.0 * (double)cp->acct[acct_order[k]] / (double)r->sim.now);
		fprintf(f, "  (irqs %" PRIu64 ", squeeze %" PRIu64 ", ksoftirqd wakeups %" PRIu64
			")\n", cp->nr_hardirqs, cp->sd.time_squeeze, cp->sd.ksoftirqd_wakeups);
	}
	for (i = 0, k = 0; i < h->nsocks; i++) {
		const struct udp_sock *sk = &h->socks[i];

		if (sk->cfg->proto != SPROTO_UDP)
			continue;	/* a TCP listener: the tcp line */
		fprintf(f, "%s%s: port %" PRId64 ", sk_rcvbuf %" PRId64 ", max queued %u, drops %"
			PRIu64 "\n", k++ ? "          " : "sockets   ", sk->cfg->name, sk->cfg->port,
			sk->sk_rcvbuf, sk->max_qlen, sk->sk_drops);
	}
	if (h->tcp) {
		const struct tcp_host *th = h->tcp;

		fprintf(f, "tcp       %" PRIu64 " connections, %" PRIu64 " bytes read, goodput %.1f "
			"Mbit/s; TcpExt TCPRcvCoalesce %" PRIu64 " TCPOFOQueue %" PRIu64
			" TCPBacklogDrop %" PRIu64 " TCPRcvQDrop %" PRIu64 " TCPToZeroWindowAdv %"
			PRIu64 " DelayedACKs %" PRIu64 "\n", th->mib.CurrEstab, th->bytes_read,
			r->sim.now ? (double)th->bytes_read * 8 / ((double)r->sim.now / SIM_S) / 1e6 : 0,
			th->ext.TCPRcvCoalesce, th->ext.TCPOFOQueue, th->ext.TCPBacklogDrop,
			th->ext.TCPRcvQDrop, th->ext.TCPToZeroWindowAdv, th->ext.DelayedACKs);
		if (th->rr_lat && th->rr_lat->count)
			fprintf(f, "          request/response: %" PRIu64 " transactions, %.1f/s; "
				"latency p50 %.1f us, p99 %.1f us\n", th->rr_lat->count,
				r->sim.now ? (double)th->rr_lat->count / ((double)r->sim.now / SIM_S) : 0,
				(double)hist_quantile(th->rr_lat, 0.5) / SIM_US,
				(double)hist_quantile(th->rr_lat, 0.99) / SIM_US);
	}
	for (i = 0; i < h->nthreads; i++) {
		const struct app_thread *t = &h->threads[i];

		fprintf(f, "%s%s: %" PRIu64 " datagrams, %.1f%% of a CPU\n",
			i ? "          " : "threads   ", t->task.name, t->datagrams,
			100.0 * (double)t->task.sum_exec / (double)r->sim.now);
	}
	print_netfilter(f, h);
	for (i = 0, k = 0; i < h->nrxq; i++) {
		const struct napi *n = &h->rxqs[i]->napi;

		if (!napi_mode_set(n) && !n->busy_polls)
			continue;
		fprintf(f, "%s%s-%d %s: polls %" PRIu64 ", busy polls %" PRIu64 ", interrupts %"
			PRIu64 ", deferred %" PRIu64 ", timer fires %" PRIu64, k++ ? "          " :
			"napi      ", h->rxqs[i]->nic->cfg->name, h->rxqs[i]->index,
			n->thread ? "threaded" : n->busy_polls > n->polls ? "busy-polled" : "softirq",
			n->polls, n->busy_polls, h->rxqs[i]->irq.desc.count, n->deferred,
			n->timer_fires);
		if (n->thread)
			fprintf(f, ", %s %.1f%% of a CPU", n->thread->task.name,
				100.0 * (double)n->thread->task.sum_exec / (double)r->sim.now);
		fprintf(f, "\n");
	}
	report_print_offload(f, h, secs);
	diag = rxsim_diagnose(h);
	rxsim_print_diagnosis(f, diag);
	cJSON_Delete(diag);
	fprintf(f, "check     conservation %s\n", r->conserved ? "ok" : "BROKEN");
}
