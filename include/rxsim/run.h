/* SPDX-License-Identifier: MIT */
/*
 * run.h - one simulation run from a resolved scenario to its results.
 */
#ifndef RXSIM_RUN_H
#define RXSIM_RUN_H

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/host.h"
#include "rxsim/param.h"

/* Optional streams written during the run (NULL: not wanted). */
struct rxsim_outputs {
	FILE *timeseries;
	FILE *timeseries_long;	/* per queue, CPU and socket; needs timeseries */
	FILE *timeline;		/* Chrome trace-event JSON */
	FILE *packets;		/* sampled per-packet CSV */
	/* Not an output: when set and *stop_flag becomes nonzero (a signal
	 * handler of the CLI), the run stops early with RXSIM_EINTERRUPTED. */
	volatile sig_atomic_t *stop_flag;
	/* Not an output: when set, the run goes in slices of simulated time
	 * (a ten-thousandth of the duration, at least 1us) and this is called
	 * after each with the time reached: a progress display costs nothing
	 * per event, and nothing at all when NULL.  The results are the same. */
	void (*progress)(void *arg, sim_time_t now, sim_time_t end);
	void *progress_arg;
};

struct rxsim_run {
	const struct scenario *sc;
	struct sim sim;
	struct host host;
	double wall_s;
	bool conserved;
	char conservation_msg[512];
};

/* rxsim_run() was stopped through rxsim_outputs.stop_flag. */
#define RXSIM_EINTERRUPTED	(-4)

/* Build, run to the scenario's duration, and check conservation.
 * Returns 0, RXSIM_EINTERRUPTED, or RXSIM_EINTERNAL with @err filled. */
int rxsim_run(struct rxsim_run *r, const struct scenario *sc, const struct rxsim_outputs *out,
	      struct rxsim_err *err);
void rxsim_run_free(struct rxsim_run *r);

/* The summary (stable key order); the caller owns the tree.  Wall-clock
 * values appear only under "run" and only if @with_wall. */
cJSON *rxsim_summary(const struct rxsim_run *r, bool with_wall);
/* latency.csv: quantile function of each latency stage. */
void rxsim_write_latency_csv(FILE *f, const struct rxsim_run *r);
/* Human-readable summary for a terminal. */
void rxsim_print_summary(FILE *f, const struct rxsim_run *r);

/* The value at a dotted summary path ("cpus.0.share.idle"), or NULL. */
const cJSON *rxsim_summary_lookup(const cJSON *root, const char *path);
/* Evaluate the scenario's expect bounds (and extra ones) against @summary.
 * Prints each failure to @f; returns the number of failed bounds, or
 * RXSIM_EINPUT (with @err) for a path that names nothing in the summary. */
int rxsim_check_expect(const cJSON *summary, const struct expect_cfg *ex, uint32_t n,
		       FILE *f, struct rxsim_err *err);
/* Before running: does every path of @ex name a number the summary of @sc
 * holds?  Returns 0; or 1 with @bad the index of the first that does not
 * and @near the closest path that does ("" if none is close); or
 * RXSIM_EINTERNAL (out of memory). */
int rxsim_expect_known(const struct scenario *sc, const struct expect_cfg *ex, uint32_t n,
		       uint32_t *bad, char *near, size_t nearlen);
/* Every number the summary of @sc can hold, as dotted paths ("drops.total",
 * "cpus.0.share.idle"), from the summary writer itself on a host built but
 * not run; NULL-terminated, or NULL if out of memory. */
char **rxsim_summary_paths(const struct scenario *sc);
void rxsim_summary_paths_free(char **paths);

/* An output that appears whole or not at all: written to a temporary file
 * next to @path, renamed over it by outfile_commit().  A symlink is
 * followed (its target is replaced, the link stays); a character device or
 * a FIFO (/dev/null, a pipe) is written through, never replaced; anything
 * else that is not a regular file is refused. */
struct outfile {
	char path[4096];	/* the file replaced (a symlink's target) */
	char tmp[4112];
	FILE *f;
	bool direct;		/* written through a special file: no rename */
	bool pending;		/* tmp exists and is not renamed yet */
	int slot;		/* in the list of temporaries a signal removes */
};

int outfile_open(struct outfile *o, const char *path, struct rxsim_err *err);
int outfile_commit(struct outfile *o, struct rxsim_err *err);
/* Commit @n outputs as one: every one written and flushed first, then all
 * renamed; if any fails, none of the temporaries is left. */
int outfile_commit_set(struct outfile *const *set, int n, struct rxsim_err *err);
void outfile_abort(struct outfile *o);
/* Unlink every temporary output not yet committed or aborted: only
 * async-signal-safe calls, for a handler that ends the process. */
void outfile_remove_temporaries(void);

/* Write @len bytes to @path through outfile_*. */
int rxsim_write_file(const char *path, const char *data, size_t len, struct rxsim_err *err);

#endif
