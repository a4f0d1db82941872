/* SPDX-License-Identifier: MIT */
/*
 * timeseries.c - the time-series CSV.  A sampling event at the lowest
 * priority runs at every interval boundary; counts are per interval,
 * occupancies are the value at the end of the interval, CPU columns are the
 * share of the interval spent in each context.  Column names are snake_case
 * with units, so plots select them by name.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/timeseries.h"

#define PRIO_STATS 7

static void snapshot(const struct host *h, struct ts_snapshot *s)
{
	int i, k;

	s->offered = h->offered;
	s->delivered = h->delivered;
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

static void header(struct timeseries *ts)
{
	const struct host *h = ts->host;
	int i, k;

	fprintf(ts->f, "t_ns,interval_ns,offered,delivered");
	for (i = 0; i < DROP__N; i++)
		fprintf(ts->f, ",drops_%s", drop_info[i].key);
	fprintf(ts->f, ",ring_filled,ring_posted,nic_fifo_len,backlog_len,socket_queued,"
		"interrupts,napi_polls,net_rx_softirqs,time_squeeze,ksoftirqd_wakeups,"
		"lat_count,lat_p50_ns,lat_p99_ns,lat_max_ns");
	for (i = 0; i < h->ncpus; i++)
		for (k = 0; k < ACCT__N; k++)
			fprintf(ts->f, ",cpu%d_%s", i, acct_names[k]);
	fputc('\n', ts->f);
}

static void row(struct timeseries *ts, sim_time_t len)
{
	struct host *h = ts->host;
	struct ts_snapshot now;
	uint64_t filled = 0, posted = 0, fifo = 0, sockq = 0, backlog = 0;
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
	}
	for (i = 0; i < h->nsocks; i++)
		sockq += udp_queued(&h->socks[i]);
	for (i = 0; i < h->ncpus; i++)
		backlog += backlog_queued(&h->cpus[i].sd);
	fprintf(ts->f, "%" PRId64 ",%" PRId64 ",%" PRIu64 ",%" PRIu64, h->sim->now / SIM_NS,
		len / SIM_NS, now.offered - ts->prev.offered, now.delivered - ts->prev.delivered);
	for (i = 0; i < DROP__N; i++)
		fprintf(ts->f, ",%" PRIu64, now.drops[i] - ts->prev.drops[i]);
	fprintf(ts->f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, filled, posted,
		fifo, backlog, sockq);
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
		for (k = 0; k < ACCT__N; k++)
			fprintf(ts->f, ",%.4f",
				len ? (double)(now.acct[i * ACCT__N + k] -
					       ts->prev.acct[i * ACCT__N + k]) / (double)len : 0.0);
	fputc('\n', ts->f);
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

int timeseries_start(struct timeseries *ts, struct host *h, FILE *f, sim_time_t interval)
{
	memset(ts, 0, sizeof(*ts));
	ts->host = h;
	ts->f = f;
	ts->interval = interval;
	hist_init(&ts->lat);
	ts->prev.acct = calloc((size_t)h->ncpus * ACCT__N, sizeof(*ts->prev.acct));
	if (!ts->prev.acct)
		return -1;
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
}
