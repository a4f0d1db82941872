/* SPDX-License-Identifier: MIT */
/*
 * estimate.h - what a run will need before it starts: memory (packet pool,
 * flow tables, RFS table, CPUs, threads, queues) and output bytes (time
 * series rows, packet trace, timeline samples).  Each key is bounded on its
 * own; their product is not, so a run is refused up front when the
 * estimate passes the limits, naming the keys that weigh most.
 */
#ifndef RXSIM_ESTIMATE_H
#define RXSIM_ESTIMATE_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

#define ESTIMATE_MAX_PARTS 64

struct estimate_part {
	char key[96];		/* JSON pointer of the key that drives it */
	uint64_t bytes;
};

struct estimate {
	uint64_t memory, output;
	struct estimate_part mem[ESTIMATE_MAX_PARTS], out[ESTIMATE_MAX_PARTS];
	int nmem, nout;
};

/* Which outputs the run writes (only those count towards the output). */
struct estimate_outputs {
	bool timeseries;	/* --out: time series, latency CSV, summary */
	bool timeline;		/* --trace */
	bool packets;		/* --packet-trace */
};

void rxsim_estimate(const struct scenario *sc, const struct estimate_outputs *o,
		    struct estimate *e);
/* RXSIM_EINPUT with a one-line message naming the heaviest keys if the
 * estimate passes @max_memory or @max_output (0: no limit); else 0. */
int rxsim_check_limits(const struct scenario *sc, const struct estimate *e,
		       uint64_t max_memory, uint64_t max_output, struct rxsim_err *err);
/* Defaults: half the physical memory; half the space free where @dir is
 * (0 if unknown: no limit). */
uint64_t rxsim_default_max_memory(void);
uint64_t rxsim_default_max_output(const char *dir);

#endif
