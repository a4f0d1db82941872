/* SPDX-License-Identifier: MIT */
/*
 * sweep_summary.c - the result columns of a sweep row, read from a run's
 * summary JSON (per-CPU values summed, averaged, or of the busiest CPU),
 * the --column cells (any summary path, [] aggregated), and numbers
 * written as CSV cells.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/sweep.h"

enum agg { AGG_ONE, AGG_CPU_SUM, AGG_CPU_MEAN, AGG_CPU_MAX, AGG_CPU_MIN };

static const struct {
	const char *path;	/* in the summary; under each of "cpus" for AGG_CPU_* */
	enum agg agg;
} result_src[SWEEP_NRESULTS] = {
	{ "packets.offered_pps", AGG_ONE },
	{ "packets.delivered_pps", AGG_ONE },
	{ "packets.delivered_ratio", AGG_ONE },
	{ "drops.total", AGG_ONE },
	{ "drops.host", AGG_ONE },
	{ "drops.upstream", AGG_ONE },
	{ "drops.nic_ring", AGG_ONE },
	{ "drops.nic_fifo", AGG_ONE },
	{ "drops.no_socket", AGG_ONE },
	{ "drops.socket_rcvbuf", AGG_ONE },
	{ "latency_ns.e2e.p50", AGG_ONE },
	{ "latency_ns.e2e.p90", AGG_ONE },
	{ "latency_ns.e2e.p99", AGG_ONE },
	{ "latency_ns.e2e.p999", AGG_ONE },
	{ "latency_ns.e2e.max", AGG_ONE },
	{ "interrupts", AGG_CPU_SUM },
	{ "softnet_stat.time_squeeze", AGG_CPU_SUM },
	{ "softirq.ksoftirqd_wakeups", AGG_CPU_SUM },
	{ "share.softirq", AGG_CPU_MEAN },
	{ "share.ksoftirqd", AGG_CPU_MEAN },
	{ "share.app", AGG_CPU_MEAN },
	{ "share.idle", AGG_CPU_MEAN },
	/* A saturated CPU among idle ones hides in a mean: the busiest one. */
	{ "share.softirq", AGG_CPU_MAX },
	{ "share.ksoftirqd", AGG_CPU_MAX },
	{ "share.app", AGG_CPU_MAX },
	{ "share.idle", AGG_CPU_MIN },
};

const char *const sweep_result_names[] = {
	"offered_pps", "delivered_pps", "delivered_ratio",
	"drops_total", "drops_host", "drops_upstream", "drops_nic_ring", "drops_nic_fifo",
	"drops_no_socket", "drops_socket_rcvbuf",
	"lat_e2e_p50_ns", "lat_e2e_p90_ns", "lat_e2e_p99_ns", "lat_e2e_p999_ns", "lat_e2e_max_ns",
	"interrupts", "time_squeeze", "ksoftirqd_wakeups",
	"cpu_softirq_share", "cpu_ksoftirqd_share", "cpu_app_share", "cpu_idle_share",
	"cpu_softirq_share_max", "cpu_ksoftirqd_share_max", "cpu_app_share_max",
	"cpu_idle_share_min",
};
_Static_assert(sizeof(sweep_result_names) / sizeof(sweep_result_names[0]) == SWEEP_NRESULTS,
	       "sweep_result_names must cover its enum");

/* The text of a summary number, as the summary prints it. */
static const char *number_text(const cJSON *v, char *buf, size_t len)
{
	if (cJSON_IsRaw(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return sweep_format_double(v->valuedouble, buf, len);
	return NULL;
}

int sweep_result_fields(const cJSON *summary, char fields[][48], size_t nfields)
{
	const cJSON *cpus = cJSON_GetObjectItemCaseSensitive(summary, "cpus"), *c;
	size_t i;

	if (nfields < SWEEP_NRESULTS)
		return -1;
	for (i = 0; i < SWEEP_NRESULTS; i++) {
		char buf[48];
		const char *t;

		if (result_src[i].agg == AGG_ONE) {
			t = number_text(rxsim_summary_lookup(summary, result_src[i].path), buf, sizeof(buf));
			if (!t || strlen(t) >= 48)
				return -1;
			strcpy(fields[i], t);
		} else {
			unsigned long long sum = 0;
			double dsum = 0, hi = -INFINITY, lo = INFINITY;
			int n = 0;

			if (!cJSON_IsArray(cpus))
				return -1;
			cJSON_ArrayForEach(c, cpus) {
				t = number_text(rxsim_summary_lookup(c, result_src[i].path), buf, sizeof(buf));
				if (!t)
					return -1;
				sum += strtoull(t, NULL, 10);
				dsum += strtod(t, NULL);
				hi = fmax(hi, strtod(t, NULL));
				lo = fmin(lo, strtod(t, NULL));
				n++;
			}
			if (result_src[i].agg == AGG_CPU_SUM)
				snprintf(fields[i], 48, "%llu", sum);
			else if (n && result_src[i].agg == AGG_CPU_MAX)
				snprintf(fields[i], 48, "%.4f", hi);
			else if (n && result_src[i].agg == AGG_CPU_MIN)
				snprintf(fields[i], 48, "%.4f", lo);
			else if (n)
				snprintf(fields[i], 48, "%.4f", dsum / n);
			else
				return -1;
		}
	}
	return 0;
}

char *sweep_format_double(double v, char *buf, size_t len)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	if (v == 0)
		v = 0;	/* no "-0" */
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.12g", v);
	return buf;
}
