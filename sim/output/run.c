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

/*
 * The run up to @end as consecutive sim_run_until() calls.  Events are
 * ordered by (time, class, sequence) whatever the calls: a slice boundary
 * only ends a fused run of events early, and the next slice resumes in
 * the same order, so the results do not depend on the slicing.
 */
static void run_in_slices(struct rxsim_run *r, sim_time_t end, const struct rxsim_outputs *out)
{
	sim_time_t step = end / 10000 > SIM_US ? end / 10000 : SIM_US, t = 0;

	do {
		t = end - t > step ? t + step : end;
		sim_run_until(&r->sim, t);
		out->progress(out->progress_arg, r->sim.now, end);
	} while (t < end && !r->sim.stopped);
}

int rxsim_run(struct rxsim_run *r, const struct scenario *sc, const struct rxsim_outputs *out,
	      struct rxsim_err *err)
{
	double t0 = wall_now();
	struct timeseries ts;
	struct observers obs;
	bool with_ts = out && out->timeseries;
	bool with_obs = out && (out->timeline || out->packets);
	char msg[256];
	int rc;

	memset(r, 0, sizeof(*r));
	r->sc = sc;
	if (sim_init(&r->sim, (uint64_t)sc->seed)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory building the model", sc->file);
		return RXSIM_EINTERNAL;
	}
	/* set before the set-up: building large flow tables must see a signal */
	r->sim.stop_flag = out ? out->stop_flag : NULL;
	rc = host_setup(&r->host, &r->sim, sc, msg, sizeof(msg));
	if (sim_stop_pending(&r->sim)) {
		snprintf(err->msg, sizeof(err->msg), "%s: interrupted", sc->file);
		return RXSIM_EINTERRUPTED;
	}
	if (rc) {
		snprintf(err->msg, sizeof(err->msg), "%s: %s", sc->file, msg);
		return RXSIM_EINTERNAL;
	}
	/* replay traces are opened now, before anything runs or is written */
	rc = trace_attach_sources(&r->host, sc, err);
	if (rc)
		return rc;
	if (with_ts && timeseries_start(&ts, &r->host, out->timeseries, out->timeseries_long,
					sc->output.interval)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", sc->file);
		return RXSIM_EINTERNAL;
	}
	if (with_obs && observers_start(&obs, &r->host, out->timeline, out->packets)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", sc->file);
		return RXSIM_EINTERNAL;
	}
	host_start(&r->host);
	if (out && out->progress)
		run_in_slices(r, sc->duration, out);
	else
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
