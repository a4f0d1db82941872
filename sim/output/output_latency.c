/* SPDX-License-Identifier: MIT */
/*
 * output_latency.c - latency.csv: the quantile function of end-to-end and
 * per-stage latency (one row per quantile), for CDF and stage plots.
 */
#include <inttypes.h>
#include <stdio.h>

#include "rxsim/run.h"

void rxsim_write_latency_csv(FILE *f, const struct rxsim_run *r)
{
	static const double tail[] = { 0.995, 0.999, 0.9995, 0.9999, 1.0 };
	const struct host *h = &r->host;
	int i, k;

	fprintf(f, "quantile");
	for (k = 0; k < LAT__N; k++)
		fprintf(f, ",%s_ns", lat_names[k]);
	fputc('\n', f);
	for (i = 0; i < 100 + (int)(sizeof(tail) / sizeof(tail[0])); i++) {
		double q = i < 100 ? i / 100.0 : tail[i - 100];

		fprintf(f, "%.4f", q);
		for (k = 0; k < LAT__N; k++) {
			if (h->lat[k].count)
				fprintf(f, ",%.3f", (double)hist_quantile(&h->lat[k], q) / SIM_NS);
			else
				fputc(',', f);
		}
		fputc('\n', f);
	}
}
