/* SPDX-License-Identifier: MIT */
/*
 * test_outputs.c - the three streamed outputs of a run (sim/output/timeline.c,
 * sim/output/timeseries.c) checked for structure and against quantities computed
 * another way:
 *
 *  - timeline (--trace, Chrome trace-event JSON): valid JSON; "X" slices
 *    inside [trace_from, trace_from + trace_for], never overlapping on one
 *    CPU; per CPU and context their durations add up to the CPU time the
 *    same scenario spends in that context over the same window, measured
 *    (a) by stepping the simulation to the window's ends and reading the
 *    CPU accounting, (b) from the time series' CPU shares, (c) for a
 *    whole-run window, from the summary's cpus[].time_ns; counter tracks
 *    for ring, backlog and socket every counter_interval; drop instants
 *    exactly as many, by place, as the time series counts in the window;
 *  - time series (timeseries.csv): header, row count and times from
 *    duration and interval, CPU shares summing to 1, columns summing to the
 *    summary's totals;
 *  - packet trace (--packet-trace): 1-in-N sampling, stage times in path
 *    order, outcomes, the row limit, and with N = 1 outcome counts equal to
 *    the summary's delivered and drops;
 *  - determinism: two runs give byte-identical outputs, and asking for the
 *    outputs does not change the run.
 *
 * Expected values come from the scenario (durations, windows, intervals,
 * sampling), from the documented meaning of each column (README "Outputs"),
 * or from a second, independent measurement named at each check; never
 * from a number rxsim printed before.
 */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_util.h"
#include "rxsim/cpu.h"
#include "rxsim/drop.h"

#define MAX_CPUS 16
#define NCAT 5		/* the slice categories: every context but idle */

/* README: cpus[].time_ns.{hardirq,softirq,ksoftirqd,app,other,idle} */
static const char *const ctx_names[6] = {
	"hardirq", "softirq", "ksoftirqd", "app", "other", "idle",
};

/* README: drops.{upstream,nic_ring,nic_fifo,cpu_backlog,no_socket,socket_rcvbuf} */
static const char *const drop_names[6] = {
	"upstream", "nic_ring", "nic_fifo", "cpu_backlog", "no_socket", "socket_rcvbuf",
};

static int name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* ---- CPU split of a window, by stepping the simulation ------------------- */

/* The time each CPU spends in each context over [from, to), read from the
 * CPU accounting at the two ends of a run with no outputs attached. */
static void step_split(const char *rel, const char *const *sets, int nsets, sim_time_t from,
		       sim_time_t to, int64_t split[MAX_CPUS][6])
{
	struct model *m = model_load_file(rel, sets, nsets);
	struct rxsim_run *r = &m->r;
	int64_t at_from[MAX_CPUS][6];
	int i, k;

	model_start(m);
	ck_assert_int_le(r->host.ncpus, MAX_CPUS);
	sim_run_until(&r->sim, from);
	for (i = 0; i < r->host.ncpus; i++) {
		cpu_account(&r->host.cpus[i]);
		for (k = 0; k < 6; k++)
			at_from[i][k] = r->host.cpus[i].acct[acct_order[k]];
	}
	sim_run_until(&r->sim, to);
	for (i = 0; i < r->host.ncpus; i++) {
		cpu_account(&r->host.cpus[i]);
		for (k = 0; k < 6; k++)
			split[i][k] = r->host.cpus[i].acct[acct_order[k]] - at_from[i][k];
	}
	model_free(m);
}

/* ---- timeline ----------------------------------------------------------- */

struct slice {
	double ts, dur;
};

struct tl_stats {
	int64_t cat_ps[MAX_CPUS][NCAT];	/* summed slice durations */
	uint64_t nslices[MAX_CPUS][NCAT];
	uint64_t counters[3];		/* ring filled, backlog, socket queued */
	uint64_t drops[6];		/* drop instants by place */
	uint64_t other_instants;
};

static int cmp_slice(const void *a, const void *b)
{
	const struct slice *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static const char *const counter_names[3] = { "ring filled", "backlog", "socket queued" };

/* Every key of @args is one of the @n names of @want, each present; the
 * values are non-negative integers no larger than @bound[i]. */
static void check_counter_args(const cJSON *args, char want[][64], const double *bound, int n,
			       const char *what)
{
	const cJSON *a;
	int seen = 0, i;

	ck_assert_msg(cJSON_IsObject(args), "%s counter without args", what);
	cJSON_ArrayForEach(a, args) {
		for (i = 0; i < n; i++)
			if (!strcmp(a->string, want[i]))
				break;
		ck_assert_msg(i < n, "%s counter: unexpected series \"%s\"", what, a->string);
		ck_assert_msg(cJSON_IsNumber(a) && a->valuedouble >= 0 &&
			      a->valuedouble == floor(a->valuedouble),
			      "%s counter %s: not a count", what, a->string);
		ck_assert_msg(a->valuedouble <= bound[i], "%s counter %s = %g above its maximum %g",
			      what, a->string, a->valuedouble, bound[i]);
		seen++;
	}
	ck_assert_int_eq(seen, n);
}

/* Parse and check the timeline of @o (run with OUT_TIMELINE). */
static void timeline_check(const struct orun *o, struct tl_stats *st)
{
	const struct scenario *sc = &o->m.sc;
	const cJSON *sum = o->sum;
	int ncpus = (int)sc->host.cpus, nsocks = (int)sc->n_sockets, nq = 0, i, k;
	double from = (double)sc->output.trace_from / (double)SIM_US;
	double to = (double)(sc->output.trace_from + sc->output.trace_for) / (double)SIM_US;
	double ci = (double)sc->output.counter_interval / (double)SIM_US;
	const double eps = 1e-6;	/* one picosecond: the JSON's last decimal */
	struct slice *sl[MAX_CPUS];
	size_t nsl[MAX_CPUS] = { 0 }, cap[MAX_CPUS] = { 0 };
	char ring_keys[64][64], backlog_keys[MAX_CPUS][64], sock_keys[64][64];
	double ring_max[64], backlog_max[MAX_CPUS], sock_max[64];
	uint64_t expect_counters;
	const char *end = NULL;
	const cJSON *root, *evs, *ev, *nics, *nic;
	bool tid_named[MAX_CPUS] = { false };

	memset(st, 0, sizeof(*st));
	memset(sl, 0, sizeof(sl));
	ck_assert_int_le(ncpus, MAX_CPUS);
	ck_assert_ptr_nonnull(o->tl);
	if (to > (double)sc->duration / (double)SIM_US)
		to = (double)sc->duration / (double)SIM_US;

	/* the series each counter must carry, with the summary's maxima */
	nics = jnode(sum, "nics");
	cJSON_ArrayForEach(nic, nics) {
		const cJSON *q;

		cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(nic, "queues")) {
			ck_assert_int_lt(nq, 64);
			snprintf(ring_keys[nq], sizeof(ring_keys[nq]), "%s", jstr(q, "irq"));
			ring_max[nq] = jnum(q, "ring.max_filled");
			nq++;
		}
	}
	for (i = 0; i < ncpus; i++) {
		snprintf(backlog_keys[i], sizeof(backlog_keys[i]), "cpu%d", i);
		backlog_max[i] = jnumf(sum, "cpus.%d.backlog.max_len", i);
	}
	ck_assert_int_le(nsocks, 64);
	for (i = 0; i < nsocks; i++) {
		char path[64];

		snprintf(path, sizeof(path), "sockets.%d.name", i);
		snprintf(sock_keys[i], sizeof(sock_keys[i]), "%s", jstr(sum, path));
		sock_max[i] = jnumf(sum, "sockets.%d.max_queued", i);
	}

	root = cJSON_ParseWithOpts(o->tl, &end, 1);
	ck_assert_msg(root != NULL, "timeline is not valid JSON near byte %td",
		      end ? end - o->tl : -1);
	evs = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
	ck_assert_msg(cJSON_IsArray(evs), "timeline without a traceEvents array");
	cJSON_ArrayForEach(ev, evs) {
		const cJSON *ph = cJSON_GetObjectItemCaseSensitive(ev, "ph");
		const cJSON *tid = cJSON_GetObjectItemCaseSensitive(ev, "tid");
		const cJSON *ts = cJSON_GetObjectItemCaseSensitive(ev, "ts");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(ev, "name");
		const cJSON *cat = cJSON_GetObjectItemCaseSensitive(ev, "cat");

		ck_assert_msg(cJSON_IsString(ph), "event without ph");
		ck_assert_msg(cJSON_IsString(name) && *name->valuestring, "event without a name");
		if (!strcmp(ph->valuestring, "M")) {
			if (cJSON_IsNumber(tid) && tid->valueint >= 0 && tid->valueint < ncpus)
				tid_named[tid->valueint] = true;
			continue;
		}
		ck_assert_msg(cJSON_IsNumber(ts), "%s event without ts", ph->valuestring);
		if (!strcmp(ph->valuestring, "X")) {
			const cJSON *dur = cJSON_GetObjectItemCaseSensitive(ev, "dur");
			int c, t;

			ck_assert_msg(cJSON_IsNumber(tid), "slice without tid");
			t = tid->valueint;
			ck_assert_msg(t >= 0 && t < ncpus, "slice on tid %d, not a CPU", t);
			ck_assert_msg(cJSON_IsNumber(dur), "slice without dur");
			ck_assert_msg(cJSON_IsString(cat), "slice without cat");
			c = name_index(ctx_names, NCAT, cat->valuestring);
			ck_assert_msg(c >= 0, "slice category \"%s\"", cat->valuestring);
			ck_assert_msg(ts->valuedouble >= 0 && dur->valuedouble >= 0,
				      "negative slice %f+%f", ts->valuedouble, dur->valuedouble);
			ck_assert_msg(ts->valuedouble >= from - eps &&
				      ts->valuedouble + dur->valuedouble <= to + eps,
				      "slice %f+%f outside the window [%f, %f]", ts->valuedouble,
				      dur->valuedouble, from, to);
			if (nsl[t] == cap[t]) {
				cap[t] = cap[t] ? 2 * cap[t] : 1024;
				sl[t] = realloc(sl[t], cap[t] * sizeof(*sl[t]));
				ck_assert_ptr_nonnull(sl[t]);
			}
			sl[t][nsl[t]].ts = ts->valuedouble;
			sl[t][nsl[t]++].dur = dur->valuedouble;
			st->cat_ps[t][c] += llround(dur->valuedouble * 1e6);
			st->nslices[t][c]++;
		} else if (!strcmp(ph->valuestring, "C")) {
			const cJSON *args = cJSON_GetObjectItemCaseSensitive(ev, "args");
			int c = name_index(counter_names, 3, name->valuestring);

			ck_assert_msg(c >= 0, "counter \"%s\"", name->valuestring);
			ck_assert_msg(ts->valuedouble >= from - eps && ts->valuedouble < to - eps,
				      "counter at %f outside [%f, %f)", ts->valuedouble, from, to);
			/* sampled at from, from + ci, ...: the k-th of its track */
			ck_assert_msg(fabs(ts->valuedouble - (from + ci * (double)st->counters[c])) <
				      1e-5, "counter %s #%" PRIu64 " at %f", name->valuestring,
				      st->counters[c], ts->valuedouble);
			st->counters[c]++;
			if (c == 0)
				check_counter_args(args, ring_keys, ring_max, nq, "ring");
			else if (c == 1)
				check_counter_args(args, backlog_keys, backlog_max, ncpus, "backlog");
			else
				check_counter_args(args, sock_keys, sock_max, nsocks, "socket");
		} else if (!strcmp(ph->valuestring, "i")) {
			ck_assert_msg(cJSON_IsNumber(tid), "instant without tid");
			ck_assert_msg(ts->valuedouble >= from - eps && ts->valuedouble < to - eps,
				      "instant %s at %f outside [%f, %f)", name->valuestring,
				      ts->valuedouble, from, to);
			if (tid->valueint == 1000) {
				/* the NIC-and-link track carries drops only */
				int d = name_index(drop_names, 6, name->valuestring);

				ck_assert_msg(d >= 0, "instant \"%s\" on the drop track",
					      name->valuestring);
				st->drops[d]++;
			} else {
				ck_assert_msg(tid->valueint >= 0 && tid->valueint < ncpus,
					      "instant on tid %d", tid->valueint);
				ck_assert_msg(name_index(drop_names, 6, name->valuestring) < 0,
					      "drop instant %s on CPU track %d", name->valuestring,
					      tid->valueint);
				st->other_instants++;
			}
		} else {
			ck_abort_msg("unexpected event phase \"%s\"", ph->valuestring);
		}
	}
	for (i = 0; i < ncpus; i++)
		ck_assert_msg(tid_named[i], "CPU %d has no thread_name metadata", i);

	/* slices of one CPU never overlap */
	for (i = 0; i < ncpus; i++) {
		size_t j;

		if (!nsl[i])
			continue;
		qsort(sl[i], nsl[i], sizeof(*sl[i]), cmp_slice);
		for (j = 1; j < nsl[i]; j++)
			ck_assert_msg(sl[i][j - 1].ts + sl[i][j - 1].dur <= sl[i][j].ts + eps,
				      "CPU %d: slice %f+%f overlaps the next at %f", i,
				      sl[i][j - 1].ts, sl[i][j - 1].dur, sl[i][j].ts);
		free(sl[i]);
	}

	/* one sample of each counter per counter_interval of the window */
	expect_counters = (uint64_t)ceil((to - from) / ci - 1e-9);
	for (k = 0; k < 3; k++)
		ck_assert_msg(st->counters[k] == expect_counters,
			      "%" PRIu64 " samples of \"%s\", expected %" PRIu64, st->counters[k],
			      counter_names[k], expect_counters);
	cJSON_Delete((cJSON *)root);
}

/* The CPU split of the window against the stepped run: slices are written
 * with picosecond decimals, so they agree to within half a picosecond per
 * slice (the double a JSON number parses to). */
static void timeline_vs_split(const struct tl_stats *st, int ncpus, int64_t split[MAX_CPUS][6])
{
	int i, k;

	for (i = 0; i < ncpus; i++)
		for (k = 0; k < NCAT; k++)
			ck_assert_msg(llabs(st->cat_ps[i][k] - split[i][k]) <=
				      (int64_t)st->nslices[i][k] + 1,
				      "CPU %d %s: slices add up to %" PRId64 " ps, the CPU spent %"
				      PRId64 " ps", i, ctx_names[k], st->cat_ps[i][k], split[i][k]);
}

/* The same against the time-series rows covering the window: each share
 * is printed with 4 decimals, so a row is known to +-0.00005 interval. */
static void timeline_vs_timeseries(const struct tl_stats *st, const struct orun *o)
{
	struct csv *c = csv_parse(o->ts, o->ts_len);
	const struct scenario *sc = &o->m.sc;
	sim_time_t from = sc->output.trace_from, to = sc->output.trace_from + sc->output.trace_for;
	int tcol = csv_col_req(c, "t_ns"), lcol = csv_col_req(c, "interval_ns");
	int ncpus = (int)sc->host.cpus, i, k, r, rows = 0;
	double share_ns[MAX_CPUS][NCAT];
	uint64_t drops[6] = { 0 };

	memset(share_ns, 0, sizeof(share_ns));
	ck_assert_msg(from % sc->output.interval == 0 && to % sc->output.interval == 0,
		      "the test needs a window made of whole intervals");
	for (r = 0; r < c->nrows; r++) {
		uint64_t t = csv_u64(c, r, tcol) * (uint64_t)SIM_NS;
		double len = (double)csv_u64(c, r, lcol);

		/* row r covers (t - interval, t] */
		if (t <= (uint64_t)from || t > (uint64_t)to)
			continue;
		rows++;
		for (i = 0; i < ncpus; i++) {
			for (k = 0; k < NCAT; k++) {
				char col[64];

				snprintf(col, sizeof(col), "cpu%d_%s", i, ctx_names[k]);
				share_ns[i][k] += csv_dbl(c, r, csv_col_req(c, col)) * len;
			}
		}
		for (k = 0; k < 6; k++) {
			char col[64];

			snprintf(col, sizeof(col), "drops_%s", drop_names[k]);
			drops[k] += csv_u64(c, r, csv_col_req(c, col));
		}
	}
	ck_assert_int_eq(rows, (int)((to - from) / sc->output.interval));
	for (i = 0; i < ncpus; i++)
		for (k = 0; k < NCAT; k++) {
			double tl_ns = (double)st->cat_ps[i][k] / 1000.0;
			double tol = 0.5e-4 * (double)(to - from) / (double)SIM_NS + 1;

			ck_assert_msg(fabs(tl_ns - share_ns[i][k]) <= tol,
				      "CPU %d %s: slices %.1f ns, time series %.1f ns (+-%.0f)", i,
				      ctx_names[k], tl_ns, share_ns[i][k], tol);
		}
	/* one drop instant per drop in the window, by place */
	for (k = 0; k < 6; k++)
		ck_assert_msg(st->drops[k] == drops[k],
			      "%s: %" PRIu64 " drop instants, the time series counts %" PRIu64
			      " drops in the window", drop_names[k], st->drops[k], drops[k]);
	csv_free(c);
}

/* Run @rel with @sets (which set the trace window and a 1 ms interval) with
 * the timeline and time series, check the timeline's structure and compare
 * it with the stepped run and the time series. */
static void timeline_case(const char *rel, const char *const *sets, int nsets,
			  struct tl_stats *st)
{
	struct orun *o = orun_file(rel, sets, nsets);
	int64_t split[MAX_CPUS][6];
	sim_time_t from, to;

	orun_go(o, OUT_TIMELINE | OUT_TIMESERIES);
	from = o->m.sc.output.trace_from;
	to = from + o->m.sc.output.trace_for;
	timeline_check(o, st);
	step_split(rel, sets, nsets, from, to, split);
	timeline_vs_split(st, (int)o->m.sc.host.cpus, split);
	timeline_vs_timeseries(st, o);
	orun_free(o);
}

static uint64_t sum_drops(const struct tl_stats *st)
{
	uint64_t n = 0;
	int k;

	for (k = 0; k < 6; k++)
		n += st->drops[k];
	return n;
}

/* Slice time of context @acct (ACCT_*): the categories follow the printed
 * order of the CPU split (acct_order). */
static int64_t sum_cat(const struct tl_stats *st, int cpu, int acct)
{
	int k;

	for (k = 0; k < NCAT && acct_order[k] != acct; k++)
		;
	ck_assert_int_lt(k, NCAT);
	return st->cat_ps[cpu][k];
}

/* livelock.json: 1.5 Mpps until 160 ms, then 3 Mpps; the window 158-163 ms
 * spans the step, deep in overload (scenario description). */
START_TEST(timeline_livelock_618_overload_window)
{
	static const char *const sets[] = { "kernel=6.18", "output.trace_from=158ms",
					    "output.trace_for=5ms", "output.interval=1ms" };
	struct tl_stats st;

	timeline_case("scenarios/livelock.json", sets, 4, &st);
	/* overload: the socket overflows (README: RcvbufErrors from 900 kpps) */
	ck_assert_uint_gt(st.drops[5], 0);
	/* one CPU takes interrupts, softirq and the reader */
	ck_assert_int_gt(sum_cat(&st, 0, ACCT_HARDIRQ), 0);
	ck_assert_int_gt(sum_cat(&st, 0, ACCT_SOFTIRQ), 0);
	ck_assert_int_gt(sum_cat(&st, 0, ACCT_APP), 0);
}
END_TEST

/* The same window with 6.1: ksoftirqd carries the softirq work (README:
 * "once ksoftirqd is runnable no softirq runs inline"). */
START_TEST(timeline_livelock_61_overload_window)
{
	static const char *const sets[] = { "kernel=6.1", "output.trace_from=158ms",
					    "output.trace_for=5ms", "output.interval=1ms" };
	struct tl_stats st;

	timeline_case("scenarios/livelock.json", sets, 4, &st);
	ck_assert_int_gt(sum_cat(&st, 0, ACCT_KSOFTIRQD), 0);
	ck_assert_uint_gt(sum_drops(&st), 0);
}
END_TEST

/* 300 kpps (livelock.json, 0-40 ms): nothing is dropped in 10-15 ms, so no
 * drop instant, although the run as a whole drops. */
START_TEST(timeline_window_without_drops)
{
	static const char *const sets[] = { "output.trace_from=10ms", "output.trace_for=5ms",
					    "output.interval=1ms" };
	struct orun *o = orun_file("scenarios/livelock.json", sets, 3);
	struct tl_stats st;

	timeline_case("scenarios/livelock.json", sets, 3, &st);
	ck_assert_uint_eq(sum_drops(&st), 0);
	orun_go(o, 0);
	ck_assert_uint_gt(ju64(o->sum, "drops.total"), 0);
	orun_free(o);
}
END_TEST

/* rps_backlog.json: 8 CPUs, the IRQ on CPU 0, backlogs on 1-3, readers on
 * 4-6; a 3 ms window in the middle of the run. */
START_TEST(timeline_rps_multi_cpu_window)
{
	static const char *const sets[] = { "output.trace_from=20ms", "output.trace_for=3ms",
					    "output.interval=1ms" };
	struct tl_stats st;
	int i;

	timeline_case("scenarios/rps_backlog.json", sets, 3, &st);
	/* the scenario's description: bursts overflow a backlog */
	ck_assert_uint_gt(st.drops[3], 0);
	/* steering CPU, protocol CPUs and reader CPUs all show up */
	ck_assert_int_gt(sum_cat(&st, 0, ACCT_HARDIRQ), 0);
	for (i = 1; i <= 3; i++)
		ck_assert_int_gt(sum_cat(&st, i, ACCT_SOFTIRQ) + sum_cat(&st, i, ACCT_KSOFTIRQD), 0);
	for (i = 4; i <= 6; i++)
		ck_assert_int_gt(sum_cat(&st, i, ACCT_APP), 0);
	/* CPU 7 has nothing to do */
	for (i = 0; i < NCAT; i++)
		ck_assert_int_eq(sum_cat(&st, 7, acct_order[i]), 0);
}
END_TEST

/* The window is the whole run: the slices add up to the summary's
 * cpus[].time_ns (rounded to the nanosecond), and idle is what is left. */
START_TEST(timeline_whole_run_matches_summary)
{
	static const char *const sets[] = { "duration=10ms", "output.trace_from=0ms",
					    "output.trace_for=10ms" };
	struct orun *o = orun_file("scenarios/rps_backlog.json", sets, 3);
	struct tl_stats st;
	int i, k;

	orun_go(o, OUT_TIMELINE);
	timeline_check(o, &st);
	for (i = 0; i < (int)o->m.sc.host.cpus; i++) {
		int64_t busy = 0, idle_ns = (int64_t)jnumf(o->sum, "cpus.%d.time_ns.idle", i);

		for (k = 0; k < NCAT; k++) {
			int64_t want = (int64_t)jnumf(o->sum, "cpus.%d.time_ns.%s", i, ctx_names[k]);

			ck_assert_msg(llabs(st.cat_ps[i][k] - want * 1000) <=
				      500 + (int64_t)st.nslices[i][k],
				      "CPU %d %s: slices %" PRId64 " ps, summary %" PRId64 " ns", i,
				      ctx_names[k], st.cat_ps[i][k], want);
			busy += st.cat_ps[i][k];
		}
		ck_assert_msg(llabs(10 * SIM_MS - busy - idle_ns * 1000) <= 3500,
			      "CPU %d: 10 ms - busy slices %" PRId64 " ps != idle %" PRId64 " ns",
			      i, busy, idle_ns);
	}
	ck_assert_uint_eq(sum_drops(&st), ju64(o->sum, "drops.total"));
	ck_assert_uint_eq(st.drops[3], ju64(o->sum, "drops.cpu_backlog"));
	orun_free(o);
}
END_TEST

/* ---- time series ---------------------------------------------------------- */

static void timeseries_check(const char *rel, const char *const *sets, int nsets)
{
	struct orun *o = orun_file(rel, sets, nsets);
	const struct scenario *sc;
	struct csv *c;
	sim_time_t dur, iv;
	int ncpus, i, k, r, nrows, tcol, lcol;
	uint64_t irqs = 0, sockq = 0, backlog = 0;
	const cJSON *nic, *q;

	orun_go(o, OUT_TIMESERIES);
	sc = &o->m.sc;
	dur = sc->duration;
	iv = sc->output.interval;
	ncpus = (int)sc->host.cpus;
	c = csv_parse(o->ts, o->ts_len);

	/* header: t_ns, interval_ns first; the documented counts; the CPU
	 * split last, six contexts per CPU in the summary's order */
	ck_assert_str_eq(c->hdr[0], "t_ns");
	ck_assert_str_eq(c->hdr[1], "interval_ns");
	csv_col_req(c, "offered");
	csv_col_req(c, "delivered");
	for (k = 0; k < 6; k++) {
		char col[64];

		snprintf(col, sizeof(col), "drops_%s", drop_names[k]);
		csv_col_req(c, col);
	}
	csv_col_req(c, "backlog_len");
	csv_col_req(c, "socket_queued");
	csv_col_req(c, "interrupts");
	ck_assert_int_ge(c->ncols, 2 + 6 * ncpus);
	for (i = 0; i < ncpus; i++)
		for (k = 0; k < 6; k++) {
			char col[64];

			snprintf(col, sizeof(col), "cpu%d_%s", i, ctx_names[k]);
			ck_assert_str_eq(c->hdr[c->ncols - 6 * ncpus + 6 * i + k], col);
		}
	for (i = 0; i < c->ncols; i++)
		for (k = 0; k < i; k++)
			ck_assert_msg(strcmp(c->hdr[i], c->hdr[k]), "column %s twice", c->hdr[i]);

	/* one row per interval, and a partial one if it does not divide */
	nrows = (int)(dur / iv) + (dur % iv ? 1 : 0);
	ck_assert_int_eq(c->nrows, nrows);
	tcol = 0;
	lcol = 1;
	for (r = 0; r < c->nrows; r++) {
		sim_time_t t = (sim_time_t)(r + 1) * iv < dur ? (sim_time_t)(r + 1) * iv : dur;

		ck_assert_msg(c->nf[r] == c->ncols, "row %d has %d fields, the header %d", r,
			      c->nf[r], c->ncols);
		ck_assert_uint_eq(csv_u64(c, r, tcol), (uint64_t)(t / SIM_NS));
		ck_assert_uint_eq(csv_u64(c, r, lcol),
				  (uint64_t)((t - (sim_time_t)r * iv) / SIM_NS));
		/* each CPU's shares add up to the interval (4 decimals each) */
		for (i = 0; i < ncpus; i++) {
			double s = 0;

			for (k = 0; k < 6; k++) {
				double v = csv_dbl(c, r, c->ncols - 6 * ncpus + 6 * i + k);

				ck_assert_msg(v >= 0 && v <= 1, "row %d cpu%d_%s = %f", r, i,
					      ctx_names[k], v);
				s += v;
			}
			ck_assert_msg(fabs(s - 1) <= 6 * 0.5e-4 + 1e-9,
				      "row %d: CPU %d shares add up to %.6f", r, i, s);
		}
	}

	/* per-interval counts add up to the run's totals */
	ck_assert_uint_eq(csv_sum(c, "offered"), ju64(o->sum, "packets.offered"));
	ck_assert_uint_eq(csv_sum(c, "delivered"), ju64(o->sum, "packets.delivered"));
	for (k = 0; k < 6; k++) {
		char col[64], path[64];

		snprintf(col, sizeof(col), "drops_%s", drop_names[k]);
		snprintf(path, sizeof(path), "drops.%s", drop_names[k]);
		ck_assert_msg(csv_sum(c, col) == ju64(o->sum, path), "%s sums to %" PRIu64
			      ", summary %s = %" PRIu64, col, csv_sum(c, col), path,
			      ju64(o->sum, path));
	}
	/* lat_count: every datagram delivered in the interval has a latency */
	ck_assert_uint_eq(csv_sum(c, "lat_count"), ju64(o->sum, "packets.delivered"));
	cJSON_ArrayForEach(nic, jnode(o->sum, "nics"))
		cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(nic, "queues"))
			irqs += (uint64_t)jnum(q, "interrupts");
	ck_assert_uint_eq(csv_sum(c, "interrupts"), irqs);
	/* occupancies are the value at the end of the interval: the last row
	 * is the end of the run */
	for (i = 0; i < (int)sc->n_sockets; i++)
		sockq += (uint64_t)jnumf(o->sum, "sockets.%d.queued_at_end", i);
	for (i = 0; i < ncpus; i++)
		backlog += (uint64_t)jnumf(o->sum, "cpus.%d.softnet_stat.backlog_len", i);
	ck_assert_uint_eq(csv_u64(c, c->nrows - 1, csv_col_req(c, "socket_queued")), sockq);
	ck_assert_uint_eq(csv_u64(c, c->nrows - 1, csv_col_req(c, "backlog_len")), backlog);
	csv_free(c);
	orun_free(o);
}

/* 240 ms in 1 ms rows: 240 rows, one CPU */
START_TEST(timeseries_livelock_whole_intervals)
{
	static const char *const sets[] = { "output.interval=1ms" };

	timeseries_check("scenarios/livelock.json", sets, 1);
}
END_TEST

/* 240 ms in 7 ms rows: 34 whole rows and a partial one of 2 ms */
START_TEST(timeseries_livelock_partial_last_row)
{
	static const char *const sets[] = { "output.interval=7ms", "kernel=6.1" };

	timeseries_check("scenarios/livelock.json", sets, 2);
}
END_TEST

/* 8 CPUs, 100 rows; and 300 us rows (100 ms / 300 us: 333 + a partial) */
START_TEST(timeseries_rps_eight_cpus)
{
	static const char *const sets[] = { "output.interval=300us" };

	timeseries_check("scenarios/rps_backlog.json", NULL, 0);
	timeseries_check("scenarios/rps_backlog.json", sets, 1);
}
END_TEST

/*
 * The interval maxima, by hand: kernel 6.18, SO_RCVBUF 5000 (sk_rcvbuf
 * 10000), truesize 768: the socket holds 13 (13 * 768 = 9984).  20
 * datagrams arrive 10 us apart from 0 while the reader is paused for the
 * first 10 ms; 1 ms rows.  Rows 1-10 (up to 10 ms): 13 queued at the end
 * and at most.  Row 11 (10-11 ms): the reader drains the 13 within a few
 * tens of us: 0 at the end, but 13 held at its start, so socket_queued_max
 * 13.  Row 12: 0 and 0.  The ring (rx-frames 1, the softirq on another
 * CPU) never holds more than one frame.
 */
START_TEST(timeseries_interval_max_paused_reader)
{
	struct orun *o = orun_inline(NULL, 0,
		"{ 'duration': '12ms', 'kernel': '6.18', 'output': { 'interval': '1ms' },"
		"  'host': { 'cpus': 2 },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'truesize': 768,"
		"     'coalesce': { 'rx-usecs': 0, 'rx-frames': 1 }, 'irq_affinity': [0] }],"
		"  'sockets': [{ 'name': 's', 'port': 9000, 'rcvbuf': 5000 }],"
		"  'apps': [{ 'name': 'r', 'socket': 's', 'cpu': 1,"
		"     'pauses': [{ 'at': '0ms', 'for': '10ms' }] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '100kpps', 'arrival': 'constant',"
		"     'size': 200, 'stop': '195us' }] }");
	struct csv *c;
	int r, q, qm, rm;

	orun_go(o, OUT_TIMESERIES | OUT_TIMESERIES_LONG);
	ck_assert_uint_eq(ju64(o->sum, "packets.offered"), 20);
	ck_assert_uint_eq(ju64(o->sum, "drops.socket_rcvbuf"), 7);
	c = csv_parse(o->ts, o->ts_len);
	ck_assert_int_eq(c->nrows, 12);
	q = csv_col_req(c, "socket_queued");
	qm = csv_col_req(c, "socket_queued_max");
	rm = csv_col_req(c, "ring_filled_max");
	for (r = 0; r < 12; r++) {
		ck_assert_uint_eq(csv_u64(c, r, q), r < 10 ? 13 : 0);
		ck_assert_uint_eq(csv_u64(c, r, qm), r < 11 ? 13 : 0);
		ck_assert_uint_le(csv_u64(c, r, rm), 1);
	}
	csv_free(c);
	/* the same in the long file, for the socket object */
	c = csv_parse(o->tsl, o->tsl_len);
	ck_assert_str_eq(c->hdr[0], "t_ns");
	ck_assert_str_eq(c->hdr[1], "object");
	ck_assert_str_eq(c->hdr[2], "metric");
	ck_assert_str_eq(c->hdr[3], "value");
	for (r = q = 0; r < c->nrows; r++) {
		uint64_t t = csv_u64(c, r, 0);

		if (strcmp(c->rows[r][1], "sock/s") || strcmp(c->rows[r][2], "queued_max"))
			continue;
		ck_assert_uint_eq(t, (uint64_t)(q + 1) * 1000000);
		ck_assert_uint_eq(csv_u64(c, r, 3), q < 11 ? 13 : 0);
		q++;
	}
	ck_assert_int_eq(q, 12);
	csv_free(c);
	orun_free(o);
}
END_TEST

/* The long file against the summary and the wide file: per-object counts
 * add up to the summary's per-object totals, the largest interval maximum
 * is the run's maximum, an interval's maximum is at least what it held at
 * either end, and each CPU's shares are the wide file's. */
static void timeseries_long_check(const char *rel)
{
	struct orun *o = orun_file(rel, NULL, 0);
	struct csv *c, *w;
	int r, i, nq = 0, ncpu, nsk;
	uint64_t sum[64][3], mx[64][3];
	char obj[64];

	orun_go(o, OUT_TIMESERIES | OUT_TIMESERIES_LONG);
	c = csv_parse(o->tsl, o->tsl_len);
	w = csv_parse(o->ts, o->ts_len);
	ncpu = cJSON_GetArraySize(jnode(o->sum, "cpus"));
	nsk = cJSON_GetArraySize(jnode(o->sum, "sockets"));
	nq = cJSON_GetArraySize(jnode(o->sum, "nics.0.queues"));
	ck_assert_int_le(nq + ncpu + nsk, 64);
	memset(sum, 0, sizeof(sum));
	memset(mx, 0, sizeof(mx));
	for (r = 0; r < c->nrows; r++) {
		const char *ob = c->rows[r][1], *m = c->rows[r][2];
		int k = -1, slot = -1;

		if (!strncmp(ob, "eth0/rx-", 8)) {
			k = atoi(ob + 8);
			slot = !strcmp(m, "rx_packets") ? 0 : !strcmp(m, "ring_filled_max") ? 1 : -1;
		} else if (!strncmp(ob, "cpu", 3)) {
			k = nq + atoi(ob + 3);
			slot = !strcmp(m, "dropped") ? 0 : !strcmp(m, "backlog_len_max") ? 1 : -1;
			if (!strcmp(m, "app")) {
				/* the wide file's cpuN_app of the same row */
				int row = (int)(csv_u64(c, r, 0) / csv_u64(w, 0, 0)) - 1;

				snprintf(obj, sizeof(obj), "%s_app", ob);
				if (row < w->nrows && csv_u64(w, row, 0) == csv_u64(c, r, 0))
					ck_assert_str_eq(c->rows[r][3],
							 w->rows[row][csv_col_req(w, obj)]);
			}
		} else if (!strncmp(ob, "sock/", 5)) {
			for (i = 0; i < nsk; i++) {
				const cJSON *sk = cJSON_GetArrayItem(jnode(o->sum, "sockets"), i);

				if (!strcmp(ob + 5, cJSON_GetObjectItemCaseSensitive(sk, "name")->valuestring))
					k = nq + ncpu + i;
			}
			slot = !strcmp(m, "drops") ? 0 : !strcmp(m, "queued_max") ? 1 : -1;
		} else {
			ck_abort_msg("unknown object %s", ob);
		}
		ck_assert_int_ge(k, 0);
		if (slot == 0)
			sum[k][0] += csv_u64(c, r, 3);
		else if (slot == 1 && csv_u64(c, r, 3) > mx[k][1])
			mx[k][1] = csv_u64(c, r, 3);
	}
	for (i = 0; i < nq; i++) {
		ck_assert_uint_eq(sum[i][0], (uint64_t)jnumf(o->sum,
				  "nics.0.queues.%d.ethtool.rx_packets", i));
		ck_assert_uint_eq(mx[i][1], (uint64_t)jnumf(o->sum,
				  "nics.0.queues.%d.ring.max_filled", i));
	}
	for (i = 0; i < ncpu; i++) {
		ck_assert_uint_eq(sum[nq + i][0], (uint64_t)jnumf(o->sum,
				  "cpus.%d.softnet_stat.dropped", i));
		ck_assert_uint_eq(mx[nq + i][1], (uint64_t)jnumf(o->sum, "cpus.%d.backlog.max_len",
								  i));
	}
	for (i = 0; i < nsk; i++) {
		ck_assert_uint_eq(sum[nq + ncpu + i][0], (uint64_t)jnumf(o->sum,
				  "sockets.%d.drops", i));
		ck_assert_uint_eq(mx[nq + ncpu + i][1], (uint64_t)jnumf(o->sum,
				  "sockets.%d.max_queued", i));
	}
	/* wide file: the maximum of a row is at least its end value and the
	 * previous row's end value (held at its start) */
	{
		static const char *const pairs[3][2] = { { "ring_filled", "ring_filled_max" },
			{ "backlog_len", "backlog_len_max" }, { "socket_queued", "socket_queued_max" } };
		int p;

		for (p = 0; p < 3; p++) {
			int e = csv_col_req(w, pairs[p][0]), m = csv_col_req(w, pairs[p][1]);

			for (r = 0; r < w->nrows; r++) {
				/* a sum over objects against the fullest object's
				 * maximum: only with one object is it a bound */
				if ((p == 0 && nq == 1) || (p == 1 && ncpu == 1) || (p == 2 && nsk == 1)) {
					ck_assert_uint_ge(csv_u64(w, r, m), csv_u64(w, r, e));
					if (r)
						ck_assert_uint_ge(csv_u64(w, r, m),
								  csv_u64(w, r - 1, e));
				}
			}
		}
	}
	csv_free(c);
	csv_free(w);
	orun_free(o);
}

START_TEST(timeseries_long_matches_summary)
{
	timeseries_long_check("scenarios/rss_imbalance.json");
	timeseries_long_check("scenarios/rps_backlog.json");
	timeseries_long_check("scenarios/livelock.json");
}
END_TEST

/* ---- packet trace --------------------------------------------------------- */

/* README: an outcome is "delivered" or the place of the drop */
static bool outcome_ok(const char *s)
{
	return !strcmp(s, "delivered") || name_index(drop_names, 6, s) >= 0;
}

static const char *const pt_cols[] = {
	"id", "source", "flow", "size", "offered_ns", "nic_ns", "ring_ns", "poll_ns", "sock_ns",
	"read_ns", "outcome",
};

/* Check every row; counts of outcomes into @outcomes[0] (delivered) and
 * @outcomes[1 + place]; returns the number of rows. */
static int packet_trace_check(const struct orun *o, uint64_t outcomes[7])
{
	struct csv *c = csv_parse(o->pt, o->pt_len);
	uint64_t n = (uint64_t)o->m.sc.output.packet_sample, offered, in_flight, max_id = 0;
	uint64_t expected_ids, *ids;
	int r, j, rows;
	unsigned char *seen;

	memset(outcomes, 0, 7 * sizeof(*outcomes));
	ck_assert_int_eq(c->ncols, 11);
	for (j = 0; j < 11; j++)
		ck_assert_str_eq(c->hdr[j], pt_cols[j]);
	offered = ju64(o->sum, "packets.offered");
	in_flight = ju64(o->sum, "packets.in_flight");
	seen = calloc(offered / n + 2, 1);
	ids = NULL;
	ck_assert_ptr_nonnull(seen);
	for (r = 0; r < c->nrows; r++) {
		uint64_t id, prev;
		bool gap = false;
		const char *outcome;

		ck_assert_msg(c->nf[r] == 11, "row %d has %d fields", r, c->nf[r]);
		id = csv_u64(c, r, 0);
		ck_assert_msg(id % n == 0, "row %d: id %" PRIu64 " is not a multiple of %" PRIu64,
			      r, id, n);
		ck_assert_msg(id < offered, "row %d: id %" PRIu64 " >= offered", r, id);
		ck_assert_msg(!seen[id / n], "id %" PRIu64 " twice", id);
		seen[id / n] = 1;
		if (id > max_id)
			max_id = id;
		/* offered <= nic <= ring <= poll <= sock <= read: the stages a
		 * packet reached, in path order, with nothing after a gap */
		prev = csv_u64(c, r, 4);
		for (j = 5; j <= 9; j++) {
			uint64_t t;

			if (!*c->rows[r][j]) {
				gap = true;
				continue;
			}
			ck_assert_msg(!gap, "row %d: %s after a stage it never reached", r,
				      c->hdr[j]);
			t = csv_u64(c, r, j);
			ck_assert_msg(t >= prev, "row %d: %s %" PRIu64 " before the previous "
				      "stage %" PRIu64, r, c->hdr[j], t, prev);
			prev = t;
		}
		outcome = c->rows[r][10];
		ck_assert_msg(outcome_ok(outcome), "row %d: outcome \"%s\"", r, outcome);
		if (!strcmp(outcome, "delivered")) {
			for (j = 5; j <= 9; j++)
				ck_assert_msg(*c->rows[r][j], "delivered row %d without %s", r,
					      c->hdr[j]);
			outcomes[0]++;
		} else {
			ck_assert_msg(!*c->rows[r][9], "dropped row %d has a read time", r);
			outcomes[1 + name_index(drop_names, 6, outcome)]++;
		}
	}
	/* rows are bounded by packet_trace_max */
	ck_assert_int_le(c->nrows, (int)o->m.sc.output.packet_trace_max);
	rows = c->nrows;
	/* below the limit, every sampled id that left the path is there: all
	 * multiples of n below offered but at most in_flight of them */
	expected_ids = (offered + n - 1) / n;
	if ((uint64_t)rows < (uint64_t)o->m.sc.output.packet_trace_max)
		ck_assert_msg((uint64_t)rows + in_flight >= expected_ids &&
			      (uint64_t)rows <= expected_ids,
			      "%d rows for %" PRIu64 " sampled ids, %" PRIu64 " in flight", rows,
			      expected_ids, in_flight);
	free(ids);
	free(seen);
	csv_free(c);
	return rows;
}

/* 1 in 7, livelock.json (all drop places of a one-CPU overload) */
START_TEST(packet_trace_sampling_and_stages)
{
	static const char *const sets[] = { "output.packet_sample=7" };
	struct orun *o = orun_file("scenarios/livelock.json", sets, 1);
	uint64_t oc[7];
	int rows;

	orun_go(o, OUT_PACKETS);
	rows = packet_trace_check(o, oc);
	ck_assert_int_gt(rows, 0);
	ck_assert_uint_gt(oc[0], 0);
	ck_assert_uint_gt(oc[1 + 5], 0);	/* socket overflow in the run */
	orun_free(o);
}
END_TEST

/* packet_trace_max 100: exactly 100 rows, since far more than 100 sampled
 * packets leave the path (offered / 7 of them) */
START_TEST(packet_trace_row_limit)
{
	static const char *const sets[] = { "output.packet_sample=7",
					    "output.packet_trace_max=100" };
	struct orun *o = orun_file("scenarios/livelock.json", sets, 2);
	uint64_t oc[7];

	orun_go(o, OUT_PACKETS);
	ck_assert_uint_gt(ju64(o->sum, "packets.offered") / 7, 1000);
	ck_assert_int_eq(packet_trace_check(o, oc), 100);
	orun_free(o);
}
END_TEST

/* 1 in 1: one row per packet that left the path, so the outcomes count
 * the summary's delivered and drops by place exactly (rps_backlog.json cut
 * to 30 ms: some 60000 packets, backlog drops among them) */
START_TEST(packet_trace_every_packet_matches_summary)
{
	static const char *const sets[] = { "output.packet_sample=1",
					    "output.packet_trace_max=1000000", "duration=30ms" };
	struct orun *o = orun_file("scenarios/rps_backlog.json", sets, 3);
	uint64_t oc[7];
	int rows, k;

	orun_go(o, OUT_PACKETS);
	rows = packet_trace_check(o, oc);
	ck_assert_uint_eq((uint64_t)rows, ju64(o->sum, "packets.offered") -
					  ju64(o->sum, "packets.in_flight"));
	ck_assert_uint_eq(oc[0], ju64(o->sum, "packets.delivered"));
	ck_assert_uint_gt(oc[1 + 3], 0);
	for (k = 0; k < 6; k++) {
		char path[64];

		snprintf(path, sizeof(path), "drops.%s", drop_names[k]);
		ck_assert_msg(oc[1 + k] == ju64(o->sum, path), "%s: %" PRIu64 " rows, summary %"
			      PRIu64, drop_names[k], oc[1 + k], ju64(o->sum, path));
	}
	orun_free(o);
}
END_TEST

/* ---- determinism ---------------------------------------------------------- */

static void same_bytes(const char *what, const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	ck_assert_msg(a && b, "%s missing", what);
	for (i = 0; i < alen && i < blen && a[i] == b[i]; i++)
		;
	ck_assert_msg(alen == blen && i == alen, "%s differs at byte %zu (%zu vs %zu bytes)",
		      what, i, alen, blen);
}

static void deterministic(const char *rel, const char *const *sets, int nsets)
{
	struct orun *a = orun_file(rel, sets, nsets), *b = orun_file(rel, sets, nsets);
	struct orun *plain = orun_file(rel, sets, nsets);
	int all = OUT_TIMELINE | OUT_TIMESERIES | OUT_PACKETS;

	orun_go(a, all);
	orun_go(b, all);
	orun_go(plain, 0);
	ck_assert_uint_gt(a->tl_len, 100);
	ck_assert_uint_gt(a->ts_len, 100);
	ck_assert_uint_gt(a->pt_len, 100);
	same_bytes("timeline", a->tl, a->tl_len, b->tl, b->tl_len);
	same_bytes("time series", a->ts, a->ts_len, b->ts, b->ts_len);
	same_bytes("packet trace", a->pt, a->pt_len, b->pt, b->pt_len);
	same_bytes("summary", a->sum_text, strlen(a->sum_text), b->sum_text, strlen(b->sum_text));
	/* observing the run does not change it: the same summary but for
	 * "run" (its events count the observers' own sampling events) */
	{
		cJSON *x = cJSON_Parse(a->sum_text), *y = cJSON_Parse(plain->sum_text);
		char *xs, *ys;

		ck_assert_ptr_nonnull(x);
		ck_assert_ptr_nonnull(y);
		cJSON_DeleteItemFromObjectCaseSensitive(x, "run");
		cJSON_DeleteItemFromObjectCaseSensitive(y, "run");
		xs = cJSON_PrintUnformatted(x);
		ys = cJSON_PrintUnformatted(y);
		same_bytes("summary with and without outputs", xs, strlen(xs), ys, strlen(ys));
		cJSON_free(xs);
		cJSON_free(ys);
		cJSON_Delete(x);
		cJSON_Delete(y);
	}
	orun_free(a);
	orun_free(b);
	orun_free(plain);
}

START_TEST(outputs_are_deterministic)
{
	static const char *const ll[] = { "output.trace_from=158ms", "output.packet_sample=10" };
	static const char *const rps[] = { "output.trace_from=20ms", "output.trace_for=2ms",
					   "output.packet_sample=10" };

	deterministic("scenarios/livelock.json", ll, 2);
	deterministic("scenarios/rps_backlog.json", rps, 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outputs");
	TCase *tl = tcase_create("timeline");
	TCase *ts = tcase_create("timeseries");
	TCase *pt = tcase_create("packet_trace");
	TCase *det = tcase_create("determinism");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tl, 60);
	tcase_set_timeout(ts, 60);
	tcase_set_timeout(pt, 60);
	tcase_set_timeout(det, 60);
	tcase_add_test(tl, timeline_livelock_618_overload_window);
	tcase_add_test(tl, timeline_livelock_61_overload_window);
	tcase_add_test(tl, timeline_window_without_drops);
	tcase_add_test(tl, timeline_rps_multi_cpu_window);
	tcase_add_test(tl, timeline_whole_run_matches_summary);
	tcase_add_test(ts, timeseries_livelock_whole_intervals);
	tcase_add_test(ts, timeseries_livelock_partial_last_row);
	tcase_add_test(ts, timeseries_rps_eight_cpus);
	tcase_add_test(ts, timeseries_interval_max_paused_reader);
	tcase_add_test(ts, timeseries_long_matches_summary);
	tcase_add_test(pt, packet_trace_sampling_and_stages);
	tcase_add_test(pt, packet_trace_row_limit);
	tcase_add_test(pt, packet_trace_every_packet_matches_summary);
	tcase_add_test(det, outputs_are_deterministic);
	suite_add_tcase(s, tl);
	suite_add_tcase(s, ts);
	suite_add_tcase(s, pt);
	suite_add_tcase(s, det);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
