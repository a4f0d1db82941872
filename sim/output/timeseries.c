/* SPDX-License-Identifier: MIT */
/*
 * timeseries.c - the time-series CSVs.  A sampling event at the lowest
 * priority runs at every interval boundary; counts are per interval,
 * occupancies are the value at the end of the interval and, in the *_max
 * columns, the largest the fullest ring, backlog or socket held at any
 * moment of the interval (an overflowing ring can be empty again at the
 * end); CPU columns are the share of the interval spent in each context.
 * Column names are snake_case with units, so plots select them by name.
 *
 * The long file (t_ns,object,metric,value) holds the same per queue, per
 * CPU and per socket, one line per value, so that any object can be drawn
 * over time without the column count depending on the host.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/ip_frag.h"
#include "rxsim/tcp.h"
#include "rxsim/timeseries.h"
#include "report_nf.h"
#include "rxsim/xdp.h"

#define PRIO_STATS 7

/* Counters of the long file, per object, as per-interval differences. */
enum { LQ_RX_PACKETS, LQ_DROPS, LQ_INTERRUPTS, LQ_POLLS, LQ__N };
enum { LC_PROCESSED, LC_DROPPED, LC_SQUEEZE, LC__N };
enum { LS_ENQUEUED, LS_READ, LS_DROPS, LS__N };

static const char *const lq_names[LQ__N] = { "rx_packets", "drops", "interrupts", "napi_polls" };
static const char *const lc_names[LC__N] = { "processed", "dropped", "time_squeeze" };
static const char *const ls_names[LS__N] = { "enqueued", "read", "drops" };

static size_t long_ncounters(const struct host *h)
{
	return (size_t)h->nrxq * LQ__N + (size_t)h->ncpus * LC__N + (size_t)h->nsocks * LS__N;
}

static void long_counters(const struct host *h, uint64_t *v)
{
	int i;

	for (i = 0; i < h->nrxq; i++, v += LQ__N) {
		const struct rxq *q = h->rxqs[i];

		v[LQ_RX_PACKETS] = q->rx_packets;
		v[LQ_DROPS] = q->ring_drops + q->fifo_drops;
		v[LQ_INTERRUPTS] = q->irq.desc.count;
		v[LQ_POLLS] = q->napi.polls;
	}
	for (i = 0; i < h->ncpus; i++, v += LC__N) {
		const struct softnet_data *sd = &h->cpus[i].sd;

		v[LC_PROCESSED] = sd->processed;
		v[LC_DROPPED] = sd->dropped;
		v[LC_SQUEEZE] = sd->time_squeeze;
	}
	for (i = 0; i < h->nsocks; i++, v += LS__N) {
		const struct udp_sock *sk = &h->socks[i];

		v[LS_ENQUEUED] = sk->enqueued;
		v[LS_READ] = sk->read;
		v[LS_DROPS] = sk->sk_drops;
	}
}

static void long_u64(FILE *f, int64_t t_ns, const char *obj, const char *metric, uint64_t v)
{
	fprintf(f, "%" PRId64 ",%s,%s,%" PRIu64 "\n", t_ns, obj, metric, v);
}

/* The long file's lines of one row; @now holds this row's counters. */
static void long_rows(struct timeseries *ts, const struct ts_snapshot *now, sim_time_t len,
		      const uint64_t *cnt)
{
	const struct host *h = ts->host;
	const uint64_t *prev = ts->long_prev;
	int64_t t = h->sim->now / SIM_NS;
	char obj[96];
	int i, k;

	for (i = 0; i < h->nrxq; i++, cnt += LQ__N, prev += LQ__N) {
		const struct rxq *q = h->rxqs[i];

		/* ethtool's queue names: rx-N */
		snprintf(obj, sizeof(obj), "%s/rx-%d", q->nic->cfg->name, q->index);
		for (k = 0; k < LQ__N; k++)
			long_u64(ts->flong, t, obj, lq_names[k], cnt[k] - prev[k]);
		long_u64(ts->flong, t, obj, "ring_filled", q->filled.len);
		long_u64(ts->flong, t, obj, "ring_filled_max", q->ts_max_filled);
	}
	for (i = 0; i < h->ncpus; i++, cnt += LC__N, prev += LC__N) {
		const struct softnet_data *sd = &h->cpus[i].sd;

		snprintf(obj, sizeof(obj), "cpu%d", i);
		for (k = 0; k < LC__N; k++)
			long_u64(ts->flong, t, obj, lc_names[k], cnt[k] - prev[k]);
		long_u64(ts->flong, t, obj, "backlog_len", backlog_queued(sd));
		long_u64(ts->flong, t, obj, "backlog_len_max", sd->ts_max_backlog_len);
		for (k = 0; k < acct_columns(host_has_napi_threads(h)); k++)
			fprintf(ts->flong, "%" PRId64 ",%s,%s,%.4f\n", t, obj,
				acct_names[acct_order[k]],
				len ? (double)(now->acct[i * ACCT__N + acct_order[k]] -
					       ts->prev.acct[i * ACCT__N + acct_order[k]]) /
					      (double)len : 0.0);
	}
	for (i = 0; i < h->nsocks; i++, cnt += LS__N, prev += LS__N) {
		const struct udp_sock *sk = &h->socks[i];

		snprintf(obj, sizeof(obj), "sock/%s", sk->cfg->name);
		for (k = 0; k < LS__N; k++)
			long_u64(ts->flong, t, obj, ls_names[k], cnt[k] - prev[k]);
		long_u64(ts->flong, t, obj, "queued", udp_queued(sk));
		long_u64(ts->flong, t, obj, "queued_max", sk->ts_max_qlen);
	}
}

/* The next interval's maxima start from what is held now. */
static void reset_max(struct host *h)
{
	int i;

	for (i = 0; i < h->nrxq; i++)
		h->rxqs[i]->ts_max_filled = h->rxqs[i]->filled.len;
	for (i = 0; i < h->ncpus; i++)
		h->cpus[i].sd.ts_max_backlog_len = backlog_queued(&h->cpus[i].sd);
	for (i = 0; i < h->nsocks; i++)
		h->socks[i].ts_max_qlen = udp_queued(&h->socks[i]);
}

static void snapshot(const struct host *h, struct ts_snapshot *s)
{
	int i, k;

	s->offered = h->offered;
	s->delivered = h->delivered;
	s->ip = h->ip;
	s->local = h->local_offered;
	memcpy(s->drops, h->drops, sizeof(s->drops));
	s->interrupts = s->polls = s->net_rx = s->squeeze = s->ksoftirqd_wakeups = 0;
	for (i = 0; i < h->nrxq; i++) {
		s->interrupts += h->rxqs[i]->irq.desc.count;
		s->polls += h->rxqs[i]->napi.polls;
	}
	for (i = 0; i < h->ncpus; i++) {
		const struct cpu *c = &h->cpus[i];

		s->net_rx += c->sd.net_rx_softirqs;
		s->squeeze += c->sd.time_squeeze;
		s->ksoftirqd_wakeups += c->sd.ksoftirqd_wakeups;
		for (k = 0; k < ACCT__N; k++)
			s->acct[i * ACCT__N + k] = c->acct[k];
	}
}

/* Goodput of the interval (bytes read by the readers), and the memory and
 * windows summed over the connections; cwnd of the senders summed. */
static void tcp_columns(struct timeseries *ts, sim_time_t len)
{
	const struct tcp_host *th = ts->host->tcp;
	int64_t rmem = 0, rcvbuf = 0;
	uint64_t wnd = 0, cwnd = 0;
	uint32_t i;

	for (i = 0; i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];

		if (tp->listener < 0)
			continue;
		rmem += tp->sk_rmem_alloc;
		rcvbuf += tp->sk_rcvbuf;
		wnd += tp->rcv_wnd;
		cwnd += tp->snd.cwnd;
	}
	fprintf(ts->f, ",%.0f,%" PRId64 ",%" PRId64 ",%" PRIu64 ",%" PRIu64,
		len ? (double)(th->bytes_read - ts->tcp_bytes_prev) * 8 * SIM_S / (double)len : 0.0,
		rmem, rcvbuf, wnd, cwnd);
	ts->tcp_bytes_prev = th->bytes_read;
}

/* XDP verdicts and GRO merges over all queues; true if any NIC has a
 * program or a GRO that can merge. */
static bool offload_totals(const struct host *h, uint64_t v[4])
{
	bool any = false;
	int i, j;

	v[0] = v[1] = v[2] = v[3] = 0;
	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];

		for (j = 0; j < n->nrxq; j++) {
			if (n->xdp) {
				const struct xdp_rxq *x = &n->xdp->rxqs[j];

				v[0] += x->verdict[XDP_DROP] + x->verdict[XDP_ABORTED];
				v[1] += x->verdict[XDP_REDIRECT];
				v[2] += x->verdict[XDP_TX];
				any = true;
			}
			if (n->rxqs[j].gro && n->rxqs[j].gro->on) {
				v[3] += n->rxqs[j].gro->merged;
				any = true;
			}
		}
	}
	return any;
}

static void header(struct timeseries *ts)
{
	const struct host *h = ts->host;
	int i, k;

	fprintf(ts->f, "t_ns,interval_ns,offered,delivered");
	for (i = 0; i < DROP__N; i++)
		if (ts_drop_shown(h, i))
			fprintf(ts->f, ",drops_%s", drop_info[i].key);
	fprintf(ts->f, ",ring_filled,ring_posted,nic_fifo_len,backlog_len,socket_queued,"
		"ring_filled_max,backlog_len_max,socket_queued_max,interrupts,napi_polls,net_rx_softirqs,time_squeeze,ksoftirqd_wakeups,"
		"lat_count,lat_p50_ns,lat_p99_ns,lat_max_ns");
	for (i = 0; i < h->ncpus; i++)
		for (k = 0; k < acct_columns(host_has_napi_threads(h)); k++)
			fprintf(ts->f, ",cpu%d_%s", i, acct_names[acct_order[k]]);
	ts_netfilter_header(ts->f, h);
	/* stages a scenario may not use: their columns only when configured */
	if (h->nsenders)
		fprintf(ts->f, ",sent_locally");
	if (h->ipfrag_on)
		fprintf(ts->f, ",ip_reasm_reqds,ip_reasm_oks,ip_reasm_fails,ip_reasm_timeout,"
			"ip_frag_creates,ipfrag_mem,ipfrag_queues");
	if (h->tcp)
		fputs(",tcp_goodput_bps,tcp_rmem_alloc,tcp_rcvbuf,tcp_rcv_wnd,tcp_cwnd", ts->f);
	if (ts->offload)
		fprintf(ts->f, ",xdp_drop,xdp_redirect,xdp_tx,gro_merged");
	fputc('\n', ts->f);
	if (ts->flong)
		fputs("t_ns,object,metric,value\n", ts->flong);
}

static void row(struct timeseries *ts, sim_time_t len)
{
	struct host *h = ts->host;
	struct ts_snapshot now;
	uint64_t filled = 0, posted = 0, fifo = 0, sockq = 0, backlog = 0;
	uint64_t filled_max = 0, sockq_max = 0, backlog_max = 0;
	int i, k;

	now.acct = malloc(sizeof(*now.acct) * (size_t)h->ncpus * ACCT__N);
	if (!now.acct)
		return;
	host_sync(h);
	snapshot(h, &now);
	for (i = 0; i < h->nrxq; i++) {
		filled += h->rxqs[i]->filled.len;
		posted += h->rxqs[i]->posted;
		fifo += h->rxqs[i]->fifo.len;
		if (h->rxqs[i]->ts_max_filled > filled_max)
			filled_max = h->rxqs[i]->ts_max_filled;
	}
	for (i = 0; i < h->nsocks; i++) {
		sockq += udp_queued(&h->socks[i]);
		if (h->socks[i].ts_max_qlen > sockq_max)
			sockq_max = h->socks[i].ts_max_qlen;
	}
	for (i = 0; i < h->ncpus; i++) {
		backlog += backlog_queued(&h->cpus[i].sd);
		if (h->cpus[i].sd.ts_max_backlog_len > backlog_max)
			backlog_max = h->cpus[i].sd.ts_max_backlog_len;
	}
	fprintf(ts->f, "%" PRId64 ",%" PRId64 ",%" PRIu64 ",%" PRIu64, h->sim->now / SIM_NS,
		len / SIM_NS, now.offered - ts->prev.offered, now.delivered - ts->prev.delivered);
	for (i = 0; i < DROP__N; i++)
		if (ts_drop_shown(h, i))
			fprintf(ts->f, ",%" PRIu64, now.drops[i] - ts->prev.drops[i]);
	fprintf(ts->f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, filled, posted,
		fifo, backlog, sockq);
	fprintf(ts->f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, filled_max, backlog_max, sockq_max);
	fprintf(ts->f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64,
		now.interrupts - ts->prev.interrupts, now.polls - ts->prev.polls,
		now.net_rx - ts->prev.net_rx, now.squeeze - ts->prev.squeeze,
		now.ksoftirqd_wakeups - ts->prev.ksoftirqd_wakeups);
	if (ts->lat.count)
		fprintf(ts->f, ",%" PRIu64 ",%" PRId64 ",%" PRId64 ",%" PRId64, ts->lat.count,
			hist_quantile(&ts->lat, 0.5) / SIM_NS, hist_quantile(&ts->lat, 0.99) / SIM_NS,
			ts->lat.max / SIM_NS);
	else
		fprintf(ts->f, ",0,,,");	/* empty fields: gnuplot skips them */
	for (i = 0; i < h->ncpus; i++)
		for (k = 0; k < acct_columns(host_has_napi_threads(h)); k++)
			fprintf(ts->f, ",%.4f",
				len ? (double)(now.acct[i * ACCT__N + acct_order[k]] -
					       ts->prev.acct[i * ACCT__N + acct_order[k]]) /
					      (double)len : 0.0);
	ts_netfilter_row(ts->f, h, ts->nf_prev);
	if (h->nsenders)
		fprintf(ts->f, ",%" PRIu64, now.local - ts->prev.local);
	if (h->ipfrag_on)
		fprintf(ts->f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%ld,%u",
			now.ip.ReasmReqds - ts->prev.ip.ReasmReqds,
			now.ip.ReasmOKs - ts->prev.ip.ReasmOKs,
			now.ip.ReasmFails - ts->prev.ip.ReasmFails,
			now.ip.ReasmTimeout - ts->prev.ip.ReasmTimeout,
			now.ip.FragCreates - ts->prev.ip.FragCreates, ip_frags_mem(h),
			ip_frags_queues(h));
	if (h->tcp)
		tcp_columns(ts, len);
	if (ts->offload) {
		offload_totals(h, now.offload);
		for (k = 0; k < 4; k++)
			fprintf(ts->f, ",%" PRIu64, now.offload[k] - ts->prev.offload[k]);
	}
	fputc('\n', ts->f);
	if (ts->flong) {
		long_counters(h, ts->long_now);
		long_rows(ts, &now, len, ts->long_now);
		memcpy(ts->long_prev, ts->long_now, sizeof(*ts->long_now) * long_ncounters(h));
	}
	reset_max(h);
	free(ts->prev.acct);
	ts->prev = now;
	hist_init(&ts->lat);
	ts->rows++;
}

static void sample_fn(struct sim *sim, struct sim_event *ev)
{
	struct timeseries *ts = container_of(ev, struct timeseries, ev);

	row(ts, ts->interval);
	if (sim->now + ts->interval <= ts->host->sc->duration)
		sim_schedule(sim, &ts->ev, sim->now + ts->interval);
}

int timeseries_start(struct timeseries *ts, struct host *h, FILE *f, FILE *flong,
		     sim_time_t interval)
{
	memset(ts, 0, sizeof(*ts));
	ts->host = h;
	ts->f = f;
	ts->flong = flong;
	ts->interval = interval;
	hist_init(&ts->lat);
	ts->offload = offload_totals(h, ts->prev.offload);
	ts->prev.acct = calloc((size_t)h->ncpus * ACCT__N, sizeof(*ts->prev.acct));
	if (!ts->prev.acct)
		return -1;
	if (flong) {
		/* two arrays sized once: nothing is allocated per row for them */
		ts->long_prev = calloc(2 * long_ncounters(h) + 1, sizeof(*ts->long_prev));
		if (!ts->long_prev) {
			free(ts->prev.acct);
			ts->prev.acct = NULL;
			return -1;
		}
		ts->long_now = ts->long_prev + long_ncounters(h);
	}
	reset_max(h);
	header(ts);
	h->lat_interval = &ts->lat;
	sim_event_init(&ts->ev, sample_fn, PRIO_STATS);
	sim_schedule(h->sim, &ts->ev, interval);
	return 0;
}

void timeseries_finish(struct timeseries *ts)
{
	sim_time_t last = ts->rows * ts->interval;

	if (ts->host->sim->now > last)
		row(ts, ts->host->sim->now - last);
	ts->host->lat_interval = NULL;
}

void timeseries_free(struct timeseries *ts)
{
	free(ts->prev.acct);
	ts->prev.acct = NULL;
	free(ts->long_prev);
	ts->long_prev = ts->long_now = NULL;
}
