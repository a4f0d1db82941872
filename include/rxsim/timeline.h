/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - observers of a run written while it goes: the timeline
 * trace (Chrome trace-event JSON for Perfetto) and the sampled per-packet
 * trace (CSV).  Both are bounded: the timeline by its time window, the
 * packet trace by 1-in-N sampling and a row limit.
 */
#ifndef RXSIM_TIMELINE_H
#define RXSIM_TIMELINE_H

#include <stdio.h>

#include "rxsim/host.h"

struct tl_open_slice {
	int acct;
	const char *name;
	sim_time_t start, end;
};

struct observers {
	struct host_hooks hooks;
	struct host *host;
	/* timeline */
	FILE *tl;
	sim_time_t from, to;
	struct sim_event counter_ev;
	sim_time_t counter_interval;
	struct tl_open_slice *open;	/* one per CPU */
	uint64_t events;
	/* packet trace */
	FILE *pt;
	uint64_t sample;
	uint64_t rows, max_rows;
};

/* Attach the wanted writers (either FILE may be NULL) to @h. */
int observers_start(struct observers *o, struct host *h, FILE *timeline, FILE *packets);
/* Flush open slices and close the JSON document. */
void observers_finish(struct observers *o);

#endif
