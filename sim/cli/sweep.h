/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - the sweep supervisor: worker processes under libev (only the
 * rxsim executable links libev; the pure parts are in rxsim/sweep.h).
 */
#ifndef RXSIM_SIM_SWEEP_H
#define RXSIM_SIM_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/sweep.h"

struct sweep_run_opts {
	unsigned jobs;		/* worker processes at once */
	bool progress;		/* draw a progress bar on stderr (a TTY) */
	bool verbose;		/* log each finished point on stderr */
};

struct sweep_run_stats {
	bool interrupted;	/* SIGINT/SIGTERM: workers stopped */
	bool crashed;		/* a worker died of a signal or exited oddly */
	bool fork_failed;	/* fork() or pipe() failed: points left unrun */
};

/**
 * sweep_supervise - run every repetition of every point with @skip[i] false
 * in worker processes, @o->jobs at a time, and record each into @res[i].
 * A point is complete when res[i].row_tail is set.  Returns 0, or
 * RXSIM_EINTERNAL if the supervisor itself failed.
 */
int sweep_supervise(const struct sweep *sw, struct sweep_result *res, const bool *skip,
		    const struct sweep_run_opts *o, struct sweep_run_stats *st);

#endif
