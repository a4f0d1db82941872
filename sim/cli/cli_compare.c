/* SPDX-License-Identifier: MIT */
/*
 * cli_compare.c - `rxsim compare`: run a scenario at the offered load two
 * snapshots measured and print simulated against measured for every
 * counter both have, as rates per second.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rxsim/hostsnap.h"
#include "rxsim/nic.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

static const char usage[] =
	"Usage: rxsim compare SCENARIO.json BEFORE AFTER [OPTIONS]\n"
	"       rxsim compare SCENARIO.json DIR [OPTIONS]   (DIR/before, DIR/after)\n"
	"\n"
	"Run SCENARIO for the interval between two snapshots of tools/rxsim-snapshot,\n"
	"at the offered load they measured (softnet processed + dropped + NIC drops,\n"
	"shared among the scenario's traffic sources and local senders in proportion\n"
	"to their rates),\n"
	"and print simulated against measured, as rates per second: per CPU softirq\n"
	"and hard IRQ share and softnet_stat processed, dropped, time_squeeze; per\n"
	"queue interrupts; NIC drop counters; Udp InDatagrams, InErrors, RcvbufErrors.\n"
	"The relative error is |sim - measured| / max(|measured|, resolution), the\n"
	"resolution being one event in the interval (two USER_HZ ticks for shares).\n"
	"\n"
	"Options:\n"
	"  -t, --tolerance X      largest relative error that passes (default 0.2)\n"
	"  -s, --set PATH=VALUE   override a scenario key (repeatable)\n"
	"      --costs FILE       the host.costs of FILE (from 'rxsim calibrate --out'); a load\n"
	"                         over lo takes its costs from 'rxsim import --costs' instead\n"
	"      --duration TIME    simulate this long instead of the measured interval\n"
	"      --scenario-rate    keep the scenario's traffic rates\n"
	"      --json             print the comparison as JSON\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 every counter within the tolerance; 1 at least one beyond;\n"
	"2 bad command line, scenario or snapshot; 3 internal error.\n";

struct row {
	char name[96];
	double meas, sim, floor, rel;
	bool bad;
};

struct rows {
	struct row *v;
	int n, cap;
	double tol;
	int bad;
};

static void add(struct rows *R, const char *name, double meas, double sim, double floor)
{
	struct row *r;

	if (R->n == R->cap) {
		int cap = R->cap ? 2 * R->cap : 64;
		struct row *v = realloc(R->v, (size_t)cap * sizeof(*v));

		if (!v)
			return;
		R->v = v;
		R->cap = cap;
	}
	r = &R->v[R->n++];
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->meas = meas;
	r->sim = sim;
	r->floor = floor;
	r->rel = fabs(sim - meas) / fmax(fabs(meas), floor);
	/* a difference within the measurement's resolution is no difference */
	r->bad = r->rel > R->tol && fabs(sim - meas) > floor;
	R->bad += r->bad;
}

static double num(const cJSON *root, const char *path)
{
	const cJSON *v = rxsim_summary_lookup(root, path);

	/* the summary writes fixed-point numbers as raw JSON text */
	if (v && cJSON_IsRaw(v))
		return strtod(v->valuestring, NULL);
	return v && cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* "host.costs.K=V" for each cost of a calibrate output */
static int cost_sets(const char *file, const char ***sets, int *n, struct rxsim_err *err)
{
	FILE *f = fopen(file, "rb");
	char buf[65536];
	size_t len;
	cJSON *root, *c, *costs;
	int rc = 0;

	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open", file);
		return RXSIM_EINPUT;
	}
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	root = cJSON_Parse(buf);
	costs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "host"),
						 "costs");
	if (!cJSON_IsObject(costs)) {
		cJSON_Delete(root);
		snprintf(err->msg, sizeof(err->msg), "%s: expected {\"host\": {\"costs\": {...}}} "
			 "(the output of rxsim calibrate --out)", file);
		return RXSIM_EINPUT;
	}
	cJSON_ArrayForEach(c, costs) {
		char *s = malloc(300);

		if (!s || !cJSON_IsString(c)) {
			free(s);
			snprintf(err->msg, sizeof(err->msg), "%s: host.costs.%s: expected a cost text",
				 file, c->string);
			rc = RXSIM_EINPUT;
			break;
		}
		snprintf(s, 300, "host.costs.%s=%s", c->string, c->valuestring);
		(*sets)[(*n)++] = s;
	}
	cJSON_Delete(root);
	return rc;
}

/* The NIC drop counters a profile names (the ring's and the FIFO's). */
static double nic_drops(const struct snap_delta *d, const struct scenario *sc)
{
	double sum = 0;
	uint32_t i;

	for (i = 0; i < sc->n_nics; i++) {
		const struct drv_profile *p = &drv_profiles[sc->nics[i].driver];
		char key[128];

		snprintf(key, sizeof(key), "%s.%s", sc->nics[i].name, p->ring_drop_counter);
		sum += snap_delta_get(&d->nic, key, 0);
		if (strcmp(p->fifo_drop_counter, p->ring_drop_counter)) {
			snprintf(key, sizeof(key), "%s.%s", sc->nics[i].name, p->fifo_drop_counter);
			sum += snap_delta_get(&d->nic, key, 0);
		}
	}
	return sum;
}

static void compare(struct rows *R, const struct snap_delta *d, const cJSON *sum,
		    const struct scenario *sc, double ssecs)
{
	double ev = 1.0 / d->secs, share = 2.0 / (d->user_hz * d->secs);
	const cJSON *drops = rxsim_summary_lookup(sum, "drops.by_counter"), *c;
	char name[96], path[128];
	int i, k;
	uint32_t n;

	for (i = 0; i < d->ncpus && i < sc->host.cpus; i++) {
		const struct snap_cpu_delta *x = &d->cpu[i];

		snprintf(path, sizeof(path), "cpus.%d.share.softirq", i);
		snprintf(name, sizeof(name), "cpu%d softirq share", i);
		{
			char p2[128];

			snprintf(p2, sizeof(p2), "cpus.%d.share.ksoftirqd", i);
			add(R, name, x->softirq_s / d->secs, num(sum, path) + num(sum, p2), share);
		}
		snprintf(path, sizeof(path), "cpus.%d.share.hardirq", i);
		snprintf(name, sizeof(name), "cpu%d hardirq share", i);
		add(R, name, x->irq_s / d->secs, num(sum, path), share);
		snprintf(path, sizeof(path), "cpus.%d.softnet_stat.processed", i);
		snprintf(name, sizeof(name), "cpu%d softnet processed/s", i);
		add(R, name, (double)x->processed / d->secs, num(sum, path) / ssecs, ev);
		snprintf(path, sizeof(path), "cpus.%d.softnet_stat.dropped", i);
		snprintf(name, sizeof(name), "cpu%d softnet dropped/s", i);
		add(R, name, (double)x->dropped / d->secs, num(sum, path) / ssecs, ev);
		snprintf(path, sizeof(path), "cpus.%d.softnet_stat.time_squeeze", i);
		snprintf(name, sizeof(name), "cpu%d time_squeeze/s", i);
		add(R, name, (double)x->time_squeeze / d->secs, num(sum, path) / ssecs, ev);
	}
	for (n = 0; n < sc->n_nics; n++)
		for (k = 0; k < d->nq; k++) {
			if (strcmp(d->q[k].iface, sc->nics[n].name) || d->q[k].queue >= sc->nics[n].queues)
				continue;
			snprintf(path, sizeof(path), "nics.%u.queues.%d.interrupts", n, d->q[k].queue);
			snprintf(name, sizeof(name), "%s queue %d interrupts/s", d->q[k].iface,
				 d->q[k].queue);
			add(R, name, (double)d->q[k].interrupts / d->secs, num(sum, path) / ssecs, ev);
		}
	cJSON_ArrayForEach(c, drops) {
		const char *colon = strstr(c->string, ": ");
		char key[160];

		if (!colon || !strncmp(c->string, "cpu", 3) || !strncmp(c->string, "Udp", 3))
			continue;
		snprintf(key, sizeof(key), "%.*s.%s", (int)(colon - c->string), c->string, colon + 2);
		if (!snap_kv_find(&d->nic, key))
			continue;
		snprintf(name, sizeof(name), "%s/s", c->string);
		add(R, name, snap_delta_get(&d->nic, key, 0) / d->secs,
		    (cJSON_IsRaw(c) ? strtod(c->valuestring, NULL) : c->valuedouble) / ssecs, ev);
	}
	if (snap_kv_find(&d->snmp, "Udp.InDatagrams")) {
		static const char *const udp[] = { "InDatagrams", "InErrors", "RcvbufErrors", NULL };

		for (i = 0; udp[i]; i++) {
			char key[64];

			snprintf(key, sizeof(key), "Udp.%s", udp[i]);
			snprintf(path, sizeof(path), "snmp.Udp.%s", udp[i]);
			snprintf(name, sizeof(name), "Udp %s/s", udp[i]);
			add(R, name, snap_delta_get(&d->snmp, key, 0) / d->secs, num(sum, path) / ssecs,
			    ev);
		}
	}
}

static void print_rows(const struct rows *R, bool json, double tol, const struct snap_delta *d,
		       double ssecs, double pps)
{
	int i;

	if (json) {
		cJSON *root = cJSON_CreateObject(), *arr;
		char *text;

		cJSON_AddNumberToObject(root, "measured_s", d->secs);
		cJSON_AddNumberToObject(root, "simulated_s", ssecs);
		cJSON_AddNumberToObject(root, "offered_pps", pps);
		cJSON_AddNumberToObject(root, "tolerance", tol);
		cJSON_AddNumberToObject(root, "beyond_tolerance", R->bad);
		arr = cJSON_AddArrayToObject(root, "counters");
		for (i = 0; i < R->n; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "counter", R->v[i].name);
			cJSON_AddNumberToObject(o, "measured", R->v[i].meas);
			cJSON_AddNumberToObject(o, "simulated", R->v[i].sim);
			cJSON_AddNumberToObject(o, "relative_error", R->v[i].rel);
			cJSON_AddBoolToObject(o, "within", !R->v[i].bad);
			cJSON_AddItemToArray(arr, o);
		}
		text = cJSON_Print(root);
		puts(text ? text : "");
		free(text);
		cJSON_Delete(root);
		return;
	}
	printf("measured %.2f s, simulated %.3f s at %.0f pps offered; per second:\n", d->secs,
	       ssecs, pps);
	printf("%-36s %14s %14s %9s\n", "counter", "measured", "simulated", "rel.err");
	for (i = 0; i < R->n; i++)
		printf("%-36s %14.4g %14.4g %8.1f%%%s\n", R->v[i].name, R->v[i].meas, R->v[i].sim,
		       100 * R->v[i].rel, R->v[i].bad ? "  beyond" : "");
	printf("%d of %d counters beyond the tolerance %.0f%%\n", R->bad, R->n, 100 * tol);
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tolerance", required_argument, NULL, 't' },
		{ "set", required_argument, NULL, 's' },
		{ "costs", required_argument, NULL, 'C' },
		{ "duration", required_argument, NULL, 'D' },
		{ "scenario-rate", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **sets = calloc((size_t)argc + 1100, sizeof(*sets));
	char **owned = calloc((size_t)argc + 1100, sizeof(*owned));
	struct rxsim_err err = { { 0 } };
	struct rows R = { .tol = 0.2 };
	struct rxsim_outputs outs = { 0 };
	struct rxsim_run *r = NULL;
	struct snap_delta d = { 0 };
	struct scenario sc;
	struct snap b, a;
	const char *costs = NULL, *duration = NULL, *file;
	bool json = false, keep_rate = false, have_sc = false, have_d = false;
	int nsets = 0, nowned = 0, c, rc = 0, used, status = EXIT_INPUT, i;
	double pps = 0, ssecs;
	cJSON *sum = NULL;
	char *end;

	if (!sets || !owned) {
		free(sets);
		free(owned);
		return EXIT_INTERNAL;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			R.tol = strtod(optarg, &end);
			if (end == optarg || *end || !isfinite(R.tol) || R.tol < 0) {
				status = cli_usage_error("compare", "--tolerance: expected a number "
							 ">= 0, got '%s'", optarg);
				goto out;
			}
			break;
		case 's':
			sets[nsets++] = optarg;
			break;
		case 'C':
			costs = optarg;
			break;
		case 'D':
			duration = optarg;
			break;
		case 'R':
			keep_rate = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			status = EXIT_OK;
			goto out;
		default:
			status = cli_option_error("compare", c, argv, opts);
			goto out;
		}
	}
	if (argc - optind < 2) {
		status = cli_usage_error("compare", "missing SCENARIO and BEFORE AFTER");
		goto out;
	}
	if (argc - optind > 3) {
		status = cli_usage_error("compare", "unexpected '%s'", argv[optind + 3]);
		goto out;
	}
	file = argv[optind];
	if ((status = cli_snap_pair("compare", argc - optind - 1, argv + optind + 1, &used, &b, &a,
				    &err)))
		goto out;
	status = EXIT_INPUT;
	rc = snap_delta(&b, &a, &d, &err);
	snap_close(&b);
	snap_close(&a);
	if (rc)
		goto fail;
	have_d = true;
	if (costs) {
		int before = nsets;

		rc = cost_sets(costs, &sets, &nsets, &err);
		for (i = before; i < nsets; i++)
			owned[nowned++] = (char *)sets[i];
		if (rc)
			goto fail;
	}
	/* the run's length: the measured interval unless told */
	owned[nowned] = malloc(64);
	if (!owned[nowned])
		goto internal;
	if (duration)
		snprintf(owned[nowned], 64, "duration=%s", duration);
	else
		snprintf(owned[nowned], 64, "duration=%.0fms", d.secs * 1000);
	sets[nsets++] = owned[nowned++];
	if ((rc = scenario_load(file, sets, nsets, &sc, &err)))
		goto fail;
	have_sc = true;
	pps = ((double)d.processed + (double)d.dropped + nic_drops(&d, &sc)) / d.secs;
	if (!keep_rate) {
		double total = 0;
		uint32_t t;

		for (t = 0; t < sc.n_traffic; t++)
			if (sc.traffic[t].rate > 0)
				total += (double)sc.traffic[t].rate;
		/* local senders (a load over lo or veth) are offered load too */
		for (t = 0; t < sc.n_senders; t++)
			if (sc.senders[t].rate > 0)
				total += (double)sc.senders[t].rate;
		if (total <= 0 || pps <= 0) {
			snprintf(err.msg, sizeof(err.msg), "%s: %s", file, pps <= 0 ?
				 "the snapshots measured no packets: nothing to offer" :
				 "no traffic source or sender with a rate to scale (give --scenario-rate)");
			rc = RXSIM_EINPUT;
			goto fail;
		}
		for (t = 0; t < sc.n_traffic && nowned < argc + 1090; t++) {
			if (sc.traffic[t].rate <= 0)
				continue;
			if (!(owned[nowned] = malloc(96)))
				goto internal;
			snprintf(owned[nowned], 96, "traffic.%u.rate=%.3fpps", t,
				 pps * (double)sc.traffic[t].rate / total);
			sets[nsets++] = owned[nowned++];
		}
		for (t = 0; t < sc.n_senders && nowned < argc + 1090; t++) {
			if (sc.senders[t].rate <= 0)
				continue;
			if (!(owned[nowned] = malloc(96)))
				goto internal;
			snprintf(owned[nowned], 96, "senders.%u.rate=%.3fpps", t,
				 pps * (double)sc.senders[t].rate / total);
			sets[nsets++] = owned[nowned++];
		}
		scenario_free(&sc);
		have_sc = false;
		if ((rc = scenario_load(file, sets, nsets, &sc, &err)))
			goto fail;
		have_sc = true;
	}
	r = malloc(sizeof(*r));
	if (!r)
		goto internal;
	rc = rxsim_run(r, &sc, &outs, &err);
	if (rc) {
		free(r);
		r = NULL;
		goto fail;
	}
	sum = rxsim_summary(r, false);
	ssecs = (double)r->sim.now / (double)SIM_S;
	compare(&R, &d, sum, &sc, ssecs);
	print_rows(&R, json, R.tol, &d, ssecs, pps);
	status = R.bad ? EXIT_EXPECT : EXIT_OK;
	goto out;
internal:
	fprintf(stderr, "rxsim compare: out of memory\n");
	status = EXIT_INTERNAL;
	goto out;
fail:
	fprintf(stderr, "rxsim compare: %s\n", err.msg);
	status = cli_exit_for(rc);
out:
	cJSON_Delete(sum);
	if (r) {
		rxsim_run_free(r);
		free(r);
	}
	if (have_sc)
		scenario_free(&sc);
	if (have_d)
		snap_delta_free(&d);
	while (nowned > 0)
		free(owned[--nowned]);
	free(owned);
	free(sets);
	free(R.v);
	return status;
}
