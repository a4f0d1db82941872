/* SPDX-License-Identifier: MIT */
/*
 * run.c - drive one simulation: build the host, run to the end, check
 * conservation at every stage (a broken invariant is an internal error).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/timeline.h"
#include "rxsim/timeseries.h"
#include "rxsim/trace.h"

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int rxsim_run(struct rxsim_run *r, const struct scenario *sc, const struct rxsim_outputs *out,
	      struct rxsim_err *err)
{
	double t0 = wall_now();
	struct timeseries ts;
	struct observers obs;
	bool with_ts = out && out->timeseries;
	bool with_obs = out && (out->timeline || out->packets);
	int rc;

	memset(r, 0, sizeof(*r));
	r->sc = sc;
	if (sim_init(&r->sim, (uint64_t)sc->seed)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory building the model", sc->file);
		return RXSIM_EINTERNAL;
	}
	/* set before the set-up: building large flow tables must see a signal */
	r->sim.stop_flag = out ? out->stop_flag : NULL;
	rc = host_setup(&r->host, &r->sim, sc);
	if (sim_stop_pending(&r->sim)) {
		snprintf(err->msg, sizeof(err->msg), "%s: interrupted", sc->file);
		return RXSIM_EINTERRUPTED;
	}
	if (rc) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory building the model", sc->file);
		return RXSIM_EINTERNAL;
	}
	r->sim.end = sc->duration;
	/* replay traces are opened now, before anything runs or is written */
	rc = trace_attach_sources(&r->host, sc, err);
	if (rc)
		return rc;
	if (with_ts && timeseries_start(&ts, &r->host, out->timeseries, sc->output.interval)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", sc->file);
		return RXSIM_EINTERNAL;
	}
	if (with_obs && observers_start(&obs, &r->host, out->timeline, out->packets)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", sc->file);
		return RXSIM_EINTERNAL;
	}
	host_start(&r->host);
	sim_run_until(&r->sim, sc->duration);
	if (with_ts) {
		timeseries_finish(&ts);
		timeseries_free(&ts);
	}
	host_sync(&r->host);
	if (with_obs)
		observers_finish(&obs);
	r->wall_s = wall_now() - t0;
	if (sim_stop_pending(&r->sim)) {
		snprintf(err->msg, sizeof(err->msg), "%s: interrupted", sc->file);
		return RXSIM_EINTERRUPTED;
	}
	rc = traffic_run_error(&r->host, err);	/* a trace found corrupt mid-run: exit 2 */
	if (rc)
		return rc;
	r->conserved = host_check_conservation(&r->host, r->conservation_msg,
					       sizeof(r->conservation_msg)) == 0;
	if (!r->conserved) {
		snprintf(err->msg, sizeof(err->msg), "%s: internal error: conservation broken: %s",
			 sc->file, r->conservation_msg);
		return RXSIM_EINTERNAL;
	}
	return 0;
}

void rxsim_run_free(struct rxsim_run *r)
{
	trace_release_sources(&r->host);
	host_teardown(&r->host);
	sim_destroy(&r->sim);
}
