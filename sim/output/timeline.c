/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the timeline trace and the packet trace.
 *
 * Timeline: one track per CPU with its hard IRQ, softirq (inline), and task
 * slices (ksoftirqd, readers, background tasks); consecutive pieces of the
 * same context are merged, so a slice ends only when the CPU switches to
 * something else and slices of one CPU never overlap.  Counter tracks give
 * ring, backlog and socket occupancy every counter_interval; drops and
 * time_squeeze are instant events.  Times are microseconds with picosecond
 * decimals.  Only [trace_from, trace_from + trace_for) is written.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/sock.h"
#include "rxsim/timeline.h"

#define PRIO_OBSERVE 7

static const char *const acct_cat[] = {
	"hardirq", "softirq", "ksoftirqd", "napi_kthread", "app", "other", "idle",
};
_Static_assert(sizeof(acct_cat) / sizeof(acct_cat[0]) == ACCT__N,
	       "acct_cat must cover its enum");

static void put_ts(FILE *f, sim_time_t ps)
{
	fprintf(f, "%" PRId64 ".%06" PRId64, ps / SIM_US, ps % SIM_US);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void event_sep(struct observers *o)
{
	fputs(o->events++ ? ",\n" : "\n", o->tl);
}

static void flush_slice(struct observers *o, int cpu)
{
	struct tl_open_slice *s = &o->open[cpu];

	if (!s->name || s->end <= s->start)
		return;
	event_sep(o);
	fprintf(o->tl, "{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":", cpu);
	put_ts(o->tl, s->start);
	fputs(",\"dur\":", o->tl);
	put_ts(o->tl, s->end - s->start);
	fputs(",\"name\":", o->tl);
	json_str(o->tl, s->name);
	fprintf(o->tl, ",\"cat\":\"%s\"}", acct_cat[s->acct]);
	s->name = NULL;
}

static void on_slice(void *ctx, int cpu, int acct, const char *name, sim_time_t start,
		     sim_time_t end)
{
	struct observers *o = ctx;
	struct tl_open_slice *s;

	if (!o->tl)
		return;
	if (start < o->from)
		start = o->from;
	if (end > o->to)
		end = o->to;
	if (end <= start)
		return;
	s = &o->open[cpu];
	if (s->name && s->acct == acct && s->name == name && s->end == start) {
		s->end = end;
		return;
	}
	flush_slice(o, cpu);
	s->acct = acct;
	s->name = name;
	s->start = start;
	s->end = end;
}

static void on_instant(void *ctx, int cpu, const char *name, sim_time_t t)
{
	struct observers *o = ctx;

	if (!o->tl || t < o->from || t >= o->to)
		return;
	event_sep(o);
	/* drops at the NIC or upstream have no CPU: a track of their own */
	fprintf(o->tl, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":",
		cpu >= 0 ? cpu : 1000);
	put_ts(o->tl, t);
	fputs(",\"name\":", o->tl);
	json_str(o->tl, name);
	fputs(",\"cat\":\"event\"}", o->tl);
}

static void on_packet(void *ctx, const struct packet *p, int place, sim_time_t t)
{
	struct observers *o = ctx;

	if (!o->pt || p->id % o->sample || o->rows >= o->max_rows)
		return;
	o->rows++;
	fprintf(o->pt, "%" PRIu64 ",%u,%u,%u,%" PRId64, p->id, p->src, p->flow, p->size,
		p->t_offered / SIM_NS);
	/* each stage's time, empty where the packet never got there */
#define STAGE(v) do { if (v) fprintf(o->pt, ",%" PRId64, (v) / SIM_NS); \
		      else fputc(',', o->pt); } while (0)
	STAGE(p->t_nic);
	STAGE(p->t_ring);
	STAGE(p->t_poll);
	STAGE(p->t_sock);
#undef STAGE
	if (place < 0)
		fprintf(o->pt, ",%" PRId64 ",delivered\n", t / SIM_NS);
	else
		fprintf(o->pt, ",,%s\n", drop_info[place].key);
}

static void counters_fn(struct sim *sim, struct sim_event *ev)
{
	struct observers *o = container_of(ev, struct observers, counter_ev);
	struct host *h = o->host;
	int i;

	for (i = 0; i < h->nrxq; i++)
		rxq_sync(h, h->rxqs[i]);
	event_sep(o);
	fputs("{\"ph\":\"C\",\"pid\":1,\"name\":\"ring filled\",\"ts\":", o->tl);
	put_ts(o->tl, sim->now);
	fputs(",\"args\":{", o->tl);
	for (i = 0; i < h->nrxq; i++)
		fprintf(o->tl, "%s\"%s\":%u", i ? "," : "", h->rxqs[i]->irq.name,
			h->rxqs[i]->filled.len);
	fputs("}}", o->tl);
	event_sep(o);
	fputs("{\"ph\":\"C\",\"pid\":1,\"name\":\"backlog\",\"ts\":", o->tl);
	put_ts(o->tl, sim->now);
	fputs(",\"args\":{", o->tl);
	for (i = 0; i < h->ncpus; i++)
		fprintf(o->tl, "%s\"cpu%d\":%u", i ? "," : "", i, backlog_queued(&h->cpus[i].sd));
	fputs("}}", o->tl);
	event_sep(o);
	fputs("{\"ph\":\"C\",\"pid\":1,\"name\":\"socket queued\",\"ts\":", o->tl);
	put_ts(o->tl, sim->now);
	fputs(",\"args\":{", o->tl);
	for (i = 0; i < h->nsocks; i++) {
		fprintf(o->tl, "%s", i ? "," : "");
		json_str(o->tl, h->socks[i].cfg->name);
		fprintf(o->tl, ":%u", udp_queued(&h->socks[i]));
	}
	fputs("}}", o->tl);
	if (sim->now + o->counter_interval < o->to)
		sim_schedule(sim, &o->counter_ev, sim->now + o->counter_interval);
}

int observers_start(struct observers *o, struct host *h, FILE *timeline, FILE *packets)
{
	const struct output_cfg *oc = &h->sc->output;
	int i;

	memset(o, 0, sizeof(*o));
	o->host = h;
	o->tl = timeline;
	o->pt = packets;
	o->from = oc->trace_from;
	o->to = oc->trace_from + oc->trace_for;
	o->counter_interval = oc->counter_interval;
	o->sample = (uint64_t)oc->packet_sample;
	o->max_rows = (uint64_t)oc->packet_trace_max;
	o->hooks.ctx = o;
	o->hooks.cpu_slice = on_slice;
	o->hooks.instant = on_instant;
	o->hooks.packet_done = on_packet;
	o->open = calloc((size_t)h->ncpus, sizeof(*o->open));
	if (!o->open)
		return -1;
	if (o->tl) {
		fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", o->tl);
		event_sep(o);
		fputs("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"host\"}}",
		      o->tl);
		for (i = 0; i < h->ncpus; i++) {
			event_sep(o);
			fprintf(o->tl, "{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\","
				"\"args\":{\"name\":\"cpu%d\"}}", i, i);
		}
		event_sep(o);
		fputs("{\"ph\":\"M\",\"pid\":1,\"tid\":1000,\"name\":\"thread_name\","
		      "\"args\":{\"name\":\"nic and link drops\"}}", o->tl);
		sim_event_init(&o->counter_ev, counters_fn, PRIO_OBSERVE);
		if (o->from < h->sc->duration)
			sim_schedule(h->sim, &o->counter_ev, o->from);
	}
	if (o->pt)
		fputs("id,source,flow,size,offered_ns,nic_ns,ring_ns,poll_ns,sock_ns,read_ns,"
		      "outcome\n", o->pt);
	h->hooks = &o->hooks;
	return 0;
}

void observers_finish(struct observers *o)
{
	int i;

	for (i = 0; o->tl && i < o->host->ncpus; i++)
		flush_slice(o, i);
	if (o->tl)
		fputs("\n]}\n", o->tl);
	o->host->hooks = NULL;
	free(o->open);
	o->open = NULL;
}
